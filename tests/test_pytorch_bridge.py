"""Chapter 10's PyTorch cell runs and does what the page says, whenever PyTorch is installed.

PyTorch is not a dependency of the book: the cell is tagged ``skip-execution`` (myst-nb and
nbclient leave it unexecuted in the book build) and ``nbval-skip`` (nbval leaves it alone),
so the website shows it without running it. This test is where it runs: it takes the cell's
source from the notebook, exactly as the page shows it, executes it with the MNIST files of
this machine, and checks the accuracy it prints against the page's promise (more than 94%).
Without PyTorch or without MNIST it is skipped.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "10_why_hidden_layers.ipynb"
TAGS = {"skip-execution", "nbval-skip"}


def pytorch_cells():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells
            if c["cell_type"] == "code" and TAGS <= set(c.get("metadata", {}).get("tags", []))]


def test_the_cell_is_shown_but_never_executed_by_the_build():
    (source,) = pytorch_cells()
    assert "import torch" in source and "nn.Linear(784, 16)" in source
    # the cell may only use what it imports or defines itself (issue 15 §2)
    assert "from mlpbook import load_mnist" in source


def test_the_pytorch_cell_reads_the_digits():
    pytest.importorskip("torch")
    from mlpbook.engine.data import DataError, load_mnist

    try:
        load_mnist(progress=False, download=False)
    except DataError:
        pytest.skip("no MNIST files on this machine")
    (source,) = pytorch_cells()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, str(NOTEBOOK) + ":pytorch-cell", "exec"), {})
    found = re.search(r"test accuracy: ([\d.]+)%", out.getvalue())
    assert found, out.getvalue()
    assert float(found.group(1)) > 94.0, out.getvalue()
