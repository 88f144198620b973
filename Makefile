# brandguard: two commands to get going.
#   make demo   creates .venv, installs brandguard, checks the example posts
#   make test   installs the dev extra, type-checks (mypy) and runs the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
# The pack folders under the names they are imported as (brandguard_packs.tone_da), for mypy.
PACKS_TREE := build/mypy-packs

.PHONY: demo test lint typecheck bench fuzz peer realtext docs clean morphology model

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

test: typecheck
	$(BIN)/python -m pytest

lint: typecheck
	$(BIN)/ruff check src rules tests bench

# mypy, configured in pyproject.toml ([tool.mypy]): src/brandguard, then each rule pack's
# Python modules (rules/<pack>/*.py) as the package brandguard_packs.<pack> they load as.
typecheck: $(DEVSTAMP)
	$(BIN)/python -m mypy
	rm -rf $(PACKS_TREE) && mkdir -p $(PACKS_TREE)/brandguard_packs
	for d in rules/*/; do if [ -f "$$d/pack.yaml" ]; then \
	  ln -s "$(CURDIR)/$$d" "$(PACKS_TREE)/brandguard_packs/$$(basename $$d | tr -- '-.' '__')"; fi; done
	cd $(PACKS_TREE) && $(CURDIR)/$(BIN)/python -m mypy --config-file $(CURDIR)/pyproject.toml \
	  --cache-dir $(CURDIR)/.mypy_cache/packs --explicit-package-bases --exclude '/tests/' -p brandguard_packs

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

# Real Danish text (docs/realtext.md): every da rule over the DDT dev and Leipzig posts,
# scored against the labelled reviews, and the recall corpus; review files in build/realtext/;
# then the held-out DDT test split (bench/heldout.py: never labelled, never tuned on).
# REALTEXT_ARGS=--all-packs runs every pack of docs/examples/nordlys-policy.yaml.
realtext: $(STAMP)
	$(BIN)/python bench/realtext.py $(REALTEXT_ARGS)
	$(BIN)/python bench/heldout.py

# The Danish morphological lexicon (from Stavekontrolden in ../shared/data) and the tagger
# model (trained on UD Danish-DDT's test split); both are committed, rebuild them after
# changing tools/build_morphology.py or the tagger.
morphology: $(STAMP)
	$(BIN)/python tools/build_morphology.py

model: $(STAMP)
	$(BIN)/python tools/train_tagger.py --json docs/danish-tagger-accuracy.json

clean:
	rm -rf $(VENV) build dist .pytest_cache
