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
# # Appendix
#
# Learning curves of every arm, the learning-rate choices, every seed's final
# numbers and every stability run, the hyperparameters and the cost, generated
# from the stored runs shown here, as the paper's appendix promises
# {eval}`citep("sc_partial_failures")`.

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
# ## A. Learning curves of every arm
#
# One panel per model and colour-pressure level it was trained at. A
# single-attribute control trains one head, so only that head's curves are
# drawn for it.

# %% tags=["remove-input"] mystnb={"figure": {"name": "sc-fig-curves", "caption": "{eval}`sc_fig_curves_caption`"}}
page.figure("sc_fig_curves")

# %% [markdown]
# ## B. Learning rates, chosen on validation
#
# Final seen-pair validation accuracy (mean of the trained heads) of each tuned
# model at every rate of its grid, on {eval}`sc_appendix_pilot`, at the length
# it trains; the chosen rate is the best, the lowest of them on a tie.
# {eval}`sc_edge_picks` on an edge of the grid (where a
# better rate could lie outside it).{eval}`sc_appendix_ties`

# %% tags=["remove-input"]
display(readable(page.values["sc_tuning"], "shape_color"))

# %% [markdown]
# ## C. Every seed
#
# Final test accuracy of each of the {eval}`sc_appendix_n_runs` reported
# runs, in percent: nothing in the tables of the [Experiments](04_experiments)
# chapter is averaged from anything else.

# %% tags=["remove-input"]
display(readable(page.values["sc_per_seed"], "shape_color"))

# %% [markdown]
# Each of the {eval}`sc_appendix_n_stability` stability runs: its learned dip
# (counted once the shape head reached half its readings right; "not learned"
# where it never did) and its largest dip over the whole run, both of the mean
# of both heads in accuracy points, each head's accuracy at the end in percent,
# and its first-layer gradient spikes.

# %% tags=["remove-input"]
display(readable(page.values["sc_stability_seeds"], "shape_color"))

# %% [markdown]
# ## D. Hyperparameters
#
# Every key of the stored run configs (the exact dicts that were hashed into
# the results store's keys), reported and stability runs alike, with the values
# that occur in the runs shown and which runs hold a key that not every run
# holds. The "Meaning" column is read from the help text declared beside each
# field.

# %% tags=["remove-input"]
display(
    readable(page.values["sc_hyper"], "shape_color", code=["index", "Value(s) in the runs shown"])
)

# %% [markdown]
# ## E. Cost
#
# Training took {eval}`sc_appendix_mean_seconds` s per reported run on
# average, and {eval}`sc_appendix_total_minutes` core-minutes for all runs
# together, tuning and stability runs included, as measured by the runs
# themselves (the training loop with its validation, single-threaded) on
# whatever machine executed them.

# %% tags=["remove-input"]
display(page.values["sc_cost"])

# %% [markdown]
# ## F. The analysis plan, as committed
#
# The rules every verdict follows, the margins, the manipulation checks and the
# history of the plan's revisions, as the plan itself records them (revision
# {eval}`sc_appendix_plan_revision`; the [Method](03_method) chapter gives the
# commit it came in). Each revision was committed before the runs it added;
# where its rules read runs already seen, its paragraph says so. Each paragraph
# is kept as it was written, so an earlier revision's paragraph describes the
# design of its day (its seed counts and lengths), and a later paragraph says
# what changed. Names in code formatting are the library's; the first
# paragraph below gives the values of the plan's named constants.

# %% tags=["remove-input"]
display(Markdown(page.values["sc_appendix_plan"]))
