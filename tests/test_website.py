"""The website, as a reader's browser shows it.

1. ``test_book_builds_without_warnings`` builds the book from scratch with
   ``jupyter-book build . --all -W --keep-going`` (which executes every chapter) and fails
   on a non-zero exit or any Sphinx warning ("WARNING:") in the log.
2. ``test_page`` opens every page named in ``_toc.yml`` in headless Chromium (Debian's
   ``/usr/bin/chromium``, driven by Playwright), served from ``_build/html`` by a local HTTP
   server, and fails on: an uncaught JavaScript exception, a console error of the page's
   own, a local file that does not load, an image that did not load, math that MathJax did
   not typeset, a widget that did not render, raw widget JSON or a Python traceback in
   the visible text.
3. ``test_search_finds_a_glossary_word`` checks that the site's search works.

The test runs offline and deterministically: every request to another host is blocked,
except the files the pages load from the jsDelivr CDN (MathJax, RequireJS and the widget
manager). Those are served from the very npm packages jsDelivr serves them from, fetched
once with ``npm pack`` into ``~/.cache/mlpbook/npm`` (the npm registry is all that needs
to be reachable), so math and widgets are checked as a reader online sees them, and the
pages' integrity hashes for those files are checked too.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import threading
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
HTML_DIR = REPO / "_build" / "html"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
CDN_HOST = "cdn.jsdelivr.net"
NPM_CACHE = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mlpbook" / "npm"
)
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
# Serving the site and the CDN files.


@pytest.fixture(scope="session")
def site_url(book_build):
    """Serve _build/html on 127.0.0.1 (a free port) for the whole session."""
    assert HTML_DIR.is_dir(), f"the build wrote no {HTML_DIR}:\n{tail(book_build[1])}"

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(HTML_DIR))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def split_cdn_url(url: str) -> tuple[str, str] | None:
    """``https://cdn.jsdelivr.net/npm/<package>@<version>/<path>`` -> (spec, path)."""
    parts = urlsplit(url)
    if parts.hostname != CDN_HOST or not parts.path.startswith("/npm/"):
        return None
    pieces = parts.path[len("/npm/") :].split("/")
    n = 2 if pieces[0].startswith("@") else 1
    return "/".join(pieces[:n]), "/".join(pieces[n:])


class NpmMirror:
    """npm packages unpacked under NPM_CACHE, to answer requests for jsDelivr's /npm/ URLs."""

    def __init__(self, root: Path):
        self.root = root

    def package_dir(self, spec: str) -> Path:
        target = self.root / spec.replace("/", "+")
        if not (target / "package.json").is_file():
            self._fetch(spec, target)
        return target

    def _fetch(self, spec: str, target: Path) -> None:
        npm = shutil.which("npm")
        if not npm:
            raise RuntimeError(f"npm is needed to fetch {spec} for the browser test")
        self.root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.root) as tmp:
            done = subprocess.run(
                [npm, "pack", spec, "--json", "--pack-destination", tmp],
                cwd=tmp,
                capture_output=True,
                text=True,
                timeout=300,
            )
            if done.returncode != 0:
                raise RuntimeError(f"`npm pack {spec}` failed: {done.stderr.strip()[-500:]}")
            tarball = Path(tmp) / json.loads(done.stdout)[0]["filename"]
            unpacked = Path(tmp) / "unpacked"
            with tarfile.open(tarball) as tar:
                if hasattr(tarfile, "data_filter"):
                    tar.extractall(unpacked, filter="data")
                else:  # Python < 3.10.12
                    tar.extractall(unpacked)
            shutil.rmtree(target, ignore_errors=True)
            (unpacked / "package").rename(target)

    def file_for(self, url: str) -> Path | None:
        split = split_cdn_url(url)
        if split is None:
            return None
        spec, path = split
        base = self.package_dir(spec).resolve()
        candidate = (base / path).resolve()
        if base in candidate.parents and candidate.is_file():
            return candidate
        return None


@pytest.fixture(scope="session")
def npm_mirror():
    return NpmMirror(NPM_CACHE)


# --------------------------------------------------------------------------------------
# The browser.


@pytest.fixture(scope="module")
def chromium():
    assert CHROMIUM.exists(), (
        f"{CHROMIUM} is missing: the browser test needs Debian's Chromium "
        "(apt-get install chromium)"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname in {
        "127.0.0.1",
        "localhost",
    }


class PageVisit:
    """A browser tab that records what went wrong while a page loaded and ran."""

    def __init__(self, browser, mirror: NpmMirror):
        self.mirror = mirror
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page_errors: list[str] = []
        self.console_errors: list[str] = []
        self.local_failures: list[str] = []
        self.blocked: list[str] = []
        self.page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        self.page.on("console", self._console)
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)

    def _route(self, route):
        url = route.request.url
        if is_local(url):
            return route.continue_()
        try:
            path = self.mirror.file_for(url)
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:  # say so, don't hang
            self.console_errors.append(f"cannot mirror {url}: {exc}")
            path = None
        if path is None:
            self.blocked.append(url)
            return route.abort("blockedbyclient")
        return route.fulfill(
            path=str(path),
            headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "max-age=3600"},
        )

    def _console(self, message):
        if message.type != "error":
            return
        source = (message.location or {}).get("url", "")
        # A request to another host that was blocked is logged as an error: expected offline.
        if message.text.startswith("Failed to load resource") and not is_local(source):
            return
        self.console_errors.append(f"{message.text} ({source})")

    def _request_failed(self, request):
        if is_local(request.url):
            self.local_failures.append(f"{request.url}: {request.failure}")

    def _response(self, response):
        if is_local(response.url) and response.status >= 400:
            self.local_failures.append(f"{response.url}: HTTP {response.status}")

    def close(self):
        self.context.close()


@pytest.fixture
def visit(chromium, npm_mirror):
    visit = PageVisit(chromium, npm_mirror)
    yield visit
    visit.close()


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
WIDGETS_RENDERED = """(n) => {
    const views = [...document.querySelectorAll('.widget-subarea')]
        .filter(el => el.querySelector('.jupyter-widgets') && el.offsetHeight > 0);
    return views.length >= n;
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


@pytest.mark.parametrize("page_path", toc_pages())
def test_page(page_path, site_url, visit):
    assert (HTML_DIR / page_path).is_file(), f"the build did not write {page_path}"
    page = visit.page
    page.goto(f"{site_url}/{page_path}", wait_until="load")
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

    expected_figures = executed_figure_count(page_path)
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
    problems += [f"uncaught JavaScript exception: {e}" for e in visit.page_errors]
    problems += [f"console error: {e}" for e in visit.console_errors]
    problems += [f"local request failed: {e}" for e in visit.local_failures]
    assert not problems, f"{page_path}:\n  " + "\n  ".join(problems)


def test_search_finds_a_glossary_word(site_url, visit):
    page = visit.page
    page.goto(f"{site_url}/search.html?q=backpropagation", wait_until="load")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=TYPESET_TIMEOUT)
    titles = " ".join(results.all_inner_texts())
    assert "Glossary" in titles, f"search for 'backpropagation' found: {titles!r}"
    assert not visit.page_errors, visit.page_errors
