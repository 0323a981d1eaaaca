// The rest of the object API against the kernel: programs, autoload, max entries, reuseFd,
// pinning programs, and the lifetime rules (close releases everything; dispose closes).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BpfObject, LibbpfError, ProgType, MapType, setLogger } from '../dist/index.js';
import { kernelTestsCanRun, mountBpffs, pinsUnder } from './helpers/kernel.mjs';
import { runWithFdCheck, openFdCount } from './helpers/fds.mjs';
import { testObject, u32, u64, readU64 } from './helpers/objects.mjs';

setLogger(() => {});

test('programs: names, sections and types as libbpf detects them from SEC()', () => {
  const obj = BpfObject.open(testObject('progs_sections'));
  try {
    const bySection = Object.fromEntries(obj.programs.map((p) => [p.sectionName, p.type]));
    assert.is(bySection.xdp, ProgType.XDP);
    assert.is(bySection.socket, ProgType.SOCKET_FILTER);
    assert.is(bySection['cgroup_skb/ingress'], ProgType.CGROUP_SKB);
    for (const p of obj.programs) {
      assert.is(obj.program(p.name), p);
      assert.is(p.fd, -2, "libbpf: -ENOENT before load");
      assert.ok(p.autoload);
    }
    assert.is(obj.program('no_such_program'), undefined);
  } finally {
    obj.close();
  }
});

test('bad arguments to open are TypeErrors / RangeErrors', () => {
  assert.throws(() => BpfObject.open(42), TypeError);
  assert.throws(() => BpfObject.open(''), TypeError);
  assert.throws(() => BpfObject.open(testObject('pin_none'), { pinRoot: '/x' }), /unknown option 'pinRoot'/);
  assert.throws(() => BpfObject.open(testObject('pin_none'), { kernelLogLevel: -1 }), RangeError);
  assert.throws(() => BpfObject.open(testObject('pin_none'), { pinRootPath: 'a\0b' }), TypeError);
});

if (kernelTestsCanRun('facade-object.test.mjs')) {
  test('load: every map and program gets an fd; close releases them all', () => {
    const fds = openFdCount();
    const obj = BpfObject.open(testObject('progs_sections'));
    obj.load();
    assert.ok(obj.programs.every((p) => p.fd >= 0));
    assert.ok(openFdCount() > fds);
    obj.close();
    assert.is(openFdCount(), fds);
    obj.close(); // closing twice is harmless
  });

  test('setAutoload(false): the program is not loaded', () => {
    const obj = BpfObject.open(testObject('progs_sections'));
    try {
      const [first, ...rest] = obj.programs;
      first.setAutoload(false);
      assert.is(first.autoload, false);
      obj.load();
      assert.ok(first.fd < 0);
      assert.ok(rest.every((p) => p.fd >= 0));
      // libbpf refuses to change autoload after load.
      try {
        first.setAutoload(true);
        assert.unreachable();
      } catch (e) {
        assert.instance(e, LibbpfError);
        assert.is(e.code, 'EINVAL');
      }
    } finally {
      obj.close();
    }
  });

  test('setMaxEntries before load reaches the kernel', () => {
    const obj = BpfObject.open(testObject('pin_none'));
    try {
      obj.map('nopin').setMaxEntries(7);
      obj.load();
      assert.is(obj.map('nopin').info().maxEntries, 7);
      assert.is(obj.map('nopin').info().type, MapType.ARRAY);
    } finally {
      obj.close();
    }
  });

  test('reuseFd: a second object shares the first object\'s map', () => {
    const a = BpfObject.open(testObject('pin_by_name'));
    const b = BpfObject.open(testObject('pin_by_name'));
    try {
      for (const m of [...a.maps, ...b.maps]) m.setPinPath(null);
      a.load();
      b.map('unpinned').reuseFd(a.map('unpinned').fd);
      b.load();
      assert.is(b.map('unpinned').info().id, a.map('unpinned').info().id);
      a.map('unpinned').update(u32(0), u64(77));
      assert.is(readU64(b.map('unpinned').lookup(u32(0))), 77n);
      assert.is.not(b.map('pinned_hash').info().id, a.map('pinned_hash').info().id);
    } finally {
      a.close();
      b.close();
    }
  });

  test('pinPrograms/unpinPrograms and program pin/unpin', () => {
    const fs = mountBpffs();
    const obj = BpfObject.open(testObject('pin_none'));
    try {
      obj.load();
      obj.pinPrograms(`${fs.dir}/progs`);
      assert.equal(pinsUnder(fs.dir), ['progs', 'progs/use_nopin']);
      obj.unpinPrograms(`${fs.dir}/progs`);
      assert.equal(pinsUnder(`${fs.dir}/progs`), []);
      const prog = obj.program('use_nopin');
      prog.pin(`${fs.dir}/one`);
      assert.ok(pinsUnder(fs.dir).includes('one'));
      prog.unpin(`${fs.dir}/one`);
      assert.ok(!pinsUnder(fs.dir).includes('one'));
      assert.throws(() => prog.pin(), TypeError);
    } finally {
      obj.close();
      fs.cleanup();
    }
  });

  test('using: Symbol.dispose closes the object', () => {
    const fds = openFdCount();
    let kept;
    {
      const obj = BpfObject.open(testObject('pin_none'));
      kept = obj;
      obj.load();
      obj[Symbol.dispose]();
    }
    assert.ok(kept.closed);
    assert.is(openFdCount(), fds);
  });
}

runWithFdCheck(test);
