// npm "install" hook of the published package. The tarball holds a prebuilt native host
// addon for linux-x64 glibc (host/prebuilds/, Node-API: every Node line); where it loads,
// nothing is built. Elsewhere on Linux the addon is compiled from the shipped sources
// (host/src, binding.gyp, libbpf's UAPI headers) with npm's node-gyp; without a compiler
// that fails with the command to run once one is installed. On other systems there is
// no addon to build: the library works without it (open, inspect, BTF, gen types).
// In a checkout, scripts/setup.sh builds everything instead (npm ci --ignore-scripts).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findAddon } from '../dist/host/addon-path.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const hostDir = join(root, 'host');
const say = (msg) => console.error(`libbpf-wasm: ${msg}`);

/** The addon the library would load (a build, or the prebuild that fits), if it loads. */
function loadable() {
  try {
    process.dlopen({ exports: {} }, findAddon(hostDir));
    return null;
  } catch (e) {
    return String(e?.message ?? e).split('\n')[0];
  }
}

const onPath = (name) => (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, name)));

const why = loadable();
if (why === null) process.exit(0);
if (process.platform !== 'linux') {
  say(`the native host addon is Linux-only; on ${process.platform} the package works without it ` +
    '(opening objects, inspect, btf dump, gen types), and kernel calls fail with LibbpfError ENOADDON.');
  process.exit(0);
}
if (!existsSync(join(root, 'vendor/libbpf/src/include/uapi/linux/bpf.h'))) {
  say('libbpf\'s UAPI headers are missing: in a checkout, run `npm run setup` (it builds everything).');
  process.exit(1);
}
say(`no prebuilt native host addon fits this machine (${why}); compiling it from the shipped sources.`);
const tools = [['python3', ['python3', 'python']], ['make', ['make']],
  ['a C++ compiler', [process.env.CXX ?? 'c++', 'g++', 'clang++']]];
const missing = tools.filter(([, names]) => !names.some(onPath)).map(([what]) => what);
if (missing.length) {
  say(`cannot compile the native host addon: ${missing.join(', ')} not found on PATH.\n` +
    '  Install them (Debian/Ubuntu: apt-get install python3 make g++), then run `npm rebuild libbpf-wasm`.\n' +
    '  To install without it (no kernel access; opening objects, inspect, btf dump and gen types work),\n' +
    '  install with --ignore-scripts.');
  process.exit(1);
}

// npm gives its lifecycle scripts its own node-gyp; node-gyp on PATH otherwise.
const npmGyp = process.env.npm_execpath && join(dirname(process.env.npm_execpath), '..', 'node_modules/node-gyp/bin/node-gyp.js');
const gyp = [process.env.npm_config_node_gyp, npmGyp].find((p) => p && existsSync(p));
const args = ['rebuild', '--directory', hostDir, '--jobs=2'];
// Node's own headers when they are installed beside it (official builds, distro packages):
// no download needed.
for (const prefix of [join(dirname(process.execPath), '..'), '/usr']) {
  if (existsSync(join(prefix, 'include/node/node_api.h'))) {
    args.push(`--nodedir=${prefix}`);
    break;
  }
}
const r = gyp
  ? spawnSync(process.execPath, [gyp, ...args], { stdio: 'inherit' })
  : spawnSync('node-gyp', args, { stdio: 'inherit' });
if (r.status !== 0) {
  say('compiling the native host addon failed (output above). Fix the cause, then run `npm rebuild libbpf-wasm`.');
  process.exit(r.status || 1);
}
const after = loadable();
if (after !== null) {
  say(`the native host addon was built but does not load: ${after}`);
  process.exit(1);
}
