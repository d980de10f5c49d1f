# Quick start: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test chromium lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/storyline build examples --db demo.db
	$(BIN)/storyline report --db demo.db -o report.html

# The browser tests drive Debian's chromium; install it when it is missing.
test: $(VENV)/.dev
	@command -v chromium >/dev/null || $(MAKE) chromium
	$(BIN)/python -m pytest -q

chromium:
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(if $(filter 0,$(shell id -u)),,sudo) \
		apt-get install -y -qq --no-install-recommends chromium

lint: $(VENV)/.dev
	$(BIN)/ruff check storyline tests bench
	$(BIN)/ruff format --check storyline tests bench

bench: $(VENV)/.dev
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/timex_speed.py
	$(BIN)/python bench/geocode_speed.py
	$(BIN)/python bench/event_cost.py
	$(BIN)/python bench/crossdoc_scaling.py
	$(BIN)/python bench/api_latency.py

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm report.html
