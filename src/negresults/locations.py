"""Where the project's folders are: the repository (the book's root) and the default store.

Found, never configured by hand: the repository is the nearest folder holding
the book's ``_toc.yml`` and ``pyproject.toml``; the results store is
``$NEGRESULTS_STORE`` if set, else ``results/`` in the repository (else in the
current folder).
"""

from __future__ import annotations

import os
from pathlib import Path

STORE_ENV = "NEGRESULTS_STORE"
_PACKAGE_DIR = Path(__file__).resolve().parent


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
    """The results store's folder: ``$NEGRESULTS_STORE``, else ``results/`` in the repository."""
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env).expanduser().resolve()
    repo = find_repo_root()
    return (repo / "results") if repo else (Path.cwd() / "results").resolve()
