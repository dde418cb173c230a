"""Result tables, computed from stored runs only. Accuracies are in percent.

Intervals of accuracies are bootstrap intervals of the mean kept inside
[0, 100] (:func:`negresults.stats.summarize` with bounds); intervals of
differences are t-based and paired by seed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd

from negresults.config import field_help
from negresults.reporting import ci, fmt
from negresults.shape_color import analysis_plan as plan
from negresults.shape_color.compute.model import build_model, count_parameters, mixer_parameters
from negresults.shape_color.config import (
    PRESSURE_LABELS,
    REGIME_LABELS,
    VARIANT_LABELS,
    ShapeColorConfig,
)
from negresults.shape_color.report.results import Results
from negresults.stats import paired_difference, summarize

METRIC_LABELS = {
    "shape_seen_acc": "Shape, seen pairs",
    "shape_unseen_acc": "Shape, unseen pairs",
    "colour_acc": "Colour",
    "critical_colour_acc": "Colour-critical",
    "seen_acc": "Pair, seen",
    "unseen_acc": "Pair, unseen",
    "best_hm": "Best harmonic mean",
    "auc": "Seen/unseen AUC",
    "recoloured_shape_seen_acc": "Shape, repainted in a seen colour",
    "recoloured_shape_unseen_acc": "Shape, repainted in an unseen colour",
    "probe_critical_acc": "Colour probe, off-centre hues",
    "init_probe_critical_acc": "Same probe, random-init features",
    "probe_shape_acc": "Shape probe",
    "init_probe_shape_acc": "Same probe, random-init features ",
}
MAIN_METRICS = ("shape_seen_acc", "shape_unseen_acc", "colour_acc", "critical_colour_acc")


SHORT_VARIANTS = {
    "baseline": "Baseline",
    "frozen_linear": "Frozen linear projection",
    "frozen_conv": "Frozen conv stem",
    "no_attention": "No attention",
    "shape_only": "Shape-only control",
    "colour_only": "Colour-only control",
}
SHORT_PRESSURES = {
    "none": "none",
    "mild_jitter": "mild jitter",
    "strong_jitter": "strong jitter",
    "label_mixing": "label mixing",
}


def short(variant: str) -> str:
    """A model's name in a table (the full name is in the Method chapter)."""
    return SHORT_VARIANTS[variant]


def short_pressure(pressure: str) -> str:
    return SHORT_PRESSURES[pressure]


def cell(values: np.ndarray, digits: int = 1) -> str:
    """'mean [low, high]' of an accuracy: a bootstrap interval inside [0, 100]."""
    values = np.asarray(values, dtype=float)
    if not len(values):
        return "not run"
    s = summarize(values, bounds=(0.0, 100.0))
    if s.n < 2 or np.isnan(s.ci_low):
        return fmt(s.mean, digits)
    return f"{fmt(s.mean, digits)} {ci(s.ci_low, s.ci_high, digits)}"


def diff_cell(values: np.ndarray, digits: int = 1) -> str:
    d = paired_difference(values, np.zeros_like(values))
    if d.n < 2:
        return fmt(d.mean, digits, signed=True)
    return f"{fmt(d.mean, digits, signed=True)} {ci(d.ci_low, d.ci_high, digits, signed=True)}"


def arms(results: Results, regime: str = "standard") -> list[tuple[str, str]]:
    f = results.final
    present = set(
        zip(f.variant[f.regime == regime], f.colour_pressure[f.regime == regime], strict=True)
    )
    return [(v, p) for p in PRESSURE_LABELS for v in VARIANT_LABELS if (v, p) in present]


def results_table(results: Results, metrics: Sequence[str] = MAIN_METRICS) -> pd.DataFrame:
    """Final test accuracy of every arm: mean over seeds [95% CI]."""
    rows = []
    for v, p in arms(results):
        rows_ = results.arm(v, p)
        row = {"Model": short(v), "Pressure": short_pressure(p), "n": len(rows_)}
        for m in metrics:
            row[METRIC_LABELS[m]] = cell(rows_[m])
        rows.append(row)
    return pd.DataFrame(rows).set_index(["Model", "Pressure"])


def paired_table(results: Results) -> pd.DataFrame:
    """Each ablation minus the baseline, paired by seed, at every pressure both ran at."""
    rows = []
    for v, p in arms(results):
        if v == "baseline" or v not in results.cfg.ablations:
            continue
        a, b = results.arm(v, p), results.arm("baseline", p)
        if len(a) != len(b):
            continue
        row = {"Ablation": short(v), "Pressure": short_pressure(p)}
        for m in ("shape_seen_acc", "critical_colour_acc"):
            row[f"{METRIC_LABELS[m]}, minus baseline"] = diff_cell(
                a[m].to_numpy() - b[m].to_numpy()
            )
        rows.append(row)
    return pd.DataFrame(rows).set_index(["Ablation", "Pressure"])


def tuning_choices(results: Results) -> pd.DataFrame:
    """Per tuned variant (rows): its mean validation score at every rate (NaN where it did not
    try one), the rate it chose, and whether that rate sits at an end of the rates it tried.

    The grid starts as ``lr_grid``; while its best rate sat on an end, it grew
    by one rate beyond that end.
    """
    t = results.tuning
    rates = sorted(set(t.lr)) if len(t) else sorted(results.cfg.lr_grid)
    rows = {}
    for v in results.cfg.tuned_variants:
        g = t[t.variant == v].groupby("lr").score.mean()
        if not len(g):
            continue
        best = float(g.idxmax())
        rows[v] = {
            **{lr: float(g[lr]) if lr in g.index else np.nan for lr in rates},
            "chosen": best,
            "on_edge": best in (g.index.min(), g.index.max()),
        }
    return pd.DataFrame.from_dict(rows, orient="index", columns=[*rates, "chosen", "on_edge"])


def tuning_table(results: Results) -> pd.DataFrame:
    """:func:`tuning_choices` as the page shows it; a rate a variant did not try shows a dash."""
    choices = tuning_choices(results)
    rates = [c for c in choices.columns if c not in ("chosen", "on_edge")]
    rows = []
    for v, c in choices.iterrows():
        row = {"Model": short(v)}
        for lr in rates:
            row[f"{lr:g}"] = "–" if np.isnan(c[lr]) else fmt(c[lr])
        row["Chosen"] = f"{c['chosen']:g}"
        row["On an edge"] = "yes" if c["on_edge"] else "no"
        rows.append(row)
    columns = ["Model", *(f"{lr:g}" for lr in rates), "Chosen", "On an edge"]
    df = pd.DataFrame(rows, columns=columns).set_index("Model")
    df.columns.name = "Learning rate"
    return df


def edge_picks(results: Results) -> int:
    """How many tuned variants chose a rate at either end of the rates they tried."""
    return int(tuning_choices(results)["on_edge"].sum())


def pressure_table(results: Results) -> pd.DataFrame:
    """The manipulation check of each colour-pressure level, against no pressure (same seeds).

    "During training": validation colour-critical accuracy averaged over every
    epoch after the first, minus the same average without pressure.
    """
    cfg, h = results.cfg, results.history
    spacing = 360 / cfg.n_classes

    def during(p: str) -> np.ndarray:
        return critical_during_training(h, p)

    none = during("none")
    rows = []
    for p in cfg.pressures:
        jitter = cfg.jitter(p)
        vals = during(p)
        final = results.arm("baseline", p).critical_colour_acc
        rows.append(
            {
                "Colour pressure": short_pressure(p),
                "Hue shift, up to": f"±{jitter:g}°",
                "Labels": "kept" if jitter < spacing / 2 else "mixed near borders",
                "Colour-critical during training, minus none": (
                    "reference" if p == "none" else diff_cell(vals - none)
                ),
                "Colour-critical, final (test)": cell(final),
            }
        )
    return pd.DataFrame(rows).set_index("Colour pressure")


def stability_table(results: Results) -> pd.DataFrame:
    """Largest dip of the dense monitor per arm and rate, with the baseline's manipulation check.

    "Tuned" is each arm's own rate with warm-up; the axis rates run without it.
    """
    cfg, st = results.cfg, results.stability
    rows = []
    rates: list[float | None] = [None, *cfg.stability_rates]
    for v in cfg.tuned_variants:
        for rate in rates:
            arm = results.stability_arm(v, rate)
            if not len(arm):
                continue
            d = plan.dips(st, v, rate)
            check = (
                "reference"
                if rate is None or v != "baseline"
                else diff_cell(plan.instability_check(st, rate))
            )
            rows.append(
                {
                    "Model": short(v),
                    "Learning rate": "tuned, warm-up" if rate is None else f"{rate:g}",
                    "Largest dip, points": diff_cell(d),
                    "Baseline's dip minus at its tuned rate": check if v == "baseline" else "",
                    "Final monitored accuracy": cell(arm.monitor_final_acc),
                    "First-layer gradient spikes per run": fmt(arm.grad_spikes_first.mean()),
                }
            )
    return pd.DataFrame(rows).set_index(["Model", "Learning rate"])


def instability_shown(results: Results) -> float:
    """Lower end of the baseline's unstable-minus-tuned largest-dip interval.

    At the rate the stability claims are judged at; when no rate qualifies, the
    largest lower end over the rates where the baseline still learns (NaN if none ran).
    """
    cfg, st = results.cfg, results.stability
    if not len(st):
        return float("nan")
    rate = plan.unstable_rate(st, cfg.stability_rates)
    candidates = [rate] if rate is not None else [
        r for r in cfg.stability_rates if plan.learns(st, "baseline", r)
    ]
    lows = []
    for r in candidates:
        values = plan.instability_check(st, r)
        if len(values) > 1:
            lows.append(paired_difference(values, np.zeros_like(values)).ci_low)
    return max(lows) if lows else float("nan")


def probe_table(results: Results, attribute: str = "colour") -> pd.DataFrame:
    """A head beside linear probes on trained and on random-init features (no pressure)."""
    columns = {
        "colour": {
            "Colour head": "critical_colour_acc",
            "Probe, trained features": "probe_critical_acc",
            "Probe, random-init features": "init_probe_critical_acc",
        },
        "shape": {
            "Shape head": "shape_acc",
            "Probe, trained features": "probe_shape_acc",
            "Probe, random-init features": "init_probe_shape_acc",
        },
    }[attribute]
    rows = []
    for v, p in arms(results):
        if p != "none":
            continue
        a = results.arm(v, p)
        rows.append({"Model": short(v), **{k: cell(a[m]) for k, m in columns.items()}})
    return pd.DataFrame(rows).set_index("Model")


def zero_shot_table(results: Results) -> pd.DataFrame:
    """Seen against unseen shape-colour pairs, and the shape head repainted (no pressure)."""
    rows = []
    for v, p in arms(results):
        if p != "none":
            continue
        a = results.arm(v, p)
        rows.append(
            {
                "Model": short(v),
                "Shape, seen pairs": cell(a.shape_seen_acc),
                "Shape, unseen pairs": cell(a.shape_unseen_acc),
                "Repainted, seen colour": cell(a.recoloured_shape_seen_acc),
                "Repainted, unseen colour": cell(a.recoloured_shape_unseen_acc),
            }
        )
    return pd.DataFrame(rows).set_index("Model")


def per_seed_table(results: Results, metrics: Sequence[str] = MAIN_METRICS) -> pd.DataFrame:
    """Every run's final value (percentage points): nothing averaged away."""
    f = results.final.copy()
    f["Model"] = f.variant.map(short)
    f["Setting"] = f.colour_pressure.map(SHORT_PRESSURES) + np.where(
        f.regime == "standard", "", ", unstable"
    )
    df = f[["Model", "Setting", "seed", *metrics]].sort_values(["Setting", "Model", "seed"])
    df[list(metrics)] = df[list(metrics)].round(1)
    return df.rename(columns={"seed": "Seed", **METRIC_LABELS}).set_index(
        ["Setting", "Model", "Seed"]
    )


def cost_table(results: Results) -> pd.DataFrame:
    """Single-thread training time of the design, from the stored run timings."""
    f, t = results.final, results.tuning
    rows = [
        {
            "Part": "learning-rate tuning (pilot seeds)",
            "Runs": len(t),
            "Core-minutes": fmt(t.train_seconds.sum() / 60),
        }
    ]
    for regime in REGIME_LABELS:
        g = f[f.regime == regime]
        if len(g):
            rows.append(
                {
                    "Part": f"reported runs, {regime} regime",
                    "Runs": len(g),
                    "Core-minutes": fmt(g.train_seconds.sum() / 60),
                }
            )
    total = f.train_seconds.sum() + t.train_seconds.sum()
    rows.append({"Part": "total", "Runs": len(f) + len(t), "Core-minutes": fmt(total / 60)})
    return pd.DataFrame(rows).set_index("Part")


def hyperparameter_table(results: Results) -> pd.DataFrame:
    """Every field of the stored run configs: one value, or the values that vary."""
    configs = results.configs
    meanings = {
        **field_help(ShapeColorConfig),
        "variant": "which model (ablation or control)",
        "colour_pressure": "which colour-pressure level the training hues get",
        "jitter": "largest training hue shift of that level, degrees",
        "regime": "standard (warm-up, tuned rate) or unstable (no warm-up, high rate)",
        "seed": "data, zero-shot split, initialisation, order",
        "device": "where the run executed (resolved)",
    }
    rows = []
    # Unstable-regime runs choose no rate, so their configs hold no grid: every
    # key any run holds is shown, with the values of the runs that hold it.
    for key in dict.fromkeys(k for c in configs for k in c):
        values = sorted({repr(c[key]) for c in configs if key in c}, key=str)
        rows.append(
            {
                "Setting": key,
                "Value(s) in the runs shown": ", ".join(v.strip("'") for v in values),
                "Meaning": meanings.get(key, ""),
            }
        )
    return pd.DataFrame(rows).set_index("Setting")


def parameter_table(cfg: ShapeColorConfig) -> pd.DataFrame:
    """Parameter counts per variant, from the models themselves (no training needed)."""
    from negresults.shape_color.plan import task_config

    rows = []
    for v, label in VARIANT_LABELS.items():
        model = build_model(
            task_config(dataclasses.replace(cfg, device="cpu"), v, "none", "standard", 0)
        )
        rows.append(
            {
                "Variant": v,
                "Model": label,
                "Parameters": count_parameters(model),
                "Trained": count_parameters(model, trainable_only=True),
                "Token mixer": mixer_parameters(model),
            }
        )
    return pd.DataFrame(rows).set_index("Variant")


__all__ = [
    "METRIC_LABELS",
    "cost_table",
    "edge_picks",
    "hyperparameter_table",
    "paired_table",
    "parameter_table",
    "per_seed_table",
    "pressure_table",
    "probe_table",
    "results_table",
    "stability_table",
    "tuning_table",
    "zero_shot_table",
]


def critical_during_training(history, pressure: str) -> np.ndarray:
    """Per seed, the baseline's mean colour-critical accuracy over training at ``pressure``.

    The manipulation check of a colour-pressure level: compared with "none",
    does training under it lower colour-critical accuracy?
    """
    h = history
    rows = h[
        (h.variant == "baseline")
        & (h.colour_pressure == pressure)
        & (h.regime == "standard")
        & (h.epoch > 0)
    ]
    return rows.groupby("seed").critical_colour_acc.mean().sort_index().to_numpy()
