"""Training recipes: well-formed, trainable on small synthetic data, reproducible.

The full recipes train on MNIST in chapter 7 (and with ``python -m mlpbook train``); these
tests only shrink them to seconds.
"""

import dataclasses
import re

import numpy as np
import pytest

import mlpbook
from mlpbook import Network, synthetic_digits
from mlpbook.engine.recipes import (BEST_16, CLASSIC, RECIPES, SCHEDULES, WIDE, Commands,
                                    commands, comparison_table, confident_mistakes,
                                    count_parameters, fit, gap_table, get_recipe,
                                    gradient_noise_table, most_confused, recipe_title, report,
                                    settings_table, summarize)


@pytest.fixture(scope="module")
def data():
    # 8x8 synthetic digits: 64 inputs instead of 784.
    return synthetic_digits(600, 200, seed=3)


def small(recipe, **changes):
    """The recipe on 64-pixel images, with its hidden layers and epochs cut down."""
    layers = (64,) + tuple(min(n, 32) for n in recipe.layers[1:-1]) + (10,)
    return dataclasses.replace(recipe, **{"layers": layers, "epochs": 2, "train_size": None,
                                          **changes})


# ---------------------------------------------------------------------- the recipes
def test_the_three_recipes_are_registered():
    assert RECIPES == {"classic": CLASSIC, "best16": BEST_16, "wide": WIDE}
    for name, recipe in RECIPES.items():
        assert recipe.name == name
        assert get_recipe(name) is recipe
        assert recipe.description


@pytest.mark.parametrize("recipe", list(RECIPES.values()), ids=list(RECIPES))
def test_recipes_are_well_formed(recipe):
    assert recipe.layers[0] == 784 and recipe.layers[-1] == 10
    assert recipe.schedule in SCHEDULES
    assert recipe.epochs <= 30
    net = recipe.network()
    assert isinstance(net, Network)
    assert net.n_params == recipe.n_params == count_parameters(recipe.layers)
    assert net.activation == recipe.activation and net.cost == recipe.cost
    assert net.dtype == np.dtype(recipe.dtype)
    with pytest.raises(dataclasses.FrozenInstanceError):
        recipe.lr = 1.0


def test_the_classic_recipe_is_the_classic_book_setup():
    assert CLASSIC.layers == (784, 16, 16, 10)
    assert (CLASSIC.activation, CLASSIC.cost, CLASSIC.init) == ("sigmoid", "quadratic", "normal")
    assert (CLASSIC.batch_size, CLASSIC.lr, CLASSIC.epochs) == (10, 3.0, 30)
    assert (CLASSIC.schedule, CLASSIC.l2, CLASSIC.momentum) == ("constant", 0.0, 0.0)
    assert CLASSIC.train_size == 50_000
    assert CLASSIC.n_params == 13_002
    assert BEST_16.layers == CLASSIC.layers
    assert WIDE.n_params > 10 * BEST_16.n_params


def test_learning_rate_schedules():
    r = dataclasses.replace(BEST_16, lr=0.4, epochs=20)
    assert r.learning_rate()(0) == pytest.approx(0.4)
    assert r.learning_rate()(10) == pytest.approx(0.2)          # halfway down the cosine
    assert r.learning_rate(epochs=10)(5) == pytest.approx(0.2)  # stretched to other epochs
    step = dataclasses.replace(r, schedule="step")
    assert [step.learning_rate()(e) for e in (0, 9, 10, 20)] == pytest.approx([0.4, 0.4, 0.2, 0.1])
    const = dataclasses.replace(r, schedule="constant")
    assert const.learning_rate()(17) == pytest.approx(0.4)


def test_cli_args_name_every_setting():
    args = CLASSIC.cli_args()
    text = " ".join(args)
    assert "--layers 784 16 16 10" in text
    for flag, value in (("--epochs", "30"), ("--batch-size", "10"), ("--lr", "3.0"),
                        ("--activation", "sigmoid"), ("--cost", "quadratic"),
                        ("--init", "normal"), ("--schedule", "constant"), ("--seed", "0"),
                        ("--dtype", "float32"), ("--limit", "50000")):
        assert args[args.index(flag) + 1] == value, flag
    assert "--limit" not in WIDE.cli_args()
    assert WIDE.cli().startswith("python -m mlpbook train --layers 784 256 128 10")


@pytest.mark.parametrize("bad", [dict(activation="tanh"), dict(cost="hinge"), dict(init="zeros"),
                                 dict(schedule="exponential"), dict(dtype="float16"),
                                 dict(epochs=0), dict(batch_size=2.5), dict(lr=0), dict(l2=-1),
                                 dict(momentum=1.0), dict(train_size=0), dict(layers=(784,))])
def test_bad_settings_are_refused(bad):
    with pytest.raises(ValueError):
        dataclasses.replace(CLASSIC, **bad)


def test_unknown_recipe_name():
    with pytest.raises(ValueError, match="best16"):
        get_recipe("best")


# ---------------------------------------------------------------------- fit
@pytest.mark.parametrize("recipe", list(RECIPES.values()), ids=list(RECIPES))
def test_fit_trains_a_shrunk_recipe(recipe, data):
    net, history = fit(small(recipe), data)
    assert net.sizes[0] == 64
    assert history.epoch == [1, 2]
    assert len(history.test_accuracy) == len(history.train_accuracy) == 2
    assert history.test_accuracy[-1] == pytest.approx(net.accuracy(data.test_images,
                                                                   data.test_labels))
    # The synthetic digits are easy: two epochs beat guessing by far.
    assert history.test_accuracy[-1] > 0.3  # guessing scores 0.1


def test_fit_by_name_with_train_size_and_epochs(data):
    recipe = small(BEST_16, train_size=300, name="tiny")
    net, history = fit(recipe, data, epochs=3, monitor=100)
    assert len(history.epoch) == 3
    # the cosine schedule was stretched over the 3 epochs
    assert history.learning_rate == pytest.approx([recipe.learning_rate(3)(e) for e in range(3)])
    with pytest.raises(ValueError, match="600"):
        fit(dataclasses.replace(recipe, train_size=10_000), data)


def test_monitor_none_scores_the_whole_training_set(data):
    recipe = small(CLASSIC)
    net, history = fit(recipe, data, monitor=None)
    assert history.train_accuracy[-1] == pytest.approx(net.accuracy(data.train_images,
                                                                    data.train_labels))
    net2, history2 = fit(recipe, data, monitor=50)
    assert history2.test_accuracy == history.test_accuracy  # monitoring never changes training


def test_same_seed_same_result_other_seed_other_result(data):
    recipe = small(BEST_16)
    a, ha = fit(recipe, data)
    b, hb = fit(recipe, data)
    np.testing.assert_array_equal(a.params, b.params)
    assert ha.test_accuracy == hb.test_accuracy and ha.train_cost == hb.train_cost
    c, _ = fit(dataclasses.replace(recipe, seed=1), data)
    assert not np.array_equal(a.params, c.params)


def test_fit_calls_callbacks_and_progress(data):
    seen = []

    class Spy:
        def on_train_begin(self, network, epochs):
            seen.append(("begin", epochs))

        def on_epoch_end(self, epoch, history, network):
            seen.append(("epoch", epoch, len(history.train_cost)))

        def on_train_end(self, history, network):
            seen.append(("end",))

    fit(small(WIDE), data, callbacks=[Spy()], progress=True)
    # the training sample is scored before user callbacks see the history
    assert seen == [("begin", 2), ("epoch", 1, 1), ("epoch", 2, 2), ("end",)]


# ---------------------------------------------------------------------- reporting helpers
def test_summarize_and_table(data):
    recipe = small(CLASSIC)
    net, history = fit(recipe, data)
    row = summarize(recipe, net, history, data)
    assert row["parameters"] == net.n_params and row["epochs"] == 2
    assert row["images"] == 600 and row["seconds"] > 0
    assert row["test_accuracy"] == history.test_accuracy[-1]
    table = comparison_table([row])
    assert table.count("\n") == 2 and f"{row['test_accuracy']:.2%}" in table


@pytest.fixture
def chinese():
    mlpbook.set_language("zh")
    yield
    mlpbook.set_language("en")


#: Words a Chinese table of chapter 7 may keep: names of functions and recipes, and the
#: fields of a recipe given in brackets after their Chinese name.
KEPT = {"sigmoid", "softmax", "BEST_16"}


def english_outside_brackets(text):
    """English words of ``text`` that are not names nor inside （…）."""
    text = re.sub(r"（[^）]*）", "", str(text))
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_0-9-]+", text) if w not in KEPT]


def test_settings_table_marks_what_changed():
    table = settings_table(CLASSIC, BEST_16)
    assert table.header == ["setting", "classic", "best16", "changed"]
    rows = {row[0]: row[1:] for row in table.cells}
    assert rows["cost"] == ["quadratic", "cross-entropy", "yes"]
    assert rows["layers"] == ["(784, 16, 16, 10)", "(784, 16, 16, 10)", ""]
    assert rows["train_size"] == ["50,000", "all", "yes"]
    one = settings_table(CLASSIC)
    assert one.header == ["setting", "classic"] and len(one.cells) == 11
    with pytest.raises(ValueError, match="at least one recipe"):
        settings_table()


def test_chapter_7_tables_and_reports_speak_chinese(chinese, data):
    settings = settings_table(CLASSIC, BEST_16)
    assert settings.header == ["设置", "经典配方", "BEST_16", "有改动"]
    assert dict((row[0], row[1:]) for row in settings.cells)["代价函数（cost）"] == [
        "二次（quadratic）", "交叉熵（cross-entropy）", "是"]
    recipe = small(CLASSIC)
    net, history = fit(recipe, data)
    printed = [settings, comparison_table([summarize(recipe, net, history, data)]),
               gap_table({"classic": history, "wide": history}),
               gradient_noise_table((0.41, 0.46), (0.008, 0.04), images=50_000, batch_size=10,
                                    batches=200, epochs=30),
               report(training_images=60_000, test_images=10_000, split_train=50_000,
                      split_validation=10_000, sigmoid_output=0.98, softmax_output=0.94,
                      delta_quadratic=0.0173, delta_cross_entropy=0.943)]
    assert "秒" in printed[1].header and printed[2].cells[1][0] == "宽网络"
    for text in printed:
        assert not english_outside_brackets(text), (english_outside_brackets(text), text)
    assert str(recipe_title("my recipe")) == "my recipe"


def test_gap_table_reads_the_last_epoch(data):
    recipe = small(CLASSIC)
    _, history = fit(recipe, data)
    (row,) = gap_table({"classic": history}).cells
    gap = 100 * (history.train_accuracy[-1] - history.test_accuracy[-1])
    assert row == ["classic", f"{history.train_accuracy[-1]:.2%}",
                   f"{history.test_accuracy[-1]:.2%}", f"{gap:.1f}"]


def test_commands_show_as_code():
    listing = commands(RECIPES.values(), width=66)
    assert isinstance(listing, Commands) and listing.count("python -m mlpbook train") == 3
    assert listing._repr_markdown_().startswith("```bash\n") and listing.endswith("float32")
    assert all(len(line) <= 66 for line in listing.splitlines())


def test_most_confused_reads_true_then_predicted():
    m = np.diag([50, 60, 70])
    m[2, 0] = 7   # seven 2s called 0
    m[0, 2] = 3
    assert most_confused(m) == (2, 0, 7)
    assert most_confused(m.T) == (0, 2, 7)
    with pytest.raises(ValueError):
        most_confused(np.zeros((2, 3)))


def test_confident_mistakes_are_mistakes(data):
    net, _ = fit(dataclasses.replace(small(CLASSIC), epochs=1), data)
    idx = confident_mistakes(net, data.test_images, data.test_labels, n=5)
    out = net.feedforward(data.test_images)
    pred = out.argmax(axis=1)
    assert len(idx) <= 5 and np.all(pred[idx] != data.test_labels[idx])
    confidence = out[idx, pred[idx]]
    assert np.all(np.diff(confidence) <= 0)


# ---------------------------------------------------------------------- the command-line twin
@pytest.mark.parametrize("recipe", list(RECIPES.values()), ids=list(RECIPES))
def test_cli_args_parse_to_the_same_settings(recipe):
    cli = pytest.importorskip("mlpbook.cli")
    args = cli.build_parser().parse_args(["train", *recipe.cli_args()])
    assert tuple(args.layers) == recipe.layers
    assert (args.epochs, args.batch_size, args.seed) == (recipe.epochs, recipe.batch_size,
                                                         recipe.seed)
    assert (args.activation, args.cost, args.init) == (recipe.activation, recipe.cost,
                                                       recipe.init)
    assert (args.schedule, args.dtype) == (recipe.schedule, recipe.dtype)
    assert args.lr == pytest.approx(recipe.lr) and args.l2 == pytest.approx(recipe.l2)
    assert args.momentum == pytest.approx(recipe.momentum)
    assert args.limit == recipe.train_size and not args.validation
    cli_train = pytest.importorskip("mlpbook.cli.train")
    if not hasattr(cli_train, "_schedule"):  # train's private helper; compare schedules if present
        return
    schedule = cli_train._schedule(args)
    ours = recipe.learning_rate()
    rates = [schedule(e) if callable(schedule) else schedule for e in range(recipe.epochs)]
    assert rates == pytest.approx([ours(e) for e in range(recipe.epochs)])


def test_chapter_7_figures_draw(data):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from mlpbook import viz

    net, history = fit(small(BEST_16), data)
    fig = viz.plot_recipe_curves({"a": history, "b": history})
    assert len(fig.axes) == 2
    plt.close(fig)
    pred = net.predict(data.test_images[:5])
    fig = viz.show_mistakes(data.test_images[:5], data.test_labels[:5], pred,
                            net.feedforward(data.test_images[:5]).max(axis=1), ncols=3)
    assert len(fig.axes) == 6  # 2 rows of 3, the last one blank
    plt.close(fig)
    fig = viz.plot_weighted_sum_spread({"x": np.linspace(-10, 10, 101), "y": np.zeros(5)})
    assert "100% with |z| < 4" in fig.axes[1].get_title()
    plt.close(fig)
