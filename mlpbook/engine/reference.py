"""The readable numpy version of everything the network computes.

This is the code the book teaches from, written for clarity rather than speed,
and the ground truth the fast Numba kernels in :mod:`mlpbook.engine.kernels` are tested
against.  Conventions (the same everywhere in mlpbook):

* A layer's weights ``W`` have shape ``(n_out, n_in)`` and its biases ``b``
  shape ``(n_out,)``, so one example ``a`` (a vector) moves forward as
  ``z = W @ a + b`` and ``a' = f(z)``.
* Batches are stacked as rows: ``A`` has shape ``(n_examples, n_in)`` and moves
  forward as ``Z = A @ W.T + b``.
* Hidden layers use the chosen ``activation`` ("sigmoid" or "relu").  The
  output layer is a sigmoid for the quadratic cost and a softmax for the
  cross-entropy cost.
* The quadratic cost of one example is ``0.5 * ||a - y||^2`` (the 1/2 makes the
  derivative tidy); the cross-entropy cost is ``-sum(y * log(a))``.  The cost of
  a set of examples is the mean over the examples.
"""

from __future__ import annotations

import numpy as np

ACTIVATIONS = ("sigmoid", "relu")
COSTS = ("quadratic", "cross-entropy")


# --------------------------------------------------------------------------
# Activation functions and their derivatives
# --------------------------------------------------------------------------
def sigmoid(z):
    """The logistic function 1 / (1 + e^(-z)), squashing any real into (0, 1).

    Written as 0.5 * (1 + tanh(z / 2)), which is the same function but never
    overflows for large negative z.
    """
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z)))


def sigmoid_prime(z):
    """Derivative of the sigmoid: sigma(z) * (1 - sigma(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


def relu(z):
    """Rectified linear unit: max(0, z)."""
    return np.maximum(np.asarray(z), 0.0)


def relu_prime(z):
    """Derivative of ReLU: 1 where z > 0, else 0 (we pick 0 at exactly z = 0)."""
    z = np.asarray(z)
    return (z > 0).astype(z.dtype if z.dtype.kind == "f" else float)


def softmax(z):
    """Turn a vector (or each row of a matrix) of scores into probabilities.

    Subtracting the maximum first changes nothing mathematically but keeps
    ``exp`` from overflowing.
    """
    z = np.asarray(z)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


_HIDDEN = {"sigmoid": (sigmoid, sigmoid_prime), "relu": (relu, relu_prime)}


def output_activation_for(cost):
    """The output layer that goes with a cost: sigmoid for quadratic, softmax for cross-entropy."""
    return "softmax" if cost == "cross-entropy" else "sigmoid"


def one_hot(labels, n_classes):
    """Desired outputs: 1.0 for the right digit, 0.0 elsewhere (one row per label)."""
    labels = np.asarray(labels)
    y = np.zeros(labels.shape + (n_classes,))
    y[..., :] = np.arange(n_classes) == labels[..., None]
    return y


# --------------------------------------------------------------------------
# One example at a time: what the book explains
# --------------------------------------------------------------------------
def feedforward(weights, biases, a, activation="sigmoid", cost="quadratic"):
    """Output activations of the network for one input vector ``a``."""
    f, _ = _HIDDEN[activation]
    last = len(weights) - 1
    for layer, (W, b) in enumerate(zip(weights, biases)):
        z = W @ a + b
        if layer < last:
            a = f(z)
        else:
            a = softmax(z) if cost == "cross-entropy" else sigmoid(z)
    return a


def cost_of_output(a, y, cost="quadratic"):
    """Cost of one output vector ``a`` against the desired output ``y``."""
    if cost == "quadratic":
        return 0.5 * np.sum((a - y) ** 2)
    return -np.sum(y * np.log(np.maximum(a, 1e-300)))


def output_error(a, z, y, cost="quadratic"):
    """delta of the output layer: dC/dz for the last layer's weighted inputs.

    Quadratic cost with sigmoid outputs: (a - y) * sigma'(z).
    Cross-entropy with softmax outputs: a - y (the sigma' cancels, which is why
    cross-entropy learns faster when an output is badly wrong).
    """
    if cost == "quadratic":
        return (a - y) * sigmoid_prime(z)
    return a - y


def backprop(weights, biases, x, y, activation="sigmoid", cost="quadratic"):
    """Gradient of the cost of one example (x, y) with respect to every weight and bias.

    Returns ``(grad_w, grad_b)``: lists shaped like ``weights`` and ``biases``.
    The four steps of backpropagation:

    1. forward: remember every weighted input z and activation a;
    2. output error: delta_L = dC/dz_L;
    3. backward: delta_l = (W_{l+1}^T delta_{l+1}) * f'(z_l);
    4. gradients: dC/dW_l = delta_l a_{l-1}^T and dC/db_l = delta_l.
    """
    f, f_prime = _HIDDEN[activation]
    n_layers = len(weights)
    # 1. forward pass
    activations, zs = [x], []
    a = x
    for layer, (W, b) in enumerate(zip(weights, biases)):
        z = W @ a + b
        zs.append(z)
        if layer < n_layers - 1:
            a = f(z)
        else:
            a = softmax(z) if cost == "cross-entropy" else sigmoid(z)
        activations.append(a)
    # 2. error of the output layer
    delta = output_error(activations[-1], zs[-1], y, cost)
    grad_w = [None] * n_layers
    grad_b = [None] * n_layers
    grad_w[-1] = np.outer(delta, activations[-2])
    grad_b[-1] = delta
    # 3 and 4. walk backwards through the hidden layers
    for layer in range(n_layers - 2, -1, -1):
        delta = (weights[layer + 1].T @ delta) * f_prime(zs[layer])
        grad_w[layer] = np.outer(delta, activations[layer])
        grad_b[layer] = delta
    return grad_w, grad_b


def apply_update(weights, biases, grad_w, grad_b, lr, l2=0.0, momentum=0.0, velocity=None):
    """One gradient-descent step, in place, from mean gradients of a mini-batch.

    Plain descent: w <- w - lr * (dC/dw + l2 * w).  With momentum mu the step
    itself remembers the previous one: v <- mu * v - lr * (...); w <- w + v.
    Weight decay (l2) applies to weights, not biases.  ``velocity`` is a pair
    of lists shaped like (weights, biases), updated in place when momentum > 0.
    """
    for i in range(len(weights)):
        step_w = grad_w[i] + l2 * weights[i]
        step_b = grad_b[i]
        if momentum:
            vw, vb = velocity[0][i], velocity[1][i]
            vw *= momentum
            vw -= lr * step_w
            vb *= momentum
            vb -= lr * step_b
            weights[i] += vw
            biases[i] += vb
        else:
            weights[i] -= lr * step_w
            biases[i] -= lr * step_b


def mini_batches(order, batch_size):
    """Split an ordering of example indices into consecutive mini-batches.

    The last batch is shorter when the data does not divide evenly; nothing is dropped.
    """
    return [order[k:k + batch_size] for k in range(0, len(order), batch_size)]


def sgd_epoch(weights, biases, X, labels, order, batch_size, lr, activation="sigmoid",
              cost="quadratic", l2=0.0, momentum=0.0, velocity=None):
    """One epoch of mini-batch SGD, one example at a time (the classic readable loop).

    For every mini-batch: add up the per-example gradients from :func:`backprop`,
    average them, and take one step.  Updates ``weights`` and ``biases`` in place.
    """
    n_classes = biases[-1].shape[0]
    for batch in mini_batches(order, batch_size):
        sum_w = [np.zeros_like(W) for W in weights]
        sum_b = [np.zeros_like(b) for b in biases]
        for i in batch:
            y = one_hot(labels[i], n_classes)
            gw, gb = backprop(weights, biases, X[i], y, activation, cost)
            for k in range(len(weights)):
                sum_w[k] += gw[k]
                sum_b[k] += gb[k]
        m = len(batch)
        apply_update(weights, biases, [g / m for g in sum_w], [g / m for g in sum_b],
                     lr, l2, momentum, velocity)


# --------------------------------------------------------------------------
# A whole mini-batch at once: the same mathematics as matrix products
# --------------------------------------------------------------------------
def feedforward_batch(weights, biases, A, activation="sigmoid", cost="quadratic"):
    """Output activations for a batch of inputs stacked as rows, shape (n, n_out)."""
    f, _ = _HIDDEN[activation]
    last = len(weights) - 1
    for layer, (W, b) in enumerate(zip(weights, biases)):
        Z = A @ W.T + b
        if layer < last:
            A = f(Z)
        else:
            A = softmax(Z) if cost == "cross-entropy" else sigmoid(Z)
    return A


def backprop_batch(weights, biases, X, Y, activation="sigmoid", cost="quadratic"):
    """Mean gradient over a batch (rows of X, one-hot rows of Y), with matrix products.

    Exactly the mathematics of :func:`backprop`, with each vector replaced by a
    matrix holding one example per row, so numpy does the loops.
    """
    f, f_prime = _HIDDEN[activation]
    n_layers = len(weights)
    activations, zs = [X], []
    A = X
    for layer, (W, b) in enumerate(zip(weights, biases)):
        Z = A @ W.T + b
        zs.append(Z)
        if layer < n_layers - 1:
            A = f(Z)
        else:
            A = softmax(Z) if cost == "cross-entropy" else sigmoid(Z)
        activations.append(A)
    m = X.shape[0]
    delta = output_error(activations[-1], zs[-1], Y, cost)
    grad_w = [None] * n_layers
    grad_b = [None] * n_layers
    for layer in range(n_layers - 1, -1, -1):
        grad_w[layer] = delta.T @ activations[layer] / m
        grad_b[layer] = delta.sum(axis=0) / m
        if layer > 0:
            delta = (delta @ weights[layer]) * f_prime(zs[layer - 1])
    return grad_w, grad_b


def sgd_epoch_vectorized(weights, biases, X, labels, order, batch_size, lr,
                         activation="sigmoid", cost="quadratic", l2=0.0, momentum=0.0,
                         velocity=None):
    """One epoch of mini-batch SGD with one matrix backprop per mini-batch."""
    n_classes = biases[-1].shape[0]
    for batch in mini_batches(order, batch_size):
        gw, gb = backprop_batch(weights, biases, X[batch], one_hot(labels[batch], n_classes),
                                activation, cost)
        apply_update(weights, biases, gw, gb, lr, l2, momentum, velocity)


def mean_cost(weights, biases, X, labels, activation="sigmoid", cost="quadratic"):
    """Average cost over the examples (rows of X) with integer labels."""
    A = feedforward_batch(weights, biases, X, activation, cost)
    Y = one_hot(labels, A.shape[1])
    if cost == "quadratic":
        return float(0.5 * np.sum((A - Y) ** 2) / len(X))
    return float(-np.sum(Y * np.log(np.maximum(A, 1e-300))) / len(X))
