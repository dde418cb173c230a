"""A linear colour probe on frozen features: is colour missing, or present and unused?

If the colour head fails on the colour-critical benchmark but a linear probe on
the same pooled features succeeds, the information is in the representation
and the head (or its training signal) does not use it.
"""

from __future__ import annotations

import warnings

import numpy as np
import torch
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from negresults.training import predict


def features(
    model: torch.nn.Module, images: torch.Tensor, device: str, batch: int = 512
) -> np.ndarray:
    """The pooled features the probe reads (float64, as scikit-learn prefers them)."""
    out = predict(model, images, device, batch_size=batch, forward=model.features)
    return out.double().numpy()


def colour_probe(
    train_features: np.ndarray,
    train_colour: np.ndarray,
    eval_sets: dict[str, tuple[np.ndarray, np.ndarray]],
    c: float,
    seed: int,
) -> dict[str, float]:
    """Fit a logistic-regression probe; return its accuracy (percent) on each evaluation set."""
    probe = make_pipeline(
        StandardScaler(), LogisticRegression(C=c, max_iter=2000, random_state=seed)
    )
    with warnings.catch_warnings():
        # A probe that stops at max_iter is still a valid (if slightly weaker) probe.
        warnings.simplefilter("ignore", ConvergenceWarning)
        probe.fit(train_features, train_colour)
    return {name: 100 * float(probe.score(x, y)) for name, (x, y) in eval_sets.items()}
