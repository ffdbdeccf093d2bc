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
	fonts-dejavu-core poppler-utils chromium libreoffice-writer-nogui python3-uno
SYSTEM_CMDS := xelatex latexmk pdftotext pdfinfo pdffonts pdftoppm pdfimages chromium soffice
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help book test check lint types clean setup lock system screenshots bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@# A fresh Debian has python3 but not always venv/ensurepip: install them with apt-get.
	@$(PY) -c "import ensurepip, venv" 2>/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv python3-pip)
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	@# requirements.txt is the lock: every distribution, its version and its hashes.
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP) ## Create the virtual environment from the lock (requirements.txt, hashes checked)

lock: ## Regenerate requirements.txt from pyproject.toml (pip-tools in a throwaway venv)
	rm -rf _build/lock-venv && $(PY) -m venv _build/lock-venv
	_build/lock-venv/bin/pip install --quiet pip-tools
	CUSTOM_COMPILE_COMMAND="make lock" _build/lock-venv/bin/pip-compile --quiet \
	  --generate-hashes --allow-unsafe --strip-extras --extra test --extra bench \
	  --no-emit-index-url --no-emit-find-links -o requirements.txt pyproject.toml

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

test: system $(STAMP) ## Formatting, lint, types and every test on every core (what CI runs)
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/pytest -n auto --dist loadfile

check: $(STAMP) ## Inner loop (< 60 s): formatting, lint, types, fast tests (no build, LaTeX, LibreOffice or browser)
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/pytest -m "not slow" -n auto

types: $(STAMP) ## Type-check src/ with mypy (settings in pyproject.toml)
	$(BIN)/mypy

bench: $(STAMP) ## Measure build times (plain pipeline vs ours, cold, warm, incremental, batch)
	$(BIN)/python benchmarks/build_times.py

screenshots: system $(STAMP) ## Regenerate docs/screenshots/ (web pages, PDF chapter 1, report page 1)
	$(BIN)/python tools/screenshots.py --out docs/screenshots

lint: $(STAMP) ## Lint and check formatting
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/ruff check src tests benchmarks tools

clean: ## Remove build outputs, cache and staging (not the virtual environment)
	rm -rf _build
