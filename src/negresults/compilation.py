"""``torch.compile`` behind a config switch, falling back to eager in one warning line.

Compilation (inductor) speeds the small models of both studies up on CPU and
GPU, at a one-time cost per model shape that the on-disk caches of inductor
and the FX graph cache pay only once per machine: every worker of a sweep
shares them (``TORCHINDUCTOR_CACHE_DIR``, default a per-user folder under the
temporary directory), so each shape compiles once, not once per run.

A machine without a C++ compiler, or a backend that fails on a model, must
not crash a sweep or slow it down silently: :func:`compile_model` then runs
eager and logs one line that names the reason. ``benchmarks/bench.py``
measures what compilation buys and costs on this machine.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from typing import Any

import torch
from torch import nn

log = logging.getLogger("negresults")

# Compilers inductor's CPU backend can drive; the first on PATH is used.
CXX_NAMES = ("c++", "g++", "clang++")


def cpu_compiler() -> str | None:
    """The C++ compiler inductor would use on the CPU, or None when there is none."""
    import torch._inductor.config as inductor_config

    configured = inductor_config.cpp.cxx
    names = [c for c in (configured if isinstance(configured, tuple) else (configured,)) if c]
    for name in [*names, *CXX_NAMES]:
        path = shutil.which(name)
        if path:
            return path
    return None


def why_not_compile(device: str) -> str | None:
    """Why this machine cannot compile for ``device`` (None when it can)."""
    if not hasattr(torch, "compile"):
        return "this torch has no torch.compile"
    if device.startswith("cpu") and cpu_compiler() is None:
        return f"no C++ compiler on PATH (looked for {', '.join(CXX_NAMES)})"
    return None


class EagerFallback(nn.Module):
    """A compiled module that becomes its eager original if compiling fails.

    Compilation is lazy: it happens in the first forward call, so that is
    where a failing backend shows. The first call is tried compiled; on an
    error it is repeated eagerly (a genuine bug in the model then raises from
    the eager call, as it would without compilation) and every later call
    runs eager. Parameters are the original module's, so the optimiser, the
    state dict and the frozen-layer checks see the same tensors either way.
    """

    def __init__(self, module: nn.Module, compiled: Callable[..., Any]):
        super().__init__()
        self.module = module
        # Kept out of nn.Module's registry: the compiled wrapper holds the same
        # parameters, and registering it would list them (and the state dict) twice.
        object.__setattr__(self, "_compiled", compiled)
        object.__setattr__(self, "_tried", False)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        if self._compiled is None:
            return self.module(*args, **kwargs)
        if self._tried:
            return self._compiled(*args, **kwargs)
        try:
            out = self._compiled(*args, **kwargs)
        except Exception as err:  # noqa: BLE001 - any backend failure means: run eager
            reason = _root_cause(err)
            log.warning("torch.compile failed (%s); running eager", reason)
            object.__setattr__(self, "_compiled", None)
            object.__setattr__(self, "fallback_reason", reason)  # runners refuse to store it
            return self.module(*args, **kwargs)
        object.__setattr__(self, "_tried", True)
        return out

    # The wrapper is transparent: state dicts and the model's own methods
    # (``features`` for probes, say) are the eager module's.
    def state_dict(self, *args: Any, **kwargs: Any) -> Any:
        return self.module.state_dict(*args, **kwargs)

    def load_state_dict(self, *args: Any, **kwargs: Any) -> Any:
        return self.module.load_state_dict(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        try:
            return super().__getattr__(name)
        except AttributeError:
            return getattr(super().__getattr__("module"), name)

    @property
    def compiled(self) -> bool:
        """True while the compiled graph is in use (False after a fallback)."""
        return self._compiled is not None


def _root_cause(err: BaseException) -> str:
    """``Type: first line`` of the innermost cause (dynamo wraps the backend's own error)."""
    while True:
        inner = getattr(err, "inner_exception", None) or err.__cause__
        if inner is None:
            break
        err = inner
    text = str(err).strip()
    return f"{type(err).__name__}: {text.splitlines()[0]}" if text else type(err).__name__


def compile_model(
    model: nn.Module, enabled: bool, device: str = "cpu", backend: str | Callable = "inductor"
) -> nn.Module:
    """``model`` compiled with ``backend`` when ``enabled`` and possible, else ``model`` itself.

    Returns an :class:`EagerFallback` wrapper when compiling, so a failure at
    the first call degrades to eager with one warning line instead of a crash.
    """
    if not enabled:
        return model
    reason = why_not_compile(device)
    if reason is not None:
        log.warning("torch.compile is not available (%s); running eager", reason)
        return model
    return EagerFallback(model, torch.compile(model, backend=backend))


def unwrap(model: nn.Module) -> nn.Module:
    """The eager module behind :func:`compile_model`'s wrapper (for state dicts and probes)."""
    return model.module if isinstance(model, EagerFallback) else model
