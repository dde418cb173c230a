"""One run: build data and model, train epoch by epoch, evaluate, probe.

``train_one_epoch``, ``evaluate`` and ``fit`` are kept apart (as in
torchvision's classification reference); :func:`run_task` is the entry point
the sweep executors call with a run config from :func:`..plan.task_config`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from typing import Any

import numpy as np
import torch
from torch import nn
from tqdm.auto import tqdm

from negresults.devices import configure_backends, seed_everything
from negresults.shape_color.compute.data import DeviceRenderer, StudyData, make_data
from negresults.shape_color.compute.metrics import accuracy, pair_metrics
from negresults.shape_color.compute.model import build_model, count_parameters, mixer_parameters
from negresults.shape_color.compute.probe import colour_probe, features
from negresults.shape_color.config import ShapeColorConfig
from negresults.store import ResultStore, RunOutput
from negresults.training import predict, run_threads, train_step
from negresults.training import rng as training_rng

HISTORY_METRICS = (
    "shape_acc",
    "colour_acc",
    "critical_colour_acc",
    "seen_acc",
    "unseen_acc",
    "hm",
    "best_hm",
    "auc",
)
EVAL_BATCH = 512


def hue_shift(pressure: str, n: int, jitter: float, rng: np.random.Generator) -> np.ndarray | None:
    """The colour-pressure augmentation for a batch of ``n`` training images."""
    if pressure == "none":
        return None
    if pressure == "hue_jitter":
        return rng.uniform(-jitter, jitter, n)
    raise ValueError(f"unknown colour pressure {pressure!r}")


def warmup_cosine(steps: int, warmup_fraction: float = 0.1):
    """Linear warm-up then cosine decay to zero, as a multiplier of the base rate."""
    warmup = max(1, round(warmup_fraction * steps))

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return 0.5 * (1 + math.cos(math.pi * min(1.0, (step - warmup) / max(1, steps - warmup))))

    return factor


def train_one_epoch(
    model: nn.Module,
    data: StudyData,
    optimiser: torch.optim.Optimizer,
    scheduler: torch.optim.lr_scheduler.LRScheduler,
    cfg: Mapping[str, Any],
    rng: np.random.Generator,
    device: str,
    renderer: DeviceRenderer | None = None,
) -> float:
    """One pass over the training set in a seeded order; returns the mean loss.

    With a ``renderer`` the images are drawn on the device (the GPU path);
    without one, on the CPU from ``rng`` (the bit-for-bit reproducible path).
    """
    model.train()
    train = data.train
    order = rng.permutation(len(train))
    ce = nn.CrossEntropyLoss()

    def loss_fn(outputs, targets):
        (shape_logits, colour_logits), (shape, colour) = outputs, targets
        return ce(shape_logits, shape) + ce(colour_logits, colour)

    labels = {
        "shape": torch.from_numpy(train.shape).to(device),
        "colour": torch.from_numpy(train.colour).to(device),
    }
    total, count = 0.0, 0
    for start in range(0, len(order), cfg["batch_size"]):
        idx = order[start : start + cfg["batch_size"]]
        shift = hue_shift(cfg["colour_pressure"], len(idx), cfg["hue_jitter_degrees"], rng)
        if renderer is None:
            images = train.render(idx, hue_shift=shift, rng=rng).to(device)
        else:
            images = renderer.render(idx, hue_shift=shift)
        index = torch.from_numpy(idx).to(device)
        targets = (labels["shape"][index], labels["colour"][index])
        loss = train_step(model, optimiser, images, targets, loss_fn, device, cfg["precision"])
        scheduler.step()
        total += float(loss) * len(idx)
        count += len(idx)
    return total / max(count, 1)


def evaluate(
    model: nn.Module, data: StudyData, device: str, precision: str = "fp32"
) -> dict[str, float]:
    """Every per-epoch metric on the test set (all pairs) and the colour-critical benchmark."""
    test, critical = data.test, data.critical
    shape_logits, colour_logits = predict(
        model, data.test_images, device, batch_size=EVAL_BATCH, precision=precision
    )
    _, critical_colour_logits = predict(
        model, data.critical_images, device, batch_size=EVAL_BATCH, precision=precision
    )
    return {
        "shape_acc": accuracy(shape_logits, test.shape),
        "colour_acc": accuracy(colour_logits, test.colour),
        "critical_colour_acc": accuracy(critical_colour_logits, critical.colour),
        **pair_metrics(shape_logits, colour_logits, test.shape, test.colour, data.held_out),
    }


def fit(cfg: Mapping[str, Any], progress: bool = False) -> tuple[nn.Module, StudyData, RunOutput]:
    """Train one run config; return the model, its data and what the store keeps."""
    seed, device = cfg["seed"], cfg["device"]
    precision = cfg["precision"]
    configure_backends(device)
    data = make_data(ShapeColorConfig(**_data_fields(cfg)), seed)
    if device_rendering(device):
        # Evaluation images are fixed: move them once, not every epoch.
        data.test_images = data.test_images.to(device)
        data.critical_images = data.critical_images.to(device)
        renderer = DeviceRenderer(data.train, device, seed)
    else:
        renderer = None
    seed_everything(seed)
    model = build_model(cfg).to(device)
    params = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=cfg["lr"], weight_decay=cfg["weight_decay"])
    steps = cfg["epochs"] * -(-len(data.train) // cfg["batch_size"])
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, warmup_cosine(steps))
    rng = training_rng(seed, "order")
    history = [{"epoch": 0, "loss": float("nan"), **evaluate(model, data, device, precision)}]
    t0 = time.perf_counter()
    for epoch in tqdm(
        range(1, cfg["epochs"] + 1), desc="epochs", leave=False, disable=not progress
    ):
        loss = train_one_epoch(model, data, optimiser, scheduler, cfg, rng, device, renderer)
        history.append({"epoch": epoch, "loss": loss, **evaluate(model, data, device, precision)})
    train_seconds = time.perf_counter() - t0

    # The probe reads clean training images (class-centre hues), whatever the pressure.
    train_images = data.train.render(rng=training_rng(seed, "probe_render"))
    probe = colour_probe(
        features(model, train_images, device),
        data.train.colour,
        {
            "probe_colour_acc": (features(model, data.test_images, device), data.test.colour),
            "probe_critical_acc": (
                features(model, data.critical_images, device),
                data.critical.colour,
            ),
        },
        c=cfg["probe_c"],
        seed=seed,
    )
    metrics = {
        **{k: history[-1][k] for k in HISTORY_METRICS},
        **probe,
        "final_loss": history[-1]["loss"],
        "n_params": count_parameters(model),
        "n_trainable": count_parameters(model, trainable_only=True),
        "n_mixer_params": mixer_parameters(model),
        "n_train_images": len(data.train),
    }
    # Wall time varies between identical runs, so it is kept out of the metrics
    # (which must reproduce bit for bit) and stored as a run fact instead.
    info = {"train_seconds": train_seconds, "device": device, "torch": torch.__version__}
    return model, data, RunOutput(metrics=metrics, history=history, info=info)


def device_rendering(device: str) -> bool:
    """Draw training images on the device? Only on a GPU: the CPU path stays NumPy's."""
    return device.startswith("cuda")


def _data_fields(cfg: Mapping[str, Any]) -> dict[str, Any]:
    fields = ShapeColorConfig.__dataclass_fields__
    return {k: v for k, v in cfg.items() if k in fields and k not in ("colour_pressure", "device")}


def run_task(config: Mapping[str, Any], store: ResultStore) -> RunOutput:
    """Entry point of ``Task(runner="negresults.shape_color.compute.train:run_task")``.

    The run executes under its config's thread budget, whichever executor calls it.
    """
    del store  # a run needs nothing else from the store
    with run_threads(config):
        return fit(config)[2]
