"""Device choice, seeding and thread budgets."""

from __future__ import annotations

import contextlib
import os
import random
from collections.abc import Iterator

import numpy as np
import torch

from negresults.config import ConfigError, check_device

PRECISIONS = ("fp32", "bf16")


def resolve_device(name: str) -> str:
    """``"auto"`` picks CUDA when present; an explicit ``"cuda"`` without a GPU is refused."""
    check_device(name)
    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ConfigError(
            f"device {name!r} requested but no CUDA device is available; use 'cpu' or 'auto'"
        )
    return name


def seed_everything(seed: int) -> torch.Generator:
    """Seed Python, NumPy and torch; return a CPU generator for explicit use."""
    random.seed(seed)
    np.random.seed(seed % (2**32))  # noqa: NPY002 - seeds third-party code that uses the global state
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def threads_per_worker(workers: int) -> int:
    """Split the machine's cores between ``workers`` parallel runs, at least one each."""
    return max(1, cpu_count() // max(1, workers))


def set_threads(n: int | None = None) -> int:
    """Use ``n`` threads from now on (default: all cores, or ``$NEGRESULTS_THREADS``).

    What a pool worker starts with; a run then applies its own config's
    ``threads`` (:func:`negresults.training.run_threads`).

    torch's intra-op pool is only one of the pools a run touches: NumPy's and
    scikit-learn's OpenBLAS and OpenMP pools (the colour probe, the data code)
    start one thread per core of their own. Measured on the 2-core machine,
    leaving them at their default made a grid run about twice as slow, inline
    or in a process pool, so threadpoolctl caps every pool at ``n``.
    """
    if n is None:
        n = int(os.environ.get("NEGRESULTS_THREADS", "0")) or cpu_count()
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(n)
    threadpool_limits(n)
    return n


@contextlib.contextmanager
def limit_threads(n: int) -> Iterator[int]:
    """:func:`set_threads` for the body only; every pool gets its previous size back."""
    from threadpoolctl import threadpool_limits

    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ConfigError(f"threads must be a positive integer, got {n!r}")
    before = torch.get_num_threads()
    # threadpool_limits restores the BLAS/OpenMP pools on exit; torch's own
    # pool is not one of them, so it is restored by hand.
    with threadpool_limits(n):
        torch.set_num_threads(n)
        try:
            yield n
        finally:
            torch.set_num_threads(before)


def amp_dtype(device: str, precision: str) -> torch.dtype | None:
    """The autocast dtype for ``precision`` on ``device``: bf16 on CUDA, else none (fp32).

    On the CPU, bf16 autocast is slower than fp32 for these small models and
    would change the CPU results, so the ``gpu`` preset's ``"bf16"`` only takes
    effect on a CUDA device (the resolved device is part of every run's key).
    """
    if precision not in PRECISIONS:
        raise ConfigError(
            f"unknown precision {precision!r}; valid choices: {', '.join(PRECISIONS)}"
        )
    return torch.bfloat16 if precision == "bf16" and device.startswith("cuda") else None


def autocast(device: str, precision: str) -> torch.autocast:
    """The mixed-precision context of :func:`amp_dtype` (a no-op when it is none)."""
    dtype = amp_dtype(device, precision)
    kind = "cuda" if device.startswith("cuda") else "cpu"
    return torch.autocast(kind, dtype=dtype or torch.bfloat16, enabled=dtype is not None)


def configure_backends(device: str) -> None:
    """Standard CUDA speed-ups: TF32 matmuls and cuDNN autotuning (no effect on the CPU path)."""
    if device.startswith("cuda"):
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
        torch.backends.cudnn.benchmark = True
