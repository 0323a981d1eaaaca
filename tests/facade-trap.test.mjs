// A malformed object on which native libbpf 1.1.2 segfaults: in the module the same input
// traps, and that surfaces as LibbpfError EWASMTRAP; nothing crashes, leaks or breaks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BpfObject, LibbpfError, setLogger } from '../dist/index.js';
import { kernelTestsCanRun, mountBpffs } from './helpers/kernel.mjs';
import { runWithFdCheck, openFdCount } from './helpers/fds.mjs';
import { repoRoot, testObject, u32, u64, readU64 } from './helpers/objects.mjs';
import { pooledInstances } from '../dist/module/pool.js';

setLogger(() => {});
// tests/bpf/make-malformed.mjs: a BTF type id far past the last type in a map definition.
const crasher = `${repoRoot}tests/bpf/build/malformed/btf_type_id_out_of_range.bpf.o`;

function trapOf(fn) {
  try {
    fn();
  } catch (e) {
    assert.instance(e, LibbpfError);
    return e;
  }
  assert.unreachable('expected a trap');
}

test('opening it traps inside the module: LibbpfError EWASMTRAP naming the libbpf call', () => {
  const fds = openFdCount();
  const e = trapOf(() => BpfObject.open(crasher));
  assert.is(e.code, 'EWASMTRAP');
  assert.is(e.op, 'bpf_object__open_file');
  assert.match(e.message, /trapped/);
  assert.is(openFdCount(), fds, 'the file libbpf had open is closed');
});

test('the same bytes through open_mem trap the same way', async () => {
  const { readFileSync } = await import('node:fs');
  const e = trapOf(() => BpfObject.open(new Uint8Array(readFileSync(crasher))));
  assert.is(e.code, 'EWASMTRAP');
  assert.is(e.op, 'bpf_object__open_mem');
});

test('the next call works on a fresh instance', () => {
  trapOf(() => BpfObject.open(crasher));
  const obj = BpfObject.open(testObject('pin_by_name'));
  assert.is(obj.maps.length, 3);
  obj.close();
});

if (kernelTestsCanRun('facade-trap.test.mjs')) {
  test('a trap in one object leaves loaded objects working', () => {
    const fs = mountBpffs();
    const obj = BpfObject.open(testObject('pin_by_name'), { pinRootPath: fs.dir });
    try {
      obj.load();
      const m = obj.map('pinned_hash');
      m.update(u32(1), u64(5));
      trapOf(() => BpfObject.open(crasher));
      assert.is(readU64(m.lookup(u32(1))), 5n);
    } finally {
      obj.close();
      fs.cleanup();
    }
  });
}

test('a trap on a pooled instance discards that instance only: it never goes back to the pool', () => {
  BpfObject.open(testObject('pin_by_name')).close(); // at least one instance waits in the pool
  const pooled = pooledInstances();
  assert.ok(pooled >= 1);
  trapOf(() => BpfObject.open(crasher)); // takes a pooled instance, traps in it
  assert.is(pooledInstances(), pooled - 1, 'the trapped instance was not returned');
  const obj = BpfObject.open(testObject('pin_by_name')); // the next pooled (or a new) one works
  assert.is(obj.maps.length, 3);
  obj.close();
});

if (kernelTestsCanRun('facade-trap.test.mjs')) {
  test('a trap leaves every other live object usable: loaded (warm), opened only, and pooled', () => {
    const fs = mountBpffs();
    const loaded = BpfObject.open(testObject('pin_by_name'), { pinRootPath: fs.dir });
    let opened;
    try {
      loaded.load(); // its instance is one of the warm ones now
      loaded.map('pinned_hash').update(u32(7), u64(70));
      opened = BpfObject.open(testObject('pin_by_name'), { pinRootPath: fs.dir });
      BpfObject.open(testObject('pin_none')).close(); // an idle instance in the pool
      const fds = openFdCount();
      trapOf(() => BpfObject.open(crasher));
      assert.is(openFdCount(), fds, 'the trap closed only what the trapped object had open');
      assert.is(readU64(loaded.map('pinned_hash').lookup(u32(7))), 70n);
      loaded.map('pinned_hash').update(u32(8), u64(80));
      opened.load(); // reuses the pinned map the loaded object created
      assert.is(readU64(opened.map('pinned_hash').lookup(u32(8))), 80n);
      const fresh = BpfObject.open(testObject('pin_none')); // from the pool, or new
      assert.ok(fresh.maps.length > 0);
      fresh.close();
    } finally {
      opened?.close();
      loaded.close();
      fs.cleanup();
    }
  });
}

runWithFdCheck(test);
