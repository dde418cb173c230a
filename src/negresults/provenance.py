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


PEAK_ROW = "share of the matmul peak (CPU: one thread, fp32; GPU: bf16)"


def _loop_rows(v: dict[str, Any]) -> dict[str, str]:
    """One study's figures from one device, as table rows (absent figures: no row)."""
    ips = v["images_per_s"]
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
        PEAK_ROW: f"{100 * v['fraction_of_matmul_peak']:.2g}%",
    }
    if "compile_seconds_cold" in v:  # timed on the CPU only
        rows.update(
            {
                "compile, empty cache (s)": f"{v['compile_seconds_cold']:.1f}",
                "compile, warm cache, every later run (s)": f"{v['compile_seconds_warm']:.1f}",
                "one run, eager / compiled (s)": (
                    f"{v['run_seconds_eager']:.1f} / {v['run_seconds_compiled']:.1f}"
                ),
                "runs until compiling pays back": (
                    str(v["payback_runs"]) if v["payback_runs"] else "never"
                ),
            }
        )
    if "pool" in v:
        rows["process pool / one process"] = f"{v['pool']['speedup']:.2f}"
        rows["  as a share of the busy-work ceiling"] = f"{v['pool']['speedup_over_ceiling']:.2f}"
    return rows


def _seeds_rows(v: dict[str, Any]) -> dict[str, str]:
    rows = {"one model alone, our loop (images/s)": f"{v['alone_images_per_s']:.0f}"}
    for k, ratio in v["stacked_over_alone"].items():
        rows[f"{k} seeds at once (vmap) / one alone, images/s"] = f"{ratio:.2f}"
    return rows


def benchmark_table(path: Path | None = None) -> tuple[pd.DataFrame, dict[str, Any]] | None:
    """The figures ``benchmarks/bench.py --record`` last wrote, as a table; ``None`` if never.

    One row per figure, one column per study (figures of the machine or the
    book build fill the first column only). A file in an older layout, which
    lacks the ``studies`` section, reads as never measured. Where a GPU's
    figures are recorded too (``benchmarks/record_gpu.py``), each study gets a
    second column, "on the GPU", beside its CPU one, with the time of K seeds
    trained at once against one alone where that was measured; the returned
    metadata then holds the GPU's under ``"gpu"`` (its torch version included).
    """
    import json

    path = path or (find_repo_root() or Path.cwd()) / "benchmarks" / "results.json"
    if not path.is_file():
        return None
    r = json.loads(path.read_text())
    if "studies" not in r:
        return None
    columns: dict[str, dict[str, str]] = {study: _loop_rows(v) for study, v in r["studies"].items()}
    first = next(iter(columns), "value")
    machine = {
        "matmul peak, one thread (GFLOP/s)": f"{r['matmul_peak_gflops']:.1f}",
        "busy work, all cores / one (ceiling of a pool)": f"{r['core_scaling']:.2f}",
    }
    for k, v in r.get("book", {}).items():
        machine[f"cold make book: {k[:-2].replace('_', ' ')} (s)"] = f"{v:.0f}"
    columns.setdefault(first, {}).update(machine)
    meta = {k: r[k] for k in ("measured", "machine", "revision", "command")}
    gpu = r.get("gpu")
    if gpu:
        seeds = gpu.get("seeds_at_once", {})
        for study in dict.fromkeys([*gpu.get("studies", {}), *seeds]):
            rows = _loop_rows(gpu["studies"][study]) if study in gpu.get("studies", {}) else {}
            if study in seeds:
                rows.update(_seeds_rows(seeds[study]))
            columns[f"{study} on the GPU"] = rows
        if "matmul_peak_gflops" in gpu:
            gpu_first = next(c for c in columns if c.endswith("on the GPU"))
            peak = f"{gpu['matmul_peak_gflops'] / 1000:.0f}"
            columns[gpu_first]["matmul peak, bf16 (TFLOP/s)"] = peak
        meta["gpu"] = {
            k: gpu[k]
            for k in ("measured", "machine", "revision", "command", "gpu", "torch")
            if k in gpu
        }
    table = pd.DataFrame(columns).fillna("")
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
        when = f"{entry['measured']} at revision {entry['revision']}"
        measured[entry.get("gpu", device)] = when + (
            f", torch {entry['torch']}" if "torch" in entry else ""
        )
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


def gpu_tolerance(path: Path | None = None) -> dict[str, float] | None:
    """How far two GPU runs of one configuration may differ: what compiling moves the CPU's.

    Compiled kernels add the same floats in another order than eager ones, and
    the book accepts the numbers that gives; a GPU's run-to-run differences
    (atomics, cuDNN's autotuned algorithms, bf16 rounding) are differences of
    the same kind. So the tolerance is the largest difference the recorded CPU
    comparison of compiled and eager runs found (``benchmarks/determinism.json``),
    over every study it covers: ``{"metrics": ..., "curves": ...}``, each the
    largest absolute difference of a stored metric and of a learning-curve
    value. ``None`` where no CPU comparison is recorded.
    """
    import json

    path = path or (find_repo_root() or Path.cwd()) / "benchmarks" / "determinism.json"
    if not path.is_file():
        return None
    cpu = json.loads(path.read_text()).get("cpu", {})
    runs = [
        r for key, rows in cpu.items() if key.endswith("_compiled_vs_eager") for r in rows.values()
    ]
    if not runs:
        return None
    return {
        "metrics": max(r["max_abs_metric_diff"] for r in runs),
        "curves": max(r["max_abs_history_diff"] for r in runs),
    }


def gpu_determinism(path: Path | None = None) -> list[dict[str, Any]]:
    """Each recorded GPU's two runs of one configuration, against :func:`gpu_tolerance`.

    One dict per GPU entry of ``benchmarks/determinism.json`` (none before a
    GPU is measured): its name, torch version, precision, how many kinds of
    run were repeated and came back identical, the largest metric and curve
    differences over both studies, and ``within`` (whether both stay inside
    the tolerance; ``None`` without one).
    """
    import json

    path = path or (find_repo_root() or Path.cwd()) / "benchmarks" / "determinism.json"
    if not path.is_file():
        return []
    tol = gpu_tolerance(path)
    out = []
    for device, entry in json.loads(path.read_text()).items():
        if device == "cpu":
            continue
        runs = [r for study in ("shape_color", "transfer") for r in entry.get(study, {}).values()]
        if not runs:
            continue
        metrics = max(r["max_abs_metric_diff"] for r in runs)
        curves = max(r["max_abs_history_diff"] for r in runs)
        out.append(
            {
                "device": entry.get("gpu", device),
                "torch": entry.get("torch", "not recorded"),
                "precision": entry["precision"],
                "runs": len(runs),
                "identical": sum(r["identical"] for r in runs),
                "metrics": metrics,
                "curves": curves,
                "within": None
                if tol is None
                else bool(metrics <= tol["metrics"] and curves <= tol["curves"]),
            }
        )
    return out


def code_since(study: str) -> tuple[str, int] | None:
    """``(commit, unix time)`` of the commit where ``study``'s compute code, as its run keys
    hash it, took its present form: the oldest commit of the unbroken run, back from HEAD,
    whose copy of every module in the key has today's digest. A run stored before that time
    was made by code not yet committed. None without git history, or when the present code
    is an uncommitted change."""
    from negresults import runkeys

    root = find_repo_root()
    if root is None:
        return None
    modules, _ = runkeys.closure(study)
    try:
        files = {
            path.resolve().relative_to(root).as_posix(): runkeys.module_digest(path)
            for path in modules.values()
        }
    except ValueError:  # the library is installed outside the checkout: no history for it
        return None

    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)

    log = git("log", "--format=%H %ct", "--", *files)
    if log.returncode:
        return None
    since = None
    for line in log.stdout.split("\n"):
        if not line:
            continue
        commit, stamp = line.split()
        for rel, digest in files.items():
            shown = git("show", f"{commit}:{rel}")
            if shown.returncode or runkeys.source_digest(shown.stdout) != digest:
                return since
        since = (commit, int(stamp))
    return since
