"""Zero-shot pair metrics in the style of compositional zero-shot learning (CZSL).

A pair's score is the sum of the two heads' log-probabilities. A calibration
bias added to every *unseen* pair's score trades seen-pair accuracy for
unseen-pair accuracy (Chao et al. 2016; Purushwalkam et al. 2019); sweeping it
traces a seen/unseen curve whose area (AUC) and best harmonic mean summarise
the trade-off independently of one bias.
"""

from __future__ import annotations

import numpy as np
import torch


def accuracy(logits: torch.Tensor, labels: np.ndarray) -> float:
    """Top-1 accuracy in percent (the one unit of every stored and reported accuracy)."""
    return 100 * float((logits.argmax(1).cpu().numpy() == labels).mean())


def harmonic_mean(a: float, b: float) -> float:
    return 0.0 if a + b == 0 else 2 * a * b / (a + b)


def pair_metrics(
    shape_logits: torch.Tensor,
    colour_logits: torch.Tensor,
    shape: np.ndarray,
    colour: np.ndarray,
    held_out: np.ndarray,
    bias: float | None = None,
) -> dict[str, float]:
    """Seen/unseen pair accuracy at zero bias, best harmonic mean and AUC over the bias.

    All in percent; the AUC is the share of the unit seen x unseen square under
    the curve. The best harmonic mean sweeps the bias on the very images it is
    read on, so it is an upper bound; with ``bias`` (chosen on validation by
    :func:`calibration_bias`) the ``cal_*`` entries are read at that one bias.
    ``best_bias`` is the bias of the best harmonic mean.
    """
    ls = torch.log_softmax(shape_logits.double(), 1).cpu().numpy()
    lc = torch.log_softmax(colour_logits.double(), 1).cpu().numpy()
    scores = (ls[:, :, None] + lc[:, None, :]).reshape(len(ls), -1)  # (N, shapes*colours)
    unseen_pair = held_out.reshape(-1)
    n_col = held_out.shape[1]
    label = shape * n_col + colour
    label_unseen = unseen_pair[label]

    best_seen = np.where(unseen_pair[None], -np.inf, scores).argmax(1)
    best_unseen = np.where(unseen_pair[None], scores, -np.inf).argmax(1)
    rows = np.arange(len(scores))
    # With bias b the prediction is the best unseen pair exactly when b > gap.
    gap = scores[rows, best_seen] - scores[rows, best_unseen]
    hit_seen = best_seen == label
    hit_unseen = best_unseen == label

    def at(bias: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        correct = np.where(bias[:, None] > gap[None], hit_unseen[None], hit_seen[None])
        return correct[:, ~label_unseen].mean(1), correct[:, label_unseen].mean(1)

    cuts = np.unique(gap)
    biases = np.concatenate([[cuts[0] - 1.0], (cuts[:-1] + cuts[1:]) / 2, [cuts[-1] + 1.0]])
    seen_curve, unseen_curve = at(biases)
    seen0, unseen0 = (float(x[0]) for x in at(np.zeros(1)))
    # Raising the bias only moves predictions from seen to unseen pairs, so seen
    # accuracy falls and unseen accuracy rises monotonically along ``biases``;
    # read backwards, the curve runs left to right.
    auc = float(np.trapezoid(unseen_curve[::-1], seen_curve[::-1]))
    hm_curve = np.where(
        seen_curve + unseen_curve > 0,
        2 * seen_curve * unseen_curve / np.maximum(seen_curve + unseen_curve, 1e-12),
        0.0,
    )
    best = int(hm_curve.argmax())
    out = {}
    if bias is not None:
        cal_seen, cal_unseen = (float(x[0]) for x in at(np.array([bias])))
        out = {
            "cal_bias": float(bias),
            "cal_seen_acc": 100 * cal_seen,
            "cal_unseen_acc": 100 * cal_unseen,
            "cal_hm": 100 * harmonic_mean(cal_seen, cal_unseen),
        }
    return {
        **out,
        "best_bias": float(biases[best]),
        "seen_acc": 100 * seen0,
        "unseen_acc": 100 * unseen0,
        "hm": 100 * harmonic_mean(seen0, unseen0),
        "best_hm": 100 * float(hm_curve.max()),
        "auc": 100 * auc,
    }
