"""The pure functions behind the widgets and figures of chapters 3 (squishing) and 4 (cost)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlpbook import reference, viz  # noqa: E402


# ---------------------------------------------------------------- chapter 3
def test_squish_curve_is_the_activation_of_w_z_plus_b():
    z = np.linspace(-5, 5, 11)
    assert np.allclose(viz.squish_curve(z, 2.0, -1.0, "sigmoid"), 1 / (1 + np.exp(-(2 * z - 1))))
    assert np.allclose(viz.squish_curve(z, 2.0, -1.0, "relu"), np.maximum(2 * z - 1, 0))
    assert np.allclose(viz.squish_curve(z), reference.sigmoid(z))
    assert float(viz.squish_curve(0.0, 3.0, 0.0)) == pytest.approx(0.5)


def test_squish_curve_midpoint_sits_at_step_position():
    for w, b in [(1.0, 0.0), (2.0, -6.0), (0.5, 3.0), (-4.0, 2.0)]:
        where = viz.step_position(w, b)
        assert float(viz.squish_curve(where, w, b, "sigmoid")) == pytest.approx(0.5)
        assert float(viz.squish_curve(where, w, b, "relu")) == pytest.approx(0.0)
    assert viz.step_position(0.0, 1.0) is None
    assert str(viz.step_position(2.0, 0.0)) == "0.0"  # never "-0.0" in a label


def test_larger_weight_makes_a_steeper_step():
    z = np.array([-0.1, 0.1])
    rise = [np.diff(viz.squish_curve(z, w))[0] for w in (0.5, 1, 3, 10)]
    assert np.all(np.diff(rise) > 0)


def test_squish_curve_rejects_unknown_activation():
    with pytest.raises(ValueError, match="sigmoid"):
        viz.squish_curve(0.0, activation="tanh")


# ---------------------------------------------------------------- chapter 4
def test_confident_output_sums_to_one_and_puts_confidence_on_label():
    a = viz.confident_output(3, 0.7)
    assert a.shape == (10,)
    assert a.sum() == pytest.approx(1.0)
    assert a[3] == pytest.approx(0.7)
    assert np.allclose(np.delete(a, 3), 0.3 / 9)
    b = viz.confident_output(3, 0.2, rival=8)
    assert b[3] == pytest.approx(0.2) and b[8] == pytest.approx(0.8)
    assert b.sum() == pytest.approx(1.0)
    assert np.allclose(viz.confident_output(3, 0.4, rival=3), viz.confident_output(3, 0.4))


@pytest.mark.parametrize("label,confidence", [(10, 0.5), (-1, 0.5), (2, 1.5), (2, -0.1)])
def test_confident_output_rejects_bad_settings(label, confidence):
    with pytest.raises(ValueError):
        viz.confident_output(label, confidence)


def test_output_costs_match_the_formulas():
    a = np.array([0.1, 0.2, 0.05, 0.4, 0.0, 0.0, 0.05, 0.1, 0.1, 0.0])
    y = np.zeros(10)
    y[3] = 1
    costs = viz.output_costs(a, 3)
    assert costs["quadratic"] == pytest.approx(np.sum((a - y) ** 2))
    assert costs["quadratic_half"] == pytest.approx(0.5 * costs["quadratic"])
    assert costs["cross_entropy"] == pytest.approx(-np.log(0.4))


def test_output_costs_of_uniform_output():
    costs = viz.output_costs(np.full(10, 0.1), 7)
    assert costs["quadratic"] == pytest.approx(0.9)
    assert costs["cross_entropy"] == pytest.approx(np.log(10))


def test_cross_entropy_only_sees_the_right_digit_quadratic_sees_all():
    spread = viz.output_costs(viz.confident_output(3, 0.5), 3)
    rival = viz.output_costs(viz.confident_output(3, 0.5, rival=8), 3)
    assert spread["cross_entropy"] == pytest.approx(rival["cross_entropy"])
    assert rival["quadratic"] > spread["quadratic"]


def test_cost_and_gradient_vs_output_formulas_and_numerical_derivative():
    a = np.array([0.01, 0.2, 0.5, 0.9])
    c = viz.cost_and_gradient_vs_output(a)
    assert np.allclose(c["quadratic"], (1 - a) ** 2)
    assert np.allclose(c["cross_entropy"], -np.log(a))
    assert np.allclose(c["quadratic_grad"], 2 * (a - 1) * a * (1 - a))
    assert np.allclose(c["cross_entropy_grad"], a - 1)
    # the gradients are derivatives with respect to z, where a = sigmoid(z)
    z = np.log(a / (1 - a))
    h = 1e-6
    up, down = reference.sigmoid(z + h), reference.sigmoid(z - h)
    numeric_q = ((1 - up) ** 2 - (1 - down) ** 2) / (2 * h)
    numeric_ce = (-np.log(up) + np.log(down)) / (2 * h)
    assert np.allclose(c["quadratic_grad"], numeric_q, atol=1e-6)
    assert np.allclose(c["cross_entropy_grad"], numeric_ce, atol=1e-6)


def test_confidently_wrong_quadratic_gradient_is_tiny():
    c = viz.cost_and_gradient_vs_output(np.array([0.01]))
    assert abs(c["quadratic_grad"][0]) < 0.03 < 0.9 < abs(c["cross_entropy_grad"][0])


# ---------------------------------------------------------------- figures and widgets
def test_figures_draw():
    costs = {"a": np.random.default_rng(0).random(100), "b": np.zeros(50)}
    for fig in (viz.plot_sigmoid_and_relu(), viz.plot_squish_settings(),
                viz.plot_cost_vs_output(), viz.plot_output_cost_settings(),
                viz.plot_output_cost_settings(label=0, settings=[(0.2, 9)]),
                viz.plot_cost_histograms(costs)):
        assert fig.get_size_inches()[0] <= 7.01
        plt.close(fig)


def test_widgets_build_and_respond():
    pytest.importorskip("ipywidgets")
    from mlpbook import widgets
    squish = widgets.squish_explorer(w=2.0, b=-1.0)
    w_slider, b_slider = squish.children[0].children
    w_slider.value = 5.0
    b_slider.value = 0.0
    squish.children[1].value = "relu"
    cost = widgets.cost_explorer(label=4, confidence=0.3, rival=7)
    digit, rest = cost.children[0].children
    digit.value = 0
    rest.value = -1
    cost.children[1].value = 0.9
    plt.close("all")
