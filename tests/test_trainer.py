"""The trainer widget: MNIST learned in the browser, equal to the Python it stands for.

Python side: what it accepts and refuses, the start it sends, the data it answers with, and
the network it hands back. JavaScript twins (in Chromium): numpy's generator (seeding, raw
numbers, the per-epoch permutations mlpbook.train draws), Network's start, the forward pass
and one epoch of training, equal to mlpbook.widgets.browser_training's reference run. On a static
page (other hosts blocked; the data file written by the book's own writer into the test
site's _static): Train loads the digits, test accuracy passes 85% within the first epoch, one
epoch in the worker equals the numpy reference to 1e-12, the main thread keeps drawing
frames, Stop and Reset work, and the same from file:// through the fallback script.
"""

import base64
import dataclasses
import re

import numpy as np
import pytest

from mlpbook import Network
from mlpbook.widgets import browser_training
from mlpbook.engine.data import synthetic_digits
from mlpbook.widgets.fine_tune import FineTuner
from mlpbook.widgets.trainer import EVAL_EVERY, Trainer

PAGE_TIMEOUT = 120_000  # ms: loading 1.9 MB and training on a busy 2-core machine


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array, dtype=np.uint8).tobytes()).decode()


def small_digits(n_train=300, seed=0):
    """Byte images of 784 pixels, mostly 0 like MNIST's, with learnable labels."""
    data = synthetic_digits(n_train, 10, image_shape=(28, 28), seed=seed)
    images = np.rint(data.train_images * 255).astype(np.uint8)
    images[images < 60] = 0
    return images, data.train_labels


# ------------------------------------------------------------------ Python side
def test_default_state_is_pythons_start():
    w = Trainer()
    assert (w.sizes, w.activation, w.cost, w.lr, w.batch_size, w.epochs, w.seed) == (
        [784, 16, 16, 10], "sigmoid", "quadratic", 3.0, 10, 10, 0)
    net = Network([784, 16, 16, 10], seed=0, dtype=np.float64)
    assert np.array_equal(np.frombuffer(w.start_params, "<f8"), net.params)
    assert w.start_for == {"sizes": [784, 16, 16, 10], "activation": "sigmoid", "seed": 0}
    assert w.label_order == b"" and w.trained_params == b"" and w.eval_every == EVAL_EVERY
    for name in ("pcg64State", "rawNumbers", "permutations", "initialParams",
                 "trainEpochsSync", "forwardAll", "decodeSubsetBase64", "pageNormals"):
        assert f"export function {name}(" in w._esm or f"export async function {name}(" in w._esm
    assert "export default" in w._esm and ".mlpbook-trainer-digits" in w._css


def test_a_given_network_is_the_start_and_settings_follow_it():
    net = Network([784, 30, 10], "relu", "cross-entropy", seed=4)
    net.params[:5] = [1, 2, 3, 4, 5]
    w = Trainer(net, lr=0.1, batch_size=20, epochs=3, seed=4, language="zh")
    assert (w.sizes, w.activation, w.cost, w.lr, w.batch_size, w.epochs) == (
        [784, 30, 10], "relu", "cross-entropy", 0.1, 20, 3)
    assert np.array_equal(np.frombuffer(w.start_params, "<f8"), net.params.astype(np.float64))
    assert w.start_for == {"sizes": [784, 30, 10], "activation": "relu", "seed": 4}


def test_new_settings_from_python_get_pythons_start():
    w = Trainer()
    w.seed = 7
    assert np.array_equal(np.frombuffer(w.start_params, "<f8"),
                          Network([784, 16, 16, 10], seed=7, dtype=np.float64).params)
    w.sizes = [784, 64, 32, 10]
    w.activation = "relu"
    expected = Network([784, 64, 32, 10], "relu", seed=7, dtype=np.float64).params
    assert np.array_equal(np.frombuffer(w.start_params, "<f8"), expected)
    assert w.start_for == {"sizes": [784, 64, 32, 10], "activation": "relu", "seed": 7}


def test_shuffled_labels_send_the_memorisation_order():
    from mlpbook.lessons.memorise import shuffled_labels

    w = Trainer(shuffle_labels=True, seed=3)
    order = np.frombuffer(w.label_order, "<u2")
    labels = np.arange(browser_training.N_TRAIN) % 10
    assert np.array_equal(labels[order], shuffled_labels(labels, seed=3))
    assert sorted(order.tolist()) == list(range(browser_training.N_TRAIN))
    w.shuffle_labels = False
    assert w.label_order == b""


@pytest.mark.parametrize("kwargs, message", [
    ({"sizes": [784, 16, 9]}, "sizes must be [784, ..., 10]"),
    ({"sizes": [100, 16, 10]}, "sizes must be [784, ..., 10]"),
    ({"sizes": [784, 10]}, "one to three hidden layers"),
    ({"sizes": [784, 300, 10]}, "at most 256 neurons"),
    ({"sizes": "784-16-10"}, "positive integer"),
    ({"activation": "tanh"}, "activation must be one of 'sigmoid', 'relu'"),
    ({"cost": "hinge"}, "cost must be one of 'quadratic', 'cross-entropy'"),
    ({"lr": 0.0}, "learning rate lr must be a number above 0"),
    ({"lr": float("nan")}, "learning rate lr must be a number above 0"),
    ({"batch_size": 0}, "batch_size must be between 1 and 10,000"),
    ({"epochs": 101}, "epochs must be between 1 and 100"),
    ({"seed": -1}, "seed must be between 0 and 4,294,967,295"),
    ({"seed": 2**32}, "seed must be between 0 and 4,294,967,295"),
    ({"language": "fr"}, "language must be one of 'en', 'zh'"),
])
def test_bad_settings_are_refused_with_the_reason(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        Trainer(**kwargs)


def test_a_bad_network_is_refused():
    with pytest.raises(ValueError, match="must be an mlpbook.Network"):
        Trainer("model.npz")
    net = Network([784, 16, 10])
    net.params[0] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        Trainer(net)
    with pytest.raises(ValueError, match=re.escape("sizes must be [784, ..., 10]")):
        Trainer(Network([64, 16, 10]))


def test_later_changes_are_validated_too():
    w = Trainer()
    with pytest.raises(ValueError, match="at most 256"):
        w.sizes = [784, 512, 10]
    with pytest.raises(ValueError, match="lr must be"):
        w.lr = -1.0
    assert w.sizes == [784, 16, 16, 10] and w.lr == 3.0


def test_network_before_and_after_training():
    w = Trainer()
    with pytest.raises(RuntimeError, match="nothing trained yet: press Train"):
        w.network()
    net = Network([784, 16, 16, 10], seed=1, dtype=np.float64)
    net.params += 0.5
    w.trained_params = net.params.astype("<f8").tobytes()
    w.trained_info = {"sizes": [784, 16, 16, 10], "activation": "sigmoid", "cost": "quadratic",
                      "epochs": 1.0}
    back = w.network()
    assert isinstance(back, Network) and back.dtype == np.float64
    assert np.array_equal(back.params, net.params) and w.history["epochs"] == 1.0
    w.trained_params = net.params[:-1].astype("<f8").tobytes()
    with pytest.raises(ValueError, match="sent 13001 parameters"):
        w.network()
    bad = net.params.copy()
    bad[3] = np.inf
    w.trained_params = bad.astype("<f8").tobytes()
    with pytest.raises(ValueError, match="training diverged"):
        w.network()


@pytest.mark.parametrize("make", [Trainer, lambda: FineTuner(Network([784, 16, 16, 10]))],
                         ids=["trainer", "fine-tuner"])
def test_python_answers_the_pages_request_for_data(monkeypatch, make):
    from mlpbook.widgets import trainer

    sent = []
    w = make()
    monkeypatch.setattr(w, "send", lambda content, buffers=None: sent.append((content, buffers)))
    monkeypatch.setattr(trainer, "_data_for_the_page", lambda: b"gz bytes")
    w._answer(w, {"type": "something else"}, [])
    w._answer(w, {"type": "data?"}, [])
    assert sent == [({"type": "data"}, [b"gz bytes"])]

    def missing():
        raise FileNotFoundError("no MNIST here; run python -m mlpbook data")

    monkeypatch.setattr(trainer, "_data_for_the_page", missing)
    w._answer(w, {"type": "data?"}, [])
    assert sent[-1] == ({"type": "data-error", "message": "no MNIST here; run python -m mlpbook "
                                                          "data"}, None)


def test_python_reference_is_mlpbook_train_on_the_pages_inputs():
    images, labels = small_digits(200)
    net = browser_training.initial_network([784, 16, 10], seed=2)
    twin = net.copy()
    browser_training.train_like_the_page(net, images, labels, epochs=2, batch_size=7, lr=1.0,
                                         seed=5)
    from mlpbook.engine import reference
    W, b = twin.weights, twin.biases
    for order in browser_training.example_orders(5, 200, 2):
        reference.sgd_epoch(W, b, images / 255.0, labels, order, 7, 1.0)
    assert np.array_equal(net.params, twin.params)
    with pytest.raises(ValueError, match="float64"):
        browser_training.train_like_the_page(Network([784, 16, 10]), images, labels)


# ------------------------------------------------------------------ JavaScript twins
def test_numpys_generator_in_the_page(esm):
    call = esm("trainer", parts=Trainer._parts)
    for seed in (0, 1, 42, 123_456_789, 2**32 - 1):
        state = np.random.default_rng(seed).bit_generator.state["state"]
        got = call("pcg64State", seed)
        assert (int(got["state"]), int(got["inc"])) == (state["state"], state["inc"])
        raw = np.random.default_rng(seed).bit_generator.random_raw(50)
        assert [int(x) for x in call("rawNumbers", seed, 50)] == raw.tolist()
    # mlpbook.train's orders: one permutation per epoch from one generator (numpy keeps half a
    # 64-bit draw between calls, so epochs after the first test that too)
    for seed, n in ((0, 10_000), (3, 10_000), (17, 1_000), (5, 7)):
        orders = call("permutations", seed, n, 3)
        expected = browser_training.example_orders(seed, n, 3)
        assert [o for o in orders] == [e.tolist() for e in expected]


def test_the_start_twin_is_network_initialize_to_the_last_bit(esm):
    call = esm("trainer", parts=Trainer._parts)
    for sizes, activation in (([784, 16, 16, 10], "sigmoid"), ([784, 64, 32, 10], "relu")):
        n_weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
        normals = np.random.default_rng(9).standard_normal(n_weights)
        got = np.array(call("initialParams", sizes, activation, normals.tolist()))
        assert np.array_equal(got, Network(sizes, activation, seed=9, dtype=np.float64).params)
    page = np.array(call("pageNormals", 0, 20_000))
    assert abs(page.mean()) < 0.03 and abs(page.std() - 1) < 0.03


@pytest.mark.parametrize("sizes, activation, cost", [
    ([784, 16, 16, 10], "sigmoid", "quadratic"),
    ([784, 30, 10], "relu", "cross-entropy"),
])
def test_forward_pass_twin(esm, sizes, activation, cost):
    images, _ = small_digits(20)
    net = browser_training.initial_network(sizes, activation, cost, seed=1)
    got = np.array(esm("trainer", parts=Trainer._parts)("forwardAll", {
        "sizes": sizes, "activation": activation, "cost": cost,
        "params": net.params.tolist(), "images": b64(images)}))
    assert np.abs(got - net.feedforward(browser_training.inputs(images))).max() < 1e-14


@pytest.mark.parametrize("sizes, activation, cost, lr, batch", [
    ([784, 16, 16, 10], "sigmoid", "quadratic", 3.0, 10),
    ([784, 16, 16, 10], "relu", "cross-entropy", 0.1, 7),
    ([784, 64, 32, 10], "sigmoid", "cross-entropy", 0.5, 1),
    ([784, 20, 10], "relu", "quadratic", 0.5, 33),
])
def test_training_twin_equals_the_numpy_reference(esm, sizes, activation, cost, lr, batch):
    images, labels = small_digits(300)
    start = browser_training.initial_network(sizes, activation, cost, seed=2)
    got = np.array(esm("trainer", parts=Trainer._parts)("trainEpochsSync", {
        "sizes": sizes, "activation": activation, "cost": cost, "params": start.params.tolist(),
        "images": b64(images), "labels": labels.tolist(), "seed": 11, "epochs": 2,
        "batchSize": batch, "lr": lr}))
    net = start.copy()
    browser_training.train_like_the_page(net, images, labels, epochs=2, batch_size=batch, lr=lr,
                                         seed=11)
    assert np.abs(net.params - start.params).max() > 1e-3         # it did learn something
    assert np.abs(got - net.params).max() < 1e-12


def test_the_data_file_reads_back_in_the_page(esm):
    data = synthetic_digits(30, 7, image_shape=(28, 28), seed=1)
    as_bytes = lambda x: np.rint(x * 255).astype(np.float32) / np.float32(255)  # noqa: E731
    data = dataclasses.replace(data, train_images=as_bytes(data.train_images),
                               test_images=as_bytes(data.test_images))
    small = browser_training.subset(data, 30, 7)
    got = esm("trainer", parts=Trainer._parts)("decodeSubsetBase64",
                         base64.b64encode(browser_training.gzip_subset(small)).decode())
    assert (got["nTrain"], got["nTest"], got["rows"], got["cols"]) == (30, 7, 28, 28)
    assert got["trainY"] == small.train_labels.tolist()
    assert got["testY"] == small.test_labels.tolist()
    assert got["trainSum"] == int(small.train_images.sum())
    assert got["testSum"] == int(small.test_images.sum())


# ------------------------------------------------------------------ on a static page
pytestmark = pytest.mark.xdist_group("trainer-data")  # with test_handwriting: data once


@pytest.fixture(scope="module")
def trainer_site(trainer_data):
    """The test site with the trainer's data in _static (conftest's trainer_data)."""
    return trainer_data


@pytest.fixture(scope="module")
def reference_epoch():
    """Python's run the page must equal: one epoch from Network(seed=0) on the page's data."""
    data = browser_training.subset()
    net = browser_training.initial_network()
    browser_training.train_like_the_page(net, data.train_images, data.train_labels, epochs=1,
                                         batch_size=10, lr=3.0, seed=0)
    answers = net.predict(browser_training.inputs(data.test_images[:12]))
    return net, data, answers


# Records the time of every animation frame and the widget's state at that frame, and every
# task of the main thread longer than 50 ms (the Long Tasks API) with the state at its end.
FRAMES = """(el) => {
    window.__frames = [];
    window.__long = [];
    new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__long.push([e.duration, el.dataset.state]);
    }).observe({type: "longtask"});
    const loop = (t) => {
        window.__frames.push([t, el.dataset.state]);
        if (window.__frames.length < 100000) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
}"""


def open_trainer(widget_page, widget, file_url=False):
    wp = widget_page(widget, file_url=file_url)
    # The site's widget loader says where _static is; this harness may not (yet).
    if wp.page.evaluate("globalThis.mlpbookStaticUrl") is None:
        wp.page.evaluate("() => { globalThis.mlpbookStaticUrl = "
                         "new URL('_static/', location.href).href; }")
    return wp


def wait_state(wp, state, timeout=PAGE_TIMEOUT):
    root = wp.root(0)
    try:
        wp.page.wait_for_function("([e, s]) => e.dataset.state === s",
                                  arg=[root.element_handle(), state], timeout=timeout)
    except Exception as exc:
        raise AssertionError(f"the trainer never reached {state!r} (it is "
                             f"{root.get_attribute('data-state')!r}): {exc}\n"
                             + "\n".join(wp.problems())) from None


def page_params(wp):
    return np.array(wp.root(0).evaluate("e => Array.from(e.mlpbookTrainer.params())"))


def data_requests(wp):
    return wp.page.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                            ".filter(n => n.includes('mlpbook-data'))")


def longest_gap(wp, state="training"):
    """The longest time between two animation frames while the widget was in ``state``."""
    frames = wp.page.evaluate("window.__frames")
    gaps = [b[0] - a[0] for a, b in zip(frames, frames[1:]) if a[1] == state and b[1] == state]
    assert len(gaps) > 10, f"too few frames while {state}: {len(gaps)}"
    return max(gaps), len(gaps)


def test_train_learns_in_the_page_exactly_as_python(widget_page, trainer_site, reference_epoch,
                                                    record_property):
    assert trainer_site["bin_gz_bytes"] < 2_000_000
    net, data, answers = reference_epoch
    wp = open_trainer(widget_page, Trainer(epochs=1))
    root = wp.root(0)
    assert root.get_attribute("data-state") == "idle"
    assert root.get_attribute("data-start") == "python"
    assert "exactly those of Python's Network(..., seed=0)" in root.inner_text()
    assert "MNIST by Yann LeCun, Corinna Cortes and Christopher J. C. Burges (CC BY-SA 3.0)" \
        in root.inner_text()
    assert np.array_equal(page_params(wp), browser_training.initial_network().params)
    assert data_requests(wp) == []                      # nothing fetched before Train
    root.locator(".mlpbook-trainer-train").click()
    wait_state(wp, "done")
    # the digits came from the site, once
    assert [u.rsplit("/", 1)[-1] for u in data_requests(wp)] == ["mnist-subset.bin.gz"]
    # above 85% on the 2,000 test images after the first epoch, as Python's run
    accuracy = float(root.get_attribute("data-test-accuracy"))
    assert accuracy > 0.85
    assert accuracy == net.accuracy(browser_training.inputs(data.test_images),
                                    data.test_labels)
    curve = root.evaluate("e => e.mlpbookTrainer.history().test")
    assert [round(x, 6) for x, _, _ in curve] == [0, 0.25, 0.5, 0.75, 1.0]
    assert curve[0][1] < 0.3 < curve[-1][1]
    # one epoch in the worker equals the numpy reference
    difference = np.abs(page_params(wp) - net.params).max()
    record_property("max_difference_after_one_epoch", float(difference))
    assert difference < 1e-12
    # the row of test digits shows the network's answers, wrong ones marked
    items = root.locator(".mlpbook-trainer-digits li")
    assert items.count() == 12
    shown = [int(items.nth(i).get_attribute("data-answer")) for i in range(12)]
    assert shown == answers.tolist()
    labels = data.test_labels[:12]
    wrong = root.locator(".mlpbook-trainer-digits li.mlpbook-trainer-wrong").count()
    assert wrong == int(np.sum(answers != labels))
    assert "epoch 1.00 of 1 \u00b7 10,000 examples \u00b7 test accuracy" in root.inner_text()
    # what the page writes back for Python (JupyterLab): Trainer.network() reads it
    trained = root.evaluate("e => { const t = e.mlpbookTrainer.trained();"
                            " return {params: Array.from(t.params), info: t.info}; }")
    w = Trainer()
    w.trained_params = np.array(trained["params"], "<f8").tobytes()
    w.trained_info = trained["info"]
    back = w.network()
    assert np.array_equal(back.params, page_params(wp))
    assert (w.history["epochs"], w.history["examples"]) == (1, 10_000)
    assert w.history["test_accuracy"] == accuracy
    # kept in the browser for chapter 8's drawing pad, and offered as a model file
    kept = wp.page.evaluate("JSON.parse(localStorage.getItem('mlpbook/network/v1'))")
    assert (kept["source"], kept["sizes"]) == ("trainer", [784, 16, 16, 10])
    assert np.array_equal(np.frombuffer(base64.b64decode(kept["params"]), "<f8"), page_params(wp))
    assert root.locator(".mlpbook-trainer-save").is_enabled()
    assert "Chapter 8's drawing pad can draw on this network" in root.locator(
        ".mlpbook-trainer-message").inner_text()
    print(f"\nmax |page - numpy| after one epoch {difference:.2e}; "
          f"steps/s {root.get_attribute('data-steps-per-second')}")
    assert wp.problems() == []


def test_the_page_keeps_drawing_frames_while_it_trains(widget_page, trainer_site,
                                                       record_property):
    wp = open_trainer(widget_page, Trainer(epochs=5))
    root = wp.root(0)
    root.evaluate(FRAMES)
    wp.page.evaluate("""() => { window.__workers = 0; const Base = window.Worker;
        window.Worker = class extends Base {
            constructor(...args) { super(...args); window.__workers += 1; } }; }""")
    wp.page.wait_for_timeout(500)
    rest, _ = longest_gap(wp, "idle")
    root.locator(".mlpbook-trainer-train").click()
    wait_state(wp, "done")
    gap, frames = longest_gap(wp, "training")
    record_property("longest_frame_gap_ms", gap)
    print(f"\nlongest gap between animation frames: {gap:.1f} ms while training "
          f"({frames} frames), {rest:.1f} ms at rest before")
    # Training runs in a Web Worker, so the page keeps drawing while it trains. A page that
    # trained on its main thread would spend nearly all of the training time in long tasks
    # (~0.7 s per epoch here) and draw almost no frames. How long the longest gap may be
    # (the 50 ms target) depends on how busy the machine is: benchmarks/trainer.py measures
    # it; this test checks the structure, not a time.
    long_tasks = [d for d, state in wp.page.evaluate("window.__long") if state == "training"]
    busy = wp.page.evaluate("""() => { const f = window.__frames.filter(x => x[1] === "training");
        return f.length > 1 ? f[f.length - 1][0] - f[0][0] : 0; }""")
    record_property("long_tasks_ms_while_training", sum(long_tasks))
    # (measured: 0-5% of the training time in long tasks on an idle machine, about 20% with
    # both cores busy with other work; a page training on its main thread: nearly 100%)
    assert wp.page.evaluate("window.__workers") == 1
    assert frames >= 20
    assert sum(long_tasks) < 0.5 * busy, (long_tasks, busy)
    assert wp.problems() == []


def test_stop_resume_and_reset(widget_page, trainer_site):
    wp = open_trainer(widget_page, Trainer(epochs=30))
    root, page = wp.root(0), wp.page
    train, stop = root.locator(".mlpbook-trainer-train"), root.locator(".mlpbook-trainer-stop")
    weights = root.locator("canvas.mlpbook-trainer-weights")
    before = weights.evaluate("c => c.toDataURL()")
    assert stop.is_disabled()
    train.click()
    page.wait_for_function("e => Number(e.dataset.seen) >= 3000", arg=root.element_handle(),
                           timeout=PAGE_TIMEOUT)
    assert root.get_attribute("data-state") == "training" and train.is_disabled()
    assert root.locator(".mlpbook-trainer-lr").is_disabled()
    stop.click()
    wait_state(wp, "stopped")
    seen = int(root.get_attribute("data-seen"))
    assert 3000 <= seen < 300_000
    page.wait_for_timeout(400)
    assert int(root.get_attribute("data-seen")) == seen and stop.is_disabled()
    assert weights.evaluate("c => c.toDataURL()") != before
    # resume, to the end of a later epoch: the break changes nothing in the result
    epochs = min(e for e in (1, 2, 3, 5, 10, 20, 30) if e * 10_000 > seen)
    root.locator(".mlpbook-trainer-epochs").select_option(str(epochs))
    train.click()
    wait_state(wp, "done")
    assert int(root.get_attribute("data-seen")) == epochs * 10_000
    resumed = page_params(wp)
    # Reset: Python's start again, nothing seen, empty curves, the first weight images
    root.locator(".mlpbook-trainer-reset").click()
    wait_state(wp, "idle")
    assert root.get_attribute("data-seen") == "0"
    assert np.array_equal(page_params(wp), browser_training.initial_network().params)
    assert root.evaluate("e => e.mlpbookTrainer.history()") == {"train": [], "test": []}
    page.wait_for_function("([c, b]) => c.toDataURL() === b",
                           arg=[weights.element_handle(), before])
    # the same epochs without a break: the same network, to the last bit
    train.click()
    wait_state(wp, "done")
    assert np.array_equal(page_params(wp), resumed)
    assert wp.problems() == []


def test_by_keyboard_focus_follows_train_and_stop_and_the_result_is_announced_once(
        widget_page, trainer_site):
    """Train disables itself: the focus goes to Stop (not to <body>) and back to Train when
    training ends; the status line is not a live region; the message, which is, names the
    result once, when training settles."""
    wp = open_trainer(widget_page, Trainer(epochs=1))
    root, page = wp.root(0), wp.page
    assert root.locator(".mlpbook-trainer-status").get_attribute("aria-live") is None
    message = root.locator(".mlpbook-trainer-message")
    assert message.get_attribute("aria-live") == "polite"
    root.locator(".mlpbook-trainer-train").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("e => e.dataset.state === 'training'", arg=root.element_handle(),
                           timeout=PAGE_TIMEOUT)
    assert page.evaluate("document.activeElement.className").count("mlpbook-trainer-stop")
    wait_state(wp, "done")
    assert page.evaluate("document.activeElement.className").count("mlpbook-trainer-train")
    status = root.locator(".mlpbook-trainer-status").text_content()
    assert status and status in message.text_content()
    assert wp.problems() == []


def test_the_readers_settings(widget_page, trainer_site):
    wp = open_trainer(widget_page, Trainer(epochs=1, language="zh"))
    root = wp.root(0)
    assert "训练" in root.locator(".mlpbook-trainer-train").inner_text()
    assert "CC BY-SA 3.0" in root.inner_text()
    layers = root.locator(".mlpbook-trainer-layers")
    assert [o for o in layers.locator("option").all_inner_texts()] == [
        "784-16-16-10", "784-64-32-10"]
    before = root.locator("canvas.mlpbook-trainer-weights").evaluate("c => c.toDataURL()")
    layers.select_option("784-64-32-10")
    root.locator(".mlpbook-trainer-activation").select_option("relu")
    root.locator(".mlpbook-trainer-cost").select_option("cross-entropy")
    root.locator(".mlpbook-trainer-lr").select_option("0.1")
    assert root.get_attribute("data-start") == "page"        # Python sent 784-16-16-10 only
    assert root.locator("canvas.mlpbook-trainer-weights").evaluate("c => c.toDataURL()") != before
    root.locator(".mlpbook-trainer-train").click()
    wait_state(wp, "done")
    assert float(root.get_attribute("data-test-accuracy")) > 0.85
    params = page_params(wp)
    assert params.size == Network([784, 64, 32, 10]).n_params
    # back to what Python sent: Python's start again
    layers.select_option("784-16-16-10")
    root.locator(".mlpbook-trainer-activation").select_option("sigmoid")
    assert root.get_attribute("data-start") == "python"
    assert np.array_equal(page_params(wp), browser_training.initial_network().params)
    seed = root.locator(".mlpbook-trainer-seed")
    seed.fill("5")
    seed.press("Enter")
    assert root.get_attribute("data-start") == "page"
    assert "种子 5" in root.locator(".mlpbook-trainer-note").inner_text()
    assert wp.problems() == []


def test_shuffled_labels_in_the_page_are_pythons_shuffled_labels(widget_page, trainer_site,
                                                                reference_epoch):
    _, data, _ = reference_epoch
    w = Trainer(epochs=1, shuffle_labels=True, seed=1)
    order = np.frombuffer(w.label_order, "<u2")
    wp = open_trainer(widget_page, w)
    root = wp.root(0)
    assert "The training labels are shuffled" in root.locator(".mlpbook-trainer-note").inner_text()
    root.locator(".mlpbook-trainer-train").click()
    wait_state(wp, "done")
    assert float(root.get_attribute("data-test-accuracy")) < 0.2     # nothing to generalise
    net = browser_training.initial_network(seed=1)
    browser_training.train_like_the_page(net, data.train_images, data.train_labels[order],
                                         epochs=1, seed=1)
    assert np.abs(page_params(wp) - net.params).max() < 1e-12
    assert wp.problems() == []


def test_from_disk_the_fallback_script_brings_the_digits(widget_page, trainer_site):
    wp = open_trainer(widget_page, Trainer(epochs=1), file_url=True)
    root = wp.root(0)
    assert wp.page.evaluate("location.protocol") == "file:"
    root.locator(".mlpbook-trainer-train").click()
    wait_state(wp, "done")
    assert wp.page.evaluate("typeof globalThis.mlpbookTrainerData") == "string"
    assert float(root.get_attribute("data-test-accuracy")) > 0.85
    assert wp.problems() == []


# Where the page gets its digits: a fake anywidget model stands in for JupyterLab's.
LOAD = """async ({src, mode}) => {
    const url = URL.createObjectURL(new Blob([src], {type: "text/javascript"}));
    const trainer = await import(url);
    const listeners = [];
    const asked = [];
    const model = {
        on: (name, f) => listeners.push(f),
        off: (name, f) => listeners.splice(listeners.indexOf(f), 1),
        send: (msg) => {
            asked.push(msg);
            const bytes = new Uint8Array([31, 139, 8, 7]);
            // Python's answer arrives later, as a DataView into a bigger buffer
            setTimeout(() => listeners.slice().forEach((f) => mode === "error"
                ? f({type: "data-error", message: "no MNIST"}, [])
                : f({type: "data"}, [new DataView(bytes.buffer, 1, 3)])), 10);
        },
    };
    delete globalThis.mlpbookStaticUrl;
    delete globalThis.mlpbookTrainerData;
    if (mode === "global") globalThis.mlpbookTrainerData = "AAEC";
    try {
        const got = await trainer.loadData(model);
        return {asked, base64: got.base64 || null,
                bytes: got.bytes ? Array.from(new Uint8Array(got.bytes)) : null,
                listeners: listeners.length};
    } catch (error) {
        return {asked, error: String(error.message), listeners: listeners.length};
    }
}"""


def test_in_jupyter_the_page_asks_python_for_the_digits(widget_page):
    from widget_browser import module_source

    wp = widget_page(Trainer())
    run = lambda mode: wp.page.evaluate(LOAD, {"src": module_source("trainer", Trainer._parts),  # noqa: E731
                                               "mode": mode})
    assert run("python") == {"asked": [{"type": "data?"}], "base64": None,
                             "bytes": [139, 8, 7], "listeners": 0}
    assert run("error") == {"asked": [{"type": "data?"}], "error": "no MNIST", "listeners": 0}
    # a script already on the page wins: no question to Python
    assert run("global") == {"asked": [], "base64": "AAEC", "bytes": None, "listeners": 0}
    assert wp.problems() == []
