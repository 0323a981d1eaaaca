// The package's entry points, as a user reaches them by name: the one-file ESM bundle for
// `import` and the CommonJS bundle for `require()`, each with every export of the facade.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import * as facade from '../dist/index.js';
import { exampleObject } from './helpers/objects.mjs';

const require = createRequire(import.meta.url);

for (const [how, load] of [['import', () => import('libbpf-wasm')], ['require', async () => require('libbpf-wasm')]]) {
  test(`${how}('libbpf-wasm'): every export of the facade, and an object opens`, async () => {
    const pkg = await load();
    assert.equal(Object.keys(pkg).filter((k) => k !== 'default' && k !== '__esModule').sort(), Object.keys(facade).sort());
    pkg.setLogger(() => {});
    const obj = pkg.BpfObject.open(exampleObject('pinning'));
    try {
      assert.equal(obj.maps.map((m) => m.name), ['counters', 'config']);
      assert.ok(obj.map('counters') instanceof pkg.BpfMap);
    } finally {
      obj.close();
    }
  });
}

test.run();
