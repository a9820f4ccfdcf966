"""What a figure shows, in words: the alt text of its picture on the website.

A screen reader cannot see a figure, and the file name myst-nb puts in an image's ``alt``
says nothing. So every figure function says what its picture shows, with the picture's key
numbers, in the reader's language: ``describe(fig, T("Weights of ... largest |w| {w:.2f}",
"...").format(w=...))``. The words travel with the picture: when a notebook displays the
figure, its PNG output carries them as metadata (``{"image/png": {"alt": ...}}``), and the
book build (:mod:`mlpbook.book.sphinx_ext`) writes them into the page's ``<img alt>``.
"""

from __future__ import annotations

ATTRIBUTE = "_mlpbook_alt"


def describe(fig, text):
    """Give ``fig`` its description (a str or a :class:`~mlpbook.i18n.T`, read now, in the
    reader's language); returns ``fig``."""
    setattr(fig, ATTRIBUTE, " ".join(str(text).split()))
    return fig


def description(fig) -> str:
    """The description given to ``fig`` ("" when none was)."""
    return getattr(fig, ATTRIBUTE, "")


def install():
    """Make a notebook's PNG of a described figure carry its description as metadata.

    Wraps the PNG formatter IPython uses for matplotlib figures (set by the inline backend);
    does nothing outside IPython. Safe to call more than once.
    """
    try:
        from IPython import get_ipython
        from matplotlib.figure import Figure
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    png = shell.display_formatter.formatters.get("image/png")
    if png is None:
        return
    try:
        original = png.lookup_by_type(Figure)
    except KeyError:
        # The inline backend registers its figure formatter when it is first loaded, by the
        # first figure; none was drawn yet, so loading it now closes nothing.
        import matplotlib
        import matplotlib.pyplot as plt

        plt.switch_backend(matplotlib.get_backend())
        try:
            original = png.lookup_by_type(Figure)
        except KeyError:
            return
    if getattr(original, "_mlpbook_alt", False):
        return

    def with_description(fig, *args, **kwargs):
        data = original(fig, *args, **kwargs)
        text = description(fig)
        return (data, {"alt": text}) if text and data is not None else data

    with_description._mlpbook_alt = True
    png.for_type(Figure, with_description)
