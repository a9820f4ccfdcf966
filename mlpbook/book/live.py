"""The live edition: the chapters as a reader runs them in JupyterLab (Binder or their own).

The chapters are written for the website (myst-nb and Sphinx). JupyterLab with its MyST
renderer, jupyterlab-myst 2.7, renders most of that MyST itself: headings, math, emphasis,
admonitions (note, admonition), ``{term}`` (as a link to nowhere). What it cannot render was
measured in a real JupyterLab 4.6 (tests/test_jupyterlab.py looks at every chapter):

==============================  ============================  ================================
in the chapter                  jupyterlab-myst shows         the live edition writes
==============================  ============================  ================================
``{glue:text}`key```            the bare key, ``key``         ``{eval}`glued["key"]```: the
                                                              number once the chapter has run
``{cite:p}`a,b```               a warning sign and the key    ``[Author, 1998a; Other, 2015]``
``{cite:t}`a```                 the same                      ``Author [1998a]``
``{term}`text <entry>```        a link that goes nowhere      ``text``
``{doc}`page```                 the bare name                 ``[Page's title](page.ipynb)``
``{literalinclude}`` directive  nothing at all                the code it includes
cells hidden on the website     every cell, open              hidden cells collapsed
==============================  ============================  ================================

``{eval}`` is jupyterlab-myst's inline expression: the kernel evaluates it when the markdown
cell runs (Run All), and until then the text shows the expression, ``glued["key"]``, which
the note the live edition puts under each chapter's title explains. The hidden cells import
:func:`mlpbook.book.glue.glue` instead of myst-nb's, so the live edition needs no Sphinx. Labels
of citations are the website's own (:mod:`mlpbook.book.bibliography`).

``python -m mlpbook.book.live`` writes the live edition of every chapter into ``live/``
(a copy the reader has edited is kept unless ``--force``); ``--in-place`` replaces the
chapters themselves, which only the Binder image does (``binder/postBuild``).
"""

from __future__ import annotations

import argparse
import ast
import copy
import functools
import hashlib
import json
import pathlib
import re
import sys

from . import PROJECT  # where the book lives: the chapters, references.bib, the sources

__all__ = ["live_notebook", "write_live_edition", "chapter_notebooks", "citation_labels",
           "is_live", "main", "LIVE_MARK", "ROLE_PATTERN"]

#: Notebook metadata key that marks a live edition (and holds what it was made from).
LIVE_MARK = "mlpbook_live"
#: A MyST role as written in the source: {name}`content`.
ROLE_PATTERN = re.compile(r"\{([A-Za-z][\w:+-]*)\}`([^`]*)`")
_DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{literalinclude\}[ \t]*(?P<path>\S+)[ \t]*\n"
                        r"(?P<options>(?:[ \t]*:[\w-]+:.*\n)*)(?P=fence)[ \t]*$", re.M)
_GLUE_IMPORT = re.compile(r"^from myst_nb import glue\b", re.M)
_HIDDEN_SOURCE = {"remove-cell", "remove-input", "hide-input", "hide-cell"}
_HIDDEN_OUTPUT = {"remove-cell", "remove-output", "hide-output", "hide-cell"}

NOTE = """\
```{note}
**The live edition of this chapter.** The numbers in its text are computed by the notebook
itself: until you run it (Run ▸ Run All Cells) each one shows where it comes from, such as
`glued["key"]`, and then its value. The cells the website hides are folded (click the
bar on the left of a cell to open it).

中文：运行 `mlpbook.set_language("zh")` 后，图表、交互图和练习都会显示中文。
```"""


# --------------------------------------------------------------------------- citations
@functools.lru_cache(maxsize=4)
def citation_labels(bib_path=None):
    """{key: label} of every entry of the bibliography, as the website labels them
    ("LeCun et al., 1998a"): all entries, sorted and disambiguated like references.md's."""
    from pybtex.database import parse_file

    from .bibliography import AuthorYearLabels, Style

    database = parse_file(str(bib_path or PROJECT / "references.bib"))
    entries = Style().sort(database.entries.values())
    return dict(zip((e.key for e in entries), AuthorYearLabels().format_labels(entries)))


def _cite(kind, keys, labels, where):
    found = []
    for key in (k.strip() for k in keys.split(",")):
        if key not in labels:
            raise ValueError(f"{where}: {{cite:{kind}}} names {key!r}, which references.bib "
                             f"does not have")
        found.append(labels[key])
    if kind == "p":
        return r"\[" + "; ".join(found) + r"\]"
    # cite:t: "Glorot & Bengio [2010]" (the label's two halves)
    return ", ".join(f"{label.rsplit(', ', 1)[0]} \\[{label.rsplit(', ', 1)[1]}\\]"
                     for label in found)


# --------------------------------------------------------------------------- literalinclude
def _included_code(path, options, where):
    """The text a literalinclude shows: the whole file, or one :pyobject: of it."""
    if not path.is_file():
        raise ValueError(f"{where}: literalinclude names {path}, which does not exist")
    text = path.read_text(encoding="utf-8")
    unknown = set(options) - {"language", "pyobject"}
    if unknown:
        raise ValueError(f"{where}: the live edition cannot show literalinclude option(s) "
                         f"{sorted(unknown)}; teach mlpbook.book.live them")
    name = options.get("pyobject")
    if not name:
        return text.rstrip("\n")
    tree = ast.parse(text)
    nodes = tree.body
    node = None
    for part in name.split("."):
        node = next((n for n in nodes if isinstance(n, (ast.FunctionDef, ast.ClassDef,
                                                        ast.AsyncFunctionDef))
                     and n.name == part), None)
        if node is None:
            raise ValueError(f"{where}: literalinclude's :pyobject: {name} is not in {path}")
        nodes = node.body
    lines = text.splitlines()
    first = min([node.lineno] + [d.lineno for d in node.decorator_list])
    return "\n".join(lines[first - 1:node.end_lineno])


def _replace_literalincludes(text, base, where):
    def code(match):
        options = dict(re.findall(r":([\w-]+):[ \t]*(.*)", match.group("options")))
        options = {k: v.strip() for k, v in options.items()}
        body = _included_code((base / match.group("path")).resolve(), options, where)
        fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", body)), default=0))
        return f"{fence}{options.get('language', '')}\n{body}\n{fence}"

    return _DIRECTIVE.sub(code, text)


# --------------------------------------------------------------------------- the notebook
def _page_link(content, base, where):
    """``{doc}`page``` or ``{doc}`words <page>``` as a Markdown link to the page's notebook
    (or Markdown file) beside it, named by the words or by the page's own title."""
    named = re.fullmatch(r"(.*?)\s*<([^<>]+)>", content, flags=re.S)
    words, page = (named.group(1), named.group(2)) if named else (None, content)
    for suffix in (".ipynb", ".md"):
        path = pathlib.Path(base) / f"{page}{suffix}"
        if path.is_file():
            return f"[{words or _title(path)}]({page}{suffix})"
    raise ValueError(f"{where}: {{doc}} names {page!r}, which is not a page beside it")


def _title(path):
    """The first heading of a notebook or Markdown page."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        text = "\n".join(_text(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    heading = re.search(r"^#\s+(.+?)\s*$", text, flags=re.M)
    return heading.group(1) if heading else path.stem


def chapter_notebooks(folder):
    """The notebooks of the book in ``folder``: the numbered chapters, then the appendix."""
    folder = pathlib.Path(folder)
    return sorted(folder.glob("[0-9][0-9]_*.ipynb")) + sorted(folder.glob("appendix_*.ipynb"))


def _markdown(text, base, labels, where):
    text = _replace_literalincludes(text, base, where)

    def role(match):
        name, content = match.group(1), match.group(2)
        if name == "glue:text" or name == "glue":
            return f'{{eval}}`glued["{content}"]`'
        if name in ("cite:p", "cite:t"):
            return _cite(name[-1], content, labels, where)
        if name == "term":
            return re.sub(r"\s*<[^<>]*>$", "", content)
        if name == "doc":
            return _page_link(content, base, where)
        return match.group(0)  # anything else: as it is (tests/test_jupyterlab.py looks)

    return ROLE_PATTERN.sub(role, text)


def _fold(cell):
    """Fold what the website hides: JupyterLab's collapsed input/output."""
    tags = set(cell.get("metadata", {}).get("tags", []))
    folded = {}
    if tags & _HIDDEN_SOURCE:
        folded["source_hidden"] = True
    if tags & _HIDDEN_OUTPUT:
        folded["outputs_hidden"] = True
    if folded:
        cell["metadata"].setdefault("jupyter", {}).update(folded)


def _text(source):
    return "".join(source) if isinstance(source, list) else source


def _lines(text):
    return text.splitlines(keepends=True)


def is_live(nb) -> bool:
    return LIVE_MARK in nb.get("metadata", {})


def _source_digest(nb):
    """What the reader could change in a live notebook: the cells' kinds and sources."""
    cells = [[c["cell_type"], _text(c["source"])] for c in nb["cells"]]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()


def live_notebook(nb, *, base, name="", labels=None):
    """The live edition of the chapter ``nb`` (a notebook as a dict; not changed).

    ``base`` is the chapter's folder (literalinclude paths are relative to it), ``labels``
    the citation labels (default: the book's references.bib)."""
    if is_live(nb):
        raise ValueError(f"{name or 'this notebook'} is already a live edition")
    labels = citation_labels() if labels is None else labels
    base = pathlib.Path(base)
    live = copy.deepcopy(nb)
    for i, cell in enumerate(live["cells"]):
        where = f"{name} cell {i}"
        cell.setdefault("metadata", {})
        text = _text(cell["source"])
        if cell["cell_type"] == "markdown":
            text = _markdown(text, base, labels, where)
        elif cell["cell_type"] == "code":
            text = _GLUE_IMPORT.sub("from mlpbook.book.glue import glue, glued", text)
            cell["outputs"] = []
            cell["execution_count"] = None
            _fold(cell)
        cell["source"] = _lines(text)
    note = {"cell_type": "markdown", "id": "mlpbook-live-note",
            "metadata": {"tags": ["mlpbook-live-note"]}, "source": _lines(NOTE)}
    live["cells"].insert(1 if live["cells"] else 0, note)
    live.setdefault("metadata", {})[LIVE_MARK] = {"source": name}
    live["metadata"][LIVE_MARK]["digest"] = _source_digest(live)
    return live


def _dump(nb):
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def write_live_edition(out=None, *, chapters=None, force=False, in_place=False, log=print):
    """Write the live edition of every chapter; return the paths written.

    Into ``out`` (default ``live/`` in the project), keeping any copy there the reader has
    edited unless ``force``; or, with ``in_place``, over the chapters themselves."""
    chapters = pathlib.Path(chapters or PROJECT / "chapters")
    sources = chapter_notebooks(chapters)
    if not sources:
        raise FileNotFoundError(f"no chapters (NN_name.ipynb, appendix_name.ipynb) in {chapters}")
    out = chapters if in_place else pathlib.Path(out or PROJECT / "live")
    out.mkdir(parents=True, exist_ok=True)
    todo = []  # every chapter made first, so an error leaves no half-written edition
    for source in sources:
        nb = json.loads(source.read_text(encoding="utf-8"))
        target = out / source.name
        if is_live(nb):
            if in_place:
                continue  # already done
            raise ValueError(f"{source} is already a live edition: give the book's chapters")
        if target.exists() and not in_place and not force:
            old = json.loads(target.read_text(encoding="utf-8"))
            if not is_live(old) or old["metadata"][LIVE_MARK].get("digest") != _source_digest(old):
                log(f"mlpbook: kept {target}: you changed it (--force replaces it)")
                continue
        todo.append((target, live_notebook(nb, base=source.parent,
                                           name=f"{chapters.name}/{source.name}")))
    written = []
    for target, live in todo:
        target.write_text(_dump(live), encoding="utf-8")
        written.append(target)
    log(f"mlpbook: wrote the live edition of {len(written)} chapter(s) to {out}")
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m mlpbook.book.live",
        description="Write the live edition of the chapters: for JupyterLab with "
                    "jupyterlab-myst (numbers filled in when the chapter runs, citations as "
                    "the website shows them, the website's hidden cells folded).")
    parser.add_argument("--chapters", help="the book's chapters (default: chapters/ in the "
                                           "project)")
    parser.add_argument("--out", help="folder to write into (default: live/ in the project)")
    parser.add_argument("--force", action="store_true",
                        help="replace live notebooks you have changed too")
    parser.add_argument("--in-place", action="store_true",
                        help="replace the chapters themselves: the Binder image does this "
                             "(in a clone, `git checkout chapters` brings the sources back)")
    args = parser.parse_args(argv)
    try:
        write_live_edition(args.out, chapters=args.chapters, force=args.force,
                           in_place=args.in_place)
    except (OSError, ValueError) as exc:
        print(f"mlpbook: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
