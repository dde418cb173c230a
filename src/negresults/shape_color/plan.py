"""The study as a plan of tasks.

Stage 1: the learning-rate tuning runs (every tuned variant x rate x pilot
seed, no colour pressure, validation only). Stage 2: every reported run
(variant x colour pressure x regime x seed); each names the tuning runs its
rate is chosen from, so an executor that honours ``Task.needs`` starts it as
soon as its own variant's tuning is done.
"""

from __future__ import annotations

from typing import Any

from negresults.config import to_dict
from negresults.devices import resolve_device
from negresults.shape_color.analysis_plan import REVISION
from negresults.shape_color.compute.runners import (
    KIND,
    STABILITY_KIND,
    TUNE_KIND,
    run_reported,
    run_stability,
    run_tuning,
    tuning_variant,
)
from negresults.shape_color.config import ShapeColorConfig, run_fields
from negresults.tasks import Task

# The fields that say how a rate is chosen, which decide only the runs that choose one.
TUNING_FIELDS = ("lr_grid", "tuning_seeds")

# The fields only the stability runs read: every other run leaves them out of its key.
STABILITY_FIELDS = ("stability_rates", "stability_epochs", "monitor_every")

__all__ = [
    "KIND",
    "STABILITY_KIND",
    "TUNE_KIND",
    "equal_length_task",
    "plan",
    "reported_task",
    "stability_task",
    "task_config",
    "tuning_task",
]


def task_config(
    cfg: ShapeColorConfig, variant: str, pressure: str, regime: str, seed: int
) -> dict[str, Any]:
    """The JSON-ready dict of everything that decides one run's result (and nothing else)."""
    values = to_dict(cfg)
    run = {k: values[k] for k in run_fields(ShapeColorConfig)}
    run.update(
        variant=variant,
        colour_pressure=pressure,
        jitter=cfg.jitter(pressure),
        regime=regime,
        seed=seed,
        device=resolve_device(cfg.device),
    )
    for name in STABILITY_FIELDS:
        del run[name]
    if regime == "standard":
        # A model that learns more slowly trains to its own plateau; a stability run keeps
        # the schedule of the common length, so its key and its comparisons stay as they were.
        run["epochs"] = cfg.epochs_of(variant)
    if regime != "standard":
        # An unstable-regime run trains at its fixed rate: the tuning grid
        # decides nothing in it, so it stays out of the key.
        for name in TUNING_FIELDS:
            del run[name]
    return run


def tuning_task(config: dict[str, Any], lr: float, seed: int) -> Task:
    """The tuning run of ``config``'s variant at rate ``lr`` on pilot seed ``seed``."""
    variant = tuning_variant(config["variant"])
    tune = dict(config)
    tune.update(
        variant=variant, colour_pressure="none", jitter=0.0, regime="standard", seed=seed, lr=lr
    )
    # A tuning run trains at its one rate: widening the grid keeps its key; and
    # a stability run's tuning is its variant's tuning, whatever the stability fields.
    for name in (*TUNING_FIELDS, *STABILITY_FIELDS):
        tune.pop(name, None)
    label = f"tune/{variant}/{tune['epochs']}ep/lr{lr:g}/seed{seed}"
    return Task(TUNE_KIND, tune, run_tuning, label=label)


def tuning_tasks(config: dict[str, Any]) -> tuple[Task, ...]:
    return tuple(
        tuning_task(config, lr, s) for lr in config["lr_grid"] for s in config["tuning_seeds"]
    )


def reported_task(config: dict[str, Any]) -> Task:
    """A reported run; in the standard regime it reads its variant's tuning runs."""
    needs = tuning_tasks(config) if config["regime"] == "standard" else ()
    label = (
        f"{config['variant']}/{config['colour_pressure']}/{config['regime']}/"
        f"{config['epochs']}ep/seed{config['seed']}"
    )
    # Which analysis plan was in force when the run was made (not part of its
    # key): the page says so if the plan changed after the runs it judges.
    return Task(KIND, config, run_reported, label, needs, info={"analysis_plan": REVISION})


def equal_length_task(
    cfg: ShapeColorConfig, pressure: str, seed: int, model: str = "baseline"
) -> Task:
    """A run of ``model`` (the baseline, the colour-only control or no attention) as long as
    the trained linear projection's, its rate tuned again at that length (its tuning runs
    are keyed by their length; the control takes the baseline's): the equal-length stem
    comparison, the Figure 1 claims at a long-curve level, and the manipulation check and no
    attention's count claim at a long-final level."""
    config = task_config(cfg, model, pressure, "standard", seed)
    config["epochs"] = cfg.stem_epochs
    return reported_task(config)


def stability_task(cfg: ShapeColorConfig, variant: str, lr: float, seed: int) -> Task:
    """A stability run: ``variant`` at axis rate ``lr`` without warm-up, the first
    ``stability_epochs`` of a full run's schedule, densely monitored."""
    config = task_config(cfg, variant, "none", "unstable", seed)
    config.update(stability_epochs=cfg.stability_epochs, monitor_every=cfg.monitor_every, lr=lr)
    label = f"stability/{variant}/lr{lr:g}/seed{seed}"
    return Task(STABILITY_KIND, config, run_stability, label, info={"analysis_plan": REVISION})


def plan(cfg: ShapeColorConfig) -> list[list[Task]]:
    """Stage 1: tuning runs; stage 2: every reported run and every stability run (the curve
    claims read the reported baseline runs: every run trains to a plateau)."""
    runs = [reported_task(task_config(cfg, v, p, r, s)) for v, p, r, s in cfg.grid]
    runs += [equal_length_task(cfg, p, s, m) for m, p, s in cfg.equal_length_grid]
    runs += [stability_task(cfg, v, lr, s) for v, lr, s in cfg.stability_grid]
    tuning = {t.key: t for r in runs for t in (r.needs or ())}
    return [list(tuning.values()), runs]
