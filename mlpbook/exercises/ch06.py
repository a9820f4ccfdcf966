"""Exercises for chapter 6: backpropagation.

Convention: as in mlpbook's code, the quadratic cost of one example is
C = ½ Σ_j (a_j − y_j)², so ∂C/∂a_j = a_j − y_j.  (The video leaves out the ½; its
derivatives are then twice as large.  An answer off by exactly that factor 2 gets a
message saying so.)
"""

import numpy as np

from ..engine.reference import sigmoid, sigmoid_prime
from .answers import NumberAnswer
from .core import Exercise, ExerciseSet, T, Wrong, call_readers_function, expect_function


# ---------------------------------------------------------------------- q1: one derivative by hand
_X = np.array([0.2, 0.7])
_W = np.array([[0.5, -0.3], [0.8, 0.1]])
_B = np.array([-0.1, 0.2])
_Y = np.array([0.0, 1.0])
_Z = _W @ _X + _B
_A = sigmoid(_Z)
# ∂C/∂w_21 (code: W[1, 0], from input 1 to output 2) = (a_2 − y_2) σ'(z_2) x_1
_Q1_ANSWER = float((_A[1] - _Y[1]) * sigmoid_prime(_Z[1]) * _X[0])
_Q1_MISTAKES = [
    (float((_A[1] - _Y[1]) * _X[0]),
     T("You left out the derivative of the sigmoid, σ'(z₂) = σ(z₂)(1 − σ(z₂)). The chain has "
       "three links: ∂C/∂a₂ · ∂a₂/∂z₂ · ∂z₂/∂w₂₁, and the middle one is σ'(z₂).",
       "你漏掉了 sigmoid 函数的导数 σ'(z₂) = σ(z₂)(1 − σ(z₂))。这条链有三环："
       "∂C/∂a₂ · ∂a₂/∂z₂ · ∂z₂/∂w₂₁，中间那一环就是 σ'(z₂)。")),
    (-_Q1_ANSWER,
     T("Right size, wrong sign: ∂C/∂a₂ is (a₂ − y₂), not (y₂ − a₂). The sign matters: it says "
       "whether increasing the weight raises or lowers the cost.",
       "大小对了，符号错了：∂C/∂a₂ 是 (a₂ − y₂)，不是 (y₂ − a₂)。符号很重要：它说明增大这个"
       "权重会让代价升高还是降低。")),
    (2 * _Q1_ANSWER,
     T("That is twice the answer: you used the video's cost without the ½. Here "
       "C = ½ Σ (a − y)², so ∂C/∂a₂ = a₂ − y₂.",
       "这是答案的两倍：你用了视频里不带 ½ 的代价。这里 C = ½ Σ (a − y)²，"
       "所以 ∂C/∂a₂ = a₂ − y₂。")),
    (float((_A[1] - _Y[1]) * sigmoid_prime(_Z[1]) * _X[1]),
     T("You multiplied by the wrong input: w₂₁ carries input x₁ (= 0.2) into output neuron 2, "
       "so ∂z₂/∂w₂₁ = x₁.",
       "你乘错了输入：w₂₁ 把输入 x₁（= 0.2）送进输出神经元 2，所以 ∂z₂/∂w₂₁ = x₁。")),
    (float((_A[0] - _Y[0]) * sigmoid_prime(_Z[0]) * _X[1]),
     T("That is ∂C/∂w₁₂ (code W[0, 1]). The question asks for w₂₁ = W[1, 0]: from input 1 to "
       "output neuron 2.",
       "这是 ∂C/∂w₁₂（代码里的 W[0, 1]）。题目问的是 w₂₁ = W[1, 0]：从输入 1 到输出神经元 2"
       "的权重。")),
    (float((_A[1] - _Y[1]) * sigmoid_prime(_A[1]) * _X[0]),
     T("You applied σ' to the activation a₂; it belongs to the weighted input: σ'(z₂).",
       "你把 σ' 用在了激活值 a₂ 上；它应当作用于加权输入：σ'(z₂)。")),
]


_Q1_CHECK = NumberAnswer(_Q1_ANSWER, digits=3, mistakes=_Q1_MISTAKES,
                         what=T("a number", "一个数"), praise=T("The derivative is negative: increasing w₂₁ raises a₂ towards its target 1, which "
             "lowers the cost. Check it with finite differences as in the chapter.",
             "这个导数是负的：增大 w₂₁ 会让 a₂ 向它的目标 1 升高，从而降低代价。"
             "像本章那样用有限差分验证一下吧。"))


def _code_lines(pairs):
    """Lines of code with their comments lined up: [(code, comment), ...] -> a code block."""
    width = max(len(code) for code, comment in pairs if comment) + 2
    return "\n".join(f"    {code.ljust(width)}# {comment}" if comment else f"    {code}"
                     for code, comment in pairs)


def _q1_data(inputs, weights, desired):
    return _code_lines([(f"x = np.array({_X.tolist()})", inputs),
                        (f"W = np.array({_W.tolist()})", weights),
                        (f"b = np.array({_B.tolist()})", ""),
                        (f"y = np.array({_Y.tolist()})", desired)])


def _q1_steps():
    def show(v):
        return "[" + ", ".join(f"{x:.4g}" for x in v) + "]"
    return _code_lines([
        ("from mlpbook.engine.reference import sigmoid, sigmoid_prime", ""),
        ("z = W @ x + b", show(_Z)), ("a = sigmoid(z)", show(_A)),
        ("dC_da2 = a[1] - y[1]", f"{_A[1] - _Y[1]:.4f}"),
        ("da2_dz2 = sigmoid_prime(z[1])", f"{sigmoid_prime(_Z[1]):.4f}"),
        ("dz2_dw21 = x[0]", f"{_X[0]:g}"),
        ("dC_da2 * da2_dz2 * dz2_dw21", f"{_Q1_ANSWER:.6f}")])


q1 = Exercise(
    "q1", T("One derivative by hand", "手算一个导数"),
    statement=T(rf"""
A network with 2 inputs and 2 output neurons (sigmoid neurons), no hidden layer:

{_q1_data("inputs", "W[j, k]: from input k to output j", "desired outputs")}

with cost $C = \tfrac12 \sum_j (a_j - y_j)^2$. Compute $\partial C / \partial w_{{21}}$, the
derivative of the cost with respect to the weight from input 1 to output neuron 2 (in code
`W[1, 0]`), step by step with the chain rule. Check a single number.
""", rf"""
一个有 2 个输入、2 个输出神经元（sigmoid 神经元）、没有隐含层的网络：

{_q1_data("输入", "W[j, k]：从输入 k 到输出 j", "期望输出")}

代价为 $C = \tfrac12 \sum_j (a_j - y_j)^2$。用链式法则一步一步算出 $\partial C / \partial w_{{21}}$，即代价对从输入 1
到输出神经元 2 的权重（代码里的 `W[1, 0]`）的导数。答案是一个数。
"""),
    answer=_Q1_CHECK, needs="paper",
    hints=[
        T(r"Forward first: $z = W x + b$, $a = \sigma(z)$. Only output 2 depends on $w_{21}$.",
          r"先做前向传播：$z = W x + b$，$a = \sigma(z)$。只有输出 2 依赖于 $w_{21}$。"),
        T(r"$\partial C / \partial w_{21} = (a_2 - y_2)\,\sigma'(z_2)\,x_1$, with "
          r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$. In code, with `sp = sigmoid_prime(z)`: "
          r"`(a[1] - y[1]) * sp[1] * x[0]`.",
          r"$\partial C / \partial w_{21} = (a_2 - y_2)\,\sigma'(z_2)\,x_1$，其中 "
          r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$。写成代码（令 `sp = sigmoid_prime(z)`）："
          r"`(a[1] - y[1]) * sp[1] * x[0]`。"),
    ],
    solution=T(rf"""
Forward, then the three factors of the chain rule:

{_q1_steps()}

The three factors are the three links of the chain: how the cost reacts to $a_2$, how $a_2$
reacts to $z_2$, how $z_2$ reacts to the weight.
""", rf"""
先做前向传播，再算链式法则的三个因子：

{_q1_steps()}

这三个因子就是链条的三环：代价对 $a_2$ 的反应、$a_2$ 对 $z_2$ 的反应、$z_2$ 对这个权重的反应。
"""),
    mistakes=[(_Q1_MISTAKES[0][0], "derivative of the sigmoid"),
              (_Q1_MISTAKES[1][0], "sign"),
              (_Q1_MISTAKES[2][0], "½"),
              (_Q1_MISTAKES[3][0], "wrong input")],
)


# ---------------------------------------------------------------------- q2: output error δᴸ
def _output_error(a, z, y):
    """δᴸ = (a − y) ⊙ σ'(z) for the quadratic cost with sigmoid outputs."""
    return (a - y) * sigmoid_prime(z)


def _q2_cases():
    rng = np.random.default_rng(6)
    cases = []
    for n, label in ((10, 3), (4, 0), (10, 9), (2, 1)):
        z = rng.normal(0.0, 2.0, n)
        y = np.zeros(n)
        y[label] = 1.0
        cases.append((sigmoid(z), z, y))
    return cases


def _diagnose_q2(got, expected, args):
    a, z, y = args
    sp = sigmoid_prime(z)
    variants = [
        (a - y, T("You left out the derivative of the sigmoid: δᴸ = ∂C/∂z, and z reaches the cost "
                  "through a = σ(z), so multiply (a − y) by σ'(z) = σ(z)(1 − σ(z)).",
                  "你漏掉了 sigmoid 函数的导数：δᴸ = ∂C/∂z，而 z 是通过 a = σ(z) 影响代价的，"
                  "所以要把 (a − y) 乘以 σ'(z) = σ(z)(1 − σ(z))。")),
        ((y - a) * sp, T("Right size, wrong sign: ∂C/∂a = a − y (output minus desired output), "
                         "not y − a.",
                         "大小对了，符号错了：∂C/∂a = a − y（输出减去期望输出），不是 y − a。")),
        (y - a, T("Two slips: the sign (use a − y) and the missing derivative of the sigmoid "
                  "σ'(z).",
                  "两处疏漏：符号（应当用 a − y），以及漏掉了 sigmoid 函数的导数 σ'(z)。")),
        (2 * (a - y) * sp, T("That is twice δᴸ: the ½ in C = ½ Σ (a − y)² cancels the 2 from "
                             "the square.",
                             "这是 δᴸ 的两倍：C = ½ Σ (a − y)² 中的 ½ 正好抵消了平方求导得到的 2。")),
        ((a - y) * sigmoid_prime(a), T("You applied σ' to a; it belongs to the weighted input z: "
                                       "σ'(z) (or, equivalently, a·(1 − a)).",
                                       "你把 σ' 用在了 a 上；它应当作用于加权输入 z：σ'(z)"
                                       "（或者等价地写成 a·(1 − a)）。")),
        ((a - y) * sigmoid(z), T("σ(z) is the activation itself; you need its derivative "
                                 "σ'(z) = σ(z)(1 − σ(z)).",
                                 "σ(z) 就是激活值本身；你需要的是它的导数 σ'(z) = σ(z)(1 − σ(z))。")),
        ((a - y) * (1 - a), T("Almost: σ'(z) = σ(z)(1 − σ(z)) = a·(1 − a); a factor a is missing.",
                              "差一点：σ'(z) = σ(z)(1 − σ(z)) = a·(1 − a)；少了一个因子 a。")),
    ]
    for wrong, message in variants:
        if np.allclose(got, wrong, rtol=1e-6, atol=1e-12):
            return message
    return None


def _check_q2(func):
    expect_function(func, _q2_cases(), _output_error, diagnose=_diagnose_q2,
                    what=T("your output_error", "你的 output_error 函数"), rtol=1e-6,
                    atol=1e-12)


q2 = Exercise(
    "q2", T("The error of the output layer", "输出层的误差"),
    statement=T(r"""
Write `output_error(a, z, y)` that returns $\delta^L = \partial C / \partial z^L$ for the output
layer, for the quadratic cost $C = \tfrac12 \sum (a - y)^2$ and sigmoid outputs $a = \sigma(z)$.
All three arguments are numpy vectors of the same length (outputs, weighted inputs, desired
outputs); return a vector. You may use `sigmoid` and `sigmoid_prime` from `mlpbook.engine.reference`.
It is checked on hidden examples.
""", r"""
编写 `output_error(a, z, y)`：对二次代价函数 $C = \tfrac12 \sum (a - y)^2$ 和 sigmoid 输出 $a = \sigma(z)$，返回输出层的 $\delta^L = \partial C / \partial z^L$。三个参数都是长度相同的 numpy 向量（输出、加权输入、期望输出）；返回一个向量。可以使用 `mlpbook.engine.reference` 中的 `sigmoid` 和 `sigmoid_prime`。检查时用的是隐藏的例子。
"""),
    checker=_check_q2,
    hints=[
        T(r"Chain rule for each output neuron $j$: "
          r"$\partial C / \partial z_j = \partial C / \partial a_j \cdot \partial a_j / \partial z_j$.",
          r"对每个输出神经元 $j$ 用链式法则："
          r"$\partial C / \partial z_j = \partial C / \partial a_j \cdot \partial a_j / \partial z_j$。"),
        T(r"$\partial C / \partial a_j = a_j - y_j$ and $\partial a_j / \partial z_j = \sigma'(z_j)$. "
          r"Multiply elementwise: `(a - y) * sigmoid_prime(z)`.",
          r"$\partial C / \partial a_j = a_j - y_j$，$\partial a_j / \partial z_j = \sigma'(z_j)$。"
          r"逐元素相乘：`(a - y) * sigmoid_prime(z)`。"),
    ],
    solution=T(r"""
The two factors of the chain rule, for every output neuron at once:

    from mlpbook.engine.reference import sigmoid_prime

    def output_error(a, z, y):
        return (a - y) * sigmoid_prime(z)

This is the first of the four equations, $\delta^L = \nabla_a C \odot \sigma'(z^L)$. With the
cross-entropy cost and a softmax output it becomes simply $a - y$ (see
`mlpbook.engine.reference.output_error`).
""", r"""
链式法则的两个因子，对所有输出神经元一起算：

    from mlpbook.engine.reference import sigmoid_prime

    def output_error(a, z, y):
        return (a - y) * sigmoid_prime(z)

这是四个方程中的第一个：$\delta^L = \nabla_a C \odot \sigma'(z^L)$。如果改用交叉熵代价和 softmax
输出，它就简化为 $a - y$（见 `mlpbook.engine.reference.output_error`）。
"""),
    reference=_output_error,
    mistakes=[(lambda a, z, y: a - y, "derivative of the sigmoid"),
              (lambda a, z, y: (y - a) * sigmoid_prime(z), "sign")],
)


# ---------------------------------------------------------------------- q3: δ aᵀ
def _weight_gradient(delta, a_prev):
    """∂C/∂W = δ (a_prev)ᵀ: shape (n_out, n_in), like W."""
    return np.outer(delta, a_prev)


def _q3_cases():
    rng = np.random.default_rng(7)
    # the square case first, so that elementwise products give a clear message
    return [(rng.normal(size=4), rng.random(4)), (rng.normal(size=3), rng.random(5)),
            (rng.normal(size=10), rng.random(16)), (rng.normal(size=2), rng.random(2))]


def _check_q3(func):
    for delta, a_prev in _q3_cases():
        expected = _weight_gradient(delta, a_prev)
        got = call_readers_function(func, delta.copy(), a_prev.copy(),
                                    what=T("your weight_gradient", "你的 weight_gradient 函数"))
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise Wrong(T("weight_gradient returned {kind}; it should return a "
                          "matrix of numbers.",
                          "weight_gradient 返回了 {kind}；它应当返回一个由数构成的矩阵。")
                        .format(kind=type(got).__name__)) from None
        n_out, n_in = expected.shape
        if got.shape != expected.shape:
            if got.shape == expected.T.shape:
                raise Wrong(T("Your matrix is transposed: for δ of length {n_out} and a_prev of "
                              "length {n_in} it has shape {got}. ∂C/∂W is shaped like W, "
                              "(n_out, n_in) = {want}: one row per neuron of this "
                              "layer, one column per neuron of the previous layer. Use "
                              "np.outer(delta, a_prev).",
                              "你的矩阵转置了：对于长度为 {n_out} 的 δ 和长度为 {n_in} 的 a_prev，"
                              "它的形状是 {got}。∂C/∂W 的形状和 W 一样，是 (n_out, n_in) = {want}："
                              "本层每个神经元占一行，前一层每个神经元占一列。请用 "
                              "np.outer(delta, a_prev)。").format(
                    n_out=n_out, n_in=n_in, got=got.shape, want=expected.shape))
            if got.ndim < 2:
                raise Wrong(T("weight_gradient returned shape {got}, but the gradient of a "
                              "weight matrix is a matrix of shape {want}: every pair "
                              "(neuron j of this layer, neuron k of the previous one) gets "
                              "δ_j·a_k. That is an outer product, not an elementwise or dot "
                              "product: np.outer(delta, a_prev).",
                              "weight_gradient 返回的形状是 {got}，但权重矩阵的梯度是形状为 {want} "
                              "的矩阵：每一对（本层的神经元 j，前一层的神经元 k）都对应 δ_j·a_k。"
                              "这是外积，既不是逐元素乘积，也不是点积：np.outer(delta, a_prev)。")
                            .format(got=got.shape, want=expected.shape))
            raise Wrong(T("weight_gradient returned shape {got}; expected {want} "
                          "(n_out, n_in), the shape of W.",
                          "weight_gradient 返回的形状是 {got}；应为 {want}，即 (n_out, n_in)，"
                          "也就是 W 的形状。").format(got=got.shape, want=expected.shape))
        if np.allclose(got, expected, rtol=1e-9, atol=1e-12):
            continue
        if np.allclose(got, expected.T, rtol=1e-9, atol=1e-12):
            raise Wrong(T("Your matrix is transposed: entry [j, k] must be δ_j·a_k (row = neuron "
                          "of this layer, column = neuron of the previous layer), like W[j, k]. "
                          "Use np.outer(delta, a_prev).",
                          "你的矩阵转置了：第 [j, k] 项必须是 δ_j·a_k（行 = 本层的神经元，"
                          "列 = 前一层的神经元），和 W[j, k] 一样。请用 np.outer(delta, a_prev)。"))
        if np.allclose(got, -expected, rtol=1e-9, atol=1e-12):
            raise Wrong(T("Wrong sign: ∂C/∂w_jk = +δ_j·a_k. The minus sign belongs to the descent "
                          "step, not to the gradient.",
                          "符号错了：∂C/∂w_jk = +δ_j·a_k。负号属于梯度下降的那一步，不属于梯度。"))
        raise Wrong(T("Not right yet: entry [0, 0] should be δ₀·a₀ = {want:.6g}, yours "
                      "is {got:.6g}.",
                      "还不对：第 [0, 0] 项应为 δ₀·a₀ = {want:.6g}，你的是 {got:.6g}。")
                    .format(want=expected[0, 0], got=got[0, 0]))


q3 = Exercise(
    "q3", T("The gradient of a weight matrix", "权重矩阵的梯度"),
    statement=T(r"""
Write `weight_gradient(delta, a_prev)` that returns
$\partial C / \partial W = \delta\, (a_\text{prev})^\mathsf{T}$ for one layer: `delta` is the
layer's error $\delta$ (a vector with one entry per neuron of the layer, $n_\text{out}$),
`a_prev` the previous layer's activations ($n_\text{in}$ entries). Return a matrix shaped like
the layer's $W$, `(n_out, n_in)`, whose entry `[j, k]` is
$\partial C / \partial w_{jk} = \delta_j a_k$. It is checked on hidden examples of several
sizes.
""", r"""
编写 `weight_gradient(delta, a_prev)`，返回一层的 $\partial C / \partial W = \delta\, (a_\text{prev})^\mathsf{T}$：`delta` 是这一层的误差 $\delta$（一个向量，本层每个神经元一项，共 $n_\text{out}$ 项），`a_prev` 是前一层的激活值（$n_\text{in}$ 项）。返回一个形状与这一层的 $W$ 相同的矩阵 `(n_out, n_in)`，它的第 `[j, k]` 项是 $\partial C / \partial w_{jk} = \delta_j a_k$。检查时用的是几种不同大小的隐藏例子。
"""),
    checker=_check_q3,
    hints=[
        T(r"Each weight $w_{jk}$ connects neuron $k$ of the previous layer to neuron $j$ of this "
          r"layer; nudging it changes $z_j$ by $a_k$ times the nudge, and the cost by "
          r"$\delta_j a_k$ times the nudge.",
          r"每个权重 $w_{jk}$ 把前一层的神经元 $k$ 连到本层的神经元 $j$；微调它时，$z_j$ 的变化是微调量的 "
          r"$a_k$ 倍，代价的变化是微调量的 $\delta_j a_k$ 倍。"),
        T(r"A table of all products $\delta_j a_k$ is an outer product: "
          r"`np.outer(delta, a_prev)`, or `delta[:, None] * a_prev[None, :]`.",
          r"把所有乘积 $\delta_j a_k$ 排成一张表，就是外积：`np.outer(delta, a_prev)`，或者 "
          r"`delta[:, None] * a_prev[None, :]`。"),
    ],
    solution=T(r"""
An outer product:

    def weight_gradient(delta, a_prev):
        return np.outer(delta, a_prev)        # shape (len(delta), len(a_prev))

A weight's gradient is the error of the neuron it feeds times the activation it carries: a
weight from a silent neuron ($a_k = 0$) does not learn from this example at all.
""", r"""
这是一个外积：

    def weight_gradient(delta, a_prev):
        return np.outer(delta, a_prev)        # 形状为 (len(delta), len(a_prev))

一个权重的梯度，等于它所连向的神经元的误差乘以它所传递的激活值：来自沉默神经元
（$a_k = 0$）的权重，根本不会从这个样本中学到任何东西。
"""),
    reference=_weight_gradient,
    mistakes=[(lambda d, a: np.outer(a, d), "transposed"),
              (lambda d, a: d * a, "outer product"),
              (lambda d, a: -np.outer(d, a), "sign")],
)


# ---------------------------------------------------------------------- q4: gradient check
def _central(f, x, eps):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for i in range(x.size):
        old = x[i]
        x[i] = old + eps
        up = f(x)
        x[i] = old - eps
        down = f(x)
        x[i] = old
        g[i] = (up - down) / (2 * eps)
    return g


def _forward(f, x, eps):
    x = np.array(x, dtype=float)
    base = f(x)
    g = np.zeros_like(x)
    for i in range(x.size):
        old = x[i]
        x[i] = old + eps
        g[i] = (f(x) - base) / eps
        x[i] = old
    return g


def _backward(f, x, eps):
    x = np.array(x, dtype=float)
    base = f(x)
    g = np.zeros_like(x)
    for i in range(x.size):
        old = x[i]
        x[i] = old - eps
        g[i] = (base - f(x)) / eps
        x[i] = old
    return g


def _by_eps(f, x, eps):
    return 2 * _central(f, x, eps)


def _tiny_cost(p):
    """Cost of the chapter's 2→2 network as a function of its six parameters."""
    W, b = p[:4].reshape(2, 2), p[4:]
    a = sigmoid(W @ _X + b)
    return 0.5 * float(np.sum((a - _Y) ** 2))


def _q4_cases():
    return [
        (lambda v: float(np.sum(v ** 3) + v[0] * v[1]), np.array([1.0, -2.0, 0.5]), 1e-2),
        (lambda v: float(np.exp(v[0]) * np.sin(v[1])), np.array([0.3, 1.2]), 1e-3),
        (_tiny_cost, np.concatenate([_W.ravel(), _B]), 1e-2),
        (lambda v: float(np.sum(np.log1p(v ** 2))), np.array([0.5, 2.0, -1.0, 3.0]), 1e-3),
    ]


def _check_q4(func):
    for f, x, eps in _q4_cases():
        expected = _central(f, x, eps)
        given = x.copy()
        got = call_readers_function(func, f, given, eps,
                                    what=T("your numerical_gradient",
                                           "你的 numerical_gradient 函数"))
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise Wrong(T("numerical_gradient returned {kind}; it should return an "
                          "array with one derivative per entry of x.",
                          "numerical_gradient 返回了 {kind}；它应当返回一个数组，x 的每一项"
                          "对应一个导数。").format(kind=type(got).__name__)) from None
        if got.shape != expected.shape:
            raise Wrong(T("numerical_gradient returned shape {got} for x of shape "
                          "{xs}: return one derivative per entry of x, shape {xs}.",
                          "x 的形状是 {xs}，numerical_gradient 返回的形状却是 {got}：应当为 x "
                          "的每一项返回一个导数，形状为 {xs}。").format(got=got.shape, xs=x.shape))
        if not np.array_equal(given, x):
            raise Wrong(T("Your function changed the x it was given: after nudging x[i], put the "
                          "original value back (or nudge a copy), or every later derivative is "
                          "taken at the wrong point.",
                          "你的函数改动了传给它的 x：微调 x[i] 之后，要把原来的值放回去"
                          "（或者微调一个副本），否则后面的每个导数都是在错误的点上求的。"))
        if not np.all(np.isfinite(got)):
            raise Wrong(T("Your result contains NaN or infinity: check the division by the step.",
                          "你的结果里有 NaN 或无穷大：检查一下除以步长的那一步。"))
        if np.allclose(got, expected, rtol=1e-7, atol=1e-10):
            continue
        variants = [
            (_by_eps(f, x, eps),
             T("That is twice the derivative: the two points x + ε and x − ε are 2·eps apart, "
               "so divide their difference by 2·eps, not by eps.",
               "这是导数的两倍：x + ε 和 x − ε 两点相距 2·eps，所以它们的差要除以 2·eps，"
               "而不是 eps。")),
            (_forward(f, x, eps),
             T("That is the forward difference (f(x + ε) − f(x)) / ε. It is a fair estimate, but "
               "its error shrinks only like ε; the central difference (f(x + ε) − f(x − ε)) / (2ε) "
               "is accurate to order ε² for the same cost. This exercise asks for the central one.",
               "这是向前差分 (f(x + ε) − f(x)) / ε。它是个不错的估计，但误差只像 ε 那样缩小；"
               "中心差分 (f(x + ε) − f(x − ε)) / (2ε) 计算量相同，精度却达到 ε² 阶。"
               "这道题要的是中心差分。")),
            (_backward(f, x, eps),
             T("That is the backward difference (f(x) − f(x − ε)) / ε, accurate only to order ε. "
               "Use both neighbours: (f(x + ε) − f(x − ε)) / (2ε).",
               "这是向后差分 (f(x) − f(x − ε)) / ε，精度只有 ε 阶。请用两侧的邻点："
               "(f(x + ε) − f(x − ε)) / (2ε)。")),
            (-expected,
             T("Wrong sign: subtract f(x − ε) from f(x + ε), not the other way round.",
               "符号错了：应当用 f(x + ε) 减去 f(x − ε)，而不是反过来。")),
        ]
        for wrong, message in variants:
            if np.allclose(got, wrong, rtol=1e-7, atol=1e-10):
                raise Wrong(message)
        raise Wrong(T("Not right yet: for x = {x} and eps = {eps:g} you "
                      "return {got}, but {want} is expected.",
                      "还不对：对于 x = {x} 和 eps = {eps:g}，你返回的是 {got}，应为 {want}。")
                    .format(x=np.round(x, 3).tolist(), eps=eps, got=np.round(got, 6).tolist(),
                            want=np.round(expected, 6).tolist()))


q4 = Exercise(
    "q4", T("Check a gradient by nudging", "用微调检验梯度"),
    statement=T(r"""
Write `numerical_gradient(f, x, eps)` that estimates every partial derivative of a function
`f` (taking a numpy vector, returning a number) at the point `x` with central differences:

$\dfrac{\partial f}{\partial x_i} \approx \dfrac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}$

where $\varepsilon$ is `eps` and $e_i$ nudges only entry $i$. Return an array shaped like `x`,
and leave the `x` you were given unchanged. It is checked on hidden functions, one of them the
cost of a tiny network as a function of its six parameters.
""", r"""
编写 `numerical_gradient(f, x, eps)`，用中心差分估计函数 `f`（输入一个 numpy 向量，返回一个数）在点 `x` 处的每一个偏导数：

$\dfrac{\partial f}{\partial x_i} \approx \dfrac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}$

其中 $\varepsilon$ 就是 `eps`，$e_i$ 只微调第 $i$ 项。返回一个形状与 `x` 相同的数组，并且不要改动传给你的 `x`。检查时用的是几个隐藏的函数，其中一个是一个小网络的代价，看作它六个参数的函数。
"""),
    checker=_check_q4,
    hints=[
        T("Loop over `i`. Make a copy `xp = x.copy()`, set `xp[i] += eps`, evaluate; likewise with "
          "`- eps`.",
          "对 `i` 循环。先复制一份 `xp = x.copy()`，令 `xp[i] += eps`，再求值；`- eps` 也照此处理。"),
        T(r"`g[i] = (f(x_plus) - f(x_minus)) / (2 * eps)`; the two points are $2\varepsilon$ "
          r"apart.",
          r"`g[i] = (f(x_plus) - f(x_minus)) / (2 * eps)`；两个点相距 $2\varepsilon$。"),
    ],
    solution=T(r"""
A loop over the entries, nudging a copy each time:

    def numerical_gradient(f, x, eps):
        g = np.zeros_like(x, dtype=float)
        for i in range(x.size):
            xp, xm = x.copy(), x.copy()
            xp[i] += eps
            xm[i] -= eps
            g[i] = (f(xp) - f(xm)) / (2 * eps)
        return g

Two evaluations of $f$ per parameter: fine for checking a few hundred parameters, hopeless for
training 13,002 of them on 60,000 images; backpropagation gets all of them for the cost of
about one extra pass. `mlpbook.engine.gradcheck.numerical_gradient` is this loop for a `Network`.
""", r"""
对每一项循环，每次微调一个副本：

    def numerical_gradient(f, x, eps):
        g = np.zeros_like(x, dtype=float)
        for i in range(x.size):
            xp, xm = x.copy(), x.copy()     # 微调副本，x 本身保持不变
            xp[i] += eps
            xm[i] -= eps
            g[i] = (f(xp) - f(xm)) / (2 * eps)
        return g

每个参数要算两次 $f$：检验几百个参数还行，要在 60,000 张图像上训练 13,002 个参数就毫无希望了；
反向传播大约只需多做一遍计算，就能得到全部导数。`mlpbook.engine.gradcheck.numerical_gradient`
就是针对 `Network` 的这个循环。
"""),
    reference=_central,
    mistakes=[(_forward, "forward difference"), (_by_eps, "2·eps")],
)

EXERCISES = ExerciseSet("Chapter 6", [q1, q2, q3, q4])
progress = EXERCISES.progress
