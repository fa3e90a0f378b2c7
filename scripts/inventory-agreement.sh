#!/usr/bin/env bash
# Regenerates docs/inventory-agreement.md: inventories every snapshot of the shared corpus that has a
# human-made MOT model file and compares the two, component by component. Needs ../shared beside the repo.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${OPENGRADE_SHARED:-$root/../shared}/corpus"
[ -d "$corpus" ] || { echo "inventory-agreement.sh: $corpus not found (set OPENGRADE_SHARED)" >&2; exit 2; }
exec "$root/opengrade" inventory --agreement "$root/scripts/inventory-agreement-pairs.tsv" --corpus "$corpus" \
  --datasets "$corpus/hf/datasets" --output "$root/docs/inventory-agreement.md"
