"""The analysis plan of Study A: the paper's claims, the quantity and rule each is judged by,
and the margins. Fixed before the runs it judges; the page shows it with its revision.

Every claim is a seed-paired quantity in accuracy points (a difference between
two arms run on the same seeds, or a change over training within a run). Its
verdict is the shared one (:mod:`negresults.verdicts`): *untestable* without
an interval (fewer than two seeds); else an effect when the 95% t interval
excludes zero; else *equivalent* when a paired TOST puts it within +-margin of
zero; else *inconclusive*. A claim reads that verdict by one of two rules:

- a **direction** claim ("X rises", "A is below B") is *supported* by an
  effect on the claimed side, *contradicted* by an effect on the other side,
  and otherwise takes the verdict as it is (*equivalent*: the claimed effect,
  if any, is smaller than the margin; *inconclusive*; *untestable*);
- a **no-change** claim ("X stagnates", "X does not stabilise") is
  *supported* by equivalence or by an effect on the side the claim allows,
  *contradicted* by an effect on the side it denies (either side, when it
  allows none), and otherwise *inconclusive* or *untestable*.

The effect test comes first, so a significant difference smaller than the
margin is reported as the effect it is: a clear change of a quantity that a
claim says does not change contradicts it, however small. "In some runs" is
also read per seed: how many seeds show the pattern.

Seeds: chosen by a power calculation, so that the minimum detectable paired
difference at 80% power (two-sided alpha 0.05) is at most the margin at the
planning SD; the page recomputes it at the SD the runs show.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from negresults import stats
from negresults.shape_color.config import EQUIVALENCE_MARGIN, INSTABILITY_DROP  # noqa: F401
from negresults.verdicts import EQUIVALENT, INCONCLUSIVE, UNTESTABLE, compare, side

PLANNING_SD = 2.0  # points: SD of a paired difference assumed when the seeds were chosen
ALPHA, POWER = 0.05, 0.8
SECOND_HALF = 0.5  # "keeps rising" / "stagnates": change from the middle epoch to the last
PLATEAU_FROM = 0.75  # the plateau check: change over the last quarter of training
PLATEAU_GAIN = 1.0  # points: a smaller last-quarter gain is a plateau

# A claim's verdict: the shared verdicts, with an effect read against the claim.
SUPPORTED, CONTRADICTED = "supported", "contradicted"
VERDICTS = (SUPPORTED, CONTRADICTED, EQUIVALENT, INCONCLUSIVE, UNTESTABLE)

REVISION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def planned_seeds(sd: float = PLANNING_SD, margin: float = EQUIVALENCE_MARGIN) -> int:
    """Seeds whose minimum detectable paired difference at 80% power is at most ``margin``."""
    n = stats.seeds_for_margin(sd, margin, alpha=ALPHA, power=POWER)
    return int(n) if n is not None else 10_000


@dataclass(frozen=True)
class ClaimSpec:
    key: str
    claim: str  # the paper's claim, in words
    quantity: str  # what is measured, in words (per seed, accuracy points)
    rule: str  # "direction" | "no_change"
    sign: int  # the side the claim expects (+1 above zero, -1 below); for no_change, the side it allows
    pressure: str  # colour-pressure level the quantity is read at
    regime: str = "standard"
    ablation: str | None = None
    per_seed: bool = False  # "in some runs": also count the seeds that show the pattern


ACTIONS = {
    "frozen_linear": "Freezing a random linear patch projection",
    "frozen_conv": "Freezing the random conv stem",
    "no_attention": "Removing attention",
}


def claim_specs(ablations: tuple[str, ...], ablation_pressure: str, controls: tuple[str, ...]):
    """The paper's claims, one per setting they are judged in."""
    specs = []
    for p in dict.fromkeys(("none", ablation_pressure)):
        specs += [
            ClaimSpec(
                f"shape_rises_{p}",
                "Figure 1: shape accuracy keeps rising over training",
                "baseline seen-pair shape accuracy (validation), last epoch minus middle epoch",
                "direction",
                +1,
                p,
            ),
            ClaimSpec(
                f"colour_stagnates_{p}",
                "Figure 1: colour-critical accuracy stagnates",
                "baseline colour-critical accuracy (validation), last epoch minus middle epoch",
                "no_change",
                0,
                p,
            ),
        ]
    if "colour_only" in controls:
        specs.append(
            ClaimSpec(
                "colour_neglected",
                "Focusing on shape neglects colour",
                "colour-critical test accuracy, baseline minus colour-only control",
                "direction",
                -1,
                "none",
            )
        )
    for a in ablations:
        specs.append(
            ClaimSpec(
                f"no_stabilisation_{a}",
                f"{ACTIONS[a]} does not stabilise training",
                "largest epoch-to-epoch drop of a validation curve, ablation minus baseline, "
                "in the unstable regime (a negative value is a stabilisation)",
                "no_change",
                +1,
                "none",
                regime="unstable",
                ablation=a,
            )
        )
    for p in dict.fromkeys(("none", ablation_pressure)):
        for a in ablations:
            specs += [
                ClaimSpec(
                    f"colour_improves_{a}_{p}",
                    f"{ACTIONS[a]}: colour-critical accuracy improves slightly (in some runs)",
                    "colour-critical test accuracy, ablation minus baseline",
                    "direction",
                    +1,
                    p,
                    ablation=a,
                    per_seed=True,
                ),
                ClaimSpec(
                    f"shape_regresses_{a}_{p}",
                    f"{ACTIONS[a]}: shape accuracy regresses (in some runs)",
                    "seen-pair shape test accuracy, ablation minus baseline",
                    "direction",
                    -1,
                    p,
                    ablation=a,
                    per_seed=True,
                ),
            ]
    return specs


def outcome(values: np.ndarray, margin: float = EQUIVALENCE_MARGIN) -> str:
    """The shared verdict (:mod:`negresults.verdicts`) of a per-seed quantity against zero."""
    values = np.asarray(values, dtype=float)
    return compare(values, np.zeros_like(values), margin).verdict


def read(verdict: str, rule: str, sign: int) -> str:
    """A claim's verdict from the shared one, by its rule (the module docstring)."""
    if rule not in ("direction", "no_change"):
        raise ValueError(f"unknown rule {rule!r}; valid choices: direction, no_change")
    effect = side(verdict)
    if effect:
        return SUPPORTED if effect == sign else CONTRADICTED
    if rule == "no_change" and verdict == EQUIVALENT:
        return SUPPORTED
    return verdict


def judge(values: np.ndarray, rule: str, sign: int, margin: float = EQUIVALENCE_MARGIN) -> str:
    """The verdict of one claim from its per-seed quantity."""
    return read(outcome(values, margin), rule, sign)


def shows_pattern(values: np.ndarray, sign: int) -> np.ndarray:
    """Per seed: does the quantity lie on the claimed side of zero (any amount)?"""
    return np.sign(np.asarray(values, dtype=float)) == sign


# -- quantities -------------------------------------------------------------
def curve(history: pd.DataFrame, variant: str, pressure: str, regime: str, metric: str):
    """(seed x epoch) table of a validation curve."""
    h = history[
        (history.variant == variant)
        & (history.colour_pressure == pressure)
        & (history.regime == regime)
    ]
    return h.pivot(index="seed", columns="epoch", values=metric).sort_index()


def gain_since(table: pd.DataFrame, fraction: float) -> np.ndarray:
    """Per seed: last value minus the value ``fraction`` of the way through training."""
    start = table.columns[int(round(fraction * (len(table.columns) - 1)))]
    return (table[table.columns[-1]] - table[start]).to_numpy(dtype=float)


def largest_drop(history: pd.DataFrame, variant: str, pressure: str, regime: str) -> np.ndarray:
    """Per seed: the largest epoch-to-epoch fall of a validation curve (shape on seen pairs,
    colour, colour-critical)."""
    drops = []
    for metric in ("shape_seen_acc", "colour_acc", "critical_colour_acc"):
        t = curve(history, variant, pressure, regime, metric)
        drops.append((-t.diff(axis=1)).max(axis=1).clip(lower=0).to_numpy(dtype=float))
    return np.max(drops, axis=0)


def final(frame: pd.DataFrame, variant: str, pressure: str, metric: str, regime="standard"):
    f = frame[
        (frame.variant == variant) & (frame.colour_pressure == pressure) & (frame.regime == regime)
    ].sort_values("seed")
    return f[metric].to_numpy(dtype=float)


def quantity(spec: ClaimSpec, final_frame: pd.DataFrame, history: pd.DataFrame) -> np.ndarray:
    """The per-seed quantity a claim is judged by."""
    p, a = spec.pressure, spec.ablation
    if spec.key.startswith("shape_rises"):
        return gain_since(curve(history, "baseline", p, "standard", "shape_seen_acc"), SECOND_HALF)
    if spec.key.startswith("colour_stagnates"):
        t = curve(history, "baseline", p, "standard", "critical_colour_acc")
        return gain_since(t, SECOND_HALF)
    if spec.key == "colour_neglected":
        base = final(final_frame, "baseline", p, "critical_colour_acc")
        return base - final(final_frame, "colour_only", p, "critical_colour_acc")
    if spec.key.startswith("no_stabilisation"):
        return largest_drop(history, a, p, "unstable") - largest_drop(
            history, "baseline", p, "unstable"
        )
    if spec.key.startswith("colour_improves"):
        metric = "critical_colour_acc"
    elif spec.key.startswith("shape_regresses"):
        metric = "shape_seen_acc"
    else:
        raise ValueError(f"no quantity for claim {spec.key!r}")
    return final(final_frame, a, p, metric) - final(final_frame, "baseline", p, metric)
