"""Chapter 10's hidden-layer explorer as an anywidget.

Python side: what it accepts and refuses, and the state it hands the page. Browser side (a
static page, no kernel, other hosts blocked): it renders without problems, a slider moved
with the keyboard changes both panels and the numbers, "Train" learns XOR in the page (the
same steps as toy2d.train), Stop and Reset work, the dataset choice works, and the
JavaScript twins of the maths equal mlpbook.lessons.toy2d in float64.
"""

import re

import numpy as np
import pytest

from mlpbook import widgets
from mlpbook.lessons import toy2d
from mlpbook.widgets.hidden_layer_explorer import PARAMETER_NAMES, HiddenLayerExplorer


def shown(x, digits):
    """A number as the widget prints it (fmt in _shared.js): real minus, never "−0.00"."""
    text = f"{x:.{digits}f}"
    if re.fullmatch(r"-0(\.0+)?", text):
        text = text[1:]
    return text.replace("-", "\u2212")


def plain(params):
    """A toy2d parameter dict as JSON-able nested lists (for the JS twins)."""
    return {key: np.asarray(value).tolist() for key, value in params.items()}


def float64_rows(data, columns):
    return np.frombuffer(data, dtype="<f8").reshape(-1, columns)


# ------------------------------------------------------------------ Python side
def test_default_state_is_the_documented_start_on_xor():
    w = widgets.HiddenLayerExplorer()
    assert isinstance(w, HiddenLayerExplorer)
    assert (w.dataset, w.language) == ("xor", "en")
    start = toy2d.init_params(seed=toy2d.XOR_SEED)
    assert np.array_equal(toy2d.params_to_vector(w.params), toy2d.params_to_vector(start))
    assert np.array_equal(np.frombuffer(w.start, "<f8"), toy2d.params_to_vector(start))
    X, y = toy2d.xor_points()
    assert np.array_equal(float64_rows(w.data_xor, 3), np.c_[X, y])
    Xc, yc = toy2d.xor_clusters()
    assert np.array_equal(float64_rows(w.data_clusters, 3), np.c_[Xc, yc])
    assert w.accuracy() == toy2d.accuracy(start, X, y)
    assert w.loss() == toy2d.loss(start, X, y)
    assert (w.learning_rate, w.max_steps, w.target_loss) == (
        toy2d.LEARNING_RATE, toy2d.MAX_STEPS, toy2d.TARGET_LOSS)
    for name in ("forward", "loss", "accuracy", "gradients", "trainStep", "train"):
        assert f"export function {name}(" in w._esm
    assert "export default" in w._esm and ".mlpbook-hl-groups" in w._css


def test_params_as_nine_numbers_a_dict_and_read_back():
    nine = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    w = HiddenLayerExplorer(dataset="clusters", params=nine, language="zh")
    assert [getattr(w, name) for name in PARAMETER_NAMES] == nine
    assert w.points[0].shape == (100, 2)
    trained = toy2d.train(toy2d.init_params(seed=1), *toy2d.xor_points()).params
    w.params = trained
    assert np.array_equal(toy2d.params_to_vector(w.params), toy2d.params_to_vector(trained))
    w.reset()
    assert [getattr(w, name) for name in PARAMETER_NAMES] == nine


@pytest.mark.parametrize("kwargs, message", [
    ({"dataset": "moons"}, "unknown dataset 'moons'; choose one of 'xor', 'clusters'"),
    ({"language": "fr"}, "language must be one of 'en', 'zh'"),
    ({"params": [1, 2, 3]}, "nine numbers"),
    ({"params": [0] * 8 + [float("nan")]}, "NaN"),
    ({"params": "abc"}, "toy2d parameter dict"),
    ({"params": toy2d.init_params(hidden=3)}, "2-2-1 network; these params have 3 hidden"),
    ({"params": {"W1": np.zeros((2, 2))}}, "exactly the keys"),
])
def test_bad_settings_are_refused_with_the_reason(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        HiddenLayerExplorer(**kwargs)


def test_later_changes_are_validated_too():
    w = HiddenLayerExplorer()
    with pytest.raises(ValueError, match="finite"):
        w.v1 = float("inf")
    with pytest.raises(ValueError, match="unknown dataset"):
        w.dataset = "rings"
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        w.learning_rate = 0.0
    with pytest.raises(ValueError, match="steps_per_frame must be at least 1"):
        w.steps_per_frame = 0
    assert w.dataset == "xor" and np.isfinite(w.v1)


# ------------------------------------------------------------------ browser helpers
def pictures(root):
    return [root.locator(f"canvas.{name}").evaluate("c => c.toDataURL()")
            for name in ("mlpbook-hl-input", "mlpbook-hl-hidden")]


def readouts(root):
    """The nine parameter sliders' readouts, as numbers."""
    texts = root.locator(".mlpbook-hl-groups output").all_inner_texts()
    return [float(t.replace("\u2212", "-")) for t in texts]


def status_for(params, X, y, step=0):
    acc = toy2d.accuracy(params, X, y)
    right = round(acc * len(y))
    return (f"step {step} \u00b7 cost {shown(toy2d.loss(params, X, y), 3)} \u00b7 accuracy "
            f"{round(acc * 100)}% ({right} of {len(y)} right)")


def wait_state(wp, root, state, timeout=15_000):
    wp.page.wait_for_function("([e, s]) => e.dataset.state === s",
                              arg=[root.element_handle(), state], timeout=timeout)


# ------------------------------------------------------------------ browser: the page
def test_page_renders_pythons_numbers(widget_page):
    w = HiddenLayerExplorer()
    wp = widget_page(w)
    root = wp.root(0)
    X, y = toy2d.xor_points()
    assert root.locator(".mlpbook-hl-status").inner_text() == status_for(w.params, X, y)
    v = toy2d.params_to_vector(w.params)
    formulas = root.locator(".mlpbook-hl-formulas").inner_text()
    assert f"\u03c3({shown(v[0], 2)}\u00b7x\u2081 + {shown(abs(v[1]), 2)}\u00b7x\u2082" in formulas
    assert len(root.locator("input[type=range]").all()) == 10          # 9 parameters + lr
    assert readouts(root)[:9] == [round(x, 2) for x in v]
    assert root.locator("fieldset legend").all_inner_texts() == [
        "Hidden neuron h\u2081", "Hidden neuron h\u2082", "Output neuron"]
    assert root.locator("select").input_value() == "xor"
    assert float(root.get_attribute("data-accuracy")) == w.accuracy()
    assert float(root.get_attribute("data-loss")) == pytest.approx(w.loss(), abs=1e-12)
    assert root.locator(".mlpbook-hl-stop").is_disabled()
    assert wp.problems() == []


def test_a_slider_moved_with_the_keyboard_changes_both_panels(widget_page):
    w = HiddenLayerExplorer()
    wp = widget_page(w)
    root = wp.root(0)
    status = root.locator(".mlpbook-hl-status")
    sliders = root.locator(".mlpbook-hl-groups input[type=range]")
    X, y = toy2d.xor_points()
    for index, key in [(0, "PageUp"), (6, "PageDown")]:              # w11 of h1; v1 of output
        before_pictures, before_status = pictures(root), status.inner_text()
        vector = toy2d.params_to_vector(w.params)
        sliders.nth(index).focus()
        wp.page.keyboard.press(key)
        wp.page.wait_for_function("([e, t]) => e.textContent !== t",
                                  arg=[status.element_handle(), before_status])
        now = readouts(root)[index]
        assert abs(now - vector[index]) == pytest.approx(3.0, abs=0.06)   # a tenth of ±15
        vector[index] = float(sliders.nth(index).input_value())
        w.params = vector                                              # the same in Python
        wp.page.wait_for_function("([e, t]) => e.textContent === t",
                                  arg=[status.element_handle(), status_for(w.params, X, y)])
        after = pictures(root)      # a hidden weight moves the points on the right; the
        assert after[0] != before_pictures[0]     # output weight the boundary on both sides
        assert after[1] != before_pictures[1]
    assert wp.problems() == []


def test_train_learns_xor_in_the_page_as_python_does(widget_page):
    w = HiddenLayerExplorer()
    X, y = toy2d.xor_points()
    expected = toy2d.train(w.params, X, y, lr=w.learning_rate, steps=w.max_steps)
    assert expected.done
    wp = widget_page(w)
    root = wp.root(0)
    before = readouts(root)
    assert float(root.get_attribute("data-accuracy")) < 1.0
    root.locator(".mlpbook-hl-train").click()
    wait_state(wp, root, "trained", timeout=10_000)                    # a few seconds at most
    assert root.get_attribute("data-accuracy") == "1"
    assert int(root.get_attribute("data-steps")) == expected.steps
    assert float(root.get_attribute("data-loss")) == pytest.approx(expected.loss[-1], abs=1e-9)
    after = readouts(root)
    assert after != before
    assert after[:9] == [float(shown(x, 2).replace("\u2212", "-"))
                         for x in toy2d.params_to_vector(expected.params)]
    assert root.locator(".mlpbook-hl-message").inner_text() == \
        "Done: every point is on its side."
    assert "100% (4 of 4 right)" in root.locator(".mlpbook-hl-status").inner_text()
    assert not root.locator(".mlpbook-hl-train").is_disabled()
    root.locator(".mlpbook-hl-train").click()                          # nothing left to learn
    wait_state(wp, root, "already")
    assert wp.problems() == []


def test_stop_and_reset(widget_page):
    w = HiddenLayerExplorer(dataset="clusters")
    w.learning_rate = 0.1                                              # slow: time to stop it
    wp = widget_page(w)
    root = wp.root(0)
    start = readouts(root)
    first_status = root.locator(".mlpbook-hl-status").inner_text()
    assert "of 100 right" in first_status
    root.locator(".mlpbook-hl-train").click()
    wait_state(wp, root, "training")
    wp.page.wait_for_function("e => Number(e.dataset.steps) >= 30", arg=root.element_handle())
    root.locator(".mlpbook-hl-stop").click()
    wait_state(wp, root, "stopped")
    steps = int(root.get_attribute("data-steps"))
    wp.page.wait_for_timeout(400)
    assert int(root.get_attribute("data-steps")) == steps                # it really stopped
    assert readouts(root) != start
    assert root.locator(".mlpbook-hl-stop").is_disabled()
    root.locator(".mlpbook-hl-reset").click()
    wp.page.wait_for_function("e => e.dataset.steps === '0'", arg=root.element_handle())
    assert readouts(root) == start
    assert root.locator(".mlpbook-hl-status").inner_text() == first_status
    # Reset also stops a run that is going
    root.locator(".mlpbook-hl-train").click()
    wait_state(wp, root, "training")
    root.locator(".mlpbook-hl-reset").click()
    wait_state(wp, root, "idle")
    wp.page.wait_for_timeout(300)
    assert root.get_attribute("data-steps") == "0" and readouts(root) == start
    assert wp.problems() == []


def test_dataset_choice_switches_the_points(widget_page):
    w = HiddenLayerExplorer()
    wp = widget_page(w)
    root = wp.root(0)
    before = pictures(root)
    root.locator("select").select_option("clusters")
    Xc, yc = toy2d.xor_clusters()
    status = root.locator(".mlpbook-hl-status")
    wp.page.wait_for_function("([e, t]) => e.textContent === t",
                              arg=[status.element_handle(), status_for(w.params, Xc, yc)])
    assert pictures(root) != before
    root.locator(".mlpbook-hl-train").click()
    wait_state(wp, root, "trained", timeout=20_000)
    expected = toy2d.train(w.params, Xc, yc)
    assert int(root.get_attribute("data-steps")) == expected.steps
    assert wp.problems() == []


def test_chinese_text(widget_page):
    wp = widget_page(HiddenLayerExplorer(language="zh"))
    root = wp.root(0)
    assert root.locator("fieldset legend").all_inner_texts() == [
        "隐含层神经元 h\u2081", "隐含层神经元 h\u2082", "输出神经元"]
    assert root.locator(".mlpbook-hl-train").inner_text() == "训练"
    assert "准确率" in root.locator(".mlpbook-hl-status").inner_text()
    assert wp.problems() == []


def test_works_from_file_url(widget_page):
    wp = widget_page(HiddenLayerExplorer(), file_url=True)
    root = wp.root(0)
    assert wp.page.url.startswith("file://")
    before = pictures(root)
    w21 = root.locator(".mlpbook-hl-groups input[type=range]").nth(3)
    w21.focus()
    wp.page.keyboard.press("End")
    wp.page.wait_for_function("e => e.value === '15'", arg=w21.element_handle())
    wp.page.wait_for_timeout(100)
    assert pictures(root) != before
    root.locator(".mlpbook-hl-reset").click()
    root.locator(".mlpbook-hl-train").click()
    wait_state(wp, root, "trained", timeout=10_000)
    assert root.get_attribute("data-accuracy") == "1"
    assert wp.problems() == []


# ------------------------------------------------------------------ browser: JS twins
CASES = [(2, "xor", 0), (2, "xor", toy2d.XOR_SEED), (2, "clusters", 3), (3, "clusters", 1)]


def test_js_twins_equal_python(esm):
    call = esm("hidden_layer_explorer")
    for hidden, data, seed in CASES:
        p = toy2d.init_params(hidden=hidden, seed=seed, scale=2.0)
        X, y = toy2d.dataset(data)
        args = (plain(p), X.tolist(), y.tolist())
        js = call("forward", plain(p), X.tolist())
        H, a = toy2d.forward(p, X)
        assert np.abs(np.array(js["hidden"]) - H).max() <= 1e-12
        assert np.abs(np.array(js["output"]) - a).max() <= 1e-12
        assert abs(call("loss", *args) - toy2d.loss(p, X, y)) <= 1e-12
        assert call("accuracy", *args) == toy2d.accuracy(p, X, y)
        g_js, g = call("gradients", *args), toy2d.gradients(p, X, y)
        q_js, q = call("trainStep", *args, 1.5), toy2d.train_step(p, X, y, 1.5)
        for key in p:
            assert np.abs(np.array(g_js[key]) - g[key]).max() <= 1e-12, key
            assert np.abs(np.array(q_js[key]) - q[key]).max() <= 1e-12, key
    v = list(range(1, 10))
    assert call("paramsToVector", plain(toy2d.params_from_vector(v))) == v
    p = call("paramsFromVector", v)
    assert np.array_equal(toy2d.params_to_vector(p), v)


def test_js_train_equals_python_train(esm):
    call = esm("hidden_layer_explorer")
    for data in toy2d.DATASETS:
        X, y = toy2d.dataset(data)
        start = toy2d.init_params(seed=toy2d.XOR_SEED)
        expected = toy2d.train(start, X, y, lr=toy2d.LEARNING_RATE, steps=toy2d.MAX_STEPS)
        js = call("train", plain(start), X.tolist(), y.tolist(), toy2d.LEARNING_RATE,
                  toy2d.MAX_STEPS, True, toy2d.TARGET_LOSS)
        assert js["steps"] == expected.steps
        assert js["accuracy"] == expected.accuracy.tolist()
        assert np.abs(np.array(js["loss"]) - expected.loss).max() <= 1e-12
        for key in start:
            assert np.abs(np.array(js["params"][key]) - expected.params[key]).max() <= 1e-11
    assert call("isTrained", 1.0, 0.1) is True and call("isTrained", 0.75, 0.01) is False


def test_js_geometry_helpers(esm):
    call = esm("hidden_layer_explorer")
    ends = call("lineInBox", 1, 1, -0.5, -0.5, 1.5)                   # x + y = 0.5
    assert sorted(map(tuple, ends)) == [(-0.5, 1.0), (1.0, -0.5)]
    assert call("lineInBox", 1, 1, -10, -0.5, 1.5) is None             # misses the box
    segments = call("zeroCrossings", [[-1, 1], [-1, 1]])
    assert segments == [[[0.5, 0], [0.5, 1]]]
    assert call("zeroCrossings", [[1, 1], [1, 1]]) == []
