"""One run: build data and model, train epoch by epoch on validation curves, test once, probe.

``train_one_epoch``, ``evaluate`` and ``fit`` are kept apart (as in
torchvision's classification reference); the entry points the plan names are
in :mod:`.runners`.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import torch
from torch import nn
from tqdm.auto import tqdm

from negresults.compilation import compile_model, why_not_compile
from negresults.devices import configure_backends, seed_everything
from negresults.runners import RunOutput
from negresults.shape_color.compute.data import (
    DataSpec,
    DeviceRenderer,
    ShapeColorSet,
    StudyData,
    class_hues,
    make_data,
)
from negresults.shape_color.compute.metrics import accuracy, pair_metrics
from negresults.shape_color.compute.model import (
    build_model,
    count_parameters,
    mixer_parameters,
    trained_heads,
)
from negresults.shape_color.compute.monitor import DenseMonitor
from negresults.shape_color.compute.probe import LAYERS, features, hue_regression, linear_probe
from negresults.training import adamw, predict, train_step
from negresults.training import rng as training_rng

# Per-epoch curves, all on the validation split (the test split is read once, at the end).
HISTORY_METRICS = (
    "shape_acc",
    "colour_acc",
    "critical_colour_acc",
    "shape_seen_acc",
    "colour_seen_acc",
)
EVAL_BATCH = 512
PROBE_IMAGES = 2048  # training images the linear probes are fit on (a seeded subset)
SPIKE_WINDOW = 20  # steps: a loss spike is a step loss above SPIKE_FACTOR x their median
SPIKE_FACTOR = 2.0


def hue_shift(jitter: float, n: int, rng: np.random.Generator) -> np.ndarray | None:
    """The colour-pressure augmentation: each training hue moved by up to +-``jitter`` degrees."""
    return None if jitter <= 0 else rng.uniform(-jitter, jitter, n)


def lr_schedule(steps: int, warmup_fraction: float):
    """Linear warm-up (none at fraction 0) then cosine decay to zero, as a rate multiplier."""
    warmup = round(warmup_fraction * steps)

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return 0.5 * (1 + math.cos(math.pi * min(1.0, (step - warmup) / max(1, steps - warmup))))

    return factor


def make_optimiser(model: nn.Module, cfg: Mapping[str, Any], lr: float, steps: int):
    """The one place the optimiser and its schedule are built: AdamW on the trained parameters."""
    params = [p for p in model.parameters() if p.requires_grad]
    optimiser = adamw(params, lr, cfg["weight_decay"], cfg["device"])
    warmup = cfg["warmup_fraction"] if cfg["regime"] == "standard" else 0.0
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, lr_schedule(steps, warmup))
    return optimiser, scheduler


def head_loss(heads: tuple[str, ...]):
    """Cross-entropy summed over the trained heads (one head for the single-attribute controls)."""
    ce = nn.CrossEntropyLoss()

    def loss_fn(outputs, targets):
        (shape_logits, colour_logits), (shape, colour) = outputs, targets
        loss = 0.0
        if "shape" in heads:
            loss = loss + ce(shape_logits, shape)
        if "colour" in heads:
            loss = loss + ce(colour_logits, colour)
        return loss

    return loss_fn


def train_one_epoch(
    model: nn.Module,
    data: StudyData,
    optimiser: torch.optim.Optimizer,
    scheduler: torch.optim.lr_scheduler.LRScheduler,
    cfg: Mapping[str, Any],
    rng: np.random.Generator,
    device: str,
    renderer: DeviceRenderer | None = None,
    on_step=None,
) -> list[float]:
    """One pass over the training set in a seeded order; returns every step's loss.

    With a ``renderer`` the images are drawn on the device (the GPU path);
    without one, on the CPU from ``rng`` (the bit-for-bit reproducible path).
    ``on_step(loss)``, when given, runs after every optimiser step, while the
    step's gradients are still in place (the dense monitor reads them).
    """
    model.train()
    train = data.train
    order = rng.permutation(len(train))
    loss_fn = head_loss(trained_heads(cfg["variant"]))
    labels = {
        "shape": torch.from_numpy(train.shape).to(device),
        "colour": torch.from_numpy(train.colour).to(device),
    }
    losses = []
    for start in range(0, len(order), cfg["batch_size"]):
        idx = order[start : start + cfg["batch_size"]]
        shift = hue_shift(cfg["jitter"], len(idx), rng)
        if renderer is None:
            images = train.render(idx, hue_shift=shift, rng=rng).to(device)
        else:
            images = renderer.render(idx, hue_shift=shift)
        index = torch.from_numpy(idx).to(device)
        targets = (labels["shape"][index], labels["colour"][index])
        loss = train_step(model, optimiser, images, targets, loss_fn, device, cfg["precision"])
        scheduler.step()
        losses.append(float(loss))
        if on_step is not None:
            on_step(losses[-1])
    return losses


def _accuracies(
    model: nn.Module,
    images: torch.Tensor,
    critical_images: torch.Tensor,
    labels: ShapeColorSet,
    critical: ShapeColorSet,
    held_out: np.ndarray,
    device: str,
    precision: str,
    bias: float | None = None,
) -> dict[str, float]:
    shape_logits, colour_logits = predict(
        model, images, device, batch_size=EVAL_BATCH, precision=precision
    )
    _, critical_logits = predict(
        model, critical_images, device, batch_size=EVAL_BATCH, precision=precision
    )
    seen = ~held_out[labels.shape, labels.colour]
    sp = shape_logits.argmax(1).cpu().numpy() == labels.shape
    cp = colour_logits.argmax(1).cpu().numpy() == labels.colour
    return {
        "shape_acc": accuracy(shape_logits, labels.shape),
        "colour_acc": accuracy(colour_logits, labels.colour),
        "critical_colour_acc": accuracy(critical_logits, critical.colour),
        "shape_seen_acc": 100 * float(sp[seen].mean()),
        "colour_seen_acc": 100 * float(cp[seen].mean()),
        "shape_unseen_acc": 100 * float(sp[~seen].mean()) if (~seen).any() else float("nan"),
        "colour_unseen_acc": 100 * float(cp[~seen].mean()) if (~seen).any() else float("nan"),
        **pair_metrics(shape_logits, colour_logits, labels.shape, labels.colour, held_out, bias),
    }


def _split_accuracies(
    model: nn.Module,
    data: StudyData,
    split: str,
    device: str,
    precision: str,
    bias: float | None = None,
) -> dict[str, float]:
    """:func:`_accuracies` on one split: ``"val"`` (with its own colour-critical
    images) or ``"test"`` (with the colour-critical benchmark)."""
    if split == "val":
        sets = (data.val_images, data.val_critical_images, data.val, data.val_critical)
    else:
        sets = (data.test_images, data.critical_images, data.test, data.critical)
    return _accuracies(model, *sets, data.held_out, device, precision, bias=bias)


def evaluate(
    model: nn.Module, data: StudyData, device: str, precision: str = "fp32"
) -> dict[str, float]:
    """The per-epoch curve values, on the validation split."""
    out = _split_accuracies(model, data, "val", device, precision)
    return {k: out[k] for k in HISTORY_METRICS}


def test_metrics(
    model: nn.Module, data: StudyData, device: str, precision: str = "fp32"
) -> dict[str, float]:
    """Every final metric on the test split and the colour-critical benchmark (read once).

    The zero-shot calibration bias is chosen on the validation split (the bias
    of its best harmonic mean) and only then applied to test.
    """
    val = _split_accuracies(model, data, "val", device, precision)
    return _split_accuracies(model, data, "test", device, precision, bias=val["best_bias"])


def recoloured_shape(
    model: nn.Module, data: StudyData, seed: int, device: str, precision: str = "fp32"
) -> dict[str, float]:
    """Shape accuracy when every test object is repainted in every class hue in turn.

    The object, its position and its noise stay; only the hue moves. Shape
    accuracy on repaintings into a colour the shape was trained with, against
    a colour it never was, says how much the shape head reads colour.
    """
    test, n = data.test, data.held_out.shape[1]
    hues = class_hues(n)
    correct = np.zeros((len(test), n), dtype=bool)
    for h in range(n):
        images = test.render(hue_shift=hues[h] - test.hue, rng=training_rng(seed, "recolour", h))
        logits, _ = predict(model, images, device, batch_size=EVAL_BATCH, precision=precision)
        correct[:, h] = logits.argmax(1).cpu().numpy() == test.shape
    unseen = data.held_out[test.shape]  # (N, n): True where (shape, hue h) was never trained
    return {
        "recoloured_shape_seen_acc": 100 * float(correct[~unseen].mean()),
        "recoloured_shape_unseen_acc": 100 * float(correct[unseen].mean()),
    }


def probes(
    model: nn.Module, init_model: nn.Module, data: StudyData, seed: int, device: str, c: float
) -> dict[str, float]:
    """Linear probes on trained and on random-init features, at two layers.

    Colour and shape probes are fit on training images; the colour probe is
    also tested on the off-centre hues of the colour-critical benchmark, which
    it never saw. The hue probe regresses each object's hue offset from its
    class centre (drawn uniformly across the class), a target no head was
    trained on; its images are rendered for the probe, train and test apart.
    Every colour-critical and hue probe result is in degrees or percent, as named.
    """
    pick = training_rng(seed, "probe_pick")
    idx = np.sort(pick.permutation(len(data.train))[:PROBE_IMAGES])
    train_images = data.train.render(idx, rng=training_rng(seed, "probe_render"))
    half = 180.0 / data.held_out.shape[1]  # half a class spacing, in degrees
    offsets = training_rng(seed, "hue_offsets")
    train_offset = offsets.uniform(-half, half, len(idx))
    test_offset = offsets.uniform(-half, half, len(data.test))
    hue_train = data.train.render(
        idx, hue_shift=train_offset, rng=training_rng(seed, "hue_train_render")
    )
    hue_test = data.test.render(hue_shift=test_offset, rng=training_rng(seed, "hue_test_render"))
    out = {}
    for prefix, net in (("probe", model), ("init_probe", init_model)):
        for layer in LAYERS:
            tag = prefix if layer == "pooled" else f"{prefix}_mid"
            f_train = features(net, train_images, device, layer=layer)
            f_test = features(net, data.test_images, device, layer=layer)
            f_crit = features(net, data.critical_images, device, layer=layer)
            colour = linear_probe(
                f_train,
                data.train.colour[idx],
                {
                    "colour_acc": (f_test, data.test.colour),
                    "critical_acc": (f_crit, data.critical.colour),
                },
                c=c,
                seed=seed,
            )
            shape = linear_probe(
                f_train,
                data.train.shape[idx],
                {"shape_acc": (f_test, data.test.shape)},
                c=c,
                seed=seed,
            )
            out.update({f"{tag}_{k}": v for k, v in {**colour, **shape}.items()})
            out[f"{tag}_hue_error"] = hue_regression(
                features(net, hue_train, device, layer=layer),
                data.train.hue[idx] + train_offset,
                features(net, hue_test, device, layer=layer),
                data.test.hue + test_offset,
            )
    return out


def loss_spikes(losses: list[float]) -> int:
    """Steps whose loss is above ``SPIKE_FACTOR`` times the median of the steps before."""
    x = np.asarray(losses)
    return int(
        sum(
            x[i] > SPIKE_FACTOR * np.median(x[i - SPIKE_WINDOW : i])
            for i in range(SPIKE_WINDOW, len(x))
        )
    )


def fit(
    cfg: Mapping[str, Any],
    lr: float,
    progress: bool = False,
    final: bool = True,
    stop_epoch: int | None = None,
    monitor_every: int | None = None,
) -> tuple[nn.Module, StudyData, RunOutput]:
    """Train one run config at rate ``lr``; with ``final``, test once and fit the probes.

    ``stop_epoch`` ends training early on the full run's schedule (the stability
    runs are the first epochs of a full run, where a high rate bites); with
    ``monitor_every`` a :class:`DenseMonitor` reads validation accuracy every
    that many steps and the gradient norms after every step.
    """
    seed, device = cfg["seed"], cfg["device"]
    precision = cfg["precision"]
    configure_backends(device)
    data = make_data(DataSpec.of(cfg), seed)
    if device_rendering(device):
        for name in ("val_images", "val_critical_images", "test_images", "critical_images"):
            setattr(data, name, getattr(data, name).to(device))
        renderer = DeviceRenderer(data.train, device, seed)
    else:
        renderer = None
    seed_everything(seed)
    model = build_model(cfg).to(device)
    init_model = copy.deepcopy(model).eval()
    steps = cfg["epochs"] * -(-len(data.train) // cfg["batch_size"])
    optimiser, scheduler = make_optimiser(model, cfg, lr, steps)
    # Training steps run compiled when the config asks (evaluation stays eager;
    # both see the same parameters); see negresults.compilation.
    net = compile_model(model, cfg["compile"], device)
    rng = training_rng(seed, "order")
    history = [{"epoch": 0, "loss": float("nan"), **evaluate(model, data, device, precision)}]
    monitor = (
        DenseMonitor(
            model,
            data.val_images,
            data.val.shape,
            data.val.colour,
            monitor_every,
            device,
            precision,
        )
        if monitor_every
        else None
    )
    losses: list[float] = []
    last_epoch = cfg["epochs"] if stop_epoch is None else stop_epoch
    for epoch in tqdm(range(1, last_epoch + 1), desc="epochs", leave=False, disable=not progress):
        step_losses = train_one_epoch(
            net, data, optimiser, scheduler, cfg, rng, device, renderer, on_step=monitor
        )
        losses += step_losses
        loss = float(np.mean(step_losses)) if step_losses else float("nan")
        history.append({"epoch": epoch, "loss": loss, **evaluate(model, data, device, precision)})
    if cfg["compile"] and not getattr(net, "compiled", False):
        # An eager run must never be stored under a key that says compiled.
        raise RuntimeError(
            "compile=true was asked, but torch.compile was unavailable or fell back to "
            f"eager ({getattr(net, 'fallback_reason', None) or why_not_compile(device)}); "
            "nothing stored: run with compile=false, or fix the compiler"
        )

    metrics: dict[str, Any] = {
        **{f"val_{k}": history[-1][k] for k in HISTORY_METRICS},
        "lr": lr,
        "loss_spikes": loss_spikes(losses),
        "final_loss": history[-1]["loss"],
        "n_params": count_parameters(model),
        "n_trainable": count_parameters(model, trainable_only=True),
        "n_mixer_params": mixer_parameters(model),
        "n_train_images": len(data.train),
        "n_train_steps": steps,
    }
    if monitor is not None:
        metrics.update(monitor.metrics())
    if final:
        metrics.update(test_metrics(model, data, device, precision))
        metrics.update(recoloured_shape(model, data, seed, device, precision))
        if cfg["regime"] == "standard":
            metrics.update(probes(model, init_model, data, seed, device, cfg["probe_c"]))
    # Wall time varies between identical runs, so it is kept out of the metrics
    # (which must reproduce bit for bit) and stored as a run fact instead.
    info = {
        "device": device,
        "compiled": bool(cfg["compile"]),
        "torch": torch.__version__,
    }
    # A monitored run's history is its dense readings (the per-epoch rows are
    # a coarser view of the same curve).
    rows = monitor.rows if monitor is not None else history
    return model, data, RunOutput(metrics=metrics, history=rows, info=info)


def device_rendering(device: str) -> bool:
    """Draw training images on the device? Only on a GPU: the CPU path stays NumPy's."""
    return device.startswith("cuda")
