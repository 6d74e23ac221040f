#!/usr/bin/env bash
# End-to-end tests of the reference front end against a real CMS (`make frontend-test`):
# a throwaway SQLite database with the demo content, the CMS's development server and the
# built front end on free ports, then Playwright (Debian's Chromium, /usr/bin/chromium).
# Both servers and the database are removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
ROOT=$(cd .. && pwd)
PY="$ROOT/.venv/bin/python"
WORK=$(mktemp -d /tmp/alliance-fe-e2e.XXXXXX)
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
CMS_PORT=$(free_port)
FE_PORT=$(free_port)
while [ "$FE_PORT" = "$CMS_PORT" ]; do FE_PORT=$(free_port); done
export DATABASE_URL="sqlite:///$WORK/cms.sqlite3"
export WAGTAILADMIN_BASE_URL="http://127.0.0.1:$CMS_PORT"
export CMS_API_URL="$WAGTAILADMIN_BASE_URL"
export SITE_URL="http://127.0.0.1:$FE_PORT"
export MEDIA_ROOT="$WORK/media"
export PREVIEW_TOKEN_FILE="$WORK/preview-token"
pids=()
cleanup() {
  # Each server runs in a session of its own (setsid): killing the group also stops the
  # children npx and runserver start (a next-server once outlived the run).
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && { kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null; } || true; done
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
start=$(date +%s)

# The CMS's database and the front end's build, side by side (the build needs no CMS).
(
  "$PY" ../manage.py migrate --no-input >"$WORK/migrate.log" 2>&1
  "$PY" ../manage.py compile_translations >/dev/null 2>&1
  "$PY" ../manage.py load_demo_content >"$WORK/demo.log" 2>&1
  # A redirect for the tests: an old address of the Lithuanian seminar report.
  "$PY" ../manage.py shell -c "
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
page = Page.objects.get(url_path__endswith='/actualites/seminaire-national-lituanie-2015/').specific
Redirect.objects.get_or_create(old_path=Redirect.normalise_path('/fr/ancien-seminaire-lituanie/'), defaults={'redirect_page': page, 'is_permanent': True})
# A draft to preview, as the admin's Preview button stores it (the live page is unchanged).
page.title = 'Brouillon : le séminaire de Trakai'
open('$WORK/preview-token', 'w').write(page.create_page_preview().token)
" >>"$WORK/demo.log" 2>&1
) & setup=$!
npx next build >"$WORK/build.log" 2>&1 & build=$!
wait "$setup" || { cat "$WORK/migrate.log" "$WORK/demo.log" >&2; exit 1; }
echo "e2e: CMS database ready ($(( $(date +%s) - start )) s)"
wait "$build" || { cat "$WORK/build.log" >&2; exit 1; }
echo "e2e: front end built ($(( $(date +%s) - start )) s)"

setsid "$PY" ../manage.py runserver "127.0.0.1:$CMS_PORT" --noreload >"$WORK/cms.log" 2>&1 & pids+=($!)
setsid npx next start -p "$FE_PORT" -H 127.0.0.1 >"$WORK/next.log" 2>&1 & pids+=($!)
for url in "$CMS_API_URL/api/v2/globals/?locale=en" "$SITE_URL/en/"; do
  for _ in $(seq 1 60); do curl -fsS -o /dev/null "$url" 2>/dev/null && break; sleep 0.5; done
  curl -fsS -o /dev/null "$url" || { echo "e2e: $url does not answer" >&2; cat "$WORK/cms.log" "$WORK/next.log" >&2; exit 1; }
done
echo "e2e: CMS on $CMS_API_URL, front end on $SITE_URL"
npx playwright test "$@"
echo "e2e: done in $(( $(date +%s) - start )) s"
