"""The paper's claims judged against our runs, by the rules of :mod:`..analysis_plan`.

This module only applies the plan: every claim, quantity, rule and margin is
declared there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from negresults import stats
from negresults.reporting import ci, fmt
from negresults.shape_color import analysis_plan as plan
from negresults.shape_color.config import PRESSURE_LABELS, REGIME_LABELS
from negresults.shape_color.report.results import Results


@dataclass(frozen=True)
class Judged:
    spec: plan.ClaimSpec
    values: np.ndarray  # the per-seed quantity, accuracy points
    outcome: str  # its shared verdict (negresults.verdicts)
    verdict: str  # the claim's reading of it (plan.VERDICTS)

    @property
    def difference(self) -> stats.PairedDifference:
        return stats.paired_difference(self.values, np.zeros_like(self.values))

    def evidence(self) -> str:
        d = self.difference
        text = f"{fmt(d.mean, signed=True)} {ci(d.ci_low, d.ci_high, signed=True)}"
        if self.spec.per_seed:
            k = int(plan.shows_pattern(self.values, self.spec.sign).sum())
            text += f"; {k} of {len(self.values)} seeds"
        return text

    @property
    def sd(self) -> float:
        """Seed-to-seed standard deviation of the quantity (NaN below two seeds)."""
        return float(np.std(self.values, ddof=1)) if len(self.values) > 1 else float("nan")

    @property
    def detectable(self) -> float:
        """Smallest paired difference this claim's seeds find at 80% power, at its own spread."""
        if not np.isfinite(self.sd):
            return float("nan")
        return stats.minimum_detectable_difference(
            self.sd, len(self.values), plan.ALPHA, plan.POWER
        )

    @property
    def setting(self) -> str:
        text = PRESSURE_LABELS[self.spec.pressure]
        if self.spec.regime != "standard":
            text += f", {REGIME_LABELS[self.spec.regime]}"
        return text


def judged(results: Results) -> list[Judged]:
    """Every claim of the plan that the runs can speak to, with its verdict."""
    cfg = results.cfg
    out = []
    for spec in plan.claim_specs(cfg.ablations, cfg.ablation_pressure, cfg.controls):
        if spec.regime == "unstable" and not cfg.stability_test:
            continue
        values = plan.quantity(spec, results.final, results.history)
        outcome = plan.outcome(values, cfg.equivalence_margin)
        out.append(Judged(spec, values, outcome, plan.read(outcome, spec.rule, spec.sign)))
    return out


def some_runs(cfg, found: list[Judged]) -> list[str]:
    """Per ablation and pressure: how many seeds show both "in some runs" patterns at once,
    from the claims :func:`judged` found."""
    per_seed = [j for j in found if j.spec.per_seed]
    patterns = []
    for a in cfg.ablations:
        for p in cfg.ablation_pressures:
            pair = [j for j in per_seed if j.spec.ablation == a and j.spec.pressure == p]
            if len(pair) == 2:
                both = np.logical_and(
                    plan.shows_pattern(pair[0].values, pair[0].spec.sign),
                    plan.shows_pattern(pair[1].values, pair[1].spec.sign),
                )
                patterns.append(
                    f"{plan.ACTIONS[a].lower()}, {PRESSURE_LABELS[p]}: {int(both.sum())} of "
                    f"{len(both)}"
                )
    return patterns


def claims_table(results: Results) -> pd.DataFrame:
    rows = [
        {
            "Claim (paper)": j.spec.claim,
            "Setting": j.setting,
            "Quantity": j.spec.quantity,
            "Mean [95% CI], points": j.evidence(),
            # Per claim, so a reader sees which verdicts the seeds could have reached:
            # one above the margin cannot support "no change" by equivalence.
            "Detectable (80% power), points": fmt(j.detectable),
            "Verdict": j.verdict,
        }
        for j in judged(results)
    ]
    return pd.DataFrame(rows)


def plan_table(cfg) -> pd.DataFrame:
    """The analysis plan as the page shows it: claim, quantity, rule."""
    rules = {
        ("direction", +1): "above zero",
        ("direction", -1): "below zero",
        ("no_change", 0): "within ±margin (TOST)",
        ("no_change", +1): "within ±margin, or above zero",
    }
    rows = [
        {
            "Claim": s.claim,
            "Setting": PRESSURE_LABELS[s.pressure]
            + ("" if s.regime == "standard" else f", {s.regime} regime"),
            "Quantity (per seed, points)": s.quantity,
            "Supported if": rules[(s.rule, s.sign)],
        }
        for s in plan.claim_specs(cfg.ablations, cfg.ablation_pressure, cfg.controls)
    ]
    return pd.DataFrame(rows)


__all__ = ["Judged", "claims_table", "judged", "plan_table", "some_runs"]
