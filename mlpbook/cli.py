"""The command line: ``python -m mlpbook data | train | evaluate | predict | bench``.

Every command is a small function ``cmd_NAME(args) -> exit code`` built on the public
package API. Expected failures (missing or damaged data, a bad model file, a wrong setting,
a diverged run) end as one ``mlpbook: error: ...`` message on stderr and exit code 2;
``data --check`` exits 1 when a file is not ok. With ``--json`` a command prints exactly
one JSON object as the last line of stdout (progress bars and notes go to stderr), and a
failed command too: ``{"error": "...", "command": ..., "exit_code": ...}``.

No traceback reaches the user: a usage error is argparse's message; anything unexpected
(running out of memory, a bug) is still one ``mlpbook: error:`` line with exit code 2
(``MLPBOOK_DEBUG=1`` shows the traceback instead). Ctrl-C exits with 130, SIGTERM and
SIGHUP with 128 + the signal's number, after the same clean-up as Ctrl-C (no half-written
model, no leftover download). Warnings of the package (a stalled run, images that look
like 0..255 bytes) are printed as ``mlpbook: warning: ...`` and, with ``--json``, listed
under ``"warnings"`` in train's record.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import json
import math
import os
import pathlib
import signal
import sys
import textwrap
import threading
import warnings

import numpy as np

PROG = "mlpbook"
EXIT_OK, EXIT_CHECK_FAILED, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


class CLIError(Exception):
    """An expected failure: printed as one ``mlpbook: error:`` message, exit code 2."""


class _UsageError(Exception):
    """argparse's usage error, raised instead of exiting so that --json still gets JSON."""

    def __init__(self, usage, prog, message):
        super().__init__(message)
        self.usage, self.prog, self.message = usage, prog, message


class _Terminated(BaseException):
    """SIGTERM or SIGHUP, raised like KeyboardInterrupt so every clean-up runs."""

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are exceptions (sub-commands inherit it)."""

    def error(self, message):
        raise _UsageError(self.format_usage(), self.prog, message)


# ---------------------------------------------------------------------------- small helpers


MAX_WHOLE = 2**63 - 1  # the kernels count in int64


def _whole_number(text, minimum, requirement):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"must be {requirement}, got {value}")
    if value > MAX_WHOLE:
        raise argparse.ArgumentTypeError(f"{text} is too large (at most {MAX_WHOLE:,})")
    return value


def _positive_int(text):
    return _whole_number(text, 1, "a positive whole number")


def _non_negative_int(text):
    return _whole_number(text, 0, "0 or more")


def _float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text!r}")
    return value


def _positive_float(text):
    value = _float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def _non_negative_float(text):
    value = _float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text}")
    return value


def _momentum(text):
    value = _float(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 0 and below 1 (0.9 is common), got {text}")
    return value


def _layer_size(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"layer sizes are whole numbers such as 784 16 16 10, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"every layer needs at least one neuron, got {value}")
    if value > MAX_WHOLE:  # what memory allows is checked once all the sizes are known
        raise argparse.ArgumentTypeError(f"layer size {text} is too large (at most {MAX_WHOLE:,})")
    return value


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


# ---------------------------------------------------------------------------- data


def _candidate_folder(data_dir):
    """Where the data is looked for (without downloading): --data-dir, the env var, the cache."""
    from .engine import data

    if data_dir is not None:
        return pathlib.Path(data_dir).expanduser(), "--data-dir"
    from_env = os.environ.get(data.ENV_VAR, "").strip()
    if from_env:
        return pathlib.Path(from_env).expanduser(), data.ENV_VAR
    return data.default_cache_dir() / "mnist", "cache"


def _announce_download(data_dir):
    """Say where MNIST goes before find_data_dir downloads it (only when it will)."""
    from .engine import data

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
    from .engine import data

    _announce_download(args.data_dir)
    folder = data.find_data_dir(args.data_dir)
    checksums = None if args.no_verify else data.MNIST_SHA256
    return data.load_mnist(folder, checksums=checksums)


def cmd_data(args):
    from .engine import data

    if not args.check:
        _announce_download(args.data_dir)
        folder = data.find_data_dir(args.data_dir)
        if args.json:
            _print_json({"folder": folder})
        else:
            print(folder)
        return EXIT_OK

    folder, origin = _candidate_folder(args.data_dir)
    checksums = None if args.no_verify else data.MNIST_SHA256
    statuses = data.verify(folder, checksums)
    bad = {name: status for name, status in statuses.items() if status != "ok"}
    if args.json:
        _print_json({"folder": folder, "origin": origin, "exists": folder.is_dir(),
                     "check": "readable" if args.no_verify else "sha256",
                     "files": statuses, "ok": not bad})
        return EXIT_CHECK_FAILED if bad else EXIT_OK
    where = {"--data-dir": "the folder given", "cache": "the mlpbook cache"}.get(
        origin, f"from {origin}")
    exists = ("" if folder.is_dir() else
              ", is a file, not a folder" if folder.exists() else ", does not exist")
    print(f"folder  {folder}  ({where}{exists})")
    print(f"check   {'readable IDX files only (--no-verify)' if args.no_verify else 'MNIST SHA-256 checksums'}")
    width = max(len(name) for name in statuses)
    print()
    print(f"{'file':<{width}}  status")
    for name, status in statuses.items():
        print(f"{name:<{width}}  {status}")
    print()
    if not bad:
        print(f"all {len(statuses)} files ok")
        return EXIT_OK
    print(f"{len(bad)} of {len(statuses)} files not ok.")
    hints = {
        "missing": "missing: the file (NAME or NAME.gz) is not in the folder",
        "damaged": "damaged: the file cannot be decompressed or is not a valid IDX file",
        "unreadable": "unreadable: the file is there but cannot be opened (check its "
                      "permissions: it must be readable by you)",
        "mismatch": "mismatch: the file is readable but is not the official MNIST file "
                    "(another dataset? then use --no-verify)",
    }
    for status in sorted(set(bad.values())):
        print(f"  {hints[status]}")
    if origin == "cache":
        print(f"Fix: delete the files that are not ok and run `{PROG} data` to download them again.")
    else:
        print("Fix: replace the files that are not ok with good copies.")
    return EXIT_CHECK_FAILED


# ---------------------------------------------------------------------------- train


def _check_out_path(out, network):
    """Fail before training, not after it, when --out cannot be written: the temporary file
    the save will use is created (and removed) now, and the disk must have room for it."""
    from .engine.network import save_path
    from .engine.safewrite import NotWritable, check_writable

    def is_dir(path):  # a name too long for the file system is not a folder
        try:
            return path.is_dir()
        except OSError:
            return False

    given = pathlib.Path(out).expanduser()
    if is_dir(given) or str(out).endswith(("/", os.sep)):
        raise CLIError(f"--out {out} is a folder; give a file name such as {given / 'model.npz'}")
    path = save_path(out)  # what Network.save writes
    if is_dir(path):
        raise CLIError(f"--out {out}: {path} is a folder; give another file name")
    try:
        check_writable(path, nbytes=network.file_size())
    except NotWritable as exc:
        raise CLIError(f"cannot write --out {out}: {exc.strerror}") from None
    return path


def _save(network, out, test_accuracy):
    """Save after training; a failure (a full disk) says plainly that nothing was saved."""
    try:
        return network.save(out)
    except OSError as exc:
        hint = ("free some space and train again" if exc.errno == errno.ENOSPC
                else "fix the folder and train again")
        raise CLIError(f"the trained network (test accuracy {test_accuracy:.2%}) was not saved "
                       f"to {out}: {exc.strerror or exc}; {hint}") from None


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


def _schedule(args):
    from .engine.train import cosine, step_decay

    if args.schedule == "step":
        return step_decay(args.lr, factor=0.5, every=10)
    if args.schedule == "cosine":
        return cosine(args.lr, args.epochs)
    return args.lr


class _EpochLines:
    """Callback printing "epoch 3/30  cost 0.0312  test accuracy 94.12%  0.25 s" to stdout."""

    def __init__(self, epochs, scored_on):
        self.epochs = epochs
        self.scored_on = scored_on

    def on_train_begin(self, network, epochs):
        pass

    def on_epoch_end(self, epoch, history, network):
        from tqdm.auto import tqdm

        width = len(str(self.epochs))
        line = f"epoch {epoch:>{width}}/{self.epochs}  cost {history.train_cost[-1]:.4f}"
        if history.test_accuracy:
            line += f"  {self.scored_on} accuracy {history.test_accuracy[-1]:.2%}"
        line += f"  {history.seconds[-1]:.2f} s"
        tqdm.write(line, file=sys.stdout)  # clears and redraws the progress bar around the line

    def on_train_end(self, history, network):
        pass


def _warm_up(network, images, labels, args):
    """Load (or compile) the Numba kernels on a copy of the network, one mini-batch, so that
    the first epoch's time, and so seconds_per_epoch, measures descent and not compilation."""
    from .engine.train import train

    n = min(args.batch_size, len(labels))
    train(network.copy(), images[:n], labels[:n], epochs=1, batch_size=n, lr=1e-9,
          l2=args.l2, momentum=args.momentum, monitor_training=False)


def cmd_train(args):
    from .engine.network import Network
    from .engine.train import ProgressBar, StallCheck, train

    network = Network(args.layers, activation=args.activation, cost=args.cost, init=args.init,
                      seed=args.seed, dtype=np.dtype(args.dtype))
    out = _check_out_path(args.out, network) if args.out else None
    dataset = _load_data(args)
    _check_layers_fit(network.sizes, dataset, "layers")

    n_all = len(dataset.train_labels)
    if args.validation:
        if not args.validation < n_all:
            raise CLIError(f"--validation {args.validation} leaves no training images: the data "
                           f"has {n_all:,}; hold out fewer (the classic choice for MNIST is 10000)")
        dataset, (val_images, val_labels) = dataset.split(args.validation)
        scored = (val_images, val_labels)
        scored_on = "validation"
    else:
        scored = (dataset.test_images, dataset.test_labels)
        scored_on = "test"
    train_images, train_labels = dataset.train_images, dataset.train_labels
    if args.limit:
        train_images, train_labels = train_images[:args.limit], train_labels[:args.limit]

    if not args.json:
        print(f"data     {dataset.source}  ({len(train_labels):,} training images, "
              f"{len(scored[1]):,} {scored_on} images, {dataset.image_shape[0]}x{dataset.image_shape[1]})")
        print(f"network  {_layers_text(network.sizes)}, {network.activation}, {network.cost} cost, "
              f"{network.n_params:,} parameters")
        print(f"descent  {args.epochs} epochs, batches of {args.batch_size}, lr {args.lr:g}"
              f"{'' if args.schedule == 'constant' else f' ({args.schedule} schedule)'}"
              f"{f', l2 {args.l2:g}' if args.l2 else ''}"
              f"{f', momentum {args.momentum:g}' if args.momentum else ''}, seed {args.seed}")

    _warm_up(network, train_images, train_labels, args)
    callbacks = [StallCheck(scored[1])]  # says when the run sits at chance, and why
    if not args.no_progress:
        callbacks.append(ProgressBar(file=sys.stderr, leave=False))
    if not args.json:
        callbacks.append(_EpochLines(args.epochs, scored_on))
    history = train(network, train_images, train_labels, epochs=args.epochs,
                    batch_size=args.batch_size, lr=_schedule(args), l2=args.l2,
                    momentum=args.momentum, test=scored, seed=args.seed, callbacks=callbacks)

    if args.validation:
        test_accuracy = network.accuracy(dataset.test_images, dataset.test_labels)
        test_cost = network.mean_cost(dataset.test_images, dataset.test_labels)
    else:
        test_accuracy, test_cost = history.test_accuracy[-1], history.test_cost[-1]
    saved = _save(network, out, test_accuracy) if out is not None else None

    if args.json:
        record = {
            "test_accuracy": test_accuracy,
            "test_cost": test_cost,
            "seconds_per_epoch": history.seconds_per_epoch,
            "epochs": args.epochs,
            "layers": list(network.sizes),
            "activation": network.activation,
            "cost": network.cost,
            "init": network.init,
            "lr": args.lr,
            "schedule": args.schedule,
            "l2": args.l2,
            "momentum": args.momentum,
            "batch_size": args.batch_size,
            "seed": args.seed,
            "dtype": str(network.dtype),
            "n_params": network.n_params,
            "n_train": len(train_labels),
            "n_test": len(dataset.test_labels),
            "validation": args.validation,
            "data_dir": dataset.source,
            "out": str(saved) if saved is not None else None,
        }
        per_epoch = {
            "epoch": history.epoch,
            "learning_rate": history.learning_rate,
            "train_cost": history.train_cost,
            "train_accuracy": history.train_accuracy,
            f"{scored_on}_cost": history.test_cost,
            f"{scored_on}_accuracy": history.test_accuracy,
            "seconds": history.seconds,
        }
        if args.validation:
            record["validation_accuracy"] = history.test_accuracy[-1]
        record["history"] = per_epoch
        record["warnings"] = args.warnings
        _print_json(record)
    else:
        if args.validation:
            print(f"validation accuracy {history.test_accuracy[-1]:.2%}; test accuracy "
                  f"{test_accuracy:.2%} (the test set scored once, after training)")
        else:
            print(f"test accuracy {test_accuracy:.2%} after {args.epochs} epochs "
                  f"({history.seconds_per_epoch:.2f} s per epoch)")
        if saved is not None:
            print(f"saved the network to {saved}")
    return EXIT_OK


# ---------------------------------------------------------------------------- evaluate


def cmd_evaluate(args):
    from .engine.network import Network

    network = Network.load(args.model)
    dataset = _load_data(args)
    _check_layers_fit(network.sizes, dataset, "model")
    images, labels = dataset.test_images, dataset.test_labels
    predictions = network.predict(images)
    correct = predictions == labels
    accuracy = float(correct.mean())
    cost = network.mean_cost(images, labels)
    n_classes = network.sizes[-1]
    counts = np.bincount(labels, minlength=n_classes)
    right = np.bincount(labels[correct], minlength=n_classes)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_class = np.where(counts > 0, right / np.maximum(counts, 1), np.nan)

    if args.json:
        _print_json({
            "test_accuracy": accuracy,
            "test_cost": cost,
            "n_test": len(labels),
            "n_correct": int(correct.sum()),
            "per_class_accuracy": per_class.tolist(),
            "per_class_count": counts.tolist(),
            "model": str(args.model),
            "layers": list(network.sizes),
            "activation": network.activation,
            "cost": network.cost,
            "data_dir": dataset.source,
        })
        return EXIT_OK

    print(f"model          {args.model}  ({_layers_text(network.sizes)}, {network.activation}, "
          f"{network.cost} cost)")
    print(f"data           {dataset.source}  ({len(labels):,} test images)")
    print(f"test accuracy  {accuracy:.2%}  ({int(correct.sum()):,} of {len(labels):,} right)")
    print(f"test cost      {cost:.4f}")
    print()
    print("class  images  right  accuracy")
    for k in range(n_classes):
        if counts[k] == 0:
            continue
        print(f"{k:>5}  {counts[k]:>6,}  {right[k]:>5,}  {per_class[k]:>8.2%}")
    if counts.sum():
        worst = int(np.nanargmin(per_class))
        print(f"\nhardest class: {worst} ({per_class[worst]:.2%} right)")
    return EXIT_OK


# ---------------------------------------------------------------------------- predict


def _predict_input(path, side, invert):
    """(input row, JSON details, notes) of the picture at ``path`` for a side x side network.

    784 = 28x28 inputs: prepared as MNIST's digits were (ink, crop, fit 20x20, centre by
    mass). Any other square size: only inverted, padded to a square and resized."""
    from .engine.imageio import load_digit, load_image

    if side == 28:
        digit = load_digit(path, invert=invert)
        steps = digit.steps
        details = {"preprocessing": "mnist", "original_size": list(digit.original_size),
                   "inverted": digit.inverted, "paper": digit.ink.paper,
                   "ink_box": list(steps.box), "fitted_size": list(steps.fitted.shape),
                   "offset": list(steps.offset)}
        return digit.as_row(), details, digit.notes
    image = load_image(path, shape=(side, side), invert=invert)
    details = {"preprocessing": "resize", "original_size": list(image.original_size),
               "inverted": image.inverted, "padded": image.padded, "resized": image.resized}
    return image.as_row(), details, image.notes


def _print_activations(path, activations, digit, cost):
    full, tick = _bar_chars()
    width = 30
    kind = "probabilities (softmax)" if cost == "cross-entropy" else "sigmoid outputs"
    print(f"{path}: the network says {digit}")
    print(f"\noutput activations ({kind}):")
    for k, value in enumerate(activations):
        bar = full * int(round(float(np.clip(value, 0, 1)) * width)) or tick
        mark = "  <- answer" if k == digit else ""
        print(f"  {k:>2}  {bar:<{width}}  {value:.3f}{mark}")


def cmd_predict(args):
    from .engine.imageio import ImageError, picture_paths
    from .engine.network import Network

    network = Network.load(args.model)
    n_inputs = network.sizes[0]
    side = math.isqrt(n_inputs)
    if side * side != n_inputs:
        raise CLIError(f"model expects {n_inputs} inputs, which is not a square image; predict "
                       f"reads square pictures only (784 inputs = 28x28)")
    pictures = []  # (path, the ImageError of a folder without pictures, or None)
    for given in args.images:
        try:
            pictures.extend((path, None) for path in picture_paths(given))
        except ImageError as exc:
            pictures.append((pathlib.Path(given), exc))

    several = len(pictures) > 1
    failed = 0
    for number, (path, problem) in enumerate(pictures):
        if problem is None:
            try:
                row, details, notes = _predict_input(path, side, args.invert)
            except ImageError as exc:
                problem = exc
        if problem is not None:  # this picture fails; the others are still predicted
            failed += 1
            print(f"{PROG}: error: {problem}", file=sys.stderr)
            if args.json:
                _print_json({"image": str(path), "error": str(problem)})
            continue
        activations = network.feedforward(row).astype(np.float64)
        digit = int(np.argmax(activations))
        for note in notes:
            _note(f"note: {path}: {note}" if several else f"note: {note}")
        if args.json:
            _print_json({"image": str(path), "digit": digit, "activations": activations.tolist(),
                         "model": str(args.model), **details, "notes": notes})
        else:
            if number:
                print()
            _print_activations(path, activations, digit, network.cost)
        sys.stdout.flush()
    return EXIT_ERROR if failed else EXIT_OK


# ---------------------------------------------------------------------------- bench


def cmd_bench(args):
    try:
        bench = importlib.import_module("mlpbook.bench")
    except ModuleNotFoundError as exc:
        if exc.name in ("mlpbook.bench", None):
            raise CLIError("this installation of mlpbook has no benchmark module (mlpbook/bench.py)") from None
        raise CLIError(f"the benchmark needs the package {exc.name!r}: install it "
                       f"(pip install {exc.name}) and try again") from None
    from .engine import data

    saved = os.environ.get(data.ENV_VAR)
    if args.data_dir is not None:  # bench.run finds the data itself; tell it where
        os.environ[data.ENV_VAR] = str(pathlib.Path(args.data_dir).expanduser())
    try:
        bench.run(json_output=args.json, quick=args.quick)
    finally:
        if args.data_dir is not None:
            if saved is None:
                os.environ.pop(data.ENV_VAR, None)
            else:
                os.environ[data.ENV_VAR] = saved
    return EXIT_OK


# ---------------------------------------------------------------------------- the parser


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keep the line breaks of the descriptions and the examples."""


def _epilog(*lines):
    return "examples:\n" + "\n".join(f"  {line}" if line else "" for line in lines)


def _data_options(parser, *, with_dir_alias=False, top_level=False):
    names = ["--data-dir", "--dir"] if with_dir_alias else ["--data-dir"]
    default = None if top_level else argparse.SUPPRESS  # a sub-command's flag must not reset the top-level one
    parser.add_argument(
        *names, dest="data_dir", metavar="DIR", default=default,
        help="folder holding the four IDX files (NAME or NAME.gz); otherwise $MLPBOOK_DATA_DIR, "
             "otherwise the cache ~/.cache/mlpbook/mnist, downloaded on first use")


def _verify_option(parser):
    parser.add_argument(
        "--no-verify", action="store_true",
        help="do not check the files against the MNIST checksums: needed for any other dataset "
             "in the IDX layout (Fashion-MNIST, your own files written with mlpbook.engine.data.write_idx)")


def build_parser():
    from . import __version__

    parser = _Parser(
        prog=PROG,
        formatter_class=_Formatter,
        description=textwrap.dedent("""\
            mlpbook: train, evaluate and use a plain multilayer perceptron on handwritten
            digits (MNIST), the network of the mlpbook textbook.

            MNIST is found in --data-dir, else $MLPBOOK_DATA_DIR, else the cache
            ~/.cache/mlpbook/mnist (downloaded there on first use)."""),
        epilog=_epilog(
            f"{PROG} data --check                      # where is MNIST, is it intact?",
            f"{PROG} train --epochs 30 --out model.npz # the book's 784-16-16-10 network",
            f"{PROG} evaluate model.npz                # accuracy on the 10,000 test images",
            f"{PROG} predict model.npz my_digit.png    # what digit is this?",
            f"{PROG} bench --quick                     # how fast is the engine?",
            "",
            f"Run `{PROG} COMMAND --help` for the options of each command.",
            "Expected failures print `mlpbook: error: ...` and exit with code 2."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _data_options(parser, top_level=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    parser.command_parsers = commands.choices  # name -> sub-parser (for --recipe)

    # data ------------------------------------------------------------------------------
    p = commands.add_parser(
        "data", formatter_class=_Formatter,
        help="where MNIST is; --check verifies the files",
        description=textwrap.dedent("""\
            Print the folder holding the data (downloading MNIST into the cache when it is
            nowhere to be found), or with --check show each file as ok, missing, mismatch
            (readable, but not the official MNIST file), damaged (cannot be decompressed or
            is not IDX) or unreadable (cannot be opened: permissions?). --check exits 1
            when any file is not ok and never downloads. --json prints one JSON object."""),
        epilog=_epilog(
            f"{PROG} data",
            f"{PROG} data --check",
            f"{PROG} data --dir ~/datasets/mnist --check",
            f"{PROG} data --dir ~/datasets/fashion --check --no-verify"))
    _data_options(p, with_dir_alias=True)
    p.add_argument("--check", action="store_true", help="verify the four files and print a table")
    _verify_option(p)
    p.add_argument("--json", action="store_true",
                   help="print one JSON object instead (the folder; with --check each file's status)")
    p.set_defaults(func=cmd_data)

    # train -----------------------------------------------------------------------------
    p = commands.add_parser(
        "train", formatter_class=_Formatter,
        help="train a network with mini-batch stochastic gradient descent",
        description=textwrap.dedent("""\
            Train a network on the training images with mini-batch stochastic gradient
            descent, print one line per epoch (cost on the training set, accuracy on the
            test set, seconds of descent) and, with --out, save the trained network.
            A progress bar goes to stderr. --json prints one JSON object as the last line
            instead of the per-epoch lines (accuracies as fractions 0..1)."""),
        epilog=_epilog(
            f"{PROG} train --layers 784 16 16 10 --epochs 30 --batch-size 10 --lr 3.0",
            f"{PROG} train --recipe best16 --out best16.npz   # about 96%; see mlpbook.engine.recipes",
            f"{PROG} train --layers 784 100 10 --activation relu --cost cross-entropy --lr 0.1 --out relu.npz",
            f"{PROG} train --validation 10000 --schedule cosine --momentum 0.9 --lr 0.5",
            f"{PROG} train --epochs 2 --limit 5000 --json          # a quick run for a script",
            f"{PROG} train --data-dir ~/fashion --no-verify --out fashion.npz"))
    _data_options(p)
    _verify_option(p)
    p.add_argument("--recipe", choices=("classic", "best16", "wide"), default=None,
                   help="start from a named recipe of mlpbook.engine.recipes (classic: the book's "
                        "784-16-16-10 setup; best16: the best 784-16-16-10 recipe; wide: a "
                        "wider MLP); flags given after it override its settings")
    p.add_argument("--layers", type=_layer_size, nargs="+", default=[784, 16, 16, 10],
                   metavar="N", help="neurons per layer, input first; the input layer must have "
                                     "one neuron per pixel (784 for 28x28); default: 784 16 16 10")
    p.add_argument("--epochs", type=_positive_int, default=30, metavar="N", help="passes over the training images (default: %(default)s)")
    p.add_argument("--batch-size", type=_positive_int, default=10, metavar="N", help="images per gradient step (default: %(default)s)")
    p.add_argument("--lr", type=_positive_float, default=3.0, metavar="RATE",
                   help="learning rate (default: %(default)s, which suits sigmoid + quadratic cost; try 0.1 for relu)")
    p.add_argument("--activation", choices=("sigmoid", "relu"), default="sigmoid",
                   help="activation of the hidden layers (default: %(default)s)")
    p.add_argument("--cost", choices=("quadratic", "cross-entropy"), default="quadratic",
                   help="quadratic (sigmoid outputs) or cross-entropy (softmax outputs) (default: %(default)s)")
    p.add_argument("--init", choices=("scaled", "normal"), default="scaled",
                   help="scaled: weights ~ N(0, 1/n_in) (2/n_in for relu), biases 0; "
                        "normal: everything ~ N(0, 1), the classic start (default: %(default)s)")
    p.add_argument("--l2", type=_non_negative_float, default=0.0, metavar="LAMBDA", help="weight decay (default: %(default)s)")
    p.add_argument("--momentum", type=_momentum, default=0.0, metavar="BETA", help="0 for plain descent; 0.9 is common (default: %(default)s)")
    p.add_argument("--schedule", choices=("constant", "step", "cosine"), default="constant",
                   help="learning rate over the epochs: constant; step (halved every 10 epochs); "
                        "cosine (glides towards 0) (default: %(default)s)")
    p.add_argument("--seed", type=_non_negative_int, default=0, metavar="N", help="seed of the initial weights and the shuffling (default: %(default)s)")
    p.add_argument("--dtype", choices=("float32", "float64"), default="float32",
                   help="float type of the weights (default: %(default)s)")
    p.add_argument("--validation", type=_non_negative_int, default=0, metavar="N",
                   help="hold out the last N training images and report accuracy on them each "
                        "epoch; the test set is then scored once, after training. 0: score the "
                        "test set each epoch, as the classic book does (default: %(default)s)")
    p.add_argument("--limit", type=_positive_int, default=None, metavar="N",
                   help="train on the first N training images only (after --validation), for quick runs")
    p.add_argument("--out", metavar="MODEL.npz", default=None,
                   help="save the trained network here (written whole, only if training succeeds)")
    p.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.set_defaults(func=cmd_train)

    # evaluate --------------------------------------------------------------------------
    p = commands.add_parser(
        "evaluate", formatter_class=_Formatter,
        help="accuracy of a saved network on the test images",
        description=textwrap.dedent("""\
            Score a network saved by `mlpbook train --out` on the test images: accuracy,
            cost and the accuracy for each class. --json prints one JSON object (with
            test_accuracy as a fraction 0..1) as the last line."""),
        epilog=_epilog(f"{PROG} evaluate model.npz",
                       f"{PROG} evaluate model.npz --json",
                       f"{PROG} evaluate fashion.npz --data-dir ~/fashion --no-verify"))
    p.add_argument("model", metavar="MODEL", help="a .npz file written by `mlpbook train --out`")
    _data_options(p)
    _verify_option(p)
    p.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    p.set_defaults(func=cmd_evaluate)

    # predict ---------------------------------------------------------------------------
    p = commands.add_parser(
        "predict", formatter_class=_Formatter,
        help="the digit in each picture (scan, photo, PNG) and the 10 output activations",
        description=textwrap.dedent("""\
            Read pictures of digits (PNG, JPEG, BMP, GIF, WebP; grayscale, colour or with
            transparency) and print, for each, the network's answer and its output
            activations as a bar chart. An IMAGE that is a folder means every picture in it
            (.png .jpg .jpeg .bmp .gif .webp), sorted by name.

            For a network with 784 inputs each picture is prepared as MNIST's digits were:
            made grayscale (transparency shows white paper, or black when only that shows
            the ink); the ink told from the paper (the median brightness) and its grain,
            dark ink on light or coloured paper made white on black; cropped to the ink, fitted into 20x20 keeping its aspect ratio
            and centred by its centre of mass in 28x28. Crop a photo to the digit first:
            every other mark counts as ink. For any other square input size the picture is
            only inverted (when its mean is above 0.5), padded to a square and resized.
            Each step is reported on stderr. A picture is first turned the way a viewer
            shows it (its EXIF orientation tag, as phones write it) and shrunk to at most
            1024 pixels a side while it is decoded; one above 40 megapixels is refused
            (a JPEG counts at the size it is decoded to: down to 1/8 of each side).

            --json prints one JSON object per picture, one per line, in order (image,
            digit, activations, notes, ...), so the last line is always a JSON object. A
            picture that cannot be read or holds no digit gives an error line on stderr
            (with --json also {"image": ..., "error": ...}); the others are still
            predicted, and the exit code is 2."""),
        epilog=_epilog(f"{PROG} predict model.npz seven.png",
                       f"{PROG} predict model.npz scans/ photo.jpg --json   # a folder and a file",
                       f"{PROG} predict model.npz scan.png --invert no      # light ink on dark"))
    p.add_argument("model", metavar="MODEL", help="a .npz file written by `mlpbook train --out`")
    p.add_argument("images", metavar="IMAGE", nargs="+",
                   help="a picture of a digit, or a folder of them; several may be given")
    p.add_argument("--invert", choices=("auto", "yes", "no"), default="auto",
                   help="which side the ink is on: yes = dark ink on light paper (made white on "
                        "black), no = light ink on a dark ground; auto (the default) takes the "
                        "side that differs more from the paper (for 784 inputs) or inverts "
                        "when the mean brightness is above 0.5 (other sizes)")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object per picture, one per line")
    p.add_argument("--data-dir", dest="data_dir", default=argparse.SUPPRESS,
                   help=argparse.SUPPRESS)  # accepted like every command; predict needs no dataset
    p.set_defaults(func=cmd_predict)

    # bench -----------------------------------------------------------------------------
    p = commands.add_parser(
        "bench", formatter_class=_Formatter,
        help="speed of the engine against comparators",
        description=textwrap.dedent("""\
            Measure the training engine against the comparators and print a table of
            figures and ratios; --json also prints them as one JSON object on the last line."""),
        epilog=_epilog(f"{PROG} bench", f"{PROG} bench --quick", f"{PROG} bench --json"))
    _data_options(p)
    p.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    p.add_argument("--quick", action="store_true", help="a short run (fewer repeats and images)")
    p.set_defaults(func=cmd_bench)

    # book and test (the README's two commands; they need a clone of the repository) -----
    p = commands.add_parser(
        "book", formatter_class=_Formatter,
        help="find MNIST, then build the whole website (_build/html)",
        description=textwrap.dedent("""\
            Find MNIST (downloading it into the cache if needed; without it the command stops
            with what to do), then run `jupyter-book build --all`, which executes every
            chapter. Exits non-zero if any chapter fails; run it again after fixing."""),
        epilog=_epilog(f"{PROG} book", f"{PROG} book --strict"))
    p.add_argument("--strict", action="store_true",
                   help="also fail on any Sphinx warning (what the tests do)")
    p.add_argument("--edition", action="append", choices=("en", "zh"), dest="editions",
                   help="build only this edition (repeatable; default: en and zh)")
    p.set_defaults(func=cmd_book)
    p = commands.add_parser(
        "i18n", formatter_class=_Formatter,
        help="the Chinese edition's catalogs: update after editing English, or show status",
        description=textwrap.dedent("""\
            update: extract the English prose of every page and merge it into the catalogs
            locales/zh_CN/LC_MESSAGES/<page>.po (new text arrives untranslated, edited text
            fuzzy, removed text is dropped). status: what is left to translate, per page."""),
        epilog=_epilog(f"{PROG} i18n update", f"{PROG} i18n status"))
    p.add_argument("action", choices=("update", "status"))
    p.set_defaults(func=cmd_i18n)
    p = commands.add_parser(
        "test", formatter_class=_Formatter, add_help=False,
        help="run every test (installs a Chromium for the browser tests if there is none)",
        description="Run `python -m pytest ARGS...` after making sure a Chromium is there.")
    p.add_argument("-h", "--help", action="help", help="show this help message and exit")
    p.add_argument("pytest_args", nargs="*", metavar="PYTEST_ARGS",
                   help="passed to pytest unchanged, e.g. -x -k website")
    p.set_defaults(func=cmd_test)
    return parser


def cmd_book(args):
    from .book.commands import build_book

    return build_book(strict=args.strict, editions=tuple(args.editions or ("en", "zh")))


def cmd_i18n(args):
    from .book import editions

    if args.action == "update":
        editions.update_catalogs()
    rows = editions.catalog_status("zh")
    width = max((len(row.page) for row in rows), default=4)
    print(f"{'page':{width}}  entries  untranslated  fuzzy")
    for row in rows:
        print(f"{row.page:{width}}  {row.entries:7d}  {row.untranslated:12d}  {row.fuzzy:5d}")
    todo = sum(row.untranslated + row.fuzzy for row in rows)
    print(f"\n{todo} entr{'y' if todo == 1 else 'ies'} to translate"
          + ("" if todo else ": the Chinese edition is complete"))
    return EXIT_OK


def cmd_test(args):
    from .book.commands import run_tests

    return run_tests(list(args.pytest_args))


# ---------------------------------------------------------------------------- main


def _error(message):
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def _parse(parser, argv):
    """Parse ``argv``; ``train --recipe NAME`` makes the recipe's settings the defaults, so
    every flag the user gives wins, wherever it stands (a folder named "train" included)."""
    args = parser.parse_args(argv)
    if getattr(args, "recipe", None):
        from .engine.recipes import RECIPES

        train_parser = parser.command_parsers["train"]
        recipe_args = train_parser.parse_args(RECIPES[args.recipe].cli_args())
        train_parser.set_defaults(**vars(recipe_args))
        args = parser.parse_args(argv)
    return args


def _failure(exc):
    """(message, exit code) of an exception that ends a command."""
    from .engine.data import DataError
    from .engine.imageio import ImageError
    from .engine.network import ModelFileError
    from .engine.train import TrainingDiverged

    if isinstance(exc, _Terminated):
        name = signal.Signals(exc.signum).name
        return f"terminated ({name})", 128 + exc.signum
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted", EXIT_INTERRUPTED
    if isinstance(exc, DataError):
        return _data_error_message(exc), EXIT_ERROR
    if isinstance(exc, TrainingDiverged):
        return f"{exc} Nothing was saved.", EXIT_ERROR
    if isinstance(exc, (CLIError, ModelFileError, ImageError, ValueError)):
        return str(exc), EXIT_ERROR
    if isinstance(exc, MemoryError):
        return ("ran out of memory; use smaller layers, a smaller --batch-size or --limit, or "
                "close other programs"), EXIT_ERROR
    if isinstance(exc, OSError):  # e.g. the disk is full or a folder is read-only
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return f"{exc.strerror or exc}{where}", EXIT_ERROR
    detail = " ".join(str(exc).split())[:300]
    return (f"unexpected {type(exc).__name__}{f': {detail}' if detail else ''}. This is a bug "
            f"in mlpbook: please report it with the command you ran (MLPBOOK_DEBUG=1 shows "
            f"the traceback)"), EXIT_ERROR


@contextlib.contextmanager
def _signals_as_exceptions():
    """SIGTERM and SIGHUP raise _Terminated (in the main thread), so that, as with Ctrl-C,
    every ``finally`` runs: a half-written model or download is removed, not left behind.
    A signal the caller chose to ignore (nohup) stays ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_terminated(signum, frame):
        raise _Terminated(signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None or signal.getsignal(number) == signal.SIG_IGN:
            continue
        previous[number] = signal.signal(number, raise_terminated)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def _warnings_as_notes(collected):
    """The package's warnings as ``mlpbook: warning: ...`` lines on stderr, also kept in
    ``collected`` (for --json); other warnings are shown as Python shows them."""
    from .engine.validation import MlpbookWarning

    with warnings.catch_warnings():
        shown = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):
            if issubclass(category, MlpbookWarning):
                collected.append(str(message))
                _note(f"warning: {message}")
            else:
                shown(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        warnings.simplefilter("always", MlpbookWarning)
        yield


def _silence_stdout():
    """After a broken pipe (``mlpbook ... | head``), send the rest of stdout nowhere."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main(argv=None) -> int:
    """Run the command line with ``argv`` (default: sys.argv[1:]); return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["test"] and argv[1:2] not in (["-h"], ["--help"]):
        # Everything after `test` belongs to pytest, flags included (argparse would claim them).
        from .book.commands import run_tests

        return run_tests(argv[1:])
    parser = build_parser()
    try:
        args = _parse(parser, argv)
    except SystemExit as exc:  # --help or --version
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_ERROR)
    except _UsageError as exc:
        sys.stderr.write(exc.usage)
        print(f"{exc.prog}: error: {exc.message}", file=sys.stderr)
        if "--json" in argv:  # the command was not understood, but JSON was asked for
            _print_json({"error": exc.message, "command": _command_in(argv, parser),
                         "exit_code": EXIT_ERROR})
        return EXIT_ERROR

    args.warnings = []
    try:
        with _signals_as_exceptions(), _warnings_as_notes(args.warnings):
            return args.func(args)
    except BrokenPipeError:
        _silence_stdout()
        return 128 + getattr(signal, "SIGPIPE", 13)
    except BaseException as exc:  # noqa: BLE001 - the last resort: never a traceback
        if not isinstance(exc, Exception) and not isinstance(exc, (KeyboardInterrupt, _Terminated)):
            raise  # SystemExit and the like
        if os.environ.get("MLPBOOK_DEBUG") and not isinstance(exc, (KeyboardInterrupt, _Terminated)):
            raise
        message, code = _failure(exc)
        if isinstance(exc, (KeyboardInterrupt, _Terminated)):
            print(f"\n{PROG}: {message}", file=sys.stderr)
        else:
            _error(message)
        if getattr(args, "json", False):
            with contextlib.suppress(OSError, ValueError):
                _print_json({"error": message, "command": args.command, "exit_code": code})
        return code


def _command_in(argv, parser):
    """The sub-command named in ``argv`` (for a usage error's JSON), or None; the value of a
    top-level ``--data-dir`` is not one, even when a folder is called "train"."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--data-dir":
            skip = True
        elif arg in parser.command_parsers:
            return arg
    return None
