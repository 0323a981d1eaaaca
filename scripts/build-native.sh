#!/usr/bin/env bash
# Builds the vendored libbpf 1.1.2 natively (gcc, Debian's libelf and zlib) into
# build/native/{lib/libbpf.a,include/bpf,include/linux}, then every tests/native/*.c tool
# into build/native/bin/. This is the oracle the wasm build is compared against, so it
# uses libbpf's own Makefile and flags, out of tree: vendor/ is never written to.
# It is built from vendor/libbpf/src, pristine upstream: the patches of vendor/libbpf/patches/
# (wasm32 fixes) go into the module only, so the oracle stays upstream's behaviour.
# Incremental: prints nothing when everything is up to date.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/fetch-sources.sh" libbpf

src=$root/vendor/libbpf/src/src
out=$root/build/native
obj=$out/obj
lib=$out/lib/libbpf.a
say() { printf '[build-native] %s\n' "$*"; }

# fetch-sources re-extracts the tree with the tarball's (old) mtimes when the pin changes,
# so make's timestamps alone would keep stale objects: key the whole build on the pin.
pin=$(cat "$root/vendor/libbpf/src/.pin-stamp")
if [ "$(cat "$out/.pin-stamp" 2>/dev/null)" != "$pin" ]; then
  rm -rf "$out"
  mkdir -p "$obj"
fi

# V=1 turns libbpf's "  CC  x.o" lines into command echoes, which -s then silences.
mk() { make -s V=1 -C "$src" --no-print-directory CC=gcc BUILD_STATIC_ONLY=1 OBJDIR="$obj" "$@"; }

before=$(stat -c %Y "$obj/libbpf.a" 2>/dev/null || echo 0)
mk -j"$(nproc)" "$obj/libbpf.a"
if [ "$before" != "$(stat -c %Y "$obj/libbpf.a")" ] || [ ! -f "$out/.pin-stamp" ] ||
   [ ! -f "$lib" ] || [ ! -f "$out/include/bpf/libbpf.h" ]; then
  mkdir -p "$out/lib"
  cp "$obj/libbpf.a" "$lib"
  # DESTDIR + PREFIX=/ keeps libbpf's own header lists; the UAPI headers come along
  # because libbpf 1.1.2's headers expect its linux/bpf.h, not the older distro one.
  mk DESTDIR="$out" PREFIX=/ INCLUDEDIR=/include UAPIDIR=/include install_headers install_uapi_headers
  echo "$pin" >"$out/.pin-stamp"
  say "libbpf $(awk '$1=="apt_version"{print $2}' "$root/vendor/libbpf/pin"): ${lib#$root/} and ${out#$root/}/include"
fi

# The native tools: each tests/native/*.c with a main() is one tool; the other .c files
# there (shared helpers such as json.c) are linked into every tool, and any change to a
# helper or header rebuilds them all.
mkdir -p "$out/bin"
tools=() helpers=()
for c in "$root"/tests/native/*.c; do
  [ -e "$c" ] || continue
  if grep -q '^int main(' "$c"; then tools+=("$c"); else helpers+=("$c"); fi
done
for c in ${tools[@]+"${tools[@]}"}; do
  bin=$out/bin/$(basename "$c" .c)
  stale=0
  [ -x "$bin" ] || stale=1
  for dep in "$c" "$lib" ${helpers[@]+"${helpers[@]}"} "$root"/tests/native/*.h; do
    [ -e "$dep" ] && [ "$dep" -nt "$bin" ] && stale=1
  done
  if [ $stale = 1 ]; then
    gcc -O2 -g -Wall -Wextra -Werror -I"$out/include" -o "$bin" "$c" ${helpers[@]+"${helpers[@]}"} "$lib" -lelf -lz
    say "${bin#$root/}"
  fi
done
