"""Study A, "Partial failures": shape x colour zero-shot classification."""

from negresults.shape_color.compute.plan import plan
from negresults.shape_color.config import (
    ABLATIONS,
    COLOUR_PRESSURES,
    CONTROLS,
    PRESETS,
    VARIANTS,
    ShapeColorConfig,
)
from negresults.shape_color.report.results import Results, load_results

Config = ShapeColorConfig
NOTEBOOK_PARAMETERS = ("seeds", "ablations", "colour_pressure", "preset", "device")

__all__ = [
    "ABLATIONS",
    "COLOUR_PRESSURES",
    "CONTROLS",
    "NOTEBOOK_PARAMETERS",
    "PRESETS",
    "Config",
    "Results",
    "ShapeColorConfig",
    "VARIANTS",
    "load_results",
    "plan",
]
