"""The drawing pad and the network viewer (chapter 8) as anywidgets.

Python side: what the widgets accept and refuse, the state they hand the page, and reading a
drawing back. Browser side (a static page, no kernel, other hosts blocked): both render
without problems; strokes drawn with the mouse change the answer and Clear wipes it; the JS
preprocessing equals mlpbook.engine.preprocess and the JS forward pass equals Network.feedforward on
the same numbers; the viewer follows the chosen digit and shows a neuron's weights on click;
and the same from file://.
"""

import numpy as np
import pytest

from mlpbook import Network, widgets
from mlpbook.engine import preprocess
from mlpbook.widgets.drawing_pad import DrawingPad, network_state
from mlpbook.widgets.network_viewer import MAX_IMAGES, NetworkViewer


# ------------------------------------------------------------------ data and helpers
def small_net(**kwargs):
    return Network([784, 16, 16, 10], seed=0, **kwargs)


def some_digits(n=12, seed=0):
    """n blurry blobs and bars in 28x28 (no MNIST needed): different inputs, values 0..1."""
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:28, 0:28]
    images = np.zeros((n, 28, 28), np.float32)
    for i in range(n):
        cy, cx = rng.uniform(8, 20, 2)
        ry, rx = rng.uniform(3, 9, 2)
        r = np.hypot((rows - cy) / ry, (cols - cx) / rx)
        images[i] = np.clip(1.5 - 3 * np.abs(r - 1), 0, 1) if i % 2 else np.clip(2 - r, 0, 1)
    return images


def flat_params(net):
    state = network_state(net)
    return (state["sizes"], np.frombuffer(state["weights"], "<f4").tolist(),
            np.frombuffer(state["biases"], "<f4").tolist(), state["activation"], state["output"])


# Strokes in 0..1 of the pad: a "7" and a "0" (an ellipse), as a reader would draw them.
SEVEN = [[[0.25, 0.2], [0.5, 0.2], [0.75, 0.2], [0.65, 0.45], [0.55, 0.65], [0.48, 0.85]]]
ZERO = [[[0.5 + 0.2 * np.sin(t), 0.5 - 0.3 * np.cos(t)] for t in np.linspace(0, 2 * np.pi, 40)]]


def draw(page, canvas, strokes, steps=4):
    """Draw ``strokes`` (points in 0..1) on ``canvas`` with the mouse: down, moves, up."""
    box = canvas.bounding_box()
    at = lambda p: (box["x"] + p[0] * box["width"], box["y"] + p[1] * box["height"])  # noqa: E731
    for stroke in strokes:
        page.mouse.move(*at(stroke[0]))
        page.mouse.down()
        for p in stroke[1:]:
            page.mouse.move(*at(p), steps=steps)
        page.mouse.up()


def readout(root):
    """(answer text, list of the ten output texts) as the pad shows them."""
    answer = root.locator(".mlpbook-drawing-answer").text_content()
    values = root.locator(".mlpbook-drawing-value").all_text_contents()
    return answer, values


def wait_answer(page, root, not_text):
    page.wait_for_function(
        "([el, t]) => el.querySelector('.mlpbook-drawing-answer').textContent !== t",
        arg=[root.element_handle(), not_text])


def view_picture(root):
    return root.locator("canvas.mlpbook-drawing-view").evaluate("c => c.toDataURL()")


# ------------------------------------------------------------------ Python side
def test_exported_from_the_widgets_package():
    assert widgets.DrawingPad is DrawingPad
    assert widgets.NetworkViewer is NetworkViewer


def test_pad_state_carries_the_network_as_float32_bytes():
    net = small_net()
    pad = DrawingPad(net)
    assert pad.sizes == [784, 16, 16, 10] and pad.activation == "sigmoid"
    assert pad.output == "sigmoid" and pad.language == "en"
    assert len(pad.weights) == 4 * (784 * 16 + 16 * 16 + 16 * 10)
    assert len(pad.biases) == 4 * (16 + 16 + 10)
    first = np.frombuffer(pad.weights, "<f4")[:784 * 16].reshape(16, 784)
    assert np.array_equal(first, net.weights[0])
    assert "export default" in pad._esm and "export function mnistLike" in pad._esm
    assert DrawingPad(small_net(cost="cross-entropy")).output == "softmax"
    deep = DrawingPad(Network([784, 32, 16, 8, 10], activation="relu"))
    assert deep.sizes == [784, 32, 16, 8, 10] and deep.activation == "relu"


def test_pad_reads_a_drawing_back_and_runs_the_python_network():
    net = small_net()
    pad = DrawingPad(net)
    assert pad.image() is None and pad.outputs() is None
    image = some_digits(1)[0]
    pad.set_state({"pixels": memoryview(image.astype("<f4").tobytes())})  # as the page sends it
    assert np.array_equal(pad.image(), image)
    assert np.allclose(pad.outputs(), net.feedforward(image.reshape(-1)))
    pad.clear()
    assert pad.image() is None and pad.strokes == []


def test_pad_takes_another_network_and_strokes_from_python():
    pad = DrawingPad(small_net(), strokes=SEVEN)
    assert pad.strokes == [[[float(x), float(y)] for x, y in SEVEN[0]]]
    # what the network sees is there at once, computed in Python from the strokes
    assert np.array_equal(pad.image(), preprocess.mnist_like(preprocess.rasterize(SEVEN)))
    pad.strokes = ZERO
    assert np.array_equal(pad.image(), preprocess.strokes_image(ZERO))
    assert np.allclose(pad.outputs(), pad.network.feedforward(pad.image().reshape(-1)))
    pad.strokes = []
    assert pad.image() is None and pad.outputs() is None
    other = Network([784, 30, 10], cost="cross-entropy", seed=1)
    pad.network = other
    assert pad.network is other and pad.sizes == [784, 30, 10] and pad.output == "softmax"


@pytest.mark.parametrize("make, message", [
    (lambda: DrawingPad("not a network"), "mlpbook.Network"),
    (lambda: DrawingPad(Network([100, 10])), "784"),
    (lambda: DrawingPad(Network([784, 16, 5])), "10 outputs"),
    (lambda: DrawingPad(Network([784, 200, 10])), "at most 128"),
    (lambda: DrawingPad(small_net(), language="fr"), "language"),
    (lambda: DrawingPad(small_net(), strokes=[[[0.5, 1.5]]]), "outside the pad"),
    (lambda: DrawingPad(small_net(), strokes=[[["a", 0.5]]]), r"\[x, y\]"),
    (lambda: DrawingPad(small_net(), strokes=[[]]), "no points"),
])
def test_pad_refuses_bad_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_pad_refuses_a_diverged_network_and_bad_pixels():
    net = small_net()
    net.params[5] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        DrawingPad(net)
    pad = DrawingPad(small_net())
    with pytest.raises(Exception, match="784 float32"):
        pad.pixels = b"\x00" * 12


def test_viewer_state_and_python_activations():
    net = small_net()
    images = some_digits()
    viewer = NetworkViewer(net, images, labels=np.arange(12) % 10, index=3, neuron=5)
    assert (viewer.index, viewer.neuron, viewer.n_images) == (3, 5, 12)
    assert viewer.labels == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]
    assert np.array_equal(viewer.image(), images[3])
    assert np.allclose(viewer.activations()[-1], net.feedforward(images[3].reshape(-1)))
    assert NetworkViewer(net, images[0]).n_images == 1  # one image, (784,) or (28, 28)
    assert NetworkViewer(net, images.reshape(12, -1)).labels == []


@pytest.mark.parametrize("kwargs, message", [
    ({"images": np.zeros((3, 10))}, "shape"),
    ({"images": np.zeros((MAX_IMAGES + 1, 784))}, "between 1 and"),
    ({"images": np.full((2, 784), 2.0)}, "0..1"),
    ({"images": np.full((2, 784), np.nan)}, "NaN"),
    ({"labels": [1, 2]}, "one digit per image"),
    ({"labels": [1, 2, 12]}, "0..9"),
    ({"index": 3}, "index"),
    ({"neuron": 16}, "neuron"),
    ({"network": Network([784, 64, 10])}, "at most 32"),
    ({"network": Network([784, 8, 8, 8, 8, 10])}, "1 to 3 hidden"),
    ({"network": Network([784, 10])}, "1 to 3 hidden"),
])
def test_viewer_refuses_bad_arguments(kwargs, message):
    args = {"network": small_net(), "images": some_digits(3)} | kwargs
    with pytest.raises(ValueError, match=message):
        NetworkViewer(**args)


# ------------------------------------------------------------------ JS twins
@pytest.mark.parametrize("module", ["drawing_pad", "network_viewer"])
@pytest.mark.parametrize("make", [
    lambda: small_net(),
    lambda: small_net(cost="cross-entropy"),
    lambda: Network([784, 32, 16, 8, 10], activation="relu", seed=2),
    lambda: Network([784, 16, 16, 10], init="normal", seed=3),  # saturated sigmoids
])
def test_js_forward_pass_equals_network_feedforward(esm, module, make):
    net = make()
    call = esm(module)
    sizes, weights, biases, activation, output = flat_params(net)
    rng = np.random.default_rng(0)
    inputs = [np.zeros(784), rng.random(784), some_digits(1)[0].ravel(),
              preprocess.mnist_like(np.pad(np.ones((30, 8)), 10)).ravel()]
    for x in inputs:
        x = x.astype(np.float32)
        layers = call("forward", sizes, weights, biases, x.tolist(), activation, output)
        expected = net.layer_activations(x)
        assert len(layers) == len(expected)
        for got, want in zip(layers, expected):
            assert np.abs(np.array(got) - want).max() <= 1e-5
        assert np.abs(np.array(layers[-1]) - net.feedforward(x)).max() <= 1e-5


def raw_rasters():
    """112x112 float rasters of several kinds, and a tall and a wide one."""
    rng = np.random.default_rng(7)
    rows, cols = np.mgrid[0:112, 0:112]
    ring = np.clip(4 - np.abs(np.hypot((rows - 50) / 30, (cols - 61) / 18) - 1) * 40, 0, 1)
    speckled = ring * rng.random((112, 112))
    small = np.zeros((112, 112))
    small[90:97, 3:8] = rng.random((7, 5))
    tall = np.zeros((112, 112))
    tall[5:105, 50:57] = 0.8
    wide = tall.T.copy()
    sym = np.zeros((112, 112))  # exactly symmetric: its centre of mass is a rounding tie
    sym[40:60, 30:50] = 1.0
    faint = np.where(rng.random((112, 112)) < 0.002, rng.random((112, 112)), 0.0)
    return [ring, speckled, small, tall, wide, sym, faint]


def test_js_preprocessing_equals_python_on_the_same_raster(esm):
    call = esm("drawing_pad")
    for raster in raw_rasters():
        steps = preprocess.mnist_steps(raster)
        got = call("mnistSteps", raster.ravel().tolist(), *raster.shape)
        assert got["box"] == list(steps.box)
        assert [got["fittedRows"], got["fittedCols"]] == list(steps.fitted.shape)
        assert got["offset"] == list(steps.offset)
        assert np.abs(np.array(got["fitted"]) - steps.fitted.ravel()).max() <= 1e-12
        assert np.abs(np.array(got["final"]) - steps.final.ravel()).max() <= 1e-6
    assert call("mnistLike", [0.0] * 64, 8, 8) is None  # no ink: null, like NoInkError
    assert call("fitSize", 8, 1) == list(preprocess.fit_size(8, 1))
    resampled = call("areaResample", raw_rasters()[1][:37, :53].ravel().tolist(), 37, 53, 13, 20)
    assert np.allclose(resampled, preprocess.area_resample(raw_rasters()[1][:37, :53], 13, 20)
                       .ravel(), atol=1e-12)


def test_js_preprocessing_of_drawn_strokes_equals_python(esm):
    call = esm("drawing_pad")
    size = 112  # RASTER in drawing_pad.js
    for strokes in (SEVEN, ZERO, [[[0.8, 0.1]]]):  # the last: one tap
        raster = np.array(call("rasterize", [[list(map(float, p)) for p in s] for s in strokes]))
        assert raster.shape == (size * size,) and raster.max() > 0.9
        got = call("mnistLike", raster.tolist(), size, size)
        want = preprocess.mnist_like(raster.reshape(size, size))
        assert np.abs(np.array(got) - want.ravel()).max() <= 1e-6


def stroke_sets(seed=0):
    """Strokes to rasterise: the book's digits, a tap, strokes along the pad's edges and
    corners, points 1e-4 apart (as the page rounds them), and random scribbles."""
    rng = np.random.default_rng(seed)
    sets = [SEVEN, ZERO, [[[0.8, 0.1]]], [[[0.0, 0.0], [1.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]],
            [[[0.0, 0.5], [0.0, 0.9]], [[0.9999, 0.0001]]],
            [[[0.5, 0.5], [0.5001, 0.5], [0.5001, 0.5001], [0.5, 0.5]]]]
    for _ in range(6):
        sets.append([np.round(rng.random((rng.integers(1, 30), 2)), 4).tolist()
                     for _ in range(rng.integers(1, 4))])
    return [[[list(map(float, p)) for p in stroke] for stroke in strokes] for strokes in sets]


# The pad inks its raster point by point while the reader draws (inkStroke(..., from)).
INK_AS_DRAWN = """async ({src, sets}) => {
    const url = URL.createObjectURL(new Blob([src], {type: "text/javascript"}));
    const pad = await import(url);
    return sets.map((strokes) => {
        const ink = new Float64Array(pad.RASTER * pad.RASTER);
        for (const stroke of strokes) {
            for (let i = 0; i < stroke.length; i++) {
                pad.inkStroke(ink, stroke.slice(0, i + 1), pad.RASTER, i);
            }
        }
        return Array.from(ink);
    });
}"""


def test_js_rasteriser_equals_python_bit_for_bit(esm, widget_page):
    from widget_browser import module_source

    call = esm("drawing_pad")
    sets = stroke_sets()
    for strokes in sets:
        want = preprocess.rasterize(strokes).ravel()
        got = np.array(call("rasterize", strokes))
        assert np.array_equal(got, want), np.abs(got - want).max()
        assert want.max() > 0.9 and want.min() == 0
    wp = widget_page(DrawingPad(small_net()))
    drawn = wp.page.evaluate(INK_AS_DRAWN, {"src": module_source("drawing_pad"), "sets": sets})
    for strokes, ink in zip(sets, drawn):
        assert np.array_equal(np.array(ink), preprocess.rasterize(strokes).ravel())
    # the digits the pad writes for a keyboard reader, through the whole preparation
    digit_strokes = wp.page.evaluate(
        "async (src) => (await import(URL.createObjectURL(new Blob([src], "
        "{type: 'text/javascript'})))).DIGIT_STROKES", module_source("drawing_pad"))
    assert len(digit_strokes) == 10
    for strokes in digit_strokes:
        got = np.array(call("mnistLike", call("rasterize", strokes), 112, 112))
        assert np.abs(got - preprocess.strokes_image(strokes).ravel()).max() <= 1e-6


def test_rasterize_refuses_bad_strokes():
    with pytest.raises(ValueError, match="outside 0..1"):
        preprocess.rasterize([[[0.5, 1.2]]])
    with pytest.raises(ValueError, match=r"\[x, y\] points"):
        preprocess.rasterize([[]])
    assert preprocess.strokes_image([]) is None


# ------------------------------------------------------------------ the pad in a page
def test_pad_renders_and_answers_strokes_drawn_with_the_mouse(widget_page):
    wp = widget_page(DrawingPad(small_net()))
    root, page = wp.root(0), wp.page
    canvas = root.locator("canvas.mlpbook-drawing-canvas")
    blank_view = view_picture(root)
    assert readout(root) == ("\u2014", [""] * 10)
    assert root.locator(".mlpbook-drawing-cell").count() == 32
    assert root.locator(".mlpbook-drawing-bar").count() == 10

    draw(page, canvas, SEVEN)
    wait_answer(page, root, "\u2014")
    answer, values = readout(root)
    assert answer in list("0123456789") and all(values)
    top = root.locator(".mlpbook-drawing-top")
    assert top.count() == 1 and top.get_attribute("data-digit") == answer
    assert float(max(values, key=float)) == float(values[int(answer)])
    assert view_picture(root) != blank_view
    cells = root.locator(".mlpbook-drawing-cell").evaluate_all(
        "cs => cs.map(c => c.style.background)")
    assert all(cells) and len(set(cells)) > 3  # shaded by their activations

    draw(page, canvas, [[[0.15, 0.6], [0.9, 0.62]], [[0.2, 0.9], [0.85, 0.92]]])  # more ink
    page.wait_for_function(
        "([el, v]) => [...el.querySelectorAll('.mlpbook-drawing-value')]"
        ".map(n => n.textContent).join() !== v", arg=[root.element_handle(), ",".join(values)])
    assert readout(root)[1] != values

    root.get_by_role("button", name="Clear", exact=True).click()
    page.wait_for_function(
        "el => el.querySelector('.mlpbook-drawing-answer').textContent === '\u2014'",
        arg=root.element_handle())
    assert readout(root) == ("\u2014", [""] * 10)
    assert view_picture(root) == blank_view
    assert wp.problems() == []


def test_pad_shows_what_python_computes_for_preset_strokes(widget_page):
    net = small_net(cost="cross-entropy")
    pad = DrawingPad(net, strokes=ZERO, language="zh")
    wp = widget_page(pad)
    root = wp.root(0)
    outputs = pad.outputs()  # all Python: rasterize, mnist_like, feedforward
    answer, values = readout(root)
    assert answer == str(int(np.argmax(outputs)))
    assert values == [f"{v:.2f}" for v in outputs]
    # the 28x28 view shows Python's image, pixel for pixel
    shown = np.array(root.locator("canvas.mlpbook-drawing-view").evaluate(
        "c => Array.from(c.getContext('2d').getImageData(0, 0, 28, 28).data)"))
    assert np.array_equal(shown[0::4], np.round(pad.image().ravel() * 255))
    assert root.get_by_role("button", name="清除").count() == 1
    assert "第 1 隐含层" in root.inner_text()
    assert wp.problems() == []


# ------------------------------------------------------------------ the viewer in a page
def test_viewer_follows_the_digit_and_shows_a_neurons_weights(widget_page):
    net = small_net()
    images = some_digits()
    wp = widget_page(NetworkViewer(net, images, labels=np.arange(12) % 10))
    root, page = wp.root(0), wp.page
    circles = root.locator("circle.mlpbook-nv-neuron")
    assert circles.count() == 16 + 16 + 10
    assert root.locator(".mlpbook-nv-label").count() == 10

    def shown():
        values = circles.evaluate_all("cs => cs.map(c => Number(c.dataset.activation))")
        return np.array(values)

    expected = np.concatenate(net.layer_activations(images[0].reshape(-1))[1:])
    first = shown()
    assert np.abs(first - expected).max() <= 1e-5
    answer = root.locator(".mlpbook-nv-answer")
    assert answer.get_attribute("data-digit") == str(int(np.argmax(expected[-10:])))
    assert root.locator(".mlpbook-nv-lines line").count() == 3 * (16 + 16 + 10)

    root.get_by_label("digit", exact=True).select_option("5")
    page.wait_for_function(
        "([el, a]) => el.querySelector('circle.mlpbook-nv-neuron').dataset.activation !== a",
        arg=[root.element_handle(), str(first[0])])
    expected5 = np.concatenate(net.layer_activations(images[5].reshape(-1))[1:])
    assert np.abs(shown() - expected5).max() <= 1e-5

    weights = root.locator("img.mlpbook-nv-weights")
    before = weights.get_attribute("src")
    hidden = net.layer_activations(images[5].reshape(-1))[1]
    root.locator("circle[data-layer='1'][data-index='7']").click()
    page.wait_for_function("el => el.textContent.includes('7')",
                           arg=root.locator(".mlpbook-nv-title").element_handle())
    assert weights.get_attribute("src") != before and weights.get_attribute("src").startswith(
        "data:image/png")
    number = root.locator("[data-value=activation]").text_content()
    assert number == f"{hidden[7]:.3f}"
    z = float(net.weights[0][7] @ images[5].reshape(-1) + net.biases[0][7])
    assert root.locator("[data-value=sum]").text_content().replace("\u2212", "-") == f"{z:.3f}"
    assert root.locator("circle.mlpbook-nv-chosen").get_attribute("data-index") == "7"

    title = root.locator(".mlpbook-nv-title")
    root.locator("circle[data-layer='1'][data-index='2']").hover()  # pointing shows, too...
    page.wait_for_function("el => el.textContent.includes('2')", arg=title.element_handle())
    root.locator(".mlpbook-nv-answer").hover()  # ...until the pointer leaves
    page.wait_for_function("el => el.textContent.includes('7')", arg=title.element_handle())
    root.locator("circle[data-layer='1'][data-index='11']").focus()  # and the keyboard
    page.keyboard.press("Enter")
    page.wait_for_function("el => el.textContent.includes('11')", arg=title.element_handle())
    assert wp.problems() == []


def test_viewer_is_a_labelled_group_with_one_tab_stop_and_arrow_keys(widget_page):
    """The diagram is a labelled group (not an image wrapping buttons); the hidden layer is one
    tab stop, the chosen neuron marked with aria-pressed; arrow keys walk it and keep focus."""
    net = small_net()
    wp = widget_page(NetworkViewer(net, some_digits(), neuron=3))
    root, page = wp.root(0), wp.page
    svg = root.locator("svg.mlpbook-nv-diagram")
    assert svg.get_attribute("role") == "group" and svg.get_attribute("aria-label")
    hidden = root.locator("circle[data-layer='1']")
    tabbable = hidden.evaluate_all("cs => cs.filter(c => c.tabIndex === 0).map(c => c.dataset.index)")
    assert tabbable == ["3"]
    pressed = hidden.evaluate_all(
        "cs => cs.filter(c => c.getAttribute('aria-pressed') === 'true').map(c => c.dataset.index)")
    assert pressed == ["3"]
    root.get_by_label("digit", exact=True).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.index") == "3"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("el => el.textContent.includes('5')",
                           arg=root.locator(".mlpbook-nv-title").element_handle())
    page.wait_for_timeout(100)  # the redraw that follows the model change keeps focus
    assert page.evaluate("document.activeElement.dataset.index") == "5"
    assert root.locator("circle[data-layer='1'][aria-pressed='true']").get_attribute(
        "data-index") == "5"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("End")
    page.wait_for_timeout(100)
    assert page.evaluate("document.activeElement.dataset.index") == "15"
    page.keyboard.press("Tab")  # one stop: Tab leaves the layer
    assert page.evaluate("document.activeElement.dataset.layer") != "1"
    assert wp.problems() == []


def test_both_widgets_work_from_file_url(widget_page):
    net = small_net()
    wp = widget_page(DrawingPad(net), NetworkViewer(net, some_digits(4)), file_url=True)
    assert wp.page.url.startswith("file://")
    pad = wp.root(0)
    draw(wp.page, pad.locator("canvas.mlpbook-drawing-canvas"), ZERO)
    wait_answer(wp.page, pad, "\u2014")
    assert all(readout(pad)[1])
    viewer = wp.root(1)
    assert viewer.locator("circle.mlpbook-nv-neuron").count() == 42
    assert viewer.locator("image.mlpbook-nv-input").get_attribute("href").startswith("data:")
    assert wp.problems() == []


def test_the_pad_takes_a_digit_from_the_keyboard(widget_page):
    """WCAG 2.1.1: a digit reaches the pad without a pointer, by a written-for-you digit from a
    list and by an arrow-key pen (Space puts it down and lifts it); the hint names both; the
    result is announced once per finished stroke, not every frame."""
    net = small_net()
    wp = widget_page(DrawingPad(net), DrawingPad(net, language="zh"))
    root, page = wp.root(0), wp.page
    assert "arrow keys" in root.locator(".mlpbook-drawing-hint").text_content()
    assert "方向键" in wp.root(1).locator(".mlpbook-drawing-hint").text_content()
    # (the set's status line is live: it changes once per Add, Remove or Clear, never per frame)
    assert root.locator("[aria-live]:not(.mlpbook-sr-only):not(.mlpbook-handwriting-status)"
                        ).count() == 0
    status = root.locator("[role=status]")
    select = root.get_by_label("Write a digit for me")
    select.focus()
    page.keyboard.press("ArrowDown")  # a keyboard user picks "0", then "7"
    select.select_option("7")
    page.wait_for_function("el => el.dataset.digit !== undefined",
                           arg=root.locator(".mlpbook-drawing-answer").element_handle())
    page.wait_for_function("el => el.textContent.includes('network says')",
                           arg=status.element_handle())
    assert root.locator(".mlpbook-drawing-answer").get_attribute("data-digit") in set("0123456789")
    root.locator(".mlpbook-drawing-clear").click()
    page.wait_for_function("el => el.dataset.digit === undefined",
                           arg=root.locator(".mlpbook-drawing-answer").element_handle())

    # the arrow-key pen: Tab reaches the pad, a vertical bar is inked
    canvas = root.locator("canvas.mlpbook-drawing-canvas")
    canvas.focus()
    assert page.evaluate("document.activeElement.classList.contains('mlpbook-drawing-canvas')")
    assert root.locator(".mlpbook-drawing-pen").is_visible()
    for _ in range(5):
        page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    for _ in range(10):
        page.keyboard.press("ArrowDown")
    assert "network says" not in status.text_content()  # nothing announced mid-stroke
    page.keyboard.press("Space")
    page.wait_for_function("el => el.textContent.includes('network says')",
                           arg=status.element_handle())
    assert root.locator(".mlpbook-drawing-answer").get_attribute("data-digit") in set("0123456789")
    ink = page.evaluate("""el => { const c = el.querySelector('.mlpbook-drawing-view');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 0; i < d.length; i += 4) n += d[i] > 0; return n; }""",
                        root.element_handle())
    assert ink > 10
    assert wp.problems() == []
