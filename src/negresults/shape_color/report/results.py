"""The study's stored runs as tidy tables (what the report reads)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from negresults.shape_color.compute.plan import plan
from negresults.shape_color.config import ShapeColorConfig
from negresults.store import ResultStore, Run
from negresults.sweep import run_plan


@dataclass
class Results:
    """Everything a chapter shows, computed from the stored runs of one config."""

    cfg: ShapeColorConfig
    final: pd.DataFrame  # one row per run: ablation, colour_pressure, seed + final metrics
    history: pd.DataFrame  # one row per run and epoch
    runs: list[Run]

    @property
    def configs(self) -> list[dict]:
        return [r.config for r in self.runs]


def load_results(
    cfg: ShapeColorConfig, store: ResultStore | None = None, progress: bool = True
) -> Results:
    """Run (or read back, memoised) the plan of ``cfg`` and tidy the runs into tables."""
    # Each run applies its own config's thread budget (negresults.training.run_threads).
    runs = run_plan(plan(cfg), store or ResultStore(), progress=progress, desc="shape_color")
    finals, histories = [], []
    for run in runs:
        keys = {k: run.config[k] for k in ("ablation", "colour_pressure", "seed")}
        facts = {"train_seconds": run.info.get("train_seconds", float("nan"))}
        finals.append({**keys, **run.metrics, **facts})
        histories.append(run.history.assign(**keys)[[*keys, *run.history.columns]])
    return Results(cfg, pd.DataFrame(finals), pd.concat(histories, ignore_index=True), runs)
