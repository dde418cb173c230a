"""Study A model and training: parameter match, frozen parts, determinism, learning."""

import dataclasses

import numpy as np
import pandas as pd
import pytest
import torch

from negresults.devices import seed_everything
from negresults.shape_color import ABLATIONS, Config
from negresults.shape_color.compute.metrics import pair_metrics
from negresults.shape_color.compute.model import build_model, count_parameters, mixer_parameters
from negresults.shape_color.compute.plan import task_config
from negresults.shape_color.compute.train import fit


def run_cfg(ablation="baseline", pressure="none", seed=0, **changes):
    cfg = dataclasses.replace(Config.from_params(preset="smoke", device="cpu"), **changes)
    cfg.validate()
    return task_config(cfg, ablation, pressure, seed)


@pytest.mark.parametrize("preset", ["smoke", "cpu", "gpu"])
def test_no_attention_matches_the_transformer_parameter_count(preset):
    cfg = Config.from_params(preset=preset, device="cpu")
    base = build_model(task_config(cfg, "baseline", "none", 0))
    mlp = build_model(task_config(cfg, "no_attention", "none", 0))
    assert abs(count_parameters(mlp) / count_parameters(base) - 1) < 0.10
    assert abs(mixer_parameters(mlp) / mixer_parameters(base) - 1) < 0.10
    assert not any(isinstance(m, torch.nn.MultiheadAttention) for m in mlp.modules())
    assert any(isinstance(m, torch.nn.MultiheadAttention) for m in base.modules())


def test_frozen_embeddings_never_change_and_the_rest_trains():
    cfg = run_cfg("both", "hue_jitter", seed=2, epochs=2)
    seed_everything(cfg["seed"])
    initial = build_model(cfg)  # fit builds its model from the same seeded state
    model, _, out = fit(cfg)
    for (name, before), after in zip(
        initial.patch_embed.state_dict().items(),
        model.patch_embed.state_dict().values(),
        strict=True,
    ):
        assert torch.equal(before, after), f"frozen {name} changed"
    assert not torch.equal(initial.colour_head.weight, model.colour_head.weight)
    assert out.metrics["n_trainable"] < out.metrics["n_params"]


def test_same_seed_twice_gives_identical_metrics_and_history():
    cfg = run_cfg("baseline", "hue_jitter", seed=1, epochs=2)
    a, b = fit(cfg)[2], fit(cfg)[2]
    assert a.metrics == b.metrics
    # Wall time varies between identical runs, so it is a run fact, never a metric.
    assert "train_seconds" not in a.metrics and a.info["train_seconds"] > 0
    # nan (the untrained epoch's loss) != nan, so compare as frames, exactly.
    pd.testing.assert_frame_equal(
        pd.DataFrame(a.history), pd.DataFrame(b.history), check_exact=True
    )


def test_smoke_model_learns_well_above_chance():
    cfg = run_cfg("baseline", "none", seed=0, epochs=10)
    history = fit(cfg)[2].history
    chance = 1 / cfg["n_classes"]
    first, last = history[0], history[-1]
    assert last["colour_acc"] > 2.5 * chance, last
    assert last["colour_acc"] > first["colour_acc"] + 0.3
    assert last["loss"] < history[1]["loss"]


def test_every_ablation_and_pressure_runs():
    for ablation in ABLATIONS:
        out = fit(run_cfg(ablation, "hue_jitter", epochs=1, train_per_pair=4))[2]
        assert {"shape_acc", "probe_critical_acc", "auc", "best_hm"} <= set(out.metrics)


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
    cfg = run_cfg("baseline", "hue_jitter", seed=0, epochs=6)
    history = fit(cfg)[2].history
    assert calls, "the device renderer was not used"
    assert history[-1]["colour_acc"] > 2 / cfg["n_classes"], history[-1]


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
