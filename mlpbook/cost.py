"""The cost of one output vector, for chapter 4: what the network gave against what it should.

Pure functions only (no plotting, no widgets), so the static figures of :mod:`mlpbook.viz`,
the cost explorer of :mod:`mlpbook.widgets` (whose JavaScript twins are tested equal to
these) and the chapter's hidden checks all compute the same numbers.

* :func:`confident_output`: a made-up output vector that gives a chosen share to the right
  digit and the rest to the others, adding up to 1 like a softmax output;
* :func:`output_costs`: the quadratic cost (the video's Σ(a − y)², and the ½ form mlpbook
  trains with) and the cross-entropy −ln a[label] of one output vector;
* :func:`cost_and_gradient_vs_output`: both costs and how hard each pushes on the right
  digit's weighted input, as that digit's output varies.

The costs themselves are computed by :mod:`mlpbook.reference`, the book's ground truth.
"""

from __future__ import annotations

import numpy as np

from . import reference

__all__ = ["confident_output", "output_costs", "cost_and_gradient_vs_output"]


def _digit(value, name, n_classes):
    """``value`` as a digit 0..n_classes-1, or a ValueError that names ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
            or not 0 <= value < n_classes:
        raise ValueError(f"{name} must be a whole number in 0..{n_classes - 1}, got {value!r}")
    return int(value)


def confident_output(label, confidence, rival=None, n_classes=10):
    """An output vector that gives ``confidence`` to digit ``label``.

    The rest, 1 − confidence, is spread evenly over the other digits, or given
    entirely to the digit ``rival``.  The entries add up to 1, as a softmax
    output's do.
    """
    label = _digit(label, "label", n_classes)
    if not 0.0 <= confidence <= 1.0:  # also False for NaN
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    if rival is not None:
        rival = _digit(rival, "rival", n_classes)
    if rival is None or rival == label:
        a = np.full(n_classes, (1.0 - confidence) / (n_classes - 1))
    else:
        a = np.zeros(n_classes)
        a[rival] = 1.0 - confidence
    a[label] = confidence
    return a


def output_costs(a, label):
    """The costs of one output vector ``a`` when the right digit is ``label``.

    Returns a dict with ``"quadratic"`` = Σ(a − y)² (the video's form, no ½),
    ``"quadratic_half"`` = ½Σ(a − y)² (what mlpbook trains with) and
    ``"cross_entropy"`` = −ln a[label], all computed with :mod:`mlpbook.reference`.
    """
    a = np.asarray(a, dtype=float)
    y = reference.one_hot(int(label), a.shape[-1])
    half = float(reference.cost_of_output(a, y, "quadratic"))
    return {"quadratic": 2.0 * half, "quadratic_half": half,
            "cross_entropy": float(reference.cost_of_output(a, y, "cross-entropy"))}


def cost_and_gradient_vs_output(a):
    """Cost and dC/dz of the right digit's output neuron, as its activation a varies.

    ``a`` (values in (0, 1)) is the output the network gives the right digit, whose
    desired output is 1.  Returns a dict of arrays shaped like ``a``:
    ``quadratic`` = (1 − a)², ``cross_entropy`` = −ln a, and their derivatives with
    respect to that neuron's weighted input z, ``quadratic_grad`` = 2(a − 1)σ′(z)
    (a sigmoid output) and ``cross_entropy_grad`` = a − 1 (a softmax output), from
    :func:`mlpbook.reference.output_error`.
    """
    a = np.asarray(a, dtype=float)
    z = np.log(a) - np.log1p(-a)  # the z with σ(z) = a
    one = np.ones_like(a)
    return {"quadratic": (1.0 - a) ** 2,
            "cross_entropy": -np.log(a),
            "quadratic_grad": 2.0 * reference.output_error(a, z, one, "quadratic"),
            "cross_entropy_grad": reference.output_error(a, z, one, "cross-entropy")}
