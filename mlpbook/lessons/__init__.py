"""The lessons: the pure computations behind the chapters' experiments.

One module per topic, each a set of small functions a chapter (and its figures, widgets and
exercises) calls: :mod:`.neuron` (chapter 2), :mod:`.pieces` (chapter 1), :mod:`.activations`
(chapter 3), :mod:`.cost` (chapter 4), :mod:`.descent` (chapter 5), :mod:`.backprop_levers`
(chapter 6), :mod:`.ablation` (chapter 7 and its appendix), :mod:`.inspect` (chapter 8),
:mod:`.memorise` (chapter 9), :mod:`.toy2d` (chapter 10). They compute and report in the
reader's language; they draw nothing (:mod:`mlpbook.viz` does) and import only the engine
(``tests/test_layout.py`` holds them to that).
"""
