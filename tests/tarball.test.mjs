// What a user does: `npm pack` (prepack builds and makes the prebuilt addon), install the
// tarball into an empty project offline with no compiler on PATH, then import it (ESM),
// require it (CommonJS), compile a strict TypeScript sample against it, run an example
// and the README's quick start as written,
// under this machine's Node and Node 26 (the newest supported line). Then the cases where
// the prebuild does not fit: the library without its addon (open works, load names
// `npm rebuild libbpf-wasm`), `npm rebuild` without a compiler (says what is missing),
// and with one (compiles the shipped sources). The V8 fast-call addon ships prebuilt for
// every supported Node line's ABI beside the main addon: map element ops from the
// installed package make V8 fast calls, and without the prebuild for the running ABI
// they take the Node-API path with the same results. Packed once, installed once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync,
  writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './helpers/objects.mjs';
import { compileConsumer, writeConsumer } from './helpers/consumer.mjs';
import { kernelTestsCanRun, mountBpffs, pinsUnder } from './helpers/kernel.mjs';
import { runQuickstart } from './helpers/readme.mjs';

if (!kernelTestsCanRun('tarball.test.mjs')) process.exit(0); // npm pack runs the set-up, as root

const work = mkdtempSync(join(tmpdir(), 'lbw-tarball-'));
const project = join(work, 'project');
const pkgDir = join(project, 'node_modules/libbpf-wasm');
const which = (cmd) => spawnSync('bash', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();

/** A PATH holding only `names` (symlinks): no cc, c++, g++, make, python. */
function pathWith(dir, names) {
  mkdirSync(dir, { recursive: true });
  for (const [name, target] of names) symlinkSync(target, join(dir, name));
  return dir;
}
const npmCli = realpathSync(which('npm'));
const node26 = spawnSync('bash', [join(repoRoot, 'scripts/node-lines.sh'), '26'], { encoding: 'utf8' }).stdout.trim().split(' ')[1];
// npm runs lifecycle scripts with sh: a shell, node and npm are all a user is sure to have.
const bare = pathWith(join(work, 'bin-bare'), [['node', process.execPath], ['npm', npmCli], ['sh', which('sh')]]);
const netTools = ['unshare', 'ip', 'ping', 'mount', 'umount'].map((t) => [t, which(t)]);
const withNet = pathWith(join(work, 'bin-net'), [['node', process.execPath], ...netTools]);
const COMPILERS = ['cc', 'c++', 'gcc', 'g++', 'clang', 'clang++', 'make', 'python3', 'python'];

const bpffs = mountBpffs(); // the pin root of every load here

function run(cmd, args, { path = bare, cwd = project, env = {} } = {}) {
  const r = spawnSync(cmd, args, {
    cwd, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 10 * 60_000,
    env: { ...process.env, PATH: path, PIN_ROOT: bpffs.dir, npm_config_update_notifier: 'false', ...env },
  });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, stdout: r.stdout ?? '' };
}

const ESM = `import { BpfObject, addonStatus, libbpfVersion } from 'libbpf-wasm';
import { readFileSync } from 'node:fs';
const obj = BpfObject.open(readFileSync('node_modules/libbpf-wasm/examples/build/pinning.bpf.o'), { pinRootPath: process.env.PIN_ROOT });
const out = { addon: addonStatus(), version: libbpfVersion(), maps: obj.maps.map((m) => m.name) };
try { obj.load(); out.loaded = obj.programs.every((p) => p.fd > 0); } catch (e) { out.load = { code: e.code, message: e.message }; }
obj.close();
console.log(JSON.stringify(out));`;
const CJS = `const lib = require('libbpf-wasm');
const obj = lib.BpfObject.open(require('node:fs').readFileSync('node_modules/libbpf-wasm/examples/build/pinning.bpf.o'));
console.log(JSON.stringify({ maps: obj.maps.map((m) => m.name), mapIsBpfMap: obj.maps[0] instanceof lib.BpfMap }));
obj.close();`;

/** Map element ops from the installed package, reached `from` the shipped unbundled facade
 *  (its map-direct.js tells which path ran) or the bundle users `import` or `require`;
 *  then which map_fast file this process has mapped and how many V8 fast calls it counted. */
const ELEMENTS = (from) => `${{
  dist: `import { BpfObject, setLogger } from '${pathToFileURL(join(pkgDir, 'dist/index.js'))}';
import { elementPathStats } from '${pathToFileURL(join(pkgDir, 'dist/map-direct.js'))}';
import { readFileSync } from 'node:fs';`,
  import: `import { BpfObject, setLogger } from 'libbpf-wasm';
import { readFileSync } from 'node:fs';
const elementPathStats = () => ({});`,
  require: `const { BpfObject, setLogger } = require('libbpf-wasm');
const { readFileSync } = require('node:fs');
const elementPathStats = () => ({});`,
}[from]}
setLogger(() => {});
const obj = BpfObject.open(readFileSync('node_modules/libbpf-wasm/examples/build/pinning.bpf.o'), { pinRootPath: process.env.PIN_ROOT });
obj.load();
const m = obj.map('config'); // an array of 4 u64, not pinned
const key = (i) => new Uint8Array(new Uint32Array([i]).buffer);
const outcome = (f) => { try { const v = f(); return v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v ?? null; }
  catch (e) { return { code: e.code, message: e.message }; } };
const steps = [];
for (let i = 0; i < 4; i++) steps.push(outcome(() => m.update(key(i), new Uint8Array(new BigUint64Array([BigInt(7 * i + 1)]).buffer))));
steps.push(outcome(() => m.lookup(key(4))), outcome(() => m.lookup(new Uint8Array(3))), outcome(() => m.delete(key(0))),
  outcome(() => m.nextKey(key(3))), outcome(() => m.nextKey(key(1))));
let sum = 0n;
for (let i = 0; i < 100000; i++) { const v = m.lookup(key(i & 3)); sum += new DataView(v.buffer, v.byteOffset).getBigUint64(0, true); }
obj.close();
const mapped = [...new Set(readFileSync('/proc/self/maps', 'utf8').split('\\n').map((l) => l.split(/ +/)[5])
  .filter((f) => f?.includes('map_fast')))];
// The mapped fast-call addon's own counter (this thread's fast calls), read by loading it again.
const probe = { exports: {} };
if (mapped.length === 1) process.dlopen(probe, mapped[0]);
console.log(JSON.stringify({ steps, sum: String(sum), mapped, probedFastCalls: probe.exports.fastCalls?.() ?? 0,
  ...elementPathStats() }));`;
const ELEMENTS_SUM = String(100_000n / 4n * (1n + 8n + 15n + 22n));
const SUPPORTED_ABIS = ['115', '127', '137', '147']; // Node 20, 22, 24, 26
const fastPrebuild = (abi) => join(pkgDir, `host/prebuilds/linux-x64/map_fast.abi${abi}.so`);

let tarball;
/** Per ABI: the element ops' outcomes on the fast path, for the fallback to match. */
const elementsWithFast = {};

test('npm pack, then install offline into an empty project with no compiler on PATH', () => {
  for (const c of COMPILERS) assert.not.ok(existsSync(join(bare, c)), `${c} on the hidden PATH`);
  const packed = run('npm', ['pack', '--pack-destination', work, '--loglevel=error'], { cwd: repoRoot, path: process.env.PATH });
  assert.is(packed.status, 0, packed.out);
  tarball = join(work, packed.stdout.trim().split('\n').pop());
  assert.ok(existsSync(tarball), packed.out);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }));
  const r = run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball]);
  assert.is(r.status, 0, r.out);
  // The prebuild is the addon built from this tree's host/src (setup.sh ran at prepack), stripped.
  const stripped = join(work, 'bpfhost.stripped.node');
  assert.is(run('strip', ['--strip-unneeded', '-o', stripped, join(repoRoot, 'host/build/Release/bpfhost.node')],
    { path: process.env.PATH }).status, 0);
  assert.ok(readFileSync(join(pkgDir, 'host/prebuilds/linux-x64/node.napi.glibc.node')).equals(readFileSync(stripped)),
    'the prebuild is not the addon built from these sources');
  assert.not.ok(existsSync(join(pkgDir, 'host/build')), 'the install compiled the addon although a prebuild fits');
});

test('the fast-call addon ships for every supported Node ABI, built from this tree, beside the main prebuild', () => {
  assert.equal(readdirSync(join(pkgDir, 'host/prebuilds/linux-x64')).sort(),
    [...SUPPORTED_ABIS.map((abi) => `map_fast.abi${abi}.so`), 'node.napi.glibc.node']);
  for (const abi of SUPPORTED_ABIS) {
    const stripped = join(work, `map_fast.abi${abi}.stripped`);
    assert.is(run('strip', ['--strip-unneeded', '-o', stripped, join(repoRoot, `host/fast/dist/abi${abi}/map_fast.node`)],
      { path: process.env.PATH }).status, 0);
    assert.ok(readFileSync(fastPrebuild(abi)).equals(readFileSync(stripped)), `ABI ${abi}: not the build of host/fast`);
  }
});

test('the installed package finds its main prebuild, never a fast-call one (not named *.node)', () => {
  const find = (env) => run(process.execPath, ['--input-type=module', '-e',
    `import { findAddon } from ${JSON.stringify(pathToFileURL(join(pkgDir, 'dist/host/addon-path.js')).href)};
     console.log(findAddon(${JSON.stringify(join(pkgDir, 'host'))}))`], { env });
  const glibc = find({});
  assert.is(glibc.status, 0, glibc.out);
  assert.is(relative(pkgDir, glibc.stdout.trim()), 'host/prebuilds/linux-x64/node.napi.glibc.node');
  // Where the glibc main prebuild is ruled out (musl), nothing fits: the install compiles.
  const musl = find({ LIBC: 'musl' });
  assert.is.not(musl.status, 0, musl.out);
  assert.match(musl.out, 'No native build was found');
  assert.not.ok(existsSync(join(pkgDir, 'node_modules/node-gyp-build')) ||
    existsSync(join(pkgDir, '..', 'node-gyp-build')), 'node-gyp-build is no longer a dependency');
});

test('installed with --ignore-scripts: the prebuild loads all the same (nothing to rebuild)', () => {
  const other = join(work, 'project-no-scripts');
  mkdirSync(other);
  writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'no-scripts', private: true, type: 'module' }));
  const r = run('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', tarball],
    { cwd: other });
  assert.is(r.status, 0, r.out);
  const esm = run(process.execPath, ['--input-type=module', '-e', ESM], { cwd: other });
  assert.is(esm.status, 0, esm.out);
  const out = JSON.parse(esm.stdout);
  assert.match(out.addon.path ?? '', /host\/prebuilds\/linux-x64\/node\.napi\.glibc\.node$/);
  assert.is(out.loaded, true, JSON.stringify(out.load));
});

test('the tarball holds what runs: no source maps, no link to an unshipped source', () => {
  const files = readdirSync(pkgDir, { recursive: true }).map(String);
  assert.equal(files.filter((f) => f.endsWith('.map')), []);
  const js = files.filter((f) => /\.(c|m)?js$/.test(f) && !f.startsWith('node_modules'));
  assert.equal(js.filter((f) => readFileSync(join(pkgDir, f), 'utf8').includes('sourceMappingURL')), []);
  assert.ok(files.includes('licenses/zlib.txt') && files.includes('THIRD_PARTY.md'));
  assert.ok(files.some((f) => f.startsWith('host/src/')), 'the addon sources (for machines no prebuild fits)');
});

for (const [label, node] of [[`Node ${process.versions.node}`, process.execPath], ['Node 26', node26]]) {
  test(`${label}: import (ESM) loads the object with the prebuilt addon`, () => {
    const r = run(node, ['--input-type=module', '-e', ESM]);
    assert.is(r.status, 0, r.out);
    const out = JSON.parse(r.stdout);
    assert.is(out.addon.available, true, JSON.stringify(out.addon));
    assert.is(relative(pkgDir, out.addon.path), 'host/prebuilds/linux-x64/node.napi.glibc.node');
    assert.equal(out.maps, ['counters', 'config']);
    assert.match(out.version, /^v?1\.1/);
    assert.is(out.loaded, true, JSON.stringify(out.load));
    assert.equal(pinsUnder(bpffs.dir), ['counters']); // auto-pinned, reused by the next load
  });

  test(`${label}: require (CommonJS)`, () => {
    const r = run(node, ['-e', CJS]);
    assert.is(r.status, 0, r.out);
    assert.equal(JSON.parse(r.stdout), { maps: ['counters', 'config'], mapIsBpfMap: true });
  });

  test(`${label}: map element ops make V8 fast calls through the shipped prebuild for its ABI`, () => {
    const abi = run(node, ['-p', 'process.versions.modules']).stdout.trim();
    for (const from of ['dist', 'import', 'require']) {
      const r = run(node, [`--input-type=${from === 'require' ? 'commonjs' : 'module'}`, '-e', ELEMENTS(from)]);
      assert.is(r.status, 0, r.out);
      const out = JSON.parse(r.stdout);
      assert.equal(out.mapped, [fastPrebuild(abi)], from);
      assert.is(out.sum, ELEMENTS_SUM);
      assert.ok(out.probedFastCalls > 50_000, `${from}: ${out.probedFastCalls} of 100000 lookups were V8 fast calls`);
      if (from === 'dist') {
        assert.is(out.path, 'fast', out.fastUnavailable);
        assert.is(out.fastCalls, out.probedFastCalls);
        assert.ok(out.steps.some((step) => step?.code), `errors among the steps: ${JSON.stringify(out.steps)}`);
        elementsWithFast[abi] = out.steps;
      } else {
        assert.equal(out.steps, elementsWithFast[abi]);
      }
    }
  });

  test(`${label}: without the fast prebuild for its ABI, the Node-API path gives identical results`, () => {
    const abi = run(node, ['-p', 'process.versions.modules']).stdout.trim();
    const aside = join(work, `map_fast.abi${abi}.aside`);
    renameSync(fastPrebuild(abi), aside);
    try {
      const r = run(node, ['--input-type=module', '-e', ELEMENTS('dist')]);
      assert.is(r.status, 0, r.out);
      const out = JSON.parse(r.stdout);
      assert.is(out.path, 'napi');
      assert.match(out.fastUnavailable, `no fast-call addon built for this Node ABI (${abi})`);
      assert.equal(out.mapped, []);
      assert.is(out.fastCalls, 0);
      assert.ok(out.directCalls >= 100_000, `${out.directCalls} ops on the Node-API direct path`);
      assert.is(out.sum, ELEMENTS_SUM);
      assert.ok(elementsWithFast[abi], 'the fast run came first');
      assert.equal(out.steps, elementsWithFast[abi]);
    } finally {
      renameSync(aside, fastPrebuild(abi));
    }
  });

  test(`${label}: the xdp-counter example runs from the installed package`, () => {
    const path = pathWith(join(work, `bin-example-${node === process.execPath ? 'own' : '26'}`),
      [['node', node], ...netTools]);
    const r = run(node, [join(pkgDir, 'examples/xdp-counter/run.mjs'), '--json'], { path });
    assert.is(r.status, 0, r.out);
    const out = JSON.parse(r.stdout.trim().split('\n').pop());
    assert.ok(JSON.stringify(out).includes('ICMP'), r.stdout);
  });
}

test('the README quick start runs as written from the installed package', () => {
  runQuickstart(project, { path: withNet });
});

test('tsc strict on a sample against the installed declarations (nodenext, ESM and CommonJS)', () => {
  const gen = run(process.execPath, [join(pkgDir, 'dist/cli.js'), 'gen', 'types', join(pkgDir, 'examples/build/pinning.bpf.o')]);
  assert.is(gen.status, 0, gen.out);
  writeConsumer(join(project, 'ts'), gen.stdout);
  symlinkSync(join(project, 'node_modules'), join(project, 'ts/node_modules'));
  const { status, output } = compileConsumer(join(project, 'ts'), 'nodenext');
  assert.is(status, 0, output);
});

test('`libbpf-wasm diff` from an install: says how to get the native runner, and runs with one', () => {
  const bin = join(project, 'node_modules/.bin/libbpf-wasm');
  const obj = join(pkgDir, 'examples/build/pinning.bpf.o');
  const missing = run(process.execPath, [bin, 'diff', obj]);
  assert.is.not(missing.status, 0);
  assert.match(missing.out, 'LIBBPF_WASM_NATIVE_RUNNER');
  const given = run(process.execPath, [bin, 'diff', obj],
    { path: withNet, env: { LIBBPF_WASM_NATIVE_RUNNER: join(repoRoot, 'build/native/bin/scenario') } });
  assert.is(given.status, 0, given.out);
  assert.match(given.out, 'identical');
});

test('no prebuild fits (scripts skipped): open works, load names `npm rebuild libbpf-wasm`', () => {
  renameSync(join(pkgDir, 'host/prebuilds'), join(work, 'prebuilds.saved'));
  const r = run(process.execPath, ['--input-type=module', '-e', ESM]);
  assert.is(r.status, 0, r.out);
  const out = JSON.parse(r.stdout);
  assert.is(out.addon.available, false);
  assert.match(out.addon.reason, 'No native build was found');
  assert.equal(out.maps, ['counters', 'config']);
  assert.is(out.load.code, 'ENOADDON');
  assert.match(out.load.message, 'npm rebuild libbpf-wasm');
});

test('no prebuild fits, no compiler: `npm rebuild libbpf-wasm` fails saying what is missing', () => {
  const r = run('npm', ['rebuild', 'libbpf-wasm', '--foreground-scripts']);
  assert.is.not(r.status, 0, r.out);
  assert.match(r.out, 'python3, make, a C++ compiler not found on PATH');
  assert.match(r.out, 'npm rebuild libbpf-wasm');
  assert.not.ok(existsSync(join(pkgDir, 'host/build/Release')));
});

test('no prebuild fits, a compiler: `npm rebuild libbpf-wasm` compiles the shipped sources', () => {
  const r = run('npm', ['rebuild', 'libbpf-wasm', '--foreground-scripts'], { path: process.env.PATH });
  assert.is(r.status, 0, r.out);
  const esm = run(process.execPath, ['--input-type=module', '-e', ESM]);
  const out = JSON.parse(esm.stdout);
  assert.is(relative(pkgDir, out.addon.path), 'host/build/Release/bpfhost.node');
  assert.is(out.loaded, true, JSON.stringify(out.load));
});

test.after(() => {
  bpffs.cleanup();
  rmSync(work, { recursive: true, force: true });
});
test.run();
