"""Figures, drawn from stored runs (curves) or from the data generator (samples)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from negresults.shape_color.analysis_plan import LEARNS_FROM, SECOND_HALF
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
    SHAPES,
    VARIANT_LABELS,
    ShapeColorConfig,
)
from negresults.shape_color.report.results import Results
from negresults.shape_color.report.tables import SHORT_PRESSURES as SHORT_LEVELS
from negresults.shape_color.report.tables import SHORT_VARIANTS as SHORT_NAMES
from negresults.shape_color.report.tables import benchmark_ceiling, heads
from negresults.stats import paired_difference, summarize
from negresults.training import seed_stream

CURVES = {
    "shape_seen_acc": ("Shape (seen pairs)", "tab:blue"),
    "colour_acc": ("Colour", "tab:red"),
    "critical_colour_acc": ("Colour-critical", "tab:orange"),
}
# The head each curve reads.
HEAD_OF = {"shape_seen_acc": "shape", "colour_acc": "colour", "critical_colour_acc": "colour"}
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


def _frame(ax, n_classes: int, fontsize: float = 8) -> None:
    ax.axhline(100 / n_classes, color="grey", linestyle=":", linewidth=1, label="Chance")
    ax.set_ylim(0, 102)
    ax.set_xlabel("Epoch", fontsize=fontsize)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)


# Inches: the book's content column (752 px) holds a figure this wide at its natural size
# (inline figures come out at about 146 px per inch), so nothing is scaled down.
PAGE_WIDTH = 5.1

# One sentence per band kind, for the captions (every figure states what its band is).
MEAN_BAND = "mean over seeds with a bootstrap 95% interval of the mean (shaded)"
PAIRED_BAND = "seed-paired mean difference with its 95% t interval (shaded)"


def select(h: pd.DataFrame, variant: str, pressure: str):
    return h[(h.variant == variant) & (h.colour_pressure == pressure)]


def paired_band(history: pd.DataFrame, a: str, b: str, metric: str, pressure: str = "none"):
    """Per epoch: mean over seeds of arm ``a`` minus arm ``b`` and its paired 95% t interval."""
    x = select(history, a, pressure).pivot(index="seed", columns="epoch", values=metric)
    y = select(history, b, pressure).pivot(index="seed", columns="epoch", values=metric)
    rows = []
    common = x.index.intersection(y.index)  # cells a claim's power sized run more seeds
    if not len(common):
        return pd.DataFrame(rows, columns=["epoch", "mean", "low", "high", "n"])
    x, y = x.loc[common], y.loc[common]
    for epoch in x.columns:
        d = paired_difference(x[epoch].to_numpy(), y[epoch].to_numpy())
        rows.append({"epoch": epoch, "mean": d.mean, "low": d.ci_low, "high": d.ci_high, "n": d.n})
    return pd.DataFrame(rows)


def claim_window(epochs: Sequence[int]) -> tuple[int, int]:
    """The first and last epoch a curve claim reads, of the ``epochs`` a curve recorded: the
    epoch ``SECOND_HALF`` of the way through them, and the last. The plan's gain_series picks
    the same start inline (its text is the declared plan, so it is not edited to call this);
    a test holds the two to one rule."""
    epochs = sorted(epochs)
    return epochs[int(round(SECOND_HALF * (len(epochs) - 1)))], epochs[-1]


def window_shown(curves: pd.DataFrame) -> bool:
    """Does Figure 1 shade the claims' window on these curves (one arm at one level)? Only
    with more than two recorded epochs: with two, the window is the whole run."""
    return curves.epoch.nunique() > 2


WINDOW_LABEL = "Second half, read by the claims"
CEILING_LABEL = "Colour-critical, following the labels"


def figure1_arms(results: Results, pressure: str) -> dict[str, str]:
    """The runs Figure 1 draws at ``pressure``, by role ("baseline", then each control of
    CONTROL_CURVES) to the arm it reads, for the roles that ran there. They are the runs the
    level's curve claims read: at a long-curve level, the baseline and the colour-only control
    trained as long as the linear projections, and no shape-only control (it does not train
    that long, and a curve of another length would not pair with the baseline's)."""
    cfg, h = results.cfg, results.history
    roles = {role: cfg.curve_arm(pressure, role) for role in ("baseline", *CONTROL_CURVES)}
    return {
        role: arm
        for role, arm in roles.items()
        if arm is not None and len(select(h, arm, pressure))
    }


def figure1(results: Results) -> plt.Figure:
    """Top: the baseline's validation curves per pressure level, with the single-attribute
    controls beside it at every level where they ran. Bottom: the gap to each control,
    baseline minus control, per level, on axes of their own."""
    h, cfg = results.history, results.cfg
    arms = {p: figure1_arms(results, p) for p in cfg.ablation_pressures}
    pressures = [p for p in cfg.ablation_pressures if "baseline" in arms[p]]
    base_of = {p: arms[p]["baseline"] for p in pressures}

    def controls(p: str) -> dict[str, str]:
        return {c: a for c, a in arms[p].items() if c in CONTROL_CURVES}

    gaps = {
        p: {
            control: paired_band(h, base_of[p], arm, CONTROL_CURVES[control][0], p)
            for control, arm in controls(p).items()
        }
        for p in pressures
    }
    rows = 2 if any(gaps.values()) else 1
    fig = plt.figure(figsize=(PAGE_WIDTH, 5.6 if rows == 2 else 3.4), layout="constrained")
    grid = fig.add_gridspec(rows, len(pressures), height_ratios=[1.25, 1][:rows])
    top = [fig.add_subplot(grid[0, i]) for i in range(len(pressures))]
    for i, (ax, p) in enumerate(zip(top, pressures, strict=True)):
        base = select(h, base_of[p], p)
        if window_shown(base):  # a window to shade: the claims' second half
            start, end = claim_window(base.epoch.unique())
            ax.axvspan(start, end, color="grey", alpha=0.12, linewidth=0, label=WINDOW_LABEL)
        for metric, (label, colour) in CURVES.items():
            _band(ax, base, metric, f"{label}, baseline", colour)
        for control, arm in controls(p).items():
            metric, label, colour = CONTROL_CURVES[control]
            _band(ax, select(h, arm, p), metric, label, colour, style="--")
        _frame(ax, cfg.n_classes)
        if (cap := benchmark_ceiling(cfg, p)) < 100:
            # Where the labels cap it: what following them scores at a benchmark hue.
            ax.axhline(
                cap,
                color="tab:orange",
                linestyle="-.",
                linewidth=1,
                label=CEILING_LABEL,
            )
        longer = f", {cfg.stem_epochs} epochs" if p in cfg.long_levels else ""
        ax.set_title(PRESSURE_LABELS[p].capitalize() + longer, fontsize=8)
        ax.tick_params(labelsize=7)
        if i == 0:
            ax.set_ylabel("Validation accuracy (%)", fontsize=8)
        else:
            ax.tick_params(labelleft=False)
    handles, labels = _unique_legend(top)
    if rows == 2:
        bottom = [fig.add_subplot(grid[1, i]) for i in range(len(pressures))]
        for i, (ax, p) in enumerate(zip(bottom, pressures, strict=True)):
            for control, band in gaps[p].items():
                metric, label, colour = CONTROL_CURVES[control]
                name = "Shape (seen pairs)" if metric == "shape_seen_acc" else "Colour-critical"
                ax.plot(
                    band.epoch,
                    band["mean"],
                    color=colour,
                    marker="o",
                    markersize=3,
                    linewidth=1.8,
                    label=f"{name}: baseline minus control",
                )
                if band.n.min() > 1:
                    ax.fill_between(band.epoch, band.low, band.high, color=colour, alpha=0.15, lw=0)
            ax.axhline(0, color="black", linewidth=0.8)
            ax.set_xlabel("Epoch", fontsize=8)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            if i == 0:
                ax.set_ylabel("Baseline minus control\n(points)", fontsize=8)
            only = [c.replace("_", "-") for c in gaps[p]]
            title = (
                f"Gap to the {only[0]} control"
                if len(only) == 1
                else "Gap to each single-attribute control"
            )
            ax.set_title(title, fontsize=8)
            ax.tick_params(labelsize=7)
            ax.grid(alpha=0.3)
        more_h, more_l = _unique_legend(bottom)
        handles, labels = handles + more_h, labels + more_l
    fig.legend(handles, labels, loc="outside lower center", ncol=2, fontsize=7, frameon=False)
    return fig


def _unique_legend(axes) -> tuple[list, list]:
    """Every label drawn on ``axes`` once, in the order first drawn."""
    seen: dict[str, Any] = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(label, handle)
    return list(seen.values()), list(seen)


def learning_curves(
    results: Results,
    variants: Sequence[str] | None = None,
    seeds: Sequence[int] | None = None,
    metrics: Sequence[str] = tuple(CURVES),
    columns: int = 3,
) -> plt.Figure:
    """One panel per arm and pressure level it ran at, wrapped ``columns`` to a row."""
    h = results.history
    if seeds is not None:
        h = h[h.seed.isin(list(seeds))]
    variants = [v for v in (variants or VARIANT_LABELS) if v in set(h.variant)]
    panels = [(v, p) for v in variants for p in PRESSURE_LABELS if len(select(h, v, p))]
    columns = max(1, min(columns, len(panels)))
    n_rows = -(-len(panels) // columns)
    fig, axes = plt.subplots(
        n_rows,
        columns,
        figsize=(PAGE_WIDTH, 1.75 * n_rows + 0.5),
        sharex=True,
        sharey=True,
        squeeze=False,
        layout="constrained",
    )
    for k, ax in enumerate(axes.flat):
        if k >= len(panels):
            ax.axis("off")
            continue
        v, p = panels[k]
        rows = select(h, v, p)
        # A single-attribute control's other head is never trained: its curve is not drawn.
        for m in [m for m in metrics if HEAD_OF[m] in heads(v)]:
            label, colour = CURVES[m]
            _band(ax, rows, m, label, colour)
        _frame(ax, results.cfg.n_classes)
        ax.set_xlabel("Epoch" if k + columns >= len(panels) else "", fontsize=7)
        ax.set_ylabel("Accuracy (%)" if k % columns == 0 else "", fontsize=7)
        ax.tick_params(labelsize=6, labelbottom=True)
        level = "no pressure" if p == "none" else SHORT_LEVELS[p]
        ax.set_title(f"{SHORT_NAMES[v]}\n{level}", fontsize=7)
    handles, labels = [], []
    for ax in axes.flat:
        handles, labels = ax.get_legend_handles_labels()
        if handles:
            break
    fig.legend(handles, labels, loc="outside lower center", ncol=4, fontsize=7, frameon=False)
    return fig


def monitor_figure(results: Results) -> plt.Figure:
    """The dense monitor of the baseline, one column per axis rate (all without warm-up), one
    line per seed: the monitored accuracy above, the first trained layer's gradient norm
    below. A seed that does not recover is drawn in red."""
    m, cfg = results.monitor, results.cfg
    rates = list(cfg.stability_rates)
    fig, axes = plt.subplots(
        2,
        max(1, len(rates)),
        figsize=(PAGE_WIDTH, 4.6),
        sharex=True,
        sharey="row",
        layout="constrained",
        squeeze=False,
    )
    if not len(m) or not rates:
        for ax in axes.flat:
            ax.text(0.5, 0.5, "no stability runs in this grid", ha="center", transform=ax.transAxes)
            ax.axis("off")
        return fig
    base = m[m.variant == "baseline"]
    for col, rate in enumerate(rates):
        top, bottom = axes[0, col], axes[1, col]
        for _, run in base[base.axis_rate == rate].groupby("seed"):
            run = run.sort_values("step")
            # The plan's learning line, per head, decides whether a seed is read: show which
            # were not.
            last = run.iloc[-1]
            lost = min(last.monitor_shape_acc, last.monitor_colour_acc) < LEARNS_FROM
            colour, label = ("tab:red", "Does not recover") if lost else ("tab:blue", "Recovers")
            top.plot(run.step, run.monitor_acc, color=colour, lw=0.8, alpha=0.8, label=label)
            later = run[run.step > 0]
            bottom.plot(later.step, later.grad_first, color=colour, lw=0.8, alpha=0.8)
        top.axhline(100 / cfg.n_classes, color="grey", linestyle=":", linewidth=1, label="Chance")
        # Two lines for every panel, so the reference's longer title cannot run into the next.
        name = f"{rate:g}\n(reference)" if rate == min(rates) else f"{rate:g}\n"
        top.set_title(f"Rate {name}", fontsize=8)
        top.set_ylim(0, 102)
        bottom.set_yscale("log")
        bottom.set_xlabel("Optimiser step", fontsize=8)
    axes[0, 0].set_ylabel("Monitored accuracy (%)\nmean of both heads", fontsize=8)
    axes[1, 0].set_ylabel("Gradient norm,\nfirst trained layer", fontsize=8)
    for ax in axes.flat:
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=7)
    # One legend entry per kind of line, whichever panels drew it.
    entries = {}
    for ax in axes[0]:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            entries.setdefault(label, handle)
    fig.legend(
        entries.values(),
        entries.keys(),
        loc="outside lower center",
        ncol=3,
        fontsize=7,
        frameon=False,
    )
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
    # At most the page's column wide: a wider figure is scaled down in the page (blurred).
    cell = min(1.0, PAGE_WIDTH / (n + 3))
    fig, axes = plt.subplots(n, n + 3, figsize=(cell * (n + 3), 1.05 * cell * n), squeeze=False)
    for k, (s, c) in enumerate(all_pairs(n)):
        ax = axes[s, c]
        _show(ax, images[k])
        if held[s, c]:
            for spine in ax.spines.values():
                spine.set_edgecolor("black")
                spine.set_linewidth(3)
                spine.set_linestyle("--")
        if s == 0:
            ax.set_title(f"{class_hues(n)[c]:.0f}°", fontsize=6)
        if c == 0:
            ax.set_ylabel(SHAPES[s], fontsize=6)
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
            axes[s, n + 1].set_title(f"−{cfg.critical_offset:g}°", fontsize=6)
            axes[s, n + 2].set_title(f"+{cfg.critical_offset:g}°", fontsize=6)
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


__all__ = [
    "colour_figure",
    "figure1",
    "learning_curves",
    "monitor_figure",
    "paired_band",
    "sample_figure",
]
