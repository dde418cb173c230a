"""An interactive explorer of learning curves (ipywidgets), static in the book.

The book build sets ``NEGRESULTS_STATIC=1``: a widget there would render as a
dead control, so the same figure is drawn once, for every seed and arm.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from negresults.reporting import widgets_wanted
from negresults.transfer.config import ARM_LABELS
from negresults.transfer.report.figures import learning_curves
from negresults.transfer.report.results import Results


def explorer(results: Results):
    """A widget to overlay the learning curves (mean and band) of chosen arms at one size.

    Returns the widget, or (under a static build) the Figure of every arm.
    """
    cfg = results.cfg
    if not widgets_wanted():
        return learning_curves(results)

    import ipywidgets as w
    from IPython.display import display

    arms = w.SelectMultiple(
        options=[(ARM_LABELS[a], a) for a in cfg.all_arms],
        value=list(cfg.all_arms),
        description="arms",
    )
    out = w.Output()

    def redraw(*_):
        with out:
            out.clear_output(wait=True)
            fig = learning_curves(results, arms=arms.value)
            display(fig)
            plt.close(fig)

    arms.observe(redraw, names="value")
    redraw()
    return w.VBox([arms, out])
