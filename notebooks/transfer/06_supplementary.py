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
# # Supplementary material
#
# Per-seed values, learning curves, source-only accuracy and the
# hyperparameters of the runs shown on this page, all read from the results
# store.

# %% tags=["parameters", "remove-cell"]
seeds = None
arms = None
shift_levels = None
target_sizes = None
preset = None
device = "auto"

# %% tags=["hide-input"]
from IPython.display import display

from negresults.pages import open_page
from negresults.readable import readable
from negresults.reporting import widgets_wanted
from negresults.transfer.report import explore, tables

page = open_page(
    "transfer",
    "06_supplementary",
    seeds=seeds,
    arms=arms,
    shift_levels=shift_levels,
    target_sizes=target_sizes,
    preset=preset,
    device=device,
)
cfg, results = page.cfg, page.results

# %% [markdown]
# ## Every seed, every arm
#
# Test accuracy (%) of every seed at {eval}`tr_s_table_size` images per
# class: Table 1's runs, in which each arm chose its settings
# {eval}`tr_s_selection`. Seed *s* of one arm is paired with seed *s* of
# every other (same subset, folds, data order and head initialisation).

# %% tags=["remove-input"]
display(readable(tables.per_seed(results), "transfer", relabel=False))

# %% [markdown]
# {eval}`tr_s_perseed_more`

# %% tags=["remove-input"]
if len(page.values["tr_s_perseed_paired"]):  # not run with these parameters: said above
    display(readable(page.values["tr_s_perseed_paired"], "transfer", relabel=False))

# %% tags=["remove-input"] mystnb={"figure": {"name": "tr-per-seed", "caption": "{eval}`tr_s_perseed_caption`"}}
page.figure("tr_s_perseed")

# %% [markdown]
# The claim on the source without target images, seed by seed: test
# accuracy (%) at {eval}`tr_s_table_size` images per class under Table 1's
# protocol, on {eval}`tr_s_pure_seeds`. Scratch is Table 1's own run on each
# seed, and every other arm trains from that source.

# %% tags=["remove-input"]
if len(page.values["tr_s_perseed_pure"]):  # not run with these parameters: no seed above
    display(readable(page.values["tr_s_perseed_pure"], "transfer", relabel=False))

# %% [markdown]
# {eval}`tr_s_second_intro`

# %% tags=["remove-input"]
if len(page.values["tr_s_perseed_second"]):  # not run with these parameters: said above
    display(readable(page.values["tr_s_perseed_second"], "transfer", relabel=False))

# %% [markdown]
# ## Learning curves
#
# Validation accuracy during target training at the chosen grid point, at
# Table 1's size. When this notebook runs in Jupyter, the explorer below
# lets you pick arms and size; in the static book it shows every arm.

# %% tags=["remove-input"]
# Live, a widget to pick arms; in the book, the glued figure below.
if widgets_wanted():
    display(explore.explorer(results))

# %% tags=["remove-input"] mystnb={"figure": {"name": "tr-curves", "caption": "{eval}`tr_s_curves_caption`"}}
page.figure("tr_s_curves")

# %% [markdown]
# ### Was any arm cut short?
#
# Every run at the declared budgets trains on for another
# {eval}`tr_s_extension` % of its budget after the budget ends (the budget
# axis's longer runs do not), and no selection rule reads those steps. Per arm at
# Table 1's size, on Table 1's source and then on the source without target
# images: the logged step where the chosen setting stopped (median over
# seeds), the first logged step at or past one and a half times that stop,
# where the longer run is read (median), and how much accuracy on the large
# validation split (never the holdout that stopped it) the longer run gains
# over the model reported, mean (std) over seeds with its 95% interval.
# Scratch on the source without target images is Table 1's own run, in the
# first row. In short: {eval}`tr_s_cut_short`. {eval}`tr_s_pure_cut_short`
# {eval}`tr_s_finish_by_size` This check continues the same run, so it
# cannot see what a longer budget, with its longer patience and schedule,
# would reach; the budget axis in the [Experiments](04_experiments) does,
# and says what it adds to each arm it runs.

# %% tags=["remove-input"]
display(readable(page.values["tr_s_final_gain"], "transfer", relabel=False))

# %% [markdown]
# ## Source models
#
# Each pretrained network evaluated on held-out source images and directly
# on the target test set, with no target training, and the drop from one to
# the other with its 95% interval: means over every seed of Table 1 for the
# no-shift control and the subtlest level, over the shift axis's seeds for
# the others, as the analysis plan declares (the fonts level also pretrains
# on the other seeds of Table 1, for the claim on the source without target
# images, whose section gives its source-only accuracy there). The no-shift
# control is listed first and named as one{eval}`tr_s_hand_source_row`:

# %% tags=["remove-input"]
display(readable(page.values["tr_s_shift_sizes"], "transfer", relabel=False))

# %% tags=["remove-input"] mystnb={"figure": {"name": "tr-pretrain", "caption": "{eval}`tr_s_pretrain_caption`"}}
page.figure("tr_s_pretrain")

# %% [markdown]
# ## Hyperparameter selection
#
# How often each learning rate of the grid (rows) was chosen, per arm
# (columns), over every run of every part (default analysis):

# %% tags=["remove-input"]
display(readable(tables.selected_lrs(results), "transfer", relabel=False))

# %% [markdown]
# ## Hyperparameters
#
# Generated from the stored configurations of the runs shown on this page,
# one row per value: where runs differ, the last column says which runs
# take each value (the arm, the source, or the seeds).

# %% tags=["remove-input"]
display(readable(tables.hyperparameters(results), "transfer", code=["index", "value"]))
