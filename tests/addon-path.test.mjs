// src/host/addon-path.ts finds the native addon by node-gyp-build's rules without loading
// node-gyp-build: on every layout below, for glibc and musl, its answer (a path, or "no
// build fits") is node-gyp-build 4.8's. node-gyp-build is a devDependency for this check only.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './helpers/objects.mjs';

const abi = process.versions.modules;
const other = String(Number(abi) + 1);
const platformDir = `prebuilds/${process.platform}-${process.arch}`;
const work = mkdtempSync(join(tmpdir(), 'lbw-addon-path-'));
const gypBuild = createRequire(import.meta.url).resolve('node-gyp-build');

/** Both answers for a host dir holding `files`, in a child with LIBC=`libc` (node-gyp-build reads it at load). */
function answers(files, libc) {
  const dir = mkdtempSync(join(work, 'host-'));
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), '');
  }
  const script = `
    const show = (f) => { try { return f(); } catch (e) { return 'none: ' + e.message.split(/\\s+loaded from/)[0]; } };
    import(${JSON.stringify(`${repoRoot}dist/host/addon-path.js`)}).then((m) => console.log(JSON.stringify({
      ours: show(() => m.findAddon(${JSON.stringify(dir)})),
      gyp: show(() => require(${JSON.stringify(gypBuild)}).resolve(${JSON.stringify(dir)})),
    })));`;
  const env = { ...process.env, LIBC: libc };
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env });
  assert.is(r.status, 0, r.stderr);
  return { dir, ...JSON.parse(r.stdout) };
}

const layouts = {
  'nothing built': [],
  'the shipped prebuilds': [`${platformDir}/node.napi.glibc.node`, `${platformDir}/map_fast.abi${abi}.so`],
  'a local build beside them': ['build/Release/bpfhost.node', `${platformDir}/node.napi.glibc.node`],
  'a debug build only': ['build/Debug/bpfhost.node'],
  'an ABI prebuild is preferred to Node-API': [`${platformDir}/node.napi.glibc.node`, `${platformDir}/node.abi${abi}.glibc.node`],
  'another ABI does not fit': [`${platformDir}/node.abi${other}.glibc.node`],
  'a musl prebuild': [`${platformDir}/node.napi.musl.node`],
  'an untagged file fits anything': [`${platformDir}/bpfhost.node`],
  'a fast-call prebuild named *.node would be taken': [`${platformDir}/node.napi.glibc.node`, `${platformDir}/map_fast.abi${abi}.node`],
  'another platform only': ['prebuilds/darwin-arm64/node.napi.node'],
};

for (const [name, files] of Object.entries(layouts)) {
  for (const libc of ['glibc', 'musl']) {
    test(`addon path, ${name} (${libc}): node-gyp-build's answer`, () => {
      const { dir, ours, gyp } = answers(files, libc);
      assert.is(ours.replace(dir, '<host>'), gyp.replace(dir, '<host>'));
    });
  }
}

test('addon path: why the fast-call prebuilds are not named *.node (node-gyp-build would load one for musl)', () => {
  const { ours } = answers(layouts['a fast-call prebuild named *.node would be taken'], 'musl');
  assert.match(ours, /map_fast\.abi\d+\.node$/);
  assert.match(answers(layouts['the shipped prebuilds'], 'musl').ours, /^none: No native build was found .*libc=musl/);
});

test.after(() => rmSync(work, { recursive: true, force: true }));
test.run();
