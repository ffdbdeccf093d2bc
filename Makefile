# Sách báo cáo khuyến công — `make help` lists the targets.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PROVINCE ?= son-la
YEAR     ?= 2025

.PHONY: help book test lint clean setup

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@# A fresh Debian has python3 but not always venv/ensurepip: install them with apt-get.
	@$(PY) -c "import ensurepip, venv" 2>/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv python3-pip)
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP) ## Create the virtual environment with pinned packages

book: $(STAMP) ## Build the default edition (Sơn La 2025) into _build/site/
	$(BIN)/khuyencong build --province $(PROVINCE) --year $(YEAR)

test: $(STAMP) ## Run lint and the test suite
	$(BIN)/ruff check src tests
	$(BIN)/pytest

lint: $(STAMP) ## Lint and check formatting
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

clean: ## Remove build outputs (not the virtual environment)
	rm -rf _build
