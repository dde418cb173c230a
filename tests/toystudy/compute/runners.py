"""The toy study's one runner: the mean of a seeded sample (its number decides nothing else)."""

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from negresults.runners import RunOutput, runner
from toystudy.config import SAMPLE_SIZE


@runner("toystudy/mean")
def sample_mean(config: Mapping[str, Any], inputs: Sequence[Any]) -> RunOutput:
    del inputs
    x = np.random.default_rng(config["seed"]).normal(config["shift"], 1.0, SAMPLE_SIZE)
    return RunOutput(metrics={"mean": float(x.mean())})
