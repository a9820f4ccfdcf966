"""Chapter 6's own figures (:mod:`mlpbook.viz.backprop`) speak the reader's language.

Each figure is drawn from small synthetic data in both languages: in Chinese no English word
may be left among its texts (math, numbers and names such as BP1 or Numba stay) and no
character may lack its glyph; in English no Chinese may appear and the words a reader sees
are the ones listed here.
"""

import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import mlpbook  # noqa: E402
from mlpbook import Network  # noqa: E402
from mlpbook.viz import backprop as figures_backprop  # noqa: E402
from mlpbook.lessons.backprop_levers import example_nudges  # noqa: E402

from figure_text import drawn_texts, english_words, has_chinese, missing_glyphs  # noqa: E402

NET = Network([6, 4, 3], seed=0, dtype=np.float64)
X = np.linspace(0, 1, 6)
WANTS = example_nudges(NET, X, 1)
NUDGES = np.array([[0.01, -0.2, 0.0], [-0.05, 0.1, -0.01]])
W = np.array([[0.4, -0.6], [0.7, 0.2]])
W2 = np.array([[0.5, -0.4], [-0.3, 0.8]])

FIGURES = {
    "plot_notation": lambda: figures_backprop.plot_notation(),
    "plot_backward_pass": lambda: figures_backprop.plot_backward_pass(),
    "plot_example_wants": lambda: figures_backprop.plot_example_wants(
        np.linspace(0, 1, 784), WANTS, index=25),
    "plot_output_wishes": lambda: figures_backprop.plot_output_wishes(WANTS),
    "plot_example_bias_nudges": lambda: figures_backprop.plot_example_bias_nudges(
        NUDGES, [1, 2]),
    "plot_tiny_network": lambda: figures_backprop.plot_tiny_network(
        [W], [np.array([0.5, 0.9]), np.array([0.4, 0.6])], highlight=[(1, 0, 1)]),
    "plot_tiny_network_2_2_2": lambda: figures_backprop.plot_tiny_network(
        [W, W2], [np.array([0.5, 0.9]), np.array([0.4, 0.6]), np.array([0.5, 0.6])]),
    "plot_engine_seconds": lambda: figures_backprop.plot_engine_seconds(
        {"reference": 1.2, "vectorized": 0.1, "numba": 0.01}, n_images=2000),
    "plot_levers": lambda: figures_backprop.plot_levers(
        np.linspace(0, 1, 4), np.array([0.5, -1.0, 0.2, 2.0]), 0.1, neuron=1),
}

#: Words each figure must draw in English (a sample: the words that carry its meaning).
ENGLISH = {
    "plot_notation": ["layer 0: input", "layer 1: hidden", "layer 3 = L: output",
                      "(the video's layer 2)", "to $j$ from $k$", "784 neurons"],
    "plot_backward_pass": ["forward", "backward", "gradient", "no error\nneeded",
                           "layer 2: hidden", "784 numbers"],
    "plot_example_wants": ["training image 25", "output now", "target"],
    "plot_output_wishes": ["output 0", "sum", "neuron $k$ of hidden layer 1",
                           "each output's wish $w_{jk}\\,\\Delta z_j$ for hidden layer 1"],
    "plot_example_bias_nudges": ["a 1", "a 2", "average", "bias of output neuron", "example",
                                 "each example's nudge of the 3 output biases"],
    "plot_tiny_network": ["input x", "output a"],
    "plot_tiny_network_2_2_2": ["input x", "hidden $a^{(1)}$", "output $a^{(2)}$"],
    "plot_engine_seconds": ["reference", "vectorized", "Numba",
                            "seconds per epoch, 2,000 images (log scale)"],
    "plot_levers": ["previous activations $a_k$", "its weights $w_k$"],
}


def draw(name):
    with missing_glyphs() as missing:
        fig = FIGURES[name]()
        texts, words = drawn_texts(fig, invisible=True), english_words(fig)
        fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
    return texts, words, missing


@pytest.fixture
def chinese():
    mlpbook.set_language("zh")
    try:
        yield
    finally:
        mlpbook.set_language("en")


def test_every_figure_of_the_module_is_drawn_here():
    called = {name.replace("_2_2_2", "") for name in FIGURES}
    assert set(figures_backprop.__all__) == called == {n.replace("_2_2_2", "") for n in ENGLISH}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_chinese_figure_has_no_english_and_every_glyph(name, chinese):
    texts, words, missing = draw(name)
    assert words == [], f"{name} still draws English words in Chinese: {words}"
    assert missing == [], f"{name} draws characters its font lacks: {missing}"
    assert any(has_chinese(t) for t in texts), f"{name} draws no Chinese: {texts}"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_english_figure_keeps_its_words(name):
    mlpbook.set_language("en")
    texts, _, missing = draw(name)
    assert not any(has_chinese(t) for t in texts) and missing == []
    lost = [w for w in ENGLISH[name] if w not in texts]
    assert not lost, f"{name} lost {lost}; it draws {[t for t in texts if re.search('[A-Za-z]', t)]}"


def test_nudge_rows_have_one_colour_bar_per_panel():
    # the rows and their average have different scales: each panel has its own colour bar
    fig = FIGURES["plot_example_bias_nudges"]()
    try:
        images = [im for ax in fig.axes for im in ax.get_images()]
        bars = [im.colorbar for im in images]
        assert len(images) == 2 and None not in bars and bars[0] is not bars[1]
        scales = sorted(im.get_clim()[1] for im in images)
        assert scales[0] < scales[1]        # the average's scale is its own, smaller one
    finally:
        plt.close(fig)
