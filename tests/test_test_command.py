"""The test command's own machinery: workers for the whole suite, none for a few tests, and
pytest-xdist really keeping a group (a notebook's cells) on one worker in this environment."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from mlpbook.book.commands import parallel_args


def test_the_whole_suite_gets_workers_a_narrowed_run_none(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert parallel_args([]) == ["-n", "2", "--dist", "loadgroup"]
    assert parallel_args(["--durations=10"]) == ["-n", "2", "--dist", "loadgroup"]
    monkeypatch.setattr("os.cpu_count", lambda: 16)
    assert parallel_args([])[:2] == ["-n", "4"]  # at most 4
    for narrowed in (["-k", "cost"], ["tests/test_network.py"], ["chapters/04_cost.ipynb::Cell 3"], ["-n", "3"], ["-p", "no:xdist"]):
        assert parallel_args(narrowed) == [], narrowed


def test_xdist_keeps_a_group_on_one_worker(tmp_path):
    """chapters/conftest.py puts each notebook's cells into one xdist group, so they run in
    one kernel, in order. pytest 9.2 silently broke that (pytest-xdist#1386: every cell then
    ran in a kernel of its own and failed on names of earlier cells); this fails first, with
    the reason, in any environment where grouping does not work."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "conftest.py").write_text(textwrap.dedent("""
        import pytest

        @pytest.hookimpl(tryfirst=True)
        def pytest_collection_modifyitems(config, items):
            for item in items:
                item.add_marker(pytest.mark.xdist_group("together"))
        """), encoding="utf-8")
    (tmp_path / "test_cells.py").write_text(
        "".join(f"def test_cell_{i}():\n    pass\n\n" for i in range(6)), encoding="utf-8")
    # Only pytest-xdist is loaded (the other installed plugins take seconds per worker).
    env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "xdist", "-p", "no:cacheprovider",
                           "-n", "2", "--dist", "loadgroup", "-v", "-c", str(tmp_path / "pytest.ini"),
                           "--rootdir", str(tmp_path), str(tmp_path)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    ran = [line for line in done.stdout.splitlines() if "PASSED" in line]
    assert len(ran) == 6, done.stdout[-2000:]
    assert all("@together" in line for line in ran), (
        "pytest-xdist's --dist loadgroup does not group tests with this pytest "
        "(requirements.txt pins pytest below 9.2 for this reason):\n" + "\n".join(ran))
    assert len({line.split()[0] for line in ran}) == 1, ran  # one worker ran them all
