"""Training, kept thin: :func:`train_one_epoch`, :func:`evaluate` and :func:`fit`
apart (as in torchvision's classification reference), plus the two task
runners the plan names: :func:`run_pretrain` and :func:`run_arm`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from negresults.devices import autocast, configure_backends
from negresults.store import ResultStore, RunOutput
from negresults.transfer.compute import model as models
from negresults.transfer.compute.data import load_source, load_target

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
        with autocast(device, precision):
            loss = F.cross_entropy(model(xb), yb)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(yb)
        count += len(yb)
    return total / max(count, 1)


@torch.no_grad()
def predict(
    model: nn.Module, x: torch.Tensor, device: str, precision: str = "fp32"
) -> tuple[torch.Tensor, torch.Tensor]:
    """``(logits, predicted class)`` on the CPU, computed in large batches."""
    model.eval()
    with autocast(device, precision):
        logits = torch.cat(
            [model(x[i : i + EVAL_BATCH].to(device)) for i in range(0, len(x), EVAL_BATCH)]
        )
    logits = logits.float().cpu()
    return logits, logits.argmax(1)


def evaluate(
    model: nn.Module, x: torch.Tensor, y: torch.Tensor, device: str, precision: str = "fp32"
) -> dict[str, float]:
    """Accuracy (percent) and mean cross-entropy."""
    logits, pred = predict(model, x, device, precision)
    return {
        "acc": 100.0 * float((pred == y).float().mean()),
        "loss": float(F.cross_entropy(logits, y)),
    }


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


# -- task runners ---------------------------------------------------------


def _model_params(config: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("channels", "image_size", "width", "feature_dim", "num_classes")
    return {k: config[k] for k in keys}


def run_pretrain(config: Mapping[str, Any], store: ResultStore) -> RunOutput:
    """Train backbone + linear head on the source; evaluate it on the target test set as is."""
    seed, device = config["seed"], config["device"]
    precision = config["precision"]
    configure_backends(device)
    (sx, sy), (vx, vy) = load_source(config)
    net = models.build("scratch", _model_params(config), seed, None)
    gen = torch.Generator().manual_seed(seed * 1000 + models.ORDER_STREAM)
    net.to(device)
    optimizer = torch.optim.Adam(net.parameters(), lr=config["pretrain_lr"])
    history = []
    per_epoch = -(-len(sy) // config["batch_size"])
    stream = batches(sx, sy, config["batch_size"], gen)
    for epoch in range(1, config["pretrain_epochs"] + 1):
        loss = train_one_epoch(
            net, (next(stream) for _ in range(per_epoch)), optimizer, device, precision
        )
        scores = evaluate(net, vx, vy, device, precision)
        history.append(
            {
                "epoch": epoch,
                "train_loss": loss,
                "source_val_acc": scores["acc"],
                "source_val_loss": scores["loss"],
            }
        )
    target = load_target(config, seed)
    tx, ty = target.test()
    source_only = evaluate(net, tx, ty, device, precision)
    metrics = {
        "source_val_acc": evaluate(net, vx, vy, device, precision)["acc"],
        "source_only_target_acc": source_only["acc"],
        "source_images": len(sy),
    }
    return RunOutput(metrics=metrics, history=history, state_dicts={"model": net.state_dict()})


def pretrained_state(config: Mapping[str, Any], store: ResultStore) -> dict[str, torch.Tensor]:
    """The seed's pretrained weights from the store (computed there first if missing)."""
    from negresults.tasks import execute
    from negresults.transfer.compute.plan import pretrain_task

    task = pretrain_task(config["pretrain"])
    run = store.get(task.kind, task.config) or execute(task, store)
    return run.state_dict("model")


def run_arm(config: Mapping[str, Any], store: ResultStore) -> RunOutput:
    """One arm at one target size and seed: pick the learning rate on validation, then test once."""
    from negresults.transfer.compute.selection import select_lr

    seed, device = config["seed"], config["device"]
    splits = load_target(config, seed)
    state = (
        pretrained_state(config, store) if models.ARM_SPEC[config["arm"]]["pretrained"] else None
    )
    chosen = select_lr(config, splits, state)
    # The test set is read here, after the choice, and only for the chosen model.
    tx, ty = splits.test()
    _, pred = predict(chosen.model, tx, device, config["precision"])
    train_index = splits.train_index(config["size"])
    metrics = {
        "test_acc": 100.0 * float((pred == ty).float().mean()),
        "val_acc": chosen.val_acc,
        "selected_lr": chosen.lr,
        "train_images": int(len(train_index)),
        **{f"val_acc_lr={lr:g}": acc for lr, acc in chosen.val_acc_by_lr.items()},
    }
    arrays = {
        "test": {
            "pred": pred.numpy().astype(np.int16),
            "label": ty.numpy().astype(np.int16),
            "index": np.asarray(splits.test_index, dtype=np.int64),
        },
        "train": {"index": np.asarray(train_index, dtype=np.int64)},
    }
    return RunOutput(metrics=metrics, history=chosen.history, arrays=arrays)
