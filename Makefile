# The two commands: `make book` and `make test`. Each sets everything up first.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# The preset: `make book PRESET=gpu`, else the NEGRESULTS_PRESET variable, else cpu.
PRESET ?= $(or $(NEGRESULTS_PRESET),cpu)
EXECUTOR ?= local

.PHONY: book test lint format sweep lab clean distclean

LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.d

# Reinstall only when the project's requirements change. An editable install
# does not place pyproject's data-files, so the repository's JupyterLab
# settings (no news pop-up) are copied where JupyterLab reads them.
$(STAMP): pyproject.toml jupyterlab-settings/negresults.json
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@mkdir -p $(LAB_SETTINGS)
	cp jupyterlab-settings/negresults.json $(LAB_SETTINGS)/
	@touch $(STAMP)

## Run every experiment the book needs (memoised) and render the book.
book: $(STAMP)
	$(PY) -m negresults book --preset $(PRESET) --executor $(EXECUTOR)

## Lint, then the whole test suite (builds the book on the smoke preset), one
## pytest-xdist worker per core (pyproject's --dist loadgroup keeps tests that
## share the smoke book or a module's fixture on one worker). One worker more
## than the cores was tried on the 2-core machine: the suite took 978 s against
## 864 s, so the cores, not waiting, bound it.
test: $(STAMP)
	@bash .ci/browser-deps.sh
	$(PY) -m ruff check .
	$(PY) -m pytest -n auto

## Only the experiments, e.g. `make sweep PRESET=gpu EXECUTOR=slurm`.
sweep: $(STAMP)
	$(PY) -m negresults sweep all --preset $(PRESET) --executor $(EXECUTOR)

## JupyterLab on the chapters, as Binder opens them (jupyterlab-myst, no news pop-up).
lab: $(STAMP)
	$(VENV)/bin/jupyter lab

lint: $(STAMP)
	$(PY) -m ruff check .

format: $(STAMP)
	$(PY) -m ruff format src tests notebooks benchmarks

clean:
	rm -rf book/_build runs

distclean: clean
	rm -rf $(VENV) results
