"""The runner contract: what a run computes from, what it returns, and the registry of runners.

A runner is a pure function ``fn(config, inputs) -> RunOutput``: ``config`` is
the run's resolved, JSON-ready config, ``inputs`` the stored runs it declared
it needs (``Task.needs``), in the order it declared them. It never submits,
executes or looks up other runs, so the plan lists every run a sweep stores.

Runners are Python objects, registered by name with :func:`runner` when their
module is imported (as timm registers models), so a task holds the function
itself and an editor can follow it. This module is part of every study's
compute closure (:mod:`negresults.runkeys`): it imports nothing from the
store, the scheduler or the report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # typing only: a runner reads stored runs, it never opens the store
    import pandas as pd

    from negresults.store import Run


@dataclass
class RunOutput:
    """What a run function returns; the store writes it atomically."""

    metrics: dict[str, Any]  # deterministic given the config: compared across runs
    history: pd.DataFrame | list[dict[str, Any]] | None = None
    info: dict[str, Any] = field(default_factory=dict)  # facts that vary (wall time, host)
    arrays: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    state_dicts: dict[str, dict[str, Any]] = field(default_factory=dict)


Runner = Callable[[Mapping[str, Any], Sequence["Run"]], RunOutput]

# name -> runner; filled by @runner when a study's compute/runners.py is imported.
RUNNERS: dict[str, Runner] = {}


def runner(name: str) -> Callable[[Runner], Runner]:
    """Register the decorated function as the runner called ``name`` (``<study>/<what>``)."""

    def register(fn: Runner) -> Runner:
        if RUNNERS.get(name, fn) is not fn and _qualname(RUNNERS[name]) != _qualname(fn):
            raise ValueError(f"runner {name!r} is registered twice: {_qualname(RUNNERS[name])}")
        RUNNERS[name] = fn
        fn.runner_name = name  # type: ignore[attr-defined]
        return fn

    return register


def name_of(fn: Any) -> str | None:
    """The registered name of ``fn``, or None when it is not a registered runner."""
    name = getattr(fn, "runner_name", None)
    return name if isinstance(name, str) and RUNNERS.get(name) is fn else None


def _qualname(fn: Any) -> str:
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', '?')}"
