"""MNIST's preprocessing (mlpbook.engine.preprocess): crop to the ink, fit into 20x20, centre by mass.

Digits that are small, off-centre, tall, wide, on coloured paper, or missing; bad input;
and real MNIST test digits, which were made this way and so must come back unchanged.
"""

import numpy as np
import pytest

from mlpbook.engine import preprocess as pp
from mlpbook.engine.data import load_mnist


# ------------------------------------------------------------------ test pictures
def ring(size=112, center=(56, 56), radii=(30, 20), width=7.0):
    """A white ellipse outline (a "0") on black, anti-aliased, ``size`` x ``size``."""
    rows, cols = np.mgrid[0:size, 0:size].astype(float)
    cy, cx = center
    ry, rx = radii
    r = np.hypot((rows - cy) / ry, (cols - cx) / rx)
    distance = np.abs(r - 1.0) * min(ry, rx)
    return np.clip(width / 2 - distance + 0.5, 0.0, 1.0)


def bar(size, top, left, height, width):
    image = np.zeros((size, size))
    image[top:top + height, left:left + width] = 1.0
    return image


def distance(a, b):
    """Mean absolute difference of two 28x28 images, allowing a shift by one pixel: centring
    by whole pixels can move a nearly symmetric digit one pixel either way."""
    return min(float(np.abs(np.roll(a, (dy, dx), (0, 1)) - b).mean())
               for dy in (-1, 0, 1) for dx in (-1, 0, 1))


def assert_centred(image):
    cy, cx = pp.center_of_mass(image)
    assert abs(cy - pp.TARGET) <= 0.5 + 1e-9 and abs(cx - pp.TARGET) <= 0.5 + 1e-9, (cy, cx)


# ------------------------------------------------------------------ the result
def test_result_is_28x28_float32_in_unit_range_with_long_side_20():
    steps = pp.mnist_steps(ring())
    assert steps.final.shape == (28, 28) and steps.final.dtype == np.float32
    assert steps.final.min() >= 0 and steps.final.max() <= 1
    assert max(steps.fitted.shape) == 20
    rows = np.flatnonzero(steps.final.any(axis=1))
    cols = np.flatnonzero(steps.final.any(axis=0))
    assert rows[-1] - rows[0] + 1 == 20  # the ring is taller than wide
    assert cols[-1] - cols[0] + 1 == steps.fitted.shape[1]
    assert np.array_equal(pp.mnist_like(ring()), steps.final)
    assert_centred(steps.final)


def test_small_digit_is_scaled_up_to_fill_the_box():
    small = ring(size=112, radii=(6, 4), width=2.0)
    steps = pp.mnist_steps(small)
    assert steps.box[1] - steps.box[0] <= 18  # the ink is tiny...
    assert max(steps.fitted.shape) == 20  # ...and is scaled up to 20 pixels
    assert_centred(steps.final)


def test_off_centre_digit_gives_the_same_result_as_a_centred_one():
    centred = pp.mnist_like(ring(center=(56, 56)))
    corner = pp.mnist_like(ring(center=(40, 76)))  # the same ring, moved by whole pixels
    assert np.array_equal(centred, corner)


def test_tall_and_wide_digits_keep_their_aspect_ratio():
    tall = pp.mnist_steps(bar(112, 10, 50, 80, 10))
    assert tall.fitted.shape == (20, 3)  # 10 * 20 / 80 = 2.5 rounds up to 3
    wide = pp.mnist_steps(bar(112, 50, 10, 10, 80))
    assert wide.fitted.shape == (3, 20)
    assert np.array_equal(wide.final, tall.final.T)
    for steps in (tall, wide):
        assert steps.final.sum() == pytest.approx(steps.fitted.sum(), rel=1e-6)
        assert_centred(steps.final)


def test_fit_size_rounds_half_up_and_keeps_at_least_one_pixel():
    assert pp.fit_size(80, 10) == (20, 3)
    assert pp.fit_size(8, 1) == (20, 3)  # 2.5 -> 3 (numpy's round would give 2)
    assert pp.fit_size(200, 1) == (20, 1)
    assert pp.fit_size(7, 7) == (20, 20)


def test_centre_of_mass_lands_within_half_a_pixel_of_14_14():
    rng = np.random.default_rng(1)
    at_edge = 0
    for _ in range(60):
        image = np.zeros((60, 50))
        for _ in range(rng.integers(1, 5)):  # a few random blobs of ink
            top, left = rng.integers(0, 45), rng.integers(0, 35)
            h, w = rng.integers(3, 15, size=2)
            image[top:top + h, left:left + w] = rng.uniform(0.3, 1.0)
        steps = pp.mnist_steps(image)
        edges = [(0, 28 - n) for n in steps.fitted.shape]
        if any(o in edge for o, edge in zip(steps.offset, edges)):
            at_edge += 1  # kept inside the field: the centre of mass may be further off
        else:
            assert_centred(steps.final)
    assert at_edge <= 12  # measured: 8 of these 60 lopsided blob sets


def test_offset_is_kept_inside_the_field():
    # All the ink's weight sits in one corner of a large box: centring it by mass would push
    # the box off the field, so the box stops at the field's edge instead.
    image = np.zeros((40, 40))
    image[0:4, 0:4] = 1.0
    image[39, 39] = 0.01
    steps = pp.mnist_steps(image)
    assert steps.offset == (8, 8)
    assert steps.final.sum() == pytest.approx(steps.fitted.sum(), rel=1e-6)


def test_steps_describe_what_was_done():
    steps = pp.mnist_steps(bar(112, 10, 50, 80, 10))
    assert steps.box == (10, 90, 50, 60)
    assert steps.cropped.shape == (80, 10)
    assert steps.shift == (steps.offset[0] - 4, steps.offset[1] - 12.5)
    notes = " ".join(steps.notes())
    assert "10x80" in notes and "3x20" in notes and "centre of mass" in notes


def test_threshold_ignores_faint_noise():
    image = bar(64, 20, 20, 30, 8)
    noisy = np.maximum(image, 0.02 * (np.random.default_rng(0).random(image.shape) < 0.5))
    assert pp.mnist_steps(noisy).box == (0, 64, 0, 64)  # threshold 0: noise is ink
    assert pp.mnist_steps(noisy, threshold=0.05).box == (20, 50, 20, 28)


def test_uint8_is_read_as_0_to_255():
    image = (ring() * 255).round().astype(np.uint8)
    assert np.allclose(pp.mnist_like(image), pp.mnist_like(image / 255.0), atol=1e-7)


# ------------------------------------------------------------------ area averaging
def test_area_resample_averages_blocks_and_repeats_pixels():
    rng = np.random.default_rng(2)
    image = rng.random((40, 60))
    down = pp.area_resample(image, 20, 20)
    assert np.allclose(down, image.reshape(20, 2, 20, 3).mean(axis=(1, 3)))
    assert np.allclose(pp.area_resample(image, 40, 60), image)
    up = pp.area_resample(image[:5, :4], 20, 20)
    assert np.allclose(up, np.kron(image[:5, :4], np.ones((4, 5))))
    odd = pp.area_resample(image, 17, 23)  # uneven: the mean brightness is kept
    assert odd.mean() == pytest.approx(image.mean())


# ------------------------------------------------------------------ no ink, bad input
def test_empty_image_raises_no_ink_error():
    with pytest.raises(pp.NoInkError, match="no ink"):
        pp.mnist_like(np.zeros((28, 28)))
    with pytest.raises(ValueError):  # NoInkError is a ValueError
        pp.mnist_steps(np.zeros((5, 7)))


@pytest.mark.parametrize("image, message", [
    (np.full((10, 10), np.nan), "NaN"),
    (np.array([[0.0, np.inf]]), "infinite"),
    (np.zeros((4, 4, 3)), "2-D"),
    (np.zeros(10), "2-D"),
    (np.zeros((0, 5)), "empty"),
    (np.full((4, 4), 2.0), "0..1"),
    (np.full((4, 4), -0.5), "0..1"),
    (np.zeros((4, 4), np.int16), "dtype"),
    (np.array([["a"]]), "dtype"),
])
def test_bad_images_are_refused_with_the_reason(image, message):
    with pytest.raises(ValueError, match=message):
        pp.mnist_like(image)


# ------------------------------------------------------------------ photos and scans
def photo_of(ink, paper, pen, noise=0.02, seed=0):
    """An RGB photo: ``ink`` (0..1 mask) in colour ``pen`` on paper of colour ``paper``."""
    rng = np.random.default_rng(seed)
    ink = ink[..., None]
    rgb = (1 - ink) * np.array(paper) + ink * np.array(pen)
    return np.clip(rgb + rng.normal(0, noise, rgb.shape), 0, 1)


@pytest.mark.parametrize("paper, pen", [
    ((1.0, 1.0, 1.0), (0.05, 0.05, 0.05)),  # black pen, white paper
    ((0.98, 0.92, 0.55), (0.1, 0.12, 0.45)),  # blue pen, yellow paper
    ((0.45, 0.6, 0.9), (0.05, 0.05, 0.1)),  # black pen on darkish blue paper
    ((0.75, 0.95, 0.75), (0.6, 0.05, 0.05)),  # red pen, green paper
])
def test_dark_ink_on_coloured_paper(paper, pen):
    ink = ring(size=96, center=(40, 55), radii=(25, 15), width=6.0)
    steps = pp.photo_ink_steps(photo_of(ink, paper, pen))
    assert steps.inverted
    clean, from_photo = pp.mnist_steps(ink), pp.mnist_steps(steps.pixels)
    assert from_photo.box == clean.box  # no speck of paper grain widened the box
    assert np.abs(from_photo.fitted - clean.fitted).max() < 0.12
    assert distance(from_photo.final, clean.final) < 0.015  # another digit: ~0.15
    assert_centred(from_photo.final)


def test_light_ink_on_a_dark_ground_is_not_inverted():
    ink = ring(size=80, center=(40, 40))
    steps = pp.photo_ink_steps(photo_of(ink, (0.1, 0.15, 0.1), (0.95, 0.95, 0.9)))
    assert not steps.inverted
    assert distance(pp.mnist_like(steps.pixels), pp.mnist_like(ink)) < 0.04
    assert "light ink" in steps.notes()[0]


def test_transparent_background_is_white_paper_and_uint8_works():
    ink = ring(size=64, center=(32, 32), radii=(20, 14), width=5.0)
    rgba = np.zeros((64, 64, 4))
    rgba[..., :3] = 0.1  # dark ink colour everywhere...
    rgba[..., 3] = ink  # ...but only opaque where the ink is
    image = (rgba * 255).round().astype(np.uint8)
    pixels = pp.ink_from_photo(image)
    assert pixels.shape == (64, 64) and pixels.max() == 1.0
    assert distance(pp.mnist_like(pixels), pp.mnist_like(ink)) < 0.05
    assert distance(pp.mnist_like(bar(64, 10, 30, 40, 5)), pp.mnist_like(ink)) > 0.1


def test_grayscale_scan_and_blank_paper():
    ink = bar(50, 10, 20, 30, 6)
    scan = 0.9 - 0.8 * ink  # dark ink on light gray paper, no noise
    assert pp.ink_from_photo(scan).max() == 1.0
    blank = photo_of(np.zeros((40, 40)), (0.9, 0.85, 0.6), (0, 0, 0), noise=0.01)
    assert not pp.ink_from_photo(blank).any()
    with pytest.raises(pp.NoInkError):
        pp.mnist_like(pp.ink_from_photo(blank))


@pytest.mark.parametrize("photo, message", [
    (np.zeros((4, 4, 5)), "channels"),
    (np.zeros((4, 4, 3, 1)), "2-D or 3-D"),
    (np.full((4, 4, 3), np.nan), "NaN"),
    (np.full((4, 4, 3), 255.0), "0..1"),
])
def test_bad_photos_are_refused(photo, message):
    with pytest.raises(ValueError, match=message):
        pp.ink_from_photo(photo)


# ------------------------------------------------------------------ real MNIST digits
def test_real_mnist_digits_come_back_unchanged():
    data = load_mnist(progress=False)
    images = data.test_images[:300].reshape(-1, 28, 28)
    unchanged = 0
    for image in images:
        again = pp.mnist_like(image)
        assert np.abs(again - image).max() <= 0.5  # never far from itself
        unchanged += int(np.abs(again - image).max() <= 1e-6)
        assert_centred(again)
    assert unchanged >= 0.98 * len(images)  # measured: all of them
