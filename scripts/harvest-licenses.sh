#!/usr/bin/env bash
# Harvests labelled license texts from this machine into an ignored folder (default
# .license-harvest/ at the repository root) and writes its manifest.tsv; then
# `opengrade bench licenses --harvest DIR` scores OpenGrade on it per source and per failure class.
# Sources: Debian DEP-5 copyright files and common-licenses, the NuGet cache, node_modules folders
# (see scripts/harvest-licenses.py). Third-party texts: never commit the output.
# usage: scripts/harvest-licenses.sh [OUT_DIR] [--cap N] [--npm DIR]... [--exclude MANIFEST]
# A held-out set: scripts/harvest-licenses.sh /tmp/held-out --cap 40 --exclude .license-harvest/manifest.tsv
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../.license-harvest}"
[ $# -gt 0 ] && shift
rm -rf -- "$out"
exec python3 "$here/harvest-licenses.py" "$out" "$@"
