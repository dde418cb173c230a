"""The two task runners the plan names: :func:`run_pretrain` and :func:`run_arm`.

Each runs under its config's thread budget (:func:`negresults.training.run_threads`),
so a run's numbers do not depend on the executor that calls it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np
import torch

from negresults.devices import configure_backends
from negresults.store import ResultStore, RunOutput
from negresults.training import run_threads, torch_generator
from negresults.transfer.compute import model as models
from negresults.transfer.compute import selection
from negresults.transfer.compute.datasets import load_source, load_target
from negresults.transfer.compute.plan import pretrain_task
from negresults.transfer.compute.train import AUGMENTS, batches, evaluate, train_one_epoch

MODEL_KEYS = ("channels", "image_size", "width", "feature_dim", "num_classes")


def run_pretrain(config: Mapping[str, Any], store: ResultStore) -> RunOutput:
    """Train backbone + linear head on the source; evaluate it on the target test set as is."""
    with run_threads(config):
        return _timed(_pretrain, config)


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
    # An "epoch" is counted in rendered-source sizes at every level, so each
    # level (the small handwritten reservoir included) gets the same steps.
    nominal = (
        config["source_per_class"] * config["num_classes"]
        if "source_per_class" in config
        else len(sy)
    )
    per_epoch = -(-nominal // config["batch_size"])
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
    """One arm at one target size and seed: train the whole grid (and its CV folds), store it all.

    Which grid point and step a protocol picks is decided afterwards from the
    stored validation scores (:func:`.selection.choose`); ``metrics`` hold the
    default choice (CV when folds were run, else the holdout; epochs budget).
    """
    with run_threads(config):
        return _timed(_arm, config, store)


def _timed(fn, *args) -> RunOutput:
    """``fn(*args)`` with its wall time in the run's info (not a result: it varies)."""
    start = time.perf_counter()
    out = fn(*args)
    out.info = {**out.info, "seconds": time.perf_counter() - start, "threads": args[0]["threads"]}
    return out


def _arm(config: Mapping[str, Any], store: ResultStore) -> RunOutput:
    seed = config["seed"]
    splits = load_target(config, seed)
    state = (
        pretrained_state(config, store) if models.ARM_SPEC[config["arm"]]["pretrained"] else None
    )
    scores, budget = selection.train_grid(config, splits, state)
    protocol = "cv" if config["folds"] else "holdout"
    acc, loss = selection.protocol_scores(scores.as_arrays(), protocol)
    chosen = selection.choose(
        acc,
        loss,
        scores.lr,
        scores.steps,
        budget_rule="epochs",
        epochs_step=budget["epochs"],
    )
    g, e = chosen.point, chosen.step
    _, ty = splits.test()
    train_index = splits.train_index(config["size"])
    metrics = {
        "test_acc": float(scores.test_acc[g, e]),
        "val_acc": chosen.score,
        "protocol": protocol,
        "selected_lr": float(scores.lr[g]),
        "selected_wd": float(scores.wd[g]),
        "selected_augment": AUGMENTS[int(scores.aug[g])],
        "epochs_step": budget["epochs"],
        "train_images": int(len(train_index)),
    }
    history = [
        {
            "point": gi,
            "lr": float(scores.lr[gi]),
            "wd": float(scores.wd[gi]),
            "augment": AUGMENTS[int(scores.aug[gi])],
            "step": int(step),
            "train_loss": float(scores.train_loss[gi, ei]),
            "val_acc": float(scores.val_acc[gi, ei]),
        }
        for gi in range(len(scores.lr))
        for ei, step in enumerate(scores.steps)
    ]
    arrays = {
        "grid": scores.as_arrays(),
        "test": {
            "label": ty.numpy().astype(np.int16),
            "index": np.asarray(splits.test_index, dtype=np.int64),
        },
        "train": {"index": np.asarray(train_index, dtype=np.int64)},
    }
    return RunOutput(metrics=metrics, history=history, arrays=arrays)
