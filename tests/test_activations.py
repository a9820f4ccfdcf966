"""The pure functions behind the squish figures of chapter 3 (mlpbook.lessons.activations)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlpbook import viz  # noqa: E402
from mlpbook.engine import reference  # noqa: E402


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


# ---------------------------------------------------------------- figures
def test_squish_figures_draw():
    for fig in (viz.plot_sigmoid_and_relu(), viz.plot_squish_settings()):
        assert fig.get_size_inches()[0] <= 7.01
        plt.close(fig)
