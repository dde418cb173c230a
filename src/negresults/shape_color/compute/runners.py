"""The runners Study A's plan names: a tuning run and a reported run.

Both are pure: a function of the run's config and of the stored tuning runs a
reported run declares it needs (``Task.needs``, in the plan). A reported run
does not carry its learning rate: it takes the rate of its declared grid with
the best mean final seen-pair validation accuracy over its variant's tuning
runs (:func:`select_lr`). The grid is fixed by the config; whether a chosen
rate sits on an edge is reported (``lr_index``), never fixed by growing the
grid at run time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from negresults.runners import RunOutput, runner
from negresults.shape_color.compute.model import trained_heads
from negresults.shape_color.compute.train import fit
from negresults.shape_color.names import CONTROLS
from negresults.training import run_threads

if TYPE_CHECKING:
    from negresults.store import Run

TUNE_KIND = "shape_color/tune"
KIND = "shape_color/train"
STABILITY_KIND = "shape_color/stability"


def tuning_variant(variant: str) -> str:
    """Whose tuning runs a variant reads: the controls share the baseline's rate."""
    return "baseline" if variant in CONTROLS else variant


def tuning_score(metrics: Mapping[str, Any], variant: str) -> float:
    """What a rate is chosen by: final seen-pair validation accuracy of the trained heads.

    Seen pairs only: the held-out pairs' validation images stay out of every choice.
    """
    heads = trained_heads(variant)
    return float(np.mean([metrics[f"val_{h}_seen_acc"] for h in heads]))


def select_lr(
    config: Mapping[str, Any], tuning: Sequence[Run]
) -> tuple[float, list[tuple[float, float]]]:
    """The grid rate with the best mean tuning score over ``tuning``, and every rate's score."""
    variant = tuning_variant(config["variant"])
    by_rate: dict[float, list[float]] = {}
    for run in tuning:
        by_rate.setdefault(float(run.config["lr"]), []).append(tuning_score(run.metrics, variant))
    grid = [float(x) for x in config["lr_grid"]]
    missing = [lr for lr in grid if lr not in by_rate]
    if missing:
        raise ValueError(f"tuning runs missing for rates {missing} of the grid {grid}")
    scores = [(lr, float(np.mean(by_rate[lr]))) for lr in grid]
    best = max(scores, key=lambda x: x[1])[0]
    return best, scores


@runner(TUNE_KIND)
def run_tuning(config: Mapping[str, Any], inputs: Sequence[Run]) -> RunOutput:
    """One rate of the grid on one pilot seed, validation only."""
    del inputs
    with run_threads(config):
        return fit(config, config["lr"], final=False)[2]


@runner(KIND)
def run_reported(config: Mapping[str, Any], inputs: Sequence[Run]) -> RunOutput:
    """A reported run: choose the rate from ``inputs``, train, test once.

    The run executes under its config's thread budget, whichever executor calls it.
    """
    with run_threads(config):
        lr, scores = select_lr(config, inputs)
        _, _, out = fit(config, lr)
    rates = [r for r, _ in scores]
    # Where the chosen rate sits in the grid: 0 or len - 1 is an edge.
    out.metrics["lr_index"] = rates.index(lr) if lr in rates else -1
    out.metrics["lr_grid_size"] = len(rates)
    out.info["lr_scores"] = [list(x) for x in scores]
    return out


@runner(STABILITY_KIND)
def run_stability(config: Mapping[str, Any], inputs: Sequence[Run]) -> RunOutput:
    """A short, densely monitored run: the first epochs of a full run, validation only.

    In the standard regime (warm-up) it trains at the rate its variant chose
    from ``inputs``; otherwise at its own rate from the learning-rate axis,
    without warm-up.
    """
    with run_threads(config):
        lr = select_lr(config, inputs)[0] if config["regime"] == "standard" else config["lr"]
        _, _, out = fit(
            config,
            lr,
            final=False,
            stop_epoch=config["stability_epochs"],
            monitor_every=config["monitor_every"],
        )
    return out
