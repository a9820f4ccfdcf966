"""Chapters 9 and 10's figures speak Chinese in the Chinese edition, and English as before.

Every figure of :mod:`mlpbook.viz.memorise` and :mod:`mlpbook.viz.hidden` is drawn
in both languages from small made-up inputs. In Chinese no drawn text may hold an English
word (names such as XOR or MNIST excepted) and no character may lack a glyph; in English the
texts must be exactly the ones the book has always shown.
"""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlpbook import i18n  # noqa: E402
from mlpbook.viz import hidden as fh, memorise as fm  # noqa: E402
from mlpbook.lessons import toy2d  # noqa: E402
from mlpbook.lessons.memorise import LabelRun, SeedRun, match_neurons  # noqa: E402
from mlpbook.engine.train import History  # noqa: E402
from mlpbook.viz import tr  # noqa: E402

from figure_text import CHINESE, NAMES, drawn_texts, english_words, missing_glyphs  # noqa: E402

#: Words that stay as they are in the Chinese edition.
ALLOWED = NAMES | {"XOR"}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def speak(monkeypatch):
    """speak("zh") or speak("en"); the language chosen before the test comes back after it."""
    monkeypatch.setattr(i18n, "_chosen", i18n._chosen)
    return i18n.set_language


# --------------------------------------------------------------------------- inputs
def _history(seed, epochs=5):
    rng = np.random.default_rng(seed)
    return History(epoch=list(range(1, epochs + 1)),
                   train_accuracy=list(np.sort(rng.uniform(0.1, 1.0, epochs))),
                   test_accuracy=list(rng.uniform(0.1, 0.9, epochs)))


def _label_run(k, name, fraction):
    noisy = fraction > 0
    return LabelRun(name, fraction, np.zeros(3, int), _history(k),
                    np.array([1]) if noisy else np.array([], int),
                    list(np.linspace(0.2, 0.9, 5)),
                    list(np.linspace(0.1, 0.8, 5)) if noisy else [],
                    list(np.linspace(0.5, 0.1, 5)) if noisy else [], 1.0)


def _figures():
    """Every figure function of the two modules, called the way chapters 9 and 10 call it."""
    runs = [_label_run(k, name, f) for k, (name, f) in enumerate(
        [("true labels", 0.0), ("half the labels shuffled", 0.5), ("all labels shuffled", 1.0)])]
    rng = np.random.default_rng(1)
    seeds = [SeedRun(s, 0.1 + 0.01 * s, 0.99, 0.2, 0.95 + 0.001 * s, rng.normal(size=(4, 784)),
                     rng.normal(size=(4, 784)), np.zeros(3, int)) for s in range(4)]
    A, B = rng.normal(size=(4, 784)), rng.normal(size=(4, 784))
    partner, r = match_neurons(A, B)
    X, y = toy2d.xor_points()
    xor = toy2d.train(toy2d.init_params(hidden=2, seed=toy2d.XOR_SEED), X, y)
    return {
        "plot_memorisation": lambda: fm.plot_memorisation(runs, chance=0.1),
        "plot_noise_parts": lambda: fm.plot_noise_parts(runs[1]),
        "plot_seed_spread": lambda: fm.plot_seed_spread(seeds),
        "show_matched_weights": lambda: fm.show_matched_weights(A, B, partner, r),
        "plot_lines": lambda: fh.plot_lines(
            [(X, y, np.array([1.0, 1.0]), -0.5, tr("XOR: the best line", "XOR：最好的直线")),
             (X, y, np.zeros(2), 0.0, tr("XOR: logistic regression", "XOR：逻辑回归"))]),
        "plot_regions": lambda: fh.plot_regions(
            [(xor.params, tr("2 hidden neurons", "2 个隐含神经元"))], X, y),
        "plot_hidden_transform": lambda: fh.plot_hidden_transform(xor.params, X, y),
        "plot_cost_histories": lambda: fh.plot_cost_histories(
            [(tr("seed 3: learns XOR", "种子 3：学会 XOR"), xor.loss)],
            levels=[(0.1, tr("target", "目标"))]),
    }


def _draw(name):
    """The figure ``name`` drawn once, and the missing glyphs matplotlib complained of."""
    with missing_glyphs() as missing:
        fig = _figures()[name]()
        fig.canvas.draw()
    return fig, missing


# --------------------------------------------------------------------------- tests
def test_english_words_finds_words_and_lets_names_and_symbols_pass():
    fig, ax = plt.subplots()
    ax.set_title("XOR：准确率 h1 x₁ ln 2")
    ax.set_xlabel("epoch 轮次")
    assert english_words(fig, ALLOWED) == ["epoch"]


@pytest.mark.parametrize("name", sorted(_figures()))
def test_every_figure_speaks_chinese_in_the_chinese_edition(name, speak):
    speak("zh")
    fig, missing = _draw(name)
    assert english_words(fig, ALLOWED) == [], f"{name} still draws English words"
    assert any(CHINESE.search(text) for text in drawn_texts(fig)), f"{name} has no Chinese"
    assert missing == [], f"{name} draws characters its font lacks: {missing[:3]}"


#: The words each figure draws in English (numbers left out), as before the translation.
ENGLISH = {
    "plot_memorisation": {"accuracy (%)", "all labels shuffled", "chance", "epoch",
                          "half the labels shuffled", "test images (true labels)",
                          "training images (labels it was given)", "true labels"},
    "plot_noise_parts": {" best test accuracy: epoch 2", "epoch",
                         "right labels: answered correctly", "share of images (%)",
                         "test images (true labels)",
                         "wrong labels: answered with the true digit",
                         "wrong labels: answered with the wrong label"},
    "plot_seed_spread": {"mean 0.115, sd 0.013", "mean 95.15, sd 0.13", "seed",
                         "test accuracy (%)", "training cost"},
    "show_matched_weights": {"seed A", "seed B", "|r| = 0.01", "|r| = 0.02", "|r| = 0.04",
                             "|r| = 0.06"},
    "plot_lines": {"XOR: the best line\n75% on their side",
                   "XOR: logistic regression\n50% on their side",
                   "w = 0: no line,\noutput ½ everywhere", "x₁", "x₂"},
    "plot_regions": {"2 hidden neurons\n100% right", "h1", "h2", "x₁", "x₂"},
    "plot_hidden_transform": {"after: the hidden layer's plane", "before: the input plane",
                              "h1", "h2", "h₁", "h₂", "x₁", "x₂"},
    "plot_cost_histories": {" target", "seed 3: learns XOR", "cost (cross-entropy)",
                            "steps of gradient descent"},
}


@pytest.mark.parametrize("name", sorted(ENGLISH))
def test_the_english_figures_are_unchanged(name, speak):
    speak("en")
    fig, missing = _draw(name)
    words = {t for t in drawn_texts(fig) if re.search(r"[A-Za-z|]", t)}
    assert words == ENGLISH[name]
    assert missing == []


@pytest.mark.parametrize("name", sorted(ENGLISH))
def test_the_chinese_texts_stay_in_the_figure_and_apart(name, speak):
    speak("zh")
    fig, _ = _draw(name)
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer))
             for t in fig.findobj(matplotlib.text.Text)
             if t.get_visible() and CHINESE.search(t.get_text())]
    for text, box in boxes:
        assert fig.bbox.x0 - 1 <= box.x0 and box.x1 <= fig.bbox.x1 + 1, f"{text!r} is cut off"
    for k, (text, box) in enumerate(boxes):
        for other, other_box in boxes[k + 1:]:
            assert not box.overlaps(other_box), f"{text!r} overlaps {other!r}"


def test_run_names_the_book_knows_are_translated_and_others_kept(speak):
    speak("zh")
    assert fm.run_label("shuffled labels") == "打乱的标签"
    assert fm.run_label("my own run") == "my own run"
    speak("en")
    assert fm.run_label("shuffled labels") == "shuffled labels"
