"""How an exercise's texts look: plain paragraphs for a terminal, HTML for a notebook or a page.

Exercise texts are written like a small Markdown: hard-wrapped lines join into paragraphs, a
blank line starts a new one, a block indented by four spaces is Python code, `backticks` mark
inline code, ``*stars*`` emphasis and ``$...$`` a formula. In HTML the formulas become the spans that
MathJax typesets on the website (the same markup Sphinx writes for ``$...$`` in the prose,
and JupyterLab typesets them too) and code blocks are highlighted by Pygments with the
classes the website's stylesheet colours.
"""

from __future__ import annotations

import html
import re
import textwrap

from ..i18n import T


def both(function, value):
    """``function`` applied to a text, or to both languages of a :class:`T`."""
    return value.map(function) if isinstance(value, T) else function(value)


def paragraphs(text):
    """Join hard-wrapped lines; a blank line starts a new paragraph (as in Markdown).

    A paragraph indented by four spaces is code and keeps its lines.
    """
    blocks = text.strip("\n").split("\n\n")
    blocks = textwrap.dedent("\n\n".join(blocks)).split("\n\n")
    out = [block if block.startswith("    ") else _join_lines(block.splitlines())
           for block in blocks]
    return "\n\n".join(b for b in out if b.strip())


def _is_cjk(char):
    return "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def _join_lines(lines):
    """Join wrapped lines with a space, except between two Chinese characters (or full-width
    punctuation), where Chinese puts none."""
    joined = ""
    for line in (line.strip() for line in lines):
        if joined and line and not (_is_cjk(joined[-1]) and _is_cjk(line[0])):
            joined += " "
        joined += line
    return joined


# `code`, $math$ and *emphasis* in running text (a $ or * inside code stays code).
_INLINE = re.compile(r"`([^`]+)`|\$([^$\n]+)\$|(?<!\*)\*(?!\s)([^*\n]+?)(?<!\s)\*(?!\*)")


def _inline(block):
    out, last = [], 0
    for match in _INLINE.finditer(block):
        out.append(html.escape(block[last:match.start()]))
        code, formula, emphasis = match.groups()
        if code is not None:
            out.append(f"<code>{html.escape(code)}</code>")
        elif emphasis is not None:
            out.append(f"<em>{html.escape(emphasis)}</em>")
        else:
            out.append(f'<span class="math notranslate nohighlight">\\({html.escape(formula)}\\)'
                       "</span>")
        last = match.end()
    out.append(html.escape(block[last:]))
    return "".join(out)


def highlight(code):
    """Python code as highlighted HTML (Pygments' classes, as Sphinx writes them)."""
    try:
        from pygments import highlight as pygmentize
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer
    except ImportError:  # pragma: no cover - Pygments comes with IPython and Sphinx
        return f'<div class="highlight"><pre>{html.escape(code)}</pre></div>'
    body = pygmentize(code, PythonLexer(), HtmlFormatter(nowrap=True))
    return f'<div class="highlight-python notranslate"><div class="highlight"><pre>{body}</pre></div></div>'


def to_html(text):
    """A text in the exercise markup as HTML: paragraphs, highlighted code, typeset math."""
    parts = []
    for block in paragraphs(text).split("\n\n"):
        if block.startswith("    "):
            parts.append(highlight(textwrap.dedent(block).rstrip("\n")))
        else:
            parts.append(f"<p>{_inline(block)}</p>")
    return "".join(parts)


def to_plain(text):
    """A text in the exercise markup for a terminal: paragraphs, formulas without their $."""
    return re.sub(r"\$([^$\n]+)\$", r"\1", paragraphs(text))
