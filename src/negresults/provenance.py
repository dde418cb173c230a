"""Where a page's numbers came from: revision, versions, parameters."""

from __future__ import annotations

import platform
import subprocess
from collections.abc import Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from negresults.store import code_version, find_repo_root

KEY_PACKAGES = (
    "negresults",
    "torch",
    "torchvision",
    "numpy",
    "scipy",
    "pandas",
    "matplotlib",
    "scikit-learn",
    "scikit-image",
    "jupyter-book",
    "myst-nb",
    "sphinx",
    "papermill",
    "jupytext",
    "submitit",
)


@cache
def git_revision() -> str:
    """Short commit hash, with ``+dirty`` when the tree has uncommitted changes."""
    root = find_repo_root() or Path.cwd()
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return rev + ("+dirty" if dirty else "")


def package_versions(names: tuple[str, ...] = KEY_PACKAGES) -> pd.DataFrame:
    rows = []
    for name in names:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "not installed"
        rows.append({"package": name, "version": version})
    rows.append({"package": "python", "version": platform.python_version()})
    return pd.DataFrame(rows)


def run_info(params: Mapping[str, Any], **resolved: Any) -> pd.DataFrame:
    """A two-column table of the parameters a page ran with, plus revision and code version."""
    rows = [{"setting": k, "value": _fmt(v)} for k, v in params.items()]
    rows += [{"setting": k, "value": _fmt(v)} for k, v in resolved.items()]
    rows.append({"setting": "git revision", "value": git_revision()})
    rows.append({"setting": "library code version", "value": code_version()})
    return pd.DataFrame(rows).set_index("setting")


def _fmt(v: Any) -> str:
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v))
    return str(v)
