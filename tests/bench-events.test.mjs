// A short slice of `npm run bench`'s events part (bench/events.mjs): one round of 65,536
// records per buffer and size, drain only. Checks that every table is printed with every
// row (the drain against native, the floor on this Node, the copy alone and the bound it
// leaves); figures are for the benchmark, never asserted here.
import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { repoRoot } from './helpers/objects.mjs';

const test = suite('bench events slice');

if (kernelTestsCanRun('bench-events.test.mjs')) {
  test('one round: drain against native, the floor, the copy alone and its bound', () => {
    const r = spawnSync(process.execPath, [`${repoRoot}bench/events.mjs`], {
      encoding: 'utf8', timeout: 300_000,
      env: { ...process.env, BENCH_EVENTS: '65536', BENCH_ROUNDS: '1', BENCH_EVENTS_MODES: 'consume' },
    });
    assert.is(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    const row = (re) => lines.filter((l) => re.test(l));
    for (const kind of ['ring', 'perf']) {
      for (const size of [16, 256]) {
        const cell = `${kind}\\s+${size} B`;
        assert.is(row(new RegExp(`^${cell}\\s+consume \\(drain only\\)\\s+[\\d.]+ M/s\\s+[\\d.]+ M/s\\s+[\\d.]+x`)).length, 1, `drain ${kind} ${size}`);
        assert.ok(row(new RegExp(`^${process.version}\\s+${cell}\\s+[\\d.]+ M/s\\s+[\\d.]+x`)).length >= 1, `floor ${kind} ${size}`);
        assert.is(row(new RegExp(`^${cell}\\s+[\\d.]+ ns/record\\s+[\\d.]+ ns/record\\s+[\\d.]+x$`)).length, 1, `copy alone ${kind} ${size}`);
      }
    }
  });
}

test.run();
