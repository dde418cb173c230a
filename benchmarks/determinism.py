"""How far two runs of one configuration differ, per device: the determinism tolerance.

    .venv/bin/python benchmarks/determinism.py                 # on the CPU
    .venv/bin/python benchmarks/determinism.py --device cuda   # on a GPU (bf16, as the gpu preset)
    .venv/bin/python benchmarks/determinism.py --record        # update the tracked file

For each study it runs every kind of task of the ``smoke`` preset (each arm,
ablation, colour pressure and regime at the first reported seed and the smallest
target size, with the tuning and pretraining runs they read) twice, each time in
a fresh Python process with an empty store, and compares
every stored metric and every learning-curve value. The largest absolute
differences go into ``benchmarks/output/determinism.json`` (ignored by git),
or with ``--record`` into the tracked ``benchmarks/determinism.json`` under the
device's name (other devices' entries are kept), which the book's
reproducibility page shows: a plain run never dirties the tree (a dirty tree
would re-execute and re-stamp every page of the next build). It also runs each
variant's training compiled (``compile=True``: its tuning runs, which read
nothing but the training step) and states how far compiled numbers are from
eager ones, for each study whose config accepts ``compile`` (Study B refuses it:
its fits are too short for compiling to pay back). What it skips, and why, it
prints and records under ``skipped``. ``tests/test_readme.py`` runs it with
``--device cpu`` and asserts the CPU case (identical) on every test run; this
script measures what the GPU, which has no such guarantee, does.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from negresults.config import ConfigError
from negresults.provenance import git_revision

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "benchmarks" / "determinism.json"
SCRATCH = ROOT / "benchmarks" / "output" / "determinism.json"
STUDIES = ("shape_color", "transfer")

# Runs in a fresh interpreter: nothing cached from an earlier run can leak in.
CHILD = """
import json, sys
from negresults.studies import get
from negresults.store import ResultStore
from negresults.tasks import execute
study, store = get(sys.argv[1]), ResultStore(sys.argv[2])
params, only = json.loads(sys.argv[3]), json.loads(sys.argv[4])
cfg = study.config(**params)
tasks = [t for stage in study.plan(cfg) for t in stage]
# The first reported seed at the smallest target size: every kind of run (each arm,
# ablation, pressure and regime) once, with the runs it reads (tuning, pretraining,
# at their pilot seeds), in plan order, so each finds its inputs stored.
size = min((t.config["size"] for t in tasks if "size" in t.config), default=None)
wanted = [t for t in tasks if t.config.get("seed") == cfg.seeds[0]
          and t.config.get("size", size) == size]
keys, todo = set(), list(wanted)
while todo:
    t = todo.pop()
    if t.key not in keys:
        keys.add(t.key)
        todo.extend(t.needs or ())
chosen = [t for t in tasks if t.key in keys and (not only or t.kind in only)]
print(json.dumps([[t.label, str(execute(t, store).path)] for t in chosen]))
"""


def run_once(
    study: str, params: dict, store: str, only: tuple[str, ...] = ()
) -> list[tuple[str, Path]]:
    """Run the chosen tasks (those of kinds ``only``, if given) in a fresh process and store."""
    res = subprocess.run(
        [sys.executable, "-c", CHILD, study, store, json.dumps(params), json.dumps(only)],
        capture_output=True,
        text=True,
        check=False,
    )
    if res.returncode != 0:
        raise SystemExit(f"{study} failed:\n{res.stderr[-3000:]}")
    return [(label, Path(p)) for label, p in json.loads(res.stdout.strip().splitlines()[-1])]


def refusal(study: str, params: dict) -> str | None:
    """Why ``study``'s config refuses ``params`` (its one-line ConfigError), or None."""
    from negresults.studies import get

    try:
        get(study).config(**params)
    except ConfigError as err:
        return str(err)
    return None


def differences(a: Path, b: Path) -> dict:
    """Largest absolute difference over the numeric metrics and the history of two runs."""
    ma, mb = (json.loads((p / "metrics.json").read_text()) for p in (a, b))
    if ma.keys() != mb.keys():
        raise SystemExit(f"runs at {a} and {b} stored different metrics")
    num = [k for k, v in ma.items() if isinstance(v, int | float) and not isinstance(v, bool)]
    metric_diff = max((abs(ma[k] - mb[k]) for k in num), default=0.0)
    hist_diff, n_hist = 0.0, 0
    if (a / "history.csv").exists():
        ha, hb = (pd.read_csv(p / "history.csv").select_dtypes("number") for p in (a, b))
        if ha.shape != hb.shape:
            raise SystemExit(f"histories at {a} and {b} have different shapes")
        hist_diff = float(np.nanmax(np.abs(ha.to_numpy() - hb.to_numpy()), initial=0.0))
        n_hist = ha.size
    return {
        "metrics_compared": len(num),
        "max_abs_metric_diff": float(metric_diff),
        "history_values_compared": n_hist,
        "max_abs_history_diff": hist_diff,
        "identical": ma == mb and hist_diff == 0.0,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--device", default="cpu", help="cpu or cuda (default: cpu)")
    p.add_argument("--studies", nargs="+", default=list(STUDIES), choices=STUDIES)
    p.add_argument(
        "--record", action="store_true", help=f"write {RECORD.relative_to(ROOT)} (tracked)"
    )
    p.add_argument("--out", type=Path, help="write the figures here instead")
    args = p.parse_args()
    if args.device not in ("cpu", "cuda"):
        raise SystemExit(f"unknown device {args.device!r}; valid choices: cpu, cuda")
    import torch

    if args.device == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda: torch sees no CUDA device on this machine")
    # The studies (and their compute code) load only now: a refused device costs no more.
    from negresults.studies import get

    precision = "bf16" if args.device == "cuda" else "fp32"
    entry: dict = {
        "measured": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "revision": git_revision(),
        "precision": precision,
        "torch": torch.__version__,
        "command": f"python benchmarks/determinism.py --device {args.device}",
    }
    if args.device == "cuda":
        entry["gpu"] = torch.cuda.get_device_name()
    out = args.out or (RECORD if args.record else SCRATCH)
    out.parent.mkdir(parents=True, exist_ok=True)
    stored = json.loads(out.read_text()) if out.exists() else {}
    skipped: dict[str, str] = {}

    def save() -> None:
        # After every section, so a run cut short keeps what it measured.
        if skipped:
            entry["skipped"] = skipped
        stored[args.device] = entry
        out.write_text(json.dumps(stored, indent=1))

    with tempfile.TemporaryDirectory() as tmp:
        # Each study's same-config pairs first, the compiled comparisons after
        # them: those compile every variant, the slowest part on a GPU.
        first_runs: dict[str, list[tuple[str, Path]]] = {}
        for study in args.studies:
            params = {"preset": "smoke", "device": args.device, "precision": precision}
            # Each study at the settings its config accepts: a refused setting is
            # skipped with the config's own reason, never a traceback halfway.
            why = refusal(study, params)
            if why:
                skipped[study] = why
                print(f"skipped {study}: {why}", flush=True)
                continue
            first = run_once(study, params, f"{tmp}/{study}/a")
            second = run_once(study, params, f"{tmp}/{study}/b")
            entry[study] = {
                label: differences(a, b) for (label, a), (_, b) in zip(first, second, strict=True)
            }
            first_runs[study] = first
            save()
            print(f"{study}: same config twice done", flush=True)
        for study, first in first_runs.items():
            params = {"preset": "smoke", "device": args.device, "precision": precision}
            compile_refused = refusal(study, {**params, "compile": True})
            if compile_refused:
                skipped[f"{study}_compiled_vs_eager"] = compile_refused
                print(f"skipped {study} compiled: {compile_refused}", flush=True)
                save()
                continue
            # Compiled kernels order float sums differently: how far apart, in numbers.
            # Compiling changes the training step only, so the runs that read nothing
            # else (the first stage: tuning) measure it for every variant.
            config = get(study).config(**params)
            kinds = tuple(dict.fromkeys(t.kind for t in get(study).plan(config)[0]))
            compiled = run_once(study, {**params, "compile": True}, f"{tmp}/{study}/c", kinds)
            eager = dict(first)
            entry[f"{study}_compiled_vs_eager"] = {
                label: differences(eager[label], c) for label, c in compiled
            }
            save()
            print(f"{study}: compiled vs eager done", flush=True)
    save()
    print(json.dumps(entry, indent=1))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
