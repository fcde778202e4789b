# The companion's commands. Each target installs what it needs into a virtual environment first.
#   make lab          open the notebooks in JupyterLab
#   make test         helpers' unit tests and doctests + every notebook under strict nbval
#   make test-latest  the same tests with the newest releases that requirements.txt allows
#   make test-oldest  the same tests with the oldest releases that requirements.txt allows
#   make lock         record the exact versions that `make test` installs in constraints.txt
#   make lint         ruff over helpers, tests, benchmarks and notebooks
#   make execute      re-run notebooks top to bottom in a fresh kernel and save (NB=one notebook)
#   make student      student copies without worked solutions in build/student/ (FORCE=1 replaces)
#   make slides       one offline reveal.js deck per notebook in build/slides/, every slide fitted
#                     to the slide size (needs npm once)
#   make slides-check open the decks in headless Chromium with the network blocked and measure
#                     every slide: fails on any slide taller or wider than the slide
#   make handouts     one A4 PDF handout per notebook in build/handouts/, printed by headless
#                     Chromium with no network and checked (SOLUTIONS=1 adds worked solutions)
#   make test-browser every notebook run in JupyterLab in headless Chromium, widgets and sliders
#                     checked (NOTEBOOKS=folder to check another folder, CHROMIUM=path/to/browser)
#   make test-binder  install binder/requirements.txt into a clean venv, as Binder would, and run
#                     two notebooks there
#   make launch-buttons  Binder and Colab buttons in README and notebooks (REPO=owner/name,
#                     default: the GitHub address of git's origin)
#   make bench        Funk SVD against the Surprise library; make bench-widgets: slider timings

PYTHON      ?= python3
VENV        ?= .venv
CONSTRAINTS ?= constraints.txt
PIP_FLAGS   ?=
BIN         := $(VENV)/bin
STAMP       := $(VENV)/.installed
ALLOW_ROOT  := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: install lab test execute test-latest test-oldest lock lint student slides slides-check \
	handouts clean chromium test-browser test-binder launch-buttons bench bench-widgets

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

# One BLAS thread: small matrix products are faster and their last digits do not depend on
# how busy the machine is.
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1

test: $(STAMP)
	$(BIN)/python -m pytest

NB ?= notebooks/*.ipynb
execute: $(STAMP)
	$(BIN)/python scripts/execute.py $(NB)

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

student: $(STAMP)
	$(BIN)/python scripts/student_copies.py notebooks build/student $(if $(FORCE),--force,)

slides: $(STAMP)
	$(BIN)/python scripts/build_slides.py notebooks build/slides

# The browser test drives an installed Chromium with Playwright (never `playwright install`).
# As root on Debian/Ubuntu a missing Chromium is installed from the distribution's package;
# otherwise labcheck.py --which-chromium stops with advice on how to get one.
NOTEBOOKS     ?= notebooks
BROWSER_STAMP := $(VENV)/.installed-browser

$(BROWSER_STAMP): requirements-browser.txt $(STAMP)
	$(BIN)/python -m pip install --disable-pip-version-check -q $(PIP_FLAGS) \
		-r requirements-browser.txt -c $(CONSTRAINTS)
	touch $@

chromium: $(BROWSER_STAMP)
	@$(BIN)/python browser_tests/labcheck.py --which-chromium >/dev/null 2>&1 \
		|| ! { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		       && grep -qiE '^ID(_LIKE)?=.*(debian|ubuntu)' /etc/os-release; } \
		|| { echo "Installing Chromium with apt-get (package 'chromium')"; \
		     apt-get update -q && apt-get install -y -q chromium; }
	@printf 'Browser: ' && $(BIN)/python browser_tests/labcheck.py --which-chromium

test-browser: chromium
	$(BIN)/python -m pytest browser_tests --notebooks-dir=$(NOTEBOOKS)

# Buttons need the public address: REPO=owner/name, or git's origin when it is on GitHub. The
# notebooks are re-run afterwards, since each gains a (Colab-only) set-up cell.
launch-buttons: $(STAMP)
	$(BIN)/python scripts/launch_buttons.py $(if $(REPO),--repository $(REPO),)
	$(BIN)/python scripts/execute.py notebooks/*.ipynb

# Binder builds from binder/ (runtime.txt, requirements.txt); this checks those files without Docker
test-binder:
	$(PYTHON) scripts/binder_check.py

# Opens every deck with the network blocked: reveal.js initialised, maths typeset, figures shown,
# and every slide measured at the deck's own size (nothing taller or wider than the slide).
slides-check: slides chromium
	$(BIN)/python scripts/check_slides.py build/slides

# Prints every notebook to an A4 PDF with the installed Chromium, MathJax served from build/;
# fails if a request leaves the machine, anything is wider than the page or a page is not A4.
handouts: chromium
	$(BIN)/python scripts/build_handouts.py notebooks build/handouts $(if $(SOLUTIONS),--solutions,)

lint: $(STAMP)
	$(BIN)/python -m pip install --disable-pip-version-check -q 'ruff>=0.17.6,<0.18'
	$(BIN)/ruff check .
	$(BIN)/ruff format --check helpers tests scripts benchmarks browser_tests

# Benchmarks are not part of `make test`: timings depend on the machine.
# make bench: our FunkSVD against the Surprise library's SVD (installed only here), and the
# epoch time at scale. make bench-widgets: every slider's callback time against 0.2 s.
bench: $(STAMP)
	$(BIN)/python -m pip install --disable-pip-version-check -q scikit-surprise
	$(BIN)/python benchmarks/funk_svd.py

bench-widgets: $(STAMP)
	$(BIN)/python benchmarks/widget_callbacks.py

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis .venv-latest .venv-oldest
