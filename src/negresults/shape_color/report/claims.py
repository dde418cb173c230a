"""The paper's claims, each checked against our runs by one stated rule.

Every claim is a conjunction of conditions on seed-paired quantities. A
condition is *met*, *failed* or *open* according to its 95% confidence
interval (and, for "no change", a TOST equivalence test):

- "rises": met if the CI lies above 0; failed if it lies at or below 0, or the
  change is equivalent to 0 within the margin; otherwise open.
- "falls": the mirror image of "rises".
- "stays flat": met if the change is equivalent to 0 within the margin (TOST);
  failed if the CI lies wholly outside +-margin; otherwise open.
- "no real stabilisation": met if the CI's lower end lies above -margin (any
  reduction of the wobble is smaller than the margin); failed if the CI lies
  below 0; otherwise open.

The verdict is *supported* if every condition is met, *not supported* if any
condition failed, and *inconclusive* otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from negresults.reporting import NEGATIVE, POSITIVE, Comparison, ci, compare, fmt
from negresults.shape_color.config import PRESSURE_LABELS
from negresults.shape_color.report.results import Results

MET, FAILED, OPEN = "met", "failed", "open"
ACTIONS = {
    "frozen_embeddings": "Freezing the embedding",
    "no_attention": "Removing attention",
    "both": "Freezing the embedding and removing attention",
}


@dataclass(frozen=True)
class Condition:
    text: str  # what must hold, in words
    values: np.ndarray  # per-seed quantity (percentage points), or paired differences
    test: str  # rises | falls | flat | no_stabilisation
    margin: float  # percentage points

    def comparison(self) -> Comparison:
        return compare(self.values, np.zeros_like(self.values), self.margin)

    def outcome(self) -> str:
        c = self.comparison()
        if np.isnan(c.difference.ci_low):
            return OPEN
        v, eq = c.verdict, c.equivalence.equivalent
        if self.test == "rises":
            return MET if v == POSITIVE else FAILED if v == NEGATIVE or eq else OPEN
        if self.test == "falls":
            return MET if v == NEGATIVE else FAILED if v == POSITIVE or eq else OPEN
        if self.test == "flat":
            # Stagnation is equivalence to zero, tested by TOST whatever the sign.
            lo, hi = c.interval
            return MET if eq else FAILED if lo > self.margin or hi < -self.margin else OPEN
        if self.test == "no_stabilisation":
            lo, hi = c.interval
            return MET if lo > -self.margin else FAILED if hi < 0 else OPEN
        raise ValueError(f"unknown test {self.test!r}")

    def evidence(self) -> str:
        d = self.comparison().difference
        return f"{self.text}: {fmt(d.mean, signed=True)} {ci(d.ci_low, d.ci_high, signed=True)} ({self.outcome()})"


def verdict(conditions: list[Condition]) -> str:
    outcomes = [c.outcome() for c in conditions]
    if all(o == MET for o in outcomes):
        return "supported"
    if any(o == FAILED for o in outcomes):
        return "not supported"
    return "inconclusive"


def _per_seed(results: Results, ablation: str, pressure: str, metric: str) -> pd.DataFrame:
    """(seed x epoch) table of ``metric`` in percentage points."""
    h = results.history
    h = h[(h.ablation == ablation) & (h.colour_pressure == pressure)]
    return h.pivot(index="seed", columns="epoch", values=metric).sort_index()


def gain_since(
    results: Results, ablation: str, pressure: str, metric: str, fraction: float
) -> np.ndarray:
    """Per seed: final value minus the value ``fraction`` of the way through training."""
    t = _per_seed(results, ablation, pressure, metric)
    start = t.columns[int(fraction * len(t.columns))]
    return (t[t.columns[-1]] - t[start]).to_numpy()


def late_gain(results: Results, ablation: str, pressure: str, metric: str) -> np.ndarray:
    """Per seed: final value minus the value halfway through training."""
    return gain_since(results, ablation, pressure, metric, 0.5)


def wobble(results: Results, ablation: str, pressure: str) -> np.ndarray:
    """Per seed: mean absolute epoch-to-epoch change of shape and colour-critical accuracy
    over the second half of training; lower means steadier training."""
    parts = []
    for metric in ("shape_acc", "critical_colour_acc"):
        t = _per_seed(results, ablation, pressure, metric)
        late = t[t.columns[len(t.columns) // 2 :]]
        parts.append(late.diff(axis=1).abs().mean(axis=1).to_numpy())
    return np.mean(parts, axis=0)


def _final(results: Results, ablation: str, pressure: str, metric: str) -> np.ndarray:
    f = results.final
    f = f[(f.ablation == ablation) & (f.colour_pressure == pressure)].sort_values("seed")
    return f[metric].to_numpy(dtype=float)


def claims(results: Results) -> list[tuple[str, str, list[Condition]]]:
    """(claim, setting, conditions) for every claim and colour-pressure setting run."""
    cfg = results.cfg
    eq, st = cfg.equivalence_margin, cfg.stability_margin
    ablations = [a for a in ("frozen_embeddings", "no_attention", "both") if a in cfg.ablations]
    out = []
    for p in cfg.colour_pressure:
        setting = PRESSURE_LABELS[p]
        out.append(
            (
                "Figure 1: shape accuracy keeps rising while colour-critical accuracy stagnates "
                "(baseline)",
                setting,
                [
                    Condition(
                        "shape gain, 2nd half",
                        late_gain(results, "baseline", p, "shape_acc"),
                        "rises",
                        eq,
                    ),
                    Condition(
                        "colour-critical gain, 2nd half",
                        late_gain(results, "baseline", p, "critical_colour_acc"),
                        "flat",
                        eq,
                    ),
                ],
            )
        )
        out.append(
            (
                "Colour is neglected: colour-critical accuracy ends below shape accuracy (baseline)",
                setting,
                [
                    Condition(
                        "colour-critical minus shape, final",
                        _final(results, "baseline", p, "critical_colour_acc")
                        - _final(results, "baseline", p, "shape_acc"),
                        "falls",
                        eq,
                    )
                ],
            )
        )
        base_wobble = wobble(results, "baseline", p)
        for a in ablations:
            out.append(
                (
                    f"{ACTIONS[a]} does not stabilise training",
                    setting,
                    [
                        Condition(
                            "wobble, ablation minus baseline",
                            wobble(results, a, p) - base_wobble,
                            "no_stabilisation",
                            st,
                        )
                    ],
                )
            )
        for a in ablations:
            out.append(
                (
                    f"{ACTIONS[a]}: colour-critical accuracy improves but shape accuracy regresses",
                    setting,
                    [
                        Condition(
                            "colour-critical, ablation minus baseline",
                            _final(results, a, p, "critical_colour_acc")
                            - _final(results, "baseline", p, "critical_colour_acc"),
                            "rises",
                            eq,
                        ),
                        Condition(
                            "shape, ablation minus baseline",
                            _final(results, a, p, "shape_acc")
                            - _final(results, "baseline", p, "shape_acc"),
                            "falls",
                            eq,
                        ),
                    ],
                )
            )
    return out


def claims_table(results: Results) -> pd.DataFrame:
    rows = [
        {
            "Claim (paper)": claim,
            "Colour pressure": setting,
            "Evidence: mean [95% CI], percentage points": "; ".join(c.evidence() for c in conds),
            "Verdict": verdict(conds),
        }
        for claim, setting, conds in claims(results)
    ]
    return pd.DataFrame(rows)
