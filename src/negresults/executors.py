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
that killed it. Two sweeps of one plan into one store split the work: a task
another process is computing is put back in the queue, and once nothing else
is left it waits for that run to land. Ctrl-C or SIGTERM cancels what runs,
stops the workers and raises :class:`SweepInterrupted`, whose one-line text
says how many runs landed and how many remain.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import heapq
import multiprocessing as mp
import multiprocessing.connection as mp_connection
import os
import shutil
import signal
import subprocess
import threading
import time
import traceback
import weakref
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.reduction import ForkingPickler
from typing import Any

from tqdm.auto import tqdm

from negresults.config import ConfigError
from negresults.devices import cpu_count, set_threads, threads_per_worker
from negresults.store import ResultStore, RunBusy, StoreError
from negresults import tasks
from negresults.tasks import Task

EXECUTORS = ("inline", "local", "submitit-local", "slurm")

# What _work reports about one task.
RAN, STORED, BUSY, FAILED = "ran", "stored", "busy", "failed"


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


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped :func:`run_tasks` after it cleaned up.

    ``str(err)`` is the line to print ("N runs landed, M remain"); ``landed``
    counts the plan's runs now in the store (stored before or during this
    sweep), ``remaining`` the others. A KeyboardInterrupt, so code that
    catches ``Exception`` does not swallow it.
    """

    def __init__(self, landed: int, remaining: int, signum: int, report: SweepReport):
        super().__init__(f"{landed} runs landed, {remaining} remain")
        self.landed = landed
        self.remaining = remaining
        self.signum = signum
        self.report = report

    @property
    def exit_code(self) -> int:
        """The shell's convention for a process ended by ``signum`` (130 for Ctrl-C)."""
        return 128 + self.signum


class WorkerDied(RuntimeError):
    """A pool worker process ended while it ran a task (killed, out of memory, crashed)."""


def _work(
    task: Task, store: ResultStore | str, threads: int, wait: bool = True
) -> tuple[str, str | None]:
    """Run one task in a worker; return (RAN | STORED | BUSY | FAILED, error text) instead of raising.

    STORED: another process landed the run while this one waited for it.
    BUSY (only with ``wait=False``): another process is computing it now.
    """
    set_threads(threads)
    store = store if isinstance(store, ResultStore) else ResultStore(store)
    computed = False
    try:
        def compute() -> Any:
            nonlocal computed
            computed = True
            return tasks.compute(task, store)

        # What tasks.execute does, plus telling a computed run from one that
        # another sweep landed first.
        store.get_or_run(task.kind, task.config, compute, wait=wait)
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


# -- the local process pool ----------------------------------------------


class _PoolFuture:
    """The future of one task of a :class:`LocalPool`; waiting on it drives the pool."""

    def __init__(self, pool: LocalPool):
        self._pool = pool
        self._state = "queued"  # -> running -> finished | cancelled
        self._value: Any = None
        self._error: BaseException | None = None

    def done(self) -> bool:
        return self._state in ("finished", "cancelled")

    def result(self) -> Any:
        while not self.done():
            self._pool.poll()
        if self._state == "cancelled":
            raise cf.CancelledError()
        if self._error is not None:
            raise self._error
        return self._value

    def cancel(self) -> bool:
        """Cancel a task that has not started; a running one only stops with its worker."""
        return self._pool._unqueue(self)

    def _finish(self, value: Any = None, error: BaseException | None = None) -> None:
        self._state, self._value, self._error = "finished", value, error


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Any
    lifeline: Any  # the parent's end, never written; see _die_with_parent
    future: _PoolFuture | None = None


def _worker_main(conn: Any, lifeline: Any) -> None:
    # Ctrl-C reaches the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_die_with_parent, args=(lifeline,), daemon=True).start()
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        except Exception as err:  # noqa: BLE001 - e.g. the task's module cannot be imported
            conn.send((False, RuntimeError(f"task could not be unpickled: {err!r}")))
            continue
        if msg is None:
            return
        fn, args = msg
        try:
            out = (True, fn(*args))
        except BaseException as err:  # noqa: BLE001 - sent to the parent
            out = (False, err)
        try:
            conn.send(out)
        except Exception as err:  # noqa: BLE001 - an unpicklable result or error
            conn.send((False, RuntimeError(f"task result could not be sent back: {err!r}")))


def _die_with_parent(lifeline: Any) -> None:
    """End this worker as soon as the process that started it is gone, however it died.

    The parent never writes to ``lifeline``; the read returns (EOF) only when
    the parent's end is closed, by its exit or by a SIGKILL. A worker's OS
    parent is the forkserver, which itself lives on while any worker does, so
    PR_SET_PDEATHSIG would never fire.
    """
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv_bytes()
    os._exit(70)


def death_cause(exitcode: int | None, who: str = "worker process") -> str:
    """One line saying how a process that owed a result ended (``exitcode`` as multiprocessing gives it)."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = "unknown signal"
        hint = ", which is what the out-of-memory killer sends" if -exitcode == 9 else ""
        return f"{who} killed by signal {-exitcode} ({name}{hint})"
    if exitcode is None:
        return f"{who} closed its pipe and stopped answering"
    return f"{who} exited with code {exitcode} before returning a result"


class LocalPool:
    """A process pool in which a dead worker fails only the task it held.

    :class:`concurrent.futures.ProcessPoolExecutor` breaks as a whole when one
    worker dies: every running and queued future fails with
    ``BrokenProcessPool`` and the other workers are terminated mid-run. Here
    each worker runs one task at a time over its own pipe, so a death is
    seen by its process sentinel, that task fails with the signal, and a new
    worker takes the next task. Waiting on the futures drives the pool (no
    background thread), and workers ignore SIGINT: :meth:`terminate` stops them.
    """

    def __init__(self, max_workers: int, mp_context: Any = None):
        if max_workers < 1:
            raise ValueError(f"max_workers must be at least 1, got {max_workers!r}")
        # forkserver: torch in a forked child of a threaded parent can deadlock.
        self._ctx = mp_context or mp.get_context("forkserver")
        self._max = max_workers
        self._workers: list[_Worker] = []
        self._queue: deque[tuple[_PoolFuture, Any, tuple[Any, ...]]] = deque()
        self._closed = False
        # Runs at interpreter exit too, before multiprocessing joins its
        # children, which would otherwise wait forever on idle workers.
        self._finalizer = weakref.finalize(self, _kill_workers, self._workers, 0.0)

    @property
    def pids(self) -> list[int]:
        return [w.process.pid for w in self._workers]

    def submit(self, fn: Any, *args: Any) -> _PoolFuture:
        if self._closed:
            raise RuntimeError("cannot submit to a LocalPool that was shut down")
        fut = _PoolFuture(self)
        self._queue.append((fut, fn, args))
        self._dispatch()
        return fut

    def wait_any(
        self, futures: Sequence[_PoolFuture], timeout: float | None = None
    ) -> list[_PoolFuture]:
        """The done ones of ``futures``, in order, once one is done (or ``timeout`` s passed)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            done = [f for f in futures if f.done()]
            if done or not futures:
                return done
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return done
            self.poll(left)

    def poll(self, timeout: float | None = None) -> None:
        """Wait for the next result or worker death (at most ``timeout`` s) and handle it."""
        if not self._workers:
            self._dispatch()
            if not self._workers:
                return
        waitables: dict[Any, _Worker] = {}
        for w in self._workers:
            waitables[w.process.sentinel] = w
            if w.future is not None:
                waitables[w.conn] = w
        ready = mp_connection.wait(list(waitables), timeout)
        # Results before deaths: a worker may send its result and then die.
        ready.sort(key=lambda r: isinstance(r, int))
        for r in ready:
            w = waitables[r]
            if w not in self._workers:
                continue
            if isinstance(r, int):
                self._reap(w)
            else:
                self._receive(w)
        self._dispatch()

    def _start_worker(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        life_r, life_w = self._ctx.Pipe(duplex=False)
        # daemon: should a worker ever outlive the pool's own cleanup (an
        # interrupt landing mid-start, say), multiprocessing's exit handler
        # terminates it instead of joining it forever. Runners start no
        # processes of their own, which daemonic workers could not.
        proc = self._ctx.Process(
            target=_worker_main, args=(child, life_r), name="negresults-worker", daemon=True
        )
        proc.start()
        child.close()
        life_r.close()
        w = _Worker(proc, parent, life_w)
        self._workers.append(w)
        return w

    def _dispatch(self) -> None:
        while self._queue:
            worker = next((w for w in self._workers if w.future is None), None)
            if worker is None:
                if len(self._workers) >= self._max:
                    return
                worker = self._start_worker()
            fut, fn, args = self._queue.popleft()
            try:
                payload = ForkingPickler.dumps((fn, args))
            except Exception as err:  # noqa: BLE001 - the task's own failure
                fut._finish(error=err)
                continue
            try:
                worker.conn.send_bytes(payload)
            except OSError:  # it died while idle: another worker takes the task
                self._queue.appendleft((fut, fn, args))
                self._reap(worker)
                continue
            worker.future = fut
            fut._state = "running"

    def _receive(self, w: _Worker) -> None:
        try:
            ok, value = w.conn.recv()
        except (EOFError, OSError):
            self._reap(w)
            return
        except Exception as err:  # noqa: BLE001 - an error the parent cannot unpickle
            ok, value = False, RuntimeError(f"task result could not be read: {err!r}")
        fut, w.future = w.future, None
        if fut is None:
            return
        if ok:
            fut._finish(value=value)
        else:
            fut._finish(error=value)

    def _reap(self, w: _Worker) -> None:
        w.process.join(timeout=5)
        exitcode = w.process.exitcode  # None: alive but mute, so killed below by us
        if exitcode is None:
            w.process.kill()
            w.process.join()
        self._workers.remove(w)
        for end in (w.conn, w.lifeline):
            with contextlib.suppress(OSError):
                end.close()
        if w.future is not None:
            cause = death_cause(exitcode, f"worker process {w.process.pid}")
            w.future._finish(error=WorkerDied(cause))
            w.future = None

    def _unqueue(self, fut: _PoolFuture) -> bool:
        for item in self._queue:
            if item[0] is fut:
                self._queue.remove(item)
                fut._state = "cancelled"
                return True
        return fut._state == "cancelled"

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop the workers once their tasks are done (``wait``), or now."""
        if cancel_futures:
            for fut, _, _ in list(self._queue):
                self._unqueue(fut)
        if wait:
            while self._queue or any(w.future is not None for w in self._workers):
                self.poll()
        self._closed = True
        _kill_workers(self._workers, grace_s=5.0, polite=True)

    def terminate(self, grace_s: float = 3.0) -> None:
        """Cancel every task and stop every worker: SIGTERM, then SIGKILL after ``grace_s``."""
        self._closed = True
        for fut, _, _ in list(self._queue):
            self._unqueue(fut)
        busy = [w.future for w in self._workers if w.future is not None]
        _kill_workers(self._workers, grace_s)
        for fut in busy:
            fut._state = "cancelled"


def _kill_workers(workers: list[_Worker], grace_s: float, polite: bool = False) -> None:
    """Stop ``workers`` (asked to exit when idle and ``polite``, else SIGTERM); SIGKILL after ``grace_s``."""
    for w in workers:
        with contextlib.suppress(OSError, ValueError):
            if polite and w.future is None:
                w.conn.send(None)
            else:
                w.process.terminate()
    deadline = time.monotonic() + grace_s
    for w in workers:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            w.process.join(max(0.0, deadline - time.monotonic()))
            if w.process.exitcode is None:
                w.process.kill()
                w.process.join()
        for end in (w.conn, w.lifeline):
            with contextlib.suppress(OSError):
                end.close()
    workers.clear()


# -- executors ------------------------------------------------------------


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
) -> SweepReport:
    """Run ``plan`` on ``executor``; skip stored runs; collect failures.

    A task starts once what it waits for has finished (see
    :attr:`Task.needs <negresults.tasks.Task.needs>`): by default every
    earlier stage, or only the tasks it names, so that a pool never sits
    idle behind a stage barrier it does not need.

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
    schedule = _Schedule(plan)
    tasks = schedule.tasks
    # Refuse an unwritable store in one line before any progress bar or run
    # starts (a complete store is only read, so it may be read-only).
    if not all(store.contains(t.kind, t.config) for t in tasks):
        _check_store_for_writing(store)
    ex: Any = None
    running: dict[Any, int] = {}  # future -> task index
    try:
        with (
            _interrupts_recorded() as signalled,
            tqdm(total=len(tasks), desc=f"runs ({executor})", disable=not progress) as bar,
        ):
            # Indices whose needs are finished, smallest (earliest in the plan) first.
            ready: list[int] = schedule.start()
            heapq.heapify(ready)
            waiting: set[int] = set()
            for i, task in enumerate(tasks):
                if store.get(task.kind, task.config) is not None:
                    report.skipped.append(task.label)
                    for j in schedule.finish(i):
                        heapq.heappush(ready, j)
                    bar.update()
                else:
                    waiting.add(i)
            if not waiting:
                return report
            _check_store_for_writing(store)
            store.remove_stale_tmp()
            ex = make_executor(executor, workers, slurm)
            contended: set[int] = set()  # found busy once: wait for it next time
            while waiting or running:
                _raise_if_signalled(signalled)
                # Submit in plan order whatever has its needs finished; a
                # failed need does not block (the task then reports its own error).
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
                    for j in schedule.finish(i):
                        heapq.heappush(ready, j)
                    bar.update()
    except KeyboardInterrupt as exc:
        with _signals_ignored():  # a second Ctrl-C must not cut the cleanup short
            _cancel(ex, running)
            ex = None
            landed = sum(store.contains(t.kind, t.config) for t in tasks)
        signum = int(getattr(exc, "signum", signal.SIGINT))
        raise SweepInterrupted(landed, len(tasks) - landed, signum, report) from None
    except BaseException:
        # Not an orderly end: waiting for the running tasks could take hours.
        with _signals_ignored():
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
            _kill_tree(proc.pid)
            proc.wait()
        else:  # a Slurm job: scancel
            with contextlib.suppress(Exception):
                fut.cancel(check=False)


def _kill_tree(pid: int) -> None:
    """SIGKILL ``pid`` and every process below it (found through Linux's /proc)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        with contextlib.suppress(OSError, ValueError):
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
    for p in found:  # the parent first, so that it starts nothing new
        with contextlib.suppress(OSError):
            os.kill(p, signal.SIGKILL)


class _Terminated(KeyboardInterrupt):
    signum = signal.SIGTERM


@contextlib.contextmanager
def _interrupts_recorded() -> Iterator[list[int]]:
    """Within the block, SIGTERM unwinds like Ctrl-C, and both are recorded.

    Without the SIGTERM handler, SIGTERM ends the process at once and its
    workers train on. The record is for an interrupt Python loses: a signal
    handler's exception is raised wherever the main thread happens to be, and
    inside a finaliser or a garbage-collection callback it is printed and
    dropped. The sweep's wait loop wakes at least every :data:`WAKE_S` seconds
    and raises any recorded signal again (:func:`_raise_if_signalled`).
    """
    pending: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield pending
        return

    def handler(signum: int, frame: Any) -> None:
        pending.append(signum)
        _raise_if_signalled(pending)

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield pending
    finally:
        for s, h in old.items():
            signal.signal(s, h if h is not None else signal.SIG_DFL)


def _raise_if_signalled(pending: list[int]) -> None:
    if pending:
        raise _Terminated() if pending[-1] == signal.SIGTERM else KeyboardInterrupt()


@contextlib.contextmanager
def _signals_ignored() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h if h is not None else signal.SIG_DFL)


class _Schedule:
    """Which tasks of a plan may start, updated in constant time per finished task.

    A task without ``needs`` waits for every earlier stage (a barrier); a
    task with ``needs`` waits only for those of them that come earlier in the
    plan; any other is the runner's business (it reads or computes it through
    the store). Dependencies thus always point backwards, so there is no
    cycle. Counters instead of sets of earlier indices keep a plan of n tasks
    at O(n) work: copying "every earlier task" into each task's dependency
    set made a sweep of 10,000 seeds spend minutes before its first run.
    """

    def __init__(self, plan: Sequence[Sequence[Task]]):
        self.tasks: list[Task] = []
        self._stage_of: list[int] = []
        self._barrier: list[list[int]] = []  # per stage: its tasks without needs
        self._left: list[int] = []  # per stage: tasks not yet finished
        self._missing: dict[int, int] = {}  # task with needs -> needs not yet finished
        self._dependents: dict[int, list[int]] = {}
        self._finished: set[int] = set()
        index: dict[tuple[str, str], int] = {}
        for s, stage in enumerate(plan):
            self._barrier.append([])
            self._left.append(0)
            for task in stage:
                i = len(self.tasks)
                self.tasks.append(task)
                self._stage_of.append(s)
                self._left[s] += 1
                if task.needs is None:
                    self._barrier[s].append(i)
                else:
                    needs = {index[n.key] for n in task.needs if n.key in index}
                    self._missing[i] = len(needs)
                    for j in needs:
                        self._dependents.setdefault(j, []).append(i)
                index.setdefault(task.key, i)
        self._done_stages = 0  # stages before this one are finished
        self._released = 0  # stages whose barrier tasks were handed out

    def start(self) -> list[int]:
        """The tasks that may start before anything has finished."""
        return [i for i, m in self._missing.items() if m == 0] + self._release()

    def finish(self, i: int) -> list[int]:
        """Mark task ``i`` finished (whatever its outcome); return the tasks it frees."""
        if i in self._finished:
            return []
        self._finished.add(i)
        self._left[self._stage_of[i]] -= 1
        freed = []
        for d in self._dependents.get(i, ()):
            self._missing[d] -= 1
            if self._missing[d] == 0:
                freed.append(d)
        return freed + self._release()

    def _release(self) -> list[int]:
        n = len(self._left)
        while self._done_stages < n and self._left[self._done_stages] == 0:
            self._done_stages += 1
        freed = []
        # Barrier tasks of stage s may start once every stage before s is finished.
        while self._released < n and self._released <= self._done_stages:
            freed += self._barrier[self._released]
            self._released += 1
        return freed


# Seconds: the longest the sweep's loop waits before it looks at recorded signals again.
WAKE_S = 1.0


def _wait_any(futures: list[Any], poll_s: float = 0.5) -> list[Any]:
    """The done futures, after waiting at most :data:`WAKE_S` seconds for one (maybe none).

    Local-pool futures are waited on through their pool; submitit jobs and
    inline results only offer ``done()``, so those are polled every ``poll_s``.
    The wait is bounded so that the sweep's loop sees a recorded interrupt
    (:func:`_interrupts_recorded`) even if Python dropped its exception.
    """
    if futures and all(isinstance(f, _PoolFuture) for f in futures):
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


def default_workers() -> int:
    return int(os.environ.get("NEGRESULTS_WORKERS", "0")) or cpu_count()


__all__ = [
    "EXECUTORS",
    "LocalPool",
    "SlurmOptions",
    "SweepInterrupted",
    "SweepReport",
    "WorkerDied",
    "check_executor",
    "make_executor",
    "run_tasks",
]
