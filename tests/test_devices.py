"""Device choice, mixed precision and thread budgets."""

import pytest
import torch

from negresults.config import ConfigError
from negresults.devices import amp_dtype, autocast, limit_threads, resolve_device
from negresults.shape_color.config import PRESETS as SC_PRESETS
from negresults.shape_color.config import ShapeColorConfig
from negresults.transfer.config import PRESETS as TR_PRESETS
from negresults.transfer.config import TransferConfig


@pytest.mark.bad_input
def test_auto_device_is_concrete_and_cuda_without_a_gpu_is_refused(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert resolve_device("auto") == "cpu"
    with pytest.raises(ConfigError, match=r"device 'cuda' requested but no CUDA device"):
        resolve_device("cuda")
    with pytest.raises(ConfigError, match=r"unknown device 'tpu'; valid choices: auto, cpu, cuda"):
        resolve_device("tpu")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert resolve_device("auto") == "cuda"


def test_bf16_autocast_applies_on_cuda_only():
    a, b = torch.randn(8, 8), torch.randn(8, 8)
    with autocast("cpu", "bf16"):
        assert (a @ b).dtype == torch.float32  # the CPU path is never changed
    assert amp_dtype("cuda", "bf16") == amp_dtype("cuda:1", "bf16") == torch.bfloat16
    assert amp_dtype("cuda", "fp32") is None and amp_dtype("cpu", "bf16") is None
    with pytest.raises(ConfigError, match=r"unknown precision 'fp8'; valid choices: fp32, bf16"):
        autocast("cpu", "fp8")


@pytest.mark.parametrize(
    "config, presets", [(ShapeColorConfig, SC_PRESETS), (TransferConfig, TR_PRESETS)]
)
def test_the_gpu_preset_asks_for_bf16_and_the_others_for_fp32(config, presets):
    assert presets["gpu"].precision == "bf16"
    assert presets["smoke"].precision == presets["cpu"].precision == "fp32"
    with pytest.raises(ConfigError, match=r"invalid precision 'half'; valid choices: fp32, bf16"):
        config.from_params(preset="smoke", precision="half")


def test_a_thread_limit_is_undone_even_when_the_run_fails():
    before = torch.get_num_threads()
    with pytest.raises(RuntimeError, match="run failed"):
        with limit_threads(before + 1):
            assert torch.get_num_threads() == before + 1
            raise RuntimeError("run failed")
    assert torch.get_num_threads() == before
