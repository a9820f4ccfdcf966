"""What chapters 1 to 3 call in the package for their figures and printed reports:
mlpbook.lessons.pieces (digits cut into pieces that do not overlap), mlpbook.viz.figures_neuron (the
chapter-2 figures with their words), and the reports of mlpbook.lessons.neuron and
mlpbook.lessons.activations, in both languages."""

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import mlpbook  # noqa: E402
from mlpbook import viz  # noqa: E402
from mlpbook.lessons import activations, neuron, pieces  # noqa: E402
from mlpbook.viz import figures_neuron  # noqa: E402
from mlpbook.i18n import Lines  # noqa: E402

from figure_text import drawn_texts, english_words, has_chinese, missing_glyphs  # noqa: E402

RNG = np.random.default_rng(1)
IMAGES = RNG.random((200, 784)) * (RNG.random((200, 784)) > 0.5)
LABELS = RNG.integers(0, 10, 200)


@pytest.fixture
def chinese():
    mlpbook.set_language("zh")
    try:
        yield
    finally:
        mlpbook.set_language("en")


# ------------------------------------------------------------------------------ pieces
def test_pieces_never_overlap_and_add_up_to_the_digit():
    image = RNG.random((28, 28))
    parts = pieces.cut(image, [((0, 20), (0, 28)), ((10, 28), (0, 28))])   # overlapping rows
    assert np.array_equal(parts[0] + parts[1], image)                     # first one wins
    assert not np.any((parts[0] > 0) & (parts[1] > 0))
    assert np.all(parts[1][:20] == 0)


def test_the_examples_are_disjoint_rectangles_covering_the_image():
    for _, _, parts in pieces.EXAMPLES:
        covered = np.zeros((28, 28), dtype=int)
        for _, (r0, r1), (c0, c1) in parts:
            covered[r0:r1, c0:c1] += 1
        assert covered.max() == 1, "the rectangles of a digit overlap"
    rows = pieces.examples(IMAGES)
    assert len(rows) == len(pieces.EXAMPLES)
    for whole, parts, name, names in rows:
        assert np.allclose(np.sum(parts, axis=0), whole) and len(names) == len(parts)


# ------------------------------------------------------------------------------ reports
def test_reports_in_both_languages(chinese):
    table = neuron.parameter_table([784, 16, 16, 10])
    assert isinstance(table, Lines) and len(table.lines) == 4
    assert "13,002 个参数" in str(table) and "12,544 个权重" in str(table)
    mlpbook.set_language("en")
    assert str(table).splitlines()[-1] == "in all: 12,960 weights + 42 biases = 13,002 parameters"
    assert "784 → 16 neurons: 12,544 weights, 16 biases" in str(table)
    values = np.array([5.0, 1.5, 9.25])
    assert str(neuron.range_report(values, np.array([3, 1, 0]))) == \
        "z ranges from 1.5 (a 1) to 9.2 (a 0)"
    slopes = str(activations.slope_report())
    assert "0.2500 at z = 0.0" in slopes and "ReLU 1" in slopes
    mlpbook.set_language("zh")
    assert "最大斜率：0.2500" in str(activations.slope_report())
    assert str(neuron.range_report(values, np.array([3, 1, 0]))).startswith("z 的范围：从 1.5")


# ------------------------------------------------------------------------------ figures
W_EDGE = neuron.edge_detector(orientation="horizontal", length=12)
FIGURES = {
    "random_and_edge": lambda: figures_neuron.random_and_edge(RNG.normal(size=784), W_EDGE),
    "edge_at_work": lambda: figures_neuron.edge_at_work(W_EDGE, IMAGES, LABELS, 3),
    "edge_means": lambda: figures_neuron.edge_means(neuron.weighted_sums(W_EDGE, IMAGES),
                                                    LABELS),
    "patterns": lambda: figures_neuron.patterns(),
    "decomposition": lambda: viz.show_decomposition(pieces.examples(IMAGES)),
}


def draw(name):
    with missing_glyphs() as missing:
        fig = FIGURES[name]()
        found, words = drawn_texts(fig), english_words(fig)
        fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
    return found, words, missing


def test_every_figure_is_checked():
    assert set(figures_neuron.__all__) - {"PATTERN_NAMES"} <= set(FIGURES)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figures_speak_chinese(name, chinese):
    found, words, missing = draw(name)
    assert words == [] and missing == [], (name, words, missing[:3])
    assert any(has_chinese(t) for t in found), name


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figures_keep_english_words(name):
    mlpbook.set_language("en")
    found, words, _ = draw(name)
    assert not any(has_chinese(t) for t in found) and words, name
