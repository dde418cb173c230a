"""The filesystem under a results store: may runs be written there, will one fit, and how.

:func:`check_writable` and :func:`check_space` refuse a store in one line
before anything is trained (:class:`StoreError`, naming the setting to
change); the helpers below them write files durably and give folders the
modes the umask asks for, so a store can be shared by a group.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path


class StoreError(RuntimeError):
    """The store cannot be used (for example, its folder cannot be written)."""


def check_writable(root: Path, origin: str) -> None:
    """Fail early, with one clear line, if runs could not be written under ``root``.

    ``origin`` says how the user chose ``root`` (a CLI flag, say), so the
    error tells them to change what they actually set.
    """
    if root.exists() and not root.is_dir():
        # mkdir's own message, "File exists", hides what is wrong.
        raise StoreError(
            f"results store {str(root)!r} is a file, not a folder; point {origin} at a folder"
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".probe-"):
            pass
    except OSError as err:
        raise StoreError(
            f"results store {str(root)!r} cannot be written ({err.strerror or err}); "
            f"point {origin} at a writable folder"
        ) from None


def check_space(root: Path, need: int, origin: str, kind: str | None = None) -> None:
    """Fail with one clear line if the disk under ``root`` has less than ``need`` bytes free.

    A full disk passes :func:`check_writable` (an empty probe file fits), so
    without this every run would train and then fail while being stored.
    """
    where = root
    while not where.exists() and where != where.parent:
        where = where.parent
    try:
        free = shutil.disk_usage(where).free
    except OSError:
        return  # no answer about space; writing will tell
    if free < need:
        raise StoreError(
            f"results store {str(root)!r} has {human_bytes(free)} free, less than the "
            f"{human_bytes(need)} a run{f' of {kind}' if kind else ''} may need; "
            f"free some space or point {origin} at a folder on another disk"
        )


def largest_folder_bytes(base: Path, names: re.Pattern[str], sample: int = 20) -> int:
    """Size of the largest of the first ``sample`` folders of ``base`` whose name fits ``names``."""
    largest = 0
    with contextlib.suppress(OSError):
        found = sorted(n for n in os.listdir(base) if names.fullmatch(n))
        for name in found[:sample]:
            largest = max(largest, folder_bytes(base / name))
    return largest


def folder_bytes(path: Path) -> int:
    """Total size of the files directly in ``path`` (unreadable entries count as nothing)."""
    total = 0
    with contextlib.suppress(OSError):
        for entry in os.scandir(path):
            with contextlib.suppress(OSError):
                total += entry.stat(follow_symlinks=False).st_size
    return total


def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TiB"


def current_umask() -> int:
    """The process umask, read without changing it where the OS allows."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o022)  # not thread-safe, hence only the fallback
    os.umask(mask)
    return mask


def dir_mode(path: Path) -> int:
    """The mode the umask gives a new folder, keeping a setgid bit ``path`` inherited."""
    # Shared stores use the setgid bit to give every run folder the store's group.
    inherited = os.stat(path).st_mode & stat.S_ISGID
    return (0o777 & ~current_umask()) | inherited


def write_synced(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` and wait until it is on disk."""
    with path.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def fsync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable (best effort: some filesystems refuse)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
