"""Figures of how a network learns: one example's nudges (chapter 6) and the ablation (chapter 7).

Only drawing happens here; the numbers come from :mod:`mlpbook.lessons.backprop_levers` and
:mod:`mlpbook.lessons.ablation`.  The look is the book's (:mod:`mlpbook.viz`): nudges are coloured
like weights, green for "up" and red for "down", so a reader reads them at a glance.  Every
function returns the matplotlib Figure.  Words are drawn through :func:`mlpbook.viz.tr`, so
the Chinese edition gets Chinese labels; texts a chapter passes in (titles, row labels) are
the chapter's to translate.  A text that mixes Chinese with ``$math$`` is drawn in the Chinese
font as a whole (:func:`_chinese_next_to_math`): matplotlib's mathtext takes its plain words
from one font only, without the per-glyph fallback, and would draw the Chinese as boxes.
"""

from __future__ import annotations

import math
import re

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.text import Text

from ..i18n import T
from . import BLUE, GREEN, GREY, RED, WEIGHT_CMAP, chinese_font, describe, tr
from ._alt import listing, number

__all__ = ["plot_output_nudges", "plot_levers", "plot_nudge_rows", "plot_seed_runs"]


_CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")

#: The rungs of :data:`mlpbook.lessons.ablation.BEST_16_LADDER` (and the classic start) in Chinese,
#: for the rows of :func:`plot_seed_runs`; any other label is drawn as it is.
_RUNG_ZH = {"classic": "经典配方", "softmax & cross-entropy": "softmax 加交叉熵",
            "scaled start": "缩放初始化", "momentum 0.9": "动量 0.9",
            "weight decay": "权重衰减", "cosine schedule": "余弦调度",
            "batches of 32": "批大小 32"}
_SCORED_ZH = {"validation": "验证集", "test": "测试集"}


def _rung_label(label):
    """A ladder rung's label in the reader's language (``"+ weight decay"``: ``"+ 权重衰减"``)."""
    return tr(_rung_text(label))


def _rung_text(label):
    """A ladder rung's label in both languages, as :class:`~mlpbook.i18n.T`."""
    plus = "+ " if label.startswith("+ ") else ""
    name = label[len(plus):]
    return T(plus + name, plus + _RUNG_ZH.get(name, name))


def _chinese_next_to_math(fig):
    """Draw every text that has both Chinese and ``$math$`` in the Chinese font.

    The plain words of a mathtext string all come from the text's own font (no fallback per
    glyph), so the Chinese font, which has Latin letters and digits too, must be that font.
    The math keeps its usual font. English texts are left alone.
    """
    font = chinese_font()
    if font:
        for text in fig.findobj(Text):
            words = text.get_text()
            if "$" in words and _CHINESE.search(words):
                text.set_fontfamily(font)
    return fig


def _signed_colors(values):
    return [GREEN if v >= 0 else RED for v in np.asarray(values).ravel()]


def _limit(values):
    top = float(np.max(np.abs(values))) if np.size(values) else 0.0
    return top if top > 0 else 1.0


def plot_output_nudges(output, label, ax=None, figsize=(5.2, 2.6)):
    """The 10 outputs for one example as grey bars, each with an arrow to its target.

    The arrow of the right digit points up to 1 (green), the others down to 0 (red); its
    length, the distance to the target, is the size of the nudge the example wants.
    """
    a = np.asarray(output, dtype=float)
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=figsize)
    n = a.size
    x = np.arange(n)
    ax.bar(x, a, color="#cccccc", edgecolor=GREY, width=0.6,
           label=tr("output now", "当前输出"))
    target = (x == int(label)).astype(float)
    for j in range(n):
        if abs(target[j] - a[j]) < 1e-3:
            continue
        color = GREEN if target[j] > a[j] else RED
        ax.annotate("", xy=(j, target[j]), xytext=(j, a[j]),
                    arrowprops=dict(arrowstyle="-|>", color=color, lw=1.6,
                                    shrinkA=0, shrinkB=0))
    ax.scatter(x, target, marker="_", s=160, color="black", zorder=3,
               label=tr("target", "目标"))
    ax.set_xticks(x)
    ax.set_xlabel(tr("output neuron (digit)", "输出神经元（数字）"))
    ax.set_ylabel(tr("activation", "激活值"))
    ax.set_ylim(-0.05, 1.1)
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    fig = _chinese_next_to_math(ax.figure)
    return describe(fig, _nudges_words(a, int(label))) if own else fig


def _nudges_words(a, label):
    """What one example wants from the outputs, in words (for :func:`plot_output_nudges`)."""
    others = [j for j in range(a.size) if j != label]
    worst = max(others, key=lambda j: a[j])
    return T("the {n} outputs for one example of a {d} as grey bars, each with an arrow to its "
             "target: up to 1 for {d} (now {now}, green), down to 0 for the others (red), the "
             "longest for {w} (now {wv})",
             "一个数字 {d} 的样本的 {n} 个输出画成灰色的柱，每个都有箭头指向目标：{d} 向上到 1"
             "（现在 {now}，绿色），其余向下到 0（红色），最长的是 {w}（现在 {wv}）").format(
        n=a.size, d=label, now=number(a[label], ".2f"), w=worst, wv=number(a[worst], ".2f"))


def plot_levers(a_prev, w, nudge_z, neuron=None, figsize=(7, 4.2)):
    """The three levers of one neuron, as four bar charts over the previous layer.

    Top: the previous activations ``a_k`` and the neuron's weights ``w_k``.  Bottom: the
    weight nudges ``Δz · a_k`` (proportional to the activations above them) and the wished
    changes of the previous activations ``Δz · w_k`` (proportional to the weights).  The
    bias nudge, ``Δz`` itself, is in the title.
    """
    a_prev = np.asarray(a_prev, dtype=float)
    w = np.asarray(w, dtype=float)
    nudge_z = float(nudge_z)
    k = np.arange(a_prev.size)
    fig, axes = plt.subplots(2, 2, figsize=figsize, sharex=True)
    (ax_a, ax_w), (ax_dw, ax_da) = axes
    ax_a.bar(k, a_prev, color=BLUE)
    ax_a.set_ylim(0, 1)
    ax_a.set_title(tr("previous activations $a_k$", "前一层的激活值 $a_k$"), fontsize=10)
    ax_w.bar(k, w, color=_signed_colors(w))
    ax_w.set_title(tr("its weights $w_k$", "它的权重 $w_k$"), fontsize=10)
    dw = nudge_z * a_prev
    ax_dw.bar(k, dw, color=_signed_colors(dw))
    ax_dw.set_title(tr(r"lever 2: weight nudges $\Delta z \cdot a_k$",
                       r"杠杆 2：权重的微调 $\Delta z \cdot a_k$"), fontsize=10)
    da = nudge_z * w
    ax_da.bar(k, da, color=_signed_colors(da))
    ax_da.set_title(tr(r"lever 3: wished $\Delta a_k = \Delta z \cdot w_k$",
                       r"杠杆 3：希望的 $\Delta a_k = \Delta z \cdot w_k$"), fontsize=10)
    for ax in axes.ravel():
        ax.axhline(0, color=GREY, lw=0.6)
    for ax in axes[1]:
        ax.set_xlabel(tr("neuron $k$ of the previous layer", "前一层的神经元 $k$"))
        ax.set_xticks(k[::max(1, a_prev.size // 8)])
    who = "" if neuron is None else tr(f"output neuron {neuron}: ", f"输出神经元 {neuron}：")
    fig.suptitle(who + tr(f"wished change of its weighted input $\\Delta z$ = {nudge_z:+.3f} "
                          f"= lever 1, the bias nudge",
                          f"加权输入希望的变化 $\\Delta z$ = {nudge_z:+.3f} "
                          f"= 杠杆 1，偏置的微调"), fontsize=10)
    _chinese_next_to_math(fig)
    fig.tight_layout()
    top_w, top_a = int(np.argmax(np.abs(dw))), int(np.argmax(np.abs(da)))
    return describe(fig, T("The three levers of {who}its wished Δz = {dz} is lever 1, the bias "
                           "nudge. Bars over the {n} neurons k of the previous layer: activations "
                           "a_k, weights w_k; lever 2, weight nudges Δz·a_k (largest {dw}, k = "
                           "{kw}); lever 3, wished Δa_k = Δz·w_k (largest {da}, k = {ka})",
                           "{who}的三根杠杆：它希望的 Δz = {dz} 就是杠杆 1，偏置的微调。前一层 {n} "
                           "个神经元 k 上的柱：激活值 a_k、权重 w_k；杠杆 2，权重的微调 Δz·a_k"
                           "（最大 {dw}，k = {kw}）；杠杆 3，希望的 Δa_k = Δz·w_k（最大 {da}，"
                           "k = {ka}）").format(
        who=(T("a neuron: ", "一个神经元") if neuron is None else
             T(f"output neuron {neuron}: ", f"输出神经元 {neuron} ")),
        dz=f"{nudge_z:+.3f}", n=a_prev.size, dw=f"{dw[top_w]:+.3f}", kw=top_w,
        da=f"{da[top_a]:+.3f}", ka=top_a))


def plot_nudge_rows(rows, total, row_labels, total_label, xlabel, title=None, ylabel=None,
                    fmt="{:+.2f}", figsize=(7, 3.6)):
    """Many wishes and what they add up to: one coloured row per contributor, the total below.

    ``rows`` is a matrix (one row per contributor, e.g. per output neuron or per example),
    ``total`` the vector they combine into (their sum or mean).  Green is "up", red "down".
    The total row has its own colour scale (so it stays readable when it is much smaller or
    larger than the rows), with its own colour bar beside it, and its values written in,
    formatted with ``fmt``.
    """
    rows = np.asarray(rows, dtype=float)
    total = np.asarray(total, dtype=float).ravel()
    if rows.ndim != 2 or total.size != rows.shape[1]:
        raise ValueError(f"rows must be a matrix with one column per entry of total; got "
                         f"shapes {rows.shape} and {total.shape}")
    fig = plt.figure(figsize=figsize)
    grid = fig.add_gridspec(2, 2, height_ratios=[rows.shape[0], 1.6], width_ratios=[1, 0.025],
                            hspace=0.35, wspace=0.03)
    ax = fig.add_subplot(grid[0, 0])
    ax_t = fig.add_subplot(grid[1, 0], sharex=ax)
    ax.tick_params(labelbottom=False)
    lim = _limit(rows)
    im = ax.imshow(rows, cmap=WEIGHT_CMAP, vmin=-lim, vmax=lim, aspect="auto",
                   interpolation="nearest")
    ax.set_yticks(range(rows.shape[0]))
    ax.set_yticklabels(row_labels, fontsize=8)
    if ylabel:
        ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=10)
    lim_t = _limit(total)
    im_t = ax_t.imshow(total[None, :], cmap=WEIGHT_CMAP, vmin=-lim_t, vmax=lim_t, aspect="auto",
                       interpolation="nearest")
    # one colour bar per panel: the two scales differ (an average is often ten times smaller)
    for image, place in ((im, grid[0, 1]), (im_t, grid[1, 1])):
        bar = fig.colorbar(image, cax=fig.add_subplot(place))
        bar.ax.tick_params(labelsize=7)
    ax_t.set_yticks([0])
    ax_t.set_yticklabels([total_label], fontsize=8)
    for j, v in enumerate(total):
        ax_t.text(j, 0, fmt.format(v), ha="center", va="center", fontsize=6.5,
                  rotation=90 if total.size > 20 else 0)
    ax_t.set_xticks(range(total.size))
    ax_t.set_xlabel(xlabel)
    for a in (ax, ax_t):
        a.spines[:].set_visible(False)
    fig = _chinese_next_to_math(fig)
    return describe(fig, T("{r} rows of wishes over {c} entries, coloured green for up and red for "
                           "down (from {lo} to {hi}), and below them what they add up to, on its "
                           "own colour scale, written in: from {tlo} to {thi}",
                           "{r} 行愿望，每行 {c} 项，绿色为增、红色为减（从 {lo} 到 {hi}），下面是"
                           "它们合起来的结果，用它自己的色标，并写出数值：从 {tlo} 到 {thi}").format(
        r=rows.shape[0], c=rows.shape[1], lo=fmt.format(rows.min()), hi=fmt.format(rows.max()),
        tlo=fmt.format(total.min()), thi=fmt.format(total.max())))


def plot_seed_runs(runs, ax=None, figsize=(7, None), xlabel=None):
    """Each recipe's accuracy over seeds: one dot per seed, the mean ± one standard deviation.

    ``runs`` is a list of :class:`mlpbook.lessons.ablation.SeedRuns`, drawn top to bottom, each row
    named by its ``label`` (the rungs of the book's ladder in the reader's language).  A
    height of ``None`` in ``figsize`` grows the figure with the number of rows.
    """
    runs = list(runs)
    own = ax is None
    if own:
        width, height = figsize
        fig, ax = plt.subplots(figsize=(width, height or 0.42 * len(runs) + 0.9))
    y = np.arange(len(runs))[::-1]
    for row, r in zip(y, runs):
        acc = 100 * np.asarray(r.accuracies)
        ax.scatter(acc, np.full(acc.size, row), color=BLUE, s=18, alpha=0.7, zorder=3)
        mean, std = 100 * r.mean, 100 * r.std
        if not math.isnan(std):
            ax.errorbar(mean, row, xerr=std, fmt="none", ecolor="black", capsize=3, lw=1)
        ax.scatter([mean], [row], marker="|", s=200, color="black", zorder=4)
    ax.set_yticks(y)
    ax.set_yticklabels([_rung_label(r.label) for r in runs])
    on = sorted({r.scored_on for r in runs})
    scored, scored_zh = "/".join(on), "/".join(_SCORED_ZH.get(s, s) for s in on)
    ax.set_xlabel(xlabel or tr(f"{scored} accuracy (%): dots = seeds, bar = mean ± sd",
                               f"{scored_zh}准确率（%）：点 = 各个种子，"
                               f"横线 = 均值 ± 标准差"))
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    _chinese_next_to_math(ax.figure)
    ax.figure.tight_layout()
    if not own:
        return ax.figure
    rows = listing([T("{name} {m:.1f}%", "{name} {m:.1f}%").format(
        name=_rung_text(r.label), m=100 * r.mean) for r in runs], len(runs), "; ", "；")
    seeds = {len(r.accuracies) for r in runs}
    return describe(ax.figure, T("{scored} accuracy of {k} training recipes, one row each, one dot "
                                 "per seed ({s} seeds) and a bar at the mean ± one standard "
                                 "deviation; means: {rows}",
                                 "{k} 个训练配方的{scored}准确率，每个一行，每个种子一个点（{s} 个"
                                 "种子），横线为均值 ± 一个标准差；均值：{rows}").format(
        scored=T(scored.capitalize(), scored_zh), k=len(runs), rows=rows,
        s="/".join(str(n) for n in sorted(seeds))))
