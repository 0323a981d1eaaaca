#!/usr/bin/env bash
# Loads BPF objects into the running kernel with bpftool (Debian's libbpf, independent of
# ours), to check that the corpus means what tests/bpf/README.md says it means.
# Usage (root): tests/bpf/check-load.sh OBJ.o...   prints "load ok|FAIL OBJ" per object.
# Everything happens in a private mount namespace on fresh bpffs instances, one per
# object, so no mount or pin outlives a check. /sys/fs/bpf gets its own instance too:
# auto-pinned maps go there because bpftool sets no pin root.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 OBJ.o..." >&2; exit 2; }
if [ -z "${CHECK_LOAD_INNER:-}" ]; then
  CHECK_LOAD_INNER=1 exec unshare --mount --propagation private "$0" "$@"
fi

status=0
for obj in "$@"; do
  dir=$(mktemp -d)
  mount -t bpf bpf "$dir"
  mount -t bpf bpf /sys/fs/bpf
  if log=$(bpftool prog loadall "$obj" "$dir/progs" 2>&1); then
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
