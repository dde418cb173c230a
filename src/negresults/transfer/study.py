"""Study B as an implementation of :class:`negresults.study.Study`."""

from __future__ import annotations

from typing import Any

from negresults.executors import run_plan
from negresults.study import Check, Claim, PageSpec, Study
from negresults.transfer.config import ARM_LABELS, TransferConfig
from negresults.transfer.plan import plan
from negresults.transfer.report import claims, tables
from negresults.transfer.report import pages as chapter_values
from negresults.transfer.report.results import Results, tidy
from negresults.transfer.report.words import VERDICT_WORDS

PARAMETERS = ("seeds", "arms", "shift_levels", "target_sizes", "preset", "device")


class TransferStudy(Study):
    name = "transfer"
    title = 'Study B, "Failure of model transfer"'
    glue_prefix = "tr_"
    config_class = TransferConfig
    pages = {
        "01_introduction": PageSpec(),
        "02_related_work": PageSpec(),
        "03_method": PageSpec(("preset",), needs_runs=True),
        "04_experiments": PageSpec(PARAMETERS, needs_runs=True),
        "05_conclusion": PageSpec(("preset",), needs_runs=True),
        "06_supplementary": PageSpec(PARAMETERS, needs_runs=True),
    }
    page_functions = {
        "03_method": chapter_values.method,
        "04_experiments": chapter_values.experiments,
        "05_conclusion": chapter_values.conclusion,
        "06_supplementary": chapter_values.supplementary,
    }

    def plan(self, cfg: TransferConfig) -> list:
        return plan(cfg)

    def results(self, cfg: TransferConfig, store: Any = None, progress: bool = True) -> Results:
        """Run what the store lacks of the plan (in this process), then tidy every run."""
        return tidy(cfg, run_plan(self.plan(cfg), store, progress=progress, desc=self.name))

    def claims(self, results: Results) -> list[Claim]:
        cfg = results.cfg
        return [
            Claim(
                claim=f"{ARM_LABELS[arm]} is no better than scratch",
                setting=f"{cfg.table_size} images per class, shift {cfg.table_level}",
                verdict=VERDICT_WORDS[c.verdict],
                outcome=c.verdict,
                estimate=c.estimate,
                ci=c.interval,
                n=c.difference.n,
            )
            for arm, c in claims.judged(results)
        ]

    def checks(self, results: Results) -> dict[str, Check]:
        cfg = results.cfg
        levels = len(cfg.levels)
        sizes = tables.shift_sizes(results)
        drop = float(sizes["drop"].iloc[0]) if len(sizes) else float("nan")
        edges = tables.lr_edge_picks(results)
        mdd = claims.mdd(results)
        pilot = tables.pilot_choice(results)
        return {
            "shift_levels": Check(levels, levels >= 4),
            "subtlest_shift_drop": Check(drop, drop <= 10),
            "lr_edge_picks": Check(edges, edges == 0),
            "min_detectable_difference": Check(mdd, mdd <= cfg.equivalence_margin),
            "table1_seeds": Check(len(cfg.seeds), len(cfg.seeds) >= 3),
            "pilot_table_size": Check(pilot["size"], pilot["size"] == cfg.table_size),
        }
