"""The paper's claims judged against our runs, by the rules of :mod:`..analysis_plan`.

This module only applies the plan: every claim, quantity, rule and margin is
declared there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats as sps

from negresults import stats
from negresults.reporting import ci, fmt
from negresults.shape_color import analysis_plan as plan
from negresults.shape_color.config import PRESSURE_LABELS, REFERENCE_ARMS
from negresults.shape_color.report import tables
from negresults.shape_color.report.results import Results
from negresults.verdicts import (
    EQUIVALENT,
    INCONCLUSIVE,
    NEGATIVE,
    POSITIVE,
    UNTESTABLE,
    compare,
    side,
)


@dataclass(frozen=True)
class Judged:
    spec: plan.ClaimSpec
    values: np.ndarray  # the per-seed quantity (a count claim: its colour-critical half)
    outcome: str  # its shared verdict (negresults.verdicts)
    verdict: str  # the claim's reading of it (plan.VERDICTS)
    shape: np.ndarray | None = None  # a count claim's shape half, per seed
    holm: str = ""  # the verdict after Holm's adjustment over every judged claim
    setting_note: str = ""  # what the setting is, as the manipulation checks found it
    held_back: str = ""  # why a claim with values is not judged (a check it failed), or ""
    # A compared arm that failed the plateau check: the verdict stands (the plan holds back
    # only the curve claims) and the page names the arm beside it.
    unfinished: str = ""

    @property
    def difference(self) -> stats.PairedDifference:
        if len(self.values) == 0:
            nan = float("nan")
            return stats.PairedDifference(0, nan, nan, nan, nan, nan)
        return stats.paired_difference(self.values, np.zeros_like(self.values))

    @property
    def shows(self) -> np.ndarray:
        """A count claim: the seeds showing both halves of the pattern."""
        return np.logical_and(self.values > 0, self.shape < 0)

    @property
    def stricter_p(self) -> float:
        """Exploratory, outside the plan (a count claim): the chance of this count or more
        were colour a coin flip and shape to fall as often as it does here, not half the
        time (the plan's chance rate takes each half as a coin flip)."""
        if self.spec.rule != "count" or len(self.values) == 0 or self.shape is None:
            return float("nan")
        k, n = int(self.shows.sum()), len(self.values)
        return float(sps.binom.sf(k - 1, n, 0.5 * float(np.mean(self.shape < 0))))

    @property
    def trade_p(self) -> float:
        """Exploratory, outside the plan (a count claim): whether a seed's colour rising is
        tied to its shape falling, the trade the paper describes. One-sided Fisher's exact
        test on the 2x2 table of seeds (colour up or not, shape down or not): a small P says
        the seeds that lose shape gain colour more often than the others; the plan's count
        cannot tell this from two independent halves. Undefined (NaN) where a half holds on
        every seed or on none: a table with an empty row or column has no association to
        test, and Fisher's P there is 1 whatever the seeds show."""
        if self.spec.rule != "count" or len(self.values) == 0 or self.shape is None:
            return float("nan")
        up, down = self.values > 0, self.shape < 0
        if up.all() or not up.any() or down.all() or not down.any():
            return float("nan")
        table = [
            [int((up & down).sum()), int((up & ~down).sum())],
            [int((~up & down).sum()), int((~up & ~down).sum())],
        ]
        return float(sps.fisher_exact(table, alternative="greater").pvalue)

    @property
    def rests_on_shape(self) -> bool:
        """A supported count the stricter chance rate would not support, with no rise of the
        colour half beside it: the count measures shape's fall, not a trade of colour for it."""
        return (
            self.verdict == plan.SUPPORTED
            and self.stricter_p > plan.ALPHA
            and not self.difference.ci_low > 0
        )

    @property
    def basis(self) -> str:
        """A count claim's verdict rests on its count of seeds, not on the mean: that count."""
        if self.spec.rule != "count" or len(self.values) == 0:
            return ""
        k, n = int(self.shows.sum()), len(self.values)
        return f"{k} of {n} seeds show both halves of the pattern ({tables.count_rule(n)})"

    def evidence(self) -> str:
        if len(self.values) == 0:
            return "not judged: " + (self.setting_note or "no runs")
        d = self.difference
        if self.spec.rule == "count":
            s = stats.paired_difference(self.shape, np.zeros_like(self.shape))
            k, n = int(self.shows.sum()), len(self.values)
            text = (
                f"{k} of {n} seeds ({tables.count_rule(n)}); colour-critical "
                f"{fmt(d.mean, signed=True)} {ci(d.ci_low, d.ci_high, signed=True)}, shape "
                f"{fmt(s.mean, signed=True)} {ci(s.ci_low, s.ci_high, signed=True)}"
            )
            if self.verdict == plan.SUPPORTED and self.stricter_p > plan.ALPHA:
                text += (
                    "; exploratory: not a rare count were shape to fall as often as it does "
                    f"here and colour a coin flip (P = {self.stricter_p:.2f})"
                )
            return text
        return f"{fmt(d.mean, signed=True)} {ci(d.ci_low, d.ci_high, signed=True)}"

    @property
    def inside_margin(self) -> bool:
        """A verdict read from an effect whose whole 95% interval lies within the margin: a
        measurable change smaller than the plan calls meaningful (the plan reads the effect
        first, so more seeds turn such a change into a verdict)."""
        d = self.difference
        effect = self.spec.rule != "count" and side(self.outcome) != 0 and d.n > 1
        m = self.spec.margin
        return bool(effect and -m < d.ci_low and d.ci_high < m)

    @property
    def detectable(self) -> float:
        """Smallest paired difference this claim's seeds find at 80% power, at its own spread
        (a count claim: the larger over its two halves)."""
        if self.spec.rule == "count":
            return max(plan.detectable(self.values), plan.detectable(self.shape))
        return plan.detectable(self.values)

    @property
    def power_ratio(self) -> float:
        """Detectable difference over the claim's own margin (at most 1: powered)."""
        return self.detectable / self.spec.margin

    @property
    def p_values(self) -> tuple[float, float]:
        """(effect p-value, TOST p-value) of the claim's test (count claims: binomial).

        A claim held back by a check is not tested, so it takes no part in Holm's family."""
        if len(self.values) < 2 or self.held_back:
            return float("nan"), float("nan")
        if self.spec.rule == "count":
            k, n = int(self.shows.sum()), len(self.values)
            # Against chance (the support side), and against a common pattern (the other).
            return (
                float(sps.binom.sf(k - 1, n, plan.PATTERN_CHANCE)),
                float(sps.binom.cdf(k, n, plan.PATTERN_COMMON)),
            )
        c = compare(self.values, np.zeros_like(self.values), self.spec.margin)
        return c.difference.p_value, c.equivalence.p_value

    @property
    def setting(self) -> str:
        if self.spec.family == "stability":
            return self.setting_note
        text = PRESSURE_LABELS[self.spec.pressure]
        notes = "; ".join(n for n in (self.setting_note, self.held_back) if n)
        return f"{text} ({notes})" if notes else text


def _setting_note(spec: plan.ClaimSpec, results: Results, rate: float | None) -> str:
    if spec.family == "stability":
        ref = tables.short(REFERENCE_ARMS[spec.ablation]).lower()
        if spec.key.startswith("new_instability"):
            if rate is None:
                return "not read: a seed of one arm does not recover at the reference rate"
            return (
                f"both arms at learning rate {rate:g} without warm-up, the reference rate "
                "only, where no arm is unstable"
            )
        if rate is None:
            return (
                f"no rate on the axis made the {ref} arm dip measurably more with every seed of "
                "both arms recovering"
            )
        return (
            f"learning rate {rate:g} without warm-up, where the {ref} arm dips more than at "
            "the reference rate and every seed of both arms recovers"
        )
    if spec.key == "colour_neglected":
        # The plan's pair mixes kinds of benchmark; matched by kind, the row says what the
        # Experiments chapter finds (exploratory), so a bare "supported" does not read as
        # neglect in the paper's sense.
        gap = tables.neglect_gap_out(results)
        d = stats.paired_difference(gap, np.zeros_like(gap)) if len(gap) > 1 else None
        if d is not None and d.ci_low > 0:
            return "matched by kind of benchmark, shape pays more: interference, not neglect"
        return ""
    # A count claim that reads both arms at the long length (the fourteenth revision).
    longer = (
        f"both arms trained {results.cfg.stem_epochs} epochs; "
        if spec.rule == "count"
        and results.cfg.final_arm(spec.pressure, spec.ablation) != spec.ablation
        else ""
    )
    if spec.pressure == "none":
        return longer.removesuffix("; ")
    named = tables.pressure_name(results, spec.pressure)
    if named == "not checked":
        return longer + "not checked: fewer than two seeds ran at both levels"
    return longer + _pressure_note(results, spec)


def _pressure_note(results: Results, spec: plan.ClaimSpec) -> str:
    """What the level's manipulation check found, for a claim's setting."""
    if tables.is_pressure(results, spec.pressure):
        if tables.benchmark_ceiling(results.cfg, spec.pressure) < 100:
            # Its labels draw each benchmark hue under several classes equally often: a
            # predictor that follows the labels scores 100 over their count there.
            cap = tables.benchmark_ceiling(results.cfg, spec.pressure)
            return (
                f"pressure, partly by construction: following its labels scores {cap:.0f}% at "
                "a benchmark hue"
            )
        return "pressure: it lowers colour-critical accuracy"
    return "augmentation: it does not lower colour-critical accuracy"


def _plateau_hold(spec: plan.ClaimSpec, results: Results) -> str:
    """Why a curve claim is not judged: the plan judges them only on a trained model, one
    whose seen-pair shape accuracy gains under the plateau margin over the last quarter."""
    if not spec.key.startswith(plan.CURVE_CLAIMS):
        return ""
    arm = results.cfg.curve_arm(spec.pressure)
    gain = plan.plateau_gain(results.history, arm, spec.pressure)
    if len(gain) and float(np.mean(gain)) < plan.PLATEAU_GAIN:
        return ""
    who = "baseline" if arm == "baseline" else "baseline trained longer"
    return f"not judged: the {who} was still learning shape when training stopped"


def judged(results: Results) -> list[Judged]:
    """Every claim of the plan with its verdict, and Holm's family-wise verdict beside it."""
    cfg = results.cfg
    out = []
    for spec in plan.claim_specs(cfg):
        rate = (
            plan.claim_rate(spec, results.stability, cfg.stability_rates)
            if spec.family == "stability" and len(results.stability)
            else None
        )
        note = _setting_note(spec, results, rate)
        if spec.rule == "count":
            read_before = tables.count_read_before(cfg, spec.ablation, spec.pressure)
            arms = tables.count_arms(cfg, spec.ablation, spec.pressure)
            colour, shape = plan.pattern_halves(spec, results.final, read_before, arms)
            j = Judged(spec, colour, "", "", shape=shape, setting_note=note)
            verdict = plan.judge_count(j.shows)
            # The count's own outcome in the shared words: more seeds than chance, none, or neither.
            shared = {plan.SUPPORTED: POSITIVE, plan.CONTRADICTED: NEGATIVE}.get(verdict, verdict)
            out.append(replace(j, verdict=verdict, outcome=shared))
            continue
        values = (
            plan.quantity(spec, results)
            if spec.family == "accuracy" or len(results.stability)
            else np.array([])
        )
        outcome = plan.outcome(values, spec.margin) if len(values) else UNTESTABLE
        verdict = plan.read(outcome, spec.rule, spec.sign) if len(values) else UNTESTABLE
        hold = _plateau_hold(spec, results) if len(values) else ""
        if hold:  # the estimate stays on the page; the verdict waits for a trained model
            outcome = verdict = UNTESTABLE
        out.append(Judged(spec, values, outcome, verdict, setting_note=note, held_back=hold))
    gains = tables.plateau_gains(results)  # once: every claim reads the same check
    return _with_holm([replace(j, unfinished=_unfinished(j.spec, gains, cfg)) for j in out])


def _compared_arms(spec: plan.ClaimSpec, cfg) -> list[tuple[str, str]]:
    """``(arm, pressure)`` of the reported runs whose final accuracies a claim compares."""
    if spec.key == "colour_neglected":
        return [("baseline", "none"), ("colour_only", "none")]
    if spec.key == "shape_cost":
        return [("baseline", "none"), ("shape_only", "none")]
    if spec.rule == "count" and spec.ablation:
        return [(a, spec.pressure) for a in tables.count_arms(cfg, spec.ablation, spec.pressure)]
    return []


def _unfinished(spec: plan.ClaimSpec, gains: dict[tuple[str, str], float], cfg) -> str:
    """The compared arms still gaining at least the plateau margin over the last quarter
    (``gains``: the plateau check per arm and level), in words ("" when every one is flat,
    or the claim compares no final accuracies)."""
    compared = _compared_arms(spec, cfg)
    still = [v for v, p in compared if gains.get((v, p), 0.0) >= plan.PLATEAU_GAIN]
    return " and ".join(tables.short(v).lower() for v in still)


def _with_holm(found: list[Judged]) -> list[Judged]:
    """Holm over every judged claim: effects first, then equivalence for the claims left."""
    effect = plan.holm([j.p_values[0] for j in found])
    tost = plan.holm([j.p_values[1] for j in found])
    out = []
    for j, pe, pt in zip(found, effect, tost, strict=True):
        if j.verdict == UNTESTABLE or not np.isfinite(pe):
            holm = UNTESTABLE
        elif j.spec.rule == "count":
            # Each side of the count rule keeps its verdict only at its adjusted p-value.
            p = {plan.SUPPORTED: pe, plan.CONTRADICTED: pt}.get(j.verdict)
            holm = j.verdict if p is not None and p <= plan.ALPHA else INCONCLUSIVE
        elif pe <= plan.ALPHA:
            holm = plan.read(
                POSITIVE if j.difference.mean > 0 else NEGATIVE, j.spec.rule, j.spec.sign
            )
        elif np.isfinite(pt) and pt <= plan.ALPHA:
            holm = plan.read(EQUIVALENT, j.spec.rule, j.spec.sign)
        else:
            holm = INCONCLUSIVE
        out.append(replace(j, holm=holm))
    return out


def claims_table(results: Results) -> pd.DataFrame:
    """Each claim's evidence and verdicts. The quantity each is judged by is the Method
    chapter's plan table: repeating it here made seven long columns too narrow to read."""
    rows = [
        {
            "Claim (paper)": j.spec.claim,
            "Setting": j.setting,
            # A claim not judged for a reason its Setting already gives says so once.
            "Evidence (mean [95% CI])": (
                "not judged (the setting says why)"
                if len(j.values) == 0 and j.setting_note
                else j.evidence()
            )
            + (f"; compares the {j.unfinished}, still learning" if j.unfinished else "")
            + (f"; the whole interval lies inside ±{j.spec.margin:g}" if j.inside_margin else ""),
            # Claims read different numbers of seeds (the plan sized some by power).
            "Seeds": str(len(j.values)) if len(j.values) else "none",
            # Per claim, so a reader sees which verdicts the seeds could have reached:
            # one above the margin cannot support "no change" by equivalence.
            "Detectable at 80% power / margin": (
                f"{fmt(j.detectable)} / {j.spec.margin:g}" if np.isfinite(j.detectable) else "n/a"
            ),
            "Verdict": j.verdict,
            "Verdict, Holm-adjusted": j.holm,
        }
        for j in judged(results)
    ]
    return pd.DataFrame(rows)


def at_common_length(results: Results) -> Results:
    """The same runs read as if no level were a long-curve level: the Figure 1 claims on the
    baseline's runs at the common length, as they were read before the twelfth revision (and
    so, at a long-final level, the manipulation check and the count claims as they were read
    before the fourteenth)."""
    return replace(results, cfg=results.cfg.replace(long_curve_levels=(), long_final_levels=()))


def on_seeds(results: Results, seeds: set[int]) -> Results:
    """The reported runs of ``seeds`` only (the stability runs have seeds of their own)."""
    return replace(
        results,
        final=results.final[results.final.seed.isin(seeds)],
        history=results.history[results.history.seed.isin(seeds)],
    )


@dataclass(frozen=True)
class Resized:
    """A claim read on more seeds than its pilot: judged on all its seeds, on the pilot's
    seeds, and on the added seeds alone; the pilot's spread and the seeds its upper limit
    needs."""

    claim: Judged
    first: Judged
    later: Judged | None
    sd: float
    limit: float
    need: int | None

    @property
    def resized(self) -> bool:
        """Its own power check failed on the pilot (else it reads a re-sized cell)."""
        return self.first.power_ratio > 1


def pilot_seeds(cfg, key: str) -> int:
    """How many of the seeds were a claim's internal pilot: the seeds every cell runs (the
    sixth revision), or the seeds a later revision re-sized it from (the plan's PILOTS, or
    its LONG_PILOTS at a long-curve level)."""
    if sized_long(cfg, key):
        return min(plan.LONG_PILOTS[key], len(cfg.seeds))
    return min(plan.PILOTS.get(key, cfg.n_shared), len(cfg.seeds))


def long_level(cfg, key: str) -> str | None:
    """The long-curve level whose long arms the claim ``key`` reads (a Figure 1 claim at
    such a level), else None."""
    if not key.startswith(plan.CURVE_CLAIMS):
        return None
    return next((p for p in cfg.long_levels if key.endswith("_" + p)), None)


def read_long(cfg, key: str) -> bool:
    """Is the claim ``key`` read on the long arms (a Figure 1 claim at a long-curve level)?"""
    return long_level(cfg, key) is not None


def sized_long(cfg, key: str) -> bool:
    """Was the claim sized on its long runs (the thirteenth revision), not its common ones?
    Only where this config runs the seeds that sizing asked for: with other seeds (a
    papermill re-run, say) the long arms run the level's baseline cell, as before it."""
    p = long_level(cfg, key)
    return key in plan.LONG_PILOTS and p is not None and cfg.long_seeds_sized(p)


def resized(results: Results) -> list[Resized]:
    """The claims read on more seeds than their pilot: each re-sized by its own power check
    on the pilot, or reading a cell another claim's re-sizing set."""
    cfg = results.cfg
    every = judged(results)
    # A pilot is read as it was when it sized its claim: at the common length (the twelfth
    # revision moved the curve claims at a long-curve level to longer runs after that), but
    # on the long runs for a claim the thirteenth sized there (LONG_PILOTS).
    common = at_common_length(results)
    by_pilot: dict[tuple[int, bool], tuple[dict[str, Judged], dict[str, Judged]]] = {}
    for k, long in sorted(
        {(pilot_seeds(cfg, j.spec.key), sized_long(cfg, j.spec.key)) for j in every}
    ):
        pilot, added = set(cfg.seeds[:k]), set(cfg.seeds[k:])
        on_pilot = {j.spec.key: j for j in judged(on_seeds(results if long else common, pilot))}
        on_added = {j.spec.key: j for j in judged(on_seeds(results, added))} if added else {}
        by_pilot[k, long] = (on_pilot, on_added)
    out = []
    for j in every:
        k = pilot_seeds(cfg, j.spec.key)
        on_pilot, on_added = by_pilot[k, sized_long(cfg, j.spec.key)]
        first = on_pilot.get(j.spec.key)
        if len(j.values) <= k or first is None or len(first.values) < 2:
            continue
        sd = float(np.std(first.values, ddof=1))
        limit = stats.sd_upper_limit(sd, len(first.values))
        need = stats.seeds_for_margin(limit, j.spec.margin, alpha=plan.ALPHA, power=plan.POWER)
        out.append(Resized(j, first, on_added.get(j.spec.key), sd, limit, need))
    return out


def resized_table(results: Results, found: list[Resized] | None = None) -> pd.DataFrame:
    """:func:`resized` as the Method shows it: the pilot's seeds and spread, its one-sided 80%
    upper limit and the seeds that limit needs for the claim's margin, the seeds run, and the
    verdict on the pilot, on every seed, and on the added seeds alone, so a reader can see
    whether the added seeds moved it."""

    def reading(j: Judged) -> str:
        # A verdict the plan's plateau gate held back on these seeds says why.
        why = f"; {j.held_back}" if j.held_back else ""
        return f"{j.verdict} ({j.evidence()}{why})"

    cfg = results.cfg
    rows = []
    for r in resized(results) if found is None else found:
        j, first, later = r.claim, r.first, r.later
        p, own = j.spec.pressure, sized_long(cfg, j.spec.key)
        moved = read_long(cfg, j.spec.key) and not own
        # A count claim the fourteenth revision reads on long arms, sized on common-length ones.
        final = j.spec.rule == "count" and cfg.final_arm(p, j.spec.ablation) != j.spec.ablation
        sized = "yes" if r.resized else "no (reads a re-sized cell)"
        if own:
            sized += f", on its {cfg.stem_epochs}-epoch runs (the thirteenth revision)"
        more = len(cfg.long_seeds(p)) - len(cfg.cell_seeds("baseline", p))
        since = (
            f"{cfg.stem_epochs}-epoch runs of those seeds and, since the thirteenth, on {more} "
            "more it ran for the comparison with the colour-only control; neither sized it "
            "again"
            if cfg.long_seeds_sized(p)
            else f"{cfg.stem_epochs}-epoch runs of the same seeds and did not size it again"
        )
        if moved:
            sized = (
                f"{sized}, on its {cfg.epochs}-epoch runs (the pilot column); the twelfth "
                f"revision reads it on {since}"
            )
        elif final:
            sized = (
                f"{sized}, on its {cfg.epochs}-epoch runs (the pilot column); the fourteenth "
                f"revision reads it on {cfg.stem_epochs}-epoch runs of the same seeds and did "
                "not size it again"
            )
        rows.append(
            {
                "Claim (paper)": j.spec.claim,
                # The level alone: the Conclusion's claims table gives each setting's notes.
                "Setting": PRESSURE_LABELS[p],
                "Re-sized": sized,
                "Pilot seeds": str(len(first.values)),
                "SD on the pilot (80% upper limit)": f"{fmt(r.sd, 2)} ({fmt(r.limit, 2)})",
                "Seeds the limit needs / run": (
                    f"{r.need if r.need is not None else 'more than 10,000'} / {len(j.values)}"
                ),
                "Verdict on the pilot": reading(first),
                "Verdict on all": reading(j),
                "On the added seeds alone": (
                    reading(later)
                    if later is not None and len(later.values) >= 2
                    else "n/a (not run)"
                ),
            }
        )
    return pd.DataFrame(rows)


RULES = {
    ("direction", +1): "above zero",
    ("direction", -1): "below zero",
    # The effect test comes first (the plan's order): a measurable change either way, even
    # one inside the margin, is read before equivalence.
    ("no_change", 0): "no measurable change either way, and within ±margin (TOST)",
    ("no_change", +1): "no measurable change below zero, and within ±margin or above zero",
    ("count", +1): "enough seeds show both halves (count rule); too few contradict",
}


def plan_table(cfg) -> pd.DataFrame:
    """The analysis plan as the page shows it: claim, quantity, rule, margin."""
    rows = [
        {
            "Claim": s.claim,
            "Setting": "learning-rate axis"
            if s.family == "stability"
            else PRESSURE_LABELS[s.pressure],
            "Quantity (per seed)": s.quantity,
            "Supported if": RULES[(s.rule, s.sign)],
            "Margin": (
                f"none: a count of seeds (the mean beside it is read at ±{s.margin:g} points)"
                if s.rule == "count"
                else f"±{s.margin:g} " + ("dip points" if s.measure == "dips" else "points")
            ),
        }
        for s in plan.claim_specs(cfg)
    ]
    return pd.DataFrame(rows)


__all__ = ["Judged", "claims_table", "judged", "plan_table"]
