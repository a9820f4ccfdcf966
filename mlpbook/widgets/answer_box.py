"""The answer box of a value exercise: type an answer, press Enter, read the diagnosis.

An exercise whose answer is a value (:mod:`mlpbook.exercises.answers`) shows this box where
its check cell's output would be: on the website, where no Python runs, the page reads and
judges what the reader types with ``answer_box.js``, from the answer's ``spec`` (the rules
and messages Python itself uses, in the page's language), and remembers a right answer in
the browser. In a live notebook it works the same, under Python's own message.
"""

from __future__ import annotations

import traitlets

from ._base import BookWidget, check_language

__all__ = ["AnswerBox", "LiveCheck", "ExerciseProgress"]

_KINDS = ("number", "vector", "letters", "digit_pair", "xor221")


class _ExerciseWidget(BookWidget):
    _parts = ("_exercise",)
    _style = "exercises"
    language = traitlets.Unicode("en").tag(sync=True)

    @traitlets.validate("language")
    def _valid_language(self, proposal):
        return check_language(proposal["value"])


class AnswerBox(_ExerciseWidget):
    """``AnswerBox(spec=answer.spec(), key="Chapter 4/q1", exercise="Chapter 4 q1")``.

    ``spec``: what :meth:`ValueAnswer.spec` returns. ``last_check``: the page's last verdict
    ({"text", "right", "message"}), readable from Python in a live notebook.
    """

    _module = "answer_box"
    spec = traitlets.Dict().tag(sync=True)
    key = traitlets.Unicode().tag(sync=True)
    exercise = traitlets.Unicode().tag(sync=True)
    python_message = traitlets.Unicode("").tag(sync=True)
    last_check = traitlets.Dict().tag(sync=True)

    @traitlets.validate("spec")
    def _valid_spec(self, proposal):
        spec = proposal["value"]
        if spec.get("kind") not in _KINDS or "reading" not in spec or "marks" not in spec:
            raise traitlets.TraitError(
                "spec must come from an exercise answer's spec() (mlpbook.exercises.answers), "
                f"with a kind among {_KINDS}")
        return spec


class LiveCheck(_ExerciseWidget):
    """A function exercise's check: on the website, how to check it live; in a notebook,
    what Python said about the function so far. ``asks``: what the reader builds,
    "function" or "array"."""

    _module = "live_check"
    key = traitlets.Unicode().tag(sync=True)
    exercise = traitlets.Unicode().tag(sync=True)
    python_message = traitlets.Unicode("").tag(sync=True)
    asks = traitlets.Unicode("function").tag(sync=True)

    @traitlets.validate("asks")
    def _valid_asks(self, proposal):
        if proposal["value"] not in ("function", "array"):
            raise traitlets.TraitError(f"asks must be 'function' or 'array', got "
                                       f"{proposal['value']!r}")
        return proposal["value"]


class ExerciseProgress(_ExerciseWidget):
    """A chapter's progress: solved in this browser on the website, Python's record live.

    ``exercises``: ``ExerciseSet.catalogue()`` (key, name, title, in_page for each).
    """

    _module = "exercise_progress"
    chapter = traitlets.Unicode().tag(sync=True)
    exercises = traitlets.List().tag(sync=True)
    python_report = traitlets.Unicode("").tag(sync=True)
