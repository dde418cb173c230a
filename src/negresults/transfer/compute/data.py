"""The ``digits`` pair, offline: font-rendered source, handwritten target.

Source: the digits 0-9 rendered from the TrueType fonts that ship with
matplotlib, with random size, shift, rotation and stroke weight. Target:
scikit-learn's real handwritten digits (``load_digits``, 8x8), resized to the
same side length. Both are grey images in [0, 1] on a black background, so
the two domains look alike at a glance; they differ in what matters to a
small network: stroke shape, blur and the writers' habits.

How the images are split is :mod:`.splits`' business; which dataset a run
reads is looked up in :mod:`.datasets`.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

# Glyph templates are rasterised once at this resolution, then warped and
# downsampled per image, which keeps rendering one batched tensor operation.
TEMPLATE_SIZE = 48
# The source's nuisances, drawn uniformly per image (the method page cites them).
MAX_ROTATION_DEG = 15.0
MIN_SCALE, SCALE_SPAN = 0.85, 0.35  # glyph size relative to the template: 0.85 to 1.2
MAX_SHIFT = 0.0625  # fraction of the image side, either way
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


def render_digits(n: int, image_size: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` font-rendered digits, classes balanced, with random size, shift, rotation, stroke."""
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

    # A random similarity transform per image, applied in one batched resample.
    angle = (torch.rand(n, generator=gen) - 0.5) * 2 * np.deg2rad(MAX_ROTATION_DEG)
    scale = MIN_SCALE + SCALE_SPAN * torch.rand(n, generator=gen)
    # affine_grid spans [-1, 1], so a shift of 2 * MAX_SHIFT is one image side
    shift = (torch.rand(n, 2, generator=gen) - 0.5) * 2 * (2 * MAX_SHIFT)
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack(
        [torch.stack([cos, -sin, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)], 1
    )
    hi_res = 2 * image_size  # render at twice the size, then average down (anti-aliasing)
    grid = F.affine_grid(theta, (n, 1, hi_res, hi_res), align_corners=False)
    out = F.grid_sample(chosen, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    out = F.avg_pool2d(out, 2)
    return out.clamp(0, 1), labels


@lru_cache(maxsize=8)
def source_dataset(per_class: int, image_size: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The source domain for one seed (cached: every run of a seed in a process shares it)."""
    return render_digits(per_class * 10, image_size, seed)


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
