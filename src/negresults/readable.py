"""Tables as a reader sees them: labels for code names, words for booleans, code as code.

A study's tables are computed with the names the code uses (``linear_probe``,
``frozen_conv``, ``True``). Before a page shows one, :func:`readable` puts

- each name the study's config gives a label (its ``*_LABELS`` tables, the
  one place per study those labels live) under that label, in cells, column
  headers and the index alike;
- ``yes``/``no`` for booleans;
- a float column header (a learning rate of the grid) at three significant
  digits, and every other header (the index's names too) starting with a capital;
- the columns (or index) a reader types to re-run a section, such as the
  field names and values of a hyperparameter table, in code formatting.

:mod:`negresults.pagecheck` checks the built pages for what this misses.
"""

from __future__ import annotations

import html
import importlib
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd


def labels(study: str) -> dict[str, str]:
    """Every label the study's config declares: its ``*_LABELS`` dicts, merged."""
    from negresults.studies import get

    module = importlib.import_module(get(study).config_class.__module__)
    out: dict[str, str] = {}
    for name, table in vars(module).items():
        if name.endswith("_LABELS") and isinstance(table, dict):
            out.update({k: v for k, v in table.items() if k != "none"})
    return out


class Table:
    """A DataFrame shown as HTML with some cells in code formatting (pandas' own layout)."""

    def __init__(self, df: pd.DataFrame, code: set[Any]):
        self.df, self.code = df, code

    def _repr_html_(self) -> str:
        def cell(column: Any):
            def fmt(v: Any) -> str:
                text = html.escape(str(v))
                return f"<code>{text}</code>" if column in self.code else text

            return fmt

        df = self.df.copy()
        formatters = {c: cell(c) for c in df.columns if df[c].dtype == object or c in self.code}
        if "index" in self.code:
            # The names a reader types are the innermost level (a MultiIndex keeps its groups).
            def code(i: Any) -> str:
                return f"<code>{html.escape(str(i))}</code>"

            if isinstance(df.index, pd.MultiIndex):
                df.index = pd.MultiIndex.from_tuples(
                    [(*t[:-1], code(t[-1])) for t in df.index], names=df.index.names
                )
            else:
                df.index = pd.Index([code(i) for i in df.index], name=df.index.name)
        if (
            df.index.name is not None
            and df.columns.name is None
            and not isinstance(df.index, pd.MultiIndex)
            and not isinstance(df.columns, pd.MultiIndex)
        ):
            # The index's name heads its column in the one header row; pandas would give it
            # a second row of its own, empty but for that name.
            df.columns.name, df.index.name = df.index.name, None
        return df.to_html(escape=False, formatters=formatters, classes="dataframe")

    def __repr__(self) -> str:
        return repr(self.df)


def readable(df: pd.DataFrame, study: str, code: Iterable[Any] = (), relabel: bool = True) -> Table:
    """``df`` for the reader (see the module docstring); ``code``: columns, or "index"."""
    code = set(code)
    names = labels(study) if relabel else {}
    df = df.copy()

    def word(v: Any) -> Any:
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, str):
            return names.get(v, v)
        return v

    for c in df.columns:
        if c in code:
            continue
        if df[c].dtype == bool or df[c].dtype == object:
            df[c] = df[c].map(word)

    def header(v: Any) -> Any:
        if isinstance(v, float) or (isinstance(v, str) and re.fullmatch(r"\d*\.\d{4,}", v)):
            return f"{float(v):.3g}"
        return names.get(v, v) if isinstance(v, str) else v

    def over(index: pd.Index, f) -> pd.Index:  # ``f`` on every label (a tuple level by level)
        if isinstance(index, pd.MultiIndex):
            tuples = [tuple(f(x) for x in t) for t in index]
            return pd.MultiIndex.from_tuples(tuples, names=index.names)
        return pd.Index([f(i) for i in index], name=index.name)

    def heading(v: Any) -> Any:
        # A header starts with a capital, as a table's headers do in print, whichever way the
        # code that computed it spelled it ("images per class" -> "Images per class").
        # "none" stays as it is: capitalised it would read as Python's None.
        if isinstance(v, str) and v[:1].isascii() and v[:1].islower() and v != "none":
            return v[0].upper() + v[1:]
        return v

    def column(v: Any) -> Any:  # a column's header as shown
        return heading(header(v))

    df.columns = over(df.columns, column)
    if "index" not in code:
        df.index = over(df.index, header)
    # The index's names head their columns too (its values are rows, and keep their case).
    df.index.names = [heading(n) for n in df.index.names]
    df.columns.name = heading(df.columns.name)

    # A code column by its header as shown (a grouped one level by level).
    shown = {tuple(map(column, c)) if isinstance(c, tuple) else column(c) for c in code - {"index"}}
    return Table(df, shown | ({"index"} & code))
