# brandguard: two commands to get going.
#   make demo   creates .venv, installs brandguard, checks the example posts
#   make test   installs the dev extra and runs the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: demo test lint bench peer docs clean morphology model

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

peer: $(STAMP)
	$(BIN)/python bench/peer_languagetool.py

# The Danish morphological lexicon (from Stavekontrolden in ../shared/data) and the tagger
# model (trained on UD Danish-DDT's test split); both are committed, rebuild them after
# changing tools/build_morphology.py or the tagger.
morphology: $(STAMP)
	$(BIN)/python tools/build_morphology.py

model: $(STAMP)
	$(BIN)/python tools/train_tagger.py --json docs/danish-tagger-accuracy.json

clean:
	rm -rf $(VENV) build dist .pytest_cache
