"""``python -m mlpbook``: the command line (see :mod:`mlpbook.cli`, or run with ``--help``)."""

import sys

from mlpbook.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
