"""The book's editions: English (the source) and Chinese, built from the same notebooks.

Only prose is translated. Sphinx's gettext machinery extracts every paragraph, heading and
list item of the English pages into catalogs (``locales/zh_CN/LC_MESSAGES/<page>.po``); a
translator fills them; the Chinese build executes the same notebooks (with
``MLPBOOK_LANGUAGE=zh``, so widgets and exercise feedback speak Chinese) and puts each
translated paragraph in place of the English one, with the numbers computed by the same
code. The Chinese site lands in ``_build/html/zh/``, beside the English one, and every page
links to its twin.

* :func:`update_catalogs`: extract the English messages and merge them into the catalogs
  (new entries empty, changed ones fuzzy, removed ones obsolete);
* :func:`catalog_status`: how many entries each catalog has, and how many are missing;
* :func:`compile_catalogs`: turn every ``.po`` into the ``.mo`` Sphinx reads (the ``.mo``
  files are made, never committed);
* :func:`build_editions`: build editions side by side with ``jupyter-book``.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import shutil
import subprocess
import sys

import yaml

from . import PROJECT

#: ``jupyter-book`` run by this Python (its package has no ``__main__``).
JUPYTER_BOOK = "from jupyter_book.cli.main import main; main()"


@dataclasses.dataclass(frozen=True)
class Edition:
    code: str  # mlpbook's language code ("en", "zh"): MLPBOOK_LANGUAGE, widgets, exercises
    sphinx: str  # Sphinx's language ("en", "zh_CN")
    folder: str  # where it lands under _build/html ("" for the source edition)
    name: str  # the name of the language in itself, for the switch
    overrides: dict = dataclasses.field(default_factory=dict)  # Sphinx settings for it
    # _toc.yml part captions, where they should differ from the first page's catalog (see
    # edition_config: the catalog translates the captions and the book's title)
    captions: dict = dataclasses.field(default_factory=dict)
    theme_words: dict = dataclasses.field(default_factory=dict)  # untranslatable theme words


EDITIONS = {
    "en": Edition("en", "en", "", "English"),
    "zh": Edition(
        "zh", "zh_CN", "zh", "中文",
        overrides={
            "html_theme_options": {
                "search_bar_text": "搜索本书……",
                "extra_footer": "<p>代码：MIT 许可证。MNIST：Y. LeCun、C. Cortes 与 "
                                "C. J. C. Burges，CC BY-SA 3.0。</p>\n",
            },
            "nb_code_prompt_show": "显示代码单元",
            "nb_code_prompt_hide": "隐藏代码单元",
            # the bibliography laid out the Chinese way (mlpbook/book/bibliography.py)
            "bibtex_default_style": "mlpbook_zh",
        },
        # Words the theme writes into its templates without a translation hook (button
        # tooltips and labels for screen readers): replaced in the built pages.
        theme_words={"Toggle primary sidebar": "切换主侧栏",
                     "Toggle secondary sidebar": "切换次侧栏",
                     "Launch interactive content": "启动交互式内容",
                     "Source repositories": "源代码仓库", "Source repository": "源代码仓库",
                     "Download this page": "下载本页", "Fullscreen mode": "全屏模式",
                     "Main": "主导航", "Page": "页面", "Section Navigation": "章节导航",
                     "Site navigation": "站点导航", "Search": "搜索"},
    ),
}


def project_root() -> pathlib.Path:
    return PROJECT


def locale_dir(root: pathlib.Path | None = None) -> pathlib.Path:
    return (root or project_root()) / "locales"


def _merged(base: dict, extra: dict) -> dict:
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(
            out.get(key), dict) else value
    return out


def first_page_translations(root: pathlib.Path, edition: Edition) -> dict[str, str]:
    """The translated messages of the book's first page (``root`` in _toc.yml): English ->
    this edition's language, translated and not fuzzy; empty for the source edition.

    Sphinx's gettext puts the book's title (the first page's heading) and the _toc.yml part
    captions in that catalog, but inserts the captions after it translates, and the site's
    title comes from _config.yml: :func:`edition_config` takes both from here, so the
    sidebar, the site's title and the first page's heading say the same words.
    """
    if edition.sphinx == EDITIONS["en"].sphinx:
        return {}
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    path = locale_dir(root) / edition.sphinx / "LC_MESSAGES" / f"{toc.get('root', 'intro')}.po"
    if not path.is_file():
        return {}
    return {e.id: e.string for e in read_catalog(path)
            if isinstance(e.id, str) and e.string and not e.fuzzy}


def edition_config(root: pathlib.Path, edition: Edition, editions: list[str],
                   work: pathlib.Path, execute: bool = True) -> tuple[pathlib.Path, pathlib.Path]:
    """Write the _config.yml and _toc.yml of one edition into ``work``; return their paths."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    translated = first_page_translations(root, edition)
    sphinx_config = {
        "language": edition.sphinx,
        "locale_dirs": [str(locale_dir(root))],
        "mlpbook_edition": edition.code,
        "mlpbook_editions": editions,
        **edition.overrides,
    }
    if config.get("title") in translated and "html_title" not in sphinx_config:
        sphinx_config["html_title"] = translated[config["title"]]
    config = _merged(config, {"sphinx": {"config": sphinx_config}})
    if not execute:
        config = _merged(config, {"execute": {"execute_notebooks": "off"}})
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc.get("parts", []):
        caption = part.get("caption")
        part["caption"] = edition.captions.get(caption) or translated.get(caption, caption)
    work.mkdir(parents=True, exist_ok=True)
    config_path, toc_path = work / "_config.yml", work / "_toc.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
    toc_path.write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    return config_path, toc_path


def _edition_command(root: pathlib.Path, code: str, editions: list[str], strict: bool):
    """The jupyter-book command line and environment that build one edition."""
    edition = EDITIONS[code]
    work = root / "_build" / ".editions" / code
    config, toc = edition_config(root, edition, editions, work)
    command = [sys.executable, "-c", JUPYTER_BOOK, "build", str(root), "--all",
               "--config", str(config), "--toc", str(toc)]
    if strict:
        command += ["--warningiserror", "--keep-going"]
    if edition.folder:  # built beside, then copied under _build/html/<folder>
        command += ["--path-output", str(work)]
    env = dict(os.environ, MLPBOOK_LANGUAGE=edition.code)
    if len(editions) > 1:
        # Builds side by side share the cores: each library gets its share of threads, or
        # multithreaded BLAS on a busy machine slows down many times over, at random.
        share = str(max(1, (os.cpu_count() or 1) // len(editions)))
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                     "NUMBA_NUM_THREADS"):
            env.setdefault(name, share)
    return command, env


def _place(root: pathlib.Path, code: str) -> None:
    edition = EDITIONS[code]
    if edition.folder:
        target = root / "_build" / "html" / edition.folder
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(root / "_build" / ".editions" / code / "_build" / "html", target)


def compile_catalogs(root: pathlib.Path | None = None) -> list[pathlib.Path]:
    """Write the ``.mo`` beside every catalog, always; return them.

    Sphinx compiles a catalog only when its ``.po`` is newer than its ``.mo``, and in a
    fresh clone both have the checkout's time, so an old ``.mo`` would win and a page would
    show English where its catalog has Chinese. Compiling before every build removes the
    question (Babel is Sphinx's own catalog library).
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(locale_dir(root or project_root()).rglob("*.po")):
        with po.open("rb") as source:
            catalog = read_po(source)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as target:
            write_mo(target, catalog)   # fuzzy entries are left out, as msgfmt does
        written.append(mo)
    return written


def build_editions(codes: list[str], strict: bool = False, root: pathlib.Path | None = None,
                   out=sys.stdout) -> dict[str, int]:
    """Build the editions side by side (one process each: the machine's cores are used and
    the notebooks write no files, so nothing collides); each line of their output is
    echoed with the edition's code in front. Returns each edition's exit code."""
    import threading

    root = root or project_root()
    if any(EDITIONS[code].folder for code in codes):
        compile_catalogs(root)
    running = {}
    for code in codes:
        command, env = _edition_command(root, code, list(codes), strict)
        running[code] = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, text=True, bufsize=1)
    lock = threading.Lock()

    def echo(code, stream):
        for line in stream:
            with lock:
                out.write(f"[{code}] {line}" if len(codes) > 1 else line)
                out.flush()

    threads = [threading.Thread(target=echo, args=(code, proc.stdout)) for code, proc in
               running.items()]
    for thread in threads:
        thread.start()
    results = {code: proc.wait() for code, proc in running.items()}
    for thread in threads:
        thread.join()
    for code, result in results.items():
        if result == 0:
            _place(root, code)
    return results


def extract(root: pathlib.Path | None = None, work: pathlib.Path | None = None) -> pathlib.Path:
    """Run Sphinx's gettext builder on the English source (no chapter is executed); return
    the folder of the message templates (.pot), one per page."""
    root = root or project_root()
    work = work or root / "_build" / ".editions" / "gettext"
    config, toc = edition_config(root, EDITIONS["en"], ["en"], work, execute=False)
    command = [sys.executable, "-c", JUPYTER_BOOK, "build", str(root), "--all", "--config",
               str(config), "--toc", str(toc), "--builder", "custom", "--custom-builder",
               "gettext", "--path-output", str(work)]
    done = subprocess.run(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    if done.returncode != 0:
        raise RuntimeError(f"extracting the English messages failed:\n{done.stdout[-3000:]}")
    return work / "_build" / "gettext"


def extract_messages(root: pathlib.Path | None = None,
                     work: pathlib.Path | None = None) -> dict[str, set[str]]:
    """Today's English messages: page name -> the set of its message ids."""
    pot_dir = extract(root, work)
    return {str(path.relative_to(pot_dir).with_suffix("")): {e.id for e in read_catalog(path)}
            for path in sorted(pot_dir.rglob("*.pot"))}


def update_catalogs(root: pathlib.Path | None = None, languages=("zh",)) -> None:
    """Extract the English prose and merge it into each language's catalogs: new messages
    are added empty, edited ones kept as fuzzy suggestions, removed ones dropped."""
    from sphinx_intl import basic

    root = root or project_root()
    basic.update(str(locale_dir(root)), str(extract(root)),
                 [EDITIONS[lang].sphinx for lang in languages], line_width=0,
                 ignore_obsolete=True)


@dataclasses.dataclass
class CatalogStatus:
    page: str
    entries: int
    untranslated: int
    fuzzy: int


def catalog_status(language: str = "zh", root: pathlib.Path | None = None) -> list[CatalogStatus]:
    """One row per catalog of ``language``: entries, untranslated and fuzzy counts."""
    folder = locale_dir(root) / EDITIONS[language].sphinx / "LC_MESSAGES"
    rows = []
    for path in page_catalogs(folder):
        entries = read_catalog(path)
        rows.append(CatalogStatus(
            str(path.relative_to(folder).with_suffix("")), len(entries),
            sum(1 for e in entries if not e.string), sum(1 for e in entries if e.fuzzy)))
    return rows


def glossary_names(root: pathlib.Path | None = None) -> list[str]:
    """Every name of every glossary entry (English and Chinese), in file order."""
    path = (root or project_root()) / "glossary.md"
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    if "```{glossary}" not in text:
        return []
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines()
            if line.strip() and not line.startswith((" ", "\t", ":"))]


THEME_CATALOG = "sphinx"  # locales/<lang>/LC_MESSAGES/sphinx.po: the theme's words, by hand


def page_catalogs(folder: pathlib.Path) -> list[pathlib.Path]:
    """The catalogs of the book's pages (the theme's own catalog left out)."""
    return [path for path in sorted(folder.rglob("*.po")) if path.stem != THEME_CATALOG
            or path.parent != folder]


def translate_theme_words(html_dir: pathlib.Path, words: dict[str, str]) -> int:
    """Replace the theme's untranslatable words in attributes of the built pages (exact
    values of aria-label, title, data-bs-title, placeholder); returns how many pages
    changed."""
    import re

    if not words:
        return 0
    pattern = re.compile(r'((?:aria-label|title|data-bs-title|placeholder)=")('
                         + "|".join(re.escape(word) for word in words) + r')(")')
    changed = 0
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = pattern.sub(lambda m: m.group(1) + words[m.group(2)] + m.group(3), text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def read_catalog(path: pathlib.Path) -> list:
    """The live entries of a .po file (babel Messages: .id, .string, .fuzzy), header left out."""
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        catalog = read_po(handle)
    return [message for message in catalog if message.id]
