"""Find, verify, download, cache and parse MNIST (IDX files); small synthetic sets for tests.

The loader is small and strict on purpose. Every problem with the data ends in a
:class:`DataError` whose message says what is wrong *and* how to fix it, so a reader whose
download broke is told what to do instead of being handed a traceback.

Where the data comes from, in order (see :func:`find_data_dir`):

1. the folder passed as ``data_dir`` (``--data-dir`` on the command line),
2. the folder in the environment variable ``MLPBOOK_DATA_DIR``,
3. the cache folder ``~/.cache/mlpbook/mnist`` (or ``$XDG_CACHE_HOME/mlpbook/mnist``),
4. a download from one of :data:`MIRRORS` into that cache folder.

A folder holds the data when each of the four :data:`FILES` is there, gzipped (``NAME.gz``)
or decompressed (``NAME``). Any dataset stored in the same four-file IDX layout (for example
Fashion-MNIST) loads with ``load_mnist(folder, checksums=None)``.

Files and mirrors can be careless or hostile, so every read is bounded. An IDX file is read as
a stream: its header says how many bytes follow, that size is checked against the machine's
memory before anything is allocated, and exactly that many bytes are read (a gzip file that
would inflate further is "trailing data", found without inflating it all); checking a file
(:func:`verify`) holds one chunk at a time. A download gives up on a mirror that is too slow
(:data:`MIN_RATE` on average after :data:`RATE_GRACE` seconds) or too large
(:data:`MAX_DOWNLOAD_BYTES`), and the temporary file of one killed outright is swept by the
next. The cache of decoded arrays is read header first (:mod:`mlpbook.engine.npzfile`) and pruned,
least recently used first, to :data:`CACHE_MAX_BYTES`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import glob
import gzip
import hashlib
import http.client
import json
import math
import os
import pathlib
import struct
import time
import urllib.request
import zlib
from collections.abc import Iterable, Mapping

import numpy as np
from tqdm.auto import tqdm

from . import npzfile, safewrite
from .validation import MAX_INT, check_memory, memory_limit

__all__ = [
    "ENV_VAR",
    "FILES",
    "MNIST_SHA256",
    "MIRRORS",
    "MIRRORS_ENV_VAR",
    "default_mirrors",
    "DataError",
    "Dataset",
    "default_cache_dir",
    "read_idx",
    "write_idx",
    "find_data_dir",
    "download",
    "verify",
    "load_mnist",
    "synthetic_digits",
]

ENV_VAR = "MLPBOOK_DATA_DIR"

FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)

# SHA-256 of the *decompressed* files: gzip headers differ between copies of MNIST, the
# decompressed bytes do not.
MNIST_SHA256 = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

# Base URLs, tried in turn; each file is fetched as base + name + ".gz".
# (yann.lecun.com is left out on purpose: it refuses automated downloads.)
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
#: Environment variable with other base URLs to download from (space-separated), e.g. a
#: mirror inside a company or classroom network; used instead of :data:`MIRRORS`.
MIRRORS_ENV_VAR = "MLPBOOK_MNIST_MIRRORS"
#: A download is given up when, after RATE_GRACE seconds, fewer than MIN_RATE bytes per
#: second have arrived on average: the largest MNIST file (9.9 MB) then takes at most about
#: 8 minutes, and a mirror that trickles a byte every few seconds is dropped after 30 s
#: (``timeout`` bounds each single wait for data as well).
MIN_RATE = 20_000
RATE_GRACE = 30.0
#: No MNIST-layout file is larger than this (MNIST's largest is 9.9 MB gzipped).
MAX_DOWNLOAD_BYTES = 256 * 2**20
#: A temporary download file untouched for this long belongs to a process that died.
STALE_PART_SECONDS = 600
#: The decoded-data cache (``default_cache_dir()/"decoded"``, about 55 MB per MNIST folder)
#: is pruned to this size after each write, least recently used entries first.
CACHE_MAX_BYTES = 300_000_000


def default_mirrors() -> tuple[str, ...]:
    """The base URLs to try: ``$MLPBOOK_MNIST_MIRRORS`` if set, else :data:`MIRRORS`."""
    named = os.environ.get(MIRRORS_ENV_VAR, "").split()
    return tuple(base if base.endswith("/") else base + "/" for base in named) or MIRRORS

_GZIP_MAGIC = b"\x1f\x8b"
_UBYTE = 0x08  # IDX type code of unsigned bytes, the only one MNIST uses
_CHUNK = 1 << 16
# How far past the end an IDX header promises a file is read to report trailing data.
_TRAILING_SCAN = 1 << 20
_CACHE_FORMAT = "mlpbook-decoded-v1"
# Keys of the four arrays, in the order of FILES.
_KEYS = ("train_images", "train_labels", "test_images", "test_labels")


class DataError(Exception):
    """A problem with the data; the message says what is wrong and how to fix it."""


def default_cache_dir() -> pathlib.Path:
    """The per-user cache folder of mlpbook (follows the XDG convention, like pip)."""
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = pathlib.Path(xdg).expanduser() if xdg else pathlib.Path.home() / ".cache"
    return base / "mlpbook"


# --------------------------------------------------------------------------- IDX format


class _Unreadable(DataError):
    """The file is there but cannot be opened or read (permissions, an I/O error)."""


def _open_decompressed(path: pathlib.Path):
    """(stream, raw file): the file opened for reading its IDX bytes, the stream through gzip
    when the file starts with the gzip magic (by content, not by name)."""

    def unreadable(exc):
        return _Unreadable(f"cannot read {path}: {exc.strerror or exc}. "
                           "Check that the path is right and the file is readable.")

    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise unreadable(exc) from exc
    try:
        magic = raw.read(2)
        raw.seek(0)
    except OSError as exc:
        raw.close()
        raise unreadable(exc) from exc
    return gzip.GzipFile(fileobj=raw, mode="rb") if magic == _GZIP_MAGIC else raw, raw


def _damaged_gzip(path, exc):
    return DataError(
        f"{path} is damaged: it is a gzip file that cannot be decompressed ({exc}). "
        "Delete it and download it again."
    )


def _read_exactly(stream, view) -> int:
    """Fill ``view`` from ``stream`` in chunks; the number of bytes read (less at the end)."""
    done = 0
    while done < len(view):
        got = stream.readinto(view[done:done + _CHUNK])
        if not got:
            break
        done += got
    return done


def _scan_idx(path: pathlib.Path, keep: bool = True) -> tuple[np.ndarray | None, str]:
    """Read an IDX file as a stream: check its header, then read exactly the bytes the header
    promises (refused first if they cannot fit in memory), hashing them on the way.

    Returns (the uint8 array, or None when ``keep`` is False, and the SHA-256 of the
    decompressed bytes). Memory is bounded by what the header declares (nothing when only
    verifying), never by how far a gzip stream would inflate, and time too: at most
    ``_TRAILING_SCAN`` bytes past the promised end are looked at.
    """
    fix = "Delete it and download it again (or re-create it with mlpbook.engine.data.write_idx)."
    stream, raw = _open_decompressed(path)
    gzipped = stream is not raw
    with raw, stream:
        try:
            head = stream.read(4)
            if len(head) < 4 or head[:2] != b"\x00\x00" or head[3] == 0:
                magic = head.hex() or "(empty file)"
                raise DataError(
                    f"{path} is not an IDX file: wrong magic number 0x{magic} (expected two "
                    "zero bytes, a type code and the number of dimensions, e.g. 0x00000803 = "
                    "2051 for images, 0x00000801 = 2049 for labels). If it came from a failed "
                    "download (an HTML error page, say), delete it and download it again."
                )
            if head[2] != _UBYTE:
                raise DataError(
                    f"{path} stores IDX type code 0x{head[2]:02x}; mlpbook reads "
                    "unsigned-byte IDX files (type code 0x08) only. Convert the data to "
                    "uint8 and write it with write_idx."
                )
            ndim = head[3]
            header_bytes = 4 + 4 * ndim
            dims = stream.read(4 * ndim)
            if len(dims) < 4 * ndim:
                raise DataError(
                    f"{path} is truncated: its header needs {header_bytes} bytes but the "
                    f"file has {4 + len(dims)}. {fix}"
                )
            shape = struct.unpack(f">{ndim}i", dims)
            if any(size <= 0 for size in shape):
                raise DataError(f"{path} has an invalid shape {shape} in its header (sizes "
                                f"must be > 0). {fix}")
            n_data = math.prod(shape)
            expected = header_bytes + n_data
            try:  # also when only verifying: such a file could never be loaded
                check_memory(n_data, f"{path} promises shape {shape} in its header, "
                                     f"{n_data:,} bytes of data; reading it",
                             f"if the header is wrong, the file is damaged. {fix}")
            except ValueError as exc:
                raise DataError(str(exc)) from None
            hasher = hashlib.sha256(head + dims)
            if keep:
                array = np.empty(n_data, np.uint8)
                got = _read_exactly(stream, memoryview(array))
                hasher.update(memoryview(array)[:got])
            else:  # only the checksum: one chunk of memory
                array, got = None, 0
                buffer = memoryview(bytearray(_CHUNK))
                while got < n_data:
                    want = min(_CHUNK, n_data - got)
                    part = _read_exactly(stream, buffer[:want])
                    hasher.update(buffer[:part])
                    got += part
                    if part < want:
                        break
            if got < n_data:
                raise DataError(
                    f"{path} is truncated: its header promises shape {shape}, i.e. "
                    f"{expected:,} bytes, but it has only {header_bytes + got:,} bytes. {fix}"
                )
            trailing = len(stream.read(_TRAILING_SCAN + 1))  # also checks gzip's CRC
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            raise _damaged_gzip(path, exc) from exc
        except OSError as exc:
            raise _Unreadable(f"cannot read {path}: {exc.strerror or exc}. Check that the "
                              f"file is readable.") from exc
    if trailing:
        if not gzipped:
            trailing = path.stat().st_size - expected
        exact = not gzipped or trailing <= _TRAILING_SCAN
        count = f"{trailing:,} bytes" if exact else f"more than {_TRAILING_SCAN:,} bytes"
        total = f"{expected + trailing:,} bytes" if exact else "more"
        raise DataError(
            f"{path} has {count} of trailing data: its header promises shape {shape}, i.e. "
            f"{expected:,} bytes, but it has {total}. {fix}"
        )
    if array is not None:
        array = array.reshape(shape)
        array.flags.writeable = False
    return array, hasher.hexdigest()


def _load_idx(path: pathlib.Path) -> tuple[np.ndarray, str]:
    """A read-only IDX array and the SHA-256 of its decompressed bytes (one read for both)."""
    return _scan_idx(path, keep=True)


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read an unsigned-byte IDX file, raw or gzipped, into a uint8 array of the stored shape.

    gzip is recognised by the file's first bytes, not by its name, so a decompressed file that
    kept its ``.gz`` name still loads. Anything malformed raises :class:`DataError`.
    """
    array, _ = _scan_idx(pathlib.Path(path))
    array.flags.writeable = True  # a fresh array, owned by the caller
    return array


def write_idx(path: str | os.PathLike, array) -> None:
    """Write an array of bytes as an IDX file (gzipped when ``path`` ends in ``.gz``).

    The inverse of :func:`read_idx`: use it to store your own images and labels in the layout
    the loader reads. Integer arrays are accepted when every value fits in 0..255.
    """
    array = np.asarray(array)
    if array.dtype != np.uint8:
        if not (np.issubdtype(array.dtype, np.integer) or array.dtype == np.bool_):
            raise ValueError(f"write_idx stores bytes; got an array of dtype {array.dtype}")
        if array.size and (array.min() < 0 or array.max() > 255):
            raise ValueError("write_idx stores bytes; the array has values outside 0..255")
        array = array.astype(np.uint8)
    if not 1 <= array.ndim <= 255 or min(array.shape) == 0 or max(array.shape) >= 2**31:
        raise ValueError(f"IDX needs 1 to 255 dimensions of size 1..2**31-1; got shape {array.shape}")
    header = bytes([0, 0, _UBYTE, array.ndim]) + struct.pack(f">{array.ndim}i", *array.shape)
    payload = header + np.ascontiguousarray(array).tobytes()
    path = pathlib.Path(path)
    if path.name.endswith(".gz"):
        payload = gzip.compress(payload, mtime=0)  # mtime=0: same array, same file
    path.write_bytes(payload)


# --------------------------------------------------------------------------- finding the data


def _find_file(folder: pathlib.Path, name: str) -> pathlib.Path | None:
    """The file holding ``name`` in ``folder``: ``name.gz`` if present, else ``name``."""
    for candidate in (folder / f"{name}.gz", folder / name):
        if candidate.is_file():
            return candidate
    return None


def _missing_files(folder: pathlib.Path) -> list[str]:
    return [name for name in FILES if _find_file(folder, name) is None]


def _require_complete(folder: pathlib.Path, described_as: str) -> pathlib.Path:
    """Return ``folder`` if it holds the four files; otherwise say which are missing."""
    if folder.exists() and not folder.is_dir():
        named = folder.name.removesuffix(".gz") in FILES
        hint = (f"Fix: name the folder that holds it, {folder.parent}" if named else
                "Fix: name the folder that holds the four IDX files")
        raise DataError(
            f"{folder} ({described_as}) is a file, not a folder.\n"
            f"{hint} (--data-dir, or {ENV_VAR}), not a file in it."
        )
    missing = _missing_files(folder)
    if not missing:
        return folder
    state = "does not exist" if not folder.is_dir() else "is missing " + ", ".join(missing)
    raise DataError(
        f"{folder} ({described_as}) {state}.\n"
        f"It must hold these four IDX files, gzipped (NAME.gz) or decompressed (NAME): "
        f"{', '.join(FILES)}.\n"
        f"Fix: put the missing files into {folder}, or use a folder that has all four. To use the "
        f"cache {default_cache_dir() / 'mnist'} instead (filled by an automatic download), pass no "
        f"folder and unset {ENV_VAR}."
    )


def _not_found_message(cache: pathlib.Path, mirrors: tuple[str, ...], reason: str) -> str:
    mirror = mirrors[0] if mirrors else MIRRORS[0]
    return (
        f"MNIST was not found in {cache} (the mlpbook cache; {ENV_VAR} is not set and no folder "
        f"was passed) and could not be downloaded: {reason}\n"
        "Fix it in one of two ways:\n"
        f"  1. download the four files {', '.join(f'{name}.gz' for name in FILES)}\n"
        f"     from an MNIST mirror such as {mirror} and put them, unchanged, into {cache}\n"
        f"  2. or set {ENV_VAR}=/path/to/folder (or pass --data-dir / data_dir=) to a folder that "
        "already holds them, gzipped or decompressed."
    )


def find_data_dir(
    data_dir: str | os.PathLike | None = None,
    *,
    download: bool = True,
    checksums: Mapping[str, str] | None = MNIST_SHA256,
    mirrors: tuple[str, ...] | None = None,
    progress: bool = True,
) -> pathlib.Path:
    """The folder holding the four IDX files, downloading them into the cache if needed.

    Order: ``data_dir``, then ``$MLPBOOK_DATA_DIR``, then the cache folder, then a download
    into the cache folder. A folder that was asked for explicitly (argument or environment
    variable) but is incomplete is an error: silently using other data would be worse.
    """
    if data_dir is not None:
        return _require_complete(pathlib.Path(data_dir).expanduser(), "the data_dir / --data-dir folder")
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return _require_complete(pathlib.Path(from_env).expanduser(), f"the {ENV_VAR} folder")
    cache = default_cache_dir() / "mnist"
    if not _missing_files(cache):
        return cache
    mirrors = default_mirrors() if mirrors is None else mirrors
    if not download:
        raise DataError(_not_found_message(cache, mirrors, "downloading is switched off (download=False)."))
    try:
        _download_all(cache, FILES, mirrors, checksums, progress, timeout=30)
    except DataError as exc:
        raise DataError(_not_found_message(cache, mirrors, f"the download failed.\n{exc}")) from exc
    return cache


# --------------------------------------------------------------------------- downloading


def _stream(url: str, out, label: str, progress: bool, timeout: float) -> None:
    """Copy the body at ``url`` into the open file ``out``; fail if it arrives incomplete, is
    larger than :data:`MAX_DOWNLOAD_BYTES`, or comes slower than :data:`MIN_RATE` (on average,
    once :data:`RATE_GRACE` seconds have passed). ``timeout`` bounds each wait for data."""
    request = urllib.request.Request(url, headers={"User-Agent": "mlpbook"})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=timeout) as response:
        length = response.headers.get("Content-Length", "")
        total = int(length) if length.isdigit() else None
        if total is not None and total > MAX_DOWNLOAD_BYTES:
            raise DataError(f"the server announces {total:,} bytes, more than the "
                            f"{MAX_DOWNLOAD_BYTES:,} an MNIST file can have")
        received = 0
        with tqdm(total=total, desc=label, unit="B", unit_scale=True, unit_divisor=1024,
                  disable=not progress) as bar:
            # read1: whatever has arrived (read(n) would wait for all n bytes of a trickle)
            while chunk := response.read1(_CHUNK):
                out.write(chunk)
                received += len(chunk)
                bar.update(len(chunk))
                if received > MAX_DOWNLOAD_BYTES:
                    raise DataError(f"gave up after {received:,} bytes: more than an MNIST "
                                    f"file can have ({MAX_DOWNLOAD_BYTES:,})")
                _check_rate(received, total, time.monotonic() - started)
    if total is not None and received != total:
        raise DataError(f"the transfer was cut off after {received:,} of {total:,} bytes")


def _check_rate(received: int, total: int | None, elapsed: float) -> None:
    """Give up on a mirror that trickles: below MIN_RATE on average after RATE_GRACE s."""
    if elapsed > RATE_GRACE and received < MIN_RATE * elapsed:
        of = f" of {total:,}" if total is not None else ""
        raise DataError(
            f"gave up after {elapsed:.0f} s: only {received:,}{of} bytes arrived "
            f"({received / elapsed:,.0f} bytes/s on average), slower than the minimum of "
            f"{MIN_RATE:,} bytes/s. Try again later, or another mirror ({MIRRORS_ENV_VAR})"
        )


def _remove_stale_parts(folder: pathlib.Path, name: str) -> None:
    """Remove temporary files of earlier downloads of ``name`` that nothing writes to any
    more (killed with SIGKILL, a power cut): untouched for STALE_PART_SECONDS. A live
    download writes at least every ``timeout`` seconds or gives up, so it is never hit."""
    now = time.time()
    for part in folder.glob(f".{glob.escape(name)}.*.part"):
        with contextlib.suppress(OSError):
            if now - part.stat().st_mtime > STALE_PART_SECONDS:
                part.unlink()


def _fetch_verified(url: str, target: pathlib.Path, expected: str | None,
                    progress: bool, timeout: float) -> None:
    """Download ``url`` to ``target`` through a temporary file that becomes ``target`` only
    once the transfer is complete and the content is a valid IDX file with the right checksum.
    On any failure, including Ctrl-C (and SIGTERM on the command line), the temporary file is
    removed; one left by a killed process is removed by the next download."""
    _remove_stale_parts(target.parent, target.name)
    fd, tmp = safewrite.temporary_file(target, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            _stream(url, out, target.name, progress, timeout)
        try:
            _, digest = _scan_idx(tmp, keep=False)
        except DataError as exc:
            raise DataError(f"the downloaded file is damaged or not an IDX file ({exc})") from exc
        if expected is not None and digest != expected:
            raise DataError(f"checksum mismatch: the decompressed data has sha256 {digest}, expected {expected}")
        safewrite.user_permissions(tmp)  # not mkstemp's 0600: an ordinary file of the user
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fetch_one(dest: pathlib.Path, name: str, mirrors: tuple[str, ...], expected: str | None,
               progress: bool, timeout: float) -> None:
    """Fetch ``name.gz`` from the first mirror that delivers it intact."""
    failures = []
    for base in mirrors:
        url = (base if base.endswith("/") else base + "/") + f"{name}.gz"
        try:
            _fetch_verified(url, dest / f"{name}.gz", expected, progress, timeout)
            return
        except (OSError, http.client.HTTPException, DataError) as exc:  # URLError is an OSError
            failures.append(f"  {url}: {exc}")
    raise DataError(
        f"could not download {name}.gz from any mirror:\n" + "\n".join(failures) + "\n"
        "Check your internet connection (or proxy), then try again."
    )


def _download_all(dest: pathlib.Path, files: Iterable[str], mirrors: tuple[str, ...],
                  checksums: Mapping[str, str] | None, progress: bool, timeout: float) -> pathlib.Path:
    if not mirrors:
        raise DataError("no download mirrors were given; pass at least one base URL in mirrors=.")
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(f"cannot create the folder {dest}: {exc.strerror or exc}. "
                        f"Choose another folder with {ENV_VAR}.") from exc
    for name in files:
        expected = checksums.get(name) if checksums is not None else None
        if expected is not None and _file_status(dest, name, expected) == "ok":
            continue  # already here and verified: an interrupted download resumes cheaply
        _fetch_one(dest, name, tuple(mirrors), expected, progress, timeout)
    return dest


def download(
    dest_dir: str | os.PathLike,
    *,
    files: Iterable[str] = FILES,
    mirrors: tuple[str, ...] = MIRRORS,
    checksums: Mapping[str, str] | None = MNIST_SHA256,
    progress: bool = True,
    timeout: float = 30,
) -> pathlib.Path:
    """Download ``files`` (as ``NAME.gz``) into ``dest_dir`` and return that folder.

    Each file is tried on every mirror in turn. A file appears in ``dest_dir`` only when it is
    complete and its decompressed bytes match ``checksums`` (when a checksum is known for it),
    so an interrupted or corrupted download never leaves a half-written file behind. Files
    already present with the right checksum are not fetched again.
    """
    return _download_all(pathlib.Path(dest_dir).expanduser(), files, mirrors, checksums, progress, timeout)


def _file_status(folder: pathlib.Path, name: str, expected: str | None) -> str:
    path = _find_file(folder, name)
    if path is None:
        return "missing"
    try:
        _, digest = _scan_idx(path, keep=False)  # checksum only: memory stays one chunk
    except _Unreadable:
        return "unreadable"
    except DataError:
        return "damaged"
    if expected is not None and digest != expected:
        return "mismatch"
    return "ok"


def verify(data_dir: str | os.PathLike, checksums: Mapping[str, str] | None = MNIST_SHA256) -> dict[str, str]:
    """Check each file in ``data_dir``: ``"ok"``, ``"missing"``, ``"mismatch"``, ``"damaged"``
    or ``"unreadable"``.

    ``"damaged"`` means the file cannot be decompressed or parsed as IDX; ``"unreadable"`` that
    it is there but cannot be opened or read (permissions, an I/O error); ``"mismatch"`` that
    it parses but its checksum differs. With ``checksums=None`` only readability is checked.
    """
    folder = pathlib.Path(data_dir).expanduser()
    names = tuple(checksums) if checksums else FILES
    known = checksums or {}
    return {name: _file_status(folder, name, known.get(name)) for name in names}


# --------------------------------------------------------------------------- the dataset


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class Dataset:
    """Training and test sets, images flattened to rows of floats in [0, 1].

    ``0`` is the black background and ``1`` white ink, as stored in MNIST. Each image is one row
    of ``rows * cols`` numbers: the activations of the input layer.
    """

    train_images: np.ndarray  # (N, rows*cols) float32 in [0, 1], C-contiguous
    train_labels: np.ndarray  # (N,) int64
    test_images: np.ndarray  # (M, rows*cols) float32 in [0, 1], C-contiguous
    test_labels: np.ndarray  # (M,) int64
    image_shape: tuple[int, int]  # (rows, cols), (28, 28) for MNIST
    source: str  # folder the data came from, or "synthetic"

    def __post_init__(self):
        pixels = int(np.prod(self.image_shape))
        for images, labels, part in ((self.train_images, self.train_labels, "train"),
                                     (self.test_images, self.test_labels, "test")):
            if images.ndim != 2 or images.shape[1] != pixels:
                raise DataError(f"{part}_images must have shape (n, {pixels}) for image_shape "
                                f"{tuple(self.image_shape)}; got {images.shape}")
            if labels.shape != (images.shape[0],):
                raise DataError(f"{part}_labels must have shape ({images.shape[0]},) to match "
                                f"{part}_images; got {labels.shape}")

    @property
    def n_classes(self) -> int:
        """Number of classes: the largest label plus one, over training and test labels."""
        return int(max(self.train_labels.max(initial=-1), self.test_labels.max(initial=-1))) + 1

    def split(self, n_validation: int = 10_000) -> tuple[Dataset, tuple[np.ndarray, np.ndarray]]:
        """Hold out the *last* ``n_validation`` training examples for validation.

        Returns ``(dataset_without_them, (validation_images, validation_labels))``; the test set
        is unchanged. No shuffling, so the split is the same every time (for MNIST: the classic
        50,000 training + 10,000 validation images).
        """
        n_train = len(self.train_labels)
        if not 0 < n_validation < n_train:
            raise ValueError(f"n_validation must be between 1 and {n_train - 1}; got {n_validation}")
        keep = n_train - n_validation
        rest = dataclasses.replace(self, train_images=self.train_images[:keep],
                                   train_labels=self.train_labels[:keep])
        return rest, (self.train_images[keep:], self.train_labels[keep:])

    def __repr__(self) -> str:  # the default would print whole arrays
        return (f"Dataset(train={len(self.train_labels)}, test={len(self.test_labels)}, "
                f"image_shape={tuple(self.image_shape)}, n_classes={self.n_classes}, "
                f"source={self.source!r})")


def _check_layout(arrays: Mapping[str, np.ndarray], names: Mapping[str, str]) -> None:
    """Images must be 3-D with one shape for train and test; each label file must match its images."""
    for images_key, labels_key in (("train_images", "train_labels"), ("test_images", "test_labels")):
        images, labels = arrays[images_key], arrays[labels_key]
        if images.ndim != 3:
            raise DataError(f"{names[images_key]} should hold images (3 dimensions: count, rows, "
                            f"columns) but has shape {images.shape}. Are the files swapped?")
        if labels.ndim != 1:
            raise DataError(f"{names[labels_key]} should hold labels (1 dimension) but has shape "
                            f"{labels.shape}. Are the files swapped?")
        if len(images) != len(labels):
            raise DataError(f"{names[images_key]} holds {len(images):,} images but "
                            f"{names[labels_key]} holds {len(labels):,} labels; the counts must match. "
                            "One of the two files is from another dataset: replace it.")
    if arrays["train_images"].shape[1:] != arrays["test_images"].shape[1:]:
        raise DataError(f"training images are {arrays['train_images'].shape[1:]} but test images are "
                        f"{arrays['test_images'].shape[1:]}; both must have the same size.")


def _decode_files(paths: Mapping[str, pathlib.Path], checksums: Mapping[str, str] | None) -> dict[str, np.ndarray]:
    """Read and verify the four files into uint8 arrays keyed like :data:`_KEYS`."""
    arrays, differ = {}, []
    for key, name in zip(_KEYS, FILES):
        array, digest = _load_idx(paths[name])
        expected = checksums.get(name) if checksums is not None else None
        if expected is not None and digest != expected:
            differ.append((name, digest, expected))
        arrays[key] = array
    if differ and len(differ) == sum(checksums.get(name) is not None for name in FILES):
        # Every file reads as IDX and none is MNIST: far more likely another dataset (a
        # reader's own digits, Fashion-MNIST) than four damaged copies, so say that first.
        folder = paths[FILES[0]].parent
        raise DataError(
            f"{folder} holds readable IDX files, but none of them is MNIST (the sha256 of each "
            "differs from MNIST's).\nIf that is on purpose (your own digits, Fashion-MNIST, any "
            "data in the IDX layout), load it with checksums=None (on the command line: "
            "--no-verify).\nIf they should be MNIST, they are damaged: delete them and run again "
            "to download a fresh copy.")
    if differ:
        name, digest, expected = differ[0]
        raise DataError(
            f"{paths[name]} does not match the MNIST checksum (sha256 of the decompressed data "
            f"is {digest}, expected {expected}): the file is corrupted or is not MNIST.\n"
            "Fix: delete it and run again to download a fresh copy; if it is another dataset "
            "in the IDX layout on purpose (e.g. Fashion-MNIST), load it with checksums=None."
        )
    _check_layout(arrays, {key: str(paths[name]) for key, name in zip(_KEYS, FILES)})
    return arrays


def _cache_path(paths: Iterable[pathlib.Path], checksums: Mapping[str, str] | None) -> pathlib.Path | None:
    """Where the decoded arrays of these exact files are cached (None if they cannot be stat'ed).

    The key changes whenever a source file is replaced or touched, so the cache never serves
    stale data; it also records whether the files were verified against checksums.
    """
    parts = [_CACHE_FORMAT]
    try:
        for path in paths:
            info = path.stat()
            parts.append(f"{path.resolve()}|{info.st_size}|{info.st_mtime_ns}")
    except OSError:
        return None
    parts.append(json.dumps(dict(checksums), sort_keys=True) if checksums is not None else "unverified")
    key = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return default_cache_dir() / "decoded" / f"{key}.npz"


def _read_cache(path: pathlib.Path) -> dict[str, np.ndarray] | None:
    """The cached arrays, or None when the cache file is absent or unusable in any way.

    Read header first (:mod:`mlpbook.engine.npzfile`): exactly the four uint8 members, each refused
    before reading if it could not fit in memory. A hit marks the entry as recently used.
    """
    try:
        with npzfile.Archive(path) as stored:
            if set(stored.members) != set(_KEYS) or any(
                    member.dtype != np.uint8 for member in stored.members.values()):
                return None
            limit = memory_limit() or MAX_INT
            arrays = {key: stored.read(key, limit) for key in _KEYS}
        _check_layout(arrays, {key: key for key in _KEYS})
        os.utime(path)  # recently used: pruned last
    except Exception:  # a broken cache is a cache miss, never an error
        return None
    return arrays


def _write_cache(path: pathlib.Path, arrays: Mapping[str, np.ndarray]) -> None:
    """Store the arrays atomically (temporary file, then rename), then prune the cache to
    :data:`CACHE_MAX_BYTES`; failure only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with safewrite.replace_atomically(path) as out:
            np.savez(out, **arrays)
    except OSError:
        return  # e.g. a read-only home folder: loading still works, just not faster next time
    _prune_cache(path.parent, keep=path)


def _prune_cache(folder: pathlib.Path, keep: pathlib.Path) -> None:
    """Delete the least recently used entries until the cache holds at most CACHE_MAX_BYTES
    (the entry just written always stays), and temporary files left by killed processes."""
    now = time.time()
    entries = []
    for entry in folder.iterdir():
        with contextlib.suppress(OSError):
            info = entry.stat()
            if entry.name.startswith(".") and entry.suffix == ".tmp":
                if now - info.st_mtime > STALE_PART_SECONDS:
                    entry.unlink()
            elif entry.suffix == ".npz" and entry != keep:
                entries.append((info.st_mtime, info.st_size, entry))
    total = 0
    with contextlib.suppress(OSError):
        total = keep.stat().st_size
    for _, size, entry in sorted(entries, reverse=True):  # most recently used first
        total += size
        if total > CACHE_MAX_BYTES:
            with contextlib.suppress(OSError):
                entry.unlink()


def _as_float_rows(images: np.ndarray) -> np.ndarray:
    """uint8 images (n, rows, cols) -> float32 rows (n, rows*cols) in [0, 1]."""
    rows = images.reshape(len(images), -1).astype(np.float32)  # a fresh C-contiguous copy
    rows /= 255
    return rows


def _to_dataset(arrays: Mapping[str, np.ndarray], source: str) -> Dataset:
    return Dataset(
        train_images=_as_float_rows(arrays["train_images"]),
        train_labels=arrays["train_labels"].astype(np.int64),
        test_images=_as_float_rows(arrays["test_images"]),
        test_labels=arrays["test_labels"].astype(np.int64),
        image_shape=tuple(int(size) for size in arrays["train_images"].shape[1:]),
        source=source,
    )


def load_mnist(
    data_dir: str | os.PathLike | None = None,
    *,
    download: bool = True,
    checksums: Mapping[str, str] | None = MNIST_SHA256,
    cache: bool = True,
    progress: bool = True,
) -> Dataset:
    """Load MNIST (or any dataset in the same four-file IDX layout) as a :class:`Dataset`.

    The folder is found by :func:`find_data_dir`. The files are checked against ``checksums``
    (pass ``checksums=None`` for other datasets). The decoded arrays are cached in
    ``default_cache_dir()/"decoded"`` so that a second load skips decompression; ``cache=False``
    always reads the files.
    """
    folder = find_data_dir(data_dir, download=download, checksums=checksums, progress=progress)
    paths = {name: _find_file(folder, name) for name in FILES}
    cache_path = _cache_path(paths.values(), checksums) if cache else None
    arrays = _read_cache(cache_path) if cache_path is not None else None
    if arrays is None:
        arrays = _decode_files(paths, checksums)
        if cache_path is not None:
            _write_cache(cache_path, arrays)
    n_pixels = arrays["train_images"].size + arrays["test_images"].size
    n_labels = arrays["train_labels"].size + arrays["test_labels"].size
    try:  # the images become float32 (4 bytes a pixel), the labels int64
        check_memory(4 * n_pixels + 8 * n_labels, f"the dataset in {folder} has {n_pixels:,} "
                     f"pixels; as float32", "use a smaller dataset")
    except ValueError as exc:
        raise DataError(str(exc)) from None
    return _to_dataset(arrays, source=str(folder))


# --------------------------------------------------------------------------- synthetic data


def synthetic_digits(
    n_train: int = 500,
    n_test: int = 100,
    *,
    n_classes: int = 10,
    image_shape: tuple[int, int] = (8, 8),
    seed: int = 0,
) -> Dataset:
    """A small, learnable stand-in for MNIST, for tests and demos that must not need the files.

    Each class has a fixed random pattern of "ink" pixels; an example is its class pattern at a
    random brightness plus Gaussian noise, clipped to [0, 1]. Classes are balanced and the result
    depends only on the arguments (same seed, same data).
    """
    if n_train < 1 or n_test < 1:
        raise ValueError(f"n_train and n_test must be at least 1; got {n_train} and {n_test}")
    if n_classes < 2:
        raise ValueError(f"n_classes must be at least 2; got {n_classes}")
    rows, cols = (int(size) for size in image_shape)
    if rows < 1 or cols < 1:
        raise ValueError(f"image_shape must be two positive sizes; got {image_shape}")
    rng = np.random.default_rng(seed)
    prototypes = (rng.random((n_classes, rows * cols)) < 0.3).astype(np.float32)

    def sample(n: int) -> tuple[np.ndarray, np.ndarray]:
        labels = rng.permutation(np.arange(n) % n_classes).astype(np.int64)
        brightness = rng.uniform(0.6, 1.0, size=(n, 1))
        noise = rng.normal(0.0, 0.15, size=(n, rows * cols))
        images = np.clip(prototypes[labels] * brightness + noise, 0.0, 1.0).astype(np.float32)
        return images, labels

    train_images, train_labels = sample(n_train)
    test_images, test_labels = sample(n_test)
    return Dataset(train_images, train_labels, test_images, test_labels, (rows, cols), "synthetic")
