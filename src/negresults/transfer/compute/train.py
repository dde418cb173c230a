"""The training loop, kept thin: :func:`train_one_epoch`, :func:`evaluate` and
:func:`fit` apart (as in torchvision's classification reference). The task
runners that call it live in :mod:`.runners`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from negresults.devices import configure_backends
from negresults.training import predict, train_step

EVAL_BATCH = 1024


def batches(
    x: torch.Tensor, y: torch.Tensor, batch_size: int, generator: torch.Generator
) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """An endless stream of shuffled mini-batches; the generator fixes the order."""
    n = len(y)
    while True:
        order = torch.randperm(n, generator=generator)
        for i in range(0, n, batch_size):
            idx = order[i : i + batch_size]
            yield x[idx], y[idx]


def train_one_epoch(
    model: nn.Module,
    batch_iter: Iterable[tuple[torch.Tensor, torch.Tensor]],
    optimizer: torch.optim.Optimizer,
    device: str,
    precision: str = "fp32",
) -> float:
    """One pass over ``batch_iter``; returns the mean training loss."""
    model.train()
    total, count = 0.0, 0
    for xb, yb in batch_iter:
        xb, yb = xb.to(device, non_blocking=True), yb.to(device, non_blocking=True)
        loss = train_step(model, optimizer, xb, yb, F.cross_entropy, device, precision)
        total += loss.item() * len(yb)
        count += len(yb)
    return total / max(count, 1)


def evaluate(
    model: nn.Module, x: torch.Tensor, y: torch.Tensor, device: str, precision: str = "fp32"
) -> dict[str, float]:
    """Accuracy (percent) and mean cross-entropy."""
    logits = predict(model, x, device, batch_size=EVAL_BATCH, precision=precision)
    return {
        "acc": accuracy(logits, y),
        "loss": float(F.cross_entropy(logits, y.cpu())),
    }


def accuracy(logits: torch.Tensor, y: torch.Tensor) -> float:
    """Percent of rows whose largest logit is the label."""
    return 100.0 * float((logits.argmax(1) == y.cpu()).float().mean())


def fit(
    model: nn.Module,
    train: tuple[torch.Tensor, torch.Tensor],
    val: tuple[torch.Tensor, torch.Tensor],
    *,
    lr: float,
    steps: int,
    batch_size: int,
    eval_every: int,
    generator: torch.Generator,
    device: str,
    weight_decay: float = 0.0,
    precision: str = "fp32",
) -> list[dict[str, Any]]:
    """Train for ``steps`` Adam steps; log validation every ``eval_every`` steps.

    On the target a training set can be smaller than one batch, so training is
    counted in steps rather than passes: every arm and size gets the same
    budget. A logging period of ``eval_every`` steps is one "epoch" here.
    """
    configure_backends(device)
    model.to(device)
    # The target sets are small: on a GPU they live there for the whole run, so
    # a batch is one gather on the device. (The order still comes from the
    # CPU generator, so every device sees the same batches.)
    train = tuple(t.to(device) for t in train)
    val = tuple(t.to(device) for t in val)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(params, lr=lr, weight_decay=weight_decay)
    stream = batches(*train, batch_size, generator)
    history = []
    done = 0
    while done < steps:
        period = min(eval_every, steps - done)
        loss = train_one_epoch(
            model, (next(stream) for _ in range(period)), optimizer, device, precision
        )
        done += period
        scores = evaluate(model, *val, device, precision)
        history.append(
            {"step": done, "train_loss": loss, "val_acc": scores["acc"], "val_loss": scores["loss"]}
        )
    return history
