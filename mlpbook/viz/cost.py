"""Pictures of the cost: an output against the wanted one-hot, and what each cost charges.

The numbers come from :mod:`mlpbook.lessons.cost` (``output_costs``, ``confident_output``,
``cost_and_gradient_vs_output``), shared with the chapter-4 cost widget. Costs here are the
video's sum of squares, Σ(a − y)², and the cross-entropy −ln a[label].

In Chinese (``tr``) a label writes its maths as plain Unicode, "代价 C(w)" rather than
"代价 $C(w)$": matplotlib draws a label holding ``$...$`` in one font, without Chinese.
"""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt

from ..lessons.cost import confident_output, cost_and_gradient_vs_output, output_costs
from ._alt import both, describe, listing, number
from ._language import T, tr
from ._style import BLUE, GREEN, GREY, RED

__all__ = ["plot_cost_vs_output", "plot_output_and_costs", "plot_output_cost_settings",
           "plot_cost_histograms", "plot_random_and_trained", "plot_random_and_trained_costs"]

#: The two networks of chapter 4, as the figures name them.
_RANDOM = T("random network", "随机网络")
_TRAINED = T("after one pass over 10,000 images", "在 10,000 张图像上训练一遍后")


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
    at = cost_and_gradient_vs_output(np.array([0.01]), half=half)
    return describe(fig, T("Left: two costs of one image against the output a for the right digit "
                           "(want 1): the quadratic {q} stays at most {qmax}, the cross-entropy −ln "
                           "a grows without bound as a → 0. Right: how hard each pushes z; at a = "
                           "0.01, where the network is confidently wrong, quadratic {gq}, "
                           "cross-entropy {gce}",
                           "左：一张图像的两种代价随正确数字的输出 a（期望为 1）变化：二次代价 {q} 最多为"
                           " {qmax}，交叉熵 −ln a 在 a → 0 时无限增大。右：各自推动 z 的力度；在"
                           "网络自信地答错的 a = 0.01 处，二次代价为 {gq}，交叉熵为 {gce}").format(
        q="½(1 − a)²" if half else "(1 − a)²", qmax=number(0.5 if half else 1.0),
        gq=number(abs(at["quadratic_grad"][0]), ".2g"),
        gce=number(abs(at["cross_entropy_grad"][0]), ".2g")))


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
    cases = []
    for p, rival in settings:
        values = output_costs(confident_output(label, p, rival), label)
        rest = (T("rest spread", "其余均匀") if rival is None
                else T(f"rest on {rival}", f"其余在 {rival}"))
        cases.append(T("{p} ({rest}): {q}, {ce}", "{p}（{rest}）：{q}、{ce}").format(
            p=number(p), rest=rest, q=number(values["quadratic"], ".3f"),
            ce=number(values["cross_entropy"], ".3f")))
    return describe(fig, T("{k} outputs for the digit {d} as bars against the wanted output "
                           "(dashed: 1 for {d}, 0 elsewhere), with their quadratic and "
                           "cross-entropy costs. Output for {d}: {cases}",
                           "数字 {d} 的 {k} 组输出画成柱，虚线是期望的输出（{d} 为 1，其余为 0），"
                           "并给出二次代价和交叉熵。{d} 的输出：{cases}").format(
        k=len(settings), d=label, cases=listing(cases, len(cases), "; ", "；")))


def plot_cost_histograms(costs, figsize=(7, 2.8), bins=60):
    """Histograms of per-image costs, one per named network, with each mean marked.

    ``costs`` maps a name (e.g. "random network", str or :class:`mlpbook.i18n.T`) to an array
    of per-image costs.
    """
    fig, ax = plt.subplots(figsize=figsize)
    top = max(float(np.max(c)) for c in costs.values())
    edges = np.linspace(0.0, top, bins + 1)
    for (name, c), colour in zip(costs.items(), [RED, GREEN, BLUE, GREY]):
        c = np.asarray(c, dtype=float)
        name = both(name)
        ax.hist(c, bins=edges, color=colour, alpha=0.55,
                label=tr(f"{name.en} (mean {c.mean():.3f})", f"{name.zh}（平均 {c.mean():.3f}）"))
        ax.axvline(c.mean(), color=colour, lw=1.5, ls="--")
    ax.set_xlabel(tr("cost of one image, Σ (a − y)²", "一张图像的代价 Σ (a − y)²"))
    ax.set_ylabel(tr("number of images", "图像数"))
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    means = listing([T("{name}: mean {m}", "{name}：平均 {m}").format(
        name=both(name), m=number(np.mean(c), ".3f")) for name, c in costs.items()], 6, "; ", "；")
    sizes = {np.size(c) for c in costs.values()}
    count = (T("each of {n:,} images", "{n:,} 张图像中每一张").format(n=next(iter(sizes)))
             if len(sizes) == 1 else T("each image", "每张图像"))
    return describe(fig, T("Histograms of the cost Σ (a − y)² of {count} for {k} networks, "
                           "dashed at each mean: {means}",
                           "{k} 个网络对 {count}的代价 Σ (a − y)² 的直方图，虚线为各自的平均："
                           "{means}").format(count=count, k=len(costs), means=means))



def plot_random_and_trained(x, label, a_random, a_trained, figsize=(7, 2.4)):
    """Chapter 4's image and what the random and the trained network answer for it.

    ``x`` is the image (784 pixels), ``label`` its digit, ``a_random`` and ``a_trained`` the
    10 outputs of the random network and of the one trained for one pass over 10,000 images;
    each panel's title gives its quadratic cost Σ(a − y)².
    """
    from .digits import show_digit

    fig, axes = plt.subplots(1, 3, figsize=figsize, gridspec_kw={"width_ratios": [0.7, 1, 1]})
    show_digit(x, ax=axes[0], title=tr(f"the image (label {label})", f"这张图像（标签 {label}）"))
    plot_output_and_costs(axes[1], a_random, label, title=tr(_RANDOM), costs=["quadratic"])
    plot_output_and_costs(axes[2], a_trained, label, title=tr(_TRAINED), costs=["quadratic"])
    axes[1].set_ylabel(tr("output activation", "输出激活值"))
    fig.tight_layout()
    names = (_RANDOM, T("network trained for one pass over 10,000 images",
                        "在 10,000 张图像上训练一遍的网络"))
    answers = [T("the {name} answers {d} (quadratic cost {c})",
                 "{name}的回答是 {d}（二次代价 {c}）").format(
        name=name, d=int(np.argmax(a)), c=number(output_costs(a, label)["quadratic"], ".3f"))
        for name, a in zip(names, (a_random, a_trained))]
    return describe(fig, T("An image of a {d} and the 10 outputs of two networks for it as bars "
                           "against the wanted output, 1 for {d}: {answers}",
                           "一张数字 {d} 的图像，以及两个网络对它的 10 个输出（柱），对照期望的输出"
                           "（{d} 为 1）：{answers}").format(
        d=label, answers=listing(answers, 2, "; ", "；")))


def plot_random_and_trained_costs(costs_random, costs_trained, figsize=(7, 2.8), bins=60):
    """:func:`plot_cost_histograms` of chapter 4's two networks, named in the reader's language."""
    return plot_cost_histograms({_RANDOM: costs_random, _TRAINED: costs_trained},
                                figsize=figsize, bins=bins)
