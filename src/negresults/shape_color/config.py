"""The study's typed configuration: one frozen dataclass, three named presets.

Everything that decides a run's result is a ``scope="run"`` field here;
:func:`negresults.shape_color.compute.plan.task_config` turns one grid cell
(ablation x colour pressure x seed) into the JSON-ready dict the store hashes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from negresults.config import StudyConfig, check, check_choices, param, run_fields

ABLATIONS = ("baseline", "frozen_embeddings", "no_attention", "both")
COLOUR_PRESSURES = ("none", "hue_jitter")
SHAPES = ("circle", "square", "triangle", "cross", "star", "ring", "crescent", "tee")

ABLATION_LABELS = {
    "baseline": "Baseline (trained embeddings + attention)",
    "frozen_embeddings": "Frozen random patch embedding",
    "no_attention": "No attention (parameter-matched MLP)",
    "both": "Frozen embedding and no attention",
}
PRESSURE_LABELS = {"none": "no colour pressure", "hue_jitter": "hue jitter"}


@dataclass(frozen=True)
class ShapeColorConfig(StudyConfig):
    ablations: tuple[str, ...] = param(
        ABLATIONS, "model variants; the baseline always runs too (the reference)", scope="sweep"
    )
    colour_pressure: tuple[str, ...] = param(
        COLOUR_PRESSURES, "colour-pressure settings of the training images", scope="sweep"
    )
    # -- data ---------------------------------------------------------------
    image_size: int = param(32, "side length of every image, in pixels", positive=True)
    n_classes: int = param(
        8,
        "shapes and hues each (n_classes squared shape-colour pairs)",
        minimum=2,
        maximum=len(SHAPES),
    )
    held_out_pairs: int = param(
        16, "shape-colour pairs never seen in training (the zero-shot split)", minimum=1
    )
    split_seed: int = param(
        0, "which pairs are held out (the same split for every seed)", minimum=0
    )
    train_per_pair: int = param(32, "training images per seen pair", positive=True)
    test_per_pair: int = param(
        12, "test images per pair (seen and unseen) and per benchmark pair", positive=True
    )
    lightness_y: float = param(
        0.2, "CIE relative luminance shared by every object colour", positive=True
    )
    chroma: float = param(0.09, "OKLCH chroma of the object colours", positive=True)
    critical_offset: float = param(
        15.0, "degrees the colour-critical benchmark hues sit off their class centre", minimum=0
    )
    noise_std: float = param(0.04, "std of the uniform per-pixel noise, in sRGB units", minimum=0)
    hue_jitter_degrees: float = param(
        45.0, "largest training hue shift under hue jitter (one class spacing at 8 hues)", minimum=0
    )
    # -- model --------------------------------------------------------------
    stem: Literal["conv", "patch"] = param(
        "conv", "token embedding: a stride-2 conv stem, or linear patches"
    )
    patch_size: int = param(
        8, "pixels per token side (a power of two for the conv stem)", positive=True
    )
    width: int = param(48, "token dimension", positive=True)
    depth: int = param(2, "Transformer (or per-token MLP) blocks", positive=True)
    heads: int = param(4, "attention heads", positive=True)
    mlp_ratio: int = param(
        2, "feed-forward hidden width, in units of the token width", positive=True
    )
    # -- training -----------------------------------------------------------
    epochs: int = param(15, "passes over the training set", positive=True)
    batch_size: int = param(64, "training images per optimiser step", positive=True)
    lr: float = param(
        4e-3, "peak learning rate of the warm-up + cosine schedule (AdamW)", positive=True
    )
    weight_decay: float = param(0.05, "AdamW weight decay", minimum=0)
    probe_c: float = param(1.0, "inverse L2 strength of the linear colour probe", positive=True)
    # -- analysis -----------------------------------------------------------
    equivalence_margin: float = param(
        3.0,
        "accuracy points: a difference inside +-this counts as no change",
        scope="report",
        positive=True,
    )
    stability_margin: float = param(
        1.0,
        "accuracy points of epoch-to-epoch wobble a stabilisation must beat",
        scope="report",
        positive=True,
    )

    def check(self) -> None:
        check_choices("ablations", self.ablations, ABLATIONS)
        check_choices("colour_pressure", self.colour_pressure, COLOUR_PRESSURES)
        limit = max_held_out(self.n_classes)
        check(
            self.held_out_pairs <= limit,
            f"impossible split: held_out_pairs={self.held_out_pairs} leaves some shape or colour "
            f"without a seen partner; at most {limit} of {self.n_classes**2} pairs can be held out",
        )
        check(
            self.image_size % self.patch_size == 0,
            f"image_size {self.image_size} is not a multiple of patch_size {self.patch_size}",
        )
        check(
            self.stem == "patch" or self.patch_size & (self.patch_size - 1) == 0,
            f"patch_size {self.patch_size} must be a power of two for the conv stem",
        )
        check(
            self.width % self.heads == 0,
            f"width {self.width} is not divisible by heads {self.heads}",
        )
        check(
            self.width % 4 == 0,
            f"width must be a multiple of 4 (2-D position code), got {self.width}",
        )
        spacing = 360.0 / self.n_classes
        check(
            self.critical_offset < spacing / 2,
            f"critical_offset {self.critical_offset} must stay inside its class (< {spacing / 2:g} degrees)",
        )

    @property
    def grid(self) -> list[tuple[str, str, int]]:
        """(ablation, colour pressure, seed) for every run; the baseline always included."""
        ablations = ("baseline", *[a for a in self.ablations if a != "baseline"])
        return [(a, p, s) for p in self.colour_pressure for a in ablations for s in self.seeds]


def max_held_out(n_classes: int) -> int:
    """Most pairs that can be held out while each shape and colour keeps one seen partner."""
    return n_classes * (n_classes - 1)


PRESETS: dict[str, ShapeColorConfig] = {
    # Seconds: every code path (all ablations, both pressures, two seeds) on tiny data.
    "smoke": ShapeColorConfig(
        preset="smoke",
        seeds=(0, 1),
        image_size=16,
        n_classes=4,
        held_out_pairs=4,
        train_per_pair=32,
        test_per_pair=8,
        patch_size=4,
        width=16,
        depth=1,
        heads=2,
        epochs=4,
        batch_size=32,
        lr=1e-2,
    ),
    "cpu": ShapeColorConfig(),
    "gpu": ShapeColorConfig(
        preset="gpu",
        seeds=(0, 1, 2, 3, 4),
        image_size=64,
        train_per_pair=400,
        test_per_pair=50,
        patch_size=8,
        width=128,
        depth=4,
        heads=4,
        epochs=40,
        batch_size=256,
        lr=1e-3,
        precision="bf16",
    ),
}

ShapeColorConfig.PRESETS = PRESETS

__all__ = ["ABLATIONS", "COLOUR_PRESSURES", "PRESETS", "SHAPES", "ShapeColorConfig", "run_fields"]
