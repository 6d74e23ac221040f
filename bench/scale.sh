#!/usr/bin/env bash
# The scale benchmark of issue #23 (docs/operations.md#scale): grows a PostgreSQL
# database of its own to each size and times every endpoint in-process, caches off.
#
#   SIZES="1000 10000 50000" PARTICIPANTS="200 500 1000" bash bench/scale.sh
#   SCALE_DB=alliance_scale   the database (created, migrated and kept between runs;
#                             dropped first with SCALE_FRESH=1)
#   SCALE_ONLY="search 'roma',article"   only these endpoints ("none": seed only)
#   SCALE_OUT=bench/out/scale   where <size>.json go; the Markdown table of every size
#                               there is printed at the end
# One database per size (SCALE_DB=alliance_scale_1k SIZES=1000, ...) lets the sizes be
# measured again one after the other, under the same load of the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-$(pwd)/.venv/bin/python}
DB_NAME=${SCALE_DB:-alliance_scale}

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
if [ "${SCALE_FRESH:-0}" = 1 ]; then
  dropdb -h 127.0.0.1 -U postgres --if-exists "$DB_NAME"
  rm -rf "${SCALE_OUT:-bench/out/scale}"
fi
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres "$DB_NAME"

# Production settings without Redis: the page and fragment caches are off, the other
# caches are per process and cleared before every timed request (bench/scale/measure.py).
export DJANGO_SETTINGS_MODULE=cms.settings.production
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB_NAME"
unset REDIS_URL
export SECRET_KEY=${SECRET_KEY:-bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz}
export ALLOWED_HOSTS="127.0.0.1,localhost"
export WAGTAILADMIN_BASE_URL="http://127.0.0.1:8000"
export SECURE_SSL_REDIRECT=false
export MEDIA_ROOT="$(pwd)/bench/out/scale-media"
export STATIC_ROOT="$(pwd)/bench/out/scale-static"
export LOG_LEVEL=ERROR
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend  # a benchmark sends no mail

"$PY" manage.py migrate --no-input -v 0
"$PY" manage.py compile_translations >/dev/null
"$PY" manage.py collectstatic --no-input -v 0
"$PY" -m bench.scale.run --sizes ${SIZES:-1000 10000 50000} \
  --participants ${PARTICIPANTS:-200 500 1000} --only "${SCALE_ONLY:-}" \
  --out "${SCALE_OUT:-bench/out/scale}"
