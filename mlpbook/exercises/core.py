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


class Wrong(Exception):
    """Raised by a checker: the message is the feedback shown to the reader."""


class Feedback:
    """The result of a check: truthy when correct; shows itself nicely in Jupyter."""

    def __init__(self, exercise, correct, message):
        self.exercise = exercise
        self.correct = bool(correct)
        self.message = message

    def __bool__(self):
        return self.correct

    def __repr__(self):
        mark = "✓ Correct" if self.correct else "✗ Not yet"
        return f"{mark} ({self.exercise}): {self.message}"

    def _repr_html_(self):
        colour, mark = ("#1a7f37", "✓ Correct") if self.correct else ("#b35900", "✗ Not yet")
        return (f'<div class="mlpbook-feedback" style="border-left:4px solid {colour};'
                f'padding:4px 10px;margin:4px 0"><b style="color:{colour}">{mark}</b> '
                f"<span>({html.escape(self.exercise)})</span>{_html_text(self.message)}</div>")


def _paragraphs(text):
    """Join hard-wrapped lines; a blank line starts a new paragraph (as in Markdown).

    A paragraph indented by four spaces is code and keeps its lines.
    """
    blocks = text.strip("\n").split("\n\n")
    blocks = textwrap.dedent("\n\n".join(blocks)).split("\n\n")
    out = [block if block.startswith("    ")
           else " ".join(line.strip() for line in block.splitlines())
           for block in blocks]
    return "\n\n".join(b for b in out if b.strip())


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
        self.title = title
        self.statement = _paragraphs(statement)
        self._checker = checker
        self.hints = [_paragraphs(h) for h in hints]
        self._solution = solution.strip()
        self.reference = reference
        self.mistakes = list(mistakes)
        self.chapter = ""
        self.done = False
        self.attempts = 0
        self._next_hint = 0

    def __str__(self):
        return f"{self.chapter} {self.name}".strip()

    # ------------------------------------------------------------------ reader's verbs
    def check(self, answer):
        """Check an answer and explain what is wrong, if anything.

        A correct answer marks the exercise done, also in the progress file of the user
        cache, so ``progress()`` remembers it in the next session.
        """
        if answer is None or answer is Ellipsis:  # not an attempt yet
            return Feedback(str(self), False, "No answer yet: replace the `None` (or `...`) "
                            "with your answer and run the cell again.")
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
        """The exercise's name in the progress file, e.g. "Chapter 3/q1"."""
        return f"{self.chapter}/{self.name}"

    def _judge(self, answer):
        try:
            remark = self._checker(answer)
        except Wrong as wrong:
            return Feedback(str(self), False, str(wrong))
        except ReadersError as err:
            return Feedback(str(self), False, str(err))
        except Exception as exc:  # a checker must never crash on garbage input
            return Feedback(str(self), False,
                            f"Could not check this answer ({type(exc).__name__}: {exc}). "
                            f"Look at the statement again for the type of answer expected: "
                            f"ex.{self.name}.show()")
        return Feedback(str(self), True, remark or "Well done.")

    def hint(self):
        """Show the next hint (they get more specific each time)."""
        if not self.hints:
            return _Text("There is no hint for this one: try `solution()`.")
        k = min(self._next_hint, len(self.hints) - 1)
        self._next_hint += 1
        return _Text(f"Hint {k + 1} of {len(self.hints)}: {self.hints[k]}")

    def solution(self):
        """Show the worked solution."""
        return _Text(f"Solution to {self}:\n\n{self._solution}")

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
        for k, hint in enumerate(ex.hints, 1):
            parts.append(f"<details><summary>Hint {k}</summary>{_html_text(hint)}</details>")
        parts.append(f'<details><summary>Solution</summary><pre style="white-space:pre-wrap">'
                     f"{html.escape(ex._solution)}</pre></details></div>")
        return "".join(parts)


class ExerciseSet:
    """The exercises of one chapter: ``ex.q1`` ... and ``ex.progress()``."""

    def __init__(self, chapter, exercises):
        self.chapter = chapter
        self.exercises = list(exercises)
        for ex in self.exercises:
            ex.chapter = chapter

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
        lines = [f"{self.chapter}: {sum(done)} of {len(self.exercises)} done"]
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
        raise Wrong(f"Expected a function (def ...), got {_describe(func)}.")
    try:
        result = func(*args)
    except Exception as exc:
        frames = traceback.extract_tb(exc.__traceback__)
        where = f" (line {frames[-1].lineno})" if len(frames) > 1 else ""
        shown = ", ".join(_short(a) for a in args)
        raise ReadersError(f"{what} raised {type(exc).__name__}{where} when called with "
                           f"({shown}): {exc}") from None
    if result is None:  # a body still `...`, or a forgotten `return`
        raise Wrong(f"{what} returned None: it needs a `return` line that gives back the result "
                    f"(replace the `...` with your code).")
    return result


def _short(value):
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape}"
    text = repr(value)
    return text if len(text) < 40 else text[:37] + "..."


def _describe(value):
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return f"{type(value).__name__} {_short(value)}"


def as_number(answer, what="a number"):
    """The answer as a float, or Wrong explaining what was received instead."""
    if isinstance(answer, (bool, np.bool_)):
        raise Wrong(f"Expected {what}, got the boolean {answer}.")
    if isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.item()
    if isinstance(answer, (int, float, np.integer, np.floating)):
        value = float(answer)
        if math.isnan(value):
            raise Wrong("Your answer is NaN (not a number): somewhere a 0/0 or inf - inf "
                        "happened; print the intermediate values to find it.")
        return value
    raise Wrong(f"Expected {what}, got {_describe(answer)}.")


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
    raise Wrong(f"{value:g} is not right. Check each step of your computation; "
                f"ask for a hint with hint().")


def as_array(answer, shape=None, what="an array"):
    """The answer as a float array, checking the shape, or Wrong explaining the problem."""
    if isinstance(answer, (str, bytes, dict, set)) or answer is None:
        raise Wrong(f"Expected {what}, got {_describe(answer)}.")
    try:
        arr = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"Expected {what} of numbers, got {_describe(answer)}.") from None
    if shape is not None and arr.shape != tuple(shape):
        hint = ""
        if arr.shape == tuple(shape)[::-1] and len(shape) == 2:
            hint = " It looks transposed: swap the order of the axes (or use .T)."
        elif arr.size == int(np.prod(shape)):
            hint = f" It has the right number of values: reshape it to {tuple(shape)}."
        raise Wrong(f"Expected shape {tuple(shape)}, got shape {arr.shape}.{hint}")
    if not np.isfinite(arr).all():
        raise Wrong("Your answer contains NaN or infinite values: look for an overflow "
                    "(np.exp of a large number) or a division by zero.")
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
    raise Wrong(f"Not right yet: for example at index {tuple(int(i) for i in worst)} you have "
                f"{arr[worst]:.6g} where {expected[worst]:.6g} is expected.")


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
            raise Wrong(f"{what} returned {_describe(got)} for ({', '.join(map(_short, args))}); "
                        f"it should return numbers.") from None
        if got_arr.shape != expected.shape:
            raise Wrong(f"{what} returned shape {got_arr.shape} for "
                        f"({', '.join(map(_short, args))}) but shape {expected.shape} "
                        f"is expected.")
        if not np.allclose(got_arr, expected, rtol=rtol, atol=atol, equal_nan=False):
            message = diagnose(got_arr, expected, args) if diagnose else None
            if message:
                raise Wrong(message)
            raise Wrong(f"{what} gives {_short(got)} for ({', '.join(map(_short, args))}), "
                        f"but {_short(expected.tolist() if expected.ndim else float(expected))} "
                        f"is expected.")
