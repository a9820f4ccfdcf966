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
* :func:`local_minima_1d`, :func:`nearest_minimum`: where the valleys are.
"""

from __future__ import annotations

import numpy as np

__all__ = ["COST1D_RANGE", "COST2D_RANGE", "cost1d", "slope1d", "cost2d", "grad2d", "descend",
           "descend_noisy", "step_sizes", "local_minima_1d", "nearest_minimum"]

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
