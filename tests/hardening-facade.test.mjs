// The crossing into the module has one owner (ModuleInstance.invoke): loggers that throw,
// calls from a logger back into its object, failed opens, libbpf's own fd leaks, moving
// keys, out-of-range fds, raw pointers and mutable constants cannot break the sandbox.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  BpfObject, BpfMap, BpfProgram, LibbpfError, MapType, ProgType, AttachType, UpdateFlags, PinType, setLogger,
} from '../dist/index.js';
import { kernelTestsCanRun, mountBpffs, pinsUnder } from './helpers/kernel.mjs';
import { runWithFdCheck, openFdCount } from './helpers/fds.mjs';
import { repoRoot, testObject, u32, u64 } from './helpers/objects.mjs';

setLogger(() => {});
const boom = () => { throw new Error('logger failed'); };

if (kernelTestsCanRun('hardening-facade.test.mjs')) {
  test('a throwing logger is re-raised after libbpf returns; the instance stays sound', () => {
    let armed = false;
    const previous = setLogger(() => { if (armed) boom(); }); // the process-wide logger path
    const obj = BpfObject.open(testObject('maps_all'));
    obj.load();
    const hash = obj.map('hash');
    armed = true;
    // A wrong key size makes libbpf warn and return -EINVAL: the logger throws every time.
    // Unwinding through libbpf would leak 1.5 KiB of the module's stack per throw and trap
    // after ~3,450; held and re-raised, the 5,000th call behaves like the first.
    for (let i = 0; i < 5000; i++) {
      try {
        hash.lookup(new Uint8Array(3));
        assert.unreachable('the logger error must reach the caller');
      } catch (e) {
        assert.is(e.message, 'logger failed');
      }
    }
    armed = false;
    setLogger(previous);
    assert.is(hash.keySize, 4);
    hash.update(u32(1), u64(1));
    obj.close();
  });

  test('a logger that throws during load(): load completes, a second load is refused as libbpf does', () => {
    const fs = mountBpffs();
    try {
      let armed = false;
      const obj = BpfObject.open(testObject('pin_by_name'), { pinRootPath: fs.dir, logger: (level) => {
        if (armed && level === 'debug') boom();
      } });
      armed = true;
      assert.throws(() => obj.load(), /logger failed/);
      armed = false;
      // libbpf ran to the end: the maps exist and are pinned, and libbpf refuses a second load.
      assert.ok(obj.map('pinned_hash').fd >= 0);
      const again = (() => { try { obj.load(); } catch (e) { return e; } })();
      assert.instance(again, LibbpfError);
      assert.is(again.code, 'EINVAL');
      obj.unpinMaps();
      obj.close();
    } finally {
      fs.cleanup();
    }
  });

  test('calls from a logger into the object it logs for are refused (EBUSY), the outer call is unharmed', () => {
    const fs = mountBpffs();
    try {
      const codes = new Set();
      let obj;
      const reenter = () => {
        if (!obj) return; // still inside open()
        for (const fn of [() => obj.close(), () => obj.load(), () => obj.map('pinned_hash').lookup(u32(1)),
          () => obj.maps, () => obj.pinMaps(fs.dir)]) {
          try { fn(); codes.add('ok'); } catch (e) { codes.add(e.code); }
        }
      };
      obj = BpfObject.open(testObject('pin_by_name'), { pinRootPath: fs.dir, logger: reenter });
      obj.load();
      assert.equal([...codes], ['EBUSY']);
      const m = obj.map('pinned_hash');
      m.update(u32(1), u64(7));
      assert.is(m.lookup(u32(1)).length, 8);
      obj.unpinMaps();
      obj.close();
      assert.equal(pinsUnder(fs.dir), []);
    } finally {
      fs.cleanup();
    }
  });

  test('keys() stops (IterationAbortedError) when keys move under it instead of running forever', () => {
    const obj = BpfObject.open(testObject('maps_all'));
    try {
      obj.load();
      const hash = obj.map('hash');
      for (let i = 0; i < 4; i++) hash.update(u32(i), u64(i));
      let next = 100;
      let seen = 0;
      const e = (() => {
        try {
          for (const k of hash.keys()) {
            // Replace the key just yielded: the kernel restarts the walk at the first key.
            hash.delete(k);
            hash.update(u32(next++), u64(0));
            if (++seen > 1000) return 'unbounded';
          }
        } catch (err) {
          return err;
        }
        return 'ended';
      })();
      assert.instance(e, LibbpfError, `got ${e}`);
      assert.is(e.code, 'EITERABORTED');
      assert.is(seen, hash.maxEntries);
    } finally {
      obj.close();
    }
  });

  test('dup3 failing inside bpf_map__reuse_fd: libbpf leaks its fd of "/", close() still releases it', () => {
    // strace makes every dup3 fail with EBUSY in a child process, like the fault the review hit.
    const script = `
      import { BpfObject, setLogger } from '${repoRoot}dist/index.js';
      import { readdirSync } from 'node:fs';
      setLogger(() => {});
      const count = () => readdirSync('/proc/self/fd').length;
      const donor = BpfObject.open('${testObject('maps_all')}');
      donor.load();
      const before = count();
      const obj = BpfObject.open('${testObject('maps_all')}');
      let code = 'none';
      try { obj.map('hash').reuseFd(donor.map('hash').fd); } catch (e) { code = e.code; }
      obj.close();
      console.log(JSON.stringify({ code, leaked: count() - before }));
      donor.close();
    `;
    const r = spawnSync('strace', ['-f', '-qq', '-o', '/dev/null', '-e', 'inject=dup3:error=EMFILE',
      process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout.trim().split('\n').pop()), { code: 'EMFILE', leaked: 0 });
  });
}

test('a failed open releases every fd libbpf opened (libbpf 1.1.2 leaks it when libelf refuses)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lbw-open-dir-'));
  try {
    const before = openFdCount();
    for (let i = 0; i < 3; i++) assert.throws(() => BpfObject.open(dir), (e) => e instanceof LibbpfError);
    assert.is(openFdCount(), before);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('reuseFd: fds outside the int32 range or negative are RangeError, not a silently different fd', () => {
  const obj = BpfObject.open(testObject('maps_all'));
  const m = obj.map('hash');
  for (const bad of [2 ** 32 + 3, -1, 1.5, 2 ** 31, NaN, Infinity]) {
    assert.throws(() => m.reuseFd(bad), (e) => e instanceof RangeError, String(bad));
  }
  assert.throws(() => m.reuseFd('3'), (e) => e instanceof TypeError);
  obj.close();
});

test('maps, programs and objects cannot be built from raw pointers; no instance is reachable', () => {
  const obj = BpfObject.open(testObject('maps_all'));
  for (const make of [() => new BpfMap(obj, 0xfffffff0), () => new BpfProgram(obj, 0xfffffff0),
    () => new BpfObject(obj, 1, [])]) {
    assert.throws(make, (e) => e instanceof TypeError && /cannot be constructed directly/.test(e.message));
  }
  for (const o of [obj, obj.map('hash'), obj.programs[0]]) {
    assert.equal(Object.keys(o), [], 'no enumerable internals');
    assert.is(o.inst, undefined);
    assert.is(o.ptr, undefined);
  }
  assert.is(obj.map('hash').lookup instanceof Function, true, 'and the object still works');
  obj.close();
});

test('constant tables are frozen', () => {
  for (const table of [MapType, ProgType, AttachType, UpdateFlags, PinType]) {
    assert.ok(Object.isFrozen(table));
    const [k, v] = Object.entries(table)[0];
    assert.throws(() => { 'use strict'; table[k] = v + 1; });
    assert.is(table[k], v);
  }
});

test('obj.map() finds an internal map by its real section name, as bpf_object__find_map_by_name does', () => {
  const obj = BpfObject.open(testObject('maps_all'), { objectName: 'my_custom_name' });
  const rodata = obj.map('.rodata');
  assert.ok(rodata, 'found by ".rodata"');
  assert.is(rodata.name, 'my_custo.rodata');
  assert.is(obj.map('my_custo.rodata'), rodata, 'and by its full name');
  assert.is(obj.map('nope'), undefined);
  obj.close();
});

runWithFdCheck(test);
