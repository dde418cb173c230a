"""The study as a plan of tasks, and its stored results as tidy tables.

Stage 1 pretrains one model per seed on the source. Stage 2 runs every arm x
target size x seed; each such task selects its learning rate on validation
and tests once. Task configs hold everything that decides a result (and
nothing else), so the store reuses a pretraining across arms and sizes.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from negresults.devices import resolve_device
from negresults.store import ResultStore, Run
from negresults.sweep import run_plan
from negresults.tasks import Task
from negresults.transfer.config import TransferConfig

PRETRAIN_KIND = "transfer/pretrain"
ARM_KIND = "transfer/arm"


def _common(cfg: TransferConfig, device: str) -> dict[str, Any]:
    out = {
        "dataset": cfg.dataset,
        "image_size": cfg.image_size,
        "channels": cfg.channels,
        "num_classes": cfg.num_classes,
        "width": cfg.width,
        "feature_dim": cfg.feature_dim,
        "batch_size": cfg.batch_size,
        "device": device,
        "precision": cfg.precision,
    }
    if cfg.dataset == "digits":
        out["test_per_class"] = cfg.test_per_class
    else:
        # The folder reaches the worker through the task config, so it is part
        # of the run key: the same files in another folder are run again.
        # Leave data_root empty (each run then reads $NEGRESULTS_DATA) for
        # keys that hold across machines.
        out["data_root"] = cfg.data_root
    return out


def pretrain_config(cfg: TransferConfig, seed: int, device: str | None = None) -> dict[str, Any]:
    device = device or resolve_device(cfg.device)
    out = {
        **_common(cfg, device),
        "seed": seed,
        "pretrain_epochs": cfg.pretrain_epochs,
        "pretrain_lr": cfg.pretrain_lr,
    }
    if cfg.dataset == "digits":
        out["source_per_class"] = cfg.source_per_class
    return out


def arm_config(
    cfg: TransferConfig, arm: str, size: int, seed: int, device: str | None = None
) -> dict[str, Any]:
    device = device or resolve_device(cfg.device)
    from negresults.transfer.model import ARM_SPEC

    return {
        **_common(cfg, device),
        "arm": arm,
        "size": size,
        "seed": seed,
        "val_per_class": cfg.val_per_class,
        "pool_per_class": cfg.pool_per_class,
        "steps": cfg.steps,
        "eval_every": cfg.eval_every,
        "lr_grid": list(cfg.lr_grid),
        "weight_decay": cfg.weight_decay,
        # Scratch does not depend on the pretraining, so its key does not either.
        "pretrain": pretrain_config(cfg, seed, device) if ARM_SPEC[arm]["pretrained"] else None,
    }


def pretrain_task(config: dict[str, Any]) -> Task:
    return Task(
        kind=PRETRAIN_KIND,
        config=config,
        runner="negresults.transfer.train:run_pretrain",
        label=f"pretrain/seed{config['seed']}",
    )


def arm_task(config: dict[str, Any]) -> Task:
    # An arm waits only for its own seed's pretraining (scratch for none), so
    # a pool starts arms while the other seeds are still pretraining.
    needs = (pretrain_task(config["pretrain"]),) if config["pretrain"] else ()
    return Task(
        kind=ARM_KIND,
        config=config,
        runner="negresults.transfer.train:run_arm",
        label=f"{config['arm']}/n{config['size']}/seed{config['seed']}",
        needs=needs,
    )


def plan(cfg: TransferConfig) -> list[list[Task]]:
    """Stage 1: a pretraining per seed; stage 2: every arm x size x seed.

    Each arm task names the pretraining it needs, so executors that honour
    ``Task.needs`` do not wait for the whole first stage.
    """
    device = resolve_device(cfg.device)
    pretrained_arms = [a for a in cfg.all_arms if a != "scratch"]
    stage1 = (
        [pretrain_task(pretrain_config(cfg, s, device)) for s in cfg.seeds]
        if pretrained_arms
        else []
    )
    stage2 = [
        arm_task(arm_config(cfg, arm, size, seed, device))
        for size in cfg.all_sizes
        for seed in cfg.seeds
        for arm in cfg.all_arms
    ]
    return [stage for stage in (stage1, stage2) if stage]


class Results:
    """Tidy views of one config's stored runs (see :func:`load_results`)."""

    def __init__(
        self, cfg: TransferConfig, runs: dict[tuple[str, int, int], Run], pretrains: dict[int, Run]
    ):
        self.cfg = cfg
        self.runs = runs  # (arm, size, seed) -> Run
        self.pretrains = pretrains  # seed -> Run

    def run(self, arm: str, size: int, seed: int) -> Run:
        return self.runs[(arm, size, seed)]

    @property
    def accuracy(self) -> pd.DataFrame:
        """One row per (arm, size, seed): test and validation accuracy, chosen learning rate."""
        rows = []
        for (arm, size, seed), run in self.runs.items():
            m = run.metrics
            rows.append(
                {
                    "arm": arm,
                    "size": size,
                    "seed": seed,
                    "test_acc": m["test_acc"],
                    "val_acc": m["val_acc"],
                    "selected_lr": m["selected_lr"],
                    "train_images": m["train_images"],
                }
            )
        return (
            pd.DataFrame(rows)
            .sort_values(["size", "arm", "seed"], key=_arm_order)
            .reset_index(drop=True)
        )

    @property
    def selection(self) -> pd.DataFrame:
        """Validation accuracy at every grid learning rate, per (arm, size, seed)."""
        rows = []
        for (arm, size, seed), run in self.runs.items():
            for key, acc in run.metrics.items():
                if key.startswith("val_acc_lr="):
                    rows.append(
                        {
                            "arm": arm,
                            "size": size,
                            "seed": seed,
                            "lr": float(key.split("=")[1]),
                            "val_acc": acc,
                            "selected": float(key.split("=")[1]) == run.metrics["selected_lr"],
                        }
                    )
        return pd.DataFrame(rows)

    @property
    def curves(self) -> pd.DataFrame:
        """Validation curves of the selected runs: one row per (arm, size, seed, step)."""
        frames = []
        for (arm, size, seed), run in self.runs.items():
            h = run.history.assign(arm=arm, size=size, seed=seed)
            frames.append(h)
        return pd.concat(frames, ignore_index=True)

    @property
    def pretraining(self) -> pd.DataFrame:
        """Per seed: source validation accuracy and the pretrained model's accuracy on the target test set."""
        rows = [{"seed": s, **r.metrics} for s, r in self.pretrains.items()]
        return pd.DataFrame(rows)

    @property
    def pretraining_curves(self) -> pd.DataFrame:
        return pd.concat(
            [r.history.assign(seed=s) for s, r in self.pretrains.items()], ignore_index=True
        )


def _arm_order(col: pd.Series) -> pd.Series:
    if col.name == "arm":
        from negresults.transfer.config import ARMS

        return col.map(ARMS.index)
    return col


def load_results(
    cfg: TransferConfig, store: ResultStore | None = None, progress: bool = True
) -> Results:
    """Run (or read back) every task of ``plan(cfg)``; memoised by the store."""
    store = store or ResultStore()
    stages = plan(cfg)
    runs = run_plan(stages, store, progress=progress, desc="transfer")
    tasks = [t for stage in stages for t in stage]
    by_arm, pretrains = {}, {}
    for task, run in zip(tasks, runs, strict=True):
        c = task.config
        if task.kind == PRETRAIN_KIND:
            pretrains[c["seed"]] = run
        else:
            by_arm[(c["arm"], c["size"], c["seed"])] = run
    return Results(cfg, by_arm, pretrains)
