"""Procedural shape x colour images, the zero-shot split and the colour-critical benchmark.

Object colours are rendered in OKLCH at one chroma, with the OKLab lightness
solved per hue so that every object colour has the *same* CIE relative
luminance: a grey-level copy of an image carries no colour information.

Every image is drawn from an explicitly seeded NumPy generator on the CPU, so
the same seed gives the same images bit for bit on any machine.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

import numpy as np
import torch

from negresults.shape_color.names import SHAPES
from negresults.training import rng, seed_stream

# OKLab -> LMS' and linear LMS -> linear sRGB (Ottosson 2020).
_LAB_TO_LMS = np.array(
    [
        [1.0, 0.3963377774, 0.2158037573],
        [1.0, -0.1055613458, -0.0638541728],
        [1.0, -0.0894841775, -1.2914855480],
    ]
)
_LMS_TO_RGB = np.array(
    [
        [4.0767416621, -3.3077115913, 0.2309699292],
        [-1.2684380046, 2.6097574011, -0.3413193965],
        [-0.0041960863, -0.7034186147, 1.7076147010],
    ]
)
_LUMA = np.array([0.2126, 0.7152, 0.0722])  # Rec. 709 / sRGB relative luminance Y
LUT_STEPS = 7200  # hue table resolution: 0.05 degrees


def oklch_to_linear_rgb(lightness, chroma, hue_deg) -> np.ndarray:
    """OKLCH -> linear-light sRGB, shape ``(..., 3)`` (float64, possibly out of gamut)."""
    lightness, chroma, hue_deg = np.broadcast_arrays(
        *(np.asarray(x, dtype=np.float64) for x in (lightness, chroma, hue_deg))
    )
    h = np.deg2rad(hue_deg)
    lab = np.stack([lightness, chroma * np.cos(h), chroma * np.sin(h)], axis=-1)
    return ((lab @ _LAB_TO_LMS.T) ** 3) @ _LMS_TO_RGB.T


def relative_luminance(linear_rgb) -> np.ndarray:
    return np.asarray(linear_rgb, dtype=np.float64) @ _LUMA


def srgb_encode(linear) -> np.ndarray:
    linear = np.clip(np.asarray(linear, dtype=np.float64), 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def srgb_decode(encoded) -> np.ndarray:
    # Noisy pixels can leave [0, 1]; a display would clip them too.
    encoded = np.clip(np.asarray(encoded, dtype=np.float64), 0.0, 1.0)
    return np.where(encoded <= 0.04045, encoded / 12.92, ((encoded + 0.055) / 1.055) ** 2.4)


def solve_equiluminant(hue_deg, luminance: float, chroma: float) -> np.ndarray:
    """sRGB-encoded colours of ``hue_deg``, each with relative luminance ``luminance``.

    OKLab lightness alone only approximately matches luminance across hues, so
    the lightness is solved per hue by bisection (luminance rises with it).
    """
    hue = np.asarray(hue_deg, dtype=np.float64)
    lo, hi = np.zeros_like(hue), np.ones_like(hue)
    for _ in range(50):
        mid = (lo + hi) / 2
        too_bright = relative_luminance(oklch_to_linear_rgb(mid, chroma, hue)) > luminance
        hi, lo = np.where(too_bright, mid, hi), np.where(too_bright, lo, mid)
    return srgb_encode(oklch_to_linear_rgb((lo + hi) / 2, chroma, hue))


@cache
def _colour_table(luminance: float, chroma: float) -> np.ndarray:
    hues = np.arange(LUT_STEPS + 1) * (360.0 / LUT_STEPS)
    return solve_equiluminant(hues, luminance, chroma)


def equiluminant_rgb(hue_deg, luminance: float, chroma: float) -> np.ndarray:
    """:func:`solve_equiluminant` through a cached 0.05-degree table (fast for augmentation)."""
    table = _colour_table(float(luminance), float(chroma))
    pos = np.mod(np.asarray(hue_deg, dtype=np.float64), 360.0) * (LUT_STEPS / 360.0)
    i = np.minimum(np.floor(pos).astype(np.int64), LUT_STEPS - 1)
    w = (pos - i)[..., None]
    return table[i] * (1 - w) + table[i + 1] * w


def in_gamut(hue_deg, luminance: float, chroma: float) -> bool:
    """True when every hue reaches ``luminance`` at ``chroma`` without clipping."""
    rgb = srgb_decode(solve_equiluminant(hue_deg, luminance, chroma))
    return bool(np.allclose(relative_luminance(rgb), luminance, atol=1e-6))


def class_hues(n_classes: int) -> np.ndarray:
    """Hue (degrees) at the centre of each colour class, evenly spaced; the first at 20 degrees."""
    return 20.0 + np.arange(n_classes) * (360.0 / n_classes)


# -- shapes: signed distances in units of the object radius -----------------
def _sdf(k: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    r = np.sqrt(u * u + v * v)
    name = SHAPES[k]
    if name == "circle":
        return r - 0.9
    if name == "square":
        return np.maximum(np.abs(u), np.abs(v)) - 0.68
    if name == "triangle":  # three half-planes, apothem 0.45 -> circumradius 0.9
        angles = [math.radians(a) for a in (90.0, 210.0, 330.0)]
        return np.max([u * math.cos(a) + v * math.sin(a) for a in angles], axis=0) - 0.45
    if name == "cross":
        au, av = np.abs(u), np.abs(v)
        return np.minimum(np.maximum(au - 0.3, av - 0.9), np.maximum(au - 0.9, av - 0.3))
    if name == "star":  # five rounded lobes
        return r - (0.58 + 0.32 * np.cos(5 * np.arctan2(v, u)))
    if name == "ring":
        return np.abs(r - 0.65) - 0.22
    if name == "crescent":
        bite = np.sqrt((u - 0.45) ** 2 + v * v) - 0.7
        return np.maximum(r - 0.9, -bite)
    if name == "tee":
        bar = np.maximum(np.abs(u) - 0.85, np.abs(v + 0.6) - 0.25)
        stem = np.maximum(np.abs(u) - 0.25, np.abs(v - 0.15) - 0.75)
        return np.minimum(bar, stem)
    raise ValueError(f"unknown shape index {k}")


def render_alpha(shape, cx, cy, radius, angle, size: int) -> np.ndarray:
    """Anti-aliased coverage masks ``(N, size, size)``, float32, vectorised per shape."""
    grid = np.arange(size, dtype=np.float32) + 0.5
    out = np.empty((len(shape), size, size), dtype=np.float32)
    for k in np.unique(shape):
        idx = np.flatnonzero(shape == k)
        rad = radius[idx, None, None]
        dx = grid[None, None, :] - cx[idx, None, None]
        dy = grid[None, :, None] - cy[idx, None, None]
        cos, sin = np.cos(angle[idx])[:, None, None], np.sin(angle[idx])[:, None, None]
        u = (cos * dx + sin * dy) / rad
        v = (-sin * dx + cos * dy) / rad
        # Distance in pixels -> a one-pixel-wide linear edge (anti-aliasing).
        out[idx] = np.clip(0.5 - _sdf(int(k), u, v) * rad, 0.0, 1.0)
    return out


@dataclass
class ShapeColorSet:
    """Images kept as parts (coverage, background, hue) so colour can be re-rendered.

    Hue augmentation then changes only the object colour of the very same
    object, which is what the colour-pressure axis needs.
    """

    alpha: np.ndarray  # (N, H, W) float32 coverage of the object
    background: np.ndarray  # (N,) float32 grey level, sRGB-encoded
    hue: np.ndarray  # (N,) float64 degrees
    shape: np.ndarray  # (N,) int64 shape class
    colour: np.ndarray  # (N,) int64 colour class
    luminance: float
    chroma: float
    noise_std: float

    def __len__(self) -> int:
        return int(self.shape.shape[0])

    def render(
        self,
        index: np.ndarray | None = None,
        hue_shift: np.ndarray | None = None,
        rng: np.random.Generator | None = None,
    ) -> torch.Tensor:
        """sRGB images ``(B, 3, H, W)`` (float32) with pixel noise drawn from ``rng``."""
        index = np.arange(len(self)) if index is None else np.asarray(index)
        hue = self.hue[index] if hue_shift is None else self.hue[index] + hue_shift
        rgb = equiluminant_rgb(hue, self.luminance, self.chroma).astype(np.float32)
        a = self.alpha[index][:, None]
        bg = self.background[index][:, None, None, None]
        img = bg * (1 - a) + rgb[:, :, None, None] * a
        if self.noise_std > 0:
            # Uniform noise of standard deviation ``noise_std``: a nuisance like
            # Gaussian noise, but drawn 2.4 times faster, and drawing it was most
            # of the loop's data overhead (benchmarks/bench.py).
            rng = rng if rng is not None else np.random.default_rng(0)
            u = rng.random(img.shape, dtype=np.float32) - np.float32(0.5)
            img = img + np.float32(self.noise_std * math.sqrt(12.0)) * u
        return torch.from_numpy(np.ascontiguousarray(img, dtype=np.float32))


class DeviceRenderer:
    """Renders a :class:`ShapeColorSet` where the model runs, with torch.

    On a GPU the NumPy renderer would feed every batch through host memory;
    here the coverage masks, hues and the colour table stay on the device and
    only the batch indices cross. Pixel noise comes from a torch generator, so
    runs that use it draw other noise than the CPU path (which never uses it).
    """

    def __init__(self, data: ShapeColorSet, device: str, seed: int):
        self.alpha = torch.from_numpy(data.alpha).to(device)
        self.background = torch.from_numpy(data.background).to(device)
        self.hue = torch.from_numpy(data.hue).to(device)
        table = _colour_table(float(data.luminance), float(data.chroma))
        self.table = torch.from_numpy(table.astype(np.float32)).to(device)
        self.noise_std = float(data.noise_std)
        self.generator = torch.Generator(device).manual_seed(seed)

    def render(self, index: np.ndarray, hue_shift: np.ndarray | None = None) -> torch.Tensor:
        """The same images as :meth:`ShapeColorSet.render` (up to the noise draw)."""
        device = self.alpha.device
        idx = torch.from_numpy(np.asarray(index, dtype=np.int64)).to(device)
        hue = self.hue[idx]
        if hue_shift is not None:
            hue = hue + torch.from_numpy(np.asarray(hue_shift, dtype=np.float64)).to(device)
        pos = torch.remainder(hue, 360.0) * (LUT_STEPS / 360.0)
        i = pos.floor().long().clamp(max=LUT_STEPS - 1)
        w = (pos - i).float()[:, None]
        rgb = self.table[i] * (1 - w) + self.table[i + 1] * w
        a = self.alpha[idx][:, None]
        img = self.background[idx][:, None, None, None] * (1 - a) + rgb[:, :, None, None] * a
        if self.noise_std > 0:
            u = torch.rand(img.shape, generator=self.generator, device=device) - 0.5
            img = img + self.noise_std * math.sqrt(12.0) * u
        return img


def held_out_pairs(n_classes: int, count: int, split_seed: int) -> np.ndarray:
    """Boolean ``(n_shapes, n_colours)`` matrix of held-out pairs.

    Pairs are taken a whole permuted diagonal at a time, so each shape and
    each colour loses at most ``ceil(count / n)`` partners and, while ``count``
    is at most ``n (n - 1)``, keeps at least one seen partner.
    """
    if count > n_classes * (n_classes - 1):
        raise ValueError(f"cannot hold out {count} of {n_classes**2} pairs")
    rng = np.random.default_rng(split_seed)
    perm = rng.permutation(n_classes)
    offsets = rng.permutation(n_classes)
    held = np.zeros((n_classes, n_classes), dtype=bool)
    taken = 0
    for k in offsets:
        for s in rng.permutation(n_classes):
            if taken == count:
                return held
            held[s, perm[(s + k) % n_classes]] = True
            taken += 1
    return held


def make_set(
    cfg: DataSpec,
    pairs: np.ndarray,
    per_pair: int,
    seed: int,
    hue_offset: float = 0.0,
) -> ShapeColorSet:
    """``per_pair`` images of each (shape, colour) in ``pairs`` (an ``(M, 2)`` array).

    With ``hue_offset`` > 0 each object's hue sits that many degrees off its
    class centre, towards one neighbour or the other at random: the
    colour-critical benchmark, where neighbouring classes come within
    ``360 / n - 2 * offset`` degrees of each other.
    """
    rng = np.random.default_rng(seed)
    pairs = np.repeat(np.asarray(pairs, dtype=np.int64), per_pair, axis=0)
    n, size = len(pairs), cfg.image_size
    shape, colour = pairs[:, 0], pairs[:, 1]
    radius = rng.uniform(0.2 * size, 0.34 * size, n).astype(np.float32)
    cx = radius + rng.uniform(0.0, 1.0, n).astype(np.float32) * (size - 2 * radius)
    cy = radius + rng.uniform(0.0, 1.0, n).astype(np.float32) * (size - 2 * radius)
    angle = np.deg2rad(rng.uniform(-1.0, 1.0, n) * cfg.rotation_degrees).astype(np.float32)
    # Dark or light grey, never near the objects' own grey level: the outline is
    # always a luminance edge (shape is visible in grey) and colour never is.
    dark = rng.uniform(size=n) < 0.5
    background = np.where(dark, rng.uniform(0.05, 0.3, n), rng.uniform(0.7, 0.95, n))
    background = background.astype(np.float32)
    sign = np.where(rng.uniform(size=n) < 0.5, -1.0, 1.0)
    hue = class_hues(cfg.n_classes)[colour] + hue_offset * sign
    alpha = render_alpha(shape, cx, cy, radius, angle, size)
    return ShapeColorSet(
        alpha, background, hue, shape, colour, cfg.lightness_y, cfg.chroma, cfg.noise_std
    )


@dataclass(frozen=True)
class DataSpec:
    """What the images depend on: the data fields of a run's resolved config.

    Built from the run's config dict (:meth:`of`), not from the study's config
    class, so the config module stays out of this package's import closure.
    The study's config object has the same attributes and can stand in for it.
    """

    image_size: int
    n_classes: int
    held_out_pairs: int
    train_per_pair: int
    val_per_pair: int
    test_per_pair: int
    rotation_degrees: float
    lightness_y: float
    chroma: float
    critical_offset: float
    noise_std: float

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> DataSpec:
        missing = [f.name for f in fields(cls) if f.name not in config]
        if missing:
            raise ValueError(f"run config lacks the data fields {', '.join(missing)}")
        return cls(**{f.name: config[f.name] for f in fields(cls)})


@dataclass
class StudyData:
    held_out: np.ndarray  # (n, n) bool, True = unseen in training
    train: ShapeColorSet
    val: ShapeColorSet  # every pair: the per-epoch curves and every choice of setting
    val_critical: ShapeColorSet  # every pair, hues off-centre by ``critical_offset``
    test: ShapeColorSet  # every pair, seen and unseen: read once, after training
    critical: ShapeColorSet  # every pair, hues off-centre by ``critical_offset``
    val_images: torch.Tensor
    val_critical_images: torch.Tensor
    test_images: torch.Tensor
    critical_images: torch.Tensor


def all_pairs(n: int) -> np.ndarray:
    return np.array([(s, c) for s in range(n) for c in range(n)])


def make_data(cfg: DataSpec, seed: int) -> StudyData:
    """Training set (seen pairs only), validation, test and benchmarks for ``seed``.

    The held-out pairs are drawn from the seed too: each seed tests another
    zero-shot split.
    """
    held = held_out_pairs(cfg.n_classes, cfg.held_out_pairs, seed_stream(seed, "split"))
    pairs = all_pairs(cfg.n_classes)
    seen = pairs[~held[pairs[:, 0], pairs[:, 1]]]
    off = cfg.critical_offset
    # Distinct streams per set: no set shares draws with another.
    train = make_set(cfg, seen, cfg.train_per_pair, seed_stream(seed, "train"))
    val = make_set(cfg, pairs, cfg.val_per_pair, seed_stream(seed, "val"))
    val_critical = make_set(
        cfg, pairs, cfg.val_per_pair, seed_stream(seed, "val_critical"), hue_offset=off
    )
    test = make_set(cfg, pairs, cfg.test_per_pair, seed_stream(seed, "test"))
    critical = make_set(
        cfg, pairs, cfg.test_per_pair, seed_stream(seed, "critical"), hue_offset=off
    )
    return StudyData(
        held,
        train,
        val,
        val_critical,
        test,
        critical,
        val.render(rng=rng(seed, "val_render")),
        val_critical.render(rng=rng(seed, "val_critical_render")),
        test.render(rng=rng(seed, "test_render")),
        critical.render(rng=rng(seed, "critical_render")),
    )
