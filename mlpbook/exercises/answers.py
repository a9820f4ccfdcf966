"""Answers that are values, declared once and checked in two places: in Python and in the page.

An exercise whose answer is a value (a number, a few numbers, a set of letters, a pair of
digits) declares it here: the expected value, the tolerance, the known mistakes with their
messages, the forms it may be typed in. From that one declaration

* :meth:`judge` checks an answer in Python (``ex.q1.check(answer)``: a number, an array, or
  the text a reader typed, read by :mod:`.reading`), and
* :meth:`spec` writes everything the page's checker needs (``mlpbook/widgets/_exercise.js``):
  the same rules and the same messages in the page's language, so the website's answer box
  gives the same verdict and the same diagnosis with no Python behind it.

A rule is a condition and a message, tried in order; the first that holds decides. A mistake
that is *computed* ("half the answer", "the cost instead of w") is computed here, once, when
the exercise is defined; what depends on the reader's value (``{value:g}`` in a message) is
filled in when the answer is judged, by Python or by the page in the same format.

Answers whose possible values are few (a set of five letters, a pair of digits) are judged by
a plain Python function, and :meth:`spec` runs it on every possible value: the page looks the
verdict up, so no rule is written twice.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from ..i18n import T, get_language
from . import reading
from .checking import Wrong, as_array, as_number
from .reading import Unreadable

__all__ = ["Near", "Between", "Outside", "NotWhole", "Rule", "NumberAnswer", "VectorAnswer",
           "LettersAnswer", "DigitPairAnswer", "Xor221Answer", "separable", "Wrong"]


def _text(value, language):
    """A text (str or :class:`T`) in ``language``."""
    if isinstance(value, T):
        return (value.zh if language == "zh" and value.zh else value.en)
    return str(value)


def isclose(a, b, rel, abs_tol):
    """math.isclose, written out: the page computes exactly this."""
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_tol)


# --------------------------------------------------------------------------- conditions
class Near:
    """The value is within the tolerance of ``value`` (math.isclose); ``rel``/``abs_tol``
    default to the answer's own tolerance."""

    def __init__(self, value, rel=None, abs_tol=None):
        self.value, self.rel, self.abs_tol = float(value), rel, abs_tol

    def holds(self, x, answer):
        rel = answer.rel if self.rel is None else self.rel
        abs_tol = answer.abs_tol if self.abs_tol is None else self.abs_tol
        return isclose(x, self.value, rel, abs_tol)

    def spec(self, answer):
        return {"near": self.value,
                "rel": answer.rel if self.rel is None else self.rel,
                "abs": answer.abs_tol if self.abs_tol is None else self.abs_tol}


class Between:
    """``lo < x < hi``, each end included when its flag says so."""

    def __init__(self, lo, hi, lo_in=True, hi_in=True):
        self.lo, self.hi, self.lo_in, self.hi_in = float(lo), float(hi), lo_in, hi_in

    def holds(self, x, answer):
        above = x >= self.lo if self.lo_in else x > self.lo
        below = x <= self.hi if self.hi_in else x < self.hi
        return above and below

    def spec(self, answer):
        return {"between": [self.lo, self.hi, self.lo_in, self.hi_in]}


class Outside(Between):
    """Not in ``[lo, hi]``."""

    def holds(self, x, answer):
        return not super().holds(x, answer)

    def spec(self, answer):
        return {"outside": [self.lo, self.hi, self.lo_in, self.hi_in]}


class NotWhole:
    """The value is not a whole number."""

    def holds(self, x, answer):
        return x != int(x)

    def spec(self, answer):
        return {"not_whole": True}


class Rule:
    """When every condition holds: the answer is right (``right=True``) or gets ``message``."""

    def __init__(self, *conditions, message, right=False):
        self.conditions, self.message, self.right = conditions, message, right

    def holds(self, x, answer):
        return all(c.holds(x, answer) for c in self.conditions)

    def spec(self, answer, language):
        return {"if": [c.spec(answer) for c in self.conditions], "right": self.right,
                "message": _text(self.message, language)}


WELL_DONE = T("Well done.", "做得好！")
_ENOUGH_DIGITS = T("{n} significant digits are enough.", "保留 {n} 位有效数字就够了。")


def digits_tolerance(digits):
    """The relative tolerance that accepts any value rounded to ``digits`` significant digits."""
    return 0.5 * 10.0 ** (1 - digits)


def _accuracy(digits, language):
    return _text(_ENOUGH_DIGITS.format(n=digits), language) if digits else ""
MARKS = {"right": T("✓ Correct", "✓ 正确"), "wrong": T("✗ Not yet", "✗ 还不对")}


class ValueAnswer:
    """What every value answer has: the reader's words for it (``what``), the message when
    it is right (``praise``), how the page reads typed text, and the two verbs."""

    kind = ""

    def __init__(self, what, praise=None):
        self.what = what
        self.praise = praise or WELL_DONE

    def judge(self, answer):
        """Return the praise (right) or raise :class:`Wrong` with the diagnosis."""
        raise NotImplementedError

    def reference(self):
        """A right answer, as Python would pass it to ``check``."""
        raise NotImplementedError

    def spec(self, language=None):
        """Everything the page's checker needs, as JSON-ready data in ``language``."""
        language = language or get_language()
        return {"kind": self.kind, "what": _text(self.what, language),
                "praise": _text(self.praise, language),
                "marks": {k: _text(v, language) for k, v in MARKS.items()},
                "reading": reading.messages_for_page(language),
                **self._spec(language)}

    def _spec(self, language):
        raise NotImplementedError


def _unreadable(error):
    raise Wrong(error.message()) from None


# --------------------------------------------------------------------------- numbers
class NumberAnswer(ValueAnswer):
    """One number.

    ``expected`` within ``rel``/``abs_tol`` (math.isclose) is right. The rules are tried in
    this order: ``before``; for a ``whole`` answer, a value near the expected one that is not
    a whole number gets the ``whole`` message; the expected value; ``mistakes`` (pairs of a
    value, or a :class:`Near`, and its message); ``after``; then ``otherwise``, a message that
    may show the reader's value as ``{value:g}``.

    ``fractions``: a typed ``1/3`` is read. A whole-number answer reads ``13,002`` too.
    ``digits``: an answer rounded to that many significant digits is right (the tolerance
    is then half a unit of the last digit, relative), and the page says so.
    """

    kind = "number"
    DEFAULT_OTHERWISE = T("{value:g} is not right. Check each step of your computation, or "
                          "open a hint.",
                          "{value:g} 不对。检查计算的每一步，或者打开一个提示。")

    def __init__(self, expected, *, what, rel=1e-6, abs_tol=1e-9, mistakes=(), before=(),
                 after=(), whole=None, praise=None, otherwise=None, fractions=False,
                 digits=None):
        super().__init__(what, praise)
        self.expected = float(expected)
        self.digits = digits
        self.rel, self.abs_tol = (rel, abs_tol) if digits is None else (digits_tolerance(digits), 0)
        self.whole, self.fractions = whole, fractions
        self.otherwise = otherwise or self.DEFAULT_OTHERWISE
        right = Near(self.expected)
        self.rules = [*before]
        if whole is not None:
            self.rules.append(Rule(right, NotWhole(), message=whole))
        self.rules.append(Rule(right, message=self.praise, right=True))
        for value, message in mistakes:
            self.rules.append(Rule(value if isinstance(value, Near) else Near(value),
                                   message=message))
        self.rules.extend(after)

    def reference(self):
        return int(self.expected) if self.whole is not None else self.expected

    def value_of(self, answer):
        """The reader's answer as a float, or Wrong saying what it is instead."""
        if isinstance(answer, str):
            try:
                return reading.read_number(answer, fractions=self.fractions,
                                           whole=self.whole is not None)
            except Unreadable as error:
                _unreadable(error)
        return as_number(answer, self.what)

    def judge(self, answer):
        value = self.value_of(answer)
        for rule in self.rules:
            if rule.holds(value, self):
                if rule.right:
                    return rule.message
                raise Wrong(rule.message)
        raise Wrong(self.otherwise.format(value=value))

    def _spec(self, language):
        return {"fractions": self.fractions, "whole": self.whole is not None,
                "accuracy": _accuracy(self.digits, language),
                "rules": [rule.spec(self, language) for rule in self.rules],
                "otherwise": _text(self.otherwise, language)}


# --------------------------------------------------------------------------- vectors
class VectorAnswer(ValueAnswer):
    """A few numbers, as a flat array: right when ``np.allclose(answer, expected, rtol,
    atol)``; ``mistakes`` are pairs of an array and its message; otherwise the message names
    the entry that is furthest off."""

    kind = "vector"
    OTHERWISE = T("Not right yet: for example at index {at} you have {got:.6g} where {want:.6g} "
                  "is expected.",
                  "还不对：例如在下标 {at} 处，你的值是 {got:.6g}，应为 {want:.6g}。")

    def __init__(self, expected, *, what, rtol=1e-6, atol=1e-9, mistakes=(), praise=None,
                 digits=None):
        super().__init__(what, praise)
        self.expected = np.asarray(expected, dtype=float).reshape(-1)
        self.digits = digits
        self.rtol, self.atol = (rtol, atol) if digits is None else (digits_tolerance(digits), 0)
        self.mistakes = [(np.asarray(v, dtype=float).reshape(-1), m) for v, m in mistakes]

    def reference(self):
        return self.expected.copy()

    def _close(self, arr, target):
        return bool(np.all(np.abs(arr - target) <= self.atol + self.rtol * np.abs(target)))

    def value_of(self, answer):
        if isinstance(answer, str):
            try:
                return np.array(reading.read_numbers(answer, len(self.expected), self.what))
            except Unreadable as error:
                _unreadable(error)
        return as_array(answer, self.expected.shape, self.what)

    def judge(self, answer):
        arr = self.value_of(answer)
        if self._close(arr, self.expected):
            return self.praise
        for wrong, message in self.mistakes:
            if self._close(arr, wrong):
                raise Wrong(message)
        worst = int(np.argmax(np.abs(arr - self.expected)))
        raise Wrong(self.OTHERWISE.format(at=(worst,), got=arr[worst], want=self.expected[worst]))

    def _spec(self, language):
        return {"n": len(self.expected), "expected": self.expected.tolist(),
                "accuracy": _accuracy(self.digits, language),
                "rtol": self.rtol, "atol": self.atol,
                "mistakes": [{"value": v.tolist(), "message": _text(m, language)}
                             for v, m in self.mistakes],
                "otherwise": _text(self.OTHERWISE, language)}


# --------------------------------------------------------------------------- few values
class _TableAnswer(ValueAnswer):
    """An answer with few possible values, judged by ``rule(value)`` (returns the praise or
    raises Wrong); the page gets the verdict of every possible value."""

    def __init__(self, rule, expected, *, what, praise=None):
        super().__init__(what, praise)
        self.rule, self.expected = rule, expected

    def reference(self):
        return self.expected

    def possible(self):
        """Every value the page can read, as (key, value)."""
        raise NotImplementedError

    def judge(self, answer):
        return self.rule(self.value_of(answer))

    def table(self, language):
        verdicts = {}
        for key, value in self.possible():
            try:
                verdicts[key] = [True, _text(self.rule(value) or self.praise, language)]
            except Wrong as wrong:
                verdicts[key] = [False, _text(wrong.args[0], language)]
        return verdicts


class LettersAnswer(_TableAnswer):
    """A set of letters naming choices (``choices``: a dict letter -> text, in order):
    typed ``cde``, ``C, D, E``, or given as a string or a list of strings."""

    kind = "letters"
    NOT_LETTERS = T("Answer with the letters of your choices, as a string such as \"ab\" (or a "
                    "list such as [\"a\", \"b\"]).",
                    "请用所选选项的字母作答，写成一个字符串，例如 \"ab\"（或一个列表，例如 "
                    "[\"a\", \"b\"]）。")

    def __init__(self, rule, expected, *, choices, what, praise=None):
        super().__init__(rule, expected, what=what, praise=praise)
        self.choices = "".join(choices)

    def value_of(self, answer):
        if isinstance(answer, (list, tuple, set, frozenset)) \
                and all(isinstance(item, str) for item in answer):
            answer = " ".join(answer)
        if not isinstance(answer, str):
            raise Wrong(self.NOT_LETTERS)
        try:
            return frozenset(reading.read_letters(answer, self.choices))
        except Unreadable as error:
            _unreadable(error)

    def possible(self):
        for n in range(1, len(self.choices) + 1):
            for letters in itertools.combinations(self.choices, n):
                yield "".join(letters), frozenset(letters)

    def _spec(self, language):
        return {"choices": self.choices, "verdicts": self.table(language)}


class DigitPairAnswer(_TableAnswer):
    """Two digits 0-9 in order, such as (true digit, predicted digit): typed ``(7, 2)``,
    ``7 2`` or ``7,2``. In Python a tuple, list or array is read by ``read_object`` (the
    exercise's own reader, which may accept more forms) when given."""

    kind = "digit_pair"

    def __init__(self, rule, expected, *, what, not_digits, praise=None, read_object=None):
        super().__init__(rule, expected, what=what, praise=praise)
        self.not_digits, self.read_object = not_digits, read_object

    def value_of(self, answer):
        if not isinstance(answer, str):
            if self.read_object is not None:
                return self.read_object(answer)
            raise Wrong(reading.MESSAGES["count_one"].format(m=2, what=self.what))
        try:
            values = reading.read_numbers(answer, 2, self.what)
        except Unreadable as error:
            _unreadable(error)
        if any(v != int(v) or not 0 <= v <= 9 for v in values):
            raise Wrong(self.not_digits)
        return int(values[0]), int(values[1])

    def possible(self):
        for a in range(10):
            for b in range(10):
                yield f"{a},{b}", (a, b)

    def _spec(self, language):
        return {"not_digits": _text(self.not_digits, language), "verdicts": self.table(language)}


# --------------------------------------------------------------------------- a tiny network
def separable(points, labels):
    """Whether one straight line separates the points of label 1 from those of label 0
    (strictly: no point on the line).

    The order of the points projected on a direction changes only where the direction
    crosses a normal of the line through two of them, so one direction in the middle of
    each arc between those critical directions sees every order there is; the sets are
    separable when, for one of them, every class-1 point projects above every class-0
    point. (The page's twin, ``separable`` in ``_exercise.js``, is the same loop.)
    """
    pts = [(float(x), float(y)) for x, y in points]
    ones = [lab > 0.5 for lab in labels]
    critical = []
    for i in range(len(pts)):
        for j in range(i + 1, len(pts)):
            dx, dy = pts[j][0] - pts[i][0], pts[j][1] - pts[i][1]
            if dx == 0 and dy == 0:
                continue
            angle = math.atan2(dx, -dy) % (2 * math.pi)
            critical += [angle, (angle + math.pi) % (2 * math.pi)]
    critical = sorted(critical) or [0.0]
    wrapped = critical[1:] + [critical[0] + 2 * math.pi]
    for a, b in zip(critical, wrapped):
        c, s = math.cos(0.5 * (a + b)), math.sin(0.5 * (a + b))
        proj = [c * x + s * y for x, y in pts]
        high = [p for p, one in zip(proj, ones) if one]
        low = [p for p, one in zip(proj, ones) if not one]
        if not high or not low or min(high) > max(low):
            return True
    return False


class Xor221Answer(ValueAnswer):
    """The nine parameters ``[w11, w12, b1, w21, w22, b2, v1, v2, c]`` of a 2-2-1 sigmoid
    network that should compute XOR on the four corners: class 1 above ``1 - margin``,
    class 0 below ``margin``.

    The verdict is computed from the network's outputs: right and confident (``praise``),
    right but unsure (``unsure``), every corner wrong (``opposite``), a hidden layer that
    leaves the classes tangled (``tangled``, no line separates them in the (h1, h2) plane),
    else an output line in the wrong place (``wrong_line``). Messages may show
    ``{shown}`` (the four outputs) and ``{where}`` (where the hidden layer puts each corner).
    ``read_object`` reads what Python may pass (a list, an array, a dict of parameters).
    """

    kind = "xor221"
    POINTS = ((0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0))
    LABELS = (0.0, 1.0, 1.0, 0.0)

    def __init__(self, expected, *, what, margin, praise, unsure, opposite, tangled, wrong_line,
                 read_object):
        super().__init__(what, praise)
        self.expected = [float(v) for v in expected]
        self.margin = margin
        self.messages = {"unsure": unsure, "opposite": opposite, "tangled": tangled,
                         "wrong_line": wrong_line}
        self.read_object = read_object

    def reference(self):
        return list(self.expected)

    @staticmethod
    def forward(v, points):
        """Hidden activations and output for each point (the same sums as the page)."""
        from ..engine.reference import sigmoid

        hidden, out = [], []
        for x1, x2 in points:
            h1 = float(sigmoid(v[0] * x1 + v[1] * x2 + v[2]))
            h2 = float(sigmoid(v[3] * x1 + v[4] * x2 + v[5]))
            hidden.append((h1, h2))
            out.append(float(sigmoid(v[6] * h1 + v[7] * h2 + v[8])))
        return hidden, out

    def value_of(self, answer):
        if isinstance(answer, str):
            try:
                return reading.read_numbers(answer, 9, self.what)
            except Unreadable as error:
                _unreadable(error)
        return [float(x) for x in self.read_object(answer)]

    def judge(self, answer):
        v = self.value_of(answer)
        hidden, out = self.forward(v, self.POINTS)
        shown = ", ".join(f"{a:.2f}" for a in out)
        right = [(a > 0.5) == (y > 0.5) for a, y in zip(out, self.LABELS)]
        if all(right):
            sure = all(a > 1 - self.margin if y > 0.5 else a < self.margin
                       for a, y in zip(out, self.LABELS))
            if sure:
                return self.praise.format(shown=shown)
            raise Wrong(self.messages["unsure"].format(shown=shown))
        if not any(right):
            raise Wrong(self.messages["opposite"].format(shown=shown))
        if not separable(hidden, self.LABELS):
            where = "; ".join(f"({x[0]:.0f}, {x[1]:.0f}) → ({h[0]:.2f}, {h[1]:.2f})"
                              for x, h in zip(self.POINTS, hidden))
            raise Wrong(self.messages["tangled"].format(where=where))
        raise Wrong(self.messages["wrong_line"].format(shown=shown))

    def _spec(self, language):
        return {"points": [list(p) for p in self.POINTS], "labels": list(self.LABELS),
                "margin": self.margin,
                "messages": {k: _text(m, language) for k, m in self.messages.items()}}
