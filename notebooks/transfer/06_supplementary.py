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
# # Supplementary material
#
# Per-seed values, learning curves, source-only accuracy and the
# hyperparameters of the runs shown on this page, all read from the results
# store.

# %% tags=["parameters", "remove-cell"]
seeds = None
arms = None
target_sizes = None
preset = None
device = "auto"

# %% tags=["hide-input"]
from IPython.display import Markdown, display

from negresults.pages import open_page
from negresults.transfer.report import explore, tables

page = open_page(
    "transfer",
    "06_supplementary",
    seeds=seeds,
    arms=arms,
    target_sizes=target_sizes,
    preset=preset,
    device=device,
)
cfg, results = page.cfg, page.results

# %% [markdown]
# ## Every seed, every arm
#
# Test accuracy (%) of every seed at {glue:text}`tr_s_table_size` images
# per class; seed *s* of one arm is paired with seed *s* of every other
# (same subset, data order and head initialisation).

# %% tags=["remove-input"]
display(tables.per_seed(results, cfg.table_size))

# %% [markdown]
# ```{glue:figure} tr_s_perseed
# :name: "tr-per-seed"
#
# Every seed's test accuracy per arm at the Table 1 size; grey lines join
# the arms of one seed.
# ```
#
# And at every size of the sweep:

# %% tags=["remove-input"]
for size in cfg.all_sizes:
    display(Markdown(f"**{size} images per class**"))
    display(tables.per_seed(results, size))

# %% [markdown]
# ## Learning curves
#
# Validation accuracy during target training of the runs at the selected
# learning rate, at the Table 1 size. When this notebook runs in Jupyter,
# the explorer below lets you pick seeds, arms and size; in the static book
# it shows every seed and arm at once.

# %% tags=["remove-input"]
# Live, a widget to pick arms and sizes; in the book, the glued figure below.
if not explore.is_static():
    display(explore.explorer(results))

# %% [markdown]
# ```{glue:figure} tr_s_curves
# :name: "tr-curves"
#
# Validation accuracy against training step, one line per arm and seed.
# ```
#
# ## Source-only accuracy and pretraining
#
# The pretrained network evaluated directly on the target test set, with
# no target training: {glue:text}`tr_s_source_only_mean` % on average (std
# {glue:text}`tr_s_source_only_std`), against
# {glue:text}`tr_s_source_val_mean` % on held-out source images.

# %% tags=["remove-input"]
display(
    results.pretraining.rename(
        columns={
            "source_val_acc": "source validation accuracy (%)",
            "source_only_target_acc": "source-only target test accuracy (%)",
            "source_images": "source training images",
        }
    )
    .set_index("seed")
    .round(1)
)

# %% [markdown]
# ```{glue:figure} tr_s_pretrain
# :name: "tr-pretrain"
#
# Source validation accuracy during pretraining, one line per seed.
# ```
#
# ## Learning-rate selection
#
# How often each learning rate of the grid was chosen, per arm, over every
# size and seed:

# %% tags=["remove-input"]
display(tables.selected_lrs(results))

# %% [markdown]
# ## Hyperparameters
#
# Generated from the stored configurations of the runs shown on this page,
# including the learning rate each arm selected at the Table 1 size.

# %% tags=["remove-input"]
display(tables.hyperparameters(results))
