"""What both studies' report code shares: number formats, glue, values.

One implementation of each rule, so the two studies cannot drift apart:

- numbers: accuracy in percent with one decimal, intervals as ``[lo, hi]``,
  p-values readable at the precision shown (:func:`fmt`, :func:`ci`, :func:`p_value`),
  and with as many decimals as it takes to show which side of a threshold they
  lie on (:func:`readable_ci`, :func:`readable_p`);
- verdicts are not here: :mod:`negresults.verdicts` holds their one vocabulary
  and order;
- glue: :func:`glue_text`, :func:`glue_table`, :func:`glue_figure` put computed
  values on a page (myst-nb ``glue``) without showing them twice;
- values: :func:`format_value` writes a config value (lists, floats) for a table.
"""

from __future__ import annotations

import math
import os
from typing import Any

import pandas as pd

STATIC_ENV = "NEGRESULTS_STATIC"
NOT_RUN = "n/a (not run)"


# -- numbers --------------------------------------------------------------
def fmt(x: float | None, digits: int = 1, signed: bool = False) -> str:
    """``x`` with ``digits`` decimals (``+`` shown when ``signed``); ``n/a`` for a missing value."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if signed:
        # A signed value that rounds to zero keeps its side of zero with as many more
        # decimals as that takes (up to two): "-0.04", never a bare "-0.0".
        shown = digits
        while x != 0 and round(x, shown) == 0 and shown < digits + 2:
            shown += 1
        if round(x, shown) == 0 and x != 0:
            return f"{0:.{digits}f}"
        return f"{x:+.{shown}f}"
    # A small negative mean rounds to "-0.0", a sign no reader can use: shown as 0.0.
    return f"{x:.{digits}f}" if round(x, digits) != 0 else f"{0:.{digits}f}"


def ci(low: float, high: float, digits: int = 1, signed: bool = False) -> str:
    """``[low, high]``; ``n/a`` when the interval is undefined (fewer than two seeds)."""
    if low is None or math.isnan(low):
        return "n/a"
    return f"[{fmt(low, digits, signed)}, {fmt(high, digits, signed)}]"


def p_value(p: float) -> str:
    """Three decimals, or ``< 0.001``: enough to read a verdict at the 5% level."""
    if p is None or math.isnan(p):
        return "n/a"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def readable_ci(low: float, high: float) -> str:
    """A signed interval with enough decimals that a bound near zero shows its side of zero."""
    digits = 1
    for bound in (low, high):
        while bound == bound and bound != 0 and digits < 4 and round(bound, digits) == 0:
            digits += 1
    return ci(low, high, digits=digits, signed=True)


def readable_p(p: float, alpha: float = 0.05) -> str:
    """Three decimals, or more when three would round onto ``alpha`` (the verdict's edge)."""
    text = p_value(p)
    if p == p and text == f"{alpha:.3f}" and p != alpha:
        return f"{p:.5f}"
    return text


# -- glue and pages -------------------------------------------------------
def is_live() -> bool:
    """False while the book is being built (static pages: no widgets, no progress bars).

    The book's Sphinx extension sets ``NEGRESULTS_STATIC=1`` for the kernels
    it starts; on Binder, in JupyterLab or under papermill it is unset.
    """
    return os.environ.get(STATIC_ENV, "") in ("", "0")


NO_WIDGETS_ENV = "NEGRESULTS_NO_WIDGETS"


def widgets_wanted() -> bool:
    """Interactive explorers only where someone can use them: live, and not a headless run.

    ``negresults run`` (papermill) sets ``NEGRESULTS_NO_WIDGETS=1`` for its
    kernels: nobody moves a slider in a saved notebook, and an output widget
    redrawn with ``clear_output(wait=True)`` was seen to leave papermill
    waiting on an idle kernel. There the explorers show their static figure.
    """
    return is_live() and os.environ.get(NO_WIDGETS_ENV, "") in ("", "0")


# myst-nb's glue protocol: a display output whose MIME types carry this prefix (so a
# notebook shows nothing) and whose metadata names the key.
GLUE_PREFIX = "application/papermill.record/"


def glue(key: str, value: Any) -> None:
    """What ``myst_nb.glue(key, value, display=False)`` outputs, without importing myst_nb.

    Importing ``myst_nb.glue`` imports nbformat, whose jsonschema imports
    rfc3987_syntax, which builds 38 Lark grammars (about 2 s) in every kernel
    that glues: twelve per book build. tests/test_pages.py checks that this
    output is the one myst-nb's own glue makes.
    """
    from IPython.core.formatters import format_display_data
    from IPython.display import display

    bundle, metadata = format_display_data(value)
    metadata["scrapbook"] = {"name": key, "mime_prefix": GLUE_PREFIX}
    display({GLUE_PREFIX + k: v for k, v in bundle.items()}, raw=True, metadata=metadata)


def glue_text(key: str, text: str) -> str:
    """Glue ``text`` under ``key`` and put it in the live kernel's namespace under that name.

    The prose names values as ``{eval}`key```: jupyterlab-myst evaluates that in
    the kernel (so the namespace entry), while the book pastes the glued value
    (``book/_ext/negresults_eval.py``).
    """
    glue(key, text)
    share_with_kernel(**{key: text})
    return text


def share_with_kernel(**names: Any) -> None:
    """Put ``names`` in the live kernel's namespace, where jupyterlab-myst evaluates {eval}."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.user_ns.update(names)


def glue_table(key: str, df: pd.DataFrame) -> pd.DataFrame:
    glue(key, df)
    return df


def glue_figure(key: str, fig: Any) -> None:
    """Glue a matplotlib figure and close it, so it shows only where the page places it."""
    import matplotlib.pyplot as plt

    glue(key, fig)
    plt.close(fig)


# -- values ---------------------------------------------------------------
def number_ranges(values: Any) -> str:
    """Integers as a reader reads them: runs of three or more as ``0 to 72``, in the order
    given (``0 to 47, 100, 101``)."""
    values = [int(v) for v in values]
    parts, i = [], 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{values[i]} to {values[j]}")
        else:
            parts += [str(v) for v in values[i : j + 1]]
        i = j + 1
    return ", ".join(parts)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def number(v: float) -> str:
    """A setting as a reader writes it: 0.003 or 30 as they are, and the very small or large
    in powers of ten (3 × 10⁻⁵, 10⁶), never Python's 3e-05."""
    text = f"{v:g}"
    if "e" not in text and not (v and abs(v) >= 1e5):
        return text
    mantissa, exponent = f"{v:e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    power = "10" + str(int(exponent)).translate(_SUPERSCRIPT)
    return power if mantissa == "1" else f"{mantissa} × {power}"


def format_value(v: Any) -> str:
    # A reader sees yes/no and "none", never Python's True/False/None.
    if isinstance(v, bool):
        return "yes" if v else "no"
    if v is None:
        return "none"
    if isinstance(v, (list, tuple)):
        return ", ".join(format_value(x) for x in v)
    if isinstance(v, float):
        return number(v)
    return str(v)
