"""The numbers and phrases the chapters glue into their prose.

Each key exists for every colour pressure and ablation the study knows, with
``"n/a (not run)"`` where a page was executed on part of the grid, so a
re-executed chapter never refers to a missing key.
"""

from __future__ import annotations

import numpy as np

from negresults.shape_color.config import ABLATIONS, COLOUR_PRESSURES
from negresults.shape_color.report.claims import late_gain
from negresults.shape_color.report.results import Results
from negresults.stats import paired_difference

NOT_RUN = "n/a (not run)"
GLUED_METRICS = (
    "shape_acc",
    "colour_acc",
    "critical_colour_acc",
    "probe_colour_acc",
    "probe_critical_acc",
    "seen_acc",
    "unseen_acc",
    "hm",
    "best_hm",
    "auc",
)


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


def experiment_glue(results: Results) -> dict[str, str]:
    cfg, final = results.cfg, results.final
    out = {
        "sc_n_runs": str(len(final)),
        "sc_n_seeds": str(final.seed.nunique()),
        "sc_n_ablations": str(final.ablation.nunique()),
        "sc_n_pressures": str(final.colour_pressure.nunique()),
        "sc_epochs": str(cfg.epochs),
        "sc_n_train_images": f"{int(final.n_train_images.iloc[0]):,}",
        "sc_n_seen_pairs": str(cfg.n_classes**2 - cfg.held_out_pairs),
        "sc_critical_offset": f"{cfg.critical_offset:g}",
        "sc_chance": f"{100 / cfg.n_classes:.1f}",
        "sc_jitter": f"{cfg.hue_jitter_degrees:g}",
        "sc_margin": f"{cfg.equivalence_margin:g}",
        "sc_stability_margin": f"{cfg.stability_margin:g}",
    }
    for p in COLOUR_PRESSURES:
        ran = p in set(final.colour_pressure)
        for a in ABLATIONS:
            rows = final[(final.ablation == a) & (final.colour_pressure == p)]
            for m in GLUED_METRICS:
                key = f"sc_{p}_{a}_{m}"
                out[key] = f"{rows[m].mean():.1f}" if len(rows) else NOT_RUN
        if not ran:
            for key in (
                "colour_epoch90",
                "shape_late",
                "critical_late",
                "probe_gap",
                "probe_reading",
                "order",
            ):
                out[f"sc_{p}_{key}"] = NOT_RUN
            continue
        out[f"sc_{p}_colour_epoch90"] = epochs_to(results, p, "baseline", "colour_acc", 90)
        out[f"sc_{p}_shape_late"] = change_phrase(late_gain(results, "baseline", p, "shape_acc"))
        out[f"sc_{p}_critical_late"] = change_phrase(
            late_gain(results, "baseline", p, "critical_colour_acc")
        )
        base = final[(final.ablation == "baseline") & (final.colour_pressure == p)].sort_values(
            "seed"
        )
        gap = (base.probe_critical_acc - base.critical_colour_acc).to_numpy()
        out[f"sc_{p}_probe_gap"] = difference_phrase(gap)
        out[f"sc_{p}_probe_reading"] = probe_reading(gap)
        colour = base.colour_acc.to_numpy()
        shape = base.shape_acc.to_numpy()
        out[f"sc_{p}_order"] = order_reading(colour - shape)
    return out


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
