"""The study's stored runs, and the choice each analysis makes from them.

An arm run stores its whole hyperparameter grid (validation scores under
every protocol, test scores at every logged step). :meth:`Results.pick`
applies one analysis (protocol, budget rule, which grid points are allowed,
or a point borrowed from another arm) through :func:`.selection.choose`,
which reads validation scores only; the test score is looked up afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from negresults.executors import run_plan
from negresults.store import ResultStore, Run
from negresults.transfer.compute import baselines as nondeep
from negresults.transfer.compute import selection
from negresults.transfer.config import TransferConfig
from negresults.transfer.names import AUGMENTS
from negresults.transfer.plan import BASELINE_KIND, PRETRAIN_KIND, plan, source_name


@dataclass(frozen=True)
class Spec:
    """One analysis of the stored runs (a point of the specification curve)."""

    protocol: str = "holdout"  # holdout | cv | oracle
    budget: str = "epochs"  # epochs | early_stop
    rule: str = "best"  # best | one_se (selection.SELECTION_RULES)
    shared_lr: bool = False  # fine-tuning borrows scratch's chosen grid point
    augment: bool = True  # augmentation among the choices (False: off for every arm)
    # The learning rate restricted to the grid's interior: a diagnostic of edge picks
    # (what the arm would score had the edge not been on offer), not a spec-curve choice.
    interior_lr: bool = False
    # Only rates at or below this (None: every rate): what an earlier, narrower grid would
    # have chosen from the same runs, a diagnostic of how a grid's extent moves the pick.
    max_lr: float | None = None
    min_lr: float | None = None  # likewise from below (LP-FT's rates below the common grid)


@dataclass(frozen=True)
class Pick:
    test_acc: float
    lr: float
    wd: float
    augment: str
    step: int
    point: int
    val_curve: tuple[float, ...]  # validation accuracy of the chosen point at each logged step
    steps: tuple[int, ...]
    stop: int = -1  # the logged step at which the chosen point stopped training
    budget: int = -1  # the epochs budget (steps past it are the extension, never read)


@dataclass(frozen=True)
class BaselinePick:
    """The non-deep candidate a protocol chooses for one seed, and its test score."""

    test_acc: float
    baseline: str  # logreg | svm | knn
    setting_a: float  # C (logreg, svm) or k (knn)
    setting_b: float  # gamma (svm), else nan
    index: int  # into the run's candidates


class Results:
    """Runs by ``(arm, level, size, seed, folds)`` (level ``None`` for scratch) and pretrainings."""

    def __init__(
        self,
        cfg: TransferConfig,
        runs: dict,
        pretrains: dict,
        baselines: dict | None = None,
        budgets: dict | None = None,
    ):
        self.cfg = cfg
        self.runs = runs
        self.pretrains = pretrains  # (level, seed) -> Run
        self.baselines = baselines or {}  # (size, seed, folds) -> Run
        self.budgets = budgets or {}  # (scale, arm, level, size, seed) -> Run: the budget axis
        self._arrays: dict = {}

    def run(self, arm: str, size: int, seed: int, level: str | None = None, folds=None) -> Run:
        cfg = self.cfg
        level = None if arm == "scratch" else (level or cfg.table_level)
        folds = cfg.folds if folds is None else folds
        return self.runs[(arm, level, size, seed, folds)]

    def budget_run(
        self, scale: float, arm: str, size: int, seed: int, level: str | None = None
    ) -> Run:
        """A budget-axis run, ``scale`` times the declared budget, from ``level``'s source
        (Table 1's by default; scratch has none)."""
        level = None if arm == "scratch" else (level or self.cfg.table_level)
        return self.budgets[(scale, arm, level, size, seed)]

    def grid(self, run: Run) -> dict[str, np.ndarray]:
        key = id(run)
        if key not in self._arrays:
            self._arrays[key] = run.arrays("grid")
        return self._arrays[key]

    def spec(self, **changes) -> Spec:
        """The config's own analysis (its ``selection`` and ``budget_rule``), with ``changes``."""
        cfg = self.cfg
        base = {"protocol": cfg.selection, "budget": cfg.budget_rule, "rule": cfg.selection_rule}
        return Spec(**{**base, **changes})

    def pick(self, run: Run, spec: Spec | None = None, point: int | None = None) -> Pick:
        """The choice ``spec`` makes for ``run`` (or the given grid ``point``), with its test score."""
        spec = spec or self.spec()
        a = self.grid(run)
        acc, loss = selection.protocol_scores(a, spec.protocol)
        if point is not None:
            allowed = np.arange(len(a["lr"])) == point
        else:
            allowed = self._allowed(a, spec)
        c = selection.choose(
            acc,
            loss,
            a["lr"],
            a["steps"],
            budget_rule=spec.budget,
            epochs_step=run.metrics["epochs_step"],
            allowed=allowed,
            patience=self.cfg.patience,
            rule=spec.rule,
            n_select=self.selection_images(run, spec.protocol),
        )
        g, e = c.point, c.step
        return Pick(
            float(a["test_acc"][g, e]),
            float(a["lr"][g]),
            float(a["wd"][g]),
            AUGMENTS[int(a["aug"][g])],
            int(a["steps"][e]),
            g,
            tuple(float(v) for v in a["val_acc"][g]),
            tuple(int(s) for s in a["steps"]),
            int(a["steps"][c.stop]),
            int(run.metrics["epochs_step"]),
        )

    def tied_lrs(self, run: Run, spec: Spec | None = None) -> set[float]:
        """The learning rates of the grid points the one-standard-error rule counts as tied
        with the best (the rule takes their median): how far the tie reaches, which the pick
        alone hides. Each point is read as the rule reads it (its own best step before it
        stopped); the threshold is :func:`.selection.one_se_point`'s."""
        spec = spec or self.spec()
        a = self.grid(run)
        acc, _ = selection.protocol_scores(a, spec.protocol)
        steps = list(a["steps"])
        scores = {
            int(g): float(acc[g, steps.index(self.pick(run, spec, point=int(g)).step)])
            for g in np.flatnonzero(self._allowed(a, spec))
        }
        top, n = max(scores.values()), self.selection_images(run, spec.protocol)
        p = min(max(top / 100.0, 1.0 / n), 1.0 - 1.0 / n)
        se = 100.0 * float(np.sqrt(p * (1.0 - p) / n))
        return {float(a["lr"][g]) for g, v in scores.items() if v >= top - se}

    @staticmethod
    def _allowed(a: dict[str, np.ndarray], spec: Spec) -> np.ndarray:
        """The grid points ``spec`` lets a choice take (augmentation, the rate's range)."""
        lr = a["lr"]
        allowed = np.ones(len(lr), dtype=bool)
        if not spec.augment:
            allowed &= a["aug"] == AUGMENTS.index("none")
        if spec.interior_lr:
            allowed &= (lr > lr.min()) & (lr < lr.max())
        if spec.max_lr is not None:
            allowed &= lr <= spec.max_lr
        if spec.min_lr is not None:
            allowed &= lr >= spec.min_lr
        return allowed

    def selection_images(self, run: Run, protocol: str) -> int:
        """How many images a protocol's score is read on: the holdout and the folds see the
        subset's size per class, the oracle the whole per-seed validation split."""
        cfg = self.cfg
        per_class = cfg.val_per_class if protocol == "oracle" else int(run.config["size"])
        return per_class * cfg.num_classes

    # -- rows beside the arms -------------------------------------------------
    def baseline_pick(
        self, size: int, seed: int, spec: Spec | None = None, folds=None, only: str | None = None
    ) -> BaselinePick:
        """The non-deep candidate ``spec``'s protocol chooses (validation scores only).

        ``only`` restricts the choice to one baseline (its own tuned row).
        """
        spec = spec or self.spec()
        folds = self.cfg.folds if folds is None else folds
        run = self.baselines[(size, seed, folds)]
        a = self.grid(run)
        names = run.config["baselines"]
        allowed = None
        if only is not None:
            allowed = a["baseline"] == names.index(only)
        i = nondeep.choose(nondeep.selection_scores(a, spec.protocol), allowed)
        return BaselinePick(
            float(a["test_acc"][i]),
            names[int(a["baseline"][i])],
            float(a["setting_a"][i]),
            float(a["setting_b"][i]),
            i,
        )

    def baseline_acc(
        self, size: int, seeds, spec: Spec | None = None, folds=None, only: str | None = None
    ) -> np.ndarray:
        """Test accuracy per seed of the chosen non-deep baseline (or of ``only``, tuned)."""
        return np.array([self.baseline_pick(size, s, spec, folds, only).test_acc for s in seeds])

    def source_only(self, level: str | None, seeds) -> np.ndarray:
        """The pretrained source model on the target test set, no target training, per seed."""
        level = level or self.cfg.table_level
        return np.array(
            [self.pretrains[(level, s)].metrics["source_only_target_acc"] for s in seeds]
        )

    def source_drop(self, level: str, seeds) -> np.ndarray:
        """Source validation accuracy minus source-only target accuracy, per seed (points)."""
        runs = [self.pretrains[(level, s)] for s in seeds]
        return np.array(
            [r.metrics["source_val_acc"] - r.metrics["source_only_target_acc"] for r in runs]
        )

    def test_acc(
        self,
        arm: str,
        size: int,
        seeds,
        level: str | None = None,
        folds=None,
        spec: Spec | None = None,
    ) -> np.ndarray:
        """Test accuracy of ``arm`` per seed under ``spec`` (default: the config's analysis)."""
        spec = spec or self.spec()
        out = []
        for s in seeds:
            run = self.run(arm, size, s, level, folds)
            point = None
            if spec.shared_lr and arm != "scratch":
                point = self.pick(self.run("scratch", size, s, level, folds), spec).point
            out.append(self.pick(run, spec, point).test_acc)
        return np.array(out)

    @property
    def accuracy(self) -> pd.DataFrame:
        """One row per arm run: its default choice (protocol, lr, wd, augmentation) and test score."""
        rows = []
        for (arm, level, size, seed, folds), run in self.runs.items():
            p = self.pick(run)
            rows.append(
                {
                    "arm": arm,
                    "level": level,
                    "size": size,
                    "seed": seed,
                    "folds": folds,
                    "test_acc": p.test_acc,
                    "selected_lr": p.lr,
                    "selected_wd": p.wd,
                    "selected_augment": p.augment,
                    "train_images": run.metrics["train_images"],
                }
            )
        return pd.DataFrame(rows)

    @property
    def pretraining(self) -> pd.DataFrame:
        """Per (level, seed): source validation accuracy and the source model on the target test set."""
        rows = [{"level": lv, "seed": s, **r.metrics} for (lv, s), r in self.pretrains.items()]
        return pd.DataFrame(rows)

    @property
    def pretraining_curves(self) -> pd.DataFrame:
        """Per (level, seed, epoch): source validation accuracy, over the reported seeds (the
        pilot's pretrainings keep the shorter schedule they ran with, so they are left out)."""
        pilot = set(self.cfg.pilot_seeds)
        return pd.concat(
            [
                r.history.assign(level=lv, seed=s)
                for (lv, s), r in self.pretrains.items()
                if s not in pilot
            ],
            ignore_index=True,
        )


def load_results(
    cfg: TransferConfig, store: ResultStore | None = None, progress: bool = True
) -> Results:
    """Run (or read back) every task of ``plan(cfg)``; memoised by the store."""
    return tidy(cfg, run_plan(plan(cfg), store, progress=progress, desc="transfer"))


def tidy(cfg: TransferConfig, runs: list[Run]) -> Results:
    """The stored runs of ``plan(cfg)``, in plan order, keyed by what decides them."""
    tasks = [t for stage in plan(cfg) for t in stage]
    by_arm, pretrains, base, budgets = {}, {}, {}, {}
    for task, run in zip(tasks, runs, strict=True):
        c = task.config
        if task.kind == PRETRAIN_KIND:
            pretrains[(source_name(c), c["seed"])] = run
        elif task.kind == BASELINE_KIND:
            base[(c["size"], c["seed"], c["folds"])] = run
        else:
            pre = c["pretrain"]
            level = None if pre is None else source_name(pre)
            if "budget_scale" in c:
                budgets[(c["budget_scale"], c["arm"], level, c["size"], c["seed"])] = run
            else:
                by_arm[(c["arm"], level, c["size"], c["seed"], c["folds"])] = run
    return Results(cfg, by_arm, pretrains, base, budgets)
