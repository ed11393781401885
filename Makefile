PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench clean

$(BIN)/marsad: pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "python3.11 not found; run: make PY=python3"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $(BIN)/marsad

## Set everything up, process the bundled sample into marsad.duckdb and print the events.
run: $(BIN)/marsad
	$(BIN)/marsad run --db marsad.duckdb
	$(BIN)/marsad events --db marsad.duckdb

## Set everything up and run the test suite (what CI runs).
test: $(BIN)/marsad
	$(BIN)/ruff check src tests bench tools
	$(BIN)/marsad knowledge check
	# two workers, a test module on one of them: its fixtures are built once, and the Ray tests (one module) see
	# only their own cluster's workers
	$(BIN)/pytest -q -n 2 --dist loadfile

bench: $(BIN)/marsad
	$(BIN)/python bench/throughput.py --articles 2000

clean:
	rm -rf $(VENV) marsad.duckdb build *.egg-info
