"""The study as a plan of tasks: one run per (ablation, colour pressure, seed)."""

from __future__ import annotations

from typing import Any

from negresults.config import to_dict
from negresults.devices import resolve_device
from negresults.shape_color.config import ShapeColorConfig, run_fields
from negresults.tasks import Task

KIND = "shape_color/train"
RUNNER = "negresults.shape_color.compute.train:run_task"


def task_config(cfg: ShapeColorConfig, ablation: str, pressure: str, seed: int) -> dict[str, Any]:
    """The JSON-ready dict of everything that decides one run's result (and nothing else)."""
    values = to_dict(cfg)
    run = {k: values[k] for k in run_fields(ShapeColorConfig)}
    run.update(
        ablation=ablation, colour_pressure=pressure, seed=seed, device=resolve_device(cfg.device)
    )
    return run


def plan(cfg: ShapeColorConfig) -> list[list[Task]]:
    """One stage: every (ablation, colour pressure, seed) run is independent."""
    return [
        [
            Task(KIND, task_config(cfg, a, p, s), RUNNER, label=f"{a}/{p}/seed{s}")
            for a, p, s in cfg.grid
        ]
    ]
