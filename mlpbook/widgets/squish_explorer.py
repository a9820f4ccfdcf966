"""Chapter 3's squish explorer: a weight and a bias shape one neuron's activation, f(w·x + b).

The reader moves w and b and switches between the sigmoid and ReLU; the curve, its
midpoint x = −b/w and the formula with the current numbers follow at once. All of that is
drawn by ``squish_explorer.js`` in the browser, so it also responds on the static website.
Its maths is :func:`mlpbook.lessons.activations.squish_curve` and
:func:`mlpbook.lessons.activations.step_position`, whose JavaScript twins ``squishCurve`` and
``stepPosition`` are tested equal to them.
"""

from __future__ import annotations

import traitlets

from ..lessons.activations import ACTIVATIONS, squish_curve, step_position
from ._base import BookWidget, check_number

__all__ = ["SquishExplorer", "squish_explorer", "W_RANGE", "B_RANGE"]

#: The weight slider's range and step.
W_RANGE = (-5.0, 10.0, 0.1)
#: The bias slider's range and step.
B_RANGE = (-10.0, 10.0, 0.5)


class SquishExplorer(BookWidget):
    """Sliders for the weight w and bias b of a neuron with one input x; the curve f(w·x + b).

    ``activation`` is "sigmoid" or "relu". The dotted grey curve is f(x) for comparison.
    """

    _module = "squish_explorer"

    w = traitlets.Float(1.0).tag(sync=True)
    b = traitlets.Float(0.0).tag(sync=True)
    activation = traitlets.Unicode("sigmoid").tag(sync=True)
    language = traitlets.Unicode("en").tag(sync=True)

    def __init__(self, w=1.0, b=0.0, activation="sigmoid", **kwargs):
        # checked here too, so that a wrong type is a ValueError like every other mistake
        super().__init__(w=check_number("the weight w", w, *W_RANGE[:2]),
                         b=check_number("the bias b", b, *B_RANGE[:2]),
                         activation=activation, **kwargs)

    @traitlets.validate("w")
    def _valid_w(self, proposal):
        return check_number("the weight w", proposal["value"], *W_RANGE[:2])

    @traitlets.validate("b")
    def _valid_b(self, proposal):
        return check_number("the bias b", proposal["value"], *B_RANGE[:2])

    @traitlets.validate("activation")
    def _valid_activation(self, proposal):
        if proposal["value"] not in ACTIVATIONS:
            raise ValueError(f"activation must be 'sigmoid' or 'relu', "
                             f"got {proposal['value']!r}")
        return proposal["value"]

    # What the figure shows, computed in Python (for checks and for tests of the page).
    def curve(self, x):
        """f(w·x + b) at the input ``x`` for the current settings."""
        return squish_curve(x, self.w, self.b, self.activation)

    def step(self):
        """Where the step (sigmoid) or bend (ReLU) sits, x = −b/w, or None when w = 0."""
        return step_position(self.w, self.b)


def squish_explorer(w=1.0, b=0.0, activation="sigmoid"):
    """The chapter's name for :class:`SquishExplorer` (kept so the notebooks read the same)."""
    return SquishExplorer(w=w, b=b, activation=activation)
