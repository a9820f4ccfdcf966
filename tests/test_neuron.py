"""One neuron by hand (mlpbook.lessons.neuron): sums, activations, and hand-made weight patterns."""

import numpy as np
import pytest

from mlpbook.lessons import neuron
from mlpbook.engine import reference


def test_input_vector_is_row_major_and_inverts():
    image = np.arange(28 * 28, dtype=float).reshape(28, 28)
    v = neuron.as_input_vector(image)
    assert v.shape == (784,)
    assert v[28 * 3 + 5] == image[3, 5]          # pixel (row r, col c) at 28·r + c
    assert np.array_equal(neuron.as_image(v), image)
    assert neuron.as_image(np.zeros(12), shape=(3, 4)).shape == (3, 4)
    v[0] = -1                                    # a copy, never a view of the image
    assert image[0, 0] == 0
    with pytest.raises(ValueError):
        neuron.as_image(np.zeros(10))
    with pytest.raises(ValueError):
        neuron.as_input_vector(np.zeros((2, 2, 2)))


def test_weighted_sum_bias_and_activation():
    w, a = np.array([1.0, -2.0, 0.5]), np.array([0.2, 0.9, 1.0])
    assert neuron.weighted_sum(w, a) == pytest.approx(-1.1)
    assert neuron.neuron_input(w, a, -0.3) == pytest.approx(-1.4)
    assert neuron.neuron_activation(w, a, -0.3) == pytest.approx(float(reference.sigmoid(-1.4)))
    assert neuron.neuron_activation(w, a, 2.0, activation="relu") == pytest.approx(0.9)
    with pytest.raises(ValueError, match="one weight per input"):
        neuron.weighted_sum(w, np.ones(4))
    with pytest.raises(ValueError):
        neuron.neuron_activation(w, a, 0.0, activation="tanh")


def test_images_and_vectors_mix_in_the_same_order():
    rng = np.random.default_rng(0)
    w, image = rng.normal(size=(28, 28)), rng.random((28, 28))
    expected = float(np.sum(w * image))
    assert neuron.weighted_sum(w, image) == pytest.approx(expected)
    assert neuron.weighted_sum(w.ravel(), image) == pytest.approx(expected)
    batch = np.stack([image.ravel(), 2 * image.ravel()])
    assert np.allclose(neuron.weighted_sums(w, batch, bias=1.5),
                       [expected + 1.5, 2 * expected + 1.5])


def test_response_products_add_up_to_the_weighted_sum():
    rng = np.random.default_rng(1)
    w, image = rng.normal(size=(28, 28)), rng.random(784)
    r = neuron.neuron_response(w, image, bias=-10)
    assert r.products.shape == (784,)
    assert r.weighted_sum == pytest.approx(float(r.products.sum()))
    assert r.z == pytest.approx(r.weighted_sum - 10)
    assert r.activation == pytest.approx(float(reference.sigmoid(r.z)))
    assert r.fires == (r.activation > 0.5)
    black = neuron.neuron_response(w, np.zeros((28, 28)), bias=0)
    assert black.weighted_sum == 0 and black.activation == 0.5


@pytest.mark.parametrize("orientation", ["horizontal", "vertical"])
def test_edge_detector_shape_signs_and_balance(orientation):
    w = neuron.edge_detector(orientation=orientation, width=2, band=2, length=12)
    assert w.shape == (28, 28)
    assert w.max() == 1.0 and w.min() < 0
    assert w.sum() == pytest.approx(0.0)        # balanced: a flat image gives 0
    assert neuron.weighted_sum(w, np.ones((28, 28))) == pytest.approx(0.0)
    strip = (w == 1.0)
    assert strip.sum() == 2 * 12
    raw = neuron.edge_detector(orientation=orientation, balanced=False)
    assert set(np.unique(raw)) == {-1.0, 0.0, 1.0}


def test_edge_detector_orientations_are_transposes():
    h = neuron.edge_detector(orientation="horizontal", width=3, band=1)
    v = neuron.edge_detector(orientation="vertical", width=3, band=1)
    assert np.array_equal(h.T, v)
    # a bright horizontal bar along the strip beats the same bar shifted onto the band
    bar = np.zeros((28, 28))
    bar[13:15, :] = 1
    shifted = np.roll(bar, 3, axis=0)
    assert neuron.weighted_sum(h, bar) > 0 > neuron.weighted_sum(h, shifted)
    with pytest.raises(ValueError):
        neuron.edge_detector(orientation="diagonal")


def test_ring_pattern_prefers_a_ring_to_a_bar():
    w = neuron.ring_pattern()
    assert w.sum() == pytest.approx(0.0)
    rows, cols = np.mgrid[0:28, 0:28]
    rho = np.sqrt(((rows - 13.5) / 7.5) ** 2 + ((cols - 13.5) / 5.0) ** 2)
    ring = (np.abs(rho - 1) < 0.2).astype(float)
    bar = np.zeros((28, 28))
    bar[4:24, 13:15] = 1
    assert neuron.weighted_sum(w, ring) > 0 > neuron.weighted_sum(w, bar)


def test_named_patterns_and_random_is_seeded():
    for name in neuron.PATTERNS:
        w = neuron.weight_pattern(name)
        assert w.shape == (28, 28) and np.isfinite(w).all() and np.any(w)
    assert np.array_equal(neuron.random_pattern(seed=3), neuron.random_pattern(seed=3))
    assert not np.array_equal(neuron.random_pattern(seed=3), neuron.random_pattern(seed=4))
    with pytest.raises(ValueError, match="unknown weight pattern"):
        neuron.weight_pattern("spiral")


def test_layer_parameter_count():
    assert neuron.layer_parameter_count(784, 16) == (784 * 16, 16)
    assert sum(neuron.layer_parameter_count(784, 30)) == 23550
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ValueError):
            neuron.layer_parameter_count(784, bad)
