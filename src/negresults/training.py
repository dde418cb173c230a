"""Training primitives both studies share: one optimiser step, batched
inference, and the thread budget a run executes under.

Part of every study's run key (see :mod:`negresults.runkeys`): an edit
here re-keys the runs of both studies, as it should, since these lines decide
their numbers.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np
import torch
from torch import nn

from negresults.devices import autocast, limit_threads

Output = torch.Tensor | tuple[torch.Tensor, ...]


def train_step(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    inputs: torch.Tensor,
    targets: Any,
    loss_fn: Callable[[Any, Any], torch.Tensor],
    device: str,
    precision: str = "fp32",
) -> torch.Tensor:
    """One optimiser step on ``loss_fn(model(inputs), targets)``; returns the (detached) loss.

    Forward and loss run under :func:`~negresults.devices.autocast` (bf16 on
    CUDA for the ``gpu`` preset, a no-op elsewhere); backward and the update
    stay outside it, as torch's AMP recipe asks.
    """
    optimizer.zero_grad(set_to_none=True)
    with autocast(device, precision):
        loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss.detach()


def adamw(
    params: Any, lr: float, weight_decay: float = 0.0, device: str = "cpu"
) -> torch.optim.Optimizer:
    """AdamW with the fused update kernel where torch has one for ``device``.

    The fused kernel does the whole update in one pass over the parameters
    instead of a dozen elementwise ops per step; for models this small that
    is a visible share of a step (``benchmarks/bench.py`` measures it). The
    update differs from the default multi-tensor one in the last bits, which
    the run key covers (this file is part of every study's code version).
    """
    fused = device.split(":")[0] in ("cpu", "cuda")
    return torch.optim.AdamW(params, lr=lr, weight_decay=weight_decay, fused=fused)


def predict(
    model: nn.Module,
    x: torch.Tensor,
    device: str,
    *,
    batch_size: int,
    precision: str = "fp32",
    forward: Callable[[torch.Tensor], Output] | None = None,
) -> Output:
    """``forward`` (default: the model itself) over ``x`` in batches, in eval mode.

    Returns float32 tensors on the CPU, one per output of ``forward``. Each
    batch leaves the device as soon as it is computed, so an evaluation set
    never has to fit on the GPU at once. The outputs are ordinary tensors (the
    concatenation happens outside inference mode), so a caller may train on
    them, as the frozen-backbone arms do with their features.
    """
    model.eval()
    forward = forward or model
    parts: list[Output] = []
    with torch.inference_mode(), autocast(device, precision):
        for i in range(0, len(x), batch_size):
            out = forward(x[i : i + batch_size].to(device))
            if isinstance(out, tuple):
                parts.append(tuple(o.float().cpu() for o in out))
            else:
                parts.append(out.float().cpu())
    if parts and isinstance(parts[0], tuple):
        return tuple(torch.cat(column) for column in zip(*parts, strict=True))
    return torch.cat(parts)


@contextlib.contextmanager
def run_threads(config: Mapping[str, Any]) -> Iterator[int]:
    """Run the body with exactly ``config["threads"]`` threads in every pool.

    The thread count is part of a run's key because it changes how float sums
    are split; so the runner, not the executor that happens to call it,
    applies it. The previous budget is restored afterwards.
    """
    with limit_threads(config["threads"]) as n:
        yield n


# -- seed streams -----------------------------------------------------------
def seed_stream(seed: int, *stream: int | str) -> int:
    """A 63-bit seed for the named ``stream`` of ``seed``, drawn by ``numpy.random.SeedSequence``.

    Streams of one seed are statistically independent, and no two (seed,
    stream) pairs collide the way ``seed * 1000 + stream`` arithmetic does once
    a stream number reaches 1000 or a seed is large.
    """
    codes = [s if isinstance(s, int) else zlib.crc32(s.encode()) for s in stream]
    hi, lo = np.random.SeedSequence([seed, *codes]).generate_state(2, np.uint32)
    return (int(hi) << 31) ^ int(lo)


def rng(seed: int, *stream: int | str) -> np.random.Generator:
    """A NumPy generator for the named stream of ``seed``."""
    return np.random.default_rng(seed_stream(seed, *stream))


def torch_generator(seed: int, *stream: int | str) -> torch.Generator:
    """A CPU torch generator for the named stream of ``seed``."""
    return torch.Generator().manual_seed(seed_stream(seed, *stream))
