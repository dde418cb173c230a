"""The studies the report holds, looked up by name."""

from __future__ import annotations

from negresults.config import ConfigError
from negresults.shape_color.study import ShapeColorStudy
from negresults.study import Study
from negresults.transfer.study import TransferStudy

# name -> study class; a new study is one line here.
REGISTRY: dict[str, type[Study]] = {cls.name: cls for cls in (ShapeColorStudy, TransferStudy)}
STUDIES = tuple(REGISTRY)


def get(name: str) -> Study:
    """The study called ``name``, or one clear error naming the valid choices."""
    if name not in REGISTRY:
        raise ConfigError(f"unknown study {name!r}; valid choices: {', '.join(STUDIES)}")
    return REGISTRY[name]()


def all_studies() -> list[Study]:
    return [get(name) for name in STUDIES]
