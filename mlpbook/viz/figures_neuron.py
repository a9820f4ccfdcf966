"""Figures of chapter 2, "Weights and bias": one neuron of the first hidden layer at work.

Only the words live here: each function draws one of the chapter's figures with
:mod:`mlpbook.viz` and names what it shows in the reader's language (English, or Chinese in
the Chinese edition, :func:`mlpbook.viz.tr`), so the chapter's code stays about the neuron,
not about labels. The numbers (weighted sums, the weight patterns) come from
:mod:`mlpbook.lessons.neuron`. Every function returns the matplotlib Figure.
"""

from __future__ import annotations

import numpy as np

from ..lessons import neuron
from ..i18n import T
from . import describe, plot_mean_by_digit, show_neuron_response, show_weight_images, tr
from ._alt import listing, number

__all__ = ["PATTERN_NAMES", "random_and_edge", "edge_at_work", "edge_means", "patterns"]

#: The widget's weight patterns (:data:`mlpbook.lessons.neuron.PATTERNS`) named in Chinese.
PATTERN_NAMES = {"horizontal edge": "水平边缘", "vertical edge": "竖直边缘", "loop": "圆环",
                 "random": "随机"}


def random_and_edge(w_random, w_edge, size=2.3):
    """An untrained neuron's weights beside the edge detector made by hand, each with its
    own colour scale and colour bar."""
    titles = [tr("hidden neuron 0, untrained", "隐含神经元 0，未训练"),
              tr("an edge detector, by hand", "手工打造的边缘检测器")]
    fig = show_weight_images([w_random, w_edge], titles, size=size, colorbar=True,
                             shared=False, fontsize=9)
    w_random, w_edge = np.ravel(w_random), np.ravel(w_edge)
    plus, minus = w_edge[w_edge > 0], w_edge[w_edge < 0]
    return describe(fig, T("Two weight images of 28×28, each with its own colour scale (green "
                           "positive, red negative, white zero). Left: hidden neuron 0, untrained, "
                           "a speckle of random weights from {lo} to {hi}. Right: an edge detector "
                           "made by hand, {p} weights of {pv} on a strip, {m} of {mv} around it, "
                           "0 elsewhere",
                           "两张 28×28 的权重图，各用自己的色标（绿色为正，红色为负，白色为零）。"
                           "左：未训练的隐含神经元 0，随机权重散布成斑点，从 {lo} 到 {hi}。右："
                           "手工打造的边缘检测器，一条带上 {p} 个权重为 {pv}，周围 {m} 个为 {mv}，"
                           "其余为 0").format(
        lo=number(w_random.min(), ".2f"), hi=number(w_random.max(), ".2f"), p=plus.size,
        pv=_values(plus), m=minus.size, mv=_values(minus)))


def _values(w):
    """One value if all of ``w`` share it ("+1"), else their range."""
    if w.size and np.ptp(w) < 1e-9:
        return number(w[0], ".2g")
    return f"{number(w.min(), '.2g')}…{number(w.max(), '.2g')}" if w.size else "–"


def edge_at_work(weights, images, labels, index):
    """The weights, test image ``index`` and their products, with the weighted sum (bias 0)."""
    label = int(labels[index])
    response = neuron.neuron_response(weights, images[index], bias=0)
    return show_neuron_response(weights, images[index], response,
                                title=T(f"test image {index}, a {label}",
                                        f"测试图像 {index}，数字 {label}"))


def edge_means(sums, labels):
    """The mean weighted sum of the horizontal edge detector for each digit."""
    return plot_mean_by_digit(sums, labels,
                              title=T("horizontal edge detector on the test digits",
                                      "水平边缘检测器在测试数字上的表现"))


def patterns(size=1.5):
    """The four weight patterns of the chapter's widget, named."""
    weights = [neuron.weight_pattern(name) for name in neuron.PATTERNS]
    names = [T(name, PATTERN_NAMES[name]) for name in neuron.PATTERNS]
    fig = show_weight_images(weights, names, size=size, colorbar=True)
    return describe(fig, T("The neuron widget's {n} weight patterns as 28×28 weight images on one "
                           "colour scale, green positive, red negative: {names}; largest |w| {w}",
                           "小部件中的 {n} 种权重图案，画成 28×28 的权重图，共用一个色标，"
                           "绿色为正，红色为负：{names}；最大的 |w| 为 {w}").format(
        n=len(weights), names=listing(names), w=number(max(np.abs(w).max() for w in weights))))
