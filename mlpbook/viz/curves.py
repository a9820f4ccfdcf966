"""Pictures of measurements over time: learning curves, cost curves, timings, gradient errors.

Everything a training run or a benchmark records as a series: cost and accuracy per epoch
(:class:`mlpbook.engine.train.History`), several recipes and their learning-rate schedules side by
side, time per engine, and the V-shaped error of a finite-difference derivative against ε.
"""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.lines import Line2D

from ._alt import both, describe, listing, number
from ._language import tr
from ..i18n import T
from ._style import BLUE, GREEN, GREY, RED
from ..engine.train import Callback

# the figures (LivePlot, the callback that redraws plot_history, is viz.LivePlot)
__all__ = ["plot_history", "plot_cost_curves", "plot_recipe_curves", "plot_eps_errors",
           "plot_engine_times"]


def plot_history(history, figsize=(7, 3)):
    """Learning curves: training cost, and accuracy per epoch."""
    fig, (ax_cost, ax_acc) = plt.subplots(1, 2, figsize=figsize)
    epochs = history.epoch
    if history.train_cost:
        ax_cost.plot(epochs, history.train_cost, color=BLUE, marker=".",
                     label=tr("training", "训练"))
    if history.test_cost:
        ax_cost.plot(epochs, history.test_cost, color=GREEN, marker=".",
                     label=tr("test", "测试"))
    ax_cost.set_xlabel(tr("epoch", "轮次"))
    ax_cost.set_ylabel(tr("cost", "代价"))
    ax_cost.legend(frameon=False)
    if history.train_accuracy:
        ax_acc.plot(epochs, np.array(history.train_accuracy) * 100, color=BLUE, marker=".",
                    label=tr("training", "训练"))
    if history.test_accuracy:
        ax_acc.plot(epochs, np.array(history.test_accuracy) * 100, color=GREEN, marker=".",
                    label=tr("test", "测试"))
    ax_acc.set_xlabel(tr("epoch", "轮次"))
    ax_acc.set_ylabel(tr("accuracy (%)", "准确率（%）"))
    ax_acc.legend(frameon=False)
    fig.tight_layout()
    which = (T("test", "测试") if history.test_accuracy or history.test_cost
             else T("training", "训练"))
    acc = history.test_accuracy or history.train_accuracy
    cost = history.test_cost or history.train_cost
    return describe(fig, T("Learning curves over {n} epochs, training (blue) and test (green): "
                           "{which} cost (left) from {c0} to {c1}; {which} accuracy (right) from "
                           "{a0:.1f}% to {a1:.1f}%",
                           "{n} 个轮次的学习曲线，训练（蓝）和测试（绿）：{which}代价（左）从 {c0} "
                           "到 {c1}；{which}准确率（右）从 {a0:.1f}% 到 {a1:.1f}%").format(
        n=len(epochs), which=which, c0=number(cost[0]) if cost else "?",
        c1=number(cost[-1]) if cost else "?", a0=100 * acc[0] if acc else float("nan"),
        a1=100 * acc[-1] if acc else float("nan")))


def plot_cost_curves(curves, xlabel=None, ylabel=None, title=None, ax=None, figsize=(6.2, 3.2),
                     logy=False):
    """Cost curves side by side: ``curves`` lists ``(label, x, y)`` or ``(label, x, y, colour)``.

    ``xlabel`` defaults to "epochs (passes over the data)", ``ylabel`` to "cost" (in the
    reader's language); labels and titles may be :class:`mlpbook.i18n.T` texts.
    """
    if xlabel is None:
        xlabel = T("epochs (passes over the data)", "轮次（遍历数据的次数）")
    if ylabel is None:
        ylabel = T("cost", "代价")
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=figsize)
    default = [BLUE, RED, GREEN, GREY, "#984ea3"]
    for k, curve in enumerate(curves):
        label, x, y = curve[:3]
        colour = curve[3] if len(curve) > 3 else default[k % len(default)]
        ax.plot(x, y, marker=".", color=colour, label=tr(label))
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(tr(xlabel))
    ax.set_ylabel(tr(ylabel))
    if title:
        ax.set_title(tr(title), fontsize=10)
    ax.legend(frameon=False)
    ax.figure.tight_layout()
    if not own:
        return ax.figure
    runs = [T("{name}: from {a} to {b} over {x0} to {x1}", "{name}：从 {a} 到 {b}（{x0} 到 {x1}）"
              ).format(name=both(c[0]), a=number(np.ravel(c[2])[0]), b=number(np.ravel(c[2])[-1]),
                       x0=number(np.ravel(c[1])[0]), x1=number(np.ravel(c[1])[-1]))
            for c in curves if np.size(c[2])]
    head = T("", "") if title is None else T("{t}: ", "{t}：").format(t=both(title))
    return describe(ax.figure, T("{h}{k} of {y} against {x}{log}: {runs}",
                                 "{h}{k}{y}随{x}变化的曲线{log}：{runs}").format(
        h=head, k=T("one curve", "1 条") if len(curves) == 1 else
        T(f"{len(curves)} curves", f"{len(curves)} 条"), y=both(ylabel), x=both(xlabel),
        runs=listing(runs, 6, "; ", "；"),
        log=T(" (log scale)", "（对数刻度）") if logy else T("", "")))


def plot_recipe_curves(histories, figsize=(7, 3.3)):
    """Accuracy per epoch of several training runs side by side, and their learning rates.

    ``histories`` maps a name to a :class:`~mlpbook.engine.train.History`.  Left: test accuracy
    (solid) and training accuracy (dashed, where recorded); right: the learning rate of each
    epoch on a log scale, which shows the schedules.
    """
    colours = [GREY, BLUE, GREEN, RED, "#984ea3", "#ff7f00"]
    fig, (ax_acc, ax_lr) = plt.subplots(1, 2, figsize=figsize,
                                        gridspec_kw={"width_ratios": [1.6, 1]})
    handles = []
    for k, (name, h) in enumerate(histories.items()):
        colour = colours[k % len(colours)]
        ax_acc.plot(h.epoch, np.array(h.test_accuracy) * 100, color=colour, lw=1.8)
        if h.train_accuracy:
            ax_acc.plot(h.epoch, np.array(h.train_accuracy) * 100, color=colour, lw=1.0,
                        ls="--")
        if h.learning_rate:
            ax_lr.plot(h.epoch, h.learning_rate, color=colour, lw=1.8)
        handles.append(Line2D([], [], color=colour, lw=1.8, label=name))
    handles += [Line2D([], [], color="black", lw=1.8, label=tr("test", "测试")),
                Line2D([], [], color="black", lw=1.0, ls="--", label=tr("training", "训练"))]
    low = min(min(h.test_accuracy) for h in histories.values()) * 100
    ax_acc.set_ylim(max(low - 1, 0), 100.2)
    ax_acc.set_xlabel(tr("epoch", "轮次"))
    ax_acc.set_ylabel(tr("accuracy (%)", "准确率（%）"))
    ax_acc.set_title(tr("accuracy after each epoch", "每轮之后的准确率"), fontsize=9)
    ax_acc.grid(alpha=0.3)
    ax_lr.set_yscale("log")
    ax_lr.set_xlabel(tr("epoch", "轮次"))
    ax_lr.set_ylabel(tr("learning rate", "学习率"))
    ax_lr.set_title(tr("learning rate (log scale)", "学习率（对数刻度）"), fontsize=9)
    ax_lr.grid(alpha=0.3, which="major")
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False,
               fontsize=8)
    finals = listing([T("{name} {a:.1f}%", "{name} {a:.1f}%").format(
        name=both(name), a=100 * h.test_accuracy[-1]) for name, h in histories.items()], 6)
    epochs = max(len(h.epoch) for h in histories.values())
    rates = [lr for h in histories.values() for lr in h.learning_rate]
    lr_words = (T("; right: each epoch's learning rate on a log scale, from {lo} to {hi}",
                  "；右：每轮的学习率（对数刻度），从 {lo} 到 {hi}").format(
        lo=number(min(rates)), hi=number(max(rates))) if rates else T("", ""))
    return describe(fig, T("Left: test accuracy after each of up to {n} epochs for {k} training "
                           "runs (training accuracy dashed), ending at {finals}{lr}",
                           "左：{k} 次训练在最多 {n} 轮中每轮之后的测试准确率（虚线为训练准确率），"
                           "最终为 {finals}{lr}").format(
        n=epochs, k=len(histories), finals=finals, lr=lr_words))


def plot_eps_errors(eps, errors, ax=None, figsize=(4.6, 3.0)):
    """Error of a finite-difference derivative against the nudge ε (log-log): a V shape."""
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=figsize)
    ax.loglog(eps, errors, "o-", color=BLUE)
    ax.set_xlabel(tr("nudge ε", "微调量 ε"))
    ax.set_ylabel(tr("|numerical − backprop|", "|数值导数 − 反向传播|"))
    ax.invert_xaxis()
    ax.figure.tight_layout()
    if not own:
        return ax.figure
    eps, errors = np.asarray(eps, dtype=float), np.asarray(errors, dtype=float)
    best = int(np.argmin(errors))
    return describe(ax.figure, T("Error of a finite-difference derivative against backpropagation "
                                 "as the nudge ε shrinks from {e0} to {e1} (log–log): {a} at first, "
                                 "smallest, {m}, at ε = {em}, then rounding makes it grow again "
                                 "to {z}",
                                 "有限差分导数与反向传播之差随微调量 ε 从 {e0} 缩小到 {e1} 的变化"
                                 "（双对数）：起初为 {a}，在 ε = {em} 处最小（{m}），之后舍入误差"
                                 "使它又增大到 {z}").format(
        e0=number(eps[0], ".1g"), e1=number(eps[-1], ".1g"), a=number(errors[0], ".2g"),
        m=number(errors[best], ".2g"), em=number(eps[best], ".1g"), z=number(errors[-1], ".2g")))


def plot_engine_times(names, seconds, ax=None, figsize=(5.6, 2.2), unit=None):
    """Horizontal bars of time per engine (log scale), the time written at each bar.

    ``unit`` names the time on the x axis; it defaults to "s per epoch". Names and unit may
    be :class:`mlpbook.i18n.T` texts.
    """
    if unit is None:
        unit = T("s per epoch", "每轮秒数")
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=figsize)
    seconds = np.asarray(seconds, dtype=float)
    colours = [GREY, BLUE, GREEN, RED][:len(names)]
    ax.barh(range(len(names)), seconds, color=colours)
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels([tr(name) for name in names])
    ax.invert_yaxis()
    ax.set_xscale("log")
    for k, s in enumerate(seconds):
        ax.text(s * 1.08, k, f"{s:.3g} s", va="center", fontsize=8)
    ax.set_xlim(seconds.min() / 2, seconds.max() * 4)
    ax.set_xlabel(tr(unit) + tr(" (log scale)", "（对数刻度）"))
    ax.figure.tight_layout()
    if not own:
        return ax.figure
    times = listing([T("{name} {s} s", "{name} {s} 秒").format(name=both(name), s=number(t))
                     for name, t in zip(names, seconds)])
    fast, slow = int(np.argmin(seconds)), int(np.argmax(seconds))
    return describe(ax.figure, T("Time of {k} engines as bars on a log scale ({unit}): {times}; "
                                 "{f} is {r:.0f} times as fast as {s}",
                                 "{k} 个引擎的用时（横条，对数刻度；{unit}）：{times}；{f} 的速度"
                                 "是 {s} 的 {r:.0f} 倍").format(
        unit=both(unit), k=len(names), times=times, f=both(names[fast]), s=both(names[slow]),
        r=seconds[slow] / seconds[fast]))


class LivePlot(Callback):
    """Redraws the learning curves after every epoch (for notebooks): a training callback,
    ``train(..., callbacks=[LivePlot()])``."""

    def __init__(self, figsize=(7, 3)):
        self.figsize = figsize
        self.handle = None

    def _draw(self, history):
        return plot_history(history, figsize=self.figsize)

    def on_epoch_end(self, epoch, history, network):
        from IPython.display import display

        fig = self._draw(history)
        if self.handle is None:
            self.handle = display(fig, display_id=True)
        else:
            self.handle.update(fig)
        plt.close(fig)
