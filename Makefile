# brandguard: two commands to get going.
#   make demo   creates .venv, installs brandguard, checks the example posts
#   make test   installs the dev extra and runs the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: demo test lint bench fuzz peer docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

demo: $(STAMP)
	$(BIN)/brandguard check docs/examples/posts/*.txt --policy docs/examples/nordlys-policy.yaml --fail-on never
	@echo "--- 05 once more, as a post for X (280 weighted characters):"
	$(BIN)/brandguard check docs/examples/posts/05-for-langt-til-x.txt --channel x --policy docs/examples/nordlys-policy.yaml --fail-on never

test: $(DEVSTAMP)
	$(BIN)/python -m pytest

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests bench

# Rule documentation (docs/rules/) generated from the rules' metadata; commit the result.
docs: $(STAMP)
	$(BIN)/python -m brandguard.ruledocs docs/rules

bench: $(DEVSTAMP)
	$(BIN)/python bench/bench.py

# 100,000 generated hostile posts (issue 13): slowest, p99, memory, failures. Takes a while.
fuzz: $(DEVSTAMP)
	$(BIN)/python tools/fuzz.py --posts 100000 --json bench/fuzz.json

peer: $(STAMP)
	$(BIN)/python bench/peer_languagetool.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
