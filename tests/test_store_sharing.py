"""Shared, read-only and full stores; housekeeping (stale temporary folders, gc)."""

import contextlib
import os
import pickle
import shutil
import stat
import tempfile
import time
import traceback
import warnings
from pathlib import Path

import numpy as np
import pytest

import negresults.runkeys as runkeys
import negresults.store as store_mod
import negresults.storefs as storefs
from negresults.config import ConfigError
from negresults.executors import run_plan, run_tasks
from negresults.runners import runner
from negresults.store import (
    ResultStore,
    RunOutput,
    StoreError,
    StorePermissionError,
    run_key,
)
from negresults.storegc import gc, remove_stale_tmp
from negresults.tasks import Task

CFG = {"lr": 0.1}


def make(config):  # a Task runner: no training
    return RunOutput(metrics={"v": config["v"]}, history=[{"epoch": 1, "v": config["v"]}])


def _output(v=1.0):
    return RunOutput(metrics={"v": v}, history=[{"epoch": 1, "v": v}], info={"s": 1})


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@contextlib.contextmanager
def _umask(mask):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def _as_non_root(fn, *args):
    """``fn(*args)`` in a forked child that runs as an unprivileged user; its result.

    The sandbox runs tests as root, whom file modes do not stop; a forked
    child that drops to ``nobody`` is. Run as non-root, the child keeps its user.
    """
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        code = 0
        try:
            os.close(r)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            try:
                out = ("ok", fn(*args))
            except BaseException as err:  # noqa: BLE001 - sent to the parent
                out = ("raised", (type(err).__name__, str(err), traceback.format_exc()))
            with os.fdopen(w, "wb") as f:
                pickle.dump(out, f)
        except BaseException:  # noqa: BLE001
            code = 1
        os._exit(code)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        data = f.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        pytest.skip(f"could not run a check as an unprivileged user (child status {status})")
    return pickle.loads(data)


@pytest.fixture
def shared_tmp():
    """A folder every user may traverse (pytest's tmp_path is private to its user)."""
    path = Path(tempfile.mkdtemp(prefix="negresults-shared-"))
    path.chmod(0o755)
    yield path
    for p in (path, *path.rglob("*")):
        with contextlib.suppress(OSError):
            p.chmod(0o755 if p.is_dir() else 0o644)
    shutil.rmtree(path, ignore_errors=True)


# -- the umask -----------------------------------------------------------


@pytest.mark.faults
@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_run_folders_and_files_honour_the_umask(tmp_path, mask):
    store = ResultStore(tmp_path / "store")
    with _umask(mask):
        run = store.get_or_run("study/toy", CFG, _output)
    assert _mode(run.path) == 0o777 & ~mask  # not mkdtemp's 0700
    assert _mode(run.path.parent) == 0o777 & ~mask
    for f in run.path.iterdir():
        assert _mode(f) == 0o666 & ~mask, f.name
    lock = run.path.parent / ".locks" / f"{run.key}.lock"
    assert _mode(lock) == 0o666 & ~mask  # other group members can take the lock


@pytest.mark.faults
def test_a_setgid_store_gives_every_run_its_group(tmp_path):
    store = ResultStore(tmp_path / "store")
    (tmp_path / "store" / "study" / "toy").mkdir(parents=True)
    (tmp_path / "store" / "study" / "toy").chmod(0o2775)
    with _umask(0o002):
        run = store.put("study/toy", CFG, _output())
    assert run.path.stat().st_mode & stat.S_ISGID
    assert _mode(run.path) & 0o777 == 0o775


# -- permission errors are not corruption ------------------------------------


@pytest.mark.faults
def test_a_permission_error_is_reported_as_one_not_quarantined(tmp_path, monkeypatch):
    store = ResultStore(tmp_path)
    run = store.put("study/toy", CFG, _output())
    real = store_mod._sha256

    def denied(path):
        if path.name == "metrics.json":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(store_mod, "_sha256", denied)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no CorruptRunWarning
        with pytest.raises(StorePermissionError, match=r"permission denied on .*metrics\.json"):
            store.get("study/toy", CFG)
        with pytest.raises(StorePermissionError, match=str(run.path)):
            store.runs("study/toy")
        with pytest.raises(StorePermissionError):  # not recomputed over someone's run
            store.get_or_run("study/toy", CFG, lambda: pytest.fail("recomputed"))
    assert run.path.is_dir()
    assert not [p for p in run.path.parent.iterdir() if p.name.startswith(".corrupt-")]
    assert isinstance(
        StorePermissionError("x"), StoreError
    )  # the CLI prints StoreError in one line


@pytest.mark.faults
def test_another_users_private_run_is_a_permission_error_for_a_non_root_reader(shared_tmp):
    store = ResultStore(shared_tmp / "store")
    with _umask(0o077):  # the writer's private umask: what mkdtemp forced before
        run = store.put("study/toy", CFG, _output())
    (shared_tmp / "store").chmod(0o755)
    (shared_tmp / "store" / "study").chmod(0o755)
    run.path.parent.chmod(0o755)

    def read():
        return ResultStore(shared_tmp / "store").get("study/toy", CFG)

    status, value = _as_non_root(read)
    assert status == "raised", value
    assert value[0] == "StorePermissionError" and str(run.path) in value[1]
    assert run.path.is_dir() and (run.path / "MANIFEST.json").exists()  # nothing moved aside


# -- read-only stores ----------------------------------------------------


def _plan(n):
    return [[Task("study/toy", {"v": v}, make_task, f"v={v}") for v in range(n)]]


@runner("study/toy")
def make_task(config, inputs):
    return make(config)


@pytest.mark.faults
def test_a_complete_read_only_store_is_read_normally(shared_tmp):
    root = shared_tmp / "store"
    store = ResultStore(root)
    for v in range(3):
        store.put("study/toy", {"v": v}, make({"v": v}))
    for p in (root, *root.rglob("*")):
        p.chmod(0o555 if p.is_dir() else 0o444)

    def read_everything():
        ro = ResultStore(root)
        runs = ro.runs("study/toy")
        got = [ro.get("study/toy", {"v": v}).metrics["v"] for v in range(3)]
        again = ro.get_or_run("study/toy", {"v": 1}, lambda: 1 / 0).metrics["v"]
        planned = [r.metrics["v"] for r in run_plan(_plan(3), ro, progress=False)]
        report = run_tasks(_plan(3), ro, executor="inline", progress=False)
        try:
            ro.check_writable()
            refused = None
        except StoreError as err:
            refused = str(err)
        return len(runs), got, again, planned, report.summary(), refused

    status, value = _as_non_root(read_everything)
    assert status == "ok", value
    n, got, again, planned, summary, refused = value
    assert (n, got, again, planned) == (3, [0, 1, 2], 1, [0, 1, 2])
    assert summary == "0 ran, 3 already stored, 0 failed"
    assert refused is not None and "cannot be written" in refused  # writing is still refused


@pytest.mark.faults
def test_a_sweep_of_a_complete_store_needs_no_write_access(tmp_path, monkeypatch):
    store = ResultStore(tmp_path)
    for v in range(2):
        store.put("study/toy", {"v": v}, make({"v": v}))

    def read_only():
        raise StoreError(
            f"results store {str(tmp_path)!r} cannot be written (Read-only file system)"
        )

    monkeypatch.setattr(store, "check_writable", read_only)
    report = run_tasks(_plan(2), store, executor="inline", progress=False)
    assert report.skipped == ["v=0", "v=1"] and report.ok
    with pytest.raises(ConfigError, match="cannot be written"):  # a missing run needs writing
        run_tasks(_plan(3), store, executor="inline", progress=False)
    assert not store.contains("study/toy", {"v": 2})


# -- free space ----------------------------------------------------------


@pytest.mark.faults
def test_a_full_disk_is_refused_before_training_in_one_line(tmp_path, monkeypatch):
    store = ResultStore(tmp_path / "store")
    store.put("study/toy", {"v": 0}, make({"v": 0}))
    monkeypatch.setattr(
        storefs.shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10**9, 10**9, 4096)
    )
    with pytest.raises(StoreError, match=r"has 4\.0 KiB free, less than the 32\.0 MiB") as err:
        store.get_or_run("study/toy", {"v": 1}, lambda: pytest.fail("trained on a full disk"))
    assert "\n" not in str(err.value) and str(store.root) in str(err.value)
    with pytest.raises(ConfigError, match="free"):  # a sweep refuses before submitting anything
        run_tasks(_plan(2), store, executor="inline", progress=False)
    assert store.get("study/toy", {"v": 0}).metrics == {"v": 0}  # reading still works


def test_the_expected_run_size_follows_the_stored_runs_of_a_kind(tmp_path):
    store = ResultStore(tmp_path, min_run_bytes=1000)
    assert store.expected_run_bytes("study/big") == 1000
    big = RunOutput(metrics={}, arrays={"a": {"x": np.random.default_rng(0).random(50_000)}})
    run = store.put("study/big", CFG, big)
    size = sum(f.stat().st_size for f in run.path.iterdir())
    assert ResultStore(tmp_path, min_run_bytes=1000).expected_run_bytes("study/big") == 2 * size
    assert ResultStore(tmp_path).expected_run_bytes("study/other") == store_mod.DEFAULT_RUN_BYTES


# -- stale temporary folders ----------------------------------------------


@pytest.mark.faults
def test_stale_tmp_folders_are_removed_at_the_start_of_a_sweep(tmp_path):
    store = ResultStore(tmp_path)
    kind_dir = tmp_path / "study" / "toy"
    old, fresh = kind_dir / ".tmp-aaaa-old", kind_dir / ".tmp-bbbb-new"
    for d in (old, fresh):
        d.mkdir(parents=True)
        (d / "metrics.json").write_text("{}")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    report = run_tasks(_plan(1), store, executor="inline", progress=False)
    assert report.ran == ["v=0"]
    assert not old.exists()
    assert fresh.exists()  # may belong to a writer still at work
    os.utime(fresh, (two_days_ago, two_days_ago))
    assert remove_stale_tmp(store) == 1 and not fresh.exists()
    assert store.get("study/toy", {"v": 0}) is not None


# -- gc of old code versions ----------------------------------------------


def test_gc_reports_then_removes_only_runs_of_old_code(tmp_path, monkeypatch):
    store = ResultStore(tmp_path)
    grid = [(kind, {"v": v}) for kind in ("a/x", "b/y") for v in range(2)]
    monkeypatch.setattr(runkeys, "code_version", lambda study: "old")
    old = [store.get_or_run(kind, cfg, lambda cfg=cfg: _output(cfg["v"])) for kind, cfg in grid]
    monkeypatch.undo()
    current = [store.get_or_run(kind, cfg, lambda cfg=cfg: _output(cfg["v"])) for kind, cfg in grid]
    assert {r.key for r in old}.isdisjoint(r.key for r in current)
    expected_bytes = sum(f.stat().st_size for r in old for f in r.path.iterdir())

    dry = gc(store, dry_run=True)
    assert (dry.count, dry.bytes, dry.removed) == (4, expected_bytes, False)
    assert sorted(dry.paths) == sorted(r.path for r in old)
    assert all(r.path.exists() for r in old)
    assert dry.summary().startswith("would remove 4 runs of old code versions (")

    only_a = gc(store, kinds=["a/x"])
    assert only_a.count == 2 and only_a.removed
    assert not any(r.path.exists() for r in old if r.kind == "a/x")
    assert all(r.path.exists() for r in old if r.kind == "b/y")

    rest = gc(store)
    assert rest.count == 2 and not any(r.path.exists() for r in old)
    assert not list(tmp_path.rglob(".gc-*"))
    locks = {p.stem for p in tmp_path.rglob(".locks/*.lock")}
    assert locks == {r.key for r in current}  # old runs' locks went with them
    for r in current:  # today's runs are untouched and still valid
        assert store.get(r.kind, r.config).metrics == r.metrics
    assert gc(store, dry_run=True).count == 0


def test_gc_leaves_runs_it_cannot_read_alone(tmp_path, monkeypatch):
    store = ResultStore(tmp_path)
    run = store.put("a/x", CFG, _output())
    real_read_text = Path.read_text

    def denied(self, *a, **k):
        if self.name == "config.json":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_text(self, *a, **k)

    monkeypatch.setattr(Path, "read_text", denied)
    report = gc(store)
    assert report.count == 0 and report.unreadable == [run.path] and run.path.exists()
    assert run_key("a/x", CFG) == run.key


def test_gc_keeps_and_reports_old_runs_it_may_not_remove(tmp_path, monkeypatch):
    store = ResultStore(tmp_path)
    monkeypatch.setattr(runkeys, "code_version", lambda study: "old")
    mine, theirs = (store.put("a/x", {"v": v}, _output(v)) for v in range(2))
    monkeypatch.undo()
    real_rename = Path.rename

    def rename(self, target):
        if self == theirs.path:  # another user's run in a shared, sticky folder
            raise PermissionError(13, "Operation not permitted", str(self))
        return real_rename(self, target)

    mine_bytes = sum(f.stat().st_size for f in mine.path.iterdir())
    monkeypatch.setattr(Path, "rename", rename)
    report = gc(store)
    assert report.paths == [mine.path] and report.kept == [theirs.path]
    assert report.bytes == mine_bytes  # what was freed, not what was found
    assert not mine.path.exists() and theirs.path.exists()


@pytest.mark.faults
def test_gc_command_says_how_many_and_how_much_before_removing(tmp_path, monkeypatch, capsys):
    from negresults.cli import main

    store = ResultStore(tmp_path)
    monkeypatch.setattr(runkeys, "code_version", lambda study: "old")
    old = store.get_or_run("a/x", CFG, _output)
    monkeypatch.undo()
    current = store.get_or_run("a/x", {"lr": 0.2}, _output)

    with pytest.raises(SystemExit) as exc:
        main(["gc", "--dry-run", "--store", str(tmp_path)])
    assert exc.value.code == 0
    assert "would remove 1 runs of old code versions" in capsys.readouterr().out
    assert old.path.exists()

    with pytest.raises(SystemExit) as exc:
        main(["gc", "--store", str(tmp_path)])
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("would remove 1 runs") and out[1].startswith("removed 1 runs")
    assert not old.path.exists() and current.path.exists()
