"""Shared argument handling: a parser whose usage errors are exceptions, the argument types
(each error message says what is expected), the help layout and the options several
commands take."""

from __future__ import annotations

import argparse
import math


class _UsageError(Exception):
    """argparse's usage error, raised instead of exiting so that --json still gets JSON."""

    def __init__(self, usage, prog, message):
        super().__init__(message)
        self.usage, self.prog, self.message = usage, prog, message


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are exceptions (sub-commands inherit it)."""

    def error(self, message):
        raise _UsageError(self.format_usage(), self.prog, message)


# ---------------------------------------------------------------------------- argument types


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


# ---------------------------------------------------------------------------- help and options


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
