"""Compare two results stores run by run, matched by kind and config (not by key).

Used to check that a change that should not move any number did not: run the
same preset into two fresh stores (before and after the change) and compare.
Keys may differ (they hash the code); configs and numbers must not.

    python benchmarks/compare_stores.py BEFORE AFTER [--percent KIND ...]
        [--ignore-key KEY ...] [--rtol 1e-9]

``--percent KIND`` multiplies BEFORE's accuracy-like values of KIND (names
ending in ``acc``, ``hm`` or ``auc``) by 100: for the fraction-to-percent move.
``--ignore-key KEY`` leaves KEY out of every config (nested ones too) before
runs are matched: for a key one store's configs lack, such as ``threads``
when it was added. Its value then goes unchecked, so compare stores made with
the same value of it. Exit status 0 when every run matches, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

import pandas as pd

PERCENT = re.compile(r"(acc|hm|auc)$")


def drop_keys(config: object, ignore: frozenset[str]) -> object:
    if isinstance(config, dict):
        return {k: drop_keys(v, ignore) for k, v in config.items() if k not in ignore}
    if isinstance(config, list):
        return [drop_keys(v, ignore) for v in config]
    return config


def load(root: Path, ignore: frozenset[str] = frozenset()) -> dict[tuple[str, str], Path]:
    """(kind, canonical config) -> run folder, for every run with a manifest."""
    out = {}
    for manifest in root.glob("**/MANIFEST.json"):
        run = manifest.parent
        if any(part.startswith(".") for part in run.relative_to(root).parts):
            continue
        kind = run.parent.relative_to(root).as_posix()
        config = drop_keys(json.loads((run / "config.json").read_text()), ignore)
        key = (kind, json.dumps(config, sort_keys=True))
        if key in out:
            # Two runs that differ only in an ignored key would be compared
            # against whichever came last: refuse rather than guess.
            raise SystemExit(f"{root}: two {kind} runs differ only in ignored keys: {run.name}")
        out[key] = run
    return out


def close(a: float, b: float, rtol: float) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return math.isclose(a, b, rel_tol=rtol, abs_tol=rtol)


def compare(
    before: Path,
    after: Path,
    percent: set[str],
    rtol: float,
    ignore: frozenset[str] = frozenset(),
) -> list[str]:
    a, b = load(before, ignore), load(after, ignore)
    problems = [f"only in {before}: {k[0]} {k[1][:80]}" for k in a.keys() - b.keys()]
    problems += [f"only in {after}: {k[0]} {k[1][:80]}" for k in b.keys() - a.keys()]
    for k in sorted(a.keys() & b.keys()):
        kind = k[0]
        scale = 100.0 if kind in percent else 1.0
        ma = json.loads((a[k] / "metrics.json").read_text())
        mb = json.loads((b[k] / "metrics.json").read_text())
        if ma.keys() != mb.keys():
            problems.append(f"{kind} {b[k].name}: metric names differ")
            continue
        for name, va in ma.items():
            s = scale if PERCENT.search(name) else 1.0
            vb = mb[name]
            if isinstance(va, (int, float)) and not close(va * s, vb, rtol):
                problems.append(f"{kind} {b[k].name}: {name} {va * s!r} != {vb!r}")
        ha, hb = a[k] / "history.csv", b[k] / "history.csv"
        if ha.exists() != hb.exists():
            problems.append(f"{kind} {b[k].name}: history in one store only")
        elif ha.exists():
            da, db = pd.read_csv(ha), pd.read_csv(hb)
            for col in da.columns:
                s = scale if PERCENT.search(col) else 1.0
                numeric = pd.api.types.is_numeric_dtype(da[col])
                if col not in db or not all(
                    close(x * s, y, rtol) if numeric else x == y
                    for x, y in zip(da[col], db[col], strict=True)
                ):
                    problems.append(f"{kind} {b[k].name}: history column {col} differs")
    print(f"{len(a.keys() & b.keys())} runs compared, {len(problems)} differences")
    return problems


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    p.add_argument("--percent", action="append", default=[], metavar="KIND")
    p.add_argument("--ignore-key", action="append", default=[], metavar="KEY")
    p.add_argument("--rtol", type=float, default=1e-9)
    args = p.parse_args()
    problems = compare(
        args.before, args.after, set(args.percent), args.rtol, frozenset(args.ignore_key)
    )
    for line in problems[:50]:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
