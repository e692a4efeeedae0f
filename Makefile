# Two entry points for a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: build parse test lint lab bench clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name akidx --display-name "Python (akidx)" >/dev/null
	touch $(STAMP)

venv: $(STAMP)

build: $(STAMP)
	$(PY) -m akidx build

parse: $(STAMP)
	$(PY) -m akidx parse

test: $(STAMP)
	$(PY) -m ruff check akidx tests benchmarks notebooks
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check akidx tests benchmarks notebooks

lab: $(STAMP)
	$(PY) -m pip install --quiet -r requirements-lab.txt
	$(VENV)/bin/jupyter lab notebooks/

bench: $(STAMP)
	$(PY) benchmarks/bench_parse.py
	$(PY) benchmarks/bench_build.py

# Generated files only: the committed README.md of each folder stays, dotfiles
# (build state, lock, staging) go.
clean:
	find outputs data/processed -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
