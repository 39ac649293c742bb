# make run: execute every notebook headless (replay mode) into build/; make test: lint + all tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Notebooks replay recorded API responses unless you ask for live: make run FINETUNE_MODE=live
FINETUNE_MODE ?= replay
export FINETUNE_MODE

.PHONY: install run test lab bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python >= 3.11 is needed; run make PYTHON=python3.11 ...")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

run: $(STAMP)
	$(BIN)/jupyter nbconvert --log-level=WARN --to html --execute --output-dir build notebooks/*.ipynb
	@echo "Executed notebooks ($(FINETUNE_MODE) mode) written as HTML to $(CURDIR)/build/"

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf build
