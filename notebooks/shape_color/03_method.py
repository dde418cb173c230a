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
#
# The paper describes its method in one paragraph: a classifier trained on
# mixtures of colour and shape features, built from a feature encoder (with or
# without frozen embeddings) and an attention mechanism (absent in some
# ablations) {cite:p}`sc_partial_failures`. It names no dataset, split,
# architecture or schedule. This chapter fixes each of them, in a form that
# runs offline on a laptop CPU; every setting below is read from the config
# that the [Experiments](04_experiments) chapter runs.

# %% tags=["parameters", "remove-cell"]
preset = None

# %% tags=["hide-input"]
from IPython.display import display

from negresults.pages import open_page
from negresults.shape_color.report import explore, tables

page = open_page("shape_color", "03_method", preset=preset)
cfg = page.cfg

# %% [markdown]
# ## Data
#
# Each image shows one object on a grey background. The object has one of
# {glue:text}`sc_m_n` shapes ({glue:text}`sc_m_shapes`) and one of
# {glue:text}`sc_m_n` hues, so there are {glue:text}`sc_m_pairs` shape-colour
# pairs. Images are {glue:text}`sc_m_size` pixels square (preset
# {glue:text}`sc_m_preset`) and are drawn by a vectorised renderer from a
# seeded generator, so the same seed gives the same pixels. The nuisances are
# position, scale, rotation, the background's grey level and pixel noise
# (uniform, standard deviation {glue:text}`sc_m_noise`).
#
# **Colour without luminance.** Object colours are defined in OKLCH
# {cite:p}`sc_ottosson2020oklab` with chroma {glue:text}`sc_m_chroma` and
# class hues {glue:text}`sc_m_spacing` degrees apart. OKLab lightness is only
# approximately constant in luminance across hues, so we solve the lightness
# of each hue such that its CIE relative luminance is exactly
# {glue:text}`sc_m_luminance`: a grey-level copy of the image carries no
# colour information at all ({ref}`the colour figure <sc-fig-colours>`, and a test
# checks it).
# The background is always clearly darker or lighter than the objects, so
# shape is always visible as a luminance edge.
#
# ```{glue:figure} sc_fig_colours
# :name: sc-fig-colours
#
# Object colours of every class (middle row) and of the colour-critical
# benchmark (class hue ∓ {glue:text}`sc_m_offset` degrees), above their
# relative luminance rendered as grey: one uniform grey.
# ```
#
# **The zero-shot split.** {glue:text}`sc_m_held_out` of the
# {glue:text}`sc_m_pairs` pairs never occur in training. They are taken a
# permuted diagonal at a time, so that every shape and every colour keeps
# seen partners: a model can learn every shape and every colour, but must
# compose them to name a held-out pair. The training set has
# {glue:text}`sc_m_train_per_pair` images of each of the
# {glue:text}`sc_m_seen` seen pairs; the test set has
# {glue:text}`sc_m_test_per_pair` fresh images of every pair, seen and unseen.
#
# **The colour-critical benchmark** repeats the test set with each object's hue
# moved {glue:text}`sc_m_offset` degrees off its class centre, towards one
# neighbour or the other. Neighbouring classes then come within
# {glue:text}`sc_m_gap` degrees of each other: near-confusable hues that only a
# model reading fine hue differences gets right.
#
# The figure below shows every pair once (held-out pairs framed with a dashed
# line) and, on the right, the benchmark's two hues for one object per row. In
# a live notebook it is a browser of samples by shape, colour and split.

# %% tags=["remove-input"]
explore.show_samples(cfg)

# %% [markdown]
# ## Model
#
# A small Vision Transformer {cite:p}`sc_dosovitskiy2021vit`: a convolutional
# stem of stride-2 3x3 convolutions {cite:p}`sc_xiao2021early` maps each
# {glue:text}`sc_m_patch`x{glue:text}`sc_m_patch` patch to a token
# ({glue:text}`sc_m_tokens` tokens of width {glue:text}`sc_m_width`), which is
# layer-normalised and given a fixed sine-cosine position code. Then come
# {glue:text}`sc_m_depth` pre-norm Transformer blocks
# {cite:p}`sc_vaswani2017attention` with {glue:text}`sc_m_heads` attention
# heads, mean pooling over tokens, and two linear heads, one for shape and one
# for colour. A pair's score is the sum of the two heads' log-probabilities, so
# every pair, held out or not, can be predicted.
#
# The ablations flip two switches:
#
# - **frozen embeddings**: the stem keeps its random initialisation and is
#   never trained, the trick {cite:t}`sc_chen2021mocov3` used to stabilise
#   self-supervised ViT training (they froze a random linear patch projection);
# - **no attention**: each attention layer becomes a per-token MLP with nearly
#   the same number of parameters (tokens then never exchange information
#   before pooling; compare the token-mixing question of
#   {cite:t}`sc_tolstikhin2021mixer`);
# - **both** at once.
#
# Parameter counts, from the models themselves; the no-attention model differs
# from the baseline by {glue:text}`sc_m_param_gap`% of its parameters:

# %% tags=["remove-input"]
display(tables.parameter_table(cfg))

# %% [markdown]
# ## Training and the grid
#
# AdamW for {glue:text}`sc_m_epochs` epochs, batches of
# {glue:text}`sc_m_batch`, a peak learning rate of {glue:text}`sc_m_lr` with
# linear warm-up and cosine decay, weight decay {glue:text}`sc_m_wd`; the loss
# is the sum of the shape and colour cross-entropies. A seed fixes the images,
# the initial weights and the batch order, and is shared by every variant, so
# comparisons are paired by seed.
#
# **Colour pressure** is a declared axis of the grid ({glue:text}`sc_m_pressures`).
# "none" trains on the objects' class hues. "hue_jitter" shifts every training
# object's hue by a uniform random amount of up to ±{glue:text}`sc_m_jitter`
# degrees each time it is seen, while its colour label stays the same. With the
# default range of one class spacing a hue between two class centres occurs
# under both labels, so colour becomes an unreliable cue near class borders:
# one way a training set can push a model away from fine colour distinctions,
# while every other cue, shape included, stays as reliable as before. Without
# such pressure nothing in the training data works against colour, so without
# this axis Figure 1's "colour stagnates" could not even be posed fairly.
#
# The grid is {glue:text}`sc_m_seeds` seeds × {glue:text}`sc_m_variants`
# variants × the colour pressures, {glue:text}`sc_m_runs` runs in all.
#
# **Metrics, after every epoch**, on the test set and the benchmark: shape
# accuracy, colour accuracy, colour-critical accuracy (the colour head on the
# benchmark), and the compositional zero-shot metrics of
# {cite:t}`sc_purushwalkam2019taskdriven` and {cite:t}`sc_mancini2021openworld`:
# accuracy on seen and on unseen pairs when all pairs compete, their harmonic
# mean, and, sweeping a calibration bias added to the unseen pairs' scores
# {cite:p}`sc_chao2016calibrated`, the best harmonic mean and the area under
# the seen-unseen accuracy curve (AUC). **At the end**, a linear probe (logistic
# regression) for colour on the frozen pooled features of clean training images
# is tested on the benchmark: if the probe succeeds where the colour head
# fails, the colour information is present and unused; if both fail, it is
# missing.
