"""The book's claims as published, and how far a live run on another preset is from them.

A live chapter (Binder, JupyterLab, papermill) on the small ``smoke`` preset
starts from an empty store and cannot read the book's runs. What it can read
is this record: each study's claims on the book's preset (verdict, estimate,
interval, seeds), written from the stored runs by
``negresults summary <study> --preset cpu --record`` into the tracked
``book/published/<study>.json`` with the revision and time it was made. A live
page compares its own claims with it, claim by claim (:func:`distance`), and
says how many verdicts agree and how far the estimates are apart.

The record is computed, never typed; it can lag the code (the page prints its
revision), and a test checks its claims are still the ones the study makes.
"""

from __future__ import annotations

import json
import math
import statistics
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from negresults.locations import find_repo_root
from negresults.study import Claim

FOLDER = Path("book") / "published"


def path(study: str, root: Path | None = None) -> Path:
    """Where ``study``'s published claims live (in the repository)."""
    base = root or find_repo_root() or Path.cwd()
    return base / FOLDER / f"{study}.json"


def record(
    study: str,
    preset: str,
    revision: str,
    claims: list[dict[str, Any]],
    root: Path | None = None,
    machines: dict[str, int] | None = None,
    code: str | None = None,
) -> Path:
    """Write ``study``'s claims (as ``negresults summary --json`` gives them) on ``preset``
    to its published record, with the machines that made its runs (runs per machine, as
    :func:`negresults.machine.count` gives them) and the code version in its run keys
    (:func:`negresults.runkeys.code_version`); return the path."""
    out = path(study, root)
    out.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "study": study,
        "preset": preset,
        "revision": revision,
        "recorded": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "claims": [finite(c) for c in claims],
        "machines": dict(machines or {}),
        "code": code,
    }
    out.write_text(json.dumps(body, indent=1) + "\n")
    return out


def load(study: str, root: Path | None = None) -> dict[str, Any] | None:
    """``study``'s published record, or None when there is none."""
    p = path(study, root)
    return json.loads(p.read_text()) if p.is_file() else None


def finite(obj: Any) -> Any:
    """JSON has no NaN: an undefined number (fewer than two seeds, an untestable claim)
    becomes null, at any depth (``negresults summary --json`` and the records alike)."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [finite(v) for v in obj]
    return obj


def _keyed(claims: list[dict[str, Any]]) -> dict[tuple[str, int], dict[str, Any]]:
    """Claims by (text, occurrence): a claim judged at two settings appears twice, in the
    plan's order, which every preset keeps."""
    seen: dict[str, int] = {}
    out = {}
    for c in claims:
        i = seen.get(c["claim"], 0)
        seen[c["claim"]] = i + 1
        out[(c["claim"], i)] = c
    return out


def _cell(c: dict[str, Any]) -> str:
    est = c.get("estimate")
    if est is None:
        return f"{c['verdict']} ({c['n']} seeds)"
    low, high = c.get("ci") or (None, None)
    interval = f" [{low:+.1f}, {high:+.1f}]" if low is not None and high is not None else ""
    seeds = f"{c['n']} seed{'s' if c['n'] != 1 else ''}"
    return f"{c['verdict']}, {est:+.1f}{interval} ({seeds})"


def distance(published: dict[str, Any], live: list[Claim]) -> tuple[str, pd.DataFrame]:
    """How far ``live`` claims are from ``published`` ones: one sentence and the table.

    Claims are matched by their text and, for a claim judged at several
    settings, its place among them. The sentence counts the book's claims this
    run judges, the verdicts that agree, and the median and largest gap between
    estimates (accuracy points, both estimates defined).
    """
    book = _keyed(published["claims"])
    here = _keyed([finite(c.as_dict()) for c in live])
    rows, gaps, same = [], [], 0
    for key, b in book.items():
        h = here.get(key)
        if h is None:
            continue
        same += h["verdict"] == b["verdict"]
        if b.get("estimate") is not None and h.get("estimate") is not None:
            gaps.append((abs(h["estimate"] - b["estimate"]), b["claim"]))
        rows.append(
            {
                "The paper's claim": b["claim"],
                "Setting in the book": b["setting"],
                "In the book": _cell(b),
                "In this run": _cell(h),
            }
        )
    n = len(rows)
    preset, revision = published["preset"], published["revision"]
    head = (
        f"**How far from the book.** Of the book's {len(book)} claims (the "
        f"{preset} preset, recorded at revision {revision} on {published['recorded']}), "
        f"this run judges {n}; {same} of them get the book's verdict here"
    )
    if gaps:
        median = statistics.median(g for g, _ in gaps)
        largest, which = max(gaps)
        head += (
            f", and its estimates differ from the book's by a median of {median:.1f} points "
            f"and at most {largest:.1f} (“{which}”)"
        )
    head += ". Read this run's numbers as a check that the chapter runs, not as the findings."
    table = pd.DataFrame(rows).set_index("The paper's claim") if rows else pd.DataFrame()
    return head, table


PREVIOUS = FOLDER / "previous"


def load_previous(study: str, root: Path | None = None) -> dict[str, Any] | None:
    """The record of ``study``'s build before a rebuild from an empty store, kept beside
    the current one (``book/published/previous/<study>.json``), or None."""
    base = root or find_repo_root() or Path.cwd()
    p = base / PREVIOUS / f"{study}.json"
    return json.loads(p.read_text()) if p.is_file() else None


def _shared_and_moved(
    old: dict[tuple[str, int], dict[str, Any]], new: dict[tuple[str, int], dict[str, Any]]
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """The claims two keyed records share, and those of them whose verdict differs."""
    shared = [k for k in old if k in new]
    return shared, [k for k in shared if old[k]["verdict"] != new[k]["verdict"]]


def moved_verdicts(
    older: dict[str, Any], newer: dict[str, Any]
) -> tuple[int, list[tuple[dict[str, Any], dict[str, Any]]]]:
    """How many claims two records share, and the (older, newer) pairs of those whose
    verdict moved, in the plan's order: for a chapter that names them in prose."""
    old, new = _keyed(older["claims"]), _keyed(newer["claims"])
    shared, moved = _shared_and_moved(old, new)
    return len(shared), [(old[k], new[k]) for k in moved]


def rebuild_reading(study: str, root: Path | None = None) -> str:
    """A clause for a chapter's prose: how many verdicts of ``study``'s record and of the
    record of the build before it (a rebuild from an empty store) agree, and which moved,
    each said with its seeds, since a verdict that moved on the same seeds and the same
    compute code moved with the training noise alone. The Reproducibility page's
    :func:`between` gives the whole comparison."""
    before, now = load_previous(study, root), load(study, root)
    if before is None or now is None:
        return "no record of an earlier build from an empty store is kept to compare with"
    shared, moved = moved_verdicts(before, now)
    code = (
        "by the same compute code"
        if before.get("code") and before.get("code") == now.get("code")
        else "by compute code that differs or is not recorded"
    )
    text = (
        f"{shared - len(moved)} of the {shared} verdicts the two records share are the same "
        f"(both records of the {now['preset']} preset, made {code}, at commits "
        f"{before['revision']} and {now['revision']})"
    )
    if not moved:
        return text
    said = []
    for old, new in moved:
        seeds = (
            f"on the same {new['n']} seeds"
            if old["n"] == new["n"]
            else f"on {old['n']} seeds, then {new['n']}"
        )
        said.append(
            f"“{new['claim']}”, in the setting {new['setting']}, went from "
            f"{old['verdict']} to {new['verdict']}, {seeds}"
        )
    return f"{text}; {'; '.join(said)}"


def between(older: dict[str, Any], newer: dict[str, Any]) -> tuple[str, pd.DataFrame]:
    """How far two records of one study's claims on one preset are apart (a rebuild of the
    same code from an empty store, say): one sentence, and the claims whose verdict moved."""
    old, new = _keyed(older["claims"]), _keyed(newer["claims"])
    shared, moved = _shared_and_moved(old, new)
    gaps = [
        (abs(new[k]["estimate"] - old[k]["estimate"]), k[0])
        for k in shared
        if old[k].get("estimate") is not None and new[k].get("estimate") is not None
    ]
    text = (
        f"Against the record made at commit {older['revision']} on {older['recorded']}, the "
        f"record made at commit {newer['revision']} on {newer['recorded']} gives "
    )
    # Every number as recorded, to the last digit: nothing to measure a gap in.
    same = all(old[k][f] == new[k][f] for k in shared for f in ("verdict", "estimate", "ci", "n"))
    if same and shared and len(shared) == len(old) == len(new):
        text += (
            f"all {len(shared)} claims" if len(shared) > 1 else "its one claim"
        ) + " the same verdict, estimate, interval and seeds, to the last digit recorded"
    else:
        text += f"{len(shared) - len(moved)} of {len(shared)} claims the same verdict"
        if gaps:
            largest, which = max(gaps)
            text += (
                f", and its estimates differ by a median of "
                f"{statistics.median(g for g, _ in gaps):.1f} points and at most {largest:.1f} "
                f"(“{which}”)"
            )
    text += (
        "."
        + _code_between(older, newer, same)
        + ("" if same else _plan_between(older, newer))
        + _machines_between(older, newer)
        # A record holds the claims only: the readings the pages give beside them (controls,
        # sources read apart) are not in it, so this comparison says nothing of them.
        + " A record holds the claims' verdicts only, so the readings beside them are not "
        "compared here."
    )
    if moved:
        text += f" The claim{'s' if len(moved) > 1 else ''} that moved:"
    rows = [
        {
            "The paper's claim": k[0],
            "Setting in the book": new[k]["setting"],
            "Before": _cell(old[k]),
            "After": _cell(new[k]),
        }
        for k in moved
    ]
    table = pd.DataFrame(rows).set_index("The paper's claim") if rows else pd.DataFrame()
    return text, table


def _code_between(older: dict[str, Any], newer: dict[str, Any], same: bool = False) -> str:
    """Whether the two records' runs came from the same compute code (their run keys' code
    version), as a sentence; says so when a record does not name it. ``same``: the two
    records' claims are identical, so there is no difference to attribute."""
    before, after = older.get("code"), newer.get("code")
    if before and after:
        if before == after:
            return f" Both records' runs were made by the same compute code (version {after})."
        return (
            f" The records' runs were made by different compute code (version {before}, then "
            f"{after}), "
            + (
                "and the change moved none of the claims."
                if same
                else "so a difference may be the code's as well as the machine's."
            )
        )
    missing = " and ".join(w for w, c in (("earlier", before), ("later", after)) if not c)
    both = " and " in missing
    return (
        f" The {missing} record{'s do' if both else ' does'} not name the compute code "
        f"{'their' if both else 'its'} runs were made by, so whether the code changed between "
        "them is not shown."
    )


def _plan_between(older: dict[str, Any], newer: dict[str, Any]) -> str:
    """Whether the study's analysis plan differs between the two records' commits, as a
    sentence: a plan revision can change which runs are made (a grid, seeds) as well as how
    they are read. Empty where git cannot tell (no repository, or a commit it lacks)."""
    root = find_repo_root()
    plan = f"src/negresults/{newer.get('study', older.get('study'))}/analysis_plan.py"
    if root is None or not (root / plan).is_file():
        return ""
    try:
        diff = subprocess.run(
            ["git", "diff", "--quiet", older["revision"], newer["revision"], "--", plan],
            cwd=root,
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    if diff.returncode == 1:
        return (
            f" The study's analysis plan was revised between the two commits{_revisions(root, older, newer, plan)}, "
            "so a difference may also be the plan's (a revision can change which runs are made, "
            "a grid or the seeds, as well as how they are read)."
        )
    if diff.returncode == 0:
        return " The study's analysis plan is the same at both commits."
    return ""


def _revisions(root: Path, older: dict[str, Any], newer: dict[str, Any], plan: str) -> str:
    """The commits that changed ``plan`` after the older record and up to the newer, as a
    parenthesis naming them (short hashes, oldest first), so a reader can find each revision
    in the Method's list; empty where git cannot list them."""
    try:
        out = subprocess.run(
            [
                "git",
                "log",
                "--reverse",
                "--format=%h",
                f"{older['revision']}..{newer['revision']}",
                "--",
                plan,
            ],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    commits = out.stdout.split() if out.returncode == 0 else []
    if not commits:
        return ""
    many = len(commits) > 1
    listed = ", ".join(commits[:-1]) + " and " + commits[-1] if many else commits[0]
    return f" (in commit{'s' if many else ''} {listed})"


def _machines_between(older: dict[str, Any], newer: dict[str, Any]) -> str:
    """Which machines made each record's runs, as a sentence ("" when neither says)."""
    from negresults.machine import sentence

    before, after = older.get("machines"), newer.get("machines")
    if not before and not after:
        return ""
    said = [
        f"the runs of the {which} record: {sentence(m)}"
        if m
        else f"the {which} record does not say which machines made its runs"
        for which, m in (("earlier", before), ("later", after))
    ]
    return f" Machines: {said[0]}; {said[1]}."
