// The batch layer under ring and perf buffers (src/events/batch.ts, host/src/event_batch.h):
// views are made once per layout and reused while the addon reports that a fill laid its
// leading entries out as the one before. These tests change the layout between batches and
// inside one (a prefix kept, the rest new), mix sizes in one stream, stop and detach in the
// middle of reused views, and check every record's exact bytes, so a stale view (wrong
// offset or length, or a view of a detached buffer) cannot go unseen.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RingBuffer, PerfBuffer, setLogger } from '../dist/index.js';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { testRun, emitConfig } from './helpers/test-run.mjs';
import { withEmitter, expectedRecord, varyingSize, isDiscarded } from './helpers/events.mjs';

setLogger(() => {});

// Perf records go to the ring of the CPU a test run ran on: pinned, one ring gets them all
// and the sequence is in order (as tests/events-perf.test.mjs).
if (process.env.EVENTS_TEST_PINNED !== '1') {
  const r = spawnSync('taskset', ['-c', '0', process.execPath, fileURLToPath(import.meta.url)], {
    stdio: 'inherit', env: { ...process.env, EVENTS_TEST_PINNED: '1' },
  });
  process.exit(r.status ?? 1);
}

const RING_BYTES = 1 << 19;
const PERF_PAGES = 128; // 512 KiB per CPU

/**
 * Runs: [runs of 64 records, fixed size or 0 (varying, with discards in the ring)]. The
 * phases of a stream, in order; each record expected as emit_ring / emit_perf writes it.
 */
function expectStream(phases, perf, firstSeq = 0) {
  const expected = [];
  let s = firstSeq;
  for (const [runs, fixed] of phases) {
    for (let i = 0; i < runs * 64; i++, s++) {
      if (!perf && !fixed && isDiscarded(s)) continue;
      expected.push(expectedRecord(s, fixed || varyingSize(s)));
    }
  }
  return { expected, next: s };
}

function emitPhases(obj, perf, phases) {
  const prog = obj.program(perf ? 'emit_perf' : 'emit_ring');
  for (const [runs, fixed] of phases) for (let i = 0; i < runs; i++) testRun(prog, emitConfig(64, fixed));
}

/** A sample's raw data is the record padded (size + its u32 header to 8): compare the record. */
const sameRecord = (got, want, what) => assert.equal(got.subarray(0, want.length), want, what);

function checkAll(got, expected, what) {
  assert.is(got.length, expected.length, `${what}: count`);
  expected.forEach((want, k) => sameRecord(got[k], want, `${what}: record ${k}`));
}

// Each consume() below is one stream: several 64 KiB batches whose layouts are the same
// (views reused), share a prefix (16-byte records, then 40-byte ones in the same batch),
// or differ throughout (varying sizes).
const STREAM = [
  [[100, 16]], // 6400 records: two batches of one layout, the second a prefix of the first
  [[30, 16], [30, 40]], // the layout kept for 1920 entries, then changed inside the batch
  [[30, 0]], // sizes 1..256 (and, in the ring, discarded records)
  [[100, 16]], // back to the first layout after all that
];

for (const perf of [false, true]) {
  const kind = perf ? 'PerfBuffer' : 'RingBuffer';
  if (!kernelTestsCanRun('events-batch.test.mjs')) break;

  test(`${kind}: a stream whose record sizes change between and inside batches: exact bytes`, async () => {
    await withEmitter((obj) => {
      const got = [];
      const keep = (d) => { got.push(Buffer.from(d)); };
      const buf = perf
        ? new PerfBuffer(obj.map('pb'), { pageCount: PERF_PAGES, onSample: (cpu, d) => keep(d) })
        : new RingBuffer(obj.map('rb'), keep);
      try {
        let seq = 0;
        STREAM.forEach((phases, k) => {
          got.length = 0;
          emitPhases(obj, perf, phases);
          const { expected, next } = expectStream(phases, perf, seq);
          seq = next;
          assert.is(buf.consume(), expected.length, `stream ${k}`);
          checkAll(got, expected, `stream ${k}`);
        });
      } finally {
        buf.close();
      }
    }, RING_BYTES);
  });

  test(`${kind}: stops and throws in the middle of reused views: nothing lost, repeated or stale`, async () => {
    await withEmitter((obj) => {
      const got = [];
      let calls = 0;
      const boom = new Error('boom');
      // Stop at the 5000th and throw at the 7000th record: both in a second batch of a layout.
      const keep = (d) => {
        calls++;
        got.push(Buffer.from(d));
        if (calls === 5000) return -7;
        if (calls === 7000) throw boom;
        return 0;
      };
      const buf = perf
        ? new PerfBuffer(obj.map('pb'), { pageCount: PERF_PAGES, onSample: (cpu, d) => { keep(d); if (calls === 5000) buf.close(); } })
        : new RingBuffer(obj.map('rb'), keep);
      const phases = [[150, 16]];
      try {
        emitPhases(obj, perf, phases);
        const { expected } = expectStream(phases, perf);
        if (perf) {
          // onSample cannot stop consumption (libbpf ignores its result): close() ends it.
          assert.is(buf.consume(), 5000);
          checkAll(got, expected.slice(0, 5000), 'until closed');
          return;
        }
        assert.is(buf.consume(), -7);
        assert.throws(() => buf.consume(), (e) => e === boom);
        assert.is(buf.consume(), expected.length - 7000);
        checkAll(got, expected, 'all');
      } finally {
        buf.close();
      }
    }, RING_BYTES);
  });

  test(`${kind}: a callback that detaches data.buffer in the middle of reused views`, async () => {
    await withEmitter((obj) => {
      const got = [];
      const keep = (d) => {
        got.push(Buffer.from(d));
        // the 6000th record: in the second batch, whose views are the first batch's
        if (got.length === 6000) structuredClone(d.buffer, { transfer: [d.buffer] });
      };
      const buf = perf
        ? new PerfBuffer(obj.map('pb'), { pageCount: PERF_PAGES, onSample: (cpu, d) => keep(d) })
        : new RingBuffer(obj.map('rb'), keep);
      const phases = [[150, 16]];
      try {
        emitPhases(obj, perf, phases);
        const { expected } = expectStream(phases, perf);
        assert.throws(() => buf.consume(), (e) => e instanceof TypeError && /detached data\.buffer/.test(e.message));
        assert.is(got.length, 6000, 'the record that detached counts as delivered; none after it');
        assert.is(buf.consume(), expected.length - 6000);
        checkAll(got, expected, 'all');
        // the new buffer's views serve the next stream too
        got.length = 0;
        emitPhases(obj, perf, [[70, 16]]);
        const more = expectStream([[70, 16]], perf, expected.length);
        assert.is(buf.consume(), more.expected.length);
        checkAll(got, more.expected, 'after');
      } finally {
        buf.close();
      }
    }, RING_BYTES);
  });
}

runWithFdCheck(test);
