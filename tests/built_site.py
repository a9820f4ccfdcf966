"""The built website, shared by every test that looks at it (test_website.py and the other
test_site_*.py files): where it is, its pages, and one build of both editions per session.

The fixtures that build and serve it (``book_build``, ``site_url``, ``visit``) live in
conftest.py, so the book is built once however many test files look at it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
HTML_DIR = REPO / "_build" / "html"
BUILD_TIMEOUT = 3600  # seconds, for executing every chapter
TYPESET_TIMEOUT = 30_000  # milliseconds, for MathJax and the widget manager
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def toc_pages() -> list[str]:
    """Every file named in _toc.yml, as a built HTML path."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    walk(toc.get("chapters"))
    for part in toc.get("parts") or []:
        walk(part.get("chapters"))
    pages = []
    for name in files:
        path = PurePosixPath(name)
        if path.suffix in {".md", ".ipynb", ".rst"}:
            path = path.with_suffix("")
        pages.append(f"{path}.html")
    return pages


EDITION_FOLDERS = ("", "zh/")  # English at the site's root, Chinese under zh/


def all_pages() -> list[str]:
    """Every page of every edition, as paths under _build/html."""
    return [folder + page for folder in EDITION_FOLDERS for page in toc_pages()]


#: Set to 1 to look at the site already in _build/html (and its _build/build.log) instead of
#: building it again: for iterating on a site test by hand. CI never sets it.
REUSE_ENV = "MLPBOOK_TEST_REUSE_BUILD"


#: Set by ``python -m mlpbook test``, which builds the book in the background while the other
#: tests run (mlpbook/book/commands.py: BackgroundBuild): the JSON file its end is reported in.
BACKGROUND_ENV = "MLPBOOK_TEST_BACKGROUND_BUILD"


def build_book():
    """Both editions built once for this test run; returns (exit code, log text).

    Run by ``python -m mlpbook test``, the build started in the background is waited for.
    Run by plain pytest, the first process to need it builds it with the README's command
    (under pytest-xdist the other workers wait for that build and share it)."""
    status = os.environ.get(BACKGROUND_ENV)
    if status:
        return _wait_for_background_build(Path(status))
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:
        return _build_book()
    import fcntl  # several workers of one run: one builds, the others wait and share it

    (REPO / "_build").mkdir(exist_ok=True)
    marker = REPO / "_build" / "test-build-run.json"
    with open(REPO / "_build" / ".test-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.is_file():
            done = json.loads(marker.read_text(encoding="utf-8"))
            if done.get("run") == run:
                return done["returncode"], (REPO / "_build" / "build.log").read_text(
                    encoding="utf-8")
        code, log = _build_book()
        marker.write_text(json.dumps({"run": run, "returncode": code}), encoding="utf-8")
        return code, log


def _wait_for_background_build(status: Path):
    started = time.monotonic()
    while not status.is_file():
        if time.monotonic() - started > BUILD_TIMEOUT:
            pytest.fail(f"the background book build did not end within {BUILD_TIMEOUT} s")
        time.sleep(1)
    done = json.loads(status.read_text(encoding="utf-8"))
    log = ANSI.sub("", Path(done["log"]).read_text(encoding="utf-8", errors="replace"))
    (REPO / "_build").mkdir(exist_ok=True)
    (REPO / "_build" / "build.log").write_text(log, encoding="utf-8")
    return done["returncode"], log


def _build_book():
    """Build both editions with the README's command; return (exit code, log text)."""
    log_file = REPO / "_build" / "build.log"
    if os.environ.get(REUSE_ENV) == "1" and (HTML_DIR / "index.html").is_file():
        if not log_file.is_file():  # built by hand (python -m mlpbook book): no log kept
            return 0, f"({REUSE_ENV}=1: the site in {HTML_DIR}, built earlier; no log)"
        log = log_file.read_text(encoding="utf-8")
        ok = "the book is ready" in log and "error: not built" not in log
        return (0 if ok else 1), log
    command = [sys.executable, "-m", "mlpbook", "book", "--strict"]
    try:
        done = subprocess.run(command, cwd=REPO, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        log = exc.stdout if isinstance(exc.stdout, str) else (exc.stdout or b"").decode()
        pytest.fail(f"book build timed out after {BUILD_TIMEOUT} s:\n{tail(log)}")
    log = ANSI.sub("", done.stdout)
    (REPO / "_build").mkdir(exist_ok=True)
    (REPO / "_build" / "build.log").write_text(log, encoding="utf-8")
    return done.returncode, log


def tail(log: str, lines: int = 60) -> str:
    return "\n".join(log.splitlines()[-lines:])
