"""Finite-difference gradients agree with backpropagation."""

import numpy as np
import pytest

from mlpbook import Network, synthetic_digits
from mlpbook.engine import gradcheck


@pytest.fixture(scope="module")
def data():
    return synthetic_digits(40, 10, image_shape=(4, 4), n_classes=3, seed=1)


@pytest.mark.parametrize("activation,cost", [("sigmoid", "quadratic"),
                                             ("relu", "cross-entropy"),
                                             ("sigmoid", "cross-entropy")])
def test_numerical_gradient_matches_backprop_for_every_parameter(data, activation, cost):
    net = Network([16, 5, 4, 3], activation=activation, cost=cost, init="normal", seed=2,
                  dtype=np.float64)
    X, y = data.train_images, data.train_labels
    numeric = gradcheck.numerical_gradient(net, X, y)
    analytic = gradcheck.analytic_gradient(net, X, y)
    assert numeric.shape == analytic.shape == (net.n_params,)
    assert np.abs(numeric - analytic).max() < 1e-8
    big = np.abs(analytic) > 1e-4    # tiny components are judged by the absolute error above
    assert gradcheck.relative_error(numeric[big], analytic[big]).max() < 1e-5


def test_indices_select_components_in_order(data):
    net = Network([16, 5, 3], seed=0, dtype=np.float64, init="normal")
    X, y = data.train_images, data.train_labels
    idx = np.array([90, 3, 17])
    full = gradcheck.numerical_gradient(net, X, y)
    part = gradcheck.numerical_gradient(net, X, y, indices=idx)
    assert np.allclose(part, full[idx], rtol=0, atol=1e-12)
    assert np.allclose(gradcheck.analytic_gradient(net, X, y, idx),
                       gradcheck.analytic_gradient(net, X, y)[idx])


def test_the_network_is_left_unchanged(data):
    net = Network([16, 5, 3], seed=0)
    before = net.params.copy()
    g = gradcheck.numerical_gradient(net, data.train_images, data.train_labels, indices=[0, 5])
    assert g.dtype == np.float64
    assert np.array_equal(net.params, before)
    assert net.params.dtype == np.float32


def test_float32_networks_are_checked_in_float64(data):
    net = Network([16, 5, 3], seed=0, init="normal")
    X, y = data.train_images, data.train_labels
    idx = gradcheck.sample_indices(net, per_layer=5, seed=0)
    err = gradcheck.relative_error(gradcheck.numerical_gradient(net, X, y, indices=idx),
                                   gradcheck.analytic_gradient(net, X, y, idx))
    assert err.max() < 1e-5


def test_a_wrong_gradient_is_caught(data):
    net = Network([16, 5, 3], seed=0, dtype=np.float64, init="normal")
    X, y = data.train_images, data.train_labels
    numeric = gradcheck.numerical_gradient(net, X, y)
    wrong = gradcheck.analytic_gradient(net, X, y) * 1.01
    assert gradcheck.relative_error(numeric, wrong).max() > 1e-3


def test_relative_error():
    assert gradcheck.relative_error(1.0, 1.0) == 0.0
    assert gradcheck.relative_error(0.0, 0.0) == 0.0
    assert np.isclose(gradcheck.relative_error(1.0, 1.1), 0.1 / 1.1)
    assert np.isclose(gradcheck.relative_error(-2e-6, -1e-6), 0.5)
    err = gradcheck.relative_error([1.0, 0.0, 3.0], [1.0, 0.0, -3.0])
    assert err.shape == (3,)
    assert np.allclose(err, [0, 0, 2])


def test_parameter_names_and_sampling():
    net = Network([4, 3, 2], seed=0)
    names = gradcheck.parameter_names(net)
    assert len(names) == net.n_params == 4 * 3 + 3 + 3 * 2 + 2
    assert names[0] == "W1[0, 0]" and names[5] == "W1[1, 1]"
    assert names[12] == "b1[0]" and names[15] == "W2[0, 0]" and names[-1] == "b2[1]"
    idx = gradcheck.sample_indices(net, per_layer=2, seed=0)
    assert len(idx) == 8 and len(set(idx.tolist())) == 8
    assert np.array_equal(idx, gradcheck.sample_indices(net, per_layer=2, seed=0))
    layers = {n.split("[")[0] for n in gradcheck.parameter_names(net, idx)}
    assert layers == {"W1", "b1", "W2", "b2"}


@pytest.mark.parametrize("bad", [[-1], [10_000], [1.5], [[0, 1]]])
def test_bad_indices_are_refused(bad):
    net = Network([4, 3, 2], seed=0)
    X = np.zeros((2, 4))
    with pytest.raises(ValueError, match="indices"):
        gradcheck.numerical_gradient(net, X, [0, 1], indices=bad)


@pytest.mark.parametrize("eps", [0, -1e-5, float("nan"), "1e-5"])
def test_bad_eps_is_refused(eps):
    net = Network([4, 3, 2], seed=0)
    with pytest.raises(ValueError, match="eps"):
        gradcheck.numerical_gradient(net, np.zeros((2, 4)), [0, 1], eps=eps)


def test_flatten_puts_reference_backprop_in_params_order(data):
    from mlpbook.engine import reference
    net = Network([16, 5, 3], seed=0, dtype=np.float64, init="normal")
    X, y = data.train_images[:1].astype(np.float64), data.train_labels[:1]
    gw, gb = reference.backprop(net.weights, net.biases, X[0], reference.one_hot(y[0], 3))
    flat = gradcheck.flatten(net, gw, gb)
    assert flat.shape == (net.n_params,)
    assert np.allclose(flat, gradcheck.numerical_gradient(net, X, y), atol=1e-9)
    with pytest.raises(ValueError, match="shapes"):
        gradcheck.flatten(net, [g.T for g in gw], gb)
