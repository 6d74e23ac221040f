#!/usr/bin/env bash
# Issue #15's attack drill, by hand (not part of CI; tests/cms/security/ is): a demo database
# on PostgreSQL, served by gunicorn with production settings, attacked over real HTTP.
#   1. The demo accounts' published passwords: `check --deploy` and start-up must refuse.
#   2. The operator changes them; the server starts; bench/attack/replay.py tries every
#      finding of the issue again and prints "held" or "BROKE" for each.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PY:-$ROOT/.venv/bin/python}
OUT=$ROOT/bench/out
APP_PORT=${ATTACK_APP_PORT:-8820}
REDIS_PORT=${ATTACK_REDIS_PORT:-6397}
DB_NAME=alliance_attack
mkdir -p "$OUT"

dropdb -h 127.0.0.1 -U postgres --if-exists "$DB_NAME"
createdb -h 127.0.0.1 -U postgres "$DB_NAME"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB_NAME"
export MEDIA_ROOT="$OUT/attack-media" STATIC_ROOT="$OUT/static"
rm -rf "$MEDIA_ROOT"

echo "== a demo site, as 'make run' makes it (dev settings, demo accounts)"
DJANGO_SETTINGS_MODULE=cms.settings.dev "$PY" manage.py migrate --no-input -v 0
DJANGO_SETTINGS_MODULE=cms.settings.dev "$PY" manage.py load_demo_content >/dev/null

redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
  --pidfile "$OUT/redis-attack.pid" --logfile "$OUT/redis-attack.log" --dir "$OUT"
export DJANGO_SETTINGS_MODULE=cms.settings.production
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export SECRET_KEY=attack-drill-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz
export ALLOWED_HOSTS="127.0.0.1,localhost" SECURE_SSL_REDIRECT=false SERVE_MEDIA=true
export WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$APP_PORT}"  # production requires the public address
export CORS_ALLOWED_ORIGINS="https://one.example" PAGE_CACHE_SECONDS=600 FRAGMENT_CACHE_SECONDS=600
export TRUSTED_PROXY_COUNT=1 LOG_LEVEL=CRITICAL
export GUNICORN_BIND="127.0.0.1:$APP_PORT" GUNICORN_WORKERS=3 GUNICORN_ACCESS_LOG="" GUNICORN_LOG_LEVEL=critical
cleanup() {
  [ -f "$OUT/gunicorn-attack.pid" ] && kill "$(cat "$OUT/gunicorn-attack.pid")" 2>/dev/null || true
  [ -f "$OUT/redis-attack.pid" ] && kill "$(cat "$OUT/redis-attack.pid")" 2>/dev/null || true
}
trap cleanup EXIT
"$PY" manage.py collectstatic --no-input -v 0

echo "== 12. published demo passwords under production settings"
if "$PY" manage.py check --deploy >"$OUT/attack-check.txt" 2>&1; then
  echo "BROKE  check --deploy passes with the demo accounts"
else
  echo "held   check --deploy refuses: $(grep -m1 -o 'cms\.E[0-9]*.*' "$OUT/attack-check.txt" | cut -c1-100)"
fi
if timeout 20 "$ROOT/.venv/bin/gunicorn" -c cms/gunicorn.conf.py cms.wsgi:application >"$OUT/attack-start.txt" 2>&1; then
  echo "BROKE  gunicorn started with the demo accounts"
else
  echo "held   gunicorn refuses to start ($(grep -m1 -i 'demo' "$OUT/attack-start.txt" | cut -c1-100))"
fi

echo "== the operator changes the demo passwords; production server starts"
"$PY" manage.py shell -c "
import secrets
from django.contrib.auth import get_user_model
for user in get_user_model().objects.filter(username__in=['admin', 'editor', 'reviewer']):
    user.set_password(secrets.token_urlsafe(24)); user.save()
"
# Made under the production settings: API tokens are hashed with their SECRET_KEY.
"$PY" -m bench.attack.setup --out "$OUT/attack.json"
"$ROOT/.venv/bin/gunicorn" -c cms/gunicorn.conf.py --pid "$OUT/gunicorn-attack.pid" --daemon cms.wsgi:application
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$APP_PORT/healthz" >/dev/null && break; sleep 0.2; done

echo "== replaying the attacks"
"$PY" -m bench.attack.replay "http://127.0.0.1:$APP_PORT" "$OUT/attack.json"
