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
# The paper places itself against the successes of deep visual recognition,
# convolutional and Transformer-based, and against reports of their fragility
# {eval}`citep("sc_partial_failures")`, without naming either. Three lines of work
# give its claims a sharper context.
#
# ## Transformers for vision, and freezing the patch embedding
#
# The attention module of the paper's model is the Transformer's
# {eval}`citep("sc_vaswani2017attention")`; applied to images, it reads a
# sequence of patch embeddings, each a linear projection of one image patch
# {eval}`citep("sc_dosovitskiy2021vit")`. Training such Vision Transformers can
# be unstable. {eval}`citet("sc_chen2021mocov3")` found the instability of
# self-supervised training (MoCo v3) only by monitoring accuracy every few
# tens of iterations, where per-epoch curves hide sudden dips; they saw the
# gradient norm of the first layer spike just before each dip, and found that a
# *random, frozen* patch projection, full rank (it maps a patch's 768 values to
# 768 dimensions in their ViT-B), made training more stable. Its benefit grew
# with the learning rate, from +0.4 to +0.6 and +1.7 points of linear-probe
# accuracy at increasing rates; they describe it as alleviating the
# instability, not solving it. That is the expectation the paper's second claim
# tests: does freezing the embedding also stabilise a small supervised model?
# We copy the setting that makes the question fair: a projection that does not
# narrow the patch, its trained twin as the reference, dense monitoring, and a
# learning-rate axis. Two results bear on how much instability a model of our
# size can show. Placing the layer normalisation before each residual branch,
# as our blocks do, lets Transformers train without warm-up
# {eval}`citep("sc_xiong2020layernorm")`, so an axis without warm-up need not
# find much; and small models do show the instabilities of large ones, but
# over a learning-rate range of several orders of magnitude
# {eval}`citep("sc_wortsman2024proxies")`, far wider than the axis we can
# afford (the Method chapter gives it).
#
# Replacing the linear patch projection by a few stride-2 convolutions also
# stabilises Vision Transformer training {eval}`citep("sc_xiao2021early")`; our
# baseline uses such a stem, so "linear projection or conv stem" is a
# comparison of its own, separate from freezing. A frozen random conv stem,
# non-linear, is a different manipulation from the one MoCo v3 made and is
# named apart. The companion ablation, removing attention, asks how much token
# mixing the task needs; all-MLP models such as MLP-Mixer
# {eval}`citep("sc_tolstikhin2021mixer")` mix tokens by other means, whereas our
# ablation keeps no mixing at all before pooling, at a matched parameter count.
#
# ## Which cue a network uses: shape, texture, colour
#
# ImageNet-trained CNNs classify by texture more than by shape, and training on
# stylised images shifts them towards shape {eval}`citep("sc_geirhos2019texture")`.
# {eval}`citet("sc_hermann2020texture")` showed that such biases come largely
# from the training data and its augmentations rather than from the
# architecture, and that features often still hold information the classifier
# ignores. {eval}`citet("sc_hermann2020shapes")` studied the question on
# synthetic images whose features they controlled, much like ours: an
# untrained network already makes colour more linearly decodable than shape,
# colour is learned first, and training a network on one feature can suppress
# another in its representation, while a feature present and learned can still
# go unused by the decision. These findings shape our design: colour pressure
# (an augmentation that makes colour less reliable) is a declared, graded axis
# with a manipulation check, and linear probes on the features, beside the
# same probes on random-init features, ask whether colour is missing or merely
# unused {eval}`citep("sc_alain2016probes")`; the [Experiments](04_experiments)
# chapter puts our numbers beside Hermann and Lampinen's three findings.
#
# ## Compositional zero-shot learning
#
# Recognising unseen combinations of seen attributes and objects is the task
# of compositional zero-shot learning. {eval}`citet("sc_misra2017redwine")` composed
# classifiers for attribute-object pairs ("red wine" to "red tomato");
# {eval}`citet("sc_purushwalkam2019taskdriven")` introduced the now standard
# evaluation in which seen and unseen pairs compete, with a calibration bias on
# unseen pairs {eval}`citep("sc_chao2016calibrated")` swept to trace the trade-off
# between seen and unseen accuracy, summarised by its area and best harmonic
# mean; {eval}`citet("sc_mancini2021openworld")` extended it to the open world in
# which every combination is a candidate, as every shape-colour pair is here.
# Our zero-shot metrics follow this protocol, with one change: the bias we
# report is chosen on validation, and the best harmonic mean swept on test is
# shown only as an upper bound.
