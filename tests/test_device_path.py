"""The gpu preset's path, piece by piece: on the CPU always, and on CUDA where there is one.

Every test takes a ``device``: ``cpu`` runs everywhere (CI included), ``cuda``
only on a machine with a GPU (``benchmarks/gpu_check.sh`` runs this module
there). On the CPU bf16 autocast is a no-op (``negresults.devices.amp_dtype``),
so the CPU case checks the plumbing (where data, weights and outputs live,
what comes back to the host); the CUDA case checks the same on the GPU, in
bf16. Study A's GPU data path (training images drawn on the device) is forced
on for the CPU case, so it runs here too.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from negresults.devices import autocast, configure_backends
from negresults.store import ResultStore
from negresults.studies import get
from negresults.tasks import execute
from negresults.training import adamw, predict, train_step

ROOT = Path(__file__).resolve().parents[1]
CUDA = torch.cuda.is_available()
DEVICES = [
    "cpu",
    pytest.param("cuda", marks=pytest.mark.skipif(not CUDA, reason="no CUDA device here")),
]


@pytest.fixture(params=DEVICES)
def device(request):
    configure_backends(request.param)  # the gpu preset's TF32 and cuDNN autotuning
    return request.param


def small_net() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 8 * 8, 3)
    )


def test_a_bf16_step_trains_on_the_device_and_keeps_fp32_weights(device):
    model = small_net().to(device)
    opt = adamw(model.parameters(), 1e-2, 0.0, device)
    x = torch.randn(32, 1, 8, 8, device=device)
    y = torch.randint(0, 3, (32,), device=device)
    losses = [
        float(train_step(model, opt, x, y, F.cross_entropy, device, "bf16")) for _ in range(30)
    ]
    assert all(math.isfinite(v) for v in losses) and losses[-1] < 0.5 * losses[0]
    assert all(p.dtype == torch.float32 and p.device.type == device for p in model.parameters())
    with autocast(device, "bf16"):
        out = model(x)
    # bf16 where the preset asks for it on CUDA; the CPU path never changes.
    assert out.dtype == (torch.bfloat16 if device == "cuda" else torch.float32)


def test_predict_brings_fp32_outputs_back_to_the_host_in_batches(device):
    model = small_net().to(device)
    x = torch.randn(23, 1, 8, 8)  # on the host: predict moves each batch
    out = predict(model, x, device, batch_size=5, precision="bf16")
    assert out.device.type == "cpu" and out.dtype == torch.float32 and out.shape == (23, 3)
    with torch.no_grad():
        reference = model.cpu()(x)
    # bf16 keeps 8 bits of mantissa: logits of this size agree to a few hundredths.
    tol = 0.05 if device == "cuda" else 1e-6
    torch.testing.assert_close(out, reference, atol=tol, rtol=tol)


def test_the_device_renderer_draws_the_numpy_images_on_the_device(device):
    from negresults.shape_color.compute.data import DeviceRenderer, make_data

    cfg = get("shape_color").config(preset="smoke", noise_std=0.0)
    data = make_data(cfg, seed=3).train
    index = np.array([5, 0, 17, 3])
    shift = np.array([10.0, -44.0, 0.0, 359.0])
    drawn = DeviceRenderer(data, device, seed=0).render(index, hue_shift=shift)
    assert drawn.device.type == device and drawn.dtype == torch.float32
    torch.testing.assert_close(drawn.cpu(), data.render(index, hue_shift=shift), atol=1e-5, rtol=0)


def _chosen(study: str, device: str, labels: tuple[str, ...]):
    """The smoke preset's tasks whose label starts with one of ``labels``, first seed, in plan
    order, with every task they read (so each finds its inputs stored)."""
    s = get(study)
    cfg = s.config(preset="smoke", device=device, precision="bf16")
    tasks = [t for stage in s.plan(cfg) for t in stage]
    wanted = {}
    for label in labels:
        t = next(t for t in tasks if t.label.startswith(label))
        wanted[t.key] = t
    todo = list(wanted.values())
    while todo:
        for need in todo.pop().needs or ():
            if need.key not in wanted:
                wanted[need.key] = need
                todo.append(need)
    return [t for t in tasks if t.key in wanted]


STAGES = {
    # A tuning run, a trained run and a stability run (dense monitor) of Study A.
    "shape_color": ("tune/baseline", "baseline/none", "stability/baseline"),
    # Pretraining, scratch, fine-tuning, LP-FT's probe stage and a frozen backbone's head.
    "transfer": ("scratch/", "lpft/", "linear_probe/", "frozen_head/"),
}


@pytest.mark.parametrize("study", sorted(STAGES))
def test_each_kind_of_run_trains_and_stores_on_the_device(study, device, tmp_path, monkeypatch):
    if study == "shape_color" and device == "cpu":
        # The GPU's data path (images drawn on the device, evaluation sets kept there),
        # which the CPU never takes by itself.
        from negresults.shape_color.compute import train

        monkeypatch.setattr(train, "device_rendering", lambda device: True)
    store = ResultStore(tmp_path)
    tasks = _chosen(study, device, STAGES[study])
    assert len(tasks) >= len(STAGES[study])
    for task in tasks:
        run = execute(task, store)
        assert run.config["device"] == device and run.config["precision"] == "bf16"
        metrics = run.metrics
        numbers = [v for v in metrics.values() if isinstance(v, float)]
        assert numbers and all(math.isfinite(v) for v in numbers if not math.isnan(v)), task.label


def test_k_seeds_at_once_are_timed_against_one_model_alone(device):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench

    r = bench.seeds_at_once("transfer", "smoke", device, "bf16", ks=(1, 2), steps=2, repeats=1)
    assert set(r["stacked_over_alone"]) == {"1", "2"}
    assert r["alone_images_per_s"] > 0 and all(v > 0 for v in r["stacked_over_alone"].values())
    assert r["vmap_fallbacks"] == []  # every layer of the model has a vmap batching rule


def test_record_gpu_adds_the_gpus_figures_beside_the_cpus_and_refuses_refusals(
    tmp_path, monkeypatch
):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import record_gpu

    det, res, out = tmp_path / "determinism.json", tmp_path / "results.json", tmp_path / "out"
    det.write_text(json.dumps({"cpu": {"measured": "then"}}))
    res.write_text(json.dumps({"measured": "then", "studies": {"transfer": {}}}))
    for name, value in (("ROOT", tmp_path), ("DETERMINISM", det), ("RESULTS", res)):
        monkeypatch.setattr(record_gpu, name, value)
    out.mkdir()
    monkeypatch.setattr(sys, "argv", ["record_gpu.py", str(out)])
    with pytest.raises(SystemExit, match="nothing measured on a GPU"):
        record_gpu.main()  # a rehearsal's folder: refusals, no numbers
    one_run = {"max_abs_metric_diff": 0.0, "max_abs_history_diff": 0.0, "identical": True}
    unknown = "unknown (not a git checkout)"
    entry = {"gpu": "Some GPU", "revision": unknown, "transfer": {"r": one_run}}
    (out / "determinism.json").write_text(json.dumps({"cuda": entry}))
    bench = {"gpu": "Some GPU", "device": "cuda", "command": "b", "studies": {"transfer": {}}}
    (out / "bench.json").write_text(json.dumps(bench))
    seeds = {"gpu": "Some GPU", "command": "s", "seeds_at_once": {"transfer": {"k": 1}}}
    (out / "seeds.json").write_text(json.dumps(seeds))
    monkeypatch.setattr(sys, "argv", ["record_gpu.py", str(out), "--revision", "abc"])
    record_gpu.main()
    recorded = json.loads(det.read_text())
    assert recorded["cpu"] == {"measured": "then"} and recorded["cuda"]["revision"] == "abc"
    results = json.loads(res.read_text())
    assert results["studies"] == {"transfer": {}} and results["measured"] == "then"
    assert results["gpu"]["studies"] == {"transfer": {}}
    assert results["gpu"]["seeds_at_once"] == {"transfer": {"k": 1}}
