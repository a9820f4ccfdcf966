"""The reader's own handwriting (chapter 8): their set, fine-tuning on it, and the files.

Python side: the transforms that make "foreign" digits, the held-out rule, the mix the page
trains on and its reference run, what the pad and the fine-tuner accept and hand back, and a
reader's IDX set read by the loader and the command line. JavaScript twins (in Chromium,
through the ``esm`` fixture): a model file written by the page loads in Python to the same
weights and is read by ``python -m mlpbook evaluate``; model files written by Python (also
compressed) load in the page; bad files get a named problem; the reader's digits saved by the
page are IDX files that ``--data-dir`` reads; the held-out rule, the scoring and one epoch of
fine-tuning equal Python's. On a static page: the set is made from the keyboard, kept across
a reload, thumbnailed, removed from; fine-tuning runs in a worker, equals the numpy
reference, and the pad then draws on the fine-tuned network.
"""

import base64
import io
import json
import zipfile

import numpy as np
import pytest

from mlpbook import Network
from mlpbook.widgets import browser_training, handwriting
from mlpbook.engine import data, preprocess
from mlpbook.widgets import DrawingPad, FineTuner

PIXELS = 784


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array, dtype=np.uint8).tobytes()).decode()


def blobs(n, seed=0):
    """n digit-like byte images (rows of 784, mostly 0), labels 0..9 in turn."""
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:28, 0:28]
    out = np.zeros((n, PIXELS), np.uint8)
    for i in range(n):
        cy, cx = 14 + rng.uniform(-4, 4, 2)
        r = np.hypot((rows - cy) / rng.uniform(3, 8), (cols - cx) / rng.uniform(2, 6))
        out[i] = np.rint(np.clip(1.6 - 2.5 * np.abs(r - 1), 0, 1) * 255).ravel()
    return out, np.arange(n) % 10


def tiny_subset(n_train=200, n_test=30, seed=1):
    """A browser_training.Subset of blob digits (no MNIST needed)."""
    x, y = blobs(n_train + n_test, seed)
    return browser_training.Subset(x[:n_train], y[:n_train].astype(np.uint8), x[n_train:],
                                   y[n_train:].astype(np.uint8))


# ------------------------------------------------------------------ Python side
def test_thicken_and_slant_write_in_another_hand():
    bar = np.zeros((28, 28), np.float32)
    bar[4:24, 13] = 1.0                                   # a thin upright stroke
    thick = preprocess.thicken(bar, 1)
    assert thick.dtype == np.float32 and thick.max() == 1
    assert np.count_nonzero(thick) == 22 * 3 and np.all(thick[4:24, 12:15] == 1)
    assert np.array_equal(preprocess.thicken(bar, 0), bar)
    assert np.array_equal(preprocess.slant(bar, 0.0), bar)
    leaning = preprocess.slant(bar, 0.5)
    top, bottom = (np.average(np.arange(28), weights=leaning[r]) for r in (4, 23))
    assert top > 13 + 4 and bottom < 13 - 4               # top to the right, foot to the left
    assert abs(leaning.sum() - bar.sum()) < 1e-4          # ink moved, not lost
    with pytest.raises(ValueError, match="steps must be a whole number"):
        preprocess.thicken(bar, -1)
    with pytest.raises(ValueError, match="shear must be a number between -2 and 2"):
        preprocess.slant(bar, 3)


def test_foreign_digits_are_prepared_bytes():
    x, _ = blobs(3)
    foreign = handwriting.foreign_digits(x / 255.0)
    assert foreign.dtype == np.uint8 and foreign.shape == (3, PIXELS)
    for row in foreign:      # prepared like the pad's drawings: the ink fits 20x20, centred
        top, bottom, left, right = preprocess.ink_box(row.reshape(28, 28))
        assert max(bottom - top, right - left) == 20


def test_held_out_is_every_third_of_each_digit():
    labels = [3, 3, 1, 3, 1, 1, 3, 3, 3, 7]
    assert handwriting.held_out(labels).tolist() == [
        False, False, False, True, False, True, False, False, True, False]
    assert handwriting.held_out([]).tolist() == []


def test_the_mix_and_the_reference_run():
    sub = tiny_subset()
    own, labels = blobs(12, seed=5)
    images, mixed = handwriting.fine_tune_set(own, labels, sub, 5)
    assert len(mixed) == 12 + 60
    assert np.array_equal(images[:12], own) and np.array_equal(images[12:], sub.train_images[:60])
    assert np.array_equal(mixed[12:], sub.train_labels[:60])
    with pytest.raises(ValueError, match="need 2,400; the page has 200"):
        handwriting.fine_tune_set(own, labels, sub, 200)
    net = Network([784, 16, 10], "sigmoid", "cross-entropy", seed=3)
    result = handwriting.fine_tune(net, own, labels, sub, per_digit=5, epochs=2, lr=0.5,
                                   held_images=own[:4], held_labels=labels[:4])
    assert result.network.dtype == np.float64 and net.dtype == np.float32   # a copy
    twin = browser_training.initial_network([784, 16, 10], cost="cross-entropy", seed=3)
    twin.params[:] = net.params
    browser_training.train_like_the_page(twin, images, mixed, epochs=2, lr=0.5)
    assert np.array_equal(result.network.params, twin.params)
    assert set(result.before) == set(result.after) == {"own", "mnist"}


def test_read_samples_and_confusion():
    x, y = blobs(3)
    raw = b"".join(bytes([label]) + row.tobytes() for row, label in zip(x, y))
    images, labels = handwriting.read_samples(raw)
    assert images.dtype == np.float32 and images.shape == (3, PIXELS)
    assert np.array_equal(labels, y) and np.array_equal(np.rint(images * 255), x)
    with pytest.raises(ValueError, match="785 bytes each"):
        handwriting.read_samples(raw[:-1])
    assert handwriting.read_samples(b"")[0].shape == (0, PIXELS)
    assert handwriting.confusion([1, 1, 2], [1, 7, 2])[1].tolist() == [0, 1, 0, 0, 0, 0, 0, 1,
                                                                        0, 0]


def test_the_pad_hands_the_set_to_python():
    pad = DrawingPad(Network([784, 16, 16, 10]))
    assert pad.samples[0].shape == (0, PIXELS)
    x, y = blobs(2)
    pad.my_digits = b"".join(bytes([label]) + row.tobytes() for row, label in zip(x, y))
    images, labels = pad.samples
    assert labels.tolist() == [0, 1] and np.array_equal(np.rint(images * 255), x)
    for name in ("modelFileBytes", "readModelFile", "digitsZip", "loadDigits", "heldOutMask"):
        assert f"export function {name}(" in pad._esm or \
            f"export async function {name}(" in pad._esm
    assert ".mlpbook-handwriting-thumbs" in pad._css


def test_the_fine_tuner_state_settings_and_result():
    net = Network([784, 16, 16, 10], "sigmoid", "cross-entropy", seed=2)
    w = FineTuner(net, language="zh")
    assert (w.sizes, w.cost, w.per_digit, w.epochs, w.lr, w.language) == (
        [784, 16, 16, 10], "cross-entropy", 10, 10, 0.1, "zh")
    assert np.array_equal(np.frombuffer(w.start_params, "<f8"), net.params.astype(np.float64))
    with pytest.raises(RuntimeError, match="nothing fine-tuned yet"):
        w.network()
    for kwargs, message in (({"per_digit": 3}, "per_digit must be one of 0, 1, 2, 5, 10, 20"),
                            ({"lr": 0.0}, "learning rate lr must be a number above 0"),
                            ({"epochs": 0}, "epochs must be between 1 and 50")):
        with pytest.raises(ValueError, match=message):
            FineTuner(net, **kwargs)
    with pytest.raises(ValueError, match="must take a 28x28 digit"):
        FineTuner(Network([64, 16, 10]))
    tuned = net.params.astype(np.float64) + 0.25
    w.trained_params = tuned.tobytes()
    back = w.network()
    assert back.cost == "cross-entropy" and np.array_equal(back.params, tuned)
    w.trained_params = tuned[:-1].tobytes()
    with pytest.raises(ValueError, match="sent 13001 parameters"):
        w.network()


def write_reader_set(folder, x, y, mask):
    """The four IDX files a reader's set becomes (train = not held out, t10k = held out)."""
    folder.mkdir(parents=True, exist_ok=True)
    for prefix, part in (("train", ~mask), ("t10k", mask)):
        data.write_idx(folder / f"{prefix}-images-idx3-ubyte", x[part].reshape(-1, 28, 28))
        data.write_idx(folder / f"{prefix}-labels-idx1-ubyte", y[part].astype(np.uint8))


# ------------------------------------------------------------------ JavaScript twins
@pytest.fixture
def page_module(esm):
    return esm("fine_tune", parts=FineTuner._parts)


def python_model_bytes(net, tmp_path, compressed=False):
    path = net.save(tmp_path / "python.npz")
    if compressed:   # the same members, deflated (np.savez_compressed): the page reads both
        with zipfile.ZipFile(path) as z:
            members = {n: z.read(n) for n in z.namelist()}
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for n, b in members.items():
                z.writestr(n, b)
    return base64.b64encode(path.read_bytes()).decode()


def test_model_files_go_both_ways(page_module, tmp_path, capsys):
    from mlpbook.cli import main

    net = Network([784, 16, 16, 10], "relu", "cross-entropy", seed=4, dtype=np.float64)
    net.params += np.linspace(-1, 1, net.n_params)
    written = base64.b64decode(page_module("modelFileBase64", {
        "sizes": list(net.sizes), "activation": net.activation, "cost": net.cost,
        "params": net.params.tolist()}))
    path = tmp_path / "from-page.npz"
    path.write_bytes(written)
    back = Network.load(path)          # every member's header is checked there
    assert (back.sizes, back.activation, back.cost, back.dtype) == (
        net.sizes, "relu", "cross-entropy", np.float64)
    assert np.array_equal(back.params, net.params)
    assert np.array_equal(np.load(path)["params"], net.params)       # and numpy itself
    # the command line reads it: predict on a picture (evaluate needs MNIST)
    from PIL import Image
    picture = tmp_path / "seven.png"
    Image.fromarray((blobs(1)[0][0].reshape(28, 28))).save(picture)
    assert main(["predict", str(path), str(picture), "--json"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["digit"] in range(10)
    # and the page reads Python's files, float32 and float64, stored or deflated
    for dtype, compressed in ((np.float32, False), (np.float64, True)):
        py = Network([784, 30, 10], "sigmoid", "quadratic", seed=1, dtype=dtype)
        got = page_module("readModelBase64", python_model_bytes(py, tmp_path, compressed))
        assert (got["sizes"], got["activation"], got["cost"]) == ([784, 30, 10], "sigmoid",
                                                                  "quadratic")
        assert np.array_equal(np.array(got["params"]), py.params.astype(np.float64))
    # the page's own file reads back in the page
    again = page_module("readModelBase64", base64.b64encode(written).decode())
    assert np.array_equal(np.array(again["params"]), net.params)


def npz_bytes(**members):
    buffer = io.BytesIO()
    np.savez(buffer, **members)
    return buffer.getvalue()


def model_members(**changes):
    net = Network([784, 16, 10], seed=0, dtype=np.float64)
    members = {"format": np.array("mlpbook-network"), "format_version": np.array(1),
               "sizes": np.array(net.sizes), "activation": np.array("sigmoid"),
               "cost": np.array("quadratic"), "init": np.array("scaled"), "params": net.params}
    members.update(changes)
    return {k: v for k, v in members.items() if v is not None}


def test_bad_files_get_a_named_problem(page_module, tmp_path):
    from PIL import Image

    png = tmp_path / "x.png"
    Image.new("L", (8, 8)).save(png)
    good = npz_bytes(**model_members())
    nan = Network([784, 16, 10], seed=0, dtype=np.float64).params
    nan[5] = np.nan
    cases = [
        (png.read_bytes(), "notZip", ["png"]),
        (b"hello, model", "notZip", ["text"]),
        (b"", "notZip", ["empty"]),
        (good[: len(good) // 2], "damaged", None),
        (npz_bytes(weights=np.zeros(3)), "notModel", []),
        (npz_bytes(**model_members(extra=np.zeros(2))), "unknownMembers", ["extra"]),
        (npz_bytes(**model_members(format_version=np.array(2))), "newer", [2]),
        (npz_bytes(**model_members(sizes=np.array([784, 16, 9]),
                                   params=np.zeros(784 * 16 + 16 + 16 * 9 + 9))),
         "notDigits", ["784-16-9"]),
        (npz_bytes(**model_members(sizes=np.array([784, 300, 10]),
                                   params=np.zeros(784 * 300 + 300 + 3010))),
         "tooLarge", ["784-300-10", 128]),
        (npz_bytes(**model_members(activation=np.array("tanh"))), "setting", ["tanh"]),
        (npz_bytes(**model_members(params=np.zeros(5))), "damaged", None),
        (npz_bytes(**model_members(params=nan)), "nonFinite", []),
    ]
    for raw, code, args in cases:
        got = page_module("readModelBase64", base64.b64encode(raw).decode(), 128)
        assert got.get("problem") == code, (code, got)
        if args is not None:
            assert got["args"] == args, (code, got)
    # every problem has words in both languages, with the fix where one helps
    for lang in ("en", "zh"):
        texts = page_module("problemMessages", lang)
        assert set(texts) >= {c for _, c, _ in cases}
        assert all(t and "undefined" not in t for t in texts.values()), texts


def test_the_readers_digits_are_an_idx_data_set(page_module, tmp_path, capsys):
    from mlpbook.cli import main

    x, y = blobs(35, seed=3)
    mask = handwriting.held_out(y)
    assert 0 < mask.sum() < len(y)
    assert page_module("heldOutMask", y.tolist()) == mask.tolist()
    raw = base64.b64decode(page_module("digitsZipBase64", [{"label": int(label), "pixels": row.tolist()}
                                               for row, label in zip(x, y)],
                            mask.tolist(), "my-digits"))
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        assert sorted(z.namelist()) == sorted(f"my-digits/{n}" for n in data.FILES)
        z.extractall(tmp_path)
    folder = tmp_path / "my-digits"
    got = data.load_mnist(folder, checksums=None, cache=False, progress=False)
    assert np.array_equal(got.train_labels, y[~mask]) and np.array_equal(got.test_labels, y[mask])
    assert np.array_equal(np.rint(got.test_images * 255), x[mask])
    # the same bytes as mlpbook.engine.data.write_idx writes
    twin = tmp_path / "twin"
    write_reader_set(twin, x, y, mask)
    for name in data.FILES:
        assert (folder / name).read_bytes() == (twin / name).read_bytes(), name
    # the command line: --data-dir with --no-verify (the rule for any set that is not MNIST)
    model = Network([784, 16, 10], seed=0).save(tmp_path / "m.npz")
    assert main(["evaluate", str(model), "--data-dir", str(folder), "--no-verify", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["n_test"] == int(mask.sum())
    assert main(["evaluate", str(model), "--data-dir", str(folder)]) == 2
    assert "--no-verify" in capsys.readouterr().err


def test_scoring_and_fine_tuning_equal_python(page_module):
    net = Network([784, 16, 16, 10], "sigmoid", "cross-entropy", seed=6, dtype=np.float64)
    x, y = blobs(30, seed=8)
    got = page_module("scoreDigitsArray", {"sizes": list(net.sizes), "activation": "sigmoid",
                                           "cost": "cross-entropy",
                                           "params": net.params.tolist()},
                      [{"label": int(label), "pixels": row.tolist()} for row, label in zip(x, y)])
    answers = net.predict(x / 255.0)
    assert got["answers"] == answers.tolist()
    assert got["right"] == int(np.sum(answers == y))
    assert got["confusion"] == handwriting.confusion(y, answers).tolist()
    # one epoch of fine-tuning: the page's run equals the numpy reference
    sub = tiny_subset()
    own, labels = blobs(14, seed=9)
    mixed = page_module("mixTrainingArrays", {
        "own": b64(own), "ownLabels": labels.tolist(), "mnist": b64(sub.train_images),
        "mnistLabels": sub.train_labels.tolist(), "perDigit": 10})
    images, mixed_labels = handwriting.fine_tune_set(own, labels, sub, 10)
    assert mixed["n"] == 154 and mixed["labels"] == mixed_labels.tolist()
    assert base64.b64decode(mixed["images"]) == images.tobytes()
    for epochs in (1, 2):
        params = np.array(page_module("fineTuneSync", {
            "sizes": list(net.sizes), "activation": "sigmoid", "cost": "cross-entropy",
            "params": net.params.tolist(), "own": b64(own), "ownLabels": labels.tolist(),
            "mnist": b64(sub.train_images), "mnistLabels": sub.train_labels.tolist(),
            "perDigit": 10, "seed": 3, "epochs": epochs, "batchSize": 10, "lr": 0.3}))
        ref = handwriting.fine_tune(net, own, labels, sub, per_digit=10, epochs=epochs, lr=0.3,
                                    seed=3).network
        assert np.abs(ref.params - net.params).max() > 1e-3       # it did learn
        assert np.abs(params - ref.params).max() < 1e-12


# ------------------------------------------------------------------ on a static page
PAGE_TIMEOUT = 120_000  # ms


pytestmark = pytest.mark.xdist_group("trainer-data")  # with test_trainer: data once


@pytest.fixture(scope="module")
def tune_site(widget_site, trainer_data):
    """The test site with the trainer's MNIST data in _static (conftest's trainer_data)."""
    root, _ = widget_site
    return root


def add_digits(root, labels):
    """Add digits by the keyboard route: a digit written for the reader, its label, Enter."""
    for d in labels:
        root.locator(".mlpbook-drawing-write").select_option(str(d))
        select = root.locator(".mlpbook-handwriting-label")
        select.select_option(str(d))
        select.press("Enter")


def test_the_set_is_kept_and_fine_tuning_equals_python(widget_page, tune_site, tmp_path):
    net = Network([784, 16, 16, 10], "sigmoid", "cross-entropy", seed=5)
    wp = widget_page(DrawingPad(net), FineTuner(net, epochs=1, lr=0.3, per_digit=5))
    page = wp.page
    if page.evaluate("globalThis.mlpbookStaticUrl") is None:
        page.evaluate("() => { globalThis.mlpbookStaticUrl = "
                      "new URL('_static/', location.href).href; }")
    page.evaluate("localStorage.clear()")
    pad, tune = page.locator(".mlpbook-drawing_pad"), page.locator(".mlpbook-fine_tune")
    assert "at least three of one digit" in tune.inner_text()
    assert tune.locator(".mlpbook-tune-run").is_disabled()
    status = pad.locator(".mlpbook-handwriting-status")
    assert status.get_attribute("aria-live") == "polite"
    # Add without a label: told what is missing
    pad.locator(".mlpbook-drawing-write").select_option("4")
    pad.locator(".mlpbook-handwriting-add").click()
    assert status.inner_text() == "Choose which digit it is first."
    add_digits(pad, [d for _ in range(3) for d in range(10)] + [7])
    assert status.inner_text() == "Added a 7. Your set has 31 digits."
    thumbs = pad.locator(".mlpbook-handwriting-thumbs li")
    assert thumbs.count() == 31 and pad.locator(".mlpbook-handwriting-held").count() == 10
    # remove one: the focus stays in the list
    pad.locator(".mlpbook-handwriting-remove").nth(30).click()
    assert status.inner_text() == "Removed a 7. Your set has 30 digits."
    assert "mlpbook-handwriting-remove" in page.evaluate("document.activeElement.className")
    assert "30 digits, 20 to train on and 10 held out" in tune.inner_text()
    # the network's reading of the set, as Python computes it
    stored = page.evaluate("JSON.parse(localStorage.getItem('mlpbook/handwriting/v1')).digits")
    x = np.array([np.frombuffer(base64.b64decode(d["pixels"]), np.uint8) for d in stored])
    y = np.array([d["label"] for d in stored])
    right = int(np.sum(net.predict(x / 255.0) == y))
    assert pad.get_attribute("data-set-right") == str(right)
    assert f"reads {right} of your 30 digits right" in pad.inner_text()
    assert pad.locator(".mlpbook-handwriting-confusion td").count() == 100
    # kept across a reload
    page.reload(wait_until="load")
    wp.wait_rendered()
    page.evaluate("() => { globalThis.mlpbookStaticUrl = "
                  "new URL('_static/', location.href).href; }")
    pad, tune = page.locator(".mlpbook-drawing_pad"), page.locator(".mlpbook-fine_tune")
    assert pad.get_attribute("data-digits") == "30" and pad.get_attribute("data-network") == "book"
    # fine-tune in the worker: one epoch equals the numpy reference
    tune.locator(".mlpbook-tune-run").click()
    page.wait_for_function("e => ['done', 'nodata'].includes(e.dataset.state)",
                           arg=tune.element_handle(), timeout=PAGE_TIMEOUT)
    assert tune.get_attribute("data-state") == "done", wp.problems()
    mask = handwriting.held_out(y)
    sub = browser_training.subset()
    ref = handwriting.fine_tune(net, x[~mask], y[~mask], sub, per_digit=5, epochs=1, lr=0.3,
                                held_images=x[mask], held_labels=y[mask])
    params = np.array(tune.evaluate("e => Array.from(e.mlpbookFineTuner.params())"))
    assert np.abs(params - ref.network.params).max() < 1e-12
    assert float(tune.get_attribute("data-own")) == ref.after["own"]
    assert float(tune.get_attribute("data-mnist")) == ref.after["mnist"]
    assert float(tune.get_attribute("data-mnist-before")) == ref.before["mnist"]
    assert "The drawing pad now uses this network." in tune.locator(
        ".mlpbook-tune-message").inner_text()
    # the pad draws on the fine-tuned network now
    assert pad.get_attribute("data-network") == "mine"
    right = int(np.sum(ref.network.predict(x / 255.0) == y))
    assert pad.get_attribute("data-set-right") == str(right)
    # a bad model file gets a message; a good one becomes the pad's network
    bad = tmp_path / "notes.npz"
    bad.write_text("my notes")
    pad.locator(".mlpbook-drawing-file").set_input_files(str(bad))
    page.wait_for_function("e => e.dataset.fileProblem", arg=pad.element_handle())
    assert pad.get_attribute("data-file-problem").startswith(
        "This is not an mlpbook model file: it is a text file.")
    other = Network([784, 30, 10], seed=1).save(tmp_path / "other.npz")
    pad.locator(".mlpbook-drawing-file").set_input_files(str(other))
    page.wait_for_function("e => e.dataset.fileProblem.startsWith('Loaded')",
                           arg=pad.element_handle())
    assert pad.locator(".mlpbook-drawing-layer").count() == 1     # one hidden layer of 30
    # what the page hands Python in JupyterLab: the set and the fine-tuned network
    w = FineTuner(net)
    trained = tune.evaluate("e => e.mlpbookFineTuner.trained()")
    w.trained_params = np.array(trained["params"], "<f8").tobytes()
    w.trained_info = trained["info"]
    assert np.array_equal(w.network().params, params)
    assert w.history["own_accuracy"] == [ref.before["own"], ref.after["own"]]
    p = DrawingPad(net)
    p.my_digits = bytes(pad.evaluate("e => e.mlpbookPad.myDigits()"))
    images, labels = p.samples
    assert np.array_equal(labels, y) and np.array_equal(np.rint(images * 255), x)
    assert wp.problems() == []


def test_from_disk_the_set_is_kept_too(widget_page):
    wp = widget_page(DrawingPad(Network([784, 16, 16, 10]), language="zh"), file_url=True)
    page = wp.page
    assert page.evaluate("location.protocol") == "file:"
    page.evaluate("localStorage.removeItem('mlpbook/handwriting/v1')")
    pad = wp.root(0)
    add_digits(pad, [2, 5])
    assert pad.locator(".mlpbook-handwriting-status").inner_text() == \
        "已加入一个 5。你的数据集共有 2 个数字。"
    page.on("dialog", lambda dialog: dialog.accept())
    page.reload(wait_until="load")
    wp.wait_rendered()
    pad = wp.root(0)
    assert pad.get_attribute("data-digits") == "2"
    pad.locator(".mlpbook-handwriting-clear").click()
    assert pad.get_attribute("data-digits") == "0"
    assert wp.problems() == []


def test_bytes_from_the_page_arrive_as_memoryviews():
    """In JupyterLab binary state from the page reaches Python as a memoryview."""
    from ipywidgets.widgets.widget import Widget  # noqa: F401  (the comm machinery)

    net = Network([784, 16, 16, 10])
    w = FineTuner(net)
    tuned = net.params.astype(np.float64) + 1
    w.set_state({"trained_params": memoryview(tuned.tobytes())})
    assert np.array_equal(w.network().params, tuned)
    pad = DrawingPad(net)
    x, y = blobs(2)
    pad.set_state({"my_digits": memoryview(b"".join(bytes([label]) + row.tobytes()
                                                    for row, label in zip(x, y)))})
    assert pad.samples[1].tolist() == [0, 1]
