"""Interactive explorers for a live kernel, with static figures for the built book.

:func:`show_samples` and :func:`show_curves` display an ipywidgets explorer
when :func:`negresults.report.is_live` says a person is at the kernel, and a
static figure otherwise, so the rendered book never shows a dead widget.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display

from negresults.reporting import widgets_wanted
from negresults.shape_color.compute.data import class_hues, held_out_pairs, make_set
from negresults.shape_color.config import SHAPES, VARIANT_LABELS, ShapeColorConfig
from negresults.shape_color.report.figures import CURVES, learning_curves, sample_figure
from negresults.shape_color.report.results import Results
from negresults.training import seed_stream

SPLITS = ("train (seen pairs)", "test", "colour-critical")


def sample_panel(
    cfg: ShapeColorConfig, shape: int, colour: int, split: str, seed: int = 0, count: int = 8
) -> plt.Figure:
    """``count`` images of one (shape, colour) pair drawn as the chosen split draws them."""
    held = held_out_pairs(cfg.n_classes, cfg.held_out_pairs, seed_stream(seed, "split"))
    offset = cfg.critical_offset if split == "colour-critical" else 0.0
    images = make_set(cfg, np.array([[shape, colour]]), count, seed, hue_offset=offset).render(
        rng=np.random.default_rng(seed)
    )
    fig, axes = plt.subplots(1, count, figsize=(1.1 * count, 1.5))
    for ax, img in zip(axes, images, strict=True):
        ax.imshow(np.clip(img.permute(1, 2, 0).numpy(), 0, 1), interpolation="nearest")
        ax.axis("off")
    status = "held out (never trained on)" if held[shape, colour] else "seen in training"
    if split.startswith("train") and held[shape, colour]:
        status = "held out: this pair has no training images"
    hue = f"{class_hues(cfg.n_classes)[colour]:.0f}" + (f" ± {offset:g}" if offset else "")
    fig.suptitle(f"{SHAPES[shape]}, hue {hue}°: {status}", fontsize=9)
    fig.tight_layout()
    return fig


def show_samples(cfg: ShapeColorConfig, seed: int = 0) -> None:
    if not widgets_wanted():
        display(sample_figure(cfg, seed))
        plt.close("all")
        return
    import ipywidgets as w

    n = cfg.n_classes
    shape = w.Dropdown(options=[(SHAPES[i], i) for i in range(n)], description="shape")
    colour = w.Dropdown(
        options=[(f"hue {h:.0f}°", i) for i, h in enumerate(class_hues(n))], description="colour"
    )
    split = w.Dropdown(options=SPLITS, description="split")
    out = w.Output()

    def redraw(*_):
        with out:
            out.clear_output(wait=True)
            display(sample_panel(cfg, shape.value, colour.value, split.value, seed))
            plt.close("all")

    for control in (shape, colour, split):
        control.observe(redraw, names="value")
    redraw()
    display(w.VBox([w.HBox([shape, colour, split]), out]))


def show_curves(results: Results) -> None:
    """Overlay chosen seeds and variants (live), or every variant's curves (static)."""
    if not widgets_wanted():
        display(learning_curves(results))
        plt.close("all")
        return
    import ipywidgets as w

    all_seeds = sorted(int(x) for x in results.final.seed.unique())
    seeds = w.SelectMultiple(
        options=all_seeds,
        value=tuple(all_seeds),
        description="seeds",
    )
    variants = w.SelectMultiple(
        options=[(VARIANT_LABELS[v], v) for v in VARIANT_LABELS if v in set(results.final.variant)],
        value=("baseline",),
        description="variants",
    )
    metrics = w.SelectMultiple(options=list(CURVES), value=tuple(CURVES), description="metrics")
    out = w.Output()

    def redraw(*_):
        with out:
            out.clear_output(wait=True)
            if seeds.value and variants.value and metrics.value:
                display(learning_curves(results, variants.value, seeds.value, metrics.value))
                plt.close("all")

    for control in (seeds, variants, metrics):
        control.observe(redraw, names="value")
    redraw()
    display(w.VBox([w.HBox([seeds, variants, metrics]), out]))


__all__ = ["sample_panel", "show_curves", "show_samples"]
