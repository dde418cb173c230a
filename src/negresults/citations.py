"""Citations a live kernel can show: ``citep`` and ``citet`` over the book's .bib files.

A chapter cites as ``{eval}`citep("key")``` or ``{eval}`citet("key")```:

- in JupyterLab (and so on Binder), jupyterlab-myst evaluates the call in the
  kernel, where :func:`negresults.pages.open_page` put these two functions, and
  shows the returned text, formatted as the book formats it;
- in the book, ``book/_ext/negresults_eval.py`` hands the same keys to
  sphinxcontrib-bibtex's ``cite:p`` / ``cite:t`` roles, so the book keeps its
  linked citations and the bibliography.

jupyterlab-myst reads no .bib file, so a plain ``{cite:p}`` would show the bare
key live. The format follows sphinxcontrib-bibtex's ``author_year`` style at
its defaults (what ``_config.yml`` selects): one author "Chen", two
"Hermann and Kornblith", more "Chen et al."; parenthetical
``[Chen et al., 2021, Xiao et al., 2021]`` (several works sorted by author,
as the book sorts them), textual ``Chen et al. [2021]``.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from negresults.config import ConfigError

BIB_DIR = Path(__file__).resolve().parents[2] / "book" / "references"
# The prose's inline expression for a citation: citep("a", "b") or citet("a").
CALL = re.compile(r"cite([pt])\((.*)\)", re.DOTALL)


@cache
def bibliography() -> dict[str, tuple[str, str]]:
    """Every entry of the book's .bib files (``BIB_DIR``): key -> (authors as cited, year)."""
    import pybtex.plugin
    from pybtex.database import parse_file

    last = pybtex.plugin.find_plugin("pybtex.style.names", "last")()
    entries: dict[str, tuple[str, str]] = {}
    for path in sorted(BIB_DIR.glob("*.bib")):
        for key, entry in parse_file(str(path), bib_format="bibtex").entries.items():
            people = entry.persons.get("author", [])
            names = [last.format(p, abbr=True).format().render_as("text") for p in people]
            if not names:
                authors = entry.fields.get("title", key)
            elif len(names) == 1:
                authors = names[0]
            elif len(names) == 2:
                authors = f"{names[0]} and {names[1]}"
            else:
                authors = f"{names[0]} et al."
            entries[key] = (authors, entry.fields.get("year", "n.d."))
    return entries


def _lookup(keys: tuple[str, ...]) -> list[tuple[str, str]]:
    if not keys:
        raise ConfigError("a citation needs at least one key")
    entries = bibliography()
    for key in keys:
        if key not in entries:
            raise ConfigError(
                f"unknown citation key {key!r}; the keys are those of {BIB_DIR}/*.bib "
                f"({len(entries)} entries, e.g. {', '.join(sorted(entries)[:3])})"
            )
    # sphinxcontrib-bibtex lists several works in bibliography order (author, then year).
    return sorted((entries[k] for k in keys), key=lambda ay: (ay[0].lower(), ay[1]))


def citep(*keys: str) -> str:
    """Parenthetical citation, as ``{cite:p}`` renders it: ``[Chen et al., 2021]``."""
    return "[" + ", ".join(f"{a}, {y}" for a, y in _lookup(keys)) + "]"


def citet(*keys: str) -> str:
    """Textual citation, as ``{cite:t}`` renders it: ``Chen et al. [2021]``."""
    return ", ".join(f"{a} [{y}]" for a, y in _lookup(keys))


def parse_call(expr: str) -> tuple[str, tuple[str, ...]] | None:
    """``("p", keys)`` for the text ``citep("a", "b")`` (``"t"`` for citet); None when
    ``expr`` is no citation. Arguments other than string literals are refused."""
    call = CALL.fullmatch(expr.strip())
    if call is None:
        return None
    kind, arguments = call.groups()
    try:
        keys = ast.literal_eval(f"({arguments},)")
    except (ValueError, SyntaxError):
        keys = ()
    if not keys or not all(isinstance(k, str) for k in keys):
        raise ConfigError(f"{expr}: cite{kind}() takes citation keys as string literals")
    return kind, keys


def render_call(expr: str) -> str:
    """What the citation ``expr`` (say ``citep("a")``) shows in a live kernel."""
    kind, keys = parse_call(expr)
    return (citep if kind == "p" else citet)(*keys)
