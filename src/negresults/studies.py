"""The studies the report holds, looked up by name."""

from __future__ import annotations

import importlib
from types import ModuleType

from negresults.config import ConfigError

STUDIES = ("shape_color", "transfer")


def get(name: str) -> ModuleType:
    """The study package ``negresults.<name>`` (exports ``Config`` and ``plan``)."""
    if name not in STUDIES:
        raise ConfigError(f"unknown study {name!r}; valid choices: {', '.join(STUDIES)}")
    return importlib.import_module(f"negresults.{name}")
