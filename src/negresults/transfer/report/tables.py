"""Tables and key numbers, computed from stored runs (never typed by hand).

Statistics follow the report's rules: mean and sample std (ddof=1) with n,
95% intervals of a mean kept inside [0, 100] (bootstrap), seed-paired
differences against scratch with t intervals, and the fixed verdict order
(:func:`negresults.reporting.classify`): an effect when the 95% interval
excludes zero, else equivalence within the margin (TOST, whose two
one-sided 5% tests amount to a 90% interval inside the margin), else
inconclusive.
"""

from __future__ import annotations

import math
from itertools import product
from typing import Any

import numpy as np
import pandas as pd

from negresults import stats
from negresults.reporting import (
    EQUIVALENT,
    INCONCLUSIVE,
    NEGATIVE,
    POSITIVE,
    ci,
    compare,
    fmt,
    format_value,
    p_value,
)
from negresults.transfer.config import ARM_LABELS, ARMS
from negresults.transfer.report.results import Results, Spec

REFERENCE = "scratch"
BOUNDS = (0.0, 100.0)
# Short row names, so that the tables fit the book's column.
SHORT = {
    "scratch": "scratch",
    "finetune": "fine-tune",
    "linear_probe": "linear probe",
    "frozen_head": "frozen + MLP head",
}

VERDICT_WORDS = {
    POSITIVE: "benefit",
    NEGATIVE: "harm",
    EQUIVALENT: "no benefit",
    INCONCLUSIVE: "inconclusive",
}


def comparison(results: Results, arm: str = "finetune", spec: Spec | None = None, seeds=None):
    """``arm`` minus scratch at Table 1's size and shift (a :class:`~negresults.reporting.Comparison`)."""
    cfg = results.cfg
    seeds = cfg.seeds if seeds is None else seeds
    a = results.test_acc(arm, cfg.table_size, seeds, spec=spec)
    b = results.test_acc(REFERENCE, cfg.table_size, seeds, spec=spec)
    return compare(a, b, cfg.equivalence_margin)


def readable_ci(low: float, high: float) -> str:
    """A signed interval with enough decimals that a bound near zero shows its side of zero."""
    digits = 1
    for bound in (low, high):
        while bound == bound and bound != 0 and digits < 4 and round(bound, digits) == 0:
            digits += 1
    return ci(low, high, digits=digits, signed=True)


def readable_p(p: float, alpha: float = 0.05) -> str:
    """Three decimals, or more when three would round onto ``alpha`` (the verdict's edge)."""
    text = p_value(p)
    if p == p and text == f"{alpha:.3f}" and p != alpha:
        return f"{p:.5f}"
    return text


def _diff_text(c) -> str:
    d = c.difference
    return f"{fmt(d.mean, signed=True)} {readable_ci(d.ci_low, d.ci_high)}"


def table1(results: Results) -> pd.DataFrame:
    """Table 1: every arm at Table 1's size, our seeds beside the paper's three-seed protocol."""
    cfg = results.cfg
    rows = []
    for arm in cfg.all_arms:
        acc = results.test_acc(arm, cfg.table_size, cfg.seeds)
        s = stats.summarize(acc, bounds=BOUNDS)
        paper = stats.summarize(acc[: cfg.table_seeds], bounds=BOUNDS)
        ours, theirs = f"n={s.n}", f"first {paper.n}"
        row = {
            "Model": SHORT[arm],
            f"{ours}: mean (std)": s.mean_std(),
            f"{ours}: 95% CI": s.ci(),
            f"{ours}: vs scratch": "reference",
            "Verdict": "",
            f"{theirs}: mean (std)": paper.mean_std(),
            f"{theirs}: vs scratch": "reference",
        }
        if arm != REFERENCE:
            c = comparison(results, arm)
            row[f"{ours}: vs scratch"] = _diff_text(c)
            row["Verdict"] = VERDICT_WORDS[c.verdict]
            c3 = comparison(results, arm, seeds=cfg.table_seed_list)
            row[f"{theirs}: vs scratch"] = _diff_text(c3)
        rows.append(row)
    return pd.DataFrame(rows).set_index("Model")


# -- the pilot ------------------------------------------------------------------
def pilot(results: Results) -> pd.DataFrame:
    """Per pilot size: scratch and fine-tune means, the paired SD and the seeds the margin needs."""
    cfg = results.cfg
    budget = min(cfg.max_table_seeds, len(cfg.seeds))
    rows = []
    for size in cfg.pilot_sizes if "finetune" in cfg.all_arms else ():
        a = results.test_acc("finetune", size, cfg.pilot_seeds)
        b = results.test_acc(REFERENCE, size, cfg.pilot_seeds)
        d = stats.paired_difference(a, b)
        need = stats.seeds_for_margin(d.std, cfg.equivalence_margin) if d.n > 1 else None
        rows.append(
            {
                "images per class": size,
                "scratch (%)": fmt(b.mean()),
                "fine-tune (%)": fmt(a.mean()),
                "paired SD": fmt(d.std, 2),
                "seeds needed": "more than 10,000" if need is None else need,
                "fits the seed budget": need is not None and need <= budget,
            }
        )
    columns = ["images per class", "scratch (%)", "fine-tune (%)", "paired SD", "seeds needed"]
    return pd.DataFrame(rows, columns=[*columns, "fits the seed budget"]).set_index(
        "images per class"
    )


def pilot_choice(results: Results) -> dict[str, Any]:
    """The pilot rule: the smallest pilot size whose seeds-for-margin fits ``max_table_seeds``.

    If none fits, the size that needs the fewest seeds. Computed on the pilot
    seeds only, which are disjoint from the reported ones.
    """
    table = pilot(results)
    if table.empty:  # the pilot compares fine-tuning with scratch; not run
        return {"size": results.cfg.table_size, "seeds": "n/a", "fits": False}
    fits = table[table["fits the seed budget"]]
    if len(fits):
        size = int(fits.index.min())
    else:
        need = table["seeds needed"].map(lambda v: 10**9 if isinstance(v, str) else v)
        size = int(need.idxmin())
    need = table.loc[size, "seeds needed"]
    return {"size": size, "seeds": need, "fits": bool(table.loc[size, "fits the seed budget"])}


# -- the shift axis -------------------------------------------------------------
def shift_sizes(results: Results) -> pd.DataFrame:
    """Per level: source validation, source-only target accuracy and the drop (seed means)."""
    cfg = results.cfg
    pre = results.pretraining
    rows = []
    for level in cfg.levels:
        p = pre[(pre.level == level) & pre.seed.isin(cfg.shift_seed_list)]
        rows.append(
            {
                "level": level,
                "source_val": float(p.source_val_acc.mean()),
                "source_only": float(p.source_only_target_acc.mean()),
                "drop": float((p.source_val_acc - p.source_only_target_acc).mean()),
            }
        )
    return pd.DataFrame(rows)


def shift_summary(results: Results) -> pd.DataFrame:
    """Fine-tune minus scratch per (level, size) on the shift axis's seeds, with the 95% CI."""
    cfg = results.cfg
    rows = []
    for level in cfg.levels if "finetune" in cfg.all_arms else ():
        for size in cfg.target_sizes:
            seeds = cfg.shift_seed_list
            spec = results.spec(protocol="oracle")
            a = results.test_acc("finetune", size, seeds, level, cfg.shift_folds, spec)
            b = results.test_acc(REFERENCE, size, seeds, level, cfg.shift_folds, spec)
            c = compare(a, b, cfg.equivalence_margin)
            rows.append(
                {
                    "level": level,
                    "size": size,
                    "scratch": b.mean(),
                    "finetune": a.mean(),
                    "diff": c.difference.mean,
                    "low": c.difference.ci_low,
                    "high": c.difference.ci_high,
                    "verdict": VERDICT_WORDS[c.verdict],
                }
            )
    columns = ["level", "size", "scratch", "finetune", "diff", "low", "high", "verdict"]
    return pd.DataFrame(rows, columns=columns)


def shift_table(results: Results) -> pd.DataFrame:
    """The shift axis as one table: the shift's size, then the paired difference per target size."""
    cfg = results.cfg
    sizes = shift_sizes(results).set_index("level")
    summary = shift_summary(results)
    rows = []
    for level in cfg.levels:
        row = {
            "Shift level": level,
            "Source val.": fmt(sizes.loc[level, "source_val"]),
            "Source-only": fmt(sizes.loc[level, "source_only"]),
        }
        for r in summary[summary.level == level].itertuples():
            row[f"{r.size} per class"] = f"{fmt(r.diff, signed=True)} {readable_ci(r.low, r.high)}"
        rows.append(row)
    return pd.DataFrame(rows).set_index("Shift level")


# -- the specification curve ----------------------------------------------------
def specs(cfg) -> list[Spec]:
    """The declared analyses: protocol x budget x shared or per-arm rate x augmentation."""
    protocols = ("holdout", "oracle") + (("cv",) if cfg.folds else ())
    return [
        Spec(protocol, budget, shared, aug)
        for protocol, budget, shared, aug in product(
            protocols, ("epochs", "early_stop"), (False, True), (True, False)
        )
    ]


def spec_curve(results: Results, arm: str = "finetune") -> pd.DataFrame:
    """Table 1's comparison under every declared analysis, sorted by the estimate."""
    rows = []
    for spec in specs(results.cfg):
        c = comparison(results, arm, spec)
        rows.append(
            {
                "protocol": spec.protocol,
                "budget": spec.budget,
                "learning rate": "shared (scratch's)" if spec.shared_lr else "per arm",
                "augmentation": "tuned" if spec.augment else "off",
                "diff": c.difference.mean,
                "low": c.difference.ci_low,
                "high": c.difference.ci_high,
                "verdict": VERDICT_WORDS[c.verdict],
            }
        )
    return pd.DataFrame(rows).sort_values("diff").reset_index(drop=True)


def spec_flips(results: Results) -> str:
    """Which choices change the verdict, in words."""
    df = spec_curve(results)
    verdicts = sorted(set(df.verdict))
    if len(verdicts) == 1:
        return f"every one of the {len(df)} analyses gives the same verdict, {verdicts[0]}"
    movers = []
    for col in ("protocol", "budget", "learning rate", "augmentation"):
        others = [c for c in ("protocol", "budget", "learning rate", "augmentation") if c != col]
        flips = df.groupby(others).verdict.nunique().gt(1).any()
        if flips:
            movers.append(col)
    counts = ", ".join(f"{v}: {int((df.verdict == v).sum())}" for v in verdicts)
    what = ", ".join(movers) if movers else "only combinations of choices"
    return f"the verdicts split ({counts} of {len(df)} analyses); the choices that flip one: {what}"


# -- selection health -----------------------------------------------------------
def lr_edge_picks(results: Results) -> int:
    """Chosen learning rates on an edge of the grid, over every run (arm, size, level, seed).

    Counted under both protocols the book reports (the config's and the
    oracle), so a rate at the edge under either one shows up.
    """
    return len(lr_edge_list(results))


def lr_edge_list(results: Results) -> list[str]:
    """Each pick on an edge of the learning-rate grid, in words (see :func:`lr_edge_picks`)."""
    cfg = results.cfg
    grid = cfg.lr_grid
    if len(grid) < 2:
        return []
    edges = {min(grid), max(grid)}
    found = []
    for protocol in _reported_protocols(cfg):
        spec = results.spec(protocol=protocol)
        for (arm, level, size, seed, _), run in results.runs.items():
            pick = results.pick(run, spec)
            if pick.lr not in edges:
                continue
            shift = f", shift {level}" if level else ""
            words = (
                f"{ARM_LABELS.get(arm, arm)} at {size} per class{shift}, seed {seed}, "
                f"{protocol} selection: {pick.lr:g}"
            )
            if len(grid) > 2:
                # Was the arm cut short by the grid? Its best interior rate answers it:
                # a wider grid helps only if the edge beats the interior on test too.
                inner = results.pick(run, results.spec(protocol=protocol, interior_lr=True))
                words += (
                    f", test {pick.test_acc:.1f}%, against {inner.test_acc:.1f}% at its best "
                    f"interior rate, {inner.lr:g}"
                )
            found.append(words)
    return found


MAX_NAMED_EDGES = 5  # a sentence, not a list: the rest are counted


def _reported_protocols(cfg) -> tuple[str, ...]:
    """The selection protocols the book reports: the config's, and the oracle."""
    return tuple(dict.fromkeys((cfg.selection, "oracle")))


def lr_edge_words(results: Results) -> str:
    """How many picks of how many lie on an edge, and which."""
    found = lr_edge_list(results)
    total = len(results.runs) * len(_reported_protocols(results.cfg))
    named = "; ".join(found[:MAX_NAMED_EDGES])
    if len(found) > MAX_NAMED_EDGES:
        named += f"; and {len(found) - MAX_NAMED_EDGES} more"
    return f"{len(found)} of {total} picks" + (f" ({named})" if found else "")


def selected_lrs(results: Results) -> pd.DataFrame:
    """How often each learning rate was chosen, per arm, over every run."""
    df = results.accuracy
    counts = df.groupby(["arm", "selected_lr"]).size().unstack(fill_value=0)
    counts = counts.reindex([a for a in ARMS if a in counts.index])
    counts = counts.reindex(columns=sorted(results.cfg.lr_grid), fill_value=0)
    counts.index = [SHORT[a] for a in counts.index]
    counts.columns = [f"{c:g}" for c in counts.columns]
    return counts


def per_seed(results: Results) -> pd.DataFrame:
    """Every seed's test accuracy for every arm at Table 1's size (seeds as rows)."""
    cfg = results.cfg
    return pd.DataFrame(
        {a: results.test_acc(a, cfg.table_size, cfg.seeds) for a in cfg.all_arms},
        index=pd.Index(cfg.seeds, name="seed"),
    ).round(1)


def learning_speed(results: Results) -> pd.DataFrame:
    """Area under the validation curve (mean accuracy over logged steps) per arm, Table 1's size."""
    cfg = results.cfg
    rows = []
    for arm in cfg.all_arms:
        areas = [
            float(np.mean(results.pick(results.run(arm, cfg.table_size, s)).val_curve))
            for s in cfg.seeds
        ]
        s = stats.summarize(areas, bounds=BOUNDS)
        rows.append(
            {
                "Model": SHORT[arm],
                "Area, mean (std)": s.mean_std(),
                "95% CI": s.ci(),
            }
        )
    return pd.DataFrame(rows).set_index("Model")


def final_gain(results: Results) -> pd.DataFrame:
    """Was any arm cut short? Validation gain over the last logged interval, Table 1's size.

    Per arm: the chosen grid point's validation accuracy at the last logged
    step minus that at the step before (points; mean, std and t interval
    over seeds). A gain well above zero means the budget stopped it while it
    was still learning.
    """
    cfg = results.cfg
    rows = []
    for arm in cfg.all_arms:
        gains, last = [], None
        for seed in cfg.seeds:
            p = results.pick(results.run(arm, cfg.table_size, seed))
            if len(p.val_curve) > 1:
                gains.append(p.val_curve[-1] - p.val_curve[-2])
                last = p.steps[-2:]
        if not gains:
            continue
        s = stats.summarize(gains)
        rows.append(
            {
                "Model": SHORT[arm],
                "steps": f"{last[0]} to {last[1]}",
                "gain, mean (std)": s.mean_std(),
                "95% CI": readable_ci(s.ci_low, s.ci_high),
            }
        )
    return pd.DataFrame(rows, columns=["Model", "steps", "gain, mean (std)", "95% CI"]).set_index(
        "Model"
    )


def cut_short(results: Results) -> str:
    """Which arms were still learning when their budget ended (gain interval above zero)."""
    table = final_gain(results)
    still = [
        arm
        for arm, text in table["95% CI"].items()
        if text != "n/a" and float(text.strip("[]").split(",")[0]) > 0
    ]
    if not still:
        return "no arm was still gaining at the end of its budget"
    return (
        f"{', '.join(still)} {'was' if len(still) == 1 else 'were'} still gaining validation "
        "accuracy over the last logged interval, so a longer budget could move the comparison"
    )


def hyperparameters(results: Results) -> pd.DataFrame:
    """The settings of the runs shown, read from their stored configs."""
    rows = []
    pre = next(iter(results.pretrains.values()), None)
    if pre is not None:
        for k, v in pre.config.items():
            if k not in ("seed", "shift"):
                rows.append({"stage": "pretraining", "setting": k, "value": format_value(v)})
    arm_runs = list(results.runs.values())
    skip = {"arm", "size", "seed", "pretrain", "folds"}
    for k in arm_runs[0].config:
        if k in skip:
            continue
        vals = {format_value(r.config[k]) for r in arm_runs}
        rows.append({"stage": "target", "setting": k, "value": " / ".join(sorted(vals))})
    for k in ("folds", "size", "seed"):
        vals = sorted({r.config[k] for r in arm_runs})
        rows.append({"stage": "target", "setting": k, "value": format_value(vals)})
    return pd.DataFrame(rows).set_index(["stage", "setting"])


def claims(results: Results) -> pd.DataFrame:
    """Claims with verdicts computed from the runs (all seeds at Table 1's size)."""
    cfg = results.cfg
    rows = []
    for arm in cfg.all_arms:
        if arm == REFERENCE:
            continue
        c = comparison(results, arm)
        d, eq = c.difference, c.equivalence
        need = stats.seeds_to_detect(d.mean, d.std, d.n)
        word = VERDICT_WORDS[c.verdict]
        rows.append(
            {
                "Claim": f"{SHORT[arm]} no better than scratch",
                "Difference [95% CI]": _diff_text(c),
                "TOST p": readable_p(eq.p_value),
                "Seeds": d.n,
                "Seeds to detect it (80% power)": need.text(),
                "Verdict": word,
            }
        )
    return pd.DataFrame(rows).set_index("Claim")


AGREEMENT = {
    "benefit": (
        "disagree with the paper: the transferred, fine-tuned model is better than the one "
        "trained from scratch, and the interval of the difference excludes zero"
    ),
    "harm": (
        "disagree with the paper in the other direction: the transferred model is worse than "
        "scratch, and the interval of the difference excludes zero"
    ),
    "no benefit": (
        "agree with the paper: the transferred model is equivalent to scratch within the margin"
    ),
    "inconclusive": (
        "neither confirm nor refute the paper: our seeds show neither a difference nor "
        "equivalence within the margin"
    ),
}


def mdd(results: Results) -> float:
    """Minimum detectable paired difference (80% power) at Table 1's size, all seeds."""
    if "finetune" not in results.cfg.all_arms:
        return math.nan
    d = comparison(results, "finetune").difference
    if d.n < 2 or not d.std > 0:
        return math.nan
    return stats.minimum_detectable_difference(d.std, d.n)


# How Table 1 chose its hyperparameters, as the prose says it (config field ``selection``).
SELECTION_PHRASES = {
    "holdout": "on a held-out validation set the size of its training subset",
    "cv": "by cross-validation inside its training subset",
    "oracle": "on the large per-seed validation split (the oracle upper bound)",
}


def numbers(results: Results) -> dict[str, str]:
    """Formatted numbers for the prose; :mod:`.pages` gives each its glue key in full."""
    cfg = results.cfg
    out: dict[str, str] = {
        "table_size": str(cfg.table_size),
        "table_level": cfg.table_level,
        "selection": SELECTION_PHRASES[cfg.selection],
        "table_images": str(cfg.table_size * cfg.num_classes),
        "paper_n": str(len(cfg.table_seed_list)),
        "n_seeds": str(len(cfg.seeds)),
        "margin": f"{cfg.equivalence_margin:g}",
        "n_levels": str(len(cfg.levels)),
        "levels": ", ".join(cfg.levels),
        "shift_sizes": ", ".join(map(str, cfg.target_sizes)),
        "shift_n": str(len(cfg.shift_seed_list)),
        "lr_grid": ", ".join(f"{lr:g}" for lr in cfg.lr_grid),
        "lr_edges": lr_edge_words(results),
        "n_runs": str(len(results.runs) + len(results.pretrains)),
        "pilot_seeds": ", ".join(map(str, cfg.pilot_seeds)),
        "pilot_sizes": ", ".join(map(str, cfg.pilot_sizes)),
        "max_table_seeds": str(cfg.max_table_seeds),
    }
    p = pilot_choice(results)
    out["pilot_size"] = str(p["size"])
    out["pilot_seeds_needed"] = str(p["seeds"])
    out["pilot_agrees"] = (
        "the same size Table 1 uses"
        if p["size"] == cfg.table_size
        else f"not the size Table 1 uses ({cfg.table_size}): the configuration overrides the pilot"
    )
    for arm in ARMS:
        for k in ("mean", "std", "diff", "diff_ci", "verdict"):
            out[f"{arm}_{k}"] = "not run"
        if arm not in cfg.all_arms:
            continue
        s = stats.summarize(results.test_acc(arm, cfg.table_size, cfg.seeds), bounds=BOUNDS)
        out[f"{arm}_mean"], out[f"{arm}_std"] = fmt(s.mean), fmt(s.std)
        if arm != REFERENCE:
            c = comparison(results, arm)
            out[f"{arm}_diff"] = fmt(c.difference.mean, signed=True)
            out[f"{arm}_diff_ci"] = readable_ci(c.difference.ci_low, c.difference.ci_high)
            out[f"{arm}_verdict"] = VERDICT_WORDS[c.verdict]
    for k in ("paper_diff", "paper_diff_ci", "paper_verdict", "seeds_needed", "spec_flips"):
        out[k] = "not run"
    out["verdict"] = out["finetune_verdict"]
    out["cut_short"] = cut_short(results)
    out["agreement"] = AGREEMENT.get(out["verdict"], "cannot be compared (fine-tuning not run)")
    out["mdd"] = fmt(mdd(results))
    if "finetune" in cfg.all_arms:
        d = comparison(results, "finetune").difference
        out["seeds_needed"] = stats.seeds_to_detect(d.mean, d.std, d.n).text()
        c3 = comparison(results, "finetune", seeds=cfg.table_seed_list)
        out["paper_diff"] = fmt(c3.difference.mean, signed=True)
        out["paper_diff_ci"] = readable_ci(c3.difference.ci_low, c3.difference.ci_high)
        out["paper_verdict"] = VERDICT_WORDS[c3.verdict]
        out["spec_flips"] = spec_flips(results)
    sizes = shift_sizes(results)
    subtle = sizes.iloc[0]
    out["subtle_level"] = str(subtle["level"])
    out["subtle_drop"] = fmt(subtle["drop"])
    out["subtle_source_only"] = fmt(subtle["source_only"])
    hard = sizes.iloc[-1]
    out["hard_level"] = str(hard["level"])
    out["hard_source_only"] = fmt(hard["source_only"])
    table = sizes.set_index("level")
    out["table_source_only"] = (
        fmt(table.loc[cfg.table_level, "source_only"])
        if cfg.table_level in table.index
        else "not run"
    )
    summary = shift_summary(results)
    counts = summary.verdict.value_counts()
    out["shift_cells"] = str(len(summary))
    for word in ("benefit", "harm", "no benefit", "inconclusive"):
        out[f"shift_{word.replace(' ', '_')}"] = str(int(counts.get(word, 0)))
    return out
