"""The trainer: 784-16-16-10 learns MNIST digits in the reader's browser, while they watch.

Chapters 7 and 9 let the reader train *the* network of the book, on real digits, in the page
they are reading, with nothing installed: choose the layers, activation, cost, learning
rate, batch size, epochs and seed, press "Train", and watch the cost fall, the accuracy on
2,000 test images climb past 85% within the first epoch, the first layer's weight images
form and a row of test digits get answered. Training runs in ``trainer.js``, in a Web
Worker, so the page stays responsive; the same object is live in JupyterLab, where
:meth:`Trainer.network` hands the weights the reader trained back to Python.

What the page trains on and how it matches Python is :mod:`mlpbook.widgets.browser_training`: the
start is ``Network(sizes, activation, cost, seed=seed)`` in float64, sent from here as bytes
(for the settings this object was made with; in JupyterLab also after a change of layers,
activation or seed); the order of examples is numpy's ``default_rng(seed)``, which the page
computes itself; the digits come from the book's data file (written by
:mod:`mlpbook.book.trainer_data`) on the website, or from this object in JupyterLab, which
reads MNIST when the page asks for it.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import traitlets

from . import browser_training
from ..engine.network import Network
from ..engine.reference import ACTIVATIONS, COSTS
from ..engine.validation import check_sizes
from ._base import LANGUAGES, BookWidget, check_choice, check_language, float64_bytes

__all__ = ["Trainer", "LANGUAGES", "MAX_HIDDEN", "MAX_SEED"]

#: Hidden layers wider than this would train too slowly in a browser.
MAX_HIDDEN = 256
#: Seeds are one 32-bit word (the page's copy of numpy's SeedSequence takes one).
MAX_SEED = 2**32 - 1
#: Examples between two scorings of the 2,000 test images (a quarter of an epoch).
EVAL_EVERY = 2_500


def _check_sizes(sizes):
    sizes = list(check_sizes(sizes))
    if sizes[0] != 784 or sizes[-1] != 10:
        raise ValueError(f"the trainer learns MNIST: sizes must be [784, ..., 10] (28x28 "
                         f"pixels in, 10 digits out), got {sizes}")
    if not 1 <= len(sizes) - 2 <= 3:
        raise ValueError(f"the trainer takes one to three hidden layers, got sizes {sizes}; "
                         f"for example [784, 16, 16, 10]")
    if max(sizes[1:-1]) > MAX_HIDDEN:
        raise ValueError(f"hidden layers of at most {MAX_HIDDEN} neurons train quickly enough "
                         f"in a browser; got sizes {sizes}")
    return sizes


def _check_int(name, value, low, high):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low:,} and {high:,}, got {value:,}")
    return int(value)


def _send_digits_if_asked(widget, content):
    """Answer a page's ``data?`` message with MNIST's digits as one binary buffer, or with the
    reason they cannot be had (the trainer's and the fine-tuner's pages ask the same way)."""
    if not isinstance(content, dict) or content.get("type") != "data?":
        return
    try:
        data = _data_for_the_page()
    except Exception as exc:  # DataError, damaged files...: the page shows the reason
        widget.send({"type": "data-error", "message": str(exc)})
        return
    widget.send({"type": "data"}, buffers=[data])


@functools.lru_cache(maxsize=1)
def _data_for_the_page():
    """The gzipped data file, made once per session from MNIST as the loader finds it."""
    return browser_training.gzip_subset(browser_training.subset())


class Trainer(BookWidget):
    """Train a network on MNIST in the browser; read it back with :meth:`network`.

    ``network``, when given, is the start (its layers, activation, cost and weights);
    otherwise the start is ``Network(sizes, activation, cost, seed=seed)``. ``lr``,
    ``batch_size`` and ``epochs`` are the first settings the page shows (the reader can
    change everything); ``shuffle_labels=True`` trains on labels shuffled among the images
    (chapter 9's memorisation experiment; the test labels stay true). ``language`` is "en"
    or "zh" (default: :func:`mlpbook.get_language`).

    ``exact_start=False`` sends no start: the page draws one from the same distribution.
    The page is lighter by the start's size (8 bytes a parameter, as base64: 0.56 MB for
    784-64-32-10) but its run no longer equals Python's to the last bit.
    """

    _module = "trainer"
    _parts = ("_training", "_model_file", "_reader_store")

    sizes = traitlets.List(traitlets.Int(), [784, 16, 16, 10]).tag(sync=True)
    activation = traitlets.Unicode("sigmoid").tag(sync=True)
    cost = traitlets.Unicode("quadratic").tag(sync=True)
    lr = traitlets.Float(3.0).tag(sync=True)
    batch_size = traitlets.Int(10).tag(sync=True)
    epochs = traitlets.Int(10).tag(sync=True)
    seed = traitlets.Int(0).tag(sync=True)
    shuffle_labels = traitlets.Bool(False).tag(sync=True)
    language = traitlets.Unicode("en").tag(sync=True)
    eval_every = traitlets.Int(EVAL_EVERY).tag(sync=True)
    #: The start (float64 bytes, the flat layout of Network.params) and the settings it is
    #: for: {"sizes", "activation", "seed"}. Other settings get a start drawn in the page.
    start_params = traitlets.Bytes(b"").tag(sync=True)
    start_for = traitlets.Dict().tag(sync=True)
    #: With shuffled labels: row i trains with the label of row label_order[i] (uint16).
    label_order = traitlets.Bytes(b"").tag(sync=True)
    #: Written by the page when training stops or ends (float64), with what it trained.
    trained_params = traitlets.Bytes(b"").tag(sync=True)
    trained_info = traitlets.Dict().tag(sync=True)

    def __init__(self, network=None, *, sizes=(784, 16, 16, 10), activation="sigmoid",
                 cost="quadratic", lr=3.0, batch_size=10, epochs=10, seed=0,
                 shuffle_labels=False, language=None, exact_start=True, **kwargs):
        start = None
        if network is not None:
            if not isinstance(network, Network):
                raise ValueError(f"network must be an mlpbook.Network, got "
                                 f"{type(network).__name__}; or leave it out and give sizes=")
            if not np.isfinite(network.params).all():
                raise ValueError("the network has NaN or infinite weights (a diverged training "
                                 "run?); start from a fresh Network instead")
            sizes, activation, cost = network.sizes, network.activation, network.cost
            start = network.params.astype("<f8")
        sizes = _check_sizes(sizes)
        super().__init__(sizes=list(sizes), activation=activation, cost=cost, lr=lr,
                         batch_size=batch_size, epochs=epochs, seed=seed,
                         shuffle_labels=shuffle_labels, language=language, **kwargs)
        self._exact_start = bool(exact_start)
        self._new_start(start)
        self._new_label_order()
        self.on_msg(self._answer)

    # ------------------------------------------------------------------ validation
    @traitlets.validate("sizes")
    def _valid_sizes(self, proposal):
        return _check_sizes(proposal["value"])

    @traitlets.validate("activation")
    def _valid_activation(self, proposal):
        return check_choice("activation", proposal["value"], ACTIVATIONS)

    @traitlets.validate("cost")
    def _valid_cost(self, proposal):
        return check_choice("cost", proposal["value"], COSTS)

    @traitlets.validate("language")
    def _valid_language(self, proposal):
        return check_language(proposal["value"])

    @traitlets.validate("lr")
    def _valid_lr(self, proposal):
        value = proposal["value"]
        if not (math.isfinite(value) and 0 < value <= 100):
            raise ValueError(f"the learning rate lr must be a number above 0 and at most 100, "
                             f"got {value}; 3.0 is the classic choice for sigmoid + quadratic")
        return float(value)

    @traitlets.validate("batch_size")
    def _valid_batch(self, proposal):
        return _check_int("batch_size", proposal["value"], 1, browser_training.N_TRAIN)

    @traitlets.validate("epochs")
    def _valid_epochs(self, proposal):
        return _check_int("epochs", proposal["value"], 1, 100)

    @traitlets.validate("seed")
    def _valid_seed(self, proposal):
        return _check_int("seed", proposal["value"], 0, MAX_SEED)

    @traitlets.validate("eval_every")
    def _valid_eval_every(self, proposal):
        return _check_int("eval_every", proposal["value"], 1, 10 * browser_training.N_TRAIN)

    # ------------------------------------------------------------------ the start
    def _new_start(self, params=None):
        """Send the start for the current settings (``params``, or Network(...)'s)."""
        if not self._exact_start and params is None:
            return  # the page draws its own start
        if params is None:
            params = browser_training.initial_network(self.sizes, self.activation, self.cost,
                                                      self.seed).params
        with self.hold_sync():
            self.start_params = float64_bytes(params)
            self.start_for = {"sizes": list(self.sizes), "activation": self.activation,
                              "seed": int(self.seed)}

    @traitlets.observe("sizes", "activation", "seed")
    def _settings_changed(self, change):
        # In JupyterLab the reader's new layers/activation/seed get Python's exact start too.
        if self.start_for and (self.start_for.get("sizes") != list(self.sizes)
                               or self.start_for.get("activation") != self.activation
                               or self.start_for.get("seed") != self.seed):
            self._new_start()

    def _new_label_order(self):
        order = (browser_training.shuffled_label_order(self.seed)
                 if self.shuffle_labels else None)
        self.label_order = b"" if order is None else order.astype("<u2").tobytes()

    @traitlets.observe("shuffle_labels")
    def _shuffle_changed(self, change):
        if self.start_for:  # after __init__
            self._new_label_order()

    # ------------------------------------------------------------------ talking to the page
    def _answer(self, widget, content, buffers):
        """The page asks for the digits (JupyterLab has no website to fetch them from)."""
        _send_digits_if_asked(self, content)

    # ------------------------------------------------------------------ reading it back
    def network(self):
        """The network as the reader last trained it in the page (float64 Network)."""
        if not self.trained_params:
            raise RuntimeError("nothing trained yet: press Train in the widget (in JupyterLab "
                               "or VS Code, with this kernel running) and let it finish or "
                               "press Stop, then call network() again")
        info = self.trained_info or {}
        try:
            net = Network(info["sizes"], info["activation"], info["cost"], dtype=np.float64)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"the page sent trained weights without valid settings "
                             f"({exc}); press Reset and train again") from None
        params = np.frombuffer(self.trained_params, dtype="<f8")
        if params.size != net.n_params:
            raise ValueError(f"the page sent {params.size} parameters for layers "
                             f"{info['sizes']}, which have {net.n_params}; press Reset and "
                             f"train again")
        if not np.isfinite(params).all():
            raise ValueError("the trained weights contain NaN or infinity: training diverged; "
                             "choose a smaller learning rate, press Reset and train again")
        net.params[:] = params
        return net

    @property
    def history(self):
        """What the page reported with the trained weights: epochs, examples, test accuracy."""
        return dict(self.trained_info or {})
