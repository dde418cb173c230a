"""Every value Study A's chapters glue, keyed in full (grep a key seen in a chapter to land here).

One function per chapter; each returns ``{glue key: value}`` where a value is
text, a table or a figure. A key exists whatever part of the grid a page was
executed on (``n/a (not run)`` where a setting was left out), so a chapter
re-executed with other parameters never cites a missing key.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from negresults import stats
from negresults.reporting import NOT_RUN, fmt
from negresults.shape_color import analysis_plan as plan
from negresults.shape_color.config import PRESSURE_LABELS, SHAPES, ShapeColorConfig
from negresults.shape_color.report import claims, figures, tables
from negresults.shape_color.report.phrases import (
    acc,
    change_phrase,
    epochs_to,
    points,
    sign_reading,
)
from negresults.shape_color.report.results import Results


def _seed_warning(cfg: ShapeColorConfig) -> str:
    need = plan.planned_seeds(margin=cfg.equivalence_margin)
    if len(cfg.seeds) >= need:
        return f"The {len(cfg.seeds)} seeds run meet it."
    return (
        f"**Too few seeds: only {len(cfg.seeds)} are run, fewer than the {need} the power "
        "calculation asks for, so verdicts of equivalence and of small effects are weaker "
        "than planned.**"
    )


def method(cfg: ShapeColorConfig, results: Results) -> dict[str, Any]:
    n = cfg.n_classes
    params = tables.parameter_table(cfg)
    gap = abs(params.loc["no_attention", "Parameters"] / params.loc["baseline", "Parameters"] - 1)
    patch_dim = 3 * cfg.patch_size**2
    n_train = (n * n - cfg.held_out_pairs) * cfg.train_per_pair
    cost = tables.cost_table(results)
    return {
        "sc_m_preset": cfg.preset,
        "sc_m_n": str(n),
        "sc_m_pairs": str(n * n),
        "sc_m_held_out": str(cfg.held_out_pairs),
        "sc_m_seen": str(n * n - cfg.held_out_pairs),
        "sc_m_shapes": ", ".join(SHAPES[:n]),
        "sc_m_size": str(cfg.image_size),
        "sc_m_rotation": f"{cfg.rotation_degrees:g}",
        "sc_m_train_per_pair": str(cfg.train_per_pair),
        "sc_m_n_train": f"{n_train:,}",
        "sc_m_val_per_pair": str(cfg.val_per_pair),
        "sc_m_test_per_pair": str(cfg.test_per_pair),
        "sc_m_spacing": f"{360 / n:g}",
        "sc_m_half_spacing": f"{180 / n:g}",
        "sc_m_offset": f"{cfg.critical_offset:g}",
        "sc_m_gap": f"{360 / n - 2 * cfg.critical_offset:g}",
        "sc_m_luminance": f"{cfg.lightness_y:g}",
        "sc_m_chroma": f"{cfg.chroma:g}",
        "sc_m_noise": f"{cfg.noise_std:g}",
        "sc_m_mild": f"{cfg.mild_jitter_degrees:g}",
        "sc_m_strong": f"{cfg.strong_jitter_degrees:g}",
        "sc_m_mixing": f"{cfg.label_mixing_degrees:g}",
        "sc_m_ablation_pressure": PRESSURE_LABELS[cfg.ablation_pressure],
        "sc_m_frozen_conv_run": (
            "It is part of this build's grid."
            if "frozen_conv" in cfg.ablations
            else f"The {cfg.preset} preset leaves it out, to keep a cold build short; "
            "add it with the parameter ablations = [frozen_linear, frozen_conv, no_attention]."
        ),
        "sc_m_patch": str(cfg.patch_size),
        "sc_m_patch_dim": str(patch_dim),
        "sc_m_linear_rank": str(min(patch_dim, cfg.width)),
        "sc_m_tokens": str((cfg.image_size // cfg.patch_size) ** 2),
        "sc_m_width": str(cfg.width),
        "sc_m_depth": str(cfg.depth),
        "sc_m_heads": str(cfg.heads),
        "sc_m_epochs": str(cfg.epochs),
        "sc_m_batch": str(cfg.batch_size),
        "sc_m_steps": f"{cfg.epochs * -(-n_train // cfg.batch_size):,}",
        "sc_m_lr_grid": ", ".join(f"{x:g}" for x in cfg.lr_grid),
        "sc_m_tuning_seeds": ", ".join(map(str, cfg.tuning_seeds)),
        "sc_m_warmup": f"{100 * cfg.warmup_fraction:g}",
        "sc_m_unstable_lr": f"{cfg.unstable_lr:g}",
        "sc_m_instability_drop": f"{cfg.instability_drop:g}",
        "sc_m_seeds": str(len(cfg.seeds)),
        "sc_m_runs": str(len(cfg.grid)),
        "sc_m_param_gap": f"{100 * gap:.1f}",
        "sc_m_margin": f"{cfg.equivalence_margin:g}",
        "sc_m_planning_sd": f"{plan.PLANNING_SD:g}",
        "sc_m_planned_seeds": str(plan.planned_seeds(margin=cfg.equivalence_margin)),
        "sc_m_seed_warning": _seed_warning(cfg),
        "sc_m_cost_total": cost.loc["total", "Core-minutes"],
        "sc_m_cost": cost,
        "sc_m_parameters": params,
        "sc_fig_colours": figures.colour_figure(cfg),
        "sc_fig_colours_caption": (
            "Object colours of every class (middle row) and of the colour-critical benchmark "
            f"(class hue ∓ {cfg.critical_offset:g} degrees), above their relative luminance "
            "rendered as grey: one uniform grey."
        ),
    }


def _base(results: Results, metric: str, pressure: str = "none", variant: str = "baseline"):
    return results.arm(variant, pressure)[metric].to_numpy(dtype=float)


def _paired(results: Results, a: str, b: str, metric: str, pressure: str = "none"):
    x, y = _base(results, metric, pressure, a), _base(results, metric, pressure, b)
    return x - y if len(x) == len(y) and len(x) else np.array([])


def _plateau(results: Results, pressure: str = "none") -> np.ndarray:
    t = plan.curve(results.history, "baseline", pressure, "standard", "shape_seen_acc")
    return plan.gain_since(t, plan.PLATEAU_FROM) if len(t) else np.array([])


def _numbers(cfg: ShapeColorConfig, results: Results) -> dict[str, str]:
    """Text values that more than one results chapter cites."""
    final = results.final
    shape = _base(results, "shape_seen_acc")
    colour = _base(results, "colour_acc")
    plateau = _plateau(results)
    met = (
        len(shape)
        and shape.mean() >= 90
        and colour.mean() >= 95
        and abs(plateau.mean()) < plan.PLATEAU_GAIN
    )
    return {
        "sc_preset": cfg.preset,
        "sc_n_runs": str(len(final)),
        "sc_n_seeds": str(final.seed.nunique()),
        "sc_epochs": str(cfg.epochs),
        "sc_chance": f"{100 / cfg.n_classes:.1f}",
        "sc_margin": f"{cfg.equivalence_margin:g}",
        "sc_base_shape_seen": acc(shape),
        "sc_base_shape_unseen": acc(_base(results, "shape_unseen_acc")),
        "sc_base_colour": acc(colour),
        "sc_base_critical": acc(_base(results, "critical_colour_acc")),
        "sc_plateau_gain": points(plateau),
        "sc_target_reading": (
            "so the baseline learns both attributes and has stopped improving on shape"
            if met
            else "short of the targets (90% shape on seen pairs, 95% colour, and a last-quarter "
            f"shape gain under {plan.PLATEAU_GAIN:g} point): verdicts below rest on a model "
            "that has not finished learning"
        ),
    }


def _epochs_to(results: Results, metric: str, level: float) -> str:
    """When the baseline's validation curve (no pressure) first reaches ``level``, over seeds."""
    t = plan.curve(results.history, "baseline", "none", "standard", metric)
    return epochs_to(t, level, results.cfg.epochs)


def _pressure_reading(results: Results) -> str:
    h, cfg = results.history, results.cfg
    if len(cfg.pressures) < 2:
        return NOT_RUN

    def during(p):
        return tables.critical_during_training(h, p)

    none, parts = during("none"), []
    for p in cfg.pressures[1:]:
        d = during(p) - none
        verdict = sign_reading(d, "lowers it", "raises it", "does not change it detectably")
        parts.append(f"{PRESSURE_LABELS[p]} {verdict} ({points(d)})")
    return "; ".join(parts)


def _stability(results: Results) -> dict[str, str]:
    cfg, h = results.cfg, results.history
    if not len(results.arm("baseline", "none", "unstable")):
        return {
            "sc_unstable_drop": NOT_RUN,
            "sc_unstable_reading": NOT_RUN,
            "sc_standard_drop": NOT_RUN,
        }
    unstable = plan.largest_drop(h, "baseline", "none", "unstable")
    standard = plan.largest_drop(h, "baseline", "none", "standard")
    k = int((unstable > cfg.instability_drop).sum())
    k0 = int((standard > cfg.instability_drop).sum())
    is_unstable = k > len(unstable) / 2 and k > k0
    reading = (
        f"the manipulation works: {k} of {len(unstable)} baseline runs in the unstable regime "
        f"fall by more than {cfg.instability_drop:g} points from one epoch to the next, against "
        f"{k0} of {len(standard)} in the standard regime"
        if is_unstable
        else f"the manipulation check fails: only {k} of {len(unstable)} baseline runs in the "
        f"unstable regime fall by more than {cfg.instability_drop:g} points between epochs "
        f"({k0} of {len(standard)} in the standard regime), so the stability claims below are "
        "judged on a regime that is not clearly unstable"
    )
    return {
        "sc_unstable_drop": points(unstable),
        "sc_standard_drop": points(standard),
        "sc_unstable_reading": reading,
    }


def _zero_shot(results: Results) -> dict[str, str]:
    seen = _base(results, "recoloured_shape_seen_acc")
    unseen = _base(results, "recoloured_shape_unseen_acc")
    gap = seen - unseen if len(seen) else np.array([])
    shape_gap = _base(results, "shape_seen_acc") - _base(results, "shape_unseen_acc")
    only = _base(results, "shape_unseen_acc", variant="shape_only")
    return {
        "sc_zs_pair_seen": acc(_base(results, "seen_acc")),
        "sc_zs_pair_unseen": acc(_base(results, "unseen_acc")),
        "sc_zs_best_hm": acc(_base(results, "best_hm")),
        "sc_zs_shape_gap": points(shape_gap),
        "sc_zs_recolour_seen": acc(seen),
        "sc_zs_recolour_unseen": acc(unseen),
        "sc_zs_recolour_gap": points(gap),
        "sc_zs_shape_only_unseen": acc(only),
        "sc_zs_reading": sign_reading(
            -shape_gap,
            "the shape head is far worse on shapes in colours it never saw them in: it has "
            "learned which colours each shape comes in, and uses colour to rule shapes out",
            "the shape head does better on unseen pairs than on seen ones",
            "the shape head does about as well on unseen pairs as on seen ones",
        ),
    }


def _probes(results: Results) -> dict[str, str]:
    head = _base(results, "critical_colour_acc")
    probe = _base(results, "probe_critical_acc")
    init = _base(results, "init_probe_critical_acc")
    return {
        "sc_probe_head": acc(head),
        "sc_probe_colour": acc(probe),
        "sc_probe_colour_init": acc(init),
        "sc_probe_shape": acc(_base(results, "probe_shape_acc")),
        "sc_probe_shape_init": acc(_base(results, "init_probe_shape_acc")),
        "sc_probe_gap": points(probe - head if len(head) else np.array([])),
        "sc_probe_reading": sign_reading(
            probe - head if len(head) else np.array([]),
            "the probe reads the off-centre hues worse than the colour head does, so nothing "
            "the head could use is left unused",
            "the probe reads the off-centre hues better than the colour head: the "
            "information is in the features and the head does not use all of it",
            "the probe and the colour head are not distinguishable: we see no colour "
            "information that is present but unused",
        ),
    }


def _neglect(results: Results) -> dict[str, str]:
    d = _paired(results, "baseline", "colour_only", "critical_colour_acc")
    s = _paired(results, "baseline", "shape_only", "shape_seen_acc")
    return {
        "sc_colour_only_critical": acc(
            _base(results, "critical_colour_acc", variant="colour_only")
        ),
        "sc_shape_only_shape": acc(_base(results, "shape_seen_acc", variant="shape_only")),
        "sc_neglect_gap": points(d),
        "sc_shape_cost": points(s),
        "sc_neglect_reading": sign_reading(
            d,
            "the joint baseline ends below the colour-only control on the colour-critical "
            "benchmark: learning shape alongside costs fine colour",
            "the joint baseline ends above the colour-only control on the colour-critical "
            "benchmark: learning shape alongside does not cost fine colour",
            "the joint baseline and the colour-only control cannot be told apart on the "
            "colour-critical benchmark",
        ),
    }


def _figure1_caption(results: Results) -> str:
    shape_gain = plan.gain_since(
        plan.curve(results.history, "baseline", "none", "standard", "shape_seen_acc"),
        plan.SECOND_HALF,
    )
    crit_gain = plan.gain_since(
        plan.curve(results.history, "baseline", "none", "standard", "critical_colour_acc"),
        plan.SECOND_HALF,
    )
    return (
        "Our version of the paper's Figure 1. Validation accuracy of the baseline over "
        "training (solid) beside the shape-only and colour-only controls (dashed), mean over "
        "seeds with a bootstrap 95% band; left without colour pressure, right at the declared "
        "pressure level. "
        "Over the second half of training without colour pressure, seen-pair shape accuracy "
        f"{change_phrase(shape_gain)}, and colour-critical accuracy {change_phrase(crit_gain)}; "
        f"colour accuracy {_epochs_to(results, 'colour_acc', 90)}."
    )


def experiments(cfg: ShapeColorConfig, results: Results) -> dict[str, Any]:
    return {
        **_numbers(cfg, results),
        **_neglect(results),
        **_stability(results),
        **_zero_shot(results),
        **_probes(results),
        "sc_pressure_reading": _pressure_reading(results),
        "sc_colour_epoch90": _epochs_to(results, "colour_acc", 90),
        "sc_shape_epoch90": _epochs_to(results, "shape_seen_acc", 90),
        "sc_fig1_caption": _figure1_caption(results),
        "sc_fig1": figures.figure1(results),
        "sc_results": tables.results_table(results),
        "sc_paired": tables.paired_table(results),
        "sc_pressure": tables.pressure_table(results),
        "sc_stability": tables.stability_table(results),
        "sc_probes_colour": tables.probe_table(results, "colour"),
        "sc_probes_shape": tables.probe_table(results, "shape"),
        "sc_zero_shot": tables.zero_shot_table(results),
    }


def _power(cfg: ShapeColorConfig, results: Results) -> dict[str, str]:
    """The minimum detectable paired difference at the seeds run, at the SD the claims show."""
    sds = [j.sd for j in claims.judged(results) if len(j.values) > 1]
    n = int(results.final.seed.nunique())
    sd = float(np.median(sds)) if sds else float("nan")
    worst = float(np.max(sds)) if sds else float("nan")
    mdd = stats.minimum_detectable_difference(sd, n) if n > 1 and sd > 0 else float("nan")
    need = stats.seeds_for_margin(sd, cfg.equivalence_margin) if sd > 0 else None
    need_worst = stats.seeds_for_margin(worst, cfg.equivalence_margin) if worst > 0 else None
    return {
        "sc_power_sd": fmt(sd),
        "sc_power_sd_max": fmt(worst),
        "sc_mdd": fmt(mdd),
        "sc_seeds_needed": str(need) if need else "more than 10,000",
        "sc_seeds_needed_max": str(need_worst) if need_worst else "more than 10,000",
    }


def conclusion(cfg: ShapeColorConfig, results: Results) -> dict[str, Any]:
    judged = claims.judged(results)
    counts = Counter(j.verdict for j in judged)
    revisions = sorted(set(results.final.analysis_plan))
    if revisions == [plan.REVISION]:
        status = (
            f"The runs judged here were made under this revision of the plan "
            f"({plan.REVISION}): it has not changed since."
        )
    else:
        status = (
            f"**The plan changed after the runs it judges**: they were made under revision "
            f"{', '.join(revisions)}, the plan is now at {plan.REVISION}."
        )
    patterns = claims.some_runs(cfg, judged)
    return {
        **_numbers(cfg, results),
        **_power(cfg, results),
        **_neglect(results),
        **_zero_shot(results),
        "sc_claims": claims.claims_table(results),
        "sc_plan": claims.plan_table(cfg),
        "sc_plan_revision": plan.REVISION,
        "sc_plan_status": status,
        "sc_claims_total": str(len(judged)),
        "sc_claims_supported": str(int(counts.get(plan.SUPPORTED, 0))),
        "sc_claims_contradicted": str(int(counts.get(plan.CONTRADICTED, 0))),
        "sc_claims_equivalent": str(int(counts.get(plan.EQUIVALENT, 0))),
        "sc_claims_inconclusive": str(int(counts.get(plan.INCONCLUSIVE, 0))),
        "sc_claims_untestable": str(int(counts.get(plan.UNTESTABLE, 0))),
        "sc_some_runs": "; ".join(patterns) if patterns else NOT_RUN,
    }


def appendix(cfg: ShapeColorConfig, results: Results) -> dict[str, Any]:
    seconds = results.final.train_seconds
    return {
        "sc_appendix_n_runs": str(len(results.final)),
        "sc_appendix_mean_seconds": f"{np.mean(seconds):.1f}",
        "sc_appendix_total_minutes": tables.cost_table(results).loc["total", "Core-minutes"],
        "sc_edge_picks": str(tables.edge_picks(results)),
        "sc_fig_curves": figures.learning_curves(results),
        "sc_fig_curves_caption": (
            "Validation accuracy over training for shape (seen pairs), colour and the "
            "colour-critical benchmark: one column per model, one row per colour-pressure level "
            "and regime; mean over seeds with a bootstrap 95% band."
        ),
        "sc_tuning": tables.tuning_table(results),
        "sc_per_seed": tables.per_seed_table(results),
        "sc_hyper": tables.hyperparameter_table(results),
    }
