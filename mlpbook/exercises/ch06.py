"""Exercises for chapter 6: backpropagation.

Convention: as in mlpbook's code, the quadratic cost of one example is
C = ½ Σ_j (a_j − y_j)², so ∂C/∂a_j = a_j − y_j.  (The video leaves out the ½; its
derivatives are then twice as large.  An answer off by exactly that factor 2 gets a
message saying so.)
"""

import numpy as np

from ..reference import sigmoid, sigmoid_prime
from .core import (Exercise, ExerciseSet, Wrong, call_readers_function, expect_function,
                   expect_number)


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
     "You left out the derivative of the sigmoid, σ'(z₂) = σ(z₂)(1 − σ(z₂)). The chain has "
     "three links: ∂C/∂a₂ · ∂a₂/∂z₂ · ∂z₂/∂w₂₁, and the middle one is σ'(z₂)."),
    (-_Q1_ANSWER,
     "Right size, wrong sign: ∂C/∂a₂ is (a₂ − y₂), not (y₂ − a₂). The sign matters: it says "
     "whether increasing the weight raises or lowers the cost."),
    (2 * _Q1_ANSWER,
     "That is twice the answer: you used the video's cost without the ½. Here "
     "C = ½ Σ (a − y)², so ∂C/∂a₂ = a₂ − y₂."),
    (float((_A[1] - _Y[1]) * sigmoid_prime(_Z[1]) * _X[1]),
     "You multiplied by the wrong input: w₂₁ carries input x₁ (= 0.2) into output neuron 2, "
     "so ∂z₂/∂w₂₁ = x₁."),
    (float((_A[0] - _Y[0]) * sigmoid_prime(_Z[0]) * _X[1]),
     "That is ∂C/∂w₁₂ (code W[0, 1]). The question asks for w₂₁ = W[1, 0]: from input 1 to "
     "output neuron 2."),
    (float((_A[1] - _Y[1]) * sigmoid_prime(_A[1]) * _X[0]),
     "You applied σ' to the activation a₂; it belongs to the weighted input: σ'(z₂)."),
]


def _check_q1(answer):
    expect_number(answer, _Q1_ANSWER, rel=1e-4, abs_tol=1e-8, mistakes=_Q1_MISTAKES)
    return ("The derivative is negative: increasing w₂₁ raises a₂ towards its target 1, which "
            "lowers the cost. Check it with finite differences as in the chapter.")


q1 = Exercise(
    "q1", "One derivative by hand",
    statement="""
A network with 2 inputs and 2 output neurons (sigmoid), no hidden layer:

    x = np.array([0.2, 0.7])                  # inputs
    W = np.array([[0.5, -0.3], [0.8, 0.1]])   # W[j, k]: from input k to output j
    b = np.array([-0.1, 0.2])
    y = np.array([0.0, 1.0])                  # desired outputs

with cost C = ½ Σ_j (a_j − y_j)². Compute ∂C/∂w₂₁, the derivative of the cost with respect to
the weight from input 1 to output neuron 2 (in code W[1, 0]), step by step with the chain rule.
Check a single number.
""",
    checker=_check_q1,
    hints=[
        "Forward first: z = W @ x + b, a = σ(z). Only output 2 depends on w₂₁.",
        "∂C/∂w₂₁ = (a₂ − y₂) · σ'(z₂) · x₁, with σ'(z) = σ(z)(1 − σ(z)). In code: "
        "(a[1] - y[1]) * sp[1] * x[0].",
    ],
    solution=f"""
    from mlpbook.reference import sigmoid, sigmoid_prime
    z = W @ x + b                    # [-0.21, 0.43]
    a = sigmoid(z)                   # [0.4477, 0.6059]
    dC_da2 = a[1] - y[1]             # -0.3941
    da2_dz2 = sigmoid_prime(z[1])    # 0.2388
    dz2_dw21 = x[0]                  # 0.2
    dC_da2 * da2_dz2 * dz2_dw21      # {_Q1_ANSWER:.6f}

The three factors are the three links of the chain: how the cost reacts to a₂, how a₂ reacts
to z₂, how z₂ reacts to the weight.
""",
    reference=_Q1_ANSWER,
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
        (a - y, "You left out the derivative of the sigmoid: δᴸ = ∂C/∂z, and z reaches the cost "
                "through a = σ(z), so multiply (a − y) by σ'(z) = σ(z)(1 − σ(z))."),
        ((y - a) * sp, "Right size, wrong sign: ∂C/∂a = a − y (output minus desired output), "
                       "not y − a."),
        (y - a, "Two slips: the sign (use a − y) and the missing derivative of the sigmoid "
                "σ'(z)."),
        (2 * (a - y) * sp, "That is twice δᴸ: the ½ in C = ½ Σ (a − y)² cancels the 2 from "
                           "the square."),
        ((a - y) * sigmoid_prime(a), "You applied σ' to a; it belongs to the weighted input z: "
                                     "σ'(z) (or, equivalently, a·(1 − a))."),
        ((a - y) * sigmoid(z), "σ(z) is the activation itself; you need its derivative "
                               "σ'(z) = σ(z)(1 − σ(z))."),
        ((a - y) * (1 - a), "Almost: σ'(z) = σ(z)(1 − σ(z)) = a·(1 − a); a factor a is missing."),
    ]
    for wrong, message in variants:
        if np.allclose(got, wrong, rtol=1e-6, atol=1e-12):
            return message
    return None


def _check_q2(func):
    expect_function(func, _q2_cases(), _output_error, diagnose=_diagnose_q2,
                    what="your output_error", rtol=1e-6, atol=1e-12)


q2 = Exercise(
    "q2", "The error of the output layer",
    statement="""
Write `output_error(a, z, y)` that returns δᴸ = ∂C/∂zᴸ for the output layer, for the
quadratic cost C = ½ Σ (a − y)² and sigmoid outputs a = σ(z). All three arguments are numpy
vectors of the same length (outputs, weighted inputs, desired outputs); return a vector.
You may use `sigmoid` and `sigmoid_prime` from `mlpbook.reference`.
It is checked on hidden examples.
""",
    checker=_check_q2,
    hints=[
        "Chain rule for each output neuron j: ∂C/∂z_j = ∂C/∂a_j · ∂a_j/∂z_j.",
        "∂C/∂a_j = a_j − y_j and ∂a_j/∂z_j = σ'(z_j). Multiply elementwise: "
        "(a - y) * sigmoid_prime(z).",
    ],
    solution="""
    from mlpbook.reference import sigmoid_prime

    def output_error(a, z, y):
        return (a - y) * sigmoid_prime(z)

This is the first of the four equations, δᴸ = ∇ₐC ⊙ σ'(zᴸ). With the cross-entropy cost and a
softmax output it becomes simply a − y (see `mlpbook.reference.output_error`).
""",
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
                                    what="your weight_gradient")
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise Wrong(f"weight_gradient returned {type(got).__name__}; it should return a "
                        f"matrix of numbers.") from None
        n_out, n_in = expected.shape
        if got.shape != expected.shape:
            if got.shape == expected.T.shape:
                raise Wrong(f"Your matrix is transposed: for δ of length {n_out} and a_prev of "
                            f"length {n_in} it has shape {got.shape}. ∂C/∂W is shaped like W, "
                            f"(n_out, n_in) = {expected.shape}: one row per neuron of this "
                            f"layer, one column per neuron of the previous layer. Use "
                            f"np.outer(delta, a_prev).")
            if got.ndim < 2:
                raise Wrong(f"weight_gradient returned shape {got.shape}, but the gradient of a "
                            f"weight matrix is a matrix of shape {expected.shape}: every pair "
                            f"(neuron j of this layer, neuron k of the previous one) gets "
                            f"δ_j·a_k. That is an outer product, not an elementwise or dot "
                            f"product: np.outer(delta, a_prev).")
            raise Wrong(f"weight_gradient returned shape {got.shape}; expected {expected.shape} "
                        f"(n_out, n_in), the shape of W.")
        if np.allclose(got, expected, rtol=1e-9, atol=1e-12):
            continue
        if np.allclose(got, expected.T, rtol=1e-9, atol=1e-12):
            raise Wrong("Your matrix is transposed: entry [j, k] must be δ_j·a_k (row = neuron "
                        "of this layer, column = neuron of the previous layer), like W[j, k]. "
                        "Use np.outer(delta, a_prev).")
        if np.allclose(got, -expected, rtol=1e-9, atol=1e-12):
            raise Wrong("Wrong sign: ∂C/∂w_jk = +δ_j·a_k. The minus sign belongs to the descent "
                        "step, not to the gradient.")
        raise Wrong(f"Not right yet: entry [0, 0] should be δ₀·a₀ = {expected[0, 0]:.6g}, yours "
                    f"is {got[0, 0]:.6g}.")


q3 = Exercise(
    "q3", "The gradient of a weight matrix",
    statement="""
Write `weight_gradient(delta, a_prev)` that returns ∂C/∂W = δ (a_prev)ᵀ for one layer:
`delta` is the layer's error δ (a vector with one entry per neuron of the layer, n_out),
`a_prev` the previous layer's activations (n_in entries). Return a matrix shaped like the
layer's W, (n_out, n_in), whose entry [j, k] is ∂C/∂w_jk = δ_j·a_k.
It is checked on hidden examples of several sizes.
""",
    checker=_check_q3,
    hints=[
        "Each weight w_jk connects neuron k of the previous layer to neuron j of this layer; "
        "nudging it changes z_j by a_k, and the cost by δ_j·a_k.",
        "A table of all products δ_j·a_k is an outer product: np.outer(delta, a_prev), or "
        "delta[:, None] * a_prev[None, :].",
    ],
    solution="""
    def weight_gradient(delta, a_prev):
        return np.outer(delta, a_prev)        # shape (len(delta), len(a_prev))

A weight's gradient is the error of the neuron it feeds times the activation it carries: a
weight from a silent neuron (a_k = 0) does not learn from this example at all.
""",
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
        got = call_readers_function(func, f, given, eps, what="your numerical_gradient")
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise Wrong(f"numerical_gradient returned {type(got).__name__}; it should return an "
                        f"array with one derivative per entry of x.") from None
        if got.shape != expected.shape:
            raise Wrong(f"numerical_gradient returned shape {got.shape} for x of shape "
                        f"{x.shape}: return one derivative per entry of x, shape {x.shape}.")
        if not np.array_equal(given, x):
            raise Wrong("Your function changed the x it was given: after nudging x[i], put the "
                        "original value back (or nudge a copy), or every later derivative is "
                        "taken at the wrong point.")
        if not np.all(np.isfinite(got)):
            raise Wrong("Your result contains NaN or infinity: check the division by the step.")
        if np.allclose(got, expected, rtol=1e-7, atol=1e-10):
            continue
        variants = [
            (_by_eps(f, x, eps),
             "That is twice the derivative: the two points x + ε and x − ε are 2·eps apart, "
             "so divide their difference by 2·eps, not by eps."),
            (_forward(f, x, eps),
             "That is the forward difference (f(x + ε) − f(x)) / ε. It is a fair estimate, but "
             "its error shrinks only like ε; the central difference (f(x + ε) − f(x − ε)) / (2ε) "
             "is accurate to order ε² for the same cost. This exercise asks for the central one."),
            (_backward(f, x, eps),
             "That is the backward difference (f(x) − f(x − ε)) / ε, accurate only to order ε. "
             "Use both neighbours: (f(x + ε) − f(x − ε)) / (2ε)."),
            (-expected,
             "Wrong sign: subtract f(x − ε) from f(x + ε), not the other way round."),
        ]
        for wrong, message in variants:
            if np.allclose(got, wrong, rtol=1e-7, atol=1e-10):
                raise Wrong(message)
        raise Wrong(f"Not right yet: for x = {np.round(x, 3).tolist()} and eps = {eps:g} you "
                    f"return {np.round(got, 6).tolist()}, but {np.round(expected, 6).tolist()} "
                    f"is expected.")


q4 = Exercise(
    "q4", "Check a gradient by nudging",
    statement="""
Write `numerical_gradient(f, x, eps)` that estimates every partial derivative of a function
`f` (taking a numpy vector, returning a number) at the point `x` with central differences:

    ∂f/∂x_i ≈ (f(x + ε·e_i) − f(x − ε·e_i)) / (2ε)

where e_i nudges only entry i. Return an array shaped like x, and leave the x you were given
unchanged. It is checked on hidden functions, one of them the cost of a tiny network as a
function of its six parameters.
""",
    checker=_check_q4,
    hints=[
        "Loop over i. Make a copy `xp = x.copy()`, set `xp[i] += eps`, evaluate; likewise with "
        "`- eps`.",
        "g[i] = (f(x_plus) - f(x_minus)) / (2 * eps); the two points are 2ε apart.",
    ],
    solution="""
    def numerical_gradient(f, x, eps):
        g = np.zeros_like(x, dtype=float)
        for i in range(x.size):
            xp, xm = x.copy(), x.copy()
            xp[i] += eps
            xm[i] -= eps
            g[i] = (f(xp) - f(xm)) / (2 * eps)
        return g

Two evaluations of f per parameter: fine for checking a few hundred parameters, hopeless for
training 13,002 of them on 60,000 images; backpropagation gets all of them for the cost of
about one extra pass. `mlpbook.gradcheck.numerical_gradient` is this loop for a Network.
""",
    reference=_central,
    mistakes=[(_forward, "forward difference"), (_by_eps, "2·eps")],
)

EXERCISES = ExerciseSet("Chapter 6", [q1, q2, q3, q4])
progress = EXERCISES.progress
