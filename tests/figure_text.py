"""Reading back what a matplotlib figure writes, for the tests of the Chinese edition's figures.

The tests of the figures in Chinese (tests/test_figures_zh_*.py) ask the same three things of a
figure: which texts it draws, which English words are left in them, and whether any glyph
was missing from its fonts (drawn as a box). Those checks live here, once.
"""

from __future__ import annotations

import contextlib
import logging
import re
import warnings

import matplotlib.text

#: A Chinese character.
CHINESE = re.compile(r"[\u4e00-\u9fff]")
#: Inline maths, $...$: symbols, not words.
MATH = re.compile(r"\$[^$]*\$")
#: A word: a letter, then letters, digits or _ (BEST_16 is one word).
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
#: Names that stay as they are in both languages.
NAMES = frozenset({"MNIST", "ReLU", "sigmoid", "softmax", "BEST_16", "CLASSIC", "WIDE", "Numba",
                   "NumPy"})


def has_chinese(text):
    """Whether ``text`` holds a Chinese character."""
    return CHINESE.search(text) is not None


def drawn_texts(fig, invisible=False):
    """Every visible, non-blank text the figure draws (titles, labels, ticks, annotations,
    legends); the figure is drawn first, since tick labels are only filled in then.

    ``invisible=True`` keeps the texts set invisible too (such as the tick labels of an axis
    shared with another), for a test whose list of expected texts counts them.
    """
    fig.canvas.draw()
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)
            if (invisible or t.get_visible()) and t.get_text().strip()]


def english_words(fig, allowed=NAMES):
    """The English words of 3+ letters ``fig`` draws, outside $math$ and the ``allowed`` names."""
    found = []
    for text in drawn_texts(fig):
        for word in WORD.findall(MATH.sub(" ", text)):
            if len(re.findall("[A-Za-z]", word)) >= 3 and word not in allowed:
                found.append(word)
    return found


class _Records(logging.Handler):
    """Keeps the messages matplotlib logs (mathtext logs a glyph it lacks, it does not warn)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def missing_glyphs():
    """Collects matplotlib's complaints about glyphs its fonts lack, warned (text) or logged
    (mathtext), inside the block: yields a list, filled when the block ends."""
    missing = []
    records, logger = _Records(), logging.getLogger("matplotlib")
    logger.addHandler(records)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield missing
    finally:
        logger.removeHandler(records)
    complaints = [str(w.message) for w in caught] + records.messages
    missing += [m for m in complaints if "glyph" in m.lower()]
