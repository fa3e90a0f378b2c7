#!/usr/bin/env bash
# The held-out measure of issue 10: for each model folder of ../shared/corpus/hf/models, is the weights'
# license, the weights' presence and the set of flags what a reviewer reads from the corpus
# (scripts/evidence-expectations.tsv)? Runs `assess --format json` over every folder with link following
# against the stand-in (offline), then prints every miss with OpenGrade's own reason and the figure.
# Asserts nothing. Needs ../shared beside the repo (or OPENGRADE_SHARED), and jq.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${OPENGRADE_SHARED:-$root/../shared}"
models="$shared/corpus/hf/models"
expectations="$root/scripts/evidence-expectations.tsv"
[ -d "$models" ] || { echo "evidence-check.sh: $models not found (set OPENGRADE_SHARED)" >&2; exit 2; }
command -v jq >/dev/null || { echo "evidence-check.sh: needs jq" >&2; exit 2; }
. "$root/scripts/standin.sh"
standin_start "$root" "$shared"
STANDIN_CACHE="$(mktemp -d "${TMPDIR:-/tmp}/og-evidence.XXXXXX")"
folders=()
while IFS=$'\t' read -r folder _; do
  case "$folder" in ''|'#'*) continue ;; esac
  folders+=("$models/$folder")
done < "$expectations"
"$root/opengrade" assess "${folders[@]}" --format json --endpoint "$STANDIN_URL" --github-endpoint "$STANDIN_URL" \
  --arxiv-endpoint "$STANDIN_URL" --cache-dir "$STANDIN_CACHE" >"$STANDIN_CACHE/assess.json"

# One line per folder: license, presence, flags (sorted), and the reasons behind them.
jq -r '.[] | (.mof.components[] | select(.name == "Model parameters (Final)")) as $w
  | (.inventory.components[]? | select(.name == "Model parameters (Final)")) as $f
  | [(.target | split("/") | last), ($w.license // $w.declared_license // "none"), $w.presence,
     ([.flags[].kind] | sort | join(",") | if . == "" then "-" else . end),
     ($f.license_basis // "" | .[0:160]), ([$f.evidence[]? | "\(.detail) (\(.location))"] | first // "" | .[0:120]),
     ([.flags[] | "\(.kind): \([.evidence[]? | select(.kind == "claim") | "\(.detail) @\(.location)"] | join(", "))"] | join("; ") | .[0:200])]
  | map(if . == "" then "-" else . end) | @tsv' \
  "$STANDIN_CACHE/assess.json" >"$STANDIN_CACHE/got.tsv"

checks=0; right=0
while IFS=$'\t' read -r folder license presence flags _; do
  case "$folder" in ''|'#'*) continue ;; esac
  got="$(grep -F -m1 "$folder"$'\t' "$STANDIN_CACHE/got.tsv" || true)"
  IFS=$'\t' read -r _ got_license got_presence got_flags basis evidence claims <<<"$got"
  want_flags="$(tr ',' '\n' <<<"$flags" | sort | paste -sd, -)"
  for check in license presence flags; do
    checks=$((checks + 1))
    case "$check" in
      license) want="$license"; have="$got_license"; why="$basis" ;;
      presence) want="$presence"; have="$got_presence"; why="${evidence:-$basis}" ;;
      flags) want="$want_flags"; have="$got_flags"; why="$claims" ;;
    esac
    if [ "${want,,}" = "${have,,}" ]; then right=$((right + 1)); else echo "MISS $folder $check: expected $want, got $have — $why"; fi
  done
done < "$expectations"
awk -v r="$right" -v c="$checks" 'BEGIN { printf "checks right: %d/%d (%.1f%%)\n", r, c, 100 * r / c }'
