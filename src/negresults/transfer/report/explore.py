"""An interactive explorer of learning curves (ipywidgets), static in the book.

The book build sets ``NEGRESULTS_STATIC=1``: a widget there would render as a
dead control, so the same figure is drawn once, for every seed and arm.
"""

from __future__ import annotations

import os

import matplotlib.pyplot as plt

from negresults.transfer.config import ARM_LABELS
from negresults.transfer.report.figures import learning_curves
from negresults.transfer.report.results import Results

STATIC_ENV = "NEGRESULTS_STATIC"


def is_static() -> bool:
    return os.environ.get(STATIC_ENV, "") not in ("", "0")


def explorer(results: Results):
    """A widget to overlay the learning curves of chosen seeds, arms and size.

    Returns the widget, or (under a static build) a Figure with every curve.
    """
    cfg = results.cfg
    if is_static():
        return learning_curves(results)

    import ipywidgets as w
    from IPython.display import display

    seeds = w.SelectMultiple(
        options=list(cfg.seeds), value=list(cfg.seeds[:1]), description="seeds"
    )
    arms = w.SelectMultiple(
        options=[(ARM_LABELS[a], a) for a in cfg.all_arms],
        value=list(cfg.all_arms),
        description="arms",
    )
    size = w.Dropdown(options=list(cfg.all_sizes), value=cfg.table_size, description="per class")
    out = w.Output()

    def redraw(*_):
        with out:
            out.clear_output(wait=True)
            fig = learning_curves(results, size=size.value, seeds=seeds.value, arms=arms.value)
            display(fig)
            plt.close(fig)

    for control in (seeds, arms, size):
        control.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([seeds, arms, size]), out])
