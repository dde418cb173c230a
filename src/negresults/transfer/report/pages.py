"""Every value Study B's chapters glue, keyed in full (grep a key seen in a chapter to land here).

One function per chapter; each returns ``{glue key: value}`` (text, a table or
a figure). :func:`negresults.transfer.report.prose.numbers` computes the
formatted numbers once; this module only says which page shows which, under
which key.
"""

from __future__ import annotations

from typing import Any

from negresults.reporting import fmt, format_value, number
from negresults.transfer.compute import data, train
from negresults.transfer.config import (
    ARM_LABELS,
    ARMS,
    BASELINE_LABELS,
    CONTROL_LEVEL,
    HANDWRITING_MATCHED,
    LEVEL_LABELS,
    TransferConfig,
    seed_range,
)
from negresults.transfer.names import HANDWRITING_SOURCE
from negresults.transfer.plan import hand_matched_arms, matched_epochs, pool_size
from negresults.transfer.report import claims, figures, prose, tables
from negresults.transfer.report.results import Results
from negresults.transfer.report.words import (
    BUDGET_PHRASES,
    RULE_DETAILS,
    SELECTION_PHRASES,
    SHORT,
    and_list,
    selection_words,
)


def design(results: Results) -> dict[str, str]:
    """What the plan ran, per part, and what it cost (summed single-thread run times): every
    stored run the plan holds, the budget axis's and the non-deep baselines' included."""
    cfg = results.cfg
    every = [
        *results.runs.values(),
        *results.budgets.values(),
        *results.pretrains.values(),
        *results.baselines.values(),
    ]
    seconds = [r.info.get("seconds", float("nan")) for r in every]
    known = [s for s in seconds if s == s]
    return {
        "n_arm_runs": str(len(results.runs)),
        "n_budget_runs": str(len(results.budgets)),
        "n_baseline_runs": str(len(results.baselines)),
        "n_pretrains": str(len(results.pretrains)),
        "grid_points": grid_points(cfg),
        "core_minutes": f"{sum(known) / 60:.1f}" if known else "not recorded",
        "timed_runs": (
            "summed over every run"
            if len(known) == len(every)
            else f"summed over the {len(known)} of {len(every)} runs whose time the store recorded"
        ),
    }


def grid_points(cfg: TransferConfig) -> str:
    """How many grid points an arm trains ('24', or '24 (28 for LP-FT)')."""
    pairs = (
        len(cfg.wd_grid) if cfg.joint_regularisation else len(cfg.wd_grid) * len(cfg.augment_grid)
    )
    counts: dict[int, list[str]] = {}
    for arm in cfg.all_arms:
        if len(cfg.lr_grid_of(arm)) != len(cfg.lr_grid):
            counts.setdefault(len(cfg.lr_grid_of(arm)) * pairs, []).append(SHORT[arm])
    own = [f"{n} for {' and for the '.join(arms)}" for n, arms in counts.items()]
    return str(len(cfg.lr_grid) * pairs) + (f" ({'; '.join(own)})" if own else "")


def pilot_pretraining(cfg: TransferConfig) -> str:
    """The sentence on the pilot's pretraining, when it differs from the reported runs'."""
    if (cfg.pilot_pretrain_epochs, cfg.pilot_pretrain_lr) == (cfg.pretrain_epochs, cfg.pretrain_lr):
        return ""
    steps = tables.pretrain_batches_per_epoch(cfg)
    return (
        "The pilot, which fixed Table 1's size before pretraining was lengthened, keeps the "
        f"pretraining it ran with: {cfg.pilot_pretrain_epochs * steps} batches at learning "
        f"rate {number(cfg.pilot_pretrain_lr)}."
    )


def budget_binds(cfg: TransferConfig) -> str:
    """Which half of the budget rule sets the steps at the sizes this preset runs."""
    sizes = sorted({*cfg.all_sizes, *cfg.pilot_sizes})
    per_pass = [-(-size * cfg.num_classes // cfg.batch_size) for size in sizes]
    floor = [cfg.epochs * p <= cfg.min_steps for p in per_pass]
    if all(floor):
        return (
            f"At every size this preset runs (up to {sizes[-1] * cfg.num_classes} images, "
            f"{per_pass[-1]} step{'' if per_pass[-1] == 1 else 's'} a pass), the floor is at "
            "least as large, so every transferred "
            f"arm's budget is {cfg.min_steps} steps: {cfg.min_steps // per_pass[0]} passes "
            f"at {sizes[0]} images per class."
        )
    if not any(floor):
        return "At every size this preset runs, the passes are the larger."
    small = [s for s, f in zip(sizes, floor, strict=True) if f]
    return (
        f"The floor is the larger at {and_list([str(s) for s in small])} images per class, "
        "the passes above."
    )


def pilot_schedule(cfg: TransferConfig) -> str:
    """The pilot's budget and pretraining beside the reported runs', in words."""
    steps = tables.pretrain_batches_per_epoch(cfg)
    scratch = (
        f"scratch at the transferred arms' budget, not {format_value(cfg.scratch_budget_scale)} "
        "times it"
        if cfg.scratch_budget_scale != 1
        else "scratch at the same budget as the other arms"
    )
    pretrain = (
        f"pretraining of {cfg.pilot_pretrain_epochs * steps} batches at rate "
        f"{number(cfg.pilot_pretrain_lr)}, not {cfg.pretrain_epochs * steps} at "
        f"{number(cfg.pretrain_lr)}"
        if (cfg.pilot_pretrain_epochs, cfg.pilot_pretrain_lr)
        != (cfg.pretrain_epochs, cfg.pretrain_lr)
        else "the same pretraining"
    )
    return f"{scratch}, and {pretrain}"


def nondeep_widened(cfg: TransferConfig) -> str:
    """The sentence on the declared non-deep grids' high ends, added before this round's runs
    (nothing when a run gives its own grids)."""
    declared = TransferConfig()
    if (cfg.logreg_c_grid, cfg.svm_gamma_grid) != (declared.logreg_c_grid, declared.svm_gamma_grid):
        return ""
    return (
        "The two largest values of the logistic regression's C and of the SVM's gamma were "
        "added before this round's runs, after chosen settings had sat on those high ends in "
        "an earlier round, where a wider grid could still find a better one."
    )


def own_rates(cfg: TransferConfig) -> str:
    """The sentences naming the arms' extra rates (LP-FT's low, the linear probe's high), or
    that every arm shares the grid."""
    said = []
    if "lpft" in cfg.arms and cfg.lpft_low_lrs:
        rates = " and ".join(number(lr) for lr in cfg.lpft_low_lrs)
        said.append(
            f"LP-FT alone also chooses from the lower rates {rates}: its fine-tuning stage "
            "starts from a fitted head and, in an earlier round, chose the grid's bottom rate."
        )
    if "linear_probe" in cfg.arms and cfg.probe_high_lrs:
        rates = and_list([number(lr) for lr in cfg.probe_high_lrs])
        said.append(
            f"The linear probe alone also chooses from the higher rates {rates}: in earlier "
            "rounds it chose its grid's top rate, so its selection data allowed a rate above "
            "the grid."
        )
    return " ".join(said) or "Every arm chooses from the same rates."


def regularisation_rule(cfg: TransferConfig) -> str:
    """How weight decay and augmentation enter the grid, in words."""
    if cfg.joint_regularisation:
        pairs = "; ".join(
            f"decay {wd:g} with augmentation {aug}"
            for wd, aug in zip(cfg.wd_grid, cfg.augment_grid, strict=True)
        )
        return (
            f"weight decay and augmentation are tuned as one switch, to halve the cost ({pairs}), "
            "crossed with every learning rate"
        )
    return "every learning rate, weight decay and augmentation are crossed"


def baseline_grids(cfg: TransferConfig) -> str:
    """Each non-deep baseline and the settings it chooses from, in words."""
    grids = {
        "logreg": f"inverse regularisation C in {format_value(cfg.logreg_c_grid)}",
        "svm": (
            f"C in {format_value(cfg.svm_c_grid)} crossed with width gamma in "
            f"{format_value(cfg.svm_gamma_grid)}"
        ),
        "knn": f"k in {format_value(cfg.knn_k_grid)} neighbours",
    }
    parts = [f"{prose.in_sentence(BASELINE_LABELS[b])} ({grids[b]})" for b in cfg.baselines]
    return "; ".join(parts) if parts else "none (no baseline is run)"


def arms_table(cfg: TransferConfig):
    """Each arm as the Method page shows it: what it starts from, what trains, its head."""
    import pandas as pd

    from negresults.transfer.compute import model

    params = {
        "channels": cfg.channels,
        "image_size": cfg.image_size,
        "width": cfg.width,
        "feature_dim": cfg.feature_dim,
        "num_classes": cfg.num_classes,
    }
    rows = []
    for arm in ARMS:
        spec = model.ARM_SPEC[arm]
        state = None if arm == "scratch" else model.build("scratch", params, 0, None).state_dict()
        net = model.build(arm, params, 0, state)
        trainable = sum(p.numel() for p in net.parameters() if p.requires_grad)
        if spec["frozen"]:
            trains = "the head only; backbone frozen"
        elif spec.get("probe_first"):
            trains = "the head alone first, then everything"
        else:
            trains = "everything"
        head = "linear" if spec["head"] == "linear" else "one hidden layer"
        if spec["frozen"] or spec.get("probe_first"):
            head += ", on normalised features"
        rows.append(
            {
                "Arm": ARM_LABELS[arm],
                "backbone starts from": (
                    "pretrained on the source" if spec["pretrained"] else "random initialisation"
                ),
                "trained on the target": trains,
                "head": head,
                "trainable parameters": trainable,
            }
        )
    return pd.DataFrame(rows).set_index("Arm")


def method(cfg: TransferConfig, results: Results) -> dict[str, Any]:
    d = design(results)
    n = prose.numbers(results)
    return {
        "tr_m_arms": arms_table(cfg),
        "tr_m_n_declared": str(sum(lv != CONTROL_LEVEL for lv in data.SHIFT_LEVELS)),
        "tr_m_n_real": n["n_levels"],
        "tr_m_real_levels": n["levels"],
        "tr_m_control": n["control"],
        "tr_m_control_run": "runs" if CONTROL_LEVEL in cfg.levels else "does not run",
        "tr_m_mixed_shares": " and ".join(f"{100 * f:g}%" for f in cfg.mixed_font_shares),
        "tr_m_budget_rule": BUDGET_PHRASES[cfg.budget_rule].format(patience=cfg.patience),
        "tr_m_patience": str(cfg.patience),
        "tr_m_extension": f"{100 * cfg.extension:g}",
        "tr_m_max_gain": f"{prose.MAX_GAIN:g}",
        "tr_m_budget_scales": " and ".join(f"{b:g}" for b in cfg.budget_scales) or "no other",
        "tr_m_budget_sizes": " and ".join(map(str, cfg.budget_sizes)) or "no",
        "tr_m_budget_sources": (
            "from Table 1's source and from the source without target images"
            if len(cfg.budget_levels) > 1
            else "from Table 1's source"
        ),
        "tr_m_lpft_steps": str(cfg.lpft_probe_steps),
        "tr_m_pure_level": (
            LEVEL_LABELS.get(cfg.pure_level, cfg.pure_level) if cfg.pure_level else "(not run)"
        ),
        "tr_m_pure_seeds": (
            f"seeds {seed_range(cfg.pure_seed_list)}" if cfg.pure_seed_list else "no seed"
        ),
        "tr_m_hand_part": prose.handwriting_part(cfg),
        "tr_m_hand_source_part": prose.hand_source_part(cfg),
        "tr_m_hand_matched_part": prose.hand_matched_part(cfg),
        "tr_m_pretrain_except": (
            (
                ", except the pilot's (below) and the handwriting-only source at Table 1's "
                if (cfg.pilot_pretrain_epochs, cfg.pilot_pretrain_lr)
                != (cfg.pretrain_epochs, cfg.pretrain_lr)
                else ", except the handwriting-only source at Table 1's "
            )
            + "passes (the eighth part below), which runs "
            + f"{matched_epochs(cfg) * tables.pretrain_batches_per_epoch(cfg)}"
            if hand_matched_arms(cfg)
            else ""
        ),
        "tr_m_pretrain_steps": str(cfg.pretrain_epochs * tables.pretrain_batches_per_epoch(cfg)),
        "tr_m_pretrain_lr": number(cfg.pretrain_lr),
        "tr_m_epoch_images": str(cfg.source_per_class * cfg.num_classes),
        "tr_m_epoch_batches": str(tables.pretrain_batches_per_epoch(cfg)),
        "tr_m_pilot_pretrain": pilot_pretraining(cfg),
        "tr_m_reservoir_per_class": str(cfg.reservoir_per_class),
        "tr_m_source_per_class": str(cfg.source_per_class),
        "tr_m_lpft_lr": f"{cfg.lpft_probe_lr:g}",
        "tr_m_baselines": baseline_grids(cfg),
        "tr_m_nondeep_widened": nondeep_widened(cfg),
        "tr_m_selection_words": selection_words(cfg.selection, cfg.selection_rule),
        "tr_m_protocol_words": SELECTION_PHRASES[cfg.selection],
        "tr_m_rule_details": RULE_DETAILS[cfg.selection_rule],
        "tr_m_cv_status": (
            f"This preset runs it with {cfg.folds} folds for Table 1"
            if cfg.folds
            else "This preset does not run it"
        ),
        "tr_m_resize": (
            "They are used at their own size, 8 pixels square"
            if cfg.image_size == 8
            else f"They are resized to {cfg.image_size} pixels square"
        ),
        "tr_m_fonts": str(len(data.font_files())),
        "tr_m_image": str(cfg.image_size),
        "tr_m_source": str(cfg.source_per_class * cfg.num_classes),
        "tr_m_reservoir": str(cfg.reservoir_per_class * cfg.num_classes),
        "tr_m_test": str(cfg.test_per_class * cfg.num_classes),
        "tr_m_val": str(cfg.val_per_class * cfg.num_classes),
        "tr_m_pool": str(pool_size(cfg)),
        "tr_m_lrs": format_value(cfg.lr_grid),
        "tr_m_own_lrs": own_rates(cfg),
        "tr_m_wds": format_value(cfg.wd_grid),
        "tr_m_augs": format_value(cfg.augment_grid),
        "tr_m_aug_shift": f"{100 * train.AUGMENT_SHIFT:g}",
        "tr_m_grid_points": d["grid_points"],
        "tr_m_reg_rule": regularisation_rule(cfg),
        "tr_m_epochs": str(cfg.epochs),
        "tr_m_min_steps": str(cfg.min_steps),
        "tr_m_budget_binds": budget_binds(cfg),
        "tr_m_scratch_scale": f"{cfg.scratch_budget_scale:g}",
        "tr_m_batch": str(cfg.batch_size),
        "tr_m_eval_points": str(cfg.eval_points),
        "tr_m_folds": str(cfg.folds),
        "tr_m_shift_folds": str(cfg.shift_folds),
        "tr_m_preset": cfg.preset,
        "tr_m_total": str(sum(data.digits_class_counts())),
        "tr_m_rotation": f"{data.MAX_ROTATION_DEG:g}",
        "tr_m_scale": f"{data.MIN_SCALE:g} to {data.MIN_SCALE + data.SCALE_SPAN:g}",
        "tr_m_shift": f"{100 * data.MAX_SHIFT:g}",
        "tr_m_n_seeds": str(len(cfg.seeds)),
        "tr_m_shift_n": str(len(cfg.shift_seed_list)),
        "tr_m_claim_seeds": claim_seeds_text(cfg),
        "tr_m_shift_sizes": ", ".join(map(str, cfg.target_sizes)),
        "tr_m_pilot_seeds": ", ".join(map(str, cfg.pilot_seeds)),
        "tr_m_pilot_sizes": ", ".join(map(str, cfg.pilot_sizes)),
        "tr_m_table_size": str(cfg.table_size),
        "tr_m_table_level": n["table_level"],
        "tr_m_max_seeds": str(cfg.max_table_seeds),
        "tr_m_margin": f"{cfg.equivalence_margin:g}",
        "tr_m_arm_runs": d["n_arm_runs"],
        "tr_m_budget_runs": d["n_budget_runs"],
        "tr_m_baseline_runs": d["n_baseline_runs"],
        "tr_m_pretrains": d["n_pretrains"],
        "tr_m_core_minutes": d["core_minutes"],
        "tr_m_timed_runs": d["timed_runs"],
        "tr_m_cost": tables.cost_table(results),
        "tr_m_cost_words": prose.cost_words(results),
        "tr_samples": figures.samples(cfg),
        "tr_samples_caption": (
            "One source image per class at each shift level (rows, in the order designed), and target "
            "test images (bottom row)."
        ),
    }


def experiments(cfg: TransferConfig, results: Results) -> dict[str, Any]:
    n = prose.numbers(results)
    arm = prose.spec_arm(cfg)
    seed, seed_gain = figures.representative_seed(results, arm)
    split = figures.disagreements(results, arm, seed)
    counts = figures.disagreement_counts(results, arm)
    return {
        "tr_table_size": n["table_size"],
        "tr_table_level": n["table_level"],
        "tr_selection": n["selection"],
        "tr_table_images": n["table_images"],
        "tr_n_seeds": n["n_seeds"],
        "tr_paper_n": n["paper_n"],
        "tr_margin": n["margin"],
        "tr_pilot_seeds": n["pilot_seeds"],
        "tr_pilot_sizes": n["pilot_sizes"],
        "tr_pilot_size": n["pilot_size"],
        "tr_pilot_seeds_needed": n["pilot_seeds_needed"],
        "tr_pilot_agrees": n["pilot_agrees"],
        "tr_pilot_cap": str(cfg.max_table_seeds),
        "tr_pilot_schedule": pilot_schedule(cfg),
        "tr_pilot_premise": n["pilot_premise"],
        "tr_max_table_seeds": n["max_table_seeds"],
        "tr_pilot": tables.pilot(results),
        "tr_scratch_mean": n["scratch_mean"],
        "tr_scratch_std": n["scratch_std"],
        "tr_finetune_mean": n["finetune_mean"],
        "tr_finetune_std": n["finetune_std"],
        "tr_finetune_diff": n["finetune_diff"],
        "tr_finetune_diff_ci": n["finetune_diff_ci"],
        "tr_finetune_verdict": n["finetune_verdict"],
        "tr_paper_diff": n["paper_diff"],
        "tr_paper_diff_ci": n["paper_diff_ci"],
        "tr_paper_verdict": n["paper_verdict"],
        "tr_mdd": n["mdd"],
        "tr_table1": tables.table1(results),
        "tr_pure": tables.pure_table(results),
        "tr_pure_reading": prose.pure_reading(results),
        "tr_hand": tables.handwriting_table(results),
        "tr_hand_reading": prose.handwriting_reading(results),
        "tr_fonts": tables.fonts_table(results),
        "tr_fonts_reading": prose.fonts_reading(results),
        "tr_fonts_matched": tables.fonts_table(results, HANDWRITING_MATCHED),
        "tr_fonts_matched_reading": prose.fonts_matched_reading(results),
        "tr_pure_selection": prose.pure_selection(results),
        "tr_speed": tables.learning_speed(results),
        "tr_figure1": figures.figure1(results, arm=arm, seed=seed),
        "tr_figure1_caption": (
            "Our version of the paper's Figure 1, in both directions: target test images at "
            f"Table 1's size for seed {seed}, the seed whose gain from fine-tuning "
            f"({fmt(seed_gain, signed=True)} points) is the median over all "
            f"{len(cfg.seeds)} seeds. Left: the transferred (fine-tuned) model is wrong and the "
            "scratch model, trained on the same images in the same order, is right. Right: the "
            "reverse. Titles give the true digit, the transferred model's prediction (T) and the "
            "scratch model's (S)."
        ),
        "tr_fig1_seed": str(seed),
        "tr_fig1_gain": fmt(seed_gain, signed=True),
        "tr_fig1_t_wrong": str(len(split["arm_wrong_scratch_right"])),
        "tr_fig1_s_wrong": str(len(split["scratch_wrong_arm_right"])),
        "tr_fig1_n": str(len(split["label"])),
        "tr_fig1_all_t_wrong": str(counts["arm_wrong_scratch_right"]),
        "tr_fig1_all_s_wrong": str(counts["scratch_wrong_arm_right"]),
        "tr_fig1_all_n": str(counts["images"]),
        "tr_source_only_mean": n["source_only_mean"],
        "tr_against_source": prose.against_source_model(results),
        "tr_source_only_std": n["source_only_std"],
        "tr_nondeep_mean": n["nondeep_mean"],
        "tr_nondeep_std": n["nondeep_std"],
        "tr_nondeep_choice": n["nondeep_choice"],
        "tr_competence": prose.competence(results),
        "tr_lpft_mean": n["lpft_mean"],
        "tr_lpft_std": n["lpft_std"],
        "tr_lpft_diff": n["lpft_diff"],
        "tr_lpft_diff_ci": n["lpft_diff_ci"],
        "tr_lpft_verdict": n["lpft_verdict"],
        "tr_lpft_vs_probe": prose.lpft_against_probe(results),
        "tr_baselines": tables.baselines_table(results),
        "tr_size_sweep": tables.size_sweep(results),
        "tr_control": n["control"],
        "tr_control_source_only": n["control_source_only"],
        "tr_subtle_drop_ci": n["subtle_drop_ci"],
        "tr_hard_drop": n["hard_drop"],
        "tr_n_levels": n["n_levels"],
        "tr_levels": n["levels"],
        "tr_shift_sizes": n["shift_sizes"],
        "tr_shift_n": n["shift_n"],
        "tr_subtle_level": n["subtle_level"],
        "tr_subtle_drop": n["subtle_drop"],
        "tr_subtle_source_only": n["subtle_source_only"],
        "tr_hard_level": n["hard_level"],
        "tr_hard_source_only": n["hard_source_only"],
        "tr_table_source_sentence": n["table_source_sentence"],
        "tr_shift_order": prose.shift_order(results),
        "tr_shift_cells": n["shift_cells"],
        "tr_shift_benefit": n["shift_benefit"],
        "tr_shift_harm": n["shift_harm"],
        "tr_shift_no_benefit": n["shift_no_benefit"],
        "tr_shift_inconclusive": n["shift_inconclusive"],
        "tr_shift_untestable": n["shift_untestable"],
        "tr_shift_table": tables.shift_table(results),
        "tr_shift_figure": figures.shift_figure(results),
        "tr_shift_figure_caption": (
            "Fine-tune minus scratch (test accuracy points, seed-paired) against target images "
            "per class, one line per shift level, band: 95% CI. The legend gives each level's "
            "source-only accuracy on the target."
        ),
        "tr_spec_figure": figures.spec_figure(results, arm),
        "tr_spec_figure_caption": (
            f"The specification curve at Table 1's size and source ({n['n_seeds']} seeds). Top: "
            f"{prose.SHORT[arm]} minus scratch with its 95% CI, one point per way of choosing "
            "settings, sorted; colour gives the verdict, hollow points read the oracle (an upper "
            "bound); dotted lines: the margin; grey band: Table 1's own analysis. Bottom: the "
            "choices each one made."
        ),
        "tr_spec_grid_figure": figures.spec_grid_figure(results, arm),
        "tr_spec_grid_figure_caption": (
            f"Every analysis of the specification curve: one panel per source (rows: the no-shift "
            "control, then the shift levels in the order designed) and target size (columns), each "
            f"showing {prose.SHORT[arm]} minus scratch (points, 95% CI) under every way of "
            "choosing settings, sorted by the estimate. Colour gives the verdict; hollow points "
            "read the oracle (an upper bound); dotted lines: the margin; the framed panel is "
            "Table 1's. Each panel gives the seeds it reads and has its own vertical scale, "
            "set by its estimates (an interval that runs past the panel is cut at its edge)."
        ),
        "tr_spec_cells": tables.spec_cells(results, arm),
        "tr_spec_n": str(len(tables.spec_curve(results, arm))),
        "tr_spec_ways": str(len(tables.specs(cfg))),
        "tr_spec_sizes": ", ".join(map(str, cfg.all_sizes)),
        "tr_spec_seeds": prose.spec_seeds(results, arm),
        "tr_spec_flips": n["spec_flips"],
        "tr_budget_axis": tables.budget_axis(results),
        "tr_budget_sentence": n["budget_sentence"],
        "tr_budget_pure_axis": tables.budget_axis(results, cfg.pure_level),
        "tr_budget_seeds": str(len(cfg.shift_seed_list)),
        "tr_budget_pure_level": (
            prose.level_label(cfg.pure_level)
            if len(cfg.budget_levels) > 1
            else "none (not run with these parameters)"
        ),
        "tr_budget_pure_sentence": n["budget_pure_sentence"],
        "tr_budget_pure_claim": prose.budget_pure_claim(results),
        "tr_budget_pure_table": tables.pure_budget_table(results),
        "tr_budget_scales": ", ".join(f"{b:g}" for b in cfg.budget_scales) or "none",
        "tr_scratch_scale": f"{cfg.scratch_budget_scale:g}",
        "tr_lr_edges": n["lr_edges"],
        "tr_lr_grid": n["lr_grid"],
        "tr_lr_edge_reading": prose.lr_edge_reading(results),
        "tr_lr_widening": prose.widening_words(results)
        or "No arm's grid reaches past the others'.",
    }


def claim_seeds_text(cfg: TransferConfig) -> str:
    """The second claim's own seeds in words: "94 seeds of its own (200 to 293)"."""
    n = len(cfg.claim_seeds)
    if n == 1:
        return f"one seed of its own ({cfg.claim_seeds[0]})"
    return f"{n} seeds of its own ({seed_range(cfg.claim_seeds)})"


def second_seeds_words(cfg: TransferConfig) -> str:
    """What the second claim's per-seed table holds, in words (or that it did not run)."""
    levels = claims.second_claim_levels(cfg)
    if levels is None or not cfg.claim_seeds:
        return "The second claim did not run with these parameters, so it has no seeds to show."
    control, subtlest = levels
    return (
        f"The second claim, seed by seed: test accuracy (%) at {cfg.table_size} images per "
        f"class under Table 1's protocol, on {claim_seeds_text(cfg)}. Scratch sees no source, "
        "so its one run per seed is the reference at both levels; each transferred arm trains "
        f"once from the {LEVEL_LABELS[control]} and once from the subtlest real level, "
        f"{LEVEL_LABELS[subtlest]}. For each arm, the benefit a seed loses is its accuracy "
        "without a shift minus its accuracy at the subtlest shift (scratch cancels)."
    )


def conclusion(cfg: TransferConfig, results: Results) -> dict[str, Any]:
    n = prose.numbers(results)
    return {
        "tr_c_source_split": prose.source_model_split(results),
        "tr_c_hand_split": prose.handwriting_headline(results),
        "tr_c_hand_agree": prose.handwriting_agreement(results),
        "tr_c_second_agree": prose.second_claim_agreement(results),
        "tr_c_pure_reading": prose.pure_reading(results),
        "tr_c_pure_agree": prose.pure_agreement(results),
        "tr_c_table_agree": prose.agreement_words(claims.judged(results)),
        # Claim 1 per arm on each source, and claim 2 per arm: each a test at its own level.
        "tr_c_n_tests": str(
            len(claims.judged(results))
            + len(claims.judged_pure(results))
            + len(claims.second_claims(results))
        ),
        "tr_c_size_reading": prose.size_reading(results),
        "tr_c_table_size": n["table_size"],
        "tr_c_table_level": n["table_level"],
        "tr_c_selection": n["selection"],
        "tr_c_n_seeds": n["n_seeds"],
        "tr_c_paper_n": n["paper_n"],
        "tr_c_margin": n["margin"],
        "tr_c_finetune_diff": n["finetune_diff"],
        "tr_c_finetune_diff_ci": n["finetune_diff_ci"],
        "tr_c_paper_diff_ci": n["paper_diff_ci"],
        "tr_c_paper_verdict": n["paper_verdict"],
        "tr_c_mdd": n["mdd"],
        "tr_c_seeds_needed": n["seeds_needed"],
        "tr_c_verdict": n["verdict"],
        "tr_c_agreement": n["agreement"],
        "tr_c_subtle_level": n["subtle_level"],
        "tr_c_subtle_drop": n["subtle_drop"],
        "tr_c_shift_cells": n["shift_cells"],
        "tr_c_shift_benefit": n["shift_benefit"],
        "tr_c_shift_harm": n["shift_harm"],
        "tr_c_shift_no_benefit": n["shift_no_benefit"],
        "tr_c_shift_inconclusive": n["shift_inconclusive"],
        "tr_c_shift_untestable": n["shift_untestable"],
        "tr_c_spec_flips": n["spec_flips_short"],
        "tr_c_lr_edges": n["lr_edge_count"],
        "tr_c_lr_edges_top": str(tables.lr_edge_picks_top_score(results)),
        "tr_c_lr_tied": prose.lr_tied_edge_short(results),
        "tr_c_budget_gain": prose.budget_gain_short(results),
        "tr_c_cut_short": n["cut_short"],
        "tr_c_pure_cut_short": n["pure_cut_short"],
        "tr_c_pretraining_unfinished": prose.pretraining_unfinished(results),
        "tr_c_lpft_diff": n["lpft_diff"],
        "tr_c_lpft_diff_ci": n["lpft_diff_ci"],
        "tr_c_lpft_verdict": n["lpft_verdict"],
        "tr_c_source_only_mean": n["source_only_mean"],
        "tr_c_nondeep_mean": n["nondeep_mean"],
        "tr_c_scratch_mean": n["scratch_mean"],
        "tr_c_subtle_drop_ci": n["subtle_drop_ci"],
        "tr_c_control": n["control"],
        "tr_claims": prose.claims_with_fragility(results),
        "tr_second_claims": claims.second_claims_table(results),
        "tr_c_claim_seeds": claim_seeds_text(cfg),
        "tr_c_budget_sentence": prose.budget_verdicts(results),
        "tr_c_budget_pure": prose.budget_pure_short(results),
        "tr_c_scratch_scale": f"{cfg.scratch_budget_scale:g}",
        "tr_c_threats": n["threats"],
        "tr_c_second_reading": n["second_claim_reading"],
        "tr_c_plan_commit": "\n".join(f"- {item}" for item in claims.plan_commit_items(results)),
        "tr_c_family": claims.family_reading(results),
        "tr_c_headline_scope": prose.headline_scope(results),
    }


def supplementary(cfg: TransferConfig, results: Results) -> dict[str, Any]:
    n = prose.numbers(results)
    hand_ran = any(level == HANDWRITING_SOURCE for level, _ in results.pretrains)
    control_ran = tables.handwriting_ran(results) is not None
    hand_arms = tables.hand_source_ran(results)
    matched_ran = any(level == HANDWRITING_MATCHED for level, _ in results.pretrains)
    return {
        "tr_s_table_size": n["table_size"],
        "tr_s_selection": selection_words(cfg.selection, cfg.selection_rule),
        "tr_s_n_seeds": n["n_seeds"],
        "tr_s_perseed_more": (
            "On the same seeds, the runs paired with them: "
            + and_list(
                [
                    *(["scratch given the source's handwriting"] if control_ran else []),
                    *(
                        [
                            "the arms from that handwriting alone, at equal steps and at "
                            "Table 1's passes"
                        ]
                        if hand_arms and tables.hand_source_ran(results, HANDWRITING_MATCHED)
                        else ["the arms from that handwriting alone"]
                        if hand_arms
                        else []
                    ),
                ]
            )
            + "."
            if control_ran or hand_arms
            else "No run is paired with them beyond Table 1's arms with these parameters."
        ),
        "tr_s_perseed_paired": tables.per_seed_paired(results),
        "tr_s_perseed_pure": tables.per_seed_pure(results),
        "tr_s_pure_seeds": (
            f"seeds {seed_range(cfg.pure_seed_list)}" if cfg.pure_seed_list else "no seed"
        ),
        "tr_s_perseed_second": tables.per_seed_second(results),
        "tr_s_second_intro": second_seeds_words(cfg),
        "tr_s_perseed": figures.per_seed(results),
        "tr_s_perseed_caption": (
            "Every seed's test accuracy per arm at Table 1's size; grey lines join the arms of "
            "one seed."
        ),
        "tr_s_curves": figures.learning_curves(results),
        "tr_s_curves_caption": (
            "Accuracy of each arm's chosen setting on the large validation split (never the "
            "holdout Table 1 chooses on) against training step: mean over the "
            f"{n['n_seeds']} seeds per arm, band ±1 standard deviation; dashed lines with "
            "hollow marks keep curves that run together apart."
        ),
        "tr_s_final_gain": tables.final_gain(results),
        "tr_s_cut_short": n["cut_short"],
        "tr_s_pure_cut_short": n["pure_cut_short"],
        "tr_s_finish_by_size": prose.finish_by_size(results),
        "tr_s_extension": f"{100 * cfg.extension:g}",
        "tr_s_shift_sizes": tables.shift_sizes_table(results),
        "tr_s_hand_source_row": (
            "; the source of Table 1's handwriting alone, which is a source and not a level, "
            "is listed after them, over every seed of Table 1"
            + (
                ", with the same handwriting pretrained for Table 1's passes after it"
                if matched_ran
                else ""
            )
            if hand_ran
            else ""
        ),
        "tr_s_pretrain": figures.pretraining_curves(results),
        "tr_s_pretrain_caption": (
            "Source validation accuracy during pretraining, mean over seeds, one line per "
            "source: the no-shift control and each shift level"
            + (
                ", and one for the handwriting of Table 1's source alone"
                + (
                    "; and one for that handwriting at Table 1's passes, which "
                    + (
                        f"is the other's first {matched_epochs(cfg)} epochs, so the two lines "
                        "coincide there."
                        if tables.matched_is_prefix(results)
                        else "stops earlier."
                    )
                    if matched_ran
                    else "."
                )
                if hand_ran
                else "."
            )
        ),
    }
