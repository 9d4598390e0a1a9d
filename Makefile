# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup browser run test bench train lint-kb clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, pinned: it is the CPU build on this machine's disk (an unpinned one pulls CUDA).
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# The end-to-end tests drive Debian's Chromium (Playwright never downloads a browser here);
# CJK fonts make the Chinese pages and screenshots render real glyphs.
CHROMIUM := /usr/bin/chromium
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "installing Chromium for the browser tests"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver fonts-noto-cjk; \
	fi

run: setup
	$(BIN)/talktrack migrate
	$(BIN)/talktrack serve

test: setup browser
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/analyze.py
	$(BIN)/python bench/coach.py

train: setup
	$(BIN)/talktrack train all

clean:
	rm -rf $(VENV) .cache var
