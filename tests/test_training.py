"""The shared training primitives: one step, batched inference, a run's thread budget."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from threadpoolctl import threadpool_info
from torch import nn

from negresults.config import ConfigError
from negresults.runners import RunOutput
from negresults.shape_color.compute import runners as sc_runners
from negresults.shape_color.config import ShapeColorConfig
from negresults.shape_color.plan import stability_task
from negresults.training import predict, run_threads, train_step
from negresults.transfer.compute import runners
from negresults.transfer.config import TransferConfig
from negresults.transfer.plan import arm_config, plan, pretrain_config


class TwoHeads(nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.body = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5))
        self.a, self.b = nn.Linear(8, 3), nn.Linear(8, 2)

    def features(self, x):
        return self.body(x)

    def forward(self, x):
        h = self.body(x)
        return self.a(h), self.b(h)


def test_train_step_is_one_plain_sgd_step_without_leftover_gradients():
    torch.manual_seed(0)
    x, y = torch.randn(16, 4), torch.randint(0, 3, (16,))
    net, ref = nn.Linear(4, 3), nn.Linear(4, 3)
    ref.load_state_dict(net.state_dict())
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    ref_opt = torch.optim.SGD(ref.parameters(), lr=0.1)
    # A stale gradient must not leak into the step: zero_grad comes first.
    for p in net.parameters():
        p.grad = torch.full_like(p, 100.0)

    loss = train_step(net, opt, x, y, F.cross_entropy, "cpu", "fp32")

    ref_loss = F.cross_entropy(ref(x), y)
    ref_opt.zero_grad()
    ref_loss.backward()
    ref_opt.step()
    assert not loss.requires_grad and torch.equal(loss, ref_loss.detach())
    for p, q in zip(net.parameters(), ref.parameters(), strict=True):
        assert torch.equal(p, q)


def test_predict_matches_one_big_batch_for_any_batch_size():
    net = TwoHeads()
    x = torch.randn(23, 4)
    net.eval()
    with torch.no_grad():
        full_a, full_b = net(x)
        full_features = net.features(x)
    net.train()  # predict must switch dropout off itself
    for batch_size in (1, 5, 23, 64):
        a, b = predict(net, x, "cpu", batch_size=batch_size)
        assert a.dtype == torch.float32 and a.device.type == "cpu"
        assert torch.allclose(a, full_a) and torch.allclose(b, full_b)
        f = predict(net, x, "cpu", batch_size=batch_size, forward=net.features)
        assert torch.allclose(f, full_features)
    assert not net.training


def test_predicted_features_can_be_trained_on():
    # The frozen-backbone arms train a head on features from predict; inference
    # tensors would refuse to be saved for backward.
    net = TwoHeads()
    feats = predict(net, torch.randn(10, 4), "cpu", batch_size=4, forward=net.features)
    assert not feats.is_inference()
    head = nn.Linear(8, 3)
    opt = torch.optim.SGD(head.parameters(), lr=0.1)
    train_step(head, opt, feats, torch.zeros(10, dtype=torch.long), F.cross_entropy, "cpu")


def _blas_threads() -> set[int]:
    return {pool["num_threads"] for pool in threadpool_info()}


def test_run_threads_applies_the_config_and_restores_the_previous_budget():
    before = torch.get_num_threads()
    blas_before = _blas_threads()
    with run_threads({"threads": 3}) as n:
        assert n == 3 and torch.get_num_threads() == 3
        assert _blas_threads() <= {3}
    assert torch.get_num_threads() == before and _blas_threads() == blas_before


@pytest.mark.bad_input
@pytest.mark.parametrize("value", [0, -1, 1.5, True])
def test_run_threads_refuses_a_bad_count(value):
    with pytest.raises(ConfigError, match="threads must be a positive integer"):
        with run_threads({"threads": value}):
            pass


def _record_threads(seen):
    def fake(*args, **kwargs):
        seen.append(torch.get_num_threads())
        return RunOutput(metrics={})

    return fake


@pytest.fixture
def caller_uses_one_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def test_every_runner_applies_its_configs_threads(monkeypatch, caller_uses_one_thread):
    """Whatever the caller's budget, a run executes with its config's ``threads``."""
    seen: list[int] = []
    sc = ShapeColorConfig.from_params(preset="smoke", device="cpu", threads=2)
    monkeypatch.setattr(
        sc_runners, "fit", lambda cfg, lr, **kw: (None, None, _record_threads(seen)())
    )
    # A stability run on the rate axis trains at its own rate, so it reads no tuning runs.
    sc_runners.run_stability(stability_task(sc, "baseline", sc.stability_rates[0], 0).config, [])

    tr = TransferConfig.from_params(preset="smoke", device="cpu", threads=2)
    monkeypatch.setattr(runners, "_pretrain", _record_threads(seen))
    monkeypatch.setattr(runners, "_arm", _record_threads(seen))
    runners.run_pretrain(pretrain_config(tr, 0, "cpu"), [])
    runners.run_arm(arm_config(tr, "scratch", 2, 0, "cpu"), [])
    assert seen == [2, 2, 2]
    assert torch.get_num_threads() == 1


def test_threads_is_in_every_transfer_run_key():
    a = TransferConfig.from_params(preset="smoke", device="cpu")
    b = a.replace(threads=2)
    keys_a = {t.key for s in plan(a) for t in s}
    keys_b = {t.key for s in plan(b) for t in s}
    assert keys_a.isdisjoint(keys_b)
    assert arm_config(b, "finetune", 2, 0, "cpu")["pretrain"]["threads"] == 2


def test_seed_streams_are_reproducible_distinct_and_take_any_seed():
    from negresults.training import rng, seed_stream, torch_generator

    assert seed_stream(3, "order") == seed_stream(3, "order")
    # The old arithmetic seed * 1000 + stream made (1, 1000) and (2, 0) the same stream.
    assert seed_stream(1, 1000) != seed_stream(2, 0)
    assert len({seed_stream(s, k) for s in range(50) for k in ("a", "b", 0, 1)}) == 200
    assert 0 <= seed_stream(10**20, "x") < 2**63
    assert rng(0, "a").integers(1 << 30) == rng(0, "a").integers(1 << 30)
    a = torch.rand(3, generator=torch_generator(5, 1))
    assert torch.equal(a, torch.rand(3, generator=torch_generator(5, 1)))
    assert not torch.equal(a, torch.rand(3, generator=torch_generator(5, 2)))
