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

import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode

from negresults.devices import cpu_count
from negresults.provenance import git_revision

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results.json"


# -- models and batches of the two studies ------------------------------------


def transfer_setup(batch: int, n_batches: int):
    from negresults.transfer import model as m
    from negresults.transfer.config import TransferConfig
    from negresults.transfer.data import render_digits

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
    from negresults.shape_color import benchmark_setup

    return benchmark_setup(batch, n_batches)


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
    if study == "transfer":
        from negresults.transfer.train import train_one_epoch

        def run(model, batches, loss_fn):
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)
            train_one_epoch(model, iter(batches), opt, "cpu")

        return run
    from negresults.shape_color import benchmark_train_one_epoch

    return benchmark_train_one_epoch


def lightning_loop(model, batches, loss_fn):
    import lightning as L

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
    trainer = L.Trainer(
        max_epochs=1,
        accelerator="cpu",
        devices=1,
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        num_sanity_val_steps=0,
    )
    trainer.fit(Module(model), loader)


def time_loops(study: str, repeats: int, batch: int, n_batches: int) -> dict:
    model, batches, loss_fn = SETUPS[study](batch, n_batches)
    loops = {"bare": bare_loop, "library": library_loop(study), "lightning": lightning_loop}
    for fn in loops.values():  # warm-up: allocator, kernels, imports
        fn(copy.deepcopy(model), batches[:3], loss_fn)
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


def data_throughput() -> dict:
    from negresults.transfer.data import render_digits

    out = {}
    render_digits(100, 16, seed=1)  # templates rasterised once per process
    t0 = time.perf_counter()
    render_digits(6000, 16, seed=2)
    out["transfer_source_images_per_s"] = 6000 / (time.perf_counter() - t0)
    try:
        from negresults.shape_color import benchmark_data

        out.update(benchmark_data())
    except ImportError:
        pass
    return out


def pool_speedup(study: str) -> dict:
    """The same small grid, fresh stores: one process with every core vs a pool of one per core."""
    from negresults.executors import run_tasks
    from negresults.store import ResultStore
    from negresults.studies import get

    s = get(study)
    cfg = s.Config.from_params(preset="smoke")
    plan = s.plan(cfg)
    n = sum(len(st) for st in plan)
    out = {}
    for name, workers in (("inline", 1), ("local", cpu_count())):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            rep = run_tasks(plan, ResultStore(tmp), executor=name, workers=workers, progress=False)
            dt = time.perf_counter() - t0
            assert rep.ok, rep.failed
        out[f"{name}_runs_per_min"] = 60 * n / dt
    out["runs"] = n
    out["speedup"] = out["local_runs_per_min"] / out["inline_runs_per_min"]
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
    ]
    for key, v in r.items():
        if key.startswith("loop_"):
            ips = v["images_per_s"]
            lines.append(
                f"{key[5:]}: bare {ips['bare']:.0f} img/s, library {ips['library']:.0f}, lightning "
                f"{ips['lightning']:.0f}; library/bare {v['library_over_bare']:.2f}, "
                f"library/lightning {v['library_over_lightning']:.2f}; "
                f"{v['achieved_gflops']:.1f} GFLOP/s = {100 * v['fraction_of_matmul_peak']:.0f}% of matmul peak"
            )
        if key.startswith("pool_"):
            lines.append(
                f"{key[5:]} grid of {v['runs']} runs: process pool / one process = {v['speedup']:.2f}"
            )
    for k, v in r.get("data", {}).items():
        lines.append(f"{k}: {v:.0f}")
    for k in ("book_cold_s", "book_warm_s"):
        if k in r:
            lines.append(f"{k}: {r[k]:.0f}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
