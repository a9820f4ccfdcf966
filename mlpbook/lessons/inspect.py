"""Looking inside a trained network: chapter 8's measurements, as small pure functions.

Chapter 1 hoped that the first hidden layer of a digit reader would learn short edges, and
that a trained network would "know" what a digit looks like. Pictures alone cannot settle
either question, because the eye finds strokes in any blotchy image. So each question gets a
number computed here:

* **How edge-like are the first-layer weights?** :func:`edge_bank` builds thousands of
  hand-made line detectors (:func:`line_detector`: a positive strip with a negative band on
  both sides, the pattern of :func:`mlpbook.lessons.neuron.edge_detector`, at many angles, lengths,
  widths and places). :func:`edge_likeness` gives, for each neuron, the largest absolute
  cosine similarity between its 784 weights and any detector of the bank: 1 for a clean edge
  detector, about 0.15 for random weights, and its square is the share of the weight image's
  squared length that the best detector accounts for. Cosines ignore scale, so weights of any
  size compare fairly. Two baselines say what "high" means: :func:`random_like` (independent
  random weights) and :func:`smooth_like` (random weights exactly as smooth as the trained
  ones, by :func:`neighbour_correlation`: smooth blotches overlap a strip more than speckle
  does, so smoothness alone raises a score).
* **Does the network know when it sees no digit?** :func:`uniform_noise` and
  :func:`scrambled` make inputs that are no digit at all; :func:`top_outputs` and
  :func:`confident_fraction` measure how sure the network is about them.
* **What does the network think a 5 looks like?** :func:`ideal_input` climbs the gradient of
  one output with respect to the *input* (:func:`input_gradient`, backpropagation carried one
  layer further than training needs), keeping every pixel in 0..1.
* **What changes it?** :func:`add_noise_class` appends noise images with an extra label, so
  a network with one more output can be trained to say "not a digit".

The printed reports (:func:`accuracy_report`, :func:`readings_report`,
:func:`distance_report`) and the "not a digit" table (:func:`rejection_table`) are in the
reader's language (:func:`mlpbook.get_language`), like the figures.

Networks are read through their ``weights``, ``biases``, ``activation`` and ``cost``
(an :class:`mlpbook.Network`); everything is computed with numpy in float64 (the cosines
with a bank in float32, plenty for scores read to two decimals), and nothing is plotted (the
figures are in :mod:`mlpbook.viz.inspect`).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from ..engine import reference
from ..i18n import Lines, T, pad, text_width
from .neuron import IMAGE_SHAPE

__all__ = ["ANGLES", "EdgeBank", "IdealInput", "OBJECTIVES", "line_detector", "edge_bank",
           "random_line_detectors", "cosine_similarity", "edge_likeness", "closest_edges",
           "random_like", "smooth_like", "neighbour_correlation", "uniform_noise",
           "scrambled", "top_outputs", "confident_fraction",
           "answer_counts", "shift_images", "nearest_distances", "hidden_activations",
           "forward_pass", "input_gradient", "ideal_input", "add_noise_class", "NAMES",
           "name", "accuracy_report", "readings_report", "distance_report",
           "rejection_measures", "rejection_table"]

#: Angles of the detectors in a default bank, in degrees (0 = horizontal, 90 = vertical).
ANGLES = tuple(15.0 * k for k in range(12))
#: What :func:`ideal_input` can maximise: the log of the digit's output activation, or the
#: output neuron's weighted input z (its pre-activation).
OBJECTIVES = ("log_output", "z")
_NUDGE = 1e-7  # see line_detector: how ties on a strip's border are broken


# --------------------------------------------------------------------------- edge detectors
def line_detector(shape=IMAGE_SHAPE, angle=0.0, center=None, length=9, width=2, band=2,
                  balanced=True):
    """A hand-made line detector at any angle: +1 on a strip, negative on a band around it.

    Parameters
    ----------
    shape : (rows, cols) of the weight image
    angle : direction of the strip in degrees, counter-clockwise as seen on the screen;
        0 is horizontal, 90 vertical
    center : (row, col) of the strip's centre (may be fractional); the middle by default
    length, width : the strip's size in pixels along and across its direction
    band : thickness in pixels of the negative band on each side of the strip
    balanced : scale the negative weights so all weights add up to zero (an evenly lit
        image then gives 0)

    A pixel belongs to the strip when its centre lies within ``width / 2`` of the strip's
    centre line and within ``length / 2`` of its middle along it. At 0 and 90 degrees this is
    exactly :func:`mlpbook.lessons.neuron.edge_detector` with the same centre, length, width and band.
    """
    rows, cols = _shape(shape)
    if not (length >= 1 and width >= 1 and band >= 0):
        raise ValueError(f"length and width must be at least 1 pixel and band at least 0; got "
                         f"length={length}, width={width}, band={band}")
    c_row, c_col = center if center is not None else ((rows - 1) / 2, (cols - 1) / 2)
    theta = math.radians(float(angle))
    # A pixel exactly on a border is in when it lies on the side of larger row or column
    # indices (the rule of neuron.edge_detector): nudge the centre that way by a hair.
    dr = np.arange(rows)[:, None] - (float(c_row) + _NUDGE)  # rows grow downwards
    dc = np.arange(cols)[None, :] - (float(c_col) + _NUDGE)
    along = dc * math.cos(theta) - dr * math.sin(theta)
    across = dc * math.sin(theta) + dr * math.cos(theta)
    inside = np.abs(along) <= length / 2
    strip = inside & (np.abs(across) <= width / 2)
    around = inside & ~strip & (np.abs(across) <= width / 2 + band)
    w = np.zeros((rows, cols))
    w[strip] = 1.0
    w[around] = -1.0
    if balanced and strip.any() and around.any():
        w[around] *= strip.sum() / around.sum()
    return w


@dataclasses.dataclass(frozen=True, eq=False)
class EdgeBank:
    """Many line detectors: ``patterns`` (k, rows*cols), one row each, and how each was made.

    ``settings[i]`` is the dict of :func:`line_detector` arguments (angle, length, width,
    center) that made ``patterns[i]``. The patterns are stored as float32 (a default bank
    is 19,200 x 784 numbers), with ``units``, the same rows scaled to length 1, for cosines.
    """

    patterns: np.ndarray
    settings: tuple
    shape: tuple
    units: np.ndarray = dataclasses.field(init=False, repr=False)

    def __post_init__(self):
        P = np.asarray(self.patterns, dtype=np.float32)
        norms = np.linalg.norm(P, axis=1, keepdims=True)
        if P.ndim != 2 or not (norms > 0).all():
            raise ValueError("every pattern of a bank needs at least one non-zero weight")
        object.__setattr__(self, "patterns", P)
        object.__setattr__(self, "units", P / norms)

    def __len__(self):
        return len(self.patterns)

    def image(self, i):
        """Detector ``i`` as a (rows, cols) image."""
        return self.patterns[i].reshape(self.shape)


def edge_bank(shape=IMAGE_SHAPE, angles=ANGLES, lengths=(6, 10), widths=(1, 2), step=1.0,
              margin=4, band=2):
    """A bank of line detectors at every angle, length, width and place on a grid.

    Centres lie ``step`` pixels apart, as many as fit between ``margin`` and
    ``size - 1 - margin`` in each direction, placed symmetrically about the image's centre
    (MNIST's ink stays inside the middle 20x20, so the border needs no detectors). The
    default bank holds 12 angles (every 15 degrees) x 2 lengths x 2 widths x 20 x 20 places
    = 19,200 detectors: any clean line detector of a similar size, anywhere in the middle of
    the image, then scores about 0.7 or more (see :func:`random_line_detectors`).
    """
    rows, cols = _shape(shape)
    if not step > 0:
        raise ValueError(f"step must be positive, got {step}")
    if not 0 <= margin < min(rows, cols) / 2:
        raise ValueError(f"margin must be between 0 and half the image size, got {margin}")
    centres_r, centres_c = _centres(rows, margin, step), _centres(cols, margin, step)
    patterns, settings = [], []
    for angle in angles:
        for length in lengths:
            for width in widths:
                for r in centres_r:
                    for c in centres_c:
                        center = (float(r), float(c))
                        w = line_detector((rows, cols), angle, center, length, width, band)
                        patterns.append(w.reshape(-1))
                        settings.append({"angle": float(angle), "length": length,
                                         "width": width, "center": center})
    if not patterns:
        raise ValueError("the bank is empty: give at least one angle, length and width")
    return EdgeBank(np.array(patterns, dtype=np.float32), tuple(settings), (rows, cols))


def random_line_detectors(n, shape=IMAGE_SHAPE, lengths=(5, 12), widths=(1, 2), margin=6,
                          seed=0):
    """``n`` clean line detectors at random angles, places and sizes: (n, rows*cols).

    Angles are uniform in [0, 180), centres uniform in the square ``margin`` pixels inside
    the border, lengths and widths whole numbers in the given ranges (inclusive). Almost none
    of them is in a bank, so their scores show what a real edge detector scores.
    """
    rows, cols = _shape(shape)
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(_count(n, "n")):
        center = (rng.uniform(margin, rows - 1 - margin), rng.uniform(margin, cols - 1 - margin))
        out.append(line_detector((rows, cols), rng.uniform(0, 180), center,
                                 int(rng.integers(lengths[0], lengths[1] + 1)),
                                 int(rng.integers(widths[0], widths[1] + 1))).reshape(-1))
    return np.array(out)


def _centres(size, margin, step):
    span = size - 1 - 2 * margin
    n = int(math.floor(span / step + 1e-9)) + 1
    first = margin + (span - (n - 1) * step) / 2
    return first + step * np.arange(n)


def cosine_similarity(A, B):
    """Cosines of the angles between every row of ``A`` and every row of ``B``: (n_a, n_b).

    cos = a·b / (|a| |b|): 1 for the same pattern at any scale, -1 for its negative, near 0
    for unrelated patterns. A row of zeros has no direction; its cosines are 0.
    """
    A, B = np.atleast_2d(_floats(A, "A")), np.atleast_2d(_floats(B, "B"))
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[1]:
        raise ValueError(f"A and B need rows of the same length, got shapes {A.shape} and "
                         f"{B.shape}")
    na = np.linalg.norm(A, axis=1, keepdims=True)
    nb = np.linalg.norm(B, axis=1, keepdims=True)
    A = np.divide(A, na, out=np.zeros_like(A), where=na > 0)
    B = np.divide(B, nb, out=np.zeros_like(B), where=nb > 0)
    return A @ B.T


def edge_likeness(weights, bank):
    """For each row of ``weights`` (one neuron), the largest |cosine| with a detector of ``bank``.

    1 means the neuron's weights are exactly one of the detectors (or its negative, a dark
    line on light); the square of the score is the share of the weight image's squared
    length that the best detector accounts for.
    """
    return np.abs(_cosines(weights, bank)).max(axis=1)


def closest_edges(weights, bank):
    """The best-matching detector of each neuron, signed like the neuron: (n, rows*cols).

    A neuron whose weights look like a dark line on light gets the negative of the detector,
    so the two images can be compared by eye.
    """
    C = _cosines(weights, bank)
    best = np.argmax(np.abs(C), axis=1)
    signs = np.sign(C[np.arange(len(C)), best])
    signs[signs == 0] = 1.0
    return bank.patterns[best] * signs[:, None]


def random_like(weights, seed=0):
    """Random weights of the same shape and scale: each row from N(0, s²), s the row's spread.

    The baseline for :func:`edge_likeness`: what any pattern without structure scores.
    """
    W = np.atleast_2d(_floats(weights, "weights"))
    spread = W.std(axis=1, keepdims=True)
    return np.random.default_rng(seed).standard_normal(W.shape) * spread


def smooth_like(weights, seed=0, shape=IMAGE_SHAPE):
    """Random weights exactly as smooth as ``weights``: each row's image, phases scrambled.

    The baseline for :func:`edge_likeness` that a smooth pattern deserves. Every row keeps
    the sizes of its 2-D Fourier components (so its overall size, and how alike weights at
    any distance are, :func:`neighbour_correlation`, stay the same) and gets random phases
    (so whatever strokes it had land in random places and break up). Smooth blotches
    overlap a strip more than speckle does: this null asks whether the trained weights
    score higher than their smoothness alone explains.
    """
    h, w = _shape(shape)
    W = np.atleast_2d(_floats(weights, "weights"))
    if W.shape[1] != h * w:
        raise ValueError(f"each row must be a {h}x{w} image ({h * w} weights); got {W.shape[1]}")
    rng = np.random.default_rng(seed)
    out = np.empty_like(W)
    for k, row in enumerate(W):
        amplitude = np.abs(np.fft.fft2(row.reshape(h, w)))
        # The phases of real white noise are those of a real image, so the result is real.
        phase = np.angle(np.fft.fft2(rng.standard_normal((h, w))))
        out[k] = np.real(np.fft.ifft2(amplitude * np.exp(1j * phase))).reshape(-1)
    return out


def neighbour_correlation(weights, shape=IMAGE_SHAPE):
    """How smooth each weight image is: the correlation of neighbouring weights, per row.

    The mean of two correlations, between every weight and its right-hand neighbour and
    between every weight and the one below it. Near 0 for independent random weights,
    near 1 for an image that changes slowly from pixel to pixel.
    """
    h, w = _shape(shape)
    W = np.atleast_2d(_floats(weights, "weights"))
    if W.shape[1] != h * w:
        raise ValueError(f"each row must be a {h}x{w} image ({h * w} weights); got {W.shape[1]}")
    images = W.reshape(-1, h, w)

    def corr(a, b):
        a = a.reshape(len(a), -1) - a.reshape(len(a), -1).mean(axis=1, keepdims=True)
        b = b.reshape(len(b), -1) - b.reshape(len(b), -1).mean(axis=1, keepdims=True)
        den = np.sqrt(np.sum(a * a, axis=1) * np.sum(b * b, axis=1))
        return np.divide(np.sum(a * b, axis=1), den, out=np.zeros(len(a)), where=den > 0)

    return 0.5 * (corr(images[:, :, 1:], images[:, :, :-1])
                  + corr(images[:, 1:, :], images[:, :-1, :]))


def _cosines(weights, bank):
    """Cosines of every neuron with every detector, in float32 (plenty for scores near 0.1-1)."""
    if not isinstance(bank, EdgeBank):
        raise ValueError(f"bank must be an EdgeBank, made by edge_bank(); got "
                         f"{type(bank).__name__}")
    W = np.atleast_2d(_floats(weights, "weights"))
    if W.shape[1] != bank.patterns.shape[1]:
        raise ValueError(f"each neuron has {W.shape[1]} weights but the bank's detectors have "
                         f"{bank.patterns.shape[1]}; build the bank with edge_bank(shape) for "
                         f"images of that size")
    norms = np.linalg.norm(W, axis=1, keepdims=True)
    W = np.divide(W, norms, out=np.zeros_like(W), where=norms > 0).astype(np.float32)
    return (W @ bank.units.T).astype(np.float64)


# --------------------------------------------------------------------------- no digit at all
def uniform_noise(n, n_pixels=IMAGE_SHAPE[0] * IMAGE_SHAPE[1], seed=0):
    """``n`` images of independent uniform noise in [0, 1): (n, n_pixels) float32."""
    n = _count(n, "n")
    return np.random.default_rng(seed).random((n, _count(n_pixels, "n_pixels")),
                                              dtype=np.float32)


def scrambled(images, seed=0):
    """Each image with its pixels shuffled: the same ink, the same grey levels, no shape."""
    X = np.array(images, dtype=np.float32, copy=True)
    if X.ndim != 2 or X.size == 0:
        raise ValueError(f"images must be a non-empty 2-D array, one image per row; got shape "
                         f"{X.shape}")
    return np.random.default_rng(seed).permuted(X, axis=1)


def top_outputs(outputs):
    """The largest output activation of each row: how sure the network is of its answer."""
    O = _outputs(outputs)
    return O.max(axis=1)


def confident_fraction(outputs, threshold=0.9):
    """The fraction of rows whose largest output is above ``threshold``."""
    if not 0 <= threshold < 1:
        raise ValueError(f"threshold must be in [0, 1), got {threshold}")
    return float(np.mean(top_outputs(outputs) > threshold))


def answer_counts(outputs):
    """How many rows name each output as the answer (the brightest output): one count each."""
    O = _outputs(outputs)
    return np.bincount(np.argmax(O, axis=1), minlength=O.shape[1])


def shift_images(images, rows=0, cols=0, shape=IMAGE_SHAPE):
    """Every image moved ``rows`` pixels down and ``cols`` pixels right (negative: up, left).

    What moves out of the frame is lost; the pixels that come in are black (0), like MNIST's
    background. Returns float32 rows like the input.
    """
    h, w = _shape(shape)
    X = _floats(images, "images")
    if X.ndim != 2 or X.shape[1] != h * w:
        raise ValueError(f"images must be (n, {h * w}), one {h}x{w} image per row; got shape "
                         f"{X.shape}")
    rows, cols = _whole(rows, "rows"), _whole(cols, "cols")
    src = X.reshape(-1, h, w)
    out = np.zeros_like(src)
    if abs(rows) < h and abs(cols) < w:
        out[:, max(rows, 0):h + min(rows, 0), max(cols, 0):w + min(cols, 0)] = \
            src[:, max(-rows, 0):h - max(rows, 0), max(-cols, 0):w - max(cols, 0)]
    return out.reshape(len(X), h * w).astype(np.float32)


def nearest_distances(X, reference):
    """For each row of ``X``, the Euclidean distance to the nearest row of ``reference``.

    How far an input is from everything the network was trained on. Computed from
    |x - r|^2 = |x|^2 - 2 x·r + |r|^2 in blocks, so 60,000 reference images fit in memory.
    """
    X = np.atleast_2d(_floats(X, "X"))
    R = np.atleast_2d(_floats(reference, "reference"))
    if X.shape[1] != R.shape[1]:
        raise ValueError(f"X and reference need rows of the same length, got {X.shape[1]} and "
                         f"{R.shape[1]}")
    r2 = np.sum(R * R, axis=1)
    best = np.empty(len(X))
    for start in range(0, len(X), 256):
        block = X[start:start + 256]
        d2 = np.sum(block * block, axis=1)[:, None] - 2.0 * block @ R.T + r2[None, :]
        best[start:start + 256] = np.min(d2, axis=1)
    return np.sqrt(np.maximum(best, 0.0))


# --------------------------------------------------------------------------- inside the network
def hidden_activations(network, images):
    """The activations of every hidden layer for many images: a list of (n, size) arrays."""
    weights, biases, hidden, _ = _parts(network)
    A = np.atleast_2d(_floats(images, "images"))
    if A.ndim != 2 or A.shape[1] != network.sizes[0]:
        raise ValueError(f"images must be (n, {network.sizes[0]}), one image per row; got "
                         f"shape {np.shape(images)}")
    out = []
    for W, b in zip(weights[:-1], biases[:-1]):
        A = hidden(A @ W.T + b)
        out.append(A)
    return out


def forward_pass(network, x):
    """Weighted inputs ``zs`` and activations (input first) of every layer for one input.

    The same arithmetic as :func:`mlpbook.engine.reference.backprop`, in float64.
    """
    weights, biases, hidden, _ = _parts(network)
    a = _input(network, x)
    activations, zs = [a], []
    for layer, (W, b) in enumerate(zip(weights, biases)):
        z = W @ a + b
        zs.append(z)
        if layer < len(weights) - 1:
            a = hidden(z)
        elif network.cost == "cross-entropy":
            a = reference.softmax(z)
        else:
            a = reference.sigmoid(z)
        activations.append(a)
    return zs, activations


def input_gradient(network, x, digit, objective="log_output"):
    """The gradient of one output with respect to the 784 input pixels, and its value.

    ``objective`` "log_output" is ln a_digit (for a softmax output the log-probability of the
    digit); "z" is the output neuron's weighted input. Backpropagation as in training, carried
    one step further: past the first weights to the pixels, dO/dx = W1^T delta1.
    Returns ``(gradient, value)``.
    """
    weights, _, _, hidden_prime = _parts(network)
    digit = _digit(network, digit)
    _check_objective(objective)
    zs, activations = forward_pass(network, x)
    out = activations[-1]
    delta = np.zeros_like(out)  # dO/dz of the output layer
    if objective == "z":
        delta[digit] = 1.0
        value = float(zs[-1][digit])
    elif network.cost == "cross-entropy":  # d ln softmax_d / dz = e_d - a
        delta -= out
        delta[digit] += 1.0
        value = float(zs[-1][digit] - _logsumexp(zs[-1]))
    else:  # d ln sigmoid(z_d) / dz_d = 1 - a_d
        delta[digit] = 1.0 - out[digit]
        value = float(-np.logaddexp(0.0, -zs[-1][digit]))
    for layer in range(len(weights) - 1, 0, -1):
        delta = (weights[layer].T @ delta) * hidden_prime(zs[layer - 1])
    return weights[0].T @ delta, value


@dataclasses.dataclass(frozen=True, eq=False)
class IdealInput:
    """What :func:`ideal_input` found: the image, the network's outputs for it, the climb."""

    digit: int
    image: np.ndarray     # (n_inputs,) float64 in 0..1
    outputs: np.ndarray   # the network's output activations for the image
    values: np.ndarray    # the objective after each step (step 0 = the start)

    @property
    def confidence(self):
        """The output activation of the digit that was maximised."""
        return float(self.outputs[self.digit])


def ideal_input(network, digit, *, steps=200, lr=1.0, start=0.5, l2=0.0,
                objective="log_output"):
    """The input the network likes best for ``digit``: projected gradient ascent on pixels.

    Each step moves every pixel uphill, ``x <- clip(x + lr * (dO/dx - l2 * x), 0, 1)``, so
    the image stays a possible picture (0 black .. 1 white). ``start`` is a number (an even
    grey; 0.5 by default) or an image; ``l2`` > 0 adds a penalty ``l2/2 * |x|^2`` that
    prefers dark pixels, so only the ink that helps survives.
    """
    _parts(network)
    digit = _digit(network, digit)
    _check_objective(objective)
    steps = _count(steps, "steps", allow_zero=True)
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive number, got {lr}")
    if not (math.isfinite(l2) and l2 >= 0):
        raise ValueError(f"l2 must be zero or positive, got {l2}")
    n_inputs = network.sizes[0]
    if np.ndim(start) == 0:
        if not 0 <= float(start) <= 1:
            raise ValueError(f"start must be a grey level in 0..1 or an image, got {start}")
        x = np.full(n_inputs, float(start))
    else:
        x = _input(network, start).copy()
        if x.min() < 0 or x.max() > 1:
            raise ValueError("a start image must have pixels in 0..1")
    values = []
    for _ in range(steps):
        grad, value = input_gradient(network, x, digit, objective)
        values.append(value)
        x = np.clip(x + lr * (grad - l2 * x), 0.0, 1.0)
    _, activations = forward_pass(network, x)
    values.append(input_gradient(network, x, digit, objective)[1])
    return IdealInput(digit, x, activations[-1], np.array(values))


# --------------------------------------------------------------------------- "not a digit"
def add_noise_class(images, labels, n_noise, seed=0, label=None):
    """Training data with ``n_noise`` uniform-noise images appended under a label of their own.

    ``label`` defaults to one more than the largest label (10 for MNIST), so a network with
    one extra output can learn to answer "not a digit". Returns ``(images, labels)``.
    """
    X = _floats(images, "images")
    y = np.asarray(labels)
    if X.ndim != 2 or y.shape != (len(X),):
        raise ValueError(f"images must be (n, pixels) and labels (n,); got {X.shape} and "
                         f"{y.shape}")
    if y.dtype.kind not in "iu":
        raise ValueError(f"labels must be whole numbers, got dtype {y.dtype}")
    label = int(y.max()) + 1 if label is None else int(label)
    if label in set(np.unique(y).tolist()):
        raise ValueError(f"label {label} is already used by the images; the noise needs a "
                         f"label of its own")
    noise = uniform_noise(_count(n_noise, "n_noise", allow_zero=True), X.shape[1], seed)
    X_all = np.concatenate([np.asarray(images, dtype=np.float32), noise])
    y_all = np.concatenate([y.astype(np.int64), np.full(len(noise), label, np.int64)])
    return X_all, y_all


# --------------------------------------------------------------------------- reports
#: Names chapter 8 gives its networks and its kinds of input, in both languages: the keys
#: a chapter passes to the reports and figures, and what the reader sees.
NAMES = {
    "BEST_16": T("BEST_16", "BEST_16"),
    "BEST_16, seed 1": T("BEST_16, seed 1", "BEST_16（种子 1）"),
    "classic": T("classic", "经典配方"),
    "with 'not a digit'": T("with 'not a digit'", "加上“不是数字”"),
    "test digits": T("test digits", "测试数字"),
    "uniform noise": T("uniform noise", "均匀噪声"),
    "ideal digits": T("ideal digits", "理想数字"),
    "clean line detectors": T("clean line detectors", "干净的线条检测器"),
    "BEST_16 neurons": T("BEST_16 neurons", "BEST_16 的神经元"),
    "classic neurons": T("classic neurons", "经典网络的神经元"),
    "random weights": T("random weights", "随机权重"),
    "random weights, as smooth": T("random weights, as smooth", "同样平滑的随机权重"),
    "moved right": T("moved right", "向右移动"),
    "moved, then prepared like MNIST": T("moved, then prepared like MNIST",
                                         "移动后再像 MNIST 那样预处理"),
    "black": T("black", "黑色"), "grey": T("grey", "灰色"), "noise": T("noise", "噪声"),
}


def name(key):
    """What the reader sees for one of chapter 8's names (:data:`NAMES`); others unchanged."""
    return str(NAMES.get(key, key))


def _width(keys):
    return max(text_width(name(k)) for k in keys)


def accuracy_report(histories):
    """One line per trained network: the share of the test digits it reads correctly.

    ``histories`` maps a name (e.g. "BEST_16", "classic") to the :class:`mlpbook.History` of
    its training; the last test accuracy is reported.
    """
    width = _width(histories)
    return Lines(T("{name}: {acc:.2%} of the test digits right",
                   "{name}：测试数字认对 {acc:.2%}").format(name=pad(name(k), width, "right"),
                                                         acc=h.test_accuracy[-1])
                 for k, h in histories.items())


def readings_report(judges, images):
    """How other networks read the ideal digits 0-9: one line per network.

    ``judges`` maps a name to a network; ``images`` are the ten ideal digits, 0 first.
    """
    width = _width(judges)
    return Lines(T("{name} reads the ideal digits 0-9 as: {read}",
                   "{name} 把理想数字 0-9 认作：{read}").format(
                       name=pad(name(k), width, "right"),
                       read=" ".join(map(str, net.predict(np.asarray(images, np.float32)))))
                 for k, net in judges.items())


def distance_report(distances):
    """The median distance to the nearest training image, one line per kind of input.

    ``distances`` maps a name to the distances of :func:`nearest_distances`.
    """
    width = _width(distances)
    return Lines(T("{name}: nearest training image at distance {d:5.1f} (median)",
                   "{name}：最近的训练图像距离为 {d:5.1f}（中位数）").format(
                       name=pad(name(k), width, "right"), d=float(np.median(d)))
                 for k, d in distances.items())


def rejection_measures(network, test, fresh, scrambled_images, ideal_confidences):
    """How a network does on digits and on non-digits: the numbers of :func:`rejection_table`.

    ``test`` is ``(images, labels)`` of real digits; ``fresh`` noise and
    ``scrambled_images`` are non-digits; ``ideal_confidences`` the output of each digit for
    its ideal image (:func:`ideal_input`). A network with one more output than digits can
    say "not a digit" (its last output); a network without one cannot. Returns a dict.
    """
    rejects = network.sizes[-1] == 11
    digits = slice(0, 10)

    def called_noise(X):
        return float(np.mean(network.predict(X) == 10)) if rejects else None

    def sure_digit(X):
        return confident_fraction(network.feedforward(X)[:, digits], 0.9)

    return {"test_accuracy": network.accuracy(*test),
            "noise_rejected": called_noise(fresh), "noise_sure": sure_digit(fresh),
            "scrambled_rejected": called_noise(scrambled_images),
            "scrambled_sure": sure_digit(scrambled_images),
            "ideal_sure": int(np.sum(np.asarray(ideal_confidences) > 0.99))}


_ROWS = (("test_accuracy", T("test digits read correctly", "认对的测试数字")),
         ("noise_rejected", T("noise called 'not a digit'", "噪声被判为“不是数字”")),
         ("noise_sure", T("noise called a digit, output > 0.9",
                          "噪声被判为某个数字，输出 > 0.9")),
         ("scrambled_rejected", T("shuffled digits called 'not a digit'",
                                  "打乱像素的数字被判为“不是数字”")),
         ("scrambled_sure", T("shuffled digits called a digit, output > 0.9",
                              "打乱像素的数字被判为某个数字，输出 > 0.9")),
         ("ideal_sure", T("ideal digits found with output > 0.99",
                          "找到的输出 > 0.99 的理想数字")))


def rejection_table(columns):
    """The "not a digit" table: one column per network, one row per measure.

    ``columns`` maps a name (e.g. "BEST_16", "with 'not a digit'") to the dict of
    :func:`rejection_measures`. Shows as a table in a notebook, in the reader's language.
    """
    from ..engine.recipes import Table

    def cell(key, value):
        if value is None:
            return "-"
        if key == "test_accuracy":
            return f"{value:.2%}"
        if key == "ideal_sure":
            return str(T("{n} of 10", "10 个中 {n} 个").format(n=value))
        return f"{value:.1%}"

    header = [""] + [name(k) for k in columns]
    rows = [[str(label)] + [cell(key, m[key]) for m in columns.values()]
            for key, label in _ROWS]
    return Table(header, rows, ["left"] + ["right"] * len(columns))


# --------------------------------------------------------------------------- validation
def _shape(shape):
    try:
        rows, cols = (int(s) for s in shape)
    except (TypeError, ValueError):
        raise ValueError(f"shape must be (rows, cols), got {shape!r}") from None
    if rows < 1 or cols < 1:
        raise ValueError(f"shape must be positive, got {shape!r}")
    return rows, cols


def _floats(values, name):
    arr = np.asarray(values)
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold numbers, got dtype {arr.dtype}")
    arr = arr.astype(np.float64)
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def _outputs(outputs):
    O = np.atleast_2d(_floats(outputs, "outputs"))
    if O.ndim != 2 or O.size == 0:
        raise ValueError(f"outputs must be (n, n_outputs), one row per image; got shape "
                         f"{np.shape(outputs)}")
    return O


def _count(n, name, allow_zero=False):
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) \
            or n < (0 if allow_zero else 1):
        least = "zero or more" if allow_zero else "at least 1"
        raise ValueError(f"{name} must be a whole number, {least}; got {n!r}")
    return int(n)


def _whole(n, name):
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)):
        raise ValueError(f"{name} must be a whole number of pixels, got {n!r}")
    return int(n)


def _parts(network):
    for attr in ("weights", "biases", "activation", "cost", "sizes"):
        if not hasattr(network, attr):
            raise ValueError(f"network must be an mlpbook.Network (it has no {attr!r}); got "
                             f"{type(network).__name__}")
    weights = [np.asarray(W, dtype=np.float64) for W in network.weights]
    biases = [np.asarray(b, dtype=np.float64) for b in network.biases]
    if network.activation == "relu":
        return weights, biases, reference.relu, reference.relu_prime
    return weights, biases, reference.sigmoid, reference.sigmoid_prime


def _input(network, x):
    x = _floats(x, "x").reshape(-1)
    if x.size != network.sizes[0]:
        raise ValueError(f"the input has {x.size} values but the network takes "
                         f"{network.sizes[0]}")
    return x


def _digit(network, digit):
    n_out = network.sizes[-1]
    if isinstance(digit, (bool, np.bool_)) or not isinstance(digit, (int, np.integer)) \
            or not 0 <= digit < n_out:
        raise ValueError(f"digit must be an output index 0..{n_out - 1}, got {digit!r}")
    return int(digit)


def _check_objective(objective):
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {OBJECTIVES}, got {objective!r}")


def _logsumexp(z):
    top = float(np.max(z))
    return top + math.log(float(np.sum(np.exp(z - top))))
