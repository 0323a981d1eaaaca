#!/usr/bin/env bash
# Builds libbpf-wasm/dist/libbpf.wasm: upstream libbpf 1.1.2, elfutils' libelf and zlib,
# from the verified sources, with the port layer (libbpf-wasm/). Incremental (make).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/libbpf-wasm/dist/libbpf.wasm
"$root/scripts/fetch-sources.sh" libbpf elfutils zlib

# Each library's objects are keyed on its tree's stamp (pin and patch list): make compares
# mtimes only, and a removed patch gives a file back its old mtime.
for lib in zlib:zlib elfutils:libelf libbpf:libbpf; do
  stamp=$(cat "$root/vendor/${lib%%:*}/patched/.stamp")
  objs=$root/build/wasm/${lib#*:}
  if [ "$(cat "$objs.stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$objs"
    mkdir -p "$root/build/wasm"
    echo "$stamp" >"$objs.stamp"
  fi
done

before=$(stat -c %Y "$out" 2>/dev/null || echo 0)
start=$(date +%s%N)
make -s -C "$root/libbpf-wasm" -j"$(nproc)" --no-print-directory
after=$(stat -c %Y "$out")
if [ "$after" != "$before" ]; then
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  printf '[build-wasm] %s: %d bytes, built in %d.%01d s\n' "${out#$root/}" "$(stat -c %s "$out")" \
    $((ms / 1000)) $((ms % 1000 / 100))
fi
