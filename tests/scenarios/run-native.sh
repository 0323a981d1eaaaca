#!/usr/bin/env bash
# Runs scenarios through native libbpf only (build/native/bin/scenario), each on a fresh
# private bpffs and temp dir, and prints each record's JSON lines after a "== NAME (exit N)"
# header. For looking at what native libbpf does; the comparison with the module is
# tests/differential.test.mjs. Root; works in a private mount namespace, leaves nothing.
# Usage: tests/scenarios/run-native.sh tests/scenarios/NAME.scn...
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -gt 0 ] || { echo "usage: $0 SCENARIO.scn..." >&2; exit 2; }
if [ -z "${RUN_NATIVE_INNER:-}" ]; then
  RUN_NATIVE_INNER=1 exec unshare --mount --propagation private "$0" "$@"
fi
for scn in "$@"; do
  # No '.' in the names: bpf_object__pin_maps(path) turns dots of the path into '_'.
  fs=$(mktemp -d /tmp/scnbpffsXXXXXX) tmp=$(mktemp -d /tmp/scntmpXXXXXX)
  mount -t bpf bpf "$fs"
  "$root/build/native/bin/scenario" "$scn" "$fs" "$tmp" "$root/tests/bpf/build" >"$tmp.out"
  rc=$?
  echo "== $(basename "$scn" .scn) (exit $rc)"
  cat "$tmp.out"
  umount "$fs"
  rm -rf "$fs" "$tmp" "$tmp.out"
done
