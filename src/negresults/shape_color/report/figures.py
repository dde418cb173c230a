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
    PRESSURE_LABELS,
    REGIME_LABELS,
    SHAPES,
    VARIANT_LABELS,
    ShapeColorConfig,
)
from negresults.shape_color.report.results import Results
from negresults.stats import summarize
from negresults.training import seed_stream

CURVES = {
    "shape_seen_acc": ("Shape (seen pairs)", "tab:blue"),
    "colour_acc": ("Colour", "tab:red"),
    "critical_colour_acc": ("Colour-critical", "tab:orange"),
}
# The single-attribute controls, drawn dashed beside the baseline's curve of the same attribute.
CONTROL_CURVES = {
    "shape_only": ("shape_seen_acc", "Shape, shape-only control", "tab:blue"),
    "colour_only": ("critical_colour_acc", "Colour-critical, colour-only control", "tab:orange"),
}


def mean_band(history: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Per epoch: mean over seeds and a bootstrap 95% CI of the mean, kept inside [0, 100]."""
    rows = []
    for epoch, g in history.groupby("epoch"):
        s = summarize(g[metric].to_numpy(), bounds=(0.0, 100.0))
        rows.append({"epoch": epoch, "mean": s.mean, "low": s.ci_low, "high": s.ci_high, "n": s.n})
    return pd.DataFrame(rows)


def _band(ax, history, metric, label, colour, style="-") -> None:
    b = mean_band(history, metric)
    ax.plot(b.epoch, b["mean"], color=colour, label=label, linestyle=style)
    if b.n.min() > 1:
        ax.fill_between(b.epoch, b.low, b.high, color=colour, alpha=0.15, linewidth=0)


def _frame(ax, n_classes: int) -> None:
    ax.axhline(100 / n_classes, color="grey", linestyle=":", linewidth=1, label="Chance")
    ax.set_ylim(0, 102)
    ax.set_xlabel("Epoch")
    ax.grid(alpha=0.3)


# Inches: the book's content column (752 px) holds a figure this wide at its natural size
# (inline figures come out at about 146 px per inch), so nothing is scaled down.
PAGE_WIDTH = 5.1


def _select(h: pd.DataFrame, variant: str, pressure: str, regime: str = "standard"):
    return h[(h.variant == variant) & (h.colour_pressure == pressure) & (h.regime == regime)]


def figure1(results: Results) -> plt.Figure:
    """The baseline's validation curves beside the single-attribute controls, per pressure."""
    h = results.history
    pressures = [p for p in results.cfg.ablation_pressures if len(_select(h, "baseline", p))]
    fig, axes = plt.subplots(
        1,
        len(pressures),
        figsize=(min(PAGE_WIDTH, 2.6 * len(pressures)), 3.0),
        sharey=True,
        squeeze=False,
    )
    for ax, p in zip(axes[0], pressures, strict=True):
        base = _select(h, "baseline", p)
        for metric, (label, colour) in CURVES.items():
            _band(ax, base, metric, f"{label}, baseline", colour)
        if p == "none":
            for control, (metric, label, colour) in CONTROL_CURVES.items():
                rows = _select(h, control, "none")
                if len(rows):
                    _band(ax, rows, metric, label, colour, style="--")
        _frame(ax, results.cfg.n_classes)
        ax.set_title(PRESSURE_LABELS[p].capitalize(), fontsize=9)
    axes[0, 0].set_ylabel("Validation accuracy (%)")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=7, frameon=False)
    fig.tight_layout(rect=(0, 0.16, 1, 1))
    return fig


def learning_curves(
    results: Results,
    variants: Sequence[str] | None = None,
    seeds: Sequence[int] | None = None,
    metrics: Sequence[str] = tuple(CURVES),
) -> plt.Figure:
    """A grid: one row per (pressure, regime) setting, one column per variant."""
    h = results.history
    if seeds is not None:
        h = h[h.seed.isin(list(seeds))]
    variants = [v for v in (variants or VARIANT_LABELS) if v in set(h.variant)]
    settings = [
        (p, r)
        for r in REGIME_LABELS
        for p in PRESSURE_LABELS
        if len(h[(h.colour_pressure == p) & (h.regime == r) & h.variant.isin(variants)])
    ]
    panel = min(1.6, PAGE_WIDTH / len(variants))
    fig, axes = plt.subplots(
        len(settings),
        len(variants),
        figsize=(panel * len(variants), 0.95 * panel * len(settings) + 0.6),
        sharex=True,
        sharey=True,
        squeeze=False,
    )
    for i, (p, r) in enumerate(settings):
        for j, v in enumerate(variants):
            ax = axes[i, j]
            rows = _select(h, v, p, r)
            if not len(rows):
                ax.axis("off")
                continue
            for m in metrics:
                label, colour = CURVES[m]
                _band(ax, rows, m, label, colour)
            _frame(ax, results.cfg.n_classes)
            ax.tick_params(labelsize=6)
            ax.set_title(VARIANT_LABELS[v].split(" (")[0], fontsize=6)
            if j == 0:
                ax.set_ylabel(f"{PRESSURE_LABELS[p]}\n{r} regime", fontsize=7)
            if i < len(settings) - 1:
                ax.set_xlabel("")
    handles, labels = [], []
    for ax in axes.flat:
        handles, labels = ax.get_legend_handles_labels()
        if handles:
            break
    fig.legend(handles, labels, loc="lower center", ncol=4, fontsize=7, frameon=False)
    fig.tight_layout(rect=(0, 0.5 / (2.2 * len(settings) + 0.6), 1, 1))
    return fig


def _show(ax, img) -> None:
    ax.imshow(np.clip(img.permute(1, 2, 0).numpy(), 0, 1), interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])


def sample_figure(cfg: ShapeColorConfig, seed: int = 0) -> plt.Figure:
    """Every shape x colour pair once (held-out pairs framed), then the colour-critical twins."""
    n = cfg.n_classes
    held = held_out_pairs(n, cfg.held_out_pairs, seed_stream(seed, "split"))
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
    fig, axes = plt.subplots(2, 1, figsize=(min(PAGE_WIDTH, 0.55 * n + 0.8), 2.4))
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
