#!/usr/bin/env bash
# Installs and builds everything the package needs, on a fresh machine or an old one.
# Idempotent: each step is skipped when its output is up to date, so `npm test` and
# `npm run demo` call it every time. Needs root for apt-get (these machines run as root).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
step() { printf '[setup] %s\n' "$*"; }

# 1. Debian packages. emscripten comes from Debian (3.1.6): emsdk downloads its own
#    toolchain from the internet, which these machines cannot reach. libtsan2: the
#    ThreadSanitizer runtime of g++ 12, for the host stress test (host-threads). strace
#    fails syscalls for fault injection (reliability/faults.mjs, tests). patch applies
#    vendor/*/patches; iproute2 and ping make the veths and packets of the attach tests.
packages=(emscripten clang lld llvm bpftool libelf-dev zlib1g-dev linux-libc-dev pkg-config make g++ libtsan2 strace patch iproute2 iputils-ping)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. npm dependencies (also builds nothing: the addon is built in step 5).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi

# 3. Third-party sources: fetched with apt-get source, verified against vendor/*/pin.
scripts/fetch-sources.sh

# 4. The WebAssembly module (libbpf + libelf + zlib + the port layer).
scripts/build-wasm.sh

# 5. The native host addon, and its optional V8 fast-call addon for this Node's ABI.
scripts/build-host.sh
scripts/build-fast-addon.sh

# 6. The native build of the same libbpf (the differential oracle and benchmark baseline).
scripts/build-native.sh

# 7. BPF objects: the example and the test corpus.
scripts/build-bpf.sh

# 8. TypeScript.
if [ -z "$(find dist -name index.js -newer tsconfig.json 2>/dev/null)" ] || \
   [ -n "$(find src -newer dist/index.js 2>/dev/null)" ]; then
  step "tsc"
  node_modules/.bin/tsc -p tsconfig.json
  rm -rf dist/bundle # the bundles below are made from this output
fi

# 9. One-file bundles of the library, ESM and CommonJS (the package's entry points).
if [ ! -f dist/bundle/libbpf-wasm.mjs ] || [ -n "$(find dist -name '*.js' -newer dist/bundle/libbpf-wasm.mjs 2>/dev/null | head -n1)" ]; then
  step "bundle"
  node scripts/bundle.mjs
fi

# 10. The public declarations, rolled into one file per module system beside the bundles.
if [ ! -f dist/bundle/libbpf-wasm.d.mts ] || [ -n "$(find dist -name '*.d.ts' -newer dist/bundle/libbpf-wasm.d.mts 2>/dev/null | head -n1)" ]; then
  step "bundle types"
  node scripts/bundle-types.mjs
fi
