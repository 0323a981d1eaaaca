// RingBuffer against the kernel and against native libbpf's ring_buffer__consume on the
// same program (tests/bpf/events_emit.bpf.c run by BPF_PROG_TEST_RUN).
import { Worker } from 'node:worker_threads';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RingBuffer, ringBuffer, MapType, setLogger } from '../dist/index.js';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { testRun, emitConfig } from './helpers/test-run.mjs';
import {
  withEmitter, emitAndConsume, nativeLines, hex, expectedRecord, varyingSize, isDiscarded, throwsErrno,
} from './helpers/events.mjs';

setLogger(() => {});

if (kernelTestsCanRun('events-ring.test.mjs')) {
  for (const sc of [
    { name: 'consumed after every run, wrapping the 4 KiB ring many times', runs: 40, nrec: 12, every: 1 },
    { name: 'consumed every 3 runs: the ring fills and the kernel drops', runs: 30, nrec: 20, every: 3 },
    { name: 'fixed 256-byte records', runs: 10, nrec: 14, fixed: 256, every: 1 },
  ]) {
    test(`differential with native ring_buffer__consume: ${sc.name}`, async () => {
      const native = nativeLines('ring', { ...sc, size: 4096 });
      const lines = [];
      await withEmitter((obj) => {
        const rb = new RingBuffer(obj.map('rb'), (d) => { lines.push(`R ${hex(d)}`); });
        try {
          const prog = obj.program('emit_ring');
          for (let i = 1; i <= sc.runs; i++) {
            testRun(prog, emitConfig(sc.nrec, sc.fixed ?? 0));
            if (i % sc.every === 0 || i === sc.runs) lines.push(`C ${rb.consume()}`);
          }
        } finally {
          rb.close();
        }
      });
      assert.ok(native.filter((l) => l.startsWith('R ')).length > 100, 'the scenario produces records');
      assert.equal(lines, native);
    });
  }

  test('every record once, in order, exact bytes; discarded ones skipped; wrap crossed', async () => {
    await withEmitter((obj) => {
      const seen = [];
      const rb = new RingBuffer(obj.map('rb'), (d) => { seen.push(Buffer.from(d)); });
      try {
        const counts = emitAndConsume(obj, rb, 'ring', { runs: 50, nrec: 10 });
        let bytes = 0;
        let s = 0;
        for (const rec of seen) {
          while (isDiscarded(s)) s++;
          assert.equal(rec, expectedRecord(s, varyingSize(s)), `record ${s}`);
          bytes += 8 + Math.ceil(rec.length / 8) * 8;
          s++;
        }
        assert.is(seen.length, 400);
        assert.is(counts.reduce((a, b) => a + b), 400);
        assert.ok(bytes > 10 * 4096, `${bytes} bytes went through a 4096-byte ring`);
      } finally {
        rb.close();
      }
    });
  });

  test('a negative return stops consumption, is returned, and the rest stays for the next call', async () => {
    await withEmitter((obj) => {
      const seen = [];
      let stopAt = 3;
      const rb = new RingBuffer(obj.map('rb'), (d) => {
        seen.push(new DataView(d.buffer, d.byteOffset).getUint32(0, true) & 0xff);
        return seen.length === stopAt ? -7 : 0;
      });
      try {
        testRun(obj.program('emit_ring'), emitConfig(10));
        assert.is(rb.consume(), -7);
        assert.equal(seen, [0, 1, 2]);
        stopAt = -1;
        assert.is(rb.consume(), 5); // 3, 5, 6, 7, 8 (4 and 9 discarded); record 2 not repeated
        assert.equal(seen, [0, 1, 2, 3, 5, 6, 7, 8]);
        assert.is(rb.consume(), 0);
      } finally {
        rb.close();
      }
    });
  });

  test('a throwing callback: the exception reaches consume(); nothing lost or delivered twice', async () => {
    await withEmitter((obj) => {
      const seen = [];
      const boom = new Error('boom');
      const rb = new RingBuffer(obj.map('rb'), (d) => {
        const s = d[0];
        seen.push(s);
        if (s === 2 || s === 6) throw boom;
      });
      try {
        testRun(obj.program('emit_ring'), emitConfig(10));
        assert.throws(() => rb.consume(), (e) => e === boom);
        assert.throws(() => rb.consume(), (e) => e === boom);
        assert.is(rb.consume(), 2);
        assert.equal(seen, [0, 1, 2, 3, 5, 6, 7, 8]);
      } finally {
        rb.close();
      }
    });
  });

  test('a callback that closes the buffer ends consume() cleanly', async () => {
    await withEmitter((obj) => {
      const seen = [];
      const rb = new RingBuffer(obj.map('rb'), (d) => { seen.push(d[0]); if (d[0] === 1) rb.close(); });
      testRun(obj.program('emit_ring'), emitConfig(5));
      assert.is(rb.consume(), 2);
      assert.equal(seen, [0, 1]);
      assert.ok(rb.closed);
      throwsErrno(() => rb.consume(), 9);
    });
  });

  test('several rings in one manager', async () => {
    await withEmitter((a) => withEmitter((b) => {
      const seen = [];
      const rb = new RingBuffer();
      try {
        rb.add(a.map('rb'), (d) => { seen.push(`a${d[0]}`); });
        rb.add(b.map('rb'), (d) => { seen.push(`b${d[0]}`); });
        assert.is(rb.size, 2);
        testRun(b.program('emit_ring'), emitConfig(2));
        testRun(a.program('emit_ring'), emitConfig(3));
        assert.is(rb.consume(), 5);
        assert.equal(seen, ['a0', 'a1', 'a2', 'b0', 'b1']);
      } finally {
        rb.close();
      }
    }));
  });

  test('poll(0) never waits; poll(ms) times out with 0; poll() resolves when records arrive', async () => {
    await withEmitter(async (obj) => {
      const seen = [];
      const rb = new RingBuffer(obj.map('rb'), (d) => { seen.push(d[0]); });
      try {
        assert.is(await rb.poll(0), 0);
        let t0 = Date.now();
        assert.is(await rb.poll(50), 0);
        assert.ok(Date.now() - t0 >= 45, 'waited about 50 ms');
        t0 = Date.now();
        const prog = obj.program('emit_ring');
        setTimeout(() => testRun(prog, emitConfig(3)), 30);
        assert.is(await rb.poll(-1), 3);
        assert.equal(seen, [0, 1, 2]);
        const p = rb.poll(-1);
        try {
          await rb.poll(0);
          assert.unreachable('a second poll while one is pending');
        } catch (e) {
          assert.is(e.code, 'EBUSY');
        }
        assert.throws(() => rb.start(), /already polling/);
        rb.close();
        try {
          await p;
          assert.unreachable('a pending poll rejects when closed');
        } catch (e) {
          assert.is(e.code, 'EBADF');
        }
      } finally {
        rb.close();
      }
    });
  });

  test('start(): records delivered on the event loop; a throw stops it and emits error', async () => {
    await withEmitter(async (obj) => {
      const seen = [];
      const rb = new RingBuffer(obj.map('rb'), (d) => {
        seen.push(d[0]);
        if (d[0] === 7) throw new Error('seven');
      });
      try {
        const prog = obj.program('emit_ring');
        const error = new Promise((resolve) => rb.once('error', resolve));
        rb.start();
        await new Promise((r) => setTimeout(r, 10));
        testRun(prog, emitConfig(4));
        await new Promise((r) => setTimeout(r, 20));
        assert.equal(seen, [0, 1, 2, 3]);
        testRun(prog, emitConfig(6));
        assert.is((await error).message, 'seven');
        assert.equal(seen, [0, 1, 2, 3, 5, 6, 7]);
        rb.start(); // the records after the throw come next
        await new Promise((r) => setTimeout(r, 20));
        assert.equal(seen, [0, 1, 2, 3, 5, 6, 7, 8]);
        rb.stop();
      } finally {
        rb.close();
      }
    });
  });

  test('for await (const data of ringBuffer(map)): copies, in order; break closes', async () => {
    await withEmitter(async (obj) => {
      const prog = obj.program('emit_ring');
      setTimeout(() => testRun(prog, emitConfig(20)), 10);
      const got = [];
      for await (const data of ringBuffer(obj.map('rb'))) {
        got.push(data);
        if (got.length === 16) break;
      }
      const seqs = got.map((d) => d[0]);
      assert.equal(seqs, [0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 15, 16, 17, 18]);
      assert.equal(Buffer.from(got[1]), expectedRecord(1, varyingSize(1)), 'copies keep their bytes');
    });
  });

  test('bad input: wrong map type, closed object, not a map, not a function', async () => {
    let closedMap;
    await withEmitter((obj) => {
      const rb = new RingBuffer();
      try {
        const e = throwsErrno(() => rb.add(obj.map('pb'), () => 0), 22);
        assert.match(e.message, /PERF_EVENT_ARRAY, not RINGBUF/);
        throwsErrno(() => rb.add(obj.map('urb'), () => 0), 22);
        // A lying object: the kernel's answer wins (libbpf asks the kernel too).
        throwsErrno(() => rb.add({ fd: obj.map('pb').fd, type: MapType.RINGBUF, maxEntries: 4096 }, () => 0), 22);
        throwsErrno(() => rb.add({ fd: 100000, type: MapType.RINGBUF, maxEntries: 4096 }, () => 0), 9);
        throwsErrno(() => rb.add({ fd: -1, type: MapType.RINGBUF, maxEntries: 4096 }, () => 0), 9);
        assert.throws(() => rb.add(42, () => 0), TypeError);
        assert.throws(() => rb.add(obj.map('rb')), TypeError);
        assert.is(rb.size, 0);
      } finally {
        rb.close();
      }
      closedMap = obj.map('rb');
    });
    throwsErrno(() => new RingBuffer(closedMap, () => 0), 9);
    const rb = new RingBuffer();
    rb.close();
    throwsErrno(() => rb.consume(), 9);
    rb.close();
  });

  test('a worker thread consumes with start() and ends without close(): no crash, fd released', async () => {
    await withEmitter(async (obj) => {
      const w = new Worker(new URL('./helpers/events-worker-consumer.mjs', import.meta.url), {
        workerData: { mapFd: obj.map('rb').fd },
      });
      const next = () => new Promise((r) => w.once('message', r));
      // Listened for from the start: under load the exit can be dispatched before a listener
      // added after the last message would be.
      const exited = new Promise((r) => w.once('exit', r));
      assert.is(await next(), 'started');
      testRun(obj.program('emit_ring'), emitConfig(10));
      await new Promise((r) => setTimeout(r, 100));
      w.postMessage('report');
      assert.is(await next(), 8);
      assert.is(await exited, 0);
    });
  });

  test('the buffer keeps its own fd: closing the object does not disturb reading', async () => {
    let rb;
    const seen = [];
    await withEmitter((obj) => {
      rb = new RingBuffer(obj.map('rb'), (d) => { seen.push(d[0]); });
      testRun(obj.program('emit_ring'), emitConfig(3));
    });
    assert.is(rb.consume(), 3);
    assert.equal(seen, [0, 1, 2]);
    rb.close();
  });
}

runWithFdCheck(test);
