"""The gpu preset's loaders, on tiny files written in torchvision's on-disk formats."""

from __future__ import annotations

import bz2
import pickle
import struct

import numpy as np
import pytest

from negresults.config import ConfigError
from negresults.executors import run_plan
from negresults.store import ResultStore
from negresults.transfer.compute import datasets
from negresults.transfer.compute import real_data as R
from negresults.transfer.config import TransferConfig as Config
from negresults.transfer.plan import arm_config, data_root, plan, pool_size, pretrain_config

RNG = np.random.default_rng(0)


def write_mnist(root, n_train=60, n_test=30):
    raw = root / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        images = RNG.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        labels = (np.arange(n) % 10).astype(np.uint8)
        (raw / f"{prefix}-images-idx3-ubyte").write_bytes(
            struct.pack(">IIII", 2051, n, 28, 28) + images.tobytes()
        )
        (raw / f"{prefix}-labels-idx1-ubyte").write_bytes(
            struct.pack(">II", 2049, n) + labels.tobytes()
        )


def write_usps(root, n_train=80, n_test=20):
    for name, n in (("usps.bz2", n_train), ("usps.t.bz2", n_test)):
        lines = []
        for i in range(n):
            pixels = RNG.uniform(-1, 1, 256)
            # libsvm format, labels 1..10
            lines.append(
                f"{i % 10 + 1} " + " ".join(f"{j + 1}:{v:.4f}" for j, v in enumerate(pixels))
            )
        (root / name).write_bytes(bz2.compress(("\n".join(lines) + "\n").encode()))


def write_cifar(root, per_batch=20):
    folder = root / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        entry = {
            "data": RNG.integers(0, 256, size=(per_batch, 3072), dtype=np.uint8),
            "labels": [i % 10 for i in range(per_batch)],
        }
        with (folder / name).open("wb") as f:
            pickle.dump(entry, f)


def write_stl(root, n_train=60, n_test=30):
    folder = root / "stl10_binary"
    folder.mkdir(parents=True)
    for split, n in (("train", n_train), ("test", n_test)):
        x = np.zeros((n, 3, 96, 96), dtype=np.uint8)
        x[:, :, 0, :] = 255  # the first row of every image is white
        # STL-10 stores images column-major: write the transpose
        (folder / f"{split}_X.bin").write_bytes(np.transpose(x, (0, 1, 3, 2)).tobytes())
        (folder / f"{split}_y.bin").write_bytes((np.arange(n) % 10 + 1).astype(np.uint8).tobytes())


def test_mnist_and_usps_formats(tmp_path):
    write_mnist(tmp_path)
    write_usps(tmp_path)
    x, y = R.read_mnist(tmp_path, train=True)
    assert x.shape == (60, 28, 28) and y.tolist()[:3] == [0, 1, 2]
    ux, uy = R.read_usps(tmp_path, train=False)
    assert ux.shape == (20, 16, 16) and uy.tolist()[:3] == [0, 1, 2]

    cfg = Config.from_params(
        preset="gpu",
        data_root=str(tmp_path),
        device="cpu",
        val_per_class=2,
        target_sizes=[2, 4],
        table_size=2,
        image_size=16,
    )
    assert pool_size(cfg) == 8 - 2  # 80 USPS images, 8 per class, 2 to validation
    source_train, source_val = datasets.load_source(pretrain_config(cfg, 0))
    assert tuple(source_train[0].shape) == (60, 1, 16, 16) and len(source_val[1]) == 30
    splits = datasets.load_target(arm_config(cfg, "scratch", 2, 0), 0)
    tx, ty = splits.test()
    assert tuple(tx.shape) == (20, 1, 16, 16) and float(tx.max()) <= 1.0
    assert len(splits.train(2)[1]) == 20 and len(splits.val()[1]) == 20


def test_cifar_and_stl_share_nine_classes(tmp_path):
    write_cifar(tmp_path)
    write_stl(tmp_path)
    cfg = Config.from_params(
        preset="gpu",
        dataset="cifar_stl",
        data_root=str(tmp_path),
        device="cpu",
        val_per_class=1,
        target_sizes=[2],
        table_size=2,
        image_size=32,
    )
    assert cfg.num_classes == 9 and cfg.channels == 3
    (sx, sy), _ = datasets.load_source(pretrain_config(cfg, 0))
    assert tuple(sx.shape[1:]) == (3, 32, 32)
    assert set(sy.tolist()) == set(range(9))  # frog dropped, the rest relabelled
    assert len(sy) == 5 * 20 * 9 // 10
    x, y = R.read_stl10(tmp_path, train=True)
    assert x.shape == (60, 3, 96, 96) and y.min() == 0 and y.max() == 9
    assert (x[:, :, 0, :] == 255).all() and (x[:, :, 1:, :] == 0).all()  # orientation restored
    splits = datasets.load_target(arm_config(cfg, "scratch", 2, 0), 0)
    tx, ty = splits.test()
    assert set(ty.tolist()) == set(range(9)) and len(ty) == 27  # monkey dropped


@pytest.mark.bad_input
def test_missing_files_name_the_folder(tmp_path):
    write_mnist(tmp_path)  # USPS is missing
    mnist_usps = Config.from_params(preset="gpu", data_root=str(tmp_path))
    with pytest.raises(ConfigError) as err:
        plan(mnist_usps)
    assert str(tmp_path) in str(err.value) and "usps.bz2" in str(err.value)
    cifar = Config.from_params(preset="gpu", dataset="cifar_stl", data_root=str(tmp_path))
    with pytest.raises(ConfigError, match="cifar-10-batches-py"):
        plan(cifar)
    # a runner reached without a plan refuses the same way
    with pytest.raises(ConfigError, match="usps.bz2"):
        datasets.load_target(arm_config(mnist_usps, "scratch", 5, 0), 0)


def test_data_root_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NEGRESULTS_DATA", str(tmp_path))
    cfg = Config.from_params(preset="gpu")
    assert data_root(cfg) == tmp_path.resolve()
    with pytest.raises(ConfigError, match=str(tmp_path)):
        plan(cfg)


SMALL = dict(
    preset="gpu",
    device="cpu",
    seeds=[0],
    table_seeds=1,
    shift_seeds=1,
    pilot_seeds=[100],
    pilot_sizes=[2],
    val_per_class=2,
    target_sizes=[2],
    table_size=2,
    image_size=16,
    width=4,
    feature_dim=8,
    pretrain_epochs=1,
    epochs=1,
    min_steps=2,
    eval_points=1,
    lr_grid=[1e-3],
    wd_grid=[0.0],
    augment_grid=["none"],
)


def test_whole_plan_runs_on_real_formats(tmp_path):
    write_mnist(tmp_path)
    write_usps(tmp_path)
    cfg = Config.from_params(**{**SMALL, "data_root": str(tmp_path)})
    assert cfg.levels == ("mnist_usps",)
    runs = run_plan(plan(cfg), ResultStore(tmp_path / "store"), progress=False)
    # pretrainings for the reported and the pilot seed; the pilot's two arms;
    # every arm at Table 1's size (the shift axis's runs are the same runs); one
    # run of the non-deep baselines on Table 1's images; and the budget axis's longer runs
    # (scratch, fine-tune and LP-FT at 4x the budget on the one seed)
    assert len(runs) == 2 + 2 + len(cfg.all_arms) + 1 + 3
    assert sum(r.kind == "transfer/baseline" for r in runs) == 1
    assert all(0.0 <= r.metrics.get("test_acc", 0.0) <= 100.0 for r in runs)


def test_other_data_files_under_the_same_name_rekey_every_run(tmp_path):
    """A store must not serve runs made from other files (a re-download, another copy)."""
    write_mnist(tmp_path)
    write_usps(tmp_path)
    cfg = Config.from_params(**{**SMALL, "data_root": str(tmp_path)})
    before = {t.key for stage in plan(cfg) for t in stage}
    usps = tmp_path / "usps.bz2"
    usps.write_bytes(usps.read_bytes() + b"\n")  # same name, other content
    after = {t.key for stage in plan(cfg) for t in stage}
    assert before and before.isdisjoint(after)
