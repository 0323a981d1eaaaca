#!/usr/bin/env bash
# At pack time (npm prepack, after setup.sh has built host/ from its sources): the addons
# become the tarball's prebuilds, in prebuildify's layout (read by src/host/addon-path.ts), in
# one directory, host/prebuilds/linux-x64/:
#  - node.napi.glibc.node: the main addon, a Node-API build (one file for every Node
#    line); the same code as host/build/Release/bpfhost.node;
#  - map_fast.abi<N>.so: the V8 fast-call addon (host/fast/), one per supported Node
#    line's ABI (Node 20, 22, 24, 26: 115, 127, 137, 147), built by
#    scripts/build-fast-addon.sh with this machine's Node and scripts/node-lines.sh's.
#    Not named *.node: the resolver (node-gyp-build's rules) takes any .node file there
#    whose tags do not rule it out (a map_fast.abi115.node would be its answer on musl,
#    where the glibc main prebuild is ruled out), so only src/host/fast-addon.ts finds
#    these, by name.
# All stripped of debug symbols.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/host/build/Release/bpfhost.node"
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || { echo "prebuild-addon: only linux-x64 prebuilds are made" >&2; exit 1; }
getconf GNU_LIBC_VERSION >/dev/null 2>&1 || { echo "prebuild-addon: not a glibc system" >&2; exit 1; }
[ -f "$src" ] || { echo "prebuild-addon: $src is not built; run scripts/setup.sh" >&2; exit 1; }

# One Node binary per supported line (the majors in package.json's "engines"): this
# machine's where it is one, the others from scripts/node-lines.sh.
read -r -a SUPPORTED_MAJORS < <(node -p "require('$root/package.json').engines.node.match(/\\d+/g).join(' ')")
[ ${#SUPPORTED_MAJORS[@]} -gt 0 ] || { echo "prebuild-addon: no Node majors in package.json's engines" >&2; exit 1; }
own=$(node -p 'process.versions.node.split(".")[0]')
nodes=()
others=()
for major in "${SUPPORTED_MAJORS[@]}"; do
  if [ "$major" = "$own" ]; then nodes+=("$(command -v node)"); else others+=("$major"); fi
done
if [ ${#others[@]} -gt 0 ]; then
  while read -r _ bin; do nodes+=("$bin"); done < <(bash "$root/scripts/node-lines.sh" "${others[@]}")
fi
[ ${#nodes[@]} -eq ${#SUPPORTED_MAJORS[@]} ] || { echo "prebuild-addon: not every supported Node line is installed" >&2; exit 1; }
bash "$root/scripts/build-fast-addon.sh" "${nodes[@]}"

out="$root/host/prebuilds/linux-x64"
rm -rf "$root/host/prebuilds"
mkdir -p "$out"
strip --strip-unneeded -o "$out/node.napi.glibc.node" "$src"
echo "[prebuild-addon] host/prebuilds/linux-x64/node.napi.glibc.node ($(stat -c %s "$out/node.napi.glibc.node") bytes)"
for node in "${nodes[@]}"; do
  abi=$("$node" -p process.versions.modules)
  strip --strip-unneeded -o "$out/map_fast.abi$abi.so" "$root/host/fast/dist/abi$abi/map_fast.node"
  echo "[prebuild-addon] host/prebuilds/linux-x64/map_fast.abi$abi.so ($(stat -c %s "$out/map_fast.abi$abi.so") bytes)"
done
