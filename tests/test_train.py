"""Tests of mlpbook.engine.train: learning, reproducibility, bad settings, divergence, schedules,
callbacks."""

from __future__ import annotations

import importlib
import io
import math
import os
import re
import subprocess
import time
import warnings

import numpy as np
import pytest

from mlpbook import History, Network, TrainingDiverged, cosine, step_decay, synthetic_digits, train
from mlpbook.engine import kernels
from mlpbook.engine.train import Callback, ProgressBar


@pytest.fixture(scope="module")
def digits():
    data = synthetic_digits(300, 200, image_shape=(8, 8), seed=1)
    assert data.train_images.shape == (300, 64)
    return data


def small_net(**kwargs):
    return Network([64, 20, 10], **{"seed": 0, **kwargs})


# --------------------------------------------------------------------------- it learns


@pytest.mark.parametrize("activation,cost,lr", [
    ("sigmoid", "quadratic", 3.0),
    ("relu", "cross-entropy", 0.1),
])
def test_training_reaches_high_test_accuracy(digits, activation, cost, lr):
    net = small_net(activation=activation, cost=cost)
    X_test, y_test = digits.test_images, digits.test_labels
    before = net.accuracy(X_test, y_test)
    epochs = 4
    history = train(net, digits.train_images, digits.train_labels, epochs=epochs,
                    batch_size=10, lr=lr, test=(X_test, y_test), seed=0)
    assert isinstance(history, History)
    assert before < 0.5
    assert history.test_accuracy[-1] > 0.9
    assert net.accuracy(X_test, y_test) == history.test_accuracy[-1]
    assert history.train_cost[-1] < history.train_cost[0]
    assert history.epoch == list(range(1, epochs + 1))
    for name in ("train_cost", "train_accuracy", "test_accuracy", "test_cost", "seconds",
                 "learning_rate"):
        values = getattr(history, name)
        assert len(values) == epochs, name
        assert all(np.isfinite(values)), name
    assert history.learning_rate == [lr] * epochs
    assert all(s >= 0 for s in history.seconds)
    assert history.seconds_per_epoch == pytest.approx(np.mean(history.seconds))
    assert history.train_cost[-1] == pytest.approx(
        net.mean_cost(digits.train_images, digits.train_labels))
    assert history.test_cost[-1] == pytest.approx(net.mean_cost(X_test, y_test))
    assert set(history.as_dict()) >= {"train_cost", "test_accuracy", "learning_rate"}


def test_history_without_test_set_or_monitoring(digits):
    net = small_net()
    history = train(net, digits.train_images, digits.train_labels, epochs=2, lr=3.0)
    assert len(history.train_cost) == 2 and history.test_accuracy == []
    history = train(net, digits.train_images, digits.train_labels, epochs=2, lr=3.0,
                    monitor_training=False)
    assert history.train_cost == [] and len(history.seconds) == 2


@pytest.mark.parametrize("momentum,l2", [(0.9, 0.0), (0.5, 1e-4)])
def test_momentum_and_weight_decay_still_learn(digits, momentum, l2):
    net = small_net(activation="relu", cost="cross-entropy")
    history = train(net, digits.train_images, digits.train_labels, epochs=4, lr=0.05,
                    momentum=momentum, l2=l2, test=(digits.test_images, digits.test_labels))
    assert history.test_accuracy[-1] > 0.9


def test_weight_decay_shrinks_weights(digits):
    plain, decayed = small_net(), small_net()
    kwargs = dict(epochs=2, lr=1.0, seed=0)
    train(plain, digits.train_images, digits.train_labels, **kwargs)
    train(decayed, digits.train_images, digits.train_labels, l2=0.05, **kwargs)
    norm = lambda net: sum(np.sum(w.astype(np.float64) ** 2) for w in net.weights)
    assert norm(decayed) < norm(plain)


# --------------------------------------------------------------------------- reproducible


def test_same_seed_same_weights_different_seed_different(digits):
    def run(seed):
        net = small_net()
        train(net, digits.train_images, digits.train_labels, epochs=2, batch_size=16,
              lr=1.0, momentum=0.5, seed=seed, engine="numba")
        return net.params.copy()

    first, second, other = run(3), run(3), run(4)
    np.testing.assert_array_equal(first, second)
    assert not np.array_equal(first, other)
    assert not np.array_equal(first, small_net().params)


def test_training_accepts_any_number_types_without_recompiling(digits):
    """An int or float32 learning rate trains exactly like the float one (and does not make
    Numba compile another version of the epoch kernel)."""
    results = []
    for lr in (3.0, 3, np.float32(3.0), np.float64(3.0)):
        net = small_net()
        train(net, digits.train_images, digits.train_labels, epochs=1, lr=lr, l2=0,
              momentum=0, batch_size=np.int64(10))
        results.append(net.params.copy())
    for params in results[1:]:
        np.testing.assert_array_equal(params, results[0])
    # every compiled version of the epoch kernel takes the rates as float64
    rate_types = {str(sig[9:12]) for sig in kernels.sgd_epoch.signatures}
    assert rate_types == {"(float64, float64, float64)"}, rate_types


# --------------------------------------------------------------------------- bad settings


BAD_SETTINGS = [
    (dict(lr=0), "learning rate"),
    (dict(lr=-1.0), "learning rate"),
    (dict(lr=float("nan")), "learning rate"),
    (dict(lr=float("inf")), "learning rate"),
    (dict(lr="fast"), "learning rate"),
    (dict(batch_size=0), "batch_size"),
    (dict(batch_size=-5), "batch_size"),
    (dict(batch_size=2.5), "batch_size"),
    (dict(batch_size=301), "at most 300"),
    (dict(epochs=0), "epochs"),
    (dict(epochs=1.5), "epochs"),
    (dict(momentum=1.0), "momentum"),
    (dict(momentum=1.5), "momentum"),
    (dict(momentum=-0.1), "momentum"),
    (dict(l2=-0.01), "l2"),
    (dict(l2=float("nan")), "l2"),
    (dict(engine="cuda"), "engine"),
    (dict(lr=lambda epoch: 0.0), "learning rate of epoch 1"),
    (dict(lr=lambda epoch: float("nan")), "learning rate"),
]


@pytest.mark.parametrize("kwargs,words", BAD_SETTINGS,
                         ids=[f"{k}={'function' if callable(v) else repr(v)}"[:30] + f"-{i}"
                              for i, (d, _) in enumerate(BAD_SETTINGS) for k, v in d.items()])
def test_bad_hyper_parameters_rejected_and_nothing_changed(digits, kwargs, words):
    net = small_net()
    before = net.params.copy()
    settings = {**dict(epochs=1, batch_size=10, lr=1.0), **kwargs}
    with pytest.raises(ValueError) as info:
        train(net, digits.train_images, digits.train_labels, **settings)
    assert words in str(info.value)
    np.testing.assert_array_equal(net.params, before)


def test_bad_hyper_parameter_messages_name_the_fix(digits):
    net = small_net()
    X, y = digits.train_images, digits.train_labels
    with pytest.raises(ValueError, match="positive number"):
        train(net, X, y, lr=0)
    with pytest.raises(ValueError, match="positive integer"):
        train(net, X, y, batch_size=0)
    with pytest.raises(ValueError, match="below 1"):
        train(net, X, y, momentum=1.0)
    with pytest.raises(ValueError, match=">= 0"):
        train(net, X, y, l2=-1)
    with pytest.raises(ValueError, match="choose one of") as info:
        train(net, X, y, engine="cuda")
    assert "'numba'" in str(info.value)


@pytest.mark.parametrize("test", [
    "not a pair",
    (np.zeros((5, 64)),),
    (np.zeros((5, 64)), np.zeros(5, np.int64), np.zeros(5)),
    42,
])
def test_test_set_must_be_a_pair(digits, test):
    net = small_net()
    before = net.params.copy()
    with pytest.raises(ValueError, match=r"pair \(X_test, y_test\)"):
        train(net, digits.train_images, digits.train_labels, epochs=1, test=test)
    np.testing.assert_array_equal(net.params, before)


def test_bad_data_rejected_before_training(digits):
    net = small_net()
    before = net.params.copy()
    X, y = digits.train_images, digits.train_labels
    with pytest.raises(ValueError, match="test labels"):
        train(net, X, y, epochs=1, test=(digits.test_images, digits.test_labels + 10))
    with pytest.raises(ValueError, match="training images"):
        train(net, np.zeros((300, 65)), y, epochs=1)
    with pytest.raises(ValueError, match="one label per image"):
        train(net, X, y[:-1], epochs=1)
    bad = X.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        train(net, bad, y, epochs=1)
    np.testing.assert_array_equal(net.params, before)


# --------------------------------------------------------------------------- divergence


@pytest.mark.parametrize("dtype,lr", [(np.float32, 1e30), (np.float64, 1e250)])
@pytest.mark.parametrize("engine", ["numba", "vectorized"])
def test_divergence_raises_and_restores(digits, dtype, lr, engine):
    net = small_net(activation="relu", cost="cross-entropy", dtype=dtype)
    before = net.params.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # numpy overflow in the numpy engine
        with pytest.raises(TrainingDiverged) as info:
            train(net, digits.train_images, digits.train_labels, epochs=3, lr=lr,
                  engine=engine)
    message = str(info.value)
    assert "learning rate" in message
    assert f"{lr:g}" in message
    assert "epoch 1" in message
    assert isinstance(info.value, FloatingPointError)
    assert np.isfinite(net.params).all()
    np.testing.assert_array_equal(net.params, before)  # the weights from before epoch 1


def test_divergence_in_a_later_epoch_restores_that_epochs_start(digits):
    X, y = digits.train_images, digits.train_labels
    reference_run = small_net(activation="relu", cost="cross-entropy")
    train(reference_run, X, y, epochs=1, lr=0.1, seed=2)

    net = small_net(activation="relu", cost="cross-entropy")
    seen = []

    class Spy(Callback):
        def on_epoch_end(self, epoch, history, network):
            seen.append(epoch)

        def on_train_end(self, history, network):
            seen.append("end")

    schedule = lambda epoch: 0.1 if epoch == 0 else 1e30
    with pytest.raises(TrainingDiverged, match="epoch 2") as info:
        train(net, X, y, epochs=4, lr=schedule, seed=2, callbacks=[Spy()])
    assert "1e+30" in str(info.value)
    np.testing.assert_array_equal(net.params, reference_run.params)
    assert seen == [1, "end"]  # callbacks are still closed


# --------------------------------------------------------------------------- schedules


def test_step_decay_rates(digits):
    net = small_net()
    history = train(net, digits.train_images, digits.train_labels, epochs=7, lr=step_decay(
        2.0, factor=0.5, every=3), monitor_training=False)
    expected = [2.0, 2.0, 2.0, 1.0, 1.0, 1.0, 0.5]
    assert history.learning_rate == pytest.approx(expected, rel=1e-15)


def test_cosine_rates(digits):
    net = small_net()
    epochs = 4
    history = train(net, digits.train_images, digits.train_labels, epochs=epochs,
                    lr=cosine(1.0, epochs, final=0.2), monitor_training=False)
    rates = history.learning_rate
    assert rates[0] == pytest.approx(1.0)
    assert rates[2] == pytest.approx((1.0 + 0.2) / 2)  # halfway down
    for e, rate in enumerate(rates):
        assert rate == pytest.approx(0.2 + 0.4 * (1 + math.cos(math.pi * e / epochs)))
    assert all(a > b for a, b in zip(rates, rates[1:]))  # strictly decreasing
    assert all(rate > 0.2 for rate in rates)  # the final value is the limit, never zero


def test_cosine_to_zero_never_uses_a_zero_rate(digits):
    net = small_net()
    history = train(net, digits.train_images, digits.train_labels, epochs=4,
                    lr=cosine(3.0, 4), monitor_training=False)
    assert min(history.learning_rate) > 0


def test_callable_learning_rate(digits):
    calls = []

    def schedule(epoch):
        calls.append(epoch)
        return 1.0 / (epoch + 1)

    net = small_net()
    history = train(net, digits.train_images, digits.train_labels, epochs=3, lr=schedule,
                    monitor_training=False)
    assert calls == [0, 1, 2]
    assert history.learning_rate == pytest.approx([1.0, 0.5, 1 / 3])
    # a constant callable trains exactly like the constant rate
    a, b = small_net(), small_net()
    train(a, digits.train_images, digits.train_labels, epochs=2, lr=lambda e: 0.7)
    train(b, digits.train_images, digits.train_labels, epochs=2, lr=0.7)
    np.testing.assert_array_equal(a.params, b.params)


def test_step_decay_rejects_bad_every():
    with pytest.raises(ValueError, match="every"):
        step_decay(1.0, every=0)


# --------------------------------------------------------------------------- callbacks


class Recorder(Callback):
    def __init__(self):
        self.events = []

    def on_train_begin(self, network, epochs):
        self.events.append(("begin", epochs))
        self.network = network

    def on_epoch_end(self, epoch, history, network):
        assert network is self.network
        assert len(history.train_cost) == epoch  # history is up to date when called
        self.events.append(("epoch", epoch))

    def on_train_end(self, history, network):
        self.events.append(("end", len(history.epoch)))


def test_callbacks_called_in_order(digits):
    net = small_net()
    first, second = Recorder(), Recorder()
    train(net, digits.train_images, digits.train_labels, epochs=3, lr=1.0,
          callbacks=[first, second])
    expected = [("begin", 3), ("epoch", 1), ("epoch", 2), ("epoch", 3), ("end", 3)]
    assert first.events == expected
    assert second.events == expected
    assert first.network is net


def test_callback_base_class_does_nothing(digits):
    net = small_net()
    history = train(net, digits.train_images, digits.train_labels, epochs=1,
                    callbacks=[Callback()])
    assert history.epoch == [1]


def test_progress_bar_in_a_non_terminal(digits, capsys):
    net = small_net()
    history = train(net, digits.train_images, digits.train_labels, epochs=3, lr=1.0,
                    progress=True, test=(digits.test_images, digits.test_labels))
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "training" in captured.err
    assert "3/3" in captured.err
    assert len(history.epoch) == 3


def test_progress_bar_closes(digits):
    stream = io.StringIO()
    bar = ProgressBar(file=stream, mininterval=0)
    train(net := small_net(), digits.train_images, digits.train_labels, epochs=2, lr=1.0,
          callbacks=[bar], test=(digits.test_images, digits.test_labels))
    text = stream.getvalue()
    assert bar.bar is not None and bar.bar.n == 2 and bar.bar.total == 2
    assert bar.bar.disable  # tqdm marks a closed bar as disabled
    assert "2/2" in text and "cost" in text and "test acc" in text
    assert net.n_params > 0


def test_progress_bar_speaks_the_readers_language(digits):
    import mlpbook

    stream = io.StringIO()
    mlpbook.set_language("zh")
    try:
        train(small_net(), digits.train_images, digits.train_labels, epochs=2, lr=1.0,
              callbacks=[ProgressBar(file=stream, mininterval=0)],
              test=(digits.test_images, digits.test_labels))
    finally:
        mlpbook.set_language("en")
    last = stream.getvalue().strip().split("\r")[-1]
    assert last.startswith("训练:") and "轮/s" in last, last
    assert "代价=" in last and "测试准确率=" in last, last
    assert not {"training", "epoch", "cost", "acc"} & set(re.findall(r"[a-z]+", last)), last


def test_progress_bar_closed_when_training_fails(digits):
    stream = io.StringIO()
    bar = ProgressBar(file=stream)
    net = small_net(activation="relu", cost="cross-entropy")
    with pytest.raises(TrainingDiverged):
        train(net, digits.train_images, digits.train_labels, epochs=2, lr=1e30,
              callbacks=[bar])
    assert bar.bar.disable


# --------------------------------------------------------------------------- careless input

train_module = importlib.import_module("mlpbook.engine.train")


def test_numba_epochs_run_in_chunks_with_the_same_weights(digits, monkeypatch):
    calls = []
    real = kernels.sgd_epoch

    def recorded(*args):
        calls.append(len(args[7]))  # the order of this call's examples
        return real(*args)

    def run(chunk_flops):
        monkeypatch.setattr(kernels, "CHUNK_FLOPS", chunk_flops)
        net = small_net()
        train(net, digits.train_images, digits.train_labels, epochs=2, batch_size=7, lr=0.5,
              momentum=0.9, l2=1e-4, seed=3, monitor_training=False)
        return net.params.copy()

    monkeypatch.setattr(train_module.kernels, "sgd_epoch", recorded)
    whole = run(10**15)
    assert calls[1:] == [300, 300]  # after the compiling call: one call per epoch
    calls.clear()
    # 6 * 1510 parameters * 7 per batch: 4 batches = 28 examples a call
    chunked = run(6 * small_net().n_params * 7 * 4)
    assert calls[1:] == ([28] * 10 + [20]) * 2  # split at mini-batch boundaries
    np.testing.assert_array_equal(chunked, whole)  # the very same weights


def test_ctrl_c_during_a_long_epoch_acts_within_a_chunk():
    # One epoch of this network takes seconds; Ctrl-C must not wait for its end. The signal
    # comes from another process, as a terminal's would: a thread of this one could not run
    # while a Numba call holds the interpreter.
    rng = np.random.default_rng(0)
    X = rng.random((4000, 784), dtype=np.float32)
    y = rng.integers(0, 10, 4000)
    net = Network([784, 1000, 1000, 10], seed=0)
    train(net.copy(), X[:20], y[:20], epochs=1, batch_size=10, lr=0.01,
          monitor_training=False)  # compiled (or loaded from Numba's cache) beforehand
    finished = []

    class Epochs(Callback):
        def on_epoch_end(self, epoch, history, network):
            finished.append(epoch)

    delay = 0.3
    ctrl_c = subprocess.Popen(["sh", "-c", f"sleep {delay}; kill -INT {os.getpid()}"])
    sent = time.perf_counter() + delay
    try:
        with pytest.raises(KeyboardInterrupt):
            train(net, X, y, epochs=1000, batch_size=10, lr=0.01, monitor_training=False,
                  callbacks=[Epochs()])
        stopped = time.perf_counter()
    finally:
        ctrl_c.wait()
    assert stopped - sent < 1.5, f"Ctrl-C took {stopped - sent:.1f} s to act"
    assert finished == []  # it stopped inside the first epoch


def test_stall_check_warns_once_with_the_usual_cause(digits):
    from mlpbook.engine.train import StallCheck

    net = Network([64, 300, 10], seed=0)  # wide sigmoid layers at lr 3: saturated at once
    with pytest.warns(train_module.MlpbookWarning) as caught:
        history = train(net, digits.train_images, digits.train_labels, epochs=3, batch_size=10,
                        lr=3.0, test=(digits.test_images, digits.test_labels),
                        callbacks=[StallCheck(digits.test_labels)])
    assert max(history.test_accuracy) <= 0.15
    stalls = [w for w in caught if "no better than always answering" in str(w.message)]
    assert len(stalls) == 1
    message = str(stalls[0].message)
    assert "after epoch 1" in message and "300 neurons" in message and "try lr 0.3" in message


def test_stall_check_is_quiet_for_a_run_that_learns(digits):
    from mlpbook.engine.train import StallCheck

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        train(small_net(), digits.train_images, digits.train_labels, epochs=2, batch_size=10,
              lr=3.0, test=(digits.test_images, digits.test_labels),
              callbacks=[StallCheck(digits.test_labels)])


def test_training_memory_is_checked_before_the_run(digits, monkeypatch):
    from mlpbook.engine import validation

    net = Network([64, 2000, 10], seed=0)  # 150,010 parameters: 600 KB as float32
    monkeypatch.setattr(validation, "memory_limit", lambda: 1_000_000)
    before = net.params.copy()
    with pytest.raises(ValueError, match=r"training a 64-2000-10 network with batches of 10 "
                                         r"needs [\d.]+ MB of memory, more than the 1\.0 MB"):
        train(net, digits.train_images, digits.train_labels, epochs=1, batch_size=10, lr=0.1)
    np.testing.assert_array_equal(net.params, before)


@pytest.mark.parametrize("setting", [{"batch_size": 10**25}, {"epochs": 10**25 + 0.5}])
def test_huge_numbers_are_clean_value_errors(digits, setting):
    with pytest.raises(ValueError):
        train(small_net(), digits.train_images, digits.train_labels, **{"lr": 1.0, **setting})
