// Map operations through libbpf's bpf_map__*_elem in the module, against the kernel,
// with the rules of the bpf() documentation (../shared/reference/bpf-syscall-commands-doc.txt).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BpfObject, LibbpfError, UpdateFlags, MapType, setLogger } from '../dist/index.js';
import { kernelTestsCanRun, mountBpffs } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { testObject, u32, u64, readU32, readU64 } from './helpers/objects.mjs';

const warnings = [];
setLogger((level, msg) => { if (level === 'warn') warnings.push(msg); });

function loaded(fn) {
  const fs = mountBpffs();
  const obj = BpfObject.open(testObject('pin_by_name'), { pinRootPath: fs.dir });
  try {
    obj.load();
    return fn(obj.map('pinned_hash'), obj);
  } finally {
    obj.close();
    fs.cleanup();
  }
}

function throwsErrno(fn, errno) {
  try {
    fn();
  } catch (e) {
    assert.instance(e, LibbpfError);
    assert.is(e.errno, errno, e.message);
    return e;
  }
  assert.unreachable(`expected errno ${errno}`);
}

if (kernelTestsCanRun('facade-maps.test.mjs')) {
  test('update ANY, NOEXIST (EEXIST), EXIST (ENOENT); lookup; delete', () => {
    loaded((m) => {
      assert.is(m.type, MapType.HASH);
      assert.is(m.keySize, 4);
      assert.is(m.valueSize, 8);
      assert.is(m.lookup(u32(1)), undefined);
      throwsErrno(() => m.update(u32(1), u64(10), UpdateFlags.EXIST), 2);
      m.update(u32(1), u64(10), UpdateFlags.NOEXIST);
      const e = throwsErrno(() => m.update(u32(1), u64(11), UpdateFlags.NOEXIST), 17);
      assert.is(e.code, 'EEXIST');
      m.update(u32(1), u64(12), UpdateFlags.EXIST);
      m.update(u32(1), u64(13), UpdateFlags.ANY);
      assert.is(readU64(m.lookup(u32(1))), 13n);
      assert.is(m.delete(u32(1)), true);
      assert.is(m.delete(u32(1)), false);
      assert.is(m.lookup(u32(1)), undefined);
    });
  });

  test('E2BIG when the hash map is full', () => {
    loaded((m) => {
      for (let i = 0; i < m.maxEntries; i++) m.update(u32(i), u64(i));
      const e = throwsErrno(() => m.update(u32(1000), u64(1)), 7);
      assert.is(e.code, 'E2BIG');
      m.update(u32(0), u64(99)); // replacing an existing key still works when full
    });
  });

  test('nextKey: first key for none or a missing key, undefined after the last; keys() visits each once', () => {
    loaded((m) => {
      assert.is(m.nextKey(), undefined);
      const want = [3, 5, 8, 13];
      for (const k of want) m.update(u32(k), u64(k * 2));
      const first = m.nextKey();
      assert.ok(want.includes(readU32(first)));
      assert.equal(m.nextKey(u32(999)), first, 'a missing key yields the first key');
      const seen = [...m.keys()].map(readU32);
      assert.equal([...seen].sort((a, b) => a - b), want);
      assert.is(m.nextKey(u32(seen[seen.length - 1])), undefined);
    });
  });

  test('array map: every index exists, delete is EINVAL', () => {
    loaded((_m, obj) => {
      const arr = obj.map('pinned_array');
      assert.is(readU64(arr.lookup(u32(3))), 0n);
      assert.is(arr.lookup(u32(4)), undefined);
      throwsErrno(() => arr.delete(u32(0)), 22);
    });
  });

  test('queue and stack: push, peek and pop (lookupAndDelete) with no key', () => {
    const obj = BpfObject.open(testObject('maps_all'));
    try {
      obj.load();
      const q = obj.map('queue');
      const s = obj.map('stack');
      const none = new Uint8Array(0);
      assert.is(q.lookup(none), undefined);
      for (const m of [q, s]) for (const v of [1, 2, 3]) m.update(none, u32(v));
      assert.is(readU32(q.lookup(none)), 1, 'queue peek: the oldest');
      assert.equal([1, 2, 3].map(() => readU32(q.lookupAndDelete())), [1, 2, 3]);
      assert.equal([1, 2, 3].map(() => readU32(s.lookupAndDelete())), [3, 2, 1]);
      assert.is(q.lookupAndDelete(), undefined);
    } finally {
      obj.close();
    }
  });

  test('wrong key or value size: libbpf\'s own EINVAL and message', () => {
    loaded((m) => {
      warnings.length = 0;
      throwsErrno(() => m.lookup(new Uint8Array(3)), 22);
      assert.match(warnings.join(''), /unexpected key size 3 provided, expected 4/);
      warnings.length = 0;
      const e = throwsErrno(() => m.update(u32(1), new Uint8Array(4)), 22);
      assert.match(e.message, /unexpected value size 4 provided, expected 8/);
    });
  });

  test('bad arguments: TypeError / RangeError, nothing reaches the kernel', () => {
    loaded((m) => {
      assert.throws(() => m.lookup('abc'), TypeError);
      assert.throws(() => m.update(u32(1), [1, 2]), TypeError);
      assert.throws(() => m.update(u32(1), u64(1), -1), RangeError);
      assert.throws(() => m.update(u32(1), u64(1), 1.5), RangeError);
      assert.is(m.lookup(u32(1)), undefined);
    });
  });

  test('info() reports the kernel\'s view of the map', () => {
    loaded((m) => {
      const { id, btfId, btfKeyTypeId, btfValueTypeId, ...rest } = m.info();
      for (const v of [id, btfId, btfKeyTypeId, btfValueTypeId]) assert.ok(v > 0);
      assert.equal(rest, {
        type: MapType.HASH, keySize: 4, valueSize: 8, maxEntries: 16, mapFlags: 0, name: 'pinned_hash',
        ifindex: 0, btfVmlinuxValueTypeId: 0, netnsDev: 0n, netnsIno: 0n, mapExtra: 0n,
      });
    });
  });

  test('before load: fd is -1 and element operations say the map is not loaded', () => {
    const obj = BpfObject.open(testObject('pin_by_name'));
    try {
      const m = obj.map('pinned_hash');
      assert.is(m.fd, -1);
      const e = throwsErrno(() => m.lookup(u32(1)), 2);
      assert.match(e.message, /not loaded/);
      throwsErrno(() => m.info(), 2);
    } finally {
      obj.close();
    }
  });

  test('after close: every call fails with a clear LibbpfError (EBADF)', () => {
    let m;
    loaded((map) => { m = map; });
    const e = throwsErrno(() => m.lookup(u32(1)), 9);
    assert.match(e.message, /closed/);
    throwsErrno(() => m.keySize, 9);
  });
}

runWithFdCheck(test);
