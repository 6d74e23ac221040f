# Two commands on a fresh clone: `make run` and `make test`.
PYTHON_BIN ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install translations migrate demo lint messages clean bench scheduler

$(INSTALLED): requirements.txt
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(INSTALLED)

install: $(INSTALLED)

translations: install
	$(PY) manage.py compile_translations

migrate: install
	$(PY) manage.py migrate --no-input

demo: migrate translations
	$(PY) manage.py load_demo_content

run: demo
	@echo "Serving http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Background worker (webhook deliveries): manage.py run_worker, stopped with the server."
	$(PY) manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Two workers: the suite is mostly waiting on the database and the browser.
test: translations
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# Seed 1,000 articles and 200 participants, serve with gunicorn on PostgreSQL + Redis,
# load every scenario with wrk and print the table (bench/run.sh; BENCH_DURATION=60 etc.).
bench: install translations
	bash bench/run.sh

# Publishes pages whose "go live" date has passed and unpublishes expired ones, and
# warns about then deletes abandoned new drafts (cleanup_abandoned_drafts), every 60
# seconds, for installs without cron (see docs/editor-guide.md). Stop it with Ctrl-C.
scheduler: migrate
	while true; do $(PY) manage.py publish_scheduled; $(PY) manage.py cleanup_abandoned_drafts; sleep 60; done

# For developers with GNU gettext: collect new UI strings into locale/*/django.po.
messages: install
	$(PY) manage.py makemessages --all --ignore=.venv --ignore=tests --ignore=static --no-obsolete

clean:
	rm -rf $(VENV) db.sqlite3 media static .pytest_cache
