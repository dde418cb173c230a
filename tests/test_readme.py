"""Every command block of the README works on a fresh copy, as written (see readme_blocks)."""

from __future__ import annotations

import pytest
from readme_blocks import BLOCKS, BOOK_BLOCK, NOT_RUN, REFUSED, SUBSTITUTE


def test_substitutions_still_match_the_readme():
    text = "\n".join(BLOCKS)
    stale = [old for old, _ in SUBSTITUTE if old not in text]
    assert not stale, f"README no longer contains {stale}: update SUBSTITUTE"
    assert NOT_RUN in text and BOOK_BLOCK in text
    for key in REFUSED:
        assert key in text, key


@pytest.mark.slow
def test_every_readme_block_runs_on_a_fresh_copy(readme_run):
    copy, ran = readme_run
    assert len(ran) == len(BLOCKS) >= 8
    for r in ran:
        if r.refusal:
            assert r.returncode != 0 and r.refusal in r.output, (
                f"did not stop at its refusal:\n{r.block}\n{r.output[-3000:]}"
            )
            assert "Traceback" not in r.output, f"refused with a traceback:\n{r.output[-3000:]}"
        else:
            assert r.returncode == 0, f"README block failed:\n{r.block}\n{r.output[-4000:]}"
        assert not r.dirty, f"README block left the tree dirty:\n{r.block}\n{r.dirty}"
    assert (copy / "book" / "_build" / "html" / "index.html").exists()  # `make book`
