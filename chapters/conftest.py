"""nbval runs the chapters as a reader would: only the cells the page shows.

A reader who copies the visible cells of a chapter into their own Python, in order, must get
what the page shows, so a visible cell may not use a name that only a hidden cell made. For
the chapters named here, nbval executes only the visible cells (the ones not tagged
remove-cell or remove-input), in order, in a fresh kernel, and fails on any error. The hidden
cells (glue for the prose, the assertions that check its claims) still run where they
matter: in the book build, which executes every cell of every chapter in both editions and
fails on any error (tests/test_website.py builds it).

This file sits beside the notebooks so that it applies however they are collected: with the
whole suite, or alone (``python -m pytest chapters/04_cost.ipynb``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

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


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    hidden, kept = [], []
    for item in items:
        path = Path(str(item.fspath))
        if path.suffix != ".ipynb":
            kept.append(item)
            continue
        # Under pytest-xdist (``python -m mlpbook test``), a notebook's cells run in one
        # worker, in order, in one kernel.
        item.add_marker(pytest.mark.xdist_group(f"notebook-{path.stem}"))
        cell = getattr(item, "cell", None)
        tags = set(cell.get("metadata", {}).get("tags", [])) if cell is not None else set()
        if tags & HIDDEN_TAGS and path.name in VISIBLE_ONLY:
            hidden.append(item)
        else:
            kept.append(item)
    if hidden:
        config.hook.pytest_deselected(items=hidden)
        items[:] = kept
