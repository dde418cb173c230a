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
from negresults.transfer.compute import stacked
from negresults.transfer.compute.splits import TargetSplits
from negresults.transfer.compute.train import EVAL_BATCH, accuracy, fit, make_optimizer
from negresults.transfer.names import AUGMENTS

PROTOCOLS = ("holdout", "cv", "oracle")
BUDGET_RULES = ("epochs", "early_stop")
SELECTION_RULES = ("best", "one_se")
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


def _arm_setup(
    config: Mapping[str, Any],
    splits: TargetSplits,
    pretrained: Mapping[str, torch.Tensor] | None,
    aug: str,
    train_index: np.ndarray,
    evals: dict[str, tuple[torch.Tensor, torch.Tensor]],
    eval_steps: list[int],
    read_until: int | None,
) -> tuple[models.Classifier, torch.nn.Module, tuple, dict, dict[str, Any]]:
    """What every grid point of one augmentation trains, on what, scored on what.

    Returns ``(net, trained, train, evals, common)``: the arm's model, the part
    of it that trains (the head alone on a frozen backbone), the training data
    and evaluation sets in the space that part reads, and the keywords of
    :func:`.train.fit` other than the learning rate and weight decay. None of
    it depends on those two, which is what lets :func:`train_points` stack them.
    """
    seed, device = config["seed"], config["device"]
    params = {k: config[k] for k in MODEL_KEYS}
    net = models.build(config["arm"], params, seed, pretrained).to(device)
    train = (splits.images[train_index], splits.labels[train_index])
    # One seed, one data order, for every arm and grid point.
    gen = torch_generator(seed, models.ORDER_STREAM)
    common: dict[str, Any] = dict(
        eval_steps=eval_steps,
        batch_size=min(config["batch_size"], len(train_index)),
        generator=gen,
        device=device,
        augmentation=aug,
        precision=config["precision"],
        read_until=read_until,
    )
    if models.ARM_SPEC[config["arm"]]["frozen"]:
        # The backbone never changes: evaluation sets are mapped to features
        # once, and without augmentation so is the training subset.
        feats = {k: _frozen_inputs(net, v, device) for k, v in evals.items()}
        if aug == "none":
            return net, net.head, _frozen_inputs(net, train, device), feats, common
        return net, net.head, train, feats, {**common, "features": net.backbone}
    if models.ARM_SPEC[config["arm"]].get("probe_first"):
        # LP-FT's probe stage reads neither the fine-tuning rate nor the decay.
        probe_stage(
            net,
            train,
            steps=config["lpft_probe_steps"],
            lr=config["lpft_probe_lr"],
            device=device,
        )
    return net, net, train, evals, common


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
    net, trained, train, evals, common = _arm_setup(
        config, splits, pretrained, aug, train_index, evals, eval_steps, read_until
    )
    return net, fit(trained, train, evals, lr=lr, weight_decay=wd, **common)


def train_points(
    config: Mapping[str, Any],
    splits: TargetSplits,
    pretrained: Mapping[str, torch.Tensor] | None,
    points: list[tuple[float, float, str]],
    train_index: np.ndarray,
    evals: dict[str, tuple[torch.Tensor, torch.Tensor]],
    eval_steps: list[int],
    read_until: int | None = None,
    *,
    vectorise: bool = True,
) -> list[list[dict[str, Any]]]:
    """The histories :func:`train_point` gives for each of ``points``, in their order.

    With ``vectorise`` (where :func:`.stacked.supported`), the points of one
    augmentation train as one stacked model (:func:`.stacked.fit_stacked`):
    they share the arm's start (LP-FT's probe stage included), the data order
    and the augmentation stream, and differ only in learning rate and weight
    decay, which the stacked optimiser holds per copy. The augmentation is
    what changes the batches, so it is what splits the grid into stacks.
    Without ``vectorise``, off the CPU or under autocast
    (:func:`.stacked.supported`), or for a model with a layer the stacked
    forward does not cover (:func:`.stacked.supports`), each point trains
    alone. On the CPU the two paths give the cpu preset's numbers to the bit
    (:mod:`.stacked` says where they agree to float rounding only).
    """

    def alone(point: tuple[float, float, str]) -> list[dict[str, Any]]:
        args = (point, train_index, evals, eval_steps, read_until)
        return train_point(config, splits, pretrained, *args)[1]

    if not vectorise or not stacked.supported(config["device"], config["precision"]):
        return [alone(p) for p in points]
    histories: list[list[dict[str, Any]]] = [[] for _ in points]
    by_aug: dict[str, list[int]] = {}
    for i, (_, _, aug) in enumerate(points):
        by_aug.setdefault(aug, []).append(i)
    for aug, members in by_aug.items():
        _, trained, train, sets, common = _arm_setup(
            config, splits, pretrained, aug, train_index, evals, eval_steps, read_until
        )
        if not stacked.supports(trained):
            for i in members:
                histories[i] = alone(points[i])
            continue
        stack = stacked.fit_stacked(
            trained,
            train,
            sets,
            lrs=[points[i][0] for i in members],
            weight_decays=[points[i][1] for i in members],
            **common,
        )
        for i, history in zip(members, stack, strict=True):
            histories[i] = history
    return histories


def train_grid(
    config: Mapping[str, Any],
    splits: TargetSplits,
    pretrained: Mapping[str, torch.Tensor] | None,
    *,
    vectorise: bool = True,
) -> tuple[GridScores, dict[str, Any]]:
    """Train every grid point on the subset and on each CV fold; return all scores.

    ``vectorise``: train the points of one augmentation as one stacked model
    (:func:`train_points`); False trains them one by one (the reference the
    stacked path is tested against).
    """
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
    evals = {"val": val, "test": test}
    histories = train_points(
        config,
        splits,
        pretrained,
        points,
        train_index,
        evals,
        steps,
        plan["epochs"],
        vectorise=vectorise,
    )
    for g, hist in enumerate(histories):
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
        histories = train_points(
            config,
            splits,
            pretrained,
            points,
            train_index[inner],
            evals,
            within,
            vectorise=vectorise,
        )
        out["fold_acc"][:, j, len(within) :] = np.nan
        out["fold_loss"][:, j, len(within) :] = np.nan
        for g, hist in enumerate(histories):
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
    rule: str = "best",
    n_select: int | None = None,
) -> Choice:
    """The grid point (and logged step) a selection rule takes on validation scores.

    ``val_acc``/``val_loss`` are ``[G, E]`` validation scores (for CV, the mean
    over folds). ``allowed`` masks grid points out (say, augmentation off).
    Steps past ``epochs_step`` (the extension) are never read. Under
    ``early_stop`` each grid point stops where :func:`stop_index` says
    (``patience`` None: at the budget) and is read at its best step before.

    Rules (:data:`SELECTION_RULES`): ``best`` takes the best score (ties to the
    lower validation loss, then the smaller learning rate); ``one_se`` takes,
    of the points whose score is within one binomial standard error of the
    best (on ``n_select`` selection images), the one with the median learning
    rate (the lower median; ties within a rate to the lower loss).
    """
    if budget_rule not in BUDGET_RULES:
        raise ValueError(f"unknown budget rule {budget_rule!r}; valid: {', '.join(BUDGET_RULES)}")
    if rule not in SELECTION_RULES:
        raise ValueError(f"unknown selection rule {rule!r}; valid: {', '.join(SELECTION_RULES)}")
    if rule == "one_se" and not n_select:
        raise ValueError("the one_se rule needs n_select, the number of selection images")
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
    # Each point is read at its own best step before it stopped.
    read = {g: max(cols[g], key=lambda e, g=g: (val_acc[g, e], -val_loss[g, e], -e)) for g in rows}
    best = max(rows, key=lambda g: (val_acc[g, read[g]], -val_loss[g, read[g]], -lr[g], -read[g]))
    if rule == "one_se":
        best = one_se_point(val_acc, val_loss, lr, read, n_select)
    e = read[best]
    return Choice(best, e, float(val_acc[best, e]), cols[best][-1])


def one_se_point(
    val_acc: np.ndarray, val_loss: np.ndarray, lr: np.ndarray, read: dict[int, int], n: int
) -> int:
    """The one-standard-error rule over the points ``read`` (point -> step read).

    A holdout of k images per class cannot tell apart points whose scores
    differ by less than its own sampling error: the best of eleven noisy
    scores is biased up, and a point on the grid's edge can win by an image or
    two. So every point within one binomial standard error of the best score
    (``n`` selection images) counts as tied, and the choice among them is the
    median learning rate: the middle of the range the data allow, least
    exposed to the noise at either end.
    """
    scores = {g: val_acc[g, e] for g, e in read.items()}
    top = max(scores.values())
    p = min(max(top / 100.0, 1.0 / n), 1.0 - 1.0 / n)  # a perfect score still has an error
    se = 100.0 * math.sqrt(p * (1.0 - p) / n)
    tied = sorted(
        (g for g, v in scores.items() if v >= top - se),
        key=lambda g: (lr[g], val_loss[g, read[g]]),
    )
    return tied[(len(tied) - 1) // 2]


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
