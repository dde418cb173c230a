"""The names Study A declares that its compute code also needs.

The config validates against these and the compute code implements them, so
both import them from here: ``config.py`` stays outside the compute package's
import closure (the run key's code version), and a change to a preset (its
seeds, say) re-keys only the runs whose resolved config it changes. What each
shape looks like is told where it is drawn, in :mod:`.compute.data`.
"""

from __future__ import annotations

# The shape classes, in class order (class k is drawn as SHAPES[k]).
SHAPES = ("circle", "square", "triangle", "cross", "star", "ring", "crescent", "tee")
# The single-attribute controls: one head trained; they use the baseline's tuned rate.
CONTROLS = ("shape_only", "colour_only")
