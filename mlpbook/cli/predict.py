"""``mlpbook predict``: the digit in each picture and the network's output activations."""

from __future__ import annotations

import argparse
import math
import pathlib
import sys
import textwrap

import numpy as np

from .common import EXIT_ERROR, EXIT_OK, PROG, CLIError, _bar_chars, _note, _print_json
from .options import _Formatter, _epilog


def add_parser(commands):
    """The ``predict`` command's parser."""
    p = commands.add_parser(
        "predict", formatter_class=_Formatter,
        help="the digit in each picture (scan, photo, PNG) and the 10 output activations",
        description=textwrap.dedent("""\
            Read pictures of digits (PNG, JPEG, BMP, GIF, WebP; grayscale, colour or with
            transparency) and print, for each, the network's answer and its output
            activations as a bar chart. An IMAGE that is a folder means every picture in it
            (.png .jpg .jpeg .bmp .gif .webp), sorted by name.

            For a network with 784 inputs each picture is prepared as MNIST's digits were:
            made grayscale (transparency shows white paper, or black when only that shows
            the ink); the ink told from the paper (the median brightness) and its grain,
            dark ink on light or coloured paper made white on black; cropped to the ink, fitted into 20x20 keeping its aspect ratio
            and centred by its centre of mass in 28x28. Crop a photo to the digit first:
            every other mark counts as ink. For any other square input size the picture is
            only inverted (when its mean is above 0.5), padded to a square and resized.
            Each step is reported on stderr. A picture is first turned the way a viewer
            shows it (its EXIF orientation tag, as phones write it) and shrunk to at most
            1024 pixels a side while it is decoded; one above 40 megapixels is refused
            (a JPEG counts at the size it is decoded to: down to 1/8 of each side).

            --json prints one JSON object per picture, one per line, in order (image,
            digit, activations, notes, ...), so the last line is always a JSON object. A
            picture that cannot be read or holds no digit gives an error line on stderr
            (with --json also {"image": ..., "error": ...}); the others are still
            predicted, and the exit code is 2."""),
        epilog=_epilog(f"{PROG} predict model.npz seven.png",
                       f"{PROG} predict model.npz scans/ photo.jpg --json   # a folder and a file",
                       f"{PROG} predict model.npz scan.png --invert no      # light ink on dark"))
    p.add_argument("model", metavar="MODEL", help="a .npz file written by `mlpbook train --out`")
    p.add_argument("images", metavar="IMAGE", nargs="+",
                   help="a picture of a digit, or a folder of them; several may be given")
    p.add_argument("--invert", choices=("auto", "yes", "no"), default="auto",
                   help="which side the ink is on: yes = dark ink on light paper (made white on "
                        "black), no = light ink on a dark ground; auto (the default) takes the "
                        "side that differs more from the paper (for 784 inputs) or inverts "
                        "when the mean brightness is above 0.5 (other sizes)")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object per picture, one per line")
    p.add_argument("--data-dir", dest="data_dir", default=argparse.SUPPRESS,
                   help=argparse.SUPPRESS)  # accepted like every command; predict needs no dataset
    p.set_defaults(func=cmd_predict)


def _predict_input(path, side, invert):
    """(input row, JSON details, notes) of the picture at ``path`` for a side x side network.

    784 = 28x28 inputs: prepared as MNIST's digits were (ink, crop, fit 20x20, centre by
    mass). Any other square size: only inverted, padded to a square and resized."""
    from ..engine.imageio import load_digit, load_image

    if side == 28:
        digit = load_digit(path, invert=invert)
        steps = digit.steps
        details = {"preprocessing": "mnist", "original_size": list(digit.original_size),
                   "inverted": digit.inverted, "paper": digit.ink.paper,
                   "ink_box": list(steps.box), "fitted_size": list(steps.fitted.shape),
                   "offset": list(steps.offset)}
        return digit.as_row(), details, digit.notes
    image = load_image(path, shape=(side, side), invert=invert)
    details = {"preprocessing": "resize", "original_size": list(image.original_size),
               "inverted": image.inverted, "padded": image.padded, "resized": image.resized}
    return image.as_row(), details, image.notes


def _print_activations(path, activations, digit, cost):
    full, tick = _bar_chars()
    width = 30
    kind = "probabilities (softmax)" if cost == "cross-entropy" else "sigmoid outputs"
    print(f"{path}: the network says {digit}")
    print(f"\noutput activations ({kind}):")
    for k, value in enumerate(activations):
        bar = full * int(round(float(np.clip(value, 0, 1)) * width)) or tick
        mark = "  <- answer" if k == digit else ""
        print(f"  {k:>2}  {bar:<{width}}  {value:.3f}{mark}")


def cmd_predict(args):
    from ..engine.imageio import ImageError, picture_paths
    from ..engine.network import Network

    network = Network.load(args.model)
    n_inputs = network.sizes[0]
    side = math.isqrt(n_inputs)
    if side * side != n_inputs:
        raise CLIError(f"model expects {n_inputs} inputs, which is not a square image; predict "
                       f"reads square pictures only (784 inputs = 28x28)")
    pictures = []  # (path, the ImageError of a folder without pictures, or None)
    for given in args.images:
        try:
            pictures.extend((path, None) for path in picture_paths(given))
        except ImageError as exc:
            pictures.append((pathlib.Path(given), exc))

    several = len(pictures) > 1
    failed = 0
    for number, (path, problem) in enumerate(pictures):
        if problem is None:
            try:
                row, details, notes = _predict_input(path, side, args.invert)
            except ImageError as exc:
                problem = exc
        if problem is not None:  # this picture fails; the others are still predicted
            failed += 1
            print(f"{PROG}: error: {problem}", file=sys.stderr)
            if args.json:
                _print_json({"image": str(path), "error": str(problem)})
            continue
        activations = network.feedforward(row).astype(np.float64)
        digit = int(np.argmax(activations))
        for note in notes:
            _note(f"note: {path}: {note}" if several else f"note: {note}")
        if args.json:
            _print_json({"image": str(path), "digit": digit, "activations": activations.tolist(),
                         "model": str(args.model), **details, "notes": notes})
        else:
            if number:
                print()
            _print_activations(path, activations, digit, network.cost)
        sys.stdout.flush()
    return EXIT_ERROR if failed else EXIT_OK
