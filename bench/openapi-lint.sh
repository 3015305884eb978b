#!/usr/bin/env bash
# Lints the service's OpenAPI document with Redocly (recommended rules) and Spectral (spectral:oas); starts nothing.
#   bench/openapi-lint.sh [URL or file]   default http://localhost:8080/q/openapi?format=json
# Exits non-zero when either reports an error. Counts (docs/openapi.md), on the document of 2026-12-02:
#   before issue 18: Redocly 7 errors / 29 warnings, Spectral 3 errors / 114 warnings;
#   after:           Redocly 0 errors / 1 warning (no-server-example.com: servers is localhost:8080),
#                    Spectral 0 errors / 0 warnings (docs/openapi.json, the served document, after the request
#                    bodies became records).
# Needs Node 20+ and the npm registry (npx fetches the pinned versions once).
set -euo pipefail
source="${1:-http://localhost:8080/q/openapi?format=json}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [[ "$source" == http://* || "$source" == https://* ]]; then
    curl -fsS "$source" -o "$work/openapi.json"
else
    cp "$source" "$work/openapi.json"
fi
printf 'extends: ["spectral:oas"]\n' > "$work/.spectral.yaml"
status=0
npx --yes @redocly/cli@2.77.0 lint --extends=recommended "$work/openapi.json" || status=1
npx --yes @stoplight/spectral-cli@6.16.3 lint --ruleset "$work/.spectral.yaml" "$work/openapi.json" || status=1
exit $status
