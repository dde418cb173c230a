"""Study B data: rendered source, target splits, seed pairing."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from negresults.transfer import Config
from negresults.transfer.compute import data as D
from negresults.transfer.compute import datasets, selection, train
from negresults.transfer.compute import model as M
from negresults.transfer.compute.plan import arm_config


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


def test_same_seed_same_head_init_across_arms():
    cfg = Config.from_params(preset="smoke")
    params = {
        k: arm_config(cfg, "scratch", 2, 0, device="cpu")[k]
        for k in ("channels", "image_size", "width", "feature_dim", "num_classes")
    }
    pretrained = M.build("scratch", params, 99, None).state_dict()
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
            c["steps"], c["eval_every"], c["batch_size"] = 3, 3, 8
            state = M.build("scratch", c, seed, None).state_dict() if arm != "scratch" else None
            seen.clear()
            selection.train_arm(c, splits, state, lr=1e-3)
            orders[(arm, seed)] = list(seen[0])
    assert orders[("scratch", 0)] == orders[("finetune", 0)]
    assert orders[("scratch", 1)] == orders[("finetune", 1)]
    assert orders[("scratch", 0)] != orders[("scratch", 1)]


@pytest.mark.parametrize("size", [8, 16])
def test_digits_resized_to_the_same_size(size):
    x, y = D.digits_images(size)
    assert x.shape == (1797, 1, size, size) and len(y) == 1797
