"""Token embedding -> Transformer encoder (or a parameter-matched MLP) -> two heads.

The variants differ in a few declared switches (:data:`VARIANT_SPEC`): which
token embedding (a small conv stem, or a linear patch projection), whether it
is frozen at its random initialisation (MoCo v3 froze a linear patch
projection to stabilise ViT training), whether the token mixer is
self-attention or a per-token MLP with the same number of parameters (tokens
then never exchange information before pooling), and which heads are trained
(the single-attribute controls train one).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import torch
from torch import nn

# variant -> (token embedding, embedding frozen at its random init, attention, heads trained)
VARIANT_SPEC = {
    "baseline": ("conv", False, True, ("shape", "colour")),
    "frozen_linear": ("linear", True, True, ("shape", "colour")),
    # The frozen projection's reference: the same linear projection, trained.
    "trained_linear": ("linear", False, True, ("shape", "colour")),
    "frozen_conv": ("conv", True, True, ("shape", "colour")),
    "no_attention": ("conv", False, False, ("shape", "colour")),
    "shape_only": ("conv", False, True, ("shape",)),
    "colour_only": ("conv", False, True, ("colour",)),
}


def sincos_position_code(grid: int, width: int) -> torch.Tensor:
    """Fixed 2-D sine-cosine position code ``(grid*grid, width)``: nothing to train or freeze."""
    quarter = width // 4
    omega = 1.0 / (10_000 ** (torch.arange(quarter, dtype=torch.float32) / quarter))
    ys, xs = torch.meshgrid(
        torch.arange(grid, dtype=torch.float32),
        torch.arange(grid, dtype=torch.float32),
        indexing="ij",
    )
    parts = []
    for coord in (xs.flatten(), ys.flatten()):
        angle = coord[:, None] * omega[None]
        parts += [torch.sin(angle), torch.cos(angle)]
    return torch.cat(parts, dim=1)


def matched_hidden(width: int) -> int:
    """Hidden width of the MLP that stands in for self-attention with equal parameters.

    Multi-head attention holds ``4 w^2 + 4 w`` parameters; a ``w -> h -> w``
    MLP holds ``2 w h + h + w``.
    """
    return max(1, round((4 * width * width + 3 * width) / (2 * width + 1)))


class Mlp(nn.Sequential):
    def __init__(self, width: int, hidden: int):
        super().__init__(nn.Linear(width, hidden), nn.GELU(), nn.Linear(hidden, width))


class SelfAttention(nn.Module):
    def __init__(self, width: int, heads: int):
        super().__init__()
        self.attn = nn.MultiheadAttention(width, heads, batch_first=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.attn(x, x, x, need_weights=False)[0]


class Block(nn.Module):
    """Pre-norm residual block: token mixer, then a per-token feed-forward layer."""

    def __init__(self, width: int, heads: int, mlp_ratio: int, attention: bool):
        super().__init__()
        self.norm1 = nn.LayerNorm(width)
        self.mixer = SelfAttention(width, heads) if attention else Mlp(width, matched_hidden(width))
        self.norm2 = nn.LayerNorm(width)
        self.mlp = Mlp(width, mlp_ratio * width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.mixer(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class ConvStem(nn.Sequential):
    """Stride-2 3x3 convolutions down to one token per ``patch_size`` pixels (Xiao et al. 2021).

    Batch normalisation between the convolutions (as in Xiao et al.'s stem) lets
    the small network learn shape within the step budget of the ``cpu`` preset.
    """

    def __init__(self, patch_size: int, width: int):
        steps = int(math.log2(patch_size))
        chans = [3] + [max(16, width >> (steps - i)) for i in range(1, steps)] + [width]
        layers: list[nn.Module] = []
        for i in range(steps):
            layers.append(nn.Conv2d(chans[i], chans[i + 1], 3, stride=2, padding=1))
            if i < steps - 1:
                layers += [nn.BatchNorm2d(chans[i + 1]), nn.GELU()]
        super().__init__(*layers)


class LinearPatchEmbedding(nn.Conv2d):
    """One linear map from each ``patch_size``-square patch to a token (ViT's patch projection).

    Initialised as a random (semi-)orthogonal matrix, so its rank is full:
    ``min(3 * patch_size**2, width)``. MoCo v3 (Chen et al. 2021) froze this
    projection at its random initialisation to stabilise training.
    """

    def __init__(self, patch_size: int, width: int):
        super().__init__(3, width, kernel_size=patch_size, stride=patch_size, bias=False)
        flat = torch.empty(width, 3 * patch_size * patch_size)
        nn.init.orthogonal_(flat)
        with torch.no_grad():
            self.weight.copy_(flat.view_as(self.weight))

    def matrix(self) -> torch.Tensor:
        return self.weight.detach().flatten(1)


class ShapeColorNet(nn.Module):
    def __init__(
        self,
        image_size: int,
        patch_size: int,
        width: int,
        depth: int,
        heads: int,
        mlp_ratio: int,
        n_shapes: int,
        n_colours: int,
        attention: bool = True,
        stem: str = "conv",
    ):
        super().__init__()
        grid = image_size // patch_size
        self.patch_embed = (
            ConvStem(patch_size, width)
            if stem == "conv"
            else LinearPatchEmbedding(patch_size, width)
        )
        # Normalised tokens keep a frozen random stem's output on the same scale as
        # the position code, so freezing changes what is learned, not the signal size.
        self.embed_norm = nn.LayerNorm(width)
        self.register_buffer("position", sincos_position_code(grid, width), persistent=False)
        self.blocks = nn.Sequential(
            *[Block(width, heads, mlp_ratio, attention) for _ in range(depth)]
        )
        self.norm = nn.LayerNorm(width)
        self.shape_head = nn.Linear(width, n_shapes)
        self.colour_head = nn.Linear(width, n_colours)

    def features(self, images: torch.Tensor) -> torch.Tensor:
        """Mean-pooled token features: what both heads and the linear probe read."""
        return self.norm(self.blocks(self.tokens(images)).mean(dim=1))

    def tokens(self, images: torch.Tensor) -> torch.Tensor:
        """The embedded tokens, position code added: what the first block reads."""
        # Centre the sRGB input so a zero-initialised bias starts near the data.
        x = self.embed_norm(self.patch_embed(images - 0.5).flatten(2).transpose(1, 2))
        return x + self.position

    def intermediate_features(self, images: torch.Tensor) -> torch.Tensor:
        """Mean-pooled tokens after the first block: the intermediate layer the probes read."""
        return self.blocks[0](self.tokens(images)).mean(dim=1)

    def forward(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        f = self.features(images)
        return self.shape_head(f), self.colour_head(f)


def build_model(cfg: Mapping[str, Any]) -> ShapeColorNet:
    """The network for one run config; a frozen embedding has ``requires_grad`` off.

    The one place a model is constructed (a compile switch would wrap it here).
    """
    stem, freeze, attention, _ = VARIANT_SPEC[cfg["variant"]]
    model = ShapeColorNet(
        cfg["image_size"],
        cfg["patch_size"],
        cfg["width"],
        cfg["depth"],
        cfg["heads"],
        cfg["mlp_ratio"],
        cfg["n_classes"],
        cfg["n_classes"],
        attention=attention,
        stem=stem,
    )
    if freeze:
        model.patch_embed.requires_grad_(False)
    return model


def trained_heads(variant: str) -> tuple[str, ...]:
    return VARIANT_SPEC[variant][3]


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


def mixer_parameters(model: ShapeColorNet) -> int:
    return sum(count_parameters(b.mixer) for b in model.blocks)
