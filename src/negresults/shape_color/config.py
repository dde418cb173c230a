"""The study's typed configuration: one frozen dataclass, three named presets.

Everything that decides a run's result is a field here; :func:`task_config`
turns one grid cell (ablation x colour pressure x seed) into the JSON-ready
dict that the results store hashes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from negresults.config import (
    check,
    check_choices,
    check_seeds,
    override,
    resolve_preset,
    to_dict,
)
from negresults.devices import DEVICES, resolve_device

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
class ShapeColorConfig:
    preset: str = "cpu"
    seeds: tuple[int, ...] = (0, 1, 2)  # every ablation and pressure runs every seed (paired)
    ablations: tuple[str, ...] = ABLATIONS  # the baseline always runs too: it is the reference
    colour_pressure: tuple[str, ...] = COLOUR_PRESSURES  # augmentation axis, declared up front
    device: str = "auto"  # auto | cpu | cuda; resolved when task configs are built
    precision: Literal["fp32", "bf16"] = "fp32"  # bf16 autocast, on CUDA only (gpu preset)
    # -- data ---------------------------------------------------------------
    image_size: int = 32  # side length in pixels
    n_classes: int = 8  # shapes and hues each (n_classes**2 shape-colour pairs)
    held_out_pairs: int = 16  # pairs never seen in training (the zero-shot split)
    split_seed: int = 0  # which pairs are held out; fixed so every seed shares the split
    train_per_pair: int = 32  # training images per seen pair
    test_per_pair: int = 12  # test images per pair (seen and unseen) and per benchmark pair
    lightness_y: float = 0.2  # CIE relative luminance shared by every object colour
    chroma: float = 0.09  # OKLCH chroma of the object colours
    critical_offset: float = 15.0  # benchmark hues sit this many degrees off their class centre
    noise_std: float = 0.04  # std of uniform per-pixel noise (sRGB units)
    hue_jitter_degrees: float = (
        45.0  # +- training hue shift under "hue_jitter" (one class spacing at n=8)
    )
    # -- model --------------------------------------------------------------
    stem: Literal["conv", "patch"] = "conv"  # embedding: stride-2 conv stem or linear patches
    patch_size: int = 8  # pixels per token side (a power of two for the conv stem)
    width: int = 48  # token dimension
    depth: int = 2  # Transformer (or MLP) blocks
    heads: int = 4  # attention heads
    mlp_ratio: int = 2  # hidden width of each block's feed-forward part, in units of width
    # -- training -----------------------------------------------------------
    epochs: int = 15
    batch_size: int = 64
    lr: float = 4e-3  # peak of a warm-up + cosine schedule (AdamW)
    weight_decay: float = 0.05
    probe_c: float = 1.0  # inverse L2 strength of the final linear colour probe
    equivalence_margin: float = 0.03  # accuracy (fraction): "no change" means |difference| < this
    stability_margin: float = 0.01  # epoch-to-epoch wobble (fraction) a "stabilisation" must beat

    @classmethod
    def from_params(cls, preset: str | None = None, **params: Any) -> ShapeColorConfig:
        """The named preset with ``params`` applied; ``None`` values keep the preset's."""
        name = resolve_preset(preset)
        cfg = override(PRESETS[name], params)
        cfg.validate()
        return cfg

    def validate(self) -> None:
        check_seeds(self.seeds)
        check_choices("ablations", self.ablations, ABLATIONS)
        check_choices("colour_pressure", self.colour_pressure, COLOUR_PRESSURES)
        check(
            self.device in DEVICES or self.device.startswith("cuda:"),
            f"unknown device {self.device!r}; valid choices: {', '.join(DEVICES)}, cuda:N",
        )
        for name in (
            "image_size",
            "n_classes",
            "train_per_pair",
            "test_per_pair",
            "patch_size",
            "width",
            "depth",
            "heads",
            "mlp_ratio",
            "epochs",
            "batch_size",
        ):
            value = getattr(self, name)
            check(value > 0, f"{name} must be positive, got {value!r}")
        for name in (
            "lr",
            "chroma",
            "lightness_y",
            "probe_c",
            "equivalence_margin",
            "stability_margin",
        ):
            value = getattr(self, name)
            check(value > 0, f"{name} must be positive, got {value!r}")
        for name in ("noise_std", "hue_jitter_degrees", "critical_offset", "weight_decay"):
            value = getattr(self, name)
            check(value >= 0, f"{name} must be non-negative, got {value!r}")
        check(
            2 <= self.n_classes <= len(SHAPES),
            f"n_classes must be between 2 and {len(SHAPES)}, got {self.n_classes!r}",
        )
        check(
            self.held_out_pairs >= 1,
            f"held_out_pairs must be at least 1, got {self.held_out_pairs!r}",
        )
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


# Fields that describe the sweep or the report rather than one run; they stay out
# of the hash, so changing a reporting margin never retrains anything.
SWEEP_FIELDS = (
    "preset",
    "seeds",
    "ablations",
    "colour_pressure",
    "device",
    "equivalence_margin",
    "stability_margin",
)


def task_config(cfg: ShapeColorConfig, ablation: str, pressure: str, seed: int) -> dict[str, Any]:
    """The JSON-ready dict of everything that decides one run's result."""
    run = {k: v for k, v in to_dict(cfg).items() if k not in SWEEP_FIELDS}
    run.update(
        ablation=ablation, colour_pressure=pressure, seed=seed, device=resolve_device(cfg.device)
    )
    return run


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
