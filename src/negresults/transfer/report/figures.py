"""Figures, drawn from stored runs. Each function returns a matplotlib Figure."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from negresults.transfer.compute.datasets import load_source, load_target
from negresults.transfer.compute.plan import pretrain_config
from negresults.transfer.config import ARM_LABELS, ARMS, TransferConfig
from negresults.transfer.report.results import Results
from negresults.transfer.report.tables import size_summary, transfer_stops_helping

COLORS = dict(zip(ARMS, ("#555555", "#1f77b4", "#2ca02c", "#d62728"), strict=True))


def samples(cfg: TransferConfig, seed: int = 0, per_class: int = 2) -> Figure:
    """Source (rendered) and target (handwritten) digits side by side, ``per_class`` of each."""
    params = pretrain_config(cfg, seed, device="cpu")
    (sx, sy), _ = load_source(params)
    tx, ty = load_target(params, seed).test()
    k = cfg.num_classes
    fig, axes = plt.subplots(2 * per_class, k, figsize=(k * 0.75, 2 * per_class * 0.85))
    for row, (x, y, name) in enumerate(((sx, sy, "source"), (tx, ty, "target"))):
        for c in range(k):
            idx = np.flatnonzero(y.numpy() == c)[:per_class]
            for j, i in enumerate(idx):
                ax = axes[row * per_class + j, c]
                _show(ax, x[i])
                if c == 0:
                    ax.set_ylabel(name, fontsize=8)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(
        "Top rows: source (rendered fonts). Bottom rows: target (handwritten).", fontsize=9
    )
    fig.tight_layout()
    return fig


def _show(ax, image) -> None:
    img = image.numpy()
    if img.shape[0] == 1:
        ax.imshow(img[0], cmap="gray", vmin=0, vmax=1)
    else:
        ax.imshow(np.clip(img.transpose(1, 2, 0), 0, 1))


def disagreements(results: Results, arm: str, seed: int, size: int) -> dict[str, np.ndarray]:
    """Test positions where exactly one of ``arm`` and scratch is right (same seed, same size)."""
    a = results.run(arm, size, seed).arrays("test")
    b = results.run("scratch", size, seed).arrays("test")
    assert np.array_equal(a["index"], b["index"]) and np.array_equal(a["label"], b["label"])
    a_right, b_right = a["pred"] == a["label"], b["pred"] == b["label"]
    return {
        "arm_wrong_scratch_right": np.flatnonzero(~a_right & b_right),
        "scratch_wrong_arm_right": np.flatnonzero(a_right & ~b_right),
        "label": a["label"],
        "arm_pred": a["pred"],
        "scratch_pred": b["pred"],
    }


def figure1(
    results: Results,
    arm: str = "finetune",
    seed: int | None = None,
    size: int | None = None,
    n: int = 12,
) -> Figure:
    """Left: test images ``arm`` gets wrong and scratch gets right; right: the reverse."""
    cfg = results.cfg
    seed = cfg.seeds[0] if seed is None else seed
    size = cfg.table_size if size is None else size
    run = results.run(arm, size, seed)
    test_x, _ = load_target(run.config, seed).test()
    d = disagreements(results, arm, seed, size)
    cols = 4
    rows = max(1, -(-n // cols))
    fig = plt.figure(figsize=(2 * cols * 1.15 + 0.4, rows * 1.35 + 0.6))
    sub = fig.subfigures(1, 2, wspace=0.05)
    short = {"finetune": "T", "linear_probe": "P", "frozen_head": "H"}.get(arm, "T")
    panels = (
        ("arm_wrong_scratch_right", f"{ARM_LABELS[arm]} wrong, scratch right"),
        ("scratch_wrong_arm_right", f"Scratch wrong, {ARM_LABELS[arm].lower()} right"),
    )
    for panel, (key, title) in zip(sub, panels, strict=True):
        idx = d[key]
        panel.suptitle(f"{title}\n({len(idx)} of {len(d['label'])} test images)", fontsize=9)
        axes = np.atleast_1d(panel.subplots(rows, cols)).ravel()
        for ax in axes:
            ax.axis("off")
        for ax, i in zip(axes, idx[:n], strict=False):
            _show(ax, test_x[i])
            ax.set_title(
                f"true {d['label'][i]}\n{short}:{d['arm_pred'][i]} S:{d['scratch_pred'][i]}",
                fontsize=7,
            )
    return fig


def size_sweep(results: Results, arms: Sequence[str] | None = None) -> Figure:
    """Accuracy against images per class (mean, band = ±1 std over seeds), and the paired difference."""
    cfg = results.cfg
    arms = [a for a in (arms or cfg.all_arms) if a in cfg.all_arms]
    table = size_summary(results)
    stop = transfer_stops_helping(results, "finetune") if "finetune" in cfg.all_arms else None
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.8))
    for arm in arms:
        t = table[table.arm == arm].sort_values("size")
        c = COLORS[arm]
        ax1.plot(t["size"], t["mean"], "o-", color=c, label=ARM_LABELS[arm], ms=4)
        ax1.fill_between(t["size"], t["mean"] - t["std"], t["mean"] + t["std"], color=c, alpha=0.15)
        if arm != "scratch":
            ax2.plot(t["size"], t["diff"], "o-", color=c, label=ARM_LABELS[arm], ms=4)
            ax2.fill_between(t["size"], t["diff_low"], t["diff_high"], color=c, alpha=0.15)
    ax2.axhline(0, color="black", lw=0.8)
    for ax in (ax1, ax2):
        ax.set_xscale("log", base=2)
        ax.set_xticks(cfg.all_sizes, [str(s) for s in cfg.all_sizes])
        ax.set_xlabel("target training images per class")
        if stop is not None and stop["size"] is not None:
            ax.axvline(stop["size"], color=COLORS["finetune"], ls=":", lw=1)
    n = len(cfg.seeds)
    ax1.set_ylabel("target test accuracy (%)")
    ax1.set_title(f"Accuracy, mean ± 1 std over {n} seeds", fontsize=10)
    ax2.set_ylabel("arm − scratch (points)")
    ax2.set_title(f"Seed-paired difference, 95% CI over {n} seeds", fontsize=10)
    ax1.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig


def learning_curves(
    results: Results,
    size: int | None = None,
    seeds: Sequence[int] | None = None,
    arms: Sequence[str] | None = None,
    ax=None,
) -> Figure:
    """Validation accuracy against training step of the selected runs; one line per arm and seed."""
    cfg = results.cfg
    size = cfg.table_size if size is None else size
    seeds = list(seeds if seeds is not None else cfg.seeds)
    arms = [a for a in (arms or cfg.all_arms) if a in cfg.all_arms]
    curves = results.curves
    curves = curves[(curves["size"] == size) & curves.seed.isin(seeds) & curves.arm.isin(arms)]
    fig = ax.figure if ax is not None else plt.figure(figsize=(6, 3.6))
    ax = ax or fig.add_subplot()
    for arm in arms:
        for j, seed in enumerate(seeds):
            c = curves[(curves.arm == arm) & (curves.seed == seed)]
            ax.plot(
                c.step,
                c.val_acc,
                color=COLORS[arm],
                alpha=0.75,
                lw=1,
                label=ARM_LABELS[arm] if j == 0 else None,
            )
    ax.set_xlabel("training step on the target")
    ax.set_ylabel("validation accuracy (%)")
    ax.set_title(f"{size} images per class; seeds {', '.join(map(str, seeds))}", fontsize=10)
    if arms:
        ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig


def per_seed(results: Results, size: int | None = None) -> Figure:
    """Every seed's test accuracy per arm at ``size``, seeds joined across arms (pairing)."""
    cfg = results.cfg
    size = cfg.table_size if size is None else size
    arms = cfg.all_arms
    fig, ax = plt.subplots(figsize=(6, 3.4))
    acc = np.array([[results.run(a, size, s).metrics["test_acc"] for a in arms] for s in cfg.seeds])
    for row in acc:
        ax.plot(range(len(arms)), row, color="0.7", lw=0.8, zorder=1)
    for j, arm in enumerate(arms):
        ax.scatter(np.full(len(acc), j), acc[:, j], color=COLORS[arm], zorder=2, s=18)
    ax.set_xticks(range(len(arms)), [ARM_LABELS[a].replace(", ", ",\n") for a in arms], fontsize=7)
    ax.set_ylabel("target test accuracy (%)")
    ax.set_title(f"{size} images per class; grey lines join one seed", fontsize=10)
    fig.tight_layout()
    return fig


def pretraining_curves(results: Results) -> Figure:
    """Source validation accuracy per pretraining epoch, one line per seed."""
    df = results.pretraining_curves
    fig, ax = plt.subplots(figsize=(5, 3))
    for seed, g in df.groupby("seed"):
        ax.plot(g.epoch, g.source_val_acc, "o-", ms=3, label=f"seed {seed}")
    ax.set_xlabel("pretraining epoch")
    ax.set_ylabel("source validation accuracy (%)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig
