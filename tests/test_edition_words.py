"""The Chinese edition's own words outside the pages' prose: the site's title, the sidebar's
part captions, and the bibliography style, all in line with the first page's catalog."""

from __future__ import annotations

from pathlib import Path

import yaml

from mlpbook.book import editions

REPO = Path(__file__).resolve().parents[1]


def zh_config(tmp_path):
    config, toc = editions.edition_config(REPO, editions.EDITIONS["zh"], ["en", "zh"],
                                          tmp_path, execute=False)
    return yaml.safe_load(config.read_text("utf-8")), yaml.safe_load(toc.read_text("utf-8"))


def test_site_title_is_the_first_page_heading(tmp_path):
    config, _ = zh_config(tmp_path)
    english = yaml.safe_load((REPO / "_config.yml").read_text("utf-8"))["title"]
    translated = editions.first_page_translations(REPO, editions.EDITIONS["zh"])
    assert english in translated, "the first page's heading is the book's title"
    assert config["sphinx"]["config"]["html_title"] == translated[english]
    assert "：" in translated[english] and "mlpbook" in translated[english]


def test_part_captions_come_from_the_catalog(tmp_path):
    _, toc = zh_config(tmp_path)
    english = yaml.safe_load((REPO / "_toc.yml").read_text("utf-8"))
    translated = editions.first_page_translations(REPO, editions.EDITIONS["zh"])
    for part, original in zip(toc["parts"], english["parts"]):
        assert part["caption"] == translated[original["caption"]]
    assert [p["caption"] for p in toc["parts"]] == ["正文", "附录", "参考资料"]


def test_english_edition_keeps_its_words(tmp_path):
    config, toc = editions.edition_config(REPO, editions.EDITIONS["en"], ["en"], tmp_path,
                                          execute=False)
    config = yaml.safe_load(config.read_text("utf-8"))
    assert "html_title" not in config["sphinx"]["config"]
    assert config["sphinx"]["config"]["bibtex_default_style"] == "mlpbook"
    assert [p["caption"] for p in yaml.safe_load(toc.read_text("utf-8"))["parts"]] == \
        ["The book", "Appendix", "Reference"]


def test_chinese_bibliography_style(tmp_path):
    config, _ = zh_config(tmp_path)
    assert config["sphinx"]["config"]["bibtex_default_style"] == "mlpbook_zh"


def glossary_blocks() -> list[list[str]]:
    """The names of each glossary entry, entry by entry."""
    text = (REPO / "glossary.md").read_text("utf-8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    entries, names = [], []
    for line in block.splitlines():
        if line.strip() and not line.startswith((" ", "\t", ":")):
            names.append(line.strip())
        elif names:
            entries.append(names)
            names = []
    return entries


def test_search_finds_every_alias_in_its_entry():
    """The Chinese search is taught the glossary's names (editions.glossary_names feeds
    jieba): a name other Chinese texts use finds the entry of the book's term."""
    table = yaml.safe_load((REPO / "locales/zh_CN/terminology.yml").read_text("utf-8"))
    entries = glossary_blocks()
    names = set(editions.glossary_names(REPO))
    for wanted in ["隐藏层", "隐层", "sigmoid 函数", "修正线性单元", "损失函数", "成本函数"]:
        assert wanted in names
    for row in table:
        for alias in row.get("aliases", []):
            if alias == "S 型函数":     # spaced spelling of S型函数: the same word to search
                continue
            home = [names for names in entries if alias in names]
            assert home, f"the glossary does not list {alias!r}"
            book_terms = set(row["zh"].split(" / ")) | {row["zh"].split("（")[0]}
            assert book_terms & set(home[0]) or row["en"].split(" ")[0] in home[0], \
                (alias, home[0])
