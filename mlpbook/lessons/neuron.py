"""One neuron, by hand: weighted sums, biases and hand-made weight patterns.

Chapters 1 and 2 look at a single neuron of the first hidden layer before the
whole network appears.  Everything here is a small pure function on numpy
arrays (no plotting, no widgets), so it can be tested and reused:

* :func:`as_input_vector` turns a 28x28 image into the 784 input activations,
  row by row (the order MNIST stores them in);
* :func:`weighted_sum`, :func:`neuron_input` and :func:`neuron_activation`
  compute ``w·a``, ``z = w·a + b`` and ``a' = sigma(z)`` for one neuron;
* :func:`neuron_response` returns all of that at once, plus the image of the
  products ``w_i a_i`` whose sum is the weighted sum (what the chapter-2
  widget draws);
* :func:`edge_detector`, :func:`ring_pattern`, :func:`random_pattern` and
  :func:`weight_pattern` build weight images by hand;
* :func:`layer_parameter_count` and :func:`parameter_table` count weights and biases, and
  :func:`range_report` says how far a neuron's input spreads over a set of images (both
  printable reports in the reader's language, :class:`mlpbook.i18n.Lines`).

Weight images have the shape of the input image, (28, 28) for MNIST, and are
flattened in the same row-major order as the pixels, so pixel ``(r, c)`` meets
weight ``(r, c)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import reference
from ..i18n import Lines, T

__all__ = ["IMAGE_SHAPE", "PATTERNS", "NeuronResponse", "as_input_vector", "as_image",
           "weighted_sum", "weighted_sums", "neuron_input", "neuron_activation",
           "weighted_products", "neuron_response", "edge_detector", "ring_pattern",
           "random_pattern", "weight_pattern", "layer_parameter_count", "parameter_table",
           "range_report"]

#: The shape of an MNIST image: 28 rows of 28 pixels.
IMAGE_SHAPE = (28, 28)

#: The names :func:`weight_pattern` knows (the choices of the chapter-2 widget).
PATTERNS = ("horizontal edge", "vertical edge", "loop", "random")

_ACTIVATIONS = {"sigmoid": reference.sigmoid, "relu": reference.relu}


# --------------------------------------------------------------------------- images and vectors
def as_input_vector(image):
    """The input activations of an image: a 1-D float array, row after row (row-major).

    A (28, 28) image becomes 784 numbers: pixels 0..27 are the top row, 28..55
    the second row, and so on.  A 1-D array is returned as a float copy.
    """
    arr = np.asarray(image, dtype=float)
    if arr.ndim not in (1, 2):
        raise ValueError(f"expected an image (rows, cols) or a vector, got shape {arr.shape}")
    return arr.reshape(-1).copy()


def as_image(vector, shape=None):
    """The inverse of :func:`as_input_vector`: a vector (or image) as a 2-D image.

    Without ``shape``, a square image is assumed (784 -> 28x28).
    """
    arr = np.asarray(vector, dtype=float)
    if arr.ndim == 2 and shape is None:
        return arr.copy()
    if shape is None:
        side = int(round(np.sqrt(arr.size)))
        if side * side != arr.size:
            raise ValueError(f"{arr.size} values do not make a square image; "
                             f"pass shape=(rows, cols)")
        shape = (side, side)
    if int(np.prod(shape)) != arr.size:
        raise ValueError(f"cannot show {arr.size} values as an image of shape {tuple(shape)}")
    return arr.reshape(shape).copy()


def _pair(weights, activations):
    w = np.asarray(weights, dtype=float).reshape(-1)
    a = np.asarray(activations, dtype=float).reshape(-1)
    if w.size != a.size:
        raise ValueError(f"one weight per input activation is needed: got {w.size} weights "
                         f"for {a.size} activations")
    return w, a


# --------------------------------------------------------------------------- one neuron
def weighted_sum(weights, activations):
    """w1·a1 + w2·a2 + ... + wn·an, as a float.

    ``weights`` and ``activations`` may be vectors or images of the same size;
    both are read in row-major order.
    """
    w, a = _pair(weights, activations)
    return float(w @ a)


def weighted_sums(weights, images, bias=0.0):
    """The weighted sum plus ``bias`` of one neuron for many images at once.

    ``images`` has one image per row, shape (n, 784) as in :class:`mlpbook.engine.data.Dataset`
    (or (n, 28, 28)); returns an array of n numbers.
    """
    w = np.asarray(weights, dtype=float).reshape(-1)
    X = np.asarray(images, dtype=float)
    X = X.reshape(len(X), -1)
    if X.shape[1] != w.size:
        raise ValueError(f"each image has {X.shape[1]} pixels but there are {w.size} weights")
    return X @ w + float(bias)


def neuron_input(weights, activations, bias):
    """z = w·a + b: the weighted sum plus the bias (before the activation function)."""
    return weighted_sum(weights, activations) + float(bias)


def neuron_activation(weights, activations, bias=0.0, activation="sigmoid"):
    """The neuron's activation: sigma(w·a + b) (or ReLU with ``activation="relu"``)."""
    if activation not in _ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; choose 'sigmoid' or 'relu'")
    return float(_ACTIVATIONS[activation](neuron_input(weights, activations, bias)))


def weighted_products(weights, image):
    """The products w_i·a_i, pixel by pixel, in the shape of ``image``.

    Their sum is the weighted sum: green where ink meets a positive weight, red
    where ink meets a negative one, zero wherever the pixel is black.
    """
    img = np.asarray(image, dtype=float)
    w, a = _pair(weights, img)
    return (w * a).reshape(img.shape)


@dataclass(frozen=True)
class NeuronResponse:
    """Everything one neuron computes for one image (what the chapter-2 widget shows)."""

    products: np.ndarray  # w_i a_i in the shape of the image
    weighted_sum: float   # sum of the products
    bias: float
    z: float              # weighted_sum + bias
    activation: float     # sigma(z) (or relu(z))

    @property
    def fires(self):
        """True when the activation is above one half (sigmoid) or above zero (ReLU)."""
        return self.z > 0


def neuron_response(weights, image, bias=0.0, activation="sigmoid"):
    """The products image, weighted sum, z = sum + bias and activation of one neuron."""
    if activation not in _ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; choose 'sigmoid' or 'relu'")
    products = weighted_products(weights, image)
    total = float(products.sum())
    z = total + float(bias)
    return NeuronResponse(products=products, weighted_sum=total, bias=float(bias), z=z,
                          activation=float(_ACTIVATIONS[activation](z)))


# --------------------------------------------------------------------------- weight patterns
def _balance(weights, positive, negative):
    """Scale the negative part so that all weights add up to zero (a flat image gives 0)."""
    pos = weights[positive].sum()
    neg = -weights[negative].sum()
    if pos > 0 and neg > 0:
        weights[negative] *= pos / neg
    return weights


def edge_detector(shape=IMAGE_SHAPE, orientation="horizontal", center=None, length=None,
                  width=2, band=2, balanced=True):
    """A hand-made edge detector: positive weights on a strip, negative weights around it.

    Parameters
    ----------
    shape : (rows, cols) of the weight image
    orientation : "horizontal" (a strip along a row) or "vertical" (along a column)
    center : (row, col) of the strip's centre; the middle of the image by default
    length : how many pixels long the strip is; the whole image by default
    width : how many pixels thick the positive strip is
    band : how many pixels thick the negative band is on each side of the strip
    balanced : scale the negative weights so that all weights add up to zero; then an
        image that is equally bright everywhere gives a weighted sum of 0, and only a
        bright strip with darkness around it gives a large one

    Positive weights are +1; the negative ones are -1 (or smaller in size when
    ``balanced``).  Everything else is 0.
    """
    if orientation not in ("horizontal", "vertical"):
        raise ValueError(f"orientation must be 'horizontal' or 'vertical', got {orientation!r}")
    rows, cols = (int(s) for s in shape)
    if width < 1 or band < 0:
        raise ValueError("width must be at least 1 pixel and band at least 0")
    if orientation == "vertical":
        flipped = edge_detector((cols, rows), "horizontal",
                                None if center is None else (center[1], center[0]),
                                length, width, band, balanced)
        return flipped.T.copy()
    c_row, c_col = center if center is not None else ((rows - 1) / 2, (cols - 1) / 2)
    length = cols if length is None else int(length)
    width, band = int(width), int(band)
    first_col = int(np.floor(c_col - (length - 1) / 2 + 0.5))
    first_row = int(np.floor(c_row - (width - 1) / 2 + 0.5))
    r = np.arange(rows)[:, None]
    c = np.arange(cols)[None, :]
    along = (c >= first_col) & (c < first_col + length)
    strip = along & (r >= first_row) & (r < first_row + width)
    around = along & ~strip & (r >= first_row - band) & (r < first_row + width + band)
    w = np.zeros((rows, cols))
    w[strip] = 1.0
    w[around] = -1.0
    return _balance(w, strip, around) if balanced else w


def ring_pattern(shape=IMAGE_SHAPE, center=None, radii=(7.5, 5.0), width=2.5, balanced=True):
    """A loop detector: positive weights on an elliptical ring, negative weights in its hole.

    ``radii`` are the (vertical, horizontal) radii of the ring's centre line; MNIST's
    loops are taller than wide.  ``width`` is the ring's thickness in pixels.
    """
    rows, cols = (int(s) for s in shape)
    c_row, c_col = center if center is not None else ((rows - 1) / 2, (cols - 1) / 2)
    ry, rx = radii
    r = (np.arange(rows)[:, None] - c_row) / ry
    c = (np.arange(cols)[None, :] - c_col) / rx
    rho = np.sqrt(r ** 2 + c ** 2)          # 1 on the ring's centre line
    half = width / 2 / min(ry, rx)
    ring = np.abs(rho - 1) <= half
    hole = rho < 1 - half
    w = np.zeros((rows, cols))
    w[ring] = 1.0
    w[hole] = -1.0
    return _balance(w, ring, hole) if balanced else w


def random_pattern(shape=IMAGE_SHAPE, seed=0, scale=1.0):
    """Random weights drawn from N(0, scale²), the same for the same seed."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal(tuple(int(s) for s in shape)) * scale


def weight_pattern(name, shape=IMAGE_SHAPE, seed=0):
    """One of the named patterns of :data:`PATTERNS`, as a weight image."""
    if name == "horizontal edge":
        return edge_detector(shape, "horizontal", length=12)
    if name == "vertical edge":
        return edge_detector(shape, "vertical", length=16)
    if name == "loop":
        return ring_pattern(shape)
    if name == "random":
        return random_pattern(shape, seed=seed, scale=0.3)
    raise ValueError(f"unknown weight pattern {name!r}; choose one of {', '.join(PATTERNS)}")


# --------------------------------------------------------------------------- counting
def layer_parameter_count(n_in, n_out):
    """(weights, biases) of a layer of ``n_out`` neurons each fed by all ``n_in`` neurons."""
    for n in (n_in, n_out):
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"layer sizes must be positive integers, got {n_in!r} and {n_out!r}")
    return int(n_in) * int(n_out), int(n_out)


def parameter_table(sizes):
    """The weights and biases of a network with layers of ``sizes`` (e.g. [784, 16, 16, 10]),
    layer by layer and in all, as a printable report in the reader's language."""
    sizes = [int(n) for n in sizes]
    counts = [layer_parameter_count(n_in, n_out) for n_in, n_out in zip(sizes, sizes[1:])]
    lines = [T("{n_in:>3} → {n_out:>2} neurons: {w:>6,} weights, {b:>2} biases",
               "{n_in:>3} → {n_out:>2} 个神经元：{w:>6,} 个权重，{b:>2} 个偏置").format(
                   n_in=n_in, n_out=n_out, w=w, b=b)
             for (n_in, n_out), (w, b) in zip(zip(sizes, sizes[1:]), counts)]
    weights, biases = sum(w for w, _ in counts), sum(b for _, b in counts)
    lines.append(T("in all: {w:,} weights + {b} biases = {n:,} parameters",
                   "合计：{w:,} 个权重 + {b} 个偏置 = {n:,} 个参数").format(
                       w=weights, b=biases, n=weights + biases))
    return Lines(lines)


def range_report(values, labels, name="z"):
    """From the smallest of ``values`` to the largest, with the label of the image each
    belongs to: "z ranges from 0.6 (a 1) to 312.0 (a 0)", in the reader's language."""
    values, labels = np.asarray(values, dtype=float), np.asarray(labels)
    low, high = int(values.argmin()), int(values.argmax())
    return Lines([T("{name} ranges from {lo:.1f} (a {lo_label}) to {hi:.1f} (a {hi_label})",
                    "{name} 的范围：从 {lo:.1f}（数字 {lo_label} 的图像）到 {hi:.1f}（数字 {hi_label} 的图像）"
                    ).format(name=name, lo=values[low], lo_label=int(labels[low]),
                             hi=values[high], hi_label=int(labels[high]))])
