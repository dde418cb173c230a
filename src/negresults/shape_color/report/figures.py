"""Figures, drawn from stored runs (curves) or from the data generator (samples)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from negresults.shape_color.compute.data import (
    all_pairs,
    class_hues,
    equiluminant_rgb,
    held_out_pairs,
    make_set,
    relative_luminance,
    srgb_decode,
)
from negresults.shape_color.config import (
    ABLATION_LABELS,
    PRESSURE_LABELS,
    SHAPES,
    ShapeColorConfig,
)
from negresults.shape_color.report.results import Results
from negresults.stats import summarize

CURVES = {
    "shape_acc": ("Shape", "tab:blue"),
    "colour_acc": ("Colour", "tab:red"),
    "critical_colour_acc": ("Colour-critical", "tab:orange"),
}


def mean_band(history: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Per epoch: mean over seeds and the t-based 95% CI of the mean (percentage points)."""
    rows = []
    for epoch, g in history.groupby("epoch"):
        s = summarize(g[metric].to_numpy())
        rows.append({"epoch": epoch, "mean": s.mean, "low": s.ci_low, "high": s.ci_high, "n": s.n})
    return pd.DataFrame(rows)


def _curves(ax, history: pd.DataFrame, metrics: Sequence[str], n_classes: int) -> None:
    for m in metrics:
        label, colour = CURVES[m]
        b = mean_band(history, m)
        ax.plot(b.epoch, b["mean"], color=colour, label=label)
        if b.n.min() > 1:
            ax.fill_between(b.epoch, b.low, b.high, color=colour, alpha=0.2, linewidth=0)
    ax.axhline(100 / n_classes, color="grey", linestyle=":", linewidth=1, label="Chance")
    ax.set_ylim(0, 102)
    ax.set_xlabel("Epoch")
    ax.grid(alpha=0.3)


def figure1(results: Results, ablation: str = "baseline") -> plt.Figure:
    """Shape and colour accuracy over training, one panel per colour-pressure setting."""
    h = results.history[results.history.ablation == ablation]
    pressures = [p for p in results.cfg.colour_pressure if p in set(h.colour_pressure)]
    fig, axes = plt.subplots(
        1, len(pressures), figsize=(4.2 * len(pressures), 3.4), sharey=True, squeeze=False
    )
    for ax, p in zip(axes[0], pressures, strict=True):
        _curves(ax, h[h.colour_pressure == p], list(CURVES), results.cfg.n_classes)
        ax.set_title(PRESSURE_LABELS[p].capitalize())
    axes[0, 0].set_ylabel("Test accuracy (%)")
    axes[0, -1].legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


def learning_curves(
    results: Results,
    ablations: Sequence[str] | None = None,
    seeds: Sequence[int] | None = None,
    metrics: Sequence[str] = tuple(CURVES),
) -> plt.Figure:
    """A grid: one row per colour pressure, one column per ablation."""
    h = results.history
    if seeds is not None:
        h = h[h.seed.isin(list(seeds))]
    ablations = [a for a in (ablations or ABLATION_LABELS) if a in set(h.ablation)]
    pressures = [p for p in results.cfg.colour_pressure if p in set(h.colour_pressure)]
    fig, axes = plt.subplots(
        len(pressures),
        len(ablations),
        figsize=(3.3 * len(ablations), 2.9 * len(pressures)),
        sharex=True,
        sharey=True,
        squeeze=False,
    )
    for i, p in enumerate(pressures):
        for j, a in enumerate(ablations):
            ax = axes[i, j]
            _curves(
                ax, h[(h.ablation == a) & (h.colour_pressure == p)], metrics, results.cfg.n_classes
            )
            ax.set_title(f"{a}\n{PRESSURE_LABELS[p]}", fontsize=9)
            if j == 0:
                ax.set_ylabel("Test accuracy (%)")
            if i < len(pressures) - 1:
                ax.set_xlabel("")
    axes[0, -1].legend(loc="lower right", fontsize=7)
    fig.tight_layout()
    return fig


def _show(ax, img) -> None:
    ax.imshow(np.clip(img.permute(1, 2, 0).numpy(), 0, 1), interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])


def sample_figure(cfg: ShapeColorConfig, seed: int = 0) -> plt.Figure:
    """Every shape x colour pair once (held-out pairs framed), then the colour-critical twins."""
    n = cfg.n_classes
    held = held_out_pairs(n, cfg.held_out_pairs, cfg.split_seed)
    grid = make_set(cfg, all_pairs(n), 1, seed)
    images = grid.render(rng=np.random.default_rng(seed))
    fig, axes = plt.subplots(n, n + 3, figsize=(1.0 * (n + 3), 1.05 * n), squeeze=False)
    for k, (s, c) in enumerate(all_pairs(n)):
        ax = axes[s, c]
        _show(ax, images[k])
        if held[s, c]:
            for spine in ax.spines.values():
                spine.set_edgecolor("black")
                spine.set_linewidth(3)
                spine.set_linestyle("--")
        if s == 0:
            ax.set_title(f"hue {class_hues(n)[c]:.0f}°", fontsize=7)
        if c == 0:
            ax.set_ylabel(SHAPES[s], fontsize=8)
    # Colour-critical benchmark: the same object at -offset and +offset of its class hue.
    twins = make_set(cfg, np.array([[s, s % n] for s in range(n)]), 1, seed + 1)
    for s in range(n):
        for j, sign in enumerate((-1, 1)):
            shift = np.array([sign * cfg.critical_offset - (twins.hue[s] - class_hues(n)[s % n])])
            _show(
                axes[s, n + 1 + j],
                twins.render([s], hue_shift=shift, rng=np.random.default_rng(s))[0],
            )
        axes[s, n].axis("off")
        if s == 0:
            axes[s, n + 1].set_title(f"−{cfg.critical_offset:g}°", fontsize=7)
            axes[s, n + 2].set_title(f"+{cfg.critical_offset:g}°", fontsize=7)
    fig.tight_layout(pad=0.3)
    return fig


def colour_figure(cfg: ShapeColorConfig) -> plt.Figure:
    """Class colours and benchmark colours, in colour and as their luminance (grey)."""
    n = cfg.n_classes
    centre = class_hues(n)
    hues = np.stack([centre - cfg.critical_offset, centre, centre + cfg.critical_offset], 1)
    rgb = equiluminant_rgb(hues, cfg.lightness_y, cfg.chroma)
    y = relative_luminance(srgb_decode(rgb))
    grey = np.repeat(((1.055 * y ** (1 / 2.4)) - 0.055)[..., None], 3, axis=-1)
    fig, axes = plt.subplots(2, 1, figsize=(0.9 * n + 1, 2.6))
    for ax, img, title in zip(
        axes, (rgb, grey), ("Object colours", "Their luminance"), strict=True
    ):
        ax.imshow(np.clip(img.transpose(1, 0, 2), 0, 1), aspect="auto")
        ax.set_yticks(
            [0, 1, 2],
            [f"−{cfg.critical_offset:g}°", "class", f"+{cfg.critical_offset:g}°"],
            fontsize=7,
        )
        ax.set_xticks(range(n), [f"{h:.0f}°" for h in centre], fontsize=7)
        ax.set_title(title, fontsize=9)
    fig.tight_layout()
    return fig


__all__ = ["colour_figure", "figure1", "learning_curves", "sample_figure"]
