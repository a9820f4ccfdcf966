"""Stochastic gradient descent: epochs, shuffling, mini-batches, schedules, history.

:func:`train` is the one driver for every engine: the fast Numba kernels
(``engine="numba"``, the default), the readable per-example numpy loop
(``"reference"``) and the vectorized mini-batch numpy version
(``"vectorized"``).  Given the same network and seed they visit the examples
in the same order, so they produce the same weights up to rounding.

Compiled code does not look at signals: Ctrl-C during one Numba call waits until
the call returns. So the Numba engine runs an epoch as a series of calls of about
:data:`mlpbook.engine.kernels.CHUNK_FLOPS` operations each (a tenth of a second or so), split at
mini-batch boundaries: the weights are exactly those of one call, and Ctrl-C acts
within a chunk instead of after the whole epoch.

:class:`StallCheck` is the callback the command line uses to say when a run sits
at chance (the network answers one class for everything) and what usually causes it.
"""

from __future__ import annotations

import dataclasses
import math
import time
import warnings
from typing import Sequence

import numpy as np

from . import kernels, reference
from ..i18n import T
from .validation import MlpbookWarning, check_memory, check_non_negative, check_positive

ENGINES = ("numba", "reference", "vectorized")


class TrainingDiverged(FloatingPointError):
    """The cost became NaN or infinite: the steps were too large."""


@dataclasses.dataclass
class History:
    """What happened in each epoch (lists, one entry per epoch)."""

    epoch: list = dataclasses.field(default_factory=list)
    learning_rate: list = dataclasses.field(default_factory=list)
    train_cost: list = dataclasses.field(default_factory=list)
    train_accuracy: list = dataclasses.field(default_factory=list)
    test_cost: list = dataclasses.field(default_factory=list)
    test_accuracy: list = dataclasses.field(default_factory=list)
    seconds: list = dataclasses.field(default_factory=list)

    def as_dict(self):
        return dataclasses.asdict(self)

    @property
    def seconds_per_epoch(self):
        """Mean time of one epoch of descent (evaluation excluded)."""
        return float(np.mean(self.seconds)) if self.seconds else float("nan")


# ---------------------------------------------------------------------- schedules
def constant(lr):
    """The same learning rate every epoch."""
    return lambda epoch: lr


def step_decay(lr, factor=0.5, every=10):
    """Multiply the learning rate by ``factor`` every ``every`` epochs."""
    check_positive("every", every, integer=True)
    return lambda epoch: lr * factor ** (epoch // every)


def cosine(lr, epochs, final=0.0):
    """Glide from ``lr`` down to ``final`` along half a cosine over ``epochs`` epochs."""
    check_positive("epochs", epochs, integer=True)
    return lambda epoch: final + 0.5 * (lr - final) * (1 + math.cos(math.pi * epoch / epochs))


# ---------------------------------------------------------------------- callbacks
class Callback:
    """Hooks called by :func:`train`; override the ones you need."""

    def on_train_begin(self, network, epochs):
        pass

    def on_epoch_end(self, epoch, history, network):
        pass

    def on_train_end(self, history, network):
        pass


#: The progress bar's words, in the reader's language (a notebook keeps the bar as it was
#: when the chapter ran, so the Chinese edition's pages show these).
PROGRESS_WORDS = {"desc": T("training", "训练"), "unit": T("epoch", "轮"),
                  "cost": T("cost", "代价"), "test": T("test acc", "测试准确率")}


class ProgressBar(Callback):
    """A tqdm progress bar over epochs (a widget in notebooks, text in a terminal), labelled
    in the reader's language (:data:`PROGRESS_WORDS`)."""

    def __init__(self, **tqdm_kwargs):
        self.tqdm_kwargs = tqdm_kwargs
        self.bar = None

    def on_train_begin(self, network, epochs):
        from tqdm.auto import tqdm
        words = {"desc": str(PROGRESS_WORDS["desc"]), "unit": str(PROGRESS_WORDS["unit"])}
        self.bar = tqdm(total=epochs, **{**words, **self.tqdm_kwargs})

    def on_epoch_end(self, epoch, history, network):
        info = {}
        if history.train_cost:
            info[str(PROGRESS_WORDS["cost"])] = f"{history.train_cost[-1]:.4f}"
        if history.test_accuracy:
            info[str(PROGRESS_WORDS["test"])] = f"{history.test_accuracy[-1]:.2%}"
        self.bar.set_postfix(info, refresh=False)
        self.bar.update(1)

    def on_train_end(self, history, network):
        if self.bar is not None:
            self.bar.close()


class StallCheck(Callback):
    """Warn (once, :class:`~mlpbook.engine.validation.MlpbookWarning`) when after an epoch the
    accuracy is no better than always answering the most common class, with the usual causes.

    ``labels``: the labels of the set whose accuracy is watched (the test set when ``train``
    is given ``test=``, else the training set; ``monitor_training`` must then be on).
    """

    #: Accuracy up to this much above the most common class's share counts as chance.
    MARGIN = 0.02

    def __init__(self, labels):
        labels = np.asarray(labels)
        self.chance = float(np.bincount(labels).max() / len(labels)) if len(labels) else 0.0
        self.warned = False

    def on_epoch_end(self, epoch, history, network):
        watched, name = ((history.test_accuracy, "test") if history.test_accuracy
                         else (history.train_accuracy, "training"))
        if self.warned or not watched or watched[-1] > self.chance + self.MARGIN:
            return
        self.warned = True
        warnings.warn(stall_message(watched[-1], self.chance, epoch, name, network,
                                    history.learning_rate[-1]), MlpbookWarning, stacklevel=2)


def stall_message(accuracy, chance, epoch, scored, network, lr):
    """What a run at chance looks like and what usually causes it, for these settings."""
    hidden = network.sizes[1:-1]
    widest = max(hidden) if hidden else None
    if network.activation == "sigmoid":
        why = ("the steps saturate the sigmoids (every output near 0 or 1, where their slope "
               "and so the gradient vanish)")
        if widest and widest > 100:
            why += f"; wide layers ({widest} neurons) sum many inputs, so they need smaller steps"
    else:
        why = "large steps can switch the ReLUs off for good (dead neurons)"
    return (f"{scored} accuracy {accuracy:.2%} after epoch {epoch} is no better than always "
            f"answering the most common class ({chance:.2%}): the network is not learning. "
            f"The usual cause is a learning rate too large for this network: {why}; try "
            f"lr {lr / 10:g}, ten times smaller. Otherwise check that the images are scaled "
            f"to 0..1 and that the labels belong to the images.")


# ---------------------------------------------------------------------- the driver
def train(network, X, y, *, epochs=30, batch_size=10, lr=3.0, l2=0.0, momentum=0.0,
          test=None, seed=0, engine="numba", callbacks: Sequence[Callback] = (),
          progress=False, monitor_training=True):
    """Train ``network`` in place with mini-batch stochastic gradient descent.

    Parameters
    ----------
    network : Network
    X, y : training images (n, n_inputs) and integer labels (n,)
    epochs : number of passes over the training data
    batch_size : examples per gradient step
    lr : learning rate, or a function ``epoch -> learning rate`` (see
        :func:`step_decay`, :func:`cosine`)
    l2 : weight decay: each step adds ``l2 * w`` to the gradient of every weight
    momentum : 0 for plain descent; 0.9 is a common choice
    test : optional ``(X_test, y_test)`` scored after every epoch
    seed : the same seed gives the same shuffling and so the same weights
    engine : "numba" (fast), "reference" (per-example numpy) or "vectorized"
    callbacks : objects with ``on_epoch_end`` etc.; ``progress=True`` adds a
        :class:`ProgressBar`
    monitor_training : score the cost and accuracy on the whole training set
        after each epoch (costs one forward pass)

    Returns a :class:`History`.  Raises :class:`TrainingDiverged` if the cost
    becomes NaN or infinite; the network is then restored to its weights from
    the last good epoch.
    """
    X = network.check_images(X, "training images")
    y = network.check_labels(y, len(X), "training labels")
    if test is not None:
        if not isinstance(test, (tuple, list)) or len(test) != 2:
            raise ValueError("test must be a pair (X_test, y_test), e.g. "
                             "test=(data.test_images, data.test_labels)")
        X_test, y_test = test
        X_test = network.check_images(X_test, "test images")
        y_test = network.check_labels(y_test, len(X_test), "test labels")
    check_positive("epochs", epochs, integer=True)
    check_positive("batch_size", batch_size, integer=True)
    if batch_size > len(X):
        raise ValueError(f"batch_size {batch_size} is larger than the {len(X)} training examples; "
                         f"use a batch_size of at most {len(X)}")
    schedule = lr if callable(lr) else constant(check_positive("learning rate lr", lr))
    l2 = check_non_negative("l2", l2)
    momentum = check_non_negative("momentum", momentum, upper=1.0)
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {ENGINES}")
    _check_training_memory(network, batch_size)
    callbacks = list(callbacks) + ([ProgressBar()] if progress else [])

    rng = np.random.default_rng(seed)
    velocity = np.zeros_like(network.params)
    if engine == "numba":
        # Compile (or load from Numba's cache) before the clock starts: an empty epoch.
        _run_epoch(engine, network, velocity, X, y, np.arange(0), batch_size, 1.0, l2,
                   momentum)
    history = History()
    for cb in callbacks:
        cb.on_train_begin(network, epochs)
    try:
        for epoch in range(epochs):
            # float(): an int or float32 rate would make Numba compile sgd_epoch again.
            rate = float(check_positive(f"learning rate of epoch {epoch + 1}", schedule(epoch)))
            order = rng.permutation(len(X))
            last_good = network.params.copy()
            started = time.perf_counter()
            _run_epoch(engine, network, velocity, X, y, order, batch_size, rate, l2, momentum)
            elapsed = time.perf_counter() - started
            history.epoch.append(epoch + 1)
            history.learning_rate.append(float(rate))
            history.seconds.append(elapsed)
            finite = bool(np.isfinite(network.params).all())
            if monitor_training:
                cost, acc = network.evaluate(X, y) if finite else (float("nan"), float("nan"))
                history.train_cost.append(cost)
                history.train_accuracy.append(acc)
            if not finite or (monitor_training and not np.isfinite(history.train_cost[-1])):
                network.params[:] = last_good
                raise TrainingDiverged(
                    f"training diverged in epoch {epoch + 1}: the cost became NaN or infinite. "
                    f"The learning rate {rate:g} is probably too high; try {rate / 10:g}. "
                    f"The network was restored to its weights from before that epoch.")
            if test is not None:
                cost, acc = network.evaluate(X_test, y_test)
                history.test_cost.append(cost)
                history.test_accuracy.append(acc)
            for cb in callbacks:
                cb.on_epoch_end(epoch + 1, history, network)
    finally:
        for cb in callbacks:
            cb.on_train_end(history, network)
    return history


def _check_training_memory(network, batch_size):
    """Refuse, with the numbers, a run whose working memory cannot fit: the velocity, the
    gradient and the copy of the weights kept in case the epoch diverges (three arrays the
    size of the parameters), plus the mini-batch buffers of the kernels."""
    itemsize = network.dtype.itemsize
    sizes = network.sizes
    buffers = (batch_size * sum(sizes) + 3 * batch_size * max(sizes)
               + 1024 * (sum(sizes) + max(sizes)))  # + evaluate()'s chunks of 1024 rows
    check_memory((4 * network.n_params + buffers) * itemsize,
                 f"training a {'-'.join(map(str, sizes))} network with batches of {batch_size}",
                 "use smaller layers or a smaller batch size")


def _chunk_size(network, batch_size):
    """Examples per Numba call: about CHUNK_FLOPS of work, a whole number of mini-batches."""
    per_example = 6 * network.n_params  # forward 2, backward 4 operations per parameter
    batches = max(1, kernels.CHUNK_FLOPS // (per_example * batch_size))
    return batches * batch_size


def _run_epoch(engine, network, velocity, X, y, order, batch_size, lr, l2, momentum):
    """One epoch with the chosen engine; all engines visit examples in ``order``."""
    if engine == "numba":
        act, cost = network._codes()
        chunk = _chunk_size(network, batch_size)
        for start in range(0, max(len(order), 1), chunk):  # Ctrl-C acts between chunks
            kernels.sgd_epoch(network.params, velocity, network._sizes_array, network._w_off,
                              network._b_off, X, y, order[start:start + chunk], batch_size, lr,
                              l2, momentum, act, cost)
        return
    # The numpy engines work on the weight/bias views, so they update network.params too.
    vel = _views_like(network, velocity)
    step = (reference.sgd_epoch if engine == "reference" else reference.sgd_epoch_vectorized)
    step(network.weights, network.biases, X, y, order, batch_size, lr, network.activation,
         network.cost, l2, momentum, vel)


def _views_like(network, flat):
    twin = network.copy()
    twin.params = flat
    return twin.weights, twin.biases
