"""Each study's real model, batches and loss at a preset, for ``bench.py``.

Kept apart from ``bench.py`` so that the benchmark itself stays study-blind:
a new study adds one function here (and one small grid to ``POOL_GRIDS``).
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from bench import Setup

# The cut-down grids (real model and data sizes, fewer runs) that time the
# process pool against one process.
POOL_GRIDS = {
    "shape_color": {"seeds": [0, 1, 2, 3], "epochs": 2},
    "transfer": {"seeds": [0, 1, 2, 3], "target_sizes": [4]},
}


def shape_color(batch_count: int, preset: str) -> Setup:
    """Study A's baseline: the preset's network, batch size and rendered training images."""
    from negresults.shape_color.compute.data import make_data
    from negresults.shape_color.compute.model import build_model, trained_heads
    from negresults.shape_color.compute.train import head_loss
    from negresults.studies import get

    study = get("shape_color")
    cfg = study.config(preset=preset, device="cpu")
    run = next(
        t.config
        for stage in study.plan(cfg)
        for t in stage
        if t.kind == "shape_color/train" and t.config["variant"] == "baseline"
    )
    data = make_data(cfg, seed=0)
    batch = run["batch_size"]
    idx = np.arange(batch * batch_count) % len(data.train)
    images = data.train.render(idx, rng=np.random.default_rng(1))
    shape = torch.from_numpy(data.train.shape[idx])
    colour = torch.from_numpy(data.train.colour[idx])
    batches = [
        (images[i : i + batch], (shape[i : i + batch], colour[i : i + batch]))
        for i in range(0, len(idx), batch)
    ]
    torch.manual_seed(0)
    return Setup(
        model=build_model(run),
        batches=batches,
        loss_fn=head_loss(trained_heads("baseline")),
        lr=run["lr_grid"][len(run["lr_grid"]) // 2],
        weight_decay=run["weight_decay"],
        compile=run["compile"],
        steps_per_run=run["epochs"] * math.ceil(len(data.train) / batch),
    )


def transfer(batch_count: int, preset: str) -> Setup:
    """Study B's scratch arm: the preset's network and batch size on target images."""
    from negresults.studies import get
    from negresults.transfer.compute import model as m
    from negresults.transfer.compute.data import digits_images

    study = get("transfer")
    # The images are load_digits' whatever the preset's dataset: a real dataset's
    # files (the gpu preset's MNIST) need not be on the machine to time its model.
    real = study.config_class.PRESETS[preset].dataset != "digits"
    digits = {"dataset": "digits", "target_sizes": (2,)} if real else {}
    cfg = study.config(preset=preset, device="cpu", **digits)
    run = next(t.config for stage in study.plan(cfg) for t in stage if t.kind == "transfer/arm")
    x, y = digits_images(run["image_size"])
    batch = run["batch_size"]
    idx = torch.arange(batch * batch_count) % len(y)
    batches = [(x[idx[i : i + batch]], y[idx[i : i + batch]]) for i in range(0, len(idx), batch)]
    per_epoch = math.ceil(cfg.table_size * run["num_classes"] / batch)
    return Setup(
        model=m.build("scratch", run, seed=0, pretrained=None),
        batches=batches,
        loss_fn=F.cross_entropy,
        lr=1e-3,
        weight_decay=0.0,
        compile=run.get("compile", False),
        # One fit at Table 1's size (a stored arm run holds one such fit per grid point).
        steps_per_run=max(run["min_steps"], run["epochs"] * per_epoch),
    )


def transfer_grid(preset: str) -> tuple[str, dict]:
    """Study B's stored arm run at Table 1's size (fine-tuning, first seed): its whole grid,
    trained point by point and stacked (the two paths of ``selection.train_grid``).

    Each way returns the run's grid scores as arrays, so the benchmark can say
    whether the two agree as well as how long each takes.
    """
    from negresults.studies import get
    from negresults.transfer.compute import datasets, runners, selection
    from negresults.transfer.plan import arm_config

    cfg = get("transfer").config(preset=preset, device="cpu")
    seed = cfg.seeds[0]
    config = arm_config(cfg, "finetune", cfg.table_size, seed, device="cpu")
    # A real pretraining: how a fit trains (dead units, its loss) depends on where it starts.
    pretrained = runners.run_pretrain(config["pretrain"], []).state_dicts["model"]
    splits = datasets.load_target(config, seed)
    points = len(selection.grid(config))

    def way(vectorise: bool):
        return lambda: selection.train_grid(config, splits, pretrained, vectorise=vectorise)[
            0
        ].as_arrays()

    label = f"finetune at {cfg.table_size} images per class, {points} grid points"
    return label, {"point by point": way(False), "stacked": way(True)}


SETUPS = {"shape_color": shape_color, "transfer": transfer}
# One stored run trained two ways (the reference first): bench.py times them side by side.
GRID_RUNS = {"transfer": transfer_grid}
