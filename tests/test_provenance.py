"""The reproducibility page's tables read what the benchmark scripts wrote."""

import json

from negresults.provenance import benchmark_table, determinism_table


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
            "library_compiles": True,
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
