"""The study's typed configuration: one frozen dataclass, three named presets.

Sizes are counted in *images per class* throughout, so that the digits
(10 classes) and CIFAR -> STL-10 (9 shared classes) read the same way.

The names a config chooses from (shift levels, augmentations, datasets with
their classes and channels) are declared in :mod:`negresults.transfer.names`;
the config never imports the compute code that implements them. Checking a
config never reads data: whether the files exist, where they are and how
large the data's pool is are the plan's business
(:mod:`negresults.transfer.plan`: ``data_root``, ``pool_size``, ``check_data``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from negresults.config import (
    ConfigError,
    StudyConfig,
    check,
    check_choices,
    param,
    resolve_preset,
)
from negresults.transfer import names
from negresults.transfer.names import AUGMENTS, CONTROL_LEVEL, MIXED_LEVELS, SHIFT_LEVELS

ARMS = ("scratch", "finetune", "lpft", "linear_probe", "frozen_head")
DATASETS = names.NAMES

ARM_LABELS = {
    "scratch": "Random init (scratch)",
    "finetune": "Transferred, full fine-tune",
    "lpft": "Transferred, linear probe then full fine-tune (LP-FT)",
    "linear_probe": "Transferred, linear probe",
    "frozen_head": "Transferred, frozen backbone + MLP head",
}

# Non-deep baselines on the target's pixels (scikit-learn), trained on the same
# seeds and images as the networks; one of them is reported, chosen on validation.
BASELINES = ("logreg", "svm", "knn")
BASELINE_LABELS = {
    "logreg": "Logistic regression on pixels",
    "svm": "RBF support vector machine on pixels",
    "knn": "k nearest neighbours on pixels",
}
# Rows beside the arms that involve no training on the target network.
SOURCE_ONLY_LABEL = "Source model, no target training (source-only)"
BEST_NONDEEP_LABEL = "Best non-deep baseline (chosen on validation)"
# The handwriting control's row: scratch given the handwriting Table 1's source holds.
HANDWRITING_LABEL = "Scratch, with as many more handwritten images as the source holds"
# The best non-deep baseline given the same images as the handwriting control.
HANDWRITING_NONDEEP_LABEL = "Best non-deep baseline, with the same handwritten images"
# A transferred arm (its short name in place of {arm}) from Table 1's handwriting alone.
HAND_SOURCE_LABEL = "{arm}, from the source's handwriting alone"
# The same arm from that handwriting pretrained for Table 1's passes (HANDWRITING_MATCHED).
HAND_MATCHED_LABEL = "{arm}, from that handwriting at Table 1's passes"

# The source of Table 1's handwriting alone pretrained for as many passes over each image as
# Table 1's source makes (fewer epochs than every other source). Not a data name: its data
# are HANDWRITING_SOURCE's, and only its pretraining length, which its key holds, differs;
# the plan and the results index name it apart.
HANDWRITING_MATCHED = "handwriting_matched"
# The linear probe's top rate before its grid last widened (the revision after 5bac66c21cfa):
# the pages read the same runs with rates up to it, to show what the widening moved.
PROBE_TOP_BEFORE = 30.0
# The shift levels' names as the pages write them. "writers" (CONTROL_LEVEL) draws
# its source from more images of the target's own collection: a no-shift control,
# kept apart from the real shift levels.
LEVEL_LABELS = {
    "writers": "no-shift control (more of the target's own handwriting)",
    "mixed_light": "handwriting with some fonts through the target's acquisition",
    "mixed_heavy": "handwriting with mostly fonts through the target's acquisition",
    "acquired": "fonts through the target's acquisition",
    "lowres": "fonts averaged down and quantised",
    "fonts": "crisp rendered fonts",
    "outline": "outlined fonts",
    names.HANDWRITING_SOURCE: "the handwriting of Table 1's source alone",
    HANDWRITING_MATCHED: "the handwriting of Table 1's source alone, at Table 1's passes",
    "mnist_usps": "MNIST to USPS",
    "cifar_stl": "CIFAR-10 to STL-10",
}
# The parts of the design (negresults.transfer.plan.PARTS, the second claim's runs on
# Table 1's seeds apart from its fresh ones, and the budget axis) as the pages name them, in
# the order that charges a run several parts read to the first of them.
PART_LABELS = {
    "pilot": "Pilot (fixes Table 1's size)",
    "table": "Table 1",
    "hand": "Scratch given the source's handwriting",
    "hand_source": "A source of that handwriting alone",
    "hand_matched": "That source at Table 1's passes",
    "pure": "A source without target images",
    "control": "No-shift control on Table 1's seeds (the round before the second claim's)",
    "claim": "The second claim, on its fresh seeds",
    "shift": "Shift axis and target sizes",
    "budget": "Budget axis",
}
# Each setting of the hyperparameter table in words, beside the field name a reader types
# to change it (not a *_LABELS table: those relabel every cell, and "size" or "seed" are
# words elsewhere too).
SETTING_WORDS = {
    "augment_grid": "augmentations tried",
    "batch_size": "images per step",
    "channels": "image channels",
    "dataset": "source and target data",
    "device": "device",
    "epochs": "passes over the target images",
    "eval_points": "validation points within the budget",
    "extension": "training past the budget, as a share of it (never selected on)",
    "feature_dim": "width of the features the heads read",
    "folds": "cross-validation folds",
    "font_share": "share of fonts in the source",
    "image_size": "image side, in pixels",
    "joint_regularisation": "weight decays paired with augmentations",
    "lpft_probe_lr": "learning rate of LP-FT's probe stage",
    "lpft_probe_steps": "steps of LP-FT's probe stage",
    "lr_grid": "learning rates tried",
    "min_steps": "fewest steps a budget trains",
    "num_classes": "classes",
    "passes_matched": "pretrained for Table 1's source's passes over each image",
    "pool_per_class": "target pool the images are drawn from, per class",
    "precision": "number format",
    "pretrain_epochs": "pretraining epochs (each draws as many images, whatever the source)",
    "pretrain_lr": "pretraining learning rate",
    "reservoir_per_class": "handwritten images set aside for the sources, per class",
    "seed": "seeds",
    "size": "target images per class",
    "source_per_class": "source images per pretraining epoch, per class",
    "test_per_class": "test images per class",
    "threads": "CPU threads per run",
    "val_per_class": "validation images per class",
    "wd_grid": "weight decays tried",
    "width": "channels of the first convolution",
}
# Font shares of the two mixed levels (mixed_light, mixed_heavy), fixed before any
# reported run by a source-only pilot on the cpu preset's pilot seeds (100, 101, 102;
# pretraining only, no target training): the mean source-only drop (source validation
# minus source-only target accuracy, points) was 1.7 for the control, 5.2 at share 0.5,
# 0.3 at 0.6, 9.0 at 0.65, 8.6 at 0.7, 13.0 at 0.75, 24.9 at 0.9, 35.1 at 0.95 and 44.5
# for acquired fonts alone. 0.65 is the share expected to cost under 10 points while its
# interval stays clear of zero; 0.9 sits inside 10 to 30. Not changed after the runs.
MIXED_FONT_SHARES = (0.65, 0.9)
# The stopping rules a budget may follow (the config field budget_rule).
BUDGET_RULES = ("epochs", "early_stop")


@dataclass(frozen=True)
class TransferConfig(StudyConfig):
    dataset: Literal["digits", "mnist_usps", "cifar_stl"] = param(
        "digits", "source -> target pair of datasets"
    )
    # 73 seeds (analysis plan revision after 746cfc815ceb, declared before seeds 48 to 72
    # ran): on the 42 seeds of the claim on the font-only source the paired SDs reached 5.15
    # points (frozen head), which the 48 below were not sized for; 67 font-only seeds detect
    # the 2-point margin at 80% power up to an SD of 5.72 (the upper end of that SD's
    # one-sided 80% interval), plus the shift axis's 6. Before: 48 (declared before seeds 24
    # to 47 ran), from the first 24 seeds' largest paired SD, 4.5. Only the SDs set either
    # count (an internal pilot): no verdict of an earlier round enters it.
    seeds: tuple[int, ...] = param(
        tuple(range(73)),
        "seeds of Table 1 (all of them); the shift axis uses the first shift_seeds",
        scope="sweep",
    )
    # Fresh seeds: the round on Table 1's seeds showed a partial loss, an outcome the previous
    # plan had no name for; the revision that names it (analysis_plan) is judged on seeds no
    # earlier round used. 24: that round's loss SDs (1.9 fine-tune, 2.3 LP-FT; 2.7 and 3.2 at
    # the upper ends of their 95% intervals) need 17 and 22 seeds for the 2-point margin.
    # 94 (analysis plan revision after 77ab54eb652e, declared before seeds 224 to 293 ran):
    # on the first 24 under source models pretrained to a plateau, the largest SD of claim 2's
    # judged quantities, 5.66 points (fine-tune's benefit at the subtlest level), is 6.55 at
    # the upper end of its one-sided 80% interval, which needs 94 seeds for the equivalence
    # test at the 2-point margin (80% power at a true difference of zero).
    claim_seeds: tuple[int, ...] = param(
        tuple(range(200, 294)),
        "fresh seeds the second claim is judged on (disjoint from seeds and pilot_seeds)",
        scope="sweep",
    )
    table_seeds: int = param(
        3,
        "seeds of the paper's protocol, shown beside ours in Table 1 (the paper reports three)",
        scope="report",
        positive=True,
        maximum=1000,
    )
    arms: tuple[str, ...] = param(
        ARMS,
        "training arms; scratch always runs too (every comparison is against it)",
        scope="sweep",
    )
    shift_levels: tuple[str, ...] = param(
        ("writers", "mixed_light", "mixed_heavy", "acquired", "outline"),
        "source -> target shift levels of the shift axis, subtlest first, the no-shift control "
        "(writers) before them (digits only)",
        scope="sweep",
    )
    table_shift: str = param(
        "mixed_light",
        "shift level of Table 1, the pilot and the second claim: the subtlest real level, "
        "where the paper puts its shift (digits only)",
        scope="sweep",
    )
    # Declared (analysis plan revision after c9bf4a2b3622, before its runs) after an outside
    # review: Table 1's source holds handwriting from the target's own collection, so a
    # benefit there may come from that handwriting rather than from transfer across a shift.
    # Analysis plan revision of 2026-12-05 (declared before its runs): the control for a
    # benefit that is only the labelled handwriting Table 1's source holds.
    handwriting_control: bool = param(
        True,
        "also train scratch at Table 1's size plus the handwritten images per class its mixed "
        "source holds (from the target's collection), on Table 1's seeds: what that "
        "handwriting gives as labelled target images, with the non-deep baselines on the same "
        "images (digits, mixed Table 1 level only)",
        scope="sweep",
    )
    # Analysis plan revision of 2026-12-06 (declared before its runs): the handwriting
    # control could not separate what Table 1's fonts add beside its handwriting.
    handwriting_source_arms: tuple[str, ...] = param(
        ("finetune", "lpft"),
        "transferred arms also trained from a source of Table 1's handwriting alone (its "
        "mixed source without the fonts), at Table 1's size on Table 1's seeds: what the fonts "
        "add beside that handwriting; arms not in arms are left out; empty: not run (digits, "
        "mixed Table 1 level only)",
        scope="sweep",
    )
    # Analysis plan revision of 2026-12-06 (declared before its runs): the handwriting-only
    # source pretrains as many steps as every source, so it passes over each image about 3
    # times as often as Table 1's source; this one matches the passes instead.
    handwriting_matched: bool = param(
        True,
        "also pretrain the source of Table 1's handwriting alone for as many passes over each "
        "image as Table 1's source makes (pretrain_epochs times its share of handwriting, "
        "rounded), and train handwriting_source_arms from it on Table 1's seeds: the fonts' "
        "share at equal passes (digits, mixed Table 1 level only)",
        scope="sweep",
    )
    pure_shift: str = param(
        "acquired",
        "a shift level whose source holds no image from the target's collection (fonts only): "
        "the first claim is judged there too, at Table 1's size, on Table 1's seeds the shift "
        "axis does not run; empty: not run (digits only)",
        scope="sweep",
    )
    # 4 joined when the pilot moved Table 1 there: the second claim's trend reads the shift
    # axis at Table 1's size.
    target_sizes: tuple[int, ...] = param(
        (2, 4, 8, 24),
        "target images per class of the shift axis",
        scope="sweep",
        positive=True,
        maximum=100_000,
    )
    budget_scales: tuple[float, ...] = param(
        (4.0,),
        "the budget axis: longer training budgets, as multiples (above 1) of the declared one; "
        "scratch, fine-tuning and LP-FT run them at budget_sizes, Table 1's shift (and the "
        "font-only one: budget_pure), on the shift axis's seeds, stopped early by the same "
        "rule; empty: no budget axis",
        scope="sweep",
        positive=True,
        maximum=100,
    )
    # 4 joined when the pilot moved Table 1 there: the axis exists to check Table 1's size.
    budget_sizes: tuple[int, ...] = param(
        (2, 4, 8),
        "target images per class of the budget axis",
        scope="sweep",
        positive=True,
        maximum=100_000,
    )
    # Analysis plan revision of 2026-12-06 (declared before its runs): the pages said an
    # understated transferred arm could move the font-only claim's verdicts, where the
    # budget axis had not run.
    budget_pure: bool = param(
        True,
        "also run the budget axis's transferred arms from the font-only source (pure_shift), "
        "at the same sizes, scales and seeds (scratch's longer runs never see a source and "
        "are shared)",
        scope="sweep",
    )
    # Analysis plan revision of 2026-12-06, the next (declared before its runs): on the
    # budget axis's 6 seeds LP-FT from the font-only source read benefit at four times its
    # budget and not at the declared one, where the claim reads no benefit; the claim's own
    # seeds test it at the claim's size with the claim's power.
    budget_pure_claim: bool = param(
        True,
        "also train scratch, fine-tuning and LP-FT at the budget axis's longer budgets from "
        "the font-only source at Table 1's size on the font-only claim's own seeds, read "
        "beside that claim (needs budget_pure)",
        scope="sweep",
    )
    shift_seeds: int = param(
        6,
        "seeds (the first of seeds) of the shift axis; the second claim's two levels run on "
        "every seed of Table 1",
        scope="sweep",
        positive=True,
        maximum=1000,
    )
    # 4: the pilot rule's choice under this revision's 160-step budget (pilot seeds 100-102:
    # paired SD 2.1 at 4 images per class, 11 seeds needed, within max_table_seeds; at 8 the
    # SD was 4.7). The previous budget's pilot chose 8.
    table_size: int = param(
        4,
        "target images per class of Table 1 (set from the pilot: see pilot_rule)",
        scope="sweep",
        positive=True,
        maximum=100_000,
    )
    pilot_seeds: tuple[int, ...] = param(
        (100, 101, 102),
        "seeds of the pilot that fixes Table 1's size and seed count (disjoint from seeds)",
        scope="sweep",
    )
    pilot_sizes: tuple[int, ...] = param(
        (2, 4, 8),
        "candidate Table 1 sizes the pilot tries",
        scope="sweep",
        positive=True,
        maximum=100_000,
    )
    selection: Literal["holdout", "cv", "oracle"] = param(
        "holdout",
        "how Table 1 chooses hyperparameters: holdout (a validation set the size of the "
        "training set), cv (k-fold inside the subset; needs folds) or oracle (the val split)",
        scope="report",
    )
    budget_rule: Literal["epochs", "early_stop"] = param(
        "early_stop",
        "training length: epochs (the full budget of fixed passes) or early_stop (stop once "
        "the selection data have not improved for patience logged steps; read the best step "
        "before the stop, never past the budget)",
        scope="report",
    )
    selection_rule: Literal["best", "one_se"] = param(
        "one_se",
        "what the selection data choose: best (the top score) or one_se (of the points within "
        "one binomial standard error of the top score, the median learning rate)",
        scope="report",
    )
    patience: int = param(
        3,
        "early stopping: logged steps without improvement on the selection data before a run stops",
        scope="report",
        positive=True,
        maximum=1000,
    )
    folds: int = param(
        0,
        "cross-validation folds inside the training subset (Table 1 and pilot); 0: no CV "
        "runs; else 2 to the images per class",
        minimum=0,
        maximum=20,
    )
    shift_folds: int = param(
        0,
        "folds for the shift axis; 0 runs it with the oracle protocol only (the cheap bound)",
        minimum=0,
        maximum=20,
    )
    mixed_font_shares: tuple[float, ...] = param(
        MIXED_FONT_SHARES,
        "share of acquired font renderings in the mixed_light and mixed_heavy sources (the rest "
        "is the no-shift control's handwriting)",
        minimum=0,
        maximum=1,
    )
    image_size: int = param(
        8, "both domains are resized to this side length", minimum=8, maximum=256
    )
    val_per_class: int = param(
        20,
        "per-seed validation images per class: the oracle protocol's validation split",
        positive=True,
        maximum=10_000,
    )
    test_per_class: int = param(
        50,
        "fixed target test images per class (digits only; real data use their test split)",
        positive=True,
        maximum=10_000,
    )
    reservoir_per_class: int = param(
        40,
        "handwritten images per class set aside as the writers level's source (digits only)",
        minimum=0,
        maximum=10_000,
    )
    pool_per_class: int = param(
        60,
        "training pool per class; target subsets are drawn from it",
        positive=True,
        maximum=100_000,
    )
    source_per_class: int = param(
        300, "rendered source images per class (digits only)", positive=True, maximum=100_000
    )
    width: int = param(
        16,
        "channels of the first conv layer (the second has twice as many)",
        positive=True,
        maximum=1024,
    )
    feature_dim: int = param(
        64, "backbone output dimension: what the probes read", positive=True, maximum=8192
    )
    # 12 epochs at 5e-3 (analysis plan revision after b0be59c7f446, declared before its runs):
    # at 3 epochs and 2e-3 every source model was still learning (mean source validation
    # gain over the last epoch +2.5 points at the subtlest level on 100 seeds, +8 at the
    # outline level). Chosen on the pilot seeds 100 and 101 alone, every level: at 5e-3 the
    # slowest level (outline) flattens by epoch 9 and every other by epoch 3 or 4; at 2e-3
    # outline still rose at epoch 20.
    pretrain_epochs: int = param(
        12, "passes over the source in pretraining", minimum=0, maximum=1000
    )
    pretrain_lr: float = param(5e-3, "pretraining learning rate (Adam)", positive=True)
    pilot_pretrain_epochs: int = param(
        3,
        "passes over the source in the pilot's pretraining (the pilot fixed Table 1's size "
        "with the pretraining it ran with, so it keeps it)",
        minimum=0,
        maximum=1000,
    )
    pilot_pretrain_lr: float = param(
        2e-3, "learning rate (Adam) of the pilot's pretraining", positive=True
    )
    batch_size: int = param(
        32, "images per optimiser step (at most the subset)", positive=True, maximum=65_536
    )
    epochs: int = param(
        20,
        "passes over the training subset on the target (budget rule epochs)",
        positive=True,
        maximum=10_000,
    )
    # 160 steps: in the previous cpu round (80) scratch ran to the end of its budget at
    # Table 1's size on most seeds and its validation accuracy still rose +1.2 points
    # over the next 40 steps; twice the budget lets early stopping end it instead.
    min_steps: int = param(
        160,
        "the epochs budget never trains fewer steps than this (tiny subsets)",
        positive=True,
        maximum=1_000_000,
    )
    # 4: in the round on seeds 0 to 23 scratch, at Table 1's size, never stopped before the
    # declared 160 steps ran out and still gained +1.4 [+0.3, +2.6] validation points over the
    # next 80, while every transferred arm had stopped early (median step 88 to 112); on the
    # budget axis at four times the budget it stopped on its own (median step 480 of 640).
    scratch_budget_scale: float = param(
        4.0,
        "scratch's budget (epochs and min_steps) as a multiple of every other arm's: from "
        "random weights it needs longer to plateau (the pilot keeps the budget it ran with)",
        minimum=1,
        maximum=100,
    )
    eval_points: int = param(
        10,
        "validation is logged at this many evenly spaced steps of the epochs budget (and at the "
        "same spacing past it: see extension)",
        positive=True,
        maximum=1000,
    )
    extension: float = param(
        0.5,
        "every run keeps training and logging this fraction of its budget past it, never read "
        "by selection: what an arm would still gain had it trained half as long again",
        minimum=0,
        maximum=10,
    )
    lpft_probe_steps: int = param(
        100,
        "LP-FT: full-batch steps of the linear probe stage (the head alone, on frozen "
        "features) before the whole network is fine-tuned",
        positive=True,
        maximum=100_000,
    )
    lpft_probe_lr: float = param(
        1e-2, "LP-FT: learning rate (AdamW) of the probe stage", positive=True
    )
    baselines: tuple[str, ...] = param(
        BASELINES,
        "non-deep baselines on pixels run beside the arms (logreg, svm, knn); the one reported "
        "is chosen on validation, like the networks' settings",
        scope="sweep",
    )
    # Widened (declared 2026-12-03, before these runs): on the 73-seed store the reported
    # baseline sat on an edge of its grids in 46 of 91 runs, 40 of them at a high end (C = 100
    # for the logistic regression and the SVM, the SVM's largest gamma 0.1), where a wider
    # grid can still find a better setting; the SVM's low C edge (0.1) gets one more below.
    # Widened again at the high ends (analysis plan revision after 55e7f14157a6, declared
    # before its runs): with the grids above, 12 of 91 reported picks still sat on a high end
    # (the SVM's gamma 0.3 in 9, the logistic regression's C = 10000 in 3).
    logreg_c_grid: tuple[float, ...] = param(
        (0.01, 0.1, 1.0, 10.0, 100.0, 1000.0, 10000.0, 1e5, 1e6),
        "inverse regularisation strengths C the logistic regression chooses from",
        positive=True,
    )
    svm_c_grid: tuple[float, ...] = param(
        (0.01, 0.1, 1.0, 10.0, 100.0, 1000.0, 10000.0),
        "C values the RBF SVM chooses from",
        positive=True,
    )
    svm_gamma_grid: tuple[float, ...] = param(
        (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0),
        "RBF widths gamma the SVM chooses from (pixels in [0, 1]: 64 of them at 8x8)",
        positive=True,
    )
    knn_k_grid: tuple[int, ...] = param(
        (1, 3, 5, 9),
        "neighbour counts k the k-NN chooses from (capped at the training images)",
        positive=True,
        maximum=10_000,
    )
    lr_grid: tuple[float, ...] = param(
        # Widened after cpu builds in which the linear probe chose the top rate (0.3, then
        # 1.0: a linear head on unnormalised frozen features wants large steps) and
        # fine-tuning at 2 images per class chose the bottom one (1e-4).
        # 1e-5 added after a cpu round in which LP-FT chose the bottom rate (3e-5) in 18
        # of its picks: after the probe stage it wants the gentlest fine-tune.
        (1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0, 3.0),
        "learning rates (AdamW) every arm chooses from",
        positive=True,
    )
    # Added (analysis plan revision after ce6e9f3bae63, declared before its runs) after
    # the cpu round in which LP-FT chose lr_grid's bottom rate, 1e-5, three times (two
    # of them tying on test with 3e-5): its fine-tuning stage starts from a fitted head
    # and wants the gentlest steps. Only LP-FT's grid grows, so no other arm's run re-keys.
    lpft_low_lrs: tuple[float, ...] = param(
        (1e-6, 3e-6),
        "learning rates below lr_grid that LP-FT alone also chooses from (after its probe "
        "stage it wants the gentlest fine-tune); empty: LP-FT uses lr_grid",
        positive=True,
    )
    # Added (analysis plan revision after 7359d6666aff, declared before its runs) after the
    # cpu round in which the linear probe chose lr_grid's top rate, 3.0, once (seed 64,
    # 4 images per class): its selection data allowed a rate above the grid. Only the linear
    # probe's grid grows, so no other arm's run re-keys. 100 and 300 added (revision after
    # 5bac66c21cfa, declared before its runs) after the cpu round in which the linear probe
    # on the font-only source chose 30, the top of this grid, once (seed 25, 4 per class).
    probe_high_lrs: tuple[float, ...] = param(
        (10.0, 30.0, 100.0, 300.0),
        "learning rates above lr_grid that the linear probe alone also chooses from (it once "
        "chose lr_grid's top rate); empty: the linear probe uses lr_grid",
        positive=True,
    )
    wd_grid: tuple[float, ...] = param(
        (0.0, 0.1), "AdamW weight decays every arm chooses from", minimum=0
    )
    augment_grid: tuple[str, ...] = param(
        AUGMENTS, "augmentations every arm chooses from: none, shift (random translation)"
    )
    joint_regularisation: bool = param(
        True,
        "pair the i-th weight decay with the i-th augmentation (one switch, half the grid) "
        "instead of trying every combination",
    )
    equivalence_margin: float = param(
        2.0,
        "accuracy points: a difference inside +-this counts as no benefit",
        scope="report",
        positive=True,
    )
    max_table_seeds: int = param(
        24,
        "pilot rule: Table 1 sits at the smallest pilot size whose paired SD lets this many "
        "seeds detect the margin with 80% power",
        scope="report",
        positive=True,
        maximum=10_000,
    )
    data_root: str = param("", "folder of the real datasets; empty: $NEGRESULTS_DATA or ./data")

    # -- derived --------------------------------------------------------
    @property
    def num_classes(self) -> int:
        return names.dataset_shape(self.dataset).num_classes

    @property
    def channels(self) -> int:
        return names.dataset_shape(self.dataset).channels

    @property
    def all_sizes(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.target_sizes) | {self.table_size}))

    @property
    def all_arms(self) -> tuple[str, ...]:
        return tuple(a for a in ARMS if a == "scratch" or a in self.arms)

    def lr_grid_of(self, arm: str) -> tuple[float, ...]:
        """The learning rates ``arm`` chooses from: lr_grid, with LP-FT's low rates below it
        and the linear probe's high rates above it."""
        if arm == "lpft":
            return (*self.lpft_low_lrs, *self.lr_grid)
        if arm == "linear_probe":
            return (*self.lr_grid, *self.probe_high_lrs)
        return self.lr_grid

    @property
    def levels(self) -> tuple[str, ...]:
        """The shift levels run: the declared axis on digits; the pair itself on real data."""
        return self.shift_levels if self.dataset == "digits" else (self.dataset,)

    @property
    def real_levels(self) -> tuple[str, ...]:
        """The shift levels run, less the no-shift control (subtlest first)."""
        return tuple(lv for lv in self.levels if lv != CONTROL_LEVEL)

    def drop_seeds(self, level: str) -> tuple[int, ...]:
        """Seeds a level's source-only drop is measured on: every seed of Table 1 for the
        levels the second claim compares (both pretrain on all of them), else the shift
        axis's seeds."""
        both = (CONTROL_LEVEL, self.table_level) if CONTROL_LEVEL in self.levels else ()
        return self.seeds if level in both else self.shift_seed_list

    def mixed_font_share(self, level: str) -> float:
        """The declared font share of a mixed level's source."""
        return self.mixed_font_shares[MIXED_LEVELS.index(level)]

    @property
    def table_level(self) -> str:
        return self.table_shift if self.dataset == "digits" else self.dataset

    @property
    def table_seed_list(self) -> tuple[int, ...]:
        """The paper's protocol: the first ``table_seeds`` of ``seeds``."""
        return self.seeds[: self.table_seeds]

    @property
    def shift_seed_list(self) -> tuple[int, ...]:
        return self.seeds[: self.shift_seeds]

    @property
    def pure_level(self) -> str | None:
        """The font-only level the first claim is also judged at, or None (not run)."""
        return self.pure_shift if self.dataset == "digits" and self.pure_shift else None

    @property
    def budget_levels(self) -> tuple[str, ...]:
        """The sources the budget axis's transferred arms train from: Table 1's, and the
        font-only one where ``budget_pure`` asks for it (the shift axis runs it, so its
        declared-budget runs exist on the same seeds)."""
        pure = (self.pure_level,) if self.budget_pure and self.pure_level is not None else ()
        return (self.table_level, *pure)

    @property
    def pure_seed_list(self) -> tuple[int, ...]:
        """Table 1's seeds the shift axis does not run: none of their runs at the pure level
        had been seen when that claim was declared."""
        if self.pure_level is None:
            return ()
        return tuple(s for s in self.seeds if s not in self.shift_seed_list)

    @classmethod
    def from_params(cls, preset: str | None = None, **params: Any) -> TransferConfig:
        """As for every study; fewer ``seeds`` than the preset's protocol uses shrink it.

        ``table_seeds`` and ``shift_seeds`` are not page parameters, so a page run
        with ``-p seeds '[0]'`` could not otherwise lower them: when ``seeds`` is
        given and they are not, each becomes at most the number of seeds given
        (intervals and tests then say they need two or more seeds).
        """
        seeds = params.get("seeds")
        if seeds is not None and not isinstance(seeds, (str, bytes)):
            try:
                n = len(seeds)
            except TypeError:
                n = None
            if n:
                base = cls.PRESETS[resolve_preset(preset)]
                for name in ("table_seeds", "shift_seeds"):
                    if params.get(name) is None:
                        params[name] = min(getattr(base, name), n)
        # Likewise the budget axis, which reads its declared budget on the shift axis:
        # given other target sizes, it keeps only the preset's budget sizes among them.
        sizes = params.get("target_sizes")
        if sizes is not None and params.get("budget_sizes") is None:
            try:
                base = cls.PRESETS[resolve_preset(preset)]
                params["budget_sizes"] = tuple(b for b in base.budget_sizes if b in set(sizes))
            except TypeError:
                pass  # not a list of sizes: the field's own check names it
        return super().from_params(preset=preset, **params)

    # -- validation -----------------------------------------------------
    def check(self) -> None:
        # Each fit is a few hundred steps of a tiny CNN, many per stored run:
        # compiling costs more than it saves (benchmarks/bench.py), so the
        # switch is refused rather than silently ignored.
        check(
            not self.compile,
            "compile=True is not supported by the transfer study (its fits are too short "
            "for compiling to pay back; see benchmarks/bench.py); leave compile false",
        )
        check_choices("arms", self.arms, ARMS)
        if self.baselines:
            check_choices("baselines", self.baselines, BASELINES)
        check(
            self.budget_rule in BUDGET_RULES,
            f"unknown budget_rule {self.budget_rule!r}; valid choices: {', '.join(BUDGET_RULES)}",
        )
        for name in ("logreg_c_grid", "svm_c_grid", "svm_gamma_grid", "knn_k_grid"):
            values = getattr(self, name)
            check(len(values) > 0, f"{name} is empty; give at least one value")
            check(len(set(values)) == len(values), f"{name} has duplicates: {list(values)!r}")
        transferred = tuple(a for a in ARMS if a != "scratch")  # scratch alone has no source
        for arm in self.handwriting_source_arms:
            check(
                arm in transferred,
                f"handwriting_source_arms names {arm!r}, which is not a transferred arm; valid "
                f"choices: {', '.join(transferred)}, or [] for none",
            )
        check_choices("shift_levels", self.shift_levels, SHIFT_LEVELS)
        check(
            self.table_shift in SHIFT_LEVELS,
            f"unknown table_shift {self.table_shift!r}; valid choices: {', '.join(SHIFT_LEVELS)}",
        )
        if self.dataset == "digits" and self.pure_shift:
            pure = [
                lv for lv in self.shift_levels if lv != CONTROL_LEVEL and lv not in MIXED_LEVELS
            ]
            check(
                self.pure_shift in pure,
                f"pure_shift {self.pure_shift!r} is not a font-only level of shift_levels; valid "
                f"choices: {', '.join(pure) or 'none in these shift_levels'}, or an empty string",
            )
        check(
            len(self.mixed_font_shares) == len(MIXED_LEVELS),
            f"mixed_font_shares has {len(self.mixed_font_shares)} values; give one per mixed "
            f"level ({', '.join(MIXED_LEVELS)})",
        )
        bad = [f for f in self.mixed_font_shares if not 0 <= f <= 1]
        check(
            not bad, f"mixed_font_shares value {bad[0] if bad else ''!r} is not a share in [0, 1]"
        )
        check_choices("augment_grid", self.augment_grid, AUGMENTS)
        check(
            not self.joint_regularisation or len(self.wd_grid) == len(self.augment_grid),
            f"joint_regularisation pairs wd_grid with augment_grid, but they have "
            f"{len(self.wd_grid)} and {len(self.augment_grid)} values; give as many of each, "
            "or set joint_regularisation false",
        )
        for name in ("lr_grid", "wd_grid"):
            values = getattr(self, name)
            check(len(values) > 0, f"{name} is empty; give at least one value")
            check(len(set(values)) == len(values), f"{name} has duplicates: {list(values)!r}")
        above = [lr for lr in self.lpft_low_lrs if self.lr_grid and lr >= min(self.lr_grid)]
        check(
            not above,
            f"lpft_low_lrs value {above[0] if above else ''!r} is not below lr_grid's smallest "
            f"rate ({min(self.lr_grid) if self.lr_grid else ''!r}); give rates under it, or []",
        )
        check(
            len(set(self.lpft_low_lrs)) == len(self.lpft_low_lrs),
            f"lpft_low_lrs has duplicates: {list(self.lpft_low_lrs)!r}",
        )
        below = [lr for lr in self.probe_high_lrs if self.lr_grid and lr <= max(self.lr_grid)]
        check(
            not below,
            f"probe_high_lrs value {below[0] if below else ''!r} is not above lr_grid's largest "
            f"rate ({max(self.lr_grid) if self.lr_grid else ''!r}); give rates over it, or []",
        )
        check(
            len(set(self.probe_high_lrs)) == len(self.probe_high_lrs),
            f"probe_high_lrs has duplicates: {list(self.probe_high_lrs)!r}",
        )
        check(
            len(self.target_sizes) > 0,
            "target_sizes is empty; give at least one size, e.g. [2, 8, 32]",
        )
        for name in (
            "target_sizes",
            "pilot_sizes",
            "pilot_seeds",
            "claim_seeds",
            "budget_scales",
            "budget_sizes",
        ):
            values = getattr(self, name)
            check(len(set(values)) == len(values), f"{name} has duplicates: {list(values)!r}")
        overlap = sorted(set(self.pilot_seeds) & set(self.seeds))
        check(
            not overlap,
            f"pilot seed {overlap[0] if overlap else ''!r} is also a reported seed; pilot_seeds "
            f"must be disjoint from seeds: give seeds other than "
            f"{', '.join(map(str, self.pilot_seeds))}",
        )
        for name in ("seeds", "pilot_seeds"):
            clash = sorted(set(self.claim_seeds) & set(getattr(self, name)))
            check(
                not clash,
                f"seed {clash[0] if clash else ''!r} is in both {name} and claim_seeds (the "
                f"second claim's fresh seeds: {seed_range(self.claim_seeds)}); give {name} "
                "other than those",
            )
        check(
            self.table_seeds <= len(self.seeds),
            f"table_seeds = {self.table_seeds} is more than the {len(self.seeds)} seeds given",
        )
        check(
            self.shift_seeds <= len(self.seeds),
            f"shift_seeds = {self.shift_seeds} is more than the {len(self.seeds)} seeds given",
        )
        check(
            self.folds != 1 and self.shift_folds != 1,
            "folds = 1 leaves nothing to train on; use 0 (no cross-validation) or 2 or more",
        )
        check(
            self.selection != "cv" or self.folds >= 2,
            f"selection 'cv' needs folds >= 2 (got folds = {self.folds}); valid selections "
            "without folds: holdout, oracle",
        )
        # Folds deal each class round the folds: every fold needs one image of each.
        for name, sizes, k in (
            ("table_size", (self.table_size,), self.folds),
            ("pilot_sizes", self.pilot_sizes, self.folds),
            ("target_sizes", self.target_sizes, self.shift_folds),
        ):
            small = [s for s in sizes if k and s < k]
            check(
                not small,
                f"folds = {k} is larger than {small[0] if small else ''} images per class "
                f"({name}); use at most that many folds, or larger sizes",
            )
        # The data's own pool is known only once they are read (when a plan
        # is built); pool_per_class bounds it from above, without reading.
        too_big = [s for s in (*self.all_sizes, *self.pilot_sizes) if s > self.pool_per_class]
        check(
            not too_big,
            f"target size {too_big[0] if too_big else ''!r} images per class is larger than "
            f"pool_per_class = {self.pool_per_class}; valid sizes: 1..{self.pool_per_class}",
        )
        outside = [b for b in self.budget_sizes if b not in self.target_sizes]
        check(
            not outside,
            f"budget_sizes value {outside[0] if outside else ''!r} is not a size the shift axis "
            f"runs (its declared budget is read there); valid sizes: "
            f"{', '.join(map(str, self.target_sizes))}",
        )
        short = [b for b in self.budget_scales if b <= 1]
        check(
            not short,
            f"budget_scales value {short[0] if short else ''!r} is not longer than the declared "
            "budget; give multiples above 1 (e.g. [4]), or [] for no budget axis",
        )


def seed_range(seeds: tuple[int, ...]) -> str:
    """``200 to 223`` for a run of consecutive seeds, else the list."""
    if seeds and list(seeds) == list(range(seeds[0], seeds[0] + len(seeds))) and len(seeds) > 2:
        return f"{seeds[0]} to {seeds[-1]}"
    return ", ".join(map(str, seeds)) or "none"


PRESETS: dict[str, TransferConfig] = {
    "smoke": TransferConfig(
        preset="smoke",
        seeds=(0, 1),
        claim_seeds=(200, 201),
        table_seeds=2,
        shift_levels=("writers", "mixed_light", "fonts"),
        table_shift="mixed_light",
        pure_shift="fonts",  # every smoke seed is on the shift axis: the claim is untestable
        target_sizes=(2,),
        budget_scales=(2.0,),
        budget_sizes=(2,),
        shift_seeds=2,
        table_size=2,
        pilot_seeds=(100, 101),
        pilot_sizes=(2,),
        val_per_class=5,
        test_per_class=10,
        reservoir_per_class=10,
        pool_per_class=20,
        source_per_class=50,
        width=8,
        feature_dim=32,
        pretrain_epochs=5,
        pretrain_lr=5e-3,
        pilot_pretrain_epochs=5,
        pilot_pretrain_lr=5e-3,
        epochs=5,
        min_steps=10,
        eval_points=10,
        patience=2,
        lpft_probe_steps=30,
        lr_grid=(1e-3, 1e-2),
        lpft_low_lrs=(),
        probe_high_lrs=(),
        logreg_c_grid=(0.1, 10.0),
        svm_c_grid=(1.0, 10.0),
        svm_gamma_grid=(0.01, 0.1),
        knn_k_grid=(1, 3),
        batch_size=32,
    ),
    "cpu": TransferConfig(preset="cpu"),
    "gpu": TransferConfig(
        preset="gpu",
        dataset="mnist_usps",
        seeds=tuple(range(20)),
        target_sizes=(2, 10, 50, 400),
        budget_sizes=(2, 10),
        shift_seeds=5,
        table_size=5,
        pilot_sizes=(2, 5, 10, 20),
        image_size=28,
        val_per_class=50,
        pool_per_class=400,
        width=32,
        feature_dim=256,
        pretrain_epochs=10,
        pretrain_lr=1e-3,
        pilot_pretrain_epochs=10,
        pilot_pretrain_lr=1e-3,
        batch_size=128,
        epochs=50,
        min_steps=200,
        lr_grid=(3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2),
        # The cpu preset's extra rates were set by cpu rounds; the gpu grid has not run.
        probe_high_lrs=(),
        max_table_seeds=20,
        joint_regularisation=False,
        device="auto",
        precision="bf16",
    ),
}

TransferConfig.PRESETS = PRESETS

__all__ = [
    "ARMS",
    "ARM_LABELS",
    "BASELINES",
    "BASELINE_LABELS",
    "BEST_NONDEEP_LABEL",
    "BUDGET_RULES",
    "CONTROL_LEVEL",
    "DATASETS",
    "LEVEL_LABELS",
    "PRESETS",
    "SOURCE_ONLY_LABEL",
    "TransferConfig",
    "ConfigError",
]
