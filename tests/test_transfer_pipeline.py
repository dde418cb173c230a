"""Study B end to end on the smoke preset: learning, determinism, frozen
backbones, selection blind to the test set, tables and figures."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from scipy import stats as sst

from negresults.config import ConfigError
from negresults.reporting import fmt, readable_ci, readable_p
from negresults.store import ResultStore
from negresults.tasks import execute
from negresults.transfer.compute import datasets, runners, selection
from negresults.transfer.config import (
    BEST_NONDEEP_LABEL,
    LEVEL_LABELS,
    SOURCE_ONLY_LABEL,
    seed_range,
)
from negresults.transfer.config import TransferConfig as Config
from negresults.transfer.plan import arm_config, pretrain_config, pretrain_task
from negresults.transfer.report import claims as claims_module
from negresults.transfer.report import explore, figures, prose, tables
from negresults.transfer.report.results import load_results

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
    chance = 100.0 / cfg.num_classes
    acc = results.accuracy
    # fine-tuning clears chance on every seed; every run is scored
    ft = acc[acc.arm == "finetune"].test_acc
    assert (ft > chance).all(), ft.tolist()
    assert acc.test_acc.between(0, 100).all()
    # Every level's source model learned its source; the handwriting-only sources have a
    # few validation images at this size (4 here), so they are held to the target instead.
    pre = results.pretraining
    alone = pre.level.isin(["handwriting", "handwriting_matched"])
    assert (pre[~alone].source_val_acc > chance).all()
    assert alone.any() and (pre[alone].source_only_target_acc > chance).all()


def test_results_cover_the_plan(results, cfg):
    acc = results.accuracy
    table = acc[(acc["size"] == cfg.table_size) & acc.seed.isin(cfg.seeds)]
    assert set(table.arm) == set(cfg.all_arms)
    assert set(acc.selected_lr) <= set(cfg.lr_grid)
    assert set(acc.selected_wd) <= set(cfg.wd_grid)
    assert set(acc.selected_augment) <= set(cfg.augment_grid)
    assert (acc.train_images == acc["size"] * cfg.num_classes).all()
    levels = set(results.pretraining.level)
    # The shift axis's levels, and the source of Table 1's handwriting alone at equal steps
    # and at equal passes.
    assert levels == {*cfg.levels, "handwriting", "handwriting_matched"}
    # every arm run stored its whole grid: points x logged steps
    run = results.run("finetune", cfg.table_size, cfg.seeds[0])
    grid = results.grid(run)
    points = len(selection.grid(run.config))
    assert points == len(cfg.lr_grid) * len(cfg.augment_grid)  # smoke pairs decay with augmentation
    assert grid["val_acc"].shape == grid["test_acc"].shape == (points, len(grid["steps"]))
    assert grid["test_pred"].shape[:2] == grid["val_acc"].shape


def test_a_seed_is_deterministic_on_cpu(cfg, store):
    config = arm_config(cfg, "finetune", 2, 0, device="cpu")
    pretraining = [execute(pretrain_task(config["pretrain"]), store)]  # the arm's declared need
    a = runners.run_arm(config, pretraining)
    b = runners.run_arm(config, pretraining)
    assert a.metrics == b.metrics
    for k, v in a.arrays["grid"].items():
        assert np.array_equal(v, b.arrays["grid"][k], equal_nan=True), k
    pc = pretrain_config(cfg, 0, device="cpu")
    pa, pb = runners.run_pretrain(pc, []), runners.run_pretrain(pc, [])
    assert pa.metrics == pb.metrics
    for k, v in pa.state_dicts["model"].items():
        assert torch.equal(v, pb.state_dicts["model"][k])


@pytest.mark.parametrize(
    "arm, aug, changes",
    [
        ("linear_probe", "none", False),
        ("frozen_head", "shift", False),
        ("finetune", "none", True),
    ],
)
def test_frozen_arms_leave_the_backbone_unchanged(cfg, store, results, arm, aug, changes):
    config = arm_config(cfg, arm, 2, 0, device="cpu")
    state = execute(pretrain_task(config["pretrain"]), store).state_dict("model")
    splits = datasets.load_target(config, 0)
    idx = splits.train_index(2)
    net, _ = selection.train_point(config, splits, state, (3e-3, 0.1, aug), idx, {}, [5])
    after = net.backbone.state_dict()
    same = all(torch.equal(after[k], state["backbone." + k]) for k in after)
    assert same != changes
    # and the head did train
    fresh, _ = selection.train_point(config, splits, state, (0.0, 0.0, aug), idx, {}, [1])
    head_moved = any(
        not torch.equal(v, fresh.head.state_dict()[k]) for k, v in net.head.state_dict().items()
    )
    assert head_moved


def test_the_choice_reads_validation_only(results, cfg, monkeypatch):
    """Scramble every test score: no choice may move; only the looked-up score does."""
    from negresults.transfer.report.results import Results

    run = results.run("finetune", cfg.table_size, cfg.seeds[0])
    real = results.grid(run)
    rng = np.random.default_rng(0)
    scrambled = {**real, "test_acc": rng.uniform(0, 100, real["test_acc"].shape)}
    other = Results(cfg, results.runs, results.pretrains)
    other._arrays[id(run)] = scrambled
    for spec in tables.specs(cfg):
        a, b = results.pick(run, spec), other.pick(run, spec)
        assert (a.point, a.step) == (b.point, b.step), spec
        e = list(b.steps).index(b.step)
        assert b.test_acc == scrambled["test_acc"][b.point, e]
    # and choose() itself takes no test score: validation, loss, lr, steps only
    import inspect

    params = inspect.signature(selection.choose).parameters
    assert not any("test" in p for p in params)


def test_choose_on_known_scores():
    acc = np.array([[50.0, 60.0, 55.0], [50.0, 70.0, 65.0], [40.0, 45.0, 90.0]])
    loss = np.ones_like(acc)
    lr = np.array([1e-3, 1e-2, 1e-1])
    steps = np.array([10, 20, 30])
    # the epochs budget reads the last step only; early stop any step up to it
    c = selection.choose(acc, loss, lr, steps, budget_rule="epochs", epochs_step=30)
    assert (c.point, c.step) == (2, 2)
    c = selection.choose(acc, loss, lr, steps, budget_rule="early_stop", epochs_step=20)
    assert (c.point, c.step) == (1, 1)
    masked = selection.choose(
        acc, loss, lr, steps, budget_rule="epochs", epochs_step=30, allowed=np.array([1, 1, 0]) > 0
    )
    assert masked.point == 1
    # ties go to the lower loss, then the smaller rate
    tie = np.full((2, 1), 80.0)
    assert (
        selection.choose(
            tie, np.array([[2.0], [1.0]]), lr[:2], steps[:1], budget_rule="epochs", epochs_step=10
        ).point
        == 1
    )
    assert (
        selection.choose(
            tie, np.ones((2, 1)), lr[:2], steps[:1], budget_rule="epochs", epochs_step=10
        ).point
        == 0
    )
    with pytest.raises(ValueError, match="valid: epochs, early_stop"):
        selection.choose(acc, loss, lr, steps, budget_rule="forever", epochs_step=30)


def test_one_se_rule_takes_the_median_rate_among_the_tied():
    # Five rates, one logged step; 80 selection images at 90%: one SE is 3.35 points.
    lr = np.array([1e-5, 1e-4, 1e-3, 1e-2, 1e-1])
    loss = np.ones((5, 1))
    steps = np.array([10])

    def pick(scores, rule="one_se", n=80):
        acc = np.array(scores, dtype=float)[:, None]
        kw = dict(budget_rule="epochs", epochs_step=10, rule=rule, n_select=n)
        return selection.choose(acc, loss, lr, steps, **kw).point

    # The bottom edge wins by one image: best takes it, one_se the middle of the tied three.
    assert pick([90.0, 88.75, 87.5, 80.0, 70.0], rule="best") == 0
    assert pick([90.0, 88.75, 87.5, 80.0, 70.0]) == 1
    # Nothing within one SE of a clear winner: it is taken whatever its place.
    assert pick([90.0, 80.0, 75.0, 70.0, 60.0]) == 0
    # An even tied set takes the lower median.
    assert pick([70.0, 90.0, 89.0, 88.0, 87.0]) == 2
    # The standard error shrinks with more selection images: 2,000 of them break the tie.
    assert pick([90.0, 88.75, 87.5, 80.0, 70.0], n=2000) == 0
    with pytest.raises(ValueError, match="valid: best, one_se"):
        pick([90.0] * 5, rule="median")
    with pytest.raises(ValueError, match="needs n_select"):
        pick([90.0] * 5, n=None)


def test_cross_validation_trains_every_fold(cfg, store):
    config = {**arm_config(cfg, "scratch", 2, 0, device="cpu", folds=2)}
    out = runners.run_arm(config, [])
    grid = out.arrays["grid"]
    assert grid["fold_acc"].shape[1] == 2 and out.metrics["protocol"] == "cv"
    acc, _ = selection.protocol_scores(grid, "cv")
    assert np.allclose(acc, grid["fold_acc"].mean(axis=1), equal_nan=True)
    no_folds = runners.run_arm(arm_config(cfg, "scratch", 2, 0, device="cpu"), [])
    with pytest.raises(ValueError, match="folds > 0"):
        selection.protocol_scores(no_folds.arrays["grid"], "cv")


def test_second_load_is_memoised(cfg, store, results, monkeypatch):
    def boom(*_):
        raise AssertionError("a stored run was recomputed")

    monkeypatch.setattr(runners, "run_arm", boom)
    monkeypatch.setattr(runners, "run_pretrain", boom)
    again = load_results(cfg, store, progress=False)
    assert again.accuracy.equals(results.accuracy)


def test_table1_matches_scipy(results, cfg):
    t1 = tables.table1(results)
    # every arm, then source-only and the best non-deep baseline (no verdict: not claims)
    assert len(t1) == len(cfg.all_arms) + 2
    assert list(t1.index[-2:]) == [SOURCE_ONLY_LABEL, BEST_NONDEEP_LABEL]
    assert (t1["Verdict"].iloc[-2:] == "").all()
    so = results.source_only(cfg.table_level, cfg.seeds)
    assert t1.loc[SOURCE_ONLY_LABEL, f"n={len(cfg.seeds)}: mean (std)"] == (
        f"{so.mean():.1f} ({so.std(ddof=1):.1f})"
    )
    ft = results.test_acc("finetune", cfg.table_size, cfg.seeds)
    sc = results.test_acc("scratch", cfg.table_size, cfg.seeds)
    row = t1.loc["fine-tune"]
    n = f"n={len(cfg.seeds)}"
    assert row[f"{n}: mean (std)"] == f"{ft.mean():.1f} ({ft.std(ddof=1):.1f})"
    d = ft - sc
    if d.std(ddof=1) > 0:
        lo, hi = sst.t.interval(0.95, len(d) - 1, loc=d.mean(), scale=sst.sem(d))
        assert row[f"{n}: vs scratch"] == f"{d.mean():+.1f} [{lo:+.1f}, {hi:+.1f}]"
    # intervals of a mean accuracy stay inside [0, 100]
    for text in t1[f"{n}: 95% CI"]:
        lo, hi = (float(v) for v in text.strip("[]").split(","))
        assert 0.0 <= lo <= hi <= 100.0


def test_claims_follow_the_fixed_verdict_order(results, cfg):
    claims = claims_module.claims(results)
    # each transferred arm on Table 1's source, and again on the font-only source
    assert len(claims) == 2 * (len(cfg.all_arms) - 1)
    words = (
        r"benefit \(claim contradicted\)|harm \(claim supported\)|"
        r"no benefit \(claim supported\)|inconclusive \(claim undecided\)|untestable"
    )
    assert claims["Verdict"].str.fullmatch(words).all(), claims["Verdict"].tolist()
    # The p shown is the test the verdict rests on: the t-test's for an effect, else the TOST's.
    found = claims_module.judged(results) + claims_module.judged_pure(results)
    for (_, c), shown in zip(found, claims["p of the verdict's test"], strict=True):
        effect = c.verdict in ("positive", "negative")
        want = c.difference.p_value if effect else c.equivalence.p_value
        assert shown == readable_p(want)
    numbers = prose.numbers(results)
    assert numbers["table_size"] == str(cfg.table_size)


def test_verdict_counts_read_the_verdicts_not_the_words(results, cfg):
    """Data frames carry the shared verdicts; the counts glued cover every cell."""
    from negresults.verdicts import VERDICTS

    summary = tables.shift_summary(results)
    assert set(summary.verdict) <= set(VERDICTS)
    assert set(tables.spec_curve(results).verdict) <= set(VERDICTS)
    n = prose.numbers(results)
    keys = ("benefit", "harm", "no_benefit", "inconclusive", "untestable")
    assert sum(int(n[f"shift_{k}"]) for k in keys) == int(n["shift_cells"]) == len(summary)
    assert int(n["shift_benefit"]) == int((summary.verdict == "positive").sum())
    assert int(n["shift_no_benefit"]) == int((summary.verdict == "equivalent").sum())


def test_one_seed_is_untestable_not_inconclusive(results, cfg):
    one = claims_module.comparison(results, "finetune", seeds=cfg.seeds[:1])
    assert one.verdict == "untestable"
    from negresults.transfer.report.words import VERDICT_WORDS

    assert VERDICT_WORDS[one.verdict] == "untestable"


def test_cut_short_reads_the_gain_not_its_rounded_text(results, monkeypatch):
    from negresults import stats

    def gains(means):
        return {
            arm: tables.FinalGain((10, 15), stats.Summary(5, m, 1.0, m - 0.5, m + 0.5))
            for arm, m in means.items()
        }

    # a mean of 1.00001 prints as "+1.0" but lies above the 1-point limit: still gaining
    monkeypatch.setattr(tables, "final_gains", lambda r, pure=False: gains({"scratch": 1.00001}))
    text = prose.cut_short(results)
    assert "+1.0 points" in text and "above the 1-point limit" in text
    # the largest gain over arms is the one named
    means = {"scratch": 0.2, "finetune": -0.2, "linear_probe": 0.9, "frozen_head": 0.4}
    monkeypatch.setattr(tables, "final_gains", lambda r, pure=False: gains(means))
    text = prose.cut_short(results)
    assert "+0.9 points" in text and "linear probe" in text and "within the 1-point" in text
    # its interval, [+0.4, +1.4], excludes zero: the mean passes, yet the arm still gained
    assert "still gaining a little" in text
    means = {"scratch": 0.2, "finetune": 0.3}  # [-0.2, +0.8]: passes, and no gain shown
    monkeypatch.setattr(tables, "final_gains", lambda r, pure=False: gains(means))
    assert "still gaining" not in prose.cut_short(results)
    monkeypatch.setattr(tables, "final_gains", lambda r, pure=False: {})
    assert "unknown" in prose.cut_short(results)


def test_pilot_rule_on_known_values(results, cfg, monkeypatch):
    """The smallest pilot size whose seeds-for-margin fits the budget wins."""
    sizes = (2, 4, 8)
    sd = {2: 8.0, 4: 1.0, 8: 0.5}

    def fake(arm, size, seeds, *a, **k):
        spread = np.linspace(-1.0, 1.0, len(seeds))
        base = np.full(len(seeds), 70.0)
        return base + (sd[size] * spread if arm == "finetune" else 0.0)

    wider = cfg.replace(pilot_sizes=sizes, seeds=tuple(range(12)), max_table_seeds=12)
    monkeypatch.setattr(results, "cfg", wider)
    monkeypatch.setattr(results, "test_acc", fake)
    table = tables.pilot(results)
    assert list(table.index) == list(sizes)
    choice = tables.pilot_choice(results)
    assert choice["size"] == 4 and choice["fits"]
    # a seed budget too small for every size: the size needing the fewest seeds
    monkeypatch.setattr(results, "cfg", wider.replace(max_table_seeds=2))
    choice = tables.pilot_choice(results)
    assert choice["size"] == 8 and not choice["fits"]


def test_spec_curve_covers_every_declared_analysis(results, cfg):
    df = tables.spec_curve(results)
    # protocol (no folds: holdout, oracle) x stopping x selection rule x rate x augmentation
    assert len(tables.specs(cfg)) == 2 * 2 * 2 * 2 * 2
    assert set(df["selection rule"]) == {"one standard error", "best score"}
    # ... at every target size and source the runs cover: the smoke preset's one size, the
    # no-shift control and each real level, on the seeds each cell ran
    cells = tables.cells(results)
    assert {(c.size, c.level) for c in cells} == {
        (size, level) for size in cfg.all_sizes for level in cfg.levels
    }
    assert len(df) == len(cells) * len(tables.specs(cfg))
    assert list(df["diff"]) == sorted(df["diff"])
    assert set(df.level[df.control]) == {"writers"}
    assert (df.oracle == (df.protocol == "oracle (upper bound)")).all()
    # the default analysis appears once, at Table 1's cell, on all seeds, with Table 1's estimate
    row = df[df.table1]
    assert len(row) == 1 and row.declared.all()
    assert (row["size"].iloc[0], row.level.iloc[0]) == (cfg.table_size, cfg.table_level)
    assert row.seeds.iloc[0] == len(cfg.seeds)
    assert row["selection rule"].iloc[0] == "one standard error"  # the config's selection_rule
    assert row["diff"].iloc[0] == pytest.approx(claims_module.comparison(results).difference.mean)
    assert df.declared.sum() == len(cells)  # Table 1's selection, once per cell
    # every analysis is in the per-cell table, and nothing a reader sees is a code name
    shown = tables.spec_cells(results)
    assert len(shown) == len(cells)
    text = shown.to_string() + prose.spec_flips(results)
    for name in ("writers", "mixed_light", "one_se", "early_stop", "finetune", "True", "..."):
        assert name not in text, name


def _fake_curve_results(cfg, monkeypatch):
    """Results on two sizes and three sources whose verdicts are known by construction.

    Fine-tuning gains 10 points everywhere except at 2 images per class from crisp fonts
    (no gain) and, under the oracle, at Table 1's own size and source (none either).
    """
    from negresults.transfer.report.results import Results

    wide = cfg.replace(
        seeds=tuple(range(6)),
        table_seeds=2,
        shift_seeds=3,
        target_sizes=(2, 4),
        table_size=4,
        shift_levels=("writers", "mixed_light", "fonts"),
        table_shift="mixed_light",
    )
    runs = {}
    for arm, level, size, seeds in [
        ("finetune", "mixed_light", 4, wide.seeds),  # Table 1
        ("finetune", "writers", 4, wide.seeds),  # the second claim's control
        *[("finetune", lv, n, wide.shift_seed_list) for lv in wide.levels for n in (2, 4)],
    ]:
        for s in seeds:
            runs[(arm, level, size, s, 0)] = runs[("scratch", None, size, s, 0)] = object()
    results = Results(wide, runs, {})
    noise = np.array([0.3, -0.2, 0.1, -0.3, 0.2, -0.1])

    def fake(arm, size, seeds, level=None, folds=None, spec=None):
        base = 70.0 + 0.5 * np.arange(len(seeds))
        if arm == "scratch":
            return base
        gain = 10.0
        if (size, level) == (2, "fonts"):
            gain = 0.0
        elif (size, level) == (4, "mixed_light") and spec.protocol == "oracle":
            gain = 0.0
        return base + gain + noise[: len(seeds)]

    monkeypatch.setattr(results, "test_acc", fake)
    return results


def test_spec_curve_says_which_choices_flip_table_1s_verdict(cfg, monkeypatch):
    results = _fake_curve_results(cfg, monkeypatch)
    cells = {(c.size, c.level): len(c.seeds) for c in tables.cells(results)}
    # Table 1's cell and the control at its size read every seed; the rest the shift axis's
    assert cells == {
        (2, "writers"): 3,
        (2, "mixed_light"): 3,
        (2, "fonts"): 3,
        (4, "writers"): 6,
        (4, "mixed_light"): 6,
        (4, "fonts"): 3,
    }
    df = tables.spec_curve(results)
    assert len(df) == 6 * 32 and tables.table1_verdict(df) == "positive"
    assert set(prose.movers(df, (*tables.SELECTION_CHOICES, *tables.DATA_CHOICES))) == {
        "protocol",
        "target size",
        "source",
    }
    text = prose.spec_flips(results)
    assert text.startswith(
        "Over every pair of size and source, Table 1's verdict, benefit, holds in 144 of the "
        "192 analyses (32 "
    )
    assert "not how robust Table 1's is" in text
    assert (
        "At Table 1's own size and source, 16 of the 32 ways of choosing settings give another "
        "verdict (no benefit: 16; all of them read the oracle); the choices that, changed on "
        "their own, move some analysis across are the selection protocol." in text
    )
    assert (
        "1 of the 5 other pairs of size and source gives another verdict: no benefit at 2 "
        "images per class pretrained on crisp rendered fonts." in text
    )
    assert "Of all 48 analyses that give another verdict, 32 of them read the oracle" in text
    assert text.endswith("all else fixed: the selection protocol, the target size and the source.")
    short = prose.spec_flips(results, short=True)
    assert "crisp rendered" not in short and "holds in 144" not in short
    # the Conclusion leads with Table 1's own cell, not the pooled count
    assert short.startswith("At Table 1's own size and source, 16 of the 32 ways")
    # The Conclusion counts what the Experiments chapter names, instead of repeating its list.
    assert (
        "1 of the 5 other pairs of size and source gives another verdict (1 no benefit; the "
        "Experiments chapter names them)." in short
    )
    assert prose.spec_seeds(results) == (
        "The no-shift control at 4 images per class and Table 1's own size and source read 6 "
        "seeds; the other 4 pairs of size and source read 3 seeds."
    )
    shown = tables.spec_cells(results)
    assert len(shown) == 6
    table1 = shown.loc[
        ("4 per class", "handwriting with some fonts through the target's acquisition (Table 1)")
    ]
    assert table1["Verdict"] == "benefit"
    assert table1["Verdict other than Table 1's: holdout"] == "none of 16"
    assert table1["Verdict other than Table 1's: oracle (upper bound)"] == (
        "16 of 16 (no benefit 16)"
    )
    fonts = shown.loc[("2 per class", "crisp rendered fonts")]
    assert fonts["Verdict"] == "no benefit"
    matplotlib.pyplot.close(figures.spec_grid_figure(results))
    matplotlib.pyplot.close(figures.spec_figure(results))


def test_every_analysis_agreeing_is_said_in_one_sentence(cfg, monkeypatch):
    results = _fake_curve_results(cfg, monkeypatch)
    monkeypatch.setattr(
        results,
        "test_acc",
        lambda arm, size, seeds, *a, **k: (
            np.arange(len(seeds)) * (1.0 if arm == "scratch" else 1.1)
            + (0.0 if arm == "scratch" else 9.0)
        ),
    )
    assert prose.spec_flips(results) == (
        "Every one of the 192 analyses (32 ways of choosing settings at each of 6 pairs of "
        "target size and source) gives Table 1's verdict, benefit."
    )


def test_chapters_show_tables_whole():
    """A raw DataFrame shown in a notebook cuts every cell past 50 characters to '...'
    (pandas' display.max_colwidth); the chapters show tables through readable(), whole."""
    for chapter in sorted((ROOT / "notebooks" / "transfer").glob("*.py")):
        for line in chapter.read_text().splitlines():
            if line.startswith("display(") and "explore." not in line:
                # A list of sentences goes through Markdown; a table through readable().
                assert line.startswith(("display(readable(", "display(Markdown(")), (
                    f"{chapter.name}: {line}"
                )


def test_the_selection_rule_is_said_in_words(results, cfg):
    words = prose.numbers(results)["selection"]
    assert "one-standard-error rule" in words and "median learning rate" in words
    assert "one_se" not in words


def test_shift_axis_tables(results, cfg):
    sizes = tables.shift_sizes(results)
    assert list(sizes.level) == list(cfg.levels)
    pre = results.pretraining
    first = pre[(pre.level == cfg.levels[0]) & pre.seed.isin(cfg.shift_seed_list)]
    expected = (first.source_val_acc - first.source_only_target_acc).mean()
    assert sizes["drop"].iloc[0] == pytest.approx(expected)
    summary = tables.shift_summary(results)
    assert len(summary) == len(cfg.levels) * len(cfg.target_sizes)
    assert tables.shift_table(results).shape[0] == len(cfg.levels)


def test_lr_edge_picks_counts_both_ends(results, cfg):
    edges = {min(cfg.lr_grid), max(cfg.lr_grid)}
    expected = 0
    for protocol in (cfg.selection, "oracle"):
        spec = results.spec(protocol=protocol)
        expected += sum(results.pick(r, spec).lr in edges for r in results.runs.values())
    assert tables.lr_edge_picks(results) == expected
    # the smoke grid has two rates, both edges: every pick counts, under both protocols
    assert len(cfg.lr_grid) == 2
    assert tables.lr_edge_picks(results) == 2 * len(results.runs)


class _GridRun:
    """A stored arm run reduced to what a pick reads: three rates, one logged step."""

    metrics = {"epochs_step": 10}
    config = {"size": 8}  # 80 selection images on the holdout

    def __init__(self, val, test):
        self._a = {
            "lr": np.array([1e-3, 1e-2, 1e-1]),
            "wd": np.zeros(3),
            "aug": np.zeros(3, dtype=int),
            "steps": np.array([10]),
            "test_acc": np.array(test, dtype=float)[:, None],
        }
        for name in ("val", "holdout"):
            self._a[f"{name}_acc"] = np.array(val, dtype=float)[:, None]
            self._a[f"{name}_loss"] = np.ones((3, 1))

    def arrays(self, name):
        assert name == "grid"
        return self._a


def test_an_edge_is_read_on_the_run_own_grid(cfg):
    from negresults.transfer.report.results import Results

    grid_cfg = cfg.replace(lr_grid=(1e-3, 1e-2, 1e-1))
    # LP-FT's grid reaches a rate below the others': its pick at 1e-3 sits inside it
    lpft = _GridRun(val=[50, 70, 60], test=[40, 80, 30])
    lpft._a["lr"] = np.array([1e-4, 1e-3, 1e-2])
    lone = _GridRun(val=[70, 50, 60], test=[40, 80, 30])  # 1e-3 is this grid's bottom
    runs = {("lpft", "acquired", 8, 3, 0): lpft, ("finetune", "acquired", 8, 3, 0): lone}
    records = tables.lr_edge_records(Results(grid_cfg, runs, {}))
    assert {(e.arm, e.lr) for e in records} == {("finetune", 1e-3)}


class _PretrainRun:
    """A stored pretraining reduced to its logged source validation accuracy per epoch."""

    def __init__(self, accs):
        import pandas as pd

        self.history = pd.DataFrame(
            {"epoch": range(1, len(accs) + 1), "source_val_acc": np.array(accs, dtype=float)}
        )


def test_pretraining_gains_read_the_last_quarter_of_the_reported_seeds(cfg):
    from negresults.transfer.report.results import Results

    assert [tables.pretraining_quarter(e) for e in (2, 3, 4, 12)] == [1, 2, 3, 9]
    pilot = cfg.pilot_seeds[0]
    pretrains = {
        ("writers", 0): _PretrainRun([50, 80, 90, 90.5]),  # +0.5 over epochs 3 to 4
        ("writers", 1): _PretrainRun([50, 80, 90, 91.5]),  # +1.5: the mean is +1.0
        ("outline", 0): _PretrainRun([10, 20, 30, 33]),  # +3: still learning
        ("outline", pilot): _PretrainRun([0, 0, 0, 99]),  # the pilot's: left out
    }
    results = Results(cfg, {}, pretrains)
    gains = tables.pretraining_gains(results)
    assert gains.to_dict() == pytest.approx({"writers": 1.0, "outline": 3.0})
    text = prose.pretraining_unfinished(results)
    assert "still learning" in text and "1 of the 2 gained more than 1 point" in text
    # once every level is under the limit, the page says they had finished
    pretrains[("outline", 0)] = _PretrainRun([10, 20, 30, 30.2])
    text = prose.pretraining_unfinished(Results(cfg, {}, pretrains))
    assert text.startswith("Every shift level's source model had finished learning")


def test_arms_with_different_budgets_are_compared_at_the_last_step_all_logged():
    from types import SimpleNamespace

    scratch = SimpleNamespace(steps=(64, 128, 192, 256, 320), budget=256)
    transferred = SimpleNamespace(steps=(16, 32, 48, 64, 80, 96, 112, 128, 144, 160), budget=128)
    # 160 lies past the transferred budget and 192 is not logged by it: 128 is the last shared
    assert tables.common_step([scratch, transferred]) == 128
    assert tables.common_step([SimpleNamespace(steps=(10, 20), budget=20), transferred]) is None


class _BaselineRun:
    """A stored non-deep baseline run reduced to what its pick reads: an SVM at C = 1 and
    C = 10 (the ends of its C grid), both at the middle of its gamma grid."""

    def __init__(self, holdout):
        self.config = {
            "baselines": ["svm"],
            "svm_c_grid": [1.0, 10.0],
            "svm_gamma_grid": [0.1, 1.0, 10.0],
        }
        self._a = {
            "baseline": np.zeros(2, dtype=int),
            "setting_a": np.array([1.0, 10.0]),
            "setting_b": np.array([1.0, 1.0]),
            "holdout_acc": np.array(holdout, dtype=float),
            "val_acc": np.array(holdout, dtype=float),
            "test_acc": np.array([50.0, 60.0]),
        }

    def arrays(self, name):
        assert name == "grid"
        return self._a


def test_a_low_edge_baseline_pick_is_told_apart_as_a_tie_or_a_strict_best(cfg):
    from negresults.transfer.report.results import Results

    runs = {
        (8, 0, 0): _BaselineRun([70, 70]),  # tied: the tie-break takes C = 1, the low end
        (8, 1, 0): _BaselineRun([80, 70]),  # a strict best on the low end
        (8, 2, 0): _BaselineRun([60, 70]),  # the high end: a wider grid could still win
    }
    results = Results(cfg.replace(selection="holdout"), {}, {}, runs)
    assert tables.nondeep_edge_counts(results) == (2, 1, 1, 3)
    text = prose.nondeep_edge_words(results)
    assert "in 3 of 3 runs" in text and "1 at a high end" in text
    assert "Of the low-end picks, 1 tie" in text and "the other 1 is a strict best" in text
    assert "may be lower than a wider grid would make it" in text
    # with no high-end pick, the bar is not called low
    results = Results(cfg.replace(selection="holdout"), {}, {}, dict(list(runs.items())[:2]))
    assert "may be lower" not in prose.nondeep_edge_words(results)
    assert "0 at a high end" in prose.nondeep_edge_words(results)


def test_an_edge_pick_is_named_beside_its_best_interior_rate(cfg):
    from negresults.transfer.report.results import Results

    grid_cfg = cfg.replace(lr_grid=(1e-3, 1e-2, 1e-1))
    edge = _GridRun(val=[50, 60, 70], test=[40, 80, 30])  # validation picks the top edge
    inside = _GridRun(val=[50, 70, 60], test=[40, 80, 30])  # validation picks the middle
    runs = {("linear_probe", "acquired", 8, 41, 0): edge, ("finetune", "acquired", 8, 7, 0): inside}
    results = Results(grid_cfg, runs, {})
    assert results.pick(edge).lr == pytest.approx(1e-1)
    assert results.pick(edge, results.spec(interior_lr=True)).lr == pytest.approx(1e-2)
    found = prose.lr_edge_list(results)
    assert tables.lr_edge_picks(results) == 2
    records = tables.lr_edge_records(results)
    assert {e.protocol for e in records} == {grid_cfg.selection, "oracle"}
    for e in records:
        assert (e.arm, e.seed, e.test_acc, e.interior[1]) == ("linear_probe", 41, 30.0, 80.0)
        assert e.lr == pytest.approx(1e-1) and e.interior[0] == pytest.approx(1e-2)
    assert len(found) == 2  # the edge run, under the reported protocol and the oracle
    assert found[0] == (
        "the linear probe arm at 8 images per class pretrained on fonts through the target's "
        "acquisition, seed 41, chose the rate 0.1 on its holdout and scored 30.0% on test, "
        "against 80.0% at its best interior rate, 0.01"
    )
    assert "on the large validation split (the oracle, an upper bound)" in found[1]
    assert prose.lr_edge_words(results).startswith("2 of 4 picks: the linear probe arm")


def test_figures_render(results):
    for fig in (
        figures.figure1(results),
        figures.shift_figure(results),
        figures.spec_figure(results),
        figures.spec_grid_figure(results),
        figures.learning_curves(results),
        figures.per_seed(results),
        figures.pretraining_curves(results),
        figures.samples(results.cfg),
    ):
        assert fig.axes
        matplotlib.pyplot.close(fig)


def test_figure1_partitions_disagreements(results, cfg):
    d = figures.disagreements(results, "finetune", cfg.seeds[0])
    right_t = d["arm_pred"] == d["label"]
    right_s = d["scratch_pred"] == d["label"]
    assert np.array_equal(d["arm_wrong_scratch_right"], np.flatnonzero(~right_t & right_s))
    assert np.array_equal(d["scratch_wrong_arm_right"], np.flatnonzero(right_t & ~right_s))
    # the predictions are those of the chosen models: their accuracy is the reported one
    acc = 100.0 * float(right_t.mean())
    assert acc == pytest.approx(results.test_acc("finetune", cfg.table_size, cfg.seeds[:1])[0])


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
    hp = tables.hyperparameters(results).reset_index()
    target = hp[hp.stage == "target"]

    def rows(setting, frame=target):
        found = frame[frame.setting == setting]
        return dict(zip(found.value, found.runs, strict=True))

    # Scratch's budget is scratch_budget_scale times the others' outside the pilot: one row
    # per value, each saying which runs take it (values only in the value column).
    scale = cfg.scratch_budget_scale
    pilot_scratch = any(
        r.config["arm"] == "scratch" and r.config["seed"] in cfg.pilot_seeds
        for r in results.runs.values()
    )
    for name, base in (("epochs", cfg.epochs), ("min_steps", cfg.min_steps)):
        values = rows(name)
        assert values[str(base)].startswith("fine-tune, ")
        # Arms on every seed, then a semicolon before the runs that take it on some seeds,
        # so "on the pilot seeds" is not read as said of every arm.
        assert values[str(base)].endswith("; scratch on the pilot seeds" if pilot_scratch else "")
        scaled = values[str(round(scale * base))]
        assert scaled.startswith("scratch on the Table 1") or "; scratch on the Table 1" in scaled
        # The budget axis's longer runs are named apart, each budget once after its arms.
        for b in cfg.budget_scales:
            longer = values[str(round(b * base))]
            assert f"scratch, fine-tune and LP-FT at {b:g} times the budget" in longer
            assert longer.count(f"at {b:g} times the budget") == 1
    # One grid for every arm here (the smoke preset gives LP-FT no extra rates).
    assert rows("lr_grid") == {", ".join(f"{lr:g}" for lr in cfg.lr_grid): tables.EVERY_RUN}
    # Every source's settings, not the first one's: each mixed level's own font share.
    shares = {
        f"{r.config['font_share']:g}": LEVEL_LABELS[r.config["shift"]]
        for r in results.pretrains.values()
        if "font_share" in r.config
    }
    found = rows("font_share", hp[hp.stage == "pretraining"])
    if len(shares) == 1:  # one value, held by the mixed sources only: they are named
        assert list(found) == [next(iter(shares))]
        assert found[next(iter(shares))].startswith(LEVEL_LABELS["mixed_light"])
        assert tables.EVERY_RUN not in found[next(iter(shares))]
    else:
        assert found == shares
    # A setting only one source holds names that source, not every run.
    marked = rows("passes_matched", hp[hp.stage == "pretraining"])
    assert marked == {"yes": LEVEL_LABELS["handwriting_matched"]}
    # The seeds say which set each range belongs to, never one run-on list.
    seeds = rows("seed")
    assert seeds[seed_range(cfg.seeds)].startswith("Table 1")
    assert seeds[seed_range(cfg.claim_seeds)] == "second claim"
    assert rows("folds") == {"0": f"{tables.EVERY_RUN}: settings chosen on a holdout, no folds"}
    # Every setting is also named in words, from the one table of them (a new setting
    # without words fails here, not on a reader's page).
    from negresults.transfer.config import SETTING_WORDS

    assert set(hp.setting) <= set(SETTING_WORDS)
    assert (hp["in words"] == hp.setting.map(SETTING_WORDS)).all()


def test_intervals_and_p_values_are_readable_at_the_precision_shown():
    # a bound that rounds to zero gets decimals until its sign shows
    assert readable_ci(0.04, 4.9) == "[+0.04, +4.90]"
    assert readable_ci(-0.004, 3.0) == "[-0.004, +3.000]"
    assert readable_ci(1.2, 3.4) == "[+1.2, +3.4]"
    assert readable_ci(0.0, 2.0) == "[+0.0, +2.0]"
    # an unsigned value that rounds to zero shows no minus sign; a signed one keeps its side
    # with the decimals that takes, and one too small to show in two more reads as zero
    assert (
        fmt(-0.04) == "0.0"
        and fmt(-0.04, digits=2) == "-0.04"
        and fmt(-0.04, signed=True) == "-0.04"
        and fmt(0.004, signed=True) == "+0.004"
        and fmt(-0.0004, signed=True) == "0.0"
        and fmt(-1.04, signed=True) == "-1.0"
    )
    # a p-value that would print as the threshold shows which side it is on
    assert readable_p(0.04996) == "0.04996"
    assert readable_p(0.0502) == "0.05020"
    assert readable_p(0.2) == "0.200"


def test_pages_render_without_fine_tuning(store):
    """A reader may run the chapters with fewer arms: every value is still there."""
    from negresults.studies import get

    study = get("transfer")
    cfg = Config.from_params(preset="smoke", device="cpu", arms=["linear_probe"])
    results = load_results(cfg, store, progress=False)
    assert tables.pilot(results).empty and tables.shift_summary(results).empty
    for page, spec in study.pages.items():
        values = study.page_values(page, cfg, results if spec.needs_runs else None)
        for v in values.values():
            if isinstance(v, matplotlib.figure.Figure):
                matplotlib.pyplot.close(v)
    numbers = prose.numbers(results)
    assert numbers["finetune_verdict"] == "not run" and numbers["linear_probe_verdict"] != "not run"


def test_final_gain_reads_half_as_long_again_past_the_stop_on_the_validation_split(results, cfg):
    table = tables.final_gain(results)
    assert list(table.index) == [tables.SHORT[a] for a in cfg.all_arms]
    gains = []
    for s in cfg.seeds:
        p = results.pick(results.run("scratch", cfg.table_size, s))
        # the read step is never past the stop, the stop never past the budget
        assert p.step <= p.stop <= p.budget < p.steps[-1]
        target = min(t for t in p.steps if t >= 1.5 * p.stop)
        curve = dict(zip(p.steps, p.val_curve, strict=True))  # the large validation split
        gains.append(curve[target] - curve[p.step])
    gains = np.array(gains)
    mean = f"{gains.mean():+.1f}" if round(gains.mean(), 1) != 0 else "0.0"  # no "-0.0"
    expected = f"{mean} ({gains.std(ddof=1):.1f})"
    assert table.loc["scratch", "gain, mean (std)"] == expected
    assert tables.max_final_gain(results) >= gains.mean()


def test_a_pretrained_arm_refuses_to_run_without_its_declared_pretraining(cfg):
    with pytest.raises(ValueError, match="needs its pretraining run"):
        runners.run_arm(arm_config(cfg, "finetune", 2, 0, device="cpu"), [])


def test_the_budget_axis_trains_longer_runs_read_by_the_same_rule(cfg, results):
    from negresults.transfer.plan import plan

    tasks = [t for stage in plan(cfg) for t in stage]
    longer = [t.config for t in tasks if "budget_scale" in t.config]
    # Scratch, fine-tuning and LP-FT from Table 1's source; the two transferred arms again
    # from the font-only source (scratch sees no source: its longer runs serve both).
    assert cfg.budget_levels == (cfg.table_level, cfg.pure_level)
    per_source = len(cfg.budget_scales) * len(cfg.budget_sizes) * len(cfg.shift_seed_list)
    assert len(longer) == per_source * (3 + 2)
    pure = [c for c in longer if c["pretrain"] and c["pretrain"]["shift"] == cfg.pure_level]
    assert {c["arm"] for c in pure} == {"finetune", "lpft"} and len(pure) == per_source * 2
    for c in longer:
        assert c["min_steps"] == round(cfg.min_steps * c["budget_scale"])
        assert c["extension"] == 0.0  # nothing past a budget-axis run is ever read
    # Adding the axis re-keys none of the declared runs: without it, the same keys remain.
    without = Config.from_params(preset="smoke", device="cpu", budget_scales=[])
    declared = {t.key for stage in plan(without) for t in stage}
    assert declared == {t.key for t in tasks if "budget_scale" not in t.config}
    cells = tables.budget_cells(results)
    scales = {c.scale for c in cells}
    assert scales == {1.0, *cfg.budget_scales}
    for c in cells:
        assert c.comparison.difference.n == len(cfg.shift_seed_list)
        # every run stops inside its own budget, and the longer budget is the longer one
        assert 0 < c.stop <= c.budget
    by = {(c.scale, c.size, c.arm): c.budget for c in cells}
    for (scale, size, arm), steps in by.items():
        if scale != 1.0:
            assert steps > by[(1.0, size, arm)]
    table = tables.budget_axis(results)
    assert len(table) == len(cfg.budget_sizes) * len(scales) * len({c.arm for c in cells})
    sentence = prose.budget_sentence(results)
    changed = tables.budget_changes(results)
    assert ("No verdict changes" in sentence) == (not changed)
    # The Conclusion's sentence is the verdicts' part alone, which the Experiments extend.
    short = prose.budget_verdicts(results)
    assert sentence.startswith(short) and len(sentence) > len(short)
    assert "What the longer budget itself adds" not in short


def test_scratch_trains_its_own_longer_budget_except_in_the_pilot(cfg, results):
    from negresults.transfer.compute.selection import budget
    from negresults.transfer.plan import plan

    assert cfg.scratch_budget_scale > 1
    arm_tasks = [t for stage in plan(cfg) for t in stage if "arm" in t.config]
    pilot_seeds = set(cfg.pilot_seeds)
    scale = cfg.scratch_budget_scale
    seen = set()
    for t in arm_tasks:
        c = t.config
        if "budget_scale" in c:
            continue  # the budget axis sets every arm's budget itself
        scratch_scaled = c["arm"] == "scratch" and c["seed"] not in pilot_seeds
        factor = scale if scratch_scaled else 1
        assert c["min_steps"] == round(cfg.min_steps * factor), t.label
        assert c["epochs"] == round(cfg.epochs * factor), t.label
        seen.add((c["arm"], c["seed"] in pilot_seeds))
    assert {("scratch", True), ("scratch", False), ("finetune", False)} <= seen
    # The stored runs train that budget: Table 1's scratch logs past four times the
    # transferred arms' budget, fine-tuning does not.
    n = cfg.table_size * cfg.num_classes
    short = budget(arm_config(cfg, "finetune", cfg.table_size, cfg.seeds[0], "cpu"), n)
    run = results.pick(results.run("scratch", cfg.table_size, cfg.seeds[0]))
    assert run.budget == round(scale * short["epochs"]) > short["epochs"]
    # A scale below 1 would shorten scratch: refused in one line.
    with pytest.raises(ConfigError, match="scratch_budget_scale"):
        Config.from_params(preset="smoke", scratch_budget_scale=0.5)


def test_the_budget_sentence_names_each_changed_verdict(cfg, results, monkeypatch):
    from negresults.verdicts import compare

    cell = tables.budget_cells(results)[0]
    flipped = tables.BudgetCell(2, 4.0, "finetune", compare([1, 2, 3], [9, 9, 9], 2.0), 40, 80)
    monkeypatch.setattr(tables, "budget_changes", lambda r: [flipped])
    monkeypatch.setattr(tables, "budget_cells", lambda r: [cell, flipped])
    sentence = prose.budget_sentence(results)
    assert sentence.startswith("Of the cells at ")
    longer = sum(1 for c in [cell, flipped] if c.scale != 1.0)
    assert (
        f", the verdict against scratch changes with the budget in 1 of the {longer} cells: at 2 "
        "images per class, where fine-tune reads harm "
        f"({fmt(flipped.comparison.estimate, signed=True)} [" in sentence
    )
    assert ") at 4 times the budget" in sentence
    # Beside the declared budget's verdict in the same cell, named.
    declared = {(c.arm, c.size): c.comparison.verdict for c in [cell] if c.scale == 1.0}
    if ("finetune", 2) in declared:
        word = prose.VERDICT_WORDS[declared[("finetune", 2)]]
        assert f"at 4 times the budget and {word} at the declared one" in sentence
    assert "finetune" not in sentence  # the arm's label, never its code name


def test_the_budget_sentence_says_what_the_longer_budget_adds_to_each_arm(
    cfg, results, monkeypatch
):
    from negresults.verdicts import compare

    gains = tables.budget_own_gains(results)
    # One per transferred arm of the axis, size and longer budget, each paired on the
    # shift axis's seeds.
    arms = {a for _, a, level, *_ in results.budgets if level == cfg.table_level}
    assert len(gains) == len(arms) * len(cfg.budget_sizes) * len(cfg.budget_scales)
    assert all(c.difference.n == len(cfg.shift_seed_list) for *_, c in gains)
    up = compare([5, 6, 7], [1, 1, 2], 2.0)  # interval above zero
    flat = compare([1, 2, 3], [1, 3, 2], 2.0)
    monkeypatch.setattr(tables, "budget_own_gains", lambda r: [("finetune", 4, 4.0, up)])
    said = prose.budget_gain_words(results)
    assert "fine-tune at 4 per class +4.7" in said
    assert "For fine-tune at 4 per class the gain's interval lies above zero" in said
    assert "source without target images" in said
    monkeypatch.setattr(tables, "budget_own_gains", lambda r: [("lpft", 4, 4.0, flat)])
    assert prose.budget_gain_words(results).endswith(
        "No transferred arm gains measurably from the longer budget."
    )


def test_the_budget_axis_from_the_font_only_source_has_its_own_cells(cfg, results, monkeypatch):
    """The budget axis's runs from the source without target images get their own cells and
    gains (never mixed with Table 1's source) and a sentence that reads them."""
    from negresults.verdicts import compare

    pure = cfg.pure_level
    cells = tables.budget_cells(results, pure)
    assert {c.arm for c in cells} == {"finetune", "lpft"}
    # The declared-budget cells read the shift axis's runs from the font-only source.
    first = next(c for c in cells if c.scale == 1.0 and c.arm == "finetune")
    seeds = cfg.shift_seed_list
    ft = [
        results.pick(results.run("finetune", first.size, s, pure, cfg.shift_folds)) for s in seeds
    ]
    scratch = [results.pick(results.run("scratch", first.size, s)) for s in seeds]
    assert first.comparison.difference.mean == pytest.approx(
        np.mean([p.test_acc for p in ft]) - np.mean([p.test_acc for p in scratch])
    )
    longer = {(a, n) for a, n, *_ in tables.budget_own_gains(results, pure)}
    assert longer == {(a, n) for a in ("finetune", "lpft") for n in cfg.budget_sizes}
    # Table 1's source keeps its own cells: the font-only runs never enter them.
    ours = [c.estimate for *_, c in tables.budget_own_gains(results, pure)]
    assert [c.estimate for *_, c in tables.budget_own_gains(results)] != ours
    capped, total = tables.budget_capped(results, pure)
    assert total == len(cfg.budget_scales) * len(cfg.budget_sizes) * 2 * len(seeds)
    assert 0 <= capped <= total
    said = prose.budget_pure_sentence(results)
    assert said.startswith("From the font-only source (crisp rendered fonts), at ")
    assert f"{capped} of the {total} stopped at the end of their budget" in said
    assert "What the longer budget itself adds to each arm there" in said
    assert "finetune" not in said and "lpft" not in said  # labels, never code names
    # No interval above zero: the largest upper end is named as the most it adds.
    flat = compare([1, 2, 3], [1, 3, 2], 2.0)
    up = compare([5, 6, 7], [1, 1, 2], 2.0)
    monkeypatch.setattr(tables, "budget_own_gains", lambda r, lv=None: [("lpft", 4, 4.0, flat)])
    said = prose.budget_pure_sentence(results)
    assert f"the largest upper end, {fmt(flat.interval[1], signed=True)} (LP-FT at 4 per" in said
    monkeypatch.setattr(tables, "budget_own_gains", lambda r, lv=None: [("lpft", 4, 4.0, up)])
    said = prose.budget_pure_sentence(results)
    assert "For LP-FT at 4 per class the gain's interval lies above zero (1 of the 1" in said
    assert "exclude zero by chance alone 5% of the time" in said


def _budget(arm, claim, declared, longer, own, seeds=6):
    from negresults.verdicts import compare

    return tables.PureBudget(
        arm, claim, declared, longer, compare([3, 4, 5], [1, 1, 2], 2.0), 4.0, seeds, own, 88, 160
    )


def test_the_font_only_claim_is_read_beside_its_arms_two_budgets(results, monkeypatch):
    """Each arm the font-only claim judges is shown with its verdicts at both budgets; an arm
    the claim reads as no benefit that reads benefit at the longer budget is flagged (never
    re-judged) where the claim is read and in its cell: as depending on the budget on the
    claim's own seeds, as possibly so on the budget axis's."""
    from negresults.verdicts import compare

    no_gain = compare([1, 2, 3], [1, 3, 2], 2.0)  # the claim's reading: not a benefit
    low = compare([1, 2, 3], [2, 2, 3], 2.0)  # the declared budget on the axis's seeds
    benefit = compare([9, 10, 11], [1, 2, 3], 2.0)
    assert benefit.verdict == prose.POSITIVE != low.verdict
    axis = [_budget("lpft", no_gain, low, benefit, own=False)]
    assert axis[0].moved
    monkeypatch.setattr(tables, "pure_budget", lambda r: axis)
    said = prose.budget_pure_claim(results)
    assert "at the declared budget. On the budget axis's 6 seeds, against scratch (which " in said
    assert "beside their longer runs): LP-FT reads " in said
    assert f"{prose.diff_text(low)} (" in said
    assert f"at the declared budget and {prose.diff_text(benefit)} (benefit) at 4 times it" in said
    assert ", so its reading may depend on the budget." in said
    assert "flags the claim's reading; it does not replace it" in said
    caveat = prose.pure_budget_caveat(results)
    assert caveat.startswith(" LP-FT's ") and "holds at the declared budget only" in caveat
    assert "stopped at a median step of 88 of 160" in caveat and "not room to train" in caveat
    table = prose.claims_with_fragility(results)
    row = claims_module.claim_label("lpft", pure=True)
    assert row in table.index  # untestable on the smoke seeds, but a row all the same
    assert table.loc[row, "Verdict"].endswith(
        "; at the declared budget only: at 4 times it, benefit on the budget axis's 6 seeds"
    )
    # On the claim's own seeds the same change is read as a dependence, not a flag.
    own = [_budget("lpft", no_gain, no_gain, benefit, own=True, seeds=67)]
    monkeypatch.setattr(tables, "pure_budget", lambda r: own)
    said = prose.budget_pure_claim(results)
    assert "On the claim's own 67 seeds" in said and ", so its reading depends on the" in said
    assert "the verdict holds at the declared budget only" in said
    assert "on the claim's own 67 seeds it reads" in prose.pure_budget_caveat(results)
    # The same verdict at both budgets: the budget does not decide it; nothing flagged.
    steady = [_budget("lpft", no_gain, no_gain, no_gain, own=True, seeds=67)]
    monkeypatch.setattr(tables, "pure_budget", lambda r: steady)
    assert prose.pure_budget_caveat(results) == ""
    assert ": the budget does not decide it." in prose.budget_pure_claim(results)
    # On the axis's seeds, benefit at both budgets is no change the budget made.
    both = [_budget("lpft", no_gain, benefit, benefit, own=False)]
    assert not both[0].moved


def test_the_font_only_claim_beside_the_budget_axis_reads_the_stored_runs(results):
    """Each arm of the font-only claim is read at both budgets from the stored picks: on the
    claim's own seeds where its longer runs are stored, else on the budget axis's seeds."""
    from negresults.transfer.report.results import Results

    # Seed 1 off the shift axis makes it the claim's seed; the smoke store holds longer runs
    # for it (it was on the axis), so it reads them as the claim's own.
    cfg = results.cfg.replace(shift_seeds=1, arms=("finetune", "lpft"))
    size, level, scale = cfg.table_size, cfg.pure_level, cfg.budget_scales[0]
    for own in (True, False):
        budgets = dict(results.budgets)
        if not own:  # without the claim seed's longer runs: the budget axis's seeds
            budgets = {k: r for k, r in budgets.items() if k[4] not in cfg.pure_seed_list}
        wider = Results(cfg, results.runs, results.pretrains, results.baselines, budgets)
        found = tables.pure_budget(wider)
        assert {b.arm for b in found} == {"finetune", "lpft"}
        seed = (cfg.pure_seed_list if own else cfg.shift_seed_list)[0]
        folds = cfg.folds if own else cfg.shift_folds
        for b in found:
            assert b.own == own and b.seeds == 1 and b.scale == scale
            long = wider.pick(wider.budget_run(scale, b.arm, size, seed, level)).test_acc
            short = wider.pick(wider.run(b.arm, size, seed, level, folds))
            scratch = wider.pick(wider.budget_run(scale, "scratch", size, seed)).test_acc
            assert b.longer.difference.mean == pytest.approx(long - scratch)
            assert b.gain.difference.mean == pytest.approx(long - short.test_acc)
            assert b.stop == short.stop and b.budget == short.budget
        table = tables.pure_budget_table(wider)
        assert list(table.index) == ["fine-tune", "LP-FT"]
        assert table.loc["LP-FT", "seeds"] == "1"
        lpft = next(b for b in found if b.arm == "lpft")
        assert table.loc["LP-FT", f"minus scratch, {scale:g} times the budget [95% CI]"] == (
            prose.diff_text(lpft.longer)
        )
    # No seed for the claim: nothing to read.
    assert tables.pure_budget(results) == []
    assert len(tables.pure_budget_table(results)) == 0


def test_the_font_only_claim_at_a_longer_budget_runs_on_the_claims_own_seeds(cfg):
    from negresults.transfer.plan import budget_specs

    # The smoke preset's seeds are all on the shift axis; leaving seed 1 off it makes seed 1
    # the font-only claim's, and its longer runs are planned at Table 1's size.
    wider = cfg.replace(shift_seeds=1)
    assert wider.pure_seed_list == (1,)
    on_claim = [
        s for s in budget_specs(wider) if s[3] in wider.pure_seed_list and s[2] == wider.table_size
    ]
    assert {(a, lv) for _, a, _, _, lv in on_claim} == {
        ("scratch", wider.table_level),
        ("finetune", wider.pure_level),
        ("lpft", wider.pure_level),
    }
    assert len(on_claim) == 3 * len(wider.budget_scales)
    off = wider.replace(budget_pure_claim=False)
    assert not [s for s in budget_specs(off) if s[3] in off.pure_seed_list]


def test_without_the_font_only_budget_axis_the_pages_say_it_is_open(cfg, results):
    from negresults.transfer.report.results import Results

    off = cfg.replace(budget_pure=False)
    assert off.budget_levels == (cfg.table_level,)
    kept = {k: r for k, r in results.budgets.items() if k[2] != cfg.pure_level}
    without = Results(off, results.runs, results.pretrains, results.baselines, kept)
    assert tables.budget_cells(without, cfg.pure_level) == []
    assert len(tables.budget_axis(without, cfg.pure_level)) == 0
    assert prose.budget_pure_sentence(without).startswith("The budget axis did not run from")
    with_it = prose._pure_understated(results, "below")
    assert with_it.startswith("on the source without target images") and with_it.endswith("(below)")
    assert "which the budget axis does not run" not in with_it
    assert "which the budget axis does not run" in prose._pure_understated(without, "below")


def test_scratch_stopped_by_its_budget_is_read_past_it(cfg, results, monkeypatch):
    """Where the budget axis's scratch runs stop at the end of their budget, the sentence reads
    what the finish check's longer reading shows there, instead of guessing."""
    import dataclasses

    from negresults.verdicts import compare

    assert prose.finish_by_size(results) == ""  # the smoke axis has no size but Table 1's
    cell = tables.budget_cells(results)[0]
    at_table = dataclasses.replace(
        cell,
        size=cfg.table_size,
        scratch_stop=cell.scratch_budget,
        comparison=compare([1, 2, 3], [1, 2, 3], 2.0),
    )
    monkeypatch.setattr(tables, "budget_cells", lambda r: [at_table])
    monkeypatch.setattr(tables, "budget_changes", lambda r: [])
    g = tables.final_gains(results)["scratch"].gain
    sentence = prose.budget_sentence(results)
    assert "stopped at the end of their budget (the median run); read half as long again" in (
        sentence
    )
    assert f"they gain {fmt(g.mean, signed=True)} " in sentence
    assert ("did not cut scratch short" in sentence) == (g.mean <= tables.FINISH_LIMIT)
    # A size the finish check has not read: the sentence says it cannot tell.
    elsewhere = dataclasses.replace(at_table, size=cfg.table_size + 1)
    monkeypatch.setattr(tables, "budget_cells", lambda r: [elsewhere])
    assert "may still have been learning there." in prose.budget_sentence(results)


def test_the_finish_check_at_other_sizes_names_every_arm_over_the_limit(results, monkeypatch):
    from negresults import stats

    found = {
        (8, "scratch"): tables.FinalGain((100, 150), stats.summarize([1.4, 1.6, 1.5])),
        (8, "finetune"): tables.FinalGain((50, 80), stats.summarize([0.1, -0.1, 0.0])),
        (24, "lpft"): tables.FinalGain((50, 80), stats.summarize([2.0, 2.2, 2.4])),
    }
    monkeypatch.setattr(tables, "final_gains_by_size", lambda r: found)
    text = prose.finish_by_size(results)
    assert text.startswith("At the shift axis's other sizes (8 and 24 images per class, ")
    assert "the largest mean change is +2.2 points " in text
    assert "(LP-FT at 24 images per class)" in text
    assert text.endswith(
        "over the 1-point limit: scratch at 8 images per class and LP-FT at 24 images per class."
    )
    found.pop((8, "scratch")), found.pop((24, "lpft"))
    assert "every arm there is within the 1-point limit on the mean" in prose.finish_by_size(
        results
    )


def test_the_size_reading_names_networks_below_the_rows_beside_them(results, cfg):
    """Networks below the best non-deep baseline, or transferred arms below the source model
    alone, are named with their means (the latter with their paired difference); an arm
    above is not."""
    seeds = cfg.shift_seed_list
    size = cfg.target_sizes[0]
    ref = tables.reference_rows(results, size, seeds, folds=cfg.shift_folds)
    best = ref[BEST_NONDEEP_LABEL].mean()
    source = ref[SOURCE_ONLY_LABEL].mean()
    below_best = prose._below_nondeep(results, size)
    below_source = prose._below_source_only(results, size)
    for arm in ("scratch", "finetune", "lpft"):
        mean = results.test_acc(arm, size, seeds, folds=cfg.shift_folds).mean()
        named = f"{prose.SHORT[arm]} ({fmt(mean)}%)"
        assert (named in below_best) == (mean < best)
        if arm != "scratch":  # scratch has no source model to fall below
            assert (named in below_source) == (mean < source)
            if mean < source:  # with its paired difference from the source model
                model = results.source_only(cfg.table_level, seeds)
                acc = results.test_acc(arm, size, seeds, folds=cfg.shift_folds)
                paired = f"{prose.SHORT[arm]} {fmt((acc - model).mean(), signed=True)} points"
                assert paired in below_source
    assert (below_best == "") == all(
        results.test_acc(a, size, seeds, folds=cfg.shift_folds).mean() >= best
        for a in ("scratch", "finetune", "lpft")
    )


def test_the_second_claim_is_read_half_by_half(results, monkeypatch):
    import dataclasses

    from negresults import stats
    from negresults.transfer.report import claims as c
    from negresults.verdicts import compare

    def claim(subtle, loss):
        # subtle: the benefit at the subtlest level; loss: control's benefit minus it.
        s, lo = compare(subtle, [0.0] * 3, 2.0), compare(loss, [0.0] * 3, 2.0)
        return c.SecondClaim("finetune", lo, s, s, stats.summarize([1.0, 2.0]), "inconclusive")

    remains = claim([8.0, 9.0, 10.0], [3.0, 3.5, 4.0])  # benefit stays, part of it lost
    monkeypatch.setattr(c, "second_claims", lambda r, seeds=None: [remains])
    text = prose.second_claim_reading(results)
    assert "a benefit remains, so the claim that the shift removes it does not hold" in text
    assert "a partial loss (points lost" in text and "names a partial loss" in text
    # Two arms that read alike share one sentence, each with its own numbers.
    other = dataclasses.replace(remains, arm="lpft")
    monkeypatch.setattr(c, "second_claims", lambda r, seeds=None: [remains, other])
    text = prose.second_claim_reading(results)
    assert text.count("a benefit remains") == 1 and "for both arms" in text
    assert "fine-tune +9.0 points" in text and "LP-FT +9.0 points" in text
    monkeypatch.setattr(c, "second_claims", lambda r, seeds=None: [remains])
    text = prose.second_claim_reading(results)
    assert (
        "On Table 1's 3 seeds, which hold the round where the partial loss was first seen" in text
    )
    gone = claim([-0.1, 0.0, 0.1], [9.0, 9.5, 10.0])  # benefit equivalent to none
    monkeypatch.setattr(c, "second_claims", lambda r, seeds=None: [gone])
    text = prose.second_claim_reading(results)
    assert "equivalent to none, as the claim says" in text
    assert "names a partial loss" not in text
    assert "finetune" not in text  # the arm's label, never its code name


@pytest.mark.parametrize(
    "subtle, loss, verdict",
    [
        ([8.0, 9.0, 10.0], [3.0, 3.5, 4.0], "partial loss"),  # lost some, kept a benefit
        ([-0.1, 0.0, 0.1], [9.0, 9.5, 10.0], "supported"),  # lost it all
        ([8.0, 9.0, 10.0], [-0.1, 0.0, 0.1], "contradicted"),  # lost nothing
        ([-5.0, 0.0, 6.0], [3.0, 3.5, 4.0], "inconclusive"),  # a loss, the rest undecided
    ],
)
def test_the_second_claim_names_a_partial_loss_as_its_own_outcome(subtle, loss, verdict):
    from negresults.transfer.report import claims as c
    from negresults.verdicts import compare

    zero = [0.0] * 3
    assert c._second_verdict(compare(loss, zero, 2.0), compare(subtle, zero, 2.0)) == verdict


def test_the_second_claim_is_judged_on_the_fresh_seeds_only(results, monkeypatch):
    from negresults.transfer.report import claims as c

    cfg = results.cfg
    read = []

    def fake(arm, size, seeds, level=None, folds=None, spec=None):
        read.append(tuple(seeds))
        return np.full(len(seeds), 80.0 if arm == "scratch" else 90.0)

    monkeypatch.setattr(results, "test_acc", fake)
    monkeypatch.setattr(c, "trend", lambda r, arm: c.NO_TREND)  # not judged: the shift axis's
    judged = c.second_claim(results, "finetune")
    assert set(read) == {cfg.claim_seeds} and judged.loss.difference.n == len(cfg.claim_seeds)
    read.clear()
    c.second_claim(results, "finetune", cfg.seeds)  # the earlier round, shown beside it
    assert set(read) == {cfg.seeds} and not set(cfg.seeds) & set(cfg.claim_seeds)


def test_the_power_check_reads_both_judged_quantities_of_the_second_claim(results):
    from negresults import stats
    from negresults.transfer.report import claims as c

    margin = results.cfg.equivalence_margin
    ratio = c.power_ratio(results)
    found = c.second_claims(results)
    assert found
    for claim in found:
        for q in (claim.loss, claim.subtle):  # the loss and the subtlest benefit's TOST
            d = q.difference
            if d.n >= 2 and d.std > 0:
                assert ratio >= stats.minimum_detectable_difference(d.std, d.n) / margin


def test_booleans_and_none_reach_a_reader_as_words():
    from negresults.reporting import format_value

    assert [format_value(v) for v in (True, False, None)] == ["yes", "no", "none"]
    assert format_value([True, 0.5]) == "yes, 0.5"
    # very small and large settings in powers of ten, never Python's exponent notation
    assert (
        format_value([1e-5, 3e-6, 0.003, 30.0, 1e5, 1e6]) == "10⁻⁵, 3 × 10⁻⁶, 0.003, 30, 10⁵, 10⁶"
    )


def test_the_trend_is_not_read_where_the_shift_axis_lacks_table_1s_size(cfg, results):
    import dataclasses

    from negresults.transfer.report import claims as c
    from negresults.transfer.report.results import Results

    assert c.trend(results, "finetune").n >= 2  # the smoke axis runs Table 1's size
    moved = Results(dataclasses.replace(cfg, table_size=99), results.runs, results.pretrains)
    assert c.trend(moved, "finetune").n == 0  # no crash, and nothing to read


def test_the_plan_commit_sentence_names_which_runs_came_before_it(results, cfg):
    """Runs a revision left unchanged keep their keys and may predate its commit: the page
    says how many, of which arms and seeds, instead of one earliest time."""
    n = len(cfg.all_arms) * len(cfg.seeds)
    assert claims_module._runs_before(results, 0.0) == (
        f" All {n} arm runs of Table 1 were stored after that commit."
        + claims_module._storage_caveat(results)
    )
    later = claims_module._runs_before(results, 4e9)  # a commit in 2096: every run before it
    assert f"All {n} arm runs of Table 1 were stored before that commit (" in later
    # Counted per arm, in words.
    assert f"scratch {len(cfg.seeds)}" in later and "seeds 0, 1" in later
    assert "finetune" not in later
    assert "this store's earliest arm run is from" in later
    # When they were stored, so a reader can tell an earlier round from an early hour of one
    # sweep; and no claim about which round they came from.
    first = claims_module._utc(min(t for _, _, t in claims_module._judged_runs(results)))
    last = claims_module._utc(max(t for _, _, t in claims_module._judged_runs(results)))
    assert (
        f"; stored on {first[:10]} from {first[11:16]} to {last[11:]})" in later
        or f"; stored from {first} to {last})" in later
        or f"; stored at {first})" in later
    )
    assert "round before" not in later
    # A commit between the runs (a store rebuilt from empty, say): the count either side,
    # and no claim that the later runs are the ones the revision changed.
    times = sorted(t for _, _, t in claims_module._judged_runs(results))
    middle = claims_module._runs_before(results, times[len(times) // 2])
    early = sum(t < times[len(times) // 2] for t in times)
    assert middle.startswith(f" Of the {n} arm runs of Table 1, {early} were stored before")
    assert f"The other {n - early} (" in middle
    assert ") were stored after it. A storage time says" in middle
    # The later runs are counted per arm too, so a reader sees which arms a revision re-made.
    late_arms = {
        arm for arm, _, t in claims_module._judged_runs(results) if t >= times[len(times) // 2]
    }
    after = middle.split(f"The other {n - early} (")[1].split(")")[0]
    assert all(tables.SHORT[a] in after for a in late_arms)
    assert claims_module._runs_before(None, 0.0) == ""


def test_the_handwriting_only_sources_runs_are_dated_against_its_declaration_and_code(results, cfg):
    """That source's first implementation was replaced after its results were read, so the
    page dates its runs against the commit that declared them and the commit where the
    compute code took its present form, counting any run older than either."""
    from negresults.transfer.names import HANDWRITING_SOURCE
    from negresults.transfer.plan import hand_source_arms

    pretrains = sum(level == HANDWRITING_SOURCE for level, _ in results.pretrains)
    arms = sum(k[1] == HANDWRITING_SOURCE for k in results.runs)
    assert pretrains == len(cfg.seeds) and arms == len(cfg.seeds) * len(hand_source_arms(cfg))
    n = pretrains + arms
    declared = ("a" * 40, 0.0, b"")
    both_after = claims_module._hand_source_runs(results, declared, ("b" * 40, 1.0))
    assert f"The {n} runs from the handwriting-only source ({pretrains} pretrainings and " in (
        both_after
    )
    assert f"in commit {'a' * 12} at 1970-01-01 00:00 UTC; all were stored after it." in both_after
    assert f"present form in commit {'b' * 12} at 1970-01-01 00:00 UTC (after that" in both_after
    assert both_after.endswith(f"of the {n}, all were stored after it.")
    # Code committed after every run (made from an uncommitted change): each one counted.
    late = claims_module._hand_source_runs(results, declared, ("b" * 40, 4e9))
    assert late.endswith(f"of the {n}, {n} were stored before it.")
    early = claims_module._hand_source_runs(results, ("a" * 40, 4e9, b""), ("b" * 40, 1.0))
    assert f"; {n} were stored before it." in early and "(after that" not in early
    assert "uncommitted change" in claims_module._hand_source_runs(results, declared, None)
    assert claims_module._hand_source_runs(results, None, ("b" * 40, 1.0)) == ""
    assert claims_module._hand_source_runs(None, declared, ("b" * 40, 1.0)) == ""
    # The words each provenance sentence finds its declaring commit by are in the plan: were
    # one edited away, the page would silently drop the sentence.
    from pathlib import Path

    from negresults.transfer import analysis_plan

    text = Path(analysis_plan.__file__).read_bytes()
    for heading in (
        claims_module.HAND_SOURCE_HEADING,
        claims_module.HAND_NONDEEP_HEADING,
        claims_module.PURE_CLAIM_HEADING,
    ):
        assert heading in text, heading


def test_the_font_only_claims_runs_are_dated_against_the_commit_that_declared_it(results, cfg):
    """Every run of the claim on the source without target images must postdate the commit
    that declared the claim; when a later revision added seeds, the page gives the verdicts
    on the seeds before it, so a reader sees whether the added seeds changed any."""
    import dataclasses
    import os

    from negresults.transfer.report.results import Results

    # The smoke axis runs every seed, which leaves the claim none: treat both as its seeds,
    # with the arms the axis runs at that source.
    axis = dataclasses.replace(cfg, shift_seeds=0, arms=("finetune", "lpft"))
    moved = Results(axis, results.runs, results.pretrains)
    runs = [
        run
        for (arm, level, size, seed, _), run in results.runs.items()
        if level == cfg.pure_level and size == cfg.table_size and arm in axis.arms
    ]
    assert {r.config["seed"] for r in runs} == set(cfg.seeds)
    n = len(runs)
    head = f" Of the {n} arm runs of the claim on a source without target images, "
    assert claims_module._pure_runs(moved, 0.0, None) == head + (
        "all were stored after this revision's commit."
    )
    late = claims_module._pure_runs(moved, 4e9, ("f" * 40, 4e9, b""))
    assert late.startswith(head + f"{n} were stored before commit {'f' * 12} (")
    assert late.endswith("every one was stored before this revision's commit.")
    # Seed 0's runs stored long ago, seed 1's now: a revision between them added seed 1.
    old = [r for r in runs if r.config["seed"] == cfg.seeds[0]]
    saved = [(r.path, r.path.stat().st_mtime) for r in old]
    try:
        for r in old:
            os.utime(r.path, (1000.0, 1000.0))
        text = claims_module._pure_runs(moved, 2000.0, ("a" * 40, 500.0, b""))
    finally:
        for path, t in saved:
            os.utime(path, (t, t))
    assert "none was stored before commit aaaaaaaaaaaa" in text
    assert (
        f"{len(old)} (seeds {cfg.seeds[0]}) were stored before this revision's commit, and "
        f"{n - len(old)} (seeds {cfg.seeds[1]}, which it added) after it." in text
    )
    assert f"On the 1 seeds the claim had before this revision ({cfg.seeds[0]}), " in text
    assert "untestable" in text  # one seed judges nothing
    # Every seed's runs stored long ago but one arm's, made again after the revision (a
    # wider grid, say): those are named by arm, and the revision is not said to add seeds.
    again = [r for r in runs if r.config["arm"] == "lpft"]
    saved = [(r.path, r.path.stat().st_mtime) for r in runs]
    try:
        for r in runs:
            stamp = 3000.0 if r in again else 1000.0
            os.utime(r.path, (stamp, stamp))
        remade = claims_module._pure_runs(moved, 2000.0, ("a" * 40, 500.0, b""))
    finally:
        for path, t in saved:
            os.utime(path, (t, t))
    seeds = seed_range(tuple(cfg.seeds))
    assert f"and {len(again)} (LP-FT, seeds {seeds}) after it." in remade
    assert "which it added" not in remade
    assert claims_module._pure_runs(None, 0.0, None) == ""


def test_the_conclusion_sets_fine_tuning_on_the_font_only_source_against_the_non_deep_bar(
    results, cfg
):
    import dataclasses

    from negresults.transfer.report.results import Results
    from negresults.transfer.report.words import VERDICT_WORDS
    from negresults.verdicts import compare

    assert prose.pure_agreement(results) == "not run with these parameters."  # no seed for it
    axis = dataclasses.replace(cfg, shift_seeds=0, arms=("finetune", "lpft"))
    moved = Results(axis, results.runs, results.pretrains, results.baselines)
    seeds = axis.pure_seed_list
    best = tables.reference_rows(moved, cfg.table_size, seeds)[BEST_NONDEEP_LABEL]
    ft = moved.test_acc("finetune", cfg.table_size, seeds, level=cfg.pure_level)
    c = compare(ft, best, cfg.equivalence_margin)
    text = prose.pure_agreement(moved)
    assert "claim " in text.split(". Against")[0]  # the arm-by-arm reading comes first
    assert (
        f"Against the best non-deep baseline on the same images, fine-tuning on this source is "
        f"{fmt(c.estimate, signed=True)} points " in text
    )
    assert f"({VERDICT_WORDS[c.verdict]}), {prose.NONDEEP_READING[c.verdict]}." in text


def test_an_equivalence_verdict_states_the_seeds_its_own_test_needs(results, monkeypatch):
    """A t-test's seeds to detect a near-zero difference run to thousands; the equivalence
    verdict's own test, the TOST, needs far fewer, and that is the number shown for it."""
    from negresults import stats
    from negresults.verdicts import compare

    rng = np.random.default_rng(0)
    base = rng.normal(80, 3, 40)
    noise = rng.normal(0, 1.0, 40)
    equal = compare(base + noise - noise.mean() + 0.1, base, 2.0)  # within +-2: equivalent
    better = compare(base + rng.normal(5.0, 1.0, 40), base, 2.0)
    assert (equal.verdict, better.verdict) == ("equivalent", "positive")
    monkeypatch.setattr(claims_module, "judged", lambda r: [("lpft", equal), ("finetune", better)])
    monkeypatch.setattr(claims_module, "judged_pure", lambda r: [])
    table = claims_module.claims(results)["Seeds needed (80% power)"]
    d = equal.difference
    tost = stats.seeds_for_equivalence(d.std, results.cfg.equivalence_margin)
    assert table.iloc[0] == f"{tost:,} (equivalence test)"
    assert tost < stats.seeds_to_detect(d.mean, d.std, d.n).n  # the t-test's count is larger
    b = better.difference
    assert table.iloc[1] == stats.seeds_to_detect(b.mean, b.std, b.n).text()


def test_edge_counts_are_read_against_the_top_score_rule_and_the_non_deep_grids(results):
    """The declared rule draws picks inward, so 'no edge pick' is set beside the count under
    the top score alone; and the non-deep baselines' chosen settings are checked against
    their own grids (k = 1 is the least k, not an edge)."""
    cfg = results.cfg
    edges, picks = tables.nondeep_edge_picks(results)
    assert picks == len(results.baselines) and 0 <= edges <= picks
    expected = 0
    for size, seed, folds in results.baselines:
        p = results.baseline_pick(size, seed, folds=folds)
        grids = {
            "logreg": [(cfg.logreg_c_grid, p.setting_a)],
            "svm": [(cfg.svm_c_grid, p.setting_a), (cfg.svm_gamma_grid, p.setting_b)],
            "knn": [(cfg.knn_k_grid, p.setting_a)],
        }[p.baseline]
        hit = [v == max(g) or (p.baseline != "knn" and v == min(g)) for g, v in grids]
        expected += any(hit)
    assert edges == expected
    top = tables.lr_edge_picks_top_score(results)
    if tables.lr_edge_picks(results) == 0:
        text = prose.lr_edge_reading(results)
        assert f"under the top score alone, {top} of the same " in text
        assert (f"in {edges} of {picks} runs" in text) == (edges > 0)


def test_the_limits_say_how_much_each_source_model_still_gained_when_pretraining_stopped(
    results,
):
    df = results.pretraining_curves
    assert not set(df.seed) & set(results.cfg.pilot_seeds)
    means = df.groupby(["level", "epoch"]).source_val_acc.mean().unstack()
    last = means.columns.max()
    every = means[last] - means[last - max(1, round(last / 4))]  # over the last quarter
    # The source of Table 1's handwriting alone is not a level: it is read apart, on its
    # own few validation images.
    assert tables.hand_source_pretraining_gain(results) == pytest.approx(every["handwriting"])
    gain = every.drop(["handwriting", "handwriting_matched"])  # its own, shorter length
    rising = gain[gain > tables.FINISH_LIMIT]
    text = prose.pretraining_unfinished(results)
    if rising.empty:
        assert text.startswith("Every shift level's source model had finished learning")
    else:
        many = "all " if len(rising) == len(gain) else f"{len(rising)} of the "
        assert f"pretraining, {many}{len(gain)} gained more than 1 point" in text
        assert f"to {fmt(rising.max(), signed=True)} points" in text


def test_lpft_is_set_against_the_linear_probe_it_starts_from(results, cfg):
    from negresults.transfer.report.words import VERDICT_WORDS
    from negresults.verdicts import compare

    a = results.test_acc("lpft", cfg.table_size, cfg.seeds)
    b = results.test_acc("linear_probe", cfg.table_size, cfg.seeds)
    c = compare(a, b, cfg.equivalence_margin)
    text = prose.lpft_against_probe(results)
    assert text.startswith(
        "Against the tuned linear probe (LP-FT's own probe stage fits the same kind of head, "
        f"but with fixed settings), LP-FT scores {fmt(c.estimate, signed=True)} "
    )
    assert f"({VERDICT_WORDS[c.verdict]}, seed-paired, Table 1's source)" in text
    assert text.endswith("over a tuned probe alone.") == (c.verdict == "equivalent")


def test_scratch_and_fine_tuning_are_set_against_the_best_non_deep_baseline(results, monkeypatch):
    from negresults.verdicts import compare

    cfg = results.cfg
    text = prose.competence(results)
    best = tables.reference_rows(results, cfg.table_size, cfg.seeds)[BEST_NONDEEP_LABEL]
    scratch = results.test_acc("scratch", cfg.table_size, cfg.seeds)
    c = compare(scratch, best, cfg.equivalence_margin)
    assert text.startswith("Against it, paired by seed: scratch ") and "fine-tune " in text
    assert ("Scratch falls below that bar" in text) == (c.verdict == "negative")
    # A scratch arm far below the baseline is named as a weak reference.
    monkeypatch.setattr(
        tables, "reference_rows", lambda *a, **k: {BEST_NONDEEP_LABEL: scratch + 50.0}
    )
    assert "Scratch falls below that bar" in prose.competence(results)
    monkeypatch.setattr(tables, "reference_rows", lambda *a, **k: {})
    assert prose.competence(results).startswith("The non-deep baselines did not run")


def test_claim_one_is_judged_again_on_a_source_without_target_images(results):
    from negresults.transfer.report.results import Results

    # The smoke preset runs no pure part; its shift axis has the font level on both seeds,
    # so a config that leaves seed 1 off the shift axis reads seed 1 there as the pure part.
    cfg = results.cfg.replace(pure_shift="fonts", shift_seeds=1, arms=("finetune", "lpft"))
    pure = Results(cfg, results.runs, results.pretrains, results.baselines, results.budgets)
    assert cfg.pure_seed_list == (1,)
    found = dict(claims_module.judged_pure(pure))
    assert set(found) == {"finetune", "lpft"}
    arm = pure.test_acc("finetune", cfg.table_size, (1,), level="fonts")
    scratch = pure.test_acc("scratch", cfg.table_size, (1,))
    assert found["finetune"].estimate == pytest.approx(float(arm[0] - scratch[0]))
    assert found["finetune"].verdict == "untestable"  # one seed
    table = tables.pure_table(pure)
    assert list(table.index) == [
        "scratch",
        "fine-tune",
        "LP-FT",
        BEST_NONDEEP_LABEL,
        SOURCE_ONLY_LABEL,
    ]
    rows = claims_module.claims(pure).index
    assert "fine-tune no better than scratch (source without target images)" in rows
    assert prose.pure_reading(pure).startswith("With the source ")
    # LP-FT's verdict there under every analysis of the curve: one seed, all untestable
    chosen = prose.pure_selection(pure)
    assert "LP-FT chose the learning rates " in chosen
    assert f"untestable in {len(tables.specs(cfg))}." in chosen
    assert prose.pure_selection(results) == ""  # no seed off the shift axis
    # Its arms' finish check reads the font-only runs of its seeds, never Table 1's.
    read = []
    real_run = pure.run
    pure.run = lambda arm, size, seed, level=None, folds=None: (
        read.append((arm, level, seed)) or real_run(arm, size, seed, level, folds)
    )
    assert set(tables.final_gains(pure, pure=True)) == {"finetune", "lpft"}
    assert set(read) == {("finetune", "fonts", 1), ("lpft", "fonts", 1)}
    assert prose.numbers(pure)["pure_cut_short"].startswith(
        "On the source without target images (1 seed), "
    )
    # the page's table gives its arms after Table 1's
    rows = list(tables.final_gain(pure).index)
    assert rows[:2] == ["scratch", "fine-tune"] and rows[-1] == tables.PURE_ROW.format(arm="LP-FT")
    assert "was not run" in prose.numbers(results)["pure_cut_short"]
    # the smoke preset's seeds are all on the shift axis: untestable claims, no table
    assert results.cfg.pure_seed_list == ()
    assert {c.verdict for _, c in claims_module.judged_pure(results)} == {"untestable"}
    assert tables.pure_table(results).empty and "was not run" in prose.pure_reading(results)
    # not declared at all: no claims either
    off = Results(results.cfg.replace(pure_shift=""), results.runs, results.pretrains)
    assert claims_module.judged_pure(off) == []


def test_holm_adjusts_step_down_and_skips_missing_values():
    from negresults import stats

    # sorted 0.01, 0.03, 0.04 -> 3 x 0.01, max(0.03, 2 x 0.03), max(0.06, 1 x 0.04)
    assert stats.holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    out = stats.holm([0.2, float("nan"), 0.9])
    assert out[0] == pytest.approx(0.4) and math.isnan(out[1]) and out[2] == pytest.approx(0.9)


def test_the_family_reading_names_verdicts_holm_drops_and_benefits_under_the_margin(
    results, monkeypatch
):
    from negresults import stats
    from negresults.transfer.report import claims as c
    from negresults.verdicts import compare

    zero = [0.0] * 8
    big = compare([6.0, 6.5, 7.0, 6.2, 6.8, 6.1, 6.9, 6.4], zero, 2.0)  # far above the margin
    # above zero (tiny p alone) yet its lower end under the margin
    small = compare([0.9, 1.5, 2.2, 1.1, 2.6, 1.4, 2.0, 1.7], zero, 2.0)
    # significant alone (p between 0.025 and 0.05): two of them fail Holm together, since
    # the smaller is doubled past 5% and the larger may not pass below it
    edge = compare([0.2, 3.9, -0.9, 2.7, 1.0, 3.3, -0.4, 2.9], zero, 2.0)
    assert big.verdict == small.verdict == edge.verdict == "positive"
    assert 0.025 < edge.difference.p_value < 0.05
    monkeypatch.setattr(
        c, "judged", lambda r: [("finetune", big), ("lpft", edge), ("linear_probe", edge)]
    )
    monkeypatch.setattr(c, "judged_pure", lambda r: [("finetune", small)])
    monkeypatch.setattr(c, "second_claims", lambda r, seeds=None: [])
    text = c.family_reading(results)
    assert "over the 4 verdicts" in text
    assert "2 hold at a family-wise 5% level and 2 would be inconclusive: LP-FT" in text
    assert "1 of the 4 also clear the ±2-point margin" in text
    assert "fine-tune on the source without target images (lower end" in text
    # One such verdict alone survives Holm: the largest p-value is multiplied by one.
    monkeypatch.setattr(c, "judged", lambda r: [("finetune", big), ("lpft", edge)])
    assert "every one of them holds" in c.family_reading(results)
    # Every verdict strong: no name is dropped and every benefit clears the margin.
    monkeypatch.setattr(c, "judged", lambda r: [("finetune", big)])
    monkeypatch.setattr(c, "judged_pure", lambda r: [])
    text = c.family_reading(results)
    assert "every one of them holds" in text and "every one of the 1 also clears" in text
    # The second claim's supporting branch: its TOST power at the seeds and SD observed.
    second = c.SecondClaim("finetune", big, big, big, stats.summarize([1.0, 2.0]), c.PARTIAL)
    monkeypatch.setattr(c, "second_claims", lambda r, seeds=None: [second])
    text = c.family_reading(results)
    power = stats.tost_power(8, big.difference.std, 2.0)
    assert f"fine-tune {100 * power:.0f}% power" in text
    assert ("could hardly have found for the paper" in text) == (power < 0.8)
    assert ("the design could have found for the paper" in text) == (power >= 0.8)
    # A spread benefit, still above zero: the same branch, now with little power.
    wide = compare([1.0, 12.0, 3.0, 11.0, 2.0, 10.0, 4.0, 9.0], zero, 2.0)
    assert wide.verdict == "positive"
    second = c.SecondClaim("finetune", big, big, wide, stats.summarize([1.0, 2.0]), c.PARTIAL)
    text = c.family_reading(results)
    assert stats.tost_power(8, wide.difference.std, 2.0) < 0.8
    assert "could hardly have found for the paper" in text


def test_the_shift_order_names_a_level_that_costs_less_than_the_one_before(results, monkeypatch):
    import pandas as pd

    def sizes(drops, vals):
        return pd.DataFrame(
            {
                "level": ["writers", "mixed_light", "acquired", "outline"],
                "control": [True, False, False, False],
                "source_val": vals,
                "drop": drops,
            }
        )

    monkeypatch.setattr(
        tables, "shift_sizes", lambda r: sizes([-1.0, 5.0, 40.0, 30.0], [93, 98, 99, 70])
    )
    text = prose.shift_order(results)
    assert "do not all follow the order" in text
    assert "outlined fonts costs 30.0 points, less than" in text and "70.0 %" in text
    # The control's drop is never part of the order.
    monkeypatch.setattr(
        tables, "shift_sizes", lambda r: sizes([50.0, 5.0, 40.0, 45.0], [93, 98, 99, 97])
    )
    assert prose.shift_order(results) == (
        "Measured by that drop, the levels follow the order they were designed in."
    )


def test_the_source_model_split_adds_up_to_the_benefit(results, cfg):
    text = prose.source_model_split(results)
    seeds = cfg.seeds
    source = results.source_only(cfg.table_level, seeds)
    alone = (source - results.test_acc("scratch", cfg.table_size, seeds)).mean()
    added = (results.test_acc("finetune", cfg.table_size, seeds) - source).mean()
    assert f"scores {fmt(alone, signed=True)} points" in text
    assert f"adds {fmt(added, signed=True)} points" in text


def test_every_transferred_arm_is_set_against_the_source_model_it_starts_from(results, cfg):
    text = prose.against_source_model(results)
    source = results.source_only(cfg.table_level, cfg.seeds)
    for arm in ("finetune", "lpft", "linear_probe", "frozen_head"):
        d = (results.test_acc(arm, cfg.table_size, cfg.seeds) - source).mean()
        assert f"{prose.SHORT[arm]} {fmt(d, signed=True)} points" in text


def test_the_source_model_split_says_when_the_target_training_adds_nothing(
    results, cfg, monkeypatch
):
    n = len(cfg.seeds)
    base = np.linspace(70.0, 72.0, n)
    wiggle = np.resize([0.1, -0.1, 0.05, -0.05], n)
    monkeypatch.setattr(results, "source_only", lambda level, seeds: base + 10.0)
    for finetune, lead, tail in (
        (base + 10.0 + wiggle, "All of the benefit Table 1 shows", "neither helps nor"),
        (base + 20.0 + wiggle, "Part of Table 1's benefit", None),
    ):
        accs = {"scratch": base, "finetune": finetune}
        monkeypatch.setattr(
            results, "test_acc", lambda arm, size, seeds, *a, accs=accs, **k: accs[arm]
        )
        text = prose.source_model_split(results)
        assert text.startswith(lead), text
        assert (tail is not None and tail in text) or (tail is None and "neither" not in text)


def test_the_headline_scope_is_said_only_for_a_source_holding_target_handwriting(results, cfg):
    import types

    for level, said in (("mixed_light", True), ("writers", True), ("acquired", False)):
        stub = types.SimpleNamespace(
            cfg=types.SimpleNamespace(table_level=level, pure_seed_list=(6,))
        )
        assert bool(prose.headline_scope(stub)) == said, level
    # The font-only source is named as a narrowing reading only where its seeds ran.
    for pure, named in (((6,), True), ((), False)):
        stub = types.SimpleNamespace(
            cfg=types.SimpleNamespace(table_level="mixed_light", pure_seed_list=pure)
        )
        assert ("source without target images" in prose.headline_scope(stub)) == named


def test_the_handwriting_control_is_set_against_every_row_on_table_1s_seeds(results, cfg):
    from negresults.transfer.plan import handwriting_size

    size = handwriting_size(cfg)
    control = results.test_acc("scratch", size, cfg.seeds)
    table = tables.handwriting_table(results)
    assert table.index[0] == tables.HANDWRITING_LABEL
    text = prose.handwriting_reading(results)
    gain = (control - results.test_acc("scratch", cfg.table_size, cfg.seeds)).mean()
    assert f"scratch scores {fmt(gain, signed=True)} points" in text
    for arm in ("finetune", "lpft", "linear_probe", "frozen_head"):
        d = (results.test_acc(arm, cfg.table_size, cfg.seeds) - control).mean()
        assert f"{prose.SHORT[arm]} {fmt(d, signed=True)} points" in text
        assert table.loc[prose.SHORT[arm], "Minus the control [95% CI]"].startswith(
            fmt(d, signed=True)
        )
    assert f"{size} in all" in text
    # The Conclusion's threat names the control's answer, no longer a control not run.
    assert "was not run" not in prose.threats(results).split(". Scratch scores")[0]


def test_the_handwriting_reading_follows_fine_tunings_verdict(results, cfg, monkeypatch):
    n = len(cfg.seeds)
    base = np.linspace(70.0, 72.0, n)
    wiggle = np.resize([0.1, -0.1, 0.05, -0.05], n)
    control = base + 8.0
    monkeypatch.setattr(tables, "handwriting_runs", lambda r: control)
    for finetune, said in (
        (control + 6.0 + wiggle, "was worth more than adding as many"),
        (control - 6.0 + wiggle, "was worth less than adding as many"),
        (control + wiggle, "was worth about as much as adding as many"),
    ):
        accs = {"scratch": base, "finetune": finetune}
        monkeypatch.setattr(
            results, "test_acc", lambda arm, size, seeds, *a, accs=accs, **k: accs.get(arm, base)
        )
        assert said in prose.handwriting_reading(results)
        assert said in prose.handwriting_headline(results)
        # The agreement note only where the control leaves no benefit beyond it.
        assert bool(prose.handwriting_agreement(results)) == ("more" not in said)


def test_the_best_non_deep_baseline_is_set_against_the_handwriting_control(results, cfg):
    from negresults.transfer.plan import handwriting_size

    size = handwriting_size(cfg)
    control = results.test_acc("scratch", size, cfg.seeds)
    base = np.array([results.baseline_pick(size, s).test_acc for s in cfg.seeds])
    d = (base - control).mean()
    table = tables.handwriting_table(results)
    row = table.loc[tables.HANDWRITING_NONDEEP_LABEL]
    assert row["Minus the control [95% CI]"].startswith(fmt(d, signed=True))
    assert row["Reading"] == ""  # the control's reading is declared for the arms only
    text = prose.handwriting_reading(results)
    assert (
        f"Given the same {size} images per class, the best non-deep baseline on pixels "
        "(chosen on the same holdout, by the top score, as the baselines choose everywhere) "
        f"scores {fmt(d, signed=True)} points" in text
    )
    # Not in the arms' list: the sentence naming each arm against the control.
    arms_list = text.split("without one): ")[1].split(". ")[0]
    assert tables.HANDWRITING_NONDEEP_LABEL not in arms_list


def test_the_non_deep_reading_names_the_stronger_learner(results, cfg, monkeypatch):
    n = len(cfg.seeds)
    wiggle = np.resize([0.1, -0.1, 0.05, -0.05], n)
    control = np.linspace(80.0, 82.0, n)
    monkeypatch.setattr(tables, "handwriting_runs", lambda r: control)
    inside = "though by less than the 2-point margin"
    monkeypatch.setattr(
        tables, "handwriting_nondeep", lambda r, spec=None: control + 1.0 + wiggle / 10
    )
    assert f"it is the stronger learner of those images, {inside}" in (
        prose.handwriting_reading(results)
    )
    for base, said in (
        (control + 6.0 + wiggle, "it is the stronger learner of those images, so the bar"),
        (control - 6.0 + wiggle, "scratch is the stronger learner of the two"),
        (control + wiggle, "the two learners are about as strong"),
    ):
        monkeypatch.setattr(tables, "handwriting_nondeep", lambda r, spec=None, base=base: base)
        text = prose.handwriting_reading(results)
        assert said in text, said
        # Fine-tuning is set against the baseline only where the baseline is the higher bar.
        ft = results.test_acc("finetune", cfg.table_size, cfg.seeds) - base
        against = f"fine-tuning scores {fmt(ft.mean(), signed=True)} points"
        assert (against in text) == ("it is the stronger" in said)
        # The Conclusion says it too, beside the control's own reading.
        head = prose.handwriting_headline(results)
        d = base - control
        assert f"baseline on pixels scores {fmt(d.mean(), signed=True)} points" in head
        assert said.split(", so")[0] in head, said
        assert ("against that baseline" in head) == ("it is the stronger" in said)
        if "it is the stronger" in said:
            after = head.split("against the control: ")[1]
            assert f"F{against[1:]} " in after
            assert "with both choosing on the same large validation split instead" in after
    monkeypatch.setattr(tables, "handwriting_nondeep", lambda r, spec=None: None)
    assert "non-deep" not in prose.handwriting_headline(results)
    assert "the non-deep baselines did not run on its images" in prose.handwriting_reading(results)
    assert tables.HANDWRITING_NONDEEP_LABEL not in tables.handwriting_table(results).index


def test_without_the_handwriting_control_the_pages_say_it_did_not_run(results, cfg):
    import types

    off = types.SimpleNamespace(**{**vars(results), "cfg": cfg.replace(handwriting_control=False)})
    assert tables.handwriting_runs(off) is None
    assert tables.handwriting_table(off).empty
    assert prose.handwriting_reading(off).startswith("Not run with these parameters")
    assert prose.handwriting_part(off.cfg).startswith("not run with these parameters")
    # Without the baselines the control still runs, and the pages say what is missing.
    bare = types.SimpleNamespace(**{**vars(results), "cfg": cfg.replace(baselines=())})
    assert tables.handwriting_nondeep(bare) is None
    assert prose.handwriting_part(bare.cfg).endswith("none is with these parameters.")


def test_the_source_size_row_says_which_sources_read_it(results, cfg):
    table = tables.hyperparameters(results).reset_index()
    row = table[(table.stage == "pretraining") & (table.setting == "source_per_class")]
    assert len(row) == 1
    runs = row.iloc[0]["runs"]
    fonts_only = [lv for lv in cfg.levels if lv not in ("writers", "mixed_light", "mixed_heavy")]
    assert fonts_only and all(tables.LEVEL_LABELS[lv] in runs for lv in fonts_only)
    said = f"the no-shift control and the mixed sources hold {cfg.reservoir_per_class} images"
    assert said in runs


def test_every_source_has_its_font_share_row_and_the_handwriting_alone_is_named_apart(results, cfg):
    """Two mixed levels give two font shares; the handwriting-only source carries its
    source's share (how its handwriting was drawn) and the row says it holds no fonts."""
    import types

    from negresults.transfer.names import HANDWRITING_SOURCE

    pre = dict(results.pretrains)
    mixed = [(k, r) for k, r in pre.items() if r.config["shift"] == "mixed_light"]
    assert mixed and any(r.config["shift"] == HANDWRITING_SOURCE for r in pre.values())
    for (_, seed), r in mixed:  # a second mixed level, with its own share
        pre[("mixed_heavy", seed)] = types.SimpleNamespace(
            config={**r.config, "shift": "mixed_heavy", "font_share": 0.9}
        )
    two = types.SimpleNamespace(
        **{
            **vars(results),
            "pretrains": pre,
            "cfg": cfg.replace(shift_levels=(*cfg.shift_levels, "mixed_heavy")),
        }
    )
    table = tables.hyperparameters(two).reset_index()
    rows = table[(table.stage == "pretraining") & (table.setting == "font_share")]
    found = dict(zip(rows.value, rows.runs, strict=True))
    light = f"{mixed[0][1].config['font_share']:g}"
    assert found["0.9"] == LEVEL_LABELS["mixed_heavy"]
    assert found[light].startswith(LEVEL_LABELS["mixed_light"] + ", ")
    assert (
        f"{LEVEL_LABELS[HANDWRITING_SOURCE]} (it keeps the handwriting of the source with this "
        "share, and holds no fonts itself)"
    ) in found[light]
    assert found[light].endswith(
        f"{LEVEL_LABELS['handwriting_matched']} (it keeps the handwriting of the source with "
        "this share, and holds no fonts itself)"
    )


def test_an_arm_below_the_source_model_is_read_by_its_paired_difference(results, cfg, monkeypatch):
    seeds = cfg.shift_seed_list
    size = cfg.target_sizes[0]
    n = len(seeds)
    model = np.linspace(80.0, 82.0, n)
    wiggle = np.resize([0.1, -0.1, 0.05, -0.05], n)
    monkeypatch.setattr(results, "source_only", lambda level, s: model)
    monkeypatch.setattr(
        tables, "reference_rows", lambda r, z, s, folds=None: {SOURCE_ONLY_LABEL: model}
    )
    for drop, said in ((6.0, "fine-tune loses some of what the source model"), (0.5, "no paired")):
        accs = {"finetune": model - drop + wiggle, "lpft": model + 1.0}
        monkeypatch.setattr(
            results, "test_acc", lambda arm, z, s, *a, accs=accs, **k: accs.get(arm, model + 1)
        )
        text = prose._below_source_only(results, size)
        assert f"fine-tune {fmt(-drop + wiggle.mean(), signed=True)} points" in text
        assert said in text and "LP-FT" not in text


def test_a_fragile_font_only_benefit_is_marked_in_the_claims_table(results, monkeypatch):
    import types

    import pandas as pd

    row = claims_module.claim_label("lpft", pure=True)
    table = pd.DataFrame({"Verdict": ["benefit (claim contradicted)"]}, index=[row])
    benefit = types.SimpleNamespace(verdict=prose.POSITIVE)
    monkeypatch.setattr(prose, "claims_table", lambda r: table.copy())
    monkeypatch.setattr(prose, "judged_pure", lambda r: [("lpft", benefit)])
    for split, marked in (
        ({prose.POSITIVE: 9, prose.NEGATIVE: 23}, True),
        ({prose.POSITIVE: 20}, False),
    ):
        monkeypatch.setattr(prose, "_pure_spec_verdicts", lambda r, a, s=split: (s, 32))
        cell = prose.claims_with_fragility(results).loc[row, "Verdict"]
        assert cell.startswith("benefit (claim contradicted)")
        assert ("fragile: benefit in 9 of the 32 ways" in cell) == marked
    # Any verdict that at most half the analyses share, not only a benefit.
    same = types.SimpleNamespace(verdict=prose.EQUIVALENT)
    monkeypatch.setattr(prose, "judged_pure", lambda r: [("lpft", same)])
    for split, marked in (
        ({prose.POSITIVE: 7, prose.NEGATIVE: 13, prose.EQUIVALENT: 11, "inconclusive": 1}, True),
        ({prose.EQUIVALENT: 17, prose.POSITIVE: 15}, False),
    ):
        monkeypatch.setattr(prose, "_pure_spec_verdicts", lambda r, a, s=split: (s, 32))
        cell = prose.claims_with_fragility(results).loc[row, "Verdict"]
        said = f"fragile: {prose.VERDICT_WORDS[prose.EQUIVALENT]} in 11 of the 32 ways"
        assert (said in cell) == marked
        # The agreement with the paper says it too, with the whole split.
        note = prose._pure_fragile_verdicts(results)
        assert (f"LP-FT's {prose.VERDICT_WORDS[prose.EQUIVALENT]} is fragile" in note) == marked
        if marked:
            assert note.endswith(
                f"{prose.VERDICT_WORDS[prose.POSITIVE]} in 7, harm in 13, "
                f"{prose.VERDICT_WORDS[prose.EQUIVALENT]} in 11 and inconclusive in 1."
            )


def test_every_stored_run_is_costed_once_in_the_first_part_that_needs_it(results, cfg):
    from negresults.transfer.config import PART_LABELS

    data = tables.cost_by_part(results)
    every = [
        *results.runs.values(),
        *results.budgets.values(),
        *results.pretrains.values(),
        *results.baselines.values(),
    ]
    assert data[tables.STORED_RUNS].sum() == len(every)
    assert data["Core-minutes"].sum() == pytest.approx(sum(r.info["seconds"] for r in every) / 60)
    assert data["Share of the total (%)"].sum() == pytest.approx(100)
    # Table 1 holds each seed's arms, its source model and its baseline run, and nothing a
    # later part reads again (scratch is not counted a second time in the second claim).
    per_seed = len(cfg.all_arms) + 1 + bool(cfg.baselines)
    assert data.loc[PART_LABELS["table"], tables.STORED_RUNS] == len(cfg.seeds) * per_seed
    assert data.loc[PART_LABELS["hand"], tables.STORED_RUNS] == len(cfg.seeds) * (
        1 + bool(cfg.baselines)
    )
    # The no-shift control's runs on Table 1's seeds are not charged to the second claim,
    # which is judged on its fresh seeds alone.
    from negresults.transfer.analysis_plan import SECOND_CLAIM_ARMS

    assert "writers" in cfg.levels
    control_runs = data.loc[PART_LABELS["control"], tables.STORED_RUNS]
    assert control_runs == len(cfg.seeds) * (len(SECOND_CLAIM_ARMS) + 1)
    fresh = len(cfg.claim_seeds) * (1 + 2 * len(SECOND_CLAIM_ARMS) + 2)
    assert data.loc[PART_LABELS["claim"], tables.STORED_RUNS] == fresh
    # A run fits its whole grid: Table 1 trains each arm's grid once a seed (no folds in
    # this preset), and one source model; the non-deep fits are every baseline run's grid.
    assert cfg.folds == 0
    pairs = (
        len(cfg.wd_grid) if cfg.joint_regularisation else len(cfg.wd_grid) * len(cfg.augment_grid)
    )
    per_seed = sum(len(cfg.lr_grid_of(arm)) * pairs for arm in cfg.all_arms) + 1
    assert data.loc[PART_LABELS["table"], tables.NETWORKS_TRAINED] == len(cfg.seeds) * per_seed
    fits = sum(len(r.arrays("grid")["test_acc"]) for r in results.baselines.values())
    assert data[tables.NONDEEP_FITS].sum() == fits > 0
    assert data.loc[PART_LABELS["claim"], tables.NONDEEP_FITS] == 0  # no baseline there
    top = data["Share of the total (%)"].idxmax()
    assert prose.cost_words(results).endswith(f"core-minutes, goes to the part named “{top}”.")
    shown = tables.cost_table(results)
    assert shown.index[-1] == "All parts"
    assert shown.loc["All parts", tables.STORED_RUNS] == len(every)


def test_the_fonts_share_is_table_1s_source_minus_its_handwriting_alone(results, cfg):
    from negresults.transfer.names import HANDWRITING_SOURCE
    from negresults.transfer.plan import hand_source_arms, source_handwriting

    arms = hand_source_arms(cfg)
    assert arms and tables.hand_source_ran(results) == arms
    found = tables.fonts_added(results)
    for arm in arms:
        full = results.test_acc(arm, cfg.table_size, cfg.seeds)
        alone = [
            results.pick(results.runs[(arm, HANDWRITING_SOURCE, cfg.table_size, s, cfg.folds)])
            for s in cfg.seeds
        ]
        d = full - np.array([p.test_acc for p in alone])
        assert found[arm].estimate == pytest.approx(d.mean())
    table = tables.fonts_table(results)
    assert list(table.index) == [tables.SOURCE_ONLY_LABEL, *(tables.SHORT[a] for a in arms)]
    assert table.loc[tables.SOURCE_ONLY_LABEL, "Reading"] == ""  # no reading declared
    ft = found["finetune"]
    assert table.loc[tables.SHORT["finetune"], "Difference [95% CI]"].startswith(
        fmt(ft.estimate, signed=True)
    )
    # The arms from the handwriting alone are also rows of the control's table, read there.
    hand = tables.handwriting_table(results)
    for arm in arms:
        assert tables.HAND_SOURCE_LABEL.format(arm=tables.SHORT[arm]) in hand.index
    text = prose.fonts_reading(results)
    assert text.startswith(
        "Each arm from Table 1's source minus the same arm from a source of its "
        f"{source_handwriting(cfg)} handwritten images per class alone"
    )
    assert f"fine-tune {fmt(ft.estimate, signed=True)} points" in text
    # The exposure the design leaves unequal is said, with the sources' sizes.
    ratio = fmt(cfg.reservoir_per_class / source_handwriting(cfg), 0)
    assert f"passes over each of its images about {ratio} times as often" in text
    # The two source models applied as is, Table 1's minus the handwriting alone.
    so = (
        results.source_only(cfg.table_level, cfg.seeds)
        - results.source_only(HANDWRITING_SOURCE, cfg.seeds)
    ).mean()
    assert f"Table 1's source model scores {fmt(so, signed=True)} points" in text
    assert "Against the handwriting control" in text
    # Those rows are read in this paragraph, not again in the control's.
    label = tables.HAND_SOURCE_LABEL.format(arm=tables.SHORT["finetune"])
    assert label not in prose.handwriting_reading(results)
    # Every run, the new source models included, is costed once, in their own part.
    from negresults.transfer.config import PART_LABELS

    data = tables.cost_by_part(results)
    assert data.loc[PART_LABELS["hand_source"], tables.STORED_RUNS] == len(cfg.seeds) * (
        len(arms) + 1
    )


def test_the_second_claims_swap_is_split_into_handwriting_taken_away_and_fonts_added(
    results, cfg, monkeypatch
):
    from negresults.transfer.names import CONTROL_LEVEL, HANDWRITING_SOURCE

    parts = tables.swap_parts(results)
    assert set(parts) == set(tables.hand_source_ran(results)) and parts
    for arm, (away, added) in parts.items():
        size, seeds = cfg.table_size, cfg.seeds
        alone = results.test_acc(arm, size, seeds, level=HANDWRITING_SOURCE)
        control = results.test_acc(arm, size, seeds, level=CONTROL_LEVEL)
        table1 = results.test_acc(arm, size, seeds)
        assert away.estimate == pytest.approx((alone - control).mean())
        assert added.estimate == pytest.approx((table1 - alone).mean())
        # The two parts add up to the whole swap, seed by seed.
        assert away.estimate + added.estimate == pytest.approx((table1 - control).mean())
    text = prose.swap_confound(results)
    assert "not separated here" not in text and "was not run" not in text
    ft_away, ft_added = parts["finetune"]
    assert f"away gives {fmt(ft_away.estimate, signed=True)} points" in text
    assert f"adding the fonts {fmt(ft_added.estimate, signed=True)} points" in text
    assert f"on Table 1's {len(cfg.seeds)} seeds (not the second claim's fresh ones)" in text
    # Both parts share the handwriting-only source's extra passes: the page says so, and
    # gives the split again through the source held to Table 1's passes; it puts the loss on
    # one part only when both splits agree within the margin.
    assert "Both parts go through the handwriting-only source" in text
    from negresults.transfer.config import HANDWRITING_MATCHED

    matched = tables.swap_parts(results, HANDWRITING_MATCHED)
    assert set(matched) == set(parts)
    m_away, m_added = matched["finetune"]
    assert f"into {fmt(m_away.estimate, signed=True)} points" in text
    moved = max(
        abs(a.estimate - b.estimate)
        for arm in parts
        for a, b in zip(parts[arm], matched[arm], strict=True)
    )
    settled = moved < cfg.equivalence_margin and all(
        abs(away.estimate) > abs(added.estimate) and away.interval[1] < 0
        for split in (parts, matched)
        for away, added in split.values()
    )
    said = "the loss is the handwriting taken away" in text or (
        "the loss is mostly the handwriting taken away" in text
    )
    assert said == settled
    # The splits are description, not declared readings, and the page says so.
    assert ("splits added after the runs, not declared readings" in text) == settled
    assert ("the runs do not say which of the two the loss is" in text) == (not settled)
    # Without the equal-passes split, the extra passes leave the split open.
    real = tables.swap_parts
    monkeypatch.setattr(
        tables,
        "swap_parts",
        lambda r, source="handwriting": real(r) if source == "handwriting" else {},
    )
    assert prose.swap_confound(results).endswith(
        "the runs do not say which of the two the loss is."
    )
    monkeypatch.setattr(tables, "swap_parts", lambda r, *a: {})
    assert "was not run" in prose.swap_confound(results)


def test_the_agreement_on_the_second_claim_follows_its_verdicts(results, cfg, monkeypatch):
    import types

    from negresults.transfer.report import claims as claims_mod
    from negresults.verdicts import compare

    n = len(cfg.seeds)
    base = np.linspace(70.0, 72.0, n)
    wiggle = np.resize([0.1, -0.1, 0.05, -0.05], n)
    up = compare(base + 5 + wiggle, base, cfg.equivalence_margin)
    none = compare(base + wiggle / 10, base, cfg.equivalence_margin)
    down = compare(base - 5 + wiggle, base, cfg.equivalence_margin)
    small = compare(base + 1 + wiggle / 10, base, cfg.equivalence_margin)
    for subtle, loss, said in (
        (
            up,
            up,
            f"we disagree as stated: for fine-tuning a benefit of {fmt(up.estimate, signed=True)}",
        ),
        (none, up, "we agree: for fine-tuning the benefit at the subtlest shift is equivalent"),
    ):
        claim = types.SimpleNamespace(arm="finetune", subtle=subtle, loss=loss)
        monkeypatch.setattr(claims_mod, "second_claims", lambda r, *a, c=claim: [c])
        # One split only (the equal-passes one missing): the loss's parts stay open.
        monkeypatch.setattr(
            tables,
            "swap_parts",
            lambda r, source="handwriting": (
                {"finetune": (down, small)} if source == "handwriting" else {}
            ),
        )
        text = prose.second_claim_agreement(results)
        assert text.startswith("On the second claim, that a seemingly small shift removes")
        assert said in text and f"{fmt(loss.estimate)} points" in text
        assert "handwriting given up or fonts added, the runs do not separate" in text
        # Both splits agreeing that the handwriting given up is the larger part: said.
        monkeypatch.setattr(tables, "swap_parts", lambda r, *a: {"finetune": (down, small)})
        text = prose.second_claim_agreement(results)
        # The fonts win some back in both splits: the handwriting taken away is more than the
        # whole loss, and the sentence says so, labelled as a split added after the runs.
        assert "the loss is the handwriting taken away, which alone costs more than the" in text
        assert "a split added after the runs" in text
        monkeypatch.setattr(tables, "swap_parts", lambda r, *a: {})
        assert "do not separate" not in prose.second_claim_agreement(results)
    monkeypatch.setattr(claims_mod, "second_claims", lambda r, *a: [])
    assert prose.second_claim_agreement(results) == ""


def test_the_validation_loss_turn_is_read_from_the_source_models_curves(results, cfg):
    from negresults.transfer.names import HANDWRITING_SOURCE

    curves = results.pretraining_curves
    mine = curves[curves.level == HANDWRITING_SOURCE].groupby("epoch").source_val_loss.mean()
    epoch, rise = tables.validation_loss_turn(results, HANDWRITING_SOURCE)
    assert mine[epoch] == mine.min() and rise == pytest.approx(mine.iloc[-1] - mine.min())
    assert rise >= 0
    assert tables.validation_loss_turn(results, "no such source") is None
    text = prose.fonts_reading(results)
    assert f"is lowest after epoch {epoch} (a pretraining epoch is " in text
    assert f"whatever its size) and ends {fmt(rise, 2)} higher" in text


def test_a_setting_only_some_arms_hold_is_listed_with_those_arms(results, cfg):
    table = tables.hyperparameters(results).reset_index()
    rows = table[(table.stage == "target") & (table.setting == "lpft_probe_steps")]
    assert list(rows.value) == [str(cfg.lpft_probe_steps)]
    holders = rows.iloc[0]["runs"]
    assert holders.startswith(tables.SHORT["lpft"]) and tables.SHORT["scratch"] not in holders
    assert holders != tables.EVERY_RUN
    assert "budget_scale" not in set(table.setting)  # named in the runs column instead


def test_the_fonts_reading_follows_the_verdict_and_says_when_it_did_not_run(
    results, cfg, monkeypatch
):
    from negresults.verdicts import compare

    n = len(cfg.seeds)
    base = np.linspace(70.0, 72.0, n)
    wiggle = np.resize([0.1, -0.1, 0.05, -0.05], n)
    # The control's reading that leaves the fonts' share open (fine-tuning below it).
    below = compare(base - 6.0 + wiggle, base, cfg.equivalence_margin)
    monkeypatch.setattr(
        tables, "handwriting_comparisons", lambda r, *a: {tables.SHORT["finetune"]: below}
    )
    for shift, said in (
        (6.0, "the fonts, or the fewer passes, add to what that handwriting transfers"),
        (-6.0, "the fonts, or the fewer passes, take from what that handwriting transfers"),
        (0.0, "at equal pretraining steps the fonts add less than the margin beyond that"),
    ):
        c = compare(base + shift + wiggle, base, cfg.equivalence_margin)
        monkeypatch.setattr(tables, "fonts_added", lambda r, c=c: {"finetune": c})
        assert f"fine-tune {fmt(c.estimate, signed=True)} points" in prose.fonts_reading(results)
        assert said in prose.fonts_reading(results)
        # The Conclusion's handwriting sentence gives the fonts' share in place of "not run".
        head = prose.handwriting_headline(results)
        assert said in head and "was not run" not in head
        assert f"scores {fmt(c.estimate, signed=True)} points" in head
        assert "less than the 2-point margin" not in head  # these effects are not small
    # An effect inside the margin says so, as the other readings do.
    small = compare(base + 0.9 + wiggle / 10, base, cfg.equivalence_margin)
    assert small.verdict == prose.POSITIVE
    monkeypatch.setattr(tables, "fonts_added", lambda r: {"finetune": small})
    for text in (prose.fonts_reading(results), prose.handwriting_headline(results)):
        assert (
            "fewer passes, add to what that handwriting transfers, though by less than the 2"
            in text
        )
    monkeypatch.setattr(tables, "fonts_added", lambda r: {})
    assert prose.fonts_reading(results).startswith("Not run with these parameters")
    assert "a source of the handwriting alone would separate" in prose.handwriting_headline(results)
    assert tables.fonts_table(results).empty


def test_the_handwriting_only_source_has_its_row_and_curve_beside_the_levels(results, cfg):
    """The Supplementary's source models: every level, then the handwriting-only source as
    a source, not a level, on Table 1's seeds; and its pretraining curve in the figure."""
    from negresults.transfer.config import HANDWRITING_MATCHED, LEVEL_LABELS
    from negresults.transfer.names import HANDWRITING_SOURCE

    shown = tables.shift_sizes_table(results)
    name = LEVEL_LABELS[HANDWRITING_SOURCE]
    matched = LEVEL_LABELS[HANDWRITING_MATCHED]  # the same handwriting at Table 1's passes
    assert list(shown.index) == [LEVEL_LABELS[lv] for lv in cfg.levels] + [name, matched]
    assert shown.loc[name, "kind"] == shown.loc[matched, "kind"] == tables.HAND_SOURCE_KIND
    runs = [results.pretrains[(HANDWRITING_SOURCE, s)] for s in cfg.seeds]
    only = np.mean([r.metrics["source_only_target_acc"] for r in runs])
    assert shown.loc[name, "source-only on target (%)"] == fmt(only)
    fig = figures.pretraining_curves(results)
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_legend().get_texts()]
    matplotlib.pyplot.close(fig)
    assert labels[-2:] == [name, matched]
    assert len(labels) == len(set(cfg.levels) | {cfg.table_level}) + 2


def test_the_per_seed_table_holds_the_runs_paired_with_table_1s_on_its_seeds(results, cfg):
    """Every arm, then the handwriting control and the arms from the handwriting alone: the
    same seeds, so a reader can pair any two columns row by row."""
    from negresults.transfer.config import HAND_MATCHED_LABEL, HAND_SOURCE_LABEL, PART_LABELS
    from negresults.transfer.names import HANDWRITING_SOURCE
    from negresults.transfer.plan import hand_source_arms, handwriting_size

    assert list(tables.per_seed(results).columns) == [prose.SHORT[a] for a in cfg.all_arms]
    shown = tables.per_seed_paired(results)  # a table of its own: neither is too wide
    hand = [HAND_SOURCE_LABEL.format(arm=prose.SHORT[a]) for a in hand_source_arms(cfg)]
    matched = [HAND_MATCHED_LABEL.format(arm=prose.SHORT[a]) for a in hand_source_arms(cfg)]
    assert list(shown.columns) == [PART_LABELS["hand"], *hand, *matched]
    assert list(shown.index) == list(cfg.seeds) == list(tables.per_seed(results).index)
    seed = cfg.seeds[-1]
    control = results.pick(results.run("scratch", handwriting_size(cfg), seed))
    assert shown.loc[seed, PART_LABELS["hand"]] == round(control.test_acc, 1)
    arm = hand_source_arms(cfg)[0]
    run = results.run(arm, cfg.table_size, seed, level=HANDWRITING_SOURCE)
    assert shown.loc[seed, hand[0]] == round(results.pick(run).test_acc, 1)


def test_the_fonts_reading_is_counted_over_every_way_of_choosing_settings(results, cfg):
    """How robust 'Table 1's source higher' is: its reading under each analysis of the
    specification curve, the declared one among them."""
    found = tables.fonts_added_by_spec(results)
    declared = tables.fonts_added(results)
    assert set(found) == set(declared) and found
    specs = tables.specs(cfg)
    assert results.spec() in specs
    for protocols in found.values():
        # Every analysis counted once, under its own protocol (the oracle apart).
        assert set(protocols) == {spec.protocol for spec in specs}
        assert sum(sum(n.values()) for n in protocols.values()) == len(specs)
    text = prose.fonts_reading(results)
    assert f"Over the {len(specs)} ways the specification curve chooses settings" in text
    held = found["finetune"][cfg.selection]
    assert f" of the {sum(held.values())} holdout analyses" in text
    # The declared analysis is called a minority exactly when fewer than half agree with it.
    minority = [
        a
        for a, p in found.items()
        if p[cfg.selection].get(declared[a].verdict, 0) * 2 < sum(p[cfg.selection].values())
    ]
    assert ("the declared analysis is in the minority" in text) == bool(minority)


def test_the_fonts_share_at_equal_passes_is_read_beside_the_one_at_equal_steps(
    results, cfg, monkeypatch
):
    """The handwriting alone pretrained for Table 1's passes: indexed apart from the
    equal-steps source, compared arm by arm with Table 1's source, and read with the
    equal-steps comparison by the plan's joint rule."""
    from negresults.transfer.config import HANDWRITING_MATCHED
    from negresults.transfer.plan import hand_matched_arms, matched_epochs

    arms = hand_matched_arms(cfg)
    assert arms and tables.hand_source_ran(results, HANDWRITING_MATCHED) == arms
    for s in cfg.seeds:
        run = results.pretrains[(HANDWRITING_MATCHED, s)]
        assert run.config["pretrain_epochs"] == matched_epochs(cfg) < cfg.pretrain_epochs
        assert len(run.history) == matched_epochs(cfg)
    found = tables.fonts_added_matched(results)
    for arm in arms:
        alone = [
            results.pick(results.runs[(arm, HANDWRITING_MATCHED, cfg.table_size, s, cfg.folds)])
            for s in cfg.seeds
        ]
        d = results.test_acc(arm, cfg.table_size, cfg.seeds) - np.array([p.test_acc for p in alone])
        assert found[arm].estimate == pytest.approx(d.mean())
    table = tables.fonts_table(results, HANDWRITING_MATCHED)
    assert "From its handwriting alone, at Table 1's passes" in table.columns
    assert list(table.index) == [tables.SOURCE_ONLY_LABEL, *(tables.SHORT[a] for a in arms)]
    # Not a level: left out of the levels' finish, as the equal-steps source is.
    assert HANDWRITING_MATCHED not in tables.pretraining_gains(results).index
    text = prose.fonts_matched_reading(results)
    assert f"handwritten images for {matched_epochs(cfg)} epochs (" in text
    assert f"batches of {cfg.batch_size}) instead of {cfg.pretrain_epochs} (" in text
    # Added after the runs, and said so: the two handwriting-only sources against each other.
    pair = tables.handwriting_sources(results)
    assert "Added after the runs, not a declared reading" in text
    assert f"gives fine-tune {fmt(pair['finetune'].estimate, signed=True)} points" in text
    unmoved = all(
        c.interval[0] <= 0 <= c.interval[1]
        for k, c in pair.items()
        if k != tables.SOURCE_ONLY_LABEL
    )
    assert ("Neither trained arm's interval excludes zero" in text) == unmoved
    # The Conclusion marks the equal-passes reading fragile exactly when most holdout
    # analyses read otherwise.
    minority = prose._minority(results, HANDWRITING_MATCHED, {"finetune": found["finetune"]})
    assert ("; fragile: most holdout analyses" in prose._fonts_clause(results)) == bool(minority)
    # Said only where the stored curves show it: the shorter pretraining is the longer one's
    # first epochs.
    assert f"the first {matched_epochs(cfg)} epochs of the equal-steps source's" in text
    # Both inside the margin or not, said as the intervals are.
    m = cfg.equivalence_margin
    inside = all(
        -m < c.interval[0] and c.interval[1] < m
        for c in [*found.values(), *tables.fonts_added(results).values()]
    )
    assert ("lies inside the 2-point margin" in text) == inside
    assert f"fine-tune {fmt(found['finetune'].estimate, signed=True)} points" in text
    # The joint reading: the same verdict both ways is that reading; different, undecided.
    from negresults.verdicts import compare

    base = np.full(10, 80.0)  # ten seeds, so each verdict is decided
    wiggle = np.linspace(-0.5, 0.5, len(base))
    up = compare(base + 6 + wiggle, base, cfg.equivalence_margin)
    same = compare(base + wiggle / 10, base, cfg.equivalence_margin)
    assert (up.verdict, same.verdict) == (prose.POSITIVE, prose.EQUIVALENT)
    assert prose._both_inside([same], cfg) and not prose._both_inside([same, up], cfg)
    assert prose._together(up, up) == prose.FONTS_TOGETHER[prose.POSITIVE]
    assert prose._together(same, same) == prose.FONTS_TOGETHER[prose.EQUIVALENT]
    assert "the two readings differ" in prose._together(up, same)
    monkeypatch.setattr(tables, "fonts_added_matched", lambda r: {"finetune": same})
    monkeypatch.setattr(tables, "fonts_added", lambda r: {"finetune": up})
    head = prose.handwriting_headline(results)
    assert "pretrained for Table 1's passes instead" in head and "the two readings differ" in head
    monkeypatch.setattr(tables, "fonts_added_matched", lambda r: {})
    assert prose.fonts_matched_reading(results).startswith("Not run with these parameters")
    assert "Table 1's passes instead" not in prose.handwriting_headline(results)


def test_the_runs_at_equal_passes_are_dated_against_the_commit_that_declared_them(results):
    from negresults.transfer.config import HANDWRITING_MATCHED

    n = sum(lv == HANDWRITING_MATCHED for lv, _ in results.pretrains) + sum(
        k[1] == HANDWRITING_MATCHED for k in results.runs
    )
    said = claims_module._hand_matched_runs(results, ("c" * 40, 0.0, b""))
    assert said.startswith(f" The {n} runs from that handwriting pretrained for Table 1's passes")
    assert said.endswith(f"commit {'c' * 12} at 1970-01-01 00:00 UTC; all were stored after it.")
    late = claims_module._hand_matched_runs(results, ("c" * 40, 4e9, b""))
    assert late.endswith(f"; {n} were stored before it.")
    assert claims_module._hand_matched_runs(results, None) == ""
    assert claims_module.HAND_MATCHED_HEADING in Path(analysis_plan_file()).read_bytes()


def analysis_plan_file():
    from negresults.transfer import analysis_plan

    return analysis_plan.__file__


def test_the_fonts_share_is_said_to_win_back_only_as_far_as_its_intervals_show():
    from negresults.verdicts import compare

    away = compare([-5, -6, -5.5], [0, 0, 0], 2.0)
    up = compare([1, 1.2, 1.1], [0, 0, 0], 2.0)  # interval above zero
    unsure = compare([1, -0.5, 2], [0, 0, 0], 2.0)  # positive, interval across zero
    down = compare([-1, -0.5, 0.2], [0, 0, 0], 2.0)
    every = prose._swap_words({"finetune": (away, up)}, {"finetune": (away, up)})
    assert every.endswith(", and the fonts win back part of it")
    mixed = prose._swap_words(
        {"finetune": (away, up), "lpft": (away, unsure)}, {"finetune": (away, unsure)}
    )
    assert "win back part of it" not in mixed.split(";")[0]
    assert mixed.endswith(
        "shown above zero only for fine-tune at equal steps, where the fonts cannot be told "
        "from the fewer passes"
    )
    assert f"their intervals reach at most {fmt(unsure.interval[1], signed=True)} points" in mixed
    none = prose._swap_words({"finetune": (away, unsure)}, {"finetune": (away, unsure)})
    assert none.endswith("though no interval of theirs excludes zero")
    assert prose._swap_words({"finetune": (away, down)}, {"finetune": (away, up)}) == (
        "the loss is mostly the handwriting taken away, not the fonts added"
    )


def test_a_fragile_verdict_is_read_apart_in_the_agreement():
    from negresults.verdicts import compare

    same = compare([1, 1.1, 0.9, 1.0], [1, 1, 1, 1], 2.0)  # equivalent: supports the claim
    worse = compare([1, 1.1, 0.9, 1.0], [5, 5.2, 5.1, 4.9], 2.0)  # harm: supports it too
    said = prose.agreement_words([("lpft", same), ("linear_probe", worse)], fragile=["lpft"])
    assert "claim supported for linear probe (harm)" in said
    assert "claim supported under the declared analysis, but fragile (below), for LP-FT" in said
    assert "fragile" not in prose.agreement_words([("lpft", same), ("linear_probe", worse)])


def test_the_claim_on_the_font_only_source_is_shown_seed_by_seed(cfg, results):
    import dataclasses

    from negresults.transfer.report.results import Results

    # The smoke axis runs every seed, which leaves the claim none: an empty table.
    assert tables.per_seed_pure(results).empty
    # Treat every seed as the claim's, with the arms the axis runs at that source.
    axis = dataclasses.replace(cfg, shift_seeds=0, arms=("scratch", "finetune", "lpft"))
    moved = Results(axis, results.runs, results.pretrains)
    table = tables.per_seed_pure(moved)
    assert list(table.index) == list(axis.pure_seed_list)
    assert list(table.columns) == ["scratch", "fine-tune", "LP-FT"]
    ft = moved.test_acc("finetune", axis.table_size, axis.pure_seed_list, level=axis.pure_level)
    assert table["fine-tune"].tolist() == [round(v, 1) for v in ft]
    assert table["scratch"].tolist() == [
        round(v, 1) for v in moved.test_acc("scratch", axis.table_size, axis.pure_seed_list)
    ]


def test_a_pick_can_be_read_inside_narrower_rates_and_its_tie_holds_it(cfg, results):
    # The smoke grid widens nothing, so no widening is read.
    assert tables.grid_widenings(results) == []
    top, bottom = max(cfg.lr_grid), min(cfg.lr_grid)
    below = results.spec(max_lr=bottom)  # only the bottom rate allowed
    above = results.spec(min_lr=top)  # only the top rate allowed
    for run in results.runs.values():
        rates = set(results.grid(run)["lr"].tolist())
        if len(rates) < 2:
            continue
        assert results.pick(run, below).lr == bottom
        assert results.pick(run, above).lr == top
        # The declared pick is among the rates tied with the best, and a narrower range
        # leaves only its own rates in the tie.
        assert results.pick(run).lr in results.tied_lrs(run)
        assert results.tied_lrs(run, below) == {bottom}
    # The edge counts read Table 1's size only, every arm's run once.
    counts = tables.lr_tied_edges(results)
    at_size = [k for k in results.runs if k[2] == cfg.table_size]
    assert sum(n for n, _, _ in counts.values()) == len(at_size)


def test_a_widened_grid_is_said_with_what_it_moved_and_what_moved_it(cfg, results, monkeypatch):
    from negresults.verdicts import compare

    assert prose.widening_words(results) == ""  # the smoke grids widen nothing
    before = compare([5, 6, 7], [1, 1, 2], 2.0)
    now = compare([6, 7, 8], [1, 1, 2], 2.0)
    top = compare([3, 4, 5], [1, 1, 2], 2.0)
    w = tables.Widening("linear_probe", cfg.table_level, before, now, top, top, 2, 3)
    monkeypatch.setattr(tables, "grid_widenings", lambda r: [w])
    said = prose.widening_words(results)
    assert "the linear probe's grid, widened from a top rate of 30 upward, moves" in said
    assert f"{fmt(before.estimate, signed=True)} points" in said and "pick moving on 2 of 3" in said
    assert "Under the top score alone it moves nothing" in said
    assert said.endswith("No verdict changed.")
    harm = compare([1, 1, 2], [5, 6, 7], 2.0)
    w2 = tables.Widening("lpft", cfg.table_level, before, harm, top, now, 1, 3)
    monkeypatch.setattr(tables, "grid_widenings", lambda r: [w2])
    said = prose.widening_words(results)
    assert "LP-FT's grid, widened below its common bottom rate of" in said
    assert "top score alone" not in said  # it moves under the top score too
    assert said.endswith("so that verdict rests on it.")


def test_the_second_claim_is_shown_seed_by_seed(cfg, results):
    import dataclasses

    from negresults.transfer.analysis_plan import SECOND_CLAIM_ARMS
    from negresults.transfer.report import pages
    from negresults.transfer.report.claims import CONTROL_LEVEL
    from negresults.transfer.report.results import Results

    table = tables.per_seed_second(results)
    assert list(table.index) == list(cfg.claim_seeds)
    arms = [a for a in SECOND_CLAIM_ARMS if a in cfg.all_arms]
    assert arms  # the smoke preset runs both claim-2 arms
    assert list(table.columns) == ["scratch"] + [
        f"{tables.SHORT[a]} {where}"
        for a in arms
        for where in ("without a shift", "at the subtlest shift")
    ]
    # Each column is the run the claim reads: the arm from the control, then from Table 1's level.
    size, seeds = cfg.table_size, cfg.claim_seeds
    for arm in arms:
        on_control = results.test_acc(arm, size, seeds, CONTROL_LEVEL, cfg.folds)
        assert table[f"{tables.SHORT[arm]} without a shift"].tolist() == [
            round(v, 1) for v in on_control
        ]
        at_level = results.test_acc(arm, size, seeds, cfg.table_level, cfg.folds)
        assert table[f"{tables.SHORT[arm]} at the subtlest shift"].tolist() == [
            round(v, 1) for v in at_level
        ]
    assert "subtlest real level" in pages.second_seeds_words(cfg)
    # Without the control on the shift axis the claim has no runs: no table, and the page says so.
    without = dataclasses.replace(cfg, shift_levels=("mixed_light", "fonts"))
    assert tables.per_seed_second(Results(without, results.runs, results.pretrains)).empty
    assert "did not run" in pages.second_seeds_words(without)
