# Referat — the two commands a new user needs are `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
INDEX  ?= var/index
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install system-deps index serve test lint bench clean opensearch cluster opensearch-stop

# The virtualenv is rebuilt only when pyproject.toml changes (idempotent).
$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# Debian packages: pdftotext (fast PDF text layer), the Danish word list (compound
# splitting), Chromium (browser tests), and Java 17 with Maven (the OpenSearch tests fetch
# and run a real node). Installed when missing and we may (root); otherwise say what is
# missing and go on: Referat works without them, with less.
DEBIAN_PACKAGES = pdftotext:poppler-utils /usr/share/dict/danish:wdanish chromium:chromium \
	java:openjdk-17-jre-headless mvn:maven

system-deps:
	@missing=""; \
	for entry in $(DEBIAN_PACKAGES); do \
	  need=$${entry%%:*}; pkg=$${entry##*:}; \
	  if [ "$${need#/}" != "$$need" ]; then [ -e "$$need" ] || missing="$$missing $$pkg"; \
	  else command -v "$$need" >/dev/null || missing="$$missing $$pkg"; fi; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "warning: missing Debian packages:$$missing (install them as root for PDF, compound, browser and OpenSearch support)"; \
	  fi; \
	fi

# Incremental (unchanged files are skipped); an index of an older schema is rebuilt.
index: install
	$(BIN)/referat index data --index $(INDEX) || $(BIN)/referat index data --index $(INDEX) --rebuild

serve: install system-deps index
	$(BIN)/referat serve --index $(INDEX) --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: install system-deps lint
	$(BIN)/pytest

bench: install
	$(BIN)/python -m bench.relevance

# A local OpenSearch on 127.0.0.1, fetched once with Maven (README "OpenSearch on this
# machine"): one node on :9200, or three on :9201-9203; each prints its URL(s).
opensearch: install
	$(BIN)/python -m referat.opensearch_local start

cluster: install
	$(BIN)/python -m referat.opensearch_local cluster

opensearch-stop: install
	$(BIN)/python -m referat.opensearch_local stop

# Local OpenSearch nodes are stopped first: their folders are under var/
clean:
	if [ -x $(BIN)/python ]; then $(BIN)/python -m referat.opensearch_local stop; fi
	rm -rf $(VENV) var test-artifacts .pytest_cache .mypy_cache .ruff_cache
