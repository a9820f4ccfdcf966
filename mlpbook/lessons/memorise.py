"""Memorisation: what a network does with labels that mean nothing, and with different starts.

Chapter 9 repeats, at the scale of a laptop, the experiment of Zhang et al. (2017): train the
same network twice on the same images, once with their true labels and once with the labels
shuffled among the images, so that no rule connects an image to its label.  If the network
still gets its training images right, it has *memorised* them, and whatever lets it read new
digits well when the labels are true cannot be its capacity alone.

The two runs differ in the labels and in nothing else: same starting weights, same order of
examples (the seed of the recipe decides both), same learning-rate schedule.  That is why
:func:`memorisation_runs` trains them all from one recipe, and why :func:`shuffled_labels`
*permutes* labels instead of drawing new ones: every digit keeps its share of the labels, so
no class becomes easier to guess by its frequency.  Shuffling only a fraction of the labels
gives the middle case, where the correctly labelled images can be learned as a rule and the
others only by heart; :class:`LabelRun` follows both groups epoch by epoch.

The second half is about starts.  Gradient descent from different random weights
(:func:`train_seeds`) ends at networks whose scores are close (:func:`spread` puts a number on
"close") but whose weights are not: a hidden neuron of one network may have no counterpart in
the other.  Because the hidden neurons of a layer can be listed in any order without changing
what the network computes, two layers are compared only after pairing each neuron with its
most similar partner (:func:`match_neurons`, an optimal one-to-one assignment on the
correlations of their weight images).

The printed reports (:func:`memorised_report`, :func:`confidence_report`,
:func:`seed_report`, :func:`mistakes_report`) are in the reader's language
(:func:`mlpbook.get_language`), like the figures.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import time
from typing import Mapping, Optional, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..i18n import Lines, T, pad, text_width
from ..engine.recipes import WIDE, get_recipe, training_part
from ..engine.train import Callback, History, train

__all__ = ["shuffled_labels", "expected_agreement", "LabelRun", "memorisation_runs",
           "epochs_to_reach", "Spread", "spread", "SeedRun", "train_seeds",
           "weight_correlations", "match_neurons", "matched_similarity", "pairwise_similarity",
           "disagreement", "straight_climb", "RUN_NAMES", "run_name", "memorised_report",
           "confidence_report", "seed_report", "mistakes_report"]


# ---------------------------------------------------------------------- labels
def _check_labels(labels, name="labels"):
    y = np.asarray(labels)
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of class numbers; got shape "
                         f"{y.shape}")
    if y.dtype.kind not in "iu":
        if y.dtype.kind != "f" or not np.all(y == np.round(y)):
            raise ValueError(f"{name} must be whole numbers (classes 0, 1, 2, ...); got dtype "
                             f"{y.dtype}")
    y = y.astype(np.int64)
    if y.min() < 0:
        raise ValueError(f"{name} must be classes 0, 1, 2, ...; found {int(y.min())}")
    return y


def _check_fraction(fraction):
    if isinstance(fraction, (bool, np.bool_)) or not isinstance(
            fraction, (int, float, np.integer, np.floating)) or not 0 <= fraction <= 1:
        raise ValueError(f"fraction must be a number from 0 (no label shuffled) to 1 (all of "
                         f"them); got {fraction!r}")
    return float(fraction)


def shuffled_labels(labels, seed=0, fraction=1.0):
    """A copy of ``labels`` in which a random ``fraction`` of the rows trade labels.

    The chosen rows (``round(fraction * n)`` of them) get their labels permuted among
    themselves; the other rows keep theirs.  Every class keeps exactly as many labels as
    before.  Some shuffled rows land on their own digit by chance (about one in ten for ten
    balanced classes, see :func:`expected_agreement`), so fewer than ``fraction`` of the
    labels end up wrong.  The same seed gives the same labels.
    """
    y = _check_labels(labels)
    fraction = _check_fraction(fraction)
    rng = np.random.default_rng(seed)
    k = int(round(fraction * len(y)))
    rows = np.sort(rng.choice(len(y), size=k, replace=False))
    out = y.copy()
    out[rows] = y[rows][rng.permutation(k)]
    return out


def expected_agreement(labels):
    """The fraction of labels a full shuffle is expected to leave right: Σ p_c².

    A row receives the label of a uniformly random row, which shows its own digit c with
    probability p_c, the share of c among the labels.
    """
    y = _check_labels(labels)
    p = np.bincount(y) / len(y)
    return float(np.sum(p ** 2))


def epochs_to_reach(accuracies, level):
    """The first epoch (counting from 1) whose accuracy is at least ``level``; None if none is."""
    acc = np.asarray(accuracies, dtype=float).ravel()
    if isinstance(level, (bool, np.bool_)) or not isinstance(
            level, (int, float, np.integer, np.floating)) or not 0 <= level <= 1:
        raise ValueError(f"level must be an accuracy between 0 and 1; got {level!r}")
    reached = np.flatnonzero(acc >= level)
    return int(reached[0]) + 1 if reached.size else None


@dataclasses.dataclass
class LabelRun:
    """One network trained on one version of the labels.

    Attributes
    ----------
    name : e.g. ``"true labels"``
    fraction : the fraction of rows whose labels were shuffled
    labels : the labels it was trained on
    history : the :class:`~mlpbook.engine.train.History`; ``train_accuracy`` is measured against
        ``labels`` (what the network was asked to learn), ``test_accuracy`` against the true
        labels of the test images
    wrong_rows : the training rows whose label is not their true digit
    fit_right : accuracy, epoch by epoch, on the rows whose label is right
    fit_wrong : accuracy, epoch by epoch, on ``wrong_rows`` against their (wrong) labels:
        how much of the noise has been learned by heart
    true_on_wrong : epoch by epoch, the share of ``wrong_rows`` for which the network answers
        the true digit, against the label it is taught
    seconds : wall-clock time of the whole run, scoring included
    network : the trained network
    """

    name: str
    fraction: float
    labels: np.ndarray
    history: History
    wrong_rows: np.ndarray
    fit_right: list
    fit_wrong: list
    true_on_wrong: list
    seconds: float
    network: object = dataclasses.field(repr=False, default=None)

    @property
    def wrong_share(self):
        """The fraction of training labels that are wrong."""
        return len(self.wrong_rows) / len(self.labels)


class _LabelFit(Callback):
    """Scores the rows with right and with wrong labels separately after each epoch."""

    def __init__(self, X, labels, true_labels):
        wrong = labels != true_labels
        self.X, self.labels, self.true = X, labels, true_labels
        self.wrong, self.right = np.flatnonzero(wrong), np.flatnonzero(~wrong)
        self.fit_right, self.fit_wrong, self.true_on_wrong = [], [], []

    def on_epoch_end(self, epoch, history, network):
        if len(self.wrong) == 0:  # true labels: the parts are the whole training curve
            self.fit_right.append(history.train_accuracy[-1])
            return
        pred = network.predict(self.X)
        right, wrong = self.right, self.wrong
        self.fit_right.append(float(np.mean(pred[right] == self.labels[right]))
                              if len(right) else math.nan)
        self.fit_wrong.append(float(np.mean(pred[wrong] == self.labels[wrong])))
        self.true_on_wrong.append(float(np.mean(pred[wrong] == self.true[wrong])))


DEFAULT_FRACTIONS = {"true labels": 0.0, "shuffled labels": 1.0}


def memorisation_runs(X, y, test, *, fractions: Optional[Mapping[str, float]] = None,
                      recipe=WIDE, epochs=None, label_seed=1, progress=False):
    """Train the same network once per version of the labels; returns ``{name: LabelRun}``.

    Parameters
    ----------
    X, y : the training images and their true labels
    test : ``(X_test, y_test)``, scored after every epoch against the true test labels
    fractions : ``{name: fraction of labels shuffled}``, in the order to train them; default
        ``{"true labels": 0.0, "shuffled labels": 1.0}``
    recipe : a :class:`~mlpbook.engine.recipes.Recipe` or its name (default ``WIDE``): the layers,
        activation, cost, starting weights, seed and descent settings of every run.  Its
        ``train_size`` is ignored: the runs train on all of ``X``.
    epochs : passes over ``X`` (default ``recipe.epochs``; a cosine schedule is stretched)
    label_seed : seed of :func:`shuffled_labels` (the same rows are shuffled in the same way
        for equal fractions)
    progress : a progress bar per run

    Every run starts from the same weights and visits the examples in the same order: only
    the labels differ.
    """
    recipe = get_recipe(recipe)
    fractions = dict(DEFAULT_FRACTIONS if fractions is None else fractions)
    if not fractions:
        raise ValueError("fractions is empty: pass e.g. {'true labels': 0.0, "
                         "'shuffled labels': 1.0}")
    fractions = {str(name): _check_fraction(f) for name, f in fractions.items()}
    epochs = recipe.epochs if epochs is None else epochs
    probe = recipe.network()
    X = probe.check_images(X, "training images")
    y = probe.check_labels(y, len(X), "training labels")
    if not isinstance(test, (tuple, list)) or len(test) != 2:
        raise ValueError("test must be a pair (X_test, y_test), e.g. "
                         "(data.test_images, data.test_labels)")
    runs = {}
    for name, fraction in fractions.items():
        labels = shuffled_labels(y, seed=label_seed, fraction=fraction)
        net = recipe.network()
        scores = _LabelFit(X, labels, y)
        started = time.perf_counter()
        history = train(net, X, labels, epochs=epochs, batch_size=recipe.batch_size,
                        lr=recipe.learning_rate(epochs), l2=recipe.l2, momentum=recipe.momentum,
                        test=tuple(test), seed=recipe.seed, callbacks=[scores],
                        progress=progress)
        seconds = time.perf_counter() - started
        runs[name] = LabelRun(name, fraction, labels, history, scores.wrong, scores.fit_right,
                              scores.fit_wrong, scores.true_on_wrong, seconds, net)
    return runs


# ---------------------------------------------------------------------- seeds
@dataclasses.dataclass(frozen=True)
class Spread:
    """How a score varies over runs: mean, sample standard deviation, lowest, highest."""

    mean: float
    std: float
    lowest: float
    highest: float
    n: int

    @property
    def range(self):
        """Highest minus lowest."""
        return self.highest - self.lowest

    def describe(self, scale=1.0, digits=2, unit=""):
        """Text such as ``"96.0% ± 0.23 (95.7 to 96.3)"``; ``scale=100, unit="%"`` for percent.

        In the reader's language: ``"96.0% ± 0.23（95.7 至 96.3）"`` in Chinese.
        """
        m, s, lo, hi = (scale * v for v in (self.mean, self.std, self.lowest, self.highest))
        sd = "?" if math.isnan(s) else f"{s:.{digits}f}"
        return str(T("{m}{unit} ± {sd} ({lo} to {hi})", "{m}{unit} ± {sd}（{lo} 至 {hi}）").format(
            m=f"{m:.{digits}f}", unit=unit, sd=sd, lo=f"{lo:.{digits}f}", hi=f"{hi:.{digits}f}"))


def spread(values):
    """The :class:`Spread` of some scores (``std`` is ``nan`` for a single score)."""
    v = np.asarray(values, dtype=np.float64).ravel()
    if v.size == 0:
        raise ValueError("spread needs at least one value")
    if not np.all(np.isfinite(v)):
        raise ValueError("spread got NaN or infinite values: a run diverged or was not scored")
    std = float(np.std(v, ddof=1)) if v.size > 1 else math.nan
    return Spread(float(np.mean(v)), std, float(v.min()), float(v.max()), int(v.size))


@dataclasses.dataclass
class SeedRun:
    """One network trained from one seed, scored after its last epoch.

    ``start`` and ``first_layer`` are its first-layer weight matrices before and after
    training (one row per hidden neuron); ``predictions`` its answers for the test images;
    ``network`` the trained network itself.
    """

    seed: int
    train_cost: float
    train_accuracy: float
    test_cost: float
    test_accuracy: float
    start: np.ndarray = dataclasses.field(repr=False)
    first_layer: np.ndarray = dataclasses.field(repr=False)
    predictions: np.ndarray = dataclasses.field(repr=False)
    seconds: float = 0.0
    network: object = dataclasses.field(repr=False, default=None)


def _check_seeds(seeds):
    seeds = tuple(seeds)
    if not seeds:
        raise ValueError("give at least one seed, e.g. seeds=range(10)")
    for s in seeds:
        if isinstance(s, (bool, np.bool_)) or not isinstance(s, (int, np.integer)) or s < 0:
            raise ValueError(f"seeds must be whole numbers >= 0; got {seeds}")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must differ (a repeated seed repeats the same run); got {seeds}")
    return tuple(int(s) for s in seeds)


def train_seeds(recipe, data, seeds=range(10), *, epochs=None, progress=False):
    """Train ``recipe`` once per seed on ``data``; returns a list of :class:`SeedRun`.

    Each seed replaces ``recipe.seed``, so it decides both the starting weights and the order
    of the examples.  Like :func:`~mlpbook.engine.recipes.fit`, each network trains on the first
    ``recipe.train_size`` training images (all if None) and is scored on the test images; the
    training cost and accuracy are measured on the same training images after the last epoch.
    ``epochs`` overrides the recipe's (a cosine schedule is stretched to fit).
    """
    recipe = get_recipe(recipe)
    seeds = _check_seeds(seeds)
    epochs = recipe.epochs if epochs is None else epochs
    X, y = training_part(recipe, data.train_images, data.train_labels)
    bar = None
    if progress:
        from tqdm.auto import tqdm
        bar = tqdm(total=len(seeds), unit="seed", desc="seeds")
    runs = []
    try:
        for seed in seeds:
            run = dataclasses.replace(recipe, seed=seed)
            net = run.network()
            start = net.weights[0].copy()
            history = train(net, X, y, epochs=epochs, batch_size=run.batch_size,
                            lr=run.learning_rate(epochs), l2=run.l2, momentum=run.momentum,
                            seed=seed, monitor_training=False)
            train_cost, train_acc = net.evaluate(X, y)
            test_cost, test_acc = net.evaluate(data.test_images, data.test_labels)
            runs.append(SeedRun(seed, train_cost, train_acc, test_cost, test_acc, start,
                                net.weights[0].copy(), net.predict(data.test_images),
                                float(np.sum(history.seconds)), net))
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return runs


# ---------------------------------------------------------------------- comparing weights
def _check_rows(A, name):
    A = np.asarray(A, dtype=np.float64)
    if A.ndim != 2 or A.shape[0] == 0 or A.shape[1] < 2:
        raise ValueError(f"{name} must be a weight matrix, one row per neuron and at least two "
                         f"inputs; got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        raise ValueError(f"{name} contains NaN or infinite weights")
    centred = A - A.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(centred, axis=1)
    flat = np.flatnonzero(norms == 0)
    if flat.size:
        raise ValueError(f"row {int(flat[0])} of {name} has all weights equal, so its "
                         f"correlation with anything is undefined")
    return centred / norms[:, None]


def weight_correlations(A, B):
    """Pearson correlation of every row of ``A`` with every row of ``B``: shape (len A, len B).

    Rows are the incoming weights of neurons (for the first layer: 784-pixel weight images).
    """
    a, b = _check_rows(A, "A"), _check_rows(B, "B")
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"A and B must have the same number of inputs per neuron; got "
                         f"{a.shape[1]} and {b.shape[1]}")
    return np.clip(a @ b.T, -1.0, 1.0)


def match_neurons(A, B):
    """Pair each neuron (row) of ``A`` with a different neuron of ``B``, as alike as possible.

    Returns ``(partner, r)``: ``partner[i]`` is the row of ``B`` paired with row ``i`` of
    ``A`` and ``r[i]`` their correlation.  The pairing maximises the sum of ``|r|`` over all
    pairs (the Hungarian algorithm); the size counts, not the sign, because a sigmoid neuron
    with all its incoming weights negated can be undone by the next layer.  ``B`` needs at
    least as many rows as ``A``.
    """
    C = weight_correlations(A, B)
    if C.shape[0] > C.shape[1]:
        raise ValueError(f"B has fewer neurons ({C.shape[1]}) than A ({C.shape[0]}): every "
                         f"neuron of A needs its own partner")
    rows, cols = linear_sum_assignment(-np.abs(C))
    partner = np.empty(C.shape[0], dtype=np.int64)
    partner[rows] = cols
    return partner, C[np.arange(C.shape[0]), partner]


def matched_similarity(A, B):
    """The mean ``|r|`` of :func:`match_neurons`: 1 when ``B`` is ``A`` reordered."""
    return float(np.mean(np.abs(match_neurons(A, B)[1])))


def pairwise_similarity(layers: Sequence):
    """:func:`matched_similarity` of every pair of weight matrices (i < j), in pair order."""
    layers = list(layers)
    if len(layers) < 2:
        raise ValueError("pairwise_similarity needs at least two weight matrices")
    return np.array([matched_similarity(a, b) for a, b in itertools.combinations(layers, 2)])


def disagreement(predictions_a, predictions_b):
    """The fraction of images on which two networks give different answers."""
    a, b = np.asarray(predictions_a).ravel(), np.asarray(predictions_b).ravel()
    if a.shape != b.shape or a.size == 0:
        raise ValueError(f"predictions must be two non-empty arrays of the same length; got "
                         f"{a.size} and {b.size}")
    return float(np.mean(a != b))


def straight_climb(accuracies, upto):
    """How close to a straight line a training curve climbs, up to a level.

    ``accuracies`` one per epoch; the climb runs from the first epoch to the first that
    reaches ``upto`` (:func:`epochs_to_reach`). Returns ``(slope, deviation, last)``: the
    slope of the least-squares line through those points (accuracy gained per epoch), the
    largest distance of a point from that line, and the last epoch of the climb (counting
    from 1). Raises ValueError when the curve never reaches ``upto``.
    """
    last = epochs_to_reach(accuracies, upto)
    if last is None or last < 3:
        raise ValueError(f"the curve must take at least 3 epochs to reach {upto}; got {last}")
    a = np.asarray(accuracies, dtype=float).ravel()[:last]
    epochs = np.arange(1, last + 1)
    slope, intercept = np.polyfit(epochs, a, 1)
    return float(slope), float(np.max(np.abs(a - (slope * epochs + intercept)))), int(last)


# ---------------------------------------------------------------------- reports
#: The label versions chapter 9 trains, in both languages.
RUN_NAMES = {"true labels": T("true labels", "真实标签"),
             "shuffled labels": T("shuffled labels", "打乱的标签"),
             "all labels shuffled": T("all labels shuffled", "全部标签打乱"),
             "half the labels shuffled": T("half the labels shuffled", "一半标签打乱")}


def run_name(name):
    """The name of a label version as the reader sees it (unknown names unchanged)."""
    return str(RUN_NAMES.get(name, name))


def memorised_report(run):
    """One line: how many of the labels it was given a :class:`LabelRun` got right, at the end."""
    net = run.network
    layers = "-".join(map(str, net.sizes)) if net is not None else "?"
    return Lines([T("{layers}: {acc:.1%} of its labels right after {n} epochs ({labels})",
                    "{layers}：训练 {n} 轮之后，答对了 {acc:.1%} 的标签（{labels}）").format(
        layers=layers, acc=run.history.train_accuracy[-1], labels=run_name(run.name),
        n=len(run.history.epoch))])


def confidence_report(runs, test_images):
    """One line per run: its test accuracy and how sure its answers on the test images are."""
    runs = list(runs)
    width = max(text_width(run_name(r.name)) for r in runs)
    lines = []
    for r in runs:
        top = r.network.feedforward(test_images).max(axis=1)
        lines.append(T("{name}: test accuracy {acc:.1%}, mean top output {mean:.2f}, "
                       "top output above 0.9 for {sure:.0%} of the test images",
                       "{name}：测试准确率 {acc:.1%}，最大输出的平均值 {mean:.2f}，"
                       "{sure:.0%} 的测试图像最大输出高于 0.9").format(
            name=pad(run_name(r.name), width, "right"), acc=r.history.test_accuracy[-1],
            mean=float(top.mean()), sure=float(np.mean(top > 0.9))))
    return Lines(lines)


def seed_report(seed_runs):
    """Two lines: the spread of the test accuracy and of the training cost over seeds."""
    accuracy = spread([r.test_accuracy for r in seed_runs])
    cost = spread([r.train_cost for r in seed_runs])
    n = len(seed_runs)
    return Lines([
        T("test accuracy over {n} seeds: {s}", "{n} 个种子的测试准确率：{s}").format(
            n=n, s=accuracy.describe(scale=100, digits=2, unit="%")),
        T("training cost over {n} seeds: {s}", "{n} 个种子的训练代价：{s}").format(
            n=n, s=cost.describe(digits=3))])


def mistakes_report(first, second, labels):
    """How the mistakes of two :class:`SeedRun` networks on the test images overlap."""
    labels = np.asarray(labels)
    wrong_a, wrong_b = first.predictions != labels, second.predictions != labels
    return Lines([
        T("seed {a} is wrong on {na} test images, seed {b} on {nb}",
          "种子 {a} 认错了 {na} 张测试图像，种子 {b} 认错了 {nb} 张").format(
            a=first.seed, b=second.seed, na=int(wrong_a.sum()), nb=int(wrong_b.sum())),
        T("both are wrong on {n}", "两者都认错的有 {n} 张").format(
            n=int(np.sum(wrong_a & wrong_b))),
        T("they disagree on {d:.1%} of the test images", "两者在 {d:.1%} 的测试图像上答案不同").format(
            d=disagreement(first.predictions, second.predictions))])
