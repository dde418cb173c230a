"""The page call: progress bars where a reader waits, none in the rendered book."""

import pytest

from negresults.pages import open_page
from negresults.study import Claim

# A claim as a live smoke run judges it, and the book's published record of the same claim.
CLAIM = Claim(
    "Fine-tune is no better", "2 per class", "inconclusive", "inconclusive", 3.5, (-1, 8), 2
)
BOOK = {
    "preset": "cpu",
    "revision": "abc123",
    "recorded": "2026-12-02 15:00 UTC",
    "claims": [
        {
            "claim": "Fine-tune is no better",
            "setting": "4 per class",
            "verdict": "benefit",
            "estimate": 8.0,
            "ci": [6.0, 10.0],
            "n": 24,
        }
    ],
}


@pytest.mark.slow
@pytest.mark.parametrize("static,bar_shown", [("0", True), ("1", False)])
def test_a_live_page_shows_training_progress_and_the_book_does_not(
    static, bar_shown, smoke_store, monkeypatch, capsys
):
    monkeypatch.setenv("NEGRESULTS_STORE", str(smoke_store.root))
    monkeypatch.setenv("NEGRESULTS_STATIC", static)
    page = open_page("transfer", "04_experiments", show=False, preset="smoke")
    assert page.results is not None
    err = capsys.readouterr().err
    # tqdm's bar for the study's runs: "transfer: 100%|...| n/n".
    assert ("transfer:" in err and "%|" in err) == bar_shown, err[-500:]


def test_open_page_refuses_an_unknown_page_naming_the_valid_ones():
    from negresults.config import ConfigError

    with pytest.raises(ConfigError, match=r"unknown page 'nope' of transfer; valid pages: 01_"):
        open_page("transfer", "nope")


@pytest.mark.parametrize(
    "static,preset,shown", [("0", "smoke", True), ("1", "smoke", False), ("0", "cpu", False)]
)
def test_a_live_page_on_another_preset_than_the_books_says_so_first(
    static, preset, shown, monkeypatch
):
    from IPython.display import HTML

    from negresults import pages
    from negresults.transfer.study import TransferStudy

    monkeypatch.setattr(TransferStudy, "results", lambda self, cfg, store=None, progress=True: None)
    monkeypatch.setattr(TransferStudy, "page_values", lambda self, page, cfg, results: {})
    monkeypatch.setattr(TransferStudy, "claims", lambda self, results: [CLAIM])
    monkeypatch.setattr(pages.published, "load", lambda study: BOOK)
    monkeypatch.setenv("NEGRESULTS_STATIC", static)
    out = []
    monkeypatch.setattr(pages, "display", out.append)
    pages.open_page("transfer", "04_experiments", preset=preset)
    notices = [o.data for o in out if isinstance(o, HTML)]
    assert bool(notices) == shown
    distance = [o.data for o in out if "How far from the book" in str(getattr(o, "data", ""))]
    assert bool(distance) == shown, "the comparison with the book comes with the notice"
    if shown:
        assert out[0].data == notices[0], "the notice is the first thing the page shows"
        assert f"<code>{preset}</code> preset, not the book's <code>cpu</code>" in notices[0]
        assert "differs from the published book's" in notices[0]
        # The one claim is judged in both; the book's +8.0 against this run's +3.5.
        assert "this run judges 1; 0 of them get the book's verdict here" in distance[0]
        assert "median of 4.5 points and at most 4.5" in distance[0]


def test_a_one_seed_page_says_intervals_and_tests_need_two(monkeypatch):
    from negresults import pages
    from negresults.transfer.study import TransferStudy

    monkeypatch.setattr(TransferStudy, "results", lambda self, cfg, store=None, progress=True: None)
    monkeypatch.setattr(TransferStudy, "claims", lambda self, results: [])
    monkeypatch.setattr(TransferStudy, "page_values", lambda self, page, cfg, results: {})
    out = []
    monkeypatch.setattr(pages, "display", out.append)
    pages.open_page("transfer", "04_experiments", preset="smoke", seeds=[0])
    assert any(getattr(o, "data", "") == pages.ONE_SEED for o in out)
    out.clear()
    pages.open_page("transfer", "04_experiments", preset="smoke", seeds=[0, 1])
    assert not any(getattr(o, "data", "") == pages.ONE_SEED for o in out)


def test_binder_starts_chapters_on_the_smoke_preset():
    from pathlib import Path

    start = (Path(__file__).resolve().parents[1] / "start").read_text()
    assert 'NEGRESULTS_PRESET="${NEGRESULTS_PRESET:-smoke}"' in start and 'exec "$@"' in start


@pytest.mark.parametrize("kind", ["text", "table", "figure"])
def test_our_glue_outputs_what_myst_nbs_glue_outputs(kind):
    """The book reads glued values by myst-nb's protocol: ours must match its own glue."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output
    from myst_nb import glue as myst_glue

    from negresults.reporting import glue

    InteractiveShell.instance()  # display() publishes through a shell, as in a kernel
    try:
        _compare_glue(kind, glue, myst_glue, capture_output, plt, pd)
    finally:
        InteractiveShell.clear_instance()  # no shell left behind for the worker's next tests


def _compare_glue(kind, glue, myst_glue, capture_output, plt, pd):
    if kind == "figure":
        fig, ax = plt.subplots(figsize=(2, 2))
        ax.plot([0, 1], [1, 0])
        value = fig
    else:
        value = "+1.5 points" if kind == "text" else pd.DataFrame({"Arm": ["a"], "Acc": [1.0]})
    with capture_output() as ours:
        glue("key_x", value)
    with capture_output() as theirs:
        myst_glue("key_x", value, display=False)
    plt.close("all")
    assert len(ours.outputs) == len(theirs.outputs) == 1
    assert ours.outputs[0].data == theirs.outputs[0].data
    assert ours.outputs[0].metadata == theirs.outputs[0].metadata
    assert all(k.startswith("application/papermill.record/") for k in ours.outputs[0].data)


def test_the_provenance_line_reads_seed_ranges_and_the_device_auto_resolved_to():
    from types import SimpleNamespace

    from negresults.devices import resolve_device
    from negresults.pages import provenance_line
    from negresults.reporting import number_ranges

    assert number_ranges(range(73)) == "0 to 72"
    assert number_ranges([0, 1, 5, 6, 7, 9, 100, 101, 102]) == "0, 1, 5 to 7, 9, 100 to 102"
    assert number_ranges([]) == ""
    cfg = SimpleNamespace(preset="cpu", seeds=tuple(range(73)))
    line = provenance_line(cfg, {"preset": "cpu", "seeds": None, "device": "auto"})
    assert "seeds 0 to 72;" in line and ", 1, 2" not in line
    assert f"device auto (here {resolve_device('auto')});" in line
    assert "device cuda;" in provenance_line(cfg, {"device": "cuda"})  # as given, not resolved
    assert "stability seeds" not in line
    # Study A's stability runs have seeds of their own: the line names them beside the others.
    study_a = SimpleNamespace(
        preset="cpu", seeds=(0, 1), stability_test=True, stability_seeds=(7000, 7001, 7002)
    )
    assert "seeds 0, 1; stability seeds 7000 to 7002;" in provenance_line(study_a, {})
