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
# # Reproducibility
#
# How the pages of this book were produced: the code revision, the preset and
# the results store the notebooks read, the package versions, and how long
# each page took to execute.

# %% tags=["remove-input"]

import pandas as pd
from IPython.display import Markdown, display

from negresults import studies
from negresults.config import resolve_preset
from negresults.locations import default_root
from negresults.provenance import git_revision, package_versions
from negresults.reporting import glue_text
from negresults.runkeys import code_version, source_version

glue_text("book_revision", git_revision())
glue_text("book_code_version", source_version())
# What a run's key holds: its study's compute code, not the whole library.
glue_text(
    "book_compute_versions",
    "; ".join(f"{studies.get(s).title}: {code_version(s)}" for s in studies.STUDIES),
)
glue_text("book_preset", resolve_preset(None))
display(
    pd.DataFrame(
        {
            "setting": ["git revision", "library code version", "preset", "results store"],
            "value": [git_revision(), source_version(), resolve_preset(None), str(default_root())],
        }
    ).set_index("setting")
)

# %% [markdown]
# The pages were built from revision {eval}`book_revision` with the
# {eval}`book_preset` preset. Every stored run is keyed by its resolved
# configuration and by a hash of the code that computes it: its study's compute
# modules and the versions of the packages they import ({eval}`book_compute_versions`),
# so a change to that code can never be rendered with older numbers. The library
# code version in the table above hashes every source file, the pages' code
# included: it tells when a page must be executed again, and is in no run's key.
#
# ## Execution of each page
#
# ```{nb-exec-table}
# ```
#
# ## Package versions

# %% tags=["remove-input"]
package_versions()

# %% [markdown]
# ## Speed
#
# `benchmarks/bench.py` measures, side by side in one run and at one thread
# per run (what every sweep uses), each study's real model and batch under
# our training loop at the preset's settings (compiled or not, with fused
# AdamW), under a bare eager and a bare compiled forward/backward/step loop,
# and under PyTorch Lightning's `Trainer` at its defaults and with a compiled
# module. It also states the share of the machine's one-thread matmul peak a
# step reaches, what compiling costs once (empty cache) and again in every
# later run (warm cache) and after how many runs it pays back, the process
# pool's speed-up over one process beside the ceiling that plain busy work
# reaches on the same cores, and, with `--book`, each stage of a cold
# `make book`.
#
# On a GPU (`benchmarks/gpu_check.sh`, which `benchmarks/record_gpu.py`
# records) it times the `gpu` preset's models the same way, with bf16
# autocast and the data kept on the device, against the GPU's measured bf16
# matmul peak, and also trains K seeds of one model at once as one stacked
# model (`torch.func.vmap`) against one model alone: whether the GPU is better
# spent on several seeds at a time. Those figures stand in their own columns
# beside the CPU's.
# Its last figures:

# %% tags=["remove-input"]
from negresults.provenance import benchmark_table

bench = benchmark_table()
if bench is None:
    display(Markdown("No benchmark has been recorded here: `python benchmarks/bench.py --record`."))
else:
    table, meta = bench
    text = (
        f"Measured {meta['measured']} on {meta['machine']}, revision {meta['revision']}, "
        f"with `{meta['command']}`."
    )
    if "gpu" in meta:
        g = meta["gpu"]
        text += (
            f" The GPU's columns: measured {g['measured']} on {g['gpu']} with torch "
            f"{g['torch']}, revision {g['revision']}, with `{g['command']}`."
        )
    else:
        text += (
            " No GPU has been timed yet; on a machine with CUDA, `bash benchmarks/gpu_check.sh` "
            "measures one and `python benchmarks/record_gpu.py` records it."
        )
    display(Markdown(text))
    display(table)

# %% [markdown]
# ## Determinism
#
# On one CPU machine a configuration reproduces bit for bit: the same stored
# metrics and learning curves from a fresh process and an empty store
# (the README's determinism command, which `tests/test_readme.py` runs on
# every test run, checks it for both studies).
# Wall time is stored beside a run, never among its metrics.
#
# Across machines it need not. A run's numbers depend on the last bits of
# its floating-point sums, which the math library adds in an order that can
# depend on the processor and the thread count, and a fit on a few images
# can carry those bits into differences of a point or more in a run's
# accuracy. When a study's store is rebuilt from empty, the record of the
# build before is kept beside the book's, and the two are compared here,
# claim by claim: how far a reader should trust a verdict's last decimal,
# and which verdicts moved. Each comparison also says whether the two
# records name the same compute code and which machines made their runs;
# a record made before records named them says so, and then the cause of a
# difference is not shown.

# %% tags=["remove-input"]
from negresults import studies
from negresults.published import between, load, load_previous
from negresults.readable import readable

for study in studies.STUDIES:
    before, now = load_previous(study), load(study)
    if before is None or now is None:
        continue
    text, moved = between(before, now)
    display(Markdown(f"{studies.get(study).title}. {text}"))
    if len(moved):
        display(readable(moved, study, relabel=False))

# %% [markdown]
# So that the next such difference can be traced, every run records the
# machine it was made on beside its wall time (the processor, the vector
# instructions torch's kernels use, its thread count and the BLAS libraries
# loaded), never in its key, and each record names the machines that made
# its runs and the compute code in their keys. The runs of this build's
# store, per study:

# %% tags=["remove-input"]
from negresults.machine import of_plan, sentence
from negresults.store import ResultStore

book_store = ResultStore(default_root())
for study in studies.STUDIES:
    spec = studies.get(study)
    study_plan = spec.plan(spec.config(preset=resolve_preset(None)))
    made = of_plan(study_plan, book_store)
    planned = sum(len(stage) for stage in study_plan)
    display(Markdown(f"{spec.title}: {sentence(made, planned)}."))

# %% [markdown]
#
# On a GPU the `gpu` preset trades that guarantee for speed: bf16 autocast,
# cuDNN autotuning and non-deterministic CUDA kernels mean two runs of one
# configuration can differ, and Study A draws its GPU training noise from
# torch rather than NumPy. `benchmarks/determinism.py` measures the spread:
# it runs every kind of task of the `smoke` preset (each arm, ablation,
# pressure and regime at one seed, with the tuning and pretraining runs they
# read) twice, each in a fresh process and store, and records the largest
# differences. It also trains each variant once compiled (`compile=True`, see
# the Benchmarks section; its tuning runs, which depend on nothing but the
# training step): compiled kernels add floats in another order than eager
# ones, so the "compiled vs eager" rows say how far that moves the stored
# numbers. Its last figures, per device:

# %% tags=["remove-input"]
from negresults.provenance import determinism_table, gpu_determinism, gpu_tolerance

det = determinism_table()
if det is None:
    display(Markdown("`benchmarks/determinism.py` has not been run in this checkout."))
else:
    det, measured = det
    display(det.set_index(["device", "study", "comparison"]))
    display(Markdown("; ".join(f"{d}: measured {when}" for d, when in measured.items()) + "."))

# %% [markdown]
# What those rows mean for the verdicts: the `cpu` book trains every run
# eager, so its stored runs never mix the two, and a run made twice on the same
# machine is identical (the "same config twice" rows). A compiled run of the
# `smoke` preset is one short run per variant at one seed, and reordering its
# floats can move such a run's numbers by several points (the rows above): a
# single run is that fragile, which is one reason every verdict reads a mean
# over seeds paired by seed, never a single run.
#
# The tolerance this book states for a GPU: two runs of one configuration
# may differ by no more than compiling moves the CPU's numbers, since both
# are the same floats added in another order. In numbers, from the CPU's
# "compiled vs eager" rows above:

# %% tags=["remove-input"]
tol = gpu_tolerance()
if tol is None:
    display(
        Markdown("No CPU comparison of compiled and eager runs is recorded, so none is stated.")
    )
else:
    display(
        Markdown(
            f"a stored metric by at most {tol['metrics']:.4g}, a learning-curve value by at "
            f"most {tol['curves']:.4g}."
        )
    )
gpus = gpu_determinism()
if not gpus:
    display(
        Markdown(
            "No GPU has been measured yet, so no GPU is shown against it. On a machine with "
            "CUDA, `bash benchmarks/gpu_check.sh` measures one (its `$OUT` then goes to "
            "`python benchmarks/record_gpu.py`), or "
            "`python benchmarks/determinism.py --device cuda --record` alone adds its rows."
        )
    )
for g in gpus:
    verdict = {True: "within", False: "outside", None: "not compared with"}[g["within"]]
    display(
        Markdown(
            f"On {g['device']} (torch {g['torch']}, {g['precision']}), {g['identical']} of "
            f"{g['runs']} kinds of run came back identical; the largest differences between "
            f"two runs were {g['metrics']:.4g} in a stored metric and {g['curves']:.4g} in a "
            f"learning curve: {verdict} the tolerance."
        )
    )

# %% [markdown]
# ## Re-running a page
#
# Any chapter can be executed again with other parameters, from the repository
# root:
#
# ```bash
# python -m negresults run notebooks/transfer/04_experiments.py -p seeds "[0, 1, 2, 3, 4]"
# ```
#
# The executed notebook lands under `runs/`, with the parameters in its file
# name. The README lists every parameter and how to fan the runs out on a
# cluster.
