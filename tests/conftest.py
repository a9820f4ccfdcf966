"""Fixtures shared by the browser tests (see tests/browser.py and tests/widget_browser.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import PageWatch, launch, serve

# --------------------------------------------------------------------------------------
# nbval runs the chapters as a reader would: only the cells the page shows.
#
# A reader who copies the visible cells of a chapter into their own Python, in order, must
# get what the page shows, so a visible cell may not use a name that only a hidden cell
# made. For the chapters named here, nbval executes only the visible cells (the ones not
# tagged remove-cell or remove-input), in order, in a fresh kernel, and fails on any error.
# The hidden cells (glue for the prose, the assertions that check its claims) still run
# where they matter: in the book build, which executes every cell of every chapter in both
# editions and fails on any error (tests/test_website.py builds it).
VISIBLE_ONLY = {
    "01_digits_and_neurons.ipynb",
    "02_weights_and_bias.ipynb",
    "03_squishing_and_matrices.ipynb",
    "04_cost.ipynb",
    "05_gradient_descent.ipynb",
    "06_backpropagation.ipynb",
    "07_training_on_mnist.ipynb",
    "08_what_did_it_learn.ipynb",
    "09_memorisation.ipynb",
    "10_why_hidden_layers.ipynb",
    "appendix_training_details.ipynb",
}
HIDDEN_TAGS = {"remove-cell", "remove-input"}


def pytest_collection_modifyitems(config, items):
    hidden, kept = [], []
    for item in items:
        cell = getattr(item, "cell", None)
        tags = set(cell.get("metadata", {}).get("tags", [])) if cell is not None else set()
        if tags & HIDDEN_TAGS and Path(str(item.fspath)).name in VISIBLE_ONLY:
            hidden.append(item)
        else:
            kept.append(item)
    if hidden:
        config.hook.pytest_deselected(items=hidden)
        items[:] = kept


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


@pytest.fixture(scope="session")
def widget_site(tmp_path_factory):
    """A folder with the site's scripts in ``_static`` and a local server for it."""
    from mlpbook.book import assets

    root = tmp_path_factory.mktemp("widget-site")
    assets.install_web_assets(root / "_static")
    with serve(root) as url:
        yield root, url


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
