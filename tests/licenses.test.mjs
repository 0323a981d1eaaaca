// The licence texts the package ships are those of the verified sources the .wasm is built
// from, and the tarball carries them with the notice that says what the .wasm contains.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { repoRoot } from './helpers/objects.mjs';

const shipped = {
  'licenses/libbpf-BSD-2-Clause.txt': 'vendor/libbpf/src/LICENSE.BSD-2-Clause',
  'licenses/libbpf-LGPL-2.1.txt': 'vendor/libbpf/src/LICENSE.LGPL-2.1',
  'licenses/elfutils-LGPL-3.0.txt': 'vendor/elfutils/src/COPYING-LGPLV3',
  'licenses/elfutils-GPL-2.0.txt': 'vendor/elfutils/src/COPYING-GPLV2',
  'licenses/zlib.txt': 'vendor/zlib/src/LICENSE',
};

test('each shipped licence text is the one in the verified source', () => {
  for (const [ours, source] of Object.entries(shipped)) {
    assert.is(readFileSync(`${repoRoot}${ours}`, 'utf8'), readFileSync(`${repoRoot}${source}`, 'utf8'), ours);
  }
});

test('npm pack includes the licence texts and THIRD_PARTY.md', () => {
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'],
    { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const files = new Set(pack.files.map((f) => f.path));
  for (const f of [...Object.keys(shipped), 'THIRD_PARTY.md', 'libbpf-wasm/dist/libbpf.wasm']) assert.ok(files.has(f), f);
});

test.run();
