"""Run keys change exactly when code that could change a number changes.

Each case edits one file in a temporary copy of the package and compares the
keys of both studies' smoke plans, computed in a fresh interpreter that
imports the copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from negresults.codeversion import SHARED_COMPUTE

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "negresults"

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


def keys(src: Path) -> dict[str, list[str]]:
    env = dict(os.environ, PYTHONPATH=str(src))
    res = subprocess.run(
        [sys.executable, "-c", KEYS], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(res.stdout)


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("copy") / "src"
    shutil.copytree(PACKAGE, src / "negresults", ignore=shutil.ignore_patterns("__pycache__"))
    return src


@pytest.fixture(scope="module")
def original(copy) -> dict[str, list[str]]:
    found = keys(copy)
    assert found["shape_color"] and found["transfer"]
    return found


def edited(copy: Path, relative: str) -> dict[str, list[str]]:
    path = copy / "negresults" / relative
    before = path.read_text()
    path.write_text(before + "\n# an edit\n")
    try:
        return keys(copy)
    finally:
        path.write_text(before)


@pytest.mark.parametrize(
    "relative",
    [
        "shape_color/report/figures.py",
        "transfer/report/tables.py",
        "reporting.py",
        "verdicts.py",
        "cli.py",
    ],
)
def test_editing_report_code_keeps_every_key(copy, original, relative):
    assert edited(copy, relative) == original


@pytest.mark.parametrize(
    "relative, changed",
    [("shape_color/compute/model.py", "shape_color"), ("transfer/compute/model.py", "transfer")],
)
def test_editing_a_studys_compute_code_rekeys_that_study_only(copy, original, relative, changed):
    after = edited(copy, relative)
    for name, before in original.items():
        if name == changed:
            assert set(after[name]).isdisjoint(before), name
        else:
            assert after[name] == before, name


@pytest.mark.parametrize("shared", SHARED_COMPUTE)
def test_editing_shared_compute_code_rekeys_both_studies(copy, original, shared):
    after = edited(copy, shared)
    for name, before in original.items():
        assert set(after[name]).isdisjoint(before), name
