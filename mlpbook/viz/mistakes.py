"""Pictures of what the network gets wrong: the confusion matrix and a gallery of misread digits.

The counting is :func:`mlpbook.engine.metrics.confusion_matrix`; these functions only draw it, and the
digits themselves titled ``true→predicted`` with the network's confidence.
"""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt

from ..engine.metrics import confusion_matrix
from ._alt import describe, listing
from ._language import tr
from ..i18n import T
from ._style import DIGIT_CMAP, RED, _square

__all__ = ["plot_confusion_matrix", "show_mistakes"]


def plot_confusion_matrix(labels, predictions, n_classes=10, figsize=(4.6, 4)):
    """The confusion matrix as a heat map with the counts written in."""
    m = confusion_matrix(labels, predictions, n_classes)
    fig, ax = plt.subplots(figsize=figsize)
    ax.imshow(np.log1p(m), cmap="Blues")
    for i in range(n_classes):
        for j in range(n_classes):
            if m[i, j]:
                ax.text(j, i, str(m[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if i == j else ("black" if m[i, j] < 20 else RED))
    ax.set_xticks(range(n_classes))
    ax.set_yticks(range(n_classes))
    ax.set_xlabel(tr("predicted digit", "预测的数字"))
    ax.set_ylabel(tr("true digit", "真实的数字"))
    ax.spines[:].set_visible(False)
    fig.tight_layout()
    wrong = m.copy()
    np.fill_diagonal(wrong, 0)
    i, j = np.unravel_index(int(np.argmax(wrong)), wrong.shape)
    return describe(fig, T("Confusion matrix of {total:,} digits, true digit down, predicted digit "
                           "across; {right:,} on the diagonal are right; the most common mistake is "
                           "{i} read as {j} ({k} times)",
                           "{total:,} 个数字的混淆矩阵，纵向为真实的数字，横向为预测的数字；对角线上 "
                           "{right:,} 个判对；最常见的错误是把 {i} 认成 {j}（{k} 次）").format(
        total=int(m.sum()), right=int(np.trace(m)), i=i, j=j, k=int(wrong[i, j])))


def show_mistakes(images, labels, predictions, confidence=None, ncols=8, size=0.85, shape=None,
                  fontsize=10):
    """A gallery of misread digits titled ``true→predicted`` (and the network's confidence).

    ``confidence`` (optional) is the output activation of the predicted digit, shown as a
    percentage under the title.
    """
    images = np.asarray(images)
    n = len(images)
    ncols = max(1, min(ncols, n))
    nrows = max(1, int(np.ceil(n / ncols)))
    title_room = (0.42 if confidence is not None else 0.25) * fontsize / 8  # inches per row
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, (size + title_room) * nrows),
                             squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.axis("off")
        if k >= n:
            continue
        ax.imshow(_square(images[k], shape), cmap=DIGIT_CMAP, vmin=0, vmax=1,
                  interpolation="nearest")
        title = f"{labels[k]}→{predictions[k]}"
        if confidence is not None:
            title += f"\n{100 * float(confidence[k]):.0f}%"
        ax.set_title(title, fontsize=fontsize, color=RED if labels[k] != predictions[k] else "black",
                     linespacing=1.0, pad=2)
    height = (size + title_room) * nrows
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02 / nrows, top=1 - title_room / height,
                        wspace=0.08, hspace=title_room / size)
    pairs = [f"{a}→{b}" + ("" if confidence is None else f" {100 * float(c):.0f}%")
             for a, b, c in zip(labels, predictions,
                                confidence if confidence is not None else [None] * n)]
    wrong = sum(int(a != b) for a, b in zip(labels, predictions))
    text = T("{n} handwritten digits titled true→predicted{conf}, {w} of them misread (red): "
             "{pairs}", "{n} 个手写数字，标题为 真实→预测{conf}，其中 {w} 个认错（红色）：{pairs}"
             ).format(n=n, w=wrong, pairs=listing(pairs, 12),
                      conf=T("", "") if confidence is None else
                      T(" and the network's confidence", "以及网络的把握"))
    if confidence is not None and n:
        c = 100 * np.asarray(confidence, dtype=float)
        text = T("{t}; confidence from {lo:.0f}% to {hi:.0f}%", "{t}；把握从 {lo:.0f}% 到 {hi:.0f}%"
                 ).format(t=text, lo=c.min(), hi=c.max())
    return describe(fig, text)

