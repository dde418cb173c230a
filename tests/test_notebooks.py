"""papermill re-execution through `negresults run`, on a small temporary notebook."""

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from negresults.config import ConfigError
from negresults.notebooks import (
    NotebookError,
    execute,
    notebook_parameters,
    output_path,
    read_notebook,
)

HEADER = """# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---
"""

NOTEBOOK = (
    HEADER
    + """
# %% tags=["parameters"]
seeds = None
scale = 2

# %%
import ast
import json
import re
from pathlib import Path
if scale < 0:
    raise ValueError(f"scale must be non-negative, got {scale}")
result = {"seeds": seeds, "doubled": [s * scale for s in (seeds or [1])]}
Path("out.json").write_text(json.dumps(result))
"""
)


@pytest.fixture
def notebook(tmp_path):
    path = tmp_path / "nbs" / "toy" / "01_toy.py"
    path.parent.mkdir(parents=True)
    path.write_text(NOTEBOOK)
    return path


def test_parameters_cell_is_read_from_the_py_percent_source(notebook):
    assert notebook_parameters(read_notebook(notebook)) == {"seeds": "None", "scale": "2"}


def test_execution_injects_parameters_and_names_the_output_after_them(notebook, tmp_path):
    out = output_path(notebook, {"seeds": [3, 4], "scale": 10}, root=tmp_path / "runs")
    assert out.name == "01_toy__scale=10__seeds=3-4.ipynb" and out.parent.name == "toy"
    res = execute(notebook, {"seeds": [3, 4], "scale": 10}, output=out, progress=False)
    assert json.loads((notebook.parent / "out.json").read_text()) == {
        "seeds": [3, 4],
        "doubled": [30, 40],
    }
    saved = json.loads(res.output.read_text())
    assert any("injected-parameters" in c["metadata"].get("tags", []) for c in saved["cells"])


@pytest.mark.bad_input
def test_unknown_parameter_is_refused_before_a_kernel_starts(notebook, tmp_path):
    with pytest.raises(ConfigError, match=r"unknown parameter 'sedes'.*valid names: seeds, scale"):
        execute(notebook, {"sedes": [1]}, output=tmp_path / "x.ipynb")
    assert not (tmp_path / "x.ipynb").exists()


@pytest.mark.faults
def test_a_failing_cell_is_named(notebook, tmp_path):
    with pytest.raises(
        NotebookError,
        match=r"01_toy.py: cell \d+ \(In \[\d+\]\) raised ValueError: scale must be non-negative, got -1",
    ):
        execute(notebook, {"scale": -1}, output=tmp_path / "x.ipynb", progress=False)


def _cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "negresults", *args], capture_output=True, text=True, cwd=cwd
    )


@pytest.mark.bad_input
def test_cli_reports_bad_input_in_one_line_with_nonzero_exit(notebook, tmp_path, capsys):
    from negresults.cli import main

    # Refused before a kernel starts: in this process (a CLI process spends
    # seconds importing torch); the two runs below are real processes.
    for args, line in [
        (["run", str(tmp_path / "nope.py")], "does not exist"),
        (
            ["run", str(notebook), "-p", "sedes", "[1]"],
            "error: unknown parameter 'sedes' for 01_toy.py; valid names: seeds, scale",
        ),
    ]:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exited:
            main(args)
        code = exited.value.code  # an exit status, or the message sys.exit prints
        shown = capsys.readouterr().err + (f"{code}\n" if isinstance(code, str) else "")
        assert code not in (0, None) and line in shown
        assert len(shown.strip().splitlines()) == 1, shown

    failing = _cli("run", str(notebook), "-q", "-p", "scale", "-1", "-o", str(tmp_path / "f.ipynb"))
    assert failing.returncode != 0 and "raised ValueError" in failing.stderr

    ok = _cli("run", str(notebook), "-q", "-p", "scale", "3", "-o", str(tmp_path / "ok.ipynb"))
    assert ok.returncode == 0, ok.stderr
    assert "ok.ipynb" in ok.stdout
    # ipykernel's start-up warning about local TCP is not the user's business
    assert "without encryption" not in ok.stderr + ok.stdout


CHAPTERS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.mark.bad_input
@pytest.mark.parametrize(
    "chapter,params,message",
    [
        # transfer's pilot seeds are 100, 101 on smoke: the one line names seeds to use instead
        (
            "transfer/04_experiments.py",
            {"preset": "smoke", "seeds": [0, 100]},
            r"pilot seed 100 is also a reported seed.*give seeds other than 100, 101",
        ),
        ("shape_color/04_experiments.py", {"preset": "smoke", "ablations": ["nope"]}, "nope"),
        ("transfer/06_supplementary.py", {"preset": "smoke", "arms": []}, "arms is empty"),
    ],
)
def test_a_chapter_refuses_what_it_cannot_run_before_its_kernel_starts(
    chapter, params, message, tmp_path, monkeypatch
):
    import papermill

    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was started for parameters the page cannot run")

    monkeypatch.setattr(papermill, "execute_notebook", no_kernel)
    with pytest.raises(ConfigError, match=message) as err:
        execute(CHAPTERS / chapter, params, output=tmp_path / "x.ipynb")
    assert "\n" not in str(err.value)


def test_one_seed_fits_the_transfer_protocol_it_cannot_lower_from_the_page():
    from negresults.studies import get

    cfg = get("transfer").config(preset="smoke", seeds=[0])  # table_seeds is 2 on smoke
    assert (cfg.seeds, cfg.table_seeds, cfg.shift_seeds) == ((0,), 1, 1)
    # Given explicitly, it is still checked.
    with pytest.raises(ConfigError, match="table_seeds = 2 is more than the 1 seeds given"):
        get("transfer").config(preset="smoke", seeds=[0], table_seeds=2)


@pytest.mark.slow
def test_a_results_page_runs_on_one_seed_and_says_what_needs_two(
    smoke_store, smoke_results, tmp_path, monkeypatch
):
    smoke_results("transfer")  # seed 0 is in the shared smoke store
    monkeypatch.setenv("NEGRESULTS_STORE", str(smoke_store.root))
    monkeypatch.delenv("NEGRESULTS_STATIC", raising=False)
    out = tmp_path / "one.ipynb"
    execute(
        CHAPTERS / "transfer" / "04_experiments.py",
        {"preset": "smoke", "seeds": [0]},
        output=out,
        progress=False,
    )
    text = out.read_text()
    assert "One seed." in text and "needs two or more seeds" in text
    assert "Live run on the" in text  # a live page on another preset than the book's says so


ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([*ROOT.glob("notebooks/*/*.py"), *ROOT.glob("book/*.py")])
CITATION = re.compile(r"\{eval\}`(citep|citet)\(")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_citation_is_importable_before_the_prose_that_calls_it(page):
    """Live (JupyterLab, Binder), jupyterlab-myst evaluates {eval}`citep(...)` in the kernel
    when the markdown cell renders, so a cell above it must have imported the helper."""
    imported: set[str] = set()
    for cell in read_notebook(page).cells:
        if cell.cell_type == "code":
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.ImportFrom) and node.module == "negresults.citations":
                    imported |= {a.asname or a.name for a in node.names}
        else:
            called = set(CITATION.findall(cell.source))
            assert called <= imported, (
                f"{page.name}: prose calls {sorted(called - imported)} before any cell imports "
                "it from negresults.citations"
            )
