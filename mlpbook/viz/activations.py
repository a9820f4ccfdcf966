"""Pictures of activation functions: sigmoid and ReLU, their slopes, how w and b reshape them.

The curves come from :mod:`mlpbook.lessons.activations` (``squish_curve``, ``step_position``), the
same functions the chapter-3 squish widget twins in JavaScript, so the static figure and the
widget cannot disagree. :func:`plot_weighted_sum_spread` shows where a layer's weighted sums
land against the sigmoid's useful band, which is why the starting weights matter (chapter 7).

In Chinese (``tr``) a label writes its maths as plain Unicode, "代价 C(w)" rather than
"代价 $C(w)$": matplotlib draws a label holding ``$...$`` in one font, without Chinese.
"""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt

from ..engine import reference
from ..lessons.activations import squish_curve, step_position
from ._alt import describe, listing, number
from ._language import T, tr
from ._style import BLUE, GREEN, GREY, RED

__all__ = ["plot_sigmoid_and_relu", "plot_squish", "plot_squish_settings",
           "plot_step_vs_sigmoid", "plot_weighted_sum_spread"]


def plot_sigmoid_and_relu(z_max=6.0, figsize=(7, 2.8)):
    """Sigmoid and ReLU side by side, each with its derivative (dashed)."""
    z = np.linspace(-z_max, z_max, 601)
    fig, (ax_s, ax_r) = plt.subplots(1, 2, figsize=figsize, sharex=True)
    ax_s.plot(z, reference.sigmoid(z), color=BLUE, lw=2, label=r"$\sigma(z)$")
    ax_s.plot(z, reference.sigmoid_prime(z), color=RED, lw=1.5, ls="--", label=r"$\sigma'(z)$")
    ax_s.axhline(0.25, color=GREY, lw=0.6, ls=":")
    ax_s.text(-z_max, 0.27, tr("max σ′ = 1/4", "σ′ 的最大值 = 1/4"), fontsize=8, color=GREY)
    ax_s.set_ylim(-0.05, 1.05)
    ax_s.set_title(tr("sigmoid: squashes into (0, 1)", "sigmoid：压缩到 (0, 1) 之间"))
    ax_r.plot(z, reference.relu(z), color=BLUE, lw=2, label=r"ReLU$(z)$")
    ax_r.plot(z, reference.relu_prime(z), color=RED, lw=1.5, ls="--", label=r"ReLU$'(z)$")
    ax_r.set_ylim(-0.3, z_max)
    ax_r.set_title(tr("ReLU: max(0, z)", "ReLU：max(0, z)"))
    for ax in (ax_s, ax_r):
        ax.axvline(0, color=GREY, lw=0.5)
        ax.axhline(0, color=GREY, lw=0.5)
        ax.set_xlabel(tr("weighted input $z$", "加权输入 z"))
        ax.legend(frameon=False, loc="upper left", fontsize=8)
    ax_s.set_ylabel(tr("activation", "激活值"))
    fig.tight_layout()
    slope = reference.sigmoid_prime(z)
    return describe(fig, T("Left: the sigmoid σ(z) rises in an S from {lo} to {hi} as z goes from "
                           "{a} to {b}; its slope σ′ (dashed) is a bump, largest ({top}) at z = "
                           "{at}. Right: ReLU is 0 for z < 0 and equals z above; its slope jumps from 0 "
                           "to 1 at 0",
                           "左：sigmoid 函数 σ(z) 随 z 从 {a} 到 {b} 呈 S 形从 {lo} 升到 {hi}；"
                           "它的斜率 σ′（虚线）是一个鼓包，在 z = {at} 处最大（{top}）。右：ReLU "
                           "在 z < 0 时为 0，之后等于 z；它的斜率在 0 处从 0 跳到 1").format(
        lo=number(reference.sigmoid(z[0]), ".4f"), hi=number(reference.sigmoid(z[-1]), ".4f"),
        a=number(-z_max), b=number(z_max), top=number(slope.max(), ".2f"),
        at=number(z[np.argmax(slope)], ".2g")))


def plot_squish(ax, w=1.0, b=0.0, activation="sigmoid", z_max=6.0, color=BLUE, label=None,
                mark_step=True, **line_kwargs):
    """Draw f(w·x + b) for the input x in [−z_max, z_max] on ``ax`` (one curve of the slider
    figure). The input x is what the neuron receives; z = w·x + b is its weighted input."""
    x = np.linspace(-z_max, z_max, 801)
    if label is None:
        label = f"w = {w:g}, b = {b:g}"
    ax.plot(x, squish_curve(x, w, b, activation), color=color, label=label, **line_kwargs)
    where = step_position(w, b)
    if mark_step and where is not None and -z_max <= where <= z_max:
        level = 0.5 if activation == "sigmoid" else 0.0
        ax.plot([where], [level], "o", color=color, ms=4)
    ax.set_xlim(-z_max, z_max)
    if activation == "sigmoid":
        ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel(tr("input $x$", "输入 x"))
    return ax


def plot_squish_settings(figsize=(7, 5), z_max=6.0):
    """Static version of the squish slider widget: a few (w, b) settings overlaid.

    Left column: the weight changes (b = 0), the step gets sharper.
    Right column: the bias changes (w = 2), the step slides to x = −b/w.
    Top row sigmoid, bottom row ReLU.
    """
    weights = [0.5, 1.0, 3.0, 10.0]
    biases = [-6.0, 0.0, 6.0]
    colours = [GREY, BLUE, GREEN, RED]
    fig, axes = plt.subplots(2, 2, figsize=figsize, sharex=True)
    for row, activation in enumerate(("sigmoid", "relu")):
        name = "σ" if activation == "sigmoid" else "ReLU"
        ax = axes[row, 0]
        for w, c in zip(weights, colours):
            plot_squish(ax, w, 0.0, activation, z_max, color=c, label=f"w = {w:g}")
        ax.set_title(tr(f"{name}(w·x): the weight sets the steepness",
                        f"{name}(w·x)：权重决定陡峭程度"), fontsize=9)
        ax.legend(frameon=False, fontsize=7,
                  loc="lower right" if activation == "sigmoid" else "upper left")
        ax = axes[row, 1]
        for b, c in zip(biases, colours[1:]):
            plot_squish(ax, 2.0, b, activation, z_max, color=c)
            where = step_position(2.0, b)
            if activation == "sigmoid":
                ax.text(where + 0.25, 0.45, f"b = {b:g}", color=c, fontsize=8, va="top")
            else:
                ax.text(where - 0.2, 0.5, f"b = {b:g}", color=c, fontsize=8, ha="right")
        ax.set_title(tr(f"{name}(2x + b): the bias slides it to x = −b/2",
                        f"{name}(2x + b)：偏置把它平移到 x = −b/2"), fontsize=9)
        if activation == "relu":
            for ax in axes[row]:
                ax.set_ylim(-0.5, 12)
        for ax in axes[row]:
            ax.axvline(0, color=GREY, lw=0.4)
        axes[row, 0].set_ylabel(tr("activation", "激活值"))
    for ax in axes[0]:
        ax.set_xlabel("")
    fig.tight_layout()
    steps = listing([number(step_position(2.0, b)) for b in biases])
    return describe(fig, T("Four panels. Top: σ(w·x) for w = {ws}: the larger the weight, the "
                           "steeper the step; σ(2x + b) for b = {bs}: the step slides to x = "
                           "{steps}. Bottom: the same for ReLU, whose bend moves the same way",
                           "四个子图。上：σ(w·x)，w = {ws}：权重越大，台阶越陡；σ(2x + b)，"
                           "b = {bs}：台阶平移到 x = {steps}。下：ReLU 的同样情形，它的折点也"
                           "这样移动").format(
        ws=listing([number(w) for w in weights]), bs=listing([number(b) for b in biases]),
        steps=steps))


def plot_step_vs_sigmoid(z_max=6.0, figsize=(7, 2.6)):
    """A step function and the sigmoid with their slopes: the step's is 0 almost everywhere."""
    z = np.linspace(-z_max, z_max, 801)
    sig = 1 / (1 + np.exp(-z))
    step = (z > 0).astype(float)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=figsize)
    ax1.plot(z, step, color=RED, lw=2, label=tr("step", "阶跃"))
    ax1.plot(z, sig, color=BLUE, lw=2, label="sigmoid σ")
    ax1.set_title(tr("activation", "激活函数"), fontsize=10)
    ax1.set_xlabel(tr("weighted input $z$", "加权输入 z"))
    ax1.legend(frameon=False)
    ax2.plot(z, np.zeros_like(z), color=RED, lw=2,
             label=tr("step: 0 (undefined at 0)", "阶跃：0（在 0 处无定义）"))
    ax2.plot(z, sig * (1 - sig), color=BLUE, lw=2, label="σ′(z) = σ(z)(1 − σ(z))")
    ax2.plot([0], [0], "o", color="white", markeredgecolor=RED, mew=1.5)
    ax2.set_title(tr("slope", "斜率"), fontsize=10)
    ax2.set_xlabel(tr("weighted input $z$", "加权输入 z"))
    ax2.set_ylim(-0.02, 0.36)
    ax2.legend(frameon=False, fontsize=8, loc="upper left")
    fig.tight_layout()
    return describe(fig, T("Left: a step function (0, then 1 from z = 0) and the sigmoid, for z "
                           "from {a} to {b}. Right: their slopes: the step's is 0 everywhere "
                           "(undefined at 0), so it gives gradient descent nothing to follow; the "
                           "sigmoid's is a smooth bump, largest ({top}) at 0",
                           "左：阶跃函数（在 z = 0 处从 0 跳到 1）和 sigmoid 函数，z 从 {a} 到 {b}。"
                           "右：它们的斜率：阶跃函数的斜率处处为 0（在 0 处无定义），梯度下降无处"
                           "可循；sigmoid 的斜率是一个平滑的鼓包，在 0 处最大（{top}）").format(
        a=number(-z_max), b=number(z_max), top=number((sig * (1 - sig)).max(), ".2f")))


def plot_weighted_sum_spread(samples, limit=None, figsize=(6.4, 2.6)):
    """Histograms of hidden neurons' weighted sums z, one per way of starting the weights.

    ``samples`` maps a label (e.g. "N(0, 1)") to an array of z values.  The band where the
    sigmoid still has a useful slope (|z| < 4, where σ'(z) > 0.017) is shaded.
    """
    fig, axes = plt.subplots(1, len(samples), figsize=figsize, squeeze=False)
    values = [np.ravel(v) for v in samples.values()]
    limit = limit or float(max(np.percentile(np.abs(v), 99.5) for v in values))
    bins = np.linspace(-limit, limit, 61)
    for ax, (name, v) in zip(axes[0], zip(samples, values)):
        ax.axvspan(-4, 4, color=GREEN, alpha=0.12, lw=0)
        ax.hist(v, bins=bins, color=BLUE)  # the few values beyond the limit are left out
        share = float(np.mean(np.abs(v) < 4))
        ax.set_title(tr(f"{name}: {share:.0%} with |z| < 4", f"{name}：{share:.0%} 满足 |z| < 4"),
                     fontsize=9)
        ax.set_xlabel(tr("weighted sum z of a hidden neuron", "隐含层神经元的加权和 z"))
        ax.set_yticks([])
    fig.tight_layout()
    shares = listing([T("{name}: {p:.0%} inside", "{name}：{p:.0%} 在带内").format(
        name=name, p=float(np.mean(np.abs(v) < 4))) for name, v in zip(samples, values)])
    return describe(fig, T("Histograms of hidden neurons' weighted sums z for {k} ways to start "
                           "the weights, from {lo} to {hi}, with the band |z| < 4, where the "
                           "sigmoid still has a slope, shaded: {shares}",
                           "{k} 种初始化权重的方式下，隐含层神经元加权和 z 的直方图（{lo} 到 "
                           "{hi}），阴影是 sigmoid 函数仍有斜率的 |z| < 4 一带：{shares}").format(
        k=len(values), lo=number(-limit), hi=number(limit), shares=shares))

