"""Pictures of the cost: an output against the wanted one-hot, and what each cost charges.

The numbers come from :mod:`mlpbook.cost` (``output_costs``, ``confident_output``,
``cost_and_gradient_vs_output``), shared with the chapter-4 cost widget. Costs here are the
video's sum of squares, Σ(a − y)², and the cross-entropy −ln a[label].

In Chinese (``tr``) a label writes its maths as plain Unicode, "代价 C(w)" rather than
"代价 $C(w)$": matplotlib draws a label holding ``$...$`` in one font, without Chinese.
"""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt

from ..cost import confident_output, cost_and_gradient_vs_output, output_costs
from ._language import tr
from ._style import BLUE, GREEN, GREY, RED

__all__ = ["plot_cost_vs_output", "plot_output_and_costs", "plot_output_cost_settings",
           "plot_cost_histograms", "plot_random_and_trained", "plot_random_and_trained_costs"]

#: The two networks of chapter 4, as the figures name them.
_RANDOM = ("random network", "随机网络")
_TRAINED = ("after one pass over 10,000 images", "在 10,000 张图像上训练一遍后")


def plot_cost_vs_output(figsize=(7, 2.9), half=False):
    """Quadratic vs cross-entropy: cost and |dC/dz| against the right digit's output.

    ``half=True`` draws mlpbook's quadratic cost ½(1 − a)² (chapter 6), whose push on z is
    (a − 1)σ′(z); the default is the video's (1 − a)² of chapter 4.
    """
    a = np.linspace(0.001, 0.999, 999)
    c = cost_and_gradient_vs_output(a, half=half)
    fig, (ax_c, ax_g) = plt.subplots(1, 2, figsize=figsize, sharex=True)
    ax_c.plot(a, c["quadratic"], color=BLUE, lw=2,
              label=tr("quadratic $\\frac{1}{2}(1-a)^2$", "二次代价 ½(1 − a)²") if half
              else tr("quadratic $(1-a)^2$", "二次代价 (1 − a)²"))
    ax_c.plot(a, c["cross_entropy"], color=GREEN, lw=2,
              label=tr(r"cross-entropy $-\ln a$", "交叉熵 −ln a"))
    ax_c.set_ylim(0, 5)
    ax_c.set_ylabel(tr("cost", "代价"))
    ax_c.set_title(tr("cost of one image", "一张图像的代价"), fontsize=10)
    ax_g.plot(a, np.abs(c["quadratic_grad"]), color=BLUE, lw=2,
              label=tr("quadratic", "二次代价"))
    ax_g.plot(a, np.abs(c["cross_entropy_grad"]), color=GREEN, lw=2,
              label=tr("cross-entropy", "交叉熵"))
    ax_g.set_ylim(0, 1.05)
    ax_g.set_ylabel(r"$|\partial C / \partial z|$")
    ax_g.set_title(tr("how hard the gradient pushes", "梯度推动的力度"), fontsize=10)
    for ax in (ax_c, ax_g):
        ax.axvspan(0, 0.1, color=RED, alpha=0.08, lw=0)
        ax.set_xlabel(tr("output $a$ for the right digit (want 1)",
                         "正确数字的输出 a（期望为 1）"))
        ax.legend(frameon=False, fontsize=8, loc="upper right")
    ax_g.text(0.015, 0.55, tr("confidently\nwrong", "自信地\n答错"), color=RED, fontsize=8)
    fig.tight_layout()
    return fig


def plot_output_and_costs(ax, a, label, title=None, costs=("quadratic", "cross_entropy")):
    """Bars of the 10 outputs, the desired output (one-hot) as outlines, costs in the title.

    ``costs`` names which costs to write: "quadratic" (Σ(a − y)², the video's form)
    and/or "cross_entropy" (−ln a[label], meaningful when the outputs add up to 1).
    """
    a = np.asarray(a, dtype=float)
    n = a.size
    colours = [GREEN if k == label else BLUE for k in range(n)]
    ax.bar(range(n), a, color=colours, width=0.7)
    target = np.zeros(n)
    target[int(label)] = 1.0
    ax.bar(range(n), target, fill=False, edgecolor="black", lw=1, ls="--", width=0.7)
    ax.set_xticks(range(n))
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(tr("digit", "数字"))
    values = output_costs(a, label)
    names = {"quadratic": tr("quadratic", "二次代价"),
             "cross_entropy": tr("cross-entropy", "交叉熵")}
    text = "   ".join(f"{names[c]} {values[c]:.3f}" for c in costs)
    ax.set_title(text if title is None else f"{title}\n{text}", fontsize=8.5)
    return ax


def plot_output_cost_settings(label=3, settings=((0.9, None), (0.5, None), (0.5, 8),
                                                 (0.01, 8)), figsize=(7, 4.6)):
    """Static version of the cost widget: a few (confidence, rival) settings for one digit."""
    fig, axes = plt.subplots(2, 2, figsize=figsize, sharey=True)
    for ax, (p, rival) in zip(axes.flat, settings):
        rest = (tr("rest spread evenly", "其余均匀分布") if rival is None
                else tr(f"rest on {rival}", f"其余集中在 {rival}"))
        plot_output_and_costs(ax, confident_output(label, p, rival), label,
                              title=tr(f"right digit {label}: output {p:g}, {rest}",
                                       f"正确数字 {label}：输出 {p:g}，{rest}"))
    for ax in axes[:, 0]:
        ax.set_ylabel(tr("output activation", "输出激活值"))
    fig.tight_layout()
    return fig


def plot_cost_histograms(costs, figsize=(7, 2.8), bins=60):
    """Histograms of per-image costs, one per named network, with each mean marked.

    ``costs`` maps a name (e.g. "random network") to an array of per-image costs.
    """
    fig, ax = plt.subplots(figsize=figsize)
    top = max(float(np.max(c)) for c in costs.values())
    edges = np.linspace(0.0, top, bins + 1)
    for (name, c), colour in zip(costs.items(), [RED, GREEN, BLUE, GREY]):
        c = np.asarray(c, dtype=float)
        ax.hist(c, bins=edges, color=colour, alpha=0.55,
                label=tr(f"{name} (mean {c.mean():.3f})", f"{name}（平均 {c.mean():.3f}）"))
        ax.axvline(c.mean(), color=colour, lw=1.5, ls="--")
    ax.set_xlabel(tr("cost of one image, Σ (a − y)²", "一张图像的代价 Σ (a − y)²"))
    ax.set_ylabel(tr("number of images", "图像数"))
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    return fig



def plot_random_and_trained(x, label, a_random, a_trained, figsize=(7, 2.4)):
    """Chapter 4's image and what the random and the trained network answer for it.

    ``x`` is the image (784 pixels), ``label`` its digit, ``a_random`` and ``a_trained`` the
    10 outputs of the random network and of the one trained for one pass over 10,000 images;
    each panel's title gives its quadratic cost Σ(a − y)².
    """
    from .digits import show_digit

    fig, axes = plt.subplots(1, 3, figsize=figsize, gridspec_kw={"width_ratios": [0.7, 1, 1]})
    show_digit(x, ax=axes[0], title=tr(f"the image (label {label})", f"这张图像（标签 {label}）"))
    plot_output_and_costs(axes[1], a_random, label, title=tr(*_RANDOM), costs=["quadratic"])
    plot_output_and_costs(axes[2], a_trained, label, title=tr(*_TRAINED), costs=["quadratic"])
    axes[1].set_ylabel(tr("output activation", "输出激活值"))
    fig.tight_layout()
    return fig


def plot_random_and_trained_costs(costs_random, costs_trained, figsize=(7, 2.8), bins=60):
    """:func:`plot_cost_histograms` of chapter 4's two networks, named in the reader's language."""
    return plot_cost_histograms({tr(*_RANDOM): costs_random, tr(*_TRAINED): costs_trained},
                                figsize=figsize, bins=bins)
