"""Which source code decides a study's results, and its hash (part of every run key).

A run's key hashes its resolved config and the code that computes it: the
study's ``compute`` package plus the shared compute modules listed in
:data:`SHARED_COMPUTE`. Report code (tables, figures, prose helpers, the
store's own bookkeeping, the CLI) is left out on purpose, so fixing a caption
or a column name never retrains anything, while any edit that could change a
number re-keys exactly the runs it could change.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

# Shared modules whose code runs inside every study's training: the training
# primitives (step, predict, seeding, threads) and device/precision handling.
SHARED_COMPUTE = ("training.py", "devices.py")


def compute_sources(study: str, package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The files whose content decides ``study``'s run results, in a fixed order."""
    files = [package_dir / name for name in SHARED_COMPUTE]
    compute = package_dir / study / "compute"
    if compute.is_dir():
        files += sorted(compute.rglob("*.py"))
    return [f for f in files if f.is_file()]


def hash_sources(files: list[Path], package_dir: Path = PACKAGE_DIR) -> str:
    h = hashlib.sha256()
    for path in files:
        h.update(path.relative_to(package_dir).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]


@cache
def code_version(study: str) -> str:
    """sha256 (16 hex digits) of :func:`compute_sources` of ``study``."""
    return hash_sources(compute_sources(study))


def study_of(kind: str) -> str:
    """A store kind is ``<study>/<what>``; its first part names the study."""
    return kind.partition("/")[0]


@cache
def source_version() -> str:
    """A hash of every source file of the library, report code included.

    Not part of any run key: the book uses it to know when a page must be
    re-executed (a caption edit changes the page, not the runs).
    """
    return hash_sources(sorted(PACKAGE_DIR.rglob("*.py")))
