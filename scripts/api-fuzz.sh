#!/usr/bin/env bash
# schemathesis (from PyPI) against docs/openapi.yaml on `kpibridge serve` with a simulated province
# (scripts/lib/served-province.sh), as an admin: generated requests to every documented operation must give no
# 5xx, and every answer must match the document (status codes, content types, headers, bodies).
# Usage: scripts/api-fuzz.sh [MAX_EXAMPLES per operation, default 60]
set -euo pipefail
examples=${1:-60}
# shellcheck source=scripts/lib/served-province.sh
source "$(dirname "$0")/lib/served-province.sh"
schemathesis run "$repo/docs/openapi.yaml" --url "$base" -H "Authorization: Bearer $admin" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --max-examples "$examples" --generation-deterministic --suppress-health-check all --no-color
echo "api-fuzz: no server error and no schema violation"
