"""Issue 19 item 2: every figure says what it shows, in the reader's language.

The words become the ``alt`` of the figure's picture on the website (mlpbook/viz/_alt.py), so
a reader who cannot see the picture gets what it shows and its key numbers. Every figure
function a chapter calls is drawn here from small generated inputs, in English and in Chinese;
a chapter calling a figure function this file does not draw fails the coverage test.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlpbook import Network, i18n, viz  # noqa: E402
from mlpbook.viz import (backprop as figures_backprop, hidden as figures_hidden,  # noqa: E402
                         inspect as figures_inspect, memorise as figures_memorise, figures_neuron,
                         training as figures_training)
from mlpbook.lessons import descent, neuron, pieces, toy2d  # noqa: E402
from mlpbook.lessons import inspect as ins  # noqa: E402
from mlpbook.lessons.ablation import SeedRuns  # noqa: E402
from mlpbook.lessons.backprop_levers import example_nudges  # noqa: E402
from mlpbook.lessons.memorise import LabelRun, SeedRun  # noqa: E402
from mlpbook.engine.train import History  # noqa: E402
from mlpbook.viz._alt import _summarise  # noqa: E402

CHAPTERS = sorted((Path(__file__).resolve().parents[1] / "chapters").glob("*.ipynb"))
GENERIC = re.compile(r"^(figure|plot|image|chart|graph|picture)\.?$|\.png|^[0-9a-f]{16,}$", re.I)
#: How the safety net for figures made outside mlpbook opens (tests/test_website.py too).
FALLBACK = re.compile(r"^(A figure (of|with)\b|一张含|一张图，含)")
HAN = re.compile(r"[\u4e00-\u9fff]")
MAX_CHARS = 330

#: What chapters call through a figure module without drawing a figure.
NOT_FIGURES = {"viz.step_position", "viz.squish_curve", "viz.output_costs",
               "viz.confident_output", "viz.cost_and_gradient_vs_output", "viz.confusion_matrix",
               "viz.inspect.percent_text"}


# --------------------------------------------------------------------------- small inputs
def _rng():
    return np.random.default_rng(0)


def _history(n=4, rates=True):
    h = History()
    for e in range(1, n + 1):
        h.epoch.append(e)
        h.train_cost.append(1 / e)
        h.test_cost.append(1 / e + 0.05)
        h.train_accuracy.append(1 - 0.5 / e)
        h.test_accuracy.append(0.9 - 0.5 / e)
        if rates:
            h.learning_rate.append(3.0 / e)
    return h


def _net():
    return Network([784, 16, 16, 10], seed=0, dtype=np.float64)


def _label_run(name, fraction):
    return LabelRun(name=name, fraction=fraction, labels=np.arange(10), history=_history(5),
                    wrong_rows=np.arange(5), fit_right=[0.5, 0.7, 0.8, 0.9, 0.95],
                    fit_wrong=[0.1, 0.2, 0.3, 0.5, 0.7], true_on_wrong=[0.3, 0.5, 0.4, 0.3, 0.2],
                    seconds=1.0)


def _seed_runs():
    rng = _rng()
    return [SeedRun(seed=s, train_cost=0.09 + 0.001 * s, train_accuracy=0.97, test_cost=0.1,
                    test_accuracy=0.96 + 0.001 * s, start=None,
                    first_layer=rng.normal(size=(16, 784)), predictions=None)
            for s in range(4)]


def _ideal(digit=5):
    return ins.ideal_input(_net(), digit, start=0.0, lr=3.0, steps=3)


def _wants():
    return example_nudges(_net(), _rng().random(784), 3)


def _tiny():
    W, W2 = np.array([[0.4, -0.6], [0.7, 0.2]]), np.array([[0.5, 0.9], [-0.4, -0.3]])
    x = np.array([1.0, 0.5])
    a1 = 1 / (1 + np.exp(-W @ x))
    return W, W2, x, a1, 1 / (1 + np.exp(-W2 @ a1))


def _toy():
    Xc, yc = toy2d.xor_clusters()
    return Xc, yc, toy2d.train(toy2d.init_params(hidden=2, seed=0), Xc, yc, steps=100).params


def _notation_free_network():
    net = _net()
    x = _rng().random(784)
    return net, x, net.layer_activations(x)


def _draw_network_full():
    net, x, acts = _notation_free_network()
    return viz.draw_network(net.sizes, activations=acts, weights=net.weights, input_image=x,
                            shown={0: 14 * 28 + np.arange(6, 22)}, show_values=True,
                            figsize=(6, 3.9))


def _draw_network_values():
    net, x, acts = _notation_free_network()
    return viz.draw_network(net.sizes, acts, shown={0: range(14 * 28 + 8, 14 * 28 + 24)},
                            input_image=x, show_values=True)


def _edge():
    return neuron.edge_detector(orientation="horizontal", length=12)


def _plateau():
    X, y = toy2d.xor_points()
    return toy2d.descend(toy2d.init_params(hidden=2, seed=1), X, y, steps=2000, every=1000)


#: Every figure function the chapters call, "module.function" (a "#variant" for a second
#: way the chapters call it), drawn from small inputs like the chapter's.
FIGURES = {
    # chapter 1
    "viz.show_digits_titled": lambda: viz.show_digits_titled(
        _rng().random((20, 784)), [str(d % 10) for d in range(20)], ncols=10, size=0.68),
    "viz.show_digits_titled#scores": lambda: viz.show_digits_titled(
        _rng().random((10, 784)), [f"{d}: {19.6 - d:.1f}" for d in range(10)], ncols=10),
    "viz.show_pixel_values": lambda: viz.show_pixel_values(_rng().random(784), (4, 14), (14, 24)),
    "viz.draw_network": lambda: viz.draw_network([784, 16, 16, 10]),
    "viz.draw_network#values": _draw_network_values,
    "viz.draw_network#weights": _draw_network_full,
    "viz.show_decomposition": lambda: viz.show_decomposition(
        pieces.examples(_rng().random((200, 784)))),
    # chapter 2
    "viz.figures_neuron.random_and_edge": lambda: figures_neuron.random_and_edge(
        _net().weights[0][0], _edge()),
    "viz.figures_neuron.edge_at_work": lambda: figures_neuron.edge_at_work(
        _edge(), _rng().random((10, 784)), np.arange(10), 5),
    "viz.figures_neuron.edge_means": lambda: figures_neuron.edge_means(
        _rng().normal(size=100), np.arange(100) % 10),
    "viz.plot_bias_threshold": lambda: viz.plot_bias_threshold([0, -10]),
    "viz.show_response_grid": lambda: viz.show_response_grid(
        _edge(), _rng().random((4, 784)), biases=[0, -10], labels=np.array([5, 3, 1, 0])),
    "viz.figures_neuron.patterns": figures_neuron.patterns,
    "viz.show_weight_grid": lambda: viz.show_weight_grid(_rng().normal(size=(16, 784)), size=0.8),
    # chapter 3
    "viz.plot_sigmoid_and_relu": viz.plot_sigmoid_and_relu,
    "viz.plot_squish_settings": viz.plot_squish_settings,
    "viz.show_weights": lambda: viz.show_weights(_rng().normal(size=784), title="W[0]",
                                                 colorbar=True),
    # chapter 4
    "viz.plot_random_and_trained": lambda: viz.plot_random_and_trained(
        _rng().random(784), 4, _rng().random(10), np.eye(10)[4] * 0.9),
    "viz.plot_random_and_trained_costs": lambda: viz.plot_random_and_trained_costs(
        _rng().random(600) * 3, _rng().random(600) * 0.3),
    "viz.plot_output_cost_settings": lambda: viz.plot_output_cost_settings(label=3),
    # chapter 5
    "viz.plot_descent_and_steps": lambda: viz.plot_descent_and_steps(
        descent.descend(descent.slope1d, start=-2.0, lr=0.05, steps=30), lr=0.05),
    "viz.plot_landings_1d": lambda: viz.plot_landings_1d(np.linspace(-4.6, 3.6, 9), lr=0.05,
                                                         steps=200),
    "viz.plot_descent_grid": lambda: viz.plot_descent_grid(
        [(-2.0, 0.05), (1.5, 0.05), (-2.0, 0.005), (-2.0, 0.6)], steps=30, describe=True),
    "viz.plot_descent_2d": lambda: viz.plot_descent_2d(
        [descent.descend(descent.grad2d, s, lr=0.3, steps=60)
         for s in [(-2.5, 2.5), (2.5, -2.5), (-2.5, -2.5), (0.2, 2.8)]], label_starts=True),
    "viz.plot_gradient_components": lambda: viz.plot_gradient_components(
        *_net().gradient(_rng().random((20, 784)), np.arange(20) % 10)),
    "viz.plot_first_layer_gradient": lambda: viz.plot_first_layer_gradient(
        _net().gradient(_rng().random((20, 784)), np.arange(20) % 10)[0]),
    "viz.plot_step_vs_sigmoid": viz.plot_step_vs_sigmoid,
    "viz.plot_careful_and_stumbling": lambda: viz.plot_careful_and_stumbling(
        descent.descend(descent.grad2d, [2.5, -2.5], lr=0.5, steps=20),
        descent.descend_noisy(descent.grad2d, [2.5, -2.5], lr=0.15, steps=80, noise=1.0,
                              seed=2)),
    "viz.plot_full_batch_and_sgd": lambda: viz.plot_full_batch_and_sgd(
        np.linspace(1.6, 0.8, 11), np.linspace(1.6, 0.3, 11), n_images=5000),
    # chapter 6
    "viz.backprop.plot_notation": figures_backprop.plot_notation,
    "viz.backprop.plot_example_wants": lambda: figures_backprop.plot_example_wants(
        _rng().random(784), _wants(), index=25),
    "viz.backprop.plot_levers": lambda: figures_backprop.plot_levers(
        _wants().activations[-2], _net().weights[-1][2], _wants().levers[-1].z[2], neuron=2),
    "viz.backprop.plot_output_wishes": lambda: figures_backprop.plot_output_wishes(_wants()),
    "viz.backprop.plot_example_bias_nudges": lambda: figures_backprop.plot_example_bias_nudges(
        np.array([example_nudges(_net(), _rng().random(784), d).biases[-1] for d in range(10)]),
        np.arange(10)),
    "viz.backprop.plot_tiny_network": lambda: figures_backprop.plot_tiny_network(
        [_tiny()[0]], [_tiny()[2], _tiny()[3]], highlight=[(1, 0, 1)]),
    "viz.backprop.plot_tiny_network#two": lambda: figures_backprop.plot_tiny_network(
        [_tiny()[0], _tiny()[1]], [_tiny()[2], _tiny()[3], _tiny()[4]],
        highlight=[(1, 0, 1), (2, 0, 0), (2, 1, 0)]),
    "viz.plot_eps_errors": lambda: viz.plot_eps_errors(
        10.0 ** -np.arange(1, 13), [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 3e-8, 1e-7, 1e-6, 1e-5,
                                    1e-4, 1e-3]),
    "viz.backprop.plot_backward_pass": figures_backprop.plot_backward_pass,
    "viz.plot_cost_vs_output": lambda: viz.plot_cost_vs_output(half=True),
    "viz.backprop.plot_engine_seconds": lambda: figures_backprop.plot_engine_seconds(
        {"reference": 0.0783, "vectorized": 0.0155, "numba": 0.00349}, n_images=2000),
    # chapter 7
    "viz.plot_history": lambda: viz.plot_history(_history(rates=False)),
    "viz.plot_weighted_sum_spread": lambda: viz.plot_weighted_sum_spread(
        {"N(0, 1)": _rng().normal(size=1000) * 10, "N(0, 1/784)": _rng().normal(size=1000)}),
    "viz.training.plot_seed_runs": lambda: figures_training.plot_seed_runs(
        [SeedRuns(label=label, recipe=None, seeds=(0, 1, 2), accuracies=(a, a + 0.01, a - 0.01),
                  seconds=1.0, scored_on="validation")
         for label, a in (("classic", 0.93), ("+ momentum 0.9", 0.95))]),
    "viz.plot_recipe_curves": lambda: viz.plot_recipe_curves({"classic": _history(),
                                                              "best16": _history(6)}),
    "viz.plot_confusion_matrix": lambda: viz.plot_confusion_matrix(
        np.arange(100) % 10, (np.arange(100) + (np.arange(100) % 7 == 0)) % 10),
    "viz.show_mistakes": lambda: viz.show_mistakes(
        _rng().random((8, 784)), np.arange(8), (np.arange(8) + 1) % 10, _rng().random(8)),
    # chapter 8
    "viz.inspect.show_first_layer": lambda: figures_inspect.show_first_layer(
        _rng().normal(size=(16, 784))),
    "viz.show_weight_images": lambda: viz.show_weight_images(
        _rng().normal(size=(8, 784)), shared=False, titles=[f"{a}°" for a in range(0, 180, 23)],
        ncols=8, size=0.85),
    "viz.inspect.show_neurons_and_edges": lambda: figures_inspect.show_neurons_and_edges(
        _rng().normal(size=(16, 784)), _rng().normal(size=(16, 784)), _rng().random(16)),
    "viz.inspect.plot_edge_likeness": lambda: figures_inspect.plot_edge_likeness(
        {"clean line detectors": _rng().random(20), "BEST_16 neurons": _rng().random(16)},
        figsize=(7, 2.8)),
    "viz.inspect.plot_layer_activations": lambda: figures_inspect.plot_layer_activations(
        _notation_free_network()[2], label=5),
    "viz.inspect.plot_top_outputs": lambda: figures_inspect.plot_top_outputs(
        {"test digits": _rng().random(100), "uniform noise": _rng().random(100) ** 3},
        threshold=0.9),
    "viz.inspect.show_ideal_digits": lambda: figures_inspect.show_ideal_digits(
        _rng().random((10, 784)) * 0.5, np.linspace(0.9, 0.9999, 10), real=_rng().random((10, 784))),
    "viz.inspect.show_ideal_starts": lambda: figures_inspect.show_ideal_starts(
        {"black": _ideal(), "grey": _ideal(), "noise": _ideal()}),
    "viz.inspect.plot_shift_accuracy": lambda: figures_inspect.plot_shift_accuracy(
        list(range(7)), {"moved right": np.linspace(0.96, 0.1, 7),
                         "moved, then prepared like MNIST": np.linspace(0.96, 0.9, 7)}),
    # chapter 9
    "viz.show_digits": lambda: viz.show_digits(_rng().random((20, 784)), np.arange(20) % 10,
                                               (np.arange(20) * 3) % 10),
    "viz.memorise.plot_memorisation": lambda: figures_memorise.plot_memorisation(
        [_label_run("true labels", 0), _label_run("all labels shuffled", 1)], chance=0.1),
    "viz.memorise.plot_noise_parts": lambda: figures_memorise.plot_noise_parts(
        _label_run("half the labels shuffled", 0.5)),
    "viz.memorise.plot_seed_spread": lambda: figures_memorise.plot_seed_spread(_seed_runs()),
    "viz.memorise.show_matched_weights": lambda: figures_memorise.show_matched_weights(
        _seed_runs()[0].first_layer, _seed_runs()[1].first_layer, np.arange(16)[::-1],
        np.linspace(-0.9, 0.2, 16), seeds=(0, 1)),
    # chapter 10
    "viz.hidden.plot_lines": lambda: figures_hidden.plot_lines(
        [(*toy2d.xor_points(), np.array([1.0, 1.0]), -0.5, "XOR: the best line"),
         (*toy2d.xor_points(), np.zeros(2), 0.0, "XOR: logistic regression"),
         (*toy2d.xor_clusters(), np.array([0.1, 0.2]), 0.0, "100 points: logistic regression")],
        figsize=(7, 3.1)),
    "viz.hidden.plot_hidden_transform": lambda: figures_hidden.plot_hidden_transform(
        _toy()[2], *_toy()[:2]),
    "viz.hidden.plot_regions": lambda: figures_hidden.plot_regions(
        [(_toy()[2], "2 hidden neurons"), (toy2d.init_params(hidden=3, seed=0),
                                           "3 hidden neurons")], *_toy()[:2]),
    "viz.hidden.plot_cost_histories": lambda: figures_hidden.plot_cost_histories(
        [("seed 0: learns XOR", np.linspace(0.7, 0.01, 100)),
         ("seed 5: stuck", np.linspace(0.7, 0.35, 100))],
        levels=[(np.log(2) / 2, "ln 2 / 2"), (0.01, "target")]),
    "viz.hidden.plot_plateau": lambda: figures_hidden.plot_plateau(_plateau(),
                                                                       level=np.log(2) / 2),
}


#: The package's other figure functions (no chapter calls them today): a reader's own call
#: gets a description too, never the fallback.
LIBRARY_ONLY = {
    "viz.show_digit": lambda: viz.show_digit(_rng().random(784), title="7"),
    "viz.show_weights#untitled": lambda: viz.show_weights(_rng().normal(size=784)),
    "viz.show_outputs": lambda: viz.show_outputs(np.linspace(0.01, 0.9, 10)),
    "viz.plot_small_network": lambda: viz.plot_small_network([_tiny()[0]]),
    "viz.show_neuron_response": lambda: viz.show_neuron_response(
        _edge(), np.ones(784), neuron.neuron_response(_edge(), np.ones(784), bias=-2)),
    "viz.plot_mean_by_digit": lambda: viz.plot_mean_by_digit(np.arange(30.0), np.arange(30) % 10),
    "viz.plot_cost_histograms": lambda: viz.plot_cost_histograms(
        {"one": _rng().random(50), "two": _rng().random(50) * 2}),
    "viz.plot_cost_curves": lambda: viz.plot_cost_curves([("a", [0, 1, 2], [1.0, 0.5, 0.2])]),
    "viz.plot_engine_times": lambda: viz.plot_engine_times(["a", "b"], [0.5, 0.1]),
    "viz.plot_descent_1d": lambda: viz.plot_descent_1d(
        descent.descend(descent.slope1d, start=1.0, lr=0.05, steps=10)),
    "viz.plot_step_sizes": lambda: viz.plot_step_sizes(
        descent.descend(descent.slope1d, start=1.0, lr=0.05, steps=10)),
    "viz.training.plot_output_nudges": lambda: figures_training.plot_output_nudges(
        np.linspace(0.1, 0.6, 10), 4),
    "viz.training.plot_nudge_rows": lambda: figures_training.plot_nudge_rows(
        np.arange(6.0).reshape(2, 3) - 2, np.array([1.0, -1.0, 0.5]), ["a", "b"], "sum", "k"),
}
#: Figure functions that draw into a panel the caller made (they need its ``ax``): the
#: caller describes the figure.
PANELS_ONLY = {"viz.plot_squish", "viz.plot_output_and_costs"}
MODULES = {"viz": viz, "viz.backprop": figures_backprop, "viz.hidden": figures_hidden,
           "viz.inspect": figures_inspect, "viz.memorise": figures_memorise,
           "viz.figures_neuron": figures_neuron, "viz.training": figures_training}
ALL_FIGURES = {**FIGURES, **LIBRARY_ONLY}


def test_every_figure_function_of_the_package_is_drawn_here():
    public = set()
    for prefix, module in MODULES.items():
        for name in module.__all__:
            if callable(getattr(module, name)) and (
                    name.startswith(("plot_", "show_", "draw_")) or module is figures_neuron):
                public.add(f"{prefix}.{name}")
    assert figures_training.plot_levers is figures_backprop.plot_levers  # drawn as the latter
    public.discard("viz.training.plot_levers")
    drawn = {name.split("#")[0] for name in ALL_FIGURES}
    assert public - drawn - PANELS_ONLY == set()


# --------------------------------------------------------------------------- the chapters' calls
def _module_aliases(tree):
    """``{alias: module}`` for ``from mlpbook import viz`` and ``from mlpbook.viz import x as y``
    in a notebook (``viz`` and ``viz.x``)."""
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "mlpbook":
            for alias in node.names:
                if alias.name == "viz":
                    aliases[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module == "mlpbook.viz":
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"viz.{alias.name}"
    return aliases


def chapter_figure_calls():
    """Every ``module.function`` a chapter calls through viz or one of its modules."""
    calls = {}
    for notebook in CHAPTERS:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        source = "\n".join(line for line in source.splitlines()
                           if not line.lstrip().startswith(("%", "!")))
        tree = ast.parse(source)
        aliases = _module_aliases(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in aliases):
                name = f"{aliases[node.func.value.id]}.{node.func.attr}"
                calls.setdefault(name, notebook.name)
    return calls


def test_every_figure_the_chapters_draw_is_tested_here():
    calls = chapter_figure_calls()
    assert len(calls) > 50, sorted(calls)
    drawn = {name.split("#")[0] for name in FIGURES}
    missing = {name: where for name, where in calls.items()
               if name not in drawn and name not in NOT_FIGURES}
    assert missing == {}, f"figure functions the chapters call but this test does not draw: {missing}"
    unused = drawn - set(calls)
    assert unused == set(), f"no chapter calls these any more: {unused}"


# --------------------------------------------------------------------------- the descriptions
def _described(language):
    previous = i18n.get_language()
    i18n.set_language(language)
    try:
        texts = {}
        for name, draw in ALL_FIGURES.items():
            fig = draw()
            texts[name] = (viz.description(fig), _summarise(fig))
            plt.close(fig)
        return texts
    finally:
        i18n.set_language(previous)


# Drawing every figure twice takes about half a minute: one worker does it, for all of
# this module's tests (python -m mlpbook test spreads modules over workers by these groups).
pytestmark = pytest.mark.xdist_group("figure-alt")


@pytest.fixture(scope="module", params=["en", "zh"])
def described(request):
    return request.param, _described(request.param)


def test_every_figure_has_its_own_description(described):
    language, texts = described
    for name, (text, fallback) in texts.items():
        assert text, f"{name} gives no description: its alt would be the fallback {fallback!r}"
        assert not FALLBACK.match(text), (name, text)
        assert text != fallback, name
        assert not GENERIC.search(text), (name, text)


def test_descriptions_are_short_sentences_with_numbers(described):
    language, texts = described
    for name, (text, _) in texts.items():
        assert len(text) >= (25 if language == "zh" else 50), (name, text)  # Chinese is denser
        assert len(text) <= MAX_CHARS, f"{name}: {len(text)} characters: {text}"
        assert re.search(r"\d", text), f"{name} gives no number: {text}"
        assert "$" not in text and "\\" not in text, f"{name} reads TeX aloud: {text}"
        assert "(s)" not in text, (name, text)
        assert not re.search(r"(?<![\w.])-\d", text), f"{name}: hyphen for a minus: {text}"


def test_descriptions_are_in_the_readers_language(described):
    language, texts = described
    for name, (text, _) in texts.items():
        assert bool(HAN.search(text)) == (language == "zh"), (name, text)


def test_no_two_figures_say_the_same(described):
    _, texts = described
    seen = {}
    for name, (text, _) in texts.items():
        assert text not in seen, f"{name} and {seen.get(text)} both say: {text}"
        seen[text] = name


# --------------------------------------------------------------------------- the numbers
def _say(fig):
    text = viz.description(fig)
    plt.close(fig)
    return text


def test_the_key_numbers_are_the_figures_own():
    w = np.zeros((2, 784))
    w[1, 5] = -1.9
    assert "largest |w| 1.9" in _say(viz.show_weight_images(w))
    text = _say(viz.plot_confusion_matrix([3, 3, 5, 5, 5], [3, 5, 5, 5, 3]))
    assert "5 digits" in text and "3 on the diagonal" in text and "3 read as 5 (1 times)" in text
    assert "test cost (left) from 1.05 to 0.3;" in _say(viz.plot_history(_history(4)))
    # the bias sets the threshold: sigma(s + b) crosses 1/2 at s = -b
    assert "at 0, 10, −3" in _say(viz.plot_bias_threshold([0, -10, 3]))
    assert "22 times as fast" in _say(viz.plot_engine_times(["a", "b"], [0.0783, 0.00349]))
    grid = _say(viz.show_response_grid(_edge(), np.zeros((2, 784)), biases=[0]))
    assert "weighted sums 0.0, 0.0" in grid and "0.50 0.50" in grid
    assert "differ for 2 of the 3" in _say(viz.show_digits(np.zeros((3, 784)), [1, 2, 3], [1, 5, 4]))
    steps = _say(viz.plot_descent_and_steps([0.0, 1.0, 1.5, 1.75], lr=0.1))
    assert "1 for the first" in steps and "0.25 for the last" in steps
    acts = [np.zeros(784), np.r_[np.ones(3), np.zeros(13)], np.zeros(16), np.eye(10)[7] * 0.8]
    assert "3 of 16 above 0.5" in _say(figures_inspect.plot_layer_activations(acts, label=7))
    assert "7 highest at 0.800" in _say(figures_inspect.plot_layer_activations(acts, label=7))


def test_a_diagram_says_what_it_depicts():
    notation = _say(figures_backprop.plot_notation((784, 30, 10)))
    assert "784-30-10" in notation and "W⁽¹⁾ 30×784" in notation and "L = 2" in notation
    backward = _say(figures_backprop.plot_backward_pass((784, 30, 10)))
    assert "δ²" in backward and "BP1" in backward and "30×784 + 30" in backward


def test_the_fallback_reads_as_words_and_is_recognisable():
    previous = i18n.get_language()
    try:
        for language in ("en", "zh"):
            i18n.set_language(language)
            fig, axes = plt.subplots(1, 2)
            axes[0].plot([0, 1, 2], [3, 1, 2])
            axes[0].set_xlabel("time")
            axes[1].bar([0, 1], [2.5, 4.0])
            text = _summarise(fig)
            plt.close(fig)
            assert FALLBACK.match(text), text
            assert "(s)" not in text and "2 panels" in text if language == "en" else "2 个子图" in text
            assert ("one line" in text) if language == "en" else ("1 条曲线" in text), text
            assert "2.5" in text and "4" in text, text
            assert viz.description(fig) == ""
    finally:
        i18n.set_language(previous)


def test_describe_writes_words_a_screen_reader_reads():
    fig = plt.figure()
    viz.describe(fig, r"the wish $w_{jk}\,\Delta z_j$ of $a^{(1)}$ is -0.5 in 784-16-10")
    assert viz.description(fig) == "The wish w_jk Δ z_j of a⁽¹⁾ is −0.5 in 784-16-10"
    plt.close(fig)
