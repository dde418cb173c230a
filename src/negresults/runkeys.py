"""Run keys: a hash of everything that decides a run's numbers.

A run's key hashes its kind, its resolved config and its study's *code
version*: the syntax trees of every module of ``negresults`` that the study's
``compute`` package can reach by importing (its import closure, parent
packages' ``__init__`` included, found by reading the imports, never kept by
hand), plus the versions of the third-party packages that closure imports to
compute (torch, NumPy, scikit-learn, matplotlib for the fonts it renders...).
So no edit that can change a number leaves a key unchanged, a store shared by
machines with different library versions never serves one's runs to the
other, and a comment or docstring fix retrains nothing (syntax trees carry
neither). Report, page and orchestration modules are outside every closure
(a test checks it), so a caption edit retrains nothing either.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import sys
from collections.abc import Collection, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

PACKAGE = "negresults"
PACKAGE_DIR = Path(__file__).resolve().parent
# Imported by compute code, yet they decide no number: progress bars and typing.
NOT_NUMERIC = frozenset({"tqdm", "typing_extensions"})


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), default=json_default)


def json_default(obj: Any) -> Any:
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (np.floating,)):
        return float(obj)
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, tuple):
        return list(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def study_of(kind: str) -> str:
    """A store kind is ``<study>/<what>``; its first part names the study."""
    return kind.partition("/")[0]


def run_key(kind: str, config: Mapping[str, Any]) -> str:
    """Hash of the kind, the resolved config and the code version of the kind's study."""
    payload = canonical_json({"kind": kind, "config": config, "code": code_version(study_of(kind))})
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


# -- the import closure -------------------------------------------------------
# study -> its compute package, for studies outside negresults (a third party's,
# or the tests' toy study); a study of negresults needs no entry.
COMPUTE_PACKAGES: dict[str, str] = {}


def register_compute(study: str, package: str) -> None:
    """Declare ``package`` (dotted name) as the compute package of ``study``."""
    COMPUTE_PACKAGES[study] = package


def _top_dir(top: str, package_dir: Path) -> Path:
    if top == PACKAGE:
        return package_dir
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        raise ValueError(f"compute package {top!r} is not an importable package")
    return Path(next(iter(spec.submodule_search_locations)))


def _module_file(name: str, tops: Mapping[str, Path]) -> Path | None:
    """The source file of first-party module ``name`` (``top.x.y``), if it is a module."""
    top, *parts = name.split(".")
    base = tops[top].joinpath(*parts)
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"
    )


def _imports(
    tree: ast.Module, name: str, is_package: bool, first_party: Collection[str]
) -> tuple[set[str], set[str]]:
    """(first-party modules, top-level third-party names) that ``tree`` imports.

    Imports anywhere in the module count (a function's deferred import runs
    when the function does), except under ``if TYPE_CHECKING:``, which never runs.
    """
    skip = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _is_type_checking(node)
        for sub in node.body
        for n in ast.walk(sub)
    }
    here = name if is_package else name.rpartition(".")[0]
    ours, theirs = set(), set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [(a.name, ()) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets = [(mod, tuple(a.name for a in node.names))]
        else:
            continue
        for mod, names in targets:
            top = mod.partition(".")[0]
            if top in first_party:
                ours.add(mod)
                ours.update(f"{mod}.{n}" for n in names)  # kept only where a module exists
            elif top and top not in sys.stdlib_module_names and top != "__future__":
                theirs.add(top)
    return ours, theirs


def _parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def closure(study: str, package_dir: Path = PACKAGE_DIR) -> tuple[dict[str, Path], set[str]]:
    """(module name -> file, third-party top-level names) reachable from ``study``'s compute.

    The roots are every module of the study's compute package
    (``negresults.<study>.compute`` unless registered otherwise; its runners
    are there), so a module that no root reaches is not in the key.
    """
    package = COMPUTE_PACKAGES.get(study, f"{PACKAGE}.{study}.compute")
    top = package.partition(".")[0]
    tops = {PACKAGE: package_dir, top: _top_dir(top, package_dir)}
    compute = tops[top].joinpath(*package.split(".")[1:])
    roots = [
        ".".join([top, *f.relative_to(tops[top]).with_suffix("").parts]).removesuffix(".__init__")
        for f in sorted(compute.rglob("*.py"))
    ]
    found: dict[str, Path] = {}
    third: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in found:
            continue
        path = _module_file(name, tops)
        if path is None:
            continue  # a name imported from a module, not a module
        found[name] = path
        tree = ast.parse(path.read_text())
        ours, theirs = _imports(tree, name, path.name == "__init__.py", tops)
        third |= theirs
        todo += [m for m in ours | set(_parents(name)) if m not in found]
    return dict(sorted(found.items())), third


def _is_help(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _strip_docstrings(tree: ast.AST) -> ast.AST:
    """Docstrings, and the help text of config fields, are documentation: not hashed."""
    for node in ast.walk(tree):
        func = getattr(node, "func", None)
        if isinstance(node, ast.Call) and getattr(func, "id", getattr(func, "attr", "")) == "param":
            # negresults.config.param(default, help, ...): the help text decides no number.
            if len(node.args) >= 2 and _is_help(node.args[1]):
                node.args[1] = ast.Constant("")
            for kw in node.keywords:
                if kw.arg == "help" and _is_help(kw.value):
                    kw.value = ast.Constant("")
        body = getattr(node, "body", None)
        if (
            isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return tree


def source_digest(text: str) -> str:
    """sha256 of a module's syntax tree without docstrings (comments never reach it)."""
    tree = _strip_docstrings(ast.parse(text))
    return hashlib.sha256(ast.dump(tree, include_attributes=False).encode()).hexdigest()


def module_digest(path: Path) -> str:
    """:func:`source_digest` of the module in ``path``."""
    return source_digest(path.read_text())


@cache
def _distributions() -> Mapping[str, list[str]]:
    return metadata.packages_distributions()  # scans every installed package: once


def package_versions(names: set[str]) -> dict[str, str]:
    """Installed version of each distribution that provides one of ``names``."""
    provides = _distributions()
    out = {}
    for top in sorted(names - NOT_NUMERIC):
        for dist in provides.get(top, [top]):
            try:
                out[dist] = metadata.version(dist)
            except metadata.PackageNotFoundError:
                out[dist] = "not installed"
    return out


def version_parts(study: str, package_dir: Path = PACKAGE_DIR) -> dict[str, Any]:
    """What :func:`code_version` hashes, readable: module digests and package versions."""
    modules, third = closure(study, package_dir)
    return {
        "modules": {n: module_digest(p) for n, p in modules.items()},
        "packages": package_versions(third),
    }


@cache
def code_version(study: str) -> str:
    """sha256 (16 hex digits) of :func:`version_parts` of ``study``."""
    return hashlib.sha256(canonical_json(version_parts(study)).encode()).hexdigest()[:16]


def _source_files() -> list[Path]:
    return sorted(PACKAGE_DIR.rglob("*.py"))


@cache
def source_version() -> str:
    """A hash of every source file of the library, report code included.

    Not part of any run key: the book uses it to know when a page must be
    re-executed (a caption edit changes the page, not the runs).
    """
    h = hashlib.sha256()
    for path in _source_files():
        h.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]
