#!/usr/bin/env bash
# The scale benchmark over HTTP (issue #23, docs/operations.md#scale): gunicorn serves
# each already seeded database in turn (bench/scale.sh seeds them) and every endpoint is
# timed with sequential requests, median of 5 (bench/scale/http.py).
#
#   SCALE_DBS="alliance_scale_1k:1000 alliance_scale:50000" bash bench/scale_http.sh
#   SCALE_HTTP_OUT=bench/out/scale-http   where <size>.json go
#   SCALE_HTTP_PORT=8810   GUNICORN_WORKERS=2
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-$(pwd)/.venv/bin/python}
PORT=${SCALE_HTTP_PORT:-8810}
OUT=${SCALE_HTTP_OUT:-bench/out/scale-http}
mkdir -p "$OUT"

# As bench/scale.sh: production settings without Redis (page and fragment caches off).
export DJANGO_SETTINGS_MODULE=cms.settings.production
unset REDIS_URL
export SECRET_KEY=${SECRET_KEY:-bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz}
export ALLOWED_HOSTS="127.0.0.1,localhost"
export WAGTAILADMIN_BASE_URL="http://127.0.0.1:8000"
export SECURE_SSL_REDIRECT=false
export MEDIA_ROOT="$(pwd)/bench/out/scale-media"
export STATIC_ROOT="$(pwd)/bench/out/scale-static"
export LOG_LEVEL=ERROR
export GUNICORN_BIND="127.0.0.1:$PORT"
export GUNICORN_WORKERS=${GUNICORN_WORKERS:-2}

PIDFILE="$OUT/gunicorn.pid"
stop() { [ -f "$PIDFILE" ] && kill "$(cat "$PIDFILE")" 2>/dev/null || true; sleep 1; }
trap stop EXIT

for pair in ${SCALE_DBS:-alliance_scale_1k:1000 alliance_scale:50000}; do
  db=${pair%%:*}; size=${pair##*:}
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
  echo "== $db ($size articles) over HTTP"
  "$PY" manage.py migrate --no-input -v 0
  "$(pwd)/.venv/bin/gunicorn" -c cms/gunicorn.conf.py --pid "$PIDFILE" --daemon cms.wsgi:application
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
  "$PY" -m bench.scale.http --base "http://127.0.0.1:$PORT" --size "$size" --out "$OUT/$size.json"
  stop
done
"$PY" - "$OUT" <<'PY'
import json, sys
from pathlib import Path
records = sorted((json.loads(p.read_text()) for p in Path(sys.argv[1]).glob("*.json")), key=lambda r: r["size"])
if len(records) >= 2:
    first, last = records[0], records[-1]
    print(f"| endpoint | {first['size'] // 1000}k ms | {last['size'] // 1000}k ms | growth |")
    print("|---|---|---|---|")
    small = {r["name"]: r for r in first["results"]}
    for row in last["results"]:
        name = "API v2 list, deep offset" if row["name"].startswith("API v2 list offset") else row["name"]
        base = small.get(row["name"]) or next((r for n, r in small.items() if n.startswith("API v2 list offset") and name.startswith("API v2 list")), None)
        if base:
            print(f"| {name} | {base['ms']:.0f} | {row['ms']:.0f} | {row['ms'] / base['ms']:.2f}x |")
PY
