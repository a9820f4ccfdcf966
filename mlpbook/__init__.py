"""mlpbook: a plain multilayer perceptron for handwritten digits, readable and fast.

    >>> from mlpbook import Network, train, load_mnist
    >>> data = load_mnist()
    >>> net = Network([784, 16, 16, 10], seed=0)
    >>> history = train(net, data.train_images, data.train_labels, epochs=30,
    ...                 batch_size=10, lr=3.0, test=(data.test_images, data.test_labels))

The package's folders are its architecture; imports flow one way, downwards
(``tests/test_layout.py`` checks every one):

    engine/     the network and how it learns: data, network, reference, kernels, train,
                recipes, validation, gradcheck, metrics, imageio, preprocess
    lessons/    the computations behind the chapters' experiments (imports only the engine)
    viz/        every matplotlib figure           | import the engine and the lessons;
    widgets/    every interactive figure          | each other only through the package
    exercises/  the exercises' checks and hints   | (mlpbook.widgets, not its modules)
    book/  cli/  bench.py   on top: building the book, the command line, the benchmark
    i18n.py     the reader's language, used by every wing

The names below (``Network``, ``train``, ``load_mnist``, ...) are the engine's, published here.
"""

from .i18n import get_language, set_language
from .engine.network import ModelFileError, Network
from .engine.train import History, TrainingDiverged, cosine, step_decay, train

__version__ = "0.1.0"


def __getattr__(name):
    # Data helpers are imported lazily so `import mlpbook` stays light.
    if name in ("load_mnist", "synthetic_digits", "DataError"):
        from .engine import data
        return getattr(data, name)
    raise AttributeError(f"module 'mlpbook' has no attribute {name!r}")


__all__ = ["get_language", "set_language", "Network", "ModelFileError", "train", "History", "TrainingDiverged", "step_decay",
           "cosine", "load_mnist", "synthetic_digits", "DataError"]
