"""Fan a plan of tasks out over an executor: one code path from laptop to cluster.

Every executor offers ``submit(fn, *args) -> future-like`` with ``.result()``:

- ``inline``: in this process, one task after another (debugging, notebooks);
- ``local``: a process pool over this machine's cores (``concurrent.futures``);
- ``submitit-local``: submitit's local executor (what the tests use to exercise
  the submitit path without a cluster);
- ``slurm``: submitit on a Slurm cluster; workers write to the same store, so
  the store folder must be on storage they share.

Tasks already in the store are skipped; a failing task is reported with its
error and does not stop the others.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing as mp
import os
import shutil
import subprocess
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tqdm.auto import tqdm

from negresults.config import ConfigError
from negresults.devices import cpu_count, set_threads, threads_per_worker
from negresults.store import ResultStore, StoreError
from negresults.tasks import Task, execute

EXECUTORS = ("inline", "local", "submitit-local", "slurm")


@dataclass
class Failure:
    label: str
    error: str


@dataclass
class SweepReport:
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return f"{len(self.ran)} ran, {len(self.skipped)} already stored, {len(self.failed)} failed"


def _work(task: Task, store_root: str, threads: int) -> str | None:
    """Run one task in a worker; return an error text instead of raising."""
    set_threads(threads)
    try:
        execute(task, ResultStore(store_root))
        return None
    except Exception as err:  # noqa: BLE001 - reported, not swallowed
        return f"{type(err).__name__}: {err}\n{traceback.format_exc(limit=-3)}"


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


def check_executor(name: str, store: ResultStore, slurm: SlurmOptions | None = None) -> None:
    """Refuse an unusable executor or store before anything is submitted."""
    if name not in EXECUTORS:
        raise ConfigError(f"unknown executor {name!r}; valid choices: {', '.join(EXECUTORS)}")
    try:
        store.check_writable()
    except StoreError as err:
        raise ConfigError(str(err)) from None
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


def make_executor(name: str, workers: int, slurm: SlurmOptions | None = None) -> Any:
    if name == "inline":
        return _InlineExecutor()
    if name == "local":
        # forkserver: torch in a forked child of a threaded parent can deadlock.
        return cf.ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("forkserver"))
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
) -> SweepReport:
    """Run ``plan`` on ``executor``; skip stored runs; collect failures.

    A task starts once what it waits for has finished (see
    :attr:`Task.needs <negresults.tasks.Task.needs>`): by default every
    earlier stage, or only the tasks it names, so that a pool never sits
    idle behind a stage barrier it does not need.

    Each worker uses ``threads`` threads (default: the cores split evenly
    between the workers; on Slurm, the cores each job asks for).
    """
    store = store or ResultStore()
    check_executor(executor, store, slurm)
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
    tasks, deps = _dependencies(plan)
    ex = make_executor(executor, workers, slurm)
    waiting: dict[int, Task] = {}
    running: dict[Any, int] = {}  # future -> task index
    finished: set[int] = set()
    try:
        with tqdm(total=len(tasks), desc=f"runs ({executor})", disable=not progress) as bar:
            for i, task in enumerate(tasks):
                if store.get(task.kind, task.config) is not None:
                    report.skipped.append(task.label)
                    finished.add(i)
                    bar.update()
                else:
                    waiting[i] = task
            while waiting or running:
                # Submit in plan order whatever has its needs finished; a
                # failed need does not block (the task then reports its own error).
                for i in [i for i in waiting if deps[i] <= finished]:
                    running[ex.submit(_work, waiting.pop(i), str(store.root), threads)] = i
                for fut in _wait_any(list(running)):
                    i = running.pop(fut)
                    try:
                        err = fut.result()
                    except Exception as exc:  # noqa: BLE001 - a worker or job died
                        err = f"{type(exc).__name__}: {exc}"
                    if err is None:
                        report.ran.append(tasks[i].label)
                    else:
                        report.failed.append(Failure(tasks[i].label, err))
                    finished.add(i)
                    bar.update()
    finally:
        if hasattr(ex, "shutdown"):
            ex.shutdown()
    return report


def _dependencies(plan: Sequence[Sequence[Task]]) -> tuple[list[Task], list[set[int]]]:
    """Flatten ``plan``; for each task, the indices of the tasks it waits for.

    A task without ``needs`` waits for every earlier stage. A task with
    ``needs`` waits only for those of them that come earlier in the plan; any
    other is the runner's business (it reads or computes it through the
    store). Dependencies thus always point backwards, so there is no cycle.
    """
    tasks: list[Task] = []
    deps: list[set[int]] = []
    index: dict[tuple[str, str], int] = {}
    earlier: set[int] = set()
    for stage in plan:
        this_stage: set[int] = set()
        for task in stage:
            i = len(tasks)
            tasks.append(task)
            index.setdefault(task.key, i)
            this_stage.add(i)
            if task.needs is None:
                deps.append(set(earlier))
            else:
                deps.append({index[n.key] for n in task.needs if n.key in index})
        earlier |= this_stage
    return tasks, deps


def _wait_any(futures: list[Any], poll_s: float = 0.5) -> list[Any]:
    """Block until at least one future is done; return the done ones.

    Process-pool futures are waited on directly; submitit jobs and inline
    results only offer ``done()``, so those are polled.
    """
    if all(isinstance(f, cf.Future) for f in futures):
        done, _ = cf.wait(futures, return_when=cf.FIRST_COMPLETED)
        return [f for f in futures if f in done]  # keep submission order
    while True:
        done = [f for f in futures if f.done()]
        if done:
            return done
        time.sleep(poll_s)


def default_workers() -> int:
    return int(os.environ.get("NEGRESULTS_WORKERS", "0")) or cpu_count()


__all__ = ["EXECUTORS", "SlurmOptions", "SweepReport", "run_tasks", "check_executor"]
