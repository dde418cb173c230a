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
# A model pretrained on one dataset and fine-tuned on a related one is the
# default recipe whenever target data are scarce. The paper reproduced in
# this part of the book {cite:p}`tr_paper` reports a case where the recipe
# did nothing: a network transferred to a "superficially similar but
# subtly different" domain reached 68.6% accuracy against 68.5% for the same
# network trained from random initialisation, mean (std) over three seeds.
# From this it concludes that small distribution shifts can cancel the
# benefit of transfer.
#
# The claim is a negative one, and negative claims are easy to produce by
# accident. Four accidents are common, and this study is designed around
# them:
#
# 1. **An untuned arm.** A fine-tuning learning rate borrowed from the
#    scratch run (or the reverse) can hide a real difference. Here every arm
#    picks its own learning rate from the same grid, on a validation split.
# 2. **Too few seeds.** Three seeds cannot tell 68.5 from 68.6, nor from 70.
#    We report every seed, confidence intervals, seed-paired differences,
#    and state "no benefit" only as *equivalence within a margin* tested with
#    two one-sided tests {cite:p}`tr_lakens2017equivalence`, together with the
#    number of seeds such a claim would need.
# 3. **One target size.** Whether pretraining helps depends on how much
#    target data there is {cite:p}`tr_he2019rethinking`. We sweep the target
#    size from a couple of images per class to the whole training pool.
# 4. **One way of transferring.** Besides full fine-tuning we run a linear
#    probe and a frozen backbone with a small trained head, which separate
#    "the features do not transfer" from "fine-tuning destroys them".
#
# The default configuration runs offline on a laptop CPU in a few minutes.
# The source domain is digits rendered from the fonts that ship with
# matplotlib; the target is scikit-learn's handwritten digits
# {cite:p}`tr_alpaydin1998optical`, resized to the same size. The two look
# alike at a glance and differ in stroke, blur and handwriting: the kind of
# shift the paper describes. A larger preset swaps in the classic digit and
# object shifts MNIST to USPS {cite:p}`tr_lecun1998gradient,tr_hull1994database`
# and CIFAR-10 to STL-10 {cite:p}`tr_krizhevsky2009learning,tr_coates2011analysis`.
#
# The chapters follow the paper's sections: {doc}`02_related_work`,
# {doc}`03_method`, {doc}`04_experiments` (Table 1, Figure 1 and the size
# sweep), {doc}`05_conclusion` (the claims, with verdicts computed from the
# runs) and {doc}`06_supplementary` (every seed, learning curves, the
# hyperparameters of the runs shown).
