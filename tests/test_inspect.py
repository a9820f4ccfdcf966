"""mlpbook.lessons.inspect: edge-likeness, noise confidence, gradients with respect to the input."""

import numpy as np
import pytest

from mlpbook import Network
from mlpbook.lessons import inspect as ins
from mlpbook.lessons.neuron import edge_detector


# --------------------------------------------------------------------------- line detectors
@pytest.mark.parametrize("orientation,angle", [("horizontal", 0), ("vertical", 90)])
@pytest.mark.parametrize("center,length,width,band", [
    ((13.5, 13.0), 9, 2, 2), ((6.0, 20.0), 5, 1, 1), ((20.5, 8.5), 12, 2, 3),
    ((10.0, 10.0), 7, 3, 2)])
def test_line_detector_is_the_edge_detector_when_axis_aligned(orientation, angle, center,
                                                             length, width, band):
    if orientation == "vertical":  # edge_detector's vertical strip: the centre is (row, col) too
        hand = edge_detector(center=center, orientation="vertical", length=length,
                             width=width, band=band)
    else:
        hand = edge_detector(center=center, length=length, width=width, band=band)
    ours = ins.line_detector(angle=angle, center=center, length=length, width=width, band=band)
    np.testing.assert_allclose(ours, hand, atol=1e-12)


def test_line_detector_balance_and_counts():
    w = ins.line_detector(angle=30, center=(12.3, 14.7), length=10, width=2)
    assert abs(w.sum()) < 1e-9                      # balanced: an even grey gives 0
    assert (w == 1).sum() > 0 and (w < 0).sum() > 0
    raw = ins.line_detector(angle=0, center=(13.5, 13), length=9, width=2, band=2,
                            balanced=False)
    assert (raw == 1).sum() == 9 * 2 and (raw == -1).sum() == 9 * 2 * 2


def test_line_detector_mirror_images():
    """Mirrored left-right about the centre, a 45-degree line becomes a 135-degree one."""
    a = ins.line_detector(angle=45, length=11, width=2)
    b = ins.line_detector(angle=135, length=11, width=2)
    np.testing.assert_allclose(a[:, ::-1], b, atol=1e-12)
    # 45 degrees climbs to the right on the screen: the top-right pixel of the strip's
    # line is above (smaller row) its bottom-left one
    rows, cols = np.nonzero(a == 1)
    right = cols == cols.max()
    left = cols == cols.min()
    assert rows[right].mean() < rows[left].mean()


@pytest.mark.parametrize("kwargs", [dict(length=0), dict(width=0.5), dict(band=-1),
                                    dict(shape=(28,))])
def test_line_detector_rejects_bad_sizes(kwargs):
    with pytest.raises(ValueError):
        ins.line_detector(**kwargs)


def test_edge_bank_size_and_settings():
    bank = ins.edge_bank()
    assert len(bank) == 12 * 2 * 2 * 20 * 20 == bank.patterns.shape[0]
    centres = sorted({s["center"][0] for s in bank.settings})
    assert centres[0] == 4 and centres[-1] == 23 and len(centres) == 20  # symmetric
    np.testing.assert_allclose(np.linalg.norm(bank.units, axis=1), 1, rtol=1e-6)
    assert bank.patterns.shape[1] == 784
    np.testing.assert_allclose(bank.patterns.sum(axis=1), 0, atol=1e-5)  # float32
    k = 1234
    s = bank.settings[k]
    np.testing.assert_allclose(
        bank.image(k), ins.line_detector(bank.shape, s["angle"], s["center"], s["length"],
                                         s["width"]), rtol=1e-6)
    small = ins.edge_bank(shape=(10, 12), angles=(0, 90), lengths=(3,), widths=(1,), step=2,
                          margin=2)
    assert small.patterns.shape == (2 * 3 * 4, 120)  # rows 2.5, 4.5, 6.5; cols 2..8
    with pytest.raises(ValueError, match="step"):
        ins.edge_bank(step=0)
    with pytest.raises(ValueError, match="empty"):
        ins.edge_bank(angles=())


# --------------------------------------------------------------------------- cosines
def test_cosine_similarity():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((3, 5))
    C = ins.cosine_similarity(A, np.vstack([A[0] * 7.0, -A[1], np.zeros(5)]))
    assert C.shape == (3, 3)
    assert np.isclose(C[0, 0], 1) and np.isclose(C[1, 1], -1)
    assert np.all(C[:, 2] == 0)  # a zero row has no direction
    manual = A[2] @ A[0] / np.linalg.norm(A[2]) / np.linalg.norm(A[0])
    assert np.isclose(C[2, 0], manual)
    with pytest.raises(ValueError, match="same length"):
        ins.cosine_similarity(A, np.ones((2, 4)))
    with pytest.raises(ValueError, match="NaN"):
        ins.cosine_similarity([[np.nan, 1.0]], [[1.0, 1.0]])


def test_edge_likeness_scores_a_detector_one_and_random_weights_low():
    bank = ins.edge_bank()
    detector = bank.patterns[500]
    weights = np.vstack([3 * detector, -0.5 * detector, ins.random_like(np.ones((4, 784)))])
    scores = ins.edge_likeness(weights, bank)
    assert np.allclose(scores[:2], 1.0)
    assert np.all(scores[2:] < 0.25)
    edges = ins.closest_edges(weights[:2], bank)
    np.testing.assert_allclose(edges[0], detector)
    np.testing.assert_allclose(edges[1], -detector)   # signed like the neuron
    clean = ins.random_line_detectors(40, seed=1)
    assert clean.shape == (40, 784)
    assert np.all(ins.edge_likeness(clean, bank) > 0.6)   # the bank is dense enough
    np.testing.assert_allclose(ins.edge_likeness(weights, bank),
                               np.abs(ins.cosine_similarity(weights, bank.patterns)).max(axis=1),
                               atol=1e-5)   # the float32 shortcut changes nothing that shows
    with pytest.raises(ValueError, match="EdgeBank"):
        ins.edge_likeness(weights, bank.patterns)
    with pytest.raises(ValueError, match="weights"):
        ins.edge_likeness(np.ones((2, 100)), bank)


def test_random_like_keeps_shape_and_scale():
    W = np.vstack([np.full(784, 0.0) + np.linspace(-1, 1, 784), np.linspace(0, 0.02, 784)])
    R = ins.random_like(W, seed=3)
    assert R.shape == W.shape
    np.testing.assert_allclose(R.std(axis=1), W.std(axis=1), rtol=0.1)
    np.testing.assert_array_equal(R, ins.random_like(W, seed=3))
    assert not np.array_equal(R, ins.random_like(W, seed=4))


# --------------------------------------------------------------------------- noise and outputs
def test_uniform_noise_and_scrambled():
    U = ins.uniform_noise(50, seed=1)
    assert U.shape == (50, 784) and U.dtype == np.float32
    assert U.min() >= 0 and U.max() < 1 and abs(U.mean() - 0.5) < 0.02
    np.testing.assert_array_equal(U, ins.uniform_noise(50, seed=1))
    with pytest.raises(ValueError, match="n must"):
        ins.uniform_noise(0)
    X = np.zeros((3, 784), np.float32)
    X[:, 300:340] = np.linspace(0.1, 1, 40)
    S = ins.scrambled(X, seed=2)
    np.testing.assert_array_equal(np.sort(S, axis=1), np.sort(X, axis=1))
    assert not np.array_equal(S, X)
    assert not np.array_equal(S[0], S[1])   # each image shuffled its own way
    np.testing.assert_array_equal(X[:, :300], 0)  # the input is left alone


def test_top_outputs_confident_fraction_and_answers():
    O = np.array([[0.05, 0.95, 0.0], [0.3, 0.3, 0.4], [0.9, 0.05, 0.05], [0.0, 0.01, 0.99]])
    np.testing.assert_allclose(ins.top_outputs(O), [0.95, 0.4, 0.9, 0.99])
    assert ins.confident_fraction(O) == 0.5        # strictly above 0.9
    assert ins.confident_fraction(O, 0.35) == 1.0
    np.testing.assert_array_equal(ins.answer_counts(O), [1, 1, 2])
    assert ins.top_outputs([0.2, 0.7, 0.1]).tolist() == [0.7]
    with pytest.raises(ValueError, match="threshold"):
        ins.confident_fraction(O, 1.0)


def test_shift_images():
    X = np.zeros((2, 784), np.float32)
    X[0, 10 * 28 + 5] = 1.0     # pixel (10, 5)
    X[1, 27 * 28 + 27] = 0.5    # the bottom-right corner
    S = ins.shift_images(X, rows=2, cols=-3)
    assert S.dtype == np.float32
    assert S[0].reshape(28, 28)[12, 2] == 1.0 and S[0].sum() == 1.0
    assert S[1].sum() == 0      # moved out of the frame
    np.testing.assert_array_equal(ins.shift_images(X), X)
    np.testing.assert_array_equal(ins.shift_images(S, -2, 3)[0], X[0])
    assert ins.shift_images(X, 0, 30).sum() == 0
    with pytest.raises(ValueError, match="whole number"):
        ins.shift_images(X, 1.5)
    with pytest.raises(ValueError, match="784"):
        ins.shift_images(np.zeros((2, 100)))


def test_nearest_distances_equal_brute_force():
    rng = np.random.default_rng(5)
    X, R = rng.random((300, 20)), rng.random((40, 20))
    brute = np.sqrt(((X[:, None, :] - R[None, :, :]) ** 2).sum(-1)).min(axis=1)
    np.testing.assert_allclose(ins.nearest_distances(X, R), brute, rtol=1e-9, atol=1e-9)
    assert ins.nearest_distances(R[3], R)[0] < 1e-6
    with pytest.raises(ValueError, match="same length"):
        ins.nearest_distances(X, R[:, :5])


# --------------------------------------------------------------------------- input gradients
NETS = [
    dict(activation="sigmoid", cost="cross-entropy"),
    dict(activation="sigmoid", cost="quadratic"),
    dict(activation="relu", cost="cross-entropy"),
]


def _net(kwargs, sizes=(784, 16, 16, 10)):
    net = Network(list(sizes), dtype=np.float64, seed=1, init="normal", **kwargs)
    net.params *= 0.3   # keep the sigmoids away from saturation so the slopes are not tiny
    return net


@pytest.mark.parametrize("kwargs", NETS)
def test_forward_pass_matches_the_network(kwargs):
    net = _net(kwargs)
    x = np.random.default_rng(0).random(784)
    zs, acts = ins.forward_pass(net, x)
    assert len(zs) == 3 and len(acts) == 4
    np.testing.assert_allclose(acts[-1], net.feedforward(x), rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(acts[0], x)


@pytest.mark.parametrize("kwargs", NETS)
def test_hidden_activations_match_layer_activations(kwargs):
    net = _net(kwargs)
    X = np.random.default_rng(1).random((3, 784))
    layers = ins.hidden_activations(net, X)
    assert [a.shape for a in layers] == [(3, 16), (3, 16)]
    for i in range(3):
        for a, b in zip(layers, net.layer_activations(X[i])[1:-1]):
            np.testing.assert_allclose(a[i], b, rtol=1e-10)
    with pytest.raises(ValueError, match="784"):
        ins.hidden_activations(net, np.zeros((2, 10)))


@pytest.mark.parametrize("kwargs", NETS)
@pytest.mark.parametrize("objective", ins.OBJECTIVES)
def test_input_gradient_matches_finite_differences(kwargs, objective):
    net = _net(kwargs, sizes=(784, 12, 8, 10))
    rng = np.random.default_rng(2)
    x = rng.random(784)
    grad, value = ins.input_gradient(net, x, 5, objective)
    assert grad.shape == (784,)
    out = net.feedforward(x)
    z = ins.forward_pass(net, x)[0][-1]
    expected_value = z[5] if objective == "z" else np.log(out[5])
    assert np.isclose(value, expected_value, rtol=1e-10)
    eps = 1e-6
    for i in rng.choice(784, 12, replace=False):
        up, down = x.copy(), x.copy()
        up[i] += eps
        down[i] -= eps
        numeric = (ins.input_gradient(net, up, 5, objective)[1]
                   - ins.input_gradient(net, down, 5, objective)[1]) / (2 * eps)
        assert np.isclose(grad[i], numeric, rtol=1e-4, atol=1e-8), (i, grad[i], numeric)


def test_ideal_input_climbs_and_stays_a_picture():
    net = Network([784, 16, 16, 10], cost="cross-entropy", dtype=np.float64, seed=1)
    net.params *= 4  # a random network with some contrast: its output 3 starts below 0.05
    found = ins.ideal_input(net, 3, steps=60, lr=2.0)
    assert found.digit == 3 and found.image.shape == (784,)
    assert found.image.min() >= 0 and found.image.max() <= 1
    assert len(found.values) == 61
    assert found.values[-1] > found.values[0] + 2
    assert np.all(np.diff(found.values) > -1e-3)   # uphill all the way (small steps)
    assert np.isclose(found.confidence, net.feedforward(found.image)[3])
    assert found.confidence > net.feedforward(np.full(784, 0.5))[3]
    assert int(np.argmax(found.outputs)) == 3
    still = ins.ideal_input(net, 3, steps=0, start=0.25)
    np.testing.assert_array_equal(still.image, np.full(784, 0.25))
    # a penalty on ink leaves less of it
    lean = ins.ideal_input(net, 3, steps=60, lr=2.0, l2=0.02)
    assert lean.image.mean() < 0.5 * found.image.mean() and lean.confidence > 0.3
    start = np.random.default_rng(0).random(784)
    other = ins.ideal_input(net, 3, steps=5, lr=2.0, start=start)
    assert not np.array_equal(other.image, found.image)


@pytest.mark.parametrize("kwargs,match", [
    (dict(digit=10), "digit"), (dict(digit=True), "digit"), (dict(objective="a"), "objective"),
    (dict(lr=0.0), "lr"), (dict(l2=-1.0), "l2"), (dict(steps=-1), "steps"),
    (dict(start=1.5), "start"), (dict(start=np.full(784, 2.0)), "0..1"),
    (dict(start=np.zeros(10)), "784")])
def test_ideal_input_rejects_bad_settings(kwargs, match):
    net = _net(NETS[0])
    args = dict(digit=3)
    args.update(kwargs)
    digit = args.pop("digit")
    with pytest.raises(ValueError, match=match):
        ins.ideal_input(net, digit, **args)


def test_input_gradient_needs_a_network():
    with pytest.raises(ValueError, match="mlpbook.Network"):
        ins.input_gradient(object(), np.zeros(784), 1)


# --------------------------------------------------------------------------- "not a digit"
def test_add_noise_class():
    X = np.random.default_rng(0).random((20, 784)).astype(np.float32)
    y = np.arange(20) % 10
    X2, y2 = ins.add_noise_class(X, y, 5, seed=3)
    assert X2.shape == (25, 784) and X2.dtype == np.float32
    np.testing.assert_array_equal(X2[:20], X)
    np.testing.assert_array_equal(y2, np.concatenate([y, np.full(5, 10)]))
    np.testing.assert_array_equal(X2[20:], ins.uniform_noise(5, seed=3))
    _, y3 = ins.add_noise_class(X, y, 2, label=42)
    assert y3[-1] == 42
    with pytest.raises(ValueError, match="already used"):
        ins.add_noise_class(X, y, 2, label=3)
    with pytest.raises(ValueError, match="whole numbers"):
        ins.add_noise_class(X, y.astype(float), 2)


# --------------------------------------------------------------------------- the figures
def test_figures_draw_and_close():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from mlpbook.viz import inspect as figs

    assert figs.percent_text(0.99995) == ">99.9%" and figs.percent_text(0.42) == "42.0%"
    assert figs.percent_text(0.99989, 2) == "99.99%" and figs.percent_text(1.0, 2) == ">99.99%"
    rng = np.random.default_rng(0)
    net = Network([784, 16, 16, 10], cost="cross-entropy", seed=0)
    W = net.weights[0]
    made = [
        figs.plot_edge_likeness({"a": rng.random(16), "b": rng.random(5)}),
        figs.show_neurons_and_edges(W, W[::-1], rng.random(16)),
        figs.plot_layer_activations(net.layer_activations(rng.random(784)), label=3),
        figs.plot_top_outputs({"x": rng.random(50), "y": rng.random(80)}),
        figs.show_ideal_digits(rng.random((10, 784)), rng.random(10),
                               real=rng.random((10, 784))),
        figs.plot_shift_accuracy([0, 1, 2], {"moved": [0.9, 0.5, 0.2]}),
    ]
    for fig in made:
        assert isinstance(fig, matplotlib.figure.Figure)
        assert fig.get_size_inches()[0] <= 7.01     # fits the text column
        plt.close(fig)
    edges_fig = made[1]
    assert len(edges_fig.axes) == 16 * 3            # weights, detector and title per neuron


def test_smooth_like_keeps_each_rows_spectrum_and_smoothness_but_moves_its_strokes():
    from scipy import ndimage

    rng = np.random.default_rng(3)
    W = np.array([ndimage.gaussian_filter(rng.standard_normal((28, 28)), 1.2).ravel()
                  for _ in range(6)])
    S = ins.smooth_like(W, seed=1)
    assert S.shape == W.shape and np.isrealobj(S)
    for w, s in zip(W, S):
        assert np.allclose(np.abs(np.fft.fft2(w.reshape(28, 28))),
                           np.abs(np.fft.fft2(s.reshape(28, 28))), atol=1e-9)
        assert abs(np.corrcoef(w, s)[0, 1]) < 0.5                 # a different picture
    assert np.allclose(ins.neighbour_correlation(S), ins.neighbour_correlation(W), atol=0.1)
    assert np.all(ins.neighbour_correlation(W) > 0.7)
    assert np.all(np.abs(ins.neighbour_correlation(rng.standard_normal((6, 784)))) < 0.15)
    assert np.array_equal(ins.smooth_like(W, seed=1), S)           # seeded


def test_chapter_8_reports_and_table_follow_the_language():
    from mlpbook import set_language

    measures = {"test_accuracy": 0.96, "noise_rejected": None, "noise_sure": 0.35,
                "scrambled_rejected": None, "scrambled_sure": 0.2, "ideal_sure": 10}
    try:
        set_language("zh")
        table = ins.rejection_table({"BEST_16": measures, "with 'not a digit'": measures})
        assert "认对的测试数字" in table and "加上“不是数字”" in table and "10 个中 10 个" in table
        assert "经典配方" in str(ins.distance_report({"classic": np.array([1.0, 2.0])}))
        set_language("en")
        table = ins.rejection_table({"BEST_16": measures})
        assert "test digits read correctly" in table and "| - |" in table
    finally:
        set_language("en")
