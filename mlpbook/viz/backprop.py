"""Figures of chapter 6, backpropagation: its notation, the backward pass, and its examples.

Two diagrams say what the chapter's symbols mean and where they live:
:func:`plot_notation` labels the layers of 784-16-16-10 (numbered from 0, the input, as in
the equations; the video counts from 1), one weight ``w_jk`` "to j from k", the matrices
``W^(l)`` with their shapes, and the vectors each layer holds; :func:`plot_backward_pass` shows
which quantity flows where, forwards (activations) and backwards (errors δ, sent back through
the transposed weights), and where each layer's gradient comes from.

The other functions draw the chapter's worked examples with their words in the reader's
language, so the chapter's code passes numbers only: what one example wants
(:func:`plot_example_wants`, :func:`plot_output_wishes`, :func:`plot_example_bias_nudges`,
built on the nudge figures of :mod:`mlpbook.viz.training`), the tiny networks worked by
hand (:func:`plot_tiny_network`) and the engines' times (:func:`plot_engine_seconds`).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .training import (_chinese_next_to_math, _nudges_words, plot_levers, plot_nudge_rows,
                       plot_output_nudges)
from ..i18n import T
from . import BLUE, GREY, RED, describe, plot_engine_times, plot_small_network, show_digit, tr
from ._alt import listing, number

__all__ = ["plot_notation", "plot_backward_pass", "plot_example_wants", "plot_output_wishes",
           "plot_example_bias_nudges", "plot_tiny_network", "plot_engine_seconds", "plot_levers"]

_SIZES = (784, 16, 16, 10)


def _layer_names(n_layers):
    """Layer 0 is the input, the last the output, the others hidden (numbered from 1)."""
    last = n_layers - 1
    names = [tr("layer 0: input", "第 0 层：输入层")]
    names += [tr(f"layer {l}: hidden", f"第 {l} 层：隐含层") for l in range(1, last)]
    names.append(tr(f"layer {last} = L: output", f"第 {last} 层 = L：输出层"))
    return names


def _column(ax, x, n_drawn, radius=0.16, gap=0.5, colour="white", top=1.6):
    """Draw ``n_drawn`` neurons in a column (with a ⋮ before the last); return their y's."""
    ys = top - gap * np.arange(n_drawn + 1)
    ys = np.delete(ys, n_drawn - 1)       # leave room for the dots
    for y in ys:
        ax.add_patch(plt.Circle((x, y), radius, facecolor=colour, edgecolor="black", lw=1.1,
                                zorder=3))
    ax.text(x, top - gap * (n_drawn - 1), "⋮", ha="center", va="center", fontsize=12)
    return ys


def plot_notation(sizes=_SIZES, figsize=(7, 4.3)):
    """The chapter's notation on a labelled diagram of the network.

    Layers are numbered from 0 (the input) to L (the output); the video's numbering, from 1,
    is written above in grey. One weight is outlined: ``w^(2)_jk``, to neuron j of layer 2
    from neuron k of layer 1. Under each gap: the matrix ``W^(l)`` with its shape (one row
    per neuron it leads to); under each layer: the vectors it holds.
    """
    sizes = tuple(int(n) for n in sizes)
    L = len(sizes) - 1
    fig, ax = plt.subplots(figsize=figsize)
    xs = np.arange(len(sizes)) * 2.0
    drawn = [4] * len(sizes)
    columns = [_column(ax, x, n) for x, n in zip(xs, drawn)]
    for l in range(1, len(sizes)):
        for y0 in columns[l - 1]:
            for y1 in columns[l]:
                ax.plot([xs[l - 1], xs[l]], [y0, y1], color="#bbbbbb", lw=0.6, zorder=1)
    # the outlined weight, to j (layer 2) from k (layer 1)
    hl = min(2, L)
    k_y, j_y = columns[hl - 1][1], columns[hl][0]
    ax.plot([xs[hl - 1], xs[hl]], [k_y, j_y], color="black", lw=2.4, zorder=2)
    ax.text(xs[hl - 1] - 0.3, k_y, "$k$", ha="right", va="center", fontsize=11)
    ax.text(xs[hl] + 0.3, j_y, "$j$", ha="left", va="center", fontsize=11)
    mid_x, mid_y = (xs[hl - 1] + xs[hl]) / 2, (k_y + j_y) / 2
    ax.annotate(f"$w^{{({hl})}}_{{jk}}$", xy=(mid_x, mid_y), xytext=(mid_x, 2.35),
                ha="center", va="bottom", fontsize=12,
                arrowprops=dict(arrowstyle="->", color="black", lw=0.8))
    ax.text(mid_x, 2.1, tr("to $j$ from $k$", "从 $k$ 到 $j$"), ha="center", va="top",
            fontsize=9)
    # the layers' names, the video's numbering, the sizes and what each layer holds
    for l, (x, name) in enumerate(zip(xs, _layer_names(len(sizes)))):
        ax.text(x, 3.05, name, ha="center", va="bottom", fontsize=9)
        ax.text(x, 3.45, tr(f"(the video's layer {l + 1})", f"（视频中的第 {l + 1} 层）"),
                ha="center", va="bottom", fontsize=8, color=GREY)
        ax.text(x, -0.7, tr(f"{sizes[l]} neurons", f"{sizes[l]} 个神经元"), ha="center",
                va="top", fontsize=8.5)
        held = ("$a^{(0)} = x$" if l == 0 else
                f"$z^{{({l})}},\\ a^{{({l})}},\\ \\delta^{{({l})}}$")
        ax.text(x, -1.1, held, ha="center", va="top", fontsize=10)
    for l in range(1, len(sizes)):
        x = (xs[l - 1] + xs[l]) / 2
        ax.text(x, -1.7, f"$W^{{({l})}}$: {sizes[l]}×{sizes[l - 1]}", ha="center", va="top",
                fontsize=10, color=BLUE)
        ax.text(x, -2.1, f"$b^{{({l})}}$: {sizes[l]}", ha="center", va="top", fontsize=10,
                color=BLUE)
    ax.text(xs.mean(), -2.7, r"$z^{(l)} = W^{(l)} a^{(l-1)} + b^{(l)}, \quad "
            r"a^{(l)} = \sigma(z^{(l)}), \quad \delta^{(l)} = \partial C / \partial z^{(l)}, "
            r"\quad (u \odot v)_j = u_j v_j$", ha="center", va="top", fontsize=10)
    ax.set_xlim(xs[0] - 1.0, xs[-1] + 1.0)
    ax.set_ylim(-3.25, 3.9)
    ax.set_aspect("equal")
    ax.axis("off")
    _chinese_next_to_math(fig)
    fig.tight_layout(pad=0.3)
    shapes = listing([f"W{_sup(l, True)} {sizes[l]}×{sizes[l - 1]}"
                      for l in range(1, len(sizes))])
    return describe(fig, T("Notation on the network {s}: layers 0 (input) to L = {L} (output), one "
                           "more in the video; outlined, the weight w{h}_jk to neuron j of layer "
                           "{hl} from neuron k of layer {k}; matrices {shapes} and bias vectors; "
                           "each layer holds z, a and δ",
                           "网络 {s} 上的记号：各层从 0（输入）到 L = {L}（输出），视频中的编号多 1；"
                           "加粗的权重 w{h}_jk 从第 {k} 层的神经元 k 到第 {hl} 层的神经元 j；矩阵 "
                           "{shapes} 和偏置向量；每层存有 z、a 和 δ").format(
        s="-".join(map(str, sizes)), L=L, h=_sup(hl, True), hl=hl, k=hl - 1, shapes=shapes))


def plot_backward_pass(sizes=_SIZES, figsize=(7, 4.4)):
    """What flows where in one backpropagation through the network.

    Top row, left to right (blue): the forward pass hands each layer's activations
    ``a^(l)`` to the next, and the output to the cost. Middle row, right to left (red): the
    output error ``δ^L`` (BP1) is sent back through the transposed weights and scaled by
    ``σ′`` (BP2), layer by layer down to layer 1; no error is needed for the input layer,
    which has no weights into it. Bottom row: each layer's gradient, from its error and the
    activations of the layer before (BP3, BP4), with its shape.
    """
    sizes = tuple(int(n) for n in sizes)
    L = len(sizes) - 1
    xs = np.arange(len(sizes)) * 2.0
    fig, ax = plt.subplots(figsize=figsize)
    y_fwd, y_err, y_grad = 2.0, 0.6, -0.9
    box = dict(boxstyle="round,pad=0.3", fc="white", ec=GREY, lw=0.8)
    for l, (x, name) in enumerate(zip(xs, _layer_names(len(sizes)))):
        ax.text(x, 3.0, name, ha="center", va="bottom", fontsize=8.5)
        ax.text(x, y_fwd, f"$a^{{{l}}}$", ha="center", va="center", fontsize=11, bbox=box)
        ax.text(x, 2.55, tr(f"{sizes[l]} numbers", f"{sizes[l]} 个数"), ha="center",
                va="bottom", fontsize=7.5, color=GREY)
    ax.text(xs[-1] + 1.2, y_fwd, "$C$", ha="center", va="center", fontsize=11, bbox=box)
    for l in range(1, len(sizes)):
        ax.annotate("", xy=(xs[l] - 0.35, y_fwd), xytext=(xs[l - 1] + 0.35, y_fwd),
                    arrowprops=dict(arrowstyle="->", color=BLUE, lw=1.6))
        ax.text((xs[l - 1] + xs[l]) / 2, y_fwd + 0.12, f"$W^{{{l}}} a^{{{l - 1}}} + b^{{{l}}}$",
                ha="center", va="bottom", fontsize=8.5, color=BLUE)
    ax.annotate("", xy=(xs[-1] + 0.9, y_fwd), xytext=(xs[-1] + 0.35, y_fwd),
                arrowprops=dict(arrowstyle="->", color=BLUE, lw=1.6))
    ax.text(xs[0] - 0.75, y_fwd, tr("forward", "前向"), ha="right", va="center",
            fontsize=9, color=BLUE)
    # errors: BP1 at the output, BP2 back to layer 1
    for l in range(1, len(sizes)):
        ax.text(xs[l], y_err, f"$\\delta^{{{l}}}$", ha="center", va="center", fontsize=11,
                bbox=dict(boxstyle="round,pad=0.3", fc="#fde0dd", ec=RED, lw=0.8))
    ax.annotate("", xy=(xs[-1] + 0.3, y_err + 0.2), xytext=(xs[-1] + 1.2, y_fwd - 0.3),
                arrowprops=dict(arrowstyle="->", color=RED, lw=1.4))
    ax.text(xs[-1] + 1.0, (y_err + y_fwd) / 2 - 0.25, "BP1", ha="left", va="center",
            fontsize=8, color=RED)
    for l in range(L, 1, -1):
        ax.annotate("", xy=(xs[l - 1] + 0.35, y_err), xytext=(xs[l] - 0.35, y_err),
                    arrowprops=dict(arrowstyle="->", color=RED, lw=1.6))
        ax.text((xs[l - 1] + xs[l]) / 2, y_err + 0.12,
                f"$(W^{{{l}}})^{{\\mathsf{{T}}}} \\delta^{{{l}}}$", ha="center", va="bottom",
                fontsize=8.5, color=RED)
        ax.text((xs[l - 1] + xs[l]) / 2, y_err - 0.12, f"BP2, $\\odot\\, \\sigma'(z^{{{l - 1}}})$",
                ha="center", va="top", fontsize=7.5, color=RED)
    ax.text(xs[0], y_err, tr("no error\nneeded", "不需要\n误差"), ha="center", va="center",
            fontsize=8, color=GREY)
    ax.text(xs[0] - 0.75, y_err, tr("backward", "反向"), ha="right", va="center", fontsize=9,
            color=RED)
    # gradients: BP3 and BP4, from δ^l and a^(l-1)
    for l in range(1, len(sizes)):
        ax.annotate("", xy=(xs[l], y_grad + 0.3), xytext=(xs[l], y_err - 0.3),
                    arrowprops=dict(arrowstyle="->", color="black", lw=1.0))
        ax.annotate("", xy=(xs[l] - 0.25, y_grad + 0.3), xytext=(xs[l - 1] + 0.15, y_fwd - 0.3),
                    arrowprops=dict(arrowstyle="->", color=BLUE, lw=0.7, alpha=0.6,
                                    connectionstyle="arc3,rad=0.15"))
        ax.text(xs[l], y_grad, f"$\\partial C/\\partial W^{{{l}}} = \\delta^{{{l}}} "
                f"(a^{{{l - 1}}})^{{\\mathsf{{T}}}}$", ha="center", va="top", fontsize=8.5)
        ax.text(xs[l], y_grad - 0.42, f"$\\partial C/\\partial b^{{{l}}} = \\delta^{{{l}}}$",
                ha="center", va="top", fontsize=8.5)
        ax.text(xs[l], y_grad - 0.85, f"{sizes[l]}×{sizes[l - 1]} + {sizes[l]}", ha="center",
                va="top", fontsize=7.5, color=GREY)
    ax.text(xs[0] - 0.75, y_grad - 0.3, tr("gradient", "梯度"), ha="right", va="center",
            fontsize=9)
    ax.text(xs[0], y_grad - 0.3, "BP3, BP4", ha="center", va="center", fontsize=8, color=GREY)
    ax.set_xlim(xs[0] - 1.7, xs[-1] + 1.7)
    ax.set_ylim(-2.0, 3.4)
    ax.axis("off")
    _chinese_next_to_math(fig)
    fig.tight_layout(pad=0.3)
    grads = listing([f"{sizes[l]}×{sizes[l - 1]} + {sizes[l]}" for l in range(1, len(sizes))])
    return describe(fig, T("Backpropagation through {s}. Forward (blue): activations a⁰ to a{L} flow "
                           "into the cost C. Backward (red): the output error δ{L} (BP1) goes back "
                           "through the transposed weights, times σ′, to δ¹ (BP2). Each gradient "
                           "comes from a layer's δ and the activations before it (BP3, BP4): "
                           "{grads}",
                           "经过 {s} 的反向传播。前向（蓝）：激活值 a⁰ 到 a{L} 向右流入代价 C。"
                           "反向（红）：输出误差 δ{L}（BP1）经转置的权重传回并乘以 σ′，直到 δ¹"
                           "（BP2）。每层的梯度来自它的 δ 和前一层的激活值（BP3、BP4）：{grads}"
                           ).format(s="-".join(map(str, sizes)), L=_sup(L), grads=grads))


def _sup(n, brackets=False):
    """A layer number as a superscript: 3 → ³ (or ⁽³⁾)."""
    text = str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"⁽{text}⁾" if brackets else text


def plot_example_wants(x, wants, index=None, figsize=(7, 2.6)):
    """One training example and what it wants from the outputs (chapter 6's first picture).

    ``x`` is the image, ``wants`` its :class:`mlpbook.lessons.backprop_levers.ExampleNudges`,
    ``index`` its number in the training set (for the title).
    """
    fig, (ax_digit, ax_out) = plt.subplots(1, 2, figsize=figsize,
                                           gridspec_kw={"width_ratios": [1, 3]})
    title = None if index is None else tr(f"training image {index}", f"训练图像 {index}")
    show_digit(x, ax=ax_digit, title=title)
    plot_output_nudges(wants.activations[-1], wants.label, ax=ax_out)
    fig.tight_layout()
    head = (T("An image of a {d}", "一张数字 {d} 的图像") if index is None else
            T("Training image {i}, a {d}", "训练图像 {i}，一个 {d}")).format(i=index, d=wants.label)
    return describe(fig, T("{head}, beside what it wants: {wants}", "{head}，旁边是它的愿望：{wants}"
                           ).format(head=head, wants=_nudges_words(
                               np.asarray(wants.activations[-1], dtype=float), int(wants.label))))


def plot_output_wishes(wants, figsize=(7, 3.6)):
    """Each output neuron's wish for the last hidden layer, and their sum (lever 3, added up).

    ``wants`` is an :class:`mlpbook.lessons.backprop_levers.ExampleNudges`; row j is output j's
    wish ``w_jk Δz_j`` for each hidden neuron k, the bottom row their sum.
    """
    out = wants.levers[-1]
    hidden = len(wants.levers) - 1          # the layer before the output
    n_out = out.wishes.shape[0]
    fig = plot_nudge_rows(
        out.wishes, out.previous, [tr(f"output {j}", f"输出 {j}") for j in range(n_out)],
        tr("sum", "总和"),
        tr(f"neuron $k$ of hidden layer {hidden}", f"隐含层 {hidden} 的神经元 $k$"),
        title=tr(f"each output's wish $w_{{jk}}\\,\\Delta z_j$ for hidden layer {hidden}",
                 f"每个输出对隐含层 {hidden} 的愿望 $w_{{jk}}\\,\\Delta z_j$"),
        figsize=figsize)
    total = out.previous
    up, down = int(np.argmax(total)), int(np.argmin(total))
    return describe(fig, T("A grid of what each of the {n} output neurons wishes for the {m} neurons "
                           "of hidden layer {h}, w_jk Δz_j, green up, red down, from {lo} to {hi}; "
                           "below, their sum for each neuron: from {tlo} (neuron {d}) to {thi} "
                           "(neuron {u})",
                           "网格：{n} 个输出神经元各自对隐含层 {h} 的 {m} 个神经元的愿望 w_jk Δz_j，"
                           "绿色为增，红色为减，从 {lo} 到 {hi}；下面是每个神经元的愿望之和：从 "
                           "{tlo}（神经元 {d}）到 {thi}（神经元 {u}）").format(
        n=n_out, m=total.size, h=hidden, lo=f"{out.wishes.min():+.2f}",
        hi=f"{out.wishes.max():+.2f}", tlo=f"{total[down]:+.2f}", thi=f"{total[up]:+.2f}",
        d=down, u=up))


def plot_example_bias_nudges(nudges, labels, figsize=(7, 3.6)):
    """Each example's nudge of the output biases (one row per example) and their average.

    ``nudges`` has one row per example (the 10 output-bias nudges), ``labels`` their digits.
    """
    nudges = np.asarray(nudges, dtype=float)
    fig = plot_nudge_rows(
        nudges, nudges.mean(axis=0), [tr(f"a {int(y)}", f"一个 {int(y)}") for y in labels],
        tr("average", "平均"), tr("bias of output neuron", "输出神经元的偏置"),
        ylabel=tr("example", "样本"), fmt="{:+.3f}",
        title=tr(f"each example's nudge of the {nudges.shape[1]} output biases",
                 f"每个样本对 {nudges.shape[1]} 个输出偏置的微调"), figsize=figsize)
    mean = nudges.mean(axis=0)
    return describe(fig, T("A grid of how each of {n} examples (digits {digits}) would nudge the {m} "
                           "output biases, green up, red down, from {lo} to {hi}; below, their "
                           "average, from {alo} to {ahi}, {r} times smaller than one example's "
                           "nudges on average",
                           "网格：{n} 个样本（数字 {digits}）各自对 {m} 个输出偏置的微调，绿色为增，"
                           "红色为减，从 {lo} 到 {hi}；下面是它们的平均，从 {alo} 到 {ahi}，平均"
                           "只有单个样本微调的 1/{r}").format(
        n=len(nudges), digits=" ".join(str(int(y)) for y in labels), m=nudges.shape[1],
        lo=f"{nudges.min():+.3f}", hi=f"{nudges.max():+.3f}", alo=f"{mean.min():+.3f}",
        ahi=f"{mean.max():+.3f}",
        r=number(np.abs(nudges).mean() / max(np.abs(mean).mean(), 1e-300), ".2g")))


def plot_tiny_network(weights, activations, highlight=(), figsize=None):
    """A network of 2 or 3 layers drawn in full, its layers named (the chapter's tiny nets).

    Arguments as for :func:`mlpbook.viz.plot_small_network`: ``weights`` the matrices,
    ``activations`` the vectors (input first), ``highlight`` the ``(layer, j, k)`` edges to
    outline.
    """
    names = [T("input x", "输入 x")]
    if len(weights) == 2:
        names.append(T("hidden $a^{(1)}$", "隐含层 a⁽¹⁾"))
        names.append(T("output $a^{(2)}$", "输出 a⁽²⁾"))
    else:
        names += [T(f"layer {l}", f"第 {l} 层") for l in range(1, len(weights))]
        names.append(T("output a", "输出 a"))
    figsize = figsize or ((4.6, 2.5) if len(weights) == 1 else (5.6, 2.4))
    return plot_small_network(weights, activations, highlight=highlight, layer_names=names,
                              figsize=figsize)


#: The training engines of :func:`mlpbook.train`, named for the figure.
_ENGINES = {"reference": ("reference", "参考实现"), "vectorized": ("vectorized", "向量化"),
            "numba": ("Numba", "Numba")}


def plot_engine_seconds(seconds, n_images):
    """Seconds per epoch of each training engine (``{"reference": 1.2, ...}``), log scale."""
    names = [T(*_ENGINES.get(engine, (engine, engine))) for engine in seconds]
    return plot_engine_times(names, list(seconds.values()),
                             unit=T(f"seconds per epoch, {n_images:,} images",
                                    f"每轮秒数，{n_images:,} 张图像"))
