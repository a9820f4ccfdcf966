"""Exercises for chapter 9: memorisation, shuffled labels, and networks from different seeds."""

import numpy as np

from ..lessons import memorise
from .answers import NumberAnswer
from .core import (Exercise, ExerciseSet, T, Wrong, as_array, call_readers_function,
                   expect_function)


# ---------------------------------------------------------------------- q1: chance agreement
def _expected_agreement(labels):
    """Σ p_c²: a row gets the label of a random row, which shows its own digit with p_c."""
    return memorise.expected_agreement(labels)


def _uniform(labels):
    return 1.0 / len(np.unique(labels))


def _own_label_back(labels):
    return 1.0 / len(labels)


def _sum_of_shares(labels):
    return float(np.sum(np.bincount(labels) / len(labels)))


def _mean_of_squares(labels):
    p = np.bincount(labels) / len(labels)
    p = p[p > 0]
    return float(np.mean(p ** 2))


def _q1_cases():
    rng = np.random.default_rng(9)
    return [
        (np.arange(1000) % 10,),
        (np.array([0] * 50 + [1] * 30 + [2] * 20),),
        (rng.choice(10, size=2000, p=[0.3, 0.2, 0.1, 0.1, 0.1, 0.05, 0.05, 0.04, 0.03, 0.03]),),
        (np.array([0, 2, 2, 2]),),
    ]


def _q1_diagnose(got, expected, args):
    (labels,) = args
    g = float(got)
    if np.isclose(g, 0.1) or np.isclose(g, _uniform(labels)):
        constant = np.isclose(g, 0.1) and not np.isclose(_uniform(labels), 0.1)
        return T("1 / (number of digits) is right only when every digit is equally common. Here "
                 "they are not: an image keeps a right label when it receives the label of any "
                 "image of its own digit, which happens with probability p_c, the share of its "
                 "digit c. Average that over the images.",
                 ("你的函数总是返回 0.1，而 0.1 = 1 / 10 只在十个数字同样常见时才对。"
                  if constant else "1 / (数字的个数) 只在每个数字同样常见时才对。")
                 + "这里它们并不同样常见：一张图像只要得到同一数字的任何一张图像的标签，"
                   "就保留了正确的标签，这件事发生的概率是 p_c，即它的数字 c 所占的份额。"
                   "把这个概率对所有图像取平均。")
    if np.isclose(g, _own_label_back(labels)):
        return T("That is the chance that an image gets its own label back. But its label is "
                 "also right when it comes from any other image of the same digit: the chance is "
                 "p_c, the share of its digit among the labels.",
                 "这是一张图像拿回它自己那个标签的概率。可是标签来自同一数字的任何另一张图像时，"
                 "它也是对的：这个概率是 p_c，即它的数字在所有标签中所占的份额。")
    if np.isclose(g, 1.0):
        return T("Your result is 1 for every set of labels: the shares p_c always add up to 1. "
                 "An image of digit c keeps a right label with probability p_c, and a share p_c "
                 "of the images are of digit c: square each share before adding.",
                 "对任何一组标签，你的结果都是 1：份额 p_c 加起来总是 1。数字 c 的一张图像以概率 "
                 "p_c 保留正确的标签，而数字 c 的图像在全部图像中所占的份额也是 p_c："
                 "先把每个份额平方，再相加。")
    if np.isclose(g, _mean_of_squares(labels)):
        return T("You averaged the squared shares over the digits; add them instead (Σ p_c²). "
                 "Each digit contributes its share of the images times the chance p_c.",
                 "你把份额的平方对各个数字取了平均；应该把它们相加（Σ p_c²）。"
                 "每个数字贡献的是它在图像中所占的份额乘以概率 p_c。")
    return None


def _check_q1(func):
    expect_function(func, _q1_cases(), _expected_agreement, diagnose=_q1_diagnose,
                    what=T("your expected_agreement", "你的 expected_agreement "), rtol=1e-6)


q1 = Exercise(
    "q1", T("How many shuffled labels are still right?", "打乱的标签中有多少仍然是对的？"),
    statement=T("""
Shuffling the labels gives each image the label of a randomly chosen image. Some images get a
label that happens to be their own digit. Write `expected_agreement(labels)`: given the true
labels (a 1-D array of whole numbers), return the fraction of images expected to keep a right
label after a full shuffle.

It is checked on hidden label sets, some of them with very unequal digits.
""", """
打乱标签，就是让每张图像得到一张随机选出的图像的标签。有些图像得到的标签碰巧就是它自己的数字。写一个函数 `expected_agreement(labels)`：给定真实标签（由整数构成的一维数组），返回完全打乱之后，预计仍保留正确标签的图像所占的比例。

检查时会用一些你看不到的标签集，其中有些标签集里各个数字的数量相差悬殊。
"""),
    checker=_check_q1,
    hints=[
        T("An image of digit $c$ receives the label of a random image; that label is $c$ with "
          "probability $p_c$, the share of the digit $c$ among all labels.",
          "数字 $c$ 的一张图像得到一张随机图像的标签；这个标签是 $c$ 的概率为 $p_c$，"
          "即数字 $c$ 在所有标签中所占的份额。"),
        T(r"A share $p_c$ of the images are of digit $c$, and each of them is right with "
          r"probability $p_c$. Add $p_c \cdot p_c$ over the digits: "
          r"`p = np.bincount(labels) / len(labels)`.",
          r"数字 $c$ 的图像占全部图像的份额为 $p_c$，其中每一张保持正确的概率都是 $p_c$。"
          r"把 $p_c \cdot p_c$ 对所有数字求和：`p = np.bincount(labels) / len(labels)`。"),
    ],
    solution=T(r"""
The expected fraction is $\sum_c p_c^2$, the shares squared and added:

    def expected_agreement(labels):
        p = np.bincount(labels) / len(labels)
        return np.sum(p ** 2)

For ten equally common digits this is $10 \times 0.1^2 = 0.1$: about one shuffled label in ten
is still right, by chance, which is why the chapter's shuffled run starts near 10% and not at
0%. `mlpbook.lessons.memorise.expected_agreement` is the same function.
""", r"""
预计的比例是 $\sum_c p_c^2$，也就是把各个份额平方后相加：

    def expected_agreement(labels):
        p = np.bincount(labels) / len(labels)
        return np.sum(p ** 2)

对于十个同样常见的数字，结果是 $10 \times 0.1^2 = 0.1$：打乱后的标签大约每十个就有一个碰巧仍然是对的，所以本章用打乱标签训练的那次从 10% 附近起步，而不是从 0% 起步。`mlpbook.lessons.memorise.expected_agreement` 就是这个函数。
"""),
    reference=_expected_agreement,
    mistakes=[(_uniform, "equally common"), (lambda labels: 0.1, "equally common"),
              (_own_label_back, "same digit"),
              (_sum_of_shares, "square each share"), (_mean_of_squares, "add them")],
)


# ---------------------------------------------------------------------- q2: epochs to a level
def _epochs_to_reach(accuracies, level):
    return memorise.epochs_to_reach(accuracies, level)


def _zero_based(accuracies, level):
    return int(np.argmax(np.asarray(accuracies) >= level))


def _strictly_above(accuracies, level):
    return int(np.argmax(np.asarray(accuracies) > level)) + 1


def _the_accuracy(accuracies, level):
    acc = np.asarray(accuracies)
    return float(acc[np.argmax(acc >= level)])


def _best_epoch(accuracies, level):
    return int(np.argmax(accuracies)) + 1


def _last_crossing(accuracies, level):
    below = np.flatnonzero(np.asarray(accuracies) < level)
    return int(below[-1]) + 2 if below.size else 1


_Q2_CASES = [
    ([0.3, 0.6, 0.85, 0.9, 0.93, 0.96], 0.9),
    (np.array([0.12, 0.2, 0.5, 0.8, 0.92, 0.96, 0.99, 0.97]), 0.95),
    ([0.1, 0.4, 0.91, 0.88, 0.93, 0.99, 0.98], 0.9),
    ([0.95, 0.96, 0.97], 0.9),
]


def _q2_diagnose(got, expected, args):
    g = float(got)
    for variant, message in (
            (_zero_based, T("Off by one: you counted the epochs from 0. The first epoch is epoch 1 "
                            "(a Python index plus 1).",
                            "差了 1：你从 0 开始数轮次。第一轮是第 1 轮（Python 的下标加 1）。")),
            (_strictly_above, T("You need the first epoch with accuracy AT LEAST the level: an "
                                "accuracy equal to the level counts (use >=, not >).",
                                "要找的是准确率 *至少* 达到这个水平的第一轮：准确率恰好等于这个水平"
                                "也算数（用 >=，而不是 >）。")),
            (_the_accuracy, T("That is the accuracy itself; return the epoch number at which the "
                              "level is first reached.",
                              "这是准确率本身；应当返回第一次达到这个水平的那一轮的轮数。")),
            (_best_epoch, T("That is the epoch of the best accuracy; the question asks for the "
                            "first epoch that reaches the level.",
                            "这是准确率最高的那一轮；题目问的是第一次达到这个水平的那一轮。")),
            (_last_crossing, T("That is where the curve crosses the level for the last time; "
                               "return the first epoch that reaches it, even if a later epoch "
                               "dips below again.",
                               "这是曲线最后一次越过这个水平的地方；应当返回第一次达到它的那一轮，"
                               "哪怕后面某一轮又跌回到它下面。"))):
        if np.isclose(g, variant(*args)):
            return message
    return None


def _check_q2(func):
    expect_function(func, _Q2_CASES, _epochs_to_reach, diagnose=_q2_diagnose,
                    what=T("your epochs_to_reach", "你的 epochs_to_reach "), rtol=0, atol=1e-9)


q2 = Exercise(
    "q2", T("How many epochs to get there?", "要多少轮才能达到？"),
    statement=T("""
The chapter compares how fast the networks learn by the first epoch at which their training
accuracy reaches 90%. Write `epochs_to_reach(accuracies, level)`: `accuracies` holds one
accuracy per epoch (a list or an array, epoch 1 first) and `level` is a number such as 0.9.
Return the number of the first epoch whose accuracy is at least `level`, counting epochs from 1.
You may assume that the level is reached.

It is checked on hidden curves, some of which dip again after reaching the level.
""", """
本章比较网络学得有多快，看的是它们的训练准确率在第几轮第一次达到 90%。写一个函数 `epochs_to_reach(accuracies, level)`：`accuracies` 每一轮有一个准确率（列表或数组，第 1 轮在最前），`level` 是一个数，比如 0.9。返回准确率至少达到 `level` 的第一轮是第几轮，轮数从 1 开始数。你可以假定这个水平一定会达到。

检查时会用一些你看不到的曲线，其中有些在达到这个水平之后又会回落。
"""),
    checker=_check_q2,
    hints=[
        T("`np.asarray(accuracies) >= level` is True for every epoch at or above the level; you "
          "want the position of the first True.",
          "`np.asarray(accuracies) >= level` 在每个达到或高于这个水平的轮次上为 True；"
          "你要的是第一个 True 的位置。"),
        T("`np.argmax` of a boolean array gives the index of its first True; epochs count from 1, "
          "indices from 0.",
          "对布尔数组求 `np.argmax`，得到的是它第一个 True 的下标；轮数从 1 开始数，下标从 0 开始。"),
    ],
    solution=T("""
The first True, counted from 1:

    def epochs_to_reach(accuracies, level):
        reached = np.asarray(accuracies) >= level
        return int(np.argmax(reached)) + 1

`mlpbook.lessons.memorise.epochs_to_reach` does the same and returns None when the level is never
reached (`np.argmax` alone would then return 0, which looks like an answer).
""", """
找第一个 True，从 1 开始数：

    def epochs_to_reach(accuracies, level):
        reached = np.asarray(accuracies) >= level
        return int(np.argmax(reached)) + 1

`mlpbook.lessons.memorise.epochs_to_reach` 做的是同样的事，并且在始终达不到这个水平时返回 None（单用 `np.argmax` 这时会返回 0，看起来像是一个答案）。
"""),
    reference=_epochs_to_reach,
    mistakes=[(_zero_based, "from 0"), (_strictly_above, "at least"),
              (_the_accuracy, "accuracy itself"), (_best_epoch, "best accuracy"),
              (_last_crossing, "last time")],
)


# ---------------------------------------------------------------------- q3: rule, no memory
_Q3_FRACTION = 0.3
_Q3_ANSWER = (1 - _Q3_FRACTION) + _Q3_FRACTION * 0.1        # 0.73
_Q3_MISTAKES = [
    (1 - _Q3_FRACTION, T(
        "Close: you counted only the labels that were not shuffled. A shuffled label is still the "
        "true digit by chance, one time in ten here (ten equally common digits).",
        "很接近了：你只算了没有被打乱的标签。被打乱的标签也可能碰巧就是真实的数字，"
        "在这里是十次中有一次（十个数字同样常见）。")),
    (_Q3_FRACTION, T(
        "That is the share of shuffled labels. The question asks how many labels the network gets "
        "right when it answers the true digit of every image.",
        "这是被打乱的标签所占的份额。题目问的是：网络对每张图像都回答真实的数字时，"
        "它能答对多少标签。")),
    (_Q3_FRACTION * 0.9, T(
        "That is the share of wrong labels, the ones the network cannot get right without "
        "memorising them. The accuracy is the rest.",
        "这是错误标签所占的份额，也就是网络不死记硬背就答不对的那些。准确率是剩下的部分。")),
    (100 * _Q3_ANSWER, T(
        "That is a percentage; give the accuracy as a fraction between 0 and 1.",
        "这是一个百分数；请把准确率写成 0 到 1 之间的比例。")),
    (0.1, T(
        "0.1 is the accuracy of guessing. This network answers the true digit of every "
        "image, which is the label for most of the images.",
        "0.1 是瞎猜的准确率。这个网络对每张图像都回答真实的数字，而对大多数图像来说，"
        "真实的数字就是它的标签。")),
]


_Q3_CHECK = NumberAnswer(_Q3_ANSWER, rel=1e-3, mistakes=_Q3_MISTAKES, fractions=True,
                         what=T("a number", "一个数"), praise=T("Right: 70% of the labels are untouched and a tenth of the shuffled 30% land on the "
             "true digit by chance. Any training accuracy above this line has to be memorised, "
             "image by image. For the chapter's run with half the labels shuffled the same "
             "reasoning gives the line its training accuracy crosses in the first few epochs; "
             "every point above it was learned by heart.",
             "对：70% 的标签没有被改动，被打乱的 30% 中又有十分之一碰巧落在真实的数字上。"
             "训练准确率中超出这条线的部分，都只能一张一张地死记硬背下来。对本章那次打乱了一半"
             "标签的训练，同样的推理给出一条线，它的训练准确率在最初几轮就越过了这条线；"
             "线以上的每一个百分点都是背下来的。"))


q3 = Exercise(
    "q3", T("The accuracy of knowing only the rule", "只懂规律时的准确率"),
    statement=T("""
A training set has ten equally common digits, and 30% of its images, chosen at random, had
their labels shuffled among themselves. Imagine a network that has learned the rule perfectly
and nothing else: it answers the true digit of every image. What training accuracy does it
score, measured against the (partly shuffled) labels it was trained on? Give a fraction.
""", """
一个训练集中十个数字同样常见；随机选出其中 30% 的图像，把它们的标签在彼此之间打乱。设想有一个网络完美地学会了规律，除此之外什么也没学：它对每张图像都回答真实的数字。用它训练时所用的（部分被打乱的）标签来衡量，它的训练准确率是多少？请给出一个比例（0 到 1 之间的数）。
"""),
    answer=_Q3_CHECK, needs="paper",
    hints=[
        T("Two kinds of images: 70% kept their label, so the network is right on all of them.",
          "图像分两类：70% 保留了自己的标签，网络在它们上面全都答对。"),
        T("The 30% that were shuffled got the label of a random image among them; how often is "
          "that label the image's own digit?",
          "被打乱的 30% 得到的是其中一张随机图像的标签；这个标签恰好是图像自己的数字的概率有多大？"),
    ],
    solution=T("""
The untouched labels plus the shuffled ones that land on the true digit by chance:

    0.7 + 0.3 * 0.1      # 0.73

The untouched 70% are all right. A shuffled image gets a random label, which is its own digit
with probability 0.1 (ten equally common digits), so 3% more are right by chance. The other
27% are wrong labels: getting those right means remembering each image with its label.
""", """
没有改动的标签，加上碰巧落在真实数字上的被打乱的标签：

    0.7 + 0.3 * 0.1      # 0.73

没有改动的 70% 全都答对。一张被打乱的图像得到一个随机的标签，它是自己数字的概率为 0.1（十个数字同样常见），所以又有 3% 碰巧答对。其余 27% 是错误的标签：要答对它们，就得把每张图像连同它的标签一起记住。
"""),
    mistakes=[(value, phrase) for (value, _), phrase in zip(
        _Q3_MISTAKES, ["by chance", "share of shuffled labels", "wrong labels", "percentage",
                       "guessing"])],
)


# ---------------------------------------------------------------------- q4: reorder neurons
def _reorder(W1, b1, W2, order):
    order = np.asarray(order)
    return W1[order], b1[order], W2[:, order]


def _forgot_bias(W1, b1, W2, order):
    return W1[order], b1, W2[:, order]


def _forgot_next_layer(W1, b1, W2, order):
    return W1[order], b1[order], W2


def _rows_of_next_layer(W1, b1, W2, order):
    return W1[order], b1[order], W2[order]


def _inverse(W1, b1, W2, order):
    inv = np.argsort(order)
    return W1[inv], b1[inv], W2[:, inv]


def _q4_cases():
    rng = np.random.default_rng(4)
    cases = []
    # The first network has more outputs than hidden neurons, so that reordering the rows of
    # W2 instead of its columns gives an answer of the wrong shape rather than an error.
    for n_in, n_hidden, n_out in ((8, 7, 10), (6, 4, 3), (10, 5, 2)):
        W1 = np.round(rng.normal(size=(n_hidden, n_in)), 2)
        b1 = np.round(rng.normal(size=n_hidden), 2)
        W2 = np.round(rng.normal(size=(n_out, n_hidden)), 2)
        order = rng.permutation(n_hidden)
        while np.array_equal(order, np.argsort(order)):  # an order that is not its own inverse
            order = rng.permutation(n_hidden)
        cases.append((W1, b1, W2, order))
    return cases


def _outputs(W1, b1, W2, X):
    return (1 / (1 + np.exp(-(X @ W1.T + b1)))) @ W2.T


def _three_arrays(result, shapes):
    if isinstance(result, (str, bytes, dict)) or not hasattr(result, "__len__") \
            or len(result) != 3:
        raise Wrong(T("reorder_hidden should return three arrays, `return W1_new, b1_new, "
                      "W2_new`; it returned {kind}.",
                      "reorder_hidden 应当返回三个数组：`return W1_new, b1_new, W2_new`；"
                      "它返回的却是 {kind}。").format(kind=type(result).__name__))
    names = ("W1_new", "b1_new", "W2_new")
    return [as_array(r, shape, what=T("{name} (an array of shape {shape})",
                                      "形状为 {shape} 的数组 {name}").format(name=name, shape=shape))
            for r, shape, name in zip(result, shapes, names)]


def _check_q4(func):
    for W1, b1, W2, order in _q4_cases():
        args = (W1.copy(), b1.copy(), W2.copy(), order.copy())
        result = call_readers_function(func, *args,
                                       what=T("your reorder_hidden", "你的 reorder_hidden "))
        if (isinstance(result, (tuple, list)) and len(result) == 3
                and np.shape(result[2]) == (len(order), W2.shape[1]) != W2.shape):
            raise Wrong(T("W2_new has one row per hidden neuron: you reordered the rows of W2. "
                          "W2 has one row per OUTPUT neuron and one column per hidden neuron, so "
                          "the hidden neurons' weights are its columns: W2[:, order].",
                          "W2_new 每个隐含神经元占一行：你重排的是 W2 的行。W2 每个 *输出* 神经元"
                          "占一行、每个隐含神经元占一列，所以隐含神经元的权重是它的列：W2[:, order]。"))
        got = _three_arrays(result, (W1.shape, b1.shape, W2.shape))
        expected = _reorder(W1, b1, W2, order)
        if all(np.allclose(g, e) for g, e in zip(got, expected)):
            continue
        for variant, message in (
                (_forgot_bias, T("The weights are reordered but the biases are not: each bias "
                                 "belongs to its neuron and must move with it (b1[order]).",
                                 "权重重排了，偏置却没有：每个偏置属于它的神经元，"
                                 "必须随神经元一起移动（b1[order]）。")),
                (_forgot_next_layer, T("The first layer is reordered, but the next layer still "
                                       "expects the old order: its weights W2 have one COLUMN per "
                                       "hidden neuron, so reorder the columns (W2[:, order]).",
                                       "第一层重排了，但下一层仍然按旧的顺序读取：它的权重 W2 "
                                       "每个隐含神经元占一 *列*，所以要重排它的列（W2[:, order]）。")),
                (_inverse, T("Your network computes the same outputs, but its neurons are in the "
                             "inverse order: new neuron k must be old neuron order[k], which is "
                             "what indexing with order gives (W1[order]).",
                             "你的网络算出的输出相同，但神经元排成了逆序（逆排列）：新的神经元 k "
                             "必须是原来的神经元 order[k]，用 order 做下标（W1[order]）得到的正是这样。")),
        ):
            if all(np.allclose(g, v) for g, v in zip(got, variant(W1, b1, W2, order))):
                raise Wrong(message)
        X = np.random.default_rng(0).random((5, W1.shape[1]))
        same = np.allclose(_outputs(*got, X), _outputs(W1, b1, W2, X))
        raise Wrong(T("Not right yet: the outputs are unchanged, but the neurons are not in the "
                      "order asked for: new neuron k is old neuron order[k].",
                      "还不对：输出没有变，但神经元不是按题目要求的顺序排列的：新的神经元 k "
                      "是原来的神经元 order[k]。") if same else
                    T("Not right yet: the reordered network gives different outputs from the "
                      "original. Move every number that belongs to a hidden neuron: its row of "
                      "W1, its bias, and its column of W2.",
                      "还不对：重新排序后的网络给出的输出与原来的网络不同。要移动属于一个隐含神经元"
                      "的每一个数：它在 W1 中的那一行、它的偏置，以及它在 W2 中的那一列。"))
    return T("Right: the reordered network computes exactly the same outputs, because each "
             "hidden neuron took its weights, its bias and its outgoing weights along. There "
             "are 16! (about 2 × 10¹³) orders for a layer of 16 neurons, all the same network: "
             "that is why the chapter pairs neurons up before comparing two networks' weights.",
             "对：重新排序后的网络算出完全相同的输出，因为每个隐含神经元都带走了自己的权重、偏置"
             "和输出权重。一个有 16 个神经元的层有 16!（约 2 × 10¹³）种排列顺序，它们都是同一个"
             "网络：这就是本章在比较两个网络的权重之前，先把神经元配对的原因。")


q4 = Exercise(
    "q4", T("Same network, neurons in another order", "同一个网络，换一种神经元顺序"),
    statement=T("""
A network with one hidden layer has weights `W1` (one row per hidden neuron), biases `b1` (one
per hidden neuron) and next-layer weights `W2` (one row per output neuron, one column per
hidden neuron). Write `reorder_hidden(W1, b1, W2, order)` that returns `(W1_new, b1_new,
W2_new)`: the same network with its hidden neurons listed in a new order, where new hidden
neuron `k` is old neuron `order[k]`. The reordered network must compute exactly the same
outputs.

It is checked on hidden networks and orders.
""", """
一个带一个隐含层的网络有权重 `W1`（每个隐含神经元一行）、偏置 `b1`（每个隐含神经元一个）和下一层的权重 `W2`（每个输出神经元一行，每个隐含神经元一列）。写一个函数 `reorder_hidden(W1, b1, W2, order)`，返回 `(W1_new, b1_new, W2_new)`：还是同一个网络，只是隐含神经元按新的顺序排列，新的隐含神经元 `k` 就是原来的神经元 `order[k]`。重新排序后的网络必须算出完全相同的输出。

检查时会用一些你看不到的网络和顺序。
"""),
    checker=_check_q4,
    hints=[
        T("A hidden neuron owns three things: its row of `W1`, its entry of `b1`, and the weights "
          "that leave it, which are a column of `W2`.",
          "一个隐含神经元拥有三样东西：它在 `W1` 中的那一行、它在 `b1` 中的那一项，"
          "以及从它出发的权重，也就是 `W2` 的一列。"),
        T("Indexing with the order array moves rows: `W1[order]`, `b1[order]`; for columns use "
          "`W2[:, order]`.",
          "用顺序数组做下标可以移动行：`W1[order]`、`b1[order]`；移动列要用 `W2[:, order]`。"),
    ],
    solution=T("""
Move the rows of `W1` and `b1` and the columns of `W2` together:

    def reorder_hidden(W1, b1, W2, order):
        return W1[order], b1[order], W2[:, order]

Hidden neuron `k` of the new network computes what old neuron `order[k]` computed, and the next
layer reads it through the column that used to read old neuron `order[k]`: every output is the
same sum, added in another order.
""", """
把 `W1` 和 `b1` 的行与 `W2` 的列一起移动：

    def reorder_hidden(W1, b1, W2, order):
        return W1[order], b1[order], W2[:, order]

新网络的隐含神经元 `k` 计算的，正是原来的神经元 `order[k]` 所计算的东西；下一层通过原来读取神经元 `order[k]` 的那一列来读取它：每个输出都是同一个和，只是相加的顺序不同。
"""),
    reference=_reorder,
    mistakes=[(_forgot_bias, "biases"), (_forgot_next_layer, "columns"),
              (_rows_of_next_layer, "reordered the rows"), (_inverse, "inverse order")],
)

EXERCISES = ExerciseSet("Chapter 9", [q1, q2, q3, q4])
progress = EXERCISES.progress
