"""One call at the top of every chapter: config from the page's parameters, provenance,
results, glued numbers.

    page = open_page("shape_color", "04_experiments", seeds=seeds, preset=preset, ...)

builds the study's config from the parameters (refusing a bad one in one
line), shows once what the page was executed with, reads (or runs) the stored
results when the page needs them, and glues every value the study declares
for the page (:meth:`negresults.study.Study.page_values`). The chapter then
narrates and displays tables from ``page.results``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from IPython.display import HTML, Markdown, display

from negresults import published
from negresults.citations import citep, citet
from negresults.config import DEFAULT_PRESET, ConfigError
from negresults.provenance import git_revision
from negresults.reporting import (
    glue_figure,
    glue_table,
    glue_text,
    is_live,
    number_ranges,
    share_with_kernel,
)
from negresults.studies import get
from negresults.study import Study


@dataclass
class Page:
    study: Study
    name: str
    cfg: Any
    results: Any
    values: dict[str, Any]
    # figure key -> its number: fixed at first show, so re-running a cell keeps it
    figure_numbers: dict[str, int] = field(default_factory=dict)

    def figure(self, key: str) -> None:
        """Show the figure the page computed under ``key``, captioned by ``<key>_caption``.

        In the book, the cell's ``mystnb.figure`` metadata (caption
        ``{eval}`<key>_caption```) makes the output a figure that the book
        numbers. A live kernel (JupyterLab, Binder, papermill) has no such
        renderer, so the caption follows the figure as text, numbered in page
        order as the book numbers it.
        """
        display(self.values[key])
        if is_live():
            n = self.figure_numbers.setdefault(key, len(self.figure_numbers) + 1)
            display(Markdown(f"**Figure {n}.** {self.values[f'{key}_caption']}"))


def open_page(study: str, page: str, show: bool = True, **params: Any) -> Page:
    """Build, show provenance, load and glue ``page`` of ``study`` (see the module docstring)."""
    s = get(study)
    spec = s.pages.get(page)
    if spec is None:
        raise ConfigError(f"unknown page {page!r} of {study}; valid pages: {', '.join(s.pages)}")
    unknown = [k for k in params if k not in spec.parameters]
    if unknown:
        valid = ", ".join(spec.parameters) or "none"
        raise ConfigError(f"unknown parameter {unknown[0]!r} for {page}; valid names: {valid}")
    cfg = s.config(**params)
    share_with_kernel(citep=citep, citet=citet)  # the prose's {eval}`citep("key")`
    if show and spec.needs_runs and is_live() and cfg.preset != BOOK_PRESET:
        display(HTML(live_notice(cfg)))
    if show and spec.parameters:
        display(Markdown(provenance_line(cfg, params)))
    if show and spec.needs_runs and len(cfg.seeds) < 2:
        display(Markdown(ONE_SEED))
    results = s.results(cfg, progress=is_live()) if spec.needs_runs else None
    if show and spec.needs_runs and is_live() and cfg.preset != BOOK_PRESET:
        show_distance(s, results)
    values = s.page_values(page, cfg, results)
    for key, value in values.items():
        if isinstance(value, str):
            glue_text(key, value)
        elif isinstance(value, pd.DataFrame):
            glue_table(key, value)
        else:
            glue_figure(key, value)
    return Page(s, page, cfg, results, values)


# The preset the published book is built with (`make book`'s default).
BOOK_PRESET = DEFAULT_PRESET


# Shown under the provenance line when a page runs one seed (``-p seeds '[0]'``).
ONE_SEED = (
    "**One seed.** Every interval and test on this page needs two or more seeds: "
    "each shows as *n/a*, and no verdict can be reached (each reads *inconclusive*). "
    "Run with two seeds or more, e.g. `-p seeds '[0, 1]'`, for intervals and tests."
)


def live_notice(cfg: Any) -> str:
    """The box at the top of a live results page whose preset is not the book's.

    On Binder (whose ``start`` script sets the small ``smoke`` preset, so a
    chapter runs in minutes from an empty store) or in any live kernel on
    another preset, the numbers below are not the book's: the page says so
    first, in a box a reader cannot scroll past unseen.
    """
    seeds = len(cfg.seeds)
    return (
        '<div role="note" class="negresults-live-notice" style="border: 3px solid #b35900; '
        "background: #fff4e5; color: #000; padding: 0.6em 1em; margin: 0.4em 0; "
        'font-size: 110%;">'
        f"<strong>Live run on the <code>{cfg.preset}</code> preset, not the book's "
        f"<code>{BOOK_PRESET}</code> preset.</strong> This page trains or reads runs of the "
        f"<code>{cfg.preset}</code> preset ({seeds} seed{'s' if seeds != 1 else ''}, smaller "
        "models and data), so every number, figure and verdict below differs from the "
        f"published book's, which were computed on the <code>{BOOK_PRESET}</code> preset "
        "(how far, claim by claim, is shown below). "
        f'To reproduce the book, run with <code>preset = "{BOOK_PRESET}"</code> '
        "(about an hour and a half of training for each study on two cores, as measured on a "
        "slow day).</div>"
    )


def show_distance(study: Study, results: Any) -> None:
    """Under the live notice: how far this run's claims are from the book's published ones."""
    book = published.load(study.name)
    if book is None:
        display(Markdown(f"*No published record of the book's claims for {study.title}.*"))
        return
    head, table = published.distance(book, study.claims(results))
    display(Markdown(head))
    if len(table):
        display(table)


def provenance_line(cfg: Any, params: dict[str, Any]) -> str:
    """What this execution used, once: preset, seeds, the parameters given, the revision."""
    given = {k: v for k, v in params.items() if v is not None and k not in ("preset", "seeds")}
    parts = [f"preset **{cfg.preset}**", f"seeds {number_ranges(cfg.seeds)}"]
    if getattr(cfg, "stability_test", False):  # Study A's stability runs have seeds of their own
        parts.append(f"stability seeds {number_ranges(cfg.stability_seeds)}")
    parts += [f"{k} {_show(v)}" for k, v in given.items()]
    if given.get("device") == "auto":  # say what it resolved to, as each run's key records
        from negresults.devices import resolve_device

        parts[parts.index("device auto")] = f"device auto (here {resolve_device('auto')})"
    parts.append(f"code revision `{git_revision()}`")
    return "*Executed with* " + "; ".join(parts) + "."


def _show(v: Any) -> str:
    return ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v)
