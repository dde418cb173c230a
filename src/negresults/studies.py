"""The studies the report holds, looked up by name."""

from __future__ import annotations

import importlib

from negresults.config import ConfigError
from negresults.study import Study

# name -> "module:class"; a new study is one line here.
REGISTRY = {
    "shape_color": "negresults.shape_color.study:ShapeColorStudy",
    "transfer": "negresults.transfer.study:TransferStudy",
}
STUDIES = tuple(REGISTRY)


def get(name: str) -> Study:
    """The study called ``name``, or one clear error naming the valid choices."""
    if name not in REGISTRY:
        raise ConfigError(f"unknown study {name!r}; valid choices: {', '.join(STUDIES)}")
    module, _, cls = REGISTRY[name].partition(":")
    return getattr(importlib.import_module(module), cls)()


def all_studies() -> list[Study]:
    return [get(name) for name in STUDIES]
