"""Record what ``benchmarks/gpu_check.sh`` measured on a GPU into the tracked files.

    .venv/bin/python benchmarks/record_gpu.py FOLDER     # the script's $OUT, copied back

From ``FOLDER/determinism.json`` the GPU's entry goes into
``benchmarks/determinism.json`` (beside the CPU's, which it keeps); from
``FOLDER/bench.json`` and ``FOLDER/seeds.json`` the GPU's figures go into
``benchmarks/results.json`` under ``gpu`` (the CPU's figures stay where they
are). The book's reproducibility page shows both. A file that is missing, or
holds a refusal rather than numbers measured on a GPU, is reported and left
out; nothing is written when none of them holds GPU numbers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DETERMINISM = ROOT / "benchmarks" / "determinism.json"
RESULTS = ROOT / "benchmarks" / "results.json"


def _read(path: Path) -> dict | None:
    if not path.is_file():
        print(f"{path.name}: missing, left out")
        return None
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as err:
        print(f"{path.name}: not JSON ({err}), left out")
        return None


def determinism_entry(folder: Path) -> dict | None:
    """The GPU's entry of ``determinism.json``, if it names a GPU and holds compared runs."""
    stored = _read(folder / "determinism.json")
    entry = (stored or {}).get("cuda")
    if stored is not None and not (entry and entry.get("gpu")):
        print("determinism.json: no entry measured on a GPU, left out")
        return None
    if entry and not any(entry.get(s) for s in ("shape_color", "transfer")):
        print("determinism.json: the GPU's entry compares no runs, left out")
        return None
    return entry


def bench_section(folder: Path) -> dict | None:
    """bench.json's figures with seeds.json's beside them, if either was measured on a GPU."""
    bench, seeds = _read(folder / "bench.json"), _read(folder / "seeds.json")
    section: dict = {}
    if bench is not None and bench.get("gpu") and bench.get("studies"):
        section = bench
    elif bench is not None:
        print("bench.json: no study timed on a GPU, left out")
    if seeds is not None and seeds.get("gpu") and seeds.get("seeds_at_once"):
        if not section:  # the machine's description comes from whichever was measured
            section = {k: v for k, v in seeds.items() if k != "seeds_at_once"}
        section["seeds_at_once"] = seeds["seeds_at_once"]
        section["seeds_at_once_command"] = seeds["command"]
    elif seeds is not None:
        print("seeds.json: nothing timed on a GPU, left out")
    return section or None


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folder", type=Path, help="the folder gpu_check.sh wrote ($OUT)")
    p.add_argument(
        "--revision",
        help="the revision the GPU ran, where its copy was no git checkout "
        "(it then recorded 'unknown')",
    )
    args = p.parse_args()
    if not args.folder.is_dir():
        raise SystemExit(f"{args.folder} is not a folder; give the one gpu_check.sh wrote ($OUT)")
    entry, section = determinism_entry(args.folder), bench_section(args.folder)
    if entry is None and section is None:
        raise SystemExit(f"nothing measured on a GPU in {args.folder}; nothing recorded")
    for found in (entry, section):
        if found is not None and args.revision and found.get("revision", "").startswith("unknown"):
            found["revision"] = args.revision
    if entry is not None:
        stored = json.loads(DETERMINISM.read_text()) if DETERMINISM.exists() else {}
        stored["cuda"] = entry
        DETERMINISM.write_text(json.dumps(stored, indent=1))
        print(f"{DETERMINISM.relative_to(ROOT)}: the GPU's entry ({entry['gpu']}) recorded")
    if section is not None:
        if not RESULTS.exists():
            raise SystemExit(f"{RESULTS.relative_to(ROOT)} is missing: record the CPU's first")
        results = json.loads(RESULTS.read_text())
        results["gpu"] = section
        RESULTS.write_text(json.dumps(results, indent=1))
        print(f"{RESULTS.relative_to(ROOT)}: the GPU's figures ({section['gpu']}) recorded")


if __name__ == "__main__":
    sys.exit(main())
