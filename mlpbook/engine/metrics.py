"""How well a classifier did, counted: the confusion matrix.

Accuracy says how often the network is right; the confusion matrix says *which* digits it
takes for which (a 4 read as a 9, a 5 as a 3), which is what chapter 7 looks at. The counting
lives here, away from any figure, so a chapter, a test or an exercise can check the numbers
without matplotlib; :func:`mlpbook.viz.plot_confusion_matrix` only draws them.
"""

from __future__ import annotations

import numpy as np

from .validation import check_positive

__all__ = ["confusion_matrix"]


def confusion_matrix(labels, predictions, n_classes=10):
    """Counts: row = true digit, column = predicted digit.

    ``m[i, j]`` is how many examples of class ``i`` were predicted as ``j``, so the diagonal
    holds the correct answers, each row adds up to the number of examples of that class and
    the whole matrix to the number of examples.
    """
    check_positive("n_classes", n_classes, integer=True)
    labels = _classes("labels", labels, n_classes)
    predictions = _classes("predictions", predictions, n_classes)
    if len(labels) != len(predictions):
        raise ValueError(f"got {len(labels)} labels but {len(predictions)} predictions; pass "
                         f"one prediction per example (e.g. network.predict(images))")
    m = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(m, (labels, predictions), 1)
    return m


def _classes(name, values, n_classes):
    """Whole numbers 0..n_classes-1 in a 1-D array, as int64 (a float 3.0 counts as 3)."""
    values = np.asarray(values)
    if values.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of classes (one per example), got shape "
                         f"{values.shape}; for network outputs take network.predict(images)")
    if values.dtype.kind == "f":
        if not (np.all(np.isfinite(values)) and np.all(values == np.round(values))):
            raise ValueError(f"{name} must be whole numbers 0..{n_classes - 1}; for network "
                             f"outputs take the argmax (network.predict), not the activations")
    elif values.dtype.kind not in "iu" and values.size:
        raise ValueError(f"{name} must be integers 0..{n_classes - 1}, got dtype {values.dtype}")
    values = values.astype(np.int64)
    if values.size and (values.min() < 0 or values.max() >= n_classes):
        raise ValueError(f"{name} must lie in 0..{n_classes - 1}, found "
                         f"{int(values.min())}..{int(values.max())}; fix the {name} or pass "
                         f"n_classes={int(values.max()) + 1}")
    return values
