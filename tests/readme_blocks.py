"""Run every command block of the README, as written, on a fresh copy of the repository.

The copy holds exactly the files git tracks (as a clone would, symlinks
included) and is made a git repository of its own, so a block that leaves the
tree dirty is seen (a dirty tree re-executes and re-stamps every page of the
next build). It shares the suite's `.venv` (`src` on `PYTHONPATH` makes the
copy's own library the one imported) and the suite's smoke results store.

The only edits to the blocks are the substitutions declared in `SUBSTITUTE`,
each of which must still match the README (a test checks): the `smoke` preset
instead of `cpu`/`gpu` (the environment sets `NEGRESULTS_PRESET=smoke` for the
rest), a temporary folder instead of the cluster's shared store, and the
benchmark on the smoke preset's Study B model with one timing repeat (and, in the
environment, the GPU check's test step limited to its quick device tests). Blocks
that cannot finish on this machine must stop at their declared refusal
(`REFUSED`): Slurm without `sbatch`, CUDA without a GPU, recording a GPU
check that had none. The `make test` line
is the one that runs this (CI runs it through `.ci/run`).

The README's `make book` block builds the smoke book that `tests/test_book.py`
inspects: the book a new user's first command builds is the book under test.

The blocks run in `LANES`, each lane on a fresh copy of its own, its blocks in
README order: the book, the benchmark, the determinism check and the other
commands take minutes each, and pytest-xdist runs lanes side by side on
separate workers (they share only the smoke store, which concurrent writers
split run by run under its file locks). Every block and variant is in exactly
one lane (a test checks), so each is still run once, as written, on a fresh copy.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCKS = re.findall(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(), flags=re.DOTALL)

# (README text, what the test runs instead): each must match the README.
SUBSTITUTE = [
    ("-p preset cpu", "-p preset smoke"),
    ("--preset cpu", "--preset smoke"),
    ("--preset gpu", "--preset smoke"),
    ("PRESET=gpu", "PRESET=smoke"),
    ("NEGRESULTS_STORE=/shared/negresults/results", "NEGRESULTS_STORE=$SHARED_STORE"),
    ("benchmarks/bench.py ", "benchmarks/bench.py --preset smoke --repeats 1 --studies transfer "),
]
# A variant the README names in a comment ("# or cpu"): the block runs once as
# written and once more with the line replaced, so every form a reader may type
# is run. Every "# or ..." comment in a block must be declared here (a test checks).
VARIANTS = [
    (
        ".venv/bin/python benchmarks/determinism.py --device cuda   # or cpu",
        ".venv/bin/python benchmarks/determinism.py --device cpu",
    ),
]
# A block containing the key must fail with this line.
REFUSED = {
    "--executor slurm": "executor 'slurm' needs Slurm's sbatch on PATH",
    "--device cuda": "torch sees no CUDA device",
    # The GPU check rehearses here (its CUDA steps refused), so nothing was measured.
    "benchmarks/record_gpu.py": "nothing measured on a GPU",
}
# `make test` would run the suite again from inside the suite.
NOT_RUN = "make test"
BOOK_BLOCK = "make book"


# Lanes, each run on a fresh copy of its own (see the module's docstring).
LANES = ("book", "bench", "determinism", "commands")


def lane(block: str, script: str) -> str:
    """The lane that runs ``script`` (a form of README ``block``)."""
    if block.startswith(BOOK_BLOCK):  # the two-command block: the book under test
        return "book"
    if "benchmarks/bench.py" in script:
        return "bench"
    if "benchmarks/determinism.py" in script:
        return "determinism"
    return "commands"


@dataclass
class Ran:
    block: str  # as the README writes it
    script: str  # what ran
    refusal: str | None  # the line it must stop at, if any
    returncode: int
    output: str
    dirty: str  # `git status --porcelain` of the copy afterwards
    seconds: float  # wall time of the block (for finding what makes CI slow, never asserted)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def fresh_copy(dest: Path) -> Path:
    """The tracked files of this checkout, committed in a new repository, beside our .venv."""
    for name in filter(None, git(ROOT, "ls-files", "-z").split("\0")):
        src, target = ROOT / name, dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():  # book/notebooks, book/_config.yml: links, as git stores them
            target.symlink_to(os.readlink(src))
        elif src.is_file():  # a file deleted but not yet committed is not in a clone
            shutil.copy2(src, target)  # keeps mtimes: make sees .venv as installed
    (dest / ".venv").symlink_to(ROOT / ".venv")
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "fresh copy")
    return dest


def stale_venv() -> str | None:
    """Why `make` in the copy would reinstall into the shared .venv (pointing it at the copy)."""
    stamp = ROOT / ".venv" / ".installed-stamp"
    # The Makefile's install stamp depends on these: a newer one makes `make` reinstall.
    for name in ("pyproject.toml", "jupyterlab-settings/negresults.json"):
        if not stamp.exists() or stamp.stat().st_mtime < (ROOT / name).stat().st_mtime:
            return f".venv is older than {name}: run `make test`, which updates it"
    return None


def scripts() -> list[tuple[str, str]]:
    """``(block, script)``: every block as the test runs it, then each declared variant."""
    out = []
    for block in BLOCKS:
        forms = [block] + [block.replace(old, new) for old, new in VARIANTS if old in block]
        for form in forms:
            script = form
            for old, new in SUBSTITUTE:
                script = script.replace(old, new)
            script = "\n".join(line for line in script.splitlines() if NOT_RUN not in line)
            out.append((block, script))
    return out


def lane_scripts(name: str) -> list[tuple[str, str]]:
    """``(block, script)`` of lane ``name``, in README order."""
    return [(block, script) for block, script in scripts() if lane(block, script) == name]


def run_blocks(copy: Path, scratch: Path, store: Path, lane_name: str) -> list[Ran]:
    """Lane ``lane_name``'s blocks (and variants) in README order, each in a fresh shell in ``copy``."""
    env = {
        **os.environ,
        "NEGRESULTS_PRESET": "smoke",
        "NEGRESULTS_STORE": str(store),
        "SHARED_STORE": str(scratch / "shared-store"),
        "PYTHONPATH": str(copy / "src"),
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
        # The GPU check's test step runs the quick device tests only: the suite runs
        # tests/test_device_path.py itself, and on two busy cores its training runs could
        # outlast the step's 60 s and fail the lane for time alone.
        "GPU_CHECK_TESTS": "tests/test_devices.py",
    }
    env.pop("NEGRESULTS_STATIC", None)
    ran = []
    for block, script in lane_scripts(lane_name):
        start = time.perf_counter()
        res = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            timeout=1200,
        )
        refusal = next((msg for key, msg in REFUSED.items() if key in script), None)
        dirty = git(copy, "status", "--porcelain")
        seconds = time.perf_counter() - start
        ran.append(
            Ran(block, script, refusal, res.returncode, res.stdout + res.stderr, dirty, seconds)
        )
    return ran
