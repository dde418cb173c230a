"""Which tasks of a plan may start, and which never will because a run they need failed.

A plan is a list of stages. A task with ``needs=None`` waits for every task of
the earlier stages (a barrier); a task with a tuple of needs waits only for
those of them that the plan holds (a need outside the plan is the runner's
business: :func:`negresults.tasks.compute` finds it in the store or fails).
The graph goes to :class:`graphlib.TopologicalSorter`; a barrier is one node
per stage ("every task of stages up to s"), so a plan of n tasks has O(n)
edges, not one edge from each task to every earlier one (which made a sweep
of 10,000 seeds spend minutes before its first run).

Since a need may name any task of the plan, a plan can go in a circle; it is
refused in one line, naming the tasks, before anything starts. A task whose
need failed, or was itself skipped for that reason, is never started: it is
reported as blocked, with the reason. A task already in the store counts as
finished from the start, whatever became of its needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from graphlib import CycleError, TopologicalSorter

from negresults.config import ConfigError
from negresults.tasks import Task

# Nodes: a task is its index in the plan (>= 0); stage s's barrier node is -(s + 1),
# finished once every task of stages 0..s is.


def _barrier(stage: int) -> int:
    return -(stage + 1)


class Schedule:
    """The dependency graph of ``plan``, and, once started, the tasks ready to run.

    :meth:`start` with the tasks already stored, then :meth:`finish` each
    task as it ends; both return the tasks that may start now, in plan order.
    Tasks found blocked on the way are in :meth:`pop_blocked`.
    """

    def __init__(self, plan: Sequence[Sequence[Task]]):
        self.tasks: list[Task] = [t for stage in plan for t in stage]
        first: dict[tuple[str, str], int] = {}  # a run's key -> its first task in the plan
        for i, task in enumerate(self.tasks):
            first.setdefault(task.key, i)
        self._graph: dict[int, set[int]] = {}  # node -> what it waits for
        self._needs: list[list[int]] = []  # per task: its needs in the plan, declared order
        i = 0
        for s, stage in enumerate(plan):
            self._graph[_barrier(s)] = set(range(i, i + len(stage)))
            if s:
                self._graph[_barrier(s)].add(_barrier(s - 1))
            for task in stage:
                if task.needs is None:
                    self._needs.append([])
                    self._graph[i] = {_barrier(s - 1)} if s else set()
                else:
                    needs = [first[n.key] for n in task.needs if n.key in first]
                    self._needs.append(list(dict.fromkeys(needs)))
                    self._graph[i] = set(needs)
                i += 1
        try:
            TopologicalSorter(self._graph).prepare()
        except CycleError as err:
            raise ConfigError(self._describe_cycle(err.args[1])) from None
        self._sorter: TopologicalSorter[int] | None = None
        self._settled: set[int] = set()  # stored before the sweep
        self._finished: set[int] = set()
        self._failed: set[int] = set()
        self._blocked_by: dict[int, int] = {}  # blocked task -> the failed task behind it
        self._new_blocked: list[tuple[int, str]] = []

    def label(self, i: int) -> str:
        return self.tasks[i].label or self.tasks[i].kind

    def start(self, stored: Iterable[int] = ()) -> list[int]:
        """Begin with the tasks ``stored`` finished; return the tasks that may start."""
        self._settled = set(stored)
        # A stored task waits for nothing: its dependants may start at once.
        graph = {n: (set() if n in self._settled else w) for n, w in self._graph.items()}
        self._sorter = TopologicalSorter(graph)
        self._sorter.prepare()
        self._finished |= self._settled
        return self._drain()

    def finish(self, i: int, failed: bool = False) -> list[int]:
        """Mark task ``i`` finished (``failed`` or not); return the tasks it frees."""
        if self._sorter is None:
            raise RuntimeError("Schedule.finish before Schedule.start")
        if i in self._finished:
            return []
        self._finished.add(i)
        if failed:
            self._failed.add(i)
        self._sorter.done(i)
        return self._drain()

    def pop_blocked(self) -> list[tuple[int, str]]:
        """The tasks found blocked since the last call, each with its one-line reason."""
        out, self._new_blocked = self._new_blocked, []
        return out

    def _drain(self) -> list[int]:
        assert self._sorter is not None
        ready = []
        while nodes := self._sorter.get_ready():
            for n in nodes:
                if n < 0 or n in self._settled:
                    self._sorter.done(n)  # a stage's barrier passed; a stored task
                elif (reason := self._why_blocked(n)) is not None:
                    self._finished.add(n)
                    self._new_blocked.append((n, reason))
                    self._sorter.done(n)
                else:
                    ready.append(n)
        return sorted(ready)

    def _why_blocked(self, i: int) -> str | None:
        for j in self._needs[i]:
            if j in self._failed:
                self._blocked_by[i] = j
                return f"skipped: needs {self.label(j)}, which failed"
            if j in self._blocked_by:
                root = self._blocked_by[i] = self._blocked_by[j]
                return (
                    f"skipped: needs {self.label(j)}, which was skipped "
                    f"because {self.label(root)} failed"
                )
        return None

    def _describe_cycle(self, cycle: list[int]) -> str:
        """One line: the tasks of ``cycle`` (each a predecessor of the next), each needing the next."""
        path = list(reversed(cycle[:-1]))  # now each node waits for the next one
        start = path.index(min(n for n in path if n >= 0))  # the plan's earliest task
        path = path[start:] + path[:start] + [path[start]]
        words = [self.label(path[0])]
        k = 1
        while k < len(path):
            if path[k] >= 0:
                words.append(f"needs {self.label(path[k])}")
                k += 1
                continue
            while path[k] < 0:  # through one or more stage barriers to a task of a stage
                k += 1
            words.append(
                f"waits for every task of the earlier stages, {self.label(path[k])} among them"
            )
            k += 1
        tasks = sorted({self.label(n) for n in path if n >= 0})
        if len(tasks) == 1 and len(path) == 2:
            return f"task {tasks[0]} needs itself; nothing was started"
        return (
            f"the plan's tasks {', '.join(tasks)} depend on each other in a circle: "
            f"{words[0]} {', which '.join(words[1:])}; nothing was started"
        )


# -- what a sweep of the schedule reports ---------------------------------
@dataclass
class Failure:
    label: str
    error: str


@dataclass
class SweepReport:
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already stored
    failed: list[Failure] = field(default_factory=list)
    # Never started: a run they need failed (``error`` says which).
    blocked: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.blocked

    def summary(self) -> str:
        line = f"{len(self.ran)} ran, {len(self.skipped)} already stored, {len(self.failed)} failed"
        if self.blocked:
            line += f", {len(self.blocked)} skipped because a run they need failed"
        return line


def select(plan: Sequence[Sequence[Task]], patterns: Sequence[str]) -> list[list[Task]]:
    """The part of ``plan`` whose labels match any of ``patterns`` (shell-style, as
    :func:`fnmatch.fnmatchcase` reads them), with everything those tasks need.

    A matched task's declared needs come along, and theirs, so every run of the
    selection can start (a need left out would fail the run). A matched task with
    ``needs=None`` waits for every earlier stage, so those stages come along whole.
    Stage and plan order are kept; stages left empty are dropped.
    """
    keep: set[tuple[str, str]] = set()
    stack: list[Task] = []
    for s, stage in enumerate(plan):
        for task in stage:
            if any(fnmatchcase(task.label, p) for p in patterns):
                stack.append(task)
                if task.needs is None:
                    stack += [t for earlier in plan[:s] for t in earlier]
    while stack:
        task = stack.pop()
        if task.key not in keep:
            keep.add(task.key)
            stack.extend(task.needs or ())
    out = [[t for t in stage if t.key in keep] for stage in plan]
    return [stage for stage in out if stage]


def check_patterns(plans: Sequence[Sequence[Sequence[Task]]], patterns: Sequence[str]) -> None:
    """Refuse, in one line with examples of the labels, a pattern no task of ``plans`` matches."""
    labels = list(dict.fromkeys(t.label for plan in plans for stage in plan for t in stage))
    for pattern in patterns:
        if not any(fnmatchcase(label, pattern) for label in labels):
            step = max(1, len(labels) // 4)
            shown = ", ".join(labels[::step][:4])
            raise ConfigError(
                f"--only {pattern!r} matches no run of the plan; labels look like {shown} "
                "(a pattern matches whole labels: use * for the rest, and quote it)"
            )
