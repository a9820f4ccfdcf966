"""Tests of the command line (mlpbook.cli / python -m mlpbook), in-process on a tiny IDX dataset.

The dataset is synthetic (mlpbook.data.synthetic_digits at 28x28, stored with write_idx), so
the tests need neither the real MNIST nor the network, and the CLI must be run with
--no-verify (the files are not MNIST: that they are refused without it is tested too).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import types

import numpy as np
import pytest
from PIL import Image

import mlpbook
from mlpbook import Network, data
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
    assert_clean_error(code, err, "does not match the MNIST checksum", "--no-verify")
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


def _predict(capsys, model, png, *extra):
    code, out, err = run(capsys, "predict", model, png, "--json", *extra)
    assert code == 0, err
    return last_json(out), err


def test_predict_a_png(trained, test_digit, tmp_path, capsys):
    model, _, _ = trained
    pixels, label = test_digit
    png = tmp_path / "digit.png"
    Image.fromarray(pixels).save(png)
    result, err = _predict(capsys, model, png)
    assert 0 <= result["digit"] <= 9 and isinstance(result["digit"], int)
    assert len(result["activations"]) == 10
    assert result["digit"] == int(np.argmax(result["activations"]))
    assert not result["inverted"] and not result["resized"] and err == ""
    # The same answer as the network itself on the same pixels.
    net = Network.load(model)
    expected = net.feedforward(pixels.reshape(-1) / 255.0)
    np.testing.assert_allclose(result["activations"], expected, rtol=1e-5, atol=1e-6)
    assert result["digit"] == label  # the network learned the easy synthetic classes

    code, out, _ = run(capsys, "predict", model, png)  # the text form: a bar per class
    assert code == 0
    assert f"the network says {label}" in out
    assert len(re.findall(r"^\s+\d\s.*\d\.\d{3}", out, re.M)) == 10
    assert "<- answer" in out


def test_predict_inverts_black_on_white(trained, test_digit, tmp_path, capsys):
    model, _, _ = trained
    pixels, _ = test_digit
    plain, inverted = tmp_path / "plain.png", tmp_path / "inverted.png"
    Image.fromarray(pixels).save(plain)
    Image.fromarray(255 - pixels).save(inverted)
    want, _ = _predict(capsys, model, plain)
    got, err = _predict(capsys, model, inverted)
    assert got["inverted"] is True and "inverted" in err
    assert got["digit"] == want["digit"]
    np.testing.assert_allclose(got["activations"], want["activations"], atol=1e-5)
    # --invert no keeps it as it is: a different input, different outputs.
    kept, _ = _predict(capsys, model, inverted, "--invert", "no")
    assert kept["inverted"] is False
    assert not np.allclose(kept["activations"], want["activations"], atol=1e-3)


def test_predict_rgba_and_resized(trained, test_digit, tmp_path, capsys):
    model, _, _ = trained
    pixels, _ = test_digit
    # Black ink on a transparent background, twice the size: what a drawing app saves.
    rgba = np.zeros((28, 28, 4), np.uint8)
    rgba[..., 3] = pixels  # ink is opaque black, the rest transparent
    big = tmp_path / "drawing.png"
    Image.fromarray(rgba, "RGBA").resize((56, 56), Image.Resampling.NEAREST).save(big)
    got, err = _predict(capsys, model, big)
    assert got["inverted"] and got["resized"] and got["original_size"] == [56, 56]
    assert "resized the image from 56x56 to 28x28" in err
    assert 0 <= got["digit"] <= 9 and len(got["activations"]) == 10
    Image.fromarray(pixels).save(tmp_path / "plain.png")
    want, _ = _predict(capsys, model, tmp_path / "plain.png")
    assert got["digit"] == want["digit"]  # the same digit, read back through RGBA and resizing


def test_predict_a_model_with_another_input_size_resizes_to_it(tmp_path, test_digit, capsys):
    pixels, _ = test_digit
    model = Network([100, 10], seed=0).save(tmp_path / "ten-by-ten.npz")
    png = tmp_path / "digit.png"
    Image.fromarray(pixels).save(png)
    got, err = _predict(capsys, model, png)
    assert "to 10x10" in err and len(got["activations"]) == 10


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
    from mlpbook.recipes import RECIPES

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
