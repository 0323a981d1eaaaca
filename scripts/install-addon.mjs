// npm "install" hook for users of the published package: builds the native host addon
// (host/) on their machine with npm's node-gyp. The WebAssembly module ships prebuilt.
// In this repository scripts/setup.sh builds everything instead (npm ci --ignore-scripts).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
if (existsSync(`${root}host/build/Release/bpfhost.node`)) process.exit(0);
if (!existsSync(`${root}vendor/libbpf/src/include/uapi/linux/bpf.h`)) {
  console.error('libbpf-wasm: libbpf\'s UAPI headers are missing; in a checkout, run `npm run setup`');
  process.exit(1);
}
const r = spawnSync('node-gyp', ['rebuild', '--directory', `${root}host`], { stdio: 'inherit', shell: false });
if (r.status !== 0) {
  console.error('libbpf-wasm: building the native host addon failed (needs python3, make, g++ and Node headers)');
  process.exit(r.status ?? 1);
}
