"""Numba kernels: the same mathematics as :mod:`mlpbook.reference`, fast.

All parameters of a network live in one flat array ``params``: for each layer
its weights (row-major, shape ``(n_out, n_in)``) followed by its biases.  The
kernels take that array, the layer ``sizes`` and plain integer codes for the
activation and the cost, so nothing but numbers crosses into compiled code.

The kernels trust their inputs (Numba does not check bounds): every public
entry point of mlpbook validates shapes, dtypes, finiteness and label ranges
before calling them (see :mod:`mlpbook.validation`).

Small matrix products (the 784-16-16-10 network with mini-batches of 10) are
written as loops, which beats calling BLAS for tiny matrices; large ones call
``np.dot`` (BLAS through SciPy).  Both give the reference's numbers to within
rounding.
"""

from __future__ import annotations

import numpy as np
from numba import njit

SIGMOID, RELU = 0, 1
QUADRATIC, CROSS_ENTROPY = 0, 1
ACTIVATION_CODES = {"sigmoid": SIGMOID, "relu": RELU}
COST_CODES = {"quadratic": QUADRATIC, "cross-entropy": CROSS_ENTROPY}

# Products with at least this many multiply-adds go to BLAS.
BLAS_MIN_WORK = 400_000
# Reassociation lets LLVM vectorise the sums (SIMD); NaN/inf semantics stay intact
# so divergence is still detected.
FAST = {"reassoc", "contract"}


def layout(sizes):
    """Offsets of each layer's weights and biases inside the flat parameter array.

    Returns ``(w_offsets, b_offsets, n_params)``.
    """
    w_off, b_off, pos = [], [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        w_off.append(pos)
        pos += n_in * n_out
        b_off.append(pos)
        pos += n_out
    return np.array(w_off, np.int64), np.array(b_off, np.int64), pos


@njit(cache=True, fastmath=FAST)
def _weights(params, sizes, w_off, layer):
    n_in, n_out = sizes[layer], sizes[layer + 1]
    start = w_off[layer]
    return params[start:start + n_in * n_out].reshape((n_out, n_in))


@njit(cache=True, fastmath=FAST)
def _biases(params, sizes, b_off, layer):
    start = b_off[layer]
    return params[start:start + sizes[layer + 1]]


@njit(cache=True, fastmath=FAST)
def _rows(buf, offset, m, width):
    return buf[offset:offset + m * width].reshape((m, width))


@njit(cache=True, fastmath=FAST)
def _affine(A, W, b, Z):
    """Z = A @ W.T + b for a batch A of shape (m, n_in)."""
    m, n_in = A.shape
    n_out = W.shape[0]
    if m * n_in * n_out >= BLAS_MIN_WORK:
        Z[:, :] = np.dot(A, W.T)
        for i in range(m):
            for j in range(n_out):
                Z[i, j] += b[j]
        return
    # Blocks of two examples x four output neurons: every value loaded from memory
    # feeds several multiply-adds, which keeps the SIMD units busy.
    i_end = m - m % 2
    j_end = n_out - n_out % 4
    for i in range(0, i_end, 2):
        for j in range(0, j_end, 4):
            _block_2x4(A, W, b, Z, i, j, n_in)
    for i in range(m):
        j_start = j_end if i < i_end else 0
        for j in range(j_start, n_out):
            s = b[j]
            for k in range(n_in):
                s += W[j, k] * A[i, k]
            Z[i, j] = s


@njit(cache=True, fastmath=FAST, inline="always")
def _block_2x4(A, W, b, Z, i, j, n_in):
    s00 = b[j]
    s01 = b[j + 1]
    s02 = b[j + 2]
    s03 = b[j + 3]
    s10 = s00
    s11 = s01
    s12 = s02
    s13 = s03
    for k in range(n_in):
        a0 = A[i, k]
        a1 = A[i + 1, k]
        w0 = W[j, k]
        w1 = W[j + 1, k]
        w2 = W[j + 2, k]
        w3 = W[j + 3, k]
        s00 += w0 * a0
        s01 += w1 * a0
        s02 += w2 * a0
        s03 += w3 * a0
        s10 += w0 * a1
        s11 += w1 * a1
        s12 += w2 * a1
        s13 += w3 * a1
    Z[i, j] = s00
    Z[i, j + 1] = s01
    Z[i, j + 2] = s02
    Z[i, j + 3] = s03
    Z[i + 1, j] = s10
    Z[i + 1, j + 1] = s11
    Z[i + 1, j + 2] = s12
    Z[i + 1, j + 3] = s13


@njit(cache=True, fastmath=FAST)
def _outer_sum(D, A, G, scale):
    """G = scale * D.T @ A: the weight gradient summed over the rows of a batch."""
    m, n_in = A.shape
    n_out = D.shape[1]
    if m * n_in * n_out >= BLAS_MIN_WORK:
        G[:, :] = np.dot(D.T, A)
        for j in range(n_out):
            for k in range(n_in):
                G[j, k] *= scale
        return
    # Blocks of two gradient rows x four examples: each value of A loaded feeds two
    # rows, each gradient entry is loaded and stored once per four terms.
    G[:, :] = 0.0
    i_end = m - m % 4
    j_end = n_out - n_out % 2
    for j in range(0, j_end, 2):
        for i in range(0, i_end, 4):
            _block_2x4_outer(D, A, G, i, j, n_in, scale)
    for j in range(n_out):
        i_start = i_end if j < j_end else 0
        for i in range(i_start, m):
            d = D[i, j] * scale
            for k in range(n_in):
                G[j, k] += d * A[i, k]


@njit(cache=True, fastmath=FAST, inline="always")
def _block_2x4_outer(D, A, G, i, j, n_in, scale):
    p0 = D[i, j] * scale
    p1 = D[i + 1, j] * scale
    p2 = D[i + 2, j] * scale
    p3 = D[i + 3, j] * scale
    q0 = D[i, j + 1] * scale
    q1 = D[i + 1, j + 1] * scale
    q2 = D[i + 2, j + 1] * scale
    q3 = D[i + 3, j + 1] * scale
    for k in range(n_in):
        a0 = A[i, k]
        a1 = A[i + 1, k]
        a2 = A[i + 2, k]
        a3 = A[i + 3, k]
        G[j, k] += p0 * a0 + p1 * a1 + p2 * a2 + p3 * a3
        G[j + 1, k] += q0 * a0 + q1 * a1 + q2 * a2 + q3 * a3


@njit(cache=True, fastmath=FAST)
def _activate(Z, A, activation):
    """A = f(Z) elementwise for the hidden activation f."""
    m, n = Z.shape
    for i in range(m):
        for j in range(n):
            z = Z[i, j]
            if activation == SIGMOID:
                # 1/(1+e^-z); for very negative z, e^-z = inf and the result is 0.
                A[i, j] = 1.0 / (1.0 + np.exp(-z))
            else:
                A[i, j] = z if z > 0.0 else 0.0


@njit(cache=True, fastmath=FAST)
def _output(Z, A, cost):
    """Output layer: sigmoid for the quadratic cost, softmax for cross-entropy."""
    m, n = Z.shape
    if cost == QUADRATIC:
        _activate(Z, A, SIGMOID)
        return
    for i in range(m):
        top = Z[i, 0]
        for j in range(1, n):
            if Z[i, j] > top:
                top = Z[i, j]
        total = 0.0
        for j in range(n):
            e = np.exp(Z[i, j] - top)
            A[i, j] = e
            total += e
        for j in range(n):
            A[i, j] /= total


@njit(cache=True, fastmath=FAST)
def _forward_rows(params, sizes, w_off, b_off, A0, abuf, a_off, zbuf, activation, cost):
    """Forward pass of the batch A0 (already copied into abuf); fills every layer's activations."""
    m = A0.shape[0]
    n_layers = sizes.shape[0] - 1
    for layer in range(n_layers):
        A = _rows(abuf, a_off[layer], m, sizes[layer])
        Z = _rows(zbuf, 0, m, sizes[layer + 1])
        _affine(A, _weights(params, sizes, w_off, layer), _biases(params, sizes, b_off, layer), Z)
        A_next = _rows(abuf, a_off[layer + 1], m, sizes[layer + 1])
        if layer < n_layers - 1:
            _activate(Z, A_next, activation)
        else:
            _output(Z, A_next, cost)


@njit(cache=True, fastmath=FAST)
def _offsets(sizes, rows):
    off = np.zeros(sizes.shape[0] + 1, np.int64)
    for layer in range(sizes.shape[0]):
        off[layer + 1] = off[layer] + rows * sizes[layer]
    return off


@njit(cache=True, fastmath=FAST)
def forward(params, sizes, w_off, b_off, X, activation, cost, chunk=1024):
    """Output activations for every row of X, shape (n, sizes[-1])."""
    n = X.shape[0]
    n_out = sizes[-1]
    out = np.empty((n, n_out), params.dtype)
    rows = min(chunk, n)
    a_off = _offsets(sizes, rows)
    abuf = np.empty(a_off[-1], params.dtype)
    zbuf = np.empty(rows * sizes[1:].max(), params.dtype)
    n_layers = sizes.shape[0] - 1
    for start in range(0, n, rows):
        m = min(rows, n - start)
        A0 = _rows(abuf, 0, m, sizes[0])
        A0[:, :] = X[start:start + m]
        _forward_rows(params, sizes, w_off, b_off, A0, abuf, a_off, zbuf, activation, cost)
        out[start:start + m] = _rows(abuf, a_off[n_layers], m, n_out)
    return out


@njit(cache=True, fastmath=FAST)
def _gradient_rows(params, grad, sizes, w_off, b_off, abuf, a_off, dbuf, dbuf2, labels_rows,
                   m, activation, cost):
    """Backpropagation for a batch whose forward pass is in abuf; writes mean gradients to grad."""
    n_layers = sizes.shape[0] - 1
    n_out = sizes[n_layers]
    # Output error: (a - y) * sigma'(z) for quadratic (sigma' = a (1 - a)); a - y for softmax + CE.
    A_out = _rows(abuf, a_off[n_layers], m, n_out)
    D = _rows(dbuf, 0, m, n_out)
    for i in range(m):
        for j in range(n_out):
            a = A_out[i, j]
            diff = a - 1.0 if j == labels_rows[i] else a
            D[i, j] = diff * a * (1.0 - a) if cost == QUADRATIC else diff
    scale = 1.0 / m
    for layer in range(n_layers - 1, -1, -1):
        n_in = sizes[layer]
        n_o = sizes[layer + 1]
        A = _rows(abuf, a_off[layer], m, n_in)
        gW = _weights(grad, sizes, w_off, layer)
        gb = _biases(grad, sizes, b_off, layer)
        _outer_sum(D, A, gW, scale)  # dC/dW = D^T A / m
        for j in range(n_o):
            s = 0.0
            for i in range(m):
                s += D[i, j]
            gb[j] = s * scale
        if layer == 0:
            break
        # D_prev = (D @ W) * f'(z_prev), with f' written in terms of the activation A
        W = _weights(params, sizes, w_off, layer)
        D_prev = _rows(dbuf2, 0, m, n_in)
        if m * n_in * n_o >= BLAS_MIN_WORK:
            D_prev[:, :] = np.dot(D, W)
        else:
            for i in range(m):
                for k in range(n_in):
                    D_prev[i, k] = 0.0
                for j in range(n_o):
                    d = D[i, j]
                    for k in range(n_in):
                        D_prev[i, k] += d * W[j, k]
        for i in range(m):
            for k in range(n_in):
                a = A[i, k]
                if activation == SIGMOID:
                    D_prev[i, k] *= a * (1.0 - a)
                elif a <= 0.0:
                    D_prev[i, k] = 0.0
        dbuf, dbuf2 = dbuf2, dbuf
        D = _rows(dbuf, 0, m, n_in)


@njit(cache=True, fastmath=FAST)
def _step(params, grad, velocity, sizes, w_off, b_off, lr, l2, momentum):
    """One descent step from mean gradients: weight decay on weights only, optional momentum."""
    n_layers = sizes.shape[0] - 1
    for layer in range(n_layers):
        start = w_off[layer]
        n_w = sizes[layer] * sizes[layer + 1]
        end = start + n_w + sizes[layer + 1]
        for idx in range(start, end):
            g = grad[idx]
            if idx < start + n_w:
                g = g + l2 * params[idx]
            if momentum != 0.0:
                velocity[idx] = momentum * velocity[idx] - lr * g
                params[idx] += velocity[idx]
            else:
                params[idx] -= lr * g


@njit(cache=True, fastmath=FAST)
def sgd_epoch(params, velocity, sizes, w_off, b_off, X, labels, order, batch_size, lr, l2,
              momentum, activation, cost):
    """One epoch of mini-batch SGD over the examples in ``order``; updates params in place."""
    n = order.shape[0]
    dtype = params.dtype
    a_off = _offsets(sizes, batch_size)
    abuf = np.empty(a_off[-1], dtype)
    widest = sizes.max()
    zbuf = np.empty(batch_size * widest, dtype)
    dbuf = np.empty(batch_size * widest, dtype)
    dbuf2 = np.empty(batch_size * widest, dtype)
    grad = np.empty_like(params)
    batch_labels = np.empty(batch_size, np.int64)
    n_in = sizes[0]
    for start in range(0, n, batch_size):
        m = min(batch_size, n - start)
        A0 = _rows(abuf, 0, m, n_in)
        for i in range(m):
            row = order[start + i]
            batch_labels[i] = labels[row]
            for k in range(n_in):
                A0[i, k] = X[row, k]
        _forward_rows(params, sizes, w_off, b_off, A0, abuf, a_off, zbuf, activation, cost)
        _gradient_rows(params, grad, sizes, w_off, b_off, abuf, a_off, dbuf, dbuf2,
                       batch_labels, m, activation, cost)
        _step(params, grad, velocity, sizes, w_off, b_off, lr, l2, momentum)


@njit(cache=True, fastmath=FAST)
def mean_gradient(params, sizes, w_off, b_off, X, labels, activation, cost):
    """Mean gradient of the cost over all rows of X, as a flat array shaped like params."""
    m = X.shape[0]
    a_off = _offsets(sizes, m)
    abuf = np.empty(a_off[-1], params.dtype)
    widest = sizes.max()
    zbuf = np.empty(m * widest, params.dtype)
    dbuf = np.empty(m * widest, params.dtype)
    dbuf2 = np.empty(m * widest, params.dtype)
    grad = np.empty_like(params)
    A0 = _rows(abuf, 0, m, sizes[0])
    A0[:, :] = X
    _forward_rows(params, sizes, w_off, b_off, A0, abuf, a_off, zbuf, activation, cost)
    _gradient_rows(params, grad, sizes, w_off, b_off, abuf, a_off, dbuf, dbuf2,
                   labels.astype(np.int64), m, activation, cost)
    return grad
