"""A small convolutional classifier split into a backbone and a head.

The backbone is what transfers; the head is always new on the target. Which
parts train is the arm's business (:func:`build`), and every random
initialisation is drawn from a generator seeded by the run's seed, so the
arms of one seed start from identical heads and scratch starts from the very
backbone initialisation that pretraining started from.
"""

from __future__ import annotations

from collections.abc import Mapping

import torch
from torch import nn

from negresults.training import seed_stream

# Offsets keep the seeded streams of one seed apart (backbone, head, data order).
BACKBONE_STREAM, HEAD_STREAM, ORDER_STREAM = 11, 23, 37


class Backbone(nn.Module):
    """conv-relu-pool x2, then a fully connected feature layer."""

    def __init__(self, channels: int, image_size: int, width: int, feature_dim: int):
        super().__init__()
        side = image_size // 4
        self.net = nn.Sequential(
            nn.Conv2d(channels, width, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(width, 2 * width, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(2 * width * side * side, feature_dim),
            nn.ReLU(),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class Classifier(nn.Module):
    def __init__(self, backbone: nn.Module, head: nn.Module):
        super().__init__()
        self.backbone = backbone
        self.head = head

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.backbone(x))


def seeded(seed: int, stream: int):
    """A context in which torch's default initialisers draw from ``(seed, stream)``."""
    rng = torch.random.fork_rng(devices=[])

    class _Ctx:
        def __enter__(self):
            rng.__enter__()
            torch.manual_seed(seed_stream(seed, stream))

        def __exit__(self, *exc):
            return rng.__exit__(*exc)

    return _Ctx()


def make_backbone(params: Mapping, seed: int) -> Backbone:
    with seeded(seed, BACKBONE_STREAM):
        return Backbone(
            params["channels"], params["image_size"], params["width"], params["feature_dim"]
        )


class NormedLinear(nn.Linear):
    """A linear layer that reads its input layer-normalised, without learned scale or shift.

    Frozen features keep whatever scale pretraining left them at, so a linear
    probe on them wanted learning rates at the top of any grid we gave it (0.3,
    then 1.0, then 3.0 as the grid grew). Normalising the features, as MAE's
    linear probe does with a parameter-free BatchNorm, puts the probe's rate
    inside the grid shared by every arm. It has the parameters, the names and
    the seeded initialisation of ``nn.Linear``, so every arm of a seed still
    starts from the same head weights.
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(nn.functional.layer_norm(x, x.shape[-1:]))


def make_head(
    kind: str, feature_dim: int, num_classes: int, seed: int, normalise: bool = False
) -> nn.Module:
    """``"linear"`` or ``"mlp"`` (one hidden layer); ``normalise``: its first layer reads
    layer-normalised features (:class:`NormedLinear`), for heads on a frozen backbone."""
    first = NormedLinear if normalise else nn.Linear
    with seeded(seed, HEAD_STREAM):
        if kind == "linear":
            return first(feature_dim, num_classes)
        if kind == "mlp":
            return nn.Sequential(
                first(feature_dim, feature_dim), nn.ReLU(), nn.Linear(feature_dim, num_classes)
            )
    raise ValueError(f"unknown head {kind!r}; valid: linear, mlp")


# What each arm starts from and what it trains. A head on a frozen backbone
# reads normalised features (see NormedLinear); a trained backbone sets its own scale.
# LP-FT (Kumar et al. 2022) first fits its head on the frozen backbone (so it
# reads normalised features, as the linear probe does), then fine-tunes everything.
ARM_SPEC = {
    "scratch": {"pretrained": False, "frozen": False, "head": "linear"},
    "finetune": {"pretrained": True, "frozen": False, "head": "linear"},
    "lpft": {"pretrained": True, "frozen": False, "head": "linear", "probe_first": True},
    "linear_probe": {"pretrained": True, "frozen": True, "head": "linear"},
    "frozen_head": {"pretrained": True, "frozen": True, "head": "mlp"},
}


def build(
    arm: str, params: Mapping, seed: int, pretrained: Mapping[str, torch.Tensor] | None
) -> Classifier:
    """The arm's model for one seed: backbone (random or pretrained) plus a fresh seeded head."""
    spec = ARM_SPEC[arm]
    backbone = make_backbone(params, seed)
    if spec["pretrained"]:
        if pretrained is None:
            raise ValueError(f"arm {arm!r} needs the pretrained weights")
        prefix = "backbone."
        backbone.load_state_dict(
            {k[len(prefix) :]: v for k, v in pretrained.items() if k.startswith(prefix)}
        )
    normalise = spec["frozen"] or spec.get("probe_first", False)
    head = make_head(spec["head"], params["feature_dim"], params["num_classes"], seed, normalise)
    model = Classifier(backbone, head)
    if spec["frozen"]:
        model.backbone.requires_grad_(False)
    return model
