"""Tables and key numbers, computed from stored runs (never typed by hand).

Statistics follow the report's rules: mean and sample std (ddof=1) with n,
t-based 95% intervals, seed-paired differences against scratch, and "no
benefit" as equivalence within a stated margin (paired TOST).
"""

from __future__ import annotations

import math
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
from negresults.transfer.report.results import Results

REFERENCE = "scratch"


def values(results: Results, arm: str, size: int, seeds: tuple[int, ...]) -> np.ndarray:
    """Test accuracy (percent) of ``arm`` at ``size``, in the order of ``seeds``."""
    return np.array([results.run(arm, size, s).metrics["test_acc"] for s in seeds])


def table1(
    results: Results, size: int | None = None, seeds: tuple[int, ...] | None = None
) -> pd.DataFrame:
    """Table 1: one row per arm at ``size`` (default: the config's table size and seeds)."""
    cfg = results.cfg
    size = cfg.table_size if size is None else size
    seeds = cfg.table_seed_list if seeds is None else seeds
    ref = values(results, REFERENCE, size, seeds)
    rows = []
    for arm in cfg.all_arms:
        acc = values(results, arm, size, seeds)
        s = stats.summarize(acc)
        row = {
            "Model": ARM_LABELS[arm],
            "Test accuracy (%), mean (std)": s.mean_std(),
            "n": s.n,
            "95% CI": s.ci(),
        }
        if arm == REFERENCE:
            row["Paired difference vs scratch"] = "reference"
            row["95% CI of difference"] = ""
            row["p (paired t)"] = ""
        else:
            d = stats.paired_difference(acc, ref)
            row["Paired difference vs scratch"] = f"{d.mean:+.1f}"
            row["95% CI of difference"] = ci(d.ci_low, d.ci_high, signed=True)
            row["p (paired t)"] = p_value(d.p_value)
        rows.append(row)
    return pd.DataFrame(rows).set_index("Model")


def per_seed(results: Results, size: int) -> pd.DataFrame:
    """Every seed's test accuracy for every arm at ``size`` (arms as rows)."""
    cfg = results.cfg
    out = pd.DataFrame(
        {
            f"seed {s}": [results.run(a, size, s).metrics["test_acc"] for a in cfg.all_arms]
            for s in cfg.seeds
        },
        index=[ARM_LABELS[a] for a in cfg.all_arms],
    )
    return out.round(1)


def size_summary(results: Results) -> pd.DataFrame:
    """Per arm and size: mean, std, CI, and the seed-paired difference to scratch with its CI."""
    cfg = results.cfg
    rows = []
    for size in cfg.all_sizes:
        ref = values(results, REFERENCE, size, cfg.seeds)
        for arm in cfg.all_arms:
            acc = values(results, arm, size, cfg.seeds)
            s = stats.summarize(acc)
            d = stats.paired_difference(acc, ref)
            rows.append(
                {
                    "arm": arm,
                    "size": size,
                    "n": s.n,
                    "mean": s.mean,
                    "std": s.std,
                    "ci_low": s.ci_low,
                    "ci_high": s.ci_high,
                    "diff": d.mean,
                    "diff_low": d.ci_low,
                    "diff_high": d.ci_high,
                    "p": d.p_value,
                }
            )
    return pd.DataFrame(rows)


def transfer_stops_helping(results: Results, arm: str = "finetune") -> dict[str, Any]:
    """The smallest size from which ``arm`` no longer beats scratch, by the rule below.

    Rule: transfer *helps* at a size when the 95% CI of the seed-paired
    difference (arm minus scratch) lies wholly above zero. It *stops helping*
    at the smallest size s such that it helps at no size from s upwards.
    ``size`` is ``None`` when it helps at the largest size tested.
    """
    table = size_summary(results)
    rows = table[table.arm == arm].sort_values("size")
    helps = {int(r.size): bool(r.diff_low > 0) for r in rows.itertuples()}
    sizes = sorted(helps)
    stop = None
    for s in reversed(sizes):
        if helps[s]:
            break
        stop = s
    return {"arm": arm, "size": stop, "helps": helps, "largest": sizes[-1]}


def stop_phrase(stop: dict[str, Any]) -> str:
    """The result of :func:`transfer_stops_helping` in words."""
    if stop["size"] is None:
        return "it still helps at the largest size tested"
    if not any(stop["helps"].values()):
        return "it helps at no size tested"
    return f"it stops helping at {stop['size']} images per class"


def selected_lrs(results: Results, size: int | None = None) -> pd.DataFrame:
    """How often each learning rate was chosen, per arm (at ``size``, or over all sizes)."""
    df = results.accuracy
    if size is not None:
        df = df[df["size"] == size]
    counts = df.groupby(["arm", "selected_lr"]).size().unstack(fill_value=0)
    counts = counts.reindex([a for a in ARMS if a in counts.index])
    counts = counts.reindex(columns=sorted(results.cfg.lr_grid), fill_value=0)
    counts.index = [ARM_LABELS[a] for a in counts.index]
    counts.columns = [f"lr={c:g}" for c in counts.columns]
    return counts


def hyperparameters(results: Results) -> pd.DataFrame:
    """The settings of the runs shown, read from their stored configs."""
    rows = []
    pre = next(iter(results.pretrains.values()), None)
    if pre is not None:
        for k, v in pre.config.items():
            if k != "seed":
                rows.append(
                    {"stage": "pretraining (source)", "setting": k, "value": format_value(v)}
                )
        rows.append(
            {
                "stage": "pretraining (source)",
                "setting": "seeds",
                "value": format_value(sorted(results.pretrains)),
            }
        )
    arm_runs = list(results.runs.values())
    skip = {"arm", "size", "seed", "pretrain"}
    for k in arm_runs[0].config:
        if k in skip:
            continue
        vals = {format_value(r.config[k]) for r in arm_runs}
        rows.append(
            {
                "stage": "target training (every arm)",
                "setting": k,
                "value": " / ".join(sorted(vals)),
            }
        )
    rows.append(
        {
            "stage": "target training (every arm)",
            "setting": "arms",
            "value": ", ".join(dict.fromkeys(r.config["arm"] for r in arm_runs)),
        }
    )
    rows.append(
        {
            "stage": "target training (every arm)",
            "setting": "sizes (images per class)",
            "value": format_value(sorted({r.config["size"] for r in arm_runs})),
        }
    )
    rows.append(
        {
            "stage": "target training (every arm)",
            "setting": "seeds",
            "value": format_value(sorted({r.config["seed"] for r in arm_runs})),
        }
    )
    table_size = results.cfg.table_size
    for arm in results.cfg.all_arms:
        lrs = [
            results.run(arm, table_size, s).metrics["selected_lr"]
            for s in results.cfg.table_seed_list
        ]
        rows.append(
            {
                "stage": f"selected learning rate at {table_size} per class (Table 1 seeds)",
                "setting": arm,
                "value": ", ".join(f"{lr:g}" for lr in lrs),
            }
        )
    return pd.DataFrame(rows).set_index(["stage", "setting"])


VERDICT_WORDS = {
    POSITIVE: "benefit",
    NEGATIVE: "harm",
    EQUIVALENT: "no benefit",
    INCONCLUSIVE: "inconclusive",
}


def claims(results: Results) -> pd.DataFrame:
    """Claims with verdicts computed from the runs (all seeds at the Table 1 size).

    Verdict order (fixed, :func:`negresults.reporting.classify`): benefit or harm
    when the 95% interval of the paired difference excludes zero; else no
    benefit when TOST shows equivalence within the margin; else inconclusive.
    """
    cfg = results.cfg
    size, seeds, margin = cfg.table_size, cfg.seeds, cfg.equivalence_margin
    ref = values(results, REFERENCE, size, seeds)
    rows = []
    for arm in cfg.all_arms:
        if arm == REFERENCE:
            continue
        c = compare(values(results, arm, size, seeds), ref, margin)
        d, eq = c.difference, c.equivalence
        need = stats.seeds_for_equivalence(d.std, margin) if d.std == d.std else None
        word = VERDICT_WORDS[c.verdict]
        if c.verdict == EQUIVALENT:
            word += f" (equivalent within ±{margin:g})"
        rows.append(
            {
                "Claim": f"{ARM_LABELS[arm]} is no better than scratch at {size} images per class",
                "Paired difference (points)": fmt(d.mean, signed=True),
                "95% CI": ci(d.ci_low, d.ci_high, signed=True),
                "TOST p": p_value(eq.p_value),
                "Seeds we have": d.n,
                "Seeds needed for TOST (80% power)": "n/a" if need is None else need,
                "Verdict": word,
            }
        )
    return pd.DataFrame(rows).set_index("Claim")


def comparison(results: Results, arm: str = "finetune"):
    """``arm`` minus scratch at the Table 1 size over all seeds (a :class:`~negresults.reporting.Comparison`)."""
    cfg = results.cfg
    acc = values(results, arm, cfg.table_size, cfg.seeds)
    ref = values(results, REFERENCE, cfg.table_size, cfg.seeds)
    return compare(acc, ref, cfg.equivalence_margin)


def verdict(results: Results, arm: str = "finetune") -> str:
    """One word for the claim "``arm`` is no better than scratch" at the Table 1 size, all seeds."""
    return VERDICT_WORDS[comparison(results, arm).verdict]


def _stop_rank(results: Results, arm: str) -> float:
    stop = transfer_stops_helping(results, arm)["size"]
    return math.inf if stop is None else stop


def frozen_vs_finetune(results: Results) -> str:
    """A sentence comparing where the frozen arms and fine-tuning stop helping."""
    cfg = results.cfg
    frozen = [a for a in ("linear_probe", "frozen_head") if a in cfg.all_arms]
    if "finetune" not in cfg.all_arms or not frozen:
        return "with fewer arms run, the comparison is not made"
    ft = _stop_rank(results, "finetune")
    ranks = [_stop_rank(results, a) for a in frozen]
    if all(r < ft for r in ranks):
        return (
            "kept fixed, the features learnt on the source stop helping at smaller target sizes "
            "than fine-tuning, which adapts them"
        )
    if all(r > ft for r in ranks):
        return (
            "kept fixed, the features learnt on the source help up to larger sizes than fine-tuning"
        )
    return "the frozen arms and fine-tuning stop helping at about the same target size"


AGREEMENT = {
    "benefit": (
        "disagree with the paper: in our runs the transferred, fine-tuned model is better than "
        "the one trained from scratch, and the interval of the difference excludes zero"
    ),
    "harm": (
        "disagree with the paper in the other direction: in our runs the transferred model is "
        "worse than scratch, and the interval of the difference excludes zero"
    ),
    "no benefit": (
        "agree with the paper: the transferred model is equivalent to scratch within the margin"
    ),
    "inconclusive": (
        "neither confirm nor refute the paper: our seeds show neither a difference nor "
        "equivalence within the margin"
    ),
}


def numbers(results: Results) -> dict[str, str]:
    """Formatted numbers for the prose; :mod:`.pages` gives each its glue key in full."""
    cfg = results.cfg
    size, tseeds = cfg.table_size, cfg.table_seed_list
    out: dict[str, str] = {
        "table_size": str(size),
        "table_images": str(size * cfg.num_classes),
        "table_n": str(len(tseeds)),
        "n_seeds": str(len(cfg.seeds)),
        "margin": f"{cfg.equivalence_margin:g}",
        "sizes": ", ".join(map(str, cfg.all_sizes)),
        "n_sizes": str(len(cfg.all_sizes)),
        "largest_size": str(max(cfg.all_sizes)),
        "lr_grid": ", ".join(f"{lr:g}" for lr in cfg.lr_grid),
        "steps": str(cfg.steps),
        "n_runs": str(len(results.runs) + len(results.pretrains)),
    }
    ref3 = values(results, REFERENCE, size, tseeds)
    refall = values(results, REFERENCE, size, cfg.seeds)
    for arm in ARMS:
        if arm not in cfg.all_arms:
            # Keys exist for every arm so that a page never cites a missing one.
            for k in ("mean", "std", "ci", "diff", "diff_ci", "diff_all", "diff_all_ci"):
                out[f"{arm}_{k}"] = "not run"
            continue
        acc = values(results, arm, size, tseeds)
        s = stats.summarize(acc)
        out[f"{arm}_mean"] = fmt(s.mean)
        out[f"{arm}_std"] = fmt(s.std)
        out[f"{arm}_ci"] = s.ci()
        if arm != REFERENCE:
            d = stats.paired_difference(acc, ref3)
            out[f"{arm}_diff"] = f"{d.mean:+.1f}"
            out[f"{arm}_diff_ci"] = ci(d.ci_low, d.ci_high, signed=True)
            dall = stats.paired_difference(values(results, arm, size, cfg.seeds), refall)
            out[f"{arm}_diff_all"] = f"{dall.mean:+.1f}"
            out[f"{arm}_diff_all_ci"] = ci(dall.ci_low, dall.ci_high, signed=True)
    for k in ("mdd", "seeds_needed", "stop_size", "help_sizes", "verdict", "agreement"):
        out[k] = "not run"
    out["frozen_vs_finetune"] = frozen_vs_finetune(results)
    acc = results.accuracy
    scratch = acc[acc.arm == REFERENCE]
    top = int((scratch.selected_lr == max(cfg.lr_grid)).sum())
    out["scratch_top_lr"] = f"{top} of {len(scratch)}"
    for arm in ARMS[1:]:
        out[f"{arm}_stop_size"] = "not run"
        if arm in cfg.all_arms:
            out[f"{arm}_stop_size"] = stop_phrase(transfer_stops_helping(results, arm))
    if "finetune" in cfg.all_arms:
        out["verdict"] = verdict(results, "finetune")
        out["agreement"] = AGREEMENT[out["verdict"]]
        d = stats.paired_difference(values(results, "finetune", size, tseeds), ref3)
        mdd = stats.minimum_detectable_difference(d.std, d.n) if d.n > 1 else float("nan")
        out["mdd"] = fmt(mdd)
        eq_sd = stats.paired_difference(values(results, "finetune", size, cfg.seeds), refall).std
        need = (
            stats.seeds_for_equivalence(eq_sd, cfg.equivalence_margin) if eq_sd == eq_sd else None
        )
        out["seeds_needed"] = "more than 10,000" if need is None else str(need)
        stop = transfer_stops_helping(results, "finetune")
        out["stop_size"] = (
            "none (it still helps at the largest size)"
            if stop["size"] is None
            else str(stop["size"])
        )
        helped = [s for s, h in stop["helps"].items() if h]
        out["help_sizes"] = ", ".join(map(str, helped)) if helped else "none"
    out.update(source_only_mean="not run", source_only_std="not run", source_val_mean="not run")
    if results.pretrains:
        so = stats.summarize(
            [r.metrics["source_only_target_acc"] for r in results.pretrains.values()]
        )
        src = stats.summarize([r.metrics["source_val_acc"] for r in results.pretrains.values()])
        out["source_only_mean"] = fmt(so.mean)
        out["source_only_std"] = fmt(so.std)
        out["source_val_mean"] = fmt(src.mean)
    return out
