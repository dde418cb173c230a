"""Study B's words: row labels, how it words the shared verdicts, and fixed phrases.

The verdicts themselves (their vocabulary and order) are
:mod:`negresults.verdicts`; this module only says how Study B's pages name
them. Nothing here computes a number.
"""

from __future__ import annotations

from negresults.reporting import fmt, readable_ci
from negresults.verdicts import (
    EQUIVALENT,
    INCONCLUSIVE,
    NEGATIVE,
    POSITIVE,
    UNTESTABLE,
    Comparison,
)

# Short row names, so that the tables fit the book's column.
SHORT = {
    "scratch": "scratch",
    "finetune": "fine-tune",
    "lpft": "LP-FT",
    "linear_probe": "linear probe",
    "frozen_head": "frozen + MLP head",
}

# A transferred arm minus scratch: what each shared verdict means for transfer.
VERDICT_WORDS = {
    POSITIVE: "benefit",
    NEGATIVE: "harm",
    EQUIVALENT: "no benefit",
    INCONCLUSIVE: "inconclusive",
    UNTESTABLE: "untestable",
}

# The paper claims no benefit: what each verdict of fine-tuning says about that.
AGREEMENT = {
    POSITIVE: (
        "disagree with the paper: the transferred, fine-tuned model is better than the one "
        "trained from scratch, and the interval of the difference excludes zero"
    ),
    NEGATIVE: (
        "disagree with the paper in the other direction: the transferred model is worse than "
        "scratch, and the interval of the difference excludes zero"
    ),
    EQUIVALENT: (
        "agree with the paper: the transferred model is equivalent to scratch within the margin"
    ),
    INCONCLUSIVE: (
        "neither confirm nor refute the paper: our seeds show neither a difference nor "
        "equivalence within the margin"
    ),
    UNTESTABLE: (
        "cannot test the paper's claim: fewer than two paired seeds give no interval to judge"
    ),
}
NOT_COMPARED = "cannot be compared (fine-tuning not run)"

# How Table 1 chose its hyperparameters, as the prose says it (config field ``selection``).
SELECTION_PHRASES = {
    "holdout": "on a held-out validation set the size of its training subset",
    "cv": "by cross-validation inside its training subset",
    "oracle": "on the large per-seed validation split (the oracle upper bound)",
}


# How long each run trains, as the prose says it (config field ``budget_rule``).
BUDGET_PHRASES = {
    "epochs": "is read at the end of its budget",
    "early_stop": (
        "stops early, at the first logged step after which its selection score has not "
        "improved for {patience} logged steps (or at the end of its budget), and is read at "
        "its best logged step before the stop"
    ),
}


def diff_text(c: Comparison) -> str:
    """'+1.2 [-0.3, +2.7]': a paired difference with its readable 95% interval."""
    d = c.difference
    return f"{fmt(d.mean, signed=True)} {readable_ci(d.ci_low, d.ci_high)}"
