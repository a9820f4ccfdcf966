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

The package, one module per command group, with the shared parts below them:

    run.py        main(): parse, run one command, turn every failure into a message and an
                  exit code (signals, warnings, a broken pipe, --json errors)
    parser.py     build_parser(): the top-level parser; each command adds its own
    data.py  train.py  evaluate.py  predict.py  bench.py  book.py (book, i18n, test)
                  one command group each: its sub-parser (``add_parser``) and ``cmd_NAME``
    options.py    shared argument handling: the parser class, the argument types, the
                  options several commands take (--data-dir, --no-verify), help layout
    common.py     shared by the commands: exit codes, CLIError, JSON and notes on stderr,
                  finding and loading the data

Names with a leading underscore are the package's own helpers, shared between its modules.
"""

from .common import EXIT_CHECK_FAILED, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, PROG, CLIError
from .parser import build_parser
from .run import main

__all__ = ["main", "build_parser", "CLIError", "PROG", "EXIT_OK", "EXIT_CHECK_FAILED",
           "EXIT_ERROR", "EXIT_INTERRUPTED"]
