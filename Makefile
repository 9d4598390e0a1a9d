# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test bench train lint-kb clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, pinned: it is the CPU build on this machine's disk (an unpinned one pulls CUDA).
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/talktrack migrate
	$(BIN)/talktrack serve

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/analyze.py

train: setup
	$(BIN)/talktrack train all

clean:
	rm -rf $(VENV) .cache var
