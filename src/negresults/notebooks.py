"""Execute a section notebook with papermill, with parameters checked first.

papermill reads only ``.ipynb``; the sources are Jupytext py:percent files, so
they are read with :func:`jupytext.read` and handed to papermill as a
NotebookNode. Parameter *names* are checked against the notebook's
``parameters`` cell before a kernel starts; parameter *values* are checked by
the study's config inside the notebook, before any training.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from negresults.config import ConfigError
from negresults.locations import find_repo_root
from negresults.reporting import NO_WIDGETS_ENV

RUNS_DIR = "runs"


class NotebookError(RuntimeError):
    """A notebook could not be executed; the message names the failing cell."""


def notebook_parameters(nb: Any) -> dict[str, str]:
    """Names and default source text of the assignments in the ``parameters`` cell."""
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            tree = ast.parse(cell.source)
            out = {}
            for node in tree.body:
                if isinstance(node, (ast.Assign, ast.AnnAssign)):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for t in targets:
                        if isinstance(t, ast.Name):
                            out[t.id] = ast.unparse(node.value) if node.value else ""
            return out
    return {}


# YAML 1.1 (PyYAML) reads ``1e-2`` and ``5E3`` as strings: it wants a dot
# and a signed exponent. A user typing them means numbers.
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def parse_value(text: str, name: str = "") -> Any:
    """Parse a ``-p NAME VALUE`` value as YAML: ``3``, ``1e-2``, ``[0, 1]``, ``cpu``, ``null``.

    An empty value is refused rather than read as "the default": leaving the
    ``-p`` out is how to get the default.
    """
    label = f"parameter {name!r}" if name else "a parameter"
    if not text.strip():
        raise ConfigError(
            f"empty value for {label}; give a value, or leave the -p out to keep the default"
        )
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return _numbers(value)


def _numbers(value: Any) -> Any:
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        return float(value)
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return value


def parse_parameters(
    pairs: list[list[str]] | None, reserved: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """``-p NAME VALUE`` pairs as a dict; a repeated or reserved NAME is refused.

    ``reserved`` maps names that have their own flag to that flag (``preset``
    -> ``--preset``), so ``-p preset smoke`` says where the value belongs.
    """
    out: dict[str, Any] = {}
    for name, text in pairs or []:
        if reserved and name in reserved:
            raise ConfigError(
                f"parameter {name!r} has its own flag here; use {reserved[name]} instead of -p {name}"
            )
        if name in out:
            raise ConfigError(f"parameter {name!r} given twice; give each -p once")
        out[name] = parse_value(text, name)
    return out


def read_notebook(path: str | Path) -> Any:
    import jupytext

    p = Path(path)
    if p.is_dir():
        inside = sorted(q.name for q in p.glob("[0-9][0-9]_*.py"))
        choices = f"; its notebooks: {', '.join(inside)}" if inside else ""
        raise ConfigError(f"{str(path)!r} is a folder, not a notebook{choices}")
    if not p.is_file():
        raise ConfigError(f"notebook {str(path)!r} does not exist")
    return jupytext.read(p)


def output_path(notebook: Path, parameters: Mapping[str, Any], root: Path | None = None) -> Path:
    """``runs/<study>/<stem>[__name=value...].ipynb``: the file name records the parameters."""
    root = root or (find_repo_root() or Path.cwd()) / RUNS_DIR
    parts = [notebook.stem]
    for k in sorted(parameters):
        v = parameters[k]
        v = "-".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v)
        parts.append(f"{k}={re.sub(r'[^A-Za-z0-9._-]+', '_', v)}")
    name = "__".join(parts)[:200]
    return root / notebook.parent.name / f"{name}.ipynb"


# Kernel-process log level for executed notebooks: errors only.
KERNEL_QUIET = "--IPKernelApp.log_level=ERROR"


def check_page_parameters(path: Path, parameters: Mapping[str, Any]) -> None:
    """Build the chapter's config from ``parameters`` before any kernel starts.

    A chapter ``notebooks/<study>/<page>.py`` builds its study's config from its
    parameters in its first code cell; building it here first means a
    combination the study cannot run is refused in the config's one line,
    which names a fix, instead of a traceback from inside the kernel.
    """
    from negresults.studies import STUDIES, get

    if path.parent.name not in STUDIES:
        return
    study = get(path.parent.name)
    spec = study.pages.get(path.stem)
    if spec is None or not spec.parameters:
        return
    given = {k: v for k, v in parameters.items() if k in spec.parameters}
    study.config(**given)


@dataclass
class Execution:
    notebook: Path
    output: Path
    parameters: dict[str, Any]


def execute(
    notebook: str | Path,
    parameters: Mapping[str, Any] | None = None,
    output: str | Path | None = None,
    progress: bool = True,
    kernel_name: str = "python3",
) -> Execution:
    """Run ``notebook`` through papermill with ``parameters``; return where it went."""
    parameters = dict(parameters or {})
    path = Path(notebook).resolve()
    nb = read_notebook(path)
    declared = notebook_parameters(nb)
    unknown = [k for k in parameters if k not in declared]
    if unknown:
        valid = ", ".join(declared) if declared else "none (this notebook takes no parameters)"
        raise ConfigError(f"unknown parameter {unknown[0]!r} for {path.name}; valid names: {valid}")
    check_page_parameters(path, parameters)
    out = Path(output) if output else output_path(path, parameters)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Imported once the input is known good: papermill takes seconds to import.
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    # A headless run shows explorers as their static figures (see
    # negresults.reporting.widgets_wanted); the kernel inherits this variable.
    before = os.environ.get(NO_WIDGETS_ENV)
    os.environ[NO_WIDGETS_ENV] = "1"
    try:
        pm.execute_notebook(
            nb,
            str(out),
            parameters=parameters,
            cwd=str(path.parent),
            kernel_name=kernel_name,
            progress_bar=progress,
            # ipykernel warns about unencrypted TCP at every start, although the kernel
            # listens on loopback only; the book's build quiets it the same way
            # (book/_ext/negresults_kernels.py). The notebook's own output is unaffected.
            extra_arguments=[KERNEL_QUIET],
        )
    except PapermillExecutionError as err:
        # papermill's cell_index counts the injected-parameters cell; the
        # execution count is what a reader sees in the saved notebook.
        raise NotebookError(
            f"{path.name}: cell {err.cell_index} (In [{err.exec_count}]) raised "
            f"{err.ename}: {err.evalue}; the executed notebook is {out}"
        ) from None
    finally:
        if before is None:
            os.environ.pop(NO_WIDGETS_ENV, None)
        else:
            os.environ[NO_WIDGETS_ENV] = before
    return Execution(path, out, parameters)
