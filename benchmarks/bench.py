"""Benchmark of mlpbook: the same as ``python -m mlpbook bench``.

    python benchmarks/bench.py [--json] [--quick] [--data-dir DIR]

See benchmarks/README.md for what is measured and mlpbook/bench.py for how.
"""

import pathlib
import sys

# Run from a checkout without installing: use the mlpbook next to this folder.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from mlpbook.bench import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
