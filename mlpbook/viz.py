"""Matplotlib figures for the book: digits, weights, curves, confusion matrices.

One look for the whole book: weights are always drawn with :data:`WEIGHT_CMAP`
(green positive, red negative, white zero), digits in grey with 0 = black and
1 = white, exactly as MNIST stores them.  Every function returns the
matplotlib Figure so a chapter can save it or glue it into the text.
Figures are sized for a web page (about 7 inches wide at most).
"""

from __future__ import annotations

import numpy as np
import matplotlib

matplotlib.rcParams.update({"figure.dpi": 100, "savefig.dpi": 150, "font.size": 10,
                            "axes.spines.top": False, "axes.spines.right": False})
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap  # noqa: E402

GREEN = "#1a9850"
RED = "#d73027"
BLUE = "#4575b4"
GREY = "#777777"
#: Weights: red negative, white zero, green positive (the same in every chapter).
WEIGHT_CMAP = LinearSegmentedColormap.from_list("mlpbook_weights", [RED, "#ffffff", GREEN])
#: Digits: 0 = black background, 1 = white ink.
DIGIT_CMAP = "gray"


def _square(image, shape=None):
    image = np.asarray(image, dtype=float)
    if image.ndim == 2:
        return image
    side = int(round(np.sqrt(image.size)))
    return image.reshape(shape or (side, side))


def show_digit(image, ax=None, title=None, shape=None):
    """One digit, 0 = black and 1 = white."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(2.2, 2.2))
    ax.imshow(_square(image, shape), cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    if title is not None:
        ax.set_title(title, fontsize=9)
    return ax.figure


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
    return fig


def weight_limit(weights):
    """Symmetric colour limit so that zero is always white."""
    top = float(np.max(np.abs(weights)))
    return top if top > 0 else 1.0


def show_weights(w, ax=None, title=None, shape=None, limit=None, colorbar=False):
    """One neuron's incoming weights as an image: green positive, red negative."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(2.4, 2.2))
    limit = limit or weight_limit(w)
    im = ax.imshow(_square(w, shape), cmap=WEIGHT_CMAP, vmin=-limit, vmax=limit,
                   interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    if title is not None:
        ax.set_title(title, fontsize=9)
    if colorbar:
        ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    return ax.figure


def show_weight_grid(W, ncols=8, size=0.9, titles=True):
    """Every row of a weight matrix (one neuron each) as a weight image, on one colour scale."""
    names = [f"neuron {k}" for k in range(len(W))] if titles else None
    return show_weight_images(W, names, ncols=ncols, size=size)


def plot_history(history, figsize=(7, 3)):
    """Learning curves: training cost, and accuracy per epoch."""
    fig, (ax_cost, ax_acc) = plt.subplots(1, 2, figsize=figsize)
    epochs = history.epoch
    if history.train_cost:
        ax_cost.plot(epochs, history.train_cost, color=BLUE, marker=".", label="training")
    if history.test_cost:
        ax_cost.plot(epochs, history.test_cost, color=GREEN, marker=".", label="test")
    ax_cost.set_xlabel("epoch")
    ax_cost.set_ylabel("cost")
    ax_cost.legend(frameon=False)
    if history.train_accuracy:
        ax_acc.plot(epochs, np.array(history.train_accuracy) * 100, color=BLUE, marker=".",
                    label="training")
    if history.test_accuracy:
        ax_acc.plot(epochs, np.array(history.test_accuracy) * 100, color=GREEN, marker=".",
                    label="test")
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("accuracy (%)")
    ax_acc.legend(frameon=False)
    fig.tight_layout()
    return fig


def confusion_matrix(labels, predictions, n_classes=10):
    """Counts: row = true digit, column = predicted digit."""
    m = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(m, (np.asarray(labels), np.asarray(predictions)), 1)
    return m


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
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    ax.spines[:].set_visible(False)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------
# Chapter-specific figures are added below, one section per chapter.
# ---------------------------------------------------------------------------


# --- chapter 03: squishing functions ---
from .activations import squish_curve, step_position  # noqa: E402,F401


def plot_sigmoid_and_relu(z_max=6.0, figsize=(7, 2.8)):
    """Sigmoid and ReLU side by side, each with its derivative (dashed)."""
    from . import reference
    z = np.linspace(-z_max, z_max, 601)
    fig, (ax_s, ax_r) = plt.subplots(1, 2, figsize=figsize, sharex=True)
    ax_s.plot(z, reference.sigmoid(z), color=BLUE, lw=2, label=r"$\sigma(z)$")
    ax_s.plot(z, reference.sigmoid_prime(z), color=RED, lw=1.5, ls="--", label=r"$\sigma'(z)$")
    ax_s.axhline(0.25, color=GREY, lw=0.6, ls=":")
    ax_s.text(-z_max, 0.27, "max σ′ = 1/4", fontsize=8, color=GREY)
    ax_s.set_ylim(-0.05, 1.05)
    ax_s.set_title("sigmoid: squashes into (0, 1)")
    ax_r.plot(z, reference.relu(z), color=BLUE, lw=2, label=r"ReLU$(z)$")
    ax_r.plot(z, reference.relu_prime(z), color=RED, lw=1.5, ls="--", label=r"ReLU$'(z)$")
    ax_r.set_ylim(-0.3, z_max)
    ax_r.set_title("ReLU: max(0, z)")
    for ax in (ax_s, ax_r):
        ax.axvline(0, color=GREY, lw=0.5)
        ax.axhline(0, color=GREY, lw=0.5)
        ax.set_xlabel("weighted input $z$")
        ax.legend(frameon=False, loc="upper left", fontsize=8)
    ax_s.set_ylabel("activation")
    fig.tight_layout()
    return fig


def plot_squish(ax, w=1.0, b=0.0, activation="sigmoid", z_max=6.0, color=BLUE, label=None,
                mark_step=True, **line_kwargs):
    """Draw f(w·z + b) for z in [−z_max, z_max] on ``ax`` (one curve of the slider figure)."""
    z = np.linspace(-z_max, z_max, 801)
    if label is None:
        label = f"w = {w:g}, b = {b:g}"
    ax.plot(z, squish_curve(z, w, b, activation), color=color, label=label, **line_kwargs)
    where = step_position(w, b)
    if mark_step and where is not None and -z_max <= where <= z_max:
        level = 0.5 if activation == "sigmoid" else 0.0
        ax.plot([where], [level], "o", color=color, ms=4)
    ax.set_xlim(-z_max, z_max)
    if activation == "sigmoid":
        ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("input $z$")
    return ax


def plot_squish_settings(figsize=(7, 5), z_max=6.0):
    """Static version of the squish slider widget: a few (w, b) settings overlaid.

    Left column: the weight changes (b = 0), the step gets sharper.
    Right column: the bias changes (w = 2), the step slides to z = −b/w.
    Top row sigmoid, bottom row ReLU.
    """
    weights = [0.5, 1.0, 3.0, 10.0]
    biases = [-6.0, 0.0, 6.0]
    colours = [GREY, BLUE, GREEN, RED]
    fig, axes = plt.subplots(2, 2, figsize=figsize, sharex=True)
    for row, activation in enumerate(("sigmoid", "relu")):
        name = "σ" if activation == "sigmoid" else "ReLU"
        ax = axes[row, 0]
        for w, c in zip(weights, colours):
            plot_squish(ax, w, 0.0, activation, z_max, color=c, label=f"w = {w:g}")
        ax.set_title(f"{name}(w·z): the weight sets the steepness", fontsize=9)
        ax.legend(frameon=False, fontsize=7,
                  loc="lower right" if activation == "sigmoid" else "upper left")
        ax = axes[row, 1]
        for b, c in zip(biases, colours[1:]):
            plot_squish(ax, 2.0, b, activation, z_max, color=c)
            where = step_position(2.0, b)
            if activation == "sigmoid":
                ax.text(where + 0.25, 0.45, f"b = {b:g}", color=c, fontsize=8, va="top")
            else:
                ax.text(where - 0.2, 0.5, f"b = {b:g}", color=c, fontsize=8, ha="right")
        ax.set_title(f"{name}(2z + b): the bias slides it to z = −b/2", fontsize=9)
        if activation == "relu":
            for ax in axes[row]:
                ax.set_ylim(-0.5, 12)
        for ax in axes[row]:
            ax.axvline(0, color=GREY, lw=0.4)
        axes[row, 0].set_ylabel("activation")
    for ax in axes[0]:
        ax.set_xlabel("")
    fig.tight_layout()
    return fig


# --- chapter 04: the cost of an output ---
# The maths lives in mlpbook.cost; imported here so viz.confident_output etc. keep working.
from .cost import confident_output, cost_and_gradient_vs_output, output_costs  # noqa: E402,F401


def plot_cost_vs_output(figsize=(7, 2.9)):
    """Quadratic vs cross-entropy: cost and |dC/dz| against the right digit's output."""
    a = np.linspace(0.001, 0.999, 999)
    c = cost_and_gradient_vs_output(a)
    fig, (ax_c, ax_g) = plt.subplots(1, 2, figsize=figsize, sharex=True)
    ax_c.plot(a, c["quadratic"], color=BLUE, lw=2, label="quadratic $(1-a)^2$")
    ax_c.plot(a, c["cross_entropy"], color=GREEN, lw=2, label=r"cross-entropy $-\ln a$")
    ax_c.set_ylim(0, 5)
    ax_c.set_ylabel("cost")
    ax_c.set_title("cost of one image", fontsize=10)
    ax_g.plot(a, np.abs(c["quadratic_grad"]), color=BLUE, lw=2, label="quadratic")
    ax_g.plot(a, np.abs(c["cross_entropy_grad"]), color=GREEN, lw=2, label="cross-entropy")
    ax_g.set_ylim(0, 1.05)
    ax_g.set_ylabel(r"$|\partial C / \partial z|$")
    ax_g.set_title("how hard the gradient pushes", fontsize=10)
    for ax in (ax_c, ax_g):
        ax.axvspan(0, 0.1, color=RED, alpha=0.08, lw=0)
        ax.set_xlabel("output $a$ for the right digit (want 1)")
        ax.legend(frameon=False, fontsize=8, loc="upper right")
    ax_g.text(0.015, 0.55, "confidently\nwrong", color=RED, fontsize=8)
    fig.tight_layout()
    return fig


def plot_output_and_costs(ax, a, label, title=None, costs=("quadratic", "cross_entropy")):
    """Bars of the 10 outputs, the desired output (one-hot) as outlines, costs in the title.

    ``costs`` names which costs to write: "quadratic" (Σ(a − y)², the video's form)
    and/or "cross_entropy" (−ln a[label], meaningful when the outputs add up to 1).
    """
    a = np.asarray(a, dtype=float)
    n = a.size
    colours = [GREEN if k == label else BLUE for k in range(n)]
    ax.bar(range(n), a, color=colours, width=0.7)
    target = np.zeros(n)
    target[int(label)] = 1.0
    ax.bar(range(n), target, fill=False, edgecolor="black", lw=1, ls="--", width=0.7)
    ax.set_xticks(range(n))
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("digit")
    values = output_costs(a, label)
    names = {"quadratic": "quadratic", "cross_entropy": "cross-entropy"}
    text = "   ".join(f"{names[c]} {values[c]:.3f}" for c in costs)
    ax.set_title(text if title is None else f"{title}\n{text}", fontsize=8.5)
    return ax


def plot_output_cost_settings(label=3, settings=((0.9, None), (0.5, None), (0.5, 8),
                                                 (0.01, 8)), figsize=(7, 4.6)):
    """Static version of the cost widget: a few (confidence, rival) settings for one digit."""
    fig, axes = plt.subplots(2, 2, figsize=figsize, sharey=True)
    for ax, (p, rival) in zip(axes.flat, settings):
        rest = "rest spread evenly" if rival is None else f"rest on {rival}"
        plot_output_and_costs(ax, confident_output(label, p, rival), label,
                              title=f"right digit {label}: output {p:g}, {rest}")
    for ax in axes[:, 0]:
        ax.set_ylabel("output activation")
    fig.tight_layout()
    return fig


# --- chapter 05: gradient descent ---
def _descent_limits(values, margin=0.08):
    lo, hi = float(np.min(values)), float(np.max(values))
    pad = (hi - lo) * margin or 1.0
    return lo - pad, hi + pad


def plot_descent_1d(path, ax=None, cost=None, lo=None, hi=None, title=None,
                    figsize=(4.6, 3.0)):
    """A gradient-descent path on a cost of one input: the ball rolling downhill.

    ``path`` is a trajectory from :func:`mlpbook.descent.descend`. The start is a
    hollow circle, each step a dot joined to the next, the last point a filled
    green dot. Points that left the drawn range are counted in the corner.
    """
    from . import descent
    cost = cost or descent.cost1d
    lo = descent.COST1D_RANGE[0] if lo is None else lo
    hi = descent.COST1D_RANGE[1] if hi is None else hi
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    w = np.linspace(lo, hi, 600)
    c = cost(w)
    ax.plot(w, c, color=GREY, lw=1.6, zorder=1)
    path = np.asarray(path, dtype=float)
    shown = (path >= lo) & (path <= hi)
    pc = np.where(shown, cost(np.clip(path, lo, hi)), np.nan)
    ax.plot(np.where(shown, path, np.nan), pc, color=BLUE, lw=0.9, alpha=0.7, zorder=2)
    ax.scatter(path[shown], pc[shown], s=14, color=BLUE, zorder=3)
    if shown[0]:
        ax.scatter(path[:1], pc[:1], s=70, facecolor="white", edgecolor="black", lw=1.4,
                   zorder=4, label="start")
    if shown[-1]:
        ax.scatter(path[-1:], pc[-1:], s=70, color=GREEN, edgecolor="black", lw=0.8, zorder=5,
                   label=f"after {len(path) - 1} steps")
    if not shown.all():
        ax.text(0.98, 0.95, f"{int((~shown).sum())} points off the picture",
                transform=ax.transAxes, ha="right", va="top", fontsize=8, color=RED)
    ax.set_xlim(lo, hi)
    ax.set_ylim(*_descent_limits(c))
    ax.set_xlabel("input $w$")
    ax.set_ylabel("cost $C(w)$")
    if title is not None:
        ax.set_title(title, fontsize=9)
    return ax.figure


def plot_step_sizes(path, ax=None, title=None, figsize=(3.2, 3.0)):
    """Length of each step of a descent path: long on the steep slope, short near the bottom."""
    from .descent import step_sizes
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    sizes = step_sizes(path)
    ax.bar(np.arange(1, len(sizes) + 1), sizes, color=BLUE, width=0.8)
    ax.set_xlabel("step number")
    ax.set_ylabel("step length $|\\Delta w|$")
    if title is not None:
        ax.set_title(title, fontsize=9)
    return ax.figure


def plot_descent_grid(settings, steps=30, ncols=2, figsize=(7, 5.2)):
    """A grid of descent paths on the 1-D cost, one panel per ``(start, lr)`` setting."""
    from . import descent
    n = len(settings)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False, sharey=True)
    for ax, setting in zip(axes.flat, settings):
        start, lr = setting[:2]
        note = f": {setting[2]}" if len(setting) > 2 else ""
        path = descent.descend(descent.slope1d, start, lr, steps)
        plot_descent_1d(path, ax=ax, title=f"start {start:g}, η = {lr:g}{note}")
    for ax in axes.flat[n:]:
        ax.axis("off")
    for ax in axes[:, 1:].flat:
        ax.set_ylabel("")
    fig.tight_layout()
    return fig


def plot_landings_1d(starts, lr=0.05, steps=200, figsize=(7, 3.2)):
    """Where balls dropped at different starts come to rest: one colour per valley."""
    from . import descent
    fig, ax = plt.subplots(figsize=figsize)
    lo, hi = descent.COST1D_RANGE
    w = np.linspace(lo, hi, 600)
    c = descent.cost1d(w)
    ax.plot(w, c, color=GREY, lw=1.6, zorder=1)
    minima = descent.local_minima_1d()
    colours = [RED, GREEN, BLUE, "#984ea3", "#ff7f00"]
    for k, start in enumerate(starts):
        end = descent.descend(descent.slope1d, start, lr, steps)[-1]
        colour = colours[descent.nearest_minimum(end, minima) % len(colours)]
        y0, y1 = descent.cost1d(start), descent.cost1d(end)
        lift = 0.35 + 0.12 * (k % 3)
        ax.annotate("", xy=(end, y1 + 0.12), xytext=(start, y0 + 0.12),
                    arrowprops=dict(arrowstyle="->", color=colour, lw=1.1, alpha=0.9,
                                    connectionstyle=f"arc3,rad={lift if end > start else -lift}"))
        ax.scatter([start], [y0], s=45, facecolor="white", edgecolor=colour, lw=1.6, zorder=3)
    ax.scatter(minima, descent.cost1d(minima), s=140, marker="*",
               color=[colours[i % len(colours)] for i in range(len(minima))],
               edgecolor="black", lw=0.6, zorder=4, label="local minima")
    ax.set_xlim(lo, hi)
    ax.set_ylim(_descent_limits(c)[0], _descent_limits(c)[1] + 0.6)
    ax.set_xlabel("input $w$")
    ax.set_ylabel("cost $C(w)$")
    ax.legend(frameon=False, loc="upper center")
    fig.tight_layout()
    return fig


def plot_descent_2d(paths=(), labels=None, ax=None, arrows=True, n_arrows=15,
                    figsize=(5.4, 4.6), colors=None, markersize=3):
    """The 2-D cost as contours, the negative gradient as arrows, and descent paths on top."""
    from . import descent
    lo, hi = descent.COST2D_RANGE
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    g = np.linspace(lo, hi, 200)
    X, Y = np.meshgrid(g, g)
    Z = descent.cost2d(X, Y)
    filled = ax.contourf(X, Y, Z, levels=18, cmap="Blues_r", alpha=0.75)
    ax.contour(X, Y, Z, levels=18, colors="white", linewidths=0.4, alpha=0.8)
    ax.figure.colorbar(filled, ax=ax, fraction=0.046, pad=0.03, label="cost $C(x, y)$")
    if arrows:
        a = np.linspace(lo, hi, n_arrows + 2)[1:-1]
        AX, AY = np.meshgrid(a, a)
        gx, gy = descent.grad2d(AX, AY)
        ax.quiver(AX, AY, -gx, -gy, color="#333333", angles="xy", scale_units="xy",
                  scale=2.5, width=0.004, alpha=0.75)
    colors = colors or [RED, "#ff7f00", "#984ea3", GREEN, "black"]
    for k, path in enumerate(paths):
        path = np.asarray(path, dtype=float)
        colour = colors[k % len(colors)]
        label = labels[k] if labels else None
        ax.plot(path[:, 0], path[:, 1], "-o", color=colour, lw=1.3, markersize=markersize,
                label=label)
        ax.plot(*path[0], "o", color="white", markeredgecolor=colour, markersize=8, mew=1.8)
        ax.plot(*path[-1], "*", color=colour, markeredgecolor="black", markersize=13, mew=0.6)
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.set_xlabel("input $x$")
    ax.set_ylabel("input $y$")
    if labels:
        ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.13),
                  ncol=2 if len(paths) > 2 else 1)
    return ax.figure


def plot_cost_curves(curves, xlabel="epochs (passes over the data)", ylabel="cost",
                     title=None, ax=None, figsize=(6.2, 3.2), logy=False):
    """Cost curves side by side: ``curves`` lists ``(label, x, y)`` or ``(label, x, y, colour)``."""
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


def plot_step_vs_sigmoid(z_max=6.0, figsize=(7, 2.6)):
    """A step function and the sigmoid with their slopes: the step's is 0 almost everywhere."""
    z = np.linspace(-z_max, z_max, 801)
    sig = 1 / (1 + np.exp(-z))
    step = (z > 0).astype(float)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=figsize)
    ax1.plot(z, step, color=RED, lw=2, label="step")
    ax1.plot(z, sig, color=BLUE, lw=2, label="sigmoid σ")
    ax1.set_title("activation", fontsize=10)
    ax1.set_xlabel("weighted input $z$")
    ax1.legend(frameon=False)
    ax2.plot(z, np.zeros_like(z), color=RED, lw=2, label="step: 0 (undefined at 0)")
    ax2.plot(z, sig * (1 - sig), color=BLUE, lw=2, label="σ′(z) = σ(z)(1 − σ(z))")
    ax2.plot([0], [0], "o", color="white", markeredgecolor=RED, mew=1.5)
    ax2.set_title("slope", fontsize=10)
    ax2.set_xlabel("weighted input $z$")
    ax2.set_ylim(-0.02, 0.36)
    ax2.legend(frameon=False, fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


# --- chapter 06: backpropagation ---
def plot_small_network(weights, activations=None, highlight=(), ax=None, figsize=(4.2, 2.3),
                       layer_names=None, node_labels=None):
    """A tiny network drawn in full: neurons (shaded by activation) and every weight.

    ``weights`` is a list of matrices shaped (n_out, n_in); edge colours use
    :data:`WEIGHT_CMAP` and each edge is labelled with its weight. ``highlight``
    lists ``(layer, j, k)`` edges (layer from 1) to draw thick with a black outline.
    ``activations`` (optional) is a list of vectors, input first, written in the nodes.
    """
    weights = [np.asarray(W, dtype=float) for W in weights]
    sizes = [weights[0].shape[1]] + [W.shape[0] for W in weights]
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    limit = weight_limit(np.concatenate([W.ravel() for W in weights]))
    xs = np.arange(len(sizes)) * 2.2

    def pos(layer, j):
        n = sizes[layer]
        return xs[layer], (n - 1) / 2 - j

    for l, W in enumerate(weights, start=1):
        for j in range(W.shape[0]):
            for k in range(W.shape[1]):
                (x0, y0), (x1, y1) = pos(l - 1, k), pos(l, j)
                colour = WEIGHT_CMAP(0.5 + 0.5 * W[j, k] / limit)
                if (l, j, k) in highlight:
                    ax.plot([x0, x1], [y0, y1], color="black", lw=5.5, zorder=1,
                            solid_capstyle="round")
                ax.plot([x0, x1], [y0, y1], color=colour, lw=1 + 2.5 * abs(W[j, k]) / limit,
                        zorder=2)
                t = 0.5 if abs(y1 - y0) < 1e-9 else 0.22
                tx, ty = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
                below = y1 < y0 - 1e-9      # a falling edge: label under it, clear of the row
                ax.text(tx, ty - 0.09 if below else ty + 0.09, f"{W[j, k]:.2f}", fontsize=8,
                        ha="center", va="top" if below else "bottom", zorder=4,
                        bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.8))
    for l, n in enumerate(sizes):
        for j in range(n):
            x, y = pos(l, j)
            value = None if activations is None else float(np.asarray(activations[l])[j])
            face = "white" if value is None else str(np.clip(value, 0, 1))
            ax.add_patch(plt.Circle((x, y), 0.27, facecolor=face, edgecolor="black", lw=1.2,
                                    zorder=5))
            text = node_labels[l][j] if node_labels else (None if value is None else f"{value:.2f}")
            if text:
                dark = value is not None and value < 0.5
                ax.text(x, y, text, ha="center", va="center", fontsize=8, zorder=6,
                        color="white" if dark else "black")
    names = layer_names or (["input"] + [f"layer {l}" for l in range(1, len(sizes))])
    for l, name in enumerate(names):
        ax.text(xs[l], (max(sizes) - 1) / 2 + 0.55, name, ha="center", va="bottom", fontsize=9)
    ax.set_xlim(xs[0] - 0.6, xs[-1] + 0.6)
    ax.set_ylim(-(max(sizes) - 1) / 2 - 0.5, (max(sizes) - 1) / 2 + 0.95)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.figure.tight_layout(pad=0.2)
    return ax.figure


def plot_eps_errors(eps, errors, ax=None, figsize=(4.6, 3.0)):
    """Error of a finite-difference derivative against the nudge ε (log-log): a V shape."""
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    ax.loglog(eps, errors, "o-", color=BLUE)
    ax.set_xlabel("nudge ε")
    ax.set_ylabel("|numerical − backprop|")
    ax.invert_xaxis()
    ax.figure.tight_layout()
    return ax.figure


def plot_engine_times(names, seconds, ax=None, figsize=(5.6, 2.2), unit="s per epoch"):
    """Horizontal bars of time per engine (log scale), the time written at each bar."""
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
    ax.set_xlabel(unit + " (log scale)")
    ax.figure.tight_layout()
    return ax.figure


def plot_cost_histograms(costs, figsize=(7, 2.8), bins=60):
    """Histograms of per-image costs, one per named network, with each mean marked.

    ``costs`` maps a name (e.g. "random network") to an array of per-image costs.
    """
    fig, ax = plt.subplots(figsize=figsize)
    top = max(float(np.max(c)) for c in costs.values())
    edges = np.linspace(0.0, top, bins + 1)
    for (name, c), colour in zip(costs.items(), [RED, GREEN, BLUE, GREY]):
        c = np.asarray(c, dtype=float)
        ax.hist(c, bins=edges, color=colour, alpha=0.55, label=f"{name} (mean {c.mean():.3f})")
        ax.axvline(c.mean(), color=colour, lw=1.5, ls="--")
    ax.set_xlabel("cost of one image, Σ (a − y)²")
    ax.set_ylabel("number of images")
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    return fig


# --- chapter 01: digits and neurons ---
def _neuron_rows(n, max_shown, shown=None):
    """Which neurons of a layer to draw, and where the '⋮' gap goes (None: no gap)."""
    if shown is not None:
        idx = [int(i) for i in shown]
        return idx, (len(idx) // 2 if len(idx) < n else None)
    if n <= max_shown:
        return list(range(n)), None
    half = max_shown // 2
    return list(range(half)) + list(range(n - (max_shown - half), n)), half


def draw_network(sizes, activations=None, ax=None, weights=None, max_shown=16, shown=None,
                 layer_names=None, output_labels=None, show_values=False, highlight=True,
                 input_image=None, edges=True, figsize=None, title=None):
    """A layered network drawn as columns of circles, each shaded by its activation.

    Parameters
    ----------
    sizes : neurons per layer, input first, e.g. ``[784, 16, 16, 10]``
    activations : optional list of arrays, one per layer (as ``Network.layer_activations``);
        a circle is black for activation 0 and white for 1, like a pixel. Without
        activations the circles are left empty.
    weights : optional list of weight matrices, shape (n_out, n_in); edges are then coloured
        with :data:`WEIGHT_CMAP` (green positive, red negative), stronger = more opaque.
    max_shown : a layer with more neurons shows this many (the first and last half) with
        a "⋮" between them, as for the 784 inputs
    shown : optional dict {layer: indices} choosing which neurons of a large layer to draw
    layer_names : labels under the columns (default: input / hidden / output with sizes)
    output_labels : labels beside the output neurons (default: 0..9 for 10 outputs)
    show_values : write the output activations beside the output neurons
    highlight : ring the brightest output neuron (the network's answer) in green
    input_image : optional image drawn left of the input column (the digit being read)
    edges : draw the connections between the drawn neurons
    """
    sizes = [int(s) for s in sizes]
    n_layers = len(sizes)
    shown = shown or {}
    layout = [_neuron_rows(n, max_shown, shown.get(layer)) for layer, n in enumerate(sizes)]
    slots = [len(idx) + (1 if gap is not None else 0) for idx, gap in layout]
    tallest = max(slots)
    dx, radius = 6.5, 0.36
    xs = [dx * k for k in range(n_layers)]
    if output_labels is None and sizes[-1] == 10:
        output_labels = [str(d) for d in range(10)]
    image_size = min(6.0, tallest * 0.55)
    left = -2.0 if input_image is None else -2.0 - image_size
    right = xs[-1] + radius + (2.6 if (output_labels is not None or show_values) else 1.0)
    top, bottom = (tallest - 1) / 2 + 0.8, -(tallest - 1) / 2 - 0.9
    if ax is None:
        aspect = (top - bottom + 1.3) / (right - left)
        fig, ax = plt.subplots(figsize=figsize or (7, min(7 * aspect + 0.2, 6.5)))
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.93 if title else 0.99)
    fig = ax.figure
    positions = []  # per layer: {neuron index: (x, y)}
    gaps = []
    for layer, (idx, gap) in enumerate(layout):
        first = (slots[layer] - 1) / 2   # y of the layer's top neuron: columns are centred
        pos, slot = {}, 0
        for k, i in enumerate(idx):
            if gap is not None and k == gap:
                gaps.append((xs[layer], first - slot))
                slot += 1
            pos[i] = (xs[layer], first - slot)
            slot += 1
        positions.append(pos)
    if edges:
        for layer in range(n_layers - 1):
            W = None if weights is None else np.asarray(weights[layer], dtype=float)
            limit = weight_limit(W) if W is not None else 1.0
            for j, (x1, y1) in positions[layer + 1].items():
                for i, (x0, y0) in positions[layer].items():
                    if W is None:
                        ax.plot([x0 + radius, x1 - radius], [y0, y1], color=GREY, lw=0.3,
                                alpha=0.35, zorder=1)
                    else:
                        w = W[j, i] / limit
                        ax.plot([x0 + radius, x1 - radius], [y0, y1], lw=0.6, zorder=1,
                                color=WEIGHT_CMAP(0.5 + 0.5 * w), alpha=0.15 + 0.85 * abs(w))
    answer = None
    if activations is not None and highlight:
        answer = int(np.argmax(np.asarray(activations[-1], dtype=float)))
    grey = plt.get_cmap(DIGIT_CMAP)
    for layer, pos in enumerate(positions):
        acts = None if activations is None else np.asarray(activations[layer], dtype=float).ravel()
        for i, (x, y) in pos.items():
            face = "white" if acts is None else grey(float(np.clip(acts[i], 0, 1)))
            ring = GREEN if (layer == n_layers - 1 and i == answer) else "#333333"
            ax.add_patch(plt.Circle((x, y), radius, facecolor=face, edgecolor=ring,
                                    lw=2.2 if ring == GREEN else 0.8, zorder=3))
    for x, y in gaps:
        for dy in (-0.25, 0, 0.25):
            ax.add_patch(plt.Circle((x, y + dy), 0.07, color="#333333", zorder=3))
    # labels
    last = n_layers - 1
    acts_out = None if activations is None else np.asarray(activations[-1], dtype=float).ravel()
    for i, (x, y) in positions[last].items():
        text = output_labels[i] if output_labels is not None else ""
        if show_values and acts_out is not None:
            text = f"{text}  {acts_out[i]:.2f}" if text else f"{acts_out[i]:.2f}"
        if text:
            ax.text(x + radius + 0.35, y, text, va="center", ha="left", fontsize=9,
                    color=GREEN if i == answer else "black",
                    fontweight="bold" if i == answer else "normal")
    if layer_names is None:
        layer_names = []
        for k, n in enumerate(sizes):
            kind = ("input layer" if k == 0 else "output layer" if k == last
                    else f"hidden layer {k}")
            layer_names.append(f"{kind}\n{n:,} neurons")
    for x, name in zip(xs, layer_names):
        ax.text(x, bottom, name, ha="center", va="top", fontsize=9)
    if input_image is not None:
        x1 = -1.6
        x0 = x1 - image_size
        ax.imshow(_square(input_image), cmap=DIGIT_CMAP, vmin=0, vmax=1,
                  interpolation="nearest", zorder=2,
                  extent=(x0, x1, -image_size / 2, image_size / 2))
        ax.annotate("", xy=(-0.55, 0), xytext=(x1 + 0.1, 0),
                    arrowprops=dict(arrowstyle="->", color=GREY, lw=1))
    ax.set_xlim(left, right)
    ax.set_ylim(bottom - 1.3, top)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)
    return fig


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
    ax_full.set_xlabel("column")
    ax_full.set_ylabel("row")
    ax_full.set_title(title or f"the whole image ({img.shape[0]}×{img.shape[1]})", fontsize=9)
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
    ax_zoom.set_xlabel("column")
    ax_zoom.set_ylabel("row")
    ax_zoom.set_title(f"rows {r0}–{r1 - 1}, columns {c0}–{c1 - 1}, pixel values", fontsize=9)
    for spine in ax_zoom.spines.values():
        spine.set_edgecolor("#f4a300")
        spine.set_visible(True)
        spine.set_linewidth(2)
    fig.tight_layout()
    return fig


def show_outputs(outputs, ax=None, title=None, labels=None, figsize=(3.6, 3)):
    """The output activations as horizontal bars, 0 at the top; the brightest in green."""
    outputs = np.asarray(outputs, dtype=float).ravel()
    n = len(outputs)
    labels = labels if labels is not None else [str(k) for k in range(n)]
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    best = int(np.argmax(outputs))
    colours = [GREEN if k == best else GREY for k in range(n)]
    ax.barh(range(n), outputs, color=colours, height=0.7)
    for k, v in enumerate(outputs):
        ax.text(v + 0.02, k, f"{v:.2f}", va="center", fontsize=8,
                color=GREEN if k == best else "black")
    ax.set_yticks(range(n))
    ax.set_yticklabels(labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.15)
    ax.set_xlabel("activation of the output neuron")
    ax.set_ylabel("digit")
    if title:
        ax.set_title(title, fontsize=9)
    return ax.figure


def show_decomposition(rows, size=1.1, title=None):
    """Digits written as sums of pieces: rows of (whole, [pieces], label[, [piece labels]]).

    Draws ``whole = piece + piece + ...`` per row, all in the digit colours.
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
        row[0].set_title(label, fontsize=8)
        for k, piece in enumerate(pieces):
            row[1 + 2 * k].text(0.5, 0.5, "=" if k == 0 else "+", ha="center", va="center",
                                fontsize=16, transform=row[1 + 2 * k].transAxes)
            show_digit(piece, ax=row[2 + 2 * k], title=names[k])
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout(pad=0.3)
    return fig


def show_digits_titled(images, titles, ncols=10, size=0.75, fontsize=8):
    """A grid of digits, each with its own title (a label, a score, ...).

    Leaves room above every row so that titles of one or two short lines are never cut.
    """
    images = np.asarray(images)
    n = len(images)
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    title_h = 0.2 * fontsize / 8 * max(1 + str(t).count("\n") for t in titles)
    fig, axes = plt.subplots(nrows, ncols, squeeze=False,
                             figsize=(size * ncols, (size + title_h) * nrows + 0.05))
    for k, ax in enumerate(axes.flat):
        ax.axis("off")
        if k < n:
            ax.imshow(_square(images[k]), cmap=DIGIT_CMAP, vmin=0, vmax=1,
                      interpolation="nearest")
            ax.set_title(str(titles[k]), fontsize=fontsize, pad=2)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02 / nrows,
                        top=1 - title_h / ((size + title_h) * nrows + 0.05),
                        wspace=0.08, hspace=title_h / size + 0.05)
    return fig


# --- chapter 02: weights and bias ---
def _signed(x, fmt="g"):
    """A number as text with a true minus sign (−3.5, not -3.5), as in the book's prose."""
    return format(float(x), fmt).replace("-", "−")


def _symbol_axis(ax, symbol):
    ax.axis("off")
    ax.text(0.5, 0.5, symbol, ha="center", va="center", fontsize=18, transform=ax.transAxes)


def _frame(ax):
    """A thin grey box around a weight image, so its white (zero) edge stays visible."""
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#999999")
        spine.set_linewidth(0.8)


def _neuron_circle(ax, activation, text=None):
    """One neuron as a circle shaded by its activation (0 black, 1 white), value below."""
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1.25, 1)
    ax.set_aspect("equal")
    ax.axis("off")
    ring = GREEN if activation > 0.5 else "#333333"
    ax.add_patch(plt.Circle((0, 0.1), 0.75, facecolor=plt.get_cmap(DIGIT_CMAP)(activation),
                            edgecolor=ring, lw=2.2 if activation > 0.5 else 1))
    if text:
        ax.text(0, -0.95, text, ha="center", va="center", fontsize=8)


def show_neuron_response(weights, image, response, title=None, figsize=(7, 2.5)):
    """weights × digit = products, and the neuron's sum, bias and activation.

    ``response`` is a :class:`mlpbook.neuron.NeuronResponse` (from ``neuron_response``).
    The products w_i·a_i use the same colours and scale as the weights: their sum is the
    weighted sum, green pixels add to it, red pixels take away.
    """
    fig, axes = plt.subplots(1, 7, figsize=figsize,
                             gridspec_kw={"width_ratios": [1, 0.25, 1, 0.25, 1, 0.25, 0.95]})
    limit = weight_limit(weights)
    show_weights(weights, ax=axes[0], limit=limit, title="weights $w$")
    _frame(axes[0])
    _symbol_axis(axes[1], "×")
    show_digit(image, ax=axes[2], title="activations $a$ (digit)")
    _symbol_axis(axes[3], "=")
    show_weights(response.products, ax=axes[4], limit=limit, title="products $w_i a_i$")
    _frame(axes[4])
    _symbol_axis(axes[5], "→")
    _neuron_circle(axes[6], response.activation,
                   f"$\\sigma$ = {response.activation:.2f}")
    axes[6].set_title("the neuron", fontsize=9)
    sign = "+" if response.bias >= 0 else "−"
    line = (f"weighted sum $s$ = {_signed(response.weighted_sum, '.2f')}    "
            f"$z = s {sign} {abs(response.bias):g}$ = {_signed(response.z, '.2f')}    "
            f"activation $\\sigma(z)$ = {response.activation:.3f}")
    fig.text(0.5, 0.03, line, ha="center", va="bottom", fontsize=9)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout(rect=(0, 0.1, 1, 1), pad=0.3)
    return fig


def show_response_grid(weights, images, biases, labels=None, size=1.15, activation=None):
    """One neuron on a few digits at a few biases (the static twin of the chapter-2 widget).

    Row 1: the weights and, per digit, the products w_i·a_i titled with the weighted sum.
    Then one row per bias: the neuron drawn as a circle shaded by sigma(sum + bias).
    """
    from . import neuron
    images = list(images)
    n = len(images)
    responses = [[neuron.neuron_response(weights, img, b) for img in images] for b in biases]
    fig, axes = plt.subplots(1 + len(biases), n + 1, squeeze=False,
                             figsize=(size * (n + 1) + 0.3, size * (1 + 0.85 * len(biases)) + 0.4),
                             gridspec_kw={"height_ratios": [1] + [0.85] * len(biases)})
    limit = weight_limit(weights)
    show_weights(weights, ax=axes[0, 0], limit=limit, title="weights")
    _frame(axes[0, 0])
    for k, img in enumerate(images):
        r = responses[0][k]
        head = f"{labels[k]}: " if labels is not None else ""
        show_weights(r.products, ax=axes[0, k + 1], limit=limit,
                     title=f"{head}sum {_signed(r.weighted_sum, '.1f')}")
        _frame(axes[0, k + 1])
    for row, b in enumerate(biases, start=1):
        axes[row, 0].axis("off")
        axes[row, 0].text(0.5, 0.5, f"bias\n$b$ = {_signed(b, 'g')}", ha="center", va="center",
                          fontsize=9, transform=axes[row, 0].transAxes)
        for k in range(n):
            r = responses[row - 1][k]
            _neuron_circle(axes[row, k + 1], r.activation, f"$\\sigma$ = {r.activation:.2f}")
    fig.tight_layout(pad=0.3)
    return fig


def plot_mean_by_digit(values, labels, ax=None, ylabel="mean weighted sum", title=None,
                       figsize=(5, 2.6)):
    """The mean of ``values`` for each digit 0..9: highest bar green, lowest red."""
    values = np.asarray(values, dtype=float)
    labels = np.asarray(labels)
    digits = np.arange(int(labels.max()) + 1)
    means = np.array([values[labels == d].mean() if np.any(labels == d) else np.nan
                      for d in digits])
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    top, bottom = int(np.nanargmax(means)), int(np.nanargmin(means))
    colours = [GREEN if d == top else RED if d == bottom else GREY for d in digits]
    ax.bar(digits, means, color=colours)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(digits)
    ax.set_xlabel("digit (true label)")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=9)
    ax.figure.tight_layout()
    return ax.figure


def plot_bias_threshold(biases, s_range=(-20, 30), ax=None, figsize=(5.2, 2.8)):
    """sigma(s + b) against the weighted sum s, one curve per bias b.

    The neuron's activation crosses one half where s = -b: the bias sets the threshold.
    """
    from . import reference
    s = np.linspace(*s_range, 400)
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    colours = [BLUE, GREEN, RED, GREY]
    for k, b in enumerate(biases):
        colour = colours[k % len(colours)]
        ax.plot(s, reference.sigmoid(s + b), color=colour, lw=2,
                label=f"$b$ = {_signed(b, 'g')}: $\\sigma(s {'+' if b >= 0 else '-'} {abs(b):g})$")
        ax.axvline(-b, color=colour, lw=0.8, ls="--")
    ax.axhline(0.5, color="black", lw=0.6, ls=":")
    ax.set_xlabel("weighted sum $s = w_1 a_1 + \\cdots + w_n a_n$")
    ax.set_ylabel("activation")
    ax.set_ylim(-0.03, 1.03)
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    ax.figure.tight_layout()
    return ax.figure


# --- chapter 02: weights and bias (several weight images) ---
def show_weight_images(weights, titles=None, ncols=8, size=1.0, colorbar=False, shared=True,
                       fontsize=8):
    """Several weight images side by side (a list, or the rows of a matrix).

    Room above each row for its titles and a thin frame around each image (its white border is zero weight, not empty paper). With ``shared``
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
                     title=None if titles is None else str(titles[k]))
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
    return fig


# --- chapter 07: training on MNIST (recipes, mistakes) ---
def plot_recipe_curves(histories, figsize=(7, 3.3)):
    """Accuracy per epoch of several training runs side by side, and their learning rates.

    ``histories`` maps a name to a :class:`~mlpbook.train.History`.  Left: test accuracy
    (solid) and training accuracy (dashed, where recorded); right: the learning rate of each
    epoch on a log scale, which shows the schedules.
    """
    from matplotlib.lines import Line2D

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
    handles += [Line2D([], [], color="black", lw=1.8, label="test"),
                Line2D([], [], color="black", lw=1.0, ls="--", label="training")]
    low = min(min(h.test_accuracy) for h in histories.values()) * 100
    ax_acc.set_ylim(max(low - 1, 0), 100.2)
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("accuracy (%)")
    ax_acc.set_title("accuracy after each epoch", fontsize=9)
    ax_acc.grid(alpha=0.3)
    ax_lr.set_yscale("log")
    ax_lr.set_xlabel("epoch")
    ax_lr.set_ylabel("learning rate")
    ax_lr.set_title("learning rate (log scale)", fontsize=9)
    ax_lr.grid(alpha=0.3, which="major")
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False,
               fontsize=8)
    return fig


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
    return fig


def plot_weighted_sum_spread(samples, limit=None, figsize=(6.4, 2.6)):
    """Histograms of hidden neurons' weighted sums z, one per way of starting the weights.

    ``samples`` maps a label (e.g. "N(0, 1)") to an array of z values.  The band where the
    sigmoid still has a useful slope (|z| < 4, where σ'(z) > 0.017) is shaded.
    """
    fig, axes = plt.subplots(1, len(samples), figsize=figsize, squeeze=False)
    values = [np.ravel(v) for v in samples.values()]
    limit = limit or float(max(np.percentile(np.abs(v), 99.5) for v in values))
    bins = np.linspace(-limit, limit, 61)
    for ax, (name, v) in zip(axes[0], zip(samples, values)):
        ax.axvspan(-4, 4, color=GREEN, alpha=0.12, lw=0)
        ax.hist(v, bins=bins, color=BLUE)  # the few values beyond the limit are left out
        share = float(np.mean(np.abs(v) < 4))
        ax.set_title(f"{name}: {share:.0%} with |z| < 4", fontsize=9)
        ax.set_xlabel("weighted sum z of a hidden neuron")
        ax.set_yticks([])
    fig.tight_layout()
    return fig
