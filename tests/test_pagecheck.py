"""The page check finds code leaking into what a reader sees, and only there."""

from __future__ import annotations

import pandas as pd
import pytest

from negresults.pagecheck import check_book, check_page, identifiers, main
from negresults.readable import labels, readable

NAMES = identifiers()


def page(body: str) -> str:
    return f"<html><body><main><article>{body}</article></main></body></html>"


def kinds(body: str) -> list[str]:
    return [f.kind for f in check_page("p.html", page(body), NAMES)]


def test_the_config_declares_the_identifiers_it_looks_for():
    assert {"linear_probe", "frozen_head", "frozen_conv", "no_attention", "lr_grid"} <= NAMES
    assert "seeds" not in NAMES  # an English word, not only a code name


@pytest.mark.parametrize(
    "body,kind",
    [
        ("<p>the linear_probe arm wins</p>", "code identifier"),
        ("<table><tr><td>frozen_conv</td></tr></table>", "code identifier"),
        ("<table><tr><td>False</td></tr></table>", "Python literal"),
        ("<p>the flag is None.</p>", "Python literal"),
        ("<td>untestable</td><td>+nan points (0 seeds)</td>", "Python literal"),
        ("<p>an estimate of NaN</p>", "Python literal"),
        ("<p>78 rows × 4 columns</p>", "pandas truncation"),
        ("<table><tr><td>1</td><td>…</td></tr></table>", "pandas truncation"),
        ("<p>as {eval}`tr_x` shows</p>", "raw MyST"),
        ("<p>the value `EQUIVALENCE_MARGIN` is 3</p>", "raw MyST"),
        ("<p>accuracy 45.12345 here</p>", "spurious precision"),
        ("<p>accuracy rose by 3.141 points</p>", "spurious precision"),
        ("<p>at 12.345%</p>", "spurious precision"),
    ],
)
def test_each_kind_of_leak_is_found(body, kind):
    assert kind in kinds(body)


@pytest.mark.parametrize(
    "body",
    [
        "<p>set <code>lr_grid</code> to re-run</p>",  # field names in code formatting stay
        "<pre>frozen_head = True</pre>",
        "<p>None of the seeds; accuracy 45.1% (3.14 points); lr 0.0003</p>",
        "<p>arXiv:1610.01644</p>",
        "<p>Transferred, linear probe</p>",
        "<p>a nanometre, Nancy, a banana</p>",
    ],
)
def test_code_formatting_prose_and_honest_numbers_pass(body):
    assert kinds(body) == []


def test_readable_tables_use_the_config_labels_words_and_code():
    df = pd.DataFrame(
        {"linear_probe": [1.5], "fits": [False], "value": ["0.1, 0.2"]},
        index=pd.Index(["lr_grid"], name="setting"),
    )
    shown = readable(df, "transfer", code=["index", "value"])._repr_html_()
    assert labels("transfer")["linear_probe"] in shown and "linear_probe" not in shown
    assert ">no<" in shown and "False" not in shown
    assert "<code>lr_grid</code>" in shown and "<code>0.1, 0.2</code>" in shown
    assert kinds(shown) == []
    assert kinds(df.to_html()), "the raw table would have been flagged"


def test_every_header_starts_with_a_capital_and_the_cells_keep_their_case():
    df = pd.DataFrame(
        {"minus scratch [95% CI]": ["+1.0 [+0.2, +1.8]"], "verdict": ["supported"]},
        index=pd.MultiIndex.from_tuples(
            [("8", "declared (80)")], names=["images per class", "budget"]
        ),
    )
    head, body = readable(df, "transfer")._repr_html_().split("</thead>")
    for name in ("Minus scratch [95% CI]", "Verdict", "Images per class", "Budget"):
        assert f">{name}<" in head, name
    assert ">supported<" in body and ">declared (80)<" in body
    assert "minus scratch" not in head and ">verdict<" not in head


def test_a_none_header_is_left_as_is_and_grouped_code_columns_keep_their_formatting():
    df = pd.DataFrame({("setting", "value"): ["lr_grid"], ("setting", "none"): ["x"]})
    html = readable(df, "transfer", code=[("setting", "value")])._repr_html_()
    assert "<code>lr_grid</code>" in html
    assert ">none<" in html and ">None<" not in html and ">Setting<" in html


def test_a_named_index_heads_its_column_in_the_one_header_row():
    """pandas gives a named index a second header row, empty but for the name: a reader
    sees a table with two header rows and a gap."""
    df = pd.DataFrame(
        {"Runs": [3], "Core-minutes": [1.5]}, index=pd.Index(["Table 1"], name="Part")
    )
    html = readable(df, "transfer")._repr_html_()
    head = html.split("<thead>")[1].split("</thead>")[0]
    assert head.count("<tr") == 1
    assert head.index(">Part<") < head.index(">Runs<") < head.index(">Core-minutes<")


def test_a_grouped_index_keeps_its_groups_with_the_names_in_code():
    index = pd.MultiIndex.from_tuples([("target", "lr_grid"), ("target", "epochs")])
    shown = readable(pd.DataFrame({"value": ["0.1", "5"]}, index=index), "transfer", code=["index"])
    html = shown._repr_html_()
    assert "<code>lr_grid</code>" in html and "(&#x27;target" not in html and "('target" not in html
    assert html.count(">target<") == 1  # one group cell spanning its rows, as pandas shows it


def test_a_folder_without_a_book_is_refused_in_one_line(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no built book" in err
    with pytest.raises(Exception, match="run `make book`"):
        check_book(tmp_path)


def test_a_claim_without_an_estimate_gives_a_reason_in_words():
    from negresults.findings import reason
    from negresults.study import Claim

    untestable = Claim(
        "X does not stabilise",
        "no unstable rate",
        "untestable",
        "untestable",
        float("nan"),
        (float("nan"), float("nan")),
        0,
    )
    said = reason(untestable)
    assert said == "no estimate to judge it by (0 seeds)"
    assert kinds(f"<p>{said}</p>") == []
