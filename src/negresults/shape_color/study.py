"""Study A as an implementation of :class:`negresults.study.Study`."""

from __future__ import annotations

from typing import Any

import numpy as np

from negresults import stats
from negresults.shape_color.compute.plan import plan
from negresults.shape_color.config import ShapeColorConfig
from negresults.shape_color.report import claims
from negresults.shape_color.report import pages as chapter_values
from negresults.shape_color.report.claims import gain_since
from negresults.shape_color.report.results import Results, load_results
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
        "03_method": PageSpec(("preset",)),
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
        return load_results(cfg, store, progress=progress)

    def claims(self, results: Results) -> list[Claim]:
        out = []
        for claim, setting, conditions in claims.claims(results):
            # A claim may join several conditions; its headline number is the first one's.
            d = conditions[0].comparison().difference
            out.append(
                Claim(
                    claim=claim,
                    setting=setting,
                    verdict=claims.verdict(conditions),
                    estimate=d.mean,
                    ci=(d.ci_low, d.ci_high),
                    n=d.n,
                )
            )
        return out

    def checks(self, results: Results) -> dict[str, Check]:
        cfg, final = results.cfg, results.final
        base = final[(final.ablation == "baseline") & (final.colour_pressure == "none")]
        shape = float(base.shape_acc.mean()) if len(base) else float("nan")
        colour = float(base.colour_acc.mean()) if len(base) else float("nan")
        plateau = float("nan")
        if len(base):
            plateau = float(np.mean(gain_since(results, "baseline", "none", "shape_acc", 0.75)))
        # The spread that sets the power: paired differences of the ablations' final shape
        # accuracy against the baseline (no pressure), the comparisons most claims rest on.
        sds = []
        for a in cfg.ablations:
            if a == "baseline":
                continue
            other = final[(final.ablation == a) & (final.colour_pressure == "none")]
            if len(other) == len(base) > 1:
                diff = (
                    other.sort_values("seed").shape_acc.to_numpy()
                    - base.sort_values("seed").shape_acc.to_numpy()
                )
                sds.append(float(np.std(diff, ddof=1)))
        n = len(base)
        sd = max(sds) if sds else float("nan")
        mdd = stats.minimum_detectable_difference(sd, n) if n > 1 and sd > 0 else float("nan")
        margin = cfg.equivalence_margin
        return {
            "baseline_shape_final": Check(shape, shape >= 90),
            "baseline_colour_final": Check(colour, colour >= 95),
            "shape_plateau_gain": Check(plateau, abs(plateau) < 1),
            "min_detectable_difference": Check(mdd, mdd <= margin),
        }


__all__ = ["ShapeColorStudy"]
