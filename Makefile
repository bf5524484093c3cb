# Two commands matter: `make run` (set up and serve) and `make test` (set up and test).
# PYTHON may be given (make test PYTHON=/path/to/python3.13); otherwise the newest
# Python 3.13/3.12 on PATH or in pyenv is used.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

PYTHON ?= $(shell \
	for v in python3.13 python3.12; do \
		if command -v $$v >/dev/null 2>&1 && $$v -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$v; exit; fi; \
	done; \
	if command -v pyenv >/dev/null 2>&1; then \
		for v in $$(pyenv versions --bare 2>/dev/null | grep -E '^3\.1[2-9]' | sort -rV); do \
			p="$$(pyenv root)/versions/$$v/bin/python3"; [ -x "$$p" ] && { echo "$$p"; exit; }; \
		done; \
	fi)

# Exact versions of every package, for Python 3.12+ on any platform (make lock writes it).
# uv installs it (the same versions and hashes as `pip install -r`, in a fraction of the time).
# --compile-bytecode writes the packages' .pyc files once, at install: where
# PYTHONDONTWRITEBYTECODE is set (as on our machines) nothing else writes them, and every
# process (each test worker, gunicorn, manage.py) compiled Django again: 1.2 s of CPU to
# start Django against 0.4 s.
LOCK := requirements.lock
UV_VERSION := 0.13.8
LOCK_COMMAND := uv pip compile pyproject.toml --extra test --universal --python-version 3.12 \
	--generate-hashes --custom-compile-command "make lock" --output-file $(LOCK) --quiet

VNU_VERSION := 26.9.27
VNU_JAR := .tools/node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: run test check record-checks lint format serve bench bench-search setup migrate content clean lock lock-upgrade messages

$(STAMP): pyproject.toml $(LOCK)
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: Python 3.12 or newer is needed. Install python3.13 or python3.12 (or pyenv), or run: make PYTHON=/path/to/python3.12 ..." >&2; exit 1; fi
	@if [ ! -x $(BIN)/python ] || ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		rm -rf $(VENV); "$(PYTHON)" -m venv $(VENV); fi
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode --require-hashes -r $(LOCK)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $(STAMP)

# The Welsh interface (locale/cy/LC_MESSAGES/django.po), compiled by gettext's msgfmt; the
# .mo is built here, never committed.
MESSAGES := locale/cy/LC_MESSAGES/django.mo
MESSAGES_IGNORED := -i ".venv/*" -i ".tools/*" -i "staticfiles/*" -i "tests/*" -i "bench/*" \
	-i "templates/admin/*" -i "*/templates/admin/*" -i "*/admin.py" -i "*/admin_*.py"
$(MESSAGES): locale/cy/LC_MESSAGES/django.po $(STAMP)
	@command -v msgfmt >/dev/null 2>&1 || { echo "error: msgfmt is missing (apt install gettext)" >&2; exit 1; }
	$(BIN)/python manage.py compilemessages --locale cy --ignore ".venv/*" --ignore ".tools/*" --verbosity 0

# Installed, and the Welsh interface compiled (tests/languages needs it).
setup: $(STAMP) $(MESSAGES)

# After changing an interface string: gather them into django.po, then translate every empty
# msgstr (tests/languages fails on one left empty). Terms: locale/cy/TERMS.md.
messages: setup
	$(BIN)/python manage.py makemessages -l cy --no-obsolete --no-location $(MESSAGES_IGNORED)

# After changing pyproject.toml's dependencies: pins what is new, keeps every other pin.
lock: setup
	$(BIN)/$(LOCK_COMMAND)

# Take the newest releases the bounds in pyproject.toml allow (then run make test).
lock-upgrade: setup
	$(BIN)/$(LOCK_COMMAND) --upgrade

# The Nu HTML Checker, from npm (never a download of our own); Java runs it.
$(VNU_JAR):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --prefix .tools --no-save --ignore-scripts --no-audit --no-fund vnu-jar@$(VNU_VERSION); \
	else echo "warning: npm is missing, so the HTML validity tests will be skipped (apt install npm)" >&2; fi

migrate: setup $(MESSAGES)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py create_editor_group

# Imports what changed in content/ since the last import; an item edited in the admin is
# never overwritten (a conflict is reported and kept). See README, "Files and the admin".
content: migrate
	$(BIN)/python manage.py import_content

run: content
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production server (gunicorn, whitenoise, DEBUG off) on http://$(HOST):$(PORT).
# It never imports content: a release imports once, by hand (README, "Deploying").
serve: migrate
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py portal.wsgi

# The tests run in parallel, one worker process per core (at most 4), each with its own test
# database, shipped-content import and Chromium; TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= auto
PARALLEL := -n $(TEST_WORKERS) --maxprocesses 4 --dist worksteal

test: setup $(MESSAGES) $(VNU_JAR)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PARALLEL) $(PYTEST_ARGS)

# The quality gates alone: accessibility, valid HTML, security headers, hostile input, print.
check: setup $(MESSAGES) $(VNU_JAR)
	$(BIN)/python -m pytest $(PARALLEL) tests/quality $(PYTEST_ARGS)

# The quality gates (all but the one about this date), then, only if they all pass, today's
# date written into the accessibility statement as the day they last passed. Commit the
# changed content/statements/accessibility.md.
record-checks: setup $(MESSAGES) $(VNU_JAR)
	$(BIN)/python -m pytest $(PARALLEL) tests/quality --deselect tests/quality/test_statement_dates.py::test_the_date_the_checks_last_passed_is_recent $(PYTEST_ARGS)
	$(BIN)/python manage.py record_checks_passed

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The site under load: 40, 1 000 and 10 000 generated pages on gunicorn + PostgreSQL + Redis,
# driven by wrk (see bench/site_bench.py --help; never part of make test).
bench: setup
	$(BIN)/python bench/site_bench.py $(BENCH_ARGS)

# Search latency with 10 000 generated pages, SQLite then PostgreSQL (needs DATABASE_URL's server).
bench-search: setup
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python bench/search_bench.py

clean:
	rm -rf $(VENV) .tools staticfiles .pytest_cache .ruff_cache
