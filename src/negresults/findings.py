"""The front page's findings: each paper's claims beside our verdicts, with the reason.

Read from the same :meth:`negresults.study.Study.claims` the Conclusion
chapters and ``negresults summary`` report, on the same stored runs, so the
front page cannot say anything the Conclusions do not.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from negresults.studies import all_studies
from negresults.study import Claim

# Where each study's verdicts are argued in full (book page, without suffix).
CONCLUSIONS = {
    "shape_color": "notebooks/shape_color/05_conclusion",
    "transfer": "notebooks/transfer/05_conclusion",
}


def reason(c: Claim) -> str:
    """One line: what the verdict rests on, the estimate, its 95% interval and the seeds."""
    seeds = f"{c.n} seed{'s' if c.n != 1 else ''}"
    low, high = c.ci
    basis = f"{c.basis}; mean " if c.basis else ""
    if not math.isfinite(c.estimate):  # nothing measured: the setting says why
        return f"no estimate to judge it by ({seeds})"
    if c.n < 2 or not (math.isfinite(low) and math.isfinite(high)):
        return f"{basis}{c.estimate:+.1f} points; an interval needs two or more seeds ({seeds})"
    return f"{basis}{c.estimate:+.1f} points (95% CI {low:+.1f} to {high:+.1f}), {seeds}"


def findings(preset: str | None = None, store: Any = None) -> pd.DataFrame:
    """Every study's claims: study, the paper's claim, setting, our verdict and why."""
    rows = []
    for study in all_studies():
        results = study.results(study.config(preset=preset), store, progress=False)
        for c in study.claims(results):
            rows.append(
                {
                    "Study": study.title,
                    "The paper's claim": c.claim,
                    "Setting": c.setting,
                    "Our verdict": c.verdict,
                    "Why": reason(c),
                }
            )
    return pd.DataFrame(rows)


def verdict_counts(table: pd.DataFrame) -> str:
    """ "3 inconclusive, 1 equivalent" per study, for the prose."""
    parts = []
    for study, group in table.groupby("Study", sort=False):
        counts = group["Our verdict"].value_counts()
        said = ", ".join(f"{n} {v}" for v, n in counts.items())
        parts.append(f"{study}: {len(group)} claims ({said})")
    return "; ".join(parts)
