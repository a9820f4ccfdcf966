"""Pictures of digits: one digit, grids of digits, a pixel table, a digit as a sum of pieces.

A digit is drawn as MNIST stores it, 0 = black background and 1 = white ink
(:data:`~mlpbook.viz._style.DIGIT_CMAP`), from a flat vector of 784 values or a 28×28 array.
Chapter 1 reads digits as numbers with these; later chapters reuse the grids for what the
network sees and gets right.
"""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt

from ._alt import both, describe, listing, number
from ._language import T, tr
from ._style import DIGIT_CMAP, RED, _square

__all__ = ["show_digit", "show_digits", "show_digits_titled", "show_pixel_values",
           "show_decomposition"]


def show_digit(image, ax=None, title=None, shape=None):
    """One digit, 0 = black and 1 = white."""
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=(2.2, 2.2))
    img = _square(image, shape)
    ax.imshow(img, cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    if title is not None:
        ax.set_title(title, fontsize=9)
    if not own:
        return ax.figure
    named = T("", "") if title is None else T(", titled “{t}”", "，标题为“{t}”").format(t=title)
    return describe(ax.figure, T("A handwritten digit as a {r}×{c} image{named}, white ink on black; "
                                 "{k} of its {n} pixels are ink (above 0)",
                                 "一个手写数字，{r}×{c} 的图像{named}，黑底白字；{n} 个像素中 {k} 个"
                                 "有墨迹（大于 0）").format(
        named=named, r=img.shape[0], c=img.shape[1], n=img.size, k=int(np.sum(img > 0))))


def show_digits(images, labels=None, predictions=None, ncols=10, size=0.75):
    """A grid of digits with their labels (and "label→prediction", red where wrong)."""
    n = len(images)
    if labels is None:
        titles = [""] * n
    elif predictions is None:
        titles = [str(label) for label in labels]
    else:
        titles = [f"{label}→{guess}" for label, guess in zip(labels, predictions)]
    fig = show_digits_titled(images, titles, ncols=ncols, size=size)
    if labels is not None and predictions is not None:
        for ax, label, guess in zip(fig.axes, labels, predictions):
            if label != guess:
                ax.title.set_color(RED)
    if labels is None:
        return describe(fig, T("{n} handwritten digits in a grid, white ink on black",
                               "网格中的 {n} 个手写数字，黑底白字").format(n=n))
    if predictions is None:
        return describe(fig, T("{n} handwritten digits, white ink on black, with their labels: "
                               "{labels}", "{n} 个手写数字，黑底白字，标签依次为：{labels}").format(
            n=n, labels=" ".join(map(str, list(labels)[:30]))))
    pairs = [f"{a}→{b}" for a, b in zip(labels, predictions)]
    wrong = sum(int(a != b) for a, b in zip(labels, predictions))
    return describe(fig, T("{n} handwritten digits, each titled with two labels, a→b: {pairs}; "
                           "the two differ for {w} of the {n} (titled in red)",
                           "{n} 个手写数字，每个的标题是两个标签 a→b：{pairs}；其中 {w} 个两者"
                           "不同（标题为红色）").format(n=n, w=wrong, pairs=" ".join(pairs[:20])
                                                      + (" …" if n > 20 else "")))


def show_digits_titled(images, titles, ncols=10, size=0.75, fontsize=8):
    """A grid of digits, each with its own title (a label, a score, ...).

    Leaves room above every row so that titles of one or two short lines are never cut.
    ``titles`` may be :class:`mlpbook.i18n.T` texts (drawn and described in the reader's
    language).
    """
    images = np.asarray(images)
    n = len(images)
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    title_h = 0.2 * fontsize / 8 * max(1 + str(tr(t)).count("\n") for t in titles)
    fig, axes = plt.subplots(nrows, ncols, squeeze=False,
                             figsize=(size * ncols, (size + title_h) * nrows + 0.05))
    for k, ax in enumerate(axes.flat):
        ax.axis("off")
        if k < n:
            ax.imshow(_square(images[k]), cmap=DIGIT_CMAP, vmin=0, vmax=1,
                      interpolation="nearest")
            ax.set_title(str(tr(titles[k])), fontsize=fontsize, pad=2)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02 / nrows,
                        top=1 - title_h / ((size + title_h) * nrows + 0.05),
                        wspace=0.08, hspace=title_h / size + 0.05)
    names = [both(t).map(lambda text: text.replace("\n", " ")) for t in titles[:n]]
    short = all(len(t.en) <= 2 for t in names)
    return describe(fig, T("{n} handwritten digits, white ink on black, titled {titles}",
                           "{n} 个手写数字，黑底白字，标题依次为 {titles}").format(
        n=n, titles=listing(names, 30, " ", " ") if short else listing(names, 10)))


def show_pixel_values(image, rows, cols, figsize=(7, 3.5), decimals=2, title=None):
    """A digit beside a zoom on part of it, with each pixel's value written in.

    ``rows`` and ``cols`` are (start, stop) ranges of the zoomed region (stop excluded).
    0 is black, 1 is white; the region is outlined in the full image.
    """
    img = _square(image)
    (r0, r1), (c0, c1) = rows, cols
    fig, (ax_full, ax_zoom) = plt.subplots(1, 2, figsize=figsize,
                                           gridspec_kw={"width_ratios": [1, 1.35]})
    ax_full.imshow(img, cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
    ax_full.add_patch(plt.Rectangle((c0 - 0.5, r0 - 0.5), c1 - c0, r1 - r0, fill=False,
                                    edgecolor="#f4a300", lw=2))
    ax_full.set_xticks([0, 9, 18, 27])
    ax_full.set_yticks([0, 9, 18, 27])
    ax_full.set_xlabel(tr("column", "列"))
    ax_full.set_ylabel(tr("row", "行"))
    ax_full.set_title(title or tr(f"the whole image ({img.shape[0]}×{img.shape[1]})",
                                  f"整张图像（{img.shape[0]}×{img.shape[1]}）"), fontsize=9)
    crop = img[r0:r1, c0:c1]
    ax_zoom.imshow(crop, cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest",
                   extent=(c0 - 0.5, c1 - 0.5, r1 - 0.5, r0 - 0.5))
    for r in range(r0, r1):
        for c in range(c0, c1):
            v = img[r, c]
            text = f"{v:.{decimals}f}"
            if v == 0 or v == 1:
                text = str(int(v))
            elif float(text) == 0:  # a faint pixel: show it is not exactly black
                text = f"{v:.{decimals + 1}f}"
            text = text.lstrip("0") if text.startswith("0.") else text
            ax_zoom.text(c, r, text, ha="center", va="center", fontsize=7,
                         color="black" if v > 0.5 else "white")
    ax_zoom.set_xticks(range(c0, c1))
    ax_zoom.set_yticks(range(r0, r1))
    ax_zoom.tick_params(labelsize=7, length=0)
    ax_zoom.set_xlabel(tr("column", "列"))
    ax_zoom.set_ylabel(tr("row", "行"))
    ax_zoom.set_title(tr(f"rows {r0}–{r1 - 1}, columns {c0}–{c1 - 1}, pixel values",
                         f"第 {r0}–{r1 - 1} 行、第 {c0}–{c1 - 1} 列的像素值"), fontsize=9)
    for spine in ax_zoom.spines.values():
        spine.set_edgecolor("#f4a300")
        spine.set_visible(True)
        spine.set_linewidth(2)
    fig.tight_layout()
    return describe(fig, T("A handwritten digit ({r}×{c} pixels, 0 black, 1 white) beside a zoom on "
                           "rows {r0}–{r1}, columns {c0}–{c1}, with each pixel's value written in: "
                           "{k} of those {m} pixels are above 0, the brightest {top}",
                           "一个手写数字（{r}×{c} 个像素，0 为黑，1 为白），旁边放大第 {r0}–{r1} "
                           "行、第 {c0}–{c1} 列，写出每个像素的值：这 {m} 个像素中 {k} 个大于 0，"
                           "最亮的为 {top}").format(
        r=img.shape[0], c=img.shape[1], r0=r0, r1=r1 - 1, c0=c0, c1=c1 - 1, m=crop.size,
        k=int(np.sum(crop > 0)), top=number(crop.max(), ".2f")))


def _words(text):
    """A label given as :class:`mlpbook.i18n.T` in the reader's language (see ``tr``)."""
    return tr(text.en, text.zh) if isinstance(text, T) else text


def show_decomposition(rows, size=1.1, title=None):
    """Digits written as sums of pieces: rows of (whole, [pieces], label[, [piece labels]]).

    Draws ``whole = piece + piece + ...`` per row, all in the digit colours. Labels may be
    :class:`mlpbook.i18n.T` texts (as :func:`mlpbook.lessons.pieces.examples` gives them).
    """
    n_pieces = max(len(spec[1]) for spec in rows)
    ratios = [1.0] + [0.35, 1.0] * n_pieces
    fig, axes = plt.subplots(len(rows), len(ratios), squeeze=False,
                             figsize=(size * sum(ratios) + 0.2, size * len(rows) * 1.12),
                             gridspec_kw={"width_ratios": ratios})
    for r, spec in enumerate(rows):
        whole, pieces, label = spec[:3]
        names = spec[3] if len(spec) > 3 else [None] * len(pieces)
        row = axes[r]
        for ax in row:
            ax.axis("off")
        show_digit(whole, ax=row[0])
        row[0].set_title(_words(label), fontsize=8)
        for k, piece in enumerate(pieces):
            row[1 + 2 * k].text(0.5, 0.5, "=" if k == 0 else "+", ha="center", va="center",
                                fontsize=16, transform=row[1 + 2 * k].transAxes)
            show_digit(piece, ax=row[2 + 2 * k], title=_words(names[k]))
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout(pad=0.3)
    sums = []
    for spec in rows:
        parts = (_join(spec[3], " + ", " + ") if len(spec) > 3
                 else T(f"{len(spec[1])} pieces", f"{len(spec[1])} 块"))
        sums.append(T(f"{both(spec[2]).en} = {parts.en}", f"{both(spec[2]).zh} = {parts.zh}"))
    return describe(fig, T("{n} handwritten digits, each written as a sum of pieces that do not "
                           "overlap: {sums}", "{n} 个手写数字，每个写成互不重叠的几块之和：{sums}"
                           ).format(n=len(rows), sums=_join(sums, "; ", "；")))


def _join(texts, en, zh):
    """Texts (each :class:`~mlpbook.i18n.T` or str) joined with ``en`` / ``zh`` between them."""
    texts = [both(t) for t in texts]
    return T(en.join(t.en for t in texts), zh.join(t.zh for t in texts))

