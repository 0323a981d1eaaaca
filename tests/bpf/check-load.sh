#!/usr/bin/env bash
# Loads BPF objects into the running kernel with bpftool (Debian's libbpf, independent of
# ours), to check that the corpus means what tests/bpf/README.md says it means.
# Usage (root): tests/bpf/check-load.sh [--after FIRST.o] OBJ.o...
#   prints "load ok|FAIL OBJ" per object; --after loads FIRST.o on each object's bpffs
#   first, so OBJ.o meets FIRST.o's auto-pinned maps (the map reuse checks).
# Everything happens in a private mount namespace on fresh bpffs instances, one per
# object, so no mount or pin outlives a check. /sys/fs/bpf gets its own instance too:
# auto-pinned maps go there because bpftool sets no pin root.
set -euo pipefail
first=
if [ "${1:-}" = --after ]; then first=$2; shift 2; fi
[ $# -gt 0 ] || { echo "usage: $0 [--after FIRST.o] OBJ.o..." >&2; exit 2; }
if [ -z "${CHECK_LOAD_INNER:-}" ]; then
  CHECK_LOAD_INNER=1 exec unshare --mount --propagation private "$0" ${first:+--after "$first"} "$@"
fi

status=0
for obj in "$@"; do
  dir=$(mktemp -d)
  mount -t bpf bpf "$dir"
  mount -t bpf bpf /sys/fs/bpf
  if [ -n "$first" ] && ! bpftool prog loadall "$first" "$dir/first" >/dev/null 2>&1; then
    echo "load FAIL $obj: --after $first did not load"
    status=1
  elif log=$(bpftool prog loadall "$obj" "$dir/progs" 2>&1); then
    echo "load ok   $obj"
  else
    echo "load FAIL $obj: $(grep -m1 -iE 'invalid|error|denied|fail' <<<"$log" || tail -n1 <<<"$log")"
    status=1
  fi
  umount /sys/fs/bpf
  umount "$dir"
  rmdir "$dir"
done
exit $status
