"""Study B's prose: the formatted numbers and the sentences its chapters glue.

:func:`numbers` computes them once; :mod:`.pages` gives each its glue key in
full. Every sentence here reads numbers from the data the tables are built
from (:mod:`.tables`, :mod:`.claims`), never a table's display strings.
"""

from __future__ import annotations

from negresults import stats
from negresults.reporting import fmt, readable_ci
from negresults.transfer.config import (
    ARM_LABELS,
    ARMS,
    BASELINE_LABELS,
    CONTROL_LEVEL,
    LEVEL_LABELS,
)
from negresults.transfer.report import tables
from negresults.transfer.report.claims import REFERENCE, comparison, mdd
from negresults.transfer.report.results import Results
from negresults.transfer.report.words import (
    AGREEMENT,
    NOT_COMPARED,
    SELECTION_PHRASES,
    SHORT,
    VERDICT_WORDS,
)
from negresults.verdicts import (
    EQUIVALENT,
    INCONCLUSIVE,
    NEGATIVE,
    POSITIVE,
    UNTESTABLE,
    VERDICTS,
)

MAX_NAMED_EDGES = 5  # a sentence, not a list: the rest are counted
CHOICES = ("protocol", "budget", "learning rate", "augmentation")  # of the specification curve


def spec_flips(results: Results) -> str:
    """Which choices change the verdict, in words."""
    df = tables.spec_curve(results)
    verdicts = [v for v in VERDICTS if (df.verdict == v).any()]
    if len(verdicts) == 1:
        return (
            f"every one of the {len(df)} analyses gives the same verdict, "
            f"{VERDICT_WORDS[verdicts[0]]}"
        )
    movers = []
    for col in CHOICES:
        others = [c for c in CHOICES if c != col]
        if df.groupby(others).verdict.nunique().gt(1).any():
            movers.append(col)
    counts = ", ".join(f"{VERDICT_WORDS[v]}: {int((df.verdict == v).sum())}" for v in verdicts)
    what = ", ".join(movers) if movers else "only combinations of choices"
    return f"the verdicts split ({counts} of {len(df)} analyses); the choices that flip one: {what}"


def lr_edge_list(results: Results) -> list[str]:
    """Each pick on an edge of the learning-rate grid, in words (:func:`.tables.lr_edge_records`)."""
    found = []
    for e in tables.lr_edge_records(results):
        shift = f", source {level_label(e.level)}" if e.level else ""
        words = (
            f"{ARM_LABELS.get(e.arm, e.arm)} at {e.size} per class{shift}, seed {e.seed}, "
            f"{e.protocol} selection: {e.lr:g}"
        )
        if e.interior is not None:
            # Was the arm cut short by the grid? Its best interior rate answers it.
            lr, acc = e.interior
            words += (
                f", test {e.test_acc:.1f}%, against {acc:.1f}% at its best interior rate, {lr:g}"
            )
        found.append(words)
    return found


def lr_edge_words(results: Results) -> str:
    """How many picks of how many lie on an edge, and which."""
    found = lr_edge_list(results)
    total = len(results.runs) * len(tables.reported_protocols(results.cfg))
    named = "; ".join(found[:MAX_NAMED_EDGES])
    if len(found) > MAX_NAMED_EDGES:
        named += f"; and {len(found) - MAX_NAMED_EDGES} more"
    return f"{len(found)} of {total} picks" + (f" ({named})" if found else "")


MAX_GAIN = 1.0  # points: the largest gain a longer run may still make (issue 23)


def cut_short(results: Results) -> str:
    """The largest gain any arm would still make, trained half as long again past where it
    stopped, in words, judged against :data:`MAX_GAIN` (the mean, never its rounded text)."""
    gains = tables.final_gains(results)
    if not gains:
        return "no run was logged past where it stopped, so how much longer runs gain is unknown"
    arm, g = max(gains.items(), key=lambda kv: kv[1].gain.mean)
    text = (
        "the largest gain any arm would still make, trained half as long again past where it "
        f"stopped, is {fmt(g.gain.mean, signed=True)} points on the large validation split "
        f"(the {arm_word(arm)}, mean over seeds, 95% CI "
        f"{readable_ci(g.gain.ci_low, g.gain.ci_high)})"
    )
    if g.gain.mean > MAX_GAIN:
        return text + (
            f": above the {MAX_GAIN:g}-point limit we declared, so at least one arm was still "
            "learning when it stopped, and a longer budget could move the comparison"
        )
    return text + f": within the {MAX_GAIN:g}-point limit we declared"


def arm_word(arm: str) -> str:
    """An arm's short name in a sentence (e.g. "fine-tuned arm")."""
    return f"{SHORT[arm]} arm"


def level_label(level: str) -> str:
    """A shift level as the pages name it (:data:`LEVEL_LABELS`)."""
    return LEVEL_LABELS.get(level, level)


def in_sentence(label: str) -> str:
    """A row label inside a sentence: first letter lower case, unless it starts an acronym."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def nondeep_words(results: Results) -> str:
    """Which non-deep baseline the protocol reported at Table 1's size, over seeds."""
    cfg = results.cfg
    if not cfg.baselines or not results.baselines:
        return "not run"
    picks = [results.baseline_pick(cfg.table_size, s).baseline for s in cfg.seeds]
    counts = sorted(((picks.count(b), b) for b in set(picks)), reverse=True)
    return "; ".join(
        f"the {in_sentence(BASELINE_LABELS[b])} on {n} of {len(picks)} seeds" for n, b in counts
    )


def numbers(results: Results) -> dict[str, str]:
    """Formatted numbers for the prose; :mod:`.pages` gives each its glue key in full."""
    cfg = results.cfg
    out: dict[str, str] = {
        "table_size": str(cfg.table_size),
        "table_level": level_label(cfg.table_level),
        "selection": SELECTION_PHRASES[cfg.selection],
        "table_images": str(cfg.table_size * cfg.num_classes),
        "paper_n": str(len(cfg.table_seed_list)),
        "n_seeds": str(len(cfg.seeds)),
        "margin": f"{cfg.equivalence_margin:g}",
        "n_levels": str(len(cfg.real_levels)),
        "levels": "; ".join(level_label(lv) for lv in cfg.real_levels) or "none",
        "control": (level_label(CONTROL_LEVEL) if CONTROL_LEVEL in cfg.levels else "not run"),
        "shift_sizes": ", ".join(map(str, cfg.target_sizes)),
        "shift_n": str(len(cfg.shift_seed_list)),
        "lr_grid": ", ".join(f"{lr:g}" for lr in cfg.lr_grid),
        "lr_edges": lr_edge_words(results),
        "n_runs": str(len(results.runs) + len(results.pretrains)),
        "pilot_seeds": ", ".join(map(str, cfg.pilot_seeds)),
        "pilot_sizes": ", ".join(map(str, cfg.pilot_sizes)),
        "max_table_seeds": str(cfg.max_table_seeds),
    }
    p = tables.pilot_choice(results)
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
        s = stats.summarize(results.test_acc(arm, cfg.table_size, cfg.seeds), bounds=tables.BOUNDS)
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
    out["agreement"] = NOT_COMPARED
    out["mdd"] = fmt(mdd(results))
    if "finetune" in cfg.all_arms:
        c = comparison(results, "finetune")
        out["agreement"] = AGREEMENT[c.verdict]
        d = c.difference
        out["seeds_needed"] = stats.seeds_to_detect(d.mean, d.std, d.n).text()
        c3 = comparison(results, "finetune", seeds=cfg.table_seed_list)
        out["paper_diff"] = fmt(c3.difference.mean, signed=True)
        out["paper_diff_ci"] = readable_ci(c3.difference.ci_low, c3.difference.ci_high)
        out["paper_verdict"] = VERDICT_WORDS[c3.verdict]
        out["spec_flips"] = spec_flips(results)
    sizes = tables.shift_sizes(results)
    real = sizes[~sizes.control.astype(bool)]
    for k in ("subtle_level", "subtle_drop", "subtle_drop_ci", "subtle_source_only"):
        out[k] = "not run"
    for k in ("hard_level", "hard_drop", "hard_source_only"):
        out[k] = "not run"
    if len(real):
        subtle, hard = real.iloc[0], real.loc[real["drop"].idxmax()]
        out["subtle_level"] = level_label(str(subtle["level"]))
        out["subtle_drop"] = fmt(subtle["drop"])
        out["subtle_drop_ci"] = readable_ci(subtle["drop_low"], subtle["drop_high"])
        out["subtle_source_only"] = fmt(subtle["source_only"])
        out["hard_level"] = level_label(str(hard["level"]))
        out["hard_drop"] = fmt(hard["drop"])
        out["hard_source_only"] = fmt(hard["source_only"])
    control = sizes[sizes.control.astype(bool)]
    out["control_source_only"] = fmt(control["source_only"].iloc[0]) if len(control) else "not run"
    out["control_drop"] = fmt(control["drop"].iloc[0]) if len(control) else "not run"
    rows = tables.reference_rows(results, cfg.table_size, cfg.seeds)
    for key, label in (
        ("source_only", tables.SOURCE_ONLY_LABEL),
        ("nondeep", tables.BEST_NONDEEP_LABEL),
    ):
        if label in rows:
            s_ = stats.summarize(rows[label], bounds=tables.BOUNDS)
            out[f"{key}_mean"], out[f"{key}_std"] = fmt(s_.mean), fmt(s_.std)
        else:
            out[f"{key}_mean"] = out[f"{key}_std"] = "not run"
    out["nondeep_choice"] = nondeep_words(results)
    gain = tables.max_final_gain(results)
    out["max_final_gain"] = fmt(gain, signed=True) if gain == gain else "not measured"
    table = sizes.set_index("level")
    out["table_source_only"] = (
        fmt(table.loc[cfg.table_level, "source_only"])
        if cfg.table_level in table.index
        else "not run"
    )
    summary = tables.shift_summary(results)
    counts = summary.verdict.value_counts()
    out["shift_cells"] = str(len(summary))
    out["shift_benefit"] = str(int(counts.get(POSITIVE, 0)))
    out["shift_harm"] = str(int(counts.get(NEGATIVE, 0)))
    out["shift_no_benefit"] = str(int(counts.get(EQUIVALENT, 0)))
    out["shift_inconclusive"] = str(int(counts.get(INCONCLUSIVE, 0)))
    out["shift_untestable"] = str(int(counts.get(UNTESTABLE, 0)))
    return out
