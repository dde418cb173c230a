"""Every command block of the README, run as written on a fresh copy of the repository.

The copy holds exactly the files git tracks (as a clone would) and is made a
git repository of its own, so the test also sees whether a command leaves the
tree dirty (a dirty tree re-executes and re-stamps every page of the next
build). It shares the suite's `.venv` (`src` on `PYTHONPATH` makes the copy's
own library the one imported) and has a results store of its own.

The only edits to the blocks are the substitutions declared in `SUBSTITUTE`,
each of which must still match the README: the `smoke` preset instead of
`cpu`/`gpu` (the environment sets `NEGRESULTS_PRESET=smoke` for the rest), a
temporary folder instead of the cluster's shared store, and the benchmark on
the smoke preset's models with one timing repeat. Blocks that cannot finish on this machine must stop at
their declared refusal (`REFUSED`): Slurm without `sbatch`, CUDA without a GPU.
`make test` is the block that runs this test; CI runs it through `.ci/run`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```bash\n(.*?)```", README, flags=re.DOTALL)

# (README text, what the test runs instead): each must match the README.
SUBSTITUTE = [
    ("-p preset cpu", "-p preset smoke"),
    ("--preset cpu", "--preset smoke"),
    ("--preset gpu", "--preset smoke"),
    ("PRESET=gpu", "PRESET=smoke"),
    ("NEGRESULTS_STORE=/shared/negresults/results", "NEGRESULTS_STORE=$SHARED_STORE"),
    ("benchmarks/bench.py ", "benchmarks/bench.py --preset smoke --repeats 1 "),
]
# A block containing the key must fail with this line, and only there.
REFUSED = {
    "--executor slurm": "executor 'slurm' needs Slurm's sbatch on PATH",
    "--device cuda": "torch sees no CUDA device",
}
# `make test` would run this very test again (CI runs it through .ci/run).
NOT_RUN = "make test"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture(scope="module")
def fresh_copy(tmp_path_factory):
    """The tracked files of this checkout, committed in a new repository, beside our .venv."""
    copy = tmp_path_factory.mktemp("readme") / "negresults"
    tracked = _git(ROOT, "ls-files", "-z").split("\0")
    for name in filter(None, tracked):
        src = ROOT / name
        if src.is_file():  # a file deleted but not yet committed is not in a clone
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, copy / name)  # keeps mtimes: make sees .venv as installed
    (copy / ".venv").symlink_to(ROOT / ".venv")
    _git(copy, "init", "-q")
    _git(copy, "add", "-A")
    _git(copy, "commit", "-qm", "fresh copy")
    return copy


def test_substitutions_still_match_the_readme():
    text = "\n".join(BLOCKS)
    stale = [old for old, _ in SUBSTITUTE if old not in text]
    assert not stale, f"README no longer contains {stale}: update SUBSTITUTE"
    assert any(NOT_RUN in b for b in BLOCKS)
    for key in REFUSED:
        assert key in text, key


def test_every_readme_block_runs_on_a_fresh_copy(fresh_copy, tmp_path):
    stamp = ROOT / ".venv" / ".installed-stamp"
    if not stamp.exists() or stamp.stat().st_mtime < (ROOT / "pyproject.toml").stat().st_mtime:
        # `make` in the copy would reinstall into the shared .venv, pointing it at the copy.
        pytest.fail(".venv is older than pyproject.toml: run `make test`, which updates it")
    env = {
        **os.environ,
        "NEGRESULTS_PRESET": "smoke",
        "NEGRESULTS_STORE": str(tmp_path / "store"),
        "SHARED_STORE": str(tmp_path / "shared-store"),
        "PYTHONPATH": str(fresh_copy / "src"),
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
    }
    env.pop("NEGRESULTS_STATIC", None)
    ran = 0
    for block in BLOCKS:
        script = block
        for old, new in SUBSTITUTE:
            script = script.replace(old, new)
        if NOT_RUN in script:
            script = "\n".join(line for line in script.splitlines() if NOT_RUN not in line)
        refusal = next((msg for key, msg in REFUSED.items() if key in script), None)
        res = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=fresh_copy,
            env=env,
            capture_output=True,
            text=True,
            timeout=1200,
        )
        out = res.stdout + res.stderr
        if refusal:
            assert res.returncode != 0 and refusal in out, (
                f"{block!r} did not refuse:\n{out[-3000:]}"
            )
            assert "Traceback" not in out, f"{block!r} refused with a traceback:\n{out[-3000:]}"
        else:
            assert res.returncode == 0, f"README block failed:\n{block}\n{out[-4000:]}"
        ran += 1
        dirty = _git(fresh_copy, "status", "--porcelain")
        assert not dirty, f"README block left the tree dirty:\n{block}\n{dirty}"
    assert ran == len(BLOCKS)
    assert (fresh_copy / "book" / "_build" / "html" / "index.html").exists()  # `make book`
