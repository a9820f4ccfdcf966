"""Self-checking exercises: ``q.check(answer)``, ``q.hint()``, ``q.solution()``.

An :class:`Exercise` holds a statement, a *checker*, hints and a solution.  A
checker is a plain function that receives the reader's answer and either
returns (correct) or raises :class:`Wrong` with feedback that says what is
wrong and where to look, never just "incorrect".  :meth:`Exercise.check` turns
everything (a right answer, a specific mistake, garbage input, an exception
raised inside the reader's own function) into a :class:`Feedback` object, so a
check never crashes the reader's notebook.

The helpers :func:`expect_number`, :func:`expect_array` and
:func:`expect_function` do the common work and recognise typical mistakes
given to them as ``mistakes``.

Every text a reader sees (statement, hints, solution, feedback) may be a :class:`T`, the same
words in English and Chinese; it shows itself in the reader's language
(:func:`mlpbook.get_language`: ``mlpbook.set_language("zh")`` or ``MLPBOOK_LANGUAGE=zh``,
which is how the Chinese edition of the book runs its chapters).
"""

from __future__ import annotations

import datetime
import html
import json
import math
import os
import re
import textwrap
import traceback

import numpy as np

from ..i18n import T  # noqa: F401 (T is part of this module's API)


def text(value):
    """A text for the reader: a :class:`T` in the current language, anything else as str."""
    return str(value)


def _both(function, value):
    return value.map(function) if isinstance(value, T) else function(value)


class Wrong(Exception):
    """Raised by a checker: the message is the feedback shown to the reader."""


class Feedback:
    """The result of a check: truthy when correct; shows itself nicely in Jupyter."""

    def __init__(self, exercise, correct, message):
        self.exercise = exercise
        self.correct = bool(correct)
        self._message = message

    @property
    def message(self):
        return text(self._message)

    def __bool__(self):
        return self.correct

    def _mark(self):
        return text(T("✓ Correct", "✓ 正确") if self.correct else T("✗ Not yet", "✗ 还不对"))

    def __repr__(self):
        return f"{self._mark()} ({self.exercise}): {self.message}"

    def _repr_html_(self):
        colour = "#1a7f37" if self.correct else "#b35900"
        return (f'<div class="mlpbook-feedback" style="border-left:4px solid {colour};'
                f'padding:4px 10px;margin:4px 0"><b style="color:{colour}">{self._mark()}</b> '
                f"<span>({html.escape(str(self.exercise))})</span>{_html_text(self.message)}</div>")


def _paragraphs(text):
    """Join hard-wrapped lines; a blank line starts a new paragraph (as in Markdown).

    A paragraph indented by four spaces is code and keeps its lines.
    """
    blocks = text.strip("\n").split("\n\n")
    blocks = textwrap.dedent("\n\n".join(blocks)).split("\n\n")
    out = [block if block.startswith("    ") else _join_lines(block.splitlines())
           for block in blocks]
    return "\n\n".join(b for b in out if b.strip())


def _is_cjk(char):
    return "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def _join_lines(lines):
    """Join wrapped lines with a space, except between two Chinese characters (or full-width
    punctuation), where Chinese puts none."""
    joined = ""
    for line in (line.strip() for line in lines):
        if joined and line and not (_is_cjk(joined[-1]) and _is_cjk(line[0])):
            joined += " "
        joined += line
    return joined


_INLINE_CODE = re.compile(r"`([^`]+)`")


def _html_text(text):
    parts = []
    for block in _paragraphs(text).split("\n\n"):
        if block.startswith("    "):
            parts.append(f"<pre>{html.escape(textwrap.dedent(block))}</pre>")
        else:
            escaped = _INLINE_CODE.sub(r"<code>\1</code>", html.escape(block))
            parts.append(f"<p>{escaped}</p>")
    return "".join(parts)


class Exercise:
    """One exercise.

    Parameters
    ----------
    name : short id such as "q1"
    title : a few words
    statement : what to do (Markdown-ish plain text; shown by ``show()``)
    checker : ``checker(answer)`` returns None when right, raises :class:`Wrong` otherwise;
        it may return a string to add a remark to a correct answer
    hints : list of progressively stronger hints
    solution : the worked solution (text, may include code)
    reference : the reference answer (a value or a function) that must pass the checker;
        the tests check that it does
    mistakes : typical wrong answers and a phrase their feedback must contain, as
        ``[(wrong_answer, "forgot the biases"), ...]``; the tests check each one
    """

    def __init__(self, name, title, statement, checker, hints, solution, reference, mistakes=()):
        self.name = name
        self._title = title
        self._statement = _both(_paragraphs, statement)
        self._checker = checker
        self._hints = [_both(_paragraphs, h) for h in hints]
        self._solution_text = _both(str.strip, solution)
        self.reference = reference
        self.mistakes = list(mistakes)
        self.chapter = ""
        self.done = False
        self.attempts = 0
        self._next_hint = 0

    def __str__(self):
        return f"{text(self.chapter)} {self.name}".strip()

    # The reader's language, each time they are read.
    @property
    def title(self):
        return text(self._title)

    @property
    def statement(self):
        return text(self._statement)

    @property
    def hints(self):
        return [text(h) for h in self._hints]

    @property
    def _solution(self):
        return text(self._solution_text)

    def texts(self):
        """Every text of the exercise as written (str or :class:`T`): for the tests."""
        return [self._title, self._statement, *self._hints, self._solution_text]

    # ------------------------------------------------------------------ reader's verbs
    def check(self, answer):
        """Check an answer and explain what is wrong, if anything.

        A correct answer marks the exercise done, also in the progress file of the user
        cache, so ``progress()`` remembers it in the next session.
        """
        if answer is None or answer is Ellipsis:  # not an attempt yet
            return Feedback(str(self), False, T(
                "No answer yet: replace the `None` (or `...`) with your answer and run the "
                "cell again.", "还没有答案：把 `None`（或 `...`）换成你的答案，再运行这个单元格。"))
        self.attempts += 1
        feedback = self._judge(answer)
        if feedback.correct:
            self.done = True
            _save_done(self.key)
        return feedback

    def accepts(self, answer):
        """Whether ``answer`` is right, without counting it as the reader's progress.

        For the book's own hidden checks, which must not mark exercises done.
        """
        return self._judge(answer).correct

    @property
    def key(self):
        """The exercise's name in the progress file, e.g. "Chapter 3/q1" (always English)."""
        return f"{getattr(self.chapter, 'en', self.chapter)}/{self.name}"

    def _judge(self, answer):
        try:
            remark = self._checker(answer)
        except (Wrong, ReadersError) as wrong:
            return Feedback(str(self), False, wrong.args[0] if wrong.args else str(wrong))
        except Exception as exc:  # a checker must never crash on garbage input
            return Feedback(str(self), False, T(
                "Could not check this answer ({kind}: {exc}). Look at the statement again for "
                "the type of answer expected: ex.{name}.show()",
                "无法检查这个答案（{kind}：{exc}）。请再看一遍题目，确认答案应当是什么类型："
                "ex.{name}.show()").format(kind=type(exc).__name__, exc=exc, name=self.name))
        return Feedback(str(self), True, remark or T("Well done.", "做得好！"))

    def hint(self):
        """Show the next hint (they get more specific each time)."""
        hints = self.hints
        if not hints:
            return _Text(text(T("There is no hint for this one: try `solution()`.",
                                "这道题没有提示：试试 `solution()`。")))
        k = min(self._next_hint, len(hints) - 1)
        self._next_hint += 1
        return _Text(text(T("Hint {k} of {n}: {hint}", "提示 {k}/{n}：{hint}").format(
            k=k + 1, n=len(hints), hint=hints[k])))

    def solution(self):
        """Show the worked solution."""
        return _Text(text(T("Solution to {ex}:\n\n{solution}", "{ex} 的解答：\n\n{solution}")
                          .format(ex=self, solution=self._solution)))

    def show(self):
        """The statement, with the hints and the solution folded away (HTML <details>)."""
        return _Statement(self)

    def _repr_html_(self):
        return _Statement(self)._repr_html_()

    def __repr__(self):
        return f"{self}: {self.title}\n\n{self.statement}"


class _Text:
    """Plain text that also renders cleanly (pre-formatted) in a notebook."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text

    def _repr_html_(self):
        return f'<div class="mlpbook-text" style="white-space:pre-wrap">{html.escape(self.text)}</div>'


class _Statement:
    def __init__(self, exercise):
        self.exercise = exercise

    def __repr__(self):
        return repr(self.exercise)

    def _repr_html_(self):
        ex = self.exercise
        parts = [f'<div class="mlpbook-exercise"><p><b>{html.escape(str(ex))}: '
                 f"{html.escape(ex.title)}</b></p>{_html_text(ex.statement)}"]
        hint_word, solution_word = text(T("Hint", "提示")), text(T("Solution", "解答"))
        for k, hint in enumerate(ex.hints, 1):
            parts.append(f"<details><summary>{hint_word} {k}</summary>{_html_text(hint)}</details>")
        parts.append(f'<details><summary>{solution_word}</summary><pre style="white-space:pre-wrap">'
                     f"{html.escape(ex._solution)}</pre></details></div>")
        return "".join(parts)


class ExerciseSet:
    """The exercises of one chapter: ``ex.q1`` ... and ``ex.progress()``."""

    def __init__(self, chapter, exercises):
        number = re.fullmatch(r"Chapter (\d+)", chapter) if isinstance(chapter, str) else None
        self.chapter = T(chapter, f"第 {number.group(1)} 章") if number else chapter
        self.exercises = list(exercises)
        for ex in self.exercises:
            ex.chapter = self.chapter

    def __iter__(self):
        return iter(self.exercises)

    def __getitem__(self, name):
        for ex in self.exercises:
            if ex.name == name:
                return ex
        raise KeyError(name)

    def progress(self):
        """Which exercises are done: checked correct now or in an earlier session."""
        saved = _saved_progress()
        done = [ex.done or ex.key in saved for ex in self.exercises]
        lines = [text(T("{chapter}: {done} of {n} done", "{chapter}：已完成 {done}/{n}").format(
            chapter=text(self.chapter), done=sum(done), n=len(self.exercises)))]
        for ex, finished in zip(self.exercises, done):
            mark = "✓" if finished else ("…" if ex.attempts else "·")
            lines.append(f"  {mark} {ex.name}  {ex.title}")
        return _Text("\n".join(lines))

    def reset_progress(self):
        """Forget which of this chapter's exercises are done (here and in the progress file)."""
        for ex in self.exercises:
            ex.done = False
            ex.attempts = 0
        _forget({ex.key for ex in self.exercises})


# ---------------------------------------------------------------------- saved progress
def progress_file():
    """Where progress is kept between sessions: progress.json in the mlpbook user cache."""
    from ..data import default_cache_dir
    return default_cache_dir() / "progress.json"


def _saved_progress():
    try:
        saved = json.loads(progress_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):  # no file yet, or a damaged one: start afresh
        return {}
    return saved if isinstance(saved, dict) else {}


def _write_progress(saved):
    """Write the whole file atomically; a read-only cache only costs the memory of progress."""
    path = progress_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(saved, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def _save_done(key):
    saved = _saved_progress()
    if key not in saved:
        saved[key] = datetime.date.today().isoformat()
        _write_progress(saved)


def _forget(keys):
    saved = _saved_progress()
    if keys & saved.keys():
        _write_progress({k: v for k, v in saved.items() if k not in keys})


# ---------------------------------------------------------------------- checking helpers
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
        raise Wrong(T("{what} returned None: it needs a `return` line that gives back the result "
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
