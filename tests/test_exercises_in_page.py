"""Value exercises check themselves in the page exactly as Python checks them.

Every value exercise (a number, a vector, letters, a pair of digits, nine network
parameters) is judged twice on the same typed inputs, in both languages: by Python,
``ex.check(text)``, and by the page's checker (``answer_box.js`` with ``_exercise.js``)
in headless Chromium, from the spec the book embeds in the page. Verdict and message must be
the same for the right answer, every listed mistake, other wrong answers, and text that
cannot be read. The number formats the messages use (Python's ``g`` and ``.Nf``) are
compared on their own, ties and extremes included.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import mlpbook
from mlpbook.exercises.answers import (DigitPairAnswer, LettersAnswer, Near, NumberAnswer,
                                       VectorAnswer, Xor221Answer)
from test_exercises import ALL

VALUE = [(chapter, ex) for chapter, ex in ALL if ex.in_page]
VALUE_IDS = [ex.key for _, ex in VALUE]
PARTS = ("_exercise",)

# Text a reader might type that is no answer, or an answer in an unusual form.
ODD_TEXT = ["", "   ", "abc", "1/0", "1/3", "0,5", "1 2", "[1, 2", "nan", "inf", "1e400", "½",
            "３.５", "−2", "answer = 3", "50%", "13,002", "1_000", "0.3 or 3.0", "7.", ".5e1",
            "--1", "1e", "(2)", "x = [1]", "np.array([1, 2])"]


@pytest.fixture(scope="module")
def page_checker(chromium, widget_site):
    """The page's exercise module loaded once in Chromium: ``call(fn, *args)``."""
    from browser import PageWatch
    from widget_browser import CALL_EXPORT, module_source

    _, url = widget_site
    watch = PageWatch(chromium)
    watch.page.goto(f"{url}/", wait_until="load")
    src = module_source("answer_box", PARTS)

    def call(fn, *args):
        return watch.page.evaluate(CALL_EXPORT, {"name": "answer_box", "src": src, "fn": fn,
                                                 "args": list(args)})

    yield call
    assert not watch.problems(), watch.problems()
    watch.close()


def typed(value):
    """How a reader would type ``value``."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, np.ndarray)):
        return "[" + ", ".join(typed(v) for v in np.asarray(value, dtype=float).ravel()) + "]"
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def inputs(ex):
    """At least ten texts for one exercise: right, every known mistake, other wrong ones,
    unreadable ones."""
    answer = ex.answer
    texts = [typed(ex.reference)] + [typed(wrong) for wrong, _ in ex.mistakes
                                     if not callable(wrong)]
    if isinstance(answer, NumberAnswer):
        x = answer.expected
        for rule in answer.rules:
            for condition in rule.conditions:
                if isinstance(condition, Near):
                    texts.append(typed(condition.value))
        texts += [typed(x * 1.37 + 0.11), typed(-x - 1), "1000000000", "0", "12345.678",
                  typed(x * (1 + 0.9 * answer.rel) if answer.rel else x + 0.9 * answer.abs_tol),
                  "0.5", "85.2", "-3e-4"]
    elif isinstance(answer, VectorAnswer):
        e = answer.expected
        texts += [typed(v) for v, _ in answer.mistakes]
        texts += ["np.array(" + typed(e) + ")", " ".join(typed(v) for v in e), typed(e[:1]),
                  typed(list(e) + [1.0]), typed(e * 1.5), typed(np.round(e, 3)),
                  typed(np.round(e, 2)), "[x, 1]"]
    elif isinstance(answer, LettersAnswer):
        choices = answer.choices
        for n in range(1, len(choices) + 1):
            texts += ["".join(c) for c in itertools.combinations(choices, n)]
        texts += ["C, D, E", "(c) and (e)", "c和e", "xyz", "123", "A B", "e d c"]
    elif isinstance(answer, DigitPairAnswer):
        texts += [f"{a}, {b}" for a in range(10) for b in range(10)]
        texts += ["(7, 2)", "7 2", "7,2,22", "7.5, 2", "10, 2", "a, b", "7"]
    elif isinstance(answer, Xor221Answer):
        rng = np.random.default_rng(14)
        texts += [typed(rng.normal(0, 8, 9).round(2)) for _ in range(40)]
        texts += [typed([v * k for v in ex.reference]) for k in (0.1, 0.3, -1, 3)]
        texts += ["1 2 3", typed([0] * 9)]
    return texts + ODD_TEXT


def python_verdicts(ex, texts, language):
    mlpbook.set_language(language)
    try:
        out = []
        for text in texts:
            feedback = ex._judge(text)
            out.append({"right": feedback.correct, "message": feedback.message})
        return out
    finally:
        mlpbook.set_language("en")


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("chapter,ex", VALUE, ids=VALUE_IDS)
def test_the_page_judges_as_python_does(chapter, ex, language, page_checker):
    texts = inputs(ex)
    assert len(set(texts)) >= 10
    page = page_checker("checkAll", ex.answer.spec(language), texts)
    python = python_verdicts(ex, texts, language)
    differ = [(t, p, j) for t, p, j in zip(texts, python, page) if p != j]
    assert not differ, "\n".join(f"{t!r}:\n  python {p}\n  page   {j}" for t, p, j in differ[:5])
    # The inputs do reach every verdict: right, wrong, and unreadable text.
    assert any(p["right"] for p in python) and not all(p["right"] for p in python)


def test_every_value_exercise_is_checkable_in_the_page():
    assert len(VALUE) >= 21
    kinds = {ex.answer.kind for _, ex in VALUE}  # (a measured number is a NumberAnswer too)
    assert kinds == {"number", "vector", "letters", "digit_pair", "xor221"}


@pytest.mark.parametrize("chapter,ex", VALUE, ids=VALUE_IDS)
def test_the_typed_reference_and_mistakes(chapter, ex):
    """The right answer typed is right; each typed mistake gets its own message."""
    assert ex.accepts(typed(ex.reference))
    for wrong, phrase in ex.mistakes:
        if callable(wrong):
            continue
        feedback = ex._judge(typed(wrong))
        assert not feedback.correct and phrase.lower() in feedback.message.lower(), \
            (wrong, feedback.message)


# Values whose formatting is delicate: exact ties (Python rounds them to even), values just
# below a power of ten, the smallest and largest doubles, negative zero.
FORMAT_VALUES = [0.0, -0.0, 0.125, 0.375, 2.5, 3.5, -2.5, 1234565.0, 9.9999995, 99999.95,
                 999999.5, 1e-5, 1.5e-5, 0.0001, 123456.0, 1234567.0, 1e16, 5e-324,
                 1.7976931348623157e308, 0.1 + 0.2, 1 / 3, -7.25e-7, 100.0, 0.05, 0.015,
                 0.025, 1.005, 2.675, 0.7, 0.73, 1500000.0, 7850.0, 13002.0, 0.3]


def test_number_formats_are_pythons(page_checker):
    rng = np.random.default_rng(7)
    values = FORMAT_VALUES + list(rng.normal(0, 1, 200)) \
        + list(10.0 ** rng.uniform(-8, 12, 200) * rng.choice([-1, 1], 200)) \
        + [round(v, 3) for v in rng.uniform(-2, 2, 100)]
    values = [float(v) for v in values]
    call = page_checker
    cases = [("formatG", 6, "g"), ("formatG", 3, ".3g"), ("formatFixed", 2, ".2f"),
             ("formatFixed", 0, ".0f"), ("formatFixed", 1, ".1f")]
    for fn, arg, spec in cases:
        page = call("formatMany", fn, values, arg)
        python = [format(v, spec) for v in values]
        differ = [(v, p, j) for v, p, j in zip(values, python, page) if p != j]
        assert not differ, f"{spec}: " + ", ".join(f"{v!r}: {p} vs {j}" for v, p, j in differ[:5])


def test_separable_twins_agree(page_checker):
    from mlpbook.exercises.answers import separable

    rng = np.random.default_rng(3)
    cases = [([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]),
             ([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 1]),
             ([[0.5, 0.5], [0.5, 0.5], [1, 0], [0, 1]], [0, 1, 1, 0]),
             ([[0.2, 0.2]] * 4, [0, 1, 1, 0])]
    cases += [(rng.random((4, 2)).round(3).tolist(), [0, 1, 1, 0]) for _ in range(60)]
    page = page_checker("separableMany", cases)
    python = [separable(points, labels) for points, labels in cases]
    assert page == python
    assert python[0] is False and python[1] is True and python[2] is False
    assert True in python[4:] and False in python[4:]


def test_no_mistake_is_within_the_right_answers_tolerance():
    """A listed mistake must never be accepted: its value lies outside the tolerance."""
    for _, ex in VALUE:
        answer = ex.answer
        if isinstance(answer, NumberAnswer):
            for rule in answer.rules:
                near = [c for c in rule.conditions if isinstance(c, Near)]
                if not rule.right and near and len(rule.conditions) == 1:
                    x = near[0].value
                    assert not math.isclose(x, answer.expected, rel_tol=answer.rel,
                                            abs_tol=answer.abs_tol), (ex.key, x)


def declared_mistakes(answer):
    """The mistakes a number or vector answer declares: (value, message) pairs, in the order
    they are tried. (Letters, digit pairs and the XOR network judge by a rule function, whose
    verdicts the page looks up: their listed mistakes are checked below.)"""
    if isinstance(answer, NumberAnswer):
        return [(rule.conditions[0].value, rule.message) for rule in answer.rules
                if not rule.right and len(rule.conditions) == 1
                and isinstance(rule.conditions[0], Near)]
    if isinstance(answer, VectorAnswer):
        return list(answer.mistakes)
    return []


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("chapter,ex", VALUE, ids=VALUE_IDS)
def test_each_declared_mistake_gets_its_own_message(chapter, ex, language):
    """Every declared mistake is a value of its own (not the answer, not another mistake,
    none hiding behind an earlier rule) and Python's check tells it apart: a reader who
    made mistake A is never told about mistake B."""
    answer = ex.answer
    declared = declared_mistakes(answer)
    mlpbook.set_language(language)
    try:
        for i, (value, message) in enumerate(declared):
            want = str(message)
            feedback = ex._judge(value)
            assert not feedback.correct, (ex.key, value, "the mistake is accepted")
            assert feedback.message == want, (ex.key, value, feedback.message, want)
            for other, _ in declared[:i]:
                assert not np.allclose(value, other, rtol=1e-9, atol=0), (ex.key, value, other)
        shown = [ex._judge(wrong).message for wrong, _ in ex.mistakes]
        assert len(set(shown)) == len(shown), (ex.key, "two listed mistakes share a message")
        messages = [str(m) for _, m in declared]
        assert len(set(messages)) == len(messages), (ex.key, "two mistakes, one message")
    finally:
        mlpbook.set_language("en")

