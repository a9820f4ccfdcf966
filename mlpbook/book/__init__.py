"""Building the book: the website's own scripts (:mod:`.assets`), the Sphinx extension that
makes a build complete or fail loudly (:mod:`.sphinx_ext`), and the ``book`` and ``test``
commands (:mod:`.commands`)."""
