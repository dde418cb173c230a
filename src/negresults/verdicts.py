"""The one verdict vocabulary and the one verdict order, for every study.

A verdict judges a seed-paired quantity (a difference ``a - b`` per seed, or a
per-seed change against zero) by its 95% t interval and a paired TOST at the
declared equivalence margin, tested in a fixed order:

1. :data:`UNTESTABLE` when there is no interval to read: fewer than two paired
   seeds, or a value that is not a finite number;
2. an effect, :data:`POSITIVE` or :data:`NEGATIVE`, when the 95% interval
   excludes zero (an interval that touches zero does not exclude it);
3. :data:`EQUIVALENT` when TOST puts the quantity within the margin;
4. :data:`INCONCLUSIVE` otherwise.

Testing the effect before equivalence means a significant difference smaller
than the margin is reported as the effect it is, never as "no difference".

These constants are the data; how a study words them for its readers
("benefit", "supported", ...) lives in that study's report code.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable

import numpy as np

from negresults import stats

POSITIVE = "positive"  # the 95% interval lies wholly above zero
NEGATIVE = "negative"  # the 95% interval lies wholly below zero
EQUIVALENT = "equivalent"  # no effect shown, and TOST puts it within +-margin
INCONCLUSIVE = "inconclusive"  # neither an effect nor equivalence
UNTESTABLE = "untestable"  # no interval to judge (fewer than two seeds, or not finite)
VERDICTS = (POSITIVE, NEGATIVE, EQUIVALENT, INCONCLUSIVE, UNTESTABLE)  # the order of the rule
CONCLUDED = (POSITIVE, NEGATIVE, EQUIVALENT)  # the verdicts that say something


def verdict(d: stats.PairedDifference, eq: stats.Equivalence) -> str:
    """The fixed order (module docstring) applied to a paired difference and its TOST."""
    if d.n < 2 or not (math.isfinite(d.ci_low) and math.isfinite(d.ci_high)):
        return UNTESTABLE
    if d.ci_low > 0:
        return POSITIVE
    if d.ci_high < 0:
        return NEGATIVE
    if eq.equivalent:
        return EQUIVALENT
    return INCONCLUSIVE


def side(v: str) -> int:
    """+1 for :data:`POSITIVE`, -1 for :data:`NEGATIVE`, 0 for any verdict without an effect."""
    return {POSITIVE: +1, NEGATIVE: -1}.get(v, 0)


@dataclasses.dataclass(frozen=True)
class Comparison:
    """A seed-paired comparison ``a - b`` with its interval, TOST and verdict."""

    difference: stats.PairedDifference
    equivalence: stats.Equivalence  # p_value NaN when untestable (no TOST was run)
    verdict: str  # one of VERDICTS

    @property
    def estimate(self) -> float:
        return self.difference.mean

    @property
    def interval(self) -> tuple[float, float]:
        return self.difference.ci_low, self.difference.ci_high


def compare(a: Iterable[float], b: Iterable[float], margin: float) -> Comparison:
    """Seed-paired ``a - b``: 95% t interval, paired TOST at ``margin``, and the verdict.

    Any number of seeds is accepted, none included: below two, or with a value
    that is not finite, the verdict is :data:`UNTESTABLE` (no interval, no TOST).
    """
    x, y = np.asarray(list(a), dtype=float), np.asarray(list(b), dtype=float)
    if x.shape != y.shape:
        raise ValueError(f"paired samples need equal lengths, got {x.size} and {y.size}")
    if x.size < 2 or not (np.isfinite(x).all() and np.isfinite(y).all()):
        nan = math.nan
        mean = float(np.mean(x - y)) if x.size else nan
        d = stats.PairedDifference(int(x.size), mean, nan, nan, nan, nan)
        return Comparison(d, stats.Equivalence(margin, int(x.size), nan, False), UNTESTABLE)
    d = stats.paired_difference(x, y)
    eq = stats.tost_paired(x, y, margin)
    return Comparison(d, eq, verdict(d, eq))
