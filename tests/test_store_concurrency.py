"""Concurrent writers: no false failures, no run computed twice."""

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from pathlib import Path

import pytest

from negresults.runners import runner
from negresults.store import ResultStore, RunBusy, RunOutput

TESTS = Path(__file__).resolve().parent


@runner("toy/count")
def count(config, inputs):
    """A Task runner that leaves one file per computation, so duplicates can be counted."""
    name = f"{config['i']}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    (Path(config["counts"]) / name).write_text("")
    time.sleep(0.002)  # widen the window in which two writers could collide
    return RunOutput(metrics={"i": config["i"]}, history=[{"epoch": 1, "i": config["i"]}])


def _out(v):
    return RunOutput(metrics={"v": v})


@pytest.mark.faults
def test_a_writer_that_loses_the_rename_race_takes_the_identical_run(tmp_path, monkeypatch):
    # Both writers checked that the run was missing; the other one renames
    # first, so ours gets ENOTEMPTY: that used to be a false failure.
    store, other = ResultStore(tmp_path), ResultStore(tmp_path)
    real_rename = os.rename
    raced = []

    def rename(src, dst):
        if not raced and Path(src).name.startswith(".tmp-"):
            raced.append(1)
            other.put("toy/x", {"a": 1}, _out(1))  # lands first, through the real rename
        return real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    run = store.put("toy/x", {"a": 1}, _out(1))
    assert raced and run.metrics == {"v": 1}
    assert [p.name for p in run.path.parent.iterdir()] == [run.key]  # no .tmp- left behind


@pytest.mark.faults
def test_a_run_being_computed_elsewhere_is_busy_then_taken_without_computing(tmp_path):
    store = ResultStore(tmp_path)
    holding, release = threading.Event(), threading.Event()

    def other_writer():  # another process, as far as the file lock can tell
        other = ResultStore(tmp_path)

        def slow():
            holding.set()
            release.wait(30)
            return _out(7)

        other.get_or_run("toy/x", {"a": 1}, slow)

    t = threading.Thread(target=other_writer)
    t.start()
    assert holding.wait(30)
    with pytest.raises(RunBusy, match="toy/x/"):
        store.get_or_run("toy/x", {"a": 1}, lambda: pytest.fail("computed twice"), wait=False)
    waiter = []
    w = threading.Thread(
        target=lambda: waiter.append(
            store.get_or_run("toy/x", {"a": 1}, lambda: pytest.fail("computed twice"))
        )
    )
    w.start()
    release.set()
    t.join(30)
    w.join(30)
    assert waiter and waiter[0].metrics == {"v": 7}


SWEEP = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from negresults.executors import run_tasks
    from negresults.store import ResultStore
    from negresults.tasks import Task
    from test_store_concurrency import count

    root, counts, go, n, executor = sys.argv[1:6]
    plan = [[Task("toy/count", {"i": i, "counts": counts}, count, f"i={i}") for i in range(int(n))]]
    print("ready", flush=True)
    while not Path(go).exists():
        time.sleep(0.005)
    report = run_tasks(plan, ResultStore(root), executor=executor, workers=2, progress=False)
    print(json.dumps({"ran": report.ran, "skipped": report.skipped,
                      "failed": [f.label + ": " + f.error for f in report.failed]}))
    """
)


@pytest.mark.faults
@pytest.mark.parametrize("executor,n", [("inline", 300)])
def test_two_sweeps_of_one_grid_split_the_work_and_never_compute_twice(tmp_path, executor, n):
    counts, go, root = tmp_path / "counts", tmp_path / "go", tmp_path / "store"
    counts.mkdir()
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])
    )
    args = [sys.executable, "-c", SWEEP, str(root), str(counts), str(go), str(n), executor]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    for p in procs:  # both past their imports, then both start at once
        assert p.stdout.readline().strip() == "ready"
    go.write_text("")
    reports = []
    for p in procs:
        out, _ = p.communicate(timeout=300)
        assert p.returncode == 0, out
        reports.append(json.loads(out.strip().splitlines()[-1]))

    assert [r["failed"] for r in reports] == [[], []]  # 0 false failures
    for r in reports:
        assert len(r["ran"]) + len(r["skipped"]) == n
    computed = [f.name.split("-")[0] for f in counts.iterdir()]
    assert sorted(map(int, computed)) == list(range(n))  # every run computed exactly once
    assert len(reports[0]["ran"]) + len(reports[1]["ran"]) == n
    assert all(r["ran"] for r in reports)  # the work was split, not done by one and waited on
    store = ResultStore(root)
    assert all(store.get("toy/count", {"i": i, "counts": str(counts)}) for i in range(n))
