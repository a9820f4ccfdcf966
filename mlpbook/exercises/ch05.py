"""Exercises for chapter 5: gradient descent."""

import numpy as np

from .. import descent
from .core import (Exercise, ExerciseSet, Wrong, as_number, call_readers_function,
                   expect_number)



# ---------------------------------------------------------------------- q1: by hand
# C(w) = w², C'(w) = 2w, start 4, learning rate 0.25, three steps: each step multiplies w
# by (1 − 2·0.25) = 0.5.
_Q1_START, _Q1_LR, _Q1_STEPS = 4.0, 0.25, 3


def _q1_after(factor):
    return _Q1_START * factor ** _Q1_STEPS


_Q1_ANSWER = _q1_after(1 - 2 * _Q1_LR)                 # 0.5
_Q1_MISTAKES = [
    (_q1_after(1 + 2 * _Q1_LR),
     "Your w grew: you stepped uphill. The rule is w ← w − η·C'(w): subtract the slope "
     "(times η), so a positive slope moves w to the left. Check the sign."),
    (_q1_after(1 - _Q1_LR),
     "You used the slope w instead of 2w. The derivative of w² is 2w."),
    (_Q1_START * (1 - 2 * _Q1_LR) ** 2,
     "That is w after two steps; the question asks for three."),
    (_Q1_START * (1 - 2 * _Q1_LR) ** 4,
     "That is w after four steps; the question asks for three."),
    (_Q1_START - _Q1_STEPS * _Q1_LR * 2 * _Q1_START,
     "You reused the slope at the start for every step. Recompute the slope C'(w) = 2w at "
     "the new w before each step: that is why the steps shrink."),
    (_Q1_ANSWER ** 2,
     "That looks like the cost C(w) = w² after three steps; the question asks for w itself."),
]


def _check_q1(answer):
    expect_number(answer, _Q1_ANSWER, rel=1e-6, abs_tol=1e-9, mistakes=_Q1_MISTAKES)
    return ("Each step multiplies w by 1 − 2η = 0.5, so the steps halve every time: 2, 1, 0.5. "
            "The step is proportional to the slope, and the slope shrinks near the minimum.")


q1 = Exercise(
    "q1", "Three steps by hand",
    statement="""
Take the cost C(w) = w², whose minimum is at w = 0. Start at w = 4 and take three steps of
gradient descent, w ← w − η·C'(w), with learning rate η = 0.25.
Where are you after three steps? Give the number w (compute it by hand or with a short loop).
""",
    checker=_check_q1,
    hints=[
        "The slope of w² is C'(w) = 2w. Recompute it at the new w before every step.",
        "First step: w = 4 − 0.25·(2·4) = 2. Two more to go.",
    ],
    solution="""
    w = 4.0
    for _ in range(3):
        w = w - 0.25 * (2 * w)
    w        # 4 → 2 → 1 → 0.5

Each step moves by η·2w, half of the current distance to the minimum, so the steps
(2, 1, 0.5) shrink as the slope flattens: gradient descent slows down by itself near a
minimum.
""",
    reference=_Q1_ANSWER,
    mistakes=[(_q1_after(1 + 2 * _Q1_LR), "sign"),
              (_q1_after(1 - _Q1_LR), "2w"),
              (_Q1_START * (1 - 2 * _Q1_LR) ** 2, "two steps"),
              (_Q1_START - _Q1_STEPS * _Q1_LR * 2 * _Q1_START, "recompute the slope")],
)


# ---------------------------------------------------------------------- q2: implement descent
def _gradient_descent(grad, start, lr, steps):
    """Reference: the point reached after ``steps`` steps of w ← w − lr·grad(w)."""
    w = np.array(start, dtype=float)
    for _ in range(steps):
        w = w - lr * np.asarray(grad(w), dtype=float)
    return w


def _uphill(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    for _ in range(steps):
        w = w + lr * np.asarray(grad(w), dtype=float)
    return w


def _no_lr(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    for _ in range(steps):
        w = w - np.asarray(grad(w), dtype=float)
    return w


def _one_more(grad, start, lr, steps):
    return _gradient_descent(grad, start, lr, steps + 1)


def _q2_cases():
    # (gradient, start, lr, steps); the gradients are of simple bowls and of chapter 5's costs
    return [
        (lambda w: 2 * w, 4.0, 0.1, 5),
        (descent.slope1d, -2.0, 0.05, 12),
        (lambda w: 2 * (w - 3.0), -1.0, 0.3, 7),
        (descent.grad2d, np.array([-2.5, 2.5]), 0.3, 9),
        (lambda p: np.array([6.0 * p[0], 2.0 * p[1]]), np.array([1.0, -2.0]), 0.05, 4),
        (descent.slope1d, 1.5, 0.05, 0),
    ]


def _q2_variants(grad, start, lr, steps):
    return [
        (_uphill(grad, start, lr, steps),
         "Your point moves uphill: it adds the gradient. Gradient descent subtracts it, "
         "w ← w − lr·grad(w), because the gradient points the way the cost rises."),
        (_no_lr(grad, start, lr, steps),
         "Your steps ignore the learning rate: multiply the gradient by lr before "
         "subtracting it."),
        (_gradient_descent(grad, start, lr, steps + 1),
         "Off by one: your function takes one step too many. Take exactly `steps` steps."),
        (_gradient_descent(grad, start, lr, max(steps - 1, 0)),
         "Off by one: your function takes one step too few. Take exactly `steps` steps."),
        (start - steps * lr * np.asarray(grad(np.array(start, dtype=float)), dtype=float),
         "You computed the gradient once, at the start, and reused it. Recompute grad(w) at "
         "the current point before every step."),
    ]


def _check_q2(func):
    for grad, start, lr, steps in _q2_cases():
        start_copy = np.array(start, dtype=float)
        expected = _gradient_descent(grad, start, lr, steps)
        got = call_readers_function(func, grad, start_copy if np.ndim(start) else start, lr, steps,
                                    what="your gradient_descent")
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise Wrong(f"gradient_descent returned {type(got).__name__}; it should return the "
                        f"final point: a number (one input) or an array (several).") from None
        if got.shape != expected.shape:
            if got.ndim == expected.ndim + 1 and got.shape[1:] == expected.shape:
                raise Wrong("Your function returns the whole path; this exercise wants only the "
                            "final point (the last entry of the path).")
            raise Wrong(f"gradient_descent returned shape {got.shape} for a start of shape "
                        f"{np.shape(start)}; return the final point, shaped like the start.")
        if not np.all(np.isfinite(got)):
            raise Wrong("Your result contains NaN or infinity: the path ran away. Check the "
                        "sign of the step and that you multiply by lr.")
        if np.allclose(got, expected, rtol=1e-9, atol=1e-12):
            continue
        for wrong, message in _q2_variants(grad, start, lr, steps):
            if np.shape(wrong) == got.shape and np.allclose(got, wrong, rtol=1e-9, atol=1e-12):
                raise Wrong(message)
        raise Wrong(f"Not right yet: starting from {np.round(start, 3).tolist()} with lr = {lr} "
                    f"and {steps} steps you return {np.round(got, 6).tolist()}, but "
                    f"{np.round(expected, 6).tolist()} is expected.")


q2 = Exercise(
    "q2", "Write gradient descent",
    statement="""
Write `gradient_descent(grad, start, lr, steps)` that starts at `start` and takes `steps`
steps of w ← w − lr·grad(w), then returns the final point. `grad` is a function that gives the
gradient at a point: for one input `start` is a number and `grad(w)` a number; for several
inputs `start` is a numpy array and `grad(w)` an array of the same shape. Your function should
work for both (numpy arithmetic does this by itself).
It is checked on hidden costs, including the two of this chapter.
""",
    checker=_check_q2,
    hints=[
        "A loop `for _ in range(steps):` with one line inside.",
        "Inside the loop: `w = w - lr * grad(w)`. Start with `w = start` and return `w`.",
    ],
    solution="""
    def gradient_descent(grad, start, lr, steps):
        w = start
        for _ in range(steps):
            w = w - lr * grad(w)
        return w

`mlpbook.descent.descend` does the same but keeps every point of the path (and stops early
when the path runs off to infinity).
""",
    reference=_gradient_descent,
    mistakes=[(_uphill, "uphill"), (_no_lr, "learning rate"), (_one_more, "off by one")],
)


# ---------------------------------------------------------------------- q3: which valley?
_Q3_START, _Q3_LR, _Q3_STEPS = -2.6, 0.05, 200
_Q3_MINIMA = descent.local_minima_1d()
_Q3_ANSWER = float(descent.descend(descent.slope1d, _Q3_START, _Q3_LR, _Q3_STEPS)[-1])
_Q3_GLOBAL = float(_Q3_MINIMA[np.argmin(descent.cost1d(_Q3_MINIMA))])


def _check_q3(answer):
    value = as_number(answer, "a number (the position w where the path ends)")
    if abs(value - _Q3_ANSWER) <= 0.01:
        return ("The ball rolls into the nearest valley downhill from where it starts, here the "
                "left one, even though the middle valley is deeper. Gradient descent only sees "
                "the local slope.")
    if abs(value - _Q3_GLOBAL) <= 0.05:
        raise Wrong("That is the deepest valley (the global minimum), but gradient descent cannot "
                    "see it from w = −2.6: it only follows the local slope. Run the descent and "
                    "look at the last point.")
    if abs(value - _Q3_START) <= 0.01:
        raise Wrong("That is where the path starts. Look at the last point of the path, "
                    "path[-1].")
    if abs(value - float(descent.cost1d(_Q3_ANSWER))) <= 0.01:
        raise Wrong("That is the cost at the end of the path; the question asks for the position "
                    "w (path[-1]), not C(w).")
    raise Wrong(f"{value:g} is not where this path ends. Run "
                f"descend(slope1d, {_Q3_START}, {_Q3_LR}, {_Q3_STEPS}) and read path[-1].")


q3 = Exercise(
    "q3", "Which valley does the ball reach?",
    statement=f"""
Run gradient descent on this chapter's cost of one input from the start w = {_Q3_START}, with
learning rate {_Q3_LR} and {_Q3_STEPS} steps:

    from mlpbook.descent import descend, slope1d
    path = descend(slope1d, {_Q3_START}, {_Q3_LR}, {_Q3_STEPS})

Where does it end? Give the final w (two decimals are enough).
""",
    checker=_check_q3,
    hints=[
        "The last point of the path is path[-1].",
        "Look at the picture of the cost: which side of the hump near w = −2.4 is −2.6 on?",
    ],
    solution=f"""
    path = descend(slope1d, {_Q3_START}, {_Q3_LR}, {_Q3_STEPS})
    path[-1]        # ≈ {_Q3_ANSWER:.3f}

The start lies just left of the hump between the left and the middle valley, so the slope there
points the ball to the left valley. The middle valley (w ≈ {_Q3_GLOBAL:.2f}) is deeper, but
descent never finds out: it only ever looks at the slope where it stands.
""",
    reference=_Q3_ANSWER,
    mistakes=[(_Q3_GLOBAL, "deepest"), (_Q3_START, "where the path starts"),
              (float(descent.cost1d(_Q3_ANSWER)), "cost")],
)


# ---------------------------------------------------------------------- q4: the (3, 1) gradient
# C(x, y) = x·y² + y at (2, 0.25): ∂C/∂x = y² = 0.0625, ∂C/∂y = 2xy + 1 = 2, a ratio of 32.
def _q4_cost(x, y):
    return x * y ** 2 + y


_Q4_POINT = (2.0, 0.25)
_Q4_ANSWER = (2 * _Q4_POINT[0] * _Q4_POINT[1] + 1) / _Q4_POINT[1] ** 2     # 32


def _check_q4(answer):
    expect_number(answer, _Q4_ANSWER, rel=0.02, mistakes=[
        (1 / _Q4_ANSWER, "That is the ratio the other way round: the question asks how many "
                         "times MORE the cost changes when you nudge y than when you nudge x, "
                         "a number larger than 1 here."),
        (2 * _Q4_POINT[0] * _Q4_POINT[1] / _Q4_POINT[1] ** 2,
         "Close: you forgot the `+ y` term when differentiating with respect to y. "
         "∂C/∂y = 2xy + 1."),
        (2.0, "That is ∂C/∂y alone; divide it by ∂C/∂x to compare the two nudges."),
    ])


q4 = Exercise(
    "q4", "Which input matters more?",
    statement="""
For the cost C(x, y) = x·y² + y at the point (x, y) = (2, 0.25), nudge x by a tiny amount
(say 1e-6) and see how much C changes; then do the same for y instead. How many times larger
is the change of C from the nudge of y than from the nudge of x? Give one number (a ratio).
You can do it numerically or by computing the gradient by hand.
""",
    checker=_check_q4,
    hints=[
        "Numerically: `C = lambda x, y: x * y**2 + y`, then "
        "`(C(2 + h, 0.25) - C(2, 0.25)) / h` for the x-nudge, and likewise for y.",
        "By hand: ∂C/∂x = y² and ∂C/∂y = 2xy + 1. The ratio of the changes is the ratio of "
        "the two gradient components.",
    ],
    solution="""
∂C/∂x = y² = 0.0625 and ∂C/∂y = 2xy + 1 = 2, so the gradient is (0.0625, 2) and nudging y
changes the cost 2 / 0.0625 = 32 times as much as the same nudge of x.

    C = lambda x, y: x * y**2 + y
    h = 1e-6
    (C(2, 0.25 + h) - C(2, 0.25)) / (C(2 + h, 0.25) - C(2, 0.25))    # ≈ 32

This is how to read a gradient of 13,002 components: each says how sensitive the cost is to
its own weight, so the large ones point at the weights that matter most right now.
""",
    reference=_Q4_ANSWER,
    mistakes=[(1 / _Q4_ANSWER, "other way round"),
              (2 * _Q4_POINT[0] * _Q4_POINT[1] / _Q4_POINT[1] ** 2, "+ y")],
)

EXERCISES = ExerciseSet("Chapter 5", [q1, q2, q3, q4])
progress = EXERCISES.progress
