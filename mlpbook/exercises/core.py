"""Self-checking exercises: ``q.check(answer)``, ``q.hint()``, ``q.solution()``.

An :class:`Exercise` holds a statement, a way to check an answer, hints and a solution.
There are two kinds:

* **Value exercises** declare their answer (:mod:`.answers`: the expected number, vector,
  letters..., the tolerance and the known mistakes with their messages). Python checks them,
  and so does the website: the page's answer box reads the same declaration, so a reader
  with no Python behind the page gets the same verdict and the same diagnosis.
* **Function exercises** ask for code; a *checker* (a plain function) calls the reader's
  function on cases they do not see, and raises :class:`Wrong` with feedback that says what
  is wrong and where to look, never just "incorrect". These are checked by Python only; on
  the website the page says how to run the chapter live.

:meth:`Exercise.check` turns everything (a right answer, a specific mistake, garbage input,
an exception raised inside the reader's own function) into a :class:`Feedback`, so a check
never crashes the reader's notebook. An answer not given yet (``None``, or a function whose
body is still ``...``) is no attempt: it shows the answer box, or the way to check live.

Every text a reader sees (statement, hints, solution, feedback) may be a :class:`T`, the same
words in English and Chinese; it shows itself in the reader's language
(:func:`mlpbook.get_language`: ``mlpbook.set_language("zh")`` or ``MLPBOOK_LANGUAGE=zh``,
which is how the Chinese edition of the book runs its chapters).
"""

from __future__ import annotations

import html
import re

from ..i18n import T, get_language  # noqa: F401 (T is part of this module's API)
from . import checking
from .checking import (NotAttempted, ReadersError, Wrong, as_array, as_number,  # noqa: F401
                       call_readers_function, close, expect_array, expect_function,
                       expect_number, text)
from .answers import MARKS, WELL_DONE, ValueAnswer
from . import progress as saved_progress
from .rendering import both, paragraphs, to_html, to_plain


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
        return text(MARKS["right"] if self.correct else MARKS["wrong"])

    def __repr__(self):
        return f"{self._mark()} ({self.exercise}): {to_plain(self.message)}"

    def _repr_html_(self):
        state = "right" if self.correct else "wrong"
        return (f'<div class="mlpbook-feedback mlpbook-feedback-{state}"><b>{self._mark()}</b> '
                f"<span>({html.escape(str(self.exercise))})</span>{to_html(self.message)}</div>")


class Pending(Feedback):
    """No answer yet (``None``, or a function still ``...``): not an attempt.

    Shown as the exercise's answer box when the page can check it (a value exercise), else
    as the way to check it live; in a live notebook both also say what Python said.
    """

    def __init__(self, exercise, message):
        super().__init__(str(exercise), False, message)
        self.of = exercise
        self._widget = None

    def _mark(self):
        return text(T("· Not tried yet", "· 还没有作答"))

    def widget(self):
        """The answer box (value exercises) or the live-check note (function exercises)."""
        if self._widget is None:
            from ..widgets import AnswerBox, LiveCheck

            ex = self.of
            if ex.answer is not None:
                self._widget = AnswerBox(spec=ex.answer.spec(), key=ex.key, exercise=str(ex),
                                         python_message=self.message)
            else:
                self._widget = LiveCheck(key=ex.key, exercise=str(ex),
                                         python_message=self.message,
                                         asks="array" if ex.needs_key == "array" else "function")
        return self._widget

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = repr(self)
        return bundle


#: What an exercise takes, in the reader's words (``needs=`` names one, or gives a text).
NEEDS = {
    "paper": T("pen and paper (a calculator helps)", "纸和笔（有个计算器更方便）"),
    "thought": T("pen and paper, to reason it out (nothing to compute)",
                 "纸和笔，用来把道理想清楚（不用计算）"),
    "matrix": T("a careful look at the matrix above (or a line of numpy)",
                "仔细看上面的矩阵（或者写一行 numpy）"),
    "page": T("the interactive figure on this page", "本页上的交互图"),
    "python": T("a Python session: the answer is computed with numpy",
                "一个 Python 会话：答案要用 numpy 算出来"),
    "mnist": T("a Python session: the answer is computed with numpy on MNIST",
               "一个 Python 会话：答案要用 numpy 在 MNIST 上算出来"),
    "code": T("a Python session, where you write a function", "一个 Python 会话，在里面写一个函数"),
    "array": T("a Python session, where you build a numpy array",
               "一个 Python 会话，在里面搭建一个 numpy 数组"),
}
#: The needs of a function exercise (Python checks what the reader builds).
BUILDS = ("code", "array")


class Exercise:
    """One exercise.

    Parameters
    ----------
    name : short id such as "q1"
    title : a few words
    statement : what to do (the markup of :mod:`.rendering`; shown by ``show()``)
    answer : for a value exercise, its declared answer (:mod:`.answers`); the website checks
        it too
    checker : for a function exercise, ``checker(answer)`` returns None when right, raises
        :class:`Wrong` otherwise; it may return a text to add a remark to a correct answer
    hints : list of progressively stronger hints
    solution : the worked solution (text, may include code)
    reference : the reference answer that must pass (a value exercise's own answer when
        omitted); the tests check that it does
    mistakes : typical wrong answers and a phrase their feedback must contain, as
        ``[(wrong_answer, "forgot the biases"), ...]``; the tests check each one
    needs : what the exercise takes, a key of :data:`NEEDS` ("paper", "thought", "matrix",
        "page", "python", "mnist"; for a function exercise "code", the default, or "array")
    starter : what the chapter's check cell starts with (None; for a function exercise, a
        function whose body is ``...``); checking it is no attempt
    """

    def __init__(self, name, title, statement, checker=None, hints=(), solution="",
                 reference=None, mistakes=(), *, answer=None, needs=None, starter=None):
        if (answer is None) == (checker is None):
            raise ValueError("an exercise has either an answer (a value exercise) or a "
                             "checker (a function exercise)")
        if answer is not None and not isinstance(answer, ValueAnswer):
            raise TypeError(f"answer must be a declared answer (mlpbook.exercises.answers), "
                            f"got {type(answer).__name__}")
        self.name = name
        self.answer = answer
        self._title = title
        self._statement = both(paragraphs, statement)
        self._checker = checker if checker is not None else answer.judge
        self._hints = [both(paragraphs, h) for h in hints]
        self._solution_text = both(lambda s: s.strip("\n"), solution)
        self.reference = reference if reference is not None or answer is None \
            else answer.reference()
        self.mistakes = list(mistakes)
        self.starter = starter if starter is not None or answer is not None else _stub
        needs = needs or ("code" if answer is None else "python")
        if needs not in NEEDS or (needs in BUILDS) != (answer is None):
            kinds = BUILDS if answer is None else [k for k in NEEDS if k not in BUILDS]
            raise ValueError(f"needs must be one of {', '.join(kinds)} for this exercise, "
                             f"got {needs!r}")
        self.needs_key = needs
        self._needs = NEEDS[needs]
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
    def needs(self):
        return text(self._needs)

    @property
    def in_page(self):
        """Whether the website can check this exercise (a value exercise)."""
        return self.answer is not None

    @property
    def _solution(self):
        return text(self._solution_text)

    def texts(self):
        """Every text of the exercise as written (str or :class:`T`): for the tests."""
        return [self._title, self._statement, *self._hints, self._solution_text]

    # ------------------------------------------------------------------ reader's verbs
    def check(self, answer):
        """Check an answer and explain what is wrong, if anything.

        A value exercise also reads the answer as typed text (``check("1/3")``), the way
        the website's answer box does. A correct answer marks the exercise done, also in the
        progress file of the user cache, so ``progress()`` remembers it in the next session.
        """
        if answer is None or answer is Ellipsis:  # not an attempt yet
            return Pending(self, T(
                "No answer yet: replace the `None` (or `...`) with your answer and run the "
                "cell again.", "还没有答案：把 `None`（或 `...`）换成你的答案，再运行这个单元格。"))
        feedback = self._judge(answer)
        if isinstance(feedback, Pending):
            return feedback
        self.attempts += 1
        if feedback.correct:
            self.done = True
            saved_progress.mark_done(self.key)
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
        """The verdict on ``answer``. A function exercise runs the reader's code, which may
        never return: the check is bounded by :data:`checking.CHECK_SECONDS`, and a Ctrl-C
        during it is feedback too."""
        limit = checking.CHECK_SECONDS if self.answer is None else None
        try:
            with checking.time_limit(limit):
                remark = self._checker(answer)
        except checking.TookTooLong:
            return Feedback(str(self), False,
                            checking.TOO_LONG.format(seconds=checking.CHECK_SECONDS))
        except KeyboardInterrupt:
            return Feedback(str(self), False, checking.INTERRUPTED)
        except NotAttempted as wrong:
            return Pending(self, wrong.args[0])
        except (Wrong, ReadersError) as wrong:
            return Feedback(str(self), False, wrong.args[0] if wrong.args else str(wrong))
        except Exception as exc:  # a checker must never crash on garbage input
            return Feedback(str(self), False, T(
                "Could not check this answer ({kind}: {exc}). Look at the statement again for "
                "the type of answer expected: ex.{name}.show()",
                "无法检查这个答案（{kind}：{exc}）。请再看一遍题目，确认答案应当是什么类型："
                "ex.{name}.show()").format(kind=type(exc).__name__, exc=exc, name=self.name))
        return Feedback(str(self), True, remark or WELL_DONE)

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
        return f"{self}: {self.title}\n\n{to_plain(self.statement)}"


def _stub(*args):
    """A function exercise's starter: its body is still ``...``."""


class _Text:
    """Text in the exercise markup: plain in a terminal, rendered (math, code) in a notebook."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return to_plain(self.text)

    def _repr_html_(self):
        return f'<div class="mlpbook-text">{to_html(self.text)}</div>'


class _Statement:
    def __init__(self, exercise):
        self.exercise = exercise

    def __repr__(self):
        return repr(self.exercise)

    def _repr_html_(self):
        ex = self.exercise
        where = (T("Check it in the box below, or in Python.", "可以在下面的框里检查，也可以在 Python 里检查。")
                 if ex.in_page else
                 T("Python checks it when you run this chapter live (on Binder or in your own "
                   "Jupyter).", "在可运行的本章里（在 Binder 上或你自己的 Jupyter 里）由 Python 检查。"))
        needs_word = text(T("What it takes:", "需要："))
        needs = text(T("{needs}. {where}", "{needs}。{where}").format(needs=ex.needs,
                                                                       where=text(where)))
        parts = [f'<div class="mlpbook-exercise"><p><b>{html.escape(str(ex))}: '
                 f"{html.escape(ex.title)}</b></p>{to_html(ex.statement)}",
                 f'<p class="mlpbook-exercise-needs"><b>{html.escape(needs_word)}</b> '
                 f"{html.escape(needs)}</p>"]
        hint_word, solution_word = text(T("Hint", "提示")), text(T("Solution", "解答"))
        for k, hint in enumerate(ex.hints, 1):
            parts.append(f"<details><summary>{hint_word} {k}</summary>{to_html(hint)}</details>")
        parts.append(f"<details><summary>{solution_word}</summary>{to_html(ex._solution)}"
                     "</details></div>")
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
        """Which exercises are done: checked correct now or in an earlier session.

        In a notebook this is the chapter's progress panel; on the website the panel shows
        what the reader solved in this browser instead (the two are kept apart).
        """
        return Progress(self)

    def reset_progress(self):
        """Forget which of this chapter's exercises are done (here and in the progress file)."""
        for ex in self.exercises:
            ex.done = False
            ex.attempts = 0
        saved_progress.forget({ex.key for ex in self.exercises})

    def catalogue(self, language=None):
        """The chapter's exercises for a page: key, name, title, and whether the page can
        check it, in ``language``."""
        language = language or get_language()
        pick = (lambda t: t.zh if language == "zh" and getattr(t, "zh", None)
                else getattr(t, "en", t))
        return [{"key": ex.key, "name": ex.name, "title": str(pick(ex._title)),
                 "in_page": ex.in_page} for ex in self.exercises]


class Progress:
    """A chapter's progress: a few lines of text, or the progress panel in a notebook."""

    def __init__(self, exercise_set):
        self.exercise_set = exercise_set
        saved = saved_progress.load()
        exercises = exercise_set.exercises
        done = [ex.done or ex.key in saved for ex in exercises]
        self.done = sum(done)
        lines = [text(T("{chapter}: {done} of {n} done", "{chapter}：已完成 {done}/{n}").format(
            chapter=text(exercise_set.chapter), done=self.done, n=len(exercises)))]
        for ex, finished in zip(exercises, done):
            mark = "✓" if finished else ("…" if ex.attempts else "·")
            lines.append(f"  {mark} {ex.name}  {ex.title}")
        self.text = "\n".join(lines)
        self._widget = None

    def __repr__(self):
        return self.text

    def widget(self):
        if self._widget is None:
            from ..widgets import ExerciseProgress

            self._widget = ExerciseProgress(
                chapter=text(self.exercise_set.chapter),
                exercises=self.exercise_set.catalogue(), python_report=self.text)
        return self._widget

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = self.text
        return bundle
