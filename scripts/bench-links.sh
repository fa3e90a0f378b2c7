#!/usr/bin/env bash
# The cost of link following, offline: starts the stand-in (tools/OpenGrade.StandIn) on 127.0.0.1 and runs
# `opengrade bench links` over every model folder of ../shared/corpus/hf/models against it, cold then warm.
# Prints figures; asserts nothing. Needs ../shared beside the repo (or OPENGRADE_SHARED).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${OPENGRADE_SHARED:-$root/../shared}"
[ -d "$shared/corpus/hf/models" ] || { echo "bench-links.sh: $shared/corpus/hf/models not found (set OPENGRADE_SHARED)" >&2; exit 2; }
. "$root/scripts/standin.sh"
standin_start "$root" "$shared"
"$root/opengrade" bench links "$shared/corpus/hf/models" \
  --endpoint "$STANDIN_URL" --github-endpoint "$STANDIN_URL" --arxiv-endpoint "$STANDIN_URL" "$@"
