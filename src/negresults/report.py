"""Helpers notebooks call to put computed numbers and tables on the page.

Every number in the prose goes through :func:`glue_number` (myst-nb ``glue``),
so the rendered text always shows what the stored runs say.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from IPython.display import Markdown, display

from negresults.provenance import run_info

STATIC_ENV = "NEGRESULTS_STATIC"


def is_live() -> bool:
    """False while the book is being built (static pages: no widgets, no progress bars).

    The book's Sphinx extension sets ``NEGRESULTS_STATIC=1`` for the kernels
    it starts; on Binder, in JupyterLab or under papermill it is unset.
    """
    import os

    return os.environ.get(STATIC_ENV, "") in ("", "0")


def glue_number(key: str, value: float, fmt: str = ".1f") -> str:
    """Glue ``value`` formatted with ``fmt`` under ``key`` (no output on the page)."""
    text = format(value, fmt)
    glue_text(key, text)
    return text


def glue_text(key: str, text: str) -> str:
    from myst_nb import glue

    glue(key, text, display=False)
    return text


def glue_table(key: str, df: pd.DataFrame) -> pd.DataFrame:
    from myst_nb import glue

    glue(key, df, display=False)
    return df


def show_provenance(params: Mapping[str, Any], **resolved: Any) -> None:
    """Show the parameters, preset, seeds and revision this page was executed with."""
    display(Markdown("**This page was executed with:**"))
    display(run_info(params, **resolved))
