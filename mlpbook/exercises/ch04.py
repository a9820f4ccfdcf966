"""Exercises for chapter 4: the cost of the network.

Convention: these exercises use the video's quadratic cost of one image,
C = Σ_j (a_j − y_j)², without the ½ that mlpbook's training code puts in front
(the ½ only tidies the derivative).  An answer that is off by exactly that ½
gets a message saying so.
"""

import numpy as np

from .. import reference
from .core import (Exercise, ExerciseSet, Wrong, expect_function,
                   expect_number)


def _one_hot(label, n=10):
    return reference.one_hot(int(label), n)


# ---------------------------------------------------------------------- q1: one image
_Q1_OUTPUT = np.array([0.05, 0.10, 0.02, 0.30, 0.01, 0.08, 0.02, 0.62, 0.04, 0.20])
_Q1_LABEL = 7
_Q1_Y = _one_hot(_Q1_LABEL)
_Q1_ANSWER = float(np.sum((_Q1_OUTPUT - _Q1_Y) ** 2))
_Q1_MISTAKES = [
    (float(np.sum(_Q1_OUTPUT - _Q1_Y)),
     "You forgot to square the differences: without the square, outputs that are too high "
     "and too low cancel out. Square each difference, then add."),
    (float(np.sum(np.abs(_Q1_OUTPUT - _Q1_Y))),
     "That adds the absolute differences; this cost adds their squares. Square each "
     "difference, then add."),
    (float(np.sum((_Q1_OUTPUT - _Q1_LABEL) ** 2)),
     "You compared each output with the label digit 7 itself. The desired output is the "
     "one-hot vector: 1 at position 7, 0 at the other nine positions."),
    (0.5 * _Q1_ANSWER,
     "That is exactly half the answer: you used the ½ convention mlpbook uses for training. "
     "This exercise asks for the video's cost, the plain sum without the ½."),
    (float((_Q1_OUTPUT[_Q1_LABEL] - 1.0) ** 2),
     "That is only the term of the right digit. The cost adds up all ten outputs: the "
     "wrong digits should be 0, and every bit of activation there costs too."),
    (float(np.mean((_Q1_OUTPUT - _Q1_Y) ** 2)),
     "That is the mean over the ten outputs; the cost of one image is their sum."),
]


def _check_q1(answer):
    expect_number(answer, _Q1_ANSWER, rel=1e-4, abs_tol=1e-6, mistakes=_Q1_MISTAKES)


q1 = Exercise(
    "q1", "The cost of one image",
    statement="""
For an image of a 7, the network's 10 output activations (for the digits 0 to 9) are

    a = np.array([0.05, 0.10, 0.02, 0.30, 0.01, 0.08, 0.02, 0.62, 0.04, 0.20])

Compute the cost of this one image as in the video: the sum over the ten outputs of the squared difference between the output and the desired output, Σ_j (a_j − y_j)² (no ½ in front). Check a single number.
""",
    checker=_check_q1,
    hints=[
        "The desired output y is one-hot: np.zeros(10) with y[7] = 1.",
        "np.sum((a - y) ** 2)",
    ],
    solution="""
    y = np.zeros(10); y[7] = 1.0
    cost = np.sum((a - y) ** 2)      # 0.2958

The right digit contributes (0.62 − 1)² = 0.1444; the nine wrong digits add the squares
of their activations, 0.1514 in all.
""",
    reference=_Q1_ANSWER,
    mistakes=[(value, phrase) for value, phrase in zip(
        [m[0] for m in _Q1_MISTAKES],
        ["square", "squares", "one-hot", "without the ½", "all ten outputs", "sum"])],
)


# ---------------------------------------------------------------------- q2: mean over a batch
def _mean_cost(outputs, labels):
    outputs = np.asarray(outputs, dtype=float)
    Y = reference.one_hot(np.asarray(labels), outputs.shape[1])
    return float(np.mean(np.sum((outputs - Y) ** 2, axis=1)))


def _summed_cost(outputs, labels):
    Y = reference.one_hot(np.asarray(labels), outputs.shape[1])
    return float(np.sum((outputs - Y) ** 2))


def _half_cost(outputs, labels):
    return 0.5 * _mean_cost(outputs, labels)


def _mean_of_entries(outputs, labels):
    Y = reference.one_hot(np.asarray(labels), outputs.shape[1])
    return float(np.mean((outputs - Y) ** 2))


def _q2_cases():
    rng = np.random.default_rng(4)
    cases = []
    for n in (5, 3, 8):
        outputs = np.round(rng.random((n, 10)), 3)
        labels = rng.integers(0, 10, n)
        cases.append((outputs, labels))
    return cases


def _diagnose_q2(got, expected, args):
    outputs, labels = args
    n = len(labels)
    if not np.isfinite(got) or expected == 0:
        return None
    ratio = float(got / expected)
    if np.isclose(ratio, n):
        return ("You added up the costs of the images instead of averaging them: divide by "
                "the number of images. The cost of the network is the average, so it does not "
                "grow with the size of the data set.")
    if np.isclose(ratio, 0.5):
        return ("That is exactly half the answer: you used the ½ convention. Here the cost of "
                "one image is the video's Σ (a − y)² without the ½.")
    if np.isclose(ratio, 0.1):
        return ("np.mean over the whole (n, 10) array divides by n × 10, averaging over the ten "
                "outputs too. Sum over the outputs of each image (axis=1) first, then average "
                "over the images.")
    by_digit = np.mean(np.sum((outputs - labels[:, None]) ** 2, axis=1))
    if np.isclose(got, by_digit):
        return ("You compared the outputs with the label digits themselves; compare them with "
                "the one-hot desired outputs (1 at the label's position, 0 elsewhere).")
    return None


def _check_q2(func):
    try:
        expect_function(func, _q2_cases(), _mean_cost, diagnose=_diagnose_q2,
                        what="your mean_cost", rtol=1e-6)
    except Wrong as wrong:
        if "shape" in str(wrong) and "but shape () is expected" in str(wrong):
            raise Wrong(f"{wrong} Return one number: the average of the per-image costs.") \
                from None
        raise


q2 = Exercise(
    "q2", "The cost of the network: an average",
    statement="""
Write `mean_cost(outputs, labels)`: `outputs` has one row of 10 output activations per image (shape (n, 10)), `labels` holds the n right digits (integers). Return one number: the average over the n images of each image's cost Σ_j (a_j − y_j)² (the video's form, no ½).

It is checked on batches you do not see.
""",
    checker=_check_q2,
    hints=[
        "Build the one-hot desired outputs: Y = np.zeros_like(outputs); "
        "Y[np.arange(len(labels)), labels] = 1 (or mlpbook.reference.one_hot(labels, 10)).",
        "Per image: np.sum((outputs - Y) ** 2, axis=1); then take the mean of those n numbers.",
    ],
    solution="""
    def mean_cost(outputs, labels):
        Y = np.zeros_like(outputs)
        Y[np.arange(len(labels)), labels] = 1.0
        per_image = np.sum((outputs - Y) ** 2, axis=1)
        return per_image.mean()

`net.mean_cost(X, y)` does the same, with the ½ of mlpbook's convention.
""",
    reference=_mean_cost,
    mistakes=[(_summed_cost, "instead of averaging"),
              (_half_cost, "without the ½"),
              (_mean_of_entries, "divides by n × 10")],
)


# ---------------------------------------------------------------------- q3: cross-entropy
def _cross_entropy(a, label):
    return float(-np.log(np.asarray(a, dtype=float)[int(label)]))


def _ce_no_minus(a, label):
    return float(np.log(a[label]))


def _ce_argmax(a, label):
    return float(-np.log(a[np.argmax(a)]))


def _ce_log10(a, label):
    return float(-np.log10(a[label]))


def _ce_all_entries(a, label):
    return float(-np.sum(np.log(a)))


def _q3_cases():
    rng = np.random.default_rng(5)
    cases = []
    for label in (2, 7, 0):
        a = reference.softmax(rng.normal(0.0, 2.0, 10))
        if np.argmax(a) == label:  # make sure the brightest output is a wrong digit
            a = np.roll(a, 1)
        cases.append((a, label))
    return cases


def _diagnose_q3(got, expected, args):
    a, label = args
    if np.isclose(got, -expected):
        return ("Missing minus sign: ln of a probability is negative, and a cost should be "
                "positive. The cross-entropy is −ln a[label].")
    if np.isclose(got, expected / np.log(10)):
        return "That is log base 10; use the natural log, np.log."
    if np.isclose(got, -np.sum(np.log(a))):
        return ("You added −ln over all ten outputs. With a one-hot desired output only the "
                "right digit's entry counts: −ln a[label].")
    for k in range(len(a)):
        if k != label and np.isclose(got, -np.log(a[k])):
            which = "the brightest output" if k == np.argmax(a) else f"entry {k}"
            return (f"You took the log of the wrong entry ({which}). Use the output of the "
                    f"right digit: −ln a[label], here label = {label}.")
    return None


def _check_q3(func):
    expect_function(func, _q3_cases(), _cross_entropy, diagnose=_diagnose_q3,
                    what="your cross_entropy")


q3 = Exercise(
    "q3", "Cross-entropy of a softmax output",
    statement="""
A softmax output layer gives 10 positive numbers that add up to 1, read as the network's probabilities for the digits 0 to 9. Write `cross_entropy(a, label)` that returns the cross-entropy cost of one image: minus the natural log of the probability given to the right digit `label`. Return one number.

It is checked on outputs you do not see.
""",
    checker=_check_q3,
    hints=[
        "Only one entry of a matters: a[label].",
        "return -np.log(a[label])",
    ],
    solution="""
    def cross_entropy(a, label):
        return -np.log(a[label])

The general formula −Σ_j y_j ln a_j reduces to this because the one-hot y is 0 except
at the label. A confident right answer (a[label] near 1) costs almost nothing; a confident
wrong one (a[label] near 0) costs a lot.
""",
    reference=_cross_entropy,
    mistakes=[(_ce_no_minus, "minus sign"),
              (_ce_argmax, "wrong entry"),
              (_ce_log10, "natural log"),
              (_ce_all_entries, "only the right digit")],
)


# ---------------------------------------------------------------------- q4: an experiment
# Every output 0.2: the right digit's term (0.2 − 1)² = 0.64 and the nine wrong digits'
# 9 × 0.2² = 0.36 differ from each other and from every other typical mistake, so each
# mistake below gets its own feedback.  (With 0.1 everywhere, "only the nine wrong digits",
# 9 × 0.01, and "averaged over the ten outputs", 0.9 / 10, were both 0.09.)
_Q4_OUTPUT = 0.2
_Q4_RIGHT_TERM = (_Q4_OUTPUT - 1.0) ** 2
_Q4_WRONG_TERMS = 9 * _Q4_OUTPUT ** 2
_Q4_ANSWER = _Q4_RIGHT_TERM + _Q4_WRONG_TERMS
_Q4_MISTAKES = [
    (_Q4_ANSWER / 2, "That is half the answer: use the video's cost, without the ½."),
    (_Q4_RIGHT_TERM, "0.64 is only the right digit's term (0.2 − 1)². The nine wrong digits "
                     "each add (0.2 − 0)² too."),
    (_Q4_WRONG_TERMS, "0.36 is only the nine wrong digits' terms, 9 × 0.2²; the right digit "
                      "adds (0.2 − 1)² too."),
    (60_000 * _Q4_ANSWER, "That is the total over all images; the cost of the network is "
                          "the average, not the sum."),
    (_Q4_ANSWER / 10, "You averaged over the ten outputs as well; the cost of one image "
                      "is the sum over its outputs, then average over the images."),
]


def _check_q4(answer):
    expect_number(answer, _Q4_ANSWER, rel=1e-3, mistakes=_Q4_MISTAKES)
    return ("Right: every image costs (0.2 − 1)² + 9 × 0.2² = 0.64 + 0.36 = 1.0, whatever digit "
            "it shows, so the average is 1.0 too. Compare it with the random network's cost in "
            "this chapter: a network that knows nothing but outputs 0.2 everywhere scores better "
            "than one that shouts random nonsense.")


q4 = Exercise(
    "q4", "A network that always says 0.2",
    statement="""
Imagine a lazy network that ignores its input and sets every one of its 10 output activations to 0.2 for every image. What is its cost, the average over all 60,000 training images of Σ_j (a_j − y_j)² (the video's form, no ½)?

You can reason it out, or compute it with `np.full((60_000, 10), 0.2)` and the training labels. Check a single number.
""",
    checker=_check_q4,
    hints=[
        "Every image has one right digit, whose desired output is 1, and nine wrong ones, "
        "whose desired output is 0.",
        "One image costs (0.2 − 1)² + 9 × (0.2 − 0)²; does it depend on which digit it is?",
    ],
    solution="""
Each image costs (0.2 − 1)² + 9 × 0.2² = 0.64 + 0.36 = 1.0, whichever digit it shows, so
the average over 60,000 images is 1.0 as well. In code:

    outputs = np.full((60_000, 10), 0.2)
    Y = np.eye(10)[data.train_labels]
    np.mean(np.sum((outputs - Y) ** 2, axis=1))     # 1.0
""",
    reference=_Q4_ANSWER,
    mistakes=[(value, phrase) for value, phrase in zip(
        [m[0] for m in _Q4_MISTAKES],
        ["without the ½", "only the right digit", "only the nine wrong digits",
         "average, not the sum", "averaged over the ten outputs"])],
)

EXERCISES = ExerciseSet("Chapter 4", [q1, q2, q3, q4])
progress = EXERCISES.progress
