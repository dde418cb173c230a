"""Fan a plan of tasks out over an executor: one code path from laptop to cluster.

Every executor offers ``submit(fn, *args) -> future-like`` with ``.result()``:

- ``inline``: in this process, one task after another (debugging, notebooks);
- ``local``: a process pool over this machine's cores (:class:`LocalPool`);
- ``submitit-local``: submitit's local executor (what the tests use to exercise
  the submitit path without a cluster);
- ``slurm``: submitit on a Slurm cluster; workers write to the same store, so
  the store folder must be on storage they share.

Tasks already in the store are skipped; a failing task is reported with its
error and does not stop the others, and neither does a worker that dies (the
out-of-memory killer, a stray ``kill -9``): its task fails with the signal
that killed it; the tasks that need a failed run are not started and are
reported as blocked, with the reason. Two sweeps of one plan into one store split the work: a task
another process is computing is put back in the queue, and once nothing else
is left it waits for that run to land. Ctrl-C or SIGTERM cancels what runs,
stops the workers and raises :class:`SweepInterrupted`, whose one-line text
says how many runs landed and how many remain.

The pieces live apart: the process pool in :mod:`negresults.pool`, the
dependency schedule in :mod:`negresults.schedule`, signal handling in
:mod:`negresults.interrupts`; this module picks the executor and runs the loop.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import heapq
import shutil
import subprocess
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tqdm.auto import tqdm

from negresults.config import ConfigError
from negresults.devices import cpu_count, limit_threads, threads_per_worker
from negresults.interrupts import (
    SweepInterrupted,
    interrupts_recorded,
    raise_if_signalled,
    signals_ignored,
    signum_of,
)
from negresults.pool import LocalPool, PoolFuture, WorkerDied, death_cause, kill_tree
from negresults.schedule import Failure, Schedule, SweepReport
from negresults.store import ResultStore, Run, RunBusy, StoreError
from negresults.storegc import remove_stale_tmp
from negresults.tasks import Task, compute

EXECUTORS = ("inline", "local", "submitit-local", "slurm")

# What _work reports about one task.
RAN, STORED, BUSY, FAILED = "ran", "stored", "busy", "failed"


def _work(
    task: Task, store: ResultStore | str, threads: int, wait: bool = True
) -> tuple[str, str | None]:
    """Run one task in a worker; return (RAN | STORED | BUSY | FAILED, error text) instead of raising.

    STORED: another process landed the run while this one waited for it.
    BUSY (only with ``wait=False``): another process is computing it now.
    The thread budget holds for this task only, so an inline sweep leaves
    the calling process's as it found it.
    """
    store = store if isinstance(store, ResultStore) else ResultStore(store)
    computed = False

    def run() -> Any:
        nonlocal computed
        computed = True
        return compute(task, store)

    try:
        with limit_threads(threads):
            # tasks.execute, plus telling a computed run from one another sweep landed first.
            store.get_or_run(task.kind, task.config, run, wait=wait)
    except RunBusy:
        return BUSY, None
    except Exception as err:  # noqa: BLE001 - reported, not swallowed
        return FAILED, f"{type(err).__name__}: {err}\n{traceback.format_exc(limit=-3)}"
    return (RAN if computed else STORED), None


class _InlineFuture:
    def __init__(self, fn: Any, args: tuple[Any, ...]):
        self._value = fn(*args)

    def result(self) -> Any:
        return self._value

    def done(self) -> bool:
        return True


class _InlineExecutor:
    def submit(self, fn: Any, *args: Any) -> _InlineFuture:
        return _InlineFuture(fn, args)

    def shutdown(self) -> None:
        pass


@dataclass(frozen=True)
class SlurmOptions:
    partition: str | None = None
    timeout_min: int = 60
    cpus_per_task: int = 4
    gpus_per_node: int = 0
    mem_gb: int = 16
    folder: str = "runs/submitit"


def check_executor(
    name: str, store: ResultStore, slurm: SlurmOptions | None = None, *, writable: bool = True
) -> None:
    """Refuse an unusable executor or store before anything is submitted.

    ``writable=False`` skips the store's write and free-space checks, for a
    caller that first looks whether anything is left to compute.
    """
    if name not in EXECUTORS:
        raise ConfigError(f"unknown executor {name!r}; valid choices: {', '.join(EXECUTORS)}")
    if writable:
        _check_store_for_writing(store)
    if name == "slurm":
        slurm = slurm or SlurmOptions()
        if shutil.which("sbatch") is None:
            raise ConfigError("executor 'slurm' needs Slurm's sbatch on PATH; none was found")
        if slurm.partition:
            res = subprocess.run(
                ["sinfo", "-h", "-p", slurm.partition, "-o", "%P"], capture_output=True, text=True
            )
            if res.returncode != 0 or not res.stdout.strip():
                raise ConfigError(
                    f"Slurm partition {slurm.partition!r} is not available to you (sinfo found none)"
                )


def _check_store_for_writing(store: ResultStore) -> None:
    try:
        store.check_writable()
        store.check_space()
    except StoreError as err:
        raise ConfigError(str(err)) from None


def make_executor(name: str, workers: int, slurm: SlurmOptions | None = None) -> Any:
    if name == "inline":
        return _InlineExecutor()
    if name == "local":
        return LocalPool(workers)
    import submitit

    slurm = slurm or SlurmOptions()
    if name == "submitit-local":
        ex = submitit.AutoExecutor(folder=slurm.folder, cluster="local")
        ex.update_parameters(
            timeout_min=slurm.timeout_min, cpus_per_task=threads_per_worker(workers)
        )
        return ex
    ex = submitit.AutoExecutor(folder=slurm.folder, cluster="slurm")
    params: dict[str, Any] = {
        "timeout_min": slurm.timeout_min,
        "cpus_per_task": slurm.cpus_per_task,
        "mem_gb": slurm.mem_gb,
    }
    if slurm.partition:
        params["slurm_partition"] = slurm.partition
    if slurm.gpus_per_node:
        params["gpus_per_node"] = slurm.gpus_per_node
    ex.update_parameters(**params)
    return ex


def run_tasks(
    plan: Sequence[Sequence[Task]],
    store: ResultStore | None = None,
    executor: str = "inline",
    workers: int | None = None,
    slurm: SlurmOptions | None = None,
    progress: bool = True,
    threads: int | None = None,
    desc: str | None = None,
) -> SweepReport:
    """Run ``plan`` on ``executor``; skip stored runs; collect failures.

    A task starts once what it waits for has finished (see
    :attr:`Task.needs <negresults.tasks.Task.needs>` and
    :mod:`negresults.schedule`): by default every earlier stage, or only the
    tasks it names, so that a pool never sits idle behind a stage barrier it
    does not need. A task whose need failed is not started; it is reported in
    ``blocked`` with the reason. A plan whose needs go in a circle is refused
    (:class:`ConfigError`) before anything starts.

    Each worker uses ``threads`` threads (default: the cores split evenly
    between the workers; on Slurm, the cores each job asks for).

    The store must be writable only if something is left to compute, so a
    complete store on a read-only filesystem passes. Ctrl-C or SIGTERM
    cancels the work and raises :class:`SweepInterrupted`.
    """
    store = store or ResultStore()
    check_executor(executor, store, slurm, writable=False)
    workers = workers or (cpu_count() if executor in ("local", "submitit-local") else 1)
    if threads is not None and threads < 1:
        raise ConfigError(f"threads must be a positive integer, got {threads!r}")
    if threads is None:
        threads = (
            threads_per_worker(workers)
            if executor != "slurm"
            else (slurm or SlurmOptions()).cpus_per_task
        )
    report = SweepReport()
    schedule = Schedule(plan)  # refuses a circular plan
    tasks = schedule.tasks
    stored = {i for i, t in enumerate(tasks) if store.get(t.kind, t.config) is not None}
    # Refuse an unwritable store in one line before any progress bar or run
    # starts (a complete store is only read, so it may be read-only).
    if len(stored) < len(tasks):
        _check_store_for_writing(store)
    ex: Any = None
    running: dict[Any, int] = {}  # future -> task index
    try:
        with (
            interrupts_recorded() as signalled,
            tqdm(total=len(tasks), desc=desc or f"runs ({executor})", disable=not progress) as bar,
        ):
            report.skipped += [tasks[i].label for i in sorted(stored)]
            bar.update(len(stored))
            waiting = set(range(len(tasks))) - stored
            if not waiting:
                return report
            # Indices whose needs are finished, smallest (earliest in the plan) first.
            ready: list[int] = schedule.start(stored)
            heapq.heapify(ready)
            remove_stale_tmp(store)
            ex = make_executor(executor, workers, slurm)
            contended: set[int] = set()  # found busy once: wait for it next time
            while waiting or running:
                raise_if_signalled(signalled)
                # Submit in plan order whatever has its needs finished.
                while ready:
                    i = heapq.heappop(ready)
                    if i in waiting:
                        waiting.remove(i)
                        fut = ex.submit(_work, tasks[i], store, threads, i in contended)
                        running[fut] = i
                for fut in _wait_any(list(running)):
                    i = running.pop(fut)
                    status, err = _outcome(fut)
                    if status == BUSY:
                        # Another sweep computes it: do other work first.
                        contended.add(i)
                        waiting.add(i)
                        heapq.heappush(ready, i)
                        continue
                    if status == RAN:
                        report.ran.append(tasks[i].label)
                    elif status == STORED:
                        report.skipped.append(tasks[i].label)
                    else:
                        report.failed.append(Failure(tasks[i].label, err or "unknown error"))
                    for j in schedule.finish(i, failed=status == FAILED):
                        heapq.heappush(ready, j)
                    bar.update()
                    # Dependants of a failed run (and theirs) are never started.
                    for j, reason in schedule.pop_blocked():
                        waiting.discard(j)
                        report.blocked.append(Failure(tasks[j].label, reason))
                        bar.update()
    except KeyboardInterrupt as exc:
        with signals_ignored():  # a second Ctrl-C must not cut the cleanup short
            _cancel(ex, running)
            ex = None
            landed = sum(store.contains(t.kind, t.config) for t in tasks)
        raise SweepInterrupted(landed, len(tasks) - landed, signum_of(exc), report) from None
    except BaseException:
        # Not an orderly end: waiting for the running tasks could take hours.
        with signals_ignored():
            _cancel(ex, running)
            ex = None
        raise
    finally:
        if ex is not None and hasattr(ex, "shutdown"):
            ex.shutdown()
    return report


def _outcome(fut: Any) -> tuple[str, str | None]:
    try:
        out = fut.result()
    except Exception as exc:  # noqa: BLE001 - a worker or job died
        return FAILED, _job_error(fut, exc)
    if isinstance(out, tuple):
        return out
    return (RAN, None) if out is None else (FAILED, str(out))


def _job_error(fut: Any, exc: BaseException) -> str:
    """The error of a task whose worker or job ended without a result; first line says why."""
    if isinstance(exc, WorkerDied):
        return str(exc)
    if type(exc).__name__ == "UncompletedJobError":  # submitit: the job left no result
        job = f"submitit job {getattr(fut, 'job_id', '?')}"
        code = getattr(getattr(fut, "_process", None), "returncode", None)
        if code is not None and code < 0:  # the local controller itself was killed
            cause = death_cause(code, "its controller")
        else:  # submitit does not keep the exit status of the job's own process
            cause = "its process was killed (for example by the out-of-memory killer) or crashed"
        state = getattr(fut, "state", "unknown")
        log = getattr(getattr(fut, "paths", None), "stdout", "?")
        return f"{job} ended without a result (state {state}): {cause}; log: {log}\n{exc}"
    return f"{type(exc).__name__}: {exc}"


def _cancel(ex: Any, running: dict[Any, int]) -> None:
    """Stop what ``ex`` runs or holds queued, and leave no process of it behind."""
    if ex is None:
        return
    if isinstance(ex, LocalPool):
        ex.terminate()
        return
    for fut in running:
        proc = getattr(fut, "_process", None)  # a submitit-local job's controller
        if proc is not None:
            # submitit's own cancel (SIGINT) makes each controller print a
            # traceback and wait a second; killing the job's tree does neither.
            kill_tree(proc.pid)
            proc.wait()
        else:  # a Slurm job: scancel
            with contextlib.suppress(Exception):
                fut.cancel(check=False)


# Seconds: the longest the sweep's loop waits before it looks at recorded signals again.
WAKE_S = 1.0


def _wait_any(futures: list[Any], poll_s: float = 0.5) -> list[Any]:
    """The done futures, after waiting at most :data:`WAKE_S` seconds for one (maybe none).

    Local-pool futures are waited on through their pool; submitit jobs and
    inline results only offer ``done()``, so those are polled every ``poll_s``.
    The wait is bounded so that the sweep's loop sees a recorded interrupt
    (:func:`~negresults.interrupts.interrupts_recorded`) even if Python dropped
    its exception.
    """
    if futures and all(isinstance(f, PoolFuture) for f in futures):
        return futures[0]._pool.wait_any(futures, timeout=WAKE_S)
    if futures and all(isinstance(f, cf.Future) for f in futures):
        done, _ = cf.wait(futures, timeout=WAKE_S, return_when=cf.FIRST_COMPLETED)
        return [f for f in futures if f in done]  # keep submission order
    deadline = time.monotonic() + WAKE_S
    while True:
        done = [f for f in futures if f.done()]
        if done or not futures or time.monotonic() >= deadline:
            return done
        time.sleep(poll_s)


__all__ = [
    "EXECUTORS",
    "Failure",
    "LocalPool",
    "SlurmOptions",
    "SweepInterrupted",
    "SweepReport",
    "WorkerDied",
    "check_executor",
    "make_executor",
    "run_tasks",
]


# -- a plan in this process: what pages, summaries and the book call --------
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
    plan: Sequence[Sequence[Task]],
    store: ResultStore | None = None,
    progress: bool = True,
    desc: str = "runs",
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
