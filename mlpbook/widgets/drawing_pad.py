"""Chapter 8's drawing pad: the reader draws a digit and watches a trained network answer.

The reader draws with a mouse, a pen or a finger. The page prepares the drawing the way
MNIST's digits were prepared (crop to the ink, fit into 20x20, centre by mass in 28x28: the
steps of :mod:`mlpbook.engine.preprocess`), shows that 28x28 picture — what the network actually
sees — and runs the network's forward pass on it, showing the ten outputs and every hidden
activation while the stroke is still being drawn. All of it runs in ``drawing_pad.js`` in
the browser, so the pad also works on the static website, where no Python runs. Its maths
has JavaScript twins that are tested equal to the Python: ``mnistLike`` to
:func:`mlpbook.engine.preprocess.mnist_like` and ``forward`` to :meth:`mlpbook.Network.feedforward`.

The reader's own handwriting set lives here too: "Add to my set" keeps the 28x28 image with
the digit the reader says it is, in the browser (``_reader_store.js``: localStorage, so it
survives reloads and works offline, from ``file://`` too); the pad shows the set as
thumbnails, how its network reads them (accuracy, the digits it gets wrong, its confusion),
and lets the reader save the set as IDX files (``_model_file.js``) that ``--data-dir`` reads.
The pad draws on the chapter's network or on the reader's own: the one they trained last
(chapter 7's trainer, chapter 8's fine-tuner) or loaded from a model file, and saves the one
it uses as an mlpbook model file. In JupyterLab :attr:`DrawingPad.samples` hands the set to
Python.

In JupyterLab the page sends each finished drawing back: :meth:`DrawingPad.image` is the
28x28 input and :meth:`DrawingPad.outputs` runs the Python network on it. Strokes set from
Python (``DrawingPad(net, strokes=...)``, ``pad.strokes = ...``) are prepared in Python at
once, with :func:`mlpbook.engine.preprocess.rasterize`, the twin of the page's rasteriser, so
``pad.image()`` is right in the same cell, before any page has drawn them.
"""

from __future__ import annotations

import math

import numpy as np
import traitlets

from .handwriting import read_samples
from ..engine.network import Network
from ..engine.preprocess import FIELD, strokes_image
from ._base import LANGUAGES, BookWidget, check_language, float32_bytes

__all__ = ["DrawingPad", "network_state", "check_network", "LANGUAGES"]

#: Hidden layers wider than this would not fit the page's rows of cells and circles.
MAX_HIDDEN = 128
_N_PIXELS = FIELD * FIELD


def check_network(network, max_hidden=MAX_HIDDEN):
    """``network`` if it is a finite mlpbook Network from 784 inputs to 10 outputs."""
    if not isinstance(network, Network):
        raise ValueError(f"network must be an mlpbook.Network, got {type(network).__name__}; "
                         f"build one with Network([784, 16, 16, 10]) or Network.load(path)")
    sizes = list(network.sizes)
    if sizes[0] != _N_PIXELS or sizes[-1] != 10:
        raise ValueError(f"the network must take a 28x28 digit and answer with 10 outputs, "
                         f"sizes [784, ..., 10]; got {sizes}")
    wide = [n for n in sizes[1:-1] if n > max_hidden]
    if wide:
        raise ValueError(f"hidden layers of at most {max_hidden} neurons fit on the page; got "
                         f"sizes {sizes}")
    if not np.isfinite(network.params).all():
        raise ValueError("the network has NaN or infinite weights (a diverged training run?); "
                         "retrain it with a smaller learning rate")
    return network


def network_state(network):
    """The traits that carry a network to the page: sizes, activations, float32 bytes."""
    weights = np.concatenate([W.reshape(-1) for W in network.weights])
    biases = np.concatenate([b.reshape(-1) for b in network.biases])
    return {"sizes": [int(n) for n in network.sizes], "activation": network.activation,
            "output": network.output_activation, "weights": float32_bytes(weights),
            "biases": float32_bytes(biases)}


def _check_strokes(strokes):
    """A list of strokes, each a list of [x, y] points with x, y in 0..1 (fractions of the pad)."""
    if strokes is None:
        return []
    clean = []
    for i, stroke in enumerate(strokes):
        points = []
        for point in stroke:
            try:
                x, y = (float(v) for v in point)
            except (TypeError, ValueError):
                raise ValueError(f"stroke {i} has a point {point!r}; every point is [x, y] "
                                 f"with x and y in 0..1 (fractions of the pad's width and "
                                 f"height)") from None
            if not (math.isfinite(x) and math.isfinite(y) and 0 <= x <= 1 and 0 <= y <= 1):
                raise ValueError(f"stroke {i} has a point ({x}, {y}) outside the pad; x and y "
                                 f"must be in 0..1 (fractions of the pad's width and height)")
            points.append([x, y])
        if not points:
            raise ValueError(f"stroke {i} has no points; drop it or give it at least one")
        clean.append(points)
    return clean


def _pixels_of(strokes):
    """The pixels trait for ``strokes``: float32 bytes of the 28x28 image, or b"" for no ink."""
    image = strokes_image(strokes) if strokes else None
    return b"" if image is None else float32_bytes(image)


class DrawingPad(BookWidget):
    """A pad to draw a digit on, what the network sees of it, and the network's answer.

    ``network`` is an mlpbook Network with sizes [784, ..., 10] (the book uses a trained
    784-16-16-10); its weights travel to the page as float32 bytes. ``strokes`` (optional)
    pre-draws a digit: a list of strokes, each a list of [x, y] points in 0..1. ``language``
    is "en" or "zh".
    """

    _module = "drawing_pad"
    _parts = ("_model_file", "_reader_store")

    sizes = traitlets.List(traitlets.Int()).tag(sync=True)
    activation = traitlets.Unicode("sigmoid").tag(sync=True)
    output = traitlets.Unicode("sigmoid").tag(sync=True)
    weights = traitlets.Bytes().tag(sync=True)
    biases = traitlets.Bytes().tag(sync=True)
    strokes = traitlets.List().tag(sync=True)
    pixels = traitlets.Bytes().tag(sync=True)
    #: The reader's handwriting set, written by the page: per digit its label, then 784
    #: bytes (0..255) of the 28x28 image; read it with :attr:`samples`.
    my_digits = traitlets.Bytes(b"").tag(sync=True)
    language = traitlets.Unicode("en").tag(sync=True)

    def __init__(self, network, language=None, strokes=None, **kwargs):
        self._network = check_network(network)
        self._from_page = False
        strokes = _check_strokes(strokes)
        super().__init__(**network_state(network), language=language, strokes=strokes,
                         pixels=_pixels_of(strokes), **kwargs)

    def set_state(self, sync_data):
        """State from the page: its strokes come with the pixels it computed from them."""
        self._from_page = True
        try:
            super().set_state(sync_data)
        finally:
            self._from_page = False

    @traitlets.observe("strokes")
    def _strokes_changed(self, change):
        # Strokes from Python: compute what the network sees now (the page sends the same
        # pixels back once it has drawn them). Strokes from the page come with its pixels.
        if not self._from_page:
            self.pixels = _pixels_of(change["new"])

    @property
    def network(self):
        """The Python network; assigning another one sends its weights to the page."""
        return self._network

    @network.setter
    def network(self, network):
        self._network = check_network(network)
        with self.hold_sync():
            for name, value in network_state(network).items():
                setattr(self, name, value)

    @traitlets.validate("language")
    def _valid_language(self, proposal):
        return check_language(proposal["value"])

    @traitlets.validate("strokes")
    def _valid_strokes(self, proposal):
        return _check_strokes(proposal["value"])

    @traitlets.validate("pixels")
    def _valid_pixels(self, proposal):
        value = proposal["value"]
        if len(value) not in (0, 4 * _N_PIXELS):
            raise ValueError(f"pixels must be empty or {_N_PIXELS} float32 values "
                             f"({4 * _N_PIXELS} bytes), got {len(value)} bytes")
        return value

    def clear(self):
        """Wipe the pad (the page follows)."""
        with self.hold_sync():
            self.strokes = []
            self.pixels = b""

    def image(self):
        """The drawing as the network sees it, (28, 28) float32, or None when blank.

        For strokes set from Python it is computed at once; for strokes drawn in the page
        (JupyterLab, a live kernel) the page sends it when a stroke ends."""
        if not self.pixels:
            return None
        return np.frombuffer(self.pixels, "<f4").reshape(FIELD, FIELD).copy()

    @property
    def samples(self):
        """The reader's handwriting set as ``(images, labels)``: (n, 784) float32 in 0..1, the
        images the network sees, and (n,) int64 digits (empty until the page has sent it: in
        JupyterLab or VS Code, with this kernel running)."""
        return read_samples(self.my_digits)

    def outputs(self):
        """The Python network's ten outputs for the last drawing, or None when blank."""
        image = self.image()
        return None if image is None else self._network.feedforward(image.reshape(-1))
