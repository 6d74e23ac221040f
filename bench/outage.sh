#!/usr/bin/env bash
# Database outage drill (run by hand after `make bench` has seeded alliance_bench):
# copies the bench database into a private PostgreSQL cluster on port 5499, serves it with
# gunicorn under load, stops that cluster for ~7 s, restarts it and reports (bench/outage.py).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=$ROOT/bench/out
VERSION=$(ls /etc/postgresql | head -1)
CLUSTER=outage
PORT=5499
APP_PORT=8810
mkdir -p "$OUT"

if ! pg_lsclusters | awk '{print $2}' | grep -qx "$CLUSTER"; then
  pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" -- --auth-host=trust --auth-local=trust >/dev/null
fi
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$PORT" -q && break; sleep 0.5; done
dropdb -h 127.0.0.1 -p "$PORT" -U postgres --if-exists alliance_outage
createdb -h 127.0.0.1 -p "$PORT" -U postgres alliance_outage
pg_dump -h 127.0.0.1 -U postgres -Fc alliance_bench | pg_restore -h 127.0.0.1 -p "$PORT" -U postgres --no-owner -d alliance_outage

redis-server --daemonize yes --bind 127.0.0.1 --port 6398 --save "" --appendonly no \
  --pidfile "$OUT/redis-outage.pid" --logfile "$OUT/redis-outage.log" --dir "$OUT"
export DJANGO_SETTINGS_MODULE=cms.settings.production
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/alliance_outage"
export REDIS_URL="redis://127.0.0.1:6398/0"
export SECRET_KEY=${SECRET_KEY:-bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz}
export ALLOWED_HOSTS="127.0.0.1,localhost" SECURE_SSL_REDIRECT=false STATIC_ROOT="$OUT/static"
export WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$APP_PORT}"  # production requires the public address
export MEDIA_ROOT="$OUT/media" PAGE_CACHE_SECONDS=0 LOG_LEVEL=CRITICAL
export GUNICORN_BIND="127.0.0.1:$APP_PORT" GUNICORN_ACCESS_LOG="" GUNICORN_LOG_LEVEL=error
"$ROOT/.venv/bin/gunicorn" -c cms/gunicorn.conf.py --pid "$OUT/gunicorn-outage.pid" --daemon cms.wsgi:application
cleanup() {
  kill "$(cat "$OUT/gunicorn-outage.pid")" 2>/dev/null || true
  kill "$(cat "$OUT/redis-outage.pid")" 2>/dev/null || true
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" stop 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$APP_PORT/healthz" >/dev/null && break; sleep 0.2; done
JOIN=$(psql -h 127.0.0.1 -p "$PORT" -U postgres alliance_outage -tAc \
  "SELECT url_path FROM wagtailcore_page p JOIN django_content_type c ON c.id = p.content_type_id
   WHERE c.model = 'joinpage' AND p.url_path LIKE '/home/%' LIMIT 1" | sed 's#^/home/#/en/#')
wrk -t2 -c32 -d30s --timeout 10s -s bench/report.lua "http://127.0.0.1:$APP_PORT/en/" >"$OUT/outage-wrk.txt" &
WRK=$!
"$ROOT/.venv/bin/python" bench/outage.py "http://127.0.0.1:$APP_PORT" "$VERSION/$CLUSTER" "${JOIN:-/en/join/}"
wait "$WRK" || true
echo "wrk during the drill: $(tail -1 "$OUT/outage-wrk.txt")"
