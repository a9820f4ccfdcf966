"""Why hidden layers: two-dimensional toy problems small enough to see whole.

Chapter 10 asks why the network needs hidden layers at all.  Two facts answer it, and both
are easiest to see in a plane, where every point and every boundary can be drawn:

* **Without an activation, layers collapse.**  Two linear layers ``W2 (W1 x + b1) + b2`` are
  one linear layer ``W x + b`` with ``W = W2 W1`` and ``b = W2 b1 + b2``
  (:func:`linear_collapse`), so depth alone adds nothing: the squashing does.
* **One neuron draws one straight line.**  Logistic regression (a single sigmoid neuron) can
  only split the plane with a line, and no line splits the four XOR points: the best line gets
  3 of 4 right (:func:`best_linear_accuracy`), and gradient descent on the cost finds even less
  (:func:`logistic_regression_fit`).  A hidden layer of two sigmoid neurons moves each point
  to ``(h1, h2)`` in the unit square, where the output neuron's straight line does separate
  them (:func:`forward` returns both coordinates, which is what the explorer draws).

The network here is a 2-h-1 sigmoid network (two inputs, ``h`` hidden neurons, one output),
written as a dict of float64 arrays in the package's convention (``W`` has shape
``(n_out, n_in)``, batches are rows)::

    {"W1": (h, 2), "b1": (h,), "W2": (1, h), "b2": (1,)}

**Cost: cross-entropy, the mean over the points of ``-[y ln a + (1 - y) ln(1 - a)]``.**  Why
not the quadratic cost of chapters 4-7?  Three reasons that matter here: (1) it is the cost
that *defines* logistic regression, so "the best line" means the same thing for the single
neuron and for the network's output neuron; (2) its gradient at the output is simply
``a - y`` (the sigmoid's slope cancels), so a confidently wrong point still pulls hard
instead of stalling on the flat end of the sigmoid; (3) for the single neuron it is convex,
so gradient descent finds the best line it can, and a failure is the line's fault, not the
optimiser's.  It is computed from the output neuron's weighted sum ``z`` as
``softplus(z) - y z``, which never takes the log of 0.

Everything is float64 and pure (no function changes its arguments).  The explorer's
JavaScript (``mlpbook/widgets/hidden_layer_explorer.js``) has twins of :func:`forward`,
:func:`loss`, :func:`gradients` and :func:`train_step`, tested equal to these.

A start that works (measured, and checked by the tests): :func:`init_params` with
``seed=XOR_SEED`` and plain gradient descent at ``LEARNING_RATE`` reaches 100% on the four
XOR points with a cost under ``TARGET_LOSS`` in 204 steps (and the 100 XOR clusters in 334).
Not every start does: 23 of the seeds 0-99 stall within ``MAX_STEPS``, typically with two
points right and two stuck near 0.5 (cost near ln(2)/2 ≈ 0.347). That is a plateau, not a
local minimum: run on (:func:`descend`, hundreds of thousands of steps in a second) and the
cost still falls, ever more slowly, towards ln(2)/2 from above while the weights grow without
bound. For the 2-2-1 XOR network a strictly decreasing path leads from every finite point
of weight space to zero error (Sprinkhuizen-Kuyper and Boers, 1999; Hamey, 1995, for the
quadratic cost); gradient descent just crawls along a very flat one here.

:func:`report` and :func:`points_report` print chapter 10's results in the reader's
language (:func:`mlpbook.get_language`), like the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from ..engine import reference
from ..i18n import Lines, T, pad, text_width

__all__ = ["XOR_SEED", "LEARNING_RATE", "TARGET_LOSS", "MAX_STEPS", "DATASETS",
           "xor_points", "xor_clusters", "two_rings", "dataset",
           "init_params", "check_params", "params_to_vector", "params_from_vector",
           "forward", "output", "loss", "accuracy", "gradients", "train_step", "train",
           "is_trained", "TrainResult", "LinearFit", "logistic_regression_fit",
           "best_linear_accuracy", "linear_collapse", "stacked_linear", "Descent", "descend",
           "REPORTS", "report", "points_report", "hidden_report", "accuracy_report"]

#: A seed for :func:`init_params` whose 2-2-1 network learns XOR (and the XOR clusters) to
#: 100% with plain gradient descent at ``LEARNING_RATE`` (checked in tests/test_toy2d.py).
XOR_SEED = 7

#: The explorer's learning rate: fast enough to watch XOR learnt in a second or two.
LEARNING_RATE = 2.0

#: Training counts as done when every point is right and the cost is at most this.
TARGET_LOSS = 0.1

#: The explorer's "Train" gives up after this many steps (a start stuck on a plateau).
MAX_STEPS = 3000

#: The datasets the explorer offers: the four XOR points, and 100 noisy points around them.
DATASETS = ("xor", "clusters")

_KEYS = ("W1", "b1", "W2", "b2")


# --------------------------------------------------------------------------- datasets
def xor_points():
    """The four XOR points: corners of the unit square, class 1 where exactly one input is 1.

    Returns ``(X, y)``: ``X`` shape (4, 2), ``y`` shape (4,) of 0.0 / 1.0.
    """
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    return X, y


def xor_clusters(n=100, spread=0.15, seed=0):
    """XOR made harder: ``n`` points scattered (normal, sd ``spread``) around the four corners.

    The corners take turns (point i goes to corner i mod 4), so the classes stay balanced.
    With the defaults the two classes are still separable by a 2-2-1 network, but no line
    comes close.  Deterministic for a given seed.
    """
    n = _check_count("n", n, minimum=4)
    spread = _check_float("spread", spread, minimum=0.0)
    rng = np.random.default_rng(seed)
    corners, labels = xor_points()
    k = np.arange(n) % 4
    return corners[k] + rng.normal(0.0, spread, (n, 2)), labels[k].copy()


def two_rings(n=200, noise=0.04, seed=0):
    """A disc of class 1 inside a ring of class 0, centred on (0.5, 0.5).

    A closed boundary needs at least three hidden neurons (each draws one line), so this is
    the set on which a 2-2-1 network fails and a wider one succeeds.  Radii: 0.25 and 0.6,
    blurred by ``noise``.  Deterministic for a given seed.
    """
    n = _check_count("n", n, minimum=2)
    noise = _check_float("noise", noise, minimum=0.0)
    rng = np.random.default_rng(seed)
    y = (np.arange(n) % 2 == 0).astype(float)
    radius = np.where(y == 1.0, 0.25, 0.6) + rng.normal(0.0, noise, n)
    angle = rng.uniform(0.0, 2.0 * np.pi, n)
    X = 0.5 + np.c_[radius * np.cos(angle), radius * np.sin(angle)]
    return X, y


def dataset(name):
    """One of the explorer's datasets by name (``DATASETS``), with its default settings."""
    if name == "xor":
        return xor_points()
    if name == "clusters":
        return xor_clusters()
    raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(map(repr, DATASETS))}")


# --------------------------------------------------------------------------- parameters
def init_params(hidden=2, seed=0, scale=1.0):
    """Random parameters of a 2-``hidden``-1 network: every one drawn from N(0, scale²).

    Drawn in the order W1, b1, W2, b2 from ``numpy.random.default_rng(seed)``.
    """
    hidden = _check_count("hidden", hidden, minimum=1)
    scale = _check_float("scale", scale, minimum=0.0)
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(0.0, scale, (hidden, 2)), "b1": rng.normal(0.0, scale, hidden),
            "W2": rng.normal(0.0, scale, (1, hidden)), "b2": rng.normal(0.0, scale, 1)}


def check_params(params):
    """A float64 copy of a 2-h-1 parameter dict, or a ValueError that says what is wrong."""
    if not isinstance(params, dict) or set(params) != set(_KEYS):
        got = sorted(params) if isinstance(params, dict) else type(params).__name__
        raise ValueError(f"params must be a dict with exactly the keys W1, b1, W2, b2 (as made "
                         f"by init_params), got {got}")
    out = {}
    for key in _KEYS:
        try:
            out[key] = np.array(params[key], dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"params[{key!r}] must be an array of numbers") from None
        if not np.all(np.isfinite(out[key])):
            raise ValueError(f"params[{key!r}] holds NaN or infinity; start again from "
                             f"init_params() (a learning rate that is too large does this)")
    W1 = out["W1"]
    if W1.ndim != 2 or W1.shape[1] != 2 or W1.shape[0] < 1:
        raise ValueError(f"params['W1'] must have shape (hidden, 2), got {W1.shape}")
    h = W1.shape[0]
    out["b1"] = out["b1"].reshape(-1) if out["b1"].size == h else out["b1"]
    out["W2"] = out["W2"].reshape(1, -1) if out["W2"].size == h else out["W2"]
    out["b2"] = out["b2"].reshape(1) if out["b2"].size == 1 else out["b2"]
    for key, shape in (("b1", (h,)), ("W2", (1, h)), ("b2", (1,))):
        if out[key].shape != shape:
            raise ValueError(f"params[{key!r}] must have shape {shape} for {h} hidden neurons, "
                             f"got {out[key].shape}")
    return out


def params_to_vector(params):
    """The parameters as one flat vector, neuron by neuron: the explorer's slider order.

    For two hidden neurons: ``w11, w12, b1, w21, w22, b2, v1, v2, c`` where ``w_jk`` is the
    weight from input k to hidden neuron j, ``v_j`` the output neuron's weight from hidden
    neuron j and ``c`` its bias.
    """
    p = check_params(params)
    hidden_part = np.c_[p["W1"], p["b1"]].reshape(-1)
    return np.concatenate([hidden_part, p["W2"][0], p["b2"]])


def params_from_vector(vector, hidden=2):
    """The inverse of :func:`params_to_vector`."""
    hidden = _check_count("hidden", hidden, minimum=1)
    v = np.array(vector, dtype=np.float64).reshape(-1)
    if v.size != 4 * hidden + 1:
        raise ValueError(f"a 2-{hidden}-1 network has {4 * hidden + 1} parameters, "
                         f"got {v.size} numbers")
    rows = v[:3 * hidden].reshape(hidden, 3)
    return check_params({"W1": rows[:, :2], "b1": rows[:, 2],
                         "W2": v[3 * hidden:4 * hidden].reshape(1, hidden),
                         "b2": v[4 * hidden:]})


# --------------------------------------------------------------------------- the network
def forward(params, X):
    """Hidden activations and output of the network for the points ``X`` (n, 2).

    Returns ``(H, a)``: ``H`` shape (n, hidden), row i is point i moved into the hidden
    layer's unit square (the explorer's right panel); ``a`` shape (n,), the output in (0, 1).
    """
    p = check_params(params)
    X = _check_points(X)
    H, z = _forward(p, X)
    return H, reference.sigmoid(z)


def output(params, X):
    """The network's output for the points ``X``, shape (n,): the heat map's colour."""
    return forward(params, X)[1]


def loss(params, X, y):
    """Mean cross-entropy of the network on the points ``X`` with labels ``y`` (0 or 1)."""
    p = check_params(params)
    X, y = _check_data(X, y)
    return _loss(p, X, y)


def accuracy(params, X, y):
    """Fraction of the points on the right side: class 1 where the output is above 0.5."""
    p = check_params(params)
    X, y = _check_data(X, y)
    return _accuracy(p, X, y)


def gradients(params, X, y):
    """The gradient of :func:`loss` by backpropagation, as a dict like ``params``."""
    p = check_params(params)
    X, y = _check_data(X, y)
    return _gradients(p, X, y)


def train_step(params, X, y, lr):
    """One step of gradient descent on all points: new params (``params`` is not changed)."""
    p = check_params(params)
    X, y = _check_data(X, y)
    return _step(p, X, y, _check_float("lr", lr, minimum=0.0))


@dataclass
class TrainResult:
    """What :func:`train` returns: the final parameters and the history after each step.

    ``loss[0]`` and ``accuracy[0]`` are measured before the first step, ``loss[k]`` after
    step k; ``steps`` is how many steps were taken (fewer than asked if training was done).
    """

    params: dict
    loss: np.ndarray
    accuracy: np.ndarray
    steps: int

    @property
    def done(self):
        """True when the last step left every point right with a cost at most TARGET_LOSS."""
        return is_trained(self.accuracy[-1], self.loss[-1])


def train(params, X, y, lr=LEARNING_RATE, steps=MAX_STEPS, stop_when_trained=True):
    """Plain (full-batch) gradient descent for up to ``steps`` steps, as the explorer runs it.

    With ``stop_when_trained`` it stops as soon as :func:`is_trained` holds, the rule the
    explorer's "Train" button uses.
    """
    p = check_params(params)
    X, y = _check_data(X, y)
    lr = _check_float("lr", lr, minimum=0.0)
    steps = _check_count("steps", steps, minimum=0)
    losses, accuracies = [_loss(p, X, y)], [_accuracy(p, X, y)]
    taken = 0
    while taken < steps and not (stop_when_trained and is_trained(accuracies[-1], losses[-1])):
        p = _step(p, X, y, lr)
        taken += 1
        losses.append(_loss(p, X, y))
        accuracies.append(_accuracy(p, X, y))
    return TrainResult(p, np.array(losses), np.array(accuracies), taken)


def is_trained(accuracy_, loss_, target_loss=TARGET_LOSS):
    """The explorer's stopping rule: every point right and the cost at most ``target_loss``."""
    return bool(accuracy_ >= 1.0 and loss_ <= target_loss)


def _forward(p, X):
    H = reference.sigmoid(X @ p["W1"].T + p["b1"])
    z = H @ p["W2"][0] + p["b2"][0]
    return H, z


def _loss(p, X, y):
    _, z = _forward(p, X)
    # -[y ln σ(z) + (1-y) ln(1-σ(z))] = softplus(z) - y z, with softplus never overflowing.
    softplus = np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
    return float(np.mean(softplus - y * z))


def _accuracy(p, X, y):
    _, z = _forward(p, X)
    return float(np.mean((reference.sigmoid(z) > 0.5) == (y > 0.5)))


def _gradients(p, X, y):
    H, z = _forward(p, X)
    delta_out = (reference.sigmoid(z) - y) / len(y)        # dC/dz at the output: a - y
    delta_hidden = np.outer(delta_out, p["W2"][0]) * H * (1.0 - H)
    return {"W1": delta_hidden.T @ X, "b1": delta_hidden.sum(axis=0),
            "W2": (delta_out @ H).reshape(1, -1), "b2": np.array([delta_out.sum()])}


def _step(p, X, y, lr):
    g = _gradients(p, X, y)
    return {key: p[key] - lr * g[key] for key in _KEYS}


@dataclass
class Descent:
    """What :func:`descend` returns: the cost, the size of the parameters and of the gradient,
    recorded every ``every`` steps (``steps[0] = 0`` is the start), and the final parameters."""

    steps: np.ndarray
    loss: np.ndarray
    size: np.ndarray        # the length of the parameter vector, sqrt(sum of squares)
    gradient: np.ndarray    # the length of the gradient of the cost
    params: dict


def descend(params, X, y, steps, lr=LEARNING_RATE, every=1000):
    """Plain gradient descent for many steps, fast: the same steps as :func:`train`.

    :func:`train` takes a Python step at a time (what the explorer mirrors); this runs the same
    arithmetic in a compiled loop (Numba), so that hundreds of thousands of steps take a
    second or so, and records the cost, the size of the parameters and of the gradient every
    ``every`` steps. It never stops early. Equal to :func:`train` to rounding.
    """
    p = check_params(params)
    X, y = _check_data(X, y)
    lr = _check_float("lr", lr, minimum=0.0)
    steps = _check_count("steps", steps, minimum=0)
    every = _check_count("every", every, minimum=1)
    W1, b1, W2, b2 = (np.ascontiguousarray(p[k], dtype=np.float64).copy() for k in _KEYS)
    n_rec = steps // every + 1
    rec = np.empty((n_rec, 3))
    _descend_kernel(W1, b1, W2[0], b2, X, y, lr, steps, every, rec)
    final = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return Descent(np.arange(n_rec) * every, rec[:, 0], rec[:, 1], rec[:, 2], final)


@njit(cache=True)
def _descend_kernel(W1, b1, v, c, X, y, lr, steps, every, rec):
    n, h = X.shape[0], W1.shape[0]
    H = np.empty((n, h))
    z = np.empty(n)
    gW1 = np.empty_like(W1)
    gb1 = np.empty_like(b1)
    gv = np.empty_like(v)
    k = 0
    for step in range(steps + 1):
        # forward pass and cost (softplus(z) - y z, as _loss computes it)
        cost = 0.0
        for i in range(n):
            zi = c[0]
            for j in range(h):
                u = W1[j, 0] * X[i, 0] + W1[j, 1] * X[i, 1] + b1[j]
                H[i, j] = 1.0 / (1.0 + np.exp(-u))
                zi += H[i, j] * v[j]
            z[i] = zi
            cost += max(zi, 0.0) + np.log1p(np.exp(-abs(zi))) - y[i] * zi
        cost /= n
        # backward pass (as _gradients)
        gW1[:] = 0.0
        gb1[:] = 0.0
        gv[:] = 0.0
        gc = 0.0
        for i in range(n):
            d = (1.0 / (1.0 + np.exp(-z[i])) - y[i]) / n
            gc += d
            for j in range(h):
                gv[j] += d * H[i, j]
                dh = d * v[j] * H[i, j] * (1.0 - H[i, j])
                gW1[j, 0] += dh * X[i, 0]
                gW1[j, 1] += dh * X[i, 1]
                gb1[j] += dh
        if step % every == 0:
            size = c[0] * c[0]
            grad = gc * gc
            for j in range(h):
                size += W1[j, 0] ** 2 + W1[j, 1] ** 2 + b1[j] ** 2 + v[j] ** 2
                grad += gW1[j, 0] ** 2 + gW1[j, 1] ** 2 + gb1[j] ** 2 + gv[j] ** 2
            rec[k, 0] = cost
            rec[k, 1] = np.sqrt(size)
            rec[k, 2] = np.sqrt(grad)
            k += 1
        if step == steps:
            break
        for j in range(h):
            W1[j, 0] -= lr * gW1[j, 0]
            W1[j, 1] -= lr * gW1[j, 1]
            b1[j] -= lr * gb1[j]
            v[j] -= lr * gv[j]
        c[0] -= lr * gc


# --------------------------------------------------------------------------- one straight line
@dataclass
class LinearFit:
    """A single sigmoid neuron ``a = σ(w·x + b)``: its boundary is the line ``w·x + b = 0``."""

    w: np.ndarray
    b: float
    loss: float
    accuracy: float


def logistic_regression_fit(X, y, lr=1.0, steps=5000):
    """Logistic regression by gradient descent on the cross-entropy, from w = 0, b = 0.

    The cost is convex, so this finds the best line the cost can find. On the four XOR points
    that is no line at all: by symmetry the gradient at w = 0, b = 0 is exactly zero, the
    output is 0.5 everywhere and the accuracy 50% (a tie counts as class 0).
    """
    X, y = _check_data(X, y)
    lr = _check_float("lr", lr, minimum=0.0)
    steps = _check_count("steps", steps, minimum=0)
    w, b = np.zeros(2), 0.0
    for _ in range(steps):
        error = (reference.sigmoid(X @ w + b) - y) / len(y)
        w, b = w - lr * (error @ X), b - lr * float(error.sum())
    z = X @ w + b
    cost = float(np.mean(np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z))) - y * z))
    right = float(np.mean((reference.sigmoid(z) > 0.5) == (y > 0.5)))
    return LinearFit(w, b, cost, right)


def best_linear_accuracy(X, y):
    """The best accuracy any straight line reaches on ``(X, y)``, and one such line.

    Exact, by search. Project the points on a direction: the order of the projections only
    changes where the direction crosses the normal of the line through two points, so one
    direction inside each arc between those critical directions (its middle) sees every
    order there is; each order is tried with every threshold between neighbouring points
    (the critical directions are tried too: a threshold between two tied points has no gap
    and is never picked, but one elsewhere may have the widest gap of all).
    Among the best lines it returns the one with the widest gap to the nearest points.
    Returns ``(accuracy, w, b)`` with ``|w| = 1``: class 1 where ``w·x + b > 0``.
    For the four XOR points: 0.75 (a line cuts one corner off).
    """
    X, y = _check_data(X, y)
    n = len(y)
    i, j = np.triu_indices(n, k=1)
    d = X[j] - X[i]
    critical = np.arctan2(d[:, 0], -d[:, 1])                   # normals of point pairs
    critical = np.sort(np.mod(np.r_[critical, critical + np.pi, 0.0], 2.0 * np.pi))
    middles = 0.5 * (critical + np.r_[critical[1:], critical[0] + 2.0 * np.pi])
    angles = np.r_[middles, critical]       # the critical ones too: they can leave wider gaps
    directions = np.c_[np.cos(angles), np.sin(angles)]         # (m, 2), both orientations
    s = directions @ X.T                                       # (m, n) projections
    order = np.argsort(s, axis=1)
    s_sorted = np.take_along_axis(s, order, axis=1)
    ones = (y > 0.5)[order]
    # Threshold after the first k sorted points (k = 0..n): those k are class 0, the rest 1.
    start = np.zeros((len(angles), 1))
    right = (np.c_[start, np.cumsum(~ones, axis=1)]
             + ones.sum(axis=1, keepdims=True) - np.c_[start, np.cumsum(ones, axis=1)])
    padded = np.c_[s_sorted[:, :1] - 1.0, s_sorted, s_sorted[:, -1:] + 1.0]
    gap = np.diff(padded, axis=1)                              # (m, n + 1)
    best = right == right.max()
    m, k = np.unravel_index(np.argmax(np.where(best, gap, -1.0)), right.shape)
    threshold = 0.5 * (padded[m, k] + padded[m, k + 1])
    return float(right[m, k] / n), directions[m].copy(), float(-threshold)


# --------------------------------------------------------------------------- collapse
def linear_collapse(weights, biases=None):
    """The one layer that stacked layers *without an activation* amount to.

    ``weights`` are the layers' matrices in order, each (n_out, n_in) (e.g. ``net.weights``);
    ``biases`` their bias vectors (``net.biases``; zeros if None). Returns ``(W, b)`` with
    ``W = W_L ... W_2 W_1`` and ``b`` the biases carried through the later layers, so that
    :func:`stacked_linear` of the layers equals ``X @ W.T + b``.
    """
    weights, biases = _check_layers(weights, biases)
    W, b = weights[0], biases[0]
    for W_next, b_next in zip(weights[1:], biases[1:]):
        W, b = W_next @ W, W_next @ b + b_next
    return W, b


def stacked_linear(X, weights, biases=None):
    """The layers applied one after another with no activation: ``Z = Z @ W.T + b`` each time."""
    weights, biases = _check_layers(weights, biases)
    Z = np.array(X, dtype=np.float64)
    if Z.ndim != 2 or Z.shape[1] != weights[0].shape[1]:
        raise ValueError(f"X must have shape (n, {weights[0].shape[1]}), got {Z.shape}")
    for W, b in zip(weights, biases):
        Z = Z @ W.T + b
    return Z


def _check_layers(weights, biases):
    weights = [np.asarray(W, dtype=np.float64) for W in weights]
    if not weights or any(W.ndim != 2 for W in weights):
        raise ValueError("weights must be a non-empty list of matrices of shape (n_out, n_in)")
    if biases is None:
        biases = [np.zeros(W.shape[0]) for W in weights]
    biases = [np.asarray(b, dtype=np.float64).reshape(-1) for b in biases]
    if len(biases) != len(weights):
        raise ValueError(f"one bias vector per layer: got {len(weights)} weight matrices and "
                         f"{len(biases)} bias vectors")
    for k, (W, b) in enumerate(zip(weights, biases)):
        if b.shape != (W.shape[0],):
            raise ValueError(f"layer {k}: bias shape {b.shape} does not match weights {W.shape}")
        if k and W.shape[1] != weights[k - 1].shape[0]:
            raise ValueError(f"layer {k} takes {W.shape[1]} inputs but layer {k - 1} gives "
                             f"{weights[k - 1].shape[0]}")
    return weights, biases


# --------------------------------------------------------------------------- validation
def _check_points(X):
    X = np.array(X, dtype=np.float64)
    if X.ndim == 1 and X.size == 2:
        X = X.reshape(1, 2)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"points must have shape (n, 2), got {X.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError("points hold NaN or infinity")
    return X


def _check_data(X, y):
    X = _check_points(X)
    y = np.array(y, dtype=np.float64).reshape(-1)
    if y.shape != (len(X),):
        raise ValueError(f"one label per point: {len(X)} points, {y.size} labels")
    if not np.all((y == 0.0) | (y == 1.0)):
        raise ValueError("labels must be 0 or 1")
    return X, y


def _check_count(name, value, minimum):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) \
            or value < minimum:
        raise ValueError(f"{name} must be a whole number ≥ {minimum}, got {value!r}")
    return int(value)


def _check_float(name, value, minimum):
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not np.isfinite(value) or value < minimum:
        raise ValueError(f"{name} must be a finite number ≥ {minimum}, got {value!r}")
    return value


# --------------------------------------------------------------------------- reports
#: What :func:`report` can say, by key, in both languages (values are filled in by name).
REPORTS = {
    "network accuracy": T("the trained 784-16-16-10 network reads {accuracy:.1%} of the test "
                          "digits", "训练好的 784-16-16-10 网络认对了 {accuracy:.1%} 的测试数字"),
    "one layer": T("one layer: W {W}, b {b}", "一个层：W {W}，b {b}"),
    "largest difference": T("largest difference over {n:,} images x 10 outputs: "
                            "{difference:.1e}",
                            "在 {n:,} 张图像 × 10 个输出上的最大差别：{difference:.1e}"),
    "best line": T("the best straight line gets {accuracy:.0%} of the points right",
                   "最好的直线能把 {accuracy:.0%} 的点分对"),
    "logistic corners": T("XOR corners:   w = {w}, b = {b}, accuracy {accuracy:.0%}",
                          "XOR 的四个角：w = {w}，b = {b}，准确率 {accuracy:.0%}"),
    "logistic clusters": T("100 points:    accuracy {accuracy:.0%}, best line {best:.0%}",
                           "100 个点：准确率 {accuracy:.0%}，最好的直线 {best:.0%}"),
    "trained": T("{steps} steps: {accuracy:.0%} right, cost {cost:.3f}",
                 "{steps} 步：分对 {accuracy:.0%}，代价 {cost:.3f}"),
    "rings": T("{hidden} hidden neurons: best {best:.0%} right, {solved} of {n} starts get "
               "every point right",
               "{hidden} 个隐含神经元：最好分对 {best:.0%}，{n} 个起点中有 {solved} 个把每个点"
               "都分对"),
    "stuck": T("{hidden} hidden neurons: {stuck} of {n} starts get stuck",
               "{hidden} 个隐含神经元：{n} 个起点中有 {stuck} 个卡住"),
    "plateau": T("after {steps:,} more steps: cost {cost:.6f}, {above:.1e} above ln 2 / 2; "
                 "still falling: {falling}",
                 "再走 {steps:,} 步之后：代价 {cost:.6f}，比 ln 2 / 2 高 {above:.1e}；"
                 "仍在下降：{falling}"),
}
_YES_NO = {True: T("yes", "是"), False: T("no", "否")}


def report(key, **values):
    """One line of chapter 10's results in the reader's language: ``REPORTS[key]`` filled in.

    ``report("best line", accuracy=0.75)`` gives "the best straight line gets 75% of the
    points right" (or its Chinese). Booleans are written yes/no in the reader's language.
    """
    if key not in REPORTS:
        raise ValueError(f"unknown report {key!r}; choose one of {', '.join(map(repr, REPORTS))}")
    values = {k: str(_YES_NO[v]) if isinstance(v, (bool, np.bool_)) else v
              for k, v in values.items()}
    return Lines([REPORTS[key].format(**values)])


def points_report(X, y):
    """The points and their classes, one line each: ``x = (0, 1)   class 1``."""
    X, y = _check_data(X, y)
    return Lines(T("x = ({a:.0f}, {b:.0f})   class {c:.0f}",
                   "x = ({a:.0f}, {b:.0f})   类别 {c:.0f}").format(a=p[0], b=p[1], c=c)
                 for p, c in zip(X, y))


def hidden_report(params, X):
    """For each point, the hidden activations and the output of the network, one line each."""
    H, out = forward(params, X)
    X = _check_points(X)
    lines = []
    for x, h, a in zip(X, H, out):
        hidden = "  ".join(f"h{j + 1} = {v:.2f}" for j, v in enumerate(h))
        lines.append(T("x = ({a:.0f}, {b:.0f}):  {h}   output = {o:.2f}",
                       "x = ({a:.0f}, {b:.0f})：  {h}   输出 = {o:.2f}").format(
            a=x[0], b=x[1], h=hidden, o=a))
    return Lines(lines)


#: The readers of digits chapter 10 compares, in both languages.
READERS = {
    "linear": T("one linear layer (784 -> 10)", "一个线性层（784 -> 10）"),
    "BEST_16": T("784-16-16-10, BEST_16 recipe", "784-16-16-10，BEST_16 配方"),
    "classic": T("784-16-16-10, classic recipe", "784-16-16-10，经典配方"),
    "hidden features": T("output layer on the 16 hidden features",
                         "输出层读取 16 个隐含特征"),
    "random mixtures": T("linear layer on 16 random mixtures", "线性层读取 16 个随机混合"),
    "pixels": T("linear layer on all 784 pixels", "线性层读取全部 784 个像素"),
}


def accuracy_report(accuracies):
    """One line per reader of digits: its test accuracy (a share, or a text such as
    ``"93.3% ± 0.7"``), names aligned. Keys are :data:`READERS` names (others as given)."""
    names = {k: str(READERS.get(k, k)) for k in accuracies}
    width = max(text_width(v) for v in names.values())
    return Lines(f"{pad(names[k], width)}  "
                 + (f"{v:.1%}" if isinstance(v, (float, np.floating)) else str(v))
                 for k, v in accuracies.items())
