"""The figures package keeps its shape: short modules of figures, computations elsewhere.

``mlpbook/viz`` was one 1,200-line file mixing plots and maths. These tests keep the split
honest: every module is short and says what it draws, the public functions it defines are
figures, the computations live in their own modules (viz only re-exports them), and every
name the chapters, the package and the tests reach through ``viz`` still resolves.
"""

import ast
import importlib
import importlib.util
import json
import pathlib
import pkgutil

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import mlpbook  # noqa: E402
from mlpbook import viz  # noqa: E402
from mlpbook.lessons import activations, cost  # noqa: E402
from mlpbook.engine import metrics  # noqa: E402

ROOT = pathlib.Path(mlpbook.__file__).parent.parent
VIZ_DIR = pathlib.Path(viz.__file__).parent
MAX_LINES = 400
FIGURE_PREFIXES = ("plot_", "show_", "draw_")
#: What else a module of viz may define: the chapters' own figure modules put a chapter's
#: names into the reader's language; chapter 2's figures are named for what they show; a
#: callback redraws the learning curves while a network trains.
NOT_PREFIXED = {
    "mlpbook.viz.inspect": {"percent_text", "label"},
    "mlpbook.viz.memorise": {"run_color", "run_label"},
    "mlpbook.viz.hidden": {"label"},
    "mlpbook.viz.figures_neuron": {"random_and_edge", "edge_at_work", "edge_means", "patterns"},
    "mlpbook.viz.curves": {"LivePlot"},
}

#: Every name ``mlpbook/viz.py`` had before the split (dunders left out): none may go missing.
OLD_NAMES = """
BLUE DIGIT_CMAP GREEN GREY LinearSegmentedColormap RED WEIGHT_CMAP _descent_limits _frame
_neuron_circle _neuron_rows _signed _square _symbol_axis annotations confident_output
confusion_matrix cost_and_gradient_vs_output draw_network matplotlib np output_costs
plot_bias_threshold plot_confusion_matrix plot_cost_curves plot_cost_histograms
plot_cost_vs_output plot_descent_1d plot_descent_2d plot_descent_grid plot_engine_times
plot_eps_errors plot_history plot_landings_1d plot_mean_by_digit plot_output_and_costs
plot_output_cost_settings plot_recipe_curves plot_sigmoid_and_relu plot_small_network
plot_squish plot_squish_settings plot_step_sizes plot_step_vs_sigmoid plot_weighted_sum_spread
plt show_decomposition show_digit show_digits show_digits_titled show_mistakes
show_neuron_response show_outputs show_pixel_values show_response_grid show_weight_grid
show_weight_images show_weights squish_curve step_position weight_limit
""".split()


def viz_modules():
    return [importlib.import_module(f"mlpbook.viz.{m.name}")
            for m in pkgutil.iter_modules([str(VIZ_DIR)])]


def test_viz_is_a_package_of_several_modules():
    names = {m.__name__.rsplit(".", 1)[1] for m in viz_modules()}
    assert not (VIZ_DIR.parent / "viz.py").exists()
    assert {"_style", "digits", "weights", "network", "descent", "curves"} <= names
    assert len(names) >= 8


@pytest.mark.parametrize("path", sorted(VIZ_DIR.glob("*.py")), ids=lambda p: p.name)
def test_every_module_is_short_and_says_what_it_draws(path):
    text = path.read_text(encoding="utf-8")
    n_lines = len(text.splitlines())
    assert n_lines <= MAX_LINES, f"{path.name} has {n_lines} lines; split it by kind of picture"
    doc = ast.get_docstring(ast.parse(text))
    assert doc and len(doc) > 40, f"{path.name} needs a docstring saying what it draws"


def test_viz_modules_define_figures_only():
    for module in viz_modules():
        own = [(name, obj) for name, obj in vars(module).items()
               if callable(obj) and getattr(obj, "__module__", None) == module.__name__
               and not name.startswith("_")]
        for name, obj in own:
            if module.__name__.endswith("._language"):
                # the language of the figures' words, and the font that draws Chinese
                assert name in ("tr", "chinese_font"), f"_language holds {name}"
            elif module.__name__.endswith("._alt"):
                # what a figure shows, in words: its alt text on the website
                assert name in ("describe", "description", "install", "both", "listing",
                                "number"), f"_alt holds {name}"
            elif module.__name__.endswith("._style"):
                # the look: the only public function is the colour scale shared with the widgets
                assert name == "weight_limit", f"_style should hold the look only, found {name}"
            elif name not in NOT_PREFIXED.get(module.__name__, ()):
                assert name.startswith(FIGURE_PREFIXES), (
                    f"{module.__name__}.{name} is not a figure; move computations to the "
                    f"mlpbook module they belong to and re-export them from viz/__init__.py")


def test_computations_moved_out_of_viz_and_are_re_exported():
    assert metrics.confusion_matrix.__module__ == "mlpbook.engine.metrics"
    assert viz.confusion_matrix is metrics.confusion_matrix
    assert viz.squish_curve is activations.squish_curve
    assert viz.step_position is activations.step_position
    assert viz.confident_output is cost.confident_output
    assert viz.output_costs is cost.output_costs
    assert viz.cost_and_gradient_vs_output is cost.cost_and_gradient_vs_output
    for name in viz.__all__:
        obj = getattr(viz, name)
        if callable(obj) and not name.startswith(FIGURE_PREFIXES) \
                and name not in ("weight_limit", "describe", "description", "LivePlot"):
            assert not obj.__module__.startswith("mlpbook.viz"), name


def test_every_old_name_is_still_there():
    missing = [name for name in OLD_NAMES if not hasattr(viz, name)]
    assert missing == []
    for name in viz.__all__:
        assert hasattr(viz, name), name


def _viz_attributes(source, in_viz=False):
    """Names used as ``viz.<name>`` or imported with ``from (mlpbook).viz import <name>``
    (``from . import <name>`` in a module of viz itself)."""
    tree = ast.parse(source)
    found = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id == "viz"):
            found.add(node.attr)
        if isinstance(node, ast.ImportFrom) and (
                node.module == "mlpbook.viz" or (node.module == "viz" and node.level == 1)
                or (in_viz and node.module is None and node.level == 1)):
            found.update(alias.name for alias in node.names)
    return found


def _code_cells(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            yield "\n".join(line for line in source.splitlines()
                            if not line.lstrip().startswith(("%", "!")))


def test_every_name_the_book_reaches_through_viz_exists():
    uses = {}
    for folder in ("mlpbook", "tests", "benchmarks"):
        for path in (ROOT / folder).rglob("*.py"):
            for name in _viz_attributes(path.read_text(encoding="utf-8"), path.parent == VIZ_DIR):
                uses.setdefault(name, []).append(str(path.relative_to(ROOT)))
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        for source in _code_cells(notebook):
            for name in _viz_attributes(source):
                uses.setdefault(name, []).append(notebook.name)
    assert {"show_digit", "draw_network", "_frame", "plot_history"} <= set(uses)
    missing = {name: where for name, where in uses.items()
               if not hasattr(viz, name) and importlib.util.find_spec(f"mlpbook.viz.{name}") is None}
    assert missing == {}


def test_confusion_matrix_counts_by_hand():
    labels = [0, 0, 1, 2, 2, 2]
    predictions = [0, 1, 1, 2, 0, 2]
    m = metrics.confusion_matrix(labels, predictions, n_classes=3)
    assert m.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    assert m.dtype == np.int64
    assert m.sum(axis=1).tolist() == [2, 1, 3]          # examples of each true class
    assert np.trace(m) == 4                              # the right answers
    m10 = metrics.confusion_matrix(np.array(labels, np.uint8), np.array(predictions))
    assert m10.shape == (10, 10) and m10[:3, :3].tolist() == m.tolist()
    assert metrics.confusion_matrix([1.0, 2.0], [1, 1], 3)[2, 1] == 1   # whole floats count
    assert metrics.confusion_matrix([], [], 3).sum() == 0


@pytest.mark.parametrize("labels, predictions, n_classes, message", [
    ([0, 1, 2], [0, 1], 10, "3 labels but 2 predictions"),
    ([0, 1, 12], [0, 1, 2], 10, "n_classes=13"),
    ([0, -1], [0, 1], 10, "labels must lie in 0..9"),       # np.add.at would wrap -1 to 9
    ([0, 1], [0.2, 0.9], 10, "predictions must be whole numbers"),
    ([[0, 1]], [[0, 1]], 10, "1-D array"),
    (["a", "b"], [0, 1], 10, "integers"),
    ([0, 1], [0, 1], 0, "n_classes must be a positive integer"),
])
def test_confusion_matrix_names_the_problem(labels, predictions, n_classes, message):
    with pytest.raises(ValueError, match=message):
        metrics.confusion_matrix(labels, predictions, n_classes)


def test_the_confusion_figure_writes_the_counts_of_metrics():
    labels = [3, 3, 3, 5, 5, 8]
    predictions = [3, 3, 5, 5, 3, 8]
    fig = viz.plot_confusion_matrix(labels, predictions)
    written = {(round(t.get_position()[1]), round(t.get_position()[0])): int(t.get_text())
               for t in fig.axes[0].texts}
    m = metrics.confusion_matrix(labels, predictions)
    assert written == {(int(i), int(j)): int(m[i, j]) for i, j in zip(*np.nonzero(m))}
    plt.close(fig)
