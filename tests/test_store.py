"""The results store: memoisation, atomic writes, validation, faults."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import warnings

import numpy as np
import pandas as pd
import pytest
import torch

import negresults.storefs as storefs
from negresults import runkeys
from negresults.store import CorruptRunWarning, ResultStore, RunOutput, StoreError, run_key

CFG = {"lr": 0.1, "seeds": [0, 1]}


def _output(v=1.0):
    return RunOutput(
        metrics={"acc": v},
        history=[{"epoch": 1, "acc": v / 2}, {"epoch": 2, "acc": v}],
        arrays={"preds": {"y": np.arange(5)}},
        state_dicts={"model": {"w": torch.ones(3)}},
        info={"seconds": 1.5},
    )


def test_round_trip_of_everything_a_run_stores(tmp_path):
    store = ResultStore(tmp_path)
    run = store.put("toy", CFG, _output(0.7))
    again = store.get("toy", CFG)
    assert again is not None and again.key == run.key
    assert again.metrics == {"acc": 0.7} and again.config == CFG
    assert again.info == {"seconds": 1.5}
    pd.testing.assert_frame_equal(
        again.history, pd.DataFrame({"epoch": [1, 2], "acc": [0.35, 0.7]})
    )
    np.testing.assert_array_equal(again.arrays("preds")["y"], np.arange(5))
    assert torch.equal(again.state_dict("model")["w"], torch.ones(3))


def test_get_or_run_computes_once(tmp_path):
    store = ResultStore(tmp_path)
    calls = []
    for _ in range(3):
        store.get_or_run("toy", CFG, lambda: calls.append(1) or _output())
    assert len(calls) == 1


def test_key_depends_on_config_kind_and_code(monkeypatch):
    k = run_key("toy", CFG)
    assert run_key("toy", {**CFG, "lr": 0.2}) != k
    assert run_key("other", CFG) != k
    assert run_key("toy", dict(reversed(list(CFG.items())))) == k  # order does not matter
    monkeypatch.setattr(runkeys, "code_version", lambda study: "edited")
    assert run_key("toy", CFG) != k


def test_a_code_change_never_serves_old_numbers(tmp_path, monkeypatch):
    store = ResultStore(tmp_path)
    store.put("toy", CFG, _output(0.1))
    monkeypatch.setattr(runkeys, "code_version", lambda study: "edited")
    assert store.get("toy", CFG) is None
    assert store.runs("toy") == []


@pytest.mark.faults
@pytest.mark.parametrize("damage", ["truncate", "flip", "manifest", "config"])
def test_corrupted_run_is_reported_moved_aside_and_recomputed(tmp_path, damage):
    store = ResultStore(tmp_path)
    run = store.put("toy", CFG, _output(0.5))
    target = {
        "truncate": run.path / "model.pt",
        "flip": run.path / "metrics.json",
        "manifest": run.path / "MANIFEST.json",
        "config": run.path / "config.json",
    }[damage]
    data = target.read_bytes()
    if damage == "truncate":
        target.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        target.write_text(json.dumps({"acc": 0.99}))
    elif damage == "manifest":
        target.write_text("{not json")
    else:
        target.write_text(json.dumps({"lr": 0.1, "seeds": [0, 1, 2]}))
    with pytest.warns(CorruptRunWarning, match="corrupt"):
        assert store.get("toy", CFG) is None
    assert not run.path.exists()
    assert any(p.name.startswith(".corrupt-") for p in run.path.parent.iterdir())
    fresh = store.get_or_run("toy", CFG, lambda: _output(0.5))
    assert fresh.metrics == {"acc": 0.5}


@pytest.mark.faults
def test_a_failing_run_leaves_nothing_that_counts(tmp_path, monkeypatch):
    store = ResultStore(tmp_path)
    real = storefs.write_synced

    def dies_midway(path, data):
        if path.name == "model.pt":
            raise OSError("disk full")
        real(path, data)

    monkeypatch.setattr(storefs, "write_synced", dies_midway)
    with pytest.raises(OSError, match="disk full"):
        store.put("toy", CFG, _output())
    assert store.get("toy", CFG) is None
    assert list((tmp_path / "toy").iterdir()) == []  # temporary folder removed


@pytest.mark.faults
def test_unwritable_store_fails_early_and_loses_nothing(tmp_path):
    good = ResultStore(tmp_path / "good")
    good.put("toy", CFG, _output(0.3))
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    bad = ResultStore(blocker / "store")
    called = []
    with pytest.raises(StoreError, match=r"cannot be written.*NEGRESULTS_STORE"):
        bad.get_or_run("toy", CFG, lambda: called.append(1) or _output())
    assert called == []  # refused before the expensive part
    assert good.get("toy", CFG).metrics == {"acc": 0.3}


def test_store_location_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NEGRESULTS_STORE", str(tmp_path / "shared"))
    assert ResultStore().root == (tmp_path / "shared").resolve()


KILL_SCRIPT = textwrap.dedent(
    """
    import sys, time
    import negresults.store as s
    import negresults.storefs as fs
    real = fs.write_synced
    def slow(path, data):
        real(path, data)
        time.sleep(0.05)
    fs.write_synced = slow
    store = s.ResultStore(sys.argv[1])
    for i in range(40):
        store.get_or_run("toy", {"i": i}, lambda: s.RunOutput(metrics={"i": i}, history=[{"e": 1}]))
        print(i, flush=True)
    """
)


@pytest.mark.faults
def test_sigkill_mid_sweep_leaves_no_partial_run_and_rerun_completes(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    for _ in range(3):  # let a few runs finish, then kill in the middle of a write
        proc.stdout.readline()
    time.sleep(0.07)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    store = ResultStore(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an interrupted write is not "corrupt": it never counted
        done = {i for i in range(40) if store.get("toy", {"i": i}) is not None}
    assert 3 <= len(done) < 40
    assert done == set(range(len(done)))  # exactly the runs that completed, nothing half-done

    computed = []
    for i in range(40):
        store.get_or_run(
            "toy", {"i": i}, lambda i=i: computed.append(i) or RunOutput(metrics={"i": i})
        )
    assert computed == [i for i in range(40) if i not in done]
    assert all(store.get("toy", {"i": i}).metrics == {"i": i} for i in range(40))
