# Two commands: `make` sets up and builds the site and the PDF; `make test`
# sets up and runs every test. Everything else is a convenience.
PY := .venv/bin/python

.PHONY: all setup build check serve pdf test bench clean constraints

all: build

setup:
	@bash scripts/setup.sh

build: setup
	@$(PY) build_report.py build

check: setup
	@$(PY) build_report.py check

serve: setup
	@$(PY) build_report.py serve

test: setup
	@$(PY) -m pytest

bench: setup
	@$(PY) -m benchmarks.run

constraints:
	@$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf site build docs/generated docs/downloads .stamps
