"""What a figure shows, in words: the alt text of its picture on the website.

A screen reader cannot see a figure, and the file name myst-nb puts in an image's ``alt``
says nothing. So every figure function says what its picture shows, with the picture's key
numbers, in the reader's language: ``describe(fig, T("Weights of ... largest |w| {w:.2f}",
"...").format(w=...))``. The words travel with the picture: when a notebook displays the
figure, its PNG output carries them as metadata (``{"image/png": {"alt": ...}}``), and the
book build (:mod:`mlpbook.book.sphinx_ext`) writes them into the page's ``<img alt>``.

A description is one or two sentences (under about 300 characters) computed from the data
the function draws, never from the words it drew: those are English when matplotlib has no
Chinese font, while the description follows the reader's language regardless. So texts a
chapter hands in are turned into both languages with :func:`both`, lists are joined with
:func:`listing` and numbers written with :func:`number` (a true minus sign, which a screen
reader reads as "minus"). A figure made outside mlpbook gets :func:`_summarise`, a safety
net read from its titles, axes and ranges.
"""

from __future__ import annotations

import re

ATTRIBUTE = "_mlpbook_alt"


def describe(fig, text):
    """Give ``fig`` its description (a str or a :class:`~mlpbook.i18n.T`, read now, in the
    reader's language); returns ``fig``. A leading lower-case letter is capitalised and a
    hyphen that is a minus sign (``-0.81``, not ``784-16``) becomes one."""
    text = _plain(" ".join(str(text).split()))
    text = re.sub(r"(?<![\w.])-(?=\.?\d)", "−", text)
    if text[:1].isascii() and text[:1].islower():
        text = text[0].upper() + text[1:]
    setattr(fig, ATTRIBUTE, text)
    return fig


_SUPERSCRIPT = str.maketrans("0123456789()-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁻")
_TEX = {r"\Delta": "Δ", r"\delta": "δ", r"\sigma": "σ", r"\cdot": "·", r"\odot": "⊙",
        r"\partial": "∂", r"\ln": "ln", r"\,": " ", r"\ ": " "}


def _plain(text):
    """Text without TeX: "$a^{(1)}$" → "a⁽¹⁾", "$\\Delta z$" → "Δz" (a screen reader reads the
    dollar signs and backslashes otherwise)."""
    if "$" not in text and "\\" not in text:
        return text
    for tex, plain in _TEX.items():
        text = text.replace(tex, plain)
    text = re.sub(r"\^\{([0-9()\-]+)\}", lambda m: m.group(1).translate(_SUPERSCRIPT), text)
    text = re.sub(r"_\{(\w+)\}", r"_\1", text)
    return text.replace("$", "").replace("\\", "")


def description(fig) -> str:
    """The description given to ``fig`` ("" when none was)."""
    return getattr(fig, ATTRIBUTE, "")


def both(text):
    """``text`` in both languages: a :class:`~mlpbook.i18n.T` as it is, anything else (a
    name a chapter passed in, a number) the same in English and Chinese."""
    from ..i18n import T

    if isinstance(text, T):
        return text if text.zh else T(text.en, text.en)
    text = str(text)
    return T(text, text)


def listing(items, limit=12, en_sep=", ", zh_sep="、"):
    """Several texts as one: "a, b, c" in English, "a、b、c" in Chinese (or with the separators
    given); more than ``limit`` end in "…"."""
    from ..i18n import T

    items = [both(item) for item in items]
    en = en_sep.join(item.en for item in items[:limit])
    zh = zh_sep.join(item.zh for item in items[:limit])
    if len(items) > limit:
        en, zh = en + ", …", zh + "……"
    return T(en, zh)


def number(x, fmt=".3g") -> str:
    """A number for a description: ``fmt`` (3 significant digits by default), a true minus
    sign, no "e-05" (written ×10⁻⁵ instead)."""
    x = float(x)
    if x != x:
        return "?"
    text = format(x, fmt)
    if "e" in text:
        mantissa, exponent = text.split("e")
        sup = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
        text = f"{mantissa}×10{str(int(exponent)).translate(sup)}"
    return text.replace("-", "−")


def _number(x) -> str:
    x = float(x)
    if x != x:
        return "?"
    return number(x) if abs(x) < 1e4 else number(x, ".0f")


def _axes_words(ax) -> str:
    """One panel in words: its title, its axes with their ranges, and what it draws."""
    from ..i18n import T

    parts = []
    title = " ".join(t.get_text() for t in (ax._left_title, ax.title, ax._right_title)
                     if t.get_text().strip())
    if title:
        parts.append(f"“{title}”")
    images = ax.get_images()
    for image in images[:1]:
        array = image.get_array()
        if array is not None and getattr(array, "ndim", 0) >= 2:
            lo, hi = float(array.min()), float(array.max())
            parts.append(str(T("an image of {r}×{c} values from {lo} to {hi}",
                               "一张 {r}×{c} 的数值图，取值从 {lo} 到 {hi}").format(
                r=array.shape[0], c=array.shape[1], lo=_number(lo), hi=_number(hi))))
    lines = [line for line in ax.get_lines() if len(line.get_xdata()) > 1]
    if lines:
        parts.append(str(T("one line", "1 条曲线") if len(lines) == 1
                         else T("{n} lines", "{n} 条曲线").format(n=len(lines))))
    bars = [p for p in ax.patches if type(p).__name__ == "Rectangle"]
    if len(bars) > 1:
        heights = [b.get_height() for b in bars]
        parts.append(str(T("{n} bars from {lo} to {hi}", "{n} 根柱，高度从 {lo} 到 {hi}").format(
            n=len(bars), lo=_number(min(heights)), hi=_number(max(heights)))))
    if not images:
        for axis, label, limits in (("x", ax.get_xlabel(), ax.get_xlim()),
                                    ("y", ax.get_ylabel(), ax.get_ylim())):
            if label.strip() and ax.axison:
                parts.append(str(T("{axis}: {label} ({lo} to {hi})",
                                   "{axis} 轴：{label}（{lo} 到 {hi}）").format(
                    axis=axis, label=label, lo=_number(min(limits)), hi=_number(max(limits)))))
    texts = [t.get_text().strip() for t in ax.texts if t.get_text().strip()]
    if texts and len(" ".join(texts)) < 120:
        parts.append(str(T("labelled {t}", "标注 {t}").format(t=", ".join(texts[:8]))))
    return str(T("; ", "；")).join(parts).replace("$", "").replace("\\", "")


def _summarise(fig) -> str:
    """What a figure that was given no description shows, read from its own words and numbers:
    its title, each panel's title, axes and ranges, images and bars. A safety net for figures
    made outside mlpbook (a reader's own plot), so that no picture's alt is a file name; every
    figure of the book says more with :func:`describe` (tests/test_website.py fails on a page
    whose figure was left to this, recognised by its opening words)."""
    from ..i18n import T

    axes = [ax for ax in fig.get_axes() if ax.get_label() != "<colorbar>"]
    panels = [w for w in (_axes_words(ax) for ax in axes) if w]
    title = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""
    head = str(T("A figure with one panel", "一张图，含 1 个子图") if len(axes) == 1 else
               T("A figure with {n} panels", "一张图，含 {n} 个子图").format(n=len(axes)))
    if title:
        head += f" “{title}”"
    body = " | ".join(dict.fromkeys(panels[:12]))
    if len(panels) > 12:
        body += " | …"
    return " ".join(f"{head}{T(': ', '：')}{body}".split()) if body else head


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
        text = description(fig) or _summarise(fig)
        return (data, {"alt": text}) if text and data is not None else data

    with_description._mlpbook_alt = True
    png.for_type(Figure, with_description)
