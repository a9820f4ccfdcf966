"""Ablation: how much accuracy each change of a training recipe buys, measured honestly.

Chapter 7 turns the classic recipe into ``BEST_16`` with six changes at once.  To know what
each one is worth we add them one at a time (a *ladder* of recipes, :func:`ladder`) and score
every rung.  Two habits keep such a table honest:

* **Score on the validation split, never on the test set.**  The rungs are compared with each
  other, and whatever we compare while choosing is being fitted a little; the test images are
  kept for the final numbers.  :func:`score_seeds` with ``on="validation"`` trains on the first
  part of ``data.split(n_validation)`` and scores the held-back images.
* **Several seeds per recipe.**  The seed decides the starting weights and the order of the
  examples, and with a learning rate as large as 3.0 that alone moves the final accuracy by
  more than half a point.  A difference between two recipes means something only when it is
  larger than the spread between seeds of the same recipe, so every score here is a mean and a
  standard deviation over seeds (:class:`SeedRuns`).

Some changes alter the size of the gradient (the cross-entropy cost has no small σ' factor)
or of the steps (momentum multiplies them by about 1/(1 − μ)), so the learning rate cannot
stay the same across the ladder.  Each rung of :data:`BEST_16_LADDER` therefore carries its
own learning rate, chosen on the validation images with seeds other than those of the table
(``benchmarks/ablation_learning_rates.py``); the last rung is ``BEST_16`` itself.

    >>> from mlpbook import load_mnist
    >>> from mlpbook.lessons.ablation import ablation_table, run_ladder
    >>> runs = run_ladder(load_mnist(), seeds=(0, 1, 2), progress=True)   # about 40 s
    >>> ablation_table(runs)
"""

from __future__ import annotations

import dataclasses
import math
from typing import Mapping, Optional, Sequence

import numpy as np

from ..engine import runcache
from ..engine._report import Report
from ..i18n import T
from ..engine.recipes import (BEST_16, CLASSIC, Recipe, Table, get_recipe, recipe_title,
                              setting_name, setting_value, training_part)
from ..engine.train import train

__all__ = ["Change", "BEST_16_LADDER", "SCALED_FIRST", "OTHER_ORDER", "ladder", "describe_change",
           "SeedRuns", "mean_and_spread", "score_seeds", "run_ladder", "format_points",
           "ablation_table", "spread_table", "rates_table", "rung_title"]

SCORED_ON = ("validation", "test")


@dataclasses.dataclass(frozen=True)
class Change:
    """One rung of a ladder: a short name and the recipe settings it changes.

    ``settings`` maps :class:`~mlpbook.engine.recipes.Recipe` field names to new values, e.g.
    ``{"cost": "cross-entropy", "lr": 0.05}``; ``why`` is one sentence for people; ``zh`` is
    the label in Chinese, for the tables and figures of the Chinese edition (the English
    ``label`` stays the rung's name in code).
    """

    label: str
    settings: Mapping[str, object]
    why: str = ""
    zh: str = ""

    def __post_init__(self):
        fields = {f.name for f in dataclasses.fields(Recipe)} - {"name", "description"}
        unknown = sorted(set(self.settings) - fields)
        if unknown:
            raise ValueError(f"change {self.label!r} names unknown recipe settings {unknown}; "
                             f"choose from {sorted(fields)}")
        if not self.settings:
            raise ValueError(f"change {self.label!r} changes nothing: give at least one setting")
        object.__setattr__(self, "settings", dict(self.settings))


#: From ``CLASSIC`` to ``BEST_16``, one idea per rung, in the order chapter 7 explains them.
#: Learning rates: the best mean validation accuracy of seeds 100-102 over the grid
#: 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 3 (benchmarks/ablation_learning_rates.py);
#: the last rung keeps BEST_16's own rate.
BEST_16_LADDER = (
    Change("softmax & cross-entropy", {"cost": "cross-entropy", "lr": 0.5},
           "no σ' factor in the output error, so confident mistakes are corrected fast",
           "softmax 加交叉熵"),
    Change("scaled start", {"init": "scaled", "lr": 0.05},
           "weights from N(0, 1/n_in): no neuron starts saturated", "缩放初始化"),
    Change("momentum 0.9", {"momentum": 0.9, "lr": 0.005},
           "steps remember the previous steps", "动量 0.9"),
    Change("weight decay", {"l2": 1e-4, "lr": 0.01},
           "every step pulls the weights a little towards zero", "权重衰减"),
    Change("cosine schedule", {"schedule": "cosine", "lr": 0.2},
           "large steps early, tiny steps at the end", "余弦调度"),
    Change("batches of 32", {"batch_size": 32, "lr": BEST_16.lr},
           "a less noisy gradient per step", "批大小 32"),
)


#: The scaled start added to ``CLASSIC`` first, before cross-entropy.  Compared with the first
#: two rungs of :data:`BEST_16_LADDER` it checks whether the gains of those two changes depend
#: on their order (a change's gain can depend on what is already there).  Learning rate chosen
#: like the ladder's.
SCALED_FIRST = Change("scaled start", {"init": "scaled", "lr": 0.2},
                      "the scaled start without cross-entropy", "缩放初始化")

#: The first two rungs of :data:`BEST_16_LADDER` in the other order: the scaled start, then
#: cross-entropy. The second rung is the same recipe as the ladder's second rung (both
#: changes, with its learning rate).
OTHER_ORDER = (SCALED_FIRST,
               Change("softmax & cross-entropy",
                      {"cost": "cross-entropy", "lr": BEST_16_LADDER[1].settings["lr"]},
                      "cross-entropy after the scaled start", "softmax 加交叉熵"))


def rung_title(label):
    """A rung's label in the reader's language, as a :class:`~mlpbook.i18n.T`.

    ``"+ weight decay"`` is ``"+ 权重衰减"`` in Chinese, a recipe's name its title
    (:func:`~mlpbook.engine.recipes.recipe_title`); a :class:`T` stays itself, any other label is
    shown as it is.
    """
    if isinstance(label, T):
        return label
    label = str(label)
    plus = "+ " if label.startswith("+ ") else ""
    name = label[len(plus):]
    for change in (*BEST_16_LADDER, SCALED_FIRST):
        if change.label == name and change.zh:
            return T(label, plus + change.zh)
    if not plus:
        return recipe_title(name)
    return T(label)


def ladder(start=CLASSIC, changes: Sequence[Change] = BEST_16_LADDER):
    """The recipes of a ladder: ``start``, then each change added on top of all earlier ones.

    Returns a list of ``(label, recipe)`` pairs, ``len(changes) + 1`` of them; the first label
    is the start recipe's name, the others ``"+ "`` and the change's label.
    """
    start = recipe = get_recipe(start)
    rungs = [(recipe.name, recipe)]
    for n, change in enumerate(changes, start=1):
        if not isinstance(change, Change):
            raise ValueError(f"a ladder is built from Change objects; got {change!r}")
        recipe = dataclasses.replace(recipe, name=f"{start.name}+{n}",
                                     description=f"{start.name} and {n} change(s), the last: "
                                                 f"{change.label}",
                                     **change.settings)
        rungs.append((f"+ {change.label}", recipe))
    return rungs


_SHOWN = ("layers", "activation", "cost", "init", "momentum", "l2", "schedule", "batch_size",
          "epochs", "train_size", "dtype", "lr")


def describe_change(before, after, skip=()):
    """The settings that differ between two recipes, in the reader's language: in English
    ``"cost quadratic → cross-entropy, lr 3 → 0.5"`` (the learning rate last), in Chinese
    ``"代价函数 二次 → 交叉熵，学习率 3 → 0.5"``; ``""`` if none differ.

    ``skip`` names fields to leave out (the ablation table shows the learning rate in a
    column of its own). Returns a :class:`~mlpbook.i18n.T` (a ``str`` in either language
    when printed; compare ``str(...)``).
    """
    parts = []
    for field in _SHOWN:
        old, new = getattr(before, field), getattr(after, field)
        if old != new and field not in skip:
            name = setting_name(field, short=True)
            parts.append(T(f"{name.en} {setting_value(field, old, short=True).en} → "
                           f"{setting_value(field, new, short=True).en}",
                           f"{name.zh} {setting_value(field, old, short=True).zh} → "
                           f"{setting_value(field, new, short=True).zh}"))
    return T(", ".join(p.en for p in parts), "，".join(p.zh for p in parts))


# ---------------------------------------------------------------------- seeds
def mean_and_spread(values):
    """Mean and sample standard deviation (``ddof=1``) of a few scores.

    With a single score the spread is unknown: ``nan``.
    """
    v = np.asarray(values, dtype=np.float64).ravel()
    if v.size == 0:
        raise ValueError("mean_and_spread needs at least one value")
    spread = float(np.std(v, ddof=1)) if v.size > 1 else math.nan
    return float(np.mean(v)), spread


@dataclasses.dataclass(frozen=True)
class SeedRuns:
    """The final accuracies of one recipe trained once per seed.

    Attributes: ``label``, ``recipe`` (its ``seed`` is replaced by each seed), ``seeds``,
    ``accuracies`` (one per seed, same order), ``seconds`` (gradient descent of all runs,
    summed) and ``scored_on`` (``"validation"`` or ``"test"``).
    """

    label: str
    recipe: Recipe
    seeds: tuple
    accuracies: tuple
    seconds: float
    scored_on: str

    @property
    def mean(self):
        return mean_and_spread(self.accuracies)[0]

    @property
    def std(self):
        """Sample standard deviation over the seeds (``nan`` for a single seed)."""
        return mean_and_spread(self.accuracies)[1]

    def summary(self, digits=1):
        """``"95.4% ± 0.2"``: the mean accuracy and its spread, in percentage points."""
        mean, std = self.mean, self.std
        spread = "?" if math.isnan(std) else f"{100 * std:.{digits}f}"
        return f"{100 * mean:.{digits}f}% ± {spread}"

    def report(self, digits=2):
        """Each seed's accuracy, then the mean ± standard deviation over the seeds, printed
        in the reader's language."""
        rows = [(T("seed {seed}", "种子 {seed}").format(seed=seed), f"{100 * acc:.{digits}f}%")
                for seed, acc in zip(self.seeds, self.accuracies)]
        rows.append((T("mean ± standard deviation", "均值 ± 标准差"), self.summary(digits - 1)))
        return Report(rows)


def _check_seeds(seeds):
    seeds = tuple(seeds)
    if not seeds:
        raise ValueError("give at least one seed, e.g. seeds=(0, 1, 2)")
    for s in seeds:
        if isinstance(s, (bool, np.bool_)) or not isinstance(s, (int, np.integer)) or s < 0:
            raise ValueError(f"seeds must be whole numbers >= 0; got {seeds}")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must differ from each other (a repeated seed repeats the same "
                         f"run); got {seeds}")
    return tuple(int(s) for s in seeds)


def _split(recipe, data, on, n_validation):
    """Training images and the images that score them, for ``on`` = validation or test."""
    if on not in SCORED_ON:
        raise ValueError(f"on must be one of {SCORED_ON}; got {on!r}")
    if on == "validation":
        part, (X_eval, y_eval) = data.split(n_validation)
        X, y = part.train_images, part.train_labels
        where = f"the {len(y):,} training images left by data.split({n_validation})"
    else:
        X, y = data.train_images, data.train_labels
        X_eval, y_eval = data.test_images, data.test_labels
        where = f"the {len(y):,} training images"
    X, y = training_part(recipe, X, y, where)
    return X, y, X_eval, y_eval


def score_seeds(recipe, data, seeds=(0, 1, 2), *, on="validation", n_validation=10_000,
                epochs=None, label=None, known: Optional[Mapping[int, float]] = None,
                progress=None):
    """Train ``recipe`` once per seed and score each network after its last epoch.

    Parameters
    ----------
    recipe : a :class:`~mlpbook.engine.recipes.Recipe` or its name
    data : a :class:`~mlpbook.engine.data.Dataset`
    seeds : the seeds; each replaces ``recipe.seed`` (starting weights and shuffling)
    on : ``"validation"``: train on the first part of ``data.split(n_validation)`` and score
        the held-back images (for choosing and comparing); ``"test"``: train on the training
        images and score the test images (for final numbers only), exactly as
        :func:`~mlpbook.engine.recipes.fit` does
    epochs : train this many epochs instead of ``recipe.epochs`` (a cosine schedule is
        stretched to fit)
    known : accuracies already measured for some seeds with the same settings (e.g. a run the
        chapter made anyway); those seeds are not trained again
    progress : a tqdm bar to advance by one per trained run, or None

    Returns a :class:`SeedRuns`.
    """
    recipe = get_recipe(recipe)
    seeds = _check_seeds(seeds)
    known = dict(known or {})
    epochs = recipe.epochs if epochs is None else epochs
    X, y, X_eval, y_eval = _split(recipe, data, on, n_validation)
    images = [runcache.array_digest(a) for a in (X, y, X_eval, y_eval)]
    accuracies, seconds = [], 0.0
    for seed in seeds:
        if seed in known:
            accuracies.append(float(known[seed]))
            continue
        run = dataclasses.replace(recipe, seed=seed)

        def measure(run=run, seed=seed):
            net = run.network()
            history = train(net, X, y, epochs=epochs, batch_size=run.batch_size,
                            lr=run.learning_rate(epochs), l2=run.l2, momentum=run.momentum,
                            seed=seed, monitor_training=False)
            return {"accuracy": float(net.accuracy(X_eval, y_eval)),
                    "seconds": float(np.sum(history.seconds))}

        # The same run (settings, seed, images, code) is trained once: chapter 7, its
        # appendix and the book's three executions share it (mlpbook.engine.runcache).
        settings = {k: v for k, v in dataclasses.asdict(run).items()
                    if k not in ("name", "description")}  # words: they train nothing
        key = runcache.fingerprint({"run": "score_seeds", "recipe": settings,
                                    "epochs": epochs, "images": images},
                                   extra_files=(__file__,))
        measured = runcache.remembered(key, measure)
        seconds += measured["seconds"]
        accuracies.append(measured["accuracy"])
        if progress is not None:
            progress.update(1)
    return SeedRuns(label or recipe.name, recipe, seeds, tuple(accuracies), seconds, on)


def run_ladder(data, rungs=None, seeds=(0, 1, 2), *, epochs=None, n_validation=10_000,
               progress=False):
    """Score every rung of a ladder on the validation split; returns a list of :class:`SeedRuns`.

    ``rungs`` is a list of ``(label, recipe)`` pairs (default: :func:`ladder`, classic to
    ``BEST_16``).  ``progress=True`` shows one bar over all the runs.
    """
    rungs = ladder() if rungs is None else list(rungs)
    if not rungs:
        raise ValueError("rungs is empty: pass a list of (label, recipe) pairs, e.g. ladder()")
    seeds = _check_seeds(seeds)
    bar = None
    if progress:
        from tqdm.auto import tqdm
        bar = tqdm(total=len(rungs) * len(seeds), unit=str(T("run", "次")),
                   desc=str(T("ablation", "消融实验")))
    try:
        return [score_seeds(recipe, data, seeds, on="validation", n_validation=n_validation,
                            epochs=epochs, label=label, progress=bar)
                for label, recipe in rungs]
    finally:
        if bar is not None:
            bar.close()


def format_points(value, digits=1):
    """A gain in percentage points for people: ``"+1.4"``, ``"−0.2"`` (a true minus sign), and
    ``"0.0"`` for anything that rounds to zero (no ``"-0.0"``)."""
    text = f"{value:+.{digits}f}"
    if float(text) == 0:
        return f"{0:.{digits}f}"
    return text.replace("-", "\u2212")


_SCORED = {"validation": T("validation", "验证集"), "test": T("test", "测试集")}


def _accuracy_header(runs):
    """``"validation accuracy (mean ± sd)"`` (``"验证集准确率（均值 ± 标准差）"``)."""
    on = [_SCORED[s] for s in sorted({r.scored_on for r in runs})]
    return T(f"{'/'.join(s.en for s in on)} accuracy (mean ± sd)",
             f"{'/'.join(s.zh for s in on)}准确率（均值 ± 标准差）")


def ablation_table(runs, digits=1, against="previous"):
    """A table of :class:`SeedRuns`, one row each, in the reader's language.

    Columns: step, what changes, learning rate, accuracy (mean ± standard deviation over the
    seeds, in percent) and the gain in percentage points. ``against="previous"``: what
    changes and the gain are measured from the row above (a ladder); ``"first"``: from the
    first row (several alternatives to one start).
    """
    runs = list(runs)
    if not runs:
        raise ValueError("no runs to tabulate")
    if against not in ("previous", "first"):
        raise ValueError(f"against must be 'previous' or 'first'; got {against!r}")
    gain_header = (T("gain (points)", "提升（百分点）") if against == "previous" else
                   T("gain over the first row (points)", "相对第一行的提升（百分点）"))
    header = [T("step", "步骤"), T("what changes", "改动"), T("learning rate", "学习率"),
              _accuracy_header(runs), gain_header]
    cells, previous = [], None
    for r in runs:
        change = "" if previous is None else describe_change(previous.recipe, r.recipe,
                                                             skip=("lr",))
        gain = "" if previous is None else format_points(100 * (r.mean - previous.mean), digits)
        cells.append([rung_title(r.label), change, f"{r.recipe.lr:g}", r.summary(digits), gain])
        if against == "previous" or previous is None:
            previous = r
    return Table(header, cells, ["left", "left", "right", "right", "right"])


def spread_table(runs, digits=1):
    """A table of :class:`SeedRuns` of different recipes: the spread over seeds of each, in
    the reader's language.

    Columns: recipe, seeds, accuracy (mean ± standard deviation), lowest and highest.
    """
    runs = list(runs)
    if not runs:
        raise ValueError("no runs to tabulate")
    cells = [[rung_title(r.label), ", ".join(map(str, r.seeds)), r.summary(digits),
              f"{100 * min(r.accuracies):.{digits + 1}f}%",
              f"{100 * max(r.accuracies):.{digits + 1}f}%"] for r in runs]
    return Table([T("recipe", "配方"), T("seeds", "种子"), _accuracy_header(runs),
                  T("lowest", "最低"), T("highest", "最高")],
                 cells, ["left", "left", "right", "right", "right"])


def rates_table(rungs):
    """The learning rate of each rung of a ladder (``(label, recipe)`` pairs, as
    :func:`ladder` makes them), its momentum, and the rate a step along a steady slope really
    has, η / (1 − μ), in the reader's language."""
    rows = [[rung_title(label), f"{recipe.lr:g}", f"{recipe.momentum:g}",
             f"{recipe.lr / (1 - recipe.momentum):.3g}"] for label, recipe in rungs]
    return Table([T("step", "步骤"), T("learning rate η", "学习率 η"),
                  T("momentum μ", "动量 μ"), "η / (1 − μ)"], rows,
                 ["left", "right", "right", "right"])
