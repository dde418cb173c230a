"""Study B, "Failure of model transfer": pretrained vs scratch under a subtle shift.

The contract with the rest of the project: ``Config`` (presets, strict
overrides), ``plan(cfg)`` (stages of tasks) and ``NOTEBOOK_PARAMETERS``.
"""

from negresults.transfer.config import ARMS, DATASETS, PRESETS, TransferConfig
from negresults.transfer.experiment import Results, load_results, plan

Config = TransferConfig
NOTEBOOK_PARAMETERS = ("seeds", "arms", "target_sizes", "preset", "device")

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
