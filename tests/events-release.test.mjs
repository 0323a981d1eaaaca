// When ring space is released, and what the batch path hands out: records reach the
// kernel's consumer position only once a callback was given them (as in libbpf), so a
// buffer closed mid-stream or a batch buffer a callback detached loses nothing; views are
// reused across batches of one layout and still carry each record's exact bytes; maps
// opened by id (MapHandle) work as a BpfObject's do.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RingBuffer, PerfBuffer, MapHandle, setLogger } from '../dist/index.js';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { testRun, emitConfig } from './helpers/test-run.mjs';
import { withEmitter, expectedRecord, throwsErrno } from './helpers/events.mjs';

setLogger(() => {});
const seqOf = (d) => d[0] | (d[1] << 8) | (d[2] << 16) | (d[3] << 24);

if (kernelTestsCanRun('events-release.test.mjs')) {
  test('a stop leaves the rest in the kernel ring: another RingBuffer on the map gets it', async () => {
    await withEmitter((obj) => {
      const first = [];
      const a = new RingBuffer(obj.map('rb'), (d) => { first.push(seqOf(d)); return first.length === 3 ? -1 : 0; });
      testRun(obj.program('emit_ring'), emitConfig(20, 16));
      assert.is(a.consume(), -1);
      a.close(); // records 3.. were copied into a's batch but not given to a callback
      const second = [];
      const b = new RingBuffer(obj.map('rb'), (d) => { second.push(seqOf(d)); });
      try {
        assert.is(b.consume(), 17);
        assert.equal(first, [0, 1, 2]);
        assert.equal(second, Array.from({ length: 17 }, (_, i) => i + 3));
      } finally {
        b.close();
      }
    });
  });

  test('a ring that is never consumed fills (space is not released by copying)', async () => {
    await withEmitter((obj) => {
      const rb = new RingBuffer(obj.map('rb'), () => -1); // every pass stops at its first record
      try {
        const prog = obj.program('emit_ring');
        for (let i = 0; i < 8; i++) { // 16 x 72 bytes a run: the 4 KiB ring holds about 3 runs
          testRun(prog, emitConfig(16, 64));
          assert.is(rb.consume(), -1); // copies a batch of everything, releases one record
        }
        assert.ok(obj.globals.drops > 0, `the kernel dropped records (${obj.globals.drops})`);
      } finally {
        rb.close();
      }
    });
  });

  test('a callback that detaches the batch buffer: a TypeError, then nothing lost', async () => {
    await withEmitter((obj) => {
      const seen = [];
      const rb = new RingBuffer(obj.map('rb'), (d) => {
        seen.push(seqOf(d));
        if (seen.length === 2) structuredClone(d.buffer, { transfer: [d.buffer] });
      });
      try {
        testRun(obj.program('emit_ring'), emitConfig(6, 16));
        assert.throws(() => rb.consume(), TypeError);
        assert.is(rb.consume(), 4);
        assert.equal(seen, [0, 1, 2, 3, 4, 5]);
      } finally {
        rb.close();
      }
    });
  });

  test('consume() from its own callback: EBUSY, the outer pass goes on', async () => {
    await withEmitter((obj) => {
      const seen = [];
      let inner;
      const rb = new RingBuffer(obj.map('rb'), (d) => {
        seen.push(seqOf(d));
        if (seen.length === 1) { try { rb.consume(); } catch (e) { inner = e; } }
      });
      try {
        testRun(obj.program('emit_ring'), emitConfig(4, 16));
        assert.is(rb.consume(), 4);
        assert.is(inner?.code, 'EBUSY');
        assert.equal(seen, [0, 1, 2, 3]);
      } finally {
        rb.close();
      }
    });
  });

  test('fixed-size records over many batches: reused views carry each record\'s exact bytes', async () => {
    await withEmitter((obj) => {
      const seen = [];
      const rb = new RingBuffer(obj.map('rb'), (d) => { seen.push(Buffer.from(d)); });
      try {
        const prog = obj.program('emit_ring');
        // 30 runs of 64 records of 48 bytes with their headers: 92 KiB, so each consume()
        // takes two 64 KiB batches, the second and the next consume's reusing the views.
        for (let round = 0; round < 2; round++) {
          for (let run = 0; run < 30; run++) testRun(prog, emitConfig(64, 40));
          assert.is(rb.consume(), 30 * 64);
        }
        assert.is(seen.length, 2 * 30 * 64);
        seen.forEach((rec, s) => assert.equal(rec, expectedRecord(s, 40), `record ${s}`));
      } finally {
        rb.close();
      }
    }, 1 << 17);
  });

  test('MapHandle.fromId: ring and perf buffers on maps opened by id; a closed handle is EBADF', async () => {
    await withEmitter((obj) => {
      const ringMap = MapHandle.fromId(obj.map('rb').info().id);
      const perfMap = MapHandle.fromId(obj.map('pb').info().id);
      const rings = [];
      const samples = [];
      const rb = new RingBuffer(ringMap, (d) => { rings.push(seqOf(d)); });
      const pb = new PerfBuffer(perfMap, { pageCount: 4, onSample: (cpu, d) => { samples.push(seqOf(d)); } });
      try {
        testRun(obj.program('emit_ring'), emitConfig(3, 16));
        testRun(obj.program('emit_perf'), emitConfig(2, 16));
        assert.is(rb.consume(), 3);
        assert.is(pb.consume(), 2);
        assert.equal(rings, [0, 1, 2]);
        assert.equal(samples, [3, 4]);
      } finally {
        rb.close();
        pb.close();
      }
      ringMap.close();
      perfMap.close();
      throwsErrno(() => new RingBuffer(ringMap, () => 0), 9);
      throwsErrno(() => new PerfBuffer(perfMap, {}), 9);
    });
  });
}

runWithFdCheck(test);
