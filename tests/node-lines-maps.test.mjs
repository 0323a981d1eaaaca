// The map element tests and the fast-path check under every supported Node line (22, 24,
// 26: scripts/node-lines.sh installs them from their npm packages). For each line the V8
// fast-call addon is built for its ABI (scripts/build-fast-addon.sh), then
// tests/map-direct.test.mjs (module/napi/fast agreement, fast calls counted, the fast
// path required where the V8 layout is verified) and tests/facade-maps.test.mjs run under
// that Node. A line that cannot be installed or built fails here, with the reason.
import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { repoRoot } from './helpers/objects.mjs';

const test = suite('node lines: maps');
const FILES = ['map-direct.test.mjs', 'facade-maps.test.mjs'];

function run(cmd, args, timeout) {
  return spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', timeout, env: { ...process.env, FORCE_COLOR: '0' } });
}

if (kernelTestsCanRun('node-lines-maps.test.mjs')) {
  const lines = run('bash', ['scripts/node-lines.sh'], 600_000);
  test('the supported Node lines are installed', () => {
    assert.is(lines.status, 0, `scripts/node-lines.sh failed: ${lines.stderr}`);
  });
  const nodes = (lines.stdout ?? '').trim().split('\n').filter(Boolean).map((l) => l.split(' '));
  test('22, 24 and 26 are among them', () => {
    assert.equal(nodes.map(([major]) => major), ['22', '24', '26']);
  });
  for (const [major, node] of nodes) {
    test(`Node ${major}: the fast-call addon builds for its ABI`, () => {
      const r = run('bash', ['scripts/build-fast-addon.sh', node], 600_000);
      assert.is(r.status, 0, r.stderr);
    });
    for (const file of FILES) {
      test(`Node ${major}: ${file}`, () => {
        const r = run(node, [`tests/${file}`], 600_000);
        const out = r.stdout + r.stderr;
        const total = Number(/Total:\s+(\d+)/.exec(out)?.[1] ?? 0);
        const passed = Number(/Passed:\s+(\d+)/.exec(out)?.[1] ?? -1);
        assert.ok(total > 0 && passed === total && r.status === 0, `Node ${major}, ${file}:\n${out.slice(-3000)}`);
      });
    }
  }
}

test.run();
