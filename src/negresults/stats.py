"""The statistics the report states: summaries, paired differences, equivalence.

Everything leans on :mod:`scipy.stats`; nothing here re-derives a formula that
scipy already provides. ``std`` is always the sample standard deviation
(``ddof=1``) and every summary carries its ``n``.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats


def quiet(fn):
    """Mute scipy's "precision loss" warnings, which are noise for per-seed accuracies.

    Per-seed accuracies are often identical or nearly so (every seed at 100%
    colour accuracy, say); scipy then warns of catastrophic cancellation in
    the moment calculation. The intervals it returns are still the right,
    tiny ones, and the warning would otherwise land on a rendered page.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.filterwarnings(
                "ignore", message=".*[Pp]recision loss.*", category=RuntimeWarning
            )
            return fn(*args, **kwargs)

    return wrapper


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float
    std: float  # ddof=1; nan when n == 1
    ci_low: float  # t-based 95% confidence interval of the mean
    ci_high: float

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    def mean_std(self, digits: int = 1) -> str:
        """``"68.5 (1.2)"``: the paper's own notation."""
        if math.isnan(self.std):
            return f"{self.mean:.{digits}f}"
        return f"{self.mean:.{digits}f} ({self.std:.{digits}f})"

    def ci(self, digits: int = 1) -> str:
        if math.isnan(self.ci_low):
            return "n/a"
        return f"[{self.ci_low:.{digits}f}, {self.ci_high:.{digits}f}]"


@quiet
def summarize(
    values: Sequence[float],
    confidence: float = 0.95,
    bounds: tuple[float, float] | None = None,
) -> Summary:
    """Mean, SD and a ``confidence`` interval of the mean.

    Without ``bounds`` the interval is t-based. With ``bounds`` (``(0, 100)``
    for an accuracy in percent) it is a BCa bootstrap interval of the mean
    (``scipy.stats.bootstrap``, fixed resampling seed, so the same values
    always give the same interval): a mean of values inside the bounds can
    only resample to values inside them, where a t interval near 100% runs
    past it.
    """
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        raise ValueError("cannot summarise an empty sample")
    if bounds is not None:
        lo, hi = bounds
        outside = x[(x < lo) | (x > hi)]
        if outside.size:
            raise ValueError(f"value {outside[0]!r} lies outside the bounds [{lo}, {hi}]")
    if x.size == 1:
        return Summary(1, float(x[0]), math.nan, math.nan, math.nan)
    std = float(np.std(x, ddof=1))
    if std == 0.0:
        m = float(x.mean())
        return Summary(int(x.size), m, 0.0, m, m)
    if bounds is not None:
        low, high = _bootstrap_mean_ci(x, confidence)
        return Summary(int(x.size), float(x.mean()), std, low, high)
    ci = stats.ttest_1samp(x, 0.0).confidence_interval(confidence)
    return Summary(int(x.size), float(x.mean()), std, float(ci.low), float(ci.high))


def _bootstrap_mean_ci(x: np.ndarray, confidence: float) -> tuple[float, float]:
    """BCa interval of the mean; percentile where BCa is undefined (few distinct values)."""
    for method in ("BCa", "percentile"):
        with warnings.catch_warnings():
            # BCa warns, then returns NaN, when its acceleration is undefined.
            warnings.simplefilter("ignore")
            res = stats.bootstrap(
                (x,),
                np.mean,
                confidence_level=confidence,
                n_resamples=9999,
                method=method,
                rng=np.random.default_rng(0),
            )
        low, high = float(res.confidence_interval.low), float(res.confidence_interval.high)
        if math.isfinite(low) and math.isfinite(high):
            return low, high
    return math.nan, math.nan


@dataclass(frozen=True)
class PairedDifference:
    n: int
    mean: float  # mean of (a - b) over paired seeds
    std: float
    ci_low: float
    ci_high: float
    p_value: float  # two-sided paired t-test of a == b

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


@quiet
def paired_difference(
    a: Sequence[float], b: Sequence[float], confidence: float = 0.95
) -> PairedDifference:
    """Seed-paired difference ``a - b`` with a t-based CI (``scipy.stats.ttest_rel``)."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.shape != y.shape or x.size == 0:
        raise ValueError(f"paired samples need equal, non-zero lengths, got {x.size} and {y.size}")
    d = x - y
    if d.size < 2 or np.std(d, ddof=1) == 0.0:
        m = float(d.mean())
        std = float(np.std(d, ddof=1)) if d.size > 1 else math.nan
        lo = hi = m if d.size > 1 else math.nan
        p = math.nan if d.size < 2 else (1.0 if m == 0.0 else 0.0)
        return PairedDifference(int(d.size), m, std, lo, hi, p)
    res = stats.ttest_rel(x, y)
    ci = res.confidence_interval(confidence)
    return PairedDifference(
        int(d.size),
        float(d.mean()),
        float(np.std(d, ddof=1)),
        float(ci.low),
        float(ci.high),
        float(res.pvalue),
    )


@dataclass(frozen=True)
class Equivalence:
    margin: float
    n: int
    p_value: float  # TOST: the larger of the two one-sided p-values
    equivalent: bool  # p_value < alpha

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


@quiet
def tost_paired(
    a: Sequence[float], b: Sequence[float], margin: float, alpha: float = 0.05
) -> Equivalence:
    """Two one-sided paired t-tests: is ``|mean(a - b)| < margin``?"""
    if margin <= 0:
        raise ValueError(f"equivalence margin must be positive, got {margin!r}")
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    if d.size < 2:
        return Equivalence(margin, int(d.size), math.nan, False)
    if np.std(d, ddof=1) == 0.0:
        inside = abs(float(d.mean())) < margin
        return Equivalence(margin, int(d.size), 0.0 if inside else 1.0, inside)
    p_lower = stats.ttest_1samp(d, -margin, alternative="greater").pvalue
    p_upper = stats.ttest_1samp(d, margin, alternative="less").pvalue
    p = float(max(p_lower, p_upper))
    return Equivalence(margin, int(d.size), p, p < alpha)


def tost_power(n: int, sd: float, margin: float, alpha: float = 0.05) -> float:
    """Power of the paired TOST with ``n`` seeds when the true difference is zero.

    Uses the non-central t distribution: each one-sided test rejects when the
    t statistic clears ``t_{1-alpha, n-1}``; with true difference 0 its
    non-centrality is ``margin / (sd / sqrt(n))``.
    """
    if n < 2 or sd <= 0:
        return math.nan
    df = n - 1
    ncp = margin / (sd / math.sqrt(n))
    t_crit = stats.t.ppf(1 - alpha, df)
    # P(reject both) >= 1 - 2 P(fail one); exact enough and monotone in n.
    fail_one = stats.nct.cdf(t_crit, df, ncp)
    return float(max(0.0, 1.0 - 2.0 * fail_one))


def seeds_for_equivalence(
    sd: float, margin: float, alpha: float = 0.05, power: float = 0.8, max_n: int = 10_000
) -> int | None:
    """Smallest number of paired seeds giving the TOST ``power`` at true difference 0."""
    if sd <= 0:
        return 2
    for n in range(2, max_n + 1):
        if tost_power(n, sd, margin, alpha) >= power:
            return n
    return None


def minimum_detectable_difference(
    sd: float, n: int, alpha: float = 0.05, power: float = 0.8
) -> float:
    """Smallest true paired difference a two-sided t-test finds with ``power``.

    Solved with the non-central t distribution (``scipy.stats.nct``).
    """
    if n < 2 or sd <= 0:
        return math.nan
    df = n - 1
    t_crit = stats.t.ppf(1 - alpha / 2, df)
    se = sd / math.sqrt(n)
    from scipy.optimize import brentq

    def gap(delta: float) -> float:
        return float(stats.nct.sf(t_crit, df, delta / se)) - power

    hi = se
    while gap(hi) < 0:
        hi *= 2
    return float(brentq(gap, 0.0, hi))


def power_paired(difference: float, sd: float, n: int, alpha: float = 0.05) -> float:
    """Power of the two-sided paired t-test with ``n`` seeds at a true ``difference``."""
    if n < 2 or sd <= 0:
        return math.nan
    df = n - 1
    t_crit = stats.t.ppf(1 - alpha / 2, df)
    ncp = abs(difference) / (sd / math.sqrt(n))
    # The lower tail as the upper tail at -ncp (the same number by symmetry): scipy's
    # nct.cdf(-t, df, ncp) returns NaN at large ncp, where this one returns 0.
    return float(stats.nct.sf(t_crit, df, ncp) + stats.nct.sf(t_crit, df, -ncp))


@dataclass(frozen=True)
class SeedsNeeded:
    """Seeds a paired t-test needs, at the SD observed and at the ends of its interval."""

    n: int | None  # at the observed SD (None: more than the search limit)
    low: int | None  # at the lower end of the SD's confidence interval
    high: int | None  # at the upper end
    difference: float
    sd: float

    def text(self) -> str:
        def show(k: int | None) -> str:
            return "more than 10,000" if k is None else f"{k:,}"

        if self.n == self.low == self.high:
            return show(self.n)
        return f"{show(self.n)} (range {show(self.low)} to {show(self.high)})"


def _smallest_n(ok, max_n: int) -> int | None:
    """Smallest ``n`` in 2..``max_n`` with ``ok(n)``, for an ``ok`` that stays true once true
    (power never falls as seeds are added): a doubling search, then bisection, so a wide SD
    interval costs a few dozen power evaluations instead of up to ``max_n``."""
    if max_n < 2:
        return None
    lo, hi = 1, 2  # ok(lo) is false (or lo is below the range); ok(hi) is tested
    while not ok(hi):
        if hi >= max_n:
            return None
        lo, hi = hi, min(2 * hi, max_n)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if ok(mid) else (mid, hi)
    return hi


def sd_interval(sd: float, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Chi-square confidence interval of a normal SD estimated from ``n`` values."""
    if n < 2 or not math.isfinite(sd):
        return math.nan, math.nan
    df = n - 1
    a = (1 - confidence) / 2
    return (
        sd * math.sqrt(df / stats.chi2.ppf(1 - a, df)),
        sd * math.sqrt(df / stats.chi2.ppf(a, df)),
    )


def seeds_to_detect(
    difference: float,
    sd: float,
    n_observed: int,
    alpha: float = 0.05,
    power: float = 0.8,
    confidence: float = 0.95,
    max_n: int = 10_000,
) -> SeedsNeeded:
    """Paired seeds for the t-test to find ``difference`` with ``power``.

    Computed at the observed difference (not at zero), at the observed SD and
    at both ends of the SD's chi-square interval from ``n_observed`` seeds: an
    SD from five seeds is itself uncertain, and the range says by how much.
    """

    def need(s: float) -> int | None:
        if not math.isfinite(s):
            return None
        if s <= 0:
            return 2
        if difference == 0:
            return None
        return _smallest_n(lambda n: power_paired(difference, s, n, alpha) >= power, max_n)

    sd_low, sd_high = sd_interval(sd, n_observed, confidence)
    return SeedsNeeded(need(sd), need(sd_low), need(sd_high), float(difference), float(sd))


def sd_upper_limit(sd: float, n: int, confidence: float = 0.8) -> float:
    """One-sided upper confidence limit of a standard deviation estimated on ``n`` values.

    The chi-square limit sqrt((n - 1) s^2 / chi2_{1-confidence, n-1}); sizing a study at it
    rather than at the pilot's own SD keeps the planned power with probability
    ``confidence`` (Browne 1995, "On the use of a pilot sample for sample size
    determination").
    """
    if n < 2 or not sd >= 0:
        return math.nan
    return float(sd * math.sqrt((n - 1) / stats.chi2.ppf(1 - confidence, n - 1)))


def seeds_for_margin(
    sd: float, margin: float, alpha: float = 0.05, power: float = 0.8, max_n: int = 10_000
) -> int | None:
    """Smallest seed count whose minimum detectable difference is at most ``margin``.

    The power calculation a study states when it chooses its seeds: with that
    many paired seeds, any true difference as large as the equivalence margin
    is found with ``power``.
    """
    if margin <= 0:
        raise ValueError(f"margin must be positive, got {margin!r}")
    if sd <= 0:
        return 2
    return _smallest_n(lambda n: power_paired(margin, sd, n, alpha) >= power, max_n)


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values, in the input's order (NaN stays NaN, takes no part).

    Study A's analysis plan keeps its own copy: that file's text is its plan revision, so
    it is not edited to import this one.
    """
    p = np.asarray(list(p_values), dtype=float)
    out = np.full_like(p, np.nan)
    idx = np.flatnonzero(np.isfinite(p))
    order = idx[np.argsort(p[idx], kind="stable")]
    m, running = len(order), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        out[i] = running
    return out.tolist()
