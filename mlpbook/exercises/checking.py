"""Checking helpers for answers given in Python: numbers, arrays, and the reader's functions.

A checker raises :class:`Wrong` with feedback that says what is wrong and where to look;
these helpers do the common work: turn an answer into a number or an array (saying what was
received instead), call the reader's function safely, compare with the expected result and
recognise typical mistakes.
"""

from __future__ import annotations

import contextlib
import math
import signal
import threading
import traceback

import numpy as np

from ..i18n import T


def text(value):
    """A text for the reader: a :class:`T` in the current language, anything else as str."""
    return str(value)


class Wrong(Exception):
    """Raised by a checker: the message is the feedback shown to the reader."""


#: How long a check may run the reader's function(s) before it stops them, in seconds.
CHECK_SECONDS = 10.0


class TookTooLong(BaseException):
    """The reader's function ran past :data:`CHECK_SECONDS` (raised by :func:`time_limit`; a
    BaseException, like KeyboardInterrupt, so that no `except Exception` in the reader's code or
    in a checker swallows it)."""


@contextlib.contextmanager
def time_limit(seconds):
    """Stop the code inside after ``seconds`` with :class:`TookTooLong`.

    Uses a real-time timer signal, so it works where Python code runs in the main thread of
    a Unix process (a Jupyter kernel, a terminal); elsewhere (Windows, a worker thread) the
    code runs unbounded. A loop inside compiled code is stopped when it returns to Python.
    """
    usable = (hasattr(signal, "setitimer") and seconds
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def stop(signum, frame):
        raise TookTooLong

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


TOO_LONG = T("Your function did not return within {seconds:g} s, so the check stopped it. Is "
             "there a loop that never ends (a `while` whose condition never becomes false, or "
             "a loop variable that is never changed)?",
             "你的函数在 {seconds:g} 秒内没有返回，所以检查把它停下了。是不是有一个永远不会结束的"
             "循环（条件永远不会变为假的 `while`，或者从不改变的循环变量）？")
INTERRUPTED = T("The check was interrupted (Ctrl-C, or the stop button) while it ran your "
                "function; nothing was checked. Run the cell again when you are ready.",
                "检查在运行你的函数时被中断了（Ctrl-C 或停止按钮）；什么也没有检查。"
                "准备好了就再运行一次这个单元格。")


class NotAttempted(Wrong):
    """The reader's function returned None: its body is still the starter's ``...`` (or lacks
    a ``return``). Shown as "not tried yet", and not counted as an attempt."""


class ReadersError(Exception):
    """The reader's own function raised: reported as feedback, not as a crash."""


def call_readers_function(func, *args, what="your function"):
    """Call the reader's function, turning any exception into friendly feedback."""
    if not callable(func):
        raise Wrong(T("Expected a function (def ...), got {got}.",
                      "这里需要一个函数（def ...），得到的却是 {got}。").format(got=_describe(func)))
    try:
        result = func(*args)
    except Exception as exc:
        frames = traceback.extract_tb(exc.__traceback__)
        where = text(T(f" (line {frames[-1].lineno})", f"（第 {frames[-1].lineno} 行）")) \
            if len(frames) > 1 else ""
        shown = ", ".join(_short(a) for a in args)
        raise ReadersError(T("{what} raised {kind}{where} when called with ({shown}): {exc}",
                             "用参数 ({shown}) 调用{what}时抛出了 {kind}{where}：{exc}").format(
            what=text(what), kind=type(exc).__name__, where=where, shown=shown, exc=exc)) from None
    if result is None:  # a body still `...`, or a forgotten `return`
        raise NotAttempted(T("{what} returned None: it needs a `return` line that gives back the result "
                      "(replace the `...` with your code).",
                      "{what}返回了 None：它需要一行 `return` 把结果交回来（把 `...` 换成你的代码）。")
                    .format(what=text(what)))
    return result


def _short(value):
    if isinstance(value, np.ndarray):
        return text(T(f"array of shape {value.shape}", f"形状为 {value.shape} 的数组"))
    shown = repr(value)
    return shown if len(shown) < 40 else shown[:37] + "..."


def _describe(value):
    if isinstance(value, np.ndarray):
        return text(T(f"an array of shape {value.shape}", f"一个形状为 {value.shape} 的数组"))
    return f"{type(value).__name__} {_short(value)}"


def as_number(answer, what="a number"):
    """The answer as a float, or Wrong explaining what was received instead."""
    if isinstance(answer, (bool, np.bool_)):
        raise Wrong(T("Expected {what}, got the boolean {answer}.",
                      "这里需要{what}，得到的却是布尔值 {answer}。").format(what=text(what), answer=answer))
    if isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.item()
    if isinstance(answer, (int, float, np.integer, np.floating)):
        value = float(answer)
        if math.isnan(value):
            raise Wrong(T("Your answer is NaN (not a number): somewhere a 0/0 or inf - inf "
                          "happened; print the intermediate values to find it.",
                          "你的答案是 NaN（不是数）：某处出现了 0/0 或 inf - inf；把中间值打印出来找找看。"))
        return value
    raise Wrong(T("Expected {what}, got {got}.", "这里需要{what}，得到的却是 {got}。").format(
        what=text(what), got=_describe(answer)))


def close(a, b, rel=1e-6, abs_tol=1e-9):
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol)


def expect_number(answer, expected, *, rel=1e-6, abs_tol=1e-9, mistakes=(), what="a number"):
    """Check a numeric answer; ``mistakes`` is a list of (wrong value, specific feedback)."""
    value = as_number(answer, what)
    if close(value, expected, rel, abs_tol):
        return
    for wrong_value, message in mistakes:
        if close(value, wrong_value, rel, abs_tol):
            raise Wrong(message)
    raise Wrong(T("{value:g} is not right. Check each step of your computation; ask for a hint "
                  "with hint().", "{value:g} 不对。检查计算的每一步；可以用 hint() 要一个提示。")
                .format(value=value))


def as_array(answer, shape=None, what="an array"):
    """The answer as a float array, checking the shape, or Wrong explaining the problem."""
    if isinstance(answer, (str, bytes, dict, set)) or answer is None:
        raise Wrong(T("Expected {what}, got {got}.", "这里需要{what}，得到的却是 {got}。").format(
            what=text(what), got=_describe(answer)))
    try:
        arr = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(T("Expected {what} of numbers, got {got}.",
                      "这里需要由数构成的{what}，得到的却是 {got}。").format(
            what=text(what), got=_describe(answer))) from None
    if shape is not None and arr.shape != tuple(shape):
        hint_en = hint_zh = ""
        if arr.shape == tuple(shape)[::-1] and len(shape) == 2:
            hint_en = " It looks transposed: swap the order of the axes (or use .T)."
            hint_zh = "看起来是转置了：交换两个轴的顺序（或用 .T）。"
        elif arr.size == int(np.prod(shape)):
            hint_en = f" It has the right number of values: reshape it to {tuple(shape)}."
            hint_zh = f"数值的个数是对的：把它 reshape 成 {tuple(shape)}。"
        raise Wrong(T(f"Expected shape {tuple(shape)}, got shape {arr.shape}.{hint_en}",
                      f"形状应为 {tuple(shape)}，得到的是 {arr.shape}。{hint_zh}"))
    if not np.isfinite(arr).all():
        raise Wrong(T("Your answer contains NaN or infinite values: look for an overflow "
                      "(np.exp of a large number) or a division by zero.",
                      "你的答案里有 NaN 或无穷大：找找溢出（对很大的数求 np.exp）或除以零的地方。"))
    return arr


def expect_array(answer, expected, *, rtol=1e-6, atol=1e-9, mistakes=(), what="an array"):
    """Check an array answer; ``mistakes`` is a list of (wrong array, specific feedback)."""
    expected = np.asarray(expected, dtype=float)
    arr = as_array(answer, expected.shape, what)
    if np.allclose(arr, expected, rtol=rtol, atol=atol):
        return
    for wrong_value, message in mistakes:
        wrong_value = np.asarray(wrong_value, dtype=float)
        if wrong_value.shape == arr.shape and np.allclose(arr, wrong_value, rtol=rtol, atol=atol):
            raise Wrong(message)
    worst = np.unravel_index(np.argmax(np.abs(arr - expected)), arr.shape)
    raise Wrong(T("Not right yet: for example at index {at} you have {got:.6g} where {want:.6g} "
                  "is expected.", "还不对：例如在下标 {at} 处，你的值是 {got:.6g}，应为 {want:.6g}。")
                .format(at=tuple(int(i) for i in worst), got=arr[worst], want=expected[worst]))


def expect_function(func, cases, reference, *, rtol=1e-6, atol=1e-9, diagnose=None,
                    what="your function"):
    """Call the reader's ``func`` on every case (tuples of arguments) and compare with ``reference``.

    Hidden cases catch answers that are right only for the example in the statement.
    ``diagnose(got, expected, args)`` may return a specific message for a known mistake.
    """
    for args in cases:
        expected = np.asarray(reference(*args), dtype=float)
        got = call_readers_function(func, *args, what=what)
        try:
            got_arr = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise Wrong(T("{what} returned {got} for ({args}); it should return numbers.",
                          "对于 ({args})，{what}返回了 {got}；它应当返回数。").format(
                what=text(what), got=_describe(got), args=", ".join(map(_short, args)))) from None
        if got_arr.shape != expected.shape:
            raise Wrong(T("{what} returned shape {got} for ({args}) but shape {want} is expected.",
                          "对于 ({args})，{what}返回的形状是 {got}，应为 {want}。").format(
                what=text(what), got=got_arr.shape, args=", ".join(map(_short, args)),
                want=expected.shape))
        if not np.allclose(got_arr, expected, rtol=rtol, atol=atol, equal_nan=False):
            message = diagnose(got_arr, expected, args) if diagnose else None
            if message:
                raise Wrong(message)
            raise Wrong(T("{what} gives {got} for ({args}), but {want} is expected.",
                          "对于 ({args})，{what}给出 {got}，应为 {want}。").format(
                what=text(what), got=_short(got), args=", ".join(map(_short, args)),
                want=_short(expected.tolist() if expected.ndim else float(expected))))
