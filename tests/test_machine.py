"""Each run records the machine it was made on, and the records count runs per machine."""

from __future__ import annotations

import toytasks as toy

from negresults import machine, published
from negresults.devices import limit_threads
from negresults.store import ResultStore
from negresults.tasks import Task, execute

EPYC = {
    "cpu": "AMD EPYC",
    "torch_kernels": "AVX2",
    "torch_blas": "mkl",
    "threads": 1,
    "blas": ["openblas 0.3.30 (Haswell)"],
}
XEON = {"cpu": "Intel Xeon", "torch_kernels": "AVX512", "threads": 2, "blas": []}


def test_a_machine_is_described_in_words_and_a_run_without_one_says_so():
    assert machine.describe(EPYC) == (
        "AMD EPYC, torch's AVX2 kernels with mkl, 1 thread, openblas 0.3.30 (Haswell)"
    )
    assert machine.describe(XEON) == "Intel Xeon, torch's AVX512 kernels, 2 threads"
    assert machine.describe(None) == machine.describe({}) == machine.NOT_RECORDED


def test_runs_are_counted_per_machine_commonest_first_and_said_in_one_clause():
    infos = [{"machine": XEON}, {"machine": EPYC}, {"seconds": 1.0}, {"machine": EPYC}]
    counts = machine.count(infos)
    assert list(counts.values()) == [2, 1, 1]
    assert list(counts)[0] == machine.describe(EPYC)
    said = machine.sentence(counts, planned=10)
    assert said.startswith("4 of its 10 runs are stored, made 2 on AMD EPYC, torch's AVX2")
    # Ties in name order; machines apart by semicolons, as their descriptions hold commas.
    assert "(Haswell); 1 on Intel Xeon, torch's AVX512 kernels, 2 threads; and 1 " in said
    assert said.endswith("; and 1 before runs recorded their machine")
    one = {machine.describe(XEON): 2214}
    assert machine.sentence(one, planned=2214) == (
        "all 2,214 of its runs are stored, made on Intel Xeon, torch's AVX512 kernels, 2 threads"
    )
    assert machine.sentence({machine.NOT_RECORDED: 3}, planned=3).endswith(
        "stored, made before runs recorded their machine"
    )
    assert machine.sentence({}, planned=5) == "none of its runs is stored"


def test_a_stored_run_records_where_it_ran_and_its_key_does_not(tmp_path):
    store = ResultStore(tmp_path / "store")
    task = Task("toy/threads", {"x": 1}, toy.threads, "x=1")
    with limit_threads(1):
        run = execute(task, store)
    facts = run.info["machine"]
    assert facts["cpu"] == machine.cpu_model() and facts["threads"] == 1
    assert facts["torch_kernels"]  # the toy runner imported torch
    # What a run records of its machine is not part of what it is: the same key finds it.
    assert store.get(task.kind, task.config).info["machine"] == facts
    plan = [[task, Task("toy/threads", {"x": 2}, toy.threads, "x=2")]]  # x=2 never ran
    assert machine.of_plan(plan, store) == {machine.describe(facts): 1}


def test_a_run_records_the_threads_it_ran_with_not_the_executors(tmp_path):
    """A study's runner applies its config's thread count and restores the caller's pool
    when it returns: the record must name the run's count, not the pool left behind."""
    store = ResultStore(tmp_path / "store")
    task = Task("toy/own-threads", {"x": 1, "threads": 1}, toy.own_threads, "x=1")
    with limit_threads(2):  # a one-worker sweep on two cores gives its worker both
        run = execute(task, store)
    assert run.metrics["threads"] == 1  # what the run computed with
    assert run.info["machine"]["threads"] == 1


def test_a_record_keeps_its_machines_and_a_comparison_names_both(tmp_path):
    counts = {machine.describe(EPYC): 3}
    published.record("transfer", "cpu", "abc", [], root=tmp_path, machines=counts)
    later = published.load("transfer", root=tmp_path)
    assert later["machines"] == counts
    assert later["code"] is None  # not given here
    earlier = {**later, "machines": {}, "revision": "old"}
    text, _ = published.between(earlier, later)
    assert "the earlier record does not say which machines made its runs" in text
    assert "the runs of the later record: 3 runs, all made on AMD EPYC" in text


def test_a_comparison_says_whether_the_two_records_runs_came_from_the_same_code(tmp_path):
    published.record("transfer", "cpu", "abc", [], root=tmp_path, code="c0de")
    later = published.load("transfer", root=tmp_path)
    same, _ = published.between({**later, "revision": "old"}, later)
    assert "Both records' runs were made by the same compute code (version c0de)." in same
    moved, _ = published.between({**later, "code": "0ld"}, later)
    assert "made by different compute code (version 0ld, then c0de)" in moved
    # With claims: identical ones say the code change moved none; a moved one may be either's.
    claim = {"claim": "A", "setting": "s", "verdict": "benefit", "estimate": 1.0}
    claim.update(ci=[0.5, 1.5], n=6)
    with_claims = {**later, "claims": [claim]}
    kept, _ = published.between({**with_claims, "code": "0ld"}, with_claims)
    assert "gives its one claim the same verdict, estimate, interval and seeds" in kept
    assert "(version 0ld, then c0de), and the change moved none of the claims." in kept
    other = {**with_claims, "code": "0ld", "claims": [{**claim, "estimate": 1.2}]}
    changed, _ = published.between(other, with_claims)
    assert "so a difference may be the code's as well as the machine's." in changed
    unknown, _ = published.between({**later, "code": None}, later)
    assert "The earlier record does not name the compute code" in unknown
