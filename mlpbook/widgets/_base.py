"""What every widget of the book shares: its ES module assembled from ``_shared.js`` and its
own ``.js`` file, and the shared stylesheet.

A static page cannot resolve a relative ``import`` in a widget's module (and must load
nothing from a CDN), so each widget's ``_esm`` is one self-contained module: the shared
helpers followed by the widget's own code.
"""

from __future__ import annotations

import math
import pathlib

import anywidget
import numpy as np

from ..i18n import get_language

_HERE = pathlib.Path(__file__).resolve().parent

#: Languages the widgets' text exists in.
LANGUAGES = ("en", "zh")


# ---------------------------------------------------------------- checks at the public edge
# Small checks several widgets make of what they are handed; each raises a ValueError that
# names the problem.

def check_finite(name, value):
    """``value`` as a finite float, or a ValueError naming ``name``."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number}")
    return number


def check_number(name, value, lo, hi, hint=""):
    """``value`` as a finite float inside its slider's range [lo, hi]; ``hint`` ends the
    error message."""
    number = check_finite(name, value)
    if not lo <= number <= hi:
        raise ValueError(f"{name} = {number:g} is outside its slider's range {lo:g}..{hi:g}"
                         + hint)
    return number


def check_choice(name, value, allowed):
    """``value`` if it is one of ``allowed``, or a ValueError listing them."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, "
                         f"got {value!r}")
    return value


def check_language(value):
    """``value`` if the widgets' text exists in that language (:data:`LANGUAGES`)."""
    return check_choice("language", value, LANGUAGES)


# ---------------------------------------------------------------- arrays as bytes traits
def float32_bytes(array):
    """``array`` as little-endian float32 bytes (what ``floats()`` reads in the page)."""
    return np.ascontiguousarray(array, dtype="<f4").tobytes()


def float64_bytes(array):
    """``array`` as little-endian float64 bytes (``floats(value, Float64Array)`` in the page)."""
    return np.ascontiguousarray(array, dtype="<f8").tobytes()


def from_page(value):
    """State sent by the page, as the traits keep it: binary buffers as ``bytes``.

    The widget comm delivers a binary buffer (an ArrayBuffer or DataView the page set) as a
    ``memoryview`` (sometimes ``bytearray``), placed wherever it sat in the state, also
    inside a dict or list. ``traitlets.Bytes`` refuses both, and the refusal is only visible
    in JupyterLab's log console, so every buffer becomes ``bytes`` before any trait sees it.
    """
    if isinstance(value, (memoryview, bytearray)):
        return bytes(value)
    if isinstance(value, dict):
        return {key: from_page(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(from_page(item) for item in value)
    return value


def read_esm(name: str, parts: tuple[str, ...] = ()) -> str:
    """The ES module of widget ``name``: ``_shared.js``, then each of ``parts`` (helpers a
    family of widgets shares, such as ``_exercise``), then ``name.js``.

    They are joined as text, so the widget's code uses the helpers directly (``h``,
    ``slider``, ``fmt``...) and the file ``name.js`` must not import them.
    """
    texts = [(_HERE / "_shared.js").read_text(encoding="utf-8")]
    for part in (*parts, name):
        texts.append(f"// ---- {part}.js ----\n" + (_HERE / f"{part}.js").read_text(encoding="utf-8"))
    return "\n".join(texts)


def read_css(name: str | None = None) -> str:
    """The shared stylesheet, followed by ``name.css`` when that file exists."""
    css = (_HERE / "_shared.css").read_text(encoding="utf-8")
    own = _HERE / f"{name}.css" if name else None
    if own is not None and own.is_file():
        css += "\n" + own.read_text(encoding="utf-8")
    return css


class BookWidget(anywidget.AnyWidget):
    """Base class: a subclass names its module with ``_module = "name"`` (for ``name.js``).

    A widget with a ``language`` trait speaks :func:`mlpbook.get_language` unless told
    otherwise, so the Chinese edition's figures label themselves in Chinese. What the page
    sends back reaches the traits through :func:`from_page` (a trait tagged with its own
    ``from_json`` must call it too).
    """

    _module: str = ""
    _parts: tuple[str, ...] = ()  # shared helper files joined before the module
    _style: str = ""  # the stylesheet's name, when not the module's own

    def __init__(self, *args, **kwargs):
        if kwargs.get("language") is None and "language" in self.class_trait_names():
            kwargs["language"] = get_language()
        super().__init__(*args, **kwargs)

    @staticmethod
    def _trait_from_json(value, widget):
        """Every trait the page sets goes through :func:`from_page` (binary buffers as bytes)."""
        return from_page(value)

    def __init_subclass__(cls, **kwargs):
        # Only where _module is set: traitlets' add_traits makes hidden subclasses of each
        # widget class, whose _esm/_css are traits that must not be overwritten.
        if cls.__dict__.get("_module"):
            cls._esm = read_esm(cls._module, cls._parts)
            cls._css = read_css(cls._style or cls._module)
        super().__init_subclass__(**kwargs)
