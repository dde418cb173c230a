"""Readers of the ``gpu`` preset's real datasets, in torchvision's on-disk formats.

Nothing is downloaded (``download=False`` everywhere). Which files each
dataset needs, where they live and how a run loads them is recorded in
:mod:`.datasets`; this module only turns files into arrays.

CIFAR-10 -> STL-10 uses the nine classes the two share (CIFAR's frog and
STL's monkey are dropped); both are relabelled to the shared classes declared
in :data:`negresults.transfer.names.SHARED_CLASSES`.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

# Source label -> shared label; labels missing from a map are dropped.
CIFAR_TO_SHARED = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 7: 6, 8: 7, 9: 8}  # 6 = frog
STL_TO_SHARED = {0: 0, 2: 1, 1: 2, 3: 3, 4: 4, 5: 5, 6: 6, 8: 7, 9: 8}  # 7 = monkey

Arrays = tuple[np.ndarray, np.ndarray]


def to_float(images: np.ndarray | torch.Tensor, size: int) -> torch.Tensor:
    """uint8 [N, C, H, W] or [N, H, W] -> float [N, C, size, size] in [0, 1]."""
    x = torch.as_tensor(np.asarray(images))
    if x.ndim == 3:
        x = x[:, None]
    x = x.float() / 255.0
    if x.shape[-1] != size:
        x = F.interpolate(
            x, size=(size, size), mode="bilinear", align_corners=False, antialias=True
        )
    return x.clamp(0, 1)


def _relabel(x: np.ndarray, y: np.ndarray, mapping: Mapping[int, int]) -> Arrays:
    keep = np.isin(y, list(mapping))
    return x[keep], np.array([mapping[int(v)] for v in y[keep]], dtype=np.int64)


# -- raw readers (one per on-disk format) ---------------------------------


def read_mnist(root: Path, train: bool) -> Arrays:
    from torchvision.datasets import MNIST

    ds = MNIST(str(root), train=train, download=False)
    return ds.data.numpy(), ds.targets.numpy().astype(np.int64)


def read_usps(root: Path, train: bool) -> Arrays:
    from torchvision.datasets import USPS

    ds = USPS(str(root), train=train, download=False)
    return np.asarray(ds.data), np.asarray(ds.targets, dtype=np.int64)


def read_cifar10(root: Path, train: bool) -> Arrays:
    # torchvision's CIFAR10 also checks md5 sums, which would refuse any file
    # but the official one; the format itself is read the same way here.
    folder = Path(root) / "cifar-10-batches-py"
    names = [f"data_batch_{i}" for i in range(1, 6)] if train else ["test_batch"]
    xs, ys = [], []
    for name in names:
        with (folder / name).open("rb") as f:
            entry = pickle.load(f, encoding="latin1")
        xs.append(np.asarray(entry["data"], dtype=np.uint8).reshape(-1, 3, 32, 32))
        ys.append(np.asarray(entry.get("labels", entry.get("fine_labels")), dtype=np.int64))
    return np.concatenate(xs), np.concatenate(ys)


def read_stl10(root: Path, train: bool) -> Arrays:
    folder = Path(root) / "stl10_binary"
    split = "train" if train else "test"
    x = np.fromfile(folder / f"{split}_X.bin", dtype=np.uint8).reshape(-1, 3, 96, 96)
    x = np.transpose(x, (0, 1, 3, 2))  # stored column-major, as torchvision reads it
    y = np.fromfile(folder / f"{split}_y.bin", dtype=np.uint8).astype(np.int64) - 1
    return x, y


# -- the study's view, cached: every run of a process shares one read -----


@lru_cache(maxsize=4)
def mnist(root: str, train: bool) -> Arrays:
    return read_mnist(Path(root), train)


@lru_cache(maxsize=4)
def usps(root: str, train: bool) -> Arrays:
    return read_usps(Path(root), train)


@lru_cache(maxsize=4)
def cifar10_shared(root: str, train: bool) -> Arrays:
    """CIFAR-10 without frog, relabelled to the shared classes."""
    return _relabel(*read_cifar10(Path(root), train), CIFAR_TO_SHARED)


@lru_cache(maxsize=4)
def stl10_shared(root: str, train: bool) -> Arrays:
    """STL-10 without monkey, relabelled to the shared classes."""
    return _relabel(*read_stl10(Path(root), train), STL_TO_SHARED)
