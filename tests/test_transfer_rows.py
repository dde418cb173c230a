"""Study B's added rows and budgets (issue 23): LP-FT's two stages, the non-deep
baselines' selection on validation only, early stopping with a patience, and the
steps past the budget that no rule reads."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from negresults.store import ResultStore
from negresults.tasks import execute
from negresults.transfer.compute import baselines, datasets, runners, selection
from negresults.transfer.compute import model as models
from negresults.transfer.config import TransferConfig as Config
from negresults.transfer.plan import arm_config, baseline_config, plan, pretrain_task
from negresults.transfer.report.results import Results


@pytest.fixture(scope="module")
def cfg():
    return Config.from_params(preset="smoke", device="cpu")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return ResultStore(tmp_path_factory.mktemp("rows_store"))


# -- LP-FT ----------------------------------------------------------------------
def test_lpft_probe_stage_leaves_the_backbone_and_fine_tuning_changes_it(cfg, store):
    config = arm_config(cfg, "lpft", 2, 0, device="cpu")
    assert config["lpft_probe_steps"] == cfg.lpft_probe_steps
    state = execute(pretrain_task(config["pretrain"]), store).state_dict("model")
    splits = datasets.load_target(config, 0)
    idx = splits.train_index(2)
    params = {k: config[k] for k in selection.MODEL_KEYS}
    net = models.build("lpft", params, 0, state)
    head_before = {k: v.clone() for k, v in net.head.state_dict().items()}
    train = (splits.images[idx], splits.labels[idx])
    selection.probe_stage(net, train, steps=20, lr=1e-2, device="cpu")
    # stage 1: the backbone is exactly the pretrained one, the head has moved
    after = net.backbone.state_dict()
    assert all(torch.equal(after[k], state["backbone." + k]) for k in after)
    assert any(not torch.equal(v, head_before[k]) for k, v in net.head.state_dict().items())
    # stage 2 (the whole arm): the backbone changes
    full, _ = selection.train_point(config, splits, state, (3e-3, 0.0, "none"), idx, {}, [5])
    after = full.backbone.state_dict()
    assert not all(torch.equal(after[k], state["backbone." + k]) for k in after)
    # and the probe stage is part of the arm: LP-FT's head before fine-tuning is not
    # the fresh head fine-tuning starts from
    fresh = models.build("finetune", params, 0, state)
    probed, _ = selection.train_point(config, splits, state, (0.0, 0.0, "none"), idx, {}, [1])
    assert not torch.equal(probed.head.weight, fresh.head.weight)


def test_lpft_is_a_pretrained_arm_that_trains_everything():
    spec = models.ARM_SPEC["lpft"]
    assert spec["pretrained"] and not spec["frozen"] and spec["probe_first"]


# -- non-deep baselines ---------------------------------------------------------
def test_baseline_choice_reads_the_holdout_not_the_test_set():
    """Holdout-best and test-best differ: the holdout's candidate is reported."""
    arrays = {
        "baseline": np.array([0, 1, 2]),
        "setting_a": np.array([1.0, 1.0, 3.0]),
        "setting_b": np.array([math.nan, 0.1, math.nan]),
        "holdout_acc": np.array([60.0, 80.0, 70.0]),
        "val_acc": np.array([75.0, 65.0, 70.0]),
        "fold_acc": np.zeros((3, 0)),
        "test_acc": np.array([90.0, 50.0, 70.0]),
    }
    assert int(np.argmax(arrays["test_acc"])) != int(np.argmax(arrays["holdout_acc"]))
    assert baselines.choose(baselines.selection_scores(arrays, "holdout")) == 1
    assert baselines.choose(baselines.selection_scores(arrays, "oracle")) == 0
    # scrambling the test scores moves no choice
    scrambled = {**arrays, "test_acc": np.array([0.0, 100.0, 3.0])}
    assert baselines.choose(baselines.selection_scores(scrambled, "holdout")) == 1
    # a tie goes to the earlier (more regularised) candidate
    tied = {**arrays, "holdout_acc": np.array([80.0, 80.0, 70.0])}
    assert baselines.choose(baselines.selection_scores(tied, "holdout")) == 0
    with pytest.raises(ValueError, match="needs baseline runs trained with folds"):
        baselines.selection_scores(arrays, "cv")


def test_results_report_the_holdout_choice_of_a_stored_baseline_run(cfg, monkeypatch):
    class FakeRun:
        config = {"baselines": ["logreg", "svm", "knn"]}

    run = FakeRun()
    results = Results(cfg, {}, {}, {(2, 0, 0): run})
    results._arrays[id(run)] = {
        "baseline": np.array([0, 1, 2]),
        "setting_a": np.array([1.0, 10.0, 3.0]),
        "setting_b": np.array([math.nan, 0.1, math.nan]),
        "holdout_acc": np.array([60.0, 70.0, 90.0]),
        "val_acc": np.array([95.0, 65.0, 70.0]),
        "fold_acc": np.zeros((3, 0)),
        "test_acc": np.array([99.0, 50.0, 61.0]),
    }
    pick = results.baseline_pick(2, 0, folds=0)
    assert (pick.baseline, pick.test_acc) == ("knn", 61.0)
    # each baseline's own row is tuned on the holdout too
    assert results.baseline_pick(2, 0, folds=0, only="logreg").test_acc == 99.0
    oracle = results.baseline_pick(2, 0, results.spec(protocol="oracle"), folds=0)
    assert oracle.baseline == "logreg"


def test_the_baseline_runner_fits_every_candidate_on_the_seeds_images(cfg):
    config = baseline_config(cfg, 2, 0)
    out = runners.run_baseline(config, [])
    grid = out.arrays["grid"]
    n = len(baselines.candidates(config, 2 * cfg.num_classes))
    assert grid["holdout_acc"].shape == grid["test_acc"].shape == (n,)
    assert set(grid["baseline"]) == {0, 1, 2}
    chosen = baselines.choose(grid["holdout_acc"])
    assert out.metrics["test_acc"] == grid["test_acc"][chosen]
    assert out.metrics["train_images"] == 2 * cfg.num_classes
    # deterministic: the same config gives the same scores
    again = runners.run_baseline(config, [])
    assert np.array_equal(again.arrays["grid"]["test_pred"], grid["test_pred"])


def test_baselines_share_a_run_across_shift_levels_and_are_planned(cfg):
    tasks = [t for stage in plan(cfg) for t in stage]
    base = [t for t in tasks if t.kind == runners.BASELINE_KIND]
    keys = {(t.config["size"], t.config["seed"]) for t in base}
    assert (cfg.table_size, cfg.seeds[0]) in keys
    assert len(base) == len(keys)  # one run per size x seed, whatever the level
    assert all(not t.needs for t in base)
    assert "shift" not in base[0].config and "pretrain" not in base[0].config
    none = cfg.replace(baselines=())
    assert not [t for st in plan(none) for t in st if t.kind == runners.BASELINE_KIND]


# -- budgets --------------------------------------------------------------------
def test_logging_runs_past_the_budget_and_is_dense():
    config = {"batch_size": 32, "min_steps": 80, "epochs": 20, "eval_points": 12, "extension": 0.5}
    b = selection.budget(config, 80)
    steps = b["eval_steps"]
    assert b["epochs"] == 80 and b["end"] == 120 and steps[-1] == 120
    assert len([s for s in steps if s <= b["epochs"]]) >= 10
    assert b["epochs"] in steps


def test_early_stopping_with_patience_never_reads_past_the_stop_or_the_budget():
    steps = np.array([1, 2, 3, 4, 5, 6, 7, 8])
    # holdout peaks at step 2, then flat; it would rise past the budget (step 6)
    acc = np.array([[50.0, 60.0, 55.0, 55.0, 58.0, 59.0, 90.0, 95.0]])
    loss = np.zeros_like(acc)
    lr = np.array([1e-3])
    c = selection.choose(acc, loss, lr, steps, budget_rule="early_stop", epochs_step=6, patience=2)
    assert (c.step, c.stop) == (1, 3)  # read at step 2; stopped two logged steps later (step 4)
    # without the patience it reads the best step within the budget, never the extension
    c = selection.choose(acc, loss, lr, steps, budget_rule="early_stop", epochs_step=6)
    assert steps[c.step] == 2 and steps[c.stop] == 6
    c = selection.choose(acc, loss, lr, steps, budget_rule="epochs", epochs_step=6)
    assert steps[c.step] == 6


def test_past_the_budget_only_the_validation_split_is_scored(cfg):
    out = runners.run_arm(arm_config(cfg, "scratch", 2, 0, device="cpu"), [])
    grid = out.arrays["grid"]
    past = grid["steps"] > out.metrics["epochs_step"]
    assert past.any() and (grid["steps"] <= out.metrics["epochs_step"]).sum() >= 10
    assert np.isfinite(grid["val_acc"][:, past]).all()
    assert np.isnan(grid["test_acc"][:, past]).all()
    assert np.isfinite(grid["test_acc"][:, ~past]).all()
