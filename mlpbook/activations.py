"""One neuron with one input: how a weight and a bias shape the activation function.

Chapter 3 explains the squishing functions with a neuron that has a single input z and
computes f(w·z + b), f being the sigmoid or ReLU. The weight sets how steep the step is
(and flips it when negative); the bias slides it sideways, so the step sits where
w·z + b = 0, at z = −b/w. Two small pure functions hold that maths. They live here, apart
from any figure, because three things use them: the static figures of :mod:`mlpbook.viz`,
the chapter's checks, and the interactive squish explorer, whose JavaScript twins
(``squishCurve`` and ``stepPosition`` in ``widgets/squish_explorer.js``) are tested equal
to them.
"""

from __future__ import annotations

import numpy as np

from . import reference

__all__ = ["ACTIVATIONS", "squish_curve", "step_position"]

#: The activation functions a neuron of the book can use, by name.
ACTIVATIONS = {"sigmoid": reference.sigmoid, "relu": reference.relu}


def squish_curve(z, w=1.0, b=0.0, activation="sigmoid"):
    """The activation of one neuron with one input, f(w·z + b).

    ``activation`` is "sigmoid" or "relu".  The weight w sets how steep the
    curve is (and flips it when negative); the bias b slides it sideways, so the
    sigmoid's step (and ReLU's bend) sits where w·z + b = 0, at z = −b/w.
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be 'sigmoid' or 'relu', got {activation!r}")
    return ACTIVATIONS[activation](w * np.asarray(z, dtype=float) + b)


def step_position(w, b):
    """The input z where w·z + b = 0 (the sigmoid's midpoint, ReLU's bend), or None if w == 0."""
    return None if w == 0 else -b / w + 0.0  # + 0.0 turns -0.0 into 0.0
