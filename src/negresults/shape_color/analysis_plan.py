"""The analysis plan of Study A: the paper's claims, the quantity and rule each is judged by,
the margins, and the manipulation checks that decide where a claim can be judged at all.
Fixed before the runs it judges; the page shows its revision and the commit it came in.

**Verdicts.** Every claim is a seed-paired quantity (a difference between two
arms run on the same seeds, or a change over training within a run). Its
verdict follows the shared order (:mod:`negresults.verdicts`), in this order:
*untestable* without an interval (fewer than two seeds, or a setting the
manipulation checks rule out); an effect when the 95% t interval excludes
zero; *equivalent* when a paired TOST (90% interval inside +-margin) puts it
within the claim's own margin; else *inconclusive*. The effect test comes
first, so a significant difference smaller than the margin is reported as the
effect it is. A claim reads that verdict by its rule:

- **direction** ("X rises", "A is below B"): *supported* by an effect on the
  claimed side, *contradicted* by one on the other side; otherwise the verdict
  as it is;
- **no change** ("X stagnates", "X does not stabilise"): *supported* by
  equivalence or by an effect on the side the claim allows, *contradicted* by
  an effect on the side it denies; otherwise *inconclusive* or *untestable*;
- **count** ("in some runs, colour improved slightly but shape regressed"): a
  seed shows the pattern when both of its halves hold on that seed (colour-
  critical accuracy above the reference arm's, seen-pair shape accuracy
  below). *Supported* when at least :func:`count_needed` of the n seeds show
  it, the smallest count that chance alone (each half a coin flip, so a
  quarter of the seeds) reaches with probability at most 5%; *contradicted*
  when at most :func:`count_allowed` show it, the largest count that a
  pattern common to half of all seeds (:data:`PATTERN_COMMON`) stays at or
  under with probability at most 5% (at 6 seeds that is none: the rule of the
  ninth revision and before); else *inconclusive*. The mean of each half,
  with its interval, is reported beside the count.

**Margins.** Accuracy claims: +-3 points (:data:`EQUIVALENCE_MARGIN`), about
three images in a hundred and a small change next to the tens of points the
claims are about. The two stability claims read the learned dip: +-2.5 dip
points (:data:`STABILITY_MARGIN`; its reason is beside it in the config), the
learned dip's unit.

**Where a claim is judged.**

- Training to a plateau: every arm whose final accuracy a claim reads must
  gain under :data:`PLATEAU_GAIN` points of seen-pair shape accuracy
  (validation, mean over seeds) over the last quarter of training (the
  plateau check). The curve claims are judged only where the baseline passes
  it; the page says so where it fails. The revision of 2026-12-03 (before
  its runs) trains every run of the cpu preset 40 epochs, twice the previous
  20, with the same two epochs of warm-up: under the previous revision
  (e34b29a15ded) every arm's 20-epoch reported runs still gained +1.4 to +2.6
  points over the last quarter, so the comparisons between arms read models
  still learning, while the baseline's 40-epoch Figure 1 runs gained +0.6 and
  +0.9. The separate Figure 1 runs are dropped: the curve claims read the
  reported baseline runs, from their middle epoch to their last. The learning
  rates are tuned again at the new length, and no other rule changes.
- Colour pressure: a level is *pressure* when its manipulation check (the
  baseline's colour-critical test accuracy at that level minus at no
  pressure; at a level of the config's ``long_final_levels``, the long
  baseline's at both, since the fourteenth revision) has an interval below zero; a level whose check does not is
  *augmentation*, and claims read at it are read "with augmentation", not
  "under pressure".
- Stability: the instability quantity is the **learned dip**, as MoCo v3
  found instability, in a model that has learned its task: per run, the
  largest fall of the dense monitor (both heads on the whole validation
  split, every few optimiser steps) below its own running maximum, counted
  from the first reading at which the shape head reaches :data:`LEARNS_FROM`
  percent (four times chance), over a stability run (the first half of a full
  run's schedule, without warm-up, so that one thing changes at a time). The
  stall and climb of a run that has not learned shape yet is not counted: a
  run that never learns cannot dip. A run *recovers* when each of its heads
  ends at or above :data:`LEARNS_FROM` percent; an arm is read at an axis rate
  only when every one of its seeds recovers there (a rule per seed and per
  head: the colour head alone can hold the mean of both above any line while
  shape is at chance). An arm is *unstable* at an axis rate when its
  instability check (its learned dip at the rate minus at the axis's lowest
  rate, the reference, per seed) has an interval above zero. "Does not
  stabilise" is judged, for each ablation, at the highest axis rate where its
  own reference arm (the one it differs from in one thing) is unstable and
  both arms are read. Its quantity is the ablation's learned dip minus its
  reference arm's at that rate, per seed (a negative value is a
  stabilisation). "Exposes new instabilities" reads the same difference at the
  reference rate (the axis's lowest, the same for every arm), where both
  arms must be read too. If no rate qualifies, a claim is
  *untestable*. The accuracy cost of a rate (final monitored accuracy at the
  reference rate minus at the rate) is the second signature: every page shows
  it beside the dips, and no verdict reads it.

**Multiplicity.** Every judged claim is one test; Holm's step-down adjustment
over all of them (effect p-values, then TOST p-values for the claims left)
gives a second, family-wise verdict the page shows beside the plain one.

**Seeds.** Chosen by a power calculation: the minimum detectable paired
difference at 80% power (two-sided alpha 0.05) at most the margin at the
planning SD. The page recomputes it per claim at the SD the runs show, against
that claim's own margin. The stability runs have their own seeds, 6 on the
cpu preset (the config's ``stability_seeds``), sized for the baseline's
instability check (the config says how).

**This revision** (2026-12-07, fifteenth, after every run; the previous one is
the fourteenth, commit 978a4b7) changes no rule and no run; it corrects the plan's
text where an outside review of the rebuilt book found it wrong or out of date.
(1) Two sentences above did not say what the plan does. The stability rule read
"the reference rate (every arm's tuned rate or, for the baseline, half of it)",
the fourth revision's wording; since the fifth, the reference of every arm is the
axis's lowest rate, and the pages read it there. The accuracy margin of 3 points was called about one image in a hundred;
it is three. (2) After the fourteenth, the whole plan was made again from an empty
store on a machine whose torch runs AVX-512 kernels (the earlier runs had run
AVX2), on the same seeds and compute code. The numbers each revision below quotes
are those of the runs stored when it was written, and on the remade runs several
differ: the 40-epoch baseline under label mixing, the fourteenth's trigger, and no
attention's count there, the pilot verdict and spread the thirteenth sized from,
and the tuning picks. The chapters give the remade runs' numbers. The decisions
those revisions took stand as declared (their seeds, which runs each reading
reads, the thirteenth's 38 seeds), whatever the remade runs show: on them the
plateau check fails on other cells than the one the fourteenth moved, and that is
reported, not acted on.

**The fourteenth revision** (2026-12-07, before its runs; the previous one is
the thirteenth, commit 4246875) changes which runs two readings under label mixing
read, and no rule. Under the thirteenth, one cell failed the plateau check: the
baseline's 40-epoch runs under label mixing (25 seeds), +1.02 points of seen-pair
shape accuracy over the last quarter. Since the twelfth the Figure 1 claims there
read the long baseline, which passes it; two readings still compared the 40-epoch
runs' final accuracies: the level's manipulation check and no attention's count
claim. (1) At each level of the config's ``long_final_levels`` (label mixing on the
cpu preset) the manipulation check reads the long baseline at the level minus the
long baseline without pressure, on the seeds both ran: the first 6 (the ninth
revision's equal-length seeds), both at 80 epochs. The check is not a claim and no
margin sizes its seeds. Its reading on the 40-epoch runs had been read (pressure);
whichever way the new one goes, it decides what the level is called, as the rule
says. (2) No attention trains as long there (80 epochs, the linear projections'
length), its rate tuned again at that length on the tuning seeds, as the long
baseline's was, on the 14 seeds of its cell there (the sixth revision sized them
for this claim); its count claim there reads it against the long baseline on those
seeds. Its verdict on the 40-epoch runs had been read and published (supported, 9
of 14 seeds); the trigger is the plateau check of the reference arm, which reads
that arm's curve alone, and the verdict on the longer runs is final. (3) So the
plateau check reads, at such a level, the long arms in place of the 40-epoch
baseline and no attention; those runs stay in the grid and keep every reading no
verdict rests on (the final accuracies by level, zero-shot, the probes), and the
plateau table shows them, marked as read by no judged comparison. Every other
reading keeps its runs. It adds 5 tuning runs and 14 reported runs of no attention
at 80 epochs, and re-keys none.

*Added after its runs (2026-12-07), on an outside review; no rule or run changes.*
The twelfth revision had decided the opposite for these two readings, with the same
+1.02 in view: they kept their 40-epoch runs, and the failing check was reported
as it was. Both had been read since (the level named pressure; the count supported,
9 of 14 seeds, and published). What prompted the fourteenth is that this cell was
the plateau check's one failure; so at this level the plan's handling of a compared
arm that fails the check changes, from judging the comparison and naming the arm
beside its verdict to reading arms that pass. No attention's tuning at 80 epochs came
out flat (99.0 to 99.4 points over the grid, on the one tuning seed), a tie between
the grid's two ends that the declared rule breaks to the lower, 0.0015; the long
baseline's rate is 0.012, itself a tie-break with 0.024. So the count at 80 epochs
compares arms at rates eight-fold apart, and its change from the 40-epoch reading is
one of length and of rate together; the page says so, and counts the tuning pick at
the grid's edge as the tuning rule does.

**The thirteenth revision** (2026-12-06, before its runs; the previous one is
the twelfth, commit 5767b1a) sizes one claim again, by the rule of the sixth and
ninth revisions, and changes no rule. Under the twelfth, the comparison of the
long baseline with the long colour-only control under label mixing (colour-
critical accuracy gains less beside shape than alone, epochs 40 to 80) was read
on the 25 seeds both long arms ran there, and failed its power check: detectable
paired difference 3.2 points against its margin of 3. The ninth revision had
sized it on 40-epoch runs, whose spread was smaller. Those 25 seeds are now its
internal pilot (:data:`LONG_PILOTS`: read on the long runs, their spread only):
paired SD 5.53, one-sided 80% upper confidence limit 6.37, which needs 38 seeds.
Its verdict on them had been read and published (inconclusive, +1.25 points,
interval -1.03 to +3.53); the trigger is the power check, which reads the spread
alone and would have asked for these seeds whatever that verdict was, and the
re-sizing table keeps that verdict as the pilot's. The verdict on the 38 seeds is
final: no later revision sizes this claim again, whatever spread they show.
So both long arms at each level of the config's ``long_curve_levels`` run the
first 38 seeds (the config's ``long_curve_seeds``), adding seeds 25 to 37;
seeds 32 to 37 are new to the study, and only these two arms run them. The other three
Figure 1 claims there read the long baseline, so they are judged on the 38 seeds
too (a claim gains seeds it did not need; none loses any), and so does the plateau
check that gates the four: if the long baseline fails it on 38 seeds, the four are
held back, as the plan's rule says. The stem comparison under label mixing pairs
the trained linear projection's 32 seeds with the long baseline, so it reads 32
seeds instead of 25. Every other reading keeps its runs.

**The twelfth revision** (2026-12-06, before its runs; the previous one is
the eleventh, commit b1cee51) changes which runs the Figure 1 claims read under
label mixing, and no rule. Under the eleventh, the baseline's 40-epoch runs
there (25 seeds) gained +1.02 points of seen-pair shape accuracy over the last
quarter, just over the plateau margin, so its four curve claims (shape rising,
colour-critical accuracy stagnating, the two together, and the comparison with
the colour-only control) were not judged. The baseline trained as long as the
linear projections (80 epochs, its rate tuned again at that length; the ninth
revision's long baseline) gained +0.59 there on its 6 seeds. (1) At each level
of the config's ``long_curve_levels`` (label mixing on the cpu preset) the
curve claims and the plateau check that gates them read the long baseline, and
the comparison with the colour-only control reads that control trained as long
(its rate is the long baseline's, as a control shares the baseline's rate). (2)
Both run every seed the level's baseline cell runs, the 25 the sixth and ninth
revisions sized for these claims; the long baseline had run the first 6 of them,
whose learning curves the appendix has shown, and no claim has read them. (3)
Every other reading at the level keeps its 40-epoch runs: the manipulation check
of the level, no attention's count claim (paired with the baseline at its own
40 epochs), and the plateau check of those runs, which still fails and is
reported as it is. Without pressure the curve claims keep reading the 40-epoch
baseline, which passes its check. No other rule changes.

**The eleventh revision** (2026-12-06, before its runs; the previous one is
the tenth, commit a1d2c6e) changes the stability axis and seeds, and no rule.
Under the tenth, on the fifth revision's seeds (7000 to 7005), no axis rate
made the baseline measurably unstable with every seed recovering (the highest
lower end of its instability check's interval was -0.31 dip points), so both
stability claims were untestable: the axis never reached a rate where an
instability could show. The fifth revision stopped the axis at 0.024 because
its pilot's 20-epoch runs went from 0.024 straight to 0.096, where no arm
learned shape; 0.048 had run only in the 4-epoch runs, too short to learn
shape at all. (1) The axis gains 0.048, the next factor of two, between the
highest rate at which the baseline learned shape and the lowest at which no
arm did. As at every rate, an arm is read there only when every one of its
seeds recovers, so if the baseline does not learn at 0.048 the rate is outside
its axis by the existing rule. (2) Fresh seeds, 7006 to 7011, as many as
before and for the same reason (the learned dip's seed-to-seed SD), because the
fifth revision's seeds have been read; every arm runs every rate on them. (3)
The sentence on seeds below said 16 stability seeds where the config has run 6
since the fifth revision; it now says 6. No other rule changes: the stability
claims are judged by the fifth revision's rules, at the highest axis rate where
the reference arm is unstable.

**The tenth revision** (2026-12-05, before its runs; the previous one is
the ninth, commit cc3839d) changes the count rule and the seeds of three count
claims. Under the ninth, a count claim was contradicted only when no seed
showed its pattern, so at 6 seeds a rare pattern (one seed in six, as chance
alone gives a quarter of the time) could never be told from a common one: the
rule's power to support at 6 seeds, were half of all seeds to show the
pattern, was 0.34, and its power to contradict, were the pattern no more
common than chance, 0.18. (1) *The rule, two-sided.* A count claim is now also
contradicted when its count is at most :func:`count_allowed` (above): "in some
runs" is read as a pattern more common than chance, and a count that a pattern
shown by half of all seeds (the rate at which the page already stated the
rule's power) would rarely fall to says the pattern is not that common. (2)
*Seeds by the rule's power.* :func:`count_seeds` gives 26, the fewest seeds at
which the rule has 80% power both ways: to support, were half of all seeds to
show the pattern, and to contradict, were it as common as chance. A count
claim the rule had already decided keeps its seeds and verdict (a count past
a threshold set at 5% is valid at any number of seeds; power matters only for
a count that decides nothing): no attention's under label mixing, supported
at 14, where the new bound (3 of 14) is far below its count. The three the rule
left undecided at 6 seeds (frozen projection at both levels, no attention
without pressure) are judged on 26 fresh seeds, 6 to 31, and no longer on the
6 the earlier rule read (the config's ``count_fresh``), so the cells they read
run the first 32 seeds (the baseline's cell without pressure too, for no
attention's pairing). Other claims read those cells on every seed they ran
(they gain seeds they did not need; none loses any). No other rule changes.

**The ninth revision** (2026-12-05, before its runs; the previous one is the
eighth, commit 2518116) adds runs and changes no rule. (1) *The stem at equal
length.* Under the eighth the linear projections train 80 epochs and the conv
baseline 40, so the comparison of the trained linear projection with the conv
stem changed two things, the stem and the length of training (an outside review
of the book built under it). The baseline now also trains as long as the linear
projections on the first 6 seeds at each level the ablations run at, its rate
tuned again at that length by the same protocol (the config's
``equal_length_seeds``), and the stem comparison reads that arm. It is not a
claim of the paper, and its reading is reported beside the claims, as before.
(2) *Seeds by power for the colour-only comparison.* The claim the seventh
revision added, at both levels, failed its power check (detectable paired
difference 4.0 and 3.4 points against a margin of 3). As in the sixth revision,
the seeds it had read are an internal pilot whose spread alone sizes it
(:data:`PILOTS`): its paired SD at the one-sided 80% upper confidence limit,
4.30 on 11 seeds (limit 5.47) without pressure and 4.15 on 14 (5.09) under
label mixing, needs 29 and 25 seeds, so the baseline and the colour-only control
run the first 29 seeds without pressure and the first 25 under label mixing,
and the claim is judged on every seed both ran. Other claims read those cells
on every seed they ran too (a claim reading one of them gains seeds it did not
need; no claim loses any).

**The eighth revision** (2026-12-05, before its runs; the previous one is
the seventh, commit 373eb8b) changes how long two models train, and no rule.
Under the seventh the trained and the frozen linear patch projections, tuned and
run for 40 epochs like every model, still gained +1.7 and +1.3 points of
seen-pair shape accuracy over the last quarter without pressure, so the plateau
check failed for the comparisons that read them. A pilot on the tuning seed
(1000, rate 0.003, validation only) trained each for 80 epochs: the last
quarter then gained -0.2 and +0.6 points. Both linear projections now train 80
epochs in their tuning and reported runs (the config's ``variant_epochs``), at
every level, and choose their rate again at that length; every other model
keeps 40, which its plateau check passes. The stability runs keep the schedule
of 40 epochs, so their comparisons and keys are unchanged. A comparison of a
linear projection with the conv stem now sets each model at its own plateau
rather than at one length; the page says so where it reads one.

**The seventh revision** (2026-12-05, before the controls' runs at label
mixing; the one before it is 40c968f110f4, commit 80e91fb) added one claim and the
runs it reads. An outside review of the book built under the sixth revision
found that Figure 1's pattern under label-mixing jitter could follow from the
labels alone (colour-critical accuracy there cannot rise far above the 50% that
following the labels scores at a benchmark hue) and that no control ran at that
level to isolate what learning shape adds. The single-attribute controls now
also run at the ablations' level (the config's ``control_pressures``; the
colour-only control on the 14 seeds the baseline runs there), and at every level
where the colour-only control runs and the curve claims are read, one more
claim is judged: *Figure 1, against the colour-only control*, the baseline's
colour-critical gain from the middle epoch to the last minus the colour-only
control's, per seed on the seeds both ran, a direction claim supported below
zero (beside shape, colour-critical accuracy gains less than alone), judged
like the curve claims (only where the baseline passes the plateau check), at
the accuracy margin. Without pressure its seeds had been seen: the gap between
the two curves was drawn in Figure 1, so its verdict there reads data the claim
was written after. Under label mixing every control run is new. No other rule
changes.

**The sixth revision** (2026-12-05, before seeds 6 to 20 ran; the one before it
is 7dab0c82d721, commit 57868f9) changed the seeds only. Under the previous
revision four claims' detectable differences at their 6 seeds exceeded their
margins (the page's power check): shape rising while colour-critical accuracy
stalls, colour-critical accuracy stagnating, colour neglect, and no attention's
pattern under label mixing. The seeds already run are read as an internal pilot:
their spreads only, never their means or verdicts, re-size those four claims, and
only those, at the one-sided 80% upper confidence limit of each claim's paired SD
on the 6 seeds (Browne 1995, so that the re-sized claim keeps its power at a
spread larger than the pilot's), and every cell such a claim reads runs the
first n of the preset's seeds (the config says which n: 21, 17, 11 and 14; a
cell runs the most any of its claims needs). Each claim is judged on every seed
its cells share, the pilot's included (an internal pilot that reads only the
spread changes the error rate little; Wittes and Brittain 1990). Every quantity
that subtracts one cell from another pairs the two by seed, on the seeds both
ran. The claims that passed the power check keep their 6 seeds, and no other
rule changes.

**The previous revision** (2026-12-04, fifth, before its runs; the one before it is
18c3ac9fd1ad, commit 3798d1c) changed the stability rules only, after an
outside review of the book built under the previous one showed that its
largest dip was read over the whole run, so it counted the stall and climb of
runs learning shape late or not at all (at 0.096 no arm's shape head ended
above 33%, and the runs that never left chance had the smallest dips), and that
its gate on the mean of both heads called a run with shape at chance
recovered. Read again as a pilot (those seeds are not judged under this
revision), the previous runs' dips counted after the shape head reached 50%
were as small at 0.024 as at 0.003 for the baseline, and no linear projection
learned shape at 0.024. (1) The instability quantity is the learned dip
(above). (2) A run recovers when each head ends at or above 50%, and every
seed must recover. (3) The axis is 0.003 (reference), 0.006, 0.012 and 0.024,
up to the highest rate at which the pilot's baseline still learned shape, in
factors of two. (4)
Fresh seeds, 7000 to 7005, sized by power on the pilot (the baseline's learned
dip had a seed-to-seed SD near 1 point at both rates it learned at, so 6
seeds find a difference of about 1.9 dip points, under the margin). The
accuracy rules are unchanged (they read seeds 0 to 5, which have been seen).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats as sps

from negresults import stats
from negresults.shape_color.config import (
    EQUIVALENCE_MARGIN,
    LABEL_PRESERVING,
    REFERENCE_ARMS,
    STABILITY_MARGIN,
)
from negresults.verdicts import EQUIVALENT, INCONCLUSIVE, UNTESTABLE, compare, side

PLANNING_SD = 2.0  # points: SD of a paired difference assumed when the seeds were chosen
ALPHA, POWER = 0.05, 0.8
SECOND_HALF = 0.5  # "keeps rising" / "stagnates": change from the middle epoch to the last
PLATEAU_FROM = 0.75  # the plateau check: change over the last quarter of training
PLATEAU_GAIN = 1.0  # points: a smaller last-quarter gain is a plateau
LEARNS_FROM = 50.0  # percent (four times chance): a head below this has not learned its task
PATTERN_CHANCE = 0.25  # the share of seeds showing both halves of a pattern by chance alone
# The share of seeds a common pattern shows ("in some runs" read as more common than chance):
# twice chance, half of the seeds, the rate the page already stated the rule's power at.
PATTERN_COMMON = 0.5

# A claim's verdict: the shared verdicts, with an effect read against the claim.
SUPPORTED, CONTRADICTED = "supported", "contradicted"
VERDICTS = (SUPPORTED, CONTRADICTED, EQUIVALENT, INCONCLUSIVE, UNTESTABLE)

REVISION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]

# The seeds each claim re-sized after the sixth revision read before it was (its internal
# pilot: their spread alone sized it); every other re-sized claim's pilot is the seeds
# every cell runs.
PILOTS = {"colour_held_back_none": 11, "colour_held_back_label_mixing": 14}
# The thirteenth revision's pilot: a claim re-sized on the seeds its long runs had read, at
# that length (the twelfth had moved it there after the ninth sized it at the common one).
LONG_PILOTS = {"colour_held_back_label_mixing": 25}


def planned_seeds(sd: float = PLANNING_SD, margin: float = EQUIVALENCE_MARGIN) -> int:
    """Seeds whose minimum detectable paired difference at 80% power is at most ``margin``."""
    n = stats.seeds_for_margin(sd, margin, alpha=ALPHA, power=POWER)
    return int(n) if n is not None else 10_000


def count_needed(n: int, chance: float = PATTERN_CHANCE, alpha: float = ALPHA) -> int:
    """Smallest k with P(at least k of n seeds show the pattern by chance) <= alpha."""
    for k in range(n + 1):
        if sps.binom.sf(k - 1, n, chance) <= alpha:
            return k
    return n + 1  # no count is rare enough: the rule cannot support with n seeds


def count_allowed(n: int, common: float = PATTERN_COMMON, alpha: float = ALPHA) -> int:
    """Largest k with P(at most k of n seeds show the pattern | a common pattern) <= alpha:
    a count at or under it contradicts the claim (-1 when no count is that rare)."""
    return int(max((k for k in range(n + 1) if sps.binom.cdf(k, n, common) <= alpha), default=-1))


def count_power(n: int) -> tuple[float, float]:
    """The count rule's power at n seeds: (to support, were a common share of all seeds to
    show the pattern; to contradict, were it only as common as chance)."""
    support = sps.binom.sf(count_needed(n) - 1, n, PATTERN_COMMON) if count_needed(n) <= n else 0
    against = sps.binom.cdf(count_allowed(n), n, PATTERN_CHANCE) if count_allowed(n) >= 0 else 0
    return float(support), float(against)


def count_seeds(limit: int = 200) -> int:
    """The fewest seeds at which the count rule has :data:`POWER` both ways (the tenth
    revision's sizing of the count claims)."""
    return next(n for n in range(2, limit) if min(count_power(n)) >= POWER)


@dataclass(frozen=True)
class ClaimSpec:
    key: str
    claim: str  # the paper's claim, in words
    quantity: str  # what is measured, in words (per seed)
    rule: str  # "direction" | "no_change" | "count"
    sign: int  # the side the claim expects (+1 above zero, -1 below); for no_change, the side it allows
    pressure: str = "none"  # colour-pressure level the quantity is read at
    family: str = "accuracy"  # "accuracy" or "stability": which margin, which unit
    ablation: str | None = None
    companion: bool = False  # not the paper's claim: the number a reader needs beside one
    # The claim's unit: "dips" (dip points of the learned dip, the stability claims) or
    # accuracy points.
    measure: str = "accuracy"

    @property
    def margin(self) -> float:
        return STABILITY_MARGIN if self.measure == "dips" else EQUIVALENCE_MARGIN


ACTIONS = {
    "frozen_linear": "Freezing the random linear patch projection",
    "frozen_conv": "Freezing the random conv stem",
    "no_attention": "Removing attention",
}


def claim_specs(cfg) -> list[ClaimSpec]:
    """The paper's claims, one per setting they are judged in, and their companions."""
    specs = []
    for p in cfg.ablation_pressures:
        specs += [
            ClaimSpec(
                f"shape_rises_{p}",
                "Figure 1: shape accuracy keeps rising over training",
                "baseline seen-pair shape accuracy (validation), last epoch minus middle epoch",
                "direction",
                +1,
                p,
            ),
            ClaimSpec(
                f"colour_stagnates_{p}",
                "Figure 1: colour-critical accuracy stagnates",
                "baseline colour-critical accuracy (validation), last epoch minus middle epoch",
                "no_change",
                0,
                p,
            ),
            ClaimSpec(
                f"shape_outpaces_colour_{p}",
                "Figure 1: shape rises while colour-critical accuracy stalls",
                "baseline shape gain minus colour-critical gain, middle epoch to last "
                "(validation)",
                "direction",
                +1,
                p,
            ),
        ]
    if "colour_only" in cfg.controls:
        # The seventh revision: Figure 1's stalling colour read against the network that
        # learns colour alone, at every level where that control runs.
        for p in cfg.control_levels:
            if p in cfg.ablation_pressures:
                specs.append(
                    ClaimSpec(
                        f"colour_held_back_{p}",
                        "Figure 1, against the colour-only control: colour-critical accuracy "
                        "gains less beside shape than alone",
                        "colour-critical gain (validation, middle epoch to last), baseline "
                        "minus colour-only control",
                        "direction",
                        -1,
                        p,
                    )
                )
        specs.append(
            ClaimSpec(
                "colour_neglected",
                "Focusing on shape neglects colour",
                "colour-critical test accuracy, baseline minus colour-only control",
                "direction",
                -1,
            )
        )
    if "shape_only" in cfg.controls:
        specs.append(
            ClaimSpec(
                "shape_cost",
                "Beside it: learning both attributes costs shape as well",
                "seen-pair shape test accuracy, baseline minus shape-only control",
                "direction",
                -1,
                companion=True,
            )
        )
    if cfg.stability_test:
        for a in cfg.ablations:
            ref = REFERENCE_ARMS[a]
            specs.append(
                ClaimSpec(
                    f"no_stabilisation_{a}",
                    f"{ACTIONS[a]} does not stabilise training",
                    f"learned dip, ablation minus {ref.replace('_', ' ')} arm, at the highest "
                    "rate where the reference arm is unstable and every seed of both recovers "
                    "(a negative value is a stabilisation)",
                    "no_change",
                    +1,
                    family="stability",
                    ablation=a,
                    measure="dips",
                )
            )
        for a in cfg.ablations:
            specs.append(
                ClaimSpec(
                    f"new_instability_{a}",
                    f"{ACTIONS[a]} exposes new instabilities (Conclusion)",
                    "learned dip at the reference rate, ablation minus its reference arm",
                    "direction",
                    +1,
                    family="stability",
                    ablation=a,
                    measure="dips",
                )
            )
    for p in cfg.ablation_pressures:
        for a in cfg.ablations:
            specs.append(
                ClaimSpec(
                    f"partial_{a}_{p}",
                    f"{ACTIONS[a]}: in some runs colour-critical accuracy improves slightly "
                    "but shape regresses",
                    "seeds where colour-critical test accuracy is above the reference arm's and "
                    "seen-pair shape test accuracy below it",
                    "count",
                    +1,
                    p,
                    ablation=a,
                )
            )
    return specs


# -- verdict rules ------------------------------------------------------------
def outcome(values: np.ndarray, margin: float = EQUIVALENCE_MARGIN) -> str:
    """The shared verdict (:mod:`negresults.verdicts`) of a per-seed quantity against zero."""
    values = np.asarray(values, dtype=float)
    return compare(values, np.zeros_like(values), margin).verdict


def read(verdict: str, rule: str, sign: int) -> str:
    """A direction or no-change claim's verdict from the shared one (the module docstring)."""
    if rule not in ("direction", "no_change"):
        raise ValueError(f"unknown rule {rule!r}; valid choices: direction, no_change")
    effect = side(verdict)
    if effect:
        if rule == "no_change":
            return SUPPORTED if sign and effect == sign else CONTRADICTED
        return SUPPORTED if effect == sign else CONTRADICTED
    if rule == "no_change" and verdict == EQUIVALENT:
        return SUPPORTED
    return verdict


def judge(values: np.ndarray, rule: str, sign: int, margin: float = EQUIVALENCE_MARGIN) -> str:
    """The verdict of one direction or no-change claim from its per-seed quantity."""
    return read(outcome(values, margin), rule, sign)


def judge_count(shows: np.ndarray) -> str:
    """The verdict of a count claim from the per-seed pattern (True where a seed shows it)."""
    shows = np.asarray(shows, dtype=bool)
    n, k = len(shows), int(shows.sum())
    if n < 2:
        return UNTESTABLE
    if k >= count_needed(n):
        return SUPPORTED
    if k <= count_allowed(n):
        return CONTRADICTED
    return INCONCLUSIVE


def shows_pattern(values: np.ndarray, sign: int) -> np.ndarray:
    """Per seed: does the quantity lie on the claimed side of zero (any amount)?"""
    return np.sign(np.asarray(values, dtype=float)) == sign


def holm(p_values: list[float]) -> list[float]:
    """Holm's step-down adjusted p-values (NaN stays NaN and takes no part)."""
    p = np.asarray(p_values, dtype=float)
    out = np.full_like(p, np.nan)
    idx = np.flatnonzero(np.isfinite(p))
    order = idx[np.argsort(p[idx])]
    m, running = len(order), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        out[i] = running
    return out.tolist()


# -- quantities -------------------------------------------------------------
def curve(history: pd.DataFrame, variant: str, pressure: str, metric: str):
    """(seed x epoch) table of a validation curve of the reported runs."""
    h = history[(history.variant == variant) & (history.colour_pressure == pressure)]
    return h.pivot(index="seed", columns="epoch", values=metric).sort_index()


def gain_series(table: pd.DataFrame, fraction: float) -> pd.Series:
    """Per seed (the index): last value minus the value ``fraction`` of the way through."""
    if table.empty:
        return pd.Series(dtype=float)
    start = table.columns[int(round(fraction * (len(table.columns) - 1)))]
    return (table[table.columns[-1]] - table[start]).astype(float)


def gain_since(table: pd.DataFrame, fraction: float) -> np.ndarray:
    """Per seed: last value minus the value ``fraction`` of the way through training."""
    return gain_series(table, fraction).to_numpy(dtype=float)


def final(frame: pd.DataFrame, variant: str, pressure: str, metric: str) -> pd.Series:
    """Per seed (the index), the final ``metric`` of one reported cell."""
    f = frame[(frame.variant == variant) & (frame.colour_pressure == pressure)]
    return f.set_index("seed").sort_index()[metric].astype(float)


def difference(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Per seed (the index), ``a`` minus ``b`` on the seeds both hold: cells a claim's power
    sized run more seeds than the others."""
    common = a.index.intersection(b.index)
    return (a[common] - b[common]).to_numpy(dtype=float)


def paired(
    frame: pd.DataFrame,
    first: tuple[str, str],
    second: tuple[str, str],
    metric: str,
) -> np.ndarray:
    """Per seed, cell ``first`` minus cell ``second`` (each ``(variant, pressure)``), on the
    seeds both ran."""
    return difference(final(frame, *first, metric), final(frame, *second, metric))


def plateau_gain(history: pd.DataFrame, variant: str = "baseline", pressure: str = "none"):
    """Per seed: seen-pair shape accuracy gained over the last quarter (the plateau check)."""
    return gain_since(curve(history, variant, pressure, "shape_seen_acc"), PLATEAU_FROM)


def pressure_check(final_frame: pd.DataFrame, level: str, arm: str = "baseline") -> np.ndarray:
    """Per seed: ``arm``'s colour-critical test accuracy at ``level`` minus at no pressure
    (the baseline's; at a long-final level the long baseline's, the fourteenth revision)."""
    return paired(final_frame, (arm, level), (arm, "none"), "critical_colour_acc")


def is_pressure(final_frame: pd.DataFrame, level: str, arm: str = "baseline") -> bool:
    """Does ``level`` lower colour-critical accuracy (interval below zero)?"""
    values = pressure_check(final_frame, level, arm)
    return len(values) > 1 and side(outcome(values)) == -1


def label_preserving(level: str) -> bool:
    return level in LABEL_PRESERVING


def _runs(stability: pd.DataFrame, variant: str, rate: float) -> pd.DataFrame:
    """The stability runs of ``variant`` at axis ``rate``, in seed order."""
    rows = stability[(stability.variant == variant) & (stability.axis_rate == rate)]
    return rows.sort_values("seed")


def learned_dip(monitor: pd.DataFrame) -> float:
    """The learned dip of one stability run's monitor readings (step order): the largest fall
    of the monitored accuracy below its running maximum, from the first reading at which the
    shape head reaches :data:`LEARNS_FROM` on (NaN if it never does)."""
    shape = monitor.monitor_shape_acc.to_numpy(dtype=float)
    learned = np.flatnonzero(shape >= LEARNS_FROM)
    if not len(learned):
        return math.nan
    acc = monitor.monitor_acc.to_numpy(dtype=float)[learned[0] :]
    return float(np.max(np.maximum.accumulate(acc) - acc))


def dips(stability: pd.DataFrame, variant: str, rate: float) -> np.ndarray:
    """Per seed: the learned dip of ``variant`` at axis ``rate``."""
    return _runs(stability, variant, rate).learned_dip.to_numpy(dtype=float)


def accuracy_at(stability: pd.DataFrame, variant: str, rate: float) -> np.ndarray:
    """Per seed: the final monitored accuracy of ``variant`` at axis ``rate``."""
    return _runs(stability, variant, rate).monitor_final_acc.to_numpy(dtype=float)


def reference_rate(rates) -> float:
    """The rate every stability comparison is measured against: the axis's lowest."""
    return min(rates)


def instability_check(stability: pd.DataFrame, rate: float, rates, variant: str = "baseline"):
    """Per seed: ``variant``'s learned dip at axis ``rate`` minus at the reference rate (the
    instability check)."""
    return dips(stability, variant, rate) - dips(stability, variant, reference_rate(rates))


def cost_check(stability: pd.DataFrame, rate: float, rates, variant: str = "baseline"):
    """Per seed: the accuracy cost of axis ``rate`` to ``variant`` (its final monitored
    accuracy at the reference rate minus at ``rate``): the second signature, read by no
    verdict."""
    ref = reference_rate(rates)
    return accuracy_at(stability, variant, ref) - accuracy_at(stability, variant, rate)


def recovers(stability: pd.DataFrame, variant: str, rate: float) -> bool:
    """Is ``variant`` read at ``rate``: did it run there, and did each head of every seed end
    at or above the learning line?"""
    rows = _runs(stability, variant, rate)
    heads = rows[["final_shape_acc", "final_colour_acc"]].to_numpy(dtype=float)
    return len(rows) > 0 and bool((heads >= LEARNS_FROM).all())


def is_unstable(stability: pd.DataFrame, rate: float, rates, variant: str = "baseline") -> bool:
    """Does axis ``rate`` make ``variant`` dip more, measurably (interval above zero)?"""
    values = instability_check(stability, rate, rates, variant)
    return len(values) > 1 and side(outcome(values, STABILITY_MARGIN)) == +1


def unstable_rate(
    stability: pd.DataFrame, rates, variant: str = "baseline", partner: str | None = None
) -> float | None:
    """The highest axis rate above the reference where ``variant`` is measurably unstable
    and every seed of it and of ``partner`` (the arm it is compared with), if given,
    recovers."""
    ref = reference_rate(rates)
    arms = [variant] + ([partner] if partner else [])
    chosen = None
    for rate in rates:
        read = rate != ref and all(recovers(stability, v, rate) for v in arms)
        if read and is_unstable(stability, rate, rates, variant):
            chosen = rate
    return chosen


def claim_rate(spec: ClaimSpec, stability: pd.DataFrame, rates) -> float | None:
    """The axis rate a stability claim is read at (None: untestable there)."""
    ref = REFERENCE_ARMS[spec.ablation]
    if spec.key.startswith("no_stabilisation"):
        return unstable_rate(stability, rates, ref, partner=spec.ablation)
    rate = reference_rate(rates)
    both = recovers(stability, ref, rate) and recovers(stability, spec.ablation, rate)
    return rate if both else None


# The Figure 1 claims: read on the curves of the baseline's reported runs (the long
# baseline's at a long-curve level), from the middle epoch to the last.
CURVE_CLAIMS = ("shape_rises_", "colour_stagnates_", "shape_outpaces_colour_", "colour_held_back_")


def quantity(spec: ClaimSpec, results) -> np.ndarray:
    """The per-seed quantity a direction or no-change claim is judged by (empty: untestable).

    The curve claims read the baseline's own curves (the reported runs): at a long-curve
    level (the twelfth revision), the long baseline's and the long colour-only control's."""
    f, h, p, a = results.final, results.history, spec.pressure, spec.ablation
    curves = spec.key.startswith(CURVE_CLAIMS)
    base = results.cfg.curve_arm(p) if curves else "baseline"
    if spec.key.startswith("shape_rises"):
        return gain_since(curve(h, base, p, "shape_seen_acc"), SECOND_HALF)
    if spec.key.startswith("colour_stagnates"):
        return gain_since(curve(h, base, p, "critical_colour_acc"), SECOND_HALF)
    if spec.key.startswith("shape_outpaces_colour"):
        shape = gain_since(curve(h, base, p, "shape_seen_acc"), SECOND_HALF)
        return shape - gain_since(curve(h, base, p, "critical_colour_acc"), SECOND_HALF)
    if spec.key.startswith("colour_held_back"):
        control = results.cfg.curve_arm(p, "colour_only")
        with_shape = gain_series(curve(h, base, p, "critical_colour_acc"), SECOND_HALF)
        alone = gain_series(curve(h, control, p, "critical_colour_acc"), SECOND_HALF)
        return difference(with_shape, alone)
    if spec.key == "colour_neglected":
        return paired(f, ("baseline", p), ("colour_only", p), "critical_colour_acc")
    if spec.key == "shape_cost":
        return paired(f, ("baseline", p), ("shape_only", p), "shape_seen_acc")
    if spec.family == "stability":
        s = results.stability
        rates = results.cfg.stability_rates
        rate = claim_rate(spec, s, rates)
        if rate is None:
            return np.array([])
        return dips(s, a, rate) - dips(s, REFERENCE_ARMS[a], rate)
    raise ValueError(f"no single quantity for claim {spec.key!r}")


def pattern_halves(
    spec: ClaimSpec,
    final_frame: pd.DataFrame,
    read_before: Collection[int] = (),
    arms: tuple[str, str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """A count claim's two halves per seed: colour-critical and seen-pair shape differences,
    leaving out the seeds ``read_before`` (a claim judged on fresh seeds, the tenth revision).
    ``arms``: the (ablation, reference) arms it reads, if not the models themselves (their
    long arms at a long-final level, the fourteenth revision)."""
    p = spec.pressure
    a, ref = arms or (spec.ablation, REFERENCE_ARMS[spec.ablation])
    frame = final_frame[~final_frame.seed.isin(list(read_before))]
    colour = paired(frame, (a, p), (ref, p), "critical_colour_acc")
    return colour, paired(frame, (a, p), (ref, p), "shape_seen_acc")


def detectable(values: np.ndarray) -> float:
    """Smallest paired difference the seeds find at 80% power, at the quantity's own SD."""
    values = np.asarray(values, dtype=float)
    if len(values) < 2 or not np.isfinite(values).all():
        return math.nan
    sd = float(np.std(values, ddof=1))
    return stats.minimum_detectable_difference(sd, len(values), ALPHA, POWER)
