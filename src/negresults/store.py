"""The results store: runs memoised by the hash of what decides their result.

Layout, one folder per run::

    <root>/<kind>/<key>/
        config.json      the resolved config, exactly as hashed
        metrics.json     final scalar metrics (deterministic given the config)
        info.json        facts that vary between identical runs: wall time, host (optional)
        history.csv      one row per epoch (optional)
        *.npz, *.pt      arrays and checkpoints (optional)
        MANIFEST.json    sha256 of every file above; written last

``key`` hashes the resolved config *and* the compute code of the kind's study
(:mod:`negresults.runkeys`), so an edit that could change a number can
never show stale numbers, and an edit to report code retrains nothing.
A run is written into a temporary sibling folder and moved into place with one
``os.rename``: a run killed at any moment leaves either nothing or a folder
that :meth:`ResultStore.get` refuses (no valid manifest), never a half-written
run that counts as done. Corrupted runs are reported with a warning, moved
aside and recomputed.

Several writers (pool workers, two sweeps, two users of a shared store) may
fill one store at once: a run is computed under a per-key file lock
(``<kind>/.locks/<key>.lock``, :mod:`filelock`), and a writer that finds the
identical valid run already in place takes it. Reading needs no write access,
so a complete store on a read-only filesystem is read normally. Run folders
and files honour the umask, so a group-readable umask gives a store the
whole group can read.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import re
import shutil
import stat
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from filelock import FileLock
from filelock import Timeout as LockTimeout

from negresults.runkeys import canonical_json, json_default, run_key
from negresults.runners import RunOutput  # noqa: F401 - re-exported: runs are stored from it

STORE_ENV = "NEGRESULTS_STORE"
MANIFEST = "MANIFEST.json"
SCHEMA = 1
_PACKAGE_DIR = Path(__file__).resolve().parent
LOCKS = ".locks"
# Runs are folders named by their key (see run_key); anything else under a
# kind folder is bookkeeping (.locks, .tmp-*, .corrupt-*, .gc-*).
_KEY_NAME = re.compile(r"[0-9a-f]{16,64}")
# Free space a run needs when no run of its kind is stored yet to go by.
DEFAULT_RUN_BYTES = 32 << 20
STALE_TMP_S = 24 * 3600.0


class StoreError(RuntimeError):
    """The store cannot be used (for example, its folder cannot be written)."""


class StorePermissionError(StoreError):
    """A stored run exists but this account may not read it (never treated as corruption)."""


class RunBusy(StoreError):
    """Another process is computing this run right now (``get_or_run(..., wait=False)``)."""


class CorruptRunWarning(UserWarning):
    """A stored run failed validation; it is moved aside and recomputed."""


def find_repo_root(start: Path | None = None) -> Path | None:
    """The nearest folder above ``start`` holding the book's ``_toc.yml`` and ``pyproject.toml``."""
    candidates = [Path(start or Path.cwd()).resolve()]
    candidates.append(_PACKAGE_DIR.parents[1])  # src/negresults -> repo root when editable
    for base in candidates:
        for d in (base, *base.parents):
            if (d / "_toc.yml").is_file() and (d / "pyproject.toml").is_file():
                return d
    return None


def default_root() -> Path:
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env).expanduser().resolve()
    repo = find_repo_root()
    return (repo / "results") if repo else (Path.cwd() / "results").resolve()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Run:
    """A validated stored run."""

    kind: str
    key: str
    path: Path
    config: dict[str, Any]
    metrics: dict[str, Any]
    _files: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def info(self) -> dict[str, Any]:
        """Run facts that are not results (wall time, host); empty if none were stored."""
        p = self.path / "info.json"
        return json.loads(p.read_text()) if p.exists() else {}

    @property
    def history(self) -> pd.DataFrame:
        p = self.path / "history.csv"
        return pd.read_csv(p) if p.exists() else pd.DataFrame()

    def arrays(self, name: str) -> dict[str, np.ndarray]:
        with np.load(self.path / f"{name}.npz", allow_pickle=False) as z:
            return {k: z[k] for k in z.files}

    def state_dict(self, name: str, map_location: str = "cpu") -> dict[str, Any]:
        import torch

        return torch.load(self.path / f"{name}.pt", map_location=map_location, weights_only=True)

    def file(self, name: str) -> Path:
        return self.path / name


class ResultStore:
    """Memoised, atomic, validated storage of runs (see the module docstring)."""

    def __init__(
        self,
        root: str | os.PathLike[str] | None = None,
        *,
        min_run_bytes: int = DEFAULT_RUN_BYTES,
        origin: str | None = None,
    ):
        self.root = Path(root).expanduser().resolve() if root is not None else default_root()
        # How the user chose this folder (a CLI flag, say), so an error tells
        # them to change what they actually set.
        self.origin = origin or f"${STORE_ENV}"
        self.min_run_bytes = min_run_bytes
        self._run_bytes: dict[str, int] = {}

    def __repr__(self) -> str:
        return f"ResultStore({str(self.root)!r})"

    # -- checks ---------------------------------------------------------
    def check_writable(self) -> None:
        """Fail early, with one clear line, if runs could not be written here."""
        if self.root.exists() and not self.root.is_dir():
            # mkdir's own message, "File exists", hides what is wrong.
            raise StoreError(
                f"results store {str(self.root)!r} is a file, not a folder; "
                f"point {self.origin} at a folder"
            )
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.root, prefix=".probe-"):
                pass
        except OSError as err:
            raise StoreError(
                f"results store {str(self.root)!r} cannot be written ({err.strerror or err}); "
                f"point {self.origin} at a writable folder"
            ) from None

    def check_space(self, kind: str | None = None, expected_bytes: int | None = None) -> None:
        """Fail with one clear line if a run of ``kind`` may not fit on the store's disk.

        A full disk passes :meth:`check_writable` (an empty probe file fits),
        so without this every run would train and then fail while being stored.
        """
        need = self.expected_run_bytes(kind) if expected_bytes is None else expected_bytes
        where = self.root
        while not where.exists() and where != where.parent:
            where = where.parent
        try:
            free = shutil.disk_usage(where).free
        except OSError:
            return  # no answer about space; writing will tell
        if free < need:
            raise StoreError(
                f"results store {str(self.root)!r} has {human_bytes(free)} free, less than the "
                f"{human_bytes(need)} a run{f' of {kind}' if kind else ''} may need; "
                f"free some space or point {self.origin} at a folder on another disk"
            )

    def expected_run_bytes(self, kind: str | None = None) -> int:
        """Twice the largest stored run of ``kind`` (a few sampled), at least ``min_run_bytes``."""
        if kind is None:
            return self.min_run_bytes
        if kind not in self._run_bytes:
            largest = 0
            base = self.root / kind
            with contextlib.suppress(OSError):
                names = sorted(n for n in os.listdir(base) if _KEY_NAME.fullmatch(n))
                for name in names[:20]:
                    largest = max(largest, _folder_bytes(base / name))
            self._run_bytes[kind] = 2 * largest
        return max(self.min_run_bytes, self._run_bytes[kind])

    # -- reading (never needs write access) -----------------------------
    def path_for(self, kind: str, key: str) -> Path:
        return self.root / kind / key

    def contains(self, kind: str, config: Mapping[str, Any]) -> bool:
        """Whether a finished run for ``config`` is in place (cheap: not validated)."""
        path = self.path_for(kind, run_key(kind, config))
        try:
            return (path / MANIFEST).is_file()
        except OSError:
            return False

    def get(self, kind: str, config: Mapping[str, Any]) -> Run | None:
        """The stored run for ``config``, or ``None`` if absent or invalid.

        Raises :class:`StorePermissionError` if the run is there but cannot be
        read: another user's run is not corrupt, and must not be moved aside.
        """
        key = run_key(kind, config)
        path = self.path_for(kind, key)
        try:
            if not path.exists():
                return None
            return self._load(kind, key, path, config)
        except PermissionError as err:
            raise _permission_error(path, err) from None
        except (OSError, ValueError, KeyError, TypeError) as err:
            self._quarantine(path, str(err))
            return None

    def _load(self, kind: str, key: str, path: Path, config: Mapping[str, Any]) -> Run:
        manifest = json.loads((path / MANIFEST).read_text())
        if manifest.get("schema") != SCHEMA or manifest.get("key") != key:
            raise ValueError("manifest does not match this run")
        files: dict[str, str] = manifest["files"]
        for name, digest in files.items():
            if _sha256(path / name) != digest:
                raise ValueError(f"checksum mismatch in {name}")
        stored_config = json.loads((path / "config.json").read_text())
        if canonical_json(stored_config) != canonical_json(config):
            raise ValueError("stored config differs from the requested one")
        metrics = json.loads((path / "metrics.json").read_text())
        return Run(kind, key, path, stored_config, metrics, files)

    def _quarantine(self, path: Path, reason: str) -> None:
        warnings.warn(
            f"stored run {path} is corrupt ({reason}); moving it aside and recomputing",
            CorruptRunWarning,
            stacklevel=3,
        )
        dest = path.parent / f".corrupt-{path.name}-{uuid.uuid4().hex[:8]}"
        with contextlib.suppress(OSError):  # a read-only store keeps it; get() still refuses it
            path.rename(dest)

    def runs(self, kind: str) -> list[Run]:
        """Every valid run of ``kind`` stored for the current code version."""
        out = []
        base = self.root / kind
        try:
            if not base.exists():
                return out
            paths = sorted(base.iterdir())
        except PermissionError as err:
            raise _permission_error(base, err, "store folder") from None
        for path in paths:
            if path.name.startswith("."):
                continue
            try:
                if not (path / MANIFEST).exists():
                    continue
                config = json.loads((path / "config.json").read_text())
            except PermissionError as err:
                raise _permission_error(path, err) from None
            except (OSError, ValueError):
                continue
            if run_key(kind, config) != path.name:
                continue  # produced by another code version
            run = self.get(kind, config)
            if run is not None:
                out.append(run)
        return out

    # -- writing --------------------------------------------------------
    @contextlib.contextmanager
    def claim(self, kind: str, key: str, wait: bool = True) -> Iterator[None]:
        """Hold the lock of run ``key`` (other processes too); :class:`RunBusy` if held and not ``wait``.

        flock-based, so a holder killed by any signal releases it with its
        last file descriptor: no stale claim outlives its process.
        """
        locks = self.root / kind / LOCKS
        locks.mkdir(parents=True, exist_ok=True)
        # The umask decides who else may take the lock; the owner always must.
        mode = (0o666 & ~current_umask()) | 0o600
        lock = FileLock(locks / f"{key}.lock", timeout=-1 if wait else 0, mode=mode)
        try:
            lock.acquire()
        except LockTimeout:
            raise RunBusy(f"run {kind}/{key} is being computed by another process") from None
        try:
            yield
        finally:
            lock.release()

    def put(self, kind: str, config: Mapping[str, Any], output: RunOutput) -> Run:
        key = run_key(kind, config)
        final = self.path_for(kind, key)
        self.check_writable()
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key}-", dir=final.parent))
        try:
            # mkdtemp makes 0700 folders whatever the umask: other users of a
            # shared store could not read the run, and would call it corrupt.
            os.chmod(tmp, _dir_mode(tmp))
            self._write(tmp, key, config, output)
            if not self._move_into_place(kind, key, config, tmp, final):
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _fsync_dir(final.parent)
        return self._load(kind, key, final, config)

    def _move_into_place(
        self, kind: str, key: str, config: Mapping[str, Any], tmp: Path, final: Path
    ) -> bool:
        """Rename ``tmp`` to ``final``; False if an identical valid run is already there."""
        for _ in range(3):
            if final.exists():
                # Another writer finished the same run first, or a corrupt one
                # sits there; keep a valid one, replace an invalid one.
                if self._valid(kind, key, final, config):
                    return False
                self._quarantine(final, "invalid run found while storing a new one")
            try:
                os.rename(tmp, final)
                return True
            except OSError as err:
                # Another writer landed the run between the check and the
                # rename: validate what it left, on the next pass.
                if err.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
        raise StoreError(f"run folder {final} keeps being replaced by another writer; try again")

    def _valid(self, kind: str, key: str, path: Path, config: Mapping[str, Any]) -> bool:
        try:
            self._load(kind, key, path, config)
            return True
        except PermissionError as err:
            raise _permission_error(path, err) from None
        except (OSError, ValueError, KeyError, TypeError):
            return False

    def _write(self, tmp: Path, key: str, config: Mapping[str, Any], output: RunOutput) -> None:
        files: dict[str, bytes] = {
            "config.json": json.dumps(
                config, indent=1, sort_keys=True, default=json_default
            ).encode(),
            "metrics.json": json.dumps(
                output.metrics, indent=1, sort_keys=True, default=json_default
            ).encode(),
        }
        if output.info:
            files["info.json"] = json.dumps(
                output.info, indent=1, sort_keys=True, default=json_default
            ).encode()
        if output.history is not None:
            df = pd.DataFrame(output.history)
            files["history.csv"] = df.to_csv(index=False).encode()
        for name, arrays in output.arrays.items():
            buf = io.BytesIO()
            np.savez_compressed(buf, **arrays)
            files[f"{name}.npz"] = buf.getvalue()
        if output.state_dicts:
            import torch

            for name, state in output.state_dicts.items():
                buf = io.BytesIO()
                torch.save({k: v.detach().cpu() for k, v in state.items()}, buf)
                files[f"{name}.pt"] = buf.getvalue()
        digests = {}
        for name, data in files.items():
            _write_synced(tmp / name, data)
            digests[name] = hashlib.sha256(data).hexdigest()
        manifest = {"schema": SCHEMA, "key": key, "files": digests}
        # The manifest is written last: without it the folder never counts as done.
        _write_synced(tmp / MANIFEST, json.dumps(manifest, indent=1).encode())

    def get_or_run(
        self,
        kind: str,
        config: Mapping[str, Any],
        fn: Callable[[], RunOutput],
        *,
        wait: bool = True,
        expected_bytes: int | None = None,
    ) -> Run:
        """The stored run for ``config``; computed with ``fn`` and stored if missing.

        ``fn`` runs under the run's lock and only if the run is still missing
        once the lock is held, so concurrent sweeps never compute a run twice.
        With ``wait=False`` a run another process is computing raises
        :class:`RunBusy` at once instead of waiting for it.
        """
        run = self.get(kind, config)
        if run is not None:
            return run
        self.check_writable()  # before the expensive part
        with self.claim(kind, run_key(kind, config), wait=wait):
            run = self.get(kind, config)  # landed while we waited for the lock
            if run is not None:
                return run
            self.check_space(kind, expected_bytes)
            return self.put(kind, config, fn())

    # -- housekeeping ---------------------------------------------------
    def remove_stale_tmp(self, max_age_s: float = STALE_TMP_S) -> int:
        """Remove ``.tmp-*`` folders of writes interrupted over ``max_age_s`` ago; return how many.

        A write takes seconds, so a temporary folder a day old belongs to a
        writer that was killed; younger ones may still be in use.
        """
        removed = 0
        cutoff = time.time() - max_age_s
        for folder in self._bookkeeping_folders(".tmp-"):
            try:
                if folder.lstat().st_mtime >= cutoff:
                    continue
            except OSError:
                continue
            shutil.rmtree(folder, ignore_errors=True)
            removed += not folder.exists()
        for folder in self._bookkeeping_folders(".gc-"):  # an interrupted gc's leftovers
            shutil.rmtree(folder, ignore_errors=True)
        return removed

    def _bookkeeping_folders(self, prefix: str) -> Iterator[Path]:
        for dirpath, dirnames, _ in os.walk(self.root):
            for d in dirnames:
                if d.startswith(prefix):
                    yield Path(dirpath) / d
            dirnames[:] = [
                d for d in dirnames if not d.startswith(".") and not _KEY_NAME.fullmatch(d)
            ]


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


def _dir_mode(path: Path) -> int:
    # Keep a setgid bit inherited from the parent: shared stores use it to
    # give every run folder the store's group.
    inherited = os.stat(path).st_mode & stat.S_ISGID
    return (0o777 & ~current_umask()) | inherited


def _permission_error(
    path: Path, err: PermissionError, what: str = "stored run"
) -> StorePermissionError:
    culprit = err.filename or path
    return StorePermissionError(
        f"{what} {str(path)!r} cannot be read: permission denied on {str(culprit)!r}; "
        "ask its owner to make it readable (chmod -R g+rX) or use another store"
    )


def _folder_bytes(path: Path) -> int:
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


def _write_synced(path: Path, data: bytes) -> None:
    with path.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
