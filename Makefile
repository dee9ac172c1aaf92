# Two commands: `make run` serves the app with its worker; `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 5000
WORKERS ?= 2
export FLASK_APP := interview

.PHONY: run test install install-test system-deps lint bench editor api-docs diagrams clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## make run: install, migrate, load the bank, create demo users, serve with the worker.
run: install
	$(VENV)/bin/flask db upgrade
	$(VENV)/bin/flask bank load
	$(VENV)/bin/flask demo create
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl-C stops the server and the worker)"
	@$(PY) -m interview.worker & \
	  worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(VENV)/bin/gunicorn -w $(WORKERS) -b 127.0.0.1:$(PORT) --access-logfile - wsgi:app

## make test: install what the tests need, then run them on SQLite and PostgreSQL.
test: install-test system-deps
	bash .ci/test.sh

system-deps:
	bash .ci/system-deps.sh

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: install-test system-deps
	bash bench/run.sh

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache .mypy_cache

## make editor: rebuild the vendored CodeMirror bundle from the npm registry (needs Node.js).
editor:
	cd interview/static/src && npm ci && npm run build

## make api-docs: refresh the vendored Swagger UI behind /api/v1/docs from the npm registry.
SWAGGER_UI_VERSION ?= 5.35.0
api-docs:
	tmp=$$(mktemp -d) && cd $$tmp && npm pack -q swagger-ui-dist@$(SWAGGER_UI_VERSION) && \
	  tar xzf swagger-ui-dist-$(SWAGGER_UI_VERSION).tgz && \
	  cp package/swagger-ui-bundle.js package/swagger-ui.css package/LICENSE package/NOTICE \
	    package/swagger-ui-bundle.js.LICENSE.txt $(CURDIR)/interview/static/vendor/swagger-ui/ && \
	  rm -rf $$tmp

## make diagrams: refresh the vendored Mermaid bundle (diagram previews) from the npm registry.
MERMAID_VERSION ?= 12.4.0
diagrams:
	tmp=$$(mktemp -d) && cd $$tmp && npm pack -q mermaid@$(MERMAID_VERSION) && \
	  tar xzf mermaid-$(MERMAID_VERSION).tgz && \
	  cp package/dist/mermaid.min.js package/LICENSE package/THIRD_PARTY_NOTICES \
	    $(CURDIR)/interview/static/vendor/mermaid/ && \
	  rm -rf $$tmp
