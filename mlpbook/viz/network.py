"""Pictures of a network: layered diagrams, a tiny network drawn in full, its output bars.

:func:`draw_network` draws a 784-16-16-10 network as columns of neurons shaded like pixels
(large layers shown in part, with a "⋮"); :func:`plot_small_network` draws a network small
enough to write every weight on its edge (chapter 6's hand-worked backpropagation);
:func:`show_outputs` draws the ten output activations, the network's answer in green.
"""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt

from ._alt import both, describe, listing, number
from ._language import T, tr
from ._style import DIGIT_CMAP, GREEN, GREY, WEIGHT_CMAP, _square, weight_limit

__all__ = ["draw_network", "plot_small_network", "show_outputs"]


def _neuron_rows(n, max_shown, shown=None):
    """Which neurons of a layer to draw, and where the '⋮' gap goes (None: no gap)."""
    if shown is not None:
        idx = [int(i) for i in shown]
        return idx, (len(idx) // 2 if len(idx) < n else None)
    if n <= max_shown:
        return list(range(n)), None
    half = max_shown // 2
    return list(range(half)) + list(range(n - (max_shown - half), n)), half


def draw_network(sizes, activations=None, ax=None, weights=None, max_shown=16, shown=None,
                 layer_names=None, output_labels=None, show_values=False, highlight=True,
                 input_image=None, edges=True, figsize=None, title=None):
    """A layered network drawn as columns of circles, each shaded by its activation.

    Parameters
    ----------
    sizes : neurons per layer, input first, e.g. ``[784, 16, 16, 10]``
    activations : optional list of arrays, one per layer (as ``Network.layer_activations``);
        a circle is black for activation 0 and white for 1, like a pixel. Without
        activations the circles are left empty.
    weights : optional list of weight matrices, shape (n_out, n_in); edges are then coloured
        with :data:`WEIGHT_CMAP` (green positive, red negative), stronger = more opaque.
    max_shown : a layer with more neurons shows this many (the first and last half) with
        a "⋮" between them, as for the 784 inputs
    shown : optional dict {layer: indices} choosing which neurons of a large layer to draw
    layer_names : labels under the columns (default: input / hidden / output with sizes)
    output_labels : labels beside the output neurons (default: 0..9 for 10 outputs)
    show_values : write the output activations beside the output neurons
    highlight : ring the brightest output neuron (the network's answer) in green
    input_image : optional image drawn left of the input column (the digit being read)
    edges : draw the connections between the drawn neurons
    """
    sizes = [int(s) for s in sizes]
    n_layers = len(sizes)
    shown = shown or {}
    layout = [_neuron_rows(n, max_shown, shown.get(layer)) for layer, n in enumerate(sizes)]
    slots = [len(idx) + (1 if gap is not None else 0) for idx, gap in layout]
    tallest = max(slots)
    dx, radius = 6.5, 0.36
    xs = [dx * k for k in range(n_layers)]
    if output_labels is None and sizes[-1] == 10:
        output_labels = [str(d) for d in range(10)]
    image_size = min(6.0, tallest * 0.55)
    left = -2.0 if input_image is None else -2.0 - image_size
    right = xs[-1] + radius + (2.6 if (output_labels is not None or show_values) else 1.0)
    top, bottom = (tallest - 1) / 2 + 0.8, -(tallest - 1) / 2 - 0.9
    own = ax is None
    if own:
        aspect = (top - bottom + 1.3) / (right - left)
        fig, ax = plt.subplots(figsize=figsize or (7, min(7 * aspect + 0.2, 6.5)))
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.93 if title else 0.99)
    fig = ax.figure
    positions = []  # per layer: {neuron index: (x, y)}
    gaps = []
    for layer, (idx, gap) in enumerate(layout):
        first = (slots[layer] - 1) / 2   # y of the layer's top neuron: columns are centred
        pos, slot = {}, 0
        for k, i in enumerate(idx):
            if gap is not None and k == gap:
                gaps.append((xs[layer], first - slot))
                slot += 1
            pos[i] = (xs[layer], first - slot)
            slot += 1
        positions.append(pos)
    if edges:
        for layer in range(n_layers - 1):
            W = None if weights is None else np.asarray(weights[layer], dtype=float)
            limit = weight_limit(W) if W is not None else 1.0
            for j, (x1, y1) in positions[layer + 1].items():
                for i, (x0, y0) in positions[layer].items():
                    if W is None:
                        ax.plot([x0 + radius, x1 - radius], [y0, y1], color=GREY, lw=0.3,
                                alpha=0.35, zorder=1)
                    else:
                        w = W[j, i] / limit
                        ax.plot([x0 + radius, x1 - radius], [y0, y1], lw=0.6, zorder=1,
                                color=WEIGHT_CMAP(0.5 + 0.5 * w), alpha=0.15 + 0.85 * abs(w))
    answer = None
    if activations is not None and highlight:
        answer = int(np.argmax(np.asarray(activations[-1], dtype=float)))
    grey = plt.get_cmap(DIGIT_CMAP)
    for layer, pos in enumerate(positions):
        acts = None if activations is None else np.asarray(activations[layer], dtype=float).ravel()
        for i, (x, y) in pos.items():
            face = "white" if acts is None else grey(float(np.clip(acts[i], 0, 1)))
            ring = GREEN if (layer == n_layers - 1 and i == answer) else "#333333"
            ax.add_patch(plt.Circle((x, y), radius, facecolor=face, edgecolor=ring,
                                    lw=2.2 if ring == GREEN else 0.8, zorder=3))
    for x, y in gaps:
        for dy in (-0.25, 0, 0.25):
            ax.add_patch(plt.Circle((x, y + dy), 0.07, color="#333333", zorder=3))
    # labels
    last = n_layers - 1
    acts_out = None if activations is None else np.asarray(activations[-1], dtype=float).ravel()
    for i, (x, y) in positions[last].items():
        text = output_labels[i] if output_labels is not None else ""
        if show_values and acts_out is not None:
            text = f"{text}  {acts_out[i]:.2f}" if text else f"{acts_out[i]:.2f}"
        if text:
            ax.text(x + radius + 0.35, y, text, va="center", ha="left", fontsize=9,
                    color=GREEN if i == answer else "black",
                    fontweight="bold" if i == answer else "normal")
    if layer_names is None:
        layer_names = []
        for k, n in enumerate(sizes):
            kind = (tr("input layer", "输入层") if k == 0
                    else tr("output layer", "输出层") if k == last
                    else tr(f"hidden layer {k}", f"隐含层 {k}"))
            layer_names.append(tr(f"{kind}\n{n:,} neurons", f"{kind}\n{n:,} 个神经元"))
    for x, name in zip(xs, layer_names):
        ax.text(x, bottom, name, ha="center", va="top", fontsize=9)
    if input_image is not None:
        x1 = -1.6
        x0 = x1 - image_size
        ax.imshow(_square(input_image), cmap=DIGIT_CMAP, vmin=0, vmax=1,
                  interpolation="nearest", zorder=2,
                  extent=(x0, x1, -image_size / 2, image_size / 2))
        ax.annotate("", xy=(-0.55, 0), xytext=(x1 + 0.1, 0),
                    arrowprops=dict(arrowstyle="->", color=GREY, lw=1))
    ax.set_xlim(left, right)
    ax.set_ylim(bottom - 1.3, top)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)
    if not own:
        return fig
    return describe(fig, _network_words(sizes, layout, activations, weights, input_image,
                                        show_values, edges, answer))


def _network_words(sizes, layout, activations, weights, input_image, show_values, edges,
                   answer):
    """What :func:`draw_network` drew, in words."""
    parts = [T("The network {s} as columns of circles, input left, output right",
               "网络 {s} 画成一列列圆圈，输入在左，输出在右").format(s="-".join(map(str, sizes)))]
    partial = [T(f"{len(idx)} of the {n:,} inputs", f"{n:,} 个输入中的 {len(idx)} 个") if k == 0
               else T(f"{len(idx)} of the {n:,} in layer {k}", f"第 {k} 层 {n:,} 个中的 {len(idx)} 个")
               for k, (n, (idx, _)) in enumerate(zip(sizes, layout)) if len(idx) < n]
    if partial:
        parts.append(T(" ({p} drawn)", "（画出 {p}）").format(p=listing(partial)))
    if edges:
        parts.append(T("; lines join each neuron to the next layer", "；连线把每个神经元连到下一层")
                     if weights is None else
                     T("; lines coloured by weight, green positive, red negative",
                       "；连线按权重着色，绿色为正，红色为负"))
    if input_image is not None:
        parts.append(T("; the digit on the left feeds the inputs", "；左边的数字送入输入层"))
    if activations is None:
        parts.append(T("; outputs labelled 0 to {last}", "；输出标为 0 到 {last}").format(
            last=sizes[-1] - 1))
    else:
        out = np.asarray(activations[-1], dtype=float).ravel()
        best = int(np.argmax(out))
        parts.append(T("; circles shaded by activation, black 0 to white 1; brightest output "
                       "{d} at {v}", "；圆圈按激活值着色，0 为黑，1 为白；最亮的输出是 {d}，"
                       "为 {v}").format(d=best, v=number(out[best], ".2f")))
        if show_values:
            parts.append(T(", values written beside the outputs", "，每个输出的值写在旁边"))
    return "".join(str(p) for p in parts)


def show_outputs(outputs, ax=None, title=None, labels=None, figsize=(3.6, 3)):
    """The output activations as horizontal bars, 0 at the top; the brightest in green."""
    outputs = np.asarray(outputs, dtype=float).ravel()
    n = len(outputs)
    labels = labels if labels is not None else [str(k) for k in range(n)]
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=figsize)
    best = int(np.argmax(outputs))
    colours = [GREEN if k == best else GREY for k in range(n)]
    ax.barh(range(n), outputs, color=colours, height=0.7)
    for k, v in enumerate(outputs):
        ax.text(v + 0.02, k, f"{v:.2f}", va="center", fontsize=8,
                color=GREEN if k == best else "black")
    ax.set_yticks(range(n))
    ax.set_yticklabels(labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.15)
    ax.set_xlabel(tr("activation of the output neuron", "输出神经元的激活值"))
    ax.set_ylabel(tr("digit", "数字"))
    if title:
        ax.set_title(title, fontsize=9)
    if not own:
        return ax.figure
    second = np.sort(outputs)[-2] if n > 1 else float("nan")
    return describe(ax.figure, T("The {n} output activations as bars: the largest is {d} at {v} "
                                 "(green), the next largest {v2}",
                                 "{n} 个输出激活值画成横条：最大的是 {d}，为 {v}（绿色），"
                                 "第二大的为 {v2}").format(
        n=n, d=labels[best], v=number(outputs[best], ".2f"), v2=number(second, ".2f")))


def plot_small_network(weights, activations=None, highlight=(), ax=None, figsize=(4.2, 2.3),
                       layer_names=None, node_labels=None):
    """A tiny network drawn in full: neurons (shaded by activation) and every weight.

    ``weights`` is a list of matrices shaped (n_out, n_in); edge colours use
    :data:`WEIGHT_CMAP` and each edge is labelled with its weight. ``highlight``
    lists ``(layer, j, k)`` edges (layer from 1) to draw thick with a black outline.
    ``activations`` (optional) is a list of vectors, input first, written in the nodes.
    ``layer_names`` may be :class:`mlpbook.i18n.T` texts (drawn and described in the reader's
    language).
    """
    weights = [np.asarray(W, dtype=float) for W in weights]
    sizes = [weights[0].shape[1]] + [W.shape[0] for W in weights]
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=figsize)
    limit = weight_limit(np.concatenate([W.ravel() for W in weights]))
    xs = np.arange(len(sizes)) * 2.2

    def pos(layer, j):
        n = sizes[layer]
        return xs[layer], (n - 1) / 2 - j

    for l, W in enumerate(weights, start=1):
        for j in range(W.shape[0]):
            for k in range(W.shape[1]):
                (x0, y0), (x1, y1) = pos(l - 1, k), pos(l, j)
                colour = WEIGHT_CMAP(0.5 + 0.5 * W[j, k] / limit)
                if (l, j, k) in highlight:
                    ax.plot([x0, x1], [y0, y1], color="black", lw=5.5, zorder=1,
                            solid_capstyle="round")
                ax.plot([x0, x1], [y0, y1], color=colour, lw=1 + 2.5 * abs(W[j, k]) / limit,
                        zorder=2)
                t = 0.5 if abs(y1 - y0) < 1e-9 else 0.22
                tx, ty = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
                below = y1 < y0 - 1e-9      # a falling edge: label under it, clear of the row
                ax.text(tx, ty - 0.09 if below else ty + 0.09, f"{W[j, k]:.2f}", fontsize=8,
                        ha="center", va="top" if below else "bottom", zorder=4,
                        bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.8))
    for l, n in enumerate(sizes):
        for j in range(n):
            x, y = pos(l, j)
            value = None if activations is None else float(np.asarray(activations[l])[j])
            face = "white" if value is None else str(np.clip(value, 0, 1))
            ax.add_patch(plt.Circle((x, y), 0.27, facecolor=face, edgecolor="black", lw=1.2,
                                    zorder=5))
            text = node_labels[l][j] if node_labels else (None if value is None else f"{value:.2f}")
            if text:
                dark = value is not None and value < 0.5
                ax.text(x, y, text, ha="center", va="center", fontsize=8, zorder=6,
                        color="white" if dark else "black")
    names = [both(name) for name in layer_names] if layer_names else (
        [T("input", "输入")] + [T(f"layer {l}", f"第 {l} 层") for l in range(1, len(sizes))])
    for l, name in enumerate(names):
        ax.text(xs[l], (max(sizes) - 1) / 2 + 0.55, tr(name.en, name.zh), ha="center",
                va="bottom", fontsize=9)
    ax.set_xlim(xs[0] - 0.6, xs[-1] + 0.6)
    ax.set_ylim(-(max(sizes) - 1) / 2 - 0.5, (max(sizes) - 1) / 2 + 0.95)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.figure.tight_layout(pad=0.2)
    if not own:
        return ax.figure
    return describe(ax.figure, _small_network_words(weights, activations, highlight, names))


def _small_network_words(weights, activations, highlight, names):
    """What :func:`plot_small_network` drew, in words (``names``: the layers' names, as T)."""
    sizes = [weights[0].shape[1]] + [W.shape[0] for W in weights]
    every = np.concatenate([W.ravel() for W in weights])
    layers = listing([T(f"{name.en} ({n})", f"{name.zh}（{n}）") for name, n in zip(names, sizes)])
    text = T("A tiny network drawn in full, layers {layers}: every one of its {k} weights is a "
             "line with its value written on it, from {lo} to {hi}",
             "一个完整画出的小网络，各层为 {layers}：{k} 个权重每个都是一条线，线上写着它的值，"
             "从 {lo} 到 {hi}").format(layers=layers, k=every.size, lo=number(every.min(), ".2f"),
                                      hi=number(every.max(), ".2f"))
    if activations is not None:
        acts = listing([number(np.asarray(a, dtype=float).ravel()[0], ".2f") if np.size(a) == 1
                        else "(" + ", ".join(number(v, ".2f") for v in np.ravel(a)) + ")"
                        for a in activations])
        text = T("{t}; the activations written in the neurons are {a}",
                 "{t}；写在神经元里的激活值依次为 {a}").format(t=text, a=acts)
    highlight = [(l, j, k) for l, j, k in highlight if 1 <= l <= len(weights)
                 and j < weights[l - 1].shape[0] and k < weights[l - 1].shape[1]]
    if highlight:
        outlined = listing([f"{weights[l - 1][j, k]:.2f}".replace("-", "−")
                            for l, j, k in highlight])
        text = T("{t}; outlined: the weight{s} {w}", "{t}；加粗的是权重 {w}").format(
            t=text, s="s" if len(highlight) > 1 else "", w=outlined)
    return str(text)

