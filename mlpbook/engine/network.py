"""The network: layer sizes, activation, cost and the numbers that make it up.

A :class:`Network` owns one flat array of parameters; ``weights[l]`` and
``biases[l]`` are views into it, shaped ``(n_out, n_in)`` and ``(n_out,)``, so
the fast kernels and the readable code see the same numbers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import kernels, reference
from . import npzfile, safewrite
from .validation import (MlpbookWarning, check_choice, check_images, check_labels,
                         check_network_memory, check_seed, check_sizes, count_params)

FORMAT = "mlpbook-network"
FORMAT_VERSION = 1
INITS = ("scaled", "normal")


__all__ = ["Network", "ModelFileError", "MlpbookWarning", "FORMAT", "FORMAT_VERSION", "save_path"]


class ModelFileError(ValueError):
    """A model file that is damaged, from elsewhere, or does not fit the data."""


class Network:
    """A fully connected feed-forward network.

    Parameters
    ----------
    sizes : list of int
        Neurons per layer, input first: ``[784, 16, 16, 10]``.
    activation : "sigmoid" or "relu"
        The hidden layers' activation function.
    cost : "quadratic" or "cross-entropy"
        Quadratic goes with sigmoid outputs, cross-entropy with a softmax output.
    init : "scaled" or "normal"
        "normal" draws every weight and bias from N(0, 1) (the classic start);
        "scaled" (default) draws weights from N(0, 1/n_in) for sigmoid or
        N(0, 2/n_in) for ReLU, and starts biases at zero, so neurons do not
        begin saturated.
    seed : int
        The same seed gives the same initial weights.
    dtype : numpy float type
        float32 (default: the dtype of the images, half the memory, faster) or
        float64 (for exact comparisons with the reference code).
    """

    def __init__(self, sizes, activation="sigmoid", cost="quadratic", init="scaled", seed=0,
                 dtype=np.float32):
        self.sizes = check_sizes(sizes)
        self.activation = check_choice("activation", activation, reference.ACTIVATIONS)
        self.cost = check_choice("cost", cost, reference.COSTS)
        self.init = check_choice("init", init, INITS)
        self.seed = check_seed(seed)
        try:
            dtype = np.dtype(dtype)
        except TypeError:
            raise ValueError(f"dtype must be float32 or float64, got {dtype!r}") from None
        if dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {dtype}")
        check_network_memory(self.sizes, dtype)  # before layout's int64 offsets can overflow
        self._w_off, self._b_off, n_params = kernels.layout(self.sizes)
        self.params = np.empty(n_params, dtype)
        self._sizes_array = np.array(self.sizes, np.int64)
        self.initialize(seed)

    # ------------------------------------------------------------------ structure
    @property
    def weights(self):
        """Weight matrices, one per layer, shape (n_out, n_in): views into ``params``."""
        return [self.params[o:o + n_in * n_out].reshape(n_out, n_in)
                for o, n_in, n_out in zip(self._w_off, self.sizes[:-1], self.sizes[1:])]

    @property
    def biases(self):
        """Bias vectors, one per layer: views into ``params``."""
        return [self.params[o:o + n] for o, n in zip(self._b_off, self.sizes[1:])]

    @property
    def n_params(self):
        """How many weights and biases: 13,002 for 784-16-16-10."""
        return self.params.size

    @property
    def output_activation(self):
        return reference.output_activation_for(self.cost)

    @property
    def dtype(self):
        return self.params.dtype

    def initialize(self, seed=None):
        """Draw fresh random weights and biases (deterministic for a seed)."""
        rng = np.random.default_rng(self.seed if seed is None else check_seed(seed))
        for W, b in zip(self.weights, self.biases):
            n_in = W.shape[1]
            if self.init == "normal":
                W[...] = rng.standard_normal(W.shape)
                b[...] = rng.standard_normal(b.shape)
            else:
                gain = 2.0 if self.activation == "relu" else 1.0
                W[...] = rng.standard_normal(W.shape) * np.sqrt(gain / n_in)
                b[...] = 0.0
        return self

    def copy(self):
        twin = Network.__new__(Network)
        twin.__dict__.update(self.__dict__)
        twin.params = self.params.copy()
        return twin

    def __repr__(self):
        return (f"Network(sizes={list(self.sizes)}, activation={self.activation!r}, "
                f"cost={self.cost!r}, n_params={self.n_params})")

    # ------------------------------------------------------------------ using it
    def _codes(self):
        return kernels.ACTIVATION_CODES[self.activation], kernels.COST_CODES[self.cost]

    def check_images(self, X, name="images"):
        """Validate images for this network; returns a contiguous 2-D array of its dtype."""
        return check_images(X, self.sizes[0], self.dtype, name)

    def check_labels(self, y, n_examples, name="labels"):
        return check_labels(y, n_examples, self.sizes[-1], name)

    def feedforward(self, X):
        """Output activations: shape (n, n_outputs) for a batch, (n_outputs,) for one image."""
        single = np.ndim(X) == 1
        X = self.check_images(X)
        out = self._forward(X)
        return out[0] if single else out

    def _forward(self, X):
        """kernels.forward on validated rows, in calls of about kernels.CHUNK_FLOPS so that
        Ctrl-C acts during a long pass; the calls split at multiples of the kernel's own
        1024-row chunks, so the numbers are exactly those of one call."""
        args = (self.params, self._sizes_array, self._w_off, self._b_off)
        rows = 1024 * max(1, kernels.CHUNK_FLOPS // (2 * self.n_params * 1024))
        if len(X) <= rows:
            return kernels.forward(*args, X, *self._codes())
        out = np.empty((len(X), self.sizes[-1]), self.dtype)
        for start in range(0, len(X), rows):
            out[start:start + rows] = kernels.forward(*args, X[start:start + rows],
                                                      *self._codes())
        return out

    def predict(self, X):
        """The answer for each image: the index of the brightest output neuron."""
        out = self.feedforward(X)
        return np.argmax(out, axis=-1)

    def accuracy(self, X, y):
        """Fraction of images whose prediction equals the label."""
        X = self.check_images(X)
        y = self.check_labels(y, len(X))
        return float(np.mean(self.predict(X) == y))

    def mean_cost(self, X, y):
        """The cost of the network on these examples: the average cost per example."""
        X = self.check_images(X)
        y = self.check_labels(y, len(X))
        return _mean_cost(self.feedforward(X), y, self.cost)

    def evaluate(self, X, y):
        """Mean cost and accuracy on (X, y) from one forward pass: ``(cost, accuracy)``."""
        X = self.check_images(X)
        y = self.check_labels(y, len(X))
        out = self._forward(X)
        return _mean_cost(out, y, self.cost), float(np.mean(np.argmax(out, axis=1) == y))

    def layer_activations(self, x):
        """Activations of every layer for one image, input first (for pictures)."""
        x = self.check_images(x)[0].astype(np.float64)
        f = reference.relu if self.activation == "relu" else reference.sigmoid
        out = [x]
        for layer, (W, b) in enumerate(zip(self.weights, self.biases)):
            z = W @ out[-1] + b
            if layer < len(self.sizes) - 2:
                out.append(f(z))
            else:
                out.append(reference.softmax(z) if self.cost == "cross-entropy"
                           else reference.sigmoid(z))
        return out

    def gradient(self, X, y):
        """Mean gradient of the cost over (X, y): lists (grad_w, grad_b) shaped like the parameters."""
        X = self.check_images(X)
        y = self.check_labels(y, len(X))
        flat = kernels.mean_gradient(self.params, self._sizes_array, self._w_off, self._b_off,
                                     X, y, *self._codes())
        view = self.copy()
        view.params = flat
        return view.weights, view.biases

    # ------------------------------------------------------------------ files
    def save(self, path):
        """Write the network to ``path`` (.npz, no pickle); written whole or not at all.

        The file gets the permissions of any new file of yours (0666 minus the umask);
        :func:`mlpbook.engine.safewrite.check_writable` checks beforehand that it can be written.
        """
        path = save_path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with safewrite.replace_atomically(path) as fh:
            np.savez(fh, format=np.array(FORMAT), format_version=np.array(FORMAT_VERSION),
                     sizes=np.array(self.sizes, np.int64), activation=np.array(self.activation),
                     cost=np.array(self.cost), init=np.array(self.init), params=self.params)
        return path

    def file_size(self):
        """About how many bytes :meth:`save` writes (the parameters plus a few KB)."""
        return self.params.nbytes + 4096

    @classmethod
    def load(cls, path):
        """Read a network written by :meth:`save`, checking everything before trusting it.

        The archive is read header first (:mod:`mlpbook.engine.npzfile`): the format marker, the
        list of members and every member's declared dtype and shape are checked against what
        the layer sizes allow before any parameter is read, so a hostile or damaged file
        costs neither memory nor time. Raises :class:`ModelFileError` naming the problem.
        """
        path = Path(path)
        fix = "train a model with `python -m mlpbook train --out model.npz` or Network.save()"
        if not path.exists():
            raise ModelFileError(f"no model file at {path}; {fix}")
        if path.is_dir():
            raise ModelFileError(f"{path} is a folder, not a model file; {fix}")
        try:
            with npzfile.Archive(path) as archive:
                return cls._from_archive(archive, path, fix)
        except npzfile.NotAnArchive as exc:
            raise ModelFileError(f"{path} is not an mlpbook model file: {exc}; {fix}") from None
        except npzfile.NpzError as exc:
            raise ModelFileError(f"{path} is not a readable mlpbook model file: {exc}; it may "
                                 f"be damaged or from another program; {fix}") from None

    @classmethod
    def _from_archive(cls, archive, path, fix):
        members = archive.members

        def value(name, kinds, what):
            """A small scalar member (a string or an integer), read only if its header fits."""
            member = members.get(name)
            if member is None:
                return None
            if member.shape != () or member.dtype.kind not in kinds or member.nbytes > 4 * 64:
                raise ModelFileError(f"{path} has an invalid {name} field (expected {what}, the "
                                     f"file holds {member.dtype} of shape {member.shape}): the "
                                     f"file is damaged; {fix}")
            return archive.read(name, 4 * 64).item()

        try:
            marker = value("format", "U", "a short text")
        except ModelFileError:
            marker = None
        if marker != FORMAT:
            raise ModelFileError(f"{path} is an .npz file but not an mlpbook network (no "
                                 f"'{FORMAT}' marker); {fix}")
        unknown = sorted(set(members) - set(_MEMBERS))
        if unknown:
            raise ModelFileError(f"{path} holds member(s) {', '.join(map(repr, unknown))} that "
                                 f"mlpbook never writes (a model holds only "
                                 f"{', '.join(_MEMBERS)}): the file was changed by another "
                                 f"program or is damaged; {fix}")
        try:
            version = value("format_version", "iu", "a whole number")
        except ModelFileError:
            version = None
        if version is None:
            raise ModelFileError(f"{path} has no valid format_version: the file is damaged; {fix}")
        if version > FORMAT_VERSION:
            raise ModelFileError(f"{path} uses model format {version}, newer than this mlpbook "
                                 f"understands ({FORMAT_VERSION}); upgrade mlpbook")
        missing = [name for name in ("sizes", "activation", "cost", "params") if name not in members]
        if missing:
            raise ModelFileError(f"{path} has invalid settings: no {', '.join(missing)} field; "
                                 f"the file is damaged; {fix}")
        sizes_member = members["sizes"]
        if (sizes_member.dtype.kind not in "iu" or len(sizes_member.shape) != 1
                or sizes_member.size > MAX_LAYERS):
            raise ModelFileError(f"{path} has invalid settings: sizes must be a list of at most "
                                 f"{MAX_LAYERS} whole numbers, the file holds "
                                 f"{sizes_member.dtype} of shape {sizes_member.shape}; {fix}")
        try:
            sizes = check_sizes(archive.read("sizes", MAX_LAYERS * 8).tolist())
            settings = {name: value(name, "U", "a short text")
                        for name in ("activation", "cost", "init")}
        except ValueError as exc:
            if isinstance(exc, (ModelFileError, npzfile.NpzError)):
                raise
            raise ModelFileError(f"{path} has invalid settings: {exc}; {fix}") from None

        params = members["params"]
        n_needed = count_params(sizes)
        if params.dtype not in (np.float32, np.float64):
            raise ModelFileError(f"{path} has invalid settings: params must be float32 or "
                                 f"float64, the file holds {params.dtype}; {fix}")
        if params.shape != (n_needed,):
            held = (f"an array of shape {params.shape}" if len(params.shape) != 1
                    else f"{params.size:,} parameters")
            raise ModelFileError(f"{path} holds {held} but layers {list(sizes)} need a flat "
                                 f"array of {n_needed:,} parameters: the file is damaged; {fix}")
        try:
            net = cls(sizes, activation=settings["activation"], cost=settings["cost"],
                      init=settings["init"] or "scaled", dtype=params.dtype)
        except ValueError as exc:  # unknown activation or cost, or too large for memory
            raise ModelFileError(f"{path} has invalid settings: {exc}; {fix}") from None
        values = archive.read("params", net.params.nbytes)
        if not np.isfinite(values).all():
            raise ModelFileError(f"{path} contains NaN or infinite weights (a diverged training "
                                 f"run?); retrain with a smaller learning rate")
        net.params[:] = values
        return net


#: The members of a model file, in the order save() writes them.
_MEMBERS = ("format", "format_version", "sizes", "activation", "cost", "init", "params")
#: Layers a model file may declare at most (sizes is read only after this check).
MAX_LAYERS = 1000


def save_path(path):
    """Where :meth:`Network.save` writes ``path``: ``.npz`` is added when missing."""
    path = Path(path).expanduser()
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")


def _mean_cost(outputs, y, cost):
    rows = np.arange(len(y))
    if cost == "quadratic":
        sq = np.sum(outputs.astype(np.float64) ** 2, axis=1)
        sq += 1.0 - 2.0 * outputs[rows, y]
        return float(0.5 * sq.mean())
    return float(-np.mean(np.log(np.maximum(outputs[rows, y].astype(np.float64), 1e-300))))
