"""Linear probes on frozen features: is an attribute missing, or present and unused?

If a head fails on the colour-critical benchmark but a linear probe on the
same pooled features succeeds, the information is in the representation and
the head (or its training signal) does not use it. The same probe on the
features of the random-init network says how much of that the architecture
gives for free.

The heads are trained on class-centre hues and class labels; the hue probe's
target (an object's exact hue, drawn across its whole class) is one no head
was ever trained on, so a good hue probe on trained features is information
the network keeps without being asked to.
"""

from __future__ import annotations

import warnings

import numpy as np
import torch
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, RidgeCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from negresults.training import predict

LAYERS = ("pooled", "intermediate")  # the final pooled features; pooled after the first block


def features(
    model: torch.nn.Module,
    images: torch.Tensor,
    device: str,
    batch: int = 512,
    layer: str = "pooled",
) -> np.ndarray:
    """The features the probes read at ``layer`` (float64, as scikit-learn prefers them)."""
    forward = model.features if layer == "pooled" else model.intermediate_features
    out = predict(model, images, device, batch_size=batch, forward=forward)
    return out.double().cpu().numpy()


def hue_regression(
    train_features: np.ndarray,
    train_hues: np.ndarray,
    test_features: np.ndarray,
    test_hues: np.ndarray,
) -> float:
    """Mean absolute error (degrees) on test of a ridge regression from features to hue.

    The probe regresses the hue's cosine and sine (the hue circle has no
    ends) and reads the angle back. Hues are drawn across each whole class, so
    the offset from the class centre is a target no head is trained on: a
    probe that knew only the class would err by a quarter of a class spacing
    on average. The ridge strength is chosen by cross-validation on the
    training features only.
    """

    def circle(h: np.ndarray) -> np.ndarray:
        return np.stack([np.cos(np.deg2rad(h)), np.sin(np.deg2rad(h))], axis=1)

    probe = make_pipeline(StandardScaler(), RidgeCV(alphas=np.logspace(-3, 3, 13)))
    probe.fit(train_features, circle(train_hues))
    pred = probe.predict(test_features)
    angle = np.rad2deg(np.arctan2(pred[:, 1], pred[:, 0]))
    return float(np.mean(np.abs((angle - test_hues + 180.0) % 360.0 - 180.0)))


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
