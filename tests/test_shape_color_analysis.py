"""Study A's analysis plan: the verdict rules, the power calculation, the per-seed reading."""

import numpy as np
import pandas as pd
import pytest

from negresults import stats
from negresults.shape_color import analysis_plan as plan
from negresults.shape_color.compute.runners import select_lr
from negresults.shape_color.config import ShapeColorConfig

MARGIN = plan.EQUIVALENCE_MARGIN


@pytest.mark.parametrize(
    ("values", "rule", "sign", "verdict"),
    [
        ([5.0, 6.0, 5.5, 6.5, 5.2], "direction", +1, plan.SUPPORTED),
        ([5.0, 6.0, 5.5, 6.5, 5.2], "direction", -1, plan.CONTRADICTED),
        ([0.1, -0.2, 0.15, -0.1, 0.05, 0.0], "direction", +1, plan.EQUIVALENT),
        ([9.0, -8.0, 7.0, -9.0], "direction", +1, plan.INCONCLUSIVE),
        ([0.1, -0.2, 0.15, -0.1, 0.05, 0.0], "no_change", 0, plan.SUPPORTED),
        ([5.0, 6.0, 5.5, 6.5, 5.2], "no_change", 0, plan.CONTRADICTED),
        ([5.0, 6.0, 5.5, 6.5, 5.2], "no_change", +1, plan.SUPPORTED),
        ([-5.0, -6.0, -5.5, -6.5, -5.2], "no_change", +1, plan.CONTRADICTED),
        ([9.0, -8.0, 7.0, -9.0], "no_change", 0, plan.INCONCLUSIVE),
        ([4.0], "direction", +1, plan.UNTESTABLE),
        ([4.0], "no_change", 0, plan.UNTESTABLE),
        ([4.0, np.nan, 5.0], "direction", +1, plan.UNTESTABLE),
        ([], "no_change", +1, plan.UNTESTABLE),
    ],
)
def test_verdict_rules(values, rule, sign, verdict):
    assert plan.judge(np.array(values), rule, sign, MARGIN) == verdict


# Inside the margin (TOST equivalent) and clear of zero: the effect comes first.
SMALL_RISE = [0.5, 0.6, 0.55, 0.45, 0.5, 0.52]


@pytest.mark.parametrize(
    ("values", "sign", "verdict"),
    [
        (SMALL_RISE, 0, plan.CONTRADICTED),  # "stagnates", yet it clearly rises
        (SMALL_RISE, +1, plan.SUPPORTED),  # a rise is the side the claim allows
        ([-v for v in SMALL_RISE], +1, plan.CONTRADICTED),  # a clear stabilisation
    ],
)
def test_a_no_change_claim_reads_a_small_clear_effect_as_the_effect(values, sign, verdict):
    values = np.array(values)
    assert stats.tost_paired(values, np.zeros_like(values), MARGIN).equivalent
    assert plan.judge(values, "no_change", sign, MARGIN) == verdict


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="unknown rule 'maybe'"):
        plan.judge(np.array([1.0, 2.0, 3.0]), "maybe", +1, MARGIN)


def test_a_small_but_clear_effect_is_reported_as_the_effect_not_as_equivalence():
    values = np.array([0.5, 0.6, 0.55, 0.45, 0.5, 0.52])  # inside the margin, CI above 0
    assert plan.judge(values, "direction", +1, MARGIN) == plan.SUPPORTED


def test_planned_seeds_reach_the_margin_and_one_fewer_does_not():
    n = plan.planned_seeds()
    assert stats.minimum_detectable_difference(plan.PLANNING_SD, n) <= MARGIN
    assert stats.minimum_detectable_difference(plan.PLANNING_SD, n - 1) > MARGIN


def test_per_seed_pattern_counts_the_claimed_side_only():
    assert plan.shows_pattern(np.array([1.0, -2.0, 0.0, 3.0]), +1).tolist() == [
        True,
        False,
        False,
        True,
    ]


def test_revision_is_a_hash_of_the_module_source():
    import hashlib
    from pathlib import Path

    text = Path(plan.__file__).read_bytes()
    assert plan.REVISION == hashlib.sha256(text).hexdigest()[:12]


class FakeRun:
    """A stored tuning run as a runner sees it: its config and metrics."""

    def __init__(self, lr, score):
        self.config = {"lr": lr}
        self.metrics = {"val_shape_seen_acc": score, "val_colour_seen_acc": score}


def _tuning(scores, rates=(1e-3, 2e-3, 4e-3), seeds=1):
    return [FakeRun(lr, scores(lr)) for lr in rates for _ in range(seeds)]


CONFIG = {
    "variant": "no_attention",
    "lr_grid": [1e-3, 2e-3, 4e-3],
    "tuning_seeds": [1000],
    "seed": 0,
    "colour_pressure": "none",
    "regime": "standard",
}


def test_select_lr_takes_the_best_validation_score():
    from negresults.shape_color.compute import runners

    tuning = _tuning({1e-3: 40.0, 2e-3: 70.0, 4e-3: 55.0}.get)
    lr, got = select_lr(CONFIG, tuning)
    assert lr == 2e-3 and got == [(1e-3, 40.0), (2e-3, 70.0), (4e-3, 55.0)]
    assert runners.tuning_variant("colour_only") == "baseline"
    assert runners.tuning_score({"val_colour_seen_acc": 80.0}, "colour_only") == 80.0


def test_select_lr_averages_the_pilot_seeds_of_a_rate():
    runs = [FakeRun(1e-3, 50.0), FakeRun(1e-3, 70.0), FakeRun(2e-3, 61.0), FakeRun(2e-3, 61.0)]
    runs += [FakeRun(4e-3, 10.0), FakeRun(4e-3, 10.0)]
    lr, got = select_lr(CONFIG, runs)
    assert lr == 2e-3 and got[0] == (1e-3, 60.0)


def test_an_edge_pick_is_reported_never_grown_at_run_time():
    # The best rate is the top edge: the grid stays as declared, the pick is kept.
    lr, got = select_lr(CONFIG, _tuning(lambda lr: lr))
    assert lr == 4e-3 and [r for r, _ in got] == CONFIG["lr_grid"]


def test_select_lr_refuses_a_grid_rate_with_no_tuning_run():
    with pytest.raises(ValueError, match="tuning runs missing"):
        select_lr(CONFIG, _tuning(lambda lr: 1.0, rates=(1e-3, 2e-3)))


RATES = (0.01, 0.02, 0.04)


def _stability(dips, finals=None, seeds=8, failing=None):
    """Stability rows: ``dips[(variant, rate)]`` is that arm's learned dip and
    ``finals[(variant, rate)]`` its final monitored accuracy (80 when not given), each the same
    on every seed but for a small per-seed wobble that differs between arms and rates (so
    paired intervals exist); ``failing[(variant, rate)]`` is one seed's final accuracy there
    instead (a seed that does not recover)."""
    import pandas as pd

    finals, failing = finals or {}, failing or {}
    rows = []
    for k, ((variant, rate), dip) in enumerate(dips.items()):
        for seed in range(seeds):
            wobble = 0.3 * (((seed * 7 + k) % 5) - 2)
            final = finals.get((variant, rate), 80.0) + wobble
            if seed == 0 and (variant, rate) in failing:
                final = failing[(variant, rate)]
            rows.append(
                {
                    "variant": variant,
                    "axis_rate": rate,
                    "seed": seed,
                    "learned_dip": dip + wobble,
                    "monitor_final_acc": final,
                    # The shape head carries the run's fall; colour is learned everywhere.
                    "final_shape_acc": final,
                    "final_colour_acc": 99.0,
                }
            )
    return pd.DataFrame(rows)


def _spec(key):
    from negresults.shape_color.config import PRESETS

    return next(s for s in plan.claim_specs(PRESETS["cpu"]) if s.key == key)


def _flat(*variants):
    return {(v, r): 2.0 for v in variants for r in RATES}


def test_instability_is_the_largest_dip_against_the_lowest_axis_rate():
    dips = _flat("baseline") | {("baseline", 0.02): 12.0}
    # 0.04 costs 10 points of accuracy but dips no more than the reference: not an
    # instability (it was under the previous rule); 0.02 dips 10 points more.
    finals = {("baseline", 0.04): 70.0}
    st = _stability(dips, finals)
    assert np.allclose(plan.instability_check(st, 0.02, RATES).mean(), 10.0, atol=0.5)
    assert plan.is_unstable(st, 0.02, RATES) and not plan.is_unstable(st, 0.04, RATES)
    assert plan.unstable_rate(st, RATES) == 0.02
    # The cost is still measured, beside it.
    assert np.allclose(plan.cost_check(st, 0.04, RATES).mean(), 10.0, atol=0.5)


def test_does_not_stabilise_is_gated_on_the_claims_own_reference_arm():
    # The rates make the baseline dip no more; the trained linear projection dips 15 more at
    # 0.04.
    dips = _flat("baseline", "no_attention", "frozen_linear", "trained_linear")
    st = _stability(dips | {("trained_linear", 0.04): 17.0})
    assert plan.claim_rate(_spec("no_stabilisation_frozen_linear"), st, RATES) == 0.04
    assert plan.claim_rate(_spec("no_stabilisation_no_attention"), st, RATES) is None


def test_a_rate_where_one_seed_of_either_arm_does_not_recover_is_not_read():
    dips = _flat("baseline", "no_attention") | {("baseline", 0.02): 9.0, ("baseline", 0.04): 14.0}
    st = _stability(dips)
    assert plan.claim_rate(_spec("no_stabilisation_no_attention"), st, RATES) == 0.04
    # One seed of no attention ends below the learning line at the top rate (the arm's mean
    # stays far above it): that rate is off the axis for the claim.
    st = _stability(dips, failing={("no_attention", 0.04): 30.0})
    assert plan.accuracy_at(st, "no_attention", 0.04).mean() > plan.LEARNS_FROM
    assert not plan.recovers(st, "no_attention", 0.04)
    assert plan.claim_rate(_spec("no_stabilisation_no_attention"), st, RATES) == 0.02
    # And when one seed of the reference arm itself does not recover there, likewise.
    st = _stability(dips, failing={("baseline", 0.04): 30.0})
    assert plan.claim_rate(_spec("no_stabilisation_no_attention"), st, RATES) == 0.02


def test_does_not_stabilise_compares_the_two_arms_largest_dips():
    from types import SimpleNamespace

    # At the top rate the baseline dips 20 and no attention 10: a stabilisation of 10,
    # whatever either arm's accuracy.
    dips = _flat("baseline", "no_attention") | {
        ("baseline", 0.04): 20.0,
        ("no_attention", 0.04): 10.0,
    }
    finals = {("no_attention", 0.01): 60.0}
    results = SimpleNamespace(
        stability=_stability(dips, finals),
        final=None,
        history=None,
        cfg=SimpleNamespace(stability_rates=RATES),
    )
    spec = _spec("no_stabilisation_no_attention")
    assert spec.margin == plan.STABILITY_MARGIN  # dip points, not accuracy points
    assert np.allclose(plan.quantity(spec, results).mean(), -10.0, atol=0.5)
    assert plan.judge(plan.quantity(spec, results), spec.rule, spec.sign) == plan.CONTRADICTED


def test_new_instabilities_compare_both_arms_at_the_reference_rate():
    dips = {(v, r): 2.0 for v in ("baseline", "no_attention") for r in RATES}
    dips.update({("no_attention", 0.01): 6.0, ("no_attention", 0.04): 0.0})
    spec = _spec("new_instability_no_attention")

    from types import SimpleNamespace

    results = SimpleNamespace(
        stability=_stability(dips),
        final=None,
        history=None,
        cfg=SimpleNamespace(stability_rates=RATES),
    )
    assert plan.claim_rate(spec, results.stability, RATES) == 0.01
    # 6 - 2 at 0.01, not 0 - 2 at the top rate
    assert np.allclose(plan.quantity(spec, results).mean(), 4.0, atol=0.5)
    results.stability = _stability(dips, failing={("no_attention", 0.01): 15.0})
    assert len(plan.quantity(spec, results)) == 0  # a seed does not recover: untestable


def test_a_difference_between_cells_pairs_them_by_seed_on_the_seeds_both_ran():
    # The baseline ran seeds 0 to 3, the control 1 and 3 only: a positional difference
    # would subtract seed 1 from seed 0; pairing reads seeds 1 and 3.
    frame = pd.DataFrame(
        {
            "variant": ["baseline"] * 4 + ["colour_only"] * 2,
            "colour_pressure": ["none"] * 6,
            "seed": [0, 1, 2, 3, 3, 1],
            "critical_colour_acc": [50.0, 60.0, 70.0, 80.0, 75.0, 58.0],
        }
    )
    got = plan.paired(frame, ("baseline", "none"), ("colour_only", "none"), "critical_colour_acc")
    assert got.tolist() == [2.0, 5.0]


@pytest.mark.parametrize(
    "preset, baseline, control",
    [
        ("smoke", "baseline", "colour_only"),
        # The twelfth revision: under label mixing the cpu preset reads the long arms.
        ("cpu", "long_baseline", "long_colour_only"),
    ],
)
def test_colour_held_back_is_the_baseline_gain_minus_the_controls_on_shared_seeds(
    preset, baseline, control
):
    # Three epochs (middle: epoch 2). The baseline ran seeds 0 and 1, the control 1 and 2:
    # only seed 1 is paired, baseline gain 70 - 60 = 10 against the control's 80 - 78 = 2.
    # Decoys: the arm the config does not read, with curves that would give another value.
    decoys = {"baseline": "long_baseline", "long_baseline": "baseline"}
    rows = []
    for variant, seed, curve in [
        (baseline, 0, [50, 55, 90]),
        (baseline, 1, [50, 60, 70]),
        (control, 1, [70, 78, 80]),
        (control, 2, [70, 70, 70]),
        (decoys[baseline], 1, [10, 10, 90]),
    ]:
        for epoch, value in enumerate(curve, start=1):
            rows.append(
                {
                    "variant": variant,
                    "colour_pressure": "label_mixing",
                    "seed": seed,
                    "epoch": epoch,
                    "critical_colour_acc": float(value),
                }
            )

    class Results:
        final = pd.DataFrame()
        history = pd.DataFrame(rows)
        cfg = ShapeColorConfig.from_params(preset=preset)

    spec = plan.ClaimSpec("colour_held_back_label_mixing", "", "", "direction", -1, "label_mixing")
    assert plan.quantity(spec, Results()).tolist() == [8.0]
    rises = plan.ClaimSpec("shape_rises_label_mixing", "", "", "direction", +1, "label_mixing")
    Results.history = Results.history.assign(shape_seen_acc=Results.history.critical_colour_acc)
    assert plan.quantity(rises, Results()).tolist() == [35.0, 10.0]
