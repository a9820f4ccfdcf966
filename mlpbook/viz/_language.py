"""The language of the figures' words: English, or Chinese in the Chinese edition.

A figure's labels and titles are written ``tr("cost", "代价")``: the English, or the Chinese
when the reader's language is Chinese (:func:`mlpbook.get_language`) *and* matplotlib has a
font with Chinese characters. Without such a font the figure keeps its English words rather
than drawing empty boxes (and :func:`chinese_font` says which fonts would do). Numbers,
symbols and math stay as they are in both languages.
"""

from __future__ import annotations

import functools
import logging

import matplotlib
from matplotlib import font_manager

from ..i18n import T, get_language

__all__ = ["CJK_FONTS", "chinese_font", "tr", "T"]

#: Fonts with Chinese characters, in order of preference (Linux, macOS, Windows).
CJK_FONTS = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC",
             "Source Han Sans SC", "Source Han Sans CN", "PingFang SC", "Heiti SC",
             "Hiragino Sans GB", "Microsoft YaHei", "SimHei")


#: Where those fonts' files usually are; registered directly, since matplotlib's font cache
#: does not notice a font installed after it was built.
CJK_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)


@functools.lru_cache(maxsize=None)
def chinese_font() -> str | None:
    """The first of :data:`CJK_FONTS` matplotlib can use, made its fallback; None if none."""
    import os

    available = {font.name for font in font_manager.fontManager.ttflist}
    if not available.intersection(CJK_FONTS):
        for path in CJK_FONT_FILES:
            if os.path.isfile(path):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        available = {font.name for font in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in available:
            families = list(matplotlib.rcParams["font.sans-serif"])
            if name not in families:
                matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans", name, *families]
            # Glyph by glyph: Latin letters and digits from the usual font, Chinese characters
            # from this one. matplotlib (>= 3.6) falls back across the families *named* in
            # font.family, not along the generic sans-serif list.
            family = list(matplotlib.rcParams["font.family"])
            if name not in family:
                matplotlib.rcParams["font.family"] = [*family, name]
            # Most CJK fonts have no bold face; matplotlib then says it uses the regular one,
            # on stderr, where a notebook's output would turn it into a build warning.
            logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
            return name
    return None


def tr(en, zh: str | None = None) -> str:
    """The figure text in the reader's language (English if Chinese cannot be drawn).

    ``en`` may be a :class:`~mlpbook.i18n.T` (both texts at once); any other single value is
    drawn as it is, so a function can pass a title a chapter gave it, T or str, through here.
    """
    if isinstance(en, T):
        en, zh = en.en, en.zh
    elif zh is None:
        return en if isinstance(en, str) or en is None else str(en)
    if zh and get_language() == "zh" and chinese_font():
        return zh
    return en


# Set up the fallback font as soon as the figures are imported, whatever the language: the
# font of a title or label is fixed when its axes are made, before any text is translated.
chinese_font()
