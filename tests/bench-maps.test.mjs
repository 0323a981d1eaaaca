// A short slice of `npm run bench`'s map part (bench/maps.mjs): one round of a few
// thousand ops per side. Checks that every side ran every op it can (figures are for the
// benchmark, never asserted here) and that the JSON file holds the table.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { repoRoot } from './helpers/objects.mjs';

const test = suite('bench maps slice');

if (kernelTestsCanRun('bench-maps.test.mjs')) {
  test('one round: native, the floor, each element path and the bpf package, in a table and a JSON file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbw-bench-'));
    try {
      const json = join(dir, 'maps.json');
      const r = spawnSync(process.execPath, [`${repoRoot}bench/maps.mjs`, '--rounds', '1', '--iterations', '2048',
        '--json', json], { encoding: 'utf8', timeout: 300_000 });
      assert.is(r.status, 0, r.stderr);
      for (const title of ['native libbpf', 'bare fast call', 'wasm fast', 'wasm napi', 'wasm module', 'bpf (npm)']) {
        assert.ok(r.stdout.includes(title), `${title} column`);
      }
      const out = JSON.parse(readFileSync(json, 'utf8'));
      for (const side of ['native', 'napi', 'module', 'bpf']) {
        assert.is(out.unavailable[side], undefined, `${side}: ${out.unavailable[side]}`);
        for (const op of ['lookup', 'update', 'delete', 'next_key', 'lookup_batch', 'update_batch']) {
          assert.ok(out.table[op][side]?.ns > 0, `${side} ${op}`);
        }
      }
      for (const side of ['native', 'napi', 'module']) assert.ok(out.table.percpu_lookup[side]?.ns > 0, side);
      assert.is(out.stats.module.directCalls, 0, 'module: no direct call');
      assert.ok(out.stats.napi.directCalls > 0, 'napi: direct calls');
      if (!out.unavailable.fast) assert.ok(out.stats.fast.fastCalls > 0, 'fast: V8 fast calls');
      // The floor runs wherever the fast path does, every op (each call checked for success).
      assert.is(out.unavailable.floor, out.unavailable.fast);
      if (!out.unavailable.floor) {
        for (const op of ['lookup', 'update', 'delete', 'next_key', 'percpu_lookup', 'percpu_update', 'lookup_batch', 'update_batch']) {
          assert.ok(out.table[op].floor?.ns > 0, `floor ${op}`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test.run();
