"""``mlpbook bench``: the engine's speed against comparators (:mod:`mlpbook.bench`)."""

from __future__ import annotations

import importlib
import os
import pathlib
import textwrap

from .common import EXIT_OK, PROG, CLIError
from .options import _Formatter, _data_options, _epilog


def add_parser(commands):
    """The ``bench`` command's parser."""
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


def cmd_bench(args):
    try:
        bench = importlib.import_module("mlpbook.bench")
    except ModuleNotFoundError as exc:
        if exc.name in ("mlpbook.bench", None):
            raise CLIError("this installation of mlpbook has no benchmark module (mlpbook/bench.py)") from None
        raise CLIError(f"the benchmark needs the package {exc.name!r}: install it "
                       f"(pip install {exc.name}) and try again") from None
    from ..engine import data

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
