"""Exercises for chapter 7: training on MNIST, reading a confusion matrix.

q3 is an experiment. Its answer (two validation accuracies: settings are chosen on validation
images, never on test images) and the values of its typical mistakes are measured by
:func:`learning_rate_runs`, which trains the networks of the question when they are first
needed (a few seconds once MNIST is loaded) and remembers them for the session; nothing about
them is typed in here.
"""

import dataclasses

import numpy as np

from ..engine.data import DataError
from ..engine.recipes import CLASSIC
from .answers import DigitPairAnswer, NumberAnswer, VectorAnswer
from .core import Exercise, ExerciseSet, T, Wrong, as_number, expect_function
from .rendering import both

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
        return T("You computed the share of the OFF-diagonal entries: that is the error rate, "
                 "the fraction of mistakes. Accuracy counts the diagonal.",
                 "你算的是对角线以外各项所占的比例：那是错误率，即出错的比例。"
                 "准确率数的是对角线上的项。")
    if np.isclose(g, _mean_per_digit(m)):
        return T("You averaged the per-digit accuracies (diagonal / row sum, row by row). Rows "
                 "hold different numbers of images, so that average weighs a rare digit as much "
                 "as a common one; the accuracy divides the whole diagonal by ALL images.",
                 "你把每个数字各自的准确率（逐行算 对角线 / 行和）取了平均。各行的图像数量不同，"
                 "这样的平均让少见的数字和常见的数字分量一样重；准确率是用整条对角线之和除以"
                 "全部图像的数量。")
    if np.isclose(g, _correct_count(m)):
        return T("That is the count of correct answers; divide it by the number of images (the "
                 "sum of every entry) to get a fraction.",
                 "这是答对的个数；再除以图像的数量（所有项之和），才得到一个比例。")
    if np.isclose(g, 100 * float(expected)):
        return T("That is a percentage; return the accuracy as a fraction between 0 and 1.",
                 "这是百分数；请把准确率作为 0 到 1 之间的比例返回。")
    if _divided_by_one_line(m, g):
        return T("You divided by a single row sum; divide by the total of the whole matrix "
                 "(every image appears in exactly one cell).",
                 "你只除以了一行的和；应当除以整个矩阵的总和（每张图像恰好出现在一个格子里）。")
    return None


def _check_q1(func):
    expect_function(func, _Q1_CASES, _accuracy_from_confusion, diagnose=_q1_diagnose,
                    what=T("accuracy_from_confusion", "函数 accuracy_from_confusion "))


q1 = Exercise(
    "q1", title=T("Accuracy from a confusion matrix", "由混淆矩阵求准确率"),
    statement=T("""
Write `accuracy_from_confusion(m)`: given a confusion matrix `m` (a square numpy array of counts,
row = true digit, column = predicted digit), return the accuracy as a fraction between 0 and 1.
It is checked on several hidden matrices, where digits have different numbers of images.
""", "编写 `accuracy_from_confusion(m)`：给定混淆矩阵 `m`（由计数构成的 numpy 方阵，"
        "行 = 真实数字，列 = 预测数字），返回准确率，即 0 到 1 之间的一个比例。"
        "检查时会用几个隐藏的矩阵，其中各个数字的图像数量各不相同。"),
    checker=_check_q1,
    hints=[
        T("Each image is counted in exactly one cell: the row of its true digit, the column of "
          "the network's answer. Which cells are the correct answers?",
          "每张图像恰好计入一个格子：它真实数字所在的行、网络答案所在的列。"
          "哪些格子是答对的？"),
        T("The correct answers are on the diagonal: `np.trace(m)`; the number of images is "
          "`m.sum()`.",
          "答对的都在对角线上：`np.trace(m)`；图像的数量是 `m.sum()`。"),
    ],
    solution=T(r"""
The diagonal over the total:

    def accuracy_from_confusion(m):
        m = np.asarray(m)
        return np.trace(m) / m.sum()

The diagonal counts the images whose prediction equals their label; the sum of all cells is
the number of images. (The off-diagonal share is the error rate, $1 - \text{accuracy}$.)
""", r"""
对角线之和除以总数：

    def accuracy_from_confusion(m):
        m = np.asarray(m)
        return np.trace(m) / m.sum()

对角线统计的是预测与标签相同的图像；所有格子之和就是图像的数量。
（对角线以外各项所占的比例是错误率，即 $1 - \text{准确率}$。）
"""),
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
_OFF_DIAGONAL = CONFUSION - np.diag(np.diag(CONFUSION))
#: The most frequent confusion, (true digit, predicted digit): the largest cell off the diagonal.
_Q2_TRUE, _Q2_PRED = (int(i) for i in np.unravel_index(np.argmax(_OFF_DIAGONAL),
                                                        CONFUSION.shape))


def _confusion_code(comment, true):
    """``CONFUSION`` as a code block the reader can read on paper (or paste into Python)."""
    width = max(len(str(v)) for v in CONFUSION.ravel())
    rows = [f"        [{', '.join(f'{v:>{width}}' for v in row)}],  # {true} {d}"
            for d, row in enumerate(CONFUSION)]
    digits = "  ".join(f"{d:>{width}}" for d in range(len(CONFUSION)))
    return "\n".join([f"    # {comment}", f"    #    {digits}", "    CONFUSION = np.array([",
                      *rows, "    ])"])


def _pair(answer):
    if isinstance(answer, (str, bytes, dict, set)) or callable(answer):
        raise Wrong(T("Expected a pair of digits such as (3, 5), got {kind}.",
                      "这里需要一对数字，例如 (3, 5)，得到的却是 {kind}。").format(
            kind=type(answer).__name__))
    try:
        values = [as_number(v, T("a digit", "一个数字"))
                  for v in np.asarray(answer, dtype=object).ravel()]
    except TypeError:
        raise Wrong(T("Expected a pair of digits such as (3, 5), got {answer!r}.",
                      "这里需要一对数字，例如 (3, 5)，得到的却是 {answer!r}。").format(
            answer=answer)) from None
    if len(values) == 3 and values[2] == CONFUSION[_Q2_TRUE, _Q2_PRED]:
        values = values[:2]  # (true, predicted, count) is fine too
    if len(values) != 2:
        raise Wrong(T("Expected two numbers, (true digit, predicted digit); got {n}.",
                      "这里需要两个数（真实数字，预测数字）；得到的却是 {n} 个。").format(
            n=len(values)))
    if any(v != int(v) or not 0 <= v <= 9 for v in values):
        raise Wrong(T("Both entries must be digits from 0 to 9: (true digit, predicted digit).",
                      "两项都必须是 0 到 9 的数字：（真实数字，预测数字）。"))
    return int(values[0]), int(values[1])


def _judge_q2(pair):
    true, pred = pair
    if (true, pred) == (_Q2_TRUE, _Q2_PRED):
        return T("Yes: {n} images of a {true} were called {pred} (and only {back} the other "
                 "way round).",
                 "对：有 {n} 张 {true} 的图像被认成了 {pred}（反过来只有 {back} 张）。").format(
            n=CONFUSION[true, pred], true=true, pred=pred, back=CONFUSION[pred, true])
    if (true, pred) == (_Q2_PRED, _Q2_TRUE):
        raise Wrong(T("Right pair, wrong order: rows are the true digits and columns the "
                      "predictions, so the cell in row i, column j counts true i called j.",
                      "这对数字找对了，顺序却反了：行是真实数字，列是预测，所以第 i 行、第 j 列的"
                      "格子统计的是真实为 i 却被认成 j 的图像。"))
    if true == pred:
        raise Wrong(T("That cell is on the diagonal: it counts correct answers, not confusions.",
                      "这个格子在对角线上：它统计的是答对的图像，不是混淆。"))
    both = CONFUSION + CONFUSION.T
    np.fill_diagonal(both, 0)
    if both[true, pred] == both.max():
        raise Wrong(T("{true} and {pred} are confused most often if you add both directions "
                      "({there} + {back}), but the question is about one direction: the largest "
                      "single cell off the diagonal.",
                      "如果把两个方向加起来（{there} + {back}），{true} 和 {pred} 确实最常被混淆；"
                      "但题目问的是单一方向：对角线以外最大的那一个格子。").format(
            true=true, pred=pred, there=CONFUSION[true, pred], back=CONFUSION[pred, true]))
    raise Wrong(T("The cell (true {true}, predicted {pred}) holds {n}; there is a larger count "
                  "off the diagonal. Try np.fill_diagonal on a copy and np.argmax.",
                  "格子（真实 {true}，预测 {pred}）里的计数是 {n}；对角线以外还有更大的计数。"
                  "试试在副本上用 np.fill_diagonal，再用 np.argmax。").format(
        true=true, pred=pred, n=CONFUSION[true, pred]))


_Q2_CHECK = DigitPairAnswer(
    _judge_q2, (_Q2_TRUE, _Q2_PRED), read_object=_pair,
    what=T("a pair of digits: true digit, predicted digit", "一对数字：真实数字，预测数字"),
    not_digits=T("Both entries must be digits from 0 to 9: (true digit, predicted digit).",
                 "两项都必须是 0 到 9 的数字：（真实数字，预测数字）。"))


q2 = Exercise(
    "q2", title=T("The most frequent confusion", "最常见的混淆"),
    statement=T(f"""
Here is the confusion matrix of a network on the 10,000 test images, `ex.CONFUSION` in Python:
row = true digit, column = predicted digit.

{_confusion_code("columns: the predicted digit; rows: the true digit", "true")}

Which mistake does the network make most often? Answer with the pair
`(true_digit, predicted_digit)`, in that order.
""", f"""
下面是某个网络在 10,000 张测试图像上的混淆矩阵，在 Python 里就是 `ex.CONFUSION`：
行 = 真实数字，列 = 预测数字。

{_confusion_code("列：预测数字；行：真实数字", "真实")}

这个网络最常犯的是哪种错误？用数对 `(true_digit, predicted_digit)`（真实数字，预测数字）回答，
按这个顺序。
"""),
    answer=_Q2_CHECK, needs="matrix",
    hints=[
        T("The diagonal holds the correct answers: leave it out and look for the largest count "
          "elsewhere. In Python, blank it out on a copy first "
          "(`m = ex.CONFUSION.copy(); np.fill_diagonal(m, 0)`).",
          "对角线上是答对的图像：把它排除在外，在其余格子里找最大的计数。在 Python 里，"
          "先在副本上把对角线清零（`m = ex.CONFUSION.copy(); np.fill_diagonal(m, 0)`）。"),
        T("`np.unravel_index(np.argmax(m), m.shape)` gives (row, column) of the largest cell; the "
          "row is the true digit.",
          "`np.unravel_index(np.argmax(m), m.shape)` 给出最大格子的（行，列）；"
          "行就是真实数字。"),
    ],
    solution=T(f"""
The largest count off the diagonal:

    m = ex.CONFUSION.copy()
    np.fill_diagonal(m, 0)
    true, predicted = np.unravel_index(np.argmax(m), m.shape)   # ({_Q2_TRUE}, {_Q2_PRED})

{CONFUSION[_Q2_TRUE, _Q2_PRED]} images of a {_Q2_TRUE} were called {_Q2_PRED}; the other way
round, {_Q2_PRED} → {_Q2_TRUE}, happened only {CONFUSION[_Q2_PRED, _Q2_TRUE]} times.
`mlpbook.engine.recipes.most_confused(ex.CONFUSION)` does the same and also returns the count.
""", f"""
找对角线以外最大的计数：

    m = ex.CONFUSION.copy()
    np.fill_diagonal(m, 0)
    true, predicted = np.unravel_index(np.argmax(m), m.shape)   # ({_Q2_TRUE}, {_Q2_PRED})

有 {CONFUSION[_Q2_TRUE, _Q2_PRED]} 张 {_Q2_TRUE} 的图像被认成了 {_Q2_PRED}；
反过来，{_Q2_PRED} → {_Q2_TRUE} 只发生了 {CONFUSION[_Q2_PRED, _Q2_TRUE]} 次。`mlpbook.engine.recipes.most_confused(ex.CONFUSION)`
做的是同一件事，还会一并返回这个计数。
"""),
    mistakes=[((_Q2_PRED, _Q2_TRUE), "wrong order"),
              ((4, 9), "one direction"),
              ((1, 1), "diagonal")],
)

# ---------------------------------------------------------------------- q3
# An experiment that cannot be guessed: the validation accuracies the classic network reaches
# with its own learning rate and with a ten times smaller one. Settings are chosen on the
# validation images (the last 10,000 training images, data.split(10_000)), never on the test
# images. The right answer and the answers of the typical slips are measured by these runs,
# each CLASSIC for 2 epochs on the first part of the split, seed 0 as in the question:
_Q3_LR, _Q3_EPOCHS, _Q3_IMAGES, _Q3_VALIDATION = 0.3, 2, 10_000, 10_000
Q3_RUNS = {
    "asked": (_Q3_LR, _Q3_IMAGES),                       # the runs of the question
    "classic rate": (CLASSIC.lr, _Q3_IMAGES),
    "asked, classic images": (_Q3_LR, CLASSIC.train_size),  # train_size left at 50,000
    "classic rate, classic images": (CLASSIC.lr, CLASSIC.train_size),
}
# Other seeds land 2 to 5 points away; the same run on another machine within a few hundredths
# of a point. Half a point accepts any answer rounded to two decimals.
_Q3_TOLERANCE = 0.005
_MEASURED = {}


def _tex(n):
    """A whole number with thousands separators for a formula: 10{,}000 (no space after the
    comma)."""
    return f"{n:,}".replace(",", "{,}")


def q3_recipe(lr=_Q3_LR, train_size=_Q3_IMAGES):
    """The recipe of q3's experiment: ``CLASSIC`` for 2 epochs with another learning rate."""
    return dataclasses.replace(CLASSIC, lr=lr, epochs=_Q3_EPOCHS, train_size=train_size)


class _ValidationScores:
    """A training callback: the accuracy on the validation images after every epoch."""

    def __init__(self, X, y):
        self.X, self.y, self.accuracies = X, y, []

    def on_train_begin(self, network, epochs):
        pass

    def on_epoch_end(self, epoch, history, network):
        self.accuracies.append(float(network.accuracy(self.X, self.y)))

    def on_train_end(self, history, network):
        pass


def learning_rate_runs(data=None, *, results=None):
    """The accuracies, one per epoch, of the runs q3 is checked against (:data:`Q3_RUNS`), as
    ``{name: {"validation": [after epoch 1, after epoch 2], "test": [...]}}``.

    They are measured the first time they are needed, exactly as the reader runs the
    experiment: ``fit(q3_recipe(...), part)`` on the training part of ``data.split(10_000)``,
    scored on its validation images (and, for the typical slip, on the test images), and
    remembered for the session. ``data`` is MNIST (the chapter passes its own); by default it
    is loaded where :mod:`mlpbook.engine.data` finds it, never downloaded: without it this raises
    :class:`~mlpbook.engine.data.DataError`. ``results`` stands in for the measurement (the tests,
    which have no MNIST); it must come before the first check.
    """
    if results is not None:
        _MEASURED.clear()
        _MEASURED.update({name: {on: [float(a) for a in results[name][on]]
                                 for on in ("validation", "test")} for name in Q3_RUNS})
    if not _MEASURED:
        from ..engine.recipes import fit

        if data is None:
            from ..engine.data import load_mnist

            data = load_mnist(download=False, progress=False)
        part, (X_val, y_val) = data.split(_Q3_VALIDATION)
        measured = {}
        for name, (lr, images) in Q3_RUNS.items():
            scores = _ValidationScores(X_val, y_val)
            history = fit(q3_recipe(lr, images), part, callbacks=[scores], monitor=1_000)[1]
            measured[name] = {"validation": scores.accuracies,
                              "test": [float(a) for a in history.test_accuracy]}
        _MEASURED.update(measured)
    return {name: {on: list(a) for on, a in runs.items()} for name, runs in _MEASURED.items()}


class _MeasuredPair(VectorAnswer):
    """A :class:`VectorAnswer` whose expected values and mistakes are measured: ``declare()``
    returns VectorAnswer's arguments, and is called when the answer is first needed (a check,
    the page's answer box, the tests), not when the module is imported."""

    #: Never shows the expected value: the reader has to run the experiment.
    OTHERWISE = T("{got:.4g} is not what the run reaches (of your two numbers, the one at "
                  "index {at} is furthest off). Check the recipe (train_size=10_000, epochs=2, "
                  "seed 0) and score the validation images: `net.accuracy(X_val, y_val)`.",
                  "{got:.4g} 不是这次运行得到的结果（你的两个数中，下标 {at} 处的那个差得最远）。"
                  "检查一下配方（train_size=10_000，epochs=2，种子为 0），再在验证图像上评分："
                  "`net.accuracy(X_val, y_val)`。")

    def __init__(self, declare, *, unavailable):
        self._declare, self._unavailable = declare, unavailable

    def _declared(self):
        if "what" not in self.__dict__:
            VectorAnswer.__init__(self, **self._declare())
        return self

    def __getattr__(self, name):  # an attribute VectorAnswer.__init__ sets: declare it now
        if name.startswith("_"):
            raise AttributeError(name)
        self._declared()
        return object.__getattribute__(self, name)

    def judge(self, answer):
        try:
            self._declared()
        except DataError as error:
            raise Wrong(self._unavailable.format(error=error)) from None
        return super().judge(answer)


class _Experiment(Exercise):
    """An exercise whose right answer, typical mistakes and solution come from a measurement:
    ``mistakes`` and ``solution`` are functions, called when they are read."""

    def __init__(self, *args, mistakes, solution, **kwargs):
        self._mistakes_of, self._solution_of = mistakes, solution
        super().__init__(*args, reference=0.0, **kwargs)  # (reference: read from the answer)

    reference = property(lambda self: self.answer.reference(), lambda self, value: None)
    mistakes = property(lambda self: self._mistakes_of(), lambda self, value: None)

    @property
    def _solution_text(self):
        return both(str.strip, self._solution_of())

    @_solution_text.setter
    def _solution_text(self, value):  # Exercise.__init__ stores the (empty) fixed text
        pass


_Q3_STEPS = _Q3_EPOCHS * _Q3_IMAGES // CLASSIC.batch_size
_Q3_RECIPE = (f"dataclasses.replace(CLASSIC, lr={_Q3_LR}, epochs={_Q3_EPOCHS}, "
              f"train_size={_Q3_IMAGES:_})")


def _q3_accuracies():
    """The pairs (η = 0.3, η = 3.0) of the answer and of each typical slip."""
    runs = learning_rate_runs()
    pair = lambda on, epoch=-1, suffix="": (runs["asked" + suffix][on][epoch],  # noqa: E731
                                            runs["classic rate" + suffix][on][epoch])
    return {"asked": pair("validation"), "test": pair("test"),
            "first": pair("validation", 0),
            "full": (runs["asked, classic images"]["validation"][-1],
                     runs["classic rate, classic images"]["validation"][-1])}


def _q3_declaration():
    acc = _q3_accuracies()
    asked = acc["asked"]
    numbers = dict(lr=_Q3_LR, other=CLASSIC.lr, epochs=_Q3_EPOCHS, images=_Q3_IMAGES,
                   all=CLASSIC.train_size, steps=_Q3_STEPS, recipe=_Q3_RECIPE,
                   low=asked[0], high=asked[1])
    return dict(
        expected=asked, rtol=0, atol=_Q3_TOLERANCE,
        what=T("two fractions between 0 and 1 (the validation accuracies with η = {lr} and "
               "η = {other})", "两个 0 到 1 之间的比例（η = {lr} 和 η = {other} 时的验证集准确率）"
               ).format(**numbers),
        praise=T("Yes: with η = {lr} the network reads {low:.1%} of the validation digits after "
                 "its {epochs} epochs, with η = {other} it reads {high:.1%}. Both runs take the "
                 "same {steps:,} steps of gradient descent; with the quadratic cost and sigmoid "
                 "outputs the gradients are small, and steps ten times shorter do not get far "
                 "in {steps:,} of them. On these images the larger rate is much better, so it "
                 "is the one to choose (too large is possible too: try 30).",
                 "对：η = {lr} 时，网络在 {epochs} 个轮次之后能认对 {low:.1%} 的验证数字；"
                 "η = {other} 时能认对 {high:.1%}。两次运行走的都是同样的 {steps:,} 步梯度下降；"
                 "用二次代价函数和 sigmoid 输出神经元时梯度很小，步长又只有十分之一，{steps:,} "
                 "步也走不了多远。在这些图像上大的学习率要好得多，所以应当选它"
                 "（学习率也可能太大：试试 30）。").format(**numbers),
        mistakes=[
            ((asked[1], asked[0]), T(
                "Right numbers, wrong order: give the accuracy with η = {lr} first, then the one "
                "with η = {other}.",
                "数对了，顺序反了：先给 η = {lr} 的准确率，再给 η = {other} 的。").format(**numbers)),
            (acc["test"], T(
                "Those are test accuracies (`history.test_accuracy[-1]`). You are choosing a "
                "learning rate, so score the validation images instead: "
                "`part, (X_val, y_val) = data.split(10_000)`, train on `part`, then "
                "`net.accuracy(X_val, y_val)`.",
                "这些是测试集准确率（`history.test_accuracy[-1]`）。你是在挑选学习率，所以应当在"
                "验证图像上评分：`part, (X_val, y_val) = data.split(10_000)`，在 `part` 上训练，"
                "再算 `net.accuracy(X_val, y_val)`。")),
            (acc["first"], T(
                "Those are the accuracies after the first epoch. The runs have {epochs} epochs: "
                "score the networks after training.",
                "这些是第一个轮次之后的准确率。这两次运行各有 {epochs} 个轮次：请在训练结束后"
                "评分。").format(**numbers)),
            (acc["full"], T(
                "That is what the runs reach on CLASSIC's {all:,} training images: the "
                "experiment trains on the first {images:,} only, `train_size={images:_}`.",
                "这是用 CLASSIC 的 {all:,} 张训练图像得到的结果：这个实验只用前 {images:,} "
                "张，即 `train_size={images:_}`。").format(**numbers)),
            ((100 * asked[0], 100 * asked[1]), T(
                "Those look like percentages: give the accuracies as fractions between 0 and 1 "
                "(divide by 100).",
                "这看起来是百分数：请把准确率写成 0 到 1 之间的比例（除以 100）。")),
            ((_Q3_LR, CLASSIC.lr), T(
                "{lr} and {other} are the learning rates themselves; the question asks for "
                "numbers you get only by running the experiment: the validation accuracy of "
                "each run.",
                "{lr} 和 {other} 是学习率本身；题目问的是只有做了实验才能得到的数："
                "每次运行的验证集准确率。").format(**numbers)),
        ])


_Q3_CHECK = _MeasuredPair(_q3_declaration, unavailable=T(
    "This answer is checked against the book's own run of the experiment, which needs MNIST, "
    "and MNIST was not found ({error}). Load it once with `load_mnist()` and check again.",
    "这个答案要和本书自己做的这次实验比对，而实验需要 MNIST，可是没有找到它（{error}）。"
    "先用 `load_mnist()` 加载一次，再来检查。"))


def _q3_mistakes():
    acc = _q3_accuracies()
    asked = acc["asked"]
    return [((asked[1], asked[0]), "wrong order"), (acc["test"], "test accuracies"),
            (acc["first"], "first epoch"), (acc["full"], f"{_Q3_IMAGES:,}"),
            ((100 * asked[0], 100 * asked[1]), "percentages"),
            ((_Q3_LR, CLASSIC.lr), "learning rates themselves")]


def _q3_solution():
    try:
        acc = _q3_accuracies()["asked"]
    except DataError:  # no MNIST here: the solution without the measured numbers
        acc = None
    if acc:
        printed = T("# prints {lr} {low:.4f} and {other} {high:.4f}",
                    "# 输出 {lr} {low:.4f} 和 {other} {high:.4f}").format(
            lr=_Q3_LR, other=CLASSIC.lr, low=acc[0], high=acc[1])
        by_far = T(" ({high:.0%} against {low:.0%})", "（{high:.0%} 对 {low:.0%}）").format(
            low=acc[0], high=acc[1])
    else:
        printed = by_far = T("", "")
    code = (f"    import dataclasses\n"
            f"    part, (X_val, y_val) = data.split({_Q3_VALIDATION:_})\n"
            f"    for lr in ({_Q3_LR}, {CLASSIC.lr}):\n"
            f"        recipe = dataclasses.replace(CLASSIC, lr=lr, epochs={_Q3_EPOCHS}, "
            f"train_size={_Q3_IMAGES:_})\n"
            f"        net, history = fit(recipe, part)\n"
            f"        print(lr, net.accuracy(X_val, y_val))")
    steps = (rf"${_Q3_EPOCHS} \times {_tex(_Q3_IMAGES)} / {CLASSIC.batch_size} "
             rf"= {_tex(_Q3_STEPS)}$")
    return T(rf"""
Hold back the validation images, train both runs on the rest and score each on the validation
images:

{code}
    {printed.en}

$\eta = {CLASSIC.lr}$ wins by far{by_far.en}. Both runs take the same {steps} steps (epochs of
{_Q3_IMAGES:,} images in mini-batches of {CLASSIC.batch_size}), but with $\eta = {_Q3_LR}$ each
step is ten times shorter, and sigmoid output neurons with the quadratic cost learn slowly to
begin with: after {_Q3_EPOCHS} epochs the network is still far from trained. Too large is also
possible: try 30. The test images stay out of the choice; they are for the final number of
the setting you chose.
""", rf"""
先留出验证图像，用其余的图像分别训练两次，再各自在验证图像上评分：

{code}
    {printed.zh}

$\eta = {CLASSIC.lr}$ 遥遥领先{by_far.zh}。两次运行走的步数相同，都是 {steps}
步（每个轮次 {_Q3_IMAGES:,} 张图像，批大小为 {CLASSIC.batch_size}），但 $\eta = {_Q3_LR}$
时每一步都只有原来的十分之一长，而采用二次代价函数的 sigmoid 输出神经元本来就学得慢：{_Q3_EPOCHS}
个轮次之后，网络离训练好还差得远。学习率也可能太大：试试 30。测试图像不参与这个选择；
它们只用来给选定的设置报出最后的成绩。
""")


q3 = _Experiment(
    "q3", title=T("Experiment: a ten times smaller learning rate", "实验：把学习率降到十分之一"),
    statement=T(rf"""
An experiment. Train the classic 784-16-16-10 network twice, for {_Q3_EPOCHS} epochs on the
first {_Q3_IMAGES:,} training images: once with learning rate $\eta = {_Q3_LR}$ and once with
the recipe's own $\eta = {CLASSIC.lr}$ (everything else as in `CLASSIC`, seed 0). You are
choosing a learning rate, so score each network on the validation images, the last
{_Q3_VALIDATION:,} training images that `data.split({_Q3_VALIDATION:_})` holds back, not on
the test images. Give both validation accuracies, the one with $\eta = {_Q3_LR}$ first, as
fractions between 0 and 1 (two decimals are enough), e.g. `0.12, 0.34`.
""", rf"""
做个实验。用前 {_Q3_IMAGES:,} 张训练图像把经典的 784-16-16-10 网络训练两次，每次
{_Q3_EPOCHS} 个轮次：一次学习率为 $\eta = {_Q3_LR}$，一次用配方自己的
$\eta = {CLASSIC.lr}$（其余设置与 `CLASSIC` 相同，种子为 0）。你是在挑选学习率，所以要在验证图像上
给每个网络评分，也就是 `data.split({_Q3_VALIDATION:_})` 留出的最后 {_Q3_VALIDATION:,}
张训练图像，而不是测试图像。请给出两个验证集准确率，$\eta = {_Q3_LR}$ 的在前，写成 0 到 1
之间的比例（两位小数就够了），例如 `0.12, 0.34`。
"""),
    answer=_Q3_CHECK, needs="mnist",
    hints=[
        T(f"`part, (X_val, y_val) = data.split({_Q3_VALIDATION:_})` holds the validation images "
          f"back; `{_Q3_RECIPE}` makes the recipe; `fit(recipe, part)` trains it on the first "
          f"{_Q3_IMAGES:,} images of `part` and returns `(net, history)`.",
          f"`part, (X_val, y_val) = data.split({_Q3_VALIDATION:_})` 留出验证图像；"
          f"`{_Q3_RECIPE}` 生成这份配方；`fit(recipe, part)` 用 `part` 的前 {_Q3_IMAGES:,} "
          f"张图像训练，返回 `(net, history)`。"),
        T(f"`net.accuracy(X_val, y_val)` scores the trained network on the validation images "
          f"(`history.test_accuracy` holds test accuracies, which are not for choosing). Run "
          f"the same with `lr={CLASSIC.lr}`.",
          f"`net.accuracy(X_val, y_val)` 在验证图像上给训练好的网络评分（`history.test_accuracy` "
          f"里是测试集准确率，不能用来做选择）。再用 `lr={CLASSIC.lr}` 跑一次。"),
    ],
    solution=_q3_solution,
    mistakes=_q3_mistakes,
)

# ---------------------------------------------------------------------- q4
_Q4_IMAGES, _Q4_EPOCHS, _Q4_BATCH = CLASSIC.train_size, CLASSIC.epochs, CLASSIC.batch_size
_Q4_ANSWER = _Q4_IMAGES * _Q4_EPOCHS


_Q4_CHECK = NumberAnswer(
    _Q4_ANSWER, what=T("a whole number", "一个整数"),
    whole=T("A count of images is a whole number.", "图像的张数是整数。"), mistakes=[
        (60_000 * _Q4_EPOCHS, T(f"The classic recipe trains on the first {_Q4_IMAGES:,} images "
                                f"only (train_size); the other {60_000 - _Q4_IMAGES:,} are kept "
                                "back for validation.",
                                f"经典配方只用前 {_Q4_IMAGES:,} 张图像训练（train_size）；"
                                f"另外 {60_000 - _Q4_IMAGES:,} 张留作验证集。")),
        (_Q4_ANSWER // _Q4_BATCH, T(f"That is the number of gradient steps (one per mini-batch "
                                    f"of {_Q4_BATCH}); backpropagation runs once for every image "
                                    "in each batch.",
                                    f"这是梯度下降的步数（每个 {_Q4_BATCH} 张图像的小批量"
                                    "走一步）；而反向传播要为每个小批量中的每张"
                                    "图像各运行一次。")),
        (_Q4_IMAGES, T(f"That is one epoch; the recipe makes {_Q4_EPOCHS} passes.",
                       f"这只是一个轮次；这份配方要把训练集过 {_Q4_EPOCHS} 遍。")),
        (70_000 * _Q4_EPOCHS, T(f"The test images are never used for training: only the "
                                f"{_Q4_IMAGES:,} training images.",
                                f"测试图像从不用于训练：只用那 {_Q4_IMAGES:,} 张训练图像。")),
    ])


q4 = Exercise(
    "q4", title=T("How much work is the classic recipe?", "经典配方的工作量有多大？"),
    statement=T(f"""
The `CLASSIC` recipe trains for {_Q4_EPOCHS} epochs on the first {_Q4_IMAGES:,} of MNIST's
60,000 training images, in mini-batches of {_Q4_BATCH}. How many times does backpropagation
compute the gradient of the cost for a single image while it trains (once per image in every
mini-batch)? Give one whole number.
""", f"""
`CLASSIC` 配方用 MNIST 60,000 张训练图像中的前 {_Q4_IMAGES:,} 张训练 {_Q4_EPOCHS}
个轮次，批大小为 {_Q4_BATCH}。训练期间，反向传播一共为单张图像计算了多少次代价函数的梯度
（每个小批量中的每张图像各一次）？给出一个整数。
"""),
    answer=_Q4_CHECK, needs='paper',
    hints=[
        T("Every epoch visits every training image exactly once.",
          "每个轮次恰好把每张训练图像访问一次。"),
        T("The mini-batch size changes how many steps there are, not how many images are "
          "visited. In Python: `CLASSIC.train_size * CLASSIC.epochs`.",
          "小批量的大小改变的是步数，而不是访问的图像数。在 Python 里："
          "`CLASSIC.train_size * CLASSIC.epochs`。"),
    ],
    solution=T(rf"""
${_tex(_Q4_IMAGES)} \times {_Q4_EPOCHS} = {_tex(_Q4_ANSWER)}$ gradients of single images,
averaged in groups of {_Q4_BATCH} into {_Q4_ANSWER // _Q4_BATCH:,} steps of gradient descent.

    CLASSIC.train_size * CLASSIC.epochs
""", rf"""
${_tex(_Q4_IMAGES)} \times {_Q4_EPOCHS} = {_tex(_Q4_ANSWER)}$ 个单张图像的梯度，每 {_Q4_BATCH}
个取一次平均，构成 {_Q4_ANSWER // _Q4_BATCH:,} 步梯度下降。

    CLASSIC.train_size * CLASSIC.epochs
"""),
    mistakes=[(60_000 * _Q4_EPOCHS, f"{_Q4_IMAGES:,}"), (_Q4_ANSWER // _Q4_BATCH, "gradient steps"),
              (_Q4_IMAGES, f"{_Q4_EPOCHS} passes")],
)

EXERCISES = ExerciseSet("Chapter 7", [q1, q2, q3, q4])
progress = EXERCISES.progress
