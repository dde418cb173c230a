"""Every command block of the README works on a fresh copy, as written (see readme_blocks)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from readme_blocks import (
    BLOCKS,
    BOOK_BLOCK,
    LANES,
    NOT_RUN,
    REFUSED,
    SUBSTITUTE,
    VARIANTS,
    lane_scripts,
    scripts,
)


def test_substitutions_still_match_the_readme():
    text = "\n".join(BLOCKS)
    stale = [old for old, _ in SUBSTITUTE if old not in text]
    assert not stale, f"README no longer contains {stale}: update SUBSTITUTE"
    assert NOT_RUN in text and BOOK_BLOCK in text
    for key in REFUSED:
        assert key in text, key
    for old, _ in VARIANTS:
        assert old in text, f"README no longer contains {old!r}: update VARIANTS"


def test_every_variant_the_readme_names_is_run():
    # "# or cpu" after a command names a second form: each must be declared, and run.
    named = [line for b in BLOCKS for line in b.splitlines() if re.search(r"#\s*or\b", line)]
    declared = [old for old, _ in VARIANTS]
    assert not [line for line in named if line not in declared], (
        "README names a variant not in readme_blocks.VARIANTS"
    )
    ran = [script for _, script in scripts()]
    for _, new in VARIANTS:
        assert any(new in s for s in ran), new
    assert "benchmarks/determinism.py --device cpu" in "\n".join(ran)


def test_every_block_and_variant_is_in_exactly_one_lane():
    every = scripts()
    assert len(every) >= len(BLOCKS) + len(VARIANTS) >= 9
    in_lanes = [s for name in LANES for s in lane_scripts(name)]
    assert sorted(in_lanes) == sorted(every) and all(lane_scripts(name) for name in LANES)
    assert [b for b, _ in lane_scripts("book")] == [b for b in BLOCKS if b.startswith(BOOK_BLOCK)]


@pytest.mark.slow
@pytest.mark.parametrize(
    "lane",
    # The book lane builds the book that tests/test_book.py reads: one worker builds it once.
    [pytest.param(n, marks=pytest.mark.xdist_group("book")) if n == "book" else n for n in LANES],
)
def test_every_readme_block_runs_on_a_fresh_copy(lane, readme_lane):
    copy, ran = readme_lane(lane)
    assert len(ran) == len(lane_scripts(lane)) >= 1
    for r in ran:
        if r.refusal:
            assert r.returncode != 0 and r.refusal in r.output, (
                f"did not stop at its refusal:\n{r.block}\n{r.output[-3000:]}"
            )
            assert "Traceback" not in r.output, f"refused with a traceback:\n{r.output[-3000:]}"
        else:
            assert r.returncode == 0, f"README block failed:\n{r.block}\n{r.output[-4000:]}"
        assert not r.dirty, f"README block left the tree dirty:\n{r.block}\n{r.dirty}"
    if lane == "book":
        assert (copy / "book" / "_build" / "html" / "index.html").exists()  # `make book`
    if lane == "commands":
        # `bash benchmarks/gpu_check.sh`, rehearsed on this machine without CUDA: the machine
        # and the device tests pass, each CUDA step is refused at once in one line, and the
        # project ran from the copy's src/, not from an installed copy.
        import json

        out = copy / "benchmarks" / "output" / "gpu_check"
        status = json.loads((out / "status.json").read_text())
        assert status["machine"] == status["tests"] == 0 and status["seconds"] < 300, status
        log = (out / "log.txt").read_text()
        assert "Traceback" not in log
        for step in ("determinism", "seeds_at_once", "bench"):
            assert status[step] == 1, (step, status)
        assert log.count("--device cuda: torch sees no CUDA device on this machine") == 3
        machine = json.loads((out / "machine.json").read_text())
        assert machine["import_failures"] == [] and machine["cuda"] is False
        assert Path(machine["negresults_from"]).resolve() == (copy / "src" / "negresults").resolve()
        assert (out / "tests.xml").is_file()
    if lane == "determinism":
        # determinism.py --device cpu (the README's "or cpu"): both studies, bit for bit on
        # the CPU, and what a study's config refuses (Study B's compile) skipped with its reason.
        import json

        from negresults.studies import STUDIES

        cpu = json.loads((copy / "benchmarks" / "output" / "determinism.json").read_text())["cpu"]
        for study in STUDIES:
            assert cpu[study] and all(r["identical"] for r in cpu[study].values()), study
        # Every kind of run, not only the first stage's (the pilot seed's tuning runs).
        kinds = {study: {label.split("/")[0] for label in cpu[study]} for study in STUDIES}
        assert {"tune", "stability", "baseline", "shape_only", "colour_only"} <= kinds[
            "shape_color"
        ]
        assert {"pretrain", "scratch", "finetune", "lpft", "linear_probe", "frozen_head"} <= kinds[
            "transfer"
        ]
        assert "shape_color_compiled_vs_eager" in cpu
        assert "compile=True is not supported" in cpu["skipped"]["transfer_compiled_vs_eager"]
