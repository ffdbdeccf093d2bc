# Sách báo cáo khuyến công — `make help` lists the targets.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PROVINCE ?= son-la
YEAR     ?= 2025
# System packages: XeLaTeX and fonts for the PDF, poppler-utils and Chromium for the tests.
SYSTEM_PKGS := texlive-xetex texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended texlive-lang-other latexmk fonts-texgyre fonts-liberation \
	fonts-dejavu-core poppler-utils chromium libreoffice-writer-nogui
SYSTEM_CMDS := xelatex latexmk pdftotext pdfinfo pdffonts pdftoppm pdfimages chromium soffice
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help book test check lint types clean setup system screenshots bench

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

system: ## Install the system packages (TeX Live, fonts, poppler, Chromium) if any is missing
	@missing=""; \
	for c in $(SYSTEM_CMDS); do command -v $$c >/dev/null 2>&1 || missing="$$missing $$c"; done; \
	for p in $(SYSTEM_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Thiếu:$$missing — cài bằng apt-get"; \
	  $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y \
	    --no-install-recommends $(SYSTEM_PKGS); \
	fi

book: system $(STAMP) ## Build the default edition (Sơn La 2025) into _build/site/
	$(BIN)/khuyencong build --province $(PROVINCE) --year $(YEAR)

test: system $(STAMP) ## Run lint, type checks and the whole test suite (what CI runs)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

check: $(STAMP) ## Inner loop (< 60 s): lint, formatting, types, unit tests (no whole-edition build)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/pytest -m "not slow" -n auto

types: $(STAMP) ## Type-check src/ with mypy (settings in pyproject.toml)
	$(BIN)/mypy

bench: $(STAMP) ## Measure build times (plain pipeline vs ours, cold, warm, incremental, batch)
	$(BIN)/python benchmarks/build_times.py

screenshots: system $(STAMP) ## Regenerate docs/screenshots/ (web pages, PDF chapter 1, report page 1)
	KHUYENCONG_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q -p no:cacheprovider \
	  tests/test_pdf.py tests/test_browser.py tests/test_report.py -k screenshot

lint: $(STAMP) ## Lint and check formatting
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

clean: ## Remove build outputs, cache and staging (not the virtual environment)
	rm -rf _build
