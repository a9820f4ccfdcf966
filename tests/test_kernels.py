"""The Numba kernels against the readable reference and against calculus.

* Backpropagation (the per-example reference and the batched Numba kernel) is checked
  against central finite differences of the cost.
* One SGD run with the Numba engine gives the same parameters as the per-example numpy loop
  and the vectorized numpy version, on both of the kernel's code paths (hand-written loops
  for small products, BLAS for large ones).
* The forward pass matches the reference, float32 matches float64, and huge inputs stay
  finite.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from mlpbook import Network, train
from mlpbook.engine import kernels, reference

ACTIVATIONS = reference.ACTIVATIONS
COSTS = reference.COSTS
COMBOS = list(itertools.product(ACTIVATIONS, COSTS))
COMBO_IDS = [f"{a}-{c}" for a, c in COMBOS]

TINY = [5, 4, 3, 3]


# --------------------------------------------------------------------------- helpers


def flatten(grad_w, grad_b):
    """Gradient lists -> one vector in the flat parameter layout (per layer: W row-major, b)."""
    return np.concatenate([np.concatenate([np.ravel(w), np.ravel(b)])
                           for w, b in zip(grad_w, grad_b)])


def pre_activations(net, X):
    """Weighted inputs z of every hidden layer, for a batch (float64, from the reference maths)."""
    f = reference.relu if net.activation == "relu" else reference.sigmoid
    zs, A = [], X
    for W, b in list(zip(net.weights, net.biases))[:-1]:
        Z = A @ W.T + b
        zs.append(Z)
        A = f(Z)
    return zs


def tiny_problem(activation, cost, n=6, margin=1e-3):
    """A float64 [5, 4, 3, 3] network and a batch on which no hidden ReLU is near its kink.

    Searches seeds deterministically for data and weights where every hidden pre-activation
    is at least ``margin`` away from 0, and where both signs occur (so some ReLUs are off
    and the test really covers the zero part of the derivative).
    """
    for seed in range(200):
        rng = np.random.default_rng(seed)
        net = Network(TINY, activation=activation, cost=cost, init="normal", seed=seed,
                      dtype=np.float64)
        X = rng.normal(0.0, 1.0, (n, TINY[0]))
        y = rng.integers(0, TINY[-1], n)
        zs = pre_activations(net, X)
        if activation != "relu":
            return net, X, y
        all_z = np.concatenate([z.ravel() for z in zs])
        if np.abs(all_z).min() > margin and all((z > 0).any() and (z < 0).any() for z in zs):
            return net, X, y
    raise AssertionError("no seed gives ReLU pre-activations away from the kink")


def finite_difference(f, params, eps=1e-6):
    """Central differences of the scalar function f with respect to every entry of params."""
    grad = np.empty_like(params)
    for i in range(params.size):
        keep = params[i]
        params[i] = keep + eps
        up = f()
        params[i] = keep - eps
        down = f()
        params[i] = keep
        grad[i] = (up - down) / (2 * eps)
    return grad


def relative_error(a, b):
    return np.linalg.norm(a - b) / np.linalg.norm(b)


def random_problem(sizes, n, seed):
    rng = np.random.default_rng(seed)
    X = rng.random((n, sizes[0]))
    y = rng.integers(0, sizes[-1], n)
    return X, y


# --------------------------------------------------------------------------- gradients


@pytest.mark.parametrize("activation,cost", COMBOS, ids=COMBO_IDS)
def test_reference_backprop_matches_finite_differences(activation, cost):
    net, X, y = tiny_problem(activation, cost)
    for x, label in zip(X[:3], y[:3]):
        target = reference.one_hot(label, TINY[-1])

        def cost_of_example():
            out = reference.feedforward(net.weights, net.biases, x, activation, cost)
            return reference.cost_of_output(out, target, cost)

        gw, gb = reference.backprop(net.weights, net.biases, x, target, activation, cost)
        analytic = flatten(gw, gb)
        numeric = finite_difference(cost_of_example, net.params)
        assert np.linalg.norm(numeric) > 1e-3, "gradient too small for a meaningful check"
        assert relative_error(analytic, numeric) < 1e-6
        assert np.max(np.abs(analytic - numeric)) < 1e-6 * np.max(np.abs(numeric)) + 1e-9


@pytest.mark.parametrize("activation,cost", COMBOS, ids=COMBO_IDS)
def test_numba_batch_gradient_matches_finite_differences(activation, cost):
    net, X, y = tiny_problem(activation, cost)

    def batch_cost():
        return reference.mean_cost(net.weights, net.biases, X, y, activation, cost)

    analytic = flatten(*net.gradient(X, y))
    numeric = finite_difference(batch_cost, net.params)
    assert analytic.shape == net.params.shape
    assert np.linalg.norm(numeric) > 1e-3, "gradient too small for a meaningful check"
    assert relative_error(analytic, numeric) < 1e-6
    assert np.max(np.abs(analytic - numeric)) < 1e-6 * np.max(np.abs(numeric)) + 1e-9


@pytest.mark.parametrize("activation,cost", COMBOS, ids=COMBO_IDS)
def test_numba_batch_gradient_is_mean_of_reference_backprops(activation, cost):
    net, X, y = tiny_problem(activation, cost, n=9)
    per_example = [flatten(*reference.backprop(net.weights, net.biases, x,
                                               reference.one_hot(label, TINY[-1]),
                                               activation, cost))
                   for x, label in zip(X, y)]
    expected = np.mean(per_example, axis=0)
    np.testing.assert_allclose(flatten(*net.gradient(X, y)), expected, rtol=0, atol=1e-12)


def test_gradient_leaves_parameters_alone():
    net, X, y = tiny_problem("relu", "cross-entropy")
    before = net.params.copy()
    gw, gb = net.gradient(X, y)
    np.testing.assert_array_equal(net.params, before)
    assert [w.shape for w in gw] == [w.shape for w in net.weights]
    assert [b.shape for b in gb] == [b.shape for b in net.biases]
    assert not np.shares_memory(gw[0], net.params)


# Sizes on the BLAS side of the kernel's switch (m * n_in * n_out >= kernels.BLAS_MIN_WORK):
# with batches of 128, layers 784->64 and 64->64 use np.dot (forward, weight gradient and
# the backward product D @ W), the 64->10 layer uses the hand-written loops.
BIG = [784, 64, 64, 10]


def work(m, sizes):
    return [m * a * b for a, b in zip(sizes[:-1], sizes[1:])]


@pytest.mark.parametrize("activation,cost", COMBOS, ids=COMBO_IDS)
def test_numba_gradient_on_blas_path_matches_reference(activation, cost):
    m = 128
    w0, w1, w2 = work(m, BIG)
    assert w0 >= kernels.BLAS_MIN_WORK and w1 >= kernels.BLAS_MIN_WORK
    assert w2 < kernels.BLAS_MIN_WORK
    X, y = random_problem(BIG, m, seed=3)
    net = Network(BIG, activation=activation, cost=cost, seed=4, dtype=np.float64)
    gw, gb = reference.backprop_batch(net.weights, net.biases, X,
                                      reference.one_hot(y, BIG[-1]), activation, cost)
    expected = flatten(gw, gb)
    got = flatten(*net.gradient(X, y))
    assert np.max(np.abs(got - expected)) <= 1e-12 * np.max(np.abs(expected))


# --------------------------------------------------------------------------- SGD engines

L2_MOMENTUM = [(0.0, 0.0), (0.01, 0.0), (0.0, 0.9), (0.01, 0.9)]


def run_engines(sizes, activation, cost, X, y, *, epochs, batch_size, lr, l2, momentum, seed):
    start = Network(sizes, activation=activation, cost=cost, seed=seed, dtype=np.float64)
    results = {}
    for engine in ("numba", "reference", "vectorized"):
        net = start.copy()
        history = train(net, X, y, epochs=epochs, batch_size=batch_size, lr=lr, l2=l2,
                        momentum=momentum, seed=seed, engine=engine)
        results[engine] = (net.params.copy(), history)
    return start.params.copy(), results


@pytest.mark.parametrize("l2,momentum", L2_MOMENTUM,
                         ids=[f"l2={a}-momentum={b}" for a, b in L2_MOMENTUM])
@pytest.mark.parametrize("activation,cost", COMBOS, ids=COMBO_IDS)
def test_engines_agree_small_loop_path(activation, cost, l2, momentum):
    # Odd layer widths and batch sizes leave remainders in the kernel's 2x4 blocks;
    # 52 examples in batches of 7 leave a short last batch of 3.
    sizes, n, batch_size = [12, 9, 7, 5], 52, 7
    assert n % batch_size != 0
    assert batch_size * max(a * b for a, b in zip(sizes[:-1], sizes[1:])) < kernels.BLAS_MIN_WORK
    X, y = random_problem(sizes, n, seed=11)
    initial, results = run_engines(sizes, activation, cost, X, y, epochs=3,
                                   batch_size=batch_size, lr=0.5, l2=l2, momentum=momentum,
                                   seed=5)
    fast = results["numba"][0]
    assert np.max(np.abs(fast - initial)) > 1e-3, "training did not move the parameters"
    for engine in ("reference", "vectorized"):
        params, history = results[engine]
        assert np.max(np.abs(fast - params)) < 1e-10, engine
        np.testing.assert_allclose(results["numba"][1].train_cost, history.train_cost,
                                   rtol=1e-10)


@pytest.mark.parametrize("activation,cost", COMBOS, ids=COMBO_IDS)
def test_engines_agree_blas_path(activation, cost):
    sizes, n, batch_size = BIG, 300, 128
    last = n % batch_size  # 44
    # Full batches: BLAS for the 784->64 and 64->64 layers, loops for 64->10.  The short
    # last batch: BLAS only for 784->64.  Both branches of every product run.
    assert work(batch_size, sizes)[1] >= kernels.BLAS_MIN_WORK
    assert work(last, sizes)[0] >= kernels.BLAS_MIN_WORK
    assert work(last, sizes)[1] < kernels.BLAS_MIN_WORK
    assert work(batch_size, sizes)[2] < kernels.BLAS_MIN_WORK
    X, y = random_problem(sizes, n, seed=21)
    initial, results = run_engines(sizes, activation, cost, X, y, epochs=2,
                                   batch_size=batch_size, lr=0.5, l2=0.001, momentum=0.5,
                                   seed=6)
    fast = results["numba"][0]
    assert np.max(np.abs(fast - initial)) > 1e-4, "training did not move the parameters"
    for engine in ("reference", "vectorized"):
        assert np.max(np.abs(fast - results[engine][0])) < 1e-10, engine


def test_kernel_sgd_epoch_direct_call_matches_reference_epoch():
    """The kernel itself (no train() around it) against reference.sgd_epoch, one epoch."""
    sizes = [6, 5, 4]
    X, y = random_problem(sizes, 23, seed=8)
    net = Network(sizes, activation="sigmoid", cost="quadratic", seed=9, dtype=np.float64)
    order = np.random.default_rng(0).permutation(len(X))
    ref = net.copy()
    reference.sgd_epoch(ref.weights, ref.biases, X, y, order, 4, 2.0, "sigmoid", "quadratic")
    velocity = np.zeros_like(net.params)
    act, cost = net._codes()
    kernels.sgd_epoch(net.params, velocity, net._sizes_array, net._w_off, net._b_off, X, y,
                      order, 4, 2.0, 0.0, 0.0, act, cost)
    np.testing.assert_allclose(net.params, ref.params, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(velocity, 0.0)


# --------------------------------------------------------------------------- forward pass


@pytest.mark.parametrize("activation,cost", COMBOS, ids=COMBO_IDS)
def test_forward_matches_reference(activation, cost):
    sizes = [64, 17, 13, 10]
    # More rows than the kernel's chunk of 1024, with a remainder.
    X, _ = random_problem(sizes, 2100, seed=2)
    net = Network(sizes, activation=activation, cost=cost, init="normal", seed=1,
                  dtype=np.float64)
    out = kernels.forward(net.params, net._sizes_array, net._w_off, net._b_off, X,
                          *net._codes())
    expected = reference.feedforward_batch(net.weights, net.biases, X, activation, cost)
    assert out.shape == (2100, 10)
    np.testing.assert_allclose(out, expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(net.feedforward(X), expected, rtol=0, atol=1e-12)
    # one example at a time agrees too
    for i in (0, 1023, 1024, 2099):
        np.testing.assert_allclose(net.feedforward(X[i]),
                                   reference.feedforward(net.weights, net.biases, X[i],
                                                         activation, cost),
                                   rtol=0, atol=1e-12)


@pytest.mark.parametrize("activation,cost", COMBOS, ids=COMBO_IDS)
def test_float32_network_agrees_with_float64(activation, cost):
    sizes = [64, 32, 16, 10]
    X, _ = random_problem(sizes, 200, seed=7)
    net64 = Network(sizes, activation=activation, cost=cost, seed=3, dtype=np.float64)
    net32 = Network(sizes, activation=activation, cost=cost, seed=3, dtype=np.float32)
    assert net32.dtype == np.float32
    np.testing.assert_array_equal(net32.params, net64.params.astype(np.float32))
    out32 = net32.feedforward(X)
    assert out32.dtype == np.float32
    np.testing.assert_allclose(out32, net64.feedforward(X), rtol=0, atol=1e-5)


# --------------------------------------------------------------------------- stability


def test_reference_functions_are_stable_for_huge_inputs():
    z = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # no overflow, no NaN
        s = reference.sigmoid(z)
        sm = reference.softmax(np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0]]))
    assert np.isfinite(s).all()
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    assert np.isfinite(sm).all()
    np.testing.assert_allclose(sm.sum(axis=1), 1.0)
    np.testing.assert_allclose(sm[0], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(sm[1], [1 / 3] * 3)
    assert np.isfinite(reference.sigmoid_prime(z)).all()


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("activation,cost", COMBOS, ids=COMBO_IDS)
def test_forward_is_finite_for_huge_inputs(activation, cost, dtype):
    sizes = [8, 6, 4]
    rng = np.random.default_rng(0)
    X = 1000.0 * rng.choice([-1.0, 1.0], (20, sizes[0]))
    y = rng.integers(0, sizes[-1], 20)
    net = Network(sizes, activation=activation, cost=cost, init="normal", seed=0, dtype=dtype)
    out = net.feedforward(X)
    assert np.isfinite(out).all()
    assert (out >= 0).all() and (out <= 1).all()
    if cost == "cross-entropy":
        np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-5)
    assert np.isfinite(net.mean_cost(X, y))
    ref = reference.feedforward_batch([w.astype(np.float64) for w in net.weights],
                                      [b.astype(np.float64) for b in net.biases],
                                      X, activation, cost)
    assert np.isfinite(ref).all()
    if dtype == np.float64:
        np.testing.assert_allclose(out, ref, rtol=0, atol=1e-12)
        gw, gb = net.gradient(X, y)
        assert np.isfinite(flatten(gw, gb)).all()


def test_float32_sigmoid_matches_numpy_everywhere():
    """The kernels' hand-written float32 sigmoid agrees with 1/(1+e^-z) to a few ulp,
    saturates cleanly far out, and lets NaN through (divergence detection needs it)."""
    from mlpbook.engine import kernels

    z = np.concatenate([np.linspace(-120, 120, 20001), [0.0, -87.0, 87.0, -88.5, 88.5, 1e30,
                                                        -1e30]]).astype(np.float32)
    Z = z.reshape(1, -1)
    A = np.empty_like(Z)
    kernels._activate(Z, A, kernels.SIGMOID)
    with np.errstate(over="ignore"):
        exact = 1.0 / (1.0 + np.exp(-z.astype(np.float64)))
    assert np.all(np.abs(A[0] - exact) <= 4 * np.spacing(np.float32(1.0)) * np.maximum(exact, 1e-30)
                  + 1e-37)
    assert np.all((A >= 0) & (A <= 1))
    nan = np.array([[np.nan]], np.float32)
    out = np.empty_like(nan)
    kernels._activate(nan, out, kernels.SIGMOID)
    assert np.isnan(out[0, 0])
