# Developer entry points for arin.regrws. Everything a target needs, it installs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON      ?= python3.11
PYENV_ROOT  ?= $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)
# The newest pyenv 3.13.x (3.13.0, 3.13.9, 3.13.10 ... sorted as versions), else a system python3.13.
ifeq ($(origin PYTHON313),undefined)
PYTHON313   := $(shell { ls -d $(PYENV_ROOT)/versions/3.13.*/bin/python3 2>/dev/null | grep -E '/3\.13\.[0-9]+/' \
                 | sort -V | tail -n 1; command -v /usr/local/bin/python3.13 /usr/bin/python3.13; } | head -n 1)
endif
VENV        := .venv
VENV_216    := .venv-2.16
VENV_221    := .venv-2.21
TREE        := build/ansible_collections/arin/regrws
SIM_PORT    ?= 8181
SIM_STATE   := .sim
VERSION     := $(shell sed -n 's/^version: *//p' galaxy.yml)
TARBALL     := dist/arin-regrws-$(VERSION).tar.gz
# Where `make install` puts the collection: Ansible's default user path, found from anywhere.
COLLECTIONS_DIR ?= $(HOME)/.ansible/collections
GET_PIP     := $(HOME)/.ansible/test/cache

export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/build
export PYTHONDONTWRITEBYTECODE := 1
# ARIN's RELAX NG schemas, for tests only; tests that need them skip with a reason when absent.
export ARIN_SCHEMAS := $(abspath ../shared/reference/arin-schemas)

.PHONY: help venv deps test demo sim sim-start sim-stop install dist docs ee bench tree lint clean

help:
	@echo "make demo   run the collection's main job against the local simulator"
	@echo "make test   install everything and run every check (sanity, units, integration, lint, docs, build)"
	@echo "make venv   create .venv: ansible-core, the simulator and the development tools"
	@echo "make install  build the collection ($(TARBALL)) and install it into $(COLLECTIONS_DIR)"
	@echo "make sim    run the Reg-RWS simulator on http://127.0.0.1:$(SIM_PORT)/rest in this terminal (Ctrl-C stops it)"
	@echo "make sim-start / sim-stop   the same simulator in the background (log in $(SIM_STATE)/sim.log)"
	@echo "make docs   the HTML documentation site in build/docs/build/html"
	@echo "make ee     the execution environment's build context in build/ee (for ansible-builder build or podman)"
	@echo "make bench  request-rate and request-count benchmarks"
	@echo "make lint   ansible-lint, docs lint and changelog lint only"

# -- environments ------------------------------------------------------------

venv: $(VENV)/.ready

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
	@if [ -n "$(PYTHON313)" ] && [ -x "$(PYTHON313)" ]; then \
	  echo "ansible-core 2.21 leg on $(PYTHON313)"; \
	  $(PYTHON313) -m venv $(VENV_221) && \
	  $(VENV_221)/bin/python -m pip install -q 'ansible-core>=2.21,<2.22' pytest hypothesis -r requirements.txt; \
	else echo "no Python 3.13.x (pyenv or /usr/bin): the ansible-core 2.21 leg will be skipped"; mkdir -p $(VENV_221); fi
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

# The simulator in the background: its pid and output in $(SIM_STATE)/, the export line printed.
sim-start: $(VENV)/.ready
	@if [ -f $(SIM_STATE)/sim.pid ] && kill -0 "$$(cat $(SIM_STATE)/sim.pid)" 2>/dev/null; then \
	  echo "the simulator already runs (pid $$(cat $(SIM_STATE)/sim.pid)):"; sed -n 2p $(SIM_STATE)/sim.log; exit 0; fi; \
	mkdir -p $(SIM_STATE); \
	nohup $(VENV)/bin/python -m regrws_sim serve --host 127.0.0.1 --port $(SIM_PORT) >$(SIM_STATE)/sim.log 2>&1 </dev/null & \
	echo $$! >$(SIM_STATE)/sim.pid; \
	for i in $$(seq 1 100); do grep -q '^export ' $(SIM_STATE)/sim.log && break; \
	  kill -0 $$! 2>/dev/null || break; sleep 0.1; done; \
	grep '^export ' $(SIM_STATE)/sim.log || { cat $(SIM_STATE)/sim.log; rm -f $(SIM_STATE)/sim.pid; exit 1; }

sim-stop:
	@if [ -f $(SIM_STATE)/sim.pid ]; then kill "$$(cat $(SIM_STATE)/sim.pid)" 2>/dev/null || true; \
	  rm -f $(SIM_STATE)/sim.pid; echo "simulator stopped"; else echo "no simulator started by make sim-start"; fi

# -- the collection as users get it ------------------------------------------

# The tarball, rebuilt on every call (--force), so that it always holds the checkout.
dist: $(VENV)/.ready
	$(VENV)/bin/ansible-galaxy collection build --force --output-path dist

# The configured collections path (build/ for the tests) does not apply here.
install: dist
	env -u ANSIBLE_COLLECTIONS_PATH $(VENV)/bin/ansible-galaxy collection install --force \
	  -p $(COLLECTIONS_DIR) $(TARBALL)

docs: $(VENV)/.ready tree
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH bash tools/docs.sh build/docs

# ansible-builder writes the build context (Containerfile, the tarball, requirements);
# `ansible-builder build` or `podman build build/ee` turns it into an image.
ee: dist
	rm -rf build/ee
	$(VENV)/bin/ansible-builder create -f execution-environment.yml --context build/ee --output-filename Containerfile

bench: $(VENV)/.ready tree
	$(VENV)/bin/python -m regrws_sim bench
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(VENV)/bin/python tools/bench.py

lint: $(VENV)/.ready tree
	$(VENV)/bin/python -m pytest -c .ci/pytest.ini --rootdir . tests/ci -k 'lint or docs or changelog'

clean:
	rm -rf build dist $(SIM_STATE) $(VENV) $(VENV_216) $(VENV_221) tests/output
