"""The names the transfer study declares, and the dataset facts known without reading data.

A config validates against these and the compute code implements them, so
both import them from here: a study's ``config.py`` never imports its
``compute/`` (which may import the config's names, never the other way round).
What each name means is told where it is implemented: the shift levels in
:mod:`.compute.data`, the augmentations in :mod:`.compute.train`, how each
dataset is read in :mod:`.compute.datasets`.
"""

from __future__ import annotations

from dataclasses import dataclass

from negresults.config import ConfigError

# Source -> target shift levels of the digits pair, subtlest first: the no-shift
# control, two mixes of handwriting and acquired fonts, then fonts alone.
SHIFT_LEVELS = ("writers", "mixed_light", "mixed_heavy", "acquired", "lowres", "fonts", "outline")
# The no-shift control (more of the target's own handwriting): not a shift level.
CONTROL_LEVEL = "writers"
# Levels whose source mixes the control's handwriting with acquired font renderings,
# in the order of the config's ``mixed_font_shares``.
MIXED_LEVELS = ("mixed_light", "mixed_heavy")
# Table 1's mixed source without its fonts: the same handwritten images, alone. A source
# for a control (what the fonts add beside that handwriting), not a level of the shift axis.
HANDWRITING_SOURCE = "handwriting"
# Augmentations a fit may choose from: none, or a random translation.
AUGMENTS = ("none", "shift")
# The classes CIFAR-10 and STL-10 share (CIFAR's frog and STL's monkey are dropped).
SHARED_CLASSES = ("airplane", "car", "bird", "cat", "deer", "dog", "horse", "ship", "truck")


@dataclass(frozen=True)
class DatasetShape:
    """What a model must know of a dataset pair: how many classes, how many channels."""

    num_classes: int
    channels: int


DATASETS: dict[str, DatasetShape] = {
    "digits": DatasetShape(num_classes=10, channels=1),
    "mnist_usps": DatasetShape(num_classes=10, channels=1),
    "cifar_stl": DatasetShape(num_classes=len(SHARED_CLASSES), channels=3),
}
NAMES = tuple(DATASETS)


def dataset_shape(name: str) -> DatasetShape:
    if name not in DATASETS:
        raise ConfigError(f"unknown dataset {name!r}; valid choices: {', '.join(NAMES)}")
    return DATASETS[name]
