"""The toy study's config: one run field, three presets."""

from dataclasses import dataclass

from negresults.config import StudyConfig, param

SAMPLE_SIZE = 100  # draws per run


@dataclass(frozen=True)
class ToyConfig(StudyConfig):
    shift: float = param(1.0, "mean of the sampled normal distribution")
    equivalence_margin: float = param(
        0.5, "a difference inside +-this is no change", scope="report"
    )


ToyConfig.PRESETS = {p: ToyConfig(preset=p, seeds=(0, 1)) for p in ("smoke", "cpu", "gpu")}
