#!/usr/bin/env bash
# At pack time (npm prepack, after setup.sh has built host/ from its sources): the addon
# becomes the tarball's prebuild, in prebuildify's layout that node-gyp-build reads:
# host/prebuilds/linux-x64/node.napi.glibc.node (a Node-API build: one file for every Node
# line). Stripped of debug symbols; the same code as host/build/Release/bpfhost.node.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/host/build/Release/bpfhost.node"
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || { echo "prebuild-addon: only linux-x64 prebuilds are made" >&2; exit 1; }
getconf GNU_LIBC_VERSION >/dev/null 2>&1 || { echo "prebuild-addon: not a glibc system" >&2; exit 1; }
[ -f "$src" ] || { echo "prebuild-addon: $src is not built; run scripts/setup.sh" >&2; exit 1; }
out="$root/host/prebuilds/linux-x64"
rm -rf "$root/host/prebuilds"
mkdir -p "$out"
strip --strip-unneeded -o "$out/node.napi.glibc.node" "$src"
echo "[prebuild-addon] host/prebuilds/linux-x64/node.napi.glibc.node ($(stat -c %s "$out/node.napi.glibc.node") bytes)"
