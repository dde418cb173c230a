"""Hyperparameter selection: every arm trains its whole grid, then a protocol chooses.

An arm trained at settings tuned for another arm is the commonest source of a
false negative transfer result, so every arm gets its own choice of learning
rate, weight decay and augmentation from the same grid. Each grid point is
trained once on the whole training subset (scored on the validation split
and, for the record, on the test set at every logged step) and once per
cross-validation fold inside the subset. The choice itself, :func:`choose`,
reads validation scores only; its signature holds no test score at all, and
the test score of the chosen point is looked up afterwards.

Protocols (what the choice is made on):

- ``holdout``: a validation set the size of the training subset (k images
  per class, drawn from the per-seed validation split): what a practitioner
  who labelled 2k images per class can run;
- ``cv``: k-fold cross-validation inside the training subset, stratified by
  class (runs only when ``folds`` > 0: it trains every grid point once more
  per fold);
- ``oracle``: the whole per-seed validation split (``val_per_class`` images
  per class, often more than the training subset itself): a named upper bound.

Budget rules (how long a model trains, the step read):

- ``epochs``: a fixed number of passes over the subset (at least ``min_steps``);
- ``early_stop``: early stopping with a patience, within that budget: a run
  stops at the first logged step after which its selection score has not
  improved for ``patience`` logged steps (or at the budget), and is read at its
  best logged step before the stop.

Every run keeps training past the budget by ``extension`` of it, logged at
the same spacing; no rule reads those steps. They say what an arm would still
have gained had it trained longer (:func:`negresults.transfer.report.tables.final_gains`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from negresults.training import predict, rng, torch_generator
from negresults.transfer.compute import model as models
from negresults.transfer.compute.splits import TargetSplits
from negresults.transfer.compute.train import EVAL_BATCH, accuracy, fit, make_optimizer
from negresults.transfer.names import AUGMENTS

PROTOCOLS = ("holdout", "cv", "oracle")
BUDGET_RULES = ("epochs", "early_stop")
MODEL_KEYS = ("channels", "image_size", "width", "feature_dim", "num_classes")


def grid(config: Mapping[str, Any]) -> list[tuple[float, float, str]]:
    """Every ``(learning rate, weight decay, augmentation)`` an arm is trained at.

    With ``joint_regularisation`` weight decay and augmentation are paired
    (the i-th decay with the i-th augmentation: one switch, half the grid);
    otherwise every combination is trained.
    """
    if config.get("joint_regularisation"):
        pairs = list(zip(config["wd_grid"], config["augment_grid"], strict=True))
        return [(lr, wd, aug) for lr in config["lr_grid"] for wd, aug in pairs]
    return list(product(config["lr_grid"], config["wd_grid"], config["augment_grid"]))


def budget(config: Mapping[str, Any], n_train: int) -> dict[str, Any]:
    """Steps of each budget rule for a subset of ``n_train`` images, and the logged steps.

    ``eval_points`` logged steps evenly spaced up to the budget, then at the
    same spacing up to ``extension`` of the budget past it (never read by a
    selection rule: what a longer run would have gained).
    """
    per_epoch = math.ceil(n_train / min(config["batch_size"], n_train))
    by_epochs = max(config["min_steps"], config["epochs"] * per_epoch)
    points = config["eval_points"]
    end = math.ceil(by_epochs * (1 + config.get("extension", 0.0)))
    logged = {round(by_epochs * (i + 1) / points) for i in range(2 * points + 2)}
    logged = {s for s in logged if s <= end} | {by_epochs, end}
    return {"epochs": by_epochs, "end": end, "eval_steps": sorted(s for s in logged if s > 0)}


def folds(labels: np.ndarray, k: int, seed: int, num_classes: int) -> list[np.ndarray]:
    """``k`` stratified folds of positions into ``labels`` (each class dealt round the folds)."""
    order = rng(seed, "cv_folds").permutation(len(labels))
    out: list[list[int]] = [[] for _ in range(k)]
    for c in range(num_classes):
        for j, i in enumerate(order[labels[order] == c]):
            out[j % k].append(int(i))
    return [np.sort(np.array(f, dtype=np.int64)) for f in out]


def holdout(labels: np.ndarray, per_class: int, seed: int, num_classes: int) -> np.ndarray:
    """Boolean mask over the validation split: ``per_class`` images of each class, seeded."""
    order = rng(seed, "holdout").permutation(len(labels))
    mask = np.zeros(len(labels), dtype=bool)
    for c in range(num_classes):
        mask[order[labels[order] == c][:per_class]] = True
    return mask


@dataclass
class GridScores:
    """What a protocol may read (``val_*``, ``fold_*``) and what it may not (``test_*``)."""

    lr: np.ndarray  # [G]
    wd: np.ndarray  # [G]
    aug: np.ndarray  # [G] index into AUGMENTS
    steps: np.ndarray  # [E] the logged steps
    val_acc: np.ndarray  # [G, E] per-seed validation split (the oracle)
    val_loss: np.ndarray
    holdout_acc: np.ndarray  # [G, E] its first k per class (the size of the subset)
    holdout_loss: np.ndarray
    fold_acc: np.ndarray  # [G, K, E] held-out fold inside the subset (K may be 0)
    fold_loss: np.ndarray
    test_acc: np.ndarray  # [G, E]
    test_pred: np.ndarray  # [G, E, n_test]
    train_loss: np.ndarray  # [G, E]

    def as_arrays(self) -> dict[str, np.ndarray]:
        return dict(self.__dict__)


def _frozen_inputs(net, data, device):
    return (predict(net.backbone, data[0], device, batch_size=EVAL_BATCH), data[1])


def probe_stage(
    net: models.Classifier,
    train: tuple[torch.Tensor, torch.Tensor],
    *,
    steps: int,
    lr: float,
    device: str,
) -> models.Classifier:
    """LP-FT's first stage: fit the head alone, full batch, on the frozen backbone's features.

    The backbone is only read (its features computed once, without gradients),
    so it leaves this stage exactly as it came; the second stage is :func:`fit`
    on the whole network.
    """
    feats, labels = _frozen_inputs(net, train, device)
    feats, labels = feats.to(device), labels.to(device)
    head = net.head
    head.train()
    optimizer = make_optimizer(list(head.parameters()), lr, 0.0)
    for _ in range(steps):
        optimizer.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(head(feats), labels)
        loss.backward()
        optimizer.step()
    return net


def train_point(
    config: Mapping[str, Any],
    splits: TargetSplits,
    pretrained: Mapping[str, torch.Tensor] | None,
    point: tuple[float, float, str],
    train_index: np.ndarray,
    evals: dict[str, tuple[torch.Tensor, torch.Tensor]],
    eval_steps: list[int],
    read_until: int | None = None,
) -> tuple[models.Classifier, list[dict[str, Any]]]:
    """Train the arm at one grid point on ``train_index``, scoring ``evals`` at ``eval_steps``
    (past ``read_until``, the validation split only: see :func:`.train.fit`)."""
    lr, wd, aug = point
    seed, device = config["seed"], config["device"]
    params = {k: config[k] for k in MODEL_KEYS}
    net = models.build(config["arm"], params, seed, pretrained).to(device)
    train = (splits.images[train_index], splits.labels[train_index])
    # One seed, one data order, for every arm and grid point.
    gen = torch_generator(seed, models.ORDER_STREAM)
    common = dict(
        lr=lr,
        eval_steps=eval_steps,
        batch_size=min(config["batch_size"], len(train_index)),
        generator=gen,
        device=device,
        weight_decay=wd,
        augmentation=aug,
        precision=config["precision"],
        read_until=read_until,
    )
    if models.ARM_SPEC[config["arm"]]["frozen"]:
        # The backbone never changes: evaluation sets are mapped to features
        # once, and without augmentation so is the training subset.
        feats = {k: _frozen_inputs(net, v, device) for k, v in evals.items()}
        if aug == "none":
            history = fit(net.head, _frozen_inputs(net, train, device), feats, **common)
        else:
            history = fit(net.head, train, feats, features=net.backbone, **common)
    else:
        if models.ARM_SPEC[config["arm"]].get("probe_first"):
            probe_stage(
                net,
                train,
                steps=config["lpft_probe_steps"],
                lr=config["lpft_probe_lr"],
                device=device,
            )
        history = fit(net, train, evals, **common)
    return net, history


def train_grid(
    config: Mapping[str, Any], splits: TargetSplits, pretrained: Mapping[str, torch.Tensor] | None
) -> tuple[GridScores, dict[str, Any]]:
    """Train every grid point on the subset and on each CV fold; return all scores."""
    train_index = splits.train_index(config["size"])
    plan = budget(config, len(train_index))
    steps = plan["eval_steps"]
    points = grid(config)
    k = config["folds"]
    labels = splits.labels.numpy()[train_index]
    fold_sets = folds(labels, k, config["seed"], config["num_classes"]) if k else []
    val, test = splits.val(), splits.test()
    # A validation set the size of the training set: k per class of the split.
    mask = holdout(
        val[1].numpy(), config["size"], seed=config["seed"], num_classes=config["num_classes"]
    )
    small = (val[0][mask], val[1][mask])
    G, E = len(points), len(steps)
    out = {
        name: np.zeros(shape)
        for name, shape in (
            ("val_acc", (G, E)),
            ("val_loss", (G, E)),
            ("holdout_acc", (G, E)),
            ("holdout_loss", (G, E)),
            ("test_acc", (G, E)),
            ("train_loss", (G, E)),
            ("fold_acc", (G, k, E)),
            ("fold_loss", (G, k, E)),
        )
    }
    test_pred = np.zeros((G, E, len(test[1])), dtype=np.int16)
    # Past the budget only the validation split is scored (what a longer run would gain);
    # the test set and the folds are read at steps a selection rule may choose, no others.
    within = [t for t in steps if t <= plan["epochs"]]
    hold_y = small[1]
    for g, point in enumerate(points):
        evals = {"val": val, "test": test}
        _, hist = train_point(
            config, splits, pretrained, point, train_index, evals, steps, plan["epochs"]
        )
        for e, row in enumerate(hist):
            out["val_acc"][g, e], out["val_loss"][g, e] = row["val_acc"], row["val_loss"]
            # The holdout is a subset of the validation split: scored from the same logits.
            logits = row["val_logits"][torch.from_numpy(mask)]
            out["holdout_acc"][g, e] = accuracy(logits, hold_y)
            out["holdout_loss"][g, e] = float(F.cross_entropy(logits, hold_y.cpu()))
            out["train_loss"][g, e] = row["train_loss"]
            if "test_acc" in row:
                out["test_acc"][g, e] = row["test_acc"]
                test_pred[g, e] = row["test_pred"].numpy()
            else:
                out["test_acc"][g, e] = np.nan
                test_pred[g, e] = -1
        for j, held in enumerate(fold_sets):
            inner = np.setdiff1d(np.arange(len(train_index)), held)
            evals = {"fold": (splits.images[train_index[held]], splits.labels[train_index[held]])}
            _, hist = train_point(
                config, splits, pretrained, point, train_index[inner], evals, within
            )
            out["fold_acc"][g, j, len(within) :] = np.nan
            out["fold_loss"][g, j, len(within) :] = np.nan
            for e, row in enumerate(hist):
                out["fold_acc"][g, j, e], out["fold_loss"][g, j, e] = (
                    row["fold_acc"],
                    row["fold_loss"],
                )
    scores = GridScores(
        lr=np.array([p[0] for p in points]),
        wd=np.array([p[1] for p in points]),
        aug=np.array([AUGMENTS.index(p[2]) for p in points]),
        steps=np.array(steps),
        test_pred=test_pred,
        **out,
    )
    return scores, plan


@dataclass(frozen=True)
class Choice:
    point: int  # index into the grid
    step: int  # index into the logged steps: the step read
    score: float  # the validation score it was chosen on
    stop: int = -1  # index into the logged steps: where the chosen point stopped training


def stop_index(scores: np.ndarray, cols: list[int], patience: int | None) -> int:
    """Where early stopping ends a run: the first of ``cols`` after which ``scores`` has not
    improved for ``patience`` logged steps (the last of ``cols`` if it never stalls)."""
    best, best_at = -math.inf, cols[0]
    for j, e in enumerate(cols):
        if scores[e] > best:
            best, best_at = scores[e], j
        elif patience is not None and j - best_at >= patience:
            return e
    return cols[-1]


def choose(
    val_acc: np.ndarray,
    val_loss: np.ndarray,
    lr: np.ndarray,
    steps: np.ndarray,
    *,
    budget_rule: str,
    epochs_step: int,
    allowed: np.ndarray | None = None,
    patience: int | None = None,
) -> Choice:
    """The grid point (and logged step) with the best validation score.

    ``val_acc``/``val_loss`` are ``[G, E]`` validation scores (for CV, the mean
    over folds). Ties go to the lower validation loss, then the smaller
    learning rate. ``allowed`` masks grid points out (say, augmentation off).
    Steps past ``epochs_step`` (the extension) are never read. Under
    ``early_stop`` each grid point stops where :func:`stop_index` says
    (``patience`` None: at the budget) and is read at its best step before.
    """
    if budget_rule not in BUDGET_RULES:
        raise ValueError(f"unknown budget rule {budget_rule!r}; valid: {', '.join(BUDGET_RULES)}")
    steps = np.asarray(steps)
    rows = range(len(lr)) if allowed is None else [int(i) for i in np.flatnonzero(allowed)]
    if budget_rule == "epochs":
        col = int(np.flatnonzero(steps == epochs_step)[0])
        cols = {g: [col] for g in rows}
    else:
        within = [int(i) for i in np.flatnonzero(steps <= epochs_step)]
        cols = {}
        for g in rows:
            stop = stop_index(val_acc[g], within, patience)
            cols[g] = [e for e in within if e <= stop]
    best = max(((val_acc[g, e], -val_loss[g, e], -lr[g], -e), g, e) for g in rows for e in cols[g])
    g = best[1]
    return Choice(g, best[2], float(best[0][0]), cols[g][-1])


def protocol_scores(
    arrays: Mapping[str, np.ndarray], protocol: str
) -> tuple[np.ndarray, np.ndarray]:
    """The validation scores ``protocol`` chooses on: ``(acc, loss)``, each ``[G, E]``."""
    if protocol not in PROTOCOLS:
        raise ValueError(f"unknown selection protocol {protocol!r}; valid: {', '.join(PROTOCOLS)}")
    if protocol == "oracle":
        return arrays["val_acc"], arrays["val_loss"]
    if protocol == "holdout":
        return arrays["holdout_acc"], arrays["holdout_loss"]
    if arrays["fold_acc"].shape[1] == 0:
        raise ValueError("protocol 'cv' needs runs trained with folds > 0")
    return arrays["fold_acc"].mean(axis=1), arrays["fold_loss"].mean(axis=1)
