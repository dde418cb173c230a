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


def make_optimizer(params, lr: float, weight_decay: float) -> torch.optim.Optimizer:
    """The one place the target's optimiser is built (AdamW: decay decoupled from the step).

    The fused kernel does the same update as the loop over tensors, about
    three times faster on these small models.
    """
    return torch.optim.AdamW(params, lr=lr, weight_decay=weight_decay, fused=True)


# Augmentation "shift" (of names.AUGMENTS): a random translation of up to this
# fraction of the side, per image.
AUGMENT_SHIFT = 0.125


def augment(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Translate each image by up to :data:`AUGMENT_SHIFT` of its side (one batched resample)."""
    n = len(x)
    offset = (torch.rand(n, 2, generator=generator) - 0.5) * 2 * (2 * AUGMENT_SHIFT)
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = theta[:, 1, 1] = 1.0
    theta[:, :, 2] = offset
    grid = F.affine_grid(theta.to(x.device), tuple(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def training_inputs(
    train: tuple[torch.Tensor, torch.Tensor],
    batch_size: int,
    generator: torch.Generator,
    augmentation: str = "none",
    features: nn.Module | None = None,
) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """The endless stream of training batches :func:`fit` reads: shuffled by ``generator``,
    shifted (``augmentation``) by a generator seeded from it, mapped by ``features``.

    One function for :func:`fit` and :func:`.stacked.fit_stacked`, so that the
    copies of a stacked grid see exactly the batches each point would see alone.
    Both generators are drawn from here, before the first batch, in this order.
    """
    stream = batches(*train, batch_size, generator)
    aug_gen = torch.Generator().manual_seed(int(torch.randint(0, 2**31, (1,), generator=generator)))

    def inputs():
        for xb, yb in stream:
            if augmentation == "shift":
                xb = augment(xb, aug_gen)
            if features is not None:
                with torch.no_grad():
                    xb = features(xb)
            yield xb, yb

    return inputs()


def fit(
    model: nn.Module,
    train: tuple[torch.Tensor, torch.Tensor],
    evals: dict[str, tuple[torch.Tensor, torch.Tensor]],
    *,
    lr: float,
    eval_steps: list[int],
    batch_size: int,
    generator: torch.Generator,
    device: str,
    weight_decay: float = 0.0,
    augmentation: str = "none",
    precision: str = "fp32",
    features: nn.Module | None = None,
    read_until: int | None = None,
    late: tuple[str, ...] = ("val",),
) -> list[dict[str, Any]]:
    """Train until the last of ``eval_steps``; at each, score every set of ``evals``.

    Returns one row per evaluation step: ``{"step", "train_loss", "<name>_acc",
    "<name>_loss", "<name>_logits"}`` for each named set. ``features``, when
    given, is a frozen module applied to every training batch before ``model``
    (the frozen-backbone arms with augmentation, whose inputs change every
    step); ``evals`` are then given in the space ``model`` reads (features).
    Past ``read_until`` (the budget: steps no selection rule reads) only the
    sets named in ``late`` are scored; the others are left out of the row.
    """
    configure_backends(device)
    model.to(device)
    train = tuple(t.to(device) for t in train)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = make_optimizer(params, lr, weight_decay)
    source = training_inputs(train, batch_size, generator, augmentation, features)
    history = []
    done = 0
    for step in sorted(set(eval_steps)):
        loss = train_one_epoch(
            model, (next(source) for _ in range(step - done)), optimizer, device, precision
        )
        done = step
        row: dict[str, Any] = {"step": done, "train_loss": loss}
        for name, (x, y) in evals.items():
            if read_until is not None and done > read_until and name not in late:
                continue
            logits = predict(model, x, device, batch_size=EVAL_BATCH, precision=precision)
            row[f"{name}_logits"] = logits
            row[f"{name}_acc"] = accuracy(logits, y)
            row[f"{name}_loss"] = float(F.cross_entropy(logits, y.cpu()))
            row[f"{name}_pred"] = logits.argmax(1)
        history.append(row)
    return history
