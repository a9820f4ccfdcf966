"""The bibliography: labels that read like the citations, and a Chinese layout for zh.

sphinxcontrib-bibtex labels the entries of a bibliography with pybtex's "alpha" labels
([LBBH98]) while the chapters cite by author and year ([LeCun et al., 1998]); alpha also
garbles names written in LaTeX (Jastrz{\\k{e}}bski became "Jastrzkebski") and two works of
the same authors and year are cited alike. This Sphinx extension registers:

* the formatting style ``mlpbook`` (English): pybtex's ``unsrt`` entries, sorted by author,
  year and title, each labelled by :class:`AuthorYearLabels` ("Nielsen, 2015",
  "Glorot & Bengio, 2010", "LeCun et al., 1998a" and "1998b"); a thesis says the kind of
  thesis its ``type`` field names ("Diploma thesis") instead of always "Master's thesis";
* ``mlpbook_zh``, the same labels and order with entries laid out the way Chinese
  bibliographies are (GB/T 7714: "作者. 题名[J]. 刊名, 年, 卷(期): 页码."), so that no
  English words of the style ("In", "volume", "pages", "editors", "URL:") reach a Chinese
  page; an entry's ``howpublished_zh``, ``note_zh`` and ``type_zh`` fields stand in for
  ``howpublished``, ``note`` and ``type`` there, and titles stay as published;
* the citation style ``mlpbook``: ``{cite:p}`` gives "[label]" and ``{cite:t}``
  "authors [year]", both read from the label, so a citation and its entry always agree.

``_config.yml`` names the extension and the styles; the Chinese edition switches the
formatting style (:mod:`mlpbook.book.editions`).
"""

from __future__ import annotations

import collections
import dataclasses
import string
from typing import Iterable, List

from pybtex.richtext import Text
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import pages
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting.author_year_title import SortingStyle
from pybtex.style.template import (field, first_of, href, join, names, node, optional,
                                   optional_field, sentence)

__all__ = ["AuthorYearLabels", "Style", "ChineseStyle", "CitationStyle", "label_of",
           "setup"]


def _plain(latex: str) -> str:
    """A name written in LaTeX as plain text: "M{\\"u}ller" -> "Müller"."""
    return Text.from_latex(latex).render_as("text")


def _last_name(person) -> str:
    return " ".join(_plain(part) for part in person.prelast_names + person.last_names)


def label_of(entry) -> str:
    """An entry's author-year label before disambiguation: "Nielsen, 2015",
    "Glorot & Bengio, 2010", "LeCun et al., 1998" (authors, else editors, else the title)."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    last = [_last_name(p) for p in persons]
    if not last:
        who = _plain(entry.fields.get("title", entry.key))
    elif len(last) == 1:
        who = last[0]
    elif len(last) == 2:
        who = f"{last[0]} & {last[1]}"
    else:
        who = f"{last[0]} et al."
    return f"{who}, {entry.fields.get('year', 'n.d.')}"


class AuthorYearLabels(BaseLabelStyle):
    """Author-year labels; labels that would be equal get a, b, c... in bibliography order."""

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        labels = [label_of(e) for e in entries]
        repeated = {label for label, n in collections.Counter(labels).items() if n > 1}
        seen: collections.Counter = collections.Counter()
        for label in labels:
            if label in repeated:
                suffix = string.ascii_lowercase[seen[label]]
                seen[label] += 1
                label += suffix
            yield label


class Style(UnsrtStyle):
    """The English entries: unsrt, author-year labels, a thesis of the kind it says it is."""

    default_label_style = AuthorYearLabels
    default_sorting_style = SortingStyle

    def get_mastersthesis_template(self, e):
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            sentence[
                first_of[optional_field("type"), "Master's thesis"],
                field("school"),
                optional_field("address"),
                field("year"),
            ],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


def _zh(name):
    """A field in its Chinese version when the entry has one (``name_zh``), else as is."""
    return first_of[optional_field(f"{name}_zh"), optional_field(name)]


class ChineseStyle(Style):
    """The entries laid out as in a Chinese bibliography (after GB/T 7714): authors.
    title[kind]. where, year: pages. Links as they are; no English words of the style."""

    KIND = {"article": "J", "book": "M", "inbook": "M", "incollection": "M",
            "inproceedings": "C", "proceedings": "C", "conference": "C",
            "mastersthesis": "D", "phdthesis": "D", "techreport": "R", "misc": "Z",
            "online": "EB", "dataset": "DS", "software": "CP", "unpublished": "Z"}

    def format_names(self, role, as_sentence=True):
        formatted = names(role, sep=", ")
        return sentence[formatted] if as_sentence else formatted

    def _titled(self, e, field_name="title"):
        kind = self.KIND.get(e.type, "Z")
        if "url" in e.fields and kind in {"M", "Z", "C", "EB", "DS"}:
            kind = "EB/OL" if kind in {"Z", "EB"} else f"{kind}/OL"
        return join[field(field_name), f"[{kind}]"]

    def format_web_refs(self, e):
        url = field("url", raw=True)
        doi = join["DOI: ", href(join["https://doi.org/", field("doi", raw=True)])[
            field("doi", raw=True)]]
        return sentence[optional[href(url)[url]], optional[doi]]

    def _volume_and_number(self):
        return join[field("volume"), optional["(", field("number"), ")"]]

    def get_article_template(self, e):
        return toplevel[
            self.format_names("author"),
            sentence[self._titled(e)],
            sentence[join[
                join(sep=", ")[field("journal"), field("year"),
                               optional[self._volume_and_number()]],
                optional[": ", pages],
            ]],
            sentence[_zh("note")],
            self.format_web_refs(e),
        ]

    def get_book_template(self, e):
        return toplevel[
            self.format_names("author"),
            sentence[self._titled(e)],
            sentence(sep=", ")[optional_field("address"), field("publisher"),
                               field("year")],
            sentence[_zh("note")],
            self.format_web_refs(e),
        ]

    def _in(self, e):
        """"//editors（编）. book or proceedings. series, volume": where a part was published."""
        return join[
            "//",
            optional[join[names("editor", sep=", "), "（编）. "]],
            field("booktitle"),
            optional[join[". ", join(sep=", ")[field("series"), optional_field("volume")]]],
        ]

    def get_inproceedings_template(self, e):
        return toplevel[
            self.format_names("author"),
            sentence[join[self._titled(e), self._in(e)]],
            sentence[join[
                join(sep=", ")[optional_field("address"), optional_field("publisher"),
                               field("year")],
                optional[": ", pages],
            ]],
            sentence[_zh("note")],
            self.format_web_refs(e),
        ]

    get_incollection_template = get_inproceedings_template

    def get_mastersthesis_template(self, e):
        return toplevel[
            self.format_names("author"),
            sentence[self._titled(e)],
            sentence(sep=", ")[optional_field("address"), field("school"), field("year")],
            sentence[_zh("type")],
            sentence[_zh("note")],
            self.format_web_refs(e),
        ]

    get_phdthesis_template = get_mastersthesis_template

    def get_techreport_template(self, e):
        return toplevel[
            self.format_names("author"),
            sentence[self._titled(e)],
            sentence(sep=", ")[optional_field("address"), field("institution"),
                               field("year")],
            sentence[_zh("note")],
            self.format_web_refs(e),
        ]

    def get_misc_template(self, e):
        return toplevel[
            optional[self.format_names("author")],
            sentence[self._titled(e)],
            sentence(sep=", ")[optional[_zh("howpublished")], field("year")],
            sentence[_zh("note")],
            self.format_web_refs(e),
        ]


# --------------------------------------------------------------------------- citations
@node
def _label_part(children, data, part=0):
    """The authors (part 0) or the year with its letter (part 1) of the entry's label."""
    label = data["formatted_entry"].label
    who, _, year = label.rpartition(", ")
    return Text(who if part == 0 else year)


def _citation_style():
    from sphinxcontrib.bibtex.style.referencing import (BaseReferenceStyle, BracketStyle,
                                                        GroupReferenceStyle)
    from sphinxcontrib.bibtex.style.referencing.basic_label import (
        BasicLabelParentheticalReferenceStyle)
    from sphinxcontrib.bibtex.style.referencing.extra_author import ExtraAuthorReferenceStyle
    from sphinxcontrib.bibtex.style.referencing.extra_empty import ExtraEmptyReferenceStyle
    from sphinxcontrib.bibtex.style.referencing.extra_label import ExtraLabelReferenceStyle
    from sphinxcontrib.bibtex.style.referencing.extra_year import ExtraYearReferenceStyle
    from sphinxcontrib.bibtex.style.template import join2, post_text, pre_text, reference

    @dataclasses.dataclass
    class TextualReferenceStyle(BaseReferenceStyle):
        """``{cite:t}``: "Glorot & Bengio [2010]", the two halves of the entry's label."""

        bracket: BracketStyle = dataclasses.field(default_factory=BracketStyle)

        def role_names(self) -> Iterable[str]:
            return [f"{cap}t{full}" for cap in ["", "c"] for full in ["", "s"]]

        def outer(self, role_name: str, children: List) -> object:
            return self.bracket.outer(children, brackets=False, capfirst="c" in role_name)

        def inner(self, role_name: str) -> object:
            return join(sep=" ")[
                _label_part(part=0),
                join[self.bracket.left,
                     join2(sep1=" ", sep2=", ")[pre_text, reference[_label_part(part=1)],
                                                post_text],
                     self.bracket.right],
            ]

    @dataclasses.dataclass
    class CitationStyle(GroupReferenceStyle):
        """``{cite:p}`` "[LeCun et al., 1998a]", ``{cite:t}`` "LeCun et al. [1998a]"."""

        def __post_init__(self):
            # labels hold a comma ("Nielsen, 2015"): several in one citation are kept
            # apart by semicolons, "[Nielsen, 2015; Sanderson, 2017]"
            brackets = BracketStyle(sep="; ", sep2="; ", last_sep="; ")
            self.styles.extend([BasicLabelParentheticalReferenceStyle(bracket=brackets),
                                TextualReferenceStyle(), ExtraAuthorReferenceStyle(),
                                ExtraLabelReferenceStyle(), ExtraYearReferenceStyle(),
                                ExtraEmptyReferenceStyle()])
            super().__post_init__()

    return CitationStyle


def __getattr__(name):  # CitationStyle needs sphinxcontrib-bibtex, imported when asked for
    if name == "CitationStyle":
        return _citation_style()
    raise AttributeError(name)


def register() -> None:
    """Make the styles known to pybtex and sphinxcontrib-bibtex (idempotent)."""
    import pybtex.plugin
    from sphinxcontrib.bibtex.plugin import register_plugin

    pybtex.plugin.register_plugin("pybtex.style.formatting", "mlpbook", Style, force=True)
    pybtex.plugin.register_plugin("pybtex.style.formatting", "mlpbook_zh", ChineseStyle,
                                  force=True)
    register_plugin("sphinxcontrib.bibtex.style.referencing", "mlpbook", _citation_style(),
                    force=True)


def setup(app):
    register()
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
