"""Matplotlib figures for the book, one module per kind of picture.

Chapters write ``viz.show_digit(...)``, ``viz.plot_history(...)``: every figure is re-exported
here, so a chapter never needs to know which file draws it. To find or change a figure, go to
the module named after what it shows (the maths it draws lives in the ``mlpbook`` module of
the same name, e.g. :mod:`mlpbook.lessons.descent` for :mod:`mlpbook.viz.descent`):

==================  ==========================================================================
``_style``          the look: colours, colour maps, :func:`weight_limit`, small helpers
``digits``          digits, grids of digits, a pixel-value table, digits as sums of pieces
``weights``         weight images: one neuron's weights as a picture, grids of them
``network``         network diagrams, a tiny network with every weight, the output bars
``neuron``          one neuron at work: weights × pixels, the sum, the bias, the activation
``activations``     sigmoid and ReLU, their slopes, how w and b reshape them, saturation
``cost``            outputs against the wanted one-hot, what each cost charges
``descent``         gradient descent on a 1-D and a 2-D cost
``curves``          learning curves, cost curves, recipes and schedules, timings, ε errors
``mistakes``        the confusion matrix and the gallery of misread digits
==================  ==========================================================================

Every function returns the matplotlib Figure so a chapter can save it or glue it into the
text, and gives it a description of what it shows, with its key numbers, in the reader's
language (:func:`describe`): the alt text of its picture on the website (``_alt``). Figures are sized for a web page (about 7 inches wide at most). Pure computations do
not live here: the counts of a confusion matrix are :mod:`mlpbook.engine.metrics`, the curves of
the squishing functions :mod:`mlpbook.lessons.activations`, the costs of an output
:mod:`mlpbook.lessons.cost`; the names below keep ``viz.confusion_matrix`` and the like working.
"""

from __future__ import annotations

# The look comes first: importing it sets matplotlib's defaults for every figure below.
from ._style import (BLUE, DIGIT_CMAP, GREEN, GREY, RED, WEIGHT_CMAP, LinearSegmentedColormap,
                     _frame, _signed, _square, weight_limit)

import numpy as np  # noqa: E402,F401  (reachable as viz.np, as before the split)
import matplotlib  # noqa: E402,F401
import matplotlib.pyplot as plt  # noqa: E402,F401

from .activations import (plot_sigmoid_and_relu, plot_squish, plot_squish_settings,  # noqa: E402
                          plot_step_vs_sigmoid, plot_weighted_sum_spread)
from .cost import (plot_cost_histograms, plot_cost_vs_output, plot_output_and_costs,  # noqa: E402
                   plot_output_cost_settings, plot_random_and_trained,
                   plot_random_and_trained_costs)
from .curves import (LivePlot, plot_cost_curves, plot_engine_times, plot_eps_errors,  # noqa: E402
                     plot_history, plot_recipe_curves)
from .descent import (_descent_limits, plot_descent_1d, plot_descent_2d,  # noqa: E402
                      plot_descent_grid, plot_landings_1d, plot_step_sizes,
                      plot_careful_and_stumbling, plot_descent_and_steps,
                      plot_first_layer_gradient, plot_full_batch_and_sgd,
                      plot_gradient_components)
from .digits import (show_decomposition, show_digit, show_digits,  # noqa: E402
                     show_digits_titled, show_pixel_values)
from ._language import chinese_font, tr  # noqa: E402,F401  (figure words: English or Chinese)
from ._alt import describe, description, install as _install_descriptions  # noqa: E402
from .mistakes import plot_confusion_matrix, show_mistakes  # noqa: E402
from .network import _neuron_rows, draw_network, plot_small_network, show_outputs  # noqa: E402
from .neuron import (_neuron_circle, _symbol_axis, plot_bias_threshold,  # noqa: E402
                     plot_mean_by_digit, show_neuron_response, show_response_grid)
from .weights import show_weight_grid, show_weight_images, show_weights  # noqa: E402

# Computations that used to live in viz.py, re-exported from their homes.
from ..lessons.activations import squish_curve, step_position  # noqa: E402
from ..lessons.cost import confident_output, cost_and_gradient_vs_output, output_costs  # noqa: E402
from ..engine.metrics import confusion_matrix  # noqa: E402

__all__ = [
    "describe", "description",
    # the look
    "BLUE", "GREEN", "RED", "GREY", "WEIGHT_CMAP", "DIGIT_CMAP", "weight_limit",
    # digits and weights
    "show_digit", "show_digits", "show_digits_titled", "show_pixel_values",
    "show_decomposition", "show_weights", "show_weight_grid", "show_weight_images",
    # networks and neurons
    "draw_network", "plot_small_network", "show_outputs", "show_neuron_response",
    "show_response_grid", "plot_mean_by_digit", "plot_bias_threshold",
    # activations and cost
    "plot_sigmoid_and_relu", "plot_squish", "plot_squish_settings", "plot_step_vs_sigmoid",
    "plot_weighted_sum_spread", "plot_cost_vs_output", "plot_output_and_costs",
    "plot_output_cost_settings", "plot_cost_histograms", "plot_random_and_trained",
    "plot_random_and_trained_costs",
    # descent and curves
    "plot_descent_1d", "plot_step_sizes", "plot_descent_grid", "plot_landings_1d",
    "plot_descent_2d", "plot_descent_and_steps", "plot_gradient_components",
    "plot_first_layer_gradient", "plot_careful_and_stumbling", "plot_full_batch_and_sgd",
    "plot_history", "plot_cost_curves", "plot_recipe_curves",
    "plot_eps_errors", "plot_engine_times", "LivePlot",
    # mistakes
    "plot_confusion_matrix", "show_mistakes",
    # computations re-exported from their modules
    "confusion_matrix", "squish_curve", "step_position", "confident_output",
    "cost_and_gradient_vs_output", "output_costs",
]

# In a notebook, a described figure's picture carries its description (its alt text).
_install_descriptions()
