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
# # Method

# %% tags=["parameters", "remove-cell"]
preset = None

# %% tags=["hide-input"]
import pandas as pd
from IPython.display import display

from negresults import transfer
from negresults.pages import open_page
from negresults.transfer.compute import model

page = open_page("transfer", "03_method", preset=preset)
cfg = page.cfg

# %% [markdown]
# ## Source and target
#
# The numbers on this page describe the {glue:text}`tr_m_preset` preset.
# The **source** domain is the ten digits drawn from the
# {glue:text}`tr_m_fonts` TrueType fonts bundled with matplotlib (sans,
# serif, monospace, italic and bold faces), each image with a random size
# (a factor of {glue:text}`tr_m_scale`), position (up to
# {glue:text}`tr_m_shift` % of the side either way), rotation (up to
# {glue:text}`tr_m_rotation` degrees either way) and stroke weight,
# rendered at twice the final resolution and averaged down to
# {glue:text}`tr_m_image` pixels square. Each seed draws its own
# {glue:text}`tr_m_source` source images.
#
# The **target** is scikit-learn's {glue:text}`tr_m_total` handwritten
# digits {cite:p}`tr_alpaydin1998optical`, 8x8 images resized to the same
# side by bilinear interpolation. A fixed test set of
# {glue:text}`tr_m_test` images is drawn once, stratified by class, with a
# constant seed; no run's seed moves it. From the rest, each seed draws a
# validation split of {glue:text}`tr_m_val` images and orders a training
# pool of {glue:text}`tr_m_pool` images per class; a training subset of *k*
# images per class is the first *k* of each class in that order, so the
# subsets of one seed are nested.

# %% [markdown]
# ```{glue:figure} tr_samples
# :name: "tr-samples"
#
# Two source images (top) and two target test images (bottom) per class.
# ```

# %% [markdown]
# ## Architecture
#
# A small convolutional network: two 3x3 convolution, ReLU and 2x2 max-pool
# blocks, then a fully connected feature layer with ReLU (the **backbone**),
# then a **head** that maps features to classes. The layer sizes below are
# printed from the model the code builds:

# %% tags=["remove-input"]
params = {
    "channels": cfg.channels,
    "image_size": cfg.image_size,
    "width": cfg.width,
    "feature_dim": cfg.feature_dim,
    "num_classes": cfg.num_classes,
}
rows = []
for arm in transfer.ARMS:
    net = model.build(
        arm,
        params,
        0,
        None if arm == "scratch" else model.build("scratch", params, 0, None).state_dict(),
    )
    trainable = sum(p.numel() for p in net.parameters() if p.requires_grad)
    rows.append(
        {
            "arm": arm,
            "backbone starts from": "pretrained on source"
            if model.ARM_SPEC[arm]["pretrained"]
            else "random init",
            "backbone": "frozen" if model.ARM_SPEC[arm]["frozen"] else "trained",
            "head": "linear"
            if model.ARM_SPEC[arm]["head"] == "linear"
            else "MLP, one hidden layer",
            "trainable parameters": trainable,
        }
    )
print(model.build("scratch", params, 0, None))
display(pd.DataFrame(rows).set_index("arm"))

# %% [markdown]
# ## Arms
#
# Pretraining trains backbone and a linear head on the source, once per
# seed; the result is stored and reused by every arm and target size of
# that seed. On the target, every arm gets a **new head** and the same
# budget of {glue:text}`tr_m_steps` Adam steps:
#
# - **scratch**: backbone from random initialisation, everything trained;
# - **finetune**: backbone from the pretrained weights, everything trained;
# - **linear_probe**: pretrained backbone frozen, a linear head trained;
# - **frozen_head**: pretrained backbone frozen, a head with one hidden
#   layer trained, so that a head with more capacity can use features a
#   linear probe cannot.
#
# The source model evaluated on the target test set as it is, with no
# target training at all, gives the **source-only** accuracy, reported in
# {doc}`06_supplementary`.
#
# ## Learning-rate selection
#
# An arm trained at a learning rate tuned for another arm is the commonest
# way to produce a false negative. Every arm, at every size and seed, is
# trained at each learning rate of the grid ({glue:text}`tr_m_lrs`) and
# keeps the one with the best accuracy on the validation split (ties go to
# the lower validation loss). The test set is read afterwards, once, by the
# chosen model; a unit test checks that selection never reads it.
#
# ## Seed pairing
#
# One seed fixes, for every arm alike: the validation split and the
# training subset; the order of mini-batches; the initialisation of the
# head (the linear heads of scratch, finetune and linear_probe start
# identical); and the backbone initialisation, which is the same for
# scratch and for the start of that seed's pretraining. The arms of one
# seed therefore differ only in what the arm changes, and the difference
# between two arms is computed seed by seed. Unit tests check that one seed
# gives identical subsets, orders and heads across arms and that different
# seeds do not.
#
# ## Statistics
#
# For each arm we report the mean and the sample standard deviation over
# seeds (with *n*), every seed's value, and a t-based 95% confidence
# interval; for a transferred arm, the seed-paired difference to scratch
# with its interval and a paired t-test. "No benefit" is claimed only as
# equivalence within a stated margin, by two one-sided paired t-tests
# {cite:p}`tr_lakens2017equivalence`, alongside the number of seeds that
# test needs for 80% power. All of it is computed with `scipy.stats`.
