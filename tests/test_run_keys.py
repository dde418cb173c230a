"""Run keys change exactly when something that could change a number changes.

The code version of a study hashes its compute package's import closure
(negresults.runkeys). Each case edits one module in a temporary copy of the
package and recomputes the code versions of both studies from the copy; one
end-to-end case recomputes the real run keys of both smoke plans in a fresh
interpreter that imports the copy.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from negresults import runkeys

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "negresults"
STUDIES = ("shape_color", "transfer")
# Modules no run may depend on: what the book shows, and what schedules and stores runs.
OUTSIDE = (
    "negresults.store",
    "negresults.storegc",
    "negresults.storefs",
    "negresults.locations",
    "negresults.tasks",
    "negresults.executors",
    "negresults.schedule",
    "negresults.pool",
    "negresults.verdicts",
    "negresults.findings",
    "negresults.pagecheck",
    "negresults.readable",
    "negresults.cli",
    "negresults.pages",
    "negresults.reporting",
    "negresults.stats",
    "negresults.study",
    "negresults.studies",
    "negresults.runkeys",
)


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("copy") / "negresults"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def versions(root: Path) -> dict[str, str]:
    return {s: json.dumps(runkeys.version_parts(s, root), sort_keys=True) for s in STUDIES}


def edited(root: Path, module: str, text: str) -> dict[str, str]:
    path = root.joinpath(*module.split(".")[1:])
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    before = path.read_text()
    path.write_text(before + text)
    try:
        return versions(root)
    finally:
        path.write_text(before)


def test_the_closures_hold_compute_and_no_report_or_orchestration_module():
    for study in STUDIES:
        modules, third = runkeys.closure(study)
        assert f"negresults.{study}.compute.runners" in modules
        assert f"negresults.{study}" in modules and "negresults" in modules  # parents' __init__
        assert "torch" in third and "numpy" in third
        leaked = [m for m in modules if m in OUTSIDE or ".report" in m or m.endswith(".plan")]
        assert not leaked, (study, leaked)


def _all_closure_modules() -> list[str]:
    return sorted({m for s in STUDIES for m in runkeys.closure(s)[0]})


@pytest.fixture(scope="module")
def original(copy) -> dict[str, str]:
    return versions(copy)


@pytest.mark.parametrize("module", _all_closure_modules())
def test_a_code_statement_in_any_closure_module_rekeys_exactly_the_studies_reaching_it(
    copy, original, module
):
    after = edited(copy, module, "\n_an_edit = 1\n")
    for study in STUDIES:
        reaches = module in runkeys.closure(study)[0]
        assert (after[study] != original[study]) == reaches, (study, module)


@pytest.mark.parametrize(
    "module",
    [
        "negresults.shape_color.report.figures",
        "negresults.transfer.report.tables",
        "negresults.shape_color.report.pages",
        "negresults.reporting",
        "negresults.shape_color.plan",
        "negresults.cli",
    ],
)
def test_editing_report_page_or_orchestration_code_keeps_every_key(copy, original, module):
    assert edited(copy, module, "\n_an_edit = 1\n") == original


def test_comments_and_docstrings_retrain_nothing(copy):
    path = copy / "shape_color" / "compute" / "model.py"
    before = path.read_text()
    try:
        text = before.replace('"""', '"""A reworded docstring. ', 1)
        path.write_text(text + "\n# a comment\n")
        assert text != before
        after = versions(copy)
    finally:
        path.write_text(before)
    assert after == versions(copy)


@contextlib.contextmanager
def rewritten(path: Path, old: str, new: str):
    """``path`` with its first ``old`` replaced by ``new``, put back afterwards."""
    before = path.read_text()
    assert old in before
    path.write_text(before.replace(old, new, 1))
    try:
        yield
    finally:
        path.write_text(before)


def test_a_config_fields_help_text_retrains_nothing_but_its_default_does(copy):
    """The config is outside the closure: its defaults reach a run through the run's config."""
    path = copy / "shape_color" / "config.py"
    field = 'weight_decay: float = param(0.05, "AdamW weight decay"'
    original = keys(copy)
    with rewritten(path, field, field.replace("AdamW weight", "AdamW's weight")):
        helped = keys(copy)
    with rewritten(path, field, field.replace("param(0.05,", "param(0.06,")):
        defaulted, code = keys(copy), versions(copy)
    assert helped == original
    # Every smoke run trains with the default weight decay: each is re-keyed, through
    # its config (the code version stays), and no Study B run is.
    assert set(defaulted["shape_color"]).isdisjoint(original["shape_color"])
    assert defaulted["transfer"] == original["transfer"]
    assert code == versions(copy)


def test_adding_a_seed_to_a_preset_keeps_every_stored_runs_key(copy):
    # The smoke preset's powered cell gets one seed more (a new seed at the end of seeds).
    old = 'seeds=(0, 1, 2),\n        shared_seeds=2,\n        powered_cells=(("baseline", "none", 3),),'
    new = old.replace("(0, 1, 2)", "(0, 1, 2, 3)").replace('"none", 3)', '"none", 4)')
    original = keys(copy)
    with rewritten(copy / "shape_color" / "config.py", old, new):
        grown = keys(copy)
    assert set(original["shape_color"]) < set(grown["shape_color"])


def test_another_version_of_a_numeric_package_rekeys(monkeypatch, copy):
    before = versions(copy)
    real = runkeys.metadata.version
    monkeypatch.setattr(
        runkeys.metadata, "version", lambda d: "0.0-other" if d == "torch" else real(d)
    )
    after = versions(copy)
    assert all(after[s] != before[s] for s in STUDIES)


KEYS = """
import json
from negresults.studies import STUDIES, get
out = {}
for name in STUDIES:
    study = get(name)
    plan = study.plan(study.config(preset="smoke", device="cpu"))
    out[name] = sorted(t.key[1] for stage in plan for t in stage)
print(json.dumps(out))
"""


def keys(root: Path) -> dict[str, list[str]]:
    env = dict(os.environ, PYTHONPATH=str(root.parent))
    res = subprocess.run(
        [sys.executable, "-c", KEYS], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(res.stdout)


def test_swapping_two_shapes_rekeys_every_study_a_run_and_no_study_b_run(copy):
    """The stale-result case: class 0 drawn as a square and class 1 as a circle."""
    before = keys(copy)
    path = copy / "shape_color" / "names.py"
    text = path.read_text()
    line = next(x for x in text.splitlines() if x.startswith("SHAPES ="))
    names = line.split("(", 1)[1].split(",")
    swapped = (
        line.split("(", 1)[0]
        + "("
        + ",".join([names[1].strip(), " " + names[0].strip(), *names[2:]])
    )
    try:
        path.write_text(text.replace(line, swapped))
        after = keys(copy)
    finally:
        path.write_text(text)
    assert swapped != line
    assert before["shape_color"] and set(after["shape_color"]).isdisjoint(before["shape_color"])
    assert after["transfer"] == before["transfer"]
