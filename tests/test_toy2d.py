"""The maths of chapter 10 (mlpbook.lessons.toy2d): XOR, one line against a hidden layer, collapse."""

import numpy as np
import pytest

from mlpbook import Network
from mlpbook.lessons import toy2d


def numeric_gradient(params, X, y, eps=1e-6):
    """Central differences of toy2d.loss, one parameter at a time."""
    grad = {}
    for key, value in params.items():
        g = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            up = {k: v.copy() for k, v in params.items()}
            down = {k: v.copy() for k, v in params.items()}
            up[key][idx] += eps
            down[key][idx] -= eps
            g[idx] = (toy2d.loss(up, X, y) - toy2d.loss(down, X, y)) / (2 * eps)
        grad[key] = g
    return grad


# --------------------------------------------------------------------------- datasets
def test_xor_points_are_the_four_corners_labelled_by_exclusive_or():
    X, y = toy2d.xor_points()
    assert X.dtype == np.float64 and X.shape == (4, 2)
    assert np.array_equal(y, np.logical_xor(X[:, 0], X[:, 1]).astype(float))


def test_xor_clusters_are_balanced_deterministic_and_around_the_corners():
    X, y = toy2d.xor_clusters(n=100, spread=0.15, seed=0)
    assert X.shape == (100, 2) and y.sum() == 50
    X2, y2 = toy2d.xor_clusters(n=100, spread=0.15, seed=0)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert not np.array_equal(X, toy2d.xor_clusters(n=100, seed=1)[0])
    corners, labels = toy2d.xor_points()
    k = np.arange(100) % 4
    assert np.array_equal(y, labels[k])
    assert np.abs(X - corners[k]).max() < 0.7                     # about 4.5 spreads at most
    Xs, _ = toy2d.xor_clusters(n=8, spread=0.0)
    assert np.array_equal(Xs, corners[np.arange(8) % 4])


def test_two_rings_put_class_one_inside():
    X, y = toy2d.two_rings(n=100, seed=3)
    radius = np.hypot(X[:, 0] - 0.5, X[:, 1] - 0.5)
    assert y.sum() == 50
    assert radius[y == 1].max() < radius[y == 0].min()
    assert np.array_equal(X, toy2d.two_rings(n=100, seed=3)[0])


def test_dataset_names():
    for name in toy2d.DATASETS:
        X, y = toy2d.dataset(name)
        assert len(X) == len(y)
    with pytest.raises(ValueError, match="'xor', 'clusters'"):
        toy2d.dataset("moons")


@pytest.mark.parametrize("call, message", [
    (lambda: toy2d.xor_clusters(n=2), "n must be a whole number ≥ 4"),
    (lambda: toy2d.xor_clusters(spread=-1), "spread"),
    (lambda: toy2d.two_rings(n=10.5), "n must be a whole number"),
    (lambda: toy2d.init_params(hidden=0), "hidden"),
])
def test_dataset_and_init_settings_are_checked(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --------------------------------------------------------------------------- parameters
def test_init_params_shapes_and_seed():
    p = toy2d.init_params(hidden=3, seed=4)
    assert {k: v.shape for k, v in p.items()} == {"W1": (3, 2), "b1": (3,), "W2": (1, 3),
                                                  "b2": (1,)}
    q = toy2d.init_params(hidden=3, seed=4)
    assert all(np.array_equal(p[k], q[k]) for k in p)
    assert not np.array_equal(p["W1"], toy2d.init_params(hidden=3, seed=5)["W1"])


def test_vector_order_is_the_sliders_order_and_round_trips():
    p = {"W1": np.array([[1.0, 2.0], [4.0, 5.0]]), "b1": np.array([3.0, 6.0]),
         "W2": np.array([[7.0, 8.0]]), "b2": np.array([9.0])}
    v = toy2d.params_to_vector(p)
    assert v.tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9]     # w11 w12 b1 w21 w22 b2 v1 v2 c
    back = toy2d.params_from_vector(v)
    assert all(np.array_equal(back[k], p[k]) for k in p)
    p3 = toy2d.init_params(hidden=3, seed=1)
    back3 = toy2d.params_from_vector(toy2d.params_to_vector(p3), hidden=3)
    assert all(np.array_equal(back3[k], p3[k]) for k in p3)
    with pytest.raises(ValueError, match="9 parameters, got 8"):
        toy2d.params_from_vector(range(8))


@pytest.mark.parametrize("change, message", [
    (lambda p: p.pop("b2"), "exactly the keys W1, b1, W2, b2"),
    (lambda p: p.update(W1=np.zeros((2, 3))), r"shape \(hidden, 2\)"),
    (lambda p: p.update(W2=np.zeros(3)), r"params\['W2'\] must have shape \(1, 2\)"),
    (lambda p: p.update(b1=np.array([np.nan, 0.0])), "NaN"),
    (lambda p: p.update(b1="x"), "array of numbers"),
])
def test_bad_params_are_refused_with_the_reason(change, message):
    p = toy2d.init_params()
    change(p)
    with pytest.raises(ValueError, match=message):
        toy2d.forward(p, toy2d.xor_points()[0])


def test_bad_points_and_labels_are_refused():
    p = toy2d.init_params()
    X, y = toy2d.xor_points()
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        toy2d.forward(p, np.zeros((4, 3)))
    with pytest.raises(ValueError, match="one label per point"):
        toy2d.loss(p, X, y[:3])
    with pytest.raises(ValueError, match="0 or 1"):
        toy2d.loss(p, X, y * 2)
    with pytest.raises(ValueError, match="lr"):
        toy2d.train_step(p, X, y, lr=float("nan"))


# --------------------------------------------------------------------------- the network
def test_forward_is_sigmoid_of_weighted_sums():
    p = toy2d.init_params(seed=3)
    X = np.array([[0.3, -0.2], [1.5, 0.7]])
    H, a = toy2d.forward(p, X)
    sig = lambda z: 1 / (1 + np.exp(-z))                                     # noqa: E731
    for i, x in enumerate(X):
        hidden = sig(p["W1"] @ x + p["b1"])
        assert np.allclose(H[i], hidden, rtol=1e-14)
        assert a[i] == pytest.approx(sig(p["W2"][0] @ hidden + p["b2"][0]), rel=1e-14)
    assert np.array_equal(toy2d.output(p, X), a)


def test_hand_made_network_computes_xor():
    """h1 = OR, h2 = AND, output = h1 and not h2: the textbook solution."""
    p = toy2d.params_from_vector([20, 20, -10, 20, 20, -30, 20, -20, -10])
    X, y = toy2d.xor_points()
    H, a = toy2d.forward(p, X)
    assert np.allclose(np.round(H), [[0, 0], [1, 0], [1, 0], [1, 1]])
    assert np.allclose(a, y, atol=1e-4)
    assert toy2d.accuracy(p, X, y) == 1.0
    assert toy2d.loss(p, X, y) < 1e-4


def test_loss_is_the_cross_entropy_and_never_overflows():
    p = toy2d.init_params(seed=1)
    X, y = toy2d.xor_clusters(n=20)
    a = toy2d.output(p, X)
    expected = -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a))
    assert toy2d.loss(p, X, y) == pytest.approx(expected, rel=1e-12)
    # a confidently wrong output: z = -800 for a point of class 1 costs about 800, not inf
    huge = toy2d.params_from_vector([0, 0, 0, 0, 0, 0, 0, 0, -800])
    assert toy2d.loss(huge, X[:1], [1.0]) == pytest.approx(800.0)
    assert toy2d.loss(huge, X[:1], [0.0]) == pytest.approx(0.0, abs=1e-300)


@pytest.mark.parametrize("hidden, data, seed", [
    (2, "xor", 0), (2, "xor", 11), (2, "clusters", 5), (3, "clusters", 2), (5, "xor", 9)])
def test_gradients_match_finite_differences(hidden, data, seed):
    p = toy2d.init_params(hidden=hidden, seed=seed, scale=2.0)
    X, y = toy2d.dataset(data)
    exact = toy2d.gradients(p, X, y)
    approx = numeric_gradient(p, X, y)
    for key in p:
        assert exact[key].shape == p[key].shape
        scale = max(np.abs(approx[key]).max(), 1e-3)
        assert np.abs(exact[key] - approx[key]).max() / scale < 1e-7, key


def test_train_step_goes_against_the_gradient_and_changes_nothing_in_place():
    p = toy2d.init_params(seed=2)
    before = {k: v.copy() for k, v in p.items()}
    X, y = toy2d.xor_points()
    g = toy2d.gradients(p, X, y)
    q = toy2d.train_step(p, X, y, lr=0.5)
    assert all(np.array_equal(p[k], before[k]) for k in p)
    assert all(np.allclose(q[k], p[k] - 0.5 * g[k], rtol=0, atol=1e-15) for k in p)
    assert toy2d.loss(q, X, y) < toy2d.loss(p, X, y)


# --------------------------------------------------------------------------- learning XOR
@pytest.mark.parametrize("data, most", [("xor", 300), ("clusters", 500)])
def test_the_documented_start_learns_xor_to_every_point(data, most):
    X, y = toy2d.dataset(data)
    result = toy2d.train(toy2d.init_params(seed=toy2d.XOR_SEED), X, y,
                         lr=toy2d.LEARNING_RATE, steps=toy2d.MAX_STEPS)
    assert result.done and result.steps < most
    assert result.accuracy[-1] == 1.0 and result.loss[-1] <= toy2d.TARGET_LOSS
    assert result.accuracy[0] < 1.0                                   # there was work to do
    assert len(result.loss) == len(result.accuracy) == result.steps + 1
    assert not toy2d.is_trained(result.accuracy[-2], result.loss[-2])   # it stopped at once
    # the hidden layer makes the classes separable by a line in (h1, h2)
    H, _ = toy2d.forward(result.params, X)
    assert toy2d.best_linear_accuracy(H, y)[0] == 1.0


def test_train_without_stopping_takes_every_step():
    X, y = toy2d.xor_points()
    result = toy2d.train(toy2d.init_params(seed=toy2d.XOR_SEED), X, y, steps=400,
                         stop_when_trained=False)
    assert result.steps == 400 and result.loss[-1] < toy2d.TARGET_LOSS / 2


def test_some_starts_stall_on_the_plateau_near_ln2_over_2():
    X, y = toy2d.xor_points()
    result = toy2d.train(toy2d.init_params(seed=0), X, y)
    assert not result.done and result.steps == toy2d.MAX_STEPS
    assert result.loss[-1] == pytest.approx(np.log(2) / 2, abs=0.005)
    assert result.accuracy[-1] <= 0.75


# --------------------------------------------------------------------------- one straight line
def test_logistic_regression_cannot_separate_xor():
    X, y = toy2d.xor_points()
    fit = toy2d.logistic_regression_fit(X, y)
    assert np.array_equal(fit.w, [0.0, 0.0]) and fit.b == 0.0      # its best: no line at all
    assert fit.loss == pytest.approx(np.log(2))
    assert fit.accuracy == 0.5 <= 0.75
    Xc, yc = toy2d.xor_clusters()
    fit_c = toy2d.logistic_regression_fit(Xc, yc)
    assert fit_c.accuracy <= 0.75 and fit_c.loss > 0.69


def test_logistic_regression_separates_what_a_line_can():
    X = np.array([[0.0, 0.0], [0.2, 0.1], [1.0, 0.9], [0.8, 1.0]])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    fit = toy2d.logistic_regression_fit(X, y, steps=2000)
    assert fit.accuracy == 1.0
    assert np.all((X @ fit.w + fit.b > 0) == (y == 1))


def test_no_line_gets_more_than_three_xor_points_right():
    X, y = toy2d.xor_points()
    best, w, b = toy2d.best_linear_accuracy(X, y)
    assert best == 0.75
    assert np.mean((X @ w + b > 0) == (y == 1)) == 0.75            # the line it returns
    assert np.linalg.norm(w) == pytest.approx(1.0)
    rng = np.random.default_rng(0)
    lines = rng.normal(size=(20000, 3)) * [1, 1, 0.7]
    scores = np.mean(((X @ lines[:, :2].T + lines[:, 2]) > 0) == (y[:, None] == 1), axis=0)
    assert scores.max() == 0.75                                       # random lines agree


def test_best_linear_accuracy_is_exact_on_random_sets():
    rng = np.random.default_rng(1)
    for _ in range(5):
        X = rng.normal(size=(9, 2))
        y = (rng.random(9) < 0.5).astype(float)
        best, w, b = toy2d.best_linear_accuracy(X, y)
        lines = rng.normal(size=(40000, 3))
        scores = np.mean(((X @ lines[:, :2].T + lines[:, 2]) > 0) == (y[:, None] == 1), axis=0)
        assert scores.max() <= best + 1e-12
        assert np.mean((X @ w + b > 0) == (y == 1)) == best
    Xs = np.array([[0.0, 0.0], [1.0, 0.2], [3.0, 3.0], [4.0, 3.5]])
    assert toy2d.best_linear_accuracy(Xs, [0, 0, 1, 1])[0] == 1.0


def test_two_rings_need_more_than_two_hidden_neurons():
    X, y = toy2d.two_rings(n=100)
    assert toy2d.best_linear_accuracy(X, y)[0] < 0.8
    two = [toy2d.train(toy2d.init_params(2, seed=s), X, y, steps=3000) for s in range(3)]
    assert max(r.accuracy[-1] for r in two) < 0.95
    four = toy2d.train(toy2d.init_params(4, seed=0), X, y, steps=3000)
    assert four.done


# --------------------------------------------------------------------------- collapse
def test_stacked_layers_without_activation_are_one_matrix():
    net = Network([784, 16, 16, 10], seed=0, dtype=np.float64)
    W, b = toy2d.linear_collapse(net.weights, net.biases)
    assert W.shape == (10, 784) and b.shape == (10,)
    W1, W2, W3 = net.weights
    b1, b2, b3 = net.biases
    assert np.allclose(W, W3 @ W2 @ W1, rtol=1e-12, atol=1e-14)
    assert np.allclose(b, W3 @ (W2 @ b1 + b2) + b3, rtol=1e-12, atol=1e-14)
    X = np.random.default_rng(0).random((5, 784))
    stacked = toy2d.stacked_linear(X, net.weights, net.biases)
    assert np.allclose(stacked, X @ W.T + b, rtol=1e-10, atol=1e-12)
    assert np.linalg.matrix_rank(W) <= 10
    W0, b0 = toy2d.linear_collapse(net.weights)
    assert np.array_equal(W0, W) and np.array_equal(b0, np.zeros(10))
    Wd, bd = toy2d.linear_collapse(net.weights[:1], net.biases[:1])
    assert np.array_equal(Wd, W1) and np.array_equal(bd, b1)


def test_collapse_refuses_layers_that_do_not_fit():
    with pytest.raises(ValueError, match="layer 1 takes 3 inputs but layer 0 gives 4"):
        toy2d.linear_collapse([np.zeros((4, 2)), np.zeros((1, 3))])
    with pytest.raises(ValueError, match="one bias vector per layer"):
        toy2d.linear_collapse([np.zeros((4, 2))], [np.zeros(4), np.zeros(1)])
    with pytest.raises(ValueError, match="bias shape"):
        toy2d.linear_collapse([np.zeros((4, 2))], [np.zeros(3)])
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\)"):
        toy2d.stacked_linear(np.zeros((3, 5)), [np.zeros((4, 2))])


# --------------------------------------------------------------------------- long descents
def test_descend_takes_the_same_steps_as_train():
    X, y = toy2d.xor_points()
    start = toy2d.init_params(hidden=3, seed=4)
    slow = toy2d.train(start, X, y, steps=300, stop_when_trained=False)
    fast = toy2d.descend(start, X, y, steps=300, every=100)
    assert np.array_equal(fast.steps, [0, 100, 200, 300])
    assert np.allclose(fast.loss, slow.loss[::100], rtol=0, atol=1e-12)
    for key in start:
        assert np.allclose(fast.params[key], slow.params[key], rtol=0, atol=1e-10)
    assert np.allclose(start["W1"], toy2d.init_params(hidden=3, seed=4)["W1"])  # pure
    size = np.sqrt(sum(np.sum(v ** 2) for v in slow.params.values()))
    assert abs(fast.size[-1] - size) < 1e-9


def test_a_stuck_xor_start_is_on_a_plateau_that_still_falls():
    X, y = toy2d.xor_points()
    stalled = toy2d.train(toy2d.init_params(hidden=2, seed=0), X, y)
    assert not stalled.done
    longer = toy2d.descend(stalled.params, X, y, steps=50_000, every=5_000)
    above = longer.loss - np.log(2) / 2
    assert np.all(np.diff(longer.loss) < 0) and np.all(above > 0)
    assert longer.size[-1] > longer.size[0]


def test_reports_speak_the_readers_language():
    from mlpbook import set_language
    try:
        set_language("zh")
        assert "最好的直线" in str(toy2d.report("best line", accuracy=0.75))
        assert "类别 1" in str(toy2d.points_report(*toy2d.xor_points()))
        assert "是" in str(toy2d.report("plateau", steps=10, cost=0.35, above=1e-3, falling=True))
        assert "一个线性层" in str(toy2d.accuracy_report({"linear": 0.92, "BEST_16": 0.96}))
        set_language("en")
        assert str(toy2d.report("best line", accuracy=0.75)) == \
            "the best straight line gets 75% of the points right"
        assert "yes" in str(toy2d.report("plateau", steps=10, cost=0.35, above=1e-3, falling=True))
    finally:
        set_language("en")
    with pytest.raises(ValueError, match="unknown report"):
        toy2d.report("no such report")


def test_accuracy_report_lines_up_in_both_languages():
    from mlpbook import set_language
    from mlpbook.i18n import text_width

    try:
        for language in ("en", "zh"):
            set_language(language)
            lines = str(toy2d.accuracy_report({"linear": 0.927, "BEST_16": 0.965})).splitlines()
            ends = {text_width(line) for line in lines}
            assert len(ends) == 1, lines          # the accuracies end in the same column
    finally:
        set_language("en")
