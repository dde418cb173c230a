"""Typed, strict configuration shared by both studies.

Every study config is a frozen dataclass deriving from :class:`StudyConfig`.
Each field is declared with :func:`param`, which keeps beside it the help text
(read by the appendix hyperparameter tables), its bounds (checked by
:meth:`StudyConfig.validate`) and its *scope*: ``"run"`` fields decide a run's
result and enter its key; ``"sweep"`` fields choose which runs exist;
``"report"`` fields only change how runs are read. A config is built from a
named preset plus overrides (papermill parameters, CLI flags) by
:meth:`StudyConfig.from_params`, which rejects unknown names, wrong types and
invalid values *before* any expensive work starts, with a message naming the
bad value and the valid choices.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import os
import types
import typing
from collections.abc import Mapping
from typing import Any, ClassVar, Literal, get_args, get_origin

PRESETS = ("smoke", "cpu", "gpu")
DEVICES = ("auto", "cpu", "cuda")
PRESET_ENV = "NEGRESULTS_PRESET"
DEFAULT_PRESET = "cpu"
# Upper bounds on sizes (epochs, steps, image size, widths, seed counts) are
# guards against typos such as an extra three zeros, not physical limits: a
# user who means it lifts them with this variable (or the CLI's --no-limits).
NO_LIMITS_ENV = "NEGRESULTS_NO_LIMITS"
LIFT_HINT = f"set {NO_LIMITS_ENV}=1 (or pass --no-limits) to go past it deliberately"
# Seeds feed numpy's SeedSequence and torch.manual_seed; keep them in the
# range every consumer takes. The count is a typo guard (see above).
MAX_SEED = 2**32 - 1
MAX_SEEDS = 1000


class ConfigError(ValueError):
    """A parameter is unknown, has the wrong type or an invalid value."""


def resolve_preset(preset: str | None) -> str:
    """``None`` means: ``$NEGRESULTS_PRESET`` if set, else the CPU preset."""
    if preset is None:
        preset = os.environ.get(PRESET_ENV) or DEFAULT_PRESET
    if preset not in PRESETS:
        raise ConfigError(f"unknown preset {preset!r}; valid presets: {', '.join(PRESETS)}")
    return preset


def _suggest(name: str, valid: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(valid), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def coerce(name: str, value: Any, tp: Any) -> Any:
    """Check ``value`` against the annotation ``tp`` and return it in canonical form.

    Lists become tuples (configs are hashable and frozen), ints are accepted for
    floats, and ``Literal`` types name their valid choices in the error.
    """
    origin = get_origin(tp)
    if tp is Any:
        return value
    if origin is Literal:
        choices = get_args(tp)
        if value not in choices:
            raise ConfigError(
                f"invalid {name} {value!r}; valid choices: {', '.join(map(str, choices))}"
            )
        return value
    if origin in (typing.Union, types.UnionType):
        args = get_args(tp)
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return coerce(name, value, arg)
            except ConfigError as err:
                errors.append(str(err))
        raise ConfigError(errors[-1] if errors else f"invalid {name} {value!r}")
    if origin is tuple:
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise ConfigError(f"{name} must be a list, got {value!r}")
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(coerce(f"{name} item", v, args[0]) for v in value)
        if len(args) != len(value):
            raise ConfigError(f"{name} must have {len(args)} items, got {value!r}")
        return tuple(coerce(f"{name} item", v, a) for v, a in zip(value, args, strict=True))
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{name} must be a number, got {value!r}")
        return float(value)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                return int(value)
            raise ConfigError(f"{name} must be an integer, got {value!r}")
        return value
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{name} must be true or false, got {value!r}")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise ConfigError(f"{name} must be a string, got {value!r}")
        return value
    if dataclasses.is_dataclass(tp):
        if isinstance(value, tp):
            return value
        if isinstance(value, Mapping):
            return from_dict(tp, value, context=name)
        raise ConfigError(f"{name} must be a mapping, got {value!r}")
    if isinstance(tp, type) and not isinstance(value, tp):
        raise ConfigError(f"{name} must be {_type_name(tp)}, got {value!r}")
    return value


def from_dict(cls: type, values: Mapping[str, Any], context: str = "") -> Any:
    """Build dataclass ``cls`` from a mapping, strictly (unknown keys rejected)."""
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    prefix = f"{context}." if context else ""
    unknown = [k for k in values if k not in fields]
    if unknown:
        k = unknown[0]
        raise ConfigError(
            f"unknown parameter {prefix + k!r}{_suggest(k, fields)}; "
            f"valid names: {', '.join(sorted(fields))}"
        )
    kwargs = {k: coerce(prefix + k, v, hints[k]) for k, v in values.items()}
    try:
        obj = cls(**kwargs)
    except TypeError as err:  # a required field is missing
        raise ConfigError(f"{cls.__name__}: {err}") from None
    return obj


def override(obj: Any, overrides: Mapping[str, Any]) -> Any:
    """Return a copy of dataclass ``obj`` with ``overrides`` applied strictly.

    ``None`` values mean "keep the preset's value", which is how notebook
    parameter cells say "use the default".
    """
    # Nested dataclasses stay objects so that partial nested overrides are
    # merged below rather than replacing the whole sub-config.
    current = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    merged = dict(current)
    fields = {f.name for f in dataclasses.fields(obj)}
    for k, v in overrides.items():
        if k not in fields:
            raise ConfigError(
                f"unknown parameter {k!r}{_suggest(k, fields)}; valid names: {', '.join(sorted(fields))}"
            )
        if v is None:
            continue
        if dataclasses.is_dataclass(current[k]) and isinstance(v, Mapping):
            v = override(current[k], v)
        merged[k] = v
    return from_dict(type(obj), merged)


def to_dict(obj: Any) -> dict[str, Any]:
    """A JSON-ready dict of a (nested) config dataclass; tuples become lists."""

    def convert(v: Any) -> Any:
        if isinstance(v, (list, tuple)):
            return [convert(x) for x in v]
        if isinstance(v, dict):
            return {k: convert(x) for k, x in v.items()}
        return v

    return convert(dataclasses.asdict(obj))


def check(condition: bool, message: str) -> None:
    """Raise :class:`ConfigError` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise ConfigError(message)


def check_device(name: str) -> None:
    check(
        name in DEVICES or (name.startswith("cuda:") and name[5:].isdigit()),
        f"unknown device {name!r}; valid choices: {', '.join(DEVICES)}, cuda:N",
    )


def limits_lifted() -> bool:
    """True when the user lifted the typo-guard upper bounds (see :data:`NO_LIMITS_ENV`)."""
    return os.environ.get(NO_LIMITS_ENV, "") not in ("", "0")


def check_seeds(seeds: tuple[int, ...], name: str = "seeds") -> None:
    check(len(seeds) > 0, f"{name} is empty; give at least one seed, e.g. [0, 1, 2]")
    bad = [s for s in seeds if s < 0]
    check(not bad, f"{name} must be non-negative integers, got {bad[0] if bad else ''!r}")
    big = [s for s in seeds if s > MAX_SEED]
    check(not big, f"{name}: seed {big[0] if big else ''!r} is above the largest, {MAX_SEED}")
    check(
        len(seeds) <= MAX_SEEDS or limits_lifted(),
        f"{name}: {len(seeds)} seeds is more than the limit of {MAX_SEEDS}; {LIFT_HINT}",
    )
    check(len(set(seeds)) == len(seeds), f"{name} has duplicates: {list(seeds)!r}")


def check_choices(name: str, values: tuple[str, ...], valid: tuple[str, ...]) -> None:
    check(len(values) > 0, f"{name} is empty; valid choices: {', '.join(valid)}")
    for v in values:
        check(
            v in valid,
            f"unknown {name[:-1] if name.endswith('s') else name} {v!r}{_suggest(v, valid)}; valid choices: {', '.join(valid)}",
        )
    check(len(set(values)) == len(values), f"{name} has duplicates: {list(values)!r}")


SCOPES = ("run", "sweep", "report")


def param(
    default: Any,
    help: str,
    *,
    scope: Literal["run", "sweep", "report"] = "run",
    minimum: float | None = None,
    maximum: float | None = None,
    positive: bool = False,
    hard: bool = False,
) -> Any:
    """A config field with its help text, scope and bounds declared beside it.

    ``maximum`` is a typo guard the user may lift (:data:`NO_LIMITS_ENV`);
    with ``hard=True`` it is a real limit (the number of shapes drawn, say)
    that nothing lifts.
    """
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}; valid choices: {', '.join(SCOPES)}")
    meta = {"help": help, "scope": scope, "minimum": minimum, "maximum": maximum}
    meta["positive"] = positive
    meta["hard"] = hard
    return dataclasses.field(default=default, metadata=meta)


def field_help(cls: type) -> dict[str, str]:
    """Each field's help text, as declared with :func:`param` (for self-explaining tables)."""
    return {f.name: f.metadata.get("help", "") for f in dataclasses.fields(cls)}


def run_fields(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` declared with ``scope="run"``: the allow-list of a run key."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("scope") == "run")


@dataclasses.dataclass(frozen=True)
class StudyConfig:
    """What every study config shares: preset, seeds, device, the equivalence margin, and the
    checks of its fields.

    A subclass sets ``PRESETS`` (name -> instance), declares its own
    ``equivalence_margin`` (the base leaves it undefined, so a study that does
    not choose one fails validation) and adds its own fields with
    :func:`param`; cross-field rules go in :meth:`check`.
    """

    PRESETS: ClassVar[dict[str, Any]] = {}

    preset: str = param("cpu", "the named preset these settings start from", scope="sweep")
    seeds: tuple[int, ...] = param(
        (0, 1, 2), "seeds of the sweep; every arm runs every seed (paired)", scope="sweep"
    )
    device: str = param(
        "auto", "auto | cpu | cuda | cuda:N; resolved into each run's key", scope="sweep"
    )
    precision: Literal["fp32", "bf16"] = param(
        "fp32", "bf16 autocast, applied on CUDA only (the gpu preset)"
    )
    # The intra-op thread count changes how float sums are split, so it
    # changes the numbers: it is part of the key, and every executor runs a
    # run with exactly this many threads (a pool sizes itself around it).
    threads: int = param(
        1,
        "CPU threads of one run (part of its key: it changes float sums)",
        minimum=1,
        maximum=256,
    )

    # Compiled kernels sum floats in another order than eager ones, so this
    # is part of the key; the reproducibility page states the gap.
    compile: bool = param(
        False,
        "compile the model with torch.compile (inductor); falls back to eager with a warning",
    )
    # Every verdict (negresults.verdicts) and the summary's shared checks read
    # it. NaN fails validation: each study redeclares it with its own default.
    equivalence_margin: float = param(
        math.nan,
        "accuracy points: a difference inside +-this counts as none (each study sets its own)",
        scope="report",
        positive=True,
    )

    @classmethod
    def from_params(cls, preset: str | None = None, **params: Any) -> Any:
        """The named preset with ``params`` applied; ``None`` values keep the preset's."""
        name = resolve_preset(preset)
        cfg = override(cls.PRESETS[name], {"preset": name, **params})
        cfg.validate()
        return cfg

    def replace(self, **changes: Any) -> Any:
        cfg = override(self, changes)
        cfg.validate()
        return cfg

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)

    def validate(self) -> None:
        """Field bounds declared with :func:`param`, then the study's own :meth:`check`."""
        check_seeds(self.seeds)
        check_device(self.device)
        for f in dataclasses.fields(self):
            value, meta = getattr(self, f.name), f.metadata
            values = value if isinstance(value, tuple) else (value,)
            for v in values:
                if not isinstance(v, (int, float)) or isinstance(v, bool):
                    continue
                check(math.isfinite(v), f"{f.name} must be a finite number, got {v!r}")
                if meta.get("positive"):
                    check(v > 0, f"{f.name} must be positive, got {v!r}")
                if meta.get("minimum") is not None:
                    check(
                        v >= meta["minimum"],
                        f"{f.name} must be at least {meta['minimum']:g}, got {v!r}",
                    )
                if meta.get("maximum") is not None:
                    hard = meta.get("hard", False)
                    check(
                        v <= meta["maximum"] or (not hard and limits_lifted()),
                        f"{f.name} must be at most {meta['maximum']:g}, got {v!r}"
                        + ("" if hard else f"; {LIFT_HINT}"),
                    )
        self.check()

    def check(self) -> None:
        """Cross-field rules of the study (override)."""
