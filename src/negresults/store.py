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
(:mod:`negresults.codeversion`), so an edit that could change a number can
never show stale numbers, and an edit to report code retrains nothing.
A run is written into a temporary sibling folder and moved into place with one
``os.rename``: a run killed at any moment leaves either nothing or a folder
that :meth:`ResultStore.get` refuses (no valid manifest), never a half-written
run that counts as done. Corrupted runs are reported with a warning, moved
aside and recomputed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from negresults.codeversion import code_version, study_of

STORE_ENV = "NEGRESULTS_STORE"
MANIFEST = "MANIFEST.json"
SCHEMA = 1
_PACKAGE_DIR = Path(__file__).resolve().parent


class StoreError(RuntimeError):
    """The store cannot be used (for example, its folder cannot be written)."""


class CorruptRunWarning(UserWarning):
    """A stored run failed validation; it is moved aside and recomputed."""


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), default=_json_default)


def _json_default(obj: Any) -> Any:
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (np.floating,)):
        return float(obj)
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, tuple):
        return list(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def run_key(kind: str, config: Mapping[str, Any]) -> str:
    """Hash of the kind, the resolved config and the compute code of the kind's study."""
    payload = canonical_json({"kind": kind, "config": config, "code": code_version(study_of(kind))})
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


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


@dataclass
class RunOutput:
    """What a run function returns; the store writes it atomically."""

    metrics: dict[str, Any]  # deterministic given the config: compared across runs
    history: pd.DataFrame | list[dict[str, Any]] | None = None
    info: dict[str, Any] = field(default_factory=dict)  # facts that vary (wall time, host)
    arrays: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    state_dicts: dict[str, dict[str, Any]] = field(default_factory=dict)


class ResultStore:
    """Memoised, atomic, validated storage of runs (see the module docstring)."""

    def __init__(self, root: str | os.PathLike[str] | None = None):
        self.root = Path(root).expanduser().resolve() if root is not None else default_root()

    def __repr__(self) -> str:
        return f"ResultStore({str(self.root)!r})"

    # -- checks ---------------------------------------------------------
    def check_writable(self) -> None:
        """Fail early, with one clear line, if runs could not be written here."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.root, prefix=".probe-"):
                pass
        except OSError as err:
            raise StoreError(
                f"results store {str(self.root)!r} cannot be written ({err.strerror or err}); "
                f"set {STORE_ENV} to a writable folder"
            ) from None

    # -- reading --------------------------------------------------------
    def path_for(self, kind: str, key: str) -> Path:
        return self.root / kind / key

    def get(self, kind: str, config: Mapping[str, Any]) -> Run | None:
        """The stored run for ``config``, or ``None`` if absent or invalid."""
        key = run_key(kind, config)
        path = self.path_for(kind, key)
        if not path.exists():
            return None
        try:
            return self._load(kind, key, path, config)
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
        with contextlib.suppress(OSError):
            path.rename(dest)

    def runs(self, kind: str) -> list[Run]:
        """Every valid run of ``kind`` stored for the current code version."""
        out = []
        base = self.root / kind
        if not base.exists():
            return out
        for path in sorted(base.iterdir()):
            if path.name.startswith(".") or not (path / MANIFEST).exists():
                continue
            try:
                config = json.loads((path / "config.json").read_text())
            except (OSError, ValueError):
                continue
            if run_key(kind, config) != path.name:
                continue  # produced by another code version
            run = self.get(kind, config)
            if run is not None:
                out.append(run)
        return out

    # -- writing --------------------------------------------------------
    def put(self, kind: str, config: Mapping[str, Any], output: RunOutput) -> Run:
        key = run_key(kind, config)
        final = self.path_for(kind, key)
        self.check_writable()
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key}-", dir=final.parent))
        try:
            self._write(tmp, key, config, output)
            if final.exists():
                # Another worker finished the same run first, or a corrupt one
                # sits there; keep a valid one, replace an invalid one.
                if self._valid(kind, key, final, config):
                    shutil.rmtree(tmp, ignore_errors=True)
                    return self._load(kind, key, final, config)
                self._quarantine(final, "invalid run found while storing a new one")
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _fsync_dir(final.parent)
        return self._load(kind, key, final, config)

    def _valid(self, kind: str, key: str, path: Path, config: Mapping[str, Any]) -> bool:
        try:
            self._load(kind, key, path, config)
            return True
        except (OSError, ValueError, KeyError, TypeError):
            return False

    def _write(self, tmp: Path, key: str, config: Mapping[str, Any], output: RunOutput) -> None:
        files: dict[str, bytes] = {
            "config.json": json.dumps(
                config, indent=1, sort_keys=True, default=_json_default
            ).encode(),
            "metrics.json": json.dumps(
                output.metrics, indent=1, sort_keys=True, default=_json_default
            ).encode(),
        }
        if output.info:
            files["info.json"] = json.dumps(
                output.info, indent=1, sort_keys=True, default=_json_default
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

    def get_or_run(self, kind: str, config: Mapping[str, Any], fn: Callable[[], RunOutput]) -> Run:
        """The stored run for ``config``; computed with ``fn`` and stored if missing."""
        run = self.get(kind, config)
        if run is not None:
            return run
        self.check_writable()  # before the expensive part
        return self.put(kind, config, fn())


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
