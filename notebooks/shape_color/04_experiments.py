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
# We train every model of the grid described in the [Method](03_method) chapter
# and ask the two questions of the paper {cite:p}`sc_partial_failures`: does
# shape accuracy keep rising while colour-sensitive accuracy stagnates, and do
# the ablations (a frozen random embedding, no attention, or both) change that?
# Every number below is computed from the stored runs when this page is built.

# %% tags=["parameters", "remove-cell"]
seeds = None
ablations = None
colour_pressure = None
preset = None
device = "auto"

# %% tags=["hide-input"]
from IPython.display import display

from negresults.pages import open_page
from negresults.shape_color.report import explore, tables

page = open_page(
    "shape_color",
    "04_experiments",
    seeds=seeds,
    ablations=ablations,
    colour_pressure=colour_pressure,
    preset=preset,
    device=device,
)
results = page.results

# %% [markdown]
# The grid holds {glue:text}`sc_n_runs` runs: {glue:text}`sc_n_seeds` seeds for
# each of {glue:text}`sc_n_ablations` model variants and
# {glue:text}`sc_n_pressures` colour-pressure settings, each trained for
# {glue:text}`sc_epochs` epochs on {glue:text}`sc_n_train_images` images of the
# {glue:text}`sc_n_seen_pairs` seen shape-colour pairs. Test accuracies are
# measured after every epoch on images of all pairs, seen and held out; the
# colour-critical benchmark repeats the test with every object's hue moved
# {glue:text}`sc_critical_offset` degrees off its class centre.
#
# ## Shape and colour over training
#
# Our version of the paper's Figure 1 ({numref}`sc-fig-1`) follows the
# baseline through training.

# %% [markdown]
# ```{glue:figure} sc_fig1
# :name: sc-fig-1
#
# Our version of the paper's Figure 1: test accuracy of the baseline over training, for shape, colour
# and the colour-critical benchmark: the mean over seeds, with a band for the
# t-based 95% confidence interval of the mean. One panel per colour-pressure
# setting; the dotted line is chance.
# ```
#
# **Without colour pressure**, {glue:text}`sc_none_order`. The baseline's
# colour accuracy {glue:text}`sc_none_colour_epoch90` and ends at
# {glue:text}`sc_none_baseline_colour_acc`%,
# with {glue:text}`sc_none_baseline_critical_colour_acc`% on the
# colour-critical benchmark; shape ends at
# {glue:text}`sc_none_baseline_shape_acc`% (chance is
# {glue:text}`sc_chance`%). Over the second half of training shape accuracy
# {glue:text}`sc_none_shape_late`, while colour-critical accuracy
# {glue:text}`sc_none_critical_late`.
#
# **With hue jitter**, every training object's hue is shifted by up to
# ±{glue:text}`sc_jitter` degrees, so that near class borders the colour label
# no longer follows from the hue. Colour accuracy ends at
# {glue:text}`sc_hue_jitter_baseline_colour_acc`% and colour-critical accuracy
# at {glue:text}`sc_hue_jitter_baseline_critical_colour_acc`%; over the second
# half of training shape accuracy {glue:text}`sc_hue_jitter_shape_late` while
# colour-critical accuracy {glue:text}`sc_hue_jitter_critical_late`. If
# pressure against colour produced the paper's Figure 1, this is where it would
# show; whether the pattern holds across seeds is decided in the
# [Conclusion](05_conclusion)'s claims table, by a rule stated there.
#
# ## All ablations
#
# Final test metrics of every variant, in percentage points: mean (standard
# deviation, ddof = 1) over seeds, the number of seeds n and a t-based 95%
# confidence interval of the mean. "Best harmonic mean" and "AUC" are the
# compositional zero-shot summaries over the calibration bias (see
# [Method](03_method)).

# %% tags=["remove-input"]
display(tables.results_table(results))

# %% [markdown]
# Each ablation against the baseline, paired by seed (the same seed gives the
# same data, order and initial weights to every variant): the mean difference
# with its 95% confidence interval and the paired t-test, and whether a TOST
# equivalence test {cite:p}`sc_lakens2017equivalence` puts the difference
# within ±{glue:text}`sc_margin` points.

# %% tags=["remove-input"]
display(tables.paired_table(results))

# %% [markdown]
# ## Is colour missing, or present and unused?
#
# After training we fit a linear probe {cite:p}`sc_alain2016probes` for colour
# on the frozen pooled features of clean training images and test it on the
# colour-critical benchmark. Under hue jitter, the baseline's own colour head
# reaches {glue:text}`sc_hue_jitter_baseline_critical_colour_acc`% there and
# the probe {glue:text}`sc_hue_jitter_baseline_probe_critical_acc`%
# (paired difference, probe minus head:
# {glue:text}`sc_hue_jitter_probe_gap`). Without colour pressure the head
# reaches {glue:text}`sc_none_baseline_critical_colour_acc`% and the probe
# {glue:text}`sc_none_baseline_probe_critical_acc`%
# ({glue:text}`sc_none_probe_gap`). A probe well above the head would mean the
# features hold the fine colour distinction and the trained head does not use
# it; a probe no better than the head means the features lost it, or that the
# head already uses what there is. Read with its interval: under hue jitter,
# {glue:text}`sc_hue_jitter_probe_reading`; without colour pressure,
# {glue:text}`sc_none_probe_reading`.

# %% tags=["remove-input"]
display(tables.results_table(results, ("critical_colour_acc", "probe_critical_acc")))

# %% [markdown]
# ## Zero-shot pairs
#
# Composing the two heads predicts every one of the shape-colour pairs,
# including the held-out ones. At zero calibration bias the baseline without
# colour pressure scores {glue:text}`sc_none_baseline_seen_acc`% on seen pairs
# and {glue:text}`sc_none_baseline_unseen_acc`% on unseen pairs; sweeping the
# bias gives a best harmonic mean of {glue:text}`sc_none_baseline_best_hm`% and
# a seen/unseen AUC of {glue:text}`sc_none_baseline_auc`%. The per-variant
# numbers are in the tables above.
#
# ## Explore the curves
#
# In a live notebook the widget below overlays any choice of seeds and variants;
# in the built book it shows every variant's curves, which the
# [Appendix](06_appendix) discusses.

# %% tags=["remove-input"]
explore.show_curves(results)
