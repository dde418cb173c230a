"""The command line refuses bad input in one line, before any run starts."""

import subprocess
import sys

import pytest

from negresults.cli import main


def _cli(*args, **kw):
    return subprocess.run(
        [sys.executable, "-m", "negresults", *args], capture_output=True, text=True, **kw
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["sweep", "shape_color", "-p", "ablations", "[frozen_linear, no_attn]"],
            "unknown ablation 'no_attn'",
        ),
        (["sweep", "shape_color", "-p", "colour_pressure", "[purple]"], "purple"),
        (["sweep", "transfer", "-p", "arms", "[scrach]"], "unknown arm 'scrach'"),
        (["sweep", "transfer", "-p", "dataset", "svhn"], "svhn"),
        (["sweep", "transfer", "-p", "seeds", "[]"], "seeds is empty"),
        (["sweep", "transfer", "-p", "seeds", "[-1]"], "-1"),
        (["sweep", "transfer", "-p", "target_sizes", "[100000]"], "100000"),
        (["sweep", "transfer", "-p", "sedes", "[1]"], "unknown parameter 'sedes'"),
        (["sweep", "transfer", "-p", "seeds", "zero"], "seeds must be a list"),
        (
            ["sweep", "transfer", "--preset", "huge"],
            "unknown preset 'huge'; valid presets: smoke, cpu, gpu",
        ),
        (["sweep", "mnist"], "unknown study 'mnist'; valid choices: shape_color, transfer, all"),
        (["sweep", "transfer", "--executor", "dask"], "unknown executor 'dask'; valid choices"),
        (
            ["run", "notebooks/transfer/04_experiments.py", "-p", "arm", "[scratch]"],
            "unknown parameter 'arm' for 04_experiments.py; valid names: seeds, arms, shift_levels, target_sizes, preset, device",
        ),
        (["run", "notebooks/transfer/99_missing.py"], "does not exist"),
        (
            ["sweep", "transfer", "--preset", "smoke", "--only", "lpft/hand"],
            "--only 'lpft/hand' matches no run of the plan; labels look like pretrain/",
        ),
    ],
)
@pytest.mark.bad_input
def test_bad_input_is_one_clear_line_and_exit_status_2(args, message, tmp_path, capsys):
    # In-process (fast): one line on stderr, argparse's exit status for bad input.
    argv = [*args, "--store", str(tmp_path / "s")] if args[0] == "sweep" else args
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    assert message in lines[0]
    assert not any((tmp_path / "s").rglob("MANIFEST.json"))  # nothing ran


@pytest.mark.bad_input
def test_the_process_prints_exactly_one_line_and_exits_2(tmp_path):
    res = _cli("sweep", "transfer", "-p", "arms", "[scrach]", "--store", str(tmp_path / "s"))
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        "error: unknown arm 'scrach' (did you mean 'scratch'?); valid choices: scratch, finetune, lpft, linear_probe, frozen_head"
    ]


@pytest.mark.faults
def test_unwritable_store_is_refused_before_any_run(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    res = _cli("sweep", "transfer", "--preset", "smoke", "--store", str(blocker / "store"))
    assert res.returncode != 0 and "cannot be written" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
