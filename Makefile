# make run: the reader's edition (the seven English notebooks; make run EDITION=ja the Japanese ones) executed headless
# (replay mode) into build/; make run-all: every notebook, both editions and the solutions; make test: lint + all tests.
# make site: the tutorial as a static site in build/site/; make site-test: that site checked offline in Chromium.
# make lab: JupyterLab on the notebooks; make bench: setup and test timings.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SITE_STAMP := $(VENV)/.installed-site

# Python caches compiled modules as they are first imported, inside .venv/pycache (the working tree stays clean):
# cheaper than compiling the whole venv at install, much cheaper than recompiling at every start when a shell sets
# PYTHONDONTWRITEBYTECODE.
unexport PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX := $(CURDIR)/$(VENV)/pycache
# uv installs the same packages several times faster than pip; it is used when it is on PATH or can be put into the
# venv, and pip does the install where it cannot (or if uv fails).
UV := $(or $(shell command -v uv 2>/dev/null),$(BIN)/uv)
comma := ,
PIP := $(BIN)/python -m pip --disable-pip-version-check
define install_extras
	if [ -x "$(UV)" ] || $(PIP) install --quiet uv 2>/dev/null; then \
	  $(UV) pip install --quiet --python $(BIN)/python -e '.[$(1)]' || $(PIP) install --quiet -e '.[$(1)]'; \
	else $(PIP) install --quiet -e '.[$(1)]'; fi
endef

# make run replays recorded API responses unless asked on make's command line: make run FINETUNE_MODE=live
RUN_MODE := $(if $(filter command line,$(origin FINETUNE_MODE)),$(FINETUNE_MODE),replay)
# make run executes one edition: EDITION=en (notebooks/, the default) or EDITION=ja (notebooks/ja/). make run-all
# executes every folder of notebooks, editions and solutions included. build/ mirrors notebooks/
# (notebooks/ja/x.ipynb -> build/ja/x.html).
EDITION ?= en
EDITION_DIR := $(if $(filter en,$(EDITION)),notebooks/,$(if $(filter ja,$(EDITION)),notebooks/ja/))
NOTEBOOK_DIRS := $(sort $(dir $(shell find notebooks -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*')))
# JupyterLab refuses to start as root (containers, workshop and cloud machines) unless told it may.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: install run run-all test test-editions lab site site-test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python >= 3.11 is needed; run make PYTHON=python3.11 ...")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(call install_extras,dev)
	touch $@

$(SITE_STAMP): $(STAMP)
	@$(call install_extras,dev$(comma)site)
	touch $@

# $(1): the folders to execute. docs/site/execute.py runs their notebooks one per core, each after the ones it reads
# from (02 -> 03 -> 04 in each folder), into HTML with make run's nbconvert template (docs/site/nbconvert/offline:
# nothing loaded from outside, long lines and wide tables kept whole) and a local MathJax. A failing notebook fails
# the target once the others have run.
define run_notebooks
	@FINETUNE_MODE=$(RUN_MODE) $(BIN)/python docs/site/execute.py --out build $(1)
endef

run: $(STAMP)
	@test -n "$(EDITION_DIR)" || { echo "EDITION=$(EDITION): use EDITION=en (the default) or EDITION=ja"; exit 2; }
	$(call run_notebooks,$(EDITION_DIR))

run-all: $(STAMP)
	$(call run_notebooks,$(NOTEBOOK_DIRS))

# Tests never see a key and always replay, whatever the shell exports. Two workers (2 cores here); nbval needs each
# notebook whole on one worker, hence --dist loadfile; files are handed out in the order conftest.py gives them (the
# longest first), not re-sorted by xdist by their number of tests. make test TEST_WORKERS=0 runs in one process.
# make test: ruff, every test in tests/ and nbval over the reader's edition (notebooks/NN_*.ipynb);
# make test-editions: nbval over the Japanese edition and both sets of solutions. CI (.ci/run) runs both.
TEST_WORKERS ?= 2
PYTEST := env -u OPENAI_API_KEY FINETUNE_MODE=replay $(BIN)/python -m pytest
XDIST := $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder)
READER_NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
test: $(STAMP)
	$(BIN)/ruff check .
	$(PYTEST) $(XDIST) $(READER_NOTEBOOKS) tests

test-editions: $(STAMP)
	$(PYTEST) $(XDIST) notebooks/ja notebooks/solutions

# No FINETUNE_MODE here: with OPENAI_API_KEY set the notebooks go live, as the README says. It opens
# notebooks/README.md, which links both editions.
lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_ROOT) --ServerApp.default_url=/lab/tree/README.md $(LAB_ARGS) notebooks

site: $(SITE_STAMP)
	$(BIN)/python docs/site/build.py

# Installs Debian's headless Chromium, and a Japanese font (the test fails on Japanese drawn as tofu), when none is
# found and this is a root shell with apt-get (CI, containers).
site-test: $(SITE_STAMP)
	@command -v chromium-headless-shell >/dev/null || command -v chromium >/dev/null || \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing chromium-headless-shell with apt-get"; \
	    apt-get update -qq && apt-get install -y -qq chromium-headless-shell >/dev/null; \
	  else echo "No Chromium found and none can be installed here: the browser test will be skipped."; fi
	@fc-list :lang=ja 2>/dev/null | grep -q . || \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing fonts-noto-cjk with apt-get"; \
	    apt-get update -qq && apt-get install -y -qq fonts-noto-cjk >/dev/null; \
	  else echo "No Japanese font found (fc-list :lang=ja): the Japanese pages will fail as tofu; install fonts-noto-cjk."; fi
	$(PYTEST) -m browser tests/test_site_browser.py

# Times a fresh clone of the last commit: install, first and warm make test, make run, make site.
bench:
	$(PYTHON) benchmarks/bench.py

clean:
	rm -rf build
