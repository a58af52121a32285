# Two commands on a fresh machine:  `make report` builds the reports, `make test` runs the tests.
# Each sets up what it needs first: Debian packages (when root), then .venv with the project installed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
export JUPYTER_PREFER_ENV_PATH := 1
export MPLBACKEND := Agg
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Python keeps compiled modules (and pytest its rewritten test modules) in the __pycache__ folders git ignores,
# even where the environment says PYTHONDONTWRITEBYTECODE (an empty value is unset): without them every xdist
# worker, notebook kernel and CLI subprocess of `make test` compiled analysis/ and tests/ again (measured
# 2026-12-07: collection 5.6 s CPU per process cold, 2.3 s with the cache)
export PYTHONDONTWRITEBYTECODE :=

.PHONY: test test-fast report system venv lab bench lint format clean

system:
	@PYTHON=$(PYTHON) bash scripts/system-deps.sh

# constraints.txt: the versions the committed reports were built with (their Software table prints them), so that
# `make report` on a fresh machine rebuilds them byte for byte and leaves `git status` clean
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -c constraints.txt -e ".[dev,dask]"
	@touch $(STAMP)

venv: $(STAMP)

# the suite on every core (pytest-xdist): each test file whole on one worker, in its own order (the three files
# using the session's report build as one unit, longest first by the last run: tests/conftest.py);
# `make test PYTEST_WORKERS=0` runs it in one process
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL = -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

## make test: the whole suite (unit tests, doctests, ledger against the sources, one report build)
test: system $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

## make test-fast: the suite without the tests marked slow (report builds, kernels, Dask, nested runs), for
## a quick check while working; CI and the merge rule run `make test`
test-fast: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) -m "not slow"

## make lint: ruff's format check, ruff (pyflakes, pycodestyle, import order, bugbear) and mypy on analysis/; CI runs it
lint: $(STAMP)
	$(BIN)/ruff format --check analysis
	$(BIN)/ruff check analysis
	$(BIN)/mypy

## make format: ruff's formatter and import sorting over analysis/ (settings in pyproject.toml)
format: $(STAMP)
	$(BIN)/ruff check --select I --fix analysis
	$(BIN)/ruff format analysis

## make report: every study report and the overview, PDF and HTML, into reports/
report: system $(STAMP)
	$(BIN)/reanalysis report

## make lab: JupyterLab for interactive use of notebooks/ (optional extra)
lab: $(STAMP)
	$(BIN)/pip install -q -c constraints.txt -e ".[lab,dev,dask]"
	$(BIN)/jupyter lab notebooks/

## make bench: speed measurements (not part of the tests)
bench: $(STAMP)
	for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis reports/.cache
