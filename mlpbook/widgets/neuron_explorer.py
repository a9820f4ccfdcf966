"""Chapter 2's neuron explorer: one neuron of the first hidden layer looking at one digit.

The reader picks a digit, a weight pattern and a bias, and sees weights × digit = products,
the weighted sum s, z = s + b and σ(z), with the neuron drawn as a circle shaded by its
activation. Everything the reader does is computed and drawn by ``neuron_explorer.js`` in
the browser, so the figure also responds on the static website. For that the widget
carries its data with it: a handful of images (float32 bytes) and every weight pattern of
:data:`mlpbook.lessons.neuron.PATTERNS`, computed here by :func:`mlpbook.lessons.neuron.weight_pattern`,
so switching pattern needs no Python. The numbers are those of
:func:`mlpbook.lessons.neuron.neuron_response`; its JavaScript twin ``neuronResponse`` is tested
equal to it.

The images travel inside the page, so a widget holds at most :data:`MAX_IMAGES` of them;
:func:`neuron_explorer` picks a handful from a whole test set.
"""

from __future__ import annotations

import numpy as np
import traitlets

from ..lessons import neuron
from ._base import BookWidget, check_finite, float32_bytes

__all__ = ["NeuronExplorer", "neuron_explorer", "choose_examples", "MAX_IMAGES"]

#: The most images one widget embeds (each is 784 float32 numbers in the page).
MAX_IMAGES = 32
_SIDE = neuron.IMAGE_SHAPE
_PIXELS = _SIDE[0] * _SIDE[1]


def _as_images(images):
    """Images as float32 rows (n, 784) in [0, 1]; uint8 images (0..255) are divided by 255."""
    arr = np.asarray(images)
    if arr.dtype == np.uint8:
        arr = arr / 255.0
    elif arr.dtype.kind not in "fiub":
        raise ValueError(f"images must be numbers, got an array of dtype {arr.dtype}")
    arr = np.asarray(arr, dtype=np.float64)
    if arr.ndim == 3 and arr.shape[1:] == _SIDE:
        arr = arr.reshape(len(arr), _PIXELS)
    if arr.ndim != 2 or arr.shape[1] != _PIXELS:
        raise ValueError(f"images must have shape (n, {_PIXELS}) or (n, {_SIDE[0]}, {_SIDE[1]}), "
                         f"got {arr.shape}; pass a list of images, e.g. images[:12]")
    if not 1 <= len(arr) <= MAX_IMAGES:
        raise ValueError(f"the widget embeds its images in the page: pass 1 to {MAX_IMAGES} "
                         f"images (e.g. images[:12]), got {len(arr)}; "
                         f"neuron_explorer() picks a handful from a whole test set")
    if not np.all(np.isfinite(arr)):
        raise ValueError("images contain NaN or infinite values; pixel values must be in [0, 1]")
    if arr.min() < 0 or arr.max() > 1:
        raise ValueError(f"pixel values must be in [0, 1], got {arr.min():g}..{arr.max():g}; "
                         f"divide 0..255 images by 255")
    return np.ascontiguousarray(arr, dtype="<f4")


def _as_labels(labels, n):
    """Labels as a list of n ints ([] for none)."""
    if labels is None:
        return []
    arr = np.asarray(labels)
    if arr.ndim != 1 or len(arr) != n:
        raise ValueError(f"labels must be one number per image: {n} images but labels of "
                         f"shape {arr.shape}")
    if arr.dtype.kind not in "iu" and not (arr.dtype.kind == "f" and np.all(arr == np.round(arr))):
        raise ValueError(f"labels must be whole numbers (the digits), got {arr.tolist()}")
    return [int(x) for x in arr]


def _all_patterns():
    """Every weight pattern of neuron.PATTERNS as rows (one per pattern)."""
    return np.stack([neuron.weight_pattern(name).reshape(-1) for name in neuron.PATTERNS])


class NeuronExplorer(BookWidget):
    """One neuron looking at one digit: choose the digit, the weight pattern and the bias.

    ``images``: 1 to :data:`MAX_IMAGES` images, shape (n, 784) or (n, 28, 28), values in
    [0, 1] (uint8 images are divided by 255). ``labels``: their digits, or None.
    ``pattern``: one of :data:`mlpbook.lessons.neuron.PATTERNS`. ``bias_range``: the bias slider's
    (min, max); its step is 0.5.
    """

    _module = "neuron_explorer"

    images = traitlets.Bytes(b"").tag(sync=True)         # float32 (n, 784), row-major
    labels = traitlets.List(traitlets.Int()).tag(sync=True)
    patterns = traitlets.Bytes(b"").tag(sync=True)       # float32 (len(pattern_names), 784)
    pattern_names = traitlets.List(traitlets.Unicode()).tag(sync=True)
    index = traitlets.Int(0).tag(sync=True)
    bias = traitlets.Float(0.0).tag(sync=True)
    bias_min = traitlets.Float(-40.0).tag(sync=True)
    bias_max = traitlets.Float(40.0).tag(sync=True)
    pattern = traitlets.Unicode(neuron.PATTERNS[0]).tag(sync=True)
    language = traitlets.Unicode("en").tag(sync=True)

    def __init__(self, images, labels=None, index=0, bias=0.0, pattern="horizontal edge",
                 bias_range=(-40.0, 40.0), **kwargs):
        rows = _as_images(images)
        names = _as_labels(labels, len(rows))
        try:
            lo, hi = (check_finite("bias_range", v) for v in bias_range)
        except TypeError:
            raise ValueError(f"bias_range must be (min, max), got {bias_range!r}") from None
        if not lo < hi:
            raise ValueError(f"bias_range must be (min, max) with min < max, got {bias_range!r}")
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)):
            raise ValueError(f"index must be a whole number, got {index!r}")
        super().__init__(images=float32_bytes(rows), labels=names,
                         patterns=float32_bytes(_all_patterns()),
                         pattern_names=list(neuron.PATTERNS), bias_min=lo, bias_max=hi,
                         index=int(index), bias=check_finite("bias", bias), pattern=pattern,
                         **kwargs)

    @property
    def n_images(self):
        """How many images the widget holds."""
        return len(self.images) // (4 * _PIXELS)

    @traitlets.validate("index")
    def _valid_index(self, proposal):
        value = proposal["value"]
        n = self.n_images
        if not 0 <= value < n:
            raise ValueError(f"index must choose one of the {n} images: 0..{n - 1}, got {value}")
        return value

    @traitlets.validate("bias")
    def _valid_bias(self, proposal):
        value = check_finite("bias", proposal["value"])
        if not self.bias_min <= value <= self.bias_max:
            raise ValueError(f"bias = {value:g} is outside the slider's range "
                             f"{self.bias_min:g}..{self.bias_max:g}; widen bias_range")
        return value

    @traitlets.validate("pattern")
    def _valid_pattern(self, proposal):
        if proposal["value"] not in neuron.PATTERNS:
            raise ValueError(f"unknown weight pattern {proposal['value']!r}; "
                             f"choose one of {', '.join(neuron.PATTERNS)}")
        return proposal["value"]

    # What the page shows, computed in Python from the same float32 numbers.
    def image(self, index=None):
        """Image ``index`` (the current one by default) as a (28, 28) float array."""
        k = self.index if index is None else int(index)
        rows = np.frombuffer(self.images, dtype="<f4").reshape(-1, _PIXELS)
        return rows[k].astype(float).reshape(_SIDE)

    def weights(self, pattern=None):
        """The weights of ``pattern`` (the current one by default) as a (28, 28) float array."""
        k = self.pattern_names.index(self.pattern if pattern is None else pattern)
        rows = np.frombuffer(self.patterns, dtype="<f4").reshape(-1, _PIXELS)
        return rows[k].astype(float).reshape(_SIDE)

    def response(self):
        """The neuron's products, weighted sum, z and σ(z) for the current settings."""
        return neuron.neuron_response(self.weights(), self.image(), self.bias)


def choose_examples(labels, index, n, count=12):
    """Indices of a handful of images out of ``n``: ``index`` first, then one of each digit.

    With ``labels``, the first image of each digit follows (skipping ``index`` itself);
    without, the images after ``index``. At most ``count`` indices, all different.
    """
    index = int(index)
    if not 0 <= index < n:
        raise ValueError(f"index must choose one of the {n} images: 0..{n - 1}, got {index}")
    chosen = [index]
    if labels is not None:
        labels = np.asarray(labels)
        for digit in np.unique(labels):
            first = int(np.flatnonzero(labels == digit)[0])
            if first not in chosen:
                chosen.append(first)
    else:
        chosen += [(index + k) % n for k in range(1, min(count, n))]
    return chosen[:count]


def neuron_explorer(images, labels=None, index=0, bias=0.0, pattern="horizontal edge",
                    bias_range=(-40.0, 40.0)):
    """A :class:`NeuronExplorer` for any number of images, e.g. a whole test set.

    Up to :data:`MAX_IMAGES` images are all kept; from more, :func:`choose_examples` keeps
    image ``index`` (shown first) and the first image of each digit.
    """
    images = np.asarray(images)
    if images.ndim >= 1 and len(images) > MAX_IMAGES:
        keep = choose_examples(labels, index, len(images))
        images = images[keep]
        labels = None if labels is None else np.asarray(labels)[keep]
        index = 0
    return NeuronExplorer(images, labels, index=index, bias=bias, pattern=pattern,
                          bias_range=bias_range)
