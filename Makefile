# The two commands a newcomer needs: `make serve` and `make test`. Both set everything up.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site check test bench zip clean chromium

$(VENV)/.base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test: $(VENV)/.base
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

serve: $(VENV)/.base  ## serve the bundled course at http://127.0.0.1:8000, rebuilding on every change
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

site: $(VENV)/.base  ## build the site into site/ (the old site stays if the build fails)
	$(PY) -m generator build

check: $(VENV)/.base  ## check every lesson and quiz without building
	$(PY) -m generator check

chromium:  ## browser tests drive Debian's Chromium; install it when missing (needs root, as in CI)
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

test: $(VENV)/.test chromium  ## set up and run the whole test suite, browser tests included
	$(PY) -m pytest

clean:
	rm -rf site .site-build-* .site-old-*
