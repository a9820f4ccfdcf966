"""Building the book: the website's own scripts (:mod:`.assets`), the Sphinx extension that
makes a build complete or fail loudly (:mod:`.sphinx_ext`), the two editions (:mod:`.editions`),
the live edition and its glue (:mod:`.live`, :mod:`.glue`), and the ``book`` and ``test``
commands (:mod:`.commands`). It sits on top of the package: it may use every wing, and no
wing uses it."""

import pathlib

#: The project's folder (holds _config.yml, the chapters, references.bib): where the book is.
PROJECT = pathlib.Path(__file__).resolve().parents[2]
