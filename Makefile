# Two commands set everything up on a fresh machine: `make run` and `make test`.
# The bot runs from this folder (`python -m bot`); the virtual environment holds only what it
# needs: the dependencies for `make run`, and the test and lint tools on top for `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

# The requirements of pyproject.toml, plus those of the optional group named as argument.
REQUIREMENTS := $(BIN)/python -c 'import sys, tomllib; \
	p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	print("\n".join(p["dependencies"] + p["optional-dependencies"].get(sys.argv[1], [])))'

.PHONY: run test lint bench check-content clean

$(VENV)/pyvenv.cfg:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed: make run PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip

$(RUN_STAMP): pyproject.toml constraints.txt $(VENV)/pyvenv.cfg
	@$(REQUIREMENTS) run > $(VENV)/requirements-run.txt
	$(PIP) -r $(VENV)/requirements-run.txt
	@touch $@

$(DEV_STAMP): $(RUN_STAMP)
	@$(REQUIREMENTS) dev > $(VENV)/requirements-dev.txt
	$(PIP) -r $(VENV)/requirements-dev.txt
	@touch $@

run: $(RUN_STAMP)
	$(BIN)/python -m bot

lint: $(DEV_STAMP)
	$(BIN)/ruff check bot tests benchmarks scripts
	$(BIN)/ruff format --check bot tests benchmarks scripts
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: $(DEV_STAMP)
	$(BIN)/python -m benchmarks

check-content: $(RUN_STAMP)
	$(BIN)/python -m bot check-content

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
