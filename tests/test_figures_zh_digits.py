"""The digit, weight, network, neuron and mistake figures speak Chinese in the Chinese edition.

The Chinese edition runs the chapters with ``MLPBOOK_LANGUAGE=zh``; every word these figures
draw must then be Chinese (symbols, math, numbers and names such as MNIST stay), and the
English edition must keep exactly the words it had. Each figure is drawn from small synthetic
data in both languages, and every piece of text matplotlib would draw is read back.
"""

import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import mlpbook  # noqa: E402
from mlpbook import viz  # noqa: E402
from mlpbook.lessons import neuron  # noqa: E402
from mlpbook.viz import digits, mistakes, network, weights  # noqa: E402
from mlpbook.viz import neuron as neuron_figures  # noqa: E402
from mlpbook.viz._language import chinese_font  # noqa: E402

from figure_text import drawn_texts, english_words, has_chinese, missing_glyphs  # noqa: E402

MODULES = (digits, weights, network, neuron_figures, mistakes)

RNG = np.random.default_rng(0)
IMAGES = RNG.random((8, 784)) * (RNG.random((8, 784)) > 0.6)
W = RNG.normal(size=(16, 784))
LABELS = np.array([3, 5, 1, 0, 7, 2, 9, 4])
PREDICTIONS = np.array([3, 6, 1, 8, 7, 2, 4, 4])
LAYER_ACTS = [IMAGES[0], np.linspace(0, 1, 16), np.linspace(1, 0, 16), np.linspace(0.1, 0.9, 10)]

#: One call per figure function of the five modules, with their default words.
FIGURES = {
    "show_digit": lambda: viz.show_digit(IMAGES[0], title="5"),
    "show_digits": lambda: viz.show_digits(IMAGES, LABELS, PREDICTIONS, ncols=4),
    "show_digits_titled": lambda: viz.show_digits_titled(IMAGES[:3], ["1", "2: +3.5", "3"]),
    "show_pixel_values": lambda: viz.show_pixel_values(IMAGES[0], rows=(4, 14), cols=(14, 24)),
    "show_decomposition": lambda: viz.show_decomposition([(IMAGES[0], [IMAGES[1]], "9")]),
    "show_weights": lambda: viz.show_weights(W[0], colorbar=True),
    "show_weight_grid": lambda: viz.show_weight_grid(W[:4], ncols=4),
    "show_weight_images": lambda: viz.show_weight_images(W[:3], ["0", "1", "2"], colorbar=True),
    "draw_network": lambda: viz.draw_network([784, 16, 16, 10], LAYER_ACTS,
                                             input_image=IMAGES[0], show_values=True),
    "show_outputs": lambda: viz.show_outputs(LAYER_ACTS[-1]),
    "plot_small_network": lambda: viz.plot_small_network(
        [np.array([[0.5, -1.0], [2.0, 0.3]]), np.array([[1.0, -2.0]])]),
    "show_neuron_response": lambda: viz.show_neuron_response(
        W[0], IMAGES[0], neuron.neuron_response(W[0], IMAGES[0], bias=-1.5)),
    "show_response_grid": lambda: viz.show_response_grid(W[0], IMAGES[:2], [0, -10],
                                                         labels=[3, 5]),
    "plot_mean_by_digit": lambda: viz.plot_mean_by_digit(IMAGES.sum(axis=1), LABELS),
    "plot_bias_threshold": lambda: viz.plot_bias_threshold([0, -10]),
    "plot_confusion_matrix": lambda: viz.plot_confusion_matrix(LABELS, PREDICTIONS),
    "show_mistakes": lambda: viz.show_mistakes(IMAGES, LABELS, PREDICTIONS,
                                               confidence=np.full(8, 0.8)),
}

#: The English words of each figure as they were before the Chinese edition (must not change).
ENGLISH = {
    "draw_network": ["hidden layer 1\n16 neurons", "hidden layer 2\n16 neurons",
                     "input layer\n784 neurons", "output layer\n10 neurons"],
    "plot_bias_threshold": ["$b$ = 0: $\\sigma(s + 0)$", "$b$ = −10: $\\sigma(s - 10)$",
                            "activation", "weighted sum $s = w_1 a_1 + \\cdots + w_n a_n$"],
    "plot_confusion_matrix": ["predicted digit", "true digit"],
    "plot_mean_by_digit": ["digit (true label)", "mean weighted sum"],
    "plot_small_network": ["input", "layer 1", "layer 2"],
    "show_neuron_response": [
        "$\\sigma$ = 0.00", "activations $a$ (digit)", "products $w_i a_i$", "the neuron",
        "weighted sum $s$ = −7.07    $z = s − 1.5$ = −8.57    activation $\\sigma(z)$ = 0.000",
        "weights $w$"],
    "show_outputs": ["activation of the output neuron", "digit"],
    "show_pixel_values": ["column", "column", "row", "row",
                          "rows 4–13, columns 14–23, pixel values", "the whole image (28×28)"],
    "show_response_grid": ["$\\sigma$ = 0.00", "$\\sigma$ = 0.00", "$\\sigma$ = 0.99",
                           "$\\sigma$ = 1.00", "3: sum −7.1", "5: sum 15.3", "bias\n$b$ = 0",
                           "bias\n$b$ = −10", "weights"],
    "show_weight_grid": ["neuron 0", "neuron 1", "neuron 2", "neuron 3"],
}


def draw(name):
    """Draw one figure; return its texts, its English words and any glyph no font has."""
    with missing_glyphs() as missing:
        fig = FIGURES[name]()
        found, words = drawn_texts(fig), english_words(fig)
        fig.savefig(io.BytesIO(), format="png")   # the glyphs are looked up here too
    plt.close(fig)
    return found, words, missing


@pytest.fixture
def chinese():
    """The reader's language is Chinese for one test, English again afterwards."""
    mlpbook.set_language("zh")
    try:
        yield
    finally:
        mlpbook.set_language("en")


def test_every_figure_of_these_modules_is_checked():
    public = {name for module in MODULES for name in module.__all__}
    assert public == set(FIGURES), f"add a call to FIGURES for {public - set(FIGURES)}"


def test_english_words_finds_words_but_not_math_or_names():
    fig, ax = plt.subplots()
    ax.set_title("the weights $w_i a_i$")
    ax.set_xlabel("MNIST 权重 $\\sigma(z)$ ReLU")
    assert english_words(fig) == ["the", "weights"]
    plt.close(fig)


def test_this_machine_can_draw_chinese():
    assert chinese_font() is not None, "install a CJK font, e.g. Debian fonts-wqy-microhei"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_words_are_chinese_in_the_chinese_edition(name, chinese):
    found, words, missing = draw(name)
    assert words == [], f"{name} still draws English words in Chinese: {words}"
    assert missing == [], f"{name} draws characters the font lacks: {missing[:3]}"
    mixed = [t for t in found if "$" in t and has_chinese(t)]
    assert mixed == [], f"{name}: mathtext has no Chinese font, keep $math$ apart: {mixed}"
    if name in ENGLISH:      # a figure with words of its own draws them in Chinese
        assert any(has_chinese(t) for t in found), f"{name} draws no Chinese: {found}"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_english_figures_keep_their_words(name):
    mlpbook.set_language("en")
    found, words, _ = draw(name)
    assert not any(has_chinese(t) for t in found)
    with_letters = sorted(t for t in found if re.search(r"[A-Za-z]", t))
    assert with_letters == ENGLISH.get(name, []), f"{name}'s English words changed"


def test_a_label_passed_by_the_chapter_is_kept_as_given(chinese):
    fig = viz.plot_mean_by_digit(IMAGES.sum(axis=1), LABELS, ylabel=viz.tr("ink", "墨迹"))
    assert fig.axes[0].get_ylabel() == "墨迹"
    plt.close(fig)
