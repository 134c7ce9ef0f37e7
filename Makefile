# tipsom: `make handouts` builds what trainers print; `make test` checks everything.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
BIN   := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install handouts slides workbooks lab room test check bench lint messages clean hub-proxy hub bundle

help: ## Show this help
	@awk 'BEGIN{FS=":.*## "} /^[a-z-]+:.*## /{printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install: $(STAMP) ## Create .venv with pinned dependencies and the system packages needed

$(STAMP): pyproject.toml constraints.txt scripts/install.sh scripts/lab-overrides.json scripts/jupyter_server_config.json deploy/jupyterhub/package-lock.json vendor/reveal/package-lock.json
	@bash scripts/install.sh $(VENV) && touch $(STAMP)

handouts: $(STAMP) ## Build each audience's print pack and the trainer guide into build/handouts (HTML and PDF); FINAL=1 refuses drafts and unreviewed law
	@$(BIN)/tipsom handouts $(if $(FINAL),--final)

REVEAL := vendor/reveal/node_modules/.package-lock.json
AXE := vendor/axe/node_modules/.package-lock.json

$(REVEAL): vendor/reveal/package-lock.json
	@npm ci --prefix vendor/reveal --no-audit --no-fund --silent

slides: $(STAMP) $(REVEAL) ## Build each module's slide deck (reveal.js, offline) into build/slides/<language>/
	@$(BIN)/tipsom slides

workbooks: $(STAMP) ## Prepare ready-to-open notebooks per audience in build/workbooks
	@$(BIN)/tipsom workbooks

lab: workbooks ## Open JupyterLab on the prepared workbooks
	@$(BIN)/jupyter lab --notebook-dir=build/workbooks

room: $(STAMP) ## Run a training room from this laptop: participants join on their phones (AUDIENCE=police PACE=trainer|self)
	@$(BIN)/tipsom room --audience $(or $(AUDIENCE),police) --pace $(or $(PACE),trainer)

check: $(STAMP) ## Validate all content (scenarios, curriculum, law)
	@$(BIN)/tipsom check

$(AXE): vendor/axe/package-lock.json
	@npm ci --prefix vendor/axe --no-audit --no-fund --silent

test: $(STAMP) $(AXE) ## Run the whole test suite
	@$(BIN)/pytest -q

bench: $(STAMP) ## Measure build and response times against the issue figures
	@$(PY) -m benchmarks

messages: $(STAMP) ## Extract interface strings and update every language's gettext catalog (src/tipsom/locale)
	@$(BIN)/pybabel -q extract -F babel.cfg -k t -k N_ --project=tipsom --version=0.1.0 --no-location --sort-output -o src/tipsom/locale/tipsom.pot src/tipsom && $(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete -i src/tipsom/locale/tipsom.pot -d src/tipsom/locale -D tipsom

hub-proxy: ## Install JupyterHub's proxy from npm (deploy/jupyterhub/package-lock.json)
	@cd deploy/jupyterhub && npm ci --no-audit --no-fund --silent

hub: workbooks hub-proxy ## Run JupyterHub for a room (deploy/jupyterhub; needs root for SystemdSpawner)
	@$(BIN)/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

bundle: $(STAMP) ## Write what an offline laptop needs into build/bundle (wheels, proxy, install.sh)
	@bash scripts/bundle.sh $(VENV) build/bundle

lint: $(STAMP) ## Lint the code with ruff
	@$(BIN)/ruff check src tests

clean: ## Remove generated files (build/ outputs and .venv)
	@rm -rf build/handouts build/slides build/workbooks $(VENV) vendor/reveal/node_modules
