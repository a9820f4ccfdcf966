"""Exercises for chapter 10: why hidden layers.

Four exercises: how small a stack of linear layers really is (a count), collapsing two
linear layers into one (a function), which activation functions rescue a hidden layer (a
choice), and a 2-2-1 network for XOR built by hand (nine numbers, the explorer's sliders).
"""

import numpy as np

from ..lessons import toy2d
from .answers import LettersAnswer, NotWhole, NumberAnswer, Rule, Xor221Answer
from .core import Exercise, ExerciseSet, T, Wrong, as_array, call_readers_function


# ---------------------------------------------------------------------- q1: one layer's size
_Q1_LAYERS = (784, 16, 16, 10)
_Q1_STACK = sum(n_in * n_out + n_out for n_in, n_out in zip(_Q1_LAYERS[:-1], _Q1_LAYERS[1:]))
_Q1_ANSWER = 784 * 10 + 10                                                   # 7,850
_Q1_SUM = " + ".join(rf"{n_in} \cdot {n_out} + {n_out}"
                     for n_in, n_out in zip(_Q1_LAYERS[:-1], _Q1_LAYERS[1:]))


def _tex(n):
    """A whole number with thousands separators for a formula: 13{,}002 (no space after the
    comma)."""
    return f"{n:,}".replace(",", "{,}")
_Q1_MISTAKES = [
    (_Q1_STACK, T(
        "13,002 is what the stack of three layers has. The question asks for the single layer "
        "it collapses into: W = W3 W2 W1 goes straight from the 784 inputs to the 10 outputs, "
        "and one bias vector b follows it.",
        "13,002 是三层堆叠所拥有的参数个数。题目问的是它塌缩成的那一层：W = W3 W2 W1 "
        "直接从 784 个输入通向 10 个输出，后面再跟一个偏置向量 b。")),
    (784 * 10, T(
        "That counts the weights of W = W3 W2 W1 but not its biases: the combined layer has "
        "one bias per output neuron too (b = W3 (W2 b1 + b2) + b3).",
        "这只数了 W = W3 W2 W1 的权重，没有数偏置：合并后的层每个输出神经元也有一个偏置"
        "（b = W3 (W2 b1 + b2) + b3）。")),
    (784 * 16 + 16, T(
        "That is the first layer alone. The single layer that does the work of all three "
        "maps the 784 inputs directly to the 10 outputs.",
        "这只是第一层。承担全部三层工作的那一层，把 784 个输入直接映射到 10 个输出。")),
    (784 + 10, T(
        "That counts neurons, not parameters: every one of the 10 output neurons has a weight "
        "for each of the 784 inputs, plus its bias.",
        "这数的是神经元，而不是参数：10 个输出神经元中的每一个，对 784 个输入各有一个权重，"
        "外加它自己的偏置。")),
]


_Q1_WHOLE = T("A count of weights and biases is a whole number.",
              "权重和偏置的个数是一个整数。")
_Q1_CHECK = NumberAnswer(
    _Q1_ANSWER, rel=0, abs_tol=0.5, whole=_Q1_WHOLE, mistakes=_Q1_MISTAKES,
    before=[Rule(NotWhole(), message=_Q1_WHOLE)],
    what=T("a whole number (the count of weights and biases)", "一个整数（权重和偏置的个数）"),
    praise=T("Right: 7,850 numbers do everything the 13,002 of the stack can do when there is "
             "no activation function. The extra 5,152 parameters buy nothing; only the "
             "squashing between the layers gives them something to do.",
             "对：没有激活函数时，这 7,850 个数能做到堆叠的 13,002 个数所能做的一切。多出来的 "
             "5,152 个参数什么也换不来；只有层与层之间的压缩才让它们有事可做。"))


q1 = Exercise(
    "q1", T("How big is a deep linear network, really?", "深度线性网络到底有多大？"),
    statement=T(rf"""
Take the 784-16-16-10 network and remove the sigmoid from every layer, so each layer computes
only $W a + b$. It still has ${_Q1_SUM} = {_tex(_Q1_STACK)}$ parameters. But, as this chapter
shows, it computes exactly what one single layer computes. How many weights and biases does
that single layer have? Check a whole number.
""", rf"""
取 784-16-16-10 网络，去掉每一层的 sigmoid，让每层只计算 $W a + b$。它仍然有
${_Q1_SUM} = {_tex(_Q1_STACK)}$ 个参数。但正如本章所示，它计算的恰好就是单独一层所计算的东西。这一层有多少个权重和偏置？请用一个整数作答。
"""),
    answer=_Q1_CHECK, needs="paper",
    hints=[
        T("The single layer is $W = W_3 W_2 W_1$ with the combined bias $b$. What shape does the "
          "product of a (10, 16), a (16, 16) and a (16, 784) matrix have?",
          "这一层就是 $W = W_3 W_2 W_1$，加上合并后的偏置 $b$。一个 (10, 16)、一个 (16, 16) 和一个 "
          "(16, 784) 的矩阵相乘，乘积是什么形状？"),
        T("$W$ has shape (10, 784); $b$ has one entry per output neuron.",
          "$W$ 的形状是 (10, 784)；$b$ 每个输出神经元一项。"),
    ],
    solution=T(r"""
$W = W_3 W_2 W_1$ has shape $(10, 16) \cdot (16, 16) \cdot (16, 784) \to (10, 784)$: 7,840
weights. The combined bias $b = W_3 (W_2 b_1 + b_2) + b_3$ has 10 entries. Together 7,850
parameters.

    W, b = toy2d.linear_collapse(net.weights, net.biases)
    W.size + b.size      # 7850

The collapsed map can be even more restricted than a general $784 \to 10$ layer: it passes
through 16 numbers, so its rank is at most 16; for 10 outputs that happens to be no
restriction at all.
""", r"""
$W = W_3 W_2 W_1$ 的形状是 $(10, 16) \cdot (16, 16) \cdot (16, 784) \to (10, 784)$：7,840 个权重。合并后的偏置 $b = W_3 (W_2 b_1 + b_2) + b_3$ 有 10 项。合起来共 7,850 个参数。

    W, b = toy2d.linear_collapse(net.weights, net.biases)
    W.size + b.size      # 7850

塌缩后的映射还可能比一般的 $784 \to 10$ 层受到更多限制：它要经过 16 个数，所以它的秩至多为 16；而对 10 个输出来说，这恰好算不上什么限制。
"""),
    mistakes=[(value, phrase) for value, phrase in zip(
        [m[0] for m in _Q1_MISTAKES],
        ["13,002", "biases", "first layer", "neurons, not parameters"])],
)


# ---------------------------------------------------------------------- q2: collapse two layers
def _collapse(W1, b1, W2, b2):
    W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (W1, b1, W2, b2))
    return W2 @ W1, W2 @ b1 + b2


def _collapse_wrong_order(W1, b1, W2, b2):
    return W1 @ W2, W2 @ b1 + b2


def _collapse_bias_not_carried(W1, b1, W2, b2):
    return W2 @ W1, b1 + b2


def _collapse_forgot_b2(W1, b1, W2, b2):
    return W2 @ W1, W2 @ b1


def _collapse_forgot_b1(W1, b1, W2, b2):
    return W2 @ W1, np.asarray(b2, dtype=float).copy()


def _q2_cases():
    """Square layers first (so a product in the wrong order can be recognised), then others."""
    rng = np.random.default_rng(10)
    cases = []
    for n_in, n_hidden, n_out in ((3, 3, 3), (2, 2, 2), (4, 3, 2), (5, 2, 3)):
        cases.append((np.round(rng.normal(size=(n_hidden, n_in)), 2),
                      np.round(rng.normal(size=n_hidden), 2),
                      np.round(rng.normal(size=(n_out, n_hidden)), 2),
                      np.round(rng.normal(size=n_out), 2)))
    return cases


def _pair(result, shapes):
    """The reader's (W, b) as two float arrays of the expected shapes, or Wrong."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Wrong(T("collapse should return a pair (W, b): end it with `return W, b`.",
                      "collapse 应当返回一对 (W, b)：用 `return W, b` 结尾。"))
    W = as_array(result[0], shapes[0], what=T("W (the first thing returned)", "W（返回的第一个值）"))
    b = as_array(result[1], what=T("b (the second thing returned)",
                                   "b（返回的第二个值）")).reshape(-1)
    if b.shape != shapes[1]:
        raise Wrong(T("b should hold one number per output neuron, {n} here; yours holds {size}.",
                      "b 应当每个输出神经元有一个数，这里是 {n} 个；你的有 {size} 个。")
                    .format(n=shapes[1][0], size=b.size))
    return W, b


def _close(a, b):
    return np.allclose(a, b, rtol=1e-9, atol=1e-12)


def _check_q2(func):
    for W1, b1, W2, b2 in _q2_cases():
        W, b = _collapse(W1, b1, W2, b2)
        args = tuple(a.copy() for a in (W1, b1, W2, b2))
        got = call_readers_function(func, *args, what=T("your collapse", "你的 collapse "))
        W_got, b_got = _pair(got, (W.shape, b.shape))
        if not _close(W_got, W):
            if W1.shape == W2.shape and _close(W_got, W1 @ W2):
                raise Wrong(T("W is the product in the wrong order: the first layer acts first, "
                              "so its matrix stands on the right, next to the input: "
                              "W2 (W1 x) = (W2 W1) x. Use W2 @ W1.",
                              "W 是乘积，但顺序反了：第一层先起作用，所以它的矩阵站在右边，"
                              "紧挨着输入：W2 (W1 x) = (W2 W1) x。用 W2 @ W1。"))
            raise Wrong(T("W is not right yet: the combined matrix is the product W2 @ W1 "
                          "(first layer on the right).",
                          "W 还不对：合并后的矩阵是乘积 W2 @ W1（第一层在右边）。"))
        if _close(b_got, b):
            continue
        if b1.shape == b2.shape and _close(b_got, b1 + b2):
            raise Wrong(T("W is right; b is not: b1 is added before the second layer, so it is "
                          "carried through W2 like everything else, W2 (W1 x + b1) + b2. "
                          "Use b = W2 @ b1 + b2.",
                          "W 对了；b 不对：b1 是在第二层之前加上的，所以它和其他一切一样要经过 W2，"
                          "即 W2 (W1 x + b1) + b2。用 b = W2 @ b1 + b2。"))
        if _close(b_got, W2 @ b1):
            raise Wrong(T("W is right and b1 is carried through W2, but the second layer's own "
                          "bias b2 is missing: b = W2 @ b1 + b2.",
                          "W 对了，b1 也经过了 W2，但少了第二层自己的偏置 b2：b = W2 @ b1 + b2。"))
        if _close(b_got, b2):
            raise Wrong(T("W is right; b misses the first layer's bias b1, which the second layer "
                          "carries along: b = W2 @ b1 + b2.",
                          "W 对了；b 漏掉了第一层的偏置 b1，它要经过第二层被带过去："
                          "b = W2 @ b1 + b2。"))
        raise Wrong(T("W is right, b is not: multiply out W2 (W1 x + b1) + b2 and collect "
                      "the terms that do not contain x.",
                      "W 对了，b 不对：把 W2 (W1 x + b1) + b2 展开，再把不含 x 的项归到一起。"))


q2 = Exercise(
    "q2", T("Two linear layers are one", "两个线性层就是一层"),
    statement=T(r"""
Write `collapse(W1, b1, W2, b2)` for two layers without an activation function: the first
computes $h = W_1 x + b_1$, the second $W_2 h + b_2$. Return the pair `(W, b)` of the single
layer that computes the same, $W x + b$, for every input $x$. The matrices follow the
package's convention: `W1` has shape `(n_hidden, n_in)`, `W2` shape `(n_out, n_hidden)`.

It is checked on layers you do not see (square and not square).
""", r"""
两个层都没有激活函数：第一层计算 $h = W_1 x + b_1$，第二层计算 $W_2 h + b_2$。为它们写一个函数 `collapse(W1, b1, W2, b2)`，返回单独一层的参数对 `(W, b)`，这一层对每个输入 $x$ 算出同样的结果 $W x + b$。矩阵遵循本书代码包的约定：`W1` 的形状为 `(n_hidden, n_in)`，`W2` 的形状为 `(n_out, n_hidden)`。

检查时会用一些你看不到的层（有方阵，也有非方阵）。
"""),
    checker=_check_q2,
    hints=[
        T("Write out $W_2 (W_1 x + b_1) + b_2$ and multiply the bracket out.",
          "写出 $W_2 (W_1 x + b_1) + b_2$，把括号展开。"),
        T("The part with $x$ is $(W_2 W_1) x$; everything else is the combined bias.",
          "含 $x$ 的部分是 $(W_2 W_1) x$；其余的都是合并后的偏置。"),
    ],
    solution=T(r"""
Multiply the bracket out:

    def collapse(W1, b1, W2, b2):
        W = W2 @ W1
        b = W2 @ b1 + b2
        return W, b

$W_2 (W_1 x + b_1) + b_2 = (W_2 W_1) x + (W_2 b_1 + b_2)$. Repeat it layer after layer and
any number of linear layers becomes one: that is `mlpbook.lessons.toy2d.linear_collapse`.
""", r"""
把括号展开：

    def collapse(W1, b1, W2, b2):
        W = W2 @ W1
        b = W2 @ b1 + b2
        return W, b

$W_2 (W_1 x + b_1) + b_2 = (W_2 W_1) x + (W_2 b_1 + b_2)$。一层接一层地重复这一步，任意多个线性层都会变成一层：这就是 `mlpbook.lessons.toy2d.linear_collapse`。
"""),
    reference=_collapse,
    mistakes=[(_collapse_wrong_order, "wrong order"),
              (_collapse_bias_not_carried, "carried through W2"),
              (_collapse_forgot_b2, "b2 is missing"),
              (_collapse_forgot_b1, "misses the first layer's bias")],
)


# ---------------------------------------------------------------------- q3: which activations?
_Q3_CHOICES = {
    "a": T("$f(z) = z$ (no activation at all)", "$f(z) = z$（完全没有激活函数）"),
    "b": T("$f(z) = 3z - 1$", "$f(z) = 3z - 1$"),
    "c": T(r"ReLU: $f(z) = \max(0, z)$", r"ReLU：$f(z) = \max(0, z)$"),
    "d": T("$f(z) = z^2$", "$f(z) = z^2$"),
    "e": T("the step: $f(z) = 1$ if $z > 0$, else 0", "阶跃函数：$z > 0$ 时 $f(z) = 1$，否则为 0"),
}
_Q3_ANSWER = "cde"


def _choices(language):
    """The choices, one paragraph each (their formulas are typeset)."""
    return "\n\n".join(f"({key}) {getattr(choice, language)}"
                        for key, choice in _Q3_CHOICES.items())


def _judge_q3(letters):
    right = set(_Q3_ANSWER)
    if letters == right:
        return T("Right: anything that is not a straight line will do. ReLU, z² and the step all "
                 "bend somewhere, and that is all a hidden layer needs to move the points off a "
                 "plane. Gradient descent is another matter: the step's slope is 0 everywhere, "
                 "so it cannot be trained that way, which is why the sigmoid replaced it.",
                 "对：只要不是直线就行。ReLU、z² 和阶跃函数都在某处弯曲，而隐含层要像本章那样"
                 "把平面折叠起来、把这些点挪开，需要的就只是这一点。梯度下降则是另一回事：阶跃函数的斜率处处为 0，"
                 "没法用梯度下降来训练，这就是 sigmoid 取代它的原因。")
    if "a" in letters:
        raise Wrong(T("With f(z) = z the hidden layer is linear and the network collapses into "
                      "one layer: a single straight line, which cannot separate XOR. Leave out "
                      "(a), and look at (b) in the same light.",
                      "用 f(z) = z 时，隐含层是线性的，网络塌缩成一层：只有一条直线，分不开 XOR。"
                      "去掉 (a)，再用同样的眼光看看 (b)。"))
    if "b" in letters:
        raise Wrong(T("f(z) = 3z − 1 is a straight line too: a scale and a shift. The hidden "
                      "layer is then linear and everything collapses into one line, as with "
                      "f(z) = z.",
                      "f(z) = 3z − 1 也是一条直线：一次缩放加一次平移。这时隐含层是线性的，"
                      "一切都塌缩成一条直线，和 f(z) = z 一样。"))
    missing = right - letters
    if "c" in missing:
        raise Wrong(T("ReLU is straight on each side of 0, but the kink at 0 is enough: "
                      "h1 = max(0, x1 + x2) and h2 = max(0, x1 + x2 − 1) give h1 − 2 h2 = XOR "
                      "on the four points.",
                      "ReLU 在 0 的两侧各是一段直线，但 0 处的折点就足够了：h1 = max(0, x1 + x2) "
                      "和 h2 = max(0, x1 + x2 − 1) 在四个点上给出 h1 − 2 h2 = XOR。"))
    if "d" in missing:
        raise Wrong(T("z² is not a straight line: h = (x1 − x2)² is 0 at (0, 0) and (1, 1) and 1 "
                      "at the other two corners, already XOR with a single hidden neuron.",
                      "z² 不是直线：h = (x1 − x2)² 在 (0, 0) 和 (1, 1) 处为 0，在另外两个角上为 1，"
                      "只用一个隐含神经元就已经是 XOR 了。"))
    raise Wrong(T("The step is not a straight line either: h1 = step(x1 + x2 − 0.5) (OR) and "
                  "h2 = step(x1 + x2 − 1.5) (AND) give XOR = h1 and not h2, the classic "
                  "hand-made solution. It cannot be *trained* by gradient descent, but the "
                  "question is whether some weights compute XOR.",
                  "阶跃函数也不是直线：h1 = step(x1 + x2 − 0.5)（OR）和 h2 = step(x1 + x2 − 1.5)"
                  "（AND）给出 XOR = h1 且非 h2，这是经典的手工解法。它没法用梯度下降 *训练*，"
                  "但题目问的是有没有某组权重能计算 XOR。"))


_Q3_CHECK = LettersAnswer(_judge_q3, _Q3_ANSWER, choices=_Q3_CHOICES,
                          what=T("the letters of the choices that work",
                                 "可行选项的字母"))


q3 = Exercise(
    "q3", T("Which activation functions rescue the hidden layer?", "哪些激活函数能拯救隐含层？"),
    statement=T("""
A 2-2-1 network keeps its sigmoid output neuron, but its two hidden neurons use another
activation function $f$. For which of these $f$ is there a choice of the nine weights and biases
that gets all four XOR points right?

""" + _choices("en") + """

Answer with the letters of all that work, as a string such as "ab".
""", """
一个 2-2-1 网络保留它的 sigmoid 输出神经元，但两个隐含神经元改用另一个激活函数 $f$。对下面哪些 $f$，存在一组九个权重和偏置的取值，能把 XOR 的四个点全部分对？

""" + _choices("zh") + """

用所有可行选项的字母作答，写成一个字符串，例如 "ab"。
"""),
    answer=_Q3_CHECK, needs="thought",
    hints=[
        T("Start with the straight lines. Two of the five functions are only a scale and a shift "
          "of $z$: with them the hidden layer is linear, and two linear layers in a row are one "
          "linear layer. How many straight lines can such a network draw, and how many does XOR "
          "need?",
          "先看直线。五个函数中有两个只是对 $z$ 做缩放和平移：用它们时隐含层是线性的，"
          "而两个线性层接连起来就是一个线性层。这样的网络能画出几条直线？XOR 又需要几条？"),
        T("For the other three, it does not matter whether they are smooth, or whether gradient "
          "descent could train them: the question is only whether some weights compute XOR. Try "
          "one by hand: with the weighted input $z = x_1 - x_2$, what does $f(z) = z^2$ give at "
          "the four corners?",
          "对另外三个来说，它们光滑与否、能不能用梯度下降训练，都无关紧要：题目只问有没有某组权重能"
          "计算 XOR。亲手试一个：取加权输入 $z = x_1 - x_2$，$f(z) = z^2$ 在四个角上给出什么？"),
        T(r"A bend in a single point is a bend too. For ReLU, compare "
          r"$h_1 = \max(0, x_1 + x_2)$ and $h_2 = \max(0, x_1 + x_2 - 1)$ at the four corners; "
          r"for the step, a neuron that fires when $x_1 + x_2 > 0.5$ and one that fires when "
          r"$x_1 + x_2 > 1.5$. Can one straight line in the $(h_1, h_2)$ plane then separate "
          r"XOR's two classes?",
          r"只在一个点上弯曲也是弯曲。对 ReLU，比较 $h_1 = \max(0, x_1 + x_2)$ 和 "
          r"$h_2 = \max(0, x_1 + x_2 - 1)$ 在四个角上的值；对阶跃函数，比较一个在 "
          r"$x_1 + x_2 > 0.5$ 时激活的神经元和一个在 $x_1 + x_2 > 1.5$ 时激活的神经元。"
          r"这样一来，$(h_1, h_2)$ 平面中的一条直线能把 XOR 的两个类别分开吗？"),
    ],
    solution=T(r"""
(c), (d) and (e): "cde".

(a) and (b) are linear: the hidden layer then only moves the plane by a matrix and a shift,
the output neuron draws one straight line in the result, and two linear steps are one, so
the whole network still separates the plane by a single line, 3 of 4 XOR points at best.

The other three bend, and one bend is enough:

ReLU: $h_1 = \max(0, x_1 + x_2)$ and $h_2 = \max(0, x_1 + x_2 - 1)$, output
$\sigma(10 (h_1 - 2 h_2) - 5)$.

$z^2$: $h_1 = (x_1 - x_2)^2$, output $\sigma(10 h_1 - 5)$; the second hidden neuron is not
needed (give it zero weights).

The step: $h_1 = \operatorname{step}(x_1 + x_2 - 0.5)$ (OR) and
$h_2 = \operatorname{step}(x_1 + x_2 - 1.5)$ (AND), output $\sigma(10 (h_1 - 2 h_2) - 5)$.

The step cannot be trained by gradient descent (its slope is 0), which is why the sigmoid
took its place.
""", r"""
(c)、(d) 和 (e)："cde"。

(a) 和 (b) 是线性的：这时隐含层只是用一个矩阵和一次平移来移动平面，输出神经元在移动后的平面上画一条直线，而两个线性步骤合起来就是一个，所以整个网络仍然只用一条直线划分平面，XOR 的 4 个点最多分对 3 个。

另外三个都有弯曲，而一处弯曲就够了：

ReLU：$h_1 = \max(0, x_1 + x_2)$，$h_2 = \max(0, x_1 + x_2 - 1)$，输出为
$\sigma(10 (h_1 - 2 h_2) - 5)$。

$z^2$：$h_1 = (x_1 - x_2)^2$，输出为 $\sigma(10 h_1 - 5)$；第二个隐含神经元用不上（让它的权重取零）。

阶跃函数：$h_1 = \operatorname{step}(x_1 + x_2 - 0.5)$（OR），$h_2 = \operatorname{step}(x_1 + x_2 - 1.5)$（AND），
输出为 $\sigma(10 (h_1 - 2 h_2) - 5)$。

阶跃函数无法用梯度下降来训练（它的斜率为 0），这就是 sigmoid 取代它的原因。
"""),
    mistakes=[("abcde", "collapses into one layer"), ("bcde", "3z − 1"),
              ("de", "kink"), ("ce", "z²"), ("cd", "step")],
)


# ---------------------------------------------------------------------- q4: XOR by hand
_Q4_MARGIN = 0.1                   # class 0 below 0.1, class 1 above 0.9
_Q4_ANSWER = [10.0, 10.0, -5.0, 10.0, 10.0, -15.0, 10.0, -10.0, -5.0]      # OR, AND, OR-AND


def _q4_params(answer):
    if isinstance(answer, dict):
        try:
            p = toy2d.check_params(answer)
        except ValueError as err:
            raise Wrong(T("That dict is not a 2-2-1 network: {err}",
                          "这个字典不是一个 2-2-1 网络：{err}").format(err=err)) from None
        vector = toy2d.params_to_vector(p)
    else:
        if isinstance(answer, (str, bytes)) or np.ndim(answer) == 0:
            raise Wrong(T("Give the nine numbers w11, w12, b1, w21, w22, b2, v1, v2, c as a list "
                          "(the explorer's sliders, in their order).",
                          "把九个数 w11, w12, b1, w21, w22, b2, v1, v2, c 写成一个列表"
                          "（就是探索器的滑块，按它们的顺序）。"))
        vector = as_array(answer, what=T("nine numbers", "九个参数")).reshape(-1)
    if vector.size != 9:
        raise Wrong(T("A 2-2-1 network has nine parameters (w11, w12, b1, w21, w22, b2, v1, v2, "
                      "c); you gave {n} numbers.",
                      "一个 2-2-1 网络有九个参数（w11, w12, b1, w21, w22, b2, v1, v2, c）；"
                      "你给了 {n} 个数。").format(n=vector.size))
    return toy2d.params_from_vector(vector)


def _q4_vector(answer):
    """The nine numbers of what Python was given (a list, an array, a dict of parameters)."""
    return toy2d.params_to_vector(_q4_params(answer))


_Q4_CHECK = Xor221Answer(
    _Q4_ANSWER, margin=_Q4_MARGIN, read_object=_q4_vector,
    what=T("the nine parameters w11, w12, b1, w21, w22, b2, v1, v2, c",
           "九个参数 w11, w12, b1, w21, w22, b2, v1, v2, c"),
    praise=T("Right: every corner on its side, with outputs {shown}. Put these nine values on "
             "the explorer's sliders and look at the right panel: the hidden layer has moved "
             "the four points so that one straight line separates them.",
             "对：每个角都在它该在的一侧，输出为 {shown}。把这九个值设到探索器的滑块上，"
             "看看右侧面板：隐含层已经挪动了四个点，使一条直线就能把它们分开。"),
    unsure=T("Every point is on its side, but not confidently: the outputs for (0, 0), (0, 1), "
             "(1, 0), (1, 1) are {{shown}}; class 0 should be below {margin} and class 1 above "
             "{high:.1f}. Multiply all nine numbers by the same factor, say 3: every line stays "
             "where it is and every sigmoid gets steeper.",
             "每个点都在它该在的一侧，但不够有把握：(0, 0)、(0, 1)、(1, 0)、(1, 1) "
             "的输出为 {{shown}}；类别 0 应低于 {margin}，类别 1 应高于 {high:.1f}。"
             "把九个数都乘以同一个因子，比如 3：每条直线都留在原处，而每个 sigmoid "
             "都变得更陡。").format(margin=_Q4_MARGIN, high=1 - _Q4_MARGIN),
    opposite=T("Every point is on the wrong side (outputs {shown}): your network computes the "
               "opposite of XOR. Flip the signs of v1, v2 and c.",
               "每个点都在错误的一侧（输出为 {shown}）：你的网络计算的是 XOR 的反面。"
               "把 v1、v2 和 c 的符号都反过来。"),
    tangled=T("The hidden layer does not untangle the points: {where}. No straight line in the "
              "(h1, h2) plane separates class 1 from class 0, so no output neuron can. Make the "
              "two hidden neurons different, e.g. h1 ≈ OR (fires unless both inputs are 0) and "
              "h2 ≈ AND (fires only when both are 1).",
              "隐含层没有把这些点解开：{where}。在 (h1, h2) 平面中，没有哪条直线能把"
              "类别 1 和类别 0 分开，所以任何输出神经元都做不到。让两个隐含神经元各不"
              "相同，例如 h1 ≈ OR（除非两个输入都是 0，否则激活），h2 ≈ AND"
              "（只有两个输入都是 1 时才激活）。"),
    wrong_line=T("The hidden layer does its job (a straight line in the (h1, h2) plane separates "
                 "the classes), but the output neuron's line is not that one: outputs {shown}. "
                 "Choose v1, v2 and c so that v1 h1 + v2 h2 + c is positive only for the "
                 "class-1 points' (h1, h2).",
                 "隐含层完成了它的工作（(h1, h2) 平面中有一条直线能把两个类别分开），但输出"
                 "神经元的直线不是那一条：输出为 {shown}。选取 v1、v2 和 c，使 v1 h1 + v2 h2 + c "
                 "只在类别 1 的点的 (h1, h2) 处为正。"))


_Q4_LIST = "[" + ", ".join(f"{v:g}" for v in _Q4_ANSWER) + "]"
_Q4_OUTPUTS = Xor221Answer.forward(_Q4_ANSWER, Xor221Answer.POINTS)[1]
_Q4_SHOWN = ", ".join(f"{a:.3f}" for a in _Q4_OUTPUTS)
_Q4_SHOWN_ZH = "、".join(f"{a:.3f}" for a in _Q4_OUTPUTS)

q4 = Exercise(
    "q4", T("XOR by hand", "亲手搭出 XOR"),
    statement=T(rf"""
Choose the nine parameters of a 2-2-1 sigmoid network (two inputs, two hidden neurons, one
output) so that it computes XOR on the four corners: output below {_Q4_MARGIN:g} for (0, 0) and
(1, 1), above {1 - _Q4_MARGIN:g} for (0, 1) and (1, 0). Give them as a list in the explorer's
slider order

    [w11, w12, b1, w21, w22, b2, v1, v2, c]

where hidden neuron $j$ computes $h_j = \sigma(w_{{j1}} x_1 + w_{{j2}} x_2 + b_j)$ and the output
is $\sigma(v_1 h_1 + v_2 h_2 + c)$. The explorer's sliders go from −15 to 15, so you can try
your numbers there. (A parameter dict from `toy2d` works too.)
""", rf"""
为一个 2-2-1 sigmoid 网络（两个输入、两个隐含神经元、一个输出）选出九个参数，使它在四个角上计算 XOR：对 (0, 0) 和 (1, 1) 输出低于 {_Q4_MARGIN:g}，对 (0, 1) 和 (1, 0) 输出高于 {1 - _Q4_MARGIN:g}。按探索器滑块的顺序把它们写成一个列表

    [w11, w12, b1, w21, w22, b2, v1, v2, c]

其中隐含神经元 $j$ 计算 $h_j = \sigma(w_{{j1}} x_1 + w_{{j2}} x_2 + b_j)$，输出为 $\sigma(v_1 h_1 + v_2 h_2 + c)$。探索器的滑块范围是 −15 到 15，所以你可以在那里试试你的数。（`toy2d` 的参数字典也可以。）
"""),
    answer=_Q4_CHECK, needs="page",
    hints=[
        T("Let $h_1$ be OR (on unless both inputs are 0) and $h_2$ be AND (on only when both are "
          "1). XOR is then \u201c$h_1$ and not $h_2$\u201d.",
          "让 $h_1$ 是 OR（除非两个输入都是 0，否则激活），$h_2$ 是 AND（只有两个输入都是 1 "
          "时才激活）。于是 XOR 就是\u201c$h_1$ 且非 $h_2$\u201d。"),
        T("OR: $w_{11} = w_{12} = 10$, $b_1 = -5$. AND: $w_{21} = w_{22} = 10$, $b_2 = -15$. The "
          "output wants $10 h_1 - 10 h_2$ plus a bias that is negative when $h_1 = h_2$.",
          "OR：$w_{11} = w_{12} = 10$，$b_1 = -5$。AND：$w_{21} = w_{22} = 10$，$b_2 = -15$。"
          "输出需要 $10 h_1 - 10 h_2$，再加上一个在 $h_1 = h_2$ 时为负的偏置。"),
    ],
    solution=T(rf"""
OR and AND in the hidden layer, "OR and not AND" at the output:

    {_Q4_LIST}

$h_1 = \sigma(10 x_1 + 10 x_2 - 5)$ is OR, $h_2 = \sigma(10 x_1 + 10 x_2 - 15)$ is AND. In the
$(h_1, h_2)$ plane the corners land at (0, 0) for (0, 0), (1, 0) for (0, 1) and (1, 0), and
(1, 1) for (1, 1): the two class-1 points meet at one place, and the line
$10 h_1 - 10 h_2 - 5 = 0$ cuts it off from the others. Outputs for (0, 0), (0, 1), (1, 0),
(1, 1): {_Q4_SHOWN}. Any larger common factor works too; trained networks find other
solutions (the one in this chapter uses "$x_2$ and not $x_1$" and "$x_1$ and not $x_2$").
""", rf"""
隐含层放 OR 和 AND，输出层取“OR 且非 AND”：

    {_Q4_LIST}

$h_1 = \sigma(10 x_1 + 10 x_2 - 5)$ 是 OR，$h_2 = \sigma(10 x_1 + 10 x_2 - 15)$ 是 AND。在 $(h_1, h_2)$ 平面中，角 (0, 0) 落在 (0, 0)，(0, 1) 和 (1, 0) 都落在 (1, 0)，(1, 1) 落在 (1, 1)：两个类别 1 的点汇合到了同一处，直线 $10 h_1 - 10 h_2 - 5 = 0$ 把它与其他点切开。(0, 0)、(0, 1)、(1, 0)、(1, 1) 的输出：{_Q4_SHOWN_ZH}。乘以任何更大的公共因子也行；训练出来的网络会找到别的解（本章中的那个用的是“$x_2$ 且非 $x_1$”和“$x_1$ 且非 $x_2$”）。
"""),
    mistakes=[(_Q4_ANSWER[:6] + [-10.0, 10.0, 5.0], "opposite"),
              ([v / 2 for v in _Q4_ANSWER], "not confidently"),
              ([10.0, 10.0, -5.0, 10.0, 10.0, -5.0, 10.0, -10.0, -5.0], "hidden layer does not"),
              ([10.0, 10.0, -5.0, 10.0, 10.0, -15.0, 10.0, 10.0, -5.0], "output neuron's line")],
)

EXERCISES = ExerciseSet("Chapter 10", [q1, q2, q3, q4])
progress = EXERCISES.progress
