"""Study B data: rendered source, target splits, seed pairing."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from negresults.config import ConfigError
from negresults.transfer import names
from negresults.transfer.compute import data as D
from negresults.transfer.compute import datasets, selection, train
from negresults.transfer.compute import model as M
from negresults.transfer.config import TransferConfig as Config
from negresults.transfer.plan import arm_config


def test_rendering_is_seeded_balanced_and_in_range():
    x1, y1 = D.render_digits(60, 16, seed=3)
    x2, y2 = D.render_digits(60, 16, seed=3)
    x3, _ = D.render_digits(60, 16, seed=4)
    assert x1.shape == (60, 1, 16, 16)
    assert torch.equal(x1, x2) and torch.equal(y1, y2)
    assert not torch.equal(x1, x3)
    assert np.bincount(y1.numpy(), minlength=10).tolist() == [6] * 10
    assert 0.0 <= float(x1.min()) and float(x1.max()) <= 1.0
    # every image shows ink, and no image is all ink
    ink = (x1 > 0.5).float().mean(dim=(1, 2, 3))
    assert bool((ink > 0.02).all()) and bool((ink < 0.8).all())


def test_only_fonts_that_draw_digits_are_used():
    names = [p.stem for p in D.font_files()]
    assert "DejaVuSans" in names
    assert not any(n.startswith(("cmsy", "cmex", "STIXSiz")) or "Display" in n for n in names)


def _splits(seed):
    cfg = Config.from_params(preset="smoke")
    return datasets.load_target(arm_config(cfg, "scratch", 2, seed, device="cpu"), seed)


def test_test_set_is_fixed_and_disjoint():
    a, b = _splits(0), _splits(1)
    assert np.array_equal(a.test_index, b.test_index)
    for s in (a, b):
        used = set(s.test_index)
        assert used.isdisjoint(s.val_index)
        assert used.isdisjoint(s.pool_order)
        assert set(s.val_index).isdisjoint(s.pool_order)
    assert not np.array_equal(a.val_index, b.val_index)


def test_training_subsets_are_stratified_nested_and_seeded():
    a, a2, b = _splits(0), _splits(0), _splits(1)
    small, large = a.train_index(2), a.train_index(5)
    assert set(small) <= set(large)
    _, y = a.train(2)
    assert np.bincount(y.numpy(), minlength=10).tolist() == [2] * 10
    assert np.array_equal(small, a2.train_index(2))
    assert not np.array_equal(small, b.train_index(2))


def _smoke_model_params():
    """The smoke preset's model fields, and a state dict standing in for pretrained weights."""
    cfg = Config.from_params(preset="smoke")
    params = {
        k: arm_config(cfg, "scratch", 2, 0, device="cpu")[k]
        for k in ("channels", "image_size", "width", "feature_dim", "num_classes")
    }
    return params, M.build("scratch", params, 99, None).state_dict()


def test_heads_on_a_frozen_backbone_read_normalised_features():
    params, pretrained = _smoke_model_params()
    x = torch.randn(5, params["feature_dim"])
    for arm in ("scratch", "finetune", "linear_probe", "frozen_head"):
        head = M.build(arm, params, 0, None if arm == "scratch" else pretrained).head
        # Layer norm: the head's output does not change when features are rescaled and shifted.
        same = torch.allclose(head(x), head(7.0 * x + 3.0), atol=1e-4)
        assert same == M.ARM_SPEC[arm]["frozen"], arm


def test_same_seed_same_head_init_across_arms():
    params, pretrained = _smoke_model_params()
    heads = {
        arm: M.build(arm, params, 0, None if arm == "scratch" else pretrained).head.state_dict()
        for arm in ("scratch", "finetune", "linear_probe")
    }
    for arm in ("finetune", "linear_probe"):
        for k, v in heads["scratch"].items():
            assert torch.equal(v, heads[arm][k]), arm
    other = M.build("scratch", params, 1, None).head.state_dict()
    assert not torch.equal(other["weight"], heads["scratch"]["weight"])
    # the global RNG is left alone: seeded initialisation does not consume it
    torch.manual_seed(0)
    expected = torch.rand(1)
    torch.manual_seed(0)
    M.build("scratch", params, 5, None)
    assert torch.equal(torch.rand(1), expected)


def test_same_seed_same_data_order_across_arms(monkeypatch):
    """Record the labels of every batch each arm sees; one seed -> one order."""
    seen: list[list[int]] = []
    original = train.batches

    def spy(x, y, batch_size, generator):
        record: list[int] = []
        seen.append(record)
        for xb, yb in original(x, y, batch_size, generator):
            record.extend(yb.tolist())
            yield xb, yb

    monkeypatch.setattr(train, "batches", spy)
    cfg = Config.from_params(preset="smoke", seeds=[0, 1])
    orders = {}
    for seed in (0, 1):
        splits = datasets.load_target(arm_config(cfg, "scratch", 5, seed, device="cpu"), seed)
        for arm in ("scratch", "finetune"):
            c = arm_config(cfg, arm, 5, seed, device="cpu")
            c["batch_size"] = 8
            state = M.build("scratch", c, seed, None).state_dict() if arm != "scratch" else None
            for point in ((1e-3, 0.0, "none"), (1e-2, 0.1, "shift")):
                seen.clear()
                selection.train_point(c, splits, state, point, splits.train_index(5), {}, [3])
                orders[(arm, seed, point)] = list(seen[0])
    for seed in (0, 1):
        first = orders[("scratch", seed, (1e-3, 0.0, "none"))]
        assert all(v == first for k, v in orders.items() if k[1] == seed)
    assert (
        orders[("scratch", 0, (1e-3, 0.0, "none"))] != orders[("scratch", 1, (1e-3, 0.0, "none"))]
    )


@pytest.mark.parametrize("size", [8, 16])
def test_digits_resized_to_the_same_size(size):
    x, y = D.digits_images(size)
    assert x.shape == (1797, 1, size, size) and len(y) == 1797


def test_shift_levels_are_seeded_and_differ_as_declared():
    images = {lv: D.render_digits(40, 8, seed=2, level=lv) for lv in D.FONT_LEVELS}
    for lv, (x, y) in images.items():
        again, _ = D.render_digits(40, 8, seed=2, level=lv)
        assert torch.equal(x, again), lv
        assert torch.equal(y, images["fonts"][1])  # same labels at every level
        assert 0.0 <= float(x.min()) and float(x.max()) <= 1.0
    # the target's acquisition: 17 grey levels, and the glyph fills the frame
    acquired = images["acquired"][0]
    levels = torch.unique(torch.round(acquired * 16))
    assert torch.allclose(acquired * 16, torch.round(acquired * 16), atol=1e-5)
    assert len(levels) <= 17
    rows = (acquired[:, 0] > 0).any(dim=2)
    cols = (acquired[:, 0] > 0).any(dim=1)
    tall = rows[:, 0] & rows[:, -1]
    wide = cols[:, 0] & cols[:, -1]
    assert bool((tall | wide).all())  # the longer side spans the whole image
    # outlines draw less ink than the filled glyphs they come from
    assert float(images["outline"][0].sum()) < float(images["fonts"][0].sum())
    with pytest.raises(ValueError, match="valid: acquired"):
        D.render_digits(4, 8, seed=0, level="writers")


def test_writers_source_never_meets_a_target_split():
    cfg = Config.from_params(preset="smoke")
    params = arm_config(cfg, "finetune", 2, 0, device="cpu", level="writers")["pretrain"]
    (sx, sy), (vx, vy) = datasets.load_source(params)
    for seed in (0, 1, 5):
        splits = datasets.load_target(arm_config(cfg, "scratch", 2, seed, device="cpu"), seed)
        reserved = set(splits.reservoir_index)
        assert len(reserved) == cfg.reservoir_per_class * cfg.num_classes
        for part in (splits.test_index, splits.val_index, splits.pool_order):
            assert reserved.isdisjoint(part)
    assert len(sy) + len(vy) == cfg.reservoir_per_class * cfg.num_classes


def test_mixed_sources_hold_their_declared_font_share_of_the_control_handwriting():
    cfg = Config.from_params(preset="cpu", mixed_font_shares=(0.65, 0.9))
    reservoir = cfg.reservoir_per_class * cfg.num_classes
    splits = datasets.load_target(arm_config(cfg, "scratch", 2, 100, device="cpu"), 100)
    hand = splits.images[splits.reservoir_index].flatten(1)
    previous = None
    for level, share in zip(names.MIXED_LEVELS, cfg.mixed_font_shares, strict=True):
        params = arm_config(cfg, "finetune", 2, 100, device="cpu", level=level)["pretrain"]
        assert params["font_share"] == share  # the share is in the pretraining's key
        (sx, sy), (vx, vy) = datasets.load_source(params)
        x, y = torch.cat([sx, vx]), torch.cat([sy, vy])
        assert len(y) == reservoir  # the control's size
        assert torch.bincount(y, minlength=10).tolist() == [cfg.reservoir_per_class] * 10
        # Handwritten images are the reservoir's own; the rest are renderings.
        is_hand = (torch.cdist(x.flatten(1), hand) < 1e-6).any(1)
        n_hand, _ = datasets.mixed_counts(cfg.reservoir_per_class, share)
        assert int(is_hand.sum()) == n_hand * cfg.num_classes
        if previous is not None:
            assert int(is_hand.sum()) < previous  # heavier: less handwriting
        previous = int(is_hand.sum())
    with pytest.raises(ConfigError, match="mixed_font_shares"):
        Config.from_params(preset="cpu", mixed_font_shares=(0.5,))


def test_the_handwriting_source_is_table_1s_handwritten_images_without_the_fonts():
    cfg = Config.from_params(preset="cpu")
    for seed in (100, 101):
        mixed = arm_config(cfg, "finetune", 2, seed, device="cpu")["pretrain"]
        alone = arm_config(cfg, "finetune", 2, seed, device="cpu", level=names.HANDWRITING_SOURCE)[
            "pretrain"
        ]
        assert alone["shift"] == names.HANDWRITING_SOURCE
        assert alone["font_share"] == mixed["font_share"] == cfg.mixed_font_share(cfg.table_level)
        splits = datasets.load_target(arm_config(cfg, "scratch", 2, seed, device="cpu"), seed)
        reservoir = splits.images[splits.reservoir_index].flatten(1)
        mixed_halves = datasets.load_source(mixed)
        alone_halves = datasets.load_source(alone)
        total = 0
        # Each half (training, validation) is the mixed source's own half, in its order,
        # with the font renderings taken out: the same handwritten images, nothing else.
        for (mx, my), (hx, hy) in zip(mixed_halves, alone_halves, strict=True):
            is_hand = (torch.cdist(mx.flatten(1), reservoir) < 1e-6).any(1)
            assert torch.equal(hx, mx[is_hand]) and torch.equal(hy, my[is_hand])
            total += len(hy)
        # Table 1's source holds 14 handwritten images per class beside 26 fonts.
        assert total == 14 * cfg.num_classes


def test_budget_scales_with_the_data():
    cfg = Config.from_params(preset="cpu")
    c = arm_config(cfg, "finetune", 2, 0, device="cpu")
    small, large = selection.budget(c, 20), selection.budget(c, 600)
    assert small["epochs"] == cfg.min_steps  # tiny subsets: the floor
    per_epoch = -(-600 // cfg.batch_size)
    assert large["epochs"] == cfg.epochs * per_epoch > small["epochs"]
    for b in (small, large):
        # Dense logging up to the budget, then on past it to the longer-run end
        # (half the budget again), where only the validation gain is read.
        inside = [s for s in b["eval_steps"] if s <= b["epochs"]]
        assert b["epochs"] in inside and len(inside) == cfg.eval_points
        assert b["end"] == max(b["eval_steps"]) > b["epochs"]
        assert (
            b["epochs"] * (1 + c["extension"]) <= b["end"] < b["epochs"] * (1 + c["extension"]) + 1
        )


def test_folds_and_holdout_are_stratified_partitions():
    labels = np.repeat(np.arange(10), 4)
    folds = selection.folds(labels, 2, seed=0, num_classes=10)
    assert sorted(np.concatenate(folds).tolist()) == list(range(40))
    for f in folds:
        assert np.bincount(labels[f], minlength=10).tolist() == [2] * 10
    mask = selection.holdout(np.repeat(np.arange(10), 20), 3, seed=1, num_classes=10)
    assert np.bincount(np.repeat(np.arange(10), 20)[mask], minlength=10).tolist() == [3] * 10
    other = selection.holdout(np.repeat(np.arange(10), 20), 3, seed=2, num_classes=10)
    assert not np.array_equal(mask, other)


def test_grid_pairs_or_crosses_the_regularisers():
    config = {"lr_grid": [1e-3, 1e-2], "wd_grid": [0.0, 0.1], "augment_grid": ["none", "shift"]}
    crossed = selection.grid({**config, "joint_regularisation": False})
    paired = selection.grid({**config, "joint_regularisation": True})
    assert len(crossed) == 8 and len(set(crossed)) == 8
    assert paired == [
        (1e-3, 0.0, "none"),
        (1e-3, 0.1, "shift"),
        (1e-2, 0.0, "none"),
        (1e-2, 0.1, "shift"),
    ]
    assert set(paired) <= set(crossed)
