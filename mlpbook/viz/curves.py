"""Pictures of measurements over time: learning curves, cost curves, timings, gradient errors.

Everything a training run or a benchmark records as a series: cost and accuracy per epoch
(:class:`mlpbook.train.History`), several recipes and their learning-rate schedules side by
side, time per engine, and the V-shaped error of a finite-difference derivative against ε.
"""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.lines import Line2D

from ._alt import describe
from ._language import tr
from ..i18n import T
from ._style import BLUE, GREEN, GREY, RED

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
    acc = history.test_accuracy or history.train_accuracy
    cost = history.test_cost or history.train_cost
    return describe(fig, T("Learning curves over {n} epochs: cost (left) from {c0:.3g} to {c1:.3g}; "
                           "accuracy (right) from {a0:.1f}% to {a1:.1f}%",
                           "{n} 个轮次的学习曲线：代价（左）从 {c0:.3g} 到 {c1:.3g}；"
                           "准确率（右）从 {a0:.1f}% 到 {a1:.1f}%").format(
        n=len(epochs), c0=cost[0] if cost else float("nan"), c1=cost[-1] if cost else float("nan"),
        a0=100 * acc[0] if acc else float("nan"), a1=100 * acc[-1] if acc else float("nan")))


def plot_cost_curves(curves, xlabel=None, ylabel=None, title=None, ax=None, figsize=(6.2, 3.2),
                     logy=False):
    """Cost curves side by side: ``curves`` lists ``(label, x, y)`` or ``(label, x, y, colour)``.

    ``xlabel`` defaults to "epochs (passes over the data)", ``ylabel`` to "cost" (in the
    reader's language).
    """
    if xlabel is None:
        xlabel = tr("epochs (passes over the data)", "轮次（遍历数据的次数）")
    if ylabel is None:
        ylabel = tr("cost", "代价")
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    default = [BLUE, RED, GREEN, GREY, "#984ea3"]
    for k, curve in enumerate(curves):
        label, x, y = curve[:3]
        colour = curve[3] if len(curve) > 3 else default[k % len(default)]
        ax.plot(x, y, marker=".", color=colour, label=label)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=10)
    ax.legend(frameon=False)
    ax.figure.tight_layout()
    return ax.figure


def plot_recipe_curves(histories, figsize=(7, 3.3)):
    """Accuracy per epoch of several training runs side by side, and their learning rates.

    ``histories`` maps a name to a :class:`~mlpbook.train.History`.  Left: test accuracy
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
    return fig


def plot_eps_errors(eps, errors, ax=None, figsize=(4.6, 3.0)):
    """Error of a finite-difference derivative against the nudge ε (log-log): a V shape."""
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    ax.loglog(eps, errors, "o-", color=BLUE)
    ax.set_xlabel(tr("nudge ε", "微调量 ε"))
    ax.set_ylabel(tr("|numerical − backprop|", "|数值导数 − 反向传播|"))
    ax.invert_xaxis()
    ax.figure.tight_layout()
    return ax.figure


def plot_engine_times(names, seconds, ax=None, figsize=(5.6, 2.2), unit=None):
    """Horizontal bars of time per engine (log scale), the time written at each bar.

    ``unit`` names the time on the x axis; it defaults to "s per epoch".
    """
    if unit is None:
        unit = tr("s per epoch", "每轮秒数")
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    seconds = np.asarray(seconds, dtype=float)
    colours = [GREY, BLUE, GREEN, RED][:len(names)]
    ax.barh(range(len(names)), seconds, color=colours)
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels(names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    for k, s in enumerate(seconds):
        ax.text(s * 1.08, k, f"{s:.3g} s", va="center", fontsize=8)
    ax.set_xlim(seconds.min() / 2, seconds.max() * 4)
    ax.set_xlabel(unit + tr(" (log scale)", "（对数刻度）"))
    ax.figure.tight_layout()
    return ax.figure

