#!/usr/bin/env bash
# Enables deb-src entries for the apt sources this machine already has, so that
# `apt-get source` can fetch the pinned Debian source packages. The entries are
# derived from the machine's own configuration: no repository host is written here.
set -euo pipefail

out=/etc/apt/sources.list.d/libbpf-wasm-deb-src.sources
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# deb822 files: copy each stanza whose Types include "deb", as a deb-src stanza.
for f in /etc/apt/sources.list.d/*.sources; do
  [ -e "$f" ] || continue
  [ "$f" = "$out" ] && continue
  awk '
    function flush() { if (isdeb && body != "") printf "Types: deb-src\n%s\n", body; body = ""; isdeb = 0 }
    /^[[:space:]]*$/ { flush(); next }
    /^#/ { next }
    /^Types:/ { for (i = 2; i <= NF; i++) if ($i == "deb") isdeb = 1; next }
    { body = body $0 "\n" }
    END { flush() }
  ' "$f" >>"$tmp"
done

# One-line format: "deb [opts] URI suite components" becomes a deb-src line.
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -e "$f" ] || continue
  sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" >>"$tmp"
done

if [ ! -s "$tmp" ]; then
  echo "enable-deb-src: no apt sources configured on this machine" >&2
  exit 1
fi

# deb822 stanzas and one-line entries cannot share one file: keep one-line ones apart.
grep -v '^deb-src ' "$tmp" >"$out.new" || true
grep '^deb-src ' "$tmp" >"${out%.sources}.list.new" || true
changed=0
for f in "$out" "${out%.sources}.list"; do
  if [ -s "$f.new" ]; then
    cmp -s "$f.new" "$f" 2>/dev/null || { mv "$f.new" "$f"; changed=1; }
  fi
  rm -f "$f.new"
done
if [ "$changed" = 1 ] || [ ! -e /var/lib/apt/lists/.libbpf-wasm-deb-src ]; then
  apt-get update -qq
  touch /var/lib/apt/lists/.libbpf-wasm-deb-src
fi
