# Two commands on a fresh clone: `make run` and `make test`.
PYTHON_BIN ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# One stamp per requirements file: `make run` installs the runtime only, `make test`,
# `make lint` and `make bench` the development tools too (requirements-dev.txt).
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev translations migrate demo lint messages clean bench drills scheduler

# The venv's own pip (Python 3.11's) installs these wheels; upgrading it on every fresh
# clone cost a download and a reinstall for nothing.
$(PY):
	$(PYTHON_BIN) -m venv $(VENV)

$(RUNTIME): requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(RUNTIME)

# requirements-dev.txt starts with `-r requirements.txt`: the runtime is installed too.
$(DEV): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(RUNTIME) $(DEV)

install: $(RUNTIME)

install-dev: $(DEV)

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
test: install-dev translations
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# Seed 1,000 articles and 200 participants, serve with gunicorn on PostgreSQL + Redis,
# load every scenario with wrk and print the table (bench/run.sh; BENCH_DURATION=60 etc.).
bench: install-dev translations
	bash bench/run.sh

# The failure drills (issue #22, docs/operations.md#drills): the resilience tests (hung
# and missing cache, database restarted under the worker, damaged archives, full or
# read-only storage, concurrent editing), then the load drills with gunicorn: Redis
# paused under load, and three uploads of the largest image at once.
drills: install-dev translations
	$(PY) -m pytest -m resilience -p no:randomly $(PYTEST_ARGS)
	bash bench/drills/cache_pause.sh
	bash bench/drills/upload_memory.sh

# Every 60 seconds, for installs without cron (docs/operations.md): publishes pages whose
# "go live" date has passed and unpublishes expired ones, warns about then deletes
# abandoned new drafts, and emails translators what fell behind. Stop it with Ctrl-C.
scheduler: migrate
	while true; do $(PY) manage.py publish_scheduled; $(PY) manage.py cleanup_abandoned_drafts; \
		$(PY) manage.py send_translation_digests; sleep 60; done

# For developers with GNU gettext: collect new UI strings into locale/*/django.po.
messages: install
	$(PY) manage.py makemessages --all --ignore=.venv --ignore=tests --ignore=static --no-obsolete

clean:
	rm -rf $(VENV) db.sqlite3 media static .pytest_cache /tmp/alliance-cms-tests
