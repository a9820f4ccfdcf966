"""Fixtures shared by the browser tests (see tests/browser.py and tests/widget_browser.py)."""

from __future__ import annotations

import pytest

from browser import PageWatch, launch, serve


@pytest.hookimpl(tryfirst=True)  # the order is set before other plugins read it
def pytest_collection_modifyitems(config, items):
    """The tests of the built site run last: ``python -m mlpbook test`` builds the book in
    the background while everything else runs (and plain pytest builds it when the first of
    them needs it), so by then the site is there."""
    site = [item for item in items if "book_build" in getattr(item, "fixturenames", ())]
    for item in site:  # the first of them waits for the build
        if item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(2400))
    if site:
        chosen = set(map(id, site))
        items[:] = [item for item in items if id(item) not in chosen] + site


@pytest.fixture(scope="session")
def book_build():
    """Build both editions once per test session (the README's command); return
    ``(exit code, log text)``. Every test of the built site shares this one build."""
    from built_site import build_book

    return build_book()


@pytest.fixture(scope="session")
def site_url(book_build):
    """Serve _build/html on 127.0.0.1 (a free port) for the whole session."""
    from built_site import HTML_DIR, tail

    assert HTML_DIR.is_dir(), f"the build wrote no {HTML_DIR}:\n{tail(book_build[1])}"
    with serve(HTML_DIR) as url:
        yield url


@pytest.fixture
def visit(chromium):
    """A fresh browser tab that records what went wrong on the pages it opens."""
    watch = PageWatch(chromium)
    yield watch
    watch.close()


@pytest.fixture(scope="session")
def chromium():
    """Headless Chromium for the whole session (fails in one line if there is none)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _runs_kept_apart(tmp_path_factory):
    """Runs the unit tests train are remembered in a folder of this session, not in the
    user's cache (the book's builds and nbval, other processes, share the user's)."""
    from mlpbook.engine import runcache

    folder = tmp_path_factory.mktemp("runs")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runcache, "cache_dir", lambda: folder)
        yield folder


@pytest.fixture(scope="session")
def widget_site(tmp_path_factory):
    """A folder with the site's scripts in ``_static`` and a local server for it."""
    from mlpbook.book import assets

    root = tmp_path_factory.mktemp("widget-site")
    assets.install_web_assets(root / "_static")
    with serve(root) as url:
        yield root, url


@pytest.fixture(scope="session")
def trainer_data(widget_site):
    """The trainer's MNIST data written into the test site's ``_static`` by the book's own
    writer (about 10 s): once per run for the trainer's and the fine-tuner's tests, which
    share one pytest-xdist worker for it (their modules' ``trainer-data`` group)."""
    from mlpbook.book.trainer_data import write_trainer_data

    root, _ = widget_site
    return write_trainer_data(root / "_static")


@pytest.fixture
def widget_page(chromium, widget_site):
    """``widget_page(*widgets, file_url=False)``: the widgets on a static page, rendered."""
    from widget_browser import WidgetPage, write_widget_page

    root, url = widget_site
    opened = []

    def open_page(*widgets, file_url=False):
        path = write_widget_page(widgets, root)
        watch = PageWatch(chromium)
        opened.append(watch)
        target = path.as_uri() if file_url else f"{url}/{path.name}"
        watch.page.goto(target, wait_until="load")
        shown = WidgetPage(watch, len(widgets))
        shown.wait_rendered()
        return shown

    yield open_page
    for watch in opened:
        watch.close()


@pytest.fixture
def esm(chromium, widget_site):
    """``call = esm("name"); call("fn", *args)``: run a widget module's export in Chromium
    (``esm("name", parts=("_exercise",))`` for a module built with shared parts)."""
    from widget_browser import CALL_EXPORT, module_source

    _, url = widget_site
    watch = PageWatch(chromium)
    watch.page.goto(f"{url}/", wait_until="load")

    def module(name, parts=()):
        src = module_source(name, tuple(parts))

        def call(fn, *args):
            return watch.page.evaluate(CALL_EXPORT, {"name": name, "src": src, "fn": fn,
                                                     "args": list(args)})

        return call

    yield module
    watch.close()
