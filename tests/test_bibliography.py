"""The bibliography (references.bib through mlpbook/book/bibliography.py): labels that read
like the citations and tell works apart, the kind of a thesis as it is, and a Chinese layout
without the English words of a citation style."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

from mlpbook.book import bibliography

REPO = Path(__file__).resolve().parents[1]
BIB = parse_file(str(REPO / "references.bib"))


def formatted(style):
    return {e.key: (e.label, e.text.render_as("text"))
            for e in style().format_entries(BIB.entries.values())}


@pytest.fixture(scope="module")
def english():
    return formatted(bibliography.Style)


@pytest.fixture(scope="module")
def chinese():
    return formatted(bibliography.ChineseStyle)


def test_labels_are_author_year_readable_and_unique(english):
    labels = [label for label, _ in english.values()]
    assert len(set(labels)) == len(labels)
    for label in labels:   # "Nielsen, 2015", "Glorot & Bengio, 2010", "LeCun et al., 1998a"
        assert re.fullmatch(r"[^\W\d][\w\- ]*( & [\w\- ]+| et al\.)?, \d{4}[a-z]?", label), label
    assert english["arpit2017closer"][0] == "Arpit et al., 2017"          # not AJastrzkebskiB+17
    assert english["glorot2010understanding"][0] == "Glorot & Bengio, 2010"


def test_two_works_of_one_year_are_told_apart(english):
    assert english["lecun1998gradient"][0] == "LeCun et al., 1998a"
    assert english["lecun1998efficient"][0] == "LeCun et al., 1998b"


def test_a_thesis_says_what_kind_it_is(english, chinese):
    assert "Diploma thesis" in english["hochreiter1991untersuchungen"][1]
    assert "Master's" not in english["hochreiter1991untersuchungen"][1]
    assert "[D]" in chinese["hochreiter1991untersuchungen"][1]
    assert "学位论文" in chinese["hochreiter1991untersuchungen"][1]


def test_the_chinese_layout_has_no_english_words_of_the_style(chinese, english):
    style_words = re.compile(r"\b(In|pages|volume|of|editors?|URL|Master's|and|Online book|"
                             r"video series)\b")
    for key, (label, text) in chinese.items():
        title = str(BIB.entries[key].fields.get("title", ""))
        rest = text
        for field in ("title", "booktitle", "journal", "series", "school", "publisher",
                      "institution"):
            value = BIB.entries[key].fields.get(field)
            if value:   # the published names stay as they are
                rest = rest.replace(bibliography._plain(value), "")
        assert not style_words.search(rest), (key, rest)
        assert label == english[key][0]        # the same labels as the English edition
        assert title and "[" in text


def test_a_citation_and_its_entry_share_the_label():
    from sphinxcontrib.bibtex.plugin import find_plugin

    bibliography.register()
    style = find_plugin("sphinxcontrib.bibtex.style.referencing", "mlpbook")()
    assert {"p", "t", "ps", "ts", "ct"} <= set(style.role_style)
