# The companion's commands. Each target installs what it needs into a virtual environment first.
#   make lab          open the notebooks in JupyterLab
#   make test         helpers' unit tests and doctests + every notebook under strict nbval
#   make test-latest  the same tests with the newest releases that requirements.txt allows
#   make test-oldest  the same tests with the oldest releases that requirements.txt allows
#   make lock         record the exact versions that `make test` installs in constraints.txt
#   make lint         ruff over helpers, tests, benchmarks and notebooks
#   make test-browser every notebook run in JupyterLab in headless Chromium, widgets and sliders
#                     checked (NOTEBOOKS=folder to check another folder, CHROMIUM=path/to/browser)

PYTHON      ?= python3
VENV        ?= .venv
CONSTRAINTS ?= constraints.txt
PIP_FLAGS   ?=
BIN         := $(VENV)/bin
STAMP       := $(VENV)/.installed
ALLOW_ROOT  := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: install lab test test-latest test-oldest lock lint clean test-browser

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-installs only when the requirements, the recorded versions or the package metadata change.
$(STAMP): requirements.txt $(CONSTRAINTS) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q $(PIP_FLAGS) \
		-r requirements.txt -c $(CONSTRAINTS)
	touch $@

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(ALLOW_ROOT) notebooks/00-start-here.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest

test-latest:
	$(MAKE) test VENV=.venv-latest CONSTRAINTS=/dev/null PIP_FLAGS=--upgrade

build/oldest.txt: requirements.txt
	mkdir -p build
	sed -n 's/^\([A-Za-z0-9_.-]*\)>=\([^,]*\),.*/\1==\2/p' requirements.txt > $@

test-oldest: build/oldest.txt
	$(MAKE) test VENV=.venv-oldest CONSTRAINTS=build/oldest.txt

lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --disable-pip-version-check -q -r requirements.txt
	( echo "# Exact versions used by 'make test' and CI; regenerate with 'make lock'."; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable ) > constraints.txt
	rm -rf .venv-lock

# The browser test drives an installed Chromium with Playwright (never `playwright install`).
# As root on Debian/Ubuntu a missing Chromium is installed from the distribution's package;
# otherwise labcheck.py --which-chromium stops with advice on how to get one.
NOTEBOOKS     ?= notebooks
BROWSER_STAMP := $(VENV)/.installed-browser

$(BROWSER_STAMP): requirements-browser.txt $(STAMP)
	$(BIN)/python -m pip install --disable-pip-version-check -q $(PIP_FLAGS) \
		-r requirements-browser.txt -c $(CONSTRAINTS)
	touch $@

test-browser: $(BROWSER_STAMP)
	@$(BIN)/python browser_tests/labcheck.py --which-chromium >/dev/null 2>&1 \
		|| ! { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		       && grep -qiE '^ID(_LIKE)?=.*(debian|ubuntu)' /etc/os-release; } \
		|| { echo "Installing Chromium with apt-get (package 'chromium')"; \
		     apt-get update -q && apt-get install -y -q chromium; }
	@printf 'Browser: ' && $(BIN)/python browser_tests/labcheck.py --which-chromium
	$(BIN)/python -m pytest browser_tests --notebooks-dir=$(NOTEBOOKS)

lint: $(STAMP)
	$(BIN)/python -m pip install --disable-pip-version-check -q ruff
	$(BIN)/ruff check .

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis .venv-latest .venv-oldest
