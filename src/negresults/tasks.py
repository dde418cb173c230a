"""Runs as data: a :class:`Task` names a store kind, a resolved config, the
registered runner that computes it and the runs it needs, so any executor
(in-process, a local process pool, Slurm through submitit) can run it and land
the result in the same store.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from negresults import machine
from negresults.config import ConfigError
from negresults.runkeys import run_key
from negresults.runners import RUNNERS, Runner, RunOutput, name_of
from negresults.store import ResultStore, Run


class MissingNeed(RuntimeError):
    """A task's declared need is not in the store (it failed, or was never run)."""


@dataclass(frozen=True)
class Task:
    kind: str  # store folder, e.g. "shape_color/train"
    config: Mapping[str, Any] = field(hash=False)  # resolved, JSON-ready; hashed by the store
    runner: Runner = field(default=None, compare=False)  # a @runner-registered function
    label: str = ""  # short human-readable name for progress bars and errors
    # What must be finished before this task starts, and what its runner reads.
    # None: every task of the plan's earlier stages (a barrier), and the runner
    # reads nothing. A tuple: only these tasks, so a parallel executor can
    # start this one as soon as they are done; the runner gets their stored
    # runs, in this order.
    needs: tuple[Task, ...] | None = field(default=None, compare=False, repr=False)
    # Facts stored in the run's info, not hashed (which analysis plan was in
    # force when it ran, say): they describe the run, they do not decide it.
    info: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if name_of(self.runner) is None:
            known = ", ".join(sorted(RUNNERS)) or "none registered"
            shown = getattr(self.runner, "__qualname__", repr(self.runner))
            raise ConfigError(
                f"task {self.label or self.kind!r} names runner {shown}, which is not a "
                f"registered runner (decorate it with negresults.runners.runner); "
                f"registered: {known}"
            )

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, run_key(self.kind, self.config)


def inputs(task: Task, store: ResultStore) -> list[Run]:
    """The stored runs ``task`` needs, in its declared order; one clear error if any is missing."""
    runs = []
    for need in task.needs or ():
        run = store.get(need.kind, need.config)
        if run is None:
            raise MissingNeed(
                f"{task.label or task.kind} needs {need.label or need.kind}, "
                "which is not in the store (it failed or has not run)"
            )
        runs.append(run)
    return runs


def compute(task: Task, store: ResultStore) -> RunOutput:
    """Call ``task``'s runner on its config and its needs' stored runs (stores nothing)."""
    needed = inputs(task, store)
    start = time.perf_counter()
    out = task.runner(task.config, needed)
    seconds = time.perf_counter() - start
    # Every study's runs carry the same facts under the same names: where it ran too, so
    # a rebuild on another machine whose numbers moved can say which machines made them.
    where = machine.facts(task.config.get("threads"))
    out.info = {**task.info, **out.info, machine.FIELD: where, "seconds": seconds}
    return out


def execute(task: Task, store: ResultStore, *, wait: bool = True) -> Run:
    """Run ``task`` unless the store already holds it; return the stored run."""
    return store.get_or_run(task.kind, task.config, lambda: compute(task, store), wait=wait)
