# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% tags=["remove-cell"]
# Live (JupyterLab, Binder), the prose's citations call these in the kernel;
# the book cites through Sphinx instead and removes this cell.
from negresults.citations import citep, citet  # noqa: F401

# %% [markdown]
# # Introduction
#
# Negative results rarely reach print, and when they do they are often short:
# a figure, a paragraph of method, a conclusion that urges openness. The paper
# we reproduce in this part, "Partial Failures and Unintended Behaviors in Deep
# Neural Networks" {eval}`citep("sc_partial_failures")`, is such a paper. It studies
# zero-shot classification of objects defined by two attributes, shape and
# colour, and makes two claims:
#
# 1. improvements on shape can come together with failures on colour-critical
#    tasks: in its Figure 1, shape accuracy rises steadily over training while
#    colour-sensitive accuracy stagnates, and focusing on shape neglects colour;
# 2. freezing the embeddings or removing the attention module, changes that
#    earlier work expected to stabilise training, give ambiguous results: in
#    some runs colour improves a little while shape regresses, and such changes
#    can expose new instabilities.
#
# The paper gives no dataset, split, architecture, number of seeds or error
# bars, so neither claim can be checked as written. Our aim is to turn the
# claims into questions a small, fully specified experiment can answer, run
# that experiment, and report what it shows, whichever way it goes.
#
# ## What we do
#
# - We build a shape × colour dataset in which colour cannot be read from
#   luminance (all object colours have the same relative luminance), with a
#   zero-shot split that holds out shape-colour pairs and a colour-critical
#   benchmark of near-confusable hues that lie beyond every label-preserving
#   hue jitter used in training ([Method](03_method)).
# - We train a small Transformer with separate shape and colour heads for a
#   length chosen so that its curves flatten (the two linear projections,
#   slower to learn, train longer; a plateau check in
#   [Experiments](04_experiments) says, for every arm, whether they did), each model at a
#   learning rate chosen on a validation split (the two controls at the
#   baseline's), and compare it with a shape-only and a colour-only control of the same size
#   and budget: the references against which "neglect" of colour, or a cost to
#   shape, means something.
# - We run the ablations the paper names, each against a reference arm that
#   differs from it in one thing. Freezing the embedding follows MoCo v3
#   {eval}`citep("sc_chen2021mocov3")`: a random, frozen linear patch projection
#   that keeps every value of the patch, compared with the same projection
#   trained. Our baseline's convolutional stem {eval}`citep("sc_xiao2021early")`
#   against that trained projection, both trained as long, is a separate comparison, and a frozen
#   random conv stem a third (left out of the default preset, to keep a cold
#   build short). Removing attention replaces it by a parameter-matched MLP.
# - We add an axis the paper leaves implicit, **colour pressure**, graded from
#   none to hue jitter that mixes colour labels; each level is called pressure
#   only if a manipulation check shows it lowers colour-critical accuracy, and
#   augmentation otherwise.
# - We measure stability as MoCo v3 found instability: runs over the first
#   half of a full run's schedule whose accuracy is read every few steps, with
#   the first layer's gradient norm, on an axis of learning rates without
#   warm-up. A rate's harm is the largest fall of accuracy once the model has
#   learned shape (a dip the run climbs back from), with the accuracy the rate
#   costs beside it. Arms are compared at one rate, and a claim that an
#   ablation does not stabilise training is judged only at a rate that
#   measurably makes the arm it is compared with dip more, where every seed of
#   both arms learns both attributes.
# - We ask whether colour is missing from the features or present and unused,
#   with linear probes at two layers beside random-init features, including a
#   hue regression no head was trained for, and compare with
#   {eval}`citet("sc_hermann2020shapes")`, who found colour easier to decode
#   than shape before training and learned first, and that training on one
#   feature can suppress another ([Experiments](04_experiments)).
# - We commit an analysis plan before the runs, choose the number of seeds by a
#   power calculation, and let code give each of the paper's claims a verdict,
#   with a family-wise (Holm-adjusted) verdict beside it
#   ([Conclusion](05_conclusion)). The plan was revised several times after
#   earlier runs had been read; each revision was committed before the runs it
#   added, most on fresh seeds, and the [Method](03_method) lists what each
#   changed and which results it had seen.
#
# Everything runs offline on a CPU. The book's default preset trains, per
# seed, the baseline at every colour-pressure level, the frozen and trained
# linear projections, the no-attention model and the two controls without
# pressure and at label mixing, the baseline once more trained as long as the
# linear projections for the comparison of the two stems and, with the
# colour-only control trained as long, for the Figure 1 claims at label
# mixing, plus the stability
# runs of every arm that chooses its own rate; the [Method](03_method) chapter gives
# the numbers of seeds, runs and their cost. Every number on these pages is
# computed from stored runs when the book is built, and the chapters
# [Experiments](04_experiments) and [Appendix](06_appendix) can be re-executed
# with other seeds, ablations, colour pressures, presets or devices.
