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
#    colour-sensitive accuracy stagnates;
# 2. freezing the embeddings or removing the attention module, changes that
#    earlier work expected to stabilise training, give ambiguous results: in
#    some runs colour improves a little while shape regresses.
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
#   benchmark of near-confusable hues ([Method](03_method)).
# - We train a small Transformer with separate shape and colour heads until it
#   has learned both attributes, choosing its settings on a validation split,
#   and compare it with a shape-only and a colour-only control of the same
#   size and budget: the reference against which "neglect" of colour means
#   something.
# - We run the ablations the paper names, each with its own learning rate
#   chosen on validation: a frozen random linear patch projection (as in MoCo
#   v3), a frozen random convolutional stem (named separately, since it also
#   throws information away), and attention replaced by a parameter-matched
#   MLP.
# - We add one axis the paper leaves implicit: **colour pressure**, graded from
#   none to hue jitter that mixes colour labels, each level checked for whether
#   it really lowers colour-critical accuracy during training.
# - We judge stability only in a declared regime in which the baseline is shown
#   to be unstable.
# - We measure shape, colour and colour-critical accuracy over training, how
#   well the model names held-out shape-colour pairs and how much its shape
#   head reads colour, and linear probes that tell whether colour is missing
#   from the features or present and unused ([Experiments](04_experiments)).
# - We fix an analysis plan before the runs, choose the number of seeds by a
#   power calculation, and let code give each of the paper's claims a verdict:
#   supported, contradicted, equivalent to no effect, or inconclusive
#   ([Conclusion](05_conclusion)).
#
# Everything runs offline on a CPU; every number on these pages is
# computed from stored runs when the book is built, and the chapters
# [Experiments](04_experiments) and [Appendix](06_appendix) can be re-executed
# with other seeds, ablations, colour pressures, presets or devices.
