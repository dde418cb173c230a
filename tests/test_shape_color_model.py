"""Study A model and training: parameter match, frozen parts, controls, determinism, learning."""

import dataclasses

import numpy as np
import pandas as pd
import pytest
import torch

from negresults.devices import seed_everything
from negresults.shape_color.compute.metrics import pair_metrics
from negresults.shape_color.compute.model import (
    LinearPatchEmbedding,
    build_model,
    count_parameters,
    mixer_parameters,
)
from negresults.shape_color.compute.train import fit, loss_spikes, lr_schedule
from negresults.shape_color.config import VARIANTS
from negresults.shape_color.config import ShapeColorConfig as Config
from negresults.shape_color.plan import task_config


def run_cfg(variant="baseline", pressure="none", seed=0, regime="standard", **changes):
    cfg = dataclasses.replace(Config.from_params(preset="smoke", device="cpu"), **changes)
    cfg.validate()
    return task_config(cfg, variant, pressure, regime, seed)


@pytest.mark.parametrize("preset", ["smoke", "cpu", "gpu"])
def test_no_attention_matches_the_transformer_parameter_count(preset):
    cfg = Config.from_params(preset=preset, device="cpu")
    base = build_model(task_config(cfg, "baseline", "none", "standard", 0))
    mlp = build_model(task_config(cfg, "no_attention", "none", "standard", 0))
    assert abs(count_parameters(mlp) / count_parameters(base) - 1) < 0.10
    assert abs(mixer_parameters(mlp) / mixer_parameters(base) - 1) < 0.10
    assert not any(isinstance(m, torch.nn.MultiheadAttention) for m in mlp.modules())
    assert any(isinstance(m, torch.nn.MultiheadAttention) for m in base.modules())


@pytest.mark.parametrize("preset", ["smoke", "cpu", "gpu"])
def test_frozen_linear_projection_is_full_rank_linear_and_frozen(preset):
    cfg = Config.from_params(preset=preset, device="cpu")
    model = build_model(task_config(cfg, "frozen_linear", "none", "standard", 0))
    embed = model.patch_embed
    assert isinstance(embed, LinearPatchEmbedding) and embed.bias is None
    matrix = embed.matrix()
    assert torch.linalg.matrix_rank(matrix.double()) == min(matrix.shape)
    assert not any(p.requires_grad for p in embed.parameters())
    # Linear: the projection of a sum of images is the sum of their projections.
    x, y = (
        torch.rand(2, 3, cfg.image_size, cfg.image_size),
        torch.rand(2, 3, cfg.image_size, cfg.image_size),
    )
    torch.testing.assert_close(embed(x + y), embed(x) + embed(y), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("variant", ["frozen_linear", "frozen_conv"])
def test_frozen_embeddings_never_change_and_the_rest_trains(variant):
    cfg = run_cfg(variant, "strong_jitter", seed=2, epochs=2)
    seed_everything(cfg["seed"])
    initial = build_model(cfg)  # fit builds its model from the same seeded state
    model, _, out = fit(cfg, lr=1e-2)
    for name, before in initial.patch_embed.named_parameters():
        after = dict(model.patch_embed.named_parameters())[name]
        assert torch.equal(before, after), f"frozen {name} changed"
    assert not torch.equal(initial.colour_head.weight, model.colour_head.weight)
    assert out.metrics["n_trainable"] < out.metrics["n_params"]


@pytest.mark.parametrize(
    ("variant", "idle"), [("shape_only", "colour_head"), ("colour_only", "shape_head")]
)
def test_a_single_attribute_control_trains_one_head_only(variant, idle):
    cfg = run_cfg(variant, seed=0, epochs=1)
    seed_everything(cfg["seed"])
    initial = build_model(cfg)
    model = fit(cfg, lr=1e-2, final=False)[0]
    trained = "shape_head" if idle == "colour_head" else "colour_head"
    assert torch.equal(getattr(initial, idle).weight, getattr(model, idle).weight)
    assert not torch.equal(getattr(initial, trained).weight, getattr(model, trained).weight)


def test_same_seed_twice_gives_identical_metrics_and_history():
    cfg = run_cfg("baseline", "strong_jitter", seed=1, epochs=2)
    a, b = fit(cfg, lr=1e-2)[2], fit(cfg, lr=1e-2)[2]
    assert a.metrics == b.metrics
    # Wall time varies between identical runs, so it is never a metric (the
    # scheduler stores it as a run fact, negresults.tasks.compute).
    assert not any("seconds" in k for k in a.metrics) and a.info["device"] == "cpu"
    # nan (the untrained epoch's loss) != nan, so compare as frames, exactly.
    pd.testing.assert_frame_equal(
        pd.DataFrame(a.history), pd.DataFrame(b.history), check_exact=True
    )


def test_another_seed_holds_out_other_pairs():
    a, b = (
        fit(run_cfg(seed=0, epochs=1), lr=1e-2, final=False)[1],
        fit(run_cfg(seed=1, epochs=1), lr=1e-2, final=False)[1],
    )
    assert a.held_out.sum() == b.held_out.sum()
    assert not np.array_equal(a.held_out, b.held_out)


def test_smoke_model_learns_well_above_chance():
    cfg = run_cfg("baseline", "none", seed=0, epochs=10)
    history = fit(cfg, lr=1e-2, final=False)[2].history
    chance = 100 / cfg["n_classes"]
    first, last = history[0], history[-1]
    assert last["colour_acc"] > 2.5 * chance, last
    assert last["colour_acc"] > first["colour_acc"] + 30
    assert last["loss"] < history[1]["loss"]


def test_every_variant_pressure_and_regime_runs():
    for variant in VARIANTS:
        for pressure in ("none", "label_mixing"):
            out = fit(run_cfg(variant, pressure, epochs=1, train_per_pair=4), lr=1e-2)[2]
            assert {"shape_seen_acc", "probe_critical_acc", "init_probe_shape_acc", "auc"} <= set(
                out.metrics
            )
    # A stability run: the first epoch only, densely monitored, no test read, no probes.
    cfg = run_cfg("baseline", regime="unstable", epochs=2, train_per_pair=4)
    out = fit(cfg, lr=1e-2, final=False, stop_epoch=1, monitor_every=1)[2]
    assert "probe_critical_acc" not in out.metrics and "max_dip" in out.metrics
    assert out.history[-1]["step"] == out.metrics["n_train_steps"] // 2


def test_warm_up_only_in_the_standard_regime():
    warm, cold = lr_schedule(100, 0.1), lr_schedule(100, 0.0)
    assert warm(0) == pytest.approx(0.1) and cold(0) == pytest.approx(1.0)
    assert warm(9) == pytest.approx(1.0) and cold(99) < 0.01


def test_loss_spikes_counts_only_jumps_above_the_recent_median():
    steady = [1.0] * 40
    assert loss_spikes(steady) == 0
    spiky = [1.0] * 30 + [2.5] + [1.0] * 9 + [3.0]
    assert loss_spikes(spiky) == 2


def test_the_gpu_path_renders_on_the_device_and_still_learns(monkeypatch):
    """The CUDA path (images drawn by torch where the model runs), exercised on the CPU."""
    from negresults.shape_color.compute import train

    calls = []
    real = train.DeviceRenderer.render

    def counting(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(train, "device_rendering", lambda device: True)
    monkeypatch.setattr(train.DeviceRenderer, "render", counting)
    cfg = run_cfg("baseline", "strong_jitter", seed=0, epochs=6)
    history = fit(cfg, lr=1e-2, final=False)[2].history
    assert calls, "the device renderer was not used"
    assert history[-1]["colour_acc"] > 200 / cfg["n_classes"], history[-1]


def test_pair_metrics_of_a_perfect_and_of_a_seen_biased_model():
    n = 3
    held = np.zeros((n, n), dtype=bool)
    held[0, 1] = held[1, 2] = True
    pairs = np.array([(s, c) for s in range(n) for c in range(n)]).repeat(2, axis=0)
    shape, colour = pairs[:, 0], pairs[:, 1]
    perfect = pair_metrics(torch.eye(n)[shape] * 10, torch.eye(n)[colour] * 10, shape, colour, held)
    assert perfect["seen_acc"] == perfect["unseen_acc"] == perfect["best_hm"] == 100.0
    assert perfect["auc"] == pytest.approx(100.0)
    # A model that always names a seen pair is perfect on seen and useless on unseen
    # at zero bias; the bias sweep must still find the unseen pairs.
    colour_logits = torch.eye(n)[colour] * 10
    colour_logits[held[shape, colour], :] = 0.0
    biased = pair_metrics(torch.eye(n)[shape] * 10, colour_logits, shape, colour, held)
    assert biased["unseen_acc"] == 0.0 and biased["hm"] == 0.0
    assert biased["best_hm"] > 0.0


def test_the_model_checks_show_what_each_manipulation_changes():
    """The Method's table of manipulation checks, read on the cpu preset's models: the frozen
    projection is full rank over a patch's pixel values and reaches no optimiser, its trained
    twin does, and only the model without attention keeps tokens apart in its blocks."""
    from negresults.shape_color.report import tables

    cfg = Config.from_params(preset="cpu", device="cpu")
    table = tables.model_check_table(cfg)
    labels = {v: tables.VARIANT_LABELS[v] for v in ("baseline", *cfg.arms)}
    assert list(table.index) == list(labels.values())
    patch = 3 * cfg.patch_size**2
    frozen = table.loc[labels["frozen_linear"], "Patch projection"]
    assert (
        frozen.startswith(f"linear, rank {patch} from {patch} pixel values") and "frozen" in frozen
    )
    assert table.loc[labels["trained_linear"], "Patch projection"].endswith(", trained")
    mixing = table["Other tokens moved by a change to one token"]
    assert mixing[labels["no_attention"]] == "not at all"
    assert all(mixing[labels[v]].startswith("by up to ") for v in labels if v != "no_attention")
    # The same numbers on every build, and the caller's random stream left as it was.
    torch.manual_seed(5)
    expected = torch.rand(1)
    torch.manual_seed(5)
    again = tables.model_check_table(cfg)
    assert torch.rand(1) == expected
    assert again.equals(table)


def test_token_mixing_sees_a_block_that_reads_other_tokens():
    """The check's own contrast: a model whose no-attention blocks are swapped for attention
    blocks is read as mixing, and rank deficiency in a linear projection is read as such."""
    from negresults.shape_color.report import tables

    size = run_cfg()["image_size"]
    model = build_model(run_cfg("no_attention"))
    assert tables.token_mixing(model, size) == 0.0
    model.blocks = build_model(run_cfg("baseline")).blocks
    assert tables.token_mixing(model, size) > 0
    linear = build_model(run_cfg("trained_linear"))
    with torch.no_grad():
        linear.patch_embed.weight[1:] = linear.patch_embed.weight[:1]  # every row the same
    rank, inputs, trained = tables.projection_check(linear)
    assert (rank, inputs, trained) == (1, 3 * run_cfg()["patch_size"] ** 2, True)
    assert tables.projection_check(build_model(run_cfg("baseline"))) is None
