"""Tests of mlpbook.engine.imageio on pictures generated here: read the way a viewer shows them
(EXIF orientation, transparency), and with bounded memory and time (large pictures shrunk
while decoding, huge ones refused before it)."""

from __future__ import annotations

import struct
import time
import warnings
import zlib

import numpy as np
import pytest
from PIL import Image, ImageDraw

from mlpbook.engine import imageio
from mlpbook.engine.imageio import ImageError, load_digit, load_image, read_gray

ORIENTATION = 0x0112


def upright():
    """An asymmetric 30x20 (rows x cols) picture: every turn or mirror of it differs."""
    rows, cols = np.mgrid[0:30, 0:20]
    picture = (rows * 7 + cols * 3) % 200
    picture[2:6, 3:15] = 255  # a bar near the top left
    return picture.astype(np.uint8)


# What the file stores, for each EXIF orientation, so that a viewer shows ``upright()``
# (from the tag's definition: where the stored 0th row and 0th column are displayed).
STORED = {
    1: lambda u: u,
    2: lambda u: u[:, ::-1],  # row 0 at the top, column 0 on the right: mirrored
    3: lambda u: u[::-1, ::-1],  # row 0 at the bottom, column 0 on the right: turned 180
    4: lambda u: u[::-1, :],  # row 0 at the bottom, column 0 on the left
    5: lambda u: u.T,  # row 0 on the left, column 0 at the top
    6: lambda u: np.rot90(u, 1),  # row 0 on the right, column 0 at the top
    7: lambda u: u[::-1, ::-1].T,  # row 0 on the right, column 0 at the bottom
    8: lambda u: np.rot90(u, -1),  # row 0 on the left, column 0 at the bottom
}


def save_with_orientation(pixels, path, orientation, **options):
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    Image.fromarray(np.ascontiguousarray(pixels)).save(path, exif=exif, **options)
    return path


@pytest.mark.parametrize("orientation", sorted(STORED))
def test_every_exif_orientation_is_applied(tmp_path, orientation):
    want = upright()
    path = save_with_orientation(STORED[orientation](want), tmp_path / "p.png", orientation)
    gray, _ = read_gray(path)
    np.testing.assert_array_equal(np.round(gray * 255).astype(np.uint8), want)


def seven(rows=120, cols=90):
    """A black 7 on white paper."""
    image = Image.new("L", (cols, rows), 255)
    ImageDraw.Draw(image).line([(15, 15), (75, 15), (35, 105)], fill=0, width=9)
    return np.asarray(image)


def test_a_phone_photo_stored_upside_down_is_read_upright(tmp_path):
    # A JPEG (as phones write them) of a 7 stored turned by 180 degrees, with orientation 3.
    straight = load_digit(save_with_orientation(seven(), tmp_path / "up.jpg", 1, quality=95))
    photo = save_with_orientation(seven()[::-1, ::-1], tmp_path / "phone.jpg", 3, quality=95)
    turned = load_digit(photo)
    assert np.abs(turned.pixels - straight.pixels).max() < 0.05
    unturned = load_digit(save_with_orientation(seven()[::-1, ::-1], tmp_path / "raw.jpg", 1,
                                                quality=95))
    assert np.abs(unturned.pixels - straight.pixels).max() > 0.5  # the tag matters
    assert any("EXIF orientation" in note and "180" in note for note in turned.notes)
    assert turned.original_size == (120, 90)


def test_a_quarter_turn_swaps_the_size_it_reports(tmp_path):
    path = save_with_orientation(STORED[6](seven()), tmp_path / "side.png", 6)
    assert load_image(path, shape=(28, 28)).original_size == (120, 90)


def png_header_only(path, width, height):
    """A PNG whose header says width x height (8-bit gray) but whose data is a few bytes."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
                     + chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b""))
    return path


@pytest.mark.parametrize("width, height", [(10_000, 10_000), (7_000, 6_000), (20_000, 20_000)])
def test_a_huge_picture_is_refused_before_decoding(tmp_path, width, height):
    path = png_header_only(tmp_path / "huge.png", width, height)
    started = time.process_time()  # CPU time: the same on a busy machine
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ImageError) as info:
            load_digit(path)
    assert time.process_time() - started < 1.0
    message = str(info.value)
    assert str(path) in message and "megapixels" in message and "shrink it" in message
    assert "damaged" not in message  # refused by its size, before its (broken) data is read
    assert not [w for w in caught if "DecompressionBomb" in type(w.message).__name__]


def test_a_large_png_is_shrunk_while_reading(tmp_path):
    big = Image.fromarray(seven()).resize((1800, 2400), Image.Resampling.NEAREST)
    path = tmp_path / "scan.png"
    big.save(path)
    digit = load_digit(path)
    assert max(digit.steps.image.shape) <= imageio.WORK_SIDE
    assert digit.original_size == (2400, 1800)
    assert any("shrank the 1800x2400" in note for note in digit.notes)
    small = load_digit(_saved(seven(), tmp_path / "small.png"))
    assert np.abs(digit.pixels - small.pixels).mean() < 0.02  # the same digit for the network


def test_a_large_jpeg_is_decoded_small(tmp_path):
    big = Image.fromarray(seven()).resize((3000, 4000), Image.Resampling.BILINEAR)
    path = tmp_path / "photo.jpg"
    big.save(path, quality=90)
    started = time.process_time()  # CPU time: the same on a busy machine
    digit = load_digit(path)
    assert time.process_time() - started < 2.0
    assert max(digit.steps.image.shape) <= imageio.WORK_SIDE
    small = load_digit(_saved(seven(), tmp_path / "small.png"))
    assert np.abs(digit.pixels - small.pixels).mean() < 0.03


def _saved(pixels, path):
    Image.fromarray(pixels).save(path)
    return path


def stroke_alpha():
    """The coverage of a 7's strokes, 0..255."""
    return 255 - seven()


def test_white_ink_on_a_transparent_background(tmp_path):
    alpha = stroke_alpha()
    rgba = np.zeros(alpha.shape + (4,), np.uint8)
    rgba[..., :3] = 255  # white everywhere; only the strokes are opaque
    rgba[..., 3] = alpha
    path = _saved(rgba, tmp_path / "white-on-clear.png")
    digit = load_digit(path)
    opaque = load_digit(_saved(alpha, tmp_path / "white-on-black.png"))  # the same, opaque
    np.testing.assert_allclose(digit.pixels, opaque.pixels, atol=1e-6)
    assert any("transparent" in note and "black" in note for note in digit.notes)
    image = load_image(path, shape=(10, 10))
    assert image.pixels.max() - image.pixels.min() > 0.5  # not read as a blank picture
    assert any("transparent" in note for note in image.notes)


def test_dark_ink_on_a_transparent_background_is_still_laid_over_white(tmp_path):
    rgba = np.zeros(stroke_alpha().shape + (4,), np.uint8)  # black, opaque only on the strokes
    rgba[..., 3] = stroke_alpha()
    digit = load_digit(_saved(rgba, tmp_path / "black-on-clear.png"))
    opaque = load_digit(_saved(seven(), tmp_path / "black-on-white.png"))
    np.testing.assert_allclose(digit.pixels, opaque.pixels, atol=1e-6)
    assert not any("over black" in note for note in digit.notes)


def test_a_fully_transparent_picture_says_so(tmp_path):
    path = _saved(np.zeros((40, 30, 4), np.uint8), tmp_path / "clear.png")
    with pytest.raises(ImageError, match="fully transparent"):
        load_digit(path)


def test_a_blank_half_transparent_picture_mentions_the_transparency(tmp_path):
    rgba = np.full((40, 30, 4), 128, np.uint8)  # one grey, half transparent, everywhere
    with pytest.raises(ImageError) as info:
        load_digit(_saved(rgba, tmp_path / "haze.png"))
    message = str(info.value)
    assert "blank picture" in message and "transparent background" in message
    assert "over white paper and over black paper" in message
