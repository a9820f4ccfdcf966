"""Chapter 10's figures (mlpbook.viz.hidden) and the claims behind its exercises."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlpbook.viz import hidden as fh  # noqa: E402
from mlpbook.lessons import toy2d  # noqa: E402
from mlpbook.exercises import ch10  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _trained(data="xor", hidden=2, seed=toy2d.XOR_SEED):
    X, y = toy2d.dataset(data)
    return toy2d.train(toy2d.init_params(hidden=hidden, seed=seed), X, y).params, X, y


# --------------------------------------------------------------------------- geometry
@pytest.mark.parametrize("w, b, expected", [
    ((1.0, 1.0), -0.5, {(-0.5, 1.0), (1.0, -0.5)}),     # x1 + x2 = 0.5, a diagonal
    ((1.0, 0.0), -0.25, {(0.25, -0.5), (0.25, 1.5)}),   # vertical x1 = 0.25
    ((0.0, 2.0), -2.0, {(-0.5, 1.0), (1.5, 1.0)}),      # horizontal x2 = 1
])
def test_line_ends_are_where_the_line_leaves_the_square(w, b, expected):
    ends = fh._line_ends(np.array(w), b, -0.5, 1.5)
    assert ends is not None
    assert {tuple(np.round(p, 9)) for p in ends} == expected
    for p in ends:
        assert np.dot(w, p) + b == pytest.approx(0.0, abs=1e-9)


def test_a_line_outside_the_square_or_no_line_has_no_ends():
    assert fh._line_ends(np.array([1.0, 0.0]), -5.0, -0.5, 1.5) is None     # x1 = 5
    assert fh._line_ends(np.array([0.0, 0.0]), 1.0, -0.5, 1.5) is None      # w = 0


def test_labels_of_lines_that_leave_together_do_not_overlap():
    fig, ax = plt.subplots()
    taken = []
    for b in (-0.5, -0.501, -0.502):                       # three nearly equal lines
        fh._draw_line(ax, np.array([1.0, 1.0]), b, (-0.5, 1.5), label="h", taken=taken)
    ys = sorted(y for _, y in taken)
    assert len(ys) == 3 and min(np.diff(ys)) >= 0.07 * 2.0 - 1e-12
    assert all(-0.5 <= y <= 1.5 for y in ys)


# --------------------------------------------------------------------------- figures
def test_plot_lines_reports_each_lines_accuracy_and_the_missing_line():
    X, y = toy2d.xor_points()
    best, w, b = toy2d.best_linear_accuracy(X, y)
    fit = toy2d.logistic_regression_fit(X, y)
    fig = fh.plot_lines([(X, y, w, b, "best"), (X, y, fit.w, fit.b, "fit")])
    assert len(fig.axes) == 2
    assert "75%" in fig.axes[0].get_title() and "50%" in fig.axes[1].get_title()
    texts = [t.get_text() for t in fig.axes[1].texts]
    assert any("no line" in t for t in texts)
    assert len(fig.axes[0].lines) == 1 and len(fig.axes[1].lines) == 0
    assert fig.get_size_inches()[0] <= 7


def test_plot_regions_draws_one_panel_per_network_with_its_hidden_lines():
    X, y = toy2d.xor_points()
    nets = [(toy2d.init_params(hidden=h, seed=1), f"{h}") for h in (1, 3)]
    fig = fh.plot_regions(nets, X, y)
    assert len(fig.axes) == 2
    for ax, (params, _) in zip(fig.axes, nets):
        acc = toy2d.accuracy(params, X, y)
        assert f"{acc:.0%} right" in ax.get_title()
    labels = [t.get_text() for t in fig.axes[1].texts]
    assert set(labels) <= {"h1", "h2", "h3"}


def test_hidden_transform_puts_the_points_where_the_hidden_layer_sends_them():
    params, X, y = _trained()
    fig = fh.plot_hidden_transform(params, X, y)
    left, right = fig.axes[:2]
    H, _ = toy2d.forward(params, X)
    drawn = np.vstack([c.get_offsets() for c in right.collections if len(c.get_offsets())])
    for h in H:
        assert np.min(np.linalg.norm(drawn - h, axis=1)) < 1e-12
    assert right.get_xlim()[0] < 0 < 1 < right.get_xlim()[1]
    assert "before" in left.get_title() and "after" in right.get_title()


def test_hidden_transform_refuses_a_network_it_cannot_draw():
    X, y = toy2d.xor_points()
    with pytest.raises(ValueError, match="two hidden neurons"):
        fh.plot_hidden_transform(toy2d.init_params(hidden=3), X, y)
    with pytest.raises(ValueError, match="exactly the keys"):
        fh.plot_hidden_transform({"W1": np.zeros((2, 2))}, X, y)


def test_plot_cost_histories_draws_every_run_and_level():
    losses = [np.linspace(0.7, 0.1, 50), np.full(80, 0.35)]
    fig = fh.plot_cost_histories([("a", losses[0]), ("b", losses[1])],
                                 levels=[(0.347, "plateau")])
    ax = fig.axes[0]
    assert len(ax.lines) == 3
    assert np.array_equal(ax.lines[1].get_ydata(), losses[1])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]


# --------------------------------------------------------------------------- exercise claims
def _xor_net(activation, W1, b1, v, c):
    X, y = toy2d.xor_points()
    H = activation(X @ np.array(W1, float).T + np.array(b1, float))
    z = H @ np.array(v, float) + c
    return 1 / (1 + np.exp(-z)), y


@pytest.mark.parametrize("name, activation, W1, b1, v, c", [
    ("relu", lambda z: np.maximum(z, 0), [[1, 1], [1, 1]], [0, -1], [10, -20], -5),
    ("square", lambda z: z ** 2, [[1, -1], [0, 0]], [0, 0], [10, 0], -5),
    ("step", lambda z: (z > 0).astype(float), [[1, 1], [1, 1]], [-0.5, -1.5], [10, -20], -5),
])
def test_q3_solution_networks_compute_xor(name, activation, W1, b1, v, c):
    a, y = _xor_net(activation, W1, b1, v, c)
    assert np.all(np.where(y == 1, a > 0.99, a < 0.01)), (name, a)


@pytest.mark.parametrize("activation", [lambda z: z, lambda z: 3 * z - 1])
def test_q3_linear_activations_never_compute_xor(activation):
    """With a linear f the hidden points are an affine image of the corners: no line splits
    them as XOR wants, whatever the weights."""
    X, y = toy2d.xor_points()
    rng = np.random.default_rng(0)
    for _ in range(200):
        H = activation(X @ rng.normal(size=(2, 2)).T + rng.normal(size=2))
        assert toy2d.best_linear_accuracy(H, y)[0] <= 0.75
    assert ch10.q3.accepts("cde") and not ch10.q3.accepts("bcde")


def test_q4_reference_is_confident_xor_within_the_sliders():
    p = toy2d.params_from_vector(ch10.q4.reference)
    X, y = toy2d.xor_points()
    a = toy2d.output(p, X)
    assert np.all(np.where(y == 1, a > 0.9, a < 0.1))
    from mlpbook.widgets.hidden_layer_explorer import SLIDER_RANGE
    assert all(SLIDER_RANGE[0] <= v <= SLIDER_RANGE[1] for v in ch10.q4.reference)
    assert ch10.q4.accepts(p)                                # a parameter dict works too
