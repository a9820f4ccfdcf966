"""Turn any picture of a digit into the kind of 28x28 image MNIST is made of.

A network trained on MNIST has only ever seen digits prepared one particular way, so a digit
drawn on a pad or photographed on paper must be prepared the same way before the network's
answer means anything. LeCun, Cortes and Burges describe the recipe: the black-and-white NIST
digits were "size normalized to fit in a 20x20 pixel box while preserving their aspect ratio"
(anti-aliasing made the grey levels), then "centered in a 28x28 image by computing the center
of mass of the pixels, and translating the image so as to position this point at the center".
Measured on the 10,000 test digits: the long side of the ink's box is 20 pixels for 9,979 of
them and the centre of mass lies within half a pixel of pixel (14, 14), counting rows and
columns from 0 with each pixel's centre at its index. So the steps here are:

1. **ink** (:func:`ink_from_photo`, for photos and scans only): luminance, inverted when the
   ink is darker than the paper, the paper's level subtracted, scaled so the ink reaches 1;
2. **crop** to the bounding box of the pixels brighter than ``INK_THRESHOLD`` (0: every pixel
   that is not black, which keeps MNIST's own faint edges inside the box);
3. **fit** the box into 20x20 keeping the aspect ratio: the long side becomes 20 pixels, the
   short side ``floor(short * 20 / long + 0.5)`` (at least 1), by *area averaging*: each new
   pixel is the mean of the old image over the rectangle it covers, old pixels counted by the
   fraction that lies inside. This is exact arithmetic on a few numbers per pixel, with no
   library resampler in between, so ``drawing_pad.js`` repeats it to float rounding;
4. **centre**: place the fitted image in a black 28x28 field at the whole-pixel offset that
   brings its centre of mass closest to (14, 14) (ties round towards larger indices), as MNIST
   did: the result's centre of mass is within 0.5 pixel of (14, 14) in each direction, unless
   the offset would push ink off the field (then the box stays at the field's edge).

Values come out as float32 in 0..1, white ink on black, like :func:`mlpbook.load_mnist`. A
picture with no ink raises :class:`NoInkError`. Every function here is pure numpy; the
drawing pad's JavaScript twins are tested equal to them.

A drawing on the pad starts as strokes (points in 0..1 of the pad), which
:func:`rasterize` turns into ink at ``RASTER`` x ``RASTER`` pixels: each pixel's ink is how
much of it the round brush covers, ``clip(radius + 0.5 - distance, 0, 1)`` with the distance
from the pixel's centre to the nearest stroke. It is not the browser's canvas (whose
anti-aliasing belongs to Chromium's Skia, rounds ink to 1/255 and differs between
browsers) but plain arithmetic that ``inkStroke`` in drawing_pad.js repeats bit for bit, so
Python computes from a pad's strokes exactly the picture the page's network sees.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

__all__ = ["INK_THRESHOLD", "BOX", "FIELD", "TARGET", "RASTER", "BRUSH", "NoInkError",
           "MnistSteps", "PhotoInk", "mnist_like", "mnist_steps", "ink_from_photo",
           "photo_ink_steps", "ink_box", "fit_size", "area_resample", "center_of_mass",
           "centering_offset", "rasterize", "strokes_image", "thicken", "slant"]

#: A pixel counts as ink when it is brighter than this (0: any pixel that is not black).
INK_THRESHOLD = 0.0
#: The box the digit is fitted into, and the field it is centred in (MNIST: 20 and 28).
BOX = 20
FIELD = 28
#: Where the centre of mass goes, in pixel indices (pixel i's centre is at i): MNIST's (14, 14).
TARGET = 14.0
#: Strokes drawn on the pad are rasterised at RASTER x RASTER pixels before they are prepared.
RASTER = 112
#: The pad's brush: its diameter as a fraction of the pad's side (drawing_pad.js: BRUSH).
BRUSH = 0.1
# Added before rounding the offset, so that a centre of mass exactly half-way between two
# offsets rounds the same way in numpy and in JavaScript despite last-bit differences in
# their sums (the two differ by ~1e-16, far less than this).
_TIE = 1e-9


class NoInkError(ValueError):
    """The picture has no ink (every pixel is at or below the threshold): nothing to centre."""


# ----------------------------------------------------------------------------- validation
def _as_unit_float(image, name, ndims):
    """A float64 array of ``image`` in 0..1 (uint8 is divided by 255), or a clear ValueError."""
    arr = np.asarray(image)
    if arr.ndim not in ndims:
        want = " or ".join(f"{n}-D" for n in ndims)
        raise ValueError(f"{name} must be a {want} array, got shape {arr.shape}; a grayscale "
                         f"picture is (rows, cols), a colour one (rows, cols, 3 or 4)")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}): pass a picture with pixels")
    if arr.dtype == np.uint8:
        return arr.astype(np.float64) / 255.0
    if arr.dtype == np.uint16:
        return arr.astype(np.float64) / 65535.0
    if arr.dtype.kind == "b":
        return arr.astype(np.float64)
    if arr.dtype.kind != "f":
        raise ValueError(f"{name} must hold floats in 0..1 (or uint8 0..255), got dtype "
                         f"{arr.dtype}; divide by the largest possible value first")
    arr = arr.astype(np.float64)
    if not np.isfinite(arr).all():
        bad = int(np.count_nonzero(~np.isfinite(arr)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s); clean it first "
                         f"(for example np.nan_to_num)")
    low, high = float(arr.min()), float(arr.max())
    if low < -1e-6 or high > 1 + 1e-6:
        raise ValueError(f"{name} must hold values in 0..1, got {low:g}..{high:g}; divide "
                         f"0..255 pixels by 255")
    return np.clip(arr, 0.0, 1.0)


# ----------------------------------------------------------------------------- the steps
def ink_box(image, threshold=INK_THRESHOLD):
    """(top, bottom, left, right) of the pixels brighter than ``threshold``; bottom/right
    exclusive. Raises :class:`NoInkError` when there are none."""
    ink = np.asarray(image) > threshold
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    if rows.size == 0:
        raise NoInkError(f"the picture has no ink (no pixel brighter than {threshold:g}): "
                         f"draw a digit, or check that the ink is white on black")
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def fit_size(rows, cols, box=BOX):
    """The size (rows, cols) of a rows x cols picture fitted into box x box, aspect kept."""
    long = max(rows, cols)

    def side(n):
        return max(1, math.floor(n * box / long + 0.5))

    return side(rows), side(cols)


def _area_weights(n, m):
    """(m, n) matrix: new pixel j is the mean of old pixels k over [j n/m, (j+1) n/m).

    Written as scalar arithmetic in a fixed order so ``areaWeights`` in drawing_pad.js gives
    the same numbers."""
    weights = np.zeros((m, n))
    for j in range(m):
        lo = j * n / m
        hi = (j + 1) * n / m
        for k in range(math.floor(lo), min(n, math.ceil(hi))):
            weights[j, k] = (min(hi, k + 1) - max(lo, k)) * m / n
    return weights


def area_resample(image, rows, cols):
    """``image`` resized to (rows, cols) by area averaging (works up and down)."""
    image = np.asarray(image, dtype=np.float64)
    wy = _area_weights(image.shape[0], rows)
    wx = _area_weights(image.shape[1], cols)
    return wy @ image @ wx.T


def center_of_mass(image):
    """(row, col) of the centre of mass of ``image``, pixel i's centre at index i."""
    image = np.asarray(image, dtype=np.float64)
    total = image.sum()
    if not total > 0:
        raise NoInkError("the picture has no ink, so it has no centre of mass")
    rows = image.sum(axis=1) @ np.arange(image.shape[0]) / total
    cols = image.sum(axis=0) @ np.arange(image.shape[1]) / total
    return float(rows), float(cols)


def centering_offset(fitted, field=FIELD, target=TARGET):
    """Whole-pixel (row, col) where ``fitted``'s top-left corner goes in the field so that
    its centre of mass lands nearest ``target``, kept inside the field."""
    com = center_of_mass(fitted)
    offset = []
    for c, size in zip(com, np.shape(fitted)):
        k = math.floor(target - c + 0.5 + _TIE)
        offset.append(min(max(k, 0), field - size))
    return tuple(offset)


@dataclasses.dataclass(frozen=True)
class MnistSteps:
    """Every step of :func:`mnist_steps`, for pictures and for the notes of ``predict``."""

    image: np.ndarray  # the input as float64 in 0..1, white ink on black
    box: tuple  # (top, bottom, left, right) of the ink in ``image``, bottom/right exclusive
    cropped: np.ndarray  # image[top:bottom, left:right]
    fitted: np.ndarray  # the crop fitted into 20x20 (its long side is 20)
    offset: tuple  # (row, col) of fitted's top-left corner in the 28x28 field
    shift: tuple  # offset minus the offset that would centre the box itself: the mass's pull
    final: np.ndarray  # (28, 28) float32 in 0..1: what the network sees

    @property
    def final_center_of_mass(self):
        return center_of_mass(self.final)

    def notes(self):
        """What was done, in words (one sentence per step)."""
        (top, bottom, left, right), (h, w) = self.box, self.fitted.shape
        cy, cx = self.final_center_of_mass
        return [
            f"cropped the {self.image.shape[1]}x{self.image.shape[0]} (width x height) picture "
            f"to its ink, {right - left}x{bottom - top} pixels",
            f"fitted the ink into {BOX}x{BOX} keeping its aspect ratio: {w}x{h} pixels",
            f"placed it in {FIELD}x{FIELD} with its centre of mass at ({cy:.1f}, {cx:.1f}) "
            f"(row, column), as MNIST's digits are centred",
        ]


def mnist_steps(image, threshold=INK_THRESHOLD):
    """Crop, fit into 20x20 and centre by mass in 28x28, keeping every intermediate step.

    ``image``: 2-D, white (bright) ink on black, values in 0..1 (uint8 is divided by 255), any
    size; for a photo or scan of dark ink on paper, pass it through :func:`ink_from_photo`
    first. Raises :class:`NoInkError` when no pixel is brighter than ``threshold``.
    """
    image = _as_unit_float(image, "image", (2,))
    top, bottom, left, right = ink_box(image, threshold)
    cropped = image[top:bottom, left:right]
    rows, cols = fit_size(*cropped.shape)
    fitted = area_resample(cropped, rows, cols)
    offset = centering_offset(fitted)
    final = np.zeros((FIELD, FIELD), np.float32)
    final[offset[0]:offset[0] + rows, offset[1]:offset[1] + cols] = np.clip(fitted, 0.0, 1.0)
    shift = tuple(o - (FIELD - s) / 2 for o, s in zip(offset, (rows, cols)))
    return MnistSteps(image=image, box=(top, bottom, left, right), cropped=cropped,
                      fitted=fitted, offset=offset, shift=shift, final=final)


def mnist_like(image, threshold=INK_THRESHOLD):
    """``image`` (2-D, white ink on black, 0..1) prepared as MNIST's digits were: (28, 28)
    float32. Raises :class:`NoInkError` for a picture without ink."""
    return mnist_steps(image, threshold).final


# ----------------------------------------------------------------------------- photos
@dataclasses.dataclass(frozen=True)
class PhotoInk:
    """The ink of a photo or scan and how it was found (:func:`photo_ink_steps`)."""

    pixels: np.ndarray  # 2-D float64 in 0..1, white ink on black: ready for mnist_like
    luminance: np.ndarray  # the photo in grayscale, 0..1
    inverted: bool  # True when the ink was darker than the paper
    paper: float  # the paper's luminance (the median pixel)
    noise_floor: float  # how far from the paper a pixel must be to count as ink

    def notes(self):
        colour = "dark ink on light paper" if self.inverted else "light ink on a dark ground"
        return [f"read it as {colour} (paper luminance {self.paper:.2f}); ink is what differs "
                f"from the paper by more than {self.noise_floor:.2f}"]


# Luminance weights of ITU-R BT.601, the ones Pillow's convert("L") uses.
_LUMA = np.array([0.299, 0.587, 0.114])
# The paper's grain: ink must differ from the paper by NOISE_SIGMAS robust standard
# deviations (1.4826 x the median absolute deviation) and by at least MIN_CONTRAST, and a
# speck with fewer than MIN_NEIGHBOURS ink pixels around it (of 8) is grain or dust too.
NOISE_SIGMAS = 5.0
MIN_CONTRAST = 0.1
MIN_NEIGHBOURS = 2
# The ink's level that becomes 1 (full white): this percentile of the ink pixels, so a few
# very dark specks do not leave the rest of the digit grey (MNIST's strokes are solid).
INK_PERCENTILE = 90.0


def _luminance(photo):
    """Grayscale 0..1 of a (rows, cols[, 1|2|3|4]) picture; transparency shows white paper."""
    if photo.ndim == 2:
        return photo
    channels = photo.shape[2]
    if channels in (2, 4):  # gray+alpha or RGBA: lay it over white paper
        alpha = photo[..., -1:]
        photo = photo[..., :-1] * alpha + (1.0 - alpha)
        channels -= 1
    if channels == 1:
        return photo[..., 0]
    if channels == 3:
        return photo @ _LUMA
    raise ValueError(f"photo has {photo.shape[2]} channels; expected 1 (gray), 2 (gray + "
                     f"alpha), 3 (RGB) or 4 (RGBA)")


def _neighbours(mask):
    """How many of each pixel's 8 neighbours are True."""
    padded = np.pad(mask, 1).astype(np.int8)
    rows, cols = mask.shape
    return sum(padded[1 + dy:1 + dy + rows, 1 + dx:1 + dx + cols]
               for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx)


def _grow(mask):
    """``mask`` and the pixels next to it."""
    return mask | (_neighbours(mask) > 0)


def photo_ink_steps(photo):
    """The ink of a photo or scan as white on black, with what was found on the way.

    ``photo``: (rows, cols), (rows, cols, 3) or (rows, cols, 4), uint8 or floats in 0..1,
    dark ink on light (possibly coloured) paper, or light ink on a dark ground. The paper is
    the median luminance; the ink is on whichever side of it the picture reaches further.
    Pixels within the paper's grain become 0, and so do specks (an ink pixel with fewer than
    two ink neighbours, unless it touches a stroke); the ink is scaled so most of it reaches 1.
    Crop the photo to the digit first: any other mark (an edge of the paper, a shadow) is ink
    too. A picture with no ink gives all zeros (then :func:`mnist_like` raises NoInkError).
    """
    photo = _as_unit_float(photo, "photo", (2, 3))
    lum = _luminance(photo)
    paper = float(np.median(lum))
    inverted = paper - float(lum.min()) >= float(lum.max()) - paper
    excess = paper - lum if inverted else lum - paper
    sigma = 1.4826 * float(np.median(np.abs(lum - paper)))
    floor = max(NOISE_SIGMAS * sigma, MIN_CONTRAST)
    ink = excess > floor
    ink &= _neighbours(ink) >= MIN_NEIGHBOURS
    pixels = np.zeros_like(lum)
    if ink.any():
        level = float(np.percentile(excess[ink], INK_PERCENTILE))
        if level - floor < 1e-6:
            level = float(excess.max())
        if level - floor >= 1e-6:
            pixels = np.clip((excess - floor) / (level - floor), 0.0, 1.0)
        else:  # all the ink sits at exactly one level just above the floor
            pixels = ink.astype(np.float64)
        pixels[~_grow(ink)] = 0.0  # specks removed; the ink's soft edges kept
    return PhotoInk(pixels=pixels, luminance=lum, inverted=bool(inverted), paper=paper,
                    noise_floor=floor)


def ink_from_photo(photo):
    """A photo or scan of a digit as a white-on-black 2-D image for :func:`mnist_like`."""
    return photo_ink_steps(photo).pixels


# ----------------------------------------------------------------------------- other hands
# Ways in which another writer's digits differ from MNIST's, as transforms of a 28x28 digit
# (white ink on black, 0..1): chapter 8 makes "foreign" digits with them, to measure what a
# network trained on MNIST does with handwriting unlike its training set, and what
# fine-tuning on a few such digits changes. Each returns float32 in 0..1, the input's shape.
# (A digit written off-centre and never re-centred: mlpbook.lessons.inspect.shift_images.)

def thicken(image, steps=1):
    """A bolder pen: each pixel takes the largest value of its 3x3 neighbourhood, ``steps``
    times (a grey dilation; every stroke grows by about one pixel on each side per step)."""
    out = _as_unit_float(image, "image", (2,))
    if not (isinstance(steps, int) and steps >= 0):
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    for _ in range(steps):
        padded = np.pad(out, 1)
        rows, cols = out.shape
        out = np.max([padded[i:i + rows, j:j + cols] for i in range(3) for j in range(3)],
                     axis=0)
    return out.astype(np.float32)


def slant(image, shear):
    """Italic writing: row r moves ``shear * (centre - r)`` pixels to the right (its top
    leans right for shear > 0), by linear interpolation between neighbouring pixels."""
    image = _as_unit_float(image, "image", (2,))
    if not (isinstance(shear, (int, float)) and math.isfinite(shear) and abs(shear) <= 2):
        raise ValueError(f"shear must be a number between -2 and 2, got {shear!r}")
    rows, cols = image.shape
    out = np.zeros_like(image)
    x = np.arange(cols, dtype=np.float64)
    for r in range(rows):
        source = x - shear * ((rows - 1) / 2 - r)   # where each new pixel comes from
        out[r] = np.interp(source, x, image[r], left=0.0, right=0.0)
    return np.clip(out, 0.0, 1.0).astype(np.float32)


# ----------------------------------------------------------------------------- strokes
def _check_strokes(strokes):
    """Strokes as a list of (n, 2) float64 arrays of points in 0..1, or a clear ValueError."""
    clean = []
    for i, stroke in enumerate(strokes):
        points = np.asarray(stroke, dtype=np.float64)
        if points.ndim != 2 or points.shape[1] != 2 or len(points) == 0:
            raise ValueError(f"stroke {i} must be a non-empty list of [x, y] points, got shape "
                             f"{points.shape}")
        if not (np.isfinite(points).all() and points.min() >= 0 and points.max() <= 1):
            raise ValueError(f"stroke {i} has points outside 0..1 (fractions of the pad's "
                             f"width and height)")
        clean.append(points)
    return clean


def _ink_segment(ink, a, b, size, radius):
    """Ink the pixels near the segment a-b (pixels of the raster, a == b for a dot): each
    pixel keeps the larger of its ink and the brush's cover, clip(radius + 0.5 - d, 0, 1).

    The same operations in the same order as ``inkSegment`` in drawing_pad.js, so both give
    the same float64 numbers: IEEE arithmetic and a correctly rounded square root."""
    ax, ay, bx, by = a[0] * size, a[1] * size, b[0] * size, b[1] * size
    reach = radius + 1
    c0 = max(0, math.floor(min(ax, bx) - reach))
    c1 = min(size - 1, math.ceil(max(ax, bx) + reach))
    r0 = max(0, math.floor(min(ay, by) - reach))
    r1 = min(size - 1, math.ceil(max(ay, by) + reach))
    if c0 > c1 or r0 > r1:
        return
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    px = (np.arange(c0, c1 + 1) + 0.5)[None, :] - ax
    py = (np.arange(r0, r1 + 1) + 0.5)[:, None] - ay
    if length2 > 0:
        t = np.clip((px * dx + py * dy) / length2, 0.0, 1.0)
    else:
        t = np.zeros(np.broadcast_shapes(px.shape, py.shape))
    ex = px - t * dx
    ey = py - t * dy
    cover = np.clip(radius + 0.5 - np.sqrt(ex * ex + ey * ey), 0.0, 1.0)
    window = ink[r0:r1 + 1, c0:c1 + 1]
    np.maximum(window, cover, out=window)


def rasterize(strokes, size=RASTER, brush=BRUSH):
    """The pad's strokes as ink: (size, size) float64 in 0..1, row-major like the page's raster.

    ``strokes``: a list of strokes, each a list of [x, y] points in 0..1 (fractions of the
    pad's width and height, as :class:`mlpbook.widgets.DrawingPad` holds them). A stroke is
    a round brush ``brush * size`` pixels wide, dragged from point to point (one point: a
    dot). Pixel (row, col) has its centre at (col + 0.5, row + 0.5)."""
    ink = np.zeros((size, size))
    radius = brush * size / 2
    for points in _check_strokes(strokes):
        _ink_segment(ink, points[0], points[0], size, radius)
        for a, b in zip(points[:-1], points[1:]):
            _ink_segment(ink, a, b, size, radius)
    return ink


def strokes_image(strokes):
    """What the pad's network sees of ``strokes``: the (28, 28) float32 MNIST-like image, or
    None for no ink (no strokes)."""
    try:
        return mnist_like(rasterize(strokes))
    except NoInkError:
        return None
