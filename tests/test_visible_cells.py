"""The code a page shows is code a reader can run: checked from the source, in a second.

nbval runs the visible cells of every chapter in a fresh kernel (chapters/conftest.py). These
checks read the same cells without running them, so they hold for both editions at once (the
Chinese page shows the same code; only what the package prints changes) and they name the
cell and the name at fault:

- a visible cell uses no name that only a hidden cell (tagged remove-cell or remove-input)
  makes;
- a visible cell carries no build plumbing: no ``glue(...)``, no ``T(...)``/``tr(...)``
  label pairs, no Chinese text (the edition's words come from the package);
- every chapter runs visible-only under nbval.
"""

from __future__ import annotations

import ast
import builtins
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
HIDDEN = {"remove-cell", "remove-input"}


def _cells(path):
    for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        if cell["cell_type"] == "code":
            tags = set(cell.get("metadata", {}).get("tags", []))
            yield index, "".join(cell["source"]), bool(tags & HIDDEN)


def _names(source):
    """(names a cell makes, names it reads); magics and shell lines are left out."""
    code = "\n".join(line for line in source.splitlines()
                     if not line.lstrip().startswith(("%", "!")))
    made, read = set(), set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else made).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            made.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            made.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.arg):
            made.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            made.add(node.name)
    return made, read


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_visible_cells_use_only_names_visible_cells_made(path):
    visible, hidden_only, problems = set(dir(builtins)), set(), []
    for index, source, hidden in _cells(path):
        made, read = _names(source)
        if hidden:
            hidden_only |= made
            continue
        visible |= made
        missing = sorted(read - visible)
        if missing:
            where = "made only in a hidden cell" if set(missing) & hidden_only else "never made"
            problems.append(f"cell {index}: {', '.join(missing)} ({where})")
    assert not problems, f"{path.name}: " + "; ".join(problems)


PLUMBING = re.compile(r"\bglue\s*\(|\bT\s*\(|\btr\s*\(|[\u4e00-\u9fff]")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_visible_cells_carry_no_build_plumbing(path):
    found = [f"cell {index}: {PLUMBING.search(source).group(0)!r}"
             for index, source, hidden in _cells(path)
             if not hidden and PLUMBING.search(source)]
    assert not found, f"{path.name}: " + "; ".join(found)


def test_every_chapter_runs_visible_only_under_nbval():
    import importlib.util
    spec = importlib.util.spec_from_file_location("chapters_conftest",
                                                  ROOT / "chapters" / "conftest.py")
    conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conftest)
    assert conftest.VISIBLE_ONLY == {p.name for p in CHAPTERS}


def test_the_check_finds_a_name_made_only_in_a_hidden_cell():
    made, read = _names("from mlpbook import ex\nfor i in range(3):\n    print(ex, i, best)")
    assert {"ex", "i"} <= made and "best" in read - made
