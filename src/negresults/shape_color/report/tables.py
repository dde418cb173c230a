"""Result tables, computed from stored runs only. Accuracies are in percent.

Intervals of accuracies (and of largest dips, in accuracy points) are
bootstrap intervals of the mean kept inside [0, 100]
(:func:`negresults.stats.summarize` with bounds), those of hue errors inside
[0, 180] degrees; intervals of differences are t-based and paired by seed.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Sequence

import numpy as np
import pandas as pd
import torch

from negresults.config import field_help
from negresults.reporting import ci, fmt
from negresults.shape_color import analysis_plan as plan
from negresults.shape_color.compute.model import (
    LinearPatchEmbedding,
    build_model,
    count_parameters,
    mixer_parameters,
    trained_heads,
)
from negresults.shape_color.compute.runners import STABILITY_KIND, TUNE_KIND
from negresults.shape_color.config import (
    ARM_MODELS,
    LONG_BASELINE,
    LONG_COLOUR_ONLY,
    LONG_NO_ATTENTION,
    PRESSURE_LABELS,
    REFERENCE_ARMS,
    VARIANT_LABELS,
    ShapeColorConfig,
    model_of,
)
from negresults.shape_color.report.results import Results
from negresults.stats import paired_difference, summarize

METRIC_LABELS = {
    "shape_seen_acc": "Shape, seen pairs",
    "shape_unseen_acc": "Shape, unseen pairs",
    "colour_acc": "Colour",
    "critical_colour_acc": "Colour-critical",
    "seen_acc": "Pair, seen",
    "unseen_acc": "Pair, unseen",
    "best_hm": "Best harmonic mean",
    "auc": "Seen/unseen AUC",
    "recoloured_shape_seen_acc": "Shape, repainted in a seen colour",
    "recoloured_shape_unseen_acc": "Shape, repainted in an unseen colour",
}
MAIN_METRICS = ("shape_seen_acc", "shape_unseen_acc", "colour_acc", "critical_colour_acc")


SHORT_VARIANTS = {
    "baseline": "Baseline",
    LONG_BASELINE: "Baseline, trained longer",
    "trained_linear": "Trained linear projection",
    "frozen_linear": "Frozen linear projection",
    "frozen_conv": "Frozen conv stem",
    "no_attention": "No attention",
    LONG_NO_ATTENTION: "No attention, trained longer",
    "shape_only": "Shape-only control",
    "colour_only": "Colour-only control",
    LONG_COLOUR_ONLY: "Colour-only control, trained longer",
}
SHORT_PRESSURES = {
    "none": "none",
    "mild_jitter": "mild jitter",
    "strong_jitter": "strong jitter",
    "label_mixing": "label mixing",
}
# Each comparison of the design: (name, arm, reference, what it changes, in words). The
# ablations take their reference from the config; the stem is a comparison of its own.
STEM = "stem"
CHANGES = {
    "frozen_linear": "Freezing the linear projection",
    STEM: "Linear projection in place of the conv stem",
    "frozen_conv": "Freezing the conv stem",
    "no_attention": "Removing attention",
}


def heads(arm: str) -> tuple[str, ...]:
    """The heads an arm's model trains (the long baseline's are the baseline's)."""
    return trained_heads(model_of(arm))


def short(variant: str) -> str:
    """A model's name in a table (the full name is in the Method chapter)."""
    return SHORT_VARIANTS[variant]


def short_pressure(pressure: str) -> str:
    return SHORT_PRESSURES[pressure]


def rate_name(rate: float) -> str:
    """A stability run's axis rate as a table shows it."""
    return f"{rate:g}"


def cell(values: np.ndarray, digits: int = 1) -> str:
    """'mean [low, high]' of an accuracy: a bootstrap interval inside [0, 100]."""
    values = np.asarray(values, dtype=float)
    if not len(values):
        return "not run"
    s = summarize(values, bounds=(0.0, 100.0))
    if s.n < 2 or np.isnan(s.ci_low):
        return fmt(s.mean, digits)
    return f"{fmt(s.mean, digits)} {ci(s.ci_low, s.ci_high, digits)}"


def degrees_cell(values: np.ndarray, digits: int = 1, unit: str = "") -> str:
    """'mean [low, high]' of an error in degrees: a bootstrap interval inside [0, 180]."""
    values = np.asarray(values, dtype=float)
    if not len(values):
        return "not run"
    s = summarize(values, bounds=(0.0, 180.0))
    if s.n < 2 or np.isnan(s.ci_low):
        return fmt(s.mean, digits) + unit
    return f"{fmt(s.mean, digits)}{unit} {ci(s.ci_low, s.ci_high, digits)}"


def diff_cell(values: np.ndarray, digits: int = 1) -> str:
    values = np.asarray(values, dtype=float)
    if not len(values):
        return "not run"
    d = paired_difference(values, np.zeros_like(values))
    if d.n < 2:
        return fmt(d.mean, digits, signed=True)
    return f"{fmt(d.mean, digits, signed=True)} {ci(d.ci_low, d.ci_high, digits, signed=True)}"


def arms(results: Results) -> list[tuple[str, str]]:
    """(variant, pressure) of every reported arm that ran, pressure-major in config order."""
    f = results.final
    present = set(zip(f.variant, f.colour_pressure, strict=True))
    return [(v, p) for p in PRESSURE_LABELS for v in VARIANT_LABELS if (v, p) in present]


def _head(metric: str) -> str:
    """The head whose output a final metric reads."""
    return "shape" if metric.startswith(("shape", "recoloured")) else "colour"


def results_table(results: Results, metrics: Sequence[str] = MAIN_METRICS) -> pd.DataFrame:
    """Final test accuracy of every arm: mean over seeds [95% CI]."""
    rows = []
    for v, p in arms(results):
        rows_ = results.arm(v, p)
        row = {"Model": short(v), "Pressure": short_pressure(p), "n": len(rows_)}
        for m in metrics:
            # A control's untrained head guesses: its accuracy is not a result.
            untrained = _head(m) not in heads(v) and m in MAIN_METRICS
            row[METRIC_LABELS[m]] = "no head trained" if untrained else cell(rows_[m])
        rows.append(row)
    return pd.DataFrame(rows).set_index(["Model", "Pressure"])


def comparisons(cfg: ShapeColorConfig) -> list[tuple[str, str, str]]:
    """(name, arm, reference) of every comparison the grid holds: each ablation against its
    reference arm, and the stem (trained linear projection minus the conv baseline)."""
    out = [(a, a, REFERENCE_ARMS[a]) for a in cfg.ablations]
    if "trained_linear" in cfg.arms:
        # At equal length where the long baseline runs (the ninth revision).
        reference = LONG_BASELINE if cfg.runs_equal_length else "baseline"
        out.insert(
            1 if "frozen_linear" in cfg.ablations else 0, (STEM, "trained_linear", reference)
        )
    return out


def count_arms(cfg: ShapeColorConfig, ablation: str, pressure: str) -> tuple[str, str]:
    """(ablation arm, reference arm) an ablation's count claim at ``pressure`` compares: the
    models themselves, or their long arms at a long-final level (the fourteenth revision)."""
    return cfg.final_arm(pressure, ablation), cfg.final_arm(pressure, REFERENCE_ARMS[ablation])


def pressure_values(results: Results, level: str) -> np.ndarray:
    """Per seed, the manipulation check of ``level`` (the plan's pressure_check) on the arm
    the config reads there: the baseline, or the long baseline at a long-final level."""
    return plan.pressure_check(results.final, level, results.cfg.final_arm(level))


def is_pressure(results: Results, level: str) -> bool:
    """Does ``level`` pass its manipulation check, on the arm the config reads there?"""
    return plan.is_pressure(results.final, level, results.cfg.final_arm(level))


def pressure_name(results: Results, level: str) -> str:
    """What the manipulation check calls ``level``: pressure, augmentation, or not checked
    (fewer than two seeds ran at both levels, so it has no interval)."""
    if len(pressure_values(results, level)) < 2:
        return "not checked"
    return "pressure" if is_pressure(results, level) else "augmentation"


def paired(results: Results, a: str, b: str, metric: str, pressure: str = "none") -> np.ndarray:
    """Per seed, arm ``a`` minus arm ``b``, on the seeds both ran (the plan's pairing)."""
    return plan.paired(results.final, (a, pressure), (b, pressure), metric)


def paired_levels(
    results: Results, metric: str, level: str, variant: str = "baseline"
) -> np.ndarray:
    """Per seed, ``variant`` at pressure ``level`` minus without pressure, on the seeds both
    ran (empty when the level did not run)."""
    return plan.paired(results.final, (variant, level), (variant, "none"), metric)


def neglect_gap_out(results: Results) -> np.ndarray:
    """Per seed, out of distribution (exploratory, outside the plan): the joint network's
    colour-critical cost against the colour-only control minus its unseen-pair shape cost
    against the shape-only control, each as baseline minus control (above zero: shape pays
    more); empty unless both controls ran on the same seeds."""
    f = results.final
    colour = plan.final(f, "baseline", "none", "critical_colour_acc") - plan.final(
        f, "colour_only", "none", "critical_colour_acc"
    )
    shape_out = plan.final(f, "baseline", "none", "shape_unseen_acc") - plan.final(
        f, "shape_only", "none", "shape_unseen_acc"
    )
    return (colour - shape_out).dropna().to_numpy(dtype=float)


def ablation_table(results: Results) -> pd.DataFrame:
    """Each comparison, arm minus reference, paired by seed, at every pressure both ran at.

    The last column counts the seeds showing the paper's "in some runs" pattern
    (colour-critical accuracy up and seen-pair shape accuracy down, any amount),
    and for a claim of the plan the count its rule needs to support it.
    """
    cfg = results.cfg
    rows = []
    for p in cfg.ablation_pressures:
        for name, a, b in comparisons(cfg):
            if name != STEM:  # at a long-final level the count claim reads the long arms
                a, b = count_arms(cfg, name, p)
            ran = len(paired(results, a, b, "shape_seen_acc", p))
            shape, colour = comparison_halves(results, name, a, b, p)
            if not len(shape):
                continue
            k, n = int(np.sum((colour > 0) & (shape < 0))), len(shape)
            if name == STEM:
                needed = " (not a claim; " + stem_count_rule(n) + ")"
            elif n < ran:  # a claim judged on fresh seeds: every column reads those alone
                needed = f" fresh seeds (of {ran} run; {count_rule(n)})"
            else:
                needed = f" ({count_rule(n)})"
            rows.append(
                {
                    "Change": CHANGES[name],
                    "Pressure": short_pressure(p),
                    "Arm minus reference": f"{short(a)} minus {short(b).lower()}",
                    "Shape, seen pairs": diff_cell(shape),
                    "Colour-critical": diff_cell(colour),
                    "Seeds with colour up, shape down": f"{k} of {n}{needed}",
                }
            )
    columns = [
        "Change",
        "Pressure",
        "Arm minus reference",
        "Shape, seen pairs",
        "Colour-critical",
        "Seeds with colour up, shape down",
    ]
    return pd.DataFrame(rows, columns=columns).set_index(["Change", "Pressure"])


# The final readings the length check compares (exploratory): each head, the zero-shot
# pairs and the repainted objects.
LENGTH_METRICS = (
    "shape_seen_acc",
    "shape_unseen_acc",
    "colour_acc",
    "critical_colour_acc",
    "unseen_acc",
    "recoloured_shape_unseen_acc",
)


def _length_pairs(results: Results):
    """Per (metric, level) where the long baseline ran: the baseline at the common length and
    the long baseline, per seed on the seeds both ran."""
    for p in results.cfg.ablation_pressures:
        if not len(results.arm(LONG_BASELINE, p)):
            continue
        for m in LENGTH_METRICS:
            base = plan.final(results.final, "baseline", p, m)
            long = plan.final(results.final, LONG_BASELINE, p, m)
            both = long.index.intersection(base.index)
            yield (m, p), base[both].to_numpy(dtype=float), long[both].to_numpy(dtype=float)


def length_differences(results: Results) -> dict[tuple[str, str], np.ndarray]:
    """Per (metric, level), the baseline trained as long as the linear projections minus the
    baseline at the common length, per seed on the seeds both ran (none where the long
    baseline did not run): what training longer still changes, read by no verdict."""
    return {key: long - base for key, base, long in _length_pairs(results)}


def length_table(results: Results) -> pd.DataFrame:
    """:func:`length_differences` as a table: each reading at both lengths and the change
    (no rows where the long baseline did not run)."""
    cfg = results.cfg
    common, longer = f"{cfg.epochs} epochs", f"Trained longer ({cfg.stem_epochs} epochs)"
    columns = ["Reading (test)", "Pressure", common, longer, "Change (same seeds)"]
    rows = [
        [METRIC_LABELS[m], short_pressure(p), cell(base), cell(long), diff_cell(long - base)]
        for (m, p), base, long in _length_pairs(results)
    ]
    return pd.DataFrame(rows, columns=columns).set_index(columns[:2])


def count_rule(n: int) -> str:
    """The count rule's two thresholds at n seeds, as the pages write them."""
    need, allowed = plan.count_needed(n), plan.count_allowed(n)
    support = f"support needs {need}" if need <= n else f"no count of {n} seeds can support it"
    if allowed < 0:
        return f"{support}; no count can contradict it"
    return f"{support}; contradicted at {allowed if allowed else 'none'}" + (
        " or fewer" if allowed else ""
    )


def count_read_before(cfg: ShapeColorConfig, ablation: str, pressure: str) -> tuple[int, ...]:
    """The seeds a count claim no longer reads: those an earlier count rule had read, when
    the tenth revision judges the claim on fresh seeds (the config's ``count_fresh``)."""
    return cfg.seeds[: cfg.n_shared] if (ablation, pressure) in cfg.count_fresh else ()


def comparison_halves(
    results: Results, name: str, a: str, b: str, pressure: str
) -> tuple[np.ndarray, np.ndarray]:
    """Per seed, (seen-pair shape, colour-critical) of arm ``a`` minus ``b``: on the seeds
    its count claim is judged on for an ablation (fresh seeds alone where the plan says so),
    on every seed both ran for the stem, which is no claim."""
    frame = results.final
    if name != STEM:
        before = count_read_before(results.cfg, model_of(a), pressure)
        frame = frame[~frame.seed.isin(list(before))]
    return (
        plan.paired(frame, (a, pressure), (b, pressure), "shape_seen_acc"),
        plan.paired(frame, (a, pressure), (b, pressure), "critical_colour_acc"),
    )


def stem_count_rule(n: int) -> str:
    """What the count rule would ask of the stem comparison, were it a claim, at n seeds."""
    need = plan.count_needed(n)
    if need <= n:
        return f"the count rule would need {need}"
    return f"no count of {n} seeds could meet the count rule"


def tuning_choices(results: Results) -> pd.DataFrame:
    """Per tuned variant (rows): its mean validation score at every rate (NaN where it did not
    try one), the rate it chose, and whether that rate sits at an end of the rates it tried.
    """
    t = results.tuning
    rates = sorted(set(t.lr)) if len(t) else sorted(results.cfg.lr_grid)
    rows = {}
    for v in results.cfg.tuned_arms:
        g = t[t.variant == v].groupby("lr").score.mean()
        if not len(g):
            continue
        # A tie goes to the lowest of the tied rates (the first maximum, as always).
        best = float(g.idxmax())
        tied = tuple(float(lr) for lr in g.index[np.isclose(g.to_numpy(), g.max())])
        rows[v] = {
            **{lr: float(g[lr]) if lr in g.index else np.nan for lr in rates},
            "chosen": best,
            "on_edge": best in (g.index.min(), g.index.max()),
            "tied": tied,
        }
    columns = [*rates, "chosen", "on_edge", "tied"]
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def tried_rates(choices: pd.DataFrame) -> list[float]:
    """The rate columns of :func:`tuning_choices` (every column but the pick's own)."""
    return [c for c in choices.columns if c not in ("chosen", "on_edge", "tied")]


def tuning_table(results: Results) -> pd.DataFrame:
    """:func:`tuning_choices` as the page shows it; a rate a variant did not try shows a dash."""
    choices = tuning_choices(results)
    rates = tried_rates(choices)
    rows = []
    cfg = results.cfg
    for v, c in choices.iterrows():
        epochs = cfg.stem_epochs if v in ARM_MODELS else cfg.epochs_of(v)
        row = {"Model": short(v), "Epochs": str(epochs)}
        for lr in rates:
            row[f"{lr:g}"] = "–" if np.isnan(c[lr]) else fmt(c[lr])
        row["Chosen"] = f"{c['chosen']:g}"
        row["On an edge"] = "yes" if c["on_edge"] else "no"
        rows.append(row)
    columns = ["Model", "Epochs", *(f"{lr:g}" for lr in rates), "Chosen", "On an edge"]
    df = pd.DataFrame(rows, columns=columns).set_index("Model")
    df.columns.name = "Learning rate"
    return df


def plateau_cell_gains(results: Results) -> dict[tuple[str, str], np.ndarray]:
    """Per-seed last-quarter shape gain of every (model, pressure) cell whose final accuracy
    a claim compares: the baseline at each level, the ablations and their references at
    each level they run at, the shape-only control (the plateau check's scope). At a
    long-final level the long arms the comparisons read there take the place of the
    common-length ones (:func:`unread_cells` gives those)."""
    cfg = results.cfg
    cells = [(cfg.final_arm(p), p) for p in cfg.pressures]
    cells += [(cfg.final_arm(p, a), p) for p in cfg.ablation_pressures for a in cfg.arms]
    cells += [(LONG_BASELINE, p) for p in cfg.ablation_pressures if cfg.runs_equal_length]
    # The check reads shape: a control without a shape head has no shape curve to flatten.
    cells += [(c, "none") for c in cfg.controls if "shape" in heads(c)]
    return {
        (v, p): plan.plateau_gain(results.history, v, p)
        for v, p in dict.fromkeys(cells)
        if len(results.arm(v, p))
    }


def unread_cells(results: Results) -> dict[tuple[str, str], np.ndarray]:
    """Per-seed last-quarter shape gain of the common-length cells a long-final level no
    longer compares (the baseline and the ablations there): outside the plateau check,
    shown beside it."""
    cfg = results.cfg
    cells = [
        (m, p)
        for p in cfg.final_levels
        for m in ("baseline", *cfg.arms)
        if cfg.final_arm(p, m) != m
    ]
    return {
        (v, p): plan.plateau_gain(results.history, v, p) for v, p in cells if len(results.arm(v, p))
    }


def unread_gains(results: Results) -> dict[tuple[str, str], float]:
    """Mean last-quarter shape gain of every cell :func:`unread_cells` gives."""
    return {k: float(np.mean(v)) for k, v in unread_cells(results).items()}


def plateau_gains(results: Results) -> dict[tuple[str, str], float]:
    """Mean last-quarter shape gain of every cell the plateau check reads."""
    return {k: float(np.mean(v)) for k, v in plateau_cell_gains(results).items()}


def plateau_table(results: Results) -> pd.DataFrame:
    """The plateau check per model and level: the seen-pair shape accuracy each gained over
    the last quarter of training (validation), against the plan's margin."""
    flat = f"Flat (mean under {plan.PLATEAU_GAIN:g} point)"
    rows = [
        {
            "Model": short(v),
            "Colour pressure": short_pressure(p),
            "Last-quarter shape gain (points)": diff_cell(gain),
            # Two decimals here: a mean just under the margin reads +1.0 at one.
            flat: (f"{'yes' if np.mean(gain) < plan.PLATEAU_GAIN else 'no'} ({np.mean(gain):.2f})")
            + ("" if checked else "; no judged comparison reads it"),
        }
        for cells, checked in ((plateau_cell_gains(results), True), (unread_cells(results), False))
        for (v, p), gain in cells.items()
    ]
    return pd.DataFrame(rows).set_index(["Model", "Colour pressure"])


def edge_picks(results: Results) -> int:
    """How many tuned variants chose a rate at either end of the rates they tried."""
    return int(tuning_choices(results)["on_edge"].sum())


def pressure_table(results: Results) -> pd.DataFrame:
    """The manipulation check of each colour-pressure level (the analysis plan's rule).

    The check is the baseline's colour-critical test accuracy at the level
    minus at no pressure, paired by seed; a level whose interval lies below
    zero is pressure, any other is named augmentation. At a long-final level
    both sides read the long baseline (the fourteenth revision), and the row
    says so.
    """
    cfg = results.cfg
    spacing = 360 / cfg.n_classes
    rows = []
    longer = f"{cfg.stem_epochs} epochs"
    # At a long-final level the check reads the long baseline at both levels: its reference
    # row follows the common one (the fourteenth revision).
    readings = [("none", "baseline")]
    readings += [("none", LONG_BASELINE)] if cfg.final_levels else []
    readings += [(p, cfg.final_arm(p)) for p in cfg.pressures if p != "none"]
    for p, arm in readings:
        jitter = cfg.jitter(p)
        final = results.arm(arm, p).critical_colour_acc
        label = short_pressure(p) + (f" ({longer})" if arm != "baseline" else "")
        if p == "none":
            check, name = "reference", "reference"
        else:
            values = pressure_values(results, p)
            check = diff_cell(values)
            if arm != "baseline":
                check += f" ({longer}, on the {len(values)} seeds both ran)"
            name = pressure_name(results, p)
        rows.append(
            {
                "Colour pressure": label,
                "Hue shift, up to": f"±{jitter:g}°",
                "Labels": _labels(jitter, spacing),
                "Colour-critical (test)": cell(final),
                "Minus at none (the check)": check,
                "Named": name,
            }
        )
    return pd.DataFrame(rows).set_index("Colour pressure")


def _labels(jitter: float, spacing: float) -> str:
    """Which training hues a jitter leaves under one colour label and which under two."""
    if jitter < spacing / 2:
        return "kept"
    start = spacing - jitter  # a hue this far off its centre is also a neighbour's
    if start <= 0:
        return "mixed at every hue"
    return f"mixed from {start:g}° off centre"


def benchmark_ceiling(cfg, level: str) -> float:
    """Colour-critical accuracy (percent) the training labels alone support at ``level``.

    A benchmark hue sits ``critical_offset`` degrees off its class centre; under
    uniform jitter of up to ``jitter`` degrees it is drawn in training with the
    label of every class whose centre lies within ``jitter`` of it, each equally
    often, so the labels leave a guess among them: 100 over their count. A
    network can score above it only by a bias of its own, such as the nearer
    centre, that the labels there did not teach.
    """
    jitter, spacing = cfg.jitter(level), 360.0 / cfg.n_classes
    centres = [cfg.critical_offset + k * spacing for k in range(-cfg.n_classes, cfg.n_classes + 1)]
    covering = sum(abs(c) <= jitter for c in centres)
    return 100.0 / max(1, covering)


def stability_table(results: Results) -> pd.DataFrame:
    """Per arm and axis rate: each head's monitored accuracy at the end, the learned dip (the
    instability quantity) and its check (the learned dip minus at the reference rate), and,
    beside them, the largest dip over the whole run (the stall and climb of a run learning
    shape late included) and the rate's accuracy cost (final monitored accuracy at the
    reference rate minus at the rate)."""
    cfg, st = results.cfg, results.stability
    rates = cfg.stability_rates
    rows = []
    for v in cfg.tuned_variants:
        for rate in rates:
            arm = results.stability_arm(v, rate)
            if not len(arm):
                continue
            if rate == plan.reference_rate(rates):
                check = cost = "reference"
            else:
                values = plan.instability_check(st, rate, rates, v)
                lost = int((~np.isfinite(values)).sum())
                check = (
                    diff_cell(values)
                    if not lost
                    else f"{lost} of {len(values)} never reached {plan.LEARNS_FROM:g}% shape "
                    "at any reading"
                )
                cost = diff_cell(plan.cost_check(st, rate, rates, v))
            learned = arm.learned_dip.dropna()
            rows.append(
                {
                    "Model": short(v),
                    "Learning rate": rate_name(rate),
                    "Shape head at the end": cell(arm.final_shape_acc),
                    "Colour head at the end": cell(arm.final_colour_acc),
                    "Learned dip": (
                        cell(learned)
                        if len(learned) == len(arm)
                        else f"{len(arm) - len(learned)} of {len(arm)} never reached "
                        f"{plan.LEARNS_FROM:g}% shape at any reading"
                    ),
                    "Learned dip minus at the reference rate": check,
                    "Largest dip, whole run": cell(arm.max_dip),
                    "Accuracy cost of the rate": cost,
                }
            )
    columns = [
        "Model",
        "Learning rate",
        "Shape head at the end",
        "Colour head at the end",
        "Learned dip",
        "Learned dip minus at the reference rate",
        "Largest dip, whole run",
        "Accuracy cost of the rate",
    ]
    # The gradient spikes per run are in the prose and, per seed, in the Appendix: a ninth
    # column overflowed the page.
    return pd.DataFrame(rows, columns=columns).set_index(["Model", "Learning rate"])


def head_finals(results: Results, variant: str, rate: float) -> tuple[np.ndarray, np.ndarray]:
    """Per seed: the shape and colour heads' last monitored accuracy of ``variant`` at axis
    ``rate`` (the two halves of its final monitored accuracy)."""
    m = results.monitor
    if m is None or not len(m):
        return np.array([]), np.array([])
    rows = m[(m.variant == variant) & (m.axis_rate == rate)]
    last = rows.sort_values("step").groupby("seed").tail(1).sort_values("seed")
    return (
        last.monitor_shape_acc.to_numpy(dtype=float),
        last.monitor_colour_acc.to_numpy(dtype=float),
    )


def head_cost_table(results: Results) -> pd.DataFrame:
    """Per arm and axis rate: each head's final monitored accuracy at the end of a stability
    run, and each head's accuracy cost against the reference rate (what the cost of the mean
    of both heads is made of)."""
    cfg = results.cfg
    columns = ["Model", "Learning rate", "Shape head", "Colour head", "Shape cost", "Colour cost"]
    rows = []
    rates = cfg.stability_rates
    ref = plan.reference_rate(rates) if rates else None
    for v in cfg.tuned_variants:
        ref_shape, ref_colour = head_finals(results, v, ref)
        for r in rates:
            shape, colour = head_finals(results, v, r)
            if not len(shape):
                continue
            paired = r != ref and len(shape) == len(ref_shape)
            rows.append(
                {
                    "Model": short(v),
                    "Learning rate": rate_name(r),
                    "Shape head": cell(shape),
                    "Colour head": cell(colour),
                    "Shape cost": diff_cell(ref_shape - shape) if paired else "reference",
                    "Colour cost": diff_cell(ref_colour - colour) if paired else "reference",
                }
            )
    return pd.DataFrame(rows, columns=columns).set_index(["Model", "Learning rate"])


def stability_paired(
    results: Results,
    first: tuple[str, float],
    second: tuple[str, float],
    metric: str = "learned_dip",
) -> np.ndarray:
    """Per seed: ``metric`` of the stability runs ``first`` minus ``second``, each a
    ``(variant, axis rate)``; empty unless both ran on the same seeds."""
    a, b = results.stability_arm(*first), results.stability_arm(*second)
    if not len(a) or list(a.seed) != list(b.seed):
        return np.array([])
    return a[metric].to_numpy(dtype=float) - b[metric].to_numpy(dtype=float)


def checked_rates(results: Results, variant: str = "baseline") -> list[float]:
    """The axis rates above the reference where every seed of ``variant`` recovers: the rates
    its instability check can be read at (the plan's rule)."""
    st, rates = results.stability, results.cfg.stability_rates
    ref = plan.reference_rate(rates)
    return [r for r in rates if r != ref and plan.recovers(st, variant, r)]


def frozen_by_rate(results: Results) -> dict[float, tuple[np.ndarray, np.ndarray]]:
    """Per axis rate: the frozen linear projection minus the trained one, per seed, in learned
    dip (empty where a seed of either never learned shape) and in final monitored accuracy."""
    out = {}
    if not len(results.stability):
        return out
    for rate in results.cfg.stability_rates:
        pair = (("frozen_linear", rate), ("trained_linear", rate))
        acc = stability_paired(results, *pair, metric="monitor_final_acc")
        if len(acc):
            dip = stability_paired(results, *pair)
            out[rate] = (dip if np.isfinite(dip).all() else np.array([]), acc)
    return out


def frozen_rate_table(results: Results) -> pd.DataFrame:
    """:func:`frozen_by_rate` as the page shows it (MoCo v3's comparison, per rate)."""
    rows = [
        {
            "Learning rate": rate_name(rate),
            "Learned dip, frozen minus trained": (
                diff_cell(dip) if len(dip) else f"a seed never reached {plan.LEARNS_FROM:g}% shape"
            ),
            "Final monitored accuracy, frozen minus trained": diff_cell(acc),
        }
        for rate, (dip, acc) in frozen_by_rate(results).items()
    ]
    columns = [
        "Learning rate",
        "Learned dip, frozen minus trained",
        "Final monitored accuracy, frozen minus trained",
    ]
    return pd.DataFrame(rows, columns=columns).set_index("Learning rate")


def instability_shown(results: Results) -> float:
    """Lower end of the baseline's instability check interval (its learned dip at an axis
    rate minus at the reference rate).

    At the highest rate where the baseline is measurably unstable and every seed recovers;
    when no rate qualifies, the largest lower end over the rates above the reference where
    every seed recovers (NaN if none ran).
    """
    cfg, st = results.cfg, results.stability
    if not len(st):
        return float("nan")
    rates = cfg.stability_rates
    rate = plan.unstable_rate(st, rates)
    candidates = [rate] if rate is not None else checked_rates(results)
    lows = []
    for r in candidates:
        values = plan.instability_check(st, r, rates)
        if len(values) > 1:
            lows.append(paired_difference(values, np.zeros_like(values)).ci_low)
    return max(lows) if lows else float("nan")


def _probe_arms(results: Results) -> list[str]:
    return [v for v, p in arms(results) if p == "none"]


def hue_table(results: Results) -> pd.DataFrame:
    """Hue-regression error (degrees) at both layers, trained beside random-init features."""
    rows = []
    for v in _probe_arms(results):
        a = results.arm(v)
        rows.append(
            {
                "Model": short(v),
                "Pooled, trained": degrees_cell(a.probe_hue_error),
                "Pooled, random init": degrees_cell(a.init_probe_hue_error),
                "After block 1, trained": degrees_cell(a.probe_mid_hue_error),
                "After block 1, random init": degrees_cell(a.init_probe_mid_hue_error),
            }
        )
    return pd.DataFrame(rows).set_index("Model")


def probe_table(results: Results, attribute: str = "colour") -> pd.DataFrame:
    """A head beside linear probes at both layers, on trained and on random-init features.

    ``colour``: off-centre hues of the colour-critical benchmark (the colour probe
    is fit on class-centre hues and never sees them); ``shape``: every test pair.
    A head the model never trained (a single-attribute control's other head) shows a dash.
    """
    head, suffix = {
        "colour": ("critical_colour_acc", "critical_acc"),
        "shape": ("shape_acc", "shape_acc"),
    }[attribute]
    rows = []
    for v in _probe_arms(results):
        a = results.arm(v)
        rows.append(
            {
                "Model": short(v),
                "Head": cell(a[head]) if attribute in heads(v) else "no head trained",
                "Pooled, trained": cell(a[f"probe_{suffix}"]),
                "Pooled, random init": cell(a[f"init_probe_{suffix}"]),
                "After block 1, trained": cell(a[f"probe_mid_{suffix}"]),
                "After block 1, random init": cell(a[f"init_probe_mid_{suffix}"]),
            }
        )
    return pd.DataFrame(rows).set_index("Model")


def zero_shot_table(results: Results) -> pd.DataFrame:
    """Pair accuracy, seen against unseen pairs: at zero bias, at the bias chosen on validation,
    and the best harmonic mean over every bias (an upper bound: it is chosen on test)."""
    rows = []
    for v, p in arms(results):
        if v in results.cfg.controls:
            continue  # one head trained: no pair prediction
        a = results.arm(v, p)
        rows.append(
            {
                "Model": short(v),
                "Pressure": short_pressure(p),
                "Seen, no bias": cell(a.seen_acc),
                "Unseen, no bias": cell(a.unseen_acc),
                "Seen, calibrated": cell(a.cal_seen_acc),
                "Unseen, calibrated": cell(a.cal_unseen_acc),
                "Harmonic mean, calibrated": cell(a.cal_hm),
                "Best harmonic mean (upper bound)": cell(a.best_hm),
            }
        )
    return pd.DataFrame(rows).set_index(["Model", "Pressure"])


def repaint_table(results: Results) -> pd.DataFrame:
    """The shape head on seen and unseen pairs, and on the same objects repainted."""
    rows = []
    for v, p in arms(results):
        if "shape" not in heads(v):
            continue
        a = results.arm(v, p)
        rows.append(
            {
                "Model": short(v),
                "Pressure": short_pressure(p),
                "Shape, seen pairs": cell(a.shape_seen_acc),
                "Shape, unseen pairs": cell(a.shape_unseen_acc),
                "Repainted, seen colour": cell(a.recoloured_shape_seen_acc),
                "Repainted, unseen colour": cell(a.recoloured_shape_unseen_acc),
            }
        )
    return pd.DataFrame(rows).set_index(["Model", "Pressure"])


def per_seed_table(results: Results, metrics: Sequence[str] = MAIN_METRICS) -> pd.DataFrame:
    """Every reported run's final value (percentage points): nothing averaged away."""
    f = results.final.copy()
    f["Model"] = f.variant.map(short)
    f["Pressure"] = f.colour_pressure.map(SHORT_PRESSURES)
    order = {p: i for i, p in enumerate(SHORT_PRESSURES.values())}
    f["_p"] = f.Pressure.map(order)
    f["_v"] = f.variant.map({v: i for i, v in enumerate(VARIANT_LABELS)})
    f = f.sort_values(["_p", "_v", "seed"])
    df = f[["Pressure", "Model", "seed", *metrics]].copy()
    for m in metrics:
        df[m] = df[m].map(fmt)
        # A control's untrained head guesses: its accuracy is not a result (as in Table 1).
        untrained = f.variant.map(lambda v, m=m: _head(m) not in heads(v))
        df.loc[untrained.to_numpy(), m] = "no head trained"
    return df.rename(columns={"seed": "Seed", **METRIC_LABELS}).set_index(
        ["Pressure", "Model", "Seed"]
    )


def stability_seed_table(results: Results) -> pd.DataFrame:
    """Every stability run: its learned dip, its largest dip over the whole run, each head's
    monitored accuracy at the end and its first-layer gradient spikes."""
    st = results.stability
    columns = [
        "Model",
        "Learning rate",
        "Seed",
        "Learned dip",
        "Largest dip, whole run",
        "Shape head at the end",
        "Colour head at the end",
        "Gradient spikes, first layer",
    ]
    if not len(st):
        return pd.DataFrame(columns=columns).set_index(columns[:3])
    rows = []
    for v in results.cfg.tuned_variants:
        for rate in results.cfg.stability_rates:
            for _, r in results.stability_arm(v, rate).iterrows():
                rows.append(
                    {
                        "Model": short(v),
                        "Learning rate": rate_name(rate),
                        "Seed": int(r.seed),
                        "Learned dip": f"never reached {plan.LEARNS_FROM:g}% shape"
                        if np.isnan(r.learned_dip)
                        else fmt(r.learned_dip),
                        "Largest dip, whole run": fmt(r.max_dip),
                        "Shape head at the end": fmt(r.final_shape_acc),
                        "Colour head at the end": fmt(r.final_colour_acc),
                        "Gradient spikes, first layer": str(int(r.grad_spikes_first)),
                    }
                )
    return pd.DataFrame(rows, columns=columns).set_index(columns[:3])


def cost_table(results: Results) -> pd.DataFrame:
    """Single-thread training time of the design, from the stored run timings."""
    f, t, st = results.final, results.tuning, results.stability
    parts = [
        ("learning-rate tuning (pilot seeds)", t),
        ("reported runs", f),
        ("stability runs (dense monitor)", st),
    ]
    rows = [
        {
            "Part": name,
            "Runs": len(frame),
            "Core-minutes": fmt(frame.train_seconds.sum() / 60) if len(frame) else "0.0",
        }
        for name, frame in parts
    ]
    seconds = sum(frame.train_seconds.sum() for _, frame in parts if len(frame))
    runs = sum(len(frame) for _, frame in parts)
    rows.append({"Part": "total", "Runs": runs, "Core-minutes": fmt(seconds / 60)})
    return pd.DataFrame(rows).set_index("Part")


RUN_KEY_MEANINGS = {
    "variant": "which model (ablation, reference arm or control)",
    "colour_pressure": "which colour-pressure level the training hues get",
    "jitter": "largest training hue shift of that level, degrees",
    "regime": (
        "standard: the variant's tuned rate with warm-up; unstable: a stability run on the "
        "learning-rate axis, without warm-up"
    ),
    "seed": "data, zero-shot split, initialisation, order",
    "device": "where the run executed (resolved)",
    "lr": "the rate a stability run on the learning-rate axis trains at (no warm-up)",
}


def run_group(run) -> str:
    """Which kind of run a stored config belongs to, in words."""
    if run.kind != STABILITY_KIND:
        return "reported runs"
    if run.config.get("regime") == "standard":
        return "stability runs at the tuned rate"
    return "stability runs on the rate axis"


def hyperparameter_table(results: Results) -> pd.DataFrame:
    """Every key any stored run config holds (reported, Figure 1 and stability runs): one value, or the
    values that vary, and which kinds of run hold it where not every run does."""
    runs = [r for r in results.runs if r.kind != TUNE_KIND]
    groups = list(dict.fromkeys(run_group(r) for r in runs))
    meanings = {**field_help(ShapeColorConfig), **RUN_KEY_MEANINGS}
    rows = []
    for key in dict.fromkeys(k for r in runs for k in r.config):
        holders = [r for r in runs if key in r.config]
        distinct = {json.dumps(r.config[key], sort_keys=True): r.config[key] for r in holders}
        values = sorted(distinct.values(), key=_order)
        held = [g for g in groups if any(run_group(r) == g for r in holders)]
        rows.append(
            {
                "Setting": key,
                "Value(s) in the runs shown": ", ".join(_reader_value(v) for v in values),
                "Held by": "every run" if held == groups else "; ".join(held),
                "Meaning": meanings.get(key, ""),
            }
        )
    return pd.DataFrame(rows).set_index("Setting")


def _order(value) -> tuple:
    """Numbers in numeric order, then everything else in text order."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return (1, 0.0, str(value))
    return (0, float(value), "")


def _reader_value(value) -> str:
    """A config value as a reader writes it back: yes/no, numbers, lists without brackets."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "none"
    if isinstance(value, list | tuple):
        return ", ".join(_reader_value(v) for v in value) if value else "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def token_mixing(model: torch.nn.Module, image_size: int) -> float:
    """The largest change, at every *other* token, of the blocks' output when the first
    token's input moves (by a fixed random vector), on two fixed random images: the
    manipulation check of removing attention. Zero where no block mixes tokens (each token
    then meets the others only in the mean pool after the blocks); positive wherever
    attention lets tokens read each other. In float64 on a copy, so that a token no block
    mixes comes out identical to the bit."""
    gen = torch.Generator().manual_seed(0)
    probe = copy.deepcopy(model).double().eval()
    images = torch.rand(2, 3, image_size, image_size, generator=gen, dtype=torch.float64)
    with torch.no_grad():
        tokens = probe.tokens(images)
        moved = tokens.clone()
        moved[:, 0] += torch.randn(tokens.shape[-1], generator=gen, dtype=torch.float64)
        change = probe.blocks(moved)[:, 1:] - probe.blocks(tokens)[:, 1:]
    return float(change.abs().max())


def projection_check(model: torch.nn.Module) -> tuple[int, int, bool] | None:
    """A linear patch projection's rank, its patch's input dimension, and whether any of its
    weights reach the optimiser (``requires_grad``); None for a conv stem (not one matrix)."""
    embed = model.patch_embed
    if not isinstance(embed, LinearPatchEmbedding):
        return None
    matrix = embed.matrix().double()
    trained = count_parameters(embed, trainable_only=True) > 0
    return int(torch.linalg.matrix_rank(matrix)), matrix.shape[1], trained


def _initial_model(cfg: ShapeColorConfig, variant: str) -> torch.nn.Module:
    """``variant``'s model at initial weights drawn from a fixed seed, without touching the
    caller's generator, so a table read from it is the same on every build."""
    from negresults.shape_color.plan import task_config

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        return build_model(
            task_config(dataclasses.replace(cfg, device="cpu"), variant, "none", "standard", 0)
        )


def model_check_table(cfg: ShapeColorConfig) -> pd.DataFrame:
    """The manipulations of the models checked on the models themselves (no training
    needed): what each patch projection is (a linear one's rank against the patch's input
    dimension, and whether it trains), and whether the blocks mix tokens."""
    rows = []
    for v in ("baseline", *cfg.arms):
        model = _initial_model(cfg, v)
        found = projection_check(model)
        if found is None:
            trains = count_parameters(model.patch_embed, trainable_only=True) > 0
            projection = f"conv stem, {'trained' if trains else 'frozen'}"
        else:
            rank, inputs, trained = found
            projection = (
                f"linear, rank {rank} from {inputs} pixel values to a {cfg.width}-wide token, "
                + ("trained" if trained else "frozen: none of its weights reaches the optimiser")
            )
        moved = token_mixing(model, cfg.image_size)
        rows.append(
            {
                "Model": VARIANT_LABELS[v],
                "Patch projection": projection,
                "Other tokens moved by a change to one token": (
                    f"by up to {moved:.2g}" if moved else "not at all"
                ),
            }
        )
    return pd.DataFrame(rows).set_index("Model")


def parameter_table(cfg: ShapeColorConfig) -> pd.DataFrame:
    """Parameter counts per variant, from the models themselves (no training needed)."""
    rows = []
    for v, label in VARIANT_LABELS.items():
        if v in ARM_MODELS:
            continue  # an arm that trains another's model longer: the same parameters
        model = _initial_model(cfg, v)
        rows.append(
            {
                "Model": label,
                "Parameters": count_parameters(model),
                "Trained": count_parameters(model, trainable_only=True),
                "Token mixer": mixer_parameters(model),
            }
        )
    return pd.DataFrame(rows).set_index("Model")


__all__ = [
    "METRIC_LABELS",
    "ablation_table",
    "comparisons",
    "cost_table",
    "edge_picks",
    "frozen_by_rate",
    "frozen_rate_table",
    "hue_table",
    "hyperparameter_table",
    "instability_shown",
    "parameter_table",
    "per_seed_table",
    "pressure_table",
    "probe_table",
    "repaint_table",
    "results_table",
    "stability_seed_table",
    "stability_table",
    "tuning_table",
    "zero_shot_table",
]
