"""Exercises for chapter 3: squishing and the matrix form."""

import numpy as np

from ..engine import reference
from .answers import NumberAnswer, VectorAnswer
from .core import Exercise, ExerciseSet, ReadersError, T, Wrong, expect_function


def _english(error):
    """The English text of a Wrong or ReadersError, to look for Python's words in it."""
    message = error.args[0] if error.args else ""
    return str(getattr(message, "en", message))


def _both_languages(error):
    """The message of a Wrong or ReadersError as a T (English, Chinese)."""
    message = error.args[0] if error.args else ""
    return message if isinstance(message, T) else T(str(message), str(message))


def _with_python_said(en, zh, error):
    """Feedback that ends by quoting what Python said (in the reader's language)."""
    said = _both_languages(error)
    return T(f"{en} Python said: {said.en}", f"{zh}Python 的报错是：{said.zh or said.en}")


def _count_parameters(sizes):
    """Weights n_in * n_out plus biases n_out, for each pair of neighbouring layers."""
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


_Q1_WEIGHTS = 784 * 100 + 100 * 10
_Q1_BIASES = 100 + 10
_Q1_CHECK = NumberAnswer(
    _Q1_WEIGHTS + _Q1_BIASES, what=T("a whole number", "一个整数"),
    whole=T("A parameter count is a whole number.", "参数的个数是整数。"), mistakes=[
        (_Q1_WEIGHTS, T("You counted the weights but forgot the biases: every neuron outside "
                        "the input layer has one bias too.",
                        "你数了权重，却忘了偏置：输入层以外的每个神经元还各有一个偏置。")),
        (_Q1_WEIGHTS + _Q1_BIASES + 784, T(
            "The input layer has no biases: its 784 neurons just hold the pixel values.",
            "输入层没有偏置：它的 784 个神经元只是存放像素值。")),
        (784 * 100 * 10, T("Weights connect *neighbouring* layers only: add 784·100 and "
                           "100·10, do not multiply all the sizes together.",
                           "权重只连接*相邻*的层：把 784·100 和 100·10 相加，而不是把所有层的"
                           "大小乘在一起。")),
        (_Q1_BIASES, T("That is only the biases; add the weights (one per connection).",
                       "这只是偏置；还要加上权重（每条连接一个）。")),
        (_Q1_WEIGHTS + _Q1_BIASES - 1, T("Off by one: check that you counted every bias.",
                                         "差了 1：检查一下是否每个偏置都数到了。")),
    ])


q1 = Exercise(
    "q1", T("Count the parameters of another network", "数一数另一个网络的参数"),
    statement=T("""
How many weights and biases (parameters) does a 784-100-10 network have?
Give a single whole number (a calculator or Python does the sums: `784 * 100 + ...`).
""", """
一个 784-100-10 的网络有多少个权重和偏置（参数）？请给出一个整数（用计算器或 Python 来算，例如
`784 * 100 + ...`）。
"""),
    answer=_Q1_CHECK, needs='paper',
    hints=[
        T(r"Between two neighbouring layers with $n_\text{in}$ and $n_\text{out}$ neurons there "
          r"are $n_\text{in} \cdot n_\text{out}$ weights and $n_\text{out}$ biases.",
          r"在分别有 $n_\text{in}$ 和 $n_\text{out}$ 个神经元的两个相邻层之间，有 "
          r"$n_\text{in} \cdot n_\text{out}$ 个权重和 $n_\text{out}$ 个偏置。"),
        T(r"There are two such pairs of layers here: $784 \to 100$ and $100 \to 10$.",
          r"这里有两对这样的层：$784 \to 100$ 和 $100 \to 10$。"),
    ],
    solution=T(r"""
$784 \cdot 100 + 100 + 100 \cdot 10 + 10 = 79{,}510$: the first layer has $784 \cdot 100$
weights and 100 biases, the output layer $100 \cdot 10$ weights and 10 biases.

    sum(n_in * n_out + n_out for n_in, n_out in [(784, 100), (100, 10)])
""", r"""
$784 \cdot 100 + 100 + 100 \cdot 10 + 10 = 79{,}510$：第一层有 $784 \cdot 100$ 个权重和 100
个偏置，输出层有 $100 \cdot 10$ 个权重和 10 个偏置。

    sum(n_in * n_out + n_out for n_in, n_out in [(784, 100), (100, 10)])
"""),
    mistakes=[(784 * 100 + 100 * 10, "forgot the biases"),
              (784 * 100 * 10, "neighbouring"),
              (79510 + 784, "input layer has no biases")],
)


# ---------------------------------------------------------------------- q2: sigmoid_prime
def _sigmoid(z):
    return reference.sigmoid(np.asarray(z, dtype=float))


def _sigmoid_prime(z):
    s = _sigmoid(z)
    return s * (1.0 - s)


def _plus_instead_of_minus(z):
    s = _sigmoid(z)
    return s * (1.0 + s)


def _z_instead_of_sigma(z):
    z = np.asarray(z, dtype=float)
    return z * (1.0 - z)


_Q2_CASES = [
    (np.array([-4.0, -1.5, 0.0, 0.5, 2.0, 6.0]),),
    (np.array([[0.3, -0.7], [3.0, -2.5]]),),
    (1.3,),
]


def _diagnose_q2(got, expected, args):
    z = np.asarray(args[0], dtype=float)
    s = _sigmoid(z)
    known = [
        (s * (1.0 + s), T("You computed σ(z)(1 + σ(z)): the sign inside the bracket is wrong. "
                          "The derivative is σ(z)(1 − σ(z)), which is never more than 1/4.",
                          "你算的是 σ(z)(1 + σ(z))：括号里的符号错了。导数是 σ(z)(1 − σ(z))，"
                          "它永远不超过 1/4。")),
        (z * (1.0 - z), T("You used z where σ(z) belongs: the formula is "
                          "σ′(z) = σ(z)(1 − σ(z)), so first compute s = σ(z) = 1/(1 + e^(−z)), "
                          "then s * (1 - s).",
                          "该用 σ(z) 的地方你用了 z：公式是 σ′(z) = σ(z)(1 − σ(z))，所以先算 "
                          "s = σ(z) = 1/(1 + e^(−z))，再算 s * (1 - s)。")),
        (s, T("That is σ itself, not its derivative: multiply σ(z) by (1 − σ(z)).",
              "这是 σ 本身，不是它的导数：把 σ(z) 乘以 (1 − σ(z))。")),
        (1.0 - s, T("That is 1 − σ(z): multiply it by σ(z) too.",
                    "这是 1 − σ(z)：还要再乘以 σ(z)。")),
        (-s * (1.0 - s), T("Right size, wrong sign: σ is increasing, so its slope is positive.",
                           "大小对了，符号错了：σ 是递增的，所以它的斜率是正的。")),
    ]
    for value, message in known:
        if got.shape == value.shape and np.allclose(got, value, rtol=1e-6, atol=1e-9):
            return message
    return None


def _check_q2(func):
    try:
        expect_function(func, _Q2_CASES, _sigmoid_prime, diagnose=_diagnose_q2,
                        what=T("your sigmoid_prime", "你的 sigmoid_prime 函数"))
    except ReadersError as err:
        if "scalar" in _english(err) or "math" in _english(err):
            raise Wrong(_with_python_said(
                "Your function works for single numbers only: math.exp cannot take an "
                "array. Use np.exp, which works element by element on arrays of any shape.",
                "你的函数只能处理单个数：math.exp 不接受数组。请用 np.exp，它对任意形状的数组"
                "逐个元素地计算。", err)) from None
        raise
    return T("Well done. Note that σ′(z) reuses σ(z): once the forward pass has computed the "
             "activations, the slopes cost almost nothing more.",
             "做得好！注意 σ′(z) 重复利用了 σ(z)：一旦前向传播算出了激活值，"
             "再求斜率几乎不用额外的计算。")


q2 = Exercise(
    "q2", T("The slope of the sigmoid", "sigmoid 函数的斜率"),
    statement=T(r"""
Write a function `sigmoid_prime(z)` that returns the derivative of the sigmoid,
$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$, where $\sigma(z) = 1/(1 + e^{-z})$.

It must work for a single number and for a numpy array of any shape (use `np.exp`, not `math.exp`). It is checked on inputs you do not see.
""", r"""
写一个函数 `sigmoid_prime(z)`，返回 sigmoid 函数的导数 $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$，其中
$\sigma(z) = 1/(1 + e^{-z})$。

它必须既能处理单个数，也能处理任意形状的 numpy
数组（用 `np.exp`，不要用 `math.exp`）。检查时会用一些你看不到的输入。
"""),
    checker=_check_q2,
    hints=[
        T("Compute `s = 1 / (1 + np.exp(-z))` first; the answer is built from `s` alone.",
          "先算 `s = 1 / (1 + np.exp(-z))`；答案只用 `s` 就能构造出来。"),
        T("The last line is `return s * (1 - s)`.", "最后一行是 `return s * (1 - s)`。"),
    ],
    solution=T(r"""
Compute $\sigma(z)$ once and reuse it:

    def sigmoid_prime(z):
        s = 1 / (1 + np.exp(-z))
        return s * (1 - s)

Why the formula holds: $\sigma(z) = (1 + e^{-z})^{-1}$, so
$\sigma'(z) = \frac{e^{-z}}{(1 + e^{-z})^2} = \sigma(z) \cdot \frac{e^{-z}}{1 + e^{-z}}
= \sigma(z)\,(1 - \sigma(z))$, because $\frac{e^{-z}}{1 + e^{-z}} = 1 - \sigma(z)$.
""", r"""
只算一次 $\sigma(z)$，然后重复使用它：

    def sigmoid_prime(z):
        s = 1 / (1 + np.exp(-z))
        return s * (1 - s)

公式为什么成立：$\sigma(z) = (1 + e^{-z})^{-1}$，所以
$\sigma'(z) = \frac{e^{-z}}{(1 + e^{-z})^2} = \sigma(z) \cdot \frac{e^{-z}}{1 + e^{-z}}
= \sigma(z)\,(1 - \sigma(z))$，因为 $\frac{e^{-z}}{1 + e^{-z}} = 1 - \sigma(z)$。
"""),
    reference=_sigmoid_prime,
    mistakes=[(_plus_instead_of_minus, "sign inside the bracket"),
              (_z_instead_of_sigma, "where σ(z) belongs"),
              (_sigmoid, "σ itself")],
)


# ---------------------------------------------------------------------- q3: a layer
def _layer(W, b, a):
    return _sigmoid(np.asarray(a, dtype=float) @ np.asarray(W, dtype=float).T + b)


def _layer_no_bias(W, b, a):
    return _sigmoid(a @ W.T)


def _layer_transposed(W, b, a):
    return _sigmoid(W.T @ a + b)


def _layer_no_squash(W, b, a):
    return a @ W.T + b


def _layer_vector_only(W, b, a):
    return _sigmoid(W @ a + b)


def _q3_cases(batch):
    rng = np.random.default_rng(3)
    cases = []
    for n_out, n_in, n_examples in ((3, 5, 4), (4, 2, 6)):
        W = np.round(rng.normal(0.0, 1.0, (n_out, n_in)), 2)
        b = np.round(rng.normal(0.0, 1.0, n_out), 2)
        a = np.round(rng.random((n_examples, n_in) if batch else n_in), 2)
        cases.append((W, b, a))
    return cases


def _diagnose_q3(got, expected, args):
    W, b, a = args
    z = a @ W.T
    known = [
        (_sigmoid(z), T("You forgot the bias: the layer computes σ(W a + b), so add b before "
                        "squashing.",
                        "你忘了偏置：这一层计算的是 σ(W a + b)，所以在压缩之前要加上 b。")),
        (z + b, T("You forgot to squash: apply the sigmoid σ to W a + b.",
                  "你忘了压缩：要对 W a + b 应用 sigmoid 函数 σ。")),
        (_sigmoid(z - b), T("The bias is added, not subtracted: σ(W a + b).",
                            "偏置是加上去的，不是减去的：σ(W a + b)。")),
        (reference.relu(z + b), T("That is ReLU; this exercise asks for the sigmoid σ.",
                                  "这是 ReLU；这道题要的是 sigmoid 函数 σ。")),
    ]
    for value, message in known:
        if got.shape == value.shape and np.allclose(got, value, rtol=1e-6, atol=1e-9):
            return message
    return None


_YOUR_LAYER = T("your layer", "你的 layer 函数")
_SHAPE_WORDS = ("matmul", "mismatch", "shapes", "broadcast", "aligned", "dimension")


def _check_q3(func):
    if not callable(func):
        raise Wrong(T("Expected a function (def layer(W, b, a): ...), got {kind}.",
                      "这里需要一个函数（def layer(W, b, a): ...），得到的却是 {kind}。")
                    .format(kind=type(func).__name__))
    try:
        expect_function(func, _q3_cases(batch=False), _layer, diagnose=_diagnose_q3,
                        what=_YOUR_LAYER)
    except ReadersError as err:
        if any(word in _english(err).lower() for word in _SHAPE_WORDS):
            raise Wrong(_with_python_said(
                "The shapes do not fit together. W has shape (n_out, n_in): one ROW per "
                "neuron of this layer, one column per input. So W @ a (not W.T @ a, not "
                "a @ W) gives one weighted sum per neuron.",
                "形状对不上。W 的形状是 (n_out, n_in)：这一层的每个神经元占一*行*，每个输入占"
                "一列。所以是 W @ a（不是 W.T @ a，也不是 a @ W）给出每个神经元的加权和。",
                err)) from None
        raise
    try:
        expect_function(func, _q3_cases(batch=True), _layer, diagnose=_diagnose_q3,
                        what=_YOUR_LAYER)
    except ReadersError as err:
        if any(word in _english(err).lower() for word in _SHAPE_WORDS):
            raise Wrong(_with_python_said(
                "Your layer works for one vector but not yet for a batch. With one "
                "example per row, a has shape (n_examples, n_in); a @ W.T then has shape "
                "(n_examples, n_out), and adding b adds it to every row. "
                "σ(a @ W.T + b) works for a single vector too.",
                "你的 layer 对单个向量有效，但对一批输入还不行。每行一个样本时，a 的形状是 "
                "(n_examples, n_in)；这时 a @ W.T 的形状是 (n_examples, n_out)，加上 b 就是把"
                "它加到每一行上。σ(a @ W.T + b) 对单个向量也同样适用。", err)) from None
        raise
    except Wrong as wrong:
        if "shape" in _english(wrong):
            said = _both_languages(wrong)
            raise Wrong(T(f"{said.en} For a batch (one example per row) the answer has one row "
                          f"per example: compute a @ W.T + b.",
                          f"{said.zh or said.en}对于一批输入（每行一个样本），答案中每个样本占一行："
                          f"计算 a @ W.T + b。")) from None
        raise
    return T("Well done: that one line is a whole layer of the network, for one image or "
             "for thousands at once.",
             "做得好：这一行代码就是网络的一整层，一张图像也好，成千上万张一起也好，都能算。")


q3 = Exercise(
    "q3", T("A whole layer in one line", "一行代码写出一整层"),
    statement=T(r"""
Write `layer(W, b, a)` that returns the activations $\sigma(W a + b)$ of a layer of sigmoid
neurons with weights `W` of shape `(n_out, n_in)`, biases `b` of shape `(n_out,)` and input
activations `a`. It must handle both:

• one input vector, `a` of shape `(n_in,)`, giving a result of shape `(n_out,)`;

• a batch of inputs stacked as rows, `a` of shape `(n_examples, n_in)`, giving a result of
shape `(n_examples, n_out)`: the convention mlpbook uses.

You may use `from mlpbook.engine.reference import sigmoid`. Layers of several sizes, which you do not see, are tested.
""", r"""
写一个函数 `layer(W, b, a)`，返回一层 sigmoid 神经元的激活值 $\sigma(W a + b)$，其中权重 `W`
的形状为 `(n_out, n_in)`，偏置 `b` 的形状为 `(n_out,)`，`a` 是输入激活值。它必须能处理以下两种情况：

• 一个输入向量，`a` 的形状为 `(n_in,)`，结果的形状为 `(n_out,)`；

• 一批按行堆叠的输入，`a` 的形状为 `(n_examples, n_in)`，结果的形状为
`(n_examples, n_out)`：这是 mlpbook 采用的约定。

你可以使用 `from mlpbook.engine.reference import sigmoid`。检查时会用几种你看不到的不同大小的层。
"""),
    checker=_check_q3,
    hints=[
        T("For one vector, `W @ a + b` gives one weighted sum plus bias per neuron.",
          "对单个向量，`W @ a + b` 给出每个神经元的加权和加偏置。"),
        T("For rows of examples, transpose the roles: `a @ W.T` has shape `(n_examples, n_out)`; "
          "and for a vector `a`, `a @ W.T` equals `W @ a`. So one expression serves both.",
          "样本按行排列时，把两者的角色转置过来：`a @ W.T` 的形状是 `(n_examples, n_out)`；"
          "而对向量 `a`，`a @ W.T` 等于 `W @ a`。所以一个表达式就能同时应付两种情况。"),
    ],
    solution=T("""
One expression for both cases:

    from mlpbook.engine.reference import sigmoid

    def layer(W, b, a):
        return sigmoid(a @ W.T + b)

For a vector `a`, `a @ W.T` is the same as `W @ a`. For a batch, each row of `a @ W.T` is `W`
times that row; numpy's broadcasting adds `b` to every row.
""", """
一个表达式就能应付两种情况：

    from mlpbook.engine.reference import sigmoid

    def layer(W, b, a):
        return sigmoid(a @ W.T + b)

对向量 `a`，`a @ W.T` 与 `W @ a` 相同。对一批输入，`a @ W.T` 的每一行都是 `W` 乘以 `a`
的对应行；numpy 的广播机制会把 `b` 加到每一行上。
"""),
    reference=_layer,
    mistakes=[(_layer_no_bias, "forgot the bias"),
              (_layer_transposed, "shape (n_out, n_in)"),
              (_layer_no_squash, "forgot to squash"),
              (_layer_vector_only, "not yet for a batch")],
)


# ---------------------------------------------------------------------- q4: a tiny network
_Q4 = {
    "W1": np.array([[0.5, -1.0], [2.0, 0.3], [-1.5, 1.0]]),
    "b1": np.array([0.1, -0.5, 0.2]),
    "W2": np.array([[1.0, -2.0, 0.5], [-1.0, 1.5, 2.0]]),
    "b2": np.array([0.0, -1.0]),
    "x": np.array([0.8, 0.3]),
}


def _q4_output(hidden=_sigmoid, out=_sigmoid, bias=True):
    p = _Q4
    b1, b2 = (p["b1"], p["b2"]) if bias else (0.0, 0.0)
    h = hidden(p["W1"] @ p["x"] + b1)
    return out(p["W2"] @ h + b2)


_Q4_ANSWER = _q4_output()
_Q4_MISTAKES = [
    (_q4_output(bias=False), "forgot the biases"),
    (_q4_output(hidden=lambda z: z), "hidden layer must be squashed"),
    (_q4_output(out=lambda z: z), "output layer is squashed too"),
    (_q4_output(hidden=reference.relu), "ReLU"),
]


_Q4_CHECK = VectorAnswer(
    _Q4_ANSWER, digits=3, what=T("the 2 outputs", "2 个输出"), mistakes=[
        (_Q4_MISTAKES[0][0], T("You forgot the biases: add b1 in the hidden layer "
                               "and b2 in the output layer.",
                               "你忘了偏置：在隐含层加上 b1，在输出层加上 b2。")),
        (_Q4_MISTAKES[1][0], T("The hidden layer must be squashed too: "
                               "h = σ(W1 x + b1), before it goes into W2.",
                               "隐含层也必须压缩：先算 h = σ(W1 x + b1)，再把它送进 W2。")),
        (_Q4_MISTAKES[2][0], T("The output layer is squashed too: a = σ(W2 h + b2); "
                               "your numbers are the weighted sums before σ.",
                               "输出层也要压缩：a = σ(W2 h + b2)；你的数是经过 σ 之前的加权和。")),
        (_Q4_MISTAKES[3][0], T("That used ReLU in the hidden layer; this network "
                               "uses the sigmoid everywhere.",
                               "这在隐含层用了 ReLU；这个网络处处都用 sigmoid 函数。")),
    ])


q4 = Exercise(
    "q4", T("Run a tiny 2-3-2 network by hand", "亲手运行一个 2-3-2 的小网络"),
    statement=T("""
A network has 2 inputs, 3 hidden neurons and 2 outputs, all sigmoid neurons:

    W1 = np.array([[0.5, -1.0], [2.0, 0.3], [-1.5, 1.0]])   # shape (3, 2)
    b1 = np.array([0.1, -0.5, 0.2])
    W2 = np.array([[1.0, -2.0, 0.5], [-1.0, 1.5, 2.0]])     # shape (2, 3)
    b2 = np.array([0.0, -1.0])
    x  = np.array([0.8, 0.3])

Compute its 2 output activations for the input x, step by step with numpy (the hidden activations first), and check the array of 2 numbers.
""", """
一个网络有 2 个输入、3 个隐含神经元和 2 个输出，全部是 sigmoid 神经元：

    W1 = np.array([[0.5, -1.0], [2.0, 0.3], [-1.5, 1.0]])   # 形状 (3, 2)
    b1 = np.array([0.1, -0.5, 0.2])
    W2 = np.array([[1.0, -2.0, 0.5], [-1.0, 1.5, 2.0]])     # 形状 (2, 3)
    b2 = np.array([0.0, -1.0])
    x  = np.array([0.8, 0.3])

用 numpy 一步一步地算出输入 x 对应的 2 个输出激活值（先算隐含层的激活值），然后把这个由 2
个数构成的数组拿去检查。
"""),
    answer=_Q4_CHECK, needs="python",
    hints=[
        T(r"Hidden layer: $h = \sigma(W_1 x + b_1)$, three numbers; in numpy "
          r"`h = sigmoid(W1 @ x + b1)`.",
          r"隐含层：$h = \sigma(W_1 x + b_1)$，三个数；用 numpy 写就是 `h = sigmoid(W1 @ x + b1)`。"),
        T(r"Output layer: $a = \sigma(W_2 h + b_2)$, with $\sigma$ = "
          r"`mlpbook.engine.reference.sigmoid` or `1 / (1 + np.exp(-z))`.",
          r"输出层：$a = \sigma(W_2 h + b_2)$，其中 $\sigma$ 用 `mlpbook.engine.reference.sigmoid` 或 "
          r"`1 / (1 + np.exp(-z))`。"),
    ],
    solution=T(r"""
Layer by layer, $h = \sigma(W_1 x + b_1)$ and then $a = \sigma(W_2 h + b_2)$:

    from mlpbook.engine.reference import sigmoid
    h = sigmoid(W1 @ x + b1)      # about [0.550, 0.767, 0.332]
    a = sigmoid(W2 @ h + b2)      # about [0.306, 0.566]

The same two lines with the real network's 16×784, 16×16 and 10×16 matrices are
the whole forward pass.
""", r"""
一层一层地算，先 $h = \sigma(W_1 x + b_1)$，再 $a = \sigma(W_2 h + b_2)$：

    from mlpbook.engine.reference import sigmoid
    h = sigmoid(W1 @ x + b1)      # 约为 [0.550, 0.767, 0.332]
    a = sigmoid(W2 @ h + b2)      # 约为 [0.306, 0.566]

把同样的两行代码用在真实网络的 16×784、16×16 和 10×16 矩阵上，就是整个前向传播。
"""),
    mistakes=_Q4_MISTAKES,
)

EXERCISES = ExerciseSet("Chapter 3", [q1, q2, q3, q4])
progress = EXERCISES.progress
