"""``mlpbook train``: train a network with mini-batch SGD, print its epochs, save it."""

from __future__ import annotations

import errno
import os
import pathlib
import sys
import textwrap

import numpy as np

from .common import (EXIT_OK, PROG, CLIError, _check_layers_fit, _layers_text, _load_data,
                     _print_json)
from .options import (_Formatter, _data_options, _epilog, _layer_size, _momentum,
                      _non_negative_float, _non_negative_int, _positive_float, _positive_int,
                      _verify_option)


def add_parser(commands):
    """The ``train`` command's parser."""
    p = commands.add_parser(
        "train", formatter_class=_Formatter,
        help="train a network with mini-batch stochastic gradient descent",
        description=textwrap.dedent("""\
            Train a network on the training images with mini-batch stochastic gradient
            descent, print one line per epoch (cost on the training set, accuracy on the
            test set, seconds of descent) and, with --out, save the trained network.
            A progress bar goes to stderr. --json prints one JSON object as the last line
            instead of the per-epoch lines (accuracies as fractions 0..1)."""),
        epilog=_epilog(
            f"{PROG} train --layers 784 16 16 10 --epochs 30 --batch-size 10 --lr 3.0",
            f"{PROG} train --recipe best16 --out best16.npz   # about 96%; see mlpbook.engine.recipes",
            f"{PROG} train --layers 784 100 10 --activation relu --cost cross-entropy --lr 0.1 --out relu.npz",
            f"{PROG} train --validation 10000 --schedule cosine --momentum 0.9 --lr 0.5",
            f"{PROG} train --epochs 2 --limit 5000 --json          # a quick run for a script",
            f"{PROG} train --data-dir ~/fashion --no-verify --out fashion.npz"))
    _data_options(p)
    _verify_option(p)
    p.add_argument("--recipe", choices=("classic", "best16", "wide"), default=None,
                   help="start from a named recipe of mlpbook.engine.recipes (classic: the book's "
                        "784-16-16-10 setup; best16: the best 784-16-16-10 recipe; wide: a "
                        "wider MLP); flags given after it override its settings")
    p.add_argument("--layers", type=_layer_size, nargs="+", default=[784, 16, 16, 10],
                   metavar="N", help="neurons per layer, input first; the input layer must have "
                                     "one neuron per pixel (784 for 28x28); default: 784 16 16 10")
    p.add_argument("--epochs", type=_positive_int, default=30, metavar="N", help="passes over the training images (default: %(default)s)")
    p.add_argument("--batch-size", type=_positive_int, default=10, metavar="N", help="images per gradient step (default: %(default)s)")
    p.add_argument("--lr", type=_positive_float, default=3.0, metavar="RATE",
                   help="learning rate (default: %(default)s, which suits sigmoid + quadratic cost; try 0.1 for relu)")
    p.add_argument("--activation", choices=("sigmoid", "relu"), default="sigmoid",
                   help="activation of the hidden layers (default: %(default)s)")
    p.add_argument("--cost", choices=("quadratic", "cross-entropy"), default="quadratic",
                   help="quadratic (sigmoid outputs) or cross-entropy (softmax outputs) (default: %(default)s)")
    p.add_argument("--init", choices=("scaled", "normal"), default="scaled",
                   help="scaled: weights ~ N(0, 1/n_in) (2/n_in for relu), biases 0; "
                        "normal: everything ~ N(0, 1), the classic start (default: %(default)s)")
    p.add_argument("--l2", type=_non_negative_float, default=0.0, metavar="LAMBDA", help="weight decay (default: %(default)s)")
    p.add_argument("--momentum", type=_momentum, default=0.0, metavar="BETA", help="0 for plain descent; 0.9 is common (default: %(default)s)")
    p.add_argument("--schedule", choices=("constant", "step", "cosine"), default="constant",
                   help="learning rate over the epochs: constant; step (halved every 10 epochs); "
                        "cosine (glides towards 0) (default: %(default)s)")
    p.add_argument("--seed", type=_non_negative_int, default=0, metavar="N", help="seed of the initial weights and the shuffling (default: %(default)s)")
    p.add_argument("--dtype", choices=("float32", "float64"), default="float32",
                   help="float type of the weights (default: %(default)s)")
    p.add_argument("--validation", type=_non_negative_int, default=0, metavar="N",
                   help="hold out the last N training images and report accuracy on them each "
                        "epoch; the test set is then scored once, after training. 0: score the "
                        "test set each epoch, as the classic book does (default: %(default)s)")
    p.add_argument("--limit", type=_positive_int, default=None, metavar="N",
                   help="train on the first N training images only (after --validation), for quick runs")
    p.add_argument("--out", metavar="MODEL.npz", default=None,
                   help="save the trained network here (written whole, only if training succeeds)")
    p.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.set_defaults(func=cmd_train)


def _check_out_path(out, network):
    """Fail before training, not after it, when --out cannot be written: the temporary file
    the save will use is created (and removed) now, and the disk must have room for it."""
    from ..engine.network import save_path
    from ..engine.safewrite import NotWritable, check_writable

    def is_dir(path):  # a name too long for the file system is not a folder
        try:
            return path.is_dir()
        except OSError:
            return False

    given = pathlib.Path(out).expanduser()
    if is_dir(given) or str(out).endswith(("/", os.sep)):
        raise CLIError(f"--out {out} is a folder; give a file name such as {given / 'model.npz'}")
    path = save_path(out)  # what Network.save writes
    if is_dir(path):
        raise CLIError(f"--out {out}: {path} is a folder; give another file name")
    try:
        check_writable(path, nbytes=network.file_size())
    except NotWritable as exc:
        raise CLIError(f"cannot write --out {out}: {exc.strerror}") from None
    return path


def _save(network, out, test_accuracy):
    """Save after training; a failure (a full disk) says plainly that nothing was saved."""
    try:
        return network.save(out)
    except OSError as exc:
        hint = ("free some space and train again" if exc.errno == errno.ENOSPC
                else "fix the folder and train again")
        raise CLIError(f"the trained network (test accuracy {test_accuracy:.2%}) was not saved "
                       f"to {out}: {exc.strerror or exc}; {hint}") from None


def _schedule(args):
    from ..engine.train import cosine, step_decay

    if args.schedule == "step":
        return step_decay(args.lr, factor=0.5, every=10)
    if args.schedule == "cosine":
        return cosine(args.lr, args.epochs)
    return args.lr


class _EpochLines:
    """Callback printing "epoch 3/30  cost 0.0312  test accuracy 94.12%  0.25 s" to stdout."""

    def __init__(self, epochs, scored_on):
        self.epochs = epochs
        self.scored_on = scored_on

    def on_train_begin(self, network, epochs):
        pass

    def on_epoch_end(self, epoch, history, network):
        from tqdm.auto import tqdm

        width = len(str(self.epochs))
        line = f"epoch {epoch:>{width}}/{self.epochs}  cost {history.train_cost[-1]:.4f}"
        if history.test_accuracy:
            line += f"  {self.scored_on} accuracy {history.test_accuracy[-1]:.2%}"
        line += f"  {history.seconds[-1]:.2f} s"
        tqdm.write(line, file=sys.stdout)  # clears and redraws the progress bar around the line

    def on_train_end(self, history, network):
        pass


def _warm_up(network, images, labels, args):
    """Load (or compile) the Numba kernels on a copy of the network, one mini-batch, so that
    the first epoch's time, and so seconds_per_epoch, measures descent and not compilation."""
    from ..engine.train import train

    n = min(args.batch_size, len(labels))
    train(network.copy(), images[:n], labels[:n], epochs=1, batch_size=n, lr=1e-9,
          l2=args.l2, momentum=args.momentum, monitor_training=False)


def cmd_train(args):
    from ..engine.network import Network
    from ..engine.train import ProgressBar, StallCheck, train

    network = Network(args.layers, activation=args.activation, cost=args.cost, init=args.init,
                      seed=args.seed, dtype=np.dtype(args.dtype))
    out = _check_out_path(args.out, network) if args.out else None
    dataset = _load_data(args)
    _check_layers_fit(network.sizes, dataset, "layers")

    n_all = len(dataset.train_labels)
    if args.validation:
        if not args.validation < n_all:
            raise CLIError(f"--validation {args.validation} leaves no training images: the data "
                           f"has {n_all:,}; hold out fewer (the classic choice for MNIST is 10000)")
        dataset, (val_images, val_labels) = dataset.split(args.validation)
        scored = (val_images, val_labels)
        scored_on = "validation"
    else:
        scored = (dataset.test_images, dataset.test_labels)
        scored_on = "test"
    train_images, train_labels = dataset.train_images, dataset.train_labels
    if args.limit:
        train_images, train_labels = train_images[:args.limit], train_labels[:args.limit]

    if not args.json:
        print(f"data     {dataset.source}  ({len(train_labels):,} training images, "
              f"{len(scored[1]):,} {scored_on} images, {dataset.image_shape[0]}x{dataset.image_shape[1]})")
        print(f"network  {_layers_text(network.sizes)}, {network.activation}, {network.cost} cost, "
              f"{network.n_params:,} parameters")
        print(f"descent  {args.epochs} epochs, batches of {args.batch_size}, lr {args.lr:g}"
              f"{'' if args.schedule == 'constant' else f' ({args.schedule} schedule)'}"
              f"{f', l2 {args.l2:g}' if args.l2 else ''}"
              f"{f', momentum {args.momentum:g}' if args.momentum else ''}, seed {args.seed}")

    _warm_up(network, train_images, train_labels, args)
    callbacks = [StallCheck(scored[1])]  # says when the run sits at chance, and why
    if not args.no_progress:
        callbacks.append(ProgressBar(file=sys.stderr, leave=False))
    if not args.json:
        callbacks.append(_EpochLines(args.epochs, scored_on))
    history = train(network, train_images, train_labels, epochs=args.epochs,
                    batch_size=args.batch_size, lr=_schedule(args), l2=args.l2,
                    momentum=args.momentum, test=scored, seed=args.seed, callbacks=callbacks)

    if args.validation:
        test_accuracy = network.accuracy(dataset.test_images, dataset.test_labels)
        test_cost = network.mean_cost(dataset.test_images, dataset.test_labels)
    else:
        test_accuracy, test_cost = history.test_accuracy[-1], history.test_cost[-1]
    saved = _save(network, out, test_accuracy) if out is not None else None

    if args.json:
        record = {
            "test_accuracy": test_accuracy,
            "test_cost": test_cost,
            "seconds_per_epoch": history.seconds_per_epoch,
            "epochs": args.epochs,
            "layers": list(network.sizes),
            "activation": network.activation,
            "cost": network.cost,
            "init": network.init,
            "lr": args.lr,
            "schedule": args.schedule,
            "l2": args.l2,
            "momentum": args.momentum,
            "batch_size": args.batch_size,
            "seed": args.seed,
            "dtype": str(network.dtype),
            "n_params": network.n_params,
            "n_train": len(train_labels),
            "n_test": len(dataset.test_labels),
            "validation": args.validation,
            "data_dir": dataset.source,
            "out": str(saved) if saved is not None else None,
        }
        per_epoch = {
            "epoch": history.epoch,
            "learning_rate": history.learning_rate,
            "train_cost": history.train_cost,
            "train_accuracy": history.train_accuracy,
            f"{scored_on}_cost": history.test_cost,
            f"{scored_on}_accuracy": history.test_accuracy,
            "seconds": history.seconds,
        }
        if args.validation:
            record["validation_accuracy"] = history.test_accuracy[-1]
        record["history"] = per_epoch
        record["warnings"] = args.warnings
        _print_json(record)
    else:
        if args.validation:
            print(f"validation accuracy {history.test_accuracy[-1]:.2%}; test accuracy "
                  f"{test_accuracy:.2%} (the test set scored once, after training)")
        else:
            print(f"test accuracy {test_accuracy:.2%} after {args.epochs} epochs "
                  f"({history.seconds_per_epoch:.2f} s per epoch)")
        if saved is not None:
            print(f"saved the network to {saved}")
    return EXIT_OK
