"""Runs as data: a :class:`Task` names a store kind, a resolved config and the
function that computes it, so any executor (in-process, a local process pool,
Slurm through submitit) can run it and land the result in the same store.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from negresults.store import ResultStore, Run, RunOutput, run_key


@dataclass(frozen=True)
class Task:
    kind: str  # store folder, e.g. "shape_color/train"
    config: Mapping[str, Any] = field(hash=False)  # resolved, JSON-ready; hashed by the store
    runner: str = ""  # "package.module:function", called as fn(config, store) -> RunOutput
    label: str = ""  # short human-readable name for progress bars and errors
    # What must be finished before this task starts. None: every task of the
    # plan's earlier stages (a barrier). A tuple: only these tasks, so a
    # parallel executor can start this one as soon as they are done.
    needs: tuple[Task, ...] | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, run_key(self.kind, self.config)

    def function(self) -> Callable[[Mapping[str, Any], ResultStore], RunOutput]:
        module, _, name = self.runner.partition(":")
        return getattr(importlib.import_module(module), name)


def execute(task: Task, store: ResultStore) -> Run:
    """Run ``task`` unless the store already holds it; return the stored run."""
    fn = task.function()
    return store.get_or_run(task.kind, task.config, lambda: fn(task.config, store))
