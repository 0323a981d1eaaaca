// The command line: `demo` (the README's main job) and `diff` (native vs module for a
// user's object), run as a user would, plus the comparison the harness relies on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { differences, sideBySide } from '../dist/diff/compare.js';
import { normalise } from '../dist/diff/normalise.js';
import { kernelTestsCanRun, mountBpffs } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { repoRoot, testObject } from './helpers/objects.mjs';

const cli = (args, env = {}) => spawnSync(process.execPath, [`${repoRoot}dist/cli.js`, ...args], {
  encoding: 'utf8', env: { ...process.env, ...env },
});

test('the comparison reports a changed return, a missing step and an extra pin', () => {
  const env = { bpffs: '/tmp/a', tmp: '/tmp/t', obj: '/o' };
  const base = { steps: [{ op: 'open', ret: 0 }, { op: 'load', ret: 0 }], log: ['warn: x fd=5'], pins: ['m'], fds_left: 0 };
  const other = { steps: [{ op: 'open', ret: 0 }, { op: 'load', ret: -22 }], log: ['warn: x fd=7'], pins: ['m', 'n'], fds_left: 0 };
  const d = differences(normalise(base, env), normalise(other, env));
  assert.equal(d.map((x) => x.path), ['steps[1].ret', 'pins[1]']);
  assert.match(sideBySide(d), /steps\[1\]\.ret\s+\|\s+0\s+\|\s+-22/);
  assert.equal(differences(normalise(base, env), normalise(base, env)), []);
});

test('normalisation: run paths, fds and kernel ids become placeholders, consistently', () => {
  const env = { bpffs: '/tmp/bpffs-x', tmp: '/tmp/t', obj: '/o' };
  const rec = {
    steps: [{ op: 'map_info', ret: 0, info: { id: 41 } }, { op: 'map_info', ret: 0, info: { id: 41 } },
      { op: 'map_info', ret: 0, info: { id: 7 } }],
    log: ['debug: libbpf: map \'m\': created, fd=12, pinned at /tmp/bpffs-x/m'], pins: [], fds_left: 0,
  };
  const n = normalise(rec, env);
  assert.equal(n.steps.map((s) => s.info.id), ['id#1', 'id#1', 'id#2']);
  assert.is(n.log[0], 'debug: libbpf: map \'m\': created, fd=N, pinned at $BPFFS/m');
});

test('diff without the native runner says how to build it (exit 2: the tool could not compare)', () => {
  const r = cli(['diff', testObject('pin_by_name')], { LIBBPF_WASM_NATIVE_RUNNER: '/nonexistent/scenario' });
  assert.is(r.status, 2);
  assert.match(r.stderr, /native libbpf runner is not built/);
  assert.match(r.stderr, /scripts\/build-native\.sh/);
});

if (kernelTestsCanRun('cli.test.mjs')) {
  test('diff: identical for the project\'s object, with the auto-pin and reuse cycle', () => {
    const fs = mountBpffs();
    try {
      const r = cli(['diff', testObject('pin_by_name'), '--pin-root', fs.dir]);
      assert.is(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^identical: .*open: 0, load: 0, open: 0, load: 0, unpin_maps: 0/);
    } finally {
      fs.cleanup();
    }
  });

  test('demo: the guided tour shows auto-pinning, reuse and a shared value', () => {
    const r = cli(['demo']);
    assert.is(r.status, 0, r.stderr);
    const ids = [...r.stdout.matchAll(/map id(?: of 'counters'| in copy 2): (\d+)/g)].map((m) => m[1]);
    assert.is(ids.length, 2);
    assert.is(ids[0], ids[1], 'the second copy reused the pinned map');
    assert.match(r.stdout, /read it back through copy 2: 42/);
    assert.match(r.stdout, /the pin is gone/);
    // The last step attaches the XDP example to a veth and shows the counter move.
    assert.match(r.stdout, /attached to lbw0 .* through link; 5 pings .*: all answered/);
    const icmp = Number(r.stdout.match(/ICMP\s+(\d+)/)?.[1] ?? 0);
    assert.ok(icmp >= 5, `ICMP packets counted: ${icmp}`);
  });

  test('demo: testRun runs the XDP program on 3 packets and the pinned counter moves by 3', () => {
    const r = cli(['demo']);
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, /verdicts: XDP_PASS, XDP_PASS, XDP_PASS/);
    const moves = [...r.stdout.matchAll(/^ {3}(\d+): (\d+) -> (\d+)$/gm)].map((m) => Number(m[3]) - Number(m[2]));
    assert.equal(moves, [3]);
  });
}

runWithFdCheck(test);
