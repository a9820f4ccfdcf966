"""Figures of chapter 9: memorising shuffled labels, and networks trained from different seeds.

Only drawing happens here; the numbers come from :mod:`mlpbook.lessons.memorise`.  Colours follow
the book (:mod:`mlpbook.viz`): blue for true labels, red for shuffled ones, green for "the
network answers the true digit"; weight images are green for positive weights and red for
negative ones.  Every function returns the matplotlib Figure.  Its words are English, or
Chinese in the Chinese edition (:func:`mlpbook.viz.tr`); the names of the label versions the
book trains (``"true labels"``, ...) are translated here too (:func:`run_label`), any other
name is drawn as it is given.
"""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt

from ..i18n import T
from . import BLUE, GREEN, GREY, RED, describe, show_weights, tr, weight_limit
from ._alt import listing, number

__all__ = ["run_color", "run_label", "plot_memorisation", "plot_noise_parts", "plot_seed_spread",
           "show_matched_weights"]

ORANGE = "#e08214"

#: The Chinese names of the label versions of :mod:`mlpbook.lessons.memorise` and chapter 9.
RUN_NAMES_ZH = {"true labels": "真实标签", "shuffled labels": "打乱的标签",
                "all labels shuffled": "全部标签打乱", "half the labels shuffled": "一半标签打乱"}


def run_color(fraction):
    """Blue for true labels, red for all labels shuffled, orange in between."""
    if fraction <= 0:
        return BLUE
    return RED if fraction >= 1 else ORANGE


def run_label(name):
    """The name of a run as drawn: in Chinese if it is one the book knows, else unchanged."""
    return tr(name, RUN_NAMES_ZH.get(name))


def _run_name(name):
    """The name of a run in both languages (:class:`~mlpbook.i18n.T`)."""
    return T(name, RUN_NAMES_ZH.get(name, name))


def _percent_axis(ax, ylabel):
    ax.set_ylim(0, 102)
    ax.set_xlabel(tr("epoch", "轮次"))
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.25)


def plot_memorisation(runs, chance=None, figsize=(7, 3.1)):
    """Training and test accuracy by epoch, one line per :class:`~mlpbook.lessons.memorise.LabelRun`.

    ``runs`` is a mapping ``{name: LabelRun}`` or a list of runs.  The training accuracy is
    measured against the labels each network was given, the test accuracy against the true
    labels.  ``chance`` (e.g. 0.1) draws the accuracy of guessing as a dashed line.
    """
    runs = list(runs.values()) if hasattr(runs, "values") else list(runs)
    fig, (ax_train, ax_test) = plt.subplots(1, 2, figsize=figsize, sharey=True)
    for run in runs:
        h, color = run.history, run_color(run.fraction)
        ax_train.plot(h.epoch, 100 * np.asarray(h.train_accuracy), color=color, lw=1.8,
                      label=run_label(run.name))
        ax_test.plot(h.epoch, 100 * np.asarray(h.test_accuracy), color=color, lw=1.8,
                     label=run_label(run.name))
    for ax in (ax_train, ax_test):
        if chance is not None:
            ax.axhline(100 * chance, color=GREY, ls="--", lw=1)
        _percent_axis(ax, "")
    if chance is not None:
        ax_test.text(ax_test.get_xlim()[1], 100 * chance + 2, tr("chance", "随机猜测"),
                     color=GREY, ha="right", va="bottom", fontsize=8)
    ax_train.set_ylabel(tr("accuracy (%)", "准确率（%）"))
    ax_train.set_title(tr("training images (labels it was given)", "训练图像（按它拿到的标签）"),
                       fontsize=9)
    ax_test.set_title(tr("test images (true labels)", "测试图像（真实标签）"), fontsize=9)
    ax_train.legend(frameon=False, fontsize=8, loc="lower right")
    fig.tight_layout()
    ends = listing([T("{name}: training {a:.0f}% → {b:.0f}%, test {c:.0f}% → {d:.0f}%",
                      "{name}：训练 {a:.0f}% → {b:.0f}%，测试 {c:.0f}% → {d:.0f}%").format(
        name=_run_name(r.name), a=100 * r.history.train_accuracy[0],
        b=100 * r.history.train_accuracy[-1], c=100 * r.history.test_accuracy[0],
        d=100 * r.history.test_accuracy[-1]) for r in runs], 6, "; ", "；")
    epochs = max(len(r.history.epoch) for r in runs)
    return describe(fig, T("Accuracy after each of {n} epochs on the training images, against the "
                           "labels each network was given (left), and on the test images, against "
                           "the true labels (right){chance}: {ends}",
                           "{n} 轮中每轮之后的准确率：左为训练图像（按各网络拿到的标签），右为测试"
                           "图像（按真实标签）{chance}：{ends}").format(
        n=epochs, ends=ends, chance=T("", "") if chance is None else
        T(", chance {c:.0f}% dashed", "，虚线为随机猜测 {c:.0f}%").format(c=100 * chance)))


def plot_noise_parts(run, figsize=(7, 3.6)):
    """What a run with some wrong labels learns first: the rule, then the noise.

    Lines by epoch: accuracy on the training images whose label is right (blue); on those
    whose label is wrong, the share answered with the wrong label it was taught (red) and with
    the true digit (green); and the test accuracy (black, dashed), with its best epoch marked.
    """
    if not run.fit_wrong:
        raise ValueError(f"run {run.name!r} has no wrong labels: nothing to split")
    epochs = run.history.epoch
    test = 100 * np.asarray(run.history.test_accuracy)
    fig, ax = plt.subplots(figsize=figsize)
    ax.plot(epochs, 100 * np.asarray(run.fit_right), color=BLUE, lw=1.8,
            label=tr("right labels: answered correctly", "标签正确：答对"))
    ax.plot(epochs, 100 * np.asarray(run.fit_wrong), color=RED, lw=1.8,
            label=tr("wrong labels: answered with the wrong label", "标签错误：答成错误的标签"))
    ax.plot(epochs, 100 * np.asarray(run.true_on_wrong), color=GREEN, lw=1.8,
            label=tr("wrong labels: answered with the true digit", "标签错误：答成真实数字"))
    ax.plot(epochs, test, color="black", lw=1.4, ls="--",
            label=tr("test images (true labels)", "测试图像（真实标签）"))
    best = int(np.argmax(test))
    ax.axvline(epochs[best], color=GREY, ls=":", lw=1)
    ax.text(epochs[best], 2, tr(f" best test accuracy: epoch {epochs[best]}",
                                f" 最高测试准确率：第 {epochs[best]} 轮"),
            fontsize=8, color=GREY, ha="left", va="bottom")
    _percent_axis(ax, tr("share of images (%)", "图像占比（%）"))
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2),
              ncol=2)
    fig.tight_layout()
    true = 100 * np.asarray(run.true_on_wrong)
    peak = int(np.argmax(true))
    return describe(fig, T("{name}, by epoch over {n} epochs: images with right labels answered "
                           "correctly reach {r:.0f}%; of those with wrong labels, answered with the "
                           "wrong label rises to {w:.0f}%, with the true digit peaks at {t:.0f}% "
                           "(epoch {tp}) and ends at {te:.0f}%; test accuracy is best, {b:.0f}%, "
                           "at epoch {be} and ends at {e:.0f}%",
                           "{name}，{n} 轮中逐轮：标签正确的图像答对的占比达到 {r:.0f}%；标签错误"
                           "的图像中，答成错误标签的升到 {w:.0f}%，答成真实数字的在第 {tp} 轮达到"
                           "最高 {t:.0f}%，最后为 {te:.0f}%；测试准确率在第 {be} 轮最高（{b:.0f}%），"
                           "最后为 {e:.0f}%").format(
        name=_run_name(run.name), n=len(epochs), r=100 * run.fit_right[-1],
        w=100 * run.fit_wrong[-1], t=true[peak], tp=epochs[peak], te=true[-1], b=test[best],
        be=epochs[best], e=test[-1]))


def _frame(ax):
    """A thin grey box around a weight image, so its white (zero) edge stays visible."""
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#999999")
        spine.set_linewidth(0.8)


def _strip(ax, seeds, values, color, ylabel, fmt, limits):
    values = np.asarray(values, dtype=float)
    mean = values.mean()
    std = values.std(ddof=1) if values.size > 1 else 0.0
    x = np.arange(values.size)
    ax.axhspan(mean - std, mean + std, color=color, alpha=0.12, lw=0)
    ax.axhline(mean, color=color, lw=1)
    ax.plot(x, values, "o", color=color, ms=5)
    ax.set_xticks(x)
    ax.set_xticklabels([str(s) for s in seeds], fontsize=8)
    ax.set_xlabel(tr("seed", "随机种子"))
    ax.set_ylabel(ylabel)
    ax.set_title(tr(f"mean {fmt(mean)}, sd {fmt(std)}",
                    f"均值 {fmt(mean)}，标准差 {fmt(std)}"), fontsize=9)
    ax.set_ylim(*limits)
    ax.grid(alpha=0.25, axis="y")


def plot_seed_spread(seed_runs, accuracy_window=2.0, figsize=(7, 2.7)):
    """Test accuracy and final training cost of each seed, with the mean and ± one sd band.

    The axes are not zoomed in on the dots, so that their spread is seen at its true size:
    the accuracy axis spans ``accuracy_window`` percentage points around the mean (more if a
    dot lies outside), the cost axis starts at zero.
    """
    seed_runs = list(seed_runs)
    if not seed_runs:
        raise ValueError("no runs to plot")
    seeds = [r.seed for r in seed_runs]
    acc = np.array([100 * r.test_accuracy for r in seed_runs])
    cost = np.array([r.train_cost for r in seed_runs])
    half = max(accuracy_window / 2, 1.2 * np.max(np.abs(acc - acc.mean())))
    fig, (ax_acc, ax_cost) = plt.subplots(1, 2, figsize=figsize)
    _strip(ax_acc, seeds, acc, BLUE, tr("test accuracy (%)", "测试准确率（%）"),
           lambda v: f"{v:.2f}", (acc.mean() - half, acc.mean() + half))
    _strip(ax_cost, seeds, cost, RED, tr("training cost", "训练代价"), lambda v: f"{v:.3f}",
           (0, 1.5 * cost.max()))
    fig.tight_layout()
    return describe(fig, T("One dot per network trained from seeds {s0} to {s1} ({n} networks), "
                           "with the mean and a ± one standard deviation band. Left, test "
                           "accuracy: {alo:.2f}% to {ahi:.2f}%, mean {am:.2f}%, sd {asd:.2f}. Right, "
                           "training cost: mean {cm:.3f}, sd {csd:.3f}",
                           "从种子 {s0} 到 {s1} 训练的 {n} 个网络各一个点，并画出均值和 ± 一个标准差"
                           "的带。左，测试准确率：{alo:.2f}% 到 {ahi:.2f}%，均值 {am:.2f}%，标准差 "
                           "{asd:.2f}。右，训练代价：均值 {cm:.3f}，标准差 {csd:.3f}").format(
        s0=min(seeds), s1=max(seeds), n=len(seeds), alo=acc.min(), ahi=acc.max(), am=acc.mean(),
        asd=_sd(acc), cm=cost.mean(), csd=_sd(cost)))


def _sd(values):
    """The sample standard deviation, as the bands of :func:`_strip` (0 for one value)."""
    return values.std(ddof=1) if values.size > 1 else 0.0


def show_matched_weights(A, B, partner, r, names=None, ncols=8, size=0.8, seeds=None):
    """Each neuron of ``A`` above its partner in ``B``, most alike pairs first.

    ``partner`` and ``r`` come from :func:`~mlpbook.lessons.memorise.match_neurons`.  A partner with a
    negative correlation is drawn negated (the next layer can undo that sign), so alike pairs
    look alike.  Each image has its own colour scale (the two networks' weights differ in
    size); the title above a pair is the size of their correlation, ``|r|``.  ``names``
    labels the two rows (default "seed A", "seed B"); ``seeds``, a pair of seed numbers,
    labels them "seed 0", "seed 1" in the reader's language instead.
    """
    if names is None and seeds is not None:
        names = tuple(T(f"seed {s}", f"种子 {s}") for s in seeds)
    if names is None:
        names = (T("seed A", "种子 A"), T("seed B", "种子 B"))
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    partner, r = np.asarray(partner), np.asarray(r, dtype=float)
    if len(partner) != len(A) or len(r) != len(A):
        raise ValueError("partner and r need one entry per row of A (use match_neurons(A, B))")
    order = np.argsort(-np.abs(r), kind="stable")
    n = len(order)
    ncols = min(ncols, n)
    blocks = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(2 * blocks, ncols + 1, squeeze=False,
                             figsize=(size * (ncols + 0.8), size * 2 * blocks * 1.15),
                             gridspec_kw={"width_ratios": [0.8] + [1] * ncols})
    for row in range(2 * blocks):
        label_ax = axes[row, 0]
        label_ax.axis("off")
        label_ax.text(0.95, 0.5, tr(names[row % 2]), ha="right", va="center", fontsize=8,
                      transform=label_ax.transAxes)
    for k in range(blocks * ncols):
        block, col = divmod(k, ncols)
        top, bottom = axes[2 * block, col + 1], axes[2 * block + 1, col + 1]
        if k >= n:
            top.axis("off")
            bottom.axis("off")
            continue
        i = order[k]
        a, b = A[i], np.sign(r[i] or 1.0) * B[partner[i]]
        show_weights(a, ax=top, limit=weight_limit(a))
        show_weights(b, ax=bottom, limit=weight_limit(b))
        for ax in (top, bottom):
            _frame(ax)
        top.set_title(f"|r| = {abs(r[i]):.2f}", fontsize=8)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.93, bottom=0.02, wspace=0.08,
                        hspace=0.4)
    sizes = np.abs(r)
    return describe(fig, T("Weight images of {n} first-layer neurons of one network ({a}), each above "
                           "its most correlated partner in another ({b}), most alike first, each "
                           "titled with the pair's |r|: from {hi} down to {lo}, median {med}",
                           "一个网络（{a}）第一层 {n} 个神经元的权重图，每个下面是另一个网络（{b}）"
                           "中与它相关性最高的伙伴，最相像的在前，标题为这一对的 |r|：从 {hi} 降到 "
                           "{lo}，中位数 {med}").format(
        n=n, a=names[0], b=names[1],
        hi=number(sizes.max(), ".2f"), lo=number(sizes.min(), ".2f"),
        med=number(np.median(sizes), ".2f")))
