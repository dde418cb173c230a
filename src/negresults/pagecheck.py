"""What a reader must never see on a built page: code leaking into prose.

    python -m negresults.pagecheck book/_build/html     # exit 1 and one line per finding

Reads the visible text of every built page outside code (``pre``, ``code``,
code cells' inputs, scripts), the way a reader sees it, and reports:

- **identifiers**: a name from a study's config (a field, a variant, arm,
  level, regime or metric name, as each study's config declares it, in
  ``snake_case``) written where a label belongs; the config's label tables
  say what the reader should see instead. Field names a reader needs to
  re-run a section (the hyperparameter tables) stay, in code formatting,
  which this check does not read;
- **Python literals**: ``True``, ``False``, ``None`` as values, and a not-a-number
  (``nan``, ``NaN``, ``+nan``) where a number should be;
- **pandas truncation**: "N rows × M columns" or a table cell that is only an
  ellipsis;
- **raw MyST**: a role or directive that was not rendered, or code formatting shown
  with its backticks;
- **spurious precision**: a percentage or accuracy-point figure with more than
  two decimals, or any number with five or more.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import typing
from dataclasses import dataclass
from pathlib import Path

RAW_CODE = re.compile(r"`[^`\s][^`]*`")
RAW_MYST = ("{glue", "{cite", "{numref", "{eval", "{doc}", "{ref}", "```{", ":::{", "{sub-ref")
# "None of the seeds" is English; a None, True or False standing alone is Python.
LITERAL = re.compile(r"\b(?:True|False)\b|\bNone\b(?!\s+of\b)|[+-]?\b(?:nan|NaN)\b")
TRUNCATION = re.compile(r"\b\d+\s+rows\s*[×x]\s*\d+\s+columns\b")
ELLIPSIS = {"...", "…"}
# A figure in percent or accuracy points with more than two decimals, or any with five or more.
TOO_PRECISE = re.compile(
    r"(?<![\w.:])-?\d+\.\d{3,}\s*(?:%|(?:percent|points|pp)\b)|(?<![\w.:])-?\d+\.\d{5,}(?![\w.])"
)
SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
# What is code, not prose, on a built page.
CODE = "pre, code, script, style, .cell_input, .highlight, .headerlink, kbd, samp, .MathJax, math"


@dataclass(frozen=True)
class Finding:
    page: str
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.page}: {self.kind}: {self.text}"


def identifiers() -> set[str]:
    """Every snake_case name each study's config declares: fields, choices, label-table keys."""
    import importlib

    from negresults.studies import all_studies

    names: set[str] = set()
    for study in all_studies():
        cfg = study.config_class
        module = importlib.import_module(cfg.__module__)
        names |= {f.name for f in dataclasses.fields(cfg)}
        for value in vars(module).values():
            if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
                names |= set(value)
            elif isinstance(value, dict) and all(isinstance(k, str) for k in value):
                names |= set(value)
        for hint in typing.get_type_hints(cfg).values():
            if typing.get_origin(hint) is typing.Literal:
                names |= {a for a in typing.get_args(hint) if isinstance(a, str)}
        names |= set(_metric_names(study))
    return {n for n in names if SNAKE.match(n)}


def _metric_names(study) -> list[str]:
    """Metric names a study stores (``shape_seen_acc`` ...), where the study lists them."""
    import importlib

    out = []
    for mod in ("compute.train", "compute.metrics", "compute.model", "report.results"):
        try:
            module = importlib.import_module(f"negresults.{study.name}.{mod}")
        except ImportError:
            continue
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, tuple):
                out += [v for v in value if isinstance(v, str)]
    return out


def visible_text(html: str) -> tuple[str, list[str]]:
    """The page's readable text outside code, and the text of each table cell."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one("main article") or soup.select_one("main") or soup.body or soup
    for node in main.select(CODE):
        node.decompose()
    cells = [c.get_text(" ", strip=True) for c in main.select("td, th")]
    return main.get_text(" ", strip=False), cells


def check_page(name: str, html: str, names: set[str]) -> list[Finding]:
    text, cells = visible_text(html)
    flat = re.sub(r"\s+", " ", text)
    out: list[Finding] = []
    found = sorted({n for n in names if re.search(rf"(?<![\w./-]){re.escape(n)}(?![\w/-])", flat)})
    out += [Finding(name, "code identifier", n) for n in found]
    out += [Finding(name, "Python literal", m.group(0)) for m in LITERAL.finditer(flat)]
    out += [Finding(name, "pandas truncation", m.group(0)) for m in TRUNCATION.finditer(flat)]
    if any(c in ELLIPSIS for c in cells):
        out.append(Finding(name, "pandas truncation", "a table row or column cut to '…'"))
    out += [Finding(name, "raw MyST", m) for m in RAW_MYST if m in flat]
    # Code formatting that reached the page as plain text (a glued value is not Markdown).
    out += [Finding(name, "raw MyST", m.group(0)) for m in RAW_CODE.finditer(flat)]
    out += [Finding(name, "spurious precision", m.group(0)) for m in TOO_PRECISE.finditer(flat)]
    return out


def check_book(html_dir: str | Path) -> list[Finding]:
    """Every finding on every built page under ``html_dir`` (Sphinx's own pages aside)."""
    root = Path(html_dir)
    if not (root / "index.html").is_file():
        from negresults.config import ConfigError

        raise ConfigError(f"{str(root)!r} holds no built book (no index.html); run `make book`")
    names = identifiers()
    findings: list[Finding] = []
    for page in sorted(root.rglob("*.html")):
        rel = page.relative_to(root)
        if rel.parts[0].startswith("_") or rel.name in ("genindex.html", "search.html"):
            continue
        findings += check_page(str(rel), page.read_text(encoding="utf-8"), names)
    return findings


def main(argv: list[str] | None = None) -> int:
    from negresults.config import ConfigError

    args = sys.argv[1:] if argv is None else argv
    folder = args[0] if args else "book/_build/html"
    try:
        findings = check_book(folder)
    except ConfigError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for f in findings:
        print(f)
    print(f"{len(findings)} finding{'s' if len(findings) != 1 else ''} in {folder}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
