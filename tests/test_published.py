"""The book's published claims, and a live page's distance from them."""

from __future__ import annotations

import math

import pytest

from negresults import published
from negresults.study import Claim

BOOK = {
    "study": "shape_color",
    "preset": "cpu",
    "revision": "abc123",
    "recorded": "2026-12-02 15:00 UTC",
    "claims": [
        # One claim at two settings (kept apart by their order), one more, one untestable.
        {
            "claim": "A",
            "setting": "s1",
            "verdict": "supported",
            "estimate": 5.0,
            "ci": [3, 7],
            "n": 6,
        },
        {
            "claim": "A",
            "setting": "s2",
            "verdict": "supported",
            "estimate": 2.0,
            "ci": [1, 3],
            "n": 6,
        },
        {
            "claim": "B",
            "setting": "s",
            "verdict": "contradicted",
            "estimate": -4.0,
            "ci": [-6, -2],
            "n": 6,
        },
        {
            "claim": "C",
            "setting": "s",
            "verdict": "untestable",
            "estimate": None,
            "ci": [None, None],
            "n": 0,
        },
    ],
}


def claim(text: str, verdict: str, estimate: float, setting: str = "smoke") -> Claim:
    return Claim(text, setting, verdict, "inconclusive", estimate, (estimate - 1, estimate + 1), 2)


def test_distance_matches_claims_by_text_and_place_and_counts_what_agrees():
    live = [
        claim("A", "supported", 6.0),  # the first A: gap 1
        claim("A", "inconclusive", 9.0),  # the second A: gap 7
        claim("C", "untestable", math.nan),  # no estimate on either side: no gap
        claim("D", "supported", 1.0),  # not a claim of the book: left out
    ]
    head, table = published.distance(BOOK, live)
    assert "Of the book's 4 claims" in head and "recorded at revision abc123" in head
    assert "this run judges 3; 2 of them get the book's verdict here" in head
    # Gaps 1 and 7: median 4.0, largest 7.0, on claim A.
    assert "median of 4.0 points and at most 7.0" in head and "“A”" in head
    assert list(table.index) == ["A", "A", "C"]
    assert list(table["Setting in the book"]) == ["s1", "s2", "s"]
    assert table.iloc[1]["In the book"] == "supported, +2.0 [+1.0, +3.0] (6 seeds)"
    assert table.iloc[1]["In this run"] == "inconclusive, +9.0 [+8.0, +10.0] (2 seeds)"
    assert table.iloc[2]["In this run"] == "untestable (2 seeds)"


def test_distance_with_nothing_in_common_says_so_without_a_gap():
    head, table = published.distance(BOOK, [claim("Z", "supported", 1.0)])
    assert "this run judges 0; 0 of them" in head and "median" not in head
    assert table.empty


def test_two_records_of_a_rebuild_are_compared_claim_by_claim(tmp_path):
    import copy
    import json

    after = copy.deepcopy(BOOK)
    after.update(revision="def456", recorded="2026-12-06 00:00 UTC")
    after["claims"][1].update(verdict="inconclusive", estimate=0.5, ci=[-1, 2])  # moved
    after["claims"][2].update(estimate=-3.0)  # same verdict, a gap of 1
    text, moved = published.between(BOOK, after)
    assert text.startswith("Against the record made at commit abc123 on 2026-12-02 15:00 UTC, the ")
    assert "commit def456 on 2026-12-06 00:00 UTC gives 3 of 4 claims the same verdict" in text
    # Gaps 0, 1.5 and 1 (the untestable claim has none): median 1.0, largest 1.5 on A.
    assert "median of 1.0 points and at most 1.5 (“A”)" in text
    assert (
        "same verdict, and its estimates differ by a median of 1.0 points and at most 1.5 (“A”)."
        in text
    )
    # Neither record names its code version: the comparison says it cannot tell.
    assert "The earlier and later records do not name the compute code" in text
    assert text.endswith(" The claim that moved:")
    assert list(moved.index) == ["A"] and list(moved["Setting in the book"]) == ["s2"]
    assert moved.iloc[0]["Before"] == "supported, +2.0 [+1.0, +3.0] (6 seeds)"
    assert moved.iloc[0]["After"] == "inconclusive, +0.5 [-1.0, +2.0] (6 seeds)"
    same_text, none = published.between(BOOK, BOOK)
    assert same_text.endswith(".") and none.empty
    assert "gives all 4 claims the same verdict, estimate, interval and seeds" in same_text
    assert "median" not in same_text  # no gap to measure
    # A record holds the claims only: the comparison says the readings beside them are not in it.
    assert "A record holds the claims' verdicts only" in same_text
    seeds = copy.deepcopy(BOOK)
    seeds["claims"][0]["n"] += 1  # one more seed, nothing else: not the same numbers
    assert "gives 4 of 4 claims the same verdict" in published.between(BOOK, seeds)[0]
    assert "Machines" not in same_text  # neither record says which machines made its runs
    # The previous record is read from beside the current one, and is absent by default.
    assert published.load_previous("transfer", root=tmp_path) is None
    (tmp_path / published.PREVIOUS).mkdir(parents=True)
    (tmp_path / published.PREVIOUS / "transfer.json").write_text(json.dumps(BOOK))
    assert published.load_previous("transfer", root=tmp_path) == BOOK


def test_the_chapters_clause_names_each_moved_verdict_with_its_seeds(tmp_path):
    import copy
    import json

    def write(where, record):
        where.mkdir(parents=True, exist_ok=True)
        (where / "shape_color.json").write_text(json.dumps(record))

    # No record of an earlier build: the clause says there is nothing to compare.
    write(tmp_path / published.FOLDER, BOOK)
    assert "no record of an earlier build" in published.rebuild_reading("shape_color", tmp_path)
    after = copy.deepcopy(BOOK)
    after.update(revision="def456", code="c0de")
    after["claims"][1]["verdict"] = "inconclusive"  # same seeds: moved with the noise alone
    after["claims"][2].update(verdict="equivalent", n=9)  # more seeds as well
    before = copy.deepcopy(BOOK)
    before["code"] = "c0de"
    write(tmp_path / published.FOLDER, after)
    write(tmp_path / published.PREVIOUS, before)
    text = published.rebuild_reading("shape_color", tmp_path)
    assert text.startswith("2 of the 4 verdicts the two records share are the same")
    assert (
        "(both records of the cpu preset, made by the same compute code, at commits abc123 and def456)"
        in text
    )
    assert (
        "“A”, in the setting s2, went from supported to inconclusive, on the same 6 seeds" in text
    )
    assert "“B”, in the setting s, went from contradicted to equivalent, on 6 seeds, then 9" in text
    # A record that names no compute code cannot be said to share it.
    del before["code"]
    write(tmp_path / published.PREVIOUS, before)
    text = published.rebuild_reading("shape_color", tmp_path)
    assert "by compute code that differs or is not recorded" in text


def test_the_comparison_says_whether_the_plan_was_revised_between_the_records(
    tmp_path, monkeypatch, git
):
    import copy

    plan = tmp_path / "src" / "negresults" / "transfer" / "analysis_plan.py"
    other = tmp_path / "notes.txt"
    plan.parent.mkdir(parents=True)

    def commit(path, text):
        path.write_text(text)
        git("add", "-A")
        git("commit", "-q", "-m", "edit")
        return git("rev-parse", "HEAD")

    first = commit(plan, '"""Plan: grid up to 30."""\n')
    second = commit(other, "an unrelated edit\n")
    third = commit(plan, '"""Plan: grid up to 300."""\n')
    monkeypatch.setattr(published, "find_repo_root", lambda: tmp_path)

    older = copy.deepcopy(BOOK)
    older.update(study="transfer", revision=first)
    newer = copy.deepcopy(BOOK)
    newer.update(study="transfer", revision=third)
    newer["claims"][2].update(estimate=-3.0)
    revised = "analysis plan was revised between the two commits, so a difference may also"
    assert revised in published.between(older, newer)[0].replace(f" (in commit {third[:7]})", "")
    # The revising commit is named, so a reader can find it in the Method's list of revisions.
    assert (
        f"revised between the two commits (in commit {third[:7]}),"
        in (published.between(older, newer)[0])
    )
    fourth = commit(plan, '"""Plan: grid up to 3000."""\n')
    newer["revision"] = fourth  # two revisions since the older record: both named, in order
    assert f"(in commits {third[:7]} and {fourth[:7]})," in published.between(older, newer)[0]
    newer["revision"] = second  # only another file changed
    assert "analysis plan is the same at both commits" in published.between(older, newer)[0]
    # Identical claims: nothing to attribute, so the plan is not mentioned.
    assert "analysis plan" not in published.between(older, older)[0]
    # A commit git does not know, or no repository: it cannot tell, and says nothing.
    newer["revision"] = "0" * 12
    assert "analysis plan" not in published.between(older, newer)[0]
    newer["revision"] = third
    monkeypatch.setattr(published, "find_repo_root", lambda: None)
    assert "analysis plan" not in published.between(older, newer)[0]


def test_a_record_round_trips_with_undefined_numbers_as_null(tmp_path):
    claims = [
        {
            "claim": "A",
            "setting": "s",
            "verdict": "untestable",
            "outcome": "untestable",
            "estimate": math.nan,
            "ci": [math.nan, math.nan],
            "n": 0,
            "basis": "",
        },
    ]
    where = published.record("shape_color", "cpu", "abc123", claims, root=tmp_path)
    assert where == tmp_path / "book" / "published" / "shape_color.json"
    assert "NaN" not in where.read_text()
    back = published.load("shape_color", root=tmp_path)
    assert back["claims"][0]["estimate"] is None and back["claims"][0]["ci"] == [None, None]
    assert back["preset"] == "cpu" and back["revision"] == "abc123"
    assert published.load("transfer", root=tmp_path) is None


@pytest.mark.bad_input
@pytest.mark.parametrize(
    "argv,said",
    [
        (["--preset", "smoke"], "got preset 'smoke'"),
        (["--preset", "cpu", "-p", "seeds", "[0]"], "got preset 'cpu' with parameters"),
    ],
)
def test_record_refuses_anything_but_the_books_preset_in_one_line(argv, said, capsys, tmp_path):
    from negresults.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["summary", "transfer", "--record", "--store", str(tmp_path / "s"), *argv])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and said in err and "--preset cpu and no -p" in err
    assert not (tmp_path / "s").exists() or not any((tmp_path / "s").rglob("metrics.json"))


@pytest.mark.slow
@pytest.mark.parametrize("name", ["shape_color", "transfer"])
def test_the_published_records_hold_claims_the_study_still_makes(name, smoke_results):
    # A renamed or dropped claim leaves the record unreadable by the live pages:
    # re-record it (`negresults summary <study> --preset cpu --record`).
    from negresults.studies import get

    book = published.load(name)
    assert book is not None, f"no book/published/{name}.json: record it"
    assert book["preset"] == "cpu" and book["claims"]
    made = {c.claim for c in get(name).claims(smoke_results(name))}
    stale = [c["claim"] for c in book["claims"] if c["claim"] not in made]
    assert not stale, f"{name}: re-record book/published/{name}.json; gone: {stale}"
