"""The Sphinx extension that makes every build of the book complete, or a loud failure.

Named in ``_config.yml``, so it works the same for ``jupyter-book build .`` and for
``python -m mlpbook book``. It does five things a reader (or a CI log) should never have to
think about:

1. **Data first.** Before anything runs, it finds MNIST the way the package does (folder in
   ``MLPBOOK_DATA_DIR``, the user cache, else a download with a progress bar). If that fails
   the build stops at once with the data message (what is missing, where it looked, how to
   fix it) instead of executing ten chapters into ten tracebacks and "build succeeded".
2. **No stale pages.** Sphinx rebuilds only documents whose source changed, so a chapter that
   failed once (no data yet) would keep its broken page after the data arrived. Every
   notebook is marked out of date on each build, so each build executes all of them (the
   book's ``execute_notebooks: force`` asks for exactly that).
3. **A failed chapter fails the build.** myst-nb only warns when a notebook raises, and
   the page then shows a traceback; here the build stops with a list of the chapters that
   failed and why.
4. **No endless cells.** nbclient's cell timeout covers only the wait for the kernel's reply;
   a cell can still hang the executor forever (nbclient #312, nbconvert #2003). A watchdog
   bounds each whole cell, reply and outputs, by ``mlpbook_cell_deadline`` seconds (default:
   the cell timeout plus 60 s) and fails it with a message naming the notebook and the cell.
5. **Own scripts, no CDN.** Pages load MathJax and the widget loader from the site's
   ``_static/mlpbook-web`` (:mod:`mlpbook.book.assets`), so the website works offline and
   from disk; each widget module travels once per page (:mod:`mlpbook.book.shared_code`),
   and the theme's icon script, redundant with its icon fonts, gives way to a few lines.
   The kernel is also told to keep its TCP notice out of the log.

It also mends the few places where the theme's and docutils' markup fail WCAG 2.x A/AA
(:func:`accessible_markup`, run on every written page of both editions).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import pathlib
import re

from sphinx.errors import ConfigError, ExtensionError
from sphinx.util import logging

from . import assets

logger = logging.getLogger(__name__)

# The notebook being executed, for the watchdog's message (set around each execution).
_current_notebook: contextvars.ContextVar[str] = contextvars.ContextVar("notebook", default="?")
_DEFAULT_GRACE = 60  # seconds past nbclient's own timeout before the watchdog steps in


def _first_lines(source: str, n: int = 3) -> str:
    lines = [line for line in source.strip().splitlines() if line.strip()]
    shown = "\n    ".join(lines[:n])
    return shown + ("\n    ..." if len(lines) > n else "")


def cell_deadline(config_value, timeout) -> float | None:
    """The watchdog's limit in seconds: the configured value, else nbclient's timeout + 60 s."""
    if config_value:
        return float(config_value)
    if timeout is None or timeout < 0:
        return None
    return float(timeout) + _DEFAULT_GRACE


def install_watchdog(deadline_of) -> None:
    """Bound every cell nbclient executes by ``deadline_of(client)`` seconds (None: no bound).

    The whole cell runs as a task awaited with a time limit; on expiry the task is
    cancelled and a :class:`nbclient.exceptions.CellTimeoutError` names the notebook and
    the cell, so myst-nb reports it like any failed execution and the kernel is shut down.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError

    original = NotebookClient.async_execute_cell
    if getattr(original, "_mlpbook_watchdog", False):
        return

    @functools.wraps(original)
    async def execute_cell(self, cell, cell_index, *args, **kwargs):
        limit = deadline_of(self)
        if limit is None or cell.get("cell_type") != "code":
            return await original(self, cell, cell_index, *args, **kwargs)
        task = asyncio.ensure_future(original(self, cell, cell_index, *args, **kwargs))
        done, _ = await asyncio.wait({task}, timeout=limit)
        if done:
            return task.result()
        task.cancel()
        try:  # whatever the cancelled cell raises on its way out is not the story
            await task
        except BaseException:  # noqa: BLE001
            pass
        raise CellTimeoutError(
            f"{_current_notebook.get()}: cell {cell_index} did not finish within "
            f"{limit:g} s and was stopped (the build's hang watchdog). The cell:\n"
            f"    {_first_lines(cell.get('source', ''))}\n"
            "If it legitimately needs longer, raise `execute: timeout` in _config.yml."
        )

    execute_cell._mlpbook_watchdog = True
    NotebookClient.async_execute_cell = execute_cell

    # The kernel logs a notice about unencrypted local TCP on every start; it says nothing
    # about the book. Its real errors still show.
    original_start = NotebookClient.async_start_new_kernel

    @functools.wraps(original_start)
    async def start_new_kernel(self, **kwargs):
        if "--log-level=ERROR" not in self.extra_arguments:
            self.extra_arguments = [*self.extra_arguments, "--log-level=ERROR"]
        return await original_start(self, **kwargs)

    NotebookClient.async_start_new_kernel = start_new_kernel


def _name_notebooks_for_watchdog() -> None:
    """Record which notebook myst-nb executes, so the watchdog can name it."""
    from myst_nb.core.execute.direct import NotebookClientDirect

    original = NotebookClientDirect.start_client
    if getattr(original, "_mlpbook_named", False):
        return

    @functools.wraps(original)
    def start_client(self):
        token = _current_notebook.set(str(self.path))
        try:
            return original(self)
        finally:
            _current_notebook.reset(token)

    start_client._mlpbook_named = True
    NotebookClientDirect.start_client = start_client


# ------------------------------------------------------------ glue in translated paragraphs
# A translated paragraph (the Chinese edition) is parsed again from its catalog entry, as a
# small document of its own that lacks the notebook's outputs, so a {glue:text} in it finds
# no value and silently vanishes. Each notebook's renderer (which holds its glue data) is
# remembered by document name when the notebook itself is parsed (always first, in English)
# and lent to those small documents.

_renderers: dict[str, object] = {}


def _lend_renderer_to_translations() -> None:
    from myst_nb.ext.glue import directives, roles, utils

    original = utils.retrieve_glue_data
    if getattr(original, "_mlpbook_lends", False):
        return

    @functools.wraps(original)
    def retrieve_glue_data(document, key):
        env = getattr(document.settings, "env", None)
        docname = getattr(env, "docname", None)
        if "nb_renderer" in document:  # the notebook itself, parsed (in English) first
            _renderers[docname] = document["nb_renderer"]
        elif docname in _renderers:  # a translated paragraph of that notebook
            document["nb_renderer"] = _renderers[docname]
            try:
                return original(document, key)
            finally:  # lent, not given: the small document ends up pickled with the page
                del document["nb_renderer"]
        return original(document, key)

    retrieve_glue_data._mlpbook_lends = True
    for module in (utils, roles, directives):
        module.retrieve_glue_data = retrieve_glue_data


# ------------------------------------------------------------------ figures' alt text
def _alt_from_outputs() -> None:
    """A figure's picture gets the words its figure function wrote (``mlpbook.viz.describe``)
    as its ``alt``: the notebook's PNG output carries them as metadata, which myst-nb reads
    only for width and height; a cell's own ``mystnb: image: alt`` still wins."""
    from myst_nb.core.render import NbElementRenderer

    original = NbElementRenderer.render_image
    if getattr(original, "_mlpbook_alt", False):
        return

    @functools.wraps(original)
    def render_image(self, data):
        made = original(self, data)
        alt = (data.output_metadata.get(data.mime_type) or {}).get("alt")
        if alt:
            for node in made:
                if not node.get("alt"):
                    node["alt"] = str(alt)
        return made

    render_image._mlpbook_alt = True
    NbElementRenderer.render_image = render_image


# --------------------------------------------------------------------------- Sphinx events


def _executes(config) -> bool:
    return getattr(config, "nb_execution_mode", "off") not in ("off", None)


def on_config_inited(app, config) -> None:
    config.mathjax_path = assets.MATHJAX_PATH
    config.nb_ipywidgets_js = assets.widget_scripts()
    if not _executes(config):
        return  # e.g. extracting text for translation: no chapter runs, no data needed
    if config.mlpbook_needs_data:
        from ..engine.data import DataError, find_data_dir

        try:
            folder = find_data_dir()
        except DataError as exc:
            raise ConfigError(
                "the book needs the MNIST data to execute its chapters, and it is not here.\n"
                f"{exc}\nThen run the build again.") from None
        logger.info(f"[mlpbook] MNIST found in {folder}")
    timeout = getattr(config, "nb_execution_timeout", None)
    deadline = cell_deadline(config.mlpbook_cell_deadline, timeout)
    install_watchdog(lambda client: deadline)
    _name_notebooks_for_watchdog()


def on_builder_inited(app) -> None:
    if app.builder.format != "html":
        return
    # A build into the folder of an earlier one: the theme's icon script comes back whole
    # (this build replaces it again when it is done).
    assets.forget_theme_icon_script(pathlib.Path(app.outdir) / "_static")
    try:  # fetch and verify now, so a missing script fails the build before the chapters run
        for package in assets.PACKAGES:
            assets.fetch_package(package)
    except assets.AssetError as exc:
        raise ExtensionError(f"the website's scripts: {exc}") from None


def on_env_get_outdated(app, env, added, changed, removed):
    if not _executes(app.config) or app.config.nb_execution_mode != "force":
        return []
    return [doc for doc in env.found_docs
            if doc not in added and doc not in changed
            and pathlib.Path(env.doc2path(doc)).suffix == ".ipynb"]


def _error_summary(data: dict, lines: int = 6) -> str:
    """The end of an execution traceback: the error and its message (ANSI colours removed)."""
    import re

    text = re.sub(r"\x1b\[[0-9;]*m", "", data.get("traceback") or data.get("error") or "")
    tail = [line for line in text.strip().splitlines() if line.strip()][-lines:]
    return "\n".join("      " + line for line in tail)


def on_env_updated(app, env):
    """Stop the build when a chapter failed to execute: a page of tracebacks is no page."""
    from myst_nb.sphinx_ import NbMetadataCollector

    failed = []
    for doc, meta in sorted(NbMetadataCollector.get_doc_data(env).items()):
        data = meta.get("exec_data")
        if data and not data.get("succeeded", True):
            failed.append(f"  {env.doc2path(doc)}: {data.get('error')}\n{_error_summary(data)}")
    if failed:
        raise ExtensionError(
            f"{len(failed)} chapter(s) failed to execute, so the book was not written:\n"
            + "\n".join(failed)
            + "\n(Full tracebacks are in the log above.)")


def _language_switch(app, pagename, templatename, context, doctree) -> None:
    """Every page links to the same page in the book's other edition(s)."""
    from .editions import EDITIONS

    codes = [code for code in app.config.mlpbook_editions if code in EDITIONS]
    here = EDITIONS.get(app.config.mlpbook_edition, EDITIONS["en"])
    others = [EDITIONS[code] for code in codes if code != here.code]
    if not others or "body" not in context:
        return
    site_root = "../" * pagename.count("/") + ("../" if here.folder else "")
    links, alternates = [], []
    for edition in others:
        href = f"{site_root}{edition.folder + '/' if edition.folder else ''}{pagename}.html"
        lang = edition.sphinx.replace("_", "-")
        links.append(f'<a class="mlpbook-edition-link" href="{href}" hreflang="{lang}" '
                     f'lang="{lang}">{edition.name}</a>')
        alternates.append(f'<link rel="alternate" hreflang="{lang}" href="{href}">')
    context["body"] = ('<nav class="mlpbook-editions" aria-label="language / 语言">'
                       + " ".join(links) + "</nav>\n" + context["body"])
    context["metatags"] = context.get("metatags", "") + "\n".join(alternates)


def _chinese_search_dictionary(app, config) -> None:
    """Sphinx's Chinese search cuts text into words with jieba; teach it the glossary's
    terms (加权和, 反向传播, ...) so each is found as one word."""
    if not str(config.language or "").startswith("zh"):
        return
    from .editions import glossary_names

    names = [name for name in glossary_names(pathlib.Path(app.srcdir))
             if any("\u4e00" <= ch <= "\u9fff" for ch in name)]
    path = pathlib.Path(app.doctreedir).parent / "jieba-glossary.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{name.replace(' ', '')} 1000 n\n" for name in names),
                    encoding="utf-8")
    config.html_search_options = {**(config.html_search_options or {}), "dict": str(path)}


def exercise_catalogue(env, language: str) -> dict:
    """Every chapter's exercises, for the first page's progress table: the chapter's title
    and page (from the built book) and its exercises (key, name, title, checkable here)."""
    import importlib
    import re

    from ..exercises import CHAPTERS

    pages = {}
    for doc in env.found_docs:
        match = re.fullmatch(r"chapters/(\d+)_\w+", doc)
        if match:
            pages[int(match.group(1))] = doc
    chapters = []
    for name in CHAPTERS:
        module = importlib.import_module(f"mlpbook.exercises.{name}")
        number = int(name[2:])
        doc = pages.get(number)
        if doc is None:
            continue
        title = env.titles[doc].astext() if doc in env.titles else doc
        chapters.append({"label": getattr(module.EXERCISES.chapter, "en", ""),
                         "title": title, "href": f"{doc}.html",
                         "exercises": module.EXERCISES.catalogue(language)})
    return {"language": language, "chapters": chapters}


def write_exercise_catalogue(app, web_dir: pathlib.Path) -> None:
    import json

    from .editions import EDITIONS

    edition = EDITIONS.get(app.config.mlpbook_edition, EDITIONS["en"])
    catalogue = exercise_catalogue(app.env, edition.code)
    web_dir.mkdir(parents=True, exist_ok=True)
    (web_dir / "exercises.js").write_text(
        "globalThis.mlpbookExercises = " + json.dumps(catalogue, ensure_ascii=False) + ";\n",
        encoding="utf-8")


def _math_in_outputs(app, doctree) -> None:
    """A page whose only formulas are in cell outputs (an exercise's statement, typeset like
    the prose: ``mlpbook.exercises.rendering``) still gets MathJax: Sphinx loads it only on
    pages with math in the prose, so the page is marked as having equations."""
    from docutils import nodes

    marker = 'class="math notranslate nohighlight"'
    if any(marker in node.astext() for node in doctree.findall(nodes.raw)
           if "html" in node.get("format", "")):
        app.env.get_domain("math").data["has_equations"][app.env.docname] = True


def _share_widget_code(app, pagename, templatename, context, doctree) -> None:
    """Each distinct widget module and stylesheet leaves the page's embedded widget state
    for one shared file in ``_static`` (:mod:`.shared_code`). Runs before myst-nb adds the
    state to the page (its handler has the default priority, 500)."""
    if app.builder.format != "html" or not hasattr(app.env, "nb_metadata"):
        return
    from myst_nb.sphinx_ import NbMetadataCollector

    from .shared_code import share_state_body

    js_files = NbMetadataCollector.get_js_files(app.env, pagename)
    uri, kwargs = js_files.get("ipywidgets_state", (None, None))
    if kwargs and kwargs.get("body"):
        body = share_state_body(kwargs["body"], pathlib.Path(app.outdir) / "_static")
        js_files["ipywidgets_state"] = (uri, {**kwargs, "body": body})


def _progress_on_first_page(app, pagename, templatename, context, doctree) -> None:
    """The first page shows the book's exercise progress: its two scripts, there only."""
    if pagename == app.config.root_doc:
        app.add_js_file(f"{assets.WEB_DIR}/exercises.js")
        app.add_js_file(f"{assets.WEB_DIR}/{assets.BOOK_PROGRESS}")


# ------------------------------------------------- markup every reader can use (WCAG 2.x)
# What axe-core (tests/test_site_accessibility.py) finds in markup the book does not write
# itself, each mended where it is made the same way on every page:
_ACCESSIBLE = (
    # The theme's search button says "Search Ctrl+K" but is named "Search" (2.5.3 Label in
    # Name, which speech-input users rely on): its name comes from what it shows instead.
    (re.compile(r'(<button class="[^"]*\bsearch-button-field\b[^"]*"[^>]*?) aria-label="[^"]*"'),
     r"\1"),
    # Folded code cells (sphinx-togglebutton): a summary showing "Show code cell source" is
    # named "Toggle hidden content"; named by its visible words instead.
    (re.compile(r'<summary aria-label="[^"]*">'), "<summary>"),
    # The theme-switch button is named "Color mode", while its icons carry titles ("Light",
    # "Dark"; Font Awesome turns them into SVG <title>s) that count as the words it shows:
    # the icons are decoration, without titles.
    (re.compile(r'(<i class="theme-switch [^"]*"[^>]*?) title="[^"]*"'), r"\1"),
    # docutils' citation list has role="list" but its entries carry role="doc-biblioentry"
    # (deprecated in DPUB-ARIA 1.1), so the list owns no list items (critical for screen
    # readers): the entries become list items.
    (re.compile(r'(<div class="citation"[^>]*?) role="doc-biblioentry"'), r'\1 role="listitem"'),
)


def accessible_markup(html: str) -> str:
    """``html`` with the theme's and docutils' WCAG failures mended (:data:`_ACCESSIBLE`)."""
    for pattern, replacement in _ACCESSIBLE:
        html = pattern.sub(replacement, html)
    return html


def make_pages_accessible(html_dir: pathlib.Path) -> int:
    """Apply :func:`accessible_markup` to every page under ``html_dir``; returns how many
    changed."""
    changed = 0
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = accessible_markup(text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def on_build_finished(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        from .editions import EDITIONS, translate_theme_words

        edition = EDITIONS.get(app.config.mlpbook_edition)
        if edition is not None:
            translate_theme_words(pathlib.Path(app.outdir), edition.theme_words)
        make_pages_accessible(pathlib.Path(app.outdir))
        static = pathlib.Path(app.outdir) / "_static"
        assets.install_web_assets(static)
        assets.replace_theme_icon_script(static)
        write_exercise_catalogue(app, static / assets.WEB_DIR)
        if app.config.mlpbook_needs_data and _executes(app.config):
            # The in-page trainer's MNIST subset: made from the files the loader found,
            # never committed; fetched by a page only when its reader presses Train.
            from .trainer_data import write_trainer_data

            sizes = write_trainer_data(static)
            logger.info(f"[mlpbook] trainer data: {sizes['bin_gz_bytes'] / 1e6:.2f} MB gzip")


def setup(app):
    _lend_renderer_to_translations()
    _alt_from_outputs()
    app.add_config_value("mlpbook_cell_deadline", None, "env")
    app.add_config_value("mlpbook_needs_data", True, "env")  # False: a book that needs no MNIST
    app.add_config_value("mlpbook_edition", "en", "html")  # this build's edition (editions.py)
    app.add_config_value("mlpbook_editions", ["en"], "html")  # all editions built beside it
    app.connect("config-inited", _chinese_search_dictionary)
    app.connect("html-page-context", _language_switch)
    app.connect("html-page-context", _progress_on_first_page)
    app.connect("html-page-context", _share_widget_code, priority=450)
    app.connect("doctree-read", _math_in_outputs)
    app.add_css_file(assets.SITE_CSS)
    app.add_js_file(f"{assets.WEB_DIR}/{assets.FORMULAS}", loading_method="defer")
    app.connect("config-inited", on_config_inited, priority=400)
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-updated", on_env_updated)
    app.connect("build-finished", on_build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
