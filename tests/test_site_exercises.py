"""Exercises that check themselves on the built website (issue 14), in both editions.

1. ``test_pages_embed_pythons_exercise_specs`` reads the built pages, no browser: every
   chapter page embeds, for each value exercise, exactly the spec Python's check is driven by
   in that page's language (so the parity test of tests/test_exercises_in_page.py, which feeds
   ≥ 10 inputs per exercise to Python and to the page's checker from that spec, covers the
   website itself); each function exercise has its live-check note, the chapter's panel its
   catalogue; no page carries a verdict the build rendered, nor a copy of a widget's code
   (each module is one shared file in ``_static``, which exists).
2. ``test_exercises_answer_in_the_page`` opens every chapter page of both editions in
   headless Chromium with the network cut off: no verdict before the reader acts; in every
   answer box, typed text that cannot be read, a listed mistake and the right answer get
   Python's own words; the panel counts what was solved; function exercises link to Binder
   and the notebook.
3. ``test_progress_survives_a_reload_and_resets`` (one page) and
   ``test_book_progress_on_the_first_page`` (both editions share the record).
4. ``test_theme_icons_come_from_the_stylesheet``: the icons the site draws without Font
   Awesome's script (see mlpbook.book.assets), still shown and hidden from screen readers.
"""

from __future__ import annotations

import json
import re

import pytest
from built_site import HTML_DIR, TYPESET_TIMEOUT, all_pages, tail
from test_website import COUNT_WIDGET_VIEWS, VISIBLE_TEXT, WIDGETS_RENDERED

import mlpbook
from test_exercises_in_page import typed  # (and chapter 7's stand-in measurements)

pytestmark = pytest.mark.timeout(2400)  # the first test of a session may build the book

STATE = re.compile(
    r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.S)


def chapter_module(page_path: str):
    """The exercise module behind a chapter page (None for other pages)."""
    import importlib

    match = re.search(r"chapters/(\d\d)_", page_path)
    return importlib.import_module(f"mlpbook.exercises.ch{match.group(1)}") if match else None


def chapter_pages() -> list[str]:
    return [p for p in all_pages() if chapter_module(p) is not None]


def language_of(page_path: str) -> str:
    return "zh" if page_path.startswith("zh/") else "en"


def as_read(message: str) -> str:
    """A message as a reader sees it rendered: no markup characters, spaces collapsed."""
    message = re.sub(r"`([^`]+)`", r"\1", message)
    message = re.sub(r"(?<!\*)\*(?!\s)([^*\n]+?)(?<!\s)\*(?!\*)", r"\1", message)
    return " ".join(message.split())


def python_says(ex, text: str, language: str) -> str:
    mlpbook.set_language(language)
    try:
        return as_read(ex._judge(text).message)
    finally:
        mlpbook.set_language("en")


def in_language(language, make):
    mlpbook.set_language(language)
    try:
        return make()
    finally:
        mlpbook.set_language("en")


# ------------------------------------------------------------------ the built pages, read
def embedded_models(page_path: str) -> dict[str, list[dict]]:
    """The anywidget models a page embeds, by widget class name (AnswerBox, ...)."""
    html = (HTML_DIR / page_path).read_text(encoding="utf-8")
    match = STATE.search(html)
    assert match, f"{page_path}: no embedded widget state"
    models: dict[str, list[dict]] = {}
    for entry in json.loads(match.group(1))["state"].values():
        if entry.get("model_module") == "anywidget":
            state = entry["state"]
            models.setdefault(state["_anywidget_id"].rsplit(".", 1)[-1], []).append(state)
    return models


def measured_away(data):
    """A spec with every number left out: for an answer measured when the chapter runs
    (chapter 7's q3 trains networks), whose numbers differ from a test's stand-ins."""
    if isinstance(data, dict):
        return {key: measured_away(value) for key, value in data.items()}
    if isinstance(data, list):
        return [measured_away(value) for value in data]
    if isinstance(data, str):
        return re.sub(r"\d[\d.,]*", "#", data)
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        return "#"
    return data


@pytest.mark.parametrize("page_path", chapter_pages())
def test_pages_embed_pythons_exercise_specs(page_path, book_build):
    from mlpbook.book.shared_code import SHARED_DIR, SHARED_KEY

    assert HTML_DIR.is_dir(), f"the build wrote no {HTML_DIR}:\n{tail(book_build[1])}"
    language = language_of(page_path)
    exercises = chapter_module(page_path).EXERCISES
    models = embedded_models(page_path)

    boxes = {m["key"]: m for m in models.get("AnswerBox", [])}
    value = [ex for ex in exercises if ex.in_page]
    assert sorted(boxes) == sorted(ex.key for ex in value)
    for ex in value:
        assert boxes[ex.key]["language"] == language
        page_spec = boxes[ex.key]["spec"]
        python_spec = json.loads(json.dumps(ex.answer.spec(language)))
        if hasattr(ex.answer, "_declare"):  # measured by the chapter's own run
            page_spec, python_spec = measured_away(page_spec), measured_away(python_spec)
        assert page_spec == python_spec, f"{ex.key}: the page's spec is not Python's"

    live = {m["key"]: m for m in models.get("LiveCheck", [])}
    assert sorted(live) == sorted(ex.key for ex in exercises if not ex.in_page)
    for ex in exercises:
        if not ex.in_page:
            assert live[ex.key]["asks"] == ("array" if ex.needs_key == "array" else "function")
    (panel,) = models["ExerciseProgress"]
    assert panel["exercises"] == in_language(language, exercises.catalogue)

    static = HTML_DIR / ("zh/" if language == "zh" else "") / "_static" / SHARED_DIR
    for kind in models.values():
        for model in kind:
            assert "_esm" not in model and "_css" not in model, "widget code in the page"
            for name in model[SHARED_KEY].values():
                assert (static / f"{name}.js").is_file(), f"no shared file {name}.js"
    html = (HTML_DIR / page_path).read_text(encoding="utf-8")
    assert 'class="mlpbook-feedback' not in html and "✗ Not yet" not in html \
        and "✗ 还不对" not in html, "a verdict the build rendered"


# ------------------------------------------------------------------ in the browser
# The pages' formulas and figures are checked on every page by test_website.py; here they
# would only cost time (typesetting a chapter is most of opening it), so MathJax's script
# arrives empty (an answer's verdict is then left as TeX) and every figure as a 1-pixel
# PNG. Everything else is the built site as it is.
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def _light(route):
    url = route.request.url
    if "/mathjax/" in url:
        return route.fulfill(body="", content_type="text/javascript")
    if "/_images/" in url:
        return route.fulfill(body=BLANK_PNG, content_type="image/png")
    return route.fallback()


@pytest.fixture
def light_visit(visit):
    """``visit`` (a fresh browser context: nothing solved yet) with no MathJax and blank
    figures."""
    visit.page.route("**/*", _light)
    return visit


def widgets_rendered(page):
    n = page.evaluate(COUNT_WIDGET_VIEWS)
    page.wait_for_function(WIDGETS_RENDERED, arg=n, timeout=TYPESET_TIMEOUT)


def open_chapter(page, url: str):
    page.goto(url, wait_until="domcontentloaded")
    widgets_rendered(page)


def check_in_box(page, box, text: str) -> str:
    """Type ``text`` into an answer box, press Enter, return the verdict shown."""
    field = box.get_by_role("textbox")
    before = box.evaluate("(el) => Number((el.querySelector('[data-check]') || "
                          "{dataset: {check: 0}}).dataset.check)")
    field.fill(text)
    field.press("Enter")
    page.wait_for_function(
        "([el, n]) => { const v = el.querySelector('[data-check]');"
        " return v && Number(v.dataset.check) > n; }", arg=[box.element_handle(), before])
    return as_read(box.locator(".mlpbook-answer-verdict").inner_text())


# Answers given to the boxes of a page at once: [[box index, text], ...] -> verdicts shown.
# (The form's submit, which is what Enter does; check_in_box presses the key itself.)
CHECK_ALL = """(cases) => {
    const boxes = document.querySelectorAll('.mlpbook-answer-box');
    return cases.map(([i, text]) => {
        const input = boxes[i].querySelector('input');
        input.value = text;
        input.form.requestSubmit();
        return boxes[i].querySelector('.mlpbook-answer-verdict').innerText;
    });
}"""

UNREADABLE = "zero point three"


def cases_for(ex, page_path: str, language: str) -> list[tuple[str, str, bool]]:
    """(typed text, the message Python gives, right?) for one listed mistake and the right
    answer. An answer measured when the chapter ran (chapter 7's q3) takes both from the
    page's own spec, which test_pages_embed_pythons_exercise_specs compares with Python's."""
    if hasattr(ex.answer, "_declare"):
        (box,) = [m for m in embedded_models(page_path)["AnswerBox"] if m["key"] == ex.key]
        spec = box["spec"]
        if spec["kind"] == "vector":  # measured numbers: its first listed slip, then the run's
            slip = spec["mistakes"][0]
            return [(typed(slip["value"]), as_read(slip["message"]), False),
                    (typed(spec["expected"]), as_read(spec["praise"]), True)]
        rules = [r for r in spec["rules"] if len(r["if"]) == 1 and "near" in r["if"][0]]
        wrong = next(r for r in rules if not r["right"])
        right = next(r for r in rules if r["right"])
        return [(typed(r["if"][0]["near"]), as_read(r["message"]), r["right"])
                for r in (wrong, right)]
    wrong = [typed(w) for w, _ in ex.mistakes if not callable(w)][:1]
    return [(text, python_says(ex, text, language), False) for text in wrong] \
        + [(typed(ex.reference), python_says(ex, typed(ex.reference), language), True)]


@pytest.mark.parametrize("page_path", chapter_pages())
def test_exercises_answer_in_the_page(page_path, site_url, light_visit):
    """Every value exercise has its answer box: unreadable text (the first box, typed and
    Enter pressed), a listed mistake and the right answer get Python's own verdict in the
    page's language, and the chapter's panel counts what was solved. No verdict the reader
    did not ask for; function exercises say how to check them live."""
    language = language_of(page_path)
    exercises = chapter_module(page_path).EXERCISES.exercises
    value = [ex for ex in exercises if ex.in_page]
    page = light_visit.page
    open_chapter(page, f"{site_url}/{page_path}")

    assert page.locator(".mlpbook-feedback").count() == 0, "a verdict nobody asked for"
    text = page.evaluate(VISIBLE_TEXT)
    assert "Not yet" not in text and "还不对" not in text
    assert page.locator(".mlpbook-answer-box").count() == len(value)
    hrefs = page.evaluate("() => [...document.querySelectorAll('.mlpbook-live-check')]"
                          ".map(el => [...el.querySelectorAll('a')].map(a => a.href))")
    assert len(hrefs) == len(exercises) - len(value)
    for links in hrefs:
        assert any("/v2/gh/" in h for h in links) and any(h.endswith(".ipynb") for h in links)

    first = page.locator(".mlpbook-answer-box").first
    first.scroll_into_view_if_needed()
    shown = check_in_box(page, first, UNREADABLE)
    assert python_says(value[0], UNREADABLE, language) in shown and "✓" not in shown, shown
    cases = [(i, case) for i, ex in enumerate(value)
             for case in cases_for(ex, page_path, language)]
    verdicts = page.evaluate(CHECK_ALL, [[i, text] for i, (text, _, _) in cases])
    problems = [f"{value[i].key}: {text!r} -> {as_read(shown)!r}, not {message!r}"
                for (i, (text, message, right)), shown in zip(cases, verdicts)
                if message not in as_read(shown) or ("✓" in shown) != right]
    assert not problems, "\n".join(problems)

    solved = page.locator(".mlpbook-exercise-progress li[data-state=solved]")
    assert solved.count() == len(value), "the panel counts what was solved"
    assert not light_visit.problems(), light_visit.problems()


def test_progress_survives_a_reload_and_resets(site_url, light_visit):
    """Solved, then a new visit: still solved in the box and the panel; the panel's reset
    forgets it everywhere on the page."""
    from mlpbook.exercises import ch04

    page = light_visit.page
    url = f"{site_url}/chapters/04_cost.html"
    open_chapter(page, url)
    box = page.locator(".mlpbook-answer-box").first
    assert "✓" in check_in_box(page, box, typed(ch04.q1.reference))
    page.evaluate("() => document.fonts.ready")  # nothing left loading
    page.reload(wait_until="domcontentloaded")
    widgets_rendered(page)
    box = page.locator(".mlpbook-answer-box").first
    assert "Solved in this browser" in box.inner_text()
    panel = page.locator(".mlpbook-exercise-progress")
    assert panel.locator("li[data-state=solved]").count() == 1
    panel.get_by_role("button").click()
    page.wait_for_function("() => !document.querySelector("
                           "'.mlpbook-exercise-progress li[data-state=solved]')")
    assert "Solved in this browser" not in box.inner_text()
    assert page.evaluate("() => localStorage.getItem('mlpbook-exercises-solved')") == "{}"
    assert not light_visit.problems(), light_visit.problems()


def test_book_progress_on_the_first_page(site_url, light_visit):
    """Solved on a chapter page of one edition: counted on the first page of both; the
    first page's reset forgets everything."""
    from mlpbook.exercises import ch01

    visit = light_visit
    page = visit.page
    page.on("dialog", lambda dialog: dialog.accept())
    open_chapter(page, f"{site_url}/chapters/01_digits_and_neurons.html")
    box = page.locator(".mlpbook-answer-box").first
    assert "✓" in check_in_box(page, box, typed(ch01.q1.reference))
    page.evaluate("() => document.fonts.ready")  # nothing left loading
    value_count = sum(ex.in_page for ex in ch01.EXERCISES)
    for folder, word in (("", "Forget all my answers"), ("zh/", "清除我的全部答题记录")):
        page.goto(f"{site_url}/{folder}intro.html", wait_until="domcontentloaded")
        table = page.locator(".mlpbook-book-progress[data-rendered=yes]")
        table.wait_for()
        first_row = table.locator("tr[data-chapter='Chapter 1'] td").nth(1)
        assert first_row.inner_text() == f"1 / {value_count}"
        assert table.locator("tr[data-chapter]").count() == 10
        assert table.get_by_role("button", name=word).count() == 1
        page.evaluate("() => document.fonts.ready")
    table.get_by_role("button").click()
    page.wait_for_function("() => document.querySelector("
                           "\".mlpbook-book-progress tr[data-chapter='Chapter 1'] td:last-child\")"
                           ".innerText.startsWith('0 /')")
    assert not visit.problems(), visit.problems()


# ------------------------------------------------------------------ what the pages load
ICONS = """async () => {
    await document.fonts.ready;
    return [...document.querySelectorAll('.bd-header i[class*="fa-"], .bd-header-article i[class*="fa-"]')]
        .map(el => ({cls: el.className, hidden: el.getAttribute('aria-hidden'), title: el.title,
                     glyph: getComputedStyle(el, '::before').content,
                     width: el.getBoundingClientRect().width}));
}"""


@pytest.mark.parametrize("folder", ["", "zh/"])
def test_theme_icons_come_from_the_stylesheet(folder, site_url, visit):
    """The header's icons (launch, repository, download, full screen...) still show with
    Font Awesome's 1.5 MB script replaced (mlpbook.book.assets): drawn by the theme's
    stylesheet and its webfonts, and hidden from screen readers as the script hid them."""
    page = visit.page
    responses = []
    page.on("response", lambda r: responses.append(r) if "fontawesome.js" in r.url else None)
    page.goto(f"{site_url}/{folder}chapters/04_cost.html", wait_until="load")
    icons = page.evaluate(ICONS)
    shown = [icon for icon in icons if icon["width"] > 0]
    assert len(shown) >= 4, icons
    for icon in shown:
        assert icon["glyph"] not in ("none", "normal", '""'), icon
        assert icon["hidden"] == "true" or icon["title"], icon  # (a titled icon is read)
    assert responses and all(len(r.body()) < 5_000 for r in responses)
    assert page.evaluate("() => document.fonts.check('900 16px \"Font Awesome 6 Free\"')")
    assert not visit.problems(), visit.problems()
