"""Study B's tables, computed from stored runs (never typed by hand).

Statistics follow the report's rules: mean and sample std (ddof=1) with n,
95% intervals of a mean kept inside [0, 100] (bootstrap), seed-paired
differences against scratch with t intervals, and the shared verdict order
(:mod:`negresults.verdicts`). Where a table has a number that a check or a
sentence reads, a data function returns it as a number (:func:`pilot_data`,
:func:`lr_edge_records`, :func:`final_gains`) and the table only formats it;
data frames carry verdicts as :mod:`negresults.verdicts` constants, the
tables shown carry Study B's words for them (:mod:`.words`).
"""

from __future__ import annotations

import math
import re
import weakref
from dataclasses import dataclass
from functools import cache
from itertools import product

import numpy as np
import pandas as pd

from negresults import stats
from negresults.reporting import fmt, format_value, number, readable_ci
from negresults.transfer.analysis_plan import SECOND_CLAIM_ARMS
from negresults.transfer.compute import baselines as nondeep
from negresults.transfer.compute.selection import BUDGET_RULES, SELECTION_RULES
from negresults.transfer.config import (
    ARMS,
    BASELINE_LABELS,
    BEST_NONDEEP_LABEL,
    CONTROL_LEVEL,
    HAND_MATCHED_LABEL,
    HAND_SOURCE_LABEL,
    HANDWRITING_LABEL,
    HANDWRITING_MATCHED,
    HANDWRITING_NONDEEP_LABEL,
    LEVEL_LABELS,
    MIXED_LEVELS,
    PART_LABELS,
    PROBE_TOP_BEFORE,
    SETTING_WORDS,
    SOURCE_ONLY_LABEL,
    TransferConfig,
    seed_range,
)
from negresults.transfer.names import HANDWRITING_SOURCE
from negresults.transfer.plan import (
    arm_specs,
    hand_matched_arms,
    hand_source_arms,
    handwriting_size,
    source_name,
)
from negresults.transfer.report.claims import (
    REFERENCE,
    comparison,
    judged_pure,
    second_claim_levels,
    shift_sizes,
)
from negresults.transfer.report.results import Results, Spec
from negresults.transfer.report.words import (
    CHOICE_WORDS,
    SHORT,
    VERDICT_WORDS,
    and_list,
    diff_text,
)
from negresults.verdicts import EQUIVALENT, NEGATIVE, POSITIVE, VERDICTS, Comparison, compare

BOUNDS = (0.0, 100.0)


def reference_rows(results: Results, size: int, seeds, folds=None) -> dict[str, np.ndarray]:
    """The rows beside the arms, per seed: source-only, then the best non-deep baseline.

    Keys are the page's row labels (:data:`SOURCE_ONLY_LABEL`,
    :data:`BEST_NONDEEP_LABEL`); a row whose runs are not in the plan is left out.
    """
    cfg = results.cfg
    out = {}
    if all((cfg.table_level, s) in results.pretrains for s in seeds):
        out[SOURCE_ONLY_LABEL] = results.source_only(cfg.table_level, seeds)
    folds = cfg.folds if folds is None else folds
    if cfg.baselines and all((size, s, folds) in results.baselines for s in seeds):
        out[BEST_NONDEEP_LABEL] = results.baseline_acc(size, seeds, folds=folds)
    return out


def table1(results: Results) -> pd.DataFrame:
    """Table 1: every arm at Table 1's size, our seeds beside the paper's three-seed protocol,
    then the rows a reader looks for beside them (source-only, the best non-deep baseline);
    those rows are compared with scratch but are not claims, so they carry no verdict."""
    cfg = results.cfg
    rows = []
    scratch = results.test_acc(REFERENCE, cfg.table_size, cfg.seeds)
    for label, acc in reference_rows(results, cfg.table_size, cfg.seeds).items():
        s = stats.summarize(acc, bounds=BOUNDS)
        paper = stats.summarize(acc[: cfg.table_seeds], bounds=BOUNDS)
        ours, theirs = f"n={s.n}", f"first {paper.n}"
        c = compare(acc, scratch, cfg.equivalence_margin)
        c3 = compare(acc[: cfg.table_seeds], scratch[: cfg.table_seeds], cfg.equivalence_margin)
        rows.append(
            {
                "Model": label,
                f"{ours}: mean (std)": s.mean_std(),
                f"{ours}: 95% CI": s.ci(),
                f"{ours}: vs scratch": diff_text(c),
                "Verdict": "",
                f"{theirs}: mean (std)": paper.mean_std(),
                f"{theirs}: vs scratch": diff_text(c3),
            }
        )
    arm_rows = []
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
            row[f"{ours}: vs scratch"] = diff_text(c)
            row["Verdict"] = VERDICT_WORDS[c.verdict]
            c3 = comparison(results, arm, seeds=cfg.table_seed_list)
            row[f"{theirs}: vs scratch"] = diff_text(c3)
        arm_rows.append(row)
    return pd.DataFrame(arm_rows + rows).set_index("Model")


def handwriting_ran(results: Results) -> int | None:
    """The handwriting control's size when its runs are stored for every Table 1 seed, else
    None: a guard that reads no run."""
    cfg = results.cfg
    size = handwriting_size(cfg)
    if size is None or not all(
        (REFERENCE, None, size, s, cfg.folds) in results.runs for s in cfg.seeds
    ):
        return None
    return size


def handwriting_runs(results: Results) -> np.ndarray | None:
    """Per Table 1 seed, the handwriting control's test accuracy: scratch at Table 1's size
    plus the handwritten images per class its source holds (None when it did not run)."""
    size = handwriting_ran(results)
    return None if size is None else results.test_acc(REFERENCE, size, results.cfg.seeds)


# The plan's readings of a transferred arm against the handwriting control, as the table's
# cells: worth more or less than those images when the interval excludes zero, about as much
# when equivalent within the margin.
HANDWRITING_WORDS = {POSITIVE: "worth more", NEGATIVE: "worth less", EQUIVALENT: "about as much"}


def handwriting_equal_selection(results: Results) -> Comparison | None:
    """Fine-tuning minus the handwriting control with both choosing on the same large
    validation split (the oracle protocol's): by Table 1's protocol the control chooses on a
    holdout the size of its larger training set, so it also gets more selection data."""
    cfg = results.cfg
    size = handwriting_ran(results)
    if size is None or "finetune" not in cfg.all_arms:
        return None
    spec = results.spec(protocol="oracle")
    return compare(
        results.test_acc("finetune", cfg.table_size, cfg.seeds, spec=spec),
        results.test_acc(REFERENCE, size, cfg.seeds, spec=spec),
        cfg.equivalence_margin,
    )


def handwriting_finish(results: Results) -> FinalGain | None:
    """The handwriting control's finish check: what it would gain half as long again past
    where it stopped, on the large validation split (None when it did not run)."""
    cfg = results.cfg
    size = handwriting_ran(results)
    if size is None or cfg.extension <= 0:
        return None
    return _final_gain(results, REFERENCE, size, cfg.seeds, None)


def handwriting_nondeep(results: Results, spec: Spec | None = None) -> np.ndarray | None:
    """Per Table 1 seed, the best non-deep baseline's test accuracy on the handwriting
    control's images, chosen by Table 1's protocol or ``spec``'s (None when those runs are
    not stored)."""
    cfg = results.cfg
    size = handwriting_ran(results)
    if (
        size is None
        or not cfg.baselines
        or not all((size, s, cfg.folds) in results.baselines for s in cfg.seeds)
    ):
        return None
    return results.baseline_acc(size, cfg.seeds, spec=spec)


def handwriting_nondeep_finetune(results: Results, spec: Spec | None = None) -> Comparison | None:
    """Fine-tuning at Table 1's size minus the best non-deep baseline on the handwriting
    control's images, paired by seed, both choosing by ``spec`` (Table 1's protocol by
    default; None when either did not run)."""
    cfg = results.cfg
    base = handwriting_nondeep(results, spec)
    if base is None or "finetune" not in cfg.all_arms:
        return None
    ft = results.test_acc("finetune", cfg.table_size, cfg.seeds, spec=spec)
    return compare(ft, base, cfg.equivalence_margin)


def handwriting_rows(results: Results) -> dict[str, np.ndarray]:
    """What the handwriting control is set against, per Table 1 seed: scratch at Table 1's
    size, the source model applied as is, the best non-deep baseline on the control's own
    images, and every transferred arm (empty when the control did not run)."""
    cfg = results.cfg
    if handwriting_ran(results) is None:
        return {}
    rows = {SHORT[REFERENCE]: results.test_acc(REFERENCE, cfg.table_size, cfg.seeds)}
    if all((cfg.table_level, s) in results.pretrains for s in cfg.seeds):
        rows[SOURCE_ONLY_LABEL] = results.source_only(cfg.table_level, cfg.seeds)
    nondeep_rows = handwriting_nondeep(results)
    if nondeep_rows is not None:
        rows[HANDWRITING_NONDEEP_LABEL] = nondeep_rows
    for arm in cfg.all_arms:
        if arm != REFERENCE:
            rows[SHORT[arm]] = results.test_acc(arm, cfg.table_size, cfg.seeds)
    for arm in hand_source_ran(results):
        rows[HAND_SOURCE_LABEL.format(arm=SHORT[arm])] = results.test_acc(
            arm, cfg.table_size, cfg.seeds, level=HANDWRITING_SOURCE
        )
    return rows


def hand_source_ran(results: Results, source: str = HANDWRITING_SOURCE) -> tuple[str, ...]:
    """The arms trained from Table 1's handwriting alone (``source``: at equal steps, or
    ``HANDWRITING_MATCHED`` at equal passes) whose runs, and source models, are stored for
    every Table 1 seed (a guard that reads no run)."""
    cfg = results.cfg
    arms = hand_source_arms(cfg) if source == HANDWRITING_SOURCE else hand_matched_arms(cfg)
    return tuple(
        arm
        for arm in arms
        if all(
            (arm, source, cfg.table_size, s, cfg.folds) in results.runs
            and (source, s) in results.pretrains
            for s in cfg.seeds
        )
    )


def _fonts_added(results: Results, source: str, spec: Spec | None = None) -> dict[str, Comparison]:
    cfg = results.cfg
    return {
        arm: compare(
            results.test_acc(arm, cfg.table_size, cfg.seeds, spec=spec),
            results.test_acc(arm, cfg.table_size, cfg.seeds, level=source, spec=spec),
            cfg.equivalence_margin,
        )
        for arm in hand_source_ran(results, source)
    }


def fonts_added(results: Results) -> dict[str, Comparison]:
    """Per arm trained from the handwriting alone: the arm from Table 1's source minus the
    same arm from its handwriting alone, paired by seed over Table 1's seeds (what the fonts
    add beside that handwriting, at equal pretraining steps; empty when not run)."""
    return _fonts_added(results, HANDWRITING_SOURCE)


def fonts_added_matched(results: Results) -> dict[str, Comparison]:
    """:func:`fonts_added` against the handwriting alone pretrained for Table 1's passes
    (``HANDWRITING_MATCHED``): the fonts' share at equal passes."""
    return _fonts_added(results, HANDWRITING_MATCHED)


def fonts_added_by_spec(
    results: Results, source: str = HANDWRITING_SOURCE
) -> dict[str, dict[str, dict[str, int]]]:
    """Per arm of :func:`fonts_added` (or of :func:`fonts_added_matched`, by ``source``),
    per selection protocol: how many of the specification curve's analyses (:func:`specs`,
    the same stored runs chosen from other ways) give each verdict. The protocols apart,
    as the specification curve's table shows them: the oracle reads a split Table 1 never
    sees."""
    out: dict[str, dict[str, dict[str, int]]] = {
        arm: {} for arm in hand_source_ran(results, source)
    }
    for spec in specs(results.cfg):
        for arm, c in _fonts_added(results, source, spec).items():
            found = out[arm].setdefault(spec.protocol, {})
            found[c.verdict] = found.get(c.verdict, 0) + 1
    return out


def pretrain_batches_per_epoch(cfg: TransferConfig) -> int:
    """Batches in one pretraining epoch, as the pretraining runner counts them: epochs of the
    rendered source's size, whatever the level's own source holds."""
    return -(-cfg.source_per_class * cfg.num_classes // cfg.batch_size)


@cache
def source_images(cfg: TransferConfig, source: str) -> tuple[tuple[int, int], ...]:
    """Per Table 1 seed, the training and validation images of ``source``'s pretraining
    (the handwriting-only source: its share of Table 1's source, split as that source is),
    read from the data code."""
    from negresults.transfer.compute.datasets import load_source
    from negresults.transfer.plan import pretrain_config

    out = []
    for seed in cfg.seeds:
        (_, sy), (_, vy) = load_source(pretrain_config(cfg, seed, "cpu", source))
        out.append((len(sy), len(vy)))
    return tuple(out)


def passes(images: int, steps: int, batch: int) -> float:
    """How often ``steps`` batches pass over ``images``: the stream reshuffles after each
    pass and its last batch of a pass is a short one (:func:`...compute.train.batches`)."""
    return steps / -(-images // batch)


def matched_is_prefix(results: Results) -> bool:
    """Whether, on every Table 1 seed, the handwriting alone at Table 1's passes logged
    exactly the first epochs of the equal-steps source's curve (the same seed's batches at a
    constant rate should give that, to the last digit)."""
    seeds = [
        s
        for s in results.cfg.seeds
        if (HANDWRITING_MATCHED, s) in results.pretrains
        and (HANDWRITING_SOURCE, s) in results.pretrains
    ]
    if not seeds:
        return False
    for s in seeds:
        short = results.pretrains[(HANDWRITING_MATCHED, s)].history.source_val_loss.to_numpy()
        long = results.pretrains[(HANDWRITING_SOURCE, s)].history.source_val_loss.to_numpy()
        if not np.array_equal(short, long[: len(short)]):
            return False
    return True


def handwriting_sources(results: Results) -> dict[str, Comparison]:
    """The handwriting alone at Table 1's passes minus at equal steps, paired by seed over
    Table 1's seeds: per arm run from both, and the source models applied as is (keyed by
    :data:`SOURCE_ONLY_LABEL`). How much holding steps or passes equal moves what that
    handwriting transfers; empty when either did not run."""
    cfg = results.cfg
    arms = [
        a for a in hand_source_ran(results, HANDWRITING_MATCHED) if a in hand_source_ran(results)
    ]
    if not arms:
        return {}
    m = cfg.equivalence_margin
    out = {
        SOURCE_ONLY_LABEL: compare(
            results.source_only(HANDWRITING_MATCHED, cfg.seeds),
            results.source_only(HANDWRITING_SOURCE, cfg.seeds),
            m,
        )
    }
    for arm in arms:
        out[arm] = compare(
            results.test_acc(arm, cfg.table_size, cfg.seeds, level=HANDWRITING_MATCHED),
            results.test_acc(arm, cfg.table_size, cfg.seeds, level=HANDWRITING_SOURCE),
            m,
        )
    return out


# The plan's reading of Table 1's source minus the handwriting alone, as the table's cells.
# Named for what was compared, not for the fonts alone: the two sources also differ in how
# often pretraining passes over each handwritten image (:func:`.prose.fonts_reading`).
FONTS_WORDS = {
    POSITIVE: "Table 1's source higher",
    NEGATIVE: "the handwriting alone higher",
    EQUIVALENT: "about the same",
}


def fonts_table(results: Results, source: str = HANDWRITING_SOURCE) -> pd.DataFrame:
    """Each arm, and the source model applied as is, from Table 1's source and from its
    handwriting alone (``source``: at equal steps, or ``HANDWRITING_MATCHED`` at equal
    passes) on Table 1's seeds, with the seed-paired difference (what the fonts add) and the
    plan's reading for the arms (empty when not run)."""
    cfg = results.cfg
    found = fonts_added(results) if source == HANDWRITING_SOURCE else fonts_added_matched(results)
    if not found:
        return pd.DataFrame()
    seeds = cfg.seeds
    pairs = {
        SOURCE_ONLY_LABEL: (
            results.source_only(cfg.table_level, seeds),
            results.source_only(source, seeds),
            "",
        )
    }
    for arm, c in found.items():
        pairs[SHORT[arm]] = (
            results.test_acc(arm, cfg.table_size, seeds),
            results.test_acc(arm, cfg.table_size, seeds, level=source),
            FONTS_WORDS.get(c.verdict, "undecided"),
        )
    m = cfg.equivalence_margin
    alone = "From its handwriting alone" + (
        ", at Table 1's passes" if source == HANDWRITING_MATCHED else ""
    )
    return pd.DataFrame(
        [
            {
                "Model": label,
                "From Table 1's source": stats.summarize(full, bounds=BOUNDS).mean_std(),
                alone: stats.summarize(hand, bounds=BOUNDS).mean_std(),
                "Difference [95% CI]": diff_text(compare(full, hand, m)),
                "Reading": reading,
            }
            for label, (full, hand, reading) in pairs.items()
        ]
    ).set_index("Model")


def handwriting_comparisons(
    results: Results,
    rows: dict[str, np.ndarray] | None = None,
    control: np.ndarray | None = None,
) -> dict[str, Comparison]:
    """Each of :func:`handwriting_rows` minus the handwriting control, paired by seed, by the
    shared order at the claims' margin (``rows`` and ``control``: already read, if given)."""
    control = handwriting_runs(results) if control is None else control
    rows = handwriting_rows(results) if rows is None else rows
    m = results.cfg.equivalence_margin
    return {k: compare(v, control, m) for k, v in rows.items()}


def handwriting_table(results: Results) -> pd.DataFrame:
    """The handwriting control beside Table 1: each row's accuracy on Table 1's seeds and its
    seed-paired difference from the control, with the shared verdict (not a claim)."""
    control = handwriting_runs(results)
    if control is None:
        return pd.DataFrame()
    against = handwriting_rows(results)
    found = handwriting_comparisons(results, against, control)
    # The plan declares the control's reading for the transferred arms only; scratch, the
    # source model and the non-deep baseline stand beside them with their differences.
    plain = {SHORT[REFERENCE], SOURCE_ONLY_LABEL, HANDWRITING_NONDEEP_LABEL}
    rows = [(HANDWRITING_LABEL, control, "reference", "")]
    rows += [
        (
            label,
            acc,
            diff_text(found[label]),
            "" if label in plain else HANDWRITING_WORDS.get(found[label].verdict, "undecided"),
        )
        for label, acc in against.items()
    ]
    return pd.DataFrame(
        [
            {
                "Model": label,
                "Mean (std)": stats.summarize(acc, bounds=BOUNDS).mean_std(),
                "Minus the control [95% CI]": diff,
                "Reading": reading,
            }
            for label, acc, diff, reading in rows
        ]
    ).set_index("Model")


def pure_table(results: Results) -> pd.DataFrame:
    """Table 1 on the font-only source (``pure_shift``), on that claim's seeds: every arm's
    accuracy, its difference from scratch and its verdict, with the source model alone."""
    cfg = results.cfg
    found = judged_pure(results)
    if not found or not cfg.pure_seed_list:
        return pd.DataFrame()
    seeds, level = cfg.pure_seed_list, cfg.pure_level
    scratch = results.test_acc(REFERENCE, cfg.table_size, seeds)
    rows = [
        {
            "Model": SHORT[REFERENCE],
            "Mean (std)": stats.summarize(scratch, bounds=BOUNDS).mean_std(),
            "Vs scratch [95% CI]": "reference",
            "Verdict": "",
        }
    ]
    for arm, c in found:
        acc = results.test_acc(arm, cfg.table_size, seeds, level=level)
        rows.append(
            {
                "Model": SHORT[arm],
                "Mean (std)": stats.summarize(acc, bounds=BOUNDS).mean_std(),
                "Vs scratch [95% CI]": diff_text(c),
                "Verdict": VERDICT_WORDS[c.verdict],
            }
        )
    # Beside the arms, compared with scratch but not claims: the best non-deep baseline on
    # these seeds, and this source's model with no target training.
    beside = {}
    best = reference_rows(results, cfg.table_size, seeds).get(BEST_NONDEEP_LABEL)
    if best is not None:
        beside[BEST_NONDEEP_LABEL] = best
    if all((level, s) in results.pretrains for s in seeds):
        beside[SOURCE_ONLY_LABEL] = results.source_only(level, seeds)
    for label, acc in beside.items():
        rows.append(
            {
                "Model": label,
                "Mean (std)": stats.summarize(acc, bounds=BOUNDS).mean_std(),
                "Vs scratch [95% CI]": diff_text(compare(acc, scratch, cfg.equivalence_margin)),
                "Verdict": "",
            }
        )
    return pd.DataFrame(rows).set_index("Model")


def baselines_table(results: Results) -> pd.DataFrame:
    """Each non-deep baseline at Table 1's size, its own settings tuned by the protocol, and
    how often the protocol reported it as the best non-deep one (seeds)."""
    cfg = results.cfg
    if not cfg.baselines or not results.baselines:
        return pd.DataFrame()
    rows = []
    for name in cfg.baselines:
        picks = [results.baseline_pick(cfg.table_size, s, only=name) for s in cfg.seeds]
        best = [results.baseline_pick(cfg.table_size, s).baseline for s in cfg.seeds]
        s = stats.summarize([p.test_acc for p in picks], bounds=BOUNDS)
        settings = sorted({_setting_text(p) for p in picks})
        rows.append(
            {
                "Baseline": BASELINE_LABELS[name],
                "mean (std)": s.mean_std(),
                "95% CI": s.ci(),
                "settings chosen": "; ".join(settings),
                "reported as best (seeds)": f"{best.count(name)} of {len(best)}",
            }
        )
    return pd.DataFrame(rows).set_index("Baseline")


def _setting_text(p) -> str:
    if p.baseline == "knn":
        return f"k = {int(p.setting_a)}"
    if p.baseline == "svm":
        return f"C = {number(p.setting_a)}, gamma = {number(p.setting_b)}"
    return f"C = {number(p.setting_a)}"


def size_sweep_data(results: Results) -> pd.DataFrame:
    """Mean test accuracy per target size at Table 1's shift (the shift axis's seeds): every
    arm the sweep runs, source-only and the best non-deep baseline; one row per (size, row)."""
    cfg = results.cfg
    seeds = cfg.shift_seed_list
    rows = []
    for size in cfg.target_sizes:
        found = {}
        for arm in ("scratch", "finetune", "lpft"):
            try:
                found[SHORT[arm]] = results.test_acc(arm, size, seeds, folds=cfg.shift_folds)
            except KeyError:
                continue
        found.update(reference_rows(results, size, seeds, cfg.shift_folds))
        for label, acc in found.items():
            s = stats.summarize(acc, bounds=BOUNDS)
            rows.append({"size": size, "row": label, "mean": s.mean, "summary": s.mean_std()})
    return pd.DataFrame(rows, columns=["size", "row", "mean", "summary"])


def size_sweep(results: Results) -> pd.DataFrame:
    """:func:`size_sweep_data` as the page shows it: rows by model, a column per target size."""
    data = size_sweep_data(results)
    if data.empty:
        return pd.DataFrame()
    table = data.pivot(index="row", columns="size", values="summary")
    order = list(dict.fromkeys(data["row"]))
    table = table.reindex(order)
    table.columns = [f"{c} per class" for c in table.columns]
    table.index.name = "Model"
    return table


# -- the pilot ------------------------------------------------------------------
def pilot_data(results: Results) -> pd.DataFrame:
    """Per pilot size: scratch and fine-tune mean accuracy, the paired SD, the seeds the
    margin needs (NaN: more than 10,000) and whether they fit ``max_table_seeds``."""
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
                "size": size,
                "scratch": float(b.mean()),
                "finetune": float(a.mean()),
                "sd": d.std,
                "need": math.nan if need is None else need,
                "fits": need is not None and need <= budget,
            }
        )
    columns = ["size", "scratch", "finetune", "sd", "need", "fits"]
    return pd.DataFrame(rows, columns=columns).set_index("size")


def pilot(results: Results) -> pd.DataFrame:
    """The pilot as the page shows it (:func:`pilot_data`, formatted)."""
    data = pilot_data(results)
    return pd.DataFrame(
        {
            "scratch (%)": [fmt(v) for v in data.scratch],
            "fine-tune (%)": [fmt(v) for v in data.finetune],
            "paired SD": [fmt(v, 2) for v in data.sd],
            "seeds needed": [
                "more than 10,000" if math.isnan(v) else int(v) for v in data.need.astype(float)
            ],
            "fits the seed budget": [bool(v) for v in data.fits],
        },
        index=pd.Index(data.index, name="images per class"),
    )


def pilot_choice(results: Results) -> dict:
    """The pilot rule: the smallest pilot size whose seeds-for-margin fits ``max_table_seeds``.

    If none fits, the size that needs the fewest seeds. Computed on the pilot
    seeds only, which are disjoint from the reported ones.
    """
    data = pilot_data(results)
    if data.empty:  # the pilot compares fine-tuning with scratch; not run
        return {"size": results.cfg.table_size, "seeds": "n/a", "fits": False}
    fits = data[data.fits.astype(bool)]
    if len(fits):
        size = int(fits.index.min())
    else:
        size = int(data.need.astype(float).fillna(math.inf).idxmin())
    need = float(data.loc[size, "need"])
    seeds = "more than 10,000" if math.isnan(need) else int(need)
    return {"size": size, "seeds": seeds, "fits": bool(data.loc[size, "fits"])}


# -- the shift axis -------------------------------------------------------------
# The kind of source a row of the source models' table is, beside the levels.
HAND_SOURCE_KIND = "a source, not a shift level"


def shift_sizes_table(results: Results) -> pd.DataFrame:
    """:func:`shift_sizes` as the page shows it: the control first, named as one; then the
    handwriting-only source (when it ran), on Table 1's seeds, named as a source."""
    data = shift_sizes(results)

    def row(source: str, kind: str, val: float, only: float, drop) -> dict[str, str]:
        return {
            "Source": LEVEL_LABELS.get(source, source),
            "kind": kind,
            "source validation (%)": fmt(val),
            "source-only on target (%)": fmt(only),
            "drop, points [95% CI]": f"{fmt(drop.mean)} {readable_ci(drop.ci_low, drop.ci_high)}",
        }

    rows = [
        row(
            r.level,
            "no-shift control" if r.control else "shift level",
            r.source_val,
            r.source_only,
            stats.Summary(r.n, r.drop, math.nan, r.drop_low, r.drop_high),
        )
        for r in data.itertuples()
    ]
    for source in (HANDWRITING_SOURCE, HANDWRITING_MATCHED):
        seeds = [s for s in results.cfg.seeds if (source, s) in results.pretrains]
        if not seeds:
            continue
        pre = results.pretraining
        p = pre[(pre.level == source) & pre.seed.isin(seeds)]
        drop = stats.summarize(results.source_drop(source, seeds))
        rows.append(
            row(
                source,
                HAND_SOURCE_KIND,
                p.source_val_acc.mean(),
                p.source_only_target_acc.mean(),
                drop,
            )
        )
    return pd.DataFrame(rows).set_index("Source")


def shift_summary(results: Results) -> pd.DataFrame:
    """Fine-tune minus scratch per (level, size) on the shift axis's seeds, with the 95% CI
    and the verdict (a :mod:`negresults.verdicts` constant)."""
    cfg = results.cfg
    rows = []
    for level in cfg.levels if "finetune" in cfg.all_arms else ():
        for size in cfg.target_sizes:
            seeds = cfg.shift_seed_list
            spec = results.spec()  # Table 1's protocol, never the oracle
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
                    "verdict": c.verdict,
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
            "Shift level": LEVEL_LABELS.get(level, level),
            "Source val.": fmt(sizes.loc[level, "source_val"]),
            "Source-only": fmt(sizes.loc[level, "source_only"]),
            "Drop [95% CI]": (
                f"{fmt(sizes.loc[level, 'drop'])} "
                f"{readable_ci(sizes.loc[level, 'drop_low'], sizes.loc[level, 'drop_high'])}"
            ),
        }
        for r in summary[summary.level == level].itertuples():
            row[f"{r.size} per class"] = f"{fmt(r.diff, signed=True)} {readable_ci(r.low, r.high)}"
        rows.append(row)
    return pd.DataFrame(rows).set_index("Shift level")


# -- the specification curve ----------------------------------------------------
# The curve varies two kinds of choice. Selection choices re-analyse one stored run
# (:func:`specs`); data choices read other stored runs (:func:`cells`). A budget axis
# (the same arms trained to other budgets) would be a third data choice: its runs would
# give cells with ``Cell.budget`` set, and a "training budget" column named here; the
# sentences and tables that read the curve take their choices from these tuples.
SELECTION_CHOICES = ("protocol", "stopping", "selection rule", "learning rate", "augmentation")
DATA_CHOICES = ("target size", "source")
DECLARED_BUDGET = "declared"  # the one budget the plan runs (Method: "Budgets")


def specs(cfg) -> list[Spec]:
    """The declared selection analyses: protocol x budget rule x selection rule x shared or
    per-arm learning rate x augmentation (cross-validation only where folds are run)."""
    protocols = ("holdout", "oracle") + (("cv",) if cfg.folds else ())
    return [
        Spec(protocol, budget, rule, shared, aug)
        for protocol, budget, rule, shared, aug in product(
            protocols, BUDGET_RULES, SELECTION_RULES, (False, True), (True, False)
        )
    ]


@dataclass(frozen=True)
class Cell:
    """The stored runs one part of the curve reads: a target size, a source, their seeds."""

    size: int
    level: str
    seeds: tuple[int, ...]
    folds: int
    budget: str = DECLARED_BUDGET  # the hook for a budget axis (not run: see above)


def _stored(results: Results, arm: str, size: int, level: str, seeds, folds: int) -> bool:
    runs = results.runs
    return all(
        (arm, level, size, s, folds) in runs and (REFERENCE, None, size, s, folds) in runs
        for s in seeds
    )


def cells(results: Results, arm: str = "finetune") -> list[Cell]:
    """Every (target size, source) at which ``arm`` and scratch were both run, by size, then
    source in the plan's order (the no-shift control first).

    Sizes are every size the shift axis runs and Table 1's; sources every level the
    plan runs, the no-shift control among them (named as a control wherever it is
    shown). A cell reads every seed of Table 1 where both arms ran on all of them
    (Table 1's own cell; the control at Table 1's size, which the second claim runs),
    else the shift axis's seeds.
    """
    cfg = results.cfg
    out = []
    levels = dict.fromkeys((*cfg.levels, cfg.table_level))  # Table 1's, even off the axis
    for size, level in product(cfg.all_sizes, levels):
        for seeds, folds in ((cfg.seeds, cfg.folds), (cfg.shift_seed_list, cfg.shift_folds)):
            if _stored(results, arm, size, level, seeds, folds):
                out.append(Cell(size, level, tuple(seeds), folds))
                break
    return out


def cell_specs(cfg, cell: Cell) -> list[Spec]:
    """The selection analyses a cell's runs allow (cross-validation only where they ran folds)."""
    return [s for s in specs(cfg) if s.protocol != "cv" or cell.folds]


# Curves already computed, per results object, by (arm, config): every page reads the
# curve two or three times (sentence, figures, table), and it re-picks every run.
_CURVES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def spec_curve(results: Results, arm: str = "finetune") -> pd.DataFrame:
    """``arm`` minus scratch under every declared analysis: every selection analysis
    (:func:`cell_specs`) at every cell (:func:`cells`), sorted by the estimate.

    Columns: the choices in words (:data:`SELECTION_CHOICES`, :data:`DATA_CHOICES`;
    the source by its label), then ``size``, ``level``, ``control`` (the no-shift
    control, not a shift), ``oracle`` (an upper bound), ``declared`` (the config's own
    selection analysis), ``table1`` (that analysis at Table 1's cell), ``seeds``,
    ``diff``, ``low``, ``high`` and ``verdict`` (a :mod:`negresults.verdicts` constant).
    """
    memo = _CURVES.setdefault(results, {})
    key = (arm, results.cfg)
    if key not in memo:
        memo[key] = _spec_curve(results, arm)
    return memo[key].copy()


def _spec_curve(results: Results, arm: str) -> pd.DataFrame:
    cfg = results.cfg
    own = results.spec()
    table_cell = (cfg.table_size, cfg.table_level)
    rows = []
    for cell in cells(results, arm):
        for spec in cell_specs(cfg, cell):
            a = results.test_acc(arm, cell.size, cell.seeds, cell.level, cell.folds, spec)
            b = results.test_acc(REFERENCE, cell.size, cell.seeds, cell.level, cell.folds, spec)
            c = compare(a, b, cfg.equivalence_margin)
            rows.append(
                {
                    "protocol": CHOICE_WORDS["protocol"][spec.protocol],
                    "stopping": CHOICE_WORDS["stopping"][spec.budget],
                    "selection rule": CHOICE_WORDS["selection rule"][spec.rule],
                    "learning rate": CHOICE_WORDS["learning rate"][spec.shared_lr],
                    "augmentation": CHOICE_WORDS["augmentation"][spec.augment],
                    "target size": f"{cell.size} per class",
                    "source": LEVEL_LABELS.get(cell.level, cell.level),
                    "size": cell.size,
                    "level": cell.level,
                    "control": cell.level == CONTROL_LEVEL,
                    "oracle": spec.protocol == "oracle",
                    "declared": spec == own,
                    "table1": spec == own and (cell.size, cell.level) == table_cell,
                    "seeds": len(cell.seeds),
                    "diff": c.difference.mean,
                    "low": c.difference.ci_low,
                    "high": c.difference.ci_high,
                    "verdict": c.verdict,
                }
            )
    columns = [*SELECTION_CHOICES, *DATA_CHOICES, "size", "level", "control", "oracle"]
    columns += ["declared", "table1", "seeds", "diff", "low", "high", "verdict"]
    df = pd.DataFrame(rows, columns=columns)
    return df.sort_values("diff", kind="stable").reset_index(drop=True)


def table1_verdict(curve: pd.DataFrame) -> str | None:
    """The verdict of Table 1's own analysis in a curve (None if the curve lacks it)."""
    own = curve[curve.table1.astype(bool)]
    return str(own.verdict.iloc[0]) if len(own) else None


def spec_cells(results: Results, arm: str = "finetune") -> pd.DataFrame:
    """The specification curve per cell, as the page shows it: one row per (target size,
    source), Table 1's first; the difference and verdict under Table 1's own selection
    analysis there; and how many of the cell's analyses give another verdict than Table 1's,
    the oracle's (an upper bound) counted apart."""
    df = spec_curve(results, arm)
    if df.empty:
        return pd.DataFrame()
    cfg = results.cfg
    verdict = table1_verdict(df)
    rows = []
    for cell in cells(results, arm):
        here = df[(df["size"] == cell.size) & (df.level == cell.level)]
        mine = here[here.declared.astype(bool)].iloc[0]
        table1 = (cell.size, cell.level) == (cfg.table_size, cfg.table_level)
        rows.append(
            {
                "Target size": f"{cell.size} per class",
                "Source": LEVEL_LABELS.get(cell.level, cell.level)
                + (" (Table 1)" if table1 else ""),
                "Seeds": len(cell.seeds),
                "Table 1's selection: difference [95% CI]": (
                    f"{fmt(mine['diff'], signed=True)} {readable_ci(mine.low, mine.high)}"
                ),
                "Verdict": VERDICT_WORDS[mine.verdict],
            }
        )
        for oracle in (False, True):
            part = here[here.oracle.astype(bool) == oracle]
            names = " and ".join(dict.fromkeys(part.protocol)) or "oracle (upper bound)"
            rows[-1][f"Verdict other than Table 1's: {names}"] = _differ_text(part, verdict)
    return pd.DataFrame(rows).set_index(["Target size", "Source"])


def _differ_text(part: pd.DataFrame, verdict: str | None) -> str:
    """How many of ``part``'s analyses give a verdict other than ``verdict``: 'none of 16',
    or '5 of 16 (inconclusive 4, no benefit 1)'."""
    if part.empty:
        return "not run"
    other = part[part.verdict != verdict]
    if other.empty:
        return f"none of {len(part)}"
    counts = other.verdict.value_counts()
    what = ", ".join(f"{VERDICT_WORDS[v]} {int(counts[v])}" for v in VERDICTS if v in counts.index)
    return f"{len(other)} of {len(part)} ({what})"


# -- selection health -----------------------------------------------------------
@dataclass(frozen=True)
class EdgePick:
    """A learning rate chosen on an edge of the grid, by one run under one protocol."""

    arm: str
    size: int
    level: str | None
    seed: int
    protocol: str
    lr: float
    test_acc: float
    interior: tuple[float, float] | None  # (rate, test accuracy) of the best interior rate


def lr_edge_records(results: Results) -> list[EdgePick]:
    """Each pick on an edge of the learning-rate grid, over every run (arm, size, level, seed).

    Counted under both protocols the book reports (the config's and the
    oracle), so a rate at the edge under either one shows up. With more than
    two rates, each comes with the run's best interior rate: a wider grid
    helps only if the edge beats the interior on test too.
    """
    cfg = results.cfg
    found = []
    for protocol in reported_protocols(cfg):
        spec = results.spec(protocol=protocol)
        for (arm, level, size, seed, _), run in results.runs.items():
            # The run's own grid: LP-FT's reaches below the other arms' (lpft_low_lrs), the
            # linear probe's above them (probe_high_lrs).
            grid = sorted(set(results.grid(run)["lr"].tolist()))
            if len(grid) < 2:
                continue
            pick = results.pick(run, spec)
            if pick.lr not in (grid[0], grid[-1]):
                continue
            interior = None
            if len(grid) > 2:
                inner = results.pick(run, results.spec(protocol=protocol, interior_lr=True))
                interior = (inner.lr, inner.test_acc)
            found.append(
                EdgePick(arm, size, level, seed, protocol, pick.lr, pick.test_acc, interior)
            )
    return found


def lr_tied_edges(results: Results) -> dict[str, tuple[int, int, int]]:
    """Per arm, over its runs at Table 1's size under the config's protocol: (runs, runs whose
    tied rates reach the bottom of the arm's grid, runs whose tied rates reach its top).

    The declared rule picks the median of the tied rates, so its pick stays inside the grid
    even where the tie reaches an edge; there the grid's extent, not the selection data,
    bounds the choice, and a wider grid can move it."""
    if results in _TIED_EDGES:  # read by two pages' sentences; each re-reads every grid point
        return _TIED_EDGES[results]
    out: dict[str, list[int]] = {}
    for (arm, _, size, _, _), run in results.runs.items():
        if size != results.cfg.table_size:
            continue
        grid = sorted(set(results.grid(run)["lr"].tolist()))
        tied = results.tied_lrs(run)
        counts = out.setdefault(arm, [0, 0, 0])
        counts[0] += 1
        counts[1] += len(grid) > 1 and grid[0] in tied
        counts[2] += len(grid) > 1 and grid[-1] in tied
    _TIED_EDGES[results] = {a: tuple(out[a]) for a in ARMS if a in out}
    return _TIED_EDGES[results]


_TIED_EDGES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Widening:
    """An arm's claim-1 comparison on one source, read from the same runs with its grid
    before a widening and as it is now, by the declared rule and by the top score alone,
    and the seeds whose declared pick moved."""

    arm: str
    level: str
    before: Comparison
    now: Comparison
    top_before: Comparison
    top_now: Comparison
    moved: int
    seeds: int


def grid_widenings(results: Results) -> list[Widening]:
    """The arms whose grid was widened past the common one, per source claim 1 reads: the
    linear probe without its rates above :data:`PROBE_TOP_BEFORE`, LP-FT without its rates
    below the common grid ([] where neither grid reaches past)."""
    cfg = results.cfg
    narrower = {}
    if "linear_probe" in cfg.all_arms and max(cfg.lr_grid_of("linear_probe")) > PROBE_TOP_BEFORE:
        narrower["linear_probe"] = {"max_lr": PROBE_TOP_BEFORE}
    if "lpft" in cfg.all_arms and cfg.lpft_low_lrs and cfg.lr_grid:
        narrower["lpft"] = {"min_lr": min(cfg.lr_grid)}
    sources = [(cfg.table_level, cfg.seeds)]
    if cfg.pure_level is not None and cfg.pure_seed_list:
        sources.append((cfg.pure_level, cfg.pure_seed_list))
    out = []
    for arm, limit in narrower.items():
        narrow, top, top_narrow = (
            results.spec(**limit),
            results.spec(rule="best"),
            results.spec(rule="best", **limit),
        )
        for level, seeds in sources:
            runs = [results.run(arm, cfg.table_size, s, level) for s in seeds]
            moved = sum(results.pick(r, narrow).point != results.pick(r).point for r in runs)

            def read(spec, arm=arm, level=level, seeds=seeds):
                return comparison(results, arm, spec=spec, seeds=seeds, level=level)

            out.append(
                Widening(
                    arm,
                    level,
                    read(narrow),
                    read(None),
                    read(top_narrow),
                    read(top),
                    moved,
                    len(seeds),
                )
            )
    return out


def lr_edge_picks(results: Results) -> int:
    """How many picks lie on an edge of the learning-rate grid (:func:`lr_edge_records`)."""
    return len(lr_edge_records(results))


def lr_edge_picks_top_score(results: Results) -> int:
    """How many picks would lie on an edge of the arm's grid under the top score alone (no
    one-standard-error rule), under the protocols the book reports: what the declared rule,
    which takes the median rate among the tied, is compared with."""
    found = 0
    for protocol in reported_protocols(results.cfg):
        spec = results.spec(protocol=protocol, rule="best")
        for run in results.runs.values():
            grid = sorted(set(results.grid(run)["lr"].tolist()))
            found += len(grid) >= 2 and results.pick(run, spec).lr in (grid[0], grid[-1])
    return found


# Each non-deep baseline's tuned settings: (name in the run's config, which pick field). A
# k-nearest-neighbours pick of k = 1 is the least k there is, not a grid's edge.
NONDEEP_GRIDS = {
    "logreg": (("logreg_c_grid", "setting_a"),),
    "svm": (("svm_c_grid", "setting_a"), ("svm_gamma_grid", "setting_b")),
    "knn": (("knn_k_grid", "setting_a"),),
}


def nondeep_edge_picks(results: Results) -> tuple[int, int]:
    """(picks on an edge of one of their grids, picks) of the non-deep baseline Table 1's
    protocol chose, over every size and seed it ran."""
    low, high, _, picks = nondeep_edge_counts(results)
    return low + high, picks


def nondeep_edge_counts(results: Results) -> tuple[int, int, int, int]:
    """(low-edge-only picks, high-edge picks, low-edge-only picks that tie on the selection
    scores with another candidate, picks) of :func:`nondeep_edge_picks`. The tie-break takes
    the first candidate in the declared order, strongest regularisation first, so it can put
    a tie on a low edge, never on a high one: a tied low-edge pick says the score is flat at
    the edge, not that it climbs towards it."""
    low = high = tied = 0
    spec = results.spec()
    for size, seed, folds in results.baselines:
        run = results.baselines[(size, seed, folds)]
        pick = results.baseline_pick(size, seed, folds=folds)
        sides = set()
        for field, attr in NONDEEP_GRIDS[pick.baseline]:
            grid = sorted(float(v) for v in run.config[field])
            value = getattr(pick, attr)
            if value == grid[-1]:
                sides.add("high")
            elif value == grid[0] and pick.baseline != "knn":
                sides.add("low")
        high += "high" in sides
        if sides == {"low"}:
            low += 1
            scores = nondeep.selection_scores(results.grid(run), spec.protocol)
            tied += int((scores == scores[pick.index]).sum()) > 1
    return low, high, tied, len(results.baselines)


def reported_protocols(cfg) -> tuple[str, ...]:
    """The selection protocols the book reports: the config's, and the oracle."""
    return tuple(dict.fromkeys((cfg.selection, "oracle")))


def selected_lrs(results: Results) -> pd.DataFrame:
    """How often each learning rate was chosen, per arm, over every run."""
    df = results.accuracy
    counts = df.groupby(["arm", "selected_lr"]).size().unstack(fill_value=0)
    counts = counts.reindex([a for a in ARMS if a in counts.index])
    rates = {lr for arm in results.cfg.all_arms for lr in results.cfg.lr_grid_of(arm)}
    counts = counts.reindex(columns=sorted(rates), fill_value=0)
    counts.index = [SHORT[a] for a in counts.index]
    counts.columns = [number(c) for c in counts.columns]
    # A rate per row: the grid has more rates than a page column holds side by side.
    out = counts.T
    out.index.name = "learning rate"
    return out


def per_seed(results: Results) -> pd.DataFrame:
    """Every seed's test accuracy for every arm at Table 1's size (seeds as rows)."""
    cfg = results.cfg
    columns = {SHORT[a]: results.test_acc(a, cfg.table_size, cfg.seeds) for a in cfg.all_arms}
    return pd.DataFrame(columns, index=pd.Index(cfg.seeds, name="seed")).round(1)


def per_seed_pure(results: Results) -> pd.DataFrame:
    """Every seed of claim 1 on the source without target images: scratch (Table 1's own run
    on the seed) and each transferred arm from that source (empty when it did not run)."""
    cfg = results.cfg
    seeds = cfg.pure_seed_list
    if cfg.pure_level is None or not seeds:
        return pd.DataFrame()
    columns = {
        SHORT[a]: results.test_acc(a, cfg.table_size, seeds, level=cfg.pure_level)
        for a in cfg.all_arms
    }
    return pd.DataFrame(columns, index=pd.Index(seeds, name="seed")).round(1)


def per_seed_second(results: Results) -> pd.DataFrame:
    """Every fresh seed of the second claim: scratch (its reference at both levels, since it
    sees no source) and each claim-2 arm from the no-shift control and from the subtlest real
    level, test accuracy at Table 1's size (empty when the claim did not run)."""
    cfg = results.cfg
    levels = second_claim_levels(cfg)
    seeds = cfg.claim_seeds
    if levels is None or not seeds:
        return pd.DataFrame()
    control, subtlest = levels
    size = cfg.table_size
    columns = {SHORT[REFERENCE]: results.test_acc(REFERENCE, size, seeds, subtlest, cfg.folds)}
    for arm in SECOND_CLAIM_ARMS:
        if arm not in cfg.all_arms:
            continue
        columns[f"{SHORT[arm]} without a shift"] = results.test_acc(
            arm, size, seeds, control, cfg.folds
        )
        columns[f"{SHORT[arm]} at the subtlest shift"] = results.test_acc(
            arm, size, seeds, subtlest, cfg.folds
        )
    return pd.DataFrame(columns, index=pd.Index(seeds, name="seed")).round(1)


def per_seed_paired(results: Results) -> pd.DataFrame:
    """The runs paired with Table 1's on the same seeds, seed by seed: the handwriting
    control and the arms from the handwriting alone, at equal steps and at Table 1's passes
    (a table of its own, so neither is wider than a page; empty when none ran)."""
    cfg = results.cfg
    columns = {}
    control = handwriting_runs(results)
    if control is not None:
        columns[PART_LABELS["hand"]] = control
    for source, label in (
        (HANDWRITING_SOURCE, HAND_SOURCE_LABEL),
        (HANDWRITING_MATCHED, HAND_MATCHED_LABEL),
    ):
        for arm in hand_source_ran(results, source):
            columns[label.format(arm=SHORT[arm])] = results.test_acc(
                arm, cfg.table_size, cfg.seeds, level=source
            )
    if not columns:
        return pd.DataFrame()
    return pd.DataFrame(columns, index=pd.Index(cfg.seeds, name="seed")).round(1)


def _area(p) -> float:
    """Mean validation accuracy over the logged steps up to the budget (never the extension)."""
    return float(np.mean([v for v, s in zip(p.val_curve, p.steps, strict=True) if s <= p.budget]))


def common_step(picks) -> int | None:
    """The last step every pick logged within its budget: where arms with different budgets
    can be compared as a speed (None when they share no logged step)."""
    shared = set.intersection(*[{s for s in p.steps if s <= p.budget} for p in picks])
    return max(shared) if shared else None


def learning_speed(results: Results) -> pd.DataFrame:
    """Per arm at Table 1's size: area under the validation curve (mean accuracy over the
    logged steps up to its budget), the budget, and validation accuracy at the last step every
    arm logged (:func:`common_step`), the reading that compares arms as a speed."""
    cfg = results.cfg
    picks = {
        arm: [results.pick(results.run(arm, cfg.table_size, s)) for s in cfg.seeds]
        for arm in cfg.all_arms
    }
    step = common_step([p for ps in picks.values() for p in ps])
    rows = []
    for arm, ps in picks.items():
        s = stats.summarize([_area(p) for p in ps], bounds=BOUNDS)
        row = {
            "Model": SHORT[arm],
            "Area, mean (std)": s.mean_std(),
            "95% CI": s.ci(),
            "budget (steps)": str(int(np.median([p.budget for p in ps]))),
        }
        if step is not None:
            at = stats.summarize([p.val_curve[p.steps.index(step)] for p in ps], bounds=BOUNDS)
            row[f"accuracy at step {step}, mean (std)"] = at.mean_std()
        rows.append(row)
    return pd.DataFrame(rows).set_index("Model")


@dataclass(frozen=True)
class FinalGain:
    """What one arm would still gain, trained half as long again past where it stopped."""

    steps: tuple[int, int]  # where the runs stopped and where the longer run is read (medians)
    gain: stats.Summary  # validation-split gain over seeds (points): mean, std, t interval


def longer_step(steps, stop: int, extension: float) -> int:
    """The logged step that reads a run trained ``extension`` of ``stop`` longer (the first
    logged step at or past it; the last logged step if the log ends before)."""
    want = stop * (1 + extension)
    later = [s for s in steps if s >= want - 1e-9]
    return int(later[0]) if later else int(steps[-1])


def final_gains(results: Results, pure: bool = False) -> dict[str, FinalGain]:
    """Was any arm cut short? Per arm at Table 1's size, over seeds.

    The chosen grid point stopped at some logged step (early stopping on its
    selection data, or the budget) and is read at its best step before. Its
    gain is its accuracy on the large per-seed validation split (never the
    holdout that stopped it) had it trained ``extension`` of that longer,
    minus its accuracy where it is read. Every run logs that far past its
    budget, and no selection rule reads those steps. ``pure``: the transferred
    arms on the font-only source, on its seeds (scratch there is Table 1's own run).
    """
    cfg = results.cfg
    memo = _FINAL_GAINS.setdefault(results, {})
    if (pure, cfg) not in memo:
        memo[(pure, cfg)] = _final_gains(results, pure)
    return dict(memo[(pure, cfg)])


# final_gains per results object: a page reads it in its table, its sentences and its
# checks, and each call re-picks every run (about a second on the cpu preset).
_FINAL_GAINS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

# Points: what a model may still gain when its training stops (the finish limit).
FINISH_LIMIT = 1.0


def pretraining_quarter(epochs: int) -> int:
    """The epoch the last quarter of ``epochs`` pretraining epochs is read from (at least one
    epoch back): 9 of 12, 2 of 3."""
    return max(1, epochs - max(1, round(epochs / 4)))


def pretraining_gains(results: Results, levels=None) -> pd.Series:
    """Per level (every shift level, or ``levels``), what the source model still gained over
    the last quarter of its pretraining: source validation accuracy at the last epoch minus
    at :func:`pretraining_quarter`, mean over the reported seeds (points); empty when fewer
    than two epochs were logged. The source of Table 1's handwriting alone is not a level:
    its finish is read apart (:func:`hand_source_pretraining_gain`), on its few validation
    images."""
    df = results.pretraining_curves
    if df.empty or df.epoch.nunique() < 2:
        return pd.Series(dtype=float)
    sources = (HANDWRITING_SOURCE, HANDWRITING_MATCHED)  # not levels: read apart
    df = df[~df.level.isin(sources)] if levels is None else df[df.level.isin(levels)]
    if df.empty:
        return pd.Series(dtype=float)
    means = df.groupby(["level", "epoch"]).source_val_acc.mean().unstack()
    last = int(means.columns.max())
    return (means[last] - means[pretraining_quarter(last)]).sort_values()


def validation_loss_turn(results: Results, level: str) -> tuple[int, float] | None:
    """Where a source model's validation loss, mean over seeds, is lowest, and how much
    higher it ends: ``(epoch, rise)`` (None when that source did not run). A rise while
    accuracy holds is a model growing more confident on images it gets wrong."""
    df = results.pretraining_curves
    if df.empty or "source_val_loss" not in df or level not in set(df.level):
        return None
    loss = df[df.level == level].groupby("epoch").source_val_loss.mean()
    return int(loss.idxmin()), float(loss.iloc[-1] - loss.min())


def swap_parts(
    results: Results, source: str = HANDWRITING_SOURCE
) -> dict[str, tuple[Comparison, Comparison]]:
    """Per arm trained from the handwriting alone (``source``: at equal steps, or
    ``HANDWRITING_MATCHED`` at Table 1's passes) that also ran on the no-shift control on
    Table 1's seeds: the subtlest level's loss against the control in two parts, paired by
    seed, ``(handwriting taken away, fonts added)``: the arm from the handwriting alone minus
    from the control's source, and from Table 1's source minus from the handwriting alone."""
    cfg = results.cfg
    out = {}
    # The second part is the fonts' share.
    found = fonts_added(results) if source == HANDWRITING_SOURCE else fonts_added_matched(results)
    for arm, added in found.items():
        if not all(
            (arm, CONTROL_LEVEL, cfg.table_size, s, cfg.folds) in results.runs for s in cfg.seeds
        ):
            continue
        alone = results.test_acc(arm, cfg.table_size, cfg.seeds, level=source)
        control = results.test_acc(arm, cfg.table_size, cfg.seeds, level=CONTROL_LEVEL)
        out[arm] = (compare(alone, control, cfg.equivalence_margin), added)
    return out


def hand_source_pretraining_gain(results: Results) -> float | None:
    """:func:`pretraining_gains` of the source of Table 1's handwriting alone (None when it
    did not run)."""
    gains = pretraining_gains(results, (HANDWRITING_SOURCE,))
    return float(gains.iloc[0]) if len(gains) else None


def _final_gains(results: Results, pure: bool) -> dict[str, FinalGain]:
    cfg = results.cfg
    out = {}
    if cfg.extension <= 0 or (pure and not cfg.pure_seed_list):
        return out
    seeds = cfg.pure_seed_list if pure else cfg.seeds
    level = cfg.pure_level if pure else None
    for arm in cfg.all_arms:
        if pure and arm == REFERENCE:
            continue
        out[arm] = _final_gain(results, arm, cfg.table_size, seeds, level)
    return out


def _final_gain(results: Results, arm: str, size: int, seeds, level, folds=None) -> FinalGain:
    """One arm's :class:`FinalGain` at ``size`` over ``seeds`` (``level``: its source)."""
    gains, stops, longer = [], [], []
    for seed in seeds:
        p = results.pick(results.run(arm, size, seed, level=level, folds=folds))
        t = longer_step(p.steps, p.stop, results.cfg.extension)
        curve = dict(zip(p.steps, p.val_curve, strict=True))
        gains.append(curve[t] - curve[p.step])
        stops.append(p.stop)
        longer.append(t)
    return FinalGain((int(np.median(stops)), int(np.median(longer))), stats.summarize(gains))


def final_gains_by_size(results: Results) -> dict[tuple[int, str], FinalGain]:
    """The finish check at every size of the shift axis other than Table 1's, with Table 1's
    source and the shift axis's seeds: ``(size, arm)`` for every arm run there."""
    cfg = results.cfg
    if cfg.extension <= 0:
        return {}
    seeds = cfg.shift_seed_list
    out = {}
    for size in cfg.target_sizes:
        if size == cfg.table_size:
            continue  # Table 1's own check reads every seed
        for arm in cfg.all_arms:
            level = None if arm == REFERENCE else cfg.table_level
            key = (arm, level, size)
            if all((*key, s, cfg.shift_folds) in results.runs for s in seeds):
                out[(size, arm)] = _final_gain(
                    results, arm, size, seeds, cfg.table_level, cfg.shift_folds
                )
    return out


def max_final_gain(results: Results) -> float:
    """The largest mean gain over arms (:func:`final_gains`; NaN when nothing was logged past)."""
    gains = [g.gain.mean for g in final_gains(results).values()]
    return max(gains) if gains else math.nan


PURE_ROW = "{arm}, source without target images"  # a row of the font-only source's arms


def final_gain(results: Results) -> pd.DataFrame:
    """:func:`final_gains` as the page shows it: Table 1's arms, then the font-only source's."""

    def signed(x: float) -> str:  # a gain rounding to zero has no sign a reader can use
        return fmt(x, signed=True) if round(x, 1) != 0 else fmt(0.0)

    rows = [
        {
            "Model": (PURE_ROW.format(arm=SHORT[arm]) if pure else SHORT[arm]),
            "stopped at step (median)": str(g.steps[0]),
            "read again at step (median)": str(g.steps[1]),
            "gain, mean (std)": f"{signed(g.gain.mean)} ({fmt(g.gain.std)})",
            "95% CI": readable_ci(g.gain.ci_low, g.gain.ci_high),
        }
        for pure in (False, True)
        for arm, g in final_gains(results, pure=pure).items()
    ]
    columns = [
        "Model",
        "stopped at step (median)",
        "read again at step (median)",
        "gain, mean (std)",
        "95% CI",
    ]
    return pd.DataFrame(rows, columns=columns).set_index("Model")


def _in_order(values: set[str]) -> list[str]:
    """Formatted values in numeric order where they are numbers (5 before 20), else as text."""

    def key(v: str):
        try:
            return (0, float(v), v)
        except ValueError:
            return (1, 0.0, v)

    return sorted(values, key=key)


def _seed_groups(cfg) -> list[tuple[str, set[int]]]:
    """The seed sets a run can belong to, named as the pages name them."""
    return [
        ("Table 1", set(cfg.seeds)),
        ("second claim", set(cfg.claim_seeds)),
        ("pilot", set(cfg.pilot_seeds)),
    ]


EVERY_RUN = "every run's configuration"  # the runs column of a value every run's config holds


def _where(values: dict[str, dict[str, set[int]]], order: list[str], cfg) -> list[tuple[str, str]]:
    """One setting's values, each with the runs that take it, from ``{value: {who: seeds}}``:
    ``[(value, runs)]``, runs :data:`EVERY_RUN` for a value every run takes. A ``who`` that
    takes several values is split by the seed sets that take each."""
    if len(values) == 1:
        return [(next(iter(values)), EVERY_RUN)]
    takes: dict[str, int] = {}
    for who_seeds in values.values():
        for who in who_seeds:
            takes[who] = takes.get(who, 0) + 1
    out = []
    for value in _in_order(set(values)):
        # Who takes only this value first, then who takes it on some seeds: two groups, a
        # semicolon apart, so "on the pilot seeds" is not read as said of every name.
        whole, some = [], []
        for who in sorted(values[value], key=lambda w: (takes[w] > 1, order.index(w))):
            if takes[who] == 1:
                whole.append(who)
                continue
            seeds = values[value][who]
            sets = [name for name, group in _seed_groups(cfg) if seeds & group]
            some.append(f"{who} on the {' and '.join(sets)} seeds")
        out.append((value, "; ".join(and_list(g) for g in (_one_budget(whole), some) if g)))
    return out


_AT_BUDGET = re.compile(r"(.+) (at \S+ times the budget)")


def _one_budget(names: list[str]) -> list[str]:
    """Arms at one longer budget, named once with it: "scratch and fine-tune at 4 times the
    budget", not the budget after each arm."""
    out: list[str] = []
    arms: dict[str, list[str]] = {}
    for name in names:
        m = _AT_BUDGET.fullmatch(name)
        if m is None:
            out.append(name)
            continue
        if m[2] not in arms:
            arms[m[2]] = []
            out.append(m[2])  # a place holder, where the budget's first arm stood
        arms[m[2]].append(m[1])
    return [f"{and_list(arms[n])} {n}" if n in arms else n for n in out]


def _fonts_only_note(cfg) -> str:
    """What ``source_per_class`` does: every pretraining counts its epoch in it (so every
    source gets the same steps), but only a source of fonts alone holds that many images;
    the control and the mixed sources are the reservoir's, the handwriting-only one less."""
    fonts = [
        LEVEL_LABELS.get(lv, lv) for lv in cfg.levels if lv not in (*MIXED_LEVELS, CONTROL_LEVEL)
    ]
    return (
        "every source's pretraining epoch counts this many images per class, so every source "
        "gets the same steps per epoch; only the sources of fonts alone "
        f"({and_list(fonts)}) hold this many: the no-shift control "
        f"and the mixed sources hold {cfg.reservoir_per_class} images per class in all "
        "(the target collection's handwriting set aside for them, some of it replaced by "
        "fonts in the mixed ones)"
        + (", and the handwriting-only source fewer" if hand_source_arms(cfg) else "")
    )


def hyperparameters(results: Results) -> pd.DataFrame:
    """The settings of the runs shown, read from their stored configs, one row per value:
    where runs differ, each value's row says which runs take it (the arm, the source, or
    the seeds); the value column holds values only, the runs column words."""
    cfg = results.cfg
    rows = []

    def add(stage: str, setting: str, found: list[tuple[str, str]]) -> None:
        rows.extend(
            {"stage": stage, "setting": setting, "value": v, "runs": who} for v, who in found
        )

    # Every pretraining's settings (sources differ: a mixed level holds its own font share).
    pre = list(results.pretrains.values())
    # The shift axis's levels first, then any other source (Table 1's handwriting alone).
    shifts = list(dict.fromkeys([*cfg.levels, *(source_name(r.config) for r in pre)]))

    def source(shift: str, setting: str) -> str:
        who = LEVEL_LABELS.get(shift, shift)
        if setting == "font_share" and shift in (HANDWRITING_SOURCE, HANDWRITING_MATCHED):
            return f"{who} (it keeps the handwriting of the source with this share, and holds no fonts itself)"
        return who

    keys = list(dict.fromkeys(k for r in pre for k in r.config if k not in ("seed", "shift")))
    for k in keys:
        values: dict[str, dict[str, set[int]]] = {}
        for r in pre:
            if k in r.config:
                who = source(source_name(r.config), k)
                values.setdefault(format_value(r.config[k]), {}).setdefault(who, set()).add(
                    r.config["seed"]
                )
        levels = [source(lv, k) for lv in shifts]
        holders = {who for seeds in values.values() for who in seeds}
        if len(values) == 1 and any(k not in r.config for r in pre):
            # One value, but not every source's: name the sources that hold it.
            found = [(next(iter(values)), and_list([w for w in levels if w in holders]))]
        else:
            found = _where(values, levels, cfg)
        if k == "source_per_class":
            found = [(v, f"{who}; {_fonts_only_note(cfg)}") for v, who in found]
        add("pretraining", k, found)
    # Every run on the target: each arm's, then the budget axis's longer ones, named apart.
    arm_runs = [(SHORT.get(r.config["arm"], r.config["arm"]), r) for r in results.runs.values()]
    arms = [SHORT[a] for a in cfg.all_arms if a in SHORT]
    for (scale, arm, *_), r in results.budgets.items():
        who = f"{SHORT.get(arm, arm)} at {scale:g} times the budget"
        arm_runs.append((who, r))
        arms += [who] if who not in arms else []
    skip = {"arm", "size", "seed", "pretrain", "folds", "budget_scale"}  # named in the runs
    # Every setting any run holds (LP-FT's probe stage is in LP-FT's configs only), each
    # read from the runs that hold it.
    for k in dict.fromkeys(k for _, r in arm_runs for k in r.config):
        if k in skip:
            continue
        values = {}
        for who, r in arm_runs:
            if k in r.config:
                values.setdefault(format_value(r.config[k]), {}).setdefault(who, set()).add(
                    r.config["seed"]
                )
        if len(values) == 1 and any(k not in r.config for _, r in arm_runs):
            # One value, but not every run's: name the runs that hold it.
            value, holders = next(iter(values.items()))
            add("target", k, [(value, and_list([w for w in arms if w in holders]))])
        else:
            add("target", k, _where(values, arms, cfg))
    runs = [r for _, r in arm_runs]
    folds = sorted({r.config["folds"] for r in runs})
    add(
        "target",
        "folds",
        [
            (
                format_value(f),
                f"{EVERY_RUN if len(folds) == 1 else 'some runs'}: "
                + ("cross-validated" if f else "settings chosen on a holdout, no folds"),
            )
            for f in folds
        ],
    )
    sizes = format_value(sorted({r.config["size"] for r in runs}))
    hand = handwriting_size(cfg)
    where = "the sizes the runs cover (Table 1 reads one" + (
        f"; {hand} is the handwriting control's)" if hand is not None else ")"
    )
    add("target", "size", [(sizes, where)])
    seeds = {r.config["seed"] for r in runs}
    for name, group in _seed_groups(cfg):
        if not seeds & group:
            continue
        who = name
        if name == "Table 1":  # which of them the shift axis and the font-only source read
            parts = [
                ("the shift axis", cfg.shift_seed_list),
                ("the source without target images", cfg.pure_seed_list),
            ]
            inner = [
                f"{where} {seed_range(tuple(s))}"
                for where, s in parts
                if s and set(s) <= seeds and set(s) != set(cfg.seeds)  # all of them: no news
            ]
            who += f" (of them, {' and '.join(inner)})" if inner else ""
        add("target", "seed", [(seed_range(tuple(sorted(seeds & group))), who)])
    out = pd.DataFrame(rows)
    out.insert(2, "in words", [SETTING_WORDS.get(k, k.replace("_", " ")) for k in out.setting])
    return out.set_index(["stage", "setting"])


# -- the budget axis ----------------------------------------------------------------
@dataclass(frozen=True)
class BudgetCell:
    """One arm against scratch at one target size and budget (Table 1's shift and analysis)."""

    size: int
    scale: float  # 1.0: the declared budget
    arm: str
    comparison: object  # negresults.verdicts.Comparison: arm minus scratch, per seed
    stop: int  # median logged step where the arm's chosen point stopped
    budget: int  # that budget's steps
    scratch_stop: int = -1  # the same for scratch
    scratch_budget: int = -1  # scratch's budget's steps


def _budget_arms(results: Results, level: str) -> list[str]:
    """The transferred arms the budget axis ran from ``level``'s source."""
    ran = {a for _, a, lv, *_ in results.budgets if lv == level}
    return sorted(ran, key=results.cfg.all_arms.index)


def budget_cells(results: Results, level: str | None = None) -> list[BudgetCell]:
    """Every arm of the budget axis from ``level``'s source (Table 1's by default) against
    scratch, at the declared budget (the shift axis's runs) and at each longer one, on the
    shift axis's seeds; empty where the budget axis did not run from that source."""
    cfg = results.cfg
    level = level or cfg.table_level
    arms = _budget_arms(results, level)
    if not arms:
        return []
    seeds, m = cfg.shift_seed_list, cfg.equivalence_margin

    def run(scale, arm, size, seed):
        if scale == 1.0:
            return results.run(arm, size, seed, level, cfg.shift_folds)
        return results.budget_run(scale, arm, size, seed, level)

    out = []
    for size in cfg.budget_sizes:
        for scale in (1.0, *cfg.budget_scales):
            scratch = [results.pick(run(scale, REFERENCE, size, s)) for s in seeds]
            for arm in arms:
                picks = [results.pick(run(scale, arm, size, s)) for s in seeds]
                c = compare([p.test_acc for p in picks], [p.test_acc for p in scratch], m)
                stop = int(np.median([p.stop for p in picks]))
                scratch_stop = int(np.median([p.stop for p in scratch]))
                out.append(
                    BudgetCell(
                        size,
                        scale,
                        arm,
                        c,
                        stop,
                        picks[0].budget,
                        scratch_stop,
                        scratch[0].budget,
                    )
                )
    return out


def budget_own_gains(
    results: Results, level: str | None = None
) -> list[tuple[str, int, float, Comparison]]:
    """Per transferred arm of the budget axis from ``level``'s source (Table 1's by default),
    size and longer budget: the arm's own test accuracy there minus at its declared budget,
    paired by seed (what the longer budget itself adds, beside the comparison with scratch)."""
    cfg = results.cfg
    level = level or cfg.table_level
    arms = _budget_arms(results, level)
    seeds, m = cfg.shift_seed_list, cfg.equivalence_margin
    out = []
    for size in cfg.budget_sizes if arms else ():
        declared = {
            arm: [
                results.pick(results.run(arm, size, s, level, cfg.shift_folds)).test_acc
                for s in seeds
            ]
            for arm in arms
        }
        for scale in cfg.budget_scales:
            for arm in arms:
                longer = [
                    results.pick(results.budget_run(scale, arm, size, s, level)).test_acc
                    for s in seeds
                ]
                out.append((arm, size, scale, compare(longer, declared[arm], m)))
    return out


def budget_capped(results: Results, level: str | None = None) -> tuple[int, int]:
    """Of the budget axis's longer runs of the transferred arms from ``level``'s source
    (Table 1's by default): how many stopped at the end of their budget (the chosen point
    at its last logged step), and how many there are. They train no extension, so no
    finish check reads them."""
    cfg = results.cfg
    level = level or cfg.table_level
    picks = [
        results.pick(results.budget_run(scale, arm, size, seed, level))
        for scale in cfg.budget_scales
        for size in cfg.budget_sizes
        for arm in _budget_arms(results, level)
        for seed in cfg.shift_seed_list
    ]
    return sum(p.stop >= p.budget for p in picks), len(picks)


@dataclass(frozen=True)
class PureBudget:
    """One arm of the font-only claim beside the budget axis at Table 1's size: the claim's
    own reading (declared budget, its seeds), and arm minus scratch at the declared and the
    first longer budget on the seeds that read it: the claim's own where those runs exist
    (``own``), else the budget axis's."""

    arm: str
    claim: Comparison
    declared: Comparison  # arm minus scratch, declared budget, on ``seeds``
    longer: Comparison  # the same at ``scale`` times the budget
    gain: Comparison  # the arm's own accuracy at the longer budget minus at the declared
    scale: float
    seeds: int
    own: bool
    stop: int  # median logged step where the arm's declared runs on those seeds stopped
    budget: int  # their budget's steps

    @property
    def moved(self) -> bool:
        """The claim reads anything but benefit and the longer budget reads benefit (on the
        budget axis's seeds, only where the declared budget there does not)."""
        return (
            self.claim.verdict != POSITIVE
            and self.longer.verdict == POSITIVE
            and (self.own or self.declared.verdict != POSITIVE)
        )


# pure_budget per results object: the Experiments, the Conclusion, its agreement and the
# claims table each read it, and each call re-picks 400-odd runs.
_PURE_BUDGET: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def pure_budget(results: Results) -> list[PureBudget]:
    """The font-only claim's arms on the budget axis, read on the claim's own seeds where the
    longer runs exist there, else on the budget axis's (empty where neither ran)."""
    memo = _PURE_BUDGET.setdefault(results, {})
    if results.cfg not in memo:
        memo[results.cfg] = _pure_budget(results)
    return list(memo[results.cfg])


def _pure_budget(results: Results) -> list[PureBudget]:
    cfg = results.cfg
    level, size, m = cfg.pure_level, cfg.table_size, cfg.equivalence_margin
    if level is None or not cfg.pure_seed_list or not cfg.budget_scales:
        return []
    claim = dict(judged_pure(results))
    arms = [a for a in _budget_arms(results, level) if a in claim]
    scale = cfg.budget_scales[0]
    own = all(
        (scale, a, lv, size, s) in results.budgets
        for s in cfg.pure_seed_list
        for a, lv in [(REFERENCE, None), *[(a, level) for a in arms]]
    )
    seeds = cfg.pure_seed_list if own else cfg.shift_seed_list
    folds = cfg.folds if own else cfg.shift_folds
    if not own and (size not in cfg.budget_sizes or not arms):
        return []

    def acc(runs):
        return [results.pick(r).test_acc for r in runs]

    out = []
    scratch = [results.run(REFERENCE, size, s, None, folds) for s in seeds]
    scratch_long = [results.budget_run(scale, REFERENCE, size, s) for s in seeds]
    for arm in arms:
        short = [results.run(arm, size, s, level, folds) for s in seeds]
        long = [results.budget_run(scale, arm, size, s, level) for s in seeds]
        picks = [results.pick(r) for r in short]
        out.append(
            PureBudget(
                arm,
                claim[arm],
                compare(acc(short), acc(scratch), m),
                compare(acc(long), acc(scratch_long), m),
                compare(acc(long), acc(short), m),
                scale,
                len(seeds),
                own,
                int(np.median([p.stop for p in picks])),
                picks[0].budget,
            )
        )
    return out


def pure_budget_table(results: Results) -> pd.DataFrame:
    """The font-only claim's arms at both budgets (:func:`pure_budget`), one row per arm."""
    rows = [
        {
            "model": SHORT[b.arm],
            "seeds": str(b.seeds),
            "minus scratch, declared budget [95% CI]": diff_text(b.declared),
            "verdict, declared budget": VERDICT_WORDS[b.declared.verdict],
            f"minus scratch, {b.scale:g} times the budget [95% CI]": diff_text(b.longer),
            f"verdict, {b.scale:g} times the budget": VERDICT_WORDS[b.longer.verdict],
            "the arm's own gain from the longer budget [95% CI]": diff_text(b.gain),
        }
        for b in pure_budget(results)
    ]
    return pd.DataFrame(rows).set_index("model") if rows else pd.DataFrame()


def budget_label(scale: float) -> str:
    return "declared" if scale == 1.0 else f"{scale:g} times"


def budget_axis(results: Results, level: str | None = None) -> pd.DataFrame:
    """The budget axis as the page shows it: one row per size, budget and arm (long, so the
    table fits a page column): the arm's benefit over scratch, its verdict, and where the
    arm's and scratch's runs stopped against the budget's steps."""
    rows = [
        {
            "images per class": str(c.size),
            "budget (steps)": f"{budget_label(c.scale)} ({c.budget})",
            "model": SHORT[c.arm],
            "minus scratch [95% CI]": diff_text(c.comparison),
            "verdict": VERDICT_WORDS[c.comparison.verdict],
            "stopped at (median step)": str(c.stop),
            "scratch stopped at (of its budget)": f"{c.scratch_stop} (of {c.scratch_budget})",
        }
        for c in budget_cells(results, level)
    ]
    if not rows:  # no budget axis from this source, or no transferred arm on it
        return pd.DataFrame()
    return pd.DataFrame(rows).set_index(["images per class", "budget (steps)", "model"])


def budget_changes(results: Results, level: str | None = None) -> list[BudgetCell]:
    """The longer-budget cells whose verdict differs from the declared budget's."""
    cells = budget_cells(results, level)
    declared = {(c.size, c.arm): c.comparison.verdict for c in cells if c.scale == 1.0}
    return [
        c for c in cells if c.scale != 1.0 and c.comparison.verdict != declared[(c.size, c.arm)]
    ]


# The cost table's counts of models fitted, beside its runs (a run fits a whole grid).
STORED_RUNS = "Stored runs"
NETWORKS_TRAINED = "Networks trained"
NONDEEP_FITS = "Non-deep fits"


def cost_by_part(results: Results) -> pd.DataFrame:
    """What each part of the design cost: its stored runs and their summed single-thread run
    times (core-minutes), with its share of the whole. A run several parts read (Table 1's
    scratch, say) counts in the first part, in :data:`PART_LABELS`' order, that needs it; a source model in the
    first part whose arm reads it; a non-deep baseline run in the part whose size and seeds
    it serves (Table 1's first)."""
    cfg = results.cfg
    runs = {part: 0 for part in PART_LABELS}
    networks = {part: 0 for part in PART_LABELS}
    nondeep = {part: 0 for part in PART_LABELS}
    seconds = {part: 0.0 for part in PART_LABELS}
    seen: set[int] = set()

    def add(part: str, run, fits: dict[str, int] | None = None) -> None:
        """Count ``run`` in ``part``, and in ``fits`` the models it fitted: every grid point
        on the training subset and on each fold (a pretraining is one network)."""
        if run is None or id(run) in seen:
            return
        seen.add(id(run))
        runs[part] += 1
        seconds[part] += run.info.get("seconds", math.nan)
        if fits is None:
            networks[part] += 1
            return
        folds = results.grid(run)["fold_acc"]
        fits[part] += folds.shape[0] * (1 + folds.shape[1])

    for part, arm, level, size, seed, folds in arm_specs(cfg):
        if part == "claim" and seed in cfg.seeds:
            part = "control"  # not judged by the second claim: the round shown beside it
        key = (arm, None if arm == REFERENCE else level, size, seed, folds)
        add(part, results.runs.get(key), networks)
        if arm != REFERENCE:
            add(part, results.pretrains.get((level, seed)))
    for run in results.budgets.values():
        add("budget", run, networks)
    hand = handwriting_size(cfg)
    for (size, seed, folds), run in results.baselines.items():
        if size == cfg.table_size and folds == cfg.folds and seed in cfg.seeds:
            add("table", run, nondeep)
        else:
            add("hand" if size == hand else "shift", run, nondeep)
    total = sum(v for v in seconds.values() if v == v)
    rows = [
        {
            "Part": PART_LABELS[part],
            STORED_RUNS: runs[part],
            NETWORKS_TRAINED: networks[part],
            NONDEEP_FITS: nondeep[part],
            "Core-minutes": seconds[part] / 60,
            "Share of the total (%)": 100 * seconds[part] / total if total else math.nan,
        }
        for part in PART_LABELS
        if runs[part]
    ]
    return pd.DataFrame(rows).set_index("Part")


def cost_table(results: Results) -> pd.DataFrame:
    """:func:`cost_by_part` as the Method shows it, with a row for the whole."""
    data = cost_by_part(results)
    if data.empty:
        return data
    whole = pd.DataFrame(
        {
            STORED_RUNS: [data[STORED_RUNS].sum()],
            NETWORKS_TRAINED: [data[NETWORKS_TRAINED].sum()],
            NONDEEP_FITS: [data[NONDEEP_FITS].sum()],
            "Core-minutes": [data["Core-minutes"].sum()],
            "Share of the total (%)": [data["Share of the total (%)"].sum()],
        },
        index=pd.Index(["All parts"], name="Part"),
    )
    out = pd.concat([data, whole])
    for column, places in (("Core-minutes", 1), ("Share of the total (%)", 0)):
        out[column] = [fmt(v, places) for v in out[column]]
    return out
