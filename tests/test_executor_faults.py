"""Executors under faults: dying workers, Ctrl-C and SIGTERM, killed sweeps."""

import os
import signal
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import pytest
import toytasks as toy

from negresults.executors import SweepInterrupted, run_tasks
from negresults.store import ResultStore, RunOutput
from negresults.tasks import Task

TESTS = Path(__file__).resolve().parent  # where workers find toytasks' runners


@pytest.fixture
def workers_find_tests(monkeypatch, tmp_path):
    # submitit's jobs are fresh interpreters: they find toytasks by PYTHONPATH.
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])
    )
    monkeypatch.chdir(tmp_path)  # submitit's log folder goes here


def _squares(xs):
    return [Task("toy/square", {"x": x}, toy.square, f"x={x}") for x in xs]


# -- a dead worker is one failed run ---------------------------------------


@pytest.mark.faults
def test_a_killed_pool_worker_fails_only_its_run_and_the_pool_goes_on(tmp_path, workers_find_tests):
    spare = tmp_path / "spare"
    killed = [
        Task("toy/dies", {"how": h, "spare_if": str(spare)}, toy.dies, h)
        for h in ("sigkill", "exit")
    ]
    # Both workers die on their first task; their replacements run the rest.
    plan = [[*killed, *_squares([1, 2, 3, 4])]]
    store = ResultStore(tmp_path / "store")
    report = run_tasks(plan, store, executor="local", workers=2, progress=False)

    assert sorted(report.ran) == [f"x={x}" for x in range(1, 5)]
    errors = {f.label: f.error for f in report.failed}
    assert sorted(errors) == ["exit", "sigkill"]
    assert "killed by signal 9 (SIGKILL" in errors["sigkill"].splitlines()[0]
    assert "exited with code 3" in errors["exit"].splitlines()[0]
    assert all(store.get("toy/square", {"x": x}).metrics == {"y": x * x} for x in range(1, 5))

    # The dead workers held the runs' locks: nothing stale is left to block a rerun.
    spare.write_text("")
    again = run_tasks(plan, store, executor="inline", progress=False)
    assert sorted(again.ran) == ["exit", "sigkill"] and again.ok


@pytest.mark.faults
def test_a_killed_submitit_job_fails_only_its_run(tmp_path, workers_find_tests, monkeypatch):
    import submitit.local.local

    # submitit waits 15 s for a missing result in case a network filesystem
    # is slow to show it; a local folder has nothing to wait for.
    monkeypatch.setattr(submitit.local.local.LocalJob, "_results_timeout_s", 0)
    task = Task("toy/dies", {"how": "sigkill", "spare_if": str(tmp_path / "no")}, toy.dies)
    plan = [[*_squares([2]), Task(task.kind, task.config, task.runner, "sigkill")]]
    store = ResultStore(tmp_path / "store")
    report = run_tasks(plan, store, executor="submitit-local", workers=2, progress=False)
    assert report.ran == ["x=2"]
    assert [f.label for f in report.failed] == ["sigkill"]
    first_line = report.failed[0].error.splitlines()[0]
    assert "ended without a result" in first_line and "killed" in first_line
    assert store.get("toy/square", {"x": 2}).metrics == {"y": 4}


# -- interruption ----------------------------------------------------------


@pytest.mark.faults
def test_ctrl_c_during_an_inline_run_says_what_landed(tmp_path):
    plan = [[*_squares([1, 2]), Task("toy/stop", {}, toy.interrupts, "stop"), *_squares([3])]]
    store = ResultStore(tmp_path)
    store.put("toy/square", {"x": 9}, RunOutput(metrics={"y": 81}))
    with pytest.raises(SweepInterrupted) as err:
        run_tasks([*plan, _squares([9])], store, executor="inline", progress=False)
    assert str(err.value) == "3 runs landed, 2 remain"  # x=1, x=2, and x=9 from before
    assert (err.value.landed, err.value.remaining, err.value.exit_code) == (3, 2, 130)
    assert isinstance(err.value, KeyboardInterrupt)
    assert not store.contains("toy/square", {"x": 3})  # queued work did not start


SWEEP = textwrap.dedent(
    """
    import sys
    from negresults.executors import SweepInterrupted, run_tasks
    from negresults.store import ResultStore
    from negresults.tasks import Task
    from toytasks import holds, square

    root, marks, executor, n_quick, n_held = sys.argv[1:6]
    quick = [Task("toy/square", {"x": x}, square, f"x={x}") for x in range(int(n_quick))]
    held = [Task("toy/hold", {"n": n, "dir": marks, "hold_s": 120}, holds, f"hold{n}")
            for n in range(int(n_held))]
    try:
        run_tasks([quick, held], ResultStore(root), executor=executor, workers=2, progress=False)
    except SweepInterrupted as err:
        print(err, flush=True)
        sys.exit(err.exit_code)
    """
)


@pytest.mark.faults
def test_an_interrupt_python_drops_still_stops_the_sweep(tmp_path, monkeypatch):
    """Python raises a signal's KeyboardInterrupt wherever the main thread is; inside a
    finaliser it is printed and lost. The sweep must stop all the same."""
    import threading

    import negresults.executors as executors

    wait_any, dropped = executors._wait_any, []

    def drops_interrupts(futures, poll_s=0.5):
        try:
            return wait_any(futures, poll_s)
        except KeyboardInterrupt:
            dropped.append(True)  # what a finaliser would do with it
            return []

    monkeypatch.setattr(executors, "_wait_any", drops_interrupts)
    marks = tmp_path / "marks"
    marks.mkdir()
    held = [
        Task("toy/hold", {"n": n, "dir": str(marks), "hold_s": 120}, toy.holds, f"hold{n}")
        for n in range(2)
    ]

    def interrupt_once_both_run():
        if _wait_for(lambda: len(list(marks.glob("started-*"))) >= 2):
            os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=interrupt_once_both_run, daemon=True).start()
    with pytest.raises(SweepInterrupted) as err:
        run_tasks([held], ResultStore(tmp_path / "store"), executor="local", workers=2)
    assert dropped, "the interrupt reached the sweep's wait, where this test drops it"
    assert err.value.signum == signal.SIGINT
    assert not list(marks.glob("finished-*"))  # stopped, not waited out


def _descendants(pid):
    """Every process below ``pid`` now (Linux /proc)."""
    children = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                ppid = int((p / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(p.name))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def _alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has stopped; only its exit status is left


def _wait_for(predicate, timeout_s=60.0):
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.faults
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree in /proc")
@pytest.mark.parametrize(
    "executor,sig,quick,held",
    [
        ("local", signal.SIGINT, 3, 6),
        ("local", signal.SIGTERM, 3, 6),
        ("local", signal.SIGKILL, 3, 6),
        # Every submitit job is a fresh interpreter importing torch: keep them few.
        ("submitit-local", signal.SIGTERM, 0, 2),
    ],
)
def test_an_interrupted_sweep_stops_at_once_and_leaves_no_process_behind(
    tmp_path, workers_find_tests, executor, sig, quick, held
):
    marks, root = tmp_path / "marks", tmp_path / "store"
    marks.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-c", SWEEP, str(root), str(marks), executor, str(quick), str(held)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Interrupt once the quick runs landed and two held runs are running.
        if not _wait_for(lambda: len(list(marks.glob("started-*"))) >= 2):
            proc.kill()
            pytest.fail(f"no two held runs started: {proc.communicate()[1]}")
        tree = _descendants(proc.pid)
        workers = [int(p.name.rsplit("-", 1)[1]) for p in marks.glob("started-*")]
        assert set(workers) <= set(tree)
        os.kill(proc.pid, sig)
        out, errors = proc.communicate(timeout=60)  # held runs would take 120 s
    finally:
        if proc.poll() is None:
            proc.kill()
    assert _wait_for(lambda: not any(_alive(p) for p in tree), 30), [p for p in tree if _alive(p)]
    # Two workers: the queued held runs never started. submitit-local starts
    # every job at once, so there all of them did.
    started = list(marks.glob("started-*"))
    assert len(started) == (2 if executor == "local" else held)
    assert not list(marks.glob("finished-*"))  # running ones were cancelled, not waited for
    if sig != signal.SIGKILL:
        assert proc.returncode == 128 + sig, errors
        assert out.strip() == f"{quick} runs landed, {held} remain"  # one line, no traceback
        assert "Traceback" not in errors
        assert "leaked" not in errors, errors  # nothing from the pool's internals either
    store = ResultStore(root)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # landed runs are whole, not quarantined
        assert all(store.get("toy/square", {"x": x}) for x in range(quick)), errors
