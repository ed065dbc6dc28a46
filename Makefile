# The two commands: `make run` and `make test`. Everything else is what they need.
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 5000
# The demo mailbox needs CONSULT_ENV=development said explicitly: `make run` says it; a server started
# without CONSULT_ENV has no mailbox that anyone could read.
CONSULT_ENV ?= development
VENV := .venv
BIN := $(VENV)/bin
FLASK := FLASK_APP=wsgi.py $(BIN)/flask
VENDOR := consult/static/vendor
PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test setup css translations messages bench clean

run: setup
	$(FLASK) db upgrade
	$(FLASK) demo load
	@echo "consult runs on http://127.0.0.1:$(PORT) (Ctrl+C stops it and the worker)"
	@# --supervise: a worker that dies (killed, out of memory) is started again within seconds.
	@trap 'kill 0' EXIT INT TERM; \
	PORT=$(PORT) CONSULT_ENV=$(CONSULT_ENV) $(FLASK) worker --supervise & \
	PORT=$(PORT) CONSULT_ENV=$(CONSULT_ENV) $(FLASK) run --host 127.0.0.1 --port $(PORT) --no-reload

# The suite runs in two processes (pytest-xdist), one per core, each with its own databases (on PostgreSQL
# a database per process next to TEST_DATABASE_URL), live server and browser.
test: setup
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

setup: $(VENV)/.installed css translations

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# css and translations need only the app's own tools in the venv (pybabel, flask), not the test tools: on a
# server installed with `pip install .` (README, "Running it in production") they use that venv as it is.
css: node_modules/.installed | $(BIN)/flask
	mkdir -p $(VENDOR)
	cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/utrecht-components.css
	cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css $(VENDOR)/voorbeeld-theme.css
	@# One stylesheet with only the rules the pages use, gzipped beside it (consult/assets).
	$(FLASK) assets build

translations: $(MO_FILES)

# Only when there is no venv yet: a developer's checkout gets the full one, with the test tools.
$(BIN)/flask $(BIN)/pybabel:
	$(MAKE) --no-print-directory $(VENV)/.installed

%.mo: %.po | $(BIN)/pybabel
	$(BIN)/pybabel compile --statistics -i $< -o $@

# For developers: collect new strings into the catalogues after changing code or templates.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -o translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	# English text is the source, so the English catalogue copies it, then reads it as English for
	# residents (translations/english.py); Dutch is translated by hand.
	msgen -o translations/en/LC_MESSAGES/messages.po translations/en/LC_MESSAGES/messages.po
	$(BIN)/python translations/english.py translations/en/LC_MESSAGES/messages.po

clean:
	rm -rf $(VENV) node_modules $(VENDOR) $(MO_FILES)
