"""Reading an answer the reader *typed*: ``"0.2958"``, ``".3"``, ``"1/3"``, ``"[0.1, 0.2]"``,
``"np.array([...])"``, ``"C, D, E"``.

On the website an exercise's answer arrives as text from an answer box, and the page reads it
with the JavaScript twin of this module (``mlpbook/widgets/_exercise.js``); in Python a string
given to ``check`` is read here, the same way, so both give the same verdict and the same
message for the same keystrokes (a test feeds both the same inputs). Everything that cannot
be read gets a message that says what was read and what is needed ("I read 3 numbers; this
needs 2"), never a generic error.

The rules, kept small on purpose so that both twins stay easy to compare:

* Text is normalised first (Unicode NFKC, so full-width digits and commas from a Chinese
  keyboard read as ASCII; the minus sign − and the dash – read as ``-``), and a leading
  assignment ``answer =`` is ignored.
* A number is ``[+-]digits[.digits][e[+-]digits]`` (``.3`` and ``3.`` too), optionally
  ``N%`` (read as N/100) and, where the exercise allows it, a fraction ``a/b``. Thousands
  separators (``13,002``, ``13 002``, ``13_002``) are read in whole-number answers only,
  where they cannot be a decimal comma.
* A list of numbers may be wrapped in ``np.array(...)``, brackets or parentheses, and is
  separated by commas, semicolons or spaces.
* Letters are read as single letters (``cde``, ``C, D, E``, ``(c) and (e)``); words such as
  "and" between them are skipped.
"""

from __future__ import annotations

import math
import re
import unicodedata

from ..i18n import T

# ------------------------------------------------------------------------- the messages
# Each is exported into the page (in the page's language) by the answer's spec(), so the
# page shows exactly these words.
MESSAGES = {
    "empty": T("Type your answer in the box first.", "请先在框里输入你的答案。"),
    "not_a_number": T(
        "I could not read “{text}” as a number: type it with digits, like 0.25, .3 or 3e-4.",
        "我没法把“{text}”读成一个数：请用数字输入，例如 0.25、.3 或 3e-4。"),
    "many_numbers": T("I read {n} numbers in “{text}”; this needs one number.",
                      "我在“{text}”里读到了 {n} 个数；这里只需要一个数。"),
    "decimal_comma": T("Use a point for the decimals: {fixed} rather than {text}.",
                       "小数请用小数点：写 {fixed}，而不是 {text}。"),
    "no_fractions": T("Type the value as a decimal number (such as 0.333), not as a fraction.",
                      "请把这个值写成小数（例如 0.333），不要写成分数。"),
    "divide_by_zero": T("“{text}” divides by zero.", "“{text}”除以了零。"),
    "too_large": T("“{text}” is too large a number to work with.",
                   "“{text}”这个数太大了，没法计算。"),
    "not_a_list_item": T(
        "I could not read “{token}” as a number. Type the numbers separated by commas, "
        "like [0.1, 0.2].",
        "我没法把“{token}”读成一个数。请输入用逗号隔开的数，例如 [0.1, 0.2]。"),
    "count_one": T("I read 1 number; this needs {m} ({what}).",
                   "我读到了 1 个数；这里需要 {m} 个（{what}）。"),
    "count": T("I read {n} numbers; this needs {m} ({what}).",
               "我读到了 {n} 个数；这里需要 {m} 个（{what}）。"),
    "unknown_letter": T("Only the letters {first} to {last} name a choice; “{token}” is not one "
                        "of them.",
                        "只有字母 {first} 到 {last} 代表选项；“{token}”不是其中之一。"),
    "no_letter": T("Give at least one letter, {first} to {last}.",
                   "至少给出一个字母（{first} 到 {last}）。"),
}

#: Words a reader may put between letters ("c and e", "c 和 e"): skipped, not read as letters.
JOINING_WORDS = ("and", "or", "und", "et", "和", "与", "及", "以及", "或", "或者")

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:[,_ ]\d{3})+(?:\.\d+)?")
_UNDERSCORES = re.compile(r"[+-]?\d+(?:_\d+)+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z_0-9]*\s*=(?!=)\s*")
_ARRAY_CALL = re.compile(r"^(?:(?:np|numpy)\s*\.\s*)?array\s*\((.*)\)$", re.S)
_SEPARATORS = re.compile(r"[\s,;]+")
# Runs of ASCII letters, and runs of other letters ("c和e" is c, 和, e).
_LETTER_RUNS = re.compile(r"[a-z]+|(?:(?![a-z])[^\W\d_])+")
SHOWN = 40  # characters of the reader's text quoted back in a message


class Unreadable(ValueError):
    """The text could not be read; ``key`` names the message, ``fields`` fill it in."""

    def __init__(self, key, **fields):
        super().__init__(key)
        self.key, self.fields = key, fields

    def message(self):
        return MESSAGES[self.key].format(**self.fields)


def normalise(text):
    """The reader's text as the readers below see it (NFKC, ASCII minus, no ``name =``)."""
    text = unicodedata.normalize("NFKC", str(text))
    text = text.replace("\u2212", "-").replace("\u2013", "-").replace("\u2014", "-")
    text = text.strip()
    return _ASSIGNMENT.sub("", text).strip()


def shown(text):
    """The reader's text as quoted back: at most :data:`SHOWN` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= SHOWN else text[:SHOWN - 1] + "…"


def _plain_number(token):
    return float(token) if _NUMBER.fullmatch(token) else None


def read_number(text, *, fractions=False, whole=False):
    """The number typed in ``text``, or :class:`Unreadable`.

    ``fractions``: ``a/b`` is read. ``whole``: thousands separators are read (the answer is a
    count, so ``13,002`` cannot mean 13.002).
    """
    raw = normalise(text)
    if not raw:
        raise Unreadable("empty")
    quoted = shown(raw)
    token = raw
    if whole and (_THOUSANDS.fullmatch(token) or _UNDERSCORES.fullmatch(token)):
        token = re.sub(r"[,_ ]", "", token)
    elif _UNDERSCORES.fullmatch(token):
        token = token.replace("_", "")
    percent = token.endswith("%")
    if percent:
        token = token[:-1].strip()
    if "/" in token:
        parts = [part.strip() for part in token.split("/")]
        numbers = [_plain_number(part) for part in parts]
        if len(parts) != 2 or None in numbers:
            raise Unreadable("not_a_number", text=quoted)
        if not fractions:
            raise Unreadable("no_fractions")
        if numbers[1] == 0:
            raise Unreadable("divide_by_zero", text=quoted)
        value = numbers[0] / numbers[1]
    else:
        value = _plain_number(token)
        if value is None:
            if _DECIMAL_COMMA.fullmatch(token):
                raise Unreadable("decimal_comma", fixed=token.replace(",", "."), text=quoted)
            many = [t for t in re.split(r"[^0-9.eE+-]+", token) if _plain_number(t) is not None]
            if len(many) > 1:
                raise Unreadable("many_numbers", n=len(many), text=quoted)
            raise Unreadable("not_a_number", text=quoted)
    if percent:
        value = value / 100
    if not math.isfinite(value):
        raise Unreadable("too_large", text=quoted)
    return value


def read_numbers(text, count, what):
    """The ``count`` numbers typed in ``text`` (a list, an ``np.array([...])``...), or
    :class:`Unreadable`. ``what`` (a text) says what the numbers are, for the message."""
    raw = normalise(text)
    if not raw:
        raise Unreadable("empty")
    inner = raw
    call = _ARRAY_CALL.fullmatch(inner)
    if call:
        inner = call.group(1)
    inner = re.sub(r"[\[\]()]", " ", inner)
    tokens = [t for t in _SEPARATORS.split(inner) if t]
    values = []
    for token in tokens:
        value = _plain_number(token)
        if value is None:
            raise Unreadable("not_a_list_item", token=shown(token))
        if not math.isfinite(value):
            raise Unreadable("too_large", text=shown(token))
        values.append(value)
    if len(values) != count:
        raise Unreadable("count_one" if len(values) == 1 else "count", n=len(values), m=count,
                         what=what)
    return values


def read_letters(text, choices):
    """The set of choice letters typed in ``text`` (``choices``: the letters, in order), or
    :class:`Unreadable`."""
    raw = normalise(text).lower()
    if not raw:
        raise Unreadable("empty")
    first, last = choices[0], choices[-1]
    letters = set()
    for token in _LETTER_RUNS.findall(raw):
        if token in JOINING_WORDS:
            continue
        if all(ch in choices for ch in token):
            letters.update(token)
        else:
            raise Unreadable("unknown_letter", first=first, last=last, token=shown(token))
    if not letters:
        raise Unreadable("no_letter", first=first, last=last)
    return letters


def messages_for_page(language):
    """Every message above in ``language``, for the page's reader (placeholders kept)."""
    return {key: getattr(message, language) or message.en for key, message in MESSAGES.items()}
