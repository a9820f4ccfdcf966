"""Exercises for chapter 2: the weighted sum, weight patterns, the bias as a threshold."""

import numpy as np

from ..engine import reference as _ref
from .answers import NumberAnswer
from .core import Exercise, ExerciseSet, NotAttempted, T, Wrong, as_array, expect_function
from .rendering import both

_WHOLE_NUMBER = T("a whole number", "一个整数")
_DIGIT = T("a digit from 0 to 9", "一个 0 到 9 的数字")


class _SolvedOnData(Exercise):
    """An exercise whose solution is written each time it is shown, by ``solution()`` (a
    function): it reports what the answer does on MNIST when the data is on this machine."""

    def __init__(self, *args, solution, **kwargs):
        self._write_solution = solution
        super().__init__(*args, **kwargs)

    @property
    def _solution_text(self):
        return both(str.strip, self._write_solution())

    @_solution_text.setter
    def _solution_text(self, value):  # Exercise.__init__ stores the (empty) fixed text
        pass


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
        return T("Your function returns the weighted sum w·a but forgot the bias: z = w·a + b.",
                 "你的函数返回的是加权和 w·a，但忘了偏置：z = w·a + b。")
    if np.isclose(value, dot - b):
        return T("Your function subtracts the bias; the sign is wrong: z = w·a + b. (A bias "
                 "of −10 already carries its minus sign.)",
                 "你的函数减去了偏置；符号错了：z = w·a + b。（−10 这样的偏置本身就带着负号。）")
    if np.isclose(value, dot + len(w) * b):
        return T("The bias was added to every product w_i·a_i, so it counts {n} times. "
                 "Add it once, after the sum: np.dot(w, a) + b.",
                 "偏置被加到了每个乘积 w_i·a_i 上，于是它被算了 {n} 次。"
                 "应当在求和之后只加一次：np.dot(w, a) + b。").format(n=len(w))
    if np.isclose(value, float(_ref.sigmoid(dot + b))):
        return T("You applied σ: that is the neuron's activation. This exercise asks for "
                 "z = w·a + b, the number that goes *into* σ.",
                 "你用了 σ：那是神经元的激活值。这道题要的是 z = w·a + b，也就是*送进* σ 的那个数。")
    if np.isclose(value, float(np.mean(np.asarray(w) * np.asarray(a))) + b):
        return T("You took the mean of the products; the weighted sum adds them up "
                 "(np.sum or np.dot).",
                 "你求的是乘积的平均值；加权和是把它们加起来（np.sum 或 np.dot）。")
    return None


def _check_q1(func):
    if not callable(func):
        raise Wrong(T("Expected a function (def neuron_input(w, a, b): ...), got {kind}.",
                      "这里需要一个函数（def neuron_input(w, a, b): ...），得到的却是 {kind}。")
                    .format(kind=type(func).__name__))
    expect_function(func, _q1_cases(), _neuron_input, diagnose=_diagnose_q1,
                    what=T("neuron_input", "你的 neuron_input 函数"))


q1 = Exercise(
    "q1", T("The weighted sum plus bias of one neuron", "一个神经元的加权和加偏置"),
    statement=T(r"""
Write `neuron_input(w, a, b)` which returns the number
$z = w_1 a_1 + w_2 a_2 + \dots + w_n a_n + b$ for a vector of weights `w`, a vector of
activations `a` of the same length, and a bias `b` (a number). Return a single number. For
example `neuron_input(np.array([1, -2, 0.5]), np.array([0.2, 0.9, 1.0]), -0.3)` is −1.4.
It is checked on hidden cases, up to 784 inputs long.
""", r"""
写一个函数 `neuron_input(w, a, b)`，返回数 $z = w_1 a_1 + w_2 a_2 + \dots + w_n a_n + b$，其中
`w` 是权重向量，`a` 是同样长度的激活值向量，`b` 是偏置（一个数）。返回一个数。例如
`neuron_input(np.array([1, -2, 0.5]), np.array([0.2, 0.9, 1.0]), -0.3)` 等于
−1.4。检查时会用一些你看不到的例子，输入最长可达 784 个。
"""),
    checker=_check_q1,
    hints=[
        T("Multiply each weight by its activation, add all the products, then add the bias "
          "once.",
          "把每个权重乘以它对应的激活值，把所有乘积加起来，然后再加一次偏置。"),
        T("With numpy: `np.dot(w, a)` (or `w @ a`, or `np.sum(w * a)`) is the weighted sum.",
          "用 numpy：`np.dot(w, a)`（或 `w @ a`，或 `np.sum(w * a)`）就是加权和。"),
    ],
    solution=T(r"""
The weighted sum is a dot product:

    def neuron_input(w, a, b):
        return np.dot(w, a) + b

By hand for the example: $1 \cdot 0.2 + (-2) \cdot 0.9 + 0.5 \cdot 1.0 = -1.1$, plus the
bias −0.3 gives −1.4.
""", r"""
加权和就是一个点积：

    def neuron_input(w, a, b):
        return np.dot(w, a) + b

手算题中的例子：$1 \cdot 0.2 + (-2) \cdot 0.9 + 0.5 \cdot 1.0 = -1.1$，再加上偏置 −0.3，得到 −1.4。
"""),
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


# The detector on real digits: the MNIST test 1s and 0s, loaded the first time a right answer
# or the solution asks for them, and only when the data is on this machine (an exercise never
# downloads it); without the data the feedback and the solution just leave the numbers out.
_REAL_ONES_ZEROS = []


def _real_ones_and_zeros():
    """The MNIST test images of 1s and of 0s (one image per row), or None without the data."""
    if not _REAL_ONES_ZEROS:
        from ..engine.data import DataError, load_mnist

        try:
            data = load_mnist(download=False, progress=False)
        except (DataError, OSError):
            return None
        labels = data.test_labels
        _REAL_ONES_ZEROS.extend([data.test_images[labels == 1], data.test_images[labels == 0]])
    return _REAL_ONES_ZEROS


def _hit_rates(w):
    """How the neuron with weights ``w`` (bias 0) does on the MNIST test 1s and 0s, or None."""
    real = _real_ones_and_zeros()
    if real is None:
        return None
    ones, zeros = (_sums(np.asarray(w, dtype=float), images) for images in real)
    fired, silent = int(np.sum(ones > 0)), int(np.sum(zeros < 0))
    return {"fired": fired, "n1": len(ones), "p1": fired / len(ones),
            "silent": silent, "n0": len(zeros), "p0": silent / len(zeros)}


_Q2_ON_MNIST = T("On the real MNIST test digits it fires for {p1:.1%} of the 1s ({fired:,} of "
                 "{n1:,}) and stays silent for {p0:.1%} of the 0s ({silent:,} of {n0:,}).",
                 "在真实的 MNIST 测试数字上，它对 {p1:.1%} 的 1 被激活（{n1:,} 张中的 "
                 "{fired:,} 张），对 {p0:.1%} 的 0 保持沉默（{n0:,} 张中的 {silent:,} 张）。")


def _check_q2(answer):
    if callable(answer):
        raise Wrong(T("Expected an array of weights (28×28 or 784 numbers), not a function.",
                      "这里需要一个权重数组（28×28 或 784 个数），而不是一个函数。"))
    arr = as_array(answer, what=T("an array of weights", "一个权重数组"))
    if arr.shape == (784,):
        arr = arr.reshape(28, 28)
    if arr.shape != (28, 28):
        raise Wrong(T("Expected 784 weights, shape (28, 28) or (784,); got shape {shape}.",
                      "这里需要 784 个权重，形状为 (28, 28) 或 (784,)；得到的形状却是 {shape}。")
                    .format(shape=arr.shape))
    if not np.any(arr):  # the chapter's starter, np.zeros((28, 28)): not tried yet
        raise NotAttempted(T("All your weights are 0, so the neuron's weighted sum is 0 for every "
                      "digit: give the weights of a vertical strip positive values.",
                      "你的权重全是 0，所以这个神经元对每个数字的加权和都是 0："
                      "让一条竖直条带上的权重取正值。"))
    ones, zeros = _hidden_digits()
    s_ones, s_zeros = _sums(arr, ones), _sums(arr, zeros)
    if _separates(arr, ones, zeros):
        hidden = T("On the hidden digits the weighted sums are {lo1:.1f} to {hi1:.1f} for the "
                   "1s (σ > 0.5: the neuron fires) and {lo0:.1f} to {hi0:.1f} for the 0s "
                   "(σ < 0.5).",
                   "在隐藏的数字上，1 的加权和在 {lo1:.1f} 到 {hi1:.1f} 之间（σ > 0.5：神经元"
                   "被激活），0 的加权和在 {lo0:.1f} 到 {hi0:.1f} 之间（σ < 0.5）。").format(
            lo1=np.min(s_ones), hi1=np.max(s_ones), lo0=np.min(s_zeros), hi0=np.max(s_zeros))
        rates = _hit_rates(arr)
        if rates is None:  # no MNIST on this machine: the hidden digits have the last word
            return hidden
        real = _Q2_ON_MNIST.format(**rates)
        return T(f"{hidden.en} {real.en}", f"{hidden.zh}{real.zh}")
    if np.ptp(arr) == 0:
        raise Wrong(T("All your weights are equal, so the neuron only measures how much ink "
                      "there is, and a 0 has more ink than a 1. Make the weights positive on a "
                      "vertical strip in the middle and negative around it.",
                      "你的权重全都相等，所以这个神经元只衡量笔迹有多少，而 0 的笔迹比 1 多。"
                      "让中间一条竖直条带上的权重为正，它周围的权重为负。"))
    if _separates(arr.T, ones, zeros):
        raise Wrong(T("Your pattern looks like a horizontal strip: it would work if it were "
                      "vertical. The ink of a 1 runs from top to bottom: put the strip in a "
                      "column range, w[:, a:b], not a row range (or use w.T).",
                      "你的图案看起来是一条水平条带：如果它是竖直的就行了。1 的笔迹从上到下："
                      "把条带放在一段列上，即 w[:, a:b]，而不是一段行上（或者用 w.T）。"))
    if _separates(-arr, ones, zeros):
        raise Wrong(T("The sign is the wrong way round: your neuron prefers 0s. Swap positive "
                      "and negative weights: positive on the middle strip, negative around it.",
                      "符号反了：你的神经元更偏爱 0。把正负权重对调：中间的条带为正，周围为负。"))
    if np.all(arr >= 0):
        raise Wrong(T("With only positive weights every bit of ink counts in favour, so the "
                      "neuron fires for 0s too (their weighted sums are positive). Make the "
                      "columns beside the strip negative, so the sides of a 0 count against it.",
                      "只有正权重时，每一点笔迹都算作加分，所以神经元对 0 也会被激活（它们的加权和"
                      "是正的）。让条带两旁的列取负权重，这样 0 的两侧就会算作减分。"))
    raise Wrong(T("On the hidden digits the weighted sums are {lo1:.1f} to {hi1:.1f} for the "
                  "1s and {lo0:.1f} to {hi0:.1f} for the 0s; every 1 needs a sum above 0 and "
                  "every 0 a sum below 0. Check where your strip is (a 1 sits in the middle "
                  "columns, about 12 to 15, and may lean a little) and how strong the negative "
                  "bands are.",
                  "在隐藏的数字上，1 的加权和在 {lo1:.1f} 到 {hi1:.1f} 之间，0 的加权和在 "
                  "{lo0:.1f} 到 {hi0:.1f} 之间；每个 1 的加权和都要大于 0，每个 0 的都要小于 0。"
                  "检查你的条带放在哪里（1 位于中间的列，大约第 12 到 15 列，而且可能稍有倾斜），"
                  "以及负权重带有多强。").format(
        lo1=np.min(s_ones), hi1=np.max(s_ones), lo0=np.min(s_zeros), hi0=np.max(s_zeros)))


def _q2_solution():
    """q2's solution, with the reference detector's hit rates on MNIST when the data is here."""
    rates = _hit_rates(_vertical_edge())
    if rates is None:
        ones = T("# the fraction of the test 1s it fires for", "# 它对测试集中的 1 被激活的比例")
        zeros = T("# the fraction of the test 0s it is silent for",
                  "# 它对测试集中的 0 保持沉默的比例")
    else:
        ones = T("# {p1:.3f}: it fires for {fired:,} of the {n1:,} test 1s",
                 "# {p1:.3f}：{n1:,} 张测试 1 中有 {fired:,} 张使它激活").format(**rates)
        zeros = T("# {p0:.3f}: silent for {silent:,} of the {n0:,} test 0s",
                  "# {p0:.3f}：{n0:,} 张测试 0 中有 {silent:,} 张使它保持沉默").format(**rates)
    return T(f"""
Positive weights on the middle columns, negative ones beside them:

    w = np.zeros((28, 28))
    w[:, 12:16] = 1.0      # positive strip in the middle columns
    w[:, 9:12] = -1.0      # negative band on the left
    w[:, 16:19] = -1.0     # negative band on the right

A 1 puts most of its ink on the positive strip: a large weighted sum. A 0 puts its
sides on the negative bands and has nothing in the middle except its top and bottom arcs,
which cross the negative bands too: a small or negative sum.

Try it on the real test digits too (`from mlpbook import neuron`): the neuron fires when its
weighted sum is above 0, and stays silent when it is below.

    sums = neuron.weighted_sums(w, data.test_images)
    np.mean(sums[data.test_labels == 1] > 0)    {ones.en}
    np.mean(sums[data.test_labels == 0] < 0)    {zeros.en}

Many real 1s lean further than the hidden ones, and a 1 that leans out of the strip is
missed: one fixed weight pattern detects one shape in one place.
""", f"""
在中间几列放正权重，在它们两旁放负权重：

    w = np.zeros((28, 28))
    w[:, 12:16] = 1.0      # 中间几列：正权重条带
    w[:, 9:12] = -1.0      # 左侧：负权重带
    w[:, 16:19] = -1.0     # 右侧：负权重带

1 的笔迹大多落在正权重条带上：加权和很大。0 的两侧落在负权重带上，中间除了上下两段弧
之外什么都没有，而这两段弧也会穿过负权重带：加权和很小或为负。

也在真实的测试数字上试试（`from mlpbook import neuron`）：加权和大于 0 时神经元被激活，
小于 0 时保持沉默。

    sums = neuron.weighted_sums(w, data.test_images)
    np.mean(sums[data.test_labels == 1] > 0)    {ones.zh}
    np.mean(sums[data.test_labels == 0] < 0)    {zeros.zh}

许多真实的 1 比隐藏的 1 倾斜得更厉害，而斜出条带的 1 就检测不到了：一个固定的权重图案
只能检测某个位置上的某一种形状。
""")


q2 = _SolvedOnData(
    "q2", T("A vertical edge detector that fires for 1s, not 0s",
            "对 1 激活、对 0 不激活的竖直边缘检测器"),
    statement=T(r"""
Build the 784 weights of a neuron, as a numpy array `w` of shape (28, 28), so that the neuron
responds to a 1 but not to a 0: with bias 0, its activation $\sigma(w \cdot a)$ must be above
0.5 (it fires) for every hidden 1 and below 0.5 for every hidden 0. The hidden digits are
28×28 drawings in the MNIST style (white ink on black, centred): upright or slightly slanted
1s, and 0s. Use a vertical edge detector: positive weights on a vertical strip, negative
weights around it. (When MNIST is on your machine, a right answer also tells you how the
neuron does on the real test 1s and 0s.)
""", r"""
搭建一个神经元的 784 个权重，写成形状为 (28, 28) 的 numpy 数组
`w`，使这个神经元对 1 有反应、对 0 没有反应：偏置为 0 时，它的激活值 $\sigma(w \cdot a)$ 对每个隐藏的
1 都必须大于 0.5（被激活），对每个隐藏的 0 都必须小于 0.5。隐藏的数字是 MNIST 风格的
28×28 手绘图（黑底白字，居中）：竖直或略微倾斜的 1，以及一些
0。请用一个竖直边缘检测器：在一条竖直条带上放正权重，在它周围放负权重。（如果你的机器上有
MNIST，答对时还会告诉你这个神经元在真实的测试 1 和 0 上表现如何。）
"""),
    checker=_check_q2,
    hints=[
        T("A 1 is a vertical stroke through the middle columns; a 0 is a ring whose sides are "
          "a few columns to the left and right of the middle, with an empty middle.",
          "1 是穿过中间几列的一道竖笔；0 是一个圈，它的两侧位于中间偏左和偏右几列的地方，"
          "中间是空的。"),
        T("Start from `w = np.zeros((28, 28))`, set `w[:, 12:16] = 1` (the strip) and give the "
          "three columns on each side of it negative weights.",
          "从 `w = np.zeros((28, 28))` 开始，令 `w[:, 12:16] = 1`（条带），再给条带两侧各三列"
          "负权重。"),
    ],
    solution=_q2_solution,
    reference=_vertical_edge(), starter=np.zeros((28, 28)), needs="array",
    mistakes=[(_vertical_edge().T, "horizontal"), (-_vertical_edge(), "sign"),
              (np.ones((28, 28)), "equal"), (np.zeros((28, 28)), "all your weights are 0"),
              (np.clip(_vertical_edge(), 0, None), "only positive weights")],
)

# --------------------------------------------------------------------------- q3
_Q3_THRESHOLD = 10


_Q3_CHECK = NumberAnswer(-_Q3_THRESHOLD, abs_tol=1e-9, what=T("a number", "一个数"), mistakes=[
    (_Q3_THRESHOLD, T(
        "Check the sign: with b = +10 the neuron fires when the weighted sum is "
        "above −10, not above 10. The bias must cancel the first 10 of the sum: "
        "σ(s + b) > 0.5 exactly when s + b > 0.",
        "检查符号：b = +10 时，加权和大于 −10 神经元就会被激活，而不是大于 10。偏置要抵消"
        "加权和的前 10：σ(s + b) > 0.5 当且仅当 s + b > 0。")),
    (0, T("With b = 0 the neuron fires as soon as the weighted sum is above 0 (σ(0) = 0.5). "
          "Move that threshold up to 10 with the bias.",
          "b = 0 时，加权和一旦大于 0，神经元就被激活（σ(0) = 0.5）。要用偏置把这个阈值"
          "提高到 10。")),
    (0.5, T("The 0.5 is the activation at the threshold, not the bias: σ(z) > 0.5 exactly "
            "when z > 0, so you need s + b > 0 exactly when s > 10.",
            "0.5 是阈值处的激活值，不是偏置：σ(z) > 0.5 当且仅当 z > 0，所以你需要让 "
            "s + b > 0 恰好在 s > 10 时成立。")),
    (-0.5, T("The 0.5 is the activation at the threshold, not the bias (and the sign is "
             "wrong too): σ(z) > 0.5 exactly when z > 0, so you need s + b > 0 exactly when "
             "s > 10.",
             "0.5 是阈值处的激活值，不是偏置（符号也不对）：σ(z) > 0.5 当且仅当 z > 0，"
             "所以你需要让 s + b > 0 恰好在 s > 10 时成立。")),
])


q3 = Exercise(
    "q3", T("A bias for a threshold", "用偏置设定阈值"),
    statement=T(r"""
A neuron computes $\sigma(s + b)$, where $s = w_1 a_1 + \dots + w_n a_n$ is its weighted sum
and $b$ its bias. We want it to fire (activation above 0.5) only when the weighted sum $s$ is
above 10. Which bias $b$ does that? Give a number.
""", r"""
一个神经元计算 $\sigma(s + b)$，其中 $s = w_1 a_1 + \dots + w_n a_n$ 是它的加权和，$b$ 是它的偏置。
我们希望它只在加权和 $s$ 大于 10 时才被激活（激活值大于 0.5）。哪个偏置 $b$
能做到这一点？请给出一个数。
"""),
    answer=_Q3_CHECK, needs='paper',
    hints=[
        T(r"$\sigma(z)$ is above 0.5 exactly when $z$ is above 0 ($\sigma(0) = 0.5$).",
          r"$\sigma(z)$ 大于 0.5 当且仅当 $z$ 大于 0（$\sigma(0) = 0.5$）。"),
        T("You need $s + b > 0$ to mean the same as $s > 10$.",
          "你需要让 $s + b > 0$ 与 $s > 10$ 的意思完全相同。"),
    ],
    solution=T(r"""
$b = -10$: then $s + b = s - 10 > 0$ exactly when $s > 10$, so $\sigma(s - 10) > 0.5$ exactly
when $s > 10$.

    from mlpbook.engine.reference import sigmoid
    sigmoid(9.9 - 10), sigmoid(10.1 - 10)     # just below and just above one half
""", r"""
$b = -10$：这时 $s + b = s - 10 > 0$ 当且仅当 $s > 10$，所以 $\sigma(s - 10) > 0.5$
当且仅当 $s > 10$。

    from mlpbook.engine.reference import sigmoid
    sigmoid(9.9 - 10), sigmoid(10.1 - 10)     # 一个略小于二分之一，一个略大于二分之一
"""),
    mistakes=[(_Q3_THRESHOLD, "sign"), (0, "threshold"), (0.5, "not the bias")],
)

# --------------------------------------------------------------------------- q4
_Q4_IN, _Q4_OUT = 784, 30


_Q4_CHECK = NumberAnswer(
    _Q4_IN * _Q4_OUT + _Q4_OUT, what=_WHOLE_NUMBER,
    whole=T("A parameter count is a whole number.", "参数的个数是整数。"), mistakes=[
        (_Q4_IN * _Q4_OUT, T(
            "You counted the weights but forgot the biases: each of the 30 neurons has one "
            "bias too.",
            "你数了权重，却忘了偏置：这 30 个神经元每个还各有一个偏置。")),
        (_Q4_IN + _Q4_OUT, T(
            "Each of the 30 neurons has its own 784 weights, one per input (one weight per "
            "connection), so multiply.",
            "30 个神经元中的每一个都有自己的 784 个权重，每个输入一个（每条连接一个权重），"
            "所以要相乘。")),
        (_Q4_IN * _Q4_OUT + _Q4_IN, T(
            "There is one bias per neuron of the layer (30), not one per input (784).",
            "偏置是这一层的每个神经元一个（30 个），而不是每个输入一个（784 个）。")),
        (_Q4_IN + 1, T("That is one neuron (784 weights and 1 bias); the layer has 30 of them.",
                       "这是一个神经元的参数（784 个权重和 1 个偏置）；这一层有 30 个这样的神经元。")),
        (_Q4_IN * _Q4_OUT + _Q4_OUT + _Q4_IN, T(
            "The inputs have no biases: only the 30 neurons of the layer do.",
            "输入没有偏置：只有这一层的 30 个神经元才有。")),
    ])


q4 = Exercise(
    "q4", T("Parameters of a layer of 30 neurons", "一层 30 个神经元的参数"),
    statement=T("""
A layer of 30 neurons reads all 784 pixels of an MNIST image: every one of the 30 neurons has
one weight per pixel and one bias. How many weights and biases (parameters) does the layer
have in all? Give a whole number.
""", """
一层 30 个神经元读取一张 MNIST 图像的全部 784 个像素：这 30
个神经元中的每一个都是每个像素一个权重，外加一个偏置。这一层一共有多少个权重和偏置（参数）？请给出一个整数。
"""),
    answer=_Q4_CHECK, needs='paper',
    hints=[
        T("One neuron has 784 weights and 1 bias.", "一个神经元有 784 个权重和 1 个偏置。"),
        T(r"The layer has 30 such neurons: $30 \cdot (784 + 1)$.",
          r"这一层有 30 个这样的神经元：$30 \cdot (784 + 1)$。"),
    ],
    solution=T(r"""
$784 \cdot 30 = 23{,}520$ weights plus 30 biases: 23,550 parameters. In numpy the weights
form a matrix of shape (30, 784) and the biases a vector of shape (30,).
""", r"""
$784 \cdot 30 = 23{,}520$ 个权重，加上 30 个偏置，共 23,550 个参数。在 numpy 中，权重构成一个形状为
(30, 784) 的矩阵，偏置构成一个形状为 (30,) 的向量。
"""),
    mistakes=[(_Q4_IN * _Q4_OUT, "forgot the biases"), (_Q4_IN + _Q4_OUT, "multiply"),
              (_Q4_IN * _Q4_OUT + _Q4_IN, "one bias per neuron")],
)

# --------------------------------------------------------------------------- q5
# The digit whose test images give the loop pattern (mlpbook.lessons.neuron.weight_pattern("loop"))
# the largest mean weighted sum, and the smallest. Computed on MNIST's 10,000 test images;
# chapter 2 asserts both, so they cannot drift from the data.
Q5_LARGEST = 0
Q5_SMALLEST = 1


_Q5_CHECK = NumberAnswer(Q5_LARGEST, what=_DIGIT, mistakes=[
    (8, T("An 8 has two loops, but each is small and sits above or below the middle; its "
          "crossing lands in the ring's negative hole. Compute the means and see.",
          "8 有两个圈，但每个都很小，分别位于中间的上方和下方；它的交叉点正落在圆环中间"
          "负权重的洞里。算一算平均值看看。")),
    (Q5_SMALLEST, T("That is the digit with the *smallest* mean: a 1 puts its ink right in "
                    "the negative hole. Which digit has the largest?",
                    "这是平均值*最小*的数字：1 的笔迹正好落在负权重的洞里。哪个数字的平均值最大？")),
    (6, T("A 6 has a loop, but a small one in its lower half. Compute the means per digit.",
          "6 有一个圈，但它很小，位于下半部分。按数字分别算出平均值。")),
    (9, T("A 9 has a loop, but a small one in its upper half. Compute the means per digit.",
          "9 有一个圈，但它很小，位于上半部分。按数字分别算出平均值。")),
])


q5 = Exercise(
    "q5", T("Which digit lights up the loop detector?", "哪个数字最能点亮圆环检测器？"),
    statement=T("""
An experiment. The weight pattern `neuron.weight_pattern("loop")` (from `mlpbook import
neuron`) is a ring of positive weights around a hole of negative weights in the middle of the
image. Compute its weighted sum for each of the 10,000 test images
(`neuron.weighted_sums(w, data.test_images)`), then the mean for each digit 0–9
(use `data.test_labels`). Which digit has the largest mean? Give the digit.
""", """
做个实验。权重图案 `neuron.weight_pattern("loop")`（来自 `from mlpbook import
neuron`）是一个由正权重构成的圆环，围着图像中间一个由负权重构成的洞。对 10,000
张测试图像分别算出它的加权和（`neuron.weighted_sums(w, data.test_images)`），再按数字 0–9 分别求平均值（用
`data.test_labels`）。哪个数字的平均值最大？请给出这个数字。
"""),
    answer=_Q5_CHECK, needs="mnist",
    hints=[
        T("`sums[data.test_labels == d].mean()` is the mean over the test images of digit d.",
          "`sums[data.test_labels == d].mean()` 是数字 d 的所有测试图像上的平均值。"),
        T("`np.argmax([sums[data.test_labels == d].mean() for d in range(10)])`.",
          "一行就能求出答案：`np.argmax([sums[data.test_labels == d].mean() for d in range(10)])`。"),
    ],
    solution=T("""
Per digit, the mean of the weighted sums:

    w = neuron.weight_pattern("loop")
    sums = neuron.weighted_sums(w, data.test_images)
    means = [sums[data.test_labels == d].mean() for d in range(10)]
    int(np.argmax(means))      # 0

A 0 is one big loop that fills the ring. An 8 or a 9 has loops too, but smaller ones and
off-centre, so they miss the ring: one fixed weight pattern is a detector of one shape in
one place, not of "loops" in general.
""", """
按数字分别求加权和的平均值：

    w = neuron.weight_pattern("loop")
    sums = neuron.weighted_sums(w, data.test_images)
    means = [sums[data.test_labels == d].mean() for d in range(10)]
    int(np.argmax(means))      # 0

0 是一个大圈，正好填满圆环。8 或 9 也有圈，但更小而且偏离中心，所以错过了圆环：一个固定的权重图案
只能检测某个位置上的某一种形状，而不是泛泛的“圈”。
"""),
    mistakes=[(8, "two loops"), (Q5_SMALLEST, "smallest"), (6, "small one")],
)

# --------------------------------------------------------------------------- q6
# A design question (how would you make a neuron find edges?) with a value to check: the
# weighted sum of a tiny patch under a 3x3 horizontal-edge kernel. Every number shown and
# every mistake below is computed from these two arrays.
Q6_KERNEL = np.array([[-1, -1, -1],
                      [2, 2, 2],
                      [-1, -1, -1]], dtype=float)
Q6_PATCH = np.array([[0.0, 0.1, 0.0],
                     [0.9, 1.0, 0.8],
                     [0.2, 0.0, 0.1]])
_Q6_ANSWER = float(np.sum(Q6_KERNEL * Q6_PATCH))                         # 5.0
_Q6_POSITIVE_ONLY = float(np.sum(np.clip(Q6_KERNEL, 0, None) * Q6_PATCH))  # 5.4
_Q6_ON_ITS_SIDE = float(np.sum(Q6_KERNEL.T * Q6_PATCH))                  # 0.2
_Q6_INK = float(np.sum(Q6_PATCH))                                          # 3.1
_Q6_MEAN = float(np.mean(Q6_KERNEL * Q6_PATCH))
_Q6_SIGMA = float(_ref.sigmoid(_Q6_ANSWER))


def _array_code(name, m, comment=""):
    """``name = np.array([[...], ...])`` with the columns lined up, as a code block."""
    cells = [[f"{v:g}" if float(v).is_integer() and np.all(m == np.round(m)) else f"{v:.1f}"
              for v in row] for row in m]
    width = max(len(c) for row in cells for c in row)
    lead = f"{name} = np.array(["
    rows = ["[" + ", ".join(c.rjust(width) for c in row) + "]" for row in cells]
    body = (",\n" + " " * (4 + len(lead))).join(rows)
    return f"    {lead}{body}]){'    # ' + comment if comment else ''}"


_Q6_MISTAKES = [
    (_Q6_POSITIVE_ONLY, T(
        "That counts only the positive weights (the middle row). The rows above and below have "
        "the negative weight −1: their pixels count against the neuron, so subtract them.",
        "你只算了正权重（中间一行）。上下两行的权重是负的（−1）：它们的像素是在减分，要减掉。")),
    (-_Q6_ANSWER, T(
        "Right size, wrong sign: the middle row has the positive weights (2) and the rows "
        "above and below the negative ones (−1).",
        "大小对了，符号错了：中间一行的权重是正的（2），上下两行的权重是负的（−1）。")),
    (_Q6_INK, T(
        "That is the ink in the patch, all nine pixels added up, as if every weight were 1. "
        "Multiply each pixel by the weight in the same place first.",
        "这是这块像素里的全部笔迹，九个像素直接相加，就好像每个权重都是 1。"
        "要先把每个像素乘以同一位置上的权重。")),
    (_Q6_ON_ITS_SIDE, T(
        "That is the kernel turned on its side (its rows used as columns): a vertical edge "
        "detector. Lay the kernel on the patch as printed: row on row, column on column.",
        "这是把权重转了九十度（把它的行当成了列）：一个竖直边缘检测器。"
        "要按印出来的样子把权重叠在像素块上：行对行，列对列。")),
    (_Q6_MEAN, T(
        "That is the mean of the nine products; the weighted sum adds them up.",
        "这是九个乘积的平均值；加权和是把它们加起来。")),
    (_Q6_SIGMA, T(
        "You applied σ: that is the neuron's activation. The question asks for the weighted "
        "sum, the number that goes into σ.",
        "你用了 σ：那是神经元的激活值。题目问的是加权和，也就是送进 σ 的那个数。")),
]

_Q6_CHECK = NumberAnswer(
    _Q6_ANSWER, what=T("a number", "一个数"), mistakes=_Q6_MISTAKES,
    praise=T("Right: the bright middle row earns 2 × {row:g} = {earn:g}, the six pixels above "
             "and below cost {cost:g}. A patch that is evenly lit gives 0, whatever its "
             "brightness, because the nine weights add up to 0: only a bright row between dark "
             "ones, an edge, gives a large sum.",
             "对：明亮的中间一行挣得 2 × {row:g} = {earn:g}，上下六个像素扣掉 {cost:g}。"
             "均匀照亮的像素块，不管多亮，加权和都是 0，因为九个权重加起来是 0："
             "只有夹在暗行之间的一行亮像素，也就是边缘，才给出很大的和。").format(
        row=float(Q6_PATCH[1].sum()), earn=2 * float(Q6_PATCH[1].sum()),
        cost=float(Q6_PATCH[0].sum() + Q6_PATCH[2].sum())))

_Q6_CODE_EN = (_array_code("kernel", Q6_KERNEL, "the weights") + "\n"
               + _array_code("patch", Q6_PATCH, "the pixels (1 = white ink)"))
_Q6_CODE_ZH = (_array_code("kernel", Q6_KERNEL, "权重") + "\n"
               + _array_code("patch", Q6_PATCH, "像素（1 = 白色笔迹）"))
_Q6_ROW = " + ".join(f"{v:.1f}" for v in Q6_PATCH[1])
_Q6_AROUND = " + ".join(f"{v:.1f}" for v in np.concatenate([Q6_PATCH[0], Q6_PATCH[2]]))

q6 = Exercise(
    "q6", T("How would you make a neuron find edges?", "怎样让一个神经元找到边缘？"),
    statement=T(rf"""
A design question, in the spirit of the video: how would you make a neuron find an *edge*,
say a short horizontal stroke of ink in one place of the image? Decide which of its weights
you would make positive, which negative and which zero, and why; the hints and the solution
discuss it.

Then check the idea on a tiny example. A neuron that looks at only 3×3 pixels has the weights
`kernel` (bias 0) and sees the pixels `patch`:

{_Q6_CODE_EN}

What is its weighted sum $\sum_i w_i a_i$ for this patch? Give a number.
""", rf"""
一个设计问题，和视频里一样：你会怎样让一个神经元找到*边缘*，比如图像某处一小段水平的笔迹？
想一想：它的哪些权重应当为正，哪些为负，哪些为零，为什么？提示和解答会讨论这个问题。

然后在一个很小的例子上检验这个想法。一个只看 3×3 个像素的神经元的权重是 `kernel`（偏置为
0），它看到的像素是 `patch`：

{_Q6_CODE_ZH}

它对这块像素的加权和 $\sum_i w_i a_i$ 是多少？请给出一个数。
"""),
    answer=_Q6_CHECK, needs="paper",
    hints=[
        T("An edge is where the brightness changes: a stroke of ink is a bright row with dark "
          "rows above and below it. Which pixels should count *for* the neuron, and which "
          "*against* it?",
          "边缘是亮度发生变化的地方：一笔笔迹就是一行亮像素，上下各有暗的一行。"
          "哪些像素应当为这个神经元*加分*，哪些应当*减分*？"),
        T("Positive weights where the ink should be, negative weights around it: that is what "
          "`kernel` does. For the number, multiply each pixel by the weight in the same place "
          "and add up the nine products.",
          "在笔迹应当出现的地方放正权重，在它周围放负权重：`kernel` 就是这样做的。"
          "至于那个数：把每个像素乘以同一位置上的权重，再把九个乘积加起来。"),
        T(rf"The middle row gives $2 \cdot ({_Q6_ROW})$; each of the other six pixels counts "
          rf"with weight $-1$.",
          rf"中间一行给出 $2 \cdot ({_Q6_ROW})$；其余六个像素各以权重 $-1$ 计入。"),
    ],
    solution=T(rf"""
Give the neuron positive weights on the pixels where the stroke should be, negative weights on
the pixels just around it, and zero weights everywhere else. Ink on the stroke then raises the
weighted sum, ink that spills above or below lowers it, and the sum is large only for a bright
stroke with darkness around it: an edge. Choose the negative weights so that all the weights
add up to 0: then an area that is evenly lit, however bright, gives 0, and a big blob of ink
does not pass for an edge. The bias then says how clear the edge must be before the neuron
fires: $\sigma(s + b) > 0.5$ exactly when $s > -b$.

For the patch:

    np.sum(kernel * patch)      # {_Q6_ANSWER:g}

by hand $2 \cdot ({_Q6_ROW}) - ({_Q6_AROUND}) = {_Q6_ANSWER:g}$. The same patch turned on its
side, a vertical stroke, gives only {float(np.sum(Q6_KERNEL * Q6_PATCH.T)):.1f}: the neuron ignores
it. The chapter's horizontal edge detector is this idea at full size (a strip of +1 two rows
high, a band of −0.5 above and below it), and q2's vertical detector turns it on its side. Other
places and orientations need other neurons: the video's hope is that a trained network's first
hidden layer ends up with detectors like these.
""", rf"""
在笔迹应当出现的像素上放正权重，在紧挨着它的周围像素上放负权重，其余地方的权重都取零。
这样，落在笔画上的笔迹会增大加权和，溢出到上方或下方的笔迹会减小它，只有周围暗、中间亮的
一笔，也就是边缘，才让加权和很大。负权重要取得让全部权重加起来等于 0：这样，均匀照亮的区域
不管多亮都给出 0，一大团笔迹也就冒充不了边缘。偏置再来决定边缘要多清楚
神经元才被激活：$\sigma(s + b) > 0.5$ 当且仅当 $s > -b$。

对这块像素：

    np.sum(kernel * patch)      # {_Q6_ANSWER:g}

手算是 $2 \cdot ({_Q6_ROW}) - ({_Q6_AROUND}) = {_Q6_ANSWER:g}$。把同一块像素转九十度，变成一道竖笔，
加权和只有 {float(np.sum(Q6_KERNEL * Q6_PATCH.T)):.1f}：这个神经元对它视而不见。本章的水平边缘检测器
就是这个想法的全尺寸版本（两行高的 +1 条带，上下各一条 −0.5 的负权重带），而 q2 的竖直检测器
是把它转了九十度。别的位置、别的方向需要别的神经元：视频希望的是，训练好的网络的第一个隐含层
最终会有这样的检测器。
"""),
    mistakes=[(_Q6_POSITIVE_ONLY, "negative"), (-_Q6_ANSWER, "sign"), (_Q6_INK, "ink"),
              (_Q6_ON_ITS_SIDE, "on its side"), (_Q6_MEAN, "mean"), (_Q6_SIGMA, "σ")],
)

EXERCISES = ExerciseSet("Chapter 2", [q1, q2, q3, q4, q5, q6])
progress = EXERCISES.progress
