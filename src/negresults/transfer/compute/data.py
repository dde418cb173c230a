"""The ``digits`` pair, offline: font-rendered source, handwritten target.

Source: the digits 0-9 rendered from the TrueType fonts that ship with
matplotlib, with random size, shift, rotation and stroke weight. Target:
scikit-learn's real handwritten digits (``load_digits``, 8x8), resized to the
same side length. Both are grey images in [0, 1] on a black background.

How far the source sits from the target is a declared axis, :data:`SHIFT_LEVELS`
(named in :mod:`negresults.transfer.names`), from the subtlest to the hardest:

- ``writers``: no fonts at all: handwritten digits of the same collection,
  set aside once (:func:`.splits.split_target`'s reservoir) and never in any
  seed's target split. What is left is the shift between samples of writers:
  the no-shift control, reported apart from the shift levels below.
- ``mixed_light`` and ``mixed_heavy``: a mix of the two neighbouring sources.
  Each class keeps the control's size (``reservoir_per_class`` images), of
  which a declared share (the config's ``mixed_font_shares``, light then heavy)
  are ``acquired`` font renderings and the rest the control's handwriting (a
  per-class prefix of the seed's order of the reservoir). The larger the font
  share, the less handwriting the source model sees, and the larger its drop on
  the target. The mixing is :mod:`.datasets`' business (it reads the reservoir).
- ``acquired``: the fonts passed through the target's own acquisition. The
  UCI digits were written on forms, size-normalised into a 32x32 binary
  bitmap and counted in non-overlapping 4x4 blocks (17 grey levels, 0-16).
  Here each rendered glyph is cropped to its bounding box, scaled to fill
  the 32x32 frame, binarised and block-counted the same way.
- ``lowres``: only part of it: the rendered glyph (its size and position
  left as drawn) averaged down to 8x8 and quantised to 17 levels.
- ``fonts``: the crisp rendering, as drawn.
- ``outline``: harder: only the outline of each glyph's strokes is drawn.

How the images are split is :mod:`.splits`' business; which dataset a run
reads is looked up in :mod:`.datasets`.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from negresults.transfer.names import CONTROL_LEVEL, MIXED_LEVELS, SHIFT_LEVELS

# Glyph templates are rasterised once at this resolution, then warped and
# downsampled per image, which keeps rendering one batched tensor operation.
TEMPLATE_SIZE = 48
# The source's nuisances, drawn uniformly per image (the method page cites them).
MAX_ROTATION_DEG = 15.0
MIN_SCALE, SCALE_SPAN = 0.85, 0.35  # glyph size relative to the template: 0.85 to 1.2
MAX_SHIFT = 0.0625  # fraction of the image side, either way
# The levels drawn from fonts alone (the mixed ones draw their fonts as ``acquired``).
FONT_LEVELS = tuple(lv for lv in SHIFT_LEVELS if lv != CONTROL_LEVEL and lv not in MIXED_LEVELS)
# The target's acquisition (Alpaydin & Kaynak): a 32x32 bitmap counted in 4x4 blocks.
ACQUIRE_SIDE, ACQUIRE_BLOCK = 32, 4
GREY_LEVELS = ACQUIRE_BLOCK * ACQUIRE_BLOCK + 1  # 17: 0..16 pixels on per block
# Fonts whose code points for 0-9 are not digits (symbol and fallback fonts).
_NOT_DIGIT_FONTS = ("cmex10", "cmsy10", "cmmi10", "LastResort", "STIXSiz", "STIXNonUni")


@cache
def font_files() -> tuple[Path, ...]:
    """The matplotlib-bundled TTF fonts that draw 0-9 as digits."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    from matplotlib.ft2font import FT2Font

    keep = []
    for p in sorted(folder.glob("*.ttf")):
        if any(p.name.startswith(b) for b in _NOT_DIGIT_FONTS):
            continue
        font = FT2Font(str(p))
        # Index 0 is the "missing glyph" box some display fonts draw instead.
        if all(font.get_char_index(ord(str(d))) for d in range(10)):
            keep.append(p)
    return tuple(keep)


def _rasterise(path, size: int) -> np.ndarray:
    """Fill a glyph outline on a size x size grid, centred, aspect kept."""
    from matplotlib.path import Path as MplPath

    verts = path.vertices
    lo, hi = verts.min(axis=0), verts.max(axis=0)
    scale = 0.8 * size / max(hi - lo)
    centre = (lo + hi) / 2
    # polygons: contains_points with the even-odd rule via to_polygons
    ys, xs = np.mgrid[0:size, 0:size]
    pts = np.stack(
        [(xs.ravel() + 0.5 - size / 2) / scale, (size / 2 - ys.ravel() - 0.5) / scale], axis=1
    )
    pts = pts + centre
    inside = np.zeros(len(pts), dtype=bool)
    # Holes (the counter of 0, 4, 6, 8, 9) come out with even-odd filling.
    for poly in path.to_polygons(closed_only=True):
        inside ^= MplPath(poly).contains_points(pts)
    return inside.reshape(size, size).astype(np.float32)


@cache
def glyph_templates(size: int = TEMPLATE_SIZE) -> tuple[torch.Tensor, torch.Tensor]:
    """``(templates [F*10, 1, size, size], digit labels [F*10])`` for every bundled font."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    images, labels = [], []
    for font in font_files():
        prop = FontProperties(fname=str(font))
        for digit in range(10):
            images.append(_rasterise(TextPath((0, 0), str(digit), size=1, prop=prop), size))
            labels.append(digit)
    return torch.from_numpy(np.stack(images))[:, None], torch.tensor(labels)


def render_digits(
    n: int, image_size: int, seed: int, level: str = "fonts"
) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` font-rendered digits, classes balanced, with random size, shift, rotation, stroke.

    ``level`` names the shift level of :data:`SHIFT_LEVELS` (how the glyphs are drawn).
    """
    if level not in FONT_LEVELS:
        raise ValueError(f"unknown font level {level!r}; valid: {', '.join(FONT_LEVELS)}")
    templates, template_labels = glyph_templates()
    gen = torch.Generator().manual_seed(seed)
    labels = torch.arange(n) % 10
    labels = labels[torch.randperm(n, generator=gen)]
    n_fonts = len(templates) // 10
    font = torch.randint(0, n_fonts, (n,), generator=gen)
    chosen = templates[font * 10 + labels]
    assert torch.equal(template_labels[font * 10 + labels], labels)

    # Stroke weight: thin serif strokes vanish at 16 px, so glyphs are only
    # ever thickened (by 0, 1 or 2 template pixels).
    weight = torch.randint(0, 3, (n,), generator=gen)
    for w in (1, 2):
        thick = F.max_pool2d(chosen, 2 * w + 1, 1, w)
        chosen = torch.where((weight == w)[:, None, None, None], thick, chosen)
    if level == "outline":
        # The stroke minus its erosion by two template pixels: hollow digits.
        eroded = -F.max_pool2d(-chosen, 5, 1, 2)
        chosen = (chosen - eroded).clamp(0, 1)

    # A random similarity transform per image, applied in one batched resample.
    angle = (torch.rand(n, generator=gen) - 0.5) * 2 * np.deg2rad(MAX_ROTATION_DEG)
    scale = MIN_SCALE + SCALE_SPAN * torch.rand(n, generator=gen)
    # affine_grid spans [-1, 1], so a shift of 2 * MAX_SHIFT is one image side
    shift = (torch.rand(n, 2, generator=gen) - 0.5) * 2 * (2 * MAX_SHIFT)
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack(
        [torch.stack([cos, -sin, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)], 1
    )
    if level == "acquired":
        return acquire(_warp(chosen, theta, TEMPLATE_SIZE), image_size), labels
    if level == "lowres":
        side = ACQUIRE_SIDE
        out = F.avg_pool2d(_warp(chosen, theta, side), ACQUIRE_BLOCK)
        out = torch.round(out * (GREY_LEVELS - 1)) / (GREY_LEVELS - 1)
        return resize(out, image_size), labels
    hi_res = 2 * image_size  # render at twice the size, then average down (anti-aliasing)
    out = F.avg_pool2d(_warp(chosen, theta, hi_res), 2)
    return out.clamp(0, 1), labels


def _warp(images: torch.Tensor, theta: torch.Tensor, side: int) -> torch.Tensor:
    grid = F.affine_grid(theta, (len(images), 1, side, side), align_corners=False)
    out = F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    return out.clamp(0, 1)


def resize(images: torch.Tensor, image_size: int) -> torch.Tensor:
    """Bilinear resize, exactly as the target is resized (a no-op at the same side)."""
    if images.shape[-1] == image_size:
        return images
    out = F.interpolate(images, size=(image_size, image_size), mode="bilinear", align_corners=False)
    return out.clamp(0, 1)


def acquire(images: torch.Tensor, image_size: int) -> torch.Tensor:
    """The target's acquisition: bounding box scaled to fill 32x32, binarised, 4x4 block counts.

    The box keeps its aspect ratio; its longer side fills the frame, centred.
    One batched resample maps every image's box onto its frame.
    """
    n, _, h, w = images.shape
    ink = images[:, 0] > 0.5
    rows, cols = ink.any(2), ink.any(1)  # [n, h], [n, w]: which rows and columns hold ink

    def span(mask: torch.Tensor, size: int) -> tuple[torch.Tensor, torch.Tensor]:
        pos = torch.arange(size, dtype=torch.float32).expand(n, size)
        first = pos.masked_fill(~mask, float(size)).min(1).values
        last = pos.masked_fill(~mask, -1.0).max(1).values
        empty = ~mask.any(1)  # no ink: keep the whole frame
        return first.masked_fill(empty, 0.0), last.masked_fill(empty, float(size - 1))

    top, bottom = span(rows, h)
    left, right = span(cols, w)
    # Box centre and half-size in the [-1, 1] coordinates of the input (pixel edges).
    cy = ((top + bottom + 1) / 2) / h * 2 - 1
    cx = ((left + right + 1) / 2) / w * 2 - 1
    half = torch.maximum((bottom - top + 1) / h, (right - left + 1) / w)
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = theta[:, 1, 1] = half
    theta[:, 0, 2], theta[:, 1, 2] = cx, cy
    out = _warp(images, theta, ACQUIRE_SIDE)
    bitmap = (out > 0.5).float()
    counts = F.avg_pool2d(bitmap, ACQUIRE_BLOCK) * (ACQUIRE_BLOCK * ACQUIRE_BLOCK)
    return resize(counts / (GREY_LEVELS - 1), image_size)


@lru_cache(maxsize=8)
def source_dataset(
    per_class: int, image_size: int, seed: int, level: str = "fonts"
) -> tuple[torch.Tensor, torch.Tensor]:
    """The source domain for one seed and shift level (cached per process)."""
    return render_digits(per_class * 10, image_size, seed, level)


@cache
def _digits_raw() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits

    d = load_digits()
    return d.images.astype(np.float32) / 16.0, d.target.astype(np.int64)


def digits_class_counts() -> list[int]:
    return np.bincount(_digits_raw()[1], minlength=10).tolist()


@lru_cache(maxsize=4)
def digits_images(image_size: int) -> tuple[torch.Tensor, torch.Tensor]:
    """All 1,797 load_digits images resized to ``image_size`` (bilinear), with labels."""
    images, labels = _digits_raw()
    x = torch.from_numpy(images)[:, None]
    x = F.interpolate(x, size=(image_size, image_size), mode="bilinear", align_corners=False)
    return x.clamp(0, 1), torch.from_numpy(labels)
