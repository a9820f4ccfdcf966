"""Exercises for chapter 7: training on MNIST, reading a confusion matrix."""

import numpy as np

from .answers import Between, DigitPairAnswer, NumberAnswer, Rule
from .core import Exercise, ExerciseSet, T, Wrong, as_number, expect_function

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
    solution=T("""
    def accuracy_from_confusion(m):
        m = np.asarray(m)
        return np.trace(m) / m.sum()

The diagonal counts the images whose prediction equals their label; the sum of all cells is
the number of images. (The off-diagonal share is the error rate, 1 - accuracy.)
""", """
    def accuracy_from_confusion(m):
        m = np.asarray(m)
        return np.trace(m) / m.sum()

对角线统计的是预测与标签相同的图像；所有格子之和就是图像的数量。
（对角线以外各项所占的比例是错误率，即 1 - 准确率。）
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
_Q2_TRUE, _Q2_PRED = 7, 2  # the largest off-diagonal count: 22 sevens called 2


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
    statement=T("""
`ex.CONFUSION` is the confusion matrix of a network on the 10,000 test images (row = true
digit, column = predicted digit). Which mistake does it make most often? Answer with the pair
`(true_digit, predicted_digit)`, in that order.
""", "`ex.CONFUSION` 是某个网络在 10,000 张测试图像上的混淆矩阵（行 = 真实数字，"
        "列 = 预测数字）。它最常犯的是哪种错误？用数对 `(true_digit, predicted_digit)`"
        "（真实数字，预测数字）回答，按这个顺序。"),
    answer=_Q2_CHECK, needs="paper",
    hints=[
        T("The diagonal holds the correct answers: blank it out first, on a copy "
          "(`m = ex.CONFUSION.copy(); np.fill_diagonal(m, 0)`).",
          "对角线上是答对的图像：先在副本上把它清零"
          "（`m = ex.CONFUSION.copy(); np.fill_diagonal(m, 0)`）。"),
        T("`np.unravel_index(np.argmax(m), m.shape)` gives (row, column) of the largest cell; the "
          "row is the true digit.",
          "`np.unravel_index(np.argmax(m), m.shape)` 给出最大格子的（行，列）；"
          "行就是真实数字。"),
    ],
    solution=T("""
    m = ex.CONFUSION.copy()
    np.fill_diagonal(m, 0)
    true, predicted = np.unravel_index(np.argmax(m), m.shape)   # (7, 2)

22 images of a 7 were called 2; the other way round, 2 -> 7, happened only 8 times.
`mlpbook.recipes.most_confused(ex.CONFUSION)` does the same and also returns the count.
""", """
    m = ex.CONFUSION.copy()
    np.fill_diagonal(m, 0)
    true, predicted = np.unravel_index(np.argmax(m), m.shape)   # (7, 2)

有 22 张 7 的图像被认成了 2；反过来，2 -> 7 只发生了 8 次。
`mlpbook.recipes.most_confused(ex.CONFUSION)` 做的是同一件事，还会一并返回这个计数。
"""),
    mistakes=[((_Q2_PRED, _Q2_TRUE), "wrong order"),
              ((4, 9), "one direction"),
              ((1, 1), "diagonal")],
)

# ---------------------------------------------------------------------- q3
_Q3_ANSWER = 3.0  # 2 epochs on 10,000 images: lr 3.0 reaches ~85% test accuracy, lr 0.3 ~48%


_Q3_ACCURACY_NOT_RATE = T("Give the learning rate itself (0.3 or 3.0), not the accuracy it "
                          "reached.",
                          "请给出学习率本身（0.3 或 3.0），而不是它达到的准确率。")
_Q3_CHECK = NumberAnswer(
    _Q3_ANSWER, rel=1e-5, abs_tol=1e-8,
    what=T("a learning rate (0.3 or 3.0)", "一个学习率（0.3 或 3.0）"),
    praise=T("Yes: with the quadratic cost and sigmoid outputs the gradients are small, and "
             "0.3 takes steps too short to get far in 2 epochs (about 48% against 85% for "
             "3.0 with seed 0).",
             "对：用二次代价函数和 S型输出神经元时梯度很小，0.3 的步子太短，2 个轮次走不远"
             "（种子为 0 时约 48%，而 3.0 约 85%）。"),
    mistakes=[(0.3, T("Not with these settings: run both. The smaller steps of 0.3 are safer, "
                      "but in only 2 epochs they leave the network far from trained.",
                      "在这些设置下不是：两个都跑一下。0.3 的步子更小，也更稳妥，"
                      "但只有 2 个轮次，网络离训练好还差得远。"))],
    after=[Rule(Between(0, 1, lo_in=False, hi_in=False), message=_Q3_ACCURACY_NOT_RATE),
           Rule(Between(30, 100), message=_Q3_ACCURACY_NOT_RATE)],
    otherwise=T("Answer with one of the two learning rates tried: 0.3 or 3.0.",
                "请用试过的两个学习率之一回答：0.3 或 3.0。"))


q3 = Exercise(
    "q3", title=T("Experiment: a ten times smaller learning rate", "实验：把学习率缩小十倍"),
    statement=T("""
Train the classic 784-16-16-10 network twice for 2 epochs on the first 10,000 training images,
once with learning rate 0.3 and once with 3.0 (everything else as in `CLASSIC`, seed 0), and
compare their test accuracy. Which learning rate is better here? Answer `0.3` or `3.0`.
""", "用前 10,000 张训练图像把经典的 784-16-16-10 网络训练两次，每次 2 个轮次："
        "一次学习率为 0.3，一次为 3.0（其余设置与 `CLASSIC` 相同，种子为 0），"
        "比较两者在测试集上的准确率。这里哪个学习率更好？回答 `0.3` 或 `3.0`。"),
    answer=_Q3_CHECK, needs='python',
    hints=[
        T("`dataclasses.replace(CLASSIC, lr=0.3, epochs=2, train_size=10_000)` makes the recipe; "
          "`fit(recipe, data)` trains it.",
          "`dataclasses.replace(CLASSIC, lr=0.3, epochs=2, train_size=10_000)` 生成这份配方；"
          "`fit(recipe, data)` 用它训练。"),
        T("Compare `history.test_accuracy[-1]` of the two runs.",
          "比较两次运行的 `history.test_accuracy[-1]`。"),
    ],
    solution=T("""
    import dataclasses
    for lr in (0.3, 3.0):
        recipe = dataclasses.replace(CLASSIC, lr=lr, epochs=2, train_size=10_000)
        net, history = fit(recipe, data)
        print(lr, history.test_accuracy[-1])

3.0 wins by far (about 85% against 48%): the sigmoid output neurons with the quadratic cost
learn slowly, and 0.3 makes the steps ten times shorter. Too large is also possible: try 30.
""", """
    import dataclasses
    for lr in (0.3, 3.0):
        recipe = dataclasses.replace(CLASSIC, lr=lr, epochs=2, train_size=10_000)
        net, history = fit(recipe, data)
        print(lr, history.test_accuracy[-1])

3.0 遥遥领先（约 85% 对 48%）：采用二次代价函数的 S型输出神经元本来就学得慢，
而 0.3 又把步长缩短了十倍。学习率也可能太大：试试 30。
"""),
    mistakes=[(0.3, "smaller steps"), (0.85, "learning rate itself")],
)

# ---------------------------------------------------------------------- q4
_Q4_IMAGES, _Q4_EPOCHS, _Q4_BATCH = 50_000, 30, 10


_Q4_CHECK = NumberAnswer(
    _Q4_IMAGES * _Q4_EPOCHS, what=T("a whole number", "一个整数"),
    whole=T("A count of images is a whole number.", "图像的张数是整数。"), mistakes=[
        (60_000 * _Q4_EPOCHS, T("The classic recipe trains on the first 50,000 images only "
                                "(train_size); the other 10,000 are kept back for validation.",
                                "经典配方只用前 50,000 张图像训练（train_size）；"
                                "另外 10,000 张留作验证集。")),
        (_Q4_IMAGES * _Q4_EPOCHS // _Q4_BATCH, T("That is the number of gradient steps (one per "
                                                   "mini-batch of 10); backpropagation runs once "
                                                   "for every image in each batch.",
                                                   "这是梯度下降的步数（每个 10 张图像的小批量"
                                                   "走一步）；而反向传播要为每个小批量中的每张"
                                                   "图像各运行一次。")),
        (_Q4_IMAGES, T("That is one epoch; the recipe makes 30 passes.",
                       "这只是一个轮次；这份配方要把训练集过 30 遍。")),
        (70_000 * _Q4_EPOCHS, T("The test images are never used for training: only the 50,000 "
                                "training images.",
                                "测试图像从不用于训练：只用那 50,000 张训练图像。")),
    ])


q4 = Exercise(
    "q4", title=T("How much work is the classic recipe?", "经典配方的工作量有多大？"),
    statement=T("""
How many times does backpropagation compute the gradient of the cost for a single image while
the `CLASSIC` recipe trains (once per image in every mini-batch)? Give one whole number.
""", "用 `CLASSIC` 配方训练时，反向传播一共为单张图像计算了多少次代价函数的梯度"
        "（每个小批量中的每张图像各一次）？给出一个整数。"),
    answer=_Q4_CHECK, needs='paper',
    hints=[
        T("Look at `CLASSIC.train_size` and `CLASSIC.epochs`.",
          "看看 `CLASSIC.train_size` 和 `CLASSIC.epochs`。"),
        T("Every epoch visits every training image exactly once; the mini-batch size changes how "
          "many steps there are, not how many images are visited.",
          "每个轮次恰好把每张训练图像访问一次；小批量的大小改变的是步数，"
          "而不是访问的图像数。"),
    ],
    solution=T("""
50,000 images x 30 epochs = 1,500,000 gradients of single images, averaged in groups of 10
into 150,000 steps of gradient descent.

    CLASSIC.train_size * CLASSIC.epochs
""", """
50,000 张图像 x 30 个轮次 = 1,500,000 个单张图像的梯度，每 10 个取一次平均，
构成 150,000 步梯度下降。

    CLASSIC.train_size * CLASSIC.epochs
"""),
    mistakes=[(60_000 * 30, "50,000"), (150_000, "gradient steps"), (50_000, "30 passes")],
)

EXERCISES = ExerciseSet("Chapter 7", [q1, q2, q3, q4])
progress = EXERCISES.progress
