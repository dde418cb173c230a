"""Study B's claims judged against our runs: each transferred arm against scratch.

The paper claims that a transferred model is no better than one trained from
scratch. Each arm's claim is the seed-paired comparison at Table 1's size and
shift (all seeds), judged by the shared verdict order
(:func:`negresults.verdicts.verdict`): an effect when the 95% interval
excludes zero, else equivalence within the margin (TOST, whose two one-sided
5% tests amount to a 90% interval inside the margin), else inconclusive, and
untestable with fewer than two seeds.
"""

from __future__ import annotations

import math

import pandas as pd

from negresults import stats
from negresults.reporting import readable_p
from negresults.transfer.report.results import Results, Spec
from negresults.transfer.report.words import SHORT, VERDICT_WORDS, diff_text
from negresults.verdicts import Comparison, compare

REFERENCE = "scratch"  # every claim compares an arm with it


def comparison(results: Results, arm: str = "finetune", spec: Spec | None = None, seeds=None):
    """``arm`` minus scratch at Table 1's size and shift (a :class:`~negresults.verdicts.Comparison`)."""
    cfg = results.cfg
    seeds = cfg.seeds if seeds is None else seeds
    a = results.test_acc(arm, cfg.table_size, seeds, spec=spec)
    b = results.test_acc(REFERENCE, cfg.table_size, seeds, spec=spec)
    return compare(a, b, cfg.equivalence_margin)


def judged(results: Results) -> list[tuple[str, Comparison]]:
    """Every transferred arm run, with its comparison against scratch (all seeds)."""
    return [(arm, comparison(results, arm)) for arm in results.cfg.all_arms if arm != REFERENCE]


def claims(results: Results) -> pd.DataFrame:
    """Claims with verdicts computed from the runs (all seeds at Table 1's size)."""
    rows = []
    for arm, c in judged(results):
        d, eq = c.difference, c.equivalence
        need = stats.seeds_to_detect(d.mean, d.std, d.n)
        rows.append(
            {
                "Claim": f"{SHORT[arm]} no better than scratch",
                "Difference [95% CI]": diff_text(c),
                "TOST p": readable_p(eq.p_value),
                "Seeds": d.n,
                "Seeds to detect it (80% power)": need.text(),
                "Verdict": VERDICT_WORDS[c.verdict],
            }
        )
    return pd.DataFrame(rows).set_index("Claim")


def mdd(results: Results) -> float:
    """Minimum detectable paired difference (80% power) at Table 1's size, all seeds."""
    if "finetune" not in results.cfg.all_arms:
        return math.nan
    d = comparison(results, "finetune").difference
    if d.n < 2 or not d.std > 0:
        return math.nan
    return stats.minimum_detectable_difference(d.std, d.n)


def power_ratio(results: Results) -> float:
    """The largest, over claims, of the claim's minimum detectable paired difference (80% power,
    its own seeds and paired SD) divided by its declared margin; above 1, some claim is
    underpowered at its margin. NaN when no claim has two seeds and a spread."""
    margin = results.cfg.equivalence_margin
    ratios = []
    for _, c in judged(results):
        d = c.difference
        if d.n >= 2 and d.std > 0:
            ratios.append(stats.minimum_detectable_difference(d.std, d.n) / margin)
    return max(ratios) if ratios else math.nan
