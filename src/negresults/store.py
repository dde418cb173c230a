"""The results store: runs memoised by the hash of what decides their result.

Layout, one folder per run::

    <root>/<kind>/<key>/
        config.json      the resolved config, exactly as hashed
        metrics.json     final scalar metrics (deterministic given the config)
        info.json        facts that vary between identical runs: wall time, the machine
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

Where a store lives by default is :mod:`negresults.locations`' business;
whether its disk can take a run, and the durable-write helpers, are
:mod:`negresults.storefs`'; cleaning it is :mod:`negresults.storegc`'.
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
import tempfile
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

from negresults import storefs
from negresults.locations import STORE_ENV, default_root
from negresults.runkeys import canonical_json, json_default, run_key
from negresults.runners import RunOutput  # noqa: F401 - re-exported: runs are stored from it
from negresults.storefs import StoreError

MANIFEST = "MANIFEST.json"
SCHEMA = 1
LOCKS = ".locks"
# Runs are folders named by their key (see run_key); anything else under a
# kind folder is bookkeeping (.locks, .tmp-*, .corrupt-*, .gc-*).
KEY_NAME = re.compile(r"[0-9a-f]{16,64}")
# Free space a run needs when no run of its kind is stored yet to go by.
DEFAULT_RUN_BYTES = 32 << 20


class StorePermissionError(StoreError):
    """A stored run exists but this account may not read it (never treated as corruption)."""


class RunBusy(StoreError):
    """Another process is computing this run right now (``get_or_run(..., wait=False)``)."""


class CorruptRunWarning(UserWarning):
    """A stored run failed validation; it is moved aside and recomputed."""


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
        storefs.check_writable(self.root, self.origin)

    def check_space(self, kind: str | None = None, expected_bytes: int | None = None) -> None:
        """Fail with one clear line if a run of ``kind`` may not fit on the store's disk."""
        need = self.expected_run_bytes(kind) if expected_bytes is None else expected_bytes
        storefs.check_space(self.root, need, self.origin, kind)

    def expected_run_bytes(self, kind: str | None = None) -> int:
        """Twice the largest stored run of ``kind`` (a few sampled), at least ``min_run_bytes``."""
        if kind is None:
            return self.min_run_bytes
        if kind not in self._run_bytes:
            self._run_bytes[kind] = 2 * storefs.largest_folder_bytes(self.root / kind, KEY_NAME)
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
        mode = (0o666 & ~storefs.current_umask()) | 0o600
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
            os.chmod(tmp, storefs.dir_mode(tmp))
            self._write(tmp, key, config, output)
            if not self._move_into_place(kind, key, config, tmp, final):
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        storefs.fsync_dir(final.parent)
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
            storefs.write_synced(tmp / name, data)
            digests[name] = hashlib.sha256(data).hexdigest()
        manifest = {"schema": SCHEMA, "key": key, "files": digests}
        # The manifest is written last: without it the folder never counts as done.
        storefs.write_synced(tmp / MANIFEST, json.dumps(manifest, indent=1).encode())

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


def _permission_error(
    path: Path, err: PermissionError, what: str = "stored run"
) -> StorePermissionError:
    culprit = err.filename or path
    return StorePermissionError(
        f"{what} {str(path)!r} cannot be read: permission denied on {str(culprit)!r}; "
        "ask its owner to make it readable (chmod -R g+rX) or use another store"
    )
