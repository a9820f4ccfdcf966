"""What every widget of the book shares: its ES module assembled from ``_shared.js`` and its
own ``.js`` file, and the shared stylesheet.

A static page cannot resolve a relative ``import`` in a widget's module (and must load
nothing from a CDN), so each widget's ``_esm`` is one self-contained module: the shared
helpers followed by the widget's own code.
"""

from __future__ import annotations

import pathlib

import anywidget

from ..i18n import get_language

_HERE = pathlib.Path(__file__).resolve().parent


def read_esm(name: str) -> str:
    """The ES module of widget ``name``: ``_shared.js`` followed by ``name.js``.

    The two are joined as text, so the widget's code uses the helpers directly (``h``,
    ``slider``, ``fmt``...) and the file ``name.js`` must not import them.
    """
    shared = (_HERE / "_shared.js").read_text(encoding="utf-8")
    own = (_HERE / f"{name}.js").read_text(encoding="utf-8")
    return f"{shared}\n// ---- {name}.js ----\n{own}"


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
    otherwise, so the Chinese edition's figures label themselves in Chinese.
    """

    _module: str = ""

    def __init__(self, *args, **kwargs):
        if kwargs.get("language") is None and "language" in self.class_trait_names():
            kwargs["language"] = get_language()
        super().__init__(*args, **kwargs)

    def __init_subclass__(cls, **kwargs):
        # Only where _module is set: traitlets' add_traits makes hidden subclasses of each
        # widget class, whose _esm/_css are traits that must not be overwritten.
        if cls.__dict__.get("_module"):
            cls._esm = read_esm(cls._module)
            cls._css = read_css(cls._module)
        super().__init_subclass__(**kwargs)
