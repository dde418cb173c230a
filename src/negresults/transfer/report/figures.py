"""Figures, drawn from stored runs. Each function returns a matplotlib Figure."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from negresults.transfer.compute.datasets import load_source, load_target
from negresults.transfer.config import ARM_LABELS, ARMS, LEVEL_LABELS, TransferConfig
from negresults.transfer.plan import pretrain_config
from negresults.transfer.report.results import Results
from negresults.transfer.report.tables import (
    SELECTION_CHOICES,
    pretrain_batches_per_epoch,
    shift_sizes,
    shift_summary,
    spec_curve,
)
from negresults.transfer.report.words import CHOICE_WORDS, SHORT, VERDICT_WORDS
from negresults.verdicts import EQUIVALENT, INCONCLUSIVE, NEGATIVE, POSITIVE, UNTESTABLE

COLORS = dict(zip(ARMS, ("#555555", "#1f77b4", "#9467bd", "#2ca02c", "#d62728"), strict=True))
VERDICT_COLORS = {
    POSITIVE: "#1f77b4",
    NEGATIVE: "#d62728",
    EQUIVALENT: "#2ca02c",
    INCONCLUSIVE: "#999999",
    UNTESTABLE: "#dddddd",
}


def samples(cfg: TransferConfig, seed: int = 0, per_class: int = 1) -> Figure:
    """One source image per class at every shift level, and target test images below."""
    levels = cfg.levels
    k = cfg.num_classes
    rows = len(levels) + per_class
    fig, axes = plt.subplots(rows, k, figsize=(k * 0.62, rows * 0.7), squeeze=False)
    for r, level in enumerate(levels):
        params = pretrain_config(cfg, seed, device="cpu", level=level)
        (sx, sy), _ = load_source(params)
        for c in range(k):
            idx = np.flatnonzero(sy.numpy() == c)[:1]
            if len(idx):
                _show(axes[r, c], sx[idx[0]])
        axes[r, 0].set_ylabel(
            textwrap.fill(LEVEL_LABELS.get(level, level), 26),
            fontsize=6,
            rotation=0,
            ha="right",
            va="center",
        )
    params = pretrain_config(cfg, seed, device="cpu")
    tx, ty = load_target(params, seed).test()
    for j in range(per_class):
        for c in range(k):
            idx = np.flatnonzero(ty.numpy() == c)[j : j + 1]
            if len(idx):
                _show(axes[len(levels) + j, c], tx[idx[0]])
        axes[len(levels) + j, 0].set_ylabel(
            "target", fontsize=7, rotation=0, ha="right", va="center"
        )
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout(pad=0.2)
    return fig


def _show(ax, image) -> None:
    img = image.numpy()
    if img.shape[0] == 1:
        ax.imshow(img[0], cmap="gray", vmin=0, vmax=1)
    else:
        ax.imshow(np.clip(img.transpose(1, 2, 0), 0, 1))


def disagreements(results: Results, arm: str, seed: int) -> dict[str, np.ndarray]:
    """Test positions where exactly one of ``arm`` and scratch is right (Table 1's size, one seed)."""
    size = results.cfg.table_size
    run_a, run_b = results.run(arm, size, seed), results.run("scratch", size, seed)
    label = run_a.arrays("test")["label"]
    assert np.array_equal(label, run_b.arrays("test")["label"])
    pa, pb = results.pick(run_a), results.pick(run_b)
    ga, gb = results.grid(run_a), results.grid(run_b)
    ea, eb = list(pa.steps).index(pa.step), list(pb.steps).index(pb.step)
    a_pred, b_pred = ga["test_pred"][pa.point, ea], gb["test_pred"][pb.point, eb]
    a_right, b_right = a_pred == label, b_pred == label
    return {
        "arm_wrong_scratch_right": np.flatnonzero(~a_right & b_right),
        "scratch_wrong_arm_right": np.flatnonzero(a_right & ~b_right),
        "label": label,
        "arm_pred": a_pred,
        "scratch_pred": b_pred,
    }


def representative_seed(results: Results, arm: str = "finetune") -> tuple[int, float]:
    """The seed whose gain (``arm`` minus scratch, test points, Table 1's size) is the median
    gain over all seeds (the one nearest it, the smaller seed on a tie), and that gain."""
    cfg = results.cfg
    gains = results.test_acc(arm, cfg.table_size, cfg.seeds) - results.test_acc(
        "scratch", cfg.table_size, cfg.seeds
    )
    median = float(np.median(gains))
    i = min(range(len(gains)), key=lambda j: (abs(gains[j] - median), cfg.seeds[j]))
    return int(cfg.seeds[i]), float(gains[i])


def disagreement_counts(results: Results, arm: str = "finetune") -> dict[str, int]:
    """Test images one model gets wrong and the other right, summed over every seed."""
    cfg = results.cfg
    out = {"arm_wrong_scratch_right": 0, "scratch_wrong_arm_right": 0, "images": 0}
    for seed in cfg.seeds:
        d = disagreements(results, arm, seed)
        out["arm_wrong_scratch_right"] += len(d["arm_wrong_scratch_right"])
        out["scratch_wrong_arm_right"] += len(d["scratch_wrong_arm_right"])
        out["images"] += len(d["label"])
    return out


def figure1(
    results: Results, arm: str = "finetune", seed: int | None = None, n: int = 12
) -> Figure:
    """Left: test images ``arm`` gets wrong and scratch gets right; right: the reverse.

    Drawn for ``seed``, by default the representative one (:func:`representative_seed`).
    """
    cfg = results.cfg
    seed = representative_seed(results, arm)[0] if seed is None else seed
    run = results.run(arm, cfg.table_size, seed)
    test_x, _ = load_target(run.config, seed).test()
    d = disagreements(results, arm, seed)
    cols = 4
    rows = max(1, -(-n // cols))
    fig = plt.figure(figsize=(2 * cols * 0.95 + 0.4, rows * 1.2 + 0.6))
    sub = fig.subfigures(1, 2, wspace=0.05)
    short = {"finetune": "T", "linear_probe": "P", "frozen_head": "H"}.get(arm, "T")
    panels = (
        ("arm_wrong_scratch_right", "Transferred wrong, scratch right"),
        ("scratch_wrong_arm_right", "Scratch wrong, transferred right"),
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


def shift_figure(results: Results) -> Figure:
    """Fine-tune minus scratch against target size, one line (95% CI band) per shift level."""
    cfg = results.cfg
    summary = shift_summary(results)
    sizes = shift_sizes(results).set_index("level")
    # The legend's labels are long: below the plot, so the plot keeps the page's full width.
    fig, ax = plt.subplots(figsize=(7, 5.2))
    if summary.empty:
        ax.text(0.5, 0.5, "fine-tuning not run", ha="center", va="center", transform=ax.transAxes)
        return fig
    cmap = plt.get_cmap("viridis")
    for i, level in enumerate(cfg.levels):
        t = summary[summary.level == level].sort_values("size")
        color = cmap(i / max(1, len(cfg.levels) - 1))
        label = f"{LEVEL_LABELS.get(level, level)} ({sizes.loc[level, 'source_only']:.0f}%)"
        ax.plot(t["size"], t["diff"], "o-", color=color, label=label, ms=4)
        ax.fill_between(t["size"], t["low"], t["high"], color=color, alpha=0.12)
    ax.axhline(0, color="black", lw=0.8)
    for m in (-cfg.equivalence_margin, cfg.equivalence_margin):
        ax.axhline(m, color="black", lw=0.6, ls=":")
    ax.set_xscale("log", base=2)
    ax.set_xticks(cfg.target_sizes, [str(s) for s in cfg.target_sizes])
    ax.set_xlabel("target training images per class")
    ax.set_ylabel("fine-tune minus scratch (points)")
    ax.set_title(
        f"Paired difference, 95% CI over {len(cfg.shift_seed_list)} seeds; dotted: ±margin",
        fontsize=9,
    )
    ax.legend(
        fontsize=8,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        title="source (source-only accuracy on the target)",
        title_fontsize=8,
        frameon=False,
    )
    fig.tight_layout()
    return fig


def _estimates(ax, df, x) -> None:
    """Each analysis's estimate and 95% CI at ``x``, coloured by verdict; the oracle's
    (an upper bound) hollow."""
    for xi, (_, r) in zip(x, df.iterrows(), strict=True):
        color = VERDICT_COLORS[r.verdict]
        ax.errorbar(
            xi,
            r["diff"],
            yerr=[[r["diff"] - r.low], [r.high - r["diff"]]],
            fmt="o",
            color=color,
            mfc="white" if r.oracle else color,
            ms=3.5,
            capsize=1.5,
            lw=0.8,
        )


def _zero_and_margin(ax, margin: float) -> None:
    ax.axhline(0, color="black", lw=0.8)
    for m in (-margin, margin):
        ax.axhline(m, color="black", lw=0.6, ls=":")


def _verdict_legend(ax_or_fig, df, **kw) -> None:
    handles = [
        plt.Line2D([], [], marker="o", ls="", color=c, label=VERDICT_WORDS[v])
        for v, c in VERDICT_COLORS.items()
        if (df.verdict == v).any()
    ]
    if df.oracle.any():
        handles.append(
            plt.Line2D(
                [], [], marker="o", ls="", color="0.3", mfc="white", label="oracle (upper bound)"
            )
        )
    ax_or_fig.legend(handles=handles, fontsize=7, **kw)


def spec_figure(results: Results, arm: str = "finetune") -> Figure:
    """The specification curve at Table 1's size and source: estimate and 95% CI per way of
    choosing settings, sorted, the choices each made marked below (Table 1's own boxed)."""
    cfg = results.cfg
    curve = spec_curve(results, arm)
    df = curve[(curve["size"] == cfg.table_size) & (curve.level == cfg.table_level)]
    df = df.reset_index(drop=True)
    x = np.arange(len(df))
    fig, (ax, ax2) = plt.subplots(
        2, 1, figsize=(7, 5.2), sharex=True, gridspec_kw={"height_ratios": [2.0, 1.6]}
    )
    if df.empty:
        ax.text(0.5, 0.5, "not run", ha="center", va="center", transform=ax.transAxes)
        return fig
    _estimates(ax, df, x)
    _zero_and_margin(ax, cfg.equivalence_margin)
    for i in np.flatnonzero(df.table1.to_numpy(dtype=bool)):
        ax.axvspan(i - 0.45, i + 0.45, color="0.85", zorder=0)
        ax2.axvspan(i - 0.45, i + 0.45, color="0.85", zorder=0)
    ax.set_ylabel(f"{SHORT[arm]} minus scratch\n(points, 95% CI)", fontsize=8)
    _verdict_legend(ax, df, loc="upper left")
    marks = [
        (f"{choice}: {value}", df[choice] == value)
        for choice in SELECTION_CHOICES
        for value in CHOICE_WORDS[choice].values()
        if (df[choice] == value).any()
    ]
    for j, (_name, mask) in enumerate(marks):
        ax2.scatter(x[mask.to_numpy()], np.full(int(mask.sum()), j), marker="s", s=12, color="0.2")
    ax2.set_yticks(range(len(marks)), [m[0] for m in marks], fontsize=7)
    ax2.set_ylim(len(marks) - 0.5, -0.5)
    ax2.set_xticks(x, [str(i + 1) for i in x], fontsize=6)
    ax2.set_xlabel("way of choosing settings, sorted by estimate (grey: Table 1's own)")
    fig.tight_layout()
    return fig


def spec_grid_figure(results: Results, arm: str = "finetune") -> Figure:
    """Every analysis of the specification curve: one panel per (source, target size), each
    the cell's ways of choosing settings sorted by estimate; Table 1's panel framed."""
    cfg = results.cfg
    df = spec_curve(results, arm)
    if df.empty:
        fig, ax = plt.subplots(figsize=(6, 2))
        ax.text(0.5, 0.5, "not run", ha="center", va="center", transform=ax.transAxes)
        ax.axis("off")
        return fig
    sizes = sorted(set(df["size"]))
    levels = [lv for lv in dict.fromkeys((*cfg.levels, cfg.table_level)) if (df.level == lv).any()]
    fig, axes = plt.subplots(
        len(levels),
        len(sizes),
        figsize=(1.9 + 1.9 * len(sizes), 0.6 + 1.35 * len(levels)),
        squeeze=False,
    )
    for r, level in enumerate(levels):
        for c, size in enumerate(sizes):
            ax = axes[r, c]
            here = df[(df["size"] == size) & (df.level == level)].sort_values("diff")
            ax.set_xticks([])
            ax.tick_params(labelsize=6)
            if r == 0:
                ax.set_title(f"{size} images per class", fontsize=8)
            if c == 0:
                label = textwrap.fill(LEVEL_LABELS.get(level, level), 24)
                ax.set_ylabel(label, fontsize=7, rotation=0, ha="right", va="center")
            if here.empty:
                ax.text(
                    0.5,
                    0.5,
                    "not run",
                    ha="center",
                    va="center",
                    fontsize=7,
                    transform=ax.transAxes,
                )
                continue
            _zero_and_margin(ax, cfg.equivalence_margin)
            _estimates(ax, here, np.arange(len(here)))
            # Each panel is scaled to its own estimates, never narrower than twice the margin
            # each side: one shared scale, set by the widest interval of twenty panels, had
            # flattened every other panel onto its zero line. Intervals past it are cut.
            m = cfg.equivalence_margin
            lo, hi = min(float(here["diff"].min()), -2 * m), max(float(here["diff"].max()), 2 * m)
            pad = 0.25 * (hi - lo)
            ax.set_ylim(lo - pad, hi + pad)
            if (size, level) == (cfg.table_size, cfg.table_level):
                for spine in ax.spines.values():
                    spine.set_linewidth(2.0)
                ax.set_title(
                    f"{size} images per class (Table 1)" if r == 0 else "Table 1",
                    fontsize=8,
                    fontweight="bold",
                )
            ax.set_xlabel(f"{int(here.seeds.iloc[0])} seeds", fontsize=6, labelpad=1)
    _verdict_legend(fig, df, loc="upper center", ncol=6, frameon=False)
    fig.supxlabel(
        f"ways of choosing settings, each panel sorted by {SHORT[arm]} minus scratch "
        "(points, 95% CI; dotted: the margin; each panel on its own scale)",
        fontsize=7,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return fig


def learning_curves(
    results: Results, size: int | None = None, arms: Sequence[str] | None = None, ax=None
) -> Figure:
    """Validation accuracy of the chosen grid point against step: mean and ±1 std band per arm."""
    cfg = results.cfg
    size = cfg.table_size if size is None else size
    arms = [a for a in (arms or cfg.all_arms) if a in cfg.all_arms]
    fig = ax.figure if ax is not None else plt.figure(figsize=(6, 3.4))
    ax = ax or fig.add_subplot()
    for i, arm in enumerate(arms):
        picks = [results.pick(results.run(arm, size, s)) for s in cfg.seeds]
        curves = np.array([p.val_curve for p in picks])
        steps = np.array(picks[0].steps)
        m, sd = curves.mean(0), curves.std(0, ddof=1) if len(curves) > 1 else 0 * curves[0]
        # Transferred arms' curves nearly coincide: every other one dashed with hollow marks,
        # so a curve drawn under another still shows.
        dashed = i % 2 == 0 and i > 0
        ax.plot(
            steps,
            m,
            "o--" if dashed else "o-",
            color=COLORS[arm],
            ms=4 if dashed else 3,
            mfc="white" if dashed else COLORS[arm],
            zorder=3 if dashed else 2,
            label=ARM_LABELS[arm],
        )
        ax.fill_between(steps, m - sd, m + sd, color=COLORS[arm], alpha=0.15)
    budgets = sorted(
        {p.budget for arm in arms for p in [results.pick(results.run(arm, size, cfg.seeds[0]))]}
    )
    for b in budgets:
        if b > 0:
            ax.axvline(b, color="black", lw=0.6, ls=":")
    ax.set_xlabel(
        "training step on the target (dotted: end of the budget; past it, read by no selection rule)"
    )
    ax.set_ylabel("validation accuracy (%)")
    ax.set_title(f"{size} images per class; mean ± 1 std over {len(cfg.seeds)} seeds", fontsize=9)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig


def per_seed(results: Results) -> Figure:
    """Every seed's test accuracy per arm at Table 1's size, seeds joined across arms (pairing)."""
    cfg = results.cfg
    arms = cfg.all_arms
    fig, ax = plt.subplots(figsize=(6, 3.4))
    acc = np.array([results.test_acc(a, cfg.table_size, cfg.seeds) for a in arms]).T
    for row in acc:
        ax.plot(range(len(arms)), row, color="0.7", lw=0.8, zorder=1)
    for j, arm in enumerate(arms):
        ax.scatter(np.full(len(acc), j), acc[:, j], color=COLORS[arm], zorder=2, s=18)
    ax.set_xticks(range(len(arms)), [textwrap.fill(SHORT[a], 12) for a in arms], fontsize=7)
    ax.set_ylabel("target test accuracy (%)")
    ax.set_title(f"{cfg.table_size} images per class; grey lines join one seed", fontsize=9)
    fig.tight_layout()
    return fig


def pretraining_curves(results: Results) -> Figure:
    """Source validation accuracy per pretraining epoch: mean over seeds, one line per level."""
    df = results.pretraining_curves
    fig, ax = plt.subplots(figsize=(7, 3))
    # The levels, then any other source that ran (Table 1's handwriting alone).
    levels = dict.fromkeys((*results.cfg.levels, results.cfg.table_level, *df.level))
    markers = iter("osD^v<>ph*" * 3)  # overlapping lines stay told apart
    for level in [lv for lv in levels if (df.level == lv).any()]:
        m = df[df.level == level].groupby("epoch").source_val_acc.mean()
        label = textwrap.fill(LEVEL_LABELS.get(level, level), 34)
        ax.plot(m.index, m.values, "-", ms=3, label=label, marker=next(markers), alpha=0.85)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    cfg = results.cfg
    per_epoch = pretrain_batches_per_epoch(cfg)
    ax.set_xlabel(f"pretraining epoch ({per_epoch} batches of {cfg.batch_size})")
    ax.set_ylabel("source validation accuracy (%)")
    ax.legend(
        fontsize=6, loc="center left", bbox_to_anchor=(1.01, 0.5), title="source", title_fontsize=7
    )
    fig.tight_layout()
    return fig
