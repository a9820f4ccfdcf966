"""Exercises for chapter 5: gradient descent."""

import numpy as np

from ..lessons import descent
from .answers import Near, NumberAnswer
from .core import Exercise, ExerciseSet, T, Wrong, call_readers_function



# ---------------------------------------------------------------------- q1: by hand
# C(w) = w², C'(w) = 2w, start 6, learning rate 0.25, three steps: each step multiplies w
# by (1 − 2·0.25) = 0.5. (From 6, not 4: from 4, w after four steps and the cost after
# three are both 0.25, and a reader who made one mistake would be told about the other.)
_Q1_START, _Q1_LR, _Q1_STEPS = 6.0, 0.25, 3


def _q1_after(factor):
    return _Q1_START * factor ** _Q1_STEPS


_Q1_ANSWER = _q1_after(1 - 2 * _Q1_LR)                 # 0.75
_Q1_MISTAKES = [
    (_q1_after(1 + 2 * _Q1_LR),
     T("Your w grew: you stepped uphill. The rule is w ← w − η·C'(w): subtract the slope "
       "(times η), so a positive slope moves w to the left. Check the sign.",
       "你的 w 变大了：你在往坡上走。规则是 w ← w − η·C'(w)：要减去斜率（乘以 η），"
       "所以斜率为正时 w 向左移。检查一下符号。")),
    (_q1_after(1 - _Q1_LR),
     T("You used the slope w instead of 2w. The derivative of w² is 2w.",
       "你用的斜率是 w 而不是 2w。w² 的导数是 2w。")),
    (_Q1_START * (1 - 2 * _Q1_LR) ** 2,
     T("That is w after two steps; the question asks for three.",
       "这是走两步之后的 w；题目问的是三步之后。")),
    (_Q1_START * (1 - 2 * _Q1_LR) ** 4,
     T("That is w after four steps; the question asks for three.",
       "这是走四步之后的 w；题目问的是三步之后。")),
    (_Q1_START - _Q1_STEPS * _Q1_LR * 2 * _Q1_START,
     T("You reused the slope at the start for every step. Recompute the slope C'(w) = 2w at "
       "the new w before each step: that is why the steps shrink.",
       "你每一步都沿用了起点处的斜率。每走一步之前，都要在新的 w 处重新计算斜率 "
       "C'(w) = 2w：正因为如此，步子才会越来越小。")),
    (_Q1_ANSWER ** 2,
     T("That looks like the cost C(w) = w² after three steps; the question asks for w itself.",
       "这看起来是三步之后的代价 C(w) = w²；题目问的是 w 本身。")),
]


_Q1_CHECK = NumberAnswer(_Q1_ANSWER, rel=1e-6, abs_tol=1e-9, mistakes=_Q1_MISTAKES,
                         what=T("a number", "一个数"), praise=T("Each step multiplies w by 1 − 2η = 0.5, so the steps halve every time: 3, 1.5, "
             "0.75. "
             "The step is proportional to the slope, and the slope shrinks near the minimum.",
             "每一步都把 w 乘以 1 − 2η = 0.5，所以步长每次减半：3、1.5、0.75。步长与斜率成正比，"
             "而斜率在最小值附近越来越小。"))


q1 = Exercise(
    "q1", T("Three steps by hand", "手算三步"),
    statement=T(r"""
Take the cost $C(w) = w^2$, whose minimum is at $w = 0$. Start at $w = 6$ and take three steps
of gradient descent, $w \leftarrow w - \eta\, C'(w)$, with learning rate $\eta = 0.25$.
Where are you after three steps? Give the number $w$ (compute it by hand or with a short
loop).
""", r"""
取代价 $C(w) = w^2$，它的最小值在 $w = 0$ 处。从 $w = 6$ 出发，用学习率 $\eta = 0.25$
走三步梯度下降 $w \leftarrow w - \eta\, C'(w)$。三步之后你在哪里？给出数 $w$（可以手算，也可以写一个小循环）。
"""),
    answer=_Q1_CHECK, needs="paper",
    hints=[
        T("The slope of $w^2$ is $C'(w) = 2w$. Recompute it at the new $w$ before every step.",
          "$w^2$ 的斜率是 $C'(w) = 2w$。每走一步之前，都要在新的 $w$ 处重新计算它。"),
        T(r"First step: $w = 6 - 0.25 \cdot (2 \cdot 6) = 3$. Two more to go.",
          r"第一步：$w = 6 - 0.25 \cdot (2 \cdot 6) = 3$。还剩两步。"),
    ],
    solution=T(r"""
A short loop:

    w = 6.0
    for _ in range(3):
        w = w - 0.25 * (2 * w)
    w        # 6 → 3 → 1.5 → 0.75

Each step moves by $\eta \cdot 2w$, half of the current distance to the minimum, so the steps
(3, 1.5, 0.75) shrink as the slope flattens: gradient descent slows down by itself near a
minimum.
""", r"""
写一个小循环：

    w = 6.0
    for _ in range(3):
        w = w - 0.25 * (2 * w)
    w        # 6 → 3 → 1.5 → 0.75

每一步移动 $\eta \cdot 2w$，也就是当前到最小值距离的一半，所以随着斜率变平，步长（3、1.5、0.75）
越来越小：梯度下降在接近最小值时会自己慢下来。
"""),
    mistakes=[(_q1_after(1 + 2 * _Q1_LR), "sign"),
              (_q1_after(1 - _Q1_LR), "2w"),
              (_Q1_START * (1 - 2 * _Q1_LR) ** 2, "two steps"),
              (_Q1_START * (1 - 2 * _Q1_LR) ** 4, "four steps"),
              (_Q1_START - _Q1_STEPS * _Q1_LR * 2 * _Q1_START, "recompute the slope"),
              (_Q1_ANSWER ** 2, "the cost")],
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
         T("Your point moves uphill: it adds the gradient. Gradient descent subtracts it, "
           "w ← w − lr·grad(w), because the gradient points the way the cost rises.",
           "你的点在往坡上走：它加上了梯度。梯度下降要减去梯度，w ← w − lr·grad(w)，"
           "因为梯度指向代价升高的方向。")),
        (_no_lr(grad, start, lr, steps),
         T("Your steps ignore the learning rate: multiply the gradient by lr before "
           "subtracting it.",
           "你的步子没有用到学习率：先把梯度乘以 lr，再减去。")),
        (_gradient_descent(grad, start, lr, steps + 1),
         T("Off by one: your function takes one step too many. Take exactly `steps` steps.",
           "差了一步：你的函数多走了一步。请恰好走 `steps` 步。")),
        (_gradient_descent(grad, start, lr, max(steps - 1, 0)),
         T("Off by one: your function takes one step too few. Take exactly `steps` steps.",
           "差了一步：你的函数少走了一步。请恰好走 `steps` 步。")),
        (start - steps * lr * np.asarray(grad(np.array(start, dtype=float)), dtype=float),
         T("You computed the gradient once, at the start, and reused it. Recompute grad(w) at "
           "the current point before every step.",
           "你只在起点算了一次梯度，之后一直沿用。每走一步之前，都要在当前的点上重新计算 "
           "grad(w)。")),
    ]


def _check_q2(func):
    for grad, start, lr, steps in _q2_cases():
        start_copy = np.array(start, dtype=float)
        expected = _gradient_descent(grad, start, lr, steps)
        got = call_readers_function(func, grad, start_copy if np.ndim(start) else start, lr, steps,
                                    what=T("your gradient_descent",
                                           "你的 gradient_descent 函数"))
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise Wrong(T("gradient_descent returned {kind}; it should return the "
                          "final point: a number (one input) or an array (several).",
                          "gradient_descent 返回了 {kind}；它应当返回终点：一个数（只有一个输入时）"
                          "或一个数组（有多个输入时）。").format(kind=type(got).__name__)) from None
        if got.shape != expected.shape:
            if got.ndim == expected.ndim + 1 and got.shape[1:] == expected.shape:
                raise Wrong(T("Your function returns the whole path; this exercise wants only the "
                              "final point (the last entry of the path).",
                              "你的函数返回了整条路径；这道题只要终点（路径的最后一项）。"))
            raise Wrong(T("gradient_descent returned shape {got} for a start of shape "
                          "{start}; return the final point, shaped like the start.",
                          "起点的形状是 {start}，gradient_descent 返回的形状却是 {got}；"
                          "请返回终点，形状与起点相同。").format(got=got.shape,
                                                                 start=np.shape(start)))
        if not np.all(np.isfinite(got)):
            raise Wrong(T("Your result contains NaN or infinity: the path ran away. Check the "
                          "sign of the step and that you multiply by lr.",
                          "你的结果里有 NaN 或无穷大：路径跑飞了。检查一下步子的符号，"
                          "以及有没有乘以 lr。"))
        if np.allclose(got, expected, rtol=1e-9, atol=1e-12):
            continue
        for wrong, message in _q2_variants(grad, start, lr, steps):
            if np.shape(wrong) == got.shape and np.allclose(got, wrong, rtol=1e-9, atol=1e-12):
                raise Wrong(message)
        raise Wrong(T("Not right yet: starting from {start} with lr = {lr} "
                      "and {steps} steps you return {got}, but {want} is expected.",
                      "还不对：从 {start} 出发，lr = {lr}，走 {steps} 步，你返回的是 {got}，"
                      "应为 {want}。").format(start=np.round(start, 3).tolist(), lr=lr,
                                             steps=steps, got=np.round(got, 6).tolist(),
                                             want=np.round(expected, 6).tolist()))


q2 = Exercise(
    "q2", T("Write gradient descent", "写出梯度下降"),
    statement=T(r"""
Write `gradient_descent(grad, start, lr, steps)` that starts at `start` and takes `steps`
steps of gradient descent, $w \leftarrow w - \eta \nabla C(w)$ with $\eta$ = `lr` and
$\nabla C(w)$ = `grad(w)`, then returns the final point. `grad` is a function that gives the
gradient at a point: for one input `start` is a number and `grad(w)` a number; for several
inputs `start` is a numpy array and `grad(w)` an array of the same shape. Your function should
work for both (numpy arithmetic does this by itself).
It is checked on hidden costs, including the two of this chapter.
""", r"""
编写 `gradient_descent(grad, start, lr, steps)`：从 `start` 出发，按梯度下降 $w \leftarrow w - \eta \nabla C(w)$（其中 $\eta$ = `lr`，$\nabla C(w)$ = `grad(w)`）走 `steps` 步，然后返回终点。`grad` 是一个给出某点处梯度的函数：只有一个输入时，`start` 是一个数，`grad(w)` 也是一个数；有多个输入时，`start` 是一个 numpy 数组，`grad(w)` 是形状相同的数组。你的函数应当对两种情况都适用（numpy 的算术会自动做到这一点）。检查时用的是几个隐藏的代价，其中包括本章的那两个。
"""),
    checker=_check_q2,
    hints=[
        T("A loop `for _ in range(steps):` with one line inside.",
          "一个循环 `for _ in range(steps):`，里面只有一行。"),
        T("Inside the loop: `w = w - lr * grad(w)`. Start with `w = start` and return `w`.",
          "循环里写 `w = w - lr * grad(w)`。开始时令 `w = start`，最后返回 `w`。"),
    ],
    solution=T("""
One step per turn of the loop:

    def gradient_descent(grad, start, lr, steps):
        w = start
        for _ in range(steps):
            w = w - lr * grad(w)
        return w

`mlpbook.lessons.descent.descend` does the same but keeps every point of the path (and stops early
when the path runs off to infinity).
""", """
循环每转一圈走一步：

    def gradient_descent(grad, start, lr, steps):
        w = start
        for _ in range(steps):
            w = w - lr * grad(w)      # 逆着梯度迈一步
        return w

`mlpbook.lessons.descent.descend` 做的是同一件事，但会保留路径上的每一个点
（而且路径跑向无穷大时会提前停下）。
"""),
    reference=_gradient_descent,
    mistakes=[(_uphill, "uphill"), (_no_lr, "learning rate"), (_one_more, "off by one")],
)


# ---------------------------------------------------------------------- q3: which valley?
_Q3_START, _Q3_LR, _Q3_STEPS = -2.6, 0.05, 200
_Q3_MINIMA = descent.local_minima_1d()
_Q3_ANSWER = float(descent.descend(descent.slope1d, _Q3_START, _Q3_LR, _Q3_STEPS)[-1])
_Q3_GLOBAL = float(_Q3_MINIMA[np.argmin(descent.cost1d(_Q3_MINIMA))])


_Q3_CHECK = NumberAnswer(
    _Q3_ANSWER, rel=0, abs_tol=0.01,
    what=T("a number (the position w where the path ends)", "一个数（路径终点的位置 w）"),
    praise=T("The ball rolls into the nearest valley downhill from where it starts, here the "
             "left one, even though the middle valley is deeper. Gradient descent only sees "
             "the local slope.",
             "小球滚进了从起点往下最近的那个山谷，这里是左边的山谷，尽管中间的山谷更深。"
             "梯度下降只看得到脚下的斜率。"),
    mistakes=[
        (Near(_Q3_GLOBAL, abs_tol=0.05), T(
            "That is the deepest valley (the global minimum), but gradient descent cannot see "
            "it from w = −2.6: it only follows the local slope. Run the descent and look at "
            "the last point.",
            "那是最深的山谷（全局最小值），但梯度下降从 w = −2.6 出发看不到它：它只会"
            "顺着脚下的斜率走。运行一下梯度下降，看看最后一个点。")),
        (_Q3_START, T("That is where the path starts. Look at the last point of the path, "
                      "path[-1].",
                      "那是路径的起点。请看路径的最后一个点 path[-1]。")),
        (float(descent.cost1d(_Q3_ANSWER)), T(
            "That is the cost at the end of the path; the question asks for the position w "
            "(path[-1]), not C(w).",
            "那是路径终点处的代价；题目问的是位置 w（path[-1]），而不是 C(w)。")),
    ],
    otherwise=T("{{value:g}} is not where this path ends. Run "
                "descend(slope1d, {start}, {lr}, {steps}) and read path[-1].",
                "这条路径并不停在 {{value:g}}。运行 descend(slope1d, {start}, {lr}, {steps})，"
                "读出 path[-1]。").format(start=_Q3_START, lr=_Q3_LR, steps=_Q3_STEPS))


q3 = Exercise(
    "q3", T("Which valley does the ball reach?", "小球会到达哪个山谷？"),
    statement=T(f"""
Run gradient descent on this chapter's cost of one input from the start $w = {_Q3_START}$, with
learning rate {_Q3_LR} and {_Q3_STEPS} steps:

    from mlpbook.lessons.descent import descend, slope1d
    path = descend(slope1d, {_Q3_START}, {_Q3_LR}, {_Q3_STEPS})

Where does it end? Give the final $w$ (two decimals are enough).
""", f"""
在本章只有一个输入的代价上运行梯度下降：起点 $w = {_Q3_START}$，学习率 {_Q3_LR}，走 {_Q3_STEPS} 步：

    from mlpbook.lessons.descent import descend, slope1d
    path = descend(slope1d, {_Q3_START}, {_Q3_LR}, {_Q3_STEPS})

它停在哪里？给出最后的 $w$（两位小数就够了）。
"""),
    answer=_Q3_CHECK, needs='python',
    hints=[
        T("The last point of the path is `path[-1]`.", "路径的最后一个点是 `path[-1]`。"),
        T("Look at the picture of the cost: which side of the hump near $w = -2.4$ is $-2.6$ "
          "on?",
          "看看代价的图像：$w = -2.4$ 附近有一个小山包，$-2.6$ 在它的哪一侧？"),
    ],
    solution=T(rf"""
Run it and read the last point:

    path = descend(slope1d, {_Q3_START}, {_Q3_LR}, {_Q3_STEPS})
    path[-1]        # ≈ {_Q3_ANSWER:.3f}

The start lies just left of the hump between the left and the middle valley, so the slope there
points the ball to the left valley. The middle valley ($w \approx {_Q3_GLOBAL:.2f}$) is deeper,
but descent never finds out: it only ever looks at the slope where it stands.
""", rf"""
运行它，读出最后一个点：

    path = descend(slope1d, {_Q3_START}, {_Q3_LR}, {_Q3_STEPS})
    path[-1]        # ≈ {_Q3_ANSWER:.3f}

起点恰好位于左边山谷与中间山谷之间那个小山包的左侧，所以那里的斜率把小球引向左边的山谷。
中间的山谷（$w \approx {_Q3_GLOBAL:.2f}$）更深，但梯度下降永远发现不了：它只看自己所站之处的斜率。
"""),
    mistakes=[(_Q3_GLOBAL, "deepest"), (_Q3_START, "where the path starts"),
              (float(descent.cost1d(_Q3_ANSWER)), "cost")],
)


# ---------------------------------------------------------------------- q4: the (3, 1) gradient
# C(x, y) = x·y² + y at (2, 0.25): ∂C/∂x = y² = 0.0625, ∂C/∂y = 2xy + 1 = 2, a ratio of 32.
def _q4_cost(x, y):
    return x * y ** 2 + y


_Q4_POINT = (2.0, 0.25)
_Q4_ANSWER = (2 * _Q4_POINT[0] * _Q4_POINT[1] + 1) / _Q4_POINT[1] ** 2     # 32


_Q4_CHECK = NumberAnswer(_Q4_ANSWER, rel=0.02, what=T("a number", "一个数"), fractions=True,
                         mistakes=[
    (1 / _Q4_ANSWER, T("That is the ratio the other way round: the question asks how many "
                       "times MORE the cost changes when you nudge y than when you nudge x, "
                       "a number larger than 1 here.",
                       "这个比值反过来了：题目问的是微调 y 时代价的变化是微调 x 时的多少倍，"
                       "这里应当是一个大于 1 的数。")),
    (2 * _Q4_POINT[0] * _Q4_POINT[1] / _Q4_POINT[1] ** 2,
     T("Close: you forgot the `+ y` term when differentiating with respect to y. "
       "∂C/∂y = 2xy + 1.",
       "很接近了：对 y 求导时你漏掉了 `+ y` 这一项。∂C/∂y = 2xy + 1。")),
    (2.0, T("That is ∂C/∂y alone; divide it by ∂C/∂x to compare the two nudges.",
            "这只是 ∂C/∂y；要把它除以 ∂C/∂x，才能比较两种微调。")),
])


q4 = Exercise(
    "q4", T("Which input matters more?", "哪个输入更要紧？"),
    statement=T(r"""
For the cost $C(x, y) = x y^2 + y$ at the point $(x, y) = (2, 0.25)$, nudge $x$ by a tiny
amount (say $10^{-6}$) and see how much $C$ changes; then do the same for $y$ instead. How many
times larger is the change of $C$ from the nudge of $y$ than from the nudge of $x$? Give one
number (a ratio). You can do it numerically or by computing the gradient by hand.
""", r"""
对代价 $C(x, y) = x y^2 + y$，在点 $(x, y) = (2, 0.25)$ 处把 $x$ 微调一个很小的量（比如 $10^{-6}$），看 $C$ 改变了多少；再换成对 $y$ 做同样的微调。微调 $y$ 引起的 $C$ 的变化，是微调 $x$ 引起的变化的多少倍？给出一个数（一个比值）。你可以用数值方法算，也可以手算梯度。
"""),
    answer=_Q4_CHECK, needs='paper',
    hints=[
        T("Numerically: `C = lambda x, y: x * y**2 + y`, then "
          "`(C(2 + h, 0.25) - C(2, 0.25)) / h` for the x-nudge, and likewise for y.",
          "数值方法：`C = lambda x, y: x * y**2 + y`，x 的微调用 "
          "`(C(2 + h, 0.25) - C(2, 0.25)) / h`，y 的微调照此计算。"),
        T(r"By hand: $\partial C/\partial x = y^2$ and $\partial C/\partial y = 2xy + 1$. The ratio "
          r"of the changes is the ratio of the two gradient components.",
          r"手算：$\partial C/\partial x = y^2$，$\partial C/\partial y = 2xy + 1$。"
          r"两种变化之比就是梯度的两个分量之比。"),
    ],
    solution=T(r"""
$\partial C/\partial x = y^2 = 0.0625$ and $\partial C/\partial y = 2xy + 1 = 2$, so the
gradient is $(0.0625, 2)$ and nudging $y$ changes the cost $2 / 0.0625 = 32$ times as much as
the same nudge of $x$.

    C = lambda x, y: x * y**2 + y
    h = 1e-6
    (C(2, 0.25 + h) - C(2, 0.25)) / (C(2 + h, 0.25) - C(2, 0.25))    # ≈ 32

This is how to read a gradient of 13,002 components: each says how sensitive the cost is to
its own weight, so the large ones point at the weights that matter most right now.
""", r"""
$\partial C/\partial x = y^2 = 0.0625$，$\partial C/\partial y = 2xy + 1 = 2$，所以梯度是
$(0.0625, 2)$；微调 $y$ 引起的代价变化是同样微调 $x$ 的 $2 / 0.0625 = 32$ 倍。

    C = lambda x, y: x * y**2 + y
    h = 1e-6
    (C(2, 0.25 + h) - C(2, 0.25)) / (C(2 + h, 0.25) - C(2, 0.25))    # ≈ 32

有 13,002 个分量的梯度也这样读：每个分量说明代价对它自己那个权重有多敏感，
所以大的分量指出了此刻最要紧的那些权重。
"""),
    mistakes=[(1 / _Q4_ANSWER, "other way round"),
              (2 * _Q4_POINT[0] * _Q4_POINT[1] / _Q4_POINT[1] ** 2, "+ y")],
)

EXERCISES = ExerciseSet("Chapter 5", [q1, q2, q3, q4])
progress = EXERCISES.progress
