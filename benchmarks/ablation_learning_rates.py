"""Choose the learning rate of each rung of the chapter 7 ablation on the validation images.

    MLPBOOK_DATA_DIR=... python benchmarks/ablation_learning_rates.py [--seeds 100 101 102]

Some changes alter the size of the gradient or of the steps, so each rung of
``mlpbook.lessons.ablation.BEST_16_LADDER`` needs its own learning rate.  This script trains every
rung (except the first, the classic recipe with its fixed 3.0, and the last, ``BEST_16`` with
its own 0.2) and ``SCALED_FIRST`` (the scaled start added to the classic recipe alone), once
per seed and learning rate of a grid, scores it on the validation split
(``data.split(10_000)``, never the test set) and prints the mean accuracy per rate; the best
rate of each rung is what the ladder uses.  It uses seeds other than the chapter's (0, 1, 2),
so the chapter's table does not score the same runs that chose its rates.  About 6 minutes
on an idle 2-core machine (``--only TEXT`` tunes only the rungs whose label contains TEXT).
"""

import argparse
import dataclasses
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from mlpbook import TrainingDiverged, load_mnist  # noqa: E402
from mlpbook.lessons.ablation import BEST_16_LADDER, SCALED_FIRST, ladder, score_seeds  # noqa: E402

GRID = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 3.0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[100, 101, 102])
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--only", default=None, help="tune only the rungs whose label "
                        "contains this text")
    args = parser.parse_args(argv)
    data = load_mnist(args.data_dir, progress=False)
    rungs = ladder()
    todo = list(zip(rungs[1:-1], BEST_16_LADDER[:-1]))
    todo.append(((f"classic + {SCALED_FIRST.label} only", ladder(changes=[SCALED_FIRST])[1][1]),
                 SCALED_FIRST))
    if args.only:
        todo = [t for t in todo if args.only in t[0][0]]
    for (label, recipe), change in todo:
        started = time.perf_counter()
        scores = {}
        for lr in GRID:
            try:
                runs = score_seeds(dataclasses.replace(recipe, lr=lr), data, args.seeds)
                scores[lr] = runs.mean
            except TrainingDiverged:
                scores[lr] = float("nan")
        best = max((lr for lr in GRID if np.isfinite(scores[lr])), key=scores.get)
        row = "  ".join(f"{lr:g}: {100 * s:.2f}" for lr, s in scores.items())
        print(f"{label:<28} best lr {best:g} (ladder uses {change.settings['lr']:g})  "
              f"[{time.perf_counter() - started:.0f} s]\n    {row}", flush=True)


if __name__ == "__main__":
    main()
