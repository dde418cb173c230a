"""How a dataset is divided: the source's validation tenth, the target's splits.

The target split: a fixed test set (drawn once, never by a run's seed), then
for every seed a validation split and a training subset of the requested size
drawn from what is left (the pool). One seed fixes the validation split, the
subset and (in :mod:`.train`) the data order and the head initialisation, for
every arm alike. Real datasets bring their own test split, which is used as is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from negresults.training import rng

# The split of load_digits into a fixed test set must not move with a run's
# seed; this constant decides it once for every run.
TEST_SPLIT_SEED = 20_240_607
# Tenth of the rendered source held out to report source accuracy.
SOURCE_VAL_FRACTION = 0.1

Pair = tuple[torch.Tensor, torch.Tensor]


def split_source(x: torch.Tensor, y: torch.Tensor) -> tuple[Pair, Pair]:
    """``(train, val)``: the first tenth (at least 10 images) is held out."""
    n_val = max(10, int(len(y) * SOURCE_VAL_FRACTION))
    return (x[n_val:], y[n_val:]), (x[:n_val], y[:n_val])


def per_class_take(labels: np.ndarray, order: np.ndarray, k: int, num_classes: int) -> np.ndarray:
    """The first ``k`` indices of every class in ``order`` (stratified draw)."""
    picked = [order[labels[order] == c][:k] for c in range(num_classes)]
    return np.sort(np.concatenate(picked))


@dataclass
class TargetSplits:
    """The target domain for one seed: fixed test set, per-seed validation and pool.

    Runs reach the test set only through :meth:`test`, so a test can check that
    learning-rate selection never calls it.
    """

    images: torch.Tensor
    labels: torch.Tensor
    test_index: np.ndarray
    val_index: np.ndarray
    pool_order: np.ndarray  # the seed's order of the pool; subsets are its per-class prefixes
    num_classes: int
    test_images: torch.Tensor | None = None  # real datasets keep their own test split
    test_labels: torch.Tensor | None = None
    reservoir_index: np.ndarray | None = None  # set aside for the ``writers`` source

    def train(self, per_class: int) -> Pair:
        """The seed's training subset: nested, so larger sizes contain the smaller ones."""
        idx = self.train_index(per_class)
        return self.images[idx], self.labels[idx]

    def train_index(self, per_class: int) -> np.ndarray:
        return per_class_take(self.labels.numpy(), self.pool_order, per_class, self.num_classes)

    def val(self) -> Pair:
        return self.images[self.val_index], self.labels[self.val_index]

    def test(self) -> Pair:
        if self.test_images is not None:
            return self.test_images, self.test_labels
        return self.images[self.test_index], self.labels[self.test_index]


def split_target(
    images: torch.Tensor,
    labels: torch.Tensor,
    seed: int,
    val_per_class: int,
    pool_per_class: int,
    num_classes: int,
    test_per_class: int = 0,
    test_images: torch.Tensor | None = None,
    test_labels: torch.Tensor | None = None,
    reservoir_per_class: int = 0,
) -> TargetSplits:
    """Stratified splits: the test set from a fixed seed, validation and pool from ``seed``.

    ``reservoir_per_class`` images per class are set aside by the same fixed
    seed, after the test set, for every seed alike: the subtlest shift level
    pretrains on them, so no seed's target split ever contains them.
    """
    y = labels.numpy()
    everything = np.arange(len(y))
    fixed = np.random.default_rng(TEST_SPLIT_SEED).permutation(everything)
    if test_images is None:
        test_index = per_class_take(y, fixed, test_per_class, num_classes)
    else:
        test_index = np.array([], dtype=np.int64)
    left = fixed[~np.isin(fixed, test_index)]
    reserved = per_class_take(y, left, reservoir_per_class, num_classes)
    rest = np.setdiff1d(everything, np.concatenate([test_index, reserved]))
    order = rng(seed, "target_subset").permutation(rest)
    val_index = per_class_take(y, order, val_per_class, num_classes)
    remaining = order[~np.isin(order, val_index)]
    pool = per_class_take(y, remaining, pool_per_class, num_classes)
    pool_order = remaining[np.isin(remaining, pool)]  # keep the seed's order
    return TargetSplits(
        images,
        labels,
        test_index,
        val_index,
        pool_order,
        num_classes,
        test_images,
        test_labels,
        reserved,
    )
