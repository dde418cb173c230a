"""Command line: ``python -m negresults {run,sweep,book}``.

Every command checks its input (parameter names, values, executor, store)
before anything expensive starts and reports a bad value in one line.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from negresults.config import ConfigError, resolve_preset
from negresults.executors import EXECUTORS, SlurmOptions, run_tasks
from negresults.notebooks import NotebookError, execute, parse_value
from negresults.store import ResultStore, StoreError, find_repo_root
from negresults.studies import STUDIES, get


def _params(pairs: list[list[str]] | None) -> dict[str, object]:
    return {name: parse_value(value) for name, value in (pairs or [])}


def cmd_run(args: argparse.Namespace) -> int:
    params = _params(args.parameter)
    result = execute(args.notebook, params, output=args.output, progress=not args.quiet)
    print(f"executed notebook: {result.output}")
    return 0


def _sweep(
    studies: list[str], preset: str | None, params: dict[str, object], args: argparse.Namespace
) -> int:
    store = ResultStore(args.store) if args.store else ResultStore()
    plans = []
    # Build (and so validate) every config before any run is submitted.
    for name in studies:
        study = get(name)
        cfg = study.Config.from_params(preset=preset, **params)
        plans.append((name, study.plan(cfg)))
    slurm = (
        SlurmOptions(partition=args.partition, folder=args.submitit_folder)
        if args.executor == "slurm"
        else None
    )
    status = 0
    for name, plan in plans:
        t0 = time.perf_counter()
        report = run_tasks(
            plan,
            store,
            executor=args.executor,
            workers=args.workers,
            slurm=slurm,
            progress=not args.quiet,
        )
        print(
            f"{name}: {report.summary()} in {time.perf_counter() - t0:.1f} s (store: {store.root})"
        )
        for f in report.failed:
            print(f"  FAILED {f.label}: {f.error.splitlines()[0]}", file=sys.stderr)
            status = 1
    return status


def cmd_sweep(args: argparse.Namespace) -> int:
    studies = list(STUDIES) if args.study == "all" else [args.study]
    return _sweep(studies, args.preset, _params(args.parameter), args)


def cmd_book(args: argparse.Namespace) -> int:
    root = find_repo_root()
    if root is None:
        raise ConfigError(
            "run `negresults book` inside the repository (no _toc.yml found above here)"
        )
    preset = resolve_preset(args.preset)
    os.environ["NEGRESULTS_PRESET"] = preset  # the notebooks read it for their default
    if args.store:
        os.environ["NEGRESULTS_STORE"] = str(Path(args.store).resolve())
    status = _sweep(list(STUDIES), preset, {}, args)
    if status:
        print("some runs failed; the book would show incomplete results", file=sys.stderr)
        return status
    cmd = ["jupyter-book", "build", str(root / "book"), "-W", "-n", "--keep-going"]
    if args.path_output:
        cmd += ["--path-output", args.path_output]
    bindir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    t0 = time.perf_counter()
    res = subprocess.run(cmd, env=env)
    if res.returncode:
        return res.returncode
    out = Path(args.path_output) if args.path_output else root / "book"
    print(
        f"book built in {time.perf_counter() - t0:.1f} s: {(out / '_build' / 'html' / 'index.html').resolve()}"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="negresults", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("run", help="execute a section notebook with papermill")
    r.add_argument("notebook", help="a notebooks/<study>/NN_<section>.py file")
    r.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="a parameter; VALUE is YAML: 3, [0, 1, 2], cpu, null",
    )
    r.add_argument(
        "-o",
        "--output",
        help="executed notebook path (default: runs/<study>/<name>__<params>.ipynb)",
    )
    r.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    r.set_defaults(func=cmd_run)

    def add_exec(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--preset", default=None, help="smoke, cpu or gpu (default: $NEGRESULTS_PRESET or cpu)"
        )
        sp.add_argument(
            "--executor",
            default="local",
            choices=None,
            help=f"one of {', '.join(EXECUTORS)} (default: local)",
        )
        sp.add_argument(
            "--workers", type=int, default=None, help="parallel runs (default: one per core)"
        )
        sp.add_argument(
            "--store", default=None, help="results folder (default: $NEGRESULTS_STORE or ./results)"
        )
        sp.add_argument("--partition", default=None, help="Slurm partition (executor slurm)")
        sp.add_argument(
            "--submitit-folder", default="runs/submitit", help="submitit logs (executor slurm)"
        )
        sp.add_argument("-q", "--quiet", action="store_true", help="no progress bars")

    s = sub.add_parser("sweep", help="run a study's grid into the results store")
    s.add_argument("study", choices=None, help=f"one of {', '.join(STUDIES)}, all")
    s.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"))
    add_exec(s)
    s.set_defaults(func=cmd_sweep)

    b = sub.add_parser("book", help="run every experiment the book needs, then build it")
    b.add_argument("--path-output", default=None, help="build folder parent (default: book/)")
    add_exec(b)
    b.set_defaults(func=cmd_book)
    return p


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    if getattr(args, "study", None) not in (None, "all", *STUDIES):
        sys.exit(f"error: unknown study {args.study!r}; valid choices: {', '.join(STUDIES)}, all")
    if getattr(args, "executor", None) not in (None, *EXECUTORS):
        sys.exit(
            f"error: unknown executor {args.executor!r}; valid choices: {', '.join(EXECUTORS)}"
        )
    try:
        sys.exit(args.func(args))
    except (ConfigError, NotebookError, StoreError) as err:
        sys.exit(f"error: {err}")
