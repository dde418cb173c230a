"""Where a page's numbers came from: revision, versions, parameters."""

from __future__ import annotations

import platform
import subprocess
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from negresults.store import find_repo_root

KEY_PACKAGES = (
    "negresults",
    "torch",
    "torchvision",
    "numpy",
    "scipy",
    "pandas",
    "matplotlib",
    "scikit-learn",
    "scikit-image",
    "jupyter-book",
    "myst-nb",
    "sphinx",
    "papermill",
    "jupytext",
    "submitit",
)


@cache
def git_revision() -> str:
    """Short commit hash, with ``+dirty`` when the tree has uncommitted changes."""
    root = find_repo_root() or Path.cwd()
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return rev + ("+dirty" if dirty else "")


def package_versions(names: tuple[str, ...] = KEY_PACKAGES) -> pd.DataFrame:
    rows = []
    for name in names:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "not installed"
        rows.append({"package": name, "version": version})
    rows.append({"package": "python", "version": platform.python_version()})
    return pd.DataFrame(rows)


def benchmark_table(path: Path | None = None) -> tuple[pd.DataFrame, dict[str, Any]] | None:
    """The figures ``benchmarks/bench.py`` last wrote, as a table, or ``None`` if never run."""
    import json

    path = path or (find_repo_root() or Path.cwd()) / "benchmarks" / "results.json"
    if not path.is_file():
        return None
    r = json.loads(path.read_text())
    rows = [("matmul peak (GFLOP/s)", f"{r['matmul_peak_gflops']:.1f}")]
    if "core_scaling" in r:
        rows.append(
            ("busy work, all cores / one core (ceiling of a pool)", f"{r['core_scaling']:.2f}")
        )
    for key, v in r.items():
        if key.startswith("loop_"):
            study = key[5:]
            ips = v["images_per_s"]
            rows += [
                (f"{study}: training loop (images/s)", f"{ips['library']:.0f}"),
                (f"{study}: bare forward/backward/step loop (images/s)", f"{ips['bare']:.0f}"),
                (f"{study}: Lightning Trainer, lean (images/s)", f"{ips['lightning']:.0f}"),
            ]
            if "lightning_defaults" in ips:
                rows.append(
                    (
                        f"{study}: Lightning Trainer, defaults (images/s)",
                        f"{ips['lightning_defaults']:.0f}",
                    )
                )
            rows += [
                (f"{study}: loop / bare", f"{v['library_over_bare']:.2f}"),
                (f"{study}: loop / Lightning, lean", f"{v['library_over_lightning']:.2f}"),
            ]
            if "library_over_lightning_defaults" in v:
                rows.append(
                    (
                        f"{study}: loop / Lightning, defaults",
                        f"{v['library_over_lightning_defaults']:.2f}",
                    )
                )
            rows.append(
                (f"{study}: share of matmul peak", f"{100 * v['fraction_of_matmul_peak']:.1f}%")
            )
        elif key.startswith("pool_"):
            rows.append(
                (f"{key[5:]}: process pool / one process (runs per minute)", f"{v['speedup']:.2f}")
            )
            if "speedup_vs_1_thread" in v:
                rows.append(
                    (
                        f"{key[5:]}: process pool / one process on one thread",
                        f"{v['speedup_vs_1_thread']:.2f}",
                    )
                )
    for k, v in r.get("data", {}).items():
        rows.append(
            (f"data generation: {k.replace('_', ' ')}", f"{v:.2f}" if v < 10 else f"{v:.0f}")
        )
    for k in ("book_cold_s", "book_warm_s"):
        if k in r:
            rows.append((f"negresults book, {k.split('_')[1]} (s)", f"{r[k]:.0f}"))
    meta = {k: r[k] for k in ("measured", "machine", "revision", "command")}
    return pd.DataFrame(rows, columns=["figure", "value"]).set_index("figure"), meta


def determinism_table(path: Path | None = None) -> tuple[pd.DataFrame, dict[str, str]] | None:
    """What ``benchmarks/determinism.py --record`` last measured, per device, study and comparison.

    ``None`` if it was never run. Each row: how many kinds of run were
    repeated, how many came back identical, and the largest absolute
    difference over their stored metrics and learning curves; "compiled vs
    eager" rows say how far ``compile=True`` moves the numbers. Also returns,
    per device, when and at which revision it was measured.
    """
    import json

    path = path or (find_repo_root() or Path.cwd()) / "benchmarks" / "determinism.json"
    if not path.is_file():
        return None
    rows, measured = [], {}
    for device, entry in json.loads(path.read_text()).items():
        measured[entry.get("gpu", device)] = f"{entry['measured']} at revision {entry['revision']}"
        pairs = [
            (study, comparison, entry.get(key))
            for study in ("shape_color", "transfer")
            for comparison, key in (
                ("same config twice", study),
                ("compiled vs eager", f"{study}_compiled_vs_eager"),
            )
        ]
        for study, comparison, runs in pairs:
            if not runs:
                continue
            rows.append(
                {
                    "device": entry.get("gpu", device),
                    "precision": entry["precision"],
                    "study": study,
                    "comparison": comparison,
                    "runs compared": len(runs),
                    "identical": sum(r["identical"] for r in runs.values()),
                    "max |diff|, metrics": max(r["max_abs_metric_diff"] for r in runs.values()),
                    "max |diff|, curves": max(r["max_abs_history_diff"] for r in runs.values()),
                }
            )
    return pd.DataFrame(rows), measured
