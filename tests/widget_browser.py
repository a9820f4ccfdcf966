"""Widgets on a static page, as the book shows them, in a real browser.

:func:`write_widget_page` embeds widgets into an HTML page the way the built book does:
their full state (module included) in a ``widget-state+json`` script, rendered by the
site's own RequireJS + html-manager + anywidget (:mod:`mlpbook.book.assets`), with no
kernel and nothing from another host. The fixtures in ``conftest.py`` open such pages in
Chromium (``widget_page``) and call a widget module's exported functions (``esm``).
"""

from __future__ import annotations

import json
import itertools
from pathlib import Path

from ipywidgets.embed import embed_data, escape_script

from mlpbook.book import assets
from mlpbook.widgets._base import read_esm

RENDER_TIMEOUT = 30_000  # ms
_counter = itertools.count()


def write_widget_page(widgets, directory: Path) -> Path:
    """Write ``page-N.html`` into ``directory`` (which holds ``_static``); return its path."""
    # drop_defaults=False: the full state, as nbclient records it when the book executes.
    data = embed_data(views=list(widgets), drop_defaults=False)
    scripts = "\n".join(
        f'<script src="_static/{src}"'
        + "".join(f' {key}="{value}"' for key, value in attributes.items())
        + "></script>"
        for src, attributes in assets.widget_scripts().items()
    )
    state = escape_script(json.dumps(data["manager_state"]))
    views = "\n".join(
        f'<div class="widget-box" id="view-{i}"><script type="application/vnd.jupyter.widget-view+json">'
        f"{escape_script(json.dumps(spec))}</script></div>"
        for i, spec in enumerate(data["view_specs"])
    )
    html = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>widgets</title>\n'
        f'{scripts}\n<script type="application/vnd.jupyter.widget-state+json">{state}</script>\n'
        f'</head><body style="max-width: 760px; margin: 1rem auto">\n{views}\n</body></html>\n'
    )
    path = directory / f"page-{next(_counter)}.html"
    path.write_text(html, encoding="utf-8")
    return path


class WidgetPage:
    """An open page with rendered widgets: ``page``, ``root(i)``, ``problems()``."""

    def __init__(self, watch, count: int):
        self.watch = watch
        self.page = watch.page
        self.count = count

    def wait_rendered(self):
        try:
            self.page.wait_for_function(
                "(n) => document.querySelectorAll('.mlpbook-widget').length >= n",
                arg=self.count, timeout=RENDER_TIMEOUT)
        except Exception as exc:  # say why, not just "timeout"
            raise AssertionError(f"{self.count} widget(s) did not render: {exc}\n"
                                 + "\n".join(self.problems())) from None

    def root(self, i: int = 0):
        return self.page.locator(".mlpbook-widget").nth(i)

    def problems(self) -> list[str]:
        return self.watch.problems()


# Runs a named export of a module given as source text; typed arrays come back as lists.
CALL_EXPORT = """async ({name, src, fn, args}) => {
    window.__mlpbookModules = window.__mlpbookModules || {};
    if (!window.__mlpbookModules[name]) {
        const url = URL.createObjectURL(new Blob([src], {type: "text/javascript"}));
        window.__mlpbookModules[name] = await import(url);
    }
    const plain = (x) => ArrayBuffer.isView(x) ? Array.from(x)
        : Array.isArray(x) ? x.map(plain)
        : (x && typeof x === "object") ? Object.fromEntries(
            Object.entries(x).map(([k, v]) => [k, plain(v)]))
        : x;
    const f = window.__mlpbookModules[name][fn];
    if (typeof f !== "function") throw new Error(`${name}.js exports no function ${fn}`);
    return plain(await f(...args));
}"""


def module_source(name: str, parts: tuple[str, ...] = ()) -> str:
    return read_esm(name, parts)
