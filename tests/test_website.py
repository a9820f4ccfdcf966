"""The website, as a reader's browser shows it, with no kernel and no internet.

1. ``test_book_builds_without_warnings`` builds the book from scratch with
   ``jupyter-book build . --all -W --keep-going`` (which executes every chapter) and fails
   on a non-zero exit or any Sphinx warning ("WARNING:") in the log.
2. ``test_page`` opens every page named in ``_toc.yml`` in headless Chromium, served from
   ``_build/html`` by a local HTTP server, with every request to another host blocked, and
   fails on: any request to another host (the site must serve all it needs), an uncaught
   JavaScript exception, a console error, a local file that does not load, a broken image,
   math that MathJax did not typeset, a widget that did not render, raw widget JSON or a
   Python traceback on the page, or a figure of the executed chapter missing from the page.
3. ``test_widgets_respond`` moves every slider of every widget with the keyboard and checks
   that the widget's picture or numbers change: the pages are interactive without Python.
4. ``test_page_from_disk`` opens every page from ``file://``: math and widgets still work.
5. ``test_search_finds_a_glossary_word`` checks that the site's search works.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path, PurePosixPath

import pytest
import yaml
from browser import PageWatch, serve

# Building the book executes every chapter: far longer than one ordinary test may take.
pytestmark = pytest.mark.timeout(2400)

REPO = Path(__file__).resolve().parents[1]
HTML_DIR = REPO / "_build" / "html"
BUILD_TIMEOUT = 3600  # seconds, for executing every chapter
TYPESET_TIMEOUT = 30_000  # milliseconds, for MathJax and the widget manager
ANSI = re.compile(r"\x1b\[[0-9;]*m")


# --------------------------------------------------------------------------------------
# The pages: every file named in _toc.yml, as built HTML paths.


def toc_pages() -> list[str]:
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    walk(toc.get("chapters"))
    for part in toc.get("parts") or []:
        walk(part.get("chapters"))
    pages = []
    for name in files:
        path = PurePosixPath(name)
        if path.suffix in {".md", ".ipynb", ".rst"}:
            path = path.with_suffix("")
        pages.append(f"{path}.html")
    return pages


# --------------------------------------------------------------------------------------
# Building the book.


@pytest.fixture(scope="session")
def book_build():
    """Build the whole book once per test session; return (exit code, log text)."""
    exe = shutil.which("jupyter-book")
    assert exe, "jupyter-book is not installed: pip install -r requirements.txt"
    command = [exe, "build", ".", "--all", "--warningiserror", "--keep-going"]
    try:
        done = subprocess.run(
            command,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=BUILD_TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        log = exc.stdout if isinstance(exc.stdout, str) else (exc.stdout or b"").decode()
        pytest.fail(f"book build timed out after {BUILD_TIMEOUT} s:\n{tail(log)}")
    log = ANSI.sub("", done.stdout)
    (REPO / "_build").mkdir(exist_ok=True)
    (REPO / "_build" / "build.log").write_text(log, encoding="utf-8")
    return done.returncode, log


def tail(log: str, lines: int = 60) -> str:
    return "\n".join(log.splitlines()[-lines:])


def test_book_builds_without_warnings(book_build):
    code, log = book_build
    # Sphinx writes "WARNING: ..."; a kernel's own log line ("[IPKernelApp] WARNING | Kernel
    # is running over TCP ...") goes to the same stream but says nothing about the book.
    warnings = [line for line in log.splitlines() if "WARNING:" in line]
    assert code == 0 and not warnings, (
        f"`jupyter-book build . -W` exited {code} with {len(warnings)} warning line(s)"
        f" (full log: _build/build.log):\n" + "\n".join(warnings[:40]) + "\n...\n" + tail(log)
    )


# --------------------------------------------------------------------------------------
# Serving the site.


@pytest.fixture(scope="session")
def site_url(book_build):
    """Serve _build/html on 127.0.0.1 (a free port) for the whole session."""
    assert HTML_DIR.is_dir(), f"the build wrote no {HTML_DIR}:\n{tail(book_build[1])}"
    with serve(HTML_DIR) as url:
        yield url


@pytest.fixture
def visit(chromium):
    watch = PageWatch(chromium)
    yield watch
    watch.close()


# JavaScript run in the page.
COUNT_MATH = "() => document.querySelectorAll('span.math, div.math').length"
MATH_TYPESET = """() => [...document.querySelectorAll('span.math, div.math')]
    .every(el => el.querySelector('mjx-container'))"""
MATH_ERRORS = """() => [...document.querySelectorAll('mjx-merror')]
    .map(el => el.getAttribute('data-mjx-error') || el.textContent)"""
COUNT_WIDGET_VIEWS = (
    "() => document.querySelectorAll("
    "'script[type=\"application/vnd.jupyter.widget-view+json\"]').length"
)
WIDGETS_RENDERED = """(n) => [...document.querySelectorAll('.mlpbook-widget')]
    .filter(el => el.offsetHeight > 0).length >= n"""
SCROLL_THROUGH = """async () => {
    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight) {
        window.scrollTo(0, y);
        await new Promise(r => setTimeout(r, 20));
    }
    window.scrollTo(0, 0);
}"""
IMAGES_SETTLED = "() => [...document.images].every(img => img.complete)"
BROKEN_IMAGES = """() => [...document.images]
    .filter(img => img.naturalWidth === 0)
    .map(img => img.currentSrc || img.src || img.outerHTML.slice(0, 120))"""
VISIBLE_TEXT = "() => document.body.innerText"
TRACEBACK_OUTPUTS = "() => document.querySelectorAll('.output.traceback, .output.error').length"


COUNT_OUTPUT_IMAGES = "() => document.querySelectorAll('.cell_output img').length"


def executed_figure_count(page_path: str) -> int | None:
    """How many images the executed notebook behind a page produced (None: not a notebook).

    The build keeps the executed copy in _build/jupyter_execute; every image output of a
    cell that is not removed from the page must show up there as an <img>.
    """
    executed = REPO / "_build" / "jupyter_execute" / PurePosixPath(page_path).with_suffix(".ipynb")
    if not executed.is_file():
        return None
    notebook = json.loads(executed.read_text(encoding="utf-8"))
    count = 0
    for cell in notebook.get("cells", []):
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.get("cell_type") != "code" or {"remove-cell", "remove-output"} & set(tags):
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data or "image/svg+xml" in data:
                count += 1
    return count


def open_and_check(page, url: str, page_path: str, figures: bool = True) -> list[str]:
    """Open ``url`` and return what is wrong with the page as a reader sees it."""
    page.goto(url, wait_until="load")
    problems: list[str] = []

    math_count = page.evaluate(COUNT_MATH)
    if math_count:
        try:
            page.wait_for_function(MATH_TYPESET, timeout=TYPESET_TIMEOUT)
        except Exception:
            problems.append(f"MathJax did not typeset the {math_count} math element(s)")
        for error in page.evaluate(MATH_ERRORS):
            problems.append(f"MathJax error: {error}")

    widget_views = page.evaluate(COUNT_WIDGET_VIEWS)
    if widget_views:
        try:
            page.wait_for_function(WIDGETS_RENDERED, arg=widget_views, timeout=TYPESET_TIMEOUT)
        except Exception:
            problems.append(f"{widget_views} widget(s) on the page but they did not render")

    page.evaluate(SCROLL_THROUGH)  # lets lazily loaded images load
    try:
        page.wait_for_function(IMAGES_SETTLED, timeout=TYPESET_TIMEOUT)
    except Exception:
        problems.append("images still loading after 30 s")
    for src in page.evaluate(BROKEN_IMAGES):
        problems.append(f"image did not load: {src}")

    expected_figures = executed_figure_count(page_path) if figures else None
    if expected_figures is not None:
        shown = page.evaluate(COUNT_OUTPUT_IMAGES)
        if expected_figures == 0:
            problems.append("the executed chapter made no figure at all (was MPLBACKEND=Agg "
                            "set for the build? figures then vanish silently)")
        elif shown < expected_figures:
            problems.append(f"{expected_figures - shown} of the chapter's {expected_figures} "
                            f"figures are missing from the page")

    text = page.evaluate(VISIBLE_TEXT)
    for needle in ("application/vnd.jupyter.widget", '"model_id"'):
        if needle in text:
            problems.append(f"raw widget data shows on the page ({needle!r})")
    if "Traceback (most recent call last)" in text or page.evaluate(TRACEBACK_OUTPUTS):
        problems.append("a Python traceback shows on the page")
    page.wait_for_timeout(200)  # let late errors from deferred scripts arrive
    return problems


@pytest.mark.parametrize("page_path", toc_pages())
def test_page(page_path, site_url, visit):
    assert (HTML_DIR / page_path).is_file(), f"the build did not write {page_path}"
    problems = open_and_check(visit.page, f"{site_url}/{page_path}", page_path)
    problems += visit.problems()
    assert not problems, f"{page_path}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("page_path", toc_pages())
def test_page_from_disk(page_path, book_build, visit):
    """The same page opened from file:// (a reader who downloaded the site)."""
    assert (HTML_DIR / page_path).is_file(), f"the build did not write {page_path}"
    problems = open_and_check(visit.page, (HTML_DIR / page_path).as_uri(), page_path,
                              figures=False)
    # Sphinx's search index is loaded with a script tag, fine from disk; nothing else may fail.
    problems += visit.problems()
    assert not problems, f"{page_path} from file://:\n  " + "\n  ".join(problems)


# A fingerprint of what a widget shows: its text and the pixels of its canvases.
WIDGET_LOOK = """(root) => root.innerText + '|' + [...root.querySelectorAll('canvas')]
    .map(c => c.toDataURL()).join('|') + '|' + [...root.querySelectorAll('svg')]
    .map(s => s.outerHTML).join('|')"""


def widget_pages() -> list[str]:
    """Pages whose executed notebook shows at least one widget."""
    pages = []
    for page_path in toc_pages():
        executed = REPO / "_build" / "jupyter_execute" / PurePosixPath(page_path).with_suffix(".ipynb")
        if executed.is_file() and "widget-view+json" in executed.read_text(encoding="utf-8"):
            pages.append(page_path)
    return pages


def test_widgets_respond(site_url, visit):
    """Every slider of every widget, moved with the keyboard, changes what its widget shows."""
    pages = widget_pages()
    assert pages, "no page of the built book shows a widget"
    page = visit.page
    dead, moved = [], 0
    for page_path in pages:
        page.goto(f"{site_url}/{page_path}", wait_until="load")
        n = page.evaluate(COUNT_WIDGET_VIEWS)
        page.wait_for_function(WIDGETS_RENDERED, arg=n, timeout=TYPESET_TIMEOUT)
        roots = page.locator(".mlpbook-widget")
        for i in range(roots.count()):
            root = roots.nth(i)
            sliders = root.locator("input[type=range]")
            for k in range(sliders.count()):
                slider = sliders.nth(k)
                slider.scroll_into_view_if_needed()
                before = root.evaluate(WIDGET_LOOK)
                at_max = slider.evaluate("s => Number(s.value) >= Number(s.max)")
                slider.focus()
                page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
                page.wait_for_timeout(80)  # a redraw waits for the next animation frame
                if root.evaluate(WIDGET_LOOK) == before:
                    label = slider.evaluate("s => (s.labels && s.labels[0] ? s.labels[0]"
                                            ".innerText : s.id)")
                    dead.append(f"{page_path}: widget {i}, slider {label!r}")
                moved += 1
    assert moved > 0, "the widgets have no sliders at all"
    assert not dead, "sliders that change nothing on the page:\n  " + "\n  ".join(dead)
    assert not visit.problems(), visit.problems()


def test_search_finds_a_glossary_word(site_url, visit):
    page = visit.page
    page.goto(f"{site_url}/search.html?q=backpropagation", wait_until="load")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=TYPESET_TIMEOUT)
    titles = " ".join(results.all_inner_texts())
    assert "Glossary" in titles, f"search for 'backpropagation' found: {titles!r}"
    assert not visit.problems(), visit.problems()
