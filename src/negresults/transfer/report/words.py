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


# What the selection data choose, as the prose says it (config field ``selection_rule``;
# declared in :mod:`negresults.transfer.analysis_plan`). RULE_PHRASES follows a protocol
# phrase in a sentence; RULE_DETAILS is the Method page's account of it.
RULE_PHRASES = {
    "best": "taking the setting with the best score",
    "one_se": (
        "by the one-standard-error rule: of the settings whose score lies within one standard "
        "error of the best, the one with the median learning rate"
    ),
}
RULE_DETAILS = {
    "best": (
        "takes the setting with the best selection score; ties go to the lower validation "
        "loss, then the smaller learning rate"
    ),
    "one_se": (
        "follows the one-standard-error rule. A selection score read on a few images per "
        "class is noisy: the best of many such scores is biased upwards, and a learning rate "
        "at an edge of the grid can come out on top by one or two images. So every setting "
        "whose score lies within one binomial standard error of the best score (counted on "
        "the images the score is read on) is taken as tied with it, and of the tied settings "
        "the one with the median learning rate is chosen: the middle of the range the data "
        "allow. With an even number of tied rates the lower of the two middle ones is taken; "
        "within one rate, the setting with the lower validation loss"
    ),
}


def selection_words(selection: str, rule: str) -> str:
    """How Table 1 chose its settings, in a sentence: the protocol, then the rule."""
    return f"{SELECTION_PHRASES[selection]}, {RULE_PHRASES[rule]}"


# The choices of the specification curve and their values, as its tables and sentences
# name them (the columns of :func:`.tables.spec_curve`; sources by LEVEL_LABELS).
CHOICE_WORDS = {
    "protocol": {"holdout": "holdout", "cv": "cross-validation", "oracle": "oracle (upper bound)"},
    "stopping": {"early_stop": "early stop", "epochs": "end of budget"},
    "selection rule": {"one_se": "one standard error", "best": "best score"},
    "learning rate": {False: "per arm", True: "scratch's, shared"},
    "augmentation": {True: "tuned", False: "off"},
}
# Each choice named in a sentence ("the verdict moves with ...").
CHOICE_NAMES = {
    "protocol": "the selection protocol",
    "stopping": "when a run stops",
    "selection rule": "the selection rule",
    "learning rate": "whether the transferred arm borrows scratch's setting",
    "augmentation": "whether augmentation is tuned",
    "target size": "the target size",
    "source": "the source",
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


def and_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
