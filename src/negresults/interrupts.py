"""Ctrl-C and SIGTERM during a sweep: recorded, raised where the sweep can act, not lost.

A sweep installs :func:`interrupts_recorded` around its wait loop: SIGTERM
then unwinds like Ctrl-C (without the handler it ends the process at once and
its workers train on), and both are recorded, so that an interrupt Python
drops (raised inside a finaliser or a garbage-collection callback, printed and
lost) is raised again the next time the loop wakes
(:func:`raise_if_signalled`). :func:`signals_ignored` keeps a second Ctrl-C
from cutting the cleanup short, and :class:`SweepInterrupted` is what the
sweep raises once it cleaned up.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from negresults.schedule import SweepReport


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped :func:`~negresults.executors.run_tasks` after it cleaned up.

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


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that the same cleanup runs; ``signum`` says which."""

    signum = signal.SIGTERM


def signum_of(exc: KeyboardInterrupt) -> int:
    """The signal an interrupt stands for: SIGTERM for :class:`Terminated`, else SIGINT."""
    return int(getattr(exc, "signum", signal.SIGINT))


@contextlib.contextmanager
def interrupts_recorded() -> Iterator[list[int]]:
    """Within the block, SIGTERM unwinds like Ctrl-C, and both are recorded.

    Yields the record: the signals received, for :func:`raise_if_signalled`.
    Outside the main thread (where Python allows no handler) it records nothing.
    """
    pending: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield pending
        return

    def handler(signum: int, frame: Any) -> None:
        pending.append(signum)
        raise_if_signalled(pending)

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield pending
    finally:
        for s, h in old.items():
            signal.signal(s, h if h is not None else signal.SIG_DFL)


def raise_if_signalled(pending: list[int]) -> None:
    """Raise the interrupt the last recorded signal stands for, if any was recorded."""
    if pending:
        raise Terminated() if pending[-1] == signal.SIGTERM else KeyboardInterrupt()


@contextlib.contextmanager
def signals_ignored() -> Iterator[None]:
    """Within the block, Ctrl-C and SIGTERM are ignored (a cleanup that must finish)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h if h is not None else signal.SIG_DFL)
