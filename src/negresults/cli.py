"""Command line: ``python -m negresults {run,sweep,summary,book}``.

Every command checks its input (parameter names, values, executor, store)
before anything expensive starts and reports a bad value in one line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from negresults import machine, published
from negresults.config import DEFAULT_PRESET as BOOK_PRESET
from negresults.config import NO_LIMITS_ENV, ConfigError, resolve_preset
from negresults.executors import EXECUTORS, SlurmOptions, SweepInterrupted, SweepReport, run_tasks
from negresults.locations import find_repo_root
from negresults.notebooks import NotebookError, execute, parse_parameters
from negresults.runkeys import code_version
from negresults.schedule import check_patterns, select
from negresults.store import ResultStore, StoreError
from negresults.storegc import gc
from negresults.studies import STUDIES, get
from negresults.tasks import Task

# Names with their own flag on the commands that build configs themselves.
RESERVED = {"preset": "--preset", "store": "--store"}
# The most parallel runs one machine's pool starts: a typo guard (1000 would
# mean 1000 processes, each with its own copy of torch).
MAX_WORKERS = 256
# Above this many runs a sweep says how many before it starts.
LARGE_SWEEP = 2000
# Exit status for bad input, the same as argparse's for a malformed command line.
BAD_INPUT = 2
NO_LIMITS_HELP = (
    "lift the typo-guard upper bounds on sizes and counts (epochs, steps, image size, seeds)"
)


def _params(pairs: list[list[str]] | None, reserved: bool = True) -> dict[str, object]:
    return parse_parameters(pairs, RESERVED if reserved else None)


def cmd_run(args: argparse.Namespace) -> int:
    params = _params(args.parameter, reserved=False)
    result = execute(args.notebook, params, output=args.output, progress=not args.quiet)
    print(f"executed notebook: {result.output}")
    return 0


def _store(args: argparse.Namespace) -> ResultStore:
    """The results store the user named (``--store``, else the environment, else ./results)."""
    try:
        if args.store:
            return ResultStore(args.store, origin="--store")
        return ResultStore()
    except (OSError, RuntimeError) as err:
        # Path.resolve() raises on a symlink loop (RuntimeError before 3.13).
        where = f"--store {args.store!r}" if args.store else "the results store"
        raise ConfigError(f"{where} cannot be used: {err}") from None


def _plans(studies: list[str], preset: str | None, params: dict[str, object]) -> list:
    """(name, study, config, plan) per study; every config is built (so checked) first."""
    out = []
    for name in studies:
        study = get(name)
        cfg = study.config(preset=preset, **params)
        out.append((name, study, cfg, study.plan(cfg)))
    return out


def _refuse_gpu_preset_on_cpu(plans: list) -> None:
    """The gpu preset, sized for a GPU, must not silently train for hours on a CPU."""
    for name, _, cfg, plan in plans:
        if getattr(cfg, "preset", None) != "gpu" or getattr(cfg, "device", None) != "auto":
            continue
        tasks = [t for stage in plan for t in stage]
        if not tasks or any(t.config.get("device") != "cpu" for t in tasks):
            continue
        raise ConfigError(
            f"the gpu preset would run {len(tasks)} runs of {name} on this machine's CPU "
            "(no CUDA device found), for hours; use --preset cpu, or force it with "
            "-p device cpu"
        )


def _slurm(args: argparse.Namespace) -> SlurmOptions | None:
    if args.executor != "slurm":
        return None
    return SlurmOptions(partition=args.partition, folder=args.submitit_folder)


def _run(plan, store: ResultStore, args: argparse.Namespace):
    return run_tasks(
        plan,
        store,
        executor=args.executor,
        workers=args.workers,
        slurm=_slurm(args),
        progress=not args.quiet,
    )


def _dry_run(plans: list, store: ResultStore) -> int:
    """List every run of the plans with label, key and whether it is stored; submit nothing."""
    total = stored = 0
    for name, _, _, plan in plans:
        tasks: list[Task] = [t for stage in plan for t in stage]
        for t in tasks:
            kind, key = t.key
            have = store.get(kind, t.config) is not None
            stored += have
            print(f"{name}\t{t.label}\t{kind}/{key}\t{'stored' if have else 'missing'}")
        total += len(tasks)
    print(f"{total} runs: {stored} stored, {total - stored} missing (store: {store.root})")
    return 0


def _sweep(
    studies: list[str], preset: str | None, params: dict[str, object], args: argparse.Namespace
) -> int:
    store = _store(args)
    plans = _plans(studies, preset, params)
    if only := getattr(args, "only", None):
        check_patterns([plan for *_, plan in plans], only)
        plans = [(name, study, cfg, select(plan, only)) for name, study, cfg, plan in plans]
    if getattr(args, "dry_run", False):
        return _dry_run(plans, store)
    _refuse_gpu_preset_on_cpu(plans)
    status = 0
    total = sum(len(stage) for _, _, _, plan in plans for stage in plan)
    if total > LARGE_SWEEP and params and not getattr(args, "yes", False):
        # A long seed list multiplies every arm: say what it means before anything starts.
        # (A preset's own grid is what its author chose, so it needs no confirmation.)
        print(
            f"error: these parameters plan {total:,} runs (more than {LARGE_SWEEP:,}); "
            "add --dry-run to list them, or --yes to start them",
            file=sys.stderr,
        )
        return 2
    if total > LARGE_SWEEP:
        print(f"note: this sweep plans {total:,} runs", file=sys.stderr)
    for name, _, _, plan in plans:
        t0 = time.perf_counter()
        report = _run(plan, store, args)
        print(
            f"{name}: {report.summary()} in {time.perf_counter() - t0:.1f} s (store: {store.root})"
        )
        _print_problems(report)
        status = status or int(not report.ok)
    return status


def _print_problems(report: SweepReport) -> None:
    """One line per failed run, and per run skipped because a run it needs failed."""
    for f in report.failed:
        print(f"  FAILED {f.label}: {f.error.splitlines()[0]}", file=sys.stderr)
    for f in report.blocked:
        print(f"  SKIPPED {f.label}: {f.error.removeprefix('skipped: ')}", file=sys.stderr)


def cmd_sweep(args: argparse.Namespace) -> int:
    studies = list(STUDIES) if args.study == "all" else [args.study]
    return _sweep(studies, args.preset, _params(args.parameter), args)


def cmd_summary(args: argparse.Namespace) -> int:
    """Claims and checks of one study, from the store (running what is missing first)."""
    from negresults.provenance import git_revision

    store = _store(args)
    plans = _plans([args.study], args.preset, _params(args.parameter))
    _refuse_gpu_preset_on_cpu(plans)
    [(name, study, cfg, plan)] = plans
    if args.record and (cfg.preset != BOOK_PRESET or args.parameter):
        # The record stands for the published book: its preset, its parameters.
        _bad_input(
            f"--record keeps the book's claims ({BOOK_PRESET} preset, no -p parameters); got "
            f"preset {cfg.preset!r}{' with parameters' if args.parameter else ''}: drop "
            f"--record, or run with --preset {BOOK_PRESET} and no -p"
        )
    report = _run(plan, store, args)
    if not report.ok:
        _print_problems(report)
        return 1
    results = study.results(cfg, store, progress=False)
    out = {
        "study": name,
        "preset": cfg.preset,
        "revision": git_revision(),
        "seeds": list(cfg.seeds),
        **study.summary(results),
    }
    out = published.finite(out)
    out["machines"] = machine.of_plan(plan, store)
    out["code"] = code_version(name)
    if args.record:
        where = published.record(
            name,
            cfg.preset,
            out["revision"],
            out["claims"],
            machines=out["machines"],
            code=out["code"],
        )
        print(f"recorded {len(out['claims'])} claims in {where}", file=sys.stderr)
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        print(_summary_text(out))
    return 0


def _summary_text(out: dict) -> str:
    import pandas as pd

    def num(x: object) -> str:
        return "n/a" if x is None else f"{x:.4g}"

    lines = [
        f"{out['study']} ({out['preset']} preset, revision {out['revision']}), "
        f"seeds {', '.join(map(str, out['seeds']))}",
        "",
        "Claims:",
    ]
    claims = pd.DataFrame(
        [
            {
                "claim": c["claim"],
                "setting": c["setting"],
                "verdict": c["verdict"],
                "estimate": num(c["estimate"]),
                "95% CI": f"[{num(c['ci'][0])}, {num(c['ci'][1])}]",
                "n": c["n"],
            }
            for c in out["claims"]
        ]
    )
    lines.append(claims.to_string(index=False) if len(claims) else "(none)")
    # A verdict that rests on more than the estimate (a count of seeds) says so below.
    lines += [
        f"  {c['claim']} ({c['setting']}): {c['basis']}" for c in out["claims"] if c.get("basis")
    ]
    lines += ["", "Checks:"]
    for k, c in out["checks"].items():
        lines.append(f"  {k:<28} {num(c['value']):>10}  {'ok' if c['ok'] else 'NOT MET'}")
    return "\n".join(lines)


def cmd_gc(args: argparse.Namespace) -> int:
    """Say how many runs of old code versions the store holds and how much space; remove them."""
    store = _store(args)
    if not store.root.is_dir():
        raise ConfigError(f"results store {str(store.root)!r} does not exist; nothing to collect")
    kinds = None
    if args.study:
        plans = _plans(args.study, None, {})
        kinds = {t.key[0] for _, _, _, plan in plans for stage in plan for t in stage}
    # Always count first, so the user reads how much goes before it goes.
    found = gc(store, kinds, dry_run=True)
    print(f"{found.summary()} (store: {store.root})")
    if args.dry_run or not found.paths:
        return 0
    done = gc(store, kinds)
    print(done.summary())
    for path in [*done.kept, *done.unreadable]:
        print(f"  kept {path}: not ours to remove (permissions)", file=sys.stderr)
    return 0


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
    r.add_argument("--no-limits", action="store_true", help=NO_LIMITS_HELP)
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
        sp.add_argument("--no-limits", action="store_true", help=NO_LIMITS_HELP)

    s = sub.add_parser("sweep", help="run a study's grid into the results store")
    s.add_argument("study", choices=None, help=f"one of {', '.join(STUDIES)}, all")
    s.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"))
    s.add_argument(
        "--dry-run", action="store_true", help="list every run (label, key, stored?); run nothing"
    )
    s.add_argument(
        "--only",
        action="append",
        metavar="PATTERN",
        help="only the runs whose label matches this shell-style pattern (as --dry-run lists "
        "them; repeat for more), with the runs they need: 'lpft/*/n8/*'",
    )
    s.add_argument(
        "--yes",
        action="store_true",
        help=f"start a sweep that parameters made larger than {LARGE_SWEEP:,} runs",
    )
    add_exec(s)
    s.set_defaults(func=cmd_sweep)

    m = sub.add_parser("summary", help="a study's claims and checks, from the store")
    m.add_argument("study", choices=None, help=f"one of {', '.join(STUDIES)}")
    m.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"))
    m.add_argument("--json", action="store_true", help="print a JSON object instead of a table")
    m.add_argument(
        "--record",
        action="store_true",
        help="also write the claims to book/published/<study>.json, which live pages on another "
        "preset compare themselves with (the book's preset only)",
    )
    add_exec(m)
    m.set_defaults(func=cmd_summary)

    g = sub.add_parser(
        "gc", help="remove stored runs that the current code can never serve (old code versions)"
    )
    g.add_argument(
        "study",
        nargs="*",
        help=f"only these studies' run kinds ({', '.join(STUDIES)}); default all",
    )
    g.add_argument(
        "--dry-run", action="store_true", help="say how many and how much; remove nothing"
    )
    g.add_argument(
        "--store", default=None, help="results folder (default: $NEGRESULTS_STORE or ./results)"
    )
    g.set_defaults(func=cmd_gc)

    b = sub.add_parser("book", help="run every experiment the book needs, then build it")
    b.add_argument("--path-output", default=None, help="build folder parent (default: book/)")
    add_exec(b)
    b.set_defaults(func=cmd_book)
    return p


def _bad_input(message: str) -> None:
    """One line on stderr and exit status 2, argparse's own status for bad input."""
    print(f"error: {message}", file=sys.stderr)
    sys.exit(BAD_INPUT)


def _check_flags(args: argparse.Namespace) -> None:
    valid = (*STUDIES, "all") if args.command == "sweep" else STUDIES
    studies = (
        args.study
        if isinstance(getattr(args, "study", None), list)
        else [getattr(args, "study", None)]
    )
    for study in studies:
        if study not in (None, *valid):
            _bad_input(f"unknown study {study!r}; valid choices: {', '.join(valid)}")
    if getattr(args, "executor", None) not in (None, *EXECUTORS):
        _bad_input(f"unknown executor {args.executor!r}; valid choices: {', '.join(EXECUTORS)}")
    workers = getattr(args, "workers", None)
    if workers is not None and not 1 <= workers <= MAX_WORKERS:
        _bad_input(f"--workers must be between 1 and {MAX_WORKERS}, got {workers}")
    if getattr(args, "no_limits", False):
        # The notebooks papermill starts inherit it, as do pool workers.
        os.environ[NO_LIMITS_ENV] = "1"


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    _check_flags(args)
    try:
        sys.exit(args.func(args))
    except SweepInterrupted as err:
        # Ctrl-C or SIGTERM: queued work was cancelled and no worker is left behind.
        print(f"interrupted: {err}", file=sys.stderr)
        sys.exit(err.exit_code)
    except (ConfigError, StoreError) as err:
        # Raised before any run starts (configs and the store are checked
        # first): bad input, exit 2. A run that fails later exits 1.
        _bad_input(str(err))
    except NotebookError as err:
        sys.exit(f"error: {err}")
