"""The exercise widgets on a static page, in a real browser, with no kernel.

The answer box takes what a reader types and gives Python's verdict on Enter; a right answer
is remembered in the browser across reloads (also from ``file://``) and counted by the
chapter's progress panel, whose reset forgets it; a function exercise says how to check it
live instead of showing a verdict no reader asked for.
"""

from __future__ import annotations

import json
import re

import pytest

import mlpbook
from mlpbook.exercises import ch02, ch04, ch08, ch10
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


STATE_SCRIPT = re.compile(
    r'(<script type="application/vnd.jupyter.widget-state\+json">)(.*?)(</script>)', re.S)


def share_code(path, static_dir):
    """Rewrite a widget page the way the book build writes its pages: each distinct widget
    module and stylesheet moved to a shared file (mlpbook.book.shared_code)."""
    from mlpbook.book.shared_code import share_state_body

    html = path.read_text(encoding="utf-8")
    match = STATE_SCRIPT.search(html)
    body = share_state_body(match.group(2), static_dir)
    path.write_text(html[:match.start(2)] + body + html[match.end(2):], encoding="utf-8")
    return json.loads(body)


@pytest.mark.parametrize("file_url", [False, True])
def test_shared_code_travels_once_per_page(chromium, widget_site, file_url):
    """Five exercise widgets, three modules and one stylesheet: the page embeds none of
    them and loads each once, over http and from file://, and every widget works."""
    from browser import PageWatch
    from mlpbook.book.shared_code import SHARED_KEY
    from widget_browser import WidgetPage, write_widget_page

    root, url = widget_site
    ch04.EXERCISES.reset_progress()
    widgets = [ch04.q1.check(None).widget(), ch04.q2.check(lambda o, l: None).widget(),
               ch04.q3.check(None).widget(), ch04.q4.check(None).widget(),
               ch04.progress().widget()]
    path = write_widget_page(widgets, root)
    state = share_code(path, root / "_static")
    embedded = [m["state"] for m in state["state"].values() if m["model_module"] == "anywidget"]
    assert not any("_esm" in m or "_css" in m for m in embedded)
    models = [state["state"][w.model_id]["state"] for w in widgets]
    names = {name for m in models for name in m[SHARED_KEY].values()}
    assert len(names) == 4, "answer box, live check, progress panel, one stylesheet"
    assert "export default" not in path.read_text(encoding="utf-8")

    watch = PageWatch(chromium)
    try:
        watch.page.goto(path.as_uri() if file_url else f"{url}/{path.name}", wait_until="load")
        shown = WidgetPage(watch, len(widgets))
        shown.wait_rendered()
        loaded = watch.page.evaluate(
            "() => [...document.querySelectorAll('script[src*=\"mlpbook-web/shared/\"]')]"
            ".map(s => s.src.split('/').pop())")
        assert sorted(loaded) == sorted(f"{name}.js" for name in names), "each file once"
        text = answer(watch.page, shown.root(0), "0.296", 0)
        assert "Correct" in text
        assert "Python checks it" in shown.root(1).inner_text()
        assert "1 of the 2 exercises" in shown.root(4).inner_text()
        watch.page.evaluate("() => localStorage.clear()")
        assert not shown.problems(), shown.problems()
    finally:
        watch.close()


def test_a_missing_shared_file_is_reported_in_the_figure(chromium, widget_site):
    from browser import PageWatch
    from mlpbook.book.shared_code import SHARED_DIR
    from widget_browser import write_widget_page

    root, url = widget_site
    box = ch04.q1.check(None).widget()
    path = write_widget_page([box], root)
    html = path.read_text(encoding="utf-8")
    match = STATE_SCRIPT.search(html)
    state = json.loads(match.group(2))
    model = state["state"][box.model_id]["state"]
    model.pop("_esm")
    model["_mlpbook_shared"] = {"_esm": "no-such-file"}
    path.write_text(html[:match.start(2)] + json.dumps(state) + html[match.end(2):],
                    encoding="utf-8")
    assert not (root / "_static" / SHARED_DIR / "no-such-file.js").exists()
    watch = PageWatch(chromium)
    try:
        watch.page.goto(f"{url}/{path.name}", wait_until="load")
        failed = watch.page.locator(".mlpbook-static-widget[data-rendered=error]")
        failed.wait_for()
        assert "did not load" in failed.inner_text()
    finally:
        watch.close()


def test_share_page_code_moves_each_text_once_and_leaves_the_rest():
    from mlpbook.book.shared_code import SHARED_KEY, code_hash, share_page_code

    esm, css = "export default {render() {}};", ".x {}"
    page = {"version_major": 2, "state": {
        "a": {"model_module": "anywidget", "state": {"_esm": esm, "_css": css, "value": 1}},
        "b": {"model_module": "anywidget", "state": {"_esm": esm, "_css": "", "value": 2}},
        "c": {"model_module": "@jupyter-widgets/controls", "state": {"_esm": "not ours"}}}}
    before = json.dumps(page)
    shared, code = share_page_code(page)
    assert json.dumps(page) == before, "the input is not changed"
    assert code == {code_hash(esm): esm, code_hash(css): css}
    a, b, c = (shared["state"][k]["state"] for k in "abc")
    assert a == {"value": 1, SHARED_KEY: {"_esm": code_hash(esm), "_css": code_hash(css)}}
    assert b == {"value": 2, "_css": "", SHARED_KEY: {"_esm": code_hash(esm)}}
    assert c == {"_esm": "not ours"}
    assert share_page_code(shared) == (shared, {}), "sharing twice changes nothing"


# A space after Chinese punctuation (two sentences joined the English way): "做对 0 道。 另有".
SPACE_AFTER_CHINESE_PUNCTUATION = re.compile(r"[。，；：！？）] ")


def chinese(make):
    mlpbook.set_language("zh")
    try:
        return make()
    finally:
        mlpbook.set_language("en")


def test_chinese_exercise_widgets_read_as_chinese(widget_page):
    """Full-width brackets in the label, no space between two Chinese sentences, and the
    way to get Chinese feedback on Binder, where the notebooks run in English."""
    ch04.EXERCISES.reset_progress()
    box, live, panel = chinese(lambda: (ch04.q1.check(None).widget(),
                                        ch04.q2.check(lambda o, l: None).widget(),
                                        ch08.progress().widget()))
    shown = widget_page(box, live, panel)
    root = shown.root(0)
    assert root.get_by_role("textbox", name="你的答案（第 4 章 q1）").count() == 1
    forms = root.locator(".mlpbook-answer-forms").inner_text()
    assert "3e-4。保留 3 位有效数字" in forms, forms
    note = shown.root(1).inner_text()
    assert 'import mlpbook; mlpbook.set_language("zh")' in note and "中文" in note
    count = shown.root(2).locator(".mlpbook-progress-count").inner_text()
    assert "做对 0 道。另有 3 道" in count, count
    for i in range(3):
        text = shown.root(i).inner_text()
        assert not SPACE_AFTER_CHINESE_PUNCTUATION.search(text), text
    assert not shown.problems(), shown.problems()


def test_one_exercise_is_singular_and_an_array_is_no_function(widget_page):
    ch08.EXERCISES.reset_progress()
    panel = ch08.progress().widget()
    array = ch02.q2.check(ch02.q2.starter).widget()
    function = ch02.q1.check(ch02.q1.starter).widget()
    shown = widget_page(panel, array, function)
    count = shown.root(0).locator(".mlpbook-progress-count").inner_text()
    assert count.startswith("0 of the 1 exercise that checks itself on this page solved"), count
    assert "3 more ask for code" in count
    assert "asks for an array" in shown.root(1).inner_text()
    assert "asks for a function" in shown.root(2).inner_text()
    assert "set_language" not in shown.root(2).inner_text(), "for the Chinese page only"


def test_the_book_progress_table_reads_well(chromium, widget_site):
    """The first page's table (book_progress.js, a classic script): singular for one
    exercise, and Chinese sentences with no space between them."""
    from browser import PageWatch

    root, url = widget_site
    chapter = {"label": "Chapter 8", "title": "8. What did it learn?", "href": "x.html",
               "exercises": ch08.EXERCISES.catalogue("en")}
    watch = PageWatch(chromium)
    try:
        for language, want in (("en", "In all: 0 of the 1 exercise that checks itself on the "
                                      "website. (3 more ask for code:"),
                               ("zh", "你做对了 0 道。（另有 3 道要你写代码")):
            page = root / f"book-progress-{language}.html"
            catalogue = json.dumps({"language": language, "chapters": [chapter]})
            page.write_text(
                '<!doctype html><html><head><meta charset="utf-8">'
                f"<script>globalThis.mlpbookExercises = {catalogue};</script>"
                '<script src="_static/mlpbook-web/book_progress.js"></script></head>'
                '<body><div class="mlpbook-book-progress"></div></body></html>',
                encoding="utf-8")
            watch.page.goto(f"{url}/{page.name}", wait_until="load")
            table = watch.page.locator(".mlpbook-book-progress[data-rendered=yes]")
            table.wait_for()
            text = " ".join(table.inner_text().split())
            assert want in text, text
            assert not SPACE_AFTER_CHINESE_PUNCTUATION.search(table.inner_text()), text
        assert not watch.problems(), watch.problems()
    finally:
        watch.close()


def test_another_tab_sees_the_progress_at_once(chromium, widget_site):
    """Solved in one tab: the other open tab's panel and box say so without a reload."""
    from browser import PageWatch
    from widget_browser import WidgetPage, write_widget_page

    root, url = widget_site
    ch04.EXERCISES.reset_progress()
    path = write_widget_page([ch04.q1.check(None).widget(), ch04.progress().widget()], root)
    watch = PageWatch(chromium)
    try:
        tabs = [watch.page, watch.context.new_page()]
        for tab in tabs:
            tab.goto(f"{url}/{path.name}", wait_until="load")
        first, second = (WidgetPage(watch, 2) for _ in tabs)
        second.page = tabs[1]
        first.wait_rendered()
        second.wait_rendered()
        tabs[0].evaluate("() => localStorage.clear()")
        answer(tabs[0], first.root(0), "0.296", 0)
        tabs[1].wait_for_function("(el) => el.innerText.includes('1 of the 2')",
                                  arg=second.root(1).element_handle(), timeout=5000)
        assert "Solved in this browser" in second.root(0).inner_text()
        first.root(1).get_by_role("button").click()
        tabs[1].wait_for_function("(el) => el.innerText.includes('0 of the 2')",
                                  arg=second.root(1).element_handle(), timeout=5000)
        assert not watch.problems(), watch.problems()
    finally:
        watch.close()
