"""Every value Study A's chapters glue, keyed in full (grep a key seen in a chapter to land here).

One function per chapter; each returns ``{glue key: value}`` where a value is
text, a table or a figure. A key exists whatever part of the grid a page was
executed on (``n/a (not run)`` where a setting was left out), so a chapter
re-executed with other parameters never cites a missing key.
"""

from __future__ import annotations

import hashlib
import inspect
import math
import re
import subprocess
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from negresults import published, stats
from negresults.locations import find_repo_root
from negresults.reporting import NOT_RUN, fmt, readable_p
from negresults.shape_color import analysis_plan as plan
from negresults.shape_color.compute.monitor import SPIKE_FACTOR, SPIKE_WINDOW
from negresults.shape_color.compute.train import PROBE_IMAGES
from negresults.shape_color.config import (
    LABEL_PRESERVING,
    LONG_BASELINE,
    PRESSURE_LABELS,
    REFERENCE_ARMS,
    SHAPES,
    VARIANT_LABELS,
    ShapeColorConfig,
)
from negresults.shape_color.report import claims, figures, tables
from negresults.shape_color.report.phrases import (
    acc,
    change_phrase,
    epochs_to,
    interval_side,
    points,
    sign_reading,
    verdict_phrase,
)
from negresults.shape_color.report.results import Results
from negresults.shape_color.report.tables import STEM, short

# Study A's reference numbers, from the papers the chapters compare with.
MOCO_V3_GAINS = "+0.4, +0.6 and +1.7 points"  # frozen projection's linear-probe gain by rate
MOCO_V3_GROWTH = 1.3  # points: that gain's growth from the lowest of those rates to the highest


# -- shared helpers ---------------------------------------------------------------
def _base(results: Results, metric: str, pressure: str = "none", variant: str = "baseline"):
    return results.arm(variant, pressure)[metric].to_numpy(dtype=float)


def _judged(results: Results) -> dict[str, claims.Judged]:
    return {j.spec.key: j for j in claims.judged(results)}


def _claim(j: claims.Judged | None, what: str = "points") -> str:
    """A claim's estimate, interval and verdicts, as a sentence fragment."""
    if j is None:
        return NOT_RUN
    if len(j.values) == 0:
        return f"not judged ({j.setting_note or 'not run'}): untestable"
    d = j.difference
    if d.n < 2 or math.isnan(d.ci_low):
        estimate = f"{fmt(d.mean, signed=True)} {what}"
    else:
        estimate = (
            f"{fmt(d.mean, signed=True)} {what} "
            f"[{fmt(d.ci_low, signed=True)}, {fmt(d.ci_high, signed=True)}]"
        )
    if j.held_back:
        return f"{estimate}; {j.held_back} (the plateau check), so the claim is untestable here"
    beyond = ""
    if j.spec.rule == "no_change" and j.spec.sign and plan.side(j.outcome) == j.spec.sign:
        # "Does not stabilise" met by an effect on the side it allows: at this rate the
        # ablation dips more than its reference arm (what that rate is, the page says).
        beyond = (
            ": at this rate the ablation dips more than its reference arm"
            if j.spec.family == "stability"
            else ": the change goes the way the claim allows, beyond no change"
        )
    elif j.inside_margin:
        beyond = (
            f"; the change is smaller than the margin (its whole interval lies inside "
            f"±{j.spec.margin:g}, and the plan reads a measurable change before equivalence, "
            "so with enough seeds even a change too small to matter becomes an effect)"
        )
    elif j.verdict == plan.SUPPORTED and j.outcome == plan.EQUIVALENT and len(j.values) > 1:
        # Support by equivalence: the TOST reads the 90% interval, not the 95% one shown.
        n = len(j.values)
        half = float(sps.t.ppf(0.95, n - 1) * np.std(j.values, ddof=1) / math.sqrt(n))
        lo, hi = float(np.mean(j.values)) - half, float(np.mean(j.values)) + half
        beyond = (
            f" by equivalence: the 90% interval the equivalence test reads, "
            f"[{fmt(lo, signed=True)}, {fmt(hi, signed=True)}], lies within ±{j.spec.margin:g}"
        )
    return f"{estimate}, so the claim is {verdict_phrase(j.verdict, j.holm)}{beyond}" + _unfinished(
        j
    )


def _unfinished(j: claims.Judged) -> str:
    """The warning beside a verdict that compares an arm still learning (the plan judges it
    anyway: it holds back only the curve claims)."""
    if not j.unfinished:
        return ""
    return f"; it compares the {j.unfinished}, which failed the plateau check, so {LEARNING_SPEED}"


# Why a comparison with an arm still learning is qualified, wherever the page says so.
LEARNING_SPEED = "part of the difference may be how fast the arms learn"


def _count_claim(j: claims.Judged | None) -> str:
    """A count claim: the seeds showing both halves, the count its rule needs, its verdict."""
    if j is None or len(j.values) == 0:
        return NOT_RUN
    k, n = int(j.shows.sum()), len(j.values)
    text = (
        f"{k} of {n} seeds show colour-critical accuracy up and seen-pair shape accuracy "
        f"down ({tables.count_rule(n)}), so the claim is {verdict_phrase(j.verdict, j.holm)}"
    ) + _unfinished(j)
    if j.verdict == plan.INCONCLUSIVE and n > 1:
        text += (
            f". The share of seeds showing it, 95% interval {_rate_interval(k, n)}, is neither "
            "shown under half nor above chance"
        )
    if j.verdict == plan.CONTRADICTED:
        # What a contradiction rules out: a common pattern, not a rare one.
        p = float(sps.binom.cdf(k, n, plan.PATTERN_COMMON))
        text += (
            f". Were {plan.PATTERN_COMMON:.0%} of all seeds to show the pattern, {k} or fewer "
            f"of {n} would come up with probability {readable_p(p).replace('< ', 'below ')}, "
            f"so the pattern is less common than that (the share of seeds showing it: 95% "
            f"interval {_rate_interval(k, n)}). It does show on {k} of {n} seeds"
            + (
                f", no more often than chance alone ({plan.PATTERN_CHANCE:.0%}) would give"
                if k / n <= plan.PATTERN_CHANCE
                else ""
            )
            + ": the contradiction is against half of runs, not against some runs"
        )
    elif j.verdict == plan.SUPPORTED and j.shape is not None:
        # The plan's chance rate takes each half as a coin flip; where the ablation really
        # lowers shape, the shape half is no coin flip. Exploratory: the same count against a
        # chance rate that takes the shape half as observed and only colour as a coin flip.
        falls = float(np.mean(j.shape < 0))
        p = j.stricter_p
        ups = int(np.sum(j.values > 0))
        if p <= plan.ALPHA:
            reading = "the support also holds against that stricter chance rate"
        elif j.difference.ci_low > 0:  # the colour half rises on its own
            reading = (
                "the count alone would not support the claim against it, and the mean "
                "colour-critical rise beside it, whose interval lies above zero, carries more "
                "of the evidence"
            )
        else:
            reading = (
                "the count alone would not support the claim against it, and the mean "
                "colour-critical change beside it shows no rise either: the support rests on "
                f"shape falling on most seeds, while colour-critical accuracy goes up on "
                f"{ups} of {n} (a fair coin lands that far from half or further with "
                f"probability {sps.binomtest(ups, n, 0.5).pvalue:.2f})"
            )
        text += (
            f". Exploratory, outside the plan: the plan's chance rate takes each half as a coin "
            f"flip, but shape falls on {int(round(falls * n))} of {n} seeds here; with that "
            f"shape rate and colour a coin flip, chance alone gives {k} or more of {n} with "
            f"probability {p:.2f}, so {reading}"
        )
    return text


def _plural(k: int, one: str, many: str) -> str:
    return f"{k} {one if k == 1 else many}"


def _counted(lead: str, items: list[str], one: str, many: str, after: str = "") -> str:
    """'``lead``2 ``many````after``: a; b.': a count of ``items``, then the items."""
    return f"{lead}{_plural(len(items), one, many)}{after}: " + "; ".join(items) + "."


def _seed_warning(cfg: ShapeColorConfig) -> str:
    need = plan.planned_seeds(margin=cfg.equivalence_margin)
    if cfg.n_shared >= need:
        return f"The {cfg.n_shared} seeds every cell runs meet it."
    return (
        f"Too few seeds: only {cfg.n_shared} are run, fewer than the {need} the power "
        "calculation asks for, so verdicts of equivalence and of small effects are weaker "
        "than planned."
    )


def _variant_epochs(cfg: ShapeColorConfig) -> str:
    """', except the trained linear projection and ..., which train 80 epochs ...', or ''."""
    if not cfg.variant_epochs:
        return ""
    lengths = {n for _, n in cfg.variant_epochs}
    names = " and ".join(f"the {short(v).lower()}" for v, _ in cfg.variant_epochs)
    many = len(cfg.variant_epochs) > 1
    length = (
        f"{next(iter(lengths))} epochs"
        if len(lengths) == 1
        else " and ".join(f"{n} epochs" for _, n in cfg.variant_epochs) + " respectively"
    )
    return (
        f", except {names}, which train{'' if many else 's'} {length}, to "
        f"{'their' if many else 'its'} own plateau with {'their rates' if many else 'its rate'} "
        f"tuned again at that length (the plan's eighth revision: at {cfg.epochs} "
        + ("they were" if many else "it was")
        + " still learning, and a pilot on the tuning seed at the longer length was flat)"
        + (
            f"; for the comparison of the two stems the baseline also trains "
            f"{cfg.stem_epochs} epochs on "
            + (
                "its first seed"
                if cfg.equal_length_seeds == 1
                else f"its first {cfg.equal_length_seeds} seeds"
            )
            + " at both "
            "ablation levels (the ninth revision)"
            if cfg.runs_equal_length
            else ""
        )
        + "".join(
            f", and with {PRESSURE_LABELS[p]} on {_long_curve_seeds(cfg, p)}, beside the "
            "colour-only control trained as long, for the Figure 1 claims there (the plan's "
            "twelfth revision"
            + ("; the thirteenth set the seeds)" if cfg.long_seeds_sized(p) else ")")
            for p in cfg.long_levels
        )
        + "".join(
            f"; with {PRESSURE_LABELS[p]} no attention trains {cfg.stem_epochs} epochs too, "
            f"on the {_plural(n, 'seed', 'seeds')} of its cell there, its rate tuned again at "
            "that length, for its count claim there (the fourteenth revision)"
            for m, p in cfg.long_final_cells
            if (n := len(cfg.cell_seeds(m, p)))
        )
    )


def _long_curve_seeds(cfg: ShapeColorConfig, pressure: str) -> str:
    """The seeds the long arms run at a long-curve level, in words."""
    n, base = len(cfg.long_seeds(pressure)), len(cfg.cell_seeds("baseline", pressure))
    if not cfg.long_seeds_sized(pressure):
        return f"every seed of the level's baseline cell ({_plural(n, 'seed', 'seeds')})"
    return f"its first {n} seeds (the level's baseline cell runs {base})"


def _cell_name(variant: str, pressure: str) -> str:
    """A reported cell in words: the model, and the colour pressure it trained under."""
    return f"{short(variant).lower()} under {PRESSURE_LABELS[pressure]}"


def _powered_cells(cfg: ShapeColorConfig) -> str:
    """The cells that run more seeds than the others, and how many, in words ("" if none)."""
    if not cfg.powered_cells:
        return ""
    named = [f"{_cell_name(v, p)}, {n}" for v, p, n in cfg.powered_cells]

    def seeds_at(p: str) -> str:
        n, base = len(cfg.long_seeds(p)), len(cfg.cell_seeds("baseline", p))
        if cfg.long_seeds_sized(p):
            return (
                f"the first {n} seeds (the thirteenth revision sized the comparison with the "
                f"colour-only control there at {n} seeds, from the spread of the {base} it had "
                "read at that length)"
            )
        return (
            f"the {_plural(n, 'seed', 'seeds')} of the level's baseline cell (the twelfth "
            "revision, which did not size them again)"
        )

    long = "".join(
        f" At {PRESSURE_LABELS[p]} the baseline and the colour-only control trained "
        f"{cfg.stem_epochs} epochs run {seeds_at(p)}, and the colour-only control's "
        "common-length runs there are read by no claim any more."
        for p in cfg.long_levels
    )
    long += "".join(
        f" Since the fourteenth revision no judged comparison reads the {cfg.epochs}-epoch runs "
        f"of the baseline and of no attention at {PRESSURE_LABELS[p]} either: the level's "
        f"manipulation check reads the runs trained {cfg.stem_epochs} epochs on the "
        f"{_plural(len(set(cfg.long_seeds(p)) & set(cfg.long_seeds('none'))), 'seed', 'seeds')} "
        "the baseline trained that long runs at both levels, and no attention's count claim "
        f"reads no attention trained that long on the {_plural(n, 'seed', 'seeds')} of its cell."
        for m, p in cfg.long_final_cells
        if (n := len(cfg.cell_seeds(m, p)))
    )
    return (
        "The cells read by claims whose power needed more seeds run more, the first of the "
        f"same seeds (the plan says how they were sized): {'; '.join(named)}." + long
    )


def _seeds_run(final: pd.DataFrame) -> dict[str, str]:
    """The seeds the stored reported runs hold: how many every cell ran, and the cells that
    ran more (a claim's power sized them), in words."""
    per_cell = final.groupby(["variant", "colour_pressure"]).seed.nunique()
    shared = int(per_cell.min()) if len(per_cell) else 0
    more = sorted(
        ((v, p, int(n)) for (v, p), n in per_cell.items() if n > shared), key=lambda c: -c[2]
    )
    return {
        "sc_n_seeds": str(shared),
        "sc_n_powered": (
            " (the cells whose claims needed more seeds for their power ran more: "
            + "; ".join(f"{_cell_name(v, p)}, {n}" for v, p, n in more)
            + ")"
            if more
            else ""
        ),
    }


def _resized(results: Results) -> dict[str, Any]:
    """The re-sizing table, and the verdicts the added seeds changed, in words."""
    found = claims.resized(results) if len(results.final) else []

    def named(r: claims.Resized, what: str) -> str:
        """A re-sized row's claim and setting, then ``what`` (from inside the parenthesis)."""
        return f"{r.claim.spec.claim} ({PRESSURE_LABELS[r.claim.spec.pressure]}{what}"

    changed = [
        named(
            r, f"), from {r.first.verdict} on the first seeds to {r.claim.verdict} on all of them"
        )
        for r in found
        if r.first.verdict != r.claim.verdict
    ]
    text = (
        _counted("The added seeds changed ", changed, "verdict", "verdicts")
        if changed
        else "The added seeds changed no verdict."
    )
    # Rows whose pilot spread, as the stored runs give it, asks for more seeds than ran: the
    # revision that sized them read a spread of its day (its paragraph in the Appendix).
    short_rows = [
        named(
            r,
            f": needs {r.need if r.need is not None else 'more than 10,000'}, "
            f"ran {len(r.claim.values)})",
        )
        for r in found
        if r.need is None or r.need > len(r.claim.values)
    ]
    short_text = (
        _counted(
            "At the pilot spread these runs give, ",
            short_rows,
            "row asks",
            "rows ask",
            after=" for more seeds than ran",
        )
        + " Each revision sized its claims from the spread it saw when it was written (the "
        "plan's paragraph on each revision, in the Appendix, says what it read); where this table's "
        "differs, the table's is the one the stored runs give, and the claim ran short of its "
        "own rule: the Conclusion's power table says whether its seeds still reach its margin."
        if short_rows
        else "Every row ran at least the seeds its pilot's upper limit asks for."
    )
    return {
        "sc_m_resized": claims.resized_table(results, found),
        "sc_m_resized_changes": text if found else "",
        "sc_m_resized_short": short_text if found else "",
    }


def _count_sizes(cfg: ShapeColorConfig) -> list[int]:
    """The seed counts the count claims are judged on (fresh seeds only, where the plan says)."""
    sizes = set()
    for s in plan.claim_specs(cfg):
        if s.rule != "count":
            continue
        both = set(cfg.cell_seeds(s.ablation, s.pressure)) & set(
            cfg.cell_seeds(REFERENCE_ARMS[s.ablation], s.pressure)
        )
        sizes.add(len(both - set(tables.count_read_before(cfg, s.ablation, s.pressure))))
    return sorted(sizes or {cfg.n_shared})


def _in_setting(pressure: str, preposition: str = "under") -> str:
    """A colour-pressure level after a claim or a count of runs in a sentence ("without
    colour pressure", "under label mixing", or with ``preposition`` "with")."""
    if pressure == "none":
        return "without colour pressure"
    return f"{preposition} {PRESSURE_LABELS[pressure]}"


def _count_fresh(cfg: ShapeColorConfig) -> str:
    """Which count claims are judged on fresh seeds only, and why (the tenth revision)."""
    fresh = [
        s
        for s in plan.claim_specs(cfg)
        if s.rule == "count" and (s.ablation, s.pressure) in cfg.count_fresh
    ]
    if not fresh:
        return ""
    names = [f"{plan.ACTIONS[s.ablation].lower()} {_in_setting(s.pressure)}" for s in fresh]
    sizes = _count_sizes(cfg)
    return (
        f"The {_plural(len(fresh), 'count claim', 'count claims')} that an earlier rule, "
        "which contradicted only when no seed showed the pattern, left undecided on the "
        f"first {cfg.n_shared} seeds ({_and_list(names)}) are judged on fresh seeds alone, "
        "the next "
        f"{max(sizes)}: the fewest at which the rule has {plan.POWER:.0%} power both ways. "
        "A claim the rule had already decided keeps its seeds; the re-sizing table below "
        "shows its verdict on the seeds added after its pilot, alone, as well (the plan's "
        "reason, that a count past a threshold set at 5% holds at any number of seeds, "
        "overstates it once the count has been looked at before)."
    )


def _count_needed(cfg: ShapeColorConfig) -> str:
    """The count rule's thresholds at every seed count a count claim is judged on ("4 or more
    of 6 support it and only none contradicts it")."""
    parts = []
    for n in _count_sizes(cfg):
        need, allowed = plan.count_needed(n), plan.count_allowed(n)
        support = f"{need} or more of {n} support it" if need <= n else "no count supports it"
        against = (
            "no count contradicts it"
            if allowed < 0
            else "only none contradicts it"
            if allowed == 0
            else f"{allowed} or fewer contradict it"
        )
        parts.append(f"{support} and {against}")
    return "; ".join(parts)


def _steps_per_epoch(cfg: ShapeColorConfig) -> int:
    return -(-cfg.n_train_images // cfg.batch_size)


def binomial_se(accuracy: float, n: int) -> float:
    """Standard error, in points, of one accuracy reading at ``accuracy`` percent on ``n`` images."""
    p = accuracy / 100
    return 100 * math.sqrt(p * (1 - p) / n) if n > 0 else math.nan


# -- the analysis plan's commit ---------------------------------------------------
def _git(root: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, check=True, timeout=60
    ).stdout


def plan_commit(revision: str = plan.REVISION) -> dict[str, str] | None:
    """The oldest commit, reachable from any ref, whose copy of the analysis plan hashes to
    ``revision`` (SHA-256 of the file's bytes, first 12 hex digits): its hash, date, subject and
    the branches holding it. None without a git history; an empty dict when no commit has it."""
    root = find_repo_root()
    path = Path(plan.__file__).resolve()
    if root is None:
        return None
    try:
        rel = path.relative_to(root).as_posix()
        log = _git(root, "log", "--all", "--reverse", "--format=%H", "--", rel).decode().split()
        for commit in log:
            blob = _git(root, "show", f"{commit}:{rel}")
            if hashlib.sha256(blob).hexdigest()[:12] != revision:
                continue
            meta = _git(root, "show", "-s", "--format=%ad%x09%s", "--date=short", commit)
            date, subject = meta.decode().strip().split("\t", 1)
            branches = _git(
                root, "branch", "--all", "--contains", commit, "--format=%(refname:short)"
            ).decode()
            return {
                "commit": commit,
                "date": date,
                "subject": subject,
                "branches": ", ".join(b for b in branches.split() if b),
            }
        return {}
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def plan_commit_sentence(revision: str = plan.REVISION) -> str:
    found = plan_commit(revision)
    if found is None:
        return (
            "The git history is not available in this copy of the repository (a Binder copy "
            "may lack it), so the commit that holds this revision cannot be shown here."
        )
    if not found:
        return (
            f"No commit in this repository's history holds revision {revision}: the plan on "
            "this page is an uncommitted change, and it was not fixed before the runs."
        )
    branches = f", on branch {found['branches']}" if found["branches"] else ""
    # The commit's message is not quoted: it is written for developers (code names and
    # all), and the commit itself is one `git show` away.
    return (
        f"This revision was first committed in commit {found['commit'][:12]} "
        f"({found['date']}{branches})."
    )


def _p_clause(p: float) -> str:
    """ "= 0.012" or "< 0.001", to follow a "p": a P-value never shown as a rounded zero."""
    text = readable_p(p)
    return text if text.startswith("<") else f"= {text}"


def _plan_status(results: Results) -> str:
    """Which revision of the plan each group of runs was made under, against the current one."""
    made: dict[str, Counter] = {}
    for r in results.runs:
        if r.kind != "shape_color/tune":
            revision = str(r.info.get("analysis_plan", "unknown"))
            made.setdefault(revision, Counter())[tables.run_group(r)] += 1
    if list(made) == [plan.REVISION]:
        return (
            f"Every run judged here records that it was made under this revision "
            f"({plan.REVISION}): the plan has not changed since."
        )
    parts = [
        f"under revision {rev}{' (the current one)' if rev == plan.REVISION else ''}, "
        + ", ".join(
            f"the {n} {group if n != 1 else group.replace('runs', 'run', 1)}"
            for group, n in groups.items()
        )
        for rev, groups in made.items()
    ]
    return (
        "The plan changed between runs, and every run is judged by the plan's current "
        f"revision, {plan.REVISION} (a hash of the plan's text, not a commit of the code). "
        "The runs record the plan revision they were made under: "
        + "; ".join(parts)
        + ". A revision changes the plan's text, so its hash changes with it; what each "
        "revision changed is written in the plan itself."
    )


# -- Method ------------------------------------------------------------------------
def method(cfg: ShapeColorConfig, results: Results) -> dict[str, Any]:
    n = cfg.n_classes
    params = tables.parameter_table(cfg)
    no_attention, baseline = VARIANT_LABELS["no_attention"], VARIANT_LABELS["baseline"]
    gap = abs(params.loc[no_attention, "Parameters"] / params.loc[baseline, "Parameters"] - 1)
    patch_dim = 3 * cfg.patch_size**2
    jitters = [cfg.jitter(p) for p in LABEL_PRESERVING]
    cost = tables.cost_table(results)
    monitor_images = n * n * cfg.val_per_pair
    steps = _steps_per_epoch(cfg) * cfg.stability_epochs
    # The monitor's noise: one reading, and a difference of two, as binomial standard errors.
    st = results.stability
    ref = (
        results.stability_arm("baseline", plan.reference_rate(cfg.stability_rates))
        if len(st)
        else st
    )
    level = float(ref.monitor_final_acc.mean()) if len(ref) else math.nan
    se_diff_80 = math.sqrt(2) * binomial_se(80.0, monitor_images)
    se_diff_here = math.sqrt(2) * binomial_se(level, monitor_images)
    # The margin was declared against the noise at 80% accuracy; the page sets it against
    # the noise at the accuracy the reference runs actually reach, whichever way that goes.
    if not np.isfinite(level):
        margin_reading = (
            f"chosen against one standard error of such a difference at 80% accuracy on "
            f"{monitor_images} images ({fmt(se_diff_80)} points)"
        )
    elif cfg.stability_margin >= se_diff_here:
        margin_reading = (
            f"chosen against one standard error of such a difference at 80% accuracy "
            f"({fmt(se_diff_80)} points); at the {fmt(level)}% the reference runs reach it is "
            f"{fmt(se_diff_here)} points, still below the margin, so a change smaller than the "
            "margin is within what the binomial noise of two models' readings alone can move"
        )
    else:
        margin_reading = (
            f"chosen against one standard error of such a difference at 80% accuracy "
            f"({fmt(se_diff_80)} points); but the stability runs end lower, at {fmt(level)}%, where "
            f"it is {fmt(se_diff_here)} points, above the margin: the margin sits inside the "
            "monitor's own noise, so an equivalence verdict on a stability claim is harder to "
            "reach on the claim read in dips, and means less than the margin suggests. The dip"
            " of a stable run at the "
            "reference rate (the Experiments chapter) measures that floor directly"
        )
    ratio = cfg.width / patch_dim
    ratio_reading = (
        f"so a linear projection from a patch to a token can keep all of it: the random "
        f"projection has full rank, {min(patch_dim, cfg.width)}, the patch's whole dimension, as "
        "in a ViT-B, whose projection maps 768 values to 768 dimensions"
        if ratio >= 1
        else f"smaller than one on this preset: the projection narrows each patch to "
        f"{cfg.width} of its {patch_dim} dimensions, so here the frozen arm also tests a random "
        "bottleneck (the cpu and gpu presets keep the ratio at one or above)"
    )
    n_specs = len(plan.claim_specs(cfg))
    n_seeds = cfg.n_shared
    return {
        "sc_m_preset": cfg.preset,
        "sc_m_n": str(n),
        "sc_m_pairs": str(n * n),
        "sc_m_held_out": str(cfg.held_out_pairs),
        "sc_m_seen": str(n * n - cfg.held_out_pairs),
        "sc_m_shapes": ", ".join(SHAPES[:n]),
        "sc_m_size": str(cfg.image_size),
        "sc_m_rotation": f"{cfg.rotation_degrees:g}",
        "sc_m_train_per_pair": str(cfg.train_per_pair),
        "sc_m_n_train": f"{cfg.n_train_images:,}",
        "sc_m_val_per_pair": str(cfg.val_per_pair),
        "sc_m_test_per_pair": str(cfg.test_per_pair),
        "sc_m_spacing": f"{360 / n:g}",
        "sc_m_half_spacing": f"{180 / n:g}",
        "sc_m_offset": f"{cfg.critical_offset:g}",
        "sc_m_gap": f"{360 / n - 2 * cfg.critical_offset:g}",
        # A benchmark hue sits between its own centre and the neighbour it moved towards.
        "sc_m_neighbour": f"{360 / n - cfg.critical_offset:g}",
        "sc_m_classes": str(n),
        "sc_m_offset_gap": f"{cfg.critical_offset - max(jitters):g}",
        "sc_m_luminance": f"{cfg.lightness_y:g}",
        "sc_m_chroma": f"{cfg.chroma:g}",
        "sc_m_noise": f"{cfg.noise_std:g}",
        "sc_m_mild": f"{cfg.mild_jitter_degrees:g}",
        "sc_m_strong": f"{cfg.strong_jitter_degrees:g}",
        "sc_m_mixing": f"{cfg.label_mixing_degrees:g}",
        "sc_m_ablation_pressure": PRESSURE_LABELS[cfg.ablation_pressure],
        "sc_m_frozen_conv_run": (
            "It is part of this build's grid."
            if "frozen_conv" in cfg.ablations
            else f"The {cfg.preset} preset leaves it out, to keep a cold build short; "
            "re-executing the Experiments chapter with it added to the list of ablations (a "
            "parameter of that notebook) runs it."
        ),
        "sc_m_patch": str(cfg.patch_size),
        "sc_m_patch_dim": str(patch_dim),
        "sc_m_ratio": f"{cfg.width / patch_dim:.3g}",
        "sc_m_linear_rank": str(min(patch_dim, cfg.width)),
        "sc_m_ratio_reading": ratio_reading,
        "sc_m_tokens": str((cfg.image_size // cfg.patch_size) ** 2),
        "sc_m_width": str(cfg.width),
        "sc_m_depth": str(cfg.depth),
        "sc_m_blocks": _plural(
            cfg.depth, "pre-norm Transformer block", "pre-norm Transformer blocks"
        ),
        "sc_m_heads": str(cfg.heads),
        "sc_m_epochs": str(cfg.epochs),
        "sc_m_variant_epochs": _variant_epochs(cfg),
        **_equal_length(results),
        "sc_m_batch": str(cfg.batch_size),
        "sc_m_steps": f"{cfg.epochs * _steps_per_epoch(cfg):,}",
        "sc_m_lr_grid": ", ".join(f"{x:g}" for x in cfg.lr_grid),
        "sc_m_tuning_seeds": ", ".join(map(str, cfg.tuning_seeds)),
        "sc_m_pilot_seeds": _pilot_seeds(cfg),
        "sc_m_warmup": f"{100 * cfg.warmup_fraction:g}",
        "sc_m_plateau_gain": f"{plan.PLATEAU_GAIN:g}",
        "sc_m_plateau_share": f"{100 * (1 - plan.PLATEAU_FROM):g}",
        "sc_m_stability_rates": ", ".join(f"{x:g}" for x in cfg.stability_rates),
        "sc_m_stability_epochs": str(cfg.stability_epochs),
        "sc_m_stability_span": (
            "first epoch" if cfg.stability_epochs == 1 else f"first {cfg.stability_epochs} epochs"
        ),
        "sc_m_stability_steps": f"{steps:,}",
        "sc_m_monitor_every": str(cfg.monitor_every),
        "sc_m_monitor_readings": str(1 + steps // cfg.monitor_every),
        "sc_m_monitor_images": f"{monitor_images:,}",
        "sc_m_spike_factor": f"{SPIKE_FACTOR:g}",
        "sc_m_spike_window": str(SPIKE_WINDOW),
        "sc_m_monitor_level": f"{fmt(level)}%" if np.isfinite(level) else NOT_RUN,
        "sc_m_monitor_se": (
            f"{fmt(binomial_se(level, monitor_images))} points" if np.isfinite(level) else NOT_RUN
        ),
        "sc_m_monitor_se_max": f"{fmt(binomial_se(50.0, monitor_images))} points",
        "sc_m_monitor_se_diff": (
            f"{fmt(math.sqrt(2) * binomial_se(level, monitor_images))} points"
            if np.isfinite(level)
            else NOT_RUN
        ),
        "sc_m_stability_margin": f"{cfg.stability_margin:g}",
        "sc_m_margin_reading": margin_reading,
        "sc_m_learns_from": f"{plan.LEARNS_FROM:g}",
        "sc_m_learns_chance": f"{plan.LEARNS_FROM / (100 / n):g}",
        "sc_m_probe_images": f"{PROBE_IMAGES:,}",
        "sc_m_class_only_error": f"{360 / n / 4:g}",
        "sc_m_seeds": str(n_seeds),
        "sc_m_powered_cells": _powered_cells(cfg),
        "sc_m_count_needed": _count_needed(cfg),
        "sc_m_count_chance": f"{100 * plan.PATTERN_CHANCE:g}",
        "sc_m_count_common": f"{100 * plan.PATTERN_COMMON:g}",
        "sc_m_count_fresh": _count_fresh(cfg),
        "sc_m_claims_total": str(n_specs),
        "sc_m_runs": str(len(cfg.grid) + len(cfg.equal_length_grid)),
        "sc_m_stability_runs": str(len(cfg.stability_grid)),
        "sc_m_stability_seeds": str(len(cfg.stability_seeds)),
        "sc_m_param_gap": f"{100 * gap:.1f}",
        "sc_m_stem_params": _stem_params(params),
        "sc_m_tuning_ties": _tuning_ties(results),
        "sc_m_margin": f"{cfg.equivalence_margin:g}",
        "sc_m_planning_sd": f"{plan.PLANNING_SD:g}",
        "sc_m_planned_seeds": str(plan.planned_seeds(margin=cfg.equivalence_margin)),
        "sc_m_seed_warning": _seed_warning(cfg),
        "sc_m_plan": claims.plan_table(cfg),
        **_resized(results),
        "sc_m_plan_revision": plan.REVISION,
        "sc_m_plan_commit": plan_commit_sentence(),
        "sc_m_plan_status": _plan_status(results),
        "sc_m_cost_total": cost.loc["total", "Core-minutes"],
        "sc_m_cost": cost,
        "sc_m_parameters": params,
        "sc_m_model_checks": tables.model_check_table(cfg),
        "sc_fig_colours": figures.colour_figure(cfg),
        "sc_fig_colours_caption": (
            "Object colours of every class (middle row) and of the colour-critical benchmark "
            f"(class hue ∓ {cfg.critical_offset:g} degrees), above their relative luminance "
            "rendered as grey: one uniform grey."
        ),
    }


# -- Experiments --------------------------------------------------------------------
def _plateau(results: Results, variant: str = "baseline") -> np.ndarray:
    return plan.plateau_gain(results.history, variant)


def _numbers(cfg: ShapeColorConfig, results: Results) -> dict[str, str]:
    """Text values that more than one results chapter cites."""
    final = results.final
    shape = _base(results, "shape_seen_acc")
    colour = _base(results, "colour_acc")
    plateau = _plateau(results)
    gains = tables.plateau_gains(results)
    worst = max(gains, key=gains.get) if gains else None
    still = [k for k, g in gains.items() if not g < plan.PLATEAU_GAIN]
    # Cells that pass on the mean while their interval still lies above zero.
    creeping = sum(interval_side(g) == +1 for g in tables.plateau_cell_gains(results).values())
    learned = len(shape) > 0 and shape.mean() >= 90 and colour.mean() >= 95
    # The check reads the epoch a quarter from the end; in a run of a few epochs that
    # rounds onto the last epoch, and the gain is zero by construction.
    start = round(plan.PLATEAU_FROM * cfg.epochs)
    if start >= cfg.epochs:
        reading = (
            f"but the last quarter of {cfg.epochs} epochs is shorter than one epoch, so that "
            "change is zero by construction: the plateau check cannot be read on this preset, "
            "and every verdict rests on models that may still be learning"
        )
    elif not gains:
        reading = "and no run was stored to read the plateau check on"
    elif not still and learned:
        reading = (
            "so the baseline has learned both attributes and gains under the plateau line on "
            "shape on average, and every other arm with a shape head that a claim compares "
            "also gains under the line (the plateau check, which reads the mean over seeds, passes for all of "
            "them"
            + (
                f"; in {creeping} of the {len(gains)} models and levels it reads the interval "
                "still lies above zero, so shape is still creeping up there, by less than the "
                "line"
                if creeping
                else ""
            )
            + "; the colour-only control, which has no shape head, is outside the check, and "
            "its colour-critical curve over the last quarter is given with the Conclusion's "
            "reading of Figure 1)"
        )
    elif not still:
        reading = (
            "so the plateau check passes for every arm, but the baseline falls short of the "
            "targets (90% shape on seen pairs, 95% colour): the verdicts rest on a model "
            "that has not learned both attributes well"
        )
    else:
        named = "; ".join(f"{short(v).lower()}, {PRESSURE_LABELS[p]}" for v, p in still)
        reading = (
            f"and {len(still)} of the {len(gains)} models and levels a claim compares still "
            f"{'gains' if len(still) == 1 else 'gain'} at least {plan.PLATEAU_GAIN:g} point over the last quarter ({named}), so "
            "the plateau check fails there: those runs were still learning shape when "
            "training stopped, and a comparison that reads them may in part be a difference "
            "in how fast two arms learn"
        )
    unread = tables.unread_gains(results)
    if unread:
        named = _and_list(
            [
                f"{fmt(g, 2, signed=True)} points ({short(v).lower()}, "
                f"{'under' if g < plan.PLATEAU_GAIN else 'over'} the line)"
                for (v, _), g in unread.items()
            ]
        )
        levels = " and ".join(dict.fromkeys(PRESSURE_LABELS[p] for _, p in unread))
        reading += (
            f". With {levels}, the {cfg.epochs}-epoch runs gained {named}; since the plan's "
            "fourteenth revision no judged comparison reads them there, so the check no "
            "longer reads them, and the table shows them beside it"
        )
    return {
        "sc_preset": cfg.preset,
        "sc_n_runs": str(len(final)),
        "sc_n_stability_runs": str(len(results.stability)),
        **_seeds_run(final),
        "sc_n_stability_seeds": (
            str(results.stability.seed.nunique()) if len(results.stability) else "0"
        ),
        "sc_epochs": str(cfg.epochs),
        "sc_variant_epochs": _variant_epochs(cfg),
        "sc_stem_lengths": _stem_lengths(results),
        "sc_chance": f"{100 / cfg.n_classes:.1f}",
        "sc_margin": f"{cfg.equivalence_margin:g}",
        "sc_base_shape_seen": acc(shape),
        "sc_base_shape_unseen": acc(_base(results, "shape_unseen_acc")),
        "sc_base_colour": acc(colour),
        "sc_base_critical": acc(_base(results, "critical_colour_acc")),
        "sc_plateau_gain": points(plateau),
        "sc_plateau_worst": fmt(gains[worst], signed=True) + " points" if worst else NOT_RUN,
        "sc_plateau_worst_arm": (
            f"{short(worst[0]).lower()}, {PRESSURE_LABELS[worst[1]]}" if worst else NOT_RUN
        ),
        "sc_target_reading": reading,
    }


def _long_seeds(results: Results) -> str:
    """On which seeds the long baseline ran, per level, from the stored runs ("the first 6
    seeds, without colour pressure and with label mixing"; or per level when they differ)."""
    cfg = results.cfg
    counts = {
        p: results.arm(LONG_BASELINE, p).seed.nunique()
        for p in cfg.ablation_pressures
        if len(results.arm(LONG_BASELINE, p))
    }
    if not counts:
        return "no seed"

    def first(n: int) -> str:
        return "the first seed" if n == 1 else f"the first {n} seeds"

    if len(set(counts.values())) == 1:
        n = next(iter(counts.values()))
        return f"{first(n)}, {_and_list([_in_setting(p, 'with') for p in counts])}"
    return _and_list([f"{first(n)} {_in_setting(p, 'with')}" for p, n in counts.items()])


def _equal_length(results: Results) -> dict[str, str]:
    """How long the two sides of the stem comparison train, for the Method's arms list and
    its training section, in words that hold for the configuration shown."""
    cfg = results.cfg
    stem = tables.short("trained_linear").lower()
    if cfg.stem_epochs == cfg.epochs:
        return {
            "sc_m_equal_length": (
                f"here the {stem} trains as long as the conv baseline, {cfg.epochs} epochs, so "
                "the comparison changes the stem alone."
            ),
            "sc_m_longer_models": "",
        }
    if not cfg.runs_equal_length:
        return {
            "sc_m_equal_length": (
                f"here the {stem} trains {cfg.stem_epochs} epochs and the conv baseline "
                f"{cfg.epochs}, and no baseline is trained as long, so the comparison changes "
                "the length of training as well as the stem."
            ),
            "sc_m_longer_models": (
                " A model trained longer than the others is compared with them at its own "
                "plateau, not at one length, and here that includes the linear projection "
                "against the conv stem, which then changes two things."
            ),
        }
    choices = tables.tuning_choices(results)
    rate = (
        f"{choices.loc[LONG_BASELINE, 'chosen']:g}" if LONG_BASELINE in choices.index else NOT_RUN
    )
    long = " and ".join(PRESSURE_LABELS[p] for p in cfg.long_levels)
    final = " and ".join(PRESSURE_LABELS[p] for p in cfg.final_levels)
    readers = (
        f"under the plan's twelfth revision the Figure 1 claims at {long} read it too, beside "
        "the colour-only control trained as long"
        + (
            f", and under its fourteenth the manipulation check at {final} and no attention's "
            "count claim there, beside no attention trained as long"
            if cfg.final_levels
            else ""
        )
        + f"; every other claim reads the baseline at its common length, {cfg.epochs} epochs, "
        "and"
        if cfg.long_levels
        else f"every claim reads the baseline at its common length, {cfg.epochs} epochs;"
    )
    return {
        "sc_m_equal_length": (
            f"the {stem} trains longer than the conv baseline (below), so for this comparison "
            f"the baseline also trains that long, {cfg.stem_epochs} epochs, on "
            f"{_long_seeds(results)}, at the rate its tuning at that length chose, {rate} "
            f"({readers} the Experiments chapter also shows, outside the plan, what the longer "
            "training changes)."
        ),
        "sc_m_longer_models": (
            " A model trained longer than the others is compared with them at its own "
            "plateau, not at one length. The one comparison that would then change two "
            "things, the linear projection against the conv stem, reads the conv baseline "
            "trained as long as the projection, so that the two differ in the stem alone."
        ),
    }


def _length(results: Results) -> dict[str, Any]:
    """Exploratory: what the baseline's readings still change when it trains as long as the
    linear projections, and the companion claim read against that (no verdict reads it)."""
    cfg = results.cfg
    diffs = tables.length_differences(results)
    if not diffs:
        return {
            "sc_length_short": "",
            "sc_length_table": tables.length_table(results),
            "sc_length_reading": (
                "Not run in this configuration: the baseline is not trained longer here, so "
                "nothing shows what further training would change."
            ),
        }
    margin = cfg.equivalence_margin
    moved = []
    for (m, p), d in diffs.items():
        s = stats.paired_difference(d, np.zeros_like(d)) if len(d) > 1 else None
        if s is not None and abs(s.mean) > margin and (s.ci_low > 0 or s.ci_high < 0):
            moved.append(f"{tables.METRIC_LABELS[m].lower()}, {PRESSURE_LABELS[p]}, {points(d)}")
    # The seeds both lengths ran, per level: the long baseline can run more seeds than the
    # common-length one (label mixing, since the thirteenth), and only pairs are compared.
    paired: dict[str, int] = {}
    for (_, p), d in diffs.items():
        paired[p] = max(paired.get(p, 0), len(d))
    seeds = "the seeds both lengths ran, " + _and_list(
        [f"{n} {_in_setting(p, 'with')}" for p, n in paired.items()]
    )
    verdict = (
        f"These readings change by more than the {margin:g}-point margin, with intervals "
        f"that exclude zero: {'; '.join(moved)}."
        if moved
        else f"No reading changes by more than the {margin:g}-point margin."
    )
    long_shape = plan.final(results.final, LONG_BASELINE, "none", "shape_seen_acc")
    alone = plan.final(results.final, "shape_only", "none", "shape_seen_acc")
    companion = (
        f" Beside the companion claim that learning both attributes costs shape: the baseline "
        f"trained {cfg.stem_epochs} epochs minus the shape-only control, which trained "
        f"{cfg.epochs}, on the seeds both ran, is {points(plan.difference(long_shape, alone))} "
        "on seen-pair shape, so part or all of that cost may be how fast the joint network "
        "learns; the control was not trained longer, so the comparison at equal length is "
        "not on these pages."
        if len(long_shape) and len(alone)
        else ""
    )
    short_reading = (
        f"Trained {cfg.stem_epochs} epochs instead of {cfg.epochs} (exploratory, on "
        f"{seeds}), the baseline changes by more than the margin in: {'; '.join(moved)}. The "
        "zero-shot and matched-by-kind numbers, and the companion shape cost, describe the "
        "baseline at the common length, not a finished model."
        if moved
        else f"Trained {cfg.stem_epochs} epochs instead of {cfg.epochs} (exploratory, on "
        f"{seeds}), no reading of the baseline changes by more than the margin."
    )
    return {
        "sc_length_short": short_reading,
        "sc_length_table": tables.length_table(results),
        "sc_length_reading": (
            "Exploratory, read by no verdict (the comparison of the two lengths"
            + (
                f"; the {cfg.stem_epochs}-epoch runs "
                + " and ".join(_in_setting(p, "with") for p in cfg.long_levels)
                + " also carry the Figure 1 claims there"
                if cfg.long_levels
                else ""
            )
            + f"): the baseline trained {cfg.stem_epochs} epochs "
            f"instead of {cfg.epochs}, paired by seed on {seeds}. {verdict} The "
            f"plateau check reads seen-pair shape, which without colour pressure gains under "
            f"the {plan.PLATEAU_GAIN:g}-point line over the last quarter at the common length "
            f"and still changes by {points(diffs['shape_seen_acc', 'none'])} with the longer "
            "training; other readings, the unseen pairs above all, are still moving at the "
            "common length, so every number "
            "on these pages that reads them (the zero-shot section, the neglect comparison "
            "matched by kind) describes the baseline at that length, not a finished model."
            + companion
        ),
    }


def _stem_params(params: pd.DataFrame) -> str:
    """What else the conv stem brings beside its convolutions, from the parameter table."""
    base, linear = VARIANT_LABELS["baseline"], VARIANT_LABELS["trained_linear"]
    if base not in params.index or linear not in params.index:
        return ""
    extra = int(params.loc[base, "Parameters"] - params.loc[linear, "Parameters"])
    return (
        f" The conv stem also has {extra:,} more parameters than the linear projection (the "
        "table below) and batch normalisation, so the comparison is of the two embeddings "
        "whole, not of convolution alone."
    )


def _tuning_margins(choices: pd.DataFrame) -> str:
    """How far each chosen rate's pilot score beat the next-best rate's: a pick won by a
    fraction of a point on one seed could go the other way on another, and every run of the
    arm (the controls too, for the baseline) follows it."""
    rates = tables.tried_rates(choices)
    won = []
    for v, c in choices.iterrows():
        scores = pd.Series({r: c[r] for r in rates}).dropna().sort_values(ascending=False)
        if len(scores) < 2 or len(c["tied"]) > 1:
            continue
        won.append(
            f"{_arm_name(v)} chose {c['chosen']:g}, by "
            f"{fmt(scores.iloc[0] - scores.iloc[1], 2)} points over {scores.index[1]:g}"
        )
    if not won:
        return ""
    return (
        " Each pick rests on the one pilot seed, by these margins over the next-best rate: "
        + "; ".join(won)
        + ". A margin of a fraction of a point could go the other way on another seed or "
        "machine, and every run of an arm, and the controls with the baseline, follows its pick."
    )


def _tuning_ties(results: Results) -> str:
    """The arms whose best tuning score was shared by several rates, and what that means;
    then the margins the other picks won by."""
    choices = tables.tuning_choices(results)
    margins = _tuning_margins(choices)
    tied = [(v, c) for v, c in choices.iterrows() if len(c["tied"]) > 1]
    if not tied:
        return " No arm's best score was shared by two rates here." + margins
    ends = {min(results.cfg.lr_grid), max(results.cfg.lr_grid)}
    rates = tables.tried_rates(choices)

    def one(v: str, c: pd.Series) -> str:
        text = (
            f"{_arm_name(v)} scored its best at {_and_list([f'{r:g}' for r in c['tied']])}, "
            f"so its rate, {c['chosen']:g}, is a tie-break, not a choice the score makes"
        )
        if ends <= set(c["tied"]):
            scores = pd.Series({r: c[r] for r in rates}).dropna()
            return text + (
                f"; its tie spans both ends of the grid, and its scores span "
                f"{fmt(scores.max() - scores.min(), 2)} points over the grid: its tuning does "
                "not separate the rates"
            )
        if ends & set(c["tied"]):
            return (
                text
                + "; its tie reaches an end of the grid, so a rate beyond it might score as well"
            )
        return text

    ties = "; ".join(one(v, c) for v, c in tied)
    return f" A tie goes to the lowest of the tied rates. {ties[0].upper()}{ties[1:]}." + margins


def _arm_name(arm: str) -> str:
    """An arm's full name in running text, with its article ("the baseline (trained conv
    stem + attention)", "no attention trained as long as the linear projections")."""
    name = _lower_first(VARIANT_LABELS[arm])
    return name if name.startswith("no ") else f"the {name}"


def _stem_lengths(results: Results) -> str:
    """How long the two sides of the stem comparison train, in words ("" when the linear
    projection trains the common length)."""
    cfg = results.cfg
    if cfg.stem_epochs == cfg.epochs:
        return ""
    if cfg.runs_equal_length:
        readers = "the Figure 1 claims" + (
            ", the manipulation check and no attention's count claim"
            if cfg.final_levels == cfg.long_levels
            else ""
        )
        others = (
            f"while every claim but {readers} at "
            f"{' and '.join(PRESSURE_LABELS[p] for p in cfg.long_levels)} reads it at "
            f"{cfg.epochs}"
            if cfg.long_levels
            else f"while every claim reads it at {cfg.epochs}"
        )
        return (
            f" trained as long, {cfg.stem_epochs} epochs (the conv baseline trains that long "
            f"on {_long_seeds(results)}, its rate tuned again at that length, {others}), so "
            "the two differ in the stem alone"
        )
    return (
        f" (each at its own plateau: the linear projection trains {cfg.stem_epochs} epochs, "
        f"the conv stem {cfg.epochs}, so this comparison changes two things, the stem and the "
        "length of training, and reads the stem's effect only up to what the longer schedule "
        "adds; an equal-length comparison would train the conv baseline as long, not run here)"
    )


def _epochs_to(results: Results, metric: str, level: float, variant: str = "baseline") -> str:
    """When a validation curve (no pressure) first reaches ``level``, over seeds."""
    t = plan.curve(results.history, variant, "none", metric)
    return epochs_to(t, level, results.cfg.epochs) if len(t) else NOT_RUN


def _middle(epochs: int) -> int:
    """The middle epoch a curve claim reads from, as :func:`plan.gain_series` picks it from a
    curve recorded at epochs 0 to ``epochs``."""
    return figures.claim_window(range(epochs + 1))[0]


def _curve_runs(cfg: ShapeColorConfig, pressure: str) -> str:
    """Which runs the curve claims read at ``pressure``, in words ending the sentence that
    introduces them (":" at the common length)."""
    if pressure not in cfg.long_levels:
        return ":"
    n = len(cfg.long_seeds(pressure))
    # The seeds the twelfth revision ran (the level's baseline cell), and those the
    # thirteenth added. The history holds for the preset's own seeds: a re-run with seeds
    # of its own runs the long baseline on every one of them, and no clause is said.
    twelfth = min(len(cfg.cell_seeds("baseline", pressure)), n)
    first = min(cfg.equal_length_seeds, twelfth)
    history = (
        f"; the long baseline's first {_plural(first, 'run', 'runs')} here had been made, and "
        f"{'its curve' if first == 1 else 'their curves'} drawn, before it was written, and "
        f"its next {twelfth - first} and the control's first {twelfth} after"
        if first < twelfth
        else ""
    )
    added = (
        f"; the thirteenth added the other {_plural(n - twelfth, 'seed', 'seeds')} to both, "
        f"sized on the spread of the first {twelfth}"
        if cfg.long_seeds_sized(pressure)
        else ""
    )
    return (
        f", read on the baseline trained {cfg.stem_epochs} epochs, as long as the linear "
        f"projections, and the colour-only control trained as long, on "
        f"{_plural(n, 'seed', 'seeds')} (the plan's twelfth revision: the {cfg.epochs}-epoch "
        f"baseline was still learning shape at this level{history}{added}), so each claim "
        "reads epochs "
        f"{_middle(cfg.stem_epochs)} to {cfg.stem_epochs} here, where without pressure it reads "
        f"{_middle(cfg.epochs)} to {cfg.epochs}:"
    )


def _curve_common_length(results: Results) -> str:
    """Beside the curve claims at a long-curve level: the same quantities on the baseline's
    runs at the common length, which the plan held back (their estimates were on the pages
    before the twelfth revision), so a reader sees whether the longer runs moved them."""
    cfg = results.cfg
    if not cfg.long_levels:
        return ""
    common = claims.at_common_length(results)
    parts = []
    for p in cfg.long_levels:
        read = [
            (spec, plan.quantity(spec, common))
            for spec in plan.claim_specs(cfg)
            if spec.pressure == p and spec.key.startswith(plan.CURVE_CLAIMS)
        ]
        named = [
            f"{_CURVE_NAMES[spec.key.removesuffix('_' + p)]} {points(v)}"
            for spec, v in read
            if len(v) > 1
        ]
        if named:
            parts.append(
                f"With {PRESSURE_LABELS[p]}, the same quantities on the baseline's "
                f"{cfg.epochs}-epoch runs, where the plan held these claims back (their "
                f"estimates were on these pages before the twelfth revision, and no verdict "
                f"reads them): {_and_list(named)}."
            )
    return " ".join(parts)


def _verdict_word(verdict: str) -> str:
    """A count verdict as a clause ("supported", "left inconclusive")."""
    return "left inconclusive" if verdict == plan.INCONCLUSIVE else verdict


def _long_final(results: Results) -> str:
    """At a long-final level (the fourteenth revision): what the manipulation check and no
    attention's count claim read there now, beside their readings on the common-length runs
    (the readings the revision replaced, read by no verdict now), with the rates each
    comparison's arms trained at."""
    cfg = results.cfg
    choices = tables.tuning_choices(results)

    def rate(arm: str) -> str:
        if arm not in choices.index:
            return NOT_RUN
        c = choices.loc[arm]
        tie = (
            f", a tie-break among {_and_list([f'{r:g}' for r in c['tied']])}"
            if len(c["tied"]) > 1
            else ""
        )
        return f"{c['chosen']:g}{tie}"

    parts = []
    for p in cfg.final_levels:
        now = tables.pressure_values(results, p)
        before = plan.pressure_check(results.final, p)
        if len(now) < 2 and len(before) < 2:
            continue
        gain = plan.plateau_gain(results.history, "baseline", p)
        gained = (
            f" (the {cfg.epochs}-epoch baseline there gained {fmt(float(np.mean(gain)), 2, signed=True)} "
            "points of seen-pair shape accuracy over the last quarter, "
            f"{'under' if np.mean(gain) < plan.PLATEAU_GAIN else 'over'} the plateau line of "
            f"{plan.PLATEAU_GAIN:g} point)"
            if len(gain) > 1
            else ""
        )

        def check(values: np.ndarray, arm: str, p: str = p) -> str:
            if len(values) < 2:
                return f"not read ({_plural(len(values), 'seed', 'seeds')} at both levels)"
            named = "pressure" if plan.is_pressure(results.final, p, arm) else "augmentation"
            return f"{points(values)} on {_plural(len(values), 'seed', 'seeds')}, so {named}"

        text = (
            f"With {PRESSURE_LABELS[p]}, since the plan's fourteenth revision the comparisons "
            f"of final accuracy read runs trained {cfg.stem_epochs} epochs, as the Figure 1 "
            f"claims there do{gained}. The manipulation check reads the baseline trained "
            f"{cfg.stem_epochs} epochs at both levels: {check(now, cfg.final_arm(p))}; on the "
            f"{cfg.epochs}-epoch runs it read {check(before, 'baseline')}"
        )
        spec = next(
            (
                s
                for s in plan.claim_specs(cfg)
                if s.rule == "count" and s.ablation == "no_attention" and s.pressure == p
            ),
            None,
        )
        if spec is not None:
            read_before = tables.count_read_before(cfg, "no_attention", p)
            readings = []
            for arms in (tables.count_arms(cfg, "no_attention", p), ("no_attention", "baseline")):
                colour, shape = plan.pattern_halves(spec, results.final, read_before, arms)
                shows = (colour > 0) & (shape < 0)
                readings.append((int(shows.sum()), len(shows), plan.judge_count(shows), colour))
            (k, n, verdict, colour), (k0, n0, verdict0, _) = readings
            long_arm, long_ref = tables.count_arms(cfg, "no_attention", p)
            size = ""
            if n > 1:
                mean = float(np.mean(colour))
                side = "beyond" if abs(mean) > spec.margin else "within"
                size = (
                    f" The colour half's mean there, {fmt(mean, signed=True)} points, is {side} "
                    f"the {spec.margin:g}-point margin the plan calls a small change, which bears "
                    'on the paper\'s word "slightly".'
                )
            text += (
                f". No attention's count claim reads no attention trained as long, its rate "
                f"tuned again at that length, against that baseline: {k} of {n} seeds show "
                f"both halves of the pattern ({tables.count_rule(n)}), so it is "
                f"{_verdict_word(verdict)}; at {cfg.epochs} epochs {k0} of {n0} did "
                f"({_verdict_word(verdict0)}), the reading the revision replaced. The two readings "
                "differ in more than length: each arm trains at the rate its own tuning chose, "
                f"no attention at {rate(long_arm)} against the baseline's {rate(long_ref)} at "
                f"{cfg.stem_epochs} epochs, and {rate('no_attention')} against "
                f"{rate('baseline')} at {cfg.epochs}, so the change between them is one of length "
                "and rate together."
            ) + size
            parts.append(text)
            continue
        parts.append(text + ".")
    return " ".join(parts)


def _colour_fall_shared(results: Results, judged: dict[str, claims.Judged]) -> str:
    """Where a fall of colour-critical accuracy contradicts "stagnates", whether the colour-only
    control's falls over the same window too: a fall the two share is no sign by itself of
    shape crowding colour out (the claim against the control reads the difference)."""
    cfg, h = results.cfg, results.history
    parts = []
    for p in dict.fromkeys(("none", cfg.ablation_pressure)):
        j = judged.get(f"colour_stagnates_{p}")
        control = cfg.curve_arm(p, "colour_only")
        fell = j is not None and j.verdict == plan.CONTRADICTED and interval_side(j.values) == -1
        if not fell or control is None:
            continue
        # On the seeds both ran, as the claim against the control pairs them.
        base, alone = (
            plan.gain_series(plan.curve(h, arm, p, "critical_colour_acc"), plan.SECOND_HALF)
            for arm in (cfg.curve_arm(p), control)
        )
        common = base.index.intersection(alone.index)
        if interval_side(alone[common]) != -1:
            continue
        parts.append(
            f"The fall that contradicts “stagnates” {_in_setting(p, 'with')} is not the "
            "baseline's alone: over the same window, on the "
            f"{len(common)} seeds both ran, the baseline's colour-critical accuracy changes by "
            f"{points(base[common])} and the colour-only control's by "
            f"{points(alone[common])}. A fall the two share is no sign by itself of shape "
            "crowding colour out; the claim against the colour-only control at that level "
            "reads the difference, what training beside shape adds."
        )
    return " ".join(parts)


def _curve_long_none(results: Results) -> str:
    """Exploratory, beside the curve claims without pressure (read on the common length): the
    same quantities on the baseline's runs trained as long as the linear projections there
    (the first seeds only), so a reader sees whether longer training would move them, as it
    moved them at a long-curve level."""
    cfg = results.cfg
    if "none" in cfg.long_levels or not cfg.runs_equal_length:
        return ""
    seeds = set(results.arm(LONG_BASELINE, "none").seed)
    if len(seeds) < 2:
        return ""
    # Both lengths on the long runs' seeds, so the two differ in training length alone.
    longer = claims.on_seeds(
        replace(results, cfg=cfg.replace(long_curve_levels=("none", *cfg.long_levels))), seeds
    )
    common = claims.on_seeds(results, seeds)
    named = [
        f"{_CURVE_NAMES[spec.key.removesuffix('_none')]} {points(plan.quantity(spec, longer))} "
        f"({points(plan.quantity(spec, common))} at {cfg.epochs} epochs)"
        for spec in plan.claim_specs(cfg)
        if spec.pressure == "none" and spec.key.startswith(CURVE_READ_ALONE)
    ]
    if not named:
        return ""
    return (
        f"Without colour pressure, the same quantities on the baseline's {len(seeds)} runs "
        f"trained {cfg.stem_epochs} epochs, from epoch {_middle(cfg.stem_epochs)} to "
        f"{cfg.stem_epochs}, each beside its value at {cfg.epochs} epochs on the same seeds "
        "(exploratory: no verdict reads them, and no colour-only control trained that long "
        f"there): {_and_list(named)}."
    )


# The curve claims that read the baseline alone (no control trained as long beside it).
CURVE_READ_ALONE = tuple(c for c in plan.CURVE_CLAIMS if c != "colour_held_back_")
# The curve claims by what each reads, for sentences that list them.
_CURVE_NAMES = {
    "shape_rises": "shape gain",
    "colour_stagnates": "colour-critical gain",
    "shape_outpaces_colour": "shape gain minus colour-critical gain",
    "colour_held_back": "colour-critical gain minus the colour-only control's",
}


def _curve_claims(cfg: ShapeColorConfig, judged: dict[str, claims.Judged]) -> dict[str, str]:
    """The three curve claims, without pressure and at the declared ablation pressure."""
    p = cfg.ablation_pressure
    return {
        "sc_curve_shape_none": _claim(judged.get("shape_rises_none")),
        "sc_curve_colour_none": _claim(judged.get("colour_stagnates_none")),
        "sc_curve_relative_none": _claim(judged.get("shape_outpaces_colour_none")),
        "sc_curve_shape_pressure": _claim(judged.get(f"shape_rises_{p}")),
        "sc_curve_colour_pressure": _claim(judged.get(f"colour_stagnates_{p}")),
        "sc_curve_relative_pressure": _claim(judged.get(f"shape_outpaces_colour_{p}")),
        "sc_curve_control_none": _claim(judged.get("colour_held_back_none")),
        "sc_curve_control_pressure": _claim(judged.get(f"colour_held_back_{p}")),
        "sc_curve_pressure_label": PRESSURE_LABELS[p],
        "sc_curve_pressure_runs": _curve_runs(cfg, p),
    }


def _pressure(results: Results) -> dict[str, str]:
    cfg = results.cfg
    parts = []
    for p in cfg.pressures[1:]:
        named = tables.pressure_name(results, p)
        values = tables.pressure_values(results, p)
        # The fourteenth revision: at a long-final level both sides read the long baseline.
        longer = (
            f" (the baseline trained {cfg.stem_epochs} epochs, on the {len(values)} seeds it "
            "ran at both levels)"
            if p in cfg.final_levels
            else ""
        )
        parts.append(f"{PRESSURE_LABELS[p]}, {points(values)}{longer}: {named}")
    level = cfg.ablation_pressure
    if not len(results.arm("baseline", level)):
        ablation = NOT_RUN
    elif tables.is_pressure(results, level):
        ablation = (
            f"{PRESSURE_LABELS[level].capitalize()} passes the check, so the claims read at it "
            "are read under colour pressure."
        )
    else:
        ablation = (
            f"{PRESSURE_LABELS[level].capitalize()} does not pass the check, so it is "
            "augmentation here, and the claims read at it are read with augmentation, not "
            "under colour pressure."
        )
    ceiling = tables.benchmark_ceiling(cfg, level)
    if ceiling < 100:
        ablation += (
            f" That check cannot separate two causes, though: at this level a benchmark hue "
            f"{cfg.critical_offset:g} degrees off its class centre is drawn in training under "
            f"{round(100 / ceiling)} colour labels equally often, so the training labels say "
            f"nothing about which of them is right there: chance among them is {ceiling:.0f}%, "
            "and a score above it comes from the network's own bias (reading the nearer class "
            "centre, say), not from anything the labels taught. Part or all of the drop, and a "
            "flat colour-critical curve at this level, can follow from that, not from shape "
            "crowding colour out."
        )
    return {
        "sc_pressure_reading": "; ".join(parts) if parts else NOT_RUN,
        "sc_pressure_ablation": ablation,
    }


def _neglect(results: Results, judged: dict[str, claims.Judged]) -> dict[str, str]:
    colour = tables.paired(results, "baseline", "colour_only", "critical_colour_acc")
    shape = tables.paired(results, "baseline", "shape_only", "shape_seen_acc")
    c, s = interval_side(colour), interval_side(shape)
    # Matched by kind of benchmark (exploratory): out of distribution, colour-critical against
    # shape on unseen pairs. The plan's two readings above mix the kinds.
    shape_out = tables.paired(results, "baseline", "shape_only", "shape_unseen_acc")
    gap_out = tables.neglect_gap_out(results)
    if not len(colour) or not len(shape):
        reading = NOT_RUN
    elif c < 0 and s < 0:
        # Both cost; whether they cost alike is a paired comparison the plan does not make
        # (exploratory), and the two are read on different benchmarks. In distribution the
        # matched pair is colour over all pairs against shape on seen pairs.
        colour_in = tables.paired(results, "baseline", "colour_only", "colour_acc")
        more = {
            -1: "colour pays more",
            +1: "shape pays more",
            0: "neither pays measurably more",
        }[interval_side(gap_out)]
        reading = (
            "two-task interference, not neglect: learning both attributes in one network costs "
            "each of them against a network that learns it alone. The plan's pair mixes kinds "
            "of benchmark (colour-critical hues are out of distribution, seen-pair shape is "
            "not). Matched by kind (exploratory, outside the plan), in distribution colour over "
            f"all pairs pays {points(-colour_in)} and seen-pair shape {points(-shape)}, and out "
            f"of distribution colour-critical pays {points(-colour)} and shape on unseen pairs "
            f"{points(-shape_out)}, so out of distribution {more} (colour-critical minus "
            f"unseen-pair shape cost: {points(-gap_out)}). The joint network's shape head leans "
            "on colour on unseen pairs (the zero-shot section), which is where its shape cost "
            "shows: colour is not given up in favour of shape"
            if interval_side(gap_out) >= 0
            else "two-task interference that falls mostly on colour: learning both attributes in "
            "one network costs each of them against a network that learns it alone, and, "
            "matched by kind (exploratory, outside the plan), out of distribution colour pays "
            f"more: in distribution colour over all pairs pays {points(-colour_in)} "
            f"and seen-pair shape {points(-shape)}; out of distribution colour-critical pays "
            f"{points(-colour)} and shape on unseen pairs {points(-shape_out)}. An interference "
            "that falls mostly on colour is the paper's neglect in a weaker form"
        )
    elif c < 0 and interval_side(gap_out) > 0:
        # The claims table labels this row from the same matched-by-kind reading, so the
        # prose and the table say the same thing.
        reading = (
            "the paper's pattern on the plan's pair only: the joint network loses fine colour "
            "against the colour-only control while keeping seen-pair shape. That pair mixes "
            "kinds of benchmark (colour-critical hues are out of distribution, seen-pair shape "
            "is not). Matched by kind (exploratory, outside the plan), out of distribution "
            f"shape on unseen pairs pays {points(-shape_out)} against colour-critical's "
            f"{points(-colour)}, so shape pays more (colour-critical minus unseen-pair shape "
            f"cost: {points(-gap_out)}; the shape-only control has {len(shape_out)} seeds): "
            "two-task interference that costs each attribute where it is out of distribution, "
            "not colour given up for shape. The joint network's shape head leans on colour on "
            "unseen pairs (the zero-shot section)"
        )
    elif c < 0:
        reading = (
            "colour neglect on these two readings: the joint network loses fine colour "
            "against the colour-only control while keeping seen-pair shape, the pattern the "
            "paper describes (on unseen pairs its shape head leans on colour instead: the "
            "zero-shot section of the Experiments chapter)"
        )
    elif s < 0:
        reading = (
            "the reverse of the paper's pattern: learning both attributes costs shape, not "
            "fine colour"
        )
    elif c > 0 or s > 0:
        reading = (
            "no cost shown from learning both: the joint network is better than a "
            "single-attribute control on one attribute and not measurably worse on the other"
        )
    else:
        reading = (
            "neither cost is distinguishable from zero with these seeds: no neglect is shown, "
            "and none is ruled out"
        )
    return {
        "sc_colour_only_critical": acc(
            _base(results, "critical_colour_acc", variant="colour_only")
        ),
        "sc_shape_only_shape": acc(_base(results, "shape_seen_acc", variant="shape_only")),
        "sc_neglect_gap": points(colour),
        "sc_shape_cost": points(shape),
        "sc_neglect_claim": _claim(judged.get("colour_neglected")),
        "sc_shape_cost_claim": _claim(judged.get("shape_cost")),
        "sc_neglect_reading": reading,
    }


def _ablations(results: Results, judged: dict[str, claims.Judged]) -> dict[str, str]:
    """Per comparison and setting: the paired effects, and for an ablation its count claim."""
    p = results.cfg.ablation_pressure

    def one(name: str, pressure: str) -> str:
        return _ablation(results, judged, name, pressure)

    return {
        "sc_count_sensitivity": _count_sensitivity(results),
        "sc_ab_frozen_linear_none": one("frozen_linear", "none"),
        "sc_ab_stem_none": one(STEM, "none"),
        "sc_ab_frozen_conv_none": one("frozen_conv", "none"),
        "sc_ab_no_attention_none": one("no_attention", "none"),
        "sc_ab_frozen_linear_pressure": one("frozen_linear", p),
        "sc_ab_stem_pressure": one(STEM, p),
        "sc_ab_frozen_conv_pressure": one("frozen_conv", p),
        "sc_ab_no_attention_pressure": one("no_attention", p),
    }


def _count_sensitivity(results: Results) -> str:
    """For the count claims judged on fresh seeds: their counts on the seeds the earlier rule
    read, and the rule's verdict on every seed run (not the plan's reading, a check that
    leaving the earlier seeds out decided nothing)."""
    cfg = results.cfg
    parts = []
    for spec in plan.claim_specs(cfg):
        before = tables.count_read_before(cfg, spec.ablation, spec.pressure)
        if spec.rule != "count" or not before:
            continue
        everything = set(cfg.seeds)
        counts = []
        for seeds in (set(before), everything):
            frame = results.final[results.final.seed.isin(seeds)]
            arms = tables.count_arms(cfg, spec.ablation, spec.pressure)
            colour, shape = plan.pattern_halves(spec, frame, arms=arms)
            counts.append((int(np.sum((colour > 0) & (shape < 0))), len(shape)))
        (k0, n0), (k, n) = counts
        verdict = plan.judge_count(np.arange(n) < k)
        would = {plan.SUPPORTED: "support it", plan.CONTRADICTED: "contradict it"}.get(
            verdict, "leave it inconclusive"
        )
        parts.append(
            f"{plan.ACTIONS[spec.ablation].lower()} {_in_setting(spec.pressure)}: {k0} of {n0} "
            f"on the earlier seeds and {k} of {n} on all of them (the current rule, applied to "
            f"all {n}, would {would})"
        )
    if not parts:
        return ""
    listed = "; ".join(parts)
    return (
        f"{_plural(len(parts), 'of these counts is', 'of these counts are')} judged on fresh "
        "seeds alone (the Method). Beside them, not as verdicts of the plan, the same counts "
        f"on the seeds the earlier rule read and on every seed run. {listed[0].upper()}"
        f"{listed[1:]}."
    )


def _ablation(results: Results, judged: dict[str, claims.Judged], name: str, pressure: str) -> str:
    present = {n: (a, b) for n, a, b in tables.comparisons(results.cfg)}
    if name not in present:
        return "not run in this grid"
    a, b = present[name] if name == STEM else tables.count_arms(results.cfg, name, pressure)
    shape, colour = tables.comparison_halves(results, name, a, b, pressure)
    if not len(shape):
        return NOT_RUN
    text = f"shape {points(shape)}, colour-critical {points(colour)}"
    if name != STEM:
        return text + "; " + _count_claim(judged.get(f"partial_{name}_{pressure}"))
    k, n = int(np.sum((colour > 0) & (shape < 0))), len(shape)
    return (
        text + f"; {k} of {n} seeds show colour up and shape down (not one of the paper's "
        f"claims; were it one, {tables.stem_count_rule(n)})"
    )


def _stability(results: Results, judged: dict[str, claims.Judged]) -> dict[str, str]:
    cfg, st = results.cfg, results.stability
    keys = (
        "sc_dip_floor",
        "sc_instability_reading",
        "sc_cost_reading",
        "sc_unstable_rate_reading",
        "sc_frozen_trend",
        "sc_new_scope",
        "sc_stab_list",
        "sc_new_list",
        "sc_grad_reading",
        "sc_axis_exploratory",
        "sc_collapse",
        "sc_whole_run",
        "sc_cost_scope",
        "sc_ablation_by_rate",
    )
    if not len(st):
        return dict.fromkeys(keys, NOT_RUN)
    rates = cfg.stability_rates
    base_rate = plan.reference_rate(rates)
    checks, costs = [], []
    for rate in rates:
        if rate == base_rate or not len(results.stability_arm("baseline", rate)):
            continue
        check = plan.instability_check(st, rate, rates)
        lost = int((~np.isfinite(check)).sum())
        read = (
            points(check)
            if not lost
            else f"not read ({lost} of {len(check)} seeds never reached {plan.LEARNS_FROM:g}% on shape)"
        )
        checks.append(f"at {rate:g}, {read}")
        costs.append(f"at {rate:g}, {points(plan.cost_check(st, rate, rates))}")
    rate_reading = _unstable_rate_reading(results)
    by_rate = tables.frozen_by_rate(results)
    axis = [r for r in cfg.stability_rates if r in by_rate]
    # The trend reads the learned dip where both projections learned shape on every seed.
    learned = [r for r in axis if len(by_rate[r][0])]
    if len(axis) >= 2:
        # MoCo v3 saw the frozen projection's benefit grow with the rate: read it so here,
        # in the instability quantity, with the final accuracy beside it.
        if len(learned) >= 2:
            trend = by_rate[learned[-1]][0] - by_rate[learned[0]][0]
            grows = {
                -1: "grows with the rate: against the trained projection, the frozen one dips "
                "less at the higher rate than at the lower",
                +1: "goes the other way: against the trained projection, the frozen one dips "
                "more at the higher rate than at the lower",
                0: "does not change measurably with the rate",
            }[interval_side(trend)]
            trend_words = (
                f" The difference at {learned[-1]:g} minus at {learned[0]:g} is "
                f"{points(trend)}: any benefit of freezing {grows}."
            )
        else:
            trend, trend_words = np.array([]), ""
        unlearned = [f"{r:g}" for r in axis if r not in learned]
        missing = (
            f"at {_and_list(unlearned)} at least one seed of a projection never reached "
            f"{plan.LEARNS_FROM:g}% on shape, so there is no learned dip to compare"
        )
        frozen_trend = (
            "Frozen minus trained linear projection, in learned dip: "
            + (
                "; ".join(f"at {r:g}, {points(by_rate[r][0])}" for r in learned)
                + (f" ({missing})" if unlearned else "")
                if learned
                else missing
            )
            + "."
            + trend_words
            + " In final monitored accuracy: "
            + "; ".join(f"at {r:g}, {points(by_rate[r][1])}" for r in axis)
            + f". MoCo v3 reported the frozen projection's benefit growing with the rate "
            f"({MOCO_V3_GAINS} of linear-probe accuracy at increasing rates)."
            + _frozen_accuracy_note(by_rate, axis, trend)
        )
    else:
        frozen_trend = NOT_RUN
    spikes = {
        name: float(results.stability_arm("baseline", r).grad_spikes_first.mean())
        for name, r in (("low", base_rate), ("top", cfg.stability_rates[-1]))
        if len(results.stability_arm("baseline", r))
    }
    grad = (
        f"The baseline's first trained layer shows {fmt(spikes.get('low', math.nan))} gradient "
        f"spikes per run at the reference rate and {fmt(spikes.get('top', math.nan))} at "
        f"{cfg.stability_rates[-1]:g} (a spike is a norm {SPIKE_FACTOR:g} times the median of "
        f"the {SPIKE_WINDOW} steps before it, so a norm climbing back from near zero counts too, "
        "not only a jump that precedes a dip; whether a spike precedes a dip, as MoCo v3 saw, "
        "is not tested here, and for the frozen projection the first trained layer is the "
        "normalisation after it, so its counts, in the Appendix, are not comparable)"
    )
    # Exploratory (no claim reads it): the largest mean dip of any ablation on the axis,
    # beside the baseline's at the same rate, so a dip the judged claims never see is shown.
    # Only where every seed recovers: a run that collapsed has no dip worth reading.
    axis_dips = [
        (float(results.stability_arm(v, r).learned_dip.mean()), v, r)
        for v in cfg.arms
        for r in cfg.stability_rates
        if plan.recovers(st, v, r)
    ]
    if axis_dips:
        top, v, r = max(axis_dips)
        base = (
            f"against {fmt(float(results.stability_arm('baseline', r).learned_dip.mean()))} "
            "for the baseline at the same rate"
            if plan.recovers(st, "baseline", r)
            else "where a seed of the baseline does not recover"
        )
        exploratory = (
            f"Exploratory, not a judged claim: at the rates where every seed recovers, the "
            f"largest mean learned dip of any arm beside the baseline is the "
            f"{_lower_first(VARIANT_LABELS[v])} arm's at {r:g}, {fmt(top)} points, {base}. "
            "The judged claims read arms only at the rates their rules pick; this reading is "
            "shown at whatever rate it falls, and says where to look in a larger study."
        )
    else:
        exploratory = NOT_RUN
    floor = {
        v: tables.cell(results.stability_arm(v, base_rate).learned_dip)
        for v in cfg.tuned_variants
        if len(results.stability_arm(v, base_rate))
    }
    out = {
        "sc_axis_exploratory": exploratory,
        "sc_dip_floor": "; ".join(f"{short(v).lower()}, {c} points" for v, c in floor.items()),
        "sc_instability_reading": "; ".join(checks) if checks else NOT_RUN,
        "sc_cost_reading": "; ".join(costs) if costs else NOT_RUN,
        "sc_unstable_rate_reading": rate_reading,
        "sc_frozen_trend": frozen_trend,
        "sc_new_scope": _new_scope(results),
        "sc_grad_reading": grad,
        "sc_cost_scope": _cost_scope(results),
        "sc_ablation_by_rate": _ablation_by_rate(results),
        "sc_collapse": _collapse(results),
        "sc_whole_run": _whole_run(results),
    }

    def dip(key: str) -> str:
        return _claim(judged.get(key), "dip points")

    def listed(prefix: str) -> str:
        # One item per ablation the preset runs (an ablation it does not run is left out,
        # not listed as "not run").
        items = [
            f"- {plan.ACTIONS[a].lower()}: {dip(f'{prefix}_{a}')}"
            for a in ("frozen_linear", "frozen_conv", "no_attention")
            if judged.get(f"{prefix}_{a}") is not None
        ]
        return ";\n".join(items) + "." if items else NOT_RUN

    out.update(
        sc_stab_list=listed("no_stabilisation"),
        sc_new_list=listed("new_instability"),
    )
    return out


def _unstable_rate_reading(results: Results) -> str:
    """Where the stability claims are read: the reference, the baseline's final monitored
    accuracy at every rate, the rate (if any) where it is measurably unstable, and each "does
    not stabilise" claim's own rate (gated on its own reference arm, as the plan says)."""
    cfg, st = results.cfg, results.stability
    rates = cfg.stability_rates
    ends = [
        f"{rate:g}: {acc(arm.monitor_final_acc)}"
        for rate in rates
        if len(arm := results.stability_arm("baseline", rate))
    ]
    gates = []
    for a in cfg.ablations:
        ref_arm = REFERENCE_ARMS[a]
        rate = plan.unstable_rate(st, rates, ref_arm, partner=a)
        name = f"{tables.short(a).lower()} against the {tables.short(ref_arm).lower()} arm"
        gates.append(
            f"{name}, at {rate:g}" if rate is not None else f"{name}, at no rate (untestable)"
        )
    base_unstable = plan.unstable_rate(st, rates)
    base_words = (
        f"the highest rate that measurably makes the baseline dip more, with every seed "
        f"recovering, is {base_unstable:g}"
        if base_unstable is not None
        else "no rate of the axis measurably made the baseline dip more with every seed recovering"
    )
    return (
        f"Every stability comparison is between runs at one rate without warm-up, against the "
        f"axis's lowest rate, {plan.reference_rate(rates):g} (the reference). The baseline's "
        f"final monitored accuracy ends at {'; '.join(ends)}; a run recovers when each head ends "
        f"at or above {plan.LEARNS_FROM:g}%, and {base_words}. Each claim that an ablation does "
        "not stabilise training is read at the highest rate where its own reference arm dips "
        f"measurably more and every seed of both arms recovers: {'; '.join(gates)}."
    )


def _frozen_accuracy_note(by_rate, axis, trend: np.ndarray) -> str:
    """What the frozen projection's accuracy difference shows beside its dips, and whether the
    trend's interval could see a change the size MoCo v3 reported."""
    kept = [r for r in axis if interval_side(by_rate[r][1]) > 0]
    parts = []
    if kept:
        parts.append(
            f" In accuracy the frozen projection keeps measurably more at "
            f"{_and_list([f'{r:g}' for r in kept])}, MoCo v3's sign; read halfway through "
            "training, that partly measures how fast shape is learned"
        )
    d = stats.paired_difference(trend, np.zeros_like(trend)) if len(trend) > 1 else None
    if d is not None and (d.ci_high - d.ci_low) / 2 > MOCO_V3_GROWTH:
        parts.append(
            f" The trend's interval is {fmt((d.ci_high - d.ci_low) / 2)} points either side, "
            f"wider than the {MOCO_V3_GROWTH:g}-point growth MoCo v3 reported, so these seeds "
            "could not have seen a growth of that size"
        )
    return ".".join(parts) + ("." if parts else "")


def _whole_run(results: Results) -> str:
    """Exploratory, read by no verdict: per arm, the largest dip over the whole run (the falls
    while shape is still being learned included) at each higher rate minus at the reference,
    paired by seed, beside the learned dip, and the head whose own dip is larger at the
    highest rate."""
    cfg, st = results.cfg, results.stability
    if not len(st):
        return NOT_RUN
    rates = cfg.stability_rates
    low, top = min(rates), max(rates)
    parts, growing = [], []
    for v in cfg.tuned_variants:
        ref = results.stability_arm(v, low)
        if not len(ref):
            continue
        checks = []
        for r in rates:
            arm = results.stability_arm(v, r)
            if r == low or len(arm) != len(ref):
                continue
            d = arm.max_dip.to_numpy(dtype=float) - ref.max_dip.to_numpy(dtype=float)
            checks.append(f"at {r:g}, {points(d)}")
            if r == top and interval_side(d) > 0:
                growing.append(v)
        top_arm = results.stability_arm(v, top)
        head = (
            "shape"
            if len(top_arm) and top_arm.max_dip_shape.mean() > top_arm.max_dip_colour.mean()
            else "colour"
        )
        parts.append(
            f"{short(v).lower()}, {'; '.join(checks)} (at {top:g} the {head} head's own dip is "
            "the larger)"
        )
    learned_grows = any(
        plan.is_unstable(st, r, rates, v) for v in cfg.tuned_variants for r in rates if r != low
    )
    grows = (
        f" The whole-run dip grows measurably by {top:g} for "
        f"{_and_list([f'the {short(v).lower()} arm' for v in growing])}, while no learned dip "
        "does: at high "
        "rates this model falls while it is still learning shape, which the plan's quantity "
        "leaves out by design; a rule that read those falls would need a reference for how "
        "far a run still learning can fall, which this axis does not give."
        if growing and not learned_grows
        else ""
    )
    return (
        "Exploratory, read by no verdict: the largest dip over the whole run, falls while shape "
        "is still being learned included, at each higher rate minus at the reference rate "
        f"(paired by seed): {'; '.join(parts)}.{grows}"
    )


def _collapse(results: Results) -> str:
    """The seeds that do not recover (a head ends below the learning line), per arm and rate:
    the places the plan's per-seed rule takes off the axis."""
    cfg = results.cfg
    places, by_shape, lost_all = [], 0, 0
    for v in cfg.tuned_variants:
        for r in cfg.stability_rates:
            k, n = failures(results, v, r)
            if k:
                places.append(f"{short(v).lower()} at {r:g}, {k} of {n}")
                lost = results.not_recovered(v, r)
                by_shape += int((lost.final_shape_acc < plan.LEARNS_FROM).sum())
                lost_all += k
    if not places:
        return (
            f"Every seed of every arm recovers at every rate of the axis (each head ends at "
            f"{plan.LEARNS_FROM:g}% or above), so the rule takes no rate off the axis."
        )
    # Exploratory: does an ablation fail to learn more often than its reference arm? A
    # collapse is also a kind of instability, one the dips cannot show.
    tests = []
    for a in cfg.ablations:
        ref = REFERENCE_ARMS[a]
        for r in cfg.stability_rates:
            (ka, na), (kr, nr) = failures(results, a, r), failures(results, ref, r)
            if (ka or kr) and na and nr:
                p = sps.fisher_exact([[ka, na - ka], [kr, nr - kr]]).pvalue
                tests.append(
                    f"{short(a).lower()} {ka} of {na} against the {short(ref).lower()} arm's "
                    f"{kr} of {nr} at {r:g} (p {_p_clause(p)})"
                )
    compared = (
        " Exploratory, read by no verdict, each ablation's seeds that do not recover against "
        f"its reference arm's (Fisher's exact test): {'; '.join(tests)}."
        if tests
        else ""
    )
    return (
        f"Seeds that do not recover (a head ends below {plan.LEARNS_FROM:g}%, whether or not "
        f"it reached that line earlier in the run: "
        + (
            f"in every one of these {lost_all} it is the shape head"
            if by_shape == lost_all
            else f"the shape head in {by_shape} of these {lost_all}"
        )
        + "), which take that rate off the axis for that arm: "
        f"{'; '.join(places)}.{compared}"
    )


def failures(results: Results, variant: str, rate: float) -> tuple[int, int]:
    """Seeds of ``variant`` at axis ``rate`` with a head ending below the plan's learning
    line, and the seeds run."""
    return len(results.not_recovered(variant, rate)), len(results.stability_arm(variant, rate))


def _cost_scope(results: Results) -> str:
    """What a stability run has learned when it ends: each head's final monitored accuracy,
    and which head carries the baseline's accuracy cost at each rate."""
    cfg, st = results.cfg, results.stability
    if not len(st) or results.monitor is None or not len(results.monitor):
        return NOT_RUN
    rates = cfg.stability_rates
    ref = plan.reference_rate(rates)
    ref_shape, ref_colour = tables.head_finals(results, "baseline", ref)
    shape_led = []
    for r in rates:
        shape, colour = tables.head_finals(results, "baseline", r)
        if r == ref or not len(shape) or len(shape) != len(ref_shape):
            continue
        if np.mean(ref_shape - shape) > np.mean(ref_colour - colour):
            shape_led.append(f"{r:g}")
    steps = _steps_per_epoch(cfg) * cfg.stability_epochs
    led = (
        f"the shape head carries most of the baseline's cost at {', '.join(shape_led)}"
        if shape_led
        else "the colour head carries most of the baseline's cost at every rate"
    )
    return (
        f"A stability run ends after {cfg.stability_epochs} of a full run's {cfg.epochs} "
        f"epochs ({steps} steps), on the common schedule for every arm"
        + (", the linear projections included" if cfg.variant_epochs else "")
        + ". Each head's accuracy then, and its own cost against the "
        f"reference rate, are in the table below: the baseline's shape head reads "
        f"{acc(ref_shape)} and its colour head {acc(ref_colour)} at the reference rate, and "
        f"{led}. In the reported runs, seen-pair shape accuracy "
        f"{_epochs_to(results, 'shape_seen_acc', 90)}. So the learned dips are read in the part "
        "of a run after its shape head has learned, and the cost beside them says how much of "
        "a rate's harm remains halfway through training, not what a model ends with."
    )


def _ablation_by_rate(results: Results) -> str:
    """Exploratory, read by no verdict: each ablation's learned dip minus its reference
    arm's at every axis rate where every seed of both recovers, and how the rate the rule
    picks sits against each arm's own tuned rate."""
    cfg, st = results.cfg, results.stability
    if not len(st):
        return NOT_RUN
    rates = cfg.stability_rates
    tuned = _tuned_rates(results)
    out = []
    for a in cfg.ablations:
        ref = REFERENCE_ARMS[a]
        diffs, sides = [], set()
        for r in rates:
            if not (plan.recovers(st, a, r) and plan.recovers(st, ref, r)):
                continue
            d = plan.dips(st, a, r) - plan.dips(st, ref, r)
            if len(d) < 2:
                continue
            diffs.append(f"at {r:g}, {points(d)}")
            if interval_side(d):
                sides.add(interval_side(d))
        if not diffs:
            continue
        picked = plan.unstable_rate(st, rates, ref, partner=a)
        scope = (
            f" (the rate the rule picks, {picked:g}, is {picked / tuned[a]:.3g} times this arm's "
            f"tuned rate and {picked / tuned[ref]:.3g} times the {short(ref).lower()} arm's)"
            if picked is not None and a in tuned and ref in tuned
            else ""
        )
        flip = (
            "; the difference changes sign along the axis, so the verdict holds at the rate "
            "the rule picks and not at every rate"
            if len(sides) > 1
            else ""
        )
        matched = _matched_multiples(results, a, tuned)
        out.append(f"{short(a)}: {'; '.join(diffs)}{scope}{flip}{matched}")
    if not out:
        return NOT_RUN
    return (
        "Exploratory, read by no verdict: the same difference (the ablation's learned dip "
        "minus its reference arm's) at every rate where every seed of both recovers: "
        + ". ".join(out)
        + "."
    )


def _matched_multiples(results: Results, ablation: str, tuned: dict[str, float]) -> str:
    """The ablation's learned dip against its reference arm's at the same multiple of each
    arm's own tuned rate (two different axis rates, paired by seed), where the axis has both."""
    cfg, st = results.cfg, results.stability
    ref = REFERENCE_ARMS[ablation]
    if ablation not in tuned or ref not in tuned or tuned[ablation] == tuned[ref]:
        return ""
    rates = cfg.stability_rates
    parts = []
    for r in rates:
        k = r / tuned[ablation]
        match = [x for x in rates if math.isclose(x, k * tuned[ref], rel_tol=1e-6)]
        if not match:
            continue
        d = plan.dips(st, ablation, r) - plan.dips(st, ref, match[0])
        if len(d) > 1 and np.isfinite(d).all():
            parts.append(f"at {k:.3g} times ({r:g} against {match[0]:g}), {points(d)}")
    if not parts:
        return ""
    return (
        ". At the same multiple of each arm's own tuned rate, instead of one rate for both: "
        + "; ".join(parts)
    )


def _tuned_rates(results: Results) -> dict[str, float]:
    """Each arm's own tuned rate, as its tuning runs chose it (the arms with stability runs:
    the long baseline has none)."""
    choices = tables.tuning_choices(results)
    arms = results.cfg.tuned_variants
    return {v: float(c["chosen"]) for v, c in choices.iterrows() if v in arms}


def _new_scope(results: Results) -> str:
    """What the reference rate is for each arm of a new-instability comparison: a multiple
    of its own tuned rate (one rate is a larger step for one arm than for another)."""
    cfg = results.cfg
    base_rate = plan.reference_rate(cfg.stability_rates)
    tuned = _tuned_rates(results)
    if not tuned:
        return NOT_RUN
    parts = [
        (
            f"equal to the {short(v).lower()} arm's tuned rate"
            if math.isclose(base_rate, rate)
            else f"{base_rate / rate:.3g} times the {short(v).lower()} arm's tuned rate ({rate:g})"
        )
        for v, rate in tuned.items()
    ]
    return (
        f"The reference rate, {base_rate:g}, is " + ", ".join(parts[:-1]) + f" and {parts[-1]}"
        if len(parts) > 1
        else f"The reference rate, {base_rate:g}, is {parts[0]}"
    ) + (
        ": one rate is a larger step for some arms than for others, so a comparison at it "
        "reads the arms at unequal distances from their own best rate."
    )


def _monitor_caption(results: Results) -> str:
    cfg = results.cfg
    rates = ", ".join(f"{r:g}" for r in cfg.stability_rates) or "none"
    return (
        "The dense monitor of the baseline's stability runs, one column per rate of the axis "
        f"({rates}; the first is the reference): every {cfg.monitor_every} optimiser steps, "
        "the mean of both heads' accuracy on the whole validation split (top) and the "
        "gradient norm of the first trained layer at that step (bottom, log scale), over the "
        + ("one epoch" if cfg.stability_epochs == 1 else f"{cfg.stability_epochs} epochs")
        + " of a stability run (a full run's schedule cut short, without its warm-up). One "
        f"line per seed, in red where a head of the seed ends below {plan.LEARNS_FROM:g}% (it "
        "does not recover, and the plan reads no arm at a rate where a seed of it does so); "
        "no band: "
        "a mean over seeds would smooth away the dips the monitor is there to see."
    )


def colour_fall(results: Results) -> str:
    """Exploratory, read by no claim: the baseline's colour accuracy over all validation pairs
    at the ablations' pressure level, from its peak to its last epoch, beside seen pairs."""
    cfg = results.cfg
    level = cfg.ablation_pressure
    h = results.history
    # The runs Figure 1 draws at the level (the long baseline at a long-curve level).
    rows = h[(h.variant == cfg.curve_arm(level)) & (h.colour_pressure == level)]
    if level == "none" or not len(rows):
        return NOT_RUN
    by_epoch = rows.groupby("epoch")[["colour_acc", "colour_seen_acc"]].mean()
    peak_epoch = int(by_epoch.colour_acc.idxmax())
    last = by_epoch.index.max()
    all_pairs = rows.pivot(index="seed", columns="epoch", values="colour_acc")
    fall = (all_pairs[last] - all_pairs[peak_epoch]).to_numpy(dtype=float)
    return (
        f"Exploratory, read by no claim: at {PRESSURE_LABELS[level].lower()}, the baseline's "
        + "colour accuracy over all validation pairs "
        + (
            f"(its {last}-epoch runs, which Figure 1 draws there) "
            if level in cfg.long_levels
            else ""
        )
        + "peaks at "
        f"{fmt(float(by_epoch.colour_acc[peak_epoch]))}% (epoch {peak_epoch}) and ends at "
        f"{fmt(float(by_epoch.colour_acc[last]))}%, a change of {points(fall)} per seed from the "
        f"epoch of the mean's peak, while on seen pairs it ends at "
        f"{fmt(float(by_epoch.colour_seen_acc[last]))}%. "
        + (
            "The fall is on unseen pairs, where the colour head answers with a colour the "
            "shape came in (the zero-shot section below): colour accuracy falling as shape "
            "improves, the paper's observation at its most literal, though here it is the "
            "colour head learning a shortcut through shape, not colour being crowded out."
            if interval_side(fall) < 0
            and by_epoch.colour_seen_acc[last] > by_epoch.colour_acc[last]
            else "Colour accuracy falls on seen pairs as well."
            if interval_side(fall) < 0
            else "Over all pairs, colour accuracy does not fall measurably."
        )
    )


def _probes(results: Results) -> dict[str, str]:
    n = results.cfg.n_classes

    def base(metric: str, variant: str = "baseline") -> np.ndarray:
        return _base(results, metric, variant=variant)

    head = base("critical_colour_acc")
    probe = base("probe_critical_acc")
    gap = probe - head if len(head) else np.array([])
    init_colour, init_shape = base("init_probe_colour_acc"), base("init_probe_shape_acc")
    init_gap = init_colour - init_shape if len(init_colour) else np.array([])
    only = results.arm("shape_only")
    if len(only):
        supp = only.probe_colour_acc.to_numpy(float) - only.init_probe_colour_acc.to_numpy(float)
        hue_supp = only.probe_hue_error.to_numpy(float) - only.init_probe_hue_error.to_numpy(float)
    else:
        supp = hue_supp = np.array([])
    colour_first = _epochs_to(results, "colour_acc", 90)
    shape_first = _epochs_to(results, "shape_seen_acc", 90)
    hue = base("probe_hue_error")
    hue_init = base("init_probe_hue_error")
    return {
        "sc_probe_head": acc(head),
        "sc_probe_colour": acc(probe),
        "sc_probe_colour_init": acc(base("init_probe_critical_acc")),
        "sc_probe_colour_mid": acc(base("probe_mid_critical_acc")),
        "sc_probe_colour_mid_init": acc(base("init_probe_mid_critical_acc")),
        "sc_probe_gap": points(gap),
        "sc_probe_reading": sign_reading(
            gap,
            "a fresh linear readout of the same colour classes reads the off-centre hues worse "
            "than the colour head does",
            "a fresh linear readout of the same colour classes reads the off-centre hues better "
            "than the colour head: the head does not use all the colour the features hold",
            "a fresh linear readout of the same colour classes and the colour head cannot be "
            "told apart on the off-centre hues. Both are trained on class-centre hues only, so "
            "this says how a class readout extrapolates, not whether hue is there: the hue "
            "probe above answers that",
        ),
        "sc_class_only_error": f"{360 / n / 4:g}",
        "sc_hue_pooled": tables.degrees_cell(hue, unit=" degrees") if len(hue) else NOT_RUN,
        "sc_hue_pooled_init": (
            tables.degrees_cell(hue_init, unit=" degrees") if len(hue) else NOT_RUN
        ),
        "sc_hue_mid": (
            tables.degrees_cell(base("probe_mid_hue_error"), unit=" degrees")
            if len(hue)
            else NOT_RUN
        ),
        "sc_hue_mid_init": (
            tables.degrees_cell(base("init_probe_mid_hue_error"), unit=" degrees")
            if len(hue)
            else NOT_RUN
        ),
        "sc_hue_reading": sign_reading(
            hue - 360 / n / 4 if len(hue) else np.array([]),
            "below the error of a probe that knows only the class: the trained features keep "
            "where in its class a hue lies, which no head was trained to report",
            "above the error of a probe that knows only the class: the features do not even "
            "hold the class hue linearly",
            "not distinguishable from the error of a probe that knows only the class",
        ),
        "sc_init_colour": acc(init_colour),
        "sc_init_shape": acc(init_shape),
        "sc_init_gap": points(init_gap),
        "sc_init_reading": sign_reading(
            init_gap,
            "shape is more decodable than colour from the untrained network, the opposite of "
            "what Hermann and Lampinen found",
            "colour is more decodable than shape from the untrained network, as Hermann and "
            "Lampinen found",
            "the two are not distinguishable in the untrained network",
        ),
        "sc_colour_first": colour_first,
        "sc_shape_first": shape_first,
        "sc_supp_colour": acc(only.probe_colour_acc) if len(only) else NOT_RUN,
        "sc_supp_colour_init": acc(only.init_probe_colour_acc) if len(only) else NOT_RUN,
        "sc_supp_gap": points(supp),
        "sc_supp_hue": points(hue_supp, "degrees"),
        "sc_supp_reading": sign_reading(
            supp,
            "training on shape alone suppressed colour: the shape-only network's features "
            "hold less colour than they did at random initialisation",
            "training on shape alone did not suppress colour: the shape-only network's "
            "features hold more colour than at random initialisation",
            "training on shape alone left the colour its features hold indistinguishable from "
            "what they held at random initialisation: no suppression is shown",
        )
        if len(supp)
        else NOT_RUN,
    }


def _on_seeds_of(results: Results, metric: str, level: str) -> np.ndarray:
    """The baseline's ``metric`` without pressure, on the seeds it also ran at ``level``."""
    none, at = results.arm("baseline", "none"), results.arm("baseline", level)
    return none[none.seed.isin(set(at.seed))][metric].to_numpy(dtype=float)


def _zero_shot(results: Results) -> dict[str, str]:
    cfg = results.cfg
    seen = _base(results, "recoloured_shape_seen_acc")
    unseen = _base(results, "recoloured_shape_unseen_acc")
    gap = seen - unseen if len(seen) else np.array([])
    shape_gap = _base(results, "shape_seen_acc") - _base(results, "shape_unseen_acc")
    level = cfg.ablation_pressure
    # The baseline at the level minus without pressure, paired by seed (the two cells may
    # run different numbers of seeds); and the colour head on unseen pairs at the same two
    # levels: where shape stops reading colour, does colour start reading shape?
    mixing = tables.paired_levels(results, "shape_unseen_acc", level)
    colour_mixing = tables.paired_levels(results, "colour_unseen_acc", level)
    chance = 100 / results.cfg.n_classes
    ends = _base(results, "colour_unseen_acc", level)
    ended = float(np.mean(ends)) if len(ends) else math.nan
    colour_end = (
        f"below chance ({fmt(chance)}%)" if ended < chance else f"towards chance ({fmt(chance)}%)"
    )
    return {
        "sc_zs_pair_seen": acc(_base(results, "seen_acc")),
        "sc_zs_pair_unseen": acc(_base(results, "unseen_acc")),
        "sc_zs_cal_seen": acc(_base(results, "cal_seen_acc")),
        "sc_zs_cal_unseen": acc(_base(results, "cal_unseen_acc")),
        "sc_zs_cal_hm": acc(_base(results, "cal_hm")),
        "sc_zs_best_hm": acc(_base(results, "best_hm")),
        "sc_zs_auc": acc(_base(results, "auc")),
        "sc_zs_shape_gap": points(shape_gap),
        "sc_zs_recolour_seen": acc(seen),
        "sc_zs_recolour_unseen": acc(unseen),
        "sc_zs_recolour_gap": points(gap),
        "sc_zs_shape_only_unseen": acc(_base(results, "shape_unseen_acc", variant="shape_only")),
        "sc_zs_reading": sign_reading(
            gap,
            "the shape head does better in the unfamiliar colours, the opposite of leaning on "
            "colour",
            "the shape head has learned which colours each shape comes in, and uses colour to "
            "rule shapes out",
            "repainting does not change the shape head's accuracy measurably: these seeds show "
            "no use of colour by the shape head",
        ),
        "sc_zs_mixing_label": PRESSURE_LABELS[level],
        "sc_zs_mixing_unseen": acc(_base(results, "shape_unseen_acc", level)),
        # Without pressure on the seeds the level ran (the two are paired by seed).
        "sc_zs_none_unseen": acc(_on_seeds_of(results, "shape_unseen_acc", level)),
        "sc_zs_mixing_seeds": str(len(mixing)),
        "sc_zs_mixing_gap": points(mixing),
        "sc_zs_mixing_reading": sign_reading(
            mixing,
            "mixing the colour labels lowers shape accuracy on unseen pairs",
            "mixing the colour labels raises shape accuracy on unseen pairs: with colour made "
            "less reliable, the shape head leans on it less",
            "mixing the colour labels leaves shape accuracy on unseen pairs where it was, "
            "within what these seeds can tell",
        ),
        "sc_zs_mixing_colour_unseen": acc(_base(results, "colour_unseen_acc", level)),
        "sc_colour_fall": colour_fall(results),
        "sc_zs_none_colour_unseen": acc(_on_seeds_of(results, "colour_unseen_acc", level)),
        "sc_zs_mixing_colour_gap": points(colour_mixing),
        "sc_zs_mixing_pair_unseen": acc(_base(results, "unseen_acc", level)),
        "sc_zs_mixing_colour_reading": sign_reading(
            colour_mixing,
            "the shortcut has changed hands: with colour labels that no longer pin down the "
            "hue, the colour head answers with a colour the shape came in, so on unseen pairs "
            f"its colour accuracy falls {colour_end}, while the shape head no longer needs "
            "colour",
            "the colour head gets better on unseen pairs too",
            "the colour head's accuracy on unseen pairs does not move measurably",
        ),
    }


def _curve_window(results: Results) -> dict[str, Any]:
    """Where the curve claims can be judged (the baseline's plateau check per level), and the
    changes over the last quarter beside the second half the claims read."""
    cfg, h = results.cfg, results.history
    # Each level's check reads the runs its claims read (the long baseline at a long-curve
    # level, the plan's twelfth revision).
    gains = {p: plan.plateau_gain(h, cfg.curve_arm(p), p) for p in cfg.ablation_pressures}
    still = [p for p, g in gains.items() if not (len(g) and float(np.mean(g)) < plan.PLATEAU_GAIN)]
    creeping = [p for p, g in gains.items() if interval_side(g) == +1]
    if not still:
        reading = (
            f"under the plan's {plan.PLATEAU_GAIN:g}-point plateau line at every level (the check "
            "reads the mean over seeds), so the curve claims are judged"
        )
        if creeping:
            reading += (
                "; "
                + _and_list([_in_setting(p, "with") for p in creeping])
                + " the interval still lies above zero: shape is still creeping up there, "
                "by less than the plateau line"
            )
    else:
        where = " and ".join(PRESSURE_LABELS[p] for p in still)
        reading = (
            f"so at {where} the baseline still gains at least the plan's "
            f"{plan.PLATEAU_GAIN:g}-point plateau line: it was still learning shape there, and the "
            "curve claims at that level are held back, not judged"
        )

    # The check reads the mean; where a level's interval holds the line, its side of the line
    # is within the seeds' noise, and a reader should know the split judged/held back is.
    on_line = [
        p
        for p, g in gains.items()
        if len(g) > 1
        and (d := stats.paired_difference(np.asarray(g), np.zeros(len(g)))).ci_low
        <= plan.PLATEAU_GAIN
        <= d.ci_high
    ]
    every = len(on_line) == len(gains) > 1
    if on_line and still:
        holds = (
            "the interval at every level holds"
            if every
            else f"the interval with {PRESSURE_LABELS[on_line[0]]} holds"
            if len(on_line) == 1
            else f"the intervals with {' and with '.join(PRESSURE_LABELS[p] for p in on_line)} hold"
        )
        reading += (
            f". The check reads the mean over seeds, and {holds} the {plan.PLATEAU_GAIN:g}-point "
            "line itself, so "
            + (
                "which side of it each level falls on is within the seeds' noise: "
                "that one level's claims are judged and the other's held back rests on the "
                "mean, not on a difference the check can resolve"
                if every and len(still) < len(gains)
                else "which side of it that level falls on is within the seeds' noise"
            )
        )

    def last_quarter(p: str, metric: str) -> str:
        table = plan.curve(h, cfg.curve_arm(p), p, metric)
        return points(plan.gain_since(table, plan.PLATEAU_FROM))

    def which_runs(p: str) -> str:
        """At a long-curve level, which runs the check reads, and the common length's."""
        if p not in cfg.long_levels:
            return ""
        common = plan.plateau_gain(h, "baseline", p)
        # Two decimals: a mean just over the line reads +1.0 at one.
        if not len(common):
            return f" (the baseline trained {cfg.stem_epochs} epochs, the runs the claims read)"
        mean = float(np.mean(common))
        side = (
            f"{fmt(mean - plan.PLATEAU_GAIN, 2)} points over the line"
            if mean >= plan.PLATEAU_GAIN
            else "under the line"
        )
        return (
            f" (the baseline trained {cfg.stem_epochs} epochs, the runs the claims there read; "
            f"its {cfg.epochs}-epoch runs gained {fmt(mean, 2, signed=True)} points on average, "
            f"{side})"
        )

    return {
        # The curve claims read the second half (the plan); the last quarter beside it, the
        # window the plateau check reads, says how much of that change came late.
        "sc_curve_last_quarter": "; ".join(
            f"with {PRESSURE_LABELS[p]}, shape {last_quarter(p, 'shape_seen_acc')} and "
            f"colour-critical {last_quarter(p, 'critical_colour_acc')}"
            for p in cfg.ablation_pressures
        ),
        "sc_curve_plateau": "; ".join(
            f"{points(g)} with {PRESSURE_LABELS[p]}{which_runs(p)}" for p, g in gains.items()
        ),
        "sc_curve_plateau_reading": reading,
    }


def _figure1_caption(results: Results) -> str:
    h, cfg = results.history, results.cfg
    arms = {p: figures.figure1_arms(results, p) for p in cfg.ablation_pressures}
    shown = [p for p in cfg.ablation_pressures if "baseline" in arms[p]]
    with_controls = [p for p in shown if len(arms[p]) > 1]
    panels = (
        "In every upper panel"
        if with_controls == shown and not set(shown) & set(cfg.long_levels)
        else "In the upper panels"
        if with_controls == shown
        else "In the " + " and ".join(f"{PRESSURE_LABELS[p]} panel" for p in with_controls)
    )
    control_text = (
        f" {panels}, dashed: the shape-only control's shape accuracy and the colour-only "
        "control's colour-critical accuracy, trained at the same level. Bottom: baseline "
        "minus control at each level, on the seeds both ran, "
        + figures.PAIRED_BAND
        + ", on axes of their own so the gap is visible."
        if with_controls
        else " The single-attribute controls were not run in this grid."
    )
    level = cfg.ablation_pressure
    named = tables.pressure_name(results, level)
    # Each curve's seed count: the cells run different numbers of seeds (the powered ones more).
    counts = [
        f"{PRESSURE_LABELS[p]}: "
        + ", ".join(
            f"{short(role).lower()} {len(results.arm(a, p))}" for role, a in arms[p].items()
        )
        for p in shown
    ]
    seeds_text = f" Seeds per curve: {'; '.join(counts)}." if counts else ""
    long = [p for p in shown if p in cfg.long_levels]
    long_text = (
        f" With {' and '.join(PRESSURE_LABELS[p] for p in long)} the panels show the runs the "
        f"claims there read, the baseline and the colour-only control trained "
        f"{cfg.stem_epochs} epochs (the baseline's {cfg.epochs}-epoch runs there were still "
        "learning shape), and no shape-only control, which was not trained that long."
        if long
        else ""
    )
    # Each panel's second half, on the runs it draws (the long arms at a long-curve level).
    changes = []
    for p in shown:
        shape, crit = (
            plan.gain_since(plan.curve(h, arms[p]["baseline"], p, metric), plan.SECOND_HALF)
            for metric in ("shape_seen_acc", "critical_colour_acc")
        )
        changes.append(
            f"{_in_setting(p, 'with')}, seen-pair shape accuracy {change_phrase(shape)}, and "
            f"colour-critical accuracy {change_phrase(crit)}"
        )
    shaded = any(figures.window_shown(figures.select(h, arms[p]["baseline"], p)) for p in shown)
    return (
        "Our version of the paper's Figure 1: validation accuracy of the baseline over "
        f"training, without colour pressure (left) and with {PRESSURE_LABELS[level]} (right), "
        f"the ablations' declared second level, which its manipulation check finds to be "
        f"{named}; "
        + figures.MEAN_BAND
        + (
            ". The grey span in each upper panel is the second half of that panel's training, "
            "the window the curve claims read; the dotted line is chance."
            if shaded
            else ". The dotted line is chance."
        )
        + "".join(
            f" {_in_setting(p, 'with').capitalize()} the dash-dotted line is the colour-critical "
            f"accuracy that following the training labels scores, {cap:.0f}% (a network scores "
            "above it only by a bias of its own)."
            for p, cap in ((p, tables.benchmark_ceiling(cfg, p)) for p in shown)
            if cap < 100
        )
        + control_text
        + long_text
        + seeds_text
        + (f" Over the second half of training {'; '.join(changes)}." if changes else "")
    )


def experiments(cfg: ShapeColorConfig, results: Results) -> dict[str, Any]:
    judged = _judged(results)
    return {
        **_numbers(cfg, results),
        **_curve_claims(cfg, judged),
        **_curve_window(results),
        "sc_curve_common_length": _curve_common_length(results),
        "sc_curve_colour_shared": _colour_fall_shared(results, judged),
        "sc_curve_long_none": _curve_long_none(results),
        "sc_long_final": _long_final(results),
        **_pressure(results),
        **_neglect(results, judged),
        **_ablations(results, judged),
        **_stability(results, judged),
        **_zero_shot(results),
        **_length(results),
        **_probes(results),
        "sc_colour_epoch90": _epochs_to(results, "colour_acc", 90),
        "sc_shape_epoch90": _epochs_to(results, "shape_seen_acc", 90),
        "sc_fig1_caption": _figure1_caption(results),
        "sc_fig1": figures.figure1(results),
        "sc_fig_monitor": figures.monitor_figure(results),
        "sc_fig_monitor_caption": _monitor_caption(results),
        "sc_results": tables.results_table(results),
        "sc_ablations": tables.ablation_table(results),
        "sc_pressure": tables.pressure_table(results),
        "sc_plateau": tables.plateau_table(results),
        "sc_stability": tables.stability_table(results),
        "sc_frozen_rates": tables.frozen_rate_table(results),
        "sc_head_costs": tables.head_cost_table(results),
        "sc_probes_hue": tables.hue_table(results),
        "sc_probes_colour": tables.probe_table(results, "colour"),
        "sc_probes_shape": tables.probe_table(results, "shape"),
        "sc_zero_shot": tables.zero_shot_table(results),
        "sc_repaint": tables.repaint_table(results),
    }


# -- Conclusion --------------------------------------------------------------------
def seeds_for_margin(sd: float, margin: float, max_n: int = 10_000) -> int | None:
    """The smallest seed count whose paired t-test finds ``margin`` at 80% power (None: more
    than ``max_n``, or an SD that is not a number): :func:`negresults.stats.seeds_for_margin`
    at the plan's alpha and power."""
    if not np.isfinite(sd):
        return None
    return stats.seeds_for_margin(sd, margin, alpha=plan.ALPHA, power=plan.POWER, max_n=max_n)


def _seeds_for(sd: float, margin: float) -> str:
    k = seeds_for_margin(sd, margin)
    return "more than 10,000" if k is None else f"{k:,}"


# How many times this preset's epochs the plateau would take: the pilot recorded beside the
# config's ``epochs`` (the baseline, seeds no reported run uses) gained under the plateau line
# at twice them.
PLATEAU_FACTOR = 2


def _power_values(j: claims.Judged) -> np.ndarray:
    """The per-seed values whose spread a claim's power is read from: its quantity, or for a
    count claim the half its seeds measure less precisely (the one its detectable difference
    comes from), so every column of a power row reads one set of values."""
    if j.spec.rule != "count" or j.shape is None:
        return j.values
    return max((j.values, j.shape), key=plan.detectable)


def _seeds_needed(found: list[claims.Judged], family: str, have: int) -> int | None:
    """The most seeds any claim of ``family`` needs for its margin at the spread its runs
    show (at least ``have``; None: more than 10,000)."""
    return _seeds_driver(found, family, have)[0]


def _seeds_driver(
    found: list[claims.Judged], family: str, have: int, undecided: bool = True
) -> tuple[int | None, claims.Judged | None]:
    """:func:`_seeds_needed` and the claim that sets it (None when no claim needs more than
    ``have``); with ``undecided``, over the claims not already decided by an effect (their
    seeds would only buy equivalence power for a question the runs have answered)."""
    need, driver = have, None
    for j in found:
        values = _power_values(j)
        if j.spec.family != family or values is None or len(values) < 2:
            continue
        if undecided and plan.side(j.outcome):
            continue
        k = seeds_for_margin(float(np.std(values, ddof=1)), j.spec.margin)
        if k is None:
            return None, j
        if k > need:
            need, driver = k, j
    return need, driver


def _what_it_would_take(
    cfg: ShapeColorConfig, results: Results, found: list[claims.Judged]
) -> dict[str, str]:
    """What training to the plateau and running the seeds power asks for would cost, scaled
    from the training times these runs recorded."""
    gains = tables.plateau_gains(results)
    flat = bool(gains) and max(gains.values()) < plan.PLATEAU_GAIN
    tested = [j for j in found if j.verdict != plan.UNTESTABLE and np.isfinite(j.power_ratio)]
    powered = all(j.power_ratio <= 1 for j in tested)
    unread = tables.unread_gains(results)
    failing = {k: g for k, g in unread.items() if not g < plan.PLATEAU_GAIN}
    moved = (
        " since the plan's fourteenth revision, which moved the comparisons of final accuracy "
        f"at {' and '.join(dict.fromkeys(PRESSURE_LABELS[p] for _, p in failing))} to runs "
        f"trained {cfg.stem_epochs} epochs: the {cfg.epochs}-epoch runs there gained "
        + _and_list(
            [f"{fmt(g, 2, signed=True)} ({short(v).lower()})" for (v, _), g in failing.items()]
        )
        + ", over the line, and the readings no verdict rests on (final accuracy by level, "
        "zero-shot, the probes) still read them"
        if failing
        else ""
    )
    if flat and powered:
        return {
            "sc_take": (
                "This preset passes its own plateau check (seen-pair shape, for every compared "
                f"arm with a shape head){',' if moved else ''}{moved}{';' if moved else ','} "
                "and it passes its power check. Neither covers "
                "everything: the colour-only control has no shape head, and the baseline "
                "trained longer shows readings other than seen-pair shape still moving at "
                "the common length (the Experiments chapter); and the count claims' own "
                "power is that of their count rule (above)."
            )
        }
    n_acc = _seeds_needed(found, "accuracy", cfg.n_shared)
    n_stab = _seeds_needed(found, "stability", len(cfg.stability_seeds))
    seconds = {
        name: float(frame.train_seconds.sum()) if len(frame) else 0.0
        for name, frame in (
            ("tuning", results.tuning),
            ("reported", results.final),
            ("stability", results.stability),
        )
    }
    spent = sum(seconds.values())
    missed = []
    if not flat:
        missed.append("the plateau check (every compared arm flat over the last quarter)")
    if not powered:
        missed.append("the power check (every judged claim's seeds find its margin)")
    if n_acc is None or n_stab is None or not len(results.final):
        return {
            "sc_take": (
                f"This preset misses {' and '.join(missed)}; at the spreads these runs show, "
                "some claim would need more than 10,000 seeds, beyond any budget here."
            )
        }
    factor = PLATEAU_FACTOR if not flat else 1  # the prose below says "twice"
    # Every reported cell at n_acc seeds or its own, more, at the mean time of a reported run.
    per_cell = results.final.groupby(["variant", "colour_pressure"]).seed.nunique()
    per_run = seconds["reported"] / len(results.final)
    runs = int(np.maximum(per_cell.to_numpy(), n_acc).sum())
    scaled = factor * (seconds["tuning"] + per_run * runs) + seconds["stability"] * n_stab / max(
        1, len(cfg.stability_seeds)
    )
    length = (
        "training every run twice as long (a pilot of the baseline at twice these epochs, on "
        "seeds no reported run uses, gained less than the plateau line over its last quarter; "
        "the slower arms, the linear projections among them, may need more), "
        if factor > 1
        else ""
    )
    return {
        "sc_take": (
            f"This preset misses {' and '.join(missed)}. Meeting "
            f"{'both' if len(missed) > 1 else 'it'} at the spreads these runs "
            f"show would take {length}{n_acc} seeds in every cell the accuracy claims read, so "
            f"that each claim still undecided finds its margin (a cell already on more keeps "
            f"its own), and {n_stab} for "
            f"the stability claims judged here: scaled from the training times these runs "
            f"recorded, about "
            f"{scaled / 3600:,.1f} core-hours, {scaled / 7200:,.1f} hours on two cores at best, "
            f"against the {spent / 60:,.0f} core-minutes these runs took. That is far beyond "
            "the 35 minutes this study's share of a whole build from scratch is meant to take on "
            "a two-core machine, so a claim whose seeds fall short of its margin can come out "
            "inconclusive here where more seeds might decide it."
            + _driver_note(found, len(cfg.stability_seeds))
            + " "
            + _stability_seeds_reading(results)
        )
    }


def _claim_name(j: claims.Judged) -> str:
    """A claim in a sentence: an ablation's count by its action, any other by its words."""
    if j.spec.rule == "count" and j.spec.ablation:
        return f"the count for {plan.ACTIONS[j.spec.ablation].lower()}"
    return f"“{j.spec.claim}”"


_COUNT_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _count_word(n: int) -> str:
    """``n`` in words up to nine (a sentence may start with it), else in digits."""
    return _COUNT_WORDS[n] if 0 <= n < len(_COUNT_WORDS) else str(n)


def _supported_caveat(
    cfg: ShapeColorConfig, found: list[claims.Judged], results: Results | None = None
) -> str:
    """Which supported verdicts need a qualification, one sentence per kind: a colour-curve
    claim read where the labels alone cap colour-critical accuracy, a colour cost that matched
    by kind is interference, a count that shape's fall alone makes common or that is not rare
    against it, a comparison with an arm still learning, or a number that is not the paper's."""
    supported = [j for j in found if j.verdict == plan.SUPPORTED]
    if not supported:  # nothing to qualify (the count before this says none)
        return ""

    def one(group: list[claims.Judged], singular: str, plural: str) -> str:
        """'One is a …' / 'Two are …': the group's count, in words, and its kind."""
        return f"{_count_word(len(group)).capitalize()} {singular if len(group) == 1 else plural}"

    capped = [
        j
        for j in supported
        if j.spec.key.startswith(("colour_stagnates_", "shape_outpaces_colour_"))
        and tables.benchmark_ceiling(cfg, j.spec.pressure) < 100
    ]
    companions = [j for j in supported if j.spec.companion]
    on_shape = [j for j in supported if j.rests_on_shape]
    borderline = [
        j
        for j in supported
        if j.spec.rule == "count" and not j.rests_on_shape and j.stricter_p > plan.ALPHA
    ]
    unfinished = [j for j in supported if j.unfinished]
    sentences = []
    if capped:
        cap = tables.benchmark_ceiling(cfg, capped[0].spec.pressure)
        sentences.append(
            one(capped, "is a colour-curve claim", "are colour-curve claims")
            + f" read at {PRESSURE_LABELS[capped[0].spec.pressure]}, where a predictor that "
            f"follows the labels scores {cap:.0f}% at a benchmark hue, so that support can "
            "follow from how the labels are built as much as from shape crowding colour out."
        )
    neglect = [j for j in supported if j.spec.key == "colour_neglected"]
    if neglect and results is not None and interval_side(tables.neglect_gap_out(results)) > 0:
        sentences.append(
            "One is the colour cost read against seen-pair shape, a pair that mixes kinds of "
            "benchmark: matched by kind, shape pays more (the Experiments chapter), so it "
            "supports a colour cost, not neglect in the paper's sense."
        )
    if on_shape:
        sentences.append(
            one(on_shape, "is an “in some runs” count", "are “in some runs” counts")
            + " that shape's fall alone makes common ("
            + _and_list(
                [
                    f"{plan.ACTIONS[j.spec.ablation].lower()} {_in_setting(j.spec.pressure)}: "
                    f"colour-critical {points(j.values)} on the mean, and the count is not rare "
                    "were shape to fall as often as it does there and colour a coin flip, "
                    f"P = {j.stricter_p:.2f}"
                    for j in on_shape
                ]
            )
            + "), so it does not show colour traded for shape."
        )
    if borderline:
        sentences.append(
            one(borderline, "is a count", "are counts")
            + " not rare either against the rate at which shape falls ("
            + _and_list(
                [
                    f"{plan.ACTIONS[j.spec.ablation].lower()} {_in_setting(j.spec.pressure)}, "
                    f"P = {j.stricter_p:.2f}, with a colour-critical rise of {points(j.values)} "
                    "beside it"
                    for j in borderline
                ]
            )
            + "), so its support rests on that rise as much as on the count."
        )
    if unfinished:
        sentences.append(
            one(unfinished, "compares", "compare")
            + " runs that failed the plateau check ("
            + _and_list(
                [
                    f"{_claim_name(j)} {_in_setting(j.spec.pressure)}, where the "
                    f"{j.unfinished} failed it"
                    for j in unfinished
                ]
            )
            + f"), so {LEARNING_SPEED}."
        )
    if companions:
        sentences.append(
            one(companions, "is the companion number", "are companion numbers")
            + ", not a claim of the paper."
        )
    if not sentences:
        return (
            "Every supported verdict is a claim of the paper, read where the labels do not "
            "decide it."
        )
    return "Some of the supported verdicts need a qualification. " + " ".join(sentences)


def _stability_scope(results: Results) -> str:
    """The Conclusion's caveat on the stability verdicts: how much of training the runs they
    read cover, and how often the rules were revised."""
    cfg = results.cfg
    if not len(results.stability):
        return ""
    return (
        f"Read them with these limits. The dips are read over the first {cfg.stability_epochs} "
        f"of a full run's {cfg.epochs} epochs, without warm-up, on a schedule whose rate "
        "falls to half the axis rate by the end of a stability run, so they describe the "
        "first half of training, not the model a full run ends with"
        + (
            " (the linear projections' too: their stability runs keep the common schedule, "
            "which their own reported runs, now trained longer, no longer use)"
            if cfg.variant_epochs
            else ""
        )
        + ". The monitor's shape head reads the whole validation split, held-out pairs "
        "included, where a head that leans on colour fails however well it learned seen "
        "pairs; so the line a seed must reach to count as recovered, and the reading from "
        "which its learned dip is counted, also measure that failure, and a rate can leave "
        "the axis for it; a monitor of seen pairs alone would separate the two, but it "
        "changes the compute code and so makes every run again. A higher rate also reaches "
        "the line later, so its learned dip is the largest fall over fewer readings, which "
        "leans the check towards finding no instability. And the stability rules "
        "were revised four times, each before fresh seeds but after earlier runs had been "
        "seen (the Method chapter). The rule reads only falls after shape is learned; the "
        "falls while it is still being learned, outside the plan, are in the Experiments "
        "chapter." + _frozen_accuracy_aside(results)
    )


def _frozen_accuracy_aside(results: Results) -> str:
    """Outside the plan: the rates where the frozen projection keeps measurably more accuracy
    than the trained one, MoCo v3's own measure of its benefit."""
    by_rate = tables.frozen_by_rate(results)
    kept = [(r, acc) for r, (_, acc) in by_rate.items() if interval_side(acc) > 0]
    if not kept:
        return ""
    return (
        " Outside the plan, in MoCo v3's own measure, accuracy kept at a higher rate, the frozen "
        "projection keeps more than the trained one at "
        + _and_list([f"{r:g} ({points(acc)})" for r, acc in kept])
        + ", the sign MoCo v3 reported: no verdict reads it, and halfway through training it "
        "partly measures how fast shape is learned, but it is the one reading on this axis "
        "that leans against the paper's claim that freezing does not stabilise training."
    )


def _and_list(items: list[str]) -> str:
    """``items`` as prose: '', 'a', 'a and b', 'a, b and c'."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _lower_first(text: str) -> str:
    """``text`` with its first letter in lower case, to continue a sentence."""
    return text[:1].lower() + text[1:]


def _driver_note(found: list[claims.Judged], have: int) -> str:
    """When a claim already decided by an effect sets the power check, what its seeds would
    be for (the counts above leave it out)."""
    need_all, driver = _seeds_driver(found, "stability", have, undecided=False)
    need, _ = _seeds_driver(found, "stability", have)
    if driver is None or not plan.side(driver.outcome) or need_all == need:
        return ""
    seeds = f"{need_all:,} stability seeds" if need_all is not None else "over 10,000 seeds"
    return (
        " These counts leave out claims already decided by an effect. The power check, which "
        f'counts every claim, is set by "{driver.spec.claim}" ({driver.evidence()}), already an '
        f"effect: showing no difference within its margin at its spread would take {seeds}."
    )


def _stability_seeds_reading(results: Results) -> str:
    """Whether more seeds could make the untestable stability claims testable: the baseline's
    largest instability check on the axis, and the seeds that would find a check that size."""
    cfg, st = results.cfg, results.stability
    if not len(st) or plan.unstable_rate(st, cfg.stability_rates) is not None:
        return ""
    rates = cfg.stability_rates
    checks = [
        (float(np.mean(v)), float(np.std(v, ddof=1)), r)
        for r in tables.checked_rates(results)
        for v in [plan.instability_check(st, r, rates)]
        if len(v) > 1
    ]
    if not checks:
        return (
            "Seeds would not make the stability claims testable: above the reference rate "
            "some seed of the baseline fails to recover at every rate of this axis."
        )
    mean, sd, rate = max(checks)
    if mean <= 0:
        return (
            "Seeds would not make the stability claims testable: on this axis no higher rate "
            "made the baseline dip more than at the reference rate."
        )
    need = seeds_for_margin(sd, mean)
    need_words = f"about {need:,} seeds" if need is not None else "more than 10,000 seeds"
    return (
        f"The stability claims wait for a rate that measurably makes the baseline dip more "
        f"with every seed recovering: its largest check at such a rate, {rate:g}, is "
        f"{fmt(mean)} points on average, and finding a difference that size at the spread "
        f"these seeds show would take {need_words}."
    )


def power_table(judged: list[claims.Judged]) -> pd.DataFrame:
    """Per judged claim: the spread of its quantity, the difference its seeds detect at 80%
    power, its margin, their ratio, and the seeds its margin needs at that spread (with the
    range the spread's own 95% interval gives)."""
    rows = []
    for j in judged:
        values = _power_values(j)
        if len(j.values) < 2:
            continue
        sd = float(np.std(values, ddof=1))
        sd_lo, sd_hi = stats.sd_interval(sd, len(values))
        m = j.spec.margin

        rows.append(
            {
                "Claim": j.spec.claim,
                "Setting": j.setting,
                "Seeds": str(len(j.values)),
                "SD per seed": fmt(sd),
                "Detectable at 80% power": fmt(j.detectable),
                # A count claim's verdict is its count; the margin reads the mean beside it.
                "Margin": f"{j.spec.margin:g}"
                + (" (the mean beside the count)" if j.spec.rule == "count" else ""),
                "Detectable / margin": fmt(j.power_ratio, 2),
                "Seeds for the margin (SD range)": (
                    f"{_seeds_for(sd, m)} ({_seeds_for(sd_lo, m)} to {_seeds_for(sd_hi, m)})"
                ),
            }
        )
    return pd.DataFrame(rows)


def _companions(found: list[claims.Judged]) -> str:
    n = sum(j.spec.companion for j in found)
    if not n:
        return "no companion numbers"
    return (
        _plural(n, "companion number", "companion numbers")
        + " a reader needs beside them (the cost of learning both attributes to shape, beside "
        "the cost to colour)"
    )


def _figure1_reading(results: Results, judged: dict[str, claims.Judged]) -> str:
    """Per setting, whether the paper's Figure 1 pattern (shape rising while colour-critical
    accuracy stalls, the relative claim) holds over the second half of training, with the two
    gains it is made of; and, beside it, what the plan's window leaves out."""
    parts = []
    for key, j in judged.items():
        if not key.startswith("shape_outpaces_colour_") or not len(j.values):
            continue
        p = j.spec.pressure
        shape, colour = judged.get(f"shape_rises_{p}"), judged.get(f"colour_stagnates_{p}")
        gains = (
            f"shape {points(shape.values)}, colour-critical {points(colour.values)}"
            if shape is not None and colour is not None and len(shape.values)
            else ""
        )
        where = PRESSURE_LABELS[p]
        if j.verdict == plan.SUPPORTED:
            d, m = j.difference, j.spec.margin
            both_rise = (
                colour is not None
                and colour.verdict == plan.CONTRADICTED
                and colour.difference.mean > 0
            )
            reading = f"with {where} shape outpaces colour-critical accuracy" + (
                ", but colour-critical accuracy rises too (“stagnates” is contradicted), so "
                "what holds is a difference of pace, not the paper's stall"
                if both_rise
                else ": the pattern holds"
            )
            if d.mean < m:
                reading += (
                    f"; the gap is smaller than the ±{m:g}-point margin the plan calls "
                    "meaningful, and is read as supported only because the plan reads a "
                    "measurable change before equivalence"
                    + (
                        f"; after Holm's adjustment it reads {j.holm}"
                        if j.holm and j.holm != j.verdict
                        else ""
                    )
                )
        elif j.verdict == plan.UNTESTABLE:
            reading = f"with {where} the pattern is not judged: {j.held_back or 'not run'}"
        elif j.verdict == plan.EQUIVALENT:
            reading = (
                f"with {where} the pattern is absent over the second half: shape does not "
                "outpace colour-critical accuracy beyond the margin"
            )
        elif j.verdict == plan.CONTRADICTED:
            reading = f"with {where} the pattern is reversed: colour-critical accuracy gains more"
        else:
            reading = f"with {where} these seeds cannot tell whether the pattern holds"
        text = f"{reading[0].upper()}{reading[1:]} ({points(j.values)}; {gains}, {len(j.values)} seeds)."
        if (
            colour is not None
            and colour.verdict == plan.CONTRADICTED
            and colour.difference.mean < 0
        ):
            d = colour.difference
            inside = -colour.spec.margin < d.ci_low and d.ci_high < colour.spec.margin
            text += (
                " There colour-critical accuracy falls, and the plan reads any measurable "
                "change as contradicting “stagnates” (the paper describes stagnation), a fall "
                "included"
                + (
                    f"; its interval lies inside ±{colour.spec.margin:g} points, so the "
                    "equivalence test alone would have supported the claim."
                    if inside
                    else "."
                )
            )
        control = judged.get(f"colour_held_back_{p}")
        against = _against_control(results, control, p) if control is not None else ""
        ceiling = tables.benchmark_ceiling(results.cfg, p) if p != "none" else 100.0
        if ceiling < 100:
            # The runs the level's curve claims read (the long baseline at a long-curve level).
            ended = _base(results, "critical_colour_acc", p, variant=results.cfg.curve_arm(p))
            # "Near" the labels' ceiling: within the 5 points that separate it from where a
            # network could still rise (a page with a network far below it says so instead).
            near = len(ended) > 0 and float(np.mean(ended)) >= ceiling - 5
            text += (
                f" Colour-critical accuracy ends at {acc(ended)} there, "
                + (
                    f"near the {ceiling:.0f}% that following its labels scores at a benchmark "
                    "hue, so it has little room to rise whatever shape does: "
                    if near
                    else f"below the {ceiling:.0f}% that following its labels scores at a "
                    "benchmark hue, so the labels do not yet bound it; still, "
                )
                + "at this level the pattern can follow from how the labels are built, "
                + (
                    "and the control is what tells the two apart."
                    if against
                    else "and no single-attribute control runs there to isolate what "
                    "learning shape adds."
                )
            )
        text += against
        parts.append(text)
    if not parts:
        return ""
    return (
        "Read as the paper draws it (shape rising while colour-critical accuracy stalls) "
        "over the second half of training, setting by setting. "
        + " ".join(parts)
        + _control_gap_first_half(results)
    )


def _against_control(results: Results, control: claims.Judged, p: str) -> str:
    """The claim against the colour-only control at level ``p``, with what each network
    did over the window it reads and where each ends, so a difference of gains is not read
    alone."""
    if not len(control.values):
        return ""
    h, cfg = results.history, results.cfg
    # The runs the claim reads at this level (the long arms at a long-curve level).
    arms = {v: cfg.curve_arm(p, v) for v in ("baseline", "colour_only")}
    own = {
        v: plan.gain_series(plan.curve(h, a, p, "critical_colour_acc"), plan.SECOND_HALF)
        for v, a in arms.items()
    }
    common = own["baseline"].index.intersection(own["colour_only"].index)
    late = plan.gain_since(
        plan.curve(h, arms["colour_only"], p, "critical_colour_acc"), plan.PLATEAU_FROM
    )
    meaning = {
        plan.SUPPORTED: "beside shape, colour-critical accuracy gains less than in a network "
        "that learns colour alone: learning shape holds it back",
        plan.CONTRADICTED: "the control, which learns no shape, does worse over the same "
        "window than the baseline, so these runs give no sign that learning shape holds "
        "colour-critical accuracy back here",
        plan.EQUIVALENT: "beside shape, colour-critical accuracy gains as much as in a "
        "network that learns colour alone, within the margin",
    }.get(control.verdict, "these seeds cannot tell whether learning shape holds it back")
    return (
        " Against the colour-only control trained at the same level, the baseline's "
        f"colour-critical gain minus the control's is {_claim(control)} "
        f"({len(control.values)} seeds): {meaning}. Over that window, on the seeds both ran, "
        "the baseline's "
        f"colour-critical accuracy changes by {points(own['baseline'][common])} and the "
        f"control's by {points(own['colour_only'][common])}; on test they end at "
        f"{acc(_base(results, 'critical_colour_acc', p, variant=arms['baseline']))} and "
        f"{acc(_base(results, 'critical_colour_acc', p, variant=arms['colour_only']))}. The "
        "control's colour-critical curve changes by "
        f"{points(late)} over the last quarter (a plateau check on the quantity the claim "
        "reads: "
        + (
            f"a change beyond the {plan.PLATEAU_GAIN:g}-point line, so the control is still "
            "moving there, outside the declared check)."
            if len(late) and abs(float(np.mean(late))) >= plan.PLATEAU_GAIN
            else f"within the {plan.PLATEAU_GAIN:g}-point line)."
        )
    )


def _control_gap_first_half(results: Results) -> str:
    """Exploratory, outside the plan: how the baseline's colour-critical gap to the
    colour-only control changes over the first half of training (from the start, where the
    two share their initial weights, to the middle epoch; validation, paired by seed), at
    every level the control ran: the window the curve claims do not read."""
    h, cfg = results.history, results.cfg
    parts = []
    for p in cfg.control_levels:
        # The runs the curve claims read at this level (the long arms at a long-curve level).
        base = plan.curve(h, cfg.curve_arm(p), p, "critical_colour_acc")
        ctrl = plan.curve(h, cfg.curve_arm(p, "colour_only"), p, "critical_colour_acc")
        common = base.index.intersection(ctrl.index)
        if len(common) < 2 or base.shape[1] < 3:
            continue
        gap = base.loc[common] - ctrl.loc[common]
        start = gap.columns[0]
        middle, _ = figures.claim_window(gap.columns)
        change = (gap[middle] - gap[start]).to_numpy(dtype=float)
        parts.append(
            f"with {PRESSURE_LABELS[p]}, from epoch {start} to {middle}, {points(change)} "
            f"({len(common)} seeds), "
            + sign_reading(
                change,
                "a gap that widens while shape is learned",
                "a gap that narrows while shape is learned",
                "no measurable change of the gap",
            )
        )
    if not parts:
        return ""
    return (
        " Exploratory, outside the plan: over the first half of training, while shape is "
        "being learned, the baseline's colour-critical accuracy minus the colour-only "
        "control's changes from the first epoch (the two networks share their initial "
        "weights) to the middle one: "
        + "; ".join(parts)
        + ". That window, which the curve claims leave out by design, is where a gap to "
        "the network that learns colour alone opens."
        if any("widens" in part for part in parts)
        else ""
    )


def _rate_interval(k: int, n: int) -> str:
    """The exact (Clopper-Pearson) 95% interval of a share of seeds, in percent."""
    ci = sps.binomtest(k, n).proportion_ci(method="exact")
    return f"{100 * ci.low:.0f}% to {100 * ci.high:.0f}%"


def _partial_reading(found: list[claims.Judged]) -> str:
    """What each "in some runs" verdict says and does not, claim by claim: the share of seeds
    showing the pattern with its interval, and for a support, whether colour rose."""
    parts = []
    for j in found:
        if len(j.values) < 2 or j.verdict == plan.UNTESTABLE:
            continue
        k, n = int(j.shows.sum()), len(j.values)
        head = (
            f"{plan.ACTIONS[j.spec.ablation].lower()} {_in_setting(j.spec.pressure)}, {k} of "
            f"{n} seeds (95% interval of the share {_rate_interval(k, n)})"
        )
        if j.verdict == plan.CONTRADICTED:
            parts.append(
                f"{head}: fewer than half of runs show it, which is what the contradiction "
                "says; it is against half of runs, not against some runs"
            )
        elif j.rests_on_shape:
            parts.append(
                f"{head}: the count is met, but colour-critical accuracy changes by "
                f"{points(j.values)} on the mean, so the count reads shape's fall and does "
                "not show colour traded for shape"
            )
        elif j.verdict == plan.SUPPORTED:
            parts.append(
                f"{head}: the count is met, and colour-critical accuracy rises by "
                f"{points(j.values)} on the mean"
                + (
                    ", though against the rate at which shape falls there the count alone "
                    f"would not be rare (P = {j.stricter_p:.2f}, exploratory)"
                    if j.stricter_p > plan.ALPHA
                    else ""
                )
            )
        else:
            parts.append(f"{head}: neither shown common nor shown rare")
        if j.verdict == plan.SUPPORTED and np.isfinite(j.trade_p) and j.trade_p > plan.ALPHA:
            parts[-1] += (
                "; and the seeds whose shape falls are no more likely than the others to gain "
                f"colour (Fisher's exact test of the two halves' association, P = "
                f"{j.trade_p:.2f}, exploratory), so the count does not show a trade either"
            )
        elif j.verdict == plan.SUPPORTED and j.shape is not None and np.isnan(j.trade_p):
            parts[-1] += (
                "; a half of the pattern holds on every seed (or on none), so whether the "
                "seeds that lose shape are the ones that gain colour cannot be tested"
            )
    if not parts:
        return ""
    return "Claim by claim: " + "; ".join(parts) + "."


def _count_rule_power(found: list[claims.Judged]) -> str:
    """The count rule's own power, both ways, at the seed counts its claims are judged on
    (the table's detectable differences read the halves' means, not the rule)."""
    sizes = sorted({len(j.values) for j in found if j.spec.rule == "count" and len(j.values)})
    if not sizes:
        return ""
    parts = []
    for n in sizes:
        support, against = plan.count_power(n)
        parts.append(f"{support:.2f} to support and {against:.2f} to contradict at {n} seeds")
    # The caveat is for an undecided count: name the seed counts where one sits.
    undecided = {
        len(j.values) for j in found if j.spec.rule == "count" and j.verdict == plan.INCONCLUSIVE
    }
    weak = [n for n in sizes if min(plan.count_power(n)) < plan.POWER and n in undecided]
    return (
        "The count rule of those claims has power of its own: were "
        f"{plan.PATTERN_COMMON:.0%} of all seeds to show the pattern, it would support the "
        f"claim, and were the pattern only as common as chance ({plan.PATTERN_CHANCE:.0%}), "
        f"contradict it, with probability {'; '.join(parts)}"
        + (
            f", so an inconclusive count at {' or '.join(map(str, weak))} seeds says little "
            "either way."
            if weak
            else "."
        )
    )


def _show(judged: dict[str, claims.Judged], keys: list[str]) -> str:
    """The verdicts of ``keys``, counted: '3 equivalent, 2 inconclusive and 1 supported, of 6'."""
    found = [judged[k].verdict for k in keys if k in judged]
    if not found:
        return NOT_RUN
    # A claim reads "equivalent" only when it claims a change (a no-change claim reads
    # equivalence as support), so the word is spelled out as what it means for such a claim.
    words = {plan.EQUIVALENT: "equivalent (no change beyond the margin, so not supported)"}
    parts = [f"{c} {words.get(v, v)}" for v, c in Counter(found).most_common()]
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{text}, of {len(found)}"


def _inside_margin(found: list[claims.Judged]) -> str:
    """The verdicts decided by a measurable change smaller than the claim's margin, named."""
    small = [j for j in found if j.inside_margin]
    if not small:
        return ""
    named = "; ".join(
        f"{j.spec.claim} ({PRESSURE_LABELS[j.spec.pressure]}), {j.verdict} by {j.evidence()}"
        for j in small
    )
    return (
        f"{_plural(len(small), 'verdict rests', 'verdicts rest')} on a change smaller than "
        "the margin (the smallest change the plan calls meaningful), yet measurable with "
        f"these seeds, since the plan reads a measurable change before equivalence: {named}."
    )


def conclusion(cfg: ShapeColorConfig, results: Results) -> dict[str, Any]:
    found = claims.judged(results)
    judged = {j.spec.key: j for j in found}
    counts = Counter(j.verdict for j in found)
    holm = Counter(j.holm for j in found)
    tested = [j for j in found if j.verdict != plan.UNTESTABLE]
    by_mean = [j for j in tested if j.spec.rule != "count"]
    ratios = [j.power_ratio for j in by_mean if np.isfinite(j.power_ratio)]
    powered = sum(r <= 1 for r in ratios)
    worst = max(tested, key=lambda j: j.power_ratio if np.isfinite(j.power_ratio) else -1.0)
    curve = [k for k in judged if k.startswith(plan.CURVE_CLAIMS)]
    stability = [k for k in judged if k.startswith(("no_stabilisation", "new_instability"))]
    partial = [k for k in judged if k.startswith("partial_")]
    return {
        **_ablations(results, judged),
        **_numbers(cfg, results),
        **_curve_window(results),
        **_neglect(results, judged),
        **_zero_shot(results),
        **_length(results),
        "sc_claims_supported": str(int(counts.get("supported", 0))),
        "sc_claims_supported_caveat": _supported_caveat(cfg, found, results),
        "sc_claims_inside_margin": _inside_margin(found),
        "sc_claims_contradicted": str(int(counts.get("contradicted", 0))),
        "sc_claims_equivalent": str(int(counts.get("equivalent", 0))),
        "sc_claims_inconclusive": str(int(counts.get("inconclusive", 0))),
        "sc_claims_untestable": str(int(counts.get("untestable", 0))),
        "sc_holm_supported": str(int(holm.get("supported", 0))),
        "sc_holm_contradicted": str(int(holm.get("contradicted", 0))),
        "sc_holm_equivalent": str(int(holm.get("equivalent", 0))),
        "sc_holm_inconclusive": str(int(holm.get("inconclusive", 0))),
        "sc_holm_untestable": str(int(holm.get("untestable", 0))),
        "sc_claims": claims.claims_table(results),
        "sc_power": power_table(found),
        "sc_plan_revision": plan.REVISION,
        "sc_plan_status": _plan_status(results),
        "sc_claims_total": str(len(found)),
        "sc_claims_companions": str(sum(j.spec.companion for j in found)),
        "sc_claims_companion_text": _companions(found),
        "sc_claims_judged": str(len(tested)),
        "sc_power_powered": str(powered),
        "sc_power_mean_judged": str(len(by_mean)),
        "sc_power_count_judged": str(len(tested) - len(by_mean)),
        "sc_power_ratio_max": fmt(worst.power_ratio, 2) if tested else NOT_RUN,
        "sc_power_worst": (f"{worst.spec.claim}, {worst.setting}" if tested else NOT_RUN),
        "sc_show_curves": _show(judged, curve),
        "sc_power_count_rule": _count_rule_power(found),
        "sc_figure1_reading": _figure1_reading(results, judged),
        "sc_show_stability": _show(judged, stability),
        "sc_show_partial": _show(judged, partial),
        "sc_partial_reading": _partial_reading([judged[k] for k in partial]),
        "sc_show_neglect": (
            judged["colour_neglected"].verdict if "colour_neglected" in judged else NOT_RUN
        ),
        "sc_show_unstable": (
            _unstable_rate_reading(results) if len(results.stability) else NOT_RUN
        ),
        "sc_show_stability_scope": _stability_scope(results),
        **_what_it_would_take(cfg, results, found),
        "sc_rebuild_reading": published.rebuild_reading("shape_color"),
    }


# -- Appendix -----------------------------------------------------------------------
def _pilot_seeds(cfg: ShapeColorConfig) -> str:
    """'pilot seed 1000' / 'pilot seeds 1000, 1001': the seeds the rates are tuned on."""
    word = "pilot seed " if len(cfg.tuning_seeds) == 1 else "pilot seeds "
    return word + ", ".join(map(str, cfg.tuning_seeds))


def plan_text() -> str:
    """The analysis plan as committed (its module's text, which its revision hashes), in
    Markdown for the reader: the code's names in code formatting, its cross-references as
    plain names."""
    text = inspect.getdoc(plan) or ""
    text = re.sub(r":(?:data|func|mod|class):`~?([^`]+)`", r"`\1`", text)
    # A word hyphenated across a line break stays one word; "+-" is the plain-text "±".
    text = re.sub(r"(?<=\w)-\n\s*(?=\w)", "-", text)
    return text.replace("``", "`").replace("+-", "±")


def plan_constants() -> str:
    """The values of the plan's named constants that its text cites by name, in words (in
    Markdown: it heads the plan's text, where code formatting renders)."""
    return (
        f"*Named constants.* `EQUIVALENCE_MARGIN` is {plan.EQUIVALENCE_MARGIN:g} accuracy points, "
        f"`STABILITY_MARGIN` {plan.STABILITY_MARGIN:g} dip points, `PLATEAU_GAIN` "
        f"{plan.PLATEAU_GAIN:g} point, `LEARNS_FROM` {plan.LEARNS_FROM:g}% and `PILOTS` the "
        "pilot seeds of the claims the ninth revision re-sized (the Method's re-sizing table "
        "gives them); `count_needed` and `count_allowed` are the count rule's two thresholds, "
        f"`PATTERN_COMMON` the share of seeds a contradiction is read against "
        f"({plan.PATTERN_COMMON:.0%}), and `count_seeds` the seeds the rule's power asks for "
        f"({plan.count_seeds()}); the names in the text's own code formatting that are none "
        "of these are configuration fields (Appendix D)."
    )


def appendix(cfg: ShapeColorConfig, results: Results) -> dict[str, Any]:
    seconds = results.final.train_seconds
    cost = tables.cost_table(results)
    return {
        "sc_appendix_pilot": _pilot_seeds(cfg),
        "sc_appendix_ties": _tuning_ties(results),
        "sc_appendix_plan": plan_constants() + "\n\n" + plan_text(),
        "sc_appendix_plan_revision": plan.REVISION,
        "sc_appendix_n_runs": str(len(results.final)),
        "sc_appendix_n_stability": str(len(results.stability)),
        "sc_appendix_mean_seconds": f"{np.mean(seconds):.1f}",
        "sc_appendix_total_minutes": cost.loc["total", "Core-minutes"],
        "sc_edge_picks": _plural(
            tables.edge_picks(results), "of the chosen rates lies", "of the chosen rates lie"
        ),
        "sc_fig_curves": figures.learning_curves(results),
        "sc_fig_curves_caption": (
            "Validation accuracy over training of every reported arm: seen-pair shape, colour "
            "and colour-critical accuracy, one panel per model and colour-pressure level it ran "
            f"at; {figures.MEAN_BAND}. The dotted line is chance."
        ),
        "sc_tuning": tables.tuning_table(results),
        "sc_per_seed": tables.per_seed_table(results),
        "sc_stability_seeds": tables.stability_seed_table(results),
        "sc_hyper": tables.hyperparameter_table(results),
        "sc_cost": cost,
    }
