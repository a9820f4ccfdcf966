"""The fine-tuner: the book's network retrained on the reader's own handwriting, in the page.

Chapter 8's drawing pad keeps the digits the reader drew and labelled (in the browser). This
widget retrains the chapter's network on them, in a Web Worker, mixed with MNIST training
digits so that it does not forget MNIST (how many per digit of the reader's is a visible
setting), and shows two numbers move while it trains: the accuracy on a held-out part of the
reader's digits (every third of each digit, never trained on) and on the 2,000 MNIST test
digits of the trainer. The result becomes the reader's network: the drawing pad draws on it
and saves it as a model file.

The run is :func:`mlpbook.widgets.handwriting.fine_tune`: the start is this object's network in
float64 (sent as bytes), the training set the reader's training digits followed by the first
``per_digit`` MNIST training digits for each of them, the order numpy's
``default_rng(seed)`` per epoch, plain SGD with the network's own cost. One epoch in the
page equals it to about 1e-12. In JupyterLab, :meth:`FineTuner.network` hands the fine-tuned
network to Python; the digits come from the pad (``pad.samples``).
"""

from __future__ import annotations

import math

import numpy as np
import traitlets

from ..engine.network import Network
from ._base import BookWidget, check_language, float64_bytes
from .drawing_pad import check_network
from .trainer import _check_int, _send_digits_if_asked

__all__ = ["FineTuner", "MIXES"]

#: The mixes offered: MNIST training digits per digit of the reader's.
MIXES = (0, 1, 2, 5, 10, 20)


class FineTuner(BookWidget):
    """Fine-tune ``network`` on the reader's handwriting set, in the browser.

    ``per_digit`` (MNIST digits mixed in per digit of the reader's), ``epochs`` and ``lr``
    are the first settings the page shows; ``language`` is "en" or "zh".
    """

    _module = "fine_tune"
    _parts = ("_training", "_model_file", "_reader_store")

    sizes = traitlets.List(traitlets.Int()).tag(sync=True)
    activation = traitlets.Unicode("sigmoid").tag(sync=True)
    cost = traitlets.Unicode("quadratic").tag(sync=True)
    start_params = traitlets.Bytes(b"").tag(sync=True)
    per_digit = traitlets.Int(10).tag(sync=True)
    epochs = traitlets.Int(10).tag(sync=True)
    lr = traitlets.Float(0.1).tag(sync=True)
    batch_size = traitlets.Int(10).tag(sync=True)
    seed = traitlets.Int(0).tag(sync=True)
    language = traitlets.Unicode("en").tag(sync=True)
    #: Written by the page when a run ends (float64) and what it reached.
    trained_params = traitlets.Bytes(b"").tag(sync=True)
    trained_info = traitlets.Dict().tag(sync=True)

    def __init__(self, network, *, per_digit=10, epochs=10, lr=0.1, batch_size=10, seed=0,
                 language=None, **kwargs):
        network = check_network(network)
        super().__init__(sizes=list(network.sizes), activation=network.activation,
                         cost=network.cost, start_params=float64_bytes(network.params),
                         per_digit=per_digit, epochs=epochs, lr=lr, batch_size=batch_size,
                         seed=seed, language=language, **kwargs)
        self.on_msg(self._answer)

    @traitlets.validate("language")
    def _valid_language(self, proposal):
        return check_language(proposal["value"])

    @traitlets.validate("per_digit")
    def _valid_mix(self, proposal):
        value = _check_int("per_digit", proposal["value"], 0, 20)
        if value not in MIXES:
            raise ValueError(f"per_digit must be one of {', '.join(map(str, MIXES))} (MNIST "
                             f"digits mixed in per digit of yours), got {value}")
        return value

    @traitlets.validate("epochs")
    def _valid_epochs(self, proposal):
        return _check_int("epochs", proposal["value"], 1, 50)

    @traitlets.validate("batch_size")
    def _valid_batch(self, proposal):
        return _check_int("batch_size", proposal["value"], 1, 100)

    @traitlets.validate("seed")
    def _valid_seed(self, proposal):
        return _check_int("seed", proposal["value"], 0, 2**32 - 1)

    @traitlets.validate("lr")
    def _valid_lr(self, proposal):
        value = proposal["value"]
        if not (isinstance(value, (int, float)) and math.isfinite(value) and 0 < value <= 10):
            raise ValueError(f"the learning rate lr must be a number above 0 and at most 10, "
                             f"got {value!r}; fine-tuning takes small steps, such as 0.1")
        return float(value)

    def _answer(self, widget, content, buffers):
        """The page asks for MNIST's digits (JupyterLab has no website to fetch them from)."""
        _send_digits_if_asked(self, content)

    def network(self):
        """The network as the reader last fine-tuned it in the page (float64 Network)."""
        if not self.trained_params:
            raise RuntimeError("nothing fine-tuned yet: add digits to your set with the drawing "
                               "pad, press Fine-tune (in JupyterLab or VS Code, with this kernel "
                               "running) and let it finish, then call network() again")
        net = Network(self.sizes, self.activation, self.cost, dtype=np.float64)
        params = np.frombuffer(self.trained_params, dtype="<f8")
        if params.size != net.n_params:
            raise ValueError(f"the page sent {params.size} parameters for layers {self.sizes}, "
                             f"which have {net.n_params}; press Fine-tune again")
        if not np.isfinite(params).all():
            raise ValueError("the fine-tuned weights contain NaN or infinity: training "
                             "diverged; choose a smaller learning rate and fine-tune again")
        net.params[:] = params
        return net

    @property
    def history(self):
        """What the page reported with the weights: the mix, epochs and both accuracies."""
        return dict(self.trained_info or {})
