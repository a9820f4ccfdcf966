"""Every "chapter N" in the book's prose points to a chapter that exists.

A reader who follows "chapter 9 comes back to this" and finds no chapter 9 stops trusting
the book's other promises, and nothing else catches it: Sphinx checks links, but a
chapter named in plain words is no link. So this test reads the prose the way a reader
does: the markdown cells of every chapter notebook and the pages beside them (intro,
glossary, references, README), looking for "chapter N", "Chapter N", "chapters N–M",
"chapters N to M" and "chapters N, M and K". Chapter N exists when a notebook
``chapters/NN_*.ipynb`` does. A failure names the file and quotes the sentence.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTER_DIR = ROOT / "chapters"

# "chapter 7", "Chapter 7", "chapters 4 to 6", "chapters 5–7", "chapters 2 and 3",
# "chapters 2, 3 and 5". A comma only joins numbers in a list that ends in "and"/"or" N,
# so "chapter 3, 16 neurons" names chapter 3 alone.
_RANGE = r"\s*[–—-]\s*|\s+to\s+"
_LIST_END = r",?\s+(?:and|or)\s+"
REFERENCE = re.compile(
    r"\b(?P<word>[Cc]hapters?)\s+(?P<numbers>\d+(?:"
    rf"(?:{_RANGE})\d+"
    rf"|(?:\s*,\s*\d+)*{_LIST_END}\d+"
    r")?)(?![\d.,]\d)"
)
_SPLIT = re.compile(rf"({_RANGE}|{_LIST_END}|\s*,\s*)")


def chapter_numbers(numbers):
    """The chapters that a matched "N", "N–M", "N to M" or "N, M and K" names."""
    parts = _SPLIT.split(numbers)
    values, joins = [int(p) for p in parts[0::2]], parts[1::2]
    named = {values[0]}
    for previous, join, value in zip(values, joins, values[1:]):
        if re.fullmatch(_RANGE, join):
            named.update(range(previous, value + 1))
        else:
            named.add(value)
    return sorted(named)


_BLOCK_START = re.compile(r"\s*(?:$|[-*+] |\d+\. |\||#|:::|```)")


def blocks(text):
    """The paragraphs, list items, table rows and headings of markdown ``text``."""
    current = []
    for line in text.splitlines():
        if _BLOCK_START.match(line) and current:
            yield " ".join(current)
            current = []
        if line.strip():
            current.append(line.strip())
    if current:
        yield " ".join(current)


def references(text):
    """(chapter numbers, sentence) for every chapter reference in ``text``."""
    found = []
    for block in blocks(text):
        flat = re.sub(r"\s+", " ", block)
        for match in REFERENCE.finditer(flat):
            start = max(flat.rfind(end, 0, match.start()) for end in (". ", "! ", "? "))
            stops = [i + 1 for i in (flat.find(end, match.end()) for end in (". ", "! ", "? "))
                     if i >= 0]
            sentence = flat[start + 2 if start >= 0 else 0:min(stops, default=len(flat))]
            found.append((chapter_numbers(match.group("numbers")), sentence.strip()))
    return found


def existing_chapters():
    """The numbers N for which a notebook chapters/NN_*.ipynb exists."""
    numbers = set()
    for path in CHAPTER_DIR.glob("[0-9][0-9]_*.ipynb"):
        numbers.add(int(path.name[:2]))
    return numbers


def prose_of(path):
    """The prose of a page: a notebook's markdown cells, or a markdown file's text."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n\n".join("".join(cell["source"]) for cell in cells
                           if cell["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


PAGES = sorted(CHAPTER_DIR.glob("*.ipynb")) + sorted(ROOT.glob("*.md"))


def test_the_book_has_pages_and_chapters():
    assert len(existing_chapters()) >= 7, sorted(existing_chapters())
    names = {p.name for p in PAGES}
    assert {"intro.md", "glossary.md", "01_digits_and_neurons.ipynb"} <= names, names


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_every_chapter_reference_points_to_an_existing_chapter(page):
    chapters = existing_chapters()
    missing = [f"  chapter {n}: {sentence}"
               for numbers, sentence in references(prose_of(page))
               for n in numbers if n not in chapters]
    assert not missing, (
        f"{page.relative_to(ROOT)} names chapters that do not exist (there is no "
        f"chapters/NN_*.ipynb for them; existing: {sorted(chapters)}):\n" + "\n".join(missing))


@pytest.mark.parametrize("text,expected", [
    ("as chapter 2 showed", [[2]]),
    ("Chapter 10 asks why.", [[10]]),
    ("by the learning procedure of chapters 4 to 6, to make", [[4, 5, 6]]),
    ("chapters 5–7 train it", [[5, 6, 7]]),
    ("chapters 8-9", [[8, 9]]),
    ("(chapters 2 and 3 show exactly\nhow)", [[2, 3]]),
    ("chapters 2, 3 and 5", [[2, 3, 5]]),
    ("chapters 2, 3, or 7", [[2, 3, 7]]),
    ("as chapter 3, 16 neurons wide", [[3]]),
    ("chapter 7's recipe and chapter 9.", [[7], [9]]),
    ("the 60,000 images of this chapter", []),
    ("open chapters/08_what_did_it_learn.ipynb", []),
    ("Chapter 1.5 of another book", []),
])
def test_references_are_read_as_a_reader_reads_them(text, expected):
    assert [numbers for numbers, _ in references(text)] == expected


def test_a_reference_is_reported_with_its_sentence():
    text = ("Chapters 2 and 3 build it. Once trained, chapter 8\nlooks inside it! Then more.\n"
            "\n- a list item (chapter 9);\n- another one\n\n| a | table of chapter 10 |\n")
    assert references(text) == [([2, 3], "Chapters 2 and 3 build it."),
                                ([8], "Once trained, chapter 8 looks inside it!"),
                                ([9], "- a list item (chapter 9);"),
                                ([10], "| a | table of chapter 10 |")]
