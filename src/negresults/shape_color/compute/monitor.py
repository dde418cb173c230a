"""Dense monitoring for the stability runs, as MoCo v3 (Chen, Xie, He 2021) found instability.

Per-epoch curves hide the dips a high learning rate causes: MoCo v3 saw them
only by reading accuracy every few tens of iterations, and saw the gradient
norm of the first layer spike just before each dip. :class:`DenseMonitor`
does both: every ``every`` optimiser steps it reads both heads' accuracy on
the whole validation split (a fixed set of images, so two readings differ
only because the model did), and after every step it records the gradient
norm of the first and of the last trained layer.

The instability quantity of a run is its **largest dip**: the largest fall of
the monitored accuracy below its own running maximum (a drawdown, in accuracy
points). A run that only rises has a dip of zero; evaluation noise alone gives
a small positive dip, which the report measures on the reference runs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn

from negresults.shape_color.compute.metrics import accuracy
from negresults.training import predict

EVAL_BATCH = 512
SPIKE_WINDOW = 20  # steps: a gradient spike is a norm above SPIKE_FACTOR x the median before it
SPIKE_FACTOR = 3.0


def grad_norm(module: nn.Module) -> float:
    """L2 norm of the gradients held by ``module``'s parameters (0 when none has one)."""
    grads = [p.grad.detach().flatten() for p in module.parameters() if p.grad is not None]
    return float(torch.linalg.vector_norm(torch.cat(grads))) if grads else 0.0


def first_trained_layer(model: nn.Module) -> nn.Module:
    """The patch embedding when it trains; the embedding's norm layer when it is frozen."""
    if any(p.requires_grad for p in model.patch_embed.parameters()):
        return model.patch_embed
    return model.embed_norm


def largest_dip(values: np.ndarray) -> float:
    """Largest fall of ``values`` below their running maximum (0 for a curve that only rises)."""
    v = np.asarray(values, dtype=float)
    return float(np.max(np.maximum.accumulate(v) - v)) if len(v) else float("nan")


def spikes(norms: np.ndarray) -> int:
    """Steps whose gradient norm is above ``SPIKE_FACTOR`` times the median of the window before."""
    x = np.asarray(norms, dtype=float)
    return int(
        sum(
            x[i] > SPIKE_FACTOR * np.median(x[i - SPIKE_WINDOW : i])
            for i in range(SPIKE_WINDOW, len(x))
        )
    )


class DenseMonitor:
    """Reads validation accuracy every ``every`` steps and gradient norms after every step."""

    def __init__(
        self,
        model: nn.Module,
        images: torch.Tensor,
        shape: np.ndarray,
        colour: np.ndarray,
        every: int,
        device: str,
        precision: str = "fp32",
    ):
        self.model, self.images, self.shape, self.colour = model, images, shape, colour
        self.every, self.device, self.precision = every, device, precision
        self.first, self.last = first_trained_layer(model), (model.shape_head, model.colour_head)
        self.step = 0
        self.grad_first: list[float] = []
        self.grad_last: list[float] = []
        self.rows: list[dict[str, Any]] = [self.read(0.0)]

    def read(self, loss: float) -> dict[str, Any]:
        was_training = self.model.training
        shape_logits, colour_logits = predict(
            self.model, self.images, self.device, batch_size=EVAL_BATCH, precision=self.precision
        )
        self.model.train(was_training)
        shape, colour = accuracy(shape_logits, self.shape), accuracy(colour_logits, self.colour)
        return {
            "step": self.step,
            "loss": loss,
            "monitor_shape_acc": shape,
            "monitor_colour_acc": colour,
            "monitor_acc": (shape + colour) / 2,
            "grad_first": self.grad_first[-1] if self.grad_first else float("nan"),
            "grad_last": self.grad_last[-1] if self.grad_last else float("nan"),
        }

    def __call__(self, loss: float) -> None:
        """After one optimiser step: log the gradient norms; every ``every`` steps, read accuracy."""
        self.step += 1
        self.grad_first.append(grad_norm(self.first))
        self.grad_last.append(sum(grad_norm(h) for h in self.last))
        if self.step % self.every == 0:
            self.rows.append(self.read(loss))

    def metrics(self) -> dict[str, float]:
        """The run's instability summary, from the dense readings."""
        acc = np.array([r["monitor_acc"] for r in self.rows])
        return {
            "max_dip": largest_dip(acc),
            "max_dip_shape": largest_dip(np.array([r["monitor_shape_acc"] for r in self.rows])),
            "max_dip_colour": largest_dip(np.array([r["monitor_colour_acc"] for r in self.rows])),
            "monitor_final_acc": float(acc[-1]),
            "monitor_images": len(self.shape),
            "monitor_readings": len(self.rows),
            "grad_spikes_first": spikes(np.array(self.grad_first)),
            "grad_spikes_last": spikes(np.array(self.grad_last)),
            "grad_max_first": float(np.max(self.grad_first)) if self.grad_first else float("nan"),
        }
