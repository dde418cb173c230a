"""Both studies implement one contract: config, plan, results, pages, claims, checks."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from pathlib import Path

import matplotlib
import pytest

from negresults.citations import parse_call
from negresults.config import ConfigError, StudyConfig, param, run_fields
from negresults.notebooks import notebook_parameters, read_notebook
from negresults.studies import STUDIES, get
from negresults.study import Check, Claim, Results, Study

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "negresults"


@pytest.fixture(autouse=True)
def agg():
    matplotlib.use("Agg", force=True)


def chapters(study: str) -> list[Path]:
    return sorted((ROOT / "notebooks" / study).glob("[0-9][0-9]_*.py"))


@pytest.mark.parametrize("name", STUDIES)
def test_registered_studies_satisfy_the_contract(name):
    study = get(name)
    assert isinstance(study, Study) and study.name == name
    assert issubclass(study.config_class, StudyConfig)
    cfg = study.config(preset="smoke")
    assert isinstance(cfg, study.config_class) and cfg.preset == "smoke"
    plan = study.plan(cfg)
    kinds = {t.kind for stage in plan for t in stage}
    assert kinds and all(k.startswith(f"{name}/") for k in kinds)
    # Every field says what it is for, and run keys are an allow-list of fields.
    for f in dataclasses.fields(study.config_class):
        assert f.metadata.get("help"), f"{name}: field {f.name} has no help text"
    assert "equivalence_margin" not in run_fields(study.config_class)


@pytest.mark.parametrize("name", STUDIES)
def test_every_chapter_is_a_declared_page_with_the_declared_parameters(name):
    study = get(name)
    files = chapters(name)
    assert [f.stem for f in files] == list(study.pages)
    for f in files:
        declared = tuple(notebook_parameters(read_notebook(f)))
        assert declared == study.pages[f.stem].parameters, f.name


def test_unknown_study_is_refused_with_the_valid_choices():
    with pytest.raises(ConfigError, match="unknown study 'nope'; valid choices: shape_color"):
        get("nope")


def cited_keys(path: Path) -> set[str]:
    text = path.read_text()
    keys = set(re.findall(r"\{(?:eval|glue(?::text)?)\}`(?:[^`]*::)?([^`]+)`", text))
    keys |= set(re.findall(r"```\{glue(?::figure)?\} (\S+)", text))
    keys |= set(re.findall(r"page\.(?:figure\(|values\[)\"([^\"]+)\"", text))
    # {eval}`citep("key")` is a citation (tests/test_citations.py), not a glued value.
    return {k for k in keys if not parse_call(k)}


@pytest.mark.slow
@pytest.mark.parametrize("name", STUDIES)
def test_pages_glue_every_key_their_chapter_cites_and_each_key_is_written_in_full(
    name, smoke_results
):
    study = get(name)
    results = smoke_results(name)
    sources = "\n".join(p.read_text() for p in SRC.rglob("*.py"))
    for f in chapters(name):
        spec = study.pages[f.stem]
        values = study.page_values(f.stem, results.cfg, results if spec.needs_runs else None)
        cited = cited_keys(f)
        assert cited <= set(values), f"{f.name}: cited but not glued: {cited - set(values)}"
        for key in values:
            assert key.startswith(study.glue_prefix), key
            # A key seen in a chapter must be found by grep in the library.
            assert f'"{key}"' in sources, f"glue key {key} is assembled, not written out"


@pytest.mark.slow
@pytest.mark.parametrize("name", STUDIES)
def test_summary_reports_claims_and_checks(name, smoke_results):
    study = get(name)
    out = study.summary(smoke_results(name))
    assert out["claims"] and out["checks"]
    assert isinstance(smoke_results(name), Results)
    for c in out["claims"]:
        assert set(c) == {"claim", "setting", "verdict", "outcome", "estimate", "ci", "n", "basis"}
        assert c["outcome"] in {"positive", "negative", "equivalent", "inconclusive", "untestable"}
        # Every seed its cells ran, or none: a claim the manipulation checks rule out is
        # untestable. (Study A's cells a claim's power sized run more seeds than the others.)
        cfg = smoke_results(name).cfg
        seeds = (
            {len(cfg.cell_seeds(v, p)) for v, p, _, _ in cfg.grid}
            if hasattr(cfg, "cell_seeds")
            else {len(cfg.seeds)}
        )
        assert len(c["ci"]) == 2 and c["n"] in (
            seeds | {0} if c["verdict"] == "untestable" else seeds
        )
    for check in out["checks"].values():
        assert set(check) == {"value", "ok"} and isinstance(check["ok"], bool)
    assert {"power_ratio", "equivalence_margin", "inconclusive_share"} <= set(out["checks"])
    if name == "shape_color":  # the checks issue 24 asks `summary shape_color --json` for
        issue24 = {
            "baseline_shape_final", "baseline_colour_final", "shape_plateau_gain",
            "frozen_projection_ratio", "pressure_levels_effective",
            "benchmark_offset_minus_jitter", "instability_shown", "lr_edge_picks",
        }  # fmt: skip
        assert issue24 <= set(out["checks"])
    assert all(isinstance(c, Claim) for c in study.claims(smoke_results(name)))
    assert all(isinstance(c, Check) for c in study.checks(smoke_results(name)).values())


def test_the_equivalence_margin_is_part_of_every_config():
    """Declared on StudyConfig: a study that does not choose its own fails validation."""

    @dataclasses.dataclass(frozen=True)
    class Forgetful(StudyConfig):
        width: int = param(8, "a field of its own")

    @dataclasses.dataclass(frozen=True)
    class Careful(Forgetful):
        equivalence_margin: float = param(1.5, "points", scope="report", positive=True)

    assert "equivalence_margin" in {f.name for f in dataclasses.fields(StudyConfig)}
    with pytest.raises(ConfigError, match="equivalence_margin must be a finite number"):
        Forgetful().validate()
    Careful().validate()
    assert Careful().equivalence_margin == 1.5
    assert "equivalence_margin" not in run_fields(Careful)
    with pytest.raises(ConfigError, match="equivalence_margin must be positive"):
        Careful(equivalence_margin=0.0).validate()


def test_summary_counts_inconclusive_and_untestable_claims_as_unresolved():
    @dataclasses.dataclass(frozen=True)
    class Cfg(StudyConfig):
        equivalence_margin: float = param(2.5, "points", scope="report", positive=True)

    @dataclasses.dataclass
    class Runs:
        cfg: Cfg

    def claim(outcome):
        return Claim("c", "s", f"words for {outcome}", outcome, 0.0, (-1.0, 1.0), 3)

    class Toy(Study):
        name = title = glue_prefix = "toy"
        config_class = Cfg
        pages = {}
        outcomes: tuple[str, ...] = ()

        def plan(self, cfg):
            return []

        def results(self, cfg, store=None, progress=True):
            return Runs(cfg)

        def claims(self, results):
            return [claim(o) for o in self.outcomes]

        def checks(self, results):
            return {}

    toy = Toy()
    runs = toy.results(Cfg())
    assert isinstance(runs, Results)
    outcomes = ("positive", "equivalent", "negative", "inconclusive", "untestable")
    toy.outcomes = outcomes
    out = toy.summary(runs)
    assert out["checks"]["inconclusive_share"] == {"value": 0.4, "ok": False}
    assert out["checks"]["equivalence_margin"] == {"value": 2.5, "ok": True}
    assert [c["verdict"] for c in out["claims"]] == [f"words for {o}" for o in outcomes]
    toy.outcomes = ("positive",) * 4 + ("untestable",)
    assert toy.summary(runs)["checks"]["inconclusive_share"] == {"value": 0.2, "ok": True}
    toy.outcomes = ()
    assert toy.summary(runs)["checks"]["inconclusive_share"] == {"value": 0.0, "ok": True}
    with pytest.raises(ValueError, match="unknown outcome 'supported'"):
        claim("supported")


def cli(capsys, *args: str) -> subprocess.CompletedProcess:
    """``python -m negresults *args``, run in this process: what it printed and its status.

    Each CLI process spends seconds importing torch; tests/test_cli.py runs the
    real process. An exception the CLI lets through fails the test, as a
    traceback would fail the process.
    """
    from negresults.cli import main

    capsys.readouterr()  # what the test printed before is not the command's
    code: int | str | None = 0
    try:
        main(list(args))
    except SystemExit as exited:
        code = exited.code
    out = capsys.readouterr()
    err = out.err + (f"{code}\n" if isinstance(code, str) else "")  # sys.exit("message")
    status = 1 if isinstance(code, str) else (code or 0)
    return subprocess.CompletedProcess(["negresults", *args], status, out.out, err)


@pytest.mark.slow
def test_dry_run_lists_every_run_and_submits_nothing(tmp_path, capsys, smoke_store, smoke_results):
    smoke_results("transfer")  # the shared store now holds the transfer smoke grid
    res = cli(
        capsys, "sweep", "all", "--preset", "smoke", "--dry-run", "--store", str(smoke_store.root)
    )
    assert res.returncode == 0, res.stderr
    lines = res.stdout.strip().splitlines()
    n_plan = sum(
        len(stage)
        for name in STUDIES
        for stage in get(name).plan(get(name).config(preset="smoke", device="cpu"))
    )
    assert len(lines) == n_plan + 1
    transfer = [line for line in lines[:-1] if line.startswith("transfer\t")]
    assert transfer and all(line.endswith("\tstored") for line in transfer)
    stored = sum(line.endswith("\tstored") for line in lines[:-1])
    assert lines[-1].startswith(f"{n_plan} runs: {stored} stored, {n_plan - stored} missing")
    empty = tmp_path / "empty"
    res = cli(capsys, "sweep", "transfer", "--preset", "smoke", "--dry-run", "--store", str(empty))
    assert res.returncode == 0 and "0 stored" in res.stdout.splitlines()[-1]
    assert not any(p.name != ".probe" for p in empty.rglob("MANIFEST.json"))


def test_only_makes_the_matched_runs_and_the_runs_they_need(tmp_path, capsys):
    args = ("sweep", "transfer", "--preset", "smoke", "--store", str(tmp_path / "s"))
    cfg = get("transfer").config(preset="smoke", device="cpu")
    lpft = [f"lpft/handwriting/n{cfg.table_size}/k{cfg.folds}/seed{s}" for s in cfg.seeds]
    pretrain = [f"pretrain/handwriting/seed{s}" for s in cfg.seeds]
    # Listed: the match and the pretrainings it needs, nothing else.
    listed = cli(capsys, *args, "--only", "lpft/handwriting/*", "--dry-run").stdout.splitlines()
    assert sorted(line.split("\t")[1] for line in listed[:-1]) == sorted([*lpft, *pretrain])
    assert listed[-1].startswith(f"{len(lpft) + len(pretrain)} runs: 0 stored, ")
    # Made: the whole plan, listed afterwards, has exactly the matched runs stored.
    res = cli(capsys, *args, "--only", "pretrain/handwriting/*", "--executor", "inline", "-q")
    assert res.returncode == 0, res.stderr
    every = cli(capsys, *args, "--dry-run").stdout.splitlines()[:-1]
    stored = sorted(line.split("\t")[1] for line in every if line.endswith("\tstored"))
    assert stored == sorted(pretrain) and len(every) > 2 * len(stored)


@pytest.mark.slow
def test_summary_json_from_the_store(capsys, smoke_store, smoke_results):
    smoke_results("transfer")
    res = cli(
        capsys, "summary", "transfer", "--preset", "smoke", "--json", "--executor", "inline",
        "--store", str(smoke_store.root), "-q",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["study"] == "transfer" and out["preset"] == "smoke"
    assert {"revision", "seeds", "claims", "checks"} <= set(out)
    issue23 = {
        "max_final_gain", "source_only_accuracy", "best_nondeep_accuracy", "lpft_minus_scratch",
        "real_shift_levels", "subtlest_shift_drop", "subtlest_shift_drop_low",
        "largest_shift_drop", "power_ratio", "lr_edge_picks", "inconclusive_share",
    }  # fmt: skip
    assert issue23 <= set(out["checks"])
    # the no-shift control is not counted as a shift level
    # smoke: the control, then two real levels (mixed_light and fonts)
    assert out["checks"]["real_shift_levels"]["value"] == 2
    text = cli(
        capsys, "summary", "transfer", "--preset", "smoke", "--executor", "inline",
        "--store", str(smoke_store.root), "-q",
    )  # fmt: skip
    assert text.returncode == 0 and "Claims:" in text.stdout and "Checks:" in text.stdout


@pytest.mark.bad_input
@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["summary", "nope", "--json"],
            "unknown study 'nope'; valid choices: shape_color, transfer",
        ),
        (["sweep", "nope", "--dry-run"], "unknown study 'nope'"),
        (["sweep", "all", "--preset", "huge", "--dry-run"], "unknown preset 'huge'"),
        (["summary", "transfer", "--preset", "huge", "--json"], "unknown preset 'huge'"),
        (["summary", "transfer", "-p", "widht", "3", "--json"], "unknown parameter 'widht'"),
        (["sweep", "transfer", "-p", "lr_grid", "[]", "--dry-run"], "lr_grid is empty"),
    ],
)
def test_bad_input_is_one_line_and_submits_nothing(tmp_path, capsys, args, message):
    res = cli(capsys, *args, "--store", str(tmp_path / "store"))
    assert res.returncode != 0
    assert message in res.stderr and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert not list((tmp_path / "store").rglob("MANIFEST.json"))


def test_a_third_study_runs_through_the_same_contract(tmp_path):
    """tests/toystudy: a config, one registered runner, one page value; nothing else."""
    from toystudy.study import ToyStudy

    from negresults import runkeys
    from negresults.store import ResultStore

    study = ToyStudy()
    cfg = study.config(preset="smoke")
    store = ResultStore(tmp_path)
    plan = study.plan(cfg)
    results = study.results(cfg, store, progress=False)
    # Every run the plan lists is stored, and nothing else.
    stored = list(tmp_path.glob("toystudy/mean/*/MANIFEST.json"))
    assert len(stored) == sum(len(stage) for stage in plan) == len(cfg.seeds)
    # 100 draws of N(1, 1) per seed: each mean lies within 0.5 of 1 (5 standard errors).
    assert all(abs(m - 1.0) < 0.5 for m in results.means)
    assert abs(float(study.page_values("01_results", cfg, results)["toy_mean"]) - 1.0) < 0.5
    assert study.summary(results)["checks"]["runs"]["ok"]
    # Its keys hash its own compute code and config, found from its imports.
    modules = runkeys.closure("toystudy")[0]
    assert {"toystudy.compute.runners", "toystudy.config", "negresults.runners"} <= set(modules)
    assert "toystudy.study" not in modules
    # A second read trains nothing: the store serves every run.
    again = study.results(cfg, store, progress=False)
    assert again.means == results.means
