"""Study A config: presets, validation before any training, the plan."""

import pytest

from negresults import shape_color as sc
from negresults.config import ConfigError
from negresults.devices import resolve_device


def test_contract_exports():
    assert sc.NOTEBOOK_PARAMETERS == ("seeds", "ablations", "colour_pressure", "preset", "device")
    assert callable(sc.plan) and callable(sc.Config.from_params)


def test_preset_none_follows_the_environment(monkeypatch):
    monkeypatch.setenv("NEGRESULTS_PRESET", "smoke")
    assert sc.Config.from_params().preset == "smoke"
    monkeypatch.delenv("NEGRESULTS_PRESET")
    assert sc.Config.from_params().preset == "cpu"


def test_none_keeps_the_preset_default_and_lists_become_tuples():
    cfg = sc.Config.from_params(preset="cpu", seeds=None, ablations=["baseline", "both"])
    assert cfg.seeds == sc.PRESETS["cpu"].seeds
    assert cfg.ablations == ("baseline", "both")


def test_cpu_preset_is_the_full_grid():
    cfg = sc.Config.from_params(preset="cpu")
    assert len(cfg.seeds) >= 3 and set(cfg.ablations) == set(sc.ABLATIONS)
    assert {"none", "hue_jitter"} <= set(cfg.colour_pressure)
    assert cfg.image_size == 32 and sc.Config.from_params(preset="gpu").image_size == 64


@pytest.mark.parametrize(
    ("params", "pattern"),
    [
        (
            {"ablations": ["baseline", "frozen"]},
            r"unknown ablation 'frozen'.*valid choices: baseline",
        ),
        (
            {"colour_pressure": ["grey"]},
            r"unknown colour_pressure 'grey'.*valid choices: none, hue_jitter",
        ),
        ({"seeds": []}, r"seeds is empty"),
        ({"seeds": [0, -1]}, r"non-negative.*-1"),
        ({"held_out_pairs": 60}, r"impossible split.*held_out_pairs=60"),
        ({"train_per_pair": -4}, r"train_per_pair must be positive, got -4"),
        ({"epochs": "ten"}, r"epochs must be an integer, got 'ten'"),
        ({"seeds": "0,1"}, r"seeds must be a list, got '0,1'"),
        ({"sedes": [1]}, r"unknown parameter 'sedes'.*did you mean 'seeds'"),
        ({"device": "tpu"}, r"unknown device 'tpu'.*valid choices: auto, cpu, cuda"),
        ({"preset": "laptop"}, r"unknown preset 'laptop'"),
    ],
)
@pytest.mark.bad_input
def test_bad_input_is_refused_by_name(params, pattern):
    preset = params.pop("preset", "cpu")
    with pytest.raises(ConfigError, match=pattern):
        sc.Config.from_params(preset=preset, **params)


def test_plan_holds_every_grid_cell_once_with_a_concrete_device():
    cfg = sc.Config.from_params(preset="cpu", ablations=["no_attention"], seeds=[3, 4])
    (stage,) = sc.plan(cfg)
    labels = [t.label for t in stage]
    assert len(labels) == len(set(labels)) == 2 * 2 * 2  # baseline joins as the reference
    assert {t.config["ablation"] for t in stage} == {"baseline", "no_attention"}
    assert all(t.config["device"] == resolve_device("auto") for t in stage)
    assert all(t.runner == "negresults.shape_color.compute.train:run_task" for t in stage)
    assert all(t.function().__name__ == "run_task" for t in stage)
    # Reporting margins do not decide a run, so they stay out of the hashed config.
    assert "equivalence_margin" not in stage[0].config
