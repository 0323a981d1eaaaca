#!/usr/bin/env bash
# Compiles the BPF C sources: tests/bpf/*.bpf.c -> tests/bpf/build/*.bpf.o and
# examples/*.bpf.c -> examples/build/*.bpf.o, against this kernel's vmlinux.h and the
# vendored libbpf's bpf_helpers.h (installed by scripts/build-native.sh, which must run
# first). Incremental: an object is rebuilt only when its source or a header it includes
# changed (clang's dependency files); prints one line per object built.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
inc_bpf=$root/build/bpf
inc_libbpf=$root/build/native/include
say() { printf '[build-bpf] %s\n' "$*"; }

if [ ! -f "$inc_libbpf/bpf/bpf_helpers.h" ]; then
  echo "build-bpf: $inc_libbpf/bpf/bpf_helpers.h is missing; run scripts/build-native.sh first" >&2
  exit 1
fi

# vmlinux.h describes the running kernel; it is generated once (delete it to refresh).
vmlinux_h=$inc_bpf/vmlinux.h
if [ ! -s "$vmlinux_h" ]; then
  mkdir -p "$inc_bpf"
  bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$vmlinux_h.tmp"
  mv "$vmlinux_h.tmp" "$vmlinux_h"
  say "${vmlinux_h#$root/} from /sys/kernel/btf/vmlinux"
fi

# True when $1 (an object) is missing or older than any file listed in its .d file.
stale() {
  local o=$1 d=${1%.o}.d dep
  [ -f "$o" ] && [ -f "$d" ] || return 0
  # Make syntax: "target: dep dep \" continued over lines; paths here have no spaces.
  for dep in $(sed -e 's/^[^:]*://' -e 's/\\$//' "$d"); do
    [ -e "$dep" ] && [ ! "$dep" -nt "$o" ] || return 0
  done
  return 1
}

build_dir() {
  local srcdir=$1 outdir=$1/build c o
  for c in "$srcdir"/*.bpf.c; do
    [ -e "$c" ] || continue
    o=$outdir/$(basename "$c" .c).o
    stale "$o" || continue
    mkdir -p "$outdir"
    # __TARGET_ARCH_x86 selects the pt_regs layout used by bpf_tracing.h's macros.
    # The multiarch dir last: libbpf's usdt.bpf.h includes <linux/errno.h> -> <asm/errno.h>.
    clang -O2 -g -Wall -target bpf -D__TARGET_ARCH_x86 \
      -I"$inc_bpf" -I"$inc_libbpf" -idirafter "/usr/include/$(gcc -print-multiarch)" -MD -MF "${o%.o}.d" \
      -c "$c" -o "$o.tmp"
    mv "$o.tmp" "$o"
    say "${o#$root/}"
  done
  # An object whose source is gone would otherwise keep being picked up by the tests.
  for o in "$outdir"/*.bpf.o; do
    [ -e "$o" ] || continue
    [ -e "$srcdir/$(basename "$o" .o).c" ] || { rm -f "$o" "${o%.o}.d"; say "removed ${o#$root/}"; }
  done
}

build_dir "$root/tests/bpf"
# Malformed objects for the differential scenarios, patched from a built one.
node "$root/tests/bpf/make-malformed.mjs" "$root/tests/bpf/build"
# The 64-bit binary with USDT probes the differential scenarios attach to ($OBJ/usdt_target).
usdt_src=$root/tests/helpers/usdt_target.c usdt_bin=$root/tests/bpf/build/usdt_target
if [ ! -x "$usdt_bin" ] || [ "$usdt_src" -nt "$usdt_bin" ]; then
  gcc -O1 -o "$usdt_bin" "$usdt_src"
  say "${usdt_bin#$root/}"
fi
build_dir "$root/examples"
build_dir "$root/examples/xdp-counter"
build_dir "$root/examples/typed-dump"
build_dir "$root/examples/execsnoop"
