"""Read a picture of a digit (a PNG, say) as the input activations a network expects.

MNIST images are 28x28, white ink (1) on a black background (0). A picture drawn in a
paint program is usually the opposite, dark ink on white paper, of another size, in
colour, perhaps with a transparent background. :func:`load_image` turns any of these into
MNIST's convention and says what it did, so the reader is never surprised:

1. transparent pixels are laid over white paper (what an image viewer shows);
2. colour becomes grayscale in 0..1;
3. dark ink on a light background (mean brightness above 0.5) is inverted;
4. a picture that is not square is padded to a square with its background colour;
5. the square is resized to the size the network needs (28x28 for 784 inputs).

Only step 5 is a plain resize: the digit is not cropped or centred the way MNIST's digits
were, so draw it large and centred for the best answer.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib

import numpy as np

__all__ = ["ImageError", "LoadedImage", "load_image"]

INVERT_CHOICES = ("auto", "yes", "no")


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
    path = pathlib.Path(path)
    image = _open(path)
    mode = image.mode
    gray = _to_gray(image)
    if gray.ndim != 2 or gray.size == 0:
        raise ImageError(f"cannot use {path}: expected a 2-D picture, got pixel array of "
                         f"shape {gray.shape}")
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
