"""Named training recipes: every setting that decides how well a network learns MNIST.

A :class:`Recipe` is a frozen record of the choices chapter 7 talks about: the layer sizes,
the activation, the cost, how the weights start, and the settings of stochastic gradient
descent (epochs, mini-batch size, learning rate and its schedule, weight decay, momentum,
seed).  :func:`fit` turns a recipe and a :class:`~mlpbook.data.Dataset` into a trained
:class:`~mlpbook.network.Network` and its :class:`~mlpbook.train.History`.

    >>> from mlpbook import load_mnist
    >>> from mlpbook.recipes import BEST_16, fit
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
by :mod:`mlpbook.ablation`.  Each recipe has a command line twin: ``recipe.cli_args()``
gives the flags of ``python -m mlpbook train``.
"""

from __future__ import annotations

import dataclasses
from typing import Optional, Sequence

import numpy as np

from .network import INITS, Network
from .train import Callback, constant, cosine, step_decay, train

__all__ = ["Recipe", "CLASSIC", "BEST_16", "WIDE", "RECIPES", "SCHEDULES", "get_recipe", "fit",
           "TrainingSample", "Table", "count_parameters", "summarize", "comparison_table",
           "most_confused", "confident_mistakes"]

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
        :func:`~mlpbook.train.step_decay`); or ``"cosine"`` (glide from ``lr`` to 0 over the
        epochs along half a cosine, see :func:`~mlpbook.train.cosine`)
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
        """The learning rate as :func:`~mlpbook.train.train` takes it: a function of the epoch.

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
    description="Wider hidden layers (256 and 128 ReLU neurons) trained like BEST_16.",
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
    data : a :class:`~mlpbook.data.Dataset` (e.g. ``load_mnist()``); the network trains on
        its first ``recipe.train_size`` training images and is scored on its test images
        after every epoch (the test images never steer the training)
    progress : show a progress bar (one bar for the whole run)
    callbacks : more :class:`~mlpbook.train.Callback` objects, e.g. ``LivePlot()``
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


_COLUMNS = ("recipe", "layers", "parameters", "epochs", "training images", "seconds",
            "test accuracy")


class Table(str):
    """A Markdown table (it is a ``str``) that shows itself as an HTML table in notebooks."""

    def __new__(cls, header, cells, align):
        lines = ["| " + " | ".join(header) + " |",
                 "|" + "|".join(":--" if a == "left" else "--:" for a in align) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in cells]
        table = super().__new__(cls, "\n".join(lines))
        table.header, table.cells, table.align = list(header), [list(r) for r in cells], align
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
    """A table of :func:`summarize` rows: Markdown text that displays as HTML in a notebook."""
    cells = []
    for r in rows:
        images = "all" if r["images"] is None else f"{r['images']:,}"
        cells.append([r["recipe"], r["layers"], f"{r['parameters']:,}", str(r["epochs"]),
                      images, f"{r['seconds']:.1f}", f"{r['test_accuracy']:.2%}"])
    align = ["left", "left"] + ["right"] * 5
    return Table(_COLUMNS, cells, align)


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
