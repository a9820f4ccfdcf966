"""The benchmark runs and reports what it promises (its speed is judged by reading it, never here)."""

import contextlib
import io
import json
import math

import pytest

from mlpbook import bench
from mlpbook.engine.data import DataError, load_mnist

IMPLEMENTATIONS = {"engine", "reference", "vectorized", "torch"}


# The quick benchmark run is shared by the module's tests: one worker runs them all.
pytestmark = pytest.mark.xdist_group("bench")


@pytest.fixture(scope="module")
def quick_run():
    try:
        load_mnist(progress=False)  # found (or downloaded) where the package looks
    except DataError as exc:
        pytest.fail(f"the benchmark needs MNIST:\n{exc}")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = bench.run(json_output=True, quick=True)
    return result, printed.getvalue()


@pytest.fixture(scope="module")
def quick_result(quick_run):
    return quick_run[0]


def positive(x):
    return isinstance(x, float) and math.isfinite(x) and x > 0


def test_every_case_times_every_implementation(quick_result):
    cases = quick_result["cases"]
    assert set(cases) == {"a", "b", "c"}
    assert [cases[k]["layers"] for k in "abc"] == [[784, 16, 16, 10], [784, 100, 10], [784, 800, 10]]
    assert [cases[k]["batch_size"] for k in "abc"] == [10, 10, 128]
    assert set(cases["a"]["timings"]) == IMPLEMENTATIONS | {"engine64"}
    for key in "bc":
        assert set(cases[key]["timings"]) == IMPLEMENTATIONS
    for case in cases.values():
        for impl, fig in case["timings"].items():
            if impl == "torch" and quick_result["machine"]["torch"] is None:
                assert fig["seconds_per_epoch"] is None and fig["note"] == "not installed"
                continue
            assert positive(fig["seconds_per_epoch"]), (impl, fig)
            assert fig["images"] > 0 and fig["scaled"] == (fig["images"] != bench.EPOCH_IMAGES)
            assert all(positive(s) for s in fig["measured_seconds"])
            if fig["scaled"]:
                assert f"measured on {fig['images']:,} images, scaled" in fig["note"]


def test_ratios_are_engine_over_comparator(quick_result):
    for case in quick_result["cases"].values():
        t = {impl: fig["seconds_per_epoch"] for impl, fig in case["timings"].items()}
        for other in ("vectorized", "reference", "torch"):
            ratio = case["ratios"][f"engine/{other}"]
            if t[other] is None:
                assert ratio is None
            else:
                assert ratio == pytest.approx(t["engine"] / t[other])


def test_other_figures_and_checks(quick_result):
    assert positive(quick_result["memory"]["peak_mb"])
    assert positive(quick_result["loading"]["gzip_seconds"])
    assert positive(quick_result["loading"]["cached_seconds"])
    assert positive(quick_result["startup"]["cached_seconds"])
    checks = quick_result["checks"]
    assert len(checks) == 6
    for check in checks:
        assert check["status"] in ("OK", "MISSED", "SKIPPED")
        assert check["status"] == "SKIPPED" or positive(check["value"])


def test_report_and_json_line(quick_run):
    result, printed = quick_run
    lines = printed.strip().splitlines()
    assert json.loads(lines[-1]) == json.loads(json.dumps(result))
    text = "\n".join(lines[:-1])
    for needle in ("engine (numba, float32)", "engine (numba, float64)", "reference numpy",
                   "vectorized numpy", "PyTorch", "peak memory", "measured on",
                   "(a) engine / vectorized numpy = ", "(target <= 0.33): "):
        assert needle in text


def test_report_without_pytorch(quick_result):
    """Without PyTorch the table says "not installed" and its target is skipped."""
    result = json.loads(json.dumps(quick_result))  # a deep copy
    result["machine"]["torch"] = None
    for case in result["cases"].values():
        case["timings"]["torch"] = {"seconds_per_epoch": None, "note": "not installed"}
        for ratios in (case["ratios"], case.get("ratios_float64") or {}):
            ratios["engine/torch"] = None
    result["checks"][2].update(value=None, status="SKIPPED", note="PyTorch not installed")
    text = bench.format_report(result)
    assert "torch not installed" in text
    assert "PyTorch CPU (float32)" in text and "not installed" in text
    assert "(c) engine / PyTorch CPU: SKIPPED (PyTorch not installed)" in text
