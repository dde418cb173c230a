"""The machine a run was made on: the facts that decide in which order its floats are added.

On one machine a configuration reproduces bit for bit; across machines it need
not, because torch's kernels and the BLAS libraries pick code paths by the
processor's vector instructions, and a reduction split over another number of
threads adds in another order. A rebuilt store whose numbers moved can only be
explained if each run says where it was made, so every run's info (never its
key: the same configuration is the same run) carries :func:`facts`, and the
pages and the published records count the runs per machine (:func:`count`).
"""

from __future__ import annotations

import platform
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

# The info field the facts are stored under.
FIELD = "machine"
# What a run stored before runs recorded their machine is counted as.
NOT_RECORDED = "not recorded"


@cache
def cpu_model() -> str:
    """The processor's model name (Linux's /proc/cpuinfo), else what platform knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            name, _, value = line.partition(":")
            if name.strip() == "model name" and value.strip():
                return " ".join(value.split())
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown processor"


@cache
def _torch_blas() -> str | None:
    """The BLAS torch was built with (``BLAS_INFO`` of its build settings)."""
    torch = sys.modules.get("torch")
    if torch is None:
        return None
    found = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    return found.group(1) if found else None


def _blas_libraries() -> list[str]:
    """The BLAS libraries this process has loaded, with the kernels each chose."""
    from threadpoolctl import threadpool_info

    out = set()
    for lib in threadpool_info():
        if lib.get("user_api") != "blas":
            continue
        arch = f" ({lib['architecture']})" if lib.get("architecture") else ""
        out.add(f"{lib['internal_api']} {lib.get('version') or ''}".strip() + arch)
    return sorted(out)


def facts(threads: int | None = None) -> dict[str, Any]:
    """Where the calling process computes: processor, torch's kernels and threads, BLAS.

    Read at the end of a run, so the libraries are the ones it loaded. torch is only read
    if the run imported it. ``threads``: the run's own thread count where its config sets
    one. A study's runner applies that count itself and gives the caller's pools back when
    it returns, so the pool read here is the executor's, not the run's (a one-worker sweep
    on two cores would otherwise record 2 threads for a run that used 1).
    """
    out: dict[str, Any] = {"cpu": cpu_model()}
    torch = sys.modules.get("torch")
    if torch is not None:
        out["torch_kernels"] = torch.backends.cpu.get_cpu_capability()
        out["torch_blas"] = _torch_blas()
        out["threads"] = torch.get_num_threads() if threads is None else threads
    out["blas"] = _blas_libraries()
    return out


def describe(f: Mapping[str, Any] | None) -> str:
    """One machine in words, e.g. "AMD EPYC, torch's AVX2 kernels with mkl, 1 thread,
    openblas 0.3.30 (Haswell)"; :data:`NOT_RECORDED` for a run that stored none."""
    if not f:
        return NOT_RECORDED
    parts = [str(f.get("cpu", "unknown processor"))]
    if f.get("torch_kernels"):
        blas = f" with {f['torch_blas']}" if f.get("torch_blas") else ""
        parts.append(f"torch's {f['torch_kernels']} kernels{blas}")
    if f.get("threads"):
        parts.append(f"{f['threads']} thread{'s' if f['threads'] != 1 else ''}")
    parts.extend(f.get("blas") or [])
    return ", ".join(parts)


def count(infos: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Runs per machine (:func:`describe` of each run's info), the commonest first."""
    tally = Counter(describe(info.get(FIELD)) for info in infos)
    return dict(sorted(tally.items(), key=lambda kv: (-kv[1], kv[0])))


def of_plan(plan: Iterable[Iterable[Any]], store: Any) -> dict[str, int]:
    """:func:`count` over the stored runs of ``plan`` (stages of tasks); a missing run is
    not counted, and nothing is run."""
    infos = []
    for stage in plan:
        for task in stage:
            run = store.get(task.kind, task.config)
            if run is not None:
                infos.append(run.info)
    return count(infos)


def sentence(counts: Mapping[str, int], planned: int | None = None) -> str:
    """Which machines made the stored runs of ``counts`` (of ``planned`` runs, if given), as
    a clause: "all 2,214 runs are stored, made on AMD EPYC, ...", "2 of its 442 runs are
    stored, made on ...", or, for several machines, "... made: 1,200 on ...; and 14 before
    runs recorded their machine"."""
    stored = sum(counts.values())
    if not stored:
        return "none of its runs is stored" if planned else "no run is stored"
    if planned is None or planned == stored:
        head = f"all {stored:,} of its runs are stored" if planned else f"{stored:,} runs"
    else:
        head = f"{stored:,} of its {planned:,} runs are stored"
    items = [
        f"{n:,} before runs recorded their machine" if k == NOT_RECORDED else f"{n:,} on {k}"
        for k, n in counts.items()
    ]
    if len(items) == 1:
        made = items[0].split(" ", 1)[1]  # without the count: it is the whole
        return f"{head}, {'' if head.startswith('all') else 'all '}made {made}"
    # A machine's description holds commas, so machines are set apart by semicolons.
    return f"{head}, made " + "; ".join(items[:-1]) + f"; and {items[-1]}"
