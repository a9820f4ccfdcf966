"""The numbers of the prose in a live notebook: ``glue`` keeps them, ``glued`` hands them out.

On the website every number in the prose comes from a hidden cell, ``glue("key", value)``
(myst-nb), and a ``{glue:text}`key``` role in the text. JupyterLab's MyST renderer
(jupyterlab-myst) knows no glue roles, but it evaluates inline expressions,
``{eval}`expression```, in the kernel when a markdown cell is run. So the live edition of a
chapter (:mod:`mlpbook.book.live`) imports this ``glue`` instead of myst-nb's and writes each
number as ``{eval}`glued["key"]```: running the chapter (Run All) fills the text in.

A key the text asks for before the cell that computes it has run gives a short note to run
the cells once more instead of an error (a few chapters state a number before computing it).
"""

from __future__ import annotations

from ..i18n import T

__all__ = ["glue", "glued"]


class _Glued(dict):
    """The glued values by key; a key not computed yet reads as a note, not a KeyError."""

    def __missing__(self, key):
        return str(T("(computed further down: run all cells once more)",
                     "（在后面才算出：请再运行一次全部单元格）"))


#: Every value glued in this kernel, by key (read by the live edition's ``{eval}`` roles).
glued = _Glued()


def glue(name, variable, display=True):
    """Keep ``variable`` as ``glued[name]`` (and show it when ``display``), like myst-nb's glue."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"glue needs a key (a non-empty string), got {name!r}")
    glued[name] = variable
    if display:
        from IPython.display import display as show

        show(variable)
