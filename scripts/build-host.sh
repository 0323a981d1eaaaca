#!/usr/bin/env bash
# Builds the native host addon host/build/Release/bpfhost.node with node-gyp.
# Incremental: silent when the addon is newer than its sources; one line when it builds.
# Offline: uses npm's bundled node-gyp and the Node headers installed in /usr/include/node.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/host"
out=build/Release/bpfhost.node
uapi="$root/vendor/libbpf/src/include/uapi/linux/bpf.h"

[ -f "$uapi" ] || { echo "build-host: $uapi missing; run scripts/fetch-sources.sh" >&2; exit 1; }

if [ -f "$out" ] && [ -z "$(find src binding.gyp "$uapi" -newer "$out" 2>/dev/null | head -n1)" ]; then
  exit 0
fi

gyp=""
npm_bin=$(command -v npm || true)
for cand in \
  "${npm_bin:+$(dirname "$(readlink -f "$npm_bin")")/../node_modules/node-gyp/bin/node-gyp.js}" \
  "$(dirname "$(readlink -f "$(command -v node)")")/../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js" \
  /usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js \
  /usr/share/nodejs/node-gyp/bin/node-gyp.js; do
  if [ -n "$cand" ] && [ -f "$cand" ]; then gyp=$cand; break; fi
done
[ -n "$gyp" ] || { echo "build-host: npm's bundled node-gyp not found" >&2; exit 1; }

# Headers of the running Node: /usr/include/node holds them for a distro/system Node.
nodedir=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
[ -f "$nodedir/include/node/node_api.h" ] || nodedir=/usr
[ -f "$nodedir/include/node/node_api.h" ] || { echo "build-host: Node headers not found" >&2; exit 1; }

echo "[build-host] node-gyp rebuild -> host/$out"
log=$(mktemp)
if ! node "$gyp" rebuild --nodedir="$nodedir" --jobs=2 --loglevel=warn >"$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
touch "$out"
