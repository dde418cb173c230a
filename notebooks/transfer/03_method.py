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
from IPython.display import display

from negresults.pages import open_page
from negresults.readable import readable

page = open_page("transfer", "03_method", preset=preset)
cfg = page.cfg

# %% [markdown]
# ## Source, target and the shift axis
#
# The numbers on this page describe the {eval}`tr_m_preset` preset.
# The **target** is scikit-learn's {eval}`tr_m_total` handwritten
# digits {eval}`citep("tr_alpaydin1998optical")`: 8x8 images whose 17 grey levels
# count the ink in 4x4 blocks of a size-normalised 32x32 bitmap.
# {eval}`tr_m_resize`. A fixed test set of
# {eval}`tr_m_test` images is drawn once, stratified by class, with a
# constant seed; no run's seed moves it. The same constant seed then sets
# aside a reservoir of {eval}`tr_m_reservoir` images that no seed's
# target split ever contains. From the rest, each seed draws a validation
# split of {eval}`tr_m_val` images and orders a training pool of
# {eval}`tr_m_pool` images per class; a training subset of *k* images
# per class is the first *k* of each class in that order, so the subsets of
# one seed are nested.
#
# The **source** the network is pretrained on is either a no-shift control
# or one of {eval}`tr_m_n_declared` declared shift levels, each a fixed
# transformation, listed in the order they were designed in, each meant to
# sit further from the target than the one before (how far each really
# sits is measured, and the measured order need not follow this one):
#
# - **The no-shift control**: no fonts at all, but the reservoir's
#   handwritten digits, more images of the target's own collection. Nothing
#   separates source from target but the sample, so this is a control, not a
#   shift level: it shows what pretraining gives when there is no shift.
# - **Handwriting with some fonts**, then **handwriting with mostly fonts**:
#   the control's source, the same size per class, with a declared share of
#   its images ({eval}`tr_m_mixed_shares`) replaced by fonts through the
#   target's acquisition (the next level). The shares were fixed before the
#   reported runs by a source-only pilot on the pilot seeds (pretraining
#   only): the lighter mix was expected to cost under 10 points on the
#   target, the heavier one between 10 and 30.
# - **Fonts through the target's acquisition**: digits drawn from the
#   {eval}`tr_m_fonts` TrueType fonts bundled with matplotlib and passed
#   through the target's own acquisition: each glyph's bounding box scaled to
#   fill a 32x32 frame, binarised, and counted in 4x4 blocks into 17 grey
#   levels.
# - **Fonts averaged down and quantised**: part of that acquisition: the
#   rendered glyph (its size and position left as drawn) averaged down to 8x8
#   and quantised to 17 levels.
# - **Crisp rendered fonts**: the rendering as drawn.
# - **Outlined fonts**: harder: only the outline of each stroke.
#
# This preset {eval}`tr_m_control_run` the no-shift control, and pretrains
# on {eval}`tr_m_n_real` of the shift levels: {eval}`tr_m_real_levels`.
# Every font level draws each glyph with a random size (a factor of
# {eval}`tr_m_scale`), position (up to {eval}`tr_m_shift` % of the
# side either way), rotation (up to {eval}`tr_m_rotation` degrees
# either way) and stroke weight; each seed renders its own
# {eval}`tr_m_source` source images. The size of each shift is
# measured, not assumed: the source model's accuracy on the target test
# set, beside its accuracy on held-out source images ([Experiments](04_experiments)).
#
# Every pretraining runs the same number of steps,
# {eval}`tr_m_pretrain_steps` batches of {eval}`tr_m_batch` (Adam,
# learning rate {eval}`tr_m_pretrain_lr`), whatever its
# source{eval}`tr_m_pretrain_except`. An epoch of pretraining is counted
# in the font levels' source size, {eval}`tr_m_epoch_images` images
# ({eval}`tr_m_epoch_batches` batches), whatever the source holds, so an
# epoch is a unit of steps, not one pass over a smaller source. The
# control and the mixed levels hold {eval}`tr_m_reservoir_per_class`
# images per class and the font levels {eval}`tr_m_source_per_class`, so
# the smaller sources are passed over more often. The length and rate
# were chosen on the pilot seeds alone so that every level's source model
# flattens before pretraining stops; the Supplementary shows each level's
# pretraining curve and the Conclusion what each still gained over the
# last quarter. {eval}`tr_m_pilot_pretrain`

# %% tags=["remove-input"] mystnb={"figure": {"name": "tr-samples", "caption": "{eval}`tr_samples_caption`"}}
page.figure("tr_samples")

# %% [markdown]
# ## Architecture and arms
#
# A small convolutional network: two 3x3 convolution, ReLU and 2x2 max-pool
# blocks, then a fully connected feature layer with ReLU (the **backbone**),
# then a **head** that maps features to classes. Pretraining trains backbone
# and a linear head on the source, once per source and seed; the result is
# stored and reused by every arm and target size of that seed. On the target,
# every arm gets a **new head**. The arms, and the parameters each one trains,
# as counted from the models the code builds:

# %% tags=["remove-input"]
display(readable(page.values["tr_m_arms"], "transfer", relabel=False))

# %% [markdown]
# The head with one hidden layer on a frozen backbone is there so that a head
# with more capacity can use features a linear probe cannot. Heads that read a
# frozen backbone read its features layer-normalised, without learned scale or
# shift, as linear probes of self-supervised features commonly are (MAE uses a
# parameter-free batch norm). Frozen features keep the scale pretraining left
# them at, and that scale sets the step size a head on them needs; normalised,
# they let every arm choose its learning rate from one grid (below; two arms
# extend it at one end), and the Experiments page counts how often a chosen
# rate still lies on an edge of its arm's grid.
#
# **Linear probe, then fine-tune (LP-FT).** Kumar et al. report that
# fine-tuning a pretrained network with a freshly initialised head distorts
# the pretrained features, and that fitting the head first on the frozen
# features and only then fine-tuning everything does better out of
# distribution {eval}`citep("tr_kumar2022finetuning")`. Our LP-FT arm does
# that: its head is first fitted alone on the frozen, normalised features of
# the whole training subset ({eval}`tr_m_lpft_steps` full-batch steps at
# learning rate {eval}`tr_m_lpft_lr`, the same for every seed), then the whole
# network is fine-tuned from there. The fine-tuning stage chooses its own
# learning rate and regularisation by the same protocol as every other arm,
# from the shared grid with its own lower rates added (below).
#
# **Rows beside the arms.** Two rows a reader looks for involve no network
# trained on the target. *Source-only* is the pretrained source model applied
# to the target test set as it is. The *non-deep baselines* are trained on
# the very images each seed gives the networks, read as flat pixel vectors
# {eval}`citep("tr_pedregosa2011scikit")`: {eval}`tr_m_baselines`. Each
# baseline's setting, and which of them is reported as the best non-deep
# one, are chosen on the same selection data as the networks' settings,
# never on the test set, by the top score rather than the networks'
# one-standard-error rule; a tie goes to the more strongly regularised
# setting. {eval}`tr_m_nondeep_widened`
#
# ## Budgets: when a run stops
#
# An arm's budget is {eval}`tr_m_epochs` passes over its training subset
# (batches of up to {eval}`tr_m_batch` images), and never fewer than
# {eval}`tr_m_min_steps` steps. {eval}`tr_m_budget_binds` Scratch, which starts from
# random weights, gets {eval}`tr_m_scratch_scale` times that budget: in an
# earlier round it never stopped before its budget ran out and was
# still gaining past it, while every transferred arm had stopped early
# (the analysis plan gives the numbers). The pilot keeps the budget it ran
# with. Validation is logged at
# {eval}`tr_m_eval_points` evenly spaced steps of the budget. Within it, each
# run {eval}`tr_m_budget_rule`. The stopping rule reads the same selection
# data as the choice of settings (below), and was declared before the runs.
# Every run at the declared budgets then keeps training for
# {eval}`tr_m_extension` % of its budget past its end, logged at the same
# spacing; no rule reads those steps (the budget axis's longer runs, below,
# train no such extension). They
# answer one question only: how much would
# each arm still have gained, had it trained half as long again past where it
# stopped? The [Supplementary](06_supplementary) material measures it on the
# large validation split, never on the holdout that stopped the run. An arm
# counts as finished when that gain, averaged over seeds, is at most
# {eval}`tr_m_max_gain` point, a limit set before the runs; its interval is
# shown beside it. The limit reads the mean: at Table 1's size the interval
# is narrower, while on the few seeds of the other sizes it is wide enough
# that a mean within the limit does not show the arm had finished.
#
# A budget axis asks whether the verdict depends on the budget at all:
# fine-tuning and LP-FT also train at {eval}`tr_m_budget_scales` times their
# declared budget, each beside scratch trained exactly as long, at
# {eval}`tr_m_budget_sizes` images per class, {eval}`tr_m_budget_sources`,
# on the shift axis's seeds, stopped by the same rule and
# chosen by the same protocol (the
# [Experiments](04_experiments) chapter reports it). It was declared with the
# configuration before its runs and is not one of the judged claims.
#
# ## Hyperparameters, tuned for every arm
#
# Every arm, scratch included, at every size and seed, is trained at each
# of {eval}`tr_m_grid_points` grid points: learning rates
# {eval}`tr_m_lrs` (AdamW), weight decays {eval}`tr_m_wds`, and
# augmentation {eval}`tr_m_augs` (*shift*: a random translation of up
# to {eval}`tr_m_aug_shift` % of the side); {eval}`tr_m_reg_rule`.
# {eval}`tr_m_own_lrs`
# Which point is kept is decided by a validation protocol:
#
# - **holdout**: a validation set the size of the training set (*k*
#   images per class from the seed's validation split): what a practitioner
#   who labelled 2*k* images per class can run.
# - **cross-validation**: *k*-fold cross-validation inside the training
#   subset, stratified by class. It trains every grid point once more per
#   fold, so it is optional. {eval}`tr_m_cv_status`.
# - **oracle**: the per-seed validation split above, often larger than the
#   training subset itself. No practitioner with *k* images per class has
#   it; it is kept as a named upper bound on what selection can do.
#
# For Table 1, every arm chooses {eval}`tr_m_protocol_words`. On those
# scores the choice {eval}`tr_m_rule_details`. The protocol, the stopping
# rule and this selection rule are declared in the study's analysis plan,
# fixed before the runs it judges (the [Conclusion](05_conclusion) gives the
# commit that holds it); the specification curve on the
# [Experiments](04_experiments) page shows what the other choices would have
# said.
#
# The choice reads validation scores only; the test score of the chosen
# point is looked up afterwards. A unit test checks that changing every test
# score changes no choice. A chosen learning rate at either end of the grid
# would mean the grid was too narrow, or that the selection data could not
# tell the rates apart. A pick inside the grid does not rule either out:
# the rule takes the median of the tied rates, so the tie can reach an edge
# while the pick does not. [Experiments](04_experiments) counts both.
#
# ## Design and cost
#
# Each run trains a whole grid of settings (the table below counts the
# networks), so the full product of shift levels x sizes x arms x seeds x
# cross-validated selection would cost many times what this design does;
# the runs go where the questions are, in eight parts (the budget axis,
# above, beside them):
#
# 1. **Pilot**: scratch and fine-tuning at {eval}`tr_m_pilot_sizes`
#    images per class on pilot seeds {eval}`tr_m_pilot_seeds`, which
#    are never reported as results. Its rule fixes Table 1's size (below).
# 2. **Table 1**: every arm and the non-deep baselines at
#    {eval}`tr_m_table_size` images per class, source
#    {eval}`tr_m_table_level`, on {eval}`tr_m_n_seeds` seeds, each choosing
#    its settings {eval}`tr_m_selection_words`. The specification curve
#    re-analyses these runs.
# 3. **Shift axis and target sizes**: scratch, fine-tuning and LP-FT for
#    every source at {eval}`tr_m_shift_sizes` images per class, and the
#    non-deep baselines at the same sizes, on the first
#    {eval}`tr_m_shift_n` seeds, each choosing its settings by Table 1's
#    protocol and rule (never the oracle). The no-shift control also runs
#    fine-tuning and LP-FT at Table 1's size on every seed of Table 1.
# 4. **The second claim**: scratch, and fine-tuning and LP-FT on the
#    no-shift control and at the subtlest level, at Table 1's size and
#    protocol, on {eval}`tr_m_claim_seeds`, which Table 1 and the pilot
#    never use. The claim is judged on these seeds alone: the round on
#    Table 1's seeds showed an outcome the earlier plan had no name for, and
#    the revision that names it is tested where it could not have been
#    fitted. The first of them ran under earlier revisions of the plan; later
#    ones added seeds by power, set from the spreads of those runs alone.
# 5. **A source without target images**: every transferred arm at Table 1's
#    size and protocol on the source without target images,
#    {eval}`tr_m_pure_level`, on {eval}`tr_m_pure_seeds`: the first claim
#    judged a second time, on seeds the shift axis had not run at that
#    source.
# 6. **Scratch given the source's handwriting**: {eval}`tr_m_hand_part`
# 7. **A source of that handwriting alone**: {eval}`tr_m_hand_source_part`
# 8. **That source at Table 1's passes**: {eval}`tr_m_hand_matched_part`
#
# In all, {eval}`tr_m_arm_runs` arm runs at the declared budgets,
# {eval}`tr_m_budget_runs` on the budget axis, {eval}`tr_m_baseline_runs`
# runs of the non-deep baselines and {eval}`tr_m_pretrains` pretrainings,
# which took
# {eval}`tr_m_core_minutes` core-minutes on one thread each
# ({eval}`tr_m_timed_runs`).
# The table below says where that time goes, part by part, with the
# models each part fitted: a run fits its whole grid of settings, so it
# counts one network for each grid point it trains (on the training subset
# and on each fold), a pretraining counts one, and a run of the non-deep
# baselines counts each setting of each of them. A run that
# several parts read counts once, in the first of them in the table's
# order, and a source model in the first part whose arm reads it. The
# no-shift control's runs on Table 1's seeds have a row of their own: the
# second claim is judged on its fresh seeds alone. {eval}`tr_m_cost_words`

# %% tags=["remove-input"]
display(readable(page.values["tr_m_cost"], "transfer", relabel=False))

# %% [markdown]
#
# ## Seed pairing
#
# One seed fixes, for every arm alike: the validation split, the training
# subset and its folds; the order of mini-batches; the initialisation of
# the head (the linear heads of every arm start from the same weights); and the backbone initialisation, which is the same for
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
# touches the margin.) "Seeds needed" is, for an effect or an undecided
# verdict, the number of paired seeds a two-sided paired t-test needs for
# 80% power at the difference we observed, with a range from the 95%
# interval of the SD; for an equivalence verdict, the number the TOST needs
# for 80% power to show equivalence within the margin when the true
# difference is zero. All of it is computed with SciPy's statistics module.
