"""The one verdict order: untestable, else an effect, else equivalent, else inconclusive."""

import math

import numpy as np
import pytest
from scipy import stats as sst

from negresults import verdicts as v
from negresults.stats import Equivalence, PairedDifference

NAN = math.nan


def diff(low, high, n=5):
    return PairedDifference(n, (low + high) / 2, 1.0, low, high, 0.5)


def tost(equivalent, n=5):
    return Equivalence(2.0, n, 0.01 if equivalent else 0.5, equivalent)


@pytest.mark.parametrize(
    ("low", "high", "equivalent", "n", "expected"),
    [
        (0.5, 2.0, False, 5, "positive"),
        (-2.0, -0.5, False, 5, "negative"),
        # an effect is tested before equivalence: a clear effect inside the margin stays one
        (0.1, 0.4, True, 5, "positive"),
        (-0.4, -0.1, True, 5, "negative"),
        # an interval that touches zero does not exclude it
        (0.0, 1.0, True, 5, "equivalent"),
        (-1.0, 0.0, True, 5, "equivalent"),
        (0.0, 1.0, False, 5, "inconclusive"),
        (-1.0, 0.0, False, 5, "inconclusive"),
        (-1.0, 1.0, False, 5, "inconclusive"),
        # nothing to judge: one seed, or an interval that is not a number
        (NAN, NAN, False, 1, "untestable"),
        (NAN, NAN, True, 5, "untestable"),
        (0.5, NAN, False, 5, "untestable"),
        (0.5, 2.0, False, 1, "untestable"),
    ],
)
def test_the_verdict_order_as_written(low, high, equivalent, n, expected):
    assert v.verdict(diff(low, high, n), tost(equivalent, n)) == expected


def test_the_vocabulary_is_one_set_in_the_order_of_the_rule():
    assert v.VERDICTS == ("positive", "negative", "equivalent", "inconclusive", "untestable")
    assert set(v.CONCLUDED) == {"positive", "negative", "equivalent"}
    assert [v.side(x) for x in v.VERDICTS] == [1, -1, 0, 0, 0]


def test_compare_reads_the_paired_t_interval_and_tost():
    b = np.array([70.0, 71.0, 70.5, 71.2, 72.0])
    a = b + np.array([1.0, -0.5, 0.3, -0.2, 0.4])
    d = a - b
    lo, hi = sst.t.interval(0.95, len(d) - 1, loc=d.mean(), scale=sst.sem(d))
    c = v.compare(a, b, margin=3.0)
    assert c.interval == pytest.approx((lo, hi))
    assert c.estimate == pytest.approx(d.mean())
    assert lo < 0 < hi  # no effect shown ...
    # ... and both one-sided tests against +-3 reject at 5%: equivalent
    p = max(
        sst.ttest_1samp(d, -3.0, alternative="greater").pvalue,
        sst.ttest_1samp(d, 3.0, alternative="less").pvalue,
    )
    assert p < 0.05 and c.verdict == "equivalent"
    assert v.compare(a, b, margin=0.5).verdict == "inconclusive"
    assert v.compare(a + 5, b, margin=3.0).verdict == "positive"


@pytest.mark.parametrize(
    ("a", "b"),
    [([72.0], [70.0]), ([], []), ([72.0, NAN, 71.0], [70.0, 70.0, 70.0])],
)
def test_compare_calls_too_few_or_missing_values_untestable(a, b):
    c = v.compare(a, b, margin=2.0)
    assert c.verdict == "untestable"
    assert c.difference.n == len(a)
    assert math.isnan(c.difference.ci_low) and math.isnan(c.equivalence.p_value)
    assert not c.equivalence.equivalent


def test_compare_refuses_unpaired_samples():
    with pytest.raises(ValueError, match="equal lengths"):
        v.compare([1.0, 2.0], [1.0], margin=2.0)
