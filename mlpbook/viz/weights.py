"""Pictures of weights: one neuron's incoming weights as an image, and grids of them.

A first-layer neuron has one weight per pixel, so its weights can be drawn as a 28×28 image
in :data:`~mlpbook.viz._style.WEIGHT_CMAP`: green positive, red negative, white zero, on a
scale symmetric about zero (:func:`~mlpbook.viz._style.weight_limit`). Chapter 2 builds a
neuron by hand with these; chapter 8 shows what training made of them.
"""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt

from ._alt import describe, listing, number
from ._language import tr
from ..i18n import T
from ._style import WEIGHT_CMAP, _frame, _square, weight_limit

__all__ = ["show_weights", "show_weight_grid", "show_weight_images"]


def show_weights(w, ax=None, title=None, shape=None, limit=None, colorbar=False):
    """One neuron's incoming weights as an image: green positive, red negative."""
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=(2.4, 2.2))
    limit = limit or weight_limit(w)
    image = _square(w, shape)
    im = ax.imshow(image, cmap=WEIGHT_CMAP, vmin=-limit, vmax=limit, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    if title is not None:
        ax.set_title(title, fontsize=9)
    if colorbar:
        ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    if not own:
        return ax.figure
    named = T("", "") if title is None else T(", titled “{t}”", "，标题为“{t}”").format(t=title)
    return describe(ax.figure, T("One neuron's {n} weights as a {r}×{c} image{named}: green "
                                 "positive, red negative, white zero; from {lo} to {hi}",
                                 "一个神经元的 {n} 个权重，画成 {r}×{c} 的图像{named}：绿色为正，"
                                 "红色为负，白色为零；取值从 {lo} 到 {hi}").format(
        named=named, n=image.size, r=image.shape[0], c=image.shape[1], lo=number(image.min()),
        hi=number(image.max())))


def show_weight_grid(W, ncols=8, size=0.9, titles=True):
    """Every row of a weight matrix (one neuron each) as a weight image, on one colour scale."""
    names = [tr(f"neuron {k}", f"神经元 {k}") for k in range(len(W))] if titles else None
    fig = show_weight_images(W, names, ncols=ncols, size=size)
    W = np.atleast_2d(np.asarray(W, dtype=float))
    side = _square(W[0]).shape
    return describe(fig, T("Weights of the {n} neurons{named} as {r}×{c} images on one colour scale, "
                           "green positive, red negative, white zero; largest |w| {w}",
                           "{n} 个神经元{named}的权重，画成 {r}×{c} 的图像，共用一个色标，绿色为正，"
                           "红色为负，白色为零；最大的 |w| 为 {w}").format(
        n=len(W), r=side[0], c=side[1], w=number(np.abs(W).max()),
        named=T(f" (neuron 0 to {len(W) - 1})", f"（神经元 0 到 {len(W) - 1}）") if titles
        else T("", "")))


def show_weight_images(weights, titles=None, ncols=8, size=1.0, colorbar=False, shared=True,
                       fontsize=8):
    """Several weight images side by side (a list, or the rows of a matrix).

    Room above each row for its titles (str or :class:`mlpbook.i18n.T`) and a thin frame around
    each image (its white border is zero weight, not empty paper). With ``shared``
    all images use one colour scale (one colour bar on the right if ``colorbar``); otherwise
    each has its own scale (and its own colour bar).
    """
    weights = [np.asarray(w, dtype=float) for w in weights]
    n = len(weights)
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    limit = max(weight_limit(w) for w in weights)
    title_h = 0.22 * fontsize / 8 if titles is not None else 0.05
    bar_w = (0.6 if shared else 0.55 * ncols) if colorbar else 0.0
    height = (size + title_h) * nrows + 0.1
    width = size * ncols * 1.08 + bar_w
    fig, axes = plt.subplots(nrows, ncols, squeeze=False, figsize=(width, height))
    right = 1 - (bar_w + 0.05) / width if shared else 1 - (0.5 if colorbar else 0.05) / width
    fig.subplots_adjust(left=0.02, right=right, bottom=0.05 / height,
                        top=1 - title_h / height, wspace=0.08 + (0.45 if bar_w and not shared
                                                                 else 0.0),
                        hspace=title_h / size + 0.04)
    image = None
    for k, ax in enumerate(axes.flat):
        if k >= n:
            ax.axis("off")
            continue
        show_weights(weights[k], ax=ax, limit=limit if shared else weight_limit(weights[k]),
                     title=None if titles is None else str(tr(titles[k])))
        if titles is not None:
            ax.title.set_fontsize(fontsize)
        _frame(ax)
        image = ax.images[0]
        if colorbar and not shared:
            bar = fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
            bar.ax.tick_params(labelsize=8)
    if colorbar and shared and image is not None:
        cax = fig.add_axes([1 - (bar_w - 0.05) / width, 0.12, 0.12 / width, 0.72])
        fig.colorbar(image, cax=cax)
        cax.tick_params(labelsize=8)
    side = _square(weights[0]).shape if n else (0, 0)
    scale = (T("on one colour scale", "共用一个色标") if shared
             else T("with its own colour scale", "各用自己的色标"))
    named = (T("", "") if titles is None
             else T("titled {t}; ", "标题依次为 {t}；").format(t=listing(titles, 10)))
    return describe(fig, T("Weights of {n} neurons, each drawn as a {r}×{c} image {scale}, green "
                           "positive, red negative, white zero; {named}largest |w| {w}",
                           "{n} 个神经元的权重，每个画成一张 {r}×{c} 的图，{scale}，绿色为正，"
                           "红色为负，白色为零；{named}最大的 |w| 为 {w}").format(
        n=n, r=side[0], c=side[1], scale=scale, named=named,
        w=number(max((float(np.abs(w).max()) for w in weights), default=0.0))))

