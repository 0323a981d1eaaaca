#!/usr/bin/env bash
# Fetches the pinned Debian source packages named by vendor/<lib>/pin, verifies every
# file against its sha256, and unpacks the upstream tarball into vendor/<lib>/src/.
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
  # The stamp covers the pin and the patches: a changed patch unpacks afresh.
  patches=("$vendor/$lib"/patches/*.patch)
  [ -e "${patches[0]}" ] || patches=()
  stamp=$(cat "$pin" ${patches[@]+"${patches[@]}"} | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$src/.pin-stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$src" && mkdir -p "$src"
    tar -xf "$dir/$unpack" -C "$src" --strip-components=1
    # Upstream is never edited in place: each change is a patch file with its reason.
    for p in ${patches[@]+"${patches[@]}"}; do
      patch -s -p1 -d "$src" <"$p"
      echo "fetch-sources: applied ${p#$root/}"
    done
    # A new tree (another pin, or patches added or removed) must rebuild everything made
    # from it: the tarball's own mtimes could be older than the last build's objects.
    find "$src" -type f -exec touch {} +
    echo "$stamp" >"$src/.pin-stamp"
    echo "fetch-sources: $lib $ver verified and unpacked into vendor/$lib/src"
  fi
done
