"""Non-deep baselines on the target's pixels: logistic regression, an RBF SVM, k-NN.

They answer a reader's first question about a few-image network: is it a
competent learner at all? Each is trained on the very images a seed gives the
networks (the same subset of the same pool, read as flat pixel vectors) and
scored on the same validation sets and test set. A run fits every baseline
at every value of its grid and stores all the scores; which candidate is
reported is chosen afterwards, on validation scores only, by the same
protocol as the networks' settings (:func:`choose`, whose signature holds no
test score).

Candidates are listed in a declared order: the baselines in the config's
order, each grid from the strongest regularisation to the weakest (small C
first, wide RBF first, many neighbours first). A tie in the selection score
goes to the earlier candidate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

from negresults.transfer.compute.selection import PROTOCOLS, folds, holdout
from negresults.transfer.compute.splits import TargetSplits

NAMES = ("logreg", "svm", "knn")


def candidates(config: Mapping[str, Any], n_train: int) -> list[tuple[str, float, float]]:
    """``(baseline, first setting, second setting)`` of every candidate, in the declared order.

    logreg: (C, nan); svm: (C, gamma); knn: (k, nan), k capped at ``n_train``.
    """
    out: list[tuple[str, float, float]] = []
    for name in config["baselines"]:
        if name == "logreg":
            out += [(name, float(c), float("nan")) for c in sorted(config["logreg_c_grid"])]
        elif name == "svm":
            out += [
                (name, float(c), float(g))
                for g in sorted(config["svm_gamma_grid"])
                for c in sorted(config["svm_c_grid"])
            ]
        elif name == "knn":
            ks = sorted({min(int(k), n_train) for k in config["knn_k_grid"]}, reverse=True)
            out += [(name, float(k), float("nan")) for k in ks]
        else:
            raise ValueError(f"unknown baseline {name!r}; valid choices: {', '.join(NAMES)}")
    return out


def make(name: str, a: float, b: float):
    """The scikit-learn estimator of one candidate."""
    if name == "logreg":
        return LogisticRegression(C=a, max_iter=2000)
    if name == "svm":
        return SVC(C=a, gamma=b, kernel="rbf")
    if name == "knn":
        return KNeighborsClassifier(n_neighbors=int(a))
    raise ValueError(f"unknown baseline {name!r}; valid choices: {', '.join(NAMES)}")


def _flat(x) -> np.ndarray:
    return x.reshape(len(x), -1).numpy().astype(np.float64)


def _acc(model, x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    pred = model.predict(x)
    return 100.0 * float(np.mean(pred == y)), pred


def fit_all(config: Mapping[str, Any], splits: TargetSplits) -> dict[str, np.ndarray]:
    """Fit every candidate on the seed's subset (and on each CV fold); all scores as arrays."""
    seed, size, k = config["seed"], config["size"], config["folds"]
    train_index = splits.train_index(size)
    x = _flat(splits.images[train_index])
    y = splits.labels.numpy()[train_index]
    vx, vy = splits.val()
    vx, vy = _flat(vx), vy.numpy()
    # The networks' holdout: k images per class of the validation split, same seed.
    mask = holdout(vy, size, seed=seed, num_classes=config["num_classes"])
    tx, ty = splits.test()
    tx, ty = _flat(tx), ty.numpy()
    fold_sets = folds(y, k, seed, config["num_classes"]) if k else []
    cands = candidates(config, len(y))
    C = len(cands)
    out = {
        "baseline": np.array([config["baselines"].index(c[0]) for c in cands], dtype=np.int64),
        "setting_a": np.array([c[1] for c in cands]),
        "setting_b": np.array([c[2] for c in cands]),
        "val_acc": np.zeros(C),
        "holdout_acc": np.zeros(C),
        "fold_acc": np.zeros((C, k)),
        "test_acc": np.zeros(C),
        "test_pred": np.zeros((C, len(ty)), dtype=np.int16),
    }
    for i, (name, a, b) in enumerate(cands):
        model = make(name, a, b).fit(x, y)
        out["val_acc"][i] = _acc(model, vx, vy)[0]
        out["holdout_acc"][i] = _acc(model, vx[mask], vy[mask])[0]
        out["test_acc"][i], out["test_pred"][i] = _acc(model, tx, ty)
        for j, held in enumerate(fold_sets):
            inner = np.setdiff1d(np.arange(len(y)), held)
            if name == "knn" and a > len(inner):
                model = make(name, float(len(inner)), b)
            else:
                model = make(name, a, b)
            out["fold_acc"][i, j] = _acc(model.fit(x[inner], y[inner]), x[held], y[held])[0]
    return out


def selection_scores(arrays: Mapping[str, np.ndarray], protocol: str) -> np.ndarray:
    """The validation score ``protocol`` chooses a candidate on (``[C]``)."""
    if protocol not in PROTOCOLS:
        raise ValueError(f"unknown selection protocol {protocol!r}; valid: {', '.join(PROTOCOLS)}")
    if protocol == "oracle":
        return arrays["val_acc"]
    if protocol == "holdout":
        return arrays["holdout_acc"]
    if arrays["fold_acc"].shape[1] == 0:
        raise ValueError("protocol 'cv' needs baseline runs trained with folds > 0")
    return arrays["fold_acc"].mean(axis=1)


def choose(scores: np.ndarray, allowed: np.ndarray | None = None) -> int:
    """The candidate with the best validation score; ties to the earliest (declared order)."""
    rows = np.arange(len(scores)) if allowed is None else np.flatnonzero(allowed)
    if not len(rows):
        raise ValueError("no baseline candidate to choose from")
    return int(rows[np.argmax(scores[rows])])  # argmax returns the first of equal maxima
