"""Run a plan of tasks (stages of independent :class:`~negresults.tasks.Task`)."""

from __future__ import annotations

from collections.abc import Sequence

from tqdm.auto import tqdm

from negresults.store import ResultStore, Run
from negresults.tasks import Task, execute

Plan = Sequence[Sequence[Task]]  # stages; every task of a stage may run in parallel


def run_plan(
    plan: Plan, store: ResultStore | None = None, progress: bool = True, desc: str = "runs"
) -> list[Run]:
    """Run every stage in order, skipping what the store holds; return runs in plan order."""
    store = store or ResultStore()
    # Only a store that misses runs must be writable: a complete one may sit
    # on a read-only filesystem and still serve every page.
    if not all(store.contains(t.kind, t.config) for stage in plan for t in stage):
        store.check_writable()
    runs: list[Run] = []
    total = sum(len(stage) for stage in plan)
    with tqdm(total=total, desc=desc, disable=not progress, leave=False) as bar:
        for stage in plan:
            for task in stage:
                bar.set_postfix_str(task.label, refresh=False)
                runs.append(execute(task, store))
                bar.update()
    return runs
