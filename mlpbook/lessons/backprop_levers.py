"""What one training example wants: backpropagation told as nudges, before the chain rule.

The series' third video explains backpropagation without a derivative in sight.  Show the
network one image of a 2.  It wants its output for 2 to go up and the nine others to go down,
each in proportion to how far it is from its target.  An output neuron can get what it wants
through three *levers*:

1. its **bias**;
2. its **incoming weights**, each in proportion to the activation it carries (a weight from a
   bright neuron moves the weighted sum most: "neurons that fire together wire together");
3. the **previous layer's activations**, each in proportion to the weight it comes through;
   these cannot be set directly, so they become the wishes of the previous layer, where the
   same three levers apply again.

Every output neuron has its own wish for the previous layer; added up they are that layer's
wish.  One example's wishes for all 13,002 parameters are the negative gradient of its cost,
and the average over a mini-batch is the negative gradient of the mini-batch's cost: the step
of gradient descent.  This module computes exactly these nudges, layer by layer, so the
chapter can show them with real numbers and check them against
:func:`mlpbook.engine.reference.backprop_batch`.

A nudge here is a *direction* (how much the example wants each number to move per unit of
learning rate), the same convention as the descent step ``θ ← θ − η ∂C/∂θ``: the nudge of θ
is ``−∂C/∂θ``, the pull of the cost on θ.  That is why a neuron's wish for its weighted input
is its wish for its activation *times* σ'(z): a change Δz moves the activation by
Δa ≈ σ'(z) Δz, so the cost pulls on z σ'(z) times as hard as on a.  The cost is mlpbook's: ``½‖a − y‖²`` with sigmoid outputs, or cross-entropy
with a softmax output layer.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..engine import reference
from ..engine._report import Report, Table, formatted, report as _report
from ..i18n import Lines, T

__all__ = ["output_nudges", "Levers", "pull_levers", "ExampleNudges", "example_nudges",
           "average_nudges", "lever_table", "error_sizes", "error_size_table", "report"]


def output_nudges(output, label):
    """How one example wants the output activations to move: ``y − a``.

    ``y`` is 1 for the example's digit and 0 elsewhere, so the right output is pushed up and
    every other one down, each by how far it is from its target.  (For mlpbook's quadratic
    cost ``½‖a − y‖²`` this is exactly ``−∂C/∂a``.)
    """
    a = np.asarray(output, dtype=np.float64)
    if a.ndim != 1 or a.size < 2:
        raise ValueError(f"output must be one vector of output activations; got shape {a.shape}")
    if not (isinstance(label, (int, np.integer)) and 0 <= label < a.size):
        raise ValueError(f"label must be a whole number from 0 to {a.size - 1}; got {label!r}")
    return reference.one_hot(int(label), a.size) - a


@dataclasses.dataclass(frozen=True)
class Levers:
    """What one layer does with the wishes of its neurons (all float64 arrays).

    Attributes
    ----------
    z : the wished change of each neuron's weighted input, ``Δa ⊙ σ'(z)`` (a neuron that is
        saturated, σ' ≈ 0, can hardly follow its wish)
    bias : lever 1, the nudge of each bias: equal to ``z`` (a bias adds straight to z)
    weights : lever 2, the nudge of each weight ``w_jk``: ``z_j · a_k``, in proportion to
        the activation ``a_k`` it carries; shape ``(n_out, n_in)`` like the weights
    wishes : lever 3, neuron j's wish for previous activation k: ``w_jk · z_j``, in
        proportion to the weight; shape ``(n_out, n_in)``, one row per neuron of this layer
    previous : the previous layer's wished change, all neurons' wishes added up:
        ``wishes.sum(axis=0) = Wᵀ z``
    """

    z: np.ndarray
    bias: np.ndarray
    weights: np.ndarray
    wishes: np.ndarray
    previous: np.ndarray


def pull_levers(W, a_prev, z, nudge_a=None, *, nudge_z=None, slope=reference.sigmoid_prime):
    """The three levers of one layer for a wished change of its activations.

    Parameters
    ----------
    W : the layer's weights, shape ``(n_out, n_in)``
    a_prev : the previous layer's activations, shape ``(n_in,)``
    z : the layer's weighted inputs, shape ``(n_out,)``
    nudge_a : the wished change of the layer's activations, shape ``(n_out,)``; it is turned
        into a wish for ``z`` by multiplying with ``slope(z)``
    nudge_z : instead of ``nudge_a``, the wish for ``z`` itself (a softmax output layer with
        the cross-entropy cost wishes ``y − a`` for z directly)
    slope : the derivative of the layer's activation function (σ' by default)
    """
    W = np.asarray(W, dtype=np.float64)
    a_prev = np.asarray(a_prev, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    if W.ndim != 2 or a_prev.shape != (W.shape[1],) or z.shape != (W.shape[0],):
        raise ValueError(f"shapes do not fit one layer: W {W.shape} needs a_prev of shape "
                         f"({W.shape[1] if W.ndim == 2 else '?'},) and z of shape "
                         f"({W.shape[0] if W.ndim == 2 else '?'},); got {a_prev.shape} and "
                         f"{z.shape}")
    if (nudge_a is None) == (nudge_z is None):
        raise ValueError("give exactly one of nudge_a (wished change of the activations) or "
                         "nudge_z (wished change of the weighted inputs)")
    nudge = np.asarray(nudge_z if nudge_a is None else nudge_a, dtype=np.float64)
    if nudge.shape != z.shape:
        raise ValueError(f"the nudge must have one entry per neuron, shape {z.shape}; got "
                         f"{nudge.shape}")
    nudge_z = nudge if nudge_a is None else nudge * slope(z)
    wishes = W * nudge_z[:, None]
    return Levers(z=nudge_z, bias=nudge_z.copy(), weights=np.outer(nudge_z, a_prev),
                  wishes=wishes, previous=wishes.sum(axis=0))


@dataclasses.dataclass(frozen=True)
class ExampleNudges:
    """Everything one example wants, layer by layer (first layer first).

    ``activations`` holds every layer's activations, input first; ``output_nudge`` the wished
    change of the outputs; ``levers[l]`` the :class:`Levers` of layer ``l + 1``.
    """

    label: int
    activations: list
    output_nudge: np.ndarray
    levers: list

    @property
    def weights(self):
        """The nudges of every weight matrix (shaped like ``network.weights``)."""
        return [lv.weights for lv in self.levers]

    @property
    def biases(self):
        """The nudges of every bias vector (shaped like ``network.biases``)."""
        return [lv.bias for lv in self.levers]

    def flat(self, network):
        """All nudges as one vector in the order of ``network.params``."""
        from ..engine.gradcheck import flatten
        return flatten(network, self.weights, self.biases)

    def summary(self, index=None):
        """What this example is and wants, in the reader's language: its digit, the
        network's answer, the outputs and the wished nudges ``y − a`` of the outputs."""
        output = self.activations[-1]
        answer = int(np.argmax(output))
        which = (T(f"an example of a {self.label}", f"一个 {self.label} 的样本") if index is None
                 else T(f"training image {index}, a {self.label}",
                        f"训练图像 {index}，一个 {self.label}"))
        return Lines([
            T("{which}; the network answers {answer}", "{which}；网络的回答是 {answer}").format(
                which=which, answer=answer),
            Report([(T("outputs a", "输出 a"), formatted(output, "{:.3f}")),
                    (T("wished nudges y − a", "希望的微调 y − a"),
                     np.array2string(self.output_nudge, precision=3, suppress_small=True,
                                     sign="+"))])])


def _check_network(network):
    if network.activation not in reference.ACTIVATIONS:
        raise ValueError(f"unknown activation {network.activation!r}")


def example_nudges(network, x, label):
    """What one example ``(x, label)`` wants from every weight and bias of ``network``.

    Walks backwards from the output nudges (:func:`output_nudges`): each layer pulls its
    three levers (:func:`pull_levers`) and hands the summed wishes for its inputs to the layer
    before.  Returns an :class:`ExampleNudges`.
    """
    _check_network(network)
    x = network.check_images(x)[0].astype(np.float64)
    label = network.check_labels([label], 1)[0]
    weights = [np.asarray(W, dtype=np.float64) for W in network.weights]
    biases = [np.asarray(b, dtype=np.float64) for b in network.biases]
    hidden = reference.relu if network.activation == "relu" else reference.sigmoid
    slope = reference.relu_prime if network.activation == "relu" else reference.sigmoid_prime
    activations, zs = [x], []
    for layer, (W, b) in enumerate(zip(weights, biases)):
        z = W @ activations[-1] + b
        zs.append(z)
        if layer < len(weights) - 1:
            activations.append(hidden(z))
        elif network.cost == "cross-entropy":
            activations.append(reference.softmax(z))
        else:
            activations.append(reference.sigmoid(z))
    wish = output_nudges(activations[-1], int(label))
    levers = [None] * len(weights)
    last = len(weights) - 1
    if network.cost == "cross-entropy":
        levers[last] = pull_levers(weights[last], activations[last], zs[last], nudge_z=wish)
    else:
        levers[last] = pull_levers(weights[last], activations[last], zs[last], wish)
    for layer in range(last - 1, -1, -1):
        levers[layer] = pull_levers(weights[layer], activations[layer], zs[layer],
                                    levers[layer + 1].previous, slope=slope)
    return ExampleNudges(int(label), activations, wish, levers)


def average_nudges(network, X, labels):
    """The mean of every example's nudges, as one vector in the order of ``network.params``.

    This is the negative gradient of the mean cost over ``(X, labels)``: the direction of one
    step of gradient descent on that mini-batch.
    """
    X = network.check_images(X)
    labels = network.check_labels(labels, len(X))
    total = np.zeros(network.n_params)
    for x, label in zip(X, labels):
        total += example_nudges(network, x, int(label)).flat(network)
    return total / len(X)


def lever_table(wants, network, neuron):
    """The three levers of one output neuron, with the example's numbers (a printable table).

    First the neuron's wish for its activation ``Δa = y − a``, its slope ``σ'(z) = a(1 − a)``
    and the pull on its weighted input ``Δz = σ'(z) Δa``, which is also lever 1, the nudge
    of its bias; then, for every neuron k of the layer before, ``a_k``, the weight ``w_k``,
    lever 2 (the weight's nudge ``Δz · a_k``) and lever 3 (the wished change
    ``Δz · w_k`` of ``a_k``). Only for a sigmoid output layer with the quadratic cost.
    """
    if network.cost != "quadratic":
        raise ValueError("lever_table shows a sigmoid output neuron (the quadratic cost)")
    a = wants.activations[-1][neuron]
    a_prev = wants.activations[-2]
    w = np.asarray(network.weights[-1][neuron], dtype=np.float64)
    out = wants.levers[-1]
    dz = out.z[neuron]
    head = Report([
        (T("wished change of the activation Δa = y − a", "激活值希望的变化 Δa = y − a"),
         f"{wants.output_nudge[neuron]:+.4f}"),
        (T("slope σ'(z) = a(1 − a)", "斜率 σ'(z) = a(1 − a)"), f"{a * (1 - a):.4f}"),
        (T("pull on z: Δz = σ'(z) Δa = nudge of the bias",
           "对 z 的拉力：Δz = σ'(z) Δa = 偏置的微调"), f"{dz:+.4f}")])
    rows = [[f"{k}", f"{a_prev[k]:.2f}", f"{w[k]:+.2f}", f"{out.weights[neuron, k]:+.4f}",
             f"{out.wishes[neuron, k]:+.4f}"] for k in range(a_prev.size)]
    table = Table(["k", "a_k", "w_k", T("weight nudge Δz·a_k", "权重的微调 Δz·a_k"),
                   T("wished Δa_k = Δz·w_k", "希望的 Δa_k = Δz·w_k")], rows, align=">>>>>")
    return Lines([head, "", table])


def error_sizes(network, X, labels):
    """How large the errors ``δ = ∂C/∂z`` of each layer are, first hidden layer first.

    For every example of ``(X, labels)`` the errors come from BP1 (the output layer) and BP2
    (each layer before it, ``δ^l = (W^{l+1})ᵀ δ^{l+1} ⊙ f'(z^l)``); the size of a layer's errors
    is the mean of ``|δ^l_j|`` over its neurons and the examples. Returns a float64 array with
    one entry per layer of weights (``len(network.weights)``), the output layer last.
    """
    _check_network(network)
    X = network.check_images(X).astype(np.float64)
    labels = network.check_labels(labels, len(X))
    weights = [np.asarray(W, dtype=np.float64) for W in network.weights]
    biases = [np.asarray(b, dtype=np.float64) for b in network.biases]
    hidden = reference.relu if network.activation == "relu" else reference.sigmoid
    slope = reference.relu_prime if network.activation == "relu" else reference.sigmoid_prime
    last = len(weights) - 1
    A, zs = X, []
    for layer, (W, b) in enumerate(zip(weights, biases)):
        zs.append(A @ W.T + b)
        if layer < last:
            A = hidden(zs[-1])
        elif network.cost == "cross-entropy":
            A = reference.softmax(zs[-1])
        else:
            A = reference.sigmoid(zs[-1])
    delta = reference.output_error(A, zs[-1], reference.one_hot(labels, A.shape[1]),
                                   network.cost)
    sizes = [np.abs(delta).mean()]
    for layer in range(last - 1, -1, -1):
        delta = (delta @ weights[layer + 1]) * slope(zs[layer])
        sizes.append(np.abs(delta).mean())
    return np.array(sizes[::-1])


def error_size_table(sizes):
    """A printable table of :func:`error_sizes` for one or more networks.

    ``sizes`` maps a network's name to its error sizes (first hidden layer first). The rows
    follow the errors back from the output layer, so networks of different depths line up
    by how far their errors have travelled; a network with fewer layers leaves its cells empty.
    """
    sizes = {str(name): np.asarray(v, dtype=np.float64) for name, v in sizes.items()}
    if not sizes or any(v.ndim != 1 or v.size == 0 for v in sizes.values()):
        raise ValueError("give each network's error sizes, one number per layer")
    depth = max(v.size for v in sizes.values())
    rows = []
    for back in range(depth):
        label = (T("output layer", "输出层") if back == 0 else
                 T(f"{back} layer back", f"往回 {back} 层") if back == 1 else
                 T(f"{back} layers back", f"往回 {back} 层"))
        rows.append([label] + [f"{v[-1 - back]:.1e}" if back < v.size else ""
                               for v in sizes.values()])
    return Table([T("mean |δ|", "|δ| 的平均值")] + list(sizes), rows)


#: What :func:`report` can print: key -> (label, format).
_WORDS = {
    "n_params": (T("parameters averaged over the examples", "对样本取平均的参数个数"), "{:,}"),
    "batch_diff": (T("largest |average nudge + gradient of the batch's cost|",
                     "|平均微调 + 这批样本代价的梯度| 的最大值"), "{:.1e}"),
    "largest_gradient": (T("largest |gradient|", "|梯度| 的最大值"), "{:.3f}"),
}


def report(**values):
    """Chapter 6's numbers about nudges with their words (see ``_WORDS`` for the keys)."""
    return _report(_WORDS, values)
