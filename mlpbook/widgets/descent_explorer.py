"""Chapter 5's descent explorer: a ball rolling downhill on a cost of one input.

The reader sets where the descent starts, the learning rate η and the number of steps; the
path of steps w ← w − η·C′(w) is drawn on the cost curve, with where it ended and the length
of each step (long on steep ground, short near a valley's bottom, growing when η is too
large). A play button replays the steps one by one. All of that is computed and drawn by
``descent_explorer.js`` in the browser, so it also responds on the static website. Its maths
is :func:`mlpbook.lessons.descent.cost1d`, :func:`mlpbook.lessons.descent.slope1d` and
:func:`mlpbook.lessons.descent.descend`, whose JavaScript twins ``cost1d``, ``slope1d`` and
``descend`` are tested equal to them (both run in double precision).

The learning rate spans three orders of magnitude, so its slider moves along log10(η):
each step of the slider multiplies η by the same factor, and the readout shows η itself.
"""

from __future__ import annotations

import numpy as np
import traitlets

from ..lessons.descent import COST1D_RANGE, cost1d, descend, slope1d, step_sizes
from ._base import BookWidget, check_number

__all__ = ["DescentExplorer", "descent_explorer", "START_RANGE", "LR_RANGE", "STEPS_RANGE"]

#: The start slider's range and step (inside the drawn range of the cost, COST1D_RANGE).
START_RANGE = (COST1D_RANGE[0] + 0.2, COST1D_RANGE[1] - 0.2, 0.05)
#: The learning rate's range (its slider is logarithmic).
LR_RANGE = (1e-3, 2.0)
#: The range of the number of steps.
STEPS_RANGE = (0, 100)


def _check_lr(value):
    return check_number("the learning rate lr", value, *LR_RANGE,
                        hint="; it must be a positive number (steps go downhill)")


def _check_steps(value):
    lo, hi = STEPS_RANGE
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
            or not lo <= value <= hi:
        raise ValueError(f"steps must be a whole number in {lo}..{hi}, got {value!r}")
    return int(value)


class DescentExplorer(BookWidget):
    """Gradient descent on :func:`mlpbook.lessons.descent.cost1d`: start, learning rate, steps.

    ``start`` is the first w (in START_RANGE), ``lr`` the learning rate η (in LR_RANGE),
    ``steps`` how many steps to take (0..100). ``language`` picks the text ("en", "zh").
    """

    _module = "descent_explorer"

    start = traitlets.Float(-2.0).tag(sync=True)
    lr = traitlets.Float(0.05).tag(sync=True)
    steps = traitlets.Int(30).tag(sync=True)
    language = traitlets.Unicode("en").tag(sync=True)

    def __init__(self, start=-2.0, lr=0.05, steps=30, **kwargs):
        super().__init__(start=check_number("start", start, *START_RANGE[:2]),
                         lr=_check_lr(lr), steps=_check_steps(steps), **kwargs)

    @traitlets.validate("start")
    def _valid_start(self, proposal):
        return check_number("start", proposal["value"], *START_RANGE[:2])

    @traitlets.validate("lr")
    def _valid_lr(self, proposal):
        return _check_lr(proposal["value"])

    @traitlets.validate("steps")
    def _valid_steps(self, proposal):
        return _check_steps(proposal["value"])

    # What the figure shows, computed in Python (for checks and for tests of the page).
    def path(self):
        """The descent path for the current settings: start first, then one w per step."""
        return descend(slope1d, self.start, self.lr, self.steps)

    def end(self):
        """Where the path ended: ``(w, C(w))``."""
        w = float(self.path()[-1])
        return w, float(cost1d(w))

    def step_lengths(self):
        """Length of each step of the path."""
        return step_sizes(self.path())


def descent_explorer(start=-2.0, lr=0.05, steps=30):
    """The chapter's name for :class:`DescentExplorer` (kept so the notebooks read the same)."""
    return DescentExplorer(start=start, lr=lr, steps=steps)
