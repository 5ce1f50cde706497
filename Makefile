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

# Pin the whole dependency tree from a fresh virtualenv of requirements.txt.
constraints:
	@rm -rf build/constraints-venv && python3 -m venv build/constraints-venv
	@build/constraints-venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
	@{ echo "# Every installed package, pinned (transitive included). Regenerate with \`make constraints\`"; \
	   echo "# after changing requirements.txt, from a fresh virtualenv."; \
	   build/constraints-venv/bin/pip freeze --all | grep -v '^pip==\|^setuptools=='; } > constraints.txt
	@rm -rf build/constraints-venv

clean:
	rm -rf site build docs/generated/* docs/downloads .stamps   # docs/generated/.gitkeep stays: mkdocs needs the folder
