"""Pictures of one neuron at work: weights × pixels = products, a sum, a bias, an activation.

The static twins of chapter 2's neuron explorer. The maths (the weighted sum and the
activation of one neuron on one digit) is :mod:`mlpbook.lessons.neuron`; these functions only draw
what it returns, in the same colours as the weight images.
"""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt

from ..lessons import neuron
from ..engine import reference
from ._alt import both, describe, listing, number
from ._language import T, tr
from ._style import BLUE, DIGIT_CMAP, GREEN, GREY, RED, _frame, _signed, weight_limit
from .digits import show_digit
from .weights import show_weights

__all__ = ["show_neuron_response", "show_response_grid", "plot_mean_by_digit",
           "plot_bias_threshold"]


def _symbol_axis(ax, symbol):
    """An empty panel holding one big operator ("×", "=", "→") between two pictures."""
    ax.axis("off")
    ax.text(0.5, 0.5, symbol, ha="center", va="center", fontsize=18, transform=ax.transAxes)


def _neuron_circle(ax, activation, text=None):
    """One neuron as a circle shaded by its activation (0 black, 1 white), value below."""
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1.25, 1)
    ax.set_aspect("equal")
    ax.axis("off")
    ring = GREEN if activation > 0.5 else "#333333"
    ax.add_patch(plt.Circle((0, 0.1), 0.75, facecolor=plt.get_cmap(DIGIT_CMAP)(activation),
                            edgecolor=ring, lw=2.2 if activation > 0.5 else 1))
    if text:
        ax.text(0, -0.95, text, ha="center", va="center", fontsize=8)


def show_neuron_response(weights, image, response, title=None, figsize=(7, 2.5)):
    """weights × digit = products, and the neuron's sum, bias and activation.

    ``response`` is a :class:`mlpbook.lessons.neuron.NeuronResponse` (from ``neuron_response``);
    ``title`` may be a :class:`mlpbook.i18n.T`, drawn and described in the reader's language.
    The products w_i·a_i use the same colours and scale as the weights: their sum is the
    weighted sum, green pixels add to it, red pixels take away.
    """
    fig, axes = plt.subplots(1, 7, figsize=figsize,
                             gridspec_kw={"width_ratios": [1, 0.25, 1, 0.25, 1, 0.25, 0.95]})
    limit = weight_limit(weights)
    show_weights(weights, ax=axes[0], limit=limit, title=tr("weights $w$", "权重 w"))
    _frame(axes[0])
    _symbol_axis(axes[1], "×")
    show_digit(image, ax=axes[2], title=tr("activations $a$ (digit)", "激活值 a（数字）"))
    _symbol_axis(axes[3], "=")
    show_weights(response.products, ax=axes[4], limit=limit,
                 title=tr("products $w_i a_i$", "乘积 wᵢaᵢ"))
    _frame(axes[4])
    _symbol_axis(axes[5], "→")
    _neuron_circle(axes[6], response.activation,
                   f"$\\sigma$ = {response.activation:.2f}")
    axes[6].set_title(tr("the neuron", "神经元"), fontsize=9)
    sign = "+" if response.bias >= 0 else "−"
    s, z = _signed(response.weighted_sum, '.2f'), _signed(response.z, '.2f')
    b, a = f"{sign} {abs(response.bias):g}", f"{response.activation:.3f}"
    # Chinese and $math$ cannot share one text (mathtext has no Chinese font): plain symbols
    line = tr(f"weighted sum $s$ = {s}    $z = s {b}$ = {z}    activation $\\sigma(z)$ = {a}",
              f"加权和 s = {s}    z = s {b} = {z}    激活值 σ(z) = {a}")
    fig.text(0.5, 0.03, line, ha="center", va="bottom", fontsize=9)
    if title:
        fig.suptitle(tr(title), fontsize=10)
    fig.tight_layout(rect=(0, 0.1, 1, 1), pad=0.3)
    head = T("", "") if title is None else T("{t}: ", "{t}：").format(t=both(title))
    return describe(fig, T("{h}a neuron's weights (green positive, red negative) times the digit's "
                           "pixels give the products, green adding, red taking away; weighted "
                           "sum s = {s}, z = s {b} = {z}, activation σ(z) = {a}",
                           "{h}神经元的权重（绿色为正，红色为负）乘以数字的像素得到乘积，绿色加、"
                           "红色减；加权和 s = {s}，z = s {b} = {z}，激活值 σ(z) = {a}").format(
        h=head, s=s, b=b, z=z, a=a))


def show_response_grid(weights, images, biases, labels=None, size=1.15, activation=None):
    """One neuron on a few digits at a few biases (the static twin of the chapter-2 widget).

    Row 1: the weights and, per digit, the products w_i·a_i titled with the weighted sum.
    Then one row per bias: the neuron drawn as a circle shaded by sigma(sum + bias).
    """
    images = list(images)
    n = len(images)
    responses = [[neuron.neuron_response(weights, img, b) for img in images] for b in biases]
    fig, axes = plt.subplots(1 + len(biases), n + 1, squeeze=False,
                             figsize=(size * (n + 1) + 0.3, size * (1 + 0.85 * len(biases)) + 0.4),
                             gridspec_kw={"height_ratios": [1] + [0.85] * len(biases)})
    limit = weight_limit(weights)
    show_weights(weights, ax=axes[0, 0], limit=limit, title=tr("weights", "权重"))
    _frame(axes[0, 0])
    for k, img in enumerate(images):
        r = responses[0][k]
        head = f"{labels[k]}: " if labels is not None else ""
        show_weights(r.products, ax=axes[0, k + 1], limit=limit,
                     title=tr(f"{head}sum {_signed(r.weighted_sum, '.1f')}",
                              f"{head}加权和 {_signed(r.weighted_sum, '.1f')}"))
        _frame(axes[0, k + 1])
    for row, b in enumerate(biases, start=1):
        axes[row, 0].axis("off")
        value = _signed(b, 'g')
        axes[row, 0].text(0.5, 0.5, tr(f"bias\n$b$ = {value}", f"偏置\nb = {value}"),
                          ha="center", va="center", fontsize=9,
                          transform=axes[row, 0].transAxes)
        for k in range(n):
            r = responses[row - 1][k]
            _neuron_circle(axes[row, k + 1], r.activation, f"$\\sigma$ = {r.activation:.2f}")
    fig.tight_layout(pad=0.3)
    digits = (T(f"{n} digits", f"{n} 个数字") if labels is None
              else T("{n} digits ({d})", "{n} 个数字（{d}）").format(
                  n=n, d=listing([str(x) for x in labels])))
    sums = listing([_signed(r.weighted_sum, ".1f") for r in responses[0]])
    rows = listing([T("bias {b}: {a}", "偏置 {b}：{a}").format(
        b=_signed(b, "g"), a=" ".join(f"{r.activation:.2f}" for r in responses[i]))
        for i, b in enumerate(biases)], len(biases), "; ", "；")
    return describe(fig, T("One neuron's weights and their products with {digits}, weighted sums "
                           "{sums}; below, the neuron as a circle shaded by its activation σ "
                           "(black 0, white 1) for each, at {rows}",
                           "一个神经元的权重，以及它与 {digits}的乘积，加权和依次为 {sums}；"
                           "下面是神经元画成的圆圈，按激活值 σ 着色（0 为黑，1 为白）：{rows}"
                           ).format(digits=digits, sums=sums, rows=rows))


def plot_mean_by_digit(values, labels, ax=None, ylabel=None, title=None, figsize=(5, 2.6)):
    """The mean of ``values`` for each digit 0..9: highest bar green, lowest red.

    ``ylabel`` defaults to "mean weighted sum" (in the reader's language); it and ``title`` may
    be :class:`mlpbook.i18n.T` texts.
    """
    values = np.asarray(values, dtype=float)
    labels = np.asarray(labels)
    digits = np.arange(int(labels.max()) + 1)
    means = np.array([values[labels == d].mean() if np.any(labels == d) else np.nan
                      for d in digits])
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=figsize)
    top, bottom = int(np.nanargmax(means)), int(np.nanargmin(means))
    colours = [GREEN if d == top else RED if d == bottom else GREY for d in digits]
    ax.bar(digits, means, color=colours)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(digits)
    ax.set_xlabel(tr("digit (true label)", "数字（真实标签）"))
    ax.set_ylabel(tr("mean weighted sum", "平均加权和") if ylabel is None else tr(ylabel))
    if title:
        ax.set_title(tr(title), fontsize=9)
    ax.figure.tight_layout()
    if not own:
        return ax.figure
    what = T("mean weighted sum", "平均加权和") if ylabel is None else both(ylabel)
    head = T("", "") if title is None else T("{t}: ", "{t}：").format(t=both(title))
    return describe(ax.figure, T("{h}the {what} for each digit 0 to {last} as bars: highest for "
                                 "{top} ({hi}, green), lowest for {bottom} ({lo}, red)",
                                 "{h}每个数字（0 到 {last}）的{what}画成柱：{top} 最高（{hi}，"
                                 "绿色），{bottom} 最低（{lo}，红色）").format(
        h=head, what=what, last=digits[-1], top=top, bottom=bottom, hi=number(means[top]),
        lo=number(means[bottom])))


def plot_bias_threshold(biases, s_range=(-20, 30), ax=None, figsize=(5.2, 2.8)):
    """sigma(s + b) against the weighted sum s, one curve per bias b.

    The neuron's activation crosses one half where s = -b: the bias sets the threshold.
    """
    s = np.linspace(*s_range, 400)
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=figsize)
    colours = [BLUE, GREEN, RED, GREY]
    for k, b in enumerate(biases):
        colour = colours[k % len(colours)]
        ax.plot(s, reference.sigmoid(s + b), color=colour, lw=2,
                label=f"$b$ = {_signed(b, 'g')}: $\\sigma(s {'+' if b >= 0 else '-'} {abs(b):g})$")
        ax.axvline(-b, color=colour, lw=0.8, ls="--")
    ax.axhline(0.5, color="black", lw=0.6, ls=":")
    ax.set_xlabel(tr("weighted sum $s = w_1 a_1 + \\cdots + w_n a_n$",
                     "加权和 s = w₁a₁ + ⋯ + wₙaₙ"))
    ax.set_ylabel(tr("activation", "激活值"))
    ax.set_ylim(-0.03, 1.03)
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    ax.figure.tight_layout()
    if not own:
        return ax.figure
    return describe(ax.figure, T("A neuron's activation σ(s + b) against its weighted sum s from "
                                 "{lo} to {hi}, one S-shaped curve per bias b = {bs}: each crosses "
                                 "½ where s = −b, at {at}, so the bias sets the threshold",
                                 "神经元的激活值 σ(s + b) 随加权和 s（从 {lo} 到 {hi}）变化，每个偏置"
                                 " b = {bs} 一条 S 形曲线：各在 s = −b 处越过 ½，即 {at}，所以偏置"
                                 "决定阈值").format(
        lo=_signed(s_range[0]), hi=_signed(s_range[1]), bs=listing([_signed(b) for b in biases]),
        at=listing([_signed(-b) for b in biases])))

