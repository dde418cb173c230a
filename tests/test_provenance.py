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


def test_benchmark_table_shows_both_lightning_baselines_when_measured(tmp_path):
    path = tmp_path / "results.json"
    assert benchmark_table(path) is None
    loop = {
        "images_per_s": {"bare": 100.0, "library": 90.0, "lightning": 60.0},
        "library_over_bare": 0.9,
        "library_over_lightning": 1.5,
        "fraction_of_matmul_peak": 0.1,
    }
    meta = {"measured": "today", "machine": "m", "revision": "r", "command": "c"}
    path.write_text(json.dumps({**meta, "matmul_peak_gflops": 10.0, "loop_transfer": loop}))
    table, _ = benchmark_table(path)
    assert "transfer: Lightning Trainer, defaults (images/s)" not in table.index  # older file
    loop["images_per_s"]["lightning_defaults"] = 45.0
    loop["library_over_lightning_defaults"] = 2.0
    path.write_text(
        json.dumps({**meta, "matmul_peak_gflops": 10.0, "core_scaling": 1.7, "loop_transfer": loop})
    )
    table, _ = benchmark_table(path)
    assert table.loc["transfer: Lightning Trainer, defaults (images/s)", "value"] == "45"
    assert table.loc["transfer: loop / Lightning, defaults", "value"] == "2.00"
    assert table.loc["busy work, all cores / one core (ceiling of a pool)", "value"] == "1.70"
