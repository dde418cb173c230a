"""The study's typed configuration: one frozen dataclass, three named presets.

Sizes are counted in *images per class* throughout, so that the digits
(10 classes) and CIFAR -> STL-10 (9 shared classes) read the same way.

Dataset facts (classes, channels, where the files live) come from the
registry in :mod:`.compute.datasets`. Checking a config never reads data:
whether the files exist and how large the data's pool is are checked when a
plan is built (:func:`.compute.plan.plan`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from negresults.config import ConfigError, StudyConfig, check, check_choices, param
from negresults.transfer.compute import datasets

ARMS = ("scratch", "finetune", "linear_probe", "frozen_head")
DATASETS = datasets.NAMES

ARM_LABELS = {
    "scratch": "Random init (scratch)",
    "finetune": "Transferred, full fine-tune",
    "linear_probe": "Transferred, linear probe",
    "frozen_head": "Transferred, frozen backbone + MLP head",
}


@dataclass(frozen=True)
class TransferConfig(StudyConfig):
    dataset: Literal["digits", "mnist_usps", "cifar_stl"] = param(
        "digits", "source -> target pair of datasets"
    )
    seeds: tuple[int, ...] = param(
        (0, 1, 2, 3, 4), "seeds of the sweep; Table 1 uses the first table_seeds", scope="sweep"
    )
    table_seeds: int = param(
        3, "seeds in Table 1 (the paper reports three)", scope="report", positive=True
    )
    arms: tuple[str, ...] = param(
        ARMS,
        "training arms; scratch always runs too (every comparison is against it)",
        scope="sweep",
    )
    target_sizes: tuple[int, ...] = param(
        (2, 4, 8, 16, 32, 90),
        "target images per class in the size sweep",
        scope="sweep",
        positive=True,
    )
    table_size: int = param(
        2, "target images per class of Table 1 (always run)", scope="sweep", positive=True
    )
    image_size: int = param(16, "both domains are resized to this side length", minimum=8)
    val_per_class: int = param(
        20, "per-seed validation images per class (learning-rate selection)", positive=True
    )
    test_per_class: int = param(
        60,
        "fixed target test images per class (digits only; real data use their test split)",
        positive=True,
    )
    pool_per_class: int = param(
        90, "training pool per class; target subsets are drawn from it", positive=True
    )
    source_per_class: int = param(
        600, "rendered source images per class (digits only)", positive=True
    )
    width: int = param(
        16, "channels of the first conv layer (the second has twice as many)", positive=True
    )
    feature_dim: int = param(128, "backbone output dimension: what the probes read", positive=True)
    pretrain_epochs: int = param(3, "passes over the source in pretraining", minimum=0)
    pretrain_lr: float = param(2e-3, "pretraining learning rate (AdamW)", positive=True)
    batch_size: int = param(64, "images per optimiser step", positive=True)
    steps: int = param(
        120, "optimiser steps on the target, the same for every arm and size", positive=True
    )
    eval_every: int = param(
        20, "validation accuracy is logged every this many steps", positive=True
    )
    lr_grid: tuple[float, ...] = param(
        (3e-4, 1e-3, 3e-3, 1e-2),
        "learning rates each arm chooses from on validation",
        positive=True,
    )
    weight_decay: float = param(0.0, "AdamW weight decay on the target", minimum=0)
    equivalence_margin: float = param(
        2.0,
        "accuracy points: a difference inside +-this counts as no benefit",
        scope="report",
        positive=True,
    )
    data_root: str = param("", "folder of the real datasets; empty: $NEGRESULTS_DATA or ./data")

    # -- derived --------------------------------------------------------
    @property
    def num_classes(self) -> int:
        return datasets.get(self.dataset).num_classes

    @property
    def channels(self) -> int:
        return datasets.get(self.dataset).channels

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
        return datasets.data_root(self.data_root)

    # -- validation -----------------------------------------------------
    def check(self) -> None:
        check_choices("arms", self.arms, ARMS)
        check(len(self.lr_grid) > 0, "lr_grid is empty; give at least one rate, e.g. [1e-3, 3e-3]")
        check(
            len(self.target_sizes) > 0,
            "target_sizes is empty; give at least one size, e.g. [2, 8, 32]",
        )
        for s in (*self.target_sizes, self.table_size):
            check(s > 0, f"target size {s!r} must be a positive number of images per class")
        check(
            len(set(self.target_sizes)) == len(self.target_sizes),
            f"target_sizes has duplicates: {list(self.target_sizes)!r}",
        )
        # The data's own pool is known only once they are read (when a plan
        # is built); pool_per_class bounds it from above, without reading.
        too_big = [s for s in self.all_sizes if s > self.pool_per_class]
        check(
            not too_big,
            f"target size {too_big[0] if too_big else ''!r} images per class is larger than "
            f"pool_per_class = {self.pool_per_class}; valid sizes: 1..{self.pool_per_class}",
        )

    def pool_size(self) -> int:
        """Images per class the training subsets are drawn from (reads the data)."""
        return datasets.pool_size(
            self.dataset,
            self.resolved_data_root(),
            pool_per_class=self.pool_per_class,
            val_per_class=self.val_per_class,
            test_per_class=self.test_per_class,
        )


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

TransferConfig.PRESETS = PRESETS

__all__ = ["ARMS", "ARM_LABELS", "DATASETS", "PRESETS", "TransferConfig", "ConfigError"]
