#!/usr/bin/env bash
# API scenario of the benchmark: 1,000 articles in two locales on PostgreSQL, served by
# gunicorn (cms/gunicorn.conf.py) with a private Redis, loaded with wrk; prints requests
# per second and p50/p95 latency for the v2 list (fields=*, limit 20), the v2 detail and
# the v3 list. The full-page cache is off so that the API itself is measured; the shared
# caches under the content generation (fragments, API v2 page representations) are on,
# as in production with Redis (`make bench`'s "uncached" column).
# bench/api/inprocess.py gives milliseconds per request without gunicorn and wrk.
#
#   BENCH_API_DURATION=25   seconds per scenario
#   BENCH_API_CONNECTIONS=16
#   BENCH_API_DB=alliance_bench_api   (its own database: never touches anyone else's)
#
# Seeding reuses bench/seed.py (demo content + generated articles, each also in French);
# running again adds nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY=${PY:-$ROOT/.venv/bin/python}
OUT=$ROOT/bench/api/out
DURATION=${BENCH_API_DURATION:-25}
CONNECTIONS=${BENCH_API_CONNECTIONS:-16}
APP_PORT=${BENCH_API_PORT:-8810}
REDIS_PORT=${BENCH_API_REDIS_PORT:-6398}
DB_NAME=${BENCH_API_DB:-alliance_bench_api}
mkdir -p "$OUT"
: >"$OUT/wrk.jsonl"

command -v wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
command -v redis-server >/dev/null || apt-get install -y -q redis-server >/dev/null
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres "$DB_NAME"

export DJANGO_SETTINGS_MODULE=cms.settings.production
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB_NAME"
export SECRET_KEY=${SECRET_KEY:-bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz}
export ALLOWED_HOSTS="127.0.0.1,localhost"
export WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$APP_PORT}"  # production requires the public address
export SECURE_SSL_REDIRECT=false
export MEDIA_ROOT="$OUT/media"
export STATIC_ROOT="$OUT/static"
export SERVE_MEDIA=true
export PAGE_CACHE_SECONDS=0
export GUNICORN_BIND="127.0.0.1:$APP_PORT"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export GUNICORN_WORKERS=${BENCH_API_WORKERS:-$((2 * $(nproc)))}
export GUNICORN_ACCESS_LOG=""
export GUNICORN_LOG_LEVEL=warning
export LOG_LEVEL=ERROR

cleanup() {
  [ -f "$OUT/gunicorn.pid" ] && kill "$(cat "$OUT/gunicorn.pid")" 2>/dev/null || true
  [ -f "$OUT/redis.pid" ] && kill "$(cat "$OUT/redis.pid")" 2>/dev/null || true
}
trap cleanup EXIT
# A Redis of our own, not persisted: the run never touches anyone else's data.
redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
  --pidfile "$OUT/redis.pid" --logfile "$OUT/redis.log" --dir "$OUT"

echo "== migrate, seed 1,000 articles x 2 locales (first run takes several minutes)"
"$PY" manage.py migrate --no-input -v 0
"$PY" manage.py collectstatic --no-input -v 0
"$PY" -m bench.seed --articles 1000 --participants 0 --out "$OUT/seed.json"
"$PY" -m bench.api.scenarios --seed "$OUT/seed.json" --out "$OUT/scenarios.json"

"$ROOT/.venv/bin/gunicorn" -c cms/gunicorn.conf.py --pid "$OUT/gunicorn.pid" --daemon \
  cms.wsgi:application
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$APP_PORT/api/v2/pages/?limit=1" >/dev/null && break; sleep 0.2; done

echo "== wrk: $DURATION s per scenario, $CONNECTIONS connections, $GUNICORN_WORKERS workers"
while IFS=$'\t' read -r name path; do
  url="http://127.0.0.1:$APP_PORT$path"
  status=$(curl -s -o /dev/null -w '%{http_code}' "$url")
  [ "$status" = 200 ] || { echo "$name: HTTP $status for $url" >&2; exit 1; }
  curl -s -o /dev/null "$url"  # warm up: renditions exist, workers have loaded the code
  line=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/report.lua "$url" | tail -1)
  "$PY" -c 'import json,sys; d=json.loads(sys.argv[3]); d.update(scenario=sys.argv[1], url=sys.argv[2]); print(json.dumps(d))' \
    "$name" "$path" "$line" >>"$OUT/wrk.jsonl"
  echo "   $name: $line"
done < <("$PY" -c 'import json,sys; [print(f"{k}\t{v}") for k,v in json.load(open(sys.argv[1])).items()]' "$OUT/scenarios.json")

echo
"$PY" -m bench.api.report "$OUT/wrk.jsonl"
