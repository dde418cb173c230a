"""Fixtures shared by the test modules."""

from __future__ import annotations

import os

import pytest
import torch

from negresults.store import ResultStore
from negresults.studies import get

# Session fixtures that take minutes, and the xdist group of the tests using them.
SHARED_FIXTURES = {"built_book": "book"}
# The work units that take minutes, in this order: the README's lanes (the book
# lane's group holds the smoke book's tests), then the live chapters' group.
# Collected first, and handed out in collection order (pyproject's
# --no-loadscope-reorder), so that with -n no worker starts one of them late
# while the other has only seconds of work left: a worker queues its next unit
# before it is idle, and xdist never takes back a test it has handed out. (By
# default xdist hands out every multi-test group first, largest by count, and
# the README lanes after them; the last such run's wall time was 100 s above
# half its summed test time on two workers.)
FIRST = ("tests/test_readme.py", "tests/test_live_notebook.py")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Under pytest-xdist (``make test``), tests sharing an expensive fixture run on one worker.

    ``--dist loadgroup`` sends an ``xdist_group`` to one worker as a whole, so the
    smoke book (``built_book``) is built once, and each module-scoped fixture
    (the JupyterLab server of test_live_notebook, a module's trained store) is
    set up once per module, as in a plain run, and sees its module's tests in order.
    """
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue
        names = item.fixturenames
        group = next((g for f, g in SHARED_FIXTURES.items() if f in names), None)
        defs = getattr(item, "_fixtureinfo", None)
        if group is None and defs is not None:
            if any(d[-1].scope == "module" for d in defs.name2fixturedefs.values() if d):
                group = item.nodeid.split("::")[0]
        if group:
            item.add_marker(pytest.mark.xdist_group(group))

    def rank(item):
        module = item.nodeid.split("::")[0]
        return FIRST.index(module) if module in FIRST else len(FIRST)

    items.sort(key=rank)  # stable: collection order within each rank


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """On an xdist worker (--dist loadgroup), a grouped test whose group was lost fails at once.

    pytest-xdist puts a test's group in its node id (``...@book``); pytest 9.2's
    structured node ids silently drop it (pytest-dev/pytest-xdist#1386), and
    every worker would then build the smoke book and start JupyterLab itself.
    Checked before any fixture is set up.
    """
    if not getattr(item.config.option, "loadgroup", False):  # set on xdist workers only
        return
    if item.get_closest_marker("xdist_group") and "@" not in item.nodeid.rsplit("]", 1)[-1]:
        pytest.fail(
            "pytest-xdist's --dist loadgroup lost this test's group (pytest-dev/pytest-xdist"
            "#1386): install the pytest pyproject.toml pins, or run without -n",
            pytrace=False,
        )


@pytest.fixture(autouse=True, scope="session")
def one_thread():
    # Tiny models on a shared 2-core machine: a second intra-op thread only
    # adds spin-waiting (measured: the suite took minutes instead of seconds).
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="session")
def readme_lane(tmp_path_factory, smoke_store):
    """``readme_lane(name) -> (copy, ran)``: lane ``name``'s README blocks, run once on a fresh copy.

    See tests/readme_blocks.py (``LANES``). Their runs go to the suite's smoke
    store: the copy's code is this code, so the smoke grids are trained once for
    the README's book and the other tests.
    """
    from readme_blocks import LANES, fresh_copy, run_blocks, stale_venv

    if why := stale_venv():
        pytest.fail(why)
    done: dict[str, tuple | BaseException] = {}

    def run(name: str):
        assert name in LANES, name
        if name not in done:
            try:
                base = tmp_path_factory.mktemp(f"readme-{name}")
                copy = fresh_copy(base / "negresults")
                ran = run_blocks(copy, base, smoke_store.root, name)
            except Exception as err:  # raised again for every test of the lane, run once
                done[name] = err
                raise
            # Where the README's share of CI time goes, for whoever makes CI faster next.
            (base / "block-seconds.txt").write_text(
                "".join(f"{r.seconds:7.1f}s  {r.block.splitlines()[0]}\n" for r in ran)
            )
            done[name] = copy, ran
        if isinstance(done[name], BaseException):
            raise done[name]
        return done[name]

    return run


@pytest.fixture(scope="session")
def smoke_store(tmp_path_factory) -> ResultStore:
    """One store shared by every test that needs the smoke grid of a study.

    Under pytest-xdist each worker has a session of its own: the workers share
    one folder beside their temporary folders, so each smoke grid is still
    trained once (concurrent writers split the runs under the store's file locks).
    """
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = tmp_path_factory.getbasetemp().parent / "smoke-store"
        root.mkdir(exist_ok=True)
        return ResultStore(root)
    return ResultStore(tmp_path_factory.mktemp("smoke-store"))


@pytest.fixture(scope="session")
def smoke_results(smoke_store):
    """``smoke_results(name)``: the smoke-preset results of study ``name`` (trained once)."""
    cache = {}

    def load(name: str):
        if name not in cache:
            study = get(name)
            cfg = study.config(preset="smoke", device="cpu")
            cache[name] = study.results(cfg, smoke_store, progress=False)
        return cache[name]

    return load


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the figures a test drew: pyplot keeps them open otherwise, and the suite drew
    enough to trip matplotlib's too-many-figures warning."""
    yield
    import sys

    plt = sys.modules.get("matplotlib.pyplot")  # only where a test has drawn
    if plt is not None:
        plt.close("all")


@pytest.fixture
def git(tmp_path):
    """A throwaway git repository in ``tmp_path``: a function that runs git there and returns
    its output (for code that reads a repository's history)."""
    import subprocess

    def run(*args):
        out = subprocess.run(
            ["git", "-C", str(tmp_path), *args], capture_output=True, text=True, check=True
        )
        return out.stdout.strip()

    run("init", "-q")
    run("config", "user.email", "t@example.org")
    run("config", "user.name", "t")
    return run
