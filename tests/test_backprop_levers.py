"""One example's nudges (the three levers) are the negative gradient, layer by layer."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlpbook import Network, synthetic_digits  # noqa: E402
from mlpbook.engine import gradcheck, reference  # noqa: E402
from mlpbook.viz import training as figs  # noqa: E402
from mlpbook.lessons.backprop_levers import (average_nudges, example_nudges, output_nudges,  # noqa: E402
                                             pull_levers)


@pytest.fixture(scope="module")
def data():
    return synthetic_digits(30, 10, image_shape=(4, 4), n_classes=5, seed=4)


def test_output_nudges_point_at_the_target():
    a = np.array([0.1, 0.7, 0.3, 0.0])
    nudge = output_nudges(a, 2)
    assert np.allclose(nudge, [-0.1, -0.7, 0.7, 0.0])
    assert nudge[2] > 0 and np.all(np.delete(nudge, 2) <= 0)
    # for the quadratic cost ½‖a − y‖² the nudge is −∂C/∂a
    y = reference.one_hot(2, 4)
    eps = 1e-6
    for j in range(4):
        up, down = a.copy(), a.copy()
        up[j] += eps
        down[j] -= eps
        dC = (reference.cost_of_output(up, y) - reference.cost_of_output(down, y)) / (2 * eps)
        assert nudge[j] == pytest.approx(-dC, abs=1e-8)


@pytest.mark.parametrize("bad", [5, -1, 1.5, "2"])
def test_output_nudges_reject_a_label_outside_the_outputs(bad):
    with pytest.raises(ValueError, match="label"):
        output_nudges(np.zeros(5), bad)


def test_the_three_levers_are_proportional_as_the_video_says():
    rng = np.random.default_rng(0)
    W, a_prev, z = rng.normal(size=(3, 5)), rng.random(5), rng.normal(size=3)
    wish = np.array([0.5, -0.2, 0.1])
    lv = pull_levers(W, a_prev, z, wish)
    dz = wish * reference.sigmoid_prime(z)
    assert np.allclose(lv.z, dz) and np.allclose(lv.bias, dz)            # lever 1
    for j in range(3):
        assert np.allclose(lv.weights[j], dz[j] * a_prev)                   # lever 2: ∝ a_k
        assert np.allclose(lv.wishes[j], dz[j] * W[j])                      # lever 3: ∝ w_jk
    assert np.allclose(lv.previous, lv.wishes.sum(axis=0))                  # added up
    assert np.allclose(lv.previous, W.T @ dz)


def test_pull_levers_takes_exactly_one_kind_of_wish_and_checks_shapes():
    W, a_prev, z = np.ones((2, 3)), np.ones(3), np.zeros(2)
    with pytest.raises(ValueError, match="exactly one"):
        pull_levers(W, a_prev, z)
    with pytest.raises(ValueError, match="exactly one"):
        pull_levers(W, a_prev, z, np.ones(2), nudge_z=np.ones(2))
    with pytest.raises(ValueError, match="shapes"):
        pull_levers(W, np.ones(4), z, np.ones(2))
    with pytest.raises(ValueError, match="one entry per neuron"):
        pull_levers(W, a_prev, z, np.ones(3))
    direct = pull_levers(W, a_prev, z, nudge_z=np.array([1.0, -1.0]))
    assert np.allclose(direct.bias, [1.0, -1.0])


@pytest.mark.parametrize("activation,cost", [("sigmoid", "quadratic"),
                                             ("sigmoid", "cross-entropy"),
                                             ("relu", "cross-entropy")])
def test_one_examples_nudges_are_its_negative_gradient(data, activation, cost):
    net = Network([16, 6, 5, 5], activation=activation, cost=cost, init="normal", seed=3,
                  dtype=np.float64)
    x, label = data.train_images[0].astype(np.float64), int(data.train_labels[0])
    wants = example_nudges(net, x, label)
    gw, gb = reference.backprop(net.weights, net.biases, x, reference.one_hot(label, 5),
                                activation, cost)
    for nudge, grad in zip(wants.weights + wants.biases, gw + gb):
        assert nudge.shape == grad.shape
        assert np.allclose(nudge, -grad, rtol=1e-12, atol=1e-15)
    assert len(wants.levers) == 3 and len(wants.activations) == 4
    assert np.allclose(wants.activations[-1],
                       reference.feedforward(net.weights, net.biases, x, activation, cost))
    # and against finite differences, which know nothing about levers
    numeric = gradcheck.numerical_gradient(net, x[None], [label])
    assert np.abs(wants.flat(net) + numeric).max() < 1e-8


def test_the_average_of_many_wishes_is_the_negative_gradient_of_the_batch(data):
    net = Network([16, 6, 5], init="normal", seed=1, dtype=np.float64)
    X, y = data.train_images[:8].astype(np.float64), data.train_labels[:8]
    mean = average_nudges(net, X, y)
    gw, gb = reference.backprop_batch(net.weights, net.biases, X, reference.one_hot(y, 5))
    assert mean.shape == (net.n_params,)
    assert np.allclose(mean, -gradcheck.flatten(net, gw, gb), rtol=1e-12, atol=1e-15)
    # different examples want different things: no single example's wish is the average
    singles = [example_nudges(net, x, int(t)).flat(net) for x, t in zip(X, y)]
    assert all(not np.allclose(s, mean) for s in singles)


def test_example_nudges_validate_at_the_edge(data):
    net = Network([16, 4, 5], seed=0)
    with pytest.raises(ValueError, match="features"):
        example_nudges(net, np.zeros(15), 0)
    with pytest.raises(ValueError):
        example_nudges(net, data.train_images[0], 7)


def test_the_figures_draw(data):
    net = Network([16, 6, 5], init="normal", seed=1, dtype=np.float64)
    wants = example_nudges(net, data.train_images[0], int(data.train_labels[0]))
    out = wants.levers[-1]
    fig = figs.plot_output_nudges(wants.activations[-1], wants.label)
    assert len(fig.axes) == 1
    fig = figs.plot_levers(wants.activations[-2], net.weights[-1][0], out.z[0], neuron=0)
    assert len(fig.axes) == 4
    fig = figs.plot_nudge_rows(out.wishes, out.previous, [str(j) for j in range(5)], "sum",
                               "hidden neuron")
    assert len(fig.axes) == 4    # rows, total, and a colour bar for each (their scales differ)
    with pytest.raises(ValueError, match="one column per entry"):
        figs.plot_nudge_rows(out.wishes, out.previous[:-1], list("abcde"), "sum", "x")
    import matplotlib.pyplot as plt
    plt.close("all")


@pytest.mark.parametrize("activation, cost", [("sigmoid", "quadratic"),
                                              ("sigmoid", "cross-entropy"),
                                              ("relu", "cross-entropy")])
def test_error_sizes_are_the_mean_size_of_each_layers_bias_gradient(data, activation, cost):
    # for one example, BP3 says the bias gradient of a layer is its error δ
    from mlpbook.lessons.backprop_levers import error_sizes
    X, labels = data.train_images[:7], data.train_labels[:7]
    net = Network([16, 6, 5, 5], activation=activation, cost=cost, seed=1, dtype=np.float64)
    per_example = []
    for x, label in zip(X, labels):
        _, grad_b = reference.backprop(net.weights, net.biases, x.astype(np.float64),
                                       reference.one_hot(int(label), 5), activation, cost)
        per_example.append([np.abs(g).mean() for g in grad_b])
    sizes = error_sizes(net, X, labels)
    assert sizes.shape == (3,)
    assert np.allclose(sizes, np.mean(per_example, axis=0), rtol=1e-12, atol=0)


def test_error_size_table_lines_up_networks_from_the_output_back():
    import mlpbook
    from mlpbook.lessons.backprop_levers import error_size_table
    table = error_size_table({"short": [0.01, 0.1], "long": [0.001, 0.01, 0.1]})
    lines = str(table).splitlines()
    assert len(lines) == 4 and "output layer" in lines[1] and "2 layers back" in lines[3]
    assert lines[1].split()[-2:] == ["1.0e-01", "1.0e-01"]
    assert lines[3].split()[-1] == "1.0e-03" and "1.0e-03" not in lines[2]
    language = mlpbook.get_language()
    mlpbook.set_language("zh")
    try:
        assert "输出层" in str(table) and "往回 2 层" in str(table)
    finally:
        mlpbook.set_language(language)
    with pytest.raises(ValueError):
        error_size_table({"empty": []})
