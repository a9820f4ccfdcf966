"""Exercises for chapter 2: the weighted sum, weight patterns, the bias as a threshold."""

import numpy as np

from .. import reference as _ref
from .core import (Exercise, ExerciseSet, Wrong, as_array, as_number,
                   expect_function, expect_number)


# --------------------------------------------------------------------------- q1


def _neuron_input(w, a, b):
    return float(np.dot(np.asarray(w, dtype=float), np.asarray(a, dtype=float)) + b)


def _q1_cases():
    rng = np.random.default_rng(202)
    cases = [(np.array([1.0, -2.0, 0.5]), np.array([0.2, 0.9, 1.0]), -0.3),
             (np.array([0.4, 0.1, -0.7, 2.0, -1.2]), np.array([1.0, 0.0, 0.5, 0.25, 0.8]), 1.5)]
    for n, b in ((16, -2.0), (784, 3.25)):
        cases.append((rng.normal(size=n), rng.random(n), b))
    return cases


def _diagnose_q1(got, expected, args):
    w, a, b = args
    dot = float(np.dot(w, a))
    value = float(got)
    if np.isclose(value, dot):
        return ("Your function returns the weighted sum w·a but forgot the bias: z = w·a + b.")
    if np.isclose(value, dot - b):
        return ("Your function subtracts the bias; the sign is wrong: z = w·a + b. (A bias "
                "of −10 already carries its minus sign.)")
    if np.isclose(value, dot + len(w) * b):
        return (f"The bias was added to every product w_i·a_i, so it counts {len(w)} times. "
                f"Add it once, after the sum: np.dot(w, a) + b.")
    if np.isclose(value, float(_ref.sigmoid(dot + b))):
        return ("You applied σ: that is the neuron's activation. This exercise asks for "
                "z = w·a + b, the number that goes *into* σ.")
    if np.isclose(value, float(np.mean(np.asarray(w) * np.asarray(a))) + b):
        return ("You took the mean of the products; the weighted sum adds them up "
                "(np.sum or np.dot).")
    return None


def _check_q1(func):
    if not callable(func):
        raise Wrong(f"Expected a function (def neuron_input(w, a, b): ...), got "
                    f"{type(func).__name__}.")
    expect_function(func, _q1_cases(), _neuron_input, diagnose=_diagnose_q1,
                    what="neuron_input")


q1 = Exercise(
    "q1", "The weighted sum plus bias of one neuron",
    statement=("""
Write `neuron_input(w, a, b)` which returns the number z = w₁a₁ + w₂a₂ + … + wₙaₙ + b
for a vector of weights `w`, a vector of activations `a` of the same length, and a bias `b`
(a number). Return a single number. For example
`neuron_input(np.array([1, -2, 0.5]), np.array([0.2, 0.9, 1.0]), -0.3)` is −1.4.
It is checked on hidden cases, up to 784 inputs long.
"""),
    checker=_check_q1,
    hints=[
        "Multiply each weight by its activation, add all the products, then add the bias once.",
        "With numpy: `np.dot(w, a)` (or `w @ a`, or `np.sum(w * a)`) is the weighted sum.",
    ],
    solution="""
    def neuron_input(w, a, b):
        return np.dot(w, a) + b

By hand for the example: 1·0.2 + (−2)·0.9 + 0.5·1.0 = −1.1, plus the bias −0.3
gives −1.4.
""",
    reference=_neuron_input,
    mistakes=[(lambda w, a, b: np.dot(w, a), "forgot the bias"),
              (lambda w, a, b: np.dot(w, a) - b, "sign"),
              (lambda w, a, b: np.sum(np.asarray(w) * np.asarray(a) + b), "every product")],
)

# --------------------------------------------------------------------------- q2
# Hidden digits drawn in the MNIST style (white ink on black, 28x28): thin, slanted 1s and
# upright 0s (ellipses) at a few positions, thicknesses and slants.


def _draw(points, thickness):
    """A 28x28 image of ink along the given (row, col) points, with soft edges."""
    rows, cols = np.mgrid[0:28, 0:28]
    grid = np.stack([rows.ravel(), cols.ravel()], axis=1).astype(float)
    d = np.sqrt(((grid[:, None, :] - points[None, :, :]) ** 2).sum(-1)).min(axis=1)
    return np.clip(thickness / 2 + 0.5 - d, 0, 1).reshape(28, 28)


def _one(col, slant, thickness, top=4, bottom=23):
    t = np.linspace(0, 1, 120)
    rows = top + (bottom - top) * t
    cols = col + slant * (t - 0.5)
    return _draw(np.stack([rows, cols], axis=1), thickness)


def _zero(col, ry, rx, thickness, row=13.5):
    t = np.linspace(0, 2 * np.pi, 240)
    return _draw(np.stack([row + ry * np.sin(t), col + rx * np.cos(t)], axis=1), thickness)


def _hidden_digits():
    ones = [_one(col, slant, th) for col, slant, th in
            ((13.5, 0, 2.0), (12.5, 3, 2.5), (14.5, -3, 2.0), (13.0, 1.5, 3.0), (14.0, -1, 1.6))]
    zeros = [_zero(col, ry, rx, th) for col, ry, rx, th in
             ((13.5, 9, 6, 2.5), (13.0, 8.5, 5, 2.0), (14.5, 9, 6.5, 3.0), (13.5, 8, 5.5, 2.2),
              (14.0, 9.5, 4.5, 2.0))]
    return np.array(ones), np.array(zeros)


def _sums(w, images):
    return images.reshape(len(images), -1) @ w.reshape(-1)


def _separates(w, ones, zeros):
    """With bias 0, the neuron fires (w·a > 0, so σ > 0.5) for every hidden 1 and for no 0."""
    return float(np.min(_sums(w, ones))) > 0 and float(np.max(_sums(w, zeros))) < 0


def _vertical_edge():
    w = np.zeros((28, 28))
    w[:, 12:16] = 1.0       # the strip where a 1 has its ink
    w[:, 9:12] = -1.0       # negative bands on both sides,
    w[:, 16:19] = -1.0      # where a 0 has its sides and a 1 has none
    return w


def _check_q2(answer):
    if callable(answer):
        raise Wrong("Expected an array of weights (28×28 or 784 numbers), not a function.")
    arr = as_array(answer, what="an array of weights")
    if arr.shape == (784,):
        arr = arr.reshape(28, 28)
    if arr.shape != (28, 28):
        raise Wrong(f"Expected 784 weights, shape (28, 28) or (784,); got shape {arr.shape}.")
    if not np.any(arr):
        raise Wrong("All your weights are 0, so the neuron's weighted sum is 0 for every digit: "
                    "give the weights of a vertical strip positive values.")
    ones, zeros = _hidden_digits()
    s_ones, s_zeros = _sums(arr, ones), _sums(arr, zeros)
    if _separates(arr, ones, zeros):
        return (f"On the hidden digits the weighted sums are {np.min(s_ones):.1f} to "
                f"{np.max(s_ones):.1f} for the 1s (σ > 0.5: the neuron fires) and "
                f"{np.min(s_zeros):.1f} to {np.max(s_zeros):.1f} for the 0s (σ < 0.5).")
    if np.ptp(arr) == 0:
        raise Wrong("All your weights are equal, so the neuron only measures how much ink there "
                    "is, and a 0 has more ink than a 1. Make the weights positive on a vertical "
                    "strip in the middle and negative around it.")
    if _separates(arr.T, ones, zeros):
        raise Wrong("Your pattern looks like a horizontal strip: it would work if it were "
                    "vertical. The ink of a 1 runs from top to bottom: put the strip in a "
                    "column range, w[:, a:b], not a row range (or use w.T).")
    if _separates(-arr, ones, zeros):
        raise Wrong("The sign is the wrong way round: your neuron prefers 0s. Swap positive and "
                    "negative weights: positive on the middle strip, negative around it.")
    if np.all(arr >= 0):
        raise Wrong("With only positive weights every bit of ink counts in favour, so the "
                    "neuron fires for 0s too (their weighted sums are positive). Make the "
                    "columns beside the strip negative, so the sides of a 0 count against it.")
    raise Wrong(f"On the hidden digits the weighted sums are "
                f"{np.min(s_ones):.1f} to {np.max(s_ones):.1f} for the 1s and "
                f"{np.min(s_zeros):.1f} to {np.max(s_zeros):.1f} for the 0s; every 1 needs a "
                f"sum above 0 and every 0 a sum below 0. Check where your strip is (a 1 sits "
                f"in the middle columns, about 12 to 15, and may lean a little) and how "
                f"strong the negative bands are.")


q2 = Exercise(
    "q2", "A vertical edge detector that fires for 1s, not 0s",
    statement=("""
Build the 784 weights of a neuron, as a numpy array `w` of shape (28, 28), so that the neuron
responds to a 1 but not to a 0: with bias 0, its activation σ(w·a) must be above 0.5 (it
fires) for every hidden 1 and below 0.5 for every hidden 0. The hidden digits are 28×28
drawings in the MNIST style (white ink on black, centred): upright or slightly slanted 1s,
and 0s. Use a vertical edge detector: positive weights on a vertical strip, negative weights
around it.
"""),
    checker=_check_q2,
    hints=[
        "A 1 is a vertical stroke through the middle columns; a 0 is a ring whose sides are "
        "a few columns to the left and right of the middle, with an empty middle.",
        "Start from `w = np.zeros((28, 28))`, set `w[:, 12:16] = 1` (the strip) and give the "
        "three columns on each side of it negative weights.",
    ],
    solution="""
    w = np.zeros((28, 28))
    w[:, 12:16] = 1.0      # positive strip in the middle columns
    w[:, 9:12] = -1.0      # negative band on the left
    w[:, 16:19] = -1.0     # negative band on the right

A 1 puts most of its ink on the positive strip: a large weighted sum. A 0 puts its
sides on the negative bands and has nothing in the middle except its top and bottom arcs,
which cross the negative bands too: a small or negative sum.
Try it on the real test digits too: with sums = neuron.weighted_sums(w, data.test_images),
compare sums[data.test_labels == 1].mean() with sums[data.test_labels == 0].mean().
""",
    reference=_vertical_edge(),
    mistakes=[(_vertical_edge().T, "horizontal"), (-_vertical_edge(), "sign"),
              (np.ones((28, 28)), "equal"), (np.zeros((28, 28)), "all your weights are 0"),
              (np.clip(_vertical_edge(), 0, None), "only positive weights")],
)

# --------------------------------------------------------------------------- q3
_Q3_THRESHOLD = 10


def _check_q3(answer):
    expect_number(answer, -_Q3_THRESHOLD, abs_tol=1e-9, mistakes=[
        (_Q3_THRESHOLD, "Check the sign: with b = +10 the neuron fires when the weighted sum is "
                        "above −10, not above 10. The bias must cancel the first 10 of the sum: "
                        "σ(s + b) > 0.5 exactly when s + b > 0."),
        (0, "With b = 0 the neuron fires as soon as the weighted sum is above 0 (σ(0) = 0.5). "
            "Move that threshold up to 10 with the bias."),
        (0.5, "The 0.5 is the activation at the threshold, not the bias: σ(z) > 0.5 exactly "
              "when z > 0, so you need s + b > 0 exactly when s > 10."),
        (-0.5, "The 0.5 is the activation at the threshold, not the bias: σ(z) > 0.5 exactly "
               "when z > 0, so you need s + b > 0 exactly when s > 10."),
    ])


q3 = Exercise(
    "q3", "A bias for a threshold",
    statement=("""
A neuron computes σ(s + b), where s = w₁a₁ + … + wₙaₙ is its weighted sum and b its bias.
We want it to fire (activation above 0.5) only when the weighted sum s is above 10.
Which bias b does that? Give a number.
"""),
    checker=_check_q3,
    hints=[
        "σ(z) is above 0.5 exactly when z is above 0 (σ(0) = 0.5).",
        "You need s + b > 0 to mean the same as s > 10.",
    ],
    solution="""
b = −10: then s + b = s − 10 > 0 exactly when s > 10, so σ(s − 10) > 0.5 exactly when s > 10.

    from mlpbook.reference import sigmoid
    sigmoid(9.9 - 10), sigmoid(10.1 - 10)     # just below and just above one half
""",
    reference=-_Q3_THRESHOLD,
    mistakes=[(_Q3_THRESHOLD, "sign"), (0, "threshold"), (0.5, "not the bias")],
)

# --------------------------------------------------------------------------- q4
_Q4_IN, _Q4_OUT = 784, 30


def _check_q4(answer):
    weights, biases = _Q4_IN * _Q4_OUT, _Q4_OUT
    expect_number(answer, weights + biases, what="a whole number", mistakes=[
        (weights, "You counted the weights but forgot the biases: each of the 30 neurons has "
                  "one bias too."),
        (_Q4_IN + _Q4_OUT, "Each of the 30 neurons has its own 784 weights, one per input "
                           "(one weight per connection), so multiply."),
        (weights + _Q4_IN, "There is one bias per neuron of the layer (30), not one per input "
                           "(784)."),
        (_Q4_IN + 1, "That is one neuron (784 weights and 1 bias); the layer has 30 of them."),
        (weights + biases + _Q4_IN, "The inputs have no biases: only the 30 neurons of the "
                                    "layer do."),
    ])
    if as_number(answer) != int(as_number(answer)):
        raise Wrong("A parameter count is a whole number.")


q4 = Exercise(
    "q4", "Parameters of a layer of 30 neurons",
    statement=("""
A layer of 30 neurons reads all 784 pixels of an MNIST image: every one of the 30 neurons has
one weight per pixel and one bias. How many weights and biases (parameters) does the layer
have in all? Give a whole number.
"""),
    checker=_check_q4,
    hints=[
        "One neuron has 784 weights and 1 bias.",
        "The layer has 30 such neurons: 30 · (784 + 1).",
    ],
    solution="""
784 · 30 = 23,520 weights plus 30 biases = 23,550 parameters; in numpy the weights form a
matrix of shape (30, 784) and the biases a vector of shape (30,).
""",
    reference=_Q4_IN * _Q4_OUT + _Q4_OUT,
    mistakes=[(_Q4_IN * _Q4_OUT, "forgot the biases"), (_Q4_IN + _Q4_OUT, "multiply"),
              (_Q4_IN * _Q4_OUT + _Q4_IN, "one bias per neuron")],
)

# --------------------------------------------------------------------------- q5
# The digit whose test images give the loop pattern (mlpbook.neuron.weight_pattern("loop"))
# the largest mean weighted sum, and the smallest. Computed on MNIST's 10,000 test images;
# chapter 2 asserts both, so they cannot drift from the data.
Q5_LARGEST = 0
Q5_SMALLEST = 1


def _check_q5(answer):
    value = as_number(answer, "a digit from 0 to 9")
    expect_number(value, Q5_LARGEST, what="a digit from 0 to 9", mistakes=[
        (8, "An 8 has two loops, but each is small and sits above or below the middle; its "
            "crossing lands in the ring's negative hole. Compute the means and see."),
        (Q5_SMALLEST, "That is the digit with the *smallest* mean: a 1 puts its ink right in "
                      "the negative hole. Which digit has the largest?"),
        (6, "A 6 has a loop, but a small one in its lower half. Compute the means per digit."),
        (9, "A 9 has a loop, but a small one in its upper half. Compute the means per digit."),
    ])


q5 = Exercise(
    "q5", "Which digit lights up the loop detector?",
    statement=("""
An experiment. The weight pattern `neuron.weight_pattern("loop")` (from `mlpbook import
neuron`) is a ring of positive weights around a hole of negative weights in the middle of the
image. Compute its weighted sum for each of the 10,000 test images
(`neuron.weighted_sums(w, data.test_images)`), then the mean for each digit 0–9
(use `data.test_labels`). Which digit has the largest mean? Give the digit.
"""),
    checker=_check_q5,
    hints=[
        "`sums[data.test_labels == d].mean()` is the mean over the test images of digit d.",
        "`np.argmax([sums[data.test_labels == d].mean() for d in range(10)])`.",
    ],
    solution="""
    w = neuron.weight_pattern("loop")
    sums = neuron.weighted_sums(w, data.test_images)
    means = [sums[data.test_labels == d].mean() for d in range(10)]
    int(np.argmax(means))      # 0

A 0 is one big loop that fills the ring. An 8 or a 9 has loops too, but smaller ones and
off-centre, so they miss the ring: one fixed weight pattern is a detector of one shape in
one place, not of "loops" in general.
""",
    reference=Q5_LARGEST,
    mistakes=[(8, "two loops"), (Q5_SMALLEST, "smallest"), (6, "small one")],
)

EXERCISES = ExerciseSet("Chapter 2", [q1, q2, q3, q4, q5])
progress = EXERCISES.progress
