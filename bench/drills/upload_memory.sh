#!/usr/bin/env bash
# Upload memory drill (issue #22, item 9): gunicorn with production settings (sync
# workers, PostgreSQL, a private Redis), three API v3 uploads of the largest permitted
# image at once, then three first views of them at once; each worker's peak RSS.
#
#   DRILL_DB=alliance_drill_upload   PostgreSQL database (created and migrated if missing)
#   GUNICORN_WORKERS=3
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY=$ROOT/.venv/bin/python
OUT=${DRILL_OUT:-/tmp/alliance-upload-drill}
DB_NAME=${DRILL_DB:-alliance_drill_upload}
rm -rf "$OUT/media"
mkdir -p "$OUT"

# shellcheck source=bench/drills/serve_env.sh
source "$ROOT/bench/drills/serve_env.sh"
export GUNICORN_WORKERS=${GUNICORN_WORKERS:-3}

GUNICORN_PID=""
cleanup() {
  [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null || true
  kill "$REDIS_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

"$PY" manage.py migrate --no-input -v 0
TOKEN=$("$PY" manage.py shell -c '
from django.contrib.auth.models import Group, User
from wagtail.models import APIToken
from cms.workflow.roles import EDITORS, sync_roles
sync_roles()
user, _ = User.objects.get_or_create(username="drill-editor", defaults={"email": "drill@example.org"})
user.groups.add(Group.objects.get(name=EDITORS))
print(APIToken.create_token(user=user, name="upload drill")[1])' | tail -1)

"$ROOT/.venv/bin/gunicorn" -c cms/gunicorn.conf.py cms.wsgi:application &
GUNICORN_PID=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$APP_PORT/healthz" >/dev/null && break; sleep 0.5; done
"$PY" bench/drills/upload_memory.py "http://127.0.0.1:$APP_PORT" "$TOKEN" "$GUNICORN_PID"
