"""Exercises for chapter 1: digits as activations, and the answer of the output layer."""

import numpy as np

from .core import (Exercise, ExerciseSet, Wrong, as_number, call_readers_function,
                   expect_function, expect_number)


# --------------------------------------------------------------------------- q1
_SIDE = 20


def _check_q1(answer):
    expect_number(answer, _SIDE * _SIDE, what="a whole number", mistakes=[
        (_SIDE + _SIDE, "20 + 20 = 40 counts the pixels along two edges of the image, not the "
                        "pixels in it: there is one input neuron per pixel, and a 20×20 image "
                        "has 20 rows of 20 pixels each, so multiply."),
        (_SIDE, "That is the number of pixels in one row only; the image has 20 such rows."),
        (784, "784 = 28·28 is the count for MNIST's 28×28 images; this image is 20×20."),
        (_SIDE * _SIDE * 255, "An input neuron holds one number (the brightness of its pixel), "
                              "whatever range that number has: count pixels, not grey levels."),
    ])
    if as_number(answer) != int(as_number(answer)):
        raise Wrong("A count of neurons is a whole number.")


q1 = Exercise(
    "q1", "Input neurons for a smaller image",
    statement=("""
A network reads greyscale images of 20×20 pixels instead of MNIST's 28×28.
How many neurons does its input layer have? Give a whole number.
"""),
    checker=_check_q1,
    hints=[
        "Every pixel of the image is the activation of exactly one input neuron.",
        "Count the pixels: 20 rows, each of 20 pixels.",
    ],
    solution="""
One input neuron per pixel: 20 · 20 = 400 input neurons (MNIST: 28 · 28 = 784).
""",
    reference=_SIDE * _SIDE,
    mistakes=[(40, "multiply"), (20, "one row"), (784, "28×28")],
)

# --------------------------------------------------------------------------- q2
# data.test_images[0] (a 7) has 668 pixels that are exactly 0 out of 784 (MNIST is fixed by its
# SHA-256 checksums in mlpbook.data, so this number never changes; chapter 1 asserts it).
Q2_IMAGE_INDEX = 0
Q2_ZERO_PIXELS = 668
_Q2_FRACTION = Q2_ZERO_PIXELS / 784


def _check_q2(answer):
    value = as_number(answer, "a number between 0 and 1")
    if 1 < value <= 100 and abs(value / 100 - _Q2_FRACTION) < 0.003:
        raise Wrong("That looks like a percentage. Give the fraction as a number between 0 and 1 "
                    "(divide by 100).")
    expect_number(value, _Q2_FRACTION, rel=0, abs_tol=0.003, what="a number between 0 and 1",
                  mistakes=[
        (Q2_ZERO_PIXELS, "That is the *number* of black pixels; the question asks for the "
                         "fraction: divide by the number of pixels, 784."),
        (784 - Q2_ZERO_PIXELS, "That is the number of pixels with some ink (non-zero). Count the "
                               "pixels that are exactly 0, and divide by 784."),
        (1 - _Q2_FRACTION, "That is the fraction of non-zero pixels (the ink). The question asks "
                           "for the pixels that are exactly 0 (pure black)."),
        (608 / 784, "That is training image 1; the question is about the *test* image number 0: "
                    "data.test_images[0]."),
        (618 / 784, "That is training image 0, the 5 of the chapter; the question is about the "
                    "*test* image number 0: data.test_images[0]."),
    ])


q2 = Exercise(
    "q2", "How much of a digit is black?",
    statement=("""
Take the first image of the test set, `data.test_images[0]` (a 7).
What fraction of its 784 pixels are exactly 0 (pure black)?
Give a number between 0 and 1, computed with numpy.
"""),
    checker=_check_q2,
    hints=[
        "`image == 0` is an array of True/False, one per pixel.",
        "The mean of an array of True/False is the fraction of True: `np.mean(image == 0)`.",
    ],
    solution="""
    image = data.test_images[0]
    answer = np.mean(image == 0)      # 668 of 784 pixels: about 0.852

Most of an MNIST image is background: the ink of a digit covers only a small part of the
square, which is why most input neurons are 0 for any digit.
""",
    reference=_Q2_FRACTION,
    mistakes=[(Q2_ZERO_PIXELS, "fraction"), (1 - _Q2_FRACTION, "non-zero"),
              (85.2, "percentage")],
)

# --------------------------------------------------------------------------- q3


def _flatten(image):
    return np.asarray(image, dtype=float).reshape(-1)


def _q3_cases():
    rng = np.random.default_rng(101)
    cases = []
    for k in range(4):
        img = np.zeros((28, 28))
        r0, c0 = rng.integers(2, 14, size=2)
        img[r0:r0 + 10, c0:c0 + 4] = rng.random((10, 4))  # a blob of "ink", not symmetric
        img[r0 + k, :] += 0.25
        cases.append((np.clip(img, 0, 1),))
    cases.append((rng.random((28, 28)),))
    return cases


def _as_result(got):
    try:
        return np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"Your function returned {type(got).__name__}; it should return a numpy "
                    f"array of 784 numbers.") from None


def _diagnose_q3(got, expected, args):
    image = np.asarray(args[0], dtype=float)
    if got.shape == expected.shape and np.allclose(got, image.T.reshape(-1)):
        return ("Your vector reads the image column by column (column-major, as if the image "
                "were transposed). MNIST and the network read it row by row: the first 28 "
                "numbers are the top row. Use image.reshape(784) (numpy's default order 'C').")
    if got.shape == expected.shape and np.allclose(np.sort(got), np.sort(expected)):
        return ("The right 784 numbers, in the wrong order: read the image row by row, "
                "left to right, top row first.")
    return None


def _check_q3(func):
    if not callable(func):
        raise Wrong(f"Expected a function (def to_input_vector(image): ...), got "
                    f"{type(func).__name__}.")
    probe = _q3_cases()[0][0]
    raw = call_readers_function(func, probe.copy(), what="your function")
    got = _as_result(raw)
    if got.shape == (28, 28):
        raise Wrong("Your function returns shape (28, 28): still the square image. The network "
                    "reads one flat vector of 784 activations, shape (784,): use "
                    "image.reshape(784) or image.ravel().")
    if got.shape == (1, 784):
        raise Wrong("Your function returns shape (1, 784), a matrix with one row. The network "
                    "reads a plain vector of shape (784,): use image.reshape(784), not "
                    "reshape(1, 784).")
    if got.shape == (784, 1):
        raise Wrong("Your function returns shape (784, 1), a matrix with one column. The "
                    "network reads a plain vector of shape (784,): use image.reshape(784).")
    expect_function(func, [(img.copy(),) for (img,) in _q3_cases()], _flatten,
                    diagnose=_diagnose_q3, what="your function")


q3 = Exercise(
    "q3", "From a 28×28 image to 784 activations",
    statement=("""
Write a function `to_input_vector(image)` that takes one image as a numpy array of shape
(28, 28) and returns the 784 activations the input layer reads: a vector of shape (784,),
row by row (the top row first, each row from left to right). It is checked on hidden images.
"""),
    checker=_check_q3,
    hints=[
        "numpy can change the shape of an array without changing its numbers: `reshape`.",
        "`image.reshape(784)` reads the rows one after another (numpy's default, 'C' order). "
        "Both `reshape(1, 784)` and `image.T.reshape(784)` are different things.",
    ],
    solution="""
    def to_input_vector(image):
        return np.asarray(image).reshape(784)     # or image.ravel()

Pixel (row r, column c) lands at position 28·r + c. The reverse is vector.reshape(28, 28).
""",
    reference=_flatten,
    mistakes=[(lambda image: np.asarray(image).T.reshape(-1), "column by column"),
              (lambda image: np.asarray(image, dtype=float), "shape (28, 28)"),
              (lambda image: np.asarray(image).reshape(1, 784), "one row")],
)

# --------------------------------------------------------------------------- q4
Q4_OUTPUTS = [0.05, 0.12, 0.08, 0.03, 0.61, 0.09, 0.02, 0.74, 0.10, 0.31]
_Q4_ANSWER = int(np.argmax(Q4_OUTPUTS))


def _check_q4(answer):
    value = as_number(answer, "a digit from 0 to 9")
    expect_number(value, _Q4_ANSWER, what="a digit from 0 to 9", mistakes=[
        (_Q4_ANSWER + 1, "Off by one: you counted the neurons from 1. The output neurons are "
                         "numbered from 0, and neuron k stands for the digit k."),
        (max(Q4_OUTPUTS), "That is the brightest activation itself; the answer is *which* "
                          "neuron has it (its position, counting from 0)."),
        (int(np.argmin(Q4_OUTPUTS)), "That is the darkest output neuron (the smallest "
                                     "activation). The network answers with the brightest."),
        (int(np.argsort(Q4_OUTPUTS)[-2]), "That neuron is bright, but not the brightest: look "
                                          "for the largest activation."),
    ])


q4 = Exercise(
    "q4", "Which digit does the network answer?",
    statement=(f"""
The ten output neurons of a network, for digits 0, 1, …, 9 in this order, have the activations

    outputs = {Q4_OUTPUTS}

Which digit is the network's answer? Give the digit (an integer).
"""),
    checker=_check_q4,
    hints=[
        "The answer is the digit whose output neuron is the brightest (the largest activation).",
        "`np.argmax(outputs)` gives the position of the largest value; positions count from 0.",
    ],
    solution=f"""
    int(np.argmax(outputs))     # {_Q4_ANSWER}

Neuron {_Q4_ANSWER} has the largest activation, {max(Q4_OUTPUTS)}. Python counts from 0 and so
do the digits, so the position is the digit itself.
""",
    reference=_Q4_ANSWER,
    mistakes=[(_Q4_ANSWER + 1, "counted the neurons from 1"),
              (max(Q4_OUTPUTS), "which"),
              (int(np.argmin(Q4_OUTPUTS)), "darkest")],
)

EXERCISES = ExerciseSet("Chapter 1", [q1, q2, q3, q4])
progress = EXERCISES.progress
