"""Where a page's numbers came from: revision, versions, parameters."""

from __future__ import annotations

import platform
import subprocess
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from negresults.locations import find_repo_root

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
    """The figures ``benchmarks/bench.py --record`` last wrote, as a table; ``None`` if never.

    One row per figure, one column per study (figures of the machine or the
    book build fill the first column only). A file in an older layout, which
    lacks the ``studies`` section, reads as never measured.
    """
    import json

    path = path or (find_repo_root() or Path.cwd()) / "benchmarks" / "results.json"
    if not path.is_file():
        return None
    r = json.loads(path.read_text())
    if "studies" not in r:
        return None
    per_study: dict[str, dict[str, str]] = {}
    for study, v in r["studies"].items():
        ips, pool = v["images_per_s"], v["pool"]
        mode = "compiled" if v["library_compiles"] else "eager"
        rows = {
            f"our loop, {mode} + fused AdamW (images/s)": f"{ips['library']:.0f}",
            "bare loop, eager (images/s)": f"{ips['bare_eager']:.0f}",
            "bare loop, compiled (images/s)": f"{ips['bare_compiled']:.0f}",
            "Lightning Trainer, defaults (images/s)": f"{ips['lightning_defaults']:.0f}",
            "Lightning Trainer, compiled module (images/s)": f"{ips['lightning_compiled']:.0f}",
            "our loop / bare eager": f"{v['library_over_bare_eager']:.2f}",
            "our loop / Lightning defaults": f"{v['library_over_lightning_defaults']:.2f}",
            "our loop / Lightning compiled": f"{v['library_over_lightning_compiled']:.2f}",
            "share of the one-thread matmul peak": f"{100 * v['fraction_of_matmul_peak']:.0f}%",
            "compile, empty cache (s)": f"{v['compile_seconds_cold']:.1f}",
            "compile, warm cache, every later run (s)": f"{v['compile_seconds_warm']:.1f}",
            "one run, eager / compiled (s)": (
                f"{v['run_seconds_eager']:.1f} / {v['run_seconds_compiled']:.1f}"
            ),
            "runs until compiling pays back": (
                str(v["payback_runs"]) if v["payback_runs"] else "never"
            ),
            "process pool / one process": f"{pool['speedup']:.2f}",
            "  as a share of the busy-work ceiling": f"{pool['speedup_over_ceiling']:.2f}",
        }
        per_study[study] = rows
    table = pd.DataFrame(per_study)
    machine = {
        "matmul peak, one thread (GFLOP/s)": f"{r['matmul_peak_gflops']:.1f}",
        "busy work, all cores / one (ceiling of a pool)": f"{r['core_scaling']:.2f}",
    }
    for k, v in r.get("book", {}).items():
        machine[f"cold make book: {k[:-2].replace('_', ' ')} (s)"] = f"{v:.0f}"
    extra = pd.DataFrame({table.columns[0] if len(table.columns) else "value": machine})
    table = pd.concat([table, extra]).fillna("")
    meta = {k: r[k] for k in ("measured", "machine", "revision", "command")}
    return table, meta


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
