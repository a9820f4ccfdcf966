"""The reader's own handwriting: their set of digits, and fine-tuning a network on it.

Chapter 8's drawing pad lets the reader draw digits, label them and keep them (in the
browser); its fine-tuner retrains the book's network on them in the page, mixed with MNIST
training digits so that it does not forget MNIST. This module is that, seen from Python:

* **The set.** A digit is the 28x28 image the network sees, as bytes 0..255 (the page
  rounds the drawing pad's values, and keeps them so; :mod:`mlpbook.engine.data`'s IDX files hold
  the same bytes). :func:`held_out` is the page's rule for the digits kept back to test a
  fine-tuned network: of each label, every third one in the order they were drawn.
* **The mix.** :func:`fine_tune_set` is what the page trains on: the reader's training
  digits, then ``per_digit`` MNIST training digits for each of them (the first ones of the
  page's MNIST subset, :mod:`mlpbook.widgets.browser_training`).
* **The run.** :func:`fine_tune` trains a float64 copy of a network on that mix exactly as
  the page does (plain SGD, the network's own cost, the order of numpy's
  ``default_rng(seed)``), so one epoch in the page equals it to about 1e-12.
* **Foreign digits.** :func:`foreign_digits` writes MNIST digits in another hand (bolder
  and slanted, by :func:`mlpbook.engine.preprocess.thicken` and :func:`~mlpbook.engine.preprocess.slant`,
  then prepared as the pad prepares a drawing), a stand-in for a reader's handwriting whose
  figures the chapter can compute and check when the book is built.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from . import browser_training
from ..engine._report import Table
from ..i18n import T
from ..engine.preprocess import mnist_like, slant, thicken

__all__ = ["held_out", "as_bytes", "read_samples", "fine_tune_set", "fine_tune",
           "FineTuneResult", "foreign_digits", "confusion", "fine_tune_table"]

#: Of each label, every HELD_OUT_EVERY-th digit drawn is held out (the page's heldOutMask).
HELD_OUT_EVERY = 3


def held_out(labels):
    """Boolean mask of the digits held out to test: of each label, the 3rd, 6th, ... one."""
    labels = np.asarray(labels, dtype=np.int64)
    seen = np.zeros(max(10, int(labels.max(initial=0)) + 1), np.int64)
    mask = np.zeros(len(labels), bool)
    for i, label in enumerate(labels):
        seen[label] += 1
        mask[i] = seen[label] % HELD_OUT_EVERY == 0
    return mask


def as_bytes(images):
    """Images with values in 0..1 as the page keeps them: round(value * 255), uint8."""
    images = np.asarray(images, dtype=np.float64)
    if images.size and (images.min() < 0 or images.max() > 1 or not np.isfinite(images).all()):
        raise ValueError("images must hold values in 0..1 (white ink on black)")
    return np.rint(images * 255).astype(np.uint8)


def read_samples(raw):
    """The drawing pad's ``my_digits`` bytes (per digit: its label, then 784 pixel bytes) as
    ``(images, labels)``: float32 rows in 0..1 and int64 labels."""
    raw = np.frombuffer(bytes(raw), np.uint8)
    if raw.size % 785:
        raise ValueError(f"the page sent {raw.size} bytes, not a whole number of digits "
                         f"(785 bytes each: the label, then 28x28 pixels)")
    rows = raw.reshape(-1, 785)
    labels = rows[:, 0].astype(np.int64)
    if labels.size and labels.max() > 9:
        raise ValueError("the page sent a label above 9: the set is damaged; clear it")
    return rows[:, 1:].astype(np.float32) / np.float32(255), labels


def fine_tune_set(own_images, own_labels, subset, per_digit):
    """What the page trains on: the reader's digits (bytes), then the first
    ``per_digit * len(own)`` training digits of ``subset`` (a browser_training.Subset)."""
    own_images = np.asarray(own_images, dtype=np.uint8).reshape(len(own_labels), -1)
    n_mnist = int(per_digit) * len(own_labels)
    if n_mnist > len(subset.train_labels):
        raise ValueError(f"{per_digit} MNIST digits for each of {len(own_labels)} own digits "
                         f"need {n_mnist:,}; the page has {len(subset.train_labels):,}")
    images = np.concatenate([own_images, subset.train_images[:n_mnist]])
    labels = np.concatenate([np.asarray(own_labels, np.int64),
                             subset.train_labels[:n_mnist].astype(np.int64)])
    return images, labels


@dataclasses.dataclass(frozen=True)
class FineTuneResult:
    network: object          # the fine-tuned Network (float64)
    before: dict             # {"own": accuracy on the held-out own digits, "mnist": on MNIST}
    after: dict


def fine_tune(network, own_images, own_labels, subset, *, per_digit=10, epochs=5, lr=0.1,
              batch_size=10, seed=0, held_images=None, held_labels=None, n_test=None):
    """Fine-tune a float64 copy of ``network`` as the page does; accuracies before and after.

    ``own_images`` (bytes) and ``own_labels`` are the digits trained on; ``held_images`` /
    ``held_labels`` (bytes) the held-out ones scored; MNIST is scored on ``subset``'s test
    digits (the first ``n_test``, default all).
    """
    net = network.copy()
    net.params = net.params.astype(np.float64)
    images, labels = fine_tune_set(own_images, own_labels, subset, per_digit)
    test_x = browser_training.inputs(subset.test_images[:n_test])
    test_y = subset.test_labels[:n_test].astype(np.int64)

    def score(n):
        own = (n.accuracy(browser_training.inputs(held_images), np.asarray(held_labels))
               if held_images is not None else None)
        return {"own": own, "mnist": n.accuracy(test_x, test_y)}

    before = score(net)
    browser_training.train_like_the_page(net, images, labels, epochs=epochs,
                                         batch_size=batch_size, lr=lr, seed=seed)
    return FineTuneResult(net, before, score(net))


def foreign_digits(images, *, thicker=1, shear=0.6):
    """MNIST digits (rows of 784 in 0..1) written in another hand: ``thicker`` steps bolder,
    slanted by ``shear``, then prepared like the pad's drawings; bytes, as the page keeps them."""
    out = [mnist_like(slant(thicken(np.asarray(x).reshape(28, 28), thicker), shear)).ravel()
           for x in images]
    return as_bytes(np.array(out))


def confusion(labels, answers, n=10):
    """counts[t, p]: digits labelled t that were answered p."""
    counts = np.zeros((n, n), np.int64)
    np.add.at(counts, (np.asarray(labels), np.asarray(answers)), 1)
    return counts


def fine_tune_table(runs):
    """Accuracies before and after fine-tuning, one row per mix: ``runs`` maps the number of
    MNIST digits mixed in per own digit to a :class:`FineTuneResult` (all from one start)."""
    first = next(iter(runs.values()))
    pct = lambda x: "\u2014" if x is None else f"{x:.1%}"  # noqa: E731
    rows = [[T("before fine-tuning", "微调之前"), pct(first.before["own"]),
             pct(first.before["mnist"])]]
    for mix, result in runs.items():
        name = (T("your digits only", "只用你的数字") if mix == 0 else
                T("+ {n} MNIST digits per digit", "每个数字配 {n} 个 MNIST 数字").format(n=mix))
        rows.append([name, pct(result.after["own"]), pct(result.after["mnist"])])
    return Table([T("fine-tuned on", "微调所用数据"), T("held-out digits of the hand",
                                                      "同一笔迹留出的数字"),
                  T("MNIST test digits", "MNIST 测试数字")], rows)

