"""The figures of activations, cost, descent and curves speak Chinese in the Chinese edition.

Every figure function of ``mlpbook.viz.activations``, ``cost``, ``descent`` and ``curves`` is
drawn twice: in Chinese, where no English word may be left among its drawn texts (math,
numbers and names such as ReLU or MNIST excepted) and some text must be Chinese; and in
English, where the texts must be English only and the very ones the English edition had.
"""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import mlpbook  # noqa: E402
from mlpbook import i18n, viz  # noqa: E402
from mlpbook.lessons import descent  # noqa: E402
from mlpbook.engine.train import History  # noqa: E402
from mlpbook.viz._language import chinese_font, tr  # noqa: E402

from figure_text import CHINESE, NAMES, drawn_texts, english_words, missing_glyphs  # noqa: E402

#: Words allowed in a Chinese figure: names, and the names of maths functions.
ALLOWED = NAMES | {"max", "min", "log", "exp"}


def _history():
    h = History()
    for k in range(1, 5):
        h.epoch.append(k)
        h.learning_rate.append(3.0 * 0.5 ** (k // 2))
        h.train_cost.append(0.5 / k)
        h.test_cost.append(0.55 / k)
        h.train_accuracy.append(0.80 + 0.03 * k)
        h.test_accuracy.append(0.79 + 0.03 * k)
        h.seconds.append(0.1)
    return h


def _on_axes(draw, figsize=(4.6, 3.0)):
    fig, ax = plt.subplots(figsize=figsize)
    draw(ax)
    return fig


# Each figure drawn as a chapter draws it: words the chapter passes in go through tr().
FIGURES = {
    # activations
    "plot_sigmoid_and_relu": lambda: viz.plot_sigmoid_and_relu(),
    "plot_squish": lambda: _on_axes(lambda ax: viz.plot_squish(ax, 2.0, 1.0)),
    "plot_squish_settings": lambda: viz.plot_squish_settings(),
    "plot_step_vs_sigmoid": lambda: viz.plot_step_vs_sigmoid(),
    "plot_weighted_sum_spread": lambda: viz.plot_weighted_sum_spread(
        {"N(0, 1)": np.random.default_rng(0).normal(0, 6, 2000),
         "N(0, 1/√n)": np.random.default_rng(1).normal(0, 1, 2000)}),
    # cost
    "plot_cost_vs_output": lambda: viz.plot_cost_vs_output(),
    "plot_output_and_costs": lambda: _on_axes(lambda ax: viz.plot_output_and_costs(
        ax, viz.confident_output(3, 0.6), 3, title=tr("random network", "随机网络"))),
    "plot_output_cost_settings": lambda: viz.plot_output_cost_settings(label=3),
    "plot_cost_histograms": lambda: viz.plot_cost_histograms(
        {tr("random network", "随机网络"): np.linspace(1.5, 4.0, 50),
         tr("after one short epoch", "短短一轮训练后"): np.linspace(0.0, 1.0, 50)}),
    # descent
    "plot_descent_1d": lambda: viz.plot_descent_1d(   # runs away: "points off the picture"
        descent.descend(descent.slope1d, 3.5, 50.0, 5), title=tr("too large", "太大")),
    "plot_step_sizes": lambda: viz.plot_step_sizes(
        descent.descend(descent.slope1d, -2.0, 0.05, 30),
        title=tr("length of each step", "每一步的长度")),
    "plot_descent_grid": lambda: viz.plot_descent_grid(
        [(-2.0, 0.05, tr("about right", "恰到好处")), (1.5, 0.6)], steps=10),
    "plot_landings_1d": lambda: viz.plot_landings_1d([-4.0, 0.0, 3.0], steps=20),
    "plot_descent_2d": lambda: viz.plot_descent_2d(
        [descent.descend(descent.grad2d, [2.5, -2.5], 0.3, 10)],
        labels=[tr("start (2.5, -2.5)", "起点 (2.5, -2.5)")]),
    "plot_random_and_trained": lambda: viz.plot_random_and_trained(
        np.linspace(0, 1, 784), 4, viz.confident_output(8, 0.3), viz.confident_output(4, 0.9)),
    "plot_random_and_trained_costs": lambda: viz.plot_random_and_trained_costs(
        np.linspace(1.5, 4.0, 50), np.linspace(0.0, 1.0, 50)),
    "plot_descent_and_steps": lambda: viz.plot_descent_and_steps(
        descent.descend(descent.slope1d, -2.0, 0.05, 30), lr=0.05),
    "plot_gradient_components": lambda: viz.plot_gradient_components(
        [np.r_[np.zeros(10), np.linspace(1e-6, 1e-2, 30)].reshape(4, 10), np.ones((3, 4)) * 0.05],
        [np.linspace(1e-3, 1e-2, 4), np.linspace(0.1, 0.2, 3)]),
    "plot_first_layer_gradient": lambda: viz.plot_first_layer_gradient(
        [np.random.default_rng(0).normal(size=(16, 784))]),
    "plot_careful_and_stumbling": lambda: viz.plot_careful_and_stumbling(
        descent.descend(descent.grad2d, [2.5, -2.5], 0.5, 20),
        descent.descend_noisy(descent.grad2d, [2.5, -2.5], 0.15, 80, noise=1.0, seed=2)),
    "plot_full_batch_and_sgd": lambda: viz.plot_full_batch_and_sgd(
        [0.9, 0.5, 0.45], [0.9, 0.3, 0.2], n_images=5000),
    # curves
    "plot_history": lambda: viz.plot_history(_history()),
    "plot_cost_curves": lambda: viz.plot_cost_curves(
        [(tr("full batch", "全批量"), [0, 1, 2], [1.0, 0.6, 0.4]),
         (tr("mini-batches", "小批量"), [0, 0.5, 1], [1.0, 0.3, 0.2])]),
    "plot_recipe_curves": lambda: viz.plot_recipe_curves(
        {"CLASSIC": _history(), "BEST_16": _history()}),
    "plot_eps_errors": lambda: viz.plot_eps_errors(10.0 ** -np.arange(1, 9),
                                                   [1e-2, 1e-4, 1e-6, 1e-8, 1e-9, 1e-8,
                                                    1e-7, 1e-6]),
    "plot_engine_times": lambda: viz.plot_engine_times(["NumPy", "Numba"], [1.0, 0.01]),
}

#: English texts each figure must still draw in the English edition (a sample per figure).
ENGLISH = {
    "plot_sigmoid_and_relu": {"sigmoid: squashes into (0, 1)", "weighted input $z$",
                              "activation", "max σ′ = 1/4"},
    "plot_squish": {"input $x$"},
    "plot_squish_settings": {"σ(w·x): the weight sets the steepness",
                             "ReLU(2x + b): the bias slides it to x = −b/2"},
    "plot_step_vs_sigmoid": {"step", "slope", "step: 0 (undefined at 0)"},
    "plot_weighted_sum_spread": {"weighted sum z of a hidden neuron"},
    "plot_cost_vs_output": {"cost of one image", "confidently\nwrong", "quadratic",
                            "output $a$ for the right digit (want 1)"},
    "plot_output_and_costs": {"digit"},
    "plot_output_cost_settings": {"output activation"},
    "plot_cost_histograms": {"number of images", "cost of one image, Σ (a − y)²"},
    "plot_descent_1d": {"input $w$", "cost $C(w)$"},
    "plot_step_sizes": {"step number"},
    "plot_descent_grid": {"start -2, η = 0.05: about right", "start 1.5, η = 0.6"},
    "plot_landings_1d": {"local minima"},
    "plot_descent_2d": {"cost $C(x, y)$", "input $x$", "input $y$"},
    "plot_random_and_trained": {"the image (label 4)", "random network\nquadratic 0.989",
                                "after one pass over 10,000 images\nquadratic 0.011",
                                "output activation"},
    "plot_random_and_trained_costs": {"number of images"},
    "plot_descent_and_steps": {"30 steps from w = −2, η = 0.05", "length of each step"},
    "plot_gradient_components": {"rank within its layer (largest first)",
                                 "size of the component |∂C/∂θ|",
                                 "hidden layer 1: 44 parameters, 1.1% of |∇C|²; 10 are exactly 0",
                                 "output layer: 15 parameters, 98.9% of |∇C|²"},
    "plot_first_layer_gradient": {"−∂C/∂W of the 16 neurons of the first hidden layer"},
    "plot_careful_and_stumbling": {"careful: exact gradient, 20 steps",
                                   "stumbling: noisy gradient, 80 steps"},
    "plot_full_batch_and_sgd": {"full batch: 1 exact step per epoch",
                                "mini-batches of 10: 500 steps per epoch",
                                "epochs (passes over the 5,000 images)",
                                "cost on the 5,000 images"},
    "plot_history": {"epoch", "cost", "accuracy (%)", "training", "test"},
    "plot_cost_curves": {"epochs (passes over the data)", "cost"},
    "plot_recipe_curves": {"accuracy after each epoch", "learning rate (log scale)"},
    "plot_eps_errors": {"nudge ε", "|numerical − backprop|"},
    "plot_engine_times": {"s per epoch (log scale)"},
}


@pytest.fixture
def language(monkeypatch):
    """Switch the reader's language for one test; the previous choice comes back after."""
    monkeypatch.setattr(i18n, "_chosen", i18n._chosen)
    return mlpbook.set_language


def _worded(texts):
    """The texts that hold a word (a letter or a Chinese character), not only numbers."""
    return [t for t in texts if re.search(r"[^\W\d_]", t)]


def _draw(name):
    fig = FIGURES[name]()
    try:
        return drawn_texts(fig), english_words(fig, ALLOWED)
    finally:
        plt.close(fig)


def test_every_figure_of_these_modules_is_covered():
    from mlpbook.viz import activations, cost, curves, descent as viz_descent
    public = {f for module in (activations, cost, curves, viz_descent) for f in module.__all__}
    assert public == set(FIGURES) == set(ENGLISH)


def test_a_chinese_font_is_available():
    assert chinese_font() is not None, "install fonts-wqy-microhei for the Chinese figures"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_speaks_chinese(name, language):
    language("zh")
    texts, english = _draw(name)
    assert english == [], f"{name} still draws English words: {english}"
    assert any(CHINESE.search(t) for t in texts), f"{name} draws no Chinese: {texts}"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_in_english_is_unchanged(name, language):
    language("en")
    texts, _ = _draw(name)
    assert not [t for t in texts if CHINESE.search(t)], texts
    missing = ENGLISH[name] - set(texts)
    assert not missing, f"{name} lost its English texts {missing}; it draws {texts}"
    language("zh")
    texts_zh, _ = _draw(name)
    # the same texts with words in both languages: Chinese replaces words, adds or drops none
    # (tick labels aside: their number may follow the size of the labels around them)
    assert len(_worded(texts_zh)) == len(_worded(texts))


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_chinese_figure_has_every_glyph(name, language):
    """Saved as PNG, the Chinese figure misses no glyph (no boxes instead of characters)."""
    language("zh")
    fig = FIGURES[name]()
    try:
        texts = drawn_texts(fig)
        with missing_glyphs() as missing:
            fig.savefig(io.BytesIO(), format="png")
    finally:
        plt.close(fig)
    # mathtext draws a whole label in one font: Chinese next to $...$ would be boxes
    assert not [t for t in texts if "$" in t and CHINESE.search(t)]
    assert not missing, f"{name}: {missing[:3]}"


def test_english_words_finds_english_outside_math():
    fig, ax = plt.subplots()
    ax.set_title("cost $C(w)$ of ReLU")
    ax.set_xlabel(r"$\sigma(z)$ 输入")
    try:
        assert english_words(fig, ALLOWED) == ["cost"]
    finally:
        plt.close(fig)
