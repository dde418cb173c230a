"""The study as a plan of tasks: which runs exist and what decides each one.

Stage 1 pretrains one model per seed on the source. Stage 2 runs every arm x
target size x seed; each such task selects its learning rate on validation
and tests once. Task configs hold everything that decides a result (and
nothing else), so the store reuses a pretraining across arms and sizes.

Building a plan is where the data are first needed: :func:`plan` refuses,
in one line, a dataset whose files are missing or a target size larger than
the data's pool. A config alone never reads data, so any preset can be built
(and shown) on a machine that does not hold its datasets.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from negresults.config import check
from negresults.devices import resolve_device
from negresults.tasks import Task
from negresults.transfer.analysis_plan import SECOND_CLAIM_ARMS
from negresults.transfer.compute import datasets
from negresults.transfer.compute.model import ARM_SPEC
from negresults.transfer.compute.runners import (
    ARM_KIND,
    BASELINE_KIND,
    PRETRAIN_KIND,
    run_arm,
    run_baseline,
    run_pretrain,
)
from negresults.transfer.config import HANDWRITING_MATCHED, TransferConfig
from negresults.transfer.names import CONTROL_LEVEL, HANDWRITING_SOURCE, MIXED_LEVELS

__all__ = [
    "ARM_KIND",
    "BASELINE_KIND",
    "PRETRAIN_KIND",
    "arm_config",
    "arm_task",
    "baseline_config",
    "baseline_task",
    "data_root",
    "plan",
    "pool_size",
    "pretrain_config",
]


def _common(cfg: TransferConfig, device: str) -> dict[str, Any]:
    out = {
        "dataset": cfg.dataset,
        "image_size": cfg.image_size,
        "channels": cfg.channels,
        "num_classes": cfg.num_classes,
        "width": cfg.width,
        "feature_dim": cfg.feature_dim,
        "batch_size": cfg.batch_size,
        "device": device,
        "precision": cfg.precision,
        "threads": cfg.threads,
    }
    if cfg.dataset == "digits":
        out["test_per_class"] = cfg.test_per_class
    else:
        # The folder reaches the worker through the task config, so it is part
        # of the run key: the same files in another folder are run again.
        # Leave data_root empty (each run then reads $NEGRESULTS_DATA) for
        # keys that hold across machines.
        out["data_root"] = cfg.data_root
        # The files' checksums, so a store never serves runs made from other
        # files under the same name (a re-download, another machine's copy).
        out["data_sha256"] = data_checksums(cfg)
    return out


def data_root(cfg: TransferConfig) -> Path:
    """The folder of the real datasets: ``cfg.data_root``, else ``$NEGRESULTS_DATA``, else ./data."""
    return datasets.data_root(cfg.data_root)


def pool_size(cfg: TransferConfig) -> int:
    """Images per class the training subsets are drawn from (reads the data)."""
    return datasets.pool_size(
        cfg.dataset,
        data_root(cfg),
        pool_per_class=cfg.pool_per_class,
        val_per_class=cfg.val_per_class,
        test_per_class=cfg.test_per_class,
        reservoir_per_class=cfg.reservoir_per_class,
    )


@cache
def _file_sha256(path: str, size: int, mtime_ns: int) -> str:
    """sha256 of one data file; cached by its size and modification time."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def data_checksums(cfg: TransferConfig) -> dict[str, str]:
    """sha256 of every file the config's dataset reads (relative path -> digest)."""
    root = data_root(cfg)
    ds = datasets.get(cfg.dataset)
    ds.check_files(root)
    out = {}
    for rel in sorted(f for files in ds.files.values() for f in files):
        st = (root / rel).stat()
        out[rel] = _file_sha256(str(root / rel), st.st_size, st.st_mtime_ns)
    return out


def pretrain_config(
    cfg: TransferConfig,
    seed: int,
    device: str | None = None,
    level: str | None = None,
    pilot: bool = False,
) -> dict[str, Any]:
    """What decides one pretraining. The pilot's (``pilot``) keeps the pretraining it ran
    with when it fixed Table 1's size (``pilot_pretrain_epochs``, ``pilot_pretrain_lr``)."""
    device = device or resolve_device(cfg.device)
    matched = level == HANDWRITING_MATCHED
    level = HANDWRITING_SOURCE if matched else level  # the same data, a shorter pretraining
    out = {
        **_common(cfg, device),
        "seed": seed,
        "pretrain_epochs": (
            cfg.pilot_pretrain_epochs
            if pilot
            else matched_epochs(cfg)
            if matched
            else cfg.pretrain_epochs
        ),
        "pretrain_lr": cfg.pilot_pretrain_lr if pilot else cfg.pretrain_lr,
    }
    if cfg.dataset == "digits":
        out["source_per_class"] = cfg.source_per_class
        out["shift"] = level or cfg.table_level
        if out["shift"] in (CONTROL_LEVEL, HANDWRITING_SOURCE, *MIXED_LEVELS):
            # These sources are read out of the target's reservoir.
            out["reservoir_per_class"] = cfg.reservoir_per_class
        if out["shift"] in MIXED_LEVELS:
            out["font_share"] = cfg.mixed_font_share(out["shift"])
        if out["shift"] == HANDWRITING_SOURCE:  # Table 1's handwritten share, without fonts
            out["font_share"] = cfg.mixed_font_share(cfg.table_level)
        if matched:
            # Marks the source apart in the results and labels; the pretraining reads only
            # its shorter length (as budget_scale marks the budget axis's runs).
            out["passes_matched"] = True
    return out


def arm_config(
    cfg: TransferConfig,
    arm: str,
    size: int,
    seed: int,
    device: str | None = None,
    level: str | None = None,
    folds: int | None = None,
    pilot: bool = False,
) -> dict[str, Any]:
    """What decides one arm run. Scratch trains ``scratch_budget_scale`` times the declared
    budget, except in the pilot (``pilot``), which fixed Table 1's size on the budget and the
    pretraining it ran with, before scratch's budget was scaled and pretraining lengthened."""
    device = device or resolve_device(cfg.device)
    scale = 1.0 if pilot or arm != "scratch" else cfg.scratch_budget_scale
    out = {
        **_common(cfg, device),
        "arm": arm,
        "size": size,
        "seed": seed,
        "val_per_class": cfg.val_per_class,
        "pool_per_class": cfg.pool_per_class,
        "epochs": round(cfg.epochs * scale),
        "min_steps": round(cfg.min_steps * scale),
        "eval_points": cfg.eval_points,
        "extension": cfg.extension,
        "lr_grid": list(cfg.lr_grid_of(arm)),
        "wd_grid": list(cfg.wd_grid),
        "augment_grid": list(cfg.augment_grid),
        "joint_regularisation": cfg.joint_regularisation,
        "folds": cfg.folds if folds is None else folds,
        # Scratch does not depend on the pretraining, so its key does not either:
        # one scratch run serves every shift level.
        "pretrain": (
            pretrain_config(cfg, seed, device, level, pilot)
            if ARM_SPEC[arm]["pretrained"]
            else None
        ),
    }
    if ARM_SPEC[arm].get("probe_first"):
        out["lpft_probe_steps"] = cfg.lpft_probe_steps
        out["lpft_probe_lr"] = cfg.lpft_probe_lr
    if cfg.dataset == "digits":
        out["reservoir_per_class"] = cfg.reservoir_per_class
    return out


def baseline_config(
    cfg: TransferConfig, size: int, seed: int, folds: int | None = None
) -> dict[str, Any]:
    """What decides a baseline run: the seed's target subset, the grids, the folds.

    No source, no device, no network: one run serves every shift level.
    """
    out = {
        "dataset": cfg.dataset,
        "image_size": cfg.image_size,
        "num_classes": cfg.num_classes,
        "size": size,
        "seed": seed,
        "val_per_class": cfg.val_per_class,
        "pool_per_class": cfg.pool_per_class,
        "folds": cfg.folds if folds is None else folds,
        "baselines": list(cfg.baselines),
        "logreg_c_grid": list(cfg.logreg_c_grid),
        "svm_c_grid": list(cfg.svm_c_grid),
        "svm_gamma_grid": list(cfg.svm_gamma_grid),
        "knn_k_grid": list(cfg.knn_k_grid),
        "threads": cfg.threads,
    }
    if cfg.dataset == "digits":
        out["test_per_class"] = cfg.test_per_class
        out["reservoir_per_class"] = cfg.reservoir_per_class
    else:
        out["data_root"] = cfg.data_root
        out["data_sha256"] = data_checksums(cfg)
    return out


def baseline_task(config: dict[str, Any]) -> Task:
    return Task(
        kind=BASELINE_KIND,
        config=config,
        runner=run_baseline,
        label=f"baseline/n{config['size']}/k{config['folds']}/seed{config['seed']}",
    )


def baseline_specs(cfg: TransferConfig) -> list[tuple[int, int, int]]:
    """``(size, seed, folds)`` of every baseline run: Table 1's, the handwriting control's
    (on the same images as its scratch runs), then the target-size sweep's."""
    if not cfg.baselines:
        return []
    out = [(cfg.table_size, seed, cfg.folds) for seed in cfg.seeds]
    hand = handwriting_size(cfg)
    if hand is not None:
        out += [(hand, seed, cfg.folds) for seed in cfg.seeds]
    out += [
        (size, seed, cfg.shift_folds) for size in cfg.target_sizes for seed in cfg.shift_seed_list
    ]
    return list(dict.fromkeys(out))


def pretrain_task(config: dict[str, Any]) -> Task:
    return Task(
        kind=PRETRAIN_KIND,
        config=config,
        runner=run_pretrain,
        label=f"pretrain/{source_name(config)}/seed{config['seed']}",
    )


def arm_task(config: dict[str, Any]) -> Task:
    # An arm waits only for its own seed's pretraining (scratch for none), so
    # a pool starts arms while the other seeds are still pretraining.
    needs = (pretrain_task(config["pretrain"]),) if config["pretrain"] else ()
    level = source_name(config["pretrain"]) if config["pretrain"] else "-"
    return Task(
        kind=ARM_KIND,
        config=config,
        runner=run_arm,
        label=f"{config['arm']}/{level}/n{config['size']}/k{config['folds']}/seed{config['seed']}"
        + (f"/budget x{config['budget_scale']:g}" if "budget_scale" in config else ""),
        needs=needs,
    )


def check_data(cfg: TransferConfig) -> int:
    """Refuse ``cfg`` if its data are missing or too small; return the pool per class."""
    pool = pool_size(cfg)
    too_big = [s for s in (*cfg.all_sizes, *cfg.pilot_sizes, *cfg.budget_sizes) if s > pool]
    check(
        not too_big,
        f"target size {too_big[0] if too_big else ''!r} images per class is larger than the pool "
        f"of {pool} per class for dataset {cfg.dataset!r}; valid sizes: 1..{pool}",
    )
    hand = handwriting_size(cfg)
    check(
        hand is None or hand <= pool,
        f"the handwriting control trains scratch on {hand} images per class (Table 1's size "
        f"plus its source's handwriting), more than the pool of {pool} per class; set "
        "handwriting_control to false or pool_per_class higher",
    )
    return pool


# The parts of the design, each where its question is.
PARTS = ("pilot", "table", "hand", "hand_source", "hand_matched", "pure", "claim", "shift")


def source_handwriting(cfg: TransferConfig) -> int:
    """The handwritten images per class Table 1's source holds (0 unless it is a mixed one)."""
    if cfg.dataset != "digits" or cfg.table_level not in MIXED_LEVELS:
        return 0
    hand, _ = datasets.mixed_counts(cfg.reservoir_per_class, cfg.mixed_font_share(cfg.table_level))
    return hand


def handwriting_size(cfg: TransferConfig) -> int | None:
    """Table 1's size plus the handwritten images per class its source holds: the size of
    the handwriting control's scratch runs (None when it does not run)."""
    if not cfg.handwriting_control or "scratch" not in cfg.all_arms:
        return None
    hand = source_handwriting(cfg)
    return cfg.table_size + hand if hand else None


def hand_source_arms(cfg: TransferConfig) -> tuple[str, ...]:
    """The arms trained from Table 1's handwriting alone: those of the config's
    ``handwriting_source_arms`` it runs (none when Table 1's source holds no handwriting)."""
    if not source_handwriting(cfg):
        return ()
    return tuple(a for a in cfg.all_arms if a in cfg.handwriting_source_arms)


def matched_epochs(cfg: TransferConfig) -> int:
    """Pretraining epochs at which a source of Table 1's handwriting alone passes over each
    image as often as Table 1's source does: every source's epoch draws as many images, so
    the epochs scale with the handwriting's share of that source (at least 1)."""
    hand = source_handwriting(cfg)
    return max(1, round(cfg.pretrain_epochs * hand / cfg.reservoir_per_class)) if hand else 0


def hand_matched_arms(cfg: TransferConfig) -> tuple[str, ...]:
    """The arms trained from the handwriting alone at Table 1's passes: the
    :func:`hand_source_arms`, when ``handwriting_matched`` asks for it and the passes differ
    from the other source's (otherwise the two would be one run)."""
    if not cfg.handwriting_matched or matched_epochs(cfg) == cfg.pretrain_epochs:
        return ()
    return hand_source_arms(cfg)


def source_name(pretrain: dict[str, Any]) -> str:
    """The results index's name of the source a pretraining config trains on: its shift
    level or dataset, and :data:`HANDWRITING_MATCHED` for the handwriting alone at Table 1's
    passes (the same data as ``HANDWRITING_SOURCE``, a shorter pretraining)."""
    if pretrain.get("passes_matched"):
        return HANDWRITING_MATCHED
    return pretrain.get("shift", pretrain["dataset"])


def arm_specs(cfg: TransferConfig) -> list[tuple[str, str, str, int, int, int]]:
    """``(part, arm, level, size, seed, folds)`` of every arm run, in plan order.

    - pilot: scratch and fine-tuning at each pilot size on the pilot seeds
      (disjoint from the reported ones), Table 1's shift and folds: what
      fixes Table 1's size and seed count;
    - table: every arm at Table 1's size and shift, all seeds, k-fold CV;
    - hand: scratch at :func:`handwriting_size` on Table 1's seeds: what the handwriting
      Table 1's source holds gives as labelled target images;
    - hand_source: the config's ``hand_source_arms`` at Table 1's size and seeds, from a
      source of Table 1's handwriting alone (``HANDWRITING_SOURCE``): what its fonts add;
    - hand_matched: the same arms from that source pretrained for as many passes over each
      image as Table 1's source makes (``HANDWRITING_MATCHED``): the fonts' share at
      equal passes;
    - pure: every transferred arm at Table 1's size on the font-only ``pure_shift``, on
      Table 1's seeds the shift axis does not run (scratch is Table 1's own run);
    - claim: fine-tuning and LP-FT on the no-shift control at Table 1's size, all
      seeds: the second claim's other level; and on the fresh ``claim_seeds``, scratch
      and both arms at both levels: where the second claim is judged (:mod:`.analysis_plan`);
    - shift: scratch, fine-tuning and LP-FT at every shift level and target
      size, the first ``shift_seeds`` seeds, ``shift_folds`` folds.
    """
    pair = [a for a in ("scratch", "finetune") if a in cfg.all_arms]
    sweep = [a for a in ("scratch", "finetune", "lpft") if a in cfg.all_arms]
    out = []
    for size in cfg.pilot_sizes:
        for seed in cfg.pilot_seeds:
            out += [("pilot", a, cfg.table_level, size, seed, cfg.folds) for a in pair]
    for seed in cfg.seeds:
        out += [
            ("table", a, cfg.table_level, cfg.table_size, seed, cfg.folds) for a in cfg.all_arms
        ]
    hand = handwriting_size(cfg)
    if hand is not None:
        out += [("hand", "scratch", cfg.table_level, hand, s, cfg.folds) for s in cfg.seeds]
    for seed in cfg.seeds:
        out += [
            ("hand_source", a, HANDWRITING_SOURCE, cfg.table_size, seed, cfg.folds)
            for a in hand_source_arms(cfg)
        ]
    for seed in cfg.seeds:
        out += [
            ("hand_matched", a, HANDWRITING_MATCHED, cfg.table_size, seed, cfg.folds)
            for a in hand_matched_arms(cfg)
        ]
    for seed in cfg.pure_seed_list:
        out += [
            ("pure", a, cfg.pure_level, cfg.table_size, seed, cfg.folds)
            for a in cfg.all_arms
            if a != "scratch"
        ]
    # The second claim: the transferred arms on the no-shift control at Table 1's size.
    # On every seed of Table 1 (the subtlest level is Table 1's own; scratch is shared): the
    # round that showed a partial loss, shown beside the verdict. On the fresh claim seeds,
    # both levels and scratch: where this revision of the plan judges it.
    if cfg.dataset == "digits" and CONTROL_LEVEL in cfg.levels and cfg.table_level != CONTROL_LEVEL:
        claim = [a for a in SECOND_CLAIM_ARMS if a in cfg.all_arms]
        for seed in cfg.seeds:
            out += [("claim", a, CONTROL_LEVEL, cfg.table_size, seed, cfg.folds) for a in claim]
        for seed in cfg.claim_seeds:
            out += [("claim", "scratch", cfg.table_level, cfg.table_size, seed, cfg.folds)]
            for level in (CONTROL_LEVEL, cfg.table_level):
                out += [("claim", a, level, cfg.table_size, seed, cfg.folds) for a in claim]
    for size in cfg.target_sizes:
        for seed in cfg.shift_seed_list:
            for level in cfg.levels:
                out += [("shift", a, level, size, seed, cfg.shift_folds) for a in sweep]
    return out


# The arms of the budget axis: the first claim's headline pair and LP-FT.
BUDGET_ARMS = ("scratch", "finetune", "lpft")


def budget_specs(cfg: TransferConfig) -> list[tuple[float, str, int, int, str]]:
    """``(scale, arm, size, seed, level)`` of every budget-axis run (shift folds), for each
    of the budget axis's sources (scratch's runs name Table 1's level; they never see one)."""
    arms = [a for a in BUDGET_ARMS if a in cfg.all_arms]
    if arms == ["scratch"]:  # nothing transferred to compare it with
        return []
    out = [
        (scale, arm, size, seed, level)
        for level in cfg.budget_levels
        for scale in cfg.budget_scales
        for size in cfg.budget_sizes
        for seed in cfg.shift_seed_list
        for arm in arms
        if arm != "scratch" or level == cfg.table_level
    ]
    # The font-only claim's own seeds at its size: scratch (named at Table 1's level, as
    # every scratch run is) and the transferred arms from the font-only source.
    if cfg.budget_pure_claim and len(cfg.budget_levels) > 1:
        out += [
            (scale, arm, cfg.table_size, seed, cfg.table_level if arm == "scratch" else level)
            for level in cfg.budget_levels[1:]
            for scale in cfg.budget_scales
            for seed in cfg.pure_seed_list
            for arm in arms
        ]
    return out


def budget_config(
    cfg: TransferConfig,
    scale: float,
    arm: str,
    size: int,
    seed: int,
    level: str,
    device: str | None = None,
) -> dict[str, Any]:
    """An arm run trained ``scale`` times the declared budget from ``level``'s source. It logs
    as densely per budget and is stopped early by the same rule; nothing past its budget is
    read, so it trains no extension. ``budget_scale`` marks it (the declared runs' keys do not
    carry the field)."""
    out = arm_config(cfg, arm, size, seed, device, level, cfg.shift_folds)
    out.update(
        epochs=round(cfg.epochs * scale),
        min_steps=round(cfg.min_steps * scale),
        extension=0.0,
        budget_scale=scale,
    )
    return out


def plan(cfg: TransferConfig) -> list[list[Task]]:
    """Stage 1: a pretraining per (shift level, seed); stage 2: every arm run, once each.

    Each arm task names the pretraining it needs, so executors that honour
    ``Task.needs`` do not wait for the whole first stage. The non-deep
    baselines need nothing and run with the arms.
    """
    check_data(cfg)
    device = resolve_device(cfg.device)
    arms, pre, seen = [], [], set()
    for size, seed, folds in baseline_specs(cfg):
        task = baseline_task(baseline_config(cfg, size, seed, folds))
        if task.key not in seen:
            seen.add(task.key)
            arms.append(task)
    configs = [
        arm_config(cfg, arm, size, seed, device, level, folds, pilot=part == "pilot")
        for part, arm, level, size, seed, folds in arm_specs(cfg)
    ]
    configs += [budget_config(cfg, *spec, device=device) for spec in budget_specs(cfg)]
    for config in configs:
        task = arm_task(config)
        if task.key not in seen:
            seen.add(task.key)
            arms.append(task)
            if task.needs and task.needs[0].key not in seen:
                seen.add(task.needs[0].key)
                pre.append(task.needs[0])
    return [stage for stage in (pre, arms) if stage]
