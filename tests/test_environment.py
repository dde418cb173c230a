"""environment.yml (Binder) and pyproject.toml must ask for the same packages."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONDA_TO_PIP = {"pytorch": "torch"}  # conda-forge names that differ from PyPI's


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", req)
    assert m, req
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(
        _split(r) for r in project["dependencies"] + project["optional-dependencies"]["lab"]
    )

    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    got: dict[str, str] = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            got.update(_split(r) for r in dep["pip"])
            continue
        name, spec = _split(dep)
        if name in ("python", "pip"):
            continue
        # conda's "==VERSION=BUILD": compare the version part with pip's pin.
        spec = spec.split("=cpu")[0]
        got[CONDA_TO_PIP.get(name, name)] = spec

    assert sorted(got) == sorted(wanted), "package names differ"
    assert got == wanted, "version constraints differ"


def test_environment_is_python_311_and_cpu_pytorch():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = [d for d in env["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in deps
    assert any(d.startswith("pytorch") and d.endswith("cpu*") for d in deps)


def test_no_binder_folder_hides_the_root_environment():
    assert not (ROOT / "binder").exists()
    assert (ROOT / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"
    assert "jupytext-config set-default-viewer" in (ROOT / "postBuild").read_text()


def test_the_repository_turns_off_jupyterlabs_news_pop_up_wherever_it_is_installed():
    import json
    import tomllib

    import jupyterlab

    shipped = ROOT / "jupyterlab-settings" / "negresults.json"
    settings = json.loads(shipped.read_text())
    plugin = "@jupyterlab/apputils-extension:notification"
    assert settings[plugin]["fetchNews"] == "false"
    # The value is one the installed JupyterLab's schema accepts ("none" asks the reader).
    schema = Path(jupyterlab.__file__).parent / "schemas" / "@jupyterlab" / "apputils-extension"
    fetch = json.loads((schema / "notification.json").read_text())["properties"]["fetchNews"]
    assert "false" in [c["const"] for c in fetch["oneOf"]] and fetch["default"] == "none"
    # Installed by the package (pip, the lab extra) and by Binder's postBuild.
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["data-files"]
    assert data["share/jupyter/lab/settings/overrides.d"] == ["jupyterlab-settings/negresults.json"]
    assert "jupyterlab-settings/negresults.json" in (ROOT / "postBuild").read_text()
    # An editable install (make's .venv) places no data-files: the Makefile copies it.
    make = (ROOT / "Makefile").read_text()
    assert "cp jupyterlab-settings/negresults.json $(LAB_SETTINGS)/" in make
    assert "LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.d" in make
