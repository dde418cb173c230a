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

# %% [markdown]
# # Introduction
#
# Negative results rarely reach print, and when they do they are often short:
# a figure, a paragraph of method, a conclusion that urges openness. The paper
# we reproduce in this part, "Partial Failures and Unintended Behaviors in Deep
# Neural Networks" {cite:p}`sc_partial_failures`, is such a paper. It studies
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
# - We train a small Transformer with separate shape and colour heads, and its
#   three ablations (a frozen random embedding, attention replaced by a
#   parameter-matched MLP, both), over several seeds paired across variants.
# - We add one axis the paper leaves implicit: **colour pressure**, what in the
#   training data competes with colour. Without it nothing in the data works
#   against colour, which makes "colour stagnates" a question about the
#   training data as much as about the model.
# - We measure, after every epoch, shape, colour and colour-critical accuracy
#   and the compositional zero-shot metrics, and at the end a linear probe that
#   tells whether colour information is missing from the features or present
#   and unused ([Experiments](04_experiments)).
# - We state a rule that turns the runs into verdicts on each claim
#   (supported, not supported, inconclusive) and apply it in code
#   ([Conclusion](05_conclusion)).
#
# Everything runs offline on a CPU in minutes; every number on these pages is
# computed from stored runs when the book is built, and the chapters
# [Experiments](04_experiments) and [Appendix](06_appendix) can be re-executed
# with other seeds, ablations, colour pressures, presets or devices.
