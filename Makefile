# The README's commands. `make run` sets everything up from a fresh clone and starts the app with demo data,
# the way a small union runs it on one PC: DEBUG off, Chinese error pages, static files through WhiteNoise.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
PORT    ?= 8000
# Single-PC mode (see settings.LOCAL): DEBUG off, plain HTTP on 127.0.0.1, secret key kept in var/secret_key.
LOCAL   := GONGHUI_LOCAL=true
export DJANGO_SETTINGS_MODULE := gonghui.settings

.PHONY: run start start-check dev setup venv lock upgrade guide-screens assets static migrate demo prod-check test test-dates fuzz-api browser lint format bench bench-members bench-load clean

run: setup demo
	$(LOCAL) bin/run $(PORT)

# Real use on one PC: DEBUG off, no demo data, asks for the first administrator once; web server (waitress),
# worker and scheduler together until Ctrl-C. The same without make: `python -m gonghui start`.
start: venv assets
	$(PY) -m gonghui start --port $(PORT)

# Debug mode for development: Django's debug pages, static files straight from the apps' folders.
dev: venv assets migrate demo
	DEBUG=true bin/run $(PORT)

setup: venv assets migrate static

# Exactly the versions in requirements.lock (hashes checked), the ones CI tested; bin/check-lock then
# compares what is installed with the lock. `make lock` after editing pyproject.toml, `make upgrade` for newer.
venv: .venv/.installed
.venv/.installed: requirements.lock
	test -x $(PY) || python3 -m venv .venv
	@# Dependencies only: the project itself runs from its folder (so git worktrees never import another copy).
	$(PIP) install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(PY) bin/check-lock --installed
	touch $@

# The lock from pyproject.toml's ranges, keeping the versions already locked (after adding a dependency).
# uv comes from the lock itself (a dev dependency); the lock is universal: Linux, Windows and macOS.
UV_COMPILE := .venv/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
	--python-version 3.11 --custom-compile-command "make lock" --quiet -o requirements.lock
lock:
	test -x .venv/bin/uv || $(MAKE) venv
	$(UV_COMPILE)
	$(PY) bin/check-lock

# Newest versions within pyproject.toml's and package.json's ranges into both locks, then installed.
upgrade:
	test -x .venv/bin/uv || $(MAKE) venv
	$(UV_COMPILE) --upgrade
	npm update --package-lock-only --no-audit --no-fund --loglevel=error
	$(PY) bin/check-lock
	$(MAKE) venv assets

assets: gonghui/core/static/vendor/.copied
# Source maps are copied with the files naming them: collectstatic's manifest fails on a missing one.
gonghui/core/static/vendor/.copied: package-lock.json Makefile
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf gonghui/core/static/vendor && mkdir -p gonghui/core/static/vendor/tabler gonghui/core/static/vendor/htmx gonghui/core/static/vendor/echarts gonghui/core/static/vendor/tabler-icons
	cp node_modules/@tabler/core/dist/css/tabler.min.css node_modules/@tabler/core/dist/css/tabler.min.css.map \
	   node_modules/@tabler/core/dist/js/tabler.min.js node_modules/@tabler/core/dist/js/tabler.min.js.map \
	   gonghui/core/static/vendor/tabler/
	cp node_modules/htmx.org/dist/htmx.min.js gonghui/core/static/vendor/htmx/
	cp node_modules/echarts/dist/echarts.min.js gonghui/core/static/vendor/echarts/
	cp -r node_modules/@tabler/icons-webfont/dist/tabler-icons.min.css node_modules/@tabler/icons-webfont/dist/fonts gonghui/core/static/vendor/tabler-icons/
	touch $@

# collectstatic into var/static (the build WhiteNoise serves with DEBUG off), redone when a static file changes.
static: var/static/staticfiles.json
var/static/staticfiles.json: gonghui/core/static/vendor/.copied $(shell find gonghui -path '*/static/*' -type f -not -path '*/vendor/*' 2>/dev/null)
	$(LOCAL) $(PY) manage.py collectstatic --noinput --clear -v 0

migrate: venv
	$(LOCAL) $(PY) manage.py migrate --noinput

demo: migrate
	$(LOCAL) $(PY) manage.py demo

# The production path once: DEBUG off, collectstatic, gunicorn, log in, open a page (CI runs it).
prod-check: venv assets
	bin/prod-check

# The single-PC mode once: python -m gonghui start, log in, Ctrl-C (CI runs it).
start-check: venv assets
	bin/start-check

test: venv assets
	.venv/bin/ruff check .
	TESTING=true $(PY) -m pytest -n 2

# The suite again on the days where month and year logic breaks, Asia/Shanghai: the year's first
# working morning and its last half hour. GONGHUI_TEST_CLOCK moves the whole session's clock there.
# Modules that load the demo under a clock of their own gain nothing from a moved clock: left out (minutes each).
OWN_CLOCK := --ignore=gonghui/core/tests/test_page_crawl.py --ignore=gonghui/plans/tests/test_demo.py \
	--ignore=gonghui/reports/tests/test_demo.py
# The year boundary from both sides; CI runs the first (SWEEP=2027-01-01T09:00+08:00) to stay under 25 minutes.
SWEEP ?= 2027-01-01T09:00+08:00 2026-12-31T23:30+08:00
test-dates: venv assets
	for instant in $(SWEEP); do TESTING=true GONGHUI_TEST_CLOCK=$$instant $(PY) -m pytest -q -n 2 $(OWN_CLOCK) || exit 1; done

# schemathesis against the API on a fresh demo database (DATABASE_URL names its own database).
fuzz-api: venv
	bin/fuzz-api

# Two workers: the phone-width crawl (demo data, ~4 min) runs beside the journeys instead of before them.
browser: venv assets
	TESTING=true $(PY) -m pytest -m browser -n 2

# The guide's screenshots (docs/guide/img/), retaken on a fresh demo database in var/guide/ from each
# page's `shots:` lines, so they follow the screens. DEBUG serves the static files from the apps.
GUIDE_ENV := DEBUG=true SQLITE_PATH=var/guide/gonghui.sqlite3 MEDIA_ROOT=var/guide/media TASK_BACKEND=django_tasks.backends.immediate.ImmediateBackend
guide-screens: venv assets
	rm -rf var/guide && mkdir -p var/guide
	$(GUIDE_ENV) $(PY) manage.py migrate --noinput -v 0
	$(GUIDE_ENV) $(PY) manage.py demo
	$(GUIDE_ENV) $(PY) manage.py guide_screenshots
	rm -rf var/guide

lint:
	.venv/bin/ruff check .

format:
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

bench: venv
	$(PY) bench/run_all.py

# Members: import vs floor and django-import-export (installed here for the benchmark only),
# then the roster page and export at 1M members. Sizes: ROWS=100000 MEMBERS=1000000.
ROWS ?= 100000
MEMBERS ?= 1000000
bench-members: venv
	$(PIP) install --quiet "django-import-export>=4,<5"
	$(PY) bench/bench_members_import.py --rows $(ROWS)
	$(PY) bench/bench_members_roster.py --members $(MEMBERS)

# Load: a county federation's working day (bench/locustfile.py) against gunicorn with DEBUG off, on SQLite
# then PostgreSQL (BENCH_LOAD_PG_URL); prints req/s, p50/p95/p99, errors and the server's CPU share.
# LOAD_ARGS="--users 100 --duration 60 --db sqlite" for a shorter run.
LOAD_ARGS ?=
bench-load: venv assets
	$(PY) bench/run_load.py $(LOAD_ARGS)

clean:
	rm -rf var .venv node_modules gonghui/core/static/vendor
