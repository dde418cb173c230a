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
# workers, from an empty store:
#
# - Study A's 510 runs take between about 285 and about 400 minutes of wall
#   time on two workers. The stored runs measured 798 core-minutes in all (the
#   Appendix's cost table), about 400 minutes with two workers busy
#   throughout; many were made again on 2026-12-06 after a change re-keyed
#   them, beside other work. The sweeps that first made them took about 285:
#   on 2026-12-04, a
#   day the machine ran a one-thread matrix product at 147 GFLOP/s, its first
#   tuning and reported runs took about 45 minutes and its 96 stability runs
#   27 (on 2026-12-06 the plan's eleventh revision replaced these with 120 on
#   fresh seeds and one more rate, 33 min 45 s); on 2026-12-05 the 36 runs that seeds chosen by power added took 16,
#   the 20 runs of the controls at label mixing 9, the linear projections'
#   34 runs at twice the length 24, in place of 34 runs of about 15, the
#   65 runs of the analysis plan's ninth revision (the baseline trained as
#   long as the linear projections, and more seeds for the comparison with the
#   colour-only control) 37, and the 133 runs of its tenth (fresh seeds for
#   three "in some runs" counts, most of them linear projections at twice the
#   length) 80; on 2026-12-06 the 44 runs of its twelfth (the baseline and the
#   colour-only control at twice the length under label mixing, for the
#   Figure 1 claims there) took 53 min 22 s (106 core-minutes).
# - Study B's 2889 runs take about 165 minutes of wall time on two workers:
#   on 2026-12-05 one sweep from an empty store made 2141 of them in
#   117 min 33 s (235 core-minutes summed over its runs), and the 73
#   runs of the non-deep baselines on the handwriting control's images
#   took 38 s. A source of Table 1's handwriting alone, declared on
#   2026-12-06, adds 219 runs, about 8 minutes (16.4 core-minutes), and the
#   same handwriting at Table 1's passes 219 more, 8 min 31 s (16.5). The
#   linear probe's wider grid, declared later that day, made its 140 runs
#   again in 79 s and added none. The budget axis from the font-only
#   source, declared after that, adds 36 runs, 5 min 31 s (10.2 core-minutes),
#   and the font-only claim at that longer budget on its own seeds 201 more,
#   23 min 31 s (46.3 core-minutes).
#
# The install takes about 2 minutes and the pages 3, so a cold `make book`
# takes about seven and a half to nine and a half hours, and longer on a slow day (see the
# README); a build after a change to the pages alone re-uses the stored runs.
# The `gpu` preset scales the same experiments up. The page [Reproducibility](reproducibility) records how
# the pages you are reading were produced.
#
# ```{tableofcontents}
# ```
