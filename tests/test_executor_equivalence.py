"""The same config gives the same stored numbers whatever executes it (issue 14, item 2).

Each study's smoke grid (one seed) is run into fresh stores by different
executors and worker counts; every run's ``metrics.json`` and ``history.csv``
must match byte for byte across the stores. Threads per run are part of the
config (so of the key), and each runner applies them itself: an executor, a
pool size or the machine's core count cannot change a number.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from negresults.config import ConfigError
from negresults.executors import run_tasks
from negresults.store import ResultStore
from negresults.studies import all_studies

RESULT_FILES = ("metrics.json", "history.csv")
# (executor, workers): one process against a pool of two. submitit's local jobs run the same
# _work in a fresh interpreter; tests/test_executors.py checks they fill the same store on
# toy tasks, so repeating the study grids there would cost CI a minute and test nothing new.
EXECUTIONS = [("inline", None), ("local", 2)]
# Grid cuts that keep every runner path (tuning, reported, unstable regime, a control)
# but drop arms that only repeat one: the test runs the grid once per execution.
CUTS = {
    "shape_color": {"ablations": ("frozen_linear",), "controls": ("colour_only",)},
    "transfer": {"shift_levels": ("fonts",), "pilot_seeds": (100,)},
}


def _files(root: Path) -> dict[str, bytes]:
    """run-relative path -> bytes, for the result files of every stored run."""
    out = {}
    for manifest in root.glob("**/MANIFEST.json"):
        run = manifest.parent
        for name in RESULT_FILES:
            if (run / name).exists():
                out[str((run / name).relative_to(root))] = (run / name).read_bytes()
    return out


@pytest.mark.slow
@pytest.mark.parametrize("study", all_studies(), ids=lambda s: s.name)
def test_stores_built_by_different_executors_match_byte_for_byte(study, tmp_path):
    # One seed where the study allows it (Study B's smoke Table 1 needs its own).
    cfg = study.config(preset="smoke", **CUTS.get(study.name, {}))
    try:
        cfg = cfg.replace(seeds=cfg.seeds[:1])
    except ConfigError:
        pass
    plan = study.plan(cfg)
    stores = {}
    for executor, workers in EXECUTIONS:
        root = tmp_path / f"{executor}-{workers}"
        report = run_tasks(
            plan, ResultStore(root), executor=executor, workers=workers, progress=False
        )
        assert not report.failed, report.failed
        stores[(executor, workers)] = _files(root)
    reference = stores[("inline", None)]
    n_runs = sum(len(stage) for stage in plan)
    # Exactly the planned runs, the count `sweep --dry-run` prints: runners are
    # pure, so no run reaches the store that the plan does not list.
    assert len([p for p in reference if p.endswith("metrics.json")]) == n_runs
    for execution, files in stores.items():
        assert files.keys() == reference.keys(), execution  # same keys: same configs
        differ = [p for p in reference if files[p] != reference[p]]
        assert not differ, f"{execution} differs from inline in {differ[:3]}"
