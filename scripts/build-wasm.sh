#!/usr/bin/env bash
# Builds libbpf-wasm/dist/libbpf.wasm: upstream libbpf 1.1.2, elfutils' libelf and zlib,
# from the verified sources, with the port layer (libbpf-wasm/). Incremental (make).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/libbpf-wasm/dist/libbpf.wasm
"$root/scripts/fetch-sources.sh" libbpf elfutils zlib

before=$(stat -c %Y "$out" 2>/dev/null || echo 0)
start=$(date +%s%N)
make -s -C "$root/libbpf-wasm" -j"$(nproc)" --no-print-directory
after=$(stat -c %Y "$out")
if [ "$after" != "$before" ]; then
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  printf '[build-wasm] %s: %d bytes, built in %d.%01d s\n' "${out#$root/}" "$(stat -c %s "$out")" \
    $((ms / 1000)) $((ms % 1000 / 100))
fi
