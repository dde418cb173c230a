"""Result tables and the claims table, computed from stored runs only.

Accuracies are stored and shown in percent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd

from negresults.config import field_help
from negresults.shape_color.compute.model import build_model, count_parameters, mixer_parameters
from negresults.shape_color.config import (
    ABLATION_LABELS,
    PRESSURE_LABELS,
    ShapeColorConfig,
)
from negresults.shape_color.report.results import Results
from negresults.stats import paired_difference, summarize, tost_paired

METRIC_LABELS = {
    "shape_acc": "Shape accuracy",
    "colour_acc": "Colour accuracy",
    "critical_colour_acc": "Colour-critical accuracy",
    "seen_acc": "Seen-pair accuracy",
    "unseen_acc": "Unseen-pair accuracy",
    "hm": "Harmonic mean",
    "best_hm": "Best harmonic mean",
    "auc": "Seen/unseen AUC",
    "probe_colour_acc": "Colour probe accuracy",
    "probe_critical_acc": "Colour probe, colour-critical",
}
MAIN_METRICS = ("shape_acc", "colour_acc", "critical_colour_acc", "best_hm", "auc")


def _ordered(final: pd.DataFrame, column: str, order: Sequence[str]) -> list[str]:
    present = set(final[column])
    return [x for x in order if x in present]


def _values(final: pd.DataFrame, ablation: str, pressure: str, metric: str) -> np.ndarray:
    rows = final[(final.ablation == ablation) & (final.colour_pressure == pressure)]
    return rows.sort_values("seed")[metric].to_numpy(dtype=float)


def results_table(
    results: Results, metrics: Sequence[str] = MAIN_METRICS, digits: int = 1
) -> pd.DataFrame:
    """Mean (std) and t-based 95% CI over seeds, per colour pressure and ablation."""
    final = results.final
    rows = []
    for p in _ordered(final, "colour_pressure", results.cfg.colour_pressure):
        for a in _ordered(final, "ablation", ABLATION_LABELS):
            row = {"Colour pressure": PRESSURE_LABELS[p], "Ablation": a}
            for m in metrics:
                s = summarize(_values(final, a, p, m))
                row["n"] = s.n
                row[(METRIC_LABELS[m], "mean (std)")] = s.mean_std(digits)
                row[(METRIC_LABELS[m], "95% CI")] = s.ci(digits)
            rows.append(row)
    df = pd.DataFrame(rows).set_index(["Colour pressure", "Ablation"])
    n = df.pop("n")
    df.columns = pd.MultiIndex.from_tuples(df.columns)
    df.insert(0, ("", "n"), n)
    return df


def paired_table(
    results: Results, metrics: Sequence[str] = MAIN_METRICS, digits: int = 1
) -> pd.DataFrame:
    """Seed-paired difference (ablation - baseline), its 95% CI, p and a TOST verdict."""
    final, margin = results.final, results.cfg.equivalence_margin
    rows = []
    for p in _ordered(final, "colour_pressure", results.cfg.colour_pressure):
        base = {m: _values(final, "baseline", p, m) for m in metrics}
        for a in _ordered(final, "ablation", ABLATION_LABELS):
            if a == "baseline":
                continue
            for m in metrics:
                x = _values(final, a, p, m)
                d = paired_difference(x, base[m])
                eq = tost_paired(x, base[m], margin)
                rows.append(
                    {
                        "Colour pressure": PRESSURE_LABELS[p],
                        "Ablation": a,
                        "Metric": METRIC_LABELS[m],
                        "n pairs": d.n,
                        "Difference": f"{d.mean:+.{digits}f}",
                        "95% CI": _ci(d.ci_low, d.ci_high, digits),
                        "p (paired t)": _p(d.p_value),
                        f"Within ±{margin:g} (TOST)": _yes_no(eq.equivalent, eq.p_value),
                    }
                )
    return pd.DataFrame(rows).set_index(["Colour pressure", "Ablation", "Metric"])


def per_seed_table(results: Results, metrics: Sequence[str] = MAIN_METRICS) -> pd.DataFrame:
    """Every run's final value (percentage points): nothing averaged away."""
    final = results.final.copy()
    final["Colour pressure"] = final.colour_pressure.map(PRESSURE_LABELS)
    cols = ["Colour pressure", "ablation", "seed", *metrics]
    df = final[cols].sort_values(["Colour pressure", "ablation", "seed"])
    df[list(metrics)] = df[list(metrics)].round(1)
    return df.rename(columns={"ablation": "Ablation", "seed": "Seed", **METRIC_LABELS}).set_index(
        ["Colour pressure", "Ablation", "Seed"]
    )


def hyperparameter_table(results: Results) -> pd.DataFrame:
    """Every field of the stored run configs: one value, or the values that vary."""
    configs = results.configs
    meanings = {
        **field_help(ShapeColorConfig),
        "ablation": "which parts are frozen or removed",
        "colour_pressure": "training augmentation that competes with colour",
        "seed": "data, initialisation, order",
        "device": "where the run executed (resolved)",
    }
    rows = []
    for key in configs[0]:
        values = sorted({repr(c[key]) for c in configs}, key=str)
        rows.append(
            {
                "Setting": key,
                "Value(s) in the runs shown": ", ".join(v.strip("'") for v in values),
                "Meaning": meanings.get(key, ""),
            }
        )
    return pd.DataFrame(rows).set_index("Setting")


def parameter_table(cfg: ShapeColorConfig) -> pd.DataFrame:
    """Parameter counts per ablation, from the models themselves (no training needed)."""
    from negresults.shape_color.compute.plan import task_config

    rows = []
    for a, label in ABLATION_LABELS.items():
        model = build_model(task_config(dataclasses.replace(cfg, device="cpu"), a, "none", 0))
        rows.append(
            {
                "Ablation": a,
                "Description": label,
                "Parameters": count_parameters(model),
                "Trainable": count_parameters(model, trainable_only=True),
                "Token mixer": mixer_parameters(model),
            }
        )
    return pd.DataFrame(rows).set_index("Ablation")


def _ci(lo: float, hi: float, digits: int) -> str:
    return "n/a" if np.isnan(lo) else f"[{lo:+.{digits}f}, {hi:+.{digits}f}]"


def _p(p: float) -> str:
    return "n/a" if np.isnan(p) else ("< 0.001" if p < 0.001 else f"{p:.3f}")


def _yes_no(flag: bool, p: float) -> str:
    return "n/a (n < 2)" if np.isnan(p) else ("yes" if flag else "no")


__all__ = [
    "METRIC_LABELS",
    "hyperparameter_table",
    "paired_table",
    "parameter_table",
    "per_seed_table",
    "results_table",
]
