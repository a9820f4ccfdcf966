"""Exercises for chapter 7: training on MNIST, reading a confusion matrix."""

import numpy as np

from .core import (Exercise, ExerciseSet, Wrong, as_number,
                   expect_function, expect_number)

# ---------------------------------------------------------------------- q1
# Hidden cases: rows of different sizes, so accuracy, error rate and the mean of the
# per-digit accuracies all differ.
_Q1_CASES = [
    (np.array([[50, 2, 3], [4, 30, 6], [1, 9, 95]]),),
    (np.array([[8, 2], [5, 85]]),),
    (np.array([[970, 0, 1, 1, 0, 2, 3, 1, 2, 0],
               [0, 1120, 3, 2, 0, 1, 3, 1, 5, 0],
               [6, 2, 985, 8, 5, 1, 5, 10, 9, 1],
               [0, 0, 6, 975, 0, 10, 0, 8, 7, 4],
               [1, 0, 4, 0, 950, 0, 6, 2, 2, 17],
               [3, 1, 0, 14, 2, 855, 7, 2, 5, 3],
               [6, 3, 2, 1, 4, 6, 932, 0, 4, 0],
               [1, 7, 11, 4, 2, 0, 0, 988, 2, 13],
               [4, 1, 4, 10, 5, 8, 4, 5, 929, 4],
               [4, 6, 0, 8, 15, 4, 1, 9, 4, 958]]),),
    (np.array([[3, 1, 0, 0], [0, 40, 2, 1], [1, 0, 7, 2], [0, 3, 0, 12]]),),
]


def _accuracy_from_confusion(m):
    """Correct answers are on the diagonal; every image is counted once in the matrix."""
    m = np.asarray(m)
    return np.trace(m) / m.sum()


def _error_rate(m):
    return 1 - _accuracy_from_confusion(m)


def _mean_per_digit(m):
    m = np.asarray(m)
    return np.mean(np.diag(m) / m.sum(axis=1))


def _correct_count(m):
    return np.trace(np.asarray(m))


def _divided_by_one_line(m, value):
    """Whether value is the trace divided by a single row or column sum."""
    m = np.asarray(m)
    if not value > 0:
        return False
    sums = np.concatenate([m.sum(axis=0), m.sum(axis=1)])
    return bool(np.any(np.isclose(np.trace(m) / value, sums)))


def _q1_diagnose(got, expected, args):
    (m,) = args
    g = float(got)
    if np.isclose(g, _error_rate(m)):
        return ("You computed the share of the OFF-diagonal entries: that is the error rate, "
                "the fraction of mistakes. Accuracy counts the diagonal.")
    if np.isclose(g, _mean_per_digit(m)):
        return ("You averaged the per-digit accuracies (diagonal / row sum, row by row). Rows "
                "hold different numbers of images, so that average weighs a rare digit as much "
                "as a common one; the accuracy divides the whole diagonal by ALL images.")
    if np.isclose(g, _correct_count(m)):
        return ("That is the count of correct answers; divide it by the number of images (the "
                "sum of every entry) to get a fraction.")
    if np.isclose(g, 100 * float(expected)):
        return "That is a percentage; return the accuracy as a fraction between 0 and 1."
    if _divided_by_one_line(m, g):
        return ("You divided by a single row sum; divide by the total of the whole matrix "
                "(every image appears in exactly one cell).")
    return None


def _check_q1(func):
    expect_function(func, _Q1_CASES, _accuracy_from_confusion, diagnose=_q1_diagnose,
                    what="accuracy_from_confusion")


q1 = Exercise(
    "q1", "Accuracy from a confusion matrix",
    statement="""
Write `accuracy_from_confusion(m)`: given a confusion matrix `m` (a square numpy array of counts,
row = true digit, column = predicted digit), return the accuracy as a fraction between 0 and 1.
It is checked on several hidden matrices, where digits have different numbers of images.
""",
    checker=_check_q1,
    hints=[
        "Each image is counted in exactly one cell: the row of its true digit, the column of "
        "the network's answer. Which cells are the correct answers?",
        "The correct answers are on the diagonal: `np.trace(m)`; the number of images is "
        "`m.sum()`.",
    ],
    solution="""
    def accuracy_from_confusion(m):
        m = np.asarray(m)
        return np.trace(m) / m.sum()

The diagonal counts the images whose prediction equals their label; the sum of all cells is
the number of images. (The off-diagonal share is the error rate, 1 - accuracy.)
""",
    reference=_accuracy_from_confusion,
    mistakes=[(_error_rate, "error rate"),
              (_mean_per_digit, "per-digit"),
              (_correct_count, "count of correct answers")],
)

# ---------------------------------------------------------------------- q2
#: A confusion matrix (rows: true digit, columns: predicted digit) for q2.
CONFUSION = np.array([
    [968, 0, 1, 1, 0, 3, 4, 1, 2, 0],
    [0, 1119, 3, 2, 0, 1, 4, 1, 5, 0],
    [7, 3, 981, 9, 4, 1, 6, 8, 12, 1],
    [1, 0, 5, 976, 0, 11, 0, 7, 7, 3],
    [1, 0, 4, 0, 948, 0, 7, 2, 3, 17],
    [3, 1, 0, 13, 2, 857, 8, 1, 5, 2],
    [7, 3, 2, 1, 5, 6, 931, 0, 3, 0],
    [1, 6, 22, 3, 3, 0, 0, 975, 3, 15],
    [5, 2, 4, 9, 5, 7, 5, 6, 927, 4],
    [5, 6, 1, 8, 16, 4, 1, 6, 4, 958],
])
_Q2_TRUE, _Q2_PRED = 7, 2  # the largest off-diagonal count: 22 sevens called 2


def _pair(answer):
    if isinstance(answer, (str, bytes, dict, set)) or callable(answer):
        raise Wrong(f"Expected a pair of digits such as (3, 5), got {type(answer).__name__}.")
    try:
        values = [as_number(v, "a digit") for v in np.asarray(answer, dtype=object).ravel()]
    except TypeError:
        raise Wrong(f"Expected a pair of digits such as (3, 5), got {answer!r}.") from None
    if len(values) == 3 and values[2] == CONFUSION[_Q2_TRUE, _Q2_PRED]:
        values = values[:2]  # (true, predicted, count) is fine too
    if len(values) != 2:
        raise Wrong(f"Expected two numbers, (true digit, predicted digit); got {len(values)}.")
    if any(v != int(v) or not 0 <= v <= 9 for v in values):
        raise Wrong("Both entries must be digits from 0 to 9: (true digit, predicted digit).")
    return int(values[0]), int(values[1])


def _check_q2(answer):
    true, pred = _pair(answer)
    if (true, pred) == (_Q2_TRUE, _Q2_PRED):
        return (f"Yes: {CONFUSION[true, pred]} images of a {true} were called {pred} (and only "
                f"{CONFUSION[pred, true]} the other way round).")
    if (true, pred) == (_Q2_PRED, _Q2_TRUE):
        raise Wrong("Right pair, wrong order: rows are the true digits and columns the "
                    "predictions, so the cell in row i, column j counts true i called j.")
    if true == pred:
        raise Wrong("That cell is on the diagonal: it counts correct answers, not confusions.")
    both = CONFUSION + CONFUSION.T
    np.fill_diagonal(both, 0)
    if both[true, pred] == both.max():
        raise Wrong(f"{true} and {pred} are confused most often if you add both directions "
                    f"({CONFUSION[true, pred]} + {CONFUSION[pred, true]}), but the question is "
                    f"about one direction: the largest single cell off the diagonal.")
    raise Wrong(f"The cell (true {true}, predicted {pred}) holds {CONFUSION[true, pred]}; "
                f"there is a larger count off the diagonal. Try np.fill_diagonal on a copy "
                f"and np.argmax.")


q2 = Exercise(
    "q2", "The most frequent confusion",
    statement="""
`ex.CONFUSION` is the confusion matrix of a network on the 10,000 test images (row = true
digit, column = predicted digit). Which mistake does it make most often? Answer with the pair
`(true_digit, predicted_digit)`, in that order.
""",
    checker=_check_q2,
    hints=[
        "The diagonal holds the correct answers: blank it out first, on a copy "
        "(`m = ex.CONFUSION.copy(); np.fill_diagonal(m, 0)`).",
        "`np.unravel_index(np.argmax(m), m.shape)` gives (row, column) of the largest cell; the "
        "row is the true digit.",
    ],
    solution="""
    m = ex.CONFUSION.copy()
    np.fill_diagonal(m, 0)
    true, predicted = np.unravel_index(np.argmax(m), m.shape)   # (7, 2)

22 images of a 7 were called 2; the other way round, 2 -> 7, happened only 8 times.
`mlpbook.recipes.most_confused(ex.CONFUSION)` does the same and also returns the count.
""",
    reference=(_Q2_TRUE, _Q2_PRED),
    mistakes=[((_Q2_PRED, _Q2_TRUE), "wrong order"),
              ((4, 9), "one direction"),
              ((1, 1), "diagonal")],
)

# ---------------------------------------------------------------------- q3
_Q3_ANSWER = 3.0  # 2 epochs on 10,000 images: lr 3.0 reaches ~85% test accuracy, lr 0.3 ~48%


def _check_q3(answer):
    value = as_number(answer, "a learning rate (0.3 or 3.0)")
    if np.isclose(value, _Q3_ANSWER):
        return ("Yes: with the quadratic cost and sigmoid outputs the gradients are small, and "
                "0.3 takes steps too short to get far in 2 epochs (about 48% against 85% for "
                "3.0 with seed 0).")
    if np.isclose(value, 0.3):
        raise Wrong("Not with these settings: run both. The smaller steps of 0.3 are safer, "
                    "but in only 2 epochs they leave the network far from trained.")
    if 0 < value < 1 or 30 <= value <= 100:
        raise Wrong("Give the learning rate itself (0.3 or 3.0), not the accuracy it reached.")
    raise Wrong("Answer with one of the two learning rates tried: 0.3 or 3.0.")


q3 = Exercise(
    "q3", "Experiment: a ten times smaller learning rate",
    statement="""
Train the classic 784-16-16-10 network twice for 2 epochs on the first 10,000 training images,
once with learning rate 0.3 and once with 3.0 (everything else as in `CLASSIC`, seed 0), and
compare their test accuracy. Which learning rate is better here? Answer `0.3` or `3.0`.
""",
    checker=_check_q3,
    hints=[
        "`dataclasses.replace(CLASSIC, lr=0.3, epochs=2, train_size=10_000)` makes the recipe; "
        "`fit(recipe, data)` trains it.",
        "Compare `history.test_accuracy[-1]` of the two runs.",
    ],
    solution="""
    import dataclasses
    for lr in (0.3, 3.0):
        recipe = dataclasses.replace(CLASSIC, lr=lr, epochs=2, train_size=10_000)
        net, history = fit(recipe, data)
        print(lr, history.test_accuracy[-1])

3.0 wins by far (about 85% against 48%): the sigmoid output neurons with the quadratic cost
learn slowly, and 0.3 makes the steps ten times shorter. Too large is also possible: try 30.
""",
    reference=_Q3_ANSWER,
    mistakes=[(0.3, "smaller steps"), (0.85, "learning rate itself")],
)

# ---------------------------------------------------------------------- q4
_Q4_IMAGES, _Q4_EPOCHS, _Q4_BATCH = 50_000, 30, 10


def _check_q4(answer):
    value = as_number(answer, "a whole number")
    expect_number(value, _Q4_IMAGES * _Q4_EPOCHS, what="a whole number", mistakes=[
        (60_000 * _Q4_EPOCHS, "The classic recipe trains on the first 50,000 images only "
                              "(train_size); the other 10,000 are kept back for validation."),
        (_Q4_IMAGES * _Q4_EPOCHS // _Q4_BATCH, "That is the number of gradient steps (one per "
                                                 "mini-batch of 10); backpropagation runs once "
                                                 "for every image in each batch."),
        (_Q4_IMAGES, "That is one epoch; the recipe makes 30 passes."),
        (70_000 * _Q4_EPOCHS, "The test images are never used for training: only the 50,000 "
                              "training images."),
    ])
    if value != int(value):
        raise Wrong("A count of images is a whole number.")


q4 = Exercise(
    "q4", "How much work is the classic recipe?",
    statement="""
How many times does backpropagation compute the gradient of the cost for a single image while
the `CLASSIC` recipe trains (once per image in every mini-batch)? Give one whole number.
""",
    checker=_check_q4,
    hints=[
        "Look at `CLASSIC.train_size` and `CLASSIC.epochs`.",
        "Every epoch visits every training image exactly once; the mini-batch size changes how "
        "many steps there are, not how many images are visited.",
    ],
    solution="""
50,000 images x 30 epochs = 1,500,000 gradients of single images, averaged in groups of 10
into 150,000 steps of gradient descent.

    CLASSIC.train_size * CLASSIC.epochs
""",
    reference=_Q4_IMAGES * _Q4_EPOCHS,
    mistakes=[(60_000 * 30, "50,000"), (150_000, "gradient steps"), (50_000, "30 passes")],
)

EXERCISES = ExerciseSet("Chapter 7", [q1, q2, q3, q4])
progress = EXERCISES.progress
