#!/usr/bin/env bash
# Runs the whole test suite (unit, conformance on ../shared, CLI end to end) and closes with
# one summary line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# --- UI tests: headless Chromium (tests/OpenGrade.Ui.Tests drive it through Playwright at /usr/bin/chromium).
# Installed with apt when missing and running as root; otherwise nothing here, and the browser tests
# skip with the reason (and fail under CI=true).
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || echo "test.sh: could not install chromium; the browser tests will skip (or fail under CI=true)" >&2
fi
# --- end UI tests block

# --- badges: a system font (begin) ---
# Badges are measured and drawn in DejaVu Sans (docs/exports.md, "Badges"); install it when absent.
if ! find /usr/share/fonts /usr/local/share/fonts -name 'DejaVuSans.ttf' 2>/dev/null | grep -q .; then
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; fi
fi
# --- badges: a system font (end) ---

# The storage suite runs against a real PostgreSQL too: without one named in OPENGRADE_TEST_PG, start a
# throwaway cluster for this run (installed with apt when missing and running as root; scripts/pg-throwaway.sh).
# Where that cannot be done, those tests skip with the reason (and fail under CI=true).
if [ -z "${OPENGRADE_TEST_PG:-}" ] && { ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || [ "$(id -u)" -eq 0 ]; }; then
  exec scripts/pg-throwaway.sh ./test.sh "$@"
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

dotnet test OpenGrade.slnx --nologo "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

sum() { grep -aoE "$1: +[0-9]+" "$log" | awk '{s += $NF} END {print s + 0}'; }
passed=$(sum 'Passed')
failed=$(sum 'Failed')
skipped=$(sum 'Skipped')
echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$rc" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit "$rc"
