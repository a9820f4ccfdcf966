"""The live edition in a real JupyterLab: what a reader who presses the rocket button gets.

A JupyterLab 4 server with its MyST renderer, jupyterlab-myst (as binder/requirements.txt
installs them), runs on 127.0.0.1 with no token and every Jupyter folder temporary, and
Chromium opens it (every other host blocked):

* the live edition of all ten chapters and the appendix (``python -m mlpbook.book.live``) opens with no kernel
  and every markdown cell renders with no MyST role left as text, no "Citation Not Found",
  the literalinclude's code shown, and each number waiting as ``glued["key"]``. To keep the
  file within a minute, each chapter is opened as its markdown cells alone, in order:
  jupyterlab-myst renders a markdown cell from its own source (and the notebook's title), so
  the prose looks the same, and the code cells' editors (a third of the time) are spared;
* a small notebook, written like a chapter (myst-nb glue, roles, a drawing pad, a trainer,
  exercise stubs) and turned into its live edition the same way, runs (Run All): its numbers
  fill in; a digit drawn with the mouse reaches Python (``pad.image()``) pixel for pixel as the
  page shows it, equal to Python's own preparation of the strokes; a network trained by
  pressing Train reaches Python (``trainer.network()``) bit for bit as the page holds it; and
  untouched exercise stubs stay unattempted in ``progress()``.

Nothing is installed while it runs: requirements.txt brings JupyterLab and jupyterlab-myst.
The whole file takes about a minute (one server, one page, one small notebook run).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from test_widget_drawing import SEVEN, draw  # the pad drawn on with the mouse, as there
from mlpbook.book import live

pytestmark = pytest.mark.jupyterlab

PROJECT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 90  # s: the server on a busy 2-core machine
RUN_TIMEOUT = 180_000  # ms: the small notebook's Run All, training included
# A role or a directive left as text: {name}`...` or ```{name} / :::{name} (not math's x_{l+1}).
RAW_MYST = re.compile(r"\{[A-Za-z][\w:+-]*\}`|(?:```|:::)\{|\{glue")


# ------------------------------------------------------------------ the notebook to run
def cell(kind, source, *tags):
    made = {"cell_type": kind, "id": f"c{cell.count}", "metadata": {"tags": list(tags)} if tags
            else {}, "source": source}
    cell.count += 1
    if kind == "code":
        made.update(outputs=[], execution_count=None)
    return made


cell.count = 0

WIDGETS_NOTEBOOK = [
    cell("markdown", "# Widgets, live\n\nA drawing pad and a trainer, as the chapters show them."),
    cell("code", "from myst_nb import glue\nimport hashlib, json\nimport numpy as np\n"
                 "from mlpbook import Network\n"
                 "from mlpbook.engine import preprocess\n"
                 "from mlpbook.widgets import DrawingPad, Trainer\n"
                 "from mlpbook.exercises import ch03 as ex\n"
                 'glue("answer", f"{6 * 7}", display=False)', "remove-cell"),
    cell("markdown", "The answer is {glue:text}`answer` {cite:p}`nielsen2015neural`; "
                     "{term}`weights <weight>` come later: {glue:text}`later`."),
    cell("code", "pad = DrawingPad(Network([784, 16, 16, 10], seed=0))\npad"),
    cell("code", "trainer = Trainer(epochs=1)\ntrainer"),
    # what Python reads of the pad (run again after drawing)
    cell("code", 'image = pad.image()\nprint("PAD", json.dumps(None if image is None else {\n'
                 '    "strokes": len(pad.strokes),\n'
                 '    "pixels": np.round(image.ravel() * 255).astype(int).tolist(),\n'
                 '    "python_diff": float(np.abs(image - preprocess.strokes_image(pad.strokes))'
                 '.max()),\n'
                 '    "answer": int(np.argmax(pad.outputs()))}))'),
    # what Python reads of the trainer (run again after training)
    cell("code", "try:\n    net = trainer.network()\nexcept RuntimeError as exc:\n"
                 '    print("TRAINER", json.dumps({"error": str(exc)}))\nelse:\n'
                 '    print("TRAINER", json.dumps({"sha256": hashlib.sha256(net.params.astype('
                 '"<f8").tobytes()).hexdigest(),\n'
                 '        "sizes": list(net.sizes), "history": trainer.history}))'),
    cell("code", "def sigmoid_prime(z):\n    ...  # your code here\n\nex.q2.check(sigmoid_prime)"),
    cell("code", "answer = None  # your answer\nex.q1.check(answer)"),
    cell("code", 'print("PROGRESS", json.dumps(ex.progress().text))'),
    cell("code", 'glue("later", "7", display=False)', "remove-cell"),
]


def write_widgets_notebook(folder: Path) -> str:
    nb = {"cells": WIDGETS_NOTEBOOK, "nbformat": 4, "nbformat_minor": 5,
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}}}
    edition = live.live_notebook(nb, base=PROJECT / "chapters", name="widgets.ipynb")
    (folder / "widgets.ipynb").write_text(json.dumps(edition, indent=1), encoding="utf-8")
    return "widgets.ipynb"


# ------------------------------------------------------------------ the server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def settings(folder: Path):
    """Every cell rendered (no windowing), no news, no update check: a quiet, whole page."""
    for plugin, values in {
        "notebook-extension/tracker": {"windowingMode": "none"},
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }.items():
        path = folder / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """(url, root): a token-less JupyterLab on 127.0.0.1 serving the live edition of the
    chapters (root/live) and the small widgets notebook (root)."""
    from mlpbook.engine.data import find_data_dir

    if shutil.which("jupyter-lab") is None and not _has_module("jupyterlab"):
        pytest.fail("JupyterLab is not installed: pip install -r requirements.txt",
                    pytrace=False)
    base = tmp_path_factory.mktemp("jupyterlab")
    root, folders = base / "root", {}
    root.mkdir()
    for name in ("config", "data", "runtime", "settings", "workspaces", "ipython", "cache"):
        folders[name] = base / name
        folders[name].mkdir()
    settings(folders["settings"])
    env = dict(os.environ,
               JUPYTER_CONFIG_DIR=str(folders["config"]), JUPYTER_DATA_DIR=str(folders["data"]),
               JUPYTER_RUNTIME_DIR=str(folders["runtime"]), IPYTHONDIR=str(folders["ipython"]),
               XDG_CACHE_HOME=str(folders["cache"]),  # no progress file of the reader's
               MLPBOOK_DATA_DIR=str(find_data_dir()), MLPBOOK_LANGUAGE="en",
               PYTHONPATH=os.pathsep.join([str(PROJECT), os.environ.get("PYTHONPATH", "")]))
    port = free_port()
    log = (base / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
         f"--port={port}", "--ServerApp.port_retries=0", "--IdentityProvider.token=",
         "--ServerApp.password=", f"--ServerApp.root_dir={root}",
         f"--LabApp.user_settings_dir={folders['settings']}",
         f"--LabApp.workspaces_dir={folders['workspaces']}",
         "--LabApp.expose_app_in_browser=True", "--allow-root",
         # a quicker start and stop: no language servers, no terminals
         "--ServerApp.jpserver_extensions=jupyter_lsp=False", "--ServerApp.terminals_enabled=False",
         "--KernelManager.shutdown_wait_time=1"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        # the notebooks, written while the server starts
        for path in live.write_live_edition(root / "live", log=lambda message: None):
            prose = json.loads(path.read_text(encoding="utf-8"))
            prose["cells"] = [c for c in prose["cells"] if c["cell_type"] == "markdown"]
            (root / "prose").mkdir(exist_ok=True)
            (root / "prose" / path.name).write_text(json.dumps(prose), encoding="utf-8")
        write_widgets_notebook(root)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab stopped at start:\n{_tail(base / 'server.log')}",
                            pytrace=False)
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{url}/api/status", timeout=2) as reply:
                    if reply.status == 200:
                        break
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer within {START_TIMEOUT} s:\n"
                            f"{_tail(base / 'server.log')}", pytrace=False)
            time.sleep(0.3)
        yield url, root, base / "server.log"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)  # the server and the kernels it started
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def _has_module(name):
    import importlib.util

    return importlib.util.find_spec(name) is not None


def _tail(path, lines=40):
    return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="module")
def lab_page(lab, chromium):
    """One JupyterLab tab for the module (other hosts blocked), its app started."""
    from browser import PageWatch

    url, root, log = lab
    watch = PageWatch(chromium, viewport=(1280, 1000))
    page = watch.page
    page.goto(f"{url}/lab/workspaces/mlpbook-test?reset", wait_until="load")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started",
                           timeout=START_TIMEOUT * 1000)
    page.evaluate("() => window.jupyterapp.started")
    page.wait_for_selector(".jp-DirListing", timeout=START_TIMEOUT * 1000)
    yield page, url, root, log, watch
    watch.close()


# ------------------------------------------------------------------ in the page
OPEN_AND_READ = """async ({path, kernel}) => {
    const app = window.jupyterapp;
    // Markdown needs no kernel: open without starting one (the widget factory's preference).
    const factory = app.docRegistry.getWidgetFactory('Notebook');
    factory._preferKernel = kernel;
    const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
    await panel.context.ready;
    await panel.revealed;
    app.shell.activateById(panel.id);
    const started = performance.now();
    const markdown = () => panel.content.widgets.filter((c) => c.model.type === 'markdown');
    while (!markdown().every((c) => c.node.querySelector('.myst'))) {
        if (performance.now() - started > 60000) break;
        await new Promise((r) => setTimeout(r, 50));
    }
    const texts = markdown().map((c) => {
        const shown = c.node.querySelector('.myst');
        return shown === null ? null : shown.innerText;
    });
    return {texts, cells: panel.content.widgets.length,
            session: panel.sessionContext.session ? panel.sessionContext.session.id : null};
}"""

CLOSE = """async (path) => {
    const app = window.jupyterapp;
    for (const w of [...app.shell.widgets('main')]) {
        if (w.context && w.context.path === path) {
            w.context.model.dirty = false;  // jupyterlab-myst marks a notebook changed
            w.dispose();
        }
    }
}"""

RUN_ALL = """async ({path, timeout}) => {
    const app = window.jupyterapp;
    const panel = [...app.shell.widgets('main')].find((w) => w.context && w.context.path === path);
    await panel.sessionContext.ready;
    app.shell.activateById(panel.id);
    window.__mlpbookPanel = panel;
    await app.commands.execute('notebook:run-all-cells');
    const started = performance.now();
    const code = () => panel.content.widgets.filter((c) => c.model.type === 'code');
    while (performance.now() - started < timeout) {
        const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
        if (kernel && kernel.status === 'idle'
            && code().every((c) => c.model.executionCount !== null)) break;
        await new Promise((r) => setTimeout(r, 200));
    }
    return code().filter((c) => c.model.executionCount === null).length;
}"""

RUN_CELL = """async ({index, marker}) => {
    const app = window.jupyterapp;
    const panel = window.__mlpbookPanel;
    const cell = panel.content.widgets[index];
    const before = cell.model.executionCount;
    panel.content.activeCellIndex = index;
    await app.commands.execute('notebook:run-cell');
    const started = performance.now();
    while (performance.now() - started < 30000) {
        const kernel = panel.sessionContext.session.kernel;
        if (cell.model.executionCount !== before && kernel.status === 'idle') break;
        await new Promise((r) => setTimeout(r, 100));
    }
    const text = cell.model.outputs.toJSON().map((o) => o.text || '').join('');
    const line = text.split('\\n').find((l) => l.startsWith(marker + ' '));
    return line === undefined ? text : line.slice(marker.length + 1);
}"""


def _cell_index(source_start):
    """Index of the live widgets notebook's cell whose source starts with ``source_start``
    (the live edition puts its note after the first cell)."""
    for i, made in enumerate(WIDGETS_NOTEBOOK):
        if made["source"].startswith(source_start):
            return i + (1 if i >= 1 else 0)
    raise KeyError(source_start)


def run_cell(page, source_start, marker):
    got = page.evaluate(RUN_CELL, {"index": _cell_index(source_start), "marker": marker})
    try:
        return json.loads(got)
    except json.JSONDecodeError:
        raise AssertionError(f"the cell printed no {marker} line: {got!r}") from None




# ------------------------------------------------------------------ the tests
def test_every_chapter_renders_with_no_raw_myst(lab_page):
    page, url, root, log, watch = lab_page
    chapters = live.chapter_notebooks(root / "live")
    assert len(chapters) == 11
    seen = {}
    for path in chapters:
        rel = f"prose/{path.name}"
        nb = json.loads(path.read_text(encoding="utf-8"))
        shown = page.evaluate(OPEN_AND_READ, {"path": rel, "kernel": False})
        page.evaluate(CLOSE, rel)
        texts = shown["texts"]
        assert shown["session"] is None, f"{rel}: a kernel was started to render markdown"
        assert len(texts) == shown["cells"] == sum(c["cell_type"] == "markdown"
                                                    for c in nb["cells"])
        assert None not in texts, f"{rel}: {texts.count(None)} markdown cells never rendered"
        for i, text in enumerate(texts):
            raw = RAW_MYST.findall(text)
            assert not raw, f"{rel}, markdown cell {i}: raw MyST {raw} in {text[:200]!r}"
            assert "Citation Not Found" not in text, f"{rel}, markdown cell {i}: {text[:200]!r}"
        seen[path.name] = "\n".join(texts)
    every = "\n".join(seen.values())
    sources = "".join(p.read_text(encoding="utf-8") for p in chapters)
    # before the chapter runs, each number says where it comes from: all of them are there
    assert every.count('glued["') == sources.count('{eval}`glued[') + len(chapters)  # + each note
    assert "[LeCun et al., 1998a]" in every and "[Nielsen, 2015]" in every
    assert "def backprop(weights, biases, x, y" in seen["06_backpropagation.ipynb"]
    assert "Appendix: training details" in seen["07_training_on_mnist.ipynb"]  # {doc}: a link
    assert "The live edition of this chapter" in seen["01_digits_and_neurons.ipynb"]
    with urllib.request.urlopen(f"{url}/api/sessions", timeout=10) as reply:
        assert json.load(reply) == [], "rendering the chapters started kernels"
    assert watch.off_host == [], f"JupyterLab asked other hosts: {watch.off_host}"


def test_a_live_notebook_hands_the_pad_and_the_trainer_to_python(lab_page):
    page, url, root, log, watch = lab_page
    shown = page.evaluate(OPEN_AND_READ, {"path": "widgets.ipynb", "kernel": True})
    assert 'glued["answer"]' in shown["texts"][2]  # not run yet: where the number comes from
    left = page.evaluate(RUN_ALL, {"path": "widgets.ipynb", "timeout": RUN_TIMEOUT})
    assert left == 0, f"{left} cells did not run:\n{_tail(log)}"
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")

    # The text: the numbers filled in by Run All (jupyterlab-myst evaluates a markdown cell's
    # expressions in the kernel's queue, so one computed further down may be there too, or
    # the note that says to run the cells once more); the citation as on the website.
    prose = notebook.locator(".jp-MarkdownCell .myst").nth(2)
    page.wait_for_function("(el) => el.innerText.includes('42')", arg=prose.element_handle(),
                           timeout=30_000)
    text = " ".join(prose.inner_text().split())
    assert text in ("The answer is 42 [Nielsen, 2015]; weights come later: 7.",
                    "The answer is 42 [Nielsen, 2015]; weights come later: (computed further "
                    "down: run all cells once more)."), text

    # Untouched exercise stubs are not attempts.
    progress = run_cell(page, 'print("PROGRESS"', "PROGRESS")
    assert "0 of 4 done" in progress and "…" not in progress, progress

    # The drawing pad: draw a 7, and Python reads what the page shows.
    assert run_cell(page, "image = pad.image()", "PAD") is None
    pad = notebook.locator(".mlpbook-drawing_pad")
    canvas = pad.locator("canvas.mlpbook-drawing-canvas")
    canvas.scroll_into_view_if_needed()
    draw(page, canvas, SEVEN)
    page.wait_for_function(
        "(el) => /^[0-9]$/.test(el.querySelector('.mlpbook-drawing-answer').textContent)",
        arg=pad.element_handle(), timeout=30_000)
    got = run_cell(page, "image = pad.image()", "PAD")
    assert got is not None, "the drawing never reached Python"
    assert got["strokes"] == 1
    assert got["python_diff"] <= 1e-6  # Python's preparation of the strokes equals the page's
    view = pad.locator("canvas.mlpbook-drawing-view").evaluate(
        "c => Array.from(c.getContext('2d').getImageData(0, 0, 28, 28).data)")
    assert got["pixels"] == view[0::4]  # pixel for pixel what the page shows
    assert str(got["answer"]) == pad.locator(".mlpbook-drawing-answer").text_content()

    # The trainer: press Train, one epoch; Python reads the page's weights bit for bit.
    assert "nothing trained yet" in run_cell(page, "try:", "TRAINER")["error"]
    trainer = notebook.locator(".mlpbook-trainer")
    trainer.scroll_into_view_if_needed()
    trainer.get_by_role("button", name="Train", exact=True).click()
    page.wait_for_function("(el) => el.dataset.state === 'done'", arg=trainer.element_handle(),
                           timeout=RUN_TIMEOUT)
    page_sha = trainer.evaluate("""async (el) => {
        const params = el.mlpbookTrainer.params();
        const digest = await crypto.subtle.digest('SHA-256', params.buffer);
        return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
    }""")
    got = run_cell(page, "try:", "TRAINER")
    for _ in range(20):  # the weights travel in their own comm message after 'done'
        if "sha256" in got:
            break
        time.sleep(0.5)
        got = run_cell(page, "try:", "TRAINER")
    assert "sha256" in got, f"the trained network never reached Python: {got}"
    assert got["sha256"] == page_sha
    assert got["sizes"] == [784, 16, 16, 10]
    history = got["history"]
    assert history["epochs"] == 1 and history["examples"] == 10_000
    assert history["test_accuracy"] > 0.8
    assert np.isclose(history["test_accuracy"], history["test_curve"][-1][1])
    assert watch.off_host == [], f"JupyterLab asked other hosts: {watch.off_host}"
    page.evaluate(CLOSE, "widgets.ipynb")
