"""Phrases the chapters glue into their prose, computed from per-seed values.

The keys themselves are written out in :mod:`negresults.shape_color.report.pages`.
"""

from __future__ import annotations

import numpy as np

from negresults.reporting import NOT_RUN, ci, fmt
from negresults.stats import paired_difference, summarize


def acc(values) -> str:
    """'91.3% [90.1, 92.4]': mean accuracy with its bootstrap interval inside [0, 100]."""
    values = np.asarray(values, dtype=float)
    if not len(values):
        return "n/a (not run)"
    s = summarize(values, bounds=(0.0, 100.0))
    if s.n < 2 or np.isnan(s.ci_low):
        return f"{fmt(s.mean)}%"
    return f"{fmt(s.mean)}% {ci(s.ci_low, s.ci_high)}"


def points(values, unit: str = "points") -> str:
    """'+4.1 points [+2.0, +6.2]' for per-seed differences (in ``unit``)."""
    values = np.asarray(values, dtype=float)
    if not len(values):
        return "n/a (not run)"
    d = paired_difference(values, np.zeros_like(values))
    if d.n < 2 or np.isnan(d.ci_low):
        return f"{fmt(d.mean, signed=True)} {unit}"
    return f"{fmt(d.mean, signed=True)} {unit} {ci(d.ci_low, d.ci_high, signed=True)}"


def change_phrase(values) -> str:
    """'rises by 4.1 points [+2.0, +6.2]' / 'falls by ...' / 'changes by ..., an interval ...'."""
    values = np.asarray(values, dtype=float)
    if not len(values):
        return "was not run"
    d = paired_difference(values, np.zeros_like(values))
    interval = ci(d.ci_low, d.ci_high, signed=True)
    if d.n < 2 or np.isnan(d.ci_low):
        return f"changes by {fmt(d.mean, signed=True)} points (one seed, no interval)"
    if d.ci_low > 0:
        return f"rises by {fmt(d.mean)} points {interval}"
    if d.ci_high < 0:
        return f"falls by {fmt(-d.mean)} points {interval}"
    return (
        f"changes by {fmt(d.mean, signed=True)} points, an interval {interval} that includes zero"
    )


def sign_reading(values, below: str, above: str, neither: str) -> str:
    """One of three sentences, by where the paired interval of ``values`` lies."""
    values = np.asarray(values, dtype=float)
    if not len(values):  # nothing paired: no reading at all, never "no change"
        return NOT_RUN
    if len(values) < 2:
        return neither
    d = paired_difference(values, np.zeros_like(values))
    if not np.isnan(d.ci_high) and d.ci_high < 0:
        return below
    if not np.isnan(d.ci_low) and d.ci_low > 0:
        return above
    return neither


def epochs_to(curves, level: float, epochs: int) -> str:
    """'reaches 90% after 2.0 epochs on average (range 2 to 3)': when each seed's curve first
    reaches ``level``, from a (seed x epoch) table of validation accuracies."""
    firsts = []
    for _, row in curves.iterrows():
        hit = row.index[row.to_numpy() >= level]
        firsts.append(int(hit.min()) if len(hit) else None)
    reached = [f for f in firsts if f is not None]
    if not reached:
        return f"never reaches {level:g}% within {epochs} epochs"
    text = (
        f"reaches {level:g}% after {np.mean(reached):.1f} epochs on average "
        f"(range {min(reached)} to {max(reached)})"
    )
    if len(reached) < len(firsts):
        text += f" in {len(reached)} of {len(firsts)} seeds; the others never do"
    return text


def count_phrase(k: int, n: int) -> str:
    return f"{k} of {n} seeds"


def verdict_phrase(verdict: str, holm: str) -> str:
    """'supported, and after Holm's adjustment too' / 'supported; inconclusive after Holm's ...'."""
    if verdict == "equivalent":  # "the claim is equivalent" says nothing about to what
        # Only a claim of a change reads "equivalent" (the plan maps it to support for a
        # no-change claim), so the claimed change is absent.
        verdict = (
            "not supported: the effect is equivalent to zero within the margin, so the claimed "
            "change is absent"
        )
        if holm == "equivalent":
            return f"{verdict}, after Holm's adjustment too"
    if holm == verdict:
        return f"{verdict}, after Holm's adjustment too"
    return f"{verdict} ({holm} after Holm's adjustment)"


def interval_side(values) -> int:
    """+1 when the paired 95% interval of ``values`` lies above zero, -1 below, else 0."""
    values = np.asarray(values, dtype=float)
    if len(values) < 2:
        return 0
    d = paired_difference(values, np.zeros_like(values))
    if not np.isnan(d.ci_low) and d.ci_low > 0:
        return +1
    if not np.isnan(d.ci_high) and d.ci_high < 0:
        return -1
    return 0
