"""Figures of chapter 10, "Why hidden layers": straight lines that fail, and a hidden layer that
moves the points until one succeeds.

Only drawing happens here; every number comes from :mod:`mlpbook.lessons.toy2d` (the networks, the
best line, the hidden activations).  The figures look like the hidden-layer explorer
(``mlpbook/widgets/hidden_layer_explorer.js``) so a reader recognises the static picture in
the live one: class 0 blue, class 1 orange, the network's output as shading from blue (0)
through white (0.5) to orange (1), the decision boundary as a solid dark line, each hidden
neuron's line (where its activation is ½) dashed grey, and a dark ring around every point
on the wrong side.  Every function returns the matplotlib Figure; its words are English, or
Chinese in the Chinese edition (:func:`mlpbook.viz.tr`); titles and labels handed in by a
chapter are drawn in the reader's language when they are chapter 10's (:func:`label`), and
as given otherwise.
"""

from __future__ import annotations

import re

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.colors import LinearSegmentedColormap

from ..lessons import toy2d
from ..i18n import T
from . import GREY, describe, tr
from ._alt import listing, number

__all__ = ["CLASS_COLORS", "OUTPUT_CMAP", "INPUT_VIEW", "label", "plot_lines", "plot_regions",
           "plot_hidden_transform", "plot_cost_histories", "plot_plateau"]

#: Class 0 and class 1, as in the explorer.
CLASS_COLORS = ("#1f77b4", "#ff7f0e")
#: The output of the network: blue at 0, white at 0.5, orange at 1.
OUTPUT_CMAP = LinearSegmentedColormap.from_list(
    "mlpbook_output", [CLASS_COLORS[0], "#ffffff", CLASS_COLORS[1]])
#: The part of the input plane drawn (both axes), as in the explorer.
INPUT_VIEW = (-0.5, 1.5)
_HIDDEN_VIEW = (-0.06, 1.06)
_INK = "#222222"
_SHADE_ALPHA = 0.55


#: Chapter 10's titles and labels, in Chinese: exact texts, and patterns with a number.
_LABELS_ZH = {
    "XOR: the best line": "XOR：最好的直线",
    "XOR: logistic regression": "XOR：逻辑回归",
    "100 points: logistic regression": "100 个点：逻辑回归",
    "target": "目标",
}
_PATTERNS_ZH = (
    (re.compile(r"^(\d+) hidden neurons?$"), "{0} 个隐含神经元"),
    (re.compile(r"^seed (\d+): learns XOR$"), "种子 {0}：学会 XOR"),
    (re.compile(r"^seed (\d+): stuck$"), "种子 {0}：卡住"),
)


def label(text):
    """A title or label as drawn: chapter 10's texts in the reader's language, others as given.

    Knows the panel titles of the chapter ("XOR: the best line", "3 hidden neurons",
    "seed 0: stuck", ...); any other text is drawn unchanged.
    """
    return tr(_label(text))


def _label(text):
    """A title or label of chapter 10 in both languages (:class:`~mlpbook.i18n.T`)."""
    text = str(text)
    zh = _LABELS_ZH.get(text)
    for pattern, template in _PATTERNS_ZH:
        match = pattern.match(text)
        if zh is None and match:
            zh = template.format(*match.groups())
    return T(text, zh or text)


_COLOURS = T("class 0 blue, class 1 orange", "类别 0 为蓝色，类别 1 为橙色")


# --------------------------------------------------------------------------- pieces
def _points(ax, X, y, right=None, size=36):
    """The points coloured by class; a dark ring around those not ``right``."""
    X, y = np.asarray(X, float), np.asarray(y, float)
    colors = np.where(y > 0.5, CLASS_COLORS[1], CLASS_COLORS[0])
    ax.scatter(X[:, 0], X[:, 1], c=colors, s=size, edgecolors="white", linewidths=0.7,
               zorder=4)
    if right is not None:
        wrong = ~np.asarray(right, bool)
        ax.scatter(X[wrong, 0], X[wrong, 1], s=size * 3.2, facecolors="none",
                   edgecolors=_INK, linewidths=1.4, zorder=5)


def _line_ends(w, b, lo, hi):
    """The two ends of the line w·x + b = 0 inside the square [lo, hi]², or None."""
    w = np.asarray(w, float)
    ends = []
    if abs(w[1]) > 1e-12:
        for x in (lo, hi):
            ends.append((x, -(w[0] * x + b) / w[1]))
    if abs(w[0]) > 1e-12:
        for yy in (lo, hi):
            ends.append((-(w[1] * yy + b) / w[0], yy))
    inside = sorted({(round(px, 12), round(py, 12)) for px, py in ends
                     if lo - 1e-9 <= px <= hi + 1e-9 and lo - 1e-9 <= py <= hi + 1e-9})
    return (inside[0], inside[-1]) if len(inside) >= 2 else None


def _draw_line(ax, w, b, view, label=None, taken=None, **style):
    """The line w·x + b = 0 in the square ``view``², labelled at its right-hand end.

    ``taken`` collects the label positions already used in this panel, so two lines that
    leave the picture at the same place get labels that do not overlap.
    """
    ends = _line_ends(w, b, *view)
    if ends is None:
        return
    (x0, y0), (x1, y1) = ends
    ax.plot([x0, x1], [y0, y1], **style)
    if label:
        x, yy = (x0, y0) if x0 >= x1 else (x1, y1)              # the right-hand end
        span = view[1] - view[0]
        x = min(x, view[1]) - 0.03 * span
        yy = min(max(yy, view[0] + 0.06 * span), view[1] - 0.06 * span)
        taken = [] if taken is None else taken
        step = 0.08 * span if yy < view[0] + 0.5 * span else -0.08 * span   # into the picture
        for _ in range(len(taken)):
            if not any(abs(x - tx) < 0.12 * span and abs(yy - ty) < 0.07 * span
                       for tx, ty in taken):
                break
            yy += step
        taken.append((x, yy))
        ax.text(x, yy, label, ha="right", va="center", fontsize=8, color=_INK, zorder=6,
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))


def _shade(ax, values, view):
    ax.imshow(values, origin="lower", extent=(*view, *view), cmap=OUTPUT_CMAP, vmin=0.0,
              vmax=1.0, alpha=_SHADE_ALPHA, interpolation="bilinear", zorder=0)


def _frame(ax, view, labels):
    ax.set_xlim(*view)
    ax.set_ylim(*view)
    ax.set_aspect("equal")
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1], rotation=0, labelpad=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(True)


def _grid(view, n):
    t = np.linspace(*view, n)
    xx, yy = np.meshgrid(t, t)
    return np.c_[xx.ravel(), yy.ravel()]


def _panels(count, figsize):
    fig, axes = plt.subplots(1, count, figsize=figsize, squeeze=False)
    return fig, axes[0]


# --------------------------------------------------------------------------- straight lines
def plot_lines(panels, figsize=(7, 3.4), view=INPUT_VIEW):
    """Points and one straight line each: what a single neuron can draw.

    ``panels`` lists ``(X, y, w, b, title)``: the line is ``w·x + b = 0`` and class 1 is
    predicted where ``w·x + b > 0`` (shaded orange; the other side blue). A line with
    ``w = 0`` is no line at all: the neuron outputs the same value everywhere, and the panel
    says so. The share of points on their side is added to each title.
    """
    fig, axes = _panels(len(panels), figsize)
    words = []
    for ax, (X, y, w, b, title) in zip(axes, panels):
        X, y, w = np.asarray(X, float), np.asarray(y, float), np.asarray(w, float)
        z = X @ w + b
        right = (z > 0) == (y > 0.5)
        words.append(T("{title}{none}, {s:.0%} on their side", "{title}{none}，{s:.0%} 在正确一侧"
                       ).format(title=_label(title), s=np.mean(right),
                                none=T(" (w = 0, no line)", "（w = 0，没有直线）")
                                if np.linalg.norm(w) <= 1e-12 else T("", "")))
        grid = _grid(view, 160)
        side = (grid @ w + b > 0).astype(float).reshape(160, 160)
        if np.linalg.norm(w) > 1e-12:
            _shade(ax, 0.15 + 0.7 * side, view)
            _draw_line(ax, w, b, view, color=_INK, lw=2.0)
        else:
            ax.text(0.5, 0.5, tr("w = 0: no line,\noutput ½ everywhere",
                                 "w = 0：没有直线，\n处处输出 ½"), ha="center",
                    va="center", fontsize=8, color=_INK, transform=ax.transAxes, zorder=6,
                    bbox=dict(boxstyle="round", fc="white", ec=GREY, alpha=0.9))
        _points(ax, X, y, right)
        _frame(ax, view, ("x₁", "x₂"))
        share = np.mean(right)
        title = label(title)
        ax.set_title(tr(f"{title}\n{share:.0%} on their side", f"{title}\n{share:.0%} 在正确一侧"),
                     fontsize=10)
    fig.tight_layout()
    sizes = listing(sorted({len(p[1]) for p in panels}), 6, " or ", " 或 ")
    return describe(fig, T("{k} panels of {n} points ({colours}), each split by a straight line, "
                           "class 1 predicted on the shaded orange side, wrong points ringed: "
                           "{words}",
                           "{k} 个子图，各有 {n} 个点（{colours}），每个用一条直线分开，预测为类别 1 "
                           "的一侧涂成橙色，判错的点加了圈：{words}").format(
        k=len(panels), n=sizes, colours=_COLOURS, words=listing(words, 6, "; ", "；")))


# --------------------------------------------------------------------------- networks
def _draw_network(ax, params, X, y, title, view, hidden_lines, n=160):
    p = toy2d.check_params(params)
    out = toy2d.output(p, _grid(view, n)).reshape(n, n)
    _shade(ax, out, view)
    t = np.linspace(*view, n)
    ax.contour(t, t, out, levels=[0.5], colors=[_INK], linewidths=1.8, zorder=2)
    if hidden_lines:
        taken = []
        for j, (w, b) in enumerate(zip(p["W1"], p["b1"])):
            label = f"h{j + 1}" if len(p["b1"]) <= 9 else None
            _draw_line(ax, w, b, view, label=label, taken=taken, color=GREY, lw=2.0,
                       ls=(0, (4, 3)), zorder=3)
    right = (toy2d.output(p, X) > 0.5) == (np.asarray(y) > 0.5)
    _points(ax, X, y, right)
    _frame(ax, view, ("x₁", "x₂"))
    if title:
        ax.set_title(title, fontsize=10)
    return float(np.mean(right))


def plot_regions(networks, X, y, figsize=(7, 2.7), view=INPUT_VIEW, hidden_lines=True):
    """The decision regions of several 2-h-1 networks on the same points, side by side.

    ``networks`` lists ``(params, title)``. Shading: the output; solid line: output ½;
    dashed: each hidden neuron's line (with ``hidden_lines``). The accuracy is added to
    each title.
    """
    fig, axes = _panels(len(networks), figsize)
    words = []
    for ax, (params, title) in zip(axes, networks):
        words.append(T("{t}: {a:.0%} right", "{t}：{a:.0%} 正确").format(
            t=_label(title), a=toy2d.accuracy(params, X, y)))
        title = label(title)
        acc = toy2d.accuracy(params, X, y)
        _draw_network(ax, params, X, y, tr(f"{title}\n{acc:.0%} right", f"{title}\n{acc:.0%} 正确"),
                      view, hidden_lines)
    fig.tight_layout()
    return describe(fig, T("The decision regions of {k} small networks on the same {n} points "
                           "({colours}): shading is the output, a solid line where it is ½"
                           "{dashed}, wrong points ringed: {words}",
                           "{k} 个小网络在同样 {n} 个点（{colours}）上的决策区域：阴影是输出，实线"
                           "是输出为 ½ 的地方{dashed}，判错的点加了圈：{words}").format(
        k=len(networks), n=len(np.asarray(y)), colours=_COLOURS, words=listing(words, 6, "; ", "；"),
        dashed=T(", dashed lines the hidden neurons' own lines", "，虚线是各隐含神经元自己的直线")
        if hidden_lines else T("", "")))


def plot_hidden_transform(params, X, y, figsize=(7, 3.6), view=INPUT_VIEW, grid_lines=9):
    """The points before and after the hidden layer of a 2-2-1 network.

    Left, the input plane: the output as shading, the decision boundary (a curve) and the
    two hidden neurons' lines. Right, the plane of the hidden activations (h1, h2): every
    point moved to where the hidden layer sends it, the input plane's grid bent along with
    it (thin grey curves), and the output neuron's boundary ``v1 h1 + v2 h2 + c = 0``, a
    straight line.
    """
    p = toy2d.check_params(params)
    if p["W1"].shape[0] != 2:
        raise ValueError(f"plot_hidden_transform draws a 2-2-1 network (two hidden neurons, "
                         f"one per axis); these params have {p['W1'].shape[0]}")
    X = np.asarray(X, float)
    fig, (left, right_ax) = _panels(2, figsize)
    _draw_network(left, p, X, y, tr("before: the input plane", "之前：输入平面"), view,
                  hidden_lines=True)

    # right: the hidden plane
    hv = _HIDDEN_VIEW
    n = 120
    g = _grid(hv, n)
    z = g @ p["W2"][0] + p["b2"][0]
    _shade(right_ax, (1.0 / (1.0 + np.exp(-z))).reshape(n, n), hv)
    for value in np.linspace(*view, grid_lines):          # the input grid, bent
        s = np.linspace(*view, 200)
        for line in (np.c_[s, np.full_like(s, value)], np.c_[np.full_like(s, value), s]):
            H, _ = toy2d.forward(p, line)
            right_ax.plot(H[:, 0], H[:, 1], color=GREY, lw=0.5, alpha=0.45, zorder=1)
    _draw_line(right_ax, p["W2"][0], p["b2"][0], hv, color=_INK, lw=2.0, zorder=2)
    H, a = toy2d.forward(p, X)
    _points(right_ax, H, y, (a > 0.5) == (np.asarray(y) > 0.5))
    _frame(right_ax, hv, ("h₁", "h₂"))
    right_ax.set_title(tr("after: the hidden layer's plane", "之后：隐含层的平面"), fontsize=10)
    fig.tight_layout()
    acc = toy2d.accuracy(p, X, y)
    return describe(fig, T("The {n} points ({colours}) before and after a 2-2-1 network's hidden "
                           "layer. Left, input plane: output as shading, its ½ boundary solid, "
                           "hidden neurons' lines dashed. Right, hidden activations (h₁, h₂): "
                           "points and grid moved there, the boundary a straight line{sep}; "
                           "{acc:.0%} right",
                           "{n} 个点（{colours}）在 2-2-1 网络的隐含层之前和之后。左，输入平面：阴影"
                           "是输出，实线是输出为 ½ 的边界，隐含神经元的直线为虚线。右，隐含层激活值 "
                           "(h₁, h₂) 的平面：点和网格移到了这里，边界是一条直线{sep}；{acc:.0%} 正确"
                           ).format(
        n=len(X), colours=_COLOURS, acc=acc,
        sep=T(" that separates them", "，把它们分开") if acc == 1 else T("", "")))


# --------------------------------------------------------------------------- training
def plot_cost_histories(runs, figsize=(7, 2.8), levels=()):
    """The cost after every step of gradient descent, one curve per run.

    ``runs`` lists ``(label, losses)`` (e.g. ``toy2d.train(...).loss``); ``levels`` lists
    ``(value, label)`` drawn as dotted horizontal lines (a target, a plateau).
    """
    fig, ax = plt.subplots(figsize=figsize)
    colors = [CLASS_COLORS[0], "#d62728", "#2ca02c", CLASS_COLORS[1], "#9467bd"]
    words = listing([T("{name}, from {a} to {b} in {n:,} steps", "{name}，{n:,} 步内从 {a} 到 {b}"
                       ).format(name=_label(name), a=number(losses[0]), b=number(losses[-1]),
                                n=len(losses) - 1) for name, losses in runs], 6, "; ", "；")
    marks = listing([T("{name} {v}", "{name} {v}").format(name=_label(name), v=number(value))
                     for value, name in levels])
    for k, (name, losses) in enumerate(runs):
        ax.plot(np.arange(len(losses)), losses, color=colors[k % len(colors)], lw=1.8,
                label=label(name))
    for value, name in levels:
        ax.axhline(value, color=GREY, lw=1.0, ls=":")
        ax.text(ax.get_xlim()[1], value, f" {label(name)}", va="center", ha="left", fontsize=8,
                color=GREY)
    ax.set_xlabel(tr("steps of gradient descent", "梯度下降步数"))
    ax.set_ylabel(tr("cost (cross-entropy)", "代价（交叉熵）"))
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize=9)
    fig.tight_layout()
    return describe(fig, T("The cost (cross-entropy) after every step of gradient descent for {k} "
                           "runs: {words}{marks}",
                           "{k} 次训练中每步梯度下降之后的代价（交叉熵）：{words}{marks}").format(
        k=len(runs), words=words, marks=T("; dotted levels: {m}", "；点线标出：{m}").format(m=marks)
        if levels else T("", "")))


def plot_plateau(descent, level, figsize=(7, 2.7)):
    """A long run of gradient descent on a plateau: how far the cost is above ``level`` (left,
    on a log scale) and how large the parameters grow (right), against the steps.

    ``descent`` is what :func:`mlpbook.lessons.toy2d.descend` returns; ``level`` the value the cost
    creeps towards (ln 2 / 2 for the stuck XOR runs).
    """
    steps = np.asarray(descent.steps)
    above = np.asarray(descent.loss) - level
    fig, (left, right) = plt.subplots(1, 2, figsize=figsize)
    left.semilogy(steps, np.maximum(above, 1e-300), color="#d62728", lw=1.8)
    left.set_xlabel(tr("more steps of gradient descent", "继续梯度下降的步数"))
    left.set_ylabel(tr("cost − ln 2 / 2", "代价 − ln 2 / 2"))
    left.set_title(tr("the cost still falls", "代价仍在下降"), fontsize=10)
    right.plot(steps, descent.size, color=CLASS_COLORS[0], lw=1.8)
    right.set_xlabel(tr("more steps of gradient descent", "继续梯度下降的步数"))
    right.set_ylabel(tr("size of the parameters", "参数向量的长度"))
    right.set_title(tr("the weights keep growing", "权重不断变大"), fontsize=10)
    right.set_ylim(bottom=0)
    for ax in (left, right):
        ax.grid(alpha=0.25)
    fig.tight_layout()
    size = np.asarray(descent.size)
    falls = above.size > 1 and above[-1] < above[-2]
    grows = size.size > 1 and size[-1] > size[-2]
    return describe(fig, T("{n:,} more steps of gradient descent on a plateau. Left, on a log "
                           "scale, how far the cost is above {lv}: from {a} to {b}{falls}. Right, "
                           "the size of the parameters: from {s0} to {s1}{grows}",
                           "在平台上继续 {n:,} 步梯度下降。左（对数刻度）：代价比 {lv} 高出多少，从 "
                           "{a} 到 {b}{falls}。右：参数向量的长度，从 {s0} 到 {s1}{grows}").format(
        n=int(steps[-1] - steps[0]), lv=number(level, ".4f"), a=number(above[0], ".2g"),
        b=number(above[-1], ".2g"), s0=number(size[0]), s1=number(size[-1]),
        falls=T(", still falling at the end", "，最后仍在下降") if falls else T("", ""),
        grows=T(", still growing at the end", "，最后仍在变大") if grows else T("", "")))
