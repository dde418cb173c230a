"""Citations the live kernel shows: formatted from the book's .bib files, as the book does."""

import re
from pathlib import Path

import pytest

from negresults import citations
from negresults.citations import bibliography, citep, citet, parse_call, render_call
from negresults.config import ConfigError

ROOT = Path(__file__).resolve().parents[1]
CALL = re.compile(r"\{eval\}`cite([pt])\(([^`]*)\)`")

BIB = r"""
@article{one, author = {Ottosson, Bj{\"o}rn}, title = {A}, year = {2020}}
@article{two, author = {Alain, Guillaume and Bengio, Yoshua}, title = {B}, year = {2016}}
@article{three, author = {Chen, X. and Xie, S. and He, K.}, title = {C}, year = {2021}}
@misc{org, author = {{An Ambitious AI Researcher}}, title = {D}, year = {2025}}
@article{von, author = {von Neumann, John}, title = {E}, year = {1945}}
"""


@pytest.fixture
def bib(tmp_path, monkeypatch):
    (tmp_path / "a.bib").write_text(BIB)
    monkeypatch.setattr(citations, "BIB_DIR", tmp_path)
    bibliography.cache_clear()
    yield tmp_path
    bibliography.cache_clear()


def test_author_year_format_follows_the_number_of_authors(bib):
    assert citep("one") == "[Ottosson, 2020]"  # accents decoded from LaTeX
    assert citep("two") == "[Alain and Bengio, 2016]"
    assert citep("three") == "[Chen et al., 2021]"
    assert citep("org") == "[An Ambitious AI Researcher, 2025]"  # braced: one author
    assert citep("von") == "[von Neumann, 1945]"
    assert citep("two", "three") == "[Alain and Bengio, 2016, Chen et al., 2021]"
    assert citep("three", "two") == "[Alain and Bengio, 2016, Chen et al., 2021]"  # by author
    assert citet("three") == "Chen et al. [2021]"


def test_an_unknown_key_is_refused_naming_it(bib):
    with pytest.raises(ConfigError, match="unknown citation key 'nope'"):
        citep("one", "nope")
    with pytest.raises(ConfigError, match="at least one key"):
        citet()


def test_a_citation_call_is_parsed_from_literals_only(bib):
    assert parse_call('citep("two", "three")') == ("p", ("two", "three"))
    assert parse_call("sc_m_chroma") is None  # a glued value, not a citation
    assert render_call(' citet("three") ') == "Chen et al. [2021]"
    for bad in ("citep()", "citep(key)", "citep(1)", 'citet("a" +)'):
        with pytest.raises(ConfigError, match="takes citation keys as string literals"):
            parse_call(bad)


def test_every_chapter_cites_through_eval_with_keys_the_bibliography_holds():
    known = bibliography()
    for chapter in sorted((ROOT / "notebooks").glob("*/*.py")):
        text = chapter.read_text()
        # A bare {cite:p} shows its key, not a citation, in JupyterLab.
        assert "{cite:" not in text, f"{chapter.name}: cite with {{eval}}`citep(...)`"
        for _, args in CALL.findall(text):
            for key in re.findall(r'"([^"]+)"', args):
                assert key in known, f"{chapter.name}: {key} is in no book/references/*.bib"
