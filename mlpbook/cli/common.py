"""What the commands share: exit codes, the expected failure (CLIError), output (one JSON
object per line on stdout, notes on stderr), and finding and loading the data."""

from __future__ import annotations

import json
import math
import os
import pathlib
import sys

import numpy as np

PROG = "mlpbook"


EXIT_OK, EXIT_CHECK_FAILED, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


class CLIError(Exception):
    """An expected failure: printed as one ``mlpbook: error:`` message, exit code 2."""


# ---------------------------------------------------------------------------- output


def _jsonable(value):
    """Plain Python values for json.dumps: numpy scalars unwrapped, NaN/inf as null."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pathlib.PurePath):
        return str(value)
    return value


def _print_json(obj):
    print(json.dumps(_jsonable(obj), allow_nan=False))


def _note(message):
    print(f"{PROG}: {message}", file=sys.stderr)


def _bar_chars():
    """A full block for text bar charts, or '#' when stdout cannot encode it."""
    try:
        "█▏".encode(sys.stdout.encoding or "ascii")
        return "█", "▏"
    except (UnicodeEncodeError, LookupError):
        return "#", "|"


def _layers_text(sizes):
    return "-".join(str(s) for s in sizes)


# ---------------------------------------------------------------------------- the data


def _candidate_folder(data_dir):
    """Where the data is looked for (without downloading): --data-dir, the env var, the cache."""
    from ..engine import data

    if data_dir is not None:
        return pathlib.Path(data_dir).expanduser(), "--data-dir"
    from_env = os.environ.get(data.ENV_VAR, "").strip()
    if from_env:
        return pathlib.Path(from_env).expanduser(), data.ENV_VAR
    return data.default_cache_dir() / "mnist", "cache"


def _announce_download(data_dir):
    """Say where MNIST goes before find_data_dir downloads it (only when it will)."""
    from ..engine import data

    folder, origin = _candidate_folder(data_dir)
    if origin != "cache":
        return
    complete = all((folder / name).is_file() or (folder / f"{name}.gz").is_file()
                   for name in data.FILES)
    if not complete:
        _note(f"MNIST was not found; downloading it (about 11 MB) into the cache {folder}")


def _data_error_message(exc):
    message = str(exc)
    if "checksums=None" in message and "--no-verify" not in message:
        message += ("\nOn the command line, add --no-verify to use a dataset other than MNIST "
                    "(any four files in the same IDX layout).")
    return message


def _load_data(args):
    """The Dataset for a command: find (and if needed download, verified) then load."""
    from ..engine import data

    _announce_download(args.data_dir)
    folder = data.find_data_dir(args.data_dir)
    checksums = None if args.no_verify else data.MNIST_SHA256
    return data.load_mnist(folder, checksums=checksums)


def _check_layers_fit(sizes, dataset, what):
    """The helpful message when a network's input or output layer does not fit the data."""
    pixels = dataset.train_images.shape[1]
    rows, cols = dataset.image_shape
    n_classes = dataset.n_classes
    if sizes[0] != pixels:
        fixed = " ".join(str(s) for s in (pixels, *sizes[1:]))
        if what == "model":
            raise CLIError(f"model expects {sizes[0]} inputs but the images have {pixels} values "
                           f"({rows}x{cols}): retrain with --layers {fixed}")
        raise CLIError(f"--layers starts with {sizes[0]} inputs but the images have {pixels} "
                       f"values ({rows}x{cols}): use --layers {fixed}")
    if sizes[-1] < n_classes:
        fixed = " ".join(str(s) for s in (*sizes[:-1], n_classes))
        if what == "model":
            raise CLIError(f"model has {sizes[-1]} output neurons but the data has {n_classes} "
                           f"classes (labels 0..{n_classes - 1}): retrain with --layers {fixed}")
        raise CLIError(f"--layers ends with {sizes[-1]} outputs but the data has {n_classes} "
                       f"classes (labels 0..{n_classes - 1}): use --layers {fixed}")
