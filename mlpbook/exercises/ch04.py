"""Exercises for chapter 4: the cost of the network.

Convention: these exercises use the video's quadratic cost of one image,
C = Σ_j (a_j − y_j)², without the ½ that mlpbook's training code puts in front
(the ½ only tidies the derivative).  An answer that is off by exactly that ½
gets a message saying so.
"""

import numpy as np

from ..engine import reference
from .answers import NumberAnswer
from .core import Exercise, ExerciseSet, T, Wrong, expect_function


def _one_hot(label, n=10):
    return reference.one_hot(int(label), n)


# ---------------------------------------------------------------------- q1: one image
_Q1_OUTPUT = np.array([0.05, 0.10, 0.02, 0.30, 0.01, 0.08, 0.02, 0.62, 0.04, 0.20])
_Q1_LABEL = 7
_Q1_Y = _one_hot(_Q1_LABEL)
_Q1_ANSWER = float(np.sum((_Q1_OUTPUT - _Q1_Y) ** 2))
_Q1_RIGHT_TERM = float((_Q1_OUTPUT[_Q1_LABEL] - 1.0) ** 2)
_Q1_MISTAKES = [
    (float(np.sum(_Q1_OUTPUT - _Q1_Y)),
     T("You forgot to square the differences: without the square, outputs that are too high "
       "and too low cancel out. Square each difference, then add.",
       "你忘了把差值平方：不平方的话，偏高的输出和偏低的输出会相互抵消。先把每个差值平方，"
       "再相加。")),
    (float(np.sum(np.abs(_Q1_OUTPUT - _Q1_Y))),
     T("That adds the absolute differences; this cost adds their squares. Square each "
       "difference, then add.",
       "这是把差值的绝对值相加；这个代价要加的是差值的平方。先把每个差值平方，再相加。")),
    (float(np.sum((_Q1_OUTPUT - _Q1_LABEL) ** 2)),
     T("You compared each output with the label digit 7 itself. The desired output is the "
       "one-hot vector: 1 at position 7, 0 at the other nine positions.",
       "你把每个输出都和标签数字 7 本身作了比较。期望输出是独热向量：位置 7 上为 1，"
       "其余九个位置为 0。")),
    (0.5 * _Q1_ANSWER,
     T("That is exactly half the answer: you used the ½ convention mlpbook uses for training. "
       "This exercise asks for the video's cost, the plain sum without the ½.",
       "这恰好是答案的一半：你用了 mlpbook 训练时采用的 ½ 约定。这道题要的是视频里的代价，"
       "也就是不带 ½ 的直接求和。")),
    (float((_Q1_OUTPUT[_Q1_LABEL] - 1.0) ** 2),
     T("That is only the term of the right digit. The cost adds up all ten outputs: the "
       "wrong digits should be 0, and every bit of activation there costs too.",
       "这只是正确数字那一项。代价要把十个输出全部加起来：错误数字的输出应当为 0，"
       "它们上面的每一点激活值也都要付出代价。")),
    (float(np.mean((_Q1_OUTPUT - _Q1_Y) ** 2)),
     T("That is the mean over the ten outputs; the cost of one image is their sum.",
       "这是对十个输出取的平均值；一张图像的代价是它们的和。")),
]


_Q1_CHECK = NumberAnswer(_Q1_ANSWER, digits=3, mistakes=_Q1_MISTAKES,
                         what=T("a number", "一个数"))


q1 = Exercise(
    "q1", T("The cost of one image", "一张图像的代价"),
    statement=T(rf"""
For an image of a {_Q1_LABEL}, the network's 10 output activations (for the digits 0 to 9) are

    a = np.array({_Q1_OUTPUT.tolist()})

Compute the cost of this one image as in the video: the sum over the ten outputs of the
squared difference between the output and the desired output, $\sum_j (a_j - y_j)^2$ (no
$\tfrac12$ in front). Check a single number.
""", rf"""
对一张 {_Q1_LABEL} 的图像，网络的 10 个输出激活值（依次对应数字 0 到 9）是

    a = np.array({_Q1_OUTPUT.tolist()})

按视频中的方式计算这一张图像的代价：对十个输出，把输出与期望输出之差的平方加起来，即
$\sum_j (a_j - y_j)^2$（前面没有 $\tfrac12$）。答案是一个数。
"""),
    answer=_Q1_CHECK, needs='paper',
    hints=[
        T(f"The desired output $y$ is one-hot: `np.zeros(10)` with `y[{_Q1_LABEL}] = 1`.",
          f"期望输出 $y$ 是独热的：先取 `np.zeros(10)`，再令 `y[{_Q1_LABEL}] = 1`。"),
        T("Then `np.sum((a - y) ** 2)`.", "然后计算 `np.sum((a - y) ** 2)`。"),
    ],
    solution=T(rf"""
With the one-hot desired output:

    y = np.zeros(10); y[{_Q1_LABEL}] = 1.0
    cost = np.sum((a - y) ** 2)      # {_Q1_ANSWER:.4f}

The right digit contributes $({_Q1_OUTPUT[_Q1_LABEL]:g} - 1)^2 = {_Q1_RIGHT_TERM:.4f}$; the
nine wrong digits add the squares of their activations, {_Q1_ANSWER - _Q1_RIGHT_TERM:.4f} in
all.
""", rf"""
用独热的期望输出来算：

    y = np.zeros(10); y[{_Q1_LABEL}] = 1.0
    cost = np.sum((a - y) ** 2)      # {_Q1_ANSWER:.4f}

正确数字贡献 $({_Q1_OUTPUT[_Q1_LABEL]:g} - 1)^2 = {_Q1_RIGHT_TERM:.4f}$；九个错误数字各贡献自己激活值的平方，
这九项之和是 {_Q1_ANSWER - _Q1_RIGHT_TERM:.4f}；两部分相加，就是这张图像的代价 {_Q1_ANSWER:.4f}。
"""),
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
        return T("You added up the costs of the images instead of averaging them: divide by "
                 "the number of images. The cost of the network is the average, so it does not "
                 "grow with the size of the data set.",
                 "你把各张图像的代价加了起来，而没有取平均：要除以图像的数目。网络的代价是"
                 "平均值，所以它不会随数据集的大小而增长。")
    if np.isclose(ratio, 0.5):
        return T("That is exactly half the answer: you used the ½ convention. Here the cost of "
                 "one image is the video's Σ (a − y)² without the ½.",
                 "这恰好是答案的一半：你用了 ½ 约定。这里一张图像的代价是视频里的 Σ (a − y)²，"
                 "不带 ½。")
    if np.isclose(ratio, 0.1):
        return T("np.mean over the whole (n, 10) array divides by n × 10, averaging over the ten "
                 "outputs too. Sum over the outputs of each image (axis=1) first, then average "
                 "over the images.",
                 "对整个 (n, 10) 数组用 np.mean 会除以 n × 10，连十个输出也一起平均了。"
                 "先对每张图像的输出求和（axis=1），再对图像取平均。")
    by_digit = np.mean(np.sum((outputs - labels[:, None]) ** 2, axis=1))
    if np.isclose(got, by_digit):
        return T("You compared the outputs with the label digits themselves; compare them with "
                 "the one-hot desired outputs (1 at the label's position, 0 elsewhere).",
                 "你把输出和标签数字本身作了比较；应当和独热的期望输出比较（标签所在的位置为 1，"
                 "其余为 0）。")
    return None


def _check_q2(func):
    try:
        expect_function(func, _q2_cases(), _mean_cost, diagnose=_diagnose_q2,
                        what=T("your mean_cost", "你的 mean_cost 函数"), rtol=1e-6)
    except Wrong as wrong:
        message = wrong.args[0] if wrong.args else ""
        en = getattr(message, "en", str(message))
        if "shape" in en and "but shape () is expected" in en:
            zh = getattr(message, "zh", None) or en
            raise Wrong(T(f"{en} Return one number: the average of the per-image costs.",
                          f"{zh}请只返回一个数：各张图像代价的平均值。")) from None
        raise


q2 = Exercise(
    "q2", T("The cost of the network: an average", "网络的代价：一个平均值"),
    statement=T(r"""
Write `mean_cost(outputs, labels)`: `outputs` has one row of 10 output activations per image (shape `(n, 10)`), `labels` holds the $n$ right digits (integers). Return one number: the average over the $n$ images of each image's cost $\sum_j (a_j - y_j)^2$ (the video's form, no $\tfrac12$).

It is checked on batches you do not see.
""", r"""
编写 `mean_cost(outputs, labels)`：`outputs` 的每一行是一张图像的 10 个输出激活值（形状为 `(n, 10)`），`labels` 存放这 $n$ 张图像的正确数字（整数）。返回一个数：$n$ 张图像各自的代价 $\sum_j (a_j - y_j)^2$（视频中的形式，不带 $\tfrac12$）的平均值。

检查时用的是几批你看不到的数据。
"""),
    checker=_check_q2,
    hints=[
        T("Build the one-hot desired outputs: `Y = np.zeros_like(outputs)`, then "
          "`Y[np.arange(len(labels)), labels] = 1` (or `mlpbook.engine.reference.one_hot(labels, 10)`).",
          "先构造独热的期望输出：`Y = np.zeros_like(outputs)`，再令 "
          "`Y[np.arange(len(labels)), labels] = 1`（或者用 `mlpbook.engine.reference.one_hot(labels, 10)`）。"),
        T("Per image: `np.sum((outputs - Y) ** 2, axis=1)`; then take the mean of those $n$ "
          "numbers.",
          "每张图像的代价：`np.sum((outputs - Y) ** 2, axis=1)`；再对这 $n$ 个数取平均。"),
    ],
    solution=T(r"""
The cost of each image, then their average:

    def mean_cost(outputs, labels):
        Y = np.zeros_like(outputs)
        Y[np.arange(len(labels)), labels] = 1.0
        per_image = np.sum((outputs - Y) ** 2, axis=1)
        return per_image.mean()

`net.mean_cost(X, y)` does the same, with the $\tfrac12$ of mlpbook's convention.
""", r"""
先算每张图像的代价，再取平均：

    def mean_cost(outputs, labels):
        Y = np.zeros_like(outputs)
        Y[np.arange(len(labels)), labels] = 1.0
        per_image = np.sum((outputs - Y) ** 2, axis=1)   # 每张图像的代价
        return per_image.mean()

`net.mean_cost(X, y)` 做的是同一件事，只是按 mlpbook 的约定带上了 $\tfrac12$。
"""),
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
        return T("Missing minus sign: ln of a probability is negative, and a cost should be "
                 "positive. The cross-entropy is −ln a[label].",
                 "少了负号：概率的 ln 是负数，而代价应当是正数。交叉熵是 −ln a[label]。")
    if np.isclose(got, expected / np.log(10)):
        return T("That is log base 10; use the natural log, np.log.",
                 "这是以 10 为底的对数；请用自然对数 np.log。")
    if np.isclose(got, -np.sum(np.log(a))):
        return T("You added −ln over all ten outputs. With a one-hot desired output only the "
                 "right digit's entry counts: −ln a[label].",
                 "你把十个输出的 −ln 全都加了起来。期望输出是独热的，所以只有正确数字那一项"
                 "起作用：−ln a[label]。")
    for k in range(len(a)):
        if k != label and np.isclose(got, -np.log(a[k])):
            which = (T("the brightest output", "最亮的那个输出") if k == np.argmax(a)
                     else T("entry {k}", "下标为 {k} 的项").format(k=k))
            return T("You took the log of the wrong entry ({which}). Use the output of the "
                     "right digit: −ln a[label], here label = {label}.",
                     "你对错误的一项（{which_zh}）取了对数。应当用正确数字的输出：−ln a[label]，"
                     "这里 label = {label}。").format(which=which.en, which_zh=which.zh,
                                                     label=label)
    return None


def _check_q3(func):
    expect_function(func, _q3_cases(), _cross_entropy, diagnose=_diagnose_q3,
                    what=T("your cross_entropy", "你的 cross_entropy 函数"))


q3 = Exercise(
    "q3", T("Cross-entropy of a softmax output", "softmax 输出的交叉熵"),
    statement=T(r"""
A softmax output layer gives 10 positive numbers that add up to 1, read as the network's probabilities for the digits 0 to 9. Write `cross_entropy(a, label)` that returns the cross-entropy cost of one image: minus the natural log of the probability given to the right digit `label`, $-\ln a_k$ for the right digit $k$. Return one number.

It is checked on outputs you do not see.
""", r"""
softmax 输出层给出 10 个加起来等于 1 的正数，把它们读作网络给数字 0 到 9 的概率。编写 `cross_entropy(a, label)`，返回一张图像的交叉熵代价：正确数字 `label` 所得概率的自然对数，再取负号，即对正确数字 $k$ 取 $-\ln a_k$。返回一个数。

检查时用的是你看不到的输出。
"""),
    checker=_check_q3,
    hints=[
        T("Only one entry of `a` matters: `a[label]`.", "`a` 中只有一项要紧：`a[label]`。"),
        T("One line: `return -np.log(a[label])`.", "一行就够：`return -np.log(a[label])`。"),
    ],
    solution=T(r"""
One line:

    def cross_entropy(a, label):
        return -np.log(a[label])

The general formula $-\sum_j y_j \ln a_j$ reduces to this because the one-hot $y$ is 0 except
at the label. A confident right answer (`a[label]` near 1) costs almost nothing; a confident
wrong one (`a[label]` near 0) costs a lot.
""", r"""
一行就够：

    def cross_entropy(a, label):
        return -np.log(a[label])

一般公式 $-\sum_j y_j \ln a_j$ 之所以化简成这样，是因为独热的 $y$ 除了标签所在的位置之外全为 0。
自信的正确答案（`a[label]` 接近 1）几乎没有代价；自信的错误答案（`a[label]` 接近 0）代价很高。
"""),
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
    (_Q4_ANSWER / 2, T("That is half the answer: use the video's cost, without the ½.",
                       "这是答案的一半：请用视频里的代价，不带 ½。")),
    (_Q4_RIGHT_TERM, T("0.64 is only the right digit's term (0.2 − 1)². The nine wrong digits "
                       "each add (0.2 − 0)² too.",
                       "0.64 只是正确数字那一项 (0.2 − 1)²。九个错误数字也各自要加上 "
                       "(0.2 − 0)²。")),
    (_Q4_WRONG_TERMS, T("0.36 is only the nine wrong digits' terms, 9 × 0.2²; the right digit "
                        "adds (0.2 − 1)² too.",
                        "0.36 只是九个错误数字的项 9 × 0.2²；正确数字还要加上 (0.2 − 1)²。")),
    (60_000 * _Q4_ANSWER, T("That is the total over all images; the cost of the network is "
                            "the average, not the sum.",
                            "这是所有图像代价的总和；网络的代价是平均值，不是总和。")),
    (_Q4_ANSWER / 10, T("You averaged over the ten outputs as well; the cost of one image "
                        "is the sum over its outputs, then average over the images.",
                        "你把十个输出也平均了；一张图像的代价是它各个输出项之和，"
                        "然后再对图像取平均。")),
]


_Q4_CHECK = NumberAnswer(_Q4_ANSWER, rel=1e-3, mistakes=_Q4_MISTAKES,
                         what=T("a number", "一个数"), praise=T("Right: every image costs (0.2 − 1)² + 9 × 0.2² = 0.64 + 0.36 = 1.0, whatever digit "
             "it shows, so the average is 1.0 too. Compare it with the random network's cost in "
             "this chapter: a network that knows nothing but outputs 0.2 everywhere scores better "
             "than one that shouts random nonsense.",
             "对：每张图像的代价都是 (0.2 − 1)² + 9 × 0.2² = 0.64 + 0.36 = 1.0，不管它是哪个"
             "数字，所以平均值也是 1.0。把它和本章里随机网络的代价比一比：一个什么都不懂、"
             "只会处处输出 0.2 的网络，得分反而比胡乱喊叫的随机网络更好。"))


q4 = Exercise(
    "q4", T("A network that always says 0.2", "一个总是说 0.2 的网络"),
    statement=T(r"""
Imagine a lazy network that ignores its input and sets every one of its 10 output activations to 0.2 for every image. What is its cost, the average over all 60,000 training images of $\sum_j (a_j - y_j)^2$ (the video's form, no $\tfrac12$)?

You can reason it out, or compute it with `np.full((60_000, 10), 0.2)` and the training labels. Check a single number.
""", r"""
设想一个偷懒的网络：它不理会输入，对每一张图像都把 10 个输出激活值全部设为 0.2。它的代价是多少？也就是在全部 60,000 张训练图像上 $\sum_j (a_j - y_j)^2$（视频中的形式，不带 $\tfrac12$）的平均值。

你可以推理出来，也可以用 `np.full((60_000, 10), 0.2)` 和训练标签算出来。答案是一个数。
"""),
    answer=_Q4_CHECK, needs="paper",
    hints=[
        T("Every image has one right digit, whose desired output is 1, and nine wrong ones, "
          "whose desired output is 0.",
          "每张图像都有一个正确数字，它的期望输出是 1；还有九个错误数字，期望输出是 0。"),
        T(r"One image costs $(0.2 - 1)^2 + 9 \times (0.2 - 0)^2$; does it depend on which digit "
          r"it is?",
          r"一张图像的代价是 $(0.2 - 1)^2 + 9 \times (0.2 - 0)^2$；它和图像上是哪个数字有关吗？"),
    ],
    solution=T(r"""
Each image costs $(0.2 - 1)^2 + 9 \times 0.2^2 = 0.64 + 0.36 = 1.0$, whichever digit it
shows, so the average over 60,000 images is 1.0 as well. In code:

    outputs = np.full((60_000, 10), 0.2)
    Y = np.eye(10)[data.train_labels]
    np.mean(np.sum((outputs - Y) ** 2, axis=1))     # 1.0
""", r"""
每张图像的代价都是 $(0.2 - 1)^2 + 9 \times 0.2^2 = 0.64 + 0.36 = 1.0$，不管它是哪个数字，
所以 60,000 张图像上的平均值也是 1.0。用代码算：

    outputs = np.full((60_000, 10), 0.2)
    Y = np.eye(10)[data.train_labels]                # 独热的期望输出
    np.mean(np.sum((outputs - Y) ** 2, axis=1))     # 1.0
"""),
    mistakes=[(value, phrase) for value, phrase in zip(
        [m[0] for m in _Q4_MISTAKES],
        ["without the ½", "only the right digit", "only the nine wrong digits",
         "average, not the sum", "averaged over the ten outputs"])],
)

EXERCISES = ExerciseSet("Chapter 4", [q1, q2, q3, q4])
progress = EXERCISES.progress
