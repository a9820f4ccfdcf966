"""mlpbook: a plain multilayer perceptron for handwritten digits, readable and fast.

    >>> from mlpbook import Network, train, load_mnist
    >>> data = load_mnist()
    >>> net = Network([784, 16, 16, 10], seed=0)
    >>> history = train(net, data.train_images, data.train_labels, epochs=30,
    ...                 batch_size=10, lr=3.0, test=(data.test_images, data.test_labels))
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
