# digitrec: `make course` runs the course on full data, `make test` runs every check.
# Both create the virtual environment from requirements-lock.txt if it is missing and fetch MNIST if missing.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
LOCK := requirements-lock.txt
VENV ?= .venv
BIN := $(VENV)/bin
LOCK_HASH := $(shell sha256sum $(LOCK) | cut -c1-16)
STAMP := $(VENV)/.digitrec-lock-$(LOCK_HASH)

.PHONY: course test env data readme bench clean
.DEFAULT_GOAL := help

help:
	@echo "make course   set up, then run every notebook on full data and write results/summary.json"
	@echo "make test     set up, then nbdev_clean/nbdev_export sync checks, nbdev_test and pytest"
	@echo "make bench    check the speed and accuracy targets against the measured numbers"
	@echo "make readme   regenerate README.md from nbs/index.ipynb"

# The environment: created once from the lock file (about 6.5 GB with PyTorch), reused while the lock is unchanged.
# The stamp's name holds the lock's hash, so the lock is only order-only here: a fresh clone's newer lock file
# must not rebuild an environment made from the same lock.
$(STAMP): | $(LOCK)
	@df -h "$(dir $(abspath $(VENV)))" | tail -1 | awk '{print "disk free where the environment goes: " $$4}'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar off -e ".[dev]" -c $(LOCK)
	touch $@

# Always (re)link this checkout into the environment: cheap, and right when the environment is shared.
env: $(STAMP)
	@$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . > $(VENV)/.link.log 2>&1 \
		|| { cat $(VENV)/.link.log; exit 1; }

data: env
	@$(BIN)/python -c "from digitrec.data import load_mnist; load_mnist()"

course: data
	$(BIN)/python tools/run_course.py
	$(BIN)/python tools/make_readme.py

test: data
	tools/unchanged.sh $(BIN)/nbdev_clean
	tools/unchanged.sh $(BIN)/nbdev_export
	$(BIN)/nbdev_test --n_workers 1 --timing
	$(BIN)/python -m pytest tests

readme: env
	$(BIN)/python tools/make_readme.py

bench: data
	$(BIN)/python tools/benchmark.py

clean:
	rm -rf build
