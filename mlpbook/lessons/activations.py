"""One neuron with one input: how a weight and a bias shape the activation function.

Chapter 3 explains the squishing functions with a neuron that has a single input x (the
activation of one neuron of the layer before) and computes f(w·x + b), f being the sigmoid
or ReLU; its weighted input is z = w·x + b. The weight sets how steep the step is (and
flips it when negative); the bias slides it sideways, so the step sits where z = 0, at
x = −b/w. Two small pure functions hold that maths. They live here, apart
from any figure, because three things use them: the static figures of :mod:`mlpbook.viz`,
the chapter's checks, and the interactive squish explorer, whose JavaScript twins
(``squishCurve`` and ``stepPosition`` in ``widgets/squish_explorer.js``) are tested equal
to them.
"""

from __future__ import annotations

import numpy as np

from ..engine import reference
from ..i18n import Lines, T

__all__ = ["ACTIVATIONS", "squish_curve", "step_position", "slope_report"]

#: The activation functions a neuron of the book can use, by name.
ACTIVATIONS = {"sigmoid": reference.sigmoid, "relu": reference.relu}


def squish_curve(x, w=1.0, b=0.0, activation="sigmoid"):
    """The activation of one neuron with one input x, f(w·x + b).

    ``activation`` is "sigmoid" or "relu".  The weight w sets how steep the
    curve is (and flips it when negative); the bias b slides it sideways, so the
    sigmoid's step (and ReLU's bend) sits where w·x + b = 0, at x = −b/w.
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be 'sigmoid' or 'relu', got {activation!r}")
    return ACTIVATIONS[activation](w * np.asarray(x, dtype=float) + b)


def step_position(w, b):
    """The input x where w·x + b = 0 (the sigmoid's midpoint, ReLU's bend), or None if w == 0."""
    return None if w == 0 else -b / w + 0.0  # + 0.0 turns -0.0 into 0.0


def slope_report(z_max=10.0, at=5.0):
    """How steep the sigmoid is: its largest slope (where it sits) and, at ``z = at``, the
    slopes of the sigmoid and of ReLU, as a printable report in the reader's language.

    The largest slope is searched on a grid of step 0.001 from −z_max to z_max, so the
    report shows what a reader computing it by hand would find: 1/4, at z = 0.
    """
    z = np.linspace(-z_max, z_max, int(round(2 * z_max * 1000)) + 1)
    slope = reference.sigmoid_prime(z)
    top, where = float(slope.max()), float(z[slope.argmax()]) + 0.0
    sig, rel = float(reference.sigmoid_prime(at)), float(reference.relu_prime(at))
    return Lines([
        T("largest slope of the sigmoid: {top:.4f} at z = {where:.1f}",
          "sigmoid 函数的最大斜率：{top:.4f}，在 z = {where:.1f} 处").format(top=top, where=where),
        T("slope at z = {at:g}: sigmoid {sig:.4f}, ReLU {rel:.0f}",
          "z = {at:g} 处的斜率：sigmoid 函数 {sig:.4f}，ReLU {rel:.0f}").format(
              at=at, sig=sig, rel=rel),
    ])
