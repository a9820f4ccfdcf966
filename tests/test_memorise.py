"""Memorisation (chapter 9): shuffled labels, runs that differ only in their labels, seeds,
and the comparison of weight images up to the order of the neurons."""

import dataclasses
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlpbook import synthetic_digits  # noqa: E402
from mlpbook.viz import memorise as figs  # noqa: E402
from mlpbook.lessons.memorise import (Spread, disagreement, epochs_to_reach, expected_agreement,  # noqa: E402
                                      match_neurons, matched_similarity, memorisation_runs,
                                      pairwise_similarity, shuffled_labels, spread, train_seeds,
                                      weight_correlations)
from mlpbook.engine.recipes import BEST_16, WIDE  # noqa: E402

BALANCED = np.arange(1000) % 10


# ---------------------------------------------------------------------- shuffled labels
def test_a_full_shuffle_is_a_permutation_that_keeps_every_class_count():
    y = np.random.default_rng(0).integers(0, 10, 5000)
    s = shuffled_labels(y, seed=3)
    assert s.dtype == np.int64 and s.shape == y.shape
    assert np.array_equal(np.bincount(s, minlength=10), np.bincount(y, minlength=10))
    # Labels and images are now unrelated: about one label in ten still matches.
    assert abs(np.mean(s == y) - expected_agreement(y)) < 0.02
    assert np.array_equal(y, np.random.default_rng(0).integers(0, 10, 5000)), "input changed"


def test_the_same_seed_gives_the_same_labels_and_another_seed_others():
    assert np.array_equal(shuffled_labels(BALANCED, seed=1), shuffled_labels(BALANCED, seed=1))
    assert not np.array_equal(shuffled_labels(BALANCED, seed=1),
                              shuffled_labels(BALANCED, seed=2))


def test_nothing_is_shuffled_at_fraction_zero():
    assert np.array_equal(shuffled_labels(BALANCED, seed=4, fraction=0.0), BALANCED)


def test_a_fraction_shuffles_only_that_many_rows_among_themselves():
    y = np.repeat(np.arange(10), 200)
    s = shuffled_labels(y, seed=7, fraction=0.3)
    assert np.array_equal(np.bincount(s), np.bincount(y))
    changed = np.mean(s != y)
    # 600 rows trade labels; about 90% of those land on another digit.
    assert changed <= 0.3
    assert abs(changed - 0.3 * (1 - expected_agreement(y))) < 0.03


@pytest.mark.parametrize("labels,fraction,message", [
    (np.zeros((3, 2), int), 1.0, "1-D"),
    (np.array([], int), 1.0, "non-empty"),
    (np.array([0, 1, -1]), 1.0, "classes"),
    (np.array([0.5, 1.0]), 1.0, "whole numbers"),
    (BALANCED, 1.5, "fraction"),
    (BALANCED, -0.1, "fraction"),
    (BALANCED, True, "fraction"),
])
def test_bad_labels_or_fractions_are_refused_with_a_reason(labels, fraction, message):
    with pytest.raises(ValueError, match=message):
        shuffled_labels(labels, fraction=fraction)


def test_expected_agreement_is_the_sum_of_squared_class_shares():
    assert expected_agreement(BALANCED) == pytest.approx(0.1)
    assert expected_agreement([0, 0, 0, 1]) == pytest.approx(0.75 ** 2 + 0.25 ** 2)
    # ...and it is what shuffling does on average
    y = np.array([0] * 700 + [1] * 200 + [2] * 100)
    observed = np.mean([np.mean(shuffled_labels(y, seed=s) == y) for s in range(50)])
    assert observed == pytest.approx(expected_agreement(y), abs=0.01)


def test_epochs_to_reach_counts_from_one_and_includes_the_level():
    acc = [0.2, 0.5, 0.9, 0.95, 0.85]
    assert epochs_to_reach(acc, 0.9) == 3
    assert epochs_to_reach(acc, 0.1) == 1
    assert epochs_to_reach(acc, 0.96) is None
    with pytest.raises(ValueError, match="level"):
        epochs_to_reach(acc, 90)


# ---------------------------------------------------------------------- the runs
@pytest.fixture(scope="module")
def data():
    return synthetic_digits(240, 200, seed=5)


@pytest.fixture(scope="module")
def small():
    """WIDE's way of training, shrunk to 64-pixel images and one hidden layer of 128."""
    return dataclasses.replace(WIDE, layers=(64, 128, 10), epochs=60, batch_size=8)


@pytest.fixture(scope="module")
def runs(data, small):
    return memorisation_runs(data.train_images, data.train_labels,
                             (data.test_images, data.test_labels), recipe=small,
                             fractions={"true labels": 0.0, "half shuffled": 0.5,
                                        "shuffled labels": 1.0})


def test_true_labels_are_learned_fast_and_shuffled_ones_slowly_but_far(runs):
    true, shuffled = runs["true labels"].history, runs["shuffled labels"].history
    assert list(runs) == ["true labels", "half shuffled", "shuffled labels"]
    assert len(true.epoch) == len(shuffled.epoch) == 60
    assert true.test_accuracy[-1] > 0.9
    fast = epochs_to_reach(true.train_accuracy, 0.9)
    slow = epochs_to_reach(shuffled.train_accuracy, 0.9)
    assert fast is not None and slow is not None and slow > fast + 5, (fast, slow)
    assert shuffled.train_accuracy[0] < 0.35          # it starts at about chance...
    assert shuffled.train_accuracy[-1] > 0.95         # ...and ends up knowing them by heart
    assert shuffled.test_accuracy[-1] < 0.3           # with nothing that carries over


def test_the_runs_differ_in_their_labels_only(data, small):
    twins = memorisation_runs(data.train_images, data.train_labels,
                              (data.test_images, data.test_labels),
                              recipe=dataclasses.replace(small, epochs=3),
                              fractions={"a": 0.0, "b": 0.0})
    a, b = twins["a"], twins["b"]
    assert np.array_equal(a.network.params, b.network.params)
    assert a.history.train_cost == b.history.train_cost


def test_the_right_and_the_wrong_labels_are_followed_apart(runs, data):
    half = runs["half shuffled"]
    wrong = half.labels != data.train_labels
    assert np.array_equal(half.wrong_rows, np.flatnonzero(wrong))
    assert 0.35 < half.wrong_share < 0.5
    for curve in (half.fit_right, half.fit_wrong, half.true_on_wrong):
        assert len(curve) == 60 and all(0 <= v <= 1 for v in curve)
    # The rule first: early on the mislabelled images get their true digit...
    assert half.true_on_wrong[0] > 0.8 and half.fit_right[0] > 0.9
    # ...and the noise later, by heart.
    assert half.fit_wrong[-1] > 0.8 and half.true_on_wrong[-1] < 0.2
    true = runs["true labels"]
    assert true.wrong_share == 0 and true.fit_wrong == [] and true.true_on_wrong == []
    assert true.fit_right == true.history.train_accuracy


def test_memorisation_runs_refuses_what_does_not_fit(data, small):
    args = (data.train_images, data.train_labels)
    with pytest.raises(ValueError, match="pair"):
        memorisation_runs(*args, data.test_images, recipe=small)
    with pytest.raises(ValueError, match="fraction"):
        memorisation_runs(*args, (data.test_images, data.test_labels), recipe=small,
                          fractions={"too many": 2.0})
    with pytest.raises(ValueError, match="empty"):
        memorisation_runs(*args, (data.test_images, data.test_labels), recipe=small,
                          fractions={})
    with pytest.raises(ValueError, match="features"):
        memorisation_runs(*args, (data.test_images, data.test_labels), recipe=WIDE)


# ---------------------------------------------------------------------- seeds and spreads
def test_spread_gives_mean_sample_sd_and_extremes():
    s = spread([0.95, 0.96, 0.97])
    assert (s.mean, s.lowest, s.highest, s.n) == (pytest.approx(0.96), 0.95, 0.97, 3)
    assert s.std == pytest.approx(0.01) and s.range == pytest.approx(0.02)
    assert s.describe(scale=100, digits=1, unit="%") == "96.0% ± 1.0 (95.0 to 97.0)"
    one = spread([0.5])
    assert math.isnan(one.std) and "?" in one.describe()
    with pytest.raises(ValueError, match="at least one"):
        spread([])
    with pytest.raises(ValueError, match="NaN"):
        spread([0.5, float("nan")])
    assert isinstance(s, Spread)


def test_train_seeds_scores_every_seed_reproducibly(data):
    recipe = dataclasses.replace(BEST_16, layers=(64, 8, 8, 10), epochs=3, train_size=None)
    runs = train_seeds(recipe, data, seeds=(0, 1, 2))
    assert [r.seed for r in runs] == [0, 1, 2]
    for r in runs:
        assert r.test_accuracy == pytest.approx(np.mean(r.predictions == data.test_labels))
        assert r.first_layer.shape == r.start.shape == (8, 64)
        assert not np.array_equal(r.first_layer, r.start)
        assert 0 < r.train_cost < 3 and r.seconds > 0
    assert not np.array_equal(runs[0].start, runs[1].start)
    again = train_seeds(recipe, data, seeds=(1,))[0]
    assert again.test_cost == runs[1].test_cost
    assert np.array_equal(again.first_layer, runs[1].first_layer)
    with pytest.raises(ValueError, match="differ"):
        train_seeds(recipe, data, seeds=(1, 1))
    with pytest.raises(ValueError, match="only"):
        train_seeds(dataclasses.replace(recipe, train_size=10_000), data, seeds=(0,))


# ---------------------------------------------------------------------- comparing weights
def test_weight_correlations_are_pearson_correlations_of_the_rows():
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=(4, 30)), rng.normal(size=(5, 30))
    C = weight_correlations(A, B)
    assert C.shape == (4, 5)
    assert np.allclose(C, np.corrcoef(A, B)[:4, 4:])
    assert np.allclose(weight_correlations(A, 3 * A + 1).diagonal(), 1.0)


def test_matching_undoes_a_reordering_and_sign_flips():
    rng = np.random.default_rng(1)
    A = rng.normal(size=(16, 784))
    order = rng.permutation(16)
    signs = np.where(rng.random(16) < 0.5, -1.0, 1.0)
    B = signs[:, None] * A[order] * 2.5 + rng.normal(scale=0.05, size=(16, 784))
    partner, r = match_neurons(A, B)
    assert np.array_equal(order[partner], np.arange(16))   # B[partner[i]] came from A[i]
    assert np.allclose(np.abs(r), 1.0, atol=0.01)
    assert np.array_equal(np.sign(r), signs[partner])
    assert matched_similarity(A, B) > 0.99
    # Unrelated random weights match only weakly, even with the best pairing.
    assert matched_similarity(A, rng.normal(size=(16, 784))) < 0.2


def test_matching_refuses_what_cannot_be_compared():
    rng = np.random.default_rng(2)
    A = rng.normal(size=(3, 10))
    with pytest.raises(ValueError, match="fewer neurons"):
        match_neurons(A, A[:2])
    with pytest.raises(ValueError, match="same number of inputs"):
        weight_correlations(A, rng.normal(size=(3, 11)))
    flat = A.copy()
    flat[1] = 0.7
    with pytest.raises(ValueError, match="row 1"):
        weight_correlations(flat, A)
    with pytest.raises(ValueError, match="weight matrix"):
        weight_correlations(A[0], A)


def test_pairwise_similarity_covers_every_pair():
    rng = np.random.default_rng(3)
    layers = [rng.normal(size=(4, 20)) for _ in range(4)]
    sims = pairwise_similarity(layers)
    assert sims.shape == (6,)
    assert sims[0] == pytest.approx(matched_similarity(layers[0], layers[1]))
    with pytest.raises(ValueError, match="two"):
        pairwise_similarity(layers[:1])


def test_disagreement_is_the_share_of_different_answers():
    assert disagreement([1, 2, 3, 4], [1, 2, 0, 0]) == 0.5
    with pytest.raises(ValueError, match="same length"):
        disagreement([1, 2], [1])


# ---------------------------------------------------------------------- figures
def test_figures_draw_what_they_are_given(runs, data):
    fig = figs.plot_memorisation(runs, chance=0.1)
    train_ax, test_ax = fig.axes
    assert len(train_ax.get_lines()) == 3 + 1 and len(test_ax.get_lines()) == 3 + 1
    top = train_ax.get_lines()[2].get_ydata()
    assert np.allclose(top, 100 * np.array(runs["shuffled labels"].history.train_accuracy))
    plt.close(fig)

    fig = figs.plot_noise_parts(runs["half shuffled"])
    assert len(fig.axes[0].get_lines()) == 5          # four curves and the best epoch
    plt.close(fig)
    with pytest.raises(ValueError, match="no wrong labels"):
        figs.plot_noise_parts(runs["true labels"])

    recipe = dataclasses.replace(BEST_16, layers=(64, 6, 10), epochs=2, train_size=None)
    seed_runs = train_seeds(recipe, data, seeds=(0, 1, 2))
    fig = figs.plot_seed_spread(seed_runs)
    acc_ax, cost_ax = fig.axes
    dots = acc_ax.get_lines()[-1].get_ydata()
    assert np.allclose(dots, [100 * r.test_accuracy for r in seed_runs])
    plt.close(fig)

    A, B = seed_runs[0].first_layer, seed_runs[1].first_layer
    partner, r = match_neurons(A, B)
    fig = figs.show_matched_weights(A, B, partner, r, ncols=4)
    assert sum(1 for ax in fig.axes if ax.images) == 2 * len(A)
    plt.close(fig)
    assert figs.run_color(0.0) != figs.run_color(1.0) != figs.run_color(0.5)


def test_straight_climb_measures_how_close_a_curve_is_to_a_line():
    from mlpbook.lessons.memorise import straight_climb

    line = [0.1 + 0.03 * k for k in range(40)]
    slope, off, last = straight_climb(line, 0.9)
    assert abs(slope - 0.03) < 1e-12 and off < 1e-12 and last == 28
    bent = [0.1] * 10 + [0.95] * 10
    assert straight_climb(bent, 0.9)[1] > 0.3
    with pytest.raises(ValueError):
        straight_climb([0.1, 0.2], 0.9)


def test_memorise_reports_follow_the_language():
    from mlpbook import set_language
    from mlpbook.lessons.memorise import run_name

    try:
        set_language("zh")
        assert run_name("all labels shuffled") == "全部标签打乱"
        set_language("en")
        assert run_name("all labels shuffled") == "all labels shuffled"
        assert run_name("something else") == "something else"
    finally:
        set_language("en")


def test_memorised_report_reads_well():
    from types import SimpleNamespace

    from mlpbook.lessons.memorise import memorised_report

    run = SimpleNamespace(name="all labels shuffled", network=SimpleNamespace(sizes=(784, 16, 16, 10)),
                          history=SimpleNamespace(train_accuracy=[0.1, 0.2], epoch=[1, 2]))
    assert str(memorised_report(run)) == \
        "784-16-16-10: 20.0% of its labels right after 2 epochs (all labels shuffled)"
