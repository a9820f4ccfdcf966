"""Named training recipes: every setting that decides how well a network learns MNIST.

A :class:`Recipe` is a frozen record of the choices chapter 7 talks about: the layer sizes,
the activation, the cost, how the weights start, and the settings of stochastic gradient
descent (epochs, mini-batch size, learning rate and its schedule, weight decay, momentum,
seed).  :func:`fit` turns a recipe and a :class:`~mlpbook.engine.data.Dataset` into a trained
:class:`~mlpbook.engine.network.Network` and its :class:`~mlpbook.engine.train.History`.

    >>> from mlpbook import load_mnist
    >>> from mlpbook.engine.recipes import BEST_16, fit
    >>> net, history = fit(BEST_16, load_mnist(), progress=True)
    >>> history.test_accuracy[-1]          # about 0.96

The three recipes of the book (test accuracy on the 10,000 MNIST test images, which no recipe
trains on):

``CLASSIC``  784-16-16-10, sigmoid, quadratic cost, N(0, 1) start, mini-batches of 10,
             learning rate 3.0, 30 epochs on the first 50,000 training images: about 93%
             (92.5-94%, depending on the seed).
``BEST_16``  the same 784-16-16-10 shape with cross-entropy (softmax output), scaled start,
             momentum 0.9, weight decay, a cosine schedule, mini-batches of 32: about 96%.
``WIDE``     784-256-128-10 with ReLU and the same kind of training: about 98%.

The settings of ``BEST_16`` and ``WIDE`` were chosen on a validation set (the last 10,000
training images, ``data.split(10_000)``), never on the test set.  What each difference between
``CLASSIC`` and ``BEST_16`` is worth, and how much the seed alone moves a result, is measured
by :mod:`mlpbook.lessons.ablation`.  Each recipe has a command line twin: ``recipe.cli_args()``
gives the flags of ``python -m mlpbook train``.
"""

from __future__ import annotations

import dataclasses
from typing import Optional, Sequence

import numpy as np

from ._report import report as _report
from ..i18n import T
from .network import INITS, Network
from .train import Callback, constant, cosine, step_decay, train

__all__ = ["Recipe", "CLASSIC", "BEST_16", "WIDE", "RECIPES", "SCHEDULES", "get_recipe", "fit",
           "TrainingSample", "Table", "count_parameters", "summarize", "comparison_table",
           "most_confused", "confident_mistakes", "recipe_title", "setting_name",
           "setting_value", "settings_table", "report", "gradient_noise_table", "gap_table",
           "Commands", "commands"]

#: Learning-rate schedules a recipe may name (the ``--schedule`` choices of the command line).
SCHEDULES = ("constant", "step", "cosine")
ACTIVATIONS = ("sigmoid", "relu")
COSTS = ("quadratic", "cross-entropy")
DTYPES = ("float32", "float64")


def count_parameters(layers):
    """Weights ``n_in * n_out`` plus biases ``n_out`` for each pair of neighbouring layers."""
    return int(sum(n_in * n_out + n_out for n_in, n_out in zip(layers[:-1], layers[1:])))


@dataclasses.dataclass(frozen=True)
class Recipe:
    """Everything needed to train one network the same way twice.

    Attributes
    ----------
    name : short name, the key in :data:`RECIPES`
    layers : neurons per layer, input first, e.g. ``(784, 16, 16, 10)``
    activation : hidden-layer activation, ``"sigmoid"`` or ``"relu"``
    cost : ``"quadratic"`` (sigmoid outputs) or ``"cross-entropy"`` (softmax outputs)
    init : ``"normal"`` (every weight and bias from N(0, 1)) or ``"scaled"`` (weights from
        N(0, 1/n_in), or N(0, 2/n_in) for ReLU; biases 0)
    epochs : passes over the training images
    batch_size : images per gradient step
    lr : the learning rate (of the first epoch when there is a schedule)
    schedule : ``"constant"``; ``"step"`` (halve the rate every 10 epochs, see
        :func:`~mlpbook.engine.train.step_decay`); or ``"cosine"`` (glide from ``lr`` to 0 over the
        epochs along half a cosine, see :func:`~mlpbook.engine.train.cosine`)
    l2 : weight decay added to the gradient of each weight (``l2 * w``)
    momentum : 0 for plain stochastic gradient descent, 0.9 is the usual choice
    seed : seeds both the initial weights and the shuffling
    dtype : ``"float32"`` or ``"float64"``
    train_size : train on the first ``train_size`` training images (``None``: all of them)
    description : one sentence for people
    """

    name: str
    layers: tuple
    activation: str = "sigmoid"
    cost: str = "quadratic"
    init: str = "scaled"
    epochs: int = 30
    batch_size: int = 10
    lr: float = 3.0
    schedule: str = "constant"
    l2: float = 0.0
    momentum: float = 0.0
    seed: int = 0
    dtype: str = "float32"
    train_size: Optional[int] = None
    description: str = ""

    def __post_init__(self):
        layers = tuple(int(n) for n in self.layers)
        object.__setattr__(self, "layers", layers)
        if len(layers) < 2 or min(layers) < 1:
            raise ValueError(f"layers must be at least two positive sizes; got {self.layers}")
        for field, value, choices in (("activation", self.activation, ACTIVATIONS),
                                      ("cost", self.cost, COSTS), ("init", self.init, INITS),
                                      ("schedule", self.schedule, SCHEDULES),
                                      ("dtype", self.dtype, DTYPES)):
            if value not in choices:
                raise ValueError(f"{field} must be one of {choices}; got {value!r}")
        if int(self.epochs) != self.epochs or self.epochs < 1:
            raise ValueError(f"epochs must be a positive whole number; got {self.epochs}")
        if int(self.batch_size) != self.batch_size or self.batch_size < 1:
            raise ValueError(f"batch_size must be a positive whole number; got {self.batch_size}")
        if not self.lr > 0:
            raise ValueError(f"lr must be positive; got {self.lr}")
        if not self.l2 >= 0:
            raise ValueError(f"l2 must be zero or positive; got {self.l2}")
        if not 0 <= self.momentum < 1:
            raise ValueError(f"momentum must be in [0, 1); got {self.momentum}")
        if self.train_size is not None and (int(self.train_size) != self.train_size
                                            or self.train_size < 1):
            raise ValueError(f"train_size must be None or a positive whole number; "
                             f"got {self.train_size}")

    # ------------------------------------------------------------------ derived
    @property
    def n_params(self):
        """How many weights and biases the recipe's network has."""
        return count_parameters(self.layers)

    @property
    def architecture(self):
        """The layer sizes as text, e.g. ``"784-16-16-10"``."""
        return "-".join(str(n) for n in self.layers)

    def learning_rate(self, epochs=None):
        """The learning rate as :func:`~mlpbook.engine.train.train` takes it: a function of the epoch.

        ``epochs`` overrides the recipe's epochs (the cosine schedule ends at the last epoch).
        """
        epochs = self.epochs if epochs is None else epochs
        if self.schedule == "step":
            return step_decay(self.lr)
        if self.schedule == "cosine":
            return cosine(self.lr, epochs)
        return constant(self.lr)

    def network(self):
        """A freshly initialised network for this recipe."""
        return Network(list(self.layers), activation=self.activation, cost=self.cost,
                       init=self.init, seed=self.seed, dtype=np.dtype(self.dtype))

    def cli_args(self):
        """The flags of ``python -m mlpbook train`` that train the same network.

        ``train_size`` becomes ``--limit N`` (train on the first N training images).
        """
        args = ["--layers", *map(str, self.layers), "--epochs", str(self.epochs),
                "--batch-size", str(self.batch_size), "--lr", repr(float(self.lr)),
                "--activation", self.activation, "--cost", self.cost, "--init", self.init,
                "--l2", repr(float(self.l2)), "--momentum", repr(float(self.momentum)),
                "--schedule", self.schedule, "--seed", str(self.seed), "--dtype", self.dtype]
        if self.train_size is not None:
            args += ["--limit", str(self.train_size)]
        return args

    def cli(self, width=None):
        """The whole command line as one string.

        With ``width`` the command is broken into lines of at most about that many
        characters, ended by a backslash (as a shell script would write it).
        """
        command = "python -m mlpbook train"
        args = self.cli_args()
        if width is None:
            return " ".join([command, *args])
        groups = []  # each flag together with its values
        for arg in args:
            if arg.startswith("--") or not groups:
                groups.append(arg)
            else:
                groups[-1] += " " + arg
        lines, line = [], command
        for group in groups:
            if len(line) + 1 + len(group) > width - 2:
                lines.append(line + " \\")
                line = "    " + group
            else:
                line += " " + group
        lines.append(line)
        return "\n".join(lines)


CLASSIC = Recipe(
    name="classic",
    layers=(784, 16, 16, 10), activation="sigmoid", cost="quadratic", init="normal",
    epochs=30, batch_size=10, lr=3.0, schedule="constant", l2=0.0, momentum=0.0, seed=0,
    train_size=50_000,
    description="The classic first network: sigmoid neurons, quadratic cost, weights from "
                "N(0, 1), plain SGD with learning rate 3.0 on the first 50,000 images.",
)

BEST_16 = Recipe(
    name="best16",
    layers=(784, 16, 16, 10), activation="sigmoid", cost="cross-entropy", init="scaled",
    epochs=30, batch_size=32, lr=0.2, schedule="cosine", l2=1e-4, momentum=0.9, seed=0,
    description="The same 784-16-16-10 shape trained better: softmax outputs with "
                "cross-entropy, scaled initial weights, momentum 0.9, a little weight decay "
                "and a cosine learning-rate schedule, on all 60,000 images.",
)

WIDE = Recipe(
    name="wide",
    layers=(784, 256, 128, 10), activation="relu", cost="cross-entropy", init="scaled",
    epochs=15, batch_size=64, lr=0.05, schedule="cosine", l2=1e-4, momentum=0.9, seed=0,
    description="Wider hidden layers (256 and 128 ReLU neurons) trained like BEST_16, with "
                "a learning rate of 0.05, 15 epochs and mini-batches of 64.",
)

#: The recipes by name (the names a ``--recipe`` flag would take).
RECIPES = {"classic": CLASSIC, "best16": BEST_16, "wide": WIDE}


def get_recipe(recipe):
    """A :class:`Recipe` from itself or from its name in :data:`RECIPES`."""
    if isinstance(recipe, Recipe):
        return recipe
    if isinstance(recipe, str) and recipe in RECIPES:
        return RECIPES[recipe]
    raise ValueError(f"unknown recipe {recipe!r}; choose one of {sorted(RECIPES)} "
                     f"or pass a Recipe")


# ---------------------------------------------------------------------- training
class TrainingSample(Callback):
    """Scores a fixed random sample of the training images after every epoch.

    Scoring all 60,000 training images after each epoch can cost as much as the epoch itself;
    a sample of 10,000 estimates the training cost and accuracy to within a few tenths of a
    percent at a sixth of the price.  The scores go into ``history.train_cost`` and
    ``history.train_accuracy``, where the learning-curve plots look for them.
    """

    def __init__(self, X, y, n=10_000, seed=0):
        rows = np.random.default_rng(seed).choice(len(X), size=min(n, len(X)), replace=False)
        rows.sort()
        self.X = np.ascontiguousarray(X[rows])
        self.y = np.ascontiguousarray(y[rows])

    def on_epoch_end(self, epoch, history, network):
        cost, accuracy = network.evaluate(self.X, self.y)
        history.train_cost.append(cost)
        history.train_accuracy.append(accuracy)


def training_part(recipe, X, y, where="the data"):
    """The first ``recipe.train_size`` rows of ``X, y`` (all of them when it is None), or a
    ValueError that names the recipe, the shortfall and the fix."""
    n = len(y) if recipe.train_size is None else recipe.train_size
    if n > len(y):
        raise ValueError(f"recipe {recipe.name!r} trains on {n:,} images but {where} has only "
                         f"{len(y):,}; set train_size=None (all of them) or a smaller number")
    return X[:n], y[:n]


def fit(recipe, data, *, progress=False, callbacks: Sequence[Callback] = (), epochs=None,
        monitor=10_000):
    """Train a fresh network with ``recipe`` on ``data``; returns ``(network, history)``.

    Parameters
    ----------
    recipe : a :class:`Recipe` or its name ("classic", "best16", "wide")
    data : a :class:`~mlpbook.engine.data.Dataset` (e.g. ``load_mnist()``); the network trains on
        its first ``recipe.train_size`` training images and is scored on its test images
        after every epoch (the test images never steer the training)
    progress : show a progress bar (one bar for the whole run)
    callbacks : more :class:`~mlpbook.engine.train.Callback` objects, e.g. ``mlpbook.viz.LivePlot()``
    epochs : train for this many epochs instead of ``recipe.epochs`` (a cosine schedule is
        stretched to fit)
    monitor : how many training images to score after every epoch for the training curve:
        a fixed random sample of this size (10,000 by default, see :class:`TrainingSample`),
        or ``None`` for all of them (slower)
    """
    recipe = get_recipe(recipe)
    epochs = recipe.epochs if epochs is None else epochs
    X, y = training_part(recipe, data.train_images, data.train_labels)
    n = len(y)
    net = recipe.network()
    hooks = list(callbacks)
    full = monitor is None or monitor >= n
    if not full:
        if int(monitor) != monitor or monitor < 1:
            raise ValueError(f"monitor must be None or a positive whole number; got {monitor}")
        hooks.insert(0, TrainingSample(X, y, int(monitor), seed=recipe.seed))
    history = train(net, X, y, epochs=epochs, batch_size=recipe.batch_size,
                    lr=recipe.learning_rate(epochs), l2=recipe.l2, momentum=recipe.momentum,
                    test=(data.test_images, data.test_labels), seed=recipe.seed,
                    callbacks=hooks, progress=progress, monitor_training=full)
    return net, history


# ---------------------------------------------------------------------- reporting
# Chapter 7's tables and printed lines speak the reader's language: the words live here, as
# T texts, so the chapter's code stays free of label pairs.

#: The book's recipes by name, as the tables show them.
_TITLES = {"classic": T("classic", "经典配方"), "best16": T("best16", "BEST_16"),
           "wide": T("wide", "宽网络")}


def recipe_title(recipe):
    """A recipe's name as the tables show it, in the reader's language (a :class:`T`):
    ``"classic"`` is 经典配方 in Chinese; a name the book does not know stays as it is."""
    name = recipe.name if isinstance(recipe, Recipe) else str(recipe)
    return _TITLES.get(name, T(name))


#: Each setting of a recipe: (its name in a table of settings, its short name in a sentence).
#: In Chinese the table names the field of the code in brackets, e.g. 学习率（lr）.
_SETTINGS = {
    "layers": (T("layers", "各层神经元数（layers）"), T("layers", "层")),
    "activation": (T("activation", "激活函数（activation）"), T("activation", "激活函数")),
    "cost": (T("cost", "代价函数（cost）"), T("cost", "代价函数")),
    "init": (T("init", "初始化（init）"), T("init", "初始化")),
    "epochs": (T("epochs", "轮数（epochs）"), T("epochs", "轮数")),
    "batch_size": (T("batch_size", "批大小（batch_size）"), T("batch", "批大小")),
    "lr": (T("lr", "学习率（lr）"), T("lr", "学习率")),
    "schedule": (T("schedule", "学习率调度（schedule）"), T("schedule", "学习率调度")),
    "l2": (T("l2", "权重衰减（l2）"), T("weight decay", "权重衰减")),
    "momentum": (T("momentum", "动量（momentum）"), T("momentum", "动量")),
    "train_size": (T("train_size", "训练图像数（train_size）"), T("images", "训练图像数")),
    "dtype": (T("dtype", "数值类型（dtype）"), T("dtype", "数值类型")),
    "seed": (T("seed", "种子（seed）"), T("seed", "种子")),
}
#: The words among the settings' values, in Chinese.
_VALUES_ZH = {"quadratic": "二次", "cross-entropy": "交叉熵", "normal": "标准正态",
              "scaled": "缩放", "constant": "恒定", "cosine": "余弦", "step": "阶梯"}


def setting_name(field, short=False):
    """The name of a recipe's setting in the reader's language (a :class:`T`); ``short``: the
    name a sentence uses ("weight decay" for ``l2``)."""
    if field not in _SETTINGS:
        raise ValueError(f"unknown recipe setting {field!r}; choose from {sorted(_SETTINGS)}")
    return _SETTINGS[field][1 if short else 0]


def setting_value(field, value, short=False):
    """A setting's value as text in the reader's language (a :class:`T`): ``None`` images is
    "all" (全部); in Chinese a word such as ``"quadratic"`` is 二次, followed by the code's
    value in brackets unless ``short``. ``short`` also writes numbers compactly (3 for 3.0,
    784-16-16-10 for the layers)."""
    if value is None:
        return T("all", "全部")
    if short and isinstance(value, tuple):
        text = "-".join(map(str, value))
    elif short and isinstance(value, float):
        text = f"{value:g}"
    elif isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:,}"
    else:
        text = str(value)
    if isinstance(value, str) and value in _VALUES_ZH:
        zh = _VALUES_ZH[value]
        return T(text, zh if short else f"{zh}（{text}）")
    return T(text, text)


#: The settings :func:`settings_table` shows, in this order.
SHOWN_SETTINGS = ("layers", "activation", "cost", "init", "epochs", "batch_size", "lr",
                  "schedule", "l2", "momentum", "train_size")


def settings_table(*recipes, fields=SHOWN_SETTINGS):
    """The settings of one or more recipes side by side, in the reader's language.

    With two recipes or more, a last column marks the settings that differ.
    """
    recipes = [get_recipe(r) for r in recipes]
    if not recipes:
        raise ValueError("give at least one recipe, e.g. settings_table(CLASSIC, BEST_16)")
    rows = []
    for field in fields:
        values = [getattr(r, field) for r in recipes]
        row = [setting_name(field)] + [setting_value(field, v) for v in values]
        if len(recipes) > 1:
            row.append(T("yes", "是") if len(set(map(str, values))) > 1 else "")
        rows.append(row)
    header = [T("setting", "设置")] + [recipe_title(r) for r in recipes]
    if len(recipes) > 1:
        header.append(T("changed", "有改动"))
    return Table(header, rows, ["left"] * len(header))


def summarize(recipe, network, history, data=None):
    """One row of a comparison table, as a dict.

    Keys: recipe, layers, parameters, epochs, images (training images), seconds (time spent
    in gradient descent, summed over the epochs), test_accuracy (after the last epoch).
    """
    recipe = get_recipe(recipe)
    n = recipe.train_size
    if n is None and data is not None:
        n = len(data.train_labels)
    return {"recipe": recipe.name, "layers": recipe.architecture,
            "parameters": network.n_params, "epochs": len(history.epoch),
            "images": n, "seconds": float(np.sum(history.seconds)),
            "test_accuracy": float(history.test_accuracy[-1])}


_COLUMNS = (T("recipe", "配方"), T("layers", "层"), T("parameters", "参数"), T("epochs", "轮数"),
            T("training images", "训练图像"), T("seconds", "秒"), T("test accuracy", "测试准确率"))


class Table(str):
    """A Markdown table (it is a ``str``) that shows itself as an HTML table in notebooks.

    Header and cells may be :class:`~mlpbook.i18n.T` texts: they are written in the language
    chosen when the table is made.
    """

    def __new__(cls, header, cells, align):
        header = [str(h) for h in header]
        cells = [[str(c) for c in row] for row in cells]
        lines = ["| " + " | ".join(header) + " |",
                 "|" + "|".join(":--" if a == "left" else "--:" for a in align) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in cells]
        table = super().__new__(cls, "\n".join(lines))
        table.header, table.cells, table.align = header, cells, align
        return table

    def _repr_markdown_(self):
        return str(self)

    def _repr_html_(self):
        import html

        def row(values, tag):
            wrap = "normal" if tag == "th" else "nowrap"  # headers may wrap, cells may not
            return "<tr>" + "".join(f'<{tag} style="text-align:{a};white-space:{wrap}">'
                                    f"{html.escape(v)}</{tag}>"
                                    for v, a in zip(values, self.align)) + "</tr>"
        body = "".join(row(r, "td") for r in self.cells)
        return (f'<table class="mlpbook-table"><thead>{row(self.header, "th")}</thead>'
                f"<tbody>{body}</tbody></table>")


def comparison_table(rows):
    """A table of :func:`summarize` rows, in the reader's language: Markdown text that
    displays as HTML in a notebook."""
    cells = []
    for r in rows:
        images = setting_value("train_size", None) if r["images"] is None else f"{r['images']:,}"
        cells.append([recipe_title(r["recipe"]), r["layers"], f"{r['parameters']:,}",
                      str(r["epochs"]), images, f"{r['seconds']:.1f}", f"{r['test_accuracy']:.2%}"])
    align = ["left", "left"] + ["right"] * 5
    return Table(_COLUMNS, cells, align)


def gap_table(histories):
    """Training accuracy, test accuracy and the gap between them after the last epoch, one
    row per recipe: ``histories`` is ``{recipe name: History}`` (the training accuracy is
    whatever the history holds, e.g. :func:`fit`'s sample of the training images)."""
    rows = []
    for name, history in histories.items():
        train_acc, test_acc = history.train_accuracy[-1], history.test_accuracy[-1]
        rows.append([recipe_title(name), f"{train_acc:.2%}", f"{test_acc:.2%}",
                     f"{100 * (train_acc - test_acc):.1f}"])
    return Table([T("recipe", "配方"), T("training accuracy", "训练准确率"),
                  T("test accuracy", "测试准确率"), T("gap (points)", "差距（百分点）")],
                 rows, ["left", "right", "right", "right"])


def gradient_noise_table(start, trained, *, images, batch_size, batches, epochs=None):
    """The length of the gradient of all ``images`` training images and of a mini-batch of
    ``batch_size`` (the median over ``batches`` of them), at the random start and after
    training: ``start`` and ``trained`` are pairs ``(all images, mini-batch)``."""
    after = (T("after training", "训练之后") if epochs is None else
             T("after {n} epochs", "训练 {n} 轮之后").format(n=epochs))
    rows = [[T("random start", "随机初值"), f"{start[0]:.4f}", f"{start[1]:.4f}"],
            [after, f"{trained[0]:.4f}", f"{trained[1]:.4f}"]]
    return Table([T("network", "网络"),
                  T("all {n:,} images", "全部 {n:,} 张图像").format(n=images),
                  T("a mini-batch of {b} (median of {k})",
                    "{b} 张图像的小批量（{k} 个的中位数）").format(b=batch_size, k=batches)],
                 rows, ["left", "right", "right"])


#: What :func:`report` can print: key -> (label, format).
_WORDS = {
    "training_images": (T("training images", "训练图像"), "{:,}"),
    "test_images": (T("test images", "测试图像"), "{:,}"),
    "split_train": (T("of the training images, kept to train", "训练图像中用于训练的"), "{:,}"),
    "split_validation": (T("of the training images, held back to validate",
                           "训练图像中留作验证的"), "{:,}"),
    "sigmoid_output": (T("output 8 through a sigmoid, a", "经过 sigmoid 函数的输出 8，a"),
                       "{:.3f}"),
    "softmax_output": (T("output 8 through a softmax, a", "经过 softmax 函数的输出 8，a"),
                       "{:.3f}"),
    "delta_quadratic": (T("error signal δ of output 8, quadratic cost and sigmoid outputs",
                          "输出 8 的误差信号 δ（二次代价函数，sigmoid 输出）"), "{:.4f}"),
    "delta_cross_entropy": (T("error signal δ of output 8, cross-entropy and softmax outputs",
                              "输出 8 的误差信号 δ（交叉熵，softmax 输出）"), "{:.3f}"),
}


def report(**values):
    """Chapter 7's numbers with their words: ``recipes.report(training_images=60_000)``.

    Each keyword names one quantity of the chapter (see ``_WORDS`` for the list); the values
    are printed with its label in the reader's language, in the order given.
    """
    return _report(_WORDS, values)


class Commands(str):
    """Shell commands (a ``str``): shown in a notebook as a code block, not as prose, since a
    command is code in every language."""

    def _repr_markdown_(self):
        return f"```bash\n{self}\n```"

    def __repr__(self):
        return str(self)


def commands(recipes, width=None):
    """The ``python -m mlpbook train`` command of each recipe (:meth:`Recipe.cli`), one after
    another, as :class:`Commands`."""
    return Commands("\n\n".join(get_recipe(r).cli(width=width) for r in recipes))


def most_confused(matrix):
    """The most frequent mistake in a confusion matrix (rows true, columns predicted).

    Returns ``(true_digit, predicted_digit, count)`` of the largest off-diagonal entry (the
    first one in row-major order if there is a tie).
    """
    m = np.array(matrix, dtype=float)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ValueError(f"a confusion matrix is square; got shape {m.shape}")
    np.fill_diagonal(m, -np.inf)
    i, j = np.unravel_index(int(np.argmax(m)), m.shape)
    return int(i), int(j), int(np.asarray(matrix)[i, j])


def confident_mistakes(network, X, y, n=10):
    """Indices of the ``n`` mistakes the network made most confidently, most confident first.

    Confidence is the output activation of the (wrong) predicted digit.  These are often the
    images a person would hesitate over too, or whose label looks doubtful.
    """
    out = network.feedforward(X)
    pred = np.argmax(out, axis=1)
    wrong = np.flatnonzero(pred != np.asarray(y))
    order = np.argsort(-out[wrong, pred[wrong]], kind="stable")
    return wrong[order[:n]]
