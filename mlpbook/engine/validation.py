"""Checks made once, at the public edge, before any data reaches a Numba kernel.

Numba does not check array bounds, so a wrong shape or an out-of-range label
would read garbage memory instead of raising.  Every message names the problem
and the fix.
"""

from __future__ import annotations

import os
import warnings

import numpy as np

#: Largest integer the kernels handle (they count in int64).
MAX_INT = 2**63 - 1


class MlpbookWarning(UserWarning):
    """Something that runs but probably gives a wrong result; the message says what to do.
    (The command line prints these as ``mlpbook: warning: ...``.)"""


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


def count_params(sizes):
    """Weights and biases of a network with these layer sizes (exact, in Python integers)."""
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def memory_limit():
    """Bytes of memory this process can have at most: the machine's RAM, or less when a
    container (cgroup) limits it; None when neither can be read (then nothing is refused)."""
    limits = []
    try:
        limits.append(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):  # not a POSIX system
        pass
    for name in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(name) as fh:
                text = fh.read().strip()
        except OSError:
            continue
        if text.isdigit():
            limits.append(int(text))
    return min(limits) if limits else None


def format_bytes(n):
    """1536 -> '1.5 KB', 3.2e12 -> '3.2 TB' (powers of 1000, as disks and RAM are sold)."""
    for unit in ("bytes", "KB", "MB", "GB", "TB", "PB"):
        if n < 1000 or unit == "PB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} PB"


def check_memory(needed, what, fix, limit=None):
    """Refuse (ValueError) when ``needed`` bytes exceed the memory this process can have:
    "{what} needs 3.2 TB of memory, more than the 16.0 GB this machine has; {fix}"."""
    limit = memory_limit() if limit is None else limit
    limit = MAX_INT if limit is None else min(limit, MAX_INT)  # int64 offsets, whatever the RAM
    if needed > limit:
        raise ValueError(f"{what} needs {format_bytes(needed)} of memory, more than the "
                         f"{format_bytes(limit)} this machine has; {fix}")


def check_network_memory(sizes, dtype):
    """Refuse layer sizes whose parameters cannot fit in memory, before any array is
    allocated (and before int64 offsets could overflow); the message gives the numbers.

    Counted: the parameters, plus the float64 scratch ``initialize`` uses to draw the
    largest weight matrix (two arrays of its size)."""
    dtype = np.dtype(dtype)
    n_params = count_params(sizes)
    largest = max(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    own = n_params * dtype.itemsize
    layers = "-".join(str(s) for s in sizes)
    check_memory(own + 2 * 8 * largest,
                 f"a {layers} network has {n_params:,} parameters ({format_bytes(own)} as "
                 f"{dtype.name}); building it",
                 "use smaller layers (784-16-16-10 has 13,002 parameters)")
    return n_params


def check_seed(seed, name="seed"):
    """A seed for numpy's random generator: a whole number 0 or more."""
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"{name} must be a whole number 0 or more (it seeds numpy's random "
                         f"generator), got {seed!r}")
    return int(seed)


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
    if X.shape[1] != n_features and X.shape[0] * X.shape[1] == n_features:
        raise ValueError(f"{name} have shape {X.shape}: that is one {X.shape[0]}x{X.shape[1]} "
                         f"image, not {X.shape[0]} images of {X.shape[1]} values; pass it as "
                         f"one row: image.reshape(1, -1) (or image.ravel())")
    if X.shape[1] != n_features:
        raise ValueError(f"{name} have {X.shape[1]} features per row but the network's input "
                         f"layer has {n_features} neurons; pass images with {n_features} values "
                         f"each (for MNIST 28x28 = 784) or build the network with "
                         f"sizes[0] = {X.shape[1]}")
    if X.shape[0] == 0:
        raise ValueError(f"{name} is empty: pass at least one image")
    if X.dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold numbers, got dtype {X.dtype}")
    given = X.dtype
    X = np.ascontiguousarray(X, dtype=dtype)
    low, high = float(X.min()), float(X.max())  # NaN and inf show in these two: one pass each
    if not (np.isfinite(low) and np.isfinite(high)):
        bad = int(np.count_nonzero(~np.isfinite(X)))
        raise ValueError(f"{name} contain {bad} NaN or infinite value(s); clean the data first "
                         f"(for example np.nan_to_num) — pixel values should be in 0..1")
    if low >= 0 and 1 < high <= 255:
        warnings.warn(f"{name} hold values up to {high:g} ({given}): they look like 0..255 pixel "
                      f"bytes, but the network expects 0..1 (0 black, 1 white) and its sigmoids "
                      f"saturate on larger inputs; divide by 255 first (X / 255)",
                      MlpbookWarning, stacklevel=3)
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
    if len(y) and y.min() < 0:
        raise ValueError(f"{name} must be 0 or more: classes are numbered 0..{n_classes - 1} "
                         f"(the network has {n_classes} output neurons), found "
                         f"{int(y.min())}; fix the labels (are missing labels marked -1?)")
    y = y.astype(np.int64)
    if len(y) and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"{name} must lie in 0..{n_classes - 1} (the network has {n_classes} "
                         f"output neurons), found {int(y.min())}..{int(y.max())}; build the "
                         f"network with {int(y.max()) + 1} outputs or fix the labels")
    return y


def _finite(value):
    """Whether a Python or numpy number is finite (any integer is, however large)."""
    return isinstance(value, (int, np.integer)) or bool(np.isfinite(value))


def check_positive(name, value, integer=False):
    kind = (int, np.integer) if integer else (int, float, np.integer, np.floating)
    if isinstance(value, bool) or not isinstance(value, kind) or not _finite(value) or value <= 0:
        what = "a positive integer" if integer else "a positive number"
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return value


def check_non_negative(name, value, upper=None):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not _finite(value) or value < 0 or (upper is not None and value >= upper):
        bound = f" and below {upper}" if upper is not None else ""
        raise ValueError(f"{name} must be a number >= 0{bound}, got {value!r}")
    return float(value)
