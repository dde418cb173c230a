"""The contract every study implements, so the CLI, the pages and the tests treat them alike.

A study is a small object (as d2l's chapters share ``Module``/``Trainer``):

- ``config_class``: its :class:`~negresults.config.StudyConfig` subclass (presets, checks);
- :meth:`plan`: the runs a config asks for, as stages of :class:`~negresults.tasks.Task`;
- :meth:`results`: those runs read back from the store (running what is missing),
  as an object satisfying :class:`Results` (it carries its config);
- ``pages``: each chapter's papermill parameters, and whether it needs runs;
- :meth:`page_values`: the numbers, tables and figures a chapter glues, keyed in full;
- :meth:`claims` and :meth:`checks`: the verdicts and health checks that
  ``negresults summary`` prints.

A third study is one new subpackage (``config``, ``compute/``, ``report/`` and a
``study.py`` defining a subclass) plus one line in :mod:`negresults.studies`.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, ClassVar, Protocol, runtime_checkable

from negresults.config import StudyConfig
from negresults.tasks import Task
from negresults.verdicts import CONCLUDED, INCONCLUSIVE, UNTESTABLE, VERDICTS

Plan = Sequence[Sequence[Task]]


@dataclass(frozen=True)
class PageSpec:
    parameters: tuple[str, ...] = ()  # the names in the chapter's ``parameters`` cell
    needs_runs: bool = False  # False: the page reads only the config (method pages)


@runtime_checkable
class Results(Protocol):
    """What a study's :meth:`Study.results` returns: its runs, read back, with the config
    they were read for (the shared checks of :meth:`Study.summary` read it)."""

    @property
    def cfg(self) -> StudyConfig: ...


@dataclass(frozen=True)
class Claim:
    """One claim of a paper checked against our runs, as ``negresults summary`` reports it."""

    claim: str
    setting: str
    verdict: str  # the study's wording of the verdict ("benefit", "supported", ...)
    outcome: str  # the shared verdict of the claim's quantity (negresults.verdicts.VERDICTS)
    estimate: float  # seed-paired difference, accuracy points
    ci: tuple[float, float]  # its 95% interval
    n: int  # paired seeds
    # What the verdict rests on when the estimate alone does not decide it (a count of
    # seeds, say), in words; empty when it does.
    basis: str = ""

    def __post_init__(self) -> None:
        if self.outcome not in VERDICTS:
            raise ValueError(
                f"unknown outcome {self.outcome!r}; valid choices: {', '.join(VERDICTS)}"
            )

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["ci"] = list(self.ci)
        return out


@dataclass(frozen=True)
class Check:
    """A number the study must reach (or report honestly), and whether it does."""

    value: float
    ok: bool

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "ok": bool(self.ok)}


class Study(abc.ABC):
    name: ClassVar[str]  # the package name under negresults, and the store kinds' prefix
    title: ClassVar[str]
    glue_prefix: ClassVar[str]  # every glue key of the study starts with it
    config_class: ClassVar[type[StudyConfig]]
    pages: ClassVar[Mapping[str, PageSpec]]  # chapter file stem -> what it takes

    def config(self, preset: str | None = None, **params: Any) -> Any:
        return self.config_class.from_params(preset=preset, **params)

    @abc.abstractmethod
    def plan(self, cfg: Any) -> Plan: ...

    @abc.abstractmethod
    def results(self, cfg: Any, store: Any = None, progress: bool = True) -> Results: ...

    # chapter stem -> function(cfg) (method pages) or function(cfg, results); see ``pages``.
    page_functions: ClassVar[Mapping[str, Callable[..., dict[str, Any]]]] = {}

    def page_values(self, page: str, cfg: Any, results: Results | None) -> dict[str, Any]:
        """Everything ``page`` glues: text, tables and figures, keyed in full."""
        fn = self.page_functions.get(page)
        if fn is None:
            return {}
        return fn(cfg, results) if self.pages[page].needs_runs else fn(cfg)

    @abc.abstractmethod
    def claims(self, results: Results) -> list[Claim]: ...

    @abc.abstractmethod
    def checks(self, results: Results) -> dict[str, Check]: ...

    def summary(self, results: Results) -> dict[str, Any]:
        """The JSON object of ``negresults summary``, less the provenance fields.

        Besides the study's own checks, two that every study shares: the
        declared equivalence margin (:attr:`StudyConfig.equivalence_margin`),
        and the share of claims left without a conclusion (an outcome, or a
        verdict that combines several outcomes, that is inconclusive or untestable).
        """
        claims = self.claims(results)
        open_verdicts = (INCONCLUSIVE, UNTESTABLE)
        unresolved = sum(
            c.outcome not in CONCLUDED or c.verdict in open_verdicts for c in claims
        ) / max(len(claims), 1)
        checks = {
            **self.checks(results),
            "equivalence_margin": Check(results.cfg.equivalence_margin, True),
            "inconclusive_share": Check(unresolved, unresolved <= 0.2),
        }
        return {
            "claims": [c.as_dict() for c in claims],
            "checks": {k: c.as_dict() for k, c in checks.items()},
        }
