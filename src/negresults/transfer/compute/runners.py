"""The two task runners the plan names: :func:`run_pretrain` and :func:`run_arm`.

Each runs under its config's thread budget (:func:`negresults.training.run_threads`),
so a run's numbers do not depend on the executor that calls it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import torch

from negresults.devices import configure_backends
from negresults.store import ResultStore, RunOutput
from negresults.training import predict, run_threads, torch_generator
from negresults.transfer.compute import model as models
from negresults.transfer.compute import selection
from negresults.transfer.compute.datasets import load_source, load_target
from negresults.transfer.compute.plan import pretrain_task
from negresults.transfer.compute.train import EVAL_BATCH, batches, evaluate, train_one_epoch

MODEL_KEYS = ("channels", "image_size", "width", "feature_dim", "num_classes")


def run_pretrain(config: Mapping[str, Any], store: ResultStore) -> RunOutput:
    """Train backbone + linear head on the source; evaluate it on the target test set as is."""
    with run_threads(config):
        return _pretrain(config)


def _pretrain(config: Mapping[str, Any]) -> RunOutput:
    seed, device = config["seed"], config["device"]
    precision = config["precision"]
    configure_backends(device)
    (sx, sy), (vx, vy) = load_source(config)
    net = models.build("scratch", {k: config[k] for k in MODEL_KEYS}, seed, None)
    gen = torch_generator(seed, models.ORDER_STREAM)
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

    task = pretrain_task(config["pretrain"])
    run = store.get(task.kind, task.config) or execute(task, store)
    return run.state_dict("model")


def run_arm(config: Mapping[str, Any], store: ResultStore) -> RunOutput:
    """One arm at one target size and seed: pick the learning rate on validation, then test once."""
    with run_threads(config):
        return _arm(config, store)


def _arm(config: Mapping[str, Any], store: ResultStore) -> RunOutput:
    seed, device = config["seed"], config["device"]
    splits = load_target(config, seed)
    state = (
        pretrained_state(config, store) if models.ARM_SPEC[config["arm"]]["pretrained"] else None
    )
    chosen = selection.select_lr(config, splits, state)
    # The test set is read here, after the choice, and only for the chosen model.
    tx, ty = splits.test()
    logits = predict(chosen.model, tx, device, batch_size=EVAL_BATCH, precision=config["precision"])
    pred = logits.argmax(1)
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
