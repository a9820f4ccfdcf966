"""Checking a gradient by finite differences: the test every backprop must pass.

Backpropagation is exact but easy to get subtly wrong (a missing factor, a
transposed matrix).  The slow, obviously-correct alternative is to nudge one
parameter a little up and a little down and watch the cost:

    dC/dθ  ≈  (C(θ + ε) − C(θ − ε)) / (2ε)          (central difference)

Its error shrinks like ε², so with ε = 1e-5 in float64 it agrees with the true
derivative to about ten digits.  It costs two evaluations of the cost per
parameter, which is why it checks backprop and never replaces it.

Everything here works in float64: a float32 network is checked through a
float64 copy (float32 rounding, about 1e-7, would swamp a difference taken
over ε = 1e-5).
"""

from __future__ import annotations

import numpy as np

from ._report import Table, report as _report
from ..i18n import Lines, T

__all__ = ["numerical_gradient", "analytic_gradient", "flatten", "relative_error",
           "parameter_names", "sample_indices", "check_table", "report"]


def _float64_twin(net):
    twin = net.copy()
    twin.params = np.array(net.params, dtype=np.float64)
    return twin


def _as_indices(net, indices):
    if indices is None:
        return np.arange(net.n_params)
    idx = np.atleast_1d(np.asarray(indices))
    if idx.dtype.kind not in "iu":
        raise ValueError(f"indices must be integer positions in net.params, got dtype {idx.dtype}")
    if idx.ndim != 1:
        raise ValueError(f"indices must be a 1-D list of positions, got shape {idx.shape}")
    if idx.size and (idx.min() < 0 or idx.max() >= net.n_params):
        raise ValueError(f"indices must lie in 0..{net.n_params - 1} (the network has "
                         f"{net.n_params} parameters), found {idx.min()}..{idx.max()}")
    return idx.astype(np.int64)


def numerical_gradient(net, X, y, eps=1e-5, indices=None):
    """Central-difference gradient of ``net.mean_cost(X, y)`` with respect to parameters.

    Parameters
    ----------
    net : Network
        Left unchanged (the nudges happen on a float64 copy).
    X, y : images (n, n_inputs) and integer labels (n,)
    eps : the nudge ε
    indices : positions in ``net.params`` to differentiate (all of them if None)

    Returns a float64 array with one derivative per index, in the order of ``indices``.
    """
    if not (isinstance(eps, (int, float, np.floating)) and np.isfinite(eps) and eps > 0):
        raise ValueError(f"eps must be a small positive number such as 1e-5, got {eps!r}")
    idx = _as_indices(net, indices)
    twin = _float64_twin(net)
    X = twin.check_images(X)
    y = twin.check_labels(y, len(X))
    grad = np.empty(idx.size, dtype=np.float64)
    for k, i in enumerate(idx):
        original = twin.params[i]
        twin.params[i] = original + eps
        up = twin.mean_cost(X, y)
        twin.params[i] = original - eps
        down = twin.mean_cost(X, y)
        twin.params[i] = original
        grad[k] = (up - down) / (2 * eps)
    return grad


def analytic_gradient(net, X, y, indices=None):
    """``net.gradient(X, y)`` (backpropagation) as one flat float64 vector in ``params`` order.

    With ``indices`` only those components are returned, matching :func:`numerical_gradient`.
    """
    idx = _as_indices(net, indices)
    twin = _float64_twin(net)
    grad_w, grad_b = twin.gradient(X, y)
    return flatten(twin, grad_w, grad_b)[idx]


def flatten(net, grad_w, grad_b):
    """Gradient lists shaped like ``net.weights`` and ``net.biases`` (for example from
    :func:`mlpbook.engine.reference.backprop`) as one float64 vector in the order of ``net.params``,
    so that position ``i`` belongs to the parameter ``net.params[i]``."""
    if len(grad_w) != len(net.weights) or len(grad_b) != len(net.biases):
        raise ValueError(f"expected {len(net.weights)} weight and {len(net.biases)} bias "
                         f"gradients, got {len(grad_w)} and {len(grad_b)}")
    holder = net.copy()
    holder.params = np.zeros(net.n_params)
    for W, b, gW, gb in zip(holder.weights, holder.biases, grad_w, grad_b):
        if np.shape(gW) != W.shape or np.shape(gb) != b.shape:
            raise ValueError(f"gradient shapes {np.shape(gW)} and {np.shape(gb)} do not match "
                             f"the layer's {W.shape} and {b.shape}")
        W[...] = gW
        b[...] = gb
    return holder.params


def relative_error(a, b, floor=1e-12):
    """Elementwise relative difference ``|a − b| / max(|a|, |b|, floor)``.

    Scale-free, so a gradient of 1e-6 and one of 10 are judged alike; ``floor``
    keeps 0/0 (a parameter that does not affect the cost at all, such as a weight
    from an always-black pixel) from becoming NaN: two exact zeros agree, error 0.
    Returns a float for scalars, else an array shaped like the inputs.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    err = np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    return float(err) if err.ndim == 0 else err


def parameter_names(net, indices=None):
    """Readable names such as ``"W1[3, 200]"`` or ``"b3[7]"`` for positions in ``net.params``.

    Layers are numbered from 1 (W1 connects the input layer to the first hidden layer).
    """
    idx = _as_indices(net, indices)
    names = []
    w_off, b_off = net._w_off, net._b_off
    for i in idx:
        for layer, (wo, bo, n_in, n_out) in enumerate(zip(w_off, b_off, net.sizes[:-1],
                                                          net.sizes[1:]), start=1):
            if wo <= i < wo + n_in * n_out:
                r, c = divmod(int(i - wo), n_in)
                names.append(f"W{layer}[{r}, {c}]")
                break
            if bo <= i < bo + n_out:
                names.append(f"b{layer}[{int(i - bo)}]")
                break
    return names


def sample_indices(net, per_layer=10, seed=0):
    """A reproducible sample of parameter positions: ``per_layer`` weights and biases per layer.

    Sampling every layer matters: a mistake in backprop usually shows in the early
    layers, the ones the error has to travel back to.
    """
    rng = np.random.default_rng(seed)
    chosen = []
    for wo, bo, n_in, n_out in zip(net._w_off, net._b_off, net.sizes[:-1], net.sizes[1:]):
        n_w = n_in * n_out
        chosen.append(wo + rng.choice(n_w, size=min(per_layer, n_w), replace=False))
        chosen.append(bo + rng.choice(n_out, size=min(per_layer, n_out), replace=False))
    return np.sort(np.concatenate(chosen)).astype(np.int64)


def check_table(net, indices, analytic, numeric, rows=8):
    """Backprop against finite differences, as a printable table in the reader's language.

    ``indices`` are positions in ``net.params``, ``analytic`` and ``numeric`` the two
    derivatives for each (same order). Shows ``rows`` of them, spread over the list, and a
    last line with how many were checked and the largest relative error.
    """
    idx = _as_indices(net, indices)
    analytic = np.asarray(analytic, dtype=np.float64)
    numeric = np.asarray(numeric, dtype=np.float64)
    if analytic.shape != idx.shape or numeric.shape != idx.shape:
        raise ValueError(f"one derivative of each kind per index: {idx.size} indices, "
                         f"{analytic.size} and {numeric.size} derivatives")
    rel = relative_error(analytic, numeric)
    rel = np.atleast_1d(rel)
    names = parameter_names(net, idx)
    shown = np.unique(np.linspace(0, idx.size - 1, min(rows, idx.size)).astype(int))
    table = Table([T("parameter", "参数"), T("backprop", "反向传播"),
                   T("finite differences", "有限差分"), T("relative error", "相对误差")],
                  [[names[k], f"{analytic[k]:.8f}", f"{numeric[k]:.8f}", f"{rel[k]:.1e}"]
                   for k in shown])
    last = T("... {n} parameters checked, largest relative error {e:.1e}",
             "……共检查 {n} 个参数，最大相对误差 {e:.1e}").format(n=idx.size, e=rel.max())
    return Lines([table, last])


def _yes_no(value):
    return T("yes", "是") if value else T("no", "否")


#: What :func:`report` can print: key -> (label, format).
_WORDS = {
    "by_hand": (T("chain rule by hand", "用链式法则手算"), "{:.10f}"),
    "finite_differences": (T("finite differences", "有限差分"), "{:.10f}"),
    "relative_error": (T("relative error", "相对误差"), "{:.1e}"),
    "same_as_by_hand": (T("reference.backprop gives the numbers by hand",
                          "reference.backprop 给出的就是手算的数"), _yes_no),
    "largest_relative_error": (T("largest relative error against finite differences",
                                 "与有限差分相比的最大相对误差"), "{:.1e}"),
    "fd_derivatives": (T("derivatives by finite differences", "用有限差分求出的导数个数"),
                       "{:,}"),
    "fd_costs": (T("costs computed for them", "为此计算代价的次数"), "{:,}"),
    "fd_seconds": (T("time taken by finite differences", "有限差分的用时"),
                   lambda v: T(f"{v:.2f} s", f"{v:.2f} 秒")),
    "bp_microseconds": (T("time of one call of reference.backprop (backpropagation)",
                          "调用一次 reference.backprop（反向传播）的用时"),
                        lambda v: T(f"{v:.0f} µs", f"{v:.0f} 微秒")),
    "speedup": (T("backpropagation's speed, in times that of finite differences",
                  "反向传播的速度是有限差分的多少倍"), "{:,.0f}"),
    "largest_difference": (T("largest difference between the two gradients",
                             "两个梯度之间的最大差异"), "{:.1e}"),
    "largest_derivative": (T("largest derivative", "最大的导数"), "{:.2f}"),
    "vectorized_vs_reference": (T("vectorized against reference: largest |difference|",
                                  "向量化实现与参考实现：|差异| 的最大值"), "{:.1e}"),
    "numba_vs_reference": (T("numba against reference: largest |difference|",
                             "numba 与参考实现：|差异| 的最大值"), "{:.1e}"),
}


def report(**values):
    """Chapter 6's checks with their words: ``gradcheck.report(relative_error=3e-11)``.

    Each keyword names one quantity (see ``_WORDS`` for the keys); the values are printed
    with its label in the reader's language, in the order given.
    """
    return _report(_WORDS, values)
