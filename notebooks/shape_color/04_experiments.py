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
# neglected when shape is learned beside it, do freezing the embedding or
# removing attention change that, and do they stabilise training? Every number
# below is computed from the stored runs when this page is built. Intervals of
# accuracies are bootstrap 95% intervals of the mean (they stay within 0 to
# 100); intervals of differences are 95% t intervals, paired by seed. Each
# claim's verdict follows the analysis plan (see the Method chapter), and the
# verdict after Holm's adjustment over all claims is given beside it.

# %% tags=["parameters", "remove-cell"]
seeds = None
ablations = None
colour_pressure = None
preset = None
device = "auto"

# %% tags=["hide-input"]
from IPython.display import Markdown, display

from negresults.pages import open_page
from negresults.readable import readable
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


def table(key):
    return readable(page.values[key], "shape_color")


# %% [markdown]
# The design holds {eval}`sc_n_runs` reported runs and
# {eval}`sc_n_stability_runs` densely
# monitored stability runs; the reported runs on {eval}`sc_n_seeds` seeds in
# every cell{eval}`sc_n_powered`,
# the stability runs on {eval}`sc_n_stability_seeds` seeds of their own. The
# reported runs train {eval}`sc_epochs` epochs{eval}`sc_variant_epochs`.
#
# ## The baseline: both attributes, and the plateau check
#
# Without colour pressure the baseline ends at
# {eval}`sc_base_shape_seen` shape accuracy on seen pairs of the test split
# and {eval}`sc_base_colour` colour accuracy (chance is
# {eval}`sc_chance`%). Over the last quarter of training its validation
# shape accuracy on seen pairs changes by {eval}`sc_plateau_gain`,
# {eval}`sc_target_reading`. Over every arm whose final accuracy a claim
# compares, the largest mean last-quarter gain is
# {eval}`sc_plateau_worst` (the {eval}`sc_plateau_worst_arm`). Per model
# and level (mean over seeds with its 95% t interval):

# %% tags=["remove-input"]
display(table("sc_plateau"))

# %% [markdown]
# ## Figure 1: shape and colour over training, against single-attribute controls

# %% tags=["remove-input"] mystnb={"figure": {"name": "sc-fig-1", "caption": "{eval}`sc_fig1_caption`"}}
page.figure("sc_fig1")

# %% [markdown]
# The baseline's validation colour accuracy {eval}`sc_colour_epoch90`;
# its shape accuracy on seen pairs {eval}`sc_shape_epoch90`.
#
# The paper's Figure 1 makes three claims about these curves; a fourth row
# reads colour-critical accuracy against the colour-only control. Each is read
# per seed from the middle epoch to the last, on the validation split, and
# judged only at a level where the baseline passes the plateau check: over
# the last quarter its seen-pair shape accuracy changes by
# {eval}`sc_curve_plateau`, {eval}`sc_curve_plateau_reading`.
#
# Without colour pressure:
#
# - shape accuracy keeps rising: {eval}`sc_curve_shape_none`;
# - colour-critical accuracy stagnates (no measurable change, and none beyond
#   the margin):
#   {eval}`sc_curve_colour_none`;
# - shape rises while colour-critical accuracy stalls, read as the shape gain
#   minus the colour-critical gain, a relative claim that holds even if both
#   move: {eval}`sc_curve_relative_none`;
# - against the colour-only control, colour-critical accuracy gains less
#   beside shape than alone, read as the baseline's colour-critical gain minus
#   the control's on the seeds both ran (added by the plan's seventh revision,
#   after these curves had been drawn on its first seeds, and given more by
#   the ninth): {eval}`sc_curve_control_none`.
#
# At {eval}`sc_curve_pressure_label`{eval}`sc_curve_pressure_runs`
#
# - shape accuracy keeps rising: {eval}`sc_curve_shape_pressure`;
# - colour-critical accuracy stagnates: {eval}`sc_curve_colour_pressure`;
# - shape rises while colour-critical accuracy stalls, read as the shape gain
#   minus the colour-critical gain: {eval}`sc_curve_relative_pressure`;
# - against the colour-only control trained under the same labels, colour-critical
#   accuracy gains less beside shape than alone (the seventh revision, declared
#   before the control ran at this level): {eval}`sc_curve_control_pressure`.
#
# {eval}`sc_curve_common_length` {eval}`sc_curve_long_none`
#
# {eval}`sc_curve_colour_shared`
#
# The plan reads these claims over the second half of training. Over the
# last quarter instead, the window the plateau check reads, the changes are:
# {eval}`sc_curve_last_quarter`. The two windows together say how much of
# each change came late in training.
#
# {eval}`sc_colour_fall`
#
# ## Final test accuracy of every arm

# %% tags=["remove-input"]
display(table("sc_results"))

# %% [markdown]
# ## Colour pressure: the manipulation check
#
# A level counts as pressure only if training at it lowers the baseline's
# colour-critical test accuracy, against no pressure on the same seeds, with a
# 95% interval below zero; any other level is named augmentation. Per level:
# {eval}`sc_pressure_reading`. {eval}`sc_pressure_ablation`

# %% tags=["remove-input"]
display(table("sc_pressure"))

# %% [markdown]
# ## Neglect, measured on both attributes
#
# On the colour-critical benchmark, hues the network never saw in training,
# the baseline ends at {eval}`sc_base_critical` and the colour-only control
# at {eval}`sc_colour_only_critical`; the paper's claim that focusing on
# shape neglects colour reads the baseline minus the control:
# {eval}`sc_neglect_claim`. On seen-pair shape, the baseline ends at
# {eval}`sc_base_shape_seen` and the shape-only control at
# {eval}`sc_shape_only_shape`; baseline minus control:
# {eval}`sc_shape_cost_claim`. Read together, the two numbers show {eval}`sc_neglect_reading`.
#
# ## The ablations, each against its reference arm
#
# Each comparison is the arm minus its reference on the same seeds: freezing
# the projection is the frozen minus the trained linear projection; the stem
# is the trained linear projection minus the conv baseline{eval}`sc_stem_lengths`;
# freezing the conv
# stem and removing attention are each minus the baseline. The paper reports
# that "in some runs" colour-critical accuracy improved slightly while shape
# regressed; the last column counts the seeds that show both at once, and the
# count rule of the plan says how many it takes to support the claim. In a
# row judged on fresh seeds, every column reads those seeds alone.

# %% tags=["remove-input"]
display(table("sc_ablations"))

# %% [markdown]
# Without colour pressure:
#
# - freezing the linear projection: {eval}`sc_ab_frozen_linear_none`;
# - the linear projection in place of the conv stem: {eval}`sc_ab_stem_none`;
# - freezing the conv stem: {eval}`sc_ab_frozen_conv_none`;
# - removing attention: {eval}`sc_ab_no_attention_none`.
#
# At {eval}`sc_curve_pressure_label`:
#
# - freezing the linear projection: {eval}`sc_ab_frozen_linear_pressure`;
# - the linear projection in place of the conv stem: {eval}`sc_ab_stem_pressure`;
# - freezing the conv stem: {eval}`sc_ab_frozen_conv_pressure`;
# - removing attention: {eval}`sc_ab_no_attention_pressure`.
#
# {eval}`sc_long_final` {eval}`sc_count_sensitivity`
#
# ## Stability, measured densely on a learning-rate axis
#
# Each stability run reads both heads' validation accuracy every few steps
# (the Method chapter), on the same images at every reading, so a dip is the
# model's own. The floor a learned dip is read against is the learned dips at
# the reference rate: {eval}`sc_dip_floor`.
#
# **The manipulation check.** The baseline's learned dip at each higher rate
# of the axis minus at the reference rate: {eval}`sc_instability_reading`.
# {eval}`sc_unstable_rate_reading` The second signature, the accuracy each
# higher rate costs the baseline by the end of a stability run (its final
# monitored accuracy at the reference rate minus at that rate):
# {eval}`sc_cost_reading`. The table gives both for every arm, with each
# head's accuracy at the end (the gate) and the largest dip over the whole run,
# falls while shape is still being learned included. {eval}`sc_collapse`

# %% tags=["remove-input"]
display(table("sc_stability"))

# %% [markdown]
# {eval}`sc_whole_run`
#
# {eval}`sc_cost_scope`

# %% tags=["remove-input"]
display(table("sc_head_costs"))

# %% [markdown]
# **Does freezing or removing attention stabilise training?** The paper says
# neither does. At the rate the rule picks for each, the ablation's learned
# dip minus its reference arm's (a negative value is a stabilisation: the
# ablation dips less):

# %% tags=["remove-input"]
display(Markdown(page.values["sc_stab_list"]))

# %% [markdown]
# {eval}`sc_ablation_by_rate`
#
# **Do they expose new instabilities?** The paper's conclusion says such
# changes can. The plan reads this at the reference rate, the one rate where
# every arm is read and nothing is unstable, so an absent change below means
# absent there, not at the higher rates, where only the exploratory counts of
# seeds that do not recover (above) compare the arms. At the
# reference rate, each arm's learned dip minus its reference arm's:

# %% tags=["remove-input"]
display(Markdown(page.values["sc_new_list"]))

# %% [markdown]
# {eval}`sc_new_scope` {eval}`sc_axis_exploratory`
#
# **Does the frozen projection help more at higher rates, as in MoCo v3?**
# {eval}`sc_frozen_trend`

# %% tags=["remove-input"]
display(table("sc_frozen_rates"))

# %% [markdown]
# {eval}`sc_grad_reading`; the figure shows the baseline's monitor at the
# reference rate and at each higher rate of the axis.

# %% tags=["remove-input"] mystnb={"figure": {"name": "sc-fig-monitor", "caption": "{eval}`sc_fig_monitor_caption`"}}
page.figure("sc_fig_monitor")

# %% [markdown]
# ## Is colour missing, or present and unused?
#
# Linear probes read the features at two layers (the pooled features the heads
# read, and the tokens after the first block), on the trained network and on
# the same network at its random initialisation (the Method chapter).
#
# **Hue, a target no head was trained on.** The hue probe's mean absolute
# error on the baseline's pooled features is {eval}`sc_hue_pooled`, against
# {eval}`sc_hue_pooled_init` at random initialisation; after the first
# block, {eval}`sc_hue_mid` against {eval}`sc_hue_mid_init`. A probe
# that knew only the class would err by {eval}`sc_class_only_error`
# degrees; the trained pooled error is {eval}`sc_hue_reading`. In degrees
# (lower is better):

# %% tags=["remove-input"]
display(table("sc_probes_hue"))

# %% [markdown]
# **Off-centre hues.** The baseline's colour head reaches
# {eval}`sc_probe_head` on the colour-critical benchmark, the colour probe
# on the pooled features {eval}`sc_probe_colour` (probe minus head:
# {eval}`sc_probe_gap`) and after the first block
# {eval}`sc_probe_colour_mid` (on random-init features at that layer,
# {eval}`sc_probe_colour_mid_init`; on the pooled random-init features,
# {eval}`sc_probe_colour_init`): {eval}`sc_probe_reading`. Colour-critical
# accuracy of each colour head and of the colour probes:

# %% tags=["remove-input"]
display(table("sc_probes_colour"))

# %% [markdown]
# Shape accuracy (every test pair) of each shape head and of the shape probes:

# %% tags=["remove-input"]
display(table("sc_probes_shape"))

# %% [markdown]
# **Against Hermann and Lampinen.**
# {eval}`citet("sc_hermann2020shapes")` found, in networks trained on
# synthetic images whose features they controlled, that colour is more linearly
# decodable than shape from an untrained network and is learned first, and
# that training on one feature can suppress another in the representation.
# Our numbers, put the same way:
#
# - *Before training*: from the baseline's random-init pooled features, the
#   colour probe reads {eval}`sc_init_colour` of test images and the shape
#   probe {eval}`sc_init_shape` (colour minus shape: {eval}`sc_init_gap`):
#   {eval}`sc_init_reading`.
# - *Learned first*: on validation the baseline's colour accuracy
#   {eval}`sc_colour_first`, its seen-pair shape accuracy
#   {eval}`sc_shape_first`.
# - *Suppression*: the shape-only control never trains on colour. The colour
#   probe on its trained pooled features reads {eval}`sc_supp_colour`,
#   against {eval}`sc_supp_colour_init` on the same network at random
#   initialisation (trained minus random init: {eval}`sc_supp_gap`; hue
#   error, trained minus random init: {eval}`sc_supp_hue`):
#   {eval}`sc_supp_reading`.
#
# ## Zero-shot pairs, and how much the shape head reads colour
#
# On seen pairs of the test split the baseline names the pair right
# {eval}`sc_zs_pair_seen` of the time and on held-out pairs
# {eval}`sc_zs_pair_unseen`, with no calibration. With the calibration bias
# chosen on the validation split and then applied to test, seen-pair accuracy
# is {eval}`sc_zs_cal_seen`, unseen-pair accuracy {eval}`sc_zs_cal_unseen`
# and their harmonic mean {eval}`sc_zs_cal_hm`; the best harmonic mean over
# every bias, swept on test itself and so an upper bound no model selection
# could reach, is {eval}`sc_zs_best_hm`. The area under the seen-unseen curve
# that the bias traces, the summary compositional zero-shot work compares
# across models (as a share of the unit square, in percent), is
# {eval}`sc_zs_auc`.

# %% tags=["remove-input"]
display(table("sc_zero_shot"))

# %% [markdown]
# How much of the seen-unseen gap is the shape head's own? Its accuracy on
# seen minus unseen pairs is {eval}`sc_zs_shape_gap`. Repainting the very
# same test objects separates the colour a shape came in from the object
# itself. Repainted in a colour the shape was trained with, shape
# accuracy is {eval}`sc_zs_recolour_seen`; repainted in a colour it never
# came in, {eval}`sc_zs_recolour_unseen` (difference
# {eval}`sc_zs_recolour_gap`). So {eval}`sc_zs_reading`. The shape-only
# control, which never had a colour loss, scores
# {eval}`sc_zs_shape_only_unseen` on unseen pairs.
#
# **Label mixing.** Trained with {eval}`sc_zs_mixing_label`, the baseline's
# shape accuracy on unseen pairs is {eval}`sc_zs_mixing_unseen`, against
# {eval}`sc_zs_none_unseen` without pressure on the same
# {eval}`sc_zs_mixing_seeds` seeds (difference, paired by seed,
# {eval}`sc_zs_mixing_gap`): {eval}`sc_zs_mixing_reading`. The colour head
# moves the other way: its accuracy on unseen pairs is
# {eval}`sc_zs_mixing_colour_unseen` under label mixing against
# {eval}`sc_zs_none_colour_unseen` without pressure (difference
# {eval}`sc_zs_mixing_colour_gap`; chance is {eval}`sc_chance`%), so
# {eval}`sc_zs_mixing_colour_reading`. Named right on both attributes at once,
# an unseen pair is {eval}`sc_zs_mixing_pair_unseen` under label mixing.

# %% tags=["remove-input"]
display(table("sc_repaint"))

# %% [markdown]
# ## Training longer: what still changes
#
# {eval}`sc_length_reading`

# %% tags=["remove-input"]
if len(page.values["sc_length_table"]):
    display(table("sc_length_table"))

# %% [markdown]
# ## Explore the curves
#
# In a live notebook the widget below overlays any choice of seeds and
# variants; in the built book it shows every arm's curves, which the
# [Appendix](06_appendix) discusses.

# %% tags=["remove-input"]
explore.show_curves(results)
