"""Read a picture of a digit (a scan, a photo, a PNG) as the input activations a network expects.

MNIST images are 28x28, white ink (1) on a black background (0), and every digit in them was
cropped to its ink, fitted into 20x20 and centred by its centre of mass. A picture of a digit
is usually none of this: dark ink on white or coloured paper, of another size, in colour,
perhaps with a transparent background, small and off-centre. A network answers well only on
inputs prepared like its training images, so this module prepares them and says what it did:

* :func:`read_gray` reads the file the way an image viewer shows it: turned upright as its
  EXIF orientation tag says (a phone photo of a 6 stored upside down is read as a 6), and
  transparent pixels laid over white paper (or over black, when only that shows the ink:
  light ink on a transparent background); colour becomes grayscale in 0..1. Memory and time
  are bounded: a picture is shrunk to at most :data:`WORK_SIDE` pixels a side while it is
  decoded, and one above :data:`MAX_DECODE_PIXELS` is refused before decoding.
* :func:`load_digit` (for 784 = 28x28 inputs, what ``predict`` uses) finds the ink with
  :func:`mlpbook.engine.preprocess.photo_ink_steps` (the paper's level and grain, dark ink on light
  paper made white on black) and prepares it as MNIST did with
  :func:`mlpbook.engine.preprocess.mnist_steps` (crop, fit into 20x20, centre by mass in 28x28).
  The same steps run in the drawing pad, so a digit gets the same input either way.
* :func:`load_image` (for networks of any other square size) only inverts, pads to a square
  and resizes: MNIST's recipe is about 28x28, so nothing is cropped or centred there.

:func:`picture_paths` turns a folder into the pictures in it, for commands that take several.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import warnings

import numpy as np

from . import preprocess

__all__ = ["ImageError", "LoadedImage", "LoadedDigit", "PICTURE_SUFFIXES", "MAX_DECODE_PIXELS",
           "WORK_SIDE", "read_gray", "load_image", "load_digit", "picture_paths"]

INVERT_CHOICES = ("auto", "yes", "no")
#: The files a folder is searched for (case does not matter).
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp")


class ImageError(ValueError):
    """An image file that cannot be read or used; the message names the file."""


@dataclasses.dataclass
class LoadedImage:
    """An image ready for the network, and what was done to it."""

    pixels: np.ndarray  # (rows, cols) float32 in [0, 1], white ink on black
    original_size: tuple[int, int]  # (rows, cols) of the picture, upright (EXIF), full size
    mode: str  # Pillow's mode of the file: "L", "RGB", "RGBA", ...
    inverted: bool
    padded: bool
    resized: bool
    notes: list[str]

    def as_row(self) -> np.ndarray:
        """The pixels as one row of input activations."""
        return self.pixels.reshape(-1)


#: Pictures with more pixels than this are refused before decoding (a JPEG counts at the size
#: it decodes to: 1/2, 1/4 or 1/8 of its own, see WORK_SIDE), so memory and time stay bounded:
#: 40 megapixels decode to at most 160 MB (RGBA) in about a second.
MAX_DECODE_PIXELS = 40_000_000
#: Pictures are worked on at most this many pixels a side: larger ones are shrunk by a whole
#: factor (box averaging) while decoding (JPEG, Pillow's ``draft``) or right after
#: (``Image.reduce``). A digit needs far fewer: MNIST's are 20 pixels, and one that fills a
#: twentieth of a 1024-pixel side still has 50. A 12-megapixel phone photo then takes about
#: half a second and 40 MB instead of 4 s and 570 MB.
WORK_SIDE = 1024
# The modes whose pixels can be averaged as they are (palette indices and 1-bit cannot).
_REDUCIBLE = {"L", "LA", "La", "RGB", "RGBA", "RGBa", "I", "F", "CMYK", "YCbCr"}
_ROTATIONS = {2: "mirrored left to right", 3: "rotated by 180 degrees",
              4: "mirrored top to bottom", 5: "mirrored along its diagonal",
              6: "rotated by 90 degrees clockwise", 7: "mirrored along its other diagonal",
              8: "rotated by 90 degrees anticlockwise"}


def _shrink_factor(width, height):
    """The smallest whole factor that brings the long side down to WORK_SIDE."""
    return max(1, -(-max(width, height) // WORK_SIDE))


def _open(path: pathlib.Path):
    """(the decoded Pillow image, upright and at most WORK_SIDE a side; notes; the picture's
    (rows, cols) upright at full size; Pillow's mode of the file), or an ImageError that names
    the file and the fix.

    The EXIF orientation tag is applied (all eight values, with Pillow's
    ``ImageOps.exif_transpose``), so a phone photo is read the way a viewer shows it.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not path.exists():
        raise ImageError(f"no image file at {path}; check the path")
    if path.is_dir():
        raise ImageError(f"{path} is a folder, not an image file")
    notes = []
    try:
        with warnings.catch_warnings():  # sizes are checked here, with a clearer message
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
        width, height = image.size
        file_mode = image.mode
        factor = _shrink_factor(width, height)
        if factor > 1 and image.format == "JPEG":  # decode at 1/2, 1/4 or 1/8 directly
            image.draft(None, (-(-width // factor), -(-height // factor)))
        if image.width * image.height > MAX_DECODE_PIXELS:
            raise ImageError(
                f"cannot read {path}: the picture is {width}x{height} pixels "
                f"({width * height / 1e6:.0f} megapixels), more than mlpbook decodes "
                f"({MAX_DECODE_PIXELS / 1e6:.0f} megapixels); shrink it first (a digit needs "
                f"a few hundred pixels a side) or save it as a JPEG")
        image.load()  # Image.open is lazy: decode now so a truncated file fails here
        factor = _shrink_factor(*image.size)
        if factor > 1:
            if image.mode not in _REDUCIBLE:
                has_alpha = image.mode == "PA" or "transparency" in image.info
                image = image.convert("RGBA" if has_alpha else
                                      "I" if image.mode.startswith("I;16") else
                                      "L" if image.mode == "1" else "RGB")
            image = image.reduce(factor)
        if image.size != (width, height):
            notes.append(f"shrank the {width}x{height} (width x height) picture to "
                         f"{image.width}x{image.height} while reading it (mlpbook works on at "
                         f"most {WORK_SIDE} pixels a side)")
        orientation = image.getexif().get(0x0112)  # EXIF Orientation
        if orientation in _ROTATIONS:
            image = ImageOps.exif_transpose(image)
            notes.append(f"turned the picture upright as its EXIF orientation tag says (it is "
                         f"stored {_ROTATIONS[orientation]})")
            if orientation >= 5:  # a quarter turn: the sides swap
                width, height = height, width
    except ImageError:
        raise
    except UnidentifiedImageError:
        raise ImageError(f"cannot read {path}: it is not an image file Pillow can decode "
                         f"(save the picture as a PNG and try again)") from None
    except Image.DecompressionBombError:
        limit = 2 * (Image.MAX_IMAGE_PIXELS or 0) / 1e6
        raise ImageError(f"cannot read {path}: the picture has more than {limit:.0f} "
                         f"megapixels, too many to decode safely; shrink it first (a digit "
                         f"needs a few hundred pixels a side)") from None
    except (OSError, SyntaxError, ValueError) as exc:  # truncated or damaged data
        raise ImageError(f"cannot read {path}: the file is damaged or truncated ({exc}); "
                         f"save the picture again") from None
    return image, notes, (int(height), int(width)), file_mode


def _has_alpha(image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
        image.mode == "P" and "transparency" in image.info)


def _to_gray(image, paper=255) -> np.ndarray:
    """Grayscale float64 in [0, 1]; transparency is composited over ``paper`` (255 white)."""
    from PIL import Image

    if _has_alpha(image):
        rgba = image.convert("RGBA")
        ground = Image.new("RGBA", rgba.size, (paper, paper, paper, 255))
        image = Image.alpha_composite(ground, rgba)
    if image.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N"):  # 16-bit grayscale PNG
        return np.clip(np.asarray(image, dtype=np.float64) / 65535.0, 0.0, 1.0)
    if image.mode == "F":
        return np.clip(np.asarray(image, dtype=np.float64), 0.0, 1.0)
    return np.asarray(image.convert("L"), dtype=np.float64) / 255.0


@dataclasses.dataclass
class _Picture:
    """A decoded picture: grayscale over white paper, and over black when it has
    transparency (white ink on a transparent ground shows only there)."""

    gray: np.ndarray
    on_black: np.ndarray | None
    transparent: bool  # every pixel fully transparent
    mode: str  # Pillow's mode of the file
    notes: list[str]
    size: tuple[int, int]  # (rows, cols) upright, before shrinking


def _read(path: pathlib.Path) -> _Picture:
    image, notes, size, file_mode = _open(path)
    gray = _to_gray(image)
    if gray.ndim != 2 or gray.size == 0:
        raise ImageError(f"cannot use {path}: expected a 2-D picture, got pixel array of "
                         f"shape {gray.shape}")
    on_black, transparent = None, False
    if _has_alpha(image):
        alpha = np.asarray(image.convert("RGBA"))[..., 3]
        transparent = not alpha.any()
        on_black = _to_gray(image, paper=0)
    return _Picture(gray, on_black, transparent, file_mode, notes, size)


def read_gray(path: str | os.PathLike) -> tuple[np.ndarray, str]:
    """The picture at ``path`` as (grayscale float64 in 0..1, Pillow's mode of the file).

    The picture is turned upright as its EXIF orientation says, shrunk to at most
    :data:`WORK_SIDE` pixels a side, and transparent pixels are laid over white paper.
    Raises :class:`ImageError` (naming the file and the fix) when the file is missing, a
    folder, too large (:data:`MAX_DECODE_PIXELS`), or not a picture Pillow can decode.
    """
    picture = _read(pathlib.Path(path))
    return picture.gray, picture.mode


def _uniform(gray) -> bool:
    return float(gray.max() - gray.min()) < 0.05


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
    picture = _read(pathlib.Path(path))
    gray, mode, notes = picture.gray, picture.mode, list(picture.notes)
    if _uniform(gray) and picture.on_black is not None and not _uniform(picture.on_black):
        gray = picture.on_black
        notes.append("laid the transparent background over black paper: over white the "
                     "picture shows nothing (light ink on a transparent background)")
    original = (int(gray.shape[0]), int(gray.shape[1]))

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
    if _uniform(gray):
        notes.append("the image is almost uniform (no visible digit?): the answer means little"
                     + (" (every pixel is fully transparent)" if picture.transparent else ""))
    return LoadedImage(pixels=gray.astype(np.float32), original_size=picture.size, mode=mode,
                       inverted=inverted, padded=padded, resized=resized, notes=notes)


# ----------------------------------------------------------------------------- MNIST's way


@dataclasses.dataclass
class LoadedDigit:
    """A picture prepared as MNIST's digits were (:func:`load_digit`), and how."""

    pixels: np.ndarray  # (28, 28) float32 in [0, 1], white ink on black: what the network sees
    original_size: tuple[int, int]  # (rows, cols) of the picture, upright (EXIF), full size
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

    Steps: :func:`read_gray`; find the ink (:func:`mlpbook.engine.preprocess.photo_ink_steps`: the
    paper is the median brightness, the ink what differs from it by more than its grain,
    made white on black); crop to the ink, fit it into 20x20 keeping the aspect ratio, centre
    it by its centre of mass in 28x28 (:func:`mlpbook.engine.preprocess.mnist_steps`).
    ``invert``: ``"auto"`` (the default), ``"yes"`` (the ink is darker than the paper) or
    ``"no"`` (the ink is lighter). Raises :class:`ImageError` when the file cannot be read or
    holds no ink. Crop a photo to the digit first: every other mark counts as ink too.
    """
    if invert not in INVERT_CHOICES:
        raise ValueError(f"invert must be one of {INVERT_CHOICES}, got {invert!r}")
    picture = _read(pathlib.Path(path))
    if picture.transparent:
        raise ImageError(f"no digit found in {path}: every pixel of the picture is fully "
                         f"transparent, so there is nothing to see; save it with its ink "
                         f"opaque") from None
    grounds = [(picture.gray, None)]
    if picture.on_black is not None:  # light ink on a transparent ground shows over black
        grounds.append((picture.on_black, "laid the transparent background over black paper: "
                                          "over white the picture shows no ink (light ink on "
                                          "a transparent background)"))
    for gray, ground_note in grounds:
        ink, forced = _photo_ink(gray, invert)
        try:
            steps = preprocess.mnist_steps(ink.pixels)
            break
        except preprocess.NoInkError:
            continue
    else:
        ink, _ = _photo_ink(picture.gray, invert)
        side = "darker" if ink.inverted else "lighter"
        hint = ("say which side the ink is on (invert yes or no; --invert on the command "
                "line), " if invert == "auto" else
                f"check invert={invert!r} (it says the ink is {side} than the paper), ")
        ground = (" It has a transparent background: laid over white paper and over black "
                  "paper, neither shows a digit." if picture.on_black is not None else "")
        raise ImageError(
            f"no digit found in {path}: no pixel differs from the paper's brightness "
            f"({ink.paper:.2f}) by more than {ink.noise_floor:.2f} on the {side} side "
            f"(a blank picture, or paper as uneven as the ink?); {hint}or crop the picture "
            f"to the digit.{ground}") from None
    notes = list(picture.notes) + ([ground_note] if ground_note else []) + ink.notes()
    if forced:
        notes[-1] += f" (as asked: invert={invert})"
    notes += steps.notes()
    return LoadedDigit(pixels=steps.final, original_size=picture.size, mode=picture.mode, inverted=ink.inverted, ink=ink, steps=steps,
                       notes=notes)


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
