"""Study A end to end on a tiny grid: store, memoisation, tables, claims, figures."""

import matplotlib
import pytest

from negresults.shape_color import Config, load_results
from negresults.shape_color.report import claims as claims_module
from negresults.shape_color.report import figures, tables
from negresults.store import ResultStore


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    cfg = Config.from_params(preset="smoke", epochs=2, train_per_pair=8, device="cpu")
    store = ResultStore(tmp_path_factory.mktemp("store"))
    first = load_results(cfg, store, progress=False)
    first.store = store
    return first


def test_a_second_load_reads_the_store_and_trains_nothing(results, monkeypatch):
    from negresults.shape_color.compute import train

    def fail(*args, **kwargs):
        raise AssertionError("the runner was called for a stored run")

    monkeypatch.setattr(train, "run_task", fail)
    again = load_results(results.cfg, results.store, progress=False)
    assert again.final.equals(results.final)


def test_results_are_tidy_and_memoised(results):
    cfg = results.cfg
    assert len(results.final) == len(cfg.grid)
    assert set(results.history.epoch) == set(range(cfg.epochs + 1))


def test_tables_cover_every_cell_of_the_grid(results):
    cfg = results.cfg
    table = tables.results_table(results)
    assert len(table) == len(cfg.colour_pressure) * len(cfg.ablations)
    assert (table[("", "n")] == len(cfg.seeds)).all()
    paired = tables.paired_table(results)
    assert set(paired.index.get_level_values("Ablation")) == set(cfg.ablations) - {"baseline"}
    hyper = tables.hyperparameter_table(results)
    assert hyper.loc["epochs", "Value(s) in the runs shown"] == str(cfg.epochs)
    assert hyper.loc["seed", "Value(s) in the runs shown"] == ", ".join(map(str, cfg.seeds))
    assert len(tables.per_seed_table(results)) == len(cfg.grid)


def test_claims_get_one_of_three_verdicts(results):
    table = claims_module.claims_table(results)
    assert set(table.Verdict) <= {"supported", "not supported", "inconclusive"}
    assert len(table) == len(results.cfg.colour_pressure) * (2 + 2 * 3)


def test_condition_rule():
    import numpy as np

    C = claims_module.Condition
    assert C("x", np.array([5.0, 6.0, 5.5]), "rises", 3).outcome() == "met"
    assert C("x", np.array([-5.0, -6.0, -5.5]), "rises", 3).outcome() == "failed"
    assert C("x", np.array([0.1, -0.1, 0.05]), "flat", 3).outcome() == "met"
    assert C("x", np.array([9.0, 10.0, 11.0]), "flat", 3).outcome() == "failed"
    assert C("x", np.array([-9.0, 10.0, 1.0]), "flat", 3).outcome() == "open"
    assert C("x", np.array([0.1, 0.2, 0.15]), "no_stabilisation", 1).outcome() == "met"
    conds = [C("a", np.array([5.0, 6.0]), "rises", 3), C("b", np.array([-9.0, 10.0]), "flat", 3)]
    assert claims_module.verdict(conds) == "inconclusive"


def test_page_keys_exist_for_every_pressure_even_when_not_run(results):
    from negresults.shape_color.report import pages

    glued = pages.experiments(results.cfg, results)
    assert glued["sc_n_runs"] == str(len(results.cfg.grid))
    assert "sc_hue_jitter_baseline_colour_acc" in glued and "sc_none_shape_late" in glued
    partial = Config.from_params(preset="smoke", colour_pressure=["none"])
    partial = partial.replace(epochs=2, train_per_pair=8, device="cpu")
    partial_results = load_results(partial, results.store, progress=False)
    values = pages.experiments(partial, partial_results)
    assert values["sc_hue_jitter_shape_late"] == "n/a (not run)"


def test_figures_draw(results):
    matplotlib.use("Agg", force=True)
    assert len(figures.figure1(results).axes) == len(results.cfg.colour_pressure)
    grid = figures.learning_curves(results)
    assert len(grid.axes) == len(results.cfg.colour_pressure) * len(results.cfg.ablations)
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
