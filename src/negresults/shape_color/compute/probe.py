"""Linear probes on frozen features: is an attribute missing, or present and unused?

If a head fails on the colour-critical benchmark but a linear probe on the
same pooled features succeeds, the information is in the representation and
the head (or its training signal) does not use it. The same probe on the
features of the random-init network says how much of that the architecture
gives for free.
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
    """The pooled features the probes read (float64, as scikit-learn prefers them)."""
    out = predict(model, images, device, batch_size=batch, forward=model.features)
    return out.double().cpu().numpy()


def linear_probe(
    train_features: np.ndarray,
    train_labels: np.ndarray,
    eval_sets: dict[str, tuple[np.ndarray, np.ndarray]],
    c: float,
    seed: int,
) -> dict[str, float]:
    """Fit a logistic-regression probe; return its accuracy (percent) on each evaluation set."""
    probe = make_pipeline(
        StandardScaler(), LogisticRegression(C=c, max_iter=500, random_state=seed)
    )
    with warnings.catch_warnings():
        # A probe that stops at max_iter is still a valid (if slightly weaker) probe.
        warnings.simplefilter("ignore", ConvergenceWarning)
        probe.fit(train_features, train_labels)
    return {name: 100 * float(probe.score(x, y)) for name, (x, y) in eval_sets.items()}
