"""The toy costs of chapter 5 and gradient-descent paths."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlpbook import viz  # noqa: E402
from mlpbook.lessons import descent  # noqa: E402


def _numeric_slope(f, w, h=1e-6):
    return (f(w + h) - f(w - h)) / (2 * h)


def test_slope1d_is_the_derivative_of_cost1d():
    w = np.linspace(*descent.COST1D_RANGE, 37)
    assert np.allclose(descent.slope1d(w), _numeric_slope(descent.cost1d, w), atol=1e-7)


def test_grad2d_is_the_gradient_of_cost2d():
    rng = np.random.default_rng(0)
    h = 1e-6
    for p in rng.uniform(*descent.COST2D_RANGE, size=(20, 2)):
        numeric = [(descent.cost2d(p + h * e) - descent.cost2d(p - h * e)) / (2 * h)
                   for e in np.eye(2)]
        assert np.allclose(descent.grad2d(p), numeric, atol=1e-7)


def test_grad2d_on_grids_matches_pointwise():
    g = np.linspace(-2, 2, 5)
    X, Y = np.meshgrid(g, g)
    gx, gy = descent.grad2d(X, Y)
    assert gx.shape == gy.shape == X.shape
    assert np.allclose([gx[1, 3], gy[1, 3]], descent.grad2d([X[1, 3], Y[1, 3]]))
    assert np.isclose(descent.cost2d(X, Y)[2, 4], descent.cost2d([X[2, 4], Y[2, 4]]))


def test_cost1d_has_three_valleys_the_middle_one_deepest():
    minima = descent.local_minima_1d()
    assert len(minima) == 3
    assert np.allclose(minima, [-3.773, -0.812, 2.146], atol=2e-3)
    assert np.argmin(descent.cost1d(minima)) == 1
    assert np.allclose(descent.slope1d(minima), 0, atol=1e-3)


def test_descend_follows_the_rule_and_keeps_the_start():
    path = descent.descend(lambda w: 2 * w, 4.0, 0.25, 3)
    assert np.allclose(path, [4, 2, 1, 0.5])
    path2 = descent.descend(lambda p: 2 * p, [1.0, -2.0], 0.25, 2)
    assert path2.shape == (3, 2)
    assert np.allclose(path2[-1], [0.25, -0.5])
    assert descent.descend(descent.slope1d, 1.0, 0.1, 0).shape == (1,)


def test_steps_shrink_near_a_minimum():
    path = descent.descend(descent.slope1d, -2.0, 0.05, 60)
    sizes = descent.step_sizes(path)
    assert len(sizes) == 60
    assert sizes[-1] < sizes.max() / 100
    assert abs(path[-1] - descent.local_minima_1d()[1]) < 1e-3


def test_different_starts_reach_different_minima():
    minima = descent.local_minima_1d()
    ends = [descent.descend(descent.slope1d, s, 0.05, 300)[-1] for s in (-4.5, -1.5, 3.5)]
    assert [descent.nearest_minimum(e, minima) for e in ends] == [0, 1, 2]
    ends2 = [descent.descend(descent.grad2d, s, 0.3, 200)[-1]
             for s in ([-2.5, 2.5], [2.5, -2.5], [-2.5, -2.5])]
    assert len({tuple(np.round(e, 2)) for e in ends2}) == 3
    for e in ends2:
        assert np.linalg.norm(descent.grad2d(e)) < 1e-4


def test_descend_stops_when_the_path_runs_away():
    path = descent.descend(lambda w: 2 * w, 1.0, 5.0, 1000, limit=1e6)
    assert len(path) < 1001
    assert np.all(np.isfinite(path))
    assert abs(path[-1]) > 1e6


def test_noisy_descent_is_reproducible_and_noisy():
    a = descent.descend_noisy(descent.grad2d, [2.5, -2.5], 0.1, 50, noise=1.0, seed=3)
    b = descent.descend_noisy(descent.grad2d, [2.5, -2.5], 0.1, 50, noise=1.0, seed=3)
    clean = descent.descend(descent.grad2d, [2.5, -2.5], 0.1, 50)
    assert np.array_equal(a, b)
    assert a.shape == clean.shape
    assert not np.allclose(a, clean)
    quiet = descent.descend_noisy(descent.grad2d, [2.5, -2.5], 0.1, 50, noise=0.0)
    assert np.allclose(quiet, clean)


@pytest.mark.parametrize("lr", [0, -1, float("nan"), "0.1", True])
def test_bad_learning_rates_are_refused(lr):
    with pytest.raises(ValueError, match="learning rate"):
        descent.descend(descent.slope1d, 0.0, lr, 10)


@pytest.mark.parametrize("steps", [-1, 2.5, "3"])
def test_bad_step_counts_are_refused(steps):
    with pytest.raises(ValueError, match="steps"):
        descent.descend(descent.slope1d, 0.0, 0.1, steps)


# ---------------------------------------------------------------- figures and the widget
def test_chapter5_figures_draw_even_a_path_that_runs_away():
    away = descent.descend(descent.slope1d, 3.5, 50.0, 5)
    figures = [
        viz.plot_descent_1d(away),
        viz.plot_descent_grid([(-2.0, 0.05), (1.5, 0.6, "big")], steps=5),
        viz.plot_landings_1d([-4.0, 0.0, 3.0], steps=20),
        viz.plot_descent_2d([descent.descend(descent.grad2d, [2, 2], 0.3, 5)], labels=["a"]),
        viz.plot_cost_curves([("a", [0, 1], [1.0, 0.5])]),
        viz.plot_step_vs_sigmoid(),
        viz.plot_small_network([np.eye(2), -np.eye(2)], [np.ones(2), np.ones(2), np.zeros(2)],
                               highlight=[(1, 0, 1)]),
        viz.plot_eps_errors([1e-1, 1e-2], [1e-3, 1e-5]),
        viz.plot_engine_times(["a", "b"], [1.0, 0.01]),
    ]
    for fig in figures:
        assert fig.get_axes()
        assert fig.get_size_inches()[0] <= 7.01
        plt.close(fig)
