"""Learning-rate selection on the validation split.

An arm trained at a learning rate tuned for another arm is the commonest
source of a false negative transfer result, so every arm gets its own pick
from the same grid. The choice sees the training subset and the validation
split only: this module never calls :meth:`TargetSplits.test`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from negresults.training import predict, torch_generator
from negresults.transfer.compute import model as models
from negresults.transfer.compute.splits import TargetSplits
from negresults.transfer.compute.train import EVAL_BATCH, evaluate, fit


@dataclass
class Selection:
    lr: float
    val_acc: float
    val_acc_by_lr: dict[float, float]
    model: nn.Module  # the model trained at ``lr`` (not retrained: same data, same seed)
    history: list[dict[str, Any]]


def train_arm(
    config: Mapping[str, Any],
    splits: TargetSplits,
    pretrained: Mapping[str, torch.Tensor] | None,
    lr: float,
) -> tuple[models.Classifier, list[dict[str, Any]]]:
    """Train one arm at one learning rate on the seed's subset; validation logged."""
    seed, device = config["seed"], config["device"]
    params = {
        k: config[k] for k in ("channels", "image_size", "width", "feature_dim", "num_classes")
    }
    net = models.build(config["arm"], params, seed, pretrained).to(device)
    train, val = splits.train(config["size"]), splits.val()
    # One seed, one data order, for every arm and learning rate.
    gen = torch_generator(seed, models.ORDER_STREAM)
    common = dict(
        lr=lr,
        steps=config["steps"],
        batch_size=config["batch_size"],
        eval_every=config["eval_every"],
        generator=gen,
        device=device,
        weight_decay=config["weight_decay"],
        precision=config["precision"],
    )
    if models.ARM_SPEC[config["arm"]]["frozen"]:
        # The backbone never changes, so its features are computed once and
        # only the head trains: the same result, many times faster.
        feats = (predict(net.backbone, train[0], device, batch_size=EVAL_BATCH), train[1])
        vfeats = (predict(net.backbone, val[0], device, batch_size=EVAL_BATCH), val[1])
        history = fit(net.head, feats, vfeats, **common)
    else:
        history = fit(net, train, val, **common)
    return net, history


def select_lr(
    config: Mapping[str, Any], splits: TargetSplits, pretrained: Mapping[str, torch.Tensor] | None
) -> Selection:
    """Train at every learning rate of ``config["lr_grid"]``; keep the best on validation.

    Ties go to the lower validation loss, then to the smaller learning rate.
    """
    best = None
    by_lr: dict[float, float] = {}
    val = splits.val()
    for lr in config["lr_grid"]:
        net, history = train_arm(config, splits, pretrained, lr)
        scores = evaluate(net, *val, config["device"], config["precision"])
        by_lr[lr] = scores["acc"]
        rank = (scores["acc"], -scores["loss"])
        if best is None or rank > best[0]:
            best = (rank, lr, net, history)
    _, lr, net, history = best
    return Selection(lr, by_lr[lr], by_lr, net, history)
