#!/usr/bin/env bash
# Runs COMMAND with a throwaway PostgreSQL cluster up, and OPENGRADE_TEST_PG set to it:
#   scripts/pg-throwaway.sh ./test.sh          (what .ci/run does)
#   scripts/pg-throwaway.sh bash               (a shell with the cluster; exit stops it)
# The cluster lives in a fresh temp folder, listens on 127.0.0.1 only (first free port from
# $PGPORT, default 55432), runs as an unprivileged user (postgres when started as root), and is
# stopped and removed when COMMAND ends, whatever its exit code. Installs PostgreSQL with apt when
# it is missing and this runs as root. fsync is off: it is for tests, never for data.
set -euo pipefail
if [ $# -eq 0 ]; then echo "usage: scripts/pg-throwaway.sh COMMAND [ARG...]" >&2; exit 2; fi

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
PGBIN="$(find_bin)"
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "pg-throwaway: PostgreSQL is not installed (apt-get install postgresql, as root)" >&2; exit 2; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  PGBIN="$(find_bin)"
fi

# As root, the server runs as postgres (initdb refuses root); otherwise as the caller.
as_db_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port="${PGPORT:-55432}"
while "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
  port=$((port + 1))
  if [ "$port" -gt $(( ${PGPORT:-55432} + 50 )) ]; then echo "pg-throwaway: no free port near ${PGPORT:-55432}" >&2; exit 2; fi
done

tmp="$(mktemp -d /tmp/pg-throwaway.XXXXXX)"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$tmp"
stop() {
  ( cd / && as_db_user "$PGBIN/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 ) || true
  rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 130' INT TERM

# cd: the server cannot enter a caller's folder under /root.
if ! ( cd "$tmp" &&
  as_db_user "$PGBIN/initdb" -D "$tmp/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null &&
  as_db_user "$PGBIN/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
    -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null ); then
  cat "$tmp/server.log" >&2 2>/dev/null || true
  echo "pg-throwaway: the cluster did not start" >&2
  exit 2
fi
export OPENGRADE_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
echo "pg-throwaway: PostgreSQL up on 127.0.0.1:$port (OPENGRADE_TEST_PG set)" >&2
set +e
"$@"
rc=$?
exit "$rc"
