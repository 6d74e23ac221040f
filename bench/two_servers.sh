#!/usr/bin/env bash
# Two app servers behind a load balancer (run by hand after `make bench` has seeded
# alliance_bench): two gunicorn instances on one PostgreSQL database and one Redis,
# nginx round-robin in front. Checks that a visitor is not tied to either server: a
# login made through one works on the other, a publish made by a third process shows
# through both at once, and load through the balancer gets no errors.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PY:-$ROOT/.venv/bin/python}
OUT=$ROOT/bench/out/two-servers
DB_NAME=${BENCH_DB:-alliance_bench}
mkdir -p "$OUT/nginx-tmp"

redis-server --daemonize yes --bind 127.0.0.1 --port 6397 --save "" --appendonly no \
  --pidfile "$OUT/redis.pid" --logfile "$OUT/redis.log" --dir "$OUT"
export DJANGO_SETTINGS_MODULE=cms.settings.production
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB_NAME"
export REDIS_URL="redis://127.0.0.1:6397/0"
export SECRET_KEY=${SECRET_KEY:-bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz}
export ALLOWED_HOSTS="127.0.0.1,localhost" SECURE_SSL_REDIRECT=false
export WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://127.0.0.1}"  # production requires the public address
export STATIC_ROOT="$ROOT/bench/out/static" MEDIA_ROOT="$ROOT/bench/out/media" SERVE_MEDIA=true
export GUNICORN_WORKERS=2 GUNICORN_ACCESS_LOG="" GUNICORN_LOG_LEVEL=warning LOG_LEVEL=ERROR
for port in 8831 8832; do
  GUNICORN_BIND="127.0.0.1:$port" "$ROOT/.venv/bin/gunicorn" -c cms/gunicorn.conf.py \
    --pid "$OUT/gunicorn-$port.pid" --daemon cms.wsgi:application
done
cat >"$OUT/nginx.conf" <<NGINX
worker_processes 1;
pid $OUT/nginx.pid;
error_log $OUT/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $OUT/nginx-tmp; proxy_temp_path $OUT/nginx-tmp;
  fastcgi_temp_path $OUT/nginx-tmp; uwsgi_temp_path $OUT/nginx-tmp; scgi_temp_path $OUT/nginx-tmp;
  upstream app { server 127.0.0.1:8831; server 127.0.0.1:8832; }
  server {
    listen 127.0.0.1:8830;
    location / {
      proxy_pass http://app;
      proxy_set_header Host \$http_host;
      # As the TLS-terminating proxy of the README would: the cookies are Secure.
      proxy_set_header X-Forwarded-Proto https;
      add_header X-Upstream \$upstream_addr always;
    }
  }
}
NGINX
nginx -c "$OUT/nginx.conf"
cleanup() {
  for port in 8831 8832; do kill "$(cat "$OUT/gunicorn-$port.pid")" 2>/dev/null || true; done
  kill "$(cat "$OUT/nginx.pid")" 2>/dev/null || true
  kill "$(cat "$OUT/redis.pid")" 2>/dev/null || true
}
trap cleanup EXIT
for port in 8831 8832; do
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
done
"$PY" bench/two_servers.py "http://127.0.0.1:8830"
wrk -t2 -c32 -d10s --timeout 10s -s bench/report.lua "http://127.0.0.1:8830/en/" | tail -1 \
  | sed 's/^/load through the balancer, home page, 10 s: /'
