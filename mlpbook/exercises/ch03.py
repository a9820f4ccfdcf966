"""Exercises for chapter 3: squishing and the matrix form."""

import numpy as np

from .. import reference
from .core import (Exercise, ExerciseSet, ReadersError, Wrong, as_number,
                   expect_array, expect_function, expect_number)


def _count_parameters(sizes):
    """Weights n_in * n_out plus biases n_out, for each pair of neighbouring layers."""
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def _check_q1(answer):
    sizes = (784, 100, 10)
    weights = 784 * 100 + 100 * 10
    biases = 100 + 10
    expect_number(answer, weights + biases, what="a whole number", mistakes=[
        (weights, "You counted the weights but forgot the biases: every neuron outside the "
                  "input layer has one bias too."),
        (weights + biases + 784, "The input layer has no biases: its 784 neurons just hold "
                                 "the pixel values."),
        (784 * 100 * 10, "Weights connect *neighbouring* layers only: add 784·100 and 100·10, "
                         "do not multiply all the sizes together."),
        (biases, "That is only the biases; add the weights (one per connection)."),
        (_count_parameters(sizes) - 1, "Off by one: check that you counted every bias."),
    ])
    if as_number(answer) != int(as_number(answer)):
        raise Wrong("A parameter count is a whole number.")


q1 = Exercise(
    "q1", "Count the parameters of another network",
    statement="""
How many weights and biases (parameters) does a 784-100-10 network have?
Give a single whole number (compute it with Python, e.g. `784 * 100 + ...`).
""",
    checker=_check_q1,
    hints=[
        "Between two neighbouring layers with n_in and n_out neurons there are n_in·n_out "
        "weights and n_out biases.",
        "There are two such pairs of layers here: 784→100 and 100→10.",
    ],
    solution="""
784·100 + 100 (first layer) + 100·10 + 10 (output layer) = 79,510.

    sum(n_in * n_out + n_out for n_in, n_out in [(784, 100), (100, 10)])
""",
    reference=_count_parameters((784, 100, 10)),
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
        (s * (1.0 + s), "You computed σ(z)(1 + σ(z)): the sign inside the bracket is wrong. "
                        "The derivative is σ(z)(1 − σ(z)), which is never more than 1/4."),
        (z * (1.0 - z), "You used z where σ(z) belongs: the formula is σ′(z) = σ(z)(1 − σ(z)), "
                        "so first compute s = σ(z) = 1/(1 + e^(−z)), then s * (1 - s)."),
        (s, "That is σ itself, not its derivative: multiply σ(z) by (1 − σ(z))."),
        (1.0 - s, "That is 1 − σ(z): multiply it by σ(z) too."),
        (-s * (1.0 - s), "Right size, wrong sign: σ is increasing, so its slope is positive."),
    ]
    for value, message in known:
        if got.shape == value.shape and np.allclose(got, value, rtol=1e-6, atol=1e-9):
            return message
    return None


def _check_q2(func):
    try:
        expect_function(func, _Q2_CASES, _sigmoid_prime, diagnose=_diagnose_q2,
                        what="your sigmoid_prime")
    except ReadersError as err:
        if "scalar" in str(err) or "math" in str(err):
            raise Wrong("Your function works for single numbers only: math.exp cannot take an "
                        "array. Use np.exp, which works element by element on arrays of any "
                        f"shape. Python said: {err}") from None
        raise
    return ("Well done. Note that σ′(z) reuses σ(z): once the forward pass has computed the "
            "activations, the slopes cost almost nothing more.")


q2 = Exercise(
    "q2", "The slope of the sigmoid",
    statement="""
Write a function `sigmoid_prime(z)` that returns the derivative of the sigmoid, σ′(z) = σ(z)(1 − σ(z)), where σ(z) = 1/(1 + e^(−z)).

It must work for a single number and for a numpy array of any shape (use `np.exp`, not `math.exp`). It is checked on inputs you do not see.
""",
    checker=_check_q2,
    hints=[
        "Compute s = 1 / (1 + np.exp(-z)) first; the answer is built from s alone.",
        "return s * (1 - s)",
    ],
    solution="""
    def sigmoid_prime(z):
        s = 1 / (1 + np.exp(-z))
        return s * (1 - s)

Why the formula holds: σ(z) = (1 + e^(−z))^(−1), so σ′(z) = e^(−z) / (1 + e^(−z))²
= σ(z) · e^(−z)/(1 + e^(−z)) = σ(z)(1 − σ(z)).
""",
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
        (_sigmoid(z), "You forgot the bias: the layer computes σ(W a + b), so add b before "
                      "squashing."),
        (z + b, "You forgot to squash: apply the sigmoid σ to W a + b."),
        (_sigmoid(z - b), "The bias is added, not subtracted: σ(W a + b)."),
        (reference.relu(z + b), "That is ReLU; this exercise asks for the sigmoid σ."),
    ]
    for value, message in known:
        if got.shape == value.shape and np.allclose(got, value, rtol=1e-6, atol=1e-9):
            return message
    return None


_SHAPE_WORDS = ("matmul", "mismatch", "shapes", "broadcast", "aligned", "dimension")


def _check_q3(func):
    if not callable(func):
        raise Wrong(f"Expected a function (def layer(W, b, a): ...), got {type(func).__name__}.")
    try:
        expect_function(func, _q3_cases(batch=False), _layer, diagnose=_diagnose_q3,
                        what="your layer")
    except ReadersError as err:
        if any(word in str(err).lower() for word in _SHAPE_WORDS):
            raise Wrong("The shapes do not fit together. W has shape (n_out, n_in): one ROW per "
                        "neuron of this layer, one column per input. So W @ a (not W.T @ a, not "
                        f"a @ W) gives one weighted sum per neuron. Python said: {err}") from None
        raise
    try:
        expect_function(func, _q3_cases(batch=True), _layer, diagnose=_diagnose_q3,
                        what="your layer")
    except ReadersError as err:
        if any(word in str(err).lower() for word in _SHAPE_WORDS):
            raise Wrong("Your layer works for one vector but not yet for a batch. With one "
                        "example per row, a has shape (n_examples, n_in); a @ W.T then has shape "
                        "(n_examples, n_out), and adding b adds it to every row. "
                        "σ(a @ W.T + b) works for a single vector too. "
                        f"Python said: {err}") from None
        raise
    except Wrong as wrong:
        if "shape" in str(wrong):
            raise Wrong(f"{wrong} For a batch (one example per row) the answer has one row "
                        f"per example: compute a @ W.T + b.") from None
        raise
    return ("Well done: that one line is a whole layer of the network, for one image or "
            "for thousands at once.")


q3 = Exercise(
    "q3", "A whole layer in one line",
    statement="""
Write `layer(W, b, a)` that returns the activations σ(W a + b) of a sigmoid layer with weights `W` of shape (n_out, n_in), biases `b` of shape (n_out,) and input activations `a`. It must handle both
• one input vector, `a` of shape (n_in,) → a result of shape (n_out,), and
• a batch of inputs stacked as rows, `a` of shape (n_examples, n_in) → a result of shape (n_examples, n_out), the convention mlpbook uses.

You may use `from mlpbook.reference import sigmoid`. Layers of several sizes, which you do not see, are tested.
""",
    checker=_check_q3,
    hints=[
        "For one vector, W @ a + b gives one weighted sum plus bias per neuron.",
        "For rows of examples, transpose the roles: a @ W.T has shape (n_examples, n_out); "
        "and for a vector a, a @ W.T equals W @ a. So one expression serves both.",
    ],
    solution="""
    from mlpbook.reference import sigmoid

    def layer(W, b, a):
        return sigmoid(a @ W.T + b)

For a vector a, a @ W.T is the same as W @ a. For a batch, each row of a @ W.T is W times
that row; numpy's broadcasting adds b to every row.
""",
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


def _check_q4(answer):
    expect_array(answer, _Q4_ANSWER, rtol=1e-4, atol=1e-6, what="an array of the 2 outputs",
                 mistakes=[
                     (_Q4_MISTAKES[0][0], "You forgot the biases: add b1 in the hidden layer "
                                          "and b2 in the output layer."),
                     (_Q4_MISTAKES[1][0], "The hidden layer must be squashed too: "
                                          "h = σ(W1 x + b1), before it goes into W2."),
                     (_Q4_MISTAKES[2][0], "The output layer is squashed too: a = σ(W2 h + b2); "
                                          "your numbers are the weighted sums before σ."),
                     (_Q4_MISTAKES[3][0], "That used ReLU in the hidden layer; this network "
                                          "uses the sigmoid everywhere."),
                 ])


q4 = Exercise(
    "q4", "Run a tiny 2-3-2 network by hand",
    statement="""
A network has 2 inputs, 3 hidden neurons and 2 outputs, all sigmoid neurons:

    W1 = np.array([[0.5, -1.0], [2.0, 0.3], [-1.5, 1.0]])   # shape (3, 2)
    b1 = np.array([0.1, -0.5, 0.2])
    W2 = np.array([[1.0, -2.0, 0.5], [-1.0, 1.5, 2.0]])     # shape (2, 3)
    b2 = np.array([0.0, -1.0])
    x  = np.array([0.8, 0.3])

Compute its 2 output activations for the input x, step by step with numpy (the hidden activations first), and check the array of 2 numbers.
""",
    checker=_check_q4,
    hints=[
        "Hidden layer: h = σ(W1 @ x + b1), three numbers.",
        "Output layer: a = σ(W2 @ h + b2), with σ = mlpbook.reference.sigmoid or "
        "1 / (1 + np.exp(-z)).",
    ],
    solution="""
    from mlpbook.reference import sigmoid
    h = sigmoid(W1 @ x + b1)      # about [0.550, 0.767, 0.332]
    a = sigmoid(W2 @ h + b2)      # about [0.306, 0.566]

The same two lines with the real network's 16×784, 16×16 and 10×16 matrices are
the whole forward pass.
""",
    reference=_Q4_ANSWER,
    mistakes=_Q4_MISTAKES,
)

EXERCISES = ExerciseSet("Chapter 3", [q1, q2, q3, q4])
progress = EXERCISES.progress
