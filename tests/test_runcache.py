"""The run cache (mlpbook.engine.runcache): a run measured once is looked up, never wrong."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from mlpbook.engine import runcache
from mlpbook.lessons import ablation


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(runcache, "cache_dir", lambda: tmp_path / "runs")
    monkeypatch.delenv(runcache.ENV_VAR, raising=False)
    return tmp_path / "runs"


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return dict(value)
    return compute, calls


def test_a_run_is_measured_once_then_looked_up(cache):
    compute, calls = counting({"accuracy": 0.9, "seconds": 1.5})
    assert runcache.remembered("k1", compute) == {"accuracy": 0.9, "seconds": 1.5}
    assert runcache.remembered("k1", compute) == {"accuracy": 0.9, "seconds": 1.5}
    assert len(calls) == 1 and sorted(p.name for p in cache.iterdir()) == ["k1.json", "k1.lock"]


@pytest.mark.parametrize("off", ["0", "off", "no", "false"])
def test_switched_off_it_computes_every_time_and_keeps_nothing(cache, monkeypatch, off):
    monkeypatch.setenv(runcache.ENV_VAR, off)
    compute, calls = counting({"accuracy": 0.5})
    runcache.remembered("k", compute)
    runcache.remembered("k", compute)
    assert len(calls) == 2 and not cache.exists()


@pytest.mark.parametrize("content", [b"", b"{not json", b"\x00\xff" * 10,
                                     json.dumps({"format": "other", "key": "k",
                                                 "value": {"accuracy": 1.0}}).encode(),
                                     json.dumps({"format": "mlpbook-run-1", "key": "elsewhere",
                                                 "value": {"accuracy": 1.0}}).encode(),
                                     json.dumps({"format": "mlpbook-run-1", "key": "k",
                                                 "value": [1, 2]}).encode()])
def test_a_damaged_or_foreign_file_is_ignored_and_replaced(cache, content):
    cache.mkdir(parents=True)
    (cache / "k.json").write_bytes(content)
    compute, calls = counting({"accuracy": 0.25})
    assert runcache.remembered("k", compute) == {"accuracy": 0.25} and len(calls) == 1
    assert runcache.remembered("k", compute) == {"accuracy": 0.25} and len(calls) == 1


def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(runcache, "cache_dir", lambda: blocker / "runs")  # under a file
    compute, calls = counting({"accuracy": 0.5})
    assert runcache.remembered("k", compute) == {"accuracy": 0.5}
    assert runcache.remembered("k", compute) == {"accuracy": 0.5} and len(calls) == 2


def test_the_cache_stays_small(cache, monkeypatch):
    monkeypatch.setattr(runcache, "KEEP", 3)
    for i in range(6):
        runcache.remembered(f"k{i}", lambda: {"accuracy": 0.1})
    assert len(list(cache.glob("*.json"))) + len(list(cache.glob("*.lock"))) == 6


def test_the_key_follows_settings_images_and_code(tmp_path):
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    code = tmp_path / "caller.py"
    code.write_text("x = 1\n")
    key = runcache.fingerprint({"lr": 3.0, "seed": 0}, [a], extra_files=[code])
    assert key == runcache.fingerprint({"seed": 0, "lr": 3.0}, [a.copy()], extra_files=[code])
    assert key != runcache.fingerprint({"lr": 3.0, "seed": 1}, [a], extra_files=[code])
    b = a.copy()
    b[2, 3] += 1e-3
    assert key != runcache.fingerprint({"lr": 3.0, "seed": 0}, [b], extra_files=[code])
    assert key != runcache.fingerprint({"lr": 3.0, "seed": 0}, [a.astype(np.float64)],
                                       extra_files=[code])
    assert key != runcache.fingerprint({"lr": 3.0, "seed": 0}, [a.reshape(4, 3)],
                                       extra_files=[code])
    code2 = tmp_path / "other.py"
    code2.write_text("x = 2\n")
    assert key != runcache.fingerprint({"lr": 3.0, "seed": 0}, [a], extra_files=[code2])


def small_data(seed=0):
    from mlpbook.engine.data import Dataset

    rng = np.random.default_rng(seed)
    X = rng.random((300, 784), dtype=np.float32)
    y = rng.integers(0, 10, 300).astype(np.int64)
    return Dataset(X[:240], y[:240], X[240:], y[240:], (28, 28), "synthetic")


def test_score_seeds_from_the_cache_equals_a_fresh_run(cache, monkeypatch):
    recipe = dataclasses.replace(ablation.ladder()[0][1], train_size=None)
    data = small_data()
    kwargs = dict(seeds=(0, 1), n_validation=40, epochs=1)
    monkeypatch.setenv(runcache.ENV_VAR, "0")
    fresh = ablation.score_seeds(recipe, data, **kwargs)
    monkeypatch.delenv(runcache.ENV_VAR)
    first = ablation.score_seeds(recipe, data, **kwargs)
    assert first.accuracies == fresh.accuracies and len(list(cache.glob("*.json"))) == 2

    def no_training(*args, **kwargs):
        raise AssertionError("trained again")
    monkeypatch.setattr(ablation, "train", no_training)
    again = ablation.score_seeds(recipe, data, **kwargs)
    renamed = ablation.score_seeds(dataclasses.replace(recipe, name="same"), data,
                                   **kwargs)  # a name trains nothing
    assert again.accuracies == renamed.accuracies == fresh.accuracies
    assert again.seconds == first.seconds
    with pytest.raises(AssertionError, match="trained again"):  # other images: trained
        ablation.score_seeds(recipe, small_data(seed=1), **kwargs)


def test_a_run_asked_for_twice_at_once_is_trained_once(cache, tmp_path):
    """Two processes (the two editions' builds) want the same run at the same moment."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(f"""
        import pathlib, time
        from mlpbook.engine import runcache
        runcache.cache_dir = lambda: pathlib.Path({str(cache)!r})
        def compute():
            with open({str(tmp_path / "trained")!r}, "a") as log:
                log.write("x")
            time.sleep(1.0)
            return {{"accuracy": 0.75}}
        print(runcache.remembered("same", compute)["accuracy"])
        """)
    runs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=60)[0].strip() for run in runs]
    assert outputs == ["0.75", "0.75"]
    assert (tmp_path / "trained").read_text() == "x"  # one of them trained, the other waited
