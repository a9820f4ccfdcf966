"""Numba kernels: the same mathematics as :mod:`mlpbook.engine.reference`, fast.

All parameters of a network live in one flat array ``params``: for each layer
its weights (row-major, shape ``(n_out, n_in)``) followed by its biases.  The
kernels take that array, the layer ``sizes`` and plain integer codes for the
activation and the cost, so nothing but numbers crosses into compiled code.

The kernels trust their inputs (Numba does not check bounds): every public
entry point of mlpbook validates shapes, dtypes, finiteness and label ranges
before calling them (see :mod:`mlpbook.engine.validation`).

Matrix products that are small in some direction (mini-batches of 10, layers
of 16 neurons) are written as loops, which beat BLAS there; products that are
large every way (784-800-10 with batches of 128) call ``np.dot`` (BLAS through
SciPy), whose threads win once there is enough work.  Both give the reference's
numbers to within rounding.  Each batch reuses buffers allocated once per epoch:
nothing is allocated inside the loop over batches.
"""

from __future__ import annotations

import numpy as np
from numba import njit

SIGMOID, RELU = 0, 1
QUADRATIC, CROSS_ENTROPY = 0, 1
ACTIVATION_CODES = {"sigmoid": SIGMOID, "relu": RELU}
COST_CODES = {"quadratic": QUADRATIC, "cross-entropy": CROSS_ENTROPY}

# Work of one call from Python (multiply-adds and the like, about a tenth of a second):
# compiled code does not see Ctrl-C, so the training driver and Network split an epoch or a
# large forward pass into calls of about this size and Python checks for signals in between.
CHUNK_FLOPS = 2_000_000_000
# Products with at least this many multiply-adds, and no side shorter than
# BLAS_MIN_SIDE, go to BLAS (see _use_blas).
BLAS_MIN_WORK = 400_000
BLAS_MIN_SIDE = 32
# Reassociation lets LLVM vectorise the sums (SIMD); NaN/inf semantics stay intact
# so divergence is still detected.
FAST = {"reassoc", "contract"}
# Division by zero gives inf or NaN, as in numpy, instead of raising an exception:
# without that check in every division, loops that divide can be vectorised too.
ERRORS = "numpy"


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


@njit(cache=True, fastmath=FAST, error_model=ERRORS)
def _weights(params, sizes, w_off, layer):
    """A layer's weights as an (n_out, n_in) view of the flat array: no copy."""
    n_in, n_out = sizes[layer], sizes[layer + 1]
    start = w_off[layer]
    return params[start:start + n_in * n_out].reshape((n_out, n_in))


@njit(cache=True, fastmath=FAST, error_model=ERRORS)
def _biases(params, sizes, b_off, layer):
    """A layer's biases as a view of the flat array: no copy."""
    start = b_off[layer]
    return params[start:start + sizes[layer + 1]]


@njit(cache=True, fastmath=FAST, error_model=ERRORS)
def _rows(buf, offset, m, width):
    """An (m, width) matrix inside a preallocated buffer, so batches allocate nothing."""
    return buf[offset:offset + m * width].reshape((m, width))


@njit(cache=True, fastmath=FAST, error_model=ERRORS)
def _use_blas(m, n_in, n_out):
    """Whether the product of an (m, n_in) and an (n_in, n_out) matrix should call BLAS.

    BLAS's threads pay off only for a lot of work on matrices that are large every way:
    with batches of 10 (784-100-10) or narrow layers (784-16-16-10 with batches of 64)
    the loops below are faster, and unlike BLAS's threads they do not slow down badly
    when other programs compete for the cores.
    """
    return min(m, n_in, n_out) >= BLAS_MIN_SIDE and m * n_in * n_out >= BLAS_MIN_WORK


@njit(cache=True, fastmath=FAST, error_model=ERRORS)
def _affine(A, W, b, Z):
    """Z = A @ W.T + b for a batch A of shape (m, n_in)."""
    m, n_in = A.shape
    n_out = W.shape[0]
    if _use_blas(m, n_in, n_out):
        np.dot(A, W.T, Z)  # written straight into Z: no temporary array
        for i in range(m):
            for j in range(n_out):
                Z[i, j] += b[j]
        return
    # Blocks of two examples x four output neurons: every value loaded from memory
    # feeds several multiply-adds, which keeps the SIMD units busy.  The four weight
    # rows stay in the fastest cache while all the examples of the batch pass by.
    i_end = m - m % 2
    j_end = n_out - n_out % 4
    for j in range(0, j_end, 4):
        for i in range(0, i_end, 2):
            _block_2x4(A, W, b, Z, i, j, n_in)
    for i in range(m):
        j_start = j_end if i < i_end else 0
        for j in range(j_start, n_out):
            s = b[j]
            for k in range(n_in):
                s += W[j, k] * A[i, k]
            Z[i, j] = s


@njit(cache=True, fastmath=FAST, error_model=ERRORS, inline="always")
def _block_2x4(A, W, b, Z, i, j, n_in):
    """Z for examples i, i+1 and neurons j..j+3: eight running sums kept in registers."""
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


@njit(cache=True, fastmath=FAST, error_model=ERRORS)
def _outer_sum(D, A, G):
    """G = D.T @ A: a sum of outer products, one per row of D and A.

    With D the errors of a batch and A its activations this is the weight gradient;
    called with D.T it computes D @ W, the errors sent back to the previous layer.
    """
    m, n_in = A.shape
    n_out = D.shape[1]
    if _use_blas(m, n_in, n_out):
        np.dot(D.T, A, G)  # written straight into G; a transposed view costs no copy
        return
    # Blocks of two gradient rows x four examples: each value of A loaded feeds two
    # rows, each gradient entry is loaded and stored once per four terms.
    G[:, :] = 0.0
    i_end = m - m % 4
    j_end = n_out - n_out % 2
    for j in range(0, j_end, 2):
        for i in range(0, i_end, 4):
            _block_2x4_outer(D, A, G, i, j, n_in)
    for j in range(n_out):
        i_start = i_end if j < j_end else 0
        for i in range(i_start, m):
            d = D[i, j]
            for k in range(n_in):
                G[j, k] += d * A[i, k]


@njit(cache=True, fastmath=FAST, error_model=ERRORS, inline="always")
def _block_2x4_outer(D, A, G, i, j, n_in):
    """Adds the terms of examples i..i+3 to gradient rows j, j+1 in one pass over them."""
    p0 = D[i, j]
    p1 = D[i + 1, j]
    p2 = D[i + 2, j]
    p3 = D[i + 3, j]
    q0 = D[i, j + 1]
    q1 = D[i + 1, j + 1]
    q2 = D[i + 2, j + 1]
    q3 = D[i + 3, j + 1]
    for k in range(n_in):
        a0 = A[i, k]
        a1 = A[i + 1, k]
        a2 = A[i + 2, k]
        a3 = A[i + 3, k]
        G[j, k] += p0 * a0 + p1 * a1 + p2 * a2 + p3 * a3
        G[j + 1, k] += q0 * a0 + q1 * a1 + q2 * a2 + q3 * a3


@njit(cache=True, fastmath=FAST, error_model=ERRORS, inline="always")
def _sigmoid32(z):
    """1 / (1 + e^-z) for float32 in plain arithmetic, so loops over it vectorise.

    np.exp calls the maths library once per number, which keeps a loop scalar; this
    is about four times faster and agrees with it to 2 ulp.  e^x = 2^k e^r with
    k = round(x / ln 2) and |r| <= ln(2) / 2: e^r from the polynomial of Cephes'
    expf, 2^k by writing k into the exponent bits of a float32.  x is clamped to
    [-87, 87] (beyond, the sigmoid is 0 or 1 to float32 precision); NaN stays NaN.
    """
    f = np.float32
    x = min(max(-z, f(-87.0)), f(87.0))
    k = np.floor(x * f(1.44269504) + f(0.5))
    # r = x - k ln 2, with ln 2 = 0.693359375 - 2.12194440e-4: k times the first part
    # is exact in float32, so r keeps its precision.
    r = x - k * f(0.693359375) + k * f(2.12194440e-4)
    p = f(1.9875691500e-4)
    p = p * r + f(1.3981999507e-3)
    p = p * r + f(8.3334519073e-3)
    p = p * r + f(4.1665795894e-2)
    p = p * r + f(1.6666665459e-1)
    p = p * r + f(5.0000001201e-1)
    e_r = p * r * r + r + f(1.0)
    two_k = np.int32((np.int32(k) + np.int32(127)) << np.int32(23)).view(np.float32)
    s = f(1.0) / (f(1.0) + e_r * two_k)
    return z if z != z else s  # NaN in, NaN out (the clamp above must not hide it)


@njit(cache=True, fastmath=FAST, error_model=ERRORS)
def _activate(Z, A, activation):
    """A = f(Z) elementwise for the hidden activation f.

    The constants take the dtype of Z, so float32 networks compute in float32; NaN
    passes through both functions, as it does in the reference.
    """
    m, n = Z.shape
    one = Z.dtype.type(1.0)
    zero = Z.dtype.type(0.0)
    if activation == SIGMOID and Z.itemsize == 4:
        for i in range(m):
            for j in range(n):
                A[i, j] = _sigmoid32(Z[i, j])
    elif activation == SIGMOID:
        for i in range(m):
            for j in range(n):
                # 1/(1+e^-z); for very negative z, e^-z = inf and the result is 0.
                A[i, j] = one / (one + np.exp(-Z[i, j]))
    else:
        for i in range(m):
            for j in range(n):
                z = Z[i, j]
                A[i, j] = zero if z < zero else z


@njit(cache=True, fastmath=FAST, error_model=ERRORS)
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


@njit(cache=True, fastmath=FAST, error_model=ERRORS)
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


@njit(cache=True, fastmath=FAST, error_model=ERRORS)
def _offsets(sizes, rows):
    """Where each layer's activations for ``rows`` examples start in one shared buffer."""
    off = np.zeros(sizes.shape[0] + 1, np.int64)
    for layer in range(sizes.shape[0]):
        off[layer + 1] = off[layer] + rows * sizes[layer]
    return off


@njit(cache=True, fastmath=FAST, error_model=ERRORS)
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


@njit(cache=True, fastmath=FAST, error_model=ERRORS)
def _gradient_rows(params, grad, sizes, w_off, b_off, abuf, a_off, dbuf, dbuf2, labels_rows,
                   m, activation, cost):
    """Backpropagation for a batch whose forward pass is in abuf; writes mean gradients to grad."""
    n_layers = sizes.shape[0] - 1
    n_out = sizes[n_layers]
    # Output error: (a - y) * sigma'(z) for quadratic (sigma' = a (1 - a)); a - y for softmax + CE.
    # Each example's error is divided by m here, once: D then holds the errors of the
    # batch's *mean* cost, so every sum below is already a mean gradient.
    A_out = _rows(abuf, a_off[n_layers], m, n_out)
    D = _rows(dbuf, 0, m, n_out)
    scale = 1.0 / m
    for i in range(m):
        for j in range(n_out):
            a = A_out[i, j]
            diff = a - 1.0 if j == labels_rows[i] else a
            D[i, j] = (diff * a * (1.0 - a) if cost == QUADRATIC else diff) * scale
    one = grad.dtype.type(1.0)  # float32 stays float32 in the loops below
    for layer in range(n_layers - 1, -1, -1):
        n_in = sizes[layer]
        n_o = sizes[layer + 1]
        A = _rows(abuf, a_off[layer], m, n_in)
        gW = _weights(grad, sizes, w_off, layer)
        gb = _biases(grad, sizes, b_off, layer)
        _outer_sum(D, A, gW)  # dC/dW = D^T A
        gb[:] = 0.0  # dC/db = the sum of the rows of D, added row by row (contiguous, SIMD)
        for i in range(m):
            for j in range(n_o):
                gb[j] += D[i, j]
        if layer == 0:
            break
        # D_prev = (D @ W) * f'(z_prev), with f' written in terms of the activation A
        W = _weights(params, sizes, w_off, layer)
        D_prev = _rows(dbuf2, 0, m, n_in)
        _outer_sum(D.T, W, D_prev)  # D_prev = D @ W
        if activation == SIGMOID:
            for i in range(m):
                for k in range(n_in):
                    a = A[i, k]
                    D_prev[i, k] *= a * (one - a)
        else:
            for i in range(m):
                for k in range(n_in):
                    if A[i, k] <= 0.0:
                        D_prev[i, k] = 0.0
        dbuf, dbuf2 = dbuf2, dbuf
        D = _rows(dbuf, 0, m, n_in)


@njit(cache=True, fastmath=FAST, error_model=ERRORS)
def _descend(p, g, v, lr, decay, momentum):
    """p -= lr * (g + decay * p), or the momentum version, on matching 1-D slices.

    The momentum test sits outside the loop so the loop is branch-free and SIMD.
    """
    if momentum != 0.0:
        for i in range(p.shape[0]):
            v[i] = momentum * v[i] - lr * (g[i] + decay * p[i])
            p[i] += v[i]
    else:
        for i in range(p.shape[0]):
            p[i] -= lr * (g[i] + decay * p[i])


@njit(cache=True, fastmath=FAST, error_model=ERRORS)
def _step(params, grad, velocity, sizes, w_off, b_off, lr, l2, momentum):
    """One descent step from mean gradients: weight decay on weights only, optional momentum.

    ``lr``, ``l2`` and ``momentum`` must already have the dtype of ``params`` (see
    :func:`sgd_epoch`).
    """
    n_layers = sizes.shape[0] - 1
    no_decay = params.dtype.type(0.0)
    for layer in range(n_layers):
        w0, w1 = w_off[layer], w_off[layer] + sizes[layer] * sizes[layer + 1]
        b0, b1 = b_off[layer], b_off[layer] + sizes[layer + 1]
        _descend(params[w0:w1], grad[w0:w1], velocity[w0:w1], lr, l2, momentum)
        _descend(params[b0:b1], grad[b0:b1], velocity[b0:b1], lr, no_decay, momentum)


@njit(cache=True, fastmath=FAST, error_model=ERRORS)
def sgd_epoch(params, velocity, sizes, w_off, b_off, X, labels, order, batch_size, lr, l2,
              momentum, activation, cost):
    """One epoch of mini-batch SGD over the examples in ``order``; updates params in place."""
    n = order.shape[0]
    dtype = params.dtype
    # The step sizes in the parameters' own precision: float32 networks then update in
    # float32, as numpy does for the reference, and the loops vectorise without conversions.
    lr, l2, momentum = dtype.type(lr), dtype.type(l2), dtype.type(momentum)
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


@njit(cache=True, fastmath=FAST, error_model=ERRORS)
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
