"""Study B's prose: the formatted numbers and the sentences its chapters glue.

:func:`numbers` computes them once; :mod:`.pages` gives each its glue key in
full. Every sentence here reads numbers from the data the tables are built
from (:mod:`.tables`, :mod:`.claims`), never a table's display strings.
"""

from __future__ import annotations

import math

from negresults import stats
from negresults.reporting import fmt, readable_ci
from negresults.transfer.config import ARM_LABELS, ARMS
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
        shift = f", shift {e.level}" if e.level else ""
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


def cut_short(results: Results) -> str:
    """Which arms were still learning when their budget ended (gain interval above zero)."""
    still = [
        SHORT[arm]
        for arm, g in tables.final_gains(results).items()
        if math.isfinite(g.gain.ci_low) and g.gain.ci_low > 0
    ]
    if not still:
        return "no arm was still gaining at the end of its budget"
    return (
        f"{', '.join(still)} {'was' if len(still) == 1 else 'were'} still gaining validation "
        "accuracy over the last logged interval, so a longer budget could move the comparison"
    )


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
    summary = tables.shift_summary(results)
    counts = summary.verdict.value_counts()
    out["shift_cells"] = str(len(summary))
    out["shift_benefit"] = str(int(counts.get(POSITIVE, 0)))
    out["shift_harm"] = str(int(counts.get(NEGATIVE, 0)))
    out["shift_no_benefit"] = str(int(counts.get(EQUIVALENT, 0)))
    out["shift_inconclusive"] = str(int(counts.get(INCONCLUSIVE, 0)))
    out["shift_untestable"] = str(int(counts.get(UNTESTABLE, 0)))
    return out
