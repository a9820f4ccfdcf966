"""The book's look, shared by every figure: colours, colour maps, and a few drawing helpers.

One look for the whole book: weights are always drawn with :data:`WEIGHT_CMAP` (green
positive, red negative, white zero) on a scale symmetric about zero (:func:`weight_limit`),
digits in grey with 0 = black and 1 = white (:data:`DIGIT_CMAP`), exactly as MNIST stores
them. The widgets' ``COLORS`` and ``weightColor`` (``widgets/_shared.js``) follow the same
rules, and ``weightLimit`` in the neuron explorer is the JavaScript twin of
:func:`weight_limit`. Importing this module also sets matplotlib's defaults for a web page
(figures about 7 inches wide at most, no top or right spines).
"""

from __future__ import annotations

import numpy as np
import matplotlib

matplotlib.rcParams.update({"figure.dpi": 100, "savefig.dpi": 150, "font.size": 10,
                            "axes.spines.top": False, "axes.spines.right": False})
from matplotlib.colors import LinearSegmentedColormap  # noqa: E402

GREEN = "#1a9850"
RED = "#d73027"
BLUE = "#4575b4"
GREY = "#777777"
#: Weights: red negative, white zero, green positive (the same in every chapter).
WEIGHT_CMAP = LinearSegmentedColormap.from_list("mlpbook_weights", [RED, "#ffffff", GREEN])
#: Digits: 0 = black background, 1 = white ink.
DIGIT_CMAP = "gray"


def weight_limit(weights):
    """Symmetric colour limit so that zero is always white."""
    top = float(np.max(np.abs(weights)))
    return top if top > 0 else 1.0


def _square(image, shape=None):
    """An image as a 2-D array: a flat vector of n² values becomes n×n (or ``shape``)."""
    image = np.asarray(image, dtype=float)
    if image.ndim == 2:
        return image
    side = int(round(np.sqrt(image.size)))
    return image.reshape(shape or (side, side))


def _signed(x, fmt="g"):
    """A number as text with a true minus sign (−3.5, not -3.5), as in the book's prose."""
    return format(float(x), fmt).replace("-", "−")


def _frame(ax):
    """A thin grey box around a weight image, so its white (zero) edge stays visible."""
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#999999")
        spine.set_linewidth(0.8)

