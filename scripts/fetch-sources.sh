#!/usr/bin/env bash
# Fetches the pinned Debian source packages named by vendor/<lib>/pin, verifies every
# file against its sha256, and unpacks the upstream tarball into vendor/<lib>/src/
# (pristine upstream: the native oracle is built from it). The module is built from
# vendor/<lib>/patched/: the same tree with vendor/<lib>/patches/*.patch applied in name
# order (each patch says why it exists). Its .stamp names the pin and every patch, so a
# patch added, changed or removed rebuilds the module (scripts/build-wasm.sh).
# Usage: fetch-sources.sh [lib ...]        (default: every vendor/*/pin)
# LIBBPF_WASM_SOURCES overrides the download cache (default build/sources).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${LIBBPF_WASM_SOURCES:-$root/build/sources}
vendor=${LIBBPF_WASM_VENDOR:-$root/vendor}

libs=("$@")
if [ ${#libs[@]} -eq 0 ]; then
  for p in "$vendor"/*/pin; do libs+=("$(basename "$(dirname "$p")")"); done
fi

for lib in "${libs[@]}"; do
  pin=$vendor/$lib/pin
  [ -f "$pin" ] || { echo "fetch-sources: no pin file $pin" >&2; exit 1; }
  pkg=$(awk '$1=="package"{print $2}' "$pin")
  ver=$(awk '$1=="apt_version"{print $2}' "$pin")
  unpack=$(awk '$1=="unpack"{print $2}' "$pin")
  dir=$cache/$lib
  mkdir -p "$dir"

  missing=0
  while read -r _ _ file; do [ -f "$dir/$file" ] || missing=1; done < <(awk '$1=="sha256"' "$pin")
  if [ "$missing" = 1 ]; then
    "$root/scripts/enable-deb-src.sh"
    echo "fetch-sources: apt-get source $pkg=$ver"
    # _apt cannot write into root-owned folders; the files are verified below anyway.
    (cd "$dir" && apt-get source -qq --download-only "$pkg=$ver" 2>&1 | grep -v 'unsandboxed as root' || true)
  fi

  while read -r _ want file; do
    [ -f "$dir/$file" ] || { echo "fetch-sources: $file was not downloaded for $pkg=$ver" >&2; exit 1; }
    got=$(sha256sum "$dir/$file" | cut -d' ' -f1)
    if [ "$got" != "$want" ]; then
      echo "fetch-sources: sha256 mismatch for $dir/$file: pinned $want, found $got. Refusing to build from it; delete the file to fetch it again." >&2
      exit 1
    fi
  done < <(awk '$1=="sha256"' "$pin")

  src=$vendor/$lib/src
  stamp=$(sha256sum "$pin" | cut -d' ' -f1)
  if [ "$(cat "$src/.pin-stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$src" && mkdir -p "$src"
    tar -xf "$dir/$unpack" -C "$src" --strip-components=1
    echo "$stamp" >"$src/.pin-stamp"
    echo "fetch-sources: $lib $ver verified and unpacked into vendor/$lib/src"
  fi

  # The module's tree: pristine + patches, recreated whenever the pin or a patch changes.
  patched=$vendor/$lib/patched
  pstamp=$( { echo "$stamp"; for p in "$vendor/$lib"/patches/*.patch; do
              if [ -e "$p" ]; then echo "$(basename "$p") $(sha256sum "$p" | cut -d' ' -f1)"; fi; done; } |
            sha256sum | cut -d' ' -f1)
  if [ "$(cat "$patched/.stamp" 2>/dev/null)" != "$pstamp" ]; then
    rm -rf "$patched" && cp -r "$src" "$patched"
    for p in "$vendor/$lib"/patches/*.patch; do
      [ -e "$p" ] || continue
      patch -s -p1 -d "$patched" --no-backup-if-mismatch <"$p" ||
        { echo "fetch-sources: $p does not apply to $lib $ver" >&2; rm -rf "$patched"; exit 1; }
      echo "fetch-sources: $lib: applied $(basename "$p")"
    done
    echo "$pstamp" >"$patched/.stamp"
  fi
done
