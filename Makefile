# The README's commands. `make run` sets everything up from a fresh clone and starts the app with demo data.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
PORT    ?= 8000
export DJANGO_SETTINGS_MODULE := gonghui.settings

.PHONY: run setup venv assets migrate demo test test-dates fuzz-api browser lint format bench bench-members clean

run: setup demo
	DEBUG=true bin/run $(PORT)

setup: venv assets migrate

venv: .venv/.installed
.venv/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install --quiet --upgrade pip
	@# Dependencies only: the project itself runs from its folder (so git worktrees never import another copy).
	$(PY) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' > .venv/requirements.txt
	$(PIP) install --quiet -r .venv/requirements.txt
	touch $@

assets: gonghui/core/static/vendor/.copied
gonghui/core/static/vendor/.copied: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf gonghui/core/static/vendor && mkdir -p gonghui/core/static/vendor/tabler gonghui/core/static/vendor/htmx gonghui/core/static/vendor/echarts gonghui/core/static/vendor/tabler-icons
	cp node_modules/@tabler/core/dist/css/tabler.min.css node_modules/@tabler/core/dist/js/tabler.min.js gonghui/core/static/vendor/tabler/
	cp node_modules/htmx.org/dist/htmx.min.js gonghui/core/static/vendor/htmx/
	cp node_modules/echarts/dist/echarts.min.js gonghui/core/static/vendor/echarts/
	cp -r node_modules/@tabler/icons-webfont/dist/tabler-icons.min.css node_modules/@tabler/icons-webfont/dist/fonts gonghui/core/static/vendor/tabler-icons/
	touch $@

migrate: venv
	DEBUG=true $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=true $(PY) manage.py demo

test: venv assets
	.venv/bin/ruff check .
	TESTING=true $(PY) -m pytest -n 2

# The suite again on the days where month and year logic breaks, Asia/Shanghai: the year's first
# working morning and its last half hour. GONGHUI_TEST_CLOCK moves the whole session's clock there.
test-dates: venv assets
	TESTING=true GONGHUI_TEST_CLOCK=2027-01-01T09:00+08:00 $(PY) -m pytest -q -n 2
	TESTING=true GONGHUI_TEST_CLOCK=2026-12-31T23:30+08:00 $(PY) -m pytest -q -n 2

# schemathesis against the API on a fresh demo database (DATABASE_URL names its own database).
fuzz-api: venv
	bin/fuzz-api

browser: venv assets
	TESTING=true $(PY) -m pytest -m browser -p no:xdist

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

clean:
	rm -rf var .venv node_modules gonghui/core/static/vendor
