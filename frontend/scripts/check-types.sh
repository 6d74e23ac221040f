#!/usr/bin/env bash
# CI (`make api-types-check`): the committed TypeScript types of API v3,
# frontend/src/api/v3.d.ts, must be exactly what openapi-typescript generates from the
# OpenAPI snapshot tests/cms/api/expected/openapi-v3.json (which tests/cms/api/
# test_golden.py keeps equal to what /api/v3/openapi.json serves), and must compile.
# A change of the API therefore fails CI until its types are regenerated and committed:
# `make api-types`, then commit frontend/src/api/v3.d.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
TYPES=src/api/v3.d.ts

command -v npm >/dev/null || { echo "check-types: npm (Node.js 20) is missing" >&2; exit 1; }
# Exactly the versions of package-lock.json; from npm's cache when it has them.
npm ci --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null
npm run --silent generate:types >/dev/null
if [ -n "$(git status --porcelain -- "$TYPES")" ]; then
  git --no-pager diff --stat -- "$TYPES"
  echo "check-types: frontend/$TYPES differs from what openapi-typescript generates" \
    "from tests/cms/api/expected/openapi-v3.json: run 'make api-types' and commit it." >&2
  exit 1
fi
npx --no-install tsc --noEmit --strict "$TYPES"
echo "check-types: frontend/$TYPES is current and compiles"
