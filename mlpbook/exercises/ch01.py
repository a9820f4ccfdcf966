"""Exercises for chapter 1: digits as activations, and the answer of the output layer."""

import numpy as np

from .answers import Near, NumberAnswer, Rule
from .core import Exercise, ExerciseSet, T, Wrong, call_readers_function, expect_function

_YOUR_FUNCTION = T("your function", "你的函数")

# --------------------------------------------------------------------------- q1
_SIDE = 20
_WHOLE_NUMBER = T("a whole number", "一个整数")


_Q1_ANSWER = NumberAnswer(_SIDE * _SIDE, what=_WHOLE_NUMBER, whole=T(
    "A count of neurons is a whole number.", "神经元的个数是整数。"), mistakes=[
    (_SIDE + _SIDE, T(
        "20 + 20 = 40 counts the pixels along two edges of the image, not the "
        "pixels in it: there is one input neuron per pixel, and a 20×20 image "
        "has 20 rows of 20 pixels each, so multiply.",
        "20 + 20 = 40 数的是图像两条边上的像素，而不是图像里的全部像素：每个像素对应一个"
        "输入神经元，20×20 的图像有 20 行、每行 20 个像素，所以要相乘。")),
    (_SIDE, T("That is the number of pixels in one row only; the image has 20 such rows.",
              "这只是一行的像素数；图像一共有 20 行这样的像素。")),
    (784, T("784 = 28·28 is the count for MNIST's 28×28 images; this image is 20×20.",
            "784 = 28·28 是 MNIST 的 28×28 图像的像素数；这里的图像是 20×20。")),
    (_SIDE * _SIDE * 255, T(
        "An input neuron holds one number (the brightness of its pixel), "
        "whatever range that number has: count pixels, not grey levels.",
        "一个输入神经元只存一个数（它那个像素的亮度），不管这个数的取值范围有多大："
        "要数的是像素，而不是灰度级。")),
])


q1 = Exercise(
    "q1", T("Input neurons for a smaller image", "小一点的图像需要多少输入神经元"),
    statement=T("""
A network reads greyscale images of 20×20 pixels instead of MNIST's 28×28.
How many neurons does its input layer have? Give a whole number.
""", """
一个网络读取的是 20×20 像素的灰度图像，而不是 MNIST 的
28×28 图像。它的输入层有多少个神经元？请给出一个整数。
"""),
    answer=_Q1_ANSWER, needs="paper",
    hints=[
        T("Every pixel of the image is the activation of exactly one input neuron.",
          "图像的每个像素恰好是一个输入神经元的激活值。"),
        T("Count the pixels: 20 rows, each of 20 pixels.",
          "数一数像素：20 行，每行 20 个像素。"),
    ],
    solution=T(r"""
One input neuron per pixel: $20 \cdot 20 = 400$ input neurons (MNIST: $28 \cdot 28 = 784$).
""", r"""
每个像素一个输入神经元：$20 \cdot 20 = 400$ 个输入神经元（MNIST：$28 \cdot 28 = 784$）。
"""),
    mistakes=[(40, "multiply"), (20, "one row"), (784, "28×28")],
)

# --------------------------------------------------------------------------- q2
# data.test_images[0] (a 7) has 668 pixels that are exactly 0 out of 784 (MNIST is fixed by its
# SHA-256 checksums in mlpbook.engine.data, so this number never changes; chapter 1 asserts it).
Q2_IMAGE_INDEX = 0
Q2_ZERO_PIXELS = 668
_Q2_FRACTION = Q2_ZERO_PIXELS / 784
_Q2_WHAT = T("a number between 0 and 1", "一个 0 到 1 之间的数")


_Q2_ANSWER = NumberAnswer(
    _Q2_FRACTION, what=_Q2_WHAT, rel=0, abs_tol=0.003, fractions=True,
    before=[Rule(Near(100 * _Q2_FRACTION, abs_tol=0.3), message=T(
        "That looks like a percentage. Give the fraction as a number between 0 and 1 (divide "
        "by 100).",
        "这看起来是一个百分数。请把比例写成 0 到 1 之间的数（除以 100）。"))],
    mistakes=[
        (Q2_ZERO_PIXELS, T(
            "That is the *number* of black pixels; the question asks for the "
            "fraction: divide by the number of pixels, 784.",
            "这是黑色像素的*个数*；题目问的是比例：再除以像素总数 784。")),
        (784 - Q2_ZERO_PIXELS, T(
            "That is the number of pixels with some ink (non-zero). Count the "
            "pixels that are exactly 0, and divide by 784.",
            "这是有笔迹（非零）的像素个数。要数的是恰好为 0 的像素，再除以 784。")),
        (1 - _Q2_FRACTION, T(
            "That is the fraction of non-zero pixels (the ink). The question asks "
            "for the pixels that are exactly 0 (pure black).",
            "这是非零像素（笔迹）所占的比例。题目问的是恰好为 0（纯黑）的像素。")),
        (608 / 784, T(
            "That is training image 1; the question is about the *test* image number 0: "
            "data.test_images[0].",
            "这是训练集里的第 1 张图像；题目问的是*测试集*里的第 0 张图像：data.test_images[0]。")),
        (618 / 784, T(
            "That is training image 0, the 5 of the chapter; the question is about the "
            "*test* image number 0: data.test_images[0].",
            "这是训练集里的第 0 张图像，也就是本章里的那个 5；题目问的是*测试集*里的第 0 张"
            "图像：data.test_images[0]。")),
    ])


q2 = Exercise(
    "q2", T("How much of a digit is black?", "一个数字有多少是黑的？"),
    statement=T("""
Take the first image of the test set, `data.test_images[0]` (a 7).
What fraction of its 784 pixels are exactly 0 (pure black)?
Give a number between 0 and 1, computed with numpy.
""", """
取测试集的第一张图像 `data.test_images[0]`（一个 7）。它的
784 个像素中，恰好为 0（纯黑）的占多大比例？请用 numpy
算出来，给出一个 0 到 1 之间的数。
"""),
    answer=_Q2_ANSWER, needs="mnist",
    hints=[
        T("`image == 0` is an array of True/False, one per pixel.",
          "`image == 0` 是一个由 True/False 构成的数组，每个像素一个值。"),
        T("The mean of an array of True/False is the fraction of True: `np.mean(image == 0)`.",
          "True/False 数组的平均值就是 True 所占的比例：`np.mean(image == 0)`。"),
    ],
    solution=T("""
With numpy:

    image = data.test_images[0]
    answer = np.mean(image == 0)      # 668 of 784 pixels: about 0.852

Most of an MNIST image is background: the ink of a digit covers only a small part of the
square, which is why most input neurons are 0 for any digit.
""", """
用 numpy 来算：

    image = data.test_images[0]
    answer = np.mean(image == 0)      # 784 个像素中有 668 个：约 0.852

MNIST 图像的大部分是背景：数字的笔迹只占方框的一小部分，所以无论是哪个数字，
大多数输入神经元都是 0。
"""),
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
        raise Wrong(T("Your function returned {kind}; it should return a numpy "
                      "array of 784 numbers.",
                      "你的函数返回的是 {kind}；它应当返回一个由 784 个数构成的 numpy 数组。")
                    .format(kind=type(got).__name__)) from None


def _diagnose_q3(got, expected, args):
    image = np.asarray(args[0], dtype=float)
    if got.shape == expected.shape and np.allclose(got, image.T.reshape(-1)):
        return T("Your vector reads the image column by column (column-major, as if the image "
                 "were transposed). MNIST and the network read it row by row: the first 28 "
                 "numbers are the top row. Use image.reshape(784) (numpy's default order 'C').",
                 "你的向量是一列一列地读图像的（按列优先，就像把图像转置了一样）。MNIST 和网络"
                 "都是一行一行地读：前 28 个数是最上面一行。请用 image.reshape(784)"
                 "（numpy 默认的 'C' 顺序）。")
    if got.shape == expected.shape and np.allclose(np.sort(got), np.sort(expected)):
        return T("The right 784 numbers, in the wrong order: read the image row by row, "
                 "left to right, top row first.",
                 "784 个数都对，但顺序错了：要一行一行地读图像，每行从左到右，从最上面一行开始。")
    return None


def _check_q3(func):
    if not callable(func):
        raise Wrong(T("Expected a function (def to_input_vector(image): ...), got {kind}.",
                      "这里需要一个函数（def to_input_vector(image): ...），得到的却是 {kind}。")
                    .format(kind=type(func).__name__))
    probe = _q3_cases()[0][0]
    raw = call_readers_function(func, probe.copy(), what=_YOUR_FUNCTION)
    got = _as_result(raw)
    if got.shape == (28, 28):
        raise Wrong(T("Your function returns shape (28, 28): still the square image. The network "
                      "reads one flat vector of 784 activations, shape (784,): use "
                      "image.reshape(784) or image.ravel().",
                      "你的函数返回的形状是 (28, 28)：还是那张方形图像。网络读取的是一个由 784 个"
                      "激活值构成的扁平向量，形状为 (784,)：请用 image.reshape(784) 或 "
                      "image.ravel()。"))
    if got.shape == (1, 784):
        raise Wrong(T("Your function returns shape (1, 784), a matrix with one row. The network "
                      "reads a plain vector of shape (784,): use image.reshape(784), not "
                      "reshape(1, 784).",
                      "你的函数返回的形状是 (1, 784)，这是只有一行的矩阵。网络读取的是形状为 "
                      "(784,) 的普通向量：请用 image.reshape(784)，而不是 reshape(1, 784)。"))
    if got.shape == (784, 1):
        raise Wrong(T("Your function returns shape (784, 1), a matrix with one column. The "
                      "network reads a plain vector of shape (784,): use image.reshape(784).",
                      "你的函数返回的形状是 (784, 1)，这是只有一列的矩阵。网络读取的是形状为 "
                      "(784,) 的普通向量：请用 image.reshape(784)。"))
    expect_function(func, [(img.copy(),) for (img,) in _q3_cases()], _flatten,
                    diagnose=_diagnose_q3, what=_YOUR_FUNCTION)


q3 = Exercise(
    "q3", T("From a 28×28 image to 784 activations", "从 28×28 的图像到 784 个激活值"),
    statement=T("""
Write a function `to_input_vector(image)` that takes one image as a numpy array of shape
(28, 28) and returns the 784 activations the input layer reads: a vector of shape (784,),
row by row (the top row first, each row from left to right). It is checked on hidden images.
""", """
写一个函数 `to_input_vector(image)`：它接收一张图像（形状为 (28, 28) 的 numpy
数组），返回输入层读取的 784 个激活值：一个形状为 (784,)
的向量，按行排列（最上面一行在前，每行从左到右）。检查时会用一些你看不到的图像。
"""),
    checker=_check_q3,
    hints=[
        T("numpy can change the shape of an array without changing its numbers: `reshape`.",
          "numpy 可以只改变数组的形状而不改变其中的数：`reshape`。"),
        T("`image.reshape(784)` reads the rows one after another (numpy's default, 'C' order). "
          "Both `reshape(1, 784)` and `image.T.reshape(784)` are different things.",
          "`image.reshape(784)` 把各行一行接一行地读出来（numpy 的默认方式，即 'C' 顺序）。"
          "`reshape(1, 784)` 和 `image.T.reshape(784)` 都是别的东西。"),
    ],
    solution=T(r"""
One line of numpy:

    def to_input_vector(image):
        return np.asarray(image).reshape(784)     # or image.ravel()

The pixel in row $r$, column $c$ lands at position $28r + c$. The reverse is
`vector.reshape(28, 28)`.
""", r"""
一行 numpy 就够了：

    def to_input_vector(image):
        return np.asarray(image).reshape(784)     # 或 image.ravel()

第 $r$ 行、第 $c$ 列的像素落在位置 $28r + c$。反过来则是 `vector.reshape(28, 28)`。
"""),
    reference=_flatten,
    mistakes=[(lambda image: np.asarray(image).T.reshape(-1), "column by column"),
              (lambda image: np.asarray(image, dtype=float), "shape (28, 28)"),
              (lambda image: np.asarray(image).reshape(1, 784), "one row")],
)

# --------------------------------------------------------------------------- q4
Q4_OUTPUTS = [0.05, 0.12, 0.08, 0.03, 0.61, 0.09, 0.02, 0.74, 0.10, 0.31]
_Q4_ANSWER = int(np.argmax(Q4_OUTPUTS))
_Q4_WHAT = T("a digit from 0 to 9", "一个 0 到 9 的数字")


_Q4_CHECK = NumberAnswer(_Q4_ANSWER, what=_Q4_WHAT, mistakes=[
    (_Q4_ANSWER + 1, T(
        "Off by one: you counted the neurons from 1. The output neurons are "
        "numbered from 0, and neuron k stands for the digit k.",
        "差了 1：你是从 1 开始数神经元的。输出神经元从 0 开始编号，第 k 个神经元代表数字 k。")),
    (max(Q4_OUTPUTS), T(
        "That is the brightest activation itself; the answer is *which* "
        "neuron has it (its position, counting from 0).",
        "这是最亮的那个激活值本身；答案应当是*哪个*神经元有这个激活值"
        "（它的位置，从 0 开始数）。")),
    (int(np.argmin(Q4_OUTPUTS)), T(
        "That is the darkest output neuron (the smallest "
        "activation). The network answers with the brightest.",
        "这是最暗的输出神经元（激活值最小）。网络的答案是最亮的那个。")),
    (int(np.argsort(Q4_OUTPUTS)[-2]), T(
        "That neuron is bright, but not the brightest: look "
        "for the largest activation.",
        "这个神经元是亮的，但不是最亮的：找激活值最大的那个。")),
])


q4 = Exercise(
    "q4", T("Which digit does the network answer?", "网络的答案是哪个数字？"),
    statement=T(f"""
The ten output neurons of a network, for digits 0, 1, …, 9 in this order, have the activations

    outputs = {Q4_OUTPUTS}

Which digit is the network's answer? Give the digit (an integer).
""", f"""
一个网络的十个输出神经元依次对应数字 0, 1, …, 9，它们的激活值是

    outputs = {Q4_OUTPUTS}

网络的答案是哪个数字？请给出这个数字（一个整数）。
"""),
    answer=_Q4_CHECK, needs="paper",
    hints=[
        T("The answer is the digit whose output neuron is the brightest (the largest "
          "activation).",
          "答案是输出神经元最亮（激活值最大）的那个数字。"),
        T("`np.argmax(outputs)` gives the position of the largest value; positions count "
          "from 0.",
          "`np.argmax(outputs)` 给出最大值的位置；位置从 0 开始数。"),
    ],
    solution=T(f"""
The position of the largest activation:

    int(np.argmax(outputs))     # {_Q4_ANSWER}

Neuron {_Q4_ANSWER} has the largest activation, {max(Q4_OUTPUTS)}. Python counts from 0 and so
do the digits, so the position is the digit itself.
""", f"""
找出最大激活值的位置：

    int(np.argmax(outputs))     # {_Q4_ANSWER}

第 {_Q4_ANSWER} 个神经元的激活值最大，为 {max(Q4_OUTPUTS)}。Python 从 0 开始数，数字也从 0
开始，所以这个位置就是数字本身。
"""),
    mistakes=[(_Q4_ANSWER + 1, "counted the neurons from 1"),
              (max(Q4_OUTPUTS), "which"),
              (int(np.argmin(Q4_OUTPUTS)), "darkest")],
)

EXERCISES = ExerciseSet("Chapter 1", [q1, q2, q3, q4])
progress = EXERCISES.progress
