#!/usr/bin/env bash
# Builds the V8 fast-call addon (host/fast/) for each given Node binary, one file per Node
# ABI: host/fast/dist/abi<NODE_MODULE_VERSION>/map_fast.node. Optional: without a build
# for the running ABI the facade uses the main addon's Node-API path (same results).
# Usage: scripts/build-fast-addon.sh [NODE_BINARY ...]   (default: the node on PATH)
# Incremental: a build newer than host/fast's sources is kept.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || set -- "$(command -v node)"
nodes=()
for node in "$@"; do nodes+=("$(readlink -f "$(command -v "$node")")"); done
cd "$root/host/fast"

gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
[ -f "$gyp" ] || { echo "build-fast-addon: npm's bundled node-gyp not found" >&2; exit 1; }

for node in "${nodes[@]}"; do
  abi=$("$node" -p process.versions.modules)
  out="dist/abi$abi/map_fast.node"
  if [ -f "$out" ] && [ -z "$(find map_fast.cc v8_fast_api_layout.h binding.gyp -newer "$out" | head -n1)" ]; then
    continue
  fi
  # Headers and common.gypi of that Node: <prefix>/include/node (a distro Node: /usr).
  nodedir=$(dirname "$(dirname "$node")")
  [ -f "$nodedir/include/node/v8.h" ] || nodedir=/usr
  [ -f "$nodedir/include/node/v8.h" ] || { echo "build-fast-addon: no V8 headers for $node" >&2; exit 1; }
  echo "[build-fast-addon] node-gyp rebuild for $("$node" --version) (ABI $abi) -> host/fast/$out"
  log=$(mktemp)
  # Under npm (npm test, npm pack) the environment carries npm's config, and a nodedir
  # there (a distro npm sets npm_config_nodedir=/usr) overrides --nodedir: every ABI would
  # be built against the running Node's headers. Only this Node's headers are right.
  if ! env -u npm_config_nodedir -u NPM_CONFIG_NODEDIR -u npm_config_target -u npm_config_runtime \
      "$node" "$gyp" rebuild --nodedir="$nodedir" --jobs=2 --loglevel=warn >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
  mkdir -p "dist/abi$abi"
  cp build/Release/map_fast.node "$out"
done
