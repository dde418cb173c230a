"""Study A data: equiluminant colours, the zero-shot split, determinism."""

import numpy as np
import pytest
import torch

from negresults.config import ConfigError
from negresults.shape_color.compute.data import (
    DeviceRenderer,
    all_pairs,
    class_hues,
    equiluminant_rgb,
    held_out_pairs,
    in_gamut,
    make_data,
    make_set,
    relative_luminance,
    srgb_decode,
)
from negresults.shape_color.config import ShapeColorConfig as Config
from negresults.shape_color.config import max_held_out


@pytest.mark.parametrize("preset", ["smoke", "cpu", "gpu"])
def test_object_colours_share_one_luminance(preset):
    cfg = Config.from_params(preset=preset)
    centre = class_hues(cfg.n_classes)
    hues = np.concatenate(
        [
            centre,
            centre - cfg.critical_offset,
            centre + cfg.critical_offset,
            np.linspace(0, 360, 997),
        ]
    )
    rgb = equiluminant_rgb(hues, cfg.lightness_y, cfg.chroma)
    y = relative_luminance(srgb_decode(rgb))
    assert np.abs(y - cfg.lightness_y).max() < 1e-4
    # ...while the colours themselves differ clearly between classes.
    class_rgb = equiluminant_rgb(centre, cfg.lightness_y, cfg.chroma)
    gaps = np.linalg.norm(class_rgb[:, None] - class_rgb[None], axis=-1)
    assert gaps[~np.eye(cfg.n_classes, dtype=bool)].min() > 0.05
    assert in_gamut(hues, cfg.lightness_y, cfg.chroma)


def test_rendered_object_pixels_have_the_shared_luminance():
    cfg = Config.from_params(preset="smoke")
    cfg = type(cfg)(**{**cfg.__dict__, "noise_std": 0.0})
    s = make_set(cfg, all_pairs(cfg.n_classes), 2, seed=3)
    images = s.render().numpy()
    inside = s.alpha == 1.0
    lum = relative_luminance(srgb_decode(images.transpose(0, 2, 3, 1)))
    assert inside.sum() > 100
    assert np.abs(lum[inside] - cfg.lightness_y).max() < 2e-3


def test_colour_cannot_be_inferred_from_luminance_in_the_images():
    cfg = Config.from_params(preset="smoke")
    s = make_set(cfg, all_pairs(cfg.n_classes), 4, seed=1)
    lum = relative_luminance(srgb_decode(s.render().numpy().transpose(0, 2, 3, 1)))
    inside = s.alpha == 1.0
    per_colour = [lum[(s.colour == c)[:, None, None] & inside].mean() for c in range(cfg.n_classes)]
    assert np.ptp(per_colour) < 0.01


@pytest.mark.parametrize("n", [2, 4, 8])
def test_every_split_keeps_seen_partners_for_every_shape_and_colour(n):
    for count in range(1, max_held_out(n) + 1):
        held = held_out_pairs(n, count, count)
        assert held.sum() == count
        assert (~held).any(axis=1).all(), f"a shape lost all seen partners at {count}"
        assert (~held).any(axis=0).all(), f"a colour lost all seen partners at {count}"


def test_no_held_out_pair_reaches_training_and_the_test_set_has_them_all():
    cfg = Config.from_params(preset="cpu", seeds=[0])
    data = make_data(cfg, seed=0)
    train_pairs = set(zip(data.train.shape.tolist(), data.train.colour.tolist(), strict=True))
    held = {tuple(p) for p in np.argwhere(data.held_out)}
    assert len(held) == cfg.held_out_pairs
    assert not train_pairs & held
    assert len(train_pairs) == cfg.n_classes**2 - cfg.held_out_pairs
    test_pairs = set(zip(data.test.shape.tolist(), data.test.colour.tolist(), strict=True))
    assert held <= test_pairs and len(test_pairs) == cfg.n_classes**2


def test_same_seed_gives_identical_images_and_another_seed_does_not():
    cfg = Config.from_params(preset="smoke")
    a, b, c = make_data(cfg, 5), make_data(cfg, 5), make_data(cfg, 6)
    assert torch.equal(a.test_images, b.test_images)
    assert torch.equal(a.critical_images, b.critical_images)
    assert np.array_equal(a.train.alpha, b.train.alpha)
    assert not torch.equal(a.test_images, c.test_images)


def test_benchmark_hues_sit_off_centre_by_the_offset():
    cfg = Config.from_params(preset="smoke")
    data = make_data(cfg, 0)
    off = np.abs(data.critical.hue - class_hues(cfg.n_classes)[data.critical.colour])
    assert np.allclose(off, cfg.critical_offset)


@pytest.mark.bad_input
def test_impossible_split_is_refused_by_config():
    with pytest.raises(ConfigError, match=r"impossible split.*held_out_pairs=57.*at most 56"):
        Config.from_params(preset="cpu", held_out_pairs=57)


def test_device_renderer_draws_the_same_images_as_the_numpy_renderer():
    cfg = Config.from_params(preset="smoke", noise_std=0.0)
    data = make_data(cfg, seed=3).train
    index = np.array([5, 0, 17, 3])
    shift = np.array([10.0, -44.0, 0.0, 359.0])
    on_device = DeviceRenderer(data, "cpu", seed=0).render(index, hue_shift=shift)
    reference = data.render(index, hue_shift=shift)
    assert on_device.shape == reference.shape and on_device.dtype == torch.float32
    torch.testing.assert_close(on_device, reference, atol=1e-5, rtol=0)


def test_device_renderer_noise_is_seeded():
    data = make_data(Config.from_params(preset="smoke"), seed=3).train
    index = np.arange(8)
    a = DeviceRenderer(data, "cpu", seed=1).render(index)
    b = DeviceRenderer(data, "cpu", seed=1).render(index)
    c = DeviceRenderer(data, "cpu", seed=2).render(index)
    assert torch.equal(a, b) and not torch.equal(a, c)


def test_pixel_noise_has_the_configured_spread():
    cfg = Config.from_params(preset="smoke", noise_std=0.05)
    data = make_data(cfg, seed=0).train
    index = np.arange(64)
    clean = type(data)(**{**data.__dict__, "noise_std": 0.0}).render(index)
    rng = np.random.default_rng(0)
    noise = (data.render(index, rng=rng) - clean).numpy()
    assert abs(noise.std() - 0.05) < 0.002 and abs(noise.mean()) < 0.002
    torch_noise = DeviceRenderer(data, "cpu", seed=0).render(index) - clean
    assert abs(float(torch_noise.std()) - 0.05) < 0.002
