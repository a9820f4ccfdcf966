"""The cost of one output vector, for chapter 4: what the network gave against what it should.

Pure functions only (no plotting, no widgets), so the static figures of :mod:`mlpbook.viz`,
the cost explorer of :mod:`mlpbook.widgets` (whose JavaScript twins are tested equal to
these) and the chapter's hidden checks all compute the same numbers.

* :func:`confident_output`: a made-up output vector that gives a chosen share to the right
  digit and the rest to the others, adding up to 1 like a softmax output;
* :func:`output_costs`: the quadratic cost (the video's Σ(a − y)², and the ½ form mlpbook
  trains with) and the cross-entropy −ln a[label] of one output vector;
* :func:`cost_and_gradient_vs_output`: both costs and how hard each pushes on the right
  digit's weighted input, as that digit's output varies;
* :func:`report`, :func:`image_report`, :func:`answers_report`: the chapter's numbers with
  their words, in the reader's language (printable :class:`mlpbook.i18n.Lines`).

The costs themselves are computed by :mod:`mlpbook.engine.reference`, the book's ground truth.
"""

from __future__ import annotations

import numpy as np

from ..engine import reference
from ..engine._report import Report, Table, formatted, report as _report
from ..i18n import Lines, T

__all__ = ["confident_output", "output_costs", "cost_and_gradient_vs_output", "report",
           "image_report", "answers_report"]


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
    ``"cross_entropy"`` = −ln a[label], all computed with :mod:`mlpbook.engine.reference`.
    """
    a = np.asarray(a, dtype=float)
    y = reference.one_hot(int(label), a.shape[-1])
    half = float(reference.cost_of_output(a, y, "quadratic"))
    return {"quadratic": 2.0 * half, "quadratic_half": half,
            "cross_entropy": float(reference.cost_of_output(a, y, "cross-entropy"))}


def cost_and_gradient_vs_output(a, half=False):
    """Cost and dC/dz of the right digit's output neuron, as its activation a varies.

    ``a`` (values in (0, 1)) is the output the network gives the right digit, whose
    desired output is 1.  Returns a dict of arrays shaped like ``a``:
    ``quadratic`` = (1 − a)², ``cross_entropy`` = −ln a, and their derivatives with
    respect to that neuron's weighted input z, ``quadratic_grad`` = 2(a − 1)σ′(z)
    (a sigmoid output) and ``cross_entropy_grad`` = a − 1 (a softmax output), from
    :func:`mlpbook.engine.reference.output_error`.  With ``half=True`` the quadratic cost is
    mlpbook's ½(1 − a)², whose derivative is (a − 1)σ′(z): the output error δ of
    chapter 6's BP1.
    """
    a = np.asarray(a, dtype=float)
    z = np.log(a) - np.log1p(-a)  # the z with σ(z) = a
    one = np.ones_like(a)
    factor = 1.0 if half else 2.0
    return {"quadratic": factor / 2.0 * (1.0 - a) ** 2,
            "cross_entropy": -np.log(a),
            "quadratic_grad": factor * reference.output_error(a, z, one, "quadratic"),
            "cross_entropy_grad": reference.output_error(a, z, one, "cross-entropy")}


# ---------------------------------------------------------------------- the chapter's words
#: What :func:`report` can print: key -> (label, format). Costs are the video's Σ(a − y)²
#: unless the label says ½.
_WORDS = {
    "label": (T("label", "标签"), "{}"),
    "desired": (T("desired output y", "期望输出 y"), "{:.0f}"),
    "output": (T("output a", "输出 a"), "{:.2f}"),
    "video": (T("the video's cost Σ(a − y)²", "视频中的代价 Σ(a − y)²"), "{:.4f}"),
    "mlpbook": (T("mlpbook's cost ½Σ(a − y)²", "mlpbook 的代价 ½Σ(a − y)²"), "{:.4f}"),
    "ratio": (T("ratio", "两者之比"), "{:.1f}"),
    "random": (T("cost of the random network", "随机网络的代价"), "{:.3f}"),
    "trained": (T("cost after one pass over 10,000 images",
                  "在 10,000 张图像上训练一遍后的代价"), "{:.3f}"),
    "before": (T("cost before", "调整之前的代价"), "{:.4f}"),
    "one_bias_lower": (T("cost after lowering one bias by 1", "把一个偏置降低 1 之后的代价"),
                       "{:.4f}"),
    "outputs_sum": (T("the outputs add up to", "输出之和"), "{:.4f}"),
    "p_right": (T("probability of the right digit", "正确数字的概率"), "{:.3f}"),
    "cross_entropy_image": (T("cross-entropy of this image", "这张图像的交叉熵"), "{:.3f}"),
    "cross_entropy_network": (T("cross-entropy of the network", "整个网络的交叉熵"), "{:.3f}"),
    "ln10": (T("ln 10", "ln 10"), "{:.3f}"),
}


def report(**values):
    """Chapter 4's numbers with their words: ``cost.report(random=2.61, trained=0.35)``.

    Each keyword names one quantity of the chapter (see ``_WORDS`` for the list: ``video``
    and ``mlpbook`` for the two conventions, ``random`` and ``trained`` for the two
    networks, ``p_right`` for the probability of the right digit, ...); the values are
    printed with its label in the reader's language, in the order given.
    """
    return _report(_WORDS, values)


def image_report(a, label):
    """One image's output against the desired one, and its cost split into its two parts.

    ``a`` is the network's 10 outputs, ``label`` the right digit. The cost is the video's
    Σ(a − y)²: the term of the right digit plus the terms of the nine others.
    """
    a = np.asarray(a, dtype=float)
    label = _digit(label, "label", a.size)
    y = reference.one_hot(label, a.size)
    total = float(np.sum((a - y) ** 2))
    right = float((a[label] - 1.0) ** 2)
    split = T("{total:.3f} = {right:.3f} (the right digit) + {rest:.3f} (the nine others)",
              "{total:.3f} = {right:.3f}（正确数字）+ {rest:.3f}（其余九个数字）").format(
        total=total, right=right, rest=total - right)
    return Report([(_WORDS["output"][0], formatted(a, "{:.2f}")),
                   (_WORDS["desired"][0], formatted(y, "{:.0f}")),
                   (T("cost of this image", "这张图像的代价"), split)])


def answers_report(predictions, labels):
    """How right a network's answers are and how often it gives each digit.

    ``predictions`` and ``labels`` are arrays of digits, one per image. Prints the accuracy
    and a table of how many times each digit is the answer (and the right answer).
    """
    predictions = np.asarray(predictions)
    labels = np.asarray(labels)
    if predictions.shape != labels.shape or predictions.ndim != 1:
        raise ValueError(f"predictions and labels must be two lists of the same length; got "
                         f"shapes {predictions.shape} and {labels.shape}")
    n = max(10, int(predictions.max(initial=0)) + 1, int(labels.max(initial=0)) + 1)
    answered = np.bincount(predictions, minlength=n)
    right = np.bincount(labels, minlength=n)
    accuracy = Report([(T("accuracy", "准确率"), f"{np.mean(predictions == labels):.2%}")])
    table = Table([T("digit", "数字")] + [str(d) for d in range(n)],
                  [[T("answered", "作为答案的次数")] + [str(c) for c in answered],
                   [T("right answer", "作为正确答案的次数")] + [str(c) for c in right]])
    return Lines([accuracy, table])
