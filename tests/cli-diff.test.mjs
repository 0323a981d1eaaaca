// `libbpf-wasm diff` as a tool users can trust: a private bpffs unless told otherwise,
// failing opens compared, exit codes 0/1/2, --json, logs aligned as a line diff, pinning.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logHunks } from '../dist/diff/log-diff.js';
import { differences, describeDifferences } from '../dist/diff/compare.js';
import { nativeRunnerPath } from '../dist/diff/run-native.js';
import { kernelTestsCanRun, mountBpffs, pinsUnder } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { repoRoot, testObject } from './helpers/objects.mjs';

const cli = (args, env = {}) => spawnSync(process.execPath, [`${repoRoot}dist/cli.js`, 'diff', ...args], {
  encoding: 'utf8', env: { ...process.env, ...env },
});
const mounts = () => readFileSync('/proc/self/mounts', 'utf8').split('\n').filter((l) => l.includes('libbpf-wasm-diff'));

test('log alignment: one missing line is one difference, shown in full', () => {
  const native = Array.from({ length: 44 }, (_, i) => `debug: libbpf: line ${i} ${'x'.repeat(80)}`);
  const module = native.filter((_, i) => i !== 1);
  assert.equal(logHunks(native, module), [{ nativeLine: 1, moduleLine: 1, native: [native[1]], module: [] }]);
  const d = differences({ steps: [], log: native }, { steps: [], log: module });
  assert.is(d.length, 1);
  assert.is(d[0].path, 'log@2,2');
  const text = describeDifferences(d);
  assert.ok(text.includes(`  - ${native[1]}`), 'the whole line, not cut');
});

test('log alignment: a changed line, an extra line, identical logs', () => {
  const a = ['a', 'b', 'c', 'd', 'e'];
  assert.equal(logHunks(a, ['a', 'B', 'c', 'd', 'e', 'f']), [
    { nativeLine: 1, moduleLine: 1, native: ['b'], module: ['B'] },
    { nativeLine: 5, moduleLine: 5, native: [], module: ['f'] },
  ]);
  assert.equal(logHunks(a, a), []);
  assert.equal(logHunks([], ['x']), [{ nativeLine: 0, moduleLine: 0, native: [], module: ['x'] }]);
});

test('exit 2 when the tool itself fails: no file, bad option, no argument', () => {
  for (const args of [['/nonexistent.o'], [testObject('pin_by_name'), '--frobnicate'], []]) {
    const r = cli(args);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /libbpf-wasm: diff: |usage: libbpf-wasm diff/);
  }
});

if (kernelTestsCanRun('cli-diff.test.mjs')) {
  test('without --pin-root: pins go to a private bpffs, which is gone afterwards', () => {
    // pin_by_name auto-pins under the pin root; libbpf's default would be /sys/fs/bpf.
    const r = cli([testObject('pin_by_name'), '--json']);
    assert.is(r.status, 0, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout);
    assert.is(out.identical, true);
    assert.is(out.pinRoot, 'private bpffs');
    assert.equal(out.native.steps.map((s) => [s.op, s.ret]), [['open', 0], ['load', 0]]);
    assert.ok(out.native.steps[1].maps.some((m) => m.pinned), 'the map was pinned');
    assert.ok(out.native.pins.includes('pinned_hash'), JSON.stringify(out.native.pins));
    assert.equal(mounts(), [], 'no private bpffs left mounted');
  });

  test('an object that fails to open is compared like any other (exit 0 when both fail alike)', () => {
    const r = cli([`${repoRoot}tests/bpf/build/malformed/prog_offset_4g.bpf.o`]);
    assert.is(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^identical: .*\(open: -4001, load: skipped;/);
  });

  test('exit 1 on a difference, reported once per difference with full lines', () => {
    // A native runner that loses one debug line of libbpf's log.
    const dir = mkdtempSync(join(tmpdir(), 'libbpf-wasm-fake-runner-'));
    try {
      const runner = join(dir, 'scenario');
      writeFileSync(runner, `#!/bin/sh\n"${nativeRunnerPath}" "$@" | awk '/"log":"debug/ && !done { done = 1; next } { print }'\n`);
      chmodSync(runner, 0o755);
      const r = cli([testObject('pin_by_name')], { LIBBPF_WASM_NATIVE_RUNNER: runner });
      assert.is(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^1 difference\(s\)/);
      assert.match(r.stdout, /log, native line 1, libbpf-wasm line 1:\n {2}\+ debug: libbpf: /);
      const j = JSON.parse(cli([testObject('pin_by_name'), '--json'], { LIBBPF_WASM_NATIVE_RUNNER: runner }).stdout);
      assert.is(j.identical, false);
      assert.is(j.differences.length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--pin-root: the pinning cycle in the user\'s bpffs, and nothing left in it', () => {
    const fs = mountBpffs();
    try {
      const r = cli([testObject('pin_by_name'), '--pin-root', fs.dir, '--json']);
      assert.is(r.status, 0, r.stdout + r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.native.steps.map((s) => `${s.op} ${s.ret}`),
        ['open 0', 'load 0', 'open 0', 'load 0', 'unpin_maps 0', 'pin_programs 0', 'unpin_programs 0']);
      assert.is(out.pinRoot, fs.dir);
      assert.equal(pinsUnder(fs.dir), []);
    } finally {
      fs.cleanup();
    }
  });
}

runWithFdCheck(test);
