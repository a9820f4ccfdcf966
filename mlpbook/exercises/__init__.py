"""Self-study exercises that check themselves, one module per chapter.

    from mlpbook.exercises import ch03 as ex
    ex.q1              # the statement (hints and solution folded away)
    ex.q1.check(13002) # specific feedback
    ex.q1.hint()       # the next hint
    ex.q1.solution()   # the worked solution
    ex.progress()      # which questions are done

Each chapter module defines ``EXERCISES`` (an :class:`ExerciseSet`) and exposes its
exercises as module attributes ``q1``, ``q2``, ...
"""

from .core import (Exercise, ExerciseSet, Feedback, Pending, Wrong, as_array, as_number,
                   call_readers_function, expect_array, expect_function, expect_number)

CHAPTERS = ("ch01", "ch02", "ch03", "ch04", "ch05", "ch06", "ch07", "ch08", "ch09", "ch10")

__all__ = ["Exercise", "ExerciseSet", "Feedback", "Pending", "Wrong", "as_array", "as_number",
           "call_readers_function", "expect_array", "expect_function", "expect_number",
           "CHAPTERS"]


def __getattr__(name):
    if name in CHAPTERS:
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
