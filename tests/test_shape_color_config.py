"""Study A config: presets, validation before any training, the plan."""

import pytest

from negresults.config import ConfigError
from negresults.devices import resolve_device
from negresults.shape_color import config as sc
from negresults.shape_color.plan import KIND, STABILITY_KIND, TUNE_KIND, plan


def test_preset_none_follows_the_environment(monkeypatch):
    monkeypatch.setenv("NEGRESULTS_PRESET", "smoke")
    assert sc.ShapeColorConfig.from_params().preset == "smoke"
    monkeypatch.delenv("NEGRESULTS_PRESET")
    assert sc.ShapeColorConfig.from_params().preset == "cpu"


def test_none_keeps_the_preset_default_and_lists_become_tuples():
    cfg = sc.ShapeColorConfig.from_params(preset="cpu", seeds=None, ablations=["no_attention"])
    assert cfg.seeds == sc.PRESETS["cpu"].seeds
    assert cfg.ablations == ("no_attention",)


def test_cpu_preset_is_the_full_design_with_the_papers_two_ablations():
    cfg = sc.ShapeColorConfig.from_params(preset="cpu")
    # The frozen conv stem is not one of the paper's ablations; the cpu preset leaves it out.
    assert set(cfg.ablations) == {"frozen_linear", "no_attention"}
    assert set(cfg.controls) == set(sc.CONTROLS)
    assert cfg.pressures == sc.COLOUR_PRESSURES and cfg.stability_test
    assert not set(cfg.tuning_seeds) & set(cfg.seeds)
    gpu = sc.ShapeColorConfig.from_params(preset="gpu")
    assert set(gpu.ablations) == set(sc.ABLATIONS)


@pytest.mark.parametrize(
    ("params", "pattern"),
    [
        ({"ablations": ["frozen"]}, r"unknown ablation 'frozen'.*valid choices: frozen_linear"),
        ({"controls": ["grey_only"]}, r"unknown control 'grey_only'.*valid choices: shape_only"),
        (
            {"colour_pressure": ["grey"]},
            r"unknown colour_pressure 'grey'.*valid choices: none, mild_jitter",
        ),
        ({"ablation_pressure": "huge"}, r"unknown ablation_pressure 'huge'.*valid choices"),
        ({"label_mixing_degrees": 400}, r"label_mixing_degrees=400 is larger than the hue circle"),
        (
            {"strong_jitter_degrees": 30},
            r"strong_jitter_degrees=30 reaches the colour-critical benchmark's hues",
        ),
        ({"mild_jitter_degrees": 15}, r"pressure levels must grow"),
        ({"tuning_seeds": [0]}, r"tuning seed 0 is also a reported or stability seed"),
        ({"stability_rates": [0.01]}, r"stability_rates=\[0.01\] needs at least two rates"),
        ({"tuning_seeds": [7008]}, r"tuning seed 7008 is also a reported or stability seed"),
        ({"stability_seeds": []}, r"stability_seeds is empty while stability_test is on"),
        ({"lr_grid": [1e-3, 2e-3]}, r"lr_grid needs at least 3 rates"),
        ({"lr_grid": [3e-3, 1e-3, 2e-3]}, r"lr_grid must be increasing"),
        ({"seeds": []}, r"seeds is empty"),
        ({"seeds": [0, -1]}, r"non-negative.*-1"),
        ({"held_out_pairs": 57}, r"impossible split: held_out_pairs=57"),
        ({"train_per_pair": -4}, r"train_per_pair must be positive, got -4"),
        ({"epochs": "ten"}, r"epochs must be an integer, got 'ten'"),
        ({"seeds": "0,1"}, r"seeds must be a list, got '0,1'"),
        ({"sedes": [1]}, r"unknown parameter 'sedes'.*did you mean 'seeds'"),
        ({"device": "tpu"}, r"unknown device 'tpu'.*valid choices: auto, cpu, cuda"),
        ({"preset": "laptop"}, r"unknown preset 'laptop'"),
        (
            {"powered_cells": [["baseline", "grey", 10]]},
            r"powered_cells names baseline/grey, which is not a reported cell.*valid cells: "
            r"baseline/none",
        ),
        (
            {"powered_cells": [["baseline", "none", 39]]},
            r"gives baseline/none 39 seeds; give more than the 6 every cell runs and at most "
            r"the 38",
        ),
        (
            {"powered_cells": [["baseline", "none", 8], ["baseline", "none", 9]]},
            r"names baseline/none twice",
        ),
        ({"shared_seeds": 39}, r"shared_seeds is 39, more than the 38 seeds given"),
        (
            {"equal_length_seeds": 39},
            r"equal_length_seeds is 39, more than the 38 seeds given; give at most that many",
        ),
        (
            {"long_curve_seeds": 39},
            r"long_curve_seeds is 39, more than the 38 seeds given; give at most that many "
            r"\(0 runs those of the level's baseline cell\)",
        ),
        ({"long_curve_seeds": -1}, r"long_curve_seeds must be at least 0, got -1"),
        (
            {"long_final_levels": ["mild_jitter"]},
            r"long_final_levels names mild_jitter, which is not one of long_curve_levels "
            r"\(label_mixing\); add it there first, or leave it out",
        ),
        (
            {"long_final_levels": ["grey"]},
            r"unknown long_final_level 'grey'; valid choices: none, mild_jitter",
        ),
        (
            {"long_curve_seeds": 10},
            r"long_curve_seeds is 10, fewer than the 25 seeds the long baseline already runs "
            r"at label_mixing; give at least that many \(0 runs those of the level's",
        ),
        (
            {"variant_epochs": [["linear", 80]]},
            r"variant_epochs names an unknown model 'linear'; valid choices: baseline",
        ),
        ({"variant_epochs": [["trained_linear", 20]]}, r"give from epochs \(40\) to 500"),
        (
            {"count_fresh": [["frozen_conv", "none"]]},
            r"count_fresh names frozen_conv/none, which is not a count claim.*valid choices: "
            r"frozen_linear/none",
        ),
        (
            {"count_fresh": [["no_attention", "none"], ["no_attention", "none"]]},
            r"count_fresh names no_attention/none twice",
        ),
        (
            {"long_curve_levels": ["label_mix"]},
            r"unknown long_curve_level 'label_mix'.*valid choices: none, mild_jitter",
        ),
        (
            {"count_fresh": [["no_attention", "none"]], "powered_cells": []},
            r"no_attention/none runs only the 6 shared seeds, so the claim would have no fresh "
            r"seed; give that cell more seeds in powered_cells",
        ),
    ],
)
@pytest.mark.bad_input
def test_bad_input_is_refused_by_name(params, pattern):
    preset = params.pop("preset", "cpu")
    with pytest.raises(ConfigError, match=pattern):
        sc.ShapeColorConfig.from_params(preset=preset, **params)


def test_plan_tunes_first_and_each_run_names_its_own_tuning():
    cfg = sc.ShapeColorConfig.from_params(
        preset="cpu", ablations=["no_attention"], controls=["shape_only"], seeds=[3, 4]
    )
    tuning, runs = plan(cfg)
    assert {t.kind for t in tuning} == {TUNE_KIND}
    assert {t.kind for t in runs} == {KIND, STABILITY_KIND}
    # baseline and no_attention each try every rate on every pilot seed; controls share.
    assert len(tuning) == 2 * len(cfg.lr_grid) * len(cfg.tuning_seeds)
    assert {t.config["seed"] for t in tuning} == set(cfg.tuning_seeds)
    assert len({t.label for t in runs}) == len(runs)
    assert len(runs) == len(cfg.grid) + len(cfg.stability_grid)
    assert all(t.config["device"] == resolve_device("auto") for t in runs)
    tuning_keys = {t.key for t in tuning}
    for run in runs:
        needs = {t.key for t in run.needs or ()}
        if run.config["regime"] == "unstable":
            assert not needs
            continue
        assert needs <= tuning_keys and len(needs) == len(cfg.lr_grid) * len(cfg.tuning_seeds)
        variants = {t.config["variant"] for t in run.needs}
        expected = "baseline" if run.config["variant"] == "shape_only" else run.config["variant"]
        assert variants == {expected}
    # Reporting margins do not decide a run, so they stay out of the hashed config.
    assert "equivalence_margin" not in runs[0].config


def test_every_run_trains_the_declared_length_and_tuning_reads_the_same_schedule():
    """The curve claims read the reported baseline: no run of the plan trains another length,
    and a tuning run trains the schedule of the runs whose rate it chooses."""
    cfg = sc.ShapeColorConfig.from_params(preset="cpu", seeds=[3, 4])
    tuning, runs = plan(cfg)
    # Every model at its declared length (the linear projections train longer, to their
    # plateau), its tuning at the same length; the stability runs at the common schedule.
    longer = dict(cfg.variant_epochs)
    assert longer and max(longer.values()) > cfg.epochs
    # The equal-length baseline (ninth revision): the baseline at the trained linear
    # projection's length on every given seed at both ablation levels, tuned at that length;
    # and (twelfth) the colour-only control at that length where the curve claims read it.
    stem = longer["trained_linear"]
    at_stem = [
        t
        for t in [*tuning, *runs]
        if t.config["variant"] in ("baseline", "colour_only", "no_attention")
        and t.config["epochs"] == stem
    ]
    reported = {
        (t.config["variant"], t.config["colour_pressure"], t.config["seed"])
        for t in at_stem
        if t in runs
    }
    assert reported == {
        (m, p, s)
        for s in (3, 4)
        for m, p in [
            ("baseline", "none"),
            ("baseline", "label_mixing"),
            ("colour_only", "label_mixing"),
            # and (fourteenth) no attention where the count claim reads it at that length
            ("no_attention", "label_mixing"),
        ]
    }
    # Tuned at that length: the baseline, and no attention (the controls take the baseline's).
    tuned = 2 * len(cfg.lr_grid) * len(cfg.tuning_seeds)
    assert len([t for t in at_stem if t in tuning]) == tuned
    for t in [*tuning, *runs]:
        if t in at_stem:
            continue
        standard = t.config["regime"] == "standard"
        want = longer.get(t.config["variant"], cfg.epochs) if standard else cfg.epochs
        assert t.config["epochs"] == want, t.label
    assert {t.config["warmup_fraction"] for t in [*tuning, *runs]} == {cfg.warmup_fraction}
    # Two epochs of warm-up, as the earlier 20-epoch runs had; a stability run is a part of
    # a full run's schedule.
    assert cfg.epochs * cfg.warmup_fraction == 2 and cfg.stability_epochs < cfg.epochs
    baselines = [t for t in runs if t.kind == KIND and t.config["variant"] == "baseline"]
    assert {(t.config["colour_pressure"], t.config["seed"]) for t in baselines} >= {
        (p, s) for p in ("none", cfg.ablation_pressure) for s in (3, 4)
    }


def test_ablations_run_at_no_pressure_and_the_declared_level_only():
    cfg = sc.ShapeColorConfig.from_params(preset="cpu", seeds=[0])
    cells = {(v, p, r) for v, p, r, _ in cfg.grid}
    for a in cfg.ablations:
        assert {p for v, p, r in cells if v == a and r == "standard"} == {
            "none",
            cfg.ablation_pressure,
        }
    assert {p for v, p, r in cells if v == "baseline"} == set(sc.COLOUR_PRESSURES)


def test_widening_the_rate_grid_retrains_only_what_chooses_a_rate():
    cfg = sc.ShapeColorConfig.from_params(preset="smoke")
    wider = cfg.replace(lr_grid=(1e-3, *cfg.lr_grid))
    keys = {t.key: t for stage in plan(cfg) for t in stage}
    wider_keys = {t.key: t for stage in plan(wider) for t in stage}
    kept = keys.keys() & wider_keys.keys()
    # Every tuning run of the old grid and every run at a fixed axis rate keeps its key...
    assert {k for k, t in keys.items() if t.kind == TUNE_KIND} <= kept
    assert {k for k, t in keys.items() if t.config["regime"] == "unstable"} <= kept
    # ...while a run that chooses its rate from the grid is a new run.
    chooses = {k for k, t in keys.items() if t.kind == KIND and t.config["regime"] == "standard"}
    assert chooses and chooses.isdisjoint(kept)


def test_a_powered_cell_runs_the_first_n_seeds_and_every_other_cell_the_shared_ones():
    cfg = sc.ShapeColorConfig.from_params(
        preset="cpu",
        seeds=list(range(9)),
        shared_seeds=3,
        powered_cells=[["baseline", "none", 9], ["colour_only", "none", 5]],
    )
    seeds = {}
    for v, p, _, s in cfg.grid:
        seeds.setdefault((v, p), []).append(s)
    assert seeds.pop(("baseline", "none")) == list(range(9))
    assert seeds.pop(("colour_only", "none")) == list(range(5))
    assert seeds and all(s == [0, 1, 2] for s in seeds.values())


def test_powered_seeds_add_runs_and_re_key_none_of_the_shared_ones():
    cfg = sc.ShapeColorConfig.from_params(preset="cpu")
    shared = cfg.replace(
        seeds=cfg.seeds[: cfg.n_shared],
        shared_seeds=0,
        powered_cells=(),
        count_fresh=(),
        long_curve_seeds=0,
    )
    keys = {t.key for stage in plan(cfg) for t in stage}
    shared_keys = {t.key for stage in plan(shared) for t in stage}
    assert shared_keys < keys
    added = [t for stage in plan(cfg) for t in stage if t.key not in shared_keys]
    powered = {(v, p): n for v, p, n in cfg.powered_cells}
    # The long baseline and long colour-only control (twelfth revision) run the first
    # long_curve_seeds (thirteenth) at each long-curve level: 38, beyond any reported cell.
    long = 2 * sum(cfg.long_curve_seeds - cfg.n_shared for p in cfg.long_levels)
    assert cfg.long_curve_seeds == 38
    assert cfg.long_levels == ("label_mixing",)
    # No attention trained as long (fourteenth) runs its cell's seeds at each long-final level.
    long += sum(len(cfg.cell_seeds(m, p)) - cfg.n_shared for m, p in cfg.long_final_cells)
    assert cfg.long_final_cells == [("no_attention", "label_mixing")]
    assert len(added) == sum(n - cfg.n_shared for n in powered.values()) + long
    assert all((t.config["variant"], t.config["colour_pressure"]) in powered for t in added)


def test_resizing_the_seeds_or_ablations_reads_every_count_claim_on_all_its_seeds():
    preset = sc.ShapeColorConfig.from_params(preset="cpu")
    assert preset.count_fresh
    for given in ({"seeds": [0, 1]}, {"shared_seeds": 8}, {"ablations": ["no_attention"]}):
        assert sc.ShapeColorConfig.from_params(preset="cpu", **given).count_fresh == ()
    # Leaving an ablation out drops its cells (and its reference's) from the powered ones.
    alone = sc.ShapeColorConfig.from_params(preset="cpu", ablations=["no_attention"])
    assert {v for v, _, _ in alone.powered_cells} == {"baseline", "colour_only", "no_attention"}


def test_given_seeds_are_run_by_every_cell():
    one = sc.ShapeColorConfig.from_params(preset="cpu", seeds=[0])
    assert one.powered_cells == () and {s for *_, s in one.grid} == {0}
    ten = sc.ShapeColorConfig.from_params(preset="cpu", seeds=list(range(10)))
    cells = {(v, p) for v, p, _, _ in ten.grid}
    assert len(ten.grid) == 10 * len(cells)
    # Given with the seeds, the sizing fields still apply.
    sized = sc.ShapeColorConfig.from_params(
        preset="cpu",
        seeds=list(range(10)),
        shared_seeds=4,
        powered_cells=[["baseline", "none", 10]],
    )
    assert len(sized.grid) == 4 * len(cells) + 6


def test_the_controls_run_at_every_declared_level_and_its_claim_is_judged_there():
    from negresults.shape_color import analysis_plan

    cfg = sc.ShapeColorConfig.from_params(preset="cpu")
    cells = {(v, p) for v, p, _, _ in cfg.grid}
    for control in cfg.controls:
        assert {(control, p) for p in cfg.control_levels} <= cells
    keys = {s.key for s in analysis_plan.claim_specs(cfg)}
    assert {f"colour_held_back_{p}" for p in cfg.control_levels} <= keys
    alone = sc.ShapeColorConfig.from_params(preset="smoke", control_pressures=["none"])
    assert not any(p != "none" for v, p, _, _ in alone.grid if v in alone.controls)


def test_long_curve_levels_read_the_long_arms_only_where_both_run():
    """The twelfth revision: at a long-curve level the Figure 1 claims read the baseline and
    the colour-only control at the linear projections' length; a config that does not run
    the long baseline there (no trained linear projection, another ablation level) reads the
    common length, so a papermill re-run with fewer ablations still works."""
    cfg = sc.ShapeColorConfig.from_params(preset="cpu")
    assert cfg.long_levels == ("label_mixing",)
    assert cfg.curve_arm("label_mixing") == sc.LONG_BASELINE
    assert cfg.curve_arm("label_mixing", "colour_only") == sc.LONG_COLOUR_ONLY
    assert cfg.curve_arm("none") == "baseline"
    # The thirteenth revision: the long arms there run the first long_curve_seeds, more than
    # the level's baseline cell; without it, that cell's seeds.
    assert cfg.long_seeds("label_mixing") == cfg.seeds[: cfg.long_curve_seeds]
    assert len(cfg.long_seeds("label_mixing")) > len(cfg.cell_seeds("baseline", "label_mixing"))
    unsized = cfg.replace(long_curve_seeds=0)
    assert unsized.long_seeds("label_mixing") == cfg.cell_seeds("baseline", "label_mixing")
    assert cfg.long_seeds("none") == cfg.seeds[: cfg.equal_length_seeds]
    # Given seeds, the long arms run those of the level's baseline cell: the preset's count
    # fits its own seeds only.
    given = sc.ShapeColorConfig.from_params(preset="cpu", seeds=list(range(4)))
    assert given.long_curve_seeds == 0 and given.long_seeds("label_mixing") == (0, 1, 2, 3)
    assert cfg.long_seeds_sized("label_mixing") and not given.long_seeds_sized("label_mixing")
    assert not unsized.long_seeds_sized("label_mixing") and not cfg.long_seeds_sized("none")


def test_a_long_final_level_reads_long_arms_and_adds_only_no_attention_trained_as_long():
    """The fourteenth revision: at a long-final level the manipulation check and no
    attention's count claim read the long arms; the grid gains no attention trained as long
    as the linear projections on its cell's seeds there, tuned again at that length, and
    loses no run; without the field (or where the long baseline does not run) nothing moves."""
    cfg = sc.ShapeColorConfig.from_params(preset="cpu")
    assert cfg.final_levels == ("label_mixing",)
    assert cfg.final_arm("label_mixing") == sc.LONG_BASELINE
    assert cfg.final_arm("label_mixing", "no_attention") == sc.LONG_NO_ATTENTION
    assert cfg.final_arm("label_mixing", "frozen_linear") == "frozen_linear"
    assert cfg.final_arm("none", "no_attention") == "no_attention"
    run = {"variant": "no_attention", "regime": "standard", "epochs": cfg.stem_epochs}
    assert cfg.arm_of(run) == sc.LONG_NO_ATTENTION
    assert sc.LONG_NO_ATTENTION in cfg.tuned_arms
    before = cfg.replace(long_final_levels=())
    assert before.final_arm("label_mixing") == "baseline"
    assert sc.LONG_NO_ATTENTION not in before.tuned_arms
    added = set(map(str, (t.key for s in plan(cfg) for t in s))) - set(
        map(str, (t.key for s in plan(before) for t in s))
    )
    removed = set(map(str, (t.key for s in plan(before) for t in s))) - set(
        map(str, (t.key for s in plan(cfg) for t in s))
    )
    labels = sorted(t.label for s in plan(cfg) for t in s if str(t.key) in added)
    seeds = cfg.cell_seeds("no_attention", "label_mixing")
    assert len(seeds) == 14 and not removed
    assert labels == sorted(
        [f"no_attention/label_mixing/standard/{cfg.stem_epochs}ep/seed{s}" for s in seeds]
        + [f"tune/no_attention/{cfg.stem_epochs}ep/lr{lr:g}/seed1000" for lr in cfg.lr_grid]
    )
    # Given seeds, no attention trained as long runs every one, as its cell does.
    given = sc.ShapeColorConfig.from_params(preset="cpu", seeds=[0, 1, 2])
    assert given.long_final_cells == [("no_attention", "label_mixing")]
    runs = [(m, p, s) for m, p, s in given.equal_length_grid if m == "no_attention"]
    assert runs == [("no_attention", "label_mixing", s) for s in (0, 1, 2)]
    assert given.long_seeds("none") == (0, 1, 2)
    # A re-run without the long baseline (no trained linear projection) reads the common length.
    alone = sc.ShapeColorConfig.from_params(preset="cpu", ablations=["no_attention"])
    assert alone.final_levels == () and alone.final_arm("label_mixing") == "baseline"


def test_the_thirteenth_revisions_seeds_are_the_ones_its_declared_numbers_ask_for():
    """The plan's thirteenth revision declares the pilot's paired SD (5.53 on 25 seeds) and
    the seeds its upper limit needs; the preset runs exactly those, from that pilot."""
    from negresults import stats
    from negresults.shape_color import analysis_plan as plan

    cfg = sc.ShapeColorConfig.from_params(preset="cpu")
    key = "colour_held_back_label_mixing"
    assert plan.LONG_PILOTS[key] == len(cfg.cell_seeds("baseline", "label_mixing")) == 25
    limit = stats.sd_upper_limit(5.53, plan.LONG_PILOTS[key])
    assert round(limit, 2) == 6.37 and "limit 6.37, which needs 38 seeds" in " ".join(
        (plan.__doc__ or "").split()
    )
    assert stats.seeds_for_margin(limit, plan.EQUIVALENCE_MARGIN) == cfg.long_curve_seeds == 38
    run = {"variant": "colour_only", "regime": "standard", "epochs": cfg.stem_epochs}
    assert cfg.arm_of(run) == sc.LONG_COLOUR_ONLY
    assert cfg.arm_of({**run, "epochs": cfg.epochs}) == "colour_only"
    other = sc.ShapeColorConfig.from_params(preset="cpu", ablations=["no_attention"])
    assert other.long_levels == () and other.curve_arm("label_mixing") == "baseline"
    assert other.equal_length_grid == []
    # At a level where the ablations (so the long baseline) do not run, the same.
    elsewhere = cfg.replace(long_curve_levels=("strong_jitter",), long_final_levels=())
    assert elsewhere.long_levels == () and elsewhere.curve_arm("strong_jitter") == "baseline"
    # Without the colour-only control at the level, the baseline keeps the common length too:
    # the comparison with the control would otherwise read two lengths.
    cells = tuple(c for c in cfg.powered_cells if c[:2] != ("colour_only", "label_mixing"))
    no_control = cfg.replace(control_pressures=("none",), powered_cells=cells)
    assert no_control.long_levels == ()
