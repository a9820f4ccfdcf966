"""Toy cost functions and gradient-descent paths for chapter 5.

Pure functions only (no plotting, no state), so the widgets, the figures and
the tests all compute the same numbers.

* :func:`cost1d` / :func:`slope1d`: a cost of one input with three valleys of
  different depths on ``[-5, 4]``;
* :func:`cost2d` / :func:`grad2d`: a cost of two inputs, a wide bowl with three
  dents (local minima) of different depths on ``[-3, 3]²``;
* :func:`descend`: the gradient-descent path ``x ← x − lr·∇C(x)`` from a start;
* :func:`descend_noisy`: the same with noise added to every gradient, a
  picture of stochastic (mini-batch) gradient descent;
* :func:`local_minima_1d`, :func:`nearest_minimum`: where the valleys are;
* :func:`describe_path`: what a path did (settled, crawled, bounced, ran away);
* :func:`stationary_table`: the points where C'(w) = 0, minima and hilltops;
* :func:`gradient_by_layer`: a network's gradient components, layer by layer;
* :func:`report`, :func:`learning_rate_table`: the chapter's numbers with their words, in the
  reader's language (printable :class:`mlpbook.i18n.Lines`).
"""

from __future__ import annotations

import numpy as np

from ..engine._report import Table, report as _report
from ..i18n import T

__all__ = ["COST1D_RANGE", "COST2D_RANGE", "cost1d", "slope1d", "cost2d", "grad2d", "descend",
           "descend_noisy", "step_sizes", "local_minima_1d", "nearest_minimum", "describe_path",
           "stationary_table", "gradient_by_layer", "report", "learning_rate_table"]

#: Where :func:`cost1d` is drawn: its three valleys lie inside.
COST1D_RANGE = (-5.0, 4.0)
#: Where :func:`cost2d` is drawn (the same range for x and y).
COST2D_RANGE = (-3.0, 3.0)


# ---------------------------------------------------------------------- one input
def cost1d(w):
    """A cost of one input with three valleys: C(w) = 0.12 w² + sin 2w + 0.3 w + 2.

    The deepest valley is near w = −0.81, a shallower one near −3.77 and the
    shallowest near 2.15. Works elementwise on arrays.
    """
    w = np.asarray(w, dtype=float)
    return 0.12 * w ** 2 + np.sin(2 * w) + 0.3 * w + 2.0


def slope1d(w):
    """The derivative of :func:`cost1d`: C'(w) = 0.24 w + 2 cos 2w + 0.3."""
    w = np.asarray(w, dtype=float)
    return 0.24 * w + 2.0 * np.cos(2 * w) + 0.3


# ---------------------------------------------------------------------- two inputs
# (depth, centre x, centre y, width²) of the three dents in the bowl
_DENTS = ((1.5, 1.2, 0.8, 1.0), (1.0, -1.4, -1.0, 0.6), (0.8, -1.0, 1.7, 0.4))


def cost2d(x, y=None):
    """A cost of two inputs: a wide bowl with three dents, the deepest near (1.14, 0.74).

    Call it as ``cost2d(x, y)`` with arrays (e.g. a grid for a contour plot) or
    as ``cost2d(p)`` with one point ``p = (x, y)``.
    """
    if y is None:
        x, y = np.asarray(x, dtype=float)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    c = 0.08 * (x ** 2 + 1.5 * y ** 2) + 2.0
    for depth, cx, cy, width in _DENTS:
        c = c - depth * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / width)
    return c


def grad2d(p, y=None):
    """The gradient (∂C/∂x, ∂C/∂y) of :func:`cost2d`.

    ``grad2d(p)`` with one point returns an array of shape (2,);
    ``grad2d(x, y)`` with arrays returns the pair ``(gx, gy)`` shaped like them.
    """
    pair = y is not None
    x, y = (p, y) if pair else np.asarray(p, dtype=float)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    gx = 0.16 * x
    gy = 0.24 * y
    for depth, cx, cy, width in _DENTS:
        e = depth * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / width)
        gx = gx + e * 2 * (x - cx) / width
        gy = gy + e * 2 * (y - cy) / width
    return (gx, gy) if pair else np.array([gx, gy])


# ---------------------------------------------------------------------- descent
def _check_descent_args(lr, steps):
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.integer, np.floating)) \
            or not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"the learning rate lr must be a positive number, got {lr!r}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")


def descend(grad, start, lr, steps, limit=1e6):
    """Gradient descent: ``x ← x − lr · grad(x)``, ``steps`` times, from ``start``.

    Parameters
    ----------
    grad : function of a point returning the gradient (a number for one input,
        an array for several), e.g. :func:`slope1d` or :func:`grad2d`
    start : the starting point (a number, or a sequence for several inputs)
    lr : the learning rate η: each step is η times the gradient, so steps are
        long where the slope is steep and short near a minimum
    steps : how many steps to take
    limit : stop early once any coordinate exceeds this size (the path
        diverged), or a coordinate becomes NaN/infinite

    Returns the trajectory as a float array: shape ``(n + 1,)`` for one input,
    ``(n + 1, d)`` for ``d`` inputs, where ``n = steps`` unless it stopped early;
    row 0 is the start.
    """
    _check_descent_args(lr, steps)
    x = np.array(start, dtype=float)
    path = [x.copy()]
    for _ in range(steps):
        x = x - lr * np.asarray(grad(x), dtype=float)
        if not np.all(np.isfinite(x)):
            break
        path.append(x.copy())
        if np.max(np.abs(x)) > limit:
            break
    return np.array(path)


def descend_noisy(grad, start, lr, steps, noise=1.0, seed=0, limit=1e6):
    """Like :func:`descend`, but every gradient is blurred by Gaussian noise of size ``noise``.

    A cartoon of stochastic gradient descent: the gradient of a small random
    mini-batch points roughly, not exactly, downhill.
    """
    rng = np.random.default_rng(seed)

    def blurred(x):
        g = np.asarray(grad(x), dtype=float)
        return g + noise * rng.standard_normal(g.shape)

    return descend(blurred, start, lr, steps, limit=limit)


def step_sizes(path):
    """Length of every step of a trajectory (one fewer than the points)."""
    path = np.asarray(path, dtype=float)
    diff = np.diff(path, axis=0)
    return np.abs(diff) if diff.ndim == 1 else np.linalg.norm(diff, axis=1)


def local_minima_1d(cost=cost1d, lo=COST1D_RANGE[0], hi=COST1D_RANGE[1], n=90_001):
    """Positions of the local minima of ``cost`` on ``[lo, hi]`` (found on a fine grid)."""
    w = np.linspace(lo, hi, n)
    c = cost(w)
    inner = np.nonzero((c[1:-1] < c[:-2]) & (c[1:-1] <= c[2:]))[0] + 1
    return w[inner]


def nearest_minimum(x, minima):
    """Index of the minimum closest to ``x`` (where a path ended up)."""
    return int(np.argmin(np.abs(np.asarray(minima, dtype=float) - float(x))))


def describe_path(path, minima=None, tol=0.01):
    """What a 1-D descent path did, as ``(kind, T text)``.

    ``kind`` is ``"settled"`` (it ends within ``tol`` of a local minimum), ``"bounced"``
    (its last steps jump back and forth by more than ``tol``), ``"ran away"`` (it stopped
    early, leaving the range or becoming infinite) or ``"crawled"`` (still on its way);
    the text says it in the reader's language, with the numbers.
    """
    path = np.asarray(path, dtype=float)
    minima = local_minima_1d() if minima is None else np.asarray(minima, dtype=float)
    lo, hi = COST1D_RANGE
    steps = np.diff(path)
    end = path[-1]
    if not np.all(np.isfinite(path)) or end < lo or end > hi:
        return "ran away", T("runs away", "越跑越远")
    near = minima[nearest_minimum(end, minima)]
    if abs(end - near) < tol:
        return "settled", T(f"settles at w = {near:.2f}", f"停在 w = {near:.2f}")
    if len(steps) >= 2 and steps[-1] * steps[-2] < 0 and abs(steps[-1]) > tol:
        a, b = sorted(path[-2:])
        return "bounced", T(f"bounces between {a:.2f} and {b:.2f}",
                            f"在 {a:.2f} 和 {b:.2f} 之间来回跳")
    return "crawled", T(f"crawls: at w = {end:.2f} after {len(steps)} steps",
                        f"慢慢爬：{len(steps)} 步后才到 w = {end:.2f}")


def stationary_table(points, cost=cost1d):
    """The points where a cost of one input has slope 0: ``w``, ``C(w)``, minimum or hilltop.

    ``points`` are the solutions of C'(w) = 0 (found numerically, for instance where the
    slope changes sign on a fine grid). Each is a minimum if the cost is higher on both
    sides, a hilltop (maximum) if lower on both sides.
    """
    points = np.sort(np.asarray(points, dtype=float).ravel())
    rows = []
    for w in points:
        here, left, right = cost(w), cost(w - 1e-3), cost(w + 1e-3)
        kind = (T("minimum", "最小值") if left > here < right else
                T("hilltop (maximum)", "山顶（最大值）") if left < here > right else
                T("neither", "都不是"))
        rows.append([f"{w:+.3f}", f"{here:.3f}", kind])
    return Table(["w", "C(w)", T("what is there", "那里是什么")], rows, align=">><")


def gradient_by_layer(grad_w, grad_b):
    """A network's gradient, layer by layer: ``[(layer, magnitudes, share), ...]``.

    ``grad_w`` and ``grad_b`` are lists of arrays shaped like a network's weights and biases
    (``network.gradient(X, y)``). For each layer (1 = the first hidden layer), ``magnitudes``
    holds the sizes ``|∂C/∂θ|`` of its weights' and biases' components, largest first, and
    ``share`` its part of the gradient's squared length ``|∇C|²``.
    """
    if len(grad_w) != len(grad_b):
        raise ValueError(f"one bias gradient per weight gradient, got {len(grad_w)} and "
                         f"{len(grad_b)}")
    parts = [np.abs(np.concatenate([np.ravel(gw), np.ravel(gb)])).astype(np.float64)
             for gw, gb in zip(grad_w, grad_b)]
    total = sum(float(np.sum(p ** 2)) for p in parts) or 1.0
    return [(layer, np.sort(p)[::-1], float(np.sum(p ** 2)) / total)
            for layer, p in enumerate(parts, start=1)]


# ---------------------------------------------------------------------- the chapter's words
#: What :func:`report` can print: key -> (label, format).
_WORDS = {
    "tried_direction": (T("steepest way down, by trying 3,600 directions",
                          "试遍 3,600 个方向找到的最陡下降方向"), "{:.1f}°"),
    "tried_rate": (T("rate of change of the cost along it", "沿这个方向代价的变化率"), "{:.4f}"),
    "minus_gradient_direction": (T("direction of −∇C", "−∇C 的方向"), "{:.1f}°"),
    "gradient_length": (T("length |∇C|", "长度 |∇C|"), "{:.4f}"),
    "change_x": (T("change of the cost when x is nudged", "微调 x 后代价的变化"), "{:.6f}"),
    "change_y": (T("change of the cost when y is nudged", "微调 y 后代价的变化"), "{:.6f}"),
    "ratio": (T("ratio", "两者之比"), "{:.3f}"),
    "cost_before": (T("cost before the step", "这一步之前的代价"), "{:.4f}"),
    "cost_after": (T("cost after the step", "这一步之后的代价"), "{:.4f}"),
    "sigmoid_changed": (T("images whose sigmoid neuron output changed",
                          "sigmoid 神经元的输出发生变化的图像数"), "{}"),
    "step_changed": (T("images whose step neuron output changed",
                       "阶跃神经元的输出发生变化的图像数"), "{}"),
}


def report(**values):
    """Chapter 5's numbers with their words: ``descent.report(cost_before=0.9, cost_after=0.5)``.

    Each keyword names one quantity of the chapter (see ``_WORDS``); the values are printed
    with its label in the reader's language, in the order given.
    """
    return _report(_WORDS, values)


def learning_rate_table(outcome, epochs=2, scored_on="validation"):
    """The learning-rate runs of chapter 5: ``{lr: (cost, accuracy) or None}`` as a table.

    ``None`` stands for a run that diverged (``TrainingDiverged``); ``scored_on`` names the
    images the accuracy was measured on ("validation" or "test").
    """
    where = {"validation": T("validation accuracy", "验证集准确率"),
             "test": T("test accuracy", "测试集准确率")}[scored_on]
    rows = []
    for lr, result in outcome.items():
        if result is None:
            rows.append([f"{lr:g}", T("diverged", "发散"), "–"])
        else:
            rows.append([f"{lr:g}", f"{result[0]:.4f}", f"{result[1]:.1%}"])
    return Table([T("learning rate η", "学习率 η"),
                  T(f"cost after {epochs} epochs", f"{epochs} 轮后的代价"), where], rows)
