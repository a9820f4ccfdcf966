"""Chapter 4's cost explorer: how the quadratic cost and the cross-entropy judge one output.

The reader picks the right digit, the output the network gives it and where the rest of the
output goes (spread evenly over the other nine digits, or all on one rival). The ten outputs
are drawn against the desired one-hot output, both costs as curves against the right digit's
output with the current setting marked, and both numbers follow at once. All of that is
drawn by ``cost_explorer.js`` in the browser, so it also responds on the static website.
Its maths is :func:`mlpbook.lessons.cost.confident_output` and :func:`mlpbook.lessons.cost.output_costs`,
whose JavaScript twins ``confidentOutput`` and ``outputCosts`` are tested equal to them.
"""

from __future__ import annotations

import math

import numpy as np
import traitlets

from ..lessons.cost import confident_output, output_costs
from ._base import BookWidget

__all__ = ["CostExplorer", "cost_explorer", "CONFIDENCE_RANGE"]

#: The range and step of the slider for the right digit's output.
CONFIDENCE_RANGE = (0.01, 0.99, 0.01)


def _check_digit(name, value):
    """``value`` as a digit 0..9, or a ValueError that says what to pass."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
            or not 0 <= value <= 9:
        raise ValueError(f"{name} must be a digit, a whole number in 0..9, got {value!r}")
    return int(value)


def _check_rival(value):
    """None (spread the rest evenly) or a digit that gets all the rest."""
    return None if value is None else _check_digit("rival (the digit that gets the rest)", value)


def _check_confidence(value):
    """The right digit's output: a float strictly between 0 and 1."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"confidence must be a number between 0 and 1, got {value!r}") from None
    if not math.isfinite(number) or not 0.0 < number < 1.0:
        raise ValueError(f"confidence (the right digit's output) must lie strictly between "
                         f"0 and 1, got {number}; the slider spans "
                         f"{CONFIDENCE_RANGE[0]}..{CONFIDENCE_RANGE[1]}")
    return number


class CostExplorer(BookWidget):
    """The right digit, its output and where the rest goes; both costs of that output.

    ``label`` is the right digit (0..9), ``confidence`` the output the network gives it
    (strictly between 0 and 1), ``rival`` None to spread the rest evenly over the other
    digits or a digit that gets all of it. ``language`` picks the widget's text ("en", "zh").
    """

    _module = "cost_explorer"

    label = traitlets.Int(3).tag(sync=True)
    confidence = traitlets.Float(0.5).tag(sync=True)
    rival = traitlets.Int(None, allow_none=True).tag(sync=True)
    language = traitlets.Unicode("en").tag(sync=True)

    def __init__(self, label=3, confidence=0.5, rival=None, **kwargs):
        super().__init__(label=_check_digit("label (the right digit)", label),
                         confidence=_check_confidence(confidence),
                         rival=_check_rival(rival), **kwargs)

    @traitlets.validate("label")
    def _valid_label(self, proposal):
        return _check_digit("label (the right digit)", proposal["value"])

    @traitlets.validate("confidence")
    def _valid_confidence(self, proposal):
        return _check_confidence(proposal["value"])

    @traitlets.validate("rival")
    def _valid_rival(self, proposal):
        return _check_rival(proposal["value"])

    # What the figure shows, computed in Python (for checks and for tests of the page).
    def output(self):
        """The ten outputs for the current setting (they add up to 1)."""
        return confident_output(self.label, self.confidence, self.rival)

    def costs(self):
        """Both costs of the current output (the dict of :func:`mlpbook.lessons.cost.output_costs`)."""
        return output_costs(self.output(), self.label)


def cost_explorer(label=3, confidence=0.5, rival=None):
    """The chapter's name for :class:`CostExplorer` (kept so the notebooks read the same)."""
    return CostExplorer(label=label, confidence=confidence, rival=rival)
