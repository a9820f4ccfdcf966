"""Tests of mlpbook.engine.data: IDX parsing, finding, downloading, caching and loading the data."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.server
import os
import pathlib
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import tracemalloc

import numpy as np
import pytest

from mlpbook.engine import data
from mlpbook.engine.data import DataError



@pytest.fixture(scope="module")
def real_mnist_folder():
    """Where the package finds MNIST in this environment: folder in $MLPBOOK_DATA_DIR, else
    the user cache, else a download. (Module scope: found before ``isolated_env`` hides them.)"""
    try:
        return data.find_data_dir()
    except DataError as exc:
        pytest.fail(f"the real-data tests need MNIST where the package finds it:\n{exc}")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    """Keep every test away from the user's cache and from a data folder set in the shell."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv(data.ENV_VAR, raising=False)


# --------------------------------------------------------------------------- helpers


def idx_bytes(array: np.ndarray, tmp_path: pathlib.Path) -> bytes:
    """The decompressed IDX bytes write_idx produces for ``array``."""
    path = tmp_path / "scratch-idx"
    data.write_idx(path, array)
    raw = path.read_bytes()
    path.unlink()
    return raw


def small_arrays(n_train=20, n_test=6, shape=(4, 5), seed=1) -> dict[str, np.ndarray]:
    """A tiny dataset in MNIST layout, keyed by IDX file name."""
    rng = np.random.default_rng(seed)
    return {
        "train-images-idx3-ubyte": rng.integers(0, 256, (n_train, *shape), dtype=np.uint8),
        "train-labels-idx1-ubyte": rng.integers(0, 3, n_train, dtype=np.uint8),
        "t10k-images-idx3-ubyte": rng.integers(0, 256, (n_test, *shape), dtype=np.uint8),
        "t10k-labels-idx1-ubyte": rng.integers(0, 3, n_test, dtype=np.uint8),
    }


def write_dataset(folder: pathlib.Path, arrays: dict[str, np.ndarray], gz=True) -> pathlib.Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, array in arrays.items():
        data.write_idx(folder / (name + ".gz" if gz else name), array)
    return folder


def checksums_of(arrays: dict[str, np.ndarray], tmp_path) -> dict[str, str]:
    return {name: hashlib.sha256(idx_bytes(a, tmp_path)).hexdigest() for name, a in arrays.items()}


def closed_port_url() -> str:
    """A URL on a local port nobody listens on: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/mnist/"


@contextlib.contextmanager
def serve(routes: dict[str, tuple[str, bytes]]):
    """Serve ``routes`` (URL path -> (mode, body)) on 127.0.0.1; yields the base URL.

    mode "ok" sends the body; mode "cut" announces the full Content-Length, sends half the
    body and closes the connection; mode "trickle" sends one byte every 0.05 s (a mirror that
    never quite stops). Any other path is a 404.
    """

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path not in routes:
                self.send_error(404)
                return
            mode, body = routes[self.path]
            self.send_response(200)
            self.send_header("Content-Type", "application/gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if mode == "trickle":
                with contextlib.suppress(OSError):  # the client gave up
                    for k in range(len(body)):
                        self.wfile.write(body[k:k + 1])
                        self.wfile.flush()
                        time.sleep(0.05)
                return
            self.wfile.write(body if mode == "ok" else body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True

        def log_message(self, *args):  # keep test output clean
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def payloads(tmp_path):
    """Gzipped IDX files of a tiny dataset, and the checksums of their decompressed bytes."""
    arrays = small_arrays()
    gz = {name: gzip.compress(idx_bytes(a, tmp_path)) for name, a in arrays.items()}
    return gz, checksums_of(arrays, tmp_path), arrays


# --------------------------------------------------------------------------- IDX format


@pytest.mark.parametrize("suffix", ["", ".gz"])
@pytest.mark.parametrize("shape", [(7,), (3, 4, 5), (2, 3, 4, 1)])
def test_write_read_round_trip(tmp_path, suffix, shape):
    array = np.random.default_rng(0).integers(0, 256, shape, dtype=np.uint8)
    path = tmp_path / ("file" + suffix)
    data.write_idx(path, array)
    back = data.read_idx(path)
    assert back.dtype == np.uint8 and back.shape == shape
    np.testing.assert_array_equal(back, array)
    assert path.read_bytes().startswith(b"\x1f\x8b") == (suffix == ".gz")


def test_write_idx_header_is_the_standard_layout(tmp_path):
    raw = idx_bytes(np.zeros((2, 28, 28), np.uint8), tmp_path)
    assert raw[:16] == bytes.fromhex("00000803 00000002 0000001c 0000001c")
    assert len(raw) == 16 + 2 * 28 * 28
    assert idx_bytes(np.zeros(3, np.uint8), tmp_path)[:8] == bytes.fromhex("00000801 00000003")


def test_gzip_is_detected_by_content_not_by_name(tmp_path):
    labels = np.arange(10, dtype=np.uint8)
    gz_without_suffix = tmp_path / "labels"
    gz_without_suffix.write_bytes(gzip.compress(idx_bytes(labels, tmp_path)))
    raw_with_suffix = tmp_path / "labels.gz"
    raw_with_suffix.write_bytes(idx_bytes(labels, tmp_path))
    np.testing.assert_array_equal(data.read_idx(gz_without_suffix), labels)
    np.testing.assert_array_equal(data.read_idx(raw_with_suffix), labels)


def test_write_idx_accepts_small_ints_and_rejects_the_rest(tmp_path):
    data.write_idx(tmp_path / "a", np.array([0, 9, 255], dtype=np.int64))
    np.testing.assert_array_equal(data.read_idx(tmp_path / "a"), [0, 9, 255])
    with pytest.raises(ValueError):
        data.write_idx(tmp_path / "b", np.array([0, 256]))
    with pytest.raises(ValueError):
        data.write_idx(tmp_path / "c", np.array([0.5]))
    with pytest.raises(ValueError):
        data.write_idx(tmp_path / "d", np.zeros((0, 3), np.uint8))


def _images_file(tmp_path) -> bytes:
    return idx_bytes(np.full((5, 3, 3), 7, np.uint8), tmp_path)  # 16 + 45 = 61 bytes


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_data_names_file_and_byte_counts(tmp_path, gz):
    raw = _images_file(tmp_path)[:-10]
    path = tmp_path / "short-images"
    path.write_bytes(gzip.compress(raw) if gz else raw)
    with pytest.raises(DataError) as err:
        data.read_idx(path)
    message = str(err.value)
    assert "truncated" in message and "short-images" in message
    assert "61 bytes" in message and "51 bytes" in message
    assert "download it again" in message


def test_header_promising_more_items_than_present_is_truncated(tmp_path):
    raw = bytearray(_images_file(tmp_path))
    raw[4:8] = (6).to_bytes(4, "big")  # header says 6 images, 5 are present
    path = tmp_path / "count-images"
    path.write_bytes(bytes(raw))
    with pytest.raises(DataError, match=r"truncated.*70 bytes.*61 bytes"):
        data.read_idx(path)


def test_trailing_bytes_are_rejected(tmp_path):
    path = tmp_path / "long-images"
    path.write_bytes(_images_file(tmp_path) + b"extra")
    with pytest.raises(DataError) as err:
        data.read_idx(path)
    message = str(err.value)
    assert "trailing" in message and "long-images" in message
    assert "61 bytes" in message and "66 bytes" in message


@pytest.mark.parametrize("head", [b"<!DOCTYPE html>", b"\x00\x00\x08\x00", b"\x01\x00\x08\x03", b"\x00"])
def test_wrong_magic_is_not_idx(tmp_path, head):
    path = tmp_path / "page.html"
    path.write_bytes(head + _images_file(tmp_path)[4:])
    with pytest.raises(DataError, match=r"page\.html is not an IDX file: wrong magic"):
        data.read_idx(path)


def test_empty_file_is_not_idx(tmp_path):
    (tmp_path / "empty").write_bytes(b"")
    with pytest.raises(DataError, match="not an IDX file"):
        data.read_idx(tmp_path / "empty")


def test_unsupported_type_code(tmp_path):
    raw = bytearray(_images_file(tmp_path))
    raw[2] = 0x0D  # float32
    (tmp_path / "floats").write_bytes(bytes(raw))
    with pytest.raises(DataError, match=r"type code 0x0d.*0x08"):
        data.read_idx(tmp_path / "floats")


def test_nonpositive_dimension(tmp_path):
    raw = bytearray(_images_file(tmp_path))
    raw[8:12] = (0).to_bytes(4, "big")
    (tmp_path / "zero").write_bytes(bytes(raw))
    with pytest.raises(DataError, match="invalid shape"):
        data.read_idx(tmp_path / "zero")


def _noisy_gzip(tmp_path) -> bytes:
    """A gzip file of incompressible data, so damage in the middle hits the deflate stream."""
    noise = np.random.default_rng(3).integers(0, 256, (40, 10, 10), dtype=np.uint8)
    return gzip.compress(idx_bytes(noise, tmp_path))


@pytest.mark.parametrize("damage", ["flip_middle", "cut_half", "cut_crc", "bad_header"])
def test_corrupted_gzip_says_damaged_and_redownload(tmp_path, damage):
    blob = bytearray(_noisy_gzip(tmp_path))
    middle = len(blob) // 2
    if damage == "flip_middle":
        for i in range(middle, middle + 16):
            blob[i] ^= 0xFF
    elif damage == "cut_half":
        blob = blob[:middle]
    elif damage == "cut_crc":
        blob = blob[:-4]
    else:
        blob[2] = 0x63  # compression method other than deflate
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(bytes(blob))
    with pytest.raises(DataError) as err:
        data.read_idx(path)
    message = str(err.value)
    assert "train-images-idx3-ubyte.gz" in message
    assert "damaged" in message and "Delete it and download it again" in message


def test_unreadable_path_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="cannot read"):
        data.read_idx(tmp_path / "nope")
    with pytest.raises(DataError, match="cannot read"):
        data.read_idx(tmp_path)  # a folder


# --------------------------------------------------------------------------- finding the data


def test_default_cache_dir_respects_xdg(tmp_path, monkeypatch):
    assert data.default_cache_dir() == tmp_path / "xdg-cache" / "mlpbook"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert data.default_cache_dir() == tmp_path / "home" / ".cache" / "mlpbook"


def test_find_data_dir_order(tmp_path, monkeypatch):
    arrays = small_arrays()
    explicit = write_dataset(tmp_path / "explicit", arrays)
    from_env = write_dataset(tmp_path / "env", arrays, gz=False)
    cache = write_dataset(data.default_cache_dir() / "mnist", arrays)
    offline = {"download": False, "mirrors": (closed_port_url(),)}

    assert data.find_data_dir(**offline) == cache
    monkeypatch.setenv(data.ENV_VAR, str(from_env))
    assert data.find_data_dir(**offline) == from_env
    assert data.find_data_dir(explicit, **offline) == explicit
    assert data.find_data_dir(str(explicit), **offline) == explicit


def test_folder_has_data_with_mixed_raw_and_gz(tmp_path):
    arrays = small_arrays()
    folder = tmp_path / "mixed"
    folder.mkdir()
    for i, (name, array) in enumerate(arrays.items()):
        data.write_idx(folder / (name + (".gz" if i % 2 else "")), array)
    assert data.find_data_dir(folder, download=False) == folder


def test_explicit_dir_missing_files_is_an_error_listing_them(tmp_path):
    arrays = small_arrays()
    folder = write_dataset(tmp_path / "partial", {k: v for k, v in arrays.items() if "train" in k})
    write_dataset(data.default_cache_dir() / "mnist", arrays)  # must NOT be used instead
    with pytest.raises(DataError) as err:
        data.find_data_dir(folder)
    message = str(err.value)
    assert str(folder) in message
    assert "t10k-images-idx3-ubyte" in message and "t10k-labels-idx1-ubyte" in message
    assert "missing t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte" in message
    assert "Fix" in message


def test_env_dir_missing_is_an_error_not_a_fallthrough(tmp_path, monkeypatch):
    write_dataset(data.default_cache_dir() / "mnist", small_arrays())
    missing = tmp_path / "does-not-exist"
    monkeypatch.setenv(data.ENV_VAR, str(missing))
    with pytest.raises(DataError) as err:
        data.find_data_dir(download=False)
    message = str(err.value)
    assert str(missing) in message and "does not exist" in message and data.ENV_VAR in message


@pytest.mark.parametrize("allow_download", [True, False])
def test_offline_with_nothing_says_exactly_what_to_do(allow_download):
    with pytest.raises(DataError) as err:
        data.find_data_dir(download=allow_download, mirrors=(closed_port_url(),), progress=False)
    message = str(err.value)
    cache = data.default_cache_dir() / "mnist"
    for name in data.FILES:
        assert f"{name}.gz" in message
    assert data.ENV_VAR in message
    assert str(cache) in message
    if allow_download:
        assert "download failed" in message and "127.0.0.1" in message
    else:
        assert "download=False" in message


def test_find_data_dir_downloads_into_the_cache(payloads):
    gz, sums, _ = payloads
    with serve({f"/m/{name}.gz": ("ok", body) for name, body in gz.items()}) as base:
        folder = data.find_data_dir(mirrors=(base + "/m/",), checksums=sums, progress=False)
    assert folder == data.default_cache_dir() / "mnist"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.gz" for n in data.FILES)


# --------------------------------------------------------------------------- downloading


def test_download_success(tmp_path, payloads):
    gz, sums, arrays = payloads
    dest = tmp_path / "dest"
    with serve({f"/m/{name}.gz": ("ok", body) for name, body in gz.items()}) as base:
        assert data.download(dest, mirrors=(base + "/m",), checksums=sums, progress=False) == dest
    assert sorted(p.name for p in dest.iterdir()) == sorted(f"{n}.gz" for n in data.FILES)
    assert data.verify(dest, sums) == {name: "ok" for name in data.FILES}
    np.testing.assert_array_equal(data.read_idx(dest / "t10k-images-idx3-ubyte.gz"),
                                  arrays["t10k-images-idx3-ubyte"])


def test_download_falls_back_to_second_mirror(tmp_path, payloads):
    gz, sums, _ = payloads
    dest = tmp_path / "dest"
    with serve({f"/good/{name}.gz": ("ok", body) for name, body in gz.items()}) as base:
        data.download(dest, mirrors=(base + "/gone/", base + "/good/"), checksums=sums, progress=False)
    assert data.verify(dest, sums) == {name: "ok" for name in data.FILES}


def test_download_skips_files_already_verified(tmp_path, payloads):
    gz, sums, _ = payloads
    dest = tmp_path / "dest"
    dest.mkdir()
    name = "train-labels-idx1-ubyte"
    (dest / f"{name}.gz").write_bytes(gz[name])
    # The server has nothing: it must not be asked for the file that is already present.
    with serve({}) as base:
        data.download(dest, files=(name,), mirrors=(base + "/m/",), checksums=sums, progress=False)


def test_download_rejects_corrupted_payload_and_leaves_nothing(tmp_path, payloads):
    gz, sums, _ = payloads
    name = "train-images-idx3-ubyte"
    wrong = gzip.compress(idx_bytes(np.ones((20, 4, 5), np.uint8), tmp_path))
    dest = tmp_path / "dest"
    with serve({f"/m/{name}.gz": ("ok", wrong)}) as base:
        with pytest.raises(DataError) as err:
            data.download(dest, files=(name,), mirrors=(base + "/m/",), checksums=sums, progress=False)
    message = str(err.value)
    assert "checksum mismatch" in message and f"{name}.gz" in message
    assert list(dest.iterdir()) == []


def test_download_rejects_non_gzip_payload(tmp_path, payloads):
    _, sums, _ = payloads
    name = "train-labels-idx1-ubyte"
    dest = tmp_path / "dest"
    with serve({f"/m/{name}.gz": ("ok", b"<html>Access denied</html>")}) as base:
        with pytest.raises(DataError, match="not an IDX file"):
            data.download(dest, files=(name,), mirrors=(base + "/m/",), checksums=sums, progress=False)
    assert list(dest.iterdir()) == []


def test_cut_off_transfer_leaves_no_file_and_no_temp_file(tmp_path, payloads):
    gz, sums, _ = payloads
    name = "train-images-idx3-ubyte"
    dest = tmp_path / "dest"
    with serve({f"/m/{name}.gz": ("cut", gz[name])}) as base:
        with pytest.raises(DataError) as err:
            data.download(dest, files=(name,), mirrors=(base + "/m/",), checksums=sums, progress=False)
    assert "cut off" in str(err.value)
    assert list(dest.iterdir()) == []


def test_cut_off_on_first_mirror_recovers_on_second(tmp_path, payloads):
    gz, sums, _ = payloads
    name = "train-images-idx3-ubyte"
    dest = tmp_path / "dest"
    routes = {f"/cut/{name}.gz": ("cut", gz[name]), f"/ok/{name}.gz": ("ok", gz[name])}
    with serve(routes) as base:
        data.download(dest, files=(name,), mirrors=(base + "/cut/", base + "/ok/"), checksums=sums, progress=False)
    assert [p.name for p in dest.iterdir()] == [f"{name}.gz"]


def test_download_with_all_mirrors_failing_lists_each_mirror(tmp_path):
    dead = closed_port_url()
    with pytest.raises(DataError) as err:
        data.download(tmp_path / "d", files=("train-labels-idx1-ubyte",), mirrors=(dead,), progress=False)
    assert dead + "train-labels-idx1-ubyte.gz" in str(err.value)


def test_verify_reports_each_state(tmp_path, payloads):
    gz, sums, _ = payloads
    folder = tmp_path / "v"
    folder.mkdir()
    (folder / "train-images-idx3-ubyte.gz").write_bytes(gz["train-images-idx3-ubyte"])
    (folder / "train-labels-idx1-ubyte").write_bytes(idx_bytes(np.zeros(20, np.uint8), tmp_path))
    (folder / "t10k-images-idx3-ubyte.gz").write_bytes(gz["t10k-images-idx3-ubyte"][:-20])
    assert data.verify(folder, sums) == {
        "train-images-idx3-ubyte": "ok",
        "train-labels-idx1-ubyte": "mismatch",
        "t10k-images-idx3-ubyte": "damaged",
        "t10k-labels-idx1-ubyte": "missing",
    }


# --------------------------------------------------------------------------- loading


def test_load_small_idx_dataset_without_checksums(tmp_path):
    arrays = small_arrays()
    folder = write_dataset(tmp_path / "fashion", arrays)
    ds = data.load_mnist(folder, checksums=None, progress=False)
    assert ds.image_shape == (4, 5)
    assert ds.source == str(folder)
    assert ds.train_images.shape == (20, 20) and ds.test_images.shape == (6, 20)
    for images in (ds.train_images, ds.test_images):
        assert images.dtype == np.float32 and images.flags.c_contiguous
        assert 0.0 <= images.min() and images.max() <= 1.0
    assert ds.train_labels.dtype == np.int64
    np.testing.assert_array_equal(ds.train_images, arrays["train-images-idx3-ubyte"].reshape(20, -1) / np.float32(255))
    np.testing.assert_array_equal(ds.test_labels, arrays["t10k-labels-idx1-ubyte"])
    assert ds.n_classes == 3


def test_load_verifies_checksums_by_default(tmp_path):
    folder = write_dataset(tmp_path / "not-mnist", small_arrays())
    with pytest.raises(DataError) as err:
        data.load_mnist(folder, progress=False)
    message = str(err.value)
    # four readable files, none of them MNIST: another dataset is the likelier reading
    assert str(folder) in message and "none of them is MNIST" in message
    assert message.index("checksums=None") < message.index("damaged")
    assert "--no-verify" in message


def test_one_file_that_differs_from_mnist_is_called_damaged(tmp_path):
    arrays = small_arrays()
    folder = write_dataset(tmp_path / "d", arrays)
    known = dict(checksums_of(arrays, tmp_path), **{"train-labels-idx1-ubyte": "0" * 64})
    with pytest.raises(DataError) as err:
        data.load_mnist(folder, checksums=known, progress=False)
    message = str(err.value)
    assert "train-labels-idx1-ubyte" in message and "corrupted or is not MNIST" in message


def test_load_with_matching_checksums(tmp_path):
    arrays = small_arrays()
    folder = write_dataset(tmp_path / "d", arrays)
    ds = data.load_mnist(folder, checksums=checksums_of(arrays, tmp_path), progress=False)
    assert len(ds.train_labels) == 20


def test_images_and_labels_count_mismatch(tmp_path):
    arrays = small_arrays()
    arrays["train-labels-idx1-ubyte"] = arrays["train-labels-idx1-ubyte"][:19]
    folder = write_dataset(tmp_path / "d", arrays)
    with pytest.raises(DataError) as err:
        data.load_mnist(folder, checksums=None, progress=False)
    message = str(err.value)
    assert "20 images" in message and "19 labels" in message
    assert "train-images-idx3-ubyte" in message and "train-labels-idx1-ubyte" in message


def test_swapped_files_are_reported(tmp_path):
    arrays = small_arrays()
    arrays["t10k-images-idx3-ubyte"], arrays["t10k-labels-idx1-ubyte"] = (
        arrays["t10k-labels-idx1-ubyte"], arrays["t10k-images-idx3-ubyte"])
    folder = write_dataset(tmp_path / "d", arrays)
    with pytest.raises(DataError, match="swapped"):
        data.load_mnist(folder, checksums=None, progress=False)


def _decoded_files() -> list[pathlib.Path]:
    return sorted((data.default_cache_dir() / "decoded").glob("*.npz"))


def test_decoded_cache_is_written_and_read(tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "d", small_arrays())
    first = data.load_mnist(folder, checksums=None, progress=False)
    assert len(_decoded_files()) == 1

    def no_file_reads(path):
        raise AssertionError(f"the cached load read {path}")

    monkeypatch.setattr(data, "_load_idx", no_file_reads)
    second = data.load_mnist(folder, checksums=None, progress=False)
    for field in ("train_images", "train_labels", "test_images", "test_labels"):
        np.testing.assert_array_equal(getattr(second, field), getattr(first, field))
        assert getattr(second, field).dtype == getattr(first, field).dtype
    assert second.image_shape == first.image_shape and second.source == first.source


def test_cache_false_neither_reads_nor_writes_the_cache(tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "d", small_arrays())
    data.load_mnist(folder, checksums=None, cache=False, progress=False)
    assert _decoded_files() == []
    data.load_mnist(folder, checksums=None, progress=False)
    assert len(_decoded_files()) == 1
    calls = []
    real = data._load_idx
    monkeypatch.setattr(data, "_load_idx", lambda path: calls.append(path) or real(path))
    data.load_mnist(folder, checksums=None, cache=False, progress=False)
    assert len(calls) == 4


def test_changed_source_file_is_not_served_from_a_stale_cache(tmp_path):
    arrays = small_arrays()
    folder = write_dataset(tmp_path / "d", arrays)
    data.load_mnist(folder, checksums=None, progress=False)
    new_labels = (arrays["t10k-labels-idx1-ubyte"] + 1) % 3
    data.write_idx(folder / "t10k-labels-idx1-ubyte.gz", new_labels)
    ds = data.load_mnist(folder, checksums=None, progress=False)
    np.testing.assert_array_equal(ds.test_labels, new_labels)


@pytest.mark.parametrize("garbage", [b"", b"not a zip file", b"PK\x03\x04broken"])
def test_corrupt_cache_file_is_ignored_and_rewritten(tmp_path, garbage):
    folder = write_dataset(tmp_path / "d", small_arrays())
    first = data.load_mnist(folder, checksums=None, progress=False)
    [cache_file] = _decoded_files()
    cache_file.write_bytes(garbage)
    second = data.load_mnist(folder, checksums=None, progress=False)
    np.testing.assert_array_equal(second.train_images, first.train_images)
    np.testing.assert_array_equal(second.test_labels, first.test_labels)
    with np.load(cache_file) as stored:  # rewritten as a valid cache
        assert set(stored.files) == {"train_images", "train_labels", "test_images", "test_labels"}


def test_cache_with_wrong_contents_is_ignored(tmp_path):
    folder = write_dataset(tmp_path / "d", small_arrays())
    first = data.load_mnist(folder, checksums=None, progress=False)
    [cache_file] = _decoded_files()
    np.savez(cache_file.with_suffix(""), train_images=np.zeros((3, 4, 5)))  # wrong keys and dtype
    second = data.load_mnist(folder, checksums=None, progress=False)
    np.testing.assert_array_equal(second.train_labels, first.train_labels)


def test_dataset_split_and_repr():
    ds = data.synthetic_digits(50, 10)
    rest, (x_val, y_val) = ds.split(15)
    assert len(rest.train_labels) == 35 and x_val.shape == (15, 64) and y_val.shape == (15,)
    np.testing.assert_array_equal(np.concatenate([rest.train_images, x_val]), ds.train_images)
    assert rest.test_images is ds.test_images
    with pytest.raises(ValueError):
        ds.split(50)
    assert repr(ds) == "Dataset(train=50, test=10, image_shape=(8, 8), n_classes=10, source='synthetic')"


def test_dataset_rejects_inconsistent_arrays():
    ds = data.synthetic_digits(20, 10)
    with pytest.raises(DataError, match="train_labels"):
        data.Dataset(ds.train_images, ds.train_labels[:5], ds.test_images, ds.test_labels, (8, 8), "x")
    with pytest.raises(DataError, match="test_labels"):
        data.Dataset(ds.train_images, ds.train_labels, ds.test_images, ds.test_labels[:3], (8, 8), "x")
    with pytest.raises(DataError, match=r"shape \(n, 72\) for image_shape \(8, 9\)"):
        data.Dataset(ds.train_images, ds.train_labels, ds.test_images, ds.test_labels, (8, 9), "x")


# --------------------------------------------------------------------------- synthetic data


def test_synthetic_digits_shapes_range_and_determinism():
    a = data.synthetic_digits(120, 30, n_classes=4, image_shape=(6, 7), seed=5)
    b = data.synthetic_digits(120, 30, n_classes=4, image_shape=(6, 7), seed=5)
    c = data.synthetic_digits(120, 30, n_classes=4, image_shape=(6, 7), seed=6)
    assert a.train_images.shape == (120, 42) and a.test_images.shape == (30, 42)
    assert a.train_images.dtype == np.float32 and a.train_labels.dtype == np.int64
    assert a.train_images.flags.c_contiguous
    assert a.train_images.min() >= 0.0 and a.train_images.max() <= 1.0
    assert a.image_shape == (6, 7) and a.source == "synthetic" and a.n_classes == 4
    assert np.bincount(a.train_labels).tolist() == [30, 30, 30, 30]
    np.testing.assert_array_equal(a.train_images, b.train_images)
    np.testing.assert_array_equal(a.test_labels, b.test_labels)
    assert not np.array_equal(a.train_images, c.train_images)


def test_synthetic_digits_are_learnable():
    """Nearest class mean on the training set classifies the test set well: there is signal."""
    ds = data.synthetic_digits(seed=2)
    means = np.stack([ds.train_images[ds.train_labels == k].mean(axis=0) for k in range(10)])
    distances = ((ds.test_images[:, None, :] - means[None]) ** 2).sum(axis=2)
    assert (distances.argmin(axis=1) == ds.test_labels).mean() > 0.9


# --------------------------------------------------------------------------- the real MNIST


def test_real_mnist_from_the_user_cache(real_mnist_folder, tmp_path):
    """With the files only in the user cache (no variable, no argument), everything finds them."""
    cache = data.default_cache_dir() / "mnist"  # under this test's own XDG_CACHE_HOME
    assert str(cache).startswith(str(tmp_path)) and data.ENV_VAR not in os.environ
    cache.mkdir(parents=True)
    for name in data.FILES:
        source = data._find_file(real_mnist_folder, name)
        os.symlink(source, cache / source.name)
    assert data.find_data_dir(download=False) == cache
    ds = data.load_mnist(download=False, progress=False)
    assert ds.train_images.shape == (60000, 784) and ds.test_labels[:3].tolist() == [7, 2, 1]


def test_real_mnist(monkeypatch, real_mnist_folder):
    folder = real_mnist_folder
    monkeypatch.setenv(data.ENV_VAR, str(folder))
    ds = data.load_mnist(progress=False)  # verifies the SHA-256 checksums
    assert ds.train_images.shape == (60000, 784) and ds.test_images.shape == (10000, 784)
    assert ds.image_shape == (28, 28) and ds.n_classes == 10
    assert ds.train_labels[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert ds.test_labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(ds.train_labels).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert np.bincount(ds.test_labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert abs(ds.train_images.mean(dtype=np.float64) - 0.1307) < 1e-4
    assert abs(ds.test_images.mean(dtype=np.float64) - 0.1325) < 1e-4
    assert data.verify(folder) == {name: "ok" for name in data.FILES}


# --------------------------------------------------------------------------- hostile and careless input

ROOT = pathlib.Path(__file__).resolve().parents[1]


def traced(call):
    """(result or exception, peak MiB traced, seconds) of ``call()``."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = call()
    except Exception as exc:  # noqa: BLE001 - returned for the test to look at
        result = exc
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return result, peak / 2**20, time.perf_counter() - started


def test_a_gzip_bomb_is_read_only_as_far_as_its_header_promises(tmp_path):
    # 61 bytes of IDX, then 64 MiB of zeros: 64 KB of gzip that inflates a thousandfold.
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(_images_file(tmp_path) + bytes(64 * 2**20), 1))
    error, peak, seconds = traced(lambda: data.read_idx(path))
    assert isinstance(error, DataError) and "trailing data" in str(error)
    assert "more than 1,048,576 bytes" in str(error)
    assert peak < 8 and seconds < 1.0
    status, peak, _ = traced(lambda: data.verify(tmp_path, None)["train-images-idx3-ubyte"])
    assert status == "damaged" and peak < 8


def test_a_header_promising_more_than_memory_is_refused_before_reading(tmp_path):
    raw = bytearray(_images_file(tmp_path))
    raw[4:16] = struct.pack(">3i", 2**31 - 1, 2**31 - 1, 2**31 - 1)  # about 10**28 bytes
    path = tmp_path / "liar-images"
    path.write_bytes(bytes(raw))
    error, peak, seconds = traced(lambda: data.read_idx(path))
    assert isinstance(error, DataError), error
    message = str(error)
    assert "liar-images" in message and "of memory, more than the" in message
    assert "damaged" in message and peak < 8 and seconds < 1.0
    path.rename(tmp_path / "train-images-idx3-ubyte")
    status, peak, seconds = traced(lambda: data.verify(tmp_path, None)["train-images-idx3-ubyte"])
    assert status == "damaged" and peak < 8 and seconds < 1.0


def test_verify_holds_one_chunk_not_the_file(tmp_path):
    folder = write_dataset(tmp_path / "d", small_arrays(n_train=10_000, shape=(28, 28)))
    statuses, peak, _ = traced(lambda: data.verify(folder, None))  # 7.8 MB of training images
    assert set(statuses.values()) == {"ok"} and peak < 3


def test_a_data_dir_that_is_a_file_is_named_as_such(tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "d", small_arrays())
    given = folder / "train-images-idx3-ubyte.gz"
    for call in (lambda: data.find_data_dir(given, download=False),
                 lambda: (monkeypatch.setenv(data.ENV_VAR, str(given)),
                          data.find_data_dir(download=False))):
        with pytest.raises(DataError) as err:
            call()
        message = str(err.value)
        assert "is a file, not a folder" in message and "does not exist" not in message
        assert f"name the folder that holds it, {folder}" in message


def test_an_unreadable_file_is_unreadable(tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "d", small_arrays())
    locked = folder / "t10k-images-idx3-ubyte.gz"
    real_open = open

    def open_but_locked(path, *args, **kwargs):  # as chmod 000 would (root ignores chmod)
        if pathlib.Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(data, "open", open_but_locked, raising=False)
    statuses = data.verify(folder, None)
    assert statuses["t10k-images-idx3-ubyte"] == "unreadable"
    assert [s for n, s in statuses.items() if n != "t10k-images-idx3-ubyte"] == ["ok"] * 3
    with pytest.raises(DataError, match="cannot read .*Permission denied"):
        data.load_mnist(folder, checksums=None, progress=False)


def test_a_trickling_mirror_is_given_up_with_the_rule(tmp_path, payloads, monkeypatch):
    gz, sums, _ = payloads
    name = "train-labels-idx1-ubyte"
    monkeypatch.setattr(data, "MIN_RATE", 1000)  # bytes per second, once RATE_GRACE has passed
    monkeypatch.setattr(data, "RATE_GRACE", 0.5)
    dest = tmp_path / "dest"
    started = time.perf_counter()
    with serve({f"/m/{name}.gz": ("trickle", gz[name])}) as base:
        with pytest.raises(DataError) as err:
            data.download(dest, files=(name,), mirrors=(base + "/m/",), checksums=sums,
                          progress=False, timeout=5)
    assert time.perf_counter() - started < 3
    message = str(err.value)
    assert "gave up after" in message and "slower than the minimum of 1,000 bytes/s" in message
    assert data.MIRRORS_ENV_VAR in message
    assert list(dest.iterdir()) == []


def test_a_download_larger_than_any_mnist_file_is_refused(tmp_path, payloads, monkeypatch):
    gz, sums, _ = payloads
    name = "train-images-idx3-ubyte"
    monkeypatch.setattr(data, "MAX_DOWNLOAD_BYTES", 100)
    dest = tmp_path / "dest"
    with serve({f"/m/{name}.gz": ("ok", gz[name])}) as base:
        with pytest.raises(DataError, match="more than the 100 an MNIST file can have"):
            data.download(dest, files=(name,), mirrors=(base + "/m/",), checksums=sums,
                          progress=False)
    assert list(dest.iterdir()) == []


def test_downloads_get_the_users_permissions_and_stale_parts_are_swept(tmp_path, payloads):
    gz, sums, _ = payloads
    name = "t10k-labels-idx1-ubyte"
    dest = tmp_path / "dest"
    dest.mkdir()
    stale, fresh = dest / f".{name}.gz.old12345.part", dest / f".{name}.gz.new12345.part"
    stale.write_bytes(b"left by a process killed an hour ago")
    fresh.write_bytes(b"another download, still running")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    with serve({f"/m/{name}.gz": ("ok", gz[name])}) as base:
        data.download(dest, files=(name,), mirrors=(base + "/m/",), checksums=sums,
                      progress=False)
    umask = os.umask(0o022)
    os.umask(umask)
    assert (dest / f"{name}.gz").stat().st_mode & 0o777 == 0o666 & ~umask
    assert not stale.exists() and fresh.exists()


def test_sigterm_during_a_download_leaves_no_part_file(tmp_path, payloads):
    gz, _, _ = payloads
    name = "train-images-idx3-ubyte"
    cache = tmp_path / "xdg" / "mlpbook" / "mnist"
    env = {key: value for key, value in os.environ.items() if key != data.ENV_VAR}
    env.update(XDG_CACHE_HOME=str(tmp_path / "xdg"), PYTHONPATH=str(ROOT))
    with serve({f"/m/{name}.gz": ("trickle", gz[name])}) as base:
        env[data.MIRRORS_ENV_VAR] = base + "/m/"
        process = subprocess.Popen([sys.executable, "-m", "mlpbook", "data"], env=env, cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 30
            while not list(cache.glob(".*.part")) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert list(cache.glob(".*.part")), "the download never started"
            process.send_signal(signal.SIGTERM)
            _, err = process.communicate(timeout=20)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode == 128 + signal.SIGTERM, err
    assert "mlpbook: terminated (SIGTERM)" in err and "Traceback" not in err
    assert list(cache.iterdir()) == []


def test_the_decoded_cache_stays_bounded_least_recently_used_first(tmp_path, monkeypatch):
    folders = [write_dataset(tmp_path / f"d{k}", small_arrays(seed=k)) for k in range(5)]
    data.load_mnist(folders[0], checksums=None, progress=False)
    [first] = _decoded_files()
    entry = first.stat().st_size
    monkeypatch.setattr(data, "CACHE_MAX_BYTES", int(2.5 * entry))  # room for two entries
    later = time.time()
    for k, folder in enumerate(folders[1:], start=1):
        data.load_mnist(folder, checksums=None, progress=False)
        for path in _decoded_files():  # mtimes a second apart, whatever the clock's grain
            if path.stat().st_mtime >= later:
                os.utime(path, (later + k, later + k))
        if k == 2:  # a hit on the first dataset makes it recently used again
            data.load_mnist(folders[0], checksums=None, progress=False)
            os.utime(first, (later + 2.5, later + 2.5))
    kept = _decoded_files()
    assert len(kept) == 2 and sum(p.stat().st_size for p in kept) <= 2.5 * entry
    newest = data._cache_path([data._find_file(folders[4], n) for n in data.FILES], None)
    assert newest in kept
