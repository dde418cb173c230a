"""Study A end to end on a tiny grid: store, memoisation, tables, claims, figures."""

import re

import matplotlib
import numpy as np
import pandas as pd
import pytest

from negresults.shape_color.analysis_plan import CURVE_CLAIMS
from negresults.shape_color.config import ShapeColorConfig as Config
from negresults.shape_color.report import claims as claims_module
from negresults.shape_color.report import figures, tables
from negresults.shape_color.report.results import load_results
from negresults.store import ResultStore


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    cfg = Config.from_params(preset="smoke", epochs=2, train_per_pair=8, device="cpu")
    store = ResultStore(tmp_path_factory.mktemp("store"))
    first = load_results(cfg, store, progress=False)
    first.store = store
    return first


def late_rise(results, variant: str, pressure: str, metric: str, amount: float):
    """(flat, risen): ``results`` with every curve extended flat by four epochs (the smoke
    runs train too few to have a last quarter), and the same with one cell's ``metric``
    lifted by ``amount`` at the last epoch, a late rise."""
    import dataclasses

    h = results.history
    top = h.epoch.max()
    h = pd.concat(
        [h, *[h[h.epoch == top].assign(epoch=top + k) for k in range(1, 5)]], ignore_index=True
    )
    risen = h.copy()
    cell = (risen.variant == variant) & (risen.colour_pressure == pressure)
    assert cell.any()
    risen.loc[cell & (risen.epoch == top + 4), metric] += amount
    return dataclasses.replace(results, history=h), dataclasses.replace(results, history=risen)


def test_a_second_load_reads_the_store_and_trains_nothing(results, monkeypatch):
    from negresults import tasks

    def fail(*args, **kwargs):
        raise AssertionError("a runner was called for a stored run")

    monkeypatch.setattr(tasks, "compute", fail)
    again = load_results(results.cfg, results.store, progress=False)
    assert again.final.equals(results.final)


def test_results_are_tidy_and_memoised(results):
    cfg = results.cfg
    assert len(results.final) == len(cfg.grid)
    assert set(results.history.epoch) == set(range(cfg.epochs + 1))
    # Every tuned variant tried exactly the declared grid (it never grows at run time).
    counts = results.tuning.groupby("variant").lr.nunique()
    assert set(counts.index) == set(cfg.tuned_variants)
    assert (counts == len(cfg.lr_grid)).all()
    # Every reported run took the rate its variant's tuning scored best.
    chosen = {}
    for variant in cfg.tuned_variants:
        t = results.tuning[results.tuning.variant == variant].groupby("lr").score.mean()
        chosen[variant] = t.idxmax()
        rows = results.final[results.final.variant == variant]
        assert set(rows.lr) == {chosen[variant]}
    controls = results.final[results.final.variant.isin(cfg.controls)]
    assert set(controls.lr) == {chosen["baseline"]}
    # The curve claims read the reported baseline's curves, over its whole training.
    base = results.history[results.history.variant == "baseline"]
    assert set(base.epoch) == set(range(cfg.epochs + 1))
    # One stability run per tuned variant, axis rate and stability seed, each at its rate.
    st = results.stability
    assert len(st) == len(cfg.stability_grid)
    for variant in cfg.tuned_variants:
        for rate in cfg.stability_rates:
            arm = results.stability_arm(variant, rate)
            assert set(arm.lr) == {rate} and list(arm.seed) == sorted(cfg.stability_seeds)
    # Dense readings: every monitor_every steps of the stability_epochs it trains.
    one = results.monitor[
        (results.monitor.variant == "baseline")
        & (results.monitor.axis_rate == cfg.stability_rates[0])
        & (results.monitor.seed == cfg.stability_seeds[0])
    ]
    steps = cfg.stability_epochs * -(-cfg.n_train_images // cfg.batch_size)
    assert sorted(set(one.step)) == list(range(0, steps + 1, cfg.monitor_every))


def test_tables_cover_every_arm(results):
    cfg = results.cfg
    table = tables.results_table(results)
    assert len(table) == len({(v, p) for v, p, _, _ in cfg.grid})
    # Every cell at its own seeds: the shared ones, or a powered cell's more.
    for (model, pressure), n in table["n"].items():
        (cell,) = {
            (v, p)
            for v, p, _, _ in cfg.grid
            if tables.short(v) == model and tables.short_pressure(p) == pressure
        }
        assert n == len(cfg.cell_seeds(*cell))
    assert table["n"].max() > table["n"].min()  # the smoke preset runs one powered cell
    # Each ablation against its own reference arm, and the stem apart, at both settings.
    comparisons = tables.comparisons(cfg)
    assert ("frozen_linear", "frozen_linear", "trained_linear") in comparisons
    assert (tables.STEM, "trained_linear", "baseline") in comparisons
    assert len(comparisons) == len(cfg.ablations) + 1
    ablations = tables.ablation_table(results)
    assert len(ablations) == len(comparisons) * len(cfg.ablation_pressures)
    references = {v.split(" minus ")[1] for v in ablations["Arm minus reference"]}
    assert references == {"trained linear projection", "baseline"}
    assert len(tables.pressure_table(results)) == len(cfg.pressures)
    rates = len(cfg.stability_rates)
    assert len(tables.stability_table(results)) == len(cfg.tuned_variants) * rates
    assert len(tables.frozen_rate_table(results)) == rates
    assert len(tables.stability_seed_table(results)) == len(cfg.stability_grid)
    tuning = tables.tuning_table(results)
    assert list(tuning.index) == [tables.short(v) for v in cfg.tuned_variants]
    probes = {v for v, p in tables.arms(results) if p == "none"}
    for attribute in ("colour", "shape"):
        assert len(tables.probe_table(results, attribute)) == len(probes)
    assert len(tables.hue_table(results)) == len(probes)
    assert len(tables.per_seed_table(results)) == len(cfg.grid)
    cost = tables.cost_table(results)
    total = len(cfg.grid) + len(results.tuning) + len(cfg.stability_grid)
    assert cost.loc["total", "Runs"] == total


def test_hyperparameter_table_holds_every_key_any_run_holds(results):
    cfg = results.cfg
    hyper = tables.hyperparameter_table(results)
    keys = {k for r in results.runs if r.kind != "shape_color/tune" for k in r.config}
    assert set(hyper.index) == keys
    assert {"monitor_every", "stability_epochs", "lr", "lr_grid"} <= keys
    # Every run trains the declared length (the curve claims read the reported baseline).
    assert hyper.loc["epochs", "Value(s) in the runs shown"] == f"{cfg.epochs}"
    assert hyper.loc["seed", "Value(s) in the runs shown"] == ", ".join(map(str, cfg.seeds))
    assert hyper.loc["epochs", "Held by"] == "every run"
    assert hyper.loc["monitor_every", "Held by"].startswith("stability runs")
    assert hyper.loc["lr", "Held by"] == "stability runs on the rate axis"
    assert all(hyper.Meaning != "")
    # Written for a reader: no Python literals (brackets, booleans) in the values.
    shown = " ".join(hyper["Value(s) in the runs shown"])
    assert not any(token in shown for token in ("[", "]", "True", "False", "None"))
    assert hyper.loc["lr_grid", "Value(s) in the runs shown"] == ", ".join(
        f"{x:g}" for x in cfg.lr_grid
    )


def test_edge_picks_count_rates_chosen_at_an_end_of_those_tried(results, monkeypatch):
    """Read from the tuning scores, not from the table's words; the table says the same."""
    import pandas as pd

    t = results.tuning
    edges = {}
    for v in results.cfg.tuned_variants:
        g = t[t.variant == v].groupby("lr").score.mean()
        edges[v] = g.idxmax() in (g.index.min(), g.index.max())
    assert tables.edge_picks(results) == sum(edges.values())
    shown = tables.tuning_table(results)["On an edge"]
    assert list(shown) == ["yes" if edges[v] else "no" for v in results.cfg.tuned_variants]
    # Known scores: the first variant peaks inside its rates, the second at the top end.
    a, b = results.cfg.tuned_variants[:2]
    known = pd.DataFrame(
        [(a, lr, s) for lr, s in ((1e-4, 50.0), (1e-3, 80.0), (1e-2, 60.0))]
        + [(b, lr, s) for lr, s in ((1e-4, 50.0), (1e-3, 60.0), (1e-2, 70.0))],
        columns=["variant", "lr", "score"],
    )
    monkeypatch.setattr(results, "tuning", known)
    assert tables.edge_picks(results) == 1
    table = tables.tuning_table(results)
    assert list(table["On an edge"]) == ["no", "yes"]
    assert list(table["Chosen"]) == ["0.001", "0.01"]


def test_accuracy_intervals_stay_within_0_and_100():
    import numpy as np

    text = tables.cell(np.array([100.0, 100.0, 99.0, 100.0]))
    low, high = (float(x) for x in text.split("[")[1].rstrip("]").split(","))
    assert 0 <= low <= high <= 100


def test_claims_get_one_of_the_plans_verdicts(results):
    from negresults.shape_color import analysis_plan

    table = claims_module.claims_table(results)
    words = ("supported", "contradicted", "equivalent", "inconclusive", "untestable")
    assert set(table.Verdict) <= set(words)
    assert set(table["Verdict, Holm-adjusted"]) <= set(words)
    for j in claims_module.judged(results):
        if j.spec.rule == "count":
            assert j.verdict == analysis_plan.judge_count(j.shows)
        elif len(j.values):
            assert j.verdict == analysis_plan.read(j.outcome, j.spec.rule, j.spec.sign)
    # The conclusion's counts cover every claim, one verdict each, plain and after Holm.
    from negresults.shape_color.report import pages

    glued = pages.conclusion(results.cfg, results)
    for prefix, column in (("sc_claims_", "Verdict"), ("sc_holm_", "Verdict, Holm-adjusted")):
        counts = {w: int(glued[f"{prefix}{w}"]) for w in words}
        assert counts == {w: int((table[column] == w).sum()) for w in words}
        assert sum(counts.values()) == int(glued["sc_claims_total"]) == len(table)
    untestable = int(glued["sc_claims_untestable"])
    assert int(glued["sc_claims_judged"]) == len(table) - untestable
    specs = analysis_plan.claim_specs(results.cfg)
    assert len(table) == len(specs) == len(claims_module.plan_table(results.cfg))


def test_each_claim_states_the_difference_its_seeds_can_detect(results):
    import numpy as np

    from negresults import stats
    from negresults.reporting import fmt
    from negresults.studies import get

    table = claims_module.claims_table(results)
    judged = claims_module.judged(results)
    for j, shown in zip(judged, table["Detectable at 80% power / margin"], strict=True):
        if not np.isfinite(j.detectable):
            assert shown == "n/a"
            continue
        if j.spec.rule != "count":
            sd = float(np.std(j.values, ddof=1))
            assert j.detectable == pytest.approx(
                stats.minimum_detectable_difference(sd, len(j.values))
            )
        assert shown == f"{fmt(j.detectable)} / {j.spec.margin:g}"
    # the summary's power check is the least powered claim of the table, against its margin
    check = get("shape_color").checks(results)["power_ratio"].value
    ratios = [j.power_ratio for j in judged if np.isfinite(j.power_ratio)]
    assert max(ratios) == pytest.approx(check)


def test_page_keys_exist_even_when_an_arm_was_not_run(results):
    from negresults.shape_color.report import pages

    glued = pages.experiments(results.cfg, results)
    assert glued["sc_n_runs"] == str(len(results.cfg.grid))
    partial = results.cfg.replace(colour_pressure=["none"], controls=(), stability_test=False)
    partial_results = load_results(partial, results.store, progress=False)
    values = pages.experiments(partial, partial_results)
    assert set(values) == set(glued)
    assert values["sc_unstable_rate_reading"] == "n/a (not run)"
    assert values["sc_colour_only_critical"] == "n/a (not run)"
    assert values["sc_neglect_reading"] == "n/a (not run)"
    conclusion = pages.conclusion(partial, partial_results)
    assert set(conclusion) == set(pages.conclusion(results.cfg, results))
    assert set(pages.appendix(partial, partial_results)) == set(
        pages.appendix(results.cfg, results)
    )


def test_plan_status_says_when_the_plan_changed_after_the_runs(results, monkeypatch):
    from negresults.shape_color.report import pages
    from negresults.store import Run

    assert "has not changed" in pages.conclusion(results.cfg, results)["sc_plan_status"]
    # One reported run made under an older revision: the page says which runs, under which.
    old = next(r for r in results.runs if r.kind == "shape_color/train")
    stored = Run.info.fget

    def info(run):
        return {**stored(run), "analysis_plan": "0123456789ab"} if run is old else stored(run)

    monkeypatch.setattr(Run, "info", property(info))
    status = pages.conclusion(results.cfg, results)["sc_plan_status"]
    assert "The plan changed between runs" in status
    assert "under revision 0123456789ab, the 1 reported run;" in status
    assert f"under revision {pages.plan.REVISION} (the current one), the " in status


def test_the_plans_commit_is_the_one_whose_copy_hashes_to_its_revision(monkeypatch):
    import hashlib
    import shutil
    import subprocess

    from negresults.locations import find_repo_root
    from negresults.shape_color.report import pages

    root = find_repo_root()
    found = pages.plan_commit()
    if shutil.which("git") is None or found is None:
        pytest.skip("no git history in this copy")
    if found:
        rel = "src/negresults/shape_color/analysis_plan.py"
        blob = subprocess.run(
            ["git", "show", f"{found['commit']}:{rel}"], cwd=root, capture_output=True, check=True
        ).stdout
        assert hashlib.sha256(blob).hexdigest()[:12] == pages.plan.REVISION
        assert found["commit"][:12] in pages.plan_commit_sentence()
    # A revision no commit holds is said to be uncommitted; no git history is said too.
    assert "No commit" in pages.plan_commit_sentence("000000000000")
    monkeypatch.setattr(pages, "find_repo_root", lambda: None)
    assert "git history is not available" in pages.plan_commit_sentence()


def _controls_apart(results, colour: float, shape: float):
    """A copy of ``results`` whose colour-only control sits ``colour`` points above the baseline
    on colour-critical accuracy and whose shape-only control ``shape`` points above it on
    seen-pair shape, on every seed (a little seed-to-seed spread, so there is an interval)."""
    import dataclasses

    final = results.final.copy()
    base = final[(final.variant == "baseline") & (final.colour_pressure == "none")]
    for control, metric, gap in (
        ("colour_only", "critical_colour_acc", colour),
        ("shape_only", "shape_seen_acc", shape),
    ):
        rows = final.variant == control
        seeds = final.loc[rows, "seed"]
        final.loc[rows, metric] = seeds.map(base.set_index("seed")[metric]) + gap + 0.1 * seeds
    return dataclasses.replace(results, final=final)


def test_neglect_is_named_for_what_both_numbers_show(results):
    from negresults.shape_color.report import pages

    both = pages._neglect(_controls_apart(results, 10.0, 10.0), {})["sc_neglect_reading"]
    assert both.startswith("two-task interference")
    # Matched by kind of benchmark: which attribute pays more out of distribution.
    ood = _controls_apart(results, 10.0, 10.0)
    final = ood.final
    base = final[(final.variant == "baseline") & (final.colour_pressure == "none")]
    rows = final.variant == "shape_only"
    for gap, pays in ((30.0, "shape pays more"), (1.0, "colour pays more")):
        seeds = final.loc[rows, "seed"]
        final.loc[rows, "shape_unseen_acc"] = (
            seeds.map(base.set_index("seed")["shape_unseen_acc"]) + gap + 0.1 * seeds
        )
        assert pays in pages._neglect(ood, {})["sc_neglect_reading"]
    # Colour pays and seen-pair shape does not: neglect on the plan's pair, unless matched by
    # kind (unseen-pair shape, out of distribution like colour-critical) shape pays more.
    kept = _controls_apart(results, 10.0, -10.0)
    final = kept.final
    base = final[(final.variant == "baseline") & (final.colour_pressure == "none")]
    rows = final.variant == "shape_only"
    for gap, reading in (
        (30.0, "the paper's pattern on the plan's pair only"),
        (1.0, "colour neglect"),
    ):
        seeds = final.loc[rows, "seed"]
        final.loc[rows, "shape_unseen_acc"] = (
            seeds.map(base.set_index("seed")["shape_unseen_acc"]) + gap + 0.1 * seeds
        )
        said = pages._neglect(kept, {})["sc_neglect_reading"]
        assert said.startswith(reading), said
        assert ("so shape pays more" in said) == (gap == 30.0)
    shape = pages._neglect(_controls_apart(results, -10.0, 10.0), {})["sc_neglect_reading"]
    assert shape.startswith("the reverse of the paper's pattern")


def test_a_level_is_pressure_only_when_its_check_lowers_colour_critical_accuracy(results):
    from negresults.shape_color import analysis_plan

    level = results.cfg.ablation_pressure

    def baseline_at(shift):
        import dataclasses

        final = results.final.copy()
        rows = (final.variant == "baseline") & (final.colour_pressure == level)
        # Seed by seed (the no-pressure baseline may run more seeds than the level).
        at_none = final[(final.variant == "baseline") & (final.colour_pressure == "none")]
        by_seed = at_none.set_index("seed").critical_colour_acc
        seeds = final.loc[rows, "seed"]
        final.loc[rows, "critical_colour_acc"] = (
            by_seed[seeds].to_numpy() + shift + seeds.to_numpy() * 0.5
        )
        return dataclasses.replace(results, final=final)

    lowered, raised = baseline_at(-20.0), baseline_at(+20.0)
    assert analysis_plan.is_pressure(lowered.final, level)
    assert not analysis_plan.is_pressure(raised.final, level)
    named = tables.pressure_table(lowered)["Named"]
    assert named[tables.short_pressure(level)] == "pressure"
    assert tables.pressure_table(raised)["Named"][tables.short_pressure(level)] == "augmentation"


def test_the_stability_margin_is_set_against_the_noise_at_the_accuracy_the_runs_reach(results):
    import dataclasses
    import math

    from negresults.shape_color import analysis_plan
    from negresults.shape_color.report import pages

    cfg = results.cfg
    ref = results.stability_arm("baseline", analysis_plan.reference_rate(cfg.stability_rates))
    level = float(ref.monitor_final_acc.mean())
    images = cfg.n_classes**2 * cfg.val_per_pair
    noise = math.sqrt(2) * pages.binomial_se(level, images)
    # A margin either side of the noise at that level flips the reading.
    for margin, inside in ((noise * 0.5, True), (noise * 2.0, False)):
        wider = dataclasses.replace(results, cfg=dataclasses.replace(cfg, stability_margin=margin))
        reading = pages.method(wider.cfg, wider)["sc_m_margin_reading"]
        assert pages.fmt(noise) in reading
        assert ("inside the monitor's own noise" in reading) is inside


def test_stability_untestable_names_the_rates_tried_and_each_claims_gate(results):
    import dataclasses

    from negresults.shape_color import analysis_plan
    from negresults.shape_color.report import pages

    # Every run ends alike: no rate makes any arm dip more than at the reference.
    flat = dataclasses.replace(
        results,
        stability=results.stability.assign(
            monitor_final_acc=70.0, final_shape_acc=70.0, final_colour_acc=99.0, learned_dip=1.0
        ),
    )
    rates = results.cfg.stability_rates
    assert analysis_plan.unstable_rate(flat.stability, rates) is None
    reading = pages._stability(flat, {})["sc_unstable_rate_reading"]
    assert "no rate of the axis measurably made the baseline dip more" in reading
    assert all(f"{r:g}" in reading for r in rates)
    assert reading.count("at no rate (untestable)") == len(results.cfg.ablations)


def test_the_frozen_projections_effect_by_rate_reads_its_trend(results):
    import dataclasses

    from negresults.shape_color.report import pages

    st = results.stability.copy()
    rates = results.cfg.stability_rates
    for i, rate in enumerate(rates):
        trained = (st.variant == "trained_linear") & (st.axis_rate == rate)
        frozen = (st.variant == "frozen_linear") & (st.axis_rate == rate)
        # The trained projection dips 10 more points at each higher rate; the frozen holds.
        # Its accuracy falls too, which the trend does not read.
        st.loc[trained, "learned_dip"] = 2.0 + 10.0 * i + st.loc[trained, "seed"]
        st.loc[frozen, "learned_dip"] = 2.0 + 0.5 * st.loc[frozen, "seed"]
        st.loc[frozen, "monitor_final_acc"] = 80.0 - 10.0 * i
    growing = dataclasses.replace(results, stability=st)
    assert "grows with the rate" in pages._stability(growing, {})["sc_frozen_trend"]
    # Swap the two arms' dips: now the frozen projection dips more at higher rates.
    swapped = st.copy()
    linear = swapped.variant.isin(["frozen_linear", "trained_linear"])
    swapped.loc[linear, "variant"] = swapped.loc[linear, "variant"].map(
        {"frozen_linear": "trained_linear", "trained_linear": "frozen_linear"}
    )
    shrinking = dataclasses.replace(results, stability=swapped)
    assert "goes the other way" in pages._stability(shrinking, {})["sc_frozen_trend"]


def test_seed_count_below_the_power_calculation_is_a_warning_on_the_page():
    from negresults.shape_color import analysis_plan
    from negresults.shape_color.report import pages

    need = analysis_plan.planned_seeds()
    few = Config.from_params(preset="cpu", seeds=list(range(need - 1)))
    enough = Config.from_params(preset="cpu", seeds=list(range(need)))
    assert "Too few seeds" in pages._seed_warning(few) and str(need) in pages._seed_warning(few)
    assert "Too few seeds" not in pages._seed_warning(enough)


def test_figures_draw(results):
    import dataclasses

    matplotlib.use("Agg", force=True)
    fig = figures.figure1(results)
    # One panel per setting, and below each the gap to the controls that ran there.
    levels = len(results.cfg.ablation_pressures)
    assert len(fig.axes) == 2 * levels
    gaps = fig.axes[levels:]
    assert "minus control" in gaps[0].get_ylabel()
    assert all(ax.get_ylim()[0] < 0 < ax.get_ylim()[1] for ax in gaps)
    assert all(len(ax.get_lines()) >= 2 for ax in gaps)  # both controls' gaps, and zero
    curves = figures.learning_curves(results)
    panels = [ax for ax in curves.axes if ax.get_title()]
    assert len(panels) == len({(v, p) for v, p, _, _ in results.cfg.grid})
    # Every panel says which arm and level it shows, once (no two titles alike).
    assert len({ax.get_title() for ax in panels}) == len(panels)
    # The monitor: one column per axis rate, accuracy above, gradient norm (log) below; a
    # seed that ends below the learning line is drawn apart.
    monitor = figures.monitor_figure(results)
    rates = results.cfg.stability_rates
    assert len(monitor.axes) == 2 * len(rates)
    assert [ax.get_yscale() for ax in monitor.axes[len(rates) :]] == ["log"] * len(rates)
    assert monitor.axes[0].get_title() == f"Rate {rates[0]:g}\n(reference)"
    m = results.monitor
    # Every head learned but the first seed's shape head, which stays near zero.
    first = m.seed == m.seed.min()
    lost = m.assign(monitor_shape_acc=np.where(first, 5.0, 80.0), monitor_colour_acc=99.0)
    drawn = figures.monitor_figure(dataclasses.replace(results, monitor=lost))
    labels = {t.get_text() for t in drawn.legends[0].get_texts()}
    assert {"Recovers", "Does not recover"} <= labels
    figures.sample_figure(results.cfg)
    figures.colour_figure(results.cfg)


def test_explorer_is_a_widget_live_and_a_figure_in_the_book(results, monkeypatch, capsys):
    from IPython.display import display  # noqa: F401 - display prints reprs outside a kernel

    from negresults.shape_color.report import explore

    matplotlib.use("Agg", force=True)
    monkeypatch.setenv("NEGRESULTS_STATIC", "1")
    explore.show_curves(results)
    explore.show_samples(results.cfg)
    static = capsys.readouterr().out
    assert "Figure" in static and "VBox" not in static
    monkeypatch.delenv("NEGRESULTS_STATIC")
    explore.show_curves(results)
    explore.show_samples(results.cfg)
    assert capsys.readouterr().out.count("VBox") == 2
    fig = explore.sample_panel(results.cfg, 0, 1, "colour-critical", count=3)
    assert len(fig.axes) == 3


def test_the_power_table_says_more_than_the_limit_for_an_sd_that_is_not_a_number():
    from negresults.shape_color.report import pages

    assert pages.seeds_for_margin(float("nan"), 3.0) is None
    assert pages.seeds_for_margin(0.0, 3.0) == 2
    assert pages.seeds_for_margin(40.0, 3.0, max_n=5) is None


def test_the_plateau_check_reads_every_arm_at_every_level_a_claim_compares(results):
    """An ablation still learning under the declared pressure fails the check too: a claim
    compares its final accuracy there, so it cannot hide behind the arms at no pressure."""
    from negresults.shape_color.study import ShapeColorStudy

    p = results.cfg.ablation_pressure
    _, level = late_rise(results, "frozen_linear", p, "shape_seen_acc", 40.0)
    gains = tables.plateau_gains(level)
    assert max(gains, key=gains.get) == ("frozen_linear", results.cfg.ablation_pressure)
    assert gains[("frozen_linear", results.cfg.ablation_pressure)] == pytest.approx(40.0)
    assert all(g == 0 for k, g in gains.items() if k[0] != "frozen_linear" or k[1] == "none")
    check = ShapeColorStudy().checks(level)["shape_plateau_gain"]
    assert check.value == pytest.approx(40.0) and not check.ok


def test_curve_claims_wait_for_a_trained_baseline(results):
    """The plan judges the Figure 1 claims only where the baseline passed the plateau check:
    a baseline still gaining shape late leaves them untestable, with their estimates kept."""
    # The curve claims read the reported baseline's own curves (results.history).
    h = results.history
    assert set(h[h.variant == "baseline"].colour_pressure) >= set(results.cfg.ablation_pressures)
    flat, rising = late_rise(results, "baseline", "none", "shape_seen_acc", 5.0)
    for level, still_learning in ((flat, False), (rising, True)):
        for j in claims_module.judged(level):
            if not j.spec.key.startswith(CURVE_CLAIMS):
                continue
            held = still_learning and j.spec.pressure == "none"
            assert (j.verdict == "untestable") == held, (j.spec.key, j.verdict)
            cfg, p = results.cfg, j.spec.pressure
            read = set(cfg.cell_seeds("baseline", p))
            if j.spec.key.startswith("colour_held_back_"):  # paired with the control
                read &= set(cfg.cell_seeds("colour_only", p))
            assert bool(j.held_back) == held and len(j.values) == len(read)
            assert np.isnan(j.p_values[0]) == held  # out of Holm's family when held back


def test_every_seed_table_shows_no_accuracy_for_a_head_that_was_never_trained(results):
    table = tables.per_seed_table(results).reset_index()
    shape_cols = [c for c in table.columns if c.lower().startswith("shape")]
    colour_cols = [c for c in table.columns if c.lower().startswith(("colour", "color"))]
    assert shape_cols and colour_cols
    for model, blank, kept in (
        (tables.short("colour_only"), shape_cols, colour_cols),
        (tables.short("shape_only"), colour_cols, shape_cols),
    ):
        rows = table[table.Model == model]
        assert len(rows) and (rows[blank] == "no head trained").all().all()
        assert not (rows[kept] == "no head trained").any().any()
    base = table[table.Model == tables.short("baseline")]
    assert not (base[shape_cols + colour_cols] == "no head trained").any().any()


def test_a_verdict_that_compares_an_arm_still_learning_names_it(results, monkeypatch):
    """The plan holds back only the curve claims; every other verdict stands, and the page
    names a compared arm that failed the plateau check beside it."""
    gains = {("colour_only", "none"): 2.0, ("baseline", "none"): 0.0}
    monkeypatch.setattr(tables, "plateau_gains", lambda r: gains)
    found = {j.spec.key: j for j in claims_module.judged(results)}
    neglect = found["colour_neglected"]
    assert neglect.unfinished == tables.short("colour_only").lower()
    assert neglect.verdict != "untestable"  # flagged, not held back
    assert found["shape_cost"].unfinished == ""  # its two arms are flat
    row = claims_module.claims_table(results).set_index("Claim (paper)").loc[neglect.spec.claim]
    assert "still learning" in row["Evidence (mean [95% CI])"]
    monkeypatch.setattr(tables, "plateau_gains", lambda r: {})
    assert all(j.unfinished == "" for j in claims_module.judged(results))


def test_what_the_missing_checks_would_take_scales_the_recorded_cost(results):
    """Seeds come from the least-powered claim of each family, the cost from the stored times."""
    import dataclasses

    from negresults import stats
    from negresults.shape_color.report import pages

    found = claims_module.judged(results)
    spec = next(j.spec for j in found if j.spec.family == "accuracy" and j.spec.rule != "count")
    wide = np.array([0.0, 8.0, -8.0, 4.0, -4.0, 0.0])  # SD 5.66: far more seeds than 6
    claim = claims_module.Judged(spec, wide, "inconclusive", "inconclusive")
    need = stats.seeds_for_margin(float(np.std(wide, ddof=1)), spec.margin, alpha=0.05, power=0.8)
    assert need > len(wide)
    assert pages._seeds_needed([claim], "accuracy", 2) == need
    assert pages._seeds_needed([claim], "stability", 2) == 2  # another family's spread: ignored

    def scaled(factor: float) -> tuple[str, float]:
        timed = dataclasses.replace(
            results,
            final=results.final.assign(train_seconds=results.final.train_seconds * factor),
            tuning=results.tuning.assign(train_seconds=results.tuning.train_seconds * factor),
            stability=results.stability.assign(
                train_seconds=results.stability.train_seconds * factor
            ),
        )
        text = pages._what_it_would_take(results.cfg, timed, [claim])["sc_take"]
        return text, float(text.split("about ")[1].split(" core-hours")[0].replace(",", ""))

    # Smoke runs take seconds: scale them to hours, then double every recorded time.
    text, one = scaled(3600.0)
    assert f"{need} seeds in every cell the accuracy claims read" in text
    assert one > 1
    assert scaled(7200.0)[1] == pytest.approx(2 * one, rel=0.01)


def test_whether_seeds_could_make_the_stability_claims_testable_is_read_from_the_runs(results):
    """The baseline's largest instability check on the axis, with the seeds a difference
    that size would take; nothing when a rate already qualifies."""
    import dataclasses

    from negresults.shape_color import analysis_plan
    from negresults.shape_color.report import pages

    cfg = dataclasses.replace(results.cfg, stability_seeds=tuple(range(8)))
    low, top = cfg.stability_rates[0], cfg.stability_rates[-1]
    wobble = [0.0, 3.0, -3.0, 1.0, -1.0, 2.0, -2.0, 0.0]  # SD about 2: no interval above zero

    def frame(top_dip: float, top_acc: float = 80.0) -> pd.DataFrame:
        rows = [
            {
                "variant": "baseline",
                "axis_rate": r,
                "seed": s,
                "learned_dip": d + (w if r == top else 0.0),
                "monitor_final_acc": a,
                "final_shape_acc": a,
                "final_colour_acc": 99.0,
            }
            for r, d, a in ((low, 2.0, 80.0), (top, 2.0 + top_dip, top_acc))
            for s, w in enumerate(wobble)
        ]
        return pd.DataFrame(rows)

    small = dataclasses.replace(results, cfg=cfg, stability=frame(0.5))
    assert analysis_plan.unstable_rate(small.stability, cfg.stability_rates) is None
    text = pages._stability_seeds_reading(small)
    assert f"at such a rate, {top:g}, is 0.5 points" in text
    flat = dataclasses.replace(results, cfg=cfg, stability=frame(-1.0))
    assert "no higher rate made the baseline dip more" in pages._stability_seeds_reading(flat)
    # Every seed's shape head ends below the learning line at the top rate: nothing to read.
    gone = dataclasses.replace(results, cfg=cfg, stability=frame(20.0, top_acc=20.0))
    assert "fails to recover at every rate" in pages._stability_seeds_reading(gone)
    clear = dataclasses.replace(results, cfg=cfg, stability=frame(20.0))
    assert analysis_plan.unstable_rate(clear.stability, cfg.stability_rates) == top
    assert pages._stability_seeds_reading(clear) == ""


def test_a_supported_count_is_also_read_against_the_shape_rate_the_seeds_show():
    """Where shape falls on every seed, chance gives the pattern whenever colour rises: a coin
    flip, so 5 of 6 seeds has probability 7/64 = 0.11 and no longer clears 5%."""
    from negresults.shape_color import analysis_plan as plan
    from negresults.shape_color.config import PRESETS
    from negresults.shape_color.report import pages

    spec = next(s for s in plan.claim_specs(PRESETS["cpu"]) if s.rule == "count")
    colour = np.array([1.0, 2.0, 3.0, 1.5, 2.5, -1.0])
    shape = -np.ones(6)
    j = claims_module.Judged(spec, colour, "positive", plan.SUPPORTED, shape=shape)
    text = pages._count_claim(j)
    assert "shape falls on 6 of 6 seeds" in text
    assert "probability 0.11" in text and "would not support" in text
    # Shape falls on 6 of 8 seeds and colour rises on exactly those: chance per seed is
    # 0.75 / 2 = 0.375, and 6 or more of 8 has probability 0.036, under 5%.
    colour8 = np.array([1.0, 1, 1, 1, 1, 1, -1, -1])
    shape8 = np.array([-1.0, -1, -1, -1, -1, -1, 1, 1])
    strict = claims_module.Judged(spec, colour8, "positive", plan.SUPPORTED, shape=shape8)
    text = pages._count_claim(strict)
    assert "probability 0.04" in text and "also holds" in text


def test_the_collapse_reading_names_each_rate_a_seed_takes_off_the_axis(results):
    import dataclasses

    from negresults.shape_color.report import pages

    st = results.stability
    top = results.cfg.stability_rates[-1]
    learned = st.assign(final_shape_acc=80.0, final_colour_acc=99.0)
    learning = dataclasses.replace(results, stability=learned)
    assert "Every seed of every arm recovers" in pages._collapse(learning)
    # One seed of the baseline ends below the line at the top rate.
    one = (st.variant == "baseline") & (st.axis_rate == top) & (st.seed == st.seed.min())
    # The colour head ends high on every seed: the shape head alone decides.
    failing = learned.assign(final_shape_acc=np.where(one, 20.0, 80.0))
    n = int(((st.variant == "baseline") & (st.axis_rate == top)).sum())
    text = pages._collapse(dataclasses.replace(results, stability=failing))
    assert f"baseline at {top:g}, 1 of {n}" in text and "recovers" not in text


def _stability_frame(cfg, dips, seeds=8):
    """Stability rows of ``cfg``'s axis: ``dips[(variant, rate)]`` is that arm's largest dip on
    every seed, with a small wobble; every seed recovers."""
    rows = []
    for k, ((v, r), d) in enumerate(dips.items()):
        for s in range(seeds):
            rows.append(
                {
                    "variant": v,
                    "axis_rate": r,
                    "seed": s,
                    "learned_dip": d + 0.3 * (((s * 7 + k) % 5) - 2),
                    "monitor_final_acc": 80.0,
                    "final_shape_acc": 80.0,
                    "final_colour_acc": 99.0,
                }
            )
    return pd.DataFrame(rows)


def test_the_ablation_by_rate_reading_says_when_the_difference_changes_sign(results):
    import dataclasses

    from negresults.shape_color.report import pages

    rates = (0.01, 0.02, 0.04)
    cfg = dataclasses.replace(results.cfg, ablations=("no_attention",), stability_rates=rates)
    # No attention dips 5 points less than the baseline at 0.02 and 10 more at 0.04.
    dips = {("baseline", r): d for r, d in zip(rates, (2.0, 12.0, 12.0), strict=True)}
    dips |= {("no_attention", r): d for r, d in zip(rates, (2.0, 7.0, 22.0), strict=True)}
    flips = dataclasses.replace(results, cfg=cfg, stability=_stability_frame(cfg, dips))
    text = pages._ablation_by_rate(flips)
    assert re.search(r"at 0\.02, -[45]\.\d points", text) and "at 0.04, +10." in text
    assert "changes sign along the axis" in text
    dips[("no_attention", 0.02)] = 17.0
    same = dataclasses.replace(results, cfg=cfg, stability=_stability_frame(cfg, dips))
    assert "changes sign" not in pages._ablation_by_rate(same)


def test_a_no_change_claim_met_by_an_effect_on_its_allowed_side_says_what_that_means():
    from negresults.shape_color import analysis_plan as plan
    from negresults.shape_color.config import PRESETS
    from negresults.shape_color.report import pages

    spec = next(
        s for s in plan.claim_specs(PRESETS["cpu"]) if s.key == "no_stabilisation_no_attention"
    )
    worse = np.array([10.0, 12.0, 9.0, 11.0, 10.5, 9.5])
    judged = claims_module.Judged(spec, worse, "positive", plan.SUPPORTED, holm=plan.SUPPORTED)
    assert "the ablation dips more than its reference arm" in pages._claim(judged)
    same = np.array([0.2, -0.1, 0.1, 0.0, -0.2, 0.1])
    judged = claims_module.Judged(spec, same, "equivalent", plan.SUPPORTED, holm=plan.SUPPORTED)
    text = pages._claim(judged)
    assert "dips more" not in text and "90% interval" in text


def test_equivalence_on_a_claim_of_a_change_reads_as_not_supported():
    from negresults.shape_color.report.phrases import verdict_phrase

    assert verdict_phrase("equivalent", "equivalent").startswith("not supported")
    assert verdict_phrase("supported", "supported") == "supported, after Holm's adjustment too"


def test_the_supported_tally_names_verdicts_the_labels_decide(results):
    import dataclasses

    from negresults.shape_color import analysis_plan as plan
    from negresults.shape_color.report import pages

    found = claims_module.judged(results)
    cfg = results.cfg

    def supported(key):
        return [dataclasses.replace(j, verdict=plan.SUPPORTED) for j in found if j.spec.key == key]

    capped = supported(f"colour_stagnates_{cfg.ablation_pressure}")
    assert capped and tables.benchmark_ceiling(cfg, cfg.ablation_pressure) < 100
    assert "One is a colour-curve claim" in pages._supported_caveat(cfg, capped)
    # The same claim read where the labels do not cap the benchmark is not named.
    assert tables.benchmark_ceiling(cfg, "none") == 100
    assert "colour-curve" not in pages._supported_caveat(cfg, supported("colour_stagnates_none"))
    # With no supported verdict there is nothing to qualify, and nothing is said.
    none_supported = [dataclasses.replace(j, verdict=plan.INCONCLUSIVE) for j in found]
    assert pages._supported_caveat(cfg, none_supported) == ""


def test_the_head_cost_table_splits_each_rates_cost_by_head(results):
    import dataclasses

    cfg = results.cfg
    low, top = cfg.stability_rates[0], cfg.stability_rates[-1]
    m = results.monitor.copy()
    last = m.groupby(["variant", "axis_rate", "seed"]).step.transform("max") == m.step
    # At the top rate the baseline's shape head ends 20 points lower, its colour head 5.
    for rate, shape, colour in ((low, 60.0, 90.0), (top, 40.0, 85.0)):
        rows = last & (m.variant == "baseline") & (m.axis_rate == rate)
        m.loc[rows, "monitor_shape_acc"] = shape + 0.5 * m.loc[rows, "seed"]
        m.loc[rows, "monitor_colour_acc"] = colour
    table = tables.head_cost_table(dataclasses.replace(results, monitor=m))
    base = table.loc[tables.short("baseline")]
    assert base.loc[tables.rate_name(low), "Shape cost"] == "reference"
    assert base.loc[tables.rate_name(top), "Shape cost"].startswith("+20.0")
    assert base.loc[tables.rate_name(top), "Colour cost"].startswith("+5.0")


def test_the_whole_run_reading_names_falls_before_shape_is_learned(results):
    """Exploratory: an arm whose whole-run dip grows with the rate while its learned dip does
    not is named, with the head that falls; nothing is named when the dips stay flat."""
    import dataclasses

    from negresults.shape_color.report import pages

    rates = (0.01, 0.04)
    cfg = dataclasses.replace(results.cfg, ablations=("no_attention",), stability_rates=rates)
    dips = {(v, r): 2.0 for v in ("baseline", "no_attention") for r in rates}
    frame = _stability_frame(cfg, dips)
    top = (frame.variant == "no_attention") & (frame.axis_rate == 0.04)
    wobble = 0.3 * frame.seed
    frame = frame.assign(
        max_dip=np.where(top, 15.0, 3.0) + wobble,
        max_dip_shape=np.where(top, 25.0, 4.0),
        max_dip_colour=2.0,
    )
    text = pages._whole_run(dataclasses.replace(results, cfg=cfg, stability=frame))
    assert "grows measurably by 0.04 for the no attention arm" in text
    assert "no attention, at 0.04, +12.0" in text and "the shape head's own dip" in text
    flat = frame.assign(max_dip=3.0 + wobble)
    assert "grows measurably" not in pages._whole_run(
        dataclasses.replace(results, cfg=cfg, stability=flat)
    )


def test_label_mixing_zero_shot_pairs_the_two_levels_by_seed(results):
    """The no-pressure baseline runs more seeds than label mixing on the smoke preset (a
    powered cell): the zero-shot change is still read, on the seeds both ran."""
    from negresults.shape_color.report import pages
    from negresults.shape_color.report.phrases import sign_reading

    level = results.cfg.ablation_pressure
    f = results.final[results.final.variant == "baseline"]
    at = f[f.colour_pressure == level].set_index("seed").shape_unseen_acc
    none = f[f.colour_pressure == "none"].set_index("seed").shape_unseen_acc
    assert len(none) > len(at) >= 2  # the case this test is about
    by_hand = (at - none[at.index]).mean()
    gap = pages._zero_shot(results)["sc_zs_mixing_gap"]
    assert gap.startswith(f"{by_hand:+.1f} points")
    # Nothing paired is no reading at all, never "no change".
    assert sign_reading([], "below", "above", "neither") == "n/a (not run)"


def test_the_resized_claims_show_the_pilot_spread_and_the_verdict_before_and_after(results):
    """Every claim read on more seeds than its pilot is listed, with the seeds its pilot
    spread's upper limit needs, the seeds run, and the verdict on the pilot's seeds."""
    from negresults import stats

    cfg = results.cfg
    table = claims_module.resized_table(results)
    pilots = {
        j.spec.key: claims_module.pilot_seeds(cfg, j.spec.key)
        for j in claims_module.judged(results)
    }
    more = [j for j in claims_module.judged(results) if len(j.values) > pilots[j.spec.key]]
    assert len(more) > 0 and len(table) == len(more)
    for (_, row), j in zip(table.iterrows(), more, strict=True):
        k = pilots[j.spec.key]
        assert row["Claim (paper)"] == j.spec.claim
        assert row["Pilot seeds"] == str(k)
        assert row["Seeds the limit needs / run"].endswith(f"/ {len(j.values)}")
        # The pilot's values are the first k of the claim's per-seed values.
        sd = float(np.std(j.values[:k], ddof=1))
        need = stats.seeds_for_margin(stats.sd_upper_limit(sd, k), j.spec.margin)
        assert row["Seeds the limit needs / run"].startswith(f"{need} /")
        assert row["Verdict on the pilot"].split(" (")[0] in {
            "supported",
            "contradicted",
            "equivalent",
            "inconclusive",
            "untestable",
        }


def test_a_later_revisions_pilot_is_the_seeds_it_was_resized_from():
    """The ninth revision re-sized the colour-only comparison from the seeds it had read
    (11 without pressure, 14 under label mixing); every other claim's pilot is the seeds
    every cell runs, and no pilot is longer than the seeds given."""
    cpu = Config.from_params(preset="cpu")
    assert claims_module.pilot_seeds(cpu, "colour_held_back_none") == 11
    # The thirteenth re-sized the label-mixing comparison on the 25 seeds of its long runs;
    # where it reads the common length, its pilot is still the ninth's 14.
    assert claims_module.pilot_seeds(cpu, "colour_held_back_label_mixing") == 25
    common = cpu.replace(long_curve_levels=(), long_final_levels=())
    assert claims_module.pilot_seeds(common, "colour_held_back_label_mixing") == 14
    assert claims_module.pilot_seeds(cpu, "shape_rises_none") == cpu.n_shared == 6
    one = Config.from_params(preset="cpu", seeds=[0, 1, 2])
    assert claims_module.pilot_seeds(one, "colour_held_back_none") == 3


def test_the_count_rule_power_is_the_binomial_chance_of_reaching_its_threshold():
    from negresults.shape_color import analysis_plan
    from negresults.shape_color.report import pages

    cfg = Config.from_params(preset="cpu")
    spec = next(s for s in analysis_plan.claim_specs(cfg) if s.rule == "count")
    count = claims_module.Judged(spec, np.ones(6), "", "inconclusive", shape=-np.ones(6))
    # 4 of 6 needed; if half the seeds show it: (15 + 6 + 1) / 64 = 0.34. Contradicted only at
    # none of 6; if a quarter show it by chance: (3/4)^6 = 0.18.
    text = pages._count_rule_power([count])
    assert "probability 0.34 to support and 0.18 to contradict at 6 seeds" in text
    assert text.endswith("so an inconclusive count at 6 seeds says little either way.")
    # At 26 seeds: 11 or more support (P = 0.84 at a half), 8 or fewer contradict (0.82 at a
    # quarter), both at least 80%: no caveat.
    wide = claims_module.Judged(spec, np.ones(26), "", "inconclusive", shape=-np.ones(26))
    text = pages._count_rule_power([wide])
    assert "0.84 to support and 0.82 to contradict at 26 seeds" in text
    assert text.endswith("at 26 seeds.")
    # A weak seed count where no claim is undecided carries no caveat.
    decided = claims_module.Judged(spec, np.ones(6), "", "supported", shape=-np.ones(6))
    assert pages._count_rule_power([decided]).endswith("at 6 seeds.")
    assert pages._count_rule_power([]) == ""


def _long_level(cfg, **more):
    """The smoke config with label mixing as a long-curve level: the linear projections
    train 3 epochs, one more than the rest, so the long baseline and long colour-only
    control run there (the twelfth revision's arms)."""
    return cfg.replace(
        colour_pressure=["none", "label_mixing"],
        ablations=["frozen_linear"],
        controls=["colour_only"],
        control_pressures=["none", "label_mixing"],
        stability_test=False,
        variant_epochs=[["trained_linear", 3], ["frozen_linear", 3]],
        equal_length_seeds=1,
        long_curve_levels=["label_mixing"],
        **more,
    )


def test_the_curve_claims_at_a_long_curve_level_read_the_long_arms(results):
    """The twelfth revision: at a level of long_curve_levels the Figure 1 claims, the plateau
    check that gates them and Figure 1 read the baseline and the colour-only control trained
    as long as the linear projections, on every seed of the level's baseline cell; other
    readings at that level keep the common length."""
    from negresults.shape_color.config import LONG_BASELINE, LONG_COLOUR_ONLY, PRESSURE_LABELS
    from negresults.shape_color.report import pages

    cfg = _long_level(results.cfg)
    assert cfg.long_levels == ("label_mixing",)
    long = load_results(cfg, results.store, progress=False)
    h = long.history
    seeds = sorted(cfg.cell_seeds("baseline", "label_mixing"))
    assert len(seeds) > cfg.equal_length_seeds
    for arm in (LONG_BASELINE, LONG_COLOUR_ONLY):
        assert sorted(long.arm(arm, "label_mixing").seed) == seeds
        assert h[h.variant == arm].epoch.max() == cfg.stem_epochs
    # Without pressure the long baseline keeps its first seeds, and no long control runs.
    assert sorted(long.arm(LONG_BASELINE, "none").seed) == [seeds[0]]
    assert not len(long.arm(LONG_COLOUR_ONLY, "none"))
    # The claims read the long arms' curves there, the 3-epoch ones (middle epoch 2).
    judged = {j.spec.key: j for j in claims_module.judged(long)}

    def gain(arm, metric):
        t = h[(h.variant == arm) & (h.colour_pressure == "label_mixing")]
        t = t.pivot(index="seed", columns="epoch", values=metric)
        return (t[3] - t[2]).to_numpy()

    assert np.allclose(
        judged["shape_rises_label_mixing"].values, gain(LONG_BASELINE, "shape_seen_acc")
    )
    held = gain(LONG_BASELINE, "critical_colour_acc") - gain(
        LONG_COLOUR_ONLY, "critical_colour_acc"
    )
    assert np.allclose(judged["colour_held_back_label_mixing"].values, held)
    # Without pressure the claims read the common-length baseline, as before.
    base = h[(h.variant == "baseline") & (h.colour_pressure == "none")]
    base = base.pivot(index="seed", columns="epoch", values="shape_seen_acc")
    middle = base.columns[int(round(0.5 * (len(base.columns) - 1)))]
    assert np.allclose(
        judged["shape_rises_none"].values, (base[base.columns[-1]] - base[middle]).to_numpy()
    )
    # Figure 1 draws the runs the claims read, and its caption says which.
    assert figures.figure1_arms(long, "label_mixing") == {
        "baseline": LONG_BASELINE,
        "colour_only": LONG_COLOUR_ONLY,
    }
    assert figures.figure1_arms(long, "none") == {
        "baseline": "baseline",
        "colour_only": "colour_only",
    }
    caption = pages._figure1_caption(long)
    assert f"trained {cfg.stem_epochs} epochs" in caption and "no shape-only control" in caption
    # The caption's second-half changes at the level read the long baseline (middle epoch 2).
    lm_shape = pages.change_phrase(gain(LONG_BASELINE, "shape_seen_acc"))
    assert f"with {PRESSURE_LABELS['label_mixing']}, seen-pair shape accuracy {lm_shape}" in caption
    # Figure 1 shades each panel's second half: epochs 2 to 3 with label mixing (the long arms).
    fig = figures.figure1(long)
    spans = [
        [
            (round(p.get_x()), round(p.get_x() + p.get_width()))
            for p in ax.patches
            if p.get_label() == figures.WINDOW_LABEL
        ]
        for ax in fig.axes
    ]
    # Upper panels: epochs 1 to 2 of the common 2-epoch runs, 2 to 3 of the long ones; none
    # below.
    assert spans == [[(1, 2)], [(2, 3)], [], []]
    # The labels' own colour-critical score is drawn where the labels cap it, and only there.
    ceilings = [
        [line.get_ydata()[0] for line in ax.lines if line.get_label() == figures.CEILING_LABEL]
        for ax in fig.axes[:2]
    ]
    capped = tables.benchmark_ceiling(cfg, "label_mixing")
    assert tables.benchmark_ceiling(cfg, "none") == 100 > capped
    assert ceilings == [[], [capped]]
    assert f"the training labels scores, {capped:.0f}%" in caption
    values = pages.experiments(cfg, long)
    assert values["sc_curve_pressure_runs"].startswith(
        f", read on the baseline trained {cfg.stem_epochs} epochs"
    )
    assert f"(the baseline trained {cfg.stem_epochs} epochs" in values["sc_curve_plateau"]
    assert pages.experiments(results.cfg, results)["sc_curve_pressure_runs"] == ":"
    assert (
        f"the first seed without colour pressure and the first {len(seeds)} seeds with "
        f"{PRESSURE_LABELS['label_mixing']}," in pages.method(cfg, long)["sc_m_equal_length"]
    )


def test_a_long_final_level_judges_the_check_and_the_count_on_the_long_arms(results):
    """The fourteenth revision: at a level of long_final_levels the manipulation check reads
    the long baseline against itself without pressure, no attention's count claim reads no
    attention trained as long against the long baseline, and the plateau check reads those
    long arms in place of the common-length ones, which the plateau table still shows."""
    from negresults.shape_color import analysis_plan as plan
    from negresults.shape_color.config import LONG_BASELINE, LONG_NO_ATTENTION
    from negresults.shape_color.report import pages

    # No attention's cell there runs a seed more than the shared two, so its re-sizing row
    # (pilot: the shared seeds) shows.
    powered = [["baseline", "none", 3], ["baseline", "label_mixing", 3]]
    common = _long_level(results.cfg).replace(
        ablations=["frozen_linear", "no_attention"],
        equal_length_seeds=2,
        powered_cells=[*powered, ["no_attention", "label_mixing", 3]],
    )
    cfg = common.replace(long_final_levels=["label_mixing"])
    long = load_results(cfg, results.store, progress=False)
    lm = "label_mixing"
    cell = sorted(cfg.cell_seeds("no_attention", lm))
    assert sorted(long.arm(LONG_NO_ATTENTION, lm).seed) == cell
    h = long.history
    assert h[h.variant == LONG_NO_ATTENTION].epoch.max() == cfg.stem_epochs
    assert LONG_NO_ATTENTION in tables.tuning_choices(long).index

    def final(arm, level, metric):
        return long.arm(arm, level).set_index("seed")[metric]

    # The check: the long baseline at the level minus without pressure, on the seeds both ran.
    check = final(LONG_BASELINE, lm, "critical_colour_acc") - final(
        LONG_BASELINE, "none", "critical_colour_acc"
    )
    check = check.dropna()
    assert len(check) == 2
    assert np.allclose(np.sort(tables.pressure_values(long, lm)), np.sort(check.to_numpy()))
    # The common-length check reads the common-length cells (3 seeds there), other runs.
    by_hand = final("baseline", lm, "critical_colour_acc") - final(
        "baseline", "none", "critical_colour_acc"
    )
    assert np.allclose(plan.pressure_check(long.final, lm), by_hand.dropna().to_numpy())
    assert len(by_hand.dropna()) == 3
    # The count: no attention trained as long minus the long baseline, per seed.
    judged = {j.spec.key: j for j in claims_module.judged(long)}[f"partial_no_attention_{lm}"]
    colour = final(LONG_NO_ATTENTION, lm, "critical_colour_acc") - final(
        LONG_BASELINE, lm, "critical_colour_acc"
    )
    assert np.allclose(judged.values, colour.dropna().sort_index().to_numpy())
    # Without the field the same runs are read at the common length, as before.
    before = load_results(common, results.store, progress=False)
    old = {j.spec.key: j for j in claims_module.judged(before)}[f"partial_no_attention_{lm}"]
    by_hand = (
        before.arm("no_attention", lm).set_index("seed").critical_colour_acc
        - before.arm("baseline", lm).set_index("seed").critical_colour_acc
    )
    assert np.allclose(old.values, by_hand.dropna().sort_index().to_numpy())
    # The plateau check reads the long arms there; the common-length ones are shown beside.
    checked, unread = tables.plateau_cell_gains(long), tables.unread_cells(long)
    assert {(LONG_BASELINE, lm), (LONG_NO_ATTENTION, lm)} <= set(checked)
    assert ("baseline", lm) not in checked and ("no_attention", lm) not in checked
    assert set(unread) == {("baseline", lm), ("no_attention", lm)}
    assert ("baseline", lm) in tables.plateau_cell_gains(before)
    flat = tables.plateau_table(long).iloc[:, -1]
    assert flat.str.endswith("no judged comparison reads it").sum() == 2
    # The pages say what the two readings read now and what they read before.
    text = pages._long_final(long)
    assert f"runs trained {cfg.stem_epochs} epochs" in text and "fourteenth" in text
    assert f"of {len(cell)} seeds show both halves" in text
    assert pages._long_final(before) == ""
    # The re-sizing table reads the count's pilot at the common length, where it was sized.
    key = f"partial_no_attention_{lm}"
    row = next(r for r in claims_module.resized(long) if r.claim.spec.key == key)
    assert np.allclose(row.first.values, old.values[: len(row.first.values)])
    moved = claims_module.resized_table(long, [row])["Re-sized"].iloc[0]
    assert moved.endswith(
        f"the fourteenth revision reads it on {cfg.stem_epochs}-epoch runs "
        "of the same seeds and did not size it again"
    )
    assert "the fourteenth revision" in pages._variant_epochs(cfg)
    assert "fourteenth" not in pages._variant_epochs(common)
    # Every row of the pressure table reads the runs its check reads: the long baseline at
    # both levels has a reference row of its own.
    pressure = tables.pressure_table(long)
    longer = f"({cfg.stem_epochs} epochs)"
    assert list(pressure.index) == ["none", f"none {longer}", f"label mixing {longer}"]
    accuracy, check = pressure["Colour-critical (test)"], pressure["Minus at none (the check)"]
    assert accuracy.iloc[1] == tables.cell(long.arm(LONG_BASELINE, "none").critical_colour_acc)
    assert accuracy.iloc[2] == tables.cell(long.arm(LONG_BASELINE, lm).critical_colour_acc)
    assert check.iloc[2].startswith(tables.diff_cell(tables.pressure_values(long, lm)))
    # The ablation table names both arms of each comparison.
    ablations = tables.ablation_table(long)
    row = ablations.loc[("Removing attention", "label mixing")]
    assert (
        row["Arm minus reference"] == "No attention, trained longer minus baseline, trained longer"
    )
    # The stem sentence names every reading at the long length; the count's setting says both
    # arms trained that long; the page names each arm's rate and that length and rate changed
    # together.
    assert "the manipulation check and no attention's count claim at" in pages._stem_lengths(long)
    assert judged.setting.startswith(
        f"label-mixing hue jitter (both arms trained {cfg.stem_epochs} epochs; "
    )
    assert "length and rate together" in text and "no attention at " in text


def test_a_long_final_check_on_fewer_than_two_seeds_is_not_checked(results):
    """The fourteenth revision's check pairs the long baseline's seeds at both levels: with
    one seed there is no interval, and the level is named not checked, not augmentation."""
    from negresults.shape_color.report import pages

    cfg = _long_level(results.cfg).replace(
        ablations=["frozen_linear", "no_attention"], long_final_levels=["label_mixing"]
    )
    assert cfg.equal_length_seeds == 1
    long = load_results(cfg, results.store, progress=False)
    assert len(tables.pressure_values(long, "label_mixing")) == 1
    assert tables.pressure_name(long, "label_mixing") == "not checked"
    judged = {j.spec.key: j for j in claims_module.judged(long)}
    assert "not checked: fewer than two seeds" in judged["shape_rises_label_mixing"].setting
    assert "not read (1 seed at both levels)" in pages._long_final(long)
    assert tables.pressure_table(long).loc["label mixing (3 epochs)", "Named"] == "not checked"


def test_ties_and_unread_cells_are_written_as_the_scores_say(results, monkeypatch):
    """A tuning tie spanning both ends of the grid is called flat, not a reason to look past
    one end; two tied arms each get their own clause; a cell just over the plateau line is
    written to two decimals and called over it."""
    from negresults.shape_color.report import pages

    grid = list(results.cfg.lr_grid)
    low, high = min(grid), max(grid)
    rows = {
        "baseline": {
            **{r: 90.0 for r in grid},
            "chosen": low,
            "on_edge": True,
            "tied": tuple(grid),
        },
        "no_attention": {
            **{r: 80.0 for r in grid},
            low: 85.0,
            grid[1]: 85.0,
            "chosen": low,
            "on_edge": True,
            "tied": (low, grid[1]),
        },
    }
    choices = pd.DataFrame.from_dict(
        rows, orient="index", columns=[*grid, "chosen", "on_edge", "tied"]
    )
    monkeypatch.setattr(tables, "tuning_choices", lambda r: choices)
    text = pages._tuning_ties(results)
    assert "The baseline (trained conv stem + attention) scored its best at" in text
    assert "its tie spans both ends of the grid, and its scores span 0.00 points" in text
    assert (
        f"no attention (parameter-matched MLP) scored its best at {low:g} and {grid[1]:g}" in text
    )
    assert "its tie reaches an end of the grid, so a rate beyond it might score as well" in text
    assert high not in rows["no_attention"]["tied"]
    monkeypatch.setattr(
        tables, "unread_cells", lambda r: {("baseline", "label_mixing"): np.array([1.01, 1.03])}
    )
    reading = pages._numbers(results.cfg, results)["sc_target_reading"]
    assert "+1.02 points (baseline, over the line)" in reading


def test_the_control_comparison_at_a_long_curve_level_is_sized_on_its_long_runs(
    results, monkeypatch
):
    """The thirteenth revision: the long arms at a long-curve level run the first
    long_curve_seeds, more than the level's baseline cell, and the comparison with the
    colour-only control there is re-sized on the spread of its long runs' first seeds (the
    plan's LONG_PILOTS), not on the common-length runs the ninth sized it on."""
    from negresults.shape_color import analysis_plan
    from negresults.shape_color.config import LONG_BASELINE, LONG_COLOUR_ONLY
    from negresults.shape_color.report import pages

    cfg = _long_level(results.cfg, long_curve_seeds=3)
    cell = cfg.cell_seeds("baseline", "label_mixing")
    assert len(cell) == 2 and len(cfg.seeds) == 3
    long = load_results(cfg, results.store, progress=False)
    for arm in (LONG_BASELINE, LONG_COLOUR_ONLY):
        assert sorted(long.arm(arm, "label_mixing").seed) == [0, 1, 2]
    assert sorted(long.arm("baseline", "label_mixing").seed) == list(cell)
    key = "colour_held_back_label_mixing"
    monkeypatch.setitem(analysis_plan.LONG_PILOTS, key, 2)
    assert claims_module.pilot_seeds(cfg, key) == 2
    values = {j.spec.key: j for j in claims_module.judged(long)}[key].values
    common = claims_module.judged(claims_module.at_common_length(long))
    shorter = {j.spec.key: j for j in common}[key].values
    assert len(values) == 3 and len(shorter) == 2
    row = next(r for r in claims_module.resized(long) if r.claim.spec.key == key)
    # The pilot's spread is that of the long runs' first two seeds, not the shorter runs'.
    assert np.isclose(row.sd, np.std(values[:2], ddof=1))
    assert not np.isclose(row.sd, np.std(shorter, ddof=1))
    table = claims_module.resized_table(long, [row])
    assert (
        table["Re-sized"]
        .iloc[0]
        .endswith(f", on its {cfg.stem_epochs}-epoch runs (the thirteenth revision)")
    )
    # The other curve claims there keep their common-length pilot, and their row says the
    # thirteenth's seeds were added to them.
    found = {r.claim.spec.key: r for r in claims_module.resized(long)}
    rises = found["shape_rises_label_mixing"]
    common_rises = {j.spec.key: j for j in common}["shape_rises_label_mixing"].values
    assert claims_module.pilot_seeds(cfg, "shape_rises_label_mixing") == 2
    assert np.isclose(rises.sd, np.std(common_rises[:2], ddof=1))
    moved = claims_module.resized_table(long, [rises])["Re-sized"].iloc[0]
    assert "since the thirteenth, on 1 more it ran for the comparison" in moved
    # A re-run on seeds of its own runs the long arms on the level's cell: no thirteenth.
    rerun = cfg.replace(long_curve_seeds=0)
    assert not claims_module.sized_long(rerun, key) and claims_module.read_long(rerun, key)
    assert claims_module.pilot_seeds(rerun, key) == min(analysis_plan.PILOTS[key], len(rerun.seeds))
    # The pages say which seeds the long arms run, and that the thirteenth added them.
    runs = pages.experiments(cfg, long)["sc_curve_pressure_runs"]
    assert "on 3 seeds" in runs and "the thirteenth added the other 1 seed to both" in runs
    assert "its first 3 seeds (the level's baseline cell runs 2)" in pages._variant_epochs(cfg)
    assert "colour-only control trained 3 epochs run the first 3 seeds (the thirteenth" in (
        pages._powered_cells(cfg)
    )


def test_the_stem_comparison_reads_a_baseline_trained_as_long_as_the_linear_projection(
    results,
):
    """The ninth revision: where the linear projection trains longer, the baseline also
    trains that long on the first equal_length_seeds, tuned again at that length, as an arm
    of its own (every other reading keeps the baseline at the common length), and the stem
    comparison pairs the projection with that arm."""
    from negresults.shape_color.config import LONG_BASELINE
    from negresults.shape_color.report import pages

    cfg = results.cfg.replace(
        colour_pressure=["none"],
        ablations=["frozen_linear"],
        controls=[],
        stability_test=False,
        variant_epochs=[["trained_linear", 3], ["frozen_linear", 3]],
        equal_length_seeds=2,
    )
    assert cfg.runs_equal_length and cfg.stem_epochs == 3 > cfg.epochs
    both = load_results(cfg, results.store, progress=False)
    f = both.final
    long = f[f.variant == LONG_BASELINE]
    assert set(long.colour_pressure) == set(cfg.ablation_pressures)
    assert sorted(long.seed) == sorted([0, 1] * len(cfg.ablation_pressures))
    long = long[long.colour_pressure == "none"]
    # The baseline keeps its common length and every seed; the long arm runs three epochs.
    base = f[(f.variant == "baseline") & (f.colour_pressure == "none")]
    assert sorted(base.seed) == sorted(cfg.cell_seeds("baseline", "none"))
    h = both.history
    assert h[h.variant == "baseline"].epoch.max() == cfg.epochs
    assert h[h.variant == LONG_BASELINE].epoch.max() == cfg.stem_epochs
    # Tuned again at its length: its own tuning rows, on the same grid, its own pick.
    t = both.tuning
    assert set(t[t.variant == LONG_BASELINE].lr) == set(cfg.lr_grid)
    scores = t[t.variant == LONG_BASELINE].groupby("lr").score.mean()
    assert set(long.lr) == {scores.idxmax()}
    assert LONG_BASELINE in tables.tuning_choices(both).index
    # The stem row reads trained linear minus the long baseline, paired on the seeds both ran.
    assert (tables.STEM, "trained_linear", LONG_BASELINE) in tables.comparisons(cfg)
    stem = tables.ablation_table(both).xs(tables.CHANGES[tables.STEM], level="Change")
    assert set(stem["Arm minus reference"]) == {
        "Trained linear projection minus baseline, trained longer"
    }
    # Not a claim: the count is shown with what the count rule would ask, were it one.
    assert re.fullmatch(
        r"\d of 2 \(not a claim; no count of 2 seeds could meet the count rule\)",
        stem["Seeds with colour up, shape down"].iloc[0],
    )
    assert tables.stem_count_rule(6) == "the count rule would need 4"
    linear = f[(f.variant == "trained_linear") & (f.colour_pressure == "none")]
    by_hand = (
        linear.set_index("seed").shape_seen_acc - long.set_index("seed").shape_seen_acc
    ).dropna()
    assert len(by_hand) == 2
    assert np.allclose(
        tables.paired(both, "trained_linear", LONG_BASELINE, "shape_seen_acc"), by_hand
    )
    # What training longer still changes, paired by seed with the common-length baseline.
    diffs = tables.length_differences(both)
    assert set(diffs) == {(m, p) for m in tables.LENGTH_METRICS for p in cfg.ablation_pressures}
    base_unseen = base.set_index("seed").shape_unseen_acc
    assert np.allclose(
        diffs["shape_unseen_acc", "none"],
        (long.set_index("seed").shape_unseen_acc - base_unseen).dropna(),
    )
    assert len(tables.length_table(both)) == len(diffs)
    assert pages._length(both)["sc_length_reading"].startswith("Exploratory, read by no verdict")
    assert pages._length(results)["sc_length_reading"].startswith("Not run in this configuration")
    # Shown as every page shows a table, at equal lengths too (no two columns alike).
    from negresults.readable import readable

    for r in (both, results):
        shown = tables.length_table(r)
        assert shown.columns.is_unique
        readable(shown, "shape_color")
    assert len(tables.length_table(results)) == 0
    # Its plateau is checked like every compared arm's, and the page says how it ran.
    assert (LONG_BASELINE, "none") in tables.plateau_gains(both)
    values = pages.method(cfg, both)
    assert f"{cfg.stem_epochs} epochs, on the first 2 seeds" in values["sc_m_equal_length"]
    assert "differ in the stem alone" in values["sc_m_longer_models"]
    # Longer linear projections without the long baseline: the page says two things change.
    unequal = cfg.replace(equal_length_seeds=0)
    text = pages.method(unequal, load_results(unequal, results.store, progress=False))
    assert "as well as the stem" in text["sc_m_equal_length"]
    assert "changes two things" in text["sc_m_longer_models"]
    assert "differ in the stem alone" in pages.experiments(cfg, both)["sc_stem_lengths"]
    # Without the longer projection nothing is equalised, and the page says the same length.
    plain = results.cfg
    assert not plain.runs_equal_length and plain.equal_length_grid == []
    assert (tables.STEM, "trained_linear", "baseline") in tables.comparisons(plain)
    same = pages.method(plain, results)
    assert "changes the stem alone" in same["sc_m_equal_length"]
    assert same["sc_m_longer_models"] == ""


def test_a_verdict_decided_inside_the_margin_is_named_so():
    """An effect whose whole interval lies inside the margin keeps its declared verdict and
    says it is smaller than the margin; a larger one, or a count, does not."""
    from negresults.shape_color import analysis_plan as plan

    cfg = Config.from_params(preset="cpu")
    spec = next(s for s in plan.claim_specs(cfg) if s.key == "colour_stagnates_none")

    def judged(values):
        values = np.asarray(values, dtype=float)
        outcome = plan.outcome(values, spec.margin)
        return claims_module.Judged(spec, values, outcome, plan.read(outcome, spec.rule, 0))

    small = judged([1.0, 1.2, 0.8, 1.1, 0.9, 1.0])
    assert small.verdict == "contradicted" and small.inside_margin
    large = judged([5.0, 5.2, 4.8, 5.1, 4.9, 5.0])
    assert large.verdict == "contradicted" and not large.inside_margin
    nothing = judged([0.1, -0.2, 0.15, -0.1, 0.05, 0.0])
    assert not nothing.inside_margin
    from negresults.shape_color.report import pages

    text = pages._inside_margin([small, large, nothing])
    assert text.startswith("1 verdict rests on a change smaller than the margin")
    assert spec.claim in text and pages._inside_margin([large]) == ""


def test_a_tuning_tie_goes_to_the_lowest_rate_and_the_page_says_so(results, monkeypatch):
    from negresults.shape_color.report import pages

    low, mid, high = results.cfg.lr_grid
    a, b = results.cfg.tuned_variants[:2]
    known = pd.DataFrame(
        [(a, lr, s) for lr, s in ((low, 50.0), (mid, 80.0), (high, 80.0))]
        + [(b, lr, s) for lr, s in ((low, 50.0), (mid, 70.0), (high, 60.0))],
        columns=["variant", "lr", "score"],
    )
    monkeypatch.setattr(results, "tuning", known)
    choices = tables.tuning_choices(results)
    assert choices.loc[a, "chosen"] == mid and choices.loc[a, "tied"] == (mid, high)
    assert choices.loc[b, "tied"] == (mid,)
    text = pages._tuning_ties(results)
    assert f"its best at {mid:g} and {high:g}" in text and "tie-break" in text
    assert "an end of the grid" in text  # the tie reaches the grid's top


def test_the_appendix_shows_the_plan_as_committed_in_markdown():
    from negresults.shape_color.report import pages

    text = pages.plan_text()
    # Every paragraph of the plan's text, with its roles turned into code formatting.
    assert "**This revision**" in text and "**Verdicts.**" in text
    assert ":data:" not in text and ":func:" not in text and "``" not in text
    assert "`equal_length_seeds`" in text and "±" in text and "+-" not in text
    assert "colour-critical accuracy above" in text  # a word broken over a line stays whole
    # The named constants' values head the text the Appendix renders as Markdown (a glued
    # inline value would show its backticks raw).
    assert pages.plan_constants().startswith("*Named constants.* `EQUIVALENCE_MARGIN` is 3 ")


def test_the_colour_only_controls_last_quarter_is_set_against_the_plateau_line(results):
    """The control has no shape head, so the plateau check does not read it; the page sets
    the last-quarter change of the quantity its claim reads against the same line."""
    from negresults.shape_color.report import pages

    flat, moving = late_rise(results, "colour_only", "none", "critical_colour_acc", 5.0)
    control = claims_module.judged(flat)
    spec = next(j for j in control if j.spec.key == "colour_held_back_none")
    still = pages._against_control(moving, spec, "none")
    assert "a change beyond the 1-point line, so the control is still moving there" in still
    assert "within the 1-point line" in pages._against_control(flat, spec, "none")


def test_holm_keeps_a_count_contradiction_only_at_its_adjusted_p_value():
    from negresults.shape_color import analysis_plan

    specs = [
        s for s in analysis_plan.claim_specs(Config.from_params(preset="cpu")) if s.rule == "count"
    ][:2]
    # 8 of 26 seeds show the pattern: P(at most 8 | half the seeds) = 0.038, contradicted.
    colour = np.where(np.arange(26) < 8, 1.0, -1.0)
    shape = -np.ones(26)

    def one(spec):
        j = claims_module.Judged(spec, colour, "", "", shape=shape)
        return claims_module.replace(j, verdict=analysis_plan.judge_count(j.shows))

    alone = claims_module._with_holm([one(specs[0])])
    assert [j.verdict for j in alone] == ["contradicted"] and alone[0].holm == "contradicted"
    # Two such claims: Holm doubles the smaller p-value to 0.076, so neither keeps it.
    both = claims_module._with_holm([one(s) for s in specs])
    assert [j.holm for j in both] == ["inconclusive", "inconclusive"]


def test_a_count_claim_on_fresh_seeds_is_read_on_them_alone_by_table_and_verdict(
    results, monkeypatch
):
    from negresults.shape_color import analysis_plan

    cfg = results.cfg
    before = cfg.seeds[:1]
    counts = [s for s in analysis_plan.claim_specs(cfg) if s.rule == "count"]
    assert counts
    run = {s.key: len(analysis_plan.pattern_halves(s, results.final)[0]) for s in counts}
    monkeypatch.setattr(tables, "count_read_before", lambda c, a, p: before)
    for j in claims_module.judged(results):
        if j.spec.rule == "count":
            assert len(j.values) == run[j.spec.key] - 1
    column = tables.ablation_table(results)["Seeds with colour up, shape down"]
    claim_cells = [v for v in column if "not a claim" not in v]
    assert claim_cells and all("fresh seeds (of " in v for v in claim_cells)


def test_a_count_support_that_rests_on_shape_alone_is_said_to(monkeypatch):
    from negresults.shape_color import analysis_plan
    from negresults.shape_color.report import pages

    cfg = Config.from_params(preset="cpu")
    spec = next(s for s in analysis_plan.claim_specs(cfg) if s.rule == "count")
    shape = -np.ones(26)  # shape falls on every seed, so the stricter chance rate is a half
    # Colour up on 14 of 26, no rise on the mean: 14 of 26 pass the plan's count (11).
    # (1 - C(26, 13) / 2^26 = 0.845: the two-sided chance of landing 1 or more from 13.)
    flat = np.where(np.arange(26) < 14, 0.5, -0.6)
    # Up on 16 of 26 (P = 0.16 from a coin, so the stricter count fails), yet a clear rise.
    rising = np.where(np.arange(26) < 16, 3.0, -0.5)
    for colour, said in (
        (flat, "shows no rise either"),
        (rising, "whose interval lies above zero"),
    ):
        j = claims_module.Judged(spec, colour, "", "supported", shape=shape)
        text = pages._count_claim(j)
        assert said in text, text
    # 14 of 26 up: a fair coin lands that far from 13 or further with probability 0.85.
    j = claims_module.Judged(spec, flat, "", "supported", shape=shape)
    assert (
        "goes up on 14 of 26 (a fair coin lands that far from half or further with "
        "probability 0.85)" in pages._count_claim(j)
    )


def test_each_count_verdict_is_read_for_what_it_says():
    import dataclasses

    from negresults.shape_color import analysis_plan
    from negresults.shape_color.report import pages

    cfg = Config.from_params(preset="cpu")
    spec = next(s for s in analysis_plan.claim_specs(cfg) if s.rule == "count")
    shape = -np.ones(26)

    def judged(ups: int, verdict: str, rise: float = 0.5):
        colour = np.where(np.arange(26) < ups, rise, -0.6)
        return claims_module.Judged(spec, colour, "", verdict, shape=shape)

    # 4 of 26: exact 95% interval of the share 4% to 35% (Clopper-Pearson, by tables).
    text = pages._partial_reading([judged(4, "contradicted")])
    assert "4 of 26 seeds (95% interval of the share 4% to 35%)" in text
    assert "fewer than half of runs show it" in text
    shape_only = judged(14, "supported")
    assert shape_only.rests_on_shape
    assert "the count reads shape's fall" in pages._partial_reading([shape_only])
    rising = judged(16, "supported", rise=3.0)
    assert not rising.rests_on_shape
    assert "the count is met, and colour-critical accuracy rises by" in pages._partial_reading(
        [rising]
    )
    # Both supports are caveated in the Conclusion's list of supported verdicts.
    listed = pages._supported_caveat(cfg, [shape_only, rising])
    assert "that shape's fall alone makes common" in listed
    assert "not rare either against the rate at which shape falls" in listed
    # One sentence per qualification, none run into the next.
    assert listed.count(". One ") == 2 and "; and" not in listed
    assert "plateau check" not in listed
    # A supported count that compares an arm still learning is named, with that arm.
    late = dataclasses.replace(rising, unfinished="baseline")
    listed = pages._supported_caveat(cfg, [late])
    assert (
        f"One compares runs that failed the plateau check (the count for "
        f"{analysis_plan.ACTIONS[spec.ablation].lower()}" in listed
    )
    assert "where the baseline failed it), so part of the difference may be how fast" in listed
    assert "neither shown common nor shown rare" in pages._partial_reading(
        [judged(9, "inconclusive")]
    )


def test_a_count_support_says_whether_the_seeds_trade_colour_for_shape():
    from negresults.shape_color import analysis_plan
    from negresults.shape_color.report import pages

    cfg = Config.from_params(preset="cpu")
    spec = next(s for s in analysis_plan.claim_specs(cfg) if s.rule == "count")
    first = np.arange(26) < 13
    colour = np.where(first, 2.0, -2.0)
    # Colour rises exactly on the seeds whose shape falls: the trade the paper describes.
    traded = claims_module.Judged(spec, colour, "", "supported", shape=np.where(first, -1.0, 1.0))
    # 2x2 table [[13, 0], [0, 13]]: one-sided Fisher P = 1 / C(26, 13), about 1e-7.
    assert traded.trade_p < 1e-6
    assert "no more likely than the others to gain" not in pages._partial_reading([traded])
    # Colour rises on half the seeds whichever way shape goes: no association.
    alternate = np.where(np.arange(26) % 2 == 0, -1.0, 1.0)
    untied = claims_module.Judged(spec, colour, "", "supported", shape=alternate)
    assert untied.trade_p > 0.4  # table [[6, 7], [7, 6]]: one-sided P = 0.5
    assert "no more likely than the others to gain colour" in pages._partial_reading([untied])
    # Every seed shows both halves: the table has an empty row and column, so no association
    # can be tested (Fisher's P would be 1 whatever the seeds showed), and the page says so.
    everywhere = claims_module.Judged(
        spec, np.full(14, 2.0), "", "supported", shape=np.full(14, -1.0)
    )
    assert np.isnan(everywhere.trade_p)
    said = pages._partial_reading([everywhere])
    assert "Fisher" not in said and "cannot be tested" in said
    # A contradiction is not read for a trade, and a non-count claim has none.
    said = pages._partial_reading(
        [claims_module.Judged(spec, colour, "", "contradicted", shape=alternate)]
    )
    assert "Fisher" not in said
    mean_spec = next(s for s in analysis_plan.claim_specs(cfg) if s.rule != "count")
    assert np.isnan(claims_module.Judged(mean_spec, colour, "", "supported").trade_p)


def test_fresh_count_claims_are_shown_beside_the_seeds_read_before(results, monkeypatch):
    from negresults.shape_color.report import pages

    assert pages._count_sensitivity(results) == ""  # the smoke preset reads no fresh seeds
    first = results.cfg.seeds[:1]
    monkeypatch.setattr(tables, "count_read_before", lambda c, a, p: first)
    text = pages._count_sensitivity(results)
    assert "judged on fresh seeds alone" in text
    # One earlier seed: each count reads "k of 1" there, and every seed run beside it.
    found = re.findall(r"([01]) of 1 on the earlier seeds and (\d+) of (\d+) on all", text)
    assert len(found) == text.count("on the earlier seeds") > 0
    assert all(int(k) <= int(n) and int(n) > 1 for _, k, n in found)


def test_figure1_is_read_as_a_difference_of_pace_when_colour_rises_too(results):
    from negresults.shape_color import analysis_plan
    from negresults.shape_color.report import pages

    specs = {s.key: s for s in analysis_plan.claim_specs(results.cfg)}
    spread = np.linspace(-0.5, 0.5, 20)

    def judged(key, mean, verdict, holm="", held_back=""):
        return claims_module.Judged(
            specs[key], mean + spread, "", verdict, holm=holm, held_back=held_back
        )

    # Shape gains 1.1 points more than colour-critical, which itself rises 3.8: less than the
    # 3-point margin, supported only because a measurable change is read first.
    found = {
        "shape_outpaces_colour_none": judged(
            "shape_outpaces_colour_none", 1.1, "supported", "equivalent"
        ),
        "shape_rises_none": judged("shape_rises_none", 4.9, "supported"),
        "colour_stagnates_none": judged("colour_stagnates_none", 3.8, "contradicted"),
    }
    said = pages._figure1_reading(results, found)
    assert "colour-critical accuracy rises too" in said and "difference of pace" in said
    assert "pattern holds" not in said
    assert "smaller than the ±3-point margin" in said
    assert "; after Holm's adjustment it reads equivalent (" in said
    # A gap beyond the margin with colour flat: the pattern holds, with no caveat.
    found["shape_outpaces_colour_none"] = judged("shape_outpaces_colour_none", 6.0, "supported")
    found["colour_stagnates_none"] = judged("colour_stagnates_none", 0.1, "supported")
    said = pages._figure1_reading(results, found)
    assert "the pattern holds" in said and "margin" not in said
    # Held back by the plateau check: not judged, and the page says why (not "cannot tell").
    why = "the baseline was still learning shape when training stopped"
    found["shape_outpaces_colour_none"] = judged(
        "shape_outpaces_colour_none", 6.0, "untestable", held_back=why
    )
    said = pages._figure1_reading(results, found)
    assert f"the pattern is not judged: {why}" in said and "cannot tell" not in said


def test_a_plateau_gain_whose_interval_holds_the_line_is_said_to_be_within_noise(
    results, monkeypatch
):
    from negresults.shape_color import analysis_plan
    from negresults.shape_color.report import pages

    levels = results.cfg.ablation_pressures
    assert len(levels) == 2
    spread = np.array([-0.6, -0.3, 0.0, 0.3, 0.6])
    gains = {levels[0]: 0.9 + spread, levels[1]: 1.05 + spread}  # both intervals hold 1
    monkeypatch.setattr(analysis_plan, "plateau_gain", lambda h, v, p: gains[p])
    said = pages._curve_window(results)["sc_curve_plateau_reading"]
    assert "held back" in said
    assert "the interval at every level holds the 1-point line itself" in said
    assert "rests on the mean" in said
    # Far from the line on both sides: the split is no coin flip, and nothing is added.
    gains.update({levels[0]: 0.2 + spread / 10, levels[1]: 3.0 + spread / 10})
    said = pages._curve_window(results)["sc_curve_plateau_reading"]
    assert "held back" in said and "line itself" not in said


def test_each_tuning_pick_says_the_margin_it_won_by():
    import pandas as pd

    from negresults.shape_color.report import pages

    # Scores at three rates; the baseline wins by 0.42, the no-attention arm ties (not listed).
    choices = pd.DataFrame(
        {
            0.003: [98.33, 99.0],
            0.006: [99.17, 99.5],
            0.012: [99.59, 99.5],
            "chosen": [0.012, 0.006],
            "on_edge": [False, False],
            "tied": [(0.012,), (0.006, 0.012)],
        },
        index=["baseline", "no_attention"],
    )
    said = pages._tuning_margins(choices)
    assert "chose 0.012, by 0.42 points over 0.006" in said
    assert "parameter-matched" not in said  # the tied arm's pick is a tie-break, said apart
    # Only ties: nothing to say about margins.
    assert pages._tuning_margins(choices.loc[["no_attention"]]) == ""


def test_a_colour_fall_the_control_shares_is_named_beside_the_stagnation_verdict(results):
    """A fall of colour-critical accuracy contradicts "stagnates"; where the colour-only
    control's accuracy falls over the same window too, the Experiments page says the fall is
    not the baseline's alone, and where the control holds still it says nothing."""
    import dataclasses

    from negresults.shape_color.report import pages

    def with_falls(control_fall: float):
        # Without pressure: shape flat, colour-critical falling steadily over training
        # (the baseline by 12 points an epoch, the control by ``control_fall``), seeds apart
        # by a point so an interval exists.
        h = results.history.copy()
        none = h.colour_pressure == "none"
        h.loc[none, "shape_seen_acc"] = 95.0
        for arm, fall in (("baseline", 12.0), ("colour_only", control_fall)):
            cell = none & (h.variant == arm)
            assert h[cell].seed.nunique() >= 2
            h.loc[cell, "critical_colour_acc"] = (
                90.0
                - fall * h.loc[cell, "epoch"]
                + 0.5 * h.loc[cell, "seed"] * h.loc[cell, "epoch"]
            )
        moved = dataclasses.replace(results, history=h)
        judged = {j.spec.key: j for j in claims_module.judged(moved)}
        assert judged["colour_stagnates_none"].verdict == "contradicted"
        return pages._colour_fall_shared(moved, judged)

    shared = with_falls(control_fall=8.0)
    assert "without colour pressure is not the baseline's alone" in shared
    # Both changes on the seeds both ran, each its own curve's last epoch minus its middle.
    h = results.history
    common = sorted(
        set(h[(h.variant == "baseline") & (h.colour_pressure == "none")].seed)
        & set(h[(h.variant == "colour_only") & (h.colour_pressure == "none")].seed)
    )
    top = int(h.epoch.max())
    middle = int(round(top / 2))
    control = np.array([-8.0 * (top - middle) + 0.5 * s * (top - middle) for s in common])
    baseline = np.array([-12.0 * (top - middle) + 0.5 * s * (top - middle) for s in common])
    assert f"on the {len(common)} seeds both ran" in shared
    assert f"colour-critical accuracy changes by {pages.points(baseline)}" in shared
    assert f"the colour-only control's by {pages.points(control)}" in shared
    assert with_falls(control_fall=0.0) == ""


def test_the_curve_claims_without_pressure_are_read_on_the_longer_runs_beside_the_verdicts(
    results,
):
    """Exploratory: where the verdicts without pressure read the common length, the page
    gives the same quantities on the baseline's runs trained as long as the linear
    projections, read over their own second half, and says no verdict reads them."""
    from negresults.shape_color.config import LONG_BASELINE
    from negresults.shape_color.report import pages

    cfg = results.cfg.replace(
        colour_pressure=["none"],
        ablations=["frozen_linear"],
        controls=["colour_only"],
        stability_test=False,
        variant_epochs=[["trained_linear", 3], ["frozen_linear", 3]],
        equal_length_seeds=2,
        long_curve_levels=[],
        long_final_levels=[],
    )
    longer = load_results(cfg, results.store, progress=False)
    runs = longer.history[
        (longer.history.variant == LONG_BASELINE) & (longer.history.colour_pressure == "none")
    ]
    shape = runs.pivot(index="seed", columns="epoch", values="shape_seen_acc")
    assert len(shape) == 2 and shape.columns.max() == 3
    text = pages._curve_long_none(longer)
    assert text.startswith("Without colour pressure, the same quantities on the baseline's 2 ")
    assert "from epoch 2 to 3, each beside its value at 2 epochs on the same seeds" in text
    # Its shape gain is the long runs' own, epoch 2 to 3, beside the common length's (epoch 1
    # to 2) on the same two seeds, not on every seed of the baseline's cell.
    base = longer.history[
        (longer.history.variant == "baseline") & (longer.history.colour_pressure == "none")
    ].pivot(index="seed", columns="epoch", values="shape_seen_acc")
    same = base.loc[shape.index]
    assert len(base) > len(same) == 2
    assert (
        f"shape gain {pages.points((shape[3] - shape[2]).to_numpy())} "
        f"({pages.points((same[2] - same[1]).to_numpy())} at 2 epochs)" in text
    )
    # A config that trains no longer baseline has nothing to read.
    assert not results.cfg.runs_equal_length and pages._curve_long_none(results) == ""


def test_figure_1s_window_starts_where_the_plan_reads_the_second_half():
    """Figure 1's shaded window and the pages' epochs name the span the plan's gain_series
    reads: its change is the curve's value at the window's end minus at its start."""
    from negresults.shape_color import analysis_plan as plan
    from negresults.shape_color.report import pages

    for n in range(2, 14):
        epochs = list(range(n))
        curve = pd.DataFrame([[float(e) ** 2 for e in epochs]], columns=epochs)  # no two alike
        start, end = figures.claim_window(epochs)
        gain = plan.gain_series(curve, plan.SECOND_HALF).iloc[0]
        assert gain == curve[end].iloc[0] - curve[start].iloc[0], n
        assert pages._middle(n - 1) == start
