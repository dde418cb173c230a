"""The runners the plan names: :func:`run_pretrain`, :func:`run_arm` and :func:`run_baseline`.

Both are pure: a function of the run's config and, for an arm that starts from
a pretrained model, of the stored pretraining it declares it needs. Each runs
under its config's thread budget (:func:`negresults.training.run_threads`),
so a run's numbers do not depend on the executor that calls it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from threadpoolctl import threadpool_limits

from negresults.devices import configure_backends
from negresults.runners import RunOutput, runner
from negresults.training import run_threads, torch_generator
from negresults.transfer.compute import baselines, selection
from negresults.transfer.compute import model as models
from negresults.transfer.compute.datasets import load_source, load_target
from negresults.transfer.compute.train import batches, evaluate, train_one_epoch
from negresults.transfer.names import AUGMENTS

if TYPE_CHECKING:
    from negresults.store import Run

MODEL_KEYS = ("channels", "image_size", "width", "feature_dim", "num_classes")
PRETRAIN_KIND = "transfer/pretrain"
ARM_KIND = "transfer/arm"
BASELINE_KIND = "transfer/baseline"


@runner(PRETRAIN_KIND)
def run_pretrain(config: Mapping[str, Any], inputs: Sequence[Run]) -> RunOutput:
    """Train backbone + linear head on the source; evaluate it on the target test set as is."""
    del inputs
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


@runner(ARM_KIND)
def run_arm(config: Mapping[str, Any], inputs: Sequence[Run]) -> RunOutput:
    """One arm at one target size and seed: train the whole grid (and its CV folds), store it all.

    ``inputs`` is the seed's pretraining when the arm starts from it (else
    empty). Which grid point and step a protocol picks is decided afterwards
    from the stored validation scores (:func:`.selection.choose`); ``metrics``
    hold the default choice (CV when folds were run, else the holdout; epochs budget).
    """
    pretrained = models.ARM_SPEC[config["arm"]]["pretrained"]
    if pretrained and len(inputs) != 1:
        raise ValueError(f"arm {config['arm']!r} needs its pretraining run, got {len(inputs)}")
    state = inputs[0].state_dict("model") if pretrained else None
    with run_threads(config):
        return _arm(config, state)


def _arm(config: Mapping[str, Any], state: dict[str, torch.Tensor] | None) -> RunOutput:
    seed = config["seed"]
    splits = load_target(config, seed)
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


@runner(BASELINE_KIND)
def run_baseline(config: Mapping[str, Any], inputs: Sequence[Run]) -> RunOutput:
    """Every non-deep baseline at every grid value, on one seed's target subset.

    Needs no other run (the baselines never see the source). ``metrics`` hold
    the holdout protocol's choice; the report chooses again per protocol from
    the stored scores (:func:`.baselines.choose`).
    """
    del inputs
    with run_threads(config), threadpool_limits(config["threads"]):
        splits = load_target(config, config["seed"])
        scores = baselines.fit_all(config, splits)
    chosen = baselines.choose(scores["holdout_acc"])
    names = config["baselines"]
    _, ty = splits.test()
    history = [
        {
            "baseline": names[int(scores["baseline"][i])],
            "setting_a": float(scores["setting_a"][i]),
            "setting_b": float(scores["setting_b"][i]),
            "holdout_acc": float(scores["holdout_acc"][i]),
            "val_acc": float(scores["val_acc"][i]),
        }
        for i in range(len(scores["baseline"]))
    ]
    metrics = {
        "protocol": "holdout",
        "baseline": names[int(scores["baseline"][chosen])],
        "test_acc": float(scores["test_acc"][chosen]),
        "train_images": int(len(splits.train_index(config["size"]))),
    }
    arrays = {
        "grid": scores,
        "test": {"label": ty.numpy().astype(np.int16)},
    }
    return RunOutput(metrics=metrics, history=history, arrays=arrays)
