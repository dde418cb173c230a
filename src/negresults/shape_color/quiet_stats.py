"""negresults.stats without scipy's precision-loss warnings.

Per-seed accuracies are often identical or nearly so (every seed at 100%
colour accuracy, say); scipy then warns about "catastrophic cancellation" in
the moment calculation. The intervals it returns are still the right, tiny
ones, and the warning would otherwise land on the rendered page as stderr.
"""

from __future__ import annotations

import functools
import warnings

from negresults import stats


def _quiet(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.filterwarnings(
                "ignore", message=".*[Pp]recision loss.*", category=RuntimeWarning
            )
            return fn(*args, **kwargs)

    return wrapper


summarize = _quiet(stats.summarize)
paired_difference = _quiet(stats.paired_difference)
tost_paired = _quiet(stats.tost_paired)
