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
# # Method

# %% tags=["parameters", "remove-cell"]
preset = None

# %% tags=["hide-input"]
import pandas as pd
from IPython.display import display

from negresults.pages import open_page
from negresults.readable import readable
from negresults.transfer.compute import model
from negresults.transfer.config import ARMS

page = open_page("transfer", "03_method", preset=preset)
cfg = page.cfg

# %% [markdown]
# ## Source, target and the shift axis
#
# The numbers on this page describe the {eval}`tr_m_preset` preset.
# The **target** is scikit-learn's {eval}`tr_m_total` handwritten
# digits {eval}`citep("tr_alpaydin1998optical")`: 8x8 images whose 17 grey levels
# count the ink in 4x4 blocks of a size-normalised 32x32 bitmap. They are
# resized to {eval}`tr_m_image` pixels square. A fixed test set of
# {eval}`tr_m_test` images is drawn once, stratified by class, with a
# constant seed; no run's seed moves it. The same constant seed then sets
# aside a reservoir of {eval}`tr_m_reservoir` images that no seed's
# target split ever contains. From the rest, each seed draws a validation
# split of {eval}`tr_m_val` images and orders a training pool of
# {eval}`tr_m_pool` images per class; a training subset of *k* images
# per class is the first *k* of each class in that order, so the subsets of
# one seed are nested.
#
# The **source** is one of {eval}`tr_m_n_levels` declared shift levels,
# ordered from the subtlest to the hardest ({eval}`tr_m_levels`):
#
# - **writers**: no fonts at all: the reservoir's handwritten digits. The
#   shift is only between samples of the same collection.
# - **acquired**: digits drawn from the {eval}`tr_m_fonts` TrueType
#   fonts bundled with matplotlib and passed through the target's own
#   acquisition: each glyph's bounding box scaled to fill a 32x32 frame,
#   binarised, and counted in 4x4 blocks into 17 grey levels.
# - **lowres**: part of that acquisition: the rendered glyph (its size and
#   position left as drawn) averaged down to 8x8 and quantised to 17 levels.
# - **fonts**: the crisp rendering as drawn.
# - **outline**: harder: only the outline of each stroke.
#
# Every font level draws each glyph with a random size (a factor of
# {eval}`tr_m_scale`), position (up to {eval}`tr_m_shift` % of the
# side either way), rotation (up to {eval}`tr_m_rotation` degrees
# either way) and stroke weight; each seed renders its own
# {eval}`tr_m_source` source images. The size of each shift is
# measured, not assumed: the source model's accuracy on the target test
# set, beside its accuracy on held-out source images ([Experiments](04_experiments)).

# %% tags=["remove-input"] mystnb={"figure": {"name": "tr-samples", "caption": "{eval}`tr_samples_caption`"}}
page.figure("tr_samples")

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
for arm in ARMS:
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
            "head": (
                "linear" if model.ARM_SPEC[arm]["head"] == "linear" else "MLP, one hidden layer"
            )
            + (" on normalised features" if model.ARM_SPEC[arm]["frozen"] else ""),
            "trainable parameters": trainable,
        }
    )
print(model.build("scratch", params, 0, None))
display(readable(pd.DataFrame(rows).set_index("arm"), "transfer", code=["index"]))

# %% [markdown]
# ## Arms
#
# Pretraining trains backbone and a linear head on the source, once per
# shift level and seed; the result is stored and reused by every arm and
# target size of that seed. On the target, every arm gets a **new head**:
#
# - **random init** (`scratch`): backbone from random initialisation,
#   everything trained;
# - **full fine-tune** (`finetune`): backbone from the pretrained weights,
#   everything trained;
# - **linear probe** (`linear_probe`): pretrained backbone frozen, a linear
#   head trained;
# - **frozen backbone + MLP head** (`frozen_head`): pretrained backbone frozen, a head with one hidden
#   layer trained, so that a head with more capacity can use features a
#   linear probe cannot.
#
# The two heads on a frozen backbone read its features layer-normalised,
# without learned scale or shift, as linear probes of self-supervised
# features commonly are (MAE uses a parameter-free batch norm). Frozen
# features keep the scale pretraining left them at, and that scale sets the
# step size a head on them needs; normalised, they let every arm choose its
# learning rate from the one grid below, and the Experiments page counts how
# often a chosen rate still lies on the grid's edge.
#
# ## Budgets: training length scales with the data
#
# An arm trains for {eval}`tr_m_epochs` passes over its training
# subset (batches of up to {eval}`tr_m_batch` images), and never fewer
# than {eval}`tr_m_min_steps` steps, so the largest subsets are not cut
# short and the smallest still get a sane number of updates. Validation is
# logged at {eval}`tr_m_eval_points` evenly spaced steps. The *epochs*
# budget reads the model at the end; the *early stop* budget reads it at the
# logged step with the best validation score. Both come from the same runs.
#
# ## Hyperparameters, tuned for every arm
#
# Every arm, scratch included, at every size and seed, is trained at each
# of {eval}`tr_m_grid_points` grid points: learning rates
# {eval}`tr_m_lrs` (AdamW), weight decays {eval}`tr_m_wds`, and
# augmentation {eval}`tr_m_augs` (*shift*: a random translation of up
# to {eval}`tr_m_aug_shift` % of the side); {eval}`tr_m_reg_rule`.
# Which point is kept is decided by a validation protocol:
#
# - **holdout**: a validation set the size of the training set (*k*
#   images per class from the seed's validation split): what a practitioner
#   who labelled 2*k* images per class can run. This is the protocol of
#   Table 1.
# - **cv**: *k*-fold cross-validation inside the training subset, stratified
#   by class; it trains every grid point once more per fold, so it runs
#   only when `folds` is set ({eval}`tr_m_folds` here: 0 means not run).
# - **oracle**: the per-seed validation split above, often larger than the
#   training subset itself. No practitioner with *k* images per class has
#   it; it is kept as a named upper bound on what selection can do.
#
# The choice reads validation scores only (ties go to the lower
# validation loss, then the smaller learning rate); the test score of the
# chosen point is looked up afterwards. A unit test checks that changing
# every test score changes no choice. A chosen learning rate at either end
# of the grid would mean the grid was too narrow; [Experiments](04_experiments)
# counts them.
#
# ## Design and cost
#
# The full product of shift levels x sizes x arms x seeds x cross-validated
# selection would be tens of thousands of trainings, so the runs go where
# the questions are, in three parts:
#
# 1. **Pilot**: scratch and fine-tuning at {eval}`tr_m_pilot_sizes`
#    images per class on pilot seeds {eval}`tr_m_pilot_seeds`, which
#    are never reported as results. Its rule fixes Table 1's size (below).
# 2. **Table 1**: every arm at {eval}`tr_m_table_size` images per
#    class and shift level {eval}`tr_m_table_level`, on
#    {eval}`tr_m_n_seeds` seeds, with selection protocol {eval}`tr_m_selection`. The
#    specification curve re-analyses these runs.
# 3. **Shift axis**: scratch and fine-tuning at every shift level and
#    {eval}`tr_m_shift_sizes` images per class, on the first
#    {eval}`tr_m_shift_n` seeds, with the oracle protocol
#    ({eval}`tr_m_shift_folds` folds): the cheap upper bound, enough to
#    show where transfer helps.
#
# In all, {eval}`tr_m_arm_runs` arm runs and
# {eval}`tr_m_pretrains` pretrainings, which took
# {eval}`tr_m_core_minutes` core-minutes on one thread each (summed
# over the {eval}`tr_m_timed_runs` runs whose time the store recorded).
#
# ## Seed pairing
#
# One seed fixes, for every arm alike: the validation split, the training
# subset and its folds; the order of mini-batches; the initialisation of
# the head (the linear heads of the random-init, full fine-tune and
# linear-probe arms start
# identical); and the backbone initialisation, which is the same for
# scratch and for the start of that seed's pretraining. The arms of one
# seed therefore differ only in what the arm changes, and the difference
# between two arms is computed seed by seed.
#
# ## Statistics
#
# For each arm we report the mean and the sample standard deviation over
# seeds (with *n*), every seed's value, and a 95% interval of the mean from
# the bootstrap, which cannot leave [0, 100]. For a transferred arm, the
# seed-paired difference to scratch with its t-based 95% interval. The
# verdict follows one order: *benefit* or *harm* when that interval
# excludes zero; else *no benefit* when two one-sided paired t-tests (TOST)
# at the 5% level show the difference lies within
# ±{eval}`tr_m_margin` points {eval}`citep("tr_lakens2017equivalence")`;
# else *inconclusive*. (Two one-sided tests at 5% each are the same as
# asking that the 90% interval of the difference lie inside the margin;
# that is why an equivalence verdict can stand beside a 95% interval that
# touches the margin.) "Seeds to detect it" is the number of paired seeds a
# two-sided paired t-test needs for 80% power at the difference we
# observed, with a range from the 95% interval of the SD. All of it is
# computed with `scipy.stats`.
