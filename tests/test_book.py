"""The whole book, built on the smoke preset by the README's `make book` on a fresh copy.

This is the test that the three ways of using the report keep working: every
notebook executes, every glue key and citation resolves (Sphinx warnings are
errors), and the pages hold no error output.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
JB = str(Path(sys.executable).parent / "jupyter-book")


def _toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc["parts"]:
        files += [c["file"] for c in part["chapters"]]
    return files


def _build(book: Path, out: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [JB, "build", str(book), "--path-output", str(out), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        env=env,
        timeout=1500,
    )


@pytest.fixture(scope="session")
def smoke_env(tmp_path_factory):
    store = tmp_path_factory.mktemp("store")
    return dict(os.environ, NEGRESULTS_PRESET="smoke", NEGRESULTS_STORE=str(store))


@pytest.fixture(scope="session")
def built_book(readme_lane):
    """The smoke book the README's `make book` built on a fresh copy (-W: warnings fail it).

    Every test using it is in xdist group "book" (conftest.py), with the README
    test's book lane: one worker builds it, once.
    """
    from readme_blocks import BOOK_BLOCK

    copy, ran = readme_lane("book")
    book = next(r for r in ran if r.block.startswith(BOOK_BLOCK))  # the two-command block
    assert book.returncode == 0, book.output[-8000:]
    BUILD_LOG.append(book.output)
    return copy / "book" / "_build" / "html"


BUILD_LOG: list[str] = []


@pytest.mark.slow
def test_the_build_log_carries_no_kernel_noise(built_book):
    # ipykernel warns about unencrypted local TCP at every kernel start.
    assert "without encryption" not in BUILD_LOG[0]


@pytest.mark.slow
def test_every_toc_page_is_rendered_without_errors(built_book):
    for doc in _toc_files():
        page = built_book / f"{doc}.html"
        assert page.exists(), f"{doc} was not rendered"
        html = page.read_text()
        for bad in (
            "Traceback (most recent call last)",
            'class="output stderr"',
            # myst-nb renders an error output as a traceback block (and the
            # "ename" field only survives in raw JSON, never on the page).
            'class="output traceback',
            '"ename":',
            "Error in callback",
        ):
            assert bad not in html, f"{doc} shows {bad!r}"


@pytest.mark.slow
def test_results_pages_say_what_they_were_executed_with(built_book):
    for doc in (
        "notebooks/shape_color/04_experiments",
        "notebooks/transfer/04_experiments",
        "notebooks/shape_color/06_appendix",
        "notebooks/transfer/06_supplementary",
    ):
        text = re.sub(r"<[^>]+>", " ", (built_book / f"{doc}.html").read_text())
        # Provenance once per page: preset, seeds and revision in one line.
        assert text.count("Executed with") == 1, doc
        assert re.search(r"Executed with\s+preset\s+smoke\s*; seeds [0-9, ]+", text), doc
        assert "revision" in text, doc


@pytest.mark.slow
def test_reproducibility_page_has_the_execution_table_versions_and_revision(built_book):
    text = re.sub(r"<[^>]+>", " ", (built_book / "reproducibility.html").read_text())
    for doc in _toc_files():
        if doc.startswith("notebooks/"):
            assert doc.split("/")[-1] in text, f"{doc} missing from the execution table"
    assert "torch" in text and "jupyter-book" in text
    assert re.search(r"built from revision\s+[0-9a-f]{7,}", text)


@pytest.mark.slow
def test_launch_buttons_open_the_notebook_sources(built_book):
    html = (built_book / "notebooks/transfer/04_experiments.html").read_text()
    assert re.search(r"mybinder\.org/v2/gh/[^\"']+04_experiments\.py", html)


@pytest.mark.slow
def test_citations_read_the_same_in_the_book_as_in_a_live_kernel(built_book):
    """{eval}`citep(...)` becomes a linked bibtex citation here; live, negresults.citations."""
    from negresults.citations import render_call

    checked = 0
    for source in sorted((ROOT / "notebooks").glob("*/*.py")):
        doc = built_book / "notebooks" / source.parent.name / f"{source.stem}.html"
        text = " ".join(re.sub(r"<[^>]+>", "", doc.read_text()).split())
        for call in re.findall(r"\{eval\}`(cite[pt]\([^`]*\))`", source.read_text()):
            expected = render_call(call)
            assert expected in text, f"{source.name}: {call} is not shown as {expected!r}"
            checked += 1
    assert checked >= 20


MINI_NOTEBOOK = """# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Mini

# %%
from negresults.config import resolve_preset
print("PRESET-IS", resolve_preset(None))
"""


def test_a_changed_preset_or_library_reexecutes_cached_pages(tmp_path, smoke_env):
    """jupyter-cache alone keys on code cells; the freshness extension must not let it serve old output."""
    book = tmp_path / "mini"
    book.mkdir()
    (book / "_config.yml").write_text(
        yaml.safe_dump(
            {
                "title": "mini",
                "only_build_toc_files": True,
                "execute": {"execute_notebooks": "cache"},
                "sphinx": {
                    "local_extensions": {"negresults_freshness": "_ext"},
                    "config": {
                        "nb_custom_formats": {".py": ["jupytext.reads", {"fmt": "py:percent"}]}
                    },
                },
            }
        )
    )
    (book / "_toc.yml").write_text("format: jb-book\nroot: page\n")
    (book / "page.py").write_text(MINI_NOTEBOOK)
    shutil.copytree(ROOT / "book" / "_ext", book / "_ext")

    def build(preset):
        res = _build(book, tmp_path, dict(smoke_env, NEGRESULTS_PRESET=preset))
        assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
        html = (tmp_path / "_build" / "html" / "page.html").read_text()
        return re.search(r"PRESET-IS (\w+)", html).group(
            1
        ), "Executing notebook" in res.stdout + res.stderr

    assert build("smoke") == ("smoke", True)
    assert build("smoke") == ("smoke", False)  # nothing changed: served from the cache
    assert build("cpu") == ("cpu", True)  # preset changed: executed again, new output shown


SCREENSHOTS = ROOT / "runs" / "screenshots"


def test_the_built_book_shows_the_reader_no_code(built_book):
    """negresults.pagecheck: no identifiers, Python literals, cut tables, raw MyST or
    spurious decimals in the visible text of any page, outside code formatting."""
    from negresults.pagecheck import check_book

    findings = check_book(built_book)
    assert not findings, "\n".join(map(str, findings))


def test_the_front_page_states_every_claim_and_verdict(built_book):
    from negresults.findings import CONCLUSIONS

    html = (built_book / "intro.html").read_text()
    assert "What we found" in html
    for page in CONCLUSIONS.values():
        assert f'href="{page}.html' in html, page
    # One row per claim of each study, with its verdict and reason (estimate, interval, seeds).
    rows = re.findall(r"<tr>.*?</tr>", html, flags=re.DOTALL)
    verdicts = [
        r for r in rows if re.search(r"(supported|contradicted|equivalent|inconclusive)", r)
    ]
    assert len(verdicts) >= 4, len(verdicts)
    assert all(re.search(r"points.*seeds?", r, flags=re.DOTALL) for r in verdicts)
    # An "in some runs" claim is judged on a count of seeds, and its reason says the count.
    some = [r for r in verdicts if "in some runs" in r]
    assert some and all(re.search(r"\d+ of \d+ seeds show both halves", r) for r in some)
    # The measured run times, with the date they were measured.
    text = html.replace("\n", " ")
    assert re.search(r"555 runs take about \d+ minutes of wall time", text)
    assert "about 165 minutes of wall time" in text
    assert "2026-12-04" in html


@pytest.mark.slow
def test_every_page_loads_in_chromium_with_nothing_broken(built_book):
    import urllib.request

    from browser import chromium_path, inspect_pages, serve

    assert chromium_path(), (
        "Debian's chromium is needed: apt-get install chromium (make test does it as root)"
    )
    # Every page the build wrote (the index, search and the toc's pages alike), not a sample.
    pages = sorted(
        str(p.relative_to(built_book))
        for p in built_book.rglob("*.html")
        if not p.relative_to(built_book).parts[0].startswith("_")
        # index.html only redirects to the root page (a meta refresh, no scripts)
        and 'http-equiv="Refresh"' not in p.read_text()[:500]
    )
    assert set(pages) >= {f"{doc}.html" for doc in _toc_files()}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = {
        "notebooks/shape_color/04_experiments.html": SCREENSHOTS / "shape_color_experiments.png",
        "notebooks/transfer/04_experiments.html": SCREENSHOTS / "transfer_experiments.png",
    }
    with serve(built_book) as base:
        reports = inspect_pages(base, pages, shots)
        links = sorted({link for r in reports for link in r.links})
        broken_links = []
        for link in links:
            try:
                urllib.request.urlopen(link, timeout=10).close()
            except OSError as err:
                broken_links.append(f"{link}: {err}")
    problems = []
    for r in reports:
        problems += [f"{r.url}: console error {e}" for e in r.console_errors]
        problems += [f"{r.url}: uncaught error {e}" for e in r.uncaught_errors]
        problems += [f"{r.url}: failed request {e}" for e in r.failed_requests]
        problems += [f"{r.url}: missing image {e}" for e in r.broken_images]
        problems += [f"{r.url}: figure scaled down, {e}" for e in r.shrunk_images]
        problems += [f"{r.url}: table overflows, {e}" for e in r.wide_tables]
        for marker in ("Traceback (most recent call last)", "Error: ", "Warning: "):
            if marker in r.text:
                problems.append(f"{r.url}: page text shows {marker!r}")
    problems += broken_links
    assert not problems, "\n".join(problems)
    for shot in shots.values():
        assert shot.stat().st_size > 10_000, f"{shot} looks empty"
