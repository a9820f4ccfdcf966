"""Checks made once, at the public edge, before any data reaches a Numba kernel.

Numba does not check array bounds, so a wrong shape or an out-of-range label
would read garbage memory instead of raising.  Every message names the problem
and the fix.
"""

from __future__ import annotations

import numpy as np


def check_sizes(sizes):
    """Layer sizes: at least an input and an output layer, every size a positive integer."""
    try:
        sizes = tuple(sizes)
    except TypeError:
        raise ValueError(f"layer sizes must be a list of integers such as [784, 16, 16, 10], "
                         f"got {sizes!r}") from None
    if len(sizes) < 2:
        raise ValueError(f"a network needs at least two layers (input and output), got sizes "
                         f"{list(sizes)}; for MNIST try [784, 16, 16, 10]")
    clean = []
    for s in sizes:
        if isinstance(s, (bool, np.bool_)) or not isinstance(s, (int, np.integer)) or s < 1:
            raise ValueError(f"every layer size must be a positive integer, got {list(sizes)}; "
                             f"for MNIST try [784, 16, 16, 10]")
        clean.append(int(s))
    return tuple(clean)


def check_choice(name, value, allowed):
    if value not in allowed:
        raise ValueError(f"unknown {name} {value!r}; choose one of {', '.join(map(repr, allowed))}")
    return value


def check_images(X, n_features, dtype, name="images"):
    """A 2-D array of finite numbers with n_features columns, as C-contiguous ``dtype``.

    A single image (1-D) is accepted and returned as one row.
    """
    X = np.asarray(X)
    if X.ndim == 1:
        X = X[None, :]
    if X.ndim == 3 and X.shape[1] * X.shape[2] == n_features:
        X = X.reshape(X.shape[0], -1)
    if X.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (one image per row), got shape {X.shape}; "
                         f"flatten each image with X.reshape(len(X), -1)")
    if X.shape[1] != n_features:
        raise ValueError(f"{name} have {X.shape[1]} features per row but the network's input "
                         f"layer has {n_features} neurons; pass images with {n_features} values "
                         f"each (for MNIST 28x28 = 784) or build the network with "
                         f"sizes[0] = {X.shape[1]}")
    if X.shape[0] == 0:
        raise ValueError(f"{name} is empty: pass at least one image")
    if X.dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold numbers, got dtype {X.dtype}")
    X = np.ascontiguousarray(X, dtype=dtype)
    if not np.isfinite(X).all():
        bad = int(np.count_nonzero(~np.isfinite(X)))
        raise ValueError(f"{name} contain {bad} NaN or infinite value(s); clean the data first "
                         f"(for example np.nan_to_num) — pixel values should be in 0..1")
    return X


def check_labels(y, n_examples, n_classes, name="labels"):
    """Integer class labels 0..n_classes-1, one per example, as int64."""
    y = np.asarray(y)
    if y.ndim == 0:
        y = y[None]
    if y.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of integer classes, got shape {y.shape}")
    if len(y) != n_examples:
        raise ValueError(f"got {n_examples} images but {len(y)} {name}; pass one label per image")
    if y.dtype.kind == "f":
        if not np.all(np.isfinite(y)) or not np.all(y == np.round(y)):
            raise ValueError(f"{name} must be whole numbers 0..{n_classes - 1}")
    elif y.dtype.kind not in "iub":
        raise ValueError(f"{name} must be integers 0..{n_classes - 1}, got dtype {y.dtype}")
    y = y.astype(np.int64)
    if len(y) and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"{name} must lie in 0..{n_classes - 1} (the network has {n_classes} "
                         f"output neurons), found {int(y.min())}..{int(y.max())}; build the "
                         f"network with {int(y.max()) + 1} outputs or fix the labels")
    return y


def check_positive(name, value, integer=False):
    kind = (int, np.integer) if integer else (int, float, np.integer, np.floating)
    if isinstance(value, bool) or not isinstance(value, kind) or not np.isfinite(value) or value <= 0:
        what = "a positive integer" if integer else "a positive number"
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return value


def check_non_negative(name, value, upper=None):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value) or value < 0 or (upper is not None and value >= upper):
        bound = f" and below {upper}" if upper is not None else ""
        raise ValueError(f"{name} must be a number >= 0{bound}, got {value!r}")
    return float(value)
