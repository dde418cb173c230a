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
# # Experiments
#
# This page runs the study (or reads it back from the results store, where
# every run is kept under the hash of its configuration and of the library
# code) and shows Table 1, Figure 1 and the target-size sweep. Every number
# in the text below is computed from the stored runs when the page executes.

# %% tags=["parameters", "remove-cell"]
seeds = None
arms = None
target_sizes = None
preset = None
device = "auto"

# %% tags=["hide-input"]
from IPython.display import Markdown, display

from negresults.pages import open_page
from negresults.transfer.report import tables

page = open_page(
    "transfer",
    "04_experiments",
    seeds=seeds,
    arms=arms,
    target_sizes=target_sizes,
    preset=preset,
    device=device,
)
cfg, results = page.cfg, page.results

# %% [markdown]
# ## Table 1: accuracy at a small target size
#
# Table 1 uses {glue:text}`tr_table_size` images per class
# ({glue:text}`tr_table_images` training images in all) and the first
# {glue:text}`tr_table_n` seeds (the paper reports three). The size was chosen
# by hand, with one criterion: that the network trained from random
# initialisation lands in the paper's regime of roughly 60-75% test accuracy.
# That choice looked at test accuracy of seeds that are also reported here, so
# it was not blind to the test set; the size sweep below shows the comparison
# at every size, which does not depend on the choice. Each arm picked its own
# learning rate
# on the validation split; the test set was read once, by the chosen model.
#
# Scratch reaches {glue:text}`tr_scratch_mean` % (std
# {glue:text}`tr_scratch_std`), the fully fine-tuned transferred model
# {glue:text}`tr_finetune_mean` % (std {glue:text}`tr_finetune_std`). The
# seed-paired difference, fine-tuned minus scratch, is
# {glue:text}`tr_finetune_diff` points with a 95% confidence interval of
# {glue:text}`tr_finetune_diff_ci`. Over all {glue:text}`tr_n_seeds` seeds
# at this size it is {glue:text}`tr_finetune_diff_all` points,
# {glue:text}`tr_finetune_diff_all_ci`.

# %% [markdown]
# **Table 1.** Target test accuracy (%) per arm: mean and sample standard
# deviation over the seeds, their number *n*, the t-based 95% confidence
# interval of the mean, and the seed-paired difference to scratch (same
# training subset, data order and head initialisation) with its interval
# and the paired t-test's p-value.
#
# ```{glue} tr_table1
# ```
#
# The paper reports 68.5 (1.2) for random initialisation against 68.6 (1.0)
# for its transferred model {cite:p}`tr_paper`, a difference of a tenth of a
# point; those are the paper's numbers, not ours. With
# {glue:text}`tr_table_n` seeds and the spread of our paired differences,
# the smallest difference a paired t-test would detect with 80% power is
# {glue:text}`tr_mdd` points: at that number of seeds a difference of a
# tenth of a point is far out of reach, either way.

# %% [markdown]
# ## Figure 1: where the two models disagree

# %% [markdown]
# ```{glue:figure} tr_figure1
# :name: "tr-figure-1"
#
# The paper's Figure 1, redone with both directions: target test images
# at the Table 1 size for the first seed.
# Left: the transferred (fine-tuned) model is wrong and the scratch model,
# trained on the same images in the same order, is right. Right: the
# reverse. Titles give the true digit, the transferred model's prediction
# (T) and the scratch model's (S).
# ```
#
# For this seed, the transferred model is wrong where scratch is right on
# {glue:text}`tr_fig1_t_wrong` of the {glue:text}`tr_fig1_n` test images,
# and the reverse holds on {glue:text}`tr_fig1_s_wrong`.
#
# The paper shows only the left half of this picture. Both halves are
# needed: any two models of similar accuracy disagree on some images, so a
# gallery of one model's failures says nothing about which is better unless
# the other direction is shown beside it.

# %% [markdown]
# ## How much target data does transfer save?
#
# We repeated every arm at {glue:text}`tr_n_sizes` target sizes
# ({glue:text}`tr_sizes` images per class, up to the whole training pool)
# with {glue:text}`tr_n_seeds` seeds each.
#
# **Rule for "transfer stops helping".** Transfer *helps* at a size when the
# 95% confidence interval of the seed-paired difference (fine-tuned minus
# scratch) lies wholly above zero. It *stops helping* at the smallest size
# from which it helps at no larger size we tested. By this rule, fine-tuning
# helps at these sizes (images per class): {glue:text}`tr_help_sizes`; so
# for fine-tuning {glue:text}`tr_finetune_stop_size`. By the same rule, for the
# linear probe {glue:text}`tr_linear_probe_stop_size`, and for the frozen
# backbone with an MLP head {glue:text}`tr_frozen_head_stop_size`. In our
# runs, {glue:text}`tr_frozen_vs_finetune`.

# %% [markdown]
# ```{glue:figure} tr_sweep
# :name: "tr-sweep"
#
# Target-size sweep. Left: test accuracy against training images per
# class, mean over seeds with a band of one standard deviation. Right: the
# seed-paired difference of each transferred arm to scratch with its 95%
# confidence interval; the dotted line marks where fine-tuning stops
# helping by the rule above (absent when it helps at every size).
# ```

# %% tags=["remove-input"]
display(Markdown("Mean test accuracy (%) and paired difference to scratch at every size:"))
summary = tables.size_summary(results)
summary.pivot(index="size", columns="arm", values="mean")[list(cfg.all_arms)].round(1)
