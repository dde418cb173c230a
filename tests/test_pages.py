"""The page call: progress bars where a reader waits, none in the rendered book."""

import pytest

from negresults.pages import open_page


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
