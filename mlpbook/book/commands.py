"""``python -m mlpbook book`` and ``python -m mlpbook test``: the README's two commands.

Both are thin on purpose. ``book`` checks the data first (so a missing download is one clear
message, not ten failed chapters), then builds each edition with ``jupyter-book build --all``
(:mod:`.editions`); the Sphinx extension (:mod:`.sphinx_ext`) does the rest, for anyone who
runs ``jupyter-book build .`` directly too. ``test`` makes sure a Chromium is there for the browser tests (installing one
when it can), then runs ``python -m pytest`` with the arguments given.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

from . import PROJECT  # the project's folder (holds _config.yml): where both commands run
from .browser import CHROMIUM_ENV, find_chromium


def _project_root() -> pathlib.Path:
    if not (PROJECT / "_config.yml").is_file():
        raise RuntimeError(
            f"{PROJECT} holds no _config.yml: run this command from a clone of the mlpbook "
            "repository (pip install -e . there), not from an installed copy of the package.")
    return PROJECT


def build_book(strict: bool = False, editions: tuple[str, ...] = ("en", "zh"),
               out=sys.stdout) -> int:
    """Find the data, then build the book's editions; return the exit code."""
    from ..engine.data import DataError, find_data_dir
    from .editions import EDITIONS, build_editions

    root = _project_root()
    unknown = [code for code in editions if code not in EDITIONS]
    if unknown:
        print(f"mlpbook: error: no edition {unknown}; choose from {list(EDITIONS)}",
              file=sys.stderr)
        return 2
    print("mlpbook: looking for MNIST (the chapters need it)...", file=out, flush=True)
    try:
        folder = find_data_dir()
    except DataError as exc:
        print(f"mlpbook: error: the book cannot be built without the data.\n{exc}",
              file=sys.stderr)
        return 2
    print(f"mlpbook: MNIST found in {folder}", file=out, flush=True)
    if "zh" in editions and ensure_chinese_font(out) is None:
        print("mlpbook: note: no font with Chinese characters was found, so the Chinese "
              "edition's figures keep their English labels; install one (e.g. "
              "fonts-wqy-microhei, fonts-noto-cjk) and build again.", file=out, flush=True)
    names = ", ".join(f"{EDITIONS[c].name} (_build/html/{EDITIONS[c].folder})".replace("/)", ")")
                      for c in editions)
    print(f"mlpbook: building {names}: every chapter is executed, a few minutes...",
          file=out, flush=True)
    results = build_editions(list(editions), strict=strict, root=root, out=out)
    failed = [code for code, result in results.items() if result != 0]
    if failed:
        print("\nmlpbook: error: not built: "
              + ", ".join(EDITIONS[code].name for code in failed)
              + "; the cause is printed above (look for 'error' or 'failed to execute').",
              file=sys.stderr)
        return 1
    index = root / "_build" / "html" / "index.html"
    print(f"\nmlpbook: the book is ready: open {index}", file=out)
    return 0


def _can_apt() -> bool:
    return (sys.platform.startswith("linux") and shutil.which("apt-get") is not None
            and hasattr(os, "geteuid") and os.geteuid() == 0)


def ensure_chromium(out=sys.stdout) -> str | None:
    """A Chromium for the browser tests: found, or installed (Debian's package as root,
    else Playwright's own build). None when neither works."""
    found = find_chromium()
    if found:
        return found
    attempts = []
    if _can_apt():
        attempts.append(("Debian's chromium (apt-get)",
                         "apt-get update -qq && apt-get install -y -qq chromium"))
    attempts.append(("Playwright's Chromium",
                     f"{sys.executable} -m playwright install chromium"))
    for label, command in attempts:
        print(f"mlpbook: no Chromium found; installing {label}...", file=out, flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if subprocess.call(command, shell=True, env=env) == 0:  # noqa: S602 (fixed commands)
            found = find_chromium()
            if found:
                return found
    return None


def ensure_chinese_font(out=sys.stdout) -> str | None:
    """A font with Chinese characters for the Chinese edition's figures: found, or installed
    (Debian's fonts-wqy-microhei, as root). None when neither works."""
    from ..viz._language import chinese_font

    found = chinese_font()
    if found or not _can_apt():
        return found
    print("mlpbook: no font with Chinese characters; installing Debian's fonts-wqy-microhei...",
          file=out, flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.call("apt-get update -qq && apt-get install -y -qq fonts-wqy-microhei",
                    shell=True, env=env)  # noqa: S602 (a fixed command)
    chinese_font.cache_clear()
    return chinese_font()


def run_tests(pytest_args: list[str], out=sys.stdout) -> int:
    """Make sure a browser and a Chinese font are there, then run pytest in the project."""
    root = _project_root()
    if ensure_chinese_font(out) is None:
        print("mlpbook: error: the Chinese edition's tests need a font with Chinese characters "
              "and none could be found or installed; install one (e.g. fonts-wqy-microhei or "
              "fonts-noto-cjk).", file=sys.stderr)
        return 2
    chromium = ensure_chromium(out)
    if chromium is None:
        print("mlpbook: error: the browser tests need Chromium and none could be found or "
              f"installed; install Chromium (or Chrome) and set {CHROMIUM_ENV}=/path/to/it.",
              file=sys.stderr)
        return 2
    print(f"mlpbook: browser tests use {chromium}", file=out, flush=True)
    env = dict(os.environ, **{CHROMIUM_ENV: chromium})
    background = None
    if not _narrowed(pytest_args):
        # The whole suite: build the book now, beside the tests that do not need it.
        print("mlpbook: building the book in the background while the other tests run "
              "(its log: _build/build.log)", file=out, flush=True)
        background = BackgroundBuild(root, env)
        env[BACKGROUND_BUILD_ENV] = str(background.status)
    try:
        return subprocess.call([sys.executable, "-m", "pytest", *parallel_args(pytest_args),
                                *pytest_args], cwd=root, env=env)
    finally:
        if background is not None:
            background.stop()


#: Where a background build of the whole suite reports its end (a JSON file: exit code and
#: log file); the tests of the built site wait for it (tests/built_site.py).
BACKGROUND_BUILD_ENV = "MLPBOOK_TEST_BACKGROUND_BUILD"


class BackgroundBuild:
    """``python -m mlpbook book --strict`` in a thread of its own, for the test command.

    The site tests need the whole book built (both editions, every chapter executed: minutes
    of work on every core), the other tests do not. Started before pytest, the build runs
    while the unit tests and the chapters do, and the site tests (collected last) wait for it
    at the end; a run that ends early stops it."""

    def __init__(self, root: pathlib.Path, env: dict):
        import tempfile
        import threading

        self.folder = pathlib.Path(tempfile.mkdtemp(prefix="mlpbook-build-"))
        self.status = self.folder / "status.json"
        self.log = self.folder / "build.log"
        self._out = self.log.open("w", encoding="utf-8")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "mlpbook", "book", "--strict"], cwd=root, env=env,
            stdout=self._out, stderr=subprocess.STDOUT)
        self._thread = threading.Thread(target=self._report, daemon=True)
        self._thread.start()

    def _report(self):
        import json

        code = self._process.wait()
        self._out.close()
        partial = self.status.with_suffix(".part")
        partial.write_text(json.dumps({"returncode": code, "log": str(self.log)}),
                           encoding="utf-8")
        partial.replace(self.status)  # whole, or not there

    def stop(self):
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
        self._thread.join(timeout=5)
        shutil.rmtree(self.folder, ignore_errors=True)


def _narrowed(pytest_args: list[str]) -> bool:
    """True when pytest is asked for some tests only (-k, -m, -x... or a path)."""
    return any(a in ("-k", "-m", "--lf", "--last-failed", "--co", "--collect-only")
               or (not a.startswith("-") and (PROJECT / a.split("::")[0]).exists())
               for a in pytest_args)


def parallel_args(pytest_args: list[str]) -> list[str]:
    """pytest-xdist options for the whole suite: one worker per core (at most 4).

    Much of the suite leaves a core idle (one notebook kernel, one browser tab); with a
    worker per core and the book built in the background (:class:`BackgroundBuild`), the
    build, the chapters, the unit tests and, at the end, the site tests share the cores.
    The cells of each notebook stay on one worker, in order (chapters/conftest.py groups
    them). Nothing is added when the caller chose for themselves (-n, -p no:xdist) or asked
    for a few tests only, where starting workers costs more than it saves."""
    chosen = any(a == "-n" or a.startswith(("-n", "--numprocesses", "--dist")) for a in pytest_args)
    off = any("no:xdist" in a for a in pytest_args)
    if chosen or off or _narrowed(pytest_args):
        return []
    workers = max(1, min(4, os.cpu_count() or 1))
    return ["-n", str(workers), "--dist", "loadgroup"] if workers > 1 else []
