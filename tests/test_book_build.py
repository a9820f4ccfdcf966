"""The book build and the notebook tests fail loudly and recover (mlpbook.book.sphinx_ext).

Each test builds a tiny Jupyter Book in a temporary folder with the same extension as the
real book: fast (seconds), and independent of the chapters.
- no data: the build stops, non-zero, with the data message on screen;
- the data arrives: the same command (no ``--all``) executes the chapter again, no stale page;
- a hanging cell: the build fails within the watchdog's deadline, naming notebook and cell;
- the same hang under nbval fails within pytest-timeout's limit, naming notebook and cell.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from mlpbook.engine import data
from mlpbook.book.editions import JUPYTER_BOOK

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def mnist_folder():
    """Where the package finds MNIST here (argument, variable, cache or download)."""
    try:
        return data.find_data_dir()
    except data.DataError as exc:
        pytest.fail(f"these tests need MNIST where the package finds it:\n{exc}")


def write_notebook(path: Path, *sources: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {path.stem}")]
    nb.cells += [nbformat.v4.new_code_cell(src) for src in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)


def make_book(folder: Path, *, deadline=None, needs_data=True, timeout=300) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    config = {
        "title": "tiny",
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "force", "timeout": timeout},
        "sphinx": {"config": {"mlpbook_needs_data": needs_data, "nb_execution_show_tb": True,
                              **({"mlpbook_cell_deadline": deadline} if deadline else {})},
                   "extra_extensions": ["mlpbook.book.sphinx_ext"]},
    }
    (folder / "_config.yml").write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    (folder / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: chapter\n",
                                     encoding="utf-8")
    (folder / "index.md").write_text("# Tiny\n", encoding="utf-8")
    return folder


def build(folder: Path, env: dict, *extra: str) -> tuple[int, str, float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", JUPYTER_BOOK, "build", str(folder),
                           *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=400)
    return done.returncode, done.stdout, time.monotonic() - started


def no_data_env(tmp_path: Path) -> dict:
    """An environment with no MNIST anywhere: empty cache, no variable, unreachable mirror."""
    env = {k: v for k, v in os.environ.items() if k != data.ENV_VAR}
    env.update(HOME=str(tmp_path / "home"), XDG_CACHE_HOME=str(tmp_path / "cache"),
               MLPBOOK_MNIST_MIRRORS="http://127.0.0.1:9/")
    return env


def test_build_without_data_stops_with_the_data_message(tmp_path):
    book = make_book(tmp_path / "book")
    write_notebook(book / "chapter.ipynb", "print('never runs')")
    code, log, _ = build(book, no_data_env(tmp_path))
    assert code != 0, log[-3000:]
    assert "the book needs the MNIST data" in log
    assert "train-images-idx3-ubyte" in log and data.ENV_VAR in log  # what, and how to fix
    assert "never runs" not in log


def test_a_second_build_after_the_data_arrives_has_no_stale_page(tmp_path, mnist_folder):
    book = make_book(tmp_path / "book")
    write_notebook(book / "chapter.ipynb",
                   "from mlpbook.engine.data import find_data_dir\n"
                   "print('data in', find_data_dir(download=False))")
    env = no_data_env(tmp_path)
    code, log, _ = build(book, env)
    assert code != 0
    # The data arrives in the user cache, where the package looks; same command, no --all.
    cache = tmp_path / "cache" / "mlpbook" / "mnist"
    cache.mkdir(parents=True, exist_ok=True)  # (the failed download made it, empty)
    for name in data.FILES:
        source = next(p for p in (mnist_folder / f"{name}.gz", mnist_folder / name) if p.is_file())
        os.symlink(source, cache / source.name)
    code, log, _ = build(book, env)
    assert code == 0, log[-3000:]
    page = (book / "_build" / "html" / "chapter.html").read_text(encoding="utf-8")
    assert "data in" in page and str(cache) in page
    assert "DataError" not in page and "Traceback" not in page
    # And a third build with nothing changed still executes the chapter (no stale pages),
    # with no warning about what the earlier build left in the folder (-W: warnings fail).
    code, log, _ = build(book, env, "-W")
    assert code == 0 and "chapter.ipynb: Executing notebook" in log, log[-3000:]
    assert "overwrite" not in log


def test_a_failing_chapter_fails_the_build(tmp_path):
    book = make_book(tmp_path / "book", needs_data=False)
    write_notebook(book / "chapter.ipynb", "x = 1", "raise ValueError('broken on purpose')")
    code, log, _ = build(book, dict(os.environ))
    assert code != 0
    assert "1 chapter(s) failed to execute" in log and "broken on purpose" in log


def test_a_hanging_cell_fails_the_build_in_bounded_time(tmp_path):
    book = make_book(tmp_path / "book", deadline=5, needs_data=False, timeout=-1)
    write_notebook(book / "chapter.ipynb", "x = 1", "import time\ntime.sleep(10_000)  # hangs")
    code, log, seconds = build(book, dict(os.environ))
    assert code != 0
    assert seconds < 120, f"the hang took {seconds:.0f} s to fail"
    assert "chapter.ipynb: cell 2 did not finish within 5 s" in log
    assert "time.sleep(10_000)" in log  # the cell is shown


def test_a_hanging_cell_fails_nbval_in_bounded_time(tmp_path):
    write_notebook(tmp_path / "hang.ipynb", "x = 1", "import time\ntime.sleep(10_000)")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider",
         "--timeout", "10", "hang.ipynb"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    seconds = time.monotonic() - started
    assert done.returncode != 0, done.stdout[-2000:]
    assert seconds < 120, f"nbval took {seconds:.0f} s to give up"
    assert "hang.ipynb::Cell 1" in done.stdout and "Timeout" in done.stdout, done.stdout[-3000:]


def test_the_project_runs_nbval_under_a_timeout():
    """pytest-timeout is configured for the whole suite, so no chapter cell can hang CI."""
    import tomllib

    config = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    options = config["tool"]["pytest"]["ini_options"]
    assert 0 < int(options["timeout"]) <= 600


def test_a_page_whose_formulas_are_only_in_outputs_gets_mathjax():
    """An exercise statement typesets its formulas; Sphinx loads MathJax only on pages with
    math in the prose, so such a page is marked as having equations."""
    from types import SimpleNamespace

    from docutils import nodes
    from docutils.utils import new_document

    from mlpbook.book.sphinx_ext import _math_in_outputs
    from mlpbook.exercises import ch09

    math = SimpleNamespace(data={"has_equations": {}})
    env = SimpleNamespace(docname="chapters/09", get_domain=lambda name: math)
    app = SimpleNamespace(env=env)
    plain = new_document("plain")
    plain += nodes.raw("", "<p>no formulas</p>", format="html")
    _math_in_outputs(app, plain)
    assert math.data["has_equations"] == {}
    page = new_document("page")
    page += nodes.raw("", ch09.q1.show()._repr_html_(), format="html")
    _math_in_outputs(app, page)
    assert math.data["has_equations"] == {"chapters/09": True}


def test_a_described_figure_carries_its_alt_text_into_the_notebook_and_the_page():
    """viz.describe's words reach the PNG output's metadata in a real kernel, and myst-nb's
    image node gets them as alt (unless the cell sets its own)."""
    from types import SimpleNamespace

    import nbclient

    from mlpbook.book.sphinx_ext import _alt_from_outputs
    from myst_nb.core.render import NbElementRenderer

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import matplotlib.pyplot as plt\nfrom mlpbook import viz\nfig, ax = plt.subplots()\n"
        "viz.describe(fig, 'A line that rises from 1 to 2');"),
        nbformat.v4.new_code_cell("fig, ax = plt.subplots()")]
    nbclient.NotebookClient(nb, timeout=120).execute()
    described, plain = (c.outputs[-1] for c in nb.cells)
    assert described["metadata"] == {"image/png": {"alt": "A line that rises from 1 to 2"}}
    # a figure nobody described is summarised from what it draws (viz._alt._summarise)
    assert plain["metadata"]["image/png"]["alt"].startswith("A figure with one panel")

    _alt_from_outputs()

    class Renderer:  # what the patched render_image needs of myst-nb's own renderer
        def write_file(self, *args, **kwargs):
            return "x.png"

        renderer = SimpleNamespace(get_cell_level_config=lambda *a, **k: {})
        logger = None

    for output, cell_options, want in ((described, {}, "A line that rises from 1 to 2"),
                                       (described, {"alt": "the cell's own"}, "the cell's own")):
        Renderer.renderer = SimpleNamespace(get_cell_level_config=lambda *a, **k: dict(cell_options))
        data = SimpleNamespace(mime_type="image/png", content=output["data"]["image/png"],
                               output_metadata=output["metadata"], cell_metadata={}, line=1)
        (node,) = NbElementRenderer.render_image(Renderer(), data)
        assert node["alt"] == want
