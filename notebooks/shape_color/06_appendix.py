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
# # Appendix
#
# Learning curves of every variant, every seed's final numbers, and the
# hyperparameters, generated from the stored configs of the very runs shown
# here {cite:p}`sc_partial_failures`.

# %% tags=["parameters", "remove-cell"]
seeds = None
ablations = None
colour_pressure = None
preset = None
device = "auto"

# %% tags=["hide-input"]
from IPython.display import display

from negresults.pages import open_page
from negresults.shape_color.report import tables

page = open_page(
    "shape_color",
    "06_appendix",
    seeds=seeds,
    ablations=ablations,
    colour_pressure=colour_pressure,
    preset=preset,
    device=device,
)
results = page.results

# %% [markdown]
# ## A. Learning curves of the ablations
#
# ```{glue:figure} sc_fig_curves
# :name: sc-fig-curves
#
# Test accuracy over training for shape, colour and the colour-critical
# benchmark: one column per variant, one row per colour-pressure setting;
# mean over seeds with a band for the 95% confidence interval of the mean.
# ```
#
# ## B. Every seed
#
# Final test metrics of each of the {glue:text}`sc_appendix_n_runs` runs, in
# percentage points: nothing in the tables of the
# [Experiments](04_experiments) chapter is averaged from anything else.

# %% tags=["remove-input"]
display(
    tables.per_seed_table(
        results,
        ("shape_acc", "colour_acc", "critical_colour_acc", "probe_critical_acc", "best_hm", "auc"),
    )
)

# %% [markdown]
# ## C. Hyperparameters
#
# Every field of the stored run configs (the exact dicts that were hashed into
# the results store's keys), with the values that occur in the runs shown. The
# "Meaning" column is read from the comments in the config's source.

# %% tags=["remove-input"]
display(tables.hyperparameter_table(results))

# %% [markdown]
# Parameter counts of each variant, from the runs: the no-attention variants
# replace each attention layer by a per-token MLP of nearly the same size, and
# the frozen variants keep their random stem out of the optimiser.

# %% tags=["remove-input"]
counts = (
    results.final.groupby("ablation")[["n_params", "n_trainable", "n_mixer_params"]]
    .first()
    .rename(
        columns={
            "n_params": "Parameters",
            "n_trainable": "Trainable",
            "n_mixer_params": "Token mixer",
        }
    )
)
display(counts)

# %% [markdown]
# ## D. Cost
#
# Training took {glue:text}`sc_appendix_mean_seconds` s per run on average, and
# {glue:text}`sc_appendix_total_minutes` minutes for all runs together, measured
# by the runs themselves (wall time of the training loop with its per-epoch
# evaluations, excluding data
# generation and the final probe) on whatever machine executed them.
