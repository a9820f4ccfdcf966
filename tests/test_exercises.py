"""Every exercise: its reference passes, typical mistakes get their specific feedback,
and garbage never crashes a check."""

import importlib

import numpy as np
import pytest

from mlpbook.exercises import CHAPTERS, Feedback

MODULES = []
for name in CHAPTERS:
    try:
        MODULES.append(importlib.import_module(f"mlpbook.exercises.{name}"))
    except ModuleNotFoundError as exc:
        if exc.name != f"mlpbook.exercises.{name}":
            raise

# Chapter 7's q3 is checked against the module's own run of an experiment on MNIST, which the
# tests do not have: they give it stand-in accuracies (validation and test, one per epoch)
# instead. The book's build runs the real experiment.
importlib.import_module("mlpbook.exercises.ch07").learning_rate_runs(results={
    "asked": {"validation": [0.33, 0.49], "test": [0.32, 0.48]},
    "classic rate": {"validation": [0.80, 0.86], "test": [0.79, 0.84]},
    "asked, classic images": {"validation": [0.69, 0.81], "test": [0.68, 0.80]},
    "classic rate, classic images": {"validation": [0.90, 0.92], "test": [0.89, 0.91]}})

ALL = [(m.EXERCISES.chapter, ex) for m in MODULES for ex in m.EXERCISES]
IDS = [f"{chapter}-{ex.name}" for chapter, ex in ALL]


@pytest.fixture(autouse=True)
def private_progress_file(tmp_path, monkeypatch):
    """Checks write progress to the user cache: keep it in a temporary folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _raises(*args, **kwargs):
    raise RuntimeError("boom inside the reader's function")


GARBAGE = [None, ..., "text", 3.7, -1, object(), [1, 2, 3], {"a": 1}, np.zeros((2, 3)),
           float("nan"), lambda *a, **k: None, _raises, lambda *a, **k: "text", True]


def test_every_chapter_has_three_exercises():
    assert MODULES, "no exercise modules found"
    for module in MODULES:
        assert len(module.EXERCISES.exercises) >= 3, module.__name__


@pytest.mark.parametrize("chapter,ex", ALL, ids=IDS)
def test_reference_solution_passes(chapter, ex):
    feedback = ex.check(ex.reference)
    assert isinstance(feedback, Feedback)
    assert feedback.correct, feedback.message


@pytest.mark.parametrize("chapter,ex", ALL, ids=IDS)
def test_typical_mistakes_get_specific_feedback(chapter, ex):
    assert len(ex.mistakes) >= 2, "each exercise lists at least two typical mistakes"
    for wrong, phrase in ex.mistakes:
        feedback = ex.check(wrong)
        assert not feedback.correct, f"wrong answer {wrong!r} was accepted"
        assert phrase.lower() in feedback.message.lower(), (phrase, feedback.message)


@pytest.mark.parametrize("chapter,ex", ALL, ids=IDS)
def test_garbage_never_crashes(chapter, ex):
    for junk in GARBAGE:
        feedback = ex.check(junk)
        assert isinstance(feedback, Feedback)
        assert not feedback.correct, f"garbage {junk!r} was accepted"
        assert feedback.message and "incorrect" != feedback.message.lower().strip(". ")


@pytest.mark.parametrize("chapter,ex", ALL, ids=IDS)
def test_hints_solution_and_statement_render(chapter, ex):
    assert ex.hints, "every exercise has at least one hint"
    first = repr(ex.hint())
    assert "Hint 1" in first
    assert "Solution" in repr(ex.solution())
    html = ex.show()._repr_html_()
    assert "<details>" in html and ex.title in html


def test_progress_shows_what_is_done_and_remembers_it():
    from mlpbook.exercises.progress import progress_file

    module = MODULES[0]
    module.EXERCISES.reset_progress()
    first, second = module.EXERCISES.exercises[:2]
    assert first.check(first.reference).correct
    second.check(None)  # no answer: not an attempt
    text = repr(module.progress())
    n = len(module.EXERCISES.exercises)
    assert f"1 of {n} done" in text
    assert "✓ " + first.name in text and "· " + second.name in text
    assert first.key in progress_file().read_text(encoding="utf-8")
    # A new session: nothing in memory, the progress file remembers.
    for ex in module.EXERCISES:
        ex.done = False
        ex.attempts = 0
    assert "✓ " + first.name in repr(module.progress())
    module.EXERCISES.reset_progress()
    assert f"0 of {n} done" in repr(module.progress())


def test_accepts_does_not_count_as_progress():
    module = MODULES[0]
    module.EXERCISES.reset_progress()
    first = module.EXERCISES.exercises[0]
    assert first.accepts(first.reference)
    assert not first.accepts(first.mistakes[0][0])
    assert not first.done and first.attempts == 0
    assert f"0 of {len(module.EXERCISES.exercises)} done" in repr(module.progress())


def test_a_damaged_progress_file_is_kept_aside_and_recovered(capsys):
    """The reader's work is never destroyed: a file that cannot be read is moved aside,
    what can be read from it is kept, and the reader is told once."""
    from mlpbook.exercises.progress import progress_file

    module = MODULES[0]
    module.EXERCISES.reset_progress()
    first, second = module.EXERCISES.exercises[:2]
    progress_file().parent.mkdir(parents=True, exist_ok=True)
    progress_file().write_text('{"Chapter 5/q1": "2026-11-02", "Chapter 6/q', encoding="utf-8")
    assert first.check(first.reference).correct
    saved = progress_file().read_text(encoding="utf-8")
    assert first.key in saved and "Chapter 5/q1" in saved, "recovered and kept"
    aside = list(progress_file().parent.glob("progress.json.damaged-*"))
    assert len(aside) == 1 and "Chapter 6/q" in aside[0].read_text(encoding="utf-8")
    told = capsys.readouterr().err
    assert "could not be read" in told and str(aside[0]) in told and "1 solved" in told
    assert second.check(second.reference).correct
    assert "could not be read" not in capsys.readouterr().err, "said once"


def test_a_folder_in_place_of_the_progress_file_is_not_an_error():
    from mlpbook.exercises.progress import progress_file

    module = MODULES[0]
    first = module.EXERCISES.exercises[0]
    progress_file().parent.mkdir(parents=True, exist_ok=True)
    progress_file().mkdir()  # a folder where the file should be: writing fails quietly
    assert first.check(first.reference).correct
    assert "✓ " + first.name in repr(module.progress())
    assert not list(progress_file().parent.glob(".*.tmp")), "no temporary file left behind"


def test_starter_answers_are_no_attempt():
    """Running the chapter's cells as they come (None, a function still `...`) marks
    nothing as tried."""
    for module in MODULES:
        module.EXERCISES.reset_progress()
        for ex in module.EXERCISES:
            feedback = ex.check(ex.starter)
            assert not feedback.correct and type(feedback).__name__ == "Pending", ex.key
            assert ex.attempts == 0, ex.key
        assert "…" not in repr(module.progress())


def test_a_function_that_never_returns_is_stopped(monkeypatch):
    import time

    from mlpbook.exercises import checking, ch04

    monkeypatch.setattr(checking, "CHECK_SECONDS", 0.5)

    def forever(outputs, labels):
        while True:
            pass

    started = time.perf_counter()
    feedback = ch04.q2.check(forever)
    assert time.perf_counter() - started < 3
    assert not feedback.correct and "did not return within 0.5 s" in feedback.message
    # The timer is gone afterwards: a slow but finite function is not stopped later.
    time.sleep(0.7)
    assert ch04.q2.check(ch04.q2.reference).correct


def test_ctrl_c_during_a_check_is_feedback():
    from mlpbook.exercises import ch04

    def interrupted(outputs, labels):
        raise KeyboardInterrupt

    feedback = ch04.q2.check(interrupted)
    assert not feedback.correct and "interrupted" in feedback.message


def _strings(value):
    """Every string inside a text, a T (both languages), or JSON-like data."""
    from mlpbook.i18n import T

    if isinstance(value, T):
        yield value.en
        yield value.zh or ""
    elif isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("chapter,ex", ALL, ids=IDS)
def test_no_control_characters_in_any_text(chapter, ex):
    """A non-raw string turns the `\\t` of `$\\tfrac12$` into a TAB (the page showed
    "\\(<TAB>frac12\\)"), `\\b` of `\\beta` into a backspace...: no statement, hint, solution,
    "what it takes", page spec or feedback, in either language, holds a control character
    other than a line break."""
    import unicodedata

    import mlpbook

    texts = list(_strings([*ex.texts(), ex._needs]))
    if ex.answer is not None:
        texts += list(_strings([ex.answer.spec("en"), ex.answer.spec("zh")]))
    for language in ("en", "zh"):
        mlpbook.set_language(language)
        try:
            texts += [ex._judge(wrong).message for wrong, _ in ex.mistakes]
            texts += [ex._judge(junk).message for junk in GARBAGE if junk is not None]
            texts.append(ex.show()._repr_html_())
        finally:
            mlpbook.set_language("en")
    bad = [(repr(ch), repr(text[max(0, i - 30):i + 20])) for text in texts
           for i, ch in enumerate(text) if unicodedata.category(ch) == "Cc" and ch != "\n"]
    assert not bad, bad[:5]


@pytest.mark.parametrize("chapter,ex", ALL, ids=IDS)
def test_what_it_takes_matches_what_it_asks(chapter, ex):
    """"What it takes" says a function where the reader writes a function, an array where
    they build one, and neither for an answer typed in the page."""
    if ex.in_page:
        assert ex.needs_key not in ("code", "array"), ex.needs
    elif callable(ex.starter):
        assert ex.needs_key == "code" and "function" in ex.needs, ex.needs
    else:
        assert isinstance(ex.starter, np.ndarray)
        assert ex.needs_key == "array" and "array" in ex.needs, ex.needs


def test_needs_is_checked_where_an_exercise_is_made():
    from mlpbook.exercises.answers import NumberAnswer
    from mlpbook.exercises.core import Exercise

    with pytest.raises(ValueError, match="needs must be one of code, array"):
        Exercise("q9", "t", "s", checker=lambda f: None, needs="paper")
    with pytest.raises(ValueError, match="needs must be one of paper"):
        Exercise("q9", "t", "s", answer=NumberAnswer(1, what="a number"), needs="code")
