"""The website, as a reader's browser shows it, with no kernel and no internet.

Both editions are checked: English (``_build/html``) and Chinese (``_build/html/zh``).

1. ``test_book_builds_without_warnings`` builds the book from scratch with the README's
   command, ``python -m mlpbook book --strict`` (each edition with ``jupyter-book build
   --all -W --keep-going``, which executes every chapter), and fails on a non-zero exit or
   any Sphinx warning ("WARNING:") in the log.
2. ``test_page`` opens every page named in ``_toc.yml`` in headless Chromium, served from
   ``_build/html`` by a local HTTP server, with every request to another host blocked, and
   fails on: any request to another host (the site must serve all it needs), an uncaught
   JavaScript exception, a console error, a local file that does not load, a broken image,
   math that MathJax did not typeset, a widget that did not render, raw widget JSON or a
   Python traceback on the page, or a figure of the executed chapter missing from the page.
3. ``test_widgets_respond`` moves every slider of every widget with the keyboard and checks
   that the widget's picture or numbers change: the pages are interactive without Python.
4. ``test_page_from_disk`` opens every page from ``file://``: math and widgets still work.
5. ``test_search_finds_a_glossary_word`` checks that the site's search works, in English
   and in Chinese (``加权和``, ``反向传播``: whole words, thanks to jieba and the glossary).
6. ``test_language_switch`` follows every page's link to its twin in the other edition.
7. ``test_chinese_pages_are_chinese`` fails on a paragraph of the Chinese edition's prose
   left in English, and on raw markup (``{glue``, ``{term}``, ``**``) shown as text. (The
   exercises' statements and feedback, which Python prints into cell outputs, are not
   translated yet, so outputs are left out of this count.)
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path, PurePosixPath

import pytest
import yaml
from built_site import (ANSI, EDITION_FOLDERS, HTML_DIR, REPO, TYPESET_TIMEOUT,  # noqa: F401
                        all_pages, tail, toc_pages)

# Building the book executes every chapter: far longer than one ordinary test may take.
pytestmark = pytest.mark.timeout(2400)


def test_book_builds_without_warnings(book_build):
    code, log = book_build
    # Sphinx writes "WARNING: ..."; a kernel's own log line ("[IPKernelApp] WARNING | Kernel
    # is running over TCP ...") goes to the same stream but says nothing about the book.
    warnings = [line for line in log.splitlines() if "WARNING:" in line]
    assert code == 0 and not warnings, (
        f"`jupyter-book build . -W` exited {code} with {len(warnings)} warning line(s)"
        f" (full log: _build/build.log):\n" + "\n".join(warnings[:40]) + "\n...\n" + tail(log)
    )


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
# Every widget view rendered by the site's loader (mlpbook/book/static_widgets.js), and the
# book's own figures visible.
WIDGETS_RENDERED = """(n) => {
    const views = [...document.querySelectorAll('.mlpbook-static-widget')];
    return views.length >= n && views.every(el => el.dataset.rendered === 'yes')
        && [...document.querySelectorAll('.mlpbook-widget')].every(el => el.offsetHeight > 0);
}"""
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


def executed_notebook(page_path: str) -> Path | None:
    """The executed copy of the notebook behind a page (None: the page is no notebook)."""
    if page_path.startswith("zh/"):
        base = REPO / "_build" / ".editions" / "zh" / "_build" / "jupyter_execute"
        page_path = page_path[len("zh/"):]
    else:
        base = REPO / "_build" / "jupyter_execute"
    executed = base / PurePosixPath(page_path).with_suffix(".ipynb")
    return executed if executed.is_file() else None


def executed_figure_count(page_path: str) -> int | None:
    """How many images the executed notebook behind a page produced (None: not a notebook).

    The build keeps the executed copy in _build/jupyter_execute; every image output of a
    cell that is not removed from the page must show up there as an <img>.
    """
    executed = executed_notebook(page_path)
    if executed is None:
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
        # Every numbered chapter draws figures (the appendix is text and tables), so a chapter
        # with none means the build lost them all.
        numbered = re.search(r"chapters/\d\d_", page_path) is not None
        if expected_figures == 0 and numbered:
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


@pytest.mark.parametrize("page_path", all_pages())
def test_page(page_path, site_url, visit):
    assert (HTML_DIR / page_path).is_file(), f"the build did not write {page_path}"
    problems = open_and_check(visit.page, f"{site_url}/{page_path}", page_path)
    problems += visit.problems()
    assert not problems, f"{page_path}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("page_path", all_pages())
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
    for page_path in all_pages():
        executed = executed_notebook(page_path)
        if executed is not None and "widget-view+json" in executed.read_text(encoding="utf-8"):
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


@pytest.mark.parametrize("folder, query, title", [
    ("", "backpropagation", "Glossary"),
    ("zh/", "反向传播", "术语表"),
    ("zh/", "加权和", "术语表"),
])
def test_search_finds_a_glossary_word(folder, query, title, site_url, visit):
    page = visit.page
    page.goto(f"{site_url}/{folder}search.html?q={query}", wait_until="load")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=TYPESET_TIMEOUT)
    titles = " ".join(results.all_inner_texts())
    assert title in titles, f"search for {query!r} found: {titles!r}"
    assert not visit.problems(), visit.problems()


SWITCH_LINKS = "() => [...document.querySelectorAll('a.mlpbook-edition-link')].map(a => a.href)"


def test_language_switch(site_url, visit):
    """Every page of each edition links to the same page of the other, and the link works."""
    page, broken = visit.page, []
    for page_path in all_pages():
        page.goto(f"{site_url}/{page_path}", wait_until="domcontentloaded")
        links = page.evaluate(SWITCH_LINKS)
        twin = page_path[3:] if page_path.startswith("zh/") else "zh/" + page_path
        if links != [f"{site_url}/{twin}"]:
            broken.append(f"{page_path}: switch links {links}, expected the page {twin}")
        elif not (HTML_DIR / twin).is_file():
            broken.append(f"{page_path}: its twin {twin} was not built")
    assert not broken, "\n".join(broken)


# Paragraphs of the page's prose (not code, math or cell outputs) with no Chinese in them.
ENGLISH_PROSE = """() => {
    const article = document.querySelector('article') || document.body;
    const skip = 'pre, code, .math, mjx-container, .cell_output, .output, .highlight, ' +
                 '.bibliography, .citation, .mlpbook-editions, .cell_input';
    const english = [];
    for (const el of article.querySelectorAll('p, li, h1, h2, h3, dd, th, td, figcaption')) {
        if (el.closest(skip)) continue;
        const clone = el.cloneNode(true);
        clone.querySelectorAll('code, .math, mjx-container, a.reference.external, ul, ol')
             .forEach(n => n.remove());
        const text = clone.innerText || '';
        if (/[\u4e00-\u9fff]/.test(text)) continue;
        if ((text.match(/[A-Za-z]{3,}/g) || []).length >= 4) english.push(text.slice(0, 100));
    }
    return english;
}"""
RAW_MARKUP = """() => {
    const prose = (document.querySelector('article') || document.body).cloneNode(true);
    prose.querySelectorAll('pre, code, .highlight, .cell_input, .cell_output, .math, ' +
                           'mjx-container').forEach(n => n.remove());
    const text = prose.innerText;
    return ['{glue', '{term}', '{cite', '**'].filter(s => text.includes(s));
}"""


# The page's interface around the article (theme buttons, tooltips, labels for screen
# readers, footer) in words with no Chinese, names excepted.
INTERFACE_ENGLISH = """(allowed) => {
    const found = new Set();
    const english = (t) => /[A-Za-z]{3,}/.test(t) && !/[\\u4e00-\\u9fff]/.test(t)
        && !allowed.some(name => t.trim() === name);
    const walk = (el) => {
        if (el.closest('article, script, style, .bd-sidebar-primary .navbar-brand')) return;
        for (const name of ['title', 'aria-label', 'data-bs-title', 'placeholder']) {
            const v = el.getAttribute(name);
            if (v && english(v)) found.add(`${name}="${v}"`);
        }
        for (const node of el.childNodes) {
            if (node.nodeType === 3 && english(node.textContent)) found.add(node.textContent.trim());
            else if (node.nodeType === 1) walk(node);
        }
    };
    walk(document.body);
    return [...found];
}"""
INTERFACE_NAMES = ["Ctrl", "Binder", "GitHub", "repository", ".ipynb", ".pdf", "English",
                   "ReLU", "MNIST"]


def test_chinese_pages_are_chinese(site_url, visit):
    page, problems, counts = visit.page, [], {}
    for page_path in toc_pages():
        if page_path == "references.html":  # the bibliography itself stays as published
            continue
        page.goto(f"{site_url}/zh/{page_path}", wait_until="load")
        english = page.evaluate(ENGLISH_PROSE)
        counts[page_path] = len(english)
        problems += [f"zh/{page_path}: English paragraph: {text!r}" for text in english[:3]]
        problems += [f"zh/{page_path}: raw markup shows: {raw!r}"
                     for raw in page.evaluate(RAW_MARKUP)]
        problems += [f"zh/{page_path}: interface in English: {text!r}"
                     for text in page.evaluate(INTERFACE_ENGLISH, INTERFACE_NAMES)]
    print("English paragraphs per Chinese page:", counts)
    # The same measure sees the English edition's prose as English (it can fail).
    page.goto(f"{site_url}/intro.html", wait_until="load")
    assert len(page.evaluate(ENGLISH_PROSE)) > 10
    assert not problems, f"{sum(counts.values())} English paragraph(s):\n  " + "\n  ".join(problems)


def test_launch_and_download_buttons(site_url, visit):
    """Each chapter offers Binder (JupyterLab, built from the one repository address in
    _config.yml) and its own .ipynb for download; the download works from the site."""
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    repo = config["repository"]["url"].removeprefix("https://github.com/").strip("/")
    binder = config["launch_buttons"]["binderhub_url"].rstrip("/")
    branch = config["repository"].get("branch", "main")
    page, problems = visit.page, []
    for page_path in all_pages():
        if "chapters/" not in page_path:
            continue
        notebook = PurePosixPath(page_path.removeprefix("zh/")).with_suffix(".ipynb")
        page.goto(f"{site_url}/{page_path}", wait_until="domcontentloaded")
        hrefs = page.evaluate("() => [...document.querySelectorAll('a')].map(a => a.href)")
        launch = f"{binder}/v2/gh/{repo}/{branch}?urlpath=lab/tree/{notebook}"
        if launch not in hrefs:
            problems.append(f"{page_path}: no Binder link {launch}")
        downloads = [h for h in hrefs if h.endswith(f"_sources/{notebook}")]
        if not downloads:
            problems.append(f"{page_path}: no download link for {notebook}")
            continue
        response = page.request.get(downloads[0])
        if response.status != 200 or '"cells"' not in response.text():
            problems.append(f"{page_path}: the download {downloads[0]} gives HTTP "
                            f"{response.status}, not the notebook")
    assert not problems, "\n".join(problems)


GENERIC_ALT = re.compile(r"^(figure|plot|image|chart|graph|picture|png|img|_?[0-9a-f]{16,})\b",
                         re.IGNORECASE)
#: The opening of mlpbook.viz._alt._summarise, the safety net for figures made outside the
#: package (and its older wording): a book figure left to it lacks its own description.
FALLBACK_ALT = re.compile(r"^(A figure (of|with)\b|一张含|一张图，含)")


def test_every_figure_has_meaningful_alt_text(book_build):
    """Issue 19 item 2: no <img> of any built page has an empty, path-like or generic alt (a
    screen reader would read a 64-character hash), nor the automatic summary that stands in
    for a figure function's own description; cheap, it reads the HTML files only."""
    assert HTML_DIR.is_dir(), f"the build wrote no {HTML_DIR}:\n{tail(book_build[1])}"
    bad, figures = [], 0
    for page in all_pages():
        source = (HTML_DIR / page).read_text(encoding="utf-8")
        for tag in re.findall(r"<img\b[^>]*>", source):
            src = re.search(r'\bsrc="([^"]*)"', tag)
            if not src or "_images/" not in src.group(1):
                continue
            figures += 1
            alt = re.search(r'\balt="([^"]*)"', tag)
            text = html.unescape(alt.group(1)).strip() if alt else ""
            if (len(text) < 20 or GENERIC_ALT.match(text) or FALLBACK_ALT.match(text)
                    or "/" in text.split(" ")[0] or re.search(r"\.(png|svg|jpe?g)\b", text)):
                bad.append(f"{page}: {src.group(1)} alt={text[:120]!r}")
    assert figures > 0
    assert bad == [], f"{len(bad)} of {figures} figures lack meaningful alt:\n" + "\n".join(bad[:40])
