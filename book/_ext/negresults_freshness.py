"""Sphinx extension: never render numbers from older code.

jupyter-cache keys a notebook on its code cells only, so an edit to the
library, a new commit or another preset would otherwise reuse old outputs.
This extension fingerprints what decides the numbers (library source, git
revision, preset and store location); when the fingerprint differs from the
last successful build, it empties the execution cache and marks every page
for re-reading, so every notebook runs again. With nothing changed, the
build reuses everything and takes seconds.

It also sets ``NEGRESULTS_STATIC=1`` for the kernels it starts, which tells
notebooks to show static figures in place of interactive widgets.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

FINGERPRINT = ".negresults-fingerprint.json"


def _fingerprint() -> str:
    from negresults.config import resolve_preset
    from negresults.locations import default_root
    from negresults.provenance import git_revision
    from negresults.runkeys import source_version

    return json.dumps(
        {
            "code": source_version(),
            "revision": git_revision(),
            "preset": resolve_preset(None),
            "store": str(default_root()),
        },
        sort_keys=True,
    )


def _fingerprint_path(app) -> Path:
    return Path(app.outdir).parent / FINGERPRINT


def config_inited(app, config) -> None:
    os.environ["NEGRESULTS_STATIC"] = "1"
    current = _fingerprint()
    path = _fingerprint_path(app)
    previous = path.read_text() if path.exists() else None
    app.negresults_fingerprint = current
    app.negresults_stale = previous != current
    if app.negresults_stale:
        # myst-nb's default cache location when none is configured.
        cache = getattr(config, "nb_execution_cache_path", "") or ""
        cache_path = Path(cache) if cache else Path(app.outdir).parent / ".jupyter_cache"
        if cache_path.exists():
            shutil.rmtree(cache_path)
        if path.exists():
            path.unlink()


def env_get_outdated(app, env, added, changed, removed):
    if not getattr(app, "negresults_stale", False):
        return []
    return sorted(set(env.found_docs) - set(added) - set(changed) - set(removed))


def build_finished(app, exception) -> None:
    if exception is None and app.statuscode == 0:
        path = _fingerprint_path(app)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(app.negresults_fingerprint)


def setup(app):
    app.connect("config-inited", config_inited)
    app.connect("env-get-outdated", env_get_outdated)
    app.connect("build-finished", build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
