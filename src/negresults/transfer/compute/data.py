"""Offline source and target domains.

Source: the digits 0-9 rendered from the TrueType fonts that ship with
matplotlib, with random size, shift, rotation and stroke weight. Target:
scikit-learn's real handwritten digits (``load_digits``, 8x8), resized to the
same side length. Both are grey images in [0, 1] on a black background, so
the two domains look alike at a glance; they differ in what matters to a
small network: stroke shape, blur and the writers' habits.

The target split: a fixed test set (drawn once, never by a run's seed), then
for every seed a validation split and a training subset of the requested size
drawn from what is left (the pool). One seed fixes the validation split, the
subset and (in :mod:`train`) the data order and the head initialisation, for
every arm alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

# Glyph templates are rasterised once at this resolution, then warped and
# downsampled per image, which keeps rendering one batched tensor operation.
TEMPLATE_SIZE = 48
# The split of load_digits into a fixed test set must not move with a run's
# seed; this constant decides it once for every run.
TEST_SPLIT_SEED = 20_240_607
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


def _per_class_take(labels: np.ndarray, order: np.ndarray, k: int, num_classes: int) -> np.ndarray:
    """The first ``k`` indices of every class in ``order`` (stratified draw)."""
    picked = [order[labels[order] == c][:k] for c in range(num_classes)]
    return np.sort(np.concatenate(picked))


@dataclass
class TargetSplits:
    """The target domain for one seed: fixed test set, per-seed validation and pool.

    Runs reach the test set only through :meth:`test`, so a test can check that
    learning-rate selection never calls it.
    """

    images: torch.Tensor
    labels: torch.Tensor
    test_index: np.ndarray
    val_index: np.ndarray
    pool_order: np.ndarray  # the seed's order of the pool; subsets are its per-class prefixes
    num_classes: int
    test_images: torch.Tensor | None = None  # real datasets keep their own test split
    test_labels: torch.Tensor | None = None

    def train(self, per_class: int) -> tuple[torch.Tensor, torch.Tensor]:
        """The seed's training subset: nested, so larger sizes contain the smaller ones."""
        idx = _per_class_take(self.labels.numpy(), self.pool_order, per_class, self.num_classes)
        return self.images[idx], self.labels[idx]

    def train_index(self, per_class: int) -> np.ndarray:
        return _per_class_take(self.labels.numpy(), self.pool_order, per_class, self.num_classes)

    def val(self) -> tuple[torch.Tensor, torch.Tensor]:
        return self.images[self.val_index], self.labels[self.val_index]

    def test(self) -> tuple[torch.Tensor, torch.Tensor]:
        if self.test_images is not None:
            return self.test_images, self.test_labels
        return self.images[self.test_index], self.labels[self.test_index]


def split_target(
    images: torch.Tensor,
    labels: torch.Tensor,
    seed: int,
    val_per_class: int,
    pool_per_class: int,
    num_classes: int,
    test_per_class: int = 0,
    test_images: torch.Tensor | None = None,
    test_labels: torch.Tensor | None = None,
) -> TargetSplits:
    """Stratified splits: the test set from a fixed seed, validation and pool from ``seed``."""
    y = labels.numpy()
    everything = np.arange(len(y))
    if test_images is None:
        fixed = np.random.default_rng(TEST_SPLIT_SEED).permutation(everything)
        test_index = _per_class_take(y, fixed, test_per_class, num_classes)
    else:
        test_index = np.array([], dtype=np.int64)
    rest = np.setdiff1d(everything, test_index)
    order = np.random.default_rng([seed, 1]).permutation(rest)
    val_index = _per_class_take(y, order, val_per_class, num_classes)
    remaining = order[~np.isin(order, val_index)]
    pool = _per_class_take(y, remaining, pool_per_class, num_classes)
    pool_order = remaining[np.isin(remaining, pool)]  # keep the seed's order
    return TargetSplits(
        images, labels, test_index, val_index, pool_order, num_classes, test_images, test_labels
    )


# Tenth of the rendered source held out to report source accuracy.
SOURCE_VAL_FRACTION = 0.1


def load_source(
    params,
) -> tuple[tuple[torch.Tensor, torch.Tensor], tuple[torch.Tensor, torch.Tensor]]:
    """Source ``(train, val)`` for a task config mapping (its ``seed`` picks the sample)."""
    if params["dataset"] != "digits":
        from negresults.transfer.compute.real_data import load_source as load_real

        return load_real(params)
    x, y = source_dataset(params["source_per_class"], params["image_size"], params["seed"])
    n_val = max(10, int(len(y) * SOURCE_VAL_FRACTION))
    return (x[n_val:], y[n_val:]), (x[:n_val], y[:n_val])


def load_target(params, seed: int) -> TargetSplits:
    """The target splits for one seed, from a task config mapping."""
    if params["dataset"] != "digits":
        from negresults.transfer.compute.real_data import load_target as load_real

        return load_real(params, seed)
    images, labels = digits_images(params["image_size"])
    return split_target(
        images,
        labels,
        seed,
        params.get("val_per_class", 0),
        params.get("pool_per_class", 0),
        10,
        test_per_class=params["test_per_class"],
    )
