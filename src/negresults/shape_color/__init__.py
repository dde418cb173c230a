"""Study A, "Partial failures": shape x colour zero-shot classification.

The contract with the rest of the project: ``Config`` (built with
``Config.from_params``), ``plan(cfg)`` (stages of tasks) and
``NOTEBOOK_PARAMETERS`` (the papermill parameters of the chapters).
"""

from negresults.shape_color.config import (
    ABLATIONS,
    COLOUR_PRESSURES,
    PRESETS,
    ShapeColorConfig,
)
from negresults.shape_color.experiment import Results, load_results, plan

Config = ShapeColorConfig
NOTEBOOK_PARAMETERS = ("seeds", "ablations", "colour_pressure", "preset", "device")

__all__ = [
    "ABLATIONS",
    "COLOUR_PRESSURES",
    "NOTEBOOK_PARAMETERS",
    "PRESETS",
    "Config",
    "Results",
    "ShapeColorConfig",
    "load_results",
    "plan",
]
