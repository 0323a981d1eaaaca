// PerfBuffer against the kernel and against native libbpf's perf_buffer__consume on the
// same program, and UserRingBuffer drained by a program (bpf_user_ringbuf_drain).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PerfBuffer, perfBuffer, RingBuffer, UserRingBuffer, setLogger } from '../dist/index.js';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { testRun, emitConfig } from './helpers/test-run.mjs';
import { withEmitter, nativeLines, hex, expectedRecord, varyingSize, throwsErrno } from './helpers/events.mjs';

setLogger(() => {});

// Each CPU has its own perf ring, and a lost record is written to the ring that lost, when
// it next has room: for a deterministic sequence every test run (ours, and the native
// runner's, which inherits the affinity) must land on the same CPU. So this file runs
// itself pinned to CPU 0. Lines are still compared without the CPU number, which is
// checked separately.
const pinned = process.env.EVENTS_TEST_PINNED === '1';
const withoutCpu = (l) => l.replace(/^([SL]) \d+ /, '$1 * ');

if (!pinned) {
  const r = spawnSync('taskset', ['-c', '0', process.execPath, fileURLToPath(import.meta.url)], {
    stdio: 'inherit', env: { ...process.env, EVENTS_TEST_PINNED: '1' },
  });
  process.exit(r.status ?? 1);
} else if (kernelTestsCanRun('events-perf.test.mjs')) {
  for (const sc of [
    { name: 'varying sizes, consumed after every run, one page per CPU (wraps)', runs: 30, nrec: 10, every: 1, size: 1 },
    { name: 'bursts too big for one page: lost counts', runs: 4, nrec: 64, fixed: 256, every: 1, size: 1 },
    { name: 'bursts consumed every 2 runs, 2 pages', runs: 6, nrec: 40, fixed: 200, every: 2, size: 2 },
  ]) {
    test(`differential with native perf_buffer__consume: ${sc.name}`, async () => {
      const native = nativeLines('perf', sc);
      const lines = [];
      const cpus = new Set();
      await withEmitter((obj) => {
        const pb = new PerfBuffer(obj.map('pb'), {
          pageCount: sc.size,
          onSample: (cpu, d) => { cpus.add(cpu); lines.push(`S ${cpu} ${hex(d)}`); },
          onLost: (cpu, n) => { cpus.add(cpu); lines.push(`L ${cpu} ${n}`); },
        });
        try {
          const prog = obj.program('emit_perf');
          for (let i = 1; i <= sc.runs; i++) {
            testRun(prog, emitConfig(sc.nrec, sc.fixed ?? 0));
            if (i % sc.every === 0 || i === sc.runs) {
              pb.consume();
              lines.push('C 0'); // perf_buffer__consume's 0; ours returns the count
            }
          }
          for (const c of cpus) assert.ok(pb.cpus.includes(c), `cpu ${c} has a ring`);
        } finally {
          pb.close();
        }
      });
      assert.equal(lines.map(withoutCpu), native.map(withoutCpu));
      if (sc.fixed) assert.ok(native.some((l) => l.startsWith('L ')), 'the scenario loses records');
    });
  }

  test('samples carry the exact bytes (padded as the kernel pads raw data); lost counts add up', async () => {
    await withEmitter((obj) => {
      const samples = [];
      let lost = 0;
      const pb = new PerfBuffer(obj.map('pb'), {
        pageCount: 1,
        onSample: (cpu, d) => { samples.push(Buffer.from(d)); },
        onLost: (cpu, n) => { lost += n; },
      });
      try {
        const prog = obj.program('emit_perf');
        testRun(prog, emitConfig(20));
        assert.is(pb.consume(), 20);
        samples.forEach((d, s) => {
          const size = varyingSize(s);
          assert.equal(d.subarray(0, size), expectedRecord(s, size), `sample ${s}`);
          assert.is((d.length + 4) % 8, 0, 'raw size + its u32 header is a multiple of 8');
        });
        samples.length = 0;
        testRun(prog, emitConfig(64, 256));
        testRun(prog, emitConfig(64, 256));
        pb.consume();
        assert.is(lost, 0, 'the lost record comes once the ring has room again');
        testRun(prog, emitConfig(1, 256));
        pb.consume();
        assert.ok(lost > 0, 'records were lost');
        assert.is(samples.length + lost, 129);
      } finally {
        pb.close();
      }
    });
  });

  test('poll, start/stop and the async iterator', async () => {
    await withEmitter(async (obj) => {
      const prog = obj.program('emit_perf');
      const seen = [];
      const pb = new PerfBuffer(obj.map('pb'), { onSample: (cpu, d) => { seen.push(d[0]); } });
      try {
        assert.is(await pb.poll(0), 0);
        setTimeout(() => testRun(prog, emitConfig(3)), 20);
        assert.is(await pb.poll(1000), 3);
        pb.start();
        testRun(prog, emitConfig(2));
        await new Promise((r) => setTimeout(r, 20));
        pb.stop();
        assert.equal(seen, [0, 1, 2, 3, 4]);
      } finally {
        pb.close();
      }
      setTimeout(() => testRun(prog, emitConfig(5)), 10);
      const got = [];
      for await (const ev of perfBuffer(obj.map('pb'), { pageCount: 2 })) {
        got.push(ev.data[0]);
        if (got.length === 5) break;
      }
      assert.equal(got, [5, 6, 7, 8, 9]);
    });
  });

  test('a throwing onSample reaches consume(); the rest stays for the next call', async () => {
    await withEmitter((obj) => {
      const seen = [];
      const pb = new PerfBuffer(obj.map('pb'), {
        onSample: (cpu, d) => { seen.push(d[0]); if (d[0] === 1) throw new Error('one'); },
      });
      try {
        testRun(obj.program('emit_perf'), emitConfig(4));
        assert.throws(() => pb.consume(), /one/);
        assert.is(pb.consume(), 2);
        assert.equal(seen, [0, 1, 2, 3]);
      } finally {
        pb.close();
      }
    });
  });

  test('an onSample that closes the buffer ends consume() cleanly', async () => {
    await withEmitter((obj) => {
      const seen = [];
      const pb = new PerfBuffer(obj.map('pb'), { onSample: (cpu, d) => { seen.push(d[0]); pb.close(); } });
      testRun(obj.program('emit_perf'), emitConfig(3));
      assert.is(pb.consume(), 1);
      assert.equal(seen, [0]);
      throwsErrno(() => pb.consume(), 9);
    });
  });

  test('bad input: wrong map type, page count not a power of two, closed object', async () => {
    let closedMap;
    await withEmitter((obj) => {
      throwsErrno(() => new PerfBuffer(obj.map('rb')), 22);
      const e = throwsErrno(() => new PerfBuffer(obj.map('pb'), { pageCount: 3 }), 22);
      assert.match(e.message, /power of two/);
      assert.throws(() => new PerfBuffer(obj.map('pb'), { pageCount: '8' }), TypeError);
      assert.throws(() => new PerfBuffer(obj.map('pb'), { onSample: 1 }), TypeError);
      closedMap = obj.map('pb');
    });
    throwsErrno(() => new PerfBuffer(closedMap), 9);
  });

  test('UserRingBuffer: reserve, submit, discard; a program drains it in order', async () => {
    await withEmitter((obj) => {
      const seen = [];
      const rb = new RingBuffer(obj.map('rb'), (d) => { seen.push(hex(d)); });
      const urb = new UserRingBuffer(obj.map('urb'));
      try {
        const a = urb.reserve(16);
        const b = urb.reserve(16);
        const c = urb.reserve(24);
        a.data.fill(0xaa);
        b.data.fill(0xbb);
        c.data.fill(0xcc);
        urb.submit(c); // out of order: the kernel still drains in reservation order
        urb.discard(b);
        urb.submit(a);
        assert.throws(() => urb.submit(a), TypeError);
        testRun(obj.program('drain_user'), emitConfig(0));
        assert.is(rb.consume(), 2);
        assert.equal(seen, ['aa'.repeat(16), 'cc'.repeat(16)]);
        throwsErrno(() => urb.reserve(8192), 7);
        const held = [];
        for (;;) {
          try { held.push(urb.reserve(1000)); } catch (e) { assert.is(e.code, 'ENOSPC'); break; }
        }
        assert.ok(held.length >= 3);
        for (const s of held) urb.discard(s);
        assert.throws(() => urb.reserve(-1), TypeError);
        throwsErrno(() => new UserRingBuffer(obj.map('rb')), 22);
      } finally {
        urb.close();
        rb.close();
      }
      throwsErrno(() => urb.reserve(8), 9);
    });
  });
}

if (pinned) runWithFdCheck(test);
