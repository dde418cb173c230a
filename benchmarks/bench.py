"""Benchmarks: figures and ratios measured side by side in one run.

    .venv/bin/python benchmarks/bench.py              # loops, compile cost, process pool
    .venv/bin/python benchmarks/bench.py --book       # also every stage of a cold `make book`
    .venv/bin/python benchmarks/bench.py --record     # write the tracked benchmarks/results.json
    .venv/bin/python benchmarks/bench.py --preset smoke --repeats 1   # a quick check that it runs
    .venv/bin/python benchmarks/bench.py --grid-only  # only Study B's stored run, two ways
    .venv/bin/python benchmarks/bench.py --device cuda --preset gpu --out F  # on a GPU
    .venv/bin/python benchmarks/bench.py --seeds-at-once 1 8 64   # K seeds at once vs one

Prints a table and writes ``benchmarks/output/results.json`` (ignored by git);
with ``--record``, the tracked ``benchmarks/results.json`` that the book's
reproducibility page shows. Not a test: these machines are shared and noisy,
so every comparison is interleaved (A, B, A, B, ...) and reported as a ratio
of medians.

What it measures, for each study's real model and batch, at one thread per
run (what every sweep runs with, see ``StudyConfig.threads``):

- images/s of our training loop at the preset's settings (compiled or not,
  fused AdamW), of a bare eager loop, of a bare compiled loop, of Lightning's
  ``Trainer`` at its defaults and of Lightning with a compiled module;
- the share of the measured one-thread matmul peak our step reaches;
- the one-time compile cost (empty inductor cache, and warm, as every later
  worker of a sweep pays it) and how many runs it takes to pay back;
- the process-pool speed-up over one process, beside the ceiling that plain
  busy work reaches on the same cores;
- for a study that trains a stored run two ways (Study B: its grid point by
  point, or stacked into one model), both ways on one run of the preset,
  whether they give the same scores, and the speed-up;
- with ``--book``, each stage of a cold ``make book``: install, each study's
  sweep, the book build, and a warm rebuild.

With ``--device cuda`` the same loops run on the GPU at the preset's
precision (the gpu preset: bf16 autocast, TF32, cuDNN autotuning), with the
batches already on the device, against the GPU's measured bf16 matmul peak;
compile cost, the process pool and the grid are CPU questions and are not
timed there. ``--seeds-at-once K ...`` times one model alone against ``K``
seeds of it trained at once as one stacked model (:func:`seeds_at_once`):
whether a GPU is better spent on several seeds at a time.
``benchmarks/gpu_check.sh`` runs both on a GPU machine, and
``benchmarks/record_gpu.py`` records what it measured.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import logging
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.utils._pytree import tree_map
from torch.utils.flop_counter import FlopCounterMode

from negresults.compilation import compile_model
from negresults.config import PRESETS
from negresults.devices import amp_dtype, configure_backends, cpu_count, limit_threads
from negresults.provenance import git_revision
from negresults.training import adamw, train_step

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "benchmarks" / "results.json"
SCRATCH = ROOT / "benchmarks" / "output" / "results.json"
THREADS = 1  # every run of a sweep trains on one thread (its config's `threads`)


# -- each study's real model and batches ----------------------------------------


@dataclass
class Setup:
    """One study's model, batches and loss at a preset, and what a run costs."""

    model: torch.nn.Module
    batches: list[tuple[torch.Tensor, Any]]
    loss_fn: Any
    lr: float
    weight_decay: float
    compile: bool  # the preset's setting: what "our loop" runs with
    steps_per_run: int  # optimiser steps of one typical run of the preset


def setup(study: str, n_batches: int, preset: str) -> Setup:
    """The study's real model and ``n_batches`` batches at ``preset``'s batch size."""
    from bench_setups import SETUPS  # a sibling module: the study-specific part

    return SETUPS[study](n_batches, preset)


# -- the loops -----------------------------------------------------------------
#
# Each loop trains on batches already on ``device`` (the gpu preset keeps a
# run's data there) and, where ``precision`` asks for bf16 on CUDA, under
# autocast, as the preset's runs do.


def bare_loop(model, batches, loss_fn, lr, weight_decay, device="cpu", precision="fp32"):
    """Forward, loss, backward, step: nothing else (the PyTorch tutorial loop, with AMP)."""
    dtype = amp_dtype(device, precision)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    model.train()
    for xb, yb in batches:
        opt.zero_grad(set_to_none=True)
        with torch.autocast(device.split(":")[0], dtype=dtype, enabled=dtype is not None):
            loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()


def bare_compiled_loop(model, batches, loss_fn, lr, weight_decay, device="cpu", precision="fp32"):
    bare_loop(torch.compile(model), batches, loss_fn, lr, weight_decay, device, precision)


def library_loop(compiled: bool, device: str = "cpu", precision: str = "fp32"):
    """The library's step (``training.train_step``) with its defaults: fused AdamW, compile switch."""

    def run(model, batches, loss_fn, lr, weight_decay):
        opt = adamw(model.parameters(), lr, weight_decay, device)
        net = compile_model(model, compiled, device)
        net.train()
        for xb, yb in batches:
            train_step(net, opt, xb, yb, loss_fn, device, precision)

    return run


def lightning_loop(compiled: bool, device: str = "cpu", precision: str = "fp32"):
    """Lightning's ``Trainer(max_epochs=1)`` at its defaults on the same batches.

    Defaults: it logs, checkpoints and draws a progress bar, roughly what our
    loop also does (it stores metrics and a history, and shows tqdm bars).
    ``compiled`` wraps the network in ``torch.compile``, as Lightning's docs
    recommend for speed. On CUDA it runs on the GPU, with Lightning's
    ``bf16-mixed`` precision where ``precision`` asks for bf16.
    """
    cuda = device.startswith("cuda")
    amp = amp_dtype(device, precision) is not None

    def run(model, batches, loss_fn, lr, weight_decay):
        import lightning as L

        for name in ("lightning", "lightning.pytorch", "lightning.fabric"):
            logging.getLogger(name).setLevel(logging.ERROR)

        class Module(L.LightningModule):
            def __init__(self, net):
                super().__init__()
                self.net = torch.compile(net) if compiled else net

            def training_step(self, batch, _):
                xb, yb = batch
                return loss_fn(self.net(xb), yb)

            def configure_optimizers(self):
                return torch.optim.AdamW(self.parameters(), lr=lr, weight_decay=weight_decay)

        loader = torch.utils.data.DataLoader(batches, batch_size=None, shuffle=False)
        quiet = contextlib.ExitStack()
        quiet.enter_context(contextlib.redirect_stderr(io.StringIO()))
        quiet.enter_context(contextlib.redirect_stdout(io.StringIO()))  # its progress bar
        with tempfile.TemporaryDirectory() as tmp, quiet:
            trainer = L.Trainer(
                max_epochs=1,
                accelerator="gpu" if cuda else "cpu",
                devices=1,
                precision="bf16-mixed" if amp else "32-true",
                num_sanity_val_steps=0,
                default_root_dir=tmp,  # logs and checkpoints go here
            )
            trainer.fit(Module(model), loader)

    return run


def sync(device: str) -> None:
    """Wait for the device's queued work (CUDA runs asynchronously), so a clock reads it."""
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def on_device(s: Setup, device: str) -> Setup:
    """``s`` with its model and batches moved to ``device`` (the gpu preset keeps data there)."""
    if device == "cpu":
        return s
    s.model = s.model.to(device)
    s.batches = tree_map(lambda t: t.to(device), s.batches)
    return s


def time_loops(
    study: str,
    repeats: int,
    n_batches: int,
    peak: float,
    preset: str,
    device: str = "cpu",
    precision: str = "fp32",
) -> dict:
    s = on_device(setup(study, n_batches, preset), device)
    batch = len(s.batches[0][0])
    bare = {"device": device, "precision": precision}
    loops = {
        "library": library_loop(s.compile, device, precision),
        "bare_eager": lambda *a: bare_loop(*a, **bare),
        "bare_compiled": lambda *a: bare_compiled_loop(*a, **bare),
        "lightning_defaults": lightning_loop(False, device, precision),
        "lightning_compiled": lightning_loop(True, device, precision),
    }
    args = (s.batches, s.loss_fn, s.lr, s.weight_decay)
    for fn in loops.values():  # warm-up: compilation, allocator, kernels, imports
        fn(copy.deepcopy(s.model), *args)
    sync(device)
    times: dict[str, list[float]] = {k: [] for k in loops}
    for _ in range(repeats):
        for name, fn in loops.items():
            m = copy.deepcopy(s.model)
            t0 = time.perf_counter()
            fn(m, *args)
            sync(device)
            times[name].append(time.perf_counter() - t0)
    images = batch * n_batches
    ips = {k: images / statistics.median(v) for k, v in times.items()}

    # FLOPs of one training step, counted by torch, against the measured matmul peak.
    m = copy.deepcopy(s.model)
    with FlopCounterMode(display=False) as counter:
        s.loss_fn(m(s.batches[0][0]), s.batches[0][1]).backward()
    step_flops = counter.get_total_flops()
    achieved = step_flops * ips["library"] / batch / 1e9
    out = {
        "batch": batch,
        "batches": n_batches,
        "repeats": repeats,
        "library_compiles": s.compile,
        "images_per_s": ips,
        "library_over_bare_eager": ips["library"] / ips["bare_eager"],
        "library_over_lightning_defaults": ips["library"] / ips["lightning_defaults"],
        "library_over_lightning_compiled": ips["library"] / ips["lightning_compiled"],
        "gflop_per_step": step_flops / 1e9,
        "achieved_gflops": achieved,
        "fraction_of_matmul_peak": achieved / peak,
        "steps_per_run": s.steps_per_run,
    }
    if device == "cpu":  # what a sweep's CPU workers pay; not timed on a GPU (its short lease)
        out.update(compile_cost(study, batch, s, ips, preset))
    return out


# -- compile cost ----------------------------------------------------------------

# Runs in a fresh interpreter with a given inductor cache: the first compiled
# step there costs what a sweep's first (empty cache) or later (warm cache)
# worker pays.
CHILD = """
import json, sys, time, torch
sys.path.insert(0, sys.argv[3])
from bench_setups import SETUPS
from negresults.compilation import compile_model
from negresults.training import adamw, train_step
torch.set_num_threads(1)
s = SETUPS[sys.argv[1]](2, sys.argv[4])
xb, yb = s.batches[0]
def first_step(compiled):
    net = compile_model(copy_model(), compiled, "cpu")
    opt = adamw(net.parameters(), s.lr, s.weight_decay, "cpu")
    t0 = time.perf_counter()
    train_step(net, opt, xb, yb, s.loss_fn, "cpu")
    return time.perf_counter() - t0
import copy
copy_model = lambda: copy.deepcopy(s.model)
first_step(False)  # eager warm-up: allocator and kernels
eager = first_step(False)
print(json.dumps({"first_compiled_step_s": first_step(True), "eager_step_s": eager}))
"""


def _first_compiled_step(study: str, batch: int, cache: str, preset: str) -> float:
    env = dict(os.environ, TORCHINDUCTOR_CACHE_DIR=cache)
    res = subprocess.run(
        [sys.executable, "-c", CHILD, study, str(batch), str(Path(__file__).parent), preset],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if res.returncode:
        raise SystemExit(f"compile-cost child failed for {study}:\n{res.stderr[-3000:]}")
    r = json.loads(res.stdout.strip().splitlines()[-1])
    return r["first_compiled_step_s"] - r["eager_step_s"]


def compile_cost(study: str, batch: int, s: Setup, ips: dict, preset: str) -> dict:
    """One-time compile cost, cold and warm, and the runs it takes to pay it back."""
    with tempfile.TemporaryDirectory() as cache:
        cold = _first_compiled_step(study, batch, cache, preset)
        warm = _first_compiled_step(study, batch, cache, preset)
    run_eager = s.steps_per_run * batch / ips["bare_eager"]
    run_compiled = s.steps_per_run * batch / ips["bare_compiled"]
    # Every run of a sweep pays the warm cost (its own process traces the
    # model again); the cold cost once per machine.
    saving = run_eager - run_compiled - warm
    payback = math.ceil(max(cold - warm, 0.0) / saving) + 1 if saving > 0 else None
    return {
        "compile_seconds_cold": cold,
        "compile_seconds_warm": warm,
        "run_seconds_eager": run_eager,
        "run_seconds_compiled": run_compiled,
        "saving_per_run_seconds": saving,
        "payback_runs": payback,
    }


# -- seeds at once ----------------------------------------------------------------


def seeds_at_once(
    study: str,
    preset: str,
    device: str = "cpu",
    precision: str = "fp32",
    ks: tuple[int, ...] = (1, 8, 64),
    steps: int = 10,
    repeats: int = 3,
) -> dict:
    """images/s of one model trained alone against ``K`` copies of it trained at once.

    The copies are stacked with ``torch.func.stack_module_state`` and run as
    one ``vmap`` of the model (each copy its own weights, gradients and AdamW
    state, one fused AdamW over the stacked tensors); every copy reads the
    same batch, repeated, so the arithmetic and memory traffic are those of
    ``K`` separate runs. "Alone" is our loop (``training.train_step``, eager)
    on one copy. Both at the preset's batch, on ``device`` with the data
    already there, interleaved; the ratio is the stacked images/s (counting
    every copy's images) over alone's. Any vmap fallback warning (a layer
    without a batching rule, which loops over the copies) is recorded.
    """
    from torch.func import functional_call, stack_module_state

    s = on_device(setup(study, 1, preset), device)
    xb, yb = s.batches[0]
    batch = len(xb)
    dtype = amp_dtype(device, precision)
    kind = device.split(":")[0]
    alone = library_loop(False, device, precision)
    alone_model = copy.deepcopy(s.model)
    alone_opt_batches = [(xb, yb)] * steps

    def stacked(k: int):
        params, buffers = stack_module_state([copy.deepcopy(s.model) for _ in range(k)])
        base = copy.deepcopy(s.model).to("meta")

        def one(p, b, x):
            return functional_call(base, (p, b), (x,))

        forward = torch.func.vmap(one, randomness="different")
        opt = adamw(list(params.values()), s.lr, s.weight_decay, device)
        x = xb.repeat(k, *[1] * xb.dim()).view(k, *xb.shape)
        y = tree_map(lambda t: t.repeat(k), yb)

        def run():
            for _ in range(steps):
                opt.zero_grad(set_to_none=True)
                with torch.autocast(kind, dtype=dtype or torch.bfloat16, enabled=bool(dtype)):
                    out = tree_map(lambda o: o.flatten(0, 1), forward(params, buffers, x))
                    # The sum of the copies' mean losses: each copy's own gradient.
                    loss = k * s.loss_fn(out, y)
                loss.backward()
                opt.step()

        return run

    def timed(fn) -> float:
        sync(device)
        t0 = time.perf_counter()
        fn()
        sync(device)
        return time.perf_counter() - t0

    runs = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for k in ks:
            runs[k] = stacked(k)
            runs[k]()  # warm-up: kernels, allocator, autotuning
    fallbacks = sorted({str(w.message).splitlines()[0] for w in caught if "vmap" in str(w.message)})
    alone_fn = lambda: alone(alone_model, alone_opt_batches, s.loss_fn, s.lr, s.weight_decay)  # noqa: E731
    alone_fn()
    times: dict = {"alone": [], **{k: [] for k in ks}}
    for _ in range(repeats):
        times["alone"].append(timed(alone_fn))
        for k in ks:
            times[k].append(timed(runs[k]))
    alone_ips = batch * steps / statistics.median(times["alone"])
    ips = {str(k): k * batch * steps / statistics.median(times[k]) for k in ks}
    return {
        "batch": batch,
        "steps": steps,
        "repeats": repeats,
        "alone_images_per_s": alone_ips,
        "stacked_images_per_s": ips,
        "stacked_over_alone": {k: v / alone_ips for k, v in ips.items()},
        "vmap_fallbacks": fallbacks,
    }


def format_seeds(study: str, v: dict) -> str:
    ratios = ", ".join(f"K={k} {r:.2f}x" for k, r in v["stacked_over_alone"].items())
    return (
        f"{study}: one model alone {v['alone_images_per_s']:.0f} images/s; K seeds at once "
        f"(vmap), images/s over alone: {ratios}"
        + (f"; vmap fell back for: {'; '.join(v['vmap_fallbacks'])}" if v["vmap_fallbacks"] else "")
    )


# -- one stored run, two ways ------------------------------------------------------


def time_grid(study: str, repeats: int, preset: str) -> dict | None:
    """A stored run trained each way ``bench_setups.GRID_RUNS`` names, interleaved.

    ``None`` for a study with one way only. Reports the median seconds of
    each, the first way's over the second's (the speed-up), whether the two
    returned the same arrays (to the bit, NaN where NaN) and, if not, the
    largest difference between them relative to the first's value.
    """
    from bench_setups import GRID_RUNS

    if study not in GRID_RUNS:
        return None
    label, ways = GRID_RUNS[study](preset)
    outputs = {name: fn() for name, fn in ways.items()}  # warm-up, and what each gives
    first, second = outputs.values()
    identical = first.keys() == second.keys() and all(
        np.array_equal(first[k], second[k], equal_nan=True) for k in first
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        gaps = [
            np.nanmax(np.abs(first[k] - second[k]) / np.abs(first[k]), initial=0.0)
            for k in first
            if first[k].dtype.kind == "f"
        ]
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(repeats):
        for name, fn in ways.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    seconds = {name: statistics.median(v) for name, v in times.items()}
    a, b = seconds.values()
    return {
        "run": label,
        "repeats": repeats,
        "seconds": seconds,
        "speedup": a / b,
        "identical": identical,
        "largest_relative_difference": float(max(gaps, default=0.0)),
    }


def format_grid(v: dict) -> str:
    (a, ta), (b, tb) = v["seconds"].items()
    same = (
        "the same scores to the bit"
        if v["identical"]
        else f"scores within {v['largest_relative_difference']:.1e} (relative) of each other"
    )
    return (
        f"  one stored run ({v['run']}): {a} {ta:.1f} s, {b} {tb:.1f} s: "
        f"{v['speedup']:.2f}x faster, {same}"
    )


# -- the machine ----------------------------------------------------------------


def matmul_peak(threads: int, n: int = 1024, repeats: int = 20, device: str = "cpu") -> float:
    """Matmul GFLOP/s: the most a step could reach.

    On the CPU fp32 at ``threads`` threads; on CUDA bf16 (what the gpu
    preset's autocast runs its matrix products in), 8192 square, the mean of
    ten products after three warm-ups.
    """
    if device.startswith("cuda"):
        n, repeats = 8192, 10
        a, b = (torch.randn(n, n, device=device, dtype=torch.bfloat16) for _ in range(2))
        for _ in range(3):
            a @ b
        sync(device)
        t0 = time.perf_counter()
        for _ in range(repeats):
            a @ b
        sync(device)
        return 2 * n**3 * repeats / (time.perf_counter() - t0) / 1e9
    with limit_threads(threads):
        a, b = torch.randn(n, n), torch.randn(n, n)
        for _ in range(3):
            a @ b
        t0 = time.perf_counter()
        for _ in range(repeats):
            a @ b
        return 2 * n**3 * repeats / (time.perf_counter() - t0) / 1e9


def _busy(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i
    return s


def core_scaling(n: int = 10_000_000, repeats: int = 5) -> float:
    """What the cores give independent processes: the most a pool can gain.

    Pure-Python busy work (no memory traffic, no threads), ``cores`` jobs run
    one after another in this process vs at once in a warm process pool;
    median ratio of interleaved repeats. A shared VM often gives less than
    its core count.
    """
    import concurrent.futures as cf
    import multiprocessing as mp

    k = cpu_count()
    ratios = []
    with cf.ProcessPoolExecutor(k, mp_context=mp.get_context("forkserver")) as pool:
        list(pool.map(_busy, [1000] * k))  # workers started before the clock runs
        for _ in range(repeats):
            t0 = time.perf_counter()
            for _ in range(k):
                _busy(n)
            serial = time.perf_counter() - t0
            t0 = time.perf_counter()
            list(pool.map(_busy, [n] * k))
            ratios.append(serial / (time.perf_counter() - t0))
    return statistics.median(ratios)


def pool_speedup(study: str, ceiling: float, preset: str) -> dict:
    """A cut-down grid into fresh stores: one process vs a pool of one worker per core.

    Both at one thread per run (the runs' own setting, so the same numbers),
    so the ratio is what the pool adds; the ceiling is what busy work gets
    from the same cores in the same run of this script.
    """
    from bench_setups import POOL_GRIDS

    from negresults.executors import run_tasks
    from negresults.store import ResultStore
    from negresults.studies import get

    s = get(study)
    grid = dict(POOL_GRIDS[study])
    if preset == "smoke":  # a check that the pool runs, its numbers never kept: one seed
        grid["seeds"] = grid["seeds"][:1]
    cfg = s.config(preset=preset, device="cpu", **grid)
    plan = s.plan(cfg)
    n = sum(len(st) for st in plan)
    per_min = {}
    for executor, workers in (("inline", 1), ("local", cpu_count())):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            rep = run_tasks(
                plan, ResultStore(tmp), executor=executor, workers=workers, progress=False
            )
            dt = time.perf_counter() - t0
            if not rep.ok:
                raise SystemExit(f"{study} pool grid failed: {rep.failed[0].error}")
        per_min[executor] = 60 * n / dt
    speedup = per_min["local"] / per_min["inline"]
    return {
        "runs": n,
        "workers": cpu_count(),
        "one_process_runs_per_min": per_min["inline"],
        "pool_runs_per_min": per_min["local"],
        "speedup": speedup,
        "ceiling": ceiling,
        "speedup_over_ceiling": speedup / ceiling,
    }


# -- a cold `make book`, stage by stage --------------------------------------------


def _timed(cmd: list[str], **kw) -> float:
    t0 = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, check=False, **kw)
    if res.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{res.stdout[-2000:]}\n{res.stderr[-2000:]}")
    return time.perf_counter() - t0


def book_stages(studies: list[str]) -> dict:
    """Install into a fresh venv, each study's cpu sweep, the book build; then a warm rebuild.

    The same stages ``make book`` runs on a fresh clone, from a copy of this
    checkout's tracked files, with an empty store and build folder.
    """
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "clone"
        _timed(["git", "clone", "--quiet", str(ROOT), str(clone)])
        venv = clone / ".venv"
        py = venv / "bin" / "python"
        out["install_s"] = _timed([sys.executable, "-m", "venv", str(venv)]) + _timed(
            [str(py), "-m", "pip", "install", "--quiet", "-e", f"{clone}[dev]"], cwd=clone
        )
        env = dict(os.environ, NEGRESULTS_STORE=f"{tmp}/store", NEGRESULTS_PRESET="cpu")
        env.pop("VIRTUAL_ENV", None)
        for study in studies:
            out[f"sweep_{study}_s"] = _timed(
                [str(py), "-m", "negresults", "sweep", study, "--preset", "cpu", "-q"],
                cwd=clone,
                env=env,
            )
        book = [str(py), "-m", "negresults", "book", "--preset", "cpu", "-q"]
        out["build_s"] = _timed(book, cwd=clone, env=env)
        out["cold_total_s"] = sum(out.values())
        out["warm_s"] = _timed(book, cwd=clone, env=env)
    return out


# -- main ------------------------------------------------------------------------


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--book", action="store_true", help="also time a cold `make book`, by stage")
    p.add_argument("--record", action="store_true", help=f"write {RECORD.relative_to(ROOT)}")
    p.add_argument("--repeats", type=int, default=5, help="interleaved repeats per loop")
    p.add_argument("--studies", nargs="+", default=["shape_color", "transfer"])
    p.add_argument(
        "--grid-only",
        action="store_true",
        help="only time each study's stored run two ways (Study B: point by point vs "
        "stacked), into benchmarks/output/grid.json",
    )
    p.add_argument(
        "--preset",
        default="cpu",
        help="whose models, batches and pool grid to time: cpu (default, what --record keeps), "
        "smoke (tiny models: a check that the benchmark runs) or gpu",
    )
    p.add_argument(
        "--device",
        default="cpu",
        help="cpu (default) or cuda: on cuda the loops run on the GPU at the preset's precision "
        "with the data kept there, against the bf16 matmul peak; no compile cost, pool or grid",
    )
    p.add_argument(
        "--seeds-at-once",
        nargs="+",
        type=int,
        metavar="K",
        help="only time one model alone against K copies of it trained at once (vmap), "
        "for each K given",
    )
    p.add_argument("--out", type=Path, help="write the figures here instead")
    args = p.parse_args()
    if args.preset not in PRESETS:
        raise SystemExit(f"unknown preset {args.preset!r}; valid choices: {', '.join(PRESETS)}")
    if args.device not in ("cpu", "cuda"):
        raise SystemExit(f"unknown device {args.device!r}; valid choices: cpu, cuda")
    if args.record and args.device != "cpu":
        raise SystemExit(
            "--record keeps the CPU's figures; a GPU's are written to --out and recorded with "
            "python benchmarks/record_gpu.py FOLDER"
        )
    if args.record and args.preset != "cpu":
        raise SystemExit(
            f"--record keeps the cpu preset's figures (the book shows them); got --preset "
            f"{args.preset}: drop --record, or use --preset cpu"
        )
    if args.repeats < 1:
        raise SystemExit(f"--repeats must be at least 1, got {args.repeats}")
    if args.record and (args.grid_only or args.seeds_at_once):
        raise SystemExit("--record keeps the whole set of figures; drop --grid-only")
    if args.seeds_at_once and min(args.seeds_at_once) < 1:
        raise SystemExit(f"--seeds-at-once counts must be at least 1, got {args.seeds_at_once}")
    if args.device == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda: torch sees no CUDA device on this machine")
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_setups import SETUPS

    from negresults.studies import get

    unknown = [s for s in args.studies if s not in SETUPS]
    if unknown:
        raise SystemExit(f"unknown study {unknown[0]!r}; valid choices: {', '.join(SETUPS)}")
    warnings.filterwarnings("ignore")
    torch.set_num_threads(THREADS)
    device = args.device
    configure_backends(device)  # the gpu preset's TF32 and cuDNN autotuning (none on the CPU)
    precision = {s: get(s).config_class.PRESETS[args.preset].precision for s in args.studies}
    if args.grid_only:
        grids = {s: time_grid(s, args.repeats, args.preset) for s in args.studies}
        grids = {s: v for s, v in grids.items() if v is not None}
        out = args.out or SCRATCH.parent / "grid.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(grids, indent=1))
        print(f"preset {args.preset}, {THREADS} thread per run, {cpu_count()} cores")
        for study, v in grids.items():
            print(f"{study}:\n{format_grid(v)}")
        print(f"\nwritten to {out}")
        return

    results: dict = {
        "measured": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {cpu_count()} cores, torch {torch.__version__}",
        "revision": git_revision(),
        "command": " ".join(["python benchmarks/bench.py", *sys.argv[1:]]),
        "preset": args.preset,
        "device": device,
        "torch": torch.__version__,
        "threads_per_run": THREADS,
    }
    if device == "cuda":
        results["gpu"] = torch.cuda.get_device_name()
        results["machine"] = f"{results['gpu']}, torch {torch.__version__}"
        results["precision"] = precision
    default = SCRATCH if device == "cpu" else SCRATCH.with_name(f"results_{device}.json")
    out = args.out or (RECORD if args.record else default)
    out.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:  # after every study: a run cut short keeps what it measured
        out.write_text(json.dumps(results, indent=1))

    if args.seeds_at_once:
        results["seeds_at_once"] = {}
        for study in args.studies:
            v = seeds_at_once(
                study, args.preset, device, precision[study], tuple(args.seeds_at_once)
            )
            results["seeds_at_once"][study] = v
            save()
            print(format_seeds(study, v), flush=True)
        print(f"\nwritten to {out}")
        return

    peak = matmul_peak(THREADS, device=device)
    results["matmul_peak_gflops"] = peak
    results["matmul_peak_dtype"] = "bf16" if device == "cuda" else "fp32"
    results["studies"] = {}
    if device == "cpu":
        # The smoke preset checks that the benchmark runs (--record refuses it): less busy work.
        smoke = args.preset == "smoke"
        results["core_scaling"] = core_scaling(n=2_000_000, repeats=3) if smoke else core_scaling()
    save()
    for study in args.studies:
        r = time_loops(
            study, args.repeats, 30, peak, args.preset, device=device, precision=precision[study]
        )
        if device == "cpu":
            r["pool"] = pool_speedup(study, results["core_scaling"], args.preset)
            grid = time_grid(study, args.repeats, args.preset)
            if grid is not None:
                r["grid"] = grid
        results["studies"][study] = r
        save()
        print(f"{study} done", flush=True)
    if args.book:
        results["book"] = book_stages(args.studies)
        save()
    print(format_results(results))
    print(f"\nwritten to {out}")


def format_results(r: dict) -> str:
    gpu = r.get("device", "cpu") != "cpu"
    peak = (
        f"the {r.get('matmul_peak_dtype', 'bf16')} matmul peak"
        if gpu
        else f"the {r['threads_per_run']}-thread matmul peak"
    )
    lines = [
        f"measured {r['measured']} on {r['machine']} at {r['revision']}, "
        f"preset {r.get('preset', 'cpu')}, "
        + ("on the GPU" if gpu else f"{r['threads_per_run']} thread per run"),
        f"{peak}: {r['matmul_peak_gflops']:.1f} GFLOP/s",
    ]
    if "core_scaling" in r:
        lines.append(
            f"busy work, {cpu_count()} processes at once / one after another: "
            f"{r['core_scaling']:.2f}"
        )
    for study, v in r["studies"].items():
        ips = v["images_per_s"]
        lines += [
            f"{study}: images/s " + ", ".join(f"{k} {x:.0f}" for k, x in ips.items()),
            f"  our loop ({'compiled' if v['library_compiles'] else 'eager'}, fused AdamW) / "
            f"bare eager {v['library_over_bare_eager']:.2f}, / Lightning defaults "
            f"{v['library_over_lightning_defaults']:.2f}, / Lightning compiled "
            f"{v['library_over_lightning_compiled']:.2f}",
            f"  {v['achieved_gflops']:.1f} GFLOP/s = "
            f"{100 * v['fraction_of_matmul_peak']:.2g}% of {peak}",
        ]
        if "compile_seconds_cold" in v:
            lines.append(
                f"  compile: {v['compile_seconds_cold']:.1f} s with an empty cache, "
                f"{v['compile_seconds_warm']:.1f} s warm; a run of {v['steps_per_run']} steps "
                f"{v['run_seconds_eager']:.1f} s eager, {v['run_seconds_compiled']:.1f} s "
                "compiled; "
                + (
                    f"pays back after {v['payback_runs']} runs"
                    if v["payback_runs"]
                    else "never pays back at this run length"
                )
            )
        if "pool" in v:
            lines.append(
                f"  pool of {v['pool']['workers']} / one process: {v['pool']['speedup']:.2f} "
                f"(busy-work ceiling {v['pool']['ceiling']:.2f}; "
                f"{v['pool']['speedup_over_ceiling']:.2f} of it), {v['pool']['runs']} runs"
            )
        if "grid" in v:
            lines.append(format_grid(v["grid"]))
    for k, v in r.get("book", {}).items():
        lines.append(f"make book, {k[:-2].replace('_', ' ')}: {v:.0f} s")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
