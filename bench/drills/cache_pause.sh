#!/usr/bin/env bash
# Cache pause drill (issue #22): gunicorn with production settings on PostgreSQL and a
# private Redis, 20 s of load with wrk on the loopback, the Redis paused (SIGSTOP: it
# accepts connections and answers nothing, like an overloaded Redis, a long fork or a
# network partition) from second 7 to second 14, then resumed (SIGCONT). Prints, per
# phase, requests/s and 5xx; /readyz during the pause; the cache's log lines; and, for
# reference, the same load with the page and fragment caches off.
#
#   DRILL_DB=alliance_drill_cache   PostgreSQL database (created and seeded if missing)
#   DRILL_ARTICLES=200 DRILL_PARTICIPANTS=50   seed size (bench/seed.py)
#   DRILL_CONNECTIONS=16   wrk connections
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY=$ROOT/.venv/bin/python
OUT=${DRILL_OUT:-/tmp/alliance-cache-drill}
DB_NAME=${DRILL_DB:-alliance_drill_cache}
CONNECTIONS=${DRILL_CONNECTIONS:-16}
DURATION=20 PAUSE_AT=7 RESUME_AT=14
mkdir -p "$OUT"

command -v wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
command -v redis-server >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q redis-server >/dev/null; }
# shellcheck source=bench/drills/serve_env.sh
source "$ROOT/bench/drills/serve_env.sh"
export GUNICORN_WORKERS=${GUNICORN_WORKERS:-$((2 * $(nproc)))}

GUNICORN_PID=""
cleanup() {
  kill -CONT "$REDIS_PID" 2>/dev/null || true
  [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null || true
  kill "$REDIS_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

echo "== migrate, static files, seed"
"$PY" manage.py migrate --no-input -v 0
"$PY" manage.py compile_translations >/dev/null
"$PY" manage.py collectstatic --no-input -v 0
"$PY" -m bench.seed --articles "${DRILL_ARTICLES:-200}" --participants "${DRILL_PARTICIPANTS:-50}" \
  --out "$OUT/scenarios.json" >/dev/null
mapfile -t PATHS < <("$PY" -c 'import json,sys; [print(p) for p in json.load(open(sys.argv[1])).values()]' "$OUT/scenarios.json")

"$ROOT/.venv/bin/gunicorn" -c cms/gunicorn.conf.py cms.wsgi:application >"$OUT/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$APP_PORT/healthz" >/dev/null && break; sleep 0.2; done
for path in "${PATHS[@]}"; do curl -s -o /dev/null "http://127.0.0.1:$APP_PORT$path"; done  # warm
: >"$OUT/gunicorn.log"

echo "== ${DURATION} s of load on ${#PATHS[@]} paths, $CONNECTIONS connections; Redis paused at ${PAUSE_AT} s, resumed at ${RESUME_AT} s"
START=$(date +%s)
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/drills/cache_pause.lua \
  "http://127.0.0.1:$APP_PORT" -- "$START" "$PAUSE_AT" "$RESUME_AT" "${PATHS[@]}" >"$OUT/wrk.txt" &
WRK=$!
sleep "$PAUSE_AT"
LOG_BEFORE=$(stat -c %s "$OUT/gunicorn.log")
kill -STOP "$REDIS_PID"
sleep 2
READY=$(curl -s -m 5 -w ' HTTP %{http_code} in %{time_total} s' "http://127.0.0.1:$APP_PORT/readyz" || true)
sleep $((RESUME_AT - PAUSE_AT - 2))
LOG_DURING=$(($(stat -c %s "$OUT/gunicorn.log") - LOG_BEFORE))
kill -CONT "$REDIS_PID"
wait "$WRK" || true
sleep 1
READY_AFTER=$(curl -s -m 5 -w ' HTTP %{http_code}' "http://127.0.0.1:$APP_PORT/readyz" || true)
cp "$OUT/gunicorn.log" "$OUT/gunicorn-drill.log"

# Reference: the same load with the page and fragment caches off (Redis up), i.e. what
# the paused phase can at best reach, since every page is then rendered from the database.
kill "$GUNICORN_PID"; wait "$GUNICORN_PID" 2>/dev/null || true
PAGE_CACHE_SECONDS=0 FRAGMENT_CACHE_SECONDS=0 "$ROOT/.venv/bin/gunicorn" -c cms/gunicorn.conf.py \
  cms.wsgi:application >"$OUT/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$APP_PORT/healthz" >/dev/null && break; sleep 0.2; done
for path in "${PATHS[@]}"; do curl -s -o /dev/null "http://127.0.0.1:$APP_PORT$path"; done
REFERENCE=$(wrk -t2 -c"$CONNECTIONS" -d7s --timeout 10s -s bench/drills/cache_pause.lua \
  "http://127.0.0.1:$APP_PORT" -- "$(date +%s)" 100 100 "${PATHS[@]}" | grep '^{')

"$PY" - "$OUT/wrk.txt" "$PAUSE_AT" "$RESUME_AT" "$DURATION" "$REFERENCE" <<'PY'
import json, sys
line = [l for l in open(sys.argv[1]) if l.startswith("{")][-1]
data = json.loads(line)
reference = json.loads(sys.argv[5])
pause, resume, duration = (int(x) for x in sys.argv[2:5])
spans = {"before the pause": pause, "Redis paused": resume - pause, "after resume": duration - resume}
print(f"{'phase':<18}{'seconds':>8}{'responses':>11}{'req/s':>9}{'5xx':>6}")
for (name, seconds), count, errors in zip(spans.items(), data["responses"], data["5xx"]):
    print(f"{name:<18}{seconds:>8}{count:>11}{count / seconds:>9.0f}{errors:>6}")
print(f"{'reference: caches off':<18}{7:>8}{reference['responses'][0]:>11}"
      f"{reference['responses'][0] / 7:>9.0f}{reference['5xx'][0]:>6}")
print(f"socket errors {data['socket_errors']}, timeouts {data['timeouts']}, "
      f"p99 {data['p99_ms']:.0f} ms, slowest {data['max_ms']:.0f} ms")
PY
echo "/readyz 2 s into the pause: $READY"
echo "/readyz after resume: $READY_AFTER"
echo "log written during the pause: $LOG_DURING bytes"
LOG="$OUT/gunicorn-drill.log"
echo "cache log lines ($GUNICORN_WORKERS workers): $(grep -c 'unreachable' "$LOG" || true) 'unreachable'," \
  "$(grep -c 'answers again' "$LOG" || true) 'answers again', $(grep -c 'Traceback' "$LOG" || true) tracebacks"
