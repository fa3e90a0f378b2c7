#!/usr/bin/env bash
# Regenerates docs/inventory-agreement.md: inventories every snapshot of the shared corpus that has a
# human-made MOT model file and compares the two, component by component. Links are followed (GitHub
# code, arXiv papers, Hub datasets, base models) against the stand-in (tools/OpenGrade.StandIn), which
# serves the recorded answers of ../shared/corpus on 127.0.0.1, into an empty cache: fully offline and
# reproducible. Needs ../shared beside the repo (or OPENGRADE_SHARED).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${OPENGRADE_SHARED:-$root/../shared}"
corpus="$shared/corpus"
[ -d "$corpus" ] || { echo "inventory-agreement.sh: $corpus not found (set OPENGRADE_SHARED)" >&2; exit 2; }
. "$root/scripts/standin.sh"
standin_start "$root" "$shared"
STANDIN_CACHE="$(mktemp -d "${TMPDIR:-/tmp}/og-agreement-cache.XXXXXX")"
"$root/opengrade" inventory --agreement "$root/scripts/inventory-agreement-pairs.tsv" --corpus "$corpus" \
  --datasets "$corpus/hf/datasets" --output "$root/docs/inventory-agreement.md" \
  --endpoint "$STANDIN_URL" --github-endpoint "$STANDIN_URL" --arxiv-endpoint "$STANDIN_URL" --cache-dir "$STANDIN_CACHE"
