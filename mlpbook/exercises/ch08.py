"""Exercises for chapter 8: looking inside a trained network.

The hidden cases are small made-up arrays (no MNIST needed), built so that each typical
mistake gives a different answer from the right one and from the other mistakes. Every
checker builds its cases afresh, so a function that changes its arguments in place cannot
spoil the next check.
"""

import numpy as np

from ..engine import reference
from .answers import NumberAnswer, Outside, Rule
from .core import Exercise, ExerciseSet, T, expect_function


# ---------------------------------------------------------------------- q1: edge-likeness
def _edge_likeness(w, bank):
    """Largest |cosine| between the weights w and any row of the bank."""
    w = np.asarray(w, dtype=float)
    bank = np.asarray(bank, dtype=float)
    cos = bank @ w / (np.linalg.norm(bank, axis=1) * np.linalg.norm(w))
    return np.max(np.abs(cos))


def _q1_cases():
    """Weights whose best match is a negative cosine, of lengths far from 1, banks of rows of
    different lengths: so forgetting the absolute value or a normalisation always shows."""
    rng = np.random.default_rng(8)
    cases = []
    for n, k, flip in ((6, 4, True), (9, 5, False), (12, 7, True)):
        bank = rng.standard_normal((k, n)) * rng.uniform(0.5, 3.0, (k, 1))
        w = 2.5 * (-bank[1] if flip else bank[2]) + 0.8 * rng.standard_normal(n)
        cases.append((w, bank))
    return cases


def _q1_variants(w, bank):
    w = np.asarray(w, dtype=float)
    bank = np.asarray(bank, dtype=float)
    dots = bank @ w
    cos = dots / (np.linalg.norm(bank, axis=1) * np.linalg.norm(w))
    return {
        "abs": float(np.max(cos)),
        "norm": float(np.max(np.abs(dots))),
        "w_only": float(np.max(np.abs(dots / np.linalg.norm(w)))),
        "bank_only": float(np.max(np.abs(dots / np.linalg.norm(bank, axis=1)))),
        "mean": float(np.mean(np.abs(cos))),
        "index": float(np.argmax(np.abs(cos))),
    }


_Q1_MESSAGES = {
    "abs": T("You took the largest cosine without the absolute value. A neuron whose weights "
             "are the NEGATIVE of a detector (a dark line on a light band) has cosine -1, and it "
             "is just as much an edge detector: take np.abs before the max.",
             "你取了最大的余弦，却没有取绝对值。一个神经元的权重如果恰好是某个检测器的相反数"
             "（浅色带上的一条深色线），它的余弦就是 -1，而它同样是边缘检测器："
             "取最大值之前先用 np.abs。"),
    "norm": T("Those are dot products, not cosines: divide each w·e by the lengths |w| and |e| "
              "(np.linalg.norm). Without it, big weights or big detectors win regardless of "
              "their pattern.",
              "这些是点积，不是余弦：要把每个 w·e 除以长度 |w| 和 |e|（np.linalg.norm）。"
              "不除的话，无论图案如何，大的权重或大的检测器总会胜出。"),
    "w_only": T("You divided by the length of w but not by the length of each detector row. "
                "A cosine divides by both: w·e / (|w| |e|).",
                "你除以了 w 的长度，却没有除以每一行检测器的长度。"
                "余弦要同时除以两者：w·e / (|w| |e|)。"),
    "bank_only": T("You divided by the length of each detector but not by the length of w. "
                   "A cosine divides by both: w·e / (|w| |e|).",
                   "你除以了每个检测器的长度，却没有除以 w 的长度。"
                   "余弦要同时除以两者：w·e / (|w| |e|)。"),
    "mean": T("That is the average |cosine| over the bank; the edge-likeness is the BEST "
              "match, the largest |cosine|.",
              "这是 |余弦| 在整个检测器库上的平均值；边缘相似度取的是最佳匹配，"
              "即最大的 |余弦|。"),
    "index": T("That is the index of the best-matching detector (an argmax); return its score, "
               "the largest |cosine| itself.",
               "这是最匹配的检测器的下标（argmax 的结果）；请返回它的得分，"
               "也就是最大的 |余弦| 本身。"),
}


def _q1_diagnose(got, expected, args):
    for name, value in _q1_variants(*args).items():
        if np.isclose(float(got), value, rtol=1e-6, atol=1e-9):
            return _Q1_MESSAGES[name]
    return None


def _check_q1(func):
    expect_function(func, _q1_cases(), _edge_likeness, diagnose=_q1_diagnose,
                    what=T("edge_likeness", "函数 edge_likeness "))


def _q1_mistake(name):
    def wrong(w, bank):
        return _q1_variants(w, bank)[name]
    return wrong


q1 = Exercise(
    "q1", title=T("Edge-likeness of one neuron", "单个神经元的边缘相似度"),
    statement=T(r"""
Write `edge_likeness(w, bank)`: `w` is a neuron's weights (a 1-D array, e.g. 784 numbers) and
`bank` a 2-D array with one hand-made detector per row, each as long as `w`. Return the
neuron's edge-likeness as the chapter defines it: the largest absolute cosine similarity
$|w \cdot e| / (|w|\,|e|)$ between the weights $w$ and any row $e$ of the bank (one number). It
is checked on hidden made-up examples.
""", r"编写 `edge_likeness(w, bank)`：`w` 是一个神经元的权重（一维数组，例如 784 个数），"
        r"`bank` 是一个二维数组，每行是一个手工制作的检测器，长度都与 `w` 相同。"
        r"按本章的定义返回这个神经元的边缘相似度：权重 $w$ 与库中任一行 $e$ 的余弦相似度的绝对值 "
        r"$|w \cdot e| / (|w|\,|e|)$ 中最大的那个（一个数）。检查时会用几个隐藏的、人为构造的例子。"),
    checker=_check_q1,
    hints=[
        T("`bank @ w` gives all the dot products at once; `np.linalg.norm(bank, axis=1)` the "
          "length of every row, `np.linalg.norm(w)` the length of `w`.",
          "`bank @ w` 一次给出所有点积；`np.linalg.norm(bank, axis=1)` 给出每一行的长度，"
          "`np.linalg.norm(w)` 给出 `w` 的长度。"),
        T("`cos = bank @ w / (np.linalg.norm(bank, axis=1) * np.linalg.norm(w))`; then the "
          "largest of `np.abs(cos)`.",
          "`cos = bank @ w / (np.linalg.norm(bank, axis=1) * np.linalg.norm(w))`；"
          "然后取 `np.abs(cos)` 中最大的那个。"),
    ],
    solution=T("""
All the cosines at once, then the best match:

    def edge_likeness(w, bank):
        cos = bank @ w / (np.linalg.norm(bank, axis=1) * np.linalg.norm(w))
        return np.max(np.abs(cos))

The absolute value counts a dark line on a light band as an edge detector too; dividing by
both lengths makes the score ignore scale, so weights of any size compare fairly.
`mlpbook.lessons.inspect.edge_likeness(W, bank)` does this for every row of `W` at once.
""", """
先一次算出所有余弦，再取最佳匹配：

    def edge_likeness(w, bank):
        cos = bank @ w / (np.linalg.norm(bank, axis=1) * np.linalg.norm(w))
        return np.max(np.abs(cos))

取绝对值，是为了让浅色带上的一条深色线也算作边缘检测器；同时除以两个长度，
使得分与尺度无关，任何大小的权重都能公平比较。`mlpbook.lessons.inspect.edge_likeness(W, bank)`
一次就为 `W` 的每一行算出这个得分。
"""),
    reference=_edge_likeness,
    mistakes=[(_q1_mistake("abs"), "absolute value"),
              (_q1_mistake("norm"), "dot products"),
              (_q1_mistake("w_only"), "each detector row"),
              (_q1_mistake("mean"), "average"),
              (_q1_mistake("index"), "argmax")],
)


# ---------------------------------------------------------------------- q2: confident answers
def _make_outputs():
    """Softmax outputs of 200 made-up noise images; 7 of them have a top output of exactly 0.9."""
    rng = np.random.default_rng(2024)
    logits = rng.standard_normal((200, 10)) * rng.uniform(0.5, 4.0, (200, 1))
    logits[:, 3] += 1.5
    logits[:, 8] += 1.0
    out = reference.softmax(logits)
    exact = np.zeros(10)
    exact[8], exact[3] = 0.9, 0.1
    out[rng.choice(200, 7, replace=False)] = exact
    return out


#: The output activations (one row per image, ten columns for the digits 0-9) of a network
#: shown 200 images of noise, for q2.
OUTPUTS = _make_outputs()
_TOP = OUTPUTS.max(axis=1)
_Q2_ANSWER = float(np.mean(_TOP > 0.9))
_Q2_MISTAKES = [
    (float(np.mean(OUTPUTS > 0.9)),
     T("You compared every output with 0.9 and averaged over all 2,000 numbers. The question "
       "is about images: take the LARGEST output of each row first (OUTPUTS.max(axis=1)).",
       "你把每个输出都和 0.9 比较，再对全部 2,000 个数取了平均。题目问的是图像："
       "先取每一行中最大的那个输出（OUTPUTS.max(axis=1)）。")),
    (float(np.sum(_TOP > 0.9)),
     T("That is how many images; give the fraction, the count divided by the number of images.",
       "这是图像的张数；请给出比例，即张数除以图像的总数。")),
    (float(np.mean(_TOP >= 0.9)),
     T("You counted images whose top output is 0.9 or more; 'above 0.9' means strictly "
       "greater (>), and seven images sit exactly at 0.9.",
       "你数的是最大输出大于或等于 0.9 的图像；“高于 0.9”指严格大于（>），"
       "而有七张图像恰好是 0.9。")),
    (float(np.mean(_TOP)),
     T("That is the average of the largest outputs; the question asks for the fraction of "
       "images whose largest output is above 0.9.",
       "这是各图像最大输出的平均值；题目问的是最大输出高于 0.9 的图像所占的比例。")),
    (100 * _Q2_ANSWER, T("That is a percentage; give the fraction, between 0 and 1.",
                         "这是百分数；请给出 0 到 1 之间的比例。")),
    (float(np.mean(OUTPUTS[:, 0] > 0.9)),
     T("You looked at the first column only (the output for digit 0); take the largest of the "
       "ten outputs of each image.",
       "你只看了第一列（数字 0 的输出）；应当取每张图像十个输出中最大的那个。")),
]


_Q2_CHECK = NumberAnswer(
    _Q2_ANSWER, rel=1e-9, abs_tol=1e-12, fractions=True,
    what=T("a fraction between 0 and 1", "一个 0 到 1 之间的比例"),
    praise=T("Yes: {n} of the 200 noise images get an answer with more than 0.9, although "
             "none of them is a digit.",
             "对：200 张噪声图像中有 {n} 张得到了输出高于 0.9 的答案，"
             "尽管其中没有一张是数字。").format(n=np.sum(_TOP > 0.9)),
    mistakes=_Q2_MISTAKES,
    after=[Rule(Outside(0, 1), message=T("A fraction of the images lies between 0 and 1.",
                                         "图像所占的比例在 0 到 1 之间。"))],
    otherwise=T("{value:g} is not right. Take the largest output of each row, compare it with "
                "0.9, and average the True/False values.",
                "{value:g} 不对。取每一行最大的输出，与 0.9 比较，"
                "再对得到的 True/False 值取平均。"))


q2 = Exercise(
    "q2", title=T("How often is it sure about noise?", "它有多少次对噪声深信不疑？"),
    statement=T("""
`ex.OUTPUTS` holds the ten output activations (columns: digits 0 to 9) a network gave to each
of 200 images of noise (rows). For what fraction of these images is the network's answer
given with an output above 0.9? Answer with a fraction between 0 and 1.
""", "`ex.OUTPUTS` 保存了一个网络对 200 张噪声图像（行）各自给出的十个输出激活值"
        "（列：数字 0 到 9）。在这些图像中，网络给出答案时输出高于 0.9 的占多大比例？"
        "回答一个 0 到 1 之间的比例。"),
    answer=_Q2_CHECK, needs='python',
    hints=[
        T("The network's answer for an image is its largest output: `ex.OUTPUTS.max(axis=1)` "
          "gives one number per image.",
          "网络对一张图像的答案就是它最大的输出：`ex.OUTPUTS.max(axis=1)` "
          "为每张图像给出一个数。"),
        T("`np.mean(top > 0.9)` is the fraction of True values.",
          "`np.mean(top > 0.9)` 就是 True 值所占的比例。"),
    ],
    solution=T("""
The largest output of each image, compared with 0.9:

    top = ex.OUTPUTS.max(axis=1)      # one number per image
    np.mean(top > 0.9)

`mlpbook.lessons.inspect.confident_fraction(outputs, 0.9)` does the same.
""", """
取每张图像最大的输出，与 0.9 比较：

    top = ex.OUTPUTS.max(axis=1)      # 每张图像一个数
    np.mean(top > 0.9)

`mlpbook.lessons.inspect.confident_fraction(outputs, 0.9)` 做的是同一件事。
"""),
    mistakes=[(_Q2_MISTAKES[0][0], "largest output of each row"),
              (_Q2_MISTAKES[1][0], "how many images"),
              (_Q2_MISTAKES[2][0], "strictly"),
              (_Q2_MISTAKES[3][0], "average of the largest")],
)


# ---------------------------------------------------------------------- q3: gradient w.r.t. x
def _sig(z):
    return reference.sigmoid(z)


def _sig_prime(z):
    return reference.sigmoid_prime(z)


def _input_gradient(x, W1, b1, W2, b2, k):
    """d z_k / d x for z = W2 sigmoid(W1 x + b1) + b2."""
    z1 = W1 @ x + b1
    return W1.T @ (_sig_prime(z1) * W2[k])


def _q3_variants(x, W1, b1, W2, b2, k):
    z1 = W1 @ x + b1
    z2 = W2 @ _sig(z1) + b2
    right = _input_gradient(x, W1, b1, W2, b2, k)
    return {
        "no_prime": W1.T @ W2[k],
        "sigma": W1.T @ (_sig(z1) * W2[k]),
        "all_outputs": W1.T @ (_sig_prime(z1) * W2.sum(axis=0)),
        "activation": right * _sig_prime(z2[k]),
        "descent": -right,
    }


_Q3_MESSAGES = {
    "no_prime": T("You left out the slope of the hidden sigmoids. The chain rule passes "
                  "through each hidden neuron's activation: multiply W2[k] by "
                  "σ'(z1) = σ(z1)(1 − σ(z1)) before going back through W1.",
                  "你漏掉了隐含层 sigmoid 函数的斜率。链式法则要经过每个隐含神经元的激活值："
                  "先把 W2[k] 乘以 σ'(z1) = σ(z1)(1 − σ(z1))，再经 W1 往回传。"),
    "sigma": T("You multiplied by σ(z1), the hidden activations, where the chain rule needs "
               "their slope σ'(z1) = σ(z1)(1 − σ(z1)).",
               "你乘的是 σ(z1)，即隐含层的激活值，而链式法则需要的是它们的斜率 "
               "σ'(z1) = σ(z1)(1 − σ(z1))。"),
    "all_outputs": T("You added up the weights of every output neuron; only output k matters "
                     "here: use the row W2[k].",
                     "你把所有输出神经元的权重都加了起来；这里只与输出 k 有关：用 W2[k] 这一行。"),
    "activation": T("That is the gradient of the output ACTIVATION σ(z_k); the question asks "
                    "for its weighted input z_k, with no σ' of the output layer.",
                    "这是输出激活值 σ(z_k) 的梯度；题目要的是它的加权输入 z_k 的梯度，"
                    "其中没有输出层的 σ'。"),
    "descent": T("Right size, wrong sign: check the signs, the gradient of z_k is not negated.",
                 "大小对了，符号反了：检查一下符号，z_k 的梯度不取负号。"),
}


def _q3_cases():
    rng = np.random.default_rng(11)
    cases = []
    for n_in, n_hidden, n_out, k in ((5, 4, 3, 2), (7, 6, 4, 0), (4, 3, 5, 4)):
        W1 = rng.standard_normal((n_hidden, n_in))
        b1 = rng.standard_normal(n_hidden)
        W2 = rng.standard_normal((n_out, n_hidden))
        b2 = rng.standard_normal(n_out)
        x = rng.random(n_in)
        cases.append((x, W1, b1, W2, b2, k))
    return cases


def _q3_diagnose(got, expected, args):
    for name, value in _q3_variants(*args).items():
        if np.allclose(got, value, rtol=1e-6, atol=1e-9):
            return _Q3_MESSAGES[name]
    return None


def _check_q3(func):
    expect_function(func, _q3_cases(), _input_gradient, diagnose=_q3_diagnose,
                    what=T("input_gradient", "函数 input_gradient "))


def _q3_mistake(name):
    def wrong(*args):
        return _q3_variants(*args)[name]
    return wrong


q3 = Exercise(
    "q3", title=T("How an output depends on the pixels", "一个输出如何依赖于像素"),
    statement=T(r"""
A network with one hidden layer of sigmoid neurons computes $z_1 = W_1 x + b_1$,
$a_1 = \sigma(z_1)$ and $z_2 = W_2 a_1 + b_2$. Write `input_gradient(x, W1, b1, W2, b2, k)`
that returns the gradient of the weighted input $z_2[k]$ of output neuron $k$ with respect to
the input $x$: the vector of the $\partial z_2[k] / \partial x_i$, as long as `x`. This is the
direction in which gradient ascent moves the pixels. Checked on hidden networks of different
sizes.
""", r"一个只有一个隐含层（由 sigmoid 神经元组成）的网络计算 $z_1 = W_1 x + b_1$、"
        r"$a_1 = \sigma(z_1)$ 和 $z_2 = W_2 a_1 + b_2$。编写 `input_gradient(x, W1, b1, W2, b2, k)`，"
        r"返回输出神经元 $k$ 的加权输入 $z_2[k]$ 对输入 $x$ 的梯度：由各个 "
        r"$\partial z_2[k] / \partial x_i$ 组成、与 `x` 一样长的向量。"
        r"梯度上升正是沿着这个方向移动像素。检查时会用几个大小不同的隐藏网络。"),
    checker=_check_q3,
    hints=[
        T(r"Go backwards. $\partial z_2[k] / \partial a_1$ is the row $W_2[k]$ (`W2[k]`). Through "
          r"the sigmoids: $\partial z_2[k] / \partial z_1 = W_2[k] \odot \sigma'(z_1)$, with "
          r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$.",
          r"倒着走。$\partial z_2[k] / \partial a_1$ 就是 $W_2[k]$ 这一行（`W2[k]`）。再经过 sigmoid 函数："
          r"$\partial z_2[k] / \partial z_1 = W_2[k] \odot \sigma'(z_1)$，其中 "
          r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$。"),
        T(r"Last step back through $z_1 = W_1 x + b_1$: "
          r"$\partial z_2[k] / \partial x = W_1^\mathsf{T} \bigl(W_2[k] \odot \sigma'(z_1)\bigr)$, "
          r"in numpy `W1.T @ (W2[k] * sp)` with `sp` the slopes $\sigma'(z_1)$.",
          r"最后一步经 $z_1 = W_1 x + b_1$ 往回："
          r"$\partial z_2[k] / \partial x = W_1^\mathsf{T} \bigl(W_2[k] \odot \sigma'(z_1)\bigr)$，"
          r"用 numpy 写就是 `W1.T @ (W2[k] * sp)`，其中 `sp` 是斜率 $\sigma'(z_1)$。"),
    ],
    solution=T(r"""
Backwards from output neuron $k$, through the hidden sigmoids and the first weights:

    def input_gradient(x, W1, b1, W2, b2, k):
        z1 = W1 @ x + b1
        s = 1 / (1 + np.exp(-z1))
        return W1.T @ (W2[k] * s * (1 - s))

It is backpropagation with $\delta = (0, \dots, 1, \dots, 0)$ at the output's weighted inputs,
carried one step further than training needs: past the first weights to the pixels.
`mlpbook.lessons.inspect.input_gradient(network, x, k, objective="z")` does this for any depth.
""", r"""
从输出神经元 $k$ 倒着走，经过隐含层的 sigmoid 函数和第一层权重：

    def input_gradient(x, W1, b1, W2, b2, k):
        z1 = W1 @ x + b1
        s = 1 / (1 + np.exp(-z1))
        return W1.T @ (W2[k] * s * (1 - s))

这就是反向传播：在输出层的加权输入处取 $\delta = (0, \dots, 1, \dots, 0)$，
只是比训练所需多走一步：越过第一层权重，一直传到像素。`mlpbook.lessons.inspect.input_gradient(network, x, k, objective="z")`
对任意深度的网络都能做这件事。
"""),
    reference=_input_gradient,
    mistakes=[(_q3_mistake("no_prime"), "slope of the hidden sigmoids"),
              (_q3_mistake("sigma"), "σ'(z1)"),
              (_q3_mistake("all_outputs"), "only output k"),
              (_q3_mistake("activation"), "activation")],
)


# ---------------------------------------------------------------------- q4: one ascent step
def _ascent_step(x, gradient, lr):
    """One step of projected gradient ascent: uphill, then back into [0, 1]."""
    return np.clip(np.asarray(x, dtype=float) + lr * np.asarray(gradient, dtype=float), 0, 1)


def _q4_cases():
    rng = np.random.default_rng(5)
    cases = []
    for n, lr in ((8, 0.5), (12, 2.0), (6, 0.3)):
        x = rng.random(n)
        gradient = rng.standard_normal(n) * 1.5
        gradient[0], gradient[1] = 3.0 / lr, -3.0 / lr    # one pixel over 1, one below 0
        cases.append((x, gradient, lr))
    return cases


def _q4_variants(x, gradient, lr):
    x, gradient = np.asarray(x, dtype=float), np.asarray(gradient, dtype=float)
    return {
        "descent": np.clip(x - lr * gradient, 0, 1),
        "no_clip": x + lr * gradient,
        "upper_only": np.minimum(x + lr * gradient, 1),
        "lower_only": np.maximum(x + lr * gradient, 0),
        "no_lr": np.clip(x + gradient, 0, 1),
    }


_Q4_MESSAGES = {
    "descent": T("You stepped downhill (x − η·gradient): that makes the output SMALLER. "
                 "Gradient ascent adds the gradient.",
                 "你往下坡走了（x − η·gradient）：这会让输出变小。梯度上升是加上梯度。"),
    "no_clip": T("Some of your pixels are above 1 or below 0: clip the result into [0, 1] "
                 "(np.clip) so the image stays a possible picture.",
                 "有些像素大于 1 或小于 0：把结果截到 [0, 1] 之内（np.clip），"
                 "使图像仍是一张可能出现的图片。"),
    "upper_only": T("Pixels above 1 are fixed, but some are still below 0, darker than black: "
                    "clip both ends, np.clip(..., 0, 1).",
                    "大于 1 的像素处理好了，但还有些小于 0，比黑还黑：两端都要截断，"
                    "np.clip(..., 0, 1)。"),
    "lower_only": T("Pixels below 0 are fixed, but some are still above 1, brighter than white: "
                    "clip both ends, np.clip(..., 0, 1).",
                    "小于 0 的像素处理好了，但还有些大于 1，比白还白：两端都要截断，"
                    "np.clip(..., 0, 1)。"),
    "no_lr": T("You forgot the learning rate: the step is lr times the gradient.",
               "你忘了学习率：每一步移动的是 lr 乘以梯度。"),
}


def _q4_diagnose(got, expected, args):
    for name, value in _q4_variants(*args).items():
        if np.allclose(got, value, rtol=1e-9, atol=1e-12):
            return _Q4_MESSAGES[name]
    return None


def _check_q4(func):
    expect_function(func, _q4_cases(), _ascent_step, diagnose=_q4_diagnose,
                    what=T("ascent_step", "函数 ascent_step "))


def _q4_mistake(name):
    def wrong(x, gradient, lr):
        return _q4_variants(x, gradient, lr)[name]
    return wrong


q4 = Exercise(
    "q4", title=T("One step of gradient ascent on the pixels", "对像素做一步梯度上升"),
    statement=T("""
Write `ascent_step(x, gradient, lr)`: given an image `x` (pixels in 0..1), the gradient of the
output we want to raise with respect to those pixels, and a learning rate `lr`, return the
image after one step of gradient ascent, kept a possible picture: every pixel moved by `lr`
times its gradient in the uphill direction, then held inside [0, 1].
""", "编写 `ascent_step(x, gradient, lr)`：给定一张图像 `x`（像素值在 0..1 之间）、"
        "我们想增大的那个输出对这些像素的梯度，以及学习率 `lr`，返回做了一步梯度上升后的图像，"
        "并让它仍是一张可能出现的图片：每个像素沿上坡方向移动 `lr` 乘以它的梯度，"
        "然后限制在 [0, 1] 之内。"),
    checker=_check_q4,
    hints=[
        T("Uphill means adding the gradient: `x + lr * gradient`.",
          "上坡意味着加上梯度：`x + lr * gradient`。"),
        T("`np.clip(values, 0, 1)` puts every value back into [0, 1].",
          "`np.clip(values, 0, 1)` 把每个值都放回 [0, 1] 之内。"),
    ],
    solution=T("""
Uphill, then back into the range of pixels:

    def ascent_step(x, gradient, lr):
        return np.clip(x + lr * gradient, 0, 1)

Repeated 500 times with the gradient recomputed at each new image, this is
`mlpbook.lessons.inspect.ideal_input`: the network's "ideal" digits of the chapter.
""", """
先往上坡走，再放回像素的取值范围：

    def ascent_step(x, gradient, lr):
        return np.clip(x + lr * gradient, 0, 1)

把这一步重复 500 次，每次都在新图像上重新计算梯度，就是 `mlpbook.lessons.inspect.ideal_input`：
它给出本章中网络的“理想”数字。
"""),
    reference=_ascent_step,
    mistakes=[(_q4_mistake("descent"), "downhill"),
              (_q4_mistake("no_clip"), "np.clip"),
              (_q4_mistake("upper_only"), "below 0"),
              (_q4_mistake("no_lr"), "learning rate")],
)

EXERCISES = ExerciseSet("Chapter 8", [q1, q2, q3, q4])
progress = EXERCISES.progress
