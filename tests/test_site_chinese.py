"""A Chinese reader sees Chinese on every Chinese page: prose, printed lines and tables.

The scan reads each built page of the Chinese edition (``_build/html/zh/...``) with an HTML
parser, no browser needed, and collects every English word a reader sees: the prose, the
output of the code cells (printed lines, tables, the progress bars kept in the page's widget
state) and the exercises. It leaves out what is code, mathematics or a reference in any
language, and what the book keeps in English on purpose:

* the source of the code cells, inline code and code listings, formulas, citations (the
  bibliography lists works under their own titles), the link to the English edition;
* titles in 《》 and the text of links to other sites (a link names the page it leads to, such
  as a video's own title);
* an English term given in brackets right after its Chinese (交叉熵（cross-entropy）,
  早停（early stopping）, at most :data:`BRACKETED_WORDS` words in a row), and the glossary's
  English names of its entries;
* what is code even where it is not marked as code: a dotted name (``reference.backprop``), a
  symbol with a subscript (``a_k``), a typed answer in quotes (``"cde"``);
* the words of :data:`ALLOWED`, each group with its reason: names of people, programs and
  data, the few terms the terminology table keeps in English, and Python's own values.

Any other English word fails the test, with the page and its sentence. Widgets draw their own
words in the browser from their modules' tables (tests/test_widget_*.py check those).
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from built_site import HTML_DIR, tail, toc_pages

# The first test that needs the built site builds both editions (conftest's book_build).
pytestmark = pytest.mark.timeout(2400)

#: English words a Chinese page may show, by reason. Keep each group short and justified.
ALLOWED = {
    # The data set, the programs and the services the book uses or points to, by name.
    "names": {"MNIST", "Python", "NumPy", "numpy", "Numba", "Jupyter", "JupyterLab", "Binder",
              "GitHub", "PyTorch", "Keras", "TensorFlow", "JAX", "mlpbook", "3Blue1Brown",
              "Bilibili", "YouTube", "Colab", "IDX", "MIT", "MB"},
    # People whose work the prose names (their works are cited beside them).
    "people": {"Michael", "Nielsen", "Goodfellow", "Bengio", "Courville", "Zhang", "Arpit",
               "Minsky", "Papert", "Yann", "LeCun", "Corinna", "Cortes", "Christopher",
               "Burges", "Polyak", "Rumelhart", "Glorot", "Xovee", "Hochreiter", "Simard",
               "Frasconi"},
    # Terms the terminology table (locales/zh_CN/terminology.yml) keeps in English: function
    # names, abbreviations, the logic gates (OR and AND beside XOR), the equations' names.
    "terms": {"sigmoid", "softmax", "ReLU", "tanh", "XOR", "OR", "AND", "SGD", "MLP", "MSE",
              "BP1", "BP2", "BP3", "BP4", "L2", "logistic"},
    # Python's own values and types, the engines' and recipes' names, as the code writes them.
    "code": {"True", "False", "None", "NaN", "float64", "float32", "numba", "BEST_16", "ln",
             "exp"},
}
KNOWN = set().union(*ALLOWED.values())
#: An English term in brackets after Chinese may have at most this many words in a row, and
#: the bracket at most this many Chinese characters besides (早停（ 早停 ，early stopping）).
BRACKETED_WORDS = 6
BRACKETED_CHINESE = 6

#: What is code, mathematics or a reference, not text to read: left out of the scan.
NOT_TEXT = (".cell_input, code, .math, mjx-container, .bibtex-citation, .headerlink, script, "
            "style, .mlpbook-editions, div.citation, a.reference.external")
#: A code listing (``div.highlight-python`` etc.); program output carries the class "output".
LISTING = re.compile(r"^highlight-")
BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "th", "td", "caption", "figcaption",
          "summary", "pre")
CHINESE = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"[0-9]*[A-Za-z][A-Za-z0-9_]*(?:['’-][A-Za-z0-9_]+)*")
BRACKETS = re.compile(r"[（(]([^（）()]*)[）)]")
TITLES = re.compile(r"《[^》]*》")
#: Code that is not marked as code: dotted names, symbols with a subscript, quoted answers.
CODE_LIKE = re.compile(r"\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\b"         # reference.backprop
                       r"|(?<![A-Za-z0-9_])[A-Za-z]_[A-Za-z0-9]+\b"      # a_k
                       r"|\"[A-Za-z0-9]+\"")                              # "cde"
#: What separates the English runs of a bracket: Chinese characters and punctuation.
CHINESE_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")


def is_english(word: str) -> bool:
    """A word of at least two letters (one letter is a symbol: x, a, y, s for seconds)."""
    return sum(ch.isalpha() for ch in word) >= 2


def widget_texts(soup) -> list[str]:
    """The texts of the plain widgets a page keeps from its run (tqdm's progress bars are
    HTML labels around a bar), as the page shows them."""
    texts = []
    for script in soup.find_all("script", type="application/vnd.jupyter.widget-state+json"):
        for model in json.loads(script.string or "{}").get("state", {}).values():
            if model.get("model_name") in ("HTMLModel", "LabelModel"):
                value = model.get("state", {}).get("value") or ""
                texts.append(BeautifulSoup(value, "html.parser").get_text(" "))
    return texts


def reader_texts(html: str) -> list[str]:
    """Every piece of text a reader of the page reads, code and references left out."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.find("article")
    if article is None:
        return []
    texts = widget_texts(soup)
    for element in article.select(NOT_TEXT):
        element.decompose()
    for element in article.find_all("div", class_=LISTING):
        if "output" not in element.get("class", []):
            element.decompose()
    for element in article.select("dl.glossary > dt"):
        if not CHINESE.search(element.get_text()):
            element.decompose()  # the English name of a glossary entry
    for block in article.find_all(BLOCKS):
        if block.find(BLOCKS):
            continue  # read at its innermost blocks
        texts.append(" ".join(block.get_text(" ").split()))
    return [t for t in texts if t]


def without_allowed_parts(text: str) -> str:
    """``text`` without titles in 《》, code that is not marked as code, and English terms in
    brackets right after Chinese."""
    text = CODE_LIKE.sub(" ", TITLES.sub(" ", text))

    def bracket(match):
        inside, before = match.group(1), text[max(0, match.start() - 12):match.start()]
        runs = CHINESE_RUN.split(inside)
        if (CHINESE.search(before) and len(CHINESE.findall(inside)) <= BRACKETED_CHINESE
                and all(len(WORD.findall(run)) <= BRACKETED_WORDS for run in runs)):
            return " "
        return match.group(0)

    return BRACKETS.sub(bracket, text)


def english_words(text: str) -> list[str]:
    return [w for w in WORD.findall(without_allowed_parts(text))
            if is_english(w) and w not in KNOWN]


def scan(html: str) -> list[tuple[str, str]]:
    """``(word, the text it is in)`` for every English word a reader sees on the page."""
    return [(word, text) for text in reader_texts(html) for word in english_words(text)]


# --------------------------------------------------------------------------------------
# The scanner itself, on small pages (no build needed).

PAGE = """<html><body><article>
<h1>第 7 章</h1>
<p>交叉熵（cross-entropy）代价 <code>fit(recipe, data)</code>
 <span class="math">\\(a = \\sigma(z)\\)</span>
 见 <span class="bibtex-citation"><a href="#">Nielsen, 2015</a></span>，
 《Neural Networks and Deep Learning》。</p>
<div class="cell_input"><div class="highlight-ipython3"><pre>print("training")</pre></div></div>
<div class="cell_output">
<div class="output stream highlight-myst-ansi"><pre>seed 0: 92.48%</pre></div>
<table><tr><th>step</th><th>学习率</th></tr></table></div>
<div class="highlight-bash"><pre>python -m mlpbook train --layers 784</pre></div>
<dl class="simple glossary"><dt>weight decay</dt><dt>权重衰减</dt><dd><p>每一步都把权重拉向 0。</p></dd></dl>
<p>MNIST 与 sigmoid 函数，True 或 False；见 <a class="reference external" href="#">Part 1 ver 2.0</a>。</p>
<p>这句话是 English words in brackets（that are far too many to be a term here）。</p>
<p>这里有一个 notebook（在可运行的 notebook 里，它会把全部内容打印出来）。</p>
<p>这就是早停（ 早停 ，early stopping）；<code>k</code> 列 a_k 与 reference.backprop 都是代码，答案写成 "cde"。</p>
</article>
<script type="application/vnd.jupyter.widget-state+json">{"state": {"a": {"model_name":
"HTMLModel", "state": {"value": "30/30 [00:02, 13.3epoch/s, test acc=92%]"}}}}</script>
</body></html>"""


def test_the_scan_counts_output_tables_and_progress_bars_not_code():
    found = Counter(word for word, _ in scan(PAGE))
    assert found == Counter({"seed": 1, "step": 1, "3epoch": 1, "test": 1, "acc": 1,
                             "English": 1, "words": 1, "in": 1, "brackets": 1, "that": 1,
                             "are": 1, "far": 1, "too": 1, "many": 1, "to": 1, "be": 1,
                             "term": 1, "here": 1, "notebook": 2}), found


def test_the_scan_sees_english_prose_as_english():
    page = "<html><body><article><p>The network learns from examples.</p></article></body></html>"
    assert [word for word, _ in scan(page)] == ["The", "network", "learns", "from", "examples"]


# --------------------------------------------------------------------------------------
# The built Chinese edition.


@pytest.fixture(scope="module")
def built(book_build):
    code, log = book_build
    assert code == 0, f"the book did not build:\n{tail(log)}"
    return HTML_DIR


def test_every_chinese_page_is_chinese(built):
    problems, counts = [], {}
    for page in toc_pages():
        path = built / "zh" / page
        assert path.is_file(), f"zh/{page} was not built"
        found = scan(path.read_text(encoding="utf-8"))
        counts[page] = len(found)
        seen = set()
        for word, text in found:
            if text not in seen:
                seen.add(text)
                problems.append(f"zh/{page}: {word!r} in: {text[:160]!r}")
    print("English words per Chinese page:", counts)
    assert not problems, (f"{sum(counts.values())} English word(s) on the Chinese pages "
                          f"(allowed: {sorted(KNOWN)}):\n  " + "\n  ".join(problems[:60]))


def test_the_same_scan_finds_the_english_edition_english(built):
    english = scan((built / "intro.html").read_text(encoding="utf-8"))
    assert len(english) > 200, len(english)
