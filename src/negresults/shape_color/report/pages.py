"""Every value Study A's chapters glue, keyed in full (grep a key seen in a chapter to land here).

One function per chapter; each returns ``{glue key: value}`` where a value is
text, a table or a figure. A key exists whatever part of the grid a page was
executed on (``n/a (not run)`` where a setting was left out), so a chapter
re-executed with other parameters never cites a missing key.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from negresults.reporting import NOT_RUN, fmt
from negresults.shape_color.config import SHAPES, ShapeColorConfig
from negresults.shape_color.report import claims, figures, tables
from negresults.shape_color.report.claims import late_gain
from negresults.shape_color.report.phrases import (
    change_phrase,
    difference_phrase,
    epochs_to,
    order_reading,
    probe_reading,
)
from negresults.shape_color.report.results import Results


def method(cfg: ShapeColorConfig) -> dict[str, Any]:
    n = cfg.n_classes
    params = tables.parameter_table(cfg)
    gap = abs(params.loc["no_attention", "Parameters"] / params.loc["baseline", "Parameters"] - 1)
    return {
        "sc_m_preset": cfg.preset,
        "sc_m_n": str(n),
        "sc_m_pairs": str(n * n),
        "sc_m_held_out": str(cfg.held_out_pairs),
        "sc_m_seen": str(n * n - cfg.held_out_pairs),
        "sc_m_shapes": ", ".join(SHAPES[:n]),
        "sc_m_size": str(cfg.image_size),
        "sc_m_train_per_pair": str(cfg.train_per_pair),
        "sc_m_test_per_pair": str(cfg.test_per_pair),
        "sc_m_spacing": f"{360 / n:g}",
        "sc_m_offset": f"{cfg.critical_offset:g}",
        "sc_m_gap": f"{360 / n - 2 * cfg.critical_offset:g}",
        "sc_m_luminance": f"{cfg.lightness_y:g}",
        "sc_m_chroma": f"{cfg.chroma:g}",
        "sc_m_noise": f"{cfg.noise_std:g}",
        "sc_m_jitter": f"{cfg.hue_jitter_degrees:g}",
        "sc_m_patch": str(cfg.patch_size),
        "sc_m_tokens": str((cfg.image_size // cfg.patch_size) ** 2),
        "sc_m_width": str(cfg.width),
        "sc_m_depth": str(cfg.depth),
        "sc_m_heads": str(cfg.heads),
        "sc_m_epochs": str(cfg.epochs),
        "sc_m_batch": str(cfg.batch_size),
        "sc_m_lr": f"{cfg.lr:g}",
        "sc_m_wd": f"{cfg.weight_decay:g}",
        "sc_m_seeds": str(len(cfg.seeds)),
        "sc_m_runs": str(len(cfg.grid)),
        "sc_m_variants": str(len({a for a, _, _ in cfg.grid})),
        "sc_m_pressures": ", ".join(cfg.colour_pressure),
        "sc_m_param_gap": f"{100 * gap:.1f}",
        "sc_fig_colours": figures.colour_figure(cfg),
    }


def _mean(results: Results, pressure: str, metric: str, ablation: str = "baseline") -> str:
    f = results.final
    rows = f[(f.ablation == ablation) & (f.colour_pressure == pressure)]
    return fmt(rows[metric].mean()) if len(rows) else NOT_RUN


def _pressure(results: Results, pressure: str) -> dict[str, str]:
    """The phrases about the baseline under one colour pressure (``NOT_RUN`` if it was not run)."""
    final = results.final
    names = ("colour_epoch90", "shape_late", "critical_late", "probe_gap", "probe_reading", "order")
    if pressure not in set(final.colour_pressure):
        return dict.fromkeys(names, NOT_RUN)
    base = final[(final.ablation == "baseline") & (final.colour_pressure == pressure)]
    base = base.sort_values("seed")
    gap = (base.probe_critical_acc - base.critical_colour_acc).to_numpy()
    colour_minus_shape = (base.colour_acc - base.shape_acc).to_numpy()
    return {
        "colour_epoch90": epochs_to(results, pressure, "baseline", "colour_acc", 90),
        "shape_late": change_phrase(late_gain(results, "baseline", pressure, "shape_acc")),
        "critical_late": change_phrase(
            late_gain(results, "baseline", pressure, "critical_colour_acc")
        ),
        "probe_gap": difference_phrase(gap),
        "probe_reading": probe_reading(gap),
        "order": order_reading(colour_minus_shape),
    }


def _numbers(cfg: ShapeColorConfig, results: Results) -> dict[str, str]:
    """The text values that both the Experiments and the Conclusion chapters cite."""
    final = results.final
    none, jitter = _pressure(results, "none"), _pressure(results, "hue_jitter")
    return {
        "sc_preset": cfg.preset,
        "sc_n_runs": str(len(final)),
        "sc_n_seeds": str(final.seed.nunique()),
        "sc_n_ablations": str(final.ablation.nunique()),
        "sc_n_pressures": str(final.colour_pressure.nunique()),
        "sc_epochs": str(cfg.epochs),
        "sc_n_train_images": f"{int(final.n_train_images.iloc[0]):,}",
        "sc_n_seen_pairs": str(cfg.n_classes**2 - cfg.held_out_pairs),
        "sc_critical_offset": f"{cfg.critical_offset:g}",
        "sc_chance": f"{100 / cfg.n_classes:.1f}",
        "sc_jitter": f"{cfg.hue_jitter_degrees:g}",
        "sc_margin": f"{cfg.equivalence_margin:g}",
        "sc_stability_margin": f"{cfg.stability_margin:g}",
        "sc_none_baseline_shape_acc": _mean(results, "none", "shape_acc"),
        "sc_none_baseline_colour_acc": _mean(results, "none", "colour_acc"),
        "sc_none_baseline_critical_colour_acc": _mean(results, "none", "critical_colour_acc"),
        "sc_none_baseline_probe_critical_acc": _mean(results, "none", "probe_critical_acc"),
        "sc_none_baseline_seen_acc": _mean(results, "none", "seen_acc"),
        "sc_none_baseline_unseen_acc": _mean(results, "none", "unseen_acc"),
        "sc_none_baseline_best_hm": _mean(results, "none", "best_hm"),
        "sc_none_baseline_auc": _mean(results, "none", "auc"),
        "sc_hue_jitter_baseline_colour_acc": _mean(results, "hue_jitter", "colour_acc"),
        "sc_hue_jitter_baseline_critical_colour_acc": _mean(
            results, "hue_jitter", "critical_colour_acc"
        ),
        "sc_hue_jitter_baseline_probe_critical_acc": _mean(
            results, "hue_jitter", "probe_critical_acc"
        ),
        "sc_none_colour_epoch90": none["colour_epoch90"],
        "sc_none_shape_late": none["shape_late"],
        "sc_none_critical_late": none["critical_late"],
        "sc_none_probe_gap": none["probe_gap"],
        "sc_none_probe_reading": none["probe_reading"],
        "sc_none_order": none["order"],
        "sc_hue_jitter_shape_late": jitter["shape_late"],
        "sc_hue_jitter_critical_late": jitter["critical_late"],
        "sc_hue_jitter_probe_gap": jitter["probe_gap"],
        "sc_hue_jitter_probe_reading": jitter["probe_reading"],
    }


def experiments(cfg: ShapeColorConfig, results: Results) -> dict[str, Any]:
    return {**_numbers(cfg, results), "sc_fig1": figures.figure1(results)}


def conclusion(cfg: ShapeColorConfig, results: Results) -> dict[str, Any]:
    table = claims.claims_table(results)
    counts = table.Verdict.value_counts()
    return {
        **_numbers(cfg, results),
        "sc_claims": table,
        "sc_claims_total": str(len(table)),
        "sc_claims_supported": str(int(counts.get("supported", 0))),
        "sc_claims_not_supported": str(int(counts.get("not supported", 0))),
        "sc_claims_inconclusive": str(int(counts.get("inconclusive", 0))),
    }


def appendix(cfg: ShapeColorConfig, results: Results) -> dict[str, Any]:
    seconds = results.final.train_seconds
    return {
        "sc_appendix_n_runs": str(len(results.final)),
        "sc_appendix_mean_seconds": f"{np.mean(seconds):.1f}",
        "sc_appendix_total_minutes": f"{np.sum(seconds) / 60:.1f}",
        "sc_fig_curves": figures.learning_curves(results),
    }
