"""Chapter 10's hidden-layer explorer: a 2-2-1 network, the XOR points, and what the hidden
layer does to them.

Two panels side by side. Left: the input plane with the points and the network's output as
a heat map, its decision boundary (output 0.5) and the two lines the hidden neurons draw.
Right: the same points moved by the hidden layer to ``(h1, h2)`` in the unit square, where
the output neuron's boundary is a straight line. Nine sliders hold the parameters (three
per neuron); "Train" runs gradient descent in the page, a few steps per animation frame,
moving the sliders as it learns, until every point is right or it gives up; "Reset" goes
back to the start. All of it runs in ``hidden_layer_explorer.js`` in the browser, so it
also works on the static website.

The maths is :mod:`mlpbook.lessons.toy2d`; its JavaScript twins (``forward``, ``loss``,
``accuracy``, ``gradients``, ``trainStep``, ``train``) are tested equal to it. Points and
the start are sent as float64 bytes (not the float32 of other widgets) so the page
computes exactly what Python computes.
"""

from __future__ import annotations

import numpy as np
import traitlets

from ..lessons import toy2d
from ._base import LANGUAGES, BookWidget, check_finite, check_language, float64_bytes

__all__ = ["HiddenLayerExplorer", "PARAMETER_NAMES", "SLIDER_RANGE", "LANGUAGES"]

#: The nine parameters in slider order (``toy2d.params_to_vector``'s order): hidden neuron 1
#: (w11, w12, b1), hidden neuron 2 (w21, w22, b2), the output neuron (v1, v2, c).
PARAMETER_NAMES = ("w11", "w12", "b1", "w21", "w22", "b2", "v1", "v2", "c")

#: Every parameter slider's range and step (values outside stay valid; the slider pins).
SLIDER_RANGE = (-15.0, 15.0, 0.1)


def _dataset_bytes(name):
    X, y = toy2d.dataset(name)
    return float64_bytes(np.c_[X, y])


class HiddenLayerExplorer(BookWidget):
    """The XOR points (or 100 noisy ones around them) and a 2-2-1 network with nine sliders.

    ``dataset`` is "xor" or "clusters" (``toy2d.DATASETS``). ``params`` is the start, a
    ``toy2d`` parameter dict of a 2-2-1 network or its nine numbers in
    :data:`PARAMETER_NAMES` order; by default ``toy2d.init_params(seed=toy2d.XOR_SEED)``,
    a start from which "Train" learns both datasets. ``language`` is "en" or "zh".
    """

    _module = "hidden_layer_explorer"

    dataset = traitlets.Unicode("xor").tag(sync=True)
    language = traitlets.Unicode("en").tag(sync=True)
    w11 = traitlets.Float(0.0).tag(sync=True)
    w12 = traitlets.Float(0.0).tag(sync=True)
    b1 = traitlets.Float(0.0).tag(sync=True)
    w21 = traitlets.Float(0.0).tag(sync=True)
    w22 = traitlets.Float(0.0).tag(sync=True)
    b2 = traitlets.Float(0.0).tag(sync=True)
    v1 = traitlets.Float(0.0).tag(sync=True)
    v2 = traitlets.Float(0.0).tag(sync=True)
    c = traitlets.Float(0.0).tag(sync=True)
    #: The nine start values (float64 bytes): what "Reset" restores.
    start = traitlets.Bytes(b"").tag(sync=True)
    #: Each dataset as float64 bytes, rows (x1, x2, label), so the page can switch by itself.
    data_xor = traitlets.Bytes(b"").tag(sync=True)
    data_clusters = traitlets.Bytes(b"").tag(sync=True)
    learning_rate = traitlets.Float(toy2d.LEARNING_RATE).tag(sync=True)
    steps_per_frame = traitlets.Int(3).tag(sync=True)
    max_steps = traitlets.Int(toy2d.MAX_STEPS).tag(sync=True)
    target_loss = traitlets.Float(toy2d.TARGET_LOSS).tag(sync=True)

    def __init__(self, dataset="xor", params=None, language=None, **kwargs):
        if params is None:
            params = toy2d.init_params(seed=toy2d.XOR_SEED)
        vector = self._vector(params)
        values = dict(zip(PARAMETER_NAMES, vector.tolist()))
        super().__init__(dataset=dataset, language=language, start=float64_bytes(vector),
                         data_xor=_dataset_bytes("xor"),
                         data_clusters=_dataset_bytes("clusters"), **values, **kwargs)

    # ------------------------------------------------------------------ validation
    @staticmethod
    def _vector(params):
        """Nine finite numbers from a 2-2-1 parameter dict or a flat sequence of nine."""
        if isinstance(params, dict):
            p = toy2d.check_params(params)
            if p["W1"].shape[0] != 2:
                raise ValueError(f"the explorer draws a 2-2-1 network; these params have "
                                 f"{p['W1'].shape[0]} hidden neurons (use init_params(hidden=2))")
            return toy2d.params_to_vector(p)
        try:
            vector = np.array(params, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError):
            raise ValueError("params must be a toy2d parameter dict (W1, b1, W2, b2) or nine "
                             f"numbers {', '.join(PARAMETER_NAMES)}") from None
        if vector.size != len(PARAMETER_NAMES):
            raise ValueError(f"params must be nine numbers ({', '.join(PARAMETER_NAMES)}), "
                             f"got {vector.size}")
        if not np.all(np.isfinite(vector)):
            raise ValueError("params hold NaN or infinity")
        return vector

    @traitlets.validate("dataset")
    def _valid_dataset(self, proposal):
        if proposal["value"] not in toy2d.DATASETS:
            raise ValueError(f"unknown dataset {proposal['value']!r}; choose one of "
                             f"{', '.join(map(repr, toy2d.DATASETS))}")
        return proposal["value"]

    @traitlets.validate("language")
    def _valid_language(self, proposal):
        return check_language(proposal["value"])

    @traitlets.validate(*PARAMETER_NAMES)
    def _valid_parameter(self, proposal):
        return check_finite(f"the parameter {proposal['trait'].name}", proposal["value"])

    @traitlets.validate("learning_rate", "target_loss")
    def _valid_positive(self, proposal):
        value = check_finite(proposal["trait"].name, proposal["value"])
        if value <= 0:
            raise ValueError(f"{proposal['trait'].name} must be positive, got {value}")
        return value

    @traitlets.validate("steps_per_frame", "max_steps")
    def _valid_count(self, proposal):
        if proposal["value"] < 1:
            raise ValueError(f"{proposal['trait'].name} must be at least 1, "
                             f"got {proposal['value']}")
        return proposal["value"]

    # ------------------------------------------------------------------ reading it back
    @property
    def params(self):
        """The network the sliders show now, as a ``toy2d`` parameter dict."""
        return toy2d.params_from_vector([getattr(self, name) for name in PARAMETER_NAMES])

    @params.setter
    def params(self, params):
        vector = self._vector(params)
        with self.hold_sync():
            for name, value in zip(PARAMETER_NAMES, vector.tolist()):
                setattr(self, name, value)

    @property
    def points(self):
        """The current dataset as ``(X, y)``."""
        return toy2d.dataset(self.dataset)

    def accuracy(self):
        """The fraction of points the current network puts on their side (as the page shows)."""
        return toy2d.accuracy(self.params, *self.points)

    def loss(self):
        """The current cross-entropy cost (as the page shows)."""
        return toy2d.loss(self.params, *self.points)

    def reset(self):
        """Back to the start, as the page's "Reset" button does."""
        self.params = np.frombuffer(self.start, dtype="<f8")
