"""Run a plan of tasks in this process and hand back its runs (what a study's results code calls).

A plan is a list of stages of :class:`~negresults.tasks.Task`. :func:`run_plan`
goes through :func:`negresults.executors.run_tasks` with the ``inline``
executor, so a notebook, the book and ``negresults sweep`` share one
execution path: the same dependency schedule, the same handling of stored,
busy and failed runs.
"""

from __future__ import annotations

from collections.abc import Sequence

from negresults.executors import Failure, SweepReport, run_tasks
from negresults.store import ResultStore, Run
from negresults.tasks import Task

Plan = Sequence[Sequence[Task]]  # stages; every task of a stage may run in parallel


class PlanFailed(RuntimeError):
    """A run of the plan failed, or was skipped because a run it needs failed.

    ``str(err)`` is the sweep's summary and the first failure's error;
    ``report`` is the whole :class:`~negresults.executors.SweepReport`.
    """

    def __init__(self, report: SweepReport):
        first = (report.failed or report.blocked)[0]
        super().__init__(f"{report.summary()}; first failure, {first.label}: {first.error}")
        self.report = report


def run_plan(
    plan: Plan, store: ResultStore | None = None, progress: bool = True, desc: str = "runs"
) -> list[Run]:
    """Run what the store lacks of ``plan`` in this process; return every run in plan order.

    Raises :class:`PlanFailed` if any run failed or could not start (after
    every run that could was stored).
    """
    store = store or ResultStore()
    report = run_tasks(plan, store, executor="inline", progress=progress, desc=desc)
    if not report.ok:
        raise PlanFailed(report)
    runs = []
    for stage in plan:
        for task in stage:
            run = store.get(task.kind, task.config)
            if run is None:  # removed (gc, quarantined) by another process since it landed
                report.failed.append(Failure(task.label, "it landed, then left the store"))
                raise PlanFailed(report)
            runs.append(run)
    return runs
