"""``main``: run one command and turn every way it can end into a message and an exit code.

Expected failures are one ``mlpbook: error:`` line and exit code 2; Ctrl-C exits 130,
SIGTERM and SIGHUP 128 + the signal's number, after the same clean-up; a broken pipe is
quiet; the package's warnings become ``mlpbook: warning:`` lines (and, with ``--json``,
a list in train's record). See :mod:`mlpbook.cli`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import warnings

from .common import (EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, PROG, CLIError, _data_error_message,
                     _note, _print_json)
from .options import _UsageError
from .parser import _command_in, _parse, build_parser


class _Terminated(BaseException):
    """SIGTERM or SIGHUP, raised like KeyboardInterrupt so every clean-up runs."""

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum



def _error(message):
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def _failure(exc):
    """(message, exit code) of an exception that ends a command."""
    from ..engine.data import DataError
    from ..engine.imageio import ImageError
    from ..engine.network import ModelFileError
    from ..engine.train import TrainingDiverged

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
    from ..engine.validation import MlpbookWarning

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
        from ..book.commands import run_tests

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
