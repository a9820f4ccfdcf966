"""Remember what a training run measured, so the same run is not trained twice.

The book is executed three times by its test command (the English and the Chinese build, and
nbval), and chapter 7 and its appendix train the same recipes with the same seeds on the same
images: minutes of identical work. A run is fully determined by its settings, its seed, its
images and the code that trains it, so its result can be looked up instead of recomputed.

The key is a hash of all of that: the settings and seed as given, the bytes of the training
and scoring images, the source of the engine (every ``.py`` file of ``mlpbook/engine``) and of
the caller, the numpy and Numba versions and the CPU that ran the kernels. Change any of them
and the run is trained again. Values are small JSON files (a few numbers: never pickles) in
``~/.cache/mlpbook/runs`` (or ``$XDG_CACHE_HOME/mlpbook/runs``); an unreadable or foreign file
is ignored and replaced. ``MLPBOOK_RUN_CACHE=0`` switches the cache off.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import pathlib
import platform
import tempfile
from typing import Callable, Mapping

import numpy as np

from .data import default_cache_dir

__all__ = ["remembered", "fingerprint", "array_digest", "enabled", "cache_dir", "ENV_VAR", "KEEP"]

#: Set to 0 (or "off", "no", "false") to train every run again.
ENV_VAR = "MLPBOOK_RUN_CACHE"
_FORMAT = "mlpbook-run-1"


def enabled() -> bool:
    return os.environ.get(ENV_VAR, "1").strip().lower() not in ("0", "off", "no", "false")


def cache_dir() -> pathlib.Path:
    return default_cache_dir() / "runs"


@functools.lru_cache(maxsize=None)
def _code_fingerprint(extra_files: tuple) -> str:
    """The engine's source and the caller's, the library versions and the CPU."""
    import numba

    digest = hashlib.sha256()
    engine = pathlib.Path(__file__).resolve().parent
    for path in sorted(engine.glob("*.py")) + [pathlib.Path(f) for f in extra_files]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    try:
        from llvmlite import binding
        cpu = binding.get_host_cpu_name()
    except Exception:  # pragma: no cover - llvmlite always comes with numba
        cpu = "unknown"
    cpu = os.environ.get("NUMBA_CPU_NAME", cpu)
    for part in (np.__version__, numba.__version__, platform.machine(), cpu):
        digest.update(str(part).encode())
    return digest.hexdigest()


def array_digest(array) -> str:
    """A short hash of an array's dtype, shape and bytes (a data set's part, once per call)."""
    array = np.ascontiguousarray(array)
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{array.dtype.str}{array.shape}".encode())
    digest.update(memoryview(array).cast("B"))
    return digest.hexdigest()


def fingerprint(settings: Mapping, arrays=(), extra_files=()) -> str:
    """The key of one run: ``settings`` (JSON-able, e.g. a recipe's fields and the seed), the
    ``arrays`` it learns from and is scored on, and the code (see the module's docstring)."""
    digest = hashlib.sha256()
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for array in arrays:
        digest.update(array_digest(array).encode())
    digest.update(_code_fingerprint(tuple(str(f) for f in extra_files)).encode())
    return digest.hexdigest()


def _read(path: pathlib.Path):
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("format") != _FORMAT \
            or stored.get("key") != path.stem or not isinstance(stored.get("value"), dict):
        return None
    return stored["value"]


def _write(path: pathlib.Path, value: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"format": _FORMAT, "key": path.stem, "value": value}, out)
        os.replace(temporary, path)  # whole, or not there
        _prune(path.parent)
    except OSError:
        pass  # a cache that cannot be written only costs time


#: At most this many runs are kept (a few hundred bytes each); the oldest go first.
KEEP = 2000


def _prune(folder: pathlib.Path) -> None:
    files = list(folder.glob("*.json")) + list(folder.glob("*.lock"))
    if len(files) <= 2 * KEEP:
        return
    files.sort(key=lambda f: f.stat().st_mtime)
    for old in files[:len(files) - 2 * KEEP]:
        old.unlink(missing_ok=True)


@contextlib.contextmanager
def _only_one_at_a_time(path: pathlib.Path):
    """Hold a lock on ``path`` (+ ``.lock``): the two editions' builds and nbval execute the
    same chapter side by side, so the same run is asked for at the same moment; the first
    trains it and the others wait for its result instead of training it too."""
    try:
        import fcntl
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path.with_suffix(".lock"), "a")
    except (ImportError, OSError):  # no POSIX locks, or no cache folder: just go ahead
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remembered(key: str, compute: Callable[[], dict]) -> dict:
    """``compute()``'s result (a dict of JSON numbers and strings) for ``key``: looked up if a
    run with this key was measured before, else computed and kept."""
    if not enabled():
        return compute()
    path = cache_dir() / f"{key}.json"
    value = _read(path)
    if value is None:
        with _only_one_at_a_time(path):
            value = _read(path)  # measured while we waited?
            if value is None:
                value = compute()
                _write(path, value)
    return value
