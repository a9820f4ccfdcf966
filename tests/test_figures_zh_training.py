"""The training and inspection figures speak Chinese in the Chinese edition.

Chapters 6-8 draw them (one example's nudges and the ablation from
:mod:`mlpbook.viz.training`; weights, activations and confidence from
:mod:`mlpbook.viz.inspect`). With ``MLPBOOK_LANGUAGE=zh`` every word they draw must be
Chinese (symbols, math, numbers and names such as BEST_16 stay), nothing may be drawn as a
box for lack of a glyph, and the English edition must keep exactly the words it had. Each
figure is drawn from small synthetic data in both languages and every text read back.
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
from mlpbook.viz import inspect as figures_inspect, training as figures_training  # noqa: E402
from mlpbook.lessons.ablation import SeedRuns, ladder  # noqa: E402
from mlpbook.lessons.inspect import IdealInput  # noqa: E402
from mlpbook.engine.recipes import BEST_16  # noqa: E402
from mlpbook.viz._language import chinese_font  # noqa: E402

from figure_text import drawn_texts, english_words, has_chinese, missing_glyphs  # noqa: E402

MODULES = (figures_training, figures_inspect)

RNG = np.random.default_rng(0)
OUTPUT = np.array([0.05, 0.1, 0.3, 0.6, 0.02, 0.08, 0.2, 0.15, 0.04, 0.01])
A_PREV = np.round(RNG.random(16), 3)
W_ROW = np.round(RNG.normal(size=16), 3)
WISHES = np.round(RNG.normal(size=(10, 16)), 3)
W = RNG.normal(size=(16, 784))
LAYER_ACTS = [RNG.random(784), np.linspace(0, 1, 16), np.linspace(1, 0, 16),
              np.linspace(0.1, 0.9, 10)]
#: The ladder of chapter 7 (classic, then one change per rung), scored on validation images.
RUNS = [SeedRuns(label, recipe, (0, 1, 2), (0.90 + k / 100, 0.91 + k / 100, 0.92 + k / 100),
                 1.0, "validation") for k, (label, recipe) in enumerate(ladder())]
TEST_RUNS = [SeedRuns("BEST_16", BEST_16, (0, 1), (0.96, 0.97), 1.0, "test")]

#: One call per figure function of the two modules, with their own words.
FIGURES = {
    "plot_output_nudges": lambda: figures_training.plot_output_nudges(OUTPUT, 2),
    "plot_levers": lambda: figures_training.plot_levers(A_PREV, W_ROW, 0.123, neuron=2),
    "plot_nudge_rows": lambda: figures_training.plot_nudge_rows(
        WISHES, WISHES.sum(axis=0), [str(j) for j in range(10)], "Σ", "$k$"),
    "plot_seed_runs": lambda: figures_training.plot_seed_runs(RUNS),
    "plot_seed_runs_test": lambda: figures_training.plot_seed_runs(TEST_RUNS),
    "plot_edge_likeness": lambda: figures_inspect.plot_edge_likeness(
        {"BEST_16": np.linspace(0.2, 0.6, 16), "CLASSIC": np.linspace(0.1, 0.4, 16)},
        reference={"0.8": 0.8}),
    "show_neurons_and_edges": lambda: figures_inspect.show_neurons_and_edges(
        W[:4], W[4:8], np.linspace(0.3, 0.6, 4), ncols=4),
    "plot_layer_activations": lambda: figures_inspect.plot_layer_activations(LAYER_ACTS, 5),
    "plot_layer_activations_unlabelled": lambda: figures_inspect.plot_layer_activations(
        LAYER_ACTS),
    "plot_top_outputs": lambda: figures_inspect.plot_top_outputs(
        {"MNIST": np.linspace(0.5, 1, 50), "ReLU": np.linspace(0, 1, 80)}),
    "show_ideal_digits": lambda: figures_inspect.show_ideal_digits(
        RNG.random((10, 784)), np.linspace(0.9, 0.99999, 10), real=RNG.random((10, 784))),
    "show_ideal_digits_alone": lambda: figures_inspect.show_ideal_digits(
        RNG.random((10, 784)), np.linspace(0.9, 0.99999, 10)),
    "plot_shift_accuracy": lambda: figures_inspect.plot_shift_accuracy(
        [0, 1, 2, 3], {"BEST_16": [0.97, 0.9, 0.7, 0.5]}),
    "show_first_layer": lambda: figures_inspect.show_first_layer(W[:4], ncols=4),
    "show_ideal_starts": lambda: figures_inspect.show_ideal_starts(
        {name: IdealInput(3, RNG.random(784), np.linspace(0.01, 0.9, 10), np.zeros(3))
         for name in ("black", "grey", "noise")}),
}

#: The English words of each figure as they were before the Chinese edition (must not change).
ENGLISH = {
    "plot_output_nudges": ["activation", "output neuron (digit)", "output now", "target"],
    "plot_levers": [
        "its weights $w_k$", "lever 2: weight nudges $\\Delta z \\cdot a_k$",
        "lever 3: wished $\\Delta a_k = \\Delta z \\cdot w_k$",
        "neuron $k$ of the previous layer", "neuron $k$ of the previous layer",
        "output neuron 2: wished change of its weighted input $\\Delta z$ = +0.123 "
        "= lever 1, the bias nudge", "previous activations $a_k$"],
    "plot_nudge_rows": ["$k$"],
    # tick labels come twice (matplotlib keeps a label on each side of an axis)
    "plot_seed_runs": 2 * ["+ batches of 32", "+ cosine schedule", "+ momentum 0.9",
                           "+ scaled start", "+ softmax & cross-entropy", "+ weight decay",
                           "classic"]
    + ["validation accuracy (%): dots = seeds, bar = mean ± sd"],
    "plot_seed_runs_test": ["BEST_16", "BEST_16",
                            "test accuracy (%): dots = seeds, bar = mean ± sd"],
    "plot_edge_likeness": ["BEST_16", "BEST_16", "CLASSIC", "CLASSIC",
                           "edge-likeness: largest |cosine| with a hand-made line detector"],
    "plot_layer_activations": ["activation", "digit", "hidden layer 1\n8 of 16 above 0.5",
                               "hidden layer 2\n8 of 16 above 0.5", "input (a 5)", "neuron",
                               "neuron", "output layer"],
    "plot_layer_activations_unlabelled": [
        "activation", "digit", "hidden layer 1\n8 of 16 above 0.5",
        "hidden layer 2\n8 of 16 above 0.5", "input", "neuron", "neuron", "output layer"],
    "plot_top_outputs": ["MNIST: 20% above 0.9", "ReLU: 10% above 0.9",
                         "largest output activation (how sure the answer is)",
                         "share of images (%)"],
    "show_ideal_digits": ["a real 0", "a real 1", "a real 2", "a real 3", "a real 4",
                          "a real 5", "a real 6", "a real 7", "a real 8", "a real 9"],
    "show_first_layer": ["neuron 0", "neuron 1", "neuron 2", "neuron 3"],
    "show_ideal_starts": ["from black: 30.7%", "from grey: 30.7%", "from noise: 30.7%"],
    "plot_shift_accuracy": ["BEST_16", "chance", "pixels moved from the centre",
                            "test accuracy (%)"],
}

#: Figures whose words come from the chapter only (their own texts are numbers).
NO_WORDS_OF_THEIR_OWN = {"plot_nudge_rows", "show_neurons_and_edges", "show_ideal_digits_alone"}


def draw(name):
    """Draw one figure; return its texts (the invisible ones of shared axes too), its English
    words and every missing glyph."""
    with missing_glyphs() as missing:
        fig = FIGURES[name]()
        found, words = drawn_texts(fig, invisible=True), english_words(fig)
        fig.savefig(io.BytesIO(), format="png")   # the glyphs really drawn
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
    public = {name for module in MODULES for name in module.__all__} - {"percent_text", "label"}
    called = {name.replace("_test", "").replace("_unlabelled", "").replace("_alone", "")
              for name in FIGURES}
    assert public == called, f"add a call to FIGURES for {public - called}"


def test_english_words_finds_words_but_not_math_or_names():
    fig, ax = plt.subplots()
    ax.set_title("the nudges $\\Delta z \\cdot a_k$")
    ax.set_xlabel("BEST_16 权重 $w_k$ softmax best16 +0.123")
    assert sorted(english_words(fig)) == ["best16", "nudges", "the"]
    plt.close(fig)


def test_this_machine_can_draw_chinese():
    assert chinese_font() is not None, "install a CJK font, e.g. Debian fonts-wqy-microhei"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_words_are_chinese_in_the_chinese_edition(name, chinese):
    found, words, missing = draw(name)
    assert words == [], f"{name} still draws English words in Chinese: {words}"
    assert missing == [], f"{name} draws characters its font lacks: {missing}"
    if name not in NO_WORDS_OF_THEIR_OWN:
        assert any(has_chinese(t) for t in found), f"{name} draws no Chinese: {found}"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_english_figures_keep_their_words(name):
    mlpbook.set_language("en")
    found, words, missing = draw(name)
    assert not any(has_chinese(t) for t in found)
    assert missing == []
    with_letters = sorted(t for t in found if re.search(r"[A-Za-z]", t))
    assert with_letters == sorted(ENGLISH.get(name, [])), f"{name}'s English words changed"


def test_chinese_next_to_math_is_drawn_in_the_chinese_font(chinese):
    # A chapter's own label (chapter 6 passes its x label) mixing Chinese and math: without
    # the Chinese font mathtext would draw the Chinese as boxes.
    found, _, missing = draw("plot_levers")
    assert "杠杆 2：权重的微调 $\\Delta z \\cdot a_k$" in found and missing == []
    fig = figures_training.plot_nudge_rows(WISHES, WISHES.mean(axis=0), list("0123456789"),
                                           viz.tr("mean", "平均"),
                                           viz.tr("neuron $k$", "隐含层 2 的神经元 $k$"))
    label = fig.axes[1].xaxis.label
    assert label.get_text() == "隐含层 2 的神经元 $k$"
    assert label.get_fontfamily() == [chinese_font()]
    assert fig.axes[1].get_yticklabels()[0].get_text() == "平均"
    plt.close(fig)


def test_ladder_rows_are_translated_and_other_labels_kept(chinese):
    other = SeedRuns("best16", BEST_16, (0, 1), (0.96, 0.97), 1.0, "test")
    fig = figures_training.plot_seed_runs(RUNS + [other])
    rows = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert rows == ["经典配方", "+ softmax 加交叉熵", "+ 缩放初始化", "+ 动量 0.9", "+ 权重衰减",
                    "+ 余弦调度", "+ 批大小 32", "best16"]
    assert fig.axes[0].get_xlabel().startswith("测试集/验证集准确率")
    plt.close(fig)
