"""Study B, "Failure of model transfer": pretrained vs scratch under a subtle shift."""

from negresults.transfer.compute.plan import plan
from negresults.transfer.config import ARMS, DATASETS, PRESETS, TransferConfig
from negresults.transfer.report.results import Results, load_results

Config = TransferConfig
NOTEBOOK_PARAMETERS = ("seeds", "arms", "shift_levels", "target_sizes", "preset", "device")

__all__ = [
    "ARMS",
    "DATASETS",
    "NOTEBOOK_PARAMETERS",
    "PRESETS",
    "Config",
    "Results",
    "TransferConfig",
    "load_results",
    "plan",
]
