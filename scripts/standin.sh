# Sourced by the measurement scripts: builds and starts the stand-in (tools/OpenGrade.StandIn) on a free
# loopback port, sets STANDIN_URL, and stops it when the calling script exits (trap). Needs ../shared.
standin_start() {
  local root="$1" shared="$2" out
  out="$(mktemp -d "${TMPDIR:-/tmp}/og-standin.XXXXXX")"
  if ! dotnet build "$root/tools/OpenGrade.StandIn/OpenGrade.StandIn.csproj" -c Release -o "$root/.build/standin" --nologo -v quiet >"$out/build.log" 2>&1; then
    echo "standin: build failed; see $out/build.log" >&2
    return 2
  fi
  dotnet "$root/.build/standin/OpenGrade.StandIn.dll" --shared "$shared" >"$out/url" 2>"$out/log" &
  STANDIN_PID=$!
  STANDIN_DIR="$out"
  trap 'standin_stop' EXIT
  for _ in $(seq 1 100); do
    STANDIN_URL="$(head -n1 "$out/url" 2>/dev/null || true)"
    [ -n "$STANDIN_URL" ] && return 0
    kill -0 "$STANDIN_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "standin: did not start; see $out/log" >&2
  cat "$out/log" >&2
  return 2
}

standin_stop() {
  if [ -n "${STANDIN_PID:-}" ]; then
    kill "$STANDIN_PID" 2>/dev/null || true
    wait "$STANDIN_PID" 2>/dev/null || true
    STANDIN_PID=""
    # The stand-in's own count of what it was asked.
    [ -n "${STANDIN_DIR:-}" ] && grep -h "served" "$STANDIN_DIR/log" >&2 || true
  fi
  [ -n "${STANDIN_DIR:-}" ] && rm -rf "$STANDIN_DIR"
  [ -n "${STANDIN_CACHE:-}" ] && rm -rf "$STANDIN_CACHE"
  return 0
}
