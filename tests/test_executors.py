"""One code path for every executor: runs land in the store, failures are reported."""

import os
from pathlib import Path

import pytest
import toytasks as toy

from negresults.config import ConfigError
from negresults.executors import PlanFailed, SlurmOptions, run_plan, run_tasks
from negresults.schedule import Schedule, check_patterns, select
from negresults.store import ResultStore, RunOutput
from negresults.tasks import Task

TESTS = Path(__file__).resolve().parent


@pytest.fixture
def workers_find_tests(tmp_path, monkeypatch):
    # submitit's jobs are fresh interpreters: they find toytasks by PYTHONPATH.
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])
    )
    monkeypatch.chdir(tmp_path)  # submitit's log folder goes here


def _square(x, runner=toy.picky_square, needs=None):
    return Task("toy/square", {"x": x}, runner, f"x={x}", needs)


def _plan(xs):
    stage1 = [_square(x) for x in xs]
    ok = tuple(t for t in stage1 if t.config["x"] != 3)
    total = Task("toy/total", {"xs": [t.config["x"] for t in ok]}, toy.total, "total", ok)
    return [stage1, [total]]


@pytest.mark.faults
@pytest.mark.parametrize("executor", ["inline", "local", "submitit-local"])
def test_every_executor_fills_the_same_store_and_reports_failures(
    workers_find_tests, tmp_path, executor
):
    store = ResultStore(tmp_path / "store")
    report = run_tasks(_plan([1, 2, 3, 4]), store, executor=executor, workers=2, progress=False)
    assert sorted(report.ran) == ["total", "x=1", "x=2", "x=4"]
    assert [f.label for f in report.failed] == ["x=3"]
    assert "x=3 is refused on purpose" in report.failed[0].error
    assert store.get("toy/total", {"xs": [1, 2, 4]}).metrics["sum"] == 21

    again = run_tasks(_plan([1, 2, 3, 4]), store, executor=executor, workers=2, progress=False)
    assert sorted(again.skipped) == ["total", "x=1", "x=2", "x=4"] and again.ran == []
    assert [f.label for f in again.failed] == ["x=3"]


def test_parallel_workers_split_the_cores(tmp_path, monkeypatch):
    monkeypatch.setattr("negresults.devices.cpu_count", lambda: 4)
    store = ResultStore(tmp_path / "store")
    report = run_tasks(
        [[Task("toy/threads", {"x": x}, toy.threads, f"x={x}") for x in (5, 6)]],
        store,
        executor="local",
        workers=2,
        progress=False,
    )
    assert report.ok, report.failed
    threads = {store.get("toy/threads", {"x": x}).metrics["threads"] for x in (5, 6)}
    assert threads == {2}


def test_a_task_starts_when_its_needs_are_done_not_at_the_stage_barrier(tmp_path):
    # Stage 1 holds one worker with a task that only ends once a stage-2 task
    # runs. That stage-2 task needs only x=2, so it must start while the
    # blocker is still running; a stage barrier would end in the timeout.
    flag = str(tmp_path / "released")
    need = _square(2)
    blocker = Task("toy/wait", {"file": flag, "timeout_s": 30}, toy.wait_for_file, "wait")
    release = Task("toy/write", {"file": flag}, toy.write_file, "write", needs=(need,))
    barrier = Task("toy/threads", {}, toy.threads, "barrier")  # no needs: waits for all
    store = ResultStore(tmp_path / "store")
    report = run_tasks(
        [[blocker, need], [release, barrier]], store, executor="local", workers=2, progress=False
    )
    assert report.ok, report.failed
    assert report.ran.index("wait") < report.ran.index("barrier")


def test_a_runner_gets_its_needs_stored_runs_in_the_order_it_declared_them(tmp_path):
    xs = [_square(x, toy.square) for x in (1, 2, 4)]
    reads = Task("toy/total", {"xs": [4, 1, 2]}, toy.total, "total", (xs[2], xs[0], xs[1]))
    # run_plan: the inline sweep a study's results code goes through.
    runs = run_plan([xs, [reads]], ResultStore(tmp_path), progress=False)
    assert [r.kind for r in runs] == ["toy/square"] * 3 + ["toy/total"]  # plan order
    assert runs[3].metrics == {"sum": 21, "order": [4, 1, 2]}


@pytest.mark.faults
def test_dependants_of_a_failed_run_are_skipped_with_the_reason_and_the_rest_runs(tmp_path):
    store = ResultStore(tmp_path)
    bad, good = _square(3), _square(1)
    needs_bad = Task("toy/total", {"of": "bad"}, toy.total, "needs-bad", (good, bad))
    needs_that = Task("toy/total", {"of": "needs-bad"}, toy.total, "needs-that", (needs_bad,))
    needs_good = Task("toy/total", {"of": "good"}, toy.total, "needs-good", (good,))
    barrier = Task("toy/threads", {}, toy.threads, "barrier")  # waits for all, reads nothing
    # Stored before: kept and reported as stored although its need fails now.
    kept = Task("toy/total", {"of": "kept"}, toy.total, "kept", (bad,))
    store.put(kept.kind, kept.config, RunOutput(metrics={"sum": -1}))
    plan = [[bad, good], [needs_bad, kept, needs_good], [needs_that, barrier]]

    report = run_tasks(plan, store, executor="inline", progress=False)
    assert [f.label for f in report.failed] == ["x=3"]
    assert sorted(report.ran) == ["barrier", "needs-good", "x=1"]
    assert report.skipped == ["kept"]
    assert {f.label: f.error for f in report.blocked} == {
        "needs-bad": "skipped: needs x=3, which failed",
        "needs-that": "skipped: needs needs-bad, which was skipped because x=3 failed",
    }
    assert not report.ok
    assert report.summary() == (
        "3 ran, 1 already stored, 1 failed, 2 skipped because a run they need failed"
    )
    assert not store.contains(needs_bad.kind, needs_bad.config)
    assert store.get(kept.kind, kept.config).metrics == {"sum": -1}

    with pytest.raises(PlanFailed) as err:  # run_plan: one error, summary and first failure
        run_plan(plan, store, progress=False)
    assert str(err.value).startswith(
        "0 ran, 4 already stored, 1 failed, 2 skipped because a run they need failed; "
        "first failure, x=3: ValueError: x=3 is refused on purpose"
    )


@pytest.mark.bad_input
def test_a_circular_plan_is_refused_in_one_line_before_anything_runs(tmp_path):
    store = ResultStore(tmp_path)
    a_plain = Task("toy/total", {"n": "a"}, toy.total, "a")
    b = Task("toy/total", {"n": "b"}, toy.total, "b", needs=(a_plain,))
    a = Task("toy/total", {"n": "a"}, toy.total, "a", needs=(b,))  # same run as a_plain
    first = _square(1, toy.square)
    with pytest.raises(ConfigError) as err:
        run_tasks([[first, a, b]], store, progress=False)
    msg = str(err.value)
    assert "\n" not in msg
    assert msg.startswith("the plan's tasks a, b depend on each other in a circle: ")
    assert msg.endswith(": a needs b, which needs a; nothing was started")
    # Through a stage barrier: d needs c (stage 1), which waits for stage 0, which holds d.
    c = Task("toy/threads", {"n": "c"}, toy.threads, "c")
    d = Task("toy/threads", {"n": "d"}, toy.threads, "d", needs=(c,))
    with pytest.raises(ConfigError, match="d needs c, which waits for every task of the earlier"):
        run_plan([[first, d], [c]], store, progress=False)
    assert not store.contains(first.kind, first.config)  # nothing started


@pytest.mark.bad_input
def test_an_unregistered_runner_is_refused_in_one_line():
    def not_registered(config, inputs):
        return RunOutput(metrics={})

    for fn in (not_registered, lambda config, inputs: None, "toytasks:square"):
        with pytest.raises(ConfigError, match="not a registered runner") as err:
            Task("toy/x", {}, fn, "x")
        assert "\n" not in str(err.value) and "'x'" in str(err.value)


@pytest.mark.bad_input
def test_bad_executor_or_store_or_cluster_is_refused_before_submitting(tmp_path):
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


def _t(name, needs=None):
    return Task("k/x", {"v": name}, toy.square, name, needs)


def test_the_schedule_frees_barrier_and_needs_tasks_in_plan_order():
    a, b = _t("a"), _t("b")
    c = _t("c", needs=(a,))  # only a
    d = _t("d")  # barrier: every earlier stage
    e = _t("e", needs=(_t("not-in-plan"),))  # a need outside the plan does not block
    f = _t("f", needs=(c,))  # a need in a later stage: waits for it
    s = Schedule([[a, b, f], [c, e], [d]])
    labels = lambda idx: [s.tasks[i].label for i in idx]  # noqa: E731
    assert labels(s.start()) == ["a", "b", "e"]
    assert labels(s.finish(0)) == ["c"]  # a done: c may start, d may not (b, c, e, f left)
    assert labels(s.finish(4)) == []  # e
    assert labels(s.finish(1)) == []  # b: stage 0 still has f
    assert labels(s.finish(3)) == ["f"]  # c
    assert labels(s.finish(2)) == ["d"]  # f: every stage before d done
    assert s.finish(2) == []  # finishing twice frees nothing twice
    assert s.pop_blocked() == []


def test_a_stored_task_frees_its_dependants_at_once_and_a_failure_blocks_only_its_own():
    a, b = _t("a"), _t("b")
    c = _t("c", needs=(a,))
    d = _t("d", needs=(c,))
    e = _t("e", needs=(b,))
    s = Schedule([[a, b], [c, e], [d]])
    # c is stored though a is not: d may start with a and b.
    assert [s.tasks[i].label for i in s.start(stored={2})] == ["a", "b", "d"]
    assert s.finish(1, failed=True) == [] and s.pop_blocked() == [
        (3, "skipped: needs b, which failed")
    ]
    assert s.finish(0) == [] and s.pop_blocked() == []


def test_a_plan_of_many_thousand_tasks_is_scheduled_completely():
    stage0 = [Task("k/x", {"v": i}, toy.square, f"p{i}") for i in range(5000)]
    stage1 = [Task("k/y", {"v": i}, toy.square, f"t{i}", needs=(stage0[i],)) for i in range(5000)]
    stage2 = [Task("k/z", {"v": i}, toy.square, f"s{i}") for i in range(5000)]
    s = Schedule([stage0, stage1, stage2])
    started = s.start()
    assert len(started) == 5000
    freed = [j for i in range(5000) for j in s.finish(i)]
    assert len(freed) == 5000 and all(s.tasks[j].kind == "k/y" for j in freed)
    last = [j for i in freed for j in s.finish(i)]
    assert len(last) == 5000 and all(s.tasks[j].kind == "k/z" for j in last)


def test_select_keeps_the_matched_tasks_and_everything_they_need_in_plan_order():
    a, b, x = _t("pre/a"), _t("pre/b"), _t("pre/x")
    c = _t("arm/c", needs=(a,))
    d = _t("arm/d", needs=(c,))  # a need in the same stage, itself needing a
    e = _t("arm/e", needs=(b,))
    barrier = _t("report")  # needs=None: waits for every earlier stage
    plan = [[a, b, x], [c, d, e], [barrier]]
    labels = lambda p: [[t.label for t in stage] for stage in p]  # noqa: E731
    assert labels(select(plan, ["arm/d"])) == [["pre/a"], ["arm/c", "arm/d"]]
    assert labels(select(plan, ["arm/e", "pre/x"])) == [["pre/b", "pre/x"], ["arm/e"]]
    assert labels(select(plan, ["arm/*"])) == [["pre/a", "pre/b"], ["arm/c", "arm/d", "arm/e"]]
    assert labels(select(plan, ["report"])) == labels(plan)  # a barrier brings every stage
    assert select(plan, ["arm"]) == []  # a pattern matches whole labels


def test_a_pattern_that_matches_nothing_is_refused_with_labels_to_copy():
    plan = [[_t("pre/a")], [_t("arm/c", needs=None)]]
    check_patterns([plan], ["pre/*", "arm/c"])  # each matches: no error
    with pytest.raises(ConfigError, match=r"--only 'arm' matches no run .* pre/a, arm/c"):
        check_patterns([plan], ["pre/*", "arm"])
