"""Widget code travels once per page: each distinct widget module as one small file.

An anywidget figure carries its whole front end in its state (``_esm``, its ES module, and
``_css``), and myst-nb embeds every figure's state in the page. A chapter's five exercise
widgets thus carried five copies of the same 30 KB of code, too far apart in the page for
gzip to share them (its window is 32 KB): about 0.1 MB of a chapter's weight.

When a page is written, :func:`share_page_code` moves each distinct ``_esm`` and ``_css``
text out of the embedded state into ``_static/mlpbook-web/shared/<hash>.js`` and leaves its
name in the model's state (``"_mlpbook_shared": {"_esm": "<hash>", ...}``). The site's widget
loader (``static_widgets.js``) loads each file once per page, puts the text back into the
state and renders the figure as before; a browser keeps the file for the next page.

The files are *classic* scripts that register the text (``mlpbookSharedCode[hash] = "..."``),
not ES modules: Chromium refuses to ``import`` a module file from ``file://`` but runs a
classic ``<script src>`` there, and the loader imports the text from a Blob URL, as it did
from the page. The notebooks themselves (JupyterLab, Binder, the ``.ipynb`` download) keep
the full state: only the website's pages change.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import tempfile

__all__ = ["SHARED_DIR", "SHARED_KEY", "CODE_KEYS", "share_page_code", "shared_script",
           "write_shared", "share_state_body"]

#: The folder, inside the site's ``_static``, that holds the shared code files.
SHARED_DIR = "mlpbook-web/shared"
#: The key, in a model's embedded state, that names its shared code (trait -> hash).
SHARED_KEY = "_mlpbook_shared"
#: The traits whose text is shared.
CODE_KEYS = ("_esm", "_css")


def code_hash(text: str) -> str:
    """The file name (without ``.js``) of a text: its SHA-256, shortened."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def shared_script(name: str, text: str) -> str:
    """The classic script that registers ``text`` under ``name`` (ASCII only, so it reads
    the same whatever charset a server or the disk announces)."""
    return ("(globalThis.mlpbookSharedCode = globalThis.mlpbookSharedCode || {})"
            f"[{json.dumps(name)}] = {json.dumps(text, ensure_ascii=True)};\n")


def share_page_code(manager_state: dict) -> tuple[dict, dict[str, str]]:
    """A page's widget state with every anywidget's code moved out, and the code:
    ``(new state, {name: text})``. The input is not changed; a state already shared (or
    with no anywidget) comes back equal."""
    state = json.loads(json.dumps(manager_state))  # a deep copy
    code: dict[str, str] = {}
    for entry in (state.get("state") or {}).values():
        model = entry.get("state")
        if entry.get("model_module") != "anywidget" or not isinstance(model, dict):
            continue
        for key in CODE_KEYS:
            text = model.get(key)
            if isinstance(text, str) and text:
                name = code_hash(text)
                code[name] = text
                model.setdefault(SHARED_KEY, {})[key] = name
                del model[key]
    return state, code


def write_shared(static_dir: str | os.PathLike, code: dict[str, str]) -> list[pathlib.Path]:
    """Write each text's file into ``static_dir/mlpbook-web/shared`` (atomically: parallel
    page writers may write the same file); return the paths."""
    folder = pathlib.Path(static_dir) / SHARED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in code.items():
        path = folder / f"{name}.js"
        paths.append(path)
        if path.is_file():
            continue  # the name is the content's hash: the file is already right
        with tempfile.NamedTemporaryFile("w", encoding="ascii", dir=folder, delete=False,
                                         suffix=".part") as tmp:
            tmp.write(shared_script(name, text))
        os.replace(tmp.name, path)
    return paths


def share_state_body(body: str, static_dir: str | os.PathLike) -> str:
    """The body of a page's ``widget-state+json`` script (as myst-nb writes it), with the
    code moved to ``static_dir``'s shared files."""
    from myst_nb.core.render import sanitize_script_content

    state, code = share_page_code(json.loads(body))
    if not code:
        return body
    write_shared(static_dir, code)
    return sanitize_script_content(json.dumps(state))
