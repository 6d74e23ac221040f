#!/usr/bin/env bash
# `make bench`: seed a realistic data set, serve it with gunicorn on PostgreSQL + Redis,
# load every scenario with wrk, measure the framework floor and nginx, print one table.
#
#   BENCH_DURATION=10   seconds per scenario (the reliability load test uses 60)
#   BENCH_CONNECTIONS=32
#   BENCH_ARTICLES=1000 BENCH_PARTICIPANTS=200
#   BENCH_PROFILE="news list,API v2 list"   pyinstrument profiles of these scenarios
#   BENCH_ONLY="home,news list"   only these scenarios; BENCH_MODES="cached" only that mode
#     modes: off (page and fragment caches off), uncached (fragments only), cached (both)
#   BENCH_STORM=60   the publish storm (one publish every BENCH_STORM_EVERY=5 s over a mix
#     of pages, next to BENCH_STEADY=20 s without publishing), through gunicorn and
#     through nginx proxy_cache purged on publish (bench/storm.py); 0 skips it
#   The reliability run of issue #9:
#   BENCH_DURATION=60 BENCH_ONLY="home,news list,seminar report,search,API v2 list" make bench
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PY:-$ROOT/.venv/bin/python}
OUT=$ROOT/bench/out
DURATION=${BENCH_DURATION:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
APP_PORT=${BENCH_APP_PORT:-8800}
NGINX_PORT=${BENCH_NGINX_PORT:-8801}
REDIS_PORT=${BENCH_REDIS_PORT:-6399}
DB_NAME=${BENCH_DB:-alliance_bench}
CORES=$(nproc)
mkdir -p "$OUT"
: >"$OUT/wrk.jsonl"

need() { command -v "$1" >/dev/null || { echo "== installing $2"; apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx
# The production shape's purge port (bench/nginx/proxy_cache.conf.template).
[ -e /usr/share/nginx/modules-available/mod-http-cache-purge.conf ] || [ -e /usr/lib/nginx/modules/ngx_http_cache_purge_module.so ] \
  || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q libnginx-mod-http-cache-purge >/dev/null; }
need redis-server redis-server

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres "$DB_NAME"

# A Redis of our own, not persisted, so that the run never touches anyone else's data.
redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
  --pidfile "$OUT/redis.pid" --logfile "$OUT/redis.log" --dir "$OUT"
sleep 0.5

export DJANGO_SETTINGS_MODULE=cms.settings.production
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB_NAME"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export SECRET_KEY=${SECRET_KEY:-bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz}
export ALLOWED_HOSTS="127.0.0.1,localhost"
export WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$APP_PORT}"  # production requires the public address
export SECURE_SSL_REDIRECT=false
export BENCH_FLOOR_VIEW=true
export STATIC_ROOT="$OUT/static"
export MEDIA_ROOT="$OUT/media"
export SERVE_MEDIA=true
export GUNICORN_BIND="127.0.0.1:$APP_PORT"
export GUNICORN_WORKERS=$((2 * CORES))
export GUNICORN_ACCESS_LOG=""
export GUNICORN_LOG_LEVEL=warning
export LOG_LEVEL=ERROR
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend  # a benchmark sends no mail

cleanup() {
  [ -f "$OUT/gunicorn.pid" ] && kill "$(cat "$OUT/gunicorn.pid")" 2>/dev/null || true
  [ -f "$OUT/nginx.pid" ] && kill "$(cat "$OUT/nginx.pid")" 2>/dev/null || true
  [ -f "$OUT/redis.pid" ] && kill "$(cat "$OUT/redis.pid")" 2>/dev/null || true
}
trap cleanup EXIT

echo "== migrate, static files, seed (first run takes a few minutes)"
"$PY" manage.py migrate --no-input -v 0
"$PY" manage.py compile_translations >/dev/null
"$PY" manage.py collectstatic --no-input -v 0
"$PY" -m bench.seed --articles "${BENCH_ARTICLES:-1000}" --participants "${BENCH_PARTICIPANTS:-200}" \
  --out "$OUT/scenarios.json"

echo "== SQL queries per request (in-process)"
profile_args=()
IFS=',' read -ra profiled <<<"${BENCH_PROFILE:-}"
for name in "${profiled[@]}"; do [ -n "$name" ] && profile_args+=(--profile "$name"); done
"$PY" -m bench.measure --scenarios "$OUT/scenarios.json" --out "$OUT/queries.json" "${profile_args[@]}"

start_gunicorn() { # page-cache seconds [fragment-cache seconds, default 600]
  PAGE_CACHE_SECONDS=$1 FRAGMENT_CACHE_SECONDS=${2:-600} "$ROOT/.venv/bin/gunicorn" -c cms/gunicorn.conf.py --pid "$OUT/gunicorn.pid" \
    --daemon cms.wsgi:application
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$APP_PORT/healthz" >/dev/null && return; sleep 0.2; done
  echo "gunicorn did not start" >&2; exit 1
}
stop_gunicorn() {
  kill "$(cat "$OUT/gunicorn.pid")"; for _ in $(seq 1 50); do [ -f "$OUT/gunicorn.pid" ] || break; sleep 0.2; done
  sleep 1
}
record_rss() {
  local pids; pids=$(pgrep -P "$(cat "$OUT/gunicorn.pid")" || true)
  "$PY" - "$1" $pids <<'PY'
import json, pathlib, sys
path = pathlib.Path("bench/out/rss.json")
data = json.loads(path.read_text()) if path.exists() else {}
sizes = []
for pid in sys.argv[2:]:
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            sizes.append(int(line.split()[1]))
data[sys.argv[1]] = sizes
path.write_text(json.dumps(data))
PY
}
load() { # scenario mode url
  local url="http://127.0.0.1:$3"
  curl -s -o /dev/null "$url"; curl -s -o /dev/null "$url"   # warm up (and fill the page cache)
  local line
  line=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/report.lua "$url" | tail -1)
  "$PY" -c 'import json,sys; d=json.loads(sys.argv[3]); d.update(scenario=sys.argv[1], mode=sys.argv[2]); print(json.dumps(d))' \
    "$1" "$2" "$line" >>"$OUT/wrk.jsonl"
  echo "   $1 ($2): $line"
}
scenarios() {
  "$PY" -c 'import json,sys; only=[n for n in sys.argv[2].split(",") if n]; [print(f"{k}\t{v}") for k,v in json.load(open(sys.argv[1])).items() if not only or k in only]' \
    "$OUT/scenarios.json" "${BENCH_ONLY:-}"
}

rm -f "$OUT/rss.json" "$OUT/serial.json"
for mode in ${BENCH_MODES:-off uncached cached}; do
  echo "== gunicorn, $GUNICORN_WORKERS workers, page cache $mode"
  case "$mode" in
    cached) start_gunicorn 600 ;;
    off) start_gunicorn 0 0 ;;
    *) start_gunicorn 0 ;;
  esac
  if [ -z "${floor_measured:-}" ]; then load "framework floor" uncached "$APP_PORT/bench/floor/"; floor_measured=1; fi
  while IFS=$'\t' read -r name path; do load "$name" "$mode" "$APP_PORT$path"; done < <(scenarios)
  if [ "$mode" = off ]; then  # one visitor alone, every cache off (issue #19's per-request times)
    "$PY" -m bench.serial --base "http://127.0.0.1:$APP_PORT" --scenarios "$OUT/scenarios.json" \
      --only "${BENCH_ONLY:-}" --out "$OUT/serial.json" | sed 's/^/   /'
  fi
  record_rss "$mode"
  stop_gunicorn
done

STORM=${BENCH_STORM:-60}
mix() { # label mode seconds base-url: wrk over the storm's page mix, counting hits
  local line
  line=$(STORM_PATHS="$OUT/storm-paths.txt" wrk -t2 -c"$CONNECTIONS" -d"$3s" --timeout 10s \
    -s bench/storm.lua "$4" | tail -1)
  "$PY" -c 'import json,sys; d=json.loads(sys.argv[3]); d.update(scenario=sys.argv[1], mode=sys.argv[2]); print(json.dumps(d))' \
    "$1" "$2" "$line" >>"$OUT/wrk.jsonl"
  echo "   $1 ($2): $line"
}
storm() { # label base-url
  for path in $(cat "$OUT/storm-paths.txt"); do curl -s -o /dev/null "$2$path"; done
  mix "$1" steady "${BENCH_STEADY:-20}" "$2"
  "$PY" -m bench.storm publish --every "${BENCH_STORM_EVERY:-5}" --seconds "$STORM" \
    --out "$OUT/storm-publish-$3.json" &
  local publisher=$!
  mix "$1" storm "$STORM" "$2"
  wait "$publisher" || echo "   the publisher failed (see above)"
}
if [ "$STORM" != 0 ]; then
  "$PY" -m bench.storm paths --out "$OUT/storm-paths.txt"
  echo "== publish storm through gunicorn (page cache on): $(wc -l <"$OUT/storm-paths.txt") pages"
  start_gunicorn 600
  storm "mix via gunicorn" "http://127.0.0.1:$APP_PORT" gunicorn
  stop_gunicorn
fi

echo "== nginx proxy_cache in front of gunicorn, purged on publish (bench/nginx/)"
mkdir -p "$OUT/nginx-tmp" "$OUT/nginx-cache"
PURGE_PORT=${BENCH_PURGE_PORT:-$((NGINX_PORT + 2))}
rm -rf "${OUT:?}/nginx-cache/"*
sed -e "s|@OUT@|$OUT|g" -e "s|@WORKERS@|$CORES|g" -e "s|@APP@|127.0.0.1:$APP_PORT|g" \
  -e "s|@LISTEN@|127.0.0.1:$NGINX_PORT|g" -e "s|@PURGE_LISTEN@|127.0.0.1:$PURGE_PORT|g" \
  bench/nginx/proxy_cache.conf.template >"$OUT/nginx-proxy.conf"
export FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:$PURGE_PORT"
start_gunicorn 600
nginx -c "$OUT/nginx-proxy.conf"
sleep 0.5
load "nginx proxy_cache" proxied "$NGINX_PORT/en/"
echo "   purge end to end:"
"$PY" -m bench.storm check --base "http://127.0.0.1:$NGINX_PORT" --out "$OUT/purge-check.json" \
  || echo "   PURGE CHECK FAILED"
if [ "$STORM" != 0 ]; then storm "mix via nginx" "http://127.0.0.1:$NGINX_PORT" nginx; fi
kill "$(cat "$OUT/nginx.pid")"; sleep 0.5
stop_gunicorn
unset FRONTEND_CACHE_PURGE_URL

echo "== nginx serving the home page's HTML as a static file"
mkdir -p "$OUT/www" "$OUT/nginx-tmp"
start_gunicorn 0
curl -s "http://127.0.0.1:$APP_PORT/en/" >"$OUT/www/index.html"
stop_gunicorn
cat >"$OUT/nginx.conf" <<NGINX
worker_processes $CORES;
pid $OUT/nginx.pid;
error_log $OUT/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $OUT/nginx-tmp; proxy_temp_path $OUT/nginx-tmp;
  fastcgi_temp_path $OUT/nginx-tmp; uwsgi_temp_path $OUT/nginx-tmp; scgi_temp_path $OUT/nginx-tmp;
  types { text/html html; }
  server { listen 127.0.0.1:$NGINX_PORT; root $OUT/www; location / { index index.html; } }
}
NGINX
nginx -c "$OUT/nginx.conf"
sleep 0.5
load "nginx static" static "$NGINX_PORT/index.html"
kill "$(cat "$OUT/nginx.pid")"

echo
"$PY" -m bench.report "$OUT"
