"""Phrases the chapters glue into their prose, computed from per-seed values.

The keys themselves are written out in :mod:`negresults.shape_color.report.pages`.
"""

from __future__ import annotations

import numpy as np

from negresults.shape_color.report.results import Results
from negresults.stats import paired_difference


def change_phrase(values: np.ndarray) -> str:
    """ "rises by 4.1 points (95% CI [+2.0, +6.2], n = 3)" from per-seed changes."""
    d = paired_difference(values, np.zeros_like(values))
    if np.isnan(d.ci_low):
        return f"changes by {d.mean:+.1f} points (n = {d.n}, no interval)"
    ci = f"95% CI [{d.ci_low:+.1f}, {d.ci_high:+.1f}], n = {d.n}"
    if d.ci_low > 0:
        return f"rises by {d.mean:.1f} points ({ci})"
    if d.ci_high < 0:
        return f"falls by {-d.mean:.1f} points ({ci})"
    return f"changes by {d.mean:+.1f} points, an interval that includes zero ({ci})"


def difference_phrase(values: np.ndarray) -> str:
    d = paired_difference(values, np.zeros_like(values))
    if np.isnan(d.ci_low):
        return f"{d.mean:+.1f} points, n = {d.n}"
    return f"{d.mean:+.1f} points, 95% CI [{d.ci_low:+.1f}, {d.ci_high:+.1f}], n = {d.n}"


def epochs_to(results: Results, pressure: str, ablation: str, metric: str, level: float) -> str:
    """When ``metric`` first reaches ``level`` (percent): a phrase, mean over seeds."""
    h = results.history
    h = h[(h.ablation == ablation) & (h.colour_pressure == pressure) & (h.epoch > 0)]
    firsts, missing = [], 0
    for _, g in h.groupby("seed"):
        hit = g[g[metric] >= level].epoch
        if len(hit):
            firsts.append(int(hit.min()))
        else:
            missing += 1
    n = len(firsts) + missing
    target = f"{level:g}%"
    if not firsts:
        return (
            f"never reaches {target} within the {results.cfg.epochs} epochs (in any of {n} seeds)"
        )
    text = (
        f"reaches {target} after {np.mean(firsts):.1f} epochs on average "
        f"(range {min(firsts)} to {max(firsts)})"
    )
    return text if not missing else f"{text} in {len(firsts)} of {n} seeds; the others never do"


def probe_reading(gap: np.ndarray) -> str:
    """What the probe-minus-head difference (per seed, points) says about colour."""
    d = paired_difference(gap, np.zeros_like(gap))
    if np.isnan(d.ci_low):
        return "with a single seed the probe and the head cannot be told apart"
    if d.ci_low > 0:
        return (
            "the probe reads the fine hue distinction better than the colour head: the "
            "information is in the features and the head does not use all of it"
        )
    if d.ci_high < 0:
        return "the probe does worse than the colour head, so the head is not leaving colour unused"
    return (
        "the probe and the colour head are not distinguishable with these seeds: we see no "
        "sign of colour information that is present but unused"
    )


def order_reading(colour_minus_shape: np.ndarray) -> str:
    """Which attribute the baseline ends up better at (per-seed differences, points)."""
    d = paired_difference(colour_minus_shape, np.zeros_like(colour_minus_shape))
    if not np.isnan(d.ci_low) and d.ci_low > 0:
        return "colour is the easier attribute here and shape the harder one"
    if not np.isnan(d.ci_high) and d.ci_high < 0:
        return "shape is the easier attribute here and colour the harder one"
    return "neither attribute is clearly easier here"
