# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
ZHICHENG := $(VENV)/bin/zhicheng
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev lint pytest e2e serve demo clean

$(PY):
	@PYTHON=$$(scripts/find-python.sh) || exit 1; \
	echo "Creating $(VENV) with $$PYTHON"; \
	"$$PYTHON" -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(ZHICHENG) migrate --noinput
	$(ZHICHENG) demo --once --url http://$(HOST):$(PORT)/
	$(ZHICHENG) runserver $(HOST):$(PORT)

lint: install-dev
	$(VENV)/bin/ruff check src tests benchmarks e2e

pytest: install-dev
	$(PY) -m pytest

test: lint pytest

e2e: install-dev
	$(PY) -m pytest e2e -p no:cacheprovider

clean:
	rm -rf $(VENV) var
