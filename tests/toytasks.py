"""Toy runners for the executor tests: no training, each a few lines.

Worker processes import this module by name (pool workers through the
parent's sys.path, submitit jobs through PYTHONPATH, which the tests point at
this folder), so the runners are registered there as well.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import torch
from tqdm.auto import tqdm

from negresults.runners import RunOutput, runner


@runner("toy/square")
def square(config, inputs):
    return RunOutput(metrics={"y": config["x"] ** 2})


@runner("toy/picky-square")
def picky_square(config, inputs):
    """Squares ``x``, except 3, which it refuses (a run that fails)."""
    if config["x"] == 3:
        raise ValueError("x=3 is refused on purpose")
    return RunOutput(metrics={"y": config["x"] ** 2})


@runner("toy/threads")
def threads(config, inputs):
    """Which process ran it, with how many torch threads."""
    return RunOutput(metrics={"pid": os.getpid(), "threads": torch.get_num_threads()})


@runner("toy/own-threads")
def own_threads(config, inputs):
    """Runs under its config's thread count, as the studies' runners do, and says it."""
    from negresults.training import run_threads

    with run_threads(config) as n:
        return RunOutput(metrics={"threads": torch.get_num_threads(), "applied": n})


@runner("toy/total")
def total(config, inputs):
    """The sum of its needs' ``y``, and the ``x`` of each need in the order it got them."""
    return RunOutput(
        metrics={
            "sum": sum(r.metrics["y"] for r in inputs),
            "order": [r.config["x"] for r in inputs],
        }
    )


@runner("toy/wait-for-file")
def wait_for_file(config, inputs):
    """Holds a worker until another task writes the file (or gives up)."""
    deadline = time.monotonic() + config["timeout_s"]
    while not Path(config["file"]).exists():
        if time.monotonic() > deadline:
            raise TimeoutError("nobody released " + config["file"])
        time.sleep(0.05)
    return RunOutput(metrics={"released": 1})


@runner("toy/write-file")
def write_file(config, inputs):
    Path(config["file"]).write_text("go")
    return RunOutput(metrics={"wrote": 1})


@runner("toy/dies")
def dies(config, inputs):
    """Dies the way the out-of-memory killer ends a worker, unless released."""
    if not Path(config["spare_if"]).exists():
        if config["how"] == "sigkill":
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(3)
    return RunOutput(metrics={"spared": 1})


@runner("toy/holds")
def holds(config, inputs):
    """Marks that it started, then runs until stopped (a long training)."""
    # As a training loop does: a progress bar, even a disabled one, takes tqdm's lock.
    with tqdm(total=1, disable=True):
        pass
    Path(config["dir"], f"started-{config['n']}-{os.getpid()}").write_text("")
    deadline = time.monotonic() + config["hold_s"]
    while time.monotonic() < deadline:
        time.sleep(0.02)
    Path(config["dir"], f"finished-{config['n']}").write_text("")
    return RunOutput(metrics={"n": config["n"]})


@runner("toy/interrupts")
def interrupts(config, inputs):
    """What Ctrl-C does to an inline run: KeyboardInterrupt in the middle of it."""
    raise KeyboardInterrupt
