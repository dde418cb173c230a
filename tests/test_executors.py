"""One code path for every executor: runs land in the store, failures are reported."""

import textwrap
from pathlib import Path

import pytest

from negresults.config import ConfigError
from negresults.executors import SlurmOptions, run_tasks
from negresults.store import ResultStore
from negresults.tasks import Task

TOY = textwrap.dedent(
    """
    import os
    import torch
    from negresults.store import RunOutput

    def square(config, store):
        if config["x"] == 3:
            raise ValueError("x=3 is refused on purpose")
        return RunOutput(metrics={"y": config["x"] ** 2, "pid": os.getpid(),
                                  "threads": torch.get_num_threads()})

    def wait_for_file(config, store):
        # Holds a worker until another task writes the file (or gives up).
        import time
        from pathlib import Path
        deadline = time.monotonic() + config["timeout_s"]
        while not Path(config["file"]).exists():
            if time.monotonic() > deadline:
                raise TimeoutError("nobody released " + config["file"])
            time.sleep(0.05)
        return RunOutput(metrics={"released": 1})

    def write_file(config, store):
        from pathlib import Path
        Path(config["file"]).write_text("go")
        return RunOutput(metrics={"wrote": 1})

    def total(config, store):
        runs = [store.get("toy/square", {"x": x}) for x in config["xs"]]
        return RunOutput(metrics={"sum": sum(r.metrics["y"] for r in runs)})
    """
)


@pytest.fixture
def toy_module(tmp_path, monkeypatch):
    (tmp_path / "toytasks.py").write_text(TOY)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))  # for worker processes
    monkeypatch.chdir(tmp_path)  # submitit's log folder goes here
    return "toytasks"


def _plan(xs):
    stage1 = [Task("toy/square", {"x": x}, "toytasks:square", f"x={x}") for x in xs]
    ok = [x for x in xs if x != 3]
    stage2 = [Task("toy/total", {"xs": ok}, "toytasks:total", "total")]
    return [stage1, stage2]


@pytest.mark.faults
@pytest.mark.parametrize("executor", ["inline", "local", "submitit-local"])
def test_every_executor_fills_the_same_store_and_reports_failures(toy_module, tmp_path, executor):
    store = ResultStore(tmp_path / "store")
    report = run_tasks(_plan([1, 2, 3, 4]), store, executor=executor, workers=2, progress=False)
    assert sorted(report.ran) == ["total", "x=1", "x=2", "x=4"]
    assert [f.label for f in report.failed] == ["x=3"]
    assert "x=3 is refused on purpose" in report.failed[0].error
    assert store.get("toy/total", {"xs": [1, 2, 4]}).metrics["sum"] == 21

    again = run_tasks(_plan([1, 2, 3, 4]), store, executor=executor, workers=2, progress=False)
    assert sorted(again.skipped) == ["total", "x=1", "x=2", "x=4"] and again.ran == []
    assert [f.label for f in again.failed] == ["x=3"]


def test_parallel_workers_split_the_cores(toy_module, tmp_path, monkeypatch):
    monkeypatch.setattr("negresults.devices.cpu_count", lambda: 4)
    store = ResultStore(tmp_path / "store")
    report = run_tasks(
        [[Task("toy/square", {"x": x}, "toytasks:square", f"x={x}") for x in (5, 6)]],
        store,
        executor="local",
        workers=2,
        progress=False,
    )
    assert report.ok, report.failed
    threads = {store.get("toy/square", {"x": x}).metrics["threads"] for x in (5, 6)}
    assert threads == {2}


def test_a_task_starts_when_its_needs_are_done_not_at_the_stage_barrier(toy_module, tmp_path):
    # Stage 1 holds one worker with a task that only ends once a stage-2 task
    # runs. That stage-2 task needs only x=2, so it must start while the
    # blocker is still running; a stage barrier would end in the timeout.
    flag = str(tmp_path / "released")
    need = Task("toy/square", {"x": 2}, "toytasks:square", "x=2")
    blocker = Task("toy/wait", {"file": flag, "timeout_s": 30}, "toytasks:wait_for_file", "wait")
    release = Task("toy/write", {"file": flag}, "toytasks:write_file", "write", needs=(need,))
    barrier = Task("toy/total", {"xs": [2]}, "toytasks:total", "total")  # no needs: waits for all
    store = ResultStore(tmp_path / "store")
    report = run_tasks(
        [[blocker, need], [release, barrier]], store, executor="local", workers=2, progress=False
    )
    assert report.ok, report.failed
    assert report.ran.index("wait") < report.ran.index("total")


@pytest.mark.bad_input
def test_bad_executor_or_store_or_cluster_is_refused_before_submitting(toy_module, tmp_path):
    plan = _plan([1])
    with pytest.raises(
        ConfigError,
        match=r"unknown executor 'dask'; valid choices: inline, local, submitit-local, slurm",
    ):
        run_tasks(plan, ResultStore(tmp_path / "s"), executor="dask")
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ConfigError, match="cannot be written"):
        run_tasks(plan, ResultStore(blocker / "s"), executor="local")
    with pytest.raises(ConfigError, match="sbatch"):
        run_tasks(
            plan, ResultStore(tmp_path / "s"), executor="slurm", slurm=SlurmOptions(partition="gpu")
        )
    assert not (tmp_path / "s" / "toy").exists()


def test_the_local_pool_reports_each_tasks_error_and_stops_its_workers():
    import operator

    from negresults.executors import LocalPool, make_executor

    pool = make_executor("local", 2)
    assert isinstance(pool, LocalPool)
    ok = pool.submit(pow, 2, 10)
    fails = pool.submit(operator.truediv, 1, 0)
    unpicklable = pool.submit(pow, lambda: 0, 1)  # refused without harming the pool
    assert ok.result() == 1024
    with pytest.raises(ZeroDivisionError):
        fails.result()
    with pytest.raises(Exception, match="lambda"):
        unpicklable.result()
    assert pool.submit(pow, 3, 2).result() == 9
    pids = pool.pids
    assert pids
    pool.shutdown()
    assert pool.pids == []
    for pid in pids:
        stat = Path(f"/proc/{pid}/stat")
        assert not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"
    with pytest.raises(RuntimeError, match="shut down"):
        pool.submit(pow, 1, 1)


def test_the_schedule_frees_barrier_and_needs_tasks_in_plan_order():
    from negresults.executors import _Schedule

    def t(name, needs=None):
        return Task("k/x", {"v": name}, "m:f", name, needs)

    a, b = t("a"), t("b")
    c = t("c", needs=(a,))  # only a
    d = t("d")  # barrier: every earlier stage
    e = t("e", needs=(t("not-in-plan"),))  # a need outside the plan does not block
    s = _Schedule([[a, b], [c, e], [d]])
    labels = lambda idx: sorted(s.tasks[i].label for i in idx)  # noqa: E731
    assert labels(s.start()) == ["a", "b", "e"]
    assert labels(s.finish(0)) == ["c"]  # a done: c may start, d may not (b, c, e left)
    assert labels(s.finish(3)) == []  # e
    assert labels(s.finish(1)) == []  # b: stage 0 done, stage 1 still has c
    assert labels(s.finish(2)) == ["d"]  # c: every stage before d done
    assert s.finish(2) == []  # finishing twice frees nothing twice


def test_a_plan_of_many_thousand_tasks_is_scheduled_completely():
    from negresults.executors import _Schedule

    stage0 = [Task("k/x", {"v": i}, "m:f", f"p{i}") for i in range(5000)]
    stage1 = [Task("k/y", {"v": i}, "m:f", f"t{i}", needs=(stage0[i],)) for i in range(5000)]
    stage2 = [Task("k/z", {"v": i}, "m:f", f"s{i}") for i in range(5000)]
    s = _Schedule([stage0, stage1, stage2])
    started = s.start()
    assert len(started) == 5000
    freed = [j for i in range(5000) for j in s.finish(i)]
    assert len(freed) == 5000 and all(s.tasks[j].kind == "k/y" for j in freed)
    last = [j for i in freed for j in s.finish(i)]
    assert len(last) == 5000 and all(s.tasks[j].kind == "k/z" for j in last)
