"""The study's typed configuration: one frozen dataclass, three named presets.

Sizes are counted in *images per class* throughout, so that the digits
(10 classes) and CIFAR -> STL-10 (9 shared classes) read the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from negresults.config import (
    ConfigError,
    check,
    check_choices,
    check_seeds,
    override,
    resolve_preset,
    to_dict,
)
from negresults.devices import DEVICES

ARMS = ("scratch", "finetune", "linear_probe", "frozen_head")
DATASETS = ("digits", "mnist_usps", "cifar_stl")
DATA_ENV = "NEGRESULTS_DATA"

ARM_LABELS = {
    "scratch": "Random init (scratch)",
    "finetune": "Transferred, full fine-tune",
    "linear_probe": "Transferred, linear probe",
    "frozen_head": "Transferred, frozen backbone + MLP head",
}


@dataclass(frozen=True)
class TransferConfig:
    preset: str = "cpu"
    dataset: Literal["digits", "mnist_usps", "cifar_stl"] = "digits"  # source -> target pair
    seeds: tuple[int, ...] = (
        0,
        1,
        2,
        3,
        4,
    )  # the sweep's seeds; Table 1 uses the first `table_seeds`
    table_seeds: int = 3  # the paper reports three seeds; Table 1 does the same
    arms: tuple[str, ...] = ARMS  # scratch always runs too: every comparison is against it
    target_sizes: tuple[int, ...] = (2, 4, 8, 16, 32, 90)  # images per class in the sweep
    # Images per class for Table 1, chosen by a pilot (seeds 0-2) as the size
    # where scratch lands in the paper's 60-75% regime; always run.
    table_size: int = 2
    image_size: int = 16  # both domains are resized to this side length
    val_per_class: int = 20  # per-seed validation split for learning-rate selection
    test_per_class: int = (
        60  # the fixed target test set (digits only; real data uses its test split)
    )
    pool_per_class: int = 90  # training pool per class; target sizes are drawn from it
    source_per_class: int = 600  # rendered source images per class (digits only)
    width: int = 16  # channels of the first conv layer (the second has twice as many)
    feature_dim: int = 128  # backbone output: what the probes read
    pretrain_epochs: int = 3
    pretrain_lr: float = 2e-3
    batch_size: int = 64
    steps: int = 120  # optimiser steps on the target, the same for every arm and size
    eval_every: int = 20  # validation accuracy is logged every this many steps
    lr_grid: tuple[float, ...] = (3e-4, 1e-3, 3e-3, 1e-2)  # each arm picks its own on validation
    weight_decay: float = 0.0
    equivalence_margin: float = 2.0  # accuracy points: "no benefit" means |difference| < this
    device: str = "auto"  # auto | cpu | cuda
    precision: Literal["fp32", "bf16"] = "fp32"  # bf16 autocast, on CUDA only (gpu preset)
    data_root: str = ""  # real datasets; "" = $NEGRESULTS_DATA or ./data

    # -- construction ---------------------------------------------------
    @classmethod
    def from_params(cls, preset: str | None = None, **params: Any) -> TransferConfig:
        """The named preset with ``params`` applied (``None`` keeps the preset's value)."""
        name = resolve_preset(preset)
        cfg = override(PRESETS[name], {"preset": name, **params})
        cfg.validate()
        return cfg

    def replace(self, **changes: Any) -> TransferConfig:
        cfg = override(self, changes)
        cfg.validate()
        return cfg

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)

    # -- derived --------------------------------------------------------
    @property
    def num_classes(self) -> int:
        return 9 if self.dataset == "cifar_stl" else 10

    @property
    def channels(self) -> int:
        return 3 if self.dataset == "cifar_stl" else 1

    @property
    def all_sizes(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.target_sizes) | {self.table_size}))

    @property
    def all_arms(self) -> tuple[str, ...]:
        return tuple(a for a in ARMS if a == "scratch" or a in self.arms)

    @property
    def table_seed_list(self) -> tuple[int, ...]:
        return self.seeds[: self.table_seeds]

    def resolved_data_root(self) -> Path:
        return data_root(self.data_root)

    # -- validation -----------------------------------------------------
    def validate(self) -> None:
        check_seeds(self.seeds)
        check_choices("arms", self.arms, ARMS)
        check(
            self.dataset in DATASETS,
            f"unknown dataset {self.dataset!r}; valid choices: {', '.join(DATASETS)}",
        )
        check(
            self.device in DEVICES or self.device.startswith("cuda:"),
            f"unknown device {self.device!r}; valid choices: {', '.join(DEVICES)}",
        )
        check(
            len(self.target_sizes) > 0,
            "target_sizes is empty; give at least one size, e.g. [2, 8, 32]",
        )
        for name in (
            "val_per_class",
            "test_per_class",
            "pool_per_class",
            "source_per_class",
            "image_size",
            "width",
            "feature_dim",
            "batch_size",
            "steps",
            "eval_every",
            "table_seeds",
        ):
            value = getattr(self, name)
            check(value > 0, f"{name} must be positive, got {value!r}")
        check(
            self.pretrain_epochs >= 0,
            f"pretrain_epochs must be non-negative, got {self.pretrain_epochs!r}",
        )
        for s in (*self.target_sizes, self.table_size):
            check(s > 0, f"target size {s!r} must be a positive number of images per class")
        check(
            len(set(self.target_sizes)) == len(self.target_sizes),
            f"target_sizes has duplicates: {list(self.target_sizes)!r}",
        )
        check(
            len(self.lr_grid) > 0 and all(lr > 0 for lr in self.lr_grid),
            f"lr_grid must hold positive learning rates, got {list(self.lr_grid)!r}",
        )
        check(self.pretrain_lr > 0, f"pretrain_lr must be positive, got {self.pretrain_lr!r}")
        check(
            self.weight_decay >= 0, f"weight_decay must be non-negative, got {self.weight_decay!r}"
        )
        check(
            self.equivalence_margin > 0,
            f"equivalence_margin must be positive, got {self.equivalence_margin!r}",
        )
        check(self.image_size >= 8, f"image_size must be at least 8, got {self.image_size!r}")
        pool = self.pool_size()
        too_big = [s for s in self.all_sizes if s > pool]
        check(
            not too_big,
            f"target size {too_big[0] if too_big else ''!r} images per class is larger than the pool "
            f"of {pool} per class for dataset {self.dataset!r}; valid sizes: 1..{pool}",
        )

    def pool_size(self) -> int:
        """Images per class the training subsets are drawn from (checks real data is on disk)."""
        if self.dataset == "digits":
            from negresults.transfer.data import digits_class_counts

            available = min(digits_class_counts()) - self.test_per_class - self.val_per_class
            check(
                available > 0,
                f"test_per_class + val_per_class = {self.test_per_class + self.val_per_class} leaves no "
                f"training pool in load_digits (smallest class: {min(digits_class_counts())} images)",
            )
            return min(self.pool_per_class, available)
        from negresults.transfer.real_data import target_class_counts

        counts = target_class_counts(self.dataset, self.resolved_data_root())
        return min(self.pool_per_class, min(counts) - self.val_per_class)


def data_root(value: str = "") -> Path:
    """Where real datasets live: ``value``, else ``$NEGRESULTS_DATA``, else ``./data``."""
    return Path(value or os.environ.get(DATA_ENV) or "data").expanduser().resolve()


PRESETS: dict[str, TransferConfig] = {
    "smoke": TransferConfig(
        preset="smoke",
        seeds=(0, 1),
        table_seeds=2,
        target_sizes=(2, 5),
        table_size=2,
        val_per_class=5,
        test_per_class=10,
        pool_per_class=20,
        source_per_class=100,
        width=8,
        feature_dim=32,
        pretrain_epochs=2,
        steps=30,
        eval_every=10,
        lr_grid=(1e-3, 3e-3),
        batch_size=32,
    ),
    "cpu": TransferConfig(preset="cpu"),
    "gpu": TransferConfig(
        preset="gpu",
        dataset="mnist_usps",
        seeds=tuple(range(10)),
        target_sizes=(2, 5, 10, 20, 50, 100, 400),
        table_size=5,
        image_size=28,
        val_per_class=50,
        pool_per_class=400,
        width=32,
        feature_dim=256,
        pretrain_epochs=10,
        pretrain_lr=1e-3,
        batch_size=128,
        steps=1000,
        eval_every=100,
        lr_grid=(1e-4, 3e-4, 1e-3, 3e-3),
        device="auto",
        precision="bf16",
    ),
}

__all__ = ["ARMS", "ARM_LABELS", "DATASETS", "PRESETS", "TransferConfig", "ConfigError"]
