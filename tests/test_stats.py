"""Statistics helpers, checked against scipy and textbook formulas on known inputs."""

import math

import numpy as np
import pytest
from scipy import stats as ss

from negresults import stats
from negresults.stats import (
    minimum_detectable_difference,
    paired_difference,
    seeds_for_equivalence,
    summarize,
    tost_paired,
    tost_power,
)

A = [68.1, 69.9, 67.5]
B = [68.0, 68.4, 69.4]


def test_summary_matches_the_t_interval():
    s = summarize(A)
    sd = np.std(A, ddof=1)
    half = ss.t.ppf(0.975, 2) * sd / math.sqrt(3)
    assert s.n == 3 and s.std == pytest.approx(sd)
    assert (s.ci_low, s.ci_high) == pytest.approx((np.mean(A) - half, np.mean(A) + half))
    assert s.mean_std() == f"{np.mean(A):.1f} ({sd:.1f})"


def test_single_value_has_no_spread_and_empty_is_refused():
    s = summarize([5.0])
    assert s.n == 1 and math.isnan(s.std) and s.mean_std() == "5.0"
    with pytest.raises(ValueError):
        summarize([])


def test_paired_difference_matches_ttest_rel():
    d = paired_difference(A, B)
    ref = ss.ttest_rel(A, B)
    diffs = np.subtract(A, B)
    half = ss.t.ppf(0.975, 2) * np.std(diffs, ddof=1) / math.sqrt(3)
    assert d.mean == pytest.approx(diffs.mean())
    assert d.p_value == pytest.approx(ref.pvalue)
    assert (d.ci_low, d.ci_high) == pytest.approx((diffs.mean() - half, diffs.mean() + half))
    with pytest.raises(ValueError):
        paired_difference([1, 2], [1])


def test_tost_is_two_one_sided_tests():
    rng = np.random.default_rng(0)
    a = rng.normal(70, 1, 30)
    b = a + rng.normal(0, 0.2, 30)
    eq = tost_paired(a, b, margin=1.0)
    d = a - b
    p1 = ss.ttest_1samp(d, -1.0, alternative="greater").pvalue
    p2 = ss.ttest_1samp(d, 1.0, alternative="less").pvalue
    assert eq.p_value == pytest.approx(max(p1, p2)) and eq.equivalent
    assert not tost_paired(A, B, margin=0.5).equivalent  # three noisy seeds cannot show it
    with pytest.raises(ValueError):
        tost_paired(A, B, margin=0)


def test_power_grows_with_seeds_and_sample_size_is_the_first_n_reaching_it():
    powers = [tost_power(n, sd=1.1, margin=1.0) for n in range(2, 40)]
    assert all(b >= a for a, b in zip(powers, powers[1:], strict=False))
    n = seeds_for_equivalence(sd=1.1, margin=1.0)
    assert tost_power(n, 1.1, 1.0) >= 0.8 > tost_power(n - 1, 1.1, 1.0)
    # A simulation agrees with the analytic power at that n (equal means).
    rng = np.random.default_rng(1)
    hits = np.mean(
        [tost_paired(rng.normal(0, 1.1, n), np.zeros(n), 1.0).equivalent for _ in range(2000)]
    )
    assert hits == pytest.approx(tost_power(n, 1.1, 1.0), abs=0.05)


def test_minimum_detectable_difference_has_the_requested_power():
    mdd = minimum_detectable_difference(sd=1.1, n=3)
    se = 1.1 / math.sqrt(3)
    power = ss.nct.sf(ss.t.ppf(0.975, 2), 2, mdd / se)
    assert power == pytest.approx(0.8, abs=1e-6)
    assert minimum_detectable_difference(sd=1.1, n=10) < mdd


# -- bounded intervals and seed counts ---------------------------------------
def test_bounded_interval_stays_inside_where_the_t_interval_does_not():
    near_ceiling = [99.0, 100.0, 100.0, 98.5, 100.0]
    t_based = stats.summarize(near_ceiling)
    bounded = stats.summarize(near_ceiling, bounds=(0.0, 100.0))
    assert t_based.ci_high > 100.0  # the problem being fixed
    assert 0.0 <= bounded.ci_low <= bounded.mean <= bounded.ci_high <= 100.0
    assert bounded == stats.summarize(near_ceiling, bounds=(0.0, 100.0))  # deterministic


def test_bounded_summary_refuses_values_outside_the_bounds():
    with pytest.raises(ValueError, match="101"):
        stats.summarize([50.0, 101.0], bounds=(0.0, 100.0))


def test_seeds_for_margin_is_the_smallest_count_whose_mdd_fits():
    sd, margin = 3.0, 2.0
    n = stats.seeds_for_margin(sd, margin)
    assert stats.minimum_detectable_difference(sd, n) <= margin
    assert stats.minimum_detectable_difference(sd, n - 1) > margin


def test_seeds_to_detect_uses_the_observed_difference_and_brackets_the_sd():
    need = stats.seeds_to_detect(difference=4.0, sd=5.0, n_observed=5)
    assert need.low <= need.n <= need.high
    assert need.low < need.high  # five seeds leave the SD uncertain
    assert stats.power_paired(4.0, 5.0, need.n) >= 0.8 > stats.power_paired(4.0, 5.0, need.n - 1)
    # A larger true difference needs fewer seeds.
    assert stats.seeds_to_detect(8.0, 5.0, 5).n < need.n


@pytest.mark.parametrize("sd", [0.05, 0.2, 0.31, 0.5, 0.7, 0.9, 1.5, 3.0])
def test_power_is_a_number_and_never_falls_as_seeds_or_precision_grow(sd):
    """A small spread is a large noncentrality, where scipy's lower-tail cdf gives NaN; the
    power must stay a probability, so fewer seeds never suffice at a larger spread."""
    powers = [stats.power_paired(3.0, sd, n) for n in range(2, 30)]
    assert all(0 <= p <= 1 for p in powers), powers
    assert all(b >= a - 1e-12 for a, b in zip(powers, powers[1:], strict=False))
    assert stats.seeds_for_margin(sd, 3.0) <= stats.seeds_for_margin(sd * 1.5, 3.0)


@pytest.mark.parametrize("sd", [0.5, 2.0, 7.0, 40.0, 400.0])
@pytest.mark.parametrize("max_n", [2, 3, 5, 10_000])
def test_the_seed_search_finds_what_a_linear_search_finds(sd, max_n):
    """The bisection in seeds_for_margin and seeds_to_detect against counting up one by one."""

    def linear(difference: float) -> int | None:
        return next(
            (n for n in range(2, max_n + 1) if stats.power_paired(difference, sd, n) >= 0.8),
            None,
        )

    if sd <= 40:  # a linear search up to 10,000 at SD 400 takes minutes
        assert stats.seeds_for_margin(sd, 3.0, max_n=max_n) == linear(3.0)
    if sd == 400.0:
        assert stats.seeds_for_margin(sd, 3.0, max_n=max_n) is None  # needs about 140,000
    need = stats.seeds_to_detect(difference=5.0, sd=sd, n_observed=4, max_n=max_n)
    if sd <= 7:
        assert need.n == linear(5.0)


def test_the_sd_upper_limit_covers_the_true_sd_as_often_as_its_confidence():
    # Browne's limit at 80%: over many pilots of 6 normal values the limit reaches the
    # true SD in about 80% of them, and the pilot's own SD in only about half.
    rng = np.random.default_rng(0)
    pilots = rng.normal(0.0, 2.0, size=(20_000, 6))
    sds = pilots.std(axis=1, ddof=1)
    limits = np.array([stats.sd_upper_limit(s, 6, 0.8) for s in sds])
    assert np.mean(limits >= 2.0) == pytest.approx(0.8, abs=0.01)
    assert np.mean(sds >= 2.0) < 0.5
    assert math.isnan(stats.sd_upper_limit(1.0, 1))
