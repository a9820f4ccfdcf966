"""``mlpbook evaluate``: a saved network's accuracy on the test images, per class too."""

from __future__ import annotations

import textwrap

import numpy as np

from .common import EXIT_OK, PROG, _check_layers_fit, _layers_text, _load_data, _print_json
from .options import _Formatter, _data_options, _epilog, _verify_option


def add_parser(commands):
    """The ``evaluate`` command's parser."""
    p = commands.add_parser(
        "evaluate", formatter_class=_Formatter,
        help="accuracy of a saved network on the test images",
        description=textwrap.dedent("""\
            Score a network saved by `mlpbook train --out` on the test images: accuracy,
            cost and the accuracy for each class. --json prints one JSON object (with
            test_accuracy as a fraction 0..1) as the last line."""),
        epilog=_epilog(f"{PROG} evaluate model.npz",
                       f"{PROG} evaluate model.npz --json",
                       f"{PROG} evaluate fashion.npz --data-dir ~/fashion --no-verify"))
    p.add_argument("model", metavar="MODEL", help="a .npz file written by `mlpbook train --out`")
    _data_options(p)
    _verify_option(p)
    p.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    p.set_defaults(func=cmd_evaluate)


def cmd_evaluate(args):
    from ..engine.network import Network

    network = Network.load(args.model)
    dataset = _load_data(args)
    _check_layers_fit(network.sizes, dataset, "model")
    images, labels = dataset.test_images, dataset.test_labels
    predictions = network.predict(images)
    correct = predictions == labels
    accuracy = float(correct.mean())
    cost = network.mean_cost(images, labels)
    n_classes = network.sizes[-1]
    counts = np.bincount(labels, minlength=n_classes)
    right = np.bincount(labels[correct], minlength=n_classes)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_class = np.where(counts > 0, right / np.maximum(counts, 1), np.nan)

    if args.json:
        _print_json({
            "test_accuracy": accuracy,
            "test_cost": cost,
            "n_test": len(labels),
            "n_correct": int(correct.sum()),
            "per_class_accuracy": per_class.tolist(),
            "per_class_count": counts.tolist(),
            "model": str(args.model),
            "layers": list(network.sizes),
            "activation": network.activation,
            "cost": network.cost,
            "data_dir": dataset.source,
        })
        return EXIT_OK

    print(f"model          {args.model}  ({_layers_text(network.sizes)}, {network.activation}, "
          f"{network.cost} cost)")
    print(f"data           {dataset.source}  ({len(labels):,} test images)")
    print(f"test accuracy  {accuracy:.2%}  ({int(correct.sum()):,} of {len(labels):,} right)")
    print(f"test cost      {cost:.4f}")
    print()
    print("class  images  right  accuracy")
    for k in range(n_classes):
        if counts[k] == 0:
            continue
        print(f"{k:>5}  {counts[k]:>6,}  {right[k]:>5,}  {per_class[k]:>8.2%}")
    if counts.sum():
        worst = int(np.nanargmin(per_class))
        print(f"\nhardest class: {worst} ({per_class[worst]:.2%} right)")
    return EXIT_OK
