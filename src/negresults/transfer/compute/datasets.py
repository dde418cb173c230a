"""Every dataset pair the study can run, in one registry.

For each name (declared, with its classes and channels, in
:mod:`negresults.transfer.names`): how a run loads its source and target,
which files it needs under the data root and where that root is. Plans and
runners read dataset facts here; a config reads only the declared ones.

The real datasets are read from the layout torchvision's own
``download=True`` leaves behind under the data root (``data_root``, else
``$NEGRESULTS_DATA``, else ``./data``)::

    <root>/MNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte   MNIST
    <root>/usps.bz2, <root>/usps.t.bz2                              USPS (libsvm, bz2)
    <root>/cifar-10-batches-py/{data_batch_1..5,test_batch}         CIFAR-10 (pickle)
    <root>/stl10_binary/{train,test}_{X,y}.bin                      STL-10 (binary)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from negresults.config import ConfigError, check
from negresults.training import rng
from negresults.transfer import names
from negresults.transfer.compute import data, real_data
from negresults.transfer.compute.splits import (
    Pair,
    TargetSplits,
    per_class_take,
    split_source,
    split_target,
)

DATA_ENV = "NEGRESULTS_DATA"


def data_root(value: str = "") -> Path:
    """Where real datasets live: ``value``, else ``$NEGRESULTS_DATA``, else ``./data``."""
    return Path(value or os.environ.get(DATA_ENV) or "data").expanduser().resolve()


def _root(params: Mapping[str, Any]) -> Path:
    return data_root(params.get("data_root", ""))


@dataclass(frozen=True)
class Dataset:
    """One source -> target pair and everything a run needs to know about it."""

    name: str
    source: str
    target: str
    num_classes: int
    channels: int
    # Loaders take a task config (``image_size``, ``seed``, sizes, ``data_root``).
    load_source: Callable[[Mapping[str, Any]], tuple[Pair, Pair]]
    load_target: Callable[[Mapping[str, Any], int], TargetSplits]
    # Images per class of the target's training split (the pool is drawn from it).
    target_class_counts: Callable[[Path], list[int]]
    # torchvision class name -> files under the data root; empty for data that
    # ship inside installed packages.
    files: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Real pairs test on the target's official test split; the digits carve a
    # fixed test set out of load_digits (``test_per_class``).
    own_test_split: bool = True

    def check_files(self, root: Path) -> None:
        check_files(self.name, self.files, root)


def check_files(dataset: str, files: Mapping[str, tuple[str, ...]], root: Path) -> None:
    """Refuse in one line, naming the folder and how to fetch the data, if a file is missing."""
    root = Path(root)
    for name, needed in files.items():
        missing = [f for f in needed if not (root / f).is_file()]
        if missing:
            raise ConfigError(
                f"dataset {dataset!r} needs {name} under the data folder {str(root)!r}, but "
                f"{str(root / missing[0])!r} is missing. Put the files there in torchvision's "
                f"layout (or set ${DATA_ENV} or data_root to the folder that holds them); on a "
                f"machine with internet, run: {_download_hint(name, root)}"
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


# -- digits: rendered fonts -> load_digits, all offline ---------------------


def _digits_source(params: Mapping[str, Any]) -> tuple[Pair, Pair]:
    level = params.get("shift", "fonts")
    if level == names.CONTROL_LEVEL:
        splits = _digits_target(params, params["seed"])
        idx = rng(params["seed"], "writers_order").permutation(splits.reservoir_index)
        return split_source(splits.images[idx], splits.labels[idx])
    if level in names.MIXED_LEVELS:
        return split_source(*_mixed_source(params))
    if level == names.HANDWRITING_SOURCE:
        return _handwriting_source(params)
    x, y = data.source_dataset(
        params["source_per_class"], params["image_size"], params["seed"], level
    )
    return split_source(x, y)


def mixed_counts(reservoir_per_class: int, font_share: float) -> tuple[int, int]:
    """``(handwritten, fonts)`` images per class of a mixed source (the control's size in all)."""
    fonts = round(font_share * reservoir_per_class)
    return reservoir_per_class - fonts, fonts


def _mixed_source(params: Mapping[str, Any]) -> tuple[torch.Tensor, torch.Tensor]:
    """The control's handwriting with a declared share of it replaced by acquired fonts.

    Per class: the first ``(1 - font_share) * reservoir_per_class`` images of the
    seed's order of the reservoir (the control's own images), and as many
    ``acquired`` renderings as make up the rest; shuffled together by the seed.
    """
    x, y, _ = _mixed_with_fonts_marked(params)
    return x, y


def _mixed_with_fonts_marked(
    params: Mapping[str, Any],
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """:func:`_mixed_source`, with a mask of which images are font renderings."""
    seed, size = params["seed"], params["image_size"]
    hand, fonts = mixed_counts(params["reservoir_per_class"], params["font_share"])
    splits = _digits_target(params, seed)
    order = rng(seed, "writers_order").permutation(splits.reservoir_index)
    idx = per_class_take(splits.labels.numpy(), order, hand, splits.num_classes)
    xs, ys = [splits.images[idx]], [splits.labels[idx]]
    if fonts:
        fx, fy = data.source_dataset(fonts, size, seed, "acquired")
        xs.append(fx)
        ys.append(fy)
    x, y = torch.cat(xs), torch.cat(ys)
    is_font = torch.arange(len(y)) >= len(idx)
    mix = torch.from_numpy(rng(seed, "mixed_order").permutation(len(y)))
    return x[mix], y[mix], is_font[mix]


def _handwriting_source(params: Mapping[str, Any]) -> tuple[Pair, Pair]:
    """Table 1's mixed source (``font_share`` of its level), split as that source is, with
    the font renderings dropped from both halves: the very handwritten images it trains
    and validates on, and nothing else (``HANDWRITING_SOURCE``)."""
    x, y, is_font = _mixed_with_fonts_marked(params)
    (tx, ty), (vx, vy) = split_source(x, y)
    n_val = len(vy)
    train, val = ~is_font[n_val:], ~is_font[:n_val]
    return (tx[train], ty[train]), (vx[val], vy[val])


def _digits_target(params: Mapping[str, Any], seed: int) -> TargetSplits:
    images, labels = data.digits_images(params["image_size"])
    return split_target(
        images,
        labels,
        seed,
        params.get("val_per_class", 0),
        params.get("pool_per_class", 0),
        DATASETS["digits"].num_classes,
        test_per_class=params["test_per_class"],
        reservoir_per_class=params.get("reservoir_per_class", 0),
    )


# -- real pairs: official training split as source, its test split as validation


def _real(
    name: str,
    source: str,
    target: str,
    read_source: Callable[[str, bool], real_data.Arrays],
    read_target: Callable[[str, bool], real_data.Arrays],
    files: Mapping[str, tuple[str, ...]],
) -> Dataset:
    num_classes, channels = names.DATASETS[name].num_classes, names.DATASETS[name].channels

    def load_source(params: Mapping[str, Any]) -> tuple[Pair, Pair]:
        root, size = _root(params), params["image_size"]
        check_files(name, files, root)
        tx, ty = read_source(str(root), True)
        vx, vy = read_source(str(root), False)
        return (
            (real_data.to_float(tx, size), torch.from_numpy(ty)),
            (real_data.to_float(vx, size), torch.from_numpy(vy)),
        )

    def load_target(params: Mapping[str, Any], seed: int) -> TargetSplits:
        """The official test split as the test set; validation and pool from training."""
        root, size = _root(params), params["image_size"]
        check_files(name, files, root)
        x, y = read_target(str(root), True)
        tx, ty = read_target(str(root), False)
        return split_target(
            real_data.to_float(x, size),
            torch.from_numpy(y),
            seed,
            params.get("val_per_class", 0),
            params.get("pool_per_class", 0),
            num_classes,
            test_images=real_data.to_float(tx, size),
            test_labels=torch.from_numpy(ty),
        )

    def class_counts(root: Path) -> list[int]:
        check_files(name, files, root)
        _, y = read_target(str(root), True)
        return np.bincount(y, minlength=num_classes).tolist()

    return Dataset(
        name, source, target, num_classes, channels, load_source, load_target, class_counts, files
    )


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

DATASETS: dict[str, Dataset] = {
    "digits": Dataset(
        "digits",
        source="digits rendered from matplotlib's fonts",
        target="load_digits",
        num_classes=names.DATASETS["digits"].num_classes,
        channels=names.DATASETS["digits"].channels,
        load_source=_digits_source,
        load_target=_digits_target,
        target_class_counts=lambda root: data.digits_class_counts(),
        own_test_split=False,
    ),
    "mnist_usps": _real(
        "mnist_usps",
        "MNIST",
        "USPS",
        real_data.mnist,
        real_data.usps,
        {"MNIST": MNIST_FILES, "USPS": USPS_FILES},
    ),
    "cifar_stl": _real(
        "cifar_stl",
        "CIFAR-10",
        "STL-10",
        real_data.cifar10_shared,
        real_data.stl10_shared,
        {"CIFAR10": CIFAR_FILES, "STL10": STL_FILES},
    ),
}
NAMES = tuple(DATASETS)  # the same as names.NAMES (a test checks it)


def get(name: str) -> Dataset:
    if name not in DATASETS:
        raise ConfigError(f"unknown dataset {name!r}; valid choices: {', '.join(NAMES)}")
    return DATASETS[name]


def load_source(params: Mapping[str, Any]) -> tuple[Pair, Pair]:
    """Source ``(train, val)`` for a task config (its ``seed`` picks the rendered sample)."""
    return get(params["dataset"]).load_source(params)


def load_target(params: Mapping[str, Any], seed: int) -> TargetSplits:
    """The target splits for one seed, from a task config."""
    return get(params["dataset"]).load_target(params, seed)


def pool_size(
    name: str,
    root: Path,
    *,
    pool_per_class: int,
    val_per_class: int,
    test_per_class: int,
    reservoir_per_class: int = 0,
) -> int:
    """Images per class the training subsets are drawn from (reads the data: files must exist)."""
    ds = get(name)
    ds.check_files(root)
    counts = ds.target_class_counts(root)
    held = val_per_class + (0 if ds.own_test_split else test_per_class + reservoir_per_class)
    what = (
        "val_per_class"
        if ds.own_test_split
        else "test_per_class + reservoir_per_class + val_per_class"
    )
    check(
        min(counts) - held > 0,
        f"{what} = {held} leaves no training pool in {ds.target} "
        f"(smallest class: {min(counts)} images)",
    )
    return min(pool_per_class, min(counts) - held)
