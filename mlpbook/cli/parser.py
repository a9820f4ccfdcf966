"""The parser of the whole command line: the top-level options, then each command's own
sub-parser (added by its module), and ``train --recipe`` (a recipe's settings as defaults)."""

from __future__ import annotations

import textwrap

from . import bench, book, data, evaluate, predict, train
from .common import PROG
from .options import _Formatter, _Parser, _data_options, _epilog


def build_parser():
    from .. import __version__

    parser = _Parser(
        prog=PROG,
        formatter_class=_Formatter,
        description=textwrap.dedent("""\
            mlpbook: train, evaluate and use a plain multilayer perceptron on handwritten
            digits (MNIST), the network of the mlpbook textbook.

            MNIST is found in --data-dir, else $MLPBOOK_DATA_DIR, else the cache
            ~/.cache/mlpbook/mnist (downloaded there on first use)."""),
        epilog=_epilog(
            f"{PROG} data --check                      # where is MNIST, is it intact?",
            f"{PROG} train --epochs 30 --out model.npz # the book's 784-16-16-10 network",
            f"{PROG} evaluate model.npz                # accuracy on the 10,000 test images",
            f"{PROG} predict model.npz my_digit.png    # what digit is this?",
            f"{PROG} bench --quick                     # how fast is the engine?",
            "",
            f"Run `{PROG} COMMAND --help` for the options of each command.",
            "Expected failures print `mlpbook: error: ...` and exit with code 2."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _data_options(parser, top_level=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    parser.command_parsers = commands.choices  # name -> sub-parser (for --recipe)

    data.add_parser(commands)
    train.add_parser(commands)
    evaluate.add_parser(commands)
    predict.add_parser(commands)
    bench.add_parser(commands)
    book.add_parsers(commands)  # book and i18n, and test: the README's commands
    return parser


def _parse(parser, argv):
    """Parse ``argv``; ``train --recipe NAME`` makes the recipe's settings the defaults, so
    every flag the user gives wins, wherever it stands (a folder named "train" included)."""
    args = parser.parse_args(argv)
    if getattr(args, "recipe", None):
        from ..engine.recipes import RECIPES

        train_parser = parser.command_parsers["train"]
        recipe_args = train_parser.parse_args(RECIPES[args.recipe].cli_args())
        train_parser.set_defaults(**vars(recipe_args))
        args = parser.parse_args(argv)
    return args


def _command_in(argv, parser):
    """The sub-command named in ``argv`` (for a usage error's JSON), or None; the value of a
    top-level ``--data-dir`` is not one, even when a folder is called "train"."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--data-dir":
            skip = True
        elif arg in parser.command_parsers:
            return arg
    return None
