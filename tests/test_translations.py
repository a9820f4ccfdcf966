"""The Chinese edition's catalogs (locales/zh_CN/LC_MESSAGES/*.po) against the English source.

A translation is only as good as its match with the English it stands for, so these fail:
- a catalog that misses a message of today's English (someone edited the prose and the
  catalogs were not updated: ``python -m mlpbook i18n update``), or keeps one that is gone;
- an entry left untranslated or marked fuzzy (Sphinx would silently show English);
- a translation whose computed numbers (glue keys), citations, glossary links, math, code
  or link targets differ from its English: the reader would lose a number or a reference;
- a heading translated as "1. ..." (Markdown reads it as a list item and drops it).
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest

from mlpbook.book import editions

REPO = Path(__file__).resolve().parents[1]
CATALOGS = REPO / "locales" / "zh_CN" / "LC_MESSAGES"

GLUE = re.compile(r"\{glue(?::\w+)?\}`([^`]+)`")
CITE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")
TERM = re.compile(r"\{term\}`([^`]+)`")
REF = re.compile(r"\{(?:ref|numref|doc|eq)\}`([^`]+)`")
MATH = re.compile(r"\$\$.+?\$\$|\$[^$]+\$", re.S)
CODE = re.compile(r"(?<![}\w])`([^`]+)`")
LINK = re.compile(r"\]\(([^)]+)\)")


def glossary_entries() -> dict[str, str]:
    """Every name of every glossary entry (lower case) -> the entry's first name."""
    text = (REPO / "glossary.md").read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    names: dict[str, str] = {}
    current: list[str] = []
    for line in block.splitlines():
        if not line.strip() or line.startswith(":"):
            current = []
            continue
        if line.startswith((" ", "\t")):
            current = []
            continue
        current.append(line.strip())
        for name in current:
            names[name.lower()] = current[0].lower()
    return names


GLOSSARY = glossary_entries()


def term_entry(text: str) -> str:
    target = re.search(r"<([^>]+)>\s*$", text)
    name = (target.group(1) if target else text).strip().lower()
    return GLOSSARY.get(name, name)


def placeholders(text: str) -> dict[str, collections.Counter]:
    """What a translation must carry over unchanged, as multisets."""
    without_roles = re.sub(r"\{[\w:]+\}`[^`]*`", "", text)
    return {
        "glue keys": collections.Counter(GLUE.findall(text)),
        "citations": collections.Counter(CITE.findall(text)),
        "glossary links": collections.Counter(term_entry(t) for t in TERM.findall(text)),
        "cross-references": collections.Counter(REF.findall(text)),
        "math": collections.Counter(m.replace(" ", "") for m in MATH.findall(text)),
        "code": collections.Counter(CODE.findall(MATH.sub("", without_roles))),
        "link targets": collections.Counter(LINK.findall(text)),
    }


def catalog_files() -> list[Path]:
    """The pages' catalogs (the theme's hand-made sphinx.po is not a page)."""
    return editions.page_catalogs(CATALOGS)


def entries(path: Path):
    return editions.read_catalog(path)


def page_of(path: Path) -> str:
    return str(path.relative_to(CATALOGS).with_suffix(""))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, set[str]]:
    """Today's English messages, page by page (Sphinx's gettext builder, no execution)."""
    return editions.extract_messages(work=tmp_path_factory.mktemp("gettext"))


def test_there_is_a_catalog_for_every_page(extracted):
    pages = {page_of(p) for p in catalog_files()}
    missing = sorted(set(extracted) - pages)
    assert not missing, (f"no Chinese catalog for {missing}: run `python -m mlpbook i18n "
                         "update` and translate the new file(s)")


@pytest.mark.parametrize("path", catalog_files(), ids=page_of)
def test_catalog_matches_todays_english(path, extracted):
    have = {e.id for e in entries(path)}
    want = extracted.get(page_of(path), set())
    new, gone = sorted(want - have), sorted(have - want)
    assert not new and not gone, (
        f"{page_of(path)}: the English changed ({len(new)} new or edited message(s), "
        f"{len(gone)} no longer there); run `python -m mlpbook i18n update`, then translate "
        "the entries it marks. First new ones:\n  " + "\n  ".join(m[:120] for m in new[:5]))


@pytest.mark.parametrize("path", catalog_files(), ids=page_of)
def test_every_entry_is_translated(path):
    todo = [e.id for e in entries(path) if not e.string or e.fuzzy]
    assert not todo, (f"{page_of(path)}: {len(todo)} untranslated or fuzzy entr(y/ies) "
                      "(the Chinese page would show English):\n  "
                      + "\n  ".join(m[:120] for m in todo[:8]))


@pytest.mark.parametrize("path", catalog_files(), ids=page_of)
def test_translations_keep_numbers_references_math_and_code(path):
    problems = []
    for entry in entries(path):
        if not entry.string:
            continue
        source, target = placeholders(entry.id), placeholders(entry.string)
        for kind in source:
            if source[kind] != target[kind]:
                lost = source[kind] - target[kind]
                added = target[kind] - source[kind]
                problems.append(f"{kind}: lost {sorted(lost)} added {sorted(added)} in "
                                f"{entry.id[:80]!r}")
        if re.match(r"\d+\. ", entry.string) and not re.match(r"\d+\. ", entry.id):
            problems.append(f"heading/paragraph starts with 'N. ' (write 'N\\. '): "
                            f"{entry.string[:60]!r}")
    assert not problems, f"{page_of(path)}:\n  " + "\n  ".join(problems[:20])


def test_placeholder_reader_finds_what_it_should():
    text = ("The sum {glue:text}`ch5_x` of $w_1 a_1$ ({cite:p}`nielsen2015neural`) is a "
            "{term}`weighted sum`; see `mlpbook.train` and [the docs](../intro.md).")
    found = placeholders(text)
    assert found["glue keys"] == {"ch5_x": 1} and found["citations"] == {"nielsen2015neural": 1}
    assert found["glossary links"] == {"weighted sum": 1}
    assert found["math"] == {"$w_1a_1$": 1} and found["code"] == {"mlpbook.train": 1}
    assert found["link targets"] == {"../intro.md": 1}
    # A glossary link may name the entry by its Chinese name.
    assert placeholders("{term}`加权和`")["glossary links"] == found["glossary links"]
    assert placeholders("{term}`加权和 <weighted sum>`")["glossary links"] == {"weighted sum": 1}


# Spacing next to Chinese: a space between a Chinese character and an emphasis, a bold
# phrase, a glossary link, a number, code or a formula (*希望* reads "的 *希望* 是"), none
# between such a span and Chinese punctuation. One rule, so that every page looks alike.
SPAN = re.compile(r"\*\*[^*]+?\*\*|(?<![*\\])\*[^*\s][^*]*?\*(?!\*)|\{[\w:]+\}`[^`]*`|`[^`]+`"
                  r"|\$[^$]+\$")
HAN = re.compile(r"[\u4e00-\u9fff]")
CJK_PUNCT = "，。；：、？！）（“”《》—…"
# Catalogs written before the rule, still to be brought in line (xfail, not strict: the
# lead removes a page once it passes).
SPACING_PENDING = set()


def spacing_problems(text: str) -> list[str]:
    found = []
    for m in SPAN.finditer(text):
        a, b = m.start(), m.end()
        if a and HAN.match(text[a - 1]) or b < len(text) and HAN.match(text[b]):
            found.append(f"no space: …{text[max(0, a - 4):b + 4]}…")
        if a >= 2 and text[a - 1] == " " and text[a - 2] in CJK_PUNCT or \
                b + 1 < len(text) and text[b] == " " and text[b + 1] in CJK_PUNCT:
            found.append(f"space at punctuation: …{text[max(0, a - 4):b + 4]}…")
    return found


def _spacing_param(path: Path):
    marks = [pytest.mark.xfail(reason="spacing not yet in line")] \
        if page_of(path) in SPACING_PENDING else []
    return pytest.param(path, id=page_of(path), marks=marks)


@pytest.mark.parametrize("path", [_spacing_param(p) for p in catalog_files()])
def test_spacing_next_to_chinese(path):
    problems = [p for e in entries(path) if e.string and HAN.search(e.string)
                for p in spacing_problems(e.string)]
    assert not problems, f"{page_of(path)}:\n  " + "\n  ".join(problems[:12])


def test_spacing_reader_finds_what_it_should():
    assert spacing_problems("这是 *希望* 的 {term}`加权和`，和 $z$。") == []
    assert spacing_problems("这是*希望*的")[0].startswith("no space")
    assert spacing_problems("一个 **正** ，")[0].startswith("space at punctuation")


def test_compiled_catalogs_follow_the_po_even_when_an_old_mo_looks_newer(tmp_path):
    # A fresh clone gives the .po and an old .mo the same time; Sphinx would keep the .mo.
    import os
    import shutil

    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    page = tmp_path / "locales" / "zh_CN" / "LC_MESSAGES" / "chapters"
    page.mkdir(parents=True)
    po = page / "08_what_did_it_learn.po"
    shutil.copy(CATALOGS / "chapters" / po.name, po)
    stale = po.with_suffix(".mo")
    stale.write_bytes(b"not a catalog")
    os.utime(stale, (po.stat().st_mtime + 60,) * 2)
    assert editions.compile_catalogs(tmp_path) == [stale]
    with po.open("rb") as source:
        wanted = {m.id: m.string for m in read_po(source) if m.id and m.string and not m.fuzzy}
    with stale.open("rb") as compiled:
        found = {m.id: m.string for m in read_mo(compiled) if m.id}
    assert found == wanted and len(wanted) > 20
