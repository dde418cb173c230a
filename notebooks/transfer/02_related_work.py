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
# # Related work
#
# **Transfer does not always help.** The paper's claim sits in a line of
# careful studies that found pretraining less useful than assumed.
# {eval}`citet("tr_he2019rethinking")` showed that detectors trained from random
# initialisation on COCO catch up with ImageNet-pretrained ones given a
# longer schedule and suitable normalisation; pretraining mainly sped up
# convergence, and helped accuracy only when target data were scarce. That
# makes the amount of target data the variable to control, which is why
# this study sweeps it rather than fixing one size.
#
# **Small, subtly different targets.** {eval}`citet("tr_raghu2019transfusion")`
# found that on medical images, where the target looks little like ImageNet,
# pretraining added little to final performance, small and light networks
# trained from scratch performed about as well as large ImageNet
# architectures, and that part of what pretraining still offered (mainly faster
# convergence) could be had by initialising with the scale of the
# pretrained weights alone, without their features.
# {eval}`citet("tr_kornblith2019better")` showed that better ImageNet models
# generally transfer better, both as fixed features and when fine-tuned,
# but that on small fine-grained datasets fine-tuning gained little over
# training from random initialisation, and that some regularisers that
# raise ImageNet accuracy make the penultimate features worse as fixed
# features. Both points motivate running more than one transfer arm.
#
# **What transfers.** {eval}`citet("tr_neyshabur2020transferred")` separated the
# reuse of features from the reuse of low-level statistics by shuffling the
# target's image blocks: part of the benefit of pretraining survives even
# when the features cannot be reused, and fine-tuned models stay in the same
# basin of the loss as their pretrained start. A null result for full
# fine-tuning therefore does not by itself say whether the features were
# useless; the linear probe and the frozen backbone here ask that directly.
# {eval}`citet("tr_kumar2022finetuning")` found that fine-tuning with a freshly
# initialised head can distort pretrained features, and that fitting the head
# first on the frozen features and then fine-tuning everything (LP-FT) does
# better out of distribution than either alone; a comparison that offered only
# plain fine-tuning could call transfer useless when only the recipe was, so
# LP-FT is an arm here.
#
# **Classic digit shifts.** Domain adaptation has long used digit datasets
# that differ in rendering and style: MNIST {eval}`citep("tr_lecun1998gradient")`,
# USPS {eval}`citep("tr_hull1994database")`, and MNIST-M, MNIST digits blended over
# photograph patches {eval}`citep("tr_ganin2015unsupervised", "tr_ganin2016domain")`.
# On these pairs a source-only model typically loses many points on the
# target, which adaptation methods such as deep adaptation networks
# {eval}`citep("tr_long2015learning")` aim to recover. Our default pair, rendered
# font digits to handwritten digits, is of the same kind and runs without a
# download; the `gpu` preset (which a build with the `cpu` preset does not
# run) runs MNIST to USPS and the object pair CIFAR-10
# to STL-10 {eval}`citep("tr_krizhevsky2009learning", "tr_coates2011analysis")` on
# their nine shared classes.
#
# **Realistic evaluation.** {eval}`citet("tr_oliver2018realistic")` showed that a validation set
# far larger than the labelled training set makes methods for scarce labels
# look better than a practitioner could make them, which is why Table 1
# here chooses hyperparameters on a validation set the size of the
# training set. A choice made on so few images is itself noisy, and the
# one-standard-error rule {eval}`citep("tr_hastie2009elements")` is the
# standard guard: every model whose validation error lies within one standard
# error of the best counts as tied with it, and the simplest of them is taken.
# A learning rate has no simpler end, so this study keeps the tie and takes
# the median rate among the tied settings ([Method](03_method)).
# {eval}`citet("tr_simonsohn2020specification")` proposed running every
# reasonable analysis and showing which ones change the answer;
# [Experiments](04_experiments) does so for Table 1, across target sizes and
# sources as well as the ways of choosing settings.
#
# The paper itself {eval}`citep("tr_paper")` cites only a survey of this area and
# reports no tuning procedure, no per-seed values and no interval; the
# protocol in [Method](03_method) adds those.
