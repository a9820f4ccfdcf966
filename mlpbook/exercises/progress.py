"""The reader's progress between Python sessions: ``progress.json`` in the mlpbook user cache.

A small JSON object, exercise key ("Chapter 4/q1") -> the date it was first solved. The
website keeps its own record in the browser (the two are not synced). A progress file is
the reader's work, so it is never silently destroyed: one that cannot be read is moved
aside as ``progress.json.damaged-<date>`` (the reader is told once, with the path), and
what can still be read from it is kept. Writing is atomic (a temporary file renamed over
the old one) and leaves no temporary file behind when it fails.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import sys

_told = set()  # damaged files already reported in this session


def progress_file():
    """Where progress is kept between sessions: progress.json in the mlpbook user cache."""
    from ..engine.data import default_cache_dir
    return default_cache_dir() / "progress.json"


_KEY = re.compile(r'"(Chapter \d+/q\d+)"\s*:\s*"(\d{4}-\d\d-\d\d)"')


def _recover(raw):
    """The entries that can still be read from a damaged file's text."""
    return dict(_KEY.findall(raw))


def _set_aside(path, raw):
    """Move a damaged progress file aside, say so once; return what could be recovered."""
    today = datetime.date.today().isoformat()
    target = path.with_name(f"{path.name}.damaged-{today}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{today}-{n}")
    try:
        os.replace(path, target)
    except OSError:
        target = None
    recovered = _recover(raw)
    if str(path) not in _told:
        _told.add(str(path))
        where = f"it was kept as {target}" if target else "it could not be moved aside"
        print(f"mlpbook: your exercise progress file {path} could not be read ({where}); "
              f"{len(recovered)} solved exercise(s) were recovered from it.", file=sys.stderr)
    return recovered


def load():
    """The saved progress (empty when there is none yet)."""
    path = progress_file()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError):
        if path.is_dir():  # a folder in the file's place: nothing to read, nothing to save
            return {}
        raw = path.read_bytes().decode("utf-8", "replace")
        recovered = _set_aside(path, raw)
        _write(recovered)
        return recovered
    try:
        saved = json.loads(raw)
        if not isinstance(saved, dict):
            raise ValueError("not an object")
    except ValueError:
        recovered = _set_aside(path, raw)
        _write(recovered)
        return recovered
    return saved


def _write(saved):
    """Write the whole file atomically; a read-only cache only costs the memory of progress."""
    path = progress_file()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(saved, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


def mark_done(key):
    saved = load()
    if key not in saved:
        saved[key] = datetime.date.today().isoformat()
        _write(saved)


def forget(keys):
    saved = load()
    if keys & saved.keys():
        _write({k: v for k, v in saved.items() if k not in keys})
