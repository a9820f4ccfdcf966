"""Printable reports in the reader's language: labelled values and small tables.

A chapter that wants to show a few numbers with words calls a lesson function
(``cost.report(...)``, ``gradcheck.check_table(...)``) that returns one of these. The words
are :class:`mlpbook.i18n.T` texts held by the package, so the reader's code stays free of
label pairs and the Chinese edition prints Chinese. Both classes are
:class:`mlpbook.i18n.Lines`: they show as plain text in a notebook and in a terminal, and
they line their columns up when printed, in whichever language is chosen then (a Chinese
character takes two columns of a fixed-width font).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from ..i18n import Lines, T, get_language

__all__ = ["Report", "Table", "width", "pad", "formatted", "report"]


def width(text: str) -> int:
    """How many columns ``text`` takes in a fixed-width font (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def pad(text: str, size: int, align: str = "<") -> str:
    """``text`` padded with spaces to ``size`` columns, left (``"<"``) or right (``">"``)."""
    text = str(text)
    fill = " " * max(0, size - width(text))
    return text + fill if align == "<" else fill + text


class Report(Lines):
    """Rows of ``(label, value)``: ``label: value``, the values lined up in one column.

    ``label`` is a :class:`T` (or a str), ``value`` a str or a :class:`T` (already
    formatted). The colon is the reader's: ``": "`` in English, ``"："`` in Chinese.
    """

    __slots__ = ()

    def __str__(self):
        rows = [(str(label), str(value)) for label, value in self.lines]
        colon = "：" if get_language() == "zh" else ": "
        size = max((width(label) for label, _ in rows), default=0)
        return "\n".join(pad(label + colon, size + width(colon)) + value for label, value in rows)


class Table(Lines):
    """A small table: a header of :class:`T` (or str) and rows of already formatted cells.

    ``align`` gives each column's alignment, ``"<"`` (left) or ``">"`` (right), e.g.
    ``"<>>"``; by default the first column is left-aligned and the others, which usually hold
    numbers, right-aligned. Columns are separated by two spaces.
    """

    __slots__ = ("header", "align")

    def __init__(self, header, rows, align=None):
        super().__init__(rows)
        self.header = list(header)
        self.align = align or "<" + ">" * (len(self.header) - 1)
        if len(self.align) != len(self.header):
            raise ValueError(f"align needs one of '<' or '>' per column, got {align!r}")

    def __str__(self):
        rows = [[str(cell) for cell in self.header]] + [[str(c) for c in row] for row in self.lines]
        sizes = [max(width(row[k]) for row in rows) for k in range(len(rows[0]))]
        return "\n".join("  ".join(pad(cell, size, side)
                                   for cell, size, side in zip(row, sizes, self.align)).rstrip()
                         for row in rows)


def formatted(value, fmt="{:.3f}"):
    """``value`` as text: ``fmt.format(value)`` for a number, ``fmt(value)`` if ``fmt`` is a
    function, an array as numpy prints it with ``fmt``'s decimals (``"{:.2f}"``: 2)."""
    if callable(fmt):
        text = fmt(value)
        return text if isinstance(text, T) else str(text)
    if np.ndim(value) > 0:
        decimals = re.search(r"\.(\d+)", fmt)
        return np.array2string(np.asarray(value), precision=int(decimals.group(1)) if decimals
                               else 3, suppress_small=True, max_line_width=100)
    return fmt.format(value)


def report(words, values):
    """A :class:`Report` of ``values`` (``{key: value}``) labelled from ``words``
    (``{key: (T label, fmt)}``, a lesson module's vocabulary)."""
    rows = []
    for key, value in values.items():
        if key not in words:
            raise ValueError(f"no words for {key!r}; this report knows {', '.join(words)}")
        label, fmt = words[key]
        rows.append((label, formatted(value, fmt)))
    return Report(rows)
