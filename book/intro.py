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
from IPython.display import Markdown, display

from negresults.citations import citep, citet  # noqa: F401
from negresults.config import resolve_preset
from negresults.findings import findings, verdict_counts
from negresults.reporting import glue_text

# %% [markdown]
# # Negative results, reproduced
#
# This book re-runs two short papers that report *negative* results in deep
# learning and asks, with our own code, data and statistics, whether their
# claims hold up.
#
# - **Study A, "Partial failures"** {eval}`citep("book_partial_failures")`: a
#   classifier of objects defined by shape and colour, with a feature encoder
#   and an attention module, is said to get better at shape while
#   colour-critical accuracy stalls, and freezing the embeddings or removing
#   attention is said not to help.
# - **Study B, "Failure of model transfer"** {eval}`citep("book_transfer_failure")`:
#   a model pretrained on a source domain and fine-tuned on a superficially
#   similar target with little data is said to be no better than the same model
#   trained from scratch.
# %% tags=["remove-cell"]
table = findings()
glue_text("book_findings_preset", resolve_preset(None))
glue_text("book_findings_counts", verdict_counts(table))

# %% [markdown]
# ## What we found
#
# Each claim of the two papers, the setting we test it in, our verdict under
# the rule fixed in each study's analysis plan, and why: the seed-paired
# estimate in accuracy points, its 95% interval and the seeds it rests on
# (preset {eval}`book_findings_preset`). In all, {eval}`book_findings_counts`.
# The table is computed from the same claims as the Conclusion chapters,
# where each verdict is argued in full: [Study A's
# Conclusion](notebooks/shape_color/05_conclusion) and [Study B's
# Conclusion](notebooks/transfer/05_conclusion). An *inconclusive* verdict
# means these seeds could not tell; it is not evidence against the claim.

# %% tags=["remove-input"]
for study, claims in table.groupby("Study", sort=False):
    display(Markdown(f"**{study}**"))
    display(
        claims.drop(columns="Study")
        .style.hide(axis="index")
        .set_properties(**{"text-align": "left", "white-space": "normal", "font-size": "85%"})
    )

# %% [markdown]
# ## How the book is made
#
# Every number, table and figure on these pages is computed when the book is
# built, by the `negresults` library in `src/`, from runs stored in the results
# store; none is typed by hand. Each chapter is a notebook: open it on Binder
# with the rocket button at the top of the page (Binder runs the small `smoke`
# preset from an empty store, and each results page says so at its top), or
# re-execute it with other seeds, ablations or presets with papermill (see the
# README).
#
# The default build uses the `cpu` preset: small generated or bundled datasets
# that run offline. Its runs are long. Measured on the 2-core machine with two
# workers, from an empty store (from 2026-12-04 to 2026-12-07):
#
# - Study A's 555 runs take about 445 minutes of wall time on two workers:
#   their measured times sum to about 890 core-minutes (the Appendix's cost
#   table gives each part).
# - Study B's 2889 runs take about 165 minutes of wall time on two workers,
#   about 300 core-minutes.
#
# The install takes about 2 minutes and the pages 3, so a cold `make book`
# takes about ten hours, and longer on a slow day; the README gives the
# time of each sweep and why the runs cost what they do. A build after a change
# to the pages alone re-uses the stored runs.
# The `gpu` preset scales the same experiments up. The page [Reproducibility](reproducibility) records how
# the pages you are reading were produced.
#
# ```{tableofcontents}
# ```
