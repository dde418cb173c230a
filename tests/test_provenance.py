"""The reproducibility page's tables read what the benchmark scripts wrote."""

import json

from negresults.provenance import (
    benchmark_table,
    determinism_table,
    gpu_determinism,
    gpu_tolerance,
)


def _runs(diffs):
    return {
        f"run{i}": {
            "metrics_compared": 3,
            "max_abs_metric_diff": d,
            "history_values_compared": 4,
            "max_abs_history_diff": d / 2,
            "identical": d == 0.0,
        }
        for i, d in enumerate(diffs)
    }


def test_determinism_table_summarises_each_device_and_study(tmp_path):
    path = tmp_path / "determinism.json"
    assert determinism_table(path) is None
    common = {"measured": "today", "revision": "abc"}
    path.write_text(
        json.dumps(
            {
                "cpu": {
                    **common,
                    "precision": "fp32",
                    "transfer": _runs([0.0, 0.0]),
                    "transfer_compiled_vs_eager": _runs([0.0, 0.75]),
                },
                "cuda": {
                    **common,
                    "precision": "bf16",
                    "gpu": "Some GPU",
                    "transfer": _runs([0.0, 0.25, 0.5]),
                    "shape_color": _runs([0.125]),
                },
            }
        )
    )
    t, measured = determinism_table(path)
    t = t.set_index(["device", "study", "comparison"])
    assert measured == {"cpu": "today at revision abc", "Some GPU": "today at revision abc"}
    twice, compiled = "same config twice", "compiled vs eager"
    assert list(t.index) == [
        ("cpu", "transfer", twice),
        ("cpu", "transfer", compiled),
        ("Some GPU", "shape_color", twice),
        ("Some GPU", "transfer", twice),
    ]
    gpu = t.loc[("Some GPU", "transfer", twice)]
    assert (gpu["runs compared"], gpu["identical"]) == (3, 1)
    assert gpu["max |diff|, metrics"] == 0.5 and gpu["max |diff|, curves"] == 0.25
    assert t.loc[("cpu", "transfer", twice), "identical"] == 2
    assert t.loc[("cpu", "transfer", compiled), "max |diff|, metrics"] == 0.75


def test_benchmark_table_has_a_column_per_study_and_ignores_old_layouts(tmp_path):
    path = tmp_path / "results.json"
    assert benchmark_table(path) is None
    meta = {"measured": "today", "machine": "m", "revision": "r", "command": "c"}
    path.write_text(json.dumps({**meta, "matmul_peak_gflops": 10.0, "loop_transfer": {}}))
    assert benchmark_table(path) is None  # the layout before per-study sections

    def study(library, payback):
        return {
            **_loops(library),
            "library_compiles": True,
            "fraction_of_matmul_peak": 0.25,
            "compile_seconds_cold": 30.0,
            "compile_seconds_warm": 3.0,
            "run_seconds_eager": 60.0,
            "run_seconds_compiled": 40.0,
            "payback_runs": payback,
            "pool": {"speedup": 1.8, "speedup_over_ceiling": 0.95},
        }

    path.write_text(
        json.dumps(
            {
                **meta,
                "matmul_peak_gflops": 10.0,
                "core_scaling": 1.9,
                "studies": {"shape_color": study(160.0, 3), "transfer": study(120.0, None)},
                "book": {"install_s": 100.0, "cold_total_s": 900.0},
            }
        )
    )
    table, got = benchmark_table(path)
    assert got == meta
    assert list(table.columns) == ["shape_color", "transfer"]
    row = "our loop, compiled + fused AdamW (images/s)"
    assert table.loc[row].tolist() == ["160", "120"]
    assert table.loc["runs until compiling pays back"].tolist() == ["3", "never"]
    assert table.loc["cold make book: cold total (s)", "shape_color"] == "900"


def _loops(library):
    return {
        "library_compiles": False,
        "images_per_s": {
            "library": library,
            "bare_eager": 100.0,
            "bare_compiled": 150.0,
            "lightning_defaults": 90.0,
            "lightning_compiled": 140.0,
        },
        "library_over_bare_eager": library / 100,
        "library_over_lightning_defaults": library / 90,
        "library_over_lightning_compiled": library / 140,
        "fraction_of_matmul_peak": 0.004,
    }


def test_a_gpus_figures_stand_beside_the_cpus_with_its_torch_version(tmp_path):
    path = tmp_path / "results.json"
    meta = {"measured": "today", "machine": "m", "revision": "r", "command": "c"}
    cpu = {**_loops(300.0), "compile_seconds_cold": 30.0, "compile_seconds_warm": 3.0}
    cpu.update(run_seconds_eager=6.0, run_seconds_compiled=4.0, payback_runs=2)
    gpu = {
        **meta,
        "gpu": "Some GPU",
        "torch": "2.11.0",
        "matmul_peak_gflops": 790_000.0,
        "studies": {"transfer": _loops(50_000.0)},
        "seeds_at_once": {
            "transfer": {
                "alone_images_per_s": 40_000.0,
                "stacked_over_alone": {"1": 0.9, "8": 6.5, "64": 30.0},
            }
        },
    }
    path.write_text(
        json.dumps(
            {
                **meta,
                "matmul_peak_gflops": 10.0,
                "core_scaling": 1.9,
                "studies": {"transfer": cpu},
                "gpu": gpu,
            }
        )
    )
    table, got = benchmark_table(path)
    assert list(table.columns) == ["transfer", "transfer on the GPU"]
    assert got["gpu"]["gpu"] == "Some GPU" and got["gpu"]["torch"] == "2.11.0"
    row = "our loop, eager + fused AdamW (images/s)"
    assert table.loc[row].tolist() == ["300", "50000"]
    assert table.loc["share of the matmul peak (CPU: one thread, fp32; GPU: bf16)"].tolist() == [
        "0.4%",
        "0.4%",
    ]
    assert table.loc["64 seeds at once (vmap) / one alone, images/s", "transfer on the GPU"] == (
        "30.00"
    )
    assert table.loc["matmul peak, bf16 (TFLOP/s)"].tolist() == ["", "790"]
    # What the GPU does not time (compile cost) is left empty, never made up.
    assert table.loc["compile, empty cache (s)"].tolist() == ["30.0", ""]


def test_a_gpus_two_runs_are_judged_against_what_compiling_moves_the_cpus(tmp_path):
    path = tmp_path / "determinism.json"
    assert gpu_tolerance(path) is None and gpu_determinism(path) == []
    common = {"measured": "today", "revision": "abc"}
    cpu = {**common, "precision": "fp32", "shape_color": _runs([0.0])}
    cpu["shape_color_compiled_vs_eager"] = _runs([3.0, 1.0])
    gpu = {**common, "precision": "bf16", "gpu": "Some GPU", "torch": "2.11.0"}
    gpu.update(shape_color=_runs([0.0, 2.0]), transfer=_runs([0.5]))
    path.write_text(json.dumps({"cpu": cpu, "cuda": gpu}))
    assert gpu_tolerance(path) == {"metrics": 3.0, "curves": 1.5}
    (g,) = gpu_determinism(path)
    assert (g["device"], g["torch"], g["runs"], g["identical"]) == ("Some GPU", "2.11.0", 3, 1)
    assert (g["metrics"], g["curves"], g["within"]) == (2.0, 1.0, True)
    gpu["transfer"] = _runs([4.0])  # a metric moved further than compiling ever moved one
    path.write_text(json.dumps({"cpu": cpu, "cuda": gpu}))
    assert gpu_determinism(path)[0]["within"] is False
    _, measured = determinism_table(path)
    assert measured["Some GPU"] == "today at revision abc, torch 2.11.0"


def test_the_recorded_gpu_rows_name_their_gpu_and_hold_numbers_within_the_tolerance():
    """The tracked files: whatever GPU they record was measured, not refused or made up."""
    import math
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    det = json.loads((root / "benchmarks" / "determinism.json").read_text())
    bench = json.loads((root / "benchmarks" / "results.json").read_text()).get("gpu")
    gpus = gpu_determinism(root / "benchmarks" / "determinism.json")
    if "cuda" not in det and bench is None:
        # No GPU measured yet (benchmarks/gpu_check.sh): then none is shown either.
        assert gpus == [] and gpu_tolerance(root / "benchmarks" / "determinism.json") is not None
        return
    if "cuda" in det:
        assert det["cuda"]["gpu"] not in ("", "cuda", "cpu") and det["cuda"]["torch"]
        (g,) = gpus
        assert math.isfinite(g["metrics"]) and math.isfinite(g["curves"]) and g["runs"] > 0
        assert g["within"] is True, g
    if bench is not None:
        assert bench["gpu"] and bench["torch"] and bench["device"] == "cuda"
        for v in bench.get("studies", {}).values():
            assert all(x > 0 and math.isfinite(x) for x in v["images_per_s"].values())
            assert 0 < v["fraction_of_matmul_peak"] < 1
        for v in bench.get("seeds_at_once", {}).values():
            assert set(v["stacked_over_alone"]) >= {"1", "8", "64"}


def test_code_since_finds_the_commit_where_the_keyed_code_took_its_present_form(
    tmp_path, monkeypatch, git
):
    """A docstring edit moves no key, so it moves no date; a code edit does; an uncommitted
    edit has no commit at all."""
    from negresults import provenance, runkeys

    module = tmp_path / "model.py"

    def commit(text):
        module.write_text(text)
        git("add", "model.py")
        git("commit", "-q", "-m", "edit")
        return git("rev-parse", "HEAD")

    commit("def width():\n    return 4\n")
    changed = commit("def width():\n    return 8\n")
    commit('def width():\n    """How wide."""\n    return 8\n')
    monkeypatch.setattr(provenance, "find_repo_root", lambda: tmp_path)
    monkeypatch.setattr(runkeys, "closure", lambda study: ({"model": module}, set()))
    found = provenance.code_since("toy")
    assert found is not None and found[0] == changed
    assert found[1] == int(git("show", "-s", "--format=%ct", changed))

    module.write_text("def width():\n    return 16\n")  # not committed
    assert provenance.code_since("toy") is None
    monkeypatch.setattr(provenance, "find_repo_root", lambda: None)
    assert provenance.code_since("toy") is None
