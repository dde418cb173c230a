"""Study B's claims judged against our runs: each transferred arm against scratch.

The paper claims that a transferred model is no better than one trained from
scratch, and that a seemingly small shift removes the benefit transfer has without
one (the second claim: :func:`second_claims`; both declared in
:mod:`negresults.transfer.analysis_plan`). Each arm's claim is the seed-paired comparison at Table 1's size and
shift (all seeds), judged by the shared verdict order
(:func:`negresults.verdicts.verdict`): an effect when the 95% interval
excludes zero, else equivalence within the margin (TOST, whose two one-sided
5% tests amount to a 90% interval inside the margin), else inconclusive, and
untestable with fewer than two seeds.
"""

from __future__ import annotations

import dataclasses
import math
import weakref

import numpy as np
import pandas as pd

from negresults import stats
from negresults.reporting import fmt, readable_p
from negresults.transfer.analysis_plan import SECOND_CLAIM_ARMS, TREND_PER
from negresults.transfer.config import ARMS, HANDWRITING_MATCHED, seed_range
from negresults.transfer.names import CONTROL_LEVEL, HANDWRITING_SOURCE
from negresults.transfer.report.results import Results, Spec
from negresults.transfer.report.words import SHORT, VERDICT_WORDS, and_list, diff_text
from negresults.verdicts import (
    EQUIVALENT,
    INCONCLUSIVE,
    NEGATIVE,
    POSITIVE,
    UNTESTABLE,
    Comparison,
    compare,
)

REFERENCE = "scratch"  # every claim compares an arm with it


def comparison(
    results: Results,
    arm: str = "finetune",
    spec: Spec | None = None,
    seeds=None,
    level: str | None = None,
):
    """``arm`` minus scratch at Table 1's size, on the source ``level`` (default: Table 1's),
    as a :class:`~negresults.verdicts.Comparison`."""
    cfg = results.cfg
    seeds = cfg.seeds if seeds is None else seeds
    a = results.test_acc(arm, cfg.table_size, seeds, level=level, spec=spec)
    b = results.test_acc(REFERENCE, cfg.table_size, seeds, spec=spec)
    return compare(a, b, cfg.equivalence_margin)


# Claim 1's comparisons, per results object: a page reads them in its table, its sentences
# and its test count, and each re-picks every run.
_JUDGED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def judged(results: Results) -> list[tuple[str, Comparison]]:
    """Every transferred arm run, with its comparison against scratch (all seeds)."""
    return _judged(results, pure=False)


def judged_pure(results: Results) -> list[tuple[str, Comparison]]:
    """Claim 1 on the font-only source (``pure_shift``), on its own seeds; [] if not run.

    A preset whose every seed is on the shift axis has no seed for it: the claim is then
    untestable (no seed), not absent, so the claims a study makes do not depend on seeds."""
    return _judged(results, pure=True)


def _judged(results: Results, pure: bool) -> list[tuple[str, Comparison]]:
    cfg = results.cfg
    memo = _JUDGED.setdefault(results, {})
    key = (pure, cfg)
    if key not in memo:
        if pure and cfg.pure_level is None:
            memo[key] = []
        else:
            where = {"seeds": cfg.pure_seed_list, "level": cfg.pure_level} if pure else {}
            memo[key] = [
                (arm, comparison(results, arm, **where)) for arm in cfg.all_arms if arm != REFERENCE
            ]
    return list(memo[key])


# What each verdict on "transfer is no better than scratch" says of that claim: a benefit
# contradicts it; harm or equivalence supports it (the reviewer read "benefit" beside
# "no better than scratch" as the claim holding).
CLAIM_READING = {
    POSITIVE: "claim contradicted",
    NEGATIVE: "claim supported",
    EQUIVALENT: "claim supported",
    INCONCLUSIVE: "claim undecided",
}


PURE_SOURCE = " (source without target images)"  # a claims-table row on the font-only source


def claim_label(arm: str, pure: bool = False) -> str:
    """A claims-table row's name: the first claim for ``arm``, on the font-only source if
    ``pure``."""
    return f"{SHORT[arm]} no better than scratch{PURE_SOURCE if pure else ''}"


def claims(results: Results) -> pd.DataFrame:
    """Claims with verdicts computed from the runs (all seeds at Table 1's size)."""
    rows = []
    pure = [(arm, c, True) for arm, c in judged_pure(results)]
    for arm, c, source in [(arm, c, False) for arm, c in judged(results)] + pure:
        d = c.difference
        # An equivalence verdict is the TOST's: the seeds it needs to show equivalence within
        # the margin at a true difference of zero, not the t-test's to detect a near-zero one.
        if c.verdict == EQUIVALENT:
            k = stats.seeds_for_equivalence(d.std, results.cfg.equivalence_margin)
            need = f"{'more than 10,000' if k is None else f'{k:,}'} (equivalence test)"
        else:
            need = stats.seeds_to_detect(d.mean, d.std, d.n).text()
        rows.append(
            {
                "Claim": claim_label(arm, source),
                "Difference [95% CI]": diff_text(c),
                # The p-value of the test the verdict rests on: a TOST p beside a benefit
                # (1.000 where the difference lies far outside the margin) read as noise.
                "p of the verdict's test": readable_p(_deciding_p(c)),
                "Seeds": d.n,
                "Seeds needed (80% power)": need,
                "Verdict": VERDICT_WORDS[c.verdict]
                + (f" ({CLAIM_READING[c.verdict]})" if c.verdict in CLAIM_READING else ""),
            }
        )
    return pd.DataFrame(rows).set_index("Claim")


def mdd(results: Results) -> float:
    """Minimum detectable paired difference (80% power) at Table 1's size, all seeds."""
    if "finetune" not in results.cfg.all_arms:
        return math.nan
    d = comparison(results, "finetune").difference
    if d.n < 2 or not d.std > 0:
        return math.nan
    return stats.minimum_detectable_difference(d.std, d.n)


def power_ratio(results: Results) -> float:
    """The largest, over claims, of the claim's minimum detectable paired difference (80% power,
    its own seeds and paired SD) divided by its declared margin; above 1, some claim is
    underpowered at its margin. NaN when no claim has two seeds and a spread."""
    margin = results.cfg.equivalence_margin
    ratios = []
    quantities = [c for _, c in judged(results) + judged_pure(results)]
    # Claim 2 judges two quantities: the loss and, by equivalence, the subtlest benefit.
    quantities += [q for s in second_claims(results) for q in (s.loss, s.subtle)]
    for c in quantities:
        d = c.difference
        if d.n >= 2 and d.std > 0:
            ratios.append(stats.minimum_detectable_difference(d.std, d.n) / margin)
    return max(ratios) if ratios else math.nan


# -- the second claim: a small shift removes the benefit (analysis_plan) -----------

SUPPORTED, CONTRADICTED = "supported", "contradicted"
# This revision's own outcome: the loss is shown and so is a benefit that stays.
PARTIAL = "partial loss"


def second_claim_levels(cfg) -> tuple[str, str] | None:
    """``(control, subtlest real level)`` the second claim compares, or None if not both run."""
    if CONTROL_LEVEL not in cfg.levels or not cfg.real_levels:
        return None
    return CONTROL_LEVEL, cfg.table_level


@dataclasses.dataclass(frozen=True)
class SecondClaim:
    """One arm's second-claim quantities and verdict (see :mod:`..analysis_plan`)."""

    arm: str
    loss: Comparison  # benefit on the control minus benefit at the subtlest level
    control: Comparison  # benefit (arm minus scratch) on the control
    subtle: Comparison  # benefit at the subtlest level (claim 1's quantity)
    trend: stats.Summary  # per-seed slope of benefit on source-only drop, per TREND_PER points
    verdict: str  # SUPPORTED, PARTIAL, CONTRADICTED, or the loss's shared verdict


def _second_verdict(loss: Comparison, subtle: Comparison) -> str:
    if loss.verdict == POSITIVE and subtle.verdict in (EQUIVALENT, NEGATIVE):
        return SUPPORTED
    if loss.verdict == POSITIVE and subtle.verdict == POSITIVE:
        return PARTIAL
    if subtle.verdict == POSITIVE and loss.verdict != POSITIVE:
        return CONTRADICTED
    if loss.verdict == UNTESTABLE or subtle.verdict == UNTESTABLE:
        return UNTESTABLE
    return INCONCLUSIVE


# No trend to read (fewer than two levels, or no shift-axis runs at Table 1's size).
NO_TREND = stats.Summary(0, math.nan, math.nan, math.nan, math.nan)


def trend(results: Results, arm: str) -> stats.Summary:
    """Per-seed least-squares slope of the arm's benefit on the levels' mean source-only drop
    (points of benefit per TREND_PER points of drop), over the shift axis's seeds, Table 1's
    size and protocol; summarised with its 95% t interval."""

    cfg = results.cfg
    sizes = shift_sizes(results).set_index("level")
    levels = [lv for lv in cfg.levels if np.isfinite(sizes.loc[lv, "drop"])]
    if len(levels) < 2:
        return NO_TREND
    x = np.array([sizes.loc[lv, "drop"] for lv in levels]) / TREND_PER
    seeds = cfg.shift_seed_list
    if cfg.table_size not in cfg.target_sizes:  # the shift axis does not run Table 1's size
        return NO_TREND
    scratch = results.test_acc(REFERENCE, cfg.table_size, seeds, levels[0], cfg.shift_folds)
    benefit = np.stack(
        [
            results.test_acc(arm, cfg.table_size, seeds, lv, cfg.shift_folds) - scratch
            for lv in levels
        ]
    )  # [levels, seeds]
    xc = x - x.mean()
    slopes = (xc[:, None] * (benefit - benefit.mean(0))).sum(0) / (xc**2).sum()
    return stats.summarize(slopes)


def second_claim(
    results: Results, arm: str, seeds: tuple[int, ...] | None = None
) -> SecondClaim | None:
    """The second claim for one arm at Table 1's size and protocol, on ``seeds``: by default
    the fresh claim seeds it is judged on (the config's ``claim_seeds``); Table 1's seeds give
    the earlier round, shown beside it."""
    cfg = results.cfg
    levels = second_claim_levels(cfg)
    seeds = cfg.claim_seeds if seeds is None else seeds
    if levels is None or arm not in cfg.all_arms or not seeds:
        return None
    control, subtlest = levels
    size, m = cfg.table_size, cfg.equivalence_margin
    scratch = results.test_acc(REFERENCE, size, seeds, subtlest, cfg.folds)
    on_control = results.test_acc(arm, size, seeds, control, cfg.folds)
    at_subtle = results.test_acc(arm, size, seeds, subtlest, cfg.folds)
    loss = compare(on_control, at_subtle, m)
    subtle = compare(at_subtle, scratch, m)
    return SecondClaim(
        arm,
        loss,
        compare(on_control, scratch, m),
        subtle,
        trend(results, arm),
        _second_verdict(loss, subtle),
    )


def second_claims(results: Results, seeds: tuple[int, ...] | None = None) -> list[SecondClaim]:
    """:func:`second_claim` for each claim-2 arm (the fresh claim seeds unless ``seeds``)."""
    out = [second_claim(results, arm, seeds) for arm in SECOND_CLAIM_ARMS]
    return [c for c in out if c is not None]


SECOND_WORDS = {
    SUPPORTED: "supported",
    PARTIAL: "partial loss (the benefit shrinks and stays: the claim as stated does not hold)",
    CONTRADICTED: "contradicted",
}


def second_claims_table(results: Results, seeds: tuple[int, ...] | None = None) -> pd.DataFrame:
    """The second claim per arm, as the Conclusion shows it (points; 95% intervals), on the
    fresh claim seeds or, given ``seeds``, on those."""
    cfg = results.cfg
    rows = []
    for c in second_claims(results, seeds):
        t = c.trend
        rows.append(
            {
                "Arm": SHORT[c.arm],
                "Benefit without a shift [95% CI]": diff_text(c.control),
                "Benefit at the subtlest shift [95% CI]": diff_text(c.subtle),
                "Benefit at the subtlest shift: verdict": VERDICT_WORDS[c.subtle.verdict],
                "Benefit lost [95% CI]": diff_text(c.loss),
                f"Trend per {TREND_PER:.0f} points of drop [95% CI] ({t.n} seeds)": (
                    f"{t.mean:+.1f} [{t.ci_low:+.1f}, {t.ci_high:+.1f}]" if t.n >= 2 else "not run"
                ),
                "Seeds": c.loss.difference.n,
                "Claim": SECOND_WORDS.get(c.verdict, VERDICT_WORDS.get(c.verdict, c.verdict)),
            }
        )
    del cfg
    return pd.DataFrame(rows).set_index("Arm") if rows else pd.DataFrame()


def plan_commit_sentence(results: Results | None = None) -> str:
    """:func:`plan_commit_items` as one paragraph."""
    return " ".join(plan_commit_items(results))


def plan_commit_items(results: Results | None = None) -> list[str]:
    """Which commit first held this revision of the analysis plan (the runs are judged by it),
    when, and (given ``results``) when the runs it judges were stored, one item per group of
    runs a commit declared (Table 1's first): the page lists them, since as one paragraph they
    are a wall of text."""
    import subprocess
    from pathlib import Path

    from negresults.locations import find_repo_root
    from negresults.provenance import code_since
    from negresults.transfer import analysis_plan

    root = find_repo_root()
    path = Path(analysis_plan.__file__).resolve()
    rev = analysis_plan.REVISION
    if root is None:
        return [
            f"The analysis plan is at revision {rev}; the git history is not available in this "
            "copy, so the commit that holds it cannot be shown."
        ]
    try:
        rel = path.relative_to(root).as_posix()

        def git(*args: str) -> str:
            return subprocess.run(
                ["git", "-C", str(root), *args], capture_output=True, check=True
            ).stdout.decode()

        import hashlib

        history = []  # (commit, time, plan text) of every commit that changed the plan
        for commit in git("log", "--all", "--reverse", "--format=%H", "--", rel).split():
            blob = subprocess.run(
                ["git", "-C", str(root), "show", f"{commit}:{rel}"],
                capture_output=True,
                check=True,
            ).stdout
            history.append((commit, int(git("show", "-s", "--format=%ct", commit).strip()), blob))
        for commit, stamp, blob in history:
            if hashlib.sha256(blob).hexdigest()[:12] == rev:
                out = (
                    f"The analysis plan is at revision {rev} (a hash of the plan's text), "
                    f"first committed in commit {commit[:12]} at {_utc(stamp)}."
                )
                declared = next((h for h in history if PURE_CLAIM_HEADING in h[2]), None)
                hand = next((h for h in history if HAND_NONDEEP_HEADING in h[2]), None)
                source = next((h for h in history if HAND_SOURCE_HEADING in h[2]), None)
                matched = next((h for h in history if HAND_MATCHED_HEADING in h[2]), None)
                items = [
                    out + _runs_before(results, stamp),
                    _pure_runs(results, stamp, declared),
                    _hand_nondeep_runs(results, hand),
                    _hand_source_runs(results, source, code_since("transfer")),
                    _hand_matched_runs(results, matched),
                ]
                return [item.strip() for item in items if item]
    except (OSError, ValueError, subprocess.SubprocessError):
        pass
    return [
        f"No commit holds the analysis plan's revision {rev}: the plan shown is an uncommitted "
        "change, not fixed before the runs."
    ]


def shift_sizes(results: Results) -> pd.DataFrame:
    """Per level: source validation, source-only target accuracy and the drop from the first
    to the second (seed means), the drop's 95% t interval over seeds (``drop_seeds``: every
    seed of Table 1 for the control and the subtlest level, the shift axis's otherwise), the
    seed count, and whether the level is the no-shift control."""
    cfg = results.cfg
    pre = results.pretraining
    rows = []
    for level in cfg.levels:
        seeds = [s for s in cfg.drop_seeds(level) if (level, s) in results.pretrains]
        p = pre[(pre.level == level) & pre.seed.isin(seeds)]
        if p.empty:  # no pretrained arm ran at this level: nothing measured
            nan = math.nan
            drop = stats.Summary(0, nan, nan, nan, nan)
        else:
            drop = stats.summarize(results.source_drop(level, seeds))
        rows.append(
            {
                "level": level,
                "control": level == CONTROL_LEVEL,
                "source_val": float(p.source_val_acc.mean()),
                "source_only": float(p.source_only_target_acc.mean()),
                "drop": drop.mean,
                "drop_low": drop.ci_low,
                "drop_high": drop.ci_high,
                "n": len(seeds),
            }
        )
    columns = [
        "level",
        "control",
        "source_val",
        "source_only",
        "drop",
        "drop_low",
        "drop_high",
        "n",
    ]
    return pd.DataFrame(rows, columns=columns)


def _utc(stamp: float) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(stamp, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _judged_runs(results: Results) -> list[tuple[str, int, float]]:
    """``(arm, seed, stored at)`` of every Table 1 run (its files' modification time)."""
    cfg = results.cfg
    return [
        (arm, seed, run.path.stat().st_mtime)
        for (arm, level, size, seed, _), run in results.runs.items()
        if size == cfg.table_size and seed in cfg.seeds and level in (None, cfg.table_level)
    ]


# The plan's heading of claim 1 on the font-only source: the first plan commit that holds it
# declared that claim, and no run it judges may be older.
PURE_CLAIM_HEADING = b"**Claim 1 on a source without target images**"


# The plan's words that declared the non-deep baselines on the handwriting control's images.
HAND_NONDEEP_HEADING = b"*the non-deep baselines\ngiven the same handwriting.*"


def _hand_nondeep_runs(results: Results | None, declared) -> str:
    """When the non-deep baselines' runs on the handwriting control's images were stored,
    against the plan commit that declared them (``(commit, time, text)`` or None)."""
    from negresults.transfer.plan import handwriting_size

    if results is None or declared is None:
        return ""
    cfg = results.cfg
    size = handwriting_size(cfg)
    runs = [results.baselines.get((size, s, cfg.folds)) for s in cfg.seeds]
    if size is None or not runs or any(r is None for r in runs):
        return ""
    early = sum(r.path.stat().st_mtime < declared[1] for r in runs)
    return (
        f" The {len(runs)} runs of the non-deep baselines on the handwriting control's images "
        f"were declared in commit {declared[0][:12]} at {_utc(declared[1])}; "
        + ("all were stored after it." if not early else f"{early} were stored before it.")
    )


# The plan's words that declared the source of Table 1's handwriting alone.
HAND_SOURCE_HEADING = b"*the handwriting of Table 1's source\nalone.*"


def _hand_source_runs(results: Results | None, declared, code) -> str:
    """When the handwriting-only source's runs (its pretrainings and the arms trained from
    it) were stored: against the plan commit that declared them (``(commit, time, text)``)
    and the commit where Study B's compute code took its present form (``(commit, time)``,
    :func:`negresults.provenance.code_since`). Its first implementation was replaced after
    its results were read (the Method says so), so a reader needs to see that no stored run
    predates the code that replaced it."""
    if results is None or declared is None:
        return ""
    pretrains = [r for (level, _), r in results.pretrains.items() if level == HANDWRITING_SOURCE]
    arms = [r for (_, level, *_), r in results.runs.items() if level == HANDWRITING_SOURCE]
    runs = pretrains + arms
    if not runs:
        return ""
    stamps = [r.path.stat().st_mtime for r in runs]

    def before(t: float) -> str:
        early = sum(s < t for s in stamps)
        return "all were stored after it" if not early else f"{early} were stored before it"

    out = (
        f" The {len(runs)} runs from the handwriting-only source ({len(pretrains)} "
        f"pretrainings and {len(arms)} arm runs) were declared in commit {declared[0][:12]} "
        f"at {_utc(declared[1])}; {before(declared[1])}."
    )
    if code is None:
        return out + (
            " The compute code that makes this study's runs is an uncommitted change here, "
            "so no commit dates it."
        )
    return out + (
        f" This study's compute code, whose hash is in every run's key, took its present form "
        f"in commit {code[0][:12]} at {_utc(code[1])}"
        + (
            " (after that declaration: the Method's seventh part says why the code changed)"
            if code[1] > declared[1]
            else ""
        )
        + f"; of the {len(runs)}, {before(code[1])}."
    )


# The plan's words that declared the handwriting alone at Table 1's passes.
HAND_MATCHED_HEADING = b"*the handwriting alone at Table 1's passes.*"


def _hand_matched_runs(results: Results | None, declared) -> str:
    """When the runs from the handwriting alone at Table 1's passes were stored, against the
    plan commit that declared them (``(commit, time, text)`` or None)."""
    if results is None or declared is None:
        return ""
    pretrains = [r for (lv, _), r in results.pretrains.items() if lv == HANDWRITING_MATCHED]
    arms = [r for (_, lv, *_), r in results.runs.items() if lv == HANDWRITING_MATCHED]
    if not arms:
        return ""
    early = sum(r.path.stat().st_mtime < declared[1] for r in pretrains + arms)
    return (
        f" The {len(pretrains) + len(arms)} runs from that handwriting pretrained for Table 1's "
        f"passes ({len(pretrains)} pretrainings and {len(arms)} arm runs) were declared in "
        f"commit {declared[0][:12]} at {_utc(declared[1])}; "
        + ("all were stored after it." if not early else f"{early} were stored before it.")
    )


def _pure_runs(results: Results | None, stamp: float, declared) -> str:
    """When the font-only claim's judged runs were stored: against the commit that declared
    the claim (``declared``: ``(commit, time, text)`` or None) and this revision's commit
    (``stamp``); and, when this revision added seeds, the verdicts on the seeds before it."""
    if results is None or results.cfg.pure_level is None:
        return ""
    cfg = results.cfg
    stored = [
        (seed, run.path.stat().st_mtime, arm)
        for (arm, level, size, seed, _), run in results.runs.items()
        if level == cfg.pure_level and size == cfg.table_size and seed in cfg.pure_seed_list
    ]
    if not stored:
        return ""
    out = f" Of the {len(stored)} arm runs of the claim on a source without target images, "
    if declared is not None:
        commit, declared_at, _ = declared
        before = sum(t < declared_at for _, t, _ in stored)
        out += (
            (f"{before} were" if before else "none was")
            + f" stored before commit {commit[:12]} ({_utc(declared_at)}), which declared "
            "that claim; "
        )
    # Which seeds' runs came after this revision's commit (the seeds it added, if any).
    late = sorted({seed for seed, t, _ in stored if t >= stamp})
    later = sum(t >= stamp for _, t, _ in stored)
    earlier = sorted({seed for seed, t, _ in stored if t < stamp})
    if later == len(stored):
        out += "all were stored after this revision's commit."
    elif later:
        # Seeds no earlier run has are seeds the revision added; the others' later runs are
        # runs it made again (a changed grid, say), named by arm.
        added = [seed for seed in late if seed not in earlier]
        arms = [a for a in ARMS if any(t >= stamp and arm == a for _, t, arm in stored)]
        what = (
            f"seeds {seed_range(tuple(late))}, which it added"
            if added == late
            else f"{and_list([SHORT[a] for a in arms])}, seeds {seed_range(tuple(late))}"
        )
        out += (
            f"{len(stored) - later} (seeds {seed_range(tuple(earlier))}) were stored before "
            f"this revision's commit, and {later} ({what}) after it."
        )
    else:
        out += "every one was stored before this revision's commit."
    if not earlier or len(earlier) == len(cfg.pure_seed_list):
        return out
    # The verdicts the claim had on the seeds before this revision added more, so a reader
    # sees whether the added seeds changed any.
    then = {
        arm: comparison(results, arm, seeds=earlier, level=cfg.pure_level)
        for arm, _ in judged_pure(results)
    }
    now = dict(judged_pure(results))
    changed = [a for a in then if then[a].verdict != now[a].verdict]
    return (
        out
        + f" On the {len(earlier)} seeds the claim had before this revision "
        + f"({seed_range(tuple(earlier))}), its verdicts were: "
        + "; ".join(
            f"{SHORT[a]} {diff_text(c)}, {VERDICT_WORDS[c.verdict]}" for a, c in then.items()
        )
        + (
            ". The added seeds changed none of them."
            if not changed
            else f". The added seeds changed the verdict of {and_list([SHORT[a] for a in changed])}."
        )
    )


def _runs_before(results: Results | None, stamp: float) -> str:
    """Which of Table 1's runs were stored before the plan's commit, and when, in words: runs
    a revision did not change keep their keys, so a store may hold them from before it (an
    earlier round, or the first hours of a sweep that ran while the plan was committed)."""
    if results is None:
        return ""
    runs = _judged_runs(results)
    if not runs:
        return ""
    early = [(arm, seed, t) for arm, seed, t in runs if t < stamp]
    caveat = _storage_caveat(results)
    if not early:
        return f" All {len(runs)} arm runs of Table 1 were stored after that commit.{caveat}"
    per_arm = [(a, sum(arm == a for arm, _, _ in early)) for a in ARMS]
    arms = and_list([f"{SHORT[a]} {n}" for a, n in per_arm if n])
    seeds = sorted({seed for _, seed, _ in early})
    times = sorted(t for _, _, t in early)
    first, last = _utc(times[0]), _utc(times[-1])
    if first == last:
        when = f"at {first}"
    elif first[:10] == last[:10]:  # one day: its date once
        when = f"on {first[:10]} from {first[11:16]} to {last[11:]}"
    else:
        when = f"from {first} to {last}"
    which = f"{arms}, from seeds {seed_range(tuple(seeds))}; stored {when}"
    unchanged = "this revision did not change them, so their keys did not move"
    if len(early) == len(runs):
        return (
            f" All {len(runs)} arm runs of Table 1 were stored before that commit ({which}): "
            f"{unchanged}.{caveat}"
        )
    # The runs stored after the commit are every run the revision changed or added, and any
    # other a store rebuilt from empty made after it: the sentence claims no more than that.
    late = [(a, sum(arm == a and t >= stamp for arm, _, t in runs)) for a in ARMS]
    after = and_list([f"{SHORT[a]} {n}" for a, n in late if n])
    return (
        f" Of the {len(runs)} arm runs of Table 1, {len(early)} were stored before that commit "
        f"({which}): {unchanged}. The other {len(runs) - len(early)} ({after}) were stored "
        "after it." + caveat
    )


def _storage_caveat(results: Results) -> str:
    """Why a storage time is not when a result was first seen (a sentence, with a space)."""
    stamps = [run.path.stat().st_mtime for run in results.runs.values()]
    if not stamps:
        return ""
    return (
        " A storage time says when this store made a run, not when its result was first "
        f"seen: this store's earliest arm run is from {_utc(min(stamps))}, and a store rebuilt "
        "from empty makes again runs that earlier rounds had seen (the plan's revision notes "
        "say which results each revision had seen)."
    )


def _deciding_p(c: Comparison) -> float:
    """The p-value behind a claim-1 verdict: the t-test's for an effect, the TOST's for
    equivalence or for a verdict that decided nothing (the test it failed last)."""
    if c.verdict in (POSITIVE, NEGATIVE):
        return c.difference.p_value
    return c.equivalence.p_value


def _second_p(c: SecondClaim) -> float:
    """The p-value behind a second-claim verdict: the larger of the two tests its rule
    needs together (a loss and what remains), so both clear any level it clears."""
    loss = c.loss.difference.p_value
    if c.verdict in (SUPPORTED, PARTIAL):
        return max(loss, _deciding_p(c.subtle))
    if c.verdict == CONTRADICTED:
        return c.subtle.difference.p_value
    return loss


# The family-wise level of :func:`family_reading` (each verdict's own level is 5% too).
FAMILY_ALPHA = 0.05


def family_reading(results: Results) -> str:
    """Every verdict of the Conclusion read as one family: which hold under Holm's adjustment
    over all of them, which benefits also clear the margin (not only zero), and the power the
    second claim's supporting branch had. Added after the runs and labelled so; it changes
    no verdict of the plan."""
    cfg = results.cfg
    m = cfg.equivalence_margin
    first = [(arm, c, "") for arm, c in judged(results)] + [
        (arm, c, " on the source without target images") for arm, c in judged_pure(results)
    ]
    second = second_claims(results)
    named = [(f"{SHORT[a]}{where}", _deciding_p(c), c.verdict) for a, c, where in first] + [
        (f"{SHORT[c.arm]} on the second claim", _second_p(c), c.verdict) for c in second
    ]
    concluding = [i for i, (_, _, v) in enumerate(named) if v not in (INCONCLUSIVE, UNTESTABLE)]
    if not concluding:
        return ""
    adjusted = stats.holm([named[i][1] for i in concluding])
    lost = [
        f"{named[i][0]} (adjusted p {readable_p(p)})"
        for i, p in zip(concluding, adjusted, strict=True)
        if not p <= FAMILY_ALPHA
    ]
    text = (
        f"Read instead as one family, with Holm's adjustment over the {len(concluding)} "
        "verdicts that decide something (each by the p-value behind it: the t-test's for a "
        "benefit or harm, the TOST's for no benefit, the larger of its two tests for the "
        "second claim; a reading added after the runs, which changes no verdict), "
        + (
            "every one of them holds at a family-wise 5% level."
            if not lost
            else f"{len(concluding) - len(lost)} hold at a family-wise 5% level and "
            f"{len(lost)} would be inconclusive: {and_list(lost)}."
        )
    )
    benefits = [(f"{SHORT[a]}{where}", c) for a, c, where in first if c.verdict == POSITIVE]
    if benefits:
        clear = [name for name, c in benefits if c.difference.ci_low > m]
        short = [
            f"{name} (lower end {fmt(c.difference.ci_low, digits=2, signed=True)})"
            for name, c in benefits
            if c.difference.ci_low <= m
        ]
        text += " A benefit is shown when its interval excludes zero; " + (
            f"every one of the {len(benefits)} also clears the ±{m:g}-point margin "
            "(its interval's lower end lies above it), so none is a gain too small to "
            "matter."
            if not short
            else f"{len(clear)} of the {len(benefits)} also clear the ±{m:g}-point "
            f"margin, and {and_list(short)} {'does' if len(short) == 1 else 'do'} not: "
            "shown above zero, not shown to exceed the margin."
        )
    powers = [
        (c, stats.tost_power(c.subtle.difference.n, c.subtle.difference.std, m)) for c in second
    ]
    powers = [(c, p) for c, p in powers if math.isfinite(p)]
    if powers:
        n = powers[0][0].subtle.difference.n
        parts = [f"{SHORT[c.arm]} {100 * p:.0f}%" for c, p in powers]
        need = [stats.seeds_for_equivalence(c.subtle.difference.std, m) for c, _ in powers]
        need_words = and_list([f"{k:,}" if k else "more than 10,000" for k in need])
        text += (
            f" Had the benefit at the subtlest shift truly been zero, the branch that would "
            f"support the second claim (that benefit equivalent to zero within ±{m:g} points) "
            f"would have been reached with {and_list(parts)} power at {n} seeds and the SDs "
            f"observed; 80% would have taken {need_words} seeds."
        )
        losses = [
            f"{SHORT[c.arm]} {fmt(stats.minimum_detectable_difference(d.std, d.n), 1)}"
            for c, _ in powers
            if (d := c.loss.difference).n >= 2 and d.std > 0
        ]
        if losses:
            text += (
                f" The loss, the claim's other quantity, is detected at 80% power from "
                f"{and_list(losses)} points, against the ±{m:g}-point margin."
            )
        powered = all(p >= 0.8 for _, p in powers)
        if all(c.subtle.verdict == POSITIVE for c, _ in powers):
            text += (
                " Here a benefit remains with its interval above zero, so no verdict hangs on "
                + (
                    "that branch; with that power, the design could have found for the paper had "
                    "the benefit been zero."
                    if powered
                    else "that branch, but the design could hardly have found for the paper."
                )
            )
    return text
