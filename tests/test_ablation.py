"""The ablation: a ladder from CLASSIC to BEST_16, scored over seeds on the validation split."""

import dataclasses
import math
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import mlpbook  # noqa: E402
from mlpbook import synthetic_digits  # noqa: E402
from mlpbook.viz import training as figs  # noqa: E402
from mlpbook.lessons.ablation import (BEST_16_LADDER, OTHER_ORDER, SCALED_FIRST, Change, SeedRuns,  # noqa: E402
                                      ablation_table, describe_change, format_points, ladder,
                                      mean_and_spread, rates_table, rung_title, run_ladder,
                                      score_seeds, spread_table)
from mlpbook.engine.recipes import BEST_16, CLASSIC, fit  # noqa: E402


@pytest.fixture
def chinese():
    mlpbook.set_language("zh")
    yield
    mlpbook.set_language("en")


#: English words a Chinese table may keep: names of functions, recipes and Python's types.
KEPT = {"softmax", "sigmoid", "relu", "BEST_16", "Numba"}


def english_words(text):
    """The English words of a printed table, names kept (one letter or two are symbols)."""
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_0-9-]+", str(text)) if w not in KEPT]


@pytest.fixture(scope="module")
def data():
    # 8x8 synthetic digits: 64 inputs; 300 training images, the last 100 for validation.
    return synthetic_digits(300, 120, seed=5)


def tiny(recipe, **changes):
    """A recipe cut down to 64-pixel images, small hidden layers and 2 epochs."""
    return dataclasses.replace(recipe, **{"layers": (64, 8, 10), "epochs": 2,
                                          "train_size": None, **changes})


# ---------------------------------------------------------------------- the ladder
def test_the_ladder_climbs_from_classic_to_best16_one_idea_at_a_time():
    rungs = ladder()
    assert len(rungs) == len(BEST_16_LADDER) + 1
    assert rungs[0] == ("classic", CLASSIC)
    last = rungs[-1][1]
    for field in dataclasses.fields(BEST_16):
        if field.name not in ("name", "description", "train_size", "seed"):
            assert getattr(last, field.name) == getattr(BEST_16, field.name), field.name
    # every rung changes its own setting (besides the learning rate), and none twice
    changed = []
    for (_, before), (_, after) in zip(rungs, rungs[1:]):
        fields = {f.name for f in dataclasses.fields(CLASSIC)
                  if getattr(before, f.name) != getattr(after, f.name)}
        fields -= {"name", "description", "lr"}
        assert len(fields) == 1, fields
        changed += fields
    assert len(set(changed)) == len(changed)
    assert set(changed) == {"cost", "init", "momentum", "l2", "schedule", "batch_size"}


def test_ladder_labels_and_custom_changes():
    rungs = ladder(CLASSIC, [Change("bigger steps", {"lr": 6.0}),
                             Change("relu", {"activation": "relu"})])
    assert [label for label, _ in rungs] == ["classic", "+ bigger steps", "+ relu"]
    assert rungs[2][1].lr == 6.0 and rungs[2][1].activation == "relu"
    assert ladder("best16", [])[0][1] is BEST_16


def test_a_change_must_name_real_settings():
    with pytest.raises(ValueError, match="unknown recipe settings"):
        Change("typo", {"learning_rate": 0.1})
    with pytest.raises(ValueError, match="changes nothing"):
        Change("empty", {})
    with pytest.raises(ValueError, match="Change objects"):
        ladder(CLASSIC, [{"lr": 0.1}])


def test_describe_change_lists_what_differs():
    after = dataclasses.replace(CLASSIC, cost="cross-entropy", lr=0.5)
    assert str(describe_change(CLASSIC, after)) == "cost quadratic → cross-entropy, lr 3 → 0.5"
    assert str(describe_change(CLASSIC, after, skip=("lr",))) == "cost quadratic → cross-entropy"
    assert str(describe_change(CLASSIC, CLASSIC)) == ""
    assert "weight decay 0 → 0.0001" in str(describe_change(CLASSIC, dataclasses.replace(
        CLASSIC, l2=1e-4)))
    assert "images 50,000 → all" in str(describe_change(CLASSIC, BEST_16))


def test_describe_change_speaks_chinese_in_the_chinese_edition(chinese):
    after = dataclasses.replace(CLASSIC, cost="cross-entropy", lr=0.5)
    assert str(describe_change(CLASSIC, after)) == "代价函数 二次 → 交叉熵，学习率 3 → 0.5"
    assert "训练图像数 50,000 → 全部" in str(describe_change(CLASSIC, BEST_16))


# ---------------------------------------------------------------------- seeds and spread
def test_mean_and_spread_is_the_sample_standard_deviation():
    mean, std = mean_and_spread([0.90, 0.92, 0.94])
    assert mean == pytest.approx(0.92)
    assert std == pytest.approx(0.02)                 # ddof=1: sqrt((0.02² + 0²+ 0.02²) / 2)
    assert math.isnan(mean_and_spread([0.5])[1])
    with pytest.raises(ValueError):
        mean_and_spread([])


def test_format_points_never_shows_minus_zero():
    assert format_points(1.44) == "+1.4"
    assert format_points(-0.21) == "\u22120.2"
    assert format_points(-0.03) == "0.0" and format_points(0.04) == "0.0"
    assert format_points(0.126, digits=2) == "+0.13"


def test_seed_runs_summary():
    r = SeedRuns("x", CLASSIC, (0, 1), (0.95, 0.97), 1.0, "validation")
    assert r.mean == pytest.approx(0.96)
    assert r.summary() == "96.0% ± 1.4"
    assert SeedRuns("x", CLASSIC, (0,), (0.95,), 1.0, "test").summary() == "95.0% ± ?"


def test_score_seeds_never_looks_at_the_test_set_when_validating(data):
    recipe = tiny(CLASSIC)
    runs = score_seeds(recipe, data, seeds=(0, 1), n_validation=100)
    assert runs.scored_on == "validation" and runs.seeds == (0, 1)
    assert len(runs.accuracies) == 2 and runs.seconds > 0
    # the same numbers come out when the test images are replaced by garbage
    poisoned = dataclasses.replace(data, test_images=np.zeros_like(data.test_images),
                                   test_labels=np.zeros_like(data.test_labels))
    again = score_seeds(recipe, poisoned, seeds=(0, 1), n_validation=100)
    assert again.accuracies == runs.accuracies
    # ... while replacing the validation images changes them
    part, _ = data.split(100)
    shuffled = data.train_labels.copy()
    shuffled[-100:] = np.roll(shuffled[-100:], 1)
    moved = score_seeds(recipe, dataclasses.replace(data, train_labels=shuffled), seeds=(0,),
                        n_validation=100)
    assert moved.accuracies[0] != runs.accuracies[0]


def test_score_seeds_on_test_is_what_fit_reports(data):
    recipe = tiny(BEST_16, epochs=3)
    runs = score_seeds(recipe, data, seeds=(0, 2), on="test")
    for seed, accuracy in zip((0, 2), runs.accuracies):
        _, history = fit(dataclasses.replace(recipe, seed=seed), data)
        assert accuracy == history.test_accuracy[-1]


def test_seeds_matter_and_known_results_are_reused(data):
    recipe = tiny(CLASSIC, epochs=1)
    runs = score_seeds(recipe, data, seeds=(0, 1, 2), n_validation=100)
    assert len(set(runs.accuracies)) > 1          # different seeds, different networks
    same = score_seeds(recipe, data, seeds=(0, 1, 2), n_validation=100)
    assert same.accuracies == runs.accuracies     # the same seed, the same network
    reused = score_seeds(recipe, data, seeds=(0, 1, 2), n_validation=100,
                         known={1: 0.123})
    assert reused.accuracies == (runs.accuracies[0], 0.123, runs.accuracies[2])


@pytest.mark.parametrize("seeds", [(), (0, 0), (-1,), (1.5,), (True,)])
def test_score_seeds_rejects_bad_seeds(data, seeds):
    with pytest.raises(ValueError, match="seed"):
        score_seeds(tiny(CLASSIC), data, seeds=seeds)


def test_score_seeds_checks_where_to_score_and_how_much_to_train(data):
    with pytest.raises(ValueError, match="on must be"):
        score_seeds(tiny(CLASSIC), data, seeds=(0,), on="train")
    with pytest.raises(ValueError, match="train_size=None"):
        score_seeds(tiny(CLASSIC, train_size=250), data, seeds=(0,), n_validation=100)
    runs = score_seeds(tiny(CLASSIC, train_size=150), data, seeds=(0,), n_validation=100)
    assert 0 <= runs.accuracies[0] <= 1


def test_epochs_override_stretches_the_schedule(data):
    recipe = tiny(BEST_16, epochs=30)
    short = score_seeds(recipe, data, seeds=(0,), epochs=2, n_validation=100)
    direct = score_seeds(dataclasses.replace(recipe, epochs=2), data, seeds=(0,),
                         n_validation=100)
    assert short.accuracies == direct.accuracies


# ---------------------------------------------------------------------- the whole ladder
def test_run_ladder_and_its_table(data):
    rungs = [(label, tiny(recipe, epochs=10)) for label, recipe in ladder()]
    runs = run_ladder(data, rungs, seeds=(0, 1), n_validation=100)
    assert [r.label for r in runs] == [label for label, _ in rungs]
    assert all(r.scored_on == "validation" and len(r.accuracies) == 2 for r in runs)
    # the last rung learns this easy data; the table says what changed on each row
    assert runs[-1].mean > 0.8
    table = ablation_table(runs)
    assert table.header[3] == "validation accuracy (mean ± sd)"
    assert len(table.cells) == len(rungs)
    assert table.cells[0][1] == "" and table.cells[0][4] == ""
    assert table.cells[1][1] == "cost quadratic → cross-entropy"
    assert table.header[0] == "step" and table.cells[0][0] == "classic"
    assert table.cells[1][2] == f"{BEST_16_LADDER[0].settings['lr']:g}"
    gain = 100 * (runs[1].mean - runs[0].mean)
    assert table.cells[1][4] == format_points(gain)
    assert "<table" in table._repr_html_() and str(table).startswith("| step")
    fig = figs.plot_seed_runs(runs)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [r.label for r in runs]
    import matplotlib.pyplot as plt
    plt.close("all")


def test_spread_table_lists_each_recipe():
    runs = [SeedRuns("classic", CLASSIC, (0, 1, 2), (0.93, 0.94, 0.92), 3.0, "test"),
            SeedRuns("best16", BEST_16, (0, 1, 2), (0.965, 0.962, 0.968), 3.0, "test")]
    table = spread_table(runs)
    assert table.cells[0] == ["classic", "0, 1, 2", "93.0% ± 1.0", "92.00%", "94.00%"]
    assert table.header[2] == "test accuracy (mean ± sd)"
    with pytest.raises(ValueError):
        spread_table([])
    with pytest.raises(ValueError):
        run_ladder(None, [])


def test_seed_report_lists_each_seed_then_the_spread(chinese):
    runs = SeedRuns("classic", CLASSIC, (0, 1, 2), (0.9248, 0.938, 0.9374), 3.0, "test")
    lines = [re.split(r"：\s*", line) for line in str(runs.report()).splitlines()]
    assert lines == [["种子 0", "92.48%"], ["种子 1", "93.80%"], ["种子 2", "93.74%"],
                     ["均值 ± 标准差", "93.3% ± 0.7"]]
    mlpbook.set_language("en")
    assert re.split(r":\s*", str(runs.report()).splitlines()[-1]) == [
        "mean ± standard deviation", "93.3% ± 0.7"]


def test_tables_speak_chinese_in_the_chinese_edition(chinese):
    rungs = ladder()
    runs = [SeedRuns(label, recipe, (0, 1), (0.9 + 0.01 * k, 0.91 + 0.01 * k), 1.0,
                     "validation") for k, (label, recipe) in enumerate(rungs)]
    table = ablation_table(runs)
    assert table.header[3] == "验证集准确率（均值 ± 标准差）"
    assert [row[0] for row in table.cells] == ["经典配方", "+ softmax 加交叉熵", "+ 缩放初始化",
                                               "+ 动量 0.9", "+ 权重衰减", "+ 余弦调度",
                                               "+ 批大小 32"]
    spread = spread_table([dataclasses.replace(runs[0], scored_on="test"),
                           SeedRuns("best16", BEST_16, (0,), (0.96,), 1.0, "test")])
    assert spread.cells[1][0] == "BEST_16" and spread.header[2] == "测试集准确率（均值 ± 标准差）"
    for text in (table, spread):
        assert not english_words(text), english_words(text)


def test_a_table_against_the_first_row():
    first, *others = [SeedRuns(label, recipe, (0, 1), (0.9 + 0.01 * k, 0.9 + 0.01 * k), 1.0,
                               "validation") for k, (label, recipe) in enumerate(ladder()[:3])]
    table = ablation_table([first, *others], against="first")
    assert [row[4] for row in table.cells] == ["", "+1.0", "+2.0"]
    assert table.cells[2][1] == "cost quadratic → cross-entropy, init normal → scaled"
    assert table.header[4] == "gain over the first row (points)"
    with pytest.raises(ValueError, match="against"):
        ablation_table([first], against="last")
    other = ladder(CLASSIC, OTHER_ORDER)
    assert [label for label, _ in other] == ["classic", "+ scaled start",
                                             "+ softmax & cross-entropy"]
    assert other[2][1] == dataclasses.replace(ladder()[2][1], name=other[2][1].name,
                                              description=other[2][1].description)


def test_rates_table_shows_the_effective_rate():
    table = rates_table(ladder())
    rows = {row[0]: row[1:] for row in table.cells}
    assert rows["+ momentum 0.9"] == ["0.005", "0.9", "0.05"]
    assert rows["classic"] == ["3", "0", "3"]
    assert table.header[:2] == ["step", "learning rate η"]


def test_rung_titles_agree_with_the_figure_of_the_rungs(chinese):
    from mlpbook.viz.training import _rung_label

    for label, _ in ladder() + ladder(CLASSIC, [SCALED_FIRST]):
        assert str(rung_title(label)) == _rung_label(label), label
    assert str(rung_title("my own rung")) == "my own rung"
