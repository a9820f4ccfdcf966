"""Figures of chapter 2, "Weights and bias": one neuron of the first hidden layer at work.

Only the words live here: each function draws one of the chapter's figures with
:mod:`mlpbook.viz` and names what it shows in the reader's language (English, or Chinese in
the Chinese edition, :func:`mlpbook.viz.tr`), so the chapter's code stays about the neuron,
not about labels. The numbers (weighted sums, the weight patterns) come from
:mod:`mlpbook.neuron`. Every function returns the matplotlib Figure.
"""

from __future__ import annotations

from . import neuron
from .viz import plot_mean_by_digit, show_neuron_response, show_weight_images, tr

__all__ = ["PATTERN_NAMES", "random_and_edge", "edge_at_work", "edge_means", "patterns"]

#: The widget's weight patterns (:data:`mlpbook.neuron.PATTERNS`) named in Chinese.
PATTERN_NAMES = {"horizontal edge": "水平边缘", "vertical edge": "竖直边缘", "loop": "圆环",
                 "random": "随机"}


def random_and_edge(w_random, w_edge, size=2.3):
    """An untrained neuron's weights beside the edge detector made by hand, each with its
    own colour scale and colour bar."""
    titles = [tr("hidden neuron 0, untrained", "隐含神经元 0，未训练"),
              tr("an edge detector, by hand", "手工打造的边缘检测器")]
    return show_weight_images([w_random, w_edge], titles, size=size, colorbar=True,
                              shared=False, fontsize=9)


def edge_at_work(weights, images, labels, index):
    """The weights, test image ``index`` and their products, with the weighted sum (bias 0)."""
    label = int(labels[index])
    response = neuron.neuron_response(weights, images[index], bias=0)
    return show_neuron_response(weights, images[index], response,
                                title=tr(f"test image {index}, a {label}",
                                         f"测试图像 {index}，数字 {label}"))


def edge_means(sums, labels):
    """The mean weighted sum of the horizontal edge detector for each digit."""
    return plot_mean_by_digit(sums, labels,
                              title=tr("horizontal edge detector on the test digits",
                                       "水平边缘检测器在测试数字上的表现"))


def patterns(size=1.5):
    """The four weight patterns of the chapter's widget, named."""
    weights = [neuron.weight_pattern(name) for name in neuron.PATTERNS]
    names = [tr(name, PATTERN_NAMES[name]) for name in neuron.PATTERNS]
    return show_weight_images(weights, names, size=size, colorbar=True)
