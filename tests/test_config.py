"""The strict config machinery both studies build on."""

from dataclasses import dataclass, field
from typing import Literal

import pytest

from negresults.config import (
    ConfigError,
    check_choices,
    check_seeds,
    from_dict,
    override,
    resolve_preset,
    to_dict,
)


@dataclass(frozen=True)
class Inner:
    width: int = 8
    rate: float = 0.1


@dataclass(frozen=True)
class Outer:
    mode: Literal["a", "b"] = "a"
    seeds: tuple[int, ...] = (0, 1)
    inner: Inner = field(default_factory=Inner)
    note: str | None = None


@pytest.mark.bad_input
def test_unknown_name_is_refused_with_suggestion_and_valid_names():
    with pytest.raises(
        ConfigError,
        match=r"unknown parameter 'sedes'.*did you mean 'seeds'.*valid names: inner, mode, note, seeds",
    ):
        override(Outer(), {"sedes": [1]})


@pytest.mark.bad_input
def test_wrong_type_names_the_value():
    with pytest.raises(ConfigError, match=r"seeds item must be an integer, got 'x'"):
        override(Outer(), {"seeds": ["x"]})
    with pytest.raises(ConfigError, match=r"seeds must be a list, got '0'"):
        override(Outer(), {"seeds": "0"})
    with pytest.raises(ConfigError, match=r"must be an integer, got True"):
        override(Outer(), {"inner": {"width": True}})


@pytest.mark.bad_input
def test_literal_lists_the_valid_choices():
    with pytest.raises(ConfigError, match=r"invalid mode 'c'; valid choices: a, b"):
        override(Outer(), {"mode": "c"})


def test_lists_become_tuples_ints_become_floats_and_none_keeps_the_default():
    cfg = override(Outer(), {"seeds": [3, 4], "inner": {"rate": 1}, "mode": None})
    assert cfg.seeds == (3, 4)
    assert cfg.inner == Inner(width=8, rate=1.0) and isinstance(cfg.inner.rate, float)
    assert cfg.mode == "a"
    assert to_dict(cfg)["seeds"] == [3, 4]


@pytest.mark.bad_input
def test_nested_unknown_key_is_named_with_its_path():
    with pytest.raises(ConfigError, match=r"unknown parameter 'inner.depth'"):
        from_dict(Outer, {"inner": {"depth": 3}})


@pytest.mark.bad_input
def test_seed_and_choice_checks():
    with pytest.raises(ConfigError, match="seeds is empty"):
        check_seeds(())
    with pytest.raises(ConfigError, match="non-negative.*-1"):
        check_seeds((0, -1))
    with pytest.raises(ConfigError, match="duplicates"):
        check_seeds((1, 1))
    with pytest.raises(
        ConfigError,
        match=r"unknown arm 'scrach'.*did you mean 'scratch'.*valid choices: scratch, finetune",
    ):
        check_choices("arms", ("scrach",), ("scratch", "finetune"))


def test_preset_comes_from_argument_then_environment(monkeypatch):
    monkeypatch.delenv("NEGRESULTS_PRESET", raising=False)
    assert resolve_preset(None) == "cpu"
    monkeypatch.setenv("NEGRESULTS_PRESET", "smoke")
    assert resolve_preset(None) == "smoke"
    assert resolve_preset("gpu") == "gpu"
    with pytest.raises(ConfigError, match=r"unknown preset 'tiny'; valid presets: smoke, cpu, gpu"):
        resolve_preset("tiny")
