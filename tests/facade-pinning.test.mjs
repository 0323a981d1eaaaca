// The pinning rules of libbpf's auto-pinning series, each against the real kernel,
// through the facade (which only forwards to libbpf inside the module).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BpfObject, LibbpfError, setLogger } from '../dist/index.js';
import { kernelTestsCanRun, mountBpffs, pinsUnder } from './helpers/kernel.mjs';
import { runWithFdCheck, openFdCount } from './helpers/fds.mjs';
import { testObject, u32, u64, readU64 } from './helpers/objects.mjs';

const open = (name, opts) => BpfObject.open(testObject(name), opts);
const warnings = [];
setLogger((level, msg) => { if (level === 'warn') warnings.push(msg); });

/** Runs fn with a private bpffs; objects it registers are closed and the mount removed. */
function withBpffs(fn) {
  const fs = mountBpffs();
  const objects = [];
  try {
    return fn(fs.dir, (o) => (objects.push(o), o));
  } finally {
    for (const o of objects) o.close();
    fs.cleanup();
  }
}

function throwsLibbpf(fn, errno, op) {
  try {
    fn();
  } catch (e) {
    assert.instance(e, LibbpfError);
    assert.is(e.errno, errno, `errno: ${e.message}`);
    if (op) assert.is(e.op, op);
    return e;
  }
  assert.unreachable('expected a LibbpfError');
}

if (kernelTestsCanRun('facade-pinning.test.mjs')) {
  test('1. LIBBPF_PIN_BY_NAME maps are pinned by load at <pinRootPath>/<map name>', () => {
    withBpffs((dir, own) => {
      const obj = own(open('pin_by_name', { pinRootPath: dir }));
      const hash = obj.map('pinned_hash');
      assert.is(hash.pinPath, `${dir}/pinned_hash`);
      assert.is(hash.isPinned, false);
      assert.is(obj.map('unpinned').pinPath, null);
      obj.load();
      assert.ok(hash.isPinned);
      assert.ok(obj.map('pinned_array').isPinned);
      assert.equal(pinsUnder(dir), ['pinned_array', 'pinned_hash']);
    });
  });

  test('1. the default pin root is /sys/fs/bpf', () => {
    const obj = open('pin_by_name');
    try {
      assert.is(obj.map('pinned_hash').pinPath, '/sys/fs/bpf/pinned_hash');
    } finally {
      obj.close();
    }
  });

  test('2. a second object with the same root reuses the pinned map (same id, shared values)', () => {
    withBpffs((dir, own) => {
      const a = own(open('pin_by_name', { pinRootPath: dir }));
      a.load();
      const b = own(open('pin_by_name', { pinRootPath: dir }));
      b.load();
      const ha = a.map('pinned_hash');
      const hb = b.map('pinned_hash');
      assert.is(hb.info().id, ha.info().id);
      assert.is.not(b.map('unpinned').info().id, a.map('unpinned').info().id);
      ha.update(u32(7), u64(1234));
      assert.is(readU64(hb.lookup(u32(7))), 1234n);
    });
  });

  test('3. pinning set to LIBBPF_PIN_NONE: not pinned', () => {
    withBpffs((dir, own) => {
      const obj = own(open('pin_none', { pinRootPath: dir }));
      assert.is(obj.map('nopin').pinPath, null);
      obj.load();
      assert.is(obj.map('nopin').isPinned, false);
      assert.equal(pinsUnder(dir), []);
    });
  });

  test('4. an invalid pinning value fails open with EINVAL', () => {
    warnings.length = 0;
    const e = throwsLibbpf(() => open('pin_invalid'), 22, 'bpf_object__open_file');
    assert.is(e.code, 'EINVAL');
    assert.match(warnings.join(''), /pinning/);
  });

  for (const what of ['type', 'key_size', 'value_size', 'max_entries', 'flags']) {
    test(`5. a pinned map whose ${what} differs: load fails, no new pin, no fd left`, () => {
      withBpffs((dir, own) => {
        const first = own(open('pin_by_name', { pinRootPath: dir }));
        first.load();
        const pinsBefore = pinsUnder(dir);
        const fdsBefore = openFdCount();
        const other = open(`pin_mismatch_${what}`, { pinRootPath: dir });
        warnings.length = 0;
        throwsLibbpf(() => other.load(), 22, 'bpf_object__load');
        assert.match(warnings.join(''), /couldn't reuse pinned map/);
        other.close();
        assert.equal(pinsUnder(dir), pinsBefore);
        assert.is(openFdCount(), fdsBefore);
      });
    });
  }

  test('5. BTF key/value type ids are not compared: a same-sized type reuses the pin', () => {
    withBpffs((dir, own) => {
      const first = own(open('pin_by_name', { pinRootPath: dir }));
      first.load();
      const compat = own(open('pin_compat_btf', { pinRootPath: dir }));
      compat.load();
      assert.is(compat.map('pinned_hash').info().id, first.map('pinned_hash').info().id);
    });
  });

  test('6. setPinPath between open and load is used, and auto-reuse still works', () => {
    withBpffs((dir, own) => {
      const a = own(open('pin_by_name', { pinRootPath: dir }));
      a.map('pinned_hash').setPinPath(`${dir}/custom_hash`);
      assert.is(a.map('pinned_hash').pinPath, `${dir}/custom_hash`);
      a.load();
      assert.equal(pinsUnder(dir), ['custom_hash', 'pinned_array']);
      const b = own(open('pin_by_name', { pinRootPath: dir }));
      b.map('pinned_hash').setPinPath(`${dir}/custom_hash`);
      b.load();
      assert.is(b.map('pinned_hash').info().id, a.map('pinned_hash').info().id);
    });
  });

  test('7. the missing parent directory of an auto-pin path is created, one level as libbpf does', () => {
    withBpffs((dir, own) => {
      const obj = own(open('pin_by_name', { pinRootPath: `${dir}/sub` }));
      obj.load();
      assert.ok(statSync(`${dir}/sub`).isDirectory());
      assert.equal(pinsUnder(dir), ['sub', 'sub/pinned_array', 'sub/pinned_hash']);
      // libbpf creates the immediate parent only: two missing levels fail with ENOENT.
      const deep = open('pin_by_name', { pinRootPath: `${dir}/x/y` });
      throwsLibbpf(() => deep.load(), 2, 'bpf_object__load');
      deep.close();
      assert.ok(!existsSync(`${dir}/x`));
      obj.unpinMaps();
    });
  });

  test('8. pinMaps()/unpinMaps() without a path use each map\'s pin path and skip maps without one', () => {
    withBpffs((dir, own) => {
      const obj = own(open('pin_by_name', { pinRootPath: dir }));
      obj.load();
      obj.unpinMaps();
      assert.equal(pinsUnder(dir), []);
      assert.is(obj.map('pinned_hash').isPinned, false);
      obj.pinMaps();
      assert.equal(pinsUnder(dir), ['pinned_array', 'pinned_hash']);
      assert.is(obj.map('unpinned').isPinned, false);
    });
  });

  test('9. pinning again at the same path is a no-op, not EEXIST', () => {
    withBpffs((dir, own) => {
      const obj = own(open('pin_by_name', { pinRootPath: dir }));
      obj.load();
      obj.map('pinned_hash').pin();
      obj.map('pinned_hash').pin(`${dir}/pinned_hash`);
      obj.pinMaps();
      assert.equal(pinsUnder(dir), ['pinned_array', 'pinned_hash']);
    });
  });

  test('10. pinMaps(dir)/unpinMaps(dir) use dir/<map name> for every map', () => {
    withBpffs((dir, own) => {
      const obj = own(open('pin_none', { pinRootPath: dir }));
      obj.load();
      obj.pinMaps(`${dir}/all`);
      assert.equal(pinsUnder(`${dir}/all`), ['nopin']);
      assert.is(obj.map('nopin').pinPath, `${dir}/all/nopin`);
      obj.unpinMaps(`${dir}/all`);
      assert.equal(pinsUnder(`${dir}/all`), []);
      // libbpf refuses a path that differs from a map's existing pin path: so does the facade.
      const byName = own(open('pin_by_name', { pinRootPath: dir }));
      byName.load();
      warnings.length = 0;
      throwsLibbpf(() => byName.pinMaps(`${dir}/other`), 22, 'bpf_object__pin_maps');
      assert.match(warnings.join(''), /already has pin path/);
    });
  });

  test('11. a pin path that is not on bpffs fails with libbpf\'s own error', () => {
    const plain = mkdtempSync(join(tmpdir(), 'libbpf-wasm-notbpffs-'));
    try {
      const obj = open('pin_by_name', { pinRootPath: plain });
      warnings.length = 0;
      throwsLibbpf(() => obj.load(), 22, 'bpf_object__load');
      assert.match(warnings.join(''), /not on BPF FS/);
      obj.close();
      assert.equal(pinsUnder(plain), []);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  test('12. a load that fails after pinning leaves no fd open and no new pin', () => {
    withBpffs((dir) => {
      const fdsBefore = openFdCount();
      const obj = open('pin_then_reject', { pinRootPath: dir });
      throwsLibbpf(() => obj.load(), 13, 'bpf_object__load');
      assert.equal(pinsUnder(dir), []);
      obj.close();
      assert.is(openFdCount(), fdsBefore);
    });
  });
}

runWithFdCheck(test);
