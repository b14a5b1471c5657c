# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

## run: install keylint and check the bundled examples of broken configs
run: $(VENV)/.installed
	@echo "\$$ keylint check examples/"
	@$(BIN)/keylint check examples/; status=$$?; [ $$status -le 1 ] || exit $$status

## test: install dev dependencies, then ruff and every test
test: $(VENV)/.dev-installed
	$(BIN)/ruff check server tests benchmarks
	$(BIN)/python -m pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check server tests benchmarks

## bench: latency and speed against peers on the same files (not a test)
bench: $(VENV)/.dev-installed
	$(BIN)/python benchmarks/run.py

## docs: regenerate the generated documentation
docs: $(VENV)/.installed
	$(BIN)/python -m keylint.docs > docs/rules.md
	$(BIN)/python -m keylint.docs --readme
	$(BIN)/python -m keylint.core.providers_doc > docs/providers.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
