"""Tests of the command line (mlpbook.cli / python -m mlpbook), in-process on a tiny IDX dataset.

The dataset is synthetic (mlpbook.engine.data.synthetic_digits at 28x28, stored with write_idx), so
the tests need neither the real MNIST nor the network, and the CLI must be run with
--no-verify (the files are not MNIST: that they are refused without it is tested too).
``predict`` is tested on digits drawn here with numpy (small, off-centre, on coloured paper);
one test renders real MNIST test digits that way and needs MNIST where the package finds it.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import types

import numpy as np
import pytest
from PIL import Image

import mlpbook
from mlpbook import Network
from mlpbook.engine import data, preprocess
from mlpbook.__main__ import main

N_TRAIN, N_TEST = 200, 50
TRAIN_FLAGS = ["--layers", "784", "16", "10", "--epochs", "3", "--batch-size", "10",
               "--lr", "3.0", "--no-progress"]
ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    """Keep every test away from the user's cache and from a data folder set in the shell."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv(data.ENV_VAR, raising=False)


def _as_bytes(images):
    return np.round(images.reshape(len(images), 28, 28) * 255).astype(np.uint8)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A folder with a tiny learnable dataset in MNIST's four-file IDX layout."""
    folder = tmp_path_factory.mktemp("tiny-idx")
    ds = data.synthetic_digits(N_TRAIN, N_TEST, image_shape=(28, 28), seed=0)
    # Two files gzipped, two raw: the loader reads both.
    data.write_idx(folder / "train-images-idx3-ubyte.gz", _as_bytes(ds.train_images))
    data.write_idx(folder / "train-labels-idx1-ubyte.gz", ds.train_labels.astype(np.uint8))
    data.write_idx(folder / "t10k-images-idx3-ubyte", _as_bytes(ds.test_images))
    data.write_idx(folder / "t10k-labels-idx1-ubyte", ds.test_labels.astype(np.uint8))
    return folder


def run(capsys, *argv):
    """main(argv) in-process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def last_json(stdout):
    lines = stdout.strip().splitlines()
    assert lines, "no output"
    return json.loads(lines[-1])


def assert_clean_error(code, err, *fragments):
    assert code == 2
    assert err.startswith("mlpbook: error: "), err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, f"{fragment!r} not in {err!r}"


@pytest.fixture(scope="module")
def trained(tiny, tmp_path_factory):
    """Train once (with --json and --out) for the tests that need a model."""
    out = tmp_path_factory.mktemp("model") / "model.npz"
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:  # module scope: no monkeypatch fixture
        mp.setenv("XDG_CACHE_HOME", str(out.parent / "xdg-cache"))
        mp.delenv(data.ENV_VAR, raising=False)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(["train", "--data-dir", str(tiny), "--no-verify", *TRAIN_FLAGS,
                         "--json", "--out", str(out)])
    assert code == 0, stderr.getvalue()
    return out, last_json(stdout.getvalue()), stdout.getvalue()


# ---------------------------------------------------------------------------- train


def test_train_json_last_line_has_the_contract_keys_and_writes_out(trained):
    out, record, stdout = trained
    assert len(stdout.strip().splitlines()) == 1  # --json: nothing else on stdout
    for key in ("test_accuracy", "seconds_per_epoch", "epochs", "layers", "activation", "cost",
                "lr", "batch_size", "seed", "history", "out"):
        assert key in record, key
    assert record["epochs"] == 3 and record["layers"] == [784, 16, 10]
    assert record["activation"] == "sigmoid" and record["cost"] == "quadratic"
    assert record["lr"] == 3.0 and record["batch_size"] == 10 and record["seed"] == 0
    assert len(record["history"]["test_accuracy"]) == 3
    assert len(record["history"]["train_cost"]) == 3
    assert record["history"]["test_accuracy"][-1] == record["test_accuracy"]
    assert record["seconds_per_epoch"] > 0
    assert record["n_train"] == N_TRAIN and record["n_test"] == N_TEST
    # The synthetic classes are easy: 3 epochs must learn them (chance is 10%).
    assert record["test_accuracy"] >= 0.9
    assert record["out"] == str(out) and out.is_file()
    net = Network.load(out)
    assert net.sizes == (784, 16, 10)


def test_train_prints_one_line_per_epoch(tiny, capsys):
    code, out, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", *TRAIN_FLAGS)
    assert code == 0, err
    lines = [line for line in out.splitlines() if line.startswith("epoch")]
    assert len(lines) == 3
    pattern = r"epoch [123]/3  cost \d+\.\d{4}  test accuracy \d+\.\d\d%  \d+\.\d\d s"
    assert all(re.fullmatch(pattern, line) for line in lines), lines
    assert "test accuracy" in out.splitlines()[-1]


def test_train_progress_bar_goes_to_stderr(tiny, capsys):
    code, out, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", "--layers", "784",
                         "10", "--epochs", "2", "--json")
    assert code == 0
    assert "epoch" in err  # tqdm's bar: "training: 100%|...| 2/2 [..., ?epoch/s]"
    assert last_json(out)["epochs"] == 2


def test_train_validation_limit_and_schedule(tiny, capsys):
    code, out, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", "--layers", "784",
                         "16", "10", "--epochs", "2", "--validation", "50", "--limit", "100",
                         "--schedule", "step", "--momentum", "0.5", "--l2", "1e-4",
                         "--init", "normal", "--dtype", "float64", "--no-progress", "--json")
    assert code == 0, err
    record = last_json(out)
    assert record["n_train"] == 100 and record["validation"] == 50
    assert record["dtype"] == "float64" and record["schedule"] == "step"
    history = record["history"]
    assert len(history["validation_accuracy"]) == 2 and "test_accuracy" not in history
    assert record["validation_accuracy"] == history["validation_accuracy"][-1]
    assert 0.0 <= record["test_accuracy"] <= 1.0
    assert record["out"] is None


def test_train_cosine_schedule_lowers_the_rate(tiny, capsys):
    code, out, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", "--layers", "784",
                         "10", "--epochs", "3", "--schedule", "cosine", "--lr", "1.0",
                         "--no-progress", "--json")
    assert code == 0, err
    rates = last_json(out)["history"]["learning_rate"]
    assert rates[0] == 1.0 and rates[0] > rates[1] > rates[2] > 0


@pytest.mark.parametrize("flag, value", [("--lr", "0"), ("--lr", "-1"), ("--epochs", "0"),
                                         ("--batch-size", "zero"), ("--momentum", "1.0")])
def test_bad_numbers_are_argparse_errors(tiny, capsys, flag, value):
    code, out, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", flag, value)
    assert code == 2
    assert f"argument {flag}" in err and "Traceback" not in err


def test_lr_zero_message_is_clear(tiny, capsys):
    code, _, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", "--lr", "0")
    assert code == 2
    assert "argument --lr: must be a positive number, got 0" in err


def test_layers_that_do_not_fit_the_data(tiny, capsys):
    code, _, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", "--layers", "100",
                       "10", "--epochs", "1")
    assert_clean_error(code, err, "--layers starts with 100 inputs but the images have 784",
                       "use --layers 784 10")
    code, _, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", "--layers", "784",
                       "5", "--epochs", "1")
    assert_clean_error(code, err, "10 classes", "use --layers 784 10")


def test_batch_size_larger_than_the_data(tiny, capsys):
    code, _, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", "--layers", "784",
                       "10", "--limit", "5", "--batch-size", "10", "--epochs", "1")
    assert_clean_error(code, err, "batch_size 10 is larger than the 5 training examples")


def test_too_large_validation(tiny, capsys):
    code, _, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", "--validation", "500")
    assert_clean_error(code, err, "--validation 500", "200")


def test_diverged_training_writes_no_model(tiny, tmp_path, capsys):
    out = tmp_path / "diverged.npz"
    code, _, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", "--layers", "784",
                       "16", "10", "--activation", "relu", "--cost", "cross-entropy",
                       "--lr", "1e30", "--epochs", "2", "--no-progress", "--out", out)
    assert_clean_error(code, err, "diverged", "Nothing was saved")
    assert not out.exists()
    assert list(tmp_path.glob("*.tmp")) == []


def test_out_into_a_folder_fails_before_training(tiny, tmp_path, capsys):
    code, out, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", "--out", tmp_path)
    assert_clean_error(code, err, "is a folder")
    assert "epoch" not in out


# ---------------------------------------------------------------------------- data errors


def test_not_mnist_without_no_verify_gives_the_checksum_error(tiny, capsys):
    code, out, err = run(capsys, "train", "--data-dir", tiny, *TRAIN_FLAGS)
    assert_clean_error(code, err, "none of them is MNIST", "--no-verify")
    assert err.count("--no-verify") == 1  # said once, first, as the likely fix
    assert out == ""


def test_missing_data_folder(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    code, _, err = run(capsys, "train", "--data-dir", missing, "--no-verify")
    assert_clean_error(code, err, f"{missing} (the data_dir / --data-dir folder) does not exist")
    model = Network([784, 10]).save(tmp_path / "model.npz")
    code, _, err = run(capsys, "evaluate", model, "--data-dir", missing)
    assert_clean_error(code, err, f"{missing} (the data_dir / --data-dir folder) does not exist")
    code, _, err = run(capsys, "data", "--dir", missing)
    assert_clean_error(code, err, "does not exist")


def test_data_dir_from_the_environment_and_before_the_command(tiny, monkeypatch, capsys):
    monkeypatch.setenv(data.ENV_VAR, str(tiny))
    code, out, _ = run(capsys, "data")
    assert code == 0 and out.strip() == str(tiny)
    monkeypatch.delenv(data.ENV_VAR)
    code, out, _ = run(capsys, "--data-dir", tiny, "data")
    assert code == 0 and out.strip() == str(tiny)


# ---------------------------------------------------------------------------- data --check


def test_data_check_ok_and_mismatch(tiny, capsys):
    code, out, _ = run(capsys, "data", "--dir", tiny, "--check", "--no-verify")
    assert code == 0
    assert out.count(" ok") >= 4 and "all 4 files ok" in out
    code, out, _ = run(capsys, "data", "--data-dir", tiny, "--check")  # MNIST checksums
    assert code == 1
    assert out.count("mismatch") >= 4


def test_data_check_damaged_file(tiny, tmp_path, capsys):
    broken = tmp_path / "broken"
    shutil.copytree(tiny, broken)
    (broken / "train-labels-idx1-ubyte.gz").write_bytes(b"\x1f\x8b not really gzip")
    (broken / "t10k-labels-idx1-ubyte").unlink()
    code, out, _ = run(capsys, "data", "--dir", broken, "--check", "--no-verify")
    assert code == 1
    rows = dict(line.split() for line in out.splitlines()
                if line.startswith(("train-", "t10k-")))
    assert rows == {"train-images-idx3-ubyte": "ok", "train-labels-idx1-ubyte": "damaged",
                    "t10k-images-idx3-ubyte": "ok", "t10k-labels-idx1-ubyte": "missing"}
    # Loading that folder is a clean error too.
    code, _, err = run(capsys, "evaluate", "x.npz", "--data-dir", broken)
    assert code == 2 and "Traceback" not in err


def test_data_check_on_a_folder_that_does_not_exist(tmp_path, capsys):
    code, out, _ = run(capsys, "data", "--dir", tmp_path / "nope", "--check")
    assert code == 1
    assert "does not exist" in out and out.count("missing") >= 4


# ---------------------------------------------------------------------------- evaluate


def test_evaluate_gives_the_accuracy_training_reported(trained, tiny, capsys):
    out, record, _ = trained
    code, stdout, err = run(capsys, "evaluate", out, "--data-dir", tiny, "--no-verify", "--json")
    assert code == 0, err
    result = last_json(stdout)
    assert result["test_accuracy"] == record["test_accuracy"]
    assert result["test_cost"] == pytest.approx(record["test_cost"], rel=1e-6)
    assert result["n_test"] == N_TEST and len(result["per_class_accuracy"]) == 10
    assert sum(result["per_class_count"]) == N_TEST

    code, stdout, err = run(capsys, "evaluate", out, "--data-dir", tiny, "--no-verify")
    assert code == 0
    assert f"test accuracy  {record['test_accuracy']:.2%}" in stdout
    assert re.search(r"^\s+9\s+5\s+\d\s+\d+\.\d\d%$", stdout, re.M)  # the per-class table


def test_corrupt_model_file(tiny, tmp_path, capsys):
    model = tmp_path / "model.npz"
    model.write_bytes(b"PK\x03\x04 this is not a real zip archive")
    code, _, err = run(capsys, "evaluate", model, "--data-dir", tiny, "--no-verify")
    assert_clean_error(code, err, str(model), "not a readable mlpbook model file")
    code, _, err = run(capsys, "predict", model, tmp_path / "any.png")
    assert_clean_error(code, err, "not a readable mlpbook model file")


def test_missing_model_file(tiny, tmp_path, capsys):
    code, _, err = run(capsys, "evaluate", tmp_path / "absent.npz", "--data-dir", tiny,
                       "--no-verify")
    assert_clean_error(code, err, "no model file at")


def test_model_with_the_wrong_input_size(tiny, tmp_path, capsys):
    model = Network([100, 16, 10], seed=1).save(tmp_path / "small.npz")
    code, _, err = run(capsys, "evaluate", model, "--data-dir", tiny, "--no-verify")
    assert_clean_error(code, err, "model expects 100 inputs but the images have 784 values",
                       "retrain with --layers 784 16 10")


# ---------------------------------------------------------------------------- predict


@pytest.fixture(scope="module")
def test_digit():
    ds = data.synthetic_digits(N_TRAIN, N_TEST, image_shape=(28, 28), seed=0)
    return _as_bytes(ds.test_images)[0], int(ds.test_labels[0])


# Digits drawn as anti-aliased strokes: polylines in a unit box (x right, y down).
SEVEN = [[(0.1, 0.1), (0.9, 0.1), (0.4, 0.95)]]
FOUR = [[(0.65, 0.95), (0.65, 0.05), (0.1, 0.65), (0.95, 0.65)]]


def stroke_coverage(rows, cols, box, strokes=SEVEN, stroke=0.13):
    """How much of each pixel of a rows x cols canvas the digit covers (0..1): the strokes
    drawn in ``box`` = (top, left, height, width), ``stroke`` x height wide."""
    top, left, height, width = box
    y, x = np.mgrid[0:rows, 0:cols] + 0.5
    distance = np.full((rows, cols), np.inf)
    for line in strokes:
        points = [(top + py * height, left + px * width) for px, py in line]
        for (ay, ax), (by, bx) in zip(points, points[1:]):
            dy, dx = by - ay, bx - ax
            t = np.clip(((y - ay) * dy + (x - ax) * dx) / (dy * dy + dx * dx), 0, 1)
            distance = np.minimum(distance, np.hypot(y - ay - t * dy, x - ax - t * dx))
    return np.clip(stroke * height / 2 - distance + 0.5, 0.0, 1.0)


def on_paper(coverage, paper=(255, 255, 255), ink=(0, 0, 0), grain=0.0, seed=0):
    """uint8 RGB: ink laid on paper by ``coverage``, plus Gaussian grain (in 0..255 levels)."""
    cover = coverage[..., None]
    rgb = np.array(paper, float) * (1 - cover) + np.array(ink, float) * cover
    rgb += np.random.default_rng(seed).normal(0.0, grain, rgb.shape)
    return np.clip(np.round(rgb), 0, 255).astype(np.uint8)


def save(pixels, path, mode=None):
    Image.fromarray(pixels, mode).save(path)
    return path


def _predict(capsys, model, png, *extra):
    code, out, err = run(capsys, "predict", model, png, "--json", *extra)
    assert code == 0, err
    return last_json(out), err


def json_lines(stdout):
    """Every line of stdout as JSON (predict --json prints one object per picture)."""
    return [json.loads(line) for line in stdout.splitlines()]


def error_message(stderr):
    """The message of the one ``mlpbook: error:`` line on stderr."""
    lines = [line for line in stderr.splitlines() if line.startswith("mlpbook: error: ")]
    assert len(lines) == 1, stderr
    return lines[0][len("mlpbook: error: "):]


def test_predict_a_png(trained, tmp_path, capsys):
    model, _, _ = trained
    png = save(on_paper(stroke_coverage(28, 28, (4, 8, 20, 12))), tmp_path / "digit.png")
    result, err = _predict(capsys, model, png)
    assert 0 <= result["digit"] <= 9 and isinstance(result["digit"], int)
    assert len(result["activations"]) == 10
    assert result["digit"] == int(np.argmax(result["activations"]))
    assert result["preprocessing"] == "mnist" and result["original_size"] == [28, 28]
    assert result["inverted"] is True and result["image"] == str(png)
    # The notes say what was done, on stderr and in the JSON.
    assert len(result["notes"]) == 4 and all(f"note: {note}" in err for note in result["notes"])
    assert "dark ink on light paper" in err and "cropped the 28x28" in err
    assert "fitted the ink into 20x20" in err and "centre of mass" in err
    # The answer of the network itself on the picture prepared by mlpbook.engine.preprocess.
    gray = np.asarray(Image.open(png).convert("L")) / 255.0
    prepared = preprocess.mnist_like(preprocess.ink_from_photo(gray))
    expected = Network.load(model).feedforward(prepared.reshape(-1))
    np.testing.assert_allclose(result["activations"], expected, rtol=1e-5, atol=1e-6)

    code, out, _ = run(capsys, "predict", model, png)  # the text form: a bar per class
    assert code == 0
    assert f"{png}: the network says {result['digit']}" in out
    assert len(re.findall(r"^\s+\d\s.*\d\.\d{3}", out, re.M)) == 10
    assert "<- answer" in out


def test_predict_inverts_black_on_white(trained, tmp_path, capsys):
    model, _, _ = trained
    ink = np.round(stroke_coverage(60, 50, (10, 8, 40, 30), FOUR) * 255).astype(np.uint8)
    plain = save(ink, tmp_path / "plain.png")  # white ink on black, as MNIST
    inverted = save(255 - ink, tmp_path / "inverted.png")  # black ink on white, as on paper
    want, _ = _predict(capsys, model, plain)
    got, err = _predict(capsys, model, inverted)
    assert want["inverted"] is False and got["inverted"] is True
    assert "dark ink on light paper" in err
    assert got["digit"] == want["digit"]
    np.testing.assert_allclose(got["activations"], want["activations"], atol=1e-6)
    # --invert yes agrees with what auto found: the same answer, no "as asked" needed.
    same, err = _predict(capsys, model, inverted, "--invert", "yes")
    assert same["activations"] == got["activations"] and "as asked" not in err
    # --invert no says the ink is lighter than the paper: on white paper there is none.
    code, out, err = run(capsys, "predict", model, inverted, "--invert", "no", "--json")
    assert code == 2 and "no digit found" in err and "lighter side" in err
    assert json_lines(out) == [{"image": str(inverted), "error": error_message(err)}]


def test_predict_invert_forced_against_auto(trained, tmp_path, capsys):
    """A grey ground with a faint dark digit and one bright blot: auto takes the blot (it
    differs more from the paper); --invert yes reads the dark digit instead."""
    model, _, _ = trained
    cover = stroke_coverage(80, 80, (10, 10, 60, 45))
    gray = 0.5 - 0.3 * cover
    gray[70:74, 70:74] = 1.0  # the blot: further from the paper than the ink
    png = save(np.round(gray * 255).astype(np.uint8), tmp_path / "blot.png")
    auto, _ = _predict(capsys, model, png)
    assert auto["inverted"] is False and auto["ink_box"] == [70, 74, 70, 74]
    forced, err = _predict(capsys, model, png, "--invert", "yes")
    assert forced["inverted"] is True and "(as asked: invert=yes)" in err
    top, bottom, left, right = forced["ink_box"]
    assert 8 <= top <= 12 and 68 <= bottom <= 72 and 8 <= left <= 14 and 50 <= right <= 56


def test_predict_rgba_and_resized(trained, tmp_path, capsys):
    model, _, _ = trained
    cover = np.round(stroke_coverage(28, 28, (4, 6, 20, 16)) * 255).astype(np.uint8)
    # Black ink on a transparent background, twice the size: what a drawing app saves.
    rgba = np.zeros((28, 28, 4), np.uint8)
    rgba[..., 3] = cover  # ink is opaque black, the rest transparent
    big = tmp_path / "drawing.png"
    Image.fromarray(rgba, "RGBA").resize((56, 56), Image.Resampling.NEAREST).save(big)
    got, err = _predict(capsys, model, big)
    assert got["inverted"] and got["original_size"] == [56, 56]
    assert "cropped the 56x56 (width x height) picture to its ink" in err
    assert max(got["fitted_size"]) == 20
    assert 0 <= got["digit"] <= 9 and len(got["activations"]) == 10
    want, _ = _predict(capsys, model, save(cover, tmp_path / "plain.png"))
    # Read back through RGBA, twice the size: cropping and fitting give the same input.
    assert got["digit"] == want["digit"]
    np.testing.assert_allclose(got["activations"], want["activations"], atol=1e-5)


@pytest.mark.parametrize("name, canvas, box, paper, ink, grain, tolerance", [
    ("small", (400, 400), (30, 300, 36, 29), (255, 255, 255), (0, 0, 0), 0.0, 0.02),
    ("tiny", (120, 100), (80, 10, 16, 13), (255, 255, 255), (0, 0, 0), 0.0, 0.05),
    ("blue paper", (300, 240), (150, 20, 100, 80), (200, 225, 245), (20, 40, 120), 3.0, 0.02),
    ("yellow paper", (200, 300), (10, 190, 60, 48), (250, 235, 170), (90, 20, 20), 4.0, 0.02),
])
def test_predict_small_off_centre_digit_on_coloured_paper(trained, tmp_path, capsys, name,
                                                         canvas, box, paper, ink, grain,
                                                         tolerance):
    """The same 7, large and centred in black on white, or small, off-centre, in coloured
    ink on coloured grainy paper: MNIST's preprocessing gives the network the same input."""
    from mlpbook.engine.imageio import load_digit, load_image

    model, _, _ = trained
    reference = save(on_paper(stroke_coverage(280, 280, (40, 60, 200, 160))),
                     tmp_path / "reference.png")
    picture = save(on_paper(stroke_coverage(*canvas, box), paper, ink, grain), tmp_path / "p.png")
    want, _ = _predict(capsys, model, reference)
    got, err = _predict(capsys, model, picture)
    assert got["inverted"] is True and got["original_size"] == list(canvas)
    top, left, height, width = box
    slack = 0.13 * height / 2 + 1  # half a stroke, and a pixel of anti-aliasing
    ink_top, ink_bottom, ink_left, ink_right = got["ink_box"]
    assert top - slack <= ink_top <= top + slack and ink_bottom <= top + height + slack
    assert left - slack <= ink_left and ink_right <= left + width + slack
    assert max(got["fitted_size"]) == 20 and "placed it in 28x28" in err

    prepared, wanted = load_digit(picture), load_digit(reference)
    assert float(np.abs(prepared.pixels - wanted.pixels).mean()) < tolerance
    row, col = prepared.steps.final_center_of_mass
    assert abs(row - 14) <= 0.5 and abs(col - 14) <= 0.5
    # Without the preprocessing (the plain resize) the input would be far from it.
    resized = load_image(picture).pixels
    assert float(np.abs(resized - wanted.pixels).mean()) > 0.1
    np.testing.assert_allclose(got["activations"], want["activations"], atol=0.05)


def test_predict_several_images_and_a_folder(trained, tmp_path, capsys):
    model, _, _ = trained
    folder = tmp_path / "scans"
    folder.mkdir()
    seven = on_paper(stroke_coverage(90, 70, (15, 10, 60, 48)), (235, 240, 220), (30, 30, 90), 2.0)
    four = on_paper(stroke_coverage(90, 70, (20, 12, 55, 45), FOUR))
    save(seven, folder / "b_seven.png")
    Image.fromarray(four).save(folder / "a_four.JPG", quality=95)
    Image.fromarray(seven).save(folder / "c_seven.bmp")
    Image.fromarray(four).convert("P").save(folder / "d_four.gif")
    Image.fromarray(four).save(folder / "e_four.webp", lossless=True)
    (folder / "notes.txt").write_text("not a picture")
    (folder / "sub.png").mkdir()  # a folder with a picture's name is not a picture
    single = save(seven, tmp_path / "single.png")

    code, out, err = run(capsys, "predict", model, single, folder, "--json")
    assert code == 0, err
    results = json_lines(out)
    names = ["single.png", "a_four.JPG", "b_seven.png", "c_seven.bmp", "d_four.gif", "e_four.webp"]
    assert [pathlib.Path(r["image"]).name for r in results] == names
    assert all("digit" in r and len(r["activations"]) == 10 and r["notes"] for r in results)
    # Each picture is predicted as it would be alone, whatever its format.
    for result in results:
        alone, _ = _predict(capsys, model, result["image"])
        assert alone == result
    by_name = {pathlib.Path(r["image"]).name: r for r in results}
    np.testing.assert_allclose(by_name["c_seven.bmp"]["activations"],
                               by_name["b_seven.png"]["activations"], atol=1e-6)
    np.testing.assert_allclose(by_name["e_four.webp"]["activations"],
                               by_name["a_four.JPG"]["activations"], atol=0.02)
    # With several pictures, each note says which picture it is about.
    assert f"note: {folder / 'b_seven.png'}: cropped" in err

    code, out, err = run(capsys, "predict", model, folder)  # the text form: one block each
    assert code == 0
    assert out.count("the network says") == 5 and out.count("<- answer") == 5
    assert re.search(r"c_seven\.bmp: the network says \d", out)


def test_predict_json_two_images_gives_two_json_lines(trained, tmp_path, capsys):
    model, _, _ = trained
    seven = save(on_paper(stroke_coverage(50, 50, (5, 5, 40, 32))), tmp_path / "seven.png")
    four = save(on_paper(stroke_coverage(50, 50, (5, 5, 40, 32), FOUR)), tmp_path / "four.png")
    code, out, err = run(capsys, "predict", model, seven, four, "--json")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["image"] == str(seven) and second["image"] == str(four)
    assert first == _predict(capsys, model, seven)[0]
    assert second == _predict(capsys, model, four)[0]
    assert first["activations"] != second["activations"]


def test_predict_a_good_and_an_unreadable_file(trained, tmp_path, capsys):
    model, _, _ = trained
    good = save(on_paper(stroke_coverage(50, 50, (5, 5, 40, 32))), tmp_path / "good.png")
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n but the rest is missing")
    missing = tmp_path / "absent.png"
    code, out, err = run(capsys, "predict", model, good, bad, missing, good, "--json")
    assert code == 2 and "Traceback" not in err
    results = json_lines(out)
    assert len(results) == 4
    assert results[0] == results[3] == _predict(capsys, model, good)[0]
    assert results[1]["image"] == str(bad) and str(bad) in results[1]["error"]
    assert results[2]["image"] == str(missing) and "no image file at" in results[2]["error"]
    assert set(results[1]) == set(results[2]) == {"image", "error"}
    errors = [line for line in err.splitlines() if line.startswith("mlpbook: error: ")]
    assert len(errors) == 2 and str(bad) in errors[0] and str(missing) in errors[1]

    code, out, err = run(capsys, "predict", model, bad, good)  # the text form
    assert code == 2
    assert out.count("the network says") == 1 and f"{good}: the network says" in out
    assert f"mlpbook: error: cannot read {bad}" in err


def test_predict_a_blank_image(trained, tmp_path, capsys):
    model, _, _ = trained
    blank = save(np.full((40, 30, 3), (250, 240, 200), np.uint8), tmp_path / "blank.png")
    code, out, err = run(capsys, "predict", model, blank)
    assert_clean_error(code, err, f"no digit found in {blank}", "blank picture")
    assert out == ""
    code, out, err = run(capsys, "predict", model, blank, "--json")
    assert code == 2
    assert json_lines(out) == [{"image": str(blank), "error": error_message(err)}]


def test_predict_a_folder_without_pictures(trained, tmp_path, capsys):
    model, _, _ = trained
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.txt").write_text("no pictures here")
    good = save(on_paper(stroke_coverage(50, 50, (5, 5, 40, 32))), tmp_path / "good.png")
    code, out, err = run(capsys, "predict", model, empty, good, "--json")
    assert code == 2 and f"the folder {empty} holds no pictures" in err
    results = json_lines(out)
    assert results[0]["image"] == str(empty) and "holds no pictures" in results[0]["error"]
    assert results[1]["image"] == str(good) and "digit" in results[1]


def test_predict_a_model_with_another_input_size_resizes_to_it(tmp_path, test_digit, capsys):
    pixels, _ = test_digit
    model = Network([100, 10], seed=0).save(tmp_path / "ten-by-ten.npz")
    png = tmp_path / "digit.png"
    Image.fromarray(pixels).save(png)
    got, err = _predict(capsys, model, png)
    assert "to 10x10" in err and len(got["activations"]) == 10
    assert got["preprocessing"] == "resize" and got["resized"] and not got["padded"]
    # The old path: the pixels only resized, nothing cropped or centred.
    from mlpbook.engine.imageio import load_image

    expected = Network.load(model).feedforward(load_image(png, shape=(10, 10)).as_row())
    np.testing.assert_allclose(got["activations"], expected, rtol=1e-5, atol=1e-6)


def test_predict_unreadable_png(trained, tmp_path, capsys):
    model, _, _ = trained
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n but the rest is missing")
    code, _, err = run(capsys, "predict", model, bad)
    assert_clean_error(code, err, str(bad))
    code, _, err = run(capsys, "predict", model, tmp_path / "absent.png")
    assert_clean_error(code, err, "absent.png")
    # A truncated PNG: a valid start, cut in half.
    good = tmp_path / "good.png"
    Image.fromarray(np.arange(28 * 28, dtype=np.uint8).reshape(28, 28)).save(good)
    cut = tmp_path / "cut.png"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    code, _, err = run(capsys, "predict", model, cut)
    assert_clean_error(code, err, str(cut))


def test_predict_help_documents_several_images_and_json_lines(capsys):
    code, out, _ = run(capsys, "predict", "--help")
    assert code == 0
    assert "IMAGE [IMAGE ...]" in out
    assert "one JSON object per picture, one per line" in out
    assert "centred by its centre of mass in 28x28" in out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^python -m mlpbook predict MODEL IMAGE\.\.\.", readme, re.M)


# ---------------------------------------------------------------------------- a real digit


@pytest.fixture(scope="module")
def mnist_network():
    """A small network trained in a few seconds on 10,000 real MNIST digits (seeded), and
    the test set. (Module scope: the data is found before ``isolated_env`` hides it.)"""
    try:
        dataset = data.load_mnist(data.find_data_dir(), progress=False)
    except data.DataError as exc:
        pytest.fail(f"this test needs MNIST where the package finds it:\n{exc}")
    from mlpbook.engine.train import train

    network = Network([784, 32, 10], cost="cross-entropy", seed=0)
    train(network, dataset.train_images[:10_000], dataset.train_labels[:10_000],
                  epochs=3, batch_size=10, lr=0.5, seed=0, engine="numba")
    return network, dataset


def test_real_mnist_digits_large_and_off_centre_on_coloured_paper(mnist_network, tmp_path,
                                                                   capsys):
    """Twenty real test digits, five times larger, off-centre, dark blue on cream grainy
    paper, read back by predict: the same answers as the network gives the originals."""
    network, dataset = mnist_network
    assert network.accuracy(dataset.test_images, dataset.test_labels) > 0.9
    model = network.save(tmp_path / "mnist.npz")
    originals = dataset.test_images[:20]
    pictures = []
    for k, image in enumerate(np.round(originals.reshape(-1, 28, 28) * 255).astype(np.uint8)):
        big = Image.fromarray(image).resize((140, 140), Image.Resampling.BILINEAR)
        cover = np.zeros((260, 330))
        top, left = 10 + 5 * (k % 4), 180 - 7 * (k % 5)  # right of centre, and wandering
        cover[top:top + 140, left:left + 140] = np.asarray(big) / 255.0
        pictures.append(save(on_paper(cover, (246, 236, 200), (25, 35, 110), 3.0, seed=k),
                             tmp_path / f"digit{k:02}.png"))
    code, out, err = run(capsys, "predict", model, tmp_path, "--json")
    assert code == 0, err
    results = json_lines(out)
    assert [r["image"] for r in results] == [str(p) for p in pictures]
    answers = [r["digit"] for r in results]
    assert answers == network.predict(originals).tolist()
    # Without the preprocessing (the plain resize of the whole sheet) most answers change.
    from mlpbook.engine.imageio import load_image

    resized = np.stack([load_image(p).as_row() for p in pictures])
    assert np.mean(network.predict(resized) == network.predict(originals)) < 0.5


# ---------------------------------------------------------------------------- bench


def test_bench_calls_the_bench_module(monkeypatch, tmp_path, capsys):
    calls = []

    def fake_run(json_output=False, quick=False):
        calls.append({"json_output": json_output, "quick": quick,
                      "data_dir": os.environ.get(data.ENV_VAR)})
        print(json.dumps({"figures": 1}) if json_output else "a table")
        return {"figures": 1}

    fake = types.ModuleType("mlpbook.bench")
    fake.run = fake_run
    monkeypatch.setitem(sys.modules, "mlpbook.bench", fake)
    monkeypatch.setattr(mlpbook, "bench", fake, raising=False)
    code, out, _ = run(capsys, "bench", "--json", "--quick", "--data-dir", tmp_path)
    assert code == 0 and last_json(out) == {"figures": 1}
    code, out, _ = run(capsys, "bench")
    assert code == 0 and out.strip() == "a table"
    assert calls == [{"json_output": True, "quick": True, "data_dir": str(tmp_path)},
                     {"json_output": False, "quick": False, "data_dir": None}]
    assert data.ENV_VAR not in os.environ  # restored after the run


# ---------------------------------------------------------------------------- help, usage


@pytest.mark.parametrize("command", [[], ["data"], ["train"], ["evaluate"], ["predict"], ["bench"]])
def test_help_for_every_command(capsys, command):
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    assert out.startswith("usage: mlpbook")
    assert "examples:" in out


def test_usage_errors_are_argparse_errors(capsys):
    code, _, err = run(capsys)
    assert code == 2 and "required" in err
    code, _, err = run(capsys, "train", "--frobnicate")
    assert code == 2 and "unrecognized arguments: --frobnicate" in err
    code, _, err = run(capsys, "train", "--activation", "tanh")
    assert code == 2 and "invalid choice: 'tanh'" in err
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"mlpbook {mlpbook.__version__}"


def test_python_dash_m_help_in_a_subprocess():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-m", "mlpbook", "--help"], capture_output=True,
                            text=True, cwd=ROOT, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: mlpbook")
    for command in ("data", "train", "evaluate", "predict", "bench"):
        assert command in result.stdout


# ---------------------------------------------------------------------------- recipes


def test_train_recipe_sets_the_settings_and_later_flags_win(tiny, capsys):
    from mlpbook.engine.recipes import RECIPES

    best = RECIPES["best16"]
    code, out, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", "--recipe",
                         "best16", "--epochs", "1", "--layers", "784", "10", "--json",
                         "--no-progress")
    assert code == 0, err
    record = last_json(out)
    assert record["cost"] == best.cost and record["momentum"] == best.momentum
    assert record["batch_size"] == best.batch_size and record["lr"] == best.lr
    assert record["epochs"] == 1 and record["layers"] == [784, 10]  # the user's flags win


def test_train_unknown_recipe_is_a_usage_error(tiny, capsys):
    code, out, err = run(capsys, "train", "--data-dir", tiny, "--recipe", "nonsense")
    assert code == 2
    assert "invalid choice" in err and "best16" in err


# ---------------------------------------------------------------------------- hostile and careless input


def assert_json_error(out, *fragments, command=None, exit_code=2):
    record = last_json(out)
    assert set(record) == {"error", "command", "exit_code"}, record
    assert record["exit_code"] == exit_code and record["command"] == command
    for fragment in fragments:
        assert fragment in record["error"], record["error"]
    return record


@pytest.mark.parametrize("argv, fragment", [
    (["train", "--epochs", "1" * 25], "argument --epochs: 1111111111111111111111111 is too large"),
    (["train", "--batch-size", "9" * 25], "argument --batch-size"),
    (["train", "--layers", "784", "1" * 20, "10"], "argument --layers: layer size"),
    (["train", "--seed", "-1"], "argument --seed: must be 0 or more, got -1"),
])
def test_huge_or_negative_numbers_are_usage_errors_before_any_data(tmp_path, capsys, argv,
                                                                    fragment):
    missing = tmp_path / "no-data-here"  # the flags are refused before the data is looked for
    code, out, err = run(capsys, *argv, "--data-dir", missing, "--json")
    assert code == 2 and "Traceback" not in err
    assert fragment in err and "no-data-here" not in err
    assert_json_error(out, fragment, command="train")


def test_layers_larger_than_memory_are_refused_with_the_number(tiny, capsys):
    code, out, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", "--layers", "784",
                         "99999999999", "10", "--json")
    assert_clean_error(code, err, "79,499,999,999,215 parameters", "of memory, more than the",
                       "use smaller layers")
    assert_json_error(out, "79,499,999,999,215 parameters", command="train")


@pytest.mark.parametrize("failure, fragment", [
    (RuntimeError("something\nbroke"), "unexpected RuntimeError: something broke. This is a bug"),
    (MemoryError(), "ran out of memory"),
    (TypeError("unsupported operand"), "unexpected TypeError: unsupported operand"),
])
def test_the_last_resort_is_one_line_and_exit_2(tiny, monkeypatch, capsys, failure, fragment):
    from mlpbook.cli import evaluate

    def broken(args):
        raise failure

    monkeypatch.setattr(evaluate, "cmd_evaluate", broken)
    monkeypatch.delenv("MLPBOOK_DEBUG", raising=False)
    code, out, err = run(capsys, "evaluate", "model.npz", "--json")
    assert_clean_error(code, err, fragment)
    assert len(err.strip().splitlines()) == 1
    assert_json_error(out, fragment, command="evaluate")
    monkeypatch.setenv("MLPBOOK_DEBUG", "1")  # the traceback, for whoever debugs mlpbook
    with pytest.raises(type(failure)):
        main(["evaluate", "model.npz"])


def test_every_command_given_json_fails_with_json(tiny, tmp_path, monkeypatch, capsys):
    missing = tmp_path / "nowhere"
    picture = save(on_paper(stroke_coverage(50, 50, (5, 5, 40, 32))), tmp_path / "seven.png")
    cases = [
        (["data", "--dir", missing, "--json"], "data", "does not exist"),
        (["train", "--data-dir", missing, "--json"], "train", "does not exist"),
        (["evaluate", tmp_path / "absent.npz", "--json"], "evaluate", "no model file"),
        (["predict", picture, picture, "--json"], "predict", "not an mlpbook model file"),
        (["train", "--epochs", "0", "--json"], "train", "argument --epochs"),
        (["evaluate", "--json"], "evaluate", "required"),
        (["--data-dir", "train", "evaluate", "--json"], "evaluate", "required"),
    ]
    for argv, command, fragment in cases:
        code, out, err = run(capsys, *argv)
        assert code == 2 and "Traceback" not in err, (argv, err)
        assert_json_error(out, fragment, command=command)
    fake = types.ModuleType("mlpbook.bench")

    def failing_run(json_output=False, quick=False):
        raise data.DataError("no MNIST for the benchmark")

    fake.run = failing_run
    monkeypatch.setitem(sys.modules, "mlpbook.bench", fake)
    code, out, _ = run(capsys, "bench", "--json")
    assert code == 2
    assert_json_error(out, "no MNIST for the benchmark", command="bench")


def test_data_json_and_data_check_json(tiny, capsys):
    code, out, _ = run(capsys, "data", "--dir", tiny, "--json")
    assert code == 0 and last_json(out) == {"folder": str(tiny)}
    code, out, _ = run(capsys, "data", "--dir", tiny, "--check", "--json")
    assert code == 1
    record = last_json(out)
    assert record["ok"] is False and set(record["files"].values()) == {"mismatch"}
    code, out, _ = run(capsys, "data", "--dir", tiny, "--check", "--no-verify", "--json")
    assert code == 0 and last_json(out)["ok"] is True
    assert len(out.strip().splitlines()) == 1


def test_a_model_that_is_a_picture_or_text_is_named(tiny, tmp_path, capsys):
    picture = save(on_paper(stroke_coverage(50, 50, (5, 5, 40, 32))), tmp_path / "seven.png")
    notes = tmp_path / "notes.txt"
    notes.write_text("my model: 784-16-16-10\n")
    for model, what in ((picture, "PNG image"), (notes, "a text file")):
        code, _, err = run(capsys, "evaluate", model, "--data-dir", tiny, "--no-verify")
        assert_clean_error(code, err, f"{model} is not an mlpbook model file", what)
        assert "pickle" not in err and "allow_pickle" not in err
    code, _, err = run(capsys, "predict", picture, picture)  # MODEL and IMAGE swapped
    assert_clean_error(code, err, "not an mlpbook model file", "PNG image")


def test_a_data_dir_that_is_a_file(tiny, monkeypatch, capsys):
    labels = tiny / "t10k-labels-idx1-ubyte"
    monkeypatch.setenv(data.ENV_VAR, str(labels))
    code, _, err = run(capsys, "data")
    assert_clean_error(code, err, "is a file, not a folder", f"name the folder that holds it, {tiny}")
    assert "does not exist" not in err
    code, out, _ = run(capsys, "data", "--check")
    assert code == 1 and "is a file, not a folder" in out and "does not exist" not in out


def test_an_unreadable_data_file_is_unreadable_not_damaged(tiny, monkeypatch, capsys):
    locked = tiny / "train-labels-idx1-ubyte.gz"
    real_open = open

    def open_but_locked(path, *args, **kwargs):  # what chmod 000 does (root ignores chmod)
        if pathlib.Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(data, "open", open_but_locked, raising=False)
    code, out, _ = run(capsys, "data", "--dir", tiny, "--check", "--no-verify")
    assert code == 1
    rows = dict(line.split() for line in out.splitlines() if line.startswith(("train-", "t10k-")))
    assert rows["train-labels-idx1-ubyte"] == "unreadable"
    assert "check its permissions" in out and "damaged" not in out.split("not ok.")[1]
    code, _, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", *TRAIN_FLAGS)
    assert_clean_error(code, err, f"cannot read {locked}: Permission denied")


def test_a_data_folder_named_like_a_command(tiny, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(tiny, tmp_path / "train")
    code, out, err = run(capsys, "--data-dir", "train", "train", "--recipe", "classic",
                         "--epochs", "1", "--layers", "784", "10", "--no-verify", "--json",
                         "--no-progress")
    assert code == 0, err
    record = last_json(out)
    assert record["data_dir"] == "train" and record["epochs"] == 1
    assert record["layers"] == [784, 10] and record["lr"] == 3.0  # the recipe's, then the flags
    code, out, err = run(capsys, "train", "--data-dir", "train", "--no-verify", "--epochs", "1",
                         "--layers", "784", "10", "--json", "--no-progress")
    assert code == 0 and last_json(out)["data_dir"] == "train", err


def test_a_stalled_run_says_so_and_why(tiny, capsys):
    # Wide sigmoid layers with the classic lr 3 saturate at once: 10% for every epoch.
    code, out, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", "--layers", "784",
                         "300", "10", "--epochs", "2", "--no-progress", "--json")
    assert code == 0, err
    warnings_shown = [line for line in err.splitlines() if line.startswith("mlpbook: warning: ")]
    assert len(warnings_shown) == 1, err  # once, not every epoch
    for fragment in ("after epoch 1", "no better than always answering the most common class",
                     "learning rate too large", "300 neurons", "try lr 0.3"):
        assert fragment in warnings_shown[0]
    record = last_json(out)
    assert record["test_accuracy"] <= 0.12
    assert record["warnings"] == [warnings_shown[0][len("mlpbook: warning: "):]]


def test_a_learning_run_has_no_warning(trained):
    _, record, _ = trained
    assert record["warnings"] == []


def test_out_with_a_long_legal_name_is_saved(tiny, tmp_path, capsys):
    name = "m" * 246 + ".npz"  # 250 characters: legal, but not with a longer temporary name
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / name
    code, stdout, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", *TRAIN_FLAGS,
                            "--epochs", "1", "--out", out, "--json")
    assert code == 0, err
    assert out.is_file() and Network.load(out).sizes == (784, 16, 10)
    assert sorted(p.name for p in out.parent.iterdir()) == [name]
    assert last_json(stdout)["out"] == str(out)


def test_out_with_a_name_too_long_fails_before_training(tiny, tmp_path, capsys):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / ("m" * 260 + ".npz")
    code, stdout, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", *TRAIN_FLAGS,
                            "--out", out)
    assert_clean_error(code, err, "cannot write --out", "this file system allows 255")
    assert "epoch" not in stdout and list(out.parent.iterdir()) == []


def test_a_full_disk_says_not_saved_and_where(tiny, tmp_path, monkeypatch, capsys):
    from mlpbook.engine import network as network_module

    def full_disk(fh, **arrays):
        fh.write(b"PK\x03\x04 a part of the file")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(network_module.np, "savez", full_disk)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "model.npz"
    code, stdout, err = run(capsys, "train", "--data-dir", tiny, "--no-verify", *TRAIN_FLAGS,
                            "--epochs", "1", "--out", out, "--json")
    assert_clean_error(code, err, "was not saved to", str(out), "No space left on device",
                       "free some space")
    assert_json_error(stdout, "was not saved", command="train")
    assert list(out.parent.iterdir()) == []  # no half-written file, no temporary file


def test_a_saved_model_gets_the_users_permissions(trained):
    out, _, _ = trained
    umask = os.umask(0o022)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_predict_reads_a_phone_photo_the_way_a_viewer_shows_it(trained, tmp_path, capsys):
    model, _, _ = trained
    pixels = on_paper(stroke_coverage(120, 90, (10, 10, 100, 70)))
    upright = save(pixels, tmp_path / "upright.jpg")
    exif = Image.Exif()
    exif[0x0112] = 3  # stored upside down, shown upright
    photo = tmp_path / "phone.jpg"
    Image.fromarray(np.ascontiguousarray(pixels[::-1, ::-1])).save(photo, exif=exif)
    want, _ = _predict(capsys, model, upright)
    got, err = _predict(capsys, model, photo)
    assert got["digit"] == want["digit"]
    np.testing.assert_allclose(got["activations"], want["activations"], atol=0.05)
    assert "EXIF orientation" in err


def test_predict_refuses_a_huge_picture_in_one_line(trained, tmp_path, capsys):
    model, _, _ = trained
    from test_imageio import png_header_only

    huge = png_header_only(tmp_path / "huge.png", 10_000, 10_000)
    code, out, err = run(capsys, "predict", model, huge, "--json")
    assert_clean_error(code, err, "10000x10000 pixels (100 megapixels)", "shrink it")
    assert "DecompressionBomb" not in err and len(err.strip().splitlines()) == 1
    assert json_lines(out) == [{"image": str(huge), "error": error_message(err)}]


def test_sigterm_is_an_exit_with_clean_up(tiny, capsys, monkeypatch):
    from mlpbook.cli import evaluate

    def terminated(args):
        os.kill(os.getpid(), signal.SIGTERM)  # arrives while the command runs
        raise AssertionError("SIGTERM did not interrupt the command")

    class FellThrough(Exception):
        pass

    def not_handled(signum, frame):  # so that a missing handler fails this test, not the run
        raise FellThrough("the command line did not handle SIGTERM")

    monkeypatch.setattr(evaluate, "cmd_evaluate", terminated)
    previous = signal.signal(signal.SIGTERM, not_handled)
    try:
        code, out, err = run(capsys, "evaluate", "model.npz", "--json")
        assert signal.getsignal(signal.SIGTERM) is not_handled  # restored after the command
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert code == 128 + signal.SIGTERM and "mlpbook: terminated (SIGTERM)" in err
    assert "FellThrough" not in err
    assert_json_error(out, "terminated", command="evaluate", exit_code=143)
