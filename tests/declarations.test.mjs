// The published declarations: one self-contained file per module system
// (dist/bundle/libbpf-wasm.d.mts, .d.cts), with no internal type reachable (module instance,
// its exports, the WebAssembly namespace, fd owners); a user's project compiles against
// them under strict, skipLibCheck false, lib ES2022 only, in node16, nodenext and bundler
// resolution, as ESM and CommonJS. The package is laid out as npm would install it (the
// files `npm pack` takes).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleObject, repoRoot } from './helpers/objects.mjs';
import { compileConsumer, RESOLUTIONS, writeConsumer } from './helpers/consumer.mjs';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'lbw-decl-'));
const installed = join(dir, 'node_modules/libbpf-wasm');
const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
const files = JSON.parse(packed.stdout)[0].files.map((f) => f.path);
for (const f of files) cpSync(join(repoRoot, f), join(installed, f));
const gen = spawnSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'gen', 'types', exampleObject('pinning')], { encoding: 'utf8' });
writeConsumer(dir, gen.stdout);

test('exports: types for import and require, both in the tarball', () => {
  const root = pkg.exports['.'];
  assert.equal(Object.keys(root), ['import', 'require', 'default']);
  for (const [cond, ext] of [['import', 'd.mts'], ['require', 'd.cts']]) {
    assert.equal(Object.keys(root[cond]), ['types', 'default']);
    assert.is(root[cond].types, `./dist/bundle/libbpf-wasm.${ext}`);
    assert.ok(files.includes(root[cond].types.slice(2)), `${root[cond].types} is not packed`);
  }
  assert.ok(files.includes(pkg.types.slice(2)));
});

for (const ext of ['d.mts', 'd.cts']) {
  test(`libbpf-wasm.${ext}: self-contained, no internal type reachable`, () => {
    const dts = readFileSync(join(installed, `dist/bundle/libbpf-wasm.${ext}`), 'utf8');
    assert.not.match(dts, /from '\.|reference path/, 'imports another file of the package');
    for (const internal of ['WebAssembly', 'ModuleInstance', 'ModuleExports', 'ObjectCore', 'HostAddon', 'OwnedFd',
      'MapAccess', 'BtfAccess', 'INTERNAL', 'Ptr']) {
      assert.not.match(dts, new RegExp(`\\b${internal}\\b`), `${internal} is reachable from the public declarations`);
    }
    assert.match(dts, /export declare class BpfObject \{\n\tprotected constructor\(\);/);
  });
}

for (const resolution of Object.keys(RESOLUTIONS)) {
  test(`a strict consumer compiles under ${resolution} resolution (${RESOLUTIONS[resolution].files.join(', ')})`, () => {
    const { status, output } = compileConsumer(dir, resolution);
    assert.is(status, 0, output);
  });
}

test('a type mistake in the consumer is reported (the check can fail)', () => {
  const sample = join(dir, 'index.mts');
  const good = readFileSync(sample, 'utf8');
  try {
    writeFileSync(sample, `${good}\nexport const wrong: number = BpfObject.open('x').name;\n`);
    const { status, output } = compileConsumer(dir, 'nodenext');
    assert.is.not(status, 0);
    assert.match(output, "Type 'string' is not assignable to type 'number'");
  } finally {
    writeFileSync(sample, good);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
