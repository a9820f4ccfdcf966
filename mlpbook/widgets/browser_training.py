"""Training in the reader's browser, seen from Python: the data the page gets, the start and
the order of examples it uses, and the Python run it must equal.

The trainer widget (:mod:`mlpbook.widgets.trainer`) trains 784-16-16-10 on MNIST digits in
the page, in JavaScript. A reader is promised that this is *the same training* as the
Python the chapter shows, not a look-alike, so everything that decides the result is fixed
here and copied exactly:

* **The data.** The first :data:`N_TRAIN` training and :data:`N_TEST` test images of MNIST
  as the loader found them, as bytes 0..255 (:func:`subset`). The page divides each byte by
  255 in float64, and so does :func:`inputs` (not the float32 images of
  :func:`mlpbook.engine.data.load_mnist`, which differ in the last bits). :func:`pack_subset` /
  :func:`unpack_subset` are the file format the book build writes and the page reads.
* **The start.** ``Network(sizes, activation, cost, seed=seed, dtype=np.float64)``, whose
  parameters the widget sends to the page as float64 bytes (:func:`initial_network`).
* **The order of examples.** ``numpy.random.default_rng(seed).permutation(N_TRAIN)`` once per
  epoch, exactly what :func:`mlpbook.train` draws (:func:`example_orders`). The page has its
  own copy of numpy's generator (PCG64 seeded by SeedSequence, and ``permutation``), tested
  to give the same numbers, so any seed and any number of epochs need no data from Python.
* **The steps.** :func:`train_like_the_page` runs the readable per-example loop of
  :mod:`mlpbook.engine.reference` over that data, start and order. One epoch in the page equals it
  to about 1e-14: not bit for bit, because numpy adds a dot product's terms in another order
  than a plain loop does and its ``tanh`` is another implementation than the browser's.
"""

from __future__ import annotations

import dataclasses
import gzip
import struct

import numpy as np

from ..engine._report import Report
from ..i18n import T
from ..engine.network import Network
from ..engine.train import train
from ..engine.validation import check_positive

__all__ = ["N_TRAIN", "N_TEST", "MAGIC", "Subset", "subset", "validation_images", "inputs",
           "pack_subset", "unpack_subset", "gzip_subset", "initial_network", "example_orders",
           "shuffled_label_order", "train_like_the_page", "accuracy_report", "drift_table"]

#: Training and test images the page trains and scores on (the first ones of MNIST).
N_TRAIN = 10_000
N_TEST = 2_000
#: The first bytes of the page's data file; then n_train, n_test, rows, cols (uint32 LE),
#: training images, training labels, test images, test labels (uint8).
MAGIC = b"MLPBMNS1"
_HEADER = struct.Struct("<8s4I")


@dataclasses.dataclass(frozen=True, eq=False)
class Subset:
    """Images as bytes (one row of rows*cols pixels per image, 0 black .. 255 white) and labels."""

    train_images: np.ndarray  # (n_train, rows*cols) uint8
    train_labels: np.ndarray  # (n_train,) uint8
    test_images: np.ndarray  # (n_test, rows*cols) uint8
    test_labels: np.ndarray  # (n_test,) uint8
    image_shape: tuple = (28, 28)

    def __repr__(self):
        return (f"Subset(train={len(self.train_labels)}, test={len(self.test_labels)}, "
                f"image_shape={tuple(self.image_shape)})")


def _as_bytes(images, name):
    """Float images in [0, 1] that are k/255 (as the loader makes them) back to the bytes k."""
    images = np.asarray(images)
    if images.dtype == np.uint8:
        return np.ascontiguousarray(images)
    scaled = np.rint(images.astype(np.float64) * 255.0)
    if scaled.min(initial=0) < 0 or scaled.max(initial=0) > 255 or not np.array_equal(
            (scaled.astype(np.float32) / np.float32(255)), images.astype(np.float32)):
        raise ValueError(f"{name} are not 8-bit images divided by 255 (as MNIST's loader makes "
                         f"them); the page can only train on such images")
    return scaled.astype(np.uint8)


def subset(dataset=None, n_train=N_TRAIN, n_test=N_TEST):
    """The first ``n_train`` training and ``n_test`` test images of ``dataset`` as bytes.

    ``dataset`` is a :class:`mlpbook.engine.data.Dataset`; by default MNIST as
    :func:`mlpbook.engine.data.load_mnist` finds it (``--data-dir``, ``MLPBOOK_DATA_DIR``, cache).
    """
    if dataset is None:
        from ..engine.data import load_mnist
        dataset = load_mnist(progress=False)
    n_train = check_positive("n_train", n_train, integer=True)
    n_test = check_positive("n_test", n_test, integer=True)
    if len(dataset.train_labels) < n_train or len(dataset.test_labels) < n_test:
        raise ValueError(f"the dataset has {len(dataset.train_labels)} training and "
                         f"{len(dataset.test_labels)} test images; the page needs at least "
                         f"{n_train} and {n_test}")
    labels = (dataset.train_labels[:n_train], dataset.test_labels[:n_test])
    if max(int(labels[0].max()), int(labels[1].max())) > 255:
        raise ValueError("labels must be classes 0..255 to fit in a byte")
    return Subset(_as_bytes(dataset.train_images[:n_train], "training images"),
                  labels[0].astype(np.uint8),
                  _as_bytes(dataset.test_images[:n_test], "test images"),
                  labels[1].astype(np.uint8), tuple(int(s) for s in dataset.image_shape))


def validation_images(dataset=None, n=N_TEST):
    """The last ``n`` training images of ``dataset`` as bytes, and their labels: images the
    page never trains on (it trains on the first :data:`N_TRAIN`), for choosing settings
    without looking at the test images. They lie in the validation part of
    ``dataset.split(10_000)``."""
    if dataset is None:
        from ..engine.data import load_mnist
        dataset = load_mnist(progress=False)
    n = check_positive("n", n, integer=True)
    if len(dataset.train_labels) < N_TRAIN + n:
        raise ValueError(f"the dataset has {len(dataset.train_labels)} training images; "
                         f"validation needs {n} beyond the page's first {N_TRAIN}")
    return (_as_bytes(dataset.train_images[-n:], "training images"),
            dataset.train_labels[-n:].astype(np.int64))


def inputs(images):
    """Bytes 0..255 to the network's inputs, as the page computes them: byte / 255 in float64."""
    return np.asarray(images, dtype=np.uint8).astype(np.float64) / 255.0


def pack_subset(data: Subset) -> bytes:
    """The uncompressed data file: header, then images and labels (see :data:`MAGIC`)."""
    rows, cols = data.image_shape
    head = _HEADER.pack(MAGIC, len(data.train_labels), len(data.test_labels), rows, cols)
    return b"".join([head, data.train_images.tobytes(), data.train_labels.tobytes(),
                     data.test_images.tobytes(), data.test_labels.tobytes()])


def gzip_subset(data: Subset) -> bytes:
    """:func:`pack_subset` gzipped, the same bytes every time (no time stamp in the header)."""
    return gzip.compress(pack_subset(data), compresslevel=9, mtime=0)


def unpack_subset(raw: bytes) -> Subset:
    """Read :func:`pack_subset`'s bytes (gzipped or not) back; refuses anything else."""
    raw = bytes(raw)
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if len(raw) < _HEADER.size or raw[:len(MAGIC)] != MAGIC:
        raise ValueError("not an mlpbook trainer data file (wrong first bytes); write one with "
                         "mlpbook.book.trainer_data.write_trainer_data")
    _, n_train, n_test, rows, cols = _HEADER.unpack_from(raw)
    pixels = rows * cols
    sizes = [n_train * pixels, n_train, n_test * pixels, n_test]
    if len(raw) != _HEADER.size + sum(sizes):
        raise ValueError(f"the trainer data file holds {len(raw)} bytes but its header "
                         f"announces {_HEADER.size + sum(sizes)}: the file is damaged")
    parts, pos = [], _HEADER.size
    for size in sizes:
        parts.append(np.frombuffer(raw, np.uint8, size, pos))
        pos += size
    return Subset(parts[0].reshape(n_train, pixels), parts[1], parts[2].reshape(n_test, pixels),
                  parts[3], (rows, cols))


def initial_network(sizes=(784, 16, 16, 10), activation="sigmoid", cost="quadratic", seed=0):
    """The page's start: ``Network(sizes, activation, cost, seed=seed)`` in float64."""
    return Network(sizes, activation, cost, seed=seed, dtype=np.float64)


def example_orders(seed, n=N_TRAIN, epochs=1):
    """The order of the examples in each epoch, as :func:`mlpbook.train` draws it."""
    rng = np.random.default_rng(seed)
    return [rng.permutation(n) for _ in range(epochs)]


def shuffled_label_order(seed, n=N_TRAIN):
    """Which row lends its label to each row when the labels are shuffled (all of them).

    Row ``i`` trains with the label of row ``order[i]``: what
    :func:`mlpbook.lessons.memorise.shuffled_labels` does to labels with the same seed.
    """
    from ..lessons.memorise import shuffled_labels
    return shuffled_labels(np.arange(n), seed=seed).astype(np.int64)


def train_like_the_page(network, images, labels, *, epochs=1, batch_size=10, lr=3.0, seed=0):
    """Train ``network`` (float64) in place as the page does; returns the :class:`History`.

    ``images`` are bytes (rows of 784), ``labels`` the labels the page trains with. The loop
    is :func:`mlpbook.engine.reference.sgd_epoch`, one example at a time, over
    :func:`example_orders` ``(seed)``: ``train(..., engine="reference")`` on :func:`inputs`.
    """
    if network.dtype != np.float64:
        raise ValueError("the page computes in float64: build the network with "
                         "dtype=np.float64 (see initial_network)")
    return train(network, inputs(images), np.asarray(labels, dtype=np.int64), epochs=epochs,
                 batch_size=batch_size, lr=lr, seed=seed, engine="reference",
                 monitor_training=False)


# ---------------------------------------------------------------------- the appendix's words
def accuracy_report(accuracy, n_images, epochs=1):
    """``after 1 epoch: 85.90% of the 2,000 test images``, in the reader's language."""
    label = (T("after one epoch", "一轮之后") if epochs == 1 else
             T("after {n} epochs", "{n} 轮之后").format(n=epochs))
    return Report([(label, T("{acc:.2%} of the {n:,} test images right",
                             "{n:,} 张测试图像中认对 {acc:.2%}").format(acc=accuracy,
                                                                      n=n_images))])


def _small(x):
    return f"{x:.1e}" if x < 0.01 else f"{x:.2f}"


def drift_table(drift, seeds=(0, 4)):
    """How two engines' runs of the same training part, epoch by epoch, as a table in the
    reader's language.

    ``drift`` maps an epoch to a dict with ``difference`` (the largest difference of a
    parameter), ``differ`` (the share of test images the two networks answer differently),
    ``reference`` and ``numba`` (the two test accuracies) and ``seeds`` (the lowest and the
    highest test accuracy of the Numba engine's runs with the seeds ``seeds[0]`` to
    ``seeds[1]``).
    """
    from ..engine.recipes import Table

    header = [T("epochs", "轮数"), T("largest difference of a parameter", "参数的最大差异"),
              T("test answers that differ", "答案不同的测试图像"),
              T("test accuracy: reference loop", "测试准确率：参考引擎"),
              T("test accuracy: Numba", "测试准确率：Numba"),
              T("Numba, seeds {0} to {1}", "Numba，种子 {0} 至 {1}").format(*seeds)]
    rows = [[str(epoch), _small(d["difference"]), f"{d['differ']:.1%}",
             f"{d['reference']:.2%}", f"{d['numba']:.2%}",
             f"{d['seeds'][0]:.2%} – {d['seeds'][1]:.2%}"] for epoch, d in drift.items()]
    return Table(header, rows, ["right"] * 6)
