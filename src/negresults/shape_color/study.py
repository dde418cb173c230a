"""Study A as an implementation of :class:`negresults.study.Study`."""

from __future__ import annotations

from typing import Any

import numpy as np

from negresults.executors import run_plan
from negresults.shape_color import analysis_plan as plan_module
from negresults.shape_color.config import ShapeColorConfig
from negresults.shape_color.plan import plan
from negresults.shape_color.report import claims, tables
from negresults.shape_color.report import pages as chapter_values
from negresults.shape_color.report.results import Results, tidy
from negresults.study import Check, Claim, PageSpec, Study

PARAMETERS = ("seeds", "ablations", "colour_pressure", "preset", "device")


class ShapeColorStudy(Study):
    name = "shape_color"
    title = 'Study A, "Partial failures"'
    glue_prefix = "sc_"
    config_class = ShapeColorConfig
    pages = {
        "01_introduction": PageSpec(),
        "02_related_work": PageSpec(),
        "03_method": PageSpec(("preset",), needs_runs=True),
        "04_experiments": PageSpec(PARAMETERS, needs_runs=True),
        "05_conclusion": PageSpec(("preset",), needs_runs=True),
        "06_appendix": PageSpec(PARAMETERS, needs_runs=True),
    }
    page_functions = {
        "03_method": chapter_values.method,
        "04_experiments": chapter_values.experiments,
        "05_conclusion": chapter_values.conclusion,
        "06_appendix": chapter_values.appendix,
    }

    def plan(self, cfg: ShapeColorConfig) -> list:
        return plan(cfg)

    def results(self, cfg: ShapeColorConfig, store: Any = None, progress: bool = True) -> Results:
        """Run what the store lacks of the plan (in this process), then tidy every run."""
        return tidy(cfg, run_plan(self.plan(cfg), store, progress=progress, desc=self.name))

    def claims(self, results: Results) -> list[Claim]:
        out = []
        for j in claims.judged(results):
            d = j.difference
            out.append(
                Claim(
                    claim=j.spec.claim,
                    setting=j.setting,
                    verdict=j.verdict,
                    outcome=j.outcome,
                    estimate=d.mean,
                    ci=(d.ci_low, d.ci_high),
                    n=d.n,
                    basis=j.basis,
                )
            )
        return out

    def checks(self, results: Results) -> dict[str, Check]:
        cfg = results.cfg
        base = results.arm("baseline", "none")
        shape = float(base.shape_seen_acc.mean()) if len(base) else float("nan")
        colour = float(base.colour_acc.mean()) if len(base) else float("nan")
        # The plateau check over every arm, at every level, whose final accuracy a claim compares.
        plateau = max(tables.plateau_gains(results).values(), default=float("nan"))
        judged = claims.judged(results)
        ratios = [j.power_ratio for j in judged if np.isfinite(j.power_ratio)]
        power = max(ratios) if ratios else float("nan")
        edges = tables.edge_picks(results)
        levels = [p for p in cfg.pressures if p != "none"]
        effective = sum(tables.is_pressure(results, p) for p in levels)
        jitters = [cfg.jitter(p) for p in levels if plan_module.label_preserving(p)]
        offset_gap = cfg.critical_offset - max(jitters, default=0.0)
        ratio = cfg.width / (3 * cfg.patch_size**2)
        shown = tables.instability_shown(results)
        return {
            "baseline_shape_final": Check(shape, shape >= 90),
            "baseline_colour_final": Check(colour, colour >= 95),
            "shape_plateau_gain": Check(plateau, plateau <= plan_module.PLATEAU_GAIN),
            "frozen_projection_ratio": Check(ratio, ratio >= 1),
            "pressure_levels_effective": Check(float(effective), effective >= 1),
            "benchmark_offset_minus_jitter": Check(offset_gap, offset_gap >= 5),
            "instability_shown": Check(shown, shown > 0),
            "power_ratio": Check(power, power <= 1),
            "lr_edge_picks": Check(float(edges), edges == 0),
        }


__all__ = ["ShapeColorStudy"]
