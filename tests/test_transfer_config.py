"""Study B configuration: presets, strict overrides, refusals before any training."""

from __future__ import annotations

import json
import typing

import pytest

from negresults.config import ConfigError
from negresults.transfer import names
from negresults.transfer.compute import data, datasets, real_data
from negresults.transfer.compute.runners import run_arm, run_pretrain
from negresults.transfer.config import ARMS, DATASETS
from negresults.transfer.config import TransferConfig as Config
from negresults.transfer.plan import ARM_KIND, BASELINE_KIND, PRETRAIN_KIND, plan, pool_size
from negresults.transfer.study import PARAMETERS as NOTEBOOK_PARAMETERS


def test_presets_build_and_default_to_env(monkeypatch):
    monkeypatch.setenv("NEGRESULTS_PRESET", "smoke")
    assert Config.from_params().preset == "smoke"
    monkeypatch.delenv("NEGRESULTS_PRESET")
    cpu = Config.from_params()
    assert cpu.preset == "cpu"
    # The cpu preset promises the study's design: a shift axis of at least four
    # levels, more seeds than the paper's three, every arm, disjoint pilot seeds.
    assert len(cpu.levels) >= 4 and len(cpu.seeds) > cpu.table_seeds == 3
    assert set(cpu.all_arms) == set(ARMS)
    assert not set(cpu.pilot_seeds) & set(cpu.seeds)
    assert cpu.table_level in cpu.levels and cpu.levels[0] == "writers"


def test_none_keeps_preset_values():
    base = Config.from_params(preset="smoke")
    same = Config.from_params(preset="smoke", seeds=None, arms=None, target_sizes=None, device=None)
    assert same == base
    changed = Config.from_params(preset="smoke", seeds=[3, 4], arms=["finetune"])
    assert changed.seeds == (3, 4) and changed.arms == ("finetune",)
    # scratch is the reference of every comparison, so it always runs
    assert changed.all_arms == ("scratch", "finetune")


def test_notebook_parameters_are_config_fields():
    fields = set(Config.__dataclass_fields__)
    assert set(NOTEBOOK_PARAMETERS) <= fields


@pytest.mark.parametrize(
    "params, needle",
    [
        ({"arms": ["scratch", "finetuning"]}, "'finetuning'"),
        ({"dataset": "imagenet"}, "'imagenet'"),
        ({"target_sizes": [2, 5000]}, "5000"),
        ({"target_sizes": [-2]}, "-2"),
        ({"seeds": []}, "seeds is empty"),
        ({"seedz": [0]}, "'seedz'"),
        ({"seeds": "0,1"}, "'0,1'"),
        ({"epochs": "many"}, "'many'"),
        ({"shift_levels": ["fonts", "blurry"]}, "'blurry'"),
        ({"table_shift": "blurry"}, "'blurry'"),
        ({"selection": "test"}, "'test'"),
        ({"budget_rule": "forever"}, "'forever'"),
        ({"folds": 3, "table_size": 2, "pilot_sizes": [2]}, "folds = 3 is larger than 2"),
        ({"selection": "cv"}, "selection 'cv' needs folds >= 2"),
        ({"pilot_seeds": [0, 9]}, "pilot seed 0 is also a reported seed"),
        ({"seeds": [0, 200]}, "seed 200 is in both seeds and claim_seeds"),
        ({"claim_seeds": [100, 300]}, "seed 100 is in both pilot_seeds and claim_seeds"),
        ({"augment_grid": ["none", "flip"]}, "'flip'"),
        ({"epochs": 10**9}, "epochs must be at most"),
        ({"device": "tpu"}, "'tpu'"),
        ({"arms": []}, "arms is empty"),
        ({"budget_scales": [0]}, "budget_scales"),
        ({"budget_scales": [1]}, "budget_scales value 1.0 is not longer than the declared"),
        ({"budget_sizes": [8]}, "budget_sizes value 8 is not a size the shift axis runs"),
        ({"lpft_low_lrs": [1e-6, 1e-2]}, "lpft_low_lrs value 0.01 is not below lr_grid's"),
        ({"lpft_low_lrs": [1e-6, 1e-6]}, "lpft_low_lrs has duplicates"),
        ({"lpft_low_lrs": [0]}, "lpft_low_lrs"),
        ({"probe_high_lrs": [10.0, 0.01]}, "probe_high_lrs value 0.01 is not above lr_grid's"),
        ({"probe_high_lrs": [10.0, 10.0]}, "probe_high_lrs has duplicates"),
        ({"probe_high_lrs": [-1]}, "probe_high_lrs"),
        ({"pure_shift": "mixed_light"}, "pure_shift 'mixed_light' is not a font-only level"),
        ({"pure_shift": "writers"}, "valid choices: fonts, or an empty string"),
    ],
)
@pytest.mark.bad_input
def test_bad_input_is_refused_by_name(params, needle):
    with pytest.raises(ConfigError) as err:
        Config.from_params(preset="smoke", **params)
    assert needle in str(err.value)


@pytest.mark.bad_input
def test_unknown_arm_lists_valid_choices():
    with pytest.raises(
        ConfigError, match="valid choices: scratch, finetune, lpft, linear_probe, frozen_head"
    ):
        Config.from_params(preset="smoke", arms=["nope"])


def test_pool_limit_is_stated():
    cfg = Config.from_params(preset="smoke")
    # pool_per_class bounds the pool without reading data: refused by the config
    with pytest.raises(ConfigError, match=f"pool_per_class = {cfg.pool_per_class}"):
        Config.from_params(preset="smoke", target_sizes=[cfg.pool_per_class + 1])
    # the data's own pool is known once they are read: refused by the plan
    big = Config.from_params(preset="smoke", pool_per_class=10_000, target_sizes=[2, 5000])
    pool = pool_size(big)
    assert pool < 5000
    with pytest.raises(
        ConfigError, match=f"5000 images per class is larger than the pool of {pool}"
    ):
        plan(big)


@pytest.mark.bad_input
def test_missing_gpu_dataset_is_refused_by_the_plan_not_the_config(tmp_path):
    # Building (and showing) a config never reads data ...
    cfg = Config.from_params(preset="gpu", data_root=str(tmp_path))
    assert cfg.num_classes == 10 and cfg.channels == 1
    # ... building its plan does, and refuses in one line.
    with pytest.raises(ConfigError) as err:
        plan(cfg)
    message = str(err.value)
    assert str(tmp_path) in message and "download=True" in message and "MNIST" in message
    assert "\n" not in message


def test_dataset_facts_come_from_the_registry():
    hint = typing.get_type_hints(Config)["dataset"]
    assert typing.get_args(hint) == DATASETS == datasets.NAMES == names.NAMES
    for name in DATASETS:
        cfg = Config.from_params(preset="smoke", dataset=name)
        entry = datasets.get(name)
        assert (cfg.num_classes, cfg.channels) == (entry.num_classes, entry.channels)
    assert (datasets.get("cifar_stl").num_classes, datasets.get("cifar_stl").channels) == (9, 3)
    with pytest.raises(ConfigError, match="valid choices: digits, mnist_usps, cifar_stl"):
        datasets.get("imagenet")
    with pytest.raises(ConfigError, match="valid choices: digits, mnist_usps, cifar_stl"):
        names.dataset_shape("imagenet")


def test_the_compute_code_implements_exactly_the_declared_names():
    # The config checks against names.py, the compute code runs what it declares.
    assert data.SHIFT_LEVELS is names.SHIFT_LEVELS
    assert data.FONT_LEVELS == tuple(
        lv for lv in names.SHIFT_LEVELS[1:] if lv not in names.MIXED_LEVELS
    )
    assert names.SHIFT_LEVELS[0] == names.CONTROL_LEVEL
    assert names.AUGMENTS == ("none", "shift")  # train.fit draws "shift" with AUGMENT_SHIFT
    shared = list(range(len(names.SHARED_CLASSES)))
    for mapping in (real_data.CIFAR_TO_SHARED, real_data.STL_TO_SHARED):
        assert sorted(mapping.values()) == shared


def test_plan_stages_and_task_configs():
    cfg = Config.from_params(preset="smoke", device="cpu")
    stages = plan(cfg)
    assert {t.kind for t in stages[0]} == {PRETRAIN_KIND}
    # the non-deep baselines need nothing and run beside the arms
    assert {t.kind for t in stages[1]} == {ARM_KIND, BASELINE_KIND}
    assert all(not t.needs for t in stages[1] if t.kind == BASELINE_KIND)
    stages = [stages[0], [t for t in stages[1] if t.kind == ARM_KIND]]
    # every run is planned once, though parts share runs (scratch serves every level)
    keys = [t.key for s in stages for t in s]
    assert len(set(keys)) == len(keys)
    scratch = [t for t in stages[1] if t.config["arm"] == "scratch"]
    assert not any(t.config["pretrain"] or "shift" in t.config for t in scratch)
    # pretrainings: one per (level, seed) the arms need, and no other
    pre = {(t.config["shift"], t.config["seed"]) for t in stages[0]}
    wanted = {(lv, s) for lv in cfg.levels for s in cfg.shift_seed_list}
    wanted |= {(cfg.table_level, s) for s in (*cfg.seeds, *cfg.pilot_seeds)}
    # the second claim's fresh seeds: the no-shift control and the subtlest level
    wanted |= {(lv, s) for lv in ("writers", cfg.table_level) for s in cfg.claim_seeds}
    # the source of Table 1's handwriting alone, on Table 1's seeds
    wanted |= {("handwriting", s) for s in cfg.seeds}
    assert pre == wanted
    claim = {
        (t.config["arm"], t.label.split("/")[1])
        for t in stages[1]
        if t.config["seed"] in cfg.claim_seeds
    }
    assert claim == {("scratch", "-")} | {
        (a, lv) for a in ("finetune", "lpft") for lv in ("writers", cfg.table_level)
    }
    for task in stages[1]:
        json.dumps(task.config)  # JSON-ready, as the store hashes it
        assert task.config["device"] == "cpu"
        assert task.runner is (run_arm if task.kind == ARM_KIND else run_pretrain)
        if task.config["arm"] == "scratch":
            assert task.config["pretrain"] is None
            assert task.needs == ()  # free to start at once
        else:
            # a fine-tune task names exactly a pretraining stage 1 produces,
            # and waits for that one only
            assert task.config["pretrain"] in [t.config for t in stages[0]]
            (need,) = task.needs
            assert need.key == next(t.key for t in stages[0] if t.config == task.config["pretrain"])
    labels = [t.label for s in stages for t in s]
    assert len(set(labels)) == len(labels)


def test_auto_device_resolves_to_a_concrete_one():
    cfg = Config.from_params(preset="smoke", device="auto")
    # the non-deep baselines run on the CPU whatever the device: their keys hold none
    devices = {t.config["device"] for s in plan(cfg) for t in s if t.kind != BASELINE_KIND}
    assert devices <= {"cpu", "cuda"} and len(devices) == 1


def test_other_target_sizes_keep_only_the_budget_sizes_among_them():
    # target_sizes is a page parameter and budget_sizes is not: a page run with other
    # sizes must not be refused for a budget size it cannot change.
    cfg = Config.from_params(preset="cpu", target_sizes=[2, 24])
    assert cfg.budget_sizes == (2,)
    assert Config.from_params(preset="cpu", target_sizes=[24]).budget_sizes == ()
    # given explicitly, a budget size outside the sizes is still refused by name
    with pytest.raises(ConfigError, match="budget_sizes value 8"):
        Config.from_params(preset="cpu", target_sizes=[2, 24], budget_sizes=[8])


def test_only_lpft_reaches_below_the_shared_learning_rates():
    cfg = Config.from_params(preset="smoke", device="cpu", lpft_low_lrs=[1e-5, 1e-4])
    grids = {
        t.config["arm"]: t.config["lr_grid"] for s in plan(cfg) for t in s if t.kind == ARM_KIND
    }
    assert grids["lpft"] == [1e-5, 1e-4, *cfg.lr_grid]
    assert all(g == list(cfg.lr_grid) for arm, g in grids.items() if arm != "lpft")
    # the other arms' runs keep their keys: only LP-FT's config moved
    before = {t.key for s in plan(cfg.replace(lpft_low_lrs=())) for t in s if t.kind == ARM_KIND}
    after = {t.key: t.config["arm"] for s in plan(cfg) for t in s if t.kind == ARM_KIND}
    assert {arm for key, arm in after.items() if key not in before} == {"lpft"}


def test_only_the_linear_probe_reaches_above_the_shared_learning_rates():
    cfg = Config.from_params(preset="smoke", device="cpu", probe_high_lrs=[0.1, 1.0])
    grids = {
        t.config["arm"]: t.config["lr_grid"] for s in plan(cfg) for t in s if t.kind == ARM_KIND
    }
    assert grids["linear_probe"] == [*cfg.lr_grid, 0.1, 1.0]
    assert all(g == list(cfg.lr_grid) for arm, g in grids.items() if arm != "linear_probe")
    before = {t.key for s in plan(cfg.replace(probe_high_lrs=())) for t in s if t.kind == ARM_KIND}
    after = {t.key: t.config["arm"] for s in plan(cfg) for t in s if t.kind == ARM_KIND}
    assert {arm for key, arm in after.items() if key not in before} == {"linear_probe"}


def test_the_cpu_preset_gives_the_linear_probe_rates_above_the_grid():
    # The revision after 7359d6666aff: the linear probe chose the grid's top rate once.
    cfg = Config.from_params(preset="cpu")
    assert max(cfg.lr_grid_of("linear_probe")) > max(cfg.lr_grid)
    assert cfg.lr_grid_of("finetune") == cfg.lr_grid


def test_the_pilot_keeps_its_pretraining_and_every_other_run_reads_the_declared_one():
    cfg = Config.from_params(
        preset="smoke", device="cpu", pilot_pretrain_epochs=2, pilot_pretrain_lr=1e-3
    )
    pre: dict[bool, set] = {True: set(), False: set()}
    for t in (t for stage in plan(cfg) for t in stage):
        # The handwriting alone at Table 1's passes has its own, declared shorter length.
        if (
            t.kind == ARM_KIND
            and t.config["pretrain"]
            and not t.config["pretrain"].get("passes_matched")
        ):
            p = t.config["pretrain"]
            pre[t.config["seed"] in cfg.pilot_seeds].add((p["pretrain_epochs"], p["pretrain_lr"]))
    assert pre[True] == {(2, 1e-3)}
    assert pre[False] == {(cfg.pretrain_epochs, cfg.pretrain_lr)}
    # the pilot's own schedule does not touch any reported run's key
    same = cfg.replace(pilot_pretrain_epochs=cfg.pretrain_epochs)
    keys = {t.key for s in plan(same) for t in s if t.config.get("seed") not in cfg.pilot_seeds}
    assert keys == {
        t.key for s in plan(cfg) for t in s if t.config.get("seed") not in cfg.pilot_seeds
    }


def test_the_pure_source_part_runs_the_transferred_arms_on_seeds_the_shift_axis_does_not():
    cfg = Config.from_params(preset="smoke", device="cpu", seeds=[0, 1, 2], pure_shift="fonts")
    assert cfg.shift_seed_list == (0, 1) and cfg.pure_seed_list == (2,)
    arms = [t.config for s in plan(cfg) for t in s if t.kind == ARM_KIND]
    pure = {
        (c["arm"], c["seed"])
        for c in arms
        if c["pretrain"]
        and c["pretrain"]["shift"] == "fonts"
        and c["size"] == cfg.table_size
        and c["seed"] not in cfg.shift_seed_list
    }
    assert pure == {(a, 2) for a in cfg.all_arms if a != "scratch"}
    # scratch is Table 1's run on that seed, not a second one; beside it only the longer
    # budget's, which reads the claim at that budget (one per longer budget)
    scratch = [
        c for c in arms if c["arm"] == "scratch" and c["seed"] == 2 and c["size"] == cfg.table_size
    ]
    declared = [c for c in scratch if "budget_scale" not in c]
    assert len(declared) == 1
    assert sorted(c["budget_scale"] for c in scratch if c not in declared) == sorted(
        cfg.budget_scales
    )
    # not run: no such runs, and the claim's seeds are none
    off = cfg.replace(pure_shift="")
    assert off.pure_level is None and off.pure_seed_list == ()


def test_the_handwriting_control_trains_scratch_on_the_sources_handwriting_as_target_images():
    from negresults.transfer.compute.datasets import mixed_counts
    from negresults.transfer.plan import handwriting_size

    cfg = Config.from_params(preset="cpu", device="cpu")
    hand, fonts = mixed_counts(cfg.reservoir_per_class, cfg.mixed_font_share(cfg.table_level))
    assert (hand, fonts) == (14, 26)  # the source Table 1 reads: 14 handwritten, 26 fonts
    assert handwriting_size(cfg) == cfg.table_size + 14
    arms = [t for s in plan(cfg) for t in s if t.kind == ARM_KIND]
    control = [t.config for t in arms if t.config["size"] == handwriting_size(cfg)]
    assert {c["arm"] for c in control} == {"scratch"}
    assert sorted(c["seed"] for c in control) == list(cfg.seeds)
    # Apart from its size, each is the seed's Table 1 scratch run; no other run changes.
    table = {
        t.config["seed"]: t.config
        for t in arms
        if t.config["arm"] == "scratch"
        and t.config["size"] == cfg.table_size
        and "budget_scale" not in t.config
    }
    for c in control:
        assert {**c, "size": cfg.table_size} == table[c["seed"]]
    off = cfg.replace(handwriting_control=False)
    assert handwriting_size(off) is None
    assert {t.key for t in arms} - {t.key for s in plan(off) for t in s if t.kind == ARM_KIND} == {
        t.key for t in arms if t.config["size"] == handwriting_size(cfg)
    }
    # A source without handwriting (the font-only level as Table 1's) has no such control.
    assert handwriting_size(cfg.replace(table_shift="acquired")) is None


def test_the_non_deep_baselines_run_on_the_handwriting_controls_own_images():
    from negresults.transfer.plan import handwriting_size

    cfg = Config.from_params(preset="cpu", device="cpu")
    size = handwriting_size(cfg)
    tasks = [t for s in plan(cfg) for t in s]
    base = [t.config for t in tasks if t.kind == BASELINE_KIND and t.config["size"] == size]
    assert sorted(c["seed"] for c in base) == list(cfg.seeds)
    control = {
        t.config["seed"]: t.config for t in tasks if t.kind == ARM_KIND and t.config["size"] == size
    }
    # What decides the images (collection, pool, splits, size, seed) is the control's.
    data = (
        "dataset",
        "image_size",
        "num_classes",
        "size",
        "seed",
        "val_per_class",
        "pool_per_class",
        "test_per_class",
        "reservoir_per_class",
        "folds",
    )
    for c in base:
        assert {k: c[k] for k in data} == {k: control[c["seed"]][k] for k in data}
    # Off with the control, and no other baseline run changes.
    off = [t for s in plan(cfg.replace(handwriting_control=False)) for t in s]
    kept = {t.key for t in tasks if t.kind == BASELINE_KIND} - {t.key for t in off}
    assert kept == {t.key for t in tasks if t.kind == BASELINE_KIND and t.config["size"] == size}
    assert not [t for t in off if t.kind == BASELINE_KIND and t.config["size"] == size]


def test_the_handwriting_source_trains_the_named_arms_on_table_1s_seeds_and_nothing_else():
    from negresults.transfer.names import HANDWRITING_SOURCE
    from negresults.transfer.plan import arm_specs, hand_source_arms

    cfg = Config.from_params(preset="cpu", device="cpu")
    assert hand_source_arms(cfg) == ("finetune", "lpft")
    tasks = [t for s in plan(cfg) for t in s]

    def from_hand(ts):
        return {
            t.key
            for t in ts
            if t.kind == ARM_KIND
            and (t.config["pretrain"] or {}).get("shift") == HANDWRITING_SOURCE
            and not t.config["pretrain"].get("passes_matched")
        }

    runs = [t.config for t in tasks if t.key in from_hand(tasks)]
    assert sorted((c["arm"], c["seed"]) for c in runs) == sorted(
        (a, s) for a in ("finetune", "lpft") for s in cfg.seeds
    )
    assert {c["size"] for c in runs} == {cfg.table_size}
    # Apart from its source, each is the seed's Table 1 run of that arm.
    table = {
        (t.config["arm"], t.config["seed"]): t.config
        for t in tasks
        if t.kind == ARM_KIND
        and t.config["size"] == cfg.table_size
        and (t.config["pretrain"] or {}).get("shift") == cfg.table_level
        and "budget_scale" not in t.config
    }
    for c in runs:
        ref = table[(c["arm"], c["seed"])]
        assert {**c, "pretrain": None} == {**ref, "pretrain": None}
        assert {**c["pretrain"], "shift": cfg.table_level} == ref["pretrain"]
    # Off (or without a mixed Table 1 source, or with its arms not run): none runs, and
    # the handwriting control does not decide it.
    for other in (
        cfg.replace(handwriting_source_arms=()),
        cfg.replace(table_shift="acquired"),
        cfg.replace(arms=("linear_probe",)),
    ):
        assert hand_source_arms(other) == ()
        assert not [p for p, *_ in arm_specs(other) if p == "hand_source"]
    no_control = cfg.replace(handwriting_control=False)
    assert len([p for p, *_ in arm_specs(no_control) if p == "hand_source"]) == len(runs)
    off = [
        t
        for s in plan(cfg.replace(handwriting_source_arms=(), handwriting_matched=False))
        for t in s
    ]
    gone = {t.key for t in tasks} - {t.key for t in off}
    pretrains = {
        t.key
        for t in tasks
        if t.config.get("shift") == HANDWRITING_SOURCE and not t.config.get("passes_matched")
    }
    matched = {
        t.key
        for t in tasks
        if t.config.get("passes_matched") or (t.config.get("pretrain") or {}).get("passes_matched")
    }
    assert gone == from_hand(tasks) | pretrains | matched and len(pretrains) == len(cfg.seeds)


def test_the_handwriting_alone_at_table_1s_passes_differs_only_in_its_pretraining_length():
    """The equal-passes source: the equal-steps source's config but for the epochs (scaled
    by the handwriting's share of Table 1's source) and the mark naming it apart; the same
    arms on the same seeds; and nothing else in the plan moves when it is switched off."""
    from negresults.transfer.config import HANDWRITING_MATCHED
    from negresults.transfer.names import HANDWRITING_SOURCE
    from negresults.transfer.plan import (
        hand_matched_arms,
        matched_epochs,
        pretrain_config,
        source_handwriting,
        source_name,
    )

    cfg = Config.from_params(preset="cpu", device="cpu")
    # 12 epochs over 40 images per class against 14 of them alone: 12 x 14 / 40 = 4.2.
    assert (cfg.pretrain_epochs, source_handwriting(cfg), cfg.reservoir_per_class) == (12, 14, 40)
    assert matched_epochs(cfg) == 4
    steps = pretrain_config(cfg, 3, "cpu", HANDWRITING_SOURCE)
    passes = pretrain_config(cfg, 3, "cpu", HANDWRITING_MATCHED)
    assert passes == {**steps, "pretrain_epochs": 4, "passes_matched": True}
    assert source_name(passes) == HANDWRITING_MATCHED and source_name(steps) == HANDWRITING_SOURCE
    tasks = [t for s in plan(cfg) for t in s]
    arms = [
        t
        for t in tasks
        if t.kind == ARM_KIND and (t.config["pretrain"] or {}).get("passes_matched")
    ]
    assert sorted((t.config["arm"], t.config["seed"]) for t in arms) == sorted(
        (a, s) for a in ("finetune", "lpft") for s in cfg.seeds
    )
    labels = [t.label for t in tasks]
    assert len(labels) == len(set(labels))  # the two sources' runs are told apart
    assert f"pretrain/{HANDWRITING_MATCHED}/seed3" in labels
    # Off, or nothing to match (the passes would equal the other source's): not run, and
    # every other run keeps its key.
    off = [t for s in plan(cfg.replace(handwriting_matched=False)) for t in s]
    assert {t.key for t in off} == {
        t.key
        for t in tasks
        if not (
            t.config.get("passes_matched") or (t.config.get("pretrain") or {}).get("passes_matched")
        )
    }
    assert hand_matched_arms(cfg.replace(pretrain_epochs=1, reservoir_per_class=40)) == ()
    assert hand_matched_arms(cfg.replace(table_shift="acquired")) == ()


@pytest.mark.bad_input
def test_an_unknown_handwriting_source_arm_is_refused_in_one_line():
    with pytest.raises(ConfigError) as err:
        Config.from_params(preset="smoke", handwriting_source_arms=("scratch",))
    message = str(err.value)
    assert "handwriting_source_arms names 'scratch', which is not a transferred arm" in message
    assert "valid choices: finetune, lpft, linear_probe, frozen_head, or [] for none" in message
    assert "\n" not in message


@pytest.mark.bad_input
def test_a_handwriting_control_larger_than_the_pool_is_refused_in_one_line():
    cfg = Config.from_params(preset="smoke", device="cpu", pool_per_class=3)
    with pytest.raises(
        ConfigError,
        match=r"handwriting control trains scratch on \d+ images "
        r"per class.*more than the pool of 3 per class; set handwriting_control",
    ):
        plan(cfg)
