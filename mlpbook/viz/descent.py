"""Pictures of gradient descent: a ball rolling down a 1-D cost, paths on a 2-D cost.

The costs, slopes and the descent itself are :mod:`mlpbook.lessons.descent` (shared with the
chapter-5 descent widget); these functions draw a path it returns: the curve or contours, the
steps, where the ball comes to rest, and which valley each start ends in. Chapter 5's pictures
of a real network's gradient (its components by layer, the first layer's as images) and of
full-batch against mini-batch descent are here too: they name their parts themselves, in the
reader's language.

In Chinese (``tr``) a label writes its maths as plain Unicode, "代价 C(w)" rather than
"代价 $C(w)$": matplotlib draws a label holding ``$...$`` in one font, without Chinese.
"""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt

from ..lessons import descent
from ..lessons.descent import step_sizes
from ._alt import describe, listing, number
from ._alt import describe as _describe   # plot_descent_grid has an argument named describe
from ._language import T, tr
from ._style import BLUE, GREEN, GREY, RED

__all__ = ["plot_descent_1d", "plot_step_sizes", "plot_descent_grid", "plot_landings_1d",
           "plot_descent_2d", "plot_descent_and_steps", "plot_gradient_components",
           "plot_first_layer_gradient", "plot_careful_and_stumbling", "plot_full_batch_and_sgd"]


def _descent_limits(values, margin=0.08):
    """Axis limits around ``values``: their range padded by ``margin`` of it (by 1 if flat)."""
    lo, hi = float(np.min(values)), float(np.max(values))
    pad = (hi - lo) * margin or 1.0
    return lo - pad, hi + pad


def plot_descent_1d(path, ax=None, cost=None, lo=None, hi=None, title=None,
                    figsize=(4.6, 3.0)):
    """A gradient-descent path on a cost of one input: the ball rolling downhill.

    ``path`` is a trajectory from :func:`mlpbook.lessons.descent.descend`. The start is a
    hollow circle, each step a dot joined to the next, the last point a filled
    green dot. Points that left the drawn range are counted in the corner.
    """
    cost = cost or descent.cost1d
    lo = descent.COST1D_RANGE[0] if lo is None else lo
    hi = descent.COST1D_RANGE[1] if hi is None else hi
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=figsize)
    w = np.linspace(lo, hi, 600)
    c = cost(w)
    ax.plot(w, c, color=GREY, lw=1.6, zorder=1)
    path = np.asarray(path, dtype=float)
    shown = (path >= lo) & (path <= hi)
    pc = np.where(shown, cost(np.clip(path, lo, hi)), np.nan)
    ax.plot(np.where(shown, path, np.nan), pc, color=BLUE, lw=0.9, alpha=0.7, zorder=2)
    ax.scatter(path[shown], pc[shown], s=14, color=BLUE, zorder=3)
    if shown[0]:
        ax.scatter(path[:1], pc[:1], s=70, facecolor="white", edgecolor="black", lw=1.4,
                   zorder=4, label=tr("start", "起点"))
    if shown[-1]:
        ax.scatter(path[-1:], pc[-1:], s=70, color=GREEN, edgecolor="black", lw=0.8, zorder=5,
                   label=tr(f"after {len(path) - 1} steps", f"{len(path) - 1} 步之后"))
    if not shown.all():
        off = int((~shown).sum())
        ax.text(0.98, 0.95, tr(f"{off} points off the picture", f"{off} 个点在图外"),
                transform=ax.transAxes, ha="right", va="top", fontsize=8, color=RED)
    ax.set_xlim(lo, hi)
    ax.set_ylim(*_descent_limits(c))
    ax.set_xlabel(tr("input $w$", "输入 w"))
    ax.set_ylabel(tr("cost $C(w)$", "代价 C(w)"))
    if title is not None:
        ax.set_title(tr(title), fontsize=9)
    if not own:
        return ax.figure
    return describe(ax.figure, _path_words(path, cost, shown))


def _path_words(path, cost, shown):
    """A 1-D descent path in words: where it starts and ends, and the cost there."""
    text = T("A curve of a cost C(w) of one input w, and {n} steps of gradient descent on it like "
             "a ball rolling downhill: from w = {w0} (cost {c0}) to w = {w1} (cost {c1})",
             "一个单输入 w 的代价 C(w) 的曲线，以及在它上面像小球滚下坡一样的 {n} 步梯度下降：从 "
             "w = {w0}（代价 {c0}）到 w = {w1}（代价 {c1}）").format(
        n=len(path) - 1, w0=number(path[0]), w1=number(path[-1]), c0=number(cost(path[0])),
        c1=number(cost(path[-1])))
    if not shown.all():
        text = T("{t}; {k} points fall off the picture", "{t}；{k} 个点落在图外").format(
            t=text, k=int((~shown).sum()))
    return text


def plot_step_sizes(path, ax=None, title=None, figsize=(3.2, 3.0)):
    """Length of each step of a descent path: long on the steep slope, short near the bottom."""
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=figsize)
    sizes = step_sizes(path)
    ax.bar(np.arange(1, len(sizes) + 1), sizes, color=BLUE, width=0.8)
    ax.set_xlabel(tr("step number", "第几步"))
    ax.set_ylabel(tr("step length $|\\Delta w|$", "步长 |Δw|"))
    if title is not None:
        ax.set_title(tr(title), fontsize=9)
    if not own:
        return ax.figure
    return describe(ax.figure, _steps_words(sizes))


def _steps_words(sizes):
    return T("the length |Δw| of each of {n} steps as bars: {a} for the first, largest {m} at step "
             "{k}, {z} for the last",
             "{n} 步中每一步的长度 |Δw|（柱）：第一步 {a}，第 {k} 步最大（{m}），最后一步 {z}"
             ).format(n=len(sizes), a=number(sizes[0]), m=number(np.max(sizes)),
                      k=int(np.argmax(sizes)) + 1, z=number(sizes[-1]))


def plot_descent_grid(settings, steps=30, ncols=2, figsize=(7, 5.2), describe=False):
    """A grid of descent paths on the 1-D cost, one panel per ``(start, lr)`` setting.

    A setting may carry a third item, a note for its title; with ``describe=True`` a setting
    without one is titled with what its path did (:func:`mlpbook.lessons.descent.describe_path`:
    where it settles, how far it crawled, between which points it bounces).
    """
    n = len(settings)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False, sharey=True)
    words = []
    for ax, setting in zip(axes.flat, settings):
        start, lr = setting[:2]
        path = descent.descend(descent.slope1d, start, lr, steps)
        words.append(T("from {s} with η = {lr}: {what}", "从 {s} 出发，η = {lr}：{what}").format(
            s=number(start), lr=number(lr), what=descent.describe_path(path)[1]))
        if len(setting) > 2:
            note = tr(f": {setting[2]}", f"：{setting[2]}")
        elif describe:
            what = descent.describe_path(path)[1]
            note = tr(f"\n{what.en}", f"\n{what.zh}")
        else:
            note = ""
        title = tr(f"start {start:g}, η = {lr:g}{note}", f"起点 {start:g}，η = {lr:g}{note}")
        plot_descent_1d(path, ax=ax, title=title)
    for ax in axes.flat[n:]:
        ax.axis("off")
    for ax in axes[:, 1:].flat:
        ax.set_ylabel("")
    fig.tight_layout()
    return _describe(fig, T("{n} panels of gradient descent on the same cost of one input, {k} "
                           "steps each: {words}",
                           "{n} 个子图，在同一个单输入代价上做梯度下降，每个 {k} 步：{words}").format(
        n=n, k=steps, words=listing(words, n, "; ", "；")))


def plot_landings_1d(starts, lr=0.05, steps=200, figsize=(7, 3.2)):
    """Where balls dropped at different starts come to rest: one colour per valley."""
    fig, ax = plt.subplots(figsize=figsize)
    lo, hi = descent.COST1D_RANGE
    w = np.linspace(lo, hi, 600)
    c = descent.cost1d(w)
    ax.plot(w, c, color=GREY, lw=1.6, zorder=1)
    minima = descent.local_minima_1d()
    colours = [RED, GREEN, BLUE, "#984ea3", "#ff7f00"]
    landed = []
    for k, start in enumerate(starts):
        end = descent.descend(descent.slope1d, start, lr, steps)[-1]
        landed.append(descent.nearest_minimum(end, minima))
        colour = colours[landed[-1] % len(colours)]
        y0, y1 = descent.cost1d(start), descent.cost1d(end)
        lift = 0.35 + 0.12 * (k % 3)
        ax.annotate("", xy=(end, y1 + 0.12), xytext=(start, y0 + 0.12),
                    arrowprops=dict(arrowstyle="->", color=colour, lw=1.1, alpha=0.9,
                                    connectionstyle=f"arc3,rad={lift if end > start else -lift}"))
        ax.scatter([start], [y0], s=45, facecolor="white", edgecolor=colour, lw=1.6, zorder=3)
    ax.scatter(minima, descent.cost1d(minima), s=140, marker="*",
               color=[colours[i % len(colours)] for i in range(len(minima))],
               edgecolor="black", lw=0.6, zorder=4, label=tr("local minima", "局部最小值"))
    ax.set_xlim(lo, hi)
    ax.set_ylim(_descent_limits(c)[0], _descent_limits(c)[1] + 0.6)
    ax.set_xlabel(tr("input $w$", "输入 w"))
    ax.set_ylabel(tr("cost $C(w)$", "代价 C(w)"))
    ax.legend(frameon=False, loc="upper center")
    fig.tight_layout()
    valleys = listing([T("{k} at w = {w}", "{k} 个停在 w = {w}").format(
        k=landed.count(i), w=number(m, ".2f")) for i, m in enumerate(minima) if i in landed])
    return describe(fig, T("A cost of one input with {m} local minima (stars), and balls dropped "
                           "at {n} starts from w = {a} to {b}, each with an arrow to where it comes "
                           "to rest after {steps} steps, coloured by valley: {valleys}",
                           "一个有 {m} 个局部最小值（星号）的单输入代价，小球从 w = {a} 到 {b} 的 "
                           "{n} 个起点放下，箭头指向 {steps} 步后停下的地方，按山谷着色：{valleys}"
                           ).format(m=len(minima), n=len(starts), a=number(min(starts)),
                                    b=number(max(starts)), steps=steps, valleys=valleys))


def plot_descent_2d(paths=(), labels=None, ax=None, arrows=True, n_arrows=15,
                    figsize=(5.4, 4.6), colors=None, markersize=3, label_starts=False):
    """The 2-D cost as contours, the negative gradient as arrows, and descent paths on top.

    ``labels`` names the paths in the legend; ``label_starts=True`` names each by its start.
    """
    if label_starts and labels is None:
        labels = [tr(f"start ({p[0][0]:g}, {p[0][1]:g})", f"起点 ({p[0][0]:g}, {p[0][1]:g})")
                  for p in paths]
    lo, hi = descent.COST2D_RANGE
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=figsize)
    g = np.linspace(lo, hi, 200)
    X, Y = np.meshgrid(g, g)
    Z = descent.cost2d(X, Y)
    filled = ax.contourf(X, Y, Z, levels=18, cmap="Blues_r", alpha=0.75)
    ax.contour(X, Y, Z, levels=18, colors="white", linewidths=0.4, alpha=0.8)
    ax.figure.colorbar(filled, ax=ax, fraction=0.046, pad=0.03,
                       label=tr("cost $C(x, y)$", "代价 C(x, y)"))
    if arrows:
        a = np.linspace(lo, hi, n_arrows + 2)[1:-1]
        AX, AY = np.meshgrid(a, a)
        gx, gy = descent.grad2d(AX, AY)
        ax.quiver(AX, AY, -gx, -gy, color="#333333", angles="xy", scale_units="xy",
                  scale=2.5, width=0.004, alpha=0.75)
    colors = colors or [RED, "#ff7f00", "#984ea3", GREEN, "black"]
    for k, path in enumerate(paths):
        path = np.asarray(path, dtype=float)
        colour = colors[k % len(colors)]
        label = labels[k] if labels else None
        ax.plot(path[:, 0], path[:, 1], "-o", color=colour, lw=1.3, markersize=markersize,
                label=label)
        ax.plot(*path[0], "o", color="white", markeredgecolor=colour, markersize=8, mew=1.8)
        ax.plot(*path[-1], "*", color=colour, markeredgecolor="black", markersize=13, mew=0.6)
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.set_xlabel(tr("input $x$", "输入 x"))
    ax.set_ylabel(tr("input $y$", "输入 y"))
    if labels:
        ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.13),
                  ncol=2 if len(paths) > 2 else 1)
    if not own:
        return ax.figure
    return describe(ax.figure, _paths_2d_words(paths, arrows, lo, hi))


def _point(p):
    return f"({number(p[0], '.2g')}, {number(p[1], '.2g')})"


def _paths_2d_words(paths, arrows, lo, hi, names=None):
    """Paths on the 2-D cost in words: each path's start, end and number of steps."""
    runs, steps = [], {len(path) - 1 for path in paths}
    for k, path in enumerate(paths):
        path = np.asarray(path, dtype=float)
        run = (T("from {a} to {b}", "从 {a} 到 {b}") if len(steps) == 1 else
               T("from {a} to {b} in {n} steps", "从 {a} 到 {b}，{n} 步")).format(
            a=_point(path[0]), b=_point(path[-1]), n=len(path) - 1)
        if names is not None:
            run = T("{name}, {run}", "{name}，{run}").format(name=names[k], run=run)
        runs.append(run)
    each = (T(", {n} steps each", "，每条 {n} 步").format(n=steps.pop()) if len(steps) == 1
            else T("", ""))
    return T("Contours of a cost of two inputs x and y, each from {lo} to {hi}, darker lower{arrows}, "
             "and {n} paths of gradient descent{each}: {runs}",
             "一个双输入 x、y（各从 {lo} 到 {hi}）的代价的等高线，颜色越深越低{arrows}，以及 {n} "
             "条梯度下降路径{each}：{runs}").format(
        lo=number(lo), hi=number(hi), n=len(paths), runs=listing(runs, 6, "; ", "；"), each=each,
        arrows=T(", arrows of the negative gradient", "，箭头为负梯度") if arrows else T("", ""))



def plot_descent_and_steps(path, lr, figsize=(7, 2.8)):
    """A 1-D descent path beside the length of each of its steps (``lr`` is its η)."""
    path = np.asarray(path, dtype=float)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=figsize, gridspec_kw={"width_ratios": [1.7, 1]})
    n, start = len(path) - 1, f"{path[0]:g}".replace("-", "−")
    plot_descent_1d(path, ax=ax1, title=tr(f"{n} steps from w = {start}, η = {lr:g}",
                                           f"从 w = {start} 出发走 {n} 步，η = {lr:g}"))
    plot_step_sizes(path, ax=ax2, title=tr("length of each step", "每一步的长度"))
    fig.tight_layout()
    return describe(fig, T("Left: {n} steps of gradient descent with η = {lr} on a cost of one input, "
                           "from w = {w0} to w = {w1}. Right: {steps}",
                           "左：在单输入代价上以 η = {lr} 做 {n} 步梯度下降，从 w = {w0} 到 "
                           "w = {w1}。右：{steps}").format(
        n=n, lr=number(lr), w0=number(path[0]), w1=number(path[-1]),
        steps=_steps_words(step_sizes(path))))


def plot_gradient_components(grad_w, grad_b, figsize=(7, 3.1)):
    """A network's gradient components, sorted by size, one curve per layer (log scales).

    Each curve holds the ``|∂C/∂θ|`` of one layer's weights and biases, largest first
    (:func:`mlpbook.lessons.descent.gradient_by_layer`); the legend gives each layer's number of
    parameters, its share of ``|∇C|²`` and how many of its components are exactly 0 (which
    a log scale cannot draw).
    """
    layers = descent.gradient_by_layer(grad_w, grad_b)
    fig, ax = plt.subplots(figsize=figsize)
    colours = [BLUE, "#ff7f00", GREEN, "#984ea3", RED]
    words = []
    for (layer, sizes, share), colour in zip(layers, colours * len(layers)):
        last = layer == len(layers)
        name = tr("output layer", "输出层") if last else tr(f"hidden layer {layer}",
                                                            f"隐含层 {layer}")
        zeros = int(np.sum(sizes == 0))
        label = tr(f"{name}: {sizes.size:,} parameters, {share:.1%} of |∇C|²",
                   f"{name}：{sizes.size:,} 个参数，占 |∇C|² 的 {share:.1%}")
        if zeros:
            label += tr(f"; {zeros:,} are exactly 0", f"；其中 {zeros:,} 个恰好为 0")
        words.append(T("{name}: {n:,} components, {share:.1%} of |∇C|², largest {top}{zeros}",
                       "{name}：{n:,} 个分量，占 |∇C|² 的 {share:.1%}，最大 {top}{zeros}").format(
            name=T("output layer", "输出层") if last else T(f"hidden layer {layer}",
                                                             f"隐含层 {layer}"),
            n=sizes.size, share=share, top=number(sizes.max(), ".2g"),
            zeros=T(f", {zeros:,} exactly 0", f"，{zeros:,} 个恰好为 0") if zeros else T("", "")))
        shown = sizes[sizes > 0]
        ax.plot(np.arange(1, shown.size + 1), shown, color=colour, lw=2, label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(tr("rank within its layer (largest first)", "在本层中的名次（从大到小）"))
    ax.set_ylabel(tr("size of the component |∂C/∂θ|", "分量的大小 |∂C/∂θ|"))
    ax.grid(color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    ax.legend(frameon=False, fontsize=8, loc="lower left")
    fig.tight_layout()
    total = sum(sizes.size for _, sizes, _ in layers)
    return describe(fig, T("The sizes |∂C/∂θ| of a network's {n:,} gradient components, one curve "
                           "per layer sorted largest first (log–log): {words}",
                           "一个网络 {n:,} 个梯度分量的大小 |∂C/∂θ|，每层一条曲线，从大到小排列"
                           "（双对数）：{words}").format(n=total,
                                                       words=listing(words, 6, "; ", "；")))


def plot_first_layer_gradient(grad_w, size=0.875):
    """The negative gradient of the first layer's weights as images, one per hidden neuron.

    ``grad_w`` is a network's list of weight gradients; green: the cost wants that weight
    up, red: down (the colours of the weight images).
    """
    from .weights import show_weight_grid

    minus = -np.asarray(grad_w[0], dtype=float)
    fig = show_weight_grid(minus, ncols=8, size=size, titles=False)
    n = minus.shape[0]
    fig.suptitle(tr(f"−∂C/∂W of the {n} neurons of the first hidden layer",
                    f"第一个隐含层 {n} 个神经元的 −∂C/∂W"), fontsize=10)
    fig.tight_layout()
    return describe(fig, T("The negative gradient −∂C/∂W of the first hidden layer's weights as {n} "
                           "images of {r}×{c}, one per neuron: green where the cost wants a weight "
                           "up, red down, on one colour scale; largest size {top}",
                           "第一个隐含层权重的负梯度 −∂C/∂W，画成 {n} 张 {r}×{c} 的图，每个神经元"
                           "一张：绿色表示代价希望该权重变大，红色表示变小，共用一个色标；最大的"
                           "大小为 {top}").format(
        n=n, r=int(round(np.sqrt(minus.shape[1]))), c=int(round(np.sqrt(minus.shape[1]))),
        top=number(np.abs(minus).max(), ".2g")))


def plot_careful_and_stumbling(careful, stumbling, figsize=(5, 4.3)):
    """Two paths on the 2-D cost: exact gradient descent, and descent with a noisy gradient."""
    n, m = len(careful) - 1, len(stumbling) - 1
    fig = plot_descent_2d(
        [careful, stumbling], arrows=False, figsize=figsize, colors=[BLUE, RED],
        labels=[tr(f"careful: exact gradient, {n} steps", f"谨慎的行者：精确梯度，{n} 步"),
                tr(f"stumbling: noisy gradient, {m} steps",
                   f"跌跌撞撞的人：带噪声的梯度，{m} 步")])
    names = [T("careful (blue, exact gradient)", "谨慎的行者（蓝，精确梯度）"),
             T("stumbling (red, noisy gradient)", "跌跌撞撞的人（红，带噪声的梯度）")]
    return describe(fig, _paths_2d_words([careful, stumbling], False, *descent.COST2D_RANGE,
                                         names=names))


def plot_full_batch_and_sgd(full_costs, sgd_costs, n_images, batch_size=10):
    """Cost curves of full-batch descent (one exact step per epoch) and of one SGD epoch.

    ``full_costs`` are the costs at epochs 0, 1, 2, ...; ``sgd_costs`` the costs measured at
    even intervals during one epoch of mini-batches of ``batch_size`` (the first at its
    start, the last at its end), both on the same ``n_images`` training images.
    """
    from .curves import plot_cost_curves

    full_costs, sgd_costs = np.asarray(full_costs), np.asarray(sgd_costs)
    steps = n_images // batch_size
    fig = plot_cost_curves(
        [(tr("full batch: 1 exact step per epoch", "全批量：每轮 1 个精确步"),
          np.arange(full_costs.size), full_costs, BLUE),
         (tr(f"mini-batches of {batch_size}: {steps:,} steps per epoch",
             f"大小为 {batch_size} 的小批量：每轮 {steps:,} 步"),
          np.linspace(0, 1, sgd_costs.size), sgd_costs, RED)],
        xlabel=tr(f"epochs (passes over the {n_images:,} images)",
                  f"轮次（遍历这 {n_images:,} 张图像的次数）"),
        ylabel=tr(f"cost on the {n_images:,} images", f"这 {n_images:,} 张图像上的代价"))
    return describe(fig, T("Cost on {n:,} training images against epochs: full-batch descent, one "
                           "exact step per epoch, falls from {f0} to {f1} in {e} epochs; mini-batches "
                           "of {b}, {steps:,} steps in one epoch, bring it from {s0} to {s1} within "
                           "the first epoch",
                           "{n:,} 张训练图像上的代价随轮次变化：全批量梯度下降每轮一个精确步，{e} "
                           "轮内从 {f0} 降到 {f1}；大小为 {b} 的小批量一轮走 {steps:,} 步，在第一轮"
                           "之内就从 {s0} 降到 {s1}").format(
        n=n_images, f0=number(full_costs[0]), f1=number(full_costs[-1]), e=full_costs.size - 1,
        b=batch_size, steps=steps, s0=number(sgd_costs[0]), s1=number(sgd_costs[-1])))
