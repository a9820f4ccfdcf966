"""Read a picture of a digit (a scan, a photo, a PNG) as the input activations a network expects.

MNIST images are 28x28, white ink (1) on a black background (0), and every digit in them was
cropped to its ink, fitted into 20x20 and centred by its centre of mass. A picture of a digit
is usually none of this: dark ink on white or coloured paper, of another size, in colour,
perhaps with a transparent background, small and off-centre. A network answers well only on
inputs prepared like its training images, so this module prepares them and says what it did:

* :func:`read_gray` reads the file: transparent pixels are laid over white paper (what an
  image viewer shows) and colour becomes grayscale in 0..1.
* :func:`load_digit` (for 784 = 28x28 inputs, what ``predict`` uses) finds the ink with
  :func:`mlpbook.preprocess.photo_ink_steps` (the paper's level and grain, dark ink on light
  paper made white on black) and prepares it as MNIST did with
  :func:`mlpbook.preprocess.mnist_steps` (crop, fit into 20x20, centre by mass in 28x28).
  The same steps run in the drawing pad, so a digit gets the same input either way.
* :func:`load_image` (for networks of any other square size) only inverts, pads to a square
  and resizes: MNIST's recipe is about 28x28, so nothing is cropped or centred there.

:func:`picture_paths` turns a folder into the pictures in it, for commands that take several.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib

import numpy as np

from . import preprocess

__all__ = ["ImageError", "LoadedImage", "LoadedDigit", "PICTURE_SUFFIXES", "read_gray",
           "load_image", "load_digit", "picture_paths"]

INVERT_CHOICES = ("auto", "yes", "no")
#: The files a folder is searched for (case does not matter).
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp")


class ImageError(ValueError):
    """An image file that cannot be read or used; the message names the file."""


@dataclasses.dataclass
class LoadedImage:
    """An image ready for the network, and what was done to it."""

    pixels: np.ndarray  # (rows, cols) float32 in [0, 1], white ink on black
    original_size: tuple[int, int]  # (rows, cols) as stored in the file
    mode: str  # Pillow's mode of the file: "L", "RGB", "RGBA", ...
    inverted: bool
    padded: bool
    resized: bool
    notes: list[str]

    def as_row(self) -> np.ndarray:
        """The pixels as one row of input activations."""
        return self.pixels.reshape(-1)


def _open(path: pathlib.Path):
    """The decoded Pillow image, or an ImageError that names the file and the fix."""
    from PIL import Image, UnidentifiedImageError

    if not path.exists():
        raise ImageError(f"no image file at {path}; check the path")
    if path.is_dir():
        raise ImageError(f"{path} is a folder, not an image file")
    try:
        image = Image.open(path)
        image.load()  # Image.open is lazy: decode now so a truncated file fails here
    except UnidentifiedImageError:
        raise ImageError(f"cannot read {path}: it is not an image file Pillow can decode "
                         f"(save the picture as a PNG and try again)") from None
    except Image.DecompressionBombError as exc:
        raise ImageError(f"cannot read {path}: {exc}") from None
    except (OSError, SyntaxError, ValueError) as exc:  # truncated or damaged data
        raise ImageError(f"cannot read {path}: the file is damaged or truncated ({exc}); "
                         f"save the picture again") from None
    return image


def _to_gray(image) -> np.ndarray:
    """Grayscale float64 in [0, 1]; transparency is composited over white."""
    from PIL import Image

    has_alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
        image.mode == "P" and "transparency" in image.info)
    if has_alpha:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba)
    if image.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N"):  # 16-bit grayscale PNG
        return np.clip(np.asarray(image, dtype=np.float64) / 65535.0, 0.0, 1.0)
    if image.mode == "F":
        return np.clip(np.asarray(image, dtype=np.float64), 0.0, 1.0)
    return np.asarray(image.convert("L"), dtype=np.float64) / 255.0


def read_gray(path: str | os.PathLike) -> tuple[np.ndarray, str]:
    """The picture at ``path`` as (grayscale float64 in 0..1, Pillow's mode of the file).

    Transparent pixels are laid over white paper. Raises :class:`ImageError` (naming the file
    and the fix) when the file is missing, a folder, or not a picture Pillow can decode.
    """
    path = pathlib.Path(path)
    image = _open(path)
    gray = _to_gray(image)
    if gray.ndim != 2 or gray.size == 0:
        raise ImageError(f"cannot use {path}: expected a 2-D picture, got pixel array of "
                         f"shape {gray.shape}")
    return gray, image.mode


def _pad_to_aspect(gray: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Pad ``gray`` evenly with its border colour so it has the aspect ratio rows:cols."""
    h, w = gray.shape
    if h * cols == w * rows:
        return gray
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    fill = float(np.median(border))
    if h * cols > w * rows:  # too tall: widen
        new_h, new_w = h, -(-h * cols // rows)
    else:  # too wide: heighten
        new_h, new_w = -(-w * rows // cols), w
    out = np.full((new_h, new_w), fill)
    top, left = (new_h - h) // 2, (new_w - w) // 2
    out[top:top + h, left:left + w] = gray
    return out


def _resize(gray: np.ndarray, rows: int, cols: int) -> np.ndarray:
    from PIL import Image

    image = Image.fromarray(gray.astype(np.float32))  # mode "F": no rounding to bytes
    resized = image.resize((cols, rows), Image.Resampling.LANCZOS)
    return np.clip(np.asarray(resized, dtype=np.float64), 0.0, 1.0)


def load_image(path: str | os.PathLike, shape: tuple[int, int] = (28, 28),
               invert: str = "auto") -> LoadedImage:
    """Read the image at ``path`` as white-on-black activations of shape ``shape``.

    ``invert``: ``"auto"`` (invert when the mean brightness is above 0.5, i.e. dark ink on a
    light background), ``"yes"`` or ``"no"``. Raises :class:`ImageError` when the file cannot
    be read.
    """
    if invert not in INVERT_CHOICES:
        raise ValueError(f"invert must be one of {INVERT_CHOICES}, got {invert!r}")
    rows, cols = (int(size) for size in shape)
    if rows < 1 or cols < 1:
        raise ValueError(f"shape must be two positive sizes, got {shape}")
    gray, mode = read_gray(path)
    original = (int(gray.shape[0]), int(gray.shape[1]))
    notes = []

    mean = float(gray.mean())
    inverted = invert == "yes" or (invert == "auto" and mean > 0.5)
    if inverted:
        gray = 1.0 - gray
        why = (f"its mean brightness is {mean:.2f} > 0.5: dark ink on a light background"
               if invert == "auto" else "as asked")
        notes.append(f"inverted the image to MNIST's white ink on black ({why})")

    padded = gray.shape[0] * cols != gray.shape[1] * rows
    if padded:
        gray = _pad_to_aspect(gray, rows, cols)
        notes.append(f"padded the {original[1]}x{original[0]} (width x height) image to "
                     f"{gray.shape[1]}x{gray.shape[0]} with its background colour")
    resized = gray.shape != (rows, cols)
    if resized:
        before = gray.shape
        gray = _resize(gray, rows, cols)
        notes.append(f"resized the image from {before[1]}x{before[0]} to {cols}x{rows} pixels")
    if float(gray.max() - gray.min()) < 0.05:
        notes.append("the image is almost uniform (no visible digit?): the answer means little")
    return LoadedImage(pixels=gray.astype(np.float32), original_size=original, mode=mode,
                       inverted=inverted, padded=padded, resized=resized, notes=notes)


# ----------------------------------------------------------------------------- MNIST's way


@dataclasses.dataclass
class LoadedDigit:
    """A picture prepared as MNIST's digits were (:func:`load_digit`), and how."""

    pixels: np.ndarray  # (28, 28) float32 in [0, 1], white ink on black: what the network sees
    original_size: tuple[int, int]  # (rows, cols) as stored in the file
    mode: str  # Pillow's mode of the file: "L", "RGB", "RGBA", ...
    inverted: bool  # True when the ink was darker than the paper
    ink: preprocess.PhotoInk  # how the ink was told from the paper
    steps: preprocess.MnistSteps  # crop, fit and centre, every intermediate image
    notes: list[str]

    def as_row(self) -> np.ndarray:
        """The pixels as one row of input activations."""
        return self.pixels.reshape(-1)


def _photo_ink(gray: np.ndarray, invert: str):
    """:func:`preprocess.photo_ink_steps` of ``gray``, with the ink's side forced by ``invert``.

    ``"auto"`` lets photo_ink_steps decide (the ink is on whichever side of the paper's level
    the picture reaches further). ``"yes"`` (dark ink on light paper) or ``"no"`` (light ink on
    a dark ground) keeps its answer when it agrees; otherwise the pixels on the other side of
    the paper's level are first set to that level, so only the asked side can hold ink.
    Returns (PhotoInk, whether the side was forced against the automatic choice).
    """
    found = preprocess.photo_ink_steps(gray)
    if invert == "auto" or found.inverted == (invert == "yes"):
        return found, False
    paper = found.paper
    one_sided = np.minimum(gray, paper) if invert == "yes" else np.maximum(gray, paper)
    forced = preprocess.photo_ink_steps(one_sided)
    # With one side flat, photo_ink_steps's own choice is the asked one, unless the picture
    # has no ink on the asked side at all (then the pixels are all 0 and mnist_steps says so).
    return dataclasses.replace(forced, inverted=invert == "yes"), True


def load_digit(path: str | os.PathLike, invert: str = "auto") -> LoadedDigit:
    """Read the picture at ``path`` and prepare it as MNIST's digits were: 28x28, white on black.

    Steps: :func:`read_gray`; find the ink (:func:`mlpbook.preprocess.photo_ink_steps`: the
    paper is the median brightness, the ink what differs from it by more than its grain,
    made white on black); crop to the ink, fit it into 20x20 keeping the aspect ratio, centre
    it by its centre of mass in 28x28 (:func:`mlpbook.preprocess.mnist_steps`).
    ``invert``: ``"auto"`` (the default), ``"yes"`` (the ink is darker than the paper) or
    ``"no"`` (the ink is lighter). Raises :class:`ImageError` when the file cannot be read or
    holds no ink. Crop a photo to the digit first: every other mark counts as ink too.
    """
    if invert not in INVERT_CHOICES:
        raise ValueError(f"invert must be one of {INVERT_CHOICES}, got {invert!r}")
    gray, mode = read_gray(path)
    ink, forced = _photo_ink(gray, invert)
    try:
        steps = preprocess.mnist_steps(ink.pixels)
    except preprocess.NoInkError:
        side = "darker" if ink.inverted else "lighter"
        hint = ("say which side the ink is on (invert yes or no; --invert on the command "
                "line), " if invert == "auto" else
                f"check invert={invert!r} (it says the ink is {side} than the paper), ")
        raise ImageError(
            f"no digit found in {path}: no pixel differs from the paper's brightness "
            f"({ink.paper:.2f}) by more than {ink.noise_floor:.2f} on the {side} side "
            f"(a blank picture, or paper as uneven as the ink?); {hint}or crop the picture "
            f"to the digit") from None
    notes = ink.notes()
    if forced:
        notes[0] += f" (as asked: invert={invert})"
    notes += steps.notes()
    return LoadedDigit(pixels=steps.final, original_size=(int(gray.shape[0]), int(gray.shape[1])),
                       mode=mode, inverted=ink.inverted, ink=ink, steps=steps, notes=notes)


def picture_paths(path: str | os.PathLike) -> list[pathlib.Path]:
    """``[path]`` for a file (existing or not), or the pictures in a folder, sorted by name.

    A folder's pictures are the files directly in it whose names end in one of
    ``PICTURE_SUFFIXES`` (any case). Raises :class:`ImageError` for a folder without any.
    """
    path = pathlib.Path(path)
    if not path.is_dir():
        return [path]
    found = sorted(child for child in path.iterdir()
                   if child.suffix.lower() in PICTURE_SUFFIXES and child.is_file())
    if not found:
        raise ImageError(f"the folder {path} holds no pictures (files ending in "
                         f"{', '.join(PICTURE_SUFFIXES)}); give picture files or another folder")
    return found
