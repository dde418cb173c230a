"""Cleaning a results store: runs the current code can never serve, and killed writes' leftovers.

A run's key hashes its config and its study's compute code
(:mod:`negresults.runkeys`), so a run made by an older version of that
code, or by another checkout sharing the store (another branch), sits in a
folder whose name no longer matches the key its own config gets today.
:func:`gc` finds those folders and, unless asked for a dry run, removes them;
``negresults gc`` always reports first, so the user reads how much goes before
it goes. :func:`remove_stale_tmp` clears the ``.tmp-*`` folders of writes
killed midway (a sweep calls it before it starts).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock
from filelock import Timeout as LockTimeout

from negresults.runkeys import run_key
from negresults.store import KEY_NAME, LOCKS, ResultStore
from negresults.storefs import folder_bytes, human_bytes

STALE_TMP_S = 24 * 3600.0


@dataclass
class GcReport:
    """What :func:`gc` found (and removed unless it was a dry run)."""

    paths: list[Path] = field(default_factory=list)  # run folders of other code versions
    bytes: int = 0  # their total size
    removed: bool = False
    unreadable: list[Path] = field(default_factory=list)  # left alone: not ours to judge
    kept: list[Path] = field(default_factory=list)  # old, but could not be removed (permissions)

    @property
    def count(self) -> int:
        return len(self.paths)

    def summary(self) -> str:
        verb = "removed" if self.removed else "would remove"
        return f"{verb} {self.count} runs of old code versions ({human_bytes(self.bytes)})"


def gc(store: ResultStore, kinds: Iterable[str] | None = None, dry_run: bool = False) -> GcReport:
    """Find (and unless ``dry_run``, remove) runs of ``store`` whose key no longer matches the code.

    Only ``kinds`` when given. Call it with ``dry_run=True`` first to tell the
    user how many and how much. Each run is renamed aside before it is
    deleted, so an interrupted gc never leaves a half-deleted run that looks
    valid (:func:`remove_stale_tmp` clears what an interrupted one
    left aside); runs it may not remove are moved from ``paths`` to ``kept``,
    runs whose config it may not read are listed in ``unreadable``.
    """
    report = GcReport()
    wanted = None if kinds is None else set(kinds)
    for kind, path in run_folders(store.root):
        if wanted is not None and kind not in wanted:
            continue
        try:
            config = json.loads((path / "config.json").read_text())
        except PermissionError:
            report.unreadable.append(path)
            continue
        except (OSError, ValueError):
            continue  # not a finished run of any version; get() deals with it
        try:
            current = run_key(kind, config) == path.name
        except TypeError:
            continue
        if not current:
            report.paths.append(path)
            report.bytes += folder_bytes(path)
    if dry_run:
        return report
    for path in list(report.paths):
        size = folder_bytes(path)
        aside = path.parent / f".gc-{path.name}-{uuid.uuid4().hex[:8]}"
        try:
            path.rename(aside)
        except OSError:
            report.paths.remove(path)
            report.kept.append(path)
            report.bytes -= size
            continue
        shutil.rmtree(aside, ignore_errors=True)
        _remove_lock(path.parent, path.name)
    report.removed = True
    return report


def run_folders(root: Path) -> Iterator[tuple[str, Path]]:
    """(kind, folder) of every run folder under ``root``, whatever its code version."""
    for dirpath, dirnames, _ in os.walk(root):
        runs = sorted(d for d in dirnames if KEY_NAME.fullmatch(d))
        for name in runs:
            yield Path(dirpath).relative_to(root).as_posix(), Path(dirpath) / name
        # Run folders hold only files; bookkeeping folders hold no runs.
        dirnames[:] = sorted(d for d in dirnames if d not in runs and not d.startswith("."))


def _remove_lock(kind_dir: Path, key: str) -> None:
    lock_path = kind_dir / LOCKS / f"{key}.lock"
    if not lock_path.exists():
        return
    lock = FileLock(lock_path, timeout=0)
    # Only a lock nobody holds may go: unlinking a held one would let a
    # second process lock a new file of the same name.
    with contextlib.suppress(LockTimeout, OSError), lock:
        lock_path.unlink()


def remove_stale_tmp(store: ResultStore, max_age_s: float = STALE_TMP_S) -> int:
    """Remove ``.tmp-*`` folders of writes interrupted over ``max_age_s`` ago; return how many.

    A write takes seconds, so a temporary folder a day old belongs to a
    writer that was killed; younger ones may still be in use. The ``.gc-*``
    folders an interrupted :func:`gc` left aside go too, whatever their age.
    """
    removed = 0
    cutoff = time.time() - max_age_s
    for folder in _bookkeeping_folders(store.root, ".tmp-"):
        try:
            if folder.lstat().st_mtime >= cutoff:
                continue
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += not folder.exists()
    for folder in _bookkeeping_folders(store.root, ".gc-"):  # an interrupted gc's leftovers
        shutil.rmtree(folder, ignore_errors=True)
    return removed


def _bookkeeping_folders(root: Path, prefix: str) -> Iterator[Path]:
    for dirpath, dirnames, _ in os.walk(root):
        for d in dirnames:
            if d.startswith(prefix):
                yield Path(dirpath) / d
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and not KEY_NAME.fullmatch(d)]
