"""The exercise widgets on a static page, in a real browser, with no kernel.

The answer box takes what a reader types and gives Python's verdict on Enter; a right answer
is remembered in the browser across reloads (also from ``file://``) and counted by the
chapter's progress panel, whose reset forgets it; a function exercise says how to check it
live instead of showing a verdict no reader asked for.
"""

from __future__ import annotations

import pytest

import mlpbook
from mlpbook.exercises import ch04, ch10
from mlpbook.widgets import AnswerBox, ExerciseProgress, LiveCheck


@pytest.fixture(autouse=True)
def private_progress_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def chapter4_widgets():
    """What chapter 4's exercise section shows, as the build executes it (starter code)."""
    ch04.EXERCISES.reset_progress()
    q1 = ch04.q1.check(None).widget()
    q2 = ch04.q2.check(lambda outputs, labels: None).widget()
    progress = ch04.progress().widget()
    return q1, q2, progress


def verdict(root):
    box = root.locator(".mlpbook-answer-verdict .mlpbook-feedback")
    box.wait_for()
    return box.inner_text()


def answer(page, root, text, previous=0):
    field = root.get_by_role("textbox")
    field.fill(text)
    field.press("Enter")
    page.wait_for_function(
        "([el, n]) => el.querySelectorAll('[data-check]').length && "
        "Number(el.querySelector('[data-check]').dataset.check) > n",
        arg=[root.element_handle(), previous])
    return verdict(root)


def test_widgets_are_made_from_the_exercises():
    q1, q2, progress = chapter4_widgets()
    assert isinstance(q1, AnswerBox) and q1.spec == ch04.q1.answer.spec()
    assert q1.key == "Chapter 4/q1"
    assert isinstance(q2, LiveCheck) and "returned None" in q2.python_message
    assert isinstance(progress, ExerciseProgress)
    assert [ex["in_page"] for ex in progress.exercises] == [True, False, False, True]
    assert ch04.q1.attempts == 0 and ch04.q2.attempts == 0, "a starter is no attempt"


def test_a_spec_from_elsewhere_is_refused():
    with pytest.raises(Exception, match="spec must come from"):
        AnswerBox(spec={"kind": "essay"}, key="x", exercise="x")


@pytest.mark.parametrize("file_url", [False, True])
def test_answer_box_checks_remembers_and_forgets(widget_page, file_url):
    q1, q2, progress = chapter4_widgets()
    shown = widget_page(q1, q2, progress, file_url=file_url)
    page = shown.page
    box, live, panel = shown.root(0), shown.root(1), shown.root(2)

    # No verdict before the reader does anything, and none for the function exercise.
    assert box.locator(".mlpbook-feedback").count() == 0
    assert live.locator(".mlpbook-feedback").count() == 0
    assert "Python checks it" in live.inner_text()
    assert "0 of the 2 exercises" in panel.inner_text()

    # Unreadable text, a known mistake, the right answer: Python's own words each time.
    text = answer(page, box, "zero point three", 0)
    assert ch04.q1._judge("zero point three").message in text and "Not yet" in text
    text = answer(page, box, str(0.5 * 0.2958), 1)
    assert "half the answer" in text
    field = box.get_by_role("textbox")
    assert page.evaluate("(el) => document.activeElement === el", field.element_handle()), \
        "the focus stays in the answer box"
    text = answer(page, box, "0.296", 2)
    assert "Correct" in text
    assert "Solved in this browser" in box.inner_text()
    assert "1 of the 2 exercises" in panel.inner_text()

    # A reload (a new visit): still solved, in the box and in the panel.
    page.reload(wait_until="load")
    shown.wait_rendered()
    assert "Solved in this browser" in shown.root(0).inner_text()
    assert "1 of the 2 exercises" in shown.root(2).inner_text()

    # Reset: forgotten everywhere on the page.
    shown.root(2).get_by_role("button", name="Forget this chapter's answers").click()
    page.wait_for_function("(el) => el.innerText.includes('0 of the 2')",
                           arg=shown.root(2).element_handle())
    assert "Solved in this browser" not in shown.root(0).inner_text()
    assert not shown.problems(), shown.problems()


def test_the_answer_box_is_labelled_and_announces_once(widget_page):
    q1, _, _ = chapter4_widgets()
    shown = widget_page(q1)
    root = shown.root(0)
    field = root.get_by_role("textbox", name="Your answer (Chapter 4 q1)")
    assert field.count() == 1
    region = root.locator("[role=status]")
    assert region.get_attribute("aria-live") == "polite"
    answer(shown.page, root, "1", 0)
    assert region.locator(".mlpbook-feedback").count() == 1


def test_letters_and_chinese(widget_page):
    mlpbook.set_language("zh")
    try:
        box = ch10.q3.check(None).widget()
        expected = ch10.q3._judge("C, D, E").message
    finally:
        mlpbook.set_language("en")
    shown = widget_page(box)
    root = shown.root(0)
    assert "你的答案" in root.inner_text()
    text = answer(shown.page, root, "C, D, E", 0)
    assert expected in text and "正确" in text
