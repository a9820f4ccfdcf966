"""The reader's language: English (the default) or Chinese.

The Chinese edition of the book executes its chapters with ``MLPBOOK_LANGUAGE=zh``, so the
interactive figures label themselves in Chinese; a reader can ask for it in a notebook with
``mlpbook.set_language("zh")``. Only the language and :class:`T` (one text in both
languages) live here; each part of the package holds its own texts (a widget's ``TEXT``
table in its ``.js``, an exercise's ``T(...)`` texts, for instance).
"""

from __future__ import annotations

import os
import unicodedata

__all__ = ["LANGUAGES", "ENV_VAR", "T", "Lines", "get_language", "set_language", "text_width",
           "pad"]

#: The languages mlpbook speaks, by code.
LANGUAGES = ("en", "zh")
#: Environment variable that sets the language when nothing else did.
ENV_VAR = "MLPBOOK_LANGUAGE"

_chosen: str | None = None


def _check(language: str) -> str:
    code = str(language).strip().lower().replace("_", "-")
    code = {"zh-cn": "zh", "zh-hans": "zh", "cn": "zh", "en-us": "en", "en-gb": "en"}.get(code, code)
    if code not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {language!r}")
    return code


def set_language(language: str) -> None:
    """Speak ``language`` ("en" or "zh") from now on in this Python session."""
    global _chosen
    _chosen = _check(language)


def get_language() -> str:
    """The language chosen with :func:`set_language`, else ``$MLPBOOK_LANGUAGE``, else "en"."""
    if _chosen is not None:
        return _chosen
    try:
        return _check(os.environ.get(ENV_VAR, "") or "en")
    except ValueError:
        return "en"  # an unknown value in the environment is not worth a crash


class T:
    """One text in English and in Chinese: ``str(T(en, zh))`` is the reader's language.

    ``T("{n} pixels", "{n} 个像素").format(n=784)`` formats both. A missing Chinese text
    falls back to the English (the tests list every exercise text that lacks one).
    """

    __slots__ = ("en", "zh")

    def __init__(self, en, zh=None):
        self.en, self.zh = en, zh

    def __str__(self):
        return self.zh if self.zh and get_language() == "zh" else self.en

    def __repr__(self):
        return str(self)

    def format(self, *args, **kwargs):
        return T(self.en.format(*args, **kwargs), self.zh.format(*args, **kwargs) if self.zh else None)

    def map(self, function):
        """The same function applied to both languages."""
        return T(function(self.en), function(self.zh) if self.zh else None)


class Lines:
    """A printable report in the reader's language: lines of :class:`T` (or plain str).

    The package's functions return one where a chapter would otherwise ``print`` English
    (``cost.report(...)``, ``ablation.summary(...)``): the reader's code stays one call, and
    the words live with the computation, in both languages. Shows as plain text in a notebook
    and in a terminal.
    """

    __slots__ = ("lines",)

    def __init__(self, lines):
        self.lines = list(lines)

    def __str__(self):
        return "\n".join(str(line) for line in self.lines)

    def __repr__(self):
        return str(self)

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))


def text_width(text) -> int:
    """How many columns ``text`` takes in a terminal or a monospaced notebook output: a
    Chinese character takes two, a Latin letter one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def pad(text, width: int, align: str = "left") -> str:
    """``text`` padded with spaces to ``width`` columns (:func:`text_width`), so that columns
    of a printed report line up in both languages; ``align`` "left" or "right"."""
    text = str(text)
    fill = " " * max(0, width - text_width(text))
    return text + fill if align == "left" else fill + text
