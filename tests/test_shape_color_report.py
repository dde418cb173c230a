"""Study A end to end on a tiny grid: store, memoisation, tables, claims, figures."""

import matplotlib
import pytest

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
    # Every standard-regime run took the rate its variant's tuning scored best.
    for variant in ("baseline", *cfg.ablations):
        t = results.tuning[results.tuning.variant == variant].groupby("lr").score.mean()
        rows = results.final[
            (results.final.variant == variant) & (results.final.regime == "standard")
        ]
        assert set(rows.lr) == {t.idxmax()}
    controls = results.final[results.final.variant.isin(cfg.controls)]
    base = results.final[
        (results.final.variant == "baseline") & (results.final.regime == "standard")
    ]
    assert set(controls.lr) == set(base.lr)
    unstable = results.final[results.final.regime == "unstable"]
    assert set(unstable.lr) == {cfg.unstable_lr}


def test_tables_cover_every_arm(results):
    cfg = results.cfg
    table = tables.results_table(results)
    standard = {(v, p) for v, p, r, _ in cfg.grid if r == "standard"}
    assert len(table) == len(standard)
    assert (table["n"] == len(cfg.seeds)).all()
    paired = tables.paired_table(results)
    assert len(paired) == len(cfg.ablations) * len(cfg.ablation_pressures)
    assert len(tables.pressure_table(results)) == len(cfg.pressures)
    assert len(tables.stability_table(results)) == 2 * (1 + len(cfg.ablations))
    tuning = tables.tuning_table(results)
    assert list(tuning.index) == [tables.short(v) for v in cfg.tuned_variants]
    hyper = tables.hyperparameter_table(results)
    assert hyper.loc["epochs", "Value(s) in the runs shown"] == str(cfg.epochs)
    assert hyper.loc["seed", "Value(s) in the runs shown"] == ", ".join(map(str, cfg.seeds))
    assert len(tables.per_seed_table(results)) == len(cfg.grid)
    cost = tables.cost_table(results)
    assert cost.loc["total", "Runs"] == len(cfg.grid) + len(results.tuning)
    assert len(results.tuning) >= len(cfg.tuned_variants) * len(cfg.lr_grid)


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
    assert set(table.Verdict) <= {
        "supported",
        "contradicted",
        "equivalent",
        "inconclusive",
        "untestable",
    }
    for j in claims_module.judged(results):
        assert j.verdict == analysis_plan.read(j.outcome, j.spec.rule, j.spec.sign)
    # The conclusion's counts cover every claim, one verdict each.
    from negresults.shape_color.report import pages

    glued = pages.conclusion(results.cfg, results)
    words = ("supported", "contradicted", "equivalent", "inconclusive", "untestable")
    counts = {w: int(glued[f"sc_claims_{w}"]) for w in words}
    assert counts == {w: int((table.Verdict == w).sum()) for w in words}
    assert sum(counts.values()) == int(glued["sc_claims_total"]) == len(table)
    cfg = results.cfg
    specs = analysis_plan.claim_specs(cfg.ablations, cfg.ablation_pressure, cfg.controls)
    assert len(table) == len(specs)
    plan_table = claims_module.plan_table(cfg)
    assert len(plan_table) == len(specs)


def test_each_claim_states_the_difference_its_seeds_can_detect(results):
    import numpy as np

    from negresults import stats
    from negresults.reporting import fmt
    from negresults.studies import get

    table = claims_module.claims_table(results)
    judged = claims_module.judged(results)
    for j, shown in zip(judged, table["Detectable (80% power), points"], strict=True):
        sd = float(np.std(j.values, ddof=1))
        assert shown == fmt(stats.minimum_detectable_difference(sd, len(j.values)))
    # the summary's power check is the least powered claim of the table
    check = get("shape_color").checks(results)["min_detectable_difference"].value
    assert max(j.detectable for j in judged) == pytest.approx(check)


def test_page_keys_exist_even_when_an_arm_was_not_run(results):
    from negresults.shape_color.report import pages

    glued = pages.experiments(results.cfg, results)
    assert glued["sc_n_runs"] == str(len(results.cfg.grid))
    partial = results.cfg.replace(colour_pressure=["none"], controls=(), stability_test=False)
    partial_results = load_results(partial, results.store, progress=False)
    values = pages.experiments(partial, partial_results)
    assert set(values) == set(glued)
    assert values["sc_unstable_reading"] == "n/a (not run)"
    assert values["sc_colour_only_critical"] == "n/a (not run)"
    conclusion = pages.conclusion(partial, partial_results)
    assert "sc_plan_status" in conclusion


def test_plan_status_says_when_the_plan_changed_after_the_runs(results):
    from negresults.shape_color.report import pages

    assert "has not changed" in pages.conclusion(results.cfg, results)["sc_plan_status"]
    results.final["analysis_plan"] = "0123456789ab"
    try:
        status = pages.conclusion(results.cfg, results)["sc_plan_status"]
    finally:
        results.final["analysis_plan"] = pages.plan.REVISION
    assert "changed after the runs" in status and "0123456789ab" in status


def test_seed_count_below_the_power_calculation_is_a_warning_on_the_page():
    from negresults.shape_color import analysis_plan
    from negresults.shape_color.report import pages

    need = analysis_plan.planned_seeds()
    few = Config.from_params(preset="cpu", seeds=list(range(need - 1)))
    enough = Config.from_params(preset="cpu", seeds=list(range(need)))
    assert "Too few seeds" in pages._seed_warning(few) and str(need) in pages._seed_warning(few)
    assert "Too few seeds" not in pages._seed_warning(enough)


def test_figures_draw(results):
    matplotlib.use("Agg", force=True)
    assert len(figures.figure1(results).axes) == len(results.cfg.ablation_pressures)
    figures.learning_curves(results)
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
