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
# {eval}`citep("sc_vaswani2017attention")`; applied to images, it reads a sequence of
# patch embeddings {eval}`citep("sc_dosovitskiy2021vit")`. Training such Vision
# Transformers can be unstable. {eval}`citet("sc_chen2021mocov3")` traced sudden
# drops in accuracy during self-supervised training (MoCo v3) to the first
# layer and found that a *random, frozen* patch projection removed them at no
# loss in accuracy. That is the expectation the paper's second claim tests:
# does freezing the embedding also stabilise a small supervised model? Its
# companion ablation, removing attention, asks how much token mixing the task
# needs; all-MLP models such as MLP-Mixer {eval}`citep("sc_tolstikhin2021mixer")`
# mix tokens by other means, whereas our ablation keeps no mixing at all
# before pooling, at a matched parameter count. Replacing the linear patch
# projection by a few convolutions also stabilises ViT training
# {eval}`citep("sc_xiao2021early")`; our baseline uses such a stem. We therefore test
# two frozen embeddings: the frozen random linear projection MoCo v3 used, and
# our frozen random convolutional stem, which is a different manipulation (it
# is non-linear and narrows each patch, so it can also discard information).
#
# ## Which cue a network uses: shape, texture, colour
#
# ImageNet-trained CNNs classify by texture more than by shape, and training on
# stylised images shifts them towards shape {eval}`citep("sc_geirhos2019texture")`.
# {eval}`citet("sc_hermann2020texture")` showed that such biases come largely from
# the training data and its augmentations rather than from the architecture,
# and that features often still hold information the classifier ignores. The
# same two points shape our design: colour pressure (an augmentation that makes
# colour less reliable) is a declared, graded axis of the design, and linear probes on
# the frozen features (beside the same probes on random-init features) ask whether colour is missing or merely unused
# {eval}`citep("sc_alain2016probes")`.
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
# Our zero-shot metrics follow this protocol.
