"""The engine: the network and how it learns. No figures, no widgets, no chapters.

Data flows one way through it: files (:mod:`.data`, :mod:`.imageio`, :mod:`.preprocess`)
-> arrays -> parameters (:mod:`.network`) -> kernels (:mod:`.reference`, the readable numpy
the book teaches from, and :mod:`.kernels`, the same maths compiled with Numba) -> the
training loop (:mod:`.train`, :mod:`.recipes`) -> results (:mod:`.metrics`,
:mod:`.gradcheck`). :mod:`.validation` checks what crosses the public edge once.

The engine imports nothing from the rest of mlpbook except :mod:`mlpbook.i18n` (the
reader's language); ``tests/test_layout.py`` holds it to that.
"""
