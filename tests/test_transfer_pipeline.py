"""Study B end to end on the smoke preset: learning, determinism, frozen
backbones, selection blind to the test set, tables and figures."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from scipy import stats as sst

from negresults.store import ResultStore
from negresults.transfer import Config, load_results
from negresults.transfer.compute import datasets, runners, selection
from negresults.transfer.compute.plan import arm_config, pretrain_config
from negresults.transfer.compute.splits import TargetSplits
from negresults.transfer.report import explore, figures, tables

matplotlib.use("Agg")  # tests only; notebooks never set a backend
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return ResultStore(tmp_path_factory.mktemp("transfer_store"))


@pytest.fixture(scope="module")
def cfg():
    return Config.from_params(preset="smoke", device="cpu")


@pytest.fixture(scope="module")
def results(cfg, store):
    return load_results(cfg, store, progress=False)


def test_smoke_learns_above_chance(results, cfg):
    acc = results.accuracy
    chance = 100.0 / cfg.num_classes
    # scratch and fine-tuning both clear chance by a wide margin on every seed
    for arm in ("scratch", "finetune"):
        values = acc[(acc.arm == arm) & (acc["size"] == max(cfg.all_sizes))].test_acc
        assert (values > 2 * chance).all(), (arm, values.tolist())
    assert (results.pretraining.source_val_acc > 2 * chance).all()


def test_results_cover_the_plan(results, cfg):
    acc = results.accuracy
    assert len(acc) == len(cfg.all_arms) * len(cfg.all_sizes) * len(cfg.seeds)
    assert set(acc.selected_lr) <= set(cfg.lr_grid)
    assert (acc.train_images == acc["size"] * cfg.num_classes).all()
    assert set(results.pretraining.seed) == set(cfg.seeds)
    assert {"step", "val_acc", "train_loss"} <= set(results.curves.columns)


def test_a_seed_is_deterministic_on_cpu(cfg, store):
    config = arm_config(cfg, "finetune", 2, 0, device="cpu")
    a = runners.run_arm(config, store)
    b = runners.run_arm(config, store)
    assert a.metrics == b.metrics
    assert np.array_equal(a.arrays["test"]["pred"], b.arrays["test"]["pred"])
    pc = pretrain_config(cfg, 0, device="cpu")
    pa, pb = runners.run_pretrain(pc, store), runners.run_pretrain(pc, store)
    assert pa.metrics == pb.metrics
    for k, v in pa.state_dicts["model"].items():
        assert torch.equal(v, pb.state_dicts["model"][k])


@pytest.mark.parametrize(
    "arm, changes", [("linear_probe", False), ("frozen_head", False), ("finetune", True)]
)
def test_frozen_arms_leave_the_backbone_unchanged(cfg, store, results, arm, changes):
    config = arm_config(cfg, arm, 2, 0, device="cpu")
    state = runners.pretrained_state(config, store)
    splits = datasets.load_target(config, 0)
    net, _ = selection.train_arm(config, splits, state, lr=3e-3)
    after = net.backbone.state_dict()
    same = all(torch.equal(after[k], state["backbone." + k]) for k in after)
    assert same != changes
    # and the head did train
    fresh, _ = selection.train_arm({**config, "steps": 1, "eval_every": 1}, splits, state, lr=0.0)
    head_moved = any(
        not torch.equal(v, fresh.head.state_dict()[k]) for k, v in net.head.state_dict().items()
    )
    assert head_moved


def test_selection_never_touches_the_test_set(cfg, store, results, monkeypatch):
    calls = []

    def forbidden(self):
        calls.append("test")
        raise AssertionError("learning-rate selection read the test set")

    config = arm_config(cfg, "finetune", 2, 1, device="cpu")
    state = runners.pretrained_state(config, store)
    monkeypatch.setattr(TargetSplits, "test", forbidden)
    chosen = selection.select_lr(config, datasets.load_target(config, 1), state)
    assert calls == []
    assert chosen.lr in cfg.lr_grid and set(chosen.val_acc_by_lr) == set(cfg.lr_grid)
    assert chosen.val_acc == max(chosen.val_acc_by_lr.values())

    # the runner reads the test set exactly once, after the choice is made
    order = []
    real_select = selection.select_lr

    def spy_select(*args, **kwargs):
        order.append("select")
        return real_select(*args, **kwargs)

    def spy_test(self):
        order.append("test")
        return self.images[self.test_index], self.labels[self.test_index]

    monkeypatch.setattr(selection, "select_lr", spy_select)
    monkeypatch.setattr(TargetSplits, "test", spy_test)
    runners.run_arm(config, store)
    assert order == ["select", "test"]


def test_second_load_is_memoised(cfg, store, results, monkeypatch):
    def boom(*_):
        raise AssertionError("a stored run was recomputed")

    monkeypatch.setattr(runners, "run_arm", boom)
    monkeypatch.setattr(runners, "run_pretrain", boom)
    again = load_results(cfg, store, progress=False)
    assert again.accuracy.equals(results.accuracy)


def test_table1_matches_scipy(results, cfg):
    t1 = tables.table1(results)
    assert len(t1) == len(cfg.all_arms)
    seeds = cfg.table_seed_list
    ft = tables.values(results, "finetune", cfg.table_size, seeds)
    sc = tables.values(results, "scratch", cfg.table_size, seeds)
    row = t1.loc["Transferred, full fine-tune"]
    assert row["Test accuracy (%), mean (std)"] == f"{ft.mean():.1f} ({ft.std(ddof=1):.1f})"
    assert row["n"] == len(seeds)
    d = ft - sc
    if d.std(ddof=1) > 0:
        lo, hi = sst.t.interval(0.95, len(d) - 1, loc=d.mean(), scale=sst.sem(d))
        assert row["95% CI of difference"] == f"[{lo:+.1f}, {hi:+.1f}]"


def test_claims_follow_the_fixed_verdict_order(results, cfg):
    claims = tables.claims(results)
    assert len(claims) == len(cfg.all_arms) - 1
    assert claims["Verdict"].str.match("no benefit|benefit|harm|inconclusive").all()
    numbers = tables.numbers(results)
    assert numbers["table_size"] == str(cfg.table_size)


def test_stop_rule_on_known_values(results, cfg, monkeypatch):
    sizes = cfg.all_sizes
    fake = {}
    for size in sizes:
        for i, seed in enumerate(cfg.seeds):
            gain = 10.0 if size == sizes[0] else 0.0
            fake[("scratch", size, seed)] = 50.0 + i
            fake[("finetune", size, seed)] = 50.0 + i + gain + 0.5 * i
    monkeypatch.setattr(
        tables, "values", lambda r, a, s, seeds: np.array([fake[(a, s, x)] for x in seeds])
    )
    monkeypatch.setattr(type(cfg), "all_arms", property(lambda self: ("scratch", "finetune")))
    stop = tables.transfer_stops_helping(results)
    assert stop["helps"][sizes[0]] and stop["size"] == sizes[1]


def test_figures_render(results):
    for fig in (
        figures.figure1(results),
        figures.size_sweep(results),
        figures.learning_curves(results),
        figures.per_seed(results),
        figures.pretraining_curves(results),
        figures.samples(results.cfg),
    ):
        assert fig.axes
        matplotlib.pyplot.close(fig)


def test_figure1_partitions_disagreements(results, cfg):
    d = figures.disagreements(results, "finetune", cfg.seeds[0], cfg.table_size)
    right_t = d["arm_pred"] == d["label"]
    right_s = d["scratch_pred"] == d["label"]
    assert np.array_equal(d["arm_wrong_scratch_right"], np.flatnonzero(~right_t & right_s))
    assert np.array_equal(d["scratch_wrong_arm_right"], np.flatnonzero(right_t & ~right_s))


def test_explorer_is_static_in_the_book(results, monkeypatch):
    monkeypatch.setenv("NEGRESULTS_STATIC", "1")
    view = explore.explorer(results)
    assert isinstance(view, matplotlib.figure.Figure)
    matplotlib.pyplot.close(view)
    monkeypatch.delenv("NEGRESULTS_STATIC")
    import ipywidgets

    widget = explore.explorer(results)
    assert isinstance(widget, ipywidgets.Widget)
    matplotlib.pyplot.close("all")


def test_hyperparameters_come_from_the_run_configs(results, cfg):
    hp = tables.hyperparameters(results)
    flat = {k[1]: v for k, v in hp["value"].items()}
    assert flat["steps"] == str(cfg.steps)
    assert flat["lr_grid"] == ", ".join(f"{lr:g}" for lr in cfg.lr_grid)
    assert flat["scratch"]  # the selected learning rates are listed per arm
