// The instance pool (src/module/pool.ts) and the warm list (src/module/residency.ts).
// A closed object's instance goes back to the pool also when the object used calls that
// allocate the facade's scratch buffer (map ops, errors): before the fix it did not, so
// every such cycle discarded its instance and made a new one, whose 16 MiB memory waited
// for the GC (the soak's "+16 MiB external" flake). The warm list never keeps a discarded
// instance alive.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BpfObject, LibbpfError, setLogger } from '../dist/index.js';
import { pooledInstances, acquireInstance } from '../dist/module/pool.js';
import { afterBigWork, isWarm } from '../dist/module/residency.js';
import { kernelTestsCanRun, mountBpffs } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { testObject, u32, u64, readU64 } from './helpers/objects.mjs';

setLogger(() => {});
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

/** Opens the test object, runs `use` on it, closes it. */
function cycle(use, opts = {}) {
  const obj = BpfObject.open(testObject('pin_by_name'), opts);
  try {
    use(obj);
  } finally {
    obj.close();
  }
}

test('an object that only opened and closed returns its instance to the pool', () => {
  cycle(() => {});
  const before = pooledInstances();
  assert.ok(before >= 1);
  cycle(() => {});
  assert.is(pooledInstances(), before);
});

test('an error (its message uses the scratch buffer) does not cost the instance', () => {
  cycle(() => {});
  const before = pooledInstances();
  cycle((obj) => {
    try {
      obj.map('pinned_hash').pin('/nonexistent-dir/x');
      assert.unreachable('pin into a missing directory should fail');
    } catch (e) {
      assert.instance(e, LibbpfError);
    }
  });
  assert.is(pooledInstances(), before, 'the instance went back to the pool');
});

if (kernelTestsCanRun('instance-pool.test.mjs')) {
  test('map update and lookup (scratch buffer) do not cost the instance', () => {
    const fs = mountBpffs();
    try {
      cycle(() => {}, { pinRootPath: fs.dir });
      const before = pooledInstances();
      for (let i = 0; i < 3; i++) {
        cycle((obj) => {
          obj.load();
          const m = obj.map('pinned_hash');
          m.update(u32(1), u64(i));
          assert.is(readU64(m.lookup(u32(1))), BigInt(i));
          obj.unpinMaps();
        }, { pinRootPath: fs.dir });
        assert.is(pooledInstances(), before, `cycle ${i}: the instance went back to the pool`);
      }
    } finally {
      fs.cleanup();
    }
  });
}

test('the warm list does not keep a discarded instance alive', async () => {
  let ref;
  (() => {
    const inst = acquireInstance();
    afterBigWork(inst);
    assert.ok(isWarm(inst));
    // Whatever escapes a call discards the instance (as a trap does).
    try {
      inst.invoke('test', () => { throw new Error('escape'); });
    } catch (e) {
      assert.is(e.code, 'EWASMTRAP');
    }
    assert.ok(inst.broken);
    assert.not.ok(isWarm(inst));
    ref = new WeakRef(inst);
  })();
  for (let i = 0; i < 10 && ref.deref(); i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  assert.is(ref.deref(), undefined, 'the discarded instance was collected');
});

runWithFdCheck(test);
