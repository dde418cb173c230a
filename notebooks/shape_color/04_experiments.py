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
# # Experiments
#
# We train every arm of the design in the [Method](03_method) chapter and ask
# the questions of the paper {eval}`citep("sc_partial_failures")`: does shape
# accuracy keep rising while colour-critical accuracy stagnates, is colour
# neglected when shape is learned beside it, and do freezing the embedding or
# removing attention change that, or stabilise training? Every number below is
# computed from the stored runs when this page is built; intervals of
# accuracies are bootstrap 95% intervals of the mean (they stay within 0 to
# 100), intervals of differences are paired by seed.

# %% tags=["parameters", "remove-cell"]
seeds = None
ablations = None
colour_pressure = None
preset = None
device = "auto"

# %% tags=["hide-input"]
from IPython.display import display

from negresults.pages import open_page
from negresults.shape_color.report import explore

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
# The design holds {eval}`sc_n_runs` reported runs over
# {eval}`sc_n_seeds` seeds, each trained for {eval}`sc_epochs` epochs.
#
# ## The baseline learns both attributes
#
# Without colour pressure the baseline ends at
# {eval}`sc_base_shape_seen` shape accuracy on seen pairs of the test split
# and {eval}`sc_base_colour` colour accuracy (chance is
# {eval}`sc_chance`%). Over the last quarter of training its validation
# shape accuracy changes by {eval}`sc_plateau_gain`,
# {eval}`sc_target_reading`.
#
# ## Shape and colour over training, against single-attribute controls

# %% tags=["remove-input"] mystnb={"figure": {"name": "sc-fig-1", "caption": "{eval}`sc_fig1_caption`"}}
page.figure("sc_fig1")

# %% [markdown]
# The baseline's validation colour accuracy {eval}`sc_colour_epoch90`;
# its shape accuracy on seen pairs {eval}`sc_shape_epoch90`. The colour-critical
# benchmark, with hues the network never saw in training, ends at
# {eval}`sc_base_critical` for the baseline, against
# {eval}`sc_colour_only_critical` for the colour-only control (baseline
# minus control: {eval}`sc_neglect_gap`): {eval}`sc_neglect_reading`.
# The shape-only control reaches {eval}`sc_shape_only_shape` on seen pairs
# (baseline minus control: {eval}`sc_shape_cost`).
#
# ## Final test accuracy of every arm

# %% tags=["remove-input"]
display(page.values["sc_results"])

# %% [markdown]
# ## Colour pressure: the manipulation check
#
# Each level should lower colour-critical accuracy during training; whether it
# does, and by how much, is the difference from no pressure in validation
# colour-critical accuracy averaged over the epochs of training, paired by
# seed: {eval}`sc_pressure_reading`. A label-preserving jitter shows the
# network off-centre hues with their right labels, so it can act as colour
# augmentation rather than pressure; only a level that lowers colour-critical
# accuracy here pressures colour.

# %% tags=["remove-input"]
display(page.values["sc_pressure"])

# %% [markdown]
# ## The ablations against the baseline
#
# Each ablation minus the baseline on the same seeds, without pressure and at
# the declared pressure level (a positive colour-critical difference and a
# negative shape difference is the pattern the paper reports "in some runs";
# the [Conclusion](05_conclusion) counts the seeds that show it):

# %% tags=["remove-input"]
display(page.values["sc_paired"])

# %% [markdown]
# ## Stability, where there is instability
#
# In the standard regime the baseline's largest epoch-to-epoch fall of a
# validation curve is {eval}`sc_standard_drop`; in the unstable regime
# (no warm-up, a high rate) it is {eval}`sc_unstable_drop`. The
# manipulation check: {eval}`sc_unstable_reading`. The table gives each
# model's largest drop, how many seeds fall by more than the threshold, and
# the loss spikes per run (steps whose loss is more than twice the median of
# the 20 steps before).

# %% tags=["remove-input"]
display(page.values["sc_stability"])

# %% [markdown]
# ## Is colour missing, or present and unused?
#
# Linear probes on the pooled features, fit on clean training images, beside
# the same probes on the network's random-init features. On the off-centre
# hues the baseline's colour head reaches {eval}`sc_probe_head`, the
# colour probe {eval}`sc_probe_colour` (probe minus head:
# {eval}`sc_probe_gap`), and the same probe on random-init features
# {eval}`sc_probe_colour_init`: {eval}`sc_probe_reading`. The shape
# probe reads {eval}`sc_probe_shape` on trained features and
# {eval}`sc_probe_shape_init` on random-init ones. Colour-critical
# accuracy of the colour head and of colour probes (off-centre hues, never seen
# in training):

# %% tags=["remove-input"]
display(page.values["sc_probes_colour"])

# %% [markdown]
# Shape accuracy (every test pair) of the shape head and of shape probes:

# %% tags=["remove-input"]
display(page.values["sc_probes_shape"])

# %% [markdown]
# ## Zero-shot pairs: the shape head reads colour
#
# On seen pairs of the test split the baseline names the pair right
# {eval}`sc_zs_pair_seen` of the time; on held-out pairs
# {eval}`sc_zs_pair_unseen` (best harmonic mean over the calibration
# bias: {eval}`sc_zs_best_hm`). The shape head alone explains much of the
# gap: its accuracy on seen minus unseen pairs is {eval}`sc_zs_shape_gap`.
# Repainting the very same test objects tells why. Repainted in a colour the
# shape was trained with, shape accuracy is {eval}`sc_zs_recolour_seen`;
# repainted in a colour it never came in, {eval}`sc_zs_recolour_unseen`
# (difference {eval}`sc_zs_recolour_gap`). So
# {eval}`sc_zs_reading`. The shape-only control, which never had a colour
# loss, scores {eval}`sc_zs_shape_only_unseen` on unseen pairs. A large
# seen-unseen gap is a partial failure of exactly the kind the paper names,
# though not where it looks for it: good accuracy on the shape-colour
# combinations seen in training, poor accuracy on new combinations of the same
# shapes and colours.

# %% tags=["remove-input"]
display(page.values["sc_zero_shot"])

# %% [markdown]
# ## Explore the curves
#
# In a live notebook the widget below overlays any choice of seeds and
# variants; in the built book it shows every variant's curves, which the
# [Appendix](06_appendix) discusses.

# %% tags=["remove-input"]
explore.show_curves(results)
