"""Figures of what a trained network learned (chapter 8): weights, activations, confidence.

Only drawing happens here; every number comes from :mod:`mlpbook.lessons.inspect` or the network.
The look is the book's (:mod:`mlpbook.viz`): weights green positive and red negative, digits
and activations grey with 0 black and 1 white, the network's answer in green. Every function
returns the matplotlib Figure and is sized for a ~700 px column. Words are drawn through
:func:`mlpbook.viz.tr` (Chinese in the Chinese edition); the names a chapter passes in (rows,
legend entries) are drawn in the reader's language when they are chapter 8's names
(:data:`mlpbook.lessons.inspect.NAMES`), and as given otherwise.
"""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt

from ..i18n import T
from ..lessons.inspect import NAMES
from . import (BLUE, DIGIT_CMAP, GREEN, GREY, RED, _frame, _square, describe, show_digits_titled,
               show_weight_images, show_weights, tr, weight_limit)
from ._alt import both, listing, number

__all__ = ["percent_text", "label", "show_first_layer", "show_ideal_starts", "plot_edge_likeness", "show_neurons_and_edges", "plot_layer_activations",
           "plot_top_outputs", "show_ideal_digits", "plot_shift_accuracy"]


def percent_text(p, digits=1):
    """A probability as a short percentage that never rounds up to 100%: ``">99.9%"``."""
    p = float(p)
    top = 1 - 10.0 ** -(digits + 2)
    if p >= top:
        return f">{100 * top:.{digits}f}%"
    return f"{100 * p:.{digits}f}%"


def label(key):
    """A name as drawn: chapter 8's names (:data:`mlpbook.lessons.inspect.NAMES`) in the reader's
    language, any other text unchanged."""
    return tr(_name(key))


def _name(key):
    """A name in both languages: chapter 8's (:data:`mlpbook.lessons.inspect.NAMES`), others as given."""
    return NAMES.get(key) or both(key)


def show_first_layer(weights, ncols=8, size=0.85):
    """The first-layer weights of a network, one 28 x 28 image per neuron, on one colour
    scale, each titled with its neuron's number."""
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    titles = [tr(f"neuron {k}", f"神经元 {k}") for k in range(len(W))]
    fig = show_weight_images(W, titles=titles, ncols=ncols, size=size)
    big = np.abs(W).max(axis=1)
    return describe(fig, T("First-layer weights of the {n} neurons (0 to {last}) as 28×28 images on "
                           "one colour scale, green positive, red negative, white zero; each "
                           "neuron's largest |w| between {lo} and {hi}",
                           "第一层 {n} 个神经元（0 到 {last}）的权重，画成 28×28 的图像，共用一个"
                           "色标，绿色为正，红色为负，白色为零；各神经元最大的 |w| 在 {lo} 到 {hi} "
                           "之间").format(n=len(W), last=len(W) - 1, lo=number(big.min()),
                                          hi=number(big.max())))


def show_ideal_starts(found, ncols=3, size=1.3):
    """Ideal images of one digit climbed from different starts, titled with the start and
    the network's output for its digit.

    ``found`` maps the name of a start ("black", "grey", "noise") to what
    :func:`mlpbook.lessons.inspect.ideal_input` returned from it.
    """
    titles = [tr(f"from {label(k)}: {percent_text(f.confidence)}",
                 f"从{label(k)}出发：{percent_text(f.confidence)}") for k, f in found.items()]
    fig = show_digits_titled([f.image for f in found.values()], titles, ncols=ncols, size=size)
    digits = sorted({int(f.digit) for f in found.values()})
    starts = listing([T("from {s}: {p}", "从{s}出发：{p}").format(
        s=_name(k), p=percent_text(f.confidence)) for k, f in found.items()], 6, "; ", "；")
    return describe(fig, T("The input the network likes best for {d}, climbed from {n} starts, as "
                           "28×28 images with its output for {d}: {starts}; mean brightness "
                           "{ink} (0 black, 1 white)",
                           "网络最喜欢的 {d} 的输入，从 {n} 个起点爬出来，画成 28×28 的图像，并"
                           "给出网络对 {d} 的输出：{starts}；平均亮度 {ink}（0 为黑，1 为白）"
                           ).format(d="/".join(map(str, digits)), n=len(found), starts=starts,
                                    ink=number(np.mean([f.image for f in found.values()]), ".2f")))


def plot_edge_likeness(scores, reference=None, figsize=(7, 2.4)):
    """One row of dots per group of neurons: each neuron's edge-likeness score, 0 to 1.

    ``scores`` maps a name to an array of scores (one per neuron); the group's mean is marked
    with a vertical bar. ``reference`` (optional) maps a label to one score drawn as a dashed
    line across all rows (e.g. a clean edge detector that is not in the bank).
    """
    names = list(scores)
    fig, ax = plt.subplots(figsize=figsize)
    colours = [GREEN, BLUE, GREY, RED, "#e08214"]
    for row, name in enumerate(names):
        values = np.asarray(scores[name], dtype=float)
        jitter = np.linspace(-0.18, 0.18, len(values)) if len(values) > 1 else np.zeros(1)
        colour = colours[row % len(colours)]
        ax.scatter(values, row + jitter, s=18, color=colour, alpha=0.8, zorder=3)
        ax.plot([values.mean()] * 2, [row - 0.32, row + 0.32], color=colour, lw=2.5, zorder=2)
    for text, value in (reference or {}).items():
        ax.axvline(value, color="black", lw=1, ls="--", zorder=1)
        ax.text(value, len(names) - 0.45, f" {text}", fontsize=8, va="bottom", ha="right"
                if value > 0.7 else "left")
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels([label(name) for name in names])
    ax.set_ylim(len(names) - 0.3, -0.6)
    ax.set_xlim(0, 1)
    ax.set_xlabel(tr("edge-likeness: largest |cosine| with a hand-made line detector",
                     "边缘相似度：与手工线条检测器的 |余弦| 的最大值"))
    fig.tight_layout()
    means = listing([T("{name} {m}", "{name} {m}").format(
        name=_name(name), m=number(np.mean(scores[name]), ".2f")) for name in names], 8, "; ", "；")
    return describe(fig, T("Edge-likeness, from 0 to 1, of {k} groups of neurons (the largest "
                           "|cosine| of each neuron's weights with a hand-made line detector), one "
                           "dot per neuron and a bar at each group's mean: {means}",
                           "{k} 组神经元的边缘相似度（0 到 1；每个神经元的权重与手工线条检测器的 "
                           "|余弦| 的最大值），每个神经元一个点，横线为每组的均值：{means}").format(
        k=len(names), means=means))


def show_neurons_and_edges(weights, edges, scores, ncols=8, size=0.82, shape=(28, 28)):
    """Each neuron's weights (each on its own colour scale) above its best-matching detector.

    ``weights`` and ``edges`` have one row per neuron (784 values); ``scores`` one number
    each, written above the neuron.
    """
    W, E = np.asarray(weights, dtype=float), np.asarray(edges, dtype=float)
    n = len(W)
    ncols = min(ncols, n)
    blocks = int(np.ceil(n / ncols))
    title_h, gap = 0.2, 0.12   # inches: room for the titles, space between blocks
    ratios = []
    for block in range(blocks):
        ratios += [title_h, size, size] + ([gap] if block < blocks - 1 else [])
    height = sum(ratios) + 0.05
    fig = plt.figure(figsize=(size * ncols * 1.06, height))
    grid = fig.add_gridspec(len(ratios), ncols, height_ratios=ratios, left=0.01, right=0.99,
                            bottom=0.01, top=0.99, wspace=0.08, hspace=0.0)
    for k in range(n):
        block, col = divmod(k, ncols)
        first = 4 * block
        for row, image in ((first + 1, W[k]), (first + 2, E[k])):
            ax = fig.add_subplot(grid[row, col])
            show_weights(_square(image, shape), ax=ax, limit=weight_limit(image))
            _frame(ax)
        label = fig.add_subplot(grid[first, col])
        label.axis("off")
        label.text(0.5, 0.15, f"{k}: {float(scores[k]):.2f}", fontsize=8, ha="center",
                   va="bottom", transform=label.transAxes)
    s = np.asarray(scores, dtype=float)[:n]
    return describe(fig, T("Each of {n} neurons' weights (28×28, green positive, red negative) above "
                           "the hand-made line detector most like it, titled with the neuron's "
                           "number and their |cosine|: from {lo} to {hi}, mean {m}",
                           "{n} 个神经元各自的权重（28×28，绿色为正，红色为负），下面是与它最像的"
                           "手工线条检测器，标题为神经元编号和两者的 |余弦|：从 {lo} 到 {hi}，均值 "
                           "{m}").format(n=n, lo=number(s.min(), ".2f"), hi=number(s.max(), ".2f"),
                                         m=number(s.mean(), ".2f")))


def plot_layer_activations(activations, label=None, figsize=(7, 2.6)):
    """One input's activations, layer by layer: the image, then a bar per neuron.

    ``activations`` is a list as :meth:`mlpbook.Network.layer_activations` returns it (input
    first). Hidden neurons above 0.5 are drawn dark, the rest light; the answer is green.
    """
    acts = [np.asarray(a, dtype=float).ravel() for a in activations]
    n_layers = len(acts)
    widths = [1.0] + [max(1.2, 0.11 * a.size) for a in acts[1:]]
    fig, axes = plt.subplots(1, n_layers, figsize=figsize, gridspec_kw={"width_ratios": widths})
    axes[0].imshow(_square(acts[0]), cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
    axes[0].set_xticks([])
    axes[0].set_yticks([])
    axes[0].set_title(tr("input", "输入") if label is None
                      else tr(f"input (a {label})", f"输入（数字 {label}）"), fontsize=9)
    answer = int(np.argmax(acts[-1]))
    for k, (ax, a) in enumerate(zip(axes[1:], acts[1:]), start=1):
        last = k == n_layers - 1
        if last:
            colours = [GREEN if j == answer else GREY for j in range(a.size)]
            title = tr("output layer", "输出层")
        else:
            colours = ["#333333" if v > 0.5 else "#bbbbbb" for v in a]
            on = int(np.sum(a > 0.5))
            title = tr(f"hidden layer {k}\n{on} of {a.size} above 0.5",
                       f"隐含层 {k}\n{a.size} 个中 {on} 个高于 0.5")
        ax.bar(np.arange(a.size), a, color=colours, width=0.75)
        ax.set_ylim(0, 1.02)
        ax.set_xlim(-0.7, a.size - 0.3)
        ax.set_xticks(np.arange(a.size) if last else [0, a.size - 1])
        ax.tick_params(labelsize=8)
        ax.set_title(title, fontsize=9)
        ax.set_xlabel(tr("digit", "数字") if last else tr("neuron", "神经元"), fontsize=8)
        if k > 1:
            ax.set_yticklabels([])
        else:
            ax.set_ylabel(tr("activation", "激活值"), fontsize=8)
        if not last:
            ax.axhline(0.5, color=GREY, lw=0.6, ls=":")
    fig.tight_layout(w_pad=0.6)
    hidden = listing([T("hidden layer {k}: {on} of {n} above 0.5",
                        "隐含层 {k}：{n} 个中 {on} 个高于 0.5").format(
        k=k, on=int(np.sum(a > 0.5)), n=a.size) for k, a in enumerate(acts[1:-1], start=1)],
        8, "; ", "；")
    what = (T("An input image", "一张输入图像") if label is None
            else T("An input image of a {d}", "一张数字 {d} 的输入图像").format(d=label))
    return describe(fig, T("{what} and its activations layer by layer as bars: {hidden}; output: "
                           "{a} highest at {v} (green)",
                           "{what}以及它逐层的激活值（柱）：{hidden}；输出：{a} 最高，为 {v}"
                           "（绿色）").format(what=what, hidden=hidden, a=answer,
                                            v=number(acts[-1][answer], ".3f")))


def plot_top_outputs(tops, threshold=0.9, bins=40, figsize=(7, 2.8)):
    """Histograms of the largest output for each kind of input, as shares of its images.

    ``tops`` maps a name ("test digits", "uniform noise", ...) to the largest output of each
    image; the dashed line marks ``threshold`` and the legend gives the share above it.
    """
    fig, ax = plt.subplots(figsize=figsize)
    colours = [GREEN, RED, BLUE, GREY]
    edges = np.linspace(0, 1, bins + 1)
    shares = []
    for k, (name, values) in enumerate(tops.items()):
        values = np.asarray(values, dtype=float)
        share = float(np.mean(values > threshold))
        shares.append(T("{name}: {s:.0%} of {n:,}", "{name}：{n:,} 张中的 {s:.0%}").format(
            name=_name(name), s=share, n=values.size))
        weights = np.full(values.size, 100.0 / values.size)
        ax.hist(values, bins=edges, weights=weights, histtype="stepfilled", alpha=0.3,
                color=colours[k % len(colours)])
        ax.hist(values, bins=edges, weights=weights, histtype="step", lw=1.5,
                color=colours[k % len(colours)],
                label=tr(f"{label(name)}: {share:.0%} above {threshold:g}",
                         f"{label(name)}：{share:.0%} 高于 {threshold:g}"))
    ax.axvline(threshold, color="black", lw=1, ls="--")
    ax.set_xlim(0, 1)
    ax.set_xlabel(tr("largest output activation (how sure the answer is)",
                     "最大的输出激活值（答案有多确定）"))
    ax.set_ylabel(tr("share of images (%)", "图像占比（%）"))
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    fig.tight_layout()
    return describe(fig, T("Histograms of the largest output activation, how sure the answer is, "
                           "for {k} kinds of input, as shares of their images; above {t} (dashed): "
                           "{shares}",
                           "{k} 种输入的最大输出激活值（答案有多确定）的直方图，按图像占比画出；高于 "
                           "{t}（虚线）的：{shares}").format(
        k=len(tops), t=number(threshold), shares=listing(shares, 6, "; ", "；")))


def show_ideal_digits(images, confidences, real=None, size=0.68):
    """The network's "ideal" digits 0-9 with its confidence in each; real digits below.

    ``images`` are ten inputs (784 values in 0..1), ``confidences`` the output activation of
    the digit each was made for; ``real`` (optional) ten real digits, 0 to 9, for comparison.
    """
    rows = 1 if real is None else 2
    n = len(images)
    title_h = 0.22
    fig, axes = plt.subplots(rows, n, squeeze=False,
                             figsize=(size * n, (size + title_h) * rows + 0.05))
    for k in range(n):
        ax = axes[0, k]
        ax.imshow(_square(images[k]), cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
        ax.set_title(f"{k}: {percent_text(confidences[k])}", fontsize=7.5, pad=2)
        ax.set_xticks([])
        ax.set_yticks([])
        if real is not None:
            axes[1, k].imshow(_square(real[k]), cmap=DIGIT_CMAP, vmin=0, vmax=1,
                              interpolation="nearest")
            axes[1, k].set_xticks([])
            axes[1, k].set_yticks([])
            axes[1, k].set_title(tr(f"a real {k}", f"真实的 {k}"), fontsize=7.5, pad=2)
    height = (size + title_h) * rows + 0.05
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=1 - title_h / height,
                        wspace=0.08, hspace=title_h / size + 0.05)
    text = T("The inputs the network likes best for the digits 0 to {last}, as 28×28 images titled "
             "with its output for that digit: {conf}; their mean brightness {ink}",
             "网络最喜欢的数字 0 到 {last} 的输入，画成 28×28 的图像，标题为网络对该数字的输出："
             "{conf}；它们的平均亮度为 {ink}").format(
        last=n - 1, conf=listing([f"{k}: {percent_text(c)}" for k, c in enumerate(confidences)]),
        ink=number(np.mean(images), ".2f"))
    if real is not None:
        text = T("{t}; below, a real digit of each kind, mean brightness {ink}",
                 "{t}；下面是每个数字的一个真实样本，平均亮度为 {ink}").format(
            t=text, ink=number(np.mean(real), ".2f"))
    return describe(fig, text)


def plot_shift_accuracy(shifts, accuracies, figsize=(6, 2.6)):
    """Test accuracy against how far the digits were moved from the centre, in pixels.

    ``accuracies`` maps a name to one accuracy (0..1) per shift.
    """
    fig, ax = plt.subplots(figsize=figsize)
    colours = [GREEN, BLUE, RED, GREY]
    lines = listing([T("{name}: from {a:.0f}% to {b:.0f}%", "{name}：从 {a:.0f}% 到 {b:.0f}%").format(
        name=_name(name), a=100 * float(np.ravel(v)[0]), b=100 * float(np.ravel(v)[-1]))
        for name, v in accuracies.items()], 6, "; ", "；")
    for k, (name, values) in enumerate(accuracies.items()):
        ax.plot(shifts, 100 * np.asarray(values, dtype=float), marker="o", ms=4,
                color=colours[k % len(colours)], label=label(name))
    ax.axhline(10, color=GREY, lw=0.8, ls=":")
    chance = tr("chance", "随机水平")
    # The Chinese words are wider than "chance": below the line, where no curve can cross them.
    y, va = (11, "bottom") if chance == "chance" else (9, "top")
    ax.text(shifts[-1], y, chance, fontsize=8, ha="right", va=va, color=GREY)
    ax.set_ylim(0, 100)
    ax.set_xticks(shifts)
    ax.set_xlabel(tr("pixels moved from the centre", "偏离中心的像素数"))
    ax.set_ylabel(tr("test accuracy (%)", "测试准确率（%）"))
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    return describe(fig, T("Test accuracy against how many pixels the digits were moved from the "
                           "centre, {a} to {b}, chance 10% dotted: {lines}",
                           "测试准确率随数字偏离中心的像素数（{a} 到 {b}）的变化，点线为随机水平 "
                           "10%：{lines}").format(a=min(shifts), b=max(shifts), lines=lines))
