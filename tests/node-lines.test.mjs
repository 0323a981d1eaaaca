// The supported Node lines (package.json engines): a representative slice of the suite
// (open, load, map element and batch ops, pinning, handles, both entry points, the
// addon-less mode) under each of 22, 24 and 26, installed from npm by
// scripts/node-lines.sh, and under this machine's own Node (which runs the whole suite).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './helpers/objects.mjs';

const SLICE = ['facade-object', 'facade-maps.test', 'facade-pinning', 'facade-handles', 'package-entry', 'no-addon'];
const LINES = ['22', '24', '26'];

const engines = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).engines.node;
const installed = spawnSync('bash', [join(repoRoot, 'scripts/node-lines.sh'), ...LINES], { encoding: 'utf8' });
const nodes = Object.fromEntries(installed.stdout.trim().split('\n').filter(Boolean).map((l) => l.split(' ')));

test('scripts/node-lines.sh installs every supported line', () => {
  assert.is(installed.status, 0, installed.stderr);
  assert.equal(Object.keys(nodes).sort(), LINES);
});

test('engines names this machine\'s line and every supported one', () => {
  for (const major of [process.versions.node.split('.')[0], ...LINES]) {
    assert.match(engines, new RegExp(`(^|\\D)${major}(\\D|$)`), `engines "${engines}" leaves out Node ${major}`);
  }
});

for (const major of LINES) {
  test(`Node ${major}: the slice passes (${SLICE.join(', ')})`, () => {
    const node = nodes[major];
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    assert.match(version, new RegExp(`^v${major}\\.`));
    const r = spawnSync(node, [join(repoRoot, 'tests/run.mjs'), ...SLICE], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const summary = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/m.exec(r.stdout);
    assert.ok(summary, `no summary from Node ${version}:\n${r.stdout.slice(-3000)}${r.stderr}`);
    assert.is(Number(summary[2]), 0, `Node ${version}:\n${r.stdout.slice(-6000)}`);
    assert.ok(Number(summary[1]) >= 40, `only ${summary[1]} tests ran under Node ${version}`);
    assert.is(summary[3], undefined, `tests skipped under Node ${version}`);
    assert.is(r.status, 0);
  });
}

test.run();
