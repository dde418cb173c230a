"""The ``gpu`` preset's real datasets, read from the torchvision on-disk formats.

Nothing is downloaded (``download=False`` everywhere): put the files under the
data root (``$NEGRESULTS_DATA``, else ``./data``) in the layout torchvision's
own ``download=True`` leaves behind::

    <root>/MNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte   MNIST
    <root>/usps.bz2, <root>/usps.t.bz2                              USPS (libsvm, bz2)
    <root>/cifar-10-batches-py/{data_batch_1..5,test_batch}         CIFAR-10 (pickle)
    <root>/stl10_binary/{train,test}_{X,y}.bin                      STL-10 (binary)

CIFAR-10 -> STL-10 uses the nine classes the two share (CIFAR's frog and
STL's monkey are dropped); both are relabelled to :data:`SHARED_CLASSES`.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from negresults.config import ConfigError
from negresults.transfer.compute.data import TargetSplits, split_target

DATA_ENV = "NEGRESULTS_DATA"

SHARED_CLASSES = ("airplane", "car", "bird", "cat", "deer", "dog", "horse", "ship", "truck")
# Source label -> shared label; labels missing from a map are dropped.
CIFAR_TO_SHARED = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 7: 6, 8: 7, 9: 8}  # 6 = frog
STL_TO_SHARED = {0: 0, 2: 1, 1: 2, 3: 3, 4: 4, 5: 5, 6: 6, 8: 7, 9: 8}  # 7 = monkey

MNIST_FILES = tuple(
    f"MNIST/raw/{split}-{kind}-ubyte"
    for split in ("train", "t10k")
    for kind in ("images-idx3", "labels-idx1")
)
USPS_FILES = ("usps.bz2", "usps.t.bz2")
CIFAR_FILES = tuple(f"cifar-10-batches-py/data_batch_{i}" for i in range(1, 6)) + (
    "cifar-10-batches-py/test_batch",
)
STL_FILES = tuple(f"stl10_binary/{s}_{k}.bin" for s in ("train", "test") for k in ("X", "y"))

FILES = {
    "mnist_usps": {"MNIST": MNIST_FILES, "USPS": USPS_FILES},
    "cifar_stl": {"CIFAR10": CIFAR_FILES, "STL10": STL_FILES},
}


def check_files(dataset: str, root: Path) -> None:
    """Refuse, naming the folder and how to fetch the data, if a file is missing."""
    root = Path(root)
    for name, files in FILES[dataset].items():
        missing = [f for f in files if not (root / f).is_file()]
        if missing:
            raise ConfigError(
                f"dataset {dataset!r} needs {name} under the data folder {str(root)!r}, but "
                f"{str(root / missing[0])!r} is missing. Put the files there in torchvision's layout "
                f"(or set ${DATA_ENV} or data_root to the folder that holds them); on a machine "
                f"with internet, run: {_download_hint(name, root)}"
            )


def _download_hint(name: str, root: Path) -> str:
    splits = {
        "MNIST": ("train=True", "train=False"),
        "USPS": ("train=True", "train=False"),
        "CIFAR10": ("train=True", "train=False"),
        "STL10": ("split='train'", "split='test'"),
    }[name]
    calls = "; ".join(
        f"torchvision.datasets.{name}({str(root)!r}, {s}, download=True)" for s in splits
    )
    return f'python -c "import torchvision; {calls}"'


def _to_float(images: np.ndarray | torch.Tensor, size: int) -> torch.Tensor:
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


def _relabel(
    x: np.ndarray, y: np.ndarray, mapping: Mapping[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    keep = np.isin(y, list(mapping))
    return x[keep], np.array([mapping[int(v)] for v in y[keep]], dtype=np.int64)


# -- raw readers (one per on-disk format) ---------------------------------


def read_mnist(root: Path, train: bool) -> tuple[np.ndarray, np.ndarray]:
    from torchvision.datasets import MNIST

    ds = MNIST(str(root), train=train, download=False)
    return ds.data.numpy(), ds.targets.numpy().astype(np.int64)


def read_usps(root: Path, train: bool) -> tuple[np.ndarray, np.ndarray]:
    from torchvision.datasets import USPS

    ds = USPS(str(root), train=train, download=False)
    return np.asarray(ds.data), np.asarray(ds.targets, dtype=np.int64)


def read_cifar10(root: Path, train: bool) -> tuple[np.ndarray, np.ndarray]:
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


def read_stl10(root: Path, train: bool) -> tuple[np.ndarray, np.ndarray]:
    folder = Path(root) / "stl10_binary"
    split = "train" if train else "test"
    x = np.fromfile(folder / f"{split}_X.bin", dtype=np.uint8).reshape(-1, 3, 96, 96)
    x = np.transpose(x, (0, 1, 3, 2))  # stored column-major, as torchvision reads it
    y = np.fromfile(folder / f"{split}_y.bin", dtype=np.uint8).astype(np.int64) - 1
    return x, y


# -- the study's view -----------------------------------------------------


@lru_cache(maxsize=8)
def _target_raw(dataset: str, root: str, train: bool) -> tuple[np.ndarray, np.ndarray]:
    if dataset == "mnist_usps":
        return read_usps(Path(root), train)
    return _relabel(*read_stl10(Path(root), train), STL_TO_SHARED)


@lru_cache(maxsize=8)
def _source_raw(dataset: str, root: str, train: bool) -> tuple[np.ndarray, np.ndarray]:
    if dataset == "mnist_usps":
        return read_mnist(Path(root), train)
    return _relabel(*read_cifar10(Path(root), train), CIFAR_TO_SHARED)


def _root(params: Mapping[str, Any]) -> Path:
    from negresults.transfer.config import data_root

    return data_root(params.get("data_root", ""))


def target_class_counts(dataset: str, root: Path) -> list[int]:
    """Images per class in the target's training split (checks the files first)."""
    check_files(dataset, root)
    _, y = _target_raw(dataset, str(root), True)
    return np.bincount(y, minlength=9 if dataset == "cifar_stl" else 10).tolist()


def load_source(params: Mapping[str, Any]):
    """Source ``(train, val)``: the official training split, and its test split for validation."""
    dataset, root, size = params["dataset"], _root(params), params["image_size"]
    check_files(dataset, root)
    tx, ty = _source_raw(dataset, str(root), True)
    vx, vy = _source_raw(dataset, str(root), False)
    return (_to_float(tx, size), torch.from_numpy(ty)), (_to_float(vx, size), torch.from_numpy(vy))


def load_target(params: Mapping[str, Any], seed: int) -> TargetSplits:
    """Target splits: the official test split as the test set; validation and pool from training."""
    dataset, root, size = params["dataset"], _root(params), params["image_size"]
    check_files(dataset, root)
    x, y = _target_raw(dataset, str(root), True)
    tx, ty = _target_raw(dataset, str(root), False)
    num_classes = 9 if dataset == "cifar_stl" else 10
    return split_target(
        _to_float(x, size),
        torch.from_numpy(y),
        seed,
        params.get("val_per_class", 0),
        params.get("pool_per_class", 0),
        num_classes,
        test_images=_to_float(tx, size),
        test_labels=torch.from_numpy(ty),
    )
