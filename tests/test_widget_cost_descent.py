"""Chapter 4's cost explorer and chapter 5's descent explorer: their maths, their Python edge,
and the widgets themselves on a static page in Chromium (no kernel, nothing from the network).
"""

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlpbook import viz, widgets  # noqa: E402
from mlpbook.lessons import cost, descent  # noqa: E402
from mlpbook.engine import reference  # noqa: E402
from mlpbook.widgets import CostExplorer, DescentExplorer  # noqa: E402


# ================================================================= mlpbook.lessons.cost (chapter 4)
def test_viz_still_offers_the_cost_functions():
    assert viz.confident_output is cost.confident_output
    assert viz.output_costs is cost.output_costs
    assert viz.cost_and_gradient_vs_output is cost.cost_and_gradient_vs_output


def test_confident_output_sums_to_one_and_puts_confidence_on_label():
    a = cost.confident_output(3, 0.7)
    assert a.shape == (10,)
    assert a.sum() == pytest.approx(1.0)
    assert a[3] == pytest.approx(0.7)
    assert np.allclose(np.delete(a, 3), 0.3 / 9)
    b = cost.confident_output(3, 0.2, rival=8)
    assert b[3] == pytest.approx(0.2) and b[8] == pytest.approx(0.8)
    assert b.sum() == pytest.approx(1.0)
    assert np.allclose(cost.confident_output(3, 0.4, rival=3), cost.confident_output(3, 0.4))
    assert cost.confident_output(np.int64(2), 1.0)[2] == 1.0  # the ends are allowed


@pytest.mark.parametrize("label,confidence,rival,word", [
    (10, 0.5, None, "label"), (-1, 0.5, None, "label"), (2.5, 0.5, None, "label"),
    (2, 1.5, None, "confidence"), (2, -0.1, None, "confidence"),
    (2, float("nan"), None, "confidence"),
    (2, 0.5, 10, "rival"), (2, 0.5, -1, "rival")])
def test_confident_output_rejects_bad_settings(label, confidence, rival, word):
    with pytest.raises(ValueError, match=word):
        cost.confident_output(label, confidence, rival)


def test_output_costs_match_the_formulas():
    a = np.array([0.1, 0.2, 0.05, 0.4, 0.0, 0.0, 0.05, 0.1, 0.1, 0.0])
    y = np.zeros(10)
    y[3] = 1
    costs = cost.output_costs(a, 3)
    assert costs["quadratic"] == pytest.approx(np.sum((a - y) ** 2))
    assert costs["quadratic_half"] == pytest.approx(0.5 * costs["quadratic"])
    assert costs["cross_entropy"] == pytest.approx(-np.log(0.4))


def test_output_costs_of_uniform_output():
    costs = cost.output_costs(np.full(10, 0.1), 7)
    assert costs["quadratic"] == pytest.approx(0.9)
    assert costs["cross_entropy"] == pytest.approx(np.log(10))


def test_cross_entropy_only_sees_the_right_digit_quadratic_sees_all():
    spread = cost.output_costs(cost.confident_output(3, 0.5), 3)
    rival = cost.output_costs(cost.confident_output(3, 0.5, rival=8), 3)
    assert spread["cross_entropy"] == pytest.approx(rival["cross_entropy"])
    assert rival["quadratic"] > spread["quadratic"]


def test_cost_and_gradient_vs_output_formulas_and_numerical_derivative():
    a = np.array([0.01, 0.2, 0.5, 0.9])
    c = cost.cost_and_gradient_vs_output(a)
    assert np.allclose(c["quadratic"], (1 - a) ** 2)
    assert np.allclose(c["cross_entropy"], -np.log(a))
    assert np.allclose(c["quadratic_grad"], 2 * (a - 1) * a * (1 - a))
    assert np.allclose(c["cross_entropy_grad"], a - 1)
    # the gradients are derivatives with respect to z, where a = sigmoid(z)
    z = np.log(a / (1 - a))
    h = 1e-6
    up, down = reference.sigmoid(z + h), reference.sigmoid(z - h)
    numeric_q = ((1 - up) ** 2 - (1 - down) ** 2) / (2 * h)
    numeric_ce = (-np.log(up) + np.log(down)) / (2 * h)
    assert np.allclose(c["quadratic_grad"], numeric_q, atol=1e-6)
    assert np.allclose(c["cross_entropy_grad"], numeric_ce, atol=1e-6)


def test_confidently_wrong_quadratic_gradient_is_tiny():
    c = cost.cost_and_gradient_vs_output(np.array([0.01]))
    assert abs(c["quadratic_grad"][0]) < 0.03 < 0.9 < abs(c["cross_entropy_grad"][0])


def test_cost_figures_draw():
    costs = {"a": np.random.default_rng(0).random(100), "b": np.zeros(50)}
    for fig in (viz.plot_cost_vs_output(), viz.plot_output_cost_settings(),
                viz.plot_output_cost_settings(label=0, settings=[(0.2, 9)]),
                viz.plot_cost_histograms(costs)):
        assert fig.get_size_inches()[0] <= 7.01
        plt.close(fig)


# ================================================================= the widgets' Python edge
def test_factories_return_the_browser_widgets():
    c = widgets.cost_explorer(label=4, confidence=0.3, rival=7)
    assert isinstance(c, CostExplorer)
    assert (c.label, c.confidence, c.rival) == (4, 0.3, 7)
    d = widgets.descent_explorer(start=-1.0, lr=0.2, steps=12)
    assert isinstance(d, DescentExplorer)
    assert (d.start, d.lr, d.steps) == (-1.0, 0.2, 12)
    c, d = CostExplorer(), DescentExplorer()
    assert (c.label, c.confidence, c.rival) == (3, 0.5, None)
    assert (d.start, d.lr, d.steps) == (-2.0, 0.05, 30)
    for w in (c, d):  # one self-contained module: the shared helpers, then the widget's own
        assert "export function slider" in w._esm and "export default" in w._esm
        assert "import " not in w._esm.split("// ----", 1)[1]


def test_python_side_reads_what_the_figure_shows():
    c = CostExplorer(label=4, confidence=0.3, rival=7)
    assert np.array_equal(c.output(), cost.confident_output(4, 0.3, 7))
    assert c.costs() == cost.output_costs(cost.confident_output(4, 0.3, 7), 4)
    d = DescentExplorer(start=1.5, lr=0.3, steps=5)
    path = descent.descend(descent.slope1d, 1.5, 0.3, 5)
    assert np.array_equal(d.path(), path)
    assert d.end() == (path[-1], pytest.approx(float(descent.cost1d(path[-1]))))
    assert np.array_equal(d.step_lengths(), descent.step_sizes(path))


@pytest.mark.parametrize("kwargs,word", [
    ({"label": 10}, "label"), ({"label": -1}, "label"), ({"label": 2.5}, "label"),
    ({"label": True}, "label"), ({"confidence": 0.0}, "confidence"),
    ({"confidence": 1.0}, "confidence"), ({"confidence": 1.5}, "confidence"),
    ({"confidence": float("nan")}, "confidence"), ({"confidence": "high"}, "confidence"),
    ({"rival": 10}, "rival"), ({"rival": 0.5}, "rival")])
def test_cost_explorer_rejects_bad_settings(kwargs, word):
    with pytest.raises(ValueError, match=word):
        CostExplorer(**kwargs)


def test_cost_explorer_rejects_bad_settings_made_later():
    c = CostExplorer()
    for trait, value in (("label", 12), ("confidence", 1.2), ("confidence", float("nan")),
                         ("rival", 11)):
        with pytest.raises(ValueError, match=trait):
            setattr(c, trait, value)
    assert (c.label, c.confidence, c.rival) == (3, 0.5, None)
    c.rival = 8
    c.rival = None


@pytest.mark.parametrize("kwargs,word", [
    ({"lr": 0.0}, "learning rate"), ({"lr": -0.1}, "learning rate"),
    ({"lr": float("nan")}, "learning rate"), ({"lr": float("inf")}, "learning rate"),
    ({"lr": 5.0}, "learning rate"), ({"lr": "fast"}, "learning rate"),
    ({"start": float("nan")}, "start"), ({"start": 10.0}, "start"),
    ({"steps": -1}, "steps"), ({"steps": 2.5}, "steps"), ({"steps": 101}, "steps")])
def test_descent_explorer_rejects_bad_settings(kwargs, word):
    with pytest.raises(ValueError, match=word):
        DescentExplorer(**kwargs)


def test_descent_explorer_rejects_bad_settings_made_later():
    d = DescentExplorer()
    for trait, value in (("lr", 0.0), ("lr", -1.0), ("start", float("nan")), ("steps", 500)):
        with pytest.raises(ValueError, match="learning rate" if trait == "lr" else trait):
            setattr(d, trait, value)
    assert (d.start, d.lr, d.steps) == (-2.0, 0.05, 30)


# ================================================================= JS twins equal Python
def test_cost_js_twins_equal_python(esm):
    call = esm("cost_explorer")
    for label, confidence, rival in [(3, 0.5, None), (0, 0.01, 9), (9, 0.99, None),
                                     (4, 0.37, 4), (7, 0.73, 1), (2, 0.0, None), (5, 1.0, 6)]:
        a = cost.confident_output(label, confidence, rival)
        a_js = call("confidentOutput", label, confidence, rival)
        assert np.max(np.abs(np.array(a_js) - a)) <= 1e-15
        want = cost.output_costs(a, label)
        got = call("outputCosts", a.tolist(), label)
        assert set(got) == set(want)
        for key in want:
            assert got[key] == pytest.approx(want[key], rel=1e-12, abs=1e-15), key
    grid = np.linspace(0.01, 0.99, 99)
    curves = call("costCurves", 3, 8, grid.tolist())
    for i, p in enumerate(grid):
        want = cost.output_costs(cost.confident_output(3, p, 8), 3)
        assert curves["quadratic"][i] == pytest.approx(want["quadratic"], rel=1e-12)
        assert curves["cross_entropy"][i] == pytest.approx(want["cross_entropy"], rel=1e-12)


def assert_same_steps(got, start, lr, steps):
    """The page's path takes Python's step from each of its own points.

    At large learning rates the walk is chaotic: a difference in the last bit of a cosine
    (numpy picks its SIMD code by CPU, so it differs between machines) grows with every step,
    and whole paths from two correct implementations part after a few steps. Each single step
    must still be the same; whole paths are compared where the walk is not chaotic."""
    got = np.array(got, float)
    assert got[0] == start and len(got) == steps + 1
    want = got[:-1] - lr * descent.slope1d(got[:-1])
    assert np.all(np.abs(got[1:] - want) <= 1e-12 * (1 + np.abs(want))), (start, lr, steps)
    reference_path = descent.descend(descent.slope1d, start, lr, steps)
    if lr <= 0.3:   # calm: the whole path agrees
        assert np.max(np.abs(got - reference_path)) <= 1e-12, (start, lr, steps)


def test_descent_js_twins_equal_python(esm):
    call = esm("descent_explorer")
    w = np.linspace(-5.0, 4.0, 181)
    for name, fn in (("cost1d", descent.cost1d), ("slope1d", descent.slope1d)):
        got = np.array([call(name, float(x)) for x in w[::9]])
        assert np.max(np.abs(got - fn(w[::9]))) <= 1e-12, name
    for start, lr, steps in [(-2.0, 0.05, 30), (-2.0, 0.005, 30), (-2.0, 0.6, 30),
                             (3.8, 0.3, 100), (-4.8, 1.0, 40), (0.5, 0.001, 100),
                             (1.0, 2.0, 20), (-1.0, 0.2, 0)]:
        got = call("descend", start, lr, steps)
        assert_same_steps(got, start, lr, steps)
        sizes = call("stepSizes", got)
        assert np.max(np.abs(np.array(sizes) - descent.step_sizes(np.array(got))),
                      initial=0) <= 1e-12
    # the stop rule: beyond `limit` the path ends (a tiny limit makes it happen here)
    want = descent.descend(descent.slope1d, -2.0, 0.6, 30, limit=1.3)
    assert call("descend", -2.0, 0.6, 30, 1.3) == pytest.approx(want.tolist(), abs=1e-12)
    assert len(want) == 4


def test_log_slider_spans_the_learning_rates(esm):
    call = esm("descent_explorer")
    n = call("positionFromLr", 2.0)
    assert n == 400 and call("positionFromLr", 0.001) == 0
    rates = [call("lrFromPosition", k) for k in range(0, n + 1, 7)] + [call("lrFromPosition", n)]
    assert rates[0] == 0.001 and rates[-1] == 2.0
    assert all(b > a for a, b in zip(rates, rates[1:]))          # every position its own rate
    ratios = np.diff(np.log(rates[:-1]))
    assert np.ptp(ratios) < 0.02                                  # evenly spaced in log(η)
    for k in range(0, n + 1, 7):                                  # positions round-trip
        assert call("positionFromLr", call("lrFromPosition", k)) == k
    assert call("positionFromLr", 0.05) == round(400 * math.log(50) / math.log(2000))
    assert call("formatLr", 0.05) == "0.05" and call("formatLr", 0.00123) == "0.00123"


# ================================================================= the widgets in the browser
def _canvas(root):
    """The figure's pixels after the pending animation frame has been drawn."""
    return root.locator("canvas").evaluate(
        "c => new Promise(r => requestAnimationFrame(() => requestAnimationFrame("
        "() => r(c.toDataURL()))))")


def _number(text):
    return float(text.replace("\u2212", "-"))


def _cost_numbers(root):
    return (_number(root.locator(".mlpbook-cost-quadratic").inner_text()),
            _number(root.locator(".mlpbook-cost-cross-entropy").inner_text()))


def _assert_costs_shown(root, widget):
    want = widget.costs()
    quadratic, cross_entropy = _cost_numbers(root)
    assert quadratic == pytest.approx(want["quadratic"], abs=5.1e-4)
    assert cross_entropy == pytest.approx(want["cross_entropy"], abs=5.1e-4)


def _end_shown(root):
    """(w, C(w)) from the title "end: w = …, C(w) = …"."""
    text = root.locator(".mlpbook-descent-end").inner_text()
    assert text.startswith("end: w = "), text
    w, c = text[len("end: w = "):].split(", C(w) = ")
    return _number(w), _number(c)


def _assert_end_shown(root, start, lr, steps, esm=None):
    """The title shows where Python's path ends. At a chaotic learning rate (pass ``esm``)
    it shows where the page's own path ends, and that path takes Python's steps
    (see assert_same_steps)."""
    w, c = DescentExplorer(start=start, lr=lr, steps=steps).end()
    if esm is not None:
        path = esm("descent_explorer")("descend", start, lr, steps)
        assert_same_steps(path, start, lr, steps)
        w, c = path[-1], float(descent.cost1d(path[-1]))
    shown = _end_shown(root)
    assert shown == (pytest.approx(w, abs=5.1e-4), pytest.approx(c, abs=5.1e-4))


def test_cost_explorer_renders_with_pythons_numbers(widget_page):
    first, second = CostExplorer(label=3, confidence=0.5), CostExplorer(4, 0.3, rival=7)
    wp = widget_page(first, second)
    assert wp.problems() == []
    for i, w in enumerate((first, second)):
        root = wp.root(i)
        assert "mlpbook-cost_explorer" in root.get_attribute("class")
        _assert_costs_shown(root, w)
        assert root.locator("select.mlpbook-cost-label").input_value() == str(w.label)
        assert root.locator(".mlpbook-readout").inner_text() == f"{w.confidence:.2f}"
        for control in root.locator("input, select").all():  # every control has a label
            assert root.locator(f"label[for='{control.get_attribute('id')}']").count() == 1
    assert wp.root(1).locator("select.mlpbook-cost-rival").input_value() == "7"
    assert wp.root(0).locator("select.mlpbook-cost-rival").input_value() == ""
    # the chapter's numbers: 0.278 spread thinly, 0.500 on one rival, cross-entropy ln 2
    assert _cost_numbers(wp.root(0)) == (pytest.approx(0.278, abs=1e-9), 0.693)


def test_cost_explorer_slider_and_selects_change_figure_and_numbers(widget_page):
    wp = widget_page(CostExplorer(label=3, confidence=0.5))
    root = wp.root(0)
    numbers = root.locator(".mlpbook-cost-numbers")
    before_text, before_pixels = numbers.inner_text(), _canvas(root)

    root.locator("input[type=range]").focus()
    wp.page.keyboard.press("ArrowRight")
    wp.page.keyboard.press("ArrowRight")
    assert root.locator(".mlpbook-readout").inner_text() == "0.52"
    _assert_costs_shown(root, CostExplorer(label=3, confidence=0.52))
    assert numbers.inner_text() != before_text
    after_slider = _canvas(root)
    assert after_slider != before_pixels

    text = numbers.inner_text()
    root.locator("select.mlpbook-cost-label").select_option("7")
    assert "a\u2087" in numbers.inner_text() and numbers.inner_text() != text   # −ln a₇
    _assert_costs_shown(root, CostExplorer(label=7, confidence=0.52))
    after_label = _canvas(root)
    assert after_label != after_slider
    # the rival menu cannot pick the right digit itself
    assert root.locator("select.mlpbook-cost-rival option[value='7']").is_disabled()

    quadratic_spread, ce_spread = _cost_numbers(root)
    root.locator("select.mlpbook-cost-rival").select_option("8")
    quadratic_rival, ce_rival = _cost_numbers(root)
    _assert_costs_shown(root, CostExplorer(label=7, confidence=0.52, rival=8))
    assert quadratic_rival > quadratic_spread and ce_rival == ce_spread
    assert _canvas(root) != after_label

    root.locator("select.mlpbook-cost-rival").select_option("")
    assert _cost_numbers(root) == (quadratic_spread, ce_spread)
    assert wp.problems() == []


def test_descent_explorer_renders_with_pythons_numbers(widget_page):
    wp = widget_page(DescentExplorer(), DescentExplorer(start=1.5, lr=0.6, steps=0))
    assert wp.problems() == []
    _assert_end_shown(wp.root(0), -2.0, 0.05, 30)
    _assert_end_shown(wp.root(1), 1.5, 0.6, 0)
    assert _end_shown(wp.root(1)) == (1.5, pytest.approx(float(descent.cost1d(1.5)), abs=5e-4))
    readouts = [r.inner_text() for r in wp.root(0).locator(".mlpbook-readout").all()]
    assert readouts == ["\u22122.00", "0.05", "30"]
    root = wp.root(0)
    assert "mlpbook-descent_explorer" in root.get_attribute("class")
    for control in root.locator("input").all():
        assert root.locator(f"label[for='{control.get_attribute('id')}']").count() == 1


def test_descent_explorer_sliders_change_figure_and_numbers(widget_page, esm):
    wp = widget_page(DescentExplorer(start=-2.0, lr=0.05, steps=30))
    root = wp.root(0)
    start, lr, steps = root.locator("input[type=range]").all()
    readout = root.locator(".mlpbook-readout")
    title = root.locator(".mlpbook-descent-end")
    pixels = _canvas(root)

    start.focus()
    wp.page.keyboard.press("ArrowRight")
    assert readout.nth(0).inner_text() == "\u22121.95"
    _assert_end_shown(root, -1.95, 0.05, 30)
    assert _canvas(root) != pixels
    pixels, text = _canvas(root), title.inner_text()

    lr.focus()
    wp.page.keyboard.press("ArrowRight")
    rate = float(readout.nth(1).inner_text())
    assert 0.0505 < rate < 0.052               # one position up a log scale: ×2000^(1/400)
    _assert_end_shown(root, -1.95, rate, 30)   # the readout is the exact rate used
    for _ in range(61):                        # 60 positions down from 0.05: the ball crawls
        wp.page.keyboard.press("ArrowLeft")
    rate = float(readout.nth(1).inner_text())
    position = round(400 * math.log(0.05 / 0.001) / math.log(2000)) - 60
    assert rate == float(f"{0.001 * 2000 ** (position / 400):.3g}")
    _assert_end_shown(root, -1.95, rate, 30)
    assert title.inner_text() != text and _canvas(root) != pixels
    wp.page.keyboard.press("End")
    assert readout.nth(1).inner_text() == "2"
    _assert_end_shown(root, -1.95, 2.0, 30, esm=esm)
    wp.page.keyboard.press("Home")
    assert readout.nth(1).inner_text() == "0.001"
    _assert_end_shown(root, -1.95, 0.001, 30)
    pixels, text = _canvas(root), title.inner_text()

    steps.focus()
    wp.page.keyboard.press("ArrowRight")
    assert readout.nth(2).inner_text() == "31"
    _assert_end_shown(root, -1.95, 0.001, 31)
    assert title.inner_text() != text and _canvas(root) != pixels
    wp.page.keyboard.press("Home")
    _assert_end_shown(root, -1.95, 0.001, 0)
    assert wp.problems() == []


def test_descent_explorer_plays_the_steps(widget_page):
    wp = widget_page(DescentExplorer(start=-4.0, lr=0.3, steps=12))
    root = wp.root(0)
    title = root.locator(".mlpbook-descent-end")
    button = root.locator("button.mlpbook-descent-play")
    final_text, final_pixels = title.inner_text(), _canvas(root)
    button.click()
    wp.page.wait_for_function(
        "el => el.textContent.startsWith('step ')", arg=title.element_handle(), timeout=5000)
    assert " of 12: w = " in title.inner_text()
    assert _canvas(root) != final_pixels        # part of the path only
    wp.page.wait_for_function(
        "el => el.textContent.startsWith('end: ')", arg=title.element_handle(), timeout=10000)
    assert title.inner_text() == final_text and _canvas(root) == final_pixels
    assert wp.problems() == []


def test_both_explorers_work_from_file_url(widget_page):
    c, d = CostExplorer(label=2, confidence=0.8, rival=5), DescentExplorer(start=3.0, lr=0.2)
    wp = widget_page(c, d, file_url=True)
    assert wp.page.url.startswith("file://")
    _assert_costs_shown(wp.root(0), c)
    _assert_end_shown(wp.root(1), 3.0, 0.2, 30)
    wp.root(1).locator("input[type=range]").nth(2).focus()
    wp.page.keyboard.press("ArrowLeft")
    _assert_end_shown(wp.root(1), 3.0, 0.2, 29)
    assert wp.problems() == []
