"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest
import torch

from negresults.store import ResultStore
from negresults.studies import get


@pytest.fixture(autouse=True, scope="session")
def one_thread():
    # Tiny models on a shared 2-core machine: a second intra-op thread only
    # adds spin-waiting (measured: the suite took minutes instead of seconds).
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="session")
def readme_run(tmp_path_factory, smoke_store):
    """``(copy, ran)``: every README block run once on a fresh copy (tests/readme_blocks.py).

    Its runs go to the suite's smoke store: the copy's code is this code, so
    the smoke grids are trained once for the README's book and the other tests.
    """
    from readme_blocks import fresh_copy, run_blocks, stale_venv

    if why := stale_venv():
        pytest.fail(why)
    base = tmp_path_factory.mktemp("readme")
    copy = fresh_copy(base / "negresults")
    ran = run_blocks(copy, base, smoke_store.root)
    # Where the README's share of CI time goes, for whoever makes CI faster next.
    (base / "block-seconds.txt").write_text(
        "".join(f"{r.seconds:7.1f}s  {r.block.splitlines()[0]}\n" for r in ran)
    )
    return copy, ran


@pytest.fixture(scope="session")
def smoke_store(tmp_path_factory) -> ResultStore:
    """One store shared by every test that needs the smoke grid of a study."""
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
