# Two entry points for a fresh clone: `make report` and `make test`.
# Each creates the virtual environment it needs in .venv (Python >= 3.11).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed

.PHONY: report test golden bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## Build the example report (examples/bfc, 2021) into examples/bfc/build/.
report: $(STAMP)
	$(BIN)/cmqreport build 2021 --project examples/bfc

## Run the whole test suite (lint and types included).
test: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy
	$(BIN)/pytest -q

## Refresh the golden Markdown and LaTeX of examples/bfc after an intended change.
golden: $(STAMP)
	rm -rf .golden-tmp
	SOURCE_DATE_EPOCH=1640995200 $(BIN)/cmqreport build 2021 --project examples/bfc --to md,latex --out .golden-tmp
	mkdir -p tests/golden/bfc
	cp .golden-tmp/rapport-2021.md .golden-tmp/rapport-2021.tex tests/golden/bfc/
	rm -rf .golden-tmp

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

## Time every command at every size beside its floor (QUICK=1: 3 runs on S only).
bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench.py $(if $(QUICK),--quick,)

clean:
	rm -rf $(VENV) examples/bfc/build
