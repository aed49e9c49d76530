VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: install run test lint vendor bench load clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -e ".[dev,server]"
	touch $@

run: install
	bash scripts/run.sh

lint: install
	$(BIN)/ruff check tracker tests
	$(BIN)/lint-imports

test: install lint
	bash scripts/ensure-browser.sh
	bash scripts/ensure-office.sh
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m tests.bench

load: install
	$(BIN)/python -m tests.load.run

vendor:
	bash scripts/vendor.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
