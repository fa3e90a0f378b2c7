#!/usr/bin/env bash
# Fuzzes one reader of outside text with AFL++ and SharpFuzz (docs/fuzzing.md).
#
#   scripts/fuzz.sh TARGET [SECONDS]     targets: mot card policy spdx hub-info hub-siblings hub-refs normalize
#
# SECONDS=0 skips fuzzing and only triages the crashes of an earlier run in the work folder.
# Builds fuzz/OpenGrade.Fuzz (Release) into a work folder, instruments the copies of the
# OpenGrade and parser assemblies there with the SharpFuzz tool (.config/dotnet-tools.json),
# seeds from fuzz/seeds/TARGET plus small inputs cut from ../shared when it is there (read at run
# time, never copied into the repository), and runs afl-fuzz for SECONDS (default 300).
# Crashing inputs are copied to tests/OpenGrade.Hostile.Tests/FuzzRegressions/TARGET/, named by
# their hash, where FuzzRegressionTests replays them. The AFL output stays in the work folder
# ($OPENGRADE_FUZZ_DIR, default /tmp/opengrade-fuzz/TARGET).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"

target="${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}"
seconds="${2:-300}"
case "$target" in
  mot|card|policy|spdx|hub-info|hub-siblings|hub-refs|normalize) ;;
  *) echo "fuzz.sh: unknown target '$target'" >&2; exit 2 ;;
esac
command -v afl-fuzz >/dev/null || { echo "fuzz.sh: afl-fuzz not found (Debian/Ubuntu: apt-get install afl++)" >&2; exit 2; }

work="${OPENGRADE_FUZZ_DIR:-/tmp/opengrade-fuzz/$target}"
shared="${OPENGRADE_SHARED:-$repo/../shared}"
rm -rf "$work/bin" "$work/plain" "$work/in"
mkdir -p "$work/bin" "$work/in"

echo "fuzz.sh: building and instrumenting into $work/bin" >&2
dotnet build fuzz/OpenGrade.Fuzz -c Release -o "$work/bin" -v q --nologo >&2
dotnet tool restore >/dev/null
# Instrumented code needs AFL's shared memory; triage replays crashes with a plain copy.
rm -rf "$work/plain"
cp -r "$work/bin" "$work/plain"
# The readers and the parsers they stand on; SharpFuzz refuses an assembly it instrumented already.
for dll in OpenGrade.Core OpenGrade.Sources YamlDotNet Markdig; do
  dotnet sharpfuzz "$work/bin/$dll.dll" >&2
done

# Seeds: our own tiny ones, plus the smallest real inputs of the right kind, cut to 4 KiB
# (AFL works best on small inputs).
cp fuzz/seeds/"$target"/* "$work/in/"
add_smallest() { # GLOB COUNT
  local n=0
  if [ -d "$shared" ]; then
    # shellcheck disable=SC2086
    for f in $(ls -S -r $1 2>/dev/null); do
      head -c 4096 "$f" > "$work/in/shared-$n-$(basename "$f")"
      n=$((n + 1)); [ "$n" -ge "$2" ] && break
    done
  fi
  return 0
}
case "$target" in
  mot) add_smallest "$shared/corpus/mot/models/*.yml" 8 ;;
  card) add_smallest "$shared/corpus/hf/models/*/README.md" 4 ;;
  policy) cp examples/policies/*.yaml "$work/in/" ;;
  hub-info) add_smallest "$shared/corpus/hf/models/*/api_model.json" 3 ;;
  hub-siblings) add_smallest "$shared/corpus/hf/models/*/siblings.json" 3 ;;
  hub-refs) add_smallest "$shared/corpus/hf/models/*/refs.json" 2 ;;
esac

rc=0
if [ "$seconds" -gt 0 ]; then
rm -rf "$work/out"
echo "fuzz.sh: fuzzing $target for ${seconds}s ($(ls "$work/in" | wc -l) seeds)" >&2
# Containers rarely have a core_pattern or CPU governor AFL likes; the harness is not a native
# binary AFL can inspect; the stats go to the log instead of a full-screen UI.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
set +e
afl-fuzz -V "$seconds" -t 5000 -m none -i "$work/in" -o "$work/out" -- dotnet "$work/bin/OpenGrade.Fuzz.dll" "$target" > "$work/afl.log" 2>&1
rc=$?
set -e
fi
stats="$work/out/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
  echo "fuzz.sh: afl-fuzz did not start (exit $rc); see $work/afl.log" >&2
  tail -20 "$work/afl.log" >&2
  exit 1
fi
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs) ' "$stats" >&2

regressions="tests/OpenGrade.Hostile.Tests/FuzzRegressions/$target"
crashes=("$work"/out/default/crashes/id:*)
if [ ! -f "${crashes[0]}" ]; then
  echo "fuzz.sh: no crashing input; hangs (if any) are in $work/out/default/hangs" >&2
  exit 0
fi
# Triage: one signature per crash (exception type and message shape), smallest input first. An
# input that kills the process (stack overflow) ends the triage run; it is marked and the rest
# are triaged in a new run.
triage="$work/triage.tsv"
: > "$triage"
mapfile -t all < <(ls -S -r "${crashes[@]}")
i=0
while [ "$i" -lt "${#all[@]}" ]; do
  before=$(wc -l < "$triage")
  set +e
  timeout 120 dotnet "$work/plain/OpenGrade.Fuzz.dll" "$target" --triage "${all[@]:i}" >> "$triage" 2>/dev/null
  code=$?
  set -e
  i=$((i + $(wc -l < "$triage") - before))
  # The first input without a line is the one that ended the process (or ran out of time: 124).
  if [ "$code" -ne 0 ] && [ "$i" -lt "${#all[@]}" ]; then
    printf '%s\tprocess died (exit %s)\n' "${all[i]}" "$code" >> "$triage"
    i=$((i + 1))
  fi
done
mkdir -p "$regressions"
kept=0
# Smallest input per signature (the triage ran smallest first).
while IFS=$'\t' read -r file signature; do
  [ "$signature" = "ok" ] && continue
  name="crash-$(sha1sum "$file" | cut -c1-12)"
  [ -f "$regressions/$name" ] || { cp "$file" "$regressions/$name"; kept=$((kept + 1)); }
  printf '%s\t%s\n' "$name" "$signature" >&2
done < <(sort -s -t$'\t' -k2,2 -u "$triage")
echo "fuzz.sh: ${#crashes[@]} crashing inputs, $kept new distinct ones copied to $regressions (triage in $triage)" >&2
