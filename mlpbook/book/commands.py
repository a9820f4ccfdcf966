"""``python -m mlpbook book`` and ``python -m mlpbook test``: the README's two commands.

Both are thin on purpose. ``book`` checks the data first (so a missing download is one clear
message, not ten failed chapters), then runs ``jupyter-book build --all``; the Sphinx
extension (:mod:`.sphinx_ext`) does the rest, for anyone who runs ``jupyter-book build .``
directly too. ``test`` makes sure a Chromium is there for the browser tests (installing one
when it can), then runs ``python -m pytest`` with the arguments given.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

from .browser import CHROMIUM_ENV, find_chromium

#: `jupyter-book` run by this Python (its package has no ``__main__``).
JUPYTER_BOOK = "from jupyter_book.cli.main import main; main()"

#: The project's folder (holds _config.yml and pyproject.toml): where both commands run.
PROJECT = pathlib.Path(__file__).resolve().parents[2]


def _project_root() -> pathlib.Path:
    if not (PROJECT / "_config.yml").is_file():
        raise RuntimeError(
            f"{PROJECT} holds no _config.yml: run this command from a clone of the mlpbook "
            "repository (pip install -e . there), not from an installed copy of the package.")
    return PROJECT


def build_book(strict: bool = False, out=sys.stdout) -> int:
    """Find the data, then build the whole book; return the exit code."""
    from ..data import DataError, find_data_dir

    root = _project_root()
    print("mlpbook: looking for MNIST (the chapters need it)...", file=out, flush=True)
    try:
        folder = find_data_dir()
    except DataError as exc:
        print(f"mlpbook: error: the book cannot be built without the data.\n{exc}",
              file=sys.stderr)
        return 2
    print(f"mlpbook: MNIST found in {folder}", file=out, flush=True)
    command = [sys.executable, "-c", JUPYTER_BOOK, "build", str(root), "--all"]
    if strict:
        command += ["--warningiserror", "--keep-going"]
    print("mlpbook: building the book (every chapter is executed; a few minutes)...\n"
          f"  $ jupyter-book {' '.join(command[3:])}", file=out, flush=True)
    code = subprocess.call(command, cwd=root)
    index = root / "_build" / "html" / "index.html"
    if code == 0 and index.is_file():
        print(f"\nmlpbook: the book is ready: open {index}", file=out)
        return 0
    print("\nmlpbook: error: the book was not built; the cause is printed above "
          "(look for 'error' or 'failed to execute').", file=sys.stderr)
    return code or 1


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


def run_tests(pytest_args: list[str], out=sys.stdout) -> int:
    """Make sure a browser is there, then run pytest in the project folder."""
    root = _project_root()
    chromium = ensure_chromium(out)
    if chromium is None:
        print("mlpbook: error: the browser tests need Chromium and none could be found or "
              f"installed; install Chromium (or Chrome) and set {CHROMIUM_ENV}=/path/to/it.",
              file=sys.stderr)
        return 2
    print(f"mlpbook: browser tests use {chromium}", file=out, flush=True)
    env = dict(os.environ, **{CHROMIUM_ENV: chromium})
    return subprocess.call([sys.executable, "-m", "pytest", *pytest_args], cwd=root, env=env)
