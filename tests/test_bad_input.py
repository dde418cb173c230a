"""Every input is bounded and parsed as a user means it (issue 14, item 6).

Each case: one line on stderr naming the bad value and the valid choices or
the limit, exit status 2, and nothing trained or stored.
"""

from __future__ import annotations

import dataclasses
import os
import re

import pytest

from negresults import config as config_module
from negresults.cli import main
from negresults.config import ConfigError
from negresults.notebooks import parse_parameters, parse_value
from negresults.studies import all_studies

pytestmark = pytest.mark.bad_input


def _refused(argv, capsys) -> str:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    return lines[0]


def _nothing_stored(store) -> bool:
    return not any(store.rglob("MANIFEST.json"))


# -- parsing ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [("1e-2", 0.01), ("5E3", 5000.0), ("-2.5e-1", -0.25), ("[1e-3, 0.1]", [0.001, 0.1])],
)
def test_scientific_notation_is_a_number(text, value):
    # PyYAML reads 1e-2 as a string (YAML 1.1 wants "1.0e-2").
    assert parse_value(text) == value


def test_words_stay_words():
    assert parse_value("cpu") == "cpu" and parse_value("e5") == "e5"


@pytest.mark.parametrize("text", ["", "  "])
def test_an_empty_value_is_refused_not_read_as_the_default(text):
    with pytest.raises(ConfigError, match="empty value for parameter 'seeds'"):
        parse_value(text, "seeds")


def test_a_repeated_parameter_is_refused():
    with pytest.raises(ConfigError, match="'lr' given twice"):
        parse_parameters([["lr", "0.1"], ["lr", "0.2"]])


# -- the command line, end to end (in-process) --------------------------------
@pytest.mark.parametrize(
    ("params", "message"),
    [
        (["-p", "seeds", ""], "empty value for parameter 'seeds'"),
        (["-p", "seeds", "[0]", "-p", "seeds", "[1]"], "'seeds' given twice"),
        (["-p", "preset", "smoke"], "use --preset instead of -p preset"),
        (["-p", "seeds", "[99999999999999999999]"], "above the largest"),
        (["-p", "seeds", f"[{', '.join(map(str, range(1001)))}]"], "more than the limit of 1000"),
        (["--workers", "-1"], "--workers must be between 1 and"),
        (["--workers", "0"], "--workers must be between 1 and"),
        (["--workers", "100000"], "--workers must be between 1 and"),
    ],
)
@pytest.mark.parametrize("study", ["shape_color", "transfer"])
def test_the_sweep_refuses(study, params, message, tmp_path, capsys):
    store = tmp_path / "s"
    line = _refused(["sweep", study, "--preset", "smoke", *params, "--store", str(store)], capsys)
    assert message in line
    assert _nothing_stored(store)


# Study B's names and budgets (issue 23): each refused in one line that names the bad
# value and the valid choices (or the limit), before anything is trained or stored.
@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "shift_levels",
            "[blur]",
            "unknown shift_level 'blur'; valid choices: writers, mixed_light",
        ),
        ("table_shift", "blur", "unknown table_shift 'blur'; valid choices: writers"),
        ("arms", "[lpf]", "unknown arm 'lpf' (did you mean 'lpft'?); valid choices: scratch"),
        ("baselines", "[boosting]", "unknown baseline 'boosting'; valid choices: logreg, svm, knn"),
        (
            "budget_rule",
            "patient",
            "invalid budget_rule 'patient'; valid choices: epochs, early_stop",
        ),
        ("epochs", "0", "epochs must be positive, got 0"),
        ("min_steps", "0", "min_steps must be positive, got 0"),
        ("patience", "0", "patience must be positive, got 0"),
        ("target_sizes", "[21]", "target size 21 images per class is larger than pool_per_class"),
        ("table_size", "21", "valid sizes: 1..20"),
    ],
)
def test_transfer_refuses_unknown_names_and_empty_budgets(name, value, message, tmp_path, capsys):
    store = tmp_path / "s"
    argv = ["sweep", "transfer", "--preset", "smoke", "-p", name, value, "--store", str(store)]
    line = _refused(argv, capsys)
    assert message in line, line
    assert not store.exists() or _nothing_stored(store)


def test_a_store_path_through_a_symlink_loop_is_one_line(tmp_path, capsys):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    line = _refused(
        ["sweep", "transfer", "--preset", "smoke", "--store", str(tmp_path / "a" / "s")], capsys
    )
    assert "--store" in line


def test_a_store_that_is_a_file_names_the_flag_not_the_environment(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    line = _refused(["sweep", "transfer", "--preset", "smoke", "--store", str(blocker)], capsys)
    assert "is a file, not a folder" in line and "--store" in line
    assert "NEGRESULTS_STORE" not in line and "File exists" not in line
    assert blocker.read_text() == ""  # untouched


def test_a_folder_given_as_a_notebook_lists_its_notebooks(capsys):
    line = _refused(["run", "notebooks/transfer"], capsys)
    assert "is a folder" in line and "04_experiments.py" in line


# -- upper bounds: every size has one, each can be lifted deliberately --------
# Int fields whose name says they set a size or a count of work: each must
# declare a maximum, or `-p epochs 1000000000` runs away.
SIZE_NAME = re.compile(r"epoch|step|size|width|dim|depth|heads|per_pair|per_class|fold|pool")


# Size fields bounded by another size field rather than by a maximum of their
# own: (study, field) -> the field that bounds them.
BOUNDED_BY = {("shape_color", "stability_epochs"): "epochs"}


def _size_fields():
    for study in all_studies():
        for f in dataclasses.fields(study.config_class):
            if (study.name, f.name) in BOUNDED_BY:
                continue
            if f.type in (int, "int", "tuple[int, ...]") and SIZE_NAME.search(f.name):
                yield study, f


@pytest.mark.parametrize(("key", "bound"), list(BOUNDED_BY.items()))
def test_a_size_bounded_by_another_field_is_refused_past_it(key, bound):
    name, field = key
    study = next(s for s in all_studies() if s.name == name)
    limit = getattr(study.config(preset="cpu"), bound)
    with pytest.raises(ConfigError, match=f"{field}={limit + 1} .*{bound}={limit}"):
        study.config(preset="cpu", **{field: limit + 1})
    study.config(preset="cpu", **{field: limit})


@pytest.mark.parametrize(
    ("study", "field"), list(_size_fields()), ids=lambda x: getattr(x, "name", "")
)
def test_every_size_field_has_an_upper_bound_that_can_be_lifted(study, field, monkeypatch):
    maximum = field.metadata.get("maximum")
    assert maximum is not None, f"{study.name}.{field.name} declares no maximum"
    too_big = int(maximum) * 1000 + 1
    value = [too_big] if "tuple" in str(field.type) else too_big
    monkeypatch.delenv(config_module.NO_LIMITS_ENV, raising=False)
    hint = "" if field.metadata.get("hard") else ".*NEGRESULTS_NO_LIMITS"
    with pytest.raises(ConfigError, match=f"{field.name} must be at most {hint}"):
        study.config(preset="smoke", **{field.name: value})
    if field.metadata.get("hard"):
        return
    # Lifted, the typo guard lets the value through (other rules may still apply).
    monkeypatch.setenv(config_module.NO_LIMITS_ENV, "1")
    try:
        study.config(preset="smoke", **{field.name: value})
    except ConfigError as err:
        assert "must be at most" not in str(err)


def test_non_finite_numbers_are_refused_everywhere():
    for study in all_studies():
        floats = [f for f in dataclasses.fields(study.config_class) if f.type in (float, "float")]
        assert floats, study.name
        for f in floats:
            for bad in (float("inf"), float("nan")):
                with pytest.raises(ConfigError, match=f"{f.name}"):
                    study.config(preset="smoke", **{f.name: bad})


def test_the_no_limits_flag_reaches_the_environment(tmp_path, capsys, monkeypatch):
    # setenv first, so that monkeypatch restores the variable's absence afterwards.
    monkeypatch.setenv(config_module.NO_LIMITS_ENV, "0")
    argv = ["sweep", "transfer", "--preset", "smoke", "--no-limits", "--dry-run"]
    with pytest.raises(SystemExit) as exc:
        main([*argv, "--store", str(tmp_path / "s")])
    assert exc.value.code == 0
    assert os.environ[config_module.NO_LIMITS_ENV] == "1"


def test_a_seed_list_that_plans_thousands_of_runs_asks_for_yes_first(tmp_path, capsys):
    store = tmp_path / "s"
    seeds = "[" + ", ".join(map(str, range(200, 400))) + "]"  # 16 runs a seed on smoke
    line = _refused(
        ["sweep", "shape_color", "--preset", "smoke", "--store", str(store), "-p", "seeds", seeds],
        capsys,
    )
    assert re.search(r"plan [\d,]+ runs \(more than 2,000\)", line), line
    assert "--yes" in line and "--dry-run" in line
    assert not store.exists() or _nothing_stored(store)


@pytest.mark.skipif(__import__("torch").cuda.is_available(), reason="the refusal needs no CUDA")
@pytest.mark.parametrize("command", ["summary", "sweep"])
def test_the_gpu_preset_on_a_machine_without_cuda_is_refused_before_any_run(
    command, tmp_path, capsys
):
    store = tmp_path / "s"
    line = _refused([command, "shape_color", "--preset", "gpu", "--store", str(store)], capsys)
    assert "on this machine's CPU" in line and "-p device cpu" in line and "--preset cpu" in line
    assert _nothing_stored(store)
