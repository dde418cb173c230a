"""Every value Study B's chapters glue, keyed in full (grep a key seen in a chapter to land here).

One function per chapter; each returns ``{glue key: value}`` (text, a table or
a figure). :func:`negresults.transfer.report.tables.numbers` computes the
formatted numbers once; this module only says which page shows which, under
which key.
"""

from __future__ import annotations

from typing import Any

from negresults.reporting import format_value
from negresults.transfer.compute import data
from negresults.transfer.config import TransferConfig
from negresults.transfer.report import figures, tables
from negresults.transfer.report.results import Results


def method(cfg: TransferConfig) -> dict[str, Any]:
    return {
        "tr_m_fonts": str(len(data.font_files())),
        "tr_m_image": str(cfg.image_size),
        "tr_m_source": str(cfg.source_per_class * cfg.num_classes),
        "tr_m_test": str(cfg.test_per_class * cfg.num_classes),
        "tr_m_val": str(cfg.val_per_class * cfg.num_classes),
        "tr_m_pool": str(cfg.pool_size()),
        "tr_m_lrs": format_value(cfg.lr_grid),
        "tr_m_steps": str(cfg.steps),
        "tr_m_preset": cfg.preset,
        "tr_m_total": str(sum(data.digits_class_counts())),
        "tr_m_rotation": f"{data.MAX_ROTATION_DEG:g}",
        "tr_m_scale": f"{data.MIN_SCALE:g} to {data.MIN_SCALE + data.SCALE_SPAN:g}",
        "tr_m_shift": f"{100 * data.MAX_SHIFT:g}",
        "tr_samples": figures.samples(cfg),
    }


def experiments(cfg: TransferConfig, results: Results) -> dict[str, Any]:
    n = tables.numbers(results)
    arm = "finetune" if "finetune" in cfg.all_arms else cfg.all_arms[-1]
    split = figures.disagreements(results, arm, cfg.seeds[0], cfg.table_size)
    return {
        "tr_table_size": n["table_size"],
        "tr_table_images": n["table_images"],
        "tr_table_n": n["table_n"],
        "tr_n_seeds": n["n_seeds"],
        "tr_sizes": n["sizes"],
        "tr_n_sizes": n["n_sizes"],
        "tr_scratch_mean": n["scratch_mean"],
        "tr_scratch_std": n["scratch_std"],
        "tr_finetune_mean": n["finetune_mean"],
        "tr_finetune_std": n["finetune_std"],
        "tr_finetune_diff": n["finetune_diff"],
        "tr_finetune_diff_ci": n["finetune_diff_ci"],
        "tr_finetune_diff_all": n["finetune_diff_all"],
        "tr_finetune_diff_all_ci": n["finetune_diff_all_ci"],
        "tr_finetune_stop_size": n["finetune_stop_size"],
        "tr_linear_probe_stop_size": n["linear_probe_stop_size"],
        "tr_frozen_head_stop_size": n["frozen_head_stop_size"],
        "tr_frozen_vs_finetune": n["frozen_vs_finetune"],
        "tr_help_sizes": n["help_sizes"],
        "tr_mdd": n["mdd"],
        "tr_table1": tables.table1(results),
        "tr_figure1": figures.figure1(results, arm=arm),
        "tr_fig1_t_wrong": str(len(split["arm_wrong_scratch_right"])),
        "tr_fig1_s_wrong": str(len(split["scratch_wrong_arm_right"])),
        "tr_fig1_n": str(len(split["label"])),
        "tr_sweep": figures.size_sweep(results),
    }


def conclusion(cfg: TransferConfig, results: Results) -> dict[str, Any]:
    n = tables.numbers(results)
    return {
        "tr_c_table_size": n["table_size"],
        "tr_c_table_n": n["table_n"],
        "tr_c_n_seeds": n["n_seeds"],
        "tr_c_margin": n["margin"],
        "tr_c_lr_grid": n["lr_grid"],
        "tr_c_finetune_diff_all": n["finetune_diff_all"],
        "tr_c_finetune_diff_all_ci": n["finetune_diff_all_ci"],
        "tr_c_finetune_stop_size": n["finetune_stop_size"],
        "tr_c_help_sizes": n["help_sizes"],
        "tr_c_mdd": n["mdd"],
        "tr_c_seeds_needed": n["seeds_needed"],
        "tr_c_scratch_top_lr": n["scratch_top_lr"],
        "tr_c_source_only_mean": n["source_only_mean"],
        "tr_c_source_only_std": n["source_only_std"],
        "tr_c_source_val_mean": n["source_val_mean"],
        "tr_c_verdict": n["verdict"],
        "tr_c_agreement": n["agreement"],
        "tr_claims": tables.claims(results),
    }


def supplementary(cfg: TransferConfig, results: Results) -> dict[str, Any]:
    n = tables.numbers(results)
    return {
        "tr_s_table_size": n["table_size"],
        "tr_s_source_only_mean": n["source_only_mean"],
        "tr_s_source_only_std": n["source_only_std"],
        "tr_s_source_val_mean": n["source_val_mean"],
        "tr_s_perseed": figures.per_seed(results),
        "tr_s_curves": figures.learning_curves(results),
        "tr_s_pretrain": figures.pretraining_curves(results),
    }
