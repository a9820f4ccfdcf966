"""Chapter 8's network viewer: one digit's activations flowing through a 784-16-16-10 network.

The diagram the video series draws, made live: the input as the 28x28 image, each layer as a
column of circles shaded by its activation, the strongest contributions between layers as
green (positive weight) or red (negative weight) lines, and the ten outputs labelled with the
answer marked. The reader picks a digit; pointing at (or clicking) a neuron of the first
hidden layer shows its 784 weights as a 28x28 image: what that neuron looks for. Everything
runs in ``network_viewer.js``, so it works on the static website; its forward pass is tested
equal to :meth:`mlpbook.Network.feedforward`.
"""

from __future__ import annotations

import numpy as np
import traitlets

from ..engine.preprocess import FIELD
from ._base import BookWidget, check_language
from .drawing_pad import check_network, network_state

__all__ = ["NetworkViewer", "MAX_IMAGES", "MAX_HIDDEN", "MAX_HIDDEN_LAYERS"]

#: How many digits one viewer carries (each is 784 float32 values in the page).
MAX_IMAGES = 32
#: Columns of circles must fit the diagram's height and width.
MAX_HIDDEN = 32
MAX_HIDDEN_LAYERS = 3
_N_PIXELS = FIELD * FIELD


def _check_images(images):
    """Digits as a (n, 784) float32 array in 0..1, 1 <= n <= MAX_IMAGES."""
    arr = np.asarray(images)
    if arr.shape[-2:] == (FIELD, FIELD) and arr.ndim in (2, 3):  # (28, 28) or (n, 28, 28)
        arr = arr.reshape(-1, _N_PIXELS)
    elif arr.ndim in (1, 2) and arr.shape[-1] == _N_PIXELS:
        arr = arr.reshape(-1, _N_PIXELS)
    else:
        raise ValueError(f"images must be 28x28 digits, shape (n, 784) or (n, 28, 28), got "
                         f"shape {arr.shape}")
    if not 1 <= len(arr) <= MAX_IMAGES:
        raise ValueError(f"pass between 1 and {MAX_IMAGES} images (they all travel to the "
                         f"page), got {len(arr)}; pick a few, e.g. images[:12]")
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"images must hold numbers in 0..1, got dtype {arr.dtype}")
    arr = arr.astype(np.float32)
    if not np.isfinite(arr).all():
        raise ValueError("images contain NaN or infinite values; clean them first")
    if arr.min() < 0 or arr.max() > 1:
        raise ValueError(f"pixel values must be in 0..1, got {arr.min():g}..{arr.max():g}; "
                         f"divide 0..255 pixels by 255")
    return arr


def _check_labels(labels, n):
    if labels is None:
        return []
    arr = np.asarray(labels)
    if arr.ndim != 1 or len(arr) != n:
        raise ValueError(f"labels must be one digit per image ({n}), got shape {arr.shape}")
    if arr.dtype.kind not in "iu" or arr.min() < 0 or arr.max() > 9:
        raise ValueError(f"labels must be whole numbers 0..9, got {arr.tolist()}")
    return [int(v) for v in arr]


class NetworkViewer(BookWidget):
    """The network's diagram with the activations of one of ``images`` flowing through it.

    ``network``: an mlpbook Network [784, h1, ..., 10] with at most 3 hidden layers of at most
    32 neurons. ``images``: 1 to 32 digits, (n, 784) or (n, 28, 28), values in 0..1;
    ``labels`` (optional): their true digits. ``index``: the digit shown; ``neuron``: the
    first-hidden-layer neuron whose weights are shown. ``language``: "en" or "zh".
    """

    _module = "network_viewer"

    sizes = traitlets.List(traitlets.Int()).tag(sync=True)
    activation = traitlets.Unicode("sigmoid").tag(sync=True)
    output = traitlets.Unicode("sigmoid").tag(sync=True)
    weights = traitlets.Bytes().tag(sync=True)
    biases = traitlets.Bytes().tag(sync=True)
    images = traitlets.Bytes().tag(sync=True)
    labels = traitlets.List(traitlets.Int()).tag(sync=True)
    index = traitlets.Int(0).tag(sync=True)
    neuron = traitlets.Int(0).tag(sync=True)
    language = traitlets.Unicode("en").tag(sync=True)

    def __init__(self, network, images, labels=None, index=0, neuron=0, language=None,
                 **kwargs):
        self._network = _check_viewer_network(network)
        pixels = _check_images(images)
        super().__init__(**network_state(network), images=pixels.tobytes(),
                         labels=_check_labels(labels, len(pixels)),
                         language=language, **kwargs)
        self.index = index
        self.neuron = neuron

    @property
    def network(self):
        return self._network

    @property
    def n_images(self):
        return len(self.images) // (4 * _N_PIXELS)

    def image(self, index=None):
        """Digit ``index`` (default: the one shown) as a (28, 28) float32 array."""
        index = self.index if index is None else index
        flat = np.frombuffer(self.images, "<f4").reshape(-1, FIELD, FIELD)
        return flat[index].copy()

    def activations(self):
        """Every layer's activations for the digit shown, input first (what the page draws)."""
        return self._network.layer_activations(self.image().reshape(-1))

    @traitlets.validate("index")
    def _valid_index(self, proposal):
        value, n = proposal["value"], self.n_images
        if isinstance(value, bool) or not 0 <= value < n:
            raise ValueError(f"index must pick one of the {n} images, 0..{n - 1}; got {value!r}")
        return value

    @traitlets.validate("neuron")
    def _valid_neuron(self, proposal):
        value, n = proposal["value"], self.sizes[1]
        if isinstance(value, bool) or not 0 <= value < n:
            raise ValueError(f"neuron must be one of the first hidden layer's {n} neurons, "
                             f"0..{n - 1}; got {value!r}")
        return value

    @traitlets.validate("language")
    def _valid_language(self, proposal):
        return check_language(proposal["value"])


def _check_viewer_network(network):
    network = check_network(network, max_hidden=MAX_HIDDEN)
    hidden = len(network.sizes) - 2
    if not 1 <= hidden <= MAX_HIDDEN_LAYERS:
        raise ValueError(f"the diagram shows 1 to {MAX_HIDDEN_LAYERS} hidden layers; the "
                         f"network has {hidden} (sizes {list(network.sizes)})")
    return network
