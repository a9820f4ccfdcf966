"""A real browser for the tests: find Chromium, start it, and watch a page for problems.

Shared by the website test and the widget tests. Every request that leaves this machine is
blocked and recorded (a page must work offline), and so is every console error, uncaught
exception and failed local request.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from mlpbook.book.browser import CHROMIUM_ENV, find_chromium

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


def launch(playwright):
    """Start headless Chromium, or fail with one line that says how to get one."""
    path = find_chromium()
    if path is None:
        pytest.fail(
            "no Chromium found for the browser tests: run the tests with `python -m mlpbook "
            f"test` (it installs one), or install Chromium, or set {CHROMIUM_ENV}=/path/to/chromium",
            pytrace=False,
        )
    return playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about", "file"} or parts.hostname in {
        "127.0.0.1",
        "localhost",
    }


class PageWatch:
    """A browser tab that records what went wrong while its pages loaded and ran."""

    def __init__(self, browser, viewport=(1280, 900), **options):
        """``options``: more Playwright context options (a phone: is_mobile, has_touch...)."""
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                           **options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page_errors: list[str] = []
        self.console_errors: list[str] = []
        self.local_failures: list[str] = []
        self.off_host: list[str] = []
        self.page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        self.page.on("console", self._console)
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)

    def _route(self, route):
        url = route.request.url
        if is_local(url):
            return route.continue_()
        self.off_host.append(url)
        return route.abort("blockedbyclient")

    def _console(self, message):
        if message.type == "error":
            source = (message.location or {}).get("url", "")
            self.console_errors.append(f"{message.text} ({source})")

    def _request_failed(self, request):
        if is_local(request.url):
            self.local_failures.append(f"{request.url}: {request.failure}")

    def _response(self, response):
        if is_local(response.url) and response.status >= 400:
            self.local_failures.append(f"{response.url}: HTTP {response.status}")

    def problems(self) -> list[str]:
        """Everything that went wrong so far, one line each (empty: all well)."""
        return ([f"uncaught JavaScript exception: {e}" for e in self.page_errors]
                + [f"console error: {e}" for e in self.console_errors]
                + [f"local request failed: {e}" for e in self.local_failures]
                + [f"request to another host: {u}" for u in self.off_host])

    def close(self):
        self.context.close()


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 (a free port); yields the base URL."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
