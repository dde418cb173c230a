"""The toy study as an implementation of negresults.study.Study."""

from dataclasses import dataclass

import numpy as np

from negresults import runkeys
from negresults.executors import run_plan
from negresults.study import Check, Claim, PageSpec, Study
from negresults.tasks import Task
from toystudy.compute.runners import sample_mean
from toystudy.config import ToyConfig

runkeys.register_compute("toystudy", "toystudy.compute")


@dataclass
class ToyResults:
    cfg: ToyConfig
    means: list[float]


def results_page(cfg: ToyConfig, results: ToyResults) -> dict[str, str]:
    return {"toy_mean": f"{np.mean(results.means):.2f}"}


class ToyStudy(Study):
    name = "toystudy"
    title = "A toy study"
    glue_prefix = "toy_"
    config_class = ToyConfig
    pages = {"01_results": PageSpec(("preset", "seeds"), needs_runs=True)}
    page_functions = {"01_results": results_page}

    def plan(self, cfg: ToyConfig) -> list[list[Task]]:
        run = {"shift": cfg.shift}
        return [
            [Task("toystudy/mean", {**run, "seed": s}, sample_mean, f"seed{s}") for s in cfg.seeds]
        ]

    def results(self, cfg: ToyConfig, store=None, progress: bool = True) -> ToyResults:
        runs = run_plan(self.plan(cfg), store, progress=progress)
        return ToyResults(cfg, [r.metrics["mean"] for r in runs])

    def claims(self, results: ToyResults) -> list[Claim]:
        return [
            Claim(
                "the mean is the shift", "all seeds", "supported", "equivalent", 0.0, (0.0, 0.0), 2
            )
        ]

    def checks(self, results: ToyResults) -> dict[str, Check]:
        return {"runs": Check(len(results.means), len(results.means) == len(results.cfg.seeds))}
