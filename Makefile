# The two commands: `make book` and `make test`. Each sets everything up first.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# The preset: `make book PRESET=gpu`, else the NEGRESULTS_PRESET variable, else cpu.
PRESET ?= $(or $(NEGRESULTS_PRESET),cpu)
EXECUTOR ?= local

.PHONY: book test lint format sweep clean distclean

# Reinstall only when the project's requirements change.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## Run every experiment the book needs (memoised) and render the book.
book: $(STAMP)
	$(PY) -m negresults book --preset $(PRESET) --executor $(EXECUTOR)

## Lint, then the whole test suite (builds the book on the smoke preset).
test: $(STAMP)
	@bash .ci/browser-deps.sh
	$(PY) -m ruff check .
	$(PY) -m pytest

## Only the experiments, e.g. `make sweep PRESET=gpu EXECUTOR=slurm`.
sweep: $(STAMP)
	$(PY) -m negresults sweep all --preset $(PRESET) --executor $(EXECUTOR)

lint: $(STAMP)
	$(PY) -m ruff check .

format: $(STAMP)
	$(PY) -m ruff format src tests notebooks benchmarks

clean:
	rm -rf book/_build runs

distclean: clean
	rm -rf $(VENV) results
