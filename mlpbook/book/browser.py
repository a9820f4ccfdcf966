"""Where a Chromium for the browser tests is: one answer for the ``test`` command and the tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: Environment variable naming the Chromium (or Chrome) executable to drive.
CHROMIUM_ENV = "MLPBOOK_CHROMIUM"

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """$MLPBOOK_CHROMIUM, else a system Chromium/Chrome, else Playwright's own build."""
    named = os.environ.get(CHROMIUM_ENV, "").strip()
    if named:
        return named if Path(named).is_file() else None
    for candidate in _CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    try:  # a browser installed by `python -m playwright install chromium`
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
        return path if path and Path(path).is_file() else None
    except Exception:  # noqa: BLE001 - no Playwright browser either
        return None
