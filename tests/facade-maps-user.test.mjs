// Maps as users drive them (issue #10): batch, iterators, per-CPU values, freeze, F_LOCK,
// global-data configuration before load, inner maps; against the kernel, with failure modes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BpfObject, LibbpfError, BatchError, IterationAbortedError, UpdateFlags, possibleCpus, setLogger,
} from '../dist/index.js';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { throwsErrno } from './helpers/errors.mjs';
import { testObject, u32, u64, readU32, readU64 } from './helpers/objects.mjs';

setLogger(() => {});

const concat = (arrs) => {
  const out = new Uint8Array(arrs.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrs) { out.set(a, o); o += a.length; }
  return out;
};
const range = (n, f) => Array.from({ length: n }, (_, i) => f(i));

function withObject(fn, beforeLoad) {
  const obj = BpfObject.open(testObject('maps_user'));
  try {
    beforeLoad?.(obj);
    obj.load();
    return fn(obj);
  } finally {
    obj.close();
  }
}


if (kernelTestsCanRun('facade-maps-user.test.mjs')) {
  test('updateBatch / lookupBatch with count in and out, ENOENT at the end as done', () => {
    withObject((obj) => {
      const m = obj.map('hash');
      const n = 20;
      assert.is(m.updateBatch(concat(range(n, (i) => u32(i))), concat(range(n, (i) => u64(i * 10)))), n);
      const seen = new Map();
      let inBatch;
      let calls = 0;
      for (;;) {
        const r = m.lookupBatch({ inBatch, count: 7 });
        calls++;
        assert.ok(r.count <= 7);
        assert.is(r.keys.length, r.count * 4);
        assert.is(r.values.length, r.count * 8);
        for (let i = 0; i < r.count; i++) {
          seen.set(readU32(r.keys.subarray(i * 4)), readU64(r.values.subarray(i * 8)));
        }
        if (r.done) { assert.is(r.nextBatch, undefined); break; }
        inBatch = r.nextBatch;
      }
      assert.ok(calls >= 3, `${calls} calls for 20 elements by 7`);
      assert.is(seen.size, n);
      for (const [k, v] of seen) assert.is(v, BigInt(k * 10));
      // Arrays of Uint8Array are accepted too.
      assert.is(m.deleteBatch(range(5, (i) => u32(i))), 5);
      assert.is(m.lookup(u32(0)), undefined);
      const r = m.lookupAndDeleteBatch({ count: 64 });
      assert.is(r.count, 15);
      assert.ok(r.done);
      assert.is(m.nextKey(), undefined);
    });
  });

  test('batch failure modes: partial count on the error, wrong sizes, bad token', () => {
    withObject((obj) => {
      const m = obj.map('hash');
      m.updateBatch(concat([u32(1), u32(2)]), concat([u64(1), u64(2)]));
      // Deleting [1, 99, 2]: the kernel stops at 99 (ENOENT) after one deletion.
      const e = throwsErrno(() => m.deleteBatch(concat([u32(1), u32(99), u32(2)])), 2);
      assert.instance(e, BatchError);
      assert.is(e.count, 1);
      assert.is(m.lookup(u32(1)), undefined);
      assert.ok(m.lookup(u32(2)));
      // An array index out of range stops an update batch (E2BIG) after the ones before it.
      const arr = obj.map('out');
      const e2 = throwsErrno(() => arr.updateBatch(concat([u32(1), u32(2), u32(99)]),
        concat([u64(7), u64(8), u64(9)])), 7);
      assert.instance(e2, BatchError);
      assert.is(e2.count, 2);
      assert.is(readU64(arr.lookup(u32(2))), 8n);
      // Batch elem_flags take only F_LOCK (the kernel's rule).
      throwsErrno(() => m.updateBatch(u32(7), u64(7), UpdateFlags.NOEXIST), 22);
      assert.throws(() => m.updateBatch(new Uint8Array(6), new Uint8Array(16)), RangeError);
      assert.throws(() => m.updateBatch(u32(1), new Uint8Array(4)), RangeError);
      assert.throws(() => m.deleteBatch([new Uint8Array(3)]), RangeError);
      assert.throws(() => m.lookupBatch({ inBatch: new Uint8Array(3) }), RangeError);
      assert.throws(() => m.lookupBatch({ bogus: 1 }), TypeError);
      assert.throws(() => m.lookupBatch({ count: -1 }), RangeError);
      const none = m.lookupBatch({ count: 0 });
      assert.is(none.count, 0);
      assert.equal(none.nextBatch, new Uint8Array(4));
      // Queues have no batch ops: the kernel says so.
      const q = obj.map('queue');
      assert.throws(() => q.lookupBatch(), (err) => err instanceof LibbpfError && err.errno > 0);
    });
  });

  test('entries(), values(): batches on a hash map, next-key on others; bounded', () => {
    withObject((obj) => {
      const m = obj.map('hash');
      m.updateBatch(concat(range(40, (i) => u32(i))), concat(range(40, (i) => u64(i + 1))));
      const entries = [...m.entries()];
      assert.is(entries.length, 40);
      for (const [k, v] of entries) assert.is(readU64(v), BigInt(readU32(k) + 1));
      assert.is([...m.values()].length, 40);
      assert.is([...m.keys()].length, 40);
      // A queue has no keys: libbpf's and the kernel's EINVAL, not an empty walk.
      throwsErrno(() => [...obj.map('queue').entries()], 22);
      // Per-CPU values come as lookup() gives them: padded slots per CPU.
      const pc = obj.map('percpu');
      pc.updatePerCpu(u32(3), range(possibleCpus(), (i) => u32(i)));
      const [[k, v]] = [...pc.entries()];
      assert.is(readU32(k), 3);
      assert.is(v.length, 8 * possibleCpus());
    });
  });

  test('entries() stops with IterationAbortedError when keys move under it (next-key walk)', () => {
    withObject((obj) => {
      const m = obj.map('locked'); // hash too, but walked here through keys() (next-key)
      for (let i = 0; i < 4; i++) m.update(u32(i), new Uint8Array(8));
      let next = 100;
      let seen = 0;
      try {
        for (const k of m.keys()) {
          m.delete(k);
          m.update(u32(next++), new Uint8Array(8));
          if (++seen > 100) break;
        }
        assert.unreachable('the walk ended');
      } catch (e) {
        assert.instance(e, IterationAbortedError);
        assert.is(seen, 4);
      }
    });
  });

  test('per-CPU: possibleCpus, lookupPerCpu/updatePerCpu without padding; flat stays libbpf-exact', () => {
    withObject((obj) => {
      const m = obj.map('percpu');
      const n = possibleCpus();
      assert.ok(n >= 1);
      m.updatePerCpu(u32(1), range(n, (i) => u32(100 + i)));
      const vals = m.lookupPerCpu(u32(1));
      assert.is(vals.length, n);
      vals.forEach((v, i) => { assert.is(v.length, 4); assert.is(readU32(v), 100 + i); });
      const flat = m.lookup(u32(1));
      assert.is(flat.length, 8 * n);
      assert.is(readU32(flat.subarray(8 * (n - 1))), 100 + n - 1);
      assert.is(m.lookupPerCpu(u32(9)), undefined);
      assert.throws(() => m.updatePerCpu(u32(1), range(n + 1, () => u32(0))), RangeError);
      assert.throws(() => m.updatePerCpu(u32(1), range(n, () => u64(0))), RangeError);
      assert.throws(() => obj.map('hash').lookupPerCpu(u32(1)), TypeError);
      // The flat path keeps libbpf's own size check (EINVAL with its message).
      throwsErrno(() => m.update(u32(1), u32(1)), 22);
    });
  });

  test('freeze(): user-space writes refused afterwards (EPERM); reads still work', () => {
    withObject((obj) => {
      const m = obj.map('hash');
      m.update(u32(1), u64(5));
      m.freeze();
      throwsErrno(() => m.update(u32(1), u64(6)), 1);
      assert.is(readU64(m.lookup(u32(1))), 5n);
      throwsErrno(() => m.freeze(), 1); // already frozen: this kernel answers EPERM
    });
  });

  test('F_LOCK on a bpf_spin_lock value; EINVAL on a map without one', () => {
    withObject((obj) => {
      const m = obj.map('locked');
      const v = new Uint8Array(8);
      new DataView(v.buffer).setUint32(4, 77, true);
      m.update(u32(1), v, UpdateFlags.F_LOCK);
      const got = m.lookup(u32(1), UpdateFlags.F_LOCK);
      assert.is(new DataView(got.buffer).getUint32(4, true), 77);
      throwsErrno(() => obj.map('hash').update(u32(1), u64(1), UpdateFlags.F_LOCK), 22);
    });
  });

  test('const volatile configuration: set before load, the program sees it; .rodata frozen after', () => {
    const cfg = (v) => u32(v);
    withObject((obj) => {
      obj.program('copy_config').testRun({ data: new Uint8Array(64) });
      const out = obj.map('out');
      const read = (i) => readU64(out.lookup(u32(i)));
      assert.equal([read(0), read(1), read(2), read(3), read(4)], [11n, 12n, 13n, 14n, 15n]);
      assert.ok(read(5) > 0n, 'LINUX_KERNEL_VERSION from .kconfig');
      assert.is(read(6), 64n);
      // libbpf freezes .rodata after creating it: no user-space writes.
      const rodata = obj.maps.find((m) => m.name.endsWith('.rodata'));
      throwsErrno(() => rodata.update(u32(0), cfg(99)), 1);
      // After load: libbpf refuses a new initial value (EINVAL), and .kconfig holds the values.
      throwsErrno(() => rodata.setInitialValue(cfg(1)), 22);
      const kconfig = obj.maps.find((m) => m.name.endsWith('.kconfig'));
      assert.is(readU32(kconfig.initialValue()), Number(read(5)));
    }, (obj) => {
      const byName = (suffix) => obj.maps.find((m) => m.name.endsWith(suffix));
      const rodata = byName('.rodata');
      assert.is(readU32(rodata.initialValue()), 1);
      rodata.setInitialValue(cfg(11));
      assert.is(readU32(rodata.initialValue()), 11);
      byName('.data').setInitialValue(cfg(12));
      assert.is(readU32(byName('.bss').initialValue()), 0);
      byName('.bss').setInitialValue(cfg(13));
      byName('.rodata.cfg').setInitialValue(cfg(14));
      byName('.data.extra').setInitialValue(cfg(15));
      // Failure modes, as libbpf decides them: wrong size, .kconfig, a map without an image.
      throwsErrno(() => rodata.setInitialValue(new Uint8Array(3)), 22);
      throwsErrno(() => byName('.kconfig').setInitialValue(cfg(1)), 22);
      throwsErrno(() => obj.map('hash').setInitialValue(u64(0)), 22);
      assert.is(obj.map('hash').initialValue(), undefined);
      assert.throws(() => rodata.setInitialValue([1, 2, 3, 4]), TypeError);
    });
  });

  test('innerMap template before load; setInnerMapFd; a freed template is refused, not read', () => {
    const obj = BpfObject.open(testObject('maps_user'));
    const donor = BpfObject.open(testObject('maps_user'));
    try {
      const outer = obj.map('outer');
      const inner = outer.innerMap;
      assert.ok(inner);
      assert.is(inner.name, 'outer.inner');
      assert.is(inner.keySize, 4);
      assert.is(inner.maxEntries, 1);
      assert.is(obj.map('hash').innerMap, null);
      // An inner map from elsewhere: libbpf then creates the outer map with its fd.
      donor.load();
      const other = donor.map('out'); // an array of u32 -> u64
      outer.setInnerMapFd(other.fd);
      assert.is(outer.innerMap, null);
      throwsErrno(() => inner.maxEntries, 2);
      throwsErrno(() => outer.setInnerMapFd(other.fd), 22); // libbpf: already specified
      obj.load();
      outer.update(u32(1), u32(other.fd));
      assert.is(readU32(outer.lookup(u32(1))), other.info().id);
      // HASH_OF_MAPS is walked by next-key: the value read is the inner map's id.
      const walked = [...outer.entries()];
      assert.is(walked.length, 1);
      assert.is(readU32(walked[0][1]), other.info().id);
      // A wrong inner map (u32 value) is refused by the kernel's template check.
      throwsErrno(() => outer.update(u32(2), u32(obj.map('percpu').fd)), 22);
    } finally {
      obj.close();
      donor.close();
    }
  });

  test('innerMap: the template from the map definition is freed at load (use refused)', () => {
    const obj = BpfObject.open(testObject('maps_user'));
    try {
      const inner = obj.map('outer').innerMap;
      obj.load();
      throwsErrno(() => inner.keySize, 2);
      assert.is(obj.map('outer').innerMap, null);
    } finally {
      obj.close();
    }
  });

  test('closed object: every new operation is EBADF', () => {
    const obj = BpfObject.open(testObject('maps_user'));
    obj.load();
    const m = obj.map('hash');
    obj.close();
    throwsErrno(() => m.lookupBatch(), 9);
    throwsErrno(() => m.updateBatch(u32(1), u64(1)), 9);
    throwsErrno(() => m.freeze(), 9);
    throwsErrno(() => [...m.entries()], 9);
  });
}

runWithFdCheck(test);
