"""No import circle anywhere in the library, found statically (ast, nothing imported).

Every ``import`` statement counts, including those inside functions: a
deferred import hides a circle at start-up but still ties the two modules
together (``transfer/selection.py <-> train.py`` was one). An edge goes to the
module named, not to its parent packages, since a package ``__init__`` that
re-exports its submodules is no circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import negresults

PACKAGE_DIR = Path(negresults.__file__).resolve().parent


def module_names(package_dir: Path) -> dict[str, Path]:
    """Dotted name -> file, for every module of the package rooted at ``package_dir``."""
    out = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [package_dir.name, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports, wherever the import statement is."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    tree = ast.parse(path.read_text(), filename=str(path))
    # Imports under ``if TYPE_CHECKING:`` never run: they are annotations, not a circle.
    typing_only = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
        for n in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            # ``from pkg import mod`` imports the submodule pkg.mod when there is one.
            targets = [
                f"{prefix}.{alias.name}" if f"{prefix}.{alias.name}" in modules else prefix
                for alias in node.names
            ]
        else:
            continue
        found |= {t for t in targets if t in modules and t != name}
    return found


def import_graph(package_dir: Path) -> dict[str, set[str]]:
    modules = module_names(package_dir)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as ``[a, b, ..., a]``, or None (depth-first search, three colours)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_library_has_no_import_circle():
    graph = import_graph(PACKAGE_DIR)
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_the_graph_sees_the_imports_it_must_see():
    # Guards the test above against passing on an empty or half-parsed graph.
    graph = import_graph(PACKAGE_DIR)
    runners = graph["negresults.transfer.compute.runners"]
    assert {
        "negresults.training",
        "negresults.transfer.compute.selection",
        "negresults.transfer.compute.datasets",
        "negresults.transfer.compute.model",  # ``from ... import model as models``
    } <= runners
    # a typing-only import (under TYPE_CHECKING) is no edge
    assert "negresults.transfer.compute.datasets" in graph["negresults.transfer.plan"]
    assert "negresults.interrupts" in graph["negresults.executors"]
    assert "negresults.store" not in graph["negresults.runners"]
    assert "negresults.transfer.names" in graph["negresults.transfer.config"]


def test_a_study_config_never_imports_its_compute_package():
    # The template's rule: compute may import the config's names, never the reverse,
    # so a config is checked (and shown) without the code that trains.
    graph = import_graph(PACKAGE_DIR)
    for study in ("shape_color", "transfer"):
        leaked = sorted(m for m in graph[f"negresults.{study}.config"] if ".compute" in m)
        assert not leaked, (study, leaked)


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root / "pkg"


def test_a_circle_through_a_deferred_relative_import_is_found(tmp_path):
    package = _write(
        tmp_path,
        {
            "pkg/__init__.py": "from pkg.sub import a\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/a.py": "from . import b\n",
            "pkg/sub/b.py": "def f():\n    from ..sub.c import g\n",
            "pkg/sub/c.py": "import pkg.sub.a\n",
            "pkg/d.py": "from pkg.sub import c\n",
        },
    )
    cycle = find_cycle(import_graph(package))
    assert cycle is not None
    assert cycle[0] == cycle[-1]
    assert set(cycle) == {"pkg.sub.a", "pkg.sub.b", "pkg.sub.c"}


def test_a_package_reexporting_its_submodules_is_no_circle(tmp_path):
    package = _write(
        tmp_path,
        {
            "pkg/__init__.py": "from pkg.b import f\n",
            "pkg/a.py": "X = 1\n",
            "pkg/b.py": "from pkg.a import X\nfrom pkg import a\n",
        },
    )
    graph = import_graph(package)
    assert graph["pkg"] == {"pkg.b"} and graph["pkg.b"] == {"pkg.a"}
    assert find_cycle(graph) is None
