"""Tests of mlpbook.engine.network: structure, initialisation, using a network, files, bad input."""

from __future__ import annotations

import io
import os
import time
import tracemalloc
import zipfile

import numpy as np
import pytest
from numpy.lib import format as npy_format
from PIL import Image

from mlpbook import ModelFileError, Network, synthetic_digits
from mlpbook.engine import reference
from mlpbook.engine import network as network_module

COMBOS = [(a, c) for a in reference.ACTIVATIONS for c in reference.COSTS]
COMBO_IDS = [f"{a}-{c}" for a, c in COMBOS]


@pytest.fixture(scope="module")
def digits():
    return synthetic_digits(60, 40, seed=3)


# --------------------------------------------------------------------------- structure


def test_parameter_count_of_the_book_network():
    net = Network([784, 16, 16, 10])
    assert net.n_params == 13002
    assert net.params.shape == (13002,)
    assert sum(w.size for w in net.weights) == 784 * 16 + 16 * 16 + 16 * 10 == 12960
    assert sum(b.size for b in net.biases) == 16 + 16 + 10 == 42
    assert [w.shape for w in net.weights] == [(16, 784), (16, 16), (10, 16)]
    assert [b.shape for b in net.biases] == [(16,), (16,), (10,)]
    assert net.sizes == (784, 16, 16, 10)
    assert net.dtype == np.float32  # the default


def test_weights_and_biases_are_views_into_params():
    net = Network([5, 4, 3], seed=1)
    for W, b in zip(net.weights, net.biases):
        assert np.shares_memory(W, net.params)
        assert np.shares_memory(b, net.params)
    net.weights[1][2, 3] = 123.0
    net.biases[0][1] = -7.0
    # layout: W0 (4x5) at 0, b0 at 20, W1 (3x4) at 24, b1 at 36
    assert net.params[24 + 2 * 4 + 3] == 123.0
    assert net.params[20 + 1] == -7.0
    net.params[:] = np.arange(net.n_params)
    np.testing.assert_array_equal(net.weights[0], np.arange(20).reshape(4, 5))
    np.testing.assert_array_equal(net.biases[0], np.arange(20, 24))
    np.testing.assert_array_equal(net.weights[1], np.arange(24, 36).reshape(3, 4))
    np.testing.assert_array_equal(net.biases[1], np.arange(36, 39))


def test_copy_is_independent():
    net = Network([5, 4, 3], seed=1)
    twin = net.copy()
    np.testing.assert_array_equal(twin.params, net.params)
    twin.weights[0][0, 0] += 1.0
    assert twin.params[0] != net.params[0]
    assert twin.sizes == net.sizes and twin.activation == net.activation


# --------------------------------------------------------------------------- initialisation


def test_same_seed_same_params_different_seed_different():
    a = Network([64, 20, 10], seed=7)
    b = Network([64, 20, 10], seed=7)
    c = Network([64, 20, 10], seed=8)
    np.testing.assert_array_equal(a.params, b.params)
    assert not np.array_equal(a.params, c.params)
    # initialize() with no seed restores the network's own start
    a.params[:] = 0.0
    a.initialize()
    np.testing.assert_array_equal(a.params, b.params)
    a.initialize(8)
    np.testing.assert_array_equal(a.params, c.params)


def test_normal_init_has_unit_std():
    net = Network([784, 16, 16, 10], init="normal", seed=0)
    assert abs(net.params.std() - 1.0) < 0.03
    assert abs(net.params.mean()) < 0.03
    biases = np.concatenate(net.biases)
    assert biases.std() > 0.5  # biases are drawn too, not zero


@pytest.mark.parametrize("activation,gain", [("sigmoid", 1.0), ("relu", 2.0)])
def test_scaled_init_std_depends_on_fan_in(activation, gain):
    net = Network([400, 300, 50, 10], activation=activation, init="scaled", seed=0)
    for W, b in zip(net.weights, net.biases):
        n_in = W.shape[1]
        expected = np.sqrt(gain / n_in)
        tolerance = 4 * expected / np.sqrt(2 * W.size) + 1e-3 * expected
        assert abs(W.std() - expected) < tolerance, (W.shape, W.std(), expected)
        assert abs(W.mean()) < 4 * expected / np.sqrt(W.size)
        np.testing.assert_array_equal(b, 0.0)


# --------------------------------------------------------------------------- using it


@pytest.mark.parametrize("activation,cost", COMBOS, ids=COMBO_IDS)
def test_mean_cost_matches_reference(digits, activation, cost):
    X, y = digits.test_images.astype(np.float64), digits.test_labels
    net = Network([64, 12, 10], activation=activation, cost=cost, init="normal", seed=2,
                  dtype=np.float64)
    expected = reference.mean_cost(net.weights, net.biases, X, y, activation, cost)
    assert net.mean_cost(X, y) == pytest.approx(expected, rel=1e-12)
    # independently: the mean over examples of the cost of each output
    outputs = [reference.feedforward(net.weights, net.biases, x, activation, cost) for x in X]
    by_hand = np.mean([reference.cost_of_output(a, reference.one_hot(label, 10), cost)
                       for a, label in zip(outputs, y)])
    assert net.mean_cost(X, y) == pytest.approx(by_hand, rel=1e-12)


def test_mean_cost_float32_close_to_float64(digits):
    X, y = digits.test_images, digits.test_labels
    for activation, cost in COMBOS:
        n32 = Network([64, 12, 10], activation=activation, cost=cost, seed=2)
        n64 = Network([64, 12, 10], activation=activation, cost=cost, seed=2, dtype=np.float64)
        assert n32.mean_cost(X, y) == pytest.approx(n64.mean_cost(X, y), rel=1e-5)


def test_predict_is_argmax_of_feedforward():
    net = Network([64, 12, 10], seed=5)
    X = np.random.default_rng(0).normal(0.0, 3.0, (200, 64))
    out = net.feedforward(X)
    assert out.shape == (len(X), 10)
    pred = net.predict(X)
    np.testing.assert_array_equal(pred, np.argmax(out, axis=1))
    assert len(set(pred.tolist())) > 1  # a non-trivial check
    ref = reference.feedforward_batch([w.astype(np.float64) for w in net.weights],
                                      [b.astype(np.float64) for b in net.biases],
                                      X.astype(np.float64))
    np.testing.assert_allclose(out, ref, atol=1e-5)


def test_single_image_works(digits):
    net = Network([64, 12, 10], init="normal", seed=5)
    X = digits.test_images
    out = net.feedforward(X[3])
    assert out.shape == (10,)
    np.testing.assert_allclose(out, net.feedforward(X)[3], rtol=1e-6)
    p = net.predict(X[3])
    assert np.ndim(p) == 0
    assert int(p) == net.predict(X)[3]
    # an image given as rows x cols works too
    np.testing.assert_array_equal(net.predict(X.reshape(-1, 8, 8)), net.predict(X))
    acts = net.layer_activations(X[3])
    assert [a.shape for a in acts] == [(64,), (12,), (10,)]
    np.testing.assert_allclose(acts[-1], out, atol=1e-5)


def test_a_long_forward_pass_runs_in_chunks_with_the_same_numbers(monkeypatch):
    from mlpbook.engine import kernels

    net = Network([64, 40, 10], seed=2)
    X = np.random.default_rng(0).random((5000, 64))
    whole = net.feedforward(X)
    calls = []
    real = kernels.forward

    def recorded(*args):
        calls.append(len(args[4]))
        return real(*args)

    monkeypatch.setattr(kernels, "forward", recorded)
    monkeypatch.setattr(kernels, "CHUNK_FLOPS", 2 * net.n_params * 2048)  # 2048 rows a call
    np.testing.assert_array_equal(net.feedforward(X), whole)
    assert calls == [2048, 2048, 904]
    assert net.evaluate(X, np.zeros(5000, int)) == pytest.approx(
        (net.mean_cost(X, np.zeros(5000, int)), net.accuracy(X, np.zeros(5000, int))))


def test_accuracy(digits):
    net = Network([64, 12, 10], init="normal", seed=5)
    X, y = digits.test_images, digits.test_labels
    expected = np.mean(net.predict(X) == y)
    assert net.accuracy(X, y) == pytest.approx(expected)
    # labels equal to the predictions give 100%; shifted labels give 0%
    pred = net.predict(X)
    assert net.accuracy(X, pred) == 1.0
    assert net.accuracy(X, (pred + 1) % 10) == 0.0
    assert net.accuracy(X, pred.astype(np.float64)) == 1.0  # whole floats are fine


# --------------------------------------------------------------------------- save and load


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_save_load_round_trip(tmp_path, dtype):
    net = Network([64, 9, 7, 10], activation="relu", cost="cross-entropy", init="normal",
                  seed=4, dtype=dtype)
    net.params[:] += np.linspace(-1, 1, net.n_params, dtype=dtype)  # not just a fresh init
    path = net.save(tmp_path / "model")
    assert path == tmp_path / "model.npz"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.npz"]  # no temp file left
    loaded = Network.load(path)
    assert loaded.sizes == net.sizes
    assert loaded.activation == "relu"
    assert loaded.cost == "cross-entropy"
    assert loaded.init == "normal"
    assert loaded.dtype == dtype
    np.testing.assert_array_equal(loaded.params, net.params)
    X = np.random.default_rng(0).random((5, 64))
    np.testing.assert_array_equal(loaded.feedforward(X), net.feedforward(X))
    # saving again over the file replaces it
    net.params[:] = 0.5
    net.save(path)
    np.testing.assert_array_equal(Network.load(path).params, 0.5)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.npz"]


def test_save_into_new_folder(tmp_path):
    net = Network([4, 3], seed=0)
    path = net.save(tmp_path / "a" / "b" / "net.npz")
    assert path.exists()
    np.testing.assert_array_equal(Network.load(path).params, net.params)


def test_failed_save_keeps_old_file_and_leaves_no_temp_file(tmp_path, monkeypatch):
    net = Network([4, 3], seed=0)
    path = net.save(tmp_path / "net.npz")
    original = path.read_bytes()

    def broken_savez(fh, **arrays):
        fh.write(b"PK\x03\x04 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(network_module.np, "savez", broken_savez)
    other = Network([4, 3], seed=1)
    with pytest.raises(OSError, match="disk full"):
        other.save(path)
    monkeypatch.undo()
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.npz"]
    np.testing.assert_array_equal(Network.load(path).params, net.params)


def test_save_gives_the_users_permissions(tmp_path):
    net = Network([4, 3], seed=0)
    previous = os.umask(0o027)
    try:
        path = net.save(tmp_path / "net.npz")
    finally:
        os.umask(previous)
    assert path.stat().st_mode & 0o777 == 0o640  # not mkstemp's 0600


def test_save_with_a_long_legal_name(tmp_path):
    path = tmp_path / ("n" * 251 + ".npz")  # 255 bytes: the longest name ext4 allows
    Network([4, 3], seed=0).save(path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    np.testing.assert_array_equal(Network.load(path).params, Network([4, 3], seed=0).params)


def test_check_writable_fails_as_saving_would(tmp_path):
    from mlpbook.engine.safewrite import NotWritable, check_writable

    assert check_writable(tmp_path / "a" / "b" / "net.npz") == tmp_path / "a" / "b" / "net.npz"
    assert not (tmp_path / "a").exists()  # nothing created by the check
    with pytest.raises(NotWritable, match="allows 255"):
        check_writable(tmp_path / ("n" * 256 + ".npz"))
    with pytest.raises(NotWritable, match="is not a folder"):
        (tmp_path / "file").write_text("x")
        check_writable(tmp_path / "file" / "net.npz")
    with pytest.raises(NotWritable, match="bytes free"):
        check_writable(tmp_path / "net.npz", nbytes=10**18)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # the probe was removed


def saved_fields(tmp_path, **kwargs):
    """The arrays of a real model file, as a dict to tamper with."""
    net = Network([6, 5, 4], activation="relu", seed=1, **kwargs)
    path = net.save(tmp_path / "good.npz")
    with np.load(path) as f:
        return {k: f[k] for k in f.files}


def write_npz(path, fields):
    np.savez(path, **fields)
    return path


def load_error(path):
    with pytest.raises(ModelFileError) as info:
        Network.load(path)
    assert isinstance(info.value, ValueError)  # ModelFileError is a ValueError
    return str(info.value)


def test_load_missing_file(tmp_path):
    message = load_error(tmp_path / "nowhere.npz")
    assert "no model file" in message and "nowhere.npz" in message
    assert "train" in message  # says how to get one


def test_load_random_bytes(tmp_path):
    path = tmp_path / "noise.npz"
    path.write_bytes(np.random.default_rng(0).bytes(2000))
    message = load_error(path)
    assert "not an mlpbook model file" in message
    assert "damaged" in message


def test_load_random_bytes_that_look_like_a_pickle(tmp_path):
    # np.load treats anything that is not npy/npz as a pickle; it must refuse, not unpickle.
    path = tmp_path / "noise.npz"
    path.write_bytes(b"\x80\x04" + np.random.default_rng(1).bytes(500))
    message = load_error(path)
    assert "not an mlpbook model file" in message and "pickle" in message
    assert "allow_pickle" not in message and "unsafe" not in message


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.99])
def test_load_truncated_model_file(tmp_path, keep):
    good = Network([6, 5, 4], seed=0).save(tmp_path / "good.npz")
    raw = good.read_bytes()
    bad = tmp_path / "truncated.npz"
    bad.write_bytes(raw[:int(len(raw) * keep)])
    message = load_error(bad)
    assert "truncated.npz" in message
    assert "damaged" in message


def test_load_npz_from_elsewhere(tmp_path):
    path = write_npz(tmp_path / "other.npz", {"x": np.arange(3), "y": np.ones((2, 2))})
    message = load_error(path)
    assert "not an mlpbook network" in message


def test_load_refuses_pickled_object_arrays_without_unpickling(tmp_path):
    executed = tmp_path / "executed"

    fields = saved_fields(tmp_path)
    fields["params"] = np.array([_Trap(str(executed))], dtype=object)
    path = write_npz(tmp_path / "evil.npz", fields)
    message = load_error(path)
    assert not executed.exists(), "load() unpickled an object array"
    assert "not a readable mlpbook model file" in message
    assert "pickle" in message.lower()


class _Trap:
    """Unpickling this object creates a file: proof that something was unpickled."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (_touch, (self.path,))


def _touch(path):
    open(path, "w").close()


def test_load_wrong_parameter_count(tmp_path):
    fields = saved_fields(tmp_path)
    fields["params"] = fields["params"][:-1]
    message = load_error(write_npz(tmp_path / "short.npz", fields))
    assert "parameters" in message and "damaged" in message
    assert str(len(fields["params"])) in message  # how many it holds
    fields = saved_fields(tmp_path)
    fields["sizes"] = np.array([6, 5, 5])
    message = load_error(write_npz(tmp_path / "sizes.npz", fields))
    assert "parameters" in message


def test_load_huge_sizes_rejected_before_allocating(tmp_path):
    # A damaged sizes field must not make load() allocate what it claims (here 400 TB).
    fields = saved_fields(tmp_path)
    fields["sizes"] = np.array([10**7, 10**7])
    message = load_error(write_npz(tmp_path / "huge.npz", fields))
    assert "parameters" in message and "damaged" in message


def test_load_odd_marker_and_version_fields(tmp_path):
    fields = saved_fields(tmp_path)
    fields["format"] = np.array([network_module.FORMAT, network_module.FORMAT])
    assert "not an mlpbook network" in load_error(write_npz(tmp_path / "m.npz", fields))
    fields = saved_fields(tmp_path)
    fields["format_version"] = np.array("one")
    assert "format_version" in load_error(write_npz(tmp_path / "v.npz", fields))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_load_non_finite_params(tmp_path, bad):
    fields = saved_fields(tmp_path)
    fields["params"][3] = bad
    message = load_error(write_npz(tmp_path / "nan.npz", fields))
    assert "NaN or infinite" in message
    assert "learning rate" in message


def test_load_newer_format_version(tmp_path):
    fields = saved_fields(tmp_path)
    fields["format_version"] = np.array(network_module.FORMAT_VERSION + 1)
    message = load_error(write_npz(tmp_path / "future.npz", fields))
    assert "newer" in message and "upgrade" in message.lower()


def test_load_missing_format_version(tmp_path):
    fields = saved_fields(tmp_path)
    del fields["format_version"]
    message = load_error(write_npz(tmp_path / "noversion.npz", fields))
    assert "format" in message


@pytest.mark.parametrize("field,value,words", [
    ("activation", np.array("tanh"), "activation"),
    ("cost", np.array("hinge"), "cost"),
    ("sizes", np.array([6]), "two layers"),
    ("sizes", np.array([6, 0, 4]), "positive integer"),
    ("params", None, "params"),
])
def test_load_invalid_settings(tmp_path, field, value, words):
    fields = saved_fields(tmp_path)
    if value is None:
        del fields[field]
    else:
        fields[field] = value
    message = load_error(write_npz(tmp_path / "bad.npz", fields))
    assert words in message


def test_load_integer_params_rejected(tmp_path):
    fields = saved_fields(tmp_path)
    fields["params"] = np.zeros(fields["params"].shape, np.int64)
    message = load_error(write_npz(tmp_path / "ints.npz", fields))
    assert "float32 or float64" in message


# --------------------------------------------------------------------------- hostile files
# A model file can come from anywhere. Whatever it claims, load() must check the marker and
# every member's declared dtype and shape before reading data, and name the real problem.


def write_member(zf, name, descr, shape, data=b"", repeat=1):
    """Write an .npy member whose header declares ``descr``/``shape``, then ``data`` repeated
    (deflate packs repeated zeros about 1000:1: 32 MiB of data costs 32 KB of file)."""
    header = io.BytesIO()
    npy_format.write_array_header_1_0(header, {"descr": descr, "fortran_order": False,
                                               "shape": shape})
    with zf.open(f"{name}.npy", "w", force_zip64=True) as fh:
        fh.write(header.getvalue())
        for _ in range(repeat):
            fh.write(data)


def model_with(tmp_path, name, extra):
    """A real model file (784-16-16-10 float32) with ``extra(zf)`` adding or replacing members."""
    good = Network([784, 16, 16, 10], seed=0).save(tmp_path / "good.npz")
    path = tmp_path / name
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        replaced = extra(dst)
        for info in src.infolist():
            if info.filename not in replaced:
                dst.writestr(info, src.read(info))
    return path


def load_error_in_bounds(path, max_megabytes=4, max_seconds=1.0):
    """load()'s message, checking it was refused without reading what the file claims."""
    tracemalloc.start()
    started = time.process_time()  # CPU time: the same on a busy machine
    try:
        message = load_error(path)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.process_time() - started < max_seconds
    assert peak < max_megabytes * 2**20, f"load() used {peak / 2**20:.0f} MiB before refusing"
    return message


MiB = 2**20


def test_load_refuses_a_small_file_with_a_huge_member_at_once(tmp_path):
    # The file: a real model plus a member of zeros that inflates a thousandfold.
    path = model_with(tmp_path, "extra.npz", lambda zf: write_member(
        zf, "junk", "<f4", (8 * MiB,), bytes(MiB), 32) or set())
    assert path.stat().st_size < 200_000
    message = load_error_in_bounds(path)
    assert "'junk'" in message and "would inflate from" in message


def test_load_refuses_an_unknown_member_without_reading_it(tmp_path):
    path = model_with(tmp_path, "extra.npz", lambda zf: write_member(
        zf, "junk", "<f4", (1000,), bytes(4000)) or set())
    message = load_error_in_bounds(path)
    assert "'junk'" in message and "never writes" in message and "damaged" in message


def test_load_refuses_params_declaring_more_than_the_layers_need_before_reading(tmp_path):
    path = model_with(tmp_path, "big-params.npz", lambda zf: write_member(
        zf, "params", "<f4", (200_000,), bytes(800_000)) or {"params.npy"})
    message = load_error_in_bounds(path, max_megabytes=0.5)  # the 800 KB are never read
    assert "200,000 parameters" in message and "13,002" in message and "damaged" in message


@pytest.mark.parametrize("member, descr, shape", [("format", "<U200000", ()),
                                                  ("sizes", "<i8", (4 * MiB,)),
                                                  ("activation", "<U1000000", ())])
def test_load_refuses_oversized_settings_before_reading(tmp_path, member, descr, shape):
    nbytes = 4 * MiB if member == "sizes" else (800_000 if member == "format" else 4_000_000)
    path = model_with(tmp_path, "big-field.npz", lambda zf: write_member(
        zf, member, descr, shape, bytes(nbytes)) or {f"{member}.npy"})
    message = load_error_in_bounds(path)
    assert str(path) in message
    assert ("not an mlpbook network" if member == "format" else member) in message


def test_load_refuses_params_that_fit_the_layers_but_inflate_a_thousandfold(tmp_path):
    # Layers 784-4096-10 need 3,256,330 float32 parameters (13 MB): the file declares exactly
    # that, as deflated zeros of 13 KB. Reading it would cost the 13 MB the file does not have.
    n = 784 * 4096 + 4096 + 4096 * 10 + 10

    def bomb(zf):
        write_member(zf, "params", "<f4", (n,), bytes(4 * n))
        write_member(zf, "sizes", "<i8", (3,), np.array([784, 4096, 10], "<i8").tobytes())
        return {"params.npy", "sizes.npy"}

    path = model_with(tmp_path, "bomb.npz", bomb)
    assert path.stat().st_size < 100_000
    message = load_error_in_bounds(path, max_megabytes=15)  # the network itself is 13 MB
    assert "would inflate from" in message and "decompression bomb" in message


def test_load_refuses_a_header_that_disagrees_with_the_zip_directory(tmp_path):
    # The header promises 2**40 floats; the member stores 1000 bytes: damaged, nothing allocated.
    path = model_with(tmp_path, "liar.npz", lambda zf: write_member(
        zf, "params", "<f4", (2**40,), bytes(1000)) or {"params.npy"})
    message = load_error_in_bounds(path)
    assert "declares" in message and "damaged" in message


def test_load_refuses_huge_layer_sizes_with_the_numbers(tmp_path):
    fields = saved_fields(tmp_path)
    fields["sizes"] = np.array([784, 10**15, 10])  # 20-digit parameter counts: no OverflowError
    message = load_error(write_npz(tmp_path / "huge.npz", fields))
    assert "need a flat array of 795,000,000,000,000,010 parameters" in message
    assert "damaged" in message


def test_load_a_params_array_of_the_wrong_shape_says_the_shape(tmp_path):
    fields = saved_fields(tmp_path)
    fields["params"] = fields["params"][None, :]  # (1, 59): the right count, the wrong shape
    message = load_error(write_npz(tmp_path / "2d.npz", fields))
    assert "shape (1, 59)" in message and "flat array of 59" in message
    assert "holds 59" not in message


def test_a_picture_given_as_the_model_is_named(tmp_path):
    picture = tmp_path / "seven.png"
    Image.fromarray(np.zeros((28, 28), np.uint8)).save(picture)
    message = load_error(picture)
    assert "not an mlpbook model file" in message and "PNG image" in message
    assert "pickle" not in message and "allow_pickle" not in message


@pytest.mark.parametrize("content, words", [
    (b"layers: 784 16 16 10\n", "a text file"),
    (b"", "an empty file"),
    (b"\x93NUMPY\x01\x00", "a single .npy array"),
])
def test_other_files_given_as_the_model_are_named(tmp_path, content, words):
    path = tmp_path / "model.npz"
    path.write_bytes(content)
    message = load_error(path)
    assert "not an mlpbook model file" in message and words in message
    assert "allow_pickle" not in message and "unsafe" not in message


def test_a_folder_given_as_the_model(tmp_path):
    assert "is a folder" in load_error(tmp_path)


def test_huge_layer_sizes_are_refused_with_the_memory_they_need():
    with pytest.raises(ValueError) as info:
        Network([784, 99_999_999_999, 10])
    message = str(info.value)
    assert "79,499,999,999,215 parameters (318.0 TB as float32)" in message
    assert "more than the" in message and "smaller layers" in message
    with pytest.raises(ValueError, match="parameters"):  # 20 digits: not an OverflowError
        Network([784, 12_345_678_901_234_567_890, 10])


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_bad_seeds_are_refused(seed):
    value_error(lambda: Network([4, 3], seed=seed), "seed must be a whole number 0 or more")


# --------------------------------------------------------------------------- bad input


@pytest.fixture(scope="module")
def mnist_net():
    return Network([784, 16, 16, 10], seed=0)


def value_error(call, *words):
    with pytest.raises(ValueError) as info:
        call()
    message = str(info.value)
    for word in words:
        assert word in message, (word, message)
    return message


def test_images_with_wrong_number_of_features(mnist_net):
    X = np.zeros((3, 785))
    value_error(lambda: mnist_net.predict(X), "785", "784")
    value_error(lambda: mnist_net.feedforward(np.zeros(785)), "785", "784")
    value_error(lambda: mnist_net.accuracy(X, [1, 2, 3]), "785", "784")


def test_images_with_wrong_shape(mnist_net):
    value_error(lambda: mnist_net.predict(np.zeros((2, 3, 4, 5))), "2-D", "reshape")
    value_error(lambda: mnist_net.predict(np.zeros((0, 784))), "empty")
    value_error(lambda: mnist_net.predict(np.array([["a"] * 784])), "numbers")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_images_with_nan_or_inf(mnist_net, bad):
    X = np.zeros((4, 784))
    X[2, 100] = bad
    value_error(lambda: mnist_net.predict(X), "NaN or infinite", "1 ")
    value_error(lambda: mnist_net.mean_cost(X, [0, 1, 2, 3]), "NaN or infinite")


@pytest.mark.parametrize("labels", [[0, 1, 10], [0, -1, 2], [0, 1, 99]])
def test_labels_out_of_range(mnist_net, labels):
    X = np.zeros((3, 784))
    message = value_error(lambda: mnist_net.accuracy(X, labels), "0..9")
    assert "10 output" in message
    value_error(lambda: mnist_net.mean_cost(X, labels), "0..9")
    value_error(lambda: mnist_net.gradient(X, labels), "0..9")


def test_negative_labels_say_so_and_suggest_no_zero_outputs(mnist_net):
    message = value_error(lambda: mnist_net.accuracy(np.zeros((3, 784)), [-1, -1, -1]),
                          "must be 0 or more", "found -1")
    assert "0 outputs" not in message and "with 0 " not in message


def test_one_28x28_image_is_named_as_one_image(mnist_net):
    message = value_error(lambda: mnist_net.feedforward(np.zeros((28, 28))),
                          "one 28x28 image", "reshape(1, -1)")
    assert "sizes[0] = 28" not in message


@pytest.mark.parametrize("images", [
    np.full((2, 784), 255, np.uint8),
    np.linspace(0, 255, 2 * 784).reshape(2, 784),  # floats 0..255
])
def test_images_that_look_like_bytes_warn(mnist_net, images):
    with pytest.warns(network_module.MlpbookWarning, match=r"0\.\.255 pixel bytes.*X / 255"):
        mnist_net.feedforward(images)


@pytest.mark.parametrize("images", [
    np.full((2, 784), 1, np.uint8),  # 0/1 bytes are fine
    np.random.default_rng(0).random((2, 784)),
    np.random.default_rng(0).normal(0, 3, (2, 784)),  # standardised features: not pixels
])
def test_images_in_range_do_not_warn(mnist_net, images):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mnist_net.feedforward(images)


def test_bad_label_values(mnist_net):
    X = np.zeros((3, 784))
    value_error(lambda: mnist_net.accuracy(X, [0.5, 1, 2]), "whole numbers")
    value_error(lambda: mnist_net.accuracy(X, [np.nan, 1, 2]), "whole numbers")
    value_error(lambda: mnist_net.accuracy(X, ["a", "b", "c"]), "integers")
    value_error(lambda: mnist_net.accuracy(X, [[0, 1, 2]]), "1-D")


@pytest.mark.parametrize("n_labels", [2, 4])
def test_wrong_number_of_labels(mnist_net, n_labels):
    X = np.zeros((3, 784))
    labels = np.zeros(n_labels, np.int64)
    value_error(lambda: mnist_net.accuracy(X, labels), "3 images", f"{n_labels} labels",
                "one label per image")
    value_error(lambda: mnist_net.mean_cost(X, labels), "one label per image")


@pytest.mark.parametrize("sizes", [[], [784], (10,)])
def test_fewer_than_two_layers(sizes):
    value_error(lambda: Network(sizes), "at least two layers", "784, 16, 16, 10")


@pytest.mark.parametrize("sizes", [[784, 0, 10], [784, -16, 10], [784, 16.0, 10],
                                   [784, 16, 10.5], [784, "16", 10], [784, True, 10]])
def test_bad_layer_sizes(sizes):
    value_error(lambda: Network(sizes), "positive integer")


def test_layer_sizes_not_a_list():
    value_error(lambda: Network(784), "list of integers")


def test_numpy_integer_sizes_are_fine():
    net = Network(np.array([8, 4, 3]))
    assert net.sizes == (8, 4, 3) and all(type(s) is int for s in net.sizes)


@pytest.mark.parametrize("kwargs,word", [
    ({"activation": "tanh"}, "activation"),
    ({"activation": "Sigmoid"}, "activation"),
    ({"cost": "hinge"}, "cost"),
    ({"init": "xavier"}, "init"),
])
def test_unknown_choices(kwargs, word):
    message = value_error(lambda: Network([4, 3], **kwargs), f"unknown {word}", "choose one of")
    allowed = {"activation": reference.ACTIVATIONS, "cost": reference.COSTS,
               "init": network_module.INITS}[word]
    for choice in allowed:
        assert repr(choice) in message


@pytest.mark.parametrize("dtype", [np.int32, np.float16, "int64", complex, "not-a-dtype"])
def test_bad_dtype(dtype):
    value_error(lambda: Network([4, 3], dtype=dtype), "float32 or float64")


@pytest.mark.parametrize("dtype", [np.float32, "float64", np.dtype("float32")])
def test_good_dtypes(dtype):
    assert Network([4, 3], dtype=dtype).dtype == np.dtype(dtype)
