"""The same config gives identical stored metrics across processes and fresh stores (CPU)."""

import json
import subprocess
import sys

import pytest

SCRIPT = """
import sys
from negresults.studies import get
from negresults.store import ResultStore
from negresults.executors import run_plan
study = get(sys.argv[1])
plan = study.plan(study.config(preset="smoke", device="cpu"))
last = plan[-1][0]  # the first task of the last stage, with the runs it needs
run = run_plan([list(last.needs or ()), [last]], ResultStore(sys.argv[2]), progress=False)[-1]
print(run.path)
"""


@pytest.mark.parametrize("study", ["shape_color", "transfer"])
def test_a_config_reproduces_bit_for_bit_in_a_fresh_process_and_store(study, tmp_path):
    paths = []
    for i in range(2):
        res = subprocess.run(
            [sys.executable, "-c", SCRIPT, study, str(tmp_path / f"store{i}")],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert res.returncode == 0, res.stderr[-3000:]
        paths.append(res.stdout.strip().splitlines()[-1])
    a, b = (json.loads(open(f"{p}/metrics.json").read()) for p in paths)
    assert a == b
    history = [open(f"{p}/history.csv").read() for p in paths]
    assert history[0] == history[1]
