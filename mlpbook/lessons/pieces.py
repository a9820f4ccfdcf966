"""Digits cut into pieces: the picture behind chapter 1's hope for the hidden layers.

When you read a digit you combine pieces: a 9 is a loop on top and a line on the right, an
8 two loops, a 4 three strokes. The hope behind the layers of a network is that one layer
could find such pieces and the next combine them. To show the idea on real digits,
:func:`cut` splits an image into pieces that do not overlap: every pixel goes to the first
of the rectangles that holds it, so the pieces add up to the digit exactly and no ink is
counted twice. :data:`EXAMPLES` names three MNIST training images and the rectangles that
cut them; :func:`examples` returns them ready for :func:`mlpbook.viz.show_decomposition`,
named in the reader's language.
"""

from __future__ import annotations

import numpy as np

from ..i18n import T

__all__ = ["EXAMPLES", "cut", "examples"]

#: Three training images of MNIST and how to cut them: (index, the digit's name, pieces),
#: each piece (its name, (first row, row after the last), (first column, column after the
#: last)). A pixel belongs to the first piece whose rectangle holds it.
EXAMPLES = (
    (170, T("a 9", "数字 9"), (
        (T("loop on top", "上面的圈"), (0, 17), (0, 28)),
        (T("line on the right", "右边的竖线"), (17, 28), (0, 28)),
    )),
    (188, T("an 8", "数字 8"), (
        (T("upper loop", "上面的圈"), (0, 16), (0, 28)),
        (T("lower loop", "下面的圈"), (16, 28), (0, 28)),
    )),
    (92, T("a 4", "数字 4"), (
        (T("left stroke", "左边的一笔"), (0, 14), (0, 16)),
        (T("bar", "横杠"), (14, 28), (0, 16)),
        (T("right stroke", "右边的一笔"), (0, 28), (16, 28)),
    )),
)


def cut(image, rectangles, shape=(28, 28)):
    """The pieces of ``image``, one per rectangle ((r0, r1), (c0, c1)), as images of
    ``shape``: each keeps the pixels of its rectangle that no earlier rectangle took and is
    black elsewhere. The pieces never overlap; they add up to the image when the
    rectangles cover all of its ink."""
    img = np.asarray(image, dtype=float).reshape(shape)
    free = np.ones(shape, dtype=bool)
    pieces = []
    for (r0, r1), (c0, c1) in rectangles:
        mask = np.zeros(shape, dtype=bool)
        mask[r0:r1, c0:c1] = True
        mask &= free
        free &= ~mask
        pieces.append(np.where(mask, img, 0.0))
    return pieces


def examples(images, specs=EXAMPLES):
    """The rows of the decomposition figure for ``images`` (MNIST's training images):
    (whole digit, [pieces], its name, [the pieces' names]), names in the reader's language
    (:class:`mlpbook.i18n.T`)."""
    rows = []
    for index, name, parts in specs:
        whole = np.asarray(images[index], dtype=float).reshape(28, 28)
        pieces = cut(whole, [(rows_, cols) for _, rows_, cols in parts])
        rows.append((whole, pieces, name, [part[0] for part in parts]))
    return rows
