"""Copies of one model trained side by side as one stacked model.

A stored arm run trains its whole grid, and the points of that grid that
differ only in learning rate and weight decay read the very same batches
(one seed, one data order, one augmentation stream: :func:`.train.training_inputs`).
Each fit alone is a few thousand weights and 32 images a step, so its time
goes to per-op overhead, not arithmetic; stacking the copies along a leading
axis pays that overhead once a step for all of them.

:func:`fit_stacked` is :func:`.train.fit` for ``G`` learning rates and weight
decays at once and returns one history per copy, with :func:`.train.fit`'s
rows. It is written to reproduce ``G`` separate fits bit for bit, and on the
CPU it does for the cpu preset's model (checked for every arm, the whole grid
of a run): a fit can be chaotic enough that last-bit differences grow to a
percent of a loss within 120 steps (one of the cpu preset's did, at rate 0.01
with augmentation), so "agrees to float rounding" would not be enough. Hence:

- the stacked forward (:func:`forward`) runs each copy's layers as one wider
  layer: a convolution as a grouped convolution (a copy per group), a linear
  layer as a batched matrix product. Each copy's slice goes through the same
  kernels as a lone model, so logits and gradients come out identical.
  ``torch.func.vmap`` of the module gives the same logits, but its batching
  rule sums the convolution biases' gradients in another order (and its
  pooling ran several times slower), so it is not used. One exception seen:
  the first convolution, which reads the shared input as one layer of ``G``
  times the channels, summed its weight gradient in another order when a
  copy had 8 channels (the smoke preset) rather than 16 or 32, so there the
  copies agree with lone fits to float rounding only;
- the optimiser (:class:`StackedAdamW`) is torch's own fused AdamW kernel,
  called once per copy on that copy's slice with its own rate and decay.
  The kernel is not correctly rounded (a few elements per thousand land an
  ulp or two from the exact update), so a hand-written update with the same
  formula differs from it in the last bit, which those fits amplify.

Only the layers of :mod:`.model` are covered (:func:`supports`), on the CPU
in fp32 (:func:`supported`); any other module or device trains point by point.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from negresults.devices import amp_dtype, configure_backends
from negresults.transfer.compute import model as models
from negresults.transfer.compute.train import (
    EVAL_BATCH,
    accuracy,
    make_optimizer,
    training_inputs,
)

# Copies scored in one evaluation forward, as images per forward times copies:
# the images per forward stay predict's (so the logits are its logits) and
# the copies per forward shrink instead. Scoring is memory-bound once a
# layer's activations leave the cache: on the cpu preset's 500 test images,
# 4 copies a forward took half the time of 16 (and of 12 at once).
EVAL_PAIRS = 2 * EVAL_BATCH


class Unsupported(ValueError):
    """A module :func:`forward` cannot stack exactly."""


def supported(device: str, precision: str) -> bool:
    """Whether :func:`fit_stacked` may stand in for :func:`.train.fit` on this device.

    The CPU without autocast (fp32; bf16 is a no-op on the CPU, see
    :func:`negresults.devices.amp_dtype`), where the two are checked to agree.
    On CUDA the stacked kernels (cuDNN's grouped convolutions, batched matrix
    products, TF32 on, bf16 autocast in the gpu preset) would round on their
    own terms and have not been checked against lone fits, so GPU runs keep
    training point by point, as before.
    """
    return device.split(":")[0] == "cpu" and amp_dtype(device, precision) is None


def supports(module: nn.Module) -> bool:
    """Whether every layer of ``module`` is one :func:`forward` stacks exactly."""
    if type(module) in _CONTAINERS:
        return all(supports(child) for child in module.children())
    rule = _LAYERS.get(type(module))
    return rule is not None and rule[0](module)


# -- the stacked forward ----------------------------------------------------------
#
# An activation is held in one of three layouts:
#   "shared"  [B, ...]          the same for every copy (no trained layer yet);
#   "grouped" [B, G*C, H, W]    copy g owns channels g*C .. (g+1)*C - 1;
#   "rows"    [G, B, F]         copy first.
# Every parameter of the trained layers is stacked, [G, *shape], under its name.


def _conv_ok(m: nn.Conv2d) -> bool:
    return m.groups == 1 and m.padding_mode == "zeros"


def _conv(m: nn.Conv2d, name: str, h: torch.Tensor, kind: str, params: dict, copies: int):
    w, b = params[name + "weight"], params.get(name + "bias")
    if kind == "rows":
        raise Unsupported("a convolution after a flatten")
    # One grouped convolution: each group computes what the copy's own layer would.
    groups = 1 if kind == "shared" else copies
    out = F.conv2d(
        h,
        w.flatten(0, 1),
        None if b is None else b.flatten(),
        m.stride,
        m.padding,
        m.dilation,
        groups,
    )
    return out, "grouped"


def _linear(m: nn.Linear, name: str, h: torch.Tensor, kind: str, params: dict, copies: int):
    if kind == "grouped":
        raise Unsupported("a linear layer on feature maps (no flatten before it)")
    if isinstance(m, models.NormedLinear):
        # The normalisation is per row, so it reads shared inputs once.
        h = F.layer_norm(h, h.shape[-1:])
    if kind == "shared":
        h = h.expand(copies, *h.shape)
    w, b = params[name + "weight"], params.get(name + "bias")
    wt = w.transpose(1, 2)
    out = torch.bmm(h, wt) if b is None else torch.baddbmm(b.unsqueeze(1), h, wt)
    return out, "rows"


def _relu(m: nn.ReLU, name: str, h: torch.Tensor, kind: str, params: dict, copies: int):
    return F.relu(h), kind


def _max_pool(m: nn.MaxPool2d, name: str, h: torch.Tensor, kind: str, params: dict, copies: int):
    if kind == "rows":
        raise Unsupported("pooling after a flatten")
    # The CPU pooling kernel pays per (image, channel) plane in the default
    # layout and G times the channels made it the slowest op of a step; in
    # channels-last it vectorises over channels. Same maxima, same argmax; the
    # result goes back to the default layout, which the convolutions' exact
    # agreement with a lone model needs.
    pooled = F.max_pool2d(
        h.contiguous(memory_format=torch.channels_last),
        m.kernel_size,
        m.stride,
        m.padding,
        m.dilation,
        ceil_mode=m.ceil_mode,
    )
    return pooled.contiguous(), kind


def _flatten(m: nn.Flatten, name: str, h: torch.Tensor, kind: str, params: dict, copies: int):
    if kind == "shared":
        return torch.flatten(h, 1), kind
    if kind == "rows":
        raise Unsupported("a second flatten")
    # [B, G*C, H, W] -> [G, B, C*H*W]: each copy's features in its own flatten order.
    return h.reshape(len(h), copies, -1).transpose(0, 1), "rows"


# Layer type -> (whether this instance is covered, its stacked forward). Exact
# types, not subclasses: a subclass may change forward (as NormedLinear does,
# which is listed with its own rule inside _linear).
_LAYERS = {
    nn.Conv2d: (_conv_ok, _conv),
    nn.Linear: (lambda m: True, _linear),
    models.NormedLinear: (lambda m: True, _linear),
    nn.ReLU: (lambda m: True, _relu),
    nn.MaxPool2d: (lambda m: not m.return_indices, _max_pool),
    nn.Flatten: (lambda m: m.start_dim == 1 and m.end_dim == -1, _flatten),
}
# Modules whose forward applies their children in registration order
# (Classifier: backbone then head; Backbone: its Sequential).
_CONTAINERS = (nn.Sequential, models.Backbone, models.Classifier)


def forward(module: nn.Module, params: dict[str, torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """Every copy's output of ``module`` on ``x`` (shared by all): ``[G, B, classes]``.

    ``params`` holds each trained parameter stacked, ``[G, *shape]``, under its
    name in ``module``; a layer whose parameters are not in it (frozen) may
    only come before every trained layer, where its output is the same for all.
    """
    copies = len(next(iter(params.values())))
    h, kind = _run(module, "", x, "shared", params, copies)
    if kind != "rows":
        raise Unsupported("the model does not end in a trained linear layer")
    return h


def _run(module, name, h, kind, params, copies):
    if type(module) in _CONTAINERS:
        for child_name, child in module.named_children():
            h, kind = _run(child, f"{name}{child_name}.", h, kind, params, copies)
        return h, kind
    rule = _LAYERS.get(type(module))
    if rule is None or not rule[0](module):
        raise Unsupported(f"no stacked rule for {module!r}")
    trained = [name + n in params for n, _ in module.named_parameters(recurse=False)]
    if trained and not any(trained):
        # Frozen: the same for every copy, so only while the input is too.
        if kind != "shared":
            raise Unsupported(f"a frozen {type(module).__name__} after a trained layer")
        with torch.no_grad():
            return module(h), kind
    if not all(trained):
        raise Unsupported(f"{type(module).__name__} with only some of its parameters trained")
    return rule[1](module, name, h, kind, params, copies)


# -- the optimiser -------------------------------------------------------------------


class StackedAdamW:
    """The AdamW of :func:`.train.make_optimizer` for each copy of stacked parameters,
    with a learning rate and weight decay per copy.

    Each step calls the fused kernel that optimiser runs (``torch._fused_adamw_``,
    what ``torch.optim.AdamW(fused=True)`` calls) once per copy, on views of that
    copy's slice of every parameter and its moments: the same tensors, shapes
    and step count a lone optimiser would hand it, so the update is the same
    to the bit. Betas and eps are read from a :func:`.train.make_optimizer`
    optimiser; where that is not a fused AdamW, or this torch lacks the
    kernel, each copy gets its own :func:`.train.make_optimizer` instead:
    as exact, but its Python wrapper made the update 4.5 times slower (2.2 ms
    a step for 11 copies, a quarter of the step, against 0.5 ms).
    """

    def __init__(
        self,
        params: Sequence[torch.Tensor],
        lrs: Sequence[float],
        weight_decays: Sequence[float],
        *,
        use_kernel: bool = True,
    ):
        self.lrs = [float(v) for v in lrs]
        self.wds = [float(v) for v in weight_decays]
        params = list(params)
        if not all(len(p) == len(self.lrs) == len(self.wds) for p in params):
            raise ValueError("every parameter needs one copy per learning rate and weight decay")
        # Views of each copy's slice: what a lone model of that copy would own.
        self.views = [[p.detach()[g] for p in params] for g in range(len(self.lrs))]
        defaults = make_optimizer([torch.zeros(1, requires_grad=True)], 1.0, 0.0).defaults
        kernel = getattr(torch, "_fused_adamw_", None)
        self.kernel = (
            kernel
            if use_kernel
            and kernel is not None
            and defaults.get("fused")
            and not defaults.get("amsgrad")
            and not defaults.get("maximize")
            and not defaults.get("capturable")
            else None
        )
        if self.kernel is None:
            self.optimizers = [
                make_optimizer(v, lr, wd)
                for v, lr, wd in zip(self.views, self.lrs, self.wds, strict=True)
            ]
            return
        self.beta1, self.beta2 = defaults["betas"]
        self.eps = defaults["eps"]
        exp_avg = [torch.zeros_like(p) for p in params]
        exp_avg_sq = [torch.zeros_like(p) for p in params]
        self.exp_avg = [[m[g] for m in exp_avg] for g in range(len(self.lrs))]
        self.exp_avg_sq = [[v[g] for v in exp_avg_sq] for g in range(len(self.lrs))]
        # torch keeps a float32 step count per parameter on its device; every
        # parameter of every copy steps together, so one count serves them all.
        self.step_count = torch.zeros((), dtype=torch.float32, device=params[0].device)
        self.steps = [self.step_count] * len(params)

    @torch.no_grad()
    def step(self, grads: Sequence[torch.Tensor]) -> None:
        """One AdamW step of every copy; ``grads`` stacked as the parameters are."""
        # The kernel walks a gradient's memory in order, as if it were laid out
        # like its parameter (as .grad always is); a gradient from
        # autograd.grad may not be (a linear weight's comes back transposed).
        grads = [grad.contiguous() for grad in grads]
        if self.kernel is None:
            for g, optimizer in enumerate(self.optimizers):
                for p, grad in zip(self.views[g], grads, strict=True):
                    p.grad = grad[g]
                optimizer.step()
            return
        self.step_count += 1
        for g, (lr, wd) in enumerate(zip(self.lrs, self.wds, strict=True)):
            self.kernel(
                self.views[g],
                [grad[g] for grad in grads],
                self.exp_avg[g],
                self.exp_avg_sq[g],
                [],
                self.steps,
                lr=lr,
                beta1=self.beta1,
                beta2=self.beta2,
                weight_decay=wd,
                eps=self.eps,
                amsgrad=False,
                maximize=False,
            )


# -- the training loop ---------------------------------------------------------------


def fit_stacked(
    model: nn.Module,
    train: tuple[torch.Tensor, torch.Tensor],
    evals: dict[str, tuple[torch.Tensor, torch.Tensor]],
    *,
    lrs: Sequence[float],
    weight_decays: Sequence[float],
    eval_steps: list[int],
    batch_size: int,
    generator: torch.Generator,
    device: str,
    augmentation: str = "none",
    precision: str = "fp32",
    features: nn.Module | None = None,
    read_until: int | None = None,
    late: tuple[str, ...] = ("val",),
) -> list[list[dict[str, Any]]]:
    """:func:`.train.fit` at every ``(lrs[i], weight_decays[i])`` at once, from one start.

    Every copy starts from ``model``'s weights, reads the batches
    :func:`.train.fit` would read with ``generator`` (one stream for all) and
    is scored at ``eval_steps`` (past ``read_until``, only the sets in
    ``late``). Returns one history per copy, each with :func:`.train.fit`'s
    rows. ``model`` itself is left as it came; its parameters that do not
    require grad (a frozen part) are shared by all copies, not stacked.
    """
    if not supported(device, precision):
        raise ValueError(f"fit_stacked covers the CPU in fp32; got {precision!r} on {device!r}")
    if not supports(model) or not any(p.requires_grad for p in model.parameters()):
        raise Unsupported(f"fit_stacked cannot stack {type(model).__name__}")
    configure_backends(device)
    model.to(device)
    train = tuple(t.to(device) for t in train)
    copies = len(lrs)
    stacked = {
        name: p.detach().unsqueeze(0).repeat(copies, *([1] * p.dim())).requires_grad_()
        for name, p in model.named_parameters()
        if p.requires_grad
    }
    weights = list(stacked.values())
    optimizer = StackedAdamW(weights, lrs, weight_decays)
    source = training_inputs(train, batch_size, generator, augmentation, features)
    histories: list[list[dict[str, Any]]] = [[] for _ in range(copies)]
    done = 0
    for step in sorted(set(eval_steps)):
        total = [0.0] * copies
        count = 0
        for _ in range(step - done):
            xb, yb = next(source)
            xb, yb = xb.to(device, non_blocking=True), yb.to(device, non_blocking=True)
            logits = forward(model, stacked, xb)
            n = len(yb)
            # Per-sample losses, averaged per copy and summed over copies: the
            # copies share no weights, so each one's gradient is its own loss's,
            # the same to the bit as cross_entropy's mean.
            per_sample = F.cross_entropy(logits.flatten(0, 1), yb.repeat(copies), reduction="none")
            grads = torch.autograd.grad(per_sample.view(copies, n).mean(1).sum(), weights)
            optimizer.step(grads)
            # The loss values as fit reports them: each copy's cross_entropy mean
            # (its sum runs in an order a batched reduction does not reproduce),
            # read back in one transfer, each float times the batch in double.
            with torch.no_grad():
                values = torch.stack([F.cross_entropy(lg, yb) for lg in logits.detach()])
            for i, v in enumerate(values.tolist()):
                total[i] += v * n
            count += n
        done = step
        rows: list[dict[str, Any]] = [
            {"step": done, "train_loss": t / max(count, 1)} for t in total
        ]
        for name, (x, y) in evals.items():
            if read_until is not None and done > read_until and name not in late:
                continue
            logits = _predict(model, stacked, x, device)
            y = y.cpu()
            for i, row in enumerate(rows):
                row[f"{name}_logits"] = logits[i]
                row[f"{name}_acc"] = accuracy(logits[i], y)
                row[f"{name}_loss"] = float(F.cross_entropy(logits[i], y))
                row[f"{name}_pred"] = logits[i].argmax(1)
        for history, row in zip(histories, rows, strict=True):
            history.append(row)
    return histories


def _predict(
    model: nn.Module, stacked: dict[str, torch.Tensor], x: torch.Tensor, device: str
) -> torch.Tensor:
    """Every copy's logits on ``x``, ``[G, N, classes]``, float32 on the CPU.

    The images go in predict's batches of :data:`.train.EVAL_BATCH` (so each
    copy's logits are the ones predict gives a lone model); the copies go in
    groups of about :data:`EVAL_PAIRS` images over the batch's size (each
    group's grouped convolutions compute what the copies' own would).
    """
    copies = len(next(iter(stacked.values())))
    per_forward = max(1, EVAL_PAIRS // max(1, min(len(x), EVAL_BATCH)))
    out = []
    with torch.no_grad():
        params = {k: v.detach() for k, v in stacked.items()}
        for lo in range(0, copies, per_forward):
            some = {k: v[lo : lo + per_forward] for k, v in params.items()}
            parts = [
                forward(model, some, x[i : i + EVAL_BATCH].to(device)).float().cpu()
                for i in range(0, len(x), EVAL_BATCH)
            ]
            out.append(torch.cat(parts, dim=1))
    return torch.cat(out)
