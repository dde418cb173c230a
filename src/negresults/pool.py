"""A process pool in which a dead worker fails only the task it held (:class:`LocalPool`).

The ``local`` executor of :mod:`negresults.executors`. Each worker runs one
task at a time over its own pipe; a worker that dies (the out-of-memory
killer, a stray ``kill -9``) fails its task with :class:`WorkerDied`, whose
text names the signal, and a new worker takes the next task. Workers ignore
Ctrl-C (the parent decides what stops) and end as soon as the parent is gone,
however it died.

Why not pebble's ``ProcessPool``: its workers take tasks from one shared
channel under a lock, so a worker killed while it holds the lock (in the
middle of reading its task) stalls the others until a timeout breaks the
whole pool, turning one out-of-memory kill into many failed runs.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing as mp
import multiprocessing.connection as mp_connection
import os
import signal
import threading
import time
import weakref
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.reduction import ForkingPickler
from typing import Any

from tqdm.auto import tqdm


class WorkerDied(RuntimeError):
    """A pool worker process ended while it ran a task (killed, out of memory, crashed)."""


class PoolFuture:
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
    future: PoolFuture | None = None


def _worker_main(conn: Any, lifeline: Any) -> None:
    # Ctrl-C reaches the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # tqdm guards its bars with a multiprocessing lock, a named semaphore the
    # resource tracker watches; a worker killed on Ctrl-C never unlinks it, and
    # the tracker then warns about "leaked semaphore objects" as the sweep
    # ends. One process draws no bars in parallel, so a thread lock does.
    tqdm.set_lock(threading.RLock())
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
        self._queue: deque[tuple[PoolFuture, Any, tuple[Any, ...]]] = deque()
        self._closed = False
        # Runs at interpreter exit too, before multiprocessing joins its
        # children, which would otherwise wait forever on idle workers.
        self._finalizer = weakref.finalize(self, _kill_workers, self._workers, 0.0)

    @property
    def pids(self) -> list[int]:
        return [w.process.pid for w in self._workers]

    def submit(self, fn: Any, *args: Any) -> PoolFuture:
        if self._closed:
            raise RuntimeError("cannot submit to a LocalPool that was shut down")
        fut = PoolFuture(self)
        self._queue.append((fut, fn, args))
        self._dispatch()
        return fut

    def wait_any(
        self, futures: Sequence[PoolFuture], timeout: float | None = None
    ) -> list[PoolFuture]:
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

    def _unqueue(self, fut: PoolFuture) -> bool:
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


def kill_tree(pid: int) -> None:
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
