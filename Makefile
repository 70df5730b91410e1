# Developer entry points for arin.regrws. Everything a target needs, it installs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON      ?= python3.11
PYENV_ROOT  ?= $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)
PYTHON313   ?= $(PYENV_ROOT)/versions/3.13.0/bin/python3
VENV        := .venv
VENV_216    := .venv-2.16
VENV_221    := .venv-2.21
TREE        := build/ansible_collections/arin/regrws
SIM_PORT    ?= 8181
GET_PIP     := $(HOME)/.ansible/test/cache

export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/build
export PYTHONDONTWRITEBYTECODE := 1
# ARIN's RELAX NG schemas, for tests only; tests that need them skip with a reason when absent.
export ARIN_SCHEMAS := $(abspath ../shared/reference/arin-schemas)

.PHONY: help deps test demo sim bench tree lint clean

help:
	@echo "make demo   run the collection's main job against the local simulator"
	@echo "make test   install everything and run every check (sanity, units, integration, lint, docs, build)"
	@echo "make sim    start the Reg-RWS simulator on http://127.0.0.1:$(SIM_PORT)/rest with the default seed"
	@echo "make bench  request-rate and request-count benchmarks"
	@echo "make lint   ansible-lint, docs lint and changelog lint only"

# -- environments ------------------------------------------------------------

$(VENV)/.ready: requirements.txt simulator/pyproject.toml .ci/requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -r requirements.txt -r .ci/requirements-dev.txt -e './simulator[test]'
	touch $@

$(VENV_216)/.ready: requirements.txt
	$(PYTHON) -m venv $(VENV_216)
	$(VENV_216)/bin/python -m pip install -q 'ansible-core>=2.16,<2.17' pytest hypothesis -r requirements.txt
	touch $@

$(VENV_221)/.ready: requirements.txt
	@if [ -x "$(PYTHON313)" ]; then \
	  $(PYTHON313) -m venv $(VENV_221) && \
	  $(VENV_221)/bin/python -m pip install -q 'ansible-core>=2.21,<2.22' pytest hypothesis -r requirements.txt; \
	else echo "no Python 3.13 at $(PYTHON313): the ansible-core 2.21 leg will be skipped"; mkdir -p $(VENV_221); fi
	touch $@

# ansible-test fetches a pip bootstrap script from a host this machine cannot reach;
# it looks in its cache first, so an offline stand-in goes there.
$(GET_PIP)/.ready: .ci/get_pip.py
	mkdir -p $(GET_PIP)
	for version in 23_1_2 24_2 25_2 25_3; do cp .ci/get_pip.py $(GET_PIP)/get_pip_$$version.py; done
	touch $@

/usr/bin/trang:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq trang >/dev/null

deps: $(VENV)/.ready $(VENV_216)/.ready $(VENV_221)/.ready $(GET_PIP)/.ready /usr/bin/trang

# ansible-test needs the collection at .../ansible_collections/arin/regrws (a real copy,
# not a symlink). Only what git tracks or would track goes in; the simulator and CI
# scripts and tools are not part of the collection.
tree:
	rm -rf build && mkdir -p $(TREE)
	git ls-files -co --exclude-standard -z | grep -zv -e '^simulator/' -e '^\.ci/' -e '^tools/' -e '^build/' \
	  | xargs -0 cp --parents -t $(TREE)
	# ansible-test lists files through git; the tree gets a repository of its own.
	cd $(TREE) && git init -q && git add -A && git -c user.name=build -c user.email=build@localhost commit -qm tree

# -- the two commands of the README -----------------------------------------

test: deps tree
	PYTHONPATH=$(CURDIR)/build $(VENV)/bin/python -m pytest -c .ci/pytest.ini --rootdir . \
	  $(TREE)/tests/unit simulator/tests tests/ci

demo: $(VENV)/.ready tree
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH bash tools/demo.sh

sim: $(VENV)/.ready
	$(VENV)/bin/python -m regrws_sim serve --host 127.0.0.1 --port $(SIM_PORT)

bench: $(VENV)/.ready tree
	$(VENV)/bin/python -m regrws_sim bench
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(VENV)/bin/python tools/bench.py

lint: $(VENV)/.ready tree
	$(VENV)/bin/python -m pytest -c .ci/pytest.ini --rootdir . tests/ci -k 'lint or docs or changelog'

clean:
	rm -rf build $(VENV) $(VENV_216) $(VENV_221) tests/output
