# Two entry points for a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The project's notebooks are the ones git tracks: a scratch notebook JupyterLab saves
# (notebooks/Untitled.ipynb) or anything in the ignored notebooks/scratch/ is not linted.
# Outside a git checkout: every notebooks/*.ipynb but Untitled*.
NOTEBOOKS_LINTED := $(or $(shell git ls-files 'notebooks/*.ipynb' 2>/dev/null),\
	$(filter-out notebooks/Untitled%,$(wildcard notebooks/*.ipynb)))
LINT := $(PY) -m ruff check akidx tests benchmarks $(NOTEBOOKS_LINTED)
# JupyterLab refuses to start as root (containers) unless told --allow-root.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: build parse test lint lab bench clean browser notebook-filter

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name akidx --display-name "Python (akidx)" >/dev/null
	@$(MAKE) --no-print-directory notebook-filter
	touch $(STAMP)

# Notebook outputs never reach a commit or a diff: nbstripout, the usual git filter, cleans
# every *.ipynb as git reads it (.gitattributes, committed, names the filter; its command
# lives in .git/config, so every clone sets it up here). Cell ids are kept (JupyterLab keeps
# them stable) and the kernel's version details dropped, so a notebook that was only run
# reads as its commit. Idempotent; outside a git checkout there is nothing to set up.
NB_FILTER := "$(abspath $(PY))" -m nbstripout --keep-id
NB_EXTRA_KEYS := $(addprefix metadata.language_info.,codemirror_mode file_extension \
	mimetype nbconvert_exporter pygments_lexer version)
notebook-filter:
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean '$(NB_FILTER)' && \
	  git config filter.nbstripout.smudge cat && \
	  git config filter.nbstripout.required true && \
	  git config filter.nbstripout.extrakeys '$(NB_EXTRA_KEYS)' && \
	  git config diff.ipynb.textconv '$(NB_FILTER) -t'; \
	else \
	  echo "make: not a git checkout: no notebook output filter (nbstripout) to set up"; \
	fi

venv: $(STAMP)

build: $(STAMP)
	$(PY) -m akidx build

parse: $(STAMP)
	$(PY) -m akidx parse

test: $(STAMP) browser
	$(LINT)
	$(PY) -m pytest -q

# The page tests open every page in Debian's headless Chromium (driven by Playwright,
# checked by axe-core). Installed once, as root, without questions (CI has no stdin).
CHROMIUM := /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing chromium (apt-get) for the page tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	      >/dev/null; \
	  else \
	    echo "make: the page tests need $(CHROMIUM): run 'sudo apt-get install -y chromium'" >&2; \
	    exit 1; \
	  fi; }
	@test -x $(CHROMIUM) || { echo "make: $(CHROMIUM) still missing after apt-get" >&2; exit 1; }

lint: $(STAMP)
	$(LINT)

# JupyterLab saves a notebook git tracks without its outputs, exactly as the filter above
# cleans it (akidx/lab.py, Jupyter's pre_save_hook), so after Run All `git status` stays
# clean; the open tab keeps its outputs, and notebooks/scratch/ and Untitled* keep theirs.
LAB_HOOK := --ContentsManager.pre_save_hook=akidx.lab.strip_tracked_outputs
lab: $(STAMP)
	$(PY) -m pip install --quiet -r requirements-lab.txt
	$(VENV)/bin/jupyter lab notebooks/ $(LAB_HOOK) $(LAB_ROOT)

bench: $(STAMP)
	$(PY) benchmarks/bench_parse.py
	$(PY) benchmarks/bench_build.py

# Generated files only: the committed README.md of each folder stays, dotfiles
# (build state, lock, staging) go.
clean:
	find outputs data/processed -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
