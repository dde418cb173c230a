"""The study's stored runs as tidy tables (what the report reads)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from negresults.executors import run_plan
from negresults.shape_color.analysis_plan import LEARNS_FROM, learned_dip
from negresults.shape_color.compute.runners import STABILITY_KIND, TUNE_KIND, tuning_score
from negresults.shape_color.config import ShapeColorConfig
from negresults.shape_color.plan import plan
from negresults.store import ResultStore, Run

KEYS = ("variant", "colour_pressure", "regime", "seed")


@dataclass
class Results:
    """Everything a chapter shows, computed from the stored runs of one config."""

    cfg: ShapeColorConfig
    final: pd.DataFrame  # one row per reported run: variant, pressure, regime, seed + metrics
    history: pd.DataFrame  # one row per reported run and epoch (validation curves)
    tuning: pd.DataFrame  # one row per tuning run: variant, lr, seed, score, seconds
    runs: list[Run]
    # One row per stability run: variant, axis_rate, seed + its instability metrics; and
    # its dense monitor readings.
    stability: pd.DataFrame = None  # type: ignore[assignment]
    monitor: pd.DataFrame = None  # type: ignore[assignment]

    @property
    def configs(self) -> list[dict]:
        return [r.config for r in self.runs if r.kind != TUNE_KIND]

    def stability_arm(self, variant: str, rate: float) -> pd.DataFrame:
        """The stability runs of ``variant`` at axis ``rate``."""
        s = self.stability
        return s[(s.variant == variant) & (s.axis_rate == rate)].sort_values("seed")

    def not_recovered(self, variant: str, rate: float) -> pd.DataFrame:
        """The stability runs of ``variant`` at ``rate`` that do not recover: a head ends
        below the plan's learning line (the per-seed side of ``plan.recovers``)."""
        arm = self.stability_arm(variant, rate)
        return arm[(arm.final_shape_acc < LEARNS_FROM) | (arm.final_colour_acc < LEARNS_FROM)]

    def arm(self, variant: str, pressure: str = "none", regime: str = "standard"):
        f = self.final
        rows = f[(f.variant == variant) & (f.colour_pressure == pressure) & (f.regime == regime)]
        return rows.sort_values("seed")


def load_results(
    cfg: ShapeColorConfig, store: ResultStore | None = None, progress: bool = True
) -> Results:
    """Run (or read back, memoised) the plan of ``cfg`` and tidy the runs into tables."""
    return tidy(cfg, run_plan(plan(cfg), store, progress=progress, desc="shape_color"))


def tidy(cfg: ShapeColorConfig, runs: list[Run]) -> Results:
    """The stored runs of ``plan(cfg)``, in plan order, as the tables the report reads."""
    finals, histories, tuning, stability, monitor = [], [], [], [], []
    for run in runs:
        seconds = run.info.get("seconds", float("nan"))
        if run.kind == STABILITY_KIND:
            keys = {
                "variant": run.config["variant"],
                "axis_rate": float(run.config["lr"]),
                "seed": run.config["seed"],
            }
            readings = run.history.sort_values("step")
            # What the plan reads of a run's monitor: its learned dip and each head's end.
            read = {
                "learned_dip": learned_dip(readings),
                "final_shape_acc": float(readings.monitor_shape_acc.iloc[-1]),
                "final_colour_acc": float(readings.monitor_colour_acc.iloc[-1]),
            }
            stability.append({**keys, **run.metrics, **read, "train_seconds": seconds})
            monitor.append(run.history.assign(**keys)[[*keys, *run.history.columns]])
            continue
        if run.kind == TUNE_KIND:
            tuning.append(
                {
                    "variant": cfg.arm_of(run.config),
                    "lr": float(run.config["lr"]),
                    "seed": run.config["seed"],
                    "score": tuning_score(run.metrics, run.config["variant"]),
                    "train_seconds": seconds,
                }
            )
            continue
        keys = {k: run.config[k] for k in KEYS}
        keys["variant"] = cfg.arm_of(run.config)
        facts = {
            "train_seconds": seconds,
            "analysis_plan": run.info.get("analysis_plan", "unknown"),
        }
        history = run.history.assign(**keys)[[*keys, *run.history.columns]]
        finals.append({**keys, **run.metrics, **facts})
        histories.append(history)
    stability_columns = [
        "variant",
        "axis_rate",
        "seed",
        "max_dip",
        "learned_dip",
        "monitor_final_acc",
        "final_shape_acc",
        "final_colour_acc",
        "lr",
    ]
    return Results(
        cfg,
        pd.DataFrame(finals),
        pd.concat(histories, ignore_index=True),
        pd.DataFrame(tuning, columns=["variant", "lr", "seed", "score", "train_seconds"]),
        runs,
        pd.DataFrame(stability) if stability else pd.DataFrame(columns=stability_columns),
        pd.concat(monitor, ignore_index=True) if monitor else pd.DataFrame(),
    )
