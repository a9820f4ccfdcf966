"""The trainer's data files, written from MNIST as the loader finds it (never committed).

The book build writes ``_static/mlpbook-data/mnist-subset.bin.gz`` (fetched over http) and
``mnist-subset.js`` (the same bytes as base64, for a site opened from disk). They must hold
exactly the first 10,000 training and 2,000 test images and labels, weigh at most 2 MB
gzipped, be the same bytes on every build, and refuse to be read back when damaged.
"""

import base64
import gzip
import re

import numpy as np
import pytest

from mlpbook.widgets import browser_training
from mlpbook.book.trainer_data import (BIN_NAME, DATA_DIR, GLOBAL_NAME, JS_NAME,
                                       write_trainer_data)
from mlpbook.engine.data import load_mnist


@pytest.fixture(scope="module")
def mnist():
    return load_mnist(progress=False)


@pytest.fixture(scope="module")
def written(tmp_path_factory, mnist):
    static = tmp_path_factory.mktemp("site") / "_static"
    return static, write_trainer_data(static)


def test_sizes_and_what_the_files_hold(written, mnist):
    static, sizes = written
    folder = static / DATA_DIR
    assert sorted(p.name for p in folder.iterdir()) == [BIN_NAME, JS_NAME]
    gz = (folder / BIN_NAME).read_bytes()
    assert sizes == {"folder": str(folder), "bin_gz_bytes": len(gz),
                     "js_bytes": (folder / JS_NAME).stat().st_size,
                     "n_train": 10_000, "n_test": 2_000}
    assert 1_000_000 < len(gz) <= 2_000_000
    # the round trip gives MNIST's first images back, byte for byte
    back = browser_training.unpack_subset(gz)
    assert back.train_images.shape == (10_000, 784) and back.test_images.shape == (2_000, 784)
    assert np.array_equal(back.train_images.astype(np.float32) / np.float32(255),
                          mnist.train_images[:10_000])
    assert np.array_equal(back.test_images.astype(np.float32) / np.float32(255),
                          mnist.test_images[:2_000])
    assert np.array_equal(back.train_labels, mnist.train_labels[:10_000])
    assert np.array_equal(back.test_labels, mnist.test_labels[:2_000])
    assert back.image_shape == (28, 28)


def test_the_fallback_script_holds_the_same_bytes(written):
    static, _ = written
    text = (static / DATA_DIR / JS_NAME).read_text(encoding="ascii")
    assert "MNIST (Y. LeCun, C. Cortes, C. J. C. Burges; CC BY-SA 3.0)" in text
    found = re.search(rf'^globalThis\.{GLOBAL_NAME} = "([A-Za-z0-9+/=]+)";$', text, re.M)
    assert found and base64.b64decode(found.group(1)) == (static / DATA_DIR / BIN_NAME).read_bytes()


def test_the_same_bytes_every_time_and_files_left_alone(written):
    static, _ = written
    path = static / DATA_DIR / BIN_NAME
    before = path.stat().st_mtime_ns, path.read_bytes()
    write_trainer_data(static)
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before   # not even rewritten
    assert gzip.decompress(before[1])[:8] == browser_training.MAGIC


def test_damaged_or_foreign_files_are_refused():
    data = browser_training.Subset(np.zeros((3, 4), np.uint8), np.arange(3, dtype=np.uint8),
                                   np.ones((2, 4), np.uint8), np.arange(2, dtype=np.uint8),
                                   (2, 2))
    raw = browser_training.pack_subset(data)
    back = browser_training.unpack_subset(raw)
    assert np.array_equal(back.test_images, data.test_images) and back.image_shape == (2, 2)
    with pytest.raises(ValueError, match="header announces"):
        browser_training.unpack_subset(raw[:-1])
    with pytest.raises(ValueError, match="not an mlpbook trainer data file"):
        browser_training.unpack_subset(b"\x89PNG" + raw)


def test_images_that_are_not_bytes_are_refused():
    from mlpbook.engine.data import synthetic_digits

    with pytest.raises(ValueError, match="not 8-bit images divided by 255"):
        browser_training.subset(synthetic_digits(20, 5), 20, 5)
    with pytest.raises(ValueError, match="the page needs at least 10000"):
        browser_training.subset(synthetic_digits(20, 5))
