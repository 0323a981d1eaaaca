#!/usr/bin/env bash
# Builds libbpf-wasm/dist/libbpf.wasm: upstream libbpf 1.1.2, elfutils' libelf and zlib,
# from the verified sources, with the port layer (libbpf-wasm/). Incremental (make).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/libbpf-wasm/dist/libbpf.wasm
"$root/scripts/fetch-sources.sh" libbpf elfutils zlib

# The build stamp: the pins and patch lists of the three trees. Make compares mtimes
# only, and a removed patch gives a file back its old mtime, so any change starts over.
stamp=$(cat "$root"/vendor/{libbpf,elfutils,zlib}/patched/.stamp | sha256sum | cut -d' ' -f1)
if [ "$(cat "$root/build/wasm/.sources-stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$root/build/wasm/zlib" "$root/build/wasm/libelf" "$root/build/wasm/libbpf"
  mkdir -p "$root/build/wasm"
  echo "$stamp" >"$root/build/wasm/.sources-stamp"
fi

before=$(stat -c %Y "$out" 2>/dev/null || echo 0)
start=$(date +%s%N)
make -s -C "$root/libbpf-wasm" -j"$(nproc)" --no-print-directory
after=$(stat -c %Y "$out")
if [ "$after" != "$before" ]; then
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  printf '[build-wasm] %s: %d bytes, built in %d.%01d s\n' "${out#$root/}" "$(stat -c %s "$out")" \
    $((ms / 1000)) $((ms % 1000 / 100))
fi
