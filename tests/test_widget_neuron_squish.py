"""The neuron explorer (chapter 2) and the squish explorer (chapter 3) as anywidgets.

Python side: what the widgets accept and refuse, and the state they hand the page. Browser
side (a static page, no kernel, other hosts blocked): both render without problems, every
control changes the figure and the numbers, the numbers shown equal Python's, and the
JavaScript twins of the maths equal the Python functions.
"""

import re

import numpy as np
import pytest

from mlpbook import viz, widgets
from mlpbook.lessons import activations, neuron
from mlpbook.engine import reference
from mlpbook.widgets.neuron_explorer import MAX_IMAGES, NeuronExplorer, choose_examples
from mlpbook.widgets.squish_explorer import SquishExplorer


# ------------------------------------------------------------------ data and helpers
def bar_image(row=13, orientation="horizontal"):
    """A bright bar, two pixels thick, on a black 28×28 image."""
    image = np.zeros((28, 28), dtype=np.float32)
    image[row:row + 2, 6:22] = 1.0
    return image if orientation == "horizontal" else image.T.copy()


def some_images():
    """Twelve images: bars at a few places, then noisy blobs; labels 0..9, 0, 1."""
    rng = np.random.default_rng(3)
    bars = [bar_image(13), bar_image(5), bar_image(13, "vertical"), bar_image(20)]
    noisy = [np.clip(rng.random((28, 28)) * (rng.random((28, 28)) < 0.3), 0, 1)
             for _ in range(8)]
    images = np.stack(bars + noisy).astype(np.float32)
    return images, np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])


def shown(x, digits):
    """A number as the widgets print it (fmt in _shared.js): real minus, never "−0.00"."""
    text = f"{x:.{digits}f}"
    if re.fullmatch(r"-0(\.0+)?", text):
        text = text[1:]
    return text.replace("-", "\u2212")


def canvas_picture(root):
    return root.locator("canvas[role=img]").evaluate("c => c.toDataURL()")


# ------------------------------------------------------------------ activations (Python)
def test_viz_uses_the_activations_module():
    assert viz.squish_curve is activations.squish_curve
    assert viz.step_position is activations.step_position


def test_squish_curve_and_step_position():
    z = np.linspace(-5, 5, 11)
    assert np.allclose(activations.squish_curve(z, 2.0, -1.0), reference.sigmoid(2 * z - 1))
    assert np.allclose(activations.squish_curve(z, 2.0, -1.0, "relu"), np.maximum(2 * z - 1, 0))
    for w, b in [(1.0, -10.0), (2.0, -6.0), (-3.0, 1.5)]:
        where = activations.step_position(w, b)
        assert float(activations.squish_curve(where, w, b)) == pytest.approx(0.5)
    assert activations.step_position(0.0, 3.0) is None
    assert str(activations.step_position(-2.0, 0.0)) == "0.0"
    with pytest.raises(ValueError, match="sigmoid"):
        activations.squish_curve(0.0, activation="tanh")


# ------------------------------------------------------------------ squish explorer (Python)
def test_squish_explorer_state_and_factory():
    s = widgets.squish_explorer(w=2.0, b=-3.0, activation="relu")
    assert isinstance(s, SquishExplorer)
    assert (s.w, s.b, s.activation, s.language) == (2.0, -3.0, "relu", "en")
    assert s.step() == 1.5
    assert np.allclose(s.curve([0.0, 2.0]), [0.0, 1.0])
    assert "export default" in s._esm and "export function squishCurve" in s._esm
    s.w = 0.0
    assert s.step() is None


@pytest.mark.parametrize("kwargs, message", [
    ({"w": 11.0}, "outside its slider's range"),
    ({"w": float("nan")}, "finite"),
    ({"b": -10.5}, "outside its slider's range"),
    ({"b": "a lot"}, "must be a number"),
    ({"activation": "tanh"}, "'sigmoid' or 'relu'"),
])
def test_squish_explorer_refuses_bad_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SquishExplorer(**kwargs)


def test_squish_explorer_validates_later_changes_too():
    s = SquishExplorer()
    with pytest.raises(ValueError, match="finite"):
        s.b = float("inf")
    assert s.b == 0.0


# ------------------------------------------------------------------ neuron explorer (Python)
def test_neuron_explorer_state():
    images, labels = some_images()
    w = NeuronExplorer(images, labels, index=2, bias=-5.0, pattern="loop", bias_range=(-20, 30))
    assert (w.n_images, w.index, w.bias, w.pattern) == (12, 2, -5.0, "loop")
    assert (w.bias_min, w.bias_max) == (-20.0, 30.0)
    assert w.labels == labels.tolist()
    assert np.array_equal(np.frombuffer(w.images, "<f4").reshape(12, 28, 28), images)
    assert w.pattern_names == list(neuron.PATTERNS)
    patterns = np.frombuffer(w.patterns, "<f4").reshape(len(neuron.PATTERNS), 28, 28)
    for name, sent in zip(neuron.PATTERNS, patterns):
        assert np.allclose(sent, neuron.weight_pattern(name), atol=1e-6)
    expected = neuron.neuron_response(neuron.weight_pattern("loop"), images[2], -5.0)
    got = w.response()
    assert got.weighted_sum == pytest.approx(expected.weighted_sum, abs=1e-5)
    assert got.activation == pytest.approx(expected.activation, abs=1e-6)


def test_neuron_explorer_takes_uint8_and_square_or_flat_images():
    images, _ = some_images()
    as_bytes = np.round(images * 255).astype(np.uint8)
    w = NeuronExplorer(as_bytes.reshape(12, 784))
    sent = np.frombuffer(w.images, "<f4")
    assert np.array_equal(sent, (as_bytes.reshape(-1) / 255).astype(np.float32))
    assert np.allclose(sent, images.reshape(-1), atol=0.5 / 255)
    assert w.labels == [] and w.pattern == "horizontal edge"


@pytest.mark.parametrize("change, message", [
    ({"images": np.zeros((3, 10))}, r"shape \(n, 784\)"),
    ({"images": np.zeros(784)}, r"shape \(n, 784\)"),
    ({"images": np.zeros((MAX_IMAGES + 1, 784))}, f"1 to {MAX_IMAGES} images"),
    ({"images": np.full((2, 784), np.nan)}, "NaN"),
    ({"images": np.full((2, 784), 255.0)}, r"in \[0, 1\]"),
    ({"images": np.array([["a"] * 784])}, "must be numbers"),
    ({"labels": [1, 2]}, "one number per image"),
    ({"labels": [0.5] * 12}, "whole numbers"),
    ({"pattern": "diagonal"}, "unknown weight pattern 'diagonal'"),
    ({"index": 12}, r"0\.\.11"),
    ({"index": 1.5}, "whole number"),
    ({"bias": "high"}, "must be a number"),
    ({"bias": 50.0}, "outside the slider's range"),
    ({"bias": float("nan")}, "finite"),
    ({"bias_range": (5, -5)}, "min < max"),
    ({"bias_range": 5}, r"\(min, max\)"),
])
def test_neuron_explorer_refuses_bad_input(change, message):
    images, labels = some_images()
    kwargs = {"images": images, "labels": labels, **change}
    with pytest.raises(ValueError, match=message):
        NeuronExplorer(**kwargs)


def test_neuron_explorer_validates_later_changes_too():
    images, _ = some_images()
    w = NeuronExplorer(images)
    with pytest.raises(ValueError, match="unknown weight pattern"):
        w.pattern = "diagonal"
    with pytest.raises(ValueError, match=r"0\.\.11"):
        w.index = -1
    assert (w.pattern, w.index) == ("horizontal edge", 0)


def test_neuron_explorer_factory_picks_a_handful_from_a_test_set():
    rng = np.random.default_rng(0)
    images = rng.random((200, 784)).astype(np.float32)
    labels = rng.permutation(np.arange(200) % 10)
    w = widgets.neuron_explorer(images, labels, index=150, bias=2.0)
    keep = choose_examples(labels, 150, 200)
    assert keep[0] == 150 and len(keep) <= 11 and len(set(keep)) == len(keep)
    assert sorted(set(labels[keep[1:]])) == list(range(10))       # one of each digit
    assert (w.n_images, w.index, w.bias) == (len(keep), 0, 2.0)
    assert w.labels == labels[keep].tolist()
    assert np.array_equal(w.image(0).reshape(-1), images[150])
    small = widgets.neuron_explorer(images[:5], labels[:5], index=3)   # few images: all kept
    assert (small.n_images, small.index) == (5, 3)
    assert choose_examples(None, 198, 200, count=4) == [198, 199, 0, 1]
    with pytest.raises(ValueError, match="index"):
        choose_examples(labels, 200, 200)


# ------------------------------------------------------------------ browser: squish explorer
def test_squish_page_shows_the_settings(widget_page):
    wp = widget_page(SquishExplorer(w=2.0, b=-3.0))
    root = wp.root(0)
    where = activations.step_position(2.0, -3.0)
    assert root.locator(".mlpbook-squish-title").inner_text() == \
        f"midpoint at x = \u2212b/w = {shown(where, 2)}"
    assert root.locator(".mlpbook-formula").inner_text() == \
        "a = \u03c3(w\u00b7x + b) = \u03c3(2\u00b7x \u2212 3)"
    assert root.locator("[data-activation=sigmoid]").get_attribute("aria-pressed") == "true"
    assert root.locator("label").all_inner_texts() == ["weight w", "bias b"]
    assert wp.problems() == []


def test_squish_sliders_and_toggle_change_the_figure(widget_page):
    wp = widget_page(SquishExplorer(w=2.0, b=-3.0))
    root = wp.root(0)
    title = root.locator(".mlpbook-squish-title")
    formula = root.locator(".mlpbook-formula")
    sliders = root.locator("input[type=range]")

    def after(action, w, b, what="midpoint"):
        before = canvas_picture(root)
        action()
        expected = f"{what} at x = \u2212b/w = {shown(activations.step_position(w, b), 2)}"
        wp.page.wait_for_function("([e, t]) => e.textContent === t",
                                  arg=[title.element_handle(), expected])
        assert canvas_picture(root) != before

    sliders.nth(0).focus()
    after(lambda: wp.page.keyboard.press("ArrowRight"), 2.1, -3.0)          # w + 0.1
    assert "\u03c3(2.1\u00b7x \u2212 3)" in formula.inner_text()
    sliders.nth(1).focus()
    after(lambda: wp.page.keyboard.press("ArrowLeft"), 2.1, -3.5)           # b − 0.5
    assert "\u03c3(2.1\u00b7x \u2212 3.5)" in formula.inner_text()
    after(lambda: root.locator("[data-activation=relu]").click(), 2.1, -3.5, "bend")
    assert formula.inner_text() == "a = ReLU(w\u00b7x + b) = ReLU(2.1\u00b7x \u2212 3.5)"
    assert root.locator("[data-activation=relu]").get_attribute("aria-pressed") == "true"
    sliders.nth(1).focus()
    after(lambda: wp.page.keyboard.press("End"), 2.1, 10.0, "bend")          # b at its maximum
    assert wp.problems() == []


def test_squish_weight_zero_says_the_input_is_ignored(widget_page):
    wp = widget_page(SquishExplorer(w=0.1, b=1.0))
    root = wp.root(0)
    root.locator("input[type=range]").nth(0).focus()
    wp.page.keyboard.press("ArrowLeft")
    title = root.locator(".mlpbook-squish-title")
    wp.page.wait_for_function("e => e.textContent.startsWith('w = 0')", arg=title.element_handle())
    assert title.inner_text() == "w = 0: the neuron ignores its input"
    assert wp.problems() == []


def test_squish_twins_equal_python(esm):
    call = esm("squish_explorer")
    z = np.linspace(-8, 8, 33)
    for w, b, act in [(1.0, 0.0, "sigmoid"), (2.0, -3.0, "sigmoid"), (-4.2, 1.5, "sigmoid"),
                      (10.0, -10.0, "sigmoid"), (2.0, -3.0, "relu"), (-0.7, 2.5, "relu")]:
        js = call("squishCurve", z.tolist(), w, b, act)
        assert np.allclose(js, activations.squish_curve(z, w, b, act), rtol=0, atol=1e-12)
        assert call("squishCurve", 0.75, w, b, act) == pytest.approx(
            float(activations.squish_curve(0.75, w, b, act)), abs=1e-12)
    for w, b in [(2.0, -3.0), (-4.2, 1.5), (0.1, 10.0), (3.0, 0.0), (0.0, 2.0)]:
        python = activations.step_position(w, b)
        js = call("stepPosition", w, b)
        assert js is None if python is None else js == pytest.approx(python, abs=1e-15)


# ------------------------------------------------------------------ browser: neuron explorer
def numbers_shown(root):
    """(text, value) of the three numbers the neuron explorer prints."""
    out = {}
    for key in ("sum", "z", "activation"):
        span = root.locator(f".mlpbook-neuron-{key}")
        out[key] = (span.inner_text(), float(span.get_attribute("data-value")))
    return out


def assert_numbers_match(root, widget):
    """The page's numbers equal Python's for ``widget``'s current state."""
    r = widget.response()
    got = numbers_shown(root)
    assert got["sum"][1] == pytest.approx(r.weighted_sum, abs=1e-5)
    assert got["z"][1] == pytest.approx(r.z, abs=1e-5)
    assert got["activation"][1] == pytest.approx(r.activation, abs=1e-5)
    assert got["sum"][0].endswith(f"= {shown(r.weighted_sum, 2)}")
    sign = "\u2212" if r.bias < 0 else "+"
    assert got["z"][0] == f"z = s {sign} {shown(abs(r.bias), 1)} = {shown(r.z, 2)}"
    assert got["activation"][0] == f"activation \u03c3(z) = {shown(r.activation, 3)}"


def test_neuron_page_shows_pythons_numbers(widget_page):
    images, labels = some_images()
    widget = NeuronExplorer(images, labels, index=0, bias=-10.0)
    wp = widget_page(widget)
    root = wp.root(0)
    assert_numbers_match(root, widget)
    assert widget.response().activation > 0.5          # the bar on the strip fires the neuron
    assert root.locator(".mlpbook-neuron-title").inner_text() == "a 0 \u00b7 horizontal edge"
    assert root.locator(".mlpbook-neuron-digits button").count() == 12
    assert root.locator("select").input_value() == "horizontal edge"
    assert root.get_by_label("weights", exact=True).evaluate("e => e.tagName") == "SELECT"
    assert root.get_by_label("bias b", exact=True).get_attribute("type") == "range"
    assert wp.problems() == []


def test_neuron_controls_change_the_figure_and_numbers(widget_page):
    images, labels = some_images()
    widget = NeuronExplorer(images, labels, index=0, bias=-10.0)
    wp = widget_page(widget)
    root = wp.root(0)

    def after(action, **state):
        before_picture = canvas_picture(root)
        before = root.locator(".mlpbook-neuron-numbers").inner_text()
        action()
        wp.page.wait_for_function("([e, t]) => e.innerText !== t",
                                  arg=[root.locator(".mlpbook-neuron-numbers").element_handle(),
                                       before])
        for key, value in state.items():                 # the same change, made in Python
            setattr(widget, key, value)
        assert_numbers_match(root, widget)
        assert canvas_picture(root) != before_picture

    root.locator("input[type=range]").focus()
    after(lambda: wp.page.keyboard.press("ArrowRight"), bias=-9.5)
    after(lambda: wp.page.keyboard.press("PageUp"), bias=-1.5)  # a tenth of the range
    after(lambda: root.locator("select").select_option("loop"), pattern="loop")
    root.locator(".mlpbook-neuron-digits button").nth(5).focus()           # keyboard too
    after(lambda: wp.page.keyboard.press("Enter"), index=5)
    assert root.locator(".mlpbook-neuron-title").inner_text() == "a 5 \u00b7 loop"
    assert root.locator(".mlpbook-neuron-digits button").nth(5).get_attribute(
        "aria-pressed") == "true"
    after(lambda: root.locator("select").select_option("random"), pattern="random")
    assert wp.problems() == []


def test_neuron_twins_equal_python(esm):
    call = esm("neuron_explorer")
    images, _ = some_images()
    for name, k, bias in [("horizontal edge", 0, 0.0), ("vertical edge", 2, -3.5),
                          ("loop", 7, 12.0), ("random", 9, -0.5)]:
        w = neuron.weight_pattern(name).astype(np.float32).astype(float)
        a = images[k].astype(float)
        expected = neuron.neuron_response(w, a, bias)
        js = call("neuronResponse", w.ravel().tolist(), a.ravel().tolist(), bias)
        assert js["weighted_sum"] == pytest.approx(expected.weighted_sum, abs=1e-5)
        assert js["z"] == pytest.approx(expected.z, abs=1e-5)
        assert js["activation"] == pytest.approx(expected.activation, abs=1e-5)
        assert call("weightedSum", w.ravel().tolist(), a.ravel().tolist()) == pytest.approx(
            neuron.weighted_sum(w, a), abs=1e-5)
        products = call("weightedProducts", w.ravel().tolist(), a.ravel().tolist())
        assert np.allclose(products, neuron.weighted_products(w, a).ravel(), atol=1e-12)
        assert call("weightLimit", w.ravel().tolist()) == pytest.approx(viz.weight_limit(w))
    z = [-40.0, -5.0, -0.3, 0.0, 0.3, 5.0, 40.0]
    assert np.allclose(call("sigmoid", z[2]), reference.sigmoid(z[2]), atol=1e-15)
    for value in z:
        assert call("sigmoid", value) == pytest.approx(float(reference.sigmoid(value)), abs=1e-15)


# ------------------------------------------------------------------ browser: from file://
def test_both_work_from_file_url(widget_page):
    images, labels = some_images()
    neuron_widget = NeuronExplorer(images[:4], labels[:4])
    wp = widget_page(neuron_widget, SquishExplorer(w=2.0, b=-3.0), file_url=True)
    assert wp.page.url.startswith("file://")
    assert_numbers_match(wp.root(0), neuron_widget)
    squish = wp.root(1)
    squish.locator("input[type=range]").nth(1).focus()
    wp.page.keyboard.press("ArrowRight")                                   # b = −2.5
    wp.page.wait_for_function(
        "e => e.textContent.endsWith('1.25')",
        arg=squish.locator(".mlpbook-squish-title").element_handle())
    assert wp.problems() == []
