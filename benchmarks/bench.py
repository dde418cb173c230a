"""Benchmarks: figures and ratios measured side by side in one run.

    .venv/bin/python benchmarks/bench.py            # loop, Lightning, data, FLOP/s, process pool
    .venv/bin/python benchmarks/bench.py --book     # also cold and warm `negresults book` (slow)

Prints a table and writes ``benchmarks/results.json``, which the book's
reproducibility page shows. Not a test: these machines are shared and noisy,
so every comparison is interleaved (A, B, A, B, ...) and reported as a ratio
of medians.
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode

from negresults.devices import cpu_count
from negresults.provenance import git_revision

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results.json"


# -- models and batches of the two studies ------------------------------------


def transfer_setup(batch: int, n_batches: int):
    from negresults.transfer.compute import model as m
    from negresults.transfer.compute.data import render_digits
    from negresults.transfer.config import TransferConfig

    cfg = TransferConfig.from_params(preset="cpu")
    params = {
        "channels": 1,
        "image_size": cfg.image_size,
        "width": cfg.width,
        "feature_dim": cfg.feature_dim,
        "num_classes": 10,
    }
    model = m.build("scratch", params, seed=0, pretrained=None)
    x, y = render_digits(batch * n_batches, cfg.image_size, seed=0)
    return model, list(zip(x.split(batch), y.split(batch), strict=True)), F.cross_entropy


def shape_color_setup(batch: int, n_batches: int):
    """Study A's cpu-preset baseline, with the training set cut to ``batch * n_batches`` images."""
    import dataclasses

    from negresults.shape_color.compute.data import make_data
    from negresults.shape_color.compute.model import build_model
    from negresults.shape_color.compute.plan import task_config
    from negresults.shape_color.config import ShapeColorConfig

    cfg = ShapeColorConfig.from_params(preset="cpu", device="cpu")
    run_cfg = task_config(cfg, "baseline", "none", 0)
    data = make_data(cfg, seed=0)
    keep = np.arange(batch * n_batches) % len(data.train)
    train = data.train
    data.train = dataclasses.replace(
        train,
        alpha=train.alpha[keep],
        background=train.background[keep],
        hue=train.hue[keep],
        shape=train.shape[keep],
        colour=train.colour[keep],
    )
    model = build_model(run_cfg)
    # The bare loop and Lightning get the very batches the library renders itself.
    images = data.train.render(rng=np.random.default_rng(1))
    labels = torch.stack(
        [torch.from_numpy(data.train.shape), torch.from_numpy(data.train.colour)], 1
    )
    batches = list(zip(images.split(batch), labels.split(batch), strict=True))

    def loss_fn(logits, y):
        return F.cross_entropy(logits[0], y[:, 0]) + F.cross_entropy(logits[1], y[:, 1])

    SHAPE_COLOR_STATE.update(data=data, cfg={**run_cfg, "batch_size": batch})
    return model, batches, loss_fn


SHAPE_COLOR_STATE: dict = {}


SETUPS = {"transfer": transfer_setup, "shape_color": shape_color_setup}


# -- the three training loops ------------------------------------------------------


def bare_loop(model, batches, loss_fn):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    for xb, yb in batches:
        loss = loss_fn(model(xb), yb)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()


def library_loop(study):
    """The library's own ``train_one_epoch``, with its data handling, on the same images."""
    if study == "transfer":
        from negresults.transfer.compute.train import train_one_epoch

        def run(model, batches, loss_fn):
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)
            train_one_epoch(model, iter(batches), opt, "cpu")

        return run
    from negresults.shape_color.compute.train import train_one_epoch

    def run_sc(model, batches, loss_fn):
        data, cfg = SHAPE_COLOR_STATE["data"], SHAPE_COLOR_STATE["cfg"]
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        # A constant schedule: the bare loop has none, and a LambdaLR step is not the point.
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: 1.0)
        train_one_epoch(model, data, opt, sched, cfg, np.random.default_rng(0), "cpu")

    return run_sc


def lightning_loop(model, batches, loss_fn, defaults: bool = False):
    """Lightning's ``Trainer`` on the same batches.

    ``defaults=False`` turns off everything our loop does not do (logger,
    checkpoint, progress bar, model summary): Lightning's bare overhead.
    ``defaults=True`` is ``Trainer(max_epochs=1)`` as a user first writes it,
    which logs, checkpoints and draws a progress bar, roughly what our loop
    also does (it stores metrics and a history, and shows tqdm bars).
    """
    import contextlib
    import io

    import lightning as L

    # Lightning sets its own loggers to INFO on import; its banner is not the point.
    for name in ("lightning", "lightning.pytorch", "lightning.fabric"):
        logging.getLogger(name).setLevel(logging.ERROR)

    class Module(L.LightningModule):
        def __init__(self, net):
            super().__init__()
            self.net = net

        def training_step(self, batch, _):
            xb, yb = batch
            return loss_fn(self.net(xb), yb)

        def configure_optimizers(self):
            return torch.optim.Adam(self.net.parameters(), lr=1e-3)

    loader = torch.utils.data.DataLoader(batches, batch_size=None, shuffle=False)
    lean = {
        "logger": False,
        "enable_checkpointing": False,
        "enable_progress_bar": False,
        "enable_model_summary": False,
    }
    quiet = contextlib.ExitStack()
    quiet.enter_context(contextlib.redirect_stderr(io.StringIO()))
    quiet.enter_context(contextlib.redirect_stdout(io.StringIO()))  # its progress bar
    with tempfile.TemporaryDirectory() as tmp, quiet:
        trainer = L.Trainer(
            max_epochs=1,
            accelerator="cpu",
            devices=1,
            num_sanity_val_steps=0,
            default_root_dir=tmp,  # logs and checkpoints, when on, go here
            **({} if defaults else lean),
        )
        trainer.fit(Module(model), loader)


def lightning_defaults_loop(model, batches, loss_fn):
    lightning_loop(model, batches, loss_fn, defaults=True)


def time_loops(study: str, repeats: int, batch: int, n_batches: int) -> dict:
    model, batches, loss_fn = SETUPS[study](batch, n_batches)
    loops = {
        "bare": bare_loop,
        "library": library_loop(study),
        "lightning": lightning_loop,
        "lightning_defaults": lightning_defaults_loop,
    }
    for fn in loops.values():  # warm-up: allocator, kernels, imports, colour tables
        fn(copy.deepcopy(model), batches, loss_fn)
    times = {k: [] for k in loops}
    for _ in range(repeats):
        for name, fn in loops.items():
            m = copy.deepcopy(model)
            t0 = time.perf_counter()
            fn(m, batches, loss_fn)
            times[name].append(time.perf_counter() - t0)
    images = batch * n_batches
    ips = {k: images / statistics.median(v) for k, v in times.items()}

    # FLOPs of one training step, counted by torch, against a measured matmul peak.
    m = copy.deepcopy(model)
    with FlopCounterMode(display=False) as counter:
        loss_fn(m(batches[0][0]), batches[0][1]).backward()
    step_flops = counter.get_total_flops()
    achieved = step_flops * ips["library"] / batch / 1e9
    return {
        "images_per_s": ips,
        "library_over_bare": ips["library"] / ips["bare"],
        "library_over_lightning": ips["library"] / ips["lightning"],
        "library_over_lightning_defaults": ips["library"] / ips["lightning_defaults"],
        "gflop_per_step": step_flops / 1e9,
        "achieved_gflops": achieved,
        "batch": batch,
        "batches": n_batches,
        "repeats": repeats,
    }


def matmul_peak(n: int = 1024, repeats: int = 20) -> float:
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
    """What the cores give independent processes: about the most a pool can gain.

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


def data_throughput() -> dict:
    """Images generated per second by each study's data code (cpu preset sizes)."""
    from negresults.shape_color.compute.data import make_data
    from negresults.shape_color.config import ShapeColorConfig
    from negresults.transfer.compute.data import render_digits

    out = {}
    render_digits(100, 16, seed=1)  # templates rasterised once per process
    t0 = time.perf_counter()
    render_digits(6000, 16, seed=2)
    out["transfer_source_images_per_s"] = 6000 / (time.perf_counter() - t0)

    cfg = ShapeColorConfig.from_params(preset="cpu")
    make_data(cfg, seed=99)  # the equiluminant colour table is solved once per process
    t0 = time.perf_counter()
    data = make_data(cfg, seed=1)
    n = len(data.train) + len(data.test) + len(data.critical)
    out["shape_color_dataset_images_per_s"] = n / (time.perf_counter() - t0)
    out["shape_color_dataset_seconds"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(5):
        data.train.render(hue_shift=np.zeros(len(data.train)), rng=np.random.default_rng(0))
    out["shape_color_render_images_per_s"] = 5 * len(data.train) / (time.perf_counter() - t0)
    return out


def pool_speedup(study: str) -> dict:
    """One grid, fresh stores: one process vs a process pool of one single-thread worker per core.

    The grid is a cut-down cpu preset (real model and data sizes, fewer epochs),
    so worker start-up counts as it would in a real sweep. The single process
    is timed twice: with every core (the default for one run) and with one
    thread (often faster for these small models).
    """
    from negresults.executors import run_tasks
    from negresults.store import ResultStore
    from negresults.studies import get

    s = get(study)
    small = {
        "shape_color": {"seeds": [0, 1, 2, 3], "colour_pressure": ["none"], "epochs": 3},
        "transfer": {"seeds": [0, 1, 2], "target_sizes": [4, 16], "steps": 60},
    }[study]
    cfg = s.config(preset="cpu", device="cpu", **small)
    plan = s.plan(cfg)
    n = sum(len(st) for st in plan)
    out = {}
    variants = (
        ("inline", 1, cpu_count()),
        ("inline_1_thread", 1, 1),
        ("local", cpu_count(), None),
    )
    for label, workers, threads in variants:
        executor = label.split("_")[0]
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            rep = run_tasks(
                plan,
                ResultStore(tmp),
                executor=executor,
                workers=workers,
                threads=threads,
                progress=False,
            )
            dt = time.perf_counter() - t0
            assert rep.ok, rep.failed
        out[f"{label}_runs_per_min"] = 60 * n / dt
    out["runs"] = n
    out["workers"] = cpu_count()
    out["speedup"] = out["local_runs_per_min"] / out["inline_runs_per_min"]
    out["speedup_vs_1_thread"] = out["local_runs_per_min"] / out["inline_1_thread_runs_per_min"]
    return out


def book_times() -> dict:
    """`negresults book` cold (empty store and build folder) and warm (nothing changed)."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, NEGRESULTS_STORE=f"{tmp}/store")
        cmd = [sys.executable, "-m", "negresults", "book", "-q", "--path-output", f"{tmp}/book"]
        for label in ("cold", "warm"):
            t0 = time.perf_counter()
            subprocess.run(cmd, env=env, check=True, cwd=ROOT, capture_output=True)
            out[f"book_{label}_s"] = time.perf_counter() - t0
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--book", action="store_true", help="also time cold and warm book builds (slow)")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--studies", nargs="+", default=list(SETUPS))
    args = p.parse_args()
    logging.getLogger("lightning").setLevel(logging.ERROR)
    logging.getLogger("lightning.pytorch").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")
    torch.set_num_threads(cpu_count())

    results: dict = {
        "measured": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {cpu_count()} cores, torch {torch.__version__}",
        "revision": git_revision(),
        "command": "python benchmarks/bench.py" + (" --book" if args.book else ""),
        "matmul_peak_gflops": matmul_peak(),
        "core_scaling": core_scaling(),
    }
    for study in args.studies:
        try:
            r = time_loops(study, args.repeats, batch=64, n_batches=40)
        except ImportError as err:
            print(f"{study}: skipped ({err})")
            continue
        r["fraction_of_matmul_peak"] = r["achieved_gflops"] / results["matmul_peak_gflops"]
        results[f"loop_{study}"] = r
        results[f"pool_{study}"] = pool_speedup(study)
    results["data"] = data_throughput()
    if args.book:
        results.update(book_times())
    OUT.write_text(json.dumps(results, indent=1))
    print(format_results(results))
    print(f"\nwritten to {OUT.relative_to(ROOT)}")


def format_results(r: dict) -> str:
    lines = [
        f"measured {r['measured']} on {r['machine']} at {r['revision']}",
        f"matmul peak: {r['matmul_peak_gflops']:.1f} GFLOP/s",
        f"busy work on {cpu_count()} cores at once / one after another: {r['core_scaling']:.2f}",
    ]
    for key, v in r.items():
        if key.startswith("loop_"):
            ips = v["images_per_s"]
            lines.append(
                f"{key[5:]}: bare {ips['bare']:.0f} img/s, library {ips['library']:.0f}, lightning "
                f"{ips['lightning']:.0f} (defaults {ips['lightning_defaults']:.0f}); "
                f"library/bare {v['library_over_bare']:.2f}, "
                f"library/lightning {v['library_over_lightning']:.2f} "
                f"(defaults {v['library_over_lightning_defaults']:.2f}); "
                f"{v['achieved_gflops']:.1f} GFLOP/s = {100 * v['fraction_of_matmul_peak']:.0f}% of matmul peak"
            )
        if key.startswith("pool_"):
            lines.append(
                f"{key[5:]} grid of {v['runs']} runs: process pool / one process = {v['speedup']:.2f} "
                f"(/ one process on one thread = {v['speedup_vs_1_thread']:.2f})"
            )
    for k, v in r.get("data", {}).items():
        lines.append(f"{k}: {v:.3g}")
    for k in ("book_cold_s", "book_warm_s"):
        if k in r:
            lines.append(f"{k}: {r[k]:.0f}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
