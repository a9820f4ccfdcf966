"""Issue 19 item 2: every figure says what it shows, in the reader's language."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlpbook import i18n, viz  # noqa: E402
from mlpbook.train import History  # noqa: E402
from mlpbook.viz._alt import _summarise  # noqa: E402

RNG = np.random.default_rng(0)
GENERIC = re.compile(r"^(figure|plot|image|chart|graph|picture)\.?$|\.png|^[0-9a-f]{16,}$", re.I)
HAN = re.compile(r"[\u4e00-\u9fff]")


def _history():
    h = History()
    for e, (c, a) in enumerate(((0.9, 0.5), (0.5, 0.8), (0.3, 0.9)), 1):
        h.epoch.append(e)
        h.train_cost.append(c)
        h.test_cost.append(c + 0.05)
        h.train_accuracy.append(a)
        h.test_accuracy.append(a - 0.02)
    return h


FIGURES = {
    "show_weight_images": lambda: viz.show_weight_images(RNG.normal(size=(16, 784))),
    "plot_history": lambda: viz.plot_history(_history()),
    "plot_confusion_matrix": lambda: viz.plot_confusion_matrix(
        np.arange(100) % 10, (np.arange(100) + (np.arange(100) % 7 == 0)) % 10),
    "show_digits": lambda: viz.show_digits(RNG.random((5, 784)), [1, 2, 3, 4, 5], [1, 2, 3, 4, 6]),
    # no describe() yet: the words read from the figure itself
    "plot_sigmoid_and_relu": lambda: viz.plot_sigmoid_and_relu(),
    "plot_cost_vs_output": lambda: viz.plot_cost_vs_output(),
}


def _alt(fig):
    return viz.description(fig) or _summarise(fig)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_figure_says_what_it_shows_in_the_readers_language(language):
    previous = i18n.get_language()
    i18n.set_language(language)
    try:
        texts = {}
        for name, draw in FIGURES.items():
            fig = draw()
            text = _alt(fig)
            plt.close(fig)
            assert len(text) >= (15 if language == "zh" else 30), (name, text)  # Chinese is denser
            assert not GENERIC.search(text), (name, text)
            assert bool(HAN.search(text)) == (language == "zh"), (name, text)
            assert re.search(r"\d", text), f"{name} gives no number: {text}"
            texts[name] = text
        assert len(set(texts.values())) == len(texts), texts
    finally:
        i18n.set_language(previous)


def test_the_key_numbers_are_the_figures_own():
    w = np.zeros((2, 784))
    w[1, 5] = -1.9
    assert "1.90" in viz.description(viz.show_weight_images(w))
    assert "read as" in viz.description(viz.plot_confusion_matrix([3, 3, 5], [3, 5, 5]))
