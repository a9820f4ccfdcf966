"""The live edition of the chapters (mlpbook.book.live) and the glue it reads (mlpbook.book.glue).

What JupyterLab's MyST renderer shows of it is tests/test_jupyterlab.py's business; here: what
the live edition writes instead of what the renderer cannot show, on small notebooks and on
all ten chapters, and how it is written to disk.
"""

import inspect
import json
import re
import shutil

import pytest

from mlpbook.book import glue as glue_module
from mlpbook.engine import reference
from mlpbook import set_language
from mlpbook.book import live
from mlpbook.book.live import LIVE_MARK, ROLE_PATTERN, live_notebook

LABELS = live.citation_labels()


def notebook(*cells):
    made = []
    for i, (kind, source, *tags) in enumerate(cells):
        cell = {"cell_type": kind, "id": f"c{i}", "metadata": {"tags": tags} if tags else {},
                "source": source}
        if kind == "code":
            cell.update(outputs=[{"output_type": "stream", "name": "stdout", "text": "x"}],
                        execution_count=3)
        made.append(cell)
    return {"cells": made, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4,
            "nbformat_minor": 5}


def text(cell):
    return "".join(cell["source"])


def test_citation_labels_are_the_websites():
    assert LABELS["lecun1998gradient"] == "LeCun et al., 1998a"
    assert LABELS["lecun1998efficient"] == "LeCun et al., 1998b"
    assert LABELS["glorot2010understanding"] == "Glorot & Bengio, 2010"
    assert LABELS["nielsen2015neural"] == "Nielsen, 2015"


def test_roles_become_what_jupyterlab_can_show(tmp_path):
    nb = notebook(
        ("markdown", "# 1. Title\n\nIntro."),
        ("markdown", "The sum is {glue:text}`tiny_sum`, a {term}`weighted sum`, see "
                     "{term}`parameters <parameter>` {cite:p}`lecun1998gradient,nielsen2015neural`"
                     " and {cite:t}`glorot2010understanding`; $x$ stays, {unknown}`y` too."),
    )
    out = live_notebook(nb, base=tmp_path, name="t.ipynb", labels=LABELS)
    body = text(out["cells"][2])
    assert body == ('The sum is {eval}`glued["tiny_sum"]`, a weighted sum, see parameters '
                    r"\[LeCun et al., 1998a; Nielsen, 2015\] and Glorot & Bengio \[2010\]; "
                    "$x$ stays, {unknown}`y` too.")
    # the note under the title says what the reader sees before and after running
    note = text(out["cells"][1])
    assert out["cells"][1]["metadata"]["tags"] == ["mlpbook-live-note"]
    assert note.startswith("```{note}") and 'glued["key"]' in note and "Run All Cells" in note
    assert nb["cells"][1]["source"].startswith("The sum is {glue:text}")  # input unchanged
    assert out["metadata"][LIVE_MARK]["source"] == "t.ipynb"


def test_an_unknown_citation_is_an_error(tmp_path):
    nb = notebook(("markdown", "# T"), ("markdown", "{cite:p}`nobody2099`"))
    with pytest.raises(ValueError, match="nobody2099.*references.bib"):
        live_notebook(nb, base=tmp_path, name="t.ipynb", labels=LABELS)


def test_literalinclude_becomes_the_code_it_shows(tmp_path):
    (tmp_path / "chapters").mkdir()
    source = "```{literalinclude} ../mlpbook/engine/reference.py\n:language: python\n:pyobject: backprop\n```"
    (tmp_path / "mlpbook").symlink_to(__import__("pathlib").Path(reference.__file__).parents[1])
    nb = notebook(("markdown", "# T"), ("markdown", f"Before.\n\n{source}\n\nAfter."))
    out = live_notebook(nb, base=tmp_path / "chapters", name="t.ipynb", labels=LABELS)
    body = text(out["cells"][2])
    code = inspect.getsource(reference.backprop).rstrip("\n")
    assert body == f"Before.\n\n```python\n{code}\n```\n\nAfter."
    bad = notebook(("markdown", "# T"), ("markdown", source.replace("backprop", "nothing_here")))
    with pytest.raises(ValueError, match="nothing_here"):
        live_notebook(bad, base=tmp_path / "chapters", name="t.ipynb", labels=LABELS)
    odd = notebook(("markdown", "# T"), ("markdown", source.replace(":language:", ":emphasize-lines:")))
    with pytest.raises(ValueError, match="emphasize-lines"):
        live_notebook(odd, base=tmp_path / "chapters", name="t.ipynb", labels=LABELS)


def test_code_cells_use_mlpbook_glue_and_hidden_cells_are_folded(tmp_path):
    nb = notebook(
        ("markdown", "# T"),
        ("code", "import numpy as np", "hide-input"),
        ("code", "from myst_nb import glue   # the numbers\nglue('a', 1, display=False)",
         "remove-cell"),
        ("code", "print(1)"),
        ("code", "x = 1", "remove-input"),
    )
    out = live_notebook(nb, base=tmp_path, name="t.ipynb", labels=LABELS)
    cells = out["cells"]
    assert text(cells[3]) == ("from mlpbook.book.glue import glue, glued   # the numbers\n"
                              "glue('a', 1, display=False)")
    assert cells[2]["metadata"]["jupyter"] == {"source_hidden": True}
    assert cells[3]["metadata"]["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
    assert "jupyter" not in cells[4]["metadata"]
    assert cells[5]["metadata"]["jupyter"] == {"source_hidden": True}
    assert all(c["outputs"] == [] and c["execution_count"] is None
               for c in cells if c["cell_type"] == "code")
    with pytest.raises(ValueError, match="already a live edition"):
        live_notebook(out, base=tmp_path, name="t.ipynb", labels=LABELS)


def test_a_page_reference_becomes_a_link_to_its_notebook(tmp_path):
    (tmp_path / "appendix_x.ipynb").write_text(json.dumps(notebook(
        ("markdown", "# Appendix: the details\n\nText."))), encoding="utf-8")
    nb = notebook(("markdown", "See {doc}`appendix_x` and {doc}`the rest <appendix_x>`."))
    out = live_notebook(nb, base=tmp_path, name="t.ipynb", labels=LABELS)
    assert "See [Appendix: the details](appendix_x.ipynb) and [the rest](appendix_x.ipynb)." \
        in [text(cell) for cell in out["cells"]]
    with pytest.raises(ValueError, match="'nowhere', which is not a page beside it"):
        live_notebook(notebook(("markdown", "{doc}`nowhere`")), base=tmp_path, name="t.ipynb",
                      labels=LABELS)


def test_every_chapter_keeps_no_role_jupyterlab_cannot_show():
    chapters = live.chapter_notebooks(live.PROJECT / "chapters")
    assert len(chapters) == 11 and chapters[-1].name == "appendix_training_details.ipynb"
    evals = 0
    for path in chapters:
        nb = json.loads(path.read_text(encoding="utf-8"))
        out = live_notebook(nb, base=path.parent, name=path.name)
        for cell in out["cells"]:
            body = text(cell)
            if cell["cell_type"] == "markdown":
                roles = {name for name, _ in ROLE_PATTERN.findall(body)}
                assert roles <= {"eval"}, (path.name, roles)
                assert "{literalinclude}" not in body
                evals += body.count("{eval}`glued[")
            else:
                assert "myst_nb" not in body, (path.name, body[:80])
    sources = "".join(p.read_text(encoding="utf-8") for p in chapters)
    assert evals == sources.count("{glue:text}`") > 600


def test_the_edition_on_disk_keeps_a_copy_the_reader_changed(tmp_path):
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    for name in ("01_digits_and_neurons.ipynb", "02_weights_and_bias.ipynb"):
        shutil.copy(live.PROJECT / "chapters" / name, chapters / name)
    out = tmp_path / "live"
    messages = []
    written = live.write_live_edition(out, chapters=chapters, log=messages.append)
    assert [p.name for p in written] == ["01_digits_and_neurons.ipynb",
                                         "02_weights_and_bias.ipynb"]
    edited = json.loads((out / "01_digits_and_neurons.ipynb").read_text())
    edited["cells"][3]["source"] = ["print('my own experiment')"]
    (out / "01_digits_and_neurons.ipynb").write_text(json.dumps(edited))
    # outputs and metadata (JupyterLab stores results there) are no edit
    ran = json.loads((out / "02_weights_and_bias.ipynb").read_text())
    ran["cells"][2]["metadata"]["user_expressions"] = [{"expression": "x", "result": {}}]
    (out / "02_weights_and_bias.ipynb").write_text(json.dumps(ran))
    written = live.write_live_edition(out, chapters=chapters, log=messages.append)
    assert [p.name for p in written] == ["02_weights_and_bias.ipynb"]
    assert any("kept" in m and "01_digits" in m for m in messages)
    written = live.write_live_edition(out, chapters=chapters, force=True, log=messages.append)
    assert len(written) == 2
    # in place (the Binder image): the chapters become their live edition, once
    assert len(live.write_live_edition(chapters=chapters, in_place=True, log=messages.append)) == 2
    assert live.is_live(json.loads((chapters / "02_weights_and_bias.ipynb").read_text()))
    assert live.write_live_edition(chapters=chapters, in_place=True, log=messages.append) == []
    with pytest.raises(ValueError, match="already a live edition"):
        live.write_live_edition(tmp_path / "again", chapters=chapters, log=messages.append)


def test_the_command_line_says_what_went_wrong(tmp_path, capsys):
    assert live.main(["--chapters", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert "no chapters" in capsys.readouterr().err


def test_glue_keeps_values_and_a_missing_one_says_to_run_again():
    glue_module.glue("live_test_key", "1,234", display=False)
    assert glue_module.glued["live_test_key"] == "1,234"
    try:
        assert "run all cells once more" in glue_module.glued["never_glued"]
        set_language("zh")
        assert "请再运行一次全部单元格" in glue_module.glued["never_glued"]
    finally:
        set_language("en")
    assert "never_glued" not in glue_module.glued
    with pytest.raises(ValueError, match="non-empty string"):
        glue_module.glue("", 1)


def test_binder_environment_is_complete_and_pinned():
    binder = live.PROJECT / "binder"
    assert re.fullmatch(r"python-3\.\d+\n", (binder / "runtime.txt").read_text())
    requirements = (binder / "requirements.txt").read_text()
    names = {re.split(r"[<>=\[ ]", line.strip())[0].lower()
             for line in requirements.splitlines() if line.strip() and not line.startswith("#")}
    assert {"jupyterlab", "jupyterlab-myst", "ipywidgets", "anywidget", "pybtex",
            "-e"} <= names
    assert "jupyter-book" not in names and "pytest" not in names  # lighter than the book's
    post_build = binder / "postBuild"
    assert post_build.stat().st_mode & 0o111, "postBuild must be executable"
    assert "python -m mlpbook.book.live --in-place" in post_build.read_text()
