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
# A model pretrained on one dataset and fine-tuned on a related one is the
# default recipe whenever target data are scarce. The paper reproduced in
# this part of the book {eval}`citep("tr_paper")` reports a case where the recipe
# did nothing: a network transferred to a "superficially similar but
# subtly different" domain reached 68.6% accuracy against 68.5% for the same
# network trained from random initialisation, mean (std) over three seeds.
# From this it concludes that small distribution shifts can cancel the
# benefit of transfer.
#
# The claim is a negative one, and negative claims are easy to produce by
# accident. Five accidents are common, and this study is designed around
# them:
#
# 1. **An untuned or cut-short arm.** A learning rate borrowed from another
#    arm, or a fixed step budget that stops the scratch model while it is
#    still learning, can hide a real difference or invent one. Here every
#    arm, scratch included, chooses its own learning rate and regularisation
#    by the same protocol (the Method gives each arm's grid), stops early on
#    its own selection data within a declared step budget, and the book counts
#    the choices that land on an edge of the grid and measures what each arm
#    would still gain.
# 2. **An oracle validation set.** Choosing hyperparameters on hundreds of
#    labelled target images, when the point is that there are only a few,
#    flatters whichever arm is harder to tune. Table 1 chooses on a
#    validation set the size of the training set; the large validation set
#    is kept as a named upper bound.
# 3. **Too few seeds.** Three seeds cannot tell 68.5 from 68.6, nor from 70.
#    We choose the number of seeds by power, report every seed, confidence
#    intervals and seed-paired differences, and state "no benefit" only as
#    *equivalence within a margin* {eval}`citep("tr_lakens2017equivalence")`.
# 4. **One size, one shift.** Whether pretraining helps depends on how much
#    target data there is {eval}`citep("tr_he2019rethinking")` and on how far the
#    source is from the target. We measure the size of each shift on a
#    declared axis, from a subtle one to a hard one, and compare the arms
#    across target sizes at every level.
# 5. **One analysis.** A verdict that flips with a reasonable change of
#    protocol is not a finding; a specification curve reads the comparison
#    under every way of choosing settings, at every target size and source,
#    and says which choices move it.
#
# Everything runs offline on a CPU (the [Method](03_method) chapter counts
# the runs and what they cost; the front page says how long a build from
# nothing takes). The target is scikit-learn's handwritten digits
# {eval}`citep("tr_alpaydin1998optical")`; the sources range from other
# handwritten digits of the same collection to digits rendered from the
# fonts that ship with matplotlib, passed through the target's own
# acquisition or drawn as outlines. A larger preset, written for a GPU (a
# build with the `cpu` preset does not run it), swaps in the classic digit
# and object shifts
# MNIST to USPS
# {eval}`citep("tr_lecun1998gradient", "tr_hull1994database")` and CIFAR-10 to STL-10
# {eval}`citep("tr_krizhevsky2009learning", "tr_coates2011analysis")`.
#
# The chapters follow the paper's sections: [Related work](02_related_work),
# [Method](03_method), [Experiments](04_experiments) (the pilot, Table 1, the paper's Figure 1,
# the shift axis and the specification curve), [Conclusion](05_conclusion) (the claims, with verdicts computed from the
# runs) and [Supplementary](06_supplementary) (every seed, learning curves, the
# hyperparameters of the runs shown).
