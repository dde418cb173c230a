"""The study's stored runs as tidy tables (what the report reads)."""

from __future__ import annotations

import pandas as pd

from negresults.store import ResultStore, Run
from negresults.sweep import run_plan
from negresults.transfer.compute.plan import PRETRAIN_KIND, plan
from negresults.transfer.config import TransferConfig


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
